"""全书表格样式（coursekit.tables）：数字、比例、空值、真假、索引与英文列名的显示规则。"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coursekit import tables


def _cells(t):
    return [list(r) for r in t.cells]


def test_numbers_get_thousands_separators_and_integral_money_has_no_decimals():
    t = tables.table(pd.DataFrame({"期数": [1, 2], "本金": [11592.0, 900.0], "利息": [1234.5, 0.25]}))
    assert t.header == ["期数", "本金", "利息"]
    assert _cells(t) == [["1", "11,592", "1,234.50"], ["2", "900", "0.25"]]
    assert t.numeric == [True, True, True]


def test_rates_show_as_percentages_with_two_decimals():
    df = pd.DataFrame({"产品": ["甲", "乙"], "年利率": [0.05, 0.0435], "不良占比": [0.1234, 0.0],
                       "流动比率": [1.5, 2.25], "月供（元）": [0.5, 1.0]})
    t = tables.table(df)
    assert [r[1] for r in t.cells] == ["5.00%", "4.35%"]
    assert [r[2] for r in t.cells] == ["12.34%", "0.00%"]
    assert [r[3] for r in t.cells] == ["1.50", "2.25"]          # 比率是倍数，不是百分数
    assert [r[4] for r in t.cells] == ["0.50", "1.00"]            # 含（元）的列不是比例


def test_check_deviation_reads_as_a_percentage():
    # 交叉检验表的“偏差”是小数（0.1532 即申报比推算高 15.32%）；写成 0.15 会被读成 0.15%
    t = tables.table(pd.DataFrame({"检验": ["销售额：银行流水", "销售额：用电量"], "偏差": [0.1532, 26.581],
                                   "偏差（元）": [15_320.0, 0.0]}))
    assert t.cells[0][1:] == ["15.32%", "15,320"]
    assert t.cells[1][1] == "2,658.10%"          # 申报额是推算的二十多倍：仍是百分数，不是 26.58


def test_named_rate_columns_and_opt_out():
    df = pd.DataFrame({"share": [0.5, 0.25], "使用率": [0.3, 0.4]})
    assert [r[0] for r in tables.table(df).cells] == ["50.00%", "25.00%"]   # share → 占贷款比例
    assert [r[1] for r in tables.table(df, plain=["使用率"]).cells] == ["0.30", "0.40"]
    assert [r[1] for r in tables.table(df, pct=False).cells] == ["0.30", "0.40"]
    assert [r[1] for r in tables.table(df, pct_digits=1).cells] == ["30.0%", "40.0%"]


def test_a_rate_named_column_with_large_values_is_not_multiplied():
    # 列名像比例，数值却是 35、60（已经是百分点）：不能显示成 3500%
    t = tables.table(pd.DataFrame({"完成率": [35.0, 60.0]}))
    assert [r[0] for r in t.cells] == ["35", "60"]


def test_missing_values_booleans_and_dates_are_written_for_readers():
    df = pd.DataFrame({"重组": [True, False, None], "金额": [np.nan, 1.0, 2.0],
                       "日期": pd.to_datetime(["2024-07-01", None, "2024-08-15"])})
    cells = _cells(tables.table(df))
    assert cells == [["是", "—", "2024-07-01"], ["否", "1", "—"], ["—", "2", "2024-08-15"]]
    assert "NaN" not in tables.table(df).html and "False" not in tables.table(df).html


def test_default_row_numbers_are_hidden_but_a_meaningful_index_is_a_row_header():
    df = pd.DataFrame({"余额": [1.0, 2.0]})
    assert tables.table(df).header == ["余额"]
    named = df.set_index(pd.Index(["周记", "吴家"], name="借款人"))
    t = tables.table(named)
    assert t.header == ["借款人", "余额"] and t.n_index == 1
    assert '<th scope="row">周记</th>' in t.html
    # 从 1 开始的行号是有意义的“期数”：照常显示
    one_based = pd.DataFrame({"月供": [10.0, 20.0]}, index=pd.RangeIndex(1, 3, name="期数"))
    assert tables.table(one_based).header == ["期数", "月供"]
    assert tables.table(named, index=False).header == ["余额"]
    # head 与 tail 拼起来的行号（0, 1, 33, 34）也只是行号
    plan = pd.DataFrame({"期数": range(1, 37), "月供": [1.0] * 36})
    assert tables.table(pd.concat([plan.head(2), plan.tail(2)])).header == ["期数", "月供"]


def test_english_field_names_are_shown_in_chinese_without_touching_the_data():
    df = pd.DataFrame({"loan_id": ["B1"], "overdue_days": [91], "restructured": [False]})
    t = tables.table(df)
    assert t.header == ["贷款编号", "逾期天数", "是否重组"]
    assert list(df.columns) == ["loan_id", "overdue_days", "restructured"]
    pivot = pd.DataFrame({"loan_id": ["A", "A"], "month": ["1月", "2月"], "overdue_days": [0, 10]}).pivot(
        index="loan_id", columns="month", values="overdue_days")
    assert tables.table(pivot).header == ["贷款编号", "1月", "2月"]
    assert tables.table(df, labels=False).header == ["loan_id", "overdue_days", "restructured"]
    assert not re.search(r">(loan_id|overdue_days)<", t.html)


def test_formats_apply_to_numbers_by_original_or_shown_name():
    df = pd.DataFrame({"amount": [1500.0], "备注": ["x"]})
    assert _cells(tables.table(df, formats={"amount": "{:,.2f}"})) == [["1,500.00", "x"]]
    assert _cells(tables.table(df, formats={"金额（元）": "{:.1f}"})) == [["1500.0", "x"]]
    assert _cells(tables.table(df, formats="{:+.0f}")) == [["+1500", "x"]]   # 一个格式：只作用于数字


def test_html_marks_numeric_cells_and_escapes_text():
    t = tables.table(pd.DataFrame({"名称": ["<b>甲</b>"], "金额": [12.0], "偏差": ["+3.1%"]}))
    assert "&lt;b&gt;甲&lt;/b&gt;" in t.html
    assert re.search(r'<td class="ck-num">12</td>', t.html)
    assert re.search(r'<td class="ck-num">\+3.1%</td>', t.html)      # 已格式化的数字文字也右对齐
    assert re.search(r'<th scope="col" class="ck-num[^"]*">金额</th>', t.html)
    assert 'class="ck-table ck-few-rows"' in t.html and 'class="ck-table-wrap"' in t.html


def test_wide_tables_carry_the_scroll_hint_classes():
    narrow = tables.table(pd.DataFrame({"甲": [1]}))
    wide = tables.table(pd.DataFrame({f"第{i}列很长的列名": [123456.78] for i in range(10)}))
    assert "ck-wide" not in narrow.html
    assert re.search(r"ck-table-block[^\"]*\bck-wide\b", wide.html) and "ck-wide-phone" in wide.html


def test_series_and_bad_input():
    t = tables.table(pd.Series([1, 2], index=pd.Index(["a", "b"], name="类别"), name="户数"))
    assert t.header == ["类别", "户数"] and _cells(t) == [["a", "1"], ["b", "2"]]
    with pytest.raises(TypeError):
        tables.table([1, 2])


@settings(max_examples=80, deadline=None)
@given(st.lists(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False), min_size=1, max_size=8))
def test_formatted_money_reads_back_to_the_rounded_value(values):
    cells = [r[0] for r in tables.table(pd.DataFrame({"金额": values})).cells]
    integral = all(float(v).is_integer() for v in values)
    for v, text in zip(values, cells):
        assert re.fullmatch(r"-?\d{1,3}(,\d{3})*(\.\d\d)?", text), text
        back = float(text.replace(",", ""))
        assert abs(back - v) <= (0.5 if integral else 0.005 + 1e-6 * abs(v))


# ---------------------------------------------------------------- 部件里的表与提示
def _walk(widget):
    stack = [widget]
    while stack:
        w = stack.pop()
        yield w
        stack.extend(getattr(w, "children", ()))


def test_widgets_show_house_tables(monkeypatch):
    import coursekit.widgets.loans as WL
    from coursekit.widgets.loans import LoanCalculator

    shown = []
    monkeypatch.setattr(WL, "display", lambda obj: shown.append(obj))
    w = LoanCalculator(300_000, lpr=0.031, spread_bp=150, months=36)
    shown.clear()
    w.refresh()
    house = [o for o in shown if isinstance(o, tables.Table)]
    assert len(house) == 2, [type(o).__name__ for o in shown]
    schedule, comparison = house
    assert schedule.header[0] == "期数" and schedule.numeric[0]
    assert any(h.startswith("年化利率") for h in comparison.header)
    assert all(re.fullmatch(r"\d+\.\d\d%", row[comparison.header.index("年化利率")]) for row in comparison.cells)
    assert "NaN" not in comparison.html and "nan" not in schedule.html


def test_widgets_have_no_empty_tooltips():
    """静态网页里空提示会显示成 “null”：每个有说明文字的控件都要有字符串提示。"""
    import ipywidgets as W

    from coursekit.widgets.kyc import KycForm
    from coursekit.widgets.loans import LoanCalculator
    from coursekit.widgets.restoration import RestorationWorksheet

    for widget in (LoanCalculator(300_000), RestorationWorksheet(), KycForm()):
        described = [w for w in _walk(widget) if isinstance(w, W.DOMWidget) and "description" in w.keys]
        assert described
        missing = [w.description for w in described if w.tooltip is None]
        assert not missing, missing
        labelled = [w for w in described if w.description]
        assert all(isinstance(w.tooltip, str) and w.tooltip for w in labelled)   # 悬停能看到完整说明


def test_group_puts_titled_tables_in_one_block():
    bs = tables.table(pd.DataFrame({"项目": ["现金"], "经营": [30000.0]}))
    inc = tables.table(pd.DataFrame({"项目": ["销售收入"], "全年": [6e6]}))
    html = tables.group(("资产负债表（元）", bs), ("损益表（元）", inc))._repr_html_()
    assert html.startswith('<div class="ck-table-group">') and html.count('class="ck-table-item"') == 2
    assert html.index("资产负债表（元）") < html.index("30,000") < html.index("损益表（元）") < html.index("6,000,000")
    with pytest.raises(TypeError):
        tables.group(("x", pd.DataFrame()))


def test_year_columns_are_written_as_years_not_with_thousands_separators():
    df = pd.DataFrame({"year": [2023, 2024], "净收益": [600_000, 700_000]})
    t = tables.table(df)
    assert t.frame.iloc[:, 0].tolist() == ["2023", "2024"]
    assert t.frame.iloc[:, 1].tolist() == ["600,000", "700,000"]
    # 列名像年份、数却不是年份（如“年”列里放的是 12,000 的金额）时照常加千分位
    other = tables.table(pd.DataFrame({"年": [12_000, 2024]}))
    assert other.frame.iloc[:, 0].tolist() == ["12,000", "2,024"]
    # 年份作索引
    idx = tables.table(df.set_index("year"))
    assert idx.frame.iloc[:, 0].tolist() == ["2023", "2024"]
    # 转置的表：行标签写着“（年份）”的那一行按年份写，别的行照常
    row = tables.table(pd.Series({"开业/店庆日（年份）": 2016, "存款与理财（万元，取整）": 2016}, name="取值"))
    assert row.frame.iloc[:, 1].tolist() == ["2016", "2,016"]


def test_infinite_ratios_read_as_a_dash_not_inf():
    t = tables.table(pd.DataFrame({"期次": [1, 2], "每户批准的成本": [1_200.0, float("inf")]}))
    assert t.frame.iloc[:, 1].tolist() == ["1,200", "—"]
