"""资金流向检查部件：调整回流天数、金额下限等参数、是否包含可选规则，看被标记的交易与证据如何变化。
coursekit.compliance 的薄外壳。"""
from __future__ import annotations

import html
from typing import Any

import ipywidgets as W
import pandas as pd
from IPython.display import HTML, display

from .. import compliance, fmt, tables
from ..errors import InputError
from .base import ToolWidget

__all__ = ["FundFlowChecker", "StaffRelativesCheck", "EntrustedPayView"]

_COLUMNS = {"rule": "规则", "loan_id": "贷款编号", "customer_id": "借款人", "counterparty_name": "收款方",
            "txn_ids": "证据交易", "amount": "金额（元）", "share": "占贷款", "explanation": "说明"}


class FundFlowChecker(ToolWidget):
    """资金流向检查：参数滑块（回流天数、回流金额下限、以贷还贷天数、集中使用人数）→ 发现表。

    复选框“包含可选规则”打开后，同时运行 :data:`coursekit.compliance.OPTIONAL_RULES`
    （一主体多笔还息、资金往返），计数和发现表都包含它们；默认关闭（``optional_rules=False``），
    只运行 :data:`coursekit.compliance.RULES`。

    ``.result`` 是 :func:`coursekit.compliance.scan` 的结果表。
    """

    title = "资金流向合规检查"

    def __init__(self, transactions: pd.DataFrame, loans: pd.DataFrame, customers: pd.DataFrame | None = None,
                 guarantees: pd.DataFrame | None = None, *, max_rows: int = 30, optional_rules: bool = False):
        self.transactions = transactions
        self.loans = loans
        self.customers = customers
        self.guarantees = guarantees
        self.max_rows = max_rows
        style = {"description_width": "10em"}
        d = compliance.ScanParams()
        controls = {
            "回流天数": W.IntSlider(value=d.return_days, min=0, max=30, description="回流天数", style=style),
            "回流金额下限": W.FloatSlider(value=d.return_share[0], min=0.0, max=1.0, step=0.05,
                                     description="回流金额下限", readout_format=".0%", style=style),
            "以贷还贷天数": W.IntSlider(value=d.refinance_days, min=0, max=30, description="以贷还贷天数",
                                    style=style),
            "集中使用人数": W.IntSlider(value=d.converge_min_borrowers, min=2, max=10, description="集中使用人数",
                                    style=style),
            "可选规则": W.Checkbox(value=bool(optional_rules),
                               description="包含可选规则（" + "、".join(compliance.OPTIONAL_RULES) + "）",
                               indent=False, layout=W.Layout(width="auto")),
        }
        super().__init__(controls)

    @staticmethod
    def _rules(values: dict[str, Any]) -> tuple[str, ...]:
        return compliance.ALL_RULES if values.get("可选规则") else compliance.RULES

    def compute(self, values: dict[str, Any]) -> pd.DataFrame:
        d = compliance.ScanParams()
        params = compliance.ScanParams(
            return_days=int(values["回流天数"]), return_share=(float(values["回流金额下限"]), d.return_share[1]),
            refinance_days=int(values["以贷还贷天数"]), converge_min_borrowers=int(values["集中使用人数"]))
        return compliance.scan(self.transactions, self.loans, self.customers, self.guarantees, params=params,
                               rules=self._rules(values))

    def render(self, result: pd.DataFrame) -> None:
        rules = self._rules(self.values())
        scope = "（含可选规则）" if len(rules) > len(compliance.RULES) else ""
        if result.empty:
            display(HTML(f"<p>按当前参数{scope}，没有发现可疑的资金流向。</p>"))
            return
        counts = result["rule"].value_counts().reindex(rules, fill_value=0)
        display(HTML("<p>发现 " + "，".join(f"{r} {n} 条" for r, n in counts.items()) + "。</p>"))
        show = result.head(self.max_rows)[list(_COLUMNS)].rename(columns=_COLUMNS).copy()
        show["证据交易"] = show["证据交易"].map(lambda v: "、".join(v) if isinstance(v, (list, tuple)) else "")
        show["金额（元）"] = show["金额（元）"].map(lambda v: f"{v:,.2f}" if pd.notna(v) else "")
        show["占贷款"] = show["占贷款"].map(lambda v: f"{v * 100:.1f}%" if pd.notna(v) else "")
        more = f"（仅显示前 {self.max_rows} 条，共 {len(result)} 条）" if len(result) > self.max_rows else ""
        display(tables.table(show, index=False))
        display(HTML(f"<p>{more}</p>"))


