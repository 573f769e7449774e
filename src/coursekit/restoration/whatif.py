"""底稿上的三种“假如”，原来写在案例笔记本的滑块函数里：

- :func:`repeat_loan`：回头客再来贷款——按去年各月的节奏乘上老店的增幅预计未来一年的可支配收入，老贷款照扣月供
  或把剩余本金并进新贷款，测算过不过，并看到某一期（如租约到期）还欠多少；
- :func:`capacity_with_new_debt`：借款人新借了一笔钱（或把新借的钱换成别的期限、利率），月供计入“其他债务月还款”、
  本金计入负债，重算本行贷款的还款能力；
- :func:`capacity_at_margin`：某一种产品的毛利率变成多少（价格战的深浅），重算经营净利润和还款能力；
- :func:`private_debt_probe`：借款人承认了多少民间借贷、月息几厘、认不认一笔坏账，权益检验还差多少，
  按权益走势倒推这段时间背着的借款约有多少，计入后还款能力怎样。

四个函数都不改动传入的字典或底稿，返回新的结果。
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Mapping

import pandas as pd

from ..errors import InputError, require_flag, require_fraction, require_int, require_non_negative, require_number
from .cashpath import LoanHindsight, _as_amounts, loan_hindsight
from .core import Check
from .worksheet import DEFAULT_MAX_SHARE, Capacity, Worksheet, restore

__all__ = ["RepeatLoan", "repeat_loan", "NewDebtCapacity", "capacity_with_new_debt", "MarginCapacity",
           "capacity_at_margin", "PrivateDebtProbe", "private_debt_probe"]


# ---------------------------------------------------------------------------
# 回头客再来贷款
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class RepeatLoan:
    """回头客这一次的测算（:func:`repeat_loan`）。金额为元，月供为元/月。

    ``months``：新贷款期限（月）；``principal``：新贷款本金（并入时含老贷款的剩余本金）；``payment``：新贷款首期月供；
    ``old_payment``：另外照付的老贷款月供（并入时为 0）；``total_payment``：两者合计；
    ``cap``：月供上限（月均可支配收入 × 月供上限比例）；``max_loan``：扣掉另付的老贷款月供后，按这个期限最高可贷
    （并入时含并进来的老贷款）；``verdict``：“通过”或“不通过”；``horizon``、``owed_at_horizon``：第 ``horizon``
    期还完后还欠的本金（期限不到 ``horizon`` 时为最后一期之后，即 0）；``expected``：预计的每月可支配收入；
    ``hindsight``：:func:`~coursekit.restoration.loan_hindsight` 的完整结果（含按预计收入走出的现金轨迹）。
    """

    uplift: float
    merged: bool
    months: int
    principal: float
    payment: float
    old_payment: float
    total_payment: float
    cap: float
    max_loan: float
    expected_monthly: float
    verdict: str
    horizon: int | None
    owed_at_horizon: float | None
    expected: pd.Series = field(repr=False)
    hindsight: LoanHindsight = field(repr=False)


def repeat_loan(sales, *, margin, fixed_costs, uplift, amount, annual_rate, months, start_cash=0.0,
                old_balance=0.0, old_payment=0.0, merge=False, horizon=None, max_share: float = DEFAULT_MAX_SHARE,
                method: str = "等额本息") -> RepeatLoan:
    """回头客再来贷款：用去年的月度销售额和今年的增幅重跑同一套测算。

    - ``sales``：去年各月的销售额（元；带月份索引的 Series 时，结果沿用这些标签）；
    - ``margin``：毛利率（小数）；``fixed_costs``：每月固定开支（元，含家庭开销）；
    - ``uplift``：今年比去年的增幅（小数，0.26 即涨 26%；不小于 −1）。预计每月可支配收入 =
      去年当月销售额 × (1 + 增幅) × 毛利率 − 固定开支——季节只算一次，不拿最近几个月乘四；
    - ``amount``：新贷款（元）；``annual_rate``、``months``、``method``：新贷款的条件；
    - ``old_balance``、``old_payment``：老贷款的剩余本金和月供。``merge=False`` 时老贷款月供从月供上限里扣掉、
      每月照付；``merge=True`` 时把剩余本金并进新贷款，老贷款月供不再单算；
    - ``start_cash``：期初账上现金（元），只影响 ``hindsight`` 里的现金轨迹；
    - ``horizon``：看第几期还完后还欠多少（如租约到期的第 36 期）；不给时不算。

    >>> r = repeat_loan([10_000] * 12, margin=0.5, fixed_costs=2_000, uplift=0.2, amount=100_000, annual_rate=0,
    ...                 months=20, old_balance=30_000, old_payment=1_000, horizon=12)
    >>> r.expected_monthly, r.cap, r.total_payment, r.max_loan, r.verdict, r.owed_at_horizon
    (4000.0, 2400.0, 6000.0, 28000.0, '不通过', 40000.0)
    """
    base = _as_amounts(sales, "去年各月销售额", allow_negative=False)
    if len(base) == 0:
        raise InputError("去年各月销售额", "不能为空，至少要有一个月")
    m = require_fraction(margin, "毛利率")
    costs = require_non_negative(fixed_costs, "每月固定开支")
    if costs > 1e9:
        raise InputError("每月固定开支", "超出合理范围，请检查单位是否为元", fixed_costs)
    up = require_number(uplift, "增幅")
    if up < -1:
        raise InputError("增幅", "不能小于 −100%（销售额不会为负）", uplift)
    if up > 10:
        raise InputError("增幅", "超过 1000%，请检查是否按小数填写（0.26 即 26%）", uplift)
    new = require_non_negative(amount, "新贷款")
    left = require_non_negative(old_balance, "老贷款剩余本金")
    old_pay = require_non_negative(old_payment, "老贷款月供")
    merged = require_flag(merge, "是否并入老贷款")
    if merged and left == 0:
        raise InputError("是否并入老贷款", "没有老贷款的剩余本金可以并入", merge)
    principal = new + (left if merged else 0.0)
    if principal <= 0:
        raise InputError("新贷款", "应大于 0", amount)
    n = require_int(months, "期限（月）", minimum=1, maximum=600)
    at = None if horizon is None else require_int(horizon, "看第几期后的余额", minimum=1, maximum=600)
    expected = pd.Series(base.to_numpy() * (1 + up) * m - costs, index=base.index)
    existing = 0.0 if merged else old_pay
    r = loan_hindsight(expected, {"方案": principal}, annual_rate=annual_rate, months=n, start_cash=start_cash,
                       existing_payment=existing, max_share=max_share, method=method)
    row = r.table.iloc[0]
    owed = None
    if at is not None:
        from ..loans import schedule

        owed = 0.0 if at >= n else float(schedule(principal, annual_rate, n, method)["剩余本金"].iloc[at - 1])
    pay = float(row["月供"])
    return RepeatLoan(uplift=up, merged=merged, months=n, principal=principal, payment=pay, old_payment=existing,
                      total_payment=pay + existing, cap=r.cap, max_loan=r.max_loan, expected_monthly=r.expected_monthly,
                      verdict=str(row["测算结论"]), horizon=at, owed_at_horizon=owed, expected=expected, hindsight=r)


# ---------------------------------------------------------------------------
# 新增负债（或换成别的期限、利率）后的还款能力
# ---------------------------------------------------------------------------
def _sheet(inputs, norms) -> Worksheet:
    if isinstance(inputs, Worksheet):
        if norms is not None:
            raise InputError("行业参考值", "传入的是已还原的底稿，参考值用底稿自己的，不要再给", None)
        return inputs
    if not isinstance(inputs, Mapping):
        raise InputError("还原底稿", "应为借款人的字典或 restore() 得到的底稿", type(inputs).__name__)
    return restore(inputs, norms=norms)


def _rebuilt(ws: Worksheet, borrower) -> Worksheet:
    return Worksheet(borrower, tolerances=ws.tolerances, checklist=ws.checklist, norms=ws.norms,
                     scenario=ws.scenario or None)


@dataclass(frozen=True)
class NewDebtCapacity:
    """借款人新增一笔负债后，本行贷款的还款能力（:func:`capacity_with_new_debt`）。

    ``debt_payment``：这笔负债的月供（元/月，按分取整）；``worksheet``：计入这笔负债后的底稿；
    ``capacity``：本行贷款的还款能力测算（:class:`~coursekit.restoration.Capacity`）。
    """

    debt: float
    debt_months: int
    debt_rate: float
    debt_payment: float
    worksheet: Worksheet = field(repr=False)
    capacity: Capacity


def capacity_with_new_debt(inputs, debt, *, debt_months, debt_rate, annual_rate, months, method: str = "等额本息",
                           amount=None, debt_method: str = "等额本息", max_share: float = DEFAULT_MAX_SHARE,
                           norms=None) -> NewDebtCapacity:
    """借款人在别处新借了 ``debt`` 元，按 ``debt_months`` 个月、年利率 ``debt_rate``、``debt_method`` 归还：
    月供（按分取整）加进“其他债务月还款”，本金加进经营负债的“银行借款”和交叉检验资料的“征信借款余额”（有这一项时），
    再按 ``annual_rate``、``months``、``method`` 测算本行贷款（``amount`` 给出时测这个金额）的还款能力。

    ``inputs``：新增负债之前的借款人字典（用 ``norms`` 还原）或已还原的底稿。同一笔钱换成期限匹配的长期借款，
    就是把 ``debt_months``、``debt_rate`` 换成新的条件再算一次。

    >>> plan = {"名称": "甲", "产品": [{"名称": "货", "销售额": 1_200_000, "毛利率": 0.2}],
    ...         "家庭收支": {"家庭月支出": 5_000, "其他债务月还款": 1_000}}
    >>> r = capacity_with_new_debt(plan, 120_000, debt_months=12, debt_rate=0, annual_rate=0, months=12,
    ...                            amount=60_000)
    >>> r.debt_payment, r.capacity.disposable_monthly, r.capacity.installment_cap, r.capacity.verdict
    (10000.0, 4000.0, 2400.0, '不通过')
    """
    from ..loans import payment_for

    ws = _sheet(inputs, norms)
    d = require_non_negative(debt, "新增负债")
    if d > 1e10:
        raise InputError("新增负债", "超过 100 亿元，请检查单位是否为元", debt)
    n = require_int(debt_months, "新增负债的期限（月）", minimum=1, maximum=600)
    rate = require_fraction(debt_rate, "新增负债的年利率")
    pay = round(float(payment_for(d, rate, n, debt_method)), 2) if d > 0 else 0.0
    b = ws.borrower
    changes = {"household": replace(b.household, other_debt_service=b.household.other_debt_service + pay),
               "business_liabilities": replace(b.business_liabilities,
                                               bank_loans=b.business_liabilities.bank_loans + d)}
    if b.evidence.credit_report_debt is not None:
        changes["evidence"] = replace(b.evidence, credit_report_debt=b.evidence.credit_report_debt + d)
    sheet = _rebuilt(ws, replace(b, **changes))
    cap = sheet.capacity(annual_rate, months, method, max_share=max_share, amount=amount)
    return NewDebtCapacity(debt=d, debt_months=n, debt_rate=rate, debt_payment=pay, worksheet=sheet, capacity=cap)


# ---------------------------------------------------------------------------
# 一种产品的毛利率变了
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class MarginCapacity:
    """某种产品换一个毛利率后的底稿与还款能力（:func:`capacity_at_margin`）。

    ``net_profit``：经营净利润（元/年）；``capacity``：还款能力测算；``worksheet``：换了毛利率的底稿。
    """

    product: str
    margin: float
    net_profit: float
    worksheet: Worksheet = field(repr=False)
    capacity: Capacity


def capacity_at_margin(inputs, product, margin, *, annual_rate, months, method: str = "等额本息", amount=None,
                       max_share: float = DEFAULT_MAX_SHARE, norms=None) -> MarginCapacity:
    """把产品 ``product`` 的毛利率换成 ``margin``（小数），其他不变，重算经营净利润和还款能力。

    ``inputs``：借款人字典（用 ``norms`` 还原）或已还原的底稿。销售额和交叉检验资料不变，所以销售额口径
    （申报 / 印证）和原底稿相同；变的只是这种产品的毛利。

    >>> plan = {"名称": "甲", "产品": [{"名称": "整机", "销售额": 1_000_000, "毛利率": 0.1},
    ...                              {"名称": "配件", "销售额": 200_000, "毛利率": 0.3}]}
    >>> r = capacity_at_margin(plan, "整机", 0.16, annual_rate=0, months=10)
    >>> r.net_profit, round(r.capacity.disposable_monthly, 2), round(r.capacity.max_loan, 2)
    (220000.0, 18333.33, 110000.0)
    """
    ws = _sheet(inputs, norms)
    names = [p.name for p in ws.borrower.products]
    if not isinstance(product, str) or product.strip() not in names:
        raise InputError("产品", "应为底稿里的一种产品：" + "、".join(names), product)
    name = product.strip()
    m = require_fraction(margin, "毛利率")
    products = tuple(replace(p, margin=m) if p.name == name else p for p in ws.borrower.products)
    sheet = _rebuilt(ws, replace(ws.borrower, products=products))
    cap = sheet.capacity(annual_rate, months, method, max_share=max_share, amount=amount)
    return MarginCapacity(product=name, margin=m, net_profit=sheet.figures.net_profit, worksheet=sheet, capacity=cap)


# ---------------------------------------------------------------------------
# 借款人承认了多少民间借贷：权益检验还差多少
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class PrivateDebtProbe:
    """按借款人承认的民间借贷重做的底稿（:func:`private_debt_probe`）。

    - ``equity``：权益检验（:class:`~coursekit.restoration.Check`），``figures`` 里有应有权益、实际权益和差额；
    - ``shortfall``：实际权益比应有权益少的部分（元，至少为 0）：钱去哪了——没承认的损失、报高的利润；
    - ``implied``：按权益走势倒推的民间借贷（元）——假定它在整个期间都背着、按同一月息付利息，承认多少时
      权益检验的差额正好为零；月息乘期间月数达到 100% 时倒推不出来，为 None；
    - ``implied_low``：同一差额下，假定借款到期末才借进来、没付过利息时倒推的借款额（下限）；借款在期间里陆续借入，
      真实的数落在 ``implied_low`` 和 ``implied`` 之间；权益走势只看得见起点之后**新增**的借款，起点时已有的借款
      只通过利息露头；
    - ``unexplained``：``implied`` 减去已承认的，至少为 0：还没说清楚的那一块（按上限算）；
    - ``capacity``：计入承认的借款和利息后，本行贷款的还款能力；``worksheet``：重做的底稿。
    """

    admitted: float
    monthly_rate: float
    losses: float
    months: int
    monthly_interest: float
    shortfall: float
    implied: float | None
    implied_low: float
    unexplained: float | None
    equity: Check
    capacity: Capacity
    worksheet: Worksheet = field(repr=False)

    def row(self) -> dict:
        """一行摘要（中文列名），几种说法并排比较时用。"""
        eq = self.equity.figures
        return {"承认的民间借贷（元）": self.admitted, "月息": self.monthly_rate, "认的坏账（元）": self.losses,
                "应有权益（元）": eq["应有权益"], "实际权益（元）": eq["实际权益"], "权益检验": self.equity.verdict,
                "倒推的借款上限（元）": self.implied, "倒推的借款下限（元）": self.implied_low,
                "按上限没说清的（元）": self.unexplained, "少了的权益（元）": self.shortfall,
                "月可支配收入（元）": self.capacity.disposable_monthly, "还款能力": self.capacity.verdict}


def private_debt_probe(inputs, admitted, *, monthly_rate, losses=0.0, annual_rate, months, method: str = "等额本息",
                       amount=None, max_share: float = DEFAULT_MAX_SHARE, norms=None) -> PrivateDebtProbe:
    """借款人承认欠 ``admitted`` 元民间借贷、月息 ``monthly_rate``（小数，8 厘即 0.008），并承认期间有一笔
    ``losses`` 元的损失（坏账、失败的投资）时，重做底稿：

    - 借款计入经营负债的“民间借贷”，每月利息计入月成本；
    - 权益历史的“期间累计利润”减去损失和整个期间的利息（假定这笔借款在期间内一直背着）；
    - 看权益检验还差多少，并倒推权益走势指向的借款额：差额 = 应有权益 − 实际权益，每多承认 1 元借款，实际权益
      少 1 元、应有权益少“月息 × 期间月数”元，所以差额按 (1 − 月息 × 月数) 的斜率随承认额变化。

    ``inputs``：借款人字典或底稿，**不含**待查的这笔借款，且权益历史要填“期间累计利润”：这段时间付民间借贷
    利息、扣损失之前的经营利润。本行贷款按 ``annual_rate``、``months``、``method``（``amount`` 给出时测这个金额）
    测算。权益检验只能说“还有多少没说清”，分不开没承认的借款和没承认的损失：两个都要靠流水和访谈落实。

    >>> base = {"名称": "甲", "产品": [{"名称": "货", "销售额": 1_200_000, "毛利率": 0.2}],
    ...         "经营资产": {"存货": 500_000}, "家庭收支": {"家庭月支出": 5_000},
    ...         "权益历史": {"初始权益": 200_000, "期间月数": 12, "期间累计利润": 100_000}}
    >>> r = private_debt_probe(base, 0, monthly_rate=0.01, annual_rate=0.06, months=12, amount=100_000)
    >>> r.equity.verdict, round(r.implied)          # 资产 50 万 − 应有权益 30 万：倒推约 22.7 万元
    ('不通过', 227273)
    >>> r = private_debt_probe(base, 227_273, monthly_rate=0.01, annual_rate=0.06, months=12, amount=100_000)
    >>> r.equity.verdict, round(r.unexplained), r.monthly_interest
    ('通过', 0, 2272.73)
    """
    ws = _sheet(inputs, norms)
    b = ws.borrower
    hist = b.equity_history
    if hist is None:
        raise InputError("权益历史", "要有过去某个时点的权益和此后的月数，才能用权益走势追问借款", None)
    if hist.profit_since is None:
        raise InputError("期间累计利润", "要填这段时间付民间借贷利息、扣损失之前的经营利润（元）；"
                         "不填时底稿按本次的净利润估算，已经扣过利息，会算重", None)
    d = require_non_negative(admitted, "承认的民间借贷")
    if d > 1e10:
        raise InputError("承认的民间借贷", "超过 100 亿元，请检查单位是否为元", admitted)
    r = require_fraction(monthly_rate, "月息", high=0.05)
    loss = require_non_negative(losses, "期间损失")
    interest = round(d * r, 2)
    period = hist.months
    changes = {
        "business_liabilities": replace(b.business_liabilities, private_loans=b.business_liabilities.private_loans + d),
        "costs": replace(b.costs, interest=b.costs.interest + interest),
        "equity_history": replace(hist, profit_since=hist.profit_since - loss - interest * period),
    }
    sheet = _rebuilt(ws, replace(b, **changes))
    equity = next(c for c in sheet.checks() if c.id == "equity")
    slope = 1 - r * period
    gap_without = equity.figures["差额"] - d * slope            # 一分钱都不承认时的差额
    implied = unexplained = None
    if slope > 1e-9:
        implied = max(0.0, -gap_without / slope)
        unexplained = max(0.0, implied - d)
    cap = sheet.capacity(annual_rate, months, method, max_share=max_share, amount=amount)
    return PrivateDebtProbe(admitted=d, monthly_rate=r, losses=loss, months=period, monthly_interest=interest,
                            shortfall=max(0.0, equity.figures["差额"]), implied=implied,
                            implied_low=max(0.0, -gap_without), unexplained=unexplained, equity=equity,
                            capacity=cap, worksheet=sheet)
