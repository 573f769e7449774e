"""交接排期：最早期限优先、每周容量、晚到与走不完的户数。"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coursekit import kyc
from coursekit.errors import InputError

MONDAY = dt.date(2025, 1, 6)


def _book():
    return pd.DataFrame({"客户": ["甲", "乙", "丙", "丁", "戊"],
                         "到期日": [None, "2025-03-10", "2025-01-27", None, "2025-02-24"]})


def test_earliest_deadline_first_and_weekly_capacity():
    # 1 组、每周 1 天、每天 2 户：每周 2 户。最晚上门日：丙 12-28（开始前已过）、戊 01-25、乙 02-08
    r = kyc.handover_schedule(_book(), MONDAY, officers=1, visit_days_per_week=1, visits_per_day=2, lead_days=30,
                              window_weeks=2)
    assert r["客户"].tolist() == ["丙", "戊", "乙", "甲", "丁"]
    assert r["上门周"].tolist() == [1, 1, 2, 2, 3]
    assert r.attrs["每周上门户数"] == 2 and r.attrs["需要周数"] == 3 and r.attrs["交接期内走不到的户数"] == 1
    # 丙在交接开始前已过最晚上门日，第 1 周去，不算排期的拖延；乙第 2 周（01-13）去，早于 02-08
    assert r.attrs["开始前已过期户数"] == 1 and r.attrs["晚到户数"] == 0
    assert r.loc[r["客户"] == "丁", "上门周的周一"].iloc[0] == pd.Timestamp("2025-01-20")


def test_lateness_counts_days_after_the_latest_visit_date():
    # 每周 1 户、到期前 60 天：丙最晚 2024-11-28、戊 2024-12-26 都在开始（01-06）之前，从开始日算；
    # 丙第 1 周不晚，戊第 2 周（01-13）晚 7 天；乙最晚 01-09，排第 3 周（01-20），晚 11 天
    r = kyc.handover_schedule(_book(), MONDAY, officers=1, visit_days_per_week=1, visits_per_day=1, lead_days=60)
    late = r.set_index("客户")["晚了几天"]
    assert late["丙"] == 0 and late["戊"] == 7 and late["乙"] == 11 and r.attrs["晚到户数"] == 2
    assert r.attrs["开始前已过期户数"] == 2


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 4), st.integers(1, 5), st.integers(1, 6), st.integers(0, 90))
def test_every_customer_is_scheduled_once_within_capacity(off, days, per_day, lead):
    book = pd.DataFrame({"客户": [f"C{i:03d}" for i in range(60)],
                         "到期日": [None if i % 3 else f"2025-{1 + i % 12:02d}-15" for i in range(60)]})
    r = kyc.handover_schedule(book, MONDAY, officers=off, visit_days_per_week=days, visits_per_day=per_day,
                              lead_days=lead)
    assert sorted(r["客户"]) == sorted(book["客户"])
    assert r.groupby("上门周").size().max() <= off * days * per_day
    # 有期限的户都排在没有期限的户前面
    has_due = r["到期日"].notna().to_numpy()
    assert not (has_due[1:] & ~has_due[:-1]).any()


def test_handover_schedule_refuses_bad_input():
    with pytest.raises(InputError, match="客户表"):
        kyc.handover_schedule(pd.DataFrame({"名字": ["甲"]}), MONDAY)
    with pytest.raises(InputError, match="客户"):
        kyc.handover_schedule(pd.DataFrame({"客户": ["甲", "甲"]}), MONDAY)
    with pytest.raises(InputError, match="到期日"):
        kyc.handover_schedule(pd.DataFrame({"客户": ["甲"], "到期日": ["下个月"]}), MONDAY)
    with pytest.raises(InputError, match="每周上门天数"):
        kyc.handover_schedule(_book(), MONDAY, visit_days_per_week=9)


def test_handover_plan_view_is_thin():
    from coursekit.widgets.kyc import HandoverPlanView

    w = HandoverPlanView(_book(), MONDAY, officers=1, visit_days_per_week=1, visits_per_day=2, window_weeks=2)
    assert w.result.attrs["需要周数"] == 3
    w.controls["每天上门户数"].value = 5
    assert w.result.attrs["需要周数"] == 1 and w.result.attrs["交接期内走不到的户数"] == 0 and w.unexpected is None
