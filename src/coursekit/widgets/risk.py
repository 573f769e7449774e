"""风险部件：组合分类看板、预警探索器、催收方案生成器。都是 coursekit.risk 的薄外壳。"""
from __future__ import annotations

from dataclasses import replace
from typing import Any

import ipywidgets as W
import pandas as pd
from IPython.display import HTML, display

from .. import risk, tables
from ..errors import InputError
from .base import ToolWidget

__all__ = ["PortfolioDashboard", "EarlyWarningExplorer", "CollectionPlanner", "JointLoanView"]


def _table(df: pd.DataFrame, caption: str | None = None) -> None:
    if caption:
        display(HTML(f"<p><b>{caption}</b></p>"))
    display(tables.table(df))


class PortfolioDashboard(ToolWidget):
    """组合分类看板：分类汇总表、迁徙矩阵（可选）与不良占比图。

    ``loans`` 至少有 overdue_days 与 balance 列；给出 ``previous``（上期分类，Series 或含 loan_id 与
    category/risk_category 的表）时显示迁徙矩阵。滑块调整“超过几天至少为次级”，看界限对不良率的影响。
    """

    title = "组合五级分类看板"

    def __init__(self, loans: pd.DataFrame, previous: Any = None):
        self.loans = loans
        self.previous = previous
        controls = {
            "次级界限": W.IntSlider(value=90, min=30, max=180, step=1, description="次级界限（天）",
                                style={"description_width": "9em"}),
            "口径": W.ToggleButtons(options=["按余额", "按笔数"], value="按余额", description="口径"),
        }
        super().__init__(controls)

    def compute(self, values: dict[str, Any]) -> dict[str, Any]:
        bound = int(values["次级界限"])
        params = risk.ClassifyParams(overdue_bounds=(bound, max(bound + 1, 270), max(bound + 2, 360)))
        out = risk.classify_portfolio(self.loans, params=params)
        weight = "balance" if values["口径"] == "按余额" and "balance" in out.columns else None
        summary = out.groupby("category").agg(笔数=("category", "size"))
        if "balance" in out.columns:
            summary["余额（元）"] = out.groupby("category")["balance"].sum()
        summary = summary.reindex(risk.CATEGORIES, fill_value=0)
        basis = "余额（元）" if weight else "笔数"
        summary["占比"] = summary[basis] / summary[basis].sum() if summary[basis].sum() else 0.0
        summary.index.name = "五级分类"
        mig = None
        if self.previous is not None:
            idx = out.set_index("loan_id") if "loan_id" in out.columns else out
            mig = risk.migration(self.previous, idx["category"])
        return {"classified": out, "summary": summary, "migration": mig,
                "npl_share": risk.npl_share(out, weight=weight), "basis": values["口径"]}

    def render(self, result: dict[str, Any]) -> None:
        from .. import plotting

        s = result["summary"].copy()
        s["占比"] = s["占比"].map(lambda v: f"{v * 100:.1f}%")
        _table(s, f"五级分类汇总（不良占比 {result['npl_share'] * 100:.2f}%，{result['basis']}）")
        if result["migration"] is not None:
            _table(result["migration"].astype(int), "迁徙矩阵（笔数；行为期初，列为期末）")
        fig, ax = plotting.subplots(figsize=(6.5, 3.0))
        shares = result["summary"]["占比"]
        colors = [plotting.GOOD, plotting.WARN, plotting.BAD, plotting.BAD, plotting.BAD]
        ax.bar(list(shares.index), shares.to_numpy(), color=colors)
        plotting.percent_axis(ax)
        ax.set_title(f"各类贷款占比（不良占比 {result['npl_share'] * 100:.2f}%）")
        ax.set_ylabel("占比")
        display(fig)
        import matplotlib.pyplot as plt

        plt.close(fig)


