"""自测：在运行中的内核里即时检查学员的答案，给出中文反馈。

用法（案例笔记本的“自测”一节）::

    from coursekit.checks import check
    answer = ...            # 学员把 ... 换成自己的计算结果
    check(answer, 8606.64, kind="money", label="月供")

- 学员还没作答（``None``、``...``、空字符串）时显示灰色的“尚未作答”，不报错：
  nbval 与书的构建都会从头到尾执行笔记本，未作答的笔记本也必须能跑通。
- 学员给错类型（金额题填了文字）时也不抛异常，而是返回“错误”并用中文说明应填什么。
- 默认不在反馈里给出参考答案；``reveal=True`` 时才显示。
- ``expected`` 也可以是一个检验函数 ``f(answer) -> (ok, message)``（或只返回 ``bool``）。

作者（写笔记本的人）用错参数（未知的 ``kind``、负的误差）时抛 :class:`~coursekit.errors.InputError`。

本模块不导入 ipywidgets 或 matplotlib。
"""
from __future__ import annotations

import html
import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from numbers import Real
from typing import Any

from .errors import InputError
from .fmt import pct, yuan

__all__ = ["CORRECT", "KINDS", "UNANSWERED", "WRONG", "CheckResult", "check", "is_unanswered"]

CORRECT, WRONG, UNANSWERED = "正确", "错误", "尚未作答"
KINDS = ("money", "number", "percent", "choice", "text")

#: 各类题目的默认绝对误差（与答案同单位）：金额 ±1 元；数值 ±0.01；百分比 ±0.0001（即 0.01 个百分点）
DEFAULT_TOL = {"money": 1.0, "number": 0.01, "percent": 0.0001}

# 与 coursekit.plotting 的 GOOD / BAD 相同（这里不导入 matplotlib）
_STYLE = {
    CORRECT: ("#009E73", "#e8f6f1", "✓"),
    WRONG: ("#D55E00", "#fcefe6", "✗"),
    UNANSWERED: ("#6b6b6b", "#f2f2f2", "○"),
}
_CSS_CLASS = {CORRECT: "ok", WRONG: "bad", UNANSWERED: "none"}


@dataclass(frozen=True, repr=False)
class CheckResult:
    """一次检查的结果。

    ``status`` 为 ``"正确"``、``"错误"`` 或 ``"尚未作答"``；``message`` 是给学员看的中文说明；
    ``answer`` 是学员的答案，``expected`` 是参考答案（或检验函数）。``bool(result)`` 只在“正确”时为真。
    在笔记本里作为单元的最后一个表达式时显示为带颜色的提示框；纯文本表示不含参考答案。
    """

    status: str
    message: str
    answer: Any
    expected: Any
    label: str = ""
    hint: str = ""

    def __bool__(self) -> bool:
        return self.status == CORRECT

    @property
    def ok(self) -> bool:
        return self.status == CORRECT

    @property
    def answered(self) -> bool:
        return self.status != UNANSWERED

    def text(self) -> str:
        """纯文本形式（终端、日志、不支持 HTML 的前端）。"""
        _, _, icon = _STYLE[self.status]
        head = f"{icon} {self.label + '：' if self.label else ''}{self.status}"
        out = f"{head}。{self.message}" if self.message else head
        if self.hint and self.status == WRONG:
            out += f"\n提示：{self.hint}"
        return out

    __str__ = text

    def __repr__(self) -> str:
        # 故意不含 expected：text/plain 输出里也不能泄露参考答案
        return self.text()

    def _repr_html_(self) -> str:
        colour, background, icon = _STYLE[self.status]
        label = f"<strong>{html.escape(self.label)}</strong>：" if self.label else ""
        hint = ""
        if self.hint and self.status == WRONG:
            hint = (f'<div style="margin-top:0.35em;color:#333;">💡 提示：{html.escape(self.hint)}</div>')
        message = html.escape(self.message).replace("\n", "<br>")
        return (
            f'<div class="ck-check ck-check-{_CSS_CLASS[self.status]}" '
            f'role="status" style="border-left:4px solid {colour};background:{background};color:#1a1a1a;'
            f'padding:0.5em 0.8em;margin:0.4em 0;border-radius:4px;max-width:100%;box-sizing:border-box;'
            f'overflow-wrap:anywhere;line-height:1.6;">'
            f'<span aria-hidden="true" style="color:{colour};font-weight:bold;margin-right:0.4em;">{icon}</span>'
            f'{label}<strong style="color:{colour};">{self.status}</strong>'
            f'{"　" + message if message else ""}{hint}</div>'
        )


# ---------------------------------------------------------------------------
# 辅助：未作答、类型描述、数字显示

