"""盈亏平衡的产能利用率与固定 / 变动成本拆分。

还原底稿里，销售成本随销售额变动（变动成本率 = 1 − 加权毛利率），月成本（房租、工资、水电、运输、税费、利息、其他费用）
按固定计；家庭开支、其他债务还款减去家庭其他收入，是生意每年必须先挣出来的“家庭净支出”。
把销售额乘以倍数 u（对按设计产能满产还原的工厂，u 就是产能利用率），毛利随 u 同比例变化：

- 经营不亏的 u = 全年固定成本 ÷ 毛利；
- 可支配收入不为负的 u =（全年固定成本 + 家庭净支出）÷ 毛利；
- 付得起一笔月供 P 的 u =（全年固定成本 + 家庭净支出 + 12 × P）÷ 毛利。

这是教学上的简化：实际的工资、水电有一部分会随开工率变；拆分不同，平衡点也不同，把拆分写出来才能讨论。
"""
from __future__ import annotations

from dataclasses import dataclass

from ..errors import InputError, require_non_negative

__all__ = ["BreakEven", "break_even"]


@dataclass(frozen=True)
class BreakEven:
    """盈亏平衡点；``*_utilisation`` 都是相对于底稿当前销售额的倍数（满产底稿上即产能利用率）。"""

    sales: float
    variable_costs: float
    fixed_costs: float
    household_net: float
    monthly_payment: float
    profit_utilisation: float
    disposable_utilisation: float
    payment_utilisation: float

    @property
    def variable_ratio(self) -> float:
        """变动成本率 = 销售成本 ÷ 销售额。"""
        return self.variable_costs / self.sales

    def table(self):
        """固定 / 变动成本拆分与三个平衡点（DataFrame）。"""
        import pandas as pd

        rows = [("全年销售额", self.sales, "按底稿当前的销售额"),
                ("变动成本（销售成本）", self.variable_costs, f"占销售额 {self.variable_ratio:.1%}，随销售额变"),
                ("固定成本（全年月成本合计）", self.fixed_costs, "房租、工资、水电、运输、税费、利息、其他费用，按不随销售额变计"),
                ("家庭净支出", self.household_net, "家庭开支 + 其他债务还款 − 家庭其他收入"),
                ("经营盈亏平衡", self.profit_utilisation, "销售额达到当前的这个倍数，经营不亏"),
                ("可支配收入平衡", self.disposable_utilisation, "再挣出家庭净支出"),
                ("付得起月供", self.payment_utilisation, f"再挣出每月 {self.monthly_payment:,.0f} 元月供")]
        return pd.DataFrame(rows, columns=["项目", "数值", "说明"])


def break_even(ws, monthly_payment: float = 0.0) -> BreakEven:
    """一张还原底稿（:class:`~coursekit.restoration.Worksheet`）的盈亏平衡点，做法见模块说明。

    ``monthly_payment``：要付得起的新增月供（元），默认 0。毛利为 0 时没有平衡点，报错。
    """
    from .worksheet import Worksheet

    if not isinstance(ws, Worksheet):
        raise InputError("还原底稿", "应为 restore() 得到的工作底稿", type(ws).__name__)
    pay = require_non_negative(monthly_payment, "月供")
    if pay > 1e10:
        raise InputError("月供", "超过 100 亿元，请检查单位是否为元", monthly_payment)
    f = ws.figures
    if f.gross_profit <= 0:
        raise InputError("毛利", "为 0：销售额或毛利率为 0 时，卖多少都不能覆盖固定成本，没有盈亏平衡点")
    fixed = f.operating_costs + f.interest
    household = f.household_spending + f.other_debt_service - f.other_income
    return BreakEven(sales=f.annual_sales, variable_costs=f.cogs, fixed_costs=fixed, household_net=household,
                     monthly_payment=pay, profit_utilisation=fixed / f.gross_profit,
                     disposable_utilisation=(fixed + household) / f.gross_profit,
                     payment_utilisation=(fixed + household + 12 * pay) / f.gross_profit)
