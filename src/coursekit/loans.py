"""贷款还款计划（含自定义还本计划）、月供反推、年化利率披露、月费率报价的真实成本、LPR 定价与提前还款。

约定（与全书一致）：

- 金额以“元”计（float），利率为小数形式的**年**利率（0.046 表示 4.6%），月利率 ``r = 年利率 / 12``。
- 还款方式用中文名（:data:`METHODS`）：

  ========== =====================================================
  等额本息   每月月供相同；前期利息多、本金少
  等额本金   每月归还相同本金，利息随余额递减，首期月供最高
  先息后本   按月付息、到期一次还本
  按季付息   按季付息（每 3 个月付一次，付 3 个月的利息）、到期一次还本
  ========== =====================================================

- 还款计划表（:func:`schedule` 的返回值）一律用中文列名（:data:`SCHEDULE_COLUMNS`）：

  ======== =====================================================================
  期数     第几期（从 1 起）；有一次性费用时另有第 0 期（放款日），只记费用
  还款日   放款日加 k 个月（月末对齐）；只在给了 ``start`` 时才有这一列
  月供     该期应还本息合计 = 本金 + 利息（不含费用）；按季付息的非付息月为 0
  本金     该期归还的本金
  利息     该期支付的利息
  费用     只在有费用时出现：第 0 期的一次性费用（手续费、服务费等）
  剩余本金 该期还款后尚未归还的本金
  ======== =====================================================================

  每期金额四舍五入到分，最后一期吸收舍入差，所以“本金”一列合计恰好等于贷款本金；
  贷款条款（:class:`LoanTerms`，含已做过的提前还款）保存在 ``df.attrs["贷款条款"]``；:func:`prepay`
  读取它，并核对表格与条款重新生成的计划一致（表被改过就拒绝，而不是悄悄按原贷款计算）。
- 利息按“月利率 = 年利率 / 12”逐月计算（教学口径）。实际合同常按日计息（日利率 = 年利率 / 360，
  按实际天数），各期利息会有几分到几元的差别，以合同为准。
"""
from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .errors import (
    InputError,
    require_choice,
    numeric_column,
    require_date,
    require_frame,
    require_int,
    require_non_negative,
    require_number,
    require_positive,
)

__all__ = [
    "METHODS",
    "SCHEDULE_COLUMNS",
    "AnnualizedRate",
    "FeeOffer",
    "LoanTerms",
    "PrepayResult",
    "Pricing",
    "QuoteCost",
    "annualized_rate",
    "compare_quotes",
    "UsageCost",
    "usage_cost",
    "MilestoneSweep",
    "milestone_sweep",
    "quote_cost",
    "requote",
    "combine",
    "compare_methods",
    "custom_schedule",
    "lpr_rate",
    "max_principal",
    "month_label",
    "month_period",
    "monthly_fee_offer",
    "payment_for",
    "prepay",
    "purchase_loan_size",
    "PurchaseLoanSize",
    "dealer_purchase_limits",
    "graded_stock_cover",
    "holding_break_even",
    "schedule",
    "seasonal_repayments",
    "move_repayment_weight",
    "SeasonalPlanCash",
    "seasonal_plan_cash",
]

#: 支持的还款方式
METHODS = ("等额本息", "等额本金", "先息后本", "按季付息")
_AMORTIZING = ("等额本息", "等额本金")
_INTEREST_ONLY = ("先息后本", "按季付息")

#: 还款计划表的列（“还款日”只在给了放款日时出现，“费用”只在有费用时出现）
SCHEDULE_COLUMNS = ("期数", "还款日", "月供", "本金", "利息", "费用", "剩余本金")

#: 期限上限（月）：50 年，覆盖住房贷款的最长期限
MAX_MONTHS = 600


# ---------------------------------------------------------------------------
# 输入检查
# ---------------------------------------------------------------------------
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
    if not isinstance(method, str):
        raise InputError("还款方式", "应为以下之一：" + "、".join(METHODS), method)
    return require_choice(method, "还款方式", METHODS)


def _check_principal(principal, field: str = "贷款本金") -> float:
    p = require_positive(principal, field)
    if p < 1:
        raise InputError(field, "不能少于 1 元", principal)
    if p > 1e12:
        raise InputError(field, "过大（超过 1 万亿元），请检查单位是否为元", principal)
    return p


def _fen(x: float) -> int:
    """元 → 分（四舍五入到分，返回整数分）。"""
    return math.floor(x * 100 + 0.5 + 1e-7)


def _round_fen(x_fen: float) -> int:
    """以分计的数四舍五入为整数分。"""
    return math.floor(x_fen + 0.5 + 1e-7)


# ---------------------------------------------------------------------------
# 月供与反推本金
# ---------------------------------------------------------------------------
def _annuity_factor(r: float, n: int) -> float:
    """等额本息每 1 元本金的月供。"""
    if r == 0:
        return 1.0 / n
    if r < 1e-9:
        # 极小的利率下 (1+r)^n − 1 会舍入成 0：改用 expm1/log1p 精确计算
        gm1 = math.expm1(n * math.log1p(r))
        return r * (gm1 + 1.0) / gm1
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
    if r == 0 and m in _INTEREST_ONLY:
        raise InputError("年利率", f"为 0 时{m}每期不付利息，无法由还款额反推本金", annual_rate)
    principal = pay / _payment_per_yuan(r, n, m)
    if not math.isfinite(principal) or principal > 1e15:
        raise InputError("月还款能力", "过大，反推的本金超出合理范围，请检查单位是否为元", monthly_payment)
    return principal


# ---------------------------------------------------------------------------
# 还款计划表
# ---------------------------------------------------------------------------
def _amortize(bal: int, r: float, m: int, method: str, rows: list) -> None:
    """把 ``bal`` 分在 ``m`` 期内还清（以分计），逐期追加 (月供, 本金, 利息, 剩余本金)。"""
    if method == "等额本息":
        pay = _round_fen(bal * _annuity_factor(r, m))
        for k in range(1, m + 1):
            interest = _round_fen(bal * r)
            principal = bal if k == m else min(max(pay - interest, 0), bal)
            bal -= principal
            rows.append((principal + interest, principal, interest, bal))
    else:  # 等额本金
        base = _round_fen(bal / m)
        for k in range(1, m + 1):
            interest = _round_fen(bal * r)
            principal = bal if k == m else min(base, bal)
            bal -= principal
            rows.append((principal + interest, principal, interest, bal))


def _interest_only(bal: int, r: float, n: int, every: int, rows: list) -> None:
    """按月计息、每 ``every`` 个月付一次息、到期还本。"""
    monthly = _round_fen(bal * r)
    accrued = 0
    for k in range(1, n + 1):
        accrued += monthly
        last = k == n
        if k % every == 0 or last:
            principal = bal if last else 0
            rows.append((principal + accrued, principal, accrued, bal - principal))
            accrued = 0
        else:
            rows.append((0, 0, 0, bal))


def _parse_start(start):
    if start is None:
        return None
    # 整数 20240701 不是日期（pd.Timestamp 会把它当成 1970 年后的纳秒数），require_date 会要求写成文字
    return require_date(start, "放款日").normalize()


def _due_dates(start: pd.Timestamp, periods: Sequence[int]) -> list:
    return [start + pd.DateOffset(months=int(k)) for k in periods]


@dataclass(frozen=True)
class _LoanParams:
    principal: float
    annual_rate: float
    months: int
    method: str
    fees: float = 0.0
    start: Any = None
    grace_months: int = 0
    interest_every: int = 1

    def as_dict(self) -> dict:
        return {"principal": self.principal, "annual_rate": self.annual_rate, "months": self.months,
                "method": self.method, "fees": self.fees, "start": self.start,
                "grace_months": self.grace_months, "interest_every": self.interest_every}


def _validate(principal, annual_rate, months, method, fees, start, grace_months, interest_every) -> _LoanParams:
    p = _check_principal(principal)
    rate = _check_rate(annual_rate)
    n = _check_months(months)
    m = _check_method(method)
    f = require_non_negative(fees, "费用")
    if f >= p:
        raise InputError("费用", "不能达到或超过贷款本金", fees)
    ts = _parse_start(start)
    g = require_int(grace_months, "宽限期（月）", minimum=0)
    every = require_int(interest_every, "付息间隔（月）", minimum=1, maximum=12)
    if g:
        if m not in _AMORTIZING:
            raise InputError("宽限期（月）", f"只适用于等额本息、等额本金；{m}本来就只付息", grace_months)
        if g >= n:
            raise InputError("宽限期（月）", f"应小于贷款期限 {n} 个月", grace_months)
    if m == "按季付息":
        if every not in (1, 3):
            raise InputError("付息间隔（月）", "按季付息固定为 3 个月", interest_every)
        every = 3
    elif m in _AMORTIZING and every != 1:
        raise InputError("付息间隔（月）", f"{m}按月还本付息，只能为 1", interest_every)
    return _LoanParams(p, rate, n, m, f, ts, g, every)


def _rows_fen(lp: _LoanParams) -> np.ndarray:
    """逐期 (月供, 本金, 利息, 剩余本金)，以分计的整数数组。"""
    r = lp.annual_rate / 12
    bal = _fen(lp.principal)
    rows: list = []
    if lp.method in _AMORTIZING:
        monthly = _round_fen(bal * r)
        for _ in range(lp.grace_months):
            rows.append((monthly, 0, monthly, bal))
        _amortize(bal, r, lp.months - lp.grace_months, lp.method, rows)
    else:
        _interest_only(bal, r, lp.months, lp.interest_every, rows)
    return np.asarray(rows, dtype=np.int64).reshape(-1, 4)


def _build(lp: _LoanParams) -> pd.DataFrame:
    df = _build_rows(lp, _rows_fen(lp))
    df.attrs["贷款参数"] = lp.as_dict()
    df.attrs["贷款条款"] = LoanTerms(**lp.as_dict())
    return df


def _build_rows(lp: _LoanParams, rows: np.ndarray) -> pd.DataFrame:
    """以分计的 (月供, 本金, 利息, 剩余本金) → 计划表（有费用时加第 0 期）。"""
    arr = rows / 100.0
    periods = np.arange(1, len(rows) + 1)
    data = {"期数": periods}
    if lp.start is not None:
        data["还款日"] = _due_dates(lp.start, periods)
    data.update({"月供": arr[:, 0], "本金": arr[:, 1], "利息": arr[:, 2]})
    df = pd.DataFrame(data)
    if lp.fees > 0:
        df["费用"] = 0.0
        row0 = {"期数": 0, "月供": 0.0, "本金": 0.0, "利息": 0.0, "费用": _fen(lp.fees) / 100}
        if lp.start is not None:
            row0["还款日"] = lp.start
        df = pd.concat([pd.DataFrame([row0]), df], ignore_index=True)
        balance = np.concatenate([[_fen(lp.principal) / 100], arr[:, 3]])
    else:
        balance = arr[:, 3]
    df["剩余本金"] = balance
    df["期数"] = df["期数"].astype("int64")
    return df[[c for c in SCHEDULE_COLUMNS if c in df.columns]]


def schedule(principal, annual_rate, months, method: str = "等额本息", *, fees=0, start=None,
             grace_months: int = 0, interest_every: int = 1) -> pd.DataFrame:
    """逐期还款计划表（列名见模块说明 :data:`SCHEDULE_COLUMNS`）。

    参数
    ----
    principal : 贷款本金（元）。
    annual_rate : 年利率（小数）。
    months : 期限（月），1–600。
    method : ``"等额本息"``、``"等额本金"``、``"先息后本"``、``"按季付息"``。
    fees : 放款时一次性收取的费用（元），记在第 0 期“费用”列；它不改变还款额，但提高年化利率
        （见 :func:`annualized_rate`）。
    start : 放款日（如 ``"2024-07-01"``）；给出时增加“还款日”列（放款日加 k 个月，月末对齐）。
    grace_months : 宽限期（月），只用于等额本息、等额本金：前若干个月只付息，之后在剩余期限内
        按所选方式摊还全部本金（例如商户纾困时的“先付息、后摊还”安排）。
    interest_every : 先息后本的付息间隔（月），1 为按月、3 为按季；``"按季付息"`` 固定为 3。
        非付息月的“月供”为 0，利息在付息月一并支付（不计复利）。

    >>> df = schedule(10_000, 0.12, 12)
    >>> float(df["月供"].iloc[0]), round(float(df["本金"].sum()), 2), float(df["剩余本金"].iloc[-1])
    (888.49, 10000.0, 0.0)
    """
    lp = _validate(principal, annual_rate, months, method, fees, start, grace_months, interest_every)
    return _build(lp)