def is_unanswered(answer: Any) -> bool:
    """``None``、``...``（Ellipsis）和空白字符串都算尚未作答。"""
    if answer is None or answer is Ellipsis:
        return True
    return isinstance(answer, str) and answer.strip() == ""


def _describe(value: Any) -> str:
    """用中文说出学员给的是什么东西（用于类型不对时的提示）。"""
    if isinstance(value, bool):
        return f"真/假值 {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 30 else value[:30] + "…"
        return f"文字“{shown}”"
    name = type(value).__name__
    if name == "Series":
        return "一列数据（pandas Series）"
    if name == "DataFrame":
        return "一张表（pandas DataFrame）"
    if name == "ndarray":
        return "一个数组（numpy array）"
    if isinstance(value, (list, tuple)):
        return f"一个含 {len(value)} 项的列表"
    if isinstance(value, (set, frozenset)):
        return f"一个含 {len(value)} 项的集合"
    if isinstance(value, dict):
        return "一个字典"
    return f"{name} 类型的值"


def _to_float(value: Any) -> float | None:
    """把学员的数值答案转成 float；转不了返回 None。numpy 标量、Decimal、Fraction 都可以。"""
    if isinstance(value, bool):
        return None
    if isinstance(value, (Real, Decimal, Fraction)):
        try:
            return float(value)
        except OverflowError:   # 超出 float 范围的整数或分数：按无穷大处理，给出“无穷大”的反馈而不是抛异常
            return math.inf if value > 0 else -math.inf
    # 只有一个元素的 numpy 数组 / pandas 标量包装
    item = getattr(value, "item", None)
    size = getattr(value, "size", None)
    if callable(item) and size == 1 and type(value).__name__ not in {"Series", "DataFrame"}:
        try:
            inner = item()
        except (TypeError, ValueError):  # pragma: no cover - 罕见的自定义类型
            return None
        return _to_float(inner)
    return None


def _num(x: float) -> str:
    """一般数值的显示：千分位，最多四位小数，去掉末尾的 0。"""
    text = f"{x:,.4f}".rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


def _show(x: float, kind: str) -> str:
    if kind == "money":
        return yuan(x)
    if kind == "percent":
        return pct(x)
    return _num(x)


def _gap(diff: float, kind: str) -> str:
    """差距的说法：金额用元，百分比用“个百分点”，数值用原单位。"""
    if kind == "money":
        return yuan(diff)
    if kind == "percent":
        return f"{_num(round(diff * 100, 4))} 个百分点"
    return _num(diff)


_UNIT_WORD = {"money": "数字（单位：元，如 8606.64）", "number": "数字",
              "percent": "小数形式的数字（如 0.1268 表示 12.68%）"}

# 常见的数量级失误：答案 = 参考答案 × 因子
_SLIPS = {
    "money": [(1 / 10000, "你的答案恰好是参考答案的万分之一：是不是按“万元”填写了？本题以“元”为单位。"),
              (10000, "你的答案恰好是参考答案的一万倍：请检查单位，本题以“元”为单位。"),
              (12, "你的答案恰好是参考答案的 12 倍：是不是把月数和年数、月利率和年利率弄混了？"),
              (1 / 12, "你的答案恰好是参考答案的 1/12：是不是把月数和年数、月利率和年利率弄混了？")],
    "percent": [(100, "看起来你填的是百分数本身。本书的比例一律按小数填写：12.68% 应写作 0.1268。"),
                (12, "你的答案恰好是参考答案的 12 倍：是不是把月利率和年利率弄混了？"),
                (1 / 12, "你的答案恰好是参考答案的 1/12：是不是把月利率和年利率弄混了？")],
    "number": [(100, "你的答案恰好是参考答案的 100 倍：是不是把比例写成了百分数？"),
               (1 / 100, "你的答案恰好是参考答案的 1/100：请检查单位或小数点位置。")],
}


# ---------------------------------------------------------------------------
# 各类题目的检查

