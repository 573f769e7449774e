"""逐月现金轨迹：期初现金 + 每月可支配收入 − 每月还款（± 其他收支），累计成每月月末的账上现金。

还款能力测算看的是“平均每月够不够”；现金轨迹看的是“哪个月会断”：淡季、爬坡期、宽限期结束、
第二笔贷款开始还款，都可能让账上现金在某一个月跌到零以下，而全年平均仍然好看。

- :func:`cash_path`：通用函数，收入序列和还款（一笔或几笔贷款）由调用者给出；
- :meth:`Worksheet.cash_path <coursekit.restoration.Worksheet.cash_path>`：由还原底稿按日历月份取可支配收入
  （可按销售水平、爬坡系数调整），再调用 :func:`cash_path`。

口径：每月的可支配收入当月到账、还款当月付出，不计存款利息；“账上现金”是月末余额，可以为负——
负数表示这个月要靠借钱、拖欠货款或卖货才能过去，正是要提前安排的缺口。
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..errors import InputError, require_fraction, require_int, require_non_negative, require_number

__all__ = ["CashPath", "cash_path", "CASH_PATH_COLUMNS", "seasonal_purchases", "first_met", "LateReceipt", "late_receipt",
           "SeasonPlans", "season_plans", "loan_hindsight", "LoanHindsight"]

#: 结果表的列（“其他收支”只在给了 ``other`` 时出现，“备货占款”只在给了 ``stock`` 时出现）
CASH_PATH_COLUMNS = ("可支配收入", "还款", "其他收支", "备货占款", "当月结余", "账上现金")


@dataclass(frozen=True)
class CashPath:
    """现金轨迹的结果。

    ``table``：每月一行，索引为月份（``"YYYY-MM"`` 或收入序列自带的标签，名为“月份”）或期数（从 1 起），
    列见 :data:`CASH_PATH_COLUMNS`；“账上现金”为月末余额。
    """

    table: pd.DataFrame = field(repr=False)
    start_cash: float
    lowest: float
    lowest_month: Any
    negative_months: int
    end_cash: float
    payments_outside: float = 0.0

    @property
    def total_inflow(self) -> float:
        return float(self.table["可支配收入"].sum())

    @property
    def total_payments(self) -> float:
        return float(self.table["还款"].sum())

    def explain(self) -> str:
        """一句中文结论：最低点在哪个月、有几个月为负。"""
        from ..fmt import yuan

        where = f"第 {self.lowest_month} 期" if isinstance(self.lowest_month, (int, np.integer)) else self.lowest_month
        text = (f"期初现金 {yuan(self.start_cash, 0)}，{len(self.table)} 个月后为 {yuan(self.end_cash, 0)}；"
                f"最低点在 {where}，账上现金 {yuan(self.lowest, 0)}")
        if self.negative_months:
            text += f"，有 {self.negative_months} 个月为负：这些月份要提前安排资金。"
        else:
            text += "，没有一个月为负。"
        if self.payments_outside:
            text += f"（另有 {yuan(self.payments_outside, 0)}的还款落在所看月份之外，未计入。）"
        return text


def _labelled(index: pd.Index) -> bool:
    """索引是否是月份之类的标签（而不是 0、1、2… 的位置）。"""
    return not (isinstance(index, pd.RangeIndex) or pd.api.types.is_integer_dtype(index))


def monthly_amounts(values, field: str, *, allow_negative: bool,
                    hint: str = "（{月份: 金额}，或带月份索引的序列）") -> pd.Series:
    """每月金额的序列：非空、最多 120 个月、按月份标注（不是 0、1、2… 的位置），月份不重复。
    返回以“YYYY-MM”标签（:func:`coursekit.loans.month_label`）为索引、名为“月份”的浮点序列。"""
    from ..loans import month_label

    s = _as_amounts(values, field, allow_negative=allow_negative)
    if len(s) == 0:
        raise InputError(field, "不能为空，至少要有一个月")
    if len(s) > 120:
        raise InputError(field, "最多 120 个月", len(s))
    if not _labelled(s.index):
        raise InputError(field, "要按月份给出" + hint)
    labels = [month_label(m, f"{field}的月份") for m in s.index]
    if len(set(labels)) != len(labels):
        raise InputError(field, "的月份有重复")
    return pd.Series(s.to_numpy(), index=pd.Index(labels, name="月份"))


def _as_amounts(values, field: str, *, allow_negative: bool) -> pd.Series:
    if isinstance(values, (str, bytes, Mapping)) or isinstance(values, pd.DataFrame):
        raise InputError(field, "应为每月金额的序列（列表、数组或表格的一列）", type(values).__name__)
    if isinstance(values, pd.Series):
        series = values
    else:
        try:
            series = pd.Series(list(values), dtype=object)
        except TypeError as exc:
            raise InputError(field, "应为每月金额的序列（列表、数组或表格的一列）", values) from exc
    out = np.empty(len(series), dtype=float)
    for k, v in enumerate(series.tolist()):
        out[k] = require_number(v, f"{field}（第 {k + 1} 个月）")
        if not allow_negative and out[k] < 0:
            raise InputError(f"{field}（第 {k + 1} 个月）", "不能为负数", v)
    index = series.index if isinstance(values, pd.Series) else pd.RangeIndex(len(out))
    if _labelled(index):
        index = pd.Index([str(x) for x in index])
        if index.has_duplicates:
            raise InputError(field, "的月份有重复", str(index[index.duplicated()][0]))
    return pd.Series(out, index=index)


def _payments(item, k: int, labels: pd.Index | None, n: int) -> tuple[np.ndarray, float]:
    """把一项还款对齐到轨迹的 n 个月；返回 (每月金额, 落在窗口外的金额)。"""
    from .. import loans

    field = f"还款（第 {k} 项）"
    if isinstance(item, pd.DataFrame):
        if "还款" in item.columns and "月供" not in item.columns:      # loans.combine 的结果
            series = _as_amounts(item["还款"], field, allow_negative=False)
        else:
            series = _as_amounts(loans.combine(item)["还款"], field, allow_negative=False)
    else:
        series = _as_amounts(item, field, allow_negative=False)
    if _labelled(series.index):
        if labels is None:
            raise InputError(field, "按月份给出，可支配收入也要按月份给出（带月份索引的序列，或给 months）")
        aligned = series.reindex(labels, fill_value=0.0).to_numpy()
        outside = float(series.sum() - aligned.sum())
        if series.abs().sum() > 0 and not series.index.isin(labels).any():
            raise InputError(field, f"的月份（{series.index[0]} 起）与可支配收入的月份（{labels[0]} 起）没有重叠")
        return aligned, outside
    vals = series.to_numpy()
    aligned = np.zeros(n)
    m = min(n, len(vals))
    aligned[:m] = vals[:m]
    return aligned, float(vals[m:].sum())


def _month_list(values, field: str) -> dict[str, float]:
    """月份列表（平均分）或 {月份: 占比} 字典 → {"YYYY-MM": 占比}，占比合计为 1。"""
    from ..loans import month_label

    if isinstance(values, Mapping):
        raw = {month_label(k, field): require_number(v, f"{field}（{k}）") for k, v in values.items()}
    elif isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
        raise InputError(field, "应为月份的列表，或 {月份: 占比} 字典", values)
    else:
        months = [month_label(m, field) for m in values]
        if len(set(months)) != len(months):
            raise InputError(field, "有重复的月份", "、".join(months))
        raw = {m: 1.0 for m in months}
    if not raw:
        raise InputError(field, "至少要有一个月")
    if any(v < 0 for v in raw.values()):
        raise InputError(field, "的占比不能为负数")
    total = sum(raw.values())
    if total <= 0:
        raise InputError(field, "的占比合计应大于 0")
    return {m: v / total for m, v in raw.items()}


def seasonal_purchases(amount, buy_months, sell_months, *, terms_months: int = 0,
                       buyer_terms_months: int = 0) -> pd.Series:
    """季节性备货的现金进出：旺季前进货、按供应商账期付款、旺季卖出后收回。

    - ``amount``：这一季备货的进货成本（元）；
    - ``buy_months``：进货的月份（列表平均分，或 ``{月份: 占比}``）；
    - ``terms_months``：供应商账期（月，0 为现款）：进货后第几个月付款；
    - ``sell_months``：这批货卖出（发货）的月份（同样写法），按进货成本收回；
    - ``buyer_terms_months``：买方账期（月，0 为现款）：发货后第几个月收到货款。米厂“60 天账期”就是 2。

    返回按月份索引（``"YYYY-MM"``）的序列：付款月为负、卖出月为正，合计为 0。毛利已经在底稿的月可支配收入里，
    这里只有占用的本钱，所以只改“哪个月有钱”，不改全年挣多少。结果可作 :func:`cash_path` 的 ``stock``。
    """
    paid, received = _season_legs(amount, buy_months, sell_months, terms_months, buyer_terms_months)
    out = paid.add(received, fill_value=0.0).sort_index()
    out.index.name = "月份"
    return out


def _season_legs(amount, buy_months, sell_months, terms_months, buyer_terms_months) -> tuple[pd.Series, pd.Series]:
    """一季备货的两条腿：付给供应商的（负）和收回来的（正），各自按月份，不相抵。"""
    from ..errors import require_int, require_non_negative

    cost = require_non_negative(amount, "备货金额")
    lag = require_int(terms_months, "供应商账期（月）", minimum=0, maximum=24)
    collect = require_int(buyer_terms_months, "买方账期（月）", minimum=0, maximum=24)
    buys = _month_list(buy_months, "进货月份")
    sells = _month_list(sell_months, "卖出月份")
    paid: dict[str, float] = {}
    for m, share in buys.items():
        when = str(pd.Period(m, freq="M") + lag)
        paid[when] = paid.get(when, 0.0) - cost * share
    first_buy = min(buys)
    received: dict[str, float] = {}
    for m, share in sells.items():
        if m < first_buy:
            raise InputError("卖出月份", f"早于第一次进货的月份 {first_buy}", m)
        when = str(pd.Period(m, freq="M") + collect)
        received[when] = received.get(when, 0.0) + cost * share
    return pd.Series(paid, dtype=float), pd.Series(received, dtype=float)


def first_met(values, threshold, *, consecutive: int = 2, field: str = "指标") -> str | None:
    """放款条件（或预警条件）第一次满足的月份：``values`` 按月（``{月份: 数}`` 或带月份索引的序列）
    连续 ``consecutive`` 个月不低于 ``threshold`` 时，返回其中最后一个月（"YYYY-MM"）；一直没满足返回 None。

    条件和轨迹必须用同一个口径：比如“剔除季节后的销量”，就把剔除季节后的序列传进来
    （:meth:`Worksheet.deseasonalise`），不要拿当月原数去比一个按全年平均定的门槛。
    """
    from ..errors import require_int
    from ..loans import month_label

    level = require_number(threshold, "门槛")
    k = require_int(consecutive, "连续月数", minimum=1, maximum=24)
    if isinstance(values, pd.Series):
        items = list(values.items())
    elif isinstance(values, Mapping):
        items = list(values.items())
    else:
        raise InputError(field, "应为 {月份: 数} 字典或按月份索引的序列", values)
    if not items:
        raise InputError(field, "不能为空，至少要有一个月")
    series = sorted((month_label(m, f"{field}的月份"), require_number(v, f"{field}（{m}）")) for m, v in items)
    months = [m for m, _v in series]
    if len(set(months)) != len(months):
        raise InputError(f"{field}的月份", "有重复", "、".join(months))
    run = 0
    for i, (m, v) in enumerate(series):
        gap = i > 0 and (pd.Period(m, freq="M") - pd.Period(series[i - 1][0], freq="M")).n != 1
        run = 0 if v < level else (1 if gap else run + 1)
        if run >= k:
            return m
    return None


def _per_month(values, field: str, labels: pd.Index | None, n: int, *, align: bool = False) -> np.ndarray:
    """``other`` / ``stock``：与收入等长的序列、{月份或期数: 金额} 字典，或带月份索引的序列（按月份对齐）。"""
    if align and isinstance(values, pd.Series) and _labelled(values.index):
        if labels is None:
            raise InputError(field, "按月份给出，可支配收入也要按月份给出（带月份索引的序列，或给 months）")
        values = {str(k): v for k, v in values.items()}
        values = {k: v for k, v in values.items() if k in set(labels)}   # 落在轨迹之外的月份不计入
    if isinstance(values, Mapping):
        out = np.zeros(n)
        if labels is None:
            for key, value in values.items():
                pos = key if isinstance(key, (int, np.integer)) and not isinstance(key, bool) else None
                if pos is None or not 1 <= pos <= n:
                    raise InputError(field, f"的键应为 1 到 {n} 的期数", key)
                out[pos - 1] = require_number(value, f"{field}（{key}）")
        else:
            where = {label: i for i, label in enumerate(labels)}
            for key, value in values.items():
                if str(key) not in where:
                    raise InputError(field, "的月份不在轨迹之内", key)
                out[where[str(key)]] = require_number(value, f"{field}（{key}）")
        return out
    series = _as_amounts(values, field, allow_negative=True)
    if len(series) != n:
        raise InputError(field, f"的月数应与可支配收入相同（{n} 个月）", len(series))
    return series.to_numpy()


def cash_path(start_cash, inflows, *payments, other=None, months=None, stock=None) -> CashPath:
    """逐月现金轨迹：``账上现金_t = 期初现金 + Σ_{s≤t}（可支配收入_s − 还款_s + 其他收支_s）``。

    参数
    ----
    start_cash : 期初账上现金（元），即第 1 个月月初的现金与存款。
    inflows : 每月可支配收入（元，可为负：淡季、停产月份入不敷出）。列表、数组，或带月份索引的
        Series（如 ``pd.Series([...], index=["2025-02", ...])``）；轨迹的月份数就是它的长度。
    payments : 零项、一项或几项还款，各项相加：

        - :func:`coursekit.loans.schedule` / :func:`~coursekit.loans.prepay` 生成的表：有“还款日”时按月份对齐
          （收入要带月份），没有时第 1 期对齐第 1 个月；含提前还款，不含放款时的一次性费用；
        - :func:`coursekit.loans.combine` 的结果，或带月份索引的 Series：按月份对齐；
        - 普通的金额序列：第 1 个数对齐第 1 个月。

        落在轨迹月份之外的还款不计入，合计记在 ``payments_outside``。
    other : 其他收支（元，流入为正、流出为负），如老板注资、大额设备款：与收入同样长的序列，
        或 ``{月份: 金额}`` 字典。
    months : 月份标签，与 ``inflows`` 一样长；给出时覆盖 ``inflows`` 自带的索引。
    stock : 备货占款（元，付给供应商为负、卖出收回为正），通常是 :func:`seasonal_purchases` 的结果（按月份对齐，
        落在轨迹之外的月份不计入）；写法同 ``other``，在结果表里单列为“备货占款”。

    返回 :class:`CashPath`：``table``（可支配收入、还款、[其他收支]、当月结余、账上现金）、最低点及其月份、
    为负的月数、期末现金。

    >>> cp = cash_path(50_000, [20_000, -10_000, 30_000], [25_000, 25_000, 25_000])
    >>> cp.table["账上现金"].tolist(), cp.lowest, cp.lowest_month
    ([45000.0, 10000.0, 15000.0], 10000.0, 2)
    """
    cash0 = require_number(start_cash, "期初现金")
    flow = _as_amounts(inflows, "可支配收入", allow_negative=True)
    n = len(flow)
    if n == 0:
        raise InputError("可支配收入", "不能为空，至少要有一个月")
    if months is not None:
        if isinstance(months, (str, bytes)) or not hasattr(months, "__iter__") or isinstance(months, Mapping):
            raise InputError("月份", "应为月份的序列，如 [\"2025-02\", \"2025-03\"]", months)
        labels = pd.Index([str(m) for m in months])
        if len(labels) != n:
            raise InputError("月份", f"个数应与可支配收入的月数 {n} 相同", len(labels))
        if labels.has_duplicates:
            raise InputError("月份", "有重复", str(labels[labels.duplicated()][0]))
        flow.index = labels
    labels = flow.index if _labelled(flow.index) else None

    pay = np.zeros(n)
    outside = 0.0
    for k, item in enumerate(payments, start=1):
        aligned, out = _payments(item, k, labels, n)
        pay = pay + aligned
        outside += out

    extra = None if other is None else _per_month(other, "其他收支", labels, n)
    stocked = None if stock is None else _per_month(stock, "备货占款", labels, n, align=True)

    inflow = flow.to_numpy()
    net = inflow - pay
    if extra is not None:
        net = net + extra
    if stocked is not None:
        net = net + stocked
    balance = cash0 + np.cumsum(net)
    index = pd.Index(list(labels), name="月份") if labels is not None else pd.Index(range(1, n + 1), name="期数")
    data = {"可支配收入": inflow, "还款": pay}
    if extra is not None:
        data["其他收支"] = extra
    if stocked is not None:
        data["备货占款"] = stocked
    data.update({"当月结余": net, "账上现金": balance})
    table = pd.DataFrame(data, index=index)
    low = int(np.argmin(balance))
    lowest_month = index[low]
    if isinstance(lowest_month, np.integer):
        lowest_month = int(lowest_month)
    return CashPath(table=table, start_cash=cash0, lowest=float(balance[low]), lowest_month=lowest_month,
                    negative_months=int((balance < 0).sum()), end_cash=float(balance[-1]),
                    payments_outside=round(outside, 2) if abs(outside) > 0.005 else 0.0)


@dataclass(frozen=True)
class LateReceipt:
    """一笔说好要来的钱晚到、少到时的现金测试结果（:func:`late_receipt`）。

    ``plans``：每种还款安排一行（最低现金、最低月份、为负月数、期末现金、周期内还款）；
    ``paths``：{安排: :class:`CashPath`}；``received``：在轨迹之内到账的金额；``arrival``：到账的月份序号
    （从 1 起；落到轨迹之外为 None）；``outside``：落到轨迹之外、没有计入的金额。
    """

    plans: pd.DataFrame
    paths: dict
    received: float
    arrival: int | None
    outside: float


def late_receipt(start_cash, inflows, plans, *, amount, month, delay: int = 0, share: float = 1.0) -> LateReceipt:
    """一笔说好要来的钱（验收后拨付的补贴、保险赔款、退回的押金）晚到 ``delay`` 个月、只到 ``share`` 成时，
    每种还款安排下账上现金最低到多少。

    - ``inflows``：每月经营现金（元，可为负；第 1 个数是第 1 个月），放款、自付的改造款等一次性收支也写在里面；
    - ``plans``：{安排名: 还款计划}，还款计划是 :func:`coursekit.loans.custom_schedule` / ``schedule`` 的表
      （不带还款日，第 1 期对齐第 1 个月）或逐月还款额的列表；
    - ``amount``：说好的金额，``month``：说好到账的月份序号（从 1 起）；实际到账 ``amount × share``，
      在第 ``month + delay`` 个月；落到轨迹之外的不计入，记在 ``outside``。

    >>> r = late_receipt(0, [10, 10, 10], {"第 2 月还 50": [0, 50, 0]}, amount=40, month=2, delay=1)
    >>> r.plans["最低现金"].tolist(), r.arrival
    ([-30.0], 3)
    """
    flow = _as_amounts(inflows, "每月经营现金", allow_negative=True)
    n = len(flow)
    if n == 0:
        raise InputError("每月经营现金", "不能为空，至少要有一个月")
    if n > 120:
        raise InputError("每月经营现金", "最多 120 个月", n)
    total = require_non_negative(amount, "说好的金额")
    if total > 1e10:
        raise InputError("说好的金额", "超过 100 亿元，请检查单位是否为元", amount)
    due = require_int(month, "说好的到账月份", minimum=1, maximum=n)
    late = require_int(delay, "晚到（月）", minimum=0, maximum=60)
    part = require_fraction(share, "实际到账比例")
    if not isinstance(plans, Mapping) or not plans:
        raise InputError("还款安排", "应为 {安排名: 还款计划} 的字典，至少一种", type(plans).__name__)
    got = round(total * part, 2)
    at = due + late
    other = np.zeros(n)
    if at <= n:
        other[at - 1] = got
    table, paths = _plans_table({name: (plan, other) for name, plan in plans.items()},
                                lambda plan, extra: cash_path(require_number(start_cash, "期初现金"), flow.to_numpy(),
                                                              plan, other=extra))
    return LateReceipt(plans=table, paths=paths, received=got if at <= n else 0.0,
                       arrival=at if at <= n else None, outside=0.0 if at <= n else got)


def _plans_table(plans: Mapping, run) -> tuple[pd.DataFrame, dict]:
    """每种还款安排跑一条现金轨迹（``run(还款计划, 其他收支)``），汇成一行一种安排的比较表。"""
    rows, paths = [], {}
    for name, (plan, extra) in plans.items():
        cp = run(plan, extra)
        paths[str(name)] = cp
        rows.append({"还款安排": str(name), "最低现金": cp.lowest, "最低月份": cp.lowest_month,
                     "为负月数": cp.negative_months, "期末现金": cp.end_cash, "周期内还款": cp.total_payments})
    return pd.DataFrame(rows), paths


@dataclass(frozen=True)
class SeasonPlans:
    """同一季收购、几种还款安排的现金比较（:func:`season_plans`）。

    ``plans``：每种安排一行（最低现金、最低月份、为负月数、期末现金、周期内还款）；``paths``：{安排: :class:`CashPath`}；
    ``stock``：这一季收购的现金进出（:func:`seasonal_purchases` 的结果）；``margin``：给了毛利率时，每月多进的毛利
    （按回款月份，已计入轨迹的可支配收入）。
    """

    plans: pd.DataFrame
    paths: dict
    stock: pd.Series = field(repr=False)
    margin: pd.Series | None = field(default=None, repr=False)

    def worst(self) -> str:
        """最低现金最低的那种安排。"""
        return str(self.plans.loc[self.plans["最低现金"].idxmin(), "还款安排"])


def season_plans(start_cash, operating, plans, *, amount, buy_months, sell_months, terms_months: int = 0,
                 buyer_terms_months: int = 0, gross_margin: float | None = None,
                 price_change: float = 0.0) -> SeasonPlans:
    """收购季的还款安排比较：旺季前收购（:func:`seasonal_purchases`），发货后按买方账期回款，几种还款计划各跑一条
    现金轨迹（:func:`cash_path`），看哪一种在哪个月把账打穿。

    - ``operating``：不含收购款和贷款的每月经营收支（元，可为负），带月份索引的 Series 或 ``{月份: 金额}``；
    - ``plans``：{安排名: 还款计划} 或 {安排名: (还款计划, {月份: 其他收支})}。还款计划带“还款日”
      （:func:`coursekit.loans.schedule` / ``custom_schedule`` 给了 ``start`` 的表），按月份对齐；
      其他收支写放款到账（扣掉放款时的费用后的实收）之类一次性的钱；
    - 其余参数同 :func:`seasonal_purchases`。
    - ``gross_margin``：这一季货的毛利率。给出时，卖出那部分在回款月份多进 成本 ×［(1 ＋ 毛利率)(1 ＋ ``price_change``) − 1］
      （价格跌得多时为负），``operating`` 里就不要再含这一季的毛利；比较表多一列“比不收这一季多落下”
      ＝ 期末现金 −（期初现金 ＋ 经营收支合计），即这一季的毛利减去贷款的本息费用（贷款要在期内还清才可比）。
      不给时毛利被当作已经在 ``operating`` 里。

    >>> r = season_plans(100, {"2025-01": 0, "2025-02": 0, "2025-03": 0},
    ...                  {"现款还": [0, 50, 0]}, amount=100, buy_months=["2025-01"], sell_months=["2025-02"],
    ...                  buyer_terms_months=1)
    >>> r.plans["最低现金"].tolist(), r.plans["最低月份"].tolist()
    ([-50.0], ['2025-02'])
    """
    if isinstance(operating, Mapping):
        operating = pd.Series({str(k): v for k, v in operating.items()}, dtype=object)
    flow = monthly_amounts(operating, "每月经营收支", allow_negative=True)
    if not isinstance(plans, Mapping) or not plans:
        raise InputError("还款安排", "应为 {安排名: 还款计划} 的字典，至少一种", type(plans).__name__)
    cash0 = require_number(start_cash, "期初现金")
    stock = seasonal_purchases(amount, buy_months, sell_months, terms_months=terms_months,
                               buyer_terms_months=buyer_terms_months)
    months = list(flow.index)
    margin = pd.Series(0.0, index=flow.index)
    if gross_margin is not None or price_change:
        gm = 0.0 if gross_margin is None else require_number(gross_margin, "毛利率")
        if not -0.5 <= gm <= 1.0:
            raise InputError("毛利率", "应在 -50% 到 100% 之间", gross_margin)
        pc = require_number(price_change, "价格变动")
        if not -0.9 <= pc <= 1.0:
            raise InputError("价格变动", "应在 -90% 到 +100% 之间", price_change)
        _paid, back = _season_legs(amount, buy_months, sell_months, terms_months, buyer_terms_months)
        extra = back * ((1 + gm) * (1 + pc) - 1)
        margin = extra.reindex(flow.index, fill_value=0.0)
        flow = flow + margin.to_numpy()
    pairs = {name: (plan if isinstance(plan, tuple) else (plan, None)) for name, plan in plans.items()}
    for name, pair in pairs.items():
        if len(pair) != 2:
            raise InputError("还款安排", f"“{name}”应为还款计划，或（还款计划, {{月份: 其他收支}}）", len(pair))
    table, paths = _plans_table(pairs, lambda plan, extra: cash_path(cash0, flow.to_numpy(), plan, other=extra,
                                                                     months=months, stock=stock))
    if gross_margin is not None:
        table["比不收这一季多落下"] = table["期末现金"] - (cash0 + float((flow - margin).sum()))
    return SeasonPlans(plans=table, paths=paths, stock=stock, margin=margin)


@dataclass(frozen=True)
class LoanHindsight:
    """同一个还款能力测算，放回到真实发生的月份里再看一遍（:func:`loan_hindsight`）。

    ``cap``：月供上限（元/月）＝ 测算时预计的月均可支配收入 × 月供上限比例；``room``：扣掉已有贷款月供后
    留给这笔贷款的月供（元/月，不为负）；``max_loan``：按这个月供反推的最高可贷金额（元）；
    ``table``：每个方案一行（本金、月供、测算结论、月供合计占月均可支配收入（含已有贷款）、最紧月份、最低账上现金、为负月数、
    期末现金）；``paths``：{方案: :class:`CashPath`}，按实际月份逐月走出来的账上现金。
    """

    cap: float
    room: float
    max_loan: float
    expected_monthly: float
    table: pd.DataFrame = field(repr=False)
    paths: dict = field(repr=False)


def loan_hindsight(expected, loans, *, annual_rate, months, start_cash, actual=None, existing_payment=0.0,
                   max_share: float = 0.6, method: str = "等额本息") -> LoanHindsight:
    """还款能力测算的“事后回看”：按测算时预计的收入判断每个方案过不过，再按实际发生的收入逐月走一遍现金。

    - ``expected``：测算时预计的每月可支配收入（元，可为负），测算只用它的月均数；
    - ``loans``：{方案名: 本金（元）}，如 ``{"申请的 50 万元": 500_000, "批的 20 万元": 200_000}``；
    - ``annual_rate``、``months``、``method``：贷款条件，月供由 :func:`coursekit.loans.schedule` 算；
    - ``start_cash``：期初账上现金（元）；一个数对所有方案相同，或 {方案名: 金额}——借得多、自己投进去的
      积蓄也多时，各方案的期初现金不一样；
    - ``actual``：实际发生的每月可支配收入（元，带月份索引的 Series 或序列）；不给时等于 ``expected``，
      即向前看的测算；
    - ``existing_payment``：已有贷款的月供（元/月），测算时从月供上限里扣掉，现金轨迹里每月照付；
    - ``max_share``：月供上限比例，默认 0.6（常见内部做法在 0.5–0.7 之间，不是监管规定）。

    测算结论：月供 ≤ 留给这笔贷款的月供为“通过”，否则“不通过”。现金轨迹的口径同 :func:`cash_path`。

    >>> r = loan_hindsight([10_000, 10_000], {"甲": 100_000}, annual_rate=0, months=20, start_cash=0,
    ...                    actual=[2_000, 10_000])
    >>> r.cap, r.max_loan, r.table["测算结论"].tolist(), r.table["最低账上现金"].tolist()
    (6000.0, 120000.0, ['通过'], [-3000.0])
    """
    from ..loans import max_principal, payment_for, schedule

    payment_for(1.0, annual_rate, months, method)      # 先检查贷款条件（利率、期限、还款方式）
    plan = _as_amounts(expected, "预计每月可支配收入", allow_negative=True)
    if len(plan) == 0:
        raise InputError("预计每月可支配收入", "不能为空，至少要有一个月")
    if len(plan) > 120:
        raise InputError("预计每月可支配收入", "最多 120 个月", len(plan))
    real = plan if actual is None else _as_amounts(actual, "实际每月可支配收入", allow_negative=True)
    n = len(real)
    if n == 0:
        raise InputError("实际每月可支配收入", "不能为空，至少要有一个月")
    if n > 120:
        raise InputError("实际每月可支配收入", "最多 120 个月", n)
    share = require_fraction(max_share, "月供上限比例", low=0.01)
    existing = require_non_negative(existing_payment, "已有贷款月供")
    if existing > 1e9:
        raise InputError("已有贷款月供", "超过每月 10 亿元，请检查单位是否为元", existing_payment)
    if not isinstance(loans, Mapping) or not loans:
        raise InputError("贷款方案", "应为 {方案名: 本金} 的字典，至少一个方案", type(loans).__name__)
    if isinstance(start_cash, Mapping):
        missing = [str(k) for k in loans if k not in start_cash]
        if missing:
            raise InputError("期初现金", "缺少这些方案的期初现金：" + "、".join(missing))
        cash0 = {k: require_number(start_cash[k], f"期初现金（{k}）") for k in loans}
    else:
        one = require_number(start_cash, "期初现金")
        cash0 = {k: one for k in loans}

    mean = float(plan.mean())
    cap = max(0.0, mean * share)
    room = max(0.0, cap - existing)
    rows, paths = [], {}
    max_loan = None
    for name, principal in loans.items():
        p = require_non_negative(principal, f"本金（{name}）")
        if p > 1e10:
            raise InputError(f"本金（{name}）", "超过 100 亿元，请检查单位是否为元", principal)
        if p > 0:
            sched = schedule(p, annual_rate, months, method)
            pays = sched["月供"].to_numpy(dtype=float)[:n]
            pay1 = float(sched["月供"].iloc[0])
        else:
            pays, pay1 = np.zeros(0), 0.0
        if max_loan is None:
            max_loan = 0.0 if room <= 0 else float(max_principal(room, annual_rate, months, method))
        pay = np.zeros(n)
        pay[:len(pays)] = pays
        cp = cash_path(cash0[name], real, pay + existing)
        paths[str(name)] = cp
        rows.append({"方案": str(name), "本金": p, "月供": pay1,
                     "测算结论": "通过" if pay1 <= room + 0.005 else "不通过",
                     "月供合计占月均可支配收入": None if mean <= 0 else (pay1 + existing) / mean,
                     "最紧月份": cp.lowest_month, "最低账上现金": cp.lowest, "为负月数": cp.negative_months,
                     "期末现金": cp.end_cash})
    return LoanHindsight(cap=cap, room=room, max_loan=float(max_loan), expected_monthly=mean,
                         table=pd.DataFrame(rows), paths=paths)
