"""个人信息保护：显示与导出默认遮蔽；课堂用的去标识导出（化名编号、年龄段、只留年份、金额取整到万元）。

遮蔽规则（默认，``masked=True``）：

=================  ==========================================  ====================
字段                遮蔽方式                                     例
=================  ==========================================  ====================
身份证号            前 3 位 + 11 个 * + 后 4 位                  ``990***********123X``
手机号              前 3 位 + 4 个 * + 后 4 位                   ``138****1234``
姓名、配偶、介绍人   只留第一个字，其余每字一个 *                  ``林**``
家庭住址            留前面最多 6 个字，后接 ****                  ``青禾县城关****``
其他敏感字段        整体换成 ``***``（生日、存款、健康、征信说明等）
=================  ==========================================  ====================

“一般”字段照常显示。``masked=False`` 只应在客户经理本人核对原件时使用。
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import hmac
import secrets
from collections.abc import Iterable
from typing import Any

import pandas as pd

from ..errors import InputError, require_day
from ..fmt import yuan
from . import ids
from .records import KycRecord, _iter_records
from .templates import Field

__all__ = ["HIDDEN", "age_band", "deidentify", "display_value", "mask_value", "masked_view"]

HIDDEN = "***"


def mask_value(f: Field, text: str) -> str:
    """按字段的遮蔽方式遮蔽一个已格式化的值。"""
    kind = f.mask or {"id_card": "id_card", "mobile": "mobile"}.get(f.type, "hide")
    if kind == "id_card":
        return ids.mask_id_card(text)
    if kind == "mobile":
        return ids.mask_mobile(text)
    if kind == "name":
        return ids.mask_name(text)
    if kind == "address":
        return ids.mask_address(text)
    return HIDDEN


def _plain(f: Field, value: Any) -> str:
    if value is None:
        return ""
    if f.type == "money":
        return yuan(value)
    if f.type == "bool":
        return "是" if value else "否"
    if f.type == "list":
        return "、".join(value)
    if isinstance(value, _dt.date):
        return value.isoformat()
    return str(value)


def display_value(f: Field, value: Any, *, masked: bool = True) -> str:
    """给人看的取值：金额带千分位和单位、是否写成“是/否”、清单用顿号；敏感字段默认遮蔽。没填返回空字符串。"""
    if not isinstance(f, Field):
        raise InputError("字段", "应为模板字段（Template.field(...) 的结果）", type(f).__name__)
    text = _plain(f, value)
    if text and masked and f.sensitive:
        return mask_value(f, text)
    return text


def masked_view(record: KycRecord, *, masked: bool = True, include_empty: bool = True) -> pd.DataFrame:
    """一份记录的清单视图：板块、字段、取值（默认遮蔽）、敏感度、是否必填、权重。"""
    if not isinstance(record, KycRecord):
        raise InputError("KYC 记录", "应为 KycRecord", type(record).__name__)
    tpl = record.tpl
    rows = []
    for f in tpl.fields:
        value = record.values.get(f.key)
        if value is None and not include_empty:
            continue
        rows.append({"板块": tpl.section_labels[f.section], "字段": f.label,
                     "取值": display_value(f, value, masked=masked), "敏感度": f.sensitivity,
                     "必填": "是" if f.required else "否", "权重": f.priority})
    return pd.DataFrame(rows, columns=["板块", "字段", "取值", "敏感度", "必填", "权重"])


def age_band(age: int) -> str:
    """年龄 → 十岁一档的年龄段：``37`` → ``"30-39"``；70 岁及以上为 ``"70+"``，18 岁以下为 ``"<18"``。"""
    if isinstance(age, bool) or not isinstance(age, int):
        raise InputError("年龄", "应为整数", age)
    if age < 18:
        return "<18"
    if age >= 70:
        return "70+"
    if age < 20:
        return "18-19"
    low = age // 10 * 10
    return f"{low}-{low + 9}"


def _pseudonym(record: KycRecord, key: bytes) -> str:
    basis = record.values.get("id_number") or record.record_id
    digest = hmac.new(key, basis.encode("utf-8"), hashlib.sha256).hexdigest()
    return "P-" + digest[:10].upper()


def deidentify(records: KycRecord | Iterable[KycRecord], *, key: str | bytes | None = None,
               as_of: _dt.date | None = None) -> pd.DataFrame:
    """课堂用的去标识数据：每份记录一行。

    - 直接标识（姓名、身份证号、手机号、住址、店名、信用代码、朋友圈、征信说明等）删除；
    - 每位客户换成化名编号 ``P-XXXXXXXXXX``（以身份证号做 HMAC-SHA256）。给同一个 ``key`` 时同一客户的
      化名稳定，可把几次拜访的记录连起来；不给 ``key`` 时每次随机，不同导出之间连不起来；
    - 出生日期换成年龄段与性别；其他日期只留年份；敏感金额（存款与理财）取整到万元；
    - “一般”字段保留原值（金额为元，数字不加单位，便于课堂计算）。
    """
    recs = _iter_records(records)
    if key is None:
        secret = secrets.token_bytes(16)
    elif isinstance(key, str) and key:
        secret = key.encode("utf-8")
    elif isinstance(key, bytes) and key:
        secret = key
    else:
        raise InputError("化名密钥", "应为非空文字", show_value=False)
    as_of = require_day(as_of, "参照日期") or _dt.date.today()
    rows = []
    for rec in recs:
        tpl = rec.tpl
        row: dict[str, Any] = {"化名编号": _pseudonym(rec, secret), "客户类型": tpl.label}
        birth = None
        if rec.values.get("id_number"):
            info = ids.id_card_info(rec.values["id_number"], as_of=as_of)
            birth, row["性别"] = info.birth_date, info.sex
        elif rec.values.get("birthday"):
            birth = rec.values["birthday"]
        if birth is not None:
            years = as_of.year - birth.year - ((as_of.month, as_of.day) < (birth.month, birth.day))
            row["年龄段"] = age_band(max(years, 0))
        for f in tpl.fields:
            rule = f.deid or ("drop" if f.sensitive else "keep")
            value = rec.values.get(f.key)
            if rule in ("drop", "age_band") or value is None:
                continue
            if rule == "year" and isinstance(value, _dt.date):
                row[f"{f.label}（年份）"] = value.year
            elif rule == "round_wan" and isinstance(value, (int, float)):
                row[f"{f.label}（万元，取整）"] = round(value / 10000)
            elif rule == "keep":
                row[f.label] = "、".join(value) if isinstance(value, list) else value
        rows.append(row)
    return pd.DataFrame(rows)
