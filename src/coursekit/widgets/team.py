"""团队带队部件：体检卡探索器、激励方案设计器。coursekit.team 的薄外壳。"""
from __future__ import annotations

from typing import Any

import ipywidgets as W
import pandas as pd
from IPython.display import HTML, display

from .. import fmt, tables, team
from .base import ToolWidget

__all__ = ["ScorecardExplorer", "IncentiveDesigner", "RequestBuilder", "PartnerPlanReview", "ReferralDesigner"]

_STYLE = {"description_width": "13em"}
_WIDE = W.Layout(width="34em")


class ScorecardExplorer(ToolWidget):
    """体检卡探索器：移动分类阈值，看每位客户经理的类型、理由和需要的帮助怎样变。

    体检卡只算一次（:func:`coursekit.team.manager_scorecard`），阈值变化时只重新归类
    （:func:`coursekit.team.apply_rules`）。``.result`` 为体检卡。
    """

    title = "客户经理体检卡：阈值定在哪里，谁就归哪一类"

    def __init__(self, bank: Any, *, show: tuple[str, ...] = ("姓名", "类型", "理由", "需要的帮助")):
        self._card = team.manager_scorecard(bank)
        self._show = show
        r = team.DEFAULT_RULES
        controls = {
            "恶化_新增逾期笔数": W.IntSlider(value=int(r["恶化_新增逾期笔数"]), min=2, max=15,
                                      description="下半年新增逾期≥几笔算恶化", style=_STYLE, layout=_WIDE),
            "抬头_新增逾期笔数": W.IntSlider(value=int(r["抬头_新增逾期笔数"]), min=1, max=10,
                                      description="≥几笔算逾期抬头", style=_STYLE, layout=_WIDE),
            "不深_相对深度": W.FloatSlider(value=r["不深_相对深度"], min=-0.5, max=0.0, step=0.01,
                                     description="相对深度≤多少算经营不深", style=_STYLE, layout=_WIDE),
            "贷后按时率下限": W.FloatSlider(value=r["贷后按时率下限"], min=0.5, max=1.0, step=0.01,
                                     description="贷后按时率低于多少要提醒", style=_STYLE, layout=_WIDE),
        }
        super().__init__(controls)

    def compute(self, values: dict[str, Any]) -> pd.DataFrame:
        return team.apply_rules(self._card, values)

    def render(self, result: pd.DataFrame) -> None:
        counts = result["类型"].value_counts()
        display(HTML("<p><b>" + "、".join(f"{k} {v} 人" for k, v in counts.items()) + "</b></p>"))
        display(tables.table(result[list(self._show)]))


class IncentiveDesigner(ToolWidget):
    """激励方案设计器：改规则和行为假设，看奖金、拆单、存款流失、每个净新增好客户的成本和奖金基尼系数。

    ``results`` 为每人一行的业绩表（:func:`coursekit.team.manager_results`）。``.result`` 为 ``(明细, 汇总)``。
    """

    title = "激励方案设计器：同一笔预算，不同的规则，不同的行为"

    def __init__(self, results: pd.DataFrame, **scheme: Any):
        self._results = results
        s = team.IncentiveScheme(**scheme)
        controls = {
            "每笔奖金": W.FloatSlider(value=s.per_loan, min=0, max=1000, step=50, description="每笔奖金（元）",
                                  style=_STYLE, layout=_WIDE),
            "按笔计奖最低金额": W.FloatSlider(value=s.min_loan_amount, min=0, max=100_000, step=5_000,
                                      description="按笔计奖最低金额（元）", style=_STYLE, layout=_WIDE),
            "按贷款余额计奖比例": W.FloatSlider(value=s.per_balance * 1e4, min=0, max=50, step=1,
                                       description="新增余额每万元奖（元）", style=_STYLE, layout=_WIDE),
            "按存款余额计奖比例": W.FloatSlider(value=s.per_deposit * 1e4, min=0, max=10, step=0.5,
                                       description="存款日均每万元奖（元）", style=_STYLE, layout=_WIDE),
            "团队分成比例": W.FloatSlider(value=s.team_share, min=0, max=1, step=0.05, description="团队分成比例",
                                    style=_STYLE, layout=_WIDE),
            "违约追回比例": W.FloatSlider(value=s.clawback, min=0, max=1, step=0.05, description="违约追回比例",
                                    style=_STYLE, layout=_WIDE),
            "拆单比例": W.FloatSlider(value=0.3, min=0, max=1, step=0.05, description="会被拆单的贷款占比（假设）",
                                  style=_STYLE, layout=_WIDE),
            "存款流失比例": W.FloatSlider(value=0.1, min=0, max=0.5, step=0.05,
                                    description="不奖存款时流失占比（假设）", style=_STYLE, layout=_WIDE),
        }
        self._fixed = {"threshold_loans": s.threshold_loans, "risk_deduction": s.risk_deduction, "cap": s.cap,
                       "budget": s.budget}
        super().__init__(controls)

    def compute(self, values: dict[str, Any]):
        scheme = dict(self._fixed, per_loan=values["每笔奖金"], min_loan_amount=values["按笔计奖最低金额"],
                      per_balance=values["按贷款余额计奖比例"] / 1e4, per_deposit=values["按存款余额计奖比例"] / 1e4,
                      team_share=values["团队分成比例"], clawback=values["违约追回比例"])
        return team.simulate_incentive(self._results, scheme, split_share=values["拆单比例"],
                                       deposit_shift=values["存款流失比例"])

    def render(self, result) -> None:
        detail, s = result
        summary = pd.Series({
            "总奖金（元）": fmt.money(s["总奖金"]), "报告笔数": f"{s['报告笔数']:,}", "其中拆单虚增": f"{s['虚增笔数']:,}",
            "存款流失（元）": fmt.money(s["存款流失"]), "净新增好客户": f"{s['净新增好客户']:,}",
            "每个净新增好客户的成本（元）": fmt.money(s["每个净新增好客户的成本"]),
            "奖金基尼系数": f"{s['奖金基尼系数']:.2f}", "奖金为零的人数": f"{s['奖金为零的人数']}",
        }, name="数值")
        display(tables.table(summary.to_frame()))
        display(tables.table(detail.set_index("客户经理")[["团队", "实际新放笔数", "报告笔数", "违约笔数", "追回",
                                                         "奖金"]]))


