"""发票数据（发票贷、票易贷）：把一年的开票额一层层拆开，看哪一部分是真实、可持续的销售。

按购买方汇总的开票数据，逐层扣除：

1. **红冲、作废**：开了又冲掉的票不是销售；红冲、作废占比高，本身就是信号（虚开后冲回、为冲规模反复开票）；
2. **关联方**：卖给自己、亲属或同一地址公司的票，可能只是在关联方之间转圈；
3. **票、款不符**：同一购买方的银行转入扣除短期内转回同一对手的钱，才是净流入；开票多、净流入少的购买方要逐个问。

再看**集中度**（最大、前三大购买方占有效开票的比例）和**税负率**（实缴税款 ÷ 有效开票额，与本地同行参考值比；
参考值由调用者给出，本模块不内置任何税负率）。

输入表的列：``购买方``、``开票金额``，可选 ``红冲金额``、``作废金额``、``关联``（是 / 否）、``流水转入``、``回流``
（短期内转回同一对手的金额）；“关联”可填 是 / 否。

:func:`invoice_line` 把发票贷的额度公式（开票额 × 比例，封顶）套在每一层上，并按留下来的销售额测算经营撑得起多少：
系统额度、按真实销售的公式额度、还款能力撑得起的额度并排放着，复核意见写哪一个一目了然。
"""
from __future__ import annotations

from dataclasses import dataclass, field
from numbers import Real
from typing import Mapping

import pandas as pd

from ..errors import InputError, require_flag, require_fraction, require_non_negative, require_positive
from .worksheet import DEFAULT_MAX_SHARE, Capacity, Worksheet, restore

__all__ = ["InvoiceReport", "invoice_analysis", "InvoiceLine", "invoice_line"]

_MONEY = ("开票金额", "红冲金额", "作废金额", "流水转入", "回流")


@dataclass(frozen=True)
class InvoiceReport:
    """``by_buyer``：每个购买方一行（有效开票、净流入、票款差、占有效开票比例）；
    ``summary``：非关联方 / 关联方 / 合计三行的各列合计；其余是比例（小数）与金额。"""

    by_buyer: pd.DataFrame
    summary: pd.DataFrame
    issued: float
    effective: float
    credible: float
    cancelled_share: float
    related_share: float
    top1_share: float
    top3_share: float
    tax_burden: float | None
    tax_norm: float | None

    def flags(self) -> list[str]:
        """值得追问的地方（中文，每条一句）。"""
        out = []
        if self.cancelled_share >= 0.05:
            out.append(f"红冲、作废占开票额 {self.cancelled_share:.1%}：逐笔问清冲回的原因，看冲回后是否又开给同一购买方。")
        if self.related_share >= 0.2:
            out.append(f"关联方占有效开票 {self.related_share:.1%}：关联交易不能当作对外销售，看货物和资金是否真的流出。")
        if self.top1_share >= 0.3:
            out.append(f"最大购买方占有效开票 {self.top1_share:.1%}：客户集中，它一停单，收入就断。")
        gap = self.by_buyer[self.by_buyer["票款差"] > 0.1 * self.by_buyer["有效开票"].clip(lower=1)]
        if len(gap):
            out.append("开票明显多于净流入的购买方：" + "、".join(gap["购买方"].astype(str)) + "——票有了，钱没留下。")
        if self.tax_burden is not None and self.tax_norm is not None and self.tax_burden < 0.7 * self.tax_norm:
            out.append(f"税负率 {self.tax_burden:.2%}，不到同行参考值 {self.tax_norm:.2%} 的七成：开票额可能虚高，或进项来历不明。")
        return out


