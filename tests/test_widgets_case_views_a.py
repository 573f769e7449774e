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


# ---------------------------------------------------------------- 代发员工群（m03-c02） ----
def _tiny_group():
    """两位员工；客户经理 20:00 发红包，月光族 20:30、23:30 各说一句，骨干 21:00 问一句。"""
    emp = pd.DataFrame({"person_id": ["a", "b"], "segment": ["月光族", "骨干"], "payroll_at_bank": [True, True],
                        "avg_deposit": [1_000.0, 50_000.0], "credit_card": [True, False],
                        "consumer_loan": [False, False], "wealth_balance": [0.0, 100_000.0]})
    groups = pd.DataFrame({"group_id": ["G"]})
    mem = pd.DataFrame({"group_id": ["G", "G"], "person_id": ["a", "b"],
                        "joined": pd.to_datetime(["2024-01-01"] * 2), "left": pd.to_datetime([None, None]),
                        "role": ["成员", "成员"]})
    times = pd.to_datetime(["2024-11-01 20:00", "2024-11-01 20:30", "2024-11-01 23:30", "2024-11-01 21:00"])
    msg = pd.DataFrame({"group_id": ["G"] * 4, "date": times.normalize(), "time": times,
                        "sender_id": ["m", "a", "a", "b"], "kind": ["红包", "发言", "发言", "咨询"]})
    return {"employees": emp, "wechat_groups": groups, "wechat_members": mem, "wechat_messages": msg}


def test_group_by_segment_totals_hand_example():
    three = marketing.group_by_segment(_tiny_group(), "G", window_days=184, chatter_hours=3.0)
    assert three.attrs == {"发言条数": 2, "不算抢红包的发言": 1}     # 20:30 那句在红包后 3 小时以内
    zero = marketing.group_by_segment(_tiny_group(), "G", window_days=184, chatter_hours=0.0)
    assert zero.attrs == {"发言条数": 2, "不算抢红包的发言": 2}       # 口径为 0：全部算数
    four = marketing.group_by_segment(_tiny_group(), "G", window_days=184, chatter_hours=4.0)
    assert four.attrs["不算抢红包的发言"] == 0


@settings(max_examples=10, deadline=None)
@given(short=st.floats(0, 36), extra=st.floats(0, 36))
def test_group_by_segment_longer_window_never_leaves_more_real_talk(short, extra):
    school = _school()
    a = marketing.group_by_segment(school, "W01", chatter_hours=short)
    b = marketing.group_by_segment(school, "W01", chatter_hours=short + extra)
    assert a.attrs["发言条数"] == b.attrs["发言条数"] == int(a["发言条数"].sum())
    assert b.attrs["不算抢红包的发言"] <= a.attrs["不算抢红包的发言"] == int(a["不算抢红包的发言"].sum())


_SCHOOL = {}


def _school():
    if "s" not in _SCHOOL:
        from coursekit.datasets import school_payroll_group

        _SCHOOL["s"] = school_payroll_group(0)
    return _SCHOOL["s"]


def test_payroll_group_view_matches_core_and_moves_with_the_sliders():
    from coursekit.widgets.marketing import PayrollGroupView

    w = PayrollGroupView(_school(), "W01", window_days=184)
    pd.testing.assert_frame_equal(w.result, marketing.group_by_segment(_school(), "W01", window_days=184))
    assert w.result.attrs == {"发言条数": 2_884, "不算抢红包的发言": 95}
    w.controls["抢红包口径"].value = 0.0                    # 支行体检的口径：发言全部算数
    assert w.result.attrs["不算抢红包的发言"] == 2_884 and (w.result["活跃占比"] == 1).all()
    before = w.result.loc["骨干", "人均年贡献"]
    w.controls["存款利差"].value = 0.005
    expect = marketing.payroll_value(_school()["employees"], deposit_spread=0.005).loc["骨干", "人均贡献"]
    assert w.result.loc["骨干", "人均年贡献"] == pytest.approx(expect) and expect < before
    assert w.unexpected is None


def test_payroll_group_view_rejects_bad_arguments():
    from coursekit.widgets.marketing import PayrollGroupView

    with pytest.raises(InputError) as err:
        PayrollGroupView(_school(), "W99")
    assert err.value.field == "群号"
    with pytest.raises(InputError) as err:
        PayrollGroupView(_school(), "W01", chatter_hours=-1)
    assert err.value.field == "红包后多少小时算抢红包"


# ---------------------------------------------------------------- 活动的提升值不值（m03-c03） ----
def _lift(loan=1_000_000.0, deposit=2_000_000.0):
    return pd.DataFrame({"借款金额": [loan], "存款增量": [deposit]}, index=["提升"])


