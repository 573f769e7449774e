"""coursekit.checks：自测检查的判定、误差、未作答与错误类型。"""
from __future__ import annotations

import math
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coursekit.checks import CORRECT, UNANSWERED, WRONG, CheckResult, check, is_unanswered
from coursekit.errors import InputError

PAYMENT = 8606.642970708237  # 10 万元、年利率 6%、12 期等额本息的月供


# -- 金额 ---------------------------------------------------------------------

def test_money_within_default_tolerance_is_correct():
    result = check(8606.64, PAYMENT, kind="money", label="月供")
    assert result.status == CORRECT and bool(result)
    assert "8,606.64 元" in result.message
    assert "±1.00 元之内" in result.message


def test_money_default_tolerance_is_one_yuan():
    assert check(PAYMENT + 0.99, PAYMENT, kind="money").ok
    assert not check(PAYMENT + 1.01, PAYMENT, kind="money").ok


def test_money_custom_tolerance():
    assert check(8610, PAYMENT, kind="money", tol=5).ok
    assert not check(8610, PAYMENT, kind="money", tol=3).ok


def test_money_relative_tolerance_alone_replaces_default():
    # 只给 rel：1% 的 8606.64 约为 86 元
    assert check(8680, PAYMENT, kind="money", rel=0.01).ok
    assert not check(8700, PAYMENT, kind="money", rel=0.01).ok
    # rel=0 且不给 tol：必须精确
    assert not check(PAYMENT + 0.5, PAYMENT, kind="money", rel=0).ok


def test_money_near_miss_names_difference_but_not_expected():
    result = check(8700, PAYMENT, kind="money")
    assert result.status == WRONG
    assert "相差 93.36 元" in result.message
    assert "超出允许误差 1.00 元" in result.message
    assert "8,606.64" not in result.message


def test_money_far_miss_only_says_direction():
    high = check(12000, PAYMENT, kind="money")
    low = check(5000, PAYMENT, kind="money")
    assert "偏高" in high.message and "偏低" in low.message
    assert "相差" not in high.message and "8,606" not in high.message


def test_money_in_wan_is_diagnosed():
    result = check(0.8607, PAYMENT, kind="money")
    assert not result.ok and "万元" in result.message


def test_reveal_shows_expected():
    result = check(8700, PAYMENT, kind="money", reveal=True)
    assert "参考答案 8,606.64 元" in result.message


def test_exact_float_noise_is_correct_with_zero_tolerance():
    assert check(0.1 + 0.2, 0.3, tol=0).ok


# -- 百分比 -------------------------------------------------------------------

def test_percent_message_matches_house_style():
    result = check(0.125, 0.1268, kind="percent")
    assert result.status == WRONG
    assert result.message.startswith("你的答案 12.50%，与参考答案相差 0.18 个百分点，超出允许误差 0.01 个百分点")


def test_percent_default_tolerance_is_one_hundredth_point():
    assert check(0.12685, 0.1268, kind="percent").ok
    assert not check(0.1270, 0.1268, kind="percent").ok


def test_percent_entered_as_percent_number_is_explained():
    result = check(12.68, 0.1268, kind="percent")
    assert not result.ok and "按小数填写" in result.message


# -- 数值 ---------------------------------------------------------------------

def test_number_default_tolerance():
    assert check(1.854, 1.85).ok
    assert not check(1.87, 1.85).ok


@settings(max_examples=150, deadline=None)
@given(expected=st.floats(-1e7, 1e7, allow_nan=False), offset=st.floats(-50, 50, allow_nan=False),
       tol=st.floats(0, 20, allow_nan=False))
def test_numeric_verdict_matches_distance(expected, offset, tol):
    result = check(expected + offset, expected, kind="money", tol=tol)
    if abs(offset) <= tol * 0.999:
        assert result.ok
    elif abs(offset) >= tol * 1.001 + 1e-6 * max(1, abs(expected)):
        assert not result.ok
    assert result.status in {CORRECT, WRONG}


def test_numpy_and_decimal_answers_accepted():
    assert check(np.float64(8606.64), PAYMENT, kind="money").ok
    assert check(np.array([8606.64])[0], PAYMENT, kind="money").ok
    assert check(Decimal("8606.64"), PAYMENT, kind="money").ok
    assert check(np.int64(45), 45).ok


# -- 未作答 -------------------------------------------------------------------

@pytest.mark.parametrize("blank", [None, ..., "", "   "])
def test_unanswered_is_neutral(blank):
    result = check(blank, PAYMENT, kind="money")
    assert result.status == UNANSWERED
    assert not bool(result) and not result.answered
    assert "尚未作答" in result._repr_html_()
    assert is_unanswered(blank)


