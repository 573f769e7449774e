"""输入错误：每个公开函数检查输入，出错时抛出 :class:`InputError`，用中文指明字段、问题和期望。"""
from __future__ import annotations

import math
from numbers import Integral, Real
from typing import Any

__all__ = ["InputError", "require_number", "require_positive", "require_non_negative", "require_fraction",
           "require_int", "require_choice", "require_flag", "require_text", "require_date", "require_frame",
           "parse_amount", "numeric_column", "flag_column", "date_column", "require_day", "require_callable",
           "require_path"]


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
            try:
                shown = repr(value)
            except Exception:  # noqa: BLE001 - 怪异对象的 repr 也不能让报错本身出错
                shown = type(value).__name__
            if len(shown) > 60:   # 巨大的数字或长文字只显示开头
                shown = shown[:57] + "…"
            text += f"：收到 {shown}"
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
    try:
        number = float(value)
    except OverflowError:   # 超出 float 范围的整数
        raise InputError(field, "过大，超出数字的表示范围", value) from None
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
    low, high = require_number(low, "下限"), require_number(high, "上限")
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
    if isinstance(choices, (str, bytes)) or not hasattr(choices, "__iter__"):
        raise InputError("可选项", "应为选项的元组或列表", choices)
    try:
        found = bool(value in choices)
    except (TypeError, ValueError):   # 表格、数组之类的值与选项比较会出错：一定不是选项之一
        found = False
    if not found:
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
        if isinstance(value, Integral) and value not in (0, 1):
            raise InputError(field, "应为“是”或“否”（或 1/0）", value)
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


def require_text(value: Any, field: str, *, allow_empty: bool = False, show_value: bool = True) -> str:
    """文字字段：应为字符串（去掉首尾空格后），默认不能为空。None、数字、NaN 都报错。"""
    if not isinstance(value, str):
        raise InputError(field, "应为文字", value if show_value else None, show_value=show_value)
    text = value.strip()
    if not text and not allow_empty:
        raise InputError(field, "不能为空")
    return text


# -- 日期 -----------------------------------------------------------------------------

_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%Y年%m月%d日", "%Y-%m-%d %H:%M:%S",
                 "%Y/%m/%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y%m%d %H:%M:%S",
                 "%Y%m%d%H%M%S")
_DATE_HINT = "应为日期，如 2024-07-01、2024/7/1、2024年7月1日 或 20240701"


def _normalise_date_text(text: str) -> str:
    import unicodedata

    text = unicodedata.normalize("NFKC", text).strip()
    text = text.replace(" 日", "日").replace("年 ", "年").replace("月 ", "月").replace(" 年", "年").replace(" 月", "月")
    return text


def _parse_date_text(text: str):
    """按常见的银行写法逐个尝试；都不行返回 None（不让 pandas 猜日、月的顺序）。"""
    import datetime as _dt

    t = _normalise_date_text(text)
    if not t:
        return None
    for f in _DATE_FORMATS:
        try:
            return _in_range(_dt.datetime.strptime(t, f))
        except ValueError:
            continue
    if t.isdigit():          # 只有数字又不是 8 位日期：不交给 pandas 去猜
        return None
    import pandas as pd

    try:                     # 其他 ISO 写法（如 "2024-07-01T08:00:00+08:00"）
        ts = pd.Timestamp(t)
    except (ValueError, TypeError, OverflowError):
        return None
    if ts is pd.NaT or pd.isna(ts):
        return None
    return _in_range(ts.tz_localize(None) if ts.tzinfo is not None else ts)


def _in_range(when):
    """只接受 1900–2200 年之间的日期：再往外多半是录入错误，也会让后面的日期运算溢出。"""
    if when is None or not 1900 <= when.year <= 2200:
        return None
    return when


def require_date(value: Any, field: str, *, allow_none: bool = False):
    """把日期转成 ``pandas.Timestamp``（不含时区）。

    接受 Timestamp、datetime、date、numpy datetime64 和文字（2024-07-01、2024/7/1、2024.7.1、2024年7月1日、
    20240701，可带时间）。整数、浮点数一律报错：``20240701`` 写成数字时很容易被当成从 1970 年起的纳秒数。
    """
    import datetime as _dt

    import pandas as pd

    if value is None or (isinstance(value, float) and math.isnan(value)) or value is getattr(pd, "NaT", object()):
        if allow_none:
            return None
        raise InputError(field, "不能为空，" + _DATE_HINT)
    if isinstance(value, bool) or isinstance(value, Real):
        raise InputError(field, _DATE_HINT + "（写成文字并加引号，不要写成数字）", value)
    if isinstance(value, str):
        parsed = _parse_date_text(value)
        if parsed is None:
            raise InputError(field, _DATE_HINT, value)
        return pd.Timestamp(parsed)
    if isinstance(value, (pd.Timestamp, _dt.datetime, _dt.date)) or type(value).__name__ == "datetime64":
        try:
            ts = pd.Timestamp(value)
        except (ValueError, TypeError, OverflowError) as exc:
            raise InputError(field, _DATE_HINT, value) from exc
        if ts is pd.NaT or pd.isna(ts):
            if allow_none:
                return None
            raise InputError(field, "不能为空，" + _DATE_HINT)
        if ts.tzinfo is not None:
            ts = ts.tz_localize(None)
        if _in_range(ts) is None:
            raise InputError(field, "应在 1900 年到 2200 年之间", value)
        return ts
    raise InputError(field, _DATE_HINT, type(value).__name__)


