"""从 m03 案例笔记本搬进 coursekit.widgets 的部件：装的数与核心函数一致，控件一动结果按预期的方向变。"""
from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, strategies as st

from coursekit import marketing
from coursekit.errors import InputError

CUP_ARGS = dict(staff_cups_per_day=10, cups_per_group=2.5, close_rate=0.12, avg_order=15_000, open_days=330,
                claimed_sales=8_000_000)


# ---------------------------------------------------------------- 纸杯估门店（m03-c12）
def test_cup_count_view_matches_core_and_follows_close_rate():
    from coursekit.widgets.marketing import CupCountView

    w = CupCountView(30, **CUP_ARGS)
    pd.testing.assert_series_equal(w.result, marketing.cup_count_sales(30, **CUP_ARGS))
    assert w.result["年销售额"] == pytest.approx(4_752_000)
    w.controls["成交率"].value = 0.20             # 8 组 × 330 天 × 20% × 1.5 万
    assert w.result["年销售额"] == pytest.approx(7_920_000)
    assert w.result["自报未解释部分"] == pytest.approx(80_000)
    w.controls["每组来客用的杯子"].value = 4.0     # 每组用杯多了，来客组数少了：20 ÷ 4 = 5 组
    assert w.result["来客组数/天"] == pytest.approx(5.0) and w.result["年销售额"] == pytest.approx(4_950_000)
    assert w.unexpected is None


def test_cup_count_view_staff_cups_more_than_all_cups_is_a_field_error():
    from coursekit.widgets.marketing import CupCountView

    with pytest.raises(InputError) as exc:
        CupCountView(30, **{**CUP_ARGS, "staff_cups_per_day": 40})
    assert exc.value.field == "员工自己每天用的纸杯"
    w = CupCountView(8, **{**CUP_ARGS, "staff_cups_per_day": 5})
    w.controls["员工自己每天用的纸杯"].value = 10     # 比一天用掉的 8 只还多
    assert w.result is None and w.error.field == "员工自己每天用的纸杯" and w.unexpected is None
