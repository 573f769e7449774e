"""行情低谷：同一个行业的几户借款人，价格跌下来的这几个月里现金会掉到哪里，续贷、抽贷各意味着什么。

养殖、种植、农资这类生意，行情一跌就是几个月：卖价跌（销售额乘一个倍数），成本不跟着跌（毛利率掉下来），
而工资、水电、利息、家用照付。本模块按还原底稿的季节系数逐月走一遍：

- :func:`trough_path`：一户在低谷期逐月的账上现金（从 ``start_month`` 起 ``months`` 个月，跨年时接着用下一年
  同一月份的季节系数）；低谷期销售额乘 ``sales_factor``、各产品毛利率加 ``margin_delta``；还可以叠上一张新贷款
  的还款计划（宽限期只付息的，还款计划里前几期就只有利息）；
- :func:`trough_survival`：几户并排。每户两种走法——**续贷**（本行贷款照旧，利息已在月成本里）和**抽贷**（低谷第
  一个月一次还清本行贷款，此后不再付这笔利息）——各看最低现金，给出三种结论之一：

  * “续贷撑得过”：续贷时最低现金不为负，抽贷也不为负；
  * “抽贷会逼倒”：续贷撑得过，抽贷跌破零——一刀切的收贷会把熬得过去的客户逼倒；
  * “续贷也撑不过”：续贷时现金就跌破零，续贷只会让他再去借更贵的钱，该谈有序退出。

``margin_cut`` 在每户自己的低谷期毛利率上再降几个百分点（最低降到 0：卖价跌破鸡苗饲料成本之后的亏损，
本模型不算，所以毛利率已经接近 0 的那一户，结果偏乐观），``months`` 可以比预计的长：这两个数就是“低谷有多深、
拖多久”，结论对它们最敏感。
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from ..errors import InputError, require_int, require_non_negative, require_number, require_positive
from .cashpath import CashPath, cash_path
from .worksheet import Worksheet, restore

__all__ = ["trough_path", "trough_survival", "TroughSurvival", "TROUGH_VERDICTS", "trough_loan", "TroughLoan"]

TROUGH_VERDICTS = ("续贷撑得过", "抽贷会逼倒", "续贷也撑不过")


def _sheet(inputs, field_name: str) -> Worksheet:
    if isinstance(inputs, Worksheet):
        return inputs
    if isinstance(inputs, Mapping):
        return restore(inputs)
    raise InputError(field_name, "应为借款人字典或 restore() 的结果", type(inputs).__name__)


def _labels(start_month: int, months: int) -> list[str]:
    out = []
    for k in range(months):
        m = (start_month - 1 + k) % 12 + 1
        year = (start_month - 1 + k) // 12
        out.append(f"{m}月" if year == 0 else f"次年{m}月" if year == 1 else f"第{year + 1}年{m}月")
    return out


def trough_path(inputs, *, start_cash=None, sales_factor: float = 1.0, margin_delta: float = 0.0, start_month: int,
                months: int, payments=None, other=None) -> CashPath:
    """一户在低谷期逐月的现金轨迹（:class:`~coursekit.restoration.CashPath`，索引为“5月”“6月”……跨年为“次年1月”）。

    ``inputs``：正常年景的借款人字典或底稿；``start_cash``：低谷第一个月月初的现金与存款（默认取底稿上经营资产的
    现金加存款）；``sales_factor``：低谷期销售额相当于正常年景的几成；``margin_delta``：各产品毛利率加减的百分点
    （小数，−0.1 即下降 10 个百分点）；``payments``：另加的还款（:func:`coursekit.loans.schedule` 的表或金额序列，
    第 1 期落在低谷第一个月）；``other``：其他收支（金额序列，流入为正）。

    >>> farm = {"名称": "甲", "产品": [{"名称": "鸡", "销售额": 1_200_000, "毛利率": 0.15}],
    ...         "月成本": {"工资": 10_000}, "经营资产": {"存款": 30_000}}
    >>> p = trough_path(farm, sales_factor=0.9, margin_delta=-0.10, start_month=11, months=3)
    >>> list(p.table.index), [round(x) for x in p.table["可支配收入"]], round(p.lowest)
    (['11月', '12月', '次年1月'], [-5500, -5500, -5500], 13500)
    """
    ws = _sheet(inputs, "低谷期底稿")
    start = require_int(start_month, "低谷起始月", minimum=1, maximum=12)
    n = require_int(months, "低谷月数", minimum=1, maximum=24)
    factor = require_non_negative(sales_factor, "低谷期销售额倍数")
    if factor > 2:
        raise InputError("低谷期销售额倍数", "低谷期销售额不会超过正常年景的两倍；请填 0.88 这样的倍数", sales_factor)
    delta = require_number(margin_delta, "低谷期毛利率变动")
    low = ws.what_if(sales_factor=factor, margin_delta=delta)
    return _walk(low, start_cash, start, n, payments=payments, other=other)


def _walk(low: Worksheet, start_cash, start: int, n: int, *, payments=None, other=None) -> CashPath:
    """按低谷底稿 ``low`` 的逐月可支配收入，从 ``start`` 月起走 ``n`` 个月（参数已校验）。"""
    if start_cash is None:
        a = low.borrower.business_assets
        cash = a.cash + a.deposits
    else:
        cash = require_number(start_cash, "期初现金与存款")
    by_month = low.figures.monthly_disposable
    flow = [by_month[(start - 1 + k) % 12] for k in range(n)]
    pays = () if payments is None else (payments,)
    return cash_path(cash, pd.Series(flow, index=_labels(start, n), dtype=float), *pays, other=other)


@dataclass(frozen=True)
class TroughSurvival:
    """几户借款人熬不熬得过同一轮低谷（:func:`trough_survival`）。

    ``table``：每户一行——低谷期实际采用的毛利率，正常年景与低谷期的月可支配收入、低谷期累计结余、现金与存款、续贷与抽贷的最低现金和
    最低点所在月份、结论；``paths``：户名 → 续贷时的现金轨迹；``called``：户名 → 抽贷时的现金轨迹。
    """

    table: pd.DataFrame
    start_month: int
    months: int
    margin_cut: float
    paths: dict = field(repr=False)
    called: dict = field(repr=False)

    def verdict(self, name: str) -> str:
        return str(self.table.set_index("借款人").loc[name, "结论"])


def trough_survival(borrowers: Mapping, *, annual_rate, start_month: int, months: int,
                    margin_cut: float = 0.0) -> TroughSurvival:
    """几户借款人在同一轮低谷里的续贷、抽贷现金底线。

    ``borrowers``：户名 → 字典，键为 ``底稿``（正常年景的借款人字典或底稿）、``本行贷款``（元）、
    ``低谷期销售额倍数``、``低谷期毛利率``（低谷行情下按结算单核出的综合毛利率，小数），可选 ``现金``
    （低谷开始时的现金与存款，默认取底稿上的现金加存款）和 ``随行情``（默认 True；合同价锁定的代养户填 False，
    ``margin_cut`` 不作用在它身上）。``annual_rate``：本行贷款年利率，抽贷后不再付的利息按
    它算；``margin_cut``：在每户的低谷期毛利率上再降的百分点（小数，0.02 即再降 2 个百分点）。
    """
    if not isinstance(borrowers, Mapping) or not borrowers:
        raise InputError("借款人", "应为“户名 → 资料”的字典，至少一户", type(borrowers).__name__)
    rate = require_positive(annual_rate, "年利率")
    if rate >= 0.36:
        raise InputError("年利率", "应为小数形式的年利率（如 0.0435 表示 4.35%）", annual_rate)
    cut = require_non_negative(margin_cut, "低谷期毛利率再降")
    if cut >= 1:
        raise InputError("低谷期毛利率再降", "应为小数（0.02 即 2 个百分点）", margin_cut)
    start = require_int(start_month, "低谷起始月", minimum=1, maximum=12)
    n = require_int(months, "低谷月数", minimum=1, maximum=24)
    rows, paths, called = [], {}, {}
    for name, info in borrowers.items():
        if not isinstance(info, Mapping):
            raise InputError(f"{name} 的资料", "应为字典（底稿、本行贷款、低谷期销售额倍数、低谷期毛利率）",
                             type(info).__name__)
        for key in ("底稿", "本行贷款", "低谷期销售额倍数", "低谷期毛利率"):
            if key not in info:
                raise InputError(f"{name} 的资料", f"缺少“{key}”")
        ws = _sheet(info["底稿"], f"{name} 的底稿")
        loan = require_non_negative(info["本行贷款"], f"{name} 的本行贷款")
        given = require_number(info["低谷期毛利率"], f"{name} 的低谷期毛利率")
        if not 0 <= given < 1:
            raise InputError(f"{name} 的低谷期毛利率", "应在 0 到 1 之间（小数，0.05 即 5%）", given)
        exposed = info.get("随行情", True)
        if not isinstance(exposed, bool):
            raise InputError(f"{name} 的随行情", "应为 True（收入随市场价）或 False（合同价锁定）", exposed)
        margin = _cut_margin(given, cut) if exposed else given
        factor = require_non_negative(info["低谷期销售额倍数"], f"{name} 的低谷期销售额倍数")
        if factor > 2:
            raise InputError(f"{name} 的低谷期销售额倍数", "低谷期销售额不会超过正常年景的两倍", factor)
        low = ws.what_if(sales_factor=factor, margin_delta=margin - ws.figures.weighted_margin)
        path = _walk(low, info.get("现金"), start, n)
        saved = [loan * rate / 12] * n
        saved[0] -= loan                                         # 第一个月还清本金，此后不再付这笔利息
        call = _walk(low, info.get("现金"), start, n, other=saved)
        paths[str(name)], called[str(name)] = path, call
        if path.lowest < 0:
            verdict = TROUGH_VERDICTS[2]
        elif call.lowest < 0:
            verdict = TROUGH_VERDICTS[1]
        else:
            verdict = TROUGH_VERDICTS[0]
        rows.append({"借款人": str(name), "低谷期毛利率": margin, "正常年景月可支配收入": ws.figures.disposable_monthly,
                     "低谷期月可支配收入": low.figures.disposable_monthly,
                     f"低谷 {n} 个月累计结余": float(path.table["可支配收入"].sum()),
                     "现金与存款": path.start_cash, "续贷：最低现金": path.lowest, "续贷：最低在": path.lowest_month,
                     "抽贷：最低现金": call.lowest, "抽贷：最低在": call.lowest_month, "结论": verdict})
    return TroughSurvival(table=pd.DataFrame(rows), start_month=start, months=n, margin_cut=cut, paths=paths,
                          called=called)


@dataclass(frozen=True)
class TroughLoan:
    """低谷开始时放的一笔新贷款（:func:`trough_loan`）：``plan`` 是还款计划，``path`` 是低谷期叠上这笔还款后的
    现金轨迹；``trough_payment`` 是低谷第一个月的还款，``amortizing_payment`` 是宽限期后每月的月供，
    ``total_interest`` 是全部利息。"""

    amount: float
    months: int
    grace_months: int
    trough_payment: float
    amortizing_payment: float
    total_interest: float
    path: CashPath
    plan: pd.DataFrame = field(repr=False)

    def row(self) -> dict:
        label = (f"等额本息 {self.months} 期" if not self.grace_months
                 else f"前 {self.grace_months} 个月只付息，后 {self.months - self.grace_months} 期等额本息")
        return {"还款安排": label, "低谷期每月还款": self.trough_payment, "摊还期月供": self.amortizing_payment,
                "利息合计": self.total_interest, "低谷期最低现金": self.path.lowest, "最低在": self.path.lowest_month}


def _cut_margin(margin: float, cut: float) -> float:
    """低谷期毛利率再降 ``cut``，最低按 0 计：卖价跌破进货成本的亏损不在本模型里。"""
    return max(0.0, margin - cut)


def trough_loan(inputs, *, amount, annual_rate, months: int, grace_months: int = 0, start_cash, sales_factor: float,
                margin_delta: float, start_month: int, trough_months: int, margin_cut: float = 0.0) -> TroughLoan:
    """低谷第一个月放款、``months`` 期等额本息、前 ``grace_months`` 个月只付息的一笔贷款，叠在 ``inputs``
    （放款后的经营，如兼并后的底稿）的低谷期现金轨迹上：宽限期对不对得上低谷，最低现金还剩多少。

    ``margin_delta``：低谷期毛利率相对底稿的变动；``margin_cut``：在低谷期毛利率上再降的百分点（小数），
    和 :func:`trough_survival` 的 ``margin_cut`` 同一口径，降后最低按 0 计。"""
    from ..loans import schedule

    cut = require_non_negative(margin_cut, "低谷期毛利率再降")
    if cut >= 1:
        raise InputError("低谷期毛利率再降", "应为小数（0.02 即 2 个百分点）", margin_cut)
    ws = _sheet(inputs, "低谷期底稿")                            # 只还原一次，下面的现金轨迹用同一张底稿
    if cut:
        trough = ws.figures.weighted_margin + require_number(margin_delta, "毛利率变动")
        margin_delta = _cut_margin(trough, cut) - ws.figures.weighted_margin

    grace = require_int(grace_months, "宽限期（只付息月数）", minimum=0, maximum=120)
    n = require_int(months, "贷款期限（月）", minimum=1, maximum=360)
    if grace >= n:
        raise InputError("宽限期（只付息月数）", f"应短于贷款期限 {n} 个月", grace_months)
    plan = schedule(amount, annual_rate, n, "等额本息", grace_months=grace)
    path = trough_path(ws, start_cash=start_cash, sales_factor=sales_factor, margin_delta=margin_delta,
                       start_month=start_month, months=trough_months, payments=plan)
    return TroughLoan(amount=float(amount), months=n, grace_months=grace, trough_payment=float(plan["月供"].iloc[0]),
                      amortizing_payment=float(plan["月供"].iloc[-2]), total_interest=round(float(plan["利息"].sum()), 2),
                      path=path, plan=plan)
