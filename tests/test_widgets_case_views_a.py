"""从 m03 案例笔记本搬进 coursekit.widgets 的部件（春联、代发群、趣跑、纾困贷、以退为进）：
装的数与核心函数一致，控件一动结果按预期的方向变，坏参数在构造时就报 InputError；加进核心的结论有手算例子与性质测试。"""
from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coursekit import contribution, marketing
from coursekit.errors import InputError

# ---------------------------------------------------------------- 走访安排（m03-c01） ----
SWEEP, VISIT = "再扫一遍", "回访名单"


def _plans():
    return {SWEEP: {"people": 205, "visits_per_day": 164 / 12, "conversion": 0.02},
            VISIT: {"people": 29, "visits_per_day": 8, "conversion": 0.06}}


def test_visit_plans_says_which_plan_wins_and_what_fits():
    # 扫街 160 户、每人天 16 户、2%：10 人天、每人天 0.32 笔；回访 40 户、每人天 8 户、5%：5 人天、每人天 0.40 笔
    t = marketing.visit_plans({"扫街": {"people": 160, "visits_per_day": 16, "conversion": 0.02},
                               "回访": {"people": 40, "visits_per_day": 8, "conversion": 0.05}},
                              avg_loan=200_000, days_available=8)
    assert t.attrs["每人天借款最多"] == ("回访",) and t.attrs["可用人天"] == 8
    assert list(t["放得下"]) == [False, True]                    # 10 人天放不下 8 个，5 人天放得下
    # 回访转化率 4% 时每人天 0.32 笔，和扫街一样多：两种都列上
    tie = marketing.visit_plans({"扫街": {"people": 160, "visits_per_day": 16, "conversion": 0.02},
                                 "回访": {"people": 40, "visits_per_day": 8, "conversion": 0.04}}, avg_loan=200_000)
    assert tie.attrs["每人天借款最多"] == ("扫街", "回访") and "放得下" not in tie.columns
    with pytest.raises(InputError) as err:
        marketing.visit_plans(_plans(), avg_loan=200_000, days_available=0)
    assert err.value.field == "可用人天"


@settings(max_examples=60, deadline=None)
@given(people=st.lists(st.integers(1, 500), min_size=1, max_size=4), vpd=st.floats(0.5, 40),
       conv=st.floats(0, 1), days=st.floats(0.5, 500))
def test_visit_plans_best_is_the_highest_yield_and_fit_is_days_within_budget(people, vpd, conv, days):
    plans = {f"安排{i}": {"people": n, "visits_per_day": vpd * (i + 1) / 2, "conversion": conv / (i + 1)}
             for i, n in enumerate(people)}
    t = marketing.visit_plans(plans, avg_loan=100_000, days_available=days)
    best = t.loc[t["安排"].isin(t.attrs["每人天借款最多"]), "每人天借款笔数"]
    assert len(best) >= 1 and (best >= t["每人天借款笔数"].max() - 1e-9).all()
    assert list(t["放得下"]) == [d <= days for d in t["人天"]]


def _visit_view(**kw):
    from coursekit.widgets.marketing import VisitPlanView

    return VisitPlanView(_plans(), VISIT, days_available=14, avg_loan=200_000, **kw)


def test_visit_plan_view_matches_core_and_moves_with_the_sliders():
    w = _visit_view()
    expect = marketing.visit_plans(_plans(), avg_loan=200_000, days_available=14)
    pd.testing.assert_frame_equal(w.result, expect)
    assert w.result.attrs == expect.attrs and w.result["每人天借款笔数"].iloc[1] == pytest.approx(0.48)
    w.controls[f"成交率：{VISIT}"].value = 0.03              # 回访每人天 8 × 3% ＝ 0.24 笔，不如再扫一遍的 0.273 笔
    assert w.result["每人天借款笔数"].iloc[1] == pytest.approx(0.24)
    assert w.result.attrs["每人天借款最多"] == (SWEEP,)
    w.controls[f"成交率：{VISIT}"].value = 0.06
    w.controls["每人天户数"].value = 5                        # 追平门槛 ＝ 0.2733 ÷ 5 ＝ 5.47%
    assert w.result["追平第一种所需转化率"].iloc[1] == pytest.approx(164 / 12 * 0.02 / 5)
    assert w.result["人天"].iloc[1] == pytest.approx(29 / 5) and w.unexpected is None


def test_visit_plan_view_rejects_bad_arguments():
    with pytest.raises(InputError) as err:
        _visit_view(names={"不存在": "x"})
    assert err.value.field == "安排的简称"
    from coursekit.widgets.marketing import VisitPlanView

    with pytest.raises(InputError) as err:
        VisitPlanView(_plans(), "三扫", days_available=14, avg_loan=200_000)
    assert err.value.field == "拖动户数的安排"
    with pytest.raises(InputError) as err:
        VisitPlanView(_plans(), VISIT, days_available=-3, avg_loan=200_000)
    assert err.value.field == "可用人天"
