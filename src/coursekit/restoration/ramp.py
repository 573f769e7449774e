"""新设备（新产线、新门店）上线的爬坡测试：安装调试拖几个月、淡季新增部分剩几成、新增订单实现几成，
几种还款安排下账上现金的最低点各是多少。

逐月可支配收入 = 上线前 + 爬坡系数 ×（满产 − 上线前），见 :meth:`Worksheet.cash_path`。爬坡系数：
从轨迹第 1 个月起，安装调试的 ``install_months`` 个月为 0，其后 ``trial_months`` 个月为 ``trial_level``，再往后为 1；
``dip_months``（日历月，如暑假的 7、8 月）每一年，新增的**销售额**只实现 ``dip_level`` 成（1 表示与满产底稿的
季节系数一致，季节性只算一次）：当月满产底稿的销售水平取（上线前当月销售 + dip_level ×（满产当月销售 − 上线前当月
销售））÷ 满产当月销售，新增的工资、水电等费用照付。新增订单实现 ``orders`` 成时，满产底稿的销售额按
（上线前销售额 + orders ×（满产销售额 − 上线前销售额））÷ 满产销售额 缩放，费用不随销售缩放。
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from ..errors import InputError, require_fraction, require_int, require_non_negative, require_number
from .worksheet import Worksheet

__all__ = ["RampTest", "ramp_test"]


@dataclass(frozen=True)
class RampTest:
    """``table``：每种还款安排一行（现金最低点、最低点月份、现金为负的月数）；``ramp``：月份 → 爬坡系数；
    ``sales_factor``：满产底稿销售额的缩放倍数；``disposable_monthly``：缩放后满产的月可支配收入。"""

    table: pd.DataFrame
    ramp: dict
    sales_factor: float
    disposable_monthly: float


def _sheet(ws, field: str) -> Worksheet:
    if not isinstance(ws, Worksheet):
        raise InputError(field, "应为 Worksheet（restore() 的结果）", type(ws).__name__)
    return ws


def ramp_test(before, after, plans, *, install_months=2, trial_months=1, trial_level=0.5, dip_months=(7, 8),
              dip_level=1.0, orders=1.0, start_cash=None, other=None, extra=()) -> RampTest:
    """爬坡测试。``before``、``after``：上线前与满产的还原底稿；``plans``：{还款安排名称: 还款计划}
    （:func:`coursekit.loans.schedule` 带 ``start`` 的表）；``extra``：每种安排都要加上的其他还款计划
    （如配套的流动资金循环额度）；``other``：{月份: 金额} 的其他收支（周转资金流出为负、提款为正）；
    ``start_cash``：期初账上现金。
    """
    from ..loans import month_label, month_period

    ws_before = _sheet(before, "上线前底稿")
    ws_after = _sheet(after, "满产底稿")
    if not isinstance(plans, Mapping) or not plans:
        raise InputError("还款安排", "应为“名称 → 还款计划”的字典，至少一种")
    install = require_int(install_months, "安装调试月数", minimum=0, maximum=36)
    trial = require_int(trial_months, "试产月数", minimum=0, maximum=36)
    level = require_fraction(trial_level, "试产期达产水平")
    dip = require_fraction(dip_level, "淡季新增部分实现几成")
    got = require_non_negative(orders, "新增订单实现几成")
    if got > 2:
        raise InputError("新增订单实现几成", "应在 0 到 2 之间（1 表示按计划全部实现）", orders)
    if isinstance(dip_months, (str, bytes)) or not hasattr(dip_months, "__iter__"):
        raise InputError("淡季月份", "应为日历月的列表，如 [7, 8]", dip_months)
    dips = {require_int(m, "淡季月份", minimum=1, maximum=12) for m in dip_months}
    base, full = ws_before.figures.annual_sales, ws_after.figures.annual_sales
    if full <= base:
        raise InputError("满产底稿", "满产销售额应高于上线前，才谈得上新增订单")
    factor = (base + got * (full - base)) / full
    ws_new = ws_after.what_if(sales_factor=factor)
    if isinstance(extra, (str, bytes, pd.DataFrame)) or not hasattr(extra, "__iter__"):
        raise InputError("其他还款计划", "应为还款计划的列表", type(extra).__name__)
    extra = list(extra)
    if other is not None and not isinstance(other, Mapping):
        raise InputError("其他收支", "应为 {月份: 金额} 字典", type(other).__name__)
    other_by_month = {month_label(k, "其他收支"): require_number(v, f"其他收支（{k}）") for k, v in (other or {}).items()}

    rows, ramp_all = [], {}
    for name, plan in plans.items():
        if not isinstance(plan, pd.DataFrame) or "还款日" not in plan.columns or plan.empty:
            raise InputError(f"还款安排“{name}”", "应为带还款日的还款计划（loans.schedule(..., start=...)）")
        periods = [month_period(d, "还款日") for d in plan["还款日"]]
        labels = [str(p) for p in periods]
        ramp, levels = {}, {}
        for i, (period, label) in enumerate(zip(periods, labels)):
            ramp[label] = 0.0 if i < install else (level if i < install + trial else 1.0)
            cal = period.month - 1
            if cal + 1 in dips and dip < 1:
                old_m = base * ws_before.figures.monthly_factors[cal] / 12
                new_m = ws_new.figures.annual_sales * ws_new.figures.monthly_factors[cal] / 12
                levels[label] = (old_m + dip * (new_m - old_m)) / new_m if new_m > 0 else 1.0
        ramp_all.update(ramp)
        inside = {k: v for k, v in other_by_month.items() if k in ramp}
        path = ws_new.cash_path(plan, *extra, months=labels, start_cash=start_cash, baseline=ws_before, ramp=ramp,
                                sales_factors=levels or None, other=inside or None)
        rows.append({"还款安排": str(name), "现金最低点": path.lowest, "最低点月份": path.lowest_month,
                     "现金为负的月数": path.negative_months})
    table = pd.DataFrame(rows).set_index("还款安排")
    return RampTest(table=table, ramp=ramp_all, sales_factor=factor,
                    disposable_monthly=ws_new.figures.disposable_monthly)
