"""发票数据（发票贷、票易贷）：把一年的开票额一层层拆开，看哪一部分是真实、可持续的销售。

按购买方汇总的开票数据，逐层扣除：

1. **红冲、作废**：开了又冲掉的票不是销售；红冲、作废占比高，本身就是信号（虚开后冲回、为冲规模反复开票）；
2. **关联方**：卖给自己、亲属或同一地址公司的票，可能只是在关联方之间转圈；
3. **票、款不符**：同一购买方的银行转入扣除短期内转回同一对手的钱，才是净流入；开票多、净流入少的购买方要逐个问。

再看**集中度**（最大、前三大购买方占有效开票的比例）和**税负率**（实缴税款 ÷ 有效开票额，与本地同行参考值比；
参考值由调用者给出，本模块不内置任何税负率）。

输入表的列：``购买方``、``开票金额``，可选 ``红冲金额``、``作废金额``、``关联``（是 / 否）、``流水转入``、``回流``
（短期内转回同一对手的金额）；“关联”可填 是 / 否。
"""
from __future__ import annotations

from dataclasses import dataclass
from numbers import Real

import pandas as pd

from ..errors import InputError, require_flag, require_fraction, require_non_negative

__all__ = ["InvoiceReport", "invoice_analysis"]

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