class RequestBuilder(ToolWidget):
    """内部资源申请：改申请的资源和客户答应带来的业务，看综合贡献度、RAROC 和打平所需的存款。

    ``customer`` 为客户现状（字典或 ``contribution.Customer``）。``.result`` 为 :func:`coursekit.team.resource_request`
    的结果；:func:`coursekit.team.resource_request_html` 把它排成可打印的申请单。
    """

    title = "内部资源申请：这份资源换来了什么"

    def __init__(self, customer: Any, *, kind: str = "利率优惠", rate_discount_bp: float = 30.0,
                 extra_deposit: float = 0.0, reason: str = ""):
        self._customer = customer
        self._reason = reason
        controls = {
            "申请类型": W.Dropdown(options=list(team.REQUEST_KINDS), value=kind, description="申请类型",
                               style=_STYLE, layout=_WIDE),
            "利率优惠（基点）": W.FloatSlider(value=rate_discount_bp, min=0, max=150, step=5,
                                       description="利率优惠（基点）", style=_STYLE, layout=_WIDE),
            "新增贷款日均": W.FloatSlider(value=0, min=0, max=3_000_000, step=50_000, description="新增贷款日均（元）",
                                    style=_STYLE, layout=_WIDE),
            "新增活期存款日均": W.FloatSlider(value=extra_deposit, min=0, max=3_000_000, step=50_000,
                                       description="新增活期存款日均（元）", style=_STYLE, layout=_WIDE),
            "直接费用": W.FloatSlider(value=0, min=0, max=50_000, step=500, description="直接费用（元）",
                                  style=_STYLE, layout=_WIDE),
        }
        super().__init__(controls)

    def compute(self, values: dict[str, Any]):
        return team.resource_request(self._customer, values["申请类型"], rate_discount_bp=values["利率优惠（基点）"],
                                     extra_loan=values["新增贷款日均"], extra_deposit=values["新增活期存款日均"],
                                     direct_cost=values["直接费用"], reason=self._reason)

    def render(self, result) -> None:
        key = result["要点"]
        shown = pd.Series({k: (f"{v:.1%}" if "RAROC" in k else fmt.money(v)) for k, v in key.items()}, name="数值")
        display(tables.table(shown.to_frame()))
        word = "增加" if key["净变化（元）"] >= 0 else "减少"
        display(HTML(f"<p>申请后综合贡献度{word} {fmt.money(abs(key['净变化（元）']))}；"
                     f"要让这份资源不亏，客户需要多带来约 {fmt.money(key['打平代价所需的活期存款增量（元）'])} 活期存款日均。</p>"))