def invoice_analysis(invoices: pd.DataFrame, *, taxes_paid: float | None = None,
                     tax_norm: float | None = None) -> InvoiceReport:
    """按模块说明拆开开票额。``taxes_paid``：同期实缴税款（元）；``tax_norm``：同行税负率参考值（小数，示意）。"""
    if not isinstance(invoices, pd.DataFrame):
        raise InputError("开票数据", "应为表格（DataFrame），每个购买方一行", type(invoices).__name__)
    for col in ("购买方", "开票金额"):
        if col not in invoices.columns:
            raise InputError("开票数据", f"缺少列：{col}")
    if invoices.empty:
        raise InputError("开票数据", "没有任何开票记录")
    df = invoices.copy()
    if df["购买方"].isna().any() or (df["购买方"].astype(str).str.strip() == "").any():
        raise InputError("开票数据的购买方", "有空白的购买方名称；请补上名称或删去这些行")
    for col in _MONEY:
        if col not in df.columns:
            df[col] = 0.0
        for k, v in df[col].items():
            if isinstance(v, bool) or not isinstance(v, Real) or pd.isna(v) or v < 0:
                raise InputError(f"{df.at[k, '购买方']} 的{col}", "应为非负数", v)
        df[col] = df[col].astype(float)
    if "关联" not in df.columns:
        df["关联"] = False
    df["关联"] = [require_flag(v, f"{b} 的关联") for b, v in zip(df["购买方"], df["关联"])]
    over = df[df["红冲金额"] + df["作废金额"] > df["开票金额"]]
    if len(over):
        raise InputError(f"{over['购买方'].iloc[0]} 的红冲金额", "加作废金额超过了开票金额")
    over = df[df["回流"] > df["流水转入"]]
    if len(over):
        raise InputError(f"{over['购买方'].iloc[0]} 的回流", "超过了流水转入")
    df["有效开票"] = df["开票金额"] - df["红冲金额"] - df["作废金额"]
    df["净流入"] = df["流水转入"] - df["回流"]
    df["票款差"] = df["有效开票"] - df["净流入"]
    effective = float(df["有效开票"].sum())
    df["占有效开票"] = df["有效开票"] / effective if effective > 0 else 0.0
    cols = ["开票金额", "红冲金额", "作废金额", "有效开票", "流水转入", "回流", "净流入"]
    summary = df.groupby("关联")[cols].sum().reindex([False, True], fill_value=0.0)
    summary.index = ["非关联方", "关联方"]
    summary.loc["合计"] = summary.sum()
    issued = float(df["开票金额"].sum())
    shares = df["占有效开票"].sort_values(ascending=False)
    tb = None
    if taxes_paid is not None:
        paid = require_non_negative(taxes_paid, "实缴税款")
        if effective <= 0:
            raise InputError("开票数据", "有效开票额为 0，算不出税负率")
        tb = paid / effective
    norm = None if tax_norm is None else require_fraction(tax_norm, "同行税负率参考值")
    return InvoiceReport(
        by_buyer=df[["购买方", "关联", *cols, "票款差", "占有效开票"]].reset_index(drop=True),
        summary=summary, issued=issued, effective=effective,
        credible=float(summary.loc["非关联方", "有效开票"]),
        cancelled_share=float((df["红冲金额"].sum() + df["作废金额"].sum()) / issued) if issued else 0.0,
        related_share=float(summary.loc["关联方", "有效开票"] / effective) if effective else 0.0,
        top1_share=float(shares.iloc[0]) if effective else 0.0,
        top3_share=float(shares.iloc[:3].sum()) if effective else 0.0,
        tax_burden=tb, tax_norm=norm)


# ---------------------------------------------------------------------------
# 发票贷的额度：按哪一层开票额算，经营撑不撑得起
# ---------------------------------------------------------------------------
_LAYER_COLUMNS = ["口径", "计入的开票额（元）", "占开票额", "公式额度（元）"]
_CAPACITY_COLUMNS = ["经营净利润（元）", "月可支配收入（元）", "经营撑得起的额度（元）"]