# ---------------------------------------------------------------------------
# 自定义还本计划：“第 k 个月还 X 元”、按季节还本、各笔各自的宽限期
# ---------------------------------------------------------------------------
def _principal_plan(repayments, months: int) -> dict[int, int]:
    """{期数: 本金（分）}；接受 {k: 金额} 或长度为期限的逐月金额序列。"""
    if isinstance(repayments, Mapping):
        items = list(repayments.items())
    elif isinstance(repayments, (str, bytes)) or not isinstance(repayments, (Sequence, np.ndarray, pd.Series)):
        raise InputError("还本计划", "应为 {期数: 还本金额} 的字典，或逐月还本金额的列表", repayments)
    else:
        values = list(repayments)
        if len(values) != months:
            raise InputError("还本计划", f"逐月列表应有 {months} 项（与期限相同），收到 {len(values)} 项", None)
        items = list(enumerate(values, start=1))
    plan: dict[int, int] = {}
    for k, amount in items:
        month = require_int(k, "还本计划的期数", minimum=1, maximum=months)
        value = require_non_negative(amount, f"第 {month} 期还本金额")
        if value > 1e13:
            raise InputError(f"第 {month} 期还本金额", "大得不合理（单位是元吗？）", amount)
        cents = _fen(value)
        if cents:
            plan[month] = plan.get(month, 0) + cents
    return plan


def custom_schedule(principal, annual_rate, months, repayments, *, fees=0, start=None,
                    interest_every: int = 1) -> pd.DataFrame:
    """按自定义的还本计划生成逐期还款计划表（列与 :func:`schedule` 相同）。

    ``repayments`` 是还本计划：``{期数: 本金}``（如 ``{6: 500_000}``：第 6 期还 50 万元），或长度等于期限的
    逐月本金列表（如 :func:`seasonal_repayments` 的结果）。计划之外剩下的本金在最后一期到期归还；
    计划合计超过贷款本金时报错。

    利息按月计在月初余额上（月利率 = 年利率 / 12，每月四舍五入到分），每 ``interest_every`` 个月付一次
    （1 为按月、3 为按季），最后一期付清。非付息月如果有还本，当月只还本金；不还本也不付息的月份，“月供”为 0。

    这样写出的计划可以直接交给 :func:`annualized_rate`（``df["月供"]``，有费用时传 ``fees``）、
    :func:`combine` 和 :func:`coursekit.restoration.cash_path`。它不带 ``attrs["贷款参数"]``，
    不能交给 :func:`prepay`——提前还款本身就可以写进还本计划。

    各笔贷款各有宽限期（如达产贷款的第一笔、第二笔）：每笔一张表，前几期不还本（计划里不写），再用 :func:`combine`。

    >>> df = custom_schedule(1_000_000, 0.042, 9, {6: 500_000}, interest_every=3)
    >>> paid = df[df["月供"] > 0]
    >>> paid["期数"].tolist(), paid["本金"].tolist(), paid["利息"].tolist()
    ([3, 6, 9], [0.0, 500000.0, 500000.0], [10500.0, 10500.0, 5250.0])
    """
    p = _check_principal(principal)
    rate = _check_rate(annual_rate)
    n = _check_months(months)
    f = require_non_negative(fees, "费用")
    if f >= p:
        raise InputError("费用", "不能达到或超过贷款本金", fees)
    ts = _parse_start(start)
    every = require_int(interest_every, "付息间隔（月）", minimum=1, maximum=12)
    plan = _principal_plan(repayments, n)
    bal = _fen(p)
    planned = sum(plan.values())
    if planned > bal:
        raise InputError("还本计划", f"合计 {planned / 100:,.2f} 元，超过贷款本金 {bal / 100:,.2f} 元", None)
    r = rate / 12
    rows: list = []
    accrued = 0
    for k in range(1, n + 1):
        accrued += _round_fen(bal * r)
        last = k == n
        principal_k = bal if last else min(plan.get(k, 0), bal)
        interest_k = accrued if (k % every == 0 or last) else 0
        accrued -= interest_k
        bal -= principal_k
        rows.append((principal_k + interest_k, principal_k, interest_k, bal))
    arr = np.asarray(rows, dtype=np.int64).reshape(-1, 4) / 100.0
    periods = np.arange(1, n + 1)
    data: dict[str, Any] = {"期数": periods}
    if ts is not None:
        data["还款日"] = _due_dates(ts, periods)
    data.update({"月供": arr[:, 0], "本金": arr[:, 1], "利息": arr[:, 2]})
    df = pd.DataFrame(data)
    balance = arr[:, 3]
    if f > 0:
        df["费用"] = 0.0
        row0 = {"期数": 0, "月供": 0.0, "本金": 0.0, "利息": 0.0, "费用": _fen(f) / 100}
        if ts is not None:
            row0["还款日"] = ts
        df = pd.concat([pd.DataFrame([row0]), df], ignore_index=True)
        balance = np.concatenate([[_fen(p) / 100], balance])
    df["剩余本金"] = balance
    df["期数"] = df["期数"].astype("int64")
    df = df[[c for c in SCHEDULE_COLUMNS if c in df.columns]]
    df.attrs["还本计划"] = {k: v / 100 for k, v in sorted(plan.items())}
    return df


def _weights12(weights) -> list[float]:
    """1–12 月的 12 个还本权重（非负、合计不过大）。"""
    if isinstance(weights, (str, bytes, Mapping)):
        raise InputError("还本权重", "应为 1–12 月的 12 个数", weights)
    try:
        w = list(weights)
    except TypeError as exc:
        raise InputError("还本权重", "应为 1–12 月的 12 个数", weights) from exc
    if len(w) != 12:
        raise InputError("还本权重", f"应有 12 个（1–12 月），收到 {len(w)} 个", None)
    w = [require_non_negative(v, f"{m} 月还本权重") for m, v in enumerate(w, start=1)]
    if sum(w) > 1e12:
        raise InputError("还本权重", "太大，请用 0–1 的权重或季节系数", max(w))
    return w


def seasonal_repayments(principal, months, weights, *, first_month) -> list[float]:
    """按季节分配本金：逐月还本金额的列表（长度为期限），可直接交给 :func:`custom_schedule`。

    ``weights`` 是 1–12 月的 12 个权重（如回款旺季 1、淡季 0，或经营的季节系数），``first_month`` 是第 1 期
    还款所在的日历月份（1–12）。期限内每期的本金 = 本金 × 该月权重 ÷ 期限内权重合计，按分取整：
    先向下取整，剩下的几分钱给小数部分最大的月份（并列时给靠后的），每期都不为负，合计恰好等于本金。

    >>> seasonal_repayments(90_000, 6, [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1], first_month=7)
    [0.0, 0.0, 0.0, 30000.0, 30000.0, 30000.0]
    """
    p = _check_principal(principal)
    n = _check_months(months)
    first = require_int(first_month, "第 1 期所在月份", minimum=1, maximum=12)
    w = _weights12(weights)
    per = [w[(first - 1 + k) % 12] for k in range(n)]
    total = sum(per)
    if total <= 0:
        raise InputError("还本权重", "期限内各月权重全为 0，本金无处可还", None)
    cents = _fen(p)
    exact = [cents * x / total for x in per]
    out = [math.floor(e) for e in exact]
    # 剩下的几分钱按最大余数法分给小数部分最大的月份（并列时给靠后的月份）：每期都不为负，合计恰好等于本金
    leftover = cents - sum(out)
    order = sorted(range(n), key=lambda k: (exact[k] - out[k], k), reverse=True)
    for k in order[:leftover]:
        out[k] += 1
    return [c / 100 for c in out]


def move_repayment_weight(weights, month, weight, *, absorb) -> list[float]:
    """把某个月的还本权重改成 ``weight``，差额由 ``absorb`` 几个月平摊，其余月份不变：合计不变。

    ``weights`` 同 :func:`seasonal_repayments`（1–12 月的 12 个权重）；``month``：要改的月份（1–12）；
    ``absorb``：分摊差额的月份（如 ``[2, 3]``：1 月多还的，2、3 月平均少还）。分摊的月份不够扣时报错，
    并说明这个月最多能放多少。

    >>> move_repayment_weight([0.2, 0.3, 0.3, 0.2] + [0] * 8, 1, 0.4, absorb=[2, 3])[:4]
    [0.4, 0.2, 0.2, 0.2]
    """
    w = _weights12(weights)
    m = require_int(month, "改动的月份", minimum=1, maximum=12)
    new = require_non_negative(weight, f"{m} 月还本比例")
    if new > 1e12:
        raise InputError(f"{m} 月还本比例", "太大，请用 0–1 的权重或季节系数", weight)
    if isinstance(absorb, (str, bytes, Mapping)) or not hasattr(absorb, "__iter__"):
        raise InputError("分摊的月份", "应为一个或几个月份（1–12）的列表，如 [2, 3]", absorb)
    months = [require_int(a, "分摊的月份", minimum=1, maximum=12) for a in absorb]
    if not months or m in months or len(set(months)) != len(months):
        raise InputError("分摊的月份", f"应为 {m} 月以外、不重复的一个或几个月份", absorb)
    delta = (new - w[m - 1]) / len(months)
    out = list(w)
    out[m - 1] = new
    for a in months:
        out[a - 1] -= delta
    if min(out[a - 1] for a in months) < -1e-9:
        most = w[m - 1] + len(months) * min(w[a - 1] for a in months)
        shown = f"{most:.0%}" if sum(w) <= 1 + 1e-9 else f"{most:.4g}"
        raise InputError(f"{m} 月还本比例", f"最多 {shown}：再多，{'、'.join(f'{a} 月' for a in months)}就不够扣了",
                         weight)
    return [round(max(0.0, x), 12) for x in out]


@dataclass(frozen=True)
class SeasonalPlanCash:
    """按回款月份还本的计划，拿客户自己的月度收支逐月走一遍（:func:`seasonal_plan_cash`）。

    ``schedule``：还款计划表（:func:`custom_schedule`）；``path``：现金轨迹（:func:`coursekit.restoration.cash_path`）；
    ``weights``：1–12 月的还本权重；``sales``：用到的每月收入（改过的月份已换上新数）。
    ``table``、``lowest``、``lowest_month``、``negative_months`` 同 ``path`` 的。
    """

    schedule: pd.DataFrame = field(repr=False)
    path: Any = field(repr=False)
    weights: tuple
    sales: pd.Series = field(repr=False)

    @property
    def table(self) -> pd.DataFrame:
        return self.path.table

    @property
    def lowest(self) -> float:
        return self.path.lowest

    @property
    def lowest_month(self):
        return self.path.lowest_month

    @property
    def negative_months(self) -> int:
        return self.path.negative_months


def seasonal_plan_cash(principal, annual_rate, months, weights, *, first_month, start, start_cash, sales, costs,
                       month_sales=None) -> SeasonalPlanCash:
    """按回款月份还本（:func:`seasonal_repayments` → :func:`custom_schedule`），再用客户的每月收入和开支把账上现金
    逐月走一遍（:func:`coursekit.restoration.cash_path`）：哪个月最紧、有没有见底。

    ``sales``、``costs``：每月收入和开支（元），带月份索引的 Series，月份相同；``start_cash``：第一个月月初的账上现金；
    ``month_sales``：``{月份: 收入}``，把这几个月的收入换成新数再算（如“1 月要是只卖 2 万”）。
    其余参数同 :func:`seasonal_repayments` 和 :func:`custom_schedule`（``start`` 是放款日，还款按它对齐月份）。

    >>> idx = ["2025-11", "2025-12", "2026-01"]
    >>> r = seasonal_plan_cash(20_000, 0.06, 3, [1] + [0] * 11, first_month=11, start="2025-10-20", start_cash=1_000,
    ...                        sales=pd.Series([0, 5_000, 30_000], index=idx), costs=pd.Series([500] * 3, index=idx))
    >>> r.schedule["本金"].tolist(), r.lowest_month, r.table["账上现金"].tolist()
    ([0.0, 0.0, 20000.0], '2025-11', [400.0, 4800.0, 14200.0])
    """
    from .restoration.cashpath import cash_path, monthly_amounts

    hint = "（带月份索引的序列，如 index=[\"2025-11\", …]）"
    s = monthly_amounts(sales, "每月收入", allow_negative=False, hint=hint)
    c = monthly_amounts(costs, "每月开支", allow_negative=False, hint=hint)
    if list(c.index) != list(s.index):
        raise InputError("每月开支", "的月份应与每月收入的月份一一相同", list(c.index)[:3])
    if month_sales is not None:
        if not isinstance(month_sales, Mapping):
            raise InputError("改动的收入", "应为 {月份: 收入} 的字典", month_sales)
        for key, value in month_sales.items():
            lab = month_label(key, "改动收入的月份")
            if lab not in s.index:
                raise InputError("改动收入的月份", "不在每月收入的月份里", key)
            amount = require_non_negative(value, f"{int(lab[5:])} 月收入")
            if amount > 1e11:
                raise InputError(f"{int(lab[5:])} 月收入", "大得不合理（单位是元吗？）", value)
            s[lab] = amount
    w = _weights12(weights)
    plan = custom_schedule(principal, annual_rate, months,
                           seasonal_repayments(principal, months, w, first_month=first_month), start=start)
    path = cash_path(start_cash, pd.Series(s.to_numpy() - c.to_numpy(), index=s.index), plan)
    return SeasonalPlanCash(schedule=plan, path=path, weights=tuple(w), sales=s)


