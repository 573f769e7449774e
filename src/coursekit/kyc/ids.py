"""中国常用标识的校验、规范化与遮蔽：居民身份证号、统一社会信用代码、手机号。

约定（本书的决定，写在这里便于查）：

- **全角字符**：客户经理常在中文输入法下录入，``１２３`` 与 ``Ｘ`` 会被规范化为半角（Unicode NFKC）后再校验；
  规范化后的值一律为半角。
- **空格**：号码中间的空格（含全角空格）会被去掉——照着证件念号码时常按段分组；其他符号（横线、点）一律报错。
- **小写 x**：身份证号末位的小写 ``x`` 接受，并规范化为大写 ``X``（GB 11643-1999 规定校验码 10 写作罗马数字 X，
  存档统一大写，避免同一人出现两种写法）。统一社会信用代码中的小写字母同样转为大写。
- **错误信息**：身份证号、手机号出错时，:class:`~coursekit.errors.InputError` 只说明问题（位数、日期、校验码），
  从不包含原值（``show_value=False``）。
- **地区码**：只检查形状（6 位数字，前两位是 GB/T 2260 的省级代码）；本书的合成号码用 ``99`` 开头，
  这个省级代码并不存在，参数 ``allow_synthetic=True`` 时接受。具体到县的代码每年都有调整，这里不核对。
"""
from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from dataclasses import dataclass
from numbers import Integral
from typing import Any

from ..errors import InputError, require_day

__all__ = [
    "PROVINCE_CODES",
    "SYNTHETIC_PROVINCE",
    "IdCardInfo",
    "id_card_check_char",
    "id_card_info",
    "mask_address",
    "mask_id_card",
    "mask_mobile",
    "mask_name",
    "normalize_text",
    "synthetic_id_card",
    "synthetic_uscc",
    "uscc_check_char",
    "validate_id_card",
    "validate_mobile",
    "validate_uscc",
]

# GB/T 2260 省级行政区划代码（前两位）；71 台湾、81 香港、82 澳门按国标列入
PROVINCE_CODES = frozenset({
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
    "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
    "71", "81", "82",
})
SYNTHETIC_PROVINCE = "99"  # 不存在的省级代码：本书所有合成身份证号、信用代码都用它开头

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"  # 下标 = 加权和 mod 11
_ID_SHAPE = re.compile(r"\d{17}[\dX]")

_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 不含 I O Z S V
_USCC_VALUE = {c: i for i, c in enumerate(_USCC_CHARS)}
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_MOBILE = re.compile(r"1[3-9]\d{9}")
_SPACES = re.compile(r"[\s\u3000]+")


def normalize_text(value: Any) -> str:
    """全角转半角（NFKC）、去掉首尾空白。"""
    if not isinstance(value, str):
        raise InputError("文字", "应为文字", type(value).__name__)
    return unicodedata.normalize("NFKC", value).strip()


def _as_code(value: Any, field: str, what: str) -> str:
    """把号码规范化：字符串或整数 → 半角、去空格、转大写。不回显原值。"""
    if value is None:
        raise InputError(field, "不能为空", show_value=False)
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise InputError(field, f"应为文字形式的{what}", show_value=False)
    text = _SPACES.sub("", unicodedata.normalize("NFKC", str(value))).upper()
    if not text:
        raise InputError(field, "不能为空", show_value=False)
    return text


# ---------------------------------------------------------------- 身份证号 GB 11643-1999
def id_card_check_char(first17: str) -> str:
    """前 17 位本体码 → 校验码（ISO 7064 MOD 11-2）。"""
    if not isinstance(first17, str):
        raise InputError("身份证号本体码", "应为 17 位数字（文字）", show_value=False)
    if len(first17) != 17 or not first17.isascii() or not first17.isdigit():
        raise InputError("身份证号本体码", "应为 17 位数字", show_value=False)
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS))
    return _ID_CHECK[total % 11]


@dataclass(frozen=True)
class IdCardInfo:
    """从身份证号读出的信息。"""

    number: str
    region_code: str
    birth_date: _dt.date
    sex: str  # "男" / "女"（顺序码末位奇数为男）
    synthetic: bool  # 地区码以 99 开头：本书的合成号码

    def age(self, as_of: _dt.date | None = None) -> int:
        as_of = as_of or _dt.date.today()
        years = as_of.year - self.birth_date.year
        if (as_of.month, as_of.day) < (self.birth_date.month, self.birth_date.day):
            years -= 1
        return years