class PartnerPlanReview(ToolWidget):
    """员工合伙人方案回测：这批不良房子能拍回几成、评估虚高多少、新方案递延多少，合伙人和银行各担多少损失。

    ``years`` 为逐年收益表（不含这批不良的预计损失），``cluster`` 为出问题的那批贷款（``loan``、``appraisal``），
    其预计损失（:func:`coursekit.team.mortgage_losses`）记在 ``npl_year`` 那一年的 ``npl_loss`` 上；``designs``
    为要比较的方案，最后一套是“新方案”，滑块改它的递延比例和本金承担比例。``.result`` 为
    :func:`coursekit.team.partner_designs` 的结果。
    """

    title = "合伙人方案回测：损失落在谁身上"

    def __init__(self, years: pd.DataFrame, partners: pd.DataFrame, cluster: pd.DataFrame, designs: dict, *,
                 npl_year: int, overstatement: float = 0.25, auction_ratio: float = 0.75,
                 disposal_cost: float = 0.0):
        self._years, self._partners, self._cluster = years, partners, cluster
        self._designs = {k: dict(v) for k, v in designs.items()}
        self._new = list(self._designs)[-1]
        self._npl_year, self._cost = npl_year, disposal_cost
        new = self._designs[self._new]
        controls = {
            "成交比例": W.FloatSlider(value=auction_ratio, min=0.4, max=1.0, step=0.01,
                                  description="拍卖成交价占真实市值", style=_STYLE, layout=_WIDE),
            "虚高幅度": W.FloatSlider(value=overstatement, min=0.0, max=0.5, step=0.01,
                                  description="评估价比真实市值高", style=_STYLE, layout=_WIDE),
            "递延比例": W.FloatSlider(value=float(new.get("deferral", 0.4)), min=0.0, max=1.0, step=0.05,
                                  description="新方案递延比例", style=_STYLE, layout=_WIDE),
            "本金承担比例": W.FloatSlider(value=float(new.get("loss_absorb", 0.0)), min=0.0, max=0.5, step=0.05,
                                    description="新方案跟投本金承担比例", style=_STYLE, layout=_WIDE),
        }
        super().__init__(controls)

    def compute(self, values: dict[str, Any]):
        losses = team.mortgage_losses(self._cluster, overstatement=values["虚高幅度"],
                                      auction_ratio=values["成交比例"], disposal_cost=self._cost)
        years = self._years.copy()
        years["npl_loss"] = years["npl_loss"].astype(float)
        years.loc[years["year"] == self._npl_year, "npl_loss"] += float(losses["预计损失"].sum())
        designs = dict(self._designs)
        designs[self._new] = dict(designs[self._new], deferral=values["递延比例"], loss_absorb=values["本金承担比例"])
        return team.partner_designs(years, self._partners, designs)

    def render(self, result) -> None:
        cols = ["损失口径", "合伙人净所得", "追回", "本金承担", "合伙人承担的损失", "合伙人承担比例", "银行承担的损失",
                "银行留存"]
        shown = result[cols].copy()
        display(tables.table(shown, formats={c: ("{:.0%}" if c == "合伙人承担比例" else "{:,.0f}")
                                             for c in cols if c != "损失口径"}))
        total = result["合伙人承担的损失"].iloc[-1] + result["银行承担的损失"].iloc[-1]
        display(HTML(f"<p>这批不良的预计损失合计 {fmt.money(total)}；新方案下合伙人承担 "
                     f"{result['合伙人承担比例'].iloc[-1]:.0%}，原方案下 {result['合伙人承担比例'].iloc[0]:.0%}。</p>"))


class ReferralDesigner(ToolWidget):
    """厅堂转介激励设计：客户经理回访一张单子花多少工时、大堂按什么计奖，看每类信号的净价值和奖金流向。

    ``slips`` 为按信号分组的转介记录（见 :func:`coursekit.team.referral_value`），``qualified`` 为合格信号。
    ``.result`` 为 ``(每类信号表, 汇总)``。
    """

    title = "厅堂转介：一张单子值多少，奖金付给了谁"

    def __init__(self, slips: pd.DataFrame, *, qualified=(), followup_hours: float = 1.5, hour_cost: float = 100.0,
                 per_slip: float = 0.0, per_qualified: float = 0.0, per_loan: float = 0.0):
        self._slips, self._qualified, self._cost = slips, tuple(qualified), hour_cost
        controls = {
            "回访工时": W.FloatSlider(value=followup_hours, min=0.0, max=4.0, step=0.25,
                                  description="回访一张单子的工时", style=_STYLE, layout=_WIDE),
            "每张奖金": W.FloatSlider(value=per_slip, min=0, max=100, step=5, description="每张转介单奖金（元）",
                                  style=_STYLE, layout=_WIDE),
            "每张合格奖金": W.FloatSlider(value=per_qualified, min=0, max=100, step=5,
                                    description="每张合格转介单奖金（元）", style=_STYLE, layout=_WIDE),
            "每笔放款奖金": W.FloatSlider(value=per_loan, min=0, max=1000, step=50,
                                    description="每笔放款奖金（元）", style=_STYLE, layout=_WIDE),
        }
        super().__init__(controls)

    def compute(self, values: dict[str, Any]):
        return team.referral_value(self._slips, followup_hours=values["回访工时"], hour_cost=self._cost,
                                   per_slip=values["每张奖金"], per_qualified=values["每张合格奖金"],
                                   per_loan=values["每笔放款奖金"], qualified=self._qualified)

    def render(self, result) -> None:
        table, s = result
        cols = ["合格信号", "转介单", "放款", "每户一年贡献", "回访成本", "每张单子的净价值", "漏访的价值", "大堂奖金"]
        display(tables.table(table[cols], formats={c: "{:,.0f}" for c in cols if c != "合格信号"}))
        display(HTML(f"<p>净价值合计 {fmt.money(s['净价值'])}；大堂奖金 {fmt.money(s['大堂奖金'])}，"
                     f"其中 {s['付给不合格信号的奖金占比']:.0%} 付给了不合格信号的单子；漏访的价值 {fmt.money(s['漏访的价值'])}。</p>"))