def _total(df: pd.DataFrame, col: str) -> float:
    return round(float(df[col].sum()), 2) if col in df.columns else 0.0


def compare_methods(principal, annual_rate, months, *, fees=0, methods: Sequence[str] = METHODS,
                    grace_months: int = 0) -> pd.DataFrame:
    """同一笔贷款在各还款方式下的对比表。

    列：还款方式、首期还款、最高一期还款（含到期还本）、利息总额、还款总额（本金 + 利息 + 费用）、
    年化利率（IRR 法，小数；显示时用 :func:`coursekit.fmt.pct` 或 ``{:.2%}`` 格式化为百分数）。
    利息总额不同，是因为占用本金的时间不同：还得越晚，占用越久，利息越多——年化利率却几乎一样
    （无费用、按月付息时都等于名义年利率）。

    ``grace_months``：宽限期（月），默认 0。等额本息、等额本金前若干个月只付息，之后在剩余期限内摊还
    （与 :func:`schedule` 的 ``grace_months`` 相同）；先息后本、按季付息本来就只付息，不受宽限期影响。
    宽限期为 0 时结果与不设宽限期完全相同。

    >>> cmp = compare_methods(120_000, 0.06, 12, grace_months=3).set_index("还款方式")
    >>> float(cmp.loc["等额本金", "首期还款"]), float(cmp.loc["先息后本", "首期还款"])
    (600.0, 600.0)
    """
    _check_principal(principal)
    _check_rate(annual_rate)
    n = _check_months(months)
    g = require_int(grace_months, "宽限期（月）", minimum=0)
    if g and g >= n:
        raise InputError("宽限期（月）", f"应小于贷款期限 {n} 个月", grace_months)
    if isinstance(methods, str):
        methods = (methods,)
    if not isinstance(methods, (list, tuple)) or not methods:
        raise InputError("还款方式", "应为还款方式的列表，如 [\"等额本息\", \"等额本金\"]", methods)
    for m in methods:
        _check_method(m)
    rows = []
    for m in methods:
        lp = _validate(principal, annual_rate, months, m, fees, None, g if m in _AMORTIZING else 0, 1)
        arr = _rows_fen(lp)
        pay = arr[:, 0]
        rate = annualized_rate(principal, pay / 100.0, fees=fees)
        rows.append({
            "还款方式": m,
            "首期还款": float(pay[pay > 0][0]) / 100,
            "最高一期还款": float(pay.max()) / 100,
            "利息总额": float(arr[:, 2].sum()) / 100,
            "还款总额": round(float(pay.sum()) / 100 + _fen(lp.fees) / 100, 2),
            "年化利率": rate.annual,
        })
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------------
# 年化利率（IRR 法）
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class AnnualizedRate:
    """按中国人民银行公告〔2021〕第3号口径算出的年化利率。

    公告所说的复利计算方法就是内部收益率（IRR）法：求出每期内部收益率 i，再乘以每年期数年化。
    公告附件的例子：借 10,000 元、分 12 个月每月还 888.49 元，i = 1%，年化利率 = 12 × 1% = 12%。

    属性
    ----
    periodic : 每期内部收益率 i（小数）。
    annual : 应明示的年化利率（IRR 法）= 每年期数 × i。
    periods_per_year : 每年期数（按月还款为 12）。
    principal : 合同本金（元）。
    fees : 放款时一次性费用（元）。
    total_paid : 各期还款合计（元）。
    """

    periodic: float
    annual: float
    periods_per_year: int
    principal: float
    fees: float
    total_paid: float

    @property
    def effective(self) -> float:
        """实际年利率（EAR）= (1 + i)^每年期数 − 1：教学补充，说明按期复利滚动一年的效果；
        不是公告要求明示的年化利率，不要拿它对客户披露。"""
        return (1.0 + self.periodic) ** self.periods_per_year - 1.0

    @property
    def total_cost(self) -> float:
        """借款人的全部资金成本 = 各期还款合计 + 费用 − 本金（元）。"""
        return self.total_paid + self.fees - self.principal

    def explain(self) -> str:
        """中文说明：口径、计算方法与结果。"""
        from .fmt import pct, yuan

        unit = {12: "月", 4: "季", 1: "年", 2: "半年", 52: "周", 360: "日", 365: "日"}.get(self.periods_per_year, "期")
        fee_text = f"，放款时另付费用 {yuan(self.fees)}，实际到手 {yuan(self.principal - self.fees)}" if self.fees else ""
        return (
            f"口径：按中国人民银行公告〔2021〕第3号，以借款人实际占用的本金为基数，"
            f"把利息和直接相关的费用都算作借款成本，用内部收益率（IRR）法（公告所说的复利计算方法）折算。"
            f"本金 {yuan(self.principal)}{fee_text}，各期还款合计 {yuan(self.total_paid)}，"
            f"资金成本合计 {yuan(self.total_cost)}。"
            f"每{unit}内部收益率 {pct(self.periodic, 4)}，"
            f"年化利率 = {self.periods_per_year} × {pct(self.periodic, 4)} = {pct(self.annual)}。"
        )


def _as_flows(payments, field: str = "还款额") -> np.ndarray:
    if isinstance(payments, (str, bytes, Mapping)):
        raise InputError(field, "应为各期还款金额的序列（列表、数组或表格的一列）", payments)
    if isinstance(payments, pd.DataFrame):
        raise InputError(field, "请传入一列金额（如 df[\"月供\"]），不是整张表", None)
    try:
        values = list(payments)
    except TypeError as exc:
        raise InputError(field, "应为各期还款金额的序列（列表、数组或表格的一列）", payments) from exc
    if not values:
        raise InputError(field, "不能为空，至少要有一期还款")
    flows = np.empty(len(values), dtype=float)
    for k, v in enumerate(values):
        flows[k] = require_number(v, f"{field}（第 {k + 1} 期）")
        if flows[k] < 0:
            raise InputError(f"{field}（第 {k + 1} 期）", "不能为负数", v)
    if not flows.any():
        raise InputError(field, "全部为 0，借款从未归还")
    return flows


def _npv_and_derivative(i: float, flows: np.ndarray, k: np.ndarray) -> tuple[float, float]:
    disc = (1.0 + i) ** (-k)
    pv = flows * disc
    return float(pv.sum()), float(-(k * pv).sum() / (1.0 + i))


def _solve_rate(net: float, flows: np.ndarray) -> float:
    """求 i ≥ 0，使 Σ flows_k / (1+i)^k = net。现值随 i 严格递减，根唯一。

    先找括号 [lo, hi]，再用牛顿法加二分保护（Newton–bisection），最多 200 步。
    """
    k = np.arange(1, len(flows) + 1, dtype=float)
    total = float(flows.sum())
    if abs(total - net) <= 1e-9 * max(1.0, net):
        return 0.0
    lo, hi = 0.0, 0.05
    f_hi, _ = _npv_and_derivative(hi, flows, k)
    while f_hi > net:
        lo, hi = hi, hi * 2
        if hi > 1e4:
            raise InputError("还款额", "对应的利率高得离谱（每期超过 1000000%），请检查金额与期数")
        f_hi, _ = _npv_and_derivative(hi, flows, k)
    i = (lo + hi) / 2
    for _ in range(200):
        f, df = _npv_and_derivative(i, flows, k)
        g = f - net
        if g == 0.0:
            return i
        if g > 0:
            lo = i
        else:
            hi = i
        cand = i - g / df if df != 0 else (lo + hi) / 2
        nxt = cand if lo < cand < hi else (lo + hi) / 2
        if abs(nxt - i) <= 1e-16 * (1.0 + i) or hi - lo <= 1e-16 * (1.0 + hi):
            return nxt
        i = nxt
    return i


def annualized_rate(principal, payments, fees=0, periods_per_year: int = 12) -> AnnualizedRate:
    """年化利率（IRR 法），口径见中国人民银行公告〔2021〕第3号。

    求每期利率 i，使 ``Σ payments_k / (1+i)^k = principal − fees``：借款人实际到手
    ``principal − fees``，第 k 期（k 从 1 起）付出 ``payments_k``（本息及按期收取的费用）。
    以此为基数，就是按“实际占用的本金”计息：分期还款时，已还的本金不再计息。

    返回 :class:`AnnualizedRate`：``.annual``（应明示的年化利率 = 每年期数 × i，即公告的复利/IRR 法）、
    ``.periodic``（每期 i）、``.effective``（实际年利率 (1+i)^每年期数 − 1，教学补充，不是披露口径），
    以及 ``.explain()`` 的中文说明。公告附件的例子：

    >>> r = annualized_rate(10_000, [888.49] * 12)
    >>> round(r.annual, 4), round(r.effective, 4)
    (0.12, 0.1268)
    """
    p = _check_principal(principal)
    f = require_non_negative(fees, "费用")
    if f >= p:
        raise InputError("费用", "不能达到或超过贷款本金（借款人实际到手应大于 0）", fees)
    ppy = require_int(periods_per_year, "每年期数", minimum=1, maximum=366)
    flows = _as_flows(payments)
    net = p - f
    total = float(flows.sum())
    if total < net - 0.005:
        raise InputError("还款额", f"合计 {total:,.2f} 元，少于实际到手的本金 {net:,.2f} 元，借款从未还清", None)
    i = _solve_rate(net, flows)
    return AnnualizedRate(periodic=i, annual=ppy * i, periods_per_year=ppy, principal=p, fees=f, total_paid=total)


# ---------------------------------------------------------------------------
# “月费率”报价的真实成本
# ---------------------------------------------------------------------------
FEE_METHODS = ("等额还本", "到期还本")


@dataclass(frozen=True)
class FeeOffer:
    """按原始本金收“月费率”的分期报价，及其真实年化成本。

    ``schedule`` 列：期数、月供、本金、手续费、剩余本金（每期手续费 = 原始本金 × 月费率，四舍五入到分）。
    ``naive_rate`` 是“12 × 月费率”的直观年化（误导性的说法），``rate`` 是按 IRR 法算出的年化利率。
    """

    principal: float
    months: int
    monthly_fee_rate: float
    method: str
    schedule: pd.DataFrame = field(repr=False)
    rate: AnnualizedRate

    @property
    def naive_rate(self) -> float:
        return 12 * self.monthly_fee_rate

    @property
    def total_fee(self) -> float:
        return round(float(self.schedule["手续费"].sum()), 2)

    def explain(self) -> str:
        from .fmt import pct, yuan

        return (
            f"报价“月费率 {pct(self.monthly_fee_rate)}”：每月按原始本金（{yuan(self.principal)}）收手续费，"
            f"{self.months} 期合计 {yuan(self.total_fee)}。看上去年化只有 12 × {pct(self.monthly_fee_rate)} = "
            f"{pct(self.naive_rate)}；但本金逐月归还，实际占用的本金越来越少，手续费却一分不少。"
            f"按 IRR 法折算，年化利率 {pct(self.rate.annual)}，"
            f"是直观数字的 {self.rate.annual / self.naive_rate:.2f} 倍。"
        ) if self.naive_rate > 0 else "月费率为 0，没有手续费。"


