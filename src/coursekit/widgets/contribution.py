"""综合贡献度计算器部件：拖动滑块试算“增加代发、迁入结算、增加保险理财”，看构成表与瀑布图。"""
from __future__ import annotations

import html
from typing import Any

import ipywidgets as W
import pandas as pd
from IPython.display import HTML, display

from .. import fmt
from ..contribution import Comparison, ContributionParams, Customer, _as_customer, what_if
from ..errors import InputError
from .base import ToolWidget

__all__ = ["ContributionCalculator"]

_STYLE = {"description_width": "12em"}
_LAYOUT = W.Layout(width="34em")
SCENARIO = "调整后"


class ContributionCalculator(ToolWidget):
    """综合贡献度计算器（教学模型，参数为示意）。

    ``customer``：一户客户（字典或 :class:`~coursekit.contribution.Customer`）或客户群（列表）。
    滑块表示在现状之上**新增**的业务：

    - 新增代发人数、代发员工人均活期日均：企业的“代发人数”增加，并新增一个“代发员工（新增）”成员；
    - 结算流水迁入、收单交易额迁入（万元/年）：加到企业上；
    - 新增保险年保费（元）、新增理财日均（万元）：加到实际控制人上（没有时加到企业上）。

    企业默认是角色为“企业”的成员（没有则取第一个），实际控制人是角色为“实际控制人”的成员。
    ``.result`` 是 :class:`~coursekit.contribution.Comparison`（现状与调整后并排）。
    """

    title = "综合贡献度计算器（教学模型，参数为示意）"

    def __init__(self, customer, params: ContributionParams | dict | None = None, *, payroll: int = 0,
                 salary_deposit: float = 6_000, settlement_wan: float = 0, acquiring_wan: float = 0,
                 insurance: float = 0, wealth_wan: float = 0):
        if isinstance(customer, (Customer, dict)):
            members = [_as_customer(customer)]
        elif isinstance(customer, (list, tuple)):
            members = [_as_customer(c) for c in customer]
        else:
            raise InputError("客户信息", "应为客户（字典）或客户群（列表）", type(customer).__name__)
        if not members:
            raise InputError("客户群", "不能为空，至少要有一户客户")
        self.members = members
        self.params = params
        roles = [m.role for m in members]
        self.enterprise = members[roles.index("企业")] if "企业" in roles else members[0]
        self.owner = members[roles.index("实际控制人")] if "实际控制人" in roles else self.enterprise

        def slider(cls, value, low, high, step, desc):
            return cls(value=value, min=low, max=high, step=step, description=desc, style=_STYLE, layout=_LAYOUT,
                       continuous_update=False)

        controls = {
            "新增代发人数": slider(W.IntSlider, payroll, 0, 500, 5, "新增代发人数"),
            "员工活期日均": slider(W.FloatSlider, salary_deposit, 0, 50_000, 500, "员工人均活期日均（元）"),
            "结算流水迁入": slider(W.FloatSlider, settlement_wan, 0, 10_000, 100, "结算流水迁入（万元/年）"),
            "收单交易额迁入": slider(W.FloatSlider, acquiring_wan, 0, 5_000, 50, "收单交易额迁入（万元/年）"),
            "新增保险年保费": slider(W.FloatSlider, insurance, 0, 200_000, 1_000, "新增保险年保费（元）"),
            "新增理财日均": slider(W.FloatSlider, wealth_wan, 0, 1_000, 10, "新增理财日均（万元）"),
        }
        super().__init__(controls)

    def scenario(self, values: dict[str, Any]) -> dict:
        """把滑块的值翻译成 :func:`~coursekit.contribution.what_if` 的情景改动。"""
        ent, own = self.enterprise, self.owner
        n = int(values["新增代发人数"])
        ent_changes = {
            "payroll_employees": ent.payroll_employees + n,
            "settlement_turnover": ent.settlement_turnover + values["结算流水迁入"] * 10_000,
            "acquiring_turnover": ent.acquiring_turnover + values["收单交易额迁入"] * 10_000,
        }
        own_changes = {
            "insurance_premium": own.insurance_premium + values["新增保险年保费"],
            "wealth_avg": own.wealth_avg + values["新增理财日均"] * 10_000,
        }
        if own.name == ent.name:
            changes = {ent.name: {**ent_changes, **own_changes}}
        else:
            changes = {ent.name: ent_changes, own.name: own_changes}
        if n > 0:
            changes["新增客户"] = [{"名称": "代发员工（新增）", "角色": "代发员工", "户数": n,
                                "活期存款日均": values["员工活期日均"]}]
        return changes

    def compute(self, values) -> Comparison:
        return what_if(self.members, self.params, **{SCENARIO: self.scenario(values)})

    def render(self, result: Comparison) -> None:
        from ..contribution import waterfall

        s = result.summary
        base, new = s.iloc[0], s.iloc[1]

        def raroc(v):
            return "无贷款" if pd.isna(v) else fmt.pct(v)

        display(HTML(
            f"<p>现状综合贡献度 <b>{html.escape(fmt.yuan(base['综合贡献度']))}</b>（RAROC {raroc(base['RAROC'])}）；"
            f"调整后 <b>{html.escape(fmt.yuan(new['综合贡献度']))}</b>（RAROC {raroc(new['RAROC'])}），"
            f"增加 <b>{html.escape(fmt.yuan(new['较现状增加']))}</b>。</p>"
        ))
        table = result.table.copy()
        table["变化"] = table[SCENARIO] - table["现状"]
        for col in ("现状", SCENARIO, "变化"):
            table[col] = [fmt.yuan(v, unit=False) for v in table[col]]
        display(HTML("<p><b>构成对比（元/年）</b></p>"))
        display(table.style.hide(axis="index"))
        fig = waterfall(result.results[SCENARIO], title="调整后的综合贡献度构成（教学模型，示意参数）")
        display(fig)
        import matplotlib.pyplot as plt

        plt.close(fig)