def date_column(values: Any, field: str, *, allow_missing: bool = False):
    """整列日期：datetime 列原样返回（快）；文字列按 :func:`require_date` 的写法解析，认不出的报错并给出第一个例子。

    数字列（如 Excel 把 20240701 读成整数）按 8 位 YYYYMMDD 解析，其他数字报错。
    """
    import pandas as pd

    s = values if isinstance(values, pd.Series) else pd.Series(values)
    if pd.api.types.is_datetime64_any_dtype(s.dtype):
        out = s
        if getattr(out.dt, "tz", None) is not None:
            out = out.dt.tz_localize(None)
    else:
        if pd.api.types.is_numeric_dtype(s.dtype) and not pd.api.types.is_bool_dtype(s.dtype):
            num = pd.to_numeric(s, errors="coerce")
            whole = num.notna() & (num == num.round()) & (num >= 19000101) & (num <= 21001231)
            text = num.where(whole).map(lambda x: f"{int(x):08d}" if x == x else None)
            bad_mask = num.notna() & ~whole
            if bad_mask.any():
                raise InputError(field, _DATE_HINT, s[bad_mask].iloc[0])
            s = text
        uniq = pd.unique(s.dropna().astype(object))
        lookup = {}
        for v in uniq:
            if isinstance(v, str):
                lookup[v] = _parse_date_text(v)
            else:
                try:
                    lookup[v] = require_date(v, field)
                except InputError:
                    lookup[v] = None
        bad = [v for v, d in lookup.items() if d is None]
        if bad:
            raise InputError(field, _DATE_HINT, bad[0])
        out = pd.to_datetime(s.map(lookup), errors="coerce") if len(s) else pd.to_datetime(s)
    if not allow_missing and out.isna().any():
        raise InputError(field, "有空值，" + _DATE_HINT)
    return out


# -- 金额与数字列 -----------------------------------------------------------------------

_AMOUNT_JUNK = str.maketrans({",": "", "，": "", " ": "", "\u00a0": "", "\u3000": "", "¥": "", "￥": "", "'": ""})


def parse_amount(value: Any, field: str) -> float:
    """一个金额：数字原样检查；文字去掉千分位逗号、￥/¥、“元”和空格，全角数字转半角（“１２,０００元” → 12000.0）。

    括号表示负数（会计写法 ``(1,234.50)``）。认不出、NaN、无穷大都报错。
    """
    if isinstance(value, str):
        import unicodedata

        text = unicodedata.normalize("NFKC", value).strip().translate(_AMOUNT_JUNK)
        if text.endswith("元"):
            text = text[:-1]
        if text.upper().startswith(("RMB", "CNY")):
            text = text[3:]
        negative = text.startswith("(") and text.endswith(")")
        if negative:
            text = text[1:-1]
        try:
            number = float(text)
        except ValueError:
            raise InputError(field, "应为数字（金额可写 12000、12,000 或 ￥12,000.00）", value) from None
        if math.isnan(number) or math.isinf(number):
            raise InputError(field, "应为有限的数字", value)
        return -number if negative else number
    return require_number(value, field)