def monthly_fee_offer(principal, months, monthly_fee_rate, method: str = "等额还本") -> FeeOffer:
    """把“月费率 x%（按原始本金）”的报价还原成现金流，算出真实年化利率。

    - ``"等额还本"``：本金分 ``months`` 期等额归还，每期另付 ``原始本金 × 月费率``——常见于分期、
      “手续费”类产品，真实年化接近直观数字 12 × 月费率 的 2 倍。
    - ``"到期还本"``：每月只付手续费、到期还本，此时按 IRR 法的年化利率恰好等于 12 × 月费率。

    >>> offer = monthly_fee_offer(120_000, 12, 0.006)
    >>> round(offer.naive_rate, 4), round(offer.rate.annual, 4)
    (0.072, 0.1303)
    """
    p = _check_principal(principal)
    n = _check_months(months)
    fee_rate = require_number(monthly_fee_rate, "月费率")
    if fee_rate < 0:
        raise InputError("月费率", "不能为负数", monthly_fee_rate)
    if fee_rate > 0.1:
        raise InputError("月费率", "超过每月 10%，请按小数填写（如 0.006 表示 0.6%）", monthly_fee_rate)
    if not isinstance(method, str) or method not in FEE_METHODS:
        raise InputError("还本方式", "应为以下之一：" + "、".join(FEE_METHODS), method)
    bal = _fen(p)
    fee = _round_fen(bal * fee_rate)
    base = _round_fen(bal / n) if method == "等额还本" else 0
    rows = []
    for k in range(1, n + 1):
        principal_k = bal if k == n else min(base, bal)
        bal -= principal_k
        rows.append((k, principal_k + fee, principal_k, fee, bal))
    arr = np.asarray(rows, dtype=np.int64)
    df = pd.DataFrame({"期数": arr[:, 0], "月供": arr[:, 1] / 100, "本金": arr[:, 2] / 100,
                       "手续费": arr[:, 3] / 100, "剩余本金": arr[:, 4] / 100})
    rate = annualized_rate(p, df["月供"].to_numpy())
    return FeeOffer(principal=p, months=n, monthly_fee_rate=fee_rate, method=method, schedule=df, rate=rate)


# ---------------------------------------------------------------------------
# LPR 定价
# ---------------------------------------------------------------------------
LPR_FIELD = "贷款市场报价利率（LPR）"


def _check_lpr(lpr) -> float:
    value = require_number(lpr, LPR_FIELD)
    if value <= 0:
        raise InputError(LPR_FIELD, "应大于 0", lpr)
    if value > 0.2:
        raise InputError(LPR_FIELD, "应按小数填写（如 0.031 表示 3.10%）", lpr)
    return value


def _check_spread(spread_bp, low: float = -500, high: float = 2000) -> float:
    value = require_number(spread_bp, "加点（bp）")
    if value < low or value > high:
        raise InputError("加点（bp）", f"应在 {low:g} 到 {high:g} 个基点之间（1 个基点 = 0.01%）", spread_bp)
    return value


def lpr_rate(lpr, spread_bp) -> float:
    """贷款利率 = LPR + 加点：``lpr_rate(0.031, 150)`` → 0.046（即 4.60%）。

    ``lpr`` 用小数（0.031 表示 3.10%），``spread_bp`` 用基点（150 表示加 1.50 个百分点，可为负）。

    >>> round(lpr_rate(0.031, 150), 6)
    0.046
    """
    base = _check_lpr(lpr)
    spread = _check_spread(spread_bp)
    rate = base + spread / 10_000
    if rate < 0:
        raise InputError("加点（bp）", "使贷款利率低于 0", spread_bp)
    return rate


@dataclass(frozen=True)
class Pricing:
    """LPR 加点定价：``Pricing(lpr=0.031, spread_bp=150).rate`` → 0.046。

    ``min_spread_bp`` / ``max_spread_bp`` 是本行定价授权允许的加点范围（示意：各行自定，
    不是监管规定）；不给时只做常识检查（−500 到 2000 个基点）。
    """

    lpr: float
    spread_bp: float
    min_spread_bp: float | None = None
    max_spread_bp: float | None = None

    def __post_init__(self):
        _check_lpr(self.lpr)
        low = -500 if self.min_spread_bp is None else require_number(self.min_spread_bp, "加点下限（bp）")
        high = 2000 if self.max_spread_bp is None else require_number(self.max_spread_bp, "加点上限（bp）")
        if low > high:
            raise InputError("加点下限（bp）", f"不能高于加点上限 {high:g}", self.min_spread_bp)
        spread = require_number(self.spread_bp, "加点（bp）")
        if spread < low or spread > high:
            raise InputError("加点（bp）", f"超出定价授权范围 {low:g} 到 {high:g} 个基点", self.spread_bp)
        lpr_rate(self.lpr, spread)

    @property
    def rate(self) -> float:
        return self.lpr + self.spread_bp / 10_000

    def explain(self) -> str:
        from .fmt import pct

        sign = "加" if self.spread_bp >= 0 else "减"
        return f"LPR {pct(self.lpr)} {sign} {abs(self.spread_bp):g} 个基点 = {pct(self.rate)}"


# ---------------------------------------------------------------------------
# 提前还款
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class PrepayResult:
    """提前还款的结果。

    ``schedule`` 是新的全程计划表：前 ``month`` 期照原计划，第 ``month`` 期另有“提前还款”列的金额，
    之后按新计划（“本金”合计 + “提前还款”合计 = 贷款本金）。``terms`` 是新计划的贷款条款（含这一次及以前的
    全部提前还款），可以再传给 :func:`prepay` 做下一次提前还款。
    """

    schedule: pd.DataFrame = field(repr=False)
    original: pd.DataFrame = field(repr=False)
    month: int
    amount: float
    keep: str
    penalty: float
    original_interest: float
    new_interest: float
    new_payment: float
    original_months: int
    new_months: int
    terms: "LoanTerms | None" = field(default=None, repr=False)

    @property
    def interest_saved(self) -> float:
        return round(self.original_interest - self.new_interest, 2)

    @property
    def net_saving(self) -> float:
        """少付的利息减去提前还款违约金。"""
        return round(self.interest_saved - self.penalty, 2)

    def summary(self) -> pd.DataFrame:
        """原计划与提前还款后的对比表（项目、原计划、提前还款后）。"""
        orig_pay = float(self.original.loc[self.original["期数"] > self.month, "月供"].iloc[0])
        return pd.DataFrame({
            "项目": ["期限（月）", "提前还款后首期月供", "利息总额", "提前还款违约金"],
            "原计划": pd.Series([self.original_months, orig_pay, self.original_interest, 0.0], dtype=object),
            "提前还款后": pd.Series([self.new_months, self.new_payment, self.new_interest, self.penalty], dtype=object),
        })


_KEEPS = {"term": "term", "payment": "payment", "期限不变": "term", "月供不变": "payment"}
_TERM_KEYS = ("principal", "annual_rate", "months", "method", "fees", "start", "grace_months", "interest_every")


@dataclass(frozen=True)
class LoanTerms:
    """一笔贷款的条款，以及已经做过的提前还款（按时间先后）。

    :func:`schedule` 生成的表把它放在 ``attrs["贷款条款"]``，:class:`PrepayResult` 放在 ``terms``；
    :meth:`schedule` 由条款重新生成完整的计划表。``prepayments`` 的每一项是
    ``(期数, 提前还款金额（元）, "term" 或 "payment")``。
    """

    principal: float
    annual_rate: float
    months: int
    method: str = "等额本息"
    fees: float = 0.0
    start: Any = None
    grace_months: int = 0
    interest_every: int = 1
    prepayments: tuple[tuple[int, float, str], ...] = ()

    def __post_init__(self):
        lp = _validate(*(getattr(self, k) for k in _TERM_KEYS))
        for k in _TERM_KEYS:
            object.__setattr__(self, k, getattr(lp, k))
        pre = self.prepayments
        if isinstance(pre, (str, bytes)) or not isinstance(pre, (list, tuple)) or not all(
                isinstance(p, (list, tuple)) and len(p) == 3 for p in pre):
            raise InputError("提前还款", "应为 (期数, 金额, 保留方式) 的列表", pre)
        object.__setattr__(self, "prepayments", tuple(tuple(p) for p in pre))
        if self.prepayments:
            _replay(self)  # 每一次提前还款都要成立，否则在这里报错

    @property
    def _params(self) -> _LoanParams:
        return _LoanParams(*(getattr(self, k) for k in _TERM_KEYS))

    def schedule(self) -> pd.DataFrame:
        """按条款（含全部提前还款）生成的计划表；有提前还款时多一列“提前还款”。"""
        return _frame(self, _replay(self).rows)


@dataclass
class _Plan:
    """以分计的计划：每行 [月供, 本金, 利息, 剩余本金, 提前还款]；amort 为当前摊还的 (起始余额, 期数)。"""

    rows: list
    amort: tuple[int, int]


def _replay(terms: LoanTerms) -> _Plan:
    lp = terms._params
    plan = _Plan([list(r) + [0] for r in _rows_fen(lp).tolist()],
                 (_fen(lp.principal), lp.months - lp.grace_months))
    last = 0
    for k, item in enumerate(terms.prepayments, start=1):
        if len(item) != 3:
            raise InputError("提前还款记录", "每一项应为（期数, 金额, 保留方式）", item)
        month, amount, keep = item
        _check_prepay_month(lp, plan, month, last, keep)
        _apply_prepayment(lp, plan, int(month), require_positive(amount, "提前还款金额"), _KEEPS[keep], amount)
        last = int(month)
    return plan


def _check_prepay_month(lp: _LoanParams, plan: _Plan, month, last: int, keep) -> int:
    n = len(plan.rows)
    if n <= 1:
        raise InputError("提前还款期数", "计划只剩 1 期，没有提前还款的余地", month)
    m = require_int(month, "提前还款期数", minimum=1, maximum=n - 1)
    if m <= last:
        raise InputError("提前还款期数", f"应晚于上一次提前还款（第 {last} 期）", month)
    if not isinstance(keep, str) or keep not in _KEEPS:
        raise InputError("保留方式", "应为 \"term\"（期限不变）或 \"payment\"（月供不变）", keep)
    if lp.interest_every > 1 and m % lp.interest_every:
        raise InputError("提前还款期数", f"按季付息的贷款只能在付息月（第 {lp.interest_every} 期的整数倍）提前还款", month)
    return m


def _apply_prepayment(lp: _LoanParams, plan: _Plan, m: int, amt: float, mode: str, amount) -> int:
    """第 ``m`` 期正常还款后再还 ``amt`` 元本金：改写第 m 期并重算之后各期。返回以分计的提前还款额。"""
    bal_fen = plan.rows[m - 1][3]
    if amt > bal_fen / 100 + 0.005:   # 先比较再换算成分：1e308 元换算成分会溢出
        raise InputError("提前还款金额", f"超过第 {m} 期后的剩余本金 {bal_fen / 100:,.2f} 元", amount)
    amt_fen = _fen(amt)
    if amt_fen > bal_fen:
        raise InputError("提前还款金额", f"超过第 {m} 期后的剩余本金 {bal_fen / 100:,.2f} 元", amount)
    if mode == "payment" and lp.method in _INTEREST_ONLY:
        raise InputError("保留方式", f"{lp.method}每期只付利息，只能选期限不变", mode)
    new_bal = bal_fen - amt_fen
    remaining = len(plan.rows) - m
    grace_left = max(0, lp.grace_months - m)
    r = lp.annual_rate / 12
    tail_rows: list = []
    amort = plan.amort
    if new_bal > 0:
        amort_months = remaining - grace_left
        if mode == "payment":
            amort_months = _shorter_term(lp.method, plan.amort, new_bal, r, amort_months)
        if lp.method in _AMORTIZING:
            monthly = _round_fen(new_bal * r)
            tail_rows.extend((monthly, 0, monthly, new_bal) for _ in range(grace_left))
            _amortize(new_bal, r, amort_months, lp.method, tail_rows)
            amort = (new_bal, amort_months)
        else:
            _interest_only(new_bal, r, remaining, lp.interest_every, tail_rows)
    head = plan.rows[:m]
    head[m - 1] = head[m - 1][:3] + [new_bal, amt_fen]
    plan.rows = head + [list(row) + [0] for row in tail_rows]
    plan.amort = amort
    return amt_fen


def _frame(terms: LoanTerms, rows: list) -> pd.DataFrame:
    """以分计的计划 → 计划表（列名见 :data:`SCHEDULE_COLUMNS`，有提前还款时末尾加“提前还款”列）。"""
    lp = terms._params
    arr = np.asarray(rows, dtype=np.int64).reshape(-1, 5)
    df = _build_rows(lp, arr[:, :4])
    if terms.prepayments:
        df["提前还款"] = np.concatenate([[0.0] if lp.fees > 0 else [], arr[:, 4] / 100.0])
    df.attrs["贷款参数"] = lp.as_dict()
    df.attrs["贷款条款"] = terms
    return df