def id_card_info(value: Any, field: str = "身份证号", *, allow_synthetic: bool = True,
                 as_of: _dt.date | None = None) -> IdCardInfo:
    """校验 18 位居民身份证号并读出出生日期、性别；出错抛 InputError（不含原值）。"""
    text = _as_code(value, field, "身份证号")
    if len(text) == 15 and text.isdigit():
        raise InputError(field, "是 15 位的旧号码，请按客户现行身份证填写 18 位号码", show_value=False)
    if len(text) != 18:
        raise InputError(field, f"应为 18 位，现在是 {len(text)} 位", show_value=False)
    if not _ID_SHAPE.fullmatch(text):
        raise InputError(field, "前 17 位应为数字，最后一位为数字或 X", show_value=False)
    region = text[:6]
    province = region[:2]
    if province == SYNTHETIC_PROVINCE:
        if not allow_synthetic:
            raise InputError(field, "的地区码以 99 开头，是教学用的合成号码，不是真实证件号", show_value=False)
    elif province not in PROVINCE_CODES:
        raise InputError(field, "前 2 位不是有效的省级地区码", show_value=False)
    try:
        birth = _dt.date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        raise InputError(field, "第 7–14 位不是有效的出生日期（注意 2 月 29 日只出现在闰年）",
                         show_value=False) from None
    today = require_day(as_of, "参照日期") or _dt.date.today()
    if birth.year < 1900 or birth > today:
        raise InputError(field, "第 7–14 位的出生日期不合理（应在 1900 年之后、不晚于今天）", show_value=False)
    if id_card_check_char(text[:17]) != text[17]:
        raise InputError(field, "校验码不对：可能有一位抄错，或相邻两位颠倒，请对照证件重新核对", show_value=False)
    sex = "男" if int(text[16]) % 2 else "女"
    return IdCardInfo(text, region, birth, sex, province == SYNTHETIC_PROVINCE)


def validate_id_card(value: Any, field: str = "身份证号", *, allow_synthetic: bool = True,
                     as_of: _dt.date | None = None) -> str:
    """校验并返回规范化后的 18 位身份证号（半角、末位大写 X）。"""
    return id_card_info(value, field, allow_synthetic=allow_synthetic, as_of=as_of).number


def synthetic_id_card(birth_date: _dt.date, sequence: int = 1, *, region: str = "990101") -> str:
    """造一个校验码正确的合成身份证号，地区码默认 ``990101``（不存在，不会与真人重号）。

    ``sequence`` 是 0–999 的顺序码，奇数为男、偶数为女。
    """
    if not isinstance(birth_date, _dt.date) or type(birth_date).__name__ == "NaTType":
        raise InputError("出生日期", "应为日期", birth_date)
    if not 1900 <= birth_date.year <= 2200:
        raise InputError("出生日期", "年份应在 1900 到 2200 之间", birth_date)
    if isinstance(sequence, bool) or not isinstance(sequence, int) or not 0 <= sequence <= 999:
        raise InputError("顺序码", "应为 0 到 999 的整数", sequence)
    if not (isinstance(region, str) and len(region) == 6 and region.isdigit()):
        raise InputError("地区码", "应为 6 位数字", region)
    body = f"{region}{birth_date:%Y%m%d}{sequence:03d}"
    return body + id_card_check_char(body)


# ---------------------------------------------------------------- 统一社会信用代码 GB 32100-2015
def uscc_check_char(first17: str) -> str:
    """前 17 位 → 第 18 位校验码（权重 3^i mod 31，字符集 31 个，不含 I O Z S V）。"""
    if not isinstance(first17, str):
        raise InputError("统一社会信用代码", "本体应为 17 位文字", show_value=False)
    try:
        total = sum(_USCC_VALUE[c] * w for c, w in zip(first17, _USCC_WEIGHTS))
    except KeyError:
        raise InputError("统一社会信用代码", "含有不允许的字符（代码不使用 I、O、Z、S、V）", show_value=False) from None
    if len(first17) != 17:
        raise InputError("统一社会信用代码", "本体应为 17 位", show_value=False)
    return _USCC_CHARS[(31 - total % 31) % 31]