class EarlyWarningExplorer(ToolWidget):
    """预警探索器：显示信号、证据与处置建议；滑块把近 3 个月的水电用量、账户流入按比例调低，
    或增加征信查询次数，看信号与处置等级如何变化。

    “不明流出占比阈值”滑块调整 :class:`coursekit.risk.WarningParams` 的 ``unexplained_outflow_share``
    （某月不明大额流出占当月流入达到多少就报警），初始值取自 ``params``，所以首次显示与传入的参数一致；
    其余阈值始终用 ``params`` 里的值。"""

    title = "贷后预警探索器"

    def __init__(self, profile: dict[str, Any] | None, series: pd.DataFrame,
                 params: risk.WarningParams = risk.WarningParams()):
        self.profile = dict(profile or {})
        self.series = series
        self.params = params
        style = {"description_width": "11em"}
        share = (params if isinstance(params, risk.WarningParams) else risk.WarningParams()).unexplained_outflow_share
        controls = {
            "水电用量变化": W.FloatSlider(value=0.0, min=-0.8, max=0.5, step=0.05, description="近 3 月水电用量变化",
                                     readout_format=".0%", style=style),
            "账户流入变化": W.FloatSlider(value=0.0, min=-0.8, max=0.5, step=0.05, description="近 3 月账户流入变化",
                                     readout_format=".0%", style=style),
            "新增征信查询": W.IntSlider(value=0, min=0, max=10, description="近 3 月新增征信查询", style=style),
            # 下限 1%：阈值为 0 时，没有不明流出的月份也会“达到阈值”
            "不明流出占比阈值": W.FloatSlider(value=share, min=min(0.01, share), max=1.0, step=0.01,
                                       description="不明流出占比阈值", readout_format=".0%", style=style),
        }
        super().__init__(controls)

    def compute(self, values: dict[str, Any]) -> risk.WarningReport:
        if not isinstance(self.params, risk.WarningParams):
            raise InputError("预警参数", "应为 risk.WarningParams", type(self.params).__name__)
        s = self.series.copy()
        r = self.params.recent_months
        for col, key in (("水电用量", "水电用量变化"), ("utilities", "水电用量变化"), ("账户流入", "账户流入变化"),
                         ("inflow", "账户流入变化")):
            if col in s.columns:
                s.loc[s.index[-r:], col] = s[col].iloc[-r:] * (1 + values[key])
        extra = int(values["新增征信查询"])
        if extra:
            col = "征信查询次数" if "征信查询次数" in s.columns or "credit_inquiries" not in s.columns \
                else "credit_inquiries"
            if col not in s.columns:
                s[col] = 0
            s.loc[s.index[-1], col] = s[col].iloc[-1] + extra
        params = replace(self.params, unexplained_outflow_share=float(values["不明流出占比阈值"]))
        return risk.early_warning(self.profile, s, params=params)

    def render(self, result: risk.WarningReport) -> None:
        color = {0: "#009E73", 1: "#0072B2", 2: "#E69F00", 3: "#D55E00", 4: "#B2182B"}[result.level]
        display(HTML(f'<p>处置等级：<b style="color:{color}">{result.level_name}</b>　{result.summary}</p>'))
        if not result.signals.empty:
            _table(result.signals.drop(columns="代码"), "预警信号与证据")
        items = "".join(f"<li>{a}</li>" for a in result.actions)
        display(HTML(f"<p><b>建议措施</b></p><ol>{items}</ol>"))


class CollectionPlanner(ToolWidget):
    """催收方案生成器：选逾期天数和欠款人人格类型，得到阶段、联系频率、沟通基调与步骤。"""

    title = "逾期催收方案"

    def __init__(self, overdue_days: int = 5, borrower_type: str = "低自尊型人格"):
        controls = {
            "逾期天数": W.IntSlider(value=overdue_days, min=0, max=400, description="逾期天数"),
            "欠款人类型": W.ToggleButtons(options=list(risk.BORROWER_TYPES), value=borrower_type,
                                     description="欠款人类型"),
        }
        super().__init__(controls)

    def compute(self, values: dict[str, Any]) -> risk.CollectionPlan:
        return risk.collection_plan(borrower_type=values["欠款人类型"], overdue_days=int(values["逾期天数"]))

    def render(self, plan: risk.CollectionPlan) -> None:
        days = int(self.controls["逾期天数"].value)
        display(HTML(f"<p>账龄：<b>{risk.bucket(days)}</b>；阶段：<b>{plan.stage}</b>（{plan.when}）<br>"
                     f"联系频率：{plan.frequency}<br>沟通基调：{plan.tone}</p>"))
        _table(plan.steps.set_index("步骤"))