@dataclass(frozen=True)
class InvoiceLine:
    """按某一口径的开票额算出的发票贷额度，以及经营能撑起多少（:func:`invoice_line`）。金额为元，比例为小数。

    - ``issued``、``effective``、``credible``：开票额、扣红冲作废后、再扣关联方后；``flow_net``：非关联方每家
      只认到它的净流入为止的开票额（表里没有流水时为 None）；
    - ``net_of_cancelled``、``related_accepted``、``flow_confirmed``：本次的口径——扣不扣红冲作废、关联方开票按几成
      计入、是否每家只认到净流入为止；``basis``：按这个口径计入的销售额，``share``：占开票额的比例；
    - ``system_line``：系统按全部开票额算的额度；``line``：按 ``basis`` 套同一公式的额度；
    - ``amount``：测算的申请额度（默认为系统额度）；``capacity``：把底稿的销售额缩放到 ``share`` 后，这笔额度的还款能力
      测算；``max_loan``：同一底稿经营撑得起的最高额度；``net_profit``：缩放后的经营净利润；没给底稿时三者为 None；
    - ``defensible``：复核意见里站得住的额度 = min(公式额度, 经营撑得起的额度)；没给底稿时就是公式额度；
    - ``layers``：固定的几层（开票额 → 扣红冲作废 → 扣关联方 → 只认净流入）各自的公式额度，给了底稿时还有每层的
      经营净利润、月可支配收入和撑得起的额度；``by_buyer``：每个购买方本次计入多少；``worksheet``：缩放后的底稿。
    """

    rate: float
    cap: float
    issued: float
    effective: float
    credible: float
    flow_net: float | None
    net_of_cancelled: bool
    related_accepted: float
    flow_confirmed: bool
    basis: float
    share: float
    system_line: float
    line: float
    amount: float | None
    capacity: Capacity | None
    max_loan: float | None
    net_profit: float | None
    defensible: float
    layers: pd.DataFrame = field(repr=False)
    by_buyer: pd.DataFrame = field(repr=False)
    worksheet: Worksheet | None = field(default=None, repr=False)
    report: InvoiceReport | None = field(default=None, repr=False)

    def row(self) -> dict:
        """一行摘要（中文列名），几种口径并排比较时用。"""
        cap = self.capacity
        return {"计入的销售额（元）": self.basis, "占开票额": self.share, "公式额度（元）": self.line,
                "系统额度（元）": self.system_line, "经营净利润（元）": self.net_profit,
                "月可支配收入（元）": None if cap is None else cap.disposable_monthly,
                "经营撑得起的额度（元）": self.max_loan, "站得住的额度（元）": self.defensible,
                "申请额度的结论": None if cap is None else cap.verdict}


