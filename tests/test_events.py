"""coursekit.events：一场活动按邀请渠道的漏斗、成本，和下一场的计划。"""
import math

import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from coursekit import events as ev
from coursekit.errors import InputError


def _tea():
    return pd.DataFrame({"渠道": ["群通知", "带一位"], "邀请": [100, 10], "邀请人天": [0.5, 2.0],
                         "到场": [30, 10], "申请": [10, 5], "获批": [2, 4], "用信": [2, 4], "好客户": [1, 4],
                         "余额": [600_000.0, 1_200_000.0]})


def test_hand_computed_costs_and_rates():
    f = ev.event_funnel(_tea(), fixed_cost=2_000, per_guest=100, event_days=2, review_days=1.0, decline_days=0.5,
                        day_cost=1_000).set_index("渠道")
    # 场地与当天 4,000 元按到场 30 : 10 分摊
    assert f.loc["群通知", "场地与当天"] == pytest.approx(3_000) and f.loc["带一位", "场地与当天"] == pytest.approx(1_000)
    # 群通知：茶点 3,000；邀请 500；调查 2 × 1 ＋ 8 × 0.5 ＝ 6 人天 → 6,000；合计 12,500，1 个好客户
    assert f.loc["群通知", "调查人天"] == pytest.approx(6.0)
    assert f.loc["群通知", "全部成本"] == pytest.approx(3_000 + 3_000 + 500 + 6_000)
    assert f.loc["群通知", "每个好客户成本"] == pytest.approx(12_500)
    # 带一位：1,000 ＋ 1,000 ＋ 2,000 ＋（4 ＋ 0.5）× 1,000 ＝ 8,500；4 个好客户
    assert f.loc["带一位", "每个好客户成本"] == pytest.approx(8_500 / 4)
    assert f.loc["合计", "全部成本"] == pytest.approx(21_000) and f.loc["合计", "好客户"] == 5
    assert f.loc["合计", "申请率"] == pytest.approx(15 / 40) and f.loc["带一位", "获批率"] == pytest.approx(0.8)
    assert f.loc["合计", "一年利差"] == pytest.approx(1_800_000 * 0.02)


def test_no_good_customer_gives_an_empty_cost_not_infinity():
    t = _tea()
    t.loc[0, ["获批", "用信", "好客户", "余额"]] = [0, 0, 0, 0.0]
    f = ev.event_funnel(t, fixed_cost=0, per_guest=0).set_index("渠道")
    assert pd.isna(f.loc["群通知", "每个好客户成本"]) and f.loc["群通知", "获批率"] == 0


def test_plan_with_last_rates_reproduces_last_event():
    costs = dict(fixed_cost=2_000, per_guest=100, event_days=2, decline_days=0.5)
    f = ev.event_funnel(_tea(), **costs)
    p = ev.event_plan(f, {r.渠道: {"邀请": r.邀请, "邀请人天": r.邀请人天} for r in _tea().itertuples()}, **costs)
    cols = ["到场", "申请", "获批", "用信", "好客户", "余额", "全部成本"]
    pd.testing.assert_frame_equal(p[cols], f[cols], check_exact=False)


def test_plan_override_moves_only_its_channel():
    f = ev.event_funnel(_tea(), fixed_cost=0, per_guest=0)
    p = ev.event_plan(f, {"带一位": {"邀请": 20, "邀请人天": 3, "申请率": 0.25}}, fixed_cost=0, per_guest=0)
    row = p.set_index("渠道").loc["带一位"]
    # 到场率 1.0 → 20 人；申请 5；获批率 0.8 → 4；用信率 1 → 4；户均余额 30 万 → 120 万
    assert row["到场"] == pytest.approx(20) and row["申请"] == pytest.approx(5) and row["余额"] == pytest.approx(1_200_000)
    assert list(p["渠道"]) == ["带一位", "合计"]