def test_unanswered_neutral_even_with_validator():
    calls = []
    result = check(..., lambda a: calls.append(a) or (True, ""))
    assert result.status == UNANSWERED and calls == []


# -- 错误类型：不抛异常 ---------------------------------------------------------

@pytest.mark.parametrize("bad, word", [
    ("8606.64", "文字"),
    ([8606.64], "列表"),
    (True, "真/假值"),
    (pd.Series([1.0, 2.0]), "一列数据"),
    (pd.DataFrame({"a": [1]}), "一张表"),
    ({"月供": 8606}, "字典"),
])
def test_bad_types_for_money_return_wrong_with_chinese_message(bad, word):
    result = check(bad, PAYMENT, kind="money")
    assert result.status == WRONG
    assert word in result.message and "应填数字" in result.message


def test_nan_and_inf_answers_explained():
    assert "NaN" in check(float("nan"), 1.0).message
    assert "除以了 0" in check(math.inf, 1.0).message


def test_text_answer_of_wrong_type():
    result = check(3, "关注", kind="text")
    assert result.status == WRONG and "应填文字" in result.message


# -- 选择题与文字题 -------------------------------------------------------------

def test_single_choice_normalises_case_and_width():
    assert check("ｂ", "B", kind="choice").ok
    assert check(" b ", "B", kind="choice").ok
    assert not check("C", "B", kind="choice").ok
    assert "只填一个" in check(["B", "C"], "B", kind="choice").message


@pytest.mark.parametrize("answer", ["AC", "ca", "A,C", "A、C", {"A", "C"}, ["c", "a"]])
def test_multi_choice_accepts_many_spellings(answer):
    assert check(answer, {"A", "C"}, kind="choice").ok


def test_multi_choice_counts_missing_and_extra_without_naming_them():
    result = check("AB", {"A", "C"}, kind="choice")
    assert "多选了 1 项" in result.message and "漏选了 1 项" in result.message
    assert "C" not in result.message.split("：", 1)[1]


def test_text_alternatives_and_normalisation():
    assert check("关注。", ["关注", "关注类"], kind="text").ok
    assert check("关注类", ["关注", "关注类"], kind="text").ok
    assert check("LPR", "lpr", kind="text").ok
    assert not check("次级", "关注", kind="text").ok


# -- 检验函数 -----------------------------------------------------------------

def test_callable_validator_message_passes_through():
    def validator(a):
        return a > 0.5, "资产负债率要高于 50% 才算偏高"

    result = check(0.3, validator, label="判断")
    assert result.status == WRONG and result.message == "资产负债率要高于 50% 才算偏高"
    assert check(0.6, validator).ok


def test_callable_validator_bool_and_errors_do_not_raise():
    assert check(5, lambda a: a == 5).ok
    result = check("五", lambda a: a + 1 > 0)
    assert result.status == WRONG and "格式" in result.message

    def strict(a):
        raise InputError("存货", "不能为负数", a)

    assert check(-1, strict).message.startswith("存货不能为负数")


# -- 提示与显示 ---------------------------------------------------------------

def test_hint_only_on_error_and_html_colours():
    wrong = check(1, 2, hint="先算月利率")
    right = check(2, 2, hint="先算月利率")
    assert "先算月利率" in wrong._repr_html_() and "#D55E00" in wrong._repr_html_()
    assert "先算月利率" not in right._repr_html_() and "#009E73" in right._repr_html_()
    assert "✓" in right._repr_html_() and "✗" in wrong._repr_html_()


def test_html_escapes_learner_text():
    result = check("<script>alert(1)</script>", "B", kind="choice")
    assert "<script>" not in result._repr_html_()


def test_plain_repr_never_contains_expected():
    result = check(8700, PAYMENT, kind="money", label="月供")
    assert "8606.64" not in repr(result) and "8,606.64" not in repr(result)
    assert repr(result).startswith("✗ 月供：错误")


def test_result_is_frozen():
    result = check(1, 1)
    assert isinstance(result, CheckResult)
    with pytest.raises(AttributeError):
        result.status = WRONG  # type: ignore[misc]


# -- 作者用错参数：抛 InputError ------------------------------------------------

def test_author_errors_raise_input_error():
    with pytest.raises(InputError, match="题型"):
        check(1, 1, kind="money_wan")
    with pytest.raises(InputError, match="允许误差"):
        check(1, 1, tol=-1)
    with pytest.raises(InputError, match="参考答案"):
        check(1, "八千", kind="money")
    with pytest.raises(InputError, match="参考答案"):
        check("A", set(), kind="choice")
    with pytest.raises(InputError, match="只适用于数值题"):
        check("A", "A", kind="choice", tol=1)
