"""从案例笔记本搬进 coursekit 的四个部件（回头客再贷、担保网传导、新增负债换期限利率、一种产品的毛利率），
以及它们背后新加的核心函数：手算的例子、控件一动结果朝哪边变、坏参数报哪个字段。"""
from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from coursekit import loans, restoration, risk
from coursekit.errors import InputError


# -- 共用的小例子 ----------------------------------------------------------------------------------------------

SALES = [65_000, 65_000, 75_000, 95_000, 90_000, 58_000, 60_000, 65_000, 65_000, 62_000, 62_000, 65_000]
REPEAT = dict(margin=0.42, fixed_costs=17_000, annual_rate=0.0465, start_cash=34_000, old_balance=102_000,
              old_payment=4_496)


def _plan(**household):
    return {"名称": "甲", "产品": [{"名称": "整机", "销售额": 1_000_000, "毛利率": 0.10},
                                 {"名称": "配件", "销售额": 200_000, "毛利率": 0.30}],
            "月成本": {"房租": 2_000}, "家庭收支": {"家庭月支出": 3_000, **household},
            "经营负债": {"银行借款": 100_000}, "交叉检验资料": {"征信借款余额": 100_000}}


def _guarantees():
    return pd.DataFrame([("甲", "乙"), ("乙", "甲"), ("乙", "丙")], columns=["guarantor_id", "borrower_id"])


BAL = {"甲": 500_000, "乙": 300_000, "丙": 100_000}
ABSORB = {"甲": 250_000, "乙": 100_000}


# -- 核心：repeat_loan ------------------------------------------------------------------------------------------

def test_repeat_loan_hand_example_keeps_old_payment_apart():
    # 每月 10,000 × 1.2 × 50% − 2,000 = 4,000；上限 2,400；扣老贷款月供 1,000 留 1,400；零利率 20 期
    r = restoration.repeat_loan([10_000] * 12, margin=0.5, fixed_costs=2_000, uplift=0.2, amount=100_000,
                                annual_rate=0, months=20, old_balance=30_000, old_payment=1_000, horizon=12)
    assert (r.expected_monthly, r.cap, r.payment, r.total_payment) == (4_000, 2_400, 5_000, 6_000)
    assert r.max_loan == pytest.approx(28_000) and r.verdict == "不通过"
    assert r.owed_at_horizon == pytest.approx(40_000)        # 12 期后还欠 100,000 − 12 × 5,000


def test_repeat_loan_hand_example_merged():
    # 并入：本金 100,000 + 30,000，老贷款月供不再单算，月供上限全给新贷款；26 期 × 5,000 = 130,000
    r = restoration.repeat_loan([10_000] * 12, margin=0.5, fixed_costs=2_000, uplift=0.2, amount=100_000,
                                annual_rate=0, months=26, old_balance=30_000, old_payment=1_000, merge=True,
                                horizon=36)
    assert r.principal == 130_000 and r.old_payment == 0 and r.payment == pytest.approx(5_000)
    assert r.max_loan == pytest.approx(2_400 * 26) and r.owed_at_horizon == 0.0


def test_repeat_loan_matches_loan_hindsight():
    r = restoration.repeat_loan(SALES, uplift=0.26, amount=200_000, months=36, **REPEAT)
    expected = [s * 1.26 * 0.42 - 17_000 for s in SALES]
    h = restoration.loan_hindsight(expected, {"方案": 200_000}, annual_rate=0.0465, months=36, start_cash=34_000,
                                   existing_payment=4_496)
    assert r.max_loan == pytest.approx(h.max_loan) and r.cap == pytest.approx(h.cap)
    assert r.payment == pytest.approx(float(h.table["月供"].iloc[0])) and r.verdict == h.table["测算结论"].iloc[0]


@given(up=st.floats(min_value=-0.5, max_value=1.0), extra=st.floats(min_value=0.0, max_value=0.5))
def test_repeat_loan_more_growth_never_lowers_the_limit(up, extra):
    a = restoration.repeat_loan(SALES, uplift=up, amount=100_000, months=36, **REPEAT)
    b = restoration.repeat_loan(SALES, uplift=up + extra, amount=100_000, months=36, **REPEAT)
    assert b.max_loan >= a.max_loan - 1e-6 and b.cap >= a.cap - 1e-9


