"""催收排序：几笔逾期贷款先办哪一笔，为什么。

每笔贷款看五样东西：能收回多少（押品可变现价值 × (1 − 折扣) + 保证人可追偿 + 其他财产线索，不超过余额）、
催收成本（诉讼费、保全、评估拍卖、差旅的估计）、诉讼时效还剩几天、保证期间还剩几天、离 90 天（次级）还有几天。

排序规则（写明，便于质疑）：

1. **法定期限先办**：诉讼时效或保证期间在 ``deadline_days`` 天（默认 90 天）内届满的，排在最前，剩余天数少的在前——
   过了诉讼时效，债务人可以拒绝履行；过了保证期间，保证人不再承担保证责任，可回收的钱会整块消失；
2. 其余按**净可回收金额**（可回收 − 成本）从高到低；相同时离 90 天近的在前。

期限由调用者给出（``limitation_date``、``guarantee_end``）；没给时可以按默认推算：
诉讼时效三年（《中华人民共和国民法典》第一百八十八条），从 ``due_date`` 起算——主债务履行期限届满之日；
分期履行的，从最后一期履行期限届满之日起算（同法第一百八十九条）；
保证期间没有约定或约定不明确的为主债务履行期限届满之日起六个月（同法第六百九十二条），从 ``maturity_date`` 起算。
时效中断（催收通知有签收、对方承认、起诉）会重新起算，推算值只是提醒，以档案为准。
"""
from __future__ import annotations

from numbers import Real

import pandas as pd

from ..errors import InputError, require_fraction, require_int

__all__ = ["COLLECTION_ORDER_COLUMNS", "collection_order"]

COLLECTION_ORDER_COLUMNS = ("顺序", "loan_id", "余额", "可回收金额", "催收成本", "净可回收", "最近期限",
                            "距期限天数", "离 90 天", "理由")
_NUM = ("collateral_value", "guarantor_recoverable", "other_recoverable", "cost")


def _date(value, field: str):
    if isinstance(value, (list, tuple, set, dict)) or (hasattr(value, "__len__") and not isinstance(value, str)):
        raise InputError(field, "应为一个日期，如 \"2025-01-20\"", value)
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    try:
        ts = pd.Timestamp(value)
    except (ValueError, TypeError, OverflowError) as exc:
        raise InputError(field, "应为日期，如 \"2025-01-20\"", value) from exc
    if pd.isna(ts):
        raise InputError(field, "应为日期，如 \"2025-01-20\"", value)
    return ts.normalize()