class JointLoanView(ToolWidget):
    """合力贷的逐户压力推演（:func:`coursekit.risk.joint_loan_stress`）。主控件是 ``key`` 成员放进连带责任的份额
    （万元）——会上争的那个数；另两个控件是最弱一户能扛住的代偿金额（万元）和承压方式（均摊 / 全额）。
    ``weakest`` 默认取能扛住金额最小的成员。``.result`` 为推演表。"""

    title = "合力贷：带头人放进连带的份额多大，一户出事才不拖垮别人"

    def __init__(self, shares: dict[str, float], absorb: dict[str, float], *, key: str, weakest: str | None = None):
        if not isinstance(shares, dict) or key not in shares:
            raise InputError("关键成员", "应是成员份额里的一位", key)
        if not isinstance(absorb, dict) or not absorb:
            raise InputError("代偿能力", "应为字典（成员 → 能扛住的代偿金额，元）")
        weakest = weakest if weakest is not None else min(absorb, key=absorb.get)
        if weakest not in absorb:
            raise InputError("最弱成员", "应是代偿能力表里的一位", weakest)
        self._shares, self._absorb, self._key, self._weakest = dict(shares), dict(absorb), key, weakest
        style = {"description_width": "18em"}
        controls = {
            "份额": W.FloatSlider(value=round(float(shares[key]) / 10_000, 1), min=0.0,
                                max=max(100.0, round(float(shares[key]) / 5_000)), step=1.0,
                                description=f"{key}放进连带的份额（万元）", style=style),
            "最弱": W.FloatSlider(value=round(float(absorb[weakest]) / 10_000, 1), min=0.0,
                                max=max(50.0, round(float(absorb[weakest]) / 5_000)), step=0.5,
                                description=f"{weakest}能扛住的代偿（万元）", style=style),
            "承压方式": W.ToggleButtons(options=list(risk.JOINT_SPLITS[::-1]), value="均摊", description="承压方式",
                                    style=style),
        }
        super().__init__(controls)

    def compute(self, values: dict[str, Any]) -> pd.DataFrame:
        share = values["份额"]
        cap = values["最弱"]
        if not isinstance(share, (int, float)) or share < 0:
            raise InputError("份额", "应为不小于 0 的金额（万元）", share)
        if not isinstance(cap, (int, float)) or cap < 0:
            raise InputError("最弱", "应为不小于 0 的金额（万元）", cap)
        shares = {**self._shares, self._key: share * 10_000}
        absorb = {**self._absorb, self._weakest: cap * 10_000}
        return risk.joint_loan_stress(shares, absorb, split=values["承压方式"])

    def render(self, result: pd.DataFrame) -> None:
        worst = result.sort_values(["出险份额合计", "连带出险户数"], ascending=False).iloc[0]
        total = result["份额"].sum()
        if worst["连带出险户数"]:
            line = (f"最坏的一户是 {worst['首户']}：他出事后 {worst['连带出险']} 跟着出险，"
                    f"{worst['出险份额合计'] / 10_000:,.1f} 万元份额（占 {worst['占合力贷']:.0%}）保不住。")
        else:
            line = "任何一位成员出事，其余成员都接得住，没有人被连带拖垮。"
        display(HTML(f"<p>合力贷合计 {total / 10_000:,.1f} 万元。{line}</p>"))
        view = result.assign(连带出险=result["连带出险"].replace("", "—"))
        display(tables.table(view, index=False, formats={"份额": "{:,.0f}", "每人承压": "{:,.0f}",
                                                         "出险份额合计": "{:,.0f}", "占合力贷": "{:.0%}"}))


__all__ += ["GuaranteeChainView"]