@given(amount=st.integers(min_value=10_000, max_value=900_000), horizon=st.integers(min_value=1, max_value=60))
def test_repeat_loan_balance_at_horizon_within_principal(amount, horizon):
    r = restoration.repeat_loan(SALES, uplift=0.2, amount=amount, months=60, merge=True, horizon=horizon, **REPEAT)
    assert 0 <= r.owed_at_horizon <= r.principal
    assert r.owed_at_horizon == pytest.approx(
        float(loans.schedule(r.principal, 0.0465, 60)["剩余本金"].iloc[min(horizon, 60) - 1]))


@pytest.mark.parametrize("kw, field", [({"uplift": -2}, "增幅"), ({"amount": -1}, "新贷款"),
                                       ({"merge": True, "old_balance": 0}, "是否并入老贷款"),
                                       ({"horizon": 0}, "看第几期后的余额"), ({"margin": 1.5}, "毛利率")])
def test_repeat_loan_bad_arguments(kw, field):
    args = {**REPEAT, "uplift": 0.2, "amount": 100_000, "months": 36, **kw}
    with pytest.raises(InputError) as e:
        restoration.repeat_loan(SALES, **args)
    assert e.value.field == field


# -- 核心：capacity_with_new_debt -----------------------------------------------------------------------------

def test_capacity_with_new_debt_hand_example():
    # 毛利 (100 万 × 10% + 20 万 × 30%) ÷ 12 = 13,333.33；− 房租 2,000 − 家庭 3,000 − 其他债务 500
    # 新增 12 万元、12 期、零利率：每月还 10,000 → 月可支配收入 −2,166.67，不通过
    r = restoration.capacity_with_new_debt(_plan(其他债务月还款=500), 120_000, debt_months=12, debt_rate=0,
                                           annual_rate=0, months=12, amount=24_000)
    assert r.debt_payment == 10_000
    assert r.capacity.disposable_monthly == pytest.approx(160_000 / 12 - 15_500) and r.capacity.verdict == "不通过"
    b = r.worksheet.borrower
    assert b.business_liabilities.bank_loans == 220_000 and b.evidence.credit_report_debt == 220_000
    # 同一笔钱换成 120 期：每月 1,000 → 月可支配收入 6,833.33，上限 4,100；2.4 万元 12 期月供 2,000，通过
    long = restoration.capacity_with_new_debt(_plan(其他债务月还款=500), 120_000, debt_months=120, debt_rate=0,
                                              annual_rate=0, months=12, amount=24_000)
    assert long.debt_payment == 1_000 and long.capacity.installment_cap == pytest.approx(0.6 * (160_000 / 12 - 6_500))
    assert long.capacity.verdict == "通过"


def test_capacity_with_new_debt_leaves_input_alone_and_rounds_to_fen():
    plan = _plan()
    ws = restoration.restore(plan)
    r = restoration.capacity_with_new_debt(ws, 580_000, debt_months=120, debt_rate=0.042, annual_rate=0.052, months=36)
    assert r.debt_payment == round(loans.payment_for(580_000, 0.042, 120), 2) == 5_927.51
    assert ws.borrower.household.other_debt_service == 0 and plan["家庭收支"] == {"家庭月支出": 3_000}


@given(short=st.integers(min_value=1, max_value=60), extra=st.integers(min_value=0, max_value=240),
       rate=st.floats(min_value=0.0, max_value=0.2))
def test_capacity_with_new_debt_longer_term_never_hurts(short, extra, rate):
    ws = restoration.restore(_plan())
    a = restoration.capacity_with_new_debt(ws, 200_000, debt_months=short, debt_rate=rate, annual_rate=0.05, months=36)
    b = restoration.capacity_with_new_debt(ws, 200_000, debt_months=short + extra, debt_rate=rate, annual_rate=0.05,
                                           months=36)
    assert b.debt_payment <= a.debt_payment + 0.01
    assert b.capacity.disposable_monthly >= a.capacity.disposable_monthly - 0.01


@pytest.mark.parametrize("kw, field", [({"debt_months": 0}, "新增负债的期限（月）"), ({"debt_rate": 2}, "新增负债的年利率"),
                                       ({"amount": -5}, "申请金额")])
