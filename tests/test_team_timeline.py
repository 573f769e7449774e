"""一位客户经理逐月的复盘时间线（team.manager_timeline）。"""
from __future__ import annotations

import pytest

from coursekit import team
from coursekit.datasets import teaching_bank
from coursekit.errors import InputError


@pytest.fixture(scope="module")
def bank():
    return teaching_bank()


def test_rows_are_the_monthly_review_rows(bank):
    t = team.manager_timeline(bank, "M07", "2024-03", "2024-04")
    march = team.monthly_review(bank, "2024-03").loc["M07"]
    row = t.set_index("月份").loc["2024-03"]
    assert list(t["月份"]) == ["2024-03", "2024-04"]
    for col in ("走访", "新放笔数", "应做贷后检查", "按时完成", "新增逾期笔数", "提醒"):
        assert row[col] == march[col]


def test_zhang_haos_year(bank):
    t = team.manager_timeline(bank, "M07")
    # 上半年每月按时率都低于八成，新放 30 笔；第一笔新增逾期在 7 月
    assert t.attrs["按时率最长连续低于提醒线"] == ("2024-01", "2024-06", 6)
    assert t.attrs["第一次新增逾期"] == "2024-07" and t.attrs["提前月数"] == 6
    assert t["新放笔数"].iloc[:6].sum() == 30
    h1 = t.iloc[:6]
    assert (h1["按时完成"].sum(), h1["应做贷后检查"].sum()) == (47, 86)


def test_no_overdue_means_no_lead(bank):
    t = team.manager_timeline(bank, "M03")
    assert t.attrs["第一次新增逾期"] is None and t.attrs["提前月数"] is None


def test_a_higher_floor_never_shortens_the_run(bank):
    lo = team.manager_timeline(bank, "M07", on_time_floor=0.6).attrs["按时率最长连续低于提醒线"]
    hi = team.manager_timeline(bank, "M07", on_time_floor=0.9).attrs["按时率最长连续低于提醒线"]
    assert (lo[2] if lo else 0) <= hi[2]


@pytest.mark.parametrize("kw, field", [
    (dict(manager_id="M99"), "客户经理编号"),
    (dict(manager_id="M07", start="2024-06", end="2024-01"), "结束月份"),
    (dict(manager_id="M07", start="2021-01", end="2024-12"), "结束月份"),
    (dict(manager_id="M07", on_time_floor=1.5), "贷后按时率提醒线"),
])
def test_bad_arguments_name_the_field(bank, kw, field):
    with pytest.raises(InputError) as e:
        team.manager_timeline(bank, **kw)
    assert e.value.field == field
