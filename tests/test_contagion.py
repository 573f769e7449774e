"""risk.guarantee_contagion：担保链、担保圈上的逐轮传导（手算例子、性质测试、坏输入）。"""
from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coursekit import risk
from coursekit.errors import InputError


def edges(pairs):
    return pd.DataFrame(pairs, columns=["guarantor_id", "borrower_id"])


# 南坪果商联盟（m09-c11）：五户一圈，罗志刚另保黄启明
CIRCLE = edges([("黄启明", "谢春兰"), ("谢春兰", "罗志刚"), ("罗志刚", "陈文斌"), ("陈文斌", "彭国俊"),
                ("彭国俊", "黄启明"), ("罗志刚", "黄启明")])
BAL = {"黄启明": 600_000, "谢春兰": 500_000, "罗志刚": 500_000, "陈文斌": 400_000, "彭国俊": 600_000}


def status(result):
    return dict(zip(result.table["客户"], result.table["状态"]))


def test_alliance_circle_by_hand():
    # 彭国俊出险 → 陈文斌代偿 60 万元扛不住（出险，第 1 轮）→ 罗志刚代偿 40 万元，转入关注，不再往下传；
    # 黄启明的两位担保人（彭国俊、罗志刚）一个出险、一个自身难保：担保落空；谢春兰的担保人黄启明没被追偿：未受影响
    verdicts = {"陈文斌": "不通过", "罗志刚": "关注"}
    r = risk.guarantee_contagion(CIRCLE, BAL, "彭国俊", lambda name, claim: verdicts.get(name, "通过"))
    assert status(r) == {"彭国俊": "首户出险", "陈文斌": "代偿后出险", "罗志刚": "代偿后关注",
                         "黄启明": "担保落空", "谢春兰": "未受影响"}
    t = r.table.set_index("客户")
    assert t.loc["陈文斌", "代偿金额"] == 600_000 and t.loc["罗志刚", "代偿金额"] == 400_000
    assert t.loc["陈文斌", "轮次"] == 1 and pd.isna(t.loc["罗志刚", "轮次"])
    assert r.rounds["出险贷款余额"].tolist() == [600_000, 400_000] and r.rounds["累计出险余额"].iloc[-1] == 1_000_000
    # 60 + 40 + 50 + 60 = 210 万元，占 260 万元的 80.8%
    assert r.affected_balance == 2_100_000 and r.total_balance == 2_600_000
    assert "210.00 万元" in r.explain() and "80.8%" in r.explain()


def test_chain_with_limits_recoveries_and_accumulated_claims():
    # 链：甲 保 乙，乙 保 丙，丙 保 丁；另有 戊 同时保 丙 和 丁
    g = edges([("甲", "乙"), ("乙", "丙"), ("丙", "丁"), ("戊", "丙"), ("戊", "丁")])
    bal = {"甲": 0, "乙": 300_000, "丙": 200_000, "丁": 100_000, "戊": 50_000}
    # 丁出险，可收回 40,000：向丙、戊各追偿 60,000。丙只扛得住 50,000 → 出险（第 1 轮）；
    # 戊扛得住 100,000：第 1 轮 60,000 通过；第 2 轮丙也出险了，戊要替丁、丙一共还 60,000 + 200,000 = 260,000 → 出险；
    # 乙替丙追偿 200,000，扛得住 500,000 → 代偿后通过；甲没被追偿
    limits = {"甲": 1e9, "乙": 500_000, "丙": 50_000, "戊": 100_000}
    r = risk.guarantee_contagion(g, bal, "丁", limits, recoveries={"丁": 40_000})
    s = status(r)
    assert s == {"丁": "首户出险", "丙": "代偿后出险", "戊": "代偿后出险", "乙": "代偿后通过", "甲": "未受影响"}
    t = r.table.set_index("客户")
    assert t.loc["丙", "代偿金额"] == 60_000 and t.loc["丙", "轮次"] == 1
    assert t.loc["戊", "代偿金额"] == 260_000 and t.loc["戊", "轮次"] == 2
    assert t.loc["乙", "代偿金额"] == 200_000
    assert r.affected_balance == 100_000 + 200_000 + 50_000


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 6), st.integers(0, 6)), min_size=1, max_size=14),
       st.lists(st.integers(0, 500_000), min_size=7, max_size=7),
       st.lists(st.integers(0, 800_000), min_size=7, max_size=7), st.integers(0, 7 - 1), st.integers(0, 300_000))
def test_stronger_guarantors_never_fail_more(pairs, balances, limits, first, bump):
    g = edges([(f"c{a}", f"c{b}") for a, b in pairs])
    bal = {f"c{i}": v for i, v in enumerate(balances)}
    lim = {f"c{i}": v for i, v in enumerate(limits)}
    weak = risk.guarantee_contagion(g, bal, f"c{first}", lim)
    strong = risk.guarantee_contagion(g, bal, f"c{first}", {k: v + bump for k, v in lim.items()})
    failed = lambda r: set(r.table.loc[r.table["状态"].isin(["首户出险", "代偿后出险"]), "客户"])
    assert failed(strong) <= failed(weak)
    assert f"c{first}" in failed(weak)
    assert 0 <= weak.affected_balance <= weak.total_balance
    # 出险的担保人，追偿金额确实超过了他能扛住的
    t = weak.table.set_index("客户")
    for name in failed(weak) - {f"c{first}"}:
        assert t.loc[name, "代偿金额"] > lim[name]


def test_bad_inputs_name_the_field():
    with pytest.raises(InputError, match="担保关系表"):
        risk.guarantee_contagion([("a", "b")], {"a": 1, "b": 1}, "b", {"a": 0})
    with pytest.raises(InputError, match="贷款余额"):
        risk.guarantee_contagion(CIRCLE, {"黄启明": 1}, "彭国俊", {})
    with pytest.raises(InputError, match="首户"):
        risk.guarantee_contagion(CIRCLE, BAL, "无名氏", {})
    with pytest.raises(InputError, match="代偿能力"):
        risk.guarantee_contagion(CIRCLE, BAL, "彭国俊", {"黄启明": 1})           # 陈文斌没给
    with pytest.raises(InputError, match="代偿能力"):
        risk.guarantee_contagion(CIRCLE, BAL, "彭国俊", lambda n, c: "还行")
    with pytest.raises(InputError, match="彭国俊 的可收回金额"):
        risk.guarantee_contagion(CIRCLE, BAL, "彭国俊", lambda n, c: "通过", recoveries={"彭国俊": -1})
