"""营销部件：客群规划、活动投入产出、线索名单、资金流链条。都是 coursekit.marketing 的薄外壳，结果在 ``.result``。"""
from __future__ import annotations

import html
from typing import Any, Mapping

import ipywidgets as W
import pandas as pd
from IPython.display import HTML, display

from .. import fmt, loans, marketing, tables
from ..errors import InputError
from .base import ToolWidget

__all__ = ["ClusterPlanner", "SitePlanner", "CampaignROI", "ProspectExplorer", "FlowChainExplorer",
           "BatchStressExplorer", "BatchPlanExplorer", "GridPilotExplorer",
           "CampaignLiftExplorer", "PayrollDealView", "PayrollBenefitView", "GroupExposureView",
           "DealerLimitExplorer", "StockHoldingExplorer"]
__all__ += ["OrderLimitExplorer", "SeriesPlanView"]
__all__ += ["MarketLimitExplorer", "FeedCreditExplorer", "PayrollBurdenExplorer"]
__all__ += ["FleetAdditionView"]
__all__ += ["WeChatFollowupView", "LapsedDepositorView", "PolicyReviewView", "SavingsPlanView", "IdleCreditView", "CouponCohortView", "ElevatorShareView", "BurstQueueView", "BookConcentrationView", "FirstContactView", "RecoveryLineView"]

_STYLE = {"description_width": "8em"}


def _table(df: pd.DataFrame, rows: int = 20) -> None:
    display(tables.table(df.head(rows), index=False))


class ClusterPlanner(ToolWidget):
    """客群规划：在可用人天内挑客群。评分表只算一次，拖动预算、不良率上限时只重新挑选。

    ``.result`` 为 :func:`coursekit.marketing.choose_clusters` 的结果（含“决定”“理由”）。
    """

    title = "客群规划：人手有限，先去哪里"

    def __init__(self, bank: Any, staff_days: float = 150.0, max_npl: float = 0.05):
        self._card = marketing.cluster_scorecard(bank)
        controls = {
            "可用人天": W.FloatSlider(value=staff_days, min=0, max=600, step=10, description="可用人天", style=_STYLE),
            "不良率上限": W.FloatSlider(value=max_npl, min=0.0, max=0.2, step=0.01, description="不良率上限",
                                   readout_format=".0%", style=_STYLE),
        }
        super().__init__(controls)

    def compute(self, values: dict[str, Any]) -> pd.DataFrame:
        return marketing.choose_clusters(self._card, values["可用人天"], max_npl=values["不良率上限"])

    def render(self, result: pd.DataFrame) -> None:
        chosen = result[result["决定"] == "选"]
        display(HTML(f"<p>选中 {len(chosen)} 个客群，用 {chosen['服务人天'].sum():.1f} 人天，"
                     f"年潜在贡献 {fmt.wan(chosen['年潜在贡献'].sum())}；剩 {result.attrs['剩余人天']:.1f} 人天。</p>"))
        show = result[["客群", "类型", "非客户", "距离（公里）", "不良率", "服务人天", "年潜在贡献", "每人天贡献",
                       "决定", "理由"]].copy()
        show["不良率"] = show["不良率"].map(fmt.pct)
        show["服务人天"] = show["服务人天"].round(1)
        show["年潜在贡献"] = show["年潜在贡献"].map(fmt.wan)
        show["每人天贡献"] = show["每人天贡献"].round(0).astype(int)
        _table(show)


class SitePlanner(ToolWidget):
    """新进地点的人手账（:func:`coursekit.marketing.site_plan`）：每个地点选驻点、流动服务日或暂不进入，
    拖动可用人天和驻点服务日，看第一年要多少人天、放不放得下、服务多少贷款户。``.result`` 为 site_plan 的结果。
    """

    title = "新进地点的人手账：第一年要多少客户经理人天"

    def __init__(self, candidates: Any, modes: dict | None = None, staff_days: float = 180.0, station_days: int = 48,
                 roving_days: int = 12):
        self.candidates = candidates
        self.roving_days = roving_days
        first = marketing.site_plan(candidates, modes or {}, staff_days, station_days=station_days,
                                    roving_days=roving_days)        # 坏参数在这里就报
        style = {"description_width": "11em"}
        controls = {
            "可用人天": W.FloatSlider(value=staff_days, min=0, max=max(400.0, float(staff_days)), step=5,
                                  description="可用人天", style=style, continuous_update=False),
            "驻点服务日（天/年）": W.IntSlider(value=int(station_days), min=0, max=max(100, int(station_days)), step=4,
                                       description="驻点服务日（天/年）", style=style, continuous_update=False),
        }
        for place, mode in zip(first["地点"], first["进入方式"]):
            controls[f"进入方式（{place}）"] = W.Dropdown(options=list(marketing.SITE_MODES), value=mode,
                                                      description=place, style=style)
        super().__init__(controls)

    def compute(self, values: dict[str, Any]) -> pd.DataFrame:
        modes = {k[len("进入方式（"):-1]: v for k, v in values.items() if k.startswith("进入方式（")}
        return marketing.site_plan(self.candidates, modes, values["可用人天"],
                                   station_days=values["驻点服务日（天/年）"], roving_days=self.roving_days)

    def render(self, result: pd.DataFrame) -> None:
        a = result.attrs
        verdict = "放得下" if a["放得下"] else "放不下"
        display(HTML(f"<p>第一年合计 <b>{a['合计人天']:.1f} 人天</b>，{verdict}（剩 {a['剩余人天']:.1f} 人天）；"
                     f"服务贷款户约 {result['服务贷款户数'].sum():.0f} 户，贷款余额约 "
                     f"{result['贷款余额（万元）'].sum():,.0f} 万元。</p>"))
        display(tables.table(result, formats={"建档人天": "{:.1f}", "服务日人天": "{:.1f}", "第一年人天": "{:.1f}", "其中路上人天": "{:.1f}",
                                              "服务贷款户数": "{:.0f}", "贷款余额（万元）": "{:,.0f}"}, index=False))


class CampaignROI(ToolWidget):
    """活动投入产出：改观察期、贷款净收益率、人天成本，看各活动的漏斗与每元贡献。``.result`` 为比较表。"""

    title = "活动投入产出计算器"

    def __init__(self, bank: Any, horizon_months: int = 6, loan_margin: float = 0.02, day_cost: float = 1000.0):
        self._bank = bank
        controls = {
            "观察期（月）": W.IntSlider(value=horizon_months, min=1, max=6, description="观察期（月）", style=_STYLE),
            "贷款净收益率": W.FloatSlider(value=loan_margin, min=0.0, max=0.05, step=0.005, readout_format=".1%",
                                     description="贷款净收益率", style=_STYLE),
            "人天成本": W.FloatSlider(value=day_cost, min=0, max=3000, step=100, description="人天成本", style=_STYLE),
        }
        super().__init__(controls)

    def compute(self, values: dict[str, Any]) -> pd.DataFrame:
        f = marketing.funnel(self._bank, horizon_months=values["观察期（月）"], loan_margin=values["贷款净收益率"])
        return marketing.compare_campaigns(f, day_cost=values["人天成本"])

    def render(self, result: pd.DataFrame) -> None:
        show = result.copy()
        show["接触→借款"] = show["接触→借款"].map(lambda v: fmt.pct(v) if pd.notna(v) else "—")
        show["全部成本"] = show["全部成本"].map(fmt.wan)
        show["12 个月贡献"] = show["12 个月贡献"].map(fmt.wan)
        show["每元贡献"] = show["每元贡献"].round(2)
        _table(show)


class ProspectExplorer(ToolWidget):
    """线索名单：选渠道、名单长度，看每人的得分与理由。打分只算一次。``.result`` 为名单表。"""

    title = "线索名单：谁最可能近期要贷款，为什么"

    def __init__(self, bank: Any, channel: str = "全部", top: int = 15):
        self._all = marketing.screen_prospects(bank)
        controls = {
            "渠道": W.Dropdown(options=["全部", *marketing.CHANNELS], value=channel, description="渠道", style=_STYLE),
            "名单人数": W.IntSlider(value=top, min=5, max=100, step=5, description="名单人数", style=_STYLE),
            "只看非客户": W.Checkbox(value=False, description="只看非客户"),
        }
        super().__init__(controls)

    def compute(self, values: dict[str, Any]) -> pd.DataFrame:
        out = self._all
        if values["渠道"] != "全部":
            out = out[out["渠道"] == values["渠道"]]
        if values["只看非客户"]:
            out = out[~out["是否客户"]]
        return out.head(values["名单人数"]).reset_index(drop=True)

    def render(self, result: pd.DataFrame) -> None:
        _table(result[["人员编号", "姓名", "类型", "客群", "渠道", "得分", "理由"]], rows=100)


class FlowChainExplorer(ToolWidget):
    """资金流链条：选一家核心企业，看上游、下游和其中还不是本行客户的人。``.result`` 为链条表。"""

    title = "资金流链条：顺着钱找客户"

    def __init__(self, bank: Any, firm_id: str | None = None):
        self._bank = bank
        self._graph = marketing.flow_graph(bank.trade_flows if hasattr(bank, "trade_flows") else bank["trade_flows"])
        cores = bank.core_firms if hasattr(bank, "core_firms") else bank["core_firms"]
        options = [(f"{r.firm_id} {r.name}", r.firm_id) for r in cores.itertuples()]
        controls = {
            "核心企业": W.Dropdown(options=options, value=firm_id or options[0][1], description="核心企业",
                               style=_STYLE),
            "层数": W.IntSlider(value=1, min=1, max=2, description="层数", style=_STYLE),
            "最低金额（万元）": W.FloatSlider(value=0, min=0, max=50, step=1, description="最低金额（万元）",
                                      style=_STYLE),
        }
        super().__init__(controls)

    def compute(self, values: dict[str, Any]) -> pd.DataFrame:
        return marketing.flow_chain(self._bank, values["核心企业"], depth=values["层数"],
                                    min_amount=values["最低金额（万元）"] * 1e4, graph=self._graph)

    def render(self, result: pd.DataFrame) -> None:
        s = result.groupby(["方向", "是否本行客户"]).agg(户数=("交易对手", "size"), 金额=("全年金额", "sum"))
        lines = []
        for d in ("上游", "下游"):
            non = s.loc[(d, False)] if (d, False) in s.index else None
            tot = s.loc[d]["户数"].sum() if d in s.index.get_level_values(0) else 0
            if tot:
                lines.append(f"{d} {tot} 户，其中非本行客户 {0 if non is None else int(non['户数'])} 户"
                             f"（{fmt.wan(0 if non is None else non['金额'])}）")
        display(HTML("<p>" + "；".join(lines) + "。</p>"))
        show = result.copy()
        show["全年金额"] = show["全年金额"].map(fmt.wan)
        show["是否本行客户"] = show["是否本行客户"].map({True: "是", False: "否"})
        _table(show, rows=30)


class BatchPlanExplorer(ToolWidget):
    """批量授信测算：主控件是违约率（还有违约损失率、户均额度、用信率），看一年贡献与盈亏平衡违约率。

    给了 ``normal_pd``（平常年份违约率）和 ``shock_pd``（冲击年份违约率）时，主控件换成“冲击概率”，
    违约率按 :func:`coursekit.marketing.expected_pd` 算出——会上争的往往是坏年份多久来一次，而不是违约率本身。
    其他参数（户数、通过率、利率、资金成本、距离、启动费用）按案例给定，不在界面上改。
    ``.result`` 为 :func:`coursekit.marketing.batch_credit_plan` 的结果。
    """

    title = "批量授信测算：违约率到多少就不赚钱"

    def __init__(self, households: int, pd_: float = 0.015, lgd: float = 0.5, avg_limit: float = 100_000.0,
                 take_up: float = 0.5, normal_pd: float | None = None, shock_pd: float | None = None,
                 shock_prob: float = 0.2, **plan_inputs: Any):
        self._fixed = dict(plan_inputs)
        self._shock = None
        if (normal_pd is None) != (shock_pd is None):
            raise InputError("冲击年份违约率", "平常年份与冲击年份的违约率要一起给")
        if normal_pd is not None:
            pd_ = marketing.expected_pd(normal_pd, shock_pd, shock_prob)
            self._shock = (normal_pd, shock_pd)
        marketing.batch_credit_plan(households, pd_=pd_, lgd=lgd, avg_limit=avg_limit, take_up=take_up,
                                    **self._fixed)   # 固定参数有误时在构造时就报错
        self._households = households
        if self._shock is None:
            main = {"违约率": W.FloatSlider(value=pd_, min=0.0, max=0.15, step=0.0025, description="违约率",
                                         readout_format=".2%", style=_STYLE)}
        else:
            main = {"冲击概率": W.FloatSlider(value=shock_prob, min=0.0, max=0.5, step=0.01, description="冲击概率（每年）",
                                          readout_format=".0%", style=_STYLE)}
        controls = {
            **main,
            "违约损失率": W.FloatSlider(value=lgd, min=0.0, max=1.0, step=0.05, description="违约损失率",
                                   readout_format=".0%", style=_STYLE),
            "户均额度（万元）": W.FloatSlider(value=avg_limit / 10_000, min=1, max=50, step=1,
                                       description="户均额度（万元）", style=_STYLE),
            "用信率": W.FloatSlider(value=take_up, min=0.05, max=1.0, step=0.05, description="用信率",
                                 readout_format=".0%", style=_STYLE),
        }
        super().__init__(controls)

    def compute(self, values: dict[str, Any]):
        if self._shock is None:
            p = values["违约率"]
        else:
            p = marketing.expected_pd(*self._shock, values["冲击概率"])
        return marketing.batch_credit_plan(self._households, pd_=p, lgd=values["违约损失率"],
                                           avg_limit=values["户均额度（万元）"] * 10_000, take_up=values["用信率"],
                                           **self._fixed)

    def render(self, result) -> None:
        be = marketing.break_even_pd(result)
        verdict = "赚钱" if result.contribution > 0 else "不赚钱"
        be_text = "违约率怎么变都不影响贡献" if be == float("inf") else f"盈亏平衡违约率 {fmt.pct(be)}"
        used = "" if self._shock is None else f"按冲击概率算出的违约率 {fmt.pct(result.inputs['pd_'])}；"
        display(HTML(f"<p>{used}一年贡献 {fmt.wan(result.contribution)}（{verdict}）；{be_text}；"
                     f"投入 {result.officer_days:.1f} 人天。</p>"))
        show = result.table.copy()
        show["数值"] = ["收不回（每月贡献不为正）" if v == float("inf") else fmt.wan(v) if abs(v) >= 10_000
                      else f"{v:,.1f}" for v in show["数值"]]
        _table(show)