def test_new_channel_needs_all_rates():
    f = ev.event_funnel(_tea(), fixed_cost=0, per_guest=0)
    with pytest.raises(InputError):
        ev.event_plan(f, {"新渠道": {"邀请": 10, "邀请人天": 1, "到场率": 0.5}}, fixed_cost=0, per_guest=0)
    ok = ev.event_plan(f, {"新渠道": {"邀请": 10, "邀请人天": 1, "到场率": 0.5, "申请率": 0.4, "获批率": 0.5,
                                   "用信率": 1.0, "好客户率": 1.0, "户均余额": 100_000}}, fixed_cost=0, per_guest=0)
    assert ok.set_index("渠道").loc["新渠道", "好客户"] == pytest.approx(1.0)


@pytest.mark.parametrize("change", [
    {"获批": [11, 4]},            # 获批多于申请
    {"余额": [600_000.0, -1.0]},
    {"渠道": ["群通知", "群通知"]},
    {"渠道": ["合计", "带一位"]},
    {"到场": ["三十", 10]},
])
def test_bad_tables_raise(change):
    t = _tea().assign(**change)
    with pytest.raises(InputError):
        ev.event_funnel(t, fixed_cost=0, per_guest=0)


def test_bad_costs_raise():
    with pytest.raises(InputError):
        ev.event_funnel(_tea(), fixed_cost=-1, per_guest=0)
    with pytest.raises(InputError):
        ev.event_funnel(_tea(), fixed_cost=0, per_guest=0, review_days={"群通知": 1})   # 缺“带一位”
    with pytest.raises(InputError):
        ev.event_funnel(_tea().iloc[:0], fixed_cost=0, per_guest=0)


@settings(max_examples=60, deadline=None)
@given(n=st.lists(st.tuples(st.integers(0, 200), st.floats(0, 1), st.floats(0, 1), st.floats(0, 1)),
                  min_size=1, max_size=4),
       fixed=st.floats(0, 10_000), pg=st.floats(0, 500), rd=st.floats(0, 3), dd=st.floats(0, 3))
def test_channel_costs_add_up_to_the_total(n, fixed, pg, rd, dd):
    rows = []
    for i, (inv, a, b, c) in enumerate(n):
        came = math.floor(inv * a)
        applied = math.floor(came * b)
        approved = math.floor(applied * c)
        rows.append({"渠道": f"渠道{i}", "邀请": inv, "邀请人天": 0.1 * i, "到场": came, "申请": applied,
                     "获批": approved, "用信": approved, "好客户": approved, "余额": 100_000.0 * approved})
    t = pd.DataFrame(rows)
    if t["到场"].sum() == 0:
        fixed = 0.0
    f = ev.event_funnel(t, fixed_cost=fixed, per_guest=pg, review_days=rd, decline_days=dd)
    body, total = f.iloc[:-1], f.iloc[-1]
    assert body["全部成本"].sum() == pytest.approx(total["全部成本"], rel=1e-9, abs=1e-6)
    assert total["全部成本"] == pytest.approx(fixed + pg * t["到场"].sum() + 1_000 * (t["邀请人天"].sum() + (
        rd * t["获批"] + dd * (t["申请"] - t["获批"])).sum()), rel=1e-9, abs=1e-6)


def test_event_plan_view_moves_the_key_channel():
    from coursekit.widgets.events import EventPlanView

    costs = dict(fixed_cost=2_000, per_guest=100, event_days=2, decline_days=0.5)
    f = ev.event_funnel(_tea(), **costs)
    plan = {"群通知": {"邀请": 100, "邀请人天": 0.5}, "带一位": {"邀请": 20, "邀请人天": 4}}
    w = EventPlanView(f, plan, key="带一位", costs=costs)
    pd.testing.assert_frame_equal(w.result, ev.event_plan(f, plan, **costs))
    w.controls["申请率"].value = 0.25
    row = w.result.set_index("渠道").loc["带一位"]
    assert row["申请"] == pytest.approx(20 * 1.0 * 0.25) and row["好客户"] == pytest.approx(5 * 0.8)
    w.controls["邀请人数"].value = 0
    assert w.error is None and pd.isna(w.result.set_index("渠道").loc["带一位", "每个好客户成本"])
    with pytest.raises(InputError):
        EventPlanView(f, plan, key="没有", costs=costs)