def test_capacity_with_new_debt_bad_arguments(kw, field):
    args = {"debt_months": 12, "debt_rate": 0.1, "annual_rate": 0.05, "months": 36, **kw}
    with pytest.raises(InputError) as e:
        restoration.capacity_with_new_debt(_plan(), 100_000, **args)
    assert e.value.field == field
    with pytest.raises(InputError) as e:
        restoration.capacity_with_new_debt(_plan(), -1, debt_months=12, debt_rate=0.1, annual_rate=0.05, months=36)
    assert e.value.field == "新增负债"


# -- 核心：capacity_at_margin ---------------------------------------------------------------------------------

def test_capacity_at_margin_hand_example():
    # 整机毛利率 10% → 16%：毛利 16 万 + 6 万 = 22 万；− 房租 2.4 万 = 19.6 万；月可支配 16,333.33 − 3,000
    r = restoration.capacity_at_margin(_plan(), "整机", 0.16, annual_rate=0, months=10, amount=50_000)
    assert r.net_profit == pytest.approx(196_000)
    assert r.capacity.disposable_monthly == pytest.approx(196_000 / 12 - 3_000)
    assert r.capacity.max_loan == pytest.approx(0.6 * (196_000 / 12 - 3_000) * 10)
    assert r.worksheet.borrower.products[1].margin == 0.30           # 别的产品不动


@given(m=st.floats(min_value=0.0, max_value=0.9), d=st.floats(min_value=0.0, max_value=0.1))
def test_capacity_at_margin_higher_margin_never_lowers_the_limit(m, d):
    a = restoration.capacity_at_margin(_plan(), "整机", m, annual_rate=0.05, months=36)
    b = restoration.capacity_at_margin(_plan(), "整机", m + d, annual_rate=0.05, months=36)
    assert b.net_profit >= a.net_profit - 1e-6 and b.capacity.max_loan >= a.capacity.max_loan - 1e-6
    assert b.net_profit - a.net_profit == pytest.approx(1_000_000 * d, abs=1e-4)


@pytest.mark.parametrize("product, margin, field", [("拖拉机", 0.1, "产品"), ("整机", 1.2, "毛利率"), (None, 0.1, "产品")])
def test_capacity_at_margin_bad_arguments(product, margin, field):
    with pytest.raises(InputError) as e:
        restoration.capacity_at_margin(_plan(), product, margin, annual_rate=0.05, months=36)
    assert e.value.field == field


# -- 部件 ----------------------------------------------------------------------------------------------------

def test_repeat_loan_view_follows_the_controls():
    from coursekit.widgets.restoration import RepeatLoanView

    w = RepeatLoanView(SALES, **REPEAT, uplift=0.26, amount=200_000)
    direct = restoration.repeat_loan(SALES, uplift=0.26, amount=200_000, months=36, horizon=36, **REPEAT)
    assert w.result.max_loan == direct.max_loan and w.result.verdict == direct.verdict == "通过"
    limit = w.result.max_loan
    w.controls["增幅"].value = 0.10
    assert w.result.max_loan < limit and w.result.verdict == "不通过"
    w.controls["期限（月）"].value = 60
    w.controls["是否并入老贷款"].value = True
    assert w.result.principal == 302_000 and w.result.owed_at_horizon > 0 and w.result.old_payment == 0
    assert w.unexpected is None


def test_repeat_loan_view_bad_arguments():
    from coursekit.widgets.restoration import RepeatLoanView

    with pytest.raises(InputError) as e:
        RepeatLoanView(SALES, **{**REPEAT, "margin": -0.1})
    assert e.value.field == "毛利率"
    with pytest.raises(InputError) as e:
        RepeatLoanView(SALES, **REPEAT, months=48)
    assert e.value.field == "期限（月）"


def test_guarantee_chain_view_follows_the_controls():
    from coursekit.widgets.risk import GuaranteeChainView

    w = GuaranteeChainView(_guarantees(), BAL, "甲", ABSORB, adjustable=["乙"])
    direct = risk.guarantee_contagion(_guarantees(), BAL, "甲", ABSORB)
    assert w.result.affected_balance == direct.affected_balance == 900_000      # 乙 扛不住 50 万元，丙 担保落空
    assert list(w.controls["首户"].options) == ["甲", "乙"]
    w.controls["乙 能扛住的代偿金额"].value = 500_000       # 乙 扛得住了：丙 不受影响，乙 自己的担保人 甲 已出事
    assert w.result.affected_balance == 800_000
    w.controls["首户"].value = "乙"                       # 乙 出事：向 甲 追偿 30 万元，甲 只扛得住 25 万元
    assert w.result.affected_balance == risk.guarantee_contagion(
        _guarantees(), BAL, "乙", {**ABSORB, "乙": 500_000}).affected_balance == 900_000
    assert w.unexpected is None