class OrderLimitExplorer(ToolWidget):
    """按订货记录批量定额度：主控件是“额度覆盖几个月的订货额”，还可以换额度基数（月均或最近一月）、调用信率。

    额度按 :func:`coursekit.marketing.order_limits`，一年测算按 :func:`coursekit.marketing.order_credit_plan`；
    其余测算参数（通过率、利率、资金成本、违约率……）按案例给定。``.result`` 为 (额度表, 测算结果)。
    """

    title = "按订货记录定额度：覆盖几个月、按哪个月"

    def __init__(self, shops: Any, months_cover: float = 3.0, base: str = "月均", take_up: float = 0.4,
                 limit_options: dict | None = None, **plan_inputs: Any):
        self._shops = shops
        self._opts = dict(limit_options or {})
        self._fixed = dict(plan_inputs)
        lim = marketing.order_limits(shops, months_cover=months_cover, base=base, **self._opts)
        marketing.order_credit_plan(lim, take_up=take_up, **self._fixed)   # 参数有误时在构造时就报错
        controls = {
            "额度覆盖月数": W.FloatSlider(value=months_cover, min=1.0, max=6.0, step=0.5, description="覆盖几个月订货额",
                                    style=_STYLE),
            "额度基数": W.ToggleButtons(options=["月均", "最近一月"], value=base, description="额度基数", style=_STYLE),
            "用信率": W.FloatSlider(value=take_up, min=0.05, max=1.0, step=0.05, description="用信率",
                                 readout_format=".0%", style=_STYLE),
        }
        super().__init__(controls)

    def compute(self, values: dict[str, Any]):
        lim = marketing.order_limits(self._shops, months_cover=values["额度覆盖月数"], base=values["额度基数"],
                                     **self._opts)
        return lim, marketing.order_credit_plan(lim, take_up=values["用信率"], **self._fixed)

    def render(self, result) -> None:
        lim, plan = result
        n = lim["户数"] if "户数" in lim.columns else pd.Series(1, index=lim.index)
        total = float((n * lim["额度"]).sum())
        el = float(plan.table.set_index("项目").loc["预期损失", "数值"])
        display(HTML(f"<p>入选 {int(n[lim['入选']].sum())} 户，授信总额 {fmt.wan(total)}；"
                     f"一年贡献 {fmt.wan(plan.contribution)}，其中预期损失 {fmt.wan(el)}。</p>"))
        show = lim[["零售户", "月均订货额", "旺季倍数", "额度", "原因"]].copy()
        show["月均订货额"] = show["月均订货额"].map(fmt.wan)
        show["旺季倍数"] = show["旺季倍数"].map(lambda v: "" if pd.isna(v) else f"{v:.1f}")
        show["额度"] = show["额度"].map(fmt.wan)
        if "户数" in lim.columns:
            show.insert(1, "户数", lim["户数"].astype(int))
        _table(show)


class SeriesPlanView(ToolWidget):
    """几场顾问式活动的预算：主控件是“到场者里经营者的占比”（来的是老板，还是会计），旁边是经营者的转化率和每场费用。

    ``share_label``、``conversion_label`` 改两个滑块的名称：例如培训后几期，占比是“新面孔占比”，转化率是新面孔的批准率。

    其余参数（场次、每场到场人数、每场人天、每个好客户一年贡献）按案例给定。``.result`` 为
    :func:`coursekit.marketing.series_plan` 的结果。
    """

    title = "一组沙龙的预算：来的是谁、几个成了客户"

    def __init__(self, sessions: int, attendees: float, owner_share: float, conversion: float, cost_per_session: float,
                 officer_days_per_session: float, value_per_customer: float, day_cost: float = 1_000.0,
                 share_label: str = "到场者里经营者占比", conversion_label: str = "经营者转化率"):
        self._fixed = dict(sessions=sessions, attendees=attendees, officer_days_per_session=officer_days_per_session,
                           value_per_customer=value_per_customer, day_cost=day_cost)
        marketing.series_plan(conversion=conversion, owner_share=owner_share, cost_per_session=cost_per_session,
                              **self._fixed)   # 参数有误时在构造时就报错
        controls = {
            "经营者占比": W.FloatSlider(value=owner_share, min=0.0, max=1.0, step=0.05, description=str(share_label),
                                   readout_format=".0%", style=_STYLE),
            "转化率": W.FloatSlider(value=conversion, min=0.0, max=0.3, step=0.005, description=str(conversion_label),
                                 readout_format=".1%", style=_STYLE),
            "每场费用": W.FloatSlider(value=cost_per_session, min=0, max=30_000, step=500, description="每场费用（元）",
                                  style=_STYLE),
        }
        super().__init__(controls)

    def compute(self, values: dict[str, Any]) -> pd.Series:
        return marketing.series_plan(owner_share=values["经营者占比"], conversion=values["转化率"],
                                     cost_per_session=values["每场费用"], **self._fixed)

    def render(self, result: pd.Series) -> None:
        per = result["每个好客户的成本"]
        per_text = "没有好客户" if per == float("inf") else f"每个好客户 {fmt.money(per, 0)}"
        need = result["打平所需转化率"]
        need_text = "怎么转化都不打平" if need > 1 else f"打平要 {fmt.pct(need)}"
        display(HTML(f"<p>{int(result['场次'])} 场到场 {result['到场人次']:.0f} 人次，其中经营者 {result['其中经营者']:.0f} 人；"
                     f"预计好客户 {result['预计好客户']:.1f} 户，{per_text}；净贡献 {fmt.wan(result['净贡献'])}；"
                     f"经营者转化率{need_text}。</p>"))


class BatchStressExplorer(ToolWidget):
    """按生产单元授信的一批农户：价格跌多少、贷多少、贷多久，联保在“一户出事”和“一起出事”时各兜得住多少。

    ``farm`` 为 :func:`coursekit.marketing.batch_stress` 的农户表（户、组、单元数）；``season_sales`` 是每单元
    受冲击那一季的销售额，价格下跌按它折成每单元少收的钱；还款按等额本息折成一年的本息。
    ``.result`` 为 :class:`coursekit.marketing.BatchStress`。
    """

    title = "批量授信压力：价格、额度、期限与联保"

    def __init__(self, farm: Any, *, net_per_unit: float, household_net: float, season_sales: float,
                 loan_per_unit: float = 24_000.0, annual_rate: float = 0.052, months: int = 36,
                 price_drop: float = 0.4, mode: str = "共同冲击"):
        self._farm = farm
        self._net, self._hh, self._season = net_per_unit, household_net, season_sales
        self._rate = annual_rate
        controls = {
            "价格下跌": W.FloatSlider(value=price_drop, min=0.0, max=0.6, step=0.05, description="价格下跌",
                                   readout_format=".0%", style=_STYLE),
            "每单元贷款": W.FloatSlider(value=loan_per_unit, min=10_000, max=40_000, step=1_000,
                                     description="每单元贷款（元）", readout_format=",.0f", style=_STYLE),
            "期限": W.Dropdown(options=[("36 个月", 36), ("48 个月", 48), ("60 个月", 60)], value=months,
                             description="期限", style=_STYLE),
            "冲击方式": W.ToggleButtons(options=list(marketing.STRESS_MODES), value=mode, description="冲击方式",
                                    style=_STYLE),
        }
        super().__init__(controls)

    def compute(self, values: dict[str, Any]) -> "marketing.BatchStress":
        due = 12 * loans.payment_for(values["每单元贷款"], self._rate, values["期限"])
        return marketing.batch_stress(self._farm, net_per_unit=self._net, household_net=self._hh,
                                      due_per_unit=due, shock_per_unit=self._season * values["价格下跌"],
                                      mode=values["冲击方式"])

    def render(self, result: "marketing.BatchStress") -> None:
        s = result.summary
        display(HTML(f"<p>{s['冲击方式']}：{s['户数']} 户中 {s['有缺口户数']} 户一年的收入还不上当年本息，缺口合计 "
                     f"{fmt.wan(s['缺口合计'])}；{s['组数']} 个联保小组里 {s['兜不住的组数']} 个兜不住，互保后仍缺 "
                     f"{fmt.wan(s['互保后仍缺'])}（占全年应还 {fmt.pct(s['仍缺占应还'])}）。</p>"))
        show = result.groups.copy()
        for col in ("应还", "缺口合计", "富余合计", "互保后仍缺"):
            show[col] = show[col].map(fmt.wan)
        show["兜得住"] = show["兜得住"].map({True: "是", False: "否"})
        _table(show, rows=20)


class TradeCycleExplorer(ToolWidget):
    """收购贷款的现金周期：卖出推迟几个月、售价变动几成，各种还款安排下账上现金最低到多少。

    ``title`` 换掉部件的标题（养殖、种植的周期贷款不是“收购”）；其余参数原样传给 :func:`coursekit.marketing.trade_cycle`；``.result`` 为 :class:`coursekit.marketing.TradeCycle`。
    """

    title = "收购贷款的现金周期：卖得晚了，哪种还款安排先断"

    def __init__(self, purchase: float, buy_months: Any, sale_months: Any, plans: Any, *, sale_delay: int = 0,
                 price_change: float = 0.0, title: str | None = None, **kwargs: Any):
        marketing.trade_cycle(purchase, buy_months, sale_months, plans, sale_delay=sale_delay,
                              price_change=price_change, **kwargs)   # 坏参数在这里就报
        self._args = (purchase, buy_months, sale_months, plans)
        self._kwargs = kwargs
        controls = {
            "卖出推迟": W.IntSlider(value=int(sale_delay), min=0, max=4, step=1, description="卖出推迟（月）",
                                style=_STYLE, continuous_update=False),
            "售价变动": W.FloatSlider(value=price_change, min=-0.2, max=0.1, step=0.01, description="售价变动",
                                  readout_format=".0%", style=_STYLE, continuous_update=False),
        }
        super().__init__(controls, title=title)

    def compute(self, values: dict[str, Any]) -> "marketing.TradeCycle":
        return marketing.trade_cycle(*self._args, sale_delay=values["卖出推迟"], price_change=values["售价变动"],
                                     **self._kwargs)

    def render(self, result: "marketing.TradeCycle") -> None:
        show = result.plans.copy()
        for col in ("最低现金", "期末现金", "周期内还款"):
            show[col] = show[col].map(fmt.wan)
        show["最低月份"] = show["最低月份"].map(lambda k: f"第 {k} 个月")
        note = f"；推迟到周期之外、没有计入的销售 {fmt.wan(result.sales_outside)}" if result.sales_outside else ""
        display(HTML(f"<p>账上现金为负的月份，就是借款人要么逾期、要么提前贱卖、要么去借高息钱的月份{note}。</p>"))
        _table(show, rows=10)


class GridPilotExplorer(ToolWidget):
    """合作网格先做哪一个（:func:`coursekit.marketing.grid_pilot`）。

    主控件是“关店率折算”：本行审过的借款户，关店率是整个网格关店率的几成——合作方说本行挑过的户不会像整条街
    那样关门，风险部说新客户来自关门最多的那一批。第二个控件是授权率（在营非客户里签了授权书的比例）。
    其他参数按案例给定。``.result`` 为 grid_pilot 的结果表。
    """

    title = "合作网格：先去哪一个"

    def __init__(self, grids: Any, *, consent_rate: float = 0.25, closure_factor: float = 0.4, **terms: Any):
        self._grids = grids
        self._terms = dict(terms)
        marketing.grid_pilot(grids, consent_rate=consent_rate, closure_factor=closure_factor,
                             **self._terms)     # 参数有误时在构造时就报错
        controls = {
            "关店率折算": W.FloatSlider(value=closure_factor, min=0.1, max=1.0, step=0.05,
                                   description="关店率折算", readout_format=".0%", style=_STYLE),
            "授权率": W.FloatSlider(value=consent_rate, min=0.05, max=0.6, step=0.05, description="授权率",
                                 readout_format=".0%", style=_STYLE),
        }
        super().__init__(controls)

    def compute(self, values: dict[str, Any]) -> pd.DataFrame:
        return marketing.grid_pilot(self._grids, consent_rate=values["授权率"],
                                    closure_factor=values["关店率折算"], **self._terms)

    def render(self, result: pd.DataFrame) -> None:
        top = result.iloc[0]
        losing = result.loc[result["年贡献"] < 0, "网格"].tolist()
        tail = f"一年贡献为负的网格：{'、'.join(map(str, losing))}。" if losing else "每个网格一年贡献都不为负。"
        display(HTML(f"<p>每人天贡献排第一：{top['网格']}（{fmt.wan(top['年贡献'])}，{top['投入人天']:.1f} 人天）。{tail}</p>"))
        show = result[["排序", "网格", "在营非客户", "授权户数", "借款户关店率", "预期违约率", "投入人天", "年贡献",
                       "每人天贡献", "盈亏平衡授权率"]].copy()
        show["借款户关店率"] = show["借款户关店率"].map(fmt.pct)
        show["预期违约率"] = show["预期违约率"].map(fmt.pct)
        show["投入人天"] = show["投入人天"].map(lambda v: f"{v:.1f}")
        show["年贡献"] = show["年贡献"].map(fmt.wan)
        show["每人天贡献"] = show["每人天贡献"].round(0).astype(int)
        show["盈亏平衡授权率"] = ["全签也不赚钱" if v != v else fmt.pct(v) for v in show["盈亏平衡授权率"]]
        _table(show)


class CampaignLiftExplorer(ToolWidget):
    """活动战报扣掉“本来就会借”的人（:func:`coursekit.marketing.campaign_lift`）。

    主控件是“挑人效应”：客户经理挑去接触的人，本来的借款率是同类未接触者的几倍。支行说活动带来的都是新增，
    风险和财务说挑的本来就是要借钱的人。第二个控件是人天成本。``.result`` 为 campaign_lift 的结果表。
    """

    title = "活动战报：扣掉本来就会借的"

    def __init__(self, bank: Any, selection: float = 1.0, day_cost: float = 1_000.0, horizon_months: int = 6):
        self._bank = bank
        self._h = horizon_months
        marketing.campaign_lift(bank, horizon_months=horizon_months, day_cost=day_cost, selection=selection)
        controls = {
            "挑人效应": W.FloatSlider(value=selection, min=1.0, max=3.0, step=0.1, description="挑人效应（倍）",
                                  readout_format=".1f", style=_STYLE),
            "人天成本": W.FloatSlider(value=day_cost, min=0, max=2_000, step=100, description="人天成本（元）",
                                  style=_STYLE),
        }
        super().__init__(controls)

    def compute(self, values: dict[str, Any]) -> pd.DataFrame:
        return marketing.campaign_lift(self._bank, horizon_months=self._h, day_cost=values["人天成本"],
                                       selection=values["挑人效应"])

    def render(self, result: pd.DataFrame) -> None:
        none = result.loc[result["多借的户数"] <= 0, "活动"].tolist()
        tail = f"扣完以后没有多借一户的：{'、'.join(map(str, none))}。" if none else "每个活动都还有多借的户。"
        display(HTML(f"<p>战报上的借款 {int(result['借款'].sum())} 户，按这个挑人效应本来会借约 "
                     f"{result['本来会借'].sum():.1f} 户。{tail}</p>"))
        show = result[["活动", "方式", "接触", "借款", "本来会借", "多借的户数", "全部成本", "每多借一户的成本"]].copy()
        show["本来会借"] = show["本来会借"].map(lambda v: f"{v:.1f}")
        show["多借的户数"] = show["多借的户数"].map(lambda v: f"{v:.1f}")
        show["全部成本"] = show["全部成本"].map(fmt.wan)
        show["每多借一户的成本"] = ["没有多借的户" if v != v else f"{v:,.0f}" for v in show["每多借一户的成本"]]
        _table(show)


