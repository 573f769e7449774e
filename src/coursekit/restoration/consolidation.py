"""合并还原：同一个老板的几摊生意，或一个家族、几个合伙人的关联经营，合在一起看。

分别还原每个成员（:class:`~coursekit.restoration.Borrower` 或中文键字典），再把内部往来抵销：

- **内部销售**（卖方, 买方, 金额）：甲卖给乙、乙再卖出去，对外只卖了一次。合并销售额减去这笔金额，
  合并毛利不变（卖方赚的差价仍在集团里）；本工具假定内部买进的货已全部对外卖出，未实现的内部利润不单独扣；
- **内部应收应付**（债权方, 债务方, 金额）：债权方的应收账款与债务方的应付账款同时减去；
- **内部借款**（出借方, 借款方, 金额）：出借方的其他资产与借款方的民间借贷（不够时再扣其他负债）同时减去；
- **重复计算的资本**（投资方, 被投资方, 金额）：投资方账上的“对被投资方的投资”与被投资方的净资产是同一笔钱，
  从投资方的其他资产（不够时再扣其他家庭资产）中减去，合并权益相应减少。

没申报的民间借贷（``hidden_debt``，按成员给出）按 :meth:`Worksheet.what_if` 的口径计入该成员的负债和利息，
集团的**债务合计**因此包括它。合并底稿（``combined``）是一张普通的 :class:`Worksheet`，还款能力照常用
``combined.capacity(...)``（月供上限、:func:`coursekit.loans.max_principal` 反推额度）。

同一个家庭的家庭资产负债与收支只在一个成员里填一次；合并底稿不带交叉检验资料（流水里有内部往来，
交叉检验逐个成员做）。权益历史（比如上次调查时的合并权益）可以用 ``equity_history`` 给合并底稿，
权益检验就按合并口径做。

**只占一部分股份的生意**（``stakes={成员: 持股比例}``，按比例合并）：这个成员的销售额、经营资产负债、
月成本和对外担保都乘以持股比例再并进来——老板按股份分担这摊生意的盈亏，也按股份承担它的资产负债。
这个成员不能填家庭项目（家庭只属于老板本人那一摊）。老板账上“对这家店的投资”如果也在表里，
用 ``investments`` 抵销按比例并进来的净资产，避免一笔钱算两次。
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Mapping

from ..errors import InputError, require_fraction, require_non_negative
from .model import Borrower, BusinessAssets, BusinessLiabilities, EquityHistory, Evidence, Household, \
    HouseholdAssets, HouseholdLiabilities, MonthlyCosts, OffBalance

__all__ = ["Consolidation", "consolidate", "ELIMINATION_KINDS"]

#: 四种内部往来：参数名 → (中文名, 第一方, 第二方)
ELIMINATION_KINDS = {
    "intra_sales": ("内部销售", "卖方", "买方"),
    "intra_balances": ("内部应收应付", "债权方", "债务方"),
    "intra_loans": ("内部借款", "出借方", "借款方"),
    "investments": ("重复计算的资本", "投资方", "被投资方"),
}


@dataclass(frozen=True)
class Consolidation:
    """合并还原的结果。金额为元。

    - ``members``：各成员的底稿（已计入各自没申报的民间借贷），按输入顺序；
    - ``combined``：抵销后的合并底稿（:class:`Worksheet`），还款能力用 ``combined.capacity(...)``；
    - ``eliminations``：每笔抵销一行（种类, 第一方, 第二方, 金额）；
    - ``gross_*``：各成员简单相加（抵销前）的数；``hidden_debt``：计入的没申报民间借贷合计；
    - ``stakes``：各成员的持股比例（按比例合并的成员小于 1），与 ``members`` 同序。
    """

    members: tuple
    combined: object
    eliminations: tuple[tuple[str, str, str, float], ...]
    gross_sales: float
    gross_gross_profit: float
    gross_assets: float
    gross_liabilities: float
    hidden_debt: float
    declared_debt: float
    stakes: tuple[float, ...] = ()

    @property
    def total_debt(self) -> float:
        """集团的债务合计（抵销内部往来后，经营加家庭，含没申报的民间借贷）。"""
        return self.combined.figures.total_liabilities

    @property
    def bank_and_private_debt(self) -> float:
        """有息债务：银行借款、民间借贷、信用卡、其他经营负债与家庭负债（合并后，不含应付、预收）。"""
        bl = self.combined.borrower.business_liabilities
        return bl.interest_bearing + self.combined.figures.household_liabilities

    def table(self):
        """每个成员一列，再加“简单相加”“抵销”“合并”三列（DataFrame，元）。"""
        import pandas as pd

        def row(f):
            return [f.annual_sales, f.gross_profit, f.net_profit, f.total_assets, f.total_liabilities, f.equity]

        labels = ["年销售额", "毛利", "经营净利润", "资产合计", "负债合计", "权益"]
        stakes = self.stakes or (1.0,) * len(self.members)
        data = {ws.borrower.name + (f"（按 {k:.0%} 股份）" if k < 1 else ""): row(ws.figures)
                for ws, k in zip(self.members, stakes)}
        gross = [sum(col) for col in zip(*data.values())]
        comb = row(self.combined.figures)
        data["简单相加"] = gross
        data["抵销"] = [c - g for c, g in zip(comb, gross)]
        data["合并"] = comb
        return pd.DataFrame(data, index=labels).rename_axis("项目").reset_index()

    def elimination_table(self):
        import pandas as pd

        return pd.DataFrame(list(self.eliminations), columns=["抵销项目", "一方", "另一方", "金额"])

    def debt_table(self):
        """集团债务：申报的（抵销内部借款、往来后）、没申报的民间借贷、合计。"""
        import pandas as pd

        rows = [("申报的负债（抵销后）", self.declared_debt), ("没申报的民间借贷", self.hidden_debt),
                ("集团负债合计", self.total_debt), ("其中有息债务", self.bank_and_private_debt),
                ("对外担保（表外）", self.combined.figures.contingent)]
        return pd.DataFrame(rows, columns=["项目", "金额"])


def _as_pairs(items, kind: str, names: set[str]) -> list[tuple[str, str, float]]:
    zh, first, second = ELIMINATION_KINDS[kind]
    if items is None:
        return []
    if isinstance(items, (str, bytes, Mapping)) or not hasattr(items, "__iter__"):
        raise InputError(zh, f"应为列表，每笔写（{first}, {second}, 金额）", items)
    out = []
    for i, item in enumerate(items, start=1):
        if isinstance(item, Mapping):
            try:
                item = (item[first], item[second], item["金额"])
            except KeyError as exc:
                raise InputError(f"{zh}第 {i} 笔", f"缺少字段：{exc.args[0]}（应有 {first}、{second}、金额）") from None
        if isinstance(item, (str, bytes)) or not hasattr(item, "__len__") or len(item) != 3:
            raise InputError(f"{zh}第 {i} 笔", f"应为（{first}, {second}, 金额）", item)
        a, b, amount = item
        for who, label in ((a, first), (b, second)):
            if who not in names:
                raise InputError(f"{zh}第 {i} 笔的{label}", "不是合并范围内的成员：" + "、".join(sorted(names)), who)
        if a == b:
            raise InputError(f"{zh}第 {i} 笔", f"{first}和{second}是同一个成员", a)
        out.append((a, b, require_non_negative(amount, f"{zh}第 {i} 笔的金额")))
    return out


def _scale_section(section, k: float):
    cls = type(section)
    return cls(**{attr: getattr(section, attr) * k for attr, _z, _kind, _o in cls._SPEC})


def _scaled(ws, k: float):
    """按持股比例 k 缩小一个成员：销售额、经营资产负债、月成本、对外担保；不能带家庭项目。"""
    from .model import Product
    from .worksheet import Worksheet

    b = ws.borrower
    family = b.household_assets.total() + b.household_liabilities.total() + b.household.spending \
        + b.household.other_income + b.household.other_debt_service
    if family > 0:
        raise InputError(f"{b.name} 的家庭项目", "按股份合并的成员不能填家庭资产负债或收支（家庭只填在老板本人那一摊）")
    scaled = replace(b, products=tuple(Product(p.name, p.sales * k, p.margin, i)
                                       for i, p in enumerate(b.products, start=1)),
                     business_assets=_scale_section(b.business_assets, k),
                     business_liabilities=_scale_section(b.business_liabilities, k),
                     off_balance=_scale_section(b.off_balance, k), costs=_scale_section(b.costs, k))
    return Worksheet(scaled, tolerances=ws.tolerances, norms=ws.norms)


def _sum_section(cls, sections):
    return cls(**{attr: sum(getattr(s, attr) for s in sections) for attr, _z, kind, _o in cls._SPEC})


def consolidate(members, *, intra_sales=None, intra_balances=None, intra_loans=None, investments=None,
                hidden_debt: Mapping[str, float] | None = None, hidden_rate: float = 0.12,
                stakes: Mapping[str, float] | None = None, equity_history=None,
                name: str = "合并") -> Consolidation:
    """把几个成员合并还原，抵销内部往来（做法见模块说明）。

    ``members``：两个及以上成员（:class:`Borrower`、中文键字典或 :class:`Worksheet`），名称不能重复；
    ``intra_sales`` / ``intra_balances`` / ``intra_loans`` / ``investments``：每笔 ``(甲, 乙, 金额)``，
    或中文键字典（如 ``{"卖方": …, "买方": …, "金额": …}``）；``hidden_debt``：``{成员: 没申报的民间借贷}``，
    按 ``hidden_rate``（年利率，默认 12%，示意）计息；``stakes``：``{成员: 持股比例}``，按比例合并
    （0 到 1 之间，不填为 1）；``equity_history``：合并口径的权益历史（中文键字典或 :class:`EquityHistory`）。
    """
    from .worksheet import Worksheet

    if not isinstance(name, str) or not name.strip():
        raise InputError("合并名称", "应为非空文字", name)
    if isinstance(members, (str, bytes, Mapping)) or not hasattr(members, "__iter__"):
        raise InputError("合并成员", "应为列表（两个及以上借款人）", members)
    sheets = []
    for i, m in enumerate(members, start=1):
        if isinstance(m, Worksheet):
            sheets.append(m)
        elif isinstance(m, (Borrower, Mapping)):
            sheets.append(Worksheet(m))
        else:
            raise InputError(f"合并成员 {i}", "应为借款人字典、Borrower 或 Worksheet", type(m).__name__)
    if len(sheets) < 2:
        raise InputError("合并成员", "至少要有两个成员", len(sheets))
    names = [ws.borrower.name for ws in sheets]
    if len(set(names)) != len(names):
        raise InputError("合并成员", "名称不能重复", "、".join(names))
    known = set(names)
    rate = require_fraction(hidden_rate, "隐性负债年利率")
    hidden = {}
    if hidden_debt is not None:
        if not isinstance(hidden_debt, Mapping):
            raise InputError("没申报的民间借贷", "应为字典：{成员: 金额}", hidden_debt)
        for who, amount in hidden_debt.items():
            if who not in known:
                raise InputError("没申报的民间借贷的成员", "不是合并范围内的成员：" + "、".join(names), who)
            hidden[who] = require_non_negative(amount, f"{who} 没申报的民间借贷")
    share = dict.fromkeys(names, 1.0)
    if stakes is not None:
        if not isinstance(stakes, Mapping):
            raise InputError("持股比例", "应为字典：{成员: 比例}", stakes)
        for who, k in stakes.items():
            if who not in known:
                raise InputError("持股比例的成员", "不是合并范围内的成员：" + "、".join(names), who)
            k = require_fraction(k, f"{who} 的持股比例")
            if k <= 0:
                raise InputError(f"{who} 的持股比例", "应大于 0（不持股的生意不并入）", k)
            share[who] = k
    sheets = [_scaled(ws, share[ws.borrower.name]) if share[ws.borrower.name] < 1 else ws for ws in sheets]
    sheets = [ws.what_if(hidden_debt=hidden[ws.borrower.name], hidden_rate=rate) if hidden.get(ws.borrower.name)
              else ws for ws in sheets]
    history = None
    if equity_history is not None:
        history = EquityHistory.from_dict(equity_history)
    pairs = {k: _as_pairs(v, k, known) for k, v in (("intra_sales", intra_sales), ("intra_balances", intra_balances),
                                                    ("intra_loans", intra_loans), ("investments", investments))}
    b = {ws.borrower.name: ws.borrower for ws in sheets}
    sales = {n: b[n].annual_sales for n in names}
    gp = {n: sheets[i].figures.gross_profit for i, n in enumerate(names)}
    wm = {n: sheets[i].figures.weighted_margin for i, n in enumerate(names)}
    cut = dict.fromkeys(names, 0.0)        # 卖方要减的销售额
    gp_add = dict.fromkeys(names, 0.0)     # 买方要加的毛利（买进成本里卖方的差价，合并后不再是成本）
    for seller, buyer, x in pairs["intra_sales"]:
        cut[seller] += x
        gp_add[buyer] += x * wm[seller]
    for n in names:
        if cut[n] > sales[n] + 1e-6:
            raise InputError(f"{n} 的内部销售", f"合计 {cut[n]:,.2f} 元超过了它的全年销售额 {sales[n]:,.2f} 元", cut[n])
    assets = {n: b[n].business_assets for n in names}
    liabs = {n: b[n].business_liabilities for n in names}
    hh_assets = {n: b[n].household_assets for n in names}
    for creditor, debtor, x in pairs["intra_balances"]:
        if x > assets[creditor].receivables + 1e-6:
            raise InputError(f"{creditor} 的应收账款", f"不够抵销对 {debtor} 的内部应收 {x:,.2f} 元",
                             assets[creditor].receivables)
        if x > liabs[debtor].payables + 1e-6:
            raise InputError(f"{debtor} 的应付账款", f"不够抵销欠 {creditor} 的内部应付 {x:,.2f} 元",
                             liabs[debtor].payables)
        assets[creditor] = replace(assets[creditor], receivables=max(0.0, assets[creditor].receivables - x))
        liabs[debtor] = replace(liabs[debtor], payables=max(0.0, liabs[debtor].payables - x))
    for lender, borrower, x in pairs["intra_loans"]:
        if x > assets[lender].other + 1e-6:
            raise InputError(f"{lender} 的其他资产", f"不够抵销借给 {borrower} 的 {x:,.2f} 元（借出款记在其他资产）",
                             assets[lender].other)
        bl = liabs[borrower]
        if x > bl.private_loans + bl.other + 1e-6:
            raise InputError(f"{borrower} 的民间借贷", f"加其他负债不够抵销向 {lender} 借的 {x:,.2f} 元",
                             bl.private_loans)
        from_private = min(x, bl.private_loans)
        assets[lender] = replace(assets[lender], other=max(0.0, assets[lender].other - x))
        liabs[borrower] = replace(bl, private_loans=bl.private_loans - from_private,
                                  other=max(0.0, bl.other - (x - from_private)))
    for investor, investee, x in pairs["investments"]:
        ba, ha = assets[investor], hh_assets[investor]
        if x > ba.other + ha.other + 1e-6:
            raise InputError(f"{investor} 的其他资产", f"加其他家庭资产不够抵销对 {investee} 的投资 {x:,.2f} 元",
                             ba.other)
        from_business = min(x, ba.other)
        assets[investor] = replace(ba, other=ba.other - from_business)
        hh_assets[investor] = replace(ha, other=max(0.0, ha.other - (x - from_business)))
    products, monthly = [], [0.0] * 12
    for n in names:
        s_new = sales[n] - cut[n]
        k = s_new / sales[n] if sales[n] > 0 else 0.0
        if s_new <= 0:
            if gp_add[n] > 1e-6:
                raise InputError(f"{n} 的对外销售额", "为 0，内部买进的货没有卖出去，合并毛利无从抵销")
            continue
        delta = gp_add[n] / s_new   # 卖方按比例缩小销售额（毛利率不变），买方各产品毛利率同加一个数
        for p in b[n].products:
            margin = p.margin + delta
            if margin > 1 + 1e-9 or margin < -1e-9:
                raise InputError(f"{n} 的内部销售", f"抵销后“{p.name}”的毛利率超出 0 到 1 之间，请核对内部销售金额")
            products.append({"名称": f"{n}·{p.name}", "销售额": p.sales * k, "毛利率": min(1.0, max(0.0, margin))})
        season = sheets[names.index(n)].figures.monthly_factors
        for m in range(12):
            monthly[m] += s_new / 12 * season[m]
    if not products:
        raise InputError("合并成员", "抵销后没有任何对外销售")
    shares = [b[n].credit_sales_share for n in names]
    total_new = sum(sales[n] - cut[n] for n in names)
    credit = (None if any(s is None for s in shares) or total_new <= 0 else
              sum(s * (sales[n] - cut[n]) for s, n in zip(shares, names)) / total_new)
    industries = {b[n].industry for n in names}
    combined_b = Borrower(
        name=name.strip(), industry=industries.pop() if len(industries) == 1 else None,
        products=_products_tuple(products),
        business_assets=_sum_section(BusinessAssets, assets.values()),
        business_liabilities=_sum_section(BusinessLiabilities, liabs.values()),
        household_assets=_sum_section(HouseholdAssets, hh_assets.values()),
        household_liabilities=_sum_section(HouseholdLiabilities, [b[n].household_liabilities for n in names]),
        off_balance=_sum_section(OffBalance, [b[n].off_balance for n in names]),
        seasonality=tuple(monthly) if sum(monthly) > 0 else None,
        costs=_sum_section(MonthlyCosts, [b[n].costs for n in names]),
        household=_sum_section(Household, [b[n].household for n in names]),
        credit_sales_share=credit, evidence=Evidence(), equity_history=history)
    combined = Worksheet(combined_b, tolerances=sheets[0].tolerances, norms=sheets[0].norms)
    rows = []
    for kind, items in pairs.items():
        zh = ELIMINATION_KINDS[kind][0]
        rows += [(zh, a, c, x) for a, c, x in items]
    figs = [ws.figures for ws in sheets]
    hidden_total = sum(hidden.values())
    return Consolidation(
        members=tuple(sheets), combined=combined, eliminations=tuple(rows),
        stakes=tuple(share[n] for n in names),
        gross_sales=sum(f.annual_sales for f in figs), gross_gross_profit=sum(f.gross_profit for f in figs),
        gross_assets=sum(f.total_assets for f in figs), gross_liabilities=sum(f.total_liabilities for f in figs),
        hidden_debt=hidden_total, declared_debt=combined.figures.total_liabilities - hidden_total)


def _products_tuple(items):
    from .model import Product

    return tuple(Product(p["名称"], p["销售额"], p["毛利率"], i) for i, p in enumerate(items, start=1))