def _terms_from(source) -> LoanTerms:
    if isinstance(source, LoanTerms):
        return source
    if isinstance(source, PrepayResult):
        if source.terms is None:
            raise InputError("还款计划", "这个结果没有记录贷款条款，请传入 LoanTerms 或参数字典")
        return source.terms
    if isinstance(source, pd.DataFrame):
        terms = source.attrs.get("贷款条款")
        if terms is None and source.attrs.get("贷款参数"):
            terms = _terms_from(dict(source.attrs["贷款参数"]))
        if not isinstance(terms, LoanTerms):
            raise InputError("还款计划", "缺少贷款条款，请传入 schedule() 或 prepay() 生成的表、LoanTerms 或参数字典")
        _require_unedited(source, terms)
        return terms
    if isinstance(source, Mapping):
        params = dict(source)
    else:
        raise InputError("还款计划", "应为 schedule() 生成的表、LoanTerms，或含 principal、annual_rate、months、"
                         "method 的字典", type(source).__name__)
    unknown = set(params) - set(_TERM_KEYS)
    if unknown:
        raise InputError("还款计划", "含有不认识的参数：" + "、".join(sorted(unknown)))
    missing = {"principal", "annual_rate", "months"} - set(params)
    if missing:
        raise InputError("还款计划", "缺少参数：" + "、".join(sorted(missing)))
    return LoanTerms(**params)


def _require_unedited(df: pd.DataFrame, terms: LoanTerms) -> None:
    """表格必须与它的条款重新生成的计划一模一样，否则说不清它代表哪一笔贷款。"""
    want = terms.schedule()
    same = list(df.columns) == list(want.columns) and len(df) == len(want)
    if same:
        for col in want.columns:
            a, b = df[col].to_numpy(), want[col].to_numpy()
            if col == "还款日":
                a = pd.to_datetime(df[col], errors="coerce").to_numpy()   # 改成乱写的文字：算作“被改过”
                b = pd.to_datetime(want[col]).to_numpy()
            if not np.array_equal(a, b):
                same = False
                break
    if not same:
        raise InputError("还款计划", "表格与生成它的贷款条款不一致（可能被改过或只取了一部分）；"
                         "请传入完整的原表、PrepayResult.terms 或参数字典")


def prepay(source, month, amount, keep: str = "term", *, penalty_rate=0) -> PrepayResult:
    """在第 ``month`` 期正常还款后，再提前归还 ``amount`` 元本金。

    ``source`` 可以是 :func:`schedule` 或 :func:`prepay` 生成的完整计划表（读取 ``attrs["贷款条款"]``，
    并核对表格没有被改过）、:class:`LoanTerms`、:class:`PrepayResult`，或参数字典。已经做过提前还款的计划
    可以接着再做：``prepay(prepay(base, 12, 1e5).schedule, 24, 5e4)`` 在第一次的新计划上计算，
    第二次的期数必须晚于第一次。

    ``keep``：

    - ``"term"``（期限不变）：剩余本金在当前计划的到期日前重新摊还，月供下降。
    - ``"payment"``（月供不变）：等额本息保持当前月供、等额本金保持每月归还的本金，期限缩短——
      省的利息更多。先息后本、按季付息没有“月供不变”之说，只能选期限不变（利息按新余额计）。

    ``penalty_rate``：合同约定的提前还款违约金比例（按提前还款金额计，小数；各行合同不同，默认 0）。
    按季付息的贷款只能在付息月（第 3、6、9… 期）提前还款。
    """
    terms = _terms_from(source)
    lp = terms._params
    plan = _replay(terms)
    last = terms.prepayments[-1][0] if terms.prepayments else 0
    m = _check_prepay_month(lp, plan, month, last, keep)
    mode = _KEEPS[keep]
    rate_pen = require_number(penalty_rate, "违约金比例")
    if rate_pen < 0 or rate_pen > 0.1:
        raise InputError("违约金比例", "应在 0 到 0.1 之间（按小数填写，如 0.01 表示 1%）", penalty_rate)
    amt = require_positive(amount, "提前还款金额")
    original = _frame(terms, plan.rows)
    original_months = len(plan.rows)
    amt_fen = _apply_prepayment(lp, plan, m, amt, mode, amount)
    new_terms = LoanTerms(**{k: getattr(terms, k) for k in _TERM_KEYS},
                          prepayments=terms.prepayments + ((m, amt_fen / 100, mode),))
    new = _frame(new_terms, plan.rows)
    tail = plan.rows[m:]
    grace_left = max(0, lp.grace_months - m)
    new_payment = float(tail[grace_left][0] / 100) if tail else 0.0
    if tail and lp.method in _INTEREST_ONLY:
        positive = [row[0] for row in tail if row[0] > 0]
        new_payment = positive[0] / 100
    return PrepayResult(
        schedule=new, original=original, month=m, amount=amt_fen / 100, keep=mode,
        penalty=round(amt_fen / 100 * rate_pen, 2),
        original_interest=_total(original, "利息"), new_interest=_total(new, "利息"),
        new_payment=new_payment, original_months=original_months, new_months=len(plan.rows), terms=new_terms,
    )


def _shorter_term(method: str, amort: tuple[int, int], new_bal: int, r: float, max_months: int) -> int:
    """“月供不变”时剩余本金需要的最少期数（不超过剩余期数）。``amort`` 是当前摊还的 (起始余额, 期数)。"""
    amort_bal, amort_n = amort
    if method == "等额本金":
        base = _round_fen(amort_bal / amort_n)
        need = math.ceil(new_bal / base) if base > 0 else max_months
        return max(1, min(need, max_months))
    # 等额本息：保持当前摊还月供 A，找最小的 n' 使年金月供 ≤ A
    pay = _round_fen(amort_bal * _annuity_factor(r, amort_n))
    if r == 0:
        need = math.ceil(new_bal / pay)
    else:
        x = new_bal * r / pay
        need = max_months if x >= 1 else math.ceil(-math.log1p(-x) / math.log1p(r) - 1e-9)
    need = max(1, min(need, max_months))
    while need > 1 and _round_fen(new_bal * _annuity_factor(r, need - 1)) <= pay:
        need -= 1
    while need < max_months and _round_fen(new_bal * _annuity_factor(r, need)) > pay:
        need += 1
    return need


# ---------------------------------------------------------------------------
# 几笔贷款合并成一条月度还款序列
# ---------------------------------------------------------------------------
COMBINED_COLUMNS = ("本金", "利息", "提前还款", "还款")


def month_period(value, field: str = "月份") -> pd.Period:
    """把一个月份读成 ``pd.Period(freq="M")``：库内部比较、加减、取日历月都用它，不切字符串。

    接受 "2025-03"、"2025-03-15"、"2025年3月"、Timestamp、date、Period；数字、空值和读不出的文字报错并指出字段。

    >>> month_period("2025年3月").month, month_period("2025-12-31") + 1
    (3, Period('2026-01', 'M'))
    """
    if isinstance(value, bool) or isinstance(value, (int, float, np.integer, np.floating)):
        raise InputError(field, "应为月份，如 \"2025-03\"", value)
    if isinstance(value, str):
        m = re.fullmatch(r"\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*", value)
        if m:
            value = f"{m.group(1)}-{int(m.group(2)):02d}"
    try:
        period = pd.Period(value, freq="M")
    except (ValueError, TypeError, OverflowError) as exc:
        raise InputError(field, "应为月份，如 \"2025-03\"", value) from exc
    if period is pd.NaT or pd.isna(period):
        raise InputError(field, "不能为空", value)
    return period


def month_label(value, field: str = "月份") -> str:
    """月份在表的索引、图的刻度和笔记本取数时的标签："YYYY-MM"（由 :func:`month_period` 读入后写出）。"""
    return str(month_period(value, field))


def _schedule_rows(df: pd.DataFrame, k: int) -> pd.DataFrame:
    """一张还款计划表的还款期（去掉只记费用的第 0 期），列：本金、利息、提前还款、还款。"""
    field = f"还款计划（第 {k} 笔）"
    if "月供" not in df.columns:
        raise InputError(field, "应为 schedule() 或 prepay() 生成的表（缺少“月供”列）")
    require_frame(df, field, unique_index=True)
    body = df[numeric_column(df["期数"], f"{field}的期数") > 0] if "期数" in df.columns else df
    out = pd.DataFrame(index=body.index)
    for col in ("月供", "本金", "利息", "提前还款"):
        if col in body.columns:
            vals = pd.to_numeric(body[col], errors="coerce")
            if vals.isna().any():
                raise InputError(field, f"“{col}”列有空值或非数字")
            if (vals < 0).any():
                raise InputError(field, f"“{col}”列不能为负数", float(vals.min()))
            if not np.isfinite(vals.to_numpy(float)).all() or vals.max() > 1e12:
                raise InputError(field, f"“{col}”列有超出合理范围的金额，请检查单位", float(vals.max()))
            out[col] = vals.astype(float)
        else:
            out[col] = 0.0
    out["还款"] = out["月供"] + out["提前还款"]
    return out[["本金", "利息", "提前还款", "还款"]]


def combine(*schedules, start=None, months=None) -> pd.DataFrame:
    """把几笔贷款的还款计划按月相加，得到一条每月合计还款（元）。

    每一项可以是：

    - :func:`schedule` / :func:`prepay` 生成、带“还款日”列的表（``schedule(..., start="2025-02-15")``）：
      按还款日所在的月份归集；
    - 二元组 ``(表, 首期月份)``：表没有还款日时，指明第 1 期落在哪个月（如 ``(plan, "2025-04")``）；
    - 二元组 ``(表, k)``（k 为正整数）：不按日历、按期数对齐，第 1 期落在合并结果的第 k 期——
      只有全部各项都这样给（或都是无日期的表，等同 k = 1）时才可用。

    返回 DataFrame，索引为月份（``"YYYY-MM"``，名为“月份”）或期数（从 1 起，名为“期数”），列：
    本金、利息、提前还款（:func:`prepay` 的一次性还本）、还款（= 本金 + 利息 + 提前还款，即当月要付出的现金）。
    第 0 期的一次性费用不计入（它在放款时扣收，不是月度还款）。中间没有还款的月份记 0。

    ``start`` / ``months``：只看一个窗口（起始月份或期数，和月数）；默认从最早一期到最晚一期。
    窗口外的还款不在结果里，其合计记在 ``df.attrs["窗口外还款"]``。

    >>> a = schedule(120_000, 0.06, 3, "等额本金", start="2025-01-10")   # 2 月起还 3 期
    >>> b = schedule(60_000, 0.06, 2, "等额本金", start="2025-02-10")    # 3 月起还 2 期
    >>> combine(a, b)["还款"].tolist()
    [40600.0, 70700.0, 70350.0]
    """
    if not schedules:
        raise InputError("还款计划", "至少要有一笔贷款")
    parts: list[tuple[pd.DataFrame, Any]] = []
    dated = positional = False
    for k, item in enumerate(schedules, start=1):
        field = f"还款计划（第 {k} 笔）"
        anchor = None
        if isinstance(item, tuple):
            if len(item) != 2:
                raise InputError(field, "二元组应为（还款计划表，首期月份或期数）", len(item))
            item, anchor = item
        if not isinstance(item, pd.DataFrame):
            raise InputError(field, "应为 schedule() 或 prepay() 生成的表", type(item).__name__)
        rows = _schedule_rows(item, k)
        if anchor is None and "还款日" in item.columns:
            due = pd.to_datetime(item.loc[rows.index, "还款日"], errors="coerce")
            if due.isna().any():
                raise InputError(field, "“还款日”列有空值")
            rows.index = due.dt.to_period("M").astype(str)
            dated = True
        elif anchor is not None and not (isinstance(anchor, (int, np.integer)) and not isinstance(anchor, bool)):
            first = pd.Period(month_label(anchor, f"{field}的首期月份"), freq="M")
            rows.index = [str(first + i) for i in range(len(rows))]
            dated = True
        else:
            first = 1 if anchor is None else require_int(anchor, f"{field}的首期期数", minimum=1)
            rows.index = range(first, first + len(rows))
            positional = True
        parts.append((rows, anchor))
        if dated and positional:
            raise InputError(field, "各笔要么都按月份（有还款日或给首期月份），要么都按期数对齐，不能混用")
    stacked = pd.concat([rows for rows, _ in parts])
    total = stacked.groupby(level=0, sort=True).sum()
    if dated:
        lo, hi = pd.Period(total.index.min(), "M"), pd.Period(total.index.max(), "M")
        if start is not None:
            lo = pd.Period(month_label(start, "起始月份"), freq="M")
        n = (hi - lo).n + 1 if months is None else require_int(months, "月数", minimum=1, maximum=MAX_MONTHS)
        index = pd.Index([str(lo + i) for i in range(max(n, 0))], name="月份")
    else:
        lo = 1 if start is None else require_int(start, "起始期数", minimum=1)
        hi = int(total.index.max())
        n = hi - lo + 1 if months is None else require_int(months, "月数", minimum=1, maximum=MAX_MONTHS)
        index = pd.Index(range(lo, lo + max(n, 0)), name="期数")
    if len(index) == 0:
        raise InputError("起始月份" if dated else "起始期数", "晚于最后一期还款，窗口里没有月份", start)
    out = total.reindex(index, fill_value=0.0)
    out = out[list(COMBINED_COLUMNS)].astype(float)
    outside = float(stacked["还款"].sum() - out["还款"].sum())
    out.attrs["窗口外还款"] = round(outside, 2) if abs(outside) > 0.005 else 0.0
    return out


