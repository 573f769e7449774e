"""回归测试：每一类曾经漏出 traceback 或悄悄给出错误结果的输入，现在要么正确读懂，要么抛出点名字段的 InputError。"""
from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest

from coursekit import checks, compliance as C, crosssell, errors, fmt, kyc, loans, restoration, risk
from coursekit.datasets import teaching_bank
from coursekit.errors import InputError

INF = float("inf")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def raises(field, fn, *args, **kwargs) -> InputError:
    """调用应抛出 InputError，字段为 ``field``，信息是中文。"""
    with pytest.raises(InputError) as exc:
        fn(*args, **kwargs)
    assert exc.value.field == field, exc.value.message
    assert _CJK.search(exc.value.message)
    return exc.value


@pytest.fixture(scope="module")
def bank():
    return teaching_bank()


# -- require_int 与无穷大 ----------------------------------------------------------------

@pytest.mark.parametrize("value", [INF, -INF, np.float64(INF)])
def test_require_int_rejects_infinity(value):
    err = raises("月数", errors.require_int, value, "月数")
    assert "无穷大" in err.message


@pytest.mark.parametrize("call, field", [
    (lambda: loans.schedule(100_000, 0.05, INF), "期限（月）"),
    (lambda: loans.schedule(100_000, 0.05, 12, grace_months=INF), "宽限期（月）"),
    (lambda: loans.annualized_rate(1000, [100] * 12, periods_per_year=INF), "每年期数"),
    (lambda: loans.prepay(loans.schedule(100_000, 0.05, 12), -INF, 1000), "提前还款期数"),
    (lambda: risk.classify(INF), "逾期天数"),
    (lambda: risk.bucket(INF), "逾期天数"),
    (lambda: teaching_bank(seed=INF), "随机种子"),
    (lambda: kyc.new_record("个体工商户", {"子女人数": INF}), "子女人数"),
    (lambda: kyc.next_questions(kyc.new_record("个体工商户"), n=INF), "问题个数"),
    (lambda: risk.collection_plan(overdue_days=-INF), "逾期天数"),
    (lambda: C.ScanParams(return_days=INF), "回流天数"),
])
def test_integer_parameters_reject_infinity(call, field):
    raises(field, call)


def test_int_results_stay_exact_for_big_python_ints():
    assert errors.require_int(10**20, "x") == 10**20      # 不经过 float，不丢精度


# -- fmt 与 checks：任何有限的数都能显示 -----------------------------------------------------

def test_fmt_formats_huge_values_instead_of_crashing():
    assert fmt.yuan(1e30) == "1,000,000,000,000,000,000,000,000,000,000.00 元"
    assert fmt.pct(1e25) == "1" + "0" * 27 + ".00%"
    assert fmt.wan(1e27).endswith(",000.00 万元")
    assert fmt.bp(1e300).endswith(" 个基点（bp）")
    assert fmt.to_fen(1.7e308) > 0


def test_fmt_valid_values_unchanged():
    assert fmt.yuan(1234567.891) == "1,234,567.89 元"
    assert fmt.wan(1234567) == "123.46 万元"
    assert fmt.pct(0.04355) == "4.36%"
    assert fmt.bp(0.0085) == "85 个基点（bp）"
    assert fmt.money(99_999.995) == "100,000.00 元"
    assert fmt.yuan(-0.001) == "0.00 元"      # 不显示“-0.00 元”


@pytest.mark.parametrize("digits", [-1, 1.5, INF, "2", None, 11])
def test_fmt_digits_is_validated(digits):
    for f in (fmt.yuan, fmt.wan, fmt.pct, fmt.bp, fmt.money):
        raises("小数位数", f, 1.0, digits)


def test_fmt_unit_flag_parses_chinese_no():
    assert fmt.yuan(5, unit="否") == "5.00"
    raises("显示单位", fmt.yuan, 5, unit="也许")


@pytest.mark.parametrize("answer", [1e30, -1e308, 10**400, 1e-320, -0.0])
@pytest.mark.parametrize("kind", ["money", "number", "percent"])
def test_check_never_raises_on_an_absurd_answer(answer, kind):
    res = checks.check(answer, 8606.64, kind=kind)
    assert res.status in (checks.WRONG, checks.CORRECT)
    assert res.text() and res._repr_html_()


# -- 日期 ----------------------------------------------------------------------------------

def test_roll_rates_bad_month_is_input_error():
    hist = pd.DataFrame({"loan_id": ["A", "A"], "month": ["2024-01", "abc"], "overdue_days": [0, 10]})
    raises("月份", risk.roll_rates, hist)


