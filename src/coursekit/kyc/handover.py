"""客户交接的上门排期：一位客户经理调走、退休时，接手的人按什么顺序、多长时间把他的客户走一遍。

按“最晚该上门的日子”排队（有贷款到期的户：到期日前 ``lead_days`` 天；其余户没有期限，排在后面），
每周能上门的户数 ＝ 接手人数 × 每周上门天数 × 每天上门户数，逐周排满。最早期限优先是让“晚到”的户数最少的排法：
如果这样排仍有户晚于最晚上门日，换任何顺序都救不回来，只能加人、加天数，或先打电话。
"""
from __future__ import annotations

import math
from typing import Any

import pandas as pd

from ..errors import InputError, require_date, require_int

__all__ = ["handover_schedule"]


def handover_schedule(customers: Any, start: Any, *, officers: int = 2, visit_days_per_week: int = 3,
                      visits_per_day: int = 3, lead_days: int = 30, window_weeks: int = 13) -> pd.DataFrame:
    """交接期的上门排期。

    - ``customers``：每户一行，列 ``客户``（编号或称呼），可选 ``到期日``（有贷款到期的户；空表示没有到期的贷款）；
    - ``start``：交接开始的那个周一（其他日子也行，按它所在的周算第 1 周）；
    - ``officers`` 个接手人，每人每周 ``visit_days_per_week`` 天上门、每天 ``visits_per_day`` 户；
    - ``lead_days``：到期前多少天要上过门（续贷前核实、补档案）；``window_weeks``：交接期的周数（返聘老客户经理的时间）。

    返回每户一行（按上门顺序）：客户、到期日、最晚上门日、上门周（第几周）、上门周的周一、晚了几天（最晚上门日早于
    上门那一周的周一时为正，否则为 0）、是否在交接期内。attrs：``每周上门户数``、``需要周数``、``晚到户数``、
    ``交接期内走不到的户数``、``开始前已过期户数``（交接开始时已过最晚上门日的户：已经逾期或马上到期，第 1 周就要去，
    晚了几天从交接开始算）。一周里先后哪天上门，由经理自己排，所以“晚到”按上门那周的周一从宽计。
    """
    if not isinstance(customers, pd.DataFrame):
        raise InputError("客户表", "应为表格（DataFrame），至少有“客户”一列")
    if "客户" not in customers.columns:
        raise InputError("客户表", "缺少列：客户")
    if customers.empty:
        raise InputError("客户表", "没有客户")
    names = customers["客户"]
    if names.isna().any() or names.astype(str).str.strip().eq("").any():
        raise InputError("客户", "有空白")
    if names.duplicated().any():
        raise InputError("客户", "有重复", str(names[names.duplicated()].iloc[0]))
    if len(customers) > 20_000:
        raise InputError("客户表", "超过 20,000 户，请按客户经理分开排", len(customers))
    day0 = require_date(start, "交接开始日").normalize()
    monday = day0 - pd.Timedelta(days=day0.weekday())
    n_off = require_int(officers, "接手人数", minimum=1, maximum=50)
    days = require_int(visit_days_per_week, "每周上门天数", minimum=1, maximum=6)
    per_day = require_int(visits_per_day, "每天上门户数", minimum=1, maximum=12)
    lead = require_int(lead_days, "到期前几天上门", minimum=0, maximum=365)
    window = require_int(window_weeks, "交接期（周）", minimum=1, maximum=104)
    if "到期日" in customers.columns:
        due = [require_date(v, f"到期日（{c}）", allow_none=True) for c, v in zip(names, customers["到期日"])]
    else:
        due = [None] * len(customers)
    latest = [None if d is None else d - pd.Timedelta(days=lead) for d in due]
    # 最早期限优先；没有期限的户按原来的顺序排在后面
    order = sorted(range(len(customers)), key=lambda i: (latest[i] is None, latest[i] or monday, i))
    weekly = n_off * days * per_day
    rows = []
    for rank, i in enumerate(order):
        week = rank // weekly + 1
        week_monday = monday + pd.Timedelta(weeks=week - 1)
        # 交接开始前就过了最晚上门日的户（已逾期、马上到期），从第 1 周算起：排期只对开始以后的拖延负责
        late = 0 if latest[i] is None else max(0, (week_monday - max(latest[i], monday)).days)
        rows.append({"客户": names.iloc[i], "到期日": due[i], "最晚上门日": latest[i], "上门周": week,
                     "上门周的周一": week_monday, "晚了几天": late, "在交接期内": week <= window,
                     "开始前已过最晚上门日": latest[i] is not None and latest[i] < monday})
    out = pd.DataFrame(rows)
    out.attrs["每周上门户数"] = weekly
    out.attrs["需要周数"] = int(math.ceil(len(out) / weekly))
    out.attrs["晚到户数"] = int((out["晚了几天"] > 0).sum())
    out.attrs["交接期内走不到的户数"] = int((~out["在交接期内"]).sum())
    out.attrs["开始前已过期户数"] = int(out["开始前已过最晚上门日"].sum())
    return out