def collection_order(loans: pd.DataFrame, as_of, *, haircut: float = 0.3, deadline_days: int = 90) -> pd.DataFrame:
    """按模块说明的规则给逾期贷款排序，每笔写出理由。

    ``loans`` 列：``loan_id``、``balance``（余额）、``overdue_days``（逾期天数），可选 ``collateral_value``（押品评估值）、
    ``guarantor_recoverable``（保证人可追偿）、``other_recoverable``（其他财产线索可收回）、``cost``（催收成本估计）、
    ``limitation_date`` / ``due_date``（诉讼时效届满日，或据以推算的履行期限届满日）、
    ``guarantee_end`` / ``maturity_date``（保证期间届满日，或据以推算的主债务到期日；有保证人时）。
    ``haircut``：押品变现折扣（默认 30%，示意，按本行押品管理办法调整）。
    """
    if not isinstance(loans, pd.DataFrame):
        raise InputError("逾期贷款表", "应为表格（DataFrame）", type(loans).__name__)
    missing = [c for c in ("loan_id", "balance", "overdue_days") if c not in loans.columns]
    if missing:
        raise InputError("逾期贷款表", "缺少列：" + "、".join(missing))
    today = _date(as_of, "排序日期")
    if today is None:
        raise InputError("排序日期", "不能为空")
    cut = require_fraction(haircut, "押品变现折扣")
    window = require_int(deadline_days, "期限提醒天数", minimum=0, maximum=3650)
    rows = []
    for rec in loans.to_dict("records"):
        for col, v in rec.items():
            if not pd.api.types.is_scalar(v):
                raise InputError(f"逾期贷款表的 {col}", "每格应为一个值（数字、日期或文字）", type(v).__name__)
        if rec["loan_id"] is None or (not isinstance(rec["loan_id"], str) and pd.isna(rec["loan_id"])):
            raise InputError("逾期贷款表的 loan_id", "有贷款编号为空的行")
        lid = str(rec["loan_id"])
        nums = {}
        for col in ("balance", *_NUM):
            v = rec.get(col, 0)
            v = 0.0 if v is None or (not isinstance(v, str) and pd.isna(v)) else v
            if isinstance(v, bool) or not isinstance(v, Real) or v < 0:
                raise InputError(f"{lid} 的 {col}", "应为非负数", v)
            nums[col] = float(v)
        days = require_int(rec["overdue_days"], f"{lid} 的逾期天数", minimum=0)
        bal = nums["balance"]
        recoverable = min(bal, nums["collateral_value"] * (1 - cut) + nums["guarantor_recoverable"]
                          + nums["other_recoverable"])
        net = recoverable - nums["cost"]
        deadlines = []
        lim = _date(rec.get("limitation_date"), f"{lid} 的诉讼时效届满日")
        if lim is None and _date(rec.get("due_date"), f"{lid} 的应还日") is not None:
            lim = _date(rec["due_date"], f"{lid} 的应还日") + pd.DateOffset(years=3)
        if lim is not None:
            deadlines.append(("诉讼时效", lim))
        gend = _date(rec.get("guarantee_end"), f"{lid} 的保证期间届满日")
        if gend is None and nums["guarantor_recoverable"] > 0 and _date(rec.get("maturity_date"), f"{lid} 的到期日"):
            gend = _date(rec["maturity_date"], f"{lid} 的到期日") + pd.DateOffset(months=6)
        if gend is not None:
            deadlines.append(("保证期间", gend))
        name, when = min(deadlines, key=lambda d: d[1]) if deadlines else (None, None)
        left = None if when is None else int((when - today).days)
        reasons = []
        if left is not None and left <= window:
            what = "向保证人书面主张保证责任" if name == "保证期间" else "起诉或取得对方书面确认，中断时效"
            if left >= 0:
                reasons.append(f"{name} {left} 天后届满（{when.date()}）：须在此前{what}")
            else:
                reasons.append(f"{name}已于 {when.date()} 届满：先核实有无中断、能否补救")
        parts = []
        if nums["collateral_value"]:
            parts.append(f"押品 {nums['collateral_value'] / 10_000:,.2f} 万元按 {1 - cut:.0%} 变现")
        if nums["guarantor_recoverable"]:
            parts.append(f"保证人可追偿 {nums['guarantor_recoverable'] / 10_000:,.2f} 万元")
        if nums["other_recoverable"]:
            parts.append(f"其他财产线索 {nums['other_recoverable'] / 10_000:,.2f} 万元")
        reasons.append(("可回收 " + "、".join(parts) if parts else "没有押品、保证和财产线索，可回收按 0 计")
                       + f"，扣成本 {nums['cost'] / 10_000:,.2f} 万元后净 {net / 10_000:,.2f} 万元")
        to90 = max(0, 90 - days)
        if 0 < days <= 90:
            reasons.append(f"逾期 {days} 天，再过 {to90} 天进入次级（不良）")
        urgent = left is not None and left <= window
        rows.append({"loan_id": rec["loan_id"], "余额": bal, "可回收金额": recoverable, "催收成本": nums["cost"],
                     "净可回收": net, "最近期限": None if when is None else f"{name} {when.date()}",
                     "距期限天数": left, "离 90 天": to90, "理由": "；".join(reasons),
                     "_key": (0, left, -net, to90) if urgent else (1, 0, -net, to90)})
    if not rows:
        return pd.DataFrame(columns=list(COLLECTION_ORDER_COLUMNS))
    out = pd.DataFrame(rows).sort_values("_key", kind="stable").drop(columns="_key").reset_index(drop=True)
    out.insert(0, "顺序", range(1, len(out) + 1))
    out["距期限天数"] = out["距期限天数"].astype("Int64")
    return out[list(COLLECTION_ORDER_COLUMNS)]