class PayrollDealView(ToolWidget):
    """代发合作值不值（:func:`coursekit.marketing.payroll_deal`）：拖动资深员工与骨干的主账户转化率
    （本部件的主控件）、年轻员工的转化率、每张卡每年的成本和每年投入，看几年累计下来是赚是赔。

    ``.result`` 为 ``(projection, deal)``：:func:`coursekit.marketing.payroll_projection` 与 ``payroll_deal`` 的结果。
    """

    title = "代发合作：资深员工动不动，决定这笔账"

    def __init__(self, roster: pd.DataFrame, profile: pd.DataFrame, adoption: dict, *, effort_days: dict,
                 params: Any, annual_cost: float, ramp=(0.5, 0.8, 1.0), day_cost: float = 1_000.0):
        from ..contribution import _as_params

        self._roster, self._profile, self._effort = roster, profile, dict(effort_days)
        self._params, self._ramp, self._day_cost = _as_params(params), tuple(ramp), day_cost
        self._adoption = dict(adoption)
        senior = float(self._adoption.get("资深员工", self._adoption.get("骨干", 0.3)))
        young = float(self._adoption.get("月光族", self._adoption.get("普通员工", 0.6)))
        controls = {
            "资深与骨干转化率": W.FloatSlider(value=senior, min=0.0, max=0.8, step=0.05, readout_format=".0%",
                                       description="资深与骨干转化率", style=_STYLE),
            "年轻员工转化率": W.FloatSlider(value=young, min=0.0, max=0.9, step=0.05, readout_format=".0%",
                                     description="月光族与普通员工转化率", style=_STYLE),
            "每张卡年成本": W.FloatSlider(value=float(self._params.cost_per_account), min=0, max=100, step=5,
                                    description="每张卡年成本（元）", style=_STYLE),
            "每年投入": W.FloatSlider(value=float(annual_cost), min=0, max=60_000, step=1_000,
                                  description="每年投入（元）", style=_STYLE),
        }
        super().__init__(controls)

    def compute(self, values: dict[str, Any]):
        from dataclasses import replace

        from ..errors import require_non_negative

        adoption = dict(self._adoption)
        for seg in ("资深员工", "骨干"):
            adoption[seg] = values["资深与骨干转化率"]
        for seg in ("月光族", "普通员工"):
            adoption[seg] = values["年轻员工转化率"]
        adoption = {k: v for k, v in adoption.items() if k in set(self._roster["分群"].astype(str))}
        cost = require_non_negative(values["每张卡年成本"], "每张卡年成本")
        params = replace(self._params, cost_per_account=cost)
        pj = marketing.payroll_projection(self._roster, self._profile, adoption, effort_days=self._effort,
                                          params=params)
        deal = marketing.payroll_deal(pj, annual_cost=values["每年投入"], ramp=self._ramp, day_cost=self._day_cost)
        return pj, deal

    def render(self, result) -> None:
        pj, deal = result
        end = float(deal["累计净贡献"].iloc[-1])
        verdict = "赚回来了" if end >= 0 else "还没赚回来"
        display(HTML(f"<p>转化 {pj['转化人数'].sum():.0f} 人，全部到位后一年员工贡献 {fmt.wan(pj['年贡献'].sum())}；"
                     f"{len(deal)} 年累计净贡献 {fmt.wan(end)}，{verdict}。</p>"))
        show = deal[["年份", "到位比例", "员工贡献", "每年投入", "转化人天成本", "净贡献", "累计净贡献"]].copy()
        show["到位比例"] = show["到位比例"].map(fmt.pct)
        for c in ("员工贡献", "每年投入", "转化人天成本", "净贡献", "累计净贡献"):
            show[c] = show[c].map(lambda v: f"{v:,.0f}")
        _table(show)


class PayrollBenefitView(ToolWidget):
    """代发员工的权益配哪一项（:func:`coursekit.marketing.payroll_benefits`）：主控件是关键那项权益
    能让某个分群的过路卡转过来几成（这是访谈估出来的数，最没把握），另一个控件是它每位用户每年的成本。

    ``.result`` 为 ``payroll_benefits`` 的结果（按净增贡献从高到低）。
    """

    title = "代发员工的权益：哪一项真把过路卡变成主账户"

    def __init__(self, roster: pd.DataFrame, profile: pd.DataFrame, base: dict, benefits: dict, *, key: str,
                 segment: str, params: Any = None, together=None):
        if key not in benefits:
            raise InputError("关键权益", "应是 benefits 里的一项", key)
        self._roster, self._profile, self._base = roster, profile, dict(base)
        self._benefits = {k: dict(v) for k, v in benefits.items()}
        self._key, self._segment, self._params, self._together = key, segment, params, together
        spec = self._benefits[key]
        lift = float(dict(spec.get("uplift", {})).get(segment, 0.0))
        controls = {
            "转过来的比例": W.FloatSlider(value=lift, min=0.0, max=1.0, step=0.05, readout_format=".0%",
                                     description=f"{key}：{segment}的过路卡转过来", style=_STYLE),
            "每位用户年成本": W.FloatSlider(value=float(spec.get("per_user", 0.0)), min=0, max=80, step=1,
                                      description=f"{key}：每位用户每年成本（元）", style=_STYLE),
        }
        super().__init__(controls)

    def compute(self, values: dict[str, Any]):
        from ..errors import require_fraction, require_non_negative

        spec = dict(self._benefits[self._key])
        up = dict(spec.get("uplift", {}))
        up[self._segment] = require_fraction(values["转过来的比例"], "转过来的比例")
        spec["uplift"] = up
        spec["per_user"] = require_non_negative(values["每位用户年成本"], "每位用户年成本")
        benefits = {**self._benefits, self._key: spec}
        out = marketing.payroll_benefits(self._roster, self._profile, self._base, benefits, params=self._params,
                                         together=self._together)
        return out.sort_values("净增贡献", ascending=False).reset_index(drop=True)

    def render(self, result) -> None:
        best = result.iloc[0]
        display(HTML(f"<p>一年净增贡献最高的是“{html.escape(str(best['权益']))}”：多 {best['新增主账户人数']:.0f} 个主账户，"
                     f"净增 {fmt.yuan(best['净增贡献'], 0)}。</p>"))
        _table(result, rows=10)


class GroupExposureView(ToolWidget):
    """一群跟着同一家核心企业的户，批一批新户之后有多少敞口系在这家企业身上
    （:func:`coursekit.marketing.group_exposure`）。主控件：这批新户一次进几户、每户批多少。

    新户按与核心企业的全年往来金额从大到小取前 N 户（非本行客户）；``direction`` 为“上游”时看它付钱给的供货户、
    外协户（见 group_exposure）。``reference`` 是拿来对照的一个数
    （如本行对一家同类企业的最大单笔贷款）。``.result`` 为 group_exposure 的结果表。
    """

    title = "步调一致的一群户：敞口系在谁身上"

    def __init__(self, bank: Any, firm_id: str, *, new_shops: int = 10, amount_wan: float = 20.0,
                 reference: float = 0.0, threshold: float = 0.8, direction: str = "下游"):
        self._bank, self._firm, self._th, self._dir = bank, firm_id, threshold, direction
        self._reference = float(reference)
        base = marketing.group_exposure(bank, firm_id, threshold=threshold, direction=direction)
        self._candidates = list(base.loc[~base["是否本行客户"]].sort_values("全年金额", ascending=False)["交易对手"])
        controls = {
            "新户数": W.IntSlider(value=min(new_shops, len(self._candidates)), min=0, max=len(self._candidates),
                               description="这批进几户", style=_STYLE),
            "每户授信（万元）": W.FloatSlider(value=amount_wan, min=0, max=50, step=1, description="每户授信（万元）",
                                      style=_STYLE),
        }
        super().__init__(controls)

    def compute(self, values: dict[str, Any]) -> pd.DataFrame:
        from ..errors import require_int, require_non_negative

        n = require_int(values["新户数"], "新户数", minimum=0, maximum=len(self._candidates))
        amt = require_non_negative(values["每户授信（万元）"], "每户授信（万元）") * 1e4
        proposed = {pid: amt for pid in self._candidates[:n]}
        return marketing.group_exposure(self._bank, self._firm, proposed, threshold=self._th, direction=self._dir)

    def render(self, result: pd.DataFrame) -> None:
        tied = result.loc[result["系于核心企业"], "合计敞口"].sum()
        borrowers = int(((result["合计敞口"] > 0) & result["系于核心企业"]).sum())
        text = f"系于这家核心企业的敞口 {fmt.wan(tied)}，分在 {borrowers} 户身上"
        if self._reference > 0:
            text += f"，是对照数 {fmt.wan(self._reference)} 的 {tied / self._reference:.1f} 倍"
        display(HTML(f"<p>{text}。</p>"))
        show = result[result["合计敞口"] > 0][["名称", "是否本行客户", "依赖度", "在贷余额", "拟新增授信", "合计敞口"]].copy()
        show["依赖度"] = show["依赖度"].map(fmt.pct)
        for c in ("在贷余额", "拟新增授信", "合计敞口"):
            show[c] = show[c].map(lambda v: f"{v:,.0f}")
        show["是否本行客户"] = show["是否本行客户"].map({True: "是", False: "否"})
        _table(show, rows=40)


class DealerLimitExplorer(ToolWidget):
    """一批收购户的额度：价格跌幅（质押压力）拖到多少，按结算量还是按自营量核，全批合计多少。

    参数原样传给 :func:`coursekit.loans.dealer_purchase_limits`；``.result`` 为它返回的逐户表。
    """

    title = "收购贷款逐户额度：结算清单证明了多少，价格跌了还剩多少"

    def __init__(self, dealers: pd.DataFrame, price: float, *, pledge_rate: float = 0.7, price_drop: float = 0.15,
                 basis: str = "自营量"):
        loans.dealer_purchase_limits(dealers, price, pledge_rate=pledge_rate, price_drop=price_drop,
                                     basis=basis)   # 坏参数在这里就报
        self._dealers, self._price, self._rate = dealers, price, pledge_rate
        controls = {
            "价格跌幅": W.FloatSlider(value=float(price_drop), min=0.0, max=0.4, step=0.01, description="价格跌幅",
                                  readout_format=".0%", style=_STYLE, continuous_update=False),
            "口径": W.ToggleButtons(options=list(loans.DEALER_BASES), value=basis, description="核定吨数按",
                                  style=_STYLE),
        }
        super().__init__(controls)

    def compute(self, values: dict[str, Any]) -> pd.DataFrame:
        return loans.dealer_purchase_limits(self._dealers, self._price, pledge_rate=self._rate,
                                            price_drop=values["价格跌幅"], basis=values["口径"])

    def render(self, result: pd.DataFrame) -> None:
        show = result.copy()
        for col in ("收购资金", "资金缺口", "质押覆盖", "额度"):
            show[col] = show[col].map(fmt.wan)
        show["核定吨数"] = show["核定吨数"].map(lambda v: f"{v:,.0f}")
        tight = int((result["卡住额度的一项"] == "质押覆盖").sum())
        display(HTML(f"<p>全批合计额度 {fmt.wan(result.attrs['合计额度'])}；{tight} 户的额度被价格下跌后的质押覆盖卡住。</p>"))
        _table(show, rows=20)


class StockHoldingExplorer(ToolWidget):
    """分级库存能押多少、压货多久才划算：价格跌幅与压货月数两个滑块。

    ``stock`` 传给 :func:`coursekit.loans.graded_stock_cover`；其余参数传给
    :func:`coursekit.loans.holding_break_even`（货值取库存合计货值、贷款取合计可贷）。``.result`` 为
    ``{"库存": 分级表, "盈亏平衡涨幅": 数}``。
    """

    title = "分级库存的可贷额与压货的盈亏平衡涨幅"

    def __init__(self, stock: pd.DataFrame, *, rate: float, storage_per_month: float, shrink_per_year: float,
                 price_drop: float = 0.3, months: int = 12):
        cover = loans.graded_stock_cover(stock, price_drop=price_drop)   # 坏参数在这里就报
        loans.holding_break_even(cover.attrs["合计货值"], loan=cover.attrs["合计可贷"], rate=rate, months=months,
                                 storage_per_month=storage_per_month, shrink_per_year=shrink_per_year)
        self._stock = stock
        self._kw = dict(rate=rate, storage_per_month=storage_per_month, shrink_per_year=shrink_per_year)
        controls = {
            "价格跌幅": W.FloatSlider(value=float(price_drop), min=0.0, max=0.6, step=0.05, description="价格跌幅",
                                  readout_format=".0%", style=_STYLE, continuous_update=False),
            "压货月数": W.IntSlider(value=int(months), min=1, max=36, step=1, description="压货月数",
                                style=_STYLE, continuous_update=False),
        }
        super().__init__(controls)

    def compute(self, values: dict[str, Any]) -> dict:
        cover = loans.graded_stock_cover(self._stock, price_drop=values["价格跌幅"])
        be = loans.holding_break_even(cover.attrs["合计货值"], loan=cover.attrs["合计可贷"], months=values["压货月数"],
                                      **self._kw)
        return {"库存": cover, "盈亏平衡涨幅": be}

    def render(self, result: dict) -> None:
        cover = result["库存"]
        show = cover[["等级", "货值", "跌后货值", "质押率", "可贷"]].copy()
        for col in ("货值", "跌后货值", "可贷"):
            show[col] = show[col].map(fmt.wan)
        show["质押率"] = show["质押率"].map(lambda v: f"{v:.0%}")
        display(HTML(f"<p>合计可贷 {fmt.wan(cover.attrs['合计可贷'])}，占货值 {cover.attrs['可贷占货值']:.0%}；"
                     f"按这个额度压货，售价至少要涨 {result['盈亏平衡涨幅']:.1%} 才不亏。</p>"))
        _table(show, rows=10)


class MarketLimitExplorer(ToolWidget):
    """专业市场商户的批量额度：授信期限拖到多少个月，多少户的租期撑得住，全批合计多少。

    参数原样传给 :func:`coursekit.marketing.market_merchant_limits`；``.result`` 为它返回的逐户表。
    主控件是授信期限（和商户剩余租期比），另有额度占结算额的比例和租金最少按时期数。
    """

    title = "市场商户批量额度：期限长过租期的户进不来"

    def __init__(self, merchants: pd.DataFrame, *, share_of_settled: float = 0.2, term_months: int = 12,
                 min_rent_on_time: int = 4, min_settled_months: int = 10, max_limit: float = 500_000.0,
                 step: float = 10_000.0):
        marketing.market_merchant_limits(merchants, share_of_settled=share_of_settled, term_months=term_months,
                                         min_rent_on_time=min_rent_on_time, min_settled_months=min_settled_months,
                                         max_limit=max_limit, step=step)   # 坏参数在这里就报
        self._merchants = merchants
        self._kw = dict(min_settled_months=min_settled_months, max_limit=max_limit, step=step)
        controls = {
            "授信期限": W.IntSlider(value=int(term_months), min=3, max=36, step=1, description="授信期限（月）",
                                style=_STYLE, continuous_update=False),
            "额度比例": W.FloatSlider(value=float(share_of_settled), min=0.05, max=0.4, step=0.01,
                                  description="额度占结算额", readout_format=".0%", style=_STYLE,
                                  continuous_update=False),
            "租金按时": W.IntSlider(value=int(min_rent_on_time), min=0, max=4, step=1, description="租金至少按时（期）",
                                style=_STYLE, continuous_update=False),
        }
        super().__init__(controls)

    def compute(self, values: dict[str, Any]) -> pd.DataFrame:
        return marketing.market_merchant_limits(self._merchants, share_of_settled=values["额度比例"],
                                                term_months=values["授信期限"],
                                                min_rent_on_time=values["租金按时"], **self._kw)

    def render(self, result: pd.DataFrame) -> None:
        counts = result["原因"].value_counts()
        parts = "、".join(f"{k} {v} 户" for k, v in counts.items() if k != "入选")
        display(HTML(f"<p>入选 {int(result['入选'].sum())} 户，合计额度 {fmt.wan(result['额度'].sum())}；"
                     f"未入选：{parts or '无'}。</p>"))
        show = result[["商户", "近12月结算额", "剩余租期", "测算额度", "额度", "原因"]].copy()
        for col in ("近12月结算额", "测算额度", "额度"):
            show[col] = show[col].map(fmt.wan)
        show["剩余租期"] = show["剩余租期"].map(lambda v: f"{v:.0f} 个月")
        _table(show, rows=40)