def test_roll_rates_accepts_month_text():
    hist = pd.DataFrame({"loan_id": ["A", "A", "B", "B"], "month": ["2024-01", "2024-02"] * 2,
                         "overdue_days": [0, 10, 0, 0]})
    tab = risk.roll_rates(hist)
    assert tab.loc[pd.Timestamp("2024-02-01"), "正常→M1"] == pytest.approx(0.5)


def test_concentration_bad_disburse_date_is_input_error():
    df = pd.DataFrame({"balance": [1.0, 2.0], "disburse_date": ["2024-01-05", "不知道"]})
    raises("放款日期", risk.concentration, df, "disburse_month")


def test_series_from_transactions_bad_end_is_input_error():
    t = pd.DataFrame({"account_owner": ["C1"], "date": ["2024-05-06"], "direction": ["入"], "amount": [1.0]})
    raises("最后一个月", risk.series_from_transactions, t, "C1", end="abc")


@pytest.mark.parametrize("start", [20240701, 20240701.0, True])
def test_schedule_int_start_is_rejected_not_1970(start):
    err = raises("放款日", loans.schedule, 100_000, 0.05, 12, start=start)
    assert "不要写成数字" in err.message or "应为日期" in err.message


@pytest.mark.parametrize("start", ["2024-07-01", "2024/7/1", "2024年7月1日", "20240701", pd.Timestamp("2024-07-01")])
def test_schedule_start_written_many_ways(start):
    df = loans.schedule(100_000, 0.05, 3, start=start)
    assert list(df["还款日"].dt.strftime("%Y-%m-%d")) == ["2024-08-01", "2024-09-01", "2024-10-01"]


# -- 未检查的参数 ----------------------------------------------------------------------------

def _borrower():
    return {"名称": "青禾小卖部", "行业": "食品批发", "产品": [{"名称": "粮油", "销售额": 600_000, "毛利率": 0.12}]}


def test_restore_rejects_bad_norms():
    raises("行业参考值", restoration.restore, _borrower(), norms="x")
    raises("行业参考值", restoration.restore, _borrower(), norms={"食品批发": (0.1, 30, 30)})
    raises("行业参考毛利率", restoration.IndustryNorm, 2.0, 30, 30)


def test_judge_validates_thresholds():
    raises("关注线", restoration.judge, 0.03, warn=-1)
    raises("不通过线", restoration.judge, 0.03, warn=0.1, fail=0.05)
    raises("关注线", restoration.judge, 0.03, warn="5%")
    assert restoration.judge(0.03) == "通过" and restoration.judge(0.07) == "关注" and restoration.judge(0.2) == "不通过"


def test_classify_flags_and_params_validated():
    assert risk.classify(0, flags=None).category == "正常"
    raises("借款人状况", risk.classify, 0, flags=5)
    raises("分类参数", risk.classify, 0, params="x")
    raises("分类参数", risk.classify_portfolio, pd.DataFrame({"overdue_days": [0]}), params="x")
    raises("逾期天数界限", risk.ClassifyParams, overdue_bounds=(90, 270))
    raises("预期损失率档位", risk.ClassifyParams, loss_bands=0.5)


def test_classify_restructured_accepts_chinese_yes_no():
    assert risk.classify(0, restructured="否") == risk.classify(0, restructured=False)
    assert risk.classify(0, restructured="是") == risk.classify(0, restructured=True)
    assert risk.classify(0, restructured="是").category != "正常"


def test_compare_methods_methods_validated():
    raises("还款方式", loans.compare_methods, 100_000, 0.05, 12, methods=None)
    raises("还款方式", loans.compare_methods, 100_000, 0.05, 12, methods=["等额本息", "随便"])
    one = loans.compare_methods(100_000, 0.05, 12, methods="等额本金")
    assert list(one["还款方式"]) == ["等额本金"]


def test_prepay_huge_amount_is_input_error():
    err = raises("提前还款金额", loans.prepay, loans.schedule(100_000, 0.05, 12), 3, 1e308)
    assert "剩余本金" in err.message


def test_scan_params_validated_up_front():
    raises("回流金额占比", C.ScanParams, return_share=0.2)
    raises("集中使用收款方类型", C.ScanParams, converge_types="个人")
    assert C.ScanParams(converge_types=("个人",)).converge_types == ("个人",)


