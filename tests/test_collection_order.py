"""risk.collection_order：逾期贷款的催收顺序（手算例子、性质测试、坏输入）。"""
from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coursekit import risk
from coursekit.errors import InputError

AS_OF = "2024-12-31"
LOANS = pd.DataFrame([
    # A：押品 50 万元 × 70% = 35 万，余额 30 万 → 可回收 30 万；成本 2 万 → 净 28 万；无期限压力
    {"loan_id": "A", "balance": 300_000, "overdue_days": 40, "collateral_value": 500_000, "cost": 20_000},
    # B：保证人可追偿 10 万，保证期间 2025-02-14 届满（45 天后）→ 排第一
    {"loan_id": "B", "balance": 200_000, "overdue_days": 75, "guarantor_recoverable": 100_000,
     "guarantee_end": "2025-02-14", "cost": 5_000},
    # C：财产线索 5 万，成本 1 万 → 净 4 万；诉讼时效按应还日 2022-03-01 + 3 年 = 2025-03-01（60 天后）→ 排第二
    {"loan_id": "C", "balance": 150_000, "overdue_days": 88, "other_recoverable": 50_000, "cost": 10_000,
     "due_date": "2022-03-01"},
    # D：什么也没有：可回收 0，净 −0.3 万
    {"loan_id": "D", "balance": 80_000, "overdue_days": 20, "cost": 3_000},
    # E：押品 20 万 × 70% = 14 万 + 保证人 2 万 = 16 万，成本 1 万 → 净 15 万；保证期间按到期日 + 6 个月 = 2025-09-30
    {"loan_id": "E", "balance": 250_000, "overdue_days": 10, "collateral_value": 200_000,
     "guarantor_recoverable": 20_000, "maturity_date": "2025-03-31", "cost": 10_000},
])


def test_order_by_hand():
    out = risk.collection_order(LOANS, AS_OF)
    assert out["loan_id"].tolist() == ["B", "C", "A", "E", "D"]
    t = out.set_index("loan_id")
    assert t.loc["B", "距期限天数"] == 45 and "保证期间 45 天后届满" in t.loc["B", "理由"]
    assert "书面主张" in t.loc["B", "理由"]
    assert t.loc["C", "距期限天数"] == 60 and t.loc["C", "最近期限"] == "诉讼时效 2025-03-01"
    assert t.loc["A", "可回收金额"] == 300_000 and t.loc["A", "净可回收"] == 280_000
    assert t.loc["E", "可回收金额"] == pytest.approx(160_000) and t.loc["E", "最近期限"] == "保证期间 2025-09-30"
    assert t.loc["D", "净可回收"] == -3_000 and "可回收按 0 计" in t.loc["D", "理由"]
    assert "再过 2 天进入次级" in t.loc["C", "理由"]
    assert out["顺序"].tolist() == [1, 2, 3, 4, 5]


def test_shorter_window_and_haircut_change_the_order():
    # 提醒窗口缩到 30 天：B、C 都不再“期限先办”，按净可回收排：A 28 万、E 15 万、B 9.5 万、C 4 万、D
    out = risk.collection_order(LOANS, AS_OF, deadline_days=30)
    assert out["loan_id"].tolist() == ["A", "E", "B", "C", "D"]
    # 押品不打折：E 可回收 20 + 2 = 22 万，净 21 万
    t = risk.collection_order(LOANS, AS_OF, haircut=0).set_index("loan_id")
    assert t.loc["E", "净可回收"] == pytest.approx(210_000)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 1_000_000), st.integers(0, 2_000_000), st.integers(0, 500_000),
                          st.integers(0, 50_000), st.integers(0, 400)), min_size=1, max_size=8))
def test_recoverable_is_capped_and_deadlines_come_first(items):
    df = pd.DataFrame([{"loan_id": f"L{i}", "balance": b, "overdue_days": 30, "collateral_value": c,
                        "guarantor_recoverable": g, "cost": cost,
                        "guarantee_end": str((pd.Timestamp(AS_OF) + pd.Timedelta(days=d)).date())}
                       for i, (b, c, g, cost, d) in enumerate(items)])
    out = risk.collection_order(df, AS_OF)
    assert (out["可回收金额"] <= out["余额"] + 1e-9).all() and (out["可回收金额"] >= 0).all()
    urgent = (out["距期限天数"] <= 90).tolist()
    assert urgent == sorted(urgent, reverse=True)           # 期限在 90 天内的全在前面
    rest = out[~out["距期限天数"].le(90)]
    assert rest["净可回收"].is_monotonic_decreasing


def test_bad_inputs_name_the_field():
    with pytest.raises(InputError, match="逾期贷款表"):
        risk.collection_order(LOANS.drop(columns="balance"), AS_OF)
    with pytest.raises(InputError, match="A 的 balance"):
        risk.collection_order(LOANS.assign(balance=[-1, 1, 1, 1, 1]), AS_OF)
    with pytest.raises(InputError, match="排序日期"):
        risk.collection_order(LOANS, "年底")
    with pytest.raises(InputError, match="B 的保证期间届满日"):
        risk.collection_order(LOANS.assign(guarantee_end=[None, "下个月", None, None, None]), AS_OF)
    with pytest.raises(InputError, match="押品变现折扣"):
        risk.collection_order(LOANS, AS_OF, haircut=1.5)
