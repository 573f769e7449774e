"""chamber_fund_record：商会互助金账本读成会员还款记录（m02-c14）。数值为手算。"""
import pandas as pd
import pytest

from coursekit import marketing as mk
from coursekit.errors import InputError


def _ledger(**over):
    row = {"会员": ["甲", "甲", "乙", "乙", "乙", "丙", "丁"],
           "用途": ["转贷过桥", "进货", "转贷过桥", "转贷过桥", "进货", "进货", "转贷过桥"],
           "金额": [100_000, 200_000, 50_000, 50_000, 50_000, 300_000, 80_000],
           "迟还天数": [0, 12, 20, 30, 5, 0, 0],
           "已还清": ["是", "是", "是", "是", "是", "是", "否"]}
    row.update(over)
    return pd.DataFrame(row)


def test_hand_computed_classes_and_totals():
    r = mk.chamber_fund_record(_ledger(), late_tolerance_days=10)
    # 甲：迟还 12 天 > 10 → 1 笔迟还，偶有迟还；乙：20、30 天两笔 → 屡次迟还（5 天不算）；丙：按时；丁：未还清
    assert list(r.index) == ["丙", "甲", "乙", "丁"]
    assert list(r["分类"].astype(str)) == ["按时还款", "偶有迟还", "屡次迟还", "未还清"]
    assert r.loc["甲", "合计金额"] == 300_000 and r.loc["甲", "最大单笔"] == 200_000
    assert r.loc["乙", "借用次数"] == 3 and r.loc["乙", "过桥次数"] == 2 and r.loc["乙", "迟还次数"] == 2
    assert r.loc["乙", "最长迟还天数"] == 30 and r.loc["丁", "未还清笔数"] == 1 and r.loc["丁", "过桥次数"] == 1
    assert r.attrs["分类户数"] == {"按时还款": 1, "偶有迟还": 1, "屡次迟还": 1, "未还清": 1}


def test_tolerance_moves_members_between_classes():
    # 容忍 20 天：甲的 12 天不算迟还 → 按时；乙的 20 天也不算（超过才算），只剩 30 天一笔 → 偶有迟还
    r = mk.chamber_fund_record(_ledger(), late_tolerance_days=20)
    assert r.loc["甲", "分类"] == "按时还款" and r.loc["乙", "分类"] == "偶有迟还"
    # 容忍 0 天：乙的 5 天也算 → 3 笔迟还
    r0 = mk.chamber_fund_record(_ledger(), late_tolerance_days=0)
    assert r0.loc["乙", "迟还次数"] == 3
    # 分类户数之和 = 会员数，不随容忍天数变
    for tol in (0, 5, 12, 40):
        assert sum(mk.chamber_fund_record(_ledger(), late_tolerance_days=tol).attrs["分类户数"].values()) == 4


def test_unpaid_outranks_lateness_and_other_purpose():
    r = mk.chamber_fund_record(_ledger(已还清=["是", "否", "是", "是", "是", "是", "是"]), bridge_purpose="进货")
    assert r.loc["甲", "分类"] == "未还清" and r.loc["丁", "分类"] == "按时还款"
    assert r.loc["甲", "过桥次数"] == 1 and r.loc["乙", "过桥次数"] == 1 and r.loc["丁", "过桥次数"] == 0


@pytest.mark.parametrize("over, field", [
    ({"金额": [0, 1, 1, 1, 1, 1, 1]}, "金额"),
    ({"迟还天数": [-1, 0, 0, 0, 0, 0, 0]}, "迟还天数"),
    ({"会员": ["", "甲", "乙", "乙", "乙", "丙", "丁"]}, "会员"),
    ({"已还清": ["是", None, "是", "是", "是", "是", "是"]}, "已还清"),
])
def test_bad_ledger_names_the_field(over, field):
    with pytest.raises(InputError, match=field):
        mk.chamber_fund_record(_ledger(**over))


def test_bad_tolerance_and_missing_column():
    with pytest.raises(InputError, match="迟还容忍天数"):
        mk.chamber_fund_record(_ledger(), late_tolerance_days=-1)
    with pytest.raises(InputError, match="迟还容忍天数"):
        mk.chamber_fund_record(_ledger(), late_tolerance_days=400)
    with pytest.raises(InputError, match="互助金账本"):
        mk.chamber_fund_record(_ledger().drop(columns=["用途"]))


def test_widget_moves_the_list():
    from coursekit.widgets.marketing import ChamberFundRecordView
    w = ChamberFundRecordView(_ledger(), late_tolerance_days=10)
    assert w.result.loc["甲", "分类"] == "偶有迟还"
    w.controls["容忍天数"].value = 12
    assert w.result.loc["甲", "分类"] == "按时还款"
