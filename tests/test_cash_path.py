"""逐月现金轨迹（restoration.cash_path、Worksheet.cash_path）与几笔贷款的合并还款（loans.combine）。"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coursekit import loans, restoration
from coursekit.errors import InputError


# -- loans.combine ------------------------------------------------------------------------

def test_combine_by_due_month_hand_computed():
    # 等额本金 12 万、6%、3 期，1 月 10 日放款：2–4 月各还本 4 万，利息 600、400、200
    a = loans.schedule(120_000, 0.06, 3, "等额本金", start="2025-01-10")
    # 等额本金 6 万、6%、2 期，2 月 10 日放款：3、4 月各还本 3 万，利息 300、150
    b = loans.schedule(60_000, 0.06, 2, "等额本金", start="2025-02-10")
    c = loans.combine(a, b)
    assert list(c.index) == ["2025-02", "2025-03", "2025-04"] and c.index.name == "月份"
    assert c["还款"].tolist() == [40_600.0, 70_700.0, 70_350.0]
    assert c["利息"].tolist() == [600.0, 700.0, 350.0]
    assert c.attrs["窗口外还款"] == 0.0


def test_combine_gap_months_are_zero_and_window_clips():
    a = loans.schedule(30_000, 0.0, 3, "等额本金", start="2025-01-15")          # 2–4 月各 1 万
    b = loans.schedule(20_000, 0.0, 2, "等额本金", start="2025-06-15")          # 7–8 月各 1 万
    c = loans.combine(a, b)
    assert c["还款"].tolist() == [10_000, 10_000, 10_000, 0, 0, 10_000, 10_000]
    w = loans.combine(a, b, start="2025-03", months=3)
    assert list(w.index) == ["2025-03", "2025-04", "2025-05"] and w["还款"].tolist() == [10_000, 10_000, 0]
    assert w.attrs["窗口外还款"] == 30_000


def test_combine_undated_with_month_anchor_and_positions():
    plan = loans.schedule(20_000, 0.0, 2, "等额本金")
    by_month = loans.combine((plan, "2025-05"), (plan, "2025-06"))
    assert by_month["还款"].to_dict() == {"2025-05": 10_000, "2025-06": 20_000, "2025-07": 10_000}
    by_period = loans.combine(plan, (plan, 3))
    assert by_period.index.name == "期数" and by_period["还款"].tolist() == [10_000, 10_000, 10_000, 10_000]


def test_combine_counts_prepayment_and_skips_upfront_fee():
    base = loans.schedule(1_000_000, 0.042, 9, "按季付息", start="2024-10-15")
    plan = loans.prepay(base, 6, 500_000).schedule
    c = loans.combine(plan)
    # 季息 100 万 × 4.2% / 4 = 10,500；4 月另还本 50 万；7 月季息 5,250 加到期本金 50 万
    assert c.loc["2025-01", "还款"] == 10_500 and c.loc["2025-04", "还款"] == 510_500
    assert c.loc["2025-07", "还款"] == 505_250 and c["提前还款"].sum() == 500_000
    with_fee = loans.schedule(100_000, 0.06, 12, start="2025-01-01", fees=2_000)
    assert math.isclose(loans.combine(with_fee)["还款"].sum(), with_fee["月供"].sum())


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(1_000, 2_000_000), st.integers(0, 2_000).map(lambda bp: bp / 10_000),
                          st.integers(1, 60),
                          st.sampled_from(loans.METHODS), st.integers(0, 24)), min_size=1, max_size=4))
def test_combine_preserves_principal_and_totals(loans_spec):
    plans = [loans.schedule(p, r, n, m, start=str(pd.Period("2025-01", "M") + k))
             for p, r, n, m, k in loans_spec]
    c = loans.combine(*plans)
    assert math.isclose(c["本金"].sum() + c["提前还款"].sum(), sum(p for p, *_ in loans_spec), abs_tol=0.01)
    assert math.isclose(c["还款"].sum(), sum(pl["月供"].sum() for pl in plans), abs_tol=0.01)
    assert (c["还款"] >= 0).all() and c.index.is_monotonic_increasing


def test_combine_rejects_bad_input():
    plan = loans.schedule(10_000, 0.05, 6, start="2025-01-01")
    undated = loans.schedule(10_000, 0.05, 6)
    with pytest.raises(InputError, match="至少要有一笔"):
        loans.combine()
    with pytest.raises(InputError, match="还款计划（第 1 笔）"):
        loans.combine([100, 200])
    with pytest.raises(InputError, match="不能混用"):
        loans.combine(plan, undated)
    with pytest.raises(InputError, match="首期月份"):
        loans.combine((undated, "下个月"))
    with pytest.raises(InputError, match="月供"):
        loans.combine(pd.DataFrame({"金额": [1.0]}))
    with pytest.raises(InputError, match="起始月份"):
        loans.combine(plan, start="2030-01")


# -- restoration.cash_path ---------------------------------------------------------------

def test_cash_path_hand_computed():
    cp = restoration.cash_path(50_000, [20_000, -10_000, 30_000], [25_000, 25_000, 25_000])
    # 50,000 − 5,000 = 45,000；− 35,000 = 10,000；+ 5,000 = 15,000
    assert cp.table["账上现金"].tolist() == [45_000, 10_000, 15_000]
    assert cp.table["当月结余"].tolist() == [-5_000, -35_000, 5_000]
    assert cp.lowest == 10_000 and cp.lowest_month == 2 and cp.negative_months == 0 and cp.end_cash == 15_000
    assert cp.table.index.name == "期数" and list(cp.table.columns) == ["可支配收入", "还款", "当月结余", "账上现金"]


def test_cash_path_aligns_dated_schedule_by_month_and_reports_outside():
    plan = loans.schedule(1_000_000, 0.0365, 12, start="2024-10-15")          # 月供 84,990.08，11 月起
    flows = pd.Series([-40_000, 0, 380_000], index=["2024-11", "2024-12", "2025-01"])
    cp = restoration.cash_path(60_000, flows, plan)
    # 60,000 − 40,000 − 84,990.08 = −64,990.08；再 − 84,990.08 = −149,980.16
    assert cp.lowest_month == "2024-12" and abs(cp.lowest + 149_980.16) < 0.005
    assert cp.negative_months == 2
    assert abs(cp.payments_outside - (plan["月供"].sum() - 3 * 84_990.08)) < 0.01
    assert "2024-12" in cp.explain() and "为负" in cp.explain()


def test_cash_path_several_loans_and_other_flows():
    a = loans.schedule(12_000, 0.0, 3, "等额本金", start="2025-01-05")          # 2–4 月各 4,000
    b = loans.schedule(6_000, 0.0, 2, "等额本金", start="2025-02-05")           # 3–4 月各 3,000
    months = ["2025-02", "2025-03", "2025-04"]
    cp = restoration.cash_path(10_000, [5_000, 5_000, 5_000], a, b, months=months, other={"2025-03": 2_000})
    assert cp.table["还款"].tolist() == [4_000, 7_000, 7_000]
    assert cp.table["其他收支"].tolist() == [0, 2_000, 0]
    assert cp.table["账上现金"].tolist() == [11_000, 11_000, 9_000]
    same = restoration.cash_path(10_000, pd.Series([5_000] * 3, index=months), loans.combine(a, b),
                                 other=[0, 2_000, 0])
    assert same.table["账上现金"].tolist() == cp.table["账上现金"].tolist()


def test_cash_path_positional_schedule_is_truncated_to_the_path():
    plan = loans.schedule(800_000, 0.0435, 36, grace_months=8)                 # 前 8 期只付息 2,900
    cp = restoration.cash_path(250_000, [-10_000] * 8, plan)
    assert cp.table["还款"].tolist() == [2_900.0] * 8
    assert math.isclose(cp.end_cash, 250_000 - 8 * 12_900)


@settings(max_examples=150, deadline=None)
@given(st.floats(-1e6, 1e7), st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=36),
       st.lists(st.floats(0, 1e6), max_size=48))
def test_cash_path_end_is_start_plus_inflows_minus_payments(start, inflows, payments):
    cp = restoration.cash_path(start, inflows, payments)
    counted = sum(payments[: len(inflows)])
    scale = max(1.0, abs(start) + sum(abs(x) for x in inflows) + sum(payments))
    assert math.isclose(cp.end_cash, start + sum(inflows) - counted, abs_tol=1e-9 * scale)
    assert math.isclose(cp.payments_outside, sum(payments[len(inflows):]), abs_tol=0.01)
    assert cp.lowest == cp.table["账上现金"].min() and cp.lowest <= cp.end_cash
    assert cp.negative_months == int((cp.table["账上现金"] < 0).sum())


def test_cash_path_rejects_bad_input():
    with pytest.raises(InputError, match="期初现金"):
        restoration.cash_path("五万", [1.0])
    with pytest.raises(InputError, match="可支配收入"):
        restoration.cash_path(0, [])
    with pytest.raises(InputError, match="可支配收入（第 2 个月）"):
        restoration.cash_path(0, [1.0, float("nan")])
    with pytest.raises(InputError, match="还款（第 1 项）（第 1 个月）"):
        restoration.cash_path(0, [1.0], [-5.0])
    dated = loans.schedule(10_000, 0.05, 6, start="2025-01-01")
    with pytest.raises(InputError, match="也要按月份"):
        restoration.cash_path(0, [1.0, 2.0], dated)
    with pytest.raises(InputError, match="没有重叠"):
        restoration.cash_path(0, [1.0], dated, months=["2030-01"])
    with pytest.raises(InputError, match="月份"):
        restoration.cash_path(0, [1.0, 2.0], months=["2025-01"])
    with pytest.raises(InputError, match="其他收支"):
        restoration.cash_path(0, [1.0, 2.0], other=[1.0])
    with pytest.raises(InputError, match="其他收支"):
        restoration.cash_path(0, [1.0, 2.0], other={5: 100})


# -- Worksheet.cash_path ----------------------------------------------------------------

SEASON = [1.2, 0.8] + [1.0] * 10


def _sheet(sales=1_200_000, deposits=50_000):
    return restoration.restore({
        "名称": "示例作坊", "产品": [{"名称": "米粉", "销售额": sales, "毛利率": 0.30}],
        "季节系数": SEASON, "月成本": {"工资": 10_000, "其他费用": 2_000}, "家庭收支": {"家庭月支出": 3_000},
        "经营资产": {"现金": 10_000, "存款": deposits},
    })


def test_worksheet_cash_path_takes_calendar_months_and_default_cash():
    ws = _sheet()
    # 月销售 10 万 × 季节系数 × 30% − 1.5 万：1 月 21,000，2 月 9,000，3 月 15,000
    plan = loans.schedule(90_000, 0.0, 3, "等额本金", start="2024-12-20")        # 1–3 月各 3 万
    cp = ws.cash_path(plan, months=["2025-01", "2025-02", "2025-03"])
    assert [round(x, 6) for x in cp.table["可支配收入"]] == [21_000, 9_000, 15_000]
    assert cp.start_cash == 60_000
    assert [round(x, 6) for x in cp.table["账上现金"]] == [51_000, 30_000, 15_000]


def test_worksheet_cash_path_sales_factors_and_ramp():
    ws = _sheet()
    low = ws.cash_path(months=["2025-03"], sales_factors=[0.5], start_cash=0)
    assert math.isclose(low.table["可支配收入"].iloc[0], 50_000 * 0.3 - 15_000, abs_tol=1e-6)
    before = _sheet(sales=600_000)
    ramped = ws.cash_path(months=["2025-03", "2025-04"], baseline=before, ramp={"2025-03": 0.5}, start_cash=0)
    # 基线 3 月 0 元，满产 15,000 元：系数 0.5 → 7,500；4 月没列出，按 1 → 15,000
    assert [round(x, 6) for x in ramped.table["可支配收入"]] == [7_500, 15_000]


def test_worksheet_cash_path_rejects_bad_input():
    ws = _sheet()
    with pytest.raises(InputError, match="月份"):
        ws.cash_path(months="2025-01")
    with pytest.raises(InputError, match="月份"):
        ws.cash_path(months=[])
    with pytest.raises(InputError, match="销售水平"):
        ws.cash_path(months=["2025-01", "2025-02"], sales_factors=[1.0])
    with pytest.raises(InputError, match="爬坡系数"):
        ws.cash_path(months=["2025-01"], ramp={"2025-01": 3})
    with pytest.raises(InputError, match="爬坡系数"):
        ws.cash_path(months=["2025-01"], ramp={"2026-01": 0.5})
    with pytest.raises(InputError, match="爬坡系数"):
        ws.cash_path(months=["2025-01"], baseline=_sheet())
    with pytest.raises(InputError, match="基线底稿"):
        ws.cash_path(months=["2025-01"], ramp=[0.5], baseline={"名称": "x"})


# ---------------------------------------------------------------- 季节性备货
def test_seasonal_purchases_hand_computed():
    from coursekit.restoration import seasonal_purchases

    # 2 月进货 6 万元，账期 1 个月（3 月付款），4、5 月各卖出一半
    s = seasonal_purchases(60_000, ["2025-02"], ["2025-04", "2025-05"], terms_months=1)
    assert s.to_dict() == {"2025-03": -60_000.0, "2025-04": 30_000.0, "2025-05": 30_000.0}
    assert s.sum() == 0
    # 占比写法：1 月进 3 成、2 月进 7 成，现款
    s2 = seasonal_purchases(100_000, {"2025-01": 3, "2025-02": 7}, ["2025-03"])
    assert s2.to_dict() == {"2025-01": -30_000.0, "2025-02": -70_000.0, "2025-03": 100_000.0}
    # 买方 60 天账期：11、12 月发货的 9 万、3 万元，1 月、2 月才收回
    s3 = seasonal_purchases(120_000, ["2024-10"], {"2024-11": 3, "2024-12": 1}, buyer_terms_months=2)
    assert s3.to_dict() == {"2024-10": -120_000.0, "2025-01": 90_000.0, "2025-02": 30_000.0}
    # 供应商账期与买方账期同时存在：付款推后 1 个月，回款推后 1 个月
    s4 = seasonal_purchases(50_000, ["2025-01"], ["2025-01"], terms_months=1, buyer_terms_months=1)
    assert s4.to_dict() == {"2025-02": 0.0}


@given(amount=st.floats(min_value=0, max_value=1e8), lag=st.integers(0, 6), collect=st.integers(0, 6),
       weights=st.lists(st.floats(min_value=0.01, max_value=10), min_size=1, max_size=6))
def test_seasonal_purchases_net_to_zero_whatever_the_terms(amount, lag, collect, weights):
    """账期只挪动哪个月有钱：进货付出的和卖出收回的总是相等。"""
    from coursekit.restoration import seasonal_purchases

    sells = {f"2025-{m:02d}": w for m, w in enumerate(weights, start=2)}
    s = seasonal_purchases(amount, ["2025-01"], sells, terms_months=lag, buyer_terms_months=collect)
    assert s.sum() == pytest.approx(0.0, abs=1e-6 * max(1.0, amount))
    # 没有哪个月回收的超过全部进货成本（同月的付款与回款会相抵）
    assert s.max() <= amount * (1 + 1e-9) + 1e-6 and s.min() >= -amount * (1 + 1e-9) - 1e-6


def test_purchase_season_moves_the_low_point():
    from coursekit.restoration import seasonal_purchases

    months = ["2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06"]
    cash_path = restoration.cash_path
    plain = cash_path(30_000, [10_000] * 6, [15_000] * 6, months=months)
    # 不备货：每月少 5,000 元，30,000 → 0，最低点在 6 月
    assert plain.table["账上现金"].tolist() == [25_000, 20_000, 15_000, 10_000, 5_000, 0]
    assert plain.lowest_month == "2025-06" and plain.lowest == 0
    stock = seasonal_purchases(60_000, ["2025-02"], ["2025-04", "2025-05"], terms_months=1)
    cp = cash_path(30_000, [10_000] * 6, [15_000] * 6, months=months, stock=stock)
    # 3 月付货款 6 万元：25,000、20,000、−45,000、−20,000、5,000、0，最低点移到 3 月
    assert cp.table["账上现金"].tolist() == [25_000, 20_000, -45_000, -20_000, 5_000, 0]
    assert cp.lowest_month == "2025-03" and cp.lowest == -45_000 and cp.negative_months == 2
    assert cp.end_cash == plain.end_cash            # 只改哪个月有钱，不改全年挣多少
    assert "备货占款" in cp.table.columns
    # 账期从 1 个月拉长到 2 个月：4 月付款的同时卖回 3 万元，最低点变浅
    longer = seasonal_purchases(60_000, ["2025-02"], ["2025-04", "2025-05"], terms_months=2)
    cp2 = cash_path(30_000, [10_000] * 6, [15_000] * 6, months=months, stock=longer)
    assert cp2.lowest == -20_000 and cp2.lowest_month == "2025-04"


def test_worksheet_cash_path_takes_stock():
    from coursekit.restoration import restore, seasonal_purchases

    ws = restore({"名称": "备货", "产品": [{"名称": "货", "销售额": 1_200_000, "毛利率": 0.2}],
                  "经营资产": {"存款": 50_000}, "月成本": {"房租": 10_000}})
    months = ["2025-09", "2025-10", "2025-11", "2025-12"]
    stock = seasonal_purchases(100_000, ["2025-09"], ["2025-11", "2025-12"])
    cp = ws.cash_path(months=months, stock=stock)
    # 每月可支配收入 100 万 × 20% ÷ 12 − 1 万 = 10,000 元
    assert cp.table["账上现金"].tolist() == pytest.approx([-40_000, -30_000, 30_000, 90_000])


@pytest.mark.parametrize("args, kwargs, field", [
    ((-1, ["2025-01"], ["2025-02"]), {}, "备货金额"),
    ((1, [], ["2025-02"]), {}, "进货月份"),
    ((1, ["2025-03"], ["2025-02"]), {}, "卖出月份"),
    ((1, ["2025-01"], ["2025-02"]), {"terms_months": -1}, "供应商账期（月）"),
    ((1, ["2025-01"], ["2025-02"]), {"buyer_terms_months": 30}, "买方账期（月）"),
    ((1, {"2025-01": -1, "2025-02": 2}, ["2025-03"]), {}, "进货月份"),
])
def test_seasonal_purchases_bad_input(args, kwargs, field):
    from coursekit.restoration import seasonal_purchases

    with pytest.raises(InputError) as e:
        seasonal_purchases(*args, **kwargs)
    assert e.value.field == field


# -- restoration.late_receipt ---------------------------------------------------------------

def test_late_receipt_hand_computed():
    # 期初 1 万；经营现金 +5,000、−2,000、+8,000、+3,000；第 3 个月要还本 2 万
    # 补贴 1.2 万说好第 2 个月到：按时到 → 月末 15,000、25,000、13,000、16,000
    plans = {"第 3 月还本": [0, 0, 20_000, 0]}
    flows = [5_000, -2_000, 8_000, 3_000]
    on_time = restoration.late_receipt(10_000, flows, plans, amount=12_000, month=2)
    t = on_time.paths["第 3 月还本"].table
    assert t["账上现金"].tolist() == [15_000, 25_000, 13_000, 16_000] and on_time.arrival == 2
    # 晚 2 个月、只到一半（6,000）→ 15,000、13,000、1,000、10,000
    late = restoration.late_receipt(10_000, flows, plans, amount=12_000, month=2, delay=2, share=0.5)
    assert late.paths["第 3 月还本"].table["账上现金"].tolist() == [15_000, 13_000, 1_000, 10_000]
    assert late.received == 6_000 and late.arrival == 4 and late.outside == 0
    # 晚 3 个月：落到轨迹之外，不计入
    gone = restoration.late_receipt(10_000, flows, plans, amount=12_000, month=2, delay=3)
    row = gone.plans.iloc[0]
    assert gone.arrival is None and gone.received == 0 and gone.outside == 12_000
    assert row["最低现金"] == 1_000 and row["最低月份"] == 3 and row["期末现金"] == 4_000


@settings(max_examples=40, deadline=None)
@given(delay=st.integers(0, 6), share=st.floats(0, 1), amount=st.floats(0, 1e6))
def test_late_receipt_end_cash_moves_by_what_arrived(delay, share, amount):
    flows = [1_000.0] * 6
    plans = {"甲": [0, 0, 3_000, 0, 0, 3_000]}
    r = restoration.late_receipt(0, flows, plans, amount=amount, month=3, delay=delay, share=share)
    base = restoration.cash_path(0, flows, plans["甲"])
    assert math.isclose(r.plans.iloc[0]["期末现金"], base.end_cash + r.received, abs_tol=0.01)
    assert math.isclose(r.received + r.outside, round(amount * share, 2), abs_tol=0.01)
    assert r.plans.iloc[0]["最低现金"] >= base.lowest - 1e-9   # 多来的钱不会让最低点更低


def test_late_receipt_rejects_bad_input_naming_the_field():
    with pytest.raises(InputError, match="说好的到账月份"):
        restoration.late_receipt(0, [1, 2], {"a": [0, 0]}, amount=1, month=3)
    with pytest.raises(InputError, match="实际到账比例"):
        restoration.late_receipt(0, [1, 2], {"a": [0, 0]}, amount=1, month=1, share=1.5)
    with pytest.raises(InputError, match="还款安排"):
        restoration.late_receipt(0, [1, 2], {}, amount=1, month=1)


def test_late_receipt_view_is_a_thin_view():
    from coursekit.widgets.restoration import LateReceiptView

    plans = {"第 3 月还本": [0, 0, 20_000, 0]}
    flows = [5_000, -2_000, 8_000, 3_000]
    w = LateReceiptView(10_000, flows, plans, amount=12_000, month=2, labels=["1 月", "2 月", "3 月", "4 月"])
    pd.testing.assert_frame_equal(w.result.plans,
                                  restoration.late_receipt(10_000, flows, plans, amount=12_000, month=2).plans)
    w.controls["晚到（月）"].value = 2
    w.controls["实际到账比例"].value = 0.5
    assert w.result.plans.iloc[0]["最低现金"] == 1_000 and w.result.arrival == 4 and w.unexpected is None
    assert w._month_name(3) == "3 月" and w._month_name(9) == "第 9 个月"


# -- restoration.season_plans ---------------------------------------------------------------
def _grain_season(terms=2):
    """一季收粮：10 月付 100 万元收购款、放款 50 万元；11 月发货一半、12 月发货一半，买方账期 ``terms`` 个月。"""
    ops = {"2024-10": -10_000, "2024-11": -5_000, "2024-12": 0, "2025-01": 10_000, "2025-02": 5_000}
    monthly = [100_000] * 5                                   # 每月还 10 万元（第 1 期对齐 10 月）
    bullet = [0, 0, 0, 250_000, 250_000]                     # 1、2 月各还一半
    return restoration.season_plans(600_000, ops, {"按月还": (monthly, {"2024-10": 500_000}),
                                                   "回款后还": (bullet, {"2024-10": 500_000})},
                                    amount=1_000_000, buy_months=["2024-10"],
                                    sell_months=["2024-11", "2024-12"], buyer_terms_months=terms)


def test_season_plans_hand_computed():
    r = _grain_season()
    # 10 月：60 + 50 − 1 − 100 = 9 万；按月还再减 10 万 → −1 万；11 月 −0.5 − 10 → −11.5 万；12 月 −10 → −21.5 万；
    # 1 月回 50 万、经营 +1 万、还 10 万 → 19.5 万；2 月回 50 万 + 0.5 − 10 → 60 万
    monthly = r.paths["按月还"].table["账上现金"].tolist()
    assert monthly == pytest.approx([-10_000, -115_000, -215_000, 195_000, 600_000])
    assert r.worst() == "按月还"
    row = r.plans.set_index("还款安排").loc["回款后还"]
    # 回款后还：9、8.5、8.5 万，1 月 + 50 + 1 − 25 = 34.5 万，2 月 + 50 + 0.5 − 25 = 60 万
    assert row["最低现金"] == 85_000 and row["最低月份"] == "2024-11" and row["为负月数"] == 0
    assert r.stock.sum() == 0 and r.stock["2025-01"] == 500_000
    # 两种安排还的本金一样多，期末现金相同：账期和还款节奏只改哪个月有钱
    assert r.plans["期末现金"].nunique() == 1


def test_season_plans_slower_buyer_breaks_the_monthly_plan_longer():
    quick, slow = _grain_season(1), _grain_season(3)
    q = quick.plans.set_index("还款安排")["为负月数"]
    s = slow.plans.set_index("还款安排")["为负月数"]
    assert q["按月还"] < s["按月还"]
    assert s["回款后还"] >= 1                                 # 账期 3 个月：1 月该还的 25 万元回款还没到


def test_season_plans_rejects_bad_input_naming_the_field():
    with pytest.raises(InputError, match="每月经营收支"):
        restoration.season_plans(0, [1, 2], {"a": [0, 0]}, amount=1, buy_months=["2025-01"],
                                 sell_months=["2025-02"])
    with pytest.raises(InputError, match="还款安排"):
        restoration.season_plans(0, {"2025-01": 1}, {}, amount=1, buy_months=["2025-01"], sell_months=["2025-02"])
    with pytest.raises(InputError, match="买方账期"):
        restoration.season_plans(0, {"2025-01": 1}, {"a": [0]}, amount=1, buy_months=["2025-01"],
                                 sell_months=["2025-02"], buyer_terms_months=-1)


def test_season_plans_view_is_a_thin_view():
    from coursekit.widgets.restoration import SeasonPlansView

    ops = {"2024-10": -10_000, "2024-11": -5_000, "2024-12": 0, "2025-01": 10_000, "2025-02": 5_000}
    plans = {"按月还": ([100_000] * 5, {"2024-10": 500_000}), "回款后还": ([0, 0, 0, 250_000, 250_000], {"2024-10": 500_000})}
    w = SeasonPlansView(600_000, ops, plans, amount=1_000_000, buy_months=["2024-10"],
                        sell_months=["2024-11", "2024-12"], buyer_terms_months=2)
    pd.testing.assert_frame_equal(w.result.plans, _grain_season(2).plans)
    w.controls["买方账期（月）"].value = 3
    pd.testing.assert_frame_equal(w.result.plans, _grain_season(3).plans)
    w.controls["收购金额"].value = -1
    assert w.result is None or w.errors


def test_season_plans_adds_the_season_margin_at_collection():
    # 100 万元 1 月收、2 月卖一半、3 月卖一半（买方账期 1 个月：3、4 月回款），毛利 10%，价格跌 5%：
    # 每一半回款多进 50 万 ×（1.1 × 0.95 − 1）＝ 2.25 万元；贷款 100 万元 1 月放、4 月还本并付息 1 万元
    ops = {"2025-01": 0, "2025-02": 0, "2025-03": 0, "2025-04": 0}
    loan = [0, 0, 0, 1_010_000]
    r = restoration.season_plans(50_000, ops, {"回款后还": (loan, {"2025-01": 1_000_000})}, amount=1_000_000,
                                 buy_months=["2025-01"], sell_months=["2025-02", "2025-03"], buyer_terms_months=1,
                                 gross_margin=0.10, price_change=-0.05)
    assert r.margin.to_dict() == pytest.approx({"2025-01": 0, "2025-02": 0, "2025-03": 22_500, "2025-04": 22_500})
    row = r.plans.iloc[0]
    # 期末：5 万 + 4.5 万毛利 − 1 万利息 = 8.5 万；比不收这一季（5 万）多落下 3.5 万
    assert row["期末现金"] == pytest.approx(85_000) and row["比不收这一季多落下"] == pytest.approx(35_000)
    # 同月先付后收也不相抵漏算：进货和卖出都在 2 月时，毛利照样按收回的成本算
    same = restoration.season_plans(0, {"2025-02": 0}, {"无贷款": [0]}, amount=100_000, buy_months=["2025-02"],
                                    sell_months=["2025-02"], gross_margin=0.2)
    assert same.margin["2025-02"] == pytest.approx(20_000) and same.plans.iloc[0]["比不收这一季多落下"] == pytest.approx(20_000)
    with pytest.raises(InputError, match="毛利率"):
        restoration.season_plans(0, ops, {"a": [0]}, amount=1, buy_months=["2025-01"], sell_months=["2025-02"],
                                 gross_margin=3)
    assert "比不收这一季多落下" not in _grain_season().plans.columns


def test_season_plans_view_price_controls():
    from coursekit.widgets.restoration import SeasonPlansView

    ops = {"2025-01": 0, "2025-02": 0, "2025-03": 0, "2025-04": 0}
    plans = {"回款后还": ([0, 0, 0, 1_010_000], {"2025-01": 1_000_000})}
    w = SeasonPlansView(50_000, ops, plans, amount=1_000_000, buy_months=["2025-01"],
                        sell_months=["2025-02", "2025-03"], buyer_terms_months=1, gross_margin=0.10,
                        price_controls=True, terms_control=False)
    assert "买方账期（月）" not in w.controls
    assert w.result.plans.iloc[0]["比不收这一季多落下"] == pytest.approx(100_000 - 10_000)
    w.controls["价格变动"].value = -0.05
    assert w.result.plans.iloc[0]["比不收这一季多落下"] == pytest.approx(35_000)
    with pytest.raises(InputError, match="毛利率"):
        SeasonPlansView(0, ops, plans, amount=1, buy_months=["2025-01"], sell_months=["2025-02"], price_controls=True)
