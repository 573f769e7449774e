"""m02-c25：发券拉来的人按来路算一年的账（手算的例子）。"""
from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from coursekit import marketing
from coursekit.errors import InputError


def _cohorts():
    return pd.DataFrame({"来路": ["老客户", "外地"], "人数": [100, 50], "新开户": [0, 50], "领券金额": [10_000, 8_000],
                         "券停后仍用卡": [60, 2], "每个留下的人存款增量": [5_000, 100], "贷款余额": [200_000, 0],
                         "需复核的异地新开户": [0, 50]})


def test_hand_computed_year():
    r = marketing.coupon_cohort_value(_cohorts(), deposit_spread=0.015, loan_margin=0.02).set_index("来路")
    # 老客户：60 × 5,000 × 1.5% ＝ 4,500；贷款 20 万 × 2% ＝ 4,000；一年 8,500；净值 8,500 − 10,000 ＝ −1,500
    assert r.loc["老客户", "一年贡献"] == pytest.approx(8_500) and r.loc["老客户", "净值"] == pytest.approx(-1_500)
    assert r.loc["老客户", "每元券换回"] == pytest.approx(0.85)
    # 外地：2 × 100 × 1.5% ＝ 3；睡眠账户 48 × 20 ＝ 960；净值 3 − 8,000 − 960
    assert r.loc["外地", "睡眠账户成本"] == pytest.approx(960) and r.loc["外地", "净值"] == pytest.approx(-8_957)
    assert r.loc["合计", "人数"] == 150 and r.loc["合计", "留存比例"] == pytest.approx(62 / 150)
    assert r.loc["合计", "需复核的异地新开户"] == 50


def test_assumed_retention_replaces_the_measured_one():
    r = marketing.coupon_cohort_value(_cohorts(), deposit_spread=0.015, loan_margin=0.02,
                                      retention={"老客户": 0.3}).set_index("来路")
    assert r.loc["老客户", "留下的人"] == pytest.approx(30) and r.loc["老客户", "一年贡献"] == pytest.approx(2_250 + 4_000)


@given(st.floats(0, 1), st.floats(0, 1))
def test_more_retention_never_lowers_the_value(a, b):
    lo, hi = sorted((a, b))
    f = lambda x: marketing.coupon_cohort_value(_cohorts(), deposit_spread=0.015, loan_margin=0.02,
                                                retention={"外地": x}).set_index("来路").loc["外地", "净值"]
    assert f(hi) >= f(lo) - 1e-9


def test_refuses_bad_input():
    with pytest.raises(InputError, match="券停后仍用卡"):
        marketing.coupon_cohort_value(_cohorts().assign(券停后仍用卡=[200, 2]), deposit_spread=0.015, loan_margin=0.02)
    with pytest.raises(InputError, match="留存比例"):
        marketing.coupon_cohort_value(_cohorts(), deposit_spread=0.015, loan_margin=0.02, retention={"本地": 0.5})
    with pytest.raises(InputError, match="来路表"):
        marketing.coupon_cohort_value(_cohorts().drop(columns="贷款余额"), deposit_spread=0.015, loan_margin=0.02)
    with pytest.raises(InputError, match="来路"):
        marketing.coupon_cohort_value(_cohorts().assign(来路=["老客户", "老客户"]), deposit_spread=0.015,
                                      loan_margin=0.02)


def test_coupon_cohort_view_moves_the_key_retention():
    from coursekit.widgets.marketing import CouponCohortView

    w = CouponCohortView(_cohorts(), "老客户", deposit_spread=0.015, loan_margin=0.02)
    assert w.controls["留存比例"].value == pytest.approx(0.6)
    w.controls["留存比例"].value = 0.3
    assert w.result.set_index("来路").loc["老客户", "一年贡献"] == pytest.approx(6_250) and w.unexpected is None
    with pytest.raises(InputError, match="拖动的来路"):
        CouponCohortView(_cohorts(), "没有", deposit_spread=0.015, loan_margin=0.02)