def numeric_column(values: Any, field: str, *, allow_missing: bool = False, fill: float | None = None,
                   hint: str | None = None):
    """整列数字：数值列只检查 NaN 与无穷大（快）；文字列按 :func:`parse_amount` 逐个解析（“12,000” 是 12000，
    不是 0）。``allow_missing`` 时空值保留为 NaN，``fill`` 给出时空值填这个数。布尔列报错。
    """
    import numpy as np
    import pandas as pd

    s = values if isinstance(values, pd.Series) else pd.Series(values)
    if pd.api.types.is_bool_dtype(s.dtype):
        raise InputError(field, "应为数字，收到的是是/否（布尔）列")
    if not pd.api.types.is_numeric_dtype(s.dtype):
        missing = s.isna() | s.map(lambda v: isinstance(v, str) and not v.strip())
        parsed = pd.Series(np.nan, index=s.index, dtype=float)
        present = s[~missing]
        if len(present):
            odd = present.map(lambda v: not isinstance(v, (str, Real)) or isinstance(v, bool))
            if odd.any():   # 列表、字典、布尔之类：不是数字，也没法去重
                raise InputError(field, "应为数字", present[odd].iloc[0])
            uniq = pd.unique(present.astype(object))
            lookup = {}
            for v in uniq:
                if isinstance(v, bool) or v is None:
                    raise InputError(field, "应为数字", v)
                try:
                    lookup[v] = parse_amount(v, field) if isinstance(v, (str, Real)) else None
                except InputError:
                    if hint is None:
                        raise
                    raise InputError(field, hint, v) from None
                if lookup[v] is None:
                    raise InputError(field, hint or "应为数字", v)
            parsed[~missing] = present.map(lookup).astype(float).to_numpy()
        s = parsed
    else:
        s = s.astype(float)
    arr = s.to_numpy()
    if np.isinf(arr).any():
        raise InputError(field, "不能为无穷大", float(arr[np.isinf(arr)][0]))
    if np.isnan(arr).any():
        if fill is not None:
            s = s.fillna(fill)
        elif not allow_missing:
            raise InputError(field, "有空值或非数字，请补齐")
    return s


def flag_column(values: Any, field: str, *, missing: bool | None = False):
    """整列是/否：布尔列原样返回（快）；其他按 :func:`require_flag` 逐个解析，“否”“False”“0” 都是 False。

    空值按 ``missing`` 处理（默认视为否；``None`` 表示空值报错）。返回 numpy 布尔数组。
    """
    import numpy as np
    import pandas as pd

    s = values if isinstance(values, pd.Series) else pd.Series(values)
    if pd.api.types.is_bool_dtype(s.dtype):
        return s.fillna(bool(missing)).to_numpy(dtype=bool)
    na = s.isna().to_numpy()
    if na.any() and missing is None:
        raise InputError(field, "有空值，请填“是”或“否”")
    out = np.full(len(s), bool(missing), dtype=bool)
    present = s[~na]
    for v in present:
        if isinstance(v, (list, dict, set, tuple)):
            raise InputError(field, "每一格应为“是”或“否”，不能是列表或字典", v)
    if len(present):
        lookup = {v: require_flag(v, field) for v in pd.unique(present.astype(object))}
        out[~na] = present.map(lookup).to_numpy(dtype=bool)
    return out


def require_frame(df: Any, field: str, columns=(), *, allow_empty: bool = True, unique_index: bool = False):
    """表格参数：应为 DataFrame，含必需列；``unique_index`` 时索引不能重复（两张表 ``pd.concat`` 后常见）。"""
    import pandas as pd

    if not isinstance(df, pd.DataFrame):
        raise InputError(field, "应为 pandas DataFrame（一张表）", type(df).__name__)
    if isinstance(columns, (str, bytes)) or not hasattr(columns, "__iter__"):
        raise InputError("必需列", "应为列名的列表", columns)
    if not all(isinstance(c, (str, int)) for c in columns):
        raise InputError("必需列", "列名应为文字", columns)
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise InputError(field, "缺少列：" + "、".join(str(c) for c in missing))
    if not allow_empty and len(df) == 0:
        raise InputError(field, "不能为空表")
    if unique_index and df.index.has_duplicates:
        raise InputError(field, "行索引有重复（多半是 pd.concat 拼接了两张表）；请先 reset_index(drop=True)")
    if df.columns.has_duplicates:
        dup = df.columns[df.columns.duplicated()][0]
        raise InputError(field, "列名有重复", dup)
    return df


def require_day(value: Any, field: str, *, allow_none: bool = True):
    """日期参数（如参照日 ``as_of``）→ ``datetime.date``；None 原样返回（调用处取今天）。NaT、数字、乱写的文字报错。"""
    if value is None and allow_none:
        return None
    return require_date(value, field).date()


def require_callable(value: Any, field: str):
    if not callable(value):
        raise InputError(field, "应为函数", type(value).__name__)
    return value


def require_path(value: Any, field: str = "保存路径"):
    """要写入或读取的文件路径：非空的文字或 ``os.PathLike``，返回 :class:`pathlib.Path`。"""
    import os
    from pathlib import Path

    if isinstance(value, os.PathLike):
        path = Path(value)
    else:
        text = require_text(value, field)
        if "\x00" in text:
            raise InputError(field, "含有不能用在文件名里的字符", text)
        path = Path(text)
    if path.is_dir():
        raise InputError(field, "是一个文件夹，请给出文件名（如“还款计划.xlsx”）", str(path))
    return path