def _check_numeric(answer: Any, expected: Any, kind: str, tol: float | None, rel: float | None,
                   reveal: bool) -> tuple[str, str]:
    exp = _to_float(expected)
    if exp is None or not math.isfinite(exp):
        raise InputError("参考答案", f"应为有限的数字（题型 {kind}）", expected)
    value = _to_float(answer)
    if value is None:
        return WRONG, f"本题应填{_UNIT_WORD[kind]}，收到的是{_describe(answer)}。请填写计算结果本身，不要加引号或单位。"
    if math.isnan(value):
        return WRONG, "你的答案是空值 NaN：计算中可能用到了缺失数据，请检查数据后重算。"
    if math.isinf(value):
        return WRONG, "你的答案是无穷大：计算中可能除以了 0，请检查分母。"

    allowed = 0.0 if tol is None and rel is not None else (DEFAULT_TOL[kind] if tol is None else tol)
    if rel is not None:
        allowed = max(allowed, rel * abs(exp))
    diff = abs(value - exp)
    # 浮点误差：8606.64 与 8606.64 + 1e-12 视为相同
    within = diff <= allowed + 1e-9 * max(1.0, abs(exp))
    shown, allowed_text = _show(value, kind), _gap(allowed, kind)
    ref = f"参考答案 {_show(exp, kind)}。" if reveal else ""
    if within:
        if diff == 0 or allowed == 0:
            return CORRECT, f"你的答案 {shown}。{ref}".rstrip()
        sep = " " if allowed_text[-1].isdigit() else ""
        return CORRECT, f"你的答案 {shown}，在允许误差 ±{allowed_text}{sep}之内。{ref}".rstrip()

    # 常见失误：单位、年月、百分数
    if exp != 0:
        for factor, note in _SLIPS[kind]:
            if abs(value - exp * factor) <= max(allowed * abs(factor), 1e-9 * abs(exp * factor)):
                return WRONG, f"你的答案 {shown}。{note}{ref}".rstrip()

    # 接近时（差距不超过允许误差的 10 倍或参考答案的 5%）给出具体差距，便于发现舍入、取数的问题；
    # 差得远时只说偏高还是偏低，不让差距泄露参考答案。
    if diff <= max(10 * allowed, 0.05 * abs(exp)):
        advice = "差得不多，多半是中间步骤舍入过早或取数有出入。" if diff <= 10 * allowed else "请检查计算方法。"
        return WRONG, (f"你的答案 {shown}，与参考答案相差 {_gap(diff, kind)}，超出允许误差 {allowed_text}。"
                       f"{advice}{ref}")
    direction = "偏高" if value > exp else "偏低"
    return WRONG, f"你的答案 {shown}，与参考答案不符（{direction}，且超出允许误差 {allowed_text}），请检查方法。{ref}".rstrip()


_SPLIT = re.compile(r"[\s,，、;；/]+")


def _norm_text(value: Any) -> str:
    """文字比较前的规整：全角转半角、去空白和句末标点、不分大小写。"""
    text = unicodedata.normalize("NFKC", str(value)).strip().casefold()
    text = re.sub(r"\s+", "", text)
    return text.rstrip("。.!！")


def _norm_choice(value: Any) -> str:
    return _norm_text(value).upper()


def _choice_items(answer: Any) -> list[str] | None:
    """多选题的答案：集合/列表，或 "AC"、"A,C"、"A、C" 这样的写法。"""
    if isinstance(answer, (list, tuple, set, frozenset)):
        if not all(isinstance(a, (str, int)) and not isinstance(a, bool) for a in answer):
            return None
        return [_norm_choice(a) for a in answer]
    if isinstance(answer, str):
        text = unicodedata.normalize("NFKC", answer).strip()
        parts = [p for p in _SPLIT.split(text) if p]
        if len(parts) == 1 and re.fullmatch(r"[A-Za-z]+", parts[0]):
            parts = list(parts[0])
        return [_norm_choice(p) for p in parts]
    if isinstance(answer, int) and not isinstance(answer, bool):
        return [str(answer)]
    return None


def _check_choice(answer: Any, expected: Any, reveal: bool) -> tuple[str, str]:
    if isinstance(expected, (set, frozenset, list, tuple)):
        if not expected:
            raise InputError("参考答案", "多选题至少要有一个正确选项", expected)
        want = {_norm_choice(e) for e in expected}
        got_list = _choice_items(answer)
        if got_list is None:
            return WRONG, f"本题是多选题，请填选项字母，如 \"AC\" 或 {{\"A\", \"C\"}}；收到的是{_describe(answer)}。"
        got = set(got_list)
        ref = f"参考答案 {'、'.join(sorted(want))}。" if reveal else ""
        if got == want:
            return CORRECT, f"你选了 {'、'.join(sorted(got))}。{ref}".rstrip()
        missing, extra = len(want - got), len(got - want)
        parts = []
        if extra:
            parts.append(f"多选了 {extra} 项")
        if missing:
            parts.append(f"漏选了 {missing} 项")
        return WRONG, f"你选了 {'、'.join(sorted(got)) or '（无）'}：{'，'.join(parts)}。{ref}".rstrip()

    if not isinstance(expected, (str, int)) or isinstance(expected, bool):
        raise InputError("参考答案", "单选题应为一个选项（如 \"B\"），多选题应为选项的集合（如 {\"A\", \"C\"}）", expected)
    items = _choice_items(answer)
    if items is None or len(items) != 1:
        return WRONG, f"本题只有一个正确选项，请只填一个选项字母（如 \"B\"）；收到的是{_describe(answer)}。"
    ref = f"参考答案 {_norm_choice(expected)}。" if reveal else ""
    if items[0] == _norm_choice(expected):
        return CORRECT, f"你选了 {items[0]}。{ref}".rstrip()
    return WRONG, f"你选了 {items[0]}，不是最佳答案。{ref}".rstrip()