class FeedCreditExplorer(ToolWidget):
    """饲料款快贷的批量额度：赊欠上限拖到几个月，进来多少户，其中多少额度会先被拿去还旧料款。

    参数原样传给 :func:`coursekit.marketing.feed_credit_limits`；``.result`` 为它返回的逐户表。
    主控件是赊欠上限（月），另有养殖周期和额度占周期料款的比例。
    """

    title = "饲料款快贷：赊欠上限放宽一个月，多出来的额度去了哪里"

    def __init__(self, farmers: pd.DataFrame, *, cycle_months: int, feed_per_head_year: float,
                 share_of_cycle: float = 0.7, max_owed_months: float = 1.0, **kw: Any):
        marketing.feed_credit_limits(farmers, cycle_months=cycle_months, feed_per_head_year=feed_per_head_year,
                                     share_of_cycle=share_of_cycle, max_owed_months=max_owed_months,
                                     **kw)   # 坏参数在这里就报
        self._farmers, self._per_head, self._kw = farmers, feed_per_head_year, kw
        controls = {
            "赊欠上限": W.FloatSlider(value=float(max_owed_months), min=0.0, max=4.0, step=0.5,
                                  description="赊欠上限（月）", readout_format=".1f", style=_STYLE,
                                  continuous_update=False),
            "养殖周期": W.IntSlider(value=int(cycle_months), min=2, max=8, step=1, description="养殖周期（月）",
                                style=_STYLE, continuous_update=False),
            "额度比例": W.FloatSlider(value=float(share_of_cycle), min=0.3, max=1.0, step=0.05,
                                  description="额度占周期料款", readout_format=".0%", style=_STYLE,
                                  continuous_update=False),
        }
        super().__init__(controls)

    def compute(self, values: dict[str, Any]) -> pd.DataFrame:
        return marketing.feed_credit_limits(self._farmers, cycle_months=values["养殖周期"],
                                            feed_per_head_year=self._per_head, share_of_cycle=values["额度比例"],
                                            max_owed_months=values["赊欠上限"], **self._kw)

    def render(self, result: pd.DataFrame) -> None:
        total = result.attrs["合计额度"]
        new = float(result["新购料可用"].sum())
        display(HTML(f"<p>入选 {int(result['入选'].sum())} 户，合计额度 {fmt.wan(total)}；入选户欠饲料厂 "
                     f"{fmt.wan(result.attrs['入选户赊欠'])}——若贷款先替他们结清旧账，只剩 {fmt.wan(new)} 买新料。</p>"))
        show = result[["养殖户", "月均购料", "赊欠月数", "购料与存栏之比", "额度", "新购料可用", "原因"]].copy()
        for col in ("月均购料", "额度", "新购料可用"):
            show[col] = show[col].map(fmt.wan)
        show["赊欠月数"] = show["赊欠月数"].map(lambda v: f"{v:.1f}")
        show["购料与存栏之比"] = show["购料与存栏之比"].map(lambda v: f"{v:.2f}")
        _table(show, rows=40)


class PayrollBurdenExplorer(ToolWidget):
    """工薪消费贷的月供负担：加班工资算进收入多少，多少人的月供超过上限；表里有“是否逾期”列时，对照超线与逾期。

    参数原样传给 :func:`coursekit.marketing.payroll_loan_burden`；``.result`` 为它返回的逐人表。
    ``bases`` 给出几种加班口径（{显示名: 列名}，如 ``{"审批月工资条": "加班工资", "近 12 个月月均": "近12个月月均加班"}``）
    时，多一个下拉框选口径。
    """

    title = "工薪贷的月供负担：按哪一部分工资算收入"

    def __init__(self, borrowers: pd.DataFrame, *, annual_rate: float, months: int, overtime_share: float = 1.0,
                 max_share: float = 0.5, bases: Mapping[str, str] | None = None):
        self._bases = dict(bases) if bases else {"审批月工资条": "加班工资"}
        if not all(isinstance(v, str) for v in self._bases.values()):
            raise InputError("加班口径", "应为 {显示名: 列名} 的字典", bases)
        for column in self._bases.values():
            marketing.payroll_loan_burden(borrowers, annual_rate=annual_rate, months=months,
                                          overtime_share=overtime_share, max_share=max_share,
                                          overtime_column=column)   # 坏参数在这里就报
        self._borrowers, self._rate, self._months = borrowers, annual_rate, months
        controls = {}
        if len(self._bases) > 1:
            controls["口径"] = W.Dropdown(options=list(self._bases), value=next(iter(self._bases)),
                                        description="加班按哪个口径", style=_STYLE)
        controls |= {
            "加班计入": W.FloatSlider(value=float(overtime_share), min=0.0, max=1.0, step=0.05,
                                  description="加班工资计入", readout_format=".0%", style=_STYLE,
                                  continuous_update=False),
            "上限": W.FloatSlider(value=float(max_share), min=0.3, max=0.7, step=0.05, description="月供占收入上限",
                                readout_format=".0%", style=_STYLE, continuous_update=False),
        }
        super().__init__(controls)

    def compute(self, values: dict[str, Any]) -> pd.DataFrame:
        column = self._bases[values.get("口径", next(iter(self._bases)))]
        return marketing.payroll_loan_burden(self._borrowers, annual_rate=self._rate, months=self._months,
                                             overtime_share=values["加班计入"], max_share=values["上限"],
                                             overtime_column=column)

    def render(self, result: pd.DataFrame) -> None:
        text = f"{result.attrs['人数']} 人里 {result.attrs['超线人数']} 人的月供超过上限"
        if "是否逾期" in result.columns:
            late = result["是否逾期"].astype(bool)
            over = result["超线"].astype(bool)
            text += (f"；超线的 {int(over.sum())} 人里后来逾期 {int((over & late).sum())} 人，"
                     f"没超线的 {int((~over).sum())} 人里逾期 {int((~over & late).sum())} 人")
        display(HTML(f"<p>{text}。</p>"))
        show = result[["员工", "贷款本金", "核定收入", "月供合计", "月供占比", "超线"]].copy()
        for col in ("贷款本金", "核定收入", "月供合计"):
            show[col] = show[col].map(lambda v: f"{v:,.0f}")
        show["月供占比"] = show["月供占比"].map(lambda v: f"{v:.0%}")
        show["超线"] = show["超线"].map(lambda v: "是" if v else "否")
        _table(show, rows=40)


class WeChatFollowupView(ToolWidget):
    """群帖之后发生了什么（:func:`coursekit.marketing.wechat_post_followup`）：归属天数和“按第一次私信归属”两个口径。"""

    title = "群帖之后的私信、申请与退群：换一个归属口径"

    def __init__(self, posts: pd.DataFrame, events: pd.DataFrame, *, days: int = 7, by_first_ask: bool = True,
                 max_days: int = 14):
        marketing.wechat_post_followup(posts, events, days=days, by_first_ask=by_first_ask)   # 坏参数在这里就报
        self._posts, self._events = posts, events
        controls = {
            "归属天数": W.IntSlider(value=int(days), min=0, max=int(max_days), description="归属天数", style=_STYLE,
                                continuous_update=False),
            "按第一次私信归属": W.Checkbox(value=bool(by_first_ask), description="按第一次私信归属"),
        }
        super().__init__(controls)

    def compute(self, values: dict[str, Any]) -> pd.DataFrame:
        return marketing.wechat_post_followup(self._posts, self._events, days=values["归属天数"],
                                              by_first_ask=values["按第一次私信归属"])

    def render(self, result: pd.DataFrame) -> None:
        display(HTML(f"<p>{result.attrs['未归属']} 个事件离最近的帖子太远，没有归给任何帖子。</p>"))
        display(tables.table(result, formats={"每帖申请": "{:.2f}", "每帖退群": "{:.2f}"}))


class LapsedDepositorView(ToolWidget):
    """存款流走的客户，值不值得打一个电话（:func:`coursekit.marketing.lapsed_depositors`）。

    决定性的假设做成控件：挽回的把握、一个电话的成本、进名单的降幅门槛；``spread`` 固定为存款净利差。
    """

    title = "挽留名单：值得打电话的是谁"

    def __init__(self, bank: Any, *, spread: float, win_rate: float = 0.30, call_cost: float = 50.0,
                 drop: float = 0.30, top: int = 20):
        marketing.lapsed_depositors(bank, drop=drop, spread=spread, win_rate=win_rate,
                                    call_cost=call_cost)   # 坏参数在这里就报
        self._bank, self._spread, self._top = bank, spread, int(top)
        style = {"description_width": "9em"}
        controls = {
            "挽回把握": W.FloatSlider(value=float(win_rate), min=0.05, max=0.6, step=0.05, readout_format=".0%",
                                  description="挽回把握", style=style, continuous_update=False),
            "电话成本": W.IntSlider(value=int(call_cost), min=20, max=300, step=10, description="电话成本（元）",
                                style=style, continuous_update=False),
            "降幅门槛": W.FloatSlider(value=float(drop), min=0.15, max=0.5, step=0.05, readout_format=".0%",
                                  description="降幅门槛", style=style, continuous_update=False),
        }
        super().__init__(controls)

    def compute(self, values: dict[str, Any]) -> pd.DataFrame:
        return marketing.lapsed_depositors(self._bank, drop=values["降幅门槛"], spread=self._spread,
                                           win_rate=values["挽回把握"], call_cost=values["电话成本"])

    def render(self, result: pd.DataFrame) -> None:
        worth = int(result["值得打电话"].sum())
        display(HTML(f"<p>名单 {len(result)} 人，值得打电话 {worth} 人（下表列出前 {min(self._top, len(result))} 人）。</p>"))
        cols = ["姓名", "一年少赚的利差", "2024 年结算月均流入", "电话值多少", "值得打电话"]
        display(tables.table(result[cols].head(self._top), index=False,
                             formats={"一年少赚的利差": "{:,.0f}", "2024 年结算月均流入": "{:,.0f}",
                                      "电话值多少": "{:,.0f}"}))


class PolicyReviewView(ToolWidget):
    """保单检视的两个决定性假设（:func:`coursekit.marketing.policy_review`，教学模型）：要支撑家人几年、负债多少。"""

    title = "保单检视：支撑年数与负债"

    def __init__(self, policies: pd.DataFrame, annual_income: float, debts: float, *, dependants_years: float = 10,
                 ci_multiple: float = 3.0):
        marketing.policy_review(policies, annual_income, debts, dependants_years=dependants_years,
                                ci_multiple=ci_multiple)   # 坏参数在这里就报
        self._policies, self._income, self._ci = policies, annual_income, ci_multiple
        controls = {
            "支撑年数": W.IntSlider(value=int(dependants_years), min=0, max=20, description="支撑年数", style=_STYLE,
                                continuous_update=False),
            "负债（万元）": W.FloatSlider(value=round(float(debts) / 10_000, 1), min=0.0, max=max(200.0, debts / 10_000),
                                     step=10.0, description="负债（万元）", style=_STYLE, continuous_update=False),
        }
        super().__init__(controls)

    def compute(self, values: dict[str, Any]) -> pd.DataFrame:
        return marketing.policy_review(self._policies, self._income, values["负债（万元）"] * 10_000,
                                       dependants_years=values["支撑年数"], ci_multiple=self._ci)

    def render(self, result: pd.DataFrame) -> None:
        display(tables.table(result, index=False, formats={"需要": "{:,.0f}", "已有": "{:,.0f}", "缺口": "{:,.0f}"}))


class SavingsPlanView(ToolWidget):
    """几档“每月自动攒钱”放在一起比（:func:`coursekit.marketing.savings_habit_plan`，教学模型）：
    拖动 ``key`` 那一档的每月停存比例，看坚持到底的人数和本行的净贡献。

    ``plans``：{档位名: savings_habit_plan 的参数字典（monthly_amount、months、savers、monthly_dropout、deposit_rate、
    ftp_rate、cost_per_saver）}。
    """

    title = "攒钱计划：每月停存几成，哪一档更值"

    def __init__(self, plans: Mapping[str, Mapping[str, Any]], key: str, *, max_dropout: float = 0.15):
        if not isinstance(plans, Mapping) or not plans:
            raise InputError("攒钱方案", "应为 {档位名: 参数} 的字典，至少一档", plans)
        if key not in plans:
            raise InputError("拖动的档位", f"应为方案里的一档：{'、'.join(map(str, plans))}", key)
        for name, kw in plans.items():
            if not isinstance(kw, Mapping):
                raise InputError(f"攒钱方案“{name}”", "应为参数字典", kw)
            marketing.savings_habit_plan(**kw)   # 坏参数在这里就报
        self._plans, self._key = {str(k): dict(v) for k, v in plans.items()}, str(key)
        start = float(self._plans[self._key]["monthly_dropout"])
        controls = {
            "每月停存": W.FloatSlider(value=start, min=0.0, max=max(float(max_dropout), start), step=0.005,
                                  readout_format=".1%", description=f"{self._key}：每月停存", style={"description_width": "14em"},
                                  continuous_update=False),
        }
        super().__init__(controls)

    def compute(self, values: dict[str, Any]) -> pd.DataFrame:
        rows = []
        for name, kw in self._plans.items():
            args = {**kw, "monthly_dropout": values["每月停存"]} if name == self._key else kw
            total = marketing.savings_habit_plan(**args).attrs["汇总"]
            rows.append({"方案": name, "每月停存": args["monthly_dropout"], "坚持到底的人数": total["坚持到底的人数"],
                         "本行净贡献": total["银行净贡献"]})
        return pd.DataFrame(rows)

    def render(self, result: pd.DataFrame) -> None:
        display(tables.table(result, index=False, formats={"每月停存": "{:.1%}", "坚持到底的人数": "{:.0f}",
                                                           "本行净贡献": "{:,.0f}"}))


class IdleCreditView(ToolWidget):
    """整村授信回访选村（:func:`coursekit.marketing.idle_credit_review`）：每类能改的闲置原因带着方案上门后能激活几成。

    决定性的假设做成控件：每个能改原因的激活率；输出回访哪几个村、预计激活多少户、全部村的用信率升到多少。
    """

    title = "回访哪几个村：每类闲置能激活几成"

    def __init__(self, villages: pd.DataFrame, reasons: pd.DataFrame, fixable, *, activation: Mapping[str, float],
                 pick: int = 2):
        marketing.idle_credit_review(villages, reasons, fixable, activation=activation, pick=pick)   # 坏参数在这里就报
        self._args, self._pick, self._fix = (villages, reasons, list(fixable)), pick, [str(f) for f in fixable]
        style = {"description_width": "12em"}
        controls = {f: W.FloatSlider(value=float(activation.get(f, 1.0)), min=0.0, max=1.0, step=0.05,
                                     readout_format=".0%", description=f"{f}：激活", style=style,
                                     continuous_update=False) for f in self._fix}
        super().__init__(controls)

    def compute(self, values: dict[str, Any]) -> pd.DataFrame:
        return marketing.idle_credit_review(*self._args, activation={f: values[f] for f in self._fix}, pick=self._pick)

    def render(self, result: pd.DataFrame) -> None:
        a = result.attrs
        display(HTML(f"<p>回访{'、'.join(a['回访的村'])}：预计激活 {a['回访预计激活户数']:.0f} 户，全部村的用信率从 "
                     f"{a['合计用信率']:.1%} 升到 {a['回访后合计用信率']:.1%}。</p>"))
        display(tables.table(result[["用信率", "能改的闲置户", "主要可改原因", "预计激活户数", "回访后用信率"]],
                             formats={"用信率": "{:.1%}", "能改的闲置户": "{:.0f}", "预计激活户数": "{:.1f}",
                                      "回访后用信率": "{:.1%}"}))