def test_kyc_identifiers_and_masks():
    raises("身份证号本体码", kyc.id_card_check_char, None)
    raises("统一社会信用代码", kyc.uscc_check_char, None)
    raises("姓名", kyc.mask_name, None)
    raises("手机号", kyc.mask_mobile, float("nan"))
    assert kyc.mask_name("张三") == "张*" and kyc.mask_mobile(13812345678) == "138****5678"


def test_new_record_treats_nat_birthday_as_not_filled():
    rec = kyc.new_record("个体工商户", {"本人生日": pd.NaT})
    assert rec.values.get("birthday") is None


def test_crosssell_inputs(bank):
    t = dict(bank.tables)
    h = t["holdings"].copy()
    h["since"] = h["since"].dt.strftime("%Y-%m-%d")            # 文字日期
    as_text = crosssell.holding_matrix({**t, "holdings": h}, as_of="2024-06-30")
    assert as_text.equals(crosssell.holding_matrix(t, as_of="2024-06-30"))
    one = crosssell.holding_matrix(t, products="存款")
    assert list(one.columns) == ["存款"]                        # 不拆成“存”“款”
    raises("产品", crosssell.holding_matrix, t, products=["存款", "存"])
    raises("balances 表", crosssell.propensity, {**t, "balances": t["balances"].drop(columns="month")})
    raises("客户号", crosssell.next_best, bank, customer_id=123)
    raises("推荐数", crosssell.next_best, bank, customer_id="C000004", k=INF)
    raises("客户号", crosssell.next_best, bank, customer_id=None or 1.5)


# -- 重复索引、是/否列、文字数字 ----------------------------------------------------------------

def _portfolio():
    return pd.DataFrame({"overdue_days": [0, 95, 10], "restructured": [False, False, True],
                         "balance": [100.0, 50.0, 25.0]})


def test_classify_portfolio_duplicate_index_matches_plain():
    a = _portfolio()
    both = pd.concat([a, a])                       # 索引 0,1,2,0,1,2
    out = risk.classify_portfolio(both)
    plain = risk.classify_portfolio(both.reset_index(drop=True))
    assert list(out.index) == [0, 1, 2, 0, 1, 2]
    assert list(out["category"]) == list(plain["category"])
    assert list(out["category"][:3]) == list(risk.classify_portfolio(a)["category"])
    assert list(out["category"][:2]) == ["正常", "次级"]


@pytest.mark.parametrize("no", ["否", "False", "false", "0", 0, "无"])
def test_restructured_text_no_is_false(no):
    df = pd.DataFrame({"overdue_days": [0], "restructured": pd.Series([no], dtype=object)})
    assert risk.classify_portfolio(df)["category"].iloc[0] == "正常"


def test_restructured_text_yes_is_true_and_nonsense_is_error():
    df = pd.DataFrame({"overdue_days": [0, 0], "restructured": ["是", None]})
    as_bool = pd.DataFrame({"overdue_days": [0, 0], "restructured": [True, False]})
    got = list(risk.classify_portfolio(df)["category"])
    assert got == list(risk.classify_portfolio(as_bool)["category"]) and got[0] != "正常" and got[1] == "正常"
    raises("是否重组", risk.classify_portfolio, pd.DataFrame({"overdue_days": [0], "restructured": ["看情况"]}))


def test_expected_loss_percent_text_is_error_not_ignored():
    df = pd.DataFrame({"overdue_days": [0], "expected_loss": ["95%"]})
    err = raises("预期损失率", risk.classify_portfolio, df)
    assert "0.95" in err.message


@pytest.mark.parametrize("days, field", [(90.9, "逾期天数"), (INF, "逾期天数"), (1e20, "逾期天数")])
def test_overdue_days_fractions_and_overflow(days, field):
    raises(field, risk.classify_portfolio, pd.DataFrame({"overdue_days": [days]}))


def test_overdue_days_as_float_whole_numbers_unchanged():
    out = risk.classify_portfolio(pd.DataFrame({"overdue_days": [0.0, 91.0, 400.0]}))
    assert list(out["category"]) == ["正常", "次级", "损失"]


