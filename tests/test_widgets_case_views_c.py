"""从案例笔记本搬进 coursekit 的部件：装的数与核心函数一致，控件一动结果朝哪边变，坏参数报哪个字段。"""
from __future__ import annotations

import pandas as pd
import pytest

from coursekit import risk
from coursekit.errors import InputError


def _guarantees():
    return pd.DataFrame([("甲", "乙"), ("乙", "甲"), ("乙", "丙")], columns=["guarantor_id", "borrower_id"])


BAL = {"甲": 500_000, "乙": 300_000, "丙": 100_000}
ABSORB = {"甲": 250_000, "乙": 100_000}


def test_guarantee_chain_view_follows_the_controls():
    from coursekit.widgets.risk import GuaranteeChainView

    w = GuaranteeChainView(_guarantees(), BAL, "甲", ABSORB, adjustable=["乙"])
    direct = risk.guarantee_contagion(_guarantees(), BAL, "甲", ABSORB)
    assert w.result.affected_balance == direct.affected_balance == 900_000      # 乙 扛不住 50 万元，丙 担保落空
    assert list(w.controls["首户"].options) == ["甲", "乙"]
    w.controls["乙 能扛住的代偿金额"].value = 500_000       # 乙 扛得住了：丙 不受影响，乙 自己的担保人 甲 已出事
    assert w.result.affected_balance == 800_000
    w.controls["首户"].value = "乙"                       # 乙 出事：向 甲 追偿 30 万元，甲 只扛得住 25 万元
    assert w.result.affected_balance == risk.guarantee_contagion(
        _guarantees(), BAL, "乙", {**ABSORB, "乙": 500_000}).affected_balance == 900_000
    assert w.unexpected is None


def test_guarantee_chain_view_bad_arguments():
    from coursekit.widgets.risk import GuaranteeChainView

    with pytest.raises(InputError) as e:
        GuaranteeChainView(_guarantees(), BAL, "甲", {**ABSORB, "乙": -1})
    assert e.value.field == "乙 能扛住的代偿金额"
    with pytest.raises(InputError) as e:
        GuaranteeChainView(_guarantees(), BAL, "甲", ABSORB, adjustable=["丙"])
    assert e.value.field == "可调的担保人"
