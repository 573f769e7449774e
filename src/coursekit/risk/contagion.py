"""担保链、担保圈上的风险传导：一户出险后，谁接着被拖下水，每一轮的敞口有多大。

做法（压力推演，不是预测）：

1. 首户出险，它的贷款余额扣掉能收回的部分，就是向它的担保人追偿的金额；
2. 连带责任保证下，银行可以向任何一位担保人追偿全部金额，所以每位担保人都按**全额**承压（最坏情形）；
   一位担保人为几户出险的借款人作保，追偿金额累加；
3. 担保人承压后的结论由调用者给出（``absorb``）：可以是每人能扛住的最大代偿金额（元），
   也可以是一个函数 ``absorb(客户, 代偿金额) → "通过" / "关注" / "不通过"``——比如用还原底稿的
   ``what_if(hidden_debt=代偿金额).capacity(...)`` 测算；
4. “不通过”的担保人自己也出险，他的贷款再向他的担保人追偿，进入下一轮；“关注”的担保人元气大伤，但不再往下传；
5. 没有出险、可它的担保人全部出险或转入关注的借款人，记为“担保落空”：贷款还在，保障没了。

担保关系用 networkx 的有向图表示（担保人 → 借款人），与 :func:`coursekit.compliance.guarantee_cycles` 的输入相同。
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pandas as pd

from ..errors import InputError, require_choice, require_fraction, require_int, require_non_negative

__all__ = ["CONTAGION_STATES", "Contagion", "guarantee_contagion", "GuaranteeCall", "guarantee_call", "JOINT_SPLITS",
           "joint_loan_stress"]

#: 每户在推演后的状态
CONTAGION_STATES = ("首户出险", "代偿后出险", "代偿后关注", "担保落空", "代偿后通过", "未受影响")
_VERDICTS = ("通过", "关注", "不通过")


@dataclass(frozen=True)
class Contagion:
    """推演结果。

    ``table``：每户一行——客户、状态、轮次（首户为 0，第 k 轮被拖下水的为 k；未受影响、担保落空的为空）、
    贷款余额、代偿金额、说明；``rounds``：每一轮新出险的户数与贷款余额；
    ``affected_balance``：首户、代偿后出险、代偿后关注、担保落空四类合计的贷款余额——“一户出事，牵动多少”；
    “代偿后通过”（代偿了、还扛得住）与“未受影响”不计入。
    """

    table: pd.DataFrame
    rounds: pd.DataFrame
    affected_balance: float
    total_balance: float

    def explain(self) -> str:
        t = self.table
        first = t.loc[t["状态"] == "首户出险", "客户"].iloc[0]
        parts = [f"{s} {'、'.join(t.loc[t['状态'] == s, '客户'])}" for s in CONTAGION_STATES[1:4]
                 if (t["状态"] == s).any()]
        share = self.affected_balance / self.total_balance if self.total_balance else 0.0
        tail = "；".join(parts) if parts else "没有其他户受牵连"
        return (f"{first} 出险后：{tail}。受牵连的贷款余额合计 {self.affected_balance / 10_000:,.2f} 万元，"
                f"占这张担保网贷款余额的 {share:.1%}。")


def _graph(guarantees):
    import networkx as nx

    if not isinstance(guarantees, pd.DataFrame):
        raise InputError("担保关系表", "应为表格（DataFrame），列为 guarantor_id（担保人）、borrower_id（借款人）",
                         type(guarantees).__name__)
    missing = [c for c in ("guarantor_id", "borrower_id") if c not in guarantees.columns]
    if missing:
        raise InputError("担保关系表", "缺少列：" + "、".join(missing))
    edges = guarantees[["guarantor_id", "borrower_id"]].dropna().astype(str).drop_duplicates()
    edges = edges[edges["guarantor_id"] != edges["borrower_id"]]
    g = nx.DiGraph()
    g.add_edges_from(zip(edges["guarantor_id"], edges["borrower_id"]))
    return g


def guarantee_contagion(guarantees: pd.DataFrame, balances: Mapping[str, float], first: str,
                        absorb: Mapping[str, float] | Callable[[str, float], str], *,
                        recoveries: Mapping[str, float] | None = None, max_rounds: int = 50) -> Contagion:
    """从 ``first`` 出险开始，沿担保关系逐轮推演（做法见模块说明）。

    ``balances``：客户 → 贷款余额（元），担保网里的借款人都要有；只作担保人、自己没有贷款的客户可以不填（按 0 计）。
    ``absorb``：客户 → 能扛住的最大代偿金额（元），或函数 ``absorb(客户, 代偿金额)`` 返回“通过 / 关注 / 不通过”。
    ``recoveries``：出险客户 → 能从他的存货、房产等短期收回的金额（元），从追偿金额里扣除；默认 0。
    """
    g = _graph(guarantees)
    if not isinstance(balances, Mapping):
        raise InputError("贷款余额", "应为字典（客户 → 余额）", type(balances).__name__)
    bal = {str(k): require_non_negative(v, f"{k} 的贷款余额") for k, v in balances.items()}
    first = str(first)
    if first not in g and first not in bal:
        raise InputError("首户", "不在担保关系表和贷款余额里", first)
    g.add_nodes_from(bal)
    borrowers = {b for _, b in g.edges}
    lacking = sorted(b for b in borrowers | {first} if b not in bal)
    if lacking:
        raise InputError("贷款余额", "缺少这些借款人的余额：" + "、".join(lacking))
    rec = {}
    max_rounds = require_int(max_rounds, "最多轮数", minimum=1, maximum=10_000)
    if recoveries is not None and not isinstance(recoveries, Mapping):
        raise InputError("可收回金额", "应为“客户 → 金额（元）”的字典", type(recoveries).__name__)
    for k, v in (recoveries or {}).items():
        rec[str(k)] = require_non_negative(v, f"{k} 的可收回金额")
    if isinstance(absorb, Mapping):
        limits = {str(k): require_non_negative(v, f"{k} 能扛住的代偿金额") for k, v in absorb.items()}

        def verdict(name: str, claim: float) -> str:
            if name not in limits:
                raise InputError("代偿能力", f"缺少担保人 {name} 能扛住的代偿金额")
            return "通过" if claim <= limits[name] else "不通过"
    elif callable(absorb):
        def verdict(name: str, claim: float) -> str:
            v = absorb(name, claim)
            if v not in _VERDICTS:
                raise InputError("代偿能力", f"对 {name} 的结论应为“通过”“关注”或“不通过”", v)
            return v
    else:
        raise InputError("代偿能力", "应为字典（担保人 → 能扛住的代偿金额）或函数", type(absorb).__name__)

    def claim_of(name: str) -> float:
        return max(0.0, bal.get(name, 0.0) - rec.get(name, 0.0))

    failed: dict[str, int] = {first: 0}          # 出险客户 → 轮次
    state: dict[str, str] = {}
    claims: dict[str, float] = {}
    why: dict[str, list[str]] = {}
    frontier = [first]
    rnd = 0
    while frontier:
        rnd += 1
        if rnd > max_rounds:   # pragma: no cover - 户数有限，每轮至少新增一户，实际到不了
            break
        touched = sorted({gu for b in frontier for gu in g.predecessors(b) if gu not in failed})
        new: list[str] = []
        before = set(failed)             # 同一轮里的担保人同时承压：只算到上一轮为止出险的借款人
        for gu in touched:
            owed = sorted(b for b in g.successors(gu) if b in before)
            claims[gu] = sum(claim_of(b) for b in owed)
            why[gu] = [f"为 {b} 担保，追偿 {claim_of(b) / 10_000:,.2f} 万元" for b in owed]
            v = verdict(gu, claims[gu])
            if v == "不通过":
                new.append(gu)
            state[gu] = {"通过": "代偿后通过", "关注": "代偿后关注", "不通过": "代偿后出险"}[v]
        failed.update((gu, rnd) for gu in new)
        frontier = new

    rows = []
    for name in sorted(g.nodes, key=lambda n: (failed.get(n, 10**6), n)):
        if name == first:
            status, note = "首户出险", "首户"
        elif name in failed:
            status, note = "代偿后出险", "；".join(why[name])
        else:
            status = state.get(name, "未受影响")
            note = "；".join(why.get(name, []))
            guarantors = list(g.predecessors(name))
            if status in ("未受影响", "代偿后通过") and guarantors and bal.get(name, 0) > 0 and all(
                    gu in failed or state.get(gu) == "代偿后关注" for gu in guarantors):
                status = "担保落空"
                lost = "担保人 " + "、".join(sorted(guarantors)) + " 已出险或自身难保"
                note = f"{note}；{lost}" if note else lost
        rows.append({"客户": name, "状态": status, "轮次": failed.get(name), "贷款余额": bal.get(name, 0.0),
                     "代偿金额": claims.get(name, 0.0), "说明": note})
    table = pd.DataFrame(rows, columns=["客户", "状态", "轮次", "贷款余额", "代偿金额", "说明"])
    table["轮次"] = table["轮次"].astype("Int64")
    hit = table[table["轮次"].notna()]
    rounds = (hit.groupby("轮次").agg(出险户数=("客户", "size"), 出险贷款余额=("贷款余额", "sum"))
              .reset_index())
    rounds["累计出险余额"] = rounds["出险贷款余额"].cumsum()
    affected = float(table.loc[table["状态"].isin(CONTAGION_STATES[:4]), "贷款余额"].sum())
    return Contagion(table=table, rounds=rounds, affected_balance=affected, total_balance=float(sum(bal.values())))


@dataclass(frozen=True)
class GuaranteeCall:
    """担保人按自己的还原底稿承压的传导推演（:func:`guarantee_call`）。

    ``contagion``：逐轮传导（:class:`Contagion`）；``guarantors``：每位有底稿的担保人一行——担保人、代偿金额、
    代偿前月可支配收入、代偿后月可支配收入、代偿借款每月利息、自己那笔贷款的月供、结论（没被追偿的，代偿金额为 0，
    结论是他本来的结论）；``recovery``：首户能收回的金额（元）；``financing_rate``：担保人借钱代偿的年利率。
    """

    contagion: Contagion
    guarantors: pd.DataFrame
    recovery: float
    financing_rate: float


def guarantee_call(guarantees: pd.DataFrame, sheets: Mapping, own_loans: Mapping[str, float], first: str, *,
                   annual_rate, months, method: str = "先息后本", financing_rate=0.12, recovery=0.0,
                   max_share=None) -> GuaranteeCall:
    """``first`` 出险后沿担保关系传导，每位担保人扛不扛得住由**他自己的还原底稿**决定。

    被追偿的担保人要**一次**拿出全部代偿金额（连带责任保证下的最坏情形）；他手里没有这笔现金，常见的做法是借钱
    代偿：按 ``financing_rate``（年利率）只付利息的借款计入“其他债务月还款”，本金计入负债，再测他自己那笔贷款
    （``own_loans`` 里的余额，按 ``annual_rate``、``months``、``method``；先息后本看每月付息）还不还得上。
    ``recovery``：从首户的存货、房产等短期能收回的金额（元），先从追偿金额里扣掉。

    ``sheets``：担保人 → 借款人字典或 :func:`coursekit.restoration.restore` 的底稿；担保网里被追偿到的每一位都要有。
    ``own_loans``：客户 → 贷款余额（元），担保网里的借款人都要有。
    """
    from ..restoration import DEFAULT_MAX_SHARE, Worksheet, capacity_with_new_debt, restore

    if not isinstance(sheets, Mapping) or not sheets:
        raise InputError("担保人底稿", "应为“担保人 → 还原底稿”的字典", type(sheets).__name__)
    if not isinstance(own_loans, Mapping):
        raise InputError("贷款余额", "应为字典（客户 → 余额）", type(own_loans).__name__)
    ws = {}
    for k, v in sheets.items():
        if isinstance(v, Worksheet):
            ws[str(k)] = v
        elif isinstance(v, Mapping):
            ws[str(k)] = restore(v)
        else:
            raise InputError("担保人底稿", f"{k} 的底稿应为借款人字典或 restore() 的结果", type(v).__name__)
    missing = sorted(n for n in ws if n not in {str(k) for k in own_loans})
    if missing:
        raise InputError("贷款余额", "缺少这些担保人自己那笔贷款的余额：" + "、".join(missing))
    rate = require_fraction(financing_rate, "代偿借款的年利率", high=0.36)
    rec = require_non_negative(recovery, "首户可收回金额")
    share = DEFAULT_MAX_SHARE if max_share is None else max_share
    own = {str(k): v for k, v in own_loans.items()}
    rows: dict[str, dict] = {}

    def test(name: str, claim: float) -> dict:
        if name not in ws:
            raise InputError("担保人底稿", f"担保人 {name} 被追偿 {claim / 10_000:,.2f} 万元，但没有他的还原底稿")
        r = capacity_with_new_debt(ws[name], claim, debt_months=12, debt_rate=rate, debt_method="先息后本",
                                   annual_rate=annual_rate, months=months, method=method, amount=own[name],
                                   max_share=share)
        cap = r.capacity
        verdict = cap.monthly_verdict or cap.verdict
        return {"担保人": name, "代偿金额": float(claim), "代偿后月可支配收入": cap.disposable_monthly,
                "代偿借款每月利息": r.debt_payment, "自己那笔贷款的月供": cap.payment, "结论": verdict}

    def absorb(name: str, claim: float) -> str:
        rows[name] = test(name, claim)
        return rows[name]["结论"]

    spread = guarantee_contagion(guarantees, own, first, absorb, recoveries={str(first): rec})
    table = []
    for name in ws:
        before = test(name, 0.0)
        table.append({**rows.get(name, before), "代偿前月可支配收入": before["代偿后月可支配收入"]})
    cols = ["担保人", "代偿金额", "代偿前月可支配收入", "代偿后月可支配收入", "代偿借款每月利息", "自己那笔贷款的月供", "结论"]
    return GuaranteeCall(contagion=spread, guarantors=pd.DataFrame(table, columns=cols), recovery=rec,
                         financing_rate=rate)


JOINT_SPLITS = ("全额", "均摊")


def joint_loan_stress(shares: Mapping[str, float], absorb: Mapping[str, float], *, split: str = "均摊") -> pd.DataFrame:
    """合力贷（几户共同借款、互负连带责任）的逐户压力推演：每位成员轮流当“首户出险”，看还有谁被拖下水。

    ``shares``：成员 → 他在合力贷里的份额（元，连带责任覆盖的那部分）；至少两位成员。
    ``absorb``：成员 → 他能拿出来代偿的最大金额（元）：存款、能很快变现的资产，由客户经理评估。
    ``split``：“均摊”——出险成员的份额由其余没出险的成员平分（成员之间通常这样商量，作基准情形）；
    “全额”——连带责任下银行可以向任何一位成员追偿全部，每位成员按全部已出险份额承压（法律上的最坏情形，
    与 :func:`guarantee_contagion` 在“人人互保”的担保网上的结果相同）。

    每一轮：已出险成员的份额合计（不扣收回）按 ``split`` 压到每位未出险成员身上；压力超过他能扛住的金额，
    他也出险，进入下一轮；直到没有新出险的成员。

    返回每位首户一行：首户、份额、每人承压（最后一轮每位未出险成员承担的金额；全部出险时为最后一轮的数）、
    连带出险（名单，用“、”连接；没有为空字符串）、连带出险户数、出险份额合计、占合力贷（出险份额合计 ÷ 全部份额）。
    """
    if not isinstance(shares, Mapping) or not isinstance(absorb, Mapping):
        raise InputError("成员份额", "份额和能扛住的代偿金额都应为字典（成员 → 金额，元）")
    if len(shares) < 2:
        raise InputError("成员份额", "合力贷至少要有两位成员", len(shares))
    split = require_choice(split, "承压方式", JOINT_SPLITS)
    share = {str(k): require_non_negative(v, f"{k} 的份额") for k, v in shares.items()}
    cap = {str(k): require_non_negative(v, f"{k} 能扛住的代偿金额") for k, v in absorb.items()}
    missing = [m for m in share if m not in cap]
    if missing:
        raise InputError("代偿能力", "缺少这些成员能扛住的代偿金额：" + "、".join(missing))
    total = sum(share.values())
    if total <= 0:
        raise InputError("成员份额", "份额合计应大于 0", total)
    rows = []
    for first in share:
        failed = [first]
        load = 0.0
        while True:
            rest = [m for m in share if m not in failed]
            if not rest:
                break
            owed = sum(share[m] for m in failed)
            load = owed if split == "全额" else owed / len(rest)
            new = [m for m in rest if load > cap[m] + 1e-9]
            if not new:
                break
            failed += new
        dragged = failed[1:]
        lost = sum(share[m] for m in failed)
        rows.append({"首户": first, "份额": share[first], "每人承压": load, "连带出险": "、".join(dragged),
                     "连带出险户数": len(dragged), "出险份额合计": lost, "占合力贷": lost / total})
    return pd.DataFrame(rows, columns=["首户", "份额", "每人承压", "连带出险", "连带出险户数", "出险份额合计", "占合力贷"])
