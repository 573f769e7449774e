"""输入错误：每个公开函数检查输入，出错时抛出 :class:`InputError`，用中文指明字段、问题和期望。"""
from __future__ import annotations

import math
from numbers import Integral, Real
from typing import Any

__all__ = ["InputError", "require_number", "require_positive", "require_non_negative", "require_fraction",
           "require_int", "require_choice", "require_flag"]


class InputError(ValueError):
    """学员或调用者给出的输入有误。

    ``field`` 是出错的字段名（中文，面向读者），``message`` 是完整的中文说明。
    它是 ``ValueError`` 的子类，旧代码按 ``ValueError`` 捕获也能接住。
    """

    def __init__(self, field: str, problem: str, value: Any = None, *, show_value: bool = True):
        self.field = field
        self.problem = problem
        self.value = value if show_value else None
        # 字段名以拉丁字母或数字结尾时（如“LPR”），与后面的中文之间空一格
        gap = " " if field and field[-1].isascii() and field[-1].isalnum() else ""
        text = f"{field}{gap}{problem}"
        if show_value and value is not None:
            text += f"：收到 {value!r}"
        self.message = text
        super().__init__(text)

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.message


def require_number(value: Any, field: str, *, allow_none: bool = False) -> float | None:
    """把 value 转成有限的浮点数；文字、NaN、无穷大、布尔值都报错。"""
    if value is None:
        if allow_none:
            return None
        raise InputError(field, "不能为空，请填写数字")
    if isinstance(value, bool) or not isinstance(value, Real):
        # numpy 标量也是 Real；字符串、列表等不是
        raise InputError(field, "应为数字", value)
    number = float(value)
    if math.isnan(number):
        raise InputError(field, "不能为 NaN（空值），请填写数字")
    if math.isinf(number):
        raise InputError(field, "不能为无穷大", value)
    return number


def require_non_negative(value: Any, field: str) -> float:
    number = require_number(value, field)
    if number < 0:
        raise InputError(field, "不能为负数", value)
    return number


def require_positive(value: Any, field: str) -> float:
    number = require_number(value, field)
    if number <= 0:
        raise InputError(field, "应大于 0", value)
    return number


def require_fraction(value: Any, field: str, *, low: float = 0.0, high: float = 1.0,
                     inclusive_high: bool = True) -> float:
    """比例（小数形式，如 0.35 表示 35%）应在 [low, high] 之内。"""
    number = require_number(value, field)
    too_high = number > high if inclusive_high else number >= high
    if number < low or too_high:
        raise InputError(field, f"应在 {low:g} 到 {high:g} 之间（按小数填写，如 0.35 表示 35%）", value)
    return number


def require_int(value: Any, field: str, *, minimum: int | None = None, maximum: int | None = None) -> int:
    if minimum is not None and type(minimum) is not int:
        require_number(minimum, "最小值")
    if maximum is not None and type(maximum) is not int:
        require_number(maximum, "最大值")
    if type(value) is int or (isinstance(value, Integral) and not isinstance(value, bool)):
        number = int(value)              # 整数（含 numpy 整数）不经过 float：不丢精度，也不会溢出
    else:
        if isinstance(value, bool) or not isinstance(value, Real):
            raise InputError(field, "应为整数", value)
        try:
            number = float(value)
        except OverflowError:
            raise InputError(field, "过大，应为合理的整数", value) from None
        if math.isinf(number):
            raise InputError(field, "不能为无穷大，应为整数", value)
        if math.isnan(number) or number != int(number):
            raise InputError(field, "应为整数", value)
        number = int(number)
    if minimum is not None and number < minimum:
        raise InputError(field, f"不能小于 {minimum}", value)
    if maximum is not None and number > maximum:
        raise InputError(field, f"不能大于 {maximum}", value)
    return number


def require_choice(value: Any, field: str, choices) -> Any:
    if value not in choices:
        options = "、".join(str(c) for c in choices)
        raise InputError(field, f"应为以下之一：{options}", value)
    return value


_TRUE_WORDS = {"是", "有", "true", "yes", "y", "1"}
_FALSE_WORDS = {"否", "无", "没有", "false", "no", "n", "0"}


def require_flag(value: Any, field: str) -> bool:
    """把“是/否”类的回答转成布尔值。

    接受 True/False（含 numpy 布尔）、整数 1/0、以及文字 是/否、有/无、True/False、yes/no（不分大小写，去掉首尾空格）。
    其他一律报错，而不是按 Python 的真假规则把“否”当成“是”。
    """
    if isinstance(value, bool):
        return value
    if hasattr(value, "dtype") and getattr(value.dtype, "kind", "") == "b":   # numpy.bool_
        return bool(value)
    if isinstance(value, Real):
        number = float(value)
        if number in (0.0, 1.0):
            return number == 1.0
        raise InputError(field, "应为“是”或“否”（或 1/0）", value)
    if isinstance(value, str):
        word = value.strip().lower()
        if word in _TRUE_WORDS:
            return True
        if word in _FALSE_WORDS:
            return False
    raise InputError(field, "应为“是”或“否”（或 True/False、1/0）", value)
