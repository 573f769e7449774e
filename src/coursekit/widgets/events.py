"""下一场活动的计划部件：主控件是关键渠道（例如“老会员带一位”）的客人申请的比例。coursekit.events 的薄外壳。"""
from __future__ import annotations

import html
from typing import Any, Mapping

import ipywidgets as W
import pandas as pd
from IPython.display import HTML, display

from .. import events, fmt, tables
from ..errors import InputError, require_fraction, require_int
from .base import ToolWidget

__all__ = ["EventPlanView"]

_STYLE = {"description_width": "16em"}


class EventPlanView(ToolWidget):
    """下一场活动按渠道的预计漏斗与成本（:func:`coursekit.events.event_plan`），和上一场的合计对照。

    ``base`` 是上一场的 :func:`~coursekit.events.event_funnel` 结果；``plan`` 是下一场的计划（同 event_plan）；
    ``key`` 是计划里的关键渠道：部件的三个控件改它的邀请人数、申请率（到场者里申请的比例，会上最有争议的数）
    和获批率。``costs`` 是传给 event_plan 的成本参数（fixed_cost、per_guest 等）。``.result`` 为计划的漏斗表。
    """

    title = "下一场怎么办：关键渠道的客人有几成会申请"

    def __init__(self, base: pd.DataFrame, plan: Mapping[str, Mapping[str, Any]], *, key: str,
                 costs: Mapping[str, Any]):
        if not isinstance(plan, Mapping) or key not in plan:
            raise InputError("关键渠道", "应是计划里的一个渠道", key)
        if not isinstance(base, pd.DataFrame) or "每个好客户成本" not in base.columns or "合计" not in set(base["渠道"]):
            raise InputError("上一场的漏斗表", "应为 event_funnel 的结果")
        self._base, self._plan, self._key, self._costs = base, {k: dict(v) for k, v in plan.items()}, key, dict(costs)
        prev = base.set_index("渠道")
        spec = self._plan[key]
        apply_ = float(spec.get("申请率", prev.loc[key, "申请率"] if key in prev.index else 0.3))
        approve = float(spec.get("获批率", prev.loc[key, "获批率"] if key in prev.index else 0.5))
        invited = require_int(spec.get("邀请", 0), f"{key}的邀请人数", minimum=0, maximum=10_000)
        self._last = prev.loc["合计"]
        controls = {
            "邀请人数": W.IntSlider(value=invited, min=0, max=max(60, 2 * invited), description=f"{key}：邀请几位",
                                style=_STYLE),
            "申请率": W.FloatSlider(value=round(apply_, 2), min=0.0, max=1.0, step=0.05, readout_format=".0%",
                                 description=f"{key}：到场后申请的比例", style=_STYLE),
            "获批率": W.FloatSlider(value=round(approve, 2), min=0.0, max=1.0, step=0.05, readout_format=".0%",
                                 description=f"{key}：申请后获批的比例", style=_STYLE),
        }
        super().__init__(controls)

    def compute(self, values: dict[str, Any]) -> pd.DataFrame:
        spec = dict(self._plan[self._key])
        spec["邀请"] = require_int(values["邀请人数"], "邀请人数", minimum=0, maximum=10_000)
        spec["申请率"] = require_fraction(values["申请率"], "申请率")
        spec["获批率"] = require_fraction(values["获批率"], "获批率")
        plan = {**self._plan, self._key: spec}
        return events.event_plan(self._base, plan, **self._costs)

    def render(self, result: pd.DataFrame) -> None:
        tot = result.set_index("渠道").loc["合计"]
        last = self._last

        def per_good(row) -> str:
            v = row["每个好客户成本"]
            return "没有好客户" if pd.isna(v) else fmt.yuan(v, 0)

        display(HTML(
            f"<p>下一场预计 {tot['好客户']:.1f} 个好客户，全部成本 {fmt.yuan(tot['全部成本'], 0)}，"
            f"每个好客户 {html.escape(per_good(tot))}；上一场是 {last['好客户']:.0f} 个、"
            f"{fmt.yuan(last['全部成本'], 0)}、每个 {html.escape(per_good(last))}。</p>"))
        view = result[["渠道", "邀请", "到场", "申请", "获批", "好客户", "全部成本", "每个好客户成本"]].copy()
        view["每个好客户成本"] = view["每个好客户成本"].map(lambda v: "—" if pd.isna(v) else fmt.yuan(v, 0))
        display(tables.table(view, index=False,
                             formats={"邀请": "{:.0f}", "到场": "{:.1f}", "申请": "{:.1f}", "获批": "{:.1f}",
                                      "好客户": "{:.1f}", "全部成本": "{:,.0f}"}))
