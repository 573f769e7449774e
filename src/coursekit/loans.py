"""贷款还款计划、月供反推与年化利率（还款方式：等额本息、等额本金、先息后本、按季付息）。

约定（与全书一致）：

- 金额以“元”计（float），利率为小数形式的**年**利率（0.046 表示 4.6%），月利率 ``r = 年利率 / 12``。
- 还款方式用中文名：``"等额本息"``、``"等额本金"``、``"先息后本"``（按月付息、到期还本）、
  ``"按季付息"``（按季付息、到期还本）。
"""
from __future__ import annotations

import math

from .errors import InputError, require_choice, require_int, require_number, require_positive

__all__ = ["METHODS", "payment_for", "max_principal"]

#: 支持的还款方式
METHODS = ("等额本息", "等额本金", "先息后本", "按季付息")

#: 期限上限（月）：50 年，覆盖住房贷款的最长期限
MAX_MONTHS = 600


def _check_rate(annual_rate, field: str = "年利率") -> float:
    rate = require_number(annual_rate, field)
    if rate < 0:
        raise InputError(field, "不能为负数", annual_rate)
    if rate > 1:
        raise InputError(field, "不能超过 100%（按小数填写，如 0.046 表示 4.6%）", annual_rate)
    return rate


def _check_months(months, field: str = "期限（月）") -> int:
    return require_int(months, field, minimum=1, maximum=MAX_MONTHS)


def _check_method(method) -> str:
    return require_choice(method, "还款方式", METHODS)


def _annuity_factor(r: float, n: int) -> float:
    """等额本息每 1 元本金的月供。"""
    if r == 0:
        return 1.0 / n
    growth = (1.0 + r) ** n
    return r * growth / (growth - 1.0)


def _payment_per_yuan(r: float, n: int, method: str) -> float:
    """每 1 元本金“最高一期常规还款”（不含到期一次还本）。"""
    if method == "等额本息":
        return _annuity_factor(r, n)
    if method == "等额本金":
        return 1.0 / n + r
    if method == "先息后本":
        return r
    # 按季付息：每 3 个月付一次息，一次付 3 个月的利息；期限不足 3 个月时按实际月数
    return r * min(3, n)


def payment_for(principal, annual_rate, months, method: str = "等额本息") -> float:
    """第一期（也是最高一期的常规）还款额，单位元，未四舍五入。

    - 等额本息：每月相同的月供 ``P·r·(1+r)^n / ((1+r)^n − 1)``；利率为 0 时为 ``P / n``。
    - 等额本金：第一期最高，``P / n + P·r``，此后每月递减 ``P·r / n``。
    - 先息后本：每月利息 ``P·r``；到期还需一次归还本金 ``P``（不计入本函数结果）。
    - 按季付息：每季付息 ``3·P·r``（付息月的还款额）；到期一次还本，同样不计入。

    >>> round(payment_for(100_000, 0.12, 12), 2)
    8884.88
    >>> payment_for(120_000, 0.06, 12, "等额本金")
    10600.0
    """
    p = require_positive(principal, "贷款本金")
    r = _check_rate(annual_rate) / 12
    n = _check_months(months)
    m = _check_method(method)
    return p * _payment_per_yuan(r, n, m)


def max_principal(monthly_payment, annual_rate, months, method: str = "等额本息") -> float:
    """最高一期常规还款不超过 ``monthly_payment`` 的最大本金（:func:`payment_for` 的反函数，闭式解）。

    - 等额本息：``M·((1+r)^n − 1) / (r·(1+r)^n)``；利率为 0 时为 ``M·n``。
    - 等额本金：第一期最高，``M / (1/n + r)``。
    - 先息后本：只看每月利息 ``M / r``。注意：到期要一次归还全部本金，这笔钱必须另有来源
      （经营积累、续贷或其他资金），不能靠月度现金流覆盖——测算时务必单独说明。
    - 按季付息：``M`` 视为付息月可承受的还款额，``M / (3·r)``；到期还本同上。

    年利率为 0 时，先息后本、按季付息没有利息可付，无法反推本金，报错。

    >>> round(max_principal(8884.88, 0.12, 12))
    100000
    """
    pay = require_positive(monthly_payment, "月还款能力")
    r = _check_rate(annual_rate) / 12
    n = _check_months(months)
    m = _check_method(method)
    if r == 0 and m in ("先息后本", "按季付息"):
        raise InputError("年利率", f"为 0 时{m}每期不付利息，无法由还款额反推本金", annual_rate)
    return pay / _payment_per_yuan(r, n, m)