class GuaranteeChainView(ToolWidget):
    """担保网里一户出事，担保关系一轮一轮传下去（:func:`coursekit.risk.guarantee_contagion`）。

    控件：先出事的是谁（默认在担保人里选）、几位关键担保人各自扛得住的代偿金额（``adjustable``，默认 ``absorb``
    里的全部）。``.result`` 为 :class:`~coursekit.risk.Contagion`。
    """

    title = "一户出事，担保网里牵连到谁"

    def __init__(self, guarantees: pd.DataFrame, balances, first: str, absorb, *, adjustable=None, candidates=None,
                 max_absorb: float = 600_000, step: int = 10_000):
        risk.guarantee_contagion(guarantees, balances, first, absorb)        # 坏参数在这里就报
        if not hasattr(absorb, "items"):
            raise InputError("代偿能力", "应为“担保人 → 扛得住的代偿金额（元）”的字典", type(absorb).__name__)
        self._args, self._absorb = (guarantees, balances), {str(k): float(v) for k, v in absorb.items()}
        names = list(self._absorb) if adjustable is None else [str(a) for a in adjustable]
        missing = [a for a in names if a not in self._absorb]
        if missing:
            raise InputError("可调的担保人", "没有给出这些人扛得住的代偿金额：" + "、".join(missing))
        if candidates is None:
            candidates = list(dict.fromkeys(str(g) for g in guarantees["guarantor_id"]))
        candidates = [str(c) for c in candidates]
        if str(first) not in candidates:
            candidates.insert(0, str(first))
        for c in candidates:
            risk.guarantee_contagion(guarantees, balances, c, absorb)         # 每个可选的首户都要推演得了
        self._names = names
        style, layout = {"description_width": "12em"}, W.Layout(width="36em")
        controls: dict[str, W.Widget] = {"首户": W.Dropdown(options=candidates, value=str(first),
                                                           description="先出事的人", style=style)}
        for name in names:
            v = int(round(self._absorb[name]))
            controls[f"{name} 能扛住的代偿金额"] = W.IntSlider(
                value=v, min=0, max=max(int(max_absorb), v), step=int(step), description=f"{name}扛得住（元）",
                style=style, layout=layout, continuous_update=False)
        super().__init__(controls)

    def compute(self, values: dict[str, Any]):
        absorb = {**self._absorb, **{n: values[f"{n} 能扛住的代偿金额"] for n in self._names}}
        return risk.guarantee_contagion(*self._args, values["首户"], absorb)

    def render(self, result) -> None:
        import html

        display(HTML(f"<p>{html.escape(result.explain())}</p>"))
        display(tables.table(result.table[["客户", "状态", "贷款余额", "代偿金额"]], na="—", index=False,
                             formats={"贷款余额": "{:,.0f}", "代偿金额": "{:,.0f}"}))


__all__ += ["GuaranteeCallView"]


class GuaranteeCallView(ToolWidget):
    """首户出险后，担保人按自己的底稿扛不扛得住（:func:`coursekit.risk.guarantee_call`）。

    控件：从首户的存货、房产能收回多少（元），担保人借钱代偿的年利率。``.result`` 为
    :class:`~coursekit.risk.GuaranteeCall`。
    """

    title = "首户能收回多少、代偿的钱多贵：担保链上谁还站得住"

    def __init__(self, guarantees: pd.DataFrame, sheets, own_loans, first: str, *, annual_rate, months,
                 method: str = "先息后本", recovery: float = 0.0, financing_rate: float = 0.12,
                 rate_range=(0.04, 0.24), step: int = 10_000):
        risk.guarantee_call(guarantees, sheets, own_loans, first, annual_rate=annual_rate, months=months, method=method,
                            recovery=recovery, financing_rate=financing_rate)        # 坏参数在这里就报
        self._args = (guarantees, sheets, own_loans, str(first))
        self._kw = dict(annual_rate=annual_rate, months=months, method=method)
        top = max(int(float(dict(own_loans).get(str(first), 0.0))), int(recovery), int(step))
        style, layout = {"description_width": "12em"}, W.Layout(width="36em")
        lo, hi = float(rate_range[0]), float(rate_range[1])
        controls: dict[str, W.Widget] = {
            "首户可收回金额": W.IntSlider(value=int(recovery), min=0, max=top, step=int(step),
                                   description=f"{first}能收回（元）", style=style, layout=layout,
                                   continuous_update=False),
            "代偿借款的年利率": W.FloatSlider(value=float(financing_rate), min=min(lo, float(financing_rate)),
                                      max=max(hi, float(financing_rate)), step=0.01, readout_format=".0%",
                                      description="借钱代偿的年利率", style=style, layout=layout,
                                      continuous_update=False),
        }
        super().__init__(controls)

    def compute(self, values: dict[str, Any]):
        return risk.guarantee_call(*self._args, recovery=values["首户可收回金额"],
                                   financing_rate=values["代偿借款的年利率"], **self._kw)

    def render(self, result) -> None:
        import html

        display(HTML(f"<p>{html.escape(result.contagion.explain())}</p>"))
        money = {c: "{:,.0f}" for c in result.guarantors.columns if c not in ("担保人", "结论")}
        display(tables.table(result.guarantors, formats=money, index=False))