def _parse_register(text: str) -> pd.DataFrame:
    rows = []
    for n, line in enumerate(str(text).splitlines(), start=1):
        line = line.strip().replace("，", ",")
        if not line:
            continue
        parts = [p.strip() for p in line.split(",")]
        if len(parts) != 3 or not all(parts):
            raise InputError("员工近亲属登记表", f"第 {n} 行应为“姓名,员工,关系”三项", line)
        rows.append(parts)
    return pd.DataFrame(rows, columns=["姓名", "员工", "关系"])


class StaffRelativesCheck(ToolWidget):
    """员工近亲属登记表对照：编辑登记表（每行“姓名,员工,关系”）、调集中使用人数 → 按渠道汇总的被转走金额。

    ``.result`` 是 :func:`coursekit.compliance.match_staff_relatives` 的结果表。
    """

    title = "员工近亲属登记表对照"

    def __init__(self, transactions: pd.DataFrame, loans: pd.DataFrame, register: pd.DataFrame, *,
                 converge_min_borrowers: int = 2):
        self.transactions = transactions
        self.loans = loans
        compliance.match_staff_relatives(compliance.scan(transactions, loans, rules=("流入限制性领域",)), register)
        text = "\n".join(f"{a},{b},{c}" for a, b, c in register[["姓名", "员工", "关系"]].itertuples(index=False))
        style = {"description_width": "10em"}
        controls = {
            "员工近亲属登记表": W.Textarea(value=text, description="员工近亲属登记表", style=style,
                                  layout=W.Layout(width="32em", height="8em")),
            "集中使用人数": W.IntSlider(value=int(converge_min_borrowers), min=2, max=10, description="集中使用人数",
                                    style=style),
        }
        super().__init__(controls)

    def compute(self, values: dict[str, Any]) -> pd.DataFrame:
        register = _parse_register(values["员工近亲属登记表"])
        params = compliance.ScanParams(converge_min_borrowers=int(values["集中使用人数"]))
        found = compliance.scan(self.transactions, self.loans, params=params,
                                rules=tuple(r for r in compliance.RULES if r != "担保圈"))
        return compliance.match_staff_relatives(found, register)

    def render(self, result: pd.DataFrame) -> None:
        if result.empty:
            display(HTML("<p>按当前参数，扫描没有发现可疑的收款方。</p>"))
            return
        by = result.groupby("渠道", sort=False).agg(借款人户数=("loan_id", "nunique"), 金额=("amount", "sum"))
        hit = result.loc[result["员工"] != "", "amount"].sum()
        display(HTML(f"<p>扫描发现 {len(result)} 条，其中收款方在登记表里的合计 {hit:,.0f} 元。</p>"))
        display(tables.table(by.reset_index().assign(金额=by["金额"].map(lambda v: f"{v:,.0f}").values),
                             index=False))


class EntrustedPayView(ToolWidget):
    """受托支付的起点（:func:`coursekit.compliance.entrusted_cover`）：起点越低，拦住的挪用越多，要收合同、
    付给交易对象的笔数也越多。"""

    title = "受托支付的起点定在哪里"

    def __init__(self, loans: pd.DataFrame, findings: pd.DataFrame, *, threshold: float, max_threshold: float = 500_000):
        compliance.entrusted_cover(loans, findings, threshold)   # 坏参数在这里就报
        self._loans, self._findings = loans, findings
        controls = {
            "起点（万元）": W.FloatSlider(value=round(float(threshold) / 10_000, 1), min=0.0,
                                     max=max(float(max_threshold), float(threshold)) / 10_000, step=1.0,
                                     description="受托支付起点（万元）", style={"description_width": "12em"},
                                     continuous_update=False),
        }
        super().__init__(controls)

    def compute(self, values: dict[str, Any]) -> pd.DataFrame:
        return compliance.entrusted_cover(self._loans, self._findings, values["起点（万元）"] * 10_000)

    def render(self, result: pd.DataFrame) -> None:
        a = result.attrs
        display(HTML(f"<p>{a['受托笔数']} 笔要受托支付；拦得住的问题金额 {html.escape(fmt.wan(a['拦住的问题金额'], 0))}，"
                     f"拦不住的 {html.escape(fmt.wan(a['漏掉的问题金额'], 0))}。</p>"))
        display(tables.table(result, index=False, formats={"金额": "{:,.0f}", "问题金额": "{:,.0f}"}))
