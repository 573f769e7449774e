"""营销部件：客群规划、活动投入产出、线索名单、资金流链条。都是 coursekit.marketing 的薄外壳，结果在 ``.result``。"""
from __future__ import annotations

from typing import Any

import ipywidgets as W
import pandas as pd
from IPython.display import HTML, display

from .. import fmt, marketing, tables
from ..errors import InputError
from .base import ToolWidget

__all__ = ["ClusterPlanner", "CampaignROI", "ProspectExplorer", "FlowChainExplorer", "BatchPlanExplorer"]

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