# ---------------------------------------------------------------------------
# 收购贷款：按收购计划定额度，用价格下跌测质押


@dataclass(frozen=True)
class PurchaseLoanSize:
    """收购类流动资金贷款的额度测算（:func:`purchase_loan_size`）。金额为元。

    - ``purchase``：收购计划所需资金（数量 × 单价）；``own_funds``：投入收购的自有资金；
    - ``need``：资金缺口（收购资金 − 自有资金，不小于 0），即按收购计划最多需要贷的钱；
    - ``pledge_value``：价格下跌 ``price_drop`` 后，收购货物的价值；``pledge_cover``：再乘质押率，质押能覆盖的贷款；
    - ``amount``：建议额度上限 = min(资金缺口, 质押覆盖)；``binding``：是哪一项卡住了额度。
    """

    volume: float
    price: float
    purchase: float
    own_funds: float
    need: float
    pledge_rate: float
    price_drop: float
    pledge_value: float
    pledge_cover: float
    amount: float
    binding: str

    def volume_for(self, loan: float) -> float:
        """贷款只批 ``loan`` 元时，连同自有资金能收多少（数量单位同 ``volume``）。"""
        lo = require_non_negative(loan, "贷款金额")
        return (lo + self.own_funds) / self.price

    def table(self) -> pd.DataFrame:
        rows = [("收购数量", self.volume), ("收购单价（元）", self.price), ("收购资金", self.purchase),
                ("投入的自有资金", self.own_funds), ("资金缺口", self.need),
                (f"价格下跌 {self.price_drop:.0%} 后的货值", self.pledge_value),
                (f"按质押率 {self.pledge_rate:.0%} 能覆盖的贷款", self.pledge_cover),
                ("额度上限", self.amount)]
        return pd.DataFrame(rows, columns=["项目", "数值"])

    def explain(self) -> str:
        if self.binding == "资金缺口":
            return (f"收购资金 {self.purchase:,.0f} 元减去自有资金 {self.own_funds:,.0f} 元，缺口 {self.need:,.0f} 元；"
                    f"价格跌 {self.price_drop:.0%} 时质押还能覆盖 {self.pledge_cover:,.0f} 元，额度按缺口定。")
        return (f"缺口 {self.need:,.0f} 元，但价格跌 {self.price_drop:.0%} 后货值 {self.pledge_value:,.0f} 元，"
                f"按质押率 {self.pledge_rate:.0%} 只能覆盖 {self.pledge_cover:,.0f} 元：额度按质押覆盖定，"
                f"不足的部分要么多投自有资金，要么少收。")


def purchase_loan_size(volume, price, own_funds, *, pledge_rate: float = 0.7,
                       price_drop: float = 0.15) -> PurchaseLoanSize:
    """按收购计划定收购贷款的额度，并用价格下跌测质押是否足值。

    额度上限 = min(数量 × 单价 − 自有资金, 数量 × 单价 × (1 − 价格跌幅) × 质押率)。质押率和跌幅是本行参数
    （默认 70%、15% 只是示意），跌幅按这类货物近几年一季之内最大的跌幅取。还款来源是卖货回款，
    所以期限对准卖出月份（见 :func:`seasonal_repayments` / :func:`coursekit.marketing.trade_cycle`），不按月摊还。
    """
    qty = require_positive(volume, "收购数量")
    unit = require_positive(price, "收购单价")
    own = require_non_negative(own_funds, "自有资金")
    rate = require_number(pledge_rate, "质押率")
    if not 0 < rate <= 1:
        raise InputError("质押率", "应在 0 到 1 之间（如 0.7）", pledge_rate)
    drop = require_number(price_drop, "价格跌幅")
    if not 0 <= drop < 1:
        raise InputError("价格跌幅", "应在 0 到 1 之间（如 0.15 表示跌 15%）", price_drop)
    purchase = qty * unit
    if purchase > 1e11:
        raise InputError("收购数量", "乘以单价超过 1,000 亿元，请检查单位", volume)
    need = max(0.0, purchase - own)
    value = purchase * (1 - drop)
    cover = value * rate
    amount = min(need, cover)
    return PurchaseLoanSize(volume=qty, price=unit, purchase=purchase, own_funds=own, need=need, pledge_rate=rate,
                            price_drop=drop, pledge_value=value, pledge_cover=cover, amount=amount,
                            binding="资金缺口" if need <= cover else "质押覆盖")


DEALER_BASES = ("结算量", "自营量")


def dealer_purchase_limits(dealers, price, *, pledge_rate: float = 0.7, price_drop: float = 0.15,
                           basis: str = "自营量") -> pd.DataFrame:
    """一批收购户（经纪人）逐户定收购贷款额度：收购方的结算清单证明了什么，就按什么定。

    ``dealers`` 每户一行：``户``、``结算吨数``（收购方结算清单上这户名下的交售量）、``代交吨数``（其中替别人
    交售、货款到账后转给别人的量）、``计划吨数``（这户自报的本季收购计划）、``自有资金``（元）。

    - ``basis="结算量"``：核定吨数 ＝ min(计划吨数, 结算吨数)——把名下交售量都当作这户自己的生意；
    - ``basis="自营量"``：核定吨数 ＝ min(计划吨数, 结算吨数 − 代交吨数)——只认结算清单证明的、这户自己收、
      自己垫钱的量。代交的货款是过手钱：交售人自己垫的收购款，不需要这户借。

    每户再按 :func:`purchase_loan_size` 定额度（资金缺口与价格下跌后的质押覆盖取小）。结果每户一行：
    核定吨数、收购资金、资金缺口、质押覆盖、额度、卡住额度的一项；``attrs["合计额度"]`` 为全批合计。
    """
    d = require_frame(dealers, "经纪人表", ["户", "结算吨数", "代交吨数", "计划吨数", "自有资金"], allow_empty=False)
    basis = require_choice(basis, "口径", DEALER_BASES)
    if d["户"].isna().any():
        raise InputError("经纪人表的户", "有空白")
    cols = {}
    for c in ("结算吨数", "代交吨数", "计划吨数", "自有资金"):
        v = numeric_column(d[c], c)
        if (v < 0).any():
            raise InputError(c, "不能为负数", float(v[v < 0].iloc[0]))
        cols[c] = v.to_numpy(float)
    if (cols["代交吨数"] > cols["结算吨数"]).any():
        k = int(np.argmax(cols["代交吨数"] > cols["结算吨数"]))
        raise InputError("代交吨数", f"第 {k + 1} 户的代交量大于结算量", float(cols["代交吨数"][k]))
    proven = cols["结算吨数"] - (cols["代交吨数"] if basis == "自营量" else 0.0)
    volume = np.minimum(cols["计划吨数"], proven)
    rows = []
    for name, vol, own in zip(d["户"].astype(str), volume, cols["自有资金"]):
        if vol <= 0:
            rows.append({"户": name, "核定吨数": 0.0, "收购资金": 0.0, "资金缺口": 0.0, "质押覆盖": 0.0,
                         "额度": 0.0, "卡住额度的一项": "无可证实的收购量"})
            continue
        r = purchase_loan_size(vol, price, own, pledge_rate=pledge_rate, price_drop=price_drop)
        rows.append({"户": name, "核定吨数": float(vol), "收购资金": r.purchase, "资金缺口": r.need,
                     "质押覆盖": r.pledge_cover, "额度": r.amount, "卡住额度的一项": r.binding})
    # 价格、质押率、跌幅坏输入在第一户就已报错；全部为零时也要校验
    purchase_loan_size(1, price, 0, pledge_rate=pledge_rate, price_drop=price_drop)
    out = pd.DataFrame(rows)
    out.attrs["合计额度"] = float(out["额度"].sum())
    out.attrs["口径"] = basis
    return out


def graded_stock_cover(stock, *, price_drop: float = 0.3, counts: Mapping[str, float] | None = None) -> pd.DataFrame:
    """按质量等级给库存定可贷额：等级不同，单价和质押率都不同，价格下跌按同一跌幅测。

    ``stock`` 每个等级一行：``等级``、``数量``、``单价``（元/单位）、``质押率``（0 到 1，本行按等级定的参数；
    没有分级、没有质检报告的货可给 0）。每行：货值 ＝ 数量 × 单价；跌后货值 ＝ 货值 ×（1 − ``price_drop``）；
    可贷 ＝ 跌后货值 × 质押率。``attrs`` 里有合计货值、合计可贷与 可贷占货值（整批的实际折扣）。
    ``counts``：``{等级: 数量}``，按这几档的新数量重算（如下个月又押出去几台、寄售多了几台），其余等级不变。

    >>> s = pd.DataFrame({"等级": ["自有", "寄售"], "数量": [10, 5], "单价": [70_000, 60_000], "质押率": [0.7, 0.0]})
    >>> graded_stock_cover(s, price_drop=0.15, counts={"寄售": 20}).attrs["合计可贷"]
    416500.0
    """
    d = require_frame(stock, "库存表", ["等级", "数量", "单价", "质押率"], allow_empty=False)
    if d["等级"].isna().any():
        raise InputError("库存表的等级", "有空白")
    if counts is not None:
        if not isinstance(counts, Mapping):
            raise InputError("各档数量", "应为 {等级: 数量} 的字典", counts)
        grades = d["等级"].astype(str)
        d = d.copy()
        d["数量"] = d["数量"].astype(object)
        for grade, qty in counts.items():
            hit = grades == str(grade)
            if not hit.any():
                raise InputError("各档数量", f"库存表里没有这一档：{grade}", grade)
            d.loc[hit, "数量"] = require_non_negative(qty, f"{grade}的数量")
    drop = require_number(price_drop, "价格跌幅")
    if not 0 <= drop < 1:
        raise InputError("价格跌幅", "应在 0 到 1 之间（如 0.3 表示跌 30%）", price_drop)
    qty = numeric_column(d["数量"], "数量")
    unit = numeric_column(d["单价"], "单价")
    rate = numeric_column(d["质押率"], "质押率")
    for v, name in ((qty, "数量"), (unit, "单价")):
        if (v < 0).any():
            raise InputError(name, "不能为负数", float(v[v < 0].iloc[0]))
    if ((rate < 0) | (rate > 1)).any():
        raise InputError("质押率", "应在 0 到 1 之间（如 0.5）", float(rate[(rate < 0) | (rate > 1)].iloc[0]))
    value = qty.to_numpy(float) * unit.to_numpy(float)
    if value.sum() > 1e11:
        raise InputError("数量", "乘以单价超过 1,000 亿元，请检查单位", float(qty.sum()))
    out = pd.DataFrame({"等级": d["等级"].astype(str).to_numpy(), "数量": qty.to_numpy(float),
                        "单价": unit.to_numpy(float), "货值": value, "跌后货值": value * (1 - drop),
                        "质押率": rate.to_numpy(float)})
    out["可贷"] = out["跌后货值"] * out["质押率"]
    total = float(out["货值"].sum())
    out.attrs.update({"合计货值": total, "合计可贷": float(out["可贷"].sum()), "价格跌幅": drop,
                      "可贷占货值": float(out["可贷"].sum()) / total if total > 0 else 0.0})
    return out