def validate_uscc(value: Any, field: str = "统一社会信用代码", *, allow_synthetic: bool = True) -> str:
    """校验 18 位统一社会信用代码并返回规范化（大写、半角）后的代码。

    检查：位数、字符集（不含 I O Z S V）、第 3–8 位为 6 位数字的行政区划码、第 18 位校验码。
    第 9–17 位组织机构代码自身的校验（GB 11714）不在这里检查。
    """
    text = _as_code(value, field, "统一社会信用代码")
    if len(text) != 18:
        raise InputError(field, f"应为 18 位，现在是 {len(text)} 位", show_value=False)
    bad = sorted({c for c in text if c not in _USCC_VALUE})
    if bad:
        raise InputError(field, f"含有不允许的字符 {'、'.join(bad)}（代码只用数字和除 I、O、Z、S、V 以外的大写字母）",
                         show_value=False)
    if not text[2:8].isdigit():
        raise InputError(field, "第 3–8 位应为 6 位数字的行政区划码", show_value=False)
    if text[2:4] == SYNTHETIC_PROVINCE and not allow_synthetic:
        raise InputError(field, "的区划码以 99 开头，是教学用的合成代码", show_value=False)
    if uscc_check_char(text[:17]) != text[17]:
        raise InputError(field, "校验码（第 18 位）不对，请对照营业执照重新核对", show_value=False)
    return text


def synthetic_uscc(serial: int = 1, *, kind: str = "92", region: str = "990101") -> str:
    """合成统一社会信用代码。``kind`` 前两位：``92`` 个体工商户、``91`` 企业（工商登记）。"""
    if isinstance(serial, bool) or not isinstance(serial, int) or not 0 <= serial < 10**8:
        raise InputError("序号", "应为 0 到 99,999,999 的整数", serial)
    if not (isinstance(kind, str) and len(kind) == 2 and all(c in _USCC_VALUE for c in kind)):
        raise InputError("登记管理部门与机构类别码", "应为 2 个允许的字符，如 92、91", kind)
    if not (isinstance(region, str) and len(region) == 6 and region.isdigit()):
        raise InputError("区划码", "应为 6 位数字", region)
    body = f"{kind}{region}M{serial:08d}"
    return body + uscc_check_char(body)


# ---------------------------------------------------------------- 手机号
def validate_mobile(value: Any, field: str = "手机号") -> str:
    """11 位大陆手机号，``1[3-9]`` 开头；接受全角数字、空格、横线和 ``+86`` / ``0086`` 前缀，返回 11 位半角数字。"""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    text = _as_code(value, field, "手机号").replace("-", "")
    if text.startswith("+86"):
        text = text[3:]
    elif text.startswith("0086"):
        text = text[4:]
    if not text.isascii() or not text.isdigit():
        raise InputError(field, "只能包含数字", show_value=False)
    if len(text) != 11:
        raise InputError(field, f"应为 11 位，现在是 {len(text)} 位", show_value=False)
    if not _MOBILE.fullmatch(text):
        raise InputError(field, "应以 13–19 开头", show_value=False)
    return text


# ---------------------------------------------------------------- 遮蔽
def _mask_text(value: Any, field: str) -> str:
    """要遮蔽的值：文字或整数（手机号、身份证号常被读成数字）；None、NaN 报错——不把 None 遮成“N***”。"""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, Integral) and not isinstance(value, bool):
        return str(value)
    raise InputError(field, "应为文字，不能为空", show_value=False)


def mask_id_card(number: str) -> str:
    """身份证号保留前 3 位和后 4 位，中间 11 位换成 *：``990***********123X``。

    出生日期（第 7–14 位）与县级地区码始终遮住；长度不对的值整体遮住。
    """
    text = _mask_text(number, "身份证号")
    if len(text) != 18:
        return "*" * max(len(text), 1)
    return text[:3] + "*" * 11 + text[-4:]


def mask_mobile(number: str) -> str:
    """手机号保留前 3 位和后 4 位：``138****1234``。"""
    text = _mask_text(number, "手机号")
    if len(text) != 11:
        return "*" * max(len(text), 1)
    return text[:3] + "****" + text[-4:]


def mask_name(name: str) -> str:
    """姓名只留第一个字，其余每个字换成 *：``张三`` → ``张*``，``欧阳明`` → ``欧**``。"""
    text = _mask_text(name, "姓名")
    if not text:
        return ""
    return text[0] + "*" * max(len(text) - 1, 1)


def mask_address(address: str) -> str:
    """地址只留前面最多 6 个字（一般到县、乡镇或市场名），其余换成 ``****``。"""
    text = _mask_text(address, "地址")
    keep = min(6, len(text) // 2)
    return text[:keep] + "****"