def invoice_line(invoices: pd.DataFrame, *, rate, cap, net_of_cancelled=True, related_accepted=0.0,
                 flow_confirmed=False, worksheet=None, annual_rate=None, months=None, method: str = "先息后本",
                 amount=None, principal_source: str | None = "经营积累", source_amount=None,
                 max_share: float | None = None, taxes_paid=None, tax_norm=None) -> InvoiceLine:
    """发票贷的额度公式是“开票额 × ``rate``，最高 ``cap``”。公式不问开票额里有多少是真实销售，这里一层层问：

    1. ``net_of_cancelled``：扣不扣红冲、作废——开了又冲掉的票不是销售；
    2. ``related_accepted``：关联方的有效开票按几成计入（0 为全部扣除，1 为全部当作对外销售）。关联交易可能是真的，
       但要有出库单、运单和按账期的回款支撑，所以做成比例，让复核的人说清自己认了多少；
    3. ``flow_confirmed``：每个购买方最多只认到它的净流入（流水转入 − 短期内转回同一对手的钱）——钱没留下的票不算；
       要求表里有“流水转入”列。

    计入的销售额 ``basis`` 套同一公式得到 ``line``。给了还原底稿 ``worksheet``（按开票额还原的借款人字典或底稿）和
    贷款条件（``annual_rate``、``months``、``method``）时，再把底稿的各产品销售额按 ``basis ÷ 开票额`` 同比缩放
    （:meth:`Worksheet.what_if`），用 :meth:`Worksheet.capacity` 测算申请额度 ``amount``（默认为系统额度）还不还得上，
    以及经营撑得起的最高额度；测算按缩放后的销售额（“申报”口径），不换成别的角度印证的销售额——这里测的就是
    选定的这一口径。站得住的额度 = min(公式额度, 经营撑得起的额度)：公式只看规模，还款靠的是利润。

    到期一次还本（“先息后本”）时，``principal_source`` 默认“经营积累”：经营撑得起的额度同时受到期能攒下的钱约束；
    改成别的来源要同时给 ``source_amount``。``taxes_paid``、``tax_norm`` 原样交给 :func:`invoice_analysis`。
    额度公式的参数由调用者给出，本模块不内置任何产品的公式。

    >>> inv = pd.DataFrame({"购买方": ["甲", "乙"], "开票金额": [6_000_000, 4_000_000],
    ...                     "红冲金额": [1_000_000, 0], "关联": [True, False]})
    >>> r = invoice_line(inv, rate=0.08, cap=1_000_000)
    >>> r.system_line, r.basis, r.line
    (800000.0, 4000000.0, 320000.0)
    >>> invoice_line(inv, rate=0.08, cap=1_000_000, related_accepted=0.5).line     # (400 + 500 × 50%) 万 × 8%
    520000.0
    """
    report = invoice_analysis(invoices, taxes_paid=taxes_paid, tax_norm=tax_norm)
    r = require_fraction(rate, "额度比例")
    if r < 0.001:
        raise InputError("额度比例", "应至少 0.1%（如 0.08 表示开票额的 8%）", rate)
    top = require_positive(cap, "额度上限")
    deduct = require_flag(net_of_cancelled, "扣除红冲作废")
    accepted = require_fraction(related_accepted, "关联方开票计入比例")
    by_flow = require_flag(flow_confirmed, "只认流水净流入")
    has_flows = "流水转入" in invoices.columns
    if by_flow and not has_flows:
        raise InputError("只认流水净流入", "开票数据里没有“流水转入”列，无法按净流入核对", flow_confirmed)
    issued = report.issued
    if issued <= 0:
        raise InputError("开票数据", "开票金额合计为 0，算不出额度")

    def formula(x: float) -> float:
        return min(x * r, top)

    b = report.by_buyer
    base = b["有效开票"] if deduct else b["开票金额"]
    counted = base.where(~b["关联"], base * accepted)
    if by_flow:
        counted = counted.clip(upper=b["净流入"])
    basis = float(counted.sum())
    flow_net = float(b["有效开票"].clip(upper=b["净流入"])[~b["关联"]].sum()) if has_flows else None

    layer_rows = [("开票额", issued), ("扣红冲、作废后", report.effective), ("再扣关联方", report.credible)]
    if flow_net is not None:
        layer_rows.append(("非关联方只认净流入", flow_net))
    layers = pd.DataFrame([(name, x, x / issued, formula(x)) for name, x in layer_rows], columns=_LAYER_COLUMNS)

    sheet = capacity = max_loan = net_profit = None
    ask = None if amount is None else require_positive(amount, "申请金额")
    if worksheet is not None:
        if isinstance(worksheet, Worksheet):
            base_sheet = worksheet
        elif isinstance(worksheet, Mapping):
            base_sheet = restore(worksheet)
        else:
            raise InputError("还原底稿", "应为借款人的字典或 restore() 得到的底稿", type(worksheet).__name__)
        if annual_rate is None or months is None:
            raise InputError("年利率" if annual_rate is None else "期限", "给了还原底稿，还要给贷款的年利率和期限")
        share_cap = DEFAULT_MAX_SHARE if max_share is None else max_share
        terms = dict(principal_source=principal_source, source_amount=source_amount, max_share=share_cap,
                     sales_basis="申报")
        ask = formula(issued) if ask is None else ask

        def measure(x: float):
            ws = base_sheet.what_if(sales_factor=x / issued)
            return ws, ws.capacity(annual_rate, months, method, **terms)

        sheet, most = measure(basis)
        capacity = sheet.capacity(annual_rate, months, method, amount=ask, **terms)
        max_loan, net_profit = float(most.max_loan), float(sheet.figures.net_profit)
        extra = []
        for _, x in layer_rows:
            ws, c = measure(x)
            extra.append((ws.figures.net_profit, c.disposable_monthly, c.max_loan))
        layers[_CAPACITY_COLUMNS] = pd.DataFrame(extra, columns=_CAPACITY_COLUMNS)
        layers["站得住的额度（元）"] = layers[["公式额度（元）", "经营撑得起的额度（元）"]].min(axis=1)
    elif any(v is not None for v in (annual_rate, months, amount)):
        raise InputError("还原底稿", "给了贷款条件，还要给按开票额还原的底稿，才能测算还款能力")

    line = formula(basis)
    table = pd.DataFrame({"购买方": b["购买方"], "关联": b["关联"], "开票金额": b["开票金额"],
                          "有效开票": b["有效开票"], "净流入": b["净流入"], "计入金额": counted})
    if not has_flows:
        table = table.drop(columns="净流入")
    return InvoiceLine(rate=r, cap=top, issued=issued, effective=report.effective, credible=report.credible,
                       flow_net=flow_net, net_of_cancelled=deduct, related_accepted=accepted, flow_confirmed=by_flow,
                       basis=basis, share=basis / issued, system_line=formula(issued), line=line, amount=ask,
                       capacity=capacity, max_loan=max_loan, net_profit=net_profit,
                       defensible=line if max_loan is None else min(line, max_loan), layers=layers, by_buyer=table,
                       worksheet=sheet, report=report)
