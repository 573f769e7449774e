"""担保人按自己的还原底稿承压的传导推演（m09-c11 的滑块）：手算的例子、收回和利率往哪边推、坏参数报哪个字段。"""
from __future__ import annotations

import pandas as pd
import pytest

from coursekit import risk
from coursekit.errors import InputError

# 甲担保乙，乙担保丙；丙先出事
CHAIN = pd.DataFrame([("乙", "丙"), ("甲", "乙")], columns=["guarantor_id", "borrower_id"])
OWN = {"甲": 100_000, "乙": 200_000, "丙": 300_000}


def _shop(name, sales):
    # 毛利率 20%、无费用：年净利 = 20% × 销售额；家庭月支出 2,000
    return {"名称": name, "产品": [{"名称": "货", "销售额": sales, "毛利率": 0.2}], "家庭收支": {"家庭月支出": 2_000}}


SHEETS = {"甲": _shop("甲", 600_000), "乙": _shop("乙", 420_000)}


def _call(**kw):
    args = dict(annual_rate=0.06, months=12, method="先息后本", financing_rate=0.12)
    args.update(kw)
    return risk.guarantee_call(CHAIN, SHEETS, OWN, "丙", **args)


def test_hand_example_whole_claim_financed_interest_only():
    # 乙：月可支配 420,000 × 20% / 12 − 2,000 = 5,000；代偿 30 万 × 12% / 12 = 3,000 → 2,000；
    # 自己 20 万 × 6% / 12 = 1,000 月息，上限 60% × 2,000 = 1,200 → 通过
    c = _call()
    g = c.guarantors.set_index("担保人")
    assert g.loc["乙", "代偿金额"] == 300_000 and g.loc["乙", "代偿借款每月利息"] == 3_000
    assert g.loc["乙", "代偿前月可支配收入"] == pytest.approx(5_000)
    assert g.loc["乙", "代偿后月可支配收入"] == pytest.approx(2_000)
    assert g.loc["乙", "自己那笔贷款的月供"] == pytest.approx(1_000) and g.loc["乙", "结论"] == "通过"
    assert g.loc["甲", "代偿金额"] == 0
    states = dict(zip(c.contagion.table["客户"], c.contagion.table["状态"]))
    assert states == {"丙": "首户出险", "乙": "代偿后通过", "甲": "未受影响"}


def test_dearer_financing_topples_the_guarantor_and_passes_the_loss_on():
    # 年利率 18%：代偿利息 4,500 → 月可支配 500 < 月息 1,000 → 乙出险，他的 20 万元追到甲
    c = _call(financing_rate=0.18)
    states = dict(zip(c.contagion.table["客户"], c.contagion.table["状态"]))
    assert states["乙"] == "代偿后出险" and states["甲"] in ("代偿后通过", "代偿后关注")
    g = c.guarantors.set_index("担保人")
    assert g.loc["甲", "代偿金额"] == 200_000 and g.loc["甲", "代偿借款每月利息"] == pytest.approx(3_000)


def test_recovery_from_the_first_default_reduces_every_claim():
    c = _call(financing_rate=0.18, recovery=100_000)
    g = c.guarantors.set_index("担保人")
    # 追偿 20 万 × 18% / 12 = 3,000 → 月可支配 2,000，通过
    assert g.loc["乙", "代偿金额"] == 200_000 and g.loc["乙", "结论"] == "通过"
    assert c.contagion.affected_balance == 300_000


def test_bad_input_names_the_field():
    with pytest.raises(InputError) as e:
        _call(financing_rate=0.5)
    assert e.value.field == "代偿借款的年利率"
    with pytest.raises(InputError) as e:
        _call(recovery=-1)
    assert e.value.field == "首户可收回金额"
    with pytest.raises(InputError) as e:
        risk.guarantee_call(CHAIN, {"甲": SHEETS["甲"]}, OWN, "丙", annual_rate=0.06, months=12)
    assert e.value.field == "担保人底稿" and "乙" in str(e.value)
    with pytest.raises(InputError) as e:
        risk.guarantee_call(CHAIN, SHEETS, {"丙": 300_000}, "丙", annual_rate=0.06, months=12)
    assert e.value.field == "贷款余额"


def test_view_moves_with_recovery_and_rate():
    from coursekit.widgets.risk import GuaranteeCallView

    w = GuaranteeCallView(CHAIN, SHEETS, OWN, "丙", annual_rate=0.06, months=12, financing_rate=0.18)
    assert dict(zip(w.result.contagion.table["客户"], w.result.contagion.table["状态"]))["乙"] == "代偿后出险"
    w.controls["首户可收回金额"].value = 100_000
    assert w.result.recovery == 100_000
    assert w.result.guarantors.set_index("担保人").loc["乙", "结论"] == "通过"
    w.controls["代偿借款的年利率"].value = 0.06
    assert w.result.financing_rate == pytest.approx(0.06)
    with pytest.raises(InputError):
        GuaranteeCallView(CHAIN, SHEETS, OWN, "丁", annual_rate=0.06, months=12)