def test_text_balances_are_read_not_zeroed():
    cl = risk.classify_portfolio(pd.DataFrame({"overdue_days": [0, 100], "balance": ["12,000", "3,000"]}))
    assert risk.npl_share(cl) == pytest.approx(0.2)
    df = pd.DataFrame({"balance": ["12,000", "￥3,000.00"], "method": ["等额本息", "先息后本"]})
    conc = risk.concentration(df, "method")
    assert conc["余额"].to_dict() == {"等额本息": 12000.0, "先息后本": 3000.0}
    br = risk.segment_breaches(df, limits=risk.SegmentLimits({"method": 0.6}))
    assert list(br["取值"]) == ["等额本息"] and br["占比"].iloc[0] == pytest.approx(0.8)
    raises("贷款余额", risk.concentration, pd.DataFrame({"balance": ["一万"], "method": ["x"]}), "method")


# -- 收支方向 -----------------------------------------------------------------------------

def _scan_frames(direction):
    tx = pd.DataFrame({"txn_id": ["T1"], "account_owner": ["C1"], "loan_id": ["L1"], "date": ["2024-05-07"],
                       "direction": [direction], "amount": [300000.0], "counterparty_id": ["X"],
                       "counterparty_name": ["青禾置业有限公司"], "counterparty_type": [None], "memo": ["购房"]})
    ln = pd.DataFrame({"loan_id": ["L1"], "customer_id": ["C1"], "amount": [300000.0],
                       "disburse_date": ["2024-05-06"]})
    return tx, ln


@pytest.mark.parametrize("direction", ["出", "出 ", " 支出", "out", "OUT", "借", "debit"])
def test_scan_reads_outflow_spellings(direction):
    tx, ln = _scan_frames(direction)
    found = C.scan(tx, ln, rules=["流入限制性领域"])
    assert len(found) == 1


@pytest.mark.parametrize("direction", ["转", "", None, "出出"])
def test_scan_unknown_direction_is_error_not_dropped(direction):
    tx, ln = _scan_frames(direction)
    raises("收支方向", C.scan, tx, ln)


def test_scan_text_amount_and_date_in_transactions():
    tx, ln = _scan_frames("出")
    tx["amount"] = ["300,000.00"]
    assert len(C.scan(tx, ln, rules=["流入限制性领域"])) == 1
    tx["date"] = ["2024年5月7日"]
    assert len(C.scan(tx, ln, rules=["流入限制性领域"])) == 1
    tx["amount"] = ["abc"]
    raises("交易金额", C.scan, tx, ln)


# -- 预警序列 -----------------------------------------------------------------------------

def test_warning_series_text_value_is_error_not_dropped():
    s = pd.DataFrame({"月份": pd.date_range("2024-01-01", periods=8, freq="MS"),
                      "账户流入": [100, 100, 100, 100, 100, "abc", 50, 50]})
    raises("账户流入", risk.early_warning, None, s)


def test_warning_series_text_numbers_are_read():
    nums = [100] * 6 + [50] * 3
    s_num = pd.DataFrame({"月份": pd.date_range("2024-01-01", periods=9, freq="MS"), "账户流入": nums})
    s_txt = s_num.assign(账户流入=[f"{v:,}" for v in nums])
    assert risk.early_warning(None, s_txt).level == risk.early_warning(None, s_num).level > 0


def test_onsite_signal_no_is_not_evidence():
    assert risk.early_warning({"停产或半停产": "否"}).level == 0
    assert risk.early_warning({"停产或半停产": "是"}).level > 0


def test_series_from_transactions_text_amount_is_error():
    t = pd.DataFrame({"account_owner": ["C1"], "date": ["2024-05-06"], "direction": ["入"], "amount": ["abc"]})
    raises("交易金额", risk.series_from_transactions, t, "C1")
    t["amount"] = ["1,200"]
    t["direction"] = ["收入 "]
    out = risk.series_from_transactions(t, "C1", months=2)
    assert out["账户流入"].tolist() == [0.0, 1200.0]


# -- 其他悄悄出错的地方 -------------------------------------------------------------------------

def test_seasonality_overflow_is_error_not_nan():
    b = _borrower()
    b["季节系数"] = [1e308] * 12
    raises("1 月季节系数", restoration.restore, b)


def test_numeric_column_helpers():
    s = pd.Series(["12,000", "￥1,234.50", "3元", "（1,000）", "１２３", None])
    out = errors.numeric_column(s, "金额", allow_missing=True)
    assert out.iloc[:5].tolist() == [12000.0, 1234.5, 3.0, -1000.0, 123.0] and math.isnan(out.iloc[5])
    assert errors.flag_column(pd.Series(["否", "是", "False", "1", None]), "f").tolist() == [
        False, True, False, True, False]
    assert errors.date_column(pd.Series([20240506, 20240507]), "d").dt.day.tolist() == [6, 7]
