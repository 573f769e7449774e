"""一组顾问式活动的预算测算：手算例子、打平点、性质与坏输入。"""
from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coursekit import marketing as mk
from coursekit.errors import InputError


def test_hand_example():
    r = mk.series_plan(6, 40, 0.5, 0.05, 12_000, 5, 5_000, day_cost=1_000)
    # 240 人次，120 位经营者，6 个好客户；成本 6 × (12,000 + 5,000) = 102,000
    assert r["到场人次"] == 240 and r["其中经营者"] == 120 and math.isclose(r["预计好客户"], 6)
    assert r["全部成本"] == 102_000 and math.isclose(r["每个好客户的成本"], 17_000)
    assert math.isclose(r["净贡献"], 6 * 5_000 - 102_000)
    assert math.isclose(r["打平所需转化率"], 102_000 / (120 * 5_000))   # 17%


def test_break_even_conversion_gives_zero_net():
    r = mk.series_plan(4, 30, 0.7, 0.02, 9_000, 3, 6_000)
    at = mk.series_plan(4, 30, 0.7, r["打平所需转化率"], 9_000, 3, 6_000)
    assert abs(at["净贡献"]) < 1e-6


def test_break_even_share_gives_zero_net():
    r = mk.series_plan(6, 45, 0.5, 0.1, 4_000, 3, 3_000)
    # 42,000 ÷ (270 × 0.1 × 3,000) ≈ 0.5185
    assert abs(r["打平所需经营者占比"] - 42_000 / 81_000) < 1e-12
    at = mk.series_plan(6, 45, r["打平所需经营者占比"], 0.1, 4_000, 3, 3_000)
    assert abs(at["净贡献"]) < 1e-6


def test_no_good_customers_is_infinite_cost():
    r = mk.series_plan(2, 40, 0.0, 0.1, 10_000, 2, 5_000)
    assert r["预计好客户"] == 0 and math.isinf(r["每个好客户的成本"]) and math.isinf(r["打平所需转化率"])
    assert math.isclose(r["打平所需经营者占比"], 2 * 12_000 / (80 * 0.1 * 5_000))   # 占比为 0，打平占比照样算得出


@settings(max_examples=40, deadline=None)
@given(st.floats(0.05, 1.0), st.floats(0.05, 1.0), st.floats(0.001, 0.3))
def test_more_owners_never_cost_more_per_customer(a, b, conv):
    lo, hi = sorted((a, b))
    r_lo = mk.series_plan(6, 40, lo, conv, 12_000, 5, 5_000)
    r_hi = mk.series_plan(6, 40, hi, conv, 12_000, 5, 5_000)
    assert r_hi["每个好客户的成本"] <= r_lo["每个好客户的成本"] + 1e-6
    assert r_hi["打平所需转化率"] <= r_lo["打平所需转化率"] + 1e-12


@pytest.mark.parametrize("args, field", [((0, 40, 0.5, 0.05, 1, 1, 1), "场次"), ((6, 0, 0.5, 0.05, 1, 1, 1), "每场到场人数"),
                                         ((6, 40, 1.5, 0.05, 1, 1, 1), "经营者占比"),
                                         ((6, 40, 0.5, -0.1, 1, 1, 1), "转化率"),
                                         ((6, 40, 0.5, 0.05, -1, 1, 1), "每场费用")])
def test_bad_inputs(args, field):
    with pytest.raises(InputError) as e:
        mk.series_plan(*args)
    assert field in str(e.value)
