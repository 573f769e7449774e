"""按订货记录定额度：手算例子、旺季基数、档位户数、与 batch_credit_plan 的衔接、坏输入。"""
from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coursekit import marketing as mk
from coursekit.errors import InputError


def _shops():
    return pd.DataFrame({"零售户": ["小卖部", "便利店", "烟酒店", "断货户", "将到期", "太小"],
                         "近12月订货额": [96_000, 240_000, 600_000, 300_000, 300_000, 30_000],
                         "订货月数": [12, 12, 12, 7, 12, 12],
                         "最近一月订货额": [16_800, 43_200, 114_000, 20_000, 25_000, 2_500],
                         "许可证剩余月数": [40, 20, 36, 30, 6, 30]})


def test_hand_example_average_base():
    r = mk.order_limits(_shops(), months_cover=3, max_limit=200_000, step=10_000).set_index("零售户")
    # 96,000 ÷ 12 × 3 = 24,000 → 2 万元；240,000 ÷ 12 × 3 = 60,000；600,000 ÷ 12 × 3 = 150,000
    assert r.loc["小卖部", "额度"] == 20_000 and r.loc["便利店", "额度"] == 60_000 and r.loc["烟酒店", "额度"] == 150_000
    assert r.loc["断货户", "原因"] == "订货不连续" and r.loc["断货户", "额度"] == 0
    assert r.loc["将到期", "原因"] == "许可证先于贷款到期"
    assert r.loc["太小", "原因"] == "额度太小"            # 2,500 × 3 = 7,500，不到 1 万元
    assert math.isclose(r.loc["便利店", "旺季倍数"], 43_200 / 20_000)
    assert r["入选"].sum() == 3


def test_peak_month_base_inflates_and_hits_cap():
    r = mk.order_limits(_shops(), months_cover=3, base="最近一月").set_index("零售户")
    # 16,800 × 3 = 50,400 → 5 万元；43,200 × 3 = 129,600 → 12 万元；114,000 × 3 = 342,000 → 上限 20 万元
    assert r.loc["小卖部", "额度"] == 50_000 and r.loc["便利店", "额度"] == 120_000 and r.loc["烟酒店", "额度"] == 200_000


def test_credit_plan_uses_household_weights():
    tiers = _shops().iloc[:3].assign(户数=[300, 160, 80])
    lim = mk.order_limits(tiers)
    plan = mk.order_credit_plan(lim, approval_rate=1.0, take_up=0.4, distance_km=0, setup_cost=0)
    assert plan.inputs["households"] == 540
    # (300 × 2 + 160 × 6 + 80 × 15) 万元 ÷ 540 户
    assert math.isclose(plan.inputs["avg_limit"], 27_600_000 / 540)
    direct = mk.batch_credit_plan(540, approval_rate=1.0, avg_limit=27_600_000 / 540, take_up=0.4, distance_km=0,
                                  setup_cost=0)
    assert math.isclose(plan.contribution, direct.contribution)


@settings(max_examples=40, deadline=None)
@given(st.floats(0.5, 12.0), st.floats(0.5, 12.0))
def test_limits_monotone_in_cover_and_capped(a, b):
    lo, hi = sorted((a, b))
    r_lo, r_hi = mk.order_limits(_shops(), months_cover=lo), mk.order_limits(_shops(), months_cover=hi)
    assert (r_lo["额度"].to_numpy() <= r_hi["额度"].to_numpy() + 1e-9).all()
    assert (r_hi["额度"] <= 200_000).all() and (r_hi["额度"] % 10_000 == 0).all()


@pytest.mark.parametrize("kwargs, field", [({"months_cover": 0}, "额度覆盖月数"), ({"months_cover": 13}, "额度覆盖月数"),
                                           ({"base": "旺季"}, "额度基数"), ({"step": 0}, "额度取整单位"),
                                           ({"min_order_months": 13}, "最少订货月数")])
def test_bad_options(kwargs, field):
    with pytest.raises(InputError) as e:
        mk.order_limits(_shops(), **kwargs)
    assert field in str(e.value)


def test_bad_tables():
    with pytest.raises(InputError, match="订货月数"):
        mk.order_limits(_shops().assign(订货月数=13))
    with pytest.raises(InputError, match="户数"):
        mk.order_limits(_shops().assign(户数=0.5))
    lim = mk.order_limits(_shops().assign(订货月数=0))
    with pytest.raises(InputError, match="没有入选"):
        mk.order_credit_plan(lim)
    with pytest.raises(InputError, match="户数与户均额度"):
        mk.order_credit_plan(mk.order_limits(_shops()), avg_limit=1)
