"""金额、比例与基点的显示格式，以及合同用的人民币大写金额。

内部一律以“元”计；显示时经过这里，保证全书写法一致：千分位、两位小数、单位必写。
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation

from .errors import InputError, require_flag, require_int, require_number

__all__ = ["yuan", "wan", "money", "pct", "bp", "rmb_upper", "to_fen"]


def _dec(value, field: str) -> Decimal:
    number = require_number(value, field)
    try:
        return Decimal(repr(number))
    except InvalidOperation as exc:  # pragma: no cover - require_number 已挡住
        raise InputError(field, "应为数字", value) from exc


#: 足够容纳任何有限 float（约 1.8e308）加上小数位：默认 28 位精度时，1e26 元以上 quantize 会抛 InvalidOperation
_WIDE = Context(prec=360, rounding=ROUND_HALF_UP)
#: 显示的小数位数上限
MAX_DIGITS = 10


def _digits(digits) -> int:
    return require_int(digits, "小数位数", minimum=0, maximum=MAX_DIGITS)


def _round(amount: Decimal, digits: int) -> Decimal:
    out = amount.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP, context=_WIDE)
    return out.copy_abs() if out.is_zero() else out   # 不显示“-0.00”


def to_fen(value, field: str = "金额") -> Decimal:
    """四舍五入到分（0.01 元），返回 Decimal。"""
    return _round(_dec(value, field), 2)


def yuan(value, digits: int = 2, unit: bool = True) -> str:
    """``yuan(1234567.891)`` → ``'1,234,567.89 元'``。"""
    digits = _digits(digits)
    amount = _round(_dec(value, "金额"), digits)
    text = f"{amount:,.{digits}f}"
    return f"{text} 元" if require_flag(unit, "显示单位") else text


def wan(value, digits: int = 2, unit: bool = True) -> str:
    """以万元显示：``wan(1234567)`` → ``'123.46 万元'``。"""
    digits = _digits(digits)
    amount = _round(_dec(value, "金额").scaleb(-4), digits)
    text = f"{amount:,.{digits}f}"
    return f"{text} 万元" if require_flag(unit, "显示单位") else text


def money(value, digits: int = 2) -> str:
    """自动选单位：绝对值达到 10 万元用万元，否则用元。"""
    number = require_number(value, "金额")
    digits = _digits(digits)
    return wan(number, digits) if abs(number) >= 100_000 else yuan(number, digits)


def pct(value, digits: int = 2) -> str:
    """小数形式的比例显示为百分数：``pct(0.04355)`` → ``'4.36%'``。"""
    digits = _digits(digits)
    ratio = _dec(value, "比例").scaleb(2)
    return f"{_round(ratio, digits):.{digits}f}%"


def bp(value, digits: int = 0) -> str:
    """小数形式的利差显示为基点：``bp(0.0085)`` → ``'85 个基点（bp）'``。"""
    digits = _digits(digits)
    points = _round(_dec(value, "利差").scaleb(4), digits)
    return f"{points:.{digits}f} 个基点（bp）"


_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_SMALL_UNITS = ["", "拾", "佰", "仟"]
_BIG_UNITS = ["", "万", "亿", "万亿"]


def _four(group: int) -> str:
    """0–9999 的大写（不含前导零处理之外的“零”）。"""
    out = []
    zero = False
    for pos in range(3, -1, -1):
        d = group // 10**pos % 10
        if d == 0:
            zero = bool(out)
        else:
            if zero:
                out.append("零")
                zero = False
            out.append(_DIGITS[d] + _SMALL_UNITS[pos])
    return "".join(out)


def rmb_upper(value) -> str:
    """人民币大写金额，写法与借款合同、支票一致。

    >>> rmb_upper(1005000)
    '人民币壹佰万零伍仟元整'
    >>> rmb_upper(1234.56)
    '人民币壹仟贰佰叁拾肆元伍角陆分'
    >>> rmb_upper(0.05)
    '人民币伍分'
    """
    amount = to_fen(value, "金额")
    if amount < 0:
        raise InputError("金额", "大写金额不能为负数", value)
    if amount >= Decimal("1e16"):
        raise InputError("金额", "过大，超出大写金额的写法范围（万亿以内）", value)
    fen_total = int(amount * 100)
    integer, jiao, fen = fen_total // 100, fen_total // 10 % 10, fen_total % 10
    if fen_total == 0:
        return "人民币零元整"

    parts = []
    groups = []
    n = integer
    while n:
        groups.append(n % 10000)
        n //= 10000
    need_zero = False  # 上一节末尾有空位（如 100|5000 中的拾万、万位），下一节前要写“零”
    for idx in range(len(groups) - 1, -1, -1):
        g = groups[idx]
        if g == 0:
            need_zero = bool(parts)
            continue
        if parts and (need_zero or g < 1000):
            parts.append("零")
        parts.append(_four(g) + _BIG_UNITS[idx])
        need_zero = g % 10 == 0
    text = "".join(parts)
    if text:
        text += "元"
    if jiao == 0 and fen == 0:
        return f"人民币{text}整"
    if jiao:
        text += _DIGITS[jiao] + "角"
    elif text:
        text += "零"
    if fen:
        text += _DIGITS[fen] + "分"
    else:
        text += "整"
    return "人民币" + text