class CouponCohortView(ToolWidget):
    """发券拉来的人按来路算一年的账（:func:`coursekit.marketing.coupon_cohort_value`）。

    决定性的假设做成控件：``key`` 那个来路券停后能留下几成（实测只有三个月）、存款利差、贷款净收益率。
    """

    title = "券停以后：哪一路人留下来，值不值那些券"

    def __init__(self, cohorts: pd.DataFrame, key: str, *, deposit_spread: float, loan_margin: float,
                 dormant_cost: float = 20.0):
        marketing.coupon_cohort_value(cohorts, deposit_spread=deposit_spread, loan_margin=loan_margin,
                                      dormant_cost=dormant_cost)   # 坏参数在这里就报
        row = cohorts.loc[cohorts["来路"].astype(str) == str(key)]
        if row.empty:
            raise InputError("拖动的来路", f"来路表里没有：{key}", key)
        start = float(row["券停后仍用卡"].iloc[0]) / float(row["人数"].iloc[0]) if float(row["人数"].iloc[0]) else 0.0
        self._cohorts, self._key, self._idle = cohorts, str(key), dormant_cost
        style = {"description_width": "14em"}
        controls = {
            "留存比例": W.FloatSlider(value=round(start, 2), min=0.0, max=1.0, step=0.05, readout_format=".0%",
                                  description=f"{self._key}：留下几成", style=style, continuous_update=False),
            "存款利差": W.FloatSlider(value=float(deposit_spread), min=0.0, max=0.03, step=0.001, readout_format=".1%",
                                  description="存款利差", style=style, continuous_update=False),
            "贷款净收益率": W.FloatSlider(value=float(loan_margin), min=0.0, max=0.04, step=0.0025,
                                    readout_format=".2%", description="贷款净收益率", style=style,
                                    continuous_update=False),
        }
        super().__init__(controls)

    def compute(self, values: dict[str, Any]) -> pd.DataFrame:
        return marketing.coupon_cohort_value(self._cohorts, deposit_spread=values["存款利差"],
                                             loan_margin=values["贷款净收益率"], dormant_cost=self._idle,
                                             retention={self._key: values["留存比例"]})

    def render(self, result: pd.DataFrame) -> None:
        body = result[result["来路"] != "合计"]
        paid = "、".join(body.loc[body["净值"] > 0, "来路"]) or "没有一路"
        total = result.iloc[-1]
        display(HTML(f"<p>一年下来回本的来路：{html.escape(paid)}；全部 {total['人数']:,.0f} 人合计一年贡献 "
                     f"{html.escape(fmt.wan(total['一年贡献'], 1))}，券花了 {html.escape(fmt.wan(total['领券金额'], 1))}。</p>"))
        cols = ["来路", "人数", "领券金额", "留存比例", "一年贡献", "睡眠账户成本", "净值", "每元券换回"]
        display(tables.table(result[cols], index=False, na="—",
                             formats={"人数": "{:,.0f}", "领券金额": "{:,.0f}", "留存比例": "{:.0%}",
                                      "一年贡献": "{:,.0f}", "睡眠账户成本": "{:,.0f}", "净值": "{:,.0f}",
                                      "每元券换回": "{:.2f}"}))


