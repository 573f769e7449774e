"""一份贷款报价的全部成本：“月息”、一次性服务费、放款时一起买下的保险，折成一个年化利率。

站在客户一边看营销：报价说“月息 4 厘”，合同里另有服务费，签约时还“建议”买一份趸交保险。
:func:`offer_cost` 把这些都放进同一条现金流（中国人民银行公告〔2021〕第 3 号的 IRR 口径，见
:func:`coursekit.loans.annualized_rate`）：借款人到手的是本金减去服务费和保费，各期还款照合同，
保险在某一期退保拿回现金价值（从那一期的还款里减去）。保险的成本只算“保费 − 拿回的现金价值”，
它的保障价值另作判断（教学模型，不构成保险建议）。
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from . import loans
from .errors import InputError, require_int, require_non_negative

__all__ = ["OfferCost", "offer_cost"]


@dataclass(frozen=True)
class OfferCost:
    """:func:`offer_cost` 的结果。

    ``quoted``：报价里说的年利率（月息报价为 12 × 月息）；``rate``：把服务费和保险都算进去的年化利率
    （:class:`coursekit.loans.AnnualizedRate`）；``loan_only``：只算利息（不含服务费和保险）的年化利率；
    ``interest``：各期利息或月息合计；``fee``：服务费；``insurance_loss``：保费 − 拿回的现金价值；
    ``total``：借款人的全部成本。``flows`` 是各期净付款（已减去退保拿回的现金价值）。
    """

    principal: float
    months: int
    quoted: float
    rate: loans.AnnualizedRate
    loan_only: float
    interest: float
    fee: float
    insurance_loss: float
    flows: pd.DataFrame = field(repr=False)

    @property
    def total(self) -> float:
        return self.interest + self.fee + self.insurance_loss

    def table(self) -> pd.DataFrame:
        """一行一项：利息、服务费、保险的损失、合计，以及三个年化口径。"""
        return pd.DataFrame({
            "项目": ["利息（或月息）", "服务费", "保险：保费减去拿回的现金价值", "全部成本",
                   "报价的年利率", "只算利息的年化利率", "全部成本的年化利率"],
            "数值": [self.interest, self.fee, self.insurance_loss, self.total,
                   self.quoted, self.loan_only, self.rate.annual],
        })


def offer_cost(principal, months, *, monthly_rate=None, annual_rate=None, method: str = "等额还本",
               fee=0.0, premium=0.0, cash_value=0.0, cash_value_month=None) -> OfferCost:
    """一份报价的全部成本与年化利率。

    报价二选一：``monthly_rate``（“月息”，按原始本金每月收，见 :func:`coursekit.loans.monthly_fee_offer`，
    ``method`` 为“等额还本”或“到期还本”），或 ``annual_rate``（按余额计息，``method`` 为
    :data:`coursekit.loans.METHODS` 之一）。``fee``：放款时一次性收的服务费；``premium``：放款时一起交的保费；
    ``cash_value``：第 ``cash_value_month`` 期（默认最后一期）退保拿回的现金价值，不能超过保费，也不能超过那一期的还款。
    """
    p = loans._check_principal(principal)
    n = require_int(months, "期限（月）", minimum=1, maximum=360)
    if (monthly_rate is None) == (annual_rate is None):
        raise InputError("报价", "月息和年利率要给一个，且只给一个")
    f = require_non_negative(fee, "服务费")
    prem = require_non_negative(premium, "保费")
    cv = require_non_negative(cash_value, "现金价值")
    if cv > prem:
        raise InputError("现金价值", "不能超过保费", cash_value)
    if f + prem >= p:
        raise InputError("服务费", "服务费加保费达到或超过了贷款本金，借款人到手不剩钱", fee)
    cvm = n if cash_value_month is None else require_int(cash_value_month, "退保的期数", minimum=1, maximum=n)
    if monthly_rate is not None:
        offer = loans.monthly_fee_offer(p, n, monthly_rate, method)
        sched = offer.schedule.rename(columns={"手续费": "利息"})
        quoted = offer.naive_rate
    else:
        if not isinstance(method, str) or method not in loans.METHODS:
            raise InputError("还款方式", "应为以下之一：" + "、".join(loans.METHODS), method)
        sched = loans.schedule(p, annual_rate, n, method)
        quoted = float(annual_rate)
    pay = sched["月供"].astype(float).to_numpy().copy()
    k = cvm - 1
    if cv > pay[k] + 1e-9:
        raise InputError("现金价值", f"超过了第 {cvm} 期的还款（{pay[k]:,.2f} 元），请换一期退保", cash_value)
    net = pay.copy()
    net[k] -= cv
    rate = loans.annualized_rate(p, net, fees=f + prem)
    loan_only = loans.annualized_rate(p, pay).annual
    flows = pd.DataFrame({"期数": range(1, n + 1), "合同还款": pay, "退保拿回": 0.0, "净付款": net})
    flows.loc[k, "退保拿回"] = cv
    return OfferCost(principal=p, months=n, quoted=quoted, rate=rate, loan_only=loan_only,
                     interest=round(float(sched["利息"].sum()), 2), fee=f, insurance_loss=prem - cv, flows=flows)
