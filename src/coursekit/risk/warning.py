"""贷后预警：现场信号（信贷员记录的标记）与数据信号（由月度序列计算），给出证据与逐级升级的处置建议。

信号清单取自小微贷款贷后管理的常见预警信号：水电气用量下降、停产或半停产、裁员、设备闲置、账户流入下降、
大额不明流出、新增诉讼/被执行/行政处罚、他行新增负债（征信查询激增、多头借贷）、实际控制人健康/婚变/赌博/失联、
担保人出现问题、资金未按约定用途使用。数据信号的阈值（下降 30% 等）是行内参数，可按本行制度调整。

处置建议按最高严重度与信号数量逐级升级：正常监测 → 加强监测 → 控制风险敞口 → 增加保障 → 离场。
逾期和五级分类（关注及以下）本身也是信号。

按月回放（:func:`warning_history`）时，预警不会自己消失：一个信号亮起后一直计入，直到有一条核实记录
（谁、哪个月、核实了什么）把它解除；没有解除记录时，处置等级只升不降。
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

import numpy as np
import pandas as pd

from ..errors import InputError, require_flag, require_fraction, require_int, require_number

__all__ = ["ONSITE_SIGNALS", "DATA_SIGNALS", "SERIES_COLUMNS", "ACTION_LEVELS", "PROFILE_INFO_KEYS", "WarningParams",
           "WarningReport", "WarningHistory", "series_from_transactions", "early_warning", "warning_history"]

#: 现场信号：代码 → (中文名称, 严重度 1 低 / 2 中 / 3 高)
ONSITE_SIGNALS: dict[str, tuple[str, int]] = {
    "stopped_production": ("停产或半停产", 3),
    "idle_equipment": ("设备闲置", 2),
    "staff_cut_observed": ("现场看到明显裁员", 2),
    "lawsuit": ("新增诉讼、被执行或行政处罚", 3),
    "owner_health": ("实际控制人重大疾病", 2),
    "owner_divorce": ("实际控制人婚变", 2),
    "owner_gambling": ("实际控制人涉赌", 3),
    "owner_missing": ("实际控制人失联", 3),
    "guarantor_trouble": ("担保人经营或涉诉出现问题", 2),
    "misused_funds": ("资金未按约定用途使用", 3),
}

#: 月度序列的列：代码 → 中文名（输入表用中文列名或代码均可）
SERIES_COLUMNS: dict[str, str] = {
    "month": "月份",
    "utilities": "水电用量",
    "inflow": "账户流入",
    "outflow": "账户流出",
    "unexplained_outflow": "不明大额流出",
    "staff": "员工人数",
    "credit_inquiries": "征信查询次数",
    "other_lenders": "他行借款机构数",
    "overdue_days": "逾期天数",
    "category": "五级分类",
}

#: 借款人档案里可以出现的说明性字段（不是信号）；其他键必须是 :data:`ONSITE_SIGNALS` 的代码或中文名
PROFILE_INFO_KEYS: tuple[str, ...] = ("借款人", "名称", "姓名", "实际控制人", "行业", "客户编号", "地址", "客户经理")

#: 数据信号：代码 → (中文名称, 严重度)
DATA_SIGNALS: dict[str, tuple[str, int]] = {
    "utilities_drop": ("水电用量下降", 2),
    "inflow_drop": ("账户流入下降", 2),
    "unexplained_outflow": ("大额不明流出", 3),
    "staff_drop": ("员工人数减少", 2),
    "inquiry_surge": ("征信查询激增", 2),
    "new_lenders": ("他行新增借款（多头借贷）", 3),
    "overdue": ("本息逾期", 2),
    "overdue_90": ("逾期超过 90 天", 3),
    "classified_watch": ("五级分类为关注", 2),
    "classified_npl": ("五级分类为不良", 3),
}

#: 处置等级：等级 → (名称, 建议措施)。等级越高，措施越严，并包含低等级的措施。
ACTION_LEVELS: dict[int, tuple[str, tuple[str, ...]]] = {
    0: ("正常监测", ("按贷后检查频率正常走访",)),
    1: ("加强监测", ("24 小时内电话或上门核实原因", "提高走访频率，每月至少一次现场检查", "列入重点关注名单")),
    2: ("控制风险敞口", ("暂停新增提款（冻结未用额度）", "压缩授信额度，到期不再续贷")),
    3: ("增加保障", ("要求追加担保或抵押物", "与借款人约定还款计划，分期压降本金")),
    4: ("离场", ("依合同宣布贷款提前到期，要求提前归还", "启动清收，必要时诉讼并申请财产保全")),
}


@dataclass(frozen=True)
class WarningParams:
    """数据信号的阈值（行内参数，教学默认值）。

    近期窗口 ``recent_months`` 的月均值与之前 ``base_months`` 个月的月均值比较。
    """

    recent_months: int = 3
    base_months: int = 6
    utilities_drop: float = 0.30
    inflow_drop: float = 0.30
    staff_drop: float = 0.20
    unexplained_outflow_share: float = 0.20   # 不明流出占同月流入的比例
    inquiry_count: int = 4                    # 近期窗口内征信查询次数
    inquiry_ratio: float = 2.0                # 或达到之前月均的倍数
    new_lenders: int = 1                      # 他行借款机构数增加几家

    def __post_init__(self):
        require_int(self.recent_months, "近期月数", minimum=1, maximum=12)
        require_int(self.base_months, "基期月数", minimum=1, maximum=24)
        for name, label in [("utilities_drop", "水电用量下降阈值"), ("inflow_drop", "账户流入下降阈值"),
                            ("staff_drop", "员工减少阈值"), ("unexplained_outflow_share", "不明流出占比阈值")]:
            if require_fraction(getattr(self, name), label) <= 0:
                raise InputError(label, "应大于 0（阈值为 0 会把每个月都判为信号）", getattr(self, name))
        require_int(self.inquiry_count, "征信查询次数阈值", minimum=1)
        require_number(self.inquiry_ratio, "征信查询倍数")
        require_int(self.new_lenders, "新增借款机构数阈值", minimum=1)


@dataclass(frozen=True)
class WarningReport:
    """预警结果：信号表（信号、来源、严重度、证据）、处置等级与建议措施。"""

    signals: pd.DataFrame
    level: int
    level_name: str
    actions: tuple[str, ...] = field(default_factory=tuple)

    @property
    def summary(self) -> str:
        if self.signals.empty:
            return "未发现预警信号，按正常频率贷后检查。"
        return (f"发现 {len(self.signals)} 个预警信号，最高严重度 {int(self.signals['严重度'].max())}，"
                f"处置等级：{self.level_name}。")


def _read_series(series: pd.DataFrame | None) -> pd.DataFrame | None:
    if series is None:
        return None
    if not isinstance(series, pd.DataFrame):
        raise InputError("月度序列", "应为 DataFrame（每月一行）", type(series).__name__)
    back = {v: k for k, v in SERIES_COLUMNS.items()}
    df = series.rename(columns=back)
    unknown = [c for c in df.columns if c not in SERIES_COLUMNS]
    if unknown:
        raise InputError("月度序列", "有无法识别的列；可用列：" + "、".join(SERIES_COLUMNS.values()), unknown[0])
    if "month" in df.columns:
        df = df.sort_values("month").reset_index(drop=True)
    for col in df.columns:
        if col == "month":
            continue
        if col == "category":
            from .classification import CATEGORIES
            cats = df[col].where(df[col].notna(), None)
            bad = [c for c in cats if c is not None and c not in CATEGORIES]
            if bad:
                raise InputError("五级分类", "应为正常、关注、次级、可疑、损失之一", bad[0])
            continue
        vals = pd.to_numeric(df[col], errors="coerce")
        if vals.isna().all():
            raise InputError(SERIES_COLUMNS[col], "全部为空或非数字")
        if (vals < 0).any():
            raise InputError(SERIES_COLUMNS[col], "不能为负数", float(vals.min()))
        df[col] = vals
    return df


def _windows(s: pd.Series, p: WarningParams) -> tuple[float, float] | None:
    s = s.dropna()
    if len(s) < p.recent_months + 1:
        return None
    recent = s.iloc[-p.recent_months:]
    base = s.iloc[:-p.recent_months].iloc[-p.base_months:]
    return float(recent.mean()), float(base.mean())


def _fmt(x: float) -> str:
    if abs(x) >= 100 or float(x).is_integer():
        return f"{x:,.0f}"
    return f"{x:,.1f}"


def _data_signals(df: pd.DataFrame, p: WarningParams) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    r, b = p.recent_months, p.base_months

    def add(code: str, evidence: str) -> None:
        name, sev = DATA_SIGNALS[code]
        found.append({"信号": name, "来源": "数据", "严重度": sev, "证据": evidence, "代码": code})

    for code, col, thr in [("utilities_drop", "utilities", p.utilities_drop), ("inflow_drop", "inflow", p.inflow_drop),
                           ("staff_drop", "staff", p.staff_drop)]:
        if col not in df.columns:
            continue
        w = _windows(df[col], p)
        if w is None:
            continue
        recent, base = w
        if base > 0 and recent <= base * (1 - thr):
            drop = 1 - recent / base
            add(code, f"近 {r} 个月月均{SERIES_COLUMNS[col]} {_fmt(recent)}，此前 {b} 个月月均 {_fmt(base)}，"
                      f"下降 {drop * 100:.0f}%（阈值 {thr * 100:.0f}%）")

    if "unexplained_outflow" in df.columns:
        tail = df.iloc[-p.recent_months:]
        un = tail["unexplained_outflow"].fillna(0.0)
        if "inflow" in df.columns:
            base_in = tail["inflow"].where(tail["inflow"] > 0)
            share = un / base_in
            hit = (share >= p.unexplained_outflow_share) & (un > 0)
        else:
            share = None
            hit = un > 0
        if hit.any():
            i = hit[hit].index[0]
            when = str(tail.loc[i, "month"])[:7] if "month" in tail.columns else f"第 {i + 1} 期"
            extra = f"，占当月流入 {float(share[i]) * 100:.0f}%" if share is not None else ""
            add("unexplained_outflow", f"{when} 不明大额流出 {_fmt(float(un[i]))} 元{extra}")

    if "credit_inquiries" in df.columns:
        q = df["credit_inquiries"].fillna(0.0)
        recent_sum = float(q.iloc[-p.recent_months:].sum())
        base = q.iloc[:-p.recent_months].iloc[-p.base_months:]
        base_mean = float(base.mean()) if len(base) else 0.0
        surge = recent_sum >= p.inquiry_count or (base_mean > 0 and recent_sum / p.recent_months >=
                                                 p.inquiry_ratio * base_mean)
        if surge and recent_sum > 0:
            add("inquiry_surge", f"近 {r} 个月征信查询 {recent_sum:.0f} 次，此前月均 {base_mean:.1f} 次")

    if "overdue_days" in df.columns:
        od = df["overdue_days"].dropna()
        if len(od) and float(od.iloc[-1]) > 0:
            days = float(od.iloc[-1])
            add("overdue_90" if days > 90 else "overdue", f"月末逾期 {days:.0f} 天")
    if "category" in df.columns:
        cat = df["category"].dropna()
        if len(cat) and cat.iloc[-1] != "正常":
            from .classification import NPL_CATEGORIES
            add("classified_npl" if cat.iloc[-1] in NPL_CATEGORIES else "classified_watch",
                f"月末五级分类为{cat.iloc[-1]}")

    if "other_lenders" in df.columns:
        o = df["other_lenders"].dropna()
        if len(o) > p.recent_months:
            before = float(o.iloc[:-p.recent_months].iloc[-1])
            now = float(o.iloc[-1])
            if now - before >= p.new_lenders:
                add("new_lenders", f"他行借款机构由 {before:.0f} 家增至 {now:.0f} 家")
    return found


_NEGATIVE_START = ("无", "没", "未", "否", "不")


def _onsite_signals(profile: Mapping[str, Any]) -> list[dict[str, Any]]:
    """现场信号：值为 True/是（出现）、False/否/无（未出现），或一句证据描述（出现，证据即这句话）。

    键必须是信号的代码或中文名，或 :data:`PROFILE_INFO_KEYS` 中的说明性字段；其他键报错，免得写错的信号名被悄悄忽略。
    以否定词开头的描述（“没看到停产”）有歧义，报错，请改答“否”。
    """
    by_label = {label: code for code, (label, _) in ONSITE_SIGNALS.items()}
    found = []
    for key, value in profile.items():
        code = key if key in ONSITE_SIGNALS else by_label.get(key)
        if code is None:
            if key in PROFILE_INFO_KEYS:
                continue   # 姓名、行业等说明，不是信号
            raise InputError("借款人档案", "有无法识别的信号名；可用信号：" + "、".join(by_label)
                             + "；说明性字段：" + "、".join(PROFILE_INFO_KEYS), key)
        label, sev = ONSITE_SIGNALS[code]
        if value is None or (isinstance(value, float) and np.isnan(value)):
            continue
        evidence = "现场检查记录"
        try:
            present = require_flag(value, label)
        except InputError:
            if not isinstance(value, str) or not value.strip():
                raise
            text = value.strip()           # 一句证据描述：视为出现
            if text.startswith(_NEGATIVE_START):
                raise InputError(label, "的描述以否定词开头，无法判断是否出现；未出现请填“否”，出现请填“是”或写明证据",
                                 value) from None
            present, evidence = True, text
        if present:
            found.append({"信号": label, "来源": "现场", "严重度": sev, "证据": evidence, "代码": code})
    return found


_DATA_ORDER = ("utilities_drop", "inflow_drop", "staff_drop", "unexplained_outflow", "inquiry_surge", "new_lenders",
               "overdue", "overdue_90", "classified_watch", "classified_npl")
_ORDER = {code: k for k, code in enumerate(tuple(ONSITE_SIGNALS) + _DATA_ORDER)}


def _sorted(signals: pd.DataFrame) -> pd.DataFrame:
    """严重度从高到低；同一严重度先数据、后现场，再按信号清单的顺序。"""
    key = signals["代码"].map(_ORDER)
    return (signals.assign(_k=key).sort_values(["严重度", "来源", "_k"], ascending=[False, True, True], kind="stable")
            .drop(columns="_k").reset_index(drop=True))


def _level(signals: pd.DataFrame) -> int:
    if signals.empty:
        return 0
    sev = signals["严重度"].to_numpy()
    top = int(sev.max())
    n_high = int((sev >= 3).sum())
    n = len(sev)
    if n_high >= 2 or (top >= 3 and n >= 4):
        return 4
    if top >= 3 or n >= 3:
        return 3
    if top >= 2 or n >= 2:
        return 2
    return 1


def early_warning(profile: Mapping[str, Any] | None = None, series: pd.DataFrame | None = None, *,
                  params: WarningParams = WarningParams()) -> WarningReport:
    """对一户借款人运行预警规则。

    ``profile``：借款人档案，现场信号以 :data:`ONSITE_SIGNALS` 的代码或中文名为键，值为 True/是、False/否，
    或一句证据描述（视为出现）；说明性字段只能用 :data:`PROFILE_INFO_KEYS`，其他键报错。
    ``series``：月度序列，列见 :data:`SERIES_COLUMNS`（中文列名或代码均可），按月份升序，至少比近期窗口多一个月；
    有“逾期天数”“五级分类”列时，最后一个月逾期（超过 90 天为高严重度）、分类为关注（中）或不良（高）也是信号。

    处置等级：两个及以上高严重度信号，或高严重度且信号达 4 个 → 离场；有高严重度信号或信号达 3 个 →
    增加保障；有中等信号或 2 个信号 → 控制风险敞口；只有低信号 → 加强监测；无信号 → 正常监测。
    """
    if profile is None and series is None:
        raise InputError("预警输入", "请至少提供借款人档案或月度序列之一")
    if profile is not None and not isinstance(profile, Mapping):
        raise InputError("借款人档案", "应为字典（信号名 → 是否出现或证据）", type(profile).__name__)
    rows = _onsite_signals(profile or {})
    df = _read_series(series)
    if df is not None:
        rows += _data_signals(df, params)
    signals = _sorted(pd.DataFrame(rows, columns=["信号", "来源", "严重度", "证据", "代码"]))
    level = _level(signals)
    actions: list[str] = []
    for lv in range(1 if level else 0, level + 1):
        actions.extend(ACTION_LEVELS[lv][1])
    return WarningReport(signals, level, ACTION_LEVELS[level][0], tuple(actions))


def series_from_transactions(transactions: pd.DataFrame, customer_id: str, *,
                             end: str | pd.Timestamp | None = None, months: int = 12) -> pd.DataFrame:
    """由账户流水汇总一户的月度序列（月份、账户流入、账户流出），供 :func:`early_warning` 使用。

    贷款发放（对方类型为“放款”）不算经营回款，不计入账户流入；没有交易的月份记 0。
    ``end`` 为最后一个月（默认取流水中的最后一个月），共 ``months`` 个月。
    """
    need = ["account_owner", "date", "direction", "amount"]
    if not isinstance(transactions, pd.DataFrame) or any(c not in transactions.columns for c in need):
        raise InputError("交易流水", "应为含 account_owner、date、direction、amount 的表")
    require_int(months, "月数", minimum=2, maximum=120)
    owner = transactions["account_owner"].astype(str) == str(customer_id)
    t = transactions.loc[owner.to_numpy()]
    if "counterparty_type" in t.columns:
        t = t[t["counterparty_type"].astype(str) != "放款"]
    last = pd.Timestamp(end) if end is not None else pd.to_datetime(transactions["date"]).max()
    if pd.isna(last):
        raise InputError("交易流水", "没有可用的交易日期")
    idx = pd.date_range(end=last.to_period("M").to_timestamp(), periods=months, freq="MS")
    month = pd.to_datetime(t["date"]).dt.to_period("M").dt.to_timestamp()
    direction = t["direction"].astype(str)
    amount = pd.to_numeric(t["amount"], errors="coerce").fillna(0.0)
    inflow = amount[(direction == "入").to_numpy()].groupby(month[(direction == "入").to_numpy()]).sum()
    outflow = amount[(direction == "出").to_numpy()].groupby(month[(direction == "出").to_numpy()]).sum()
    return pd.DataFrame({"月份": idx, "账户流入": inflow.reindex(idx, fill_value=0.0).to_numpy(),
                         "账户流出": outflow.reindex(idx, fill_value=0.0).to_numpy()})


@dataclass(frozen=True)
class WarningHistory:
    """逐月回放的结果。

    - ``table``：每个回放月份一行，索引“数据截至”（``"YYYY-MM"``），列：处置等级、建议、信号（当月仍在计入的
      全部信号，“、”相连，没有为“—”）、解除（当月经核实解除的信号，没有为“—”）；
    - ``reports``：``{月份: WarningReport}``，每个月计入的信号（含“首次出现”列）与处置等级；
    - ``clearances``：采用的核实解除记录（月份、信号、核实人、核实结论）；
    - ``first_seen``：每个出现过的信号与处置等级第一次出现的月份（列：类别、名称、首次出现），
      等级按“第一次达到或超过该级”计。
    """

    table: pd.DataFrame
    reports: Mapping[str, WarningReport] = field(repr=False)
    first_seen: pd.DataFrame = field(repr=False)
    clearances: pd.DataFrame = field(repr=False, default_factory=lambda: pd.DataFrame(columns=list(_CLEAR_COLUMNS)))

    def first_month(self, *, level: int | None = None, signal: str | None = None) -> str | None:
        """处置等级第一次达到 ``level``（含更高），或信号 ``signal``（中文名或代码）第一次出现的月份；没有则为 None。"""
        if (level is None) == (signal is None):
            raise InputError("查询", "请只给出 level（处置等级）或 signal（信号）之一")
        if level is not None:
            lv = require_int(level, "处置等级", minimum=0, maximum=max(ACTION_LEVELS))
            hit = self.table.index[self.table["处置等级"] >= lv]
            return str(hit[0]) if len(hit) else None
        name = _signal_name(signal, "信号")
        for month, report in self.reports.items():
            if name in set(report.signals["信号"]):
                return month
        return None


_CLEAR_COLUMNS = ("月份", "信号", "核实人", "核实结论")
_ALL = "全部"


def _signal_name(signal: Any, field_name: str) -> str:
    names = {code: name for code, (name, _) in {**ONSITE_SIGNALS, **DATA_SIGNALS}.items()}
    if not isinstance(signal, str) or (signal not in names and signal not in names.values()):
        raise InputError(field_name, "应为预警信号的中文名或代码", signal)
    return names.get(signal, signal)


def _read_clearances(clearances: Any, labels: list[str]) -> pd.DataFrame:
    """核实解除记录：每条要有月份、信号（中文名、代码或“全部”）、核实人、核实结论（核实了什么）。"""
    from ..loans import month_label

    if clearances is None:
        return pd.DataFrame(columns=list(_CLEAR_COLUMNS))
    if isinstance(clearances, pd.DataFrame):
        records = clearances.to_dict("records")
    elif isinstance(clearances, Mapping):
        records = [clearances]
    elif isinstance(clearances, (str, bytes)):
        raise InputError("核实解除记录", "应为记录的列表或表格（月份、信号、核实人、核实结论）", clearances)
    else:
        records = list(clearances)
    rows = []
    for k, rec in enumerate(records, 1):
        if not isinstance(rec, Mapping):
            raise InputError(f"核实解除记录（第 {k} 条）", "应为字典：月份、信号、核实人、核实结论", rec)
        missing = [c for c in _CLEAR_COLUMNS if c not in rec]
        if missing:
            raise InputError(f"核实解除记录（第 {k} 条）", "缺少" + "、".join(missing) + "：解除预警要写明谁、什么时候、核实了什么")
        who, what = rec["核实人"], rec["核实结论"]
        for col, val in (("核实人", who), ("核实结论", what)):
            if not isinstance(val, str) or not val.strip():
                raise InputError(f"核实解除记录（第 {k} 条）", f"{col}不能为空", val)
        month = month_label(rec["月份"], f"核实解除记录（第 {k} 条）月份")
        if month not in labels:
            raise InputError(f"核实解除记录（第 {k} 条）", "的月份不在月度序列之内", rec["月份"])
        sig = rec["信号"]
        name = _ALL if sig == _ALL else _signal_name(sig, f"核实解除记录（第 {k} 条）信号")
        rows.append({"月份": month, "信号": name, "核实人": who.strip(), "核实结论": what.strip()})
    return pd.DataFrame(rows, columns=list(_CLEAR_COLUMNS))


def warning_history(series: pd.DataFrame, profile: Mapping[str, Any] | None = None, *,
                    clearances: Any = None, params: WarningParams = WarningParams(), months=None,
                    start=None) -> WarningHistory:
    """把预警规则按月回放：每个月月末，只用截至当月的数据运行一次 :func:`early_warning`，
    并把亮起的信号**一直计入**，直到核实解除。

    用来回答“数据最早在哪个月就该亮灯”“哪个信号先出现”——复盘一笔出了问题的贷款时，
    把实际采取行动的时点和数据第一次要求行动的时点放在一起比。

    预警不会自己消失：不明流出这类信号只在近期窗口里看得见，三个月后数据上“消失”了，钱并没有回来。
    所以信号一旦出现就保留（证据取最近一次看到时的），处置等级只升不降；只有 ``clearances`` 中的核实记录能解除它。
    解除后同一信号在数据上一直还在的，不再重复亮灯；等它消失一个月以上又出现，算新的信号。

    参数
    ----
    series : 月度序列（列见 :data:`SERIES_COLUMNS`），必须有“月份”列；可含“逾期天数”“五级分类”。
    profile : 借款人档案（现场信号），每个月都一样计入；现场信号有发现时间时，应只在该月之后的回放里给出，
        这里不做区分。
    clearances : 核实解除记录，列表（每条一个字典）或表格，字段：月份、信号（中文名、代码或“全部”）、
        核实人、核实结论（核实了什么、怎么核实的）。缺任何一项都报错。
    params : 阈值（:class:`WarningParams`）。
    months : 回放哪些月份：None 为全部月份；正整数 n 为最后 n 个月；或月份的序列（如 ``["2024-03", "2024-04"]``）。
        信号从序列的第一个月起累计，只是不回放的月份不列在结果里。
    start : 从哪个月开始列出（含），如 ``"2024-01"``；与 ``months`` 同时给出时取两者的交集。

    数据不够一个近期窗口的月份也会回放（数据信号此时不触发）。
    """
    from ..loans import month_label

    df = _read_series(series)
    if df is None:
        raise InputError("月度序列", "不能为空")
    if "month" not in df.columns:
        raise InputError("月度序列", "需要“月份”列，才能按月回放")
    if df.empty:
        raise InputError("月度序列", "至少要有一个月")
    if profile is not None and not isinstance(profile, Mapping):
        raise InputError("借款人档案", "应为字典（信号名 → 是否出现或证据）", type(profile).__name__)
    try:
        labels = [str(pd.Period(m, freq="M")) for m in df["month"]]
    except (ValueError, TypeError) as exc:
        raise InputError("月份", "应为日期或月份，如 \"2024-03\"", df["month"].iloc[0]) from exc
    if len(set(labels)) != len(labels):
        raise InputError("月份", "有重复的月份", next(x for x in labels if labels.count(x) > 1))
    chosen = set(labels)
    if months is not None:
        if isinstance(months, (int, np.integer)) and not isinstance(months, bool):
            n = require_int(months, "回放月数", minimum=1)
            chosen = set(labels[-n:])
        else:
            if isinstance(months, (str, bytes)):
                raise InputError("回放月份", "应为月份的序列或正整数", months)
            wanted = [month_label(m, "回放月份") for m in months]
            missing = [m for m in wanted if m not in chosen]
            if missing:
                raise InputError("回放月份", "不在月度序列之内", missing[0])
            chosen = set(wanted)
    if start is not None:
        first = month_label(start, "起始月份")
        chosen = {m for m in chosen if m >= first}
    if not chosen:
        raise InputError("起始月份", "晚于月度序列的最后一个月，没有可回放的月份", start)
    clear = _read_clearances(clearances, labels)
    raw = series.copy()
    raw = raw.rename(columns={v: k for k, v in SERIES_COLUMNS.items()}).sort_values("month").reset_index(drop=True)
    columns = ["信号", "来源", "严重度", "证据", "代码", "首次出现"]
    active: dict[str, dict[str, Any]] = {}      # 信号名 → 当前计入的一行
    suppressed: set[str] = set()                # 已核实解除、数据上仍连续出现的信号
    rows, reports = [], {}
    for end, label in enumerate(labels):
        snap = early_warning(profile, raw.iloc[: end + 1], params=params)
        seen = {r["信号"]: r for r in snap.signals.to_dict("records")}
        suppressed &= set(seen)                  # 消失过一个月的，下次出现算新信号
        cleared_now: list[str] = []
        for rec in clear[clear["月份"] == label].to_dict("records"):
            names = list(active) if rec["信号"] == _ALL else [rec["信号"]]
            for name in names:
                if name in active:
                    del active[name]
                    cleared_now.append(name)
                if name in seen:
                    suppressed.add(name)
        for name, r in seen.items():
            if name in suppressed:
                continue
            if name in active:
                active[name]["证据"] = r["证据"]
            else:
                active[name] = {**r, "首次出现": label}
        if label not in chosen:
            continue
        sig = _sorted(pd.DataFrame(list(active.values()), columns=columns))
        level = _level(sig)
        actions: list[str] = []
        for lv in range(1 if level else 0, level + 1):
            actions.extend(ACTION_LEVELS[lv][1])
        report = WarningReport(sig, level, ACTION_LEVELS[level][0], tuple(actions))
        reports[label] = report
        rows.append({"数据截至": label, "处置等级": level, "建议": report.level_name,
                     "信号": "、".join(sig["信号"]) or "—", "解除": "、".join(cleared_now) or "—"})
    table = pd.DataFrame(rows).set_index("数据截至")
    first_rows = []
    for lv in range(1, max(ACTION_LEVELS) + 1):
        hit = table.index[table["处置等级"] >= lv]
        if len(hit):
            first_rows.append({"类别": "处置等级", "名称": f"{lv} 级 {ACTION_LEVELS[lv][0]}", "首次出现": hit[0]})
    first: dict[str, str] = {}
    for label, report in reports.items():
        for name in report.signals["信号"]:
            first.setdefault(name, label)
    first_rows += [{"类别": "信号", "名称": name, "首次出现": label}
                   for name, label in sorted(first.items(), key=lambda kv: kv[1])]
    first_seen = pd.DataFrame(first_rows, columns=["类别", "名称", "首次出现"])
    return WarningHistory(table=table, reports=reports, first_seen=first_seen, clearances=clear)
