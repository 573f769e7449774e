"""errors、fmt、plotting 与包导入的测试。"""
from __future__ import annotations

import math
import subprocess
import sys
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coursekit import InputError, fmt
from coursekit.errors import (require_choice, require_fraction, require_int, require_non_negative,
                              require_number, require_positive)


# ---------------------------------------------------------------- errors
def test_input_error_is_value_error_and_names_field():
    err = InputError("存货", "不能为负数", -5000)
    assert isinstance(err, ValueError)
    assert err.field == "存货"
    assert str(err) == "存货不能为负数：收到 -5000"


def test_input_error_can_hide_sensitive_value():
    err = InputError("身份证号", "校验码不正确", "110101199003074578", show_value=False)
    assert "110101199003074578" not in str(err)
    assert err.value is None


@pytest.mark.parametrize("bad", [None, "12a", float("nan"), float("inf"), True, [1], {"a": 1}])
def test_require_number_rejects_non_numbers(bad):
    with pytest.raises(InputError) as exc:
        require_number(bad, "销售额")
    assert exc.value.field == "销售额"


def test_require_number_accepts_numpy_scalars():
    import numpy as np

    assert require_number(np.float32(2.5), "x") == 2.5
    assert require_number(np.int64(7), "x") == 7.0


def test_range_helpers():
    assert require_non_negative(0, "存货") == 0
    with pytest.raises(InputError, match="不能为负数"):
        require_non_negative(-0.01, "存货")
    with pytest.raises(InputError, match="应大于 0"):
        require_positive(0, "期数")
    assert require_fraction(1.0, "毛利率") == 1.0
    with pytest.raises(InputError, match="0 到 1 之间"):
        require_fraction(1.2, "毛利率")
    with pytest.raises(InputError):
        require_fraction(1.0, "毛利率", inclusive_high=False)
    assert require_int(12.0, "期数", minimum=1) == 12
    for bad in (12.5, "12", True):
        with pytest.raises(InputError):
            require_int(bad, "期数")
    with pytest.raises(InputError, match="不能小于 1"):
        require_int(0, "期数", minimum=1)
    with pytest.raises(InputError, match="等额本息、等额本金"):
        require_choice("气球贷", "还款方式", ["等额本息", "等额本金"])


# ---------------------------------------------------------------- fmt
@pytest.mark.parametrize("value, text", [
    (1234567.891, "1,234,567.89 元"),
    (-1500, "-1,500.00 元"),
    (0.005, "0.01 元"),   # 四舍五入到分，不是银行家舍入
    (0.015, "0.02 元"),
])
def test_yuan(value, text):
    assert fmt.yuan(value) == text


def test_wan_money_pct_bp():
    assert fmt.wan(1234567) == "123.46 万元"
    assert fmt.wan(500000, digits=0) == "50 万元"
    assert fmt.money(99999.5) == "99,999.50 元"
    assert fmt.money(100000) == "10.00 万元"
    assert fmt.pct(0.04355) == "4.36%"
    assert fmt.pct(0.1, digits=1) == "10.0%"
    assert fmt.bp(0.0085) == "85 个基点（bp）"
    assert fmt.to_fen(2.675) == Decimal("2.68")


@pytest.mark.parametrize("value, text", [
    (0, "人民币零元整"),
    (0.05, "人民币伍分"),
    (0.5, "人民币伍角整"),
    (8, "人民币捌元整"),
    (101, "人民币壹佰零壹元整"),
    (1010, "人民币壹仟零壹拾元整"),
    (10010, "人民币壹万零壹拾元整"),
    (100000, "人民币壹拾万元整"),
    (120000, "人民币壹拾贰万元整"),
    (1005000, "人民币壹佰万零伍仟元整"),
    (1050000, "人民币壹佰零伍万元整"),
    (1234.56, "人民币壹仟贰佰叁拾肆元伍角陆分"),
    (300000.07, "人民币叁拾万元零柒分"),
    (100000000, "人民币壹亿元整"),
    (100010000, "人民币壹亿零壹万元整"),
    (105000000.07, "人民币壹亿零伍佰万元零柒分"),
])
def test_rmb_upper_contract_writing(value, text):
    assert fmt.rmb_upper(value) == text