def holding_break_even(value, *, loan, rate, months, storage_per_month, shrink_per_year: float = 0.0) -> float:
    """把一批库存多压 ``months`` 个月再卖，售价至少要涨多少才不亏（返回涨幅，如 0.12 表示 12%）。

    压货的成本：贷款利息 ``loan × rate × months ÷ 12``，仓储、翻晒、看管费 ``storage_per_month × months``，
    以及干耗和虫蛀：货的数量少了 ``shrink_per_year × months ÷ 12``。
    盈亏平衡涨幅 ＝（货值 ＋ 利息 ＋ 仓储费）÷（货值 ×（1 − 损耗比例））− 1。自有资金的机会成本没有计入。
    """
    v = require_positive(value, "货值")
    lo = require_non_negative(loan, "贷款金额")
    for amount, field in ((v, "货值"), (lo, "贷款金额")):
        if amount > 1e13:
            raise InputError(field, "大得不合理（单位是元吗？）", amount)
    if v < 1:
        raise InputError("货值", "应至少 1 元", value)
    r = require_number(rate, "贷款利率")
    if not 0 <= r <= 0.24:
        raise InputError("贷款利率", "应在 0 到 24% 之间（如 0.05）", rate)
    m = require_int(months, "压货月数", minimum=1, maximum=60)
    cost = require_non_negative(storage_per_month, "每月仓储费")
    if cost > 1e13:
        raise InputError("每月仓储费", "大得不合理（单位是元吗？）", storage_per_month)
    sh = require_number(shrink_per_year, "年损耗率")
    if not 0 <= sh < 1:
        raise InputError("年损耗率", "应在 0 到 1 之间（如 0.05）", shrink_per_year)
    lost = sh * m / 12
    if lost >= 1:
        raise InputError("压货月数", "按这个损耗率，货在期满前就耗光了", months)
    return (v + lo * r * m / 12 + cost * m) / (v * (1 - lost)) - 1


# ---------------------------------------------------------------------------
# 几家银行的报价放在一起：真实年化成本与“回款之前要掏多少钱”
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class QuoteCost:
    """一份贷款报价的真实成本（借款人视角）。

    ``flows`` 列：期数、本息、利息、存款退回、净付出（第 0 期为放款日：到手金额记为负的净付出）。
    留存存款在放款日从到手金额里扣下，期满随最后一期退回，附单利利息 ``存款 × 存款利率 × 期限 ÷ 12``。
    """

    name: str
    principal: float
    annual_rate: float
    months: int
    method: str
    fees: float
    deposit: float
    deposit_rate: float
    flows: pd.DataFrame = field(repr=False)
    rate: AnnualizedRate

    @property
    def cash_in_hand(self) -> float:
        """放款日真正能用的钱：本金 − 一次性费用 − 留存存款。"""
        return round(self.principal - self.fees - self.deposit, 2)

    @property
    def total_interest(self) -> float:
        return round(float(self.flows["本息"].sum()) - self.principal, 2)

    @property
    def deposit_interest(self) -> float:
        return round(self.deposit * self.deposit_rate * self.months / 12, 2)

    @property
    def net_cost(self) -> float:
        """利息 + 费用 − 存款利息：借款人为这笔钱一共多付出的元数。"""
        return round(self.total_interest + self.fees - self.deposit_interest, 2)

    @property
    def average_balance(self) -> float:
        """各期期初贷款余额的平均数（元）：银行一侧算贷款日均、综合贡献度时用它。"""
        body = self.flows[self.flows["期数"] >= 1]
        repaid = (body["本息"] - self._interest).cumsum()
        opening = self.principal - repaid.shift(fill_value=0.0)
        return round(float(opening.mean()), 2)

    @property
    def _interest(self) -> pd.Series:
        return self.flows.loc[self.flows["期数"] >= 1, "利息"]

    def peak_gap(self, inflows) -> float:
        """客户逐月能拿来还款的钱 ``inflows``（元，从第 1 期起）与本息相比，累计缺口的最大值（元，不缺为 0）。"""
        flows = _as_flows(inflows, "逐月可还款资金")
        if len(flows) < self.months:
            raise InputError("逐月可还款资金", f"应至少有 {self.months} 个月（与期限相同）", len(flows))
        pay = self.flows.loc[self.flows["期数"] >= 1, "本息"].to_numpy(float)
        gap = np.cumsum(pay - flows[: self.months])
        return round(max(0.0, float(gap.max())), 2)

    def paid_before(self, period: int) -> float:
        """第 1 期到第 ``period`` 期（含）要付的本息合计（元）。"""
        k = require_int(period, "期数", minimum=0, maximum=self.months)
        body = self.flows[(self.flows["期数"] >= 1) & (self.flows["期数"] <= k)]
        return round(float(body["本息"].sum()), 2)


def quote_cost(principal, annual_rate, months, *, method: str = "等额本息", repayments=None, fees=0,
               deposit=0, deposit_rate=0, name: str = "报价") -> QuoteCost:
    """一份报价的真实年化成本：把费用和“放款后留一笔存款”的要求都算进去（IRR 法，同 :func:`annualized_rate`）。
    （按“月息”报价、另收服务费或搭一份趸交保险的报价，见 :func:`coursekit.offers.offer_cost`。）

    ``method``：:data:`METHODS` 之一；给了 ``repayments``（逐期还本金额，同 :func:`custom_schedule`）时按自定义
    还本计划，``method`` 记为“自定义”。``fees``：放款日一次性付出的费用（担保费、评估费等，元）。``deposit``：
    放款后必须留在该行、期满才动得了的存款（元），``deposit_rate`` 是它的年利率。

    借款人到手 ``本金 − 费用 − 存款``，逐期付本息，最后一期拿回存款和存款利息；最后一期的净付出不能为负
    （分期还款时存款比最后一期还款还多，就不是“留存”而是提前还清了，这里拒绝）。

    >>> o = quote_cost(1_000_000, 0.04, 12, method="先息后本", deposit=200_000)
    >>> o.cash_in_hand, round(o.rate.annual, 4)
    (800000.0, 0.05)
    """
    if not isinstance(name, str) or not name.strip():
        raise InputError("报价名称", "应为非空文字", name)
    p = _check_principal(principal)
    f = require_non_negative(fees, "费用")
    d = require_non_negative(deposit, "留存存款")
    dr = require_number(deposit_rate, "存款利率")
    if not 0 <= dr <= 0.2:
        raise InputError("存款利率", "应在 0 到 20% 之间（按小数填写，如 0.011）", deposit_rate)
    if f + d >= p:
        raise InputError("留存存款", "费用加留存存款达到或超过了贷款本金，借款人到手为 0", deposit)
    if repayments is None:
        sched = schedule(p, annual_rate, months, _check_method(method))
        label = method
    else:
        sched = custom_schedule(p, annual_rate, months, repayments)
        label = "自定义"
    body = sched[sched["期数"] > 0]
    n = len(body)
    pay = body["月供"].to_numpy(float)
    back = np.zeros(n)
    back[-1] = round(d * (1 + dr * n / 12), 2)
    net = pay - back
    if net[-1] < 0:
        raise InputError("留存存款", f"比最后一期应还的 {pay[-1]:,.2f} 元还多，存款在期满前就该抵还了", deposit)
    rate = annualized_rate(p, net, fees=f + d)
    flows = pd.DataFrame({"期数": range(0, n + 1),
                          "本息": np.concatenate([[0.0], pay]),
                          "利息": np.concatenate([[0.0], body["利息"].to_numpy(float)]),
                          "存款退回": np.concatenate([[0.0], back]),
                          "净付出": np.concatenate([[-(p - f - d)], net])})
    return QuoteCost(name=name.strip(), principal=p, annual_rate=float(annual_rate), months=n, method=label,
                     fees=f, deposit=d, deposit_rate=dr, flows=flows, rate=rate)


def requote(offer, *, annual_rate=None, fees=None, fee_rate=None, deposit=None, deposit_rate=None,
            name: str | None = None) -> QuoteCost:
    """同一份报价改几项条件重算（:func:`quote_cost`）：他行说“存款可以商量”、担保费打折，或本行的加点往下让。

    ``offer`` 是 :func:`quote_cost` 的结果；没给的条件照旧，本金、期限和还本安排不变（自定义还本的报价按原来
    逐期还的本金）。``fee_rate`` 是一次性费用占本金的比例（如担保费率 0.012），按分取整，与 ``fees`` 只能给一个。

    >>> o = quote_cost(1_000_000, 0.04, 12, method="先息后本", deposit=200_000)
    >>> round(requote(o, deposit=0).rate.annual, 4), requote(o, fee_rate=0.01).fees
    (0.04, 10000.0)
    """
    if not isinstance(offer, QuoteCost):
        raise InputError("报价", "应为 quote_cost 的结果", offer)
    if fees is not None and fee_rate is not None:
        raise InputError("费率", "费用和费率只能给一个", fee_rate)
    if fee_rate is not None:
        fr = require_number(fee_rate, "费率")
        if not 0 <= fr < 1:
            raise InputError("费率", "应在 0 到 1 之间（按小数填写，如 0.012）", fee_rate)
        fees = round(offer.principal * fr, 2)
    kw = dict(fees=offer.fees if fees is None else fees,
              deposit=offer.deposit if deposit is None else deposit,
              deposit_rate=offer.deposit_rate if deposit_rate is None else deposit_rate,
              name=offer.name if name is None else name)
    rate = offer.annual_rate if annual_rate is None else annual_rate
    if offer.method == "自定义":
        body = offer.flows[offer.flows["期数"] >= 1]
        repaid = (body["本息"] - body["利息"]).round(2).tolist()
        return quote_cost(offer.principal, rate, offer.months, repayments=repaid, **kw)
    return quote_cost(offer.principal, rate, offer.months, method=offer.method, **kw)


def compare_quotes(offers, *, cash_before: int | None = None, inflows=None) -> pd.DataFrame:
    """几份报价并排：名义利率、到手金额、净成本、真实年化，以及（给了 ``cash_before`` 时）前几期要付的本息。

    ``offers``：:class:`QuoteCost` 的序列。``cash_before``：客户主要回款到账之前的期数；表里多一列
    “回款前要付本息”，看哪份报价逼客户在没钱的月份掏钱。``inflows``：客户逐月能拿来还款的钱（元）；表里多一列
    “最大资金缺口”（见 :meth:`QuoteCost.peak_gap`）。
    """
    if isinstance(offers, (str, bytes, Mapping)) or not isinstance(offers, Sequence) or not offers:
        raise InputError("报价", "应为至少一份报价（quote_cost 的结果）的列表", offers)
    for o in offers:
        if not isinstance(o, QuoteCost):
            raise InputError("报价", "每一份都应是 quote_cost 的结果", o)
    rows = []
    for o in offers:
        row = {"报价": o.name, "名义年利率": o.annual_rate, "还款方式": o.method, "到手金额": o.cash_in_hand,
               "利息": o.total_interest, "费用": o.fees, "存款利息": o.deposit_interest, "净成本": o.net_cost,
               "真实年化": o.rate.annual}
        if cash_before is not None:
            k = require_int(cash_before, "回款前期数", minimum=0, maximum=max(x.months for x in offers))
            row["回款前要付本息"] = o.paid_before(min(k, o.months))
        if inflows is not None:
            row["最大资金缺口"] = o.peak_gap(inflows)
        rows.append(row)
    return pd.DataFrame(rows)


#: 计息口径：一年期贷款放出去就按整个期限计息；随借随还（循环额度、线上产品）只按实际用款的月数计息
BILLING = ("全年计息", "按用款计息")


@dataclass(frozen=True)
class UsageCost:
    """同一笔钱、几种产品，客户一年实际用款 1–``max_months`` 个月时各付多少利息。

    ``table``：行是用款月数，列是产品，值是利息（元）；``rates``、``billing``：产品 → 年利率、计息口径。"""

    principal: float
    table: pd.DataFrame
    rates: dict
    billing: dict

    def cheapest(self, months: int) -> str:
        """用款 ``months`` 个月时利息最少的产品。"""
        m = require_int(months, "用款月数", minimum=1, maximum=len(self.table))
        return str(self.table.loc[m].idxmin())

    def crossover(self, dearer: str, cheaper: str) -> int | None:
        """``dearer`` 的利息第一次超过 ``cheaper`` 的用款月数（一直没超过为 None）。"""
        for name in (dearer, cheaper):
            if name not in self.table.columns:
                raise InputError("产品", "不在比较的产品里：" + "、".join(self.table.columns), name)
        over = self.table.index[self.table[dearer] > self.table[cheaper]]
        return int(over[0]) if len(over) else None