def _check_text(answer: Any, expected: Any, reveal: bool) -> tuple[str, str]:
    alternatives = list(expected) if isinstance(expected, (list, tuple, set, frozenset)) else [expected]
    if not alternatives or not all(isinstance(a, str) and a.strip() for a in alternatives):
        raise InputError("参考答案", "文字题应为非空文字，或几个可接受写法的列表", expected)
    if not isinstance(answer, str):
        return WRONG, f"本题应填文字（加引号，如 \"关注\"），收到的是{_describe(answer)}。"
    ref = f"参考答案 {alternatives[0]}。" if reveal else ""
    shown = answer.strip().rstrip("。.!！")
    if _norm_text(answer) in {_norm_text(a) for a in alternatives}:
        return CORRECT, f"你的答案“{shown}”。{ref}".rstrip()
    return WRONG, f"你的答案“{shown}”不对。{ref}".rstrip()


def _check_callable(answer: Any, validator: Callable[[Any], Any]) -> tuple[str, str]:
    try:
        outcome = validator(answer)
    except InputError as exc:
        return WRONG, exc.message
    except (TypeError, ValueError, ArithmeticError, KeyError, IndexError, AttributeError) as exc:
        return WRONG, f"无法检验这个答案（收到的是{_describe(answer)}）：请检查答案的格式。（{type(exc).__name__}）"
    if isinstance(outcome, tuple) and len(outcome) == 2:
        ok, message = outcome
    else:
        ok, message = outcome, ""
    return (CORRECT if bool(ok) else WRONG), str(message or "")


# ---------------------------------------------------------------------------

def check(answer: Any, expected: Any, *, tol: float | None = None, rel: float | None = None,
          kind: str = "number", label: str = "", hint: str = "", reveal: bool = False) -> CheckResult:
    """检查学员的答案，返回 :class:`CheckResult`（在笔记本里显示为绿色 ✓、红色 ✗ 或灰色“尚未作答”）。

    参数
    ----
    answer
        学员的答案。``None``、``...``、``""`` 表示尚未作答。
    expected
        参考答案；或检验函数 ``f(answer) -> (ok, message)``。单选题为选项字母，多选题为选项集合，
        文字题可为几个可接受写法的列表。
    tol, rel
        允许误差。``tol`` 与答案同单位（金额为元，百分比为小数：0.0001 即 0.01 个百分点）；
        ``rel`` 是相对误差（0.01 即参考答案的 1%）。两者都给时取较宽者。
        默认：金额 ±1 元，数值 ±0.01，百分比 ±0.01 个百分点；只给 ``rel`` 时不再加默认的绝对误差。
    kind
        ``"money"``（元）、``"number"``、``"percent"``（小数形式）、``"choice"``、``"text"``。
    label
        题目名称，显示在反馈前（如 ``"月供"``）。
    hint
        答错时显示的提示。
    reveal
        为真时在反馈中给出参考答案（默认不给）。
    """
    if kind not in KINDS:
        raise InputError("题型（kind）", "应为 money、number、percent、choice、text 之一", kind)
    for name, value in (("允许误差（tol）", tol), ("相对误差（rel）", rel)):
        if value is not None:
            number = _to_float(value)
            if number is None or not math.isfinite(number) or number < 0:
                raise InputError(name, "应为不小于 0 的数字", value)
    if (tol is not None or rel is not None) and kind in {"choice", "text"} and not callable(expected):
        raise InputError("允许误差（tol）", f"只适用于数值题，{kind} 题不需要", tol if tol is not None else rel)
    if not isinstance(label, str) or not isinstance(hint, str):
        raise InputError("题目名称（label）或提示（hint）", "应为文字", label if not isinstance(label, str) else hint)
    tol_f = None if tol is None else float(tol)
    rel_f = None if rel is None else float(rel)

    if is_unanswered(answer):
        return CheckResult(UNANSWERED, "把上面的 ... 换成你的答案，再运行本单元。", answer, expected, label, hint)

    if callable(expected):
        status, message = _check_callable(answer, expected)
    elif kind in DEFAULT_TOL:
        status, message = _check_numeric(answer, expected, kind, tol_f, rel_f, reveal)
    elif kind == "choice":
        status, message = _check_choice(answer, expected, reveal)
    else:
        status, message = _check_text(answer, expected, reveal)
    return CheckResult(status, message, answer, expected, label, hint)