def test_guarantee_chain_view_bad_arguments():
    from coursekit.widgets.risk import GuaranteeChainView

    with pytest.raises(InputError) as e:
        GuaranteeChainView(_guarantees(), BAL, "甲", {**ABSORB, "乙": -1})
    assert e.value.field == "乙 能扛住的代偿金额"
    with pytest.raises(InputError) as e:
        GuaranteeChainView(_guarantees(), BAL, "甲", ABSORB, adjustable=["丙"])
    assert e.value.field == "可调的担保人"


def test_refinance_capacity_view_follows_the_controls():
    from coursekit.widgets.restoration import RefinanceCapacityView

    w = RefinanceCapacityView(_plan(其他债务月还款=500), 120_000, annual_rate=0, months=12, debt_rate=0, amount=24_000,
                              rate_range=(0.0, 0.18), min_amount=12_000)
    direct = restoration.capacity_with_new_debt(_plan(其他债务月还款=500), 120_000, debt_months=12, debt_rate=0,
                                                annual_rate=0, months=12, amount=24_000)
    assert w.result.capacity == direct.capacity and w.result.capacity.verdict == "不通过"
    w.controls["新增负债的期限（月）"].value = 120
    assert w.result.debt_payment == 1_000 and w.result.capacity.verdict == "通过"
    w.controls["新增负债的年利率"].value = 0.18
    assert w.result.debt_payment == round(loans.payment_for(120_000, 0.18, 120), 2) > 1_000
    assert w.unexpected is None


def test_refinance_capacity_view_bad_arguments():
    from coursekit.widgets.restoration import RefinanceCapacityView

    with pytest.raises(InputError) as e:
        RefinanceCapacityView(_plan(), 100_000, annual_rate=0.05, months=36, debt_months=0)
    assert e.value.field == "新增负债的期限（月）"
    with pytest.raises(InputError) as e:
        RefinanceCapacityView(_plan(), 100_000, annual_rate=0.05, months=36, amount=0)
    assert e.value.field == "申请金额"


def test_margin_capacity_view_follows_the_controls():
    from coursekit.widgets.restoration import MarginCapacityView

    w = MarginCapacityView(_plan(), "整机", annual_rate=0.05, months=36, amount=150_000)
    direct = restoration.capacity_at_margin(_plan(), "整机", 0.10, annual_rate=0.05, months=36, amount=150_000)
    assert w.result.capacity == direct.capacity and w.result.margin == 0.10      # 初值取底稿里的毛利率
    before = w.result.net_profit
    w.controls["毛利率"].value = 0.08
    assert w.result.net_profit == pytest.approx(before - 20_000)               # 100 万元 × 2 个百分点
    w.controls["申请金额"].value = 600_000
    assert w.result.capacity.payment == pytest.approx(loans.payment_for(600_000, 0.05, 36))
    assert w.result.capacity.verdict == "不通过" and w.unexpected is None


def test_margin_capacity_view_bad_arguments():
    from coursekit.widgets.restoration import MarginCapacityView

    with pytest.raises(InputError) as e:
        MarginCapacityView(_plan(), "拖拉机", annual_rate=0.05, months=36)
    assert e.value.field == "产品"
    with pytest.raises(InputError) as e:
        MarginCapacityView(_plan(), "整机", annual_rate=0.05, months=36, margin=1.5)
    assert e.value.field == "毛利率"


def test_refinance_view_takes_the_debt_repayment_method():
    from coursekit.widgets.restoration import RefinanceCapacityView

    # 12 万元按 12 期等额本金、年利率 12%：第一期还 1 万元本金 + 1,200 元利息
    w = RefinanceCapacityView(_plan(), 120_000, annual_rate=0, months=12, debt_rate=0.12, debt_method="等额本金",
                              amount=24_000)
    assert w.result.debt_payment == 11_200
    w.controls["新增负债的期限（月）"].value = 24
    assert w.result.debt_payment == 6_200                 # 5,000 本金 + 1,200 利息