def test_lift_value_says_whether_it_pays_hand_example():
    # 贷款 100 万 × 2% ＝ 2 万；存款 200 万 × 1.2% ＝ 2.4 万；成本 3 万 ＋ 10 人天 × 1,000 ＝ 4 万
    full = marketing.lift_value(_lift(), cost=30_000, officer_days=10)
    assert full["12 个月贡献"] == pytest.approx(44_000) and full["每元贡献"] == pytest.approx(1.1)
    assert full.attrs["够本"] is True and full["存款打平所需比例"] == pytest.approx(20_000 / 24_000)
    half = marketing.lift_value(_lift(), cost=30_000, officer_days=10, deposit_share=0.5)   # 3.2 万 ÷ 4 万 ＝ 0.8 元
    assert half["每元贡献"] == pytest.approx(0.8) and half.attrs["够本"] is False


@settings(max_examples=80, deadline=None)
@given(loan=st.floats(0, 5e6), dep=st.floats(1e3, 5e6), cost=st.floats(0, 1e5), days=st.floats(1, 30),
       share=st.floats(0, 1))
def test_lift_value_pays_exactly_when_the_share_reaches_break_even(loan, dep, cost, days, share):
    r = marketing.lift_value(_lift(loan, dep), cost=cost, officer_days=days, deposit_share=share)
    assert r.attrs["够本"] == (r["每元贡献"] >= 1)
    if abs(share - r["存款打平所需比例"]) > 1e-6:
        assert r.attrs["够本"] == (share > r["存款打平所需比例"])


def test_lift_value_view_matches_core_and_moves_with_the_sliders():
    from coursekit.widgets.marketing import LiftValueView

    w = LiftValueView(_lift(), cost=30_000, officer_days=10, deposit_share=0.5, event="趣跑")
    expect = marketing.lift_value(_lift(), cost=30_000, officer_days=10, deposit_share=0.5)
    pd.testing.assert_series_equal(w.result, expect)
    assert w.result.attrs == {"够本": False}
    w.controls["存款提升算给活动"].value = 1.0
    assert w.result["每元贡献"] == pytest.approx(1.1) and w.result.attrs["够本"] is True
    w.controls["活动费用（万元）"].value = 2.0                 # 成本 2 万 ＋ 1 万 ＝ 3 万：打平只要 (3 − 2) ÷ 2.4
    assert w.result["全部成本"] == pytest.approx(30_000)
    assert w.result["存款打平所需比例"] == pytest.approx(10_000 / 24_000)
    w.controls["存款利差"].value = 0.006                       # 存款部分减半：4.4 万 → 3.2 万
    assert w.result["12 个月贡献"] == pytest.approx(32_000) and w.unexpected is None


def test_lift_value_view_rejects_bad_arguments():
    from coursekit.widgets.marketing import LiftValueView

    with pytest.raises(InputError) as err:
        LiftValueView(_lift(), cost=-1, officer_days=10)
    assert err.value.field == "活动费用"
    with pytest.raises(InputError) as err:
        LiftValueView(_lift(), cost=30_000, officer_days=10, event=" ")
    assert err.value.field == "活动的称呼"


# ---------------------------------------------------------------- 放款窗口与上门能力（m03-c04） ----
RATES = dict(bad_rate_visited=1 / 106, bad_rate_unvisited=10 / 74, avg_amount=85_000.0)


def test_visit_capacity_view_matches_core_and_moves_with_the_sliders():
    from coursekit.widgets.marketing import VisitCapacityView

    w = VisitCapacityView(180, officers=6, working_days=9, visits_per_day=2.0, **RATES)
    pd.testing.assert_series_equal(w.result, marketing.visit_capacity(180, 6, 9, 2.0, *RATES.values()))
    # 6 × 9 × 2 ＝ 108 户上门：108 × 1/106 ＋ 72 × 10/74
    assert w.result["预计变坏笔数"] == pytest.approx(108 / 106 + 72 * 10 / 74)
    w.controls["放款窗口"].value = 15                          # 6 × 15 × 2 ＝ 180：全部上得了门
    assert w.result["没上门户数"] == 0 and w.result["预计变坏笔数"] == pytest.approx(180 / 106)
    w.controls["客户经理人数"].value = 3                       # 3 × 15 × 2 ＝ 90
    assert w.result["能上门户数"] == 90
    w.controls["每人每天上门户数"].value = 4.0                 # 3 × 15 × 4 ＝ 180
    assert w.result["没上门户数"] == 0 and w.unexpected is None