def test_rmb_upper_rejects_bad_amounts():
    for bad in (-1, "一百", float("nan"), 1e17):
        with pytest.raises(InputError) as exc:
            fmt.rmb_upper(bad)
        assert exc.value.field == "金额"


_DIG = {c: i for i, c in enumerate("零壹贰叁肆伍陆柒捌玖")}


def _parse_upper(text: str) -> int:
    """把大写金额读回“分”——独立于生成算法的反向解析，用于性质测试。"""
    body = text.removeprefix("人民币").removesuffix("整")
    small = {"拾": 10, "佰": 100, "仟": 1000}
    total, section, number = 0, 0, 0
    yuan_part, _, frac = body.partition("元")
    if "元" not in body:
        yuan_part, frac = "", body
    for ch in yuan_part:
        if ch in _DIG:
            number = _DIG[ch]
        elif ch in small:
            section += number * small[ch]
            number = 0
        elif ch == "万":
            total += (section + number) * 10_000
            section = number = 0
        elif ch == "亿":
            total = (total + section + number) * 100_000_000
            section = number = 0
    total += section + number
    fen = total * 100
    digit = None
    for ch in frac:
        if ch in _DIG:
            digit = _DIG[ch]
        elif ch == "角":
            fen += digit * 10
        elif ch == "分":
            fen += digit
    return fen


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**13))
def test_rmb_upper_round_trips(fen):
    amount = fen / 100
    text = fmt.rmb_upper(amount)
    assert _parse_upper(text) == fen
    assert "零零" not in text
    assert not text.removeprefix("人民币").startswith("零") or fen == 0


@settings(max_examples=200, deadline=None)
@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False))
def test_yuan_reads_back(value):
    text = fmt.yuan(value).removesuffix(" 元").replace(",", "")
    assert math.isclose(float(text), value, abs_tol=0.005 + 1e-6 * abs(value))


# ---------------------------------------------------------------- plotting and import
def test_import_coursekit_does_not_load_widgets_or_matplotlib():
    code = ("import sys, coursekit; "
            "print(int('matplotlib' in sys.modules), int('ipywidgets' in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["0", "0"]


def test_plotting_finds_a_cjk_font_and_draws_without_missing_glyphs(recwarn):
    import matplotlib

    matplotlib.use("Agg")
    from coursekit import plotting

    font = plotting.setup()
    assert font, "应找到一种中文字体（系统字体或 mplfonts）"
    fig, ax = plotting.subplots()
    ax.bar(["存款", "贷款", "代发"], [3, 5, 2])
    ax.set_title("客户经理的产品结构")
    plotting.money_axis(ax)
    fig.canvas.draw()
    assert not [w for w in recwarn if "Glyph" in str(w.message)]
    assert ax.get_ylabel() == "金额（万元）"
    labels = ax.yaxis.get_major_formatter()(50000, 0)
    assert labels == "5"
    import matplotlib.pyplot as plt

    plt.close(fig)


def test_input_error_spaces_latin_field_names():
    assert str(InputError("LPR", "应在 0 到 1 之间")) == "LPR 应在 0 到 1 之间"


def test_require_flag_reads_yes_no_answers_and_rejects_the_rest():
    import numpy as np

    from coursekit.errors import InputError, require_flag

    assert [require_flag(v, "是否重组") for v in (True, np.bool_(False), 1, 0, " 否", "是", "False", "有", "无")] == [
        True, False, True, False, False, True, False, True, False]
    for bad in ("x", 2, None, float("nan"), ""):
        with pytest.raises(InputError, match="是否重组"):
            require_flag(bad, "是否重组")