class ElevatorShareView(ToolWidget):
    """加装电梯的分摊与借款（:func:`coursekit.marketing.floor_weights` + :func:`~coursekit.marketing.elevator_share_plan`）。

    决定性的假设做成控件：一楼出几成、每高一层多摊多少、政府补贴、贷款期限；输出要借款的户、月供占收入、超线的户。
    """

    title = "加装电梯：怎么分摊，谁要借，借得起吗"

    def __init__(self, households: pd.DataFrame, total_cost: float, *, subsidy: float, annual_rate: float,
                 months: int = 36, max_share: float = 0.3, ground: float = 0.0, second: float = 0.5,
                 step: float = 0.2):
        top = int(pd.to_numeric(households["楼层"], errors="coerce").max()) if "楼层" in households else 0
        marketing.elevator_share_plan(households, total_cost,
                                      weights=marketing.floor_weights(max(top, 2), ground=ground, second=second,
                                                                      step=step),
                                      subsidy=subsidy, annual_rate=annual_rate, months=months,
                                      max_share=max_share)   # 坏参数在这里就报
        self._h, self._cost, self._rate, self._cap = households, total_cost, annual_rate, max_share
        self._top, self._second = max(top, 2), second
        style = {"description_width": "12em"}
        controls = {
            "一楼系数": W.FloatSlider(value=float(ground), min=0.0, max=0.5, step=0.05, description="一楼出几成（系数）",
                                  style=style, continuous_update=False),
            "每层递增": W.FloatSlider(value=float(step), min=0.0, max=0.4, step=0.05, description="每高一层多摊（系数）",
                                  style=style, continuous_update=False),
            "补贴（万元）": W.FloatSlider(value=round(float(subsidy) / 10_000, 1), min=0.0,
                                     max=max(30.0, round(float(subsidy) / 10_000, 1)), step=1.0,
                                     description="政府补贴（万元）", style=style, continuous_update=False),
            "期限（年）": W.IntSlider(value=max(1, int(months) // 12), min=1, max=5, description="贷款期限（年）",
                                  style=style, continuous_update=False),
        }
        super().__init__(controls)

    def compute(self, values: dict[str, Any]) -> pd.DataFrame:
        weights = marketing.floor_weights(self._top, ground=values["一楼系数"], second=self._second,
                                          step=values["每层递增"])
        return marketing.elevator_share_plan(self._h, self._cost, weights=weights, subsidy=values["补贴（万元）"] * 10_000,
                                             annual_rate=self._rate, months=values["期限（年）"] * 12,
                                             max_share=self._cap)

    def render(self, result: pd.DataFrame) -> None:
        a = result.attrs
        over = "、".join(result.loc[result["超线"], "户号"]) or "没有"
        display(HTML(f"<p>{a['贷款户数']} 户要借款，合计 {html.escape(fmt.yuan(a['贷款合计'], 0))}；"
                     f"月供超过收入 {self._cap:.0%} 的：{html.escape(over)}。</p>"))
        display(tables.table(result[["户号", "楼层", "每户分摊", "需贷款", "月供", "月供占收入"]], index=False,
                             formats={"每户分摊": "{:,.0f}", "需贷款": "{:,.0f}", "月供": "{:,.0f}",
                                      "月供占收入": "{:.0%}"}))


class BurstQueueView(ToolWidget):
    """一波申请涌进来（:func:`coursekit.marketing.application_burst`）：分几天通知、每天办几笔、排队的人每天走掉几成。"""

    title = "申请一下子涌进来：办得过来吗，走掉多少"

    def __init__(self, total: float, *, capacity: float, drop_per_day: float, approve_rate: float = 1.0,
                 spread_days: int = 1):
        marketing.application_burst(total, capacity, drop_per_day=drop_per_day, approve_rate=approve_rate,
                                    spread_days=spread_days)   # 坏参数在这里就报
        self._total, self._ok = total, approve_rate
        style = {"description_width": "12em"}
        controls = {
            "分几天通知": W.IntSlider(value=int(spread_days), min=1, max=10, description="分几天通知", style=style,
                                  continuous_update=False),
            "每天办几笔": W.IntSlider(value=int(capacity), min=5, max=80, description="每天办得完几笔", style=style,
                                  continuous_update=False),
            "每天走掉": W.FloatSlider(value=float(drop_per_day), min=0.0, max=0.3, step=0.01, readout_format=".0%",
                                  description="排队的人每天走掉", style=style, continuous_update=False),
        }
        super().__init__(controls)

    def compute(self, values: dict[str, Any]) -> pd.DataFrame:
        return marketing.application_burst(self._total, values["每天办几笔"], drop_per_day=values["每天走掉"],
                                           approve_rate=self._ok, spread_days=values["分几天通知"])

    def render(self, result: pd.DataFrame) -> None:
        a = result.attrs
        clear = f"第 {a['排空天数']} 个工作日排空" if a["排空天数"] else "测算期内没排空"
        display(HTML(f"<p>{a['申请']:.0f} 份申请：办完 {a['办完']:.0f} 份、批下来 {a['批下来']:.0f} 笔，"
                     f"排队时走掉 {a['走掉']:.0f} 人（{a['走掉的比例']:.0%}）；{clear}，办完的平均等了 "
                     f"{a['平均等待天数']:.1f} 天。</p>"))
        display(tables.table(result, formats="{:,.0f}"))


class BookConcentrationView(ToolWidget):
    """读一本管户（:func:`coursekit.marketing.book_concentration`）：选一个关系组、拖动它走掉几成，看管户规模和一年贡献还剩多少。"""

    title = "管户规模里，有多少压在一个关系组上"

    def __init__(self, book: pd.DataFrame, *, group: str, leave_share: float = 1.0, top: int = 3):
        g = marketing.book_concentration(book, top=top, leave_group=group, leave_share=leave_share)   # 坏参数在这里就报
        self._book, self._top = book, top
        style = {"description_width": "10em"}
        controls = {
            "关系组": W.Dropdown(options=list(g.index), value=str(group), description="走掉的关系组", style=style),
            "走掉几成": W.FloatSlider(value=float(leave_share), min=0.0, max=1.0, step=0.1, readout_format=".0%",
                                  description="走掉几成", style=style, continuous_update=False),
        }
        super().__init__(controls)

    def compute(self, values: dict[str, Any]) -> pd.DataFrame:
        return marketing.book_concentration(self._book, top=self._top, leave_group=values["关系组"],
                                            leave_share=values["走掉几成"])

    def render(self, result: pd.DataFrame) -> None:
        a = result.attrs
        display(HTML(f"<p>管户规模 {html.escape(fmt.wan(a['管户规模'], 0))}、一年贡献 {html.escape(fmt.wan(a['年贡献'], 0))}；"
                     f"这一组走掉以后剩 {html.escape(fmt.wan(a['走掉后规模'], 0))}、贡献剩 "
                     f"{html.escape(fmt.wan(a['走掉后贡献'], 0))}。前 {self._top} 组占规模的 {a['前几组占比']:.0%}。</p>"))
        display(tables.table(result[["户数", "管户规模", "占比", "年贡献", "贡献占比", "来源"]],
                             formats={"户数": "{:,.0f}", "管户规模": "{:,.0f}", "占比": "{:.1%}", "年贡献": "{:,.0f}",
                                      "贡献占比": "{:.1%}"}))


class FirstContactView(ToolWidget):
    """扫街的首次接触各带来了多少客户（:func:`coursekit.marketing.first_contact_yield`）：换一个分组看，
    再改“带来几户算带出一串”。"""

    title = "谁带出了一串：按什么分组看得出来"

    def __init__(self, contacts: pd.DataFrame, referrals: pd.DataFrame, *, by_options, min_tree: int = 5):
        opts = [str(o) for o in by_options]
        if not opts:
            raise InputError("分组", "至少给一个分组的列")
        for o in opts:
            marketing.first_contact_yield(contacts, referrals, by=o, min_tree=min_tree)   # 坏参数在这里就报
        self._c, self._r = contacts, referrals
        style = {"description_width": "12em"}
        controls = {
            "分组": W.Dropdown(options=opts, value=opts[0], description="按什么分组", style=style),
            "一串": W.IntSlider(value=int(min_tree), min=1, max=15, description="带来几户算一串", style=style,
                              continuous_update=False),
        }
        super().__init__(controls)

    def compute(self, values: dict[str, Any]) -> pd.DataFrame:
        return marketing.first_contact_yield(self._c, self._r, by=values["分组"], min_tree=values["一串"])

    def render(self, result: pd.DataFrame) -> None:
        a = result.attrs
        display(HTML(f"<p>首次接触一共带来 {a['带来户数合计']:.0f} 户；带出一串的 {len(a['带出一串的'])} 个，"
                     f"占带来户数的 {a['一串占带来的比例']:.0%}。</p>"))
        display(tables.table(result, formats={"首次接触": "{:,.0f}", "成为客户": "{:,.0f}", "成为客户比例": "{:.0%}",
                                              "带来过客户的": "{:,.0f}", "带来户数": "{:,.0f}",
                                              "每个接触带来": "{:.2f}", "带出一串的": "{:,.0f}"}))


class RecoveryLineView(ToolWidget):
    """恢复程度、额度比例和他处借款变了，额度跟着怎么变（:func:`coursekit.marketing.recovery_line`）。

    ``current``、``asked`` 给出时，结果里多两行：比现在多多少、离客户要的还差多少。
    """

    title = "恢复几成、按几成定额度：额度跟着怎么变"

    def __init__(self, before, after, base_sales: float, *, rest_ratio: float, share: float, other_debt: float = 0.0,
                 current: float | None = None, asked: float | None = None):
        marketing.recovery_line(before, after, base_sales, rest_ratio=rest_ratio, share=share,
                                other_debt=other_debt)   # 坏参数在这里就报
        self._args, self._current, self._asked = (before, after, base_sales), current, asked
        style = {"description_width": "12em"}
        controls = {
            "其余月份恢复": W.FloatSlider(value=float(rest_ratio), min=0.5, max=1.4, step=0.01, readout_format=".0%",
                                    description="没观察到的月份恢复几成", style=style, continuous_update=False),
            "额度比例": W.FloatSlider(value=float(share), min=0.10, max=0.20, step=0.005, readout_format=".1%",
                                  description="额度占营业额", style=style, continuous_update=False),
            "他处借款（万元）": W.FloatSlider(value=round(float(other_debt) / 10_000, 1), min=0.0, max=20.0, step=1.0,
                                       description="他处借款（万元）", style=style, continuous_update=False),
        }
        super().__init__(controls)

    def compute(self, values: dict[str, Any]) -> pd.Series:
        out = marketing.recovery_line(*self._args, rest_ratio=values["其余月份恢复"], share=values["额度比例"],
                                      other_debt=values["他处借款（万元）"] * 10_000)
        if self._current is not None:
            out["比现在多"] = out["额度"] - float(self._current)
        if self._asked is not None:
            out["离客户要的差"] = max(0.0, float(self._asked) - out["额度"])
        return out

    def render(self, result: pd.Series) -> None:
        shown = result.to_frame("数值").T
        fmt_ = {c: "{:,.0f}" for c in shown.columns}
        fmt_["恢复程度"] = "{:.1%}"
        display(tables.table(shown, formats=fmt_, index=False))


class FleetAdditionView(ToolWidget):
    """共用一个派单池的一批车主同时添车：旺季的需求比上一年多几成、一共添几台，新车分得到多少活、还不还得上贷款。

    ``demand`` 为上一年每月的派单（含没接的单）；``loan_per_unit`` 按等额本息折成每台一年的本息。
    其余参数见 :func:`coursekit.marketing.capacity_cover`；``.result`` 为一张表：0 台到 ``max_added`` 台各一行。
    """

    title = "一个车队添几台车：新车分得到多少活"

    def __init__(self, demand: Any, *, units_before: int, per_unit: float, net_per_job: float,
                 fixed_per_unit: float, loan_per_unit: float, annual_rate: float, months: int = 36,
                 demand_change: float = 0.0, added: int = 3, max_added: int = 9):
        due = 12 * loans.payment_for(loan_per_unit, annual_rate, months)
        self._kw = dict(net_per_job=net_per_job, fixed_per_unit=fixed_per_unit, due_per_unit=due)
        self._demand = pd.Series(demand) if not isinstance(demand, pd.Series) else demand
        self._before, self._per = units_before, per_unit
        self._max = int(max_added)
        marketing.capacity_cover(self._demand, units_before, added, per_unit, **self._kw)   # 坏参数在这里就报
        controls = {
            "需求变动": W.FloatSlider(value=demand_change, min=-0.3, max=0.4, step=0.05, description="派单比上年",
                                  readout_format="+.0%", style=_STYLE, continuous_update=False),
            "新增台数": W.IntSlider(value=int(added), min=1, max=self._max, step=1, description="一共添几台",
                                style=_STYLE, continuous_update=False),
        }
        super().__init__(controls)

    def compute(self, values: dict[str, Any]) -> pd.DataFrame:
        d = self._demand * (1 + values["需求变动"])
        rows = [marketing.capacity_cover(d, self._before, n, self._per, **self._kw)
                for n in range(1, self._max + 1)]
        out = pd.DataFrame(rows)
        out["选中"] = out["新增台数"] == values["新增台数"]
        return out

    def render(self, result: pd.DataFrame) -> None:
        pick = result[result["选中"]].iloc[0]
        display(HTML(f"<p>添 {int(pick['新增台数'])} 台：一年新增 {pick['新增量']:.0f} 趟，每台 {pick['每台新增量']:.1f} 趟"
                     f"（满负荷 {pick['满负荷每台量']:.0f} 趟），新增净收入 {fmt.wan(pick['新增净收入'])}，"
                     f"是新车一年本息的 {pick['覆盖倍数']:.2f} 倍。</p>"))
        show = result.drop(columns="选中").copy()
        show["新增台数"] = show["新增台数"].astype(int)
        show["新增量"] = show["新增量"].round(0)
        show["每台新增量"] = show["每台新增量"].round(1)
        for col in ("新增净收入", "应还"):
            show[col] = show[col].map(fmt.wan)
        show["覆盖倍数"] = show["覆盖倍数"].round(2)
        show = show.rename(columns={"新增量": "新增趟数", "每台新增量": "每台新增趟数", "满负荷每台量": "满负荷每台趟数"})
        _table(show, rows=self._max)


class OnsiteSlotView(ToolWidget):
    """代发单位现场活动的时段比较（:func:`coursekit.marketing.onsite_slots_compare`）。主控件是关键时段里
    某个分群的在场比例（谁那时人在单位、走得开——会上最有争议的数）；另两个控件是这个分群被接待后转成主账户的比例，
    和关键时段派几位客户经理。``.result`` 为各时段的比较表。"""

    title = "现场活动放在哪个时段：那时谁在场，接待得过来多少"

    def __init__(self, roster: pd.DataFrame, base: dict, slots: dict, conversion: dict, *, key: str, segment: str,
                 costs: dict | None = None):
        if not isinstance(slots, dict) or key not in slots:
            raise InputError("关键时段", "应是候选时段里的一个", key)
        spec = slots[key]
        if not isinstance(spec, dict) or segment not in dict(spec.get("presence", {})):
            raise InputError("关键分群", "应是关键时段在场比例里的一个分群", segment)
        if not isinstance(conversion, dict) or segment not in conversion:
            raise InputError("关键分群", "转化率里没有这个分群", segment)
        self._roster, self._base, self._conv = roster, dict(base), dict(conversion)
        self._slots = {k: dict(v) for k, v in slots.items()}
        self._key, self._segment, self._costs = key, segment, dict(costs or {})
        controls = {
            "在场比例": W.FloatSlider(value=float(spec["presence"][segment]), min=0.0, max=1.0, step=0.05,
                                  readout_format=".0%", description=f"{key}：{segment}在场的比例", style=_STYLE),
            "转化率": W.FloatSlider(value=float(conversion[segment]), min=0.0, max=1.0, step=0.05,
                                 readout_format=".0%", description=f"{segment}被接待后转成主账户", style=_STYLE),
            "客户经理": W.IntSlider(value=int(spec.get("officers", 1)), min=1, max=8,
                                description=f"{key}：派几位客户经理", style=_STYLE),
        }
        super().__init__(controls)

    def compute(self, values: dict[str, Any]):
        from ..errors import require_fraction, require_int

        spec = dict(self._slots[self._key])
        spec["presence"] = {**dict(spec["presence"]),
                            self._segment: require_fraction(values["在场比例"], "在场比例")}
        spec["officers"] = require_int(values["客户经理"], "客户经理", minimum=1, maximum=100)
        conv = {**self._conv, self._segment: require_fraction(values["转化率"], "转化率")}
        slots = {**self._slots, self._key: spec}
        return marketing.onsite_slots_compare(self._roster, self._base, slots, conv, **self._costs)

    def render(self, result) -> None:
        best = result.sort_values("转成主账户", ascending=False).iloc[0]
        display(HTML(f"<p>转过来主账户最多的时段是“{html.escape(str(best['时段']))}”：约 {best['转成主账户']:.1f} 户，"
                     f"接待 {best['接待']:.1f} 人（上限 {best['接待上限']:.0f} 人）。</p>"))
        view = result.copy()
        view["每新增一户主账户的成本"] = view["每新增一户主账户的成本"].map(
            lambda v: "—" if pd.isna(v) else f"{v:,.0f}")
        display(tables.table(view, index=False, formats={"接待上限": "{:.0f}", "在场过路卡": "{:.1f}", "接待": "{:.1f}",
                                                         "转成主账户": "{:.1f}", "时段成本": "{:,.0f}"}))

__all__ += ["OnsiteSlotView"]


class SupplierDiscountView(ToolWidget):
    """药店拿供货商现款折扣的资金缺口（:func:`coursekit.marketing.supplier_discount_gap`）。主控件是医保回款天数——
    它决定额度要多大（会上最有争议的数：平常的月份还是回款慢的月份）；另一个控件是供货商给的现款折扣率，
    决定拿折扣划不划算。``limit`` 是拟定的循环额度（元），用来对照资金缺口。``.result`` 为两种付款方式的比较表。"""

    title = "拿现款折扣：额度要按医保回款多慢来定"

    def __init__(self, inputs: dict, *, limit: float):
        from ..errors import require_non_negative

        if not isinstance(inputs, dict):
            raise InputError("药店的数", "应为字典，键为 supplier_discount_gap 的参数")
        self._inputs = dict(inputs)
        self._limit = require_non_negative(limit, "拟定额度")
        marketing.supplier_discount_gap(**self._inputs)          # 先检查输入本身
        controls = {
            "医保回款天数": W.IntSlider(value=int(self._inputs["insurance_lag_days"]), min=0, max=150, step=5,
                                    description="医保回款天数（从销售到到账）", style=_STYLE),
            "现款折扣率": W.FloatSlider(value=float(self._inputs["discount"]), min=0.0, max=0.03, step=0.001,
                                   readout_format=".1%", description="供货商给的现款折扣率", style=_STYLE),
        }
        super().__init__(controls)

    def compute(self, values: dict[str, Any]):
        from ..errors import require_fraction, require_non_negative

        args = {**self._inputs, "insurance_lag_days": require_non_negative(values["医保回款天数"], "医保回款天数"),
                "discount": require_fraction(values["现款折扣率"], "现款折扣率", high=0.2)}
        return marketing.supplier_discount_gap(**args)

    def render(self, result) -> None:
        cash = result.iloc[1]
        gap = float(cash["资金缺口"])
        cover = "够用" if gap <= self._limit else f"差 {fmt.wan(gap - self._limit, 1)}"
        display(HTML(f"<p>拿折扣后资金缺口 {html.escape(fmt.wan(gap, 1))}，拟定额度 {html.escape(fmt.wan(self._limit, 0))}：{cover}。"
                     f"一年净节省 {html.escape(fmt.wan(float(cash['年净节省']), 2))}"
                     f"（折扣率低于 {result.attrs['盈亏平衡折扣率']:.2%} 就不划算）。</p>"))
        cols = ["存货占用", "医保应收", "应付账款", "资金缺口", "年现金折扣", "新增利息", "年净节省"]
        display(tables.table(result, index=False, formats={c: "{:,.0f}" for c in cols}))

__all__ += ["SupplierDiscountView"]
__all__ += ["OnsiteSlotView", "DeveloperChannelView", "PosterSiteView"]
class DeveloperChannelView(ToolWidget):
    """开发商出事时一个楼盘的按揭损失：主控件是停工楼栋里“停止还款的购房人占多少”，旁边是停工楼栋押品能变现的比例
    和按揭保证金账户留下多少。

    ``buildings``、``stop_pay``、``value_share`` 等同 :func:`coursekit.marketing.developer_channel_loss`；
    ``stage`` 是滑块所改的阶段（默认“停工”）。``.result`` 为该函数的结果表（最后一行为合计）。
    """

    title = "开发商出事：停贷比例、烂尾房能卖几成、保证金留多少"

    def __init__(self, buildings: Any, *, stop_pay: dict, value_share: dict, sale_cost: float = 0.15,
                 guarantee_recovery: float = 0.0, margin: float = 0.0, stage: str = "停工",
                 margin_max: float | None = None):
        self._b, self._sp, self._vs = buildings, dict(stop_pay), dict(value_share)
        self._fixed = dict(sale_cost=sale_cost, guarantee_recovery=guarantee_recovery)
        marketing.developer_channel_loss(buildings, stop_pay=stop_pay, value_share=value_share, margin=margin,
                                         **self._fixed)   # 参数有误时在构造时就报错
        if stage not in self._sp or stage not in self._vs:
            raise InputError("阶段", f"停贷比例和押品变现比例里都要有“{stage}”")
        self._stage = stage
        top = float(margin_max) if margin_max is not None else max(float(margin) * 2, 1_000_000.0)
        controls = {
            "停贷比例": W.FloatSlider(value=self._sp[stage], min=0.0, max=0.8, step=0.05,
                                  description=f"{stage}楼栋停贷比例", readout_format=".0%", style=_STYLE),
            "变现比例": W.FloatSlider(value=self._vs[stage], min=0.0, max=0.8, step=0.05,
                                  description=f"{stage}房押品变现", readout_format=".0%", style=_STYLE),
            "保证金": W.FloatSlider(value=float(margin), min=0.0, max=top, step=100_000,
                                 description="保证金余额（元）", readout_format=",.0f", style=_STYLE),
        }
        super().__init__(controls)

    def compute(self, values: dict[str, Any]) -> pd.DataFrame:
        sp = {**self._sp, self._stage: values["停贷比例"]}
        vs = {**self._vs, self._stage: values["变现比例"]}
        return marketing.developer_channel_loss(self._b, stop_pay=sp, value_share=vs, margin=values["保证金"],
                                                **self._fixed)

    def render(self, result: pd.DataFrame) -> None:
        tables.show(result[["楼栋", "阶段", "贷款余额", "停贷余额", "押品回收", "担保回收", "保证金抵扣", "预计损失",
                            "损失占余额"]],
                    formats={"贷款余额": "{:,.0f}", "停贷余额": "{:,.0f}", "押品回收": "{:,.0f}", "担保回收": "{:,.0f}",
                             "保证金抵扣": "{:,.0f}", "预计损失": "{:,.0f}", "损失占余额": "{:.1%}"}, index=False)
        total = result.iloc[-1]
        display(HTML(f"<p>预计损失合计 {fmt.wan(total['预计损失'])}，占全部按揭余额 {fmt.pct(total['损失占余额'])}；"
                     f"保证金抵了 {fmt.wan(total['保证金抵扣'])}。</p>"))


class PosterSiteView(ToolWidget):
    """海报按位置的账：主控件是“同样的人天不配海报、去扫街每天能借出几户”——驻点位置的借款，有多少该记在人身上；
    旁边是人天成本和每户一年贡献。``.result`` 为 :func:`coursekit.marketing.poster_sites` 的结果表（最后一行合计）。
    """

    title = "小海报的账：功劳是海报的，还是海报旁边那个人的"

    def __init__(self, sites: Any, *, value_per_loan: float, day_cost: float = 1_000.0,
                 loans_per_day_without: float = 0.0, days_per_lead: float = 0.0):
        self._sites, self._per_lead = sites, days_per_lead
        marketing.poster_sites(sites, value_per_loan=value_per_loan, day_cost=day_cost,
                               loans_per_day_without=loans_per_day_without,
                               days_per_lead=days_per_lead)   # 参数有误时在构造时就报错
        controls = {
            "扫街户数": W.FloatSlider(value=loans_per_day_without, min=0.0, max=4.0, step=0.05,
                                  description="不配海报每人天借款", readout_format=".2f", style=_STYLE),
            "人天成本": W.FloatSlider(value=day_cost, min=0, max=3_000, step=100, description="人天成本（元）",
                                  style=_STYLE),
            "每户贡献": W.FloatSlider(value=value_per_loan, min=0, max=10_000, step=500, description="每户一年贡献（元）",
                                  style=_STYLE),
        }
        super().__init__(controls)

    def compute(self, values: dict[str, Any]) -> pd.DataFrame:
        return marketing.poster_sites(self._sites, value_per_loan=values["每户贡献"], day_cost=values["人天成本"],
                                      loans_per_day_without=values["扫街户数"], days_per_lead=self._per_lead)

    def render(self, result: pd.DataFrame) -> None:
        tables.show(result[["位置", "扫码", "借款", "全部成本", "每个好客户的成本", "人天本可带来", "海报多带来", "净贡献"]],
                    formats={"扫码": "{:,.0f}", "借款": "{:,.0f}", "全部成本": "{:,.0f}", "每个好客户的成本": "{:,.0f}",
                             "人天本可带来": "{:.1f}", "海报多带来": "{:.1f}", "净贡献": "{:,.0f}"}, index=False)
        t = result.iloc[-1]
        display(HTML(f"<p>合计借款 {t['借款']:.0f} 户，其中约 {t['人天本可带来']:.1f} 户是驻点的人天本来就能带来的；"
                     f"净贡献 {fmt.wan(t['净贡献'])}。</p>"))

__all__ += ["DealerGapView"]


class DealerGapView(ToolWidget):
    """短保食品经销商的额度：主控件是“商超实际多少天回款”（合同写的天数常常不是到账的天数），旁边是小店的赊账天数——
    乡下小店是货到付款还是月结，决定小店线经销商缺不缺钱。对照线是“几个月进货额”的老办法。

    ``dealers`` 与其余参数同 :func:`coursekit.marketing.dealer_funding_gap`（表里可多一列 ``渠道``）。
    ``.result`` 为该函数的结果表。
    """

    title = "面包经销商的额度：钱压在商超的账期里，还是压在进货上"

    def __init__(self, dealers: Any, *, supermarket_days: float, shop_days: float = 7.0, prepay_days: float = 3.0,
                 stock_days: float = 1.0, purchase_months: float = 2.0, max_limit: float = 1_000_000.0,
                 step: float = 10_000.0):
        self._dealers = dealers
        self._fixed = dict(prepay_days=prepay_days, stock_days=stock_days, purchase_months=purchase_months,
                           max_limit=max_limit, step=step)
        marketing.dealer_funding_gap(dealers, supermarket_days=supermarket_days, shop_days=shop_days,
                                     **self._fixed)   # 参数有误时在构造时就报错
        controls = {
            "商超回款天数": W.IntSlider(value=int(round(supermarket_days)), min=0, max=120, step=5,
                                    description="商超实际回款天数", style=_STYLE),
            "小店回款天数": W.IntSlider(value=int(round(shop_days)), min=0, max=45, step=1,
                                    description="小店赊账天数", style=_STYLE),
        }
        super().__init__(controls)

    def compute(self, values: dict[str, Any]) -> pd.DataFrame:
        return marketing.dealer_funding_gap(self._dealers, supermarket_days=values["商超回款天数"],
                                            shop_days=values["小店回款天数"], **self._fixed)

    def render(self, result: pd.DataFrame) -> None:
        cols = [c for c in ("经销商", "渠道") if c in result.columns]
        money = ["压在商超", "压在小店", "资金缺口", "按缺口额度", "按进货额额度"]
        tables.show(result[cols + money], formats={c: "{:,.0f}" for c in money}, index=False)
        gap, rule = float(result["按缺口额度"].sum()), float(result["按进货额额度"].sum())
        short = result["按缺口额度"] > result["按进货额额度"]
        display(HTML(f"<p>按缺口核定合计 {html.escape(fmt.wan(gap, 0))}，按两个月进货额合计 {html.escape(fmt.wan(rule, 0))}；"
                     f"老办法给少了的有 {int(short.sum())} 户，给多了的有 "
                     f"{int((result['按缺口额度'] < result['按进货额额度']).sum())} 户。</p>"))

class InstalmentBatchView(ToolWidget):
    """门店分期一批贷款的账：主控件是冒名与虚假交易的占比；旁边是门店佣金比例、门店回购比例、正常违约率，
    以及佣金是否延付。``.result`` 为 :class:`coursekit.marketing.InstalmentBatch`。
    ``terms`` 是 :func:`coursekit.marketing.instalment_batch_economics` 的其余参数（笔数、笔均、期数、月费率、资金成本等）。
    """

    title = "分期批量的账：冒名占比到多少，这一批白做"

    def __init__(self, terms: dict, *, fraud_rate: float = 0.0):
        if not isinstance(terms, dict):
            raise InputError("参数", "应为字典（笔数、笔均金额、期数、月费率等）", terms)
        need = ("loans_count", "avg_ticket", "months", "monthly_fee_rate", "referral_rate", "funding_rate",
                "default_rate", "default_lgd")
        missing = [k for k in need if k not in terms]
        if missing:
            raise InputError("参数", "缺少：" + "、".join(missing), None)
        self._terms = dict(terms)
        marketing.instalment_batch_economics(**{**self._terms, "fraud_rate": fraud_rate})   # 参数有误时在构造时就报错
        t = self._terms
        controls = {
            "冒名占比": W.FloatSlider(value=fraud_rate, min=0.0, max=0.08, step=0.001, description="冒名与虚假交易占比",
                                  readout_format=".1%", style=_STYLE),
            "佣金比例": W.FloatSlider(value=t.get("referral_rate", 0.0), min=0.0, max=0.05, step=0.0025,
                                  description="门店佣金（占本金）", readout_format=".2%", style=_STYLE),
            "回购比例": W.FloatSlider(value=t.get("store_buyback", 0.0), min=0.0, max=1.0, step=0.1,
                                  description="冒名损失门店回购", readout_format=".0%", style=_STYLE),
            "违约率": W.FloatSlider(value=t.get("default_rate", 0.0), min=0.0, max=0.08, step=0.005,
                                 description="正常违约率（全期）", readout_format=".1%", style=_STYLE),
            "延付": W.Checkbox(value=bool(t.get("deferred_referral", False)), description="佣金在按期还款几期后才付"),
        }
        super().__init__(controls)

    def compute(self, values: dict[str, Any]):
        return marketing.instalment_batch_economics(**{**self._terms, "fraud_rate": values["冒名占比"],
                                                       "referral_rate": values["佣金比例"],
                                                       "store_buyback": values["回购比例"],
                                                       "default_rate": values["违约率"],
                                                       "deferred_referral": values["延付"]})

    def render(self, result) -> None:
        tables.show(result.table(), formats={"每笔": "{:,.1f}", "整批": "{:,.0f}"}, index=False)
        be = result.break_even_fraud_rate
        if be == 0:
            tail = "即使没有一笔冒名，这一批也是亏的。"
        else:
            tail = f"冒名与虚假交易占比到 {fmt.pct(be, 2)}，这一批的期望损益归零。"
        display(HTML(f"<p>{result.loans:,.0f} 笔、笔均 {result.avg_ticket:,.0f} 元，整批期望损益 "
                     f"{fmt.wan(result.batch_profit)}。{tail}</p>"))


__all__ += ["InstalmentBatchView"]

class ReferralFeeView(ToolWidget):
    """推荐人按笔收费的账：主控件是“因为付费才多出来的那批推荐，一年违约率多少”；旁边是每笔推荐费和多出来的申请笔数
    （批准率不变）。``fee_rows`` 是付费之后要付推荐费的渠道（包括原来不付费也会来的那批）。
    ``.result`` 为 :func:`coursekit.marketing.referral_fee_terms` 的结果表（最后一行合计）。
    """

    title = "按笔付推荐费：多出来的那批要多好，这笔费才划得来"

    def __init__(self, channels: Any, *, extra_row: str, fee_rows: Any, net_margin: float, lgd: float,
                 cost_per_application: float):
        marketing.referral_fee_terms(channels, net_margin=net_margin, lgd=lgd,
                                     cost_per_application=cost_per_application)   # 参数有误时在构造时就报错
        self._channels = pd.DataFrame(channels).reset_index(drop=True)
        names = list(self._channels["渠道"].astype(str))
        if extra_row not in names:
            raise InputError("多出来的渠道", f"渠道表里没有“{extra_row}”", extra_row)
        fee_rows = [str(r) for r in fee_rows]
        missing = [r for r in fee_rows if r not in names]
        if missing:
            raise InputError("付费渠道", f"渠道表里没有“{missing[0]}”", missing[0])
        self._extra, self._fee_rows = names.index(extra_row), fee_rows
        self._args = {"net_margin": net_margin, "lgd": lgd, "cost_per_application": cost_per_application}
        row = self._channels.iloc[self._extra]
        self._rate = float(row["批准"]) / float(row["申请"]) if float(row["申请"]) > 0 else 0.0
        fee = float(self._channels.loc[self._channels["渠道"].astype(str).isin(fee_rows), "每笔推荐费"].max())
        controls = {
            "违约率": W.FloatSlider(value=float(row["违约率"]) * 100, min=0.0, max=10.0, step=0.1,
                                 description="多出来那批违约率（%）", readout_format=".1f", style=_STYLE),
            "推荐费": W.FloatSlider(value=fee, min=0, max=1_500, step=50, description="每笔推荐费（元）", style=_STYLE),
            "申请": W.IntSlider(value=int(row["申请"]), min=0, max=200, step=5, description="多出来的申请（笔）",
                              style=_STYLE),
        }
        plain = self._channels.drop(index=self._extra).copy()
        plain.loc[plain["渠道"].astype(str).isin(fee_rows), "每笔推荐费"] = 0
        self._plain = marketing.referral_fee_terms(plain, **self._args).iloc[-1]["净贡献"] if len(plain) else 0.0
        super().__init__(controls)

    def compute(self, values: dict[str, Any]) -> pd.DataFrame:
        ch = self._channels.copy()
        i = self._extra
        ch.loc[i, "违约率"] = values["违约率"] / 100
        ch.loc[i, "申请"] = values["申请"]
        ch.loc[i, "批准"] = round(values["申请"] * self._rate)
        ch.loc[ch["渠道"].astype(str).isin(self._fee_rows), "每笔推荐费"] = values["推荐费"]
        return marketing.referral_fee_terms(ch, **self._args)

    def render(self, result: pd.DataFrame) -> None:
        tables.show(result[["渠道", "申请", "批准", "贷款额", "违约率", "息差收入", "预期损失", "办理成本", "推荐费",
                            "净贡献", "打平违约率"]],
                    formats={"申请": "{:,.0f}", "批准": "{:,.0f}", "贷款额": "{:,.0f}", "违约率": "{:.1%}",
                             "息差收入": "{:,.0f}", "预期损失": "{:,.0f}", "办理成本": "{:,.0f}", "推荐费": "{:,.0f}",
                             "净贡献": "{:,.0f}", "打平违约率": "{:.2%}"}, index=False)
        t = result.iloc[-1]
        gap = t["净贡献"] - self._plain
        display(HTML(f"<p>付费之后这几条渠道合计一年净贡献 {fmt.wan(t['净贡献'])}，其中推荐费 {fmt.wan(t['推荐费'])}；"
                     f"不付费（也没有多出来的那批）是 {fmt.wan(self._plain)}，"
                     f"付费{'多挣' if gap >= 0 else '少挣'} {fmt.wan(abs(gap))}。</p>"))


__all__ += ["ReferralFeeView"]


class ChamberFundRecordView(ToolWidget):
    """商会互助金账本读成每位会员的还款记录（:func:`coursekit.marketing.chamber_fund_record`）。
    主控件：迟还多少天以内不算迟还——它决定谁进“按时还款”、进第一批名单。``.result`` 为逐户表。
    """

    title = "互助金账本：迟还几天以内算按时"

    def __init__(self, ledger: pd.DataFrame, *, late_tolerance_days: float = 10, bridge_purpose: str = "转贷过桥"):
        marketing.chamber_fund_record(ledger, late_tolerance_days=late_tolerance_days,
                                      bridge_purpose=bridge_purpose)   # 参数有误时在构造时就报错
        self._ledger, self._purpose = ledger, bridge_purpose
        controls = {
            "容忍天数": W.IntSlider(value=int(late_tolerance_days), min=0, max=60, step=1,
                                description="迟还容忍天数", style=_STYLE),
        }
        super().__init__(controls)

    def compute(self, values: dict[str, Any]) -> pd.DataFrame:
        return marketing.chamber_fund_record(self._ledger, late_tolerance_days=values["容忍天数"],
                                             bridge_purpose=self._purpose)

    def render(self, result: pd.DataFrame) -> None:
        n = result.attrs["分类户数"]
        first = result[(result["分类"] == "按时还款") & (result["过桥次数"] > 0)]
        occasional = "、".join(result.index[result["分类"] == "偶有迟还"])
        display(HTML("<p>" + "；".join(f"{k} {v} 户" for k, v in n.items())
                     + f"。按时还款、又借过互助金过桥的 {len(first)} 户进第一批（下表）；"
                     + f"偶有迟还：{occasional or '无'}。</p>"))
        show = first.reset_index()[["会员", "借用次数", "过桥次数", "最长迟还天数", "合计金额"]]
        tables.show(show, formats={"合计金额": "{:,.0f}", "最长迟还天数": "{:.0f}"}, index=False)


class LivestreamLineView(ToolWidget):
    """直播卖家按到账核额度（:func:`coursekit.marketing.livestream_seller_lines`）。
    主控件：一个品类（通常是服装）的退货率——自报成交额里有多少会退回去；副控件：覆盖几个月的到账。
    ``.result`` 为逐户表。
    """

    title = "直播卖家：按成交额核，还是按到账核"

    def __init__(self, sellers: pd.DataFrame, return_rates: dict, *, category: str = "服装", fee_rate: float = 0.08,
                 months_cover: float = 2.0, max_line: float = 500_000.0, mismatch_floor: float = 0.7):
        marketing.livestream_seller_lines(sellers, return_rates, fee_rate=fee_rate, months_cover=months_cover,
                                          max_line=max_line, mismatch_floor=mismatch_floor)   # 参数有误时在构造时就报错
        if category not in return_rates:
            raise InputError("品类", "退货率字典里没有这个品类", category)
        self._sellers, self._rates, self._cat = sellers, dict(return_rates), category
        self._fee, self._cap, self._floor = fee_rate, max_line, mismatch_floor
        controls = {
            "退货率": W.FloatSlider(value=float(return_rates[category]), min=0.0, max=0.7, step=0.01,
                                 description=f"{category}退货率", readout_format=".0%", style=_STYLE),
            "覆盖月数": W.FloatSlider(value=float(months_cover), min=0.5, max=6.0, step=0.5,
                                  description="覆盖几个月到账", style=_STYLE),
        }
        super().__init__(controls)

    def compute(self, values: dict[str, Any]) -> pd.DataFrame:
        rates = {**self._rates, self._cat: values["退货率"]}
        return marketing.livestream_seller_lines(self._sellers, rates, fee_rate=self._fee,
                                                 months_cover=values["覆盖月数"], max_line=self._cap,
                                                 mismatch_floor=self._floor)

    def render(self, result: pd.DataFrame) -> None:
        bad = int(result["到账对不上"].sum())
        est = result["依据"] != "到账"
        display(HTML(f"<p>按成交额合计 {fmt.wan(result['按成交额额度'].sum())}，按到账合计 {fmt.wan(result.loc[~est, '按到账额度'].sum())}"
                     f"（到账对不上、先不核的 {bad} 户）；没交流水的 {int(est.sum())} 户按退货率预估 "
                     f"{fmt.wan(result.loc[est, '按到账额度'].sum())}。</p>"))
        show = result[["卖家", "品类", "依据", "月均成交额", "应到账", "月均到账", "到账比", "按成交额额度", "按到账额度"]].copy()
        show["到账比"] = show["到账比"].map(lambda v: "—" if pd.isna(v) else f"{v:.0%}")
        show["月均到账"] = show["月均到账"].map(lambda v: "—" if pd.isna(v) else f"{v:,.0f}")
        tables.show(show, formats={c: "{:,.0f}" for c in ("月均成交额", "应到账", "按成交额额度", "按到账额度")},
                    index=False)
__all__ += ["ChamberFundRecordView"]
__all__ += ["LivestreamLineView"]


# -- 从案例笔记本搬来的部件（m03：春联、代发群、趣跑、纾困贷） ------------------------------------------------
__all__ += ["VisitPlanView"]

_WIDE = {"description_width": "11em"}


class VisitPlanView(ToolWidget):
    """几种走访安排比每个人天带来几笔贷款（:func:`coursekit.marketing.visit_plans`）。每种安排的成交率各一个滑块，
    ``key`` 那一种再加一个每人天走访户数的滑块；结论（哪种安排每个人天的贷款多、所需人天放不放得下）由核心函数给出。

    ``plans``：同 visit_plans，第一种是比较的基准（“追平第一种所需转化率”）；``days_available``：手上能排出的人天；
    ``names``：{安排名: 滑块和结论里用的简称}。``.result`` 为 visit_plans 的结果（带“放得下”一列）。
    """

    title = "人天花在哪里：每个人天带来几笔贷款"

    def __init__(self, plans: Mapping[str, Mapping[str, Any]], key: str, *, days_available: float, avg_loan: float,
                 loan_margin: float = 0.02, day_cost: float = 1_000.0, names: Mapping[str, str] | None = None):
        marketing.visit_plans(plans, avg_loan, loan_margin=loan_margin, day_cost=day_cost,
                              days_available=days_available)   # 坏参数在这里就报
        if key not in plans:
            raise InputError("拖动户数的安排", f"应为走访安排里的一种：{'、'.join(map(str, plans))}", key)
        if names is not None and (not isinstance(names, Mapping) or set(names) - set(plans)):
            raise InputError("安排的简称", "应为 {安排名: 简称} 的字典，安排名要在走访安排里", names)
        self._plans = {str(k): dict(v) for k, v in plans.items()}
        self._key = str(key)
        self._short = {k: str((names or {}).get(k, k)) for k in self._plans}
        self._args = dict(avg_loan=avg_loan, loan_margin=loan_margin, day_cost=day_cost, days_available=days_available)
        layout = W.Layout(width="34em")
        controls: dict[str, W.Widget] = {}
        for name in [self._key] + [k for k in self._plans if k != self._key]:
            conv = float(self._plans[name]["conversion"])
            controls[f"成交率：{name}"] = W.FloatSlider(
                value=conv, min=min(0.005, conv), max=max(0.05, 2.5 * conv), step=0.005, readout_format=".1%",
                description=f"{self._short[name]}成交率", style=_WIDE, layout=layout, continuous_update=False)
        vpd = float(self._plans[self._key]["visits_per_day"])
        low, high = max(1, int(vpd // 2)), max(int(round(vpd * 1.75)), int(vpd) + 1)
        kind = W.IntSlider if vpd.is_integer() else W.FloatSlider
        controls["每人天户数"] = kind(value=int(vpd) if vpd.is_integer() else vpd, min=low, max=high, step=1,
                                 description=f"{self._short[self._key]}每人天户数", style=_WIDE, layout=layout,
                                 continuous_update=False)
        super().__init__(controls)

    def compute(self, values: dict[str, Any]) -> pd.DataFrame:
        plans = {}
        for name, p in self._plans.items():
            p = {**p, "conversion": values[f"成交率：{name}"]}
            if name == self._key:
                p["visits_per_day"] = values["每人天户数"]
            plans[name] = p
        return marketing.visit_plans(plans, **self._args)

    def render(self, result: pd.DataFrame) -> None:
        short = [self._short[n] for n in result["安排"]]
        order = [self._key] + [k for k in self._plans if k != self._key]
        per_day = result.set_index("安排")["每人天借款笔数"]
        best = [self._short[n] for n in result.attrs["每人天借款最多"]]
        verdict = f"{best[0]}更划算" if len(best) == 1 else f"{'、'.join(best)}一样多"
        days = "，".join(f"{s}要 {d:.1f} 个人天" for s, d in zip(short, result["人天"]))
        over = [s for s, ok in zip(short, result["放得下"]) if not ok]
        fits = f"{'、'.join(over)}放不下" if over else "都放得下"
        text = (f"每个人天：{'，'.join(f'{self._short[n]} {per_day[n]:.2f} 笔' for n in order)}，{verdict}；"
                f"{days}，手上约 {result.attrs['可用人天']:g} 个：{fits}。")
        display(HTML(f"<p>{html.escape(text)}</p>"))
        shown = result[["安排", "人天", "转化率", "预计借款笔数", "每人天借款笔数", "追平第一种所需转化率", "放得下"]].copy()
        shown["放得下"] = shown["放得下"].map({True: "是", False: "否"})
        display(tables.table(shown, index=False, formats={"人天": "{:.1f}", "预计借款笔数": "{:.2f}",
                                                          "每人天借款笔数": "{:.2f}"}))


__all__ += ["PayrollGroupView"]


class PayrollGroupView(ToolWidget):
    """代发单位的员工群按分群看（:func:`coursekit.marketing.group_by_segment`）：红包后几小时以内的发言算“抢红包”
    （0 即支行体检的口径：全部算活跃），存款利差多少（决定老员工的存款值多少）。``.result`` 为各分群一行的表。
    """

    title = "工资卡服务群：剔掉抢红包，谁在说话、谁的问题没人回、谁更值钱"

    def __init__(self, data: Any, group_id: str, *, as_of: Any = "2024-12-31", window_days: int = 184,
                 chatter_hours: float = 3.0, deposit_spread: float = 0.012):
        marketing.group_by_segment(data, group_id, as_of=as_of, window_days=window_days, chatter_hours=chatter_hours,
                                   deposit_spread=deposit_spread)   # 坏参数在这里就报
        self._data, self._args = data, dict(group_id=group_id, as_of=as_of, window_days=window_days)
        layout = W.Layout(width="34em")
        controls = {
            "抢红包口径": W.FloatSlider(value=float(chatter_hours), min=0.0, max=max(6.0, float(chatter_hours)), step=0.5,
                                   description="红包后几小时算抢红包", style=_WIDE, layout=layout,
                                   continuous_update=False),
            "存款利差": W.FloatSlider(value=float(deposit_spread), min=min(0.003, float(deposit_spread)),
                                  max=max(0.025, float(deposit_spread)), step=0.001, readout_format=".1%",
                                  description="存款利差", style=_WIDE, layout=layout, continuous_update=False),
        }
        super().__init__(controls)

    def compute(self, values: dict[str, Any]) -> pd.DataFrame:
        return marketing.group_by_segment(self._data, self._args["group_id"], as_of=self._args["as_of"],
                                          window_days=self._args["window_days"], chatter_hours=values["抢红包口径"],
                                          deposit_spread=values["存款利差"])

    def render(self, result: pd.DataFrame) -> None:
        hours, spread = self.controls["抢红包口径"].value, self.controls["存款利差"].value
        top, low = marketing.PAYROLL_SEGMENTS[-1], marketing.PAYROLL_SEGMENTS[0]
        text = (f"口径 {hours:.1f} 小时：成员发言 {result.attrs['发言条数']:,} 条，其中不算抢红包的 "
                f"{result.attrs['不算抢红包的发言']:,} 条；存款利差 {spread:.1%} 时，{top}人均年贡献 "
                f"{result.loc[top, '人均年贡献']:,.0f} 元，{low} {result.loc[low, '人均年贡献']:,.0f} 元。")
        display(HTML(f"<p>{html.escape(text)}</p>"))
        cols = ["期末在群", "发言条数", "不算抢红包的发言", "活跃占比", "咨询条数", "红包后咨询回复率", "其他咨询回复率",
                "人均年贡献"]
        display(tables.table(result[cols], formats={"人均年贡献": "{:,.0f}"}))


__all__ += ["LiftValueView"]


class LiftValueView(ToolWidget):
    """活动的提升折成一年的贡献，和全部成本比（:func:`coursekit.marketing.lift_value`）。主控件是存款提升里算给活动的
    比例（会上最有争议的数），另两个是存款利差和活动费用。``lift``：:func:`~coursekit.marketing.attendee_lift` 的结果；
    ``event``：控件和结论里对活动的称呼。``.result`` 为 lift_value 的结果（``attrs["够本"]``）。"""

    title = "活动值不值：存款提升算多少给活动，每投入 1 元换回多少"

    def __init__(self, lift: pd.DataFrame, *, cost: float, officer_days: float, day_cost: float = 1_000.0,
                 loan_margin: float = 0.02, deposit_spread: float = 0.012, deposit_share: float = 1.0,
                 event: str = "活动"):
        marketing.lift_value(lift, cost=cost, officer_days=officer_days, loan_margin=loan_margin,
                             deposit_spread=deposit_spread, deposit_share=deposit_share,
                             day_cost=day_cost)   # 坏参数在这里就报
        if not isinstance(event, str) or not event.strip():
            raise InputError("活动的称呼", "应为文字，如“趣跑”", event)
        self._lift, self._event = lift, event.strip()
        self._args = dict(officer_days=officer_days, loan_margin=loan_margin, day_cost=day_cost)
        style, layout = {"description_width": "12em"}, W.Layout(width="36em")
        cost_wan = float(cost) / 10_000
        controls = {
            "存款提升算给活动": W.FloatSlider(value=float(deposit_share), min=0.0, max=1.0, step=0.01, readout_format=".0%",
                                      description=f"存款提升算给{self._event}", style=style, layout=layout,
                                      continuous_update=False),
            "存款利差": W.FloatSlider(value=float(deposit_spread), min=min(0.004, float(deposit_spread)),
                                  max=max(0.02, float(deposit_spread)), step=0.001, readout_format=".1%",
                                  description="存款利差", style=style, layout=layout, continuous_update=False),
            "活动费用（万元）": W.FloatSlider(value=cost_wan, min=min(1.0, cost_wan), max=max(5.0, cost_wan), step=0.5,
                                      description="活动费用（万元）", style=style, layout=layout,
                                      continuous_update=False),
        }
        super().__init__(controls)

    def compute(self, values: dict[str, Any]) -> pd.Series:
        return marketing.lift_value(self._lift, cost=values["活动费用（万元）"] * 10_000,
                                    deposit_spread=values["存款利差"], deposit_share=values["存款提升算给活动"],
                                    **self._args)

    def render(self, result: pd.Series) -> None:
        share, need = self.controls["存款提升算给活动"].value, result["存款打平所需比例"]
        even = f"存款提升至少要算 {need:.0%} 才打平" if need <= 1 else "存款提升全算也打不平"
        text = (f"存款提升算 {share:.0%} 给{self._event}：每投入 1 元换回 {result['每元贡献']:.2f} 元，"
                f"{'够本' if result.attrs['够本'] else '不够本'}；贷款提升全算时，{even}。")
        display(HTML(f"<p>{html.escape(text)}</p>"))
        cols = ["贷款部分", "存款部分", "12 个月贡献", "全部成本", "每元贡献"]
        display(tables.table(result[cols].to_frame("数值").T, index=False,
                             formats={**{c: "{:,.0f}" for c in cols[:4]}, "每元贡献": "{:.2f}"}))


__all__ += ["VisitCapacityView"]


class VisitCapacityView(ToolWidget):
    """一批贷款的放款窗口与上门能力（:func:`coursekit.marketing.visit_capacity`）：窗口几个工作日、几位客户经理、
    每人每天上门几户，能上门几户、预计坏几笔、坏多少钱。两个变坏率与笔均金额固定（取上一批的实际）。
    ``.result`` 为 visit_capacity 的结果。"""

    title = "放款窗口与上门能力：上得了几户的门，预计坏几笔"

    def __init__(self, n_loans: int, *, officers: int, working_days: int, visits_per_day: float,
                 bad_rate_visited: float, bad_rate_unvisited: float, avg_amount: float):
        marketing.visit_capacity(n_loans, officers, working_days, visits_per_day, bad_rate_visited,
                                 bad_rate_unvisited, avg_amount)   # 坏参数在这里就报
        self._n, self._rates = n_loans, (bad_rate_visited, bad_rate_unvisited, avg_amount)
        layout = W.Layout(width="34em")
        days, off, vpd = int(working_days), int(officers), float(visits_per_day)
        controls = {
            "放款窗口": W.IntSlider(value=days, min=min(3, days), max=max(25, days), step=1,
                                description="放款窗口（工作日）", style=_WIDE, layout=layout, continuous_update=False),
            "每人每天上门户数": W.FloatSlider(value=vpd, min=min(0.5, vpd), max=max(4.0, vpd), step=0.5,
                                      description="每人每天上门户数", style=_WIDE, layout=layout,
                                      continuous_update=False),
            "客户经理人数": W.IntSlider(value=off, min=min(2, off), max=max(12, off), step=1, description="客户经理人数",
                                  style=_WIDE, layout=layout, continuous_update=False),
        }
        super().__init__(controls)

    def compute(self, values: dict[str, Any]) -> pd.Series:
        return marketing.visit_capacity(self._n, values["客户经理人数"], values["放款窗口"], values["每人每天上门户数"],
                                        *self._rates)

    def render(self, result: pd.Series) -> None:
        v = self.controls
        text = (f"{v['放款窗口'].value} 个工作日、{v['客户经理人数'].value} 人、每人每天 {v['每人每天上门户数'].value:g} 户："
                f"能上门 {result['能上门户数']:.0f} 户，没上门 {result['没上门户数']:.0f} 户，"
                f"预计坏 {result['预计变坏笔数']:.1f} 笔、{fmt.wan(result['预计变坏金额'], 1)}。")
        display(HTML(f"<p>{html.escape(text)}</p>"))
        display(tables.table(result.to_frame("数值").T, index=False,
                             formats={"贷款笔数": "{:.0f}", "上门能力（户）": "{:.0f}", "能上门户数": "{:.0f}",
                                      "没上门户数": "{:.0f}", "上门比例": "{:.0%}", "预计变坏笔数": "{:.1f}",
                                      "预计变坏金额": "{:,.0f}"}))

__all__ += ["CupCountView", "ObjectionSplitView"]


class CupCountView(ToolWidget):
    """从一天用掉的纸杯估门店一年的销售额（:func:`coursekit.marketing.cup_count_sales`）。

    控件是客户说出来、当场核对不了的三个数：每组来客用几只杯子、成交率、员工自己每天用几只；
    看得见的纸杯数、每单金额、营业天数和客户自报的年销售额固定。``.result`` 为 cup_count_sales 的结果。
    """

    title = "一杯水估生意：每组用几只杯子、几家成一单"

    def __init__(self, cups_per_day: float, *, staff_cups_per_day: float, cups_per_group: float, close_rate: float,
                 avg_order: float, open_days: int = 330, claimed_sales: float | None = None):
        marketing.cup_count_sales(cups_per_day, staff_cups_per_day=staff_cups_per_day, cups_per_group=cups_per_group,
                                  close_rate=close_rate, avg_order=avg_order, open_days=open_days,
                                  claimed_sales=claimed_sales)   # 坏参数在这里就报
        self._cups, self._order, self._days, self._claim = cups_per_day, avg_order, open_days, claimed_sales
        style, layout = {"description_width": "12em"}, W.Layout(width="34em")
        controls = {
            "每组来客用的杯子": W.FloatSlider(value=float(cups_per_group), min=min(1.5, float(cups_per_group)),
                                      max=max(4.0, float(cups_per_group)), step=0.1, description="每组来客用的杯子",
                                      style=style, layout=layout, continuous_update=False),
            "成交率": W.FloatSlider(value=float(close_rate), min=min(0.05, float(close_rate)),
                                 max=max(0.25, float(close_rate)), step=0.01, readout_format=".0%",
                                 description="成交率", style=style, layout=layout, continuous_update=False),
            "员工自己每天用的纸杯": W.IntSlider(value=int(staff_cups_per_day), min=0,
                                       max=max(20, int(staff_cups_per_day)), description="员工自己每天用的纸杯",
                                       style=style, layout=layout, continuous_update=False),
        }
        super().__init__(controls)

    def compute(self, values: dict[str, Any]) -> pd.Series:
        return marketing.cup_count_sales(self._cups, staff_cups_per_day=values["员工自己每天用的纸杯"],
                                         cups_per_group=values["每组来客用的杯子"], close_rate=values["成交率"],
                                         avg_order=self._order, open_days=self._days, claimed_sales=self._claim)

    def render(self, result: pd.Series) -> None:
        text = f"门店一年约 {fmt.wan(result['年销售额'], 0)}（一天 {result['来客组数/天']:,.1f} 组来客，一年约 {result['年订单']:,.0f} 单）。"
        if "自报未解释部分" in result:
            gap = result["自报未解释部分"]
            text += (f"客户自报 {fmt.wan(result['自报年销售额'], 0)}，门店客流解释不了的有 {fmt.wan(gap, 0)}，要问别的来源。"
                     if gap > 0 else f"客户自报 {fmt.wan(result['自报年销售额'], 0)}，门店客流已经解释得了。")
        display(HTML(f"<p>{html.escape(text)}</p>"))
        display(tables.table(result.to_frame("数值").T, formats="{:,.1f}", index=False))


class ObjectionSplitView(ToolWidget):
    """自己的跟进记录分组（:func:`coursekit.marketing.objection_buyer_rates`）：每组的户数和其中申请的户数，
    看两组的申请率、95% 区间，以及区间重不重叠（``.result.attrs["区间不重叠"]``）。

    ``groups``：``{组名: (户数, 申请户数)}``，如 ``{"提出异议": (15, 6), "没提异议": (25, 3)}``。
    """

    title = "自己的记录够不够说话：两组的申请率与区间"

    def __init__(self, groups: Mapping[str, Any], *, max_households: int = 150):
        marketing.objection_buyer_rates(groups)   # 坏参数在这里就报
        self._names = [str(k) for k in groups]
        style, layout = {"description_width": "12em"}, W.Layout(width="34em")
        controls: dict[str, W.Widget] = {}
        for name, (n, k) in groups.items():
            top = max(int(max_households), int(n))
            controls[f"{name}的户数"] = W.IntSlider(value=int(n), min=1, max=top, description=f"{name}的户数",
                                                 style=style, layout=layout, continuous_update=False)
            controls[f"{name}、申请的户数"] = W.IntSlider(value=int(k), min=0, max=top, description=f"{name}、申请的户数",
                                                    style=style, layout=layout, continuous_update=False)
        super().__init__(controls)

    def compute(self, values: dict[str, Any]) -> pd.DataFrame:
        groups = {}
        for name in self._names:
            n, k = values[f"{name}的户数"], values[f"{name}、申请的户数"]
            if k > n:
                raise InputError(f"{name}、申请的户数", f"不能多于{name}的户数 {n}", k)
            groups[name] = (n, k)
        return marketing.objection_buyer_rates(groups)

    def render(self, result: pd.DataFrame) -> None:
        apart = result.attrs["区间不重叠"]
        if apart is not None:
            text = "区间不重叠：差别不像是碰巧。" if apart else "区间重叠：方向可以参考，样本还小，说不了定论。"
            display(HTML(f"<p>{html.escape(text)}</p>"))
        display(tables.table(result, index=False,
                             formats={"成交率": "{:.1%}", "区间下限": "{:.1%}", "区间上限": "{:.1%}"}))