def usage_cost(principal, products, *, max_months: int = 12) -> UsageCost:
    """按客户一年实际用款的月数比较几种产品的利息。

    ``products``：{产品名称: (年利率, 计息口径)}，口径为 :data:`BILLING` 之一。“全年计息”的产品（一年期、先息后本）
    不管用不用都付 12 个月的利息；“按用款计息”的产品只付用款那几个月的利息。利息按 :func:`schedule` 的先息后本
    逐月计（月利率 = 年利率 ÷ 12，按分取整），和还款计划表的口径一致。线上产品的日利率先乘 365 折成年利率再填。
    """
    p = _check_principal(principal)
    top = require_int(max_months, "最多用款月数", minimum=1, maximum=12)
    if not isinstance(products, Mapping) or not products:
        raise InputError("产品", "应为“产品名称 → (年利率, 计息口径)”的字典，至少一种")
    rates, billing = {}, {}
    for name, spec in products.items():
        if not isinstance(name, str) or not name.strip():
            raise InputError("产品名称", "应为非空文字", name)
        if isinstance(spec, (str, bytes)) or not isinstance(spec, Sequence) or len(spec) != 2:
            raise InputError(f"产品“{name}”", "应为 (年利率, 计息口径) 两项", spec)
        rate = require_number(spec[0], f"产品“{name}”的年利率")
        if not 0 < rate < 0.36:
            raise InputError(f"产品“{name}”的年利率", "应为小数形式的年利率（如 0.055），大于 0、低于 36%", spec[0])
        if spec[1] not in BILLING:
            raise InputError(f"产品“{name}”的计息口径", "应为以下之一：" + "、".join(BILLING), spec[1])
        rates[name], billing[name] = rate, spec[1]
    full = {name: float(schedule(p, r, 12, "先息后本")["利息"].sum()) for name, r in rates.items()}
    rows = {m: {name: (full[name] if billing[name] == "全年计息"
                       else float(schedule(p, rates[name], m, "先息后本")["利息"].sum())) for name in rates}
            for m in range(1, top + 1)}
    table = pd.DataFrame.from_dict(rows, orient="index")[list(rates)].rename_axis("用款月数")
    return UsageCost(principal=p, table=table, rates=rates, billing=billing)


__all__ += ["all_in_borrowing_cost"]

_ALL_IN_KEYS = {"rate": "年利率", "billing": "计息口径", "bridge_days": "续贷过桥天数", "bridge_daily_rate": "过桥日息",
                "fees": "一次性费用", "favour_cost": "请担保人的人情花费", "paperwork_days": "跑手续的天数"}


def all_in_borrowing_cost(principal, products, *, used_months, day_value: float = 300.0) -> pd.DataFrame:
    """借一年钱的全部代价：利息之外，客户不说出口的那几笔——续贷先还后贷的过桥钱、每年请担保人的人情、跑手续的误工。

    ``products``：{产品名称: {键: 值}}，键（缺省为 0）：

    - ``rate`` 年利率（必填，小数）；``billing`` 计息口径：“全年计息”（一年期，借满一年付利息）或
      “按用款计息”（随借随还，只付 ``used_months`` 个月）；
    - ``bridge_days``、``bridge_daily_rate``：到期先还后贷，中间几天向别处借的过桥钱的天数和日息（如 0.001 即日息千分之一）；
    - ``fees``：一次性费用（元）；``favour_cost``：每年请担保人吃饭、回礼等人情花费（元，教学假设）；
    - ``paperwork_days``：每年为这笔贷款跑手续、误了生意的天数，每天按 ``day_value`` 元计。

    利息按单利：全年计息 ＝ 本金 × 年利率；按用款计息 ＝ 本金 × 年利率 × 用款月数 ÷ 12。过桥费用 ＝ 本金 × 日息 × 天数。
    返回每种产品一行：利息、过桥费用、一次性费用、人情花费、误工折钱、合计、利息以外、折合年化（＝ 合计 ÷（本金 ×
    用款月数 ÷ 12），即按真正用上的钱算的年化代价）。

    >>> r = all_in_borrowing_cost(300_000, {"甲": {"rate": 0.0435, "billing": "全年计息", "bridge_days": 5,
    ...                                           "bridge_daily_rate": 0.001}}, used_months=6)
    >>> float(r.loc[0, "合计"]), round(float(r.loc[0, "折合年化"]), 4)
    (14550.0, 0.097)
    """
    p = _check_principal(principal)
    m = require_number(used_months, "用款月数")
    if not 0.03 <= m <= 12:                       # 至少 1 天（约 0.03 个月）：更短的用款折成年化没有意义
        raise InputError("用款月数", "应在 0.03（约 1 天）到 12 个月之间", used_months)
    dv = require_non_negative(day_value, "每天误工折钱")
    if dv > 10_000:
        raise InputError("每天误工折钱", "超过每天 1 万元，请检查单位", day_value)
    if not isinstance(products, Mapping) or not products:
        raise InputError("产品", "应为“产品名称 → 条件字典”，至少一种")
    rows = []
    for name, spec in products.items():
        if not isinstance(name, str) or not name.strip():
            raise InputError("产品名称", "应为非空文字", name)
        if not isinstance(spec, Mapping):
            raise InputError(f"产品“{name}”", "应为条件字典（rate、billing 等）", spec)
        extra = [k for k in spec if k not in _ALL_IN_KEYS]
        if extra:
            raise InputError(f"产品“{name}”", "有不认识的条件：" + "、".join(map(str, extra)))
        if "rate" not in spec:
            raise InputError(f"产品“{name}”的年利率", "必须给出")
        rate = require_number(spec["rate"], f"产品“{name}”的年利率")
        if not 0 < rate < 0.36:
            raise InputError(f"产品“{name}”的年利率", "应为小数形式的年利率（如 0.0435），大于 0、低于 36%", spec["rate"])
        billing = spec.get("billing", "全年计息")
        if billing not in ("全年计息", "按用款计息"):
            raise InputError(f"产品“{name}”的计息口径", "应为“全年计息”或“按用款计息”", billing)
        vals = {}
        for key in ("bridge_days", "bridge_daily_rate", "fees", "favour_cost", "paperwork_days"):
            vals[key] = require_non_negative(spec.get(key, 0.0), f"产品“{name}”的{_ALL_IN_KEYS[key]}")
        if vals["bridge_days"] > 90:
            raise InputError(f"产品“{name}”的续贷过桥天数", "超过 90 天，请检查", spec.get("bridge_days"))
        if vals["bridge_daily_rate"] > 0.01:
            raise InputError(f"产品“{name}”的过桥日息", "超过日息 1%，请检查是否写成了百分数", spec.get("bridge_daily_rate"))
        if vals["paperwork_days"] > 60:
            raise InputError(f"产品“{name}”的跑手续的天数", "超过 60 天，请检查", spec.get("paperwork_days"))
        for key in ("fees", "favour_cost"):
            if vals[key] >= p:
                raise InputError(f"产品“{name}”的{_ALL_IN_KEYS[key]}", "达到或超过了本金，请检查", spec.get(key))
        interest = p * rate * (1.0 if billing == "全年计息" else m / 12)
        bridge = p * vals["bridge_daily_rate"] * vals["bridge_days"]
        time_cost = vals["paperwork_days"] * dv
        total = interest + bridge + vals["fees"] + vals["favour_cost"] + time_cost
        rows.append({"产品": name, "计息口径": billing, "利息": interest, "过桥费用": bridge, "一次性费用": vals["fees"],
                     "人情花费": vals["favour_cost"], "误工折钱": time_cost, "合计": total, "利息以外": total - interest,
                     "折合年化": total / (p * m / 12)})
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class MilestoneSweep:
    """项目回款贷：合同节点款到账时按比例扣还本金（:func:`milestone_sweep`）。

    ``receipts``：每个节点一行——付款方、计划月份、延后月数、实际月份、金额、是否在期限内、扣还本金；
    ``schedule``：按扣还本金生成的还款计划表（:func:`custom_schedule`）；``residual``：到期时回款没扣够、
    要借款人另筹的本金；``cleared_month``：本金还清的月份（到期前没还清为 None）；``cover``：期限内到账的
    节点款 × 扣还比例 ÷ 贷款本金；``top_payer``、``top_payer_share``：节点款最多的付款方和它占全部节点款的比例。"""

    principal: float
    months: int
    sweep_share: float
    receipts: pd.DataFrame = field(repr=False)
    schedule: pd.DataFrame = field(repr=False)
    residual: float
    cleared_month: int | None
    cover: float
    top_payer: str
    top_payer_share: float


def _milestone_slips(slip_months, payers) -> dict:
    if isinstance(slip_months, Mapping):
        out = {}
        for payer, k in slip_months.items():
            if payer not in set(payers):
                raise InputError("延后月数的付款方", "不在节点表里：" + "、".join(dict.fromkeys(payers)), payer)
            out[payer] = require_int(k, f"付款方“{payer}”的延后月数", minimum=0, maximum=60)
        return out
    k = require_int(slip_months, "延后月数", minimum=0, maximum=60)
    return {p: k for p in payers}


def milestone_sweep(principal, annual_rate, months, milestones, *, sweep_share=0.6, slip_months=0) -> MilestoneSweep:
    """项目回款贷的还款测算：节点款到账的当月，按 ``sweep_share`` 扣还本金，直到还清；期限内没扣够的本金
    到期一次归还（就是要借款人另筹的 ``residual``）。

    ``milestones``：每个合同节点一行，列 ``付款方``、``月份``（放款后第几个月计划到账，1 起）、``金额``（元），
    可选 ``延后月数``（这个节点已知的延后，如试点的实际记录）。``slip_months`` 在此之上再延后：一个整数（所有付款方），
    或 ``{付款方: 月数}``（只有这几家延后，看客户集中的影响）。实际月份超过期限的节点款不计入还款。
    利息按 :func:`custom_schedule` 的口径按月计付。

    >>> ms = pd.DataFrame({"付款方": ["医院", "医院"], "月份": [3, 8], "金额": [800_000, 1_200_000]})
    >>> r = milestone_sweep(1_000_000, 0.042, 9, ms, sweep_share=0.6)
    >>> r.residual, r.cleared_month
    (0.0, 8)
    >>> milestone_sweep(1_000_000, 0.042, 9, ms, sweep_share=0.6, slip_months=2).residual
    520000.0
    """
    p = _check_principal(principal)
    rate = _check_rate(annual_rate)
    n = _check_months(months)
    share = require_number(sweep_share, "扣还比例")
    if not 0 < share <= 1:
        raise InputError("扣还比例", "应在 0 到 1 之间（如 0.6 表示节点款的 60% 用来还本）", sweep_share)
    require_frame(milestones, "节点表", ["付款方", "月份", "金额"], allow_empty=False)
    payers = [str(x).strip() for x in milestones["付款方"]]
    if any(not x or x == "nan" for x in payers):
        raise InputError("节点表的付款方", "不能为空")
    planned = [require_int(x, "节点表的月份", minimum=1, maximum=360) for x in milestones["月份"]]
    amounts = [require_positive(x, "节点表的金额") for x in milestones["金额"]]
    if "延后月数" in milestones.columns:
        known = [require_int(x, "节点表的延后月数", minimum=0, maximum=60) for x in milestones["延后月数"]]
    else:
        known = [0] * len(payers)
    extra = _milestone_slips(slip_months, payers)
    rows, left, repay = [], _fen(p), {}
    order = sorted(range(len(payers)), key=lambda i: (planned[i] + known[i] + extra.get(payers[i], 0), i))
    swept = {}
    for i in order:
        actual = planned[i] + known[i] + extra.get(payers[i], 0)
        take = 0
        if actual <= n and left > 0:
            take = min(left, _fen(amounts[i] * share))
            left -= take
            repay[actual] = repay.get(actual, 0) + take
        swept[i] = take
    for i in range(len(payers)):
        actual = planned[i] + known[i] + extra.get(payers[i], 0)
        rows.append({"付款方": payers[i], "计划月份": planned[i], "延后月数": actual - planned[i], "实际月份": actual,
                     "金额": amounts[i], "在期限内": "是" if actual <= n else "否", "扣还本金": swept[i] / 100})
    receipts = pd.DataFrame(rows)
    sched = custom_schedule(p, rate, n, {k: v / 100 for k, v in repay.items()})
    cleared = None
    paid = 0
    for k in sorted(repay):
        paid += repay[k]
        if paid >= _fen(p):
            cleared = k
            break
    in_term = receipts.loc[receipts["在期限内"] == "是", "金额"].sum()
    by_payer = receipts.groupby("付款方", sort=False)["金额"].sum()
    return MilestoneSweep(principal=p, months=n, sweep_share=share, receipts=receipts, schedule=sched,
                          residual=left / 100, cleared_month=cleared, cover=float(in_term * share / p),
                          top_payer=str(by_payer.idxmax()), top_payer_share=float(by_payer.max() / by_payer.sum()))