def test_visit_capacity_view_rejects_bad_arguments():
    from coursekit.widgets.marketing import VisitCapacityView

    with pytest.raises(InputError) as err:
        VisitCapacityView(180, officers=0, working_days=9, visits_per_day=2.0, **RATES)
    assert err.value.field == "客户经理人数"
    with pytest.raises(InputError) as err:
        VisitCapacityView(180, officers=6, working_days=300, visits_per_day=2.0, **RATES)
    assert err.value.field == "放款窗口（工作日）"


# ---------------------------------------------------------------- 以退为进（m03-c06） ----
def test_concession_paths_better_hand_example():
    # 全套 3 万、一小块 0.6 万：坚持全套 3 年 ＝ 0.1 × 3 × 3 万 ＝ 0.9 万；
    # 先退一步 ＝ 0.7 ×（0.6 万 ＋ 2 ×（0.4 × 3 万 ＋ 0.6 × 0.6 万））＝ 0.7 × 3.72 万 ＝ 2.604 万
    r = contribution.concession_paths(30_000, 6_000, p_full=0.1, p_partial=0.7, p_upgrade=0.4, years=3)
    assert r.hold_total == pytest.approx(9_000) and r.concede_total == pytest.approx(26_040)
    assert r.better == "先退一步"
    sure = contribution.concession_paths(30_000, 6_000, p_full=0.3, p_partial=0.7, p_upgrade=0.4, years=3)
    assert sure.hold_total == pytest.approx(27_000) and sure.better == "坚持全套"
    # 恰好打平（1.2 万 × 3 × 把握 ＝ 先退一步）时算先退一步
    even = contribution.concession_paths(10_000, 10_000, p_full=0.5, p_partial=0.5, p_upgrade=0.0, years=2)
    assert even.hold_total == even.concede_total and even.better == "先退一步"


@settings(max_examples=80, deadline=None)
@given(full=st.floats(1, 1e6), part=st.floats(-1e5, 1e6), pf=st.floats(0, 1), pp=st.floats(0, 1), pu=st.floats(0, 1),
       years=st.integers(1, 10))
def test_concession_paths_better_sides_with_break_even(full, part, pf, pp, pu, years):
    r = contribution.concession_paths(full, part, p_full=pf, p_partial=pp, p_upgrade=pu, years=years)
    assert r.better == ("坚持全套" if r.hold_total > r.concede_total else "先退一步")
    # 离打平点够远时，把握过了打平点就该坚持全套；金额按分取整，每年最多差半分，打平点因此可差 0.005 ÷ 全套贡献
    if abs(pf - r.break_even_p_full) > 1e-6 + 0.01 / full:
        assert (r.better == "坚持全套") == (pf > r.break_even_p_full)


def test_concession_paths_view_matches_core_and_moves_with_the_sliders():
    from coursekit.widgets.contribution import ConcessionPathsView

    w = ConcessionPathsView(30_000, 6_000, p_full=0.1, p_partial=0.7, p_upgrade=0.4)
    expect = contribution.concession_paths(30_000, 6_000, p_full=0.1, p_partial=0.7, p_upgrade=0.4)
    pd.testing.assert_frame_equal(w.result.table, expect.table)
    assert (w.result.hold_total, w.result.concede_total, w.result.concession_cost, w.result.break_even_p_full) == \
        (expect.hold_total, expect.concede_total, expect.concession_cost, expect.break_even_p_full)
    assert w.result.better == "先退一步"
    w.controls["答应全套的把握"].value = 0.3
    assert w.result.hold_total == pytest.approx(27_000) and w.result.better == "坚持全套"
    w.controls["第二年起搬来全套的把握"].value = 0.0          # 先退一步 ＝ 0.7 × 3 × 0.6 万 ＝ 1.26 万；打平 1.26 ÷ 9 ＝ 14%
    assert w.result.concede_total == pytest.approx(12_600) and w.result.break_even_p_full == pytest.approx(0.14)
    w.controls["答应一小块的把握"].value = 0.4
    assert w.result.concede_total == pytest.approx(7_200) and w.unexpected is None


def test_concession_paths_view_rejects_bad_arguments():
    from coursekit.widgets.contribution import ConcessionPathsView

    with pytest.raises(InputError) as err:
        ConcessionPathsView(30_000, 6_000, p_full=1.5, p_partial=0.7, p_upgrade=0.4)
    assert err.value.field == "客户答应全套的把握"
    with pytest.raises(InputError) as err:
        ConcessionPathsView(0, 6_000, p_full=0.1, p_partial=0.7, p_upgrade=0.4)
    assert err.value.field == "全套方案的年贡献"
