"""一份贷款报价的全部成本：主控件是一起买下的保险一年后能拿回多少（退保现金价值）。coursekit.offers 的薄外壳。"""
from __future__ import annotations

from typing import Any, Mapping

import ipywidgets as W
from IPython.display import HTML, display

from .. import fmt, offers, tables
from ..errors import InputError, require_fraction, require_non_negative
from .base import ToolWidget

__all__ = ["OfferCostView"]

_STYLE = {"description_width": "14em"}


class OfferCostView(ToolWidget):
    """把服务费和一起买下的保险算进贷款成本（:func:`coursekit.offers.offer_cost`）。

    ``offer`` 是传给 offer_cost 的参数（principal、months、monthly_rate 或 annual_rate、fee、premium、cash_value…）；
    控件改“退保拿回的现金价值”（0 到保费）和“月息”（只在月息报价时出现）。``reference`` 是对照的年化利率
    （例如本行同一笔钱的报价），``reference_label`` 是它的名字。``.result`` 为 :class:`~coursekit.offers.OfferCost`。
    """

    title = "这份报价一共花多少：把服务费和保险算进去"

    def __init__(self, offer: Mapping[str, Any], *, reference: float | None = None, reference_label: str = "对照报价"):
        if not isinstance(offer, Mapping) or "principal" not in offer or "months" not in offer:
            raise InputError("报价", "应为 offer_cost 的参数字典，至少有 principal、months")
        self._offer = dict(offer)
        self._reference, self._ref_label = reference, reference_label
        premium = require_non_negative(self._offer.get("premium", 0.0), "保费")
        controls = {
            "现金价值": W.FloatSlider(value=float(self._offer.get("cash_value", 0.0)), min=0.0, max=max(premium, 1.0),
                                  step=100.0, readout_format=",.0f", description="保险退保拿回（元）", style=_STYLE),
        }
        if self._offer.get("monthly_rate") is not None:
            controls["月息"] = W.FloatSlider(value=float(self._offer["monthly_rate"]), min=0.0, max=0.015, step=0.0005,
                                           readout_format=".2%", description="月息（按原始本金）", style=_STYLE)
        super().__init__(controls)

    def compute(self, values: dict[str, Any]) -> offers.OfferCost:
        kw = dict(self._offer)
        kw["cash_value"] = require_non_negative(values["现金价值"], "现金价值")
        if "月息" in values:
            kw["monthly_rate"] = require_fraction(values["月息"], "月息", high=0.1)
        return offers.offer_cost(**kw)

    def render(self, result: offers.OfferCost) -> None:
        line = (f"报价的年利率 {fmt.pct(result.quoted)}；只算利息 {fmt.pct(result.loan_only)}；"
                f"把服务费和保险都算进去 <b>{fmt.pct(result.rate.annual)}</b>，全部成本 {fmt.yuan(result.total, 0)}。")
        if self._reference is not None:
            line += f"（{self._ref_label}：{fmt.pct(self._reference)}）"
        display(HTML(f"<p>{line}</p>"))
        t = result.table()
        t["数值"] = [fmt.yuan(v, 0) if i < 4 else fmt.pct(v) for i, v in enumerate(t["数值"])]
        display(tables.table(t, index=False))
