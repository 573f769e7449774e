"""借款人承认了多少民间借贷：权益走势倒推的借款额、还没说清的部分、计入后的还款能力（m08-c06 的滑块）。"""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coursekit import restoration
from coursekit.errors import InputError


def _shop(**history):
    # 资产：现金 5 万 + 存货 45 万 = 50 万；负债：应付 10 万 → 实际权益 40 万
    return {"名称": "甲", "产品": [{"名称": "货", "销售额": 1_200_000, "毛利率": 0.2}],
            "经营资产": {"现金": 50_000, "存货": 450_000}, "经营负债": {"应付账款": 100_000},
            "月成本": {"房租": 5_000}, "家庭收支": {"家庭月支出": 5_000},
            "权益历史": {"初始权益": 150_000, "期间月数": 24, "期间累计利润": 200_000, **history}}


def test_hand_example_implied_debt_and_what_is_left():
    # 不承认任何东西：应有权益 15 + 20 = 35 万，实际 40 万，多出 5 万 → 倒推 5 万 / (1 − 24 × 1%) = 65,789 元
    r = restoration.private_debt_probe(_shop(), 0, monthly_rate=0.01, annual_rate=0.05, months=12, amount=100_000)
    assert r.equity.figures["应有权益"] == 350_000 and r.equity.figures["实际权益"] == 400_000
    assert r.implied == pytest.approx(50_000 / 0.76) and r.implied_low == pytest.approx(50_000)
    assert r.unexplained == pytest.approx(50_000 / 0.76) and r.shortfall == 0
    # 承认一笔 10 万元的损失：应有权益 25 万，多出 15 万 → 倒推 197,368 元；承认 10 万元借款后还差 97,368 元
    r = restoration.private_debt_probe(_shop(), 100_000, monthly_rate=0.01, losses=100_000, annual_rate=0.05,
                                       months=12, amount=100_000)
    assert r.implied == pytest.approx(150_000 / 0.76)
    assert r.unexplained == pytest.approx(150_000 / 0.76 - 100_000)
    assert r.monthly_interest == 1_000
    # 应有 = 15 + (20 − 10 − 24 × 0.1) 万 = 22.6 万；实际 = 40 − 10 = 30 万
    assert r.equity.figures["应有权益"] == pytest.approx(226_000)
    assert r.equity.figures["实际权益"] == pytest.approx(300_000)


def test_admitting_the_implied_amount_clears_the_equity_check():
    first = restoration.private_debt_probe(_shop(), 0, monthly_rate=0.008, losses=100_000, annual_rate=0.05,
                                           months=12, amount=100_000)
    assert first.equity.verdict == "不通过"
    full = restoration.private_debt_probe(_shop(), first.implied, monthly_rate=0.008, losses=100_000,
                                          annual_rate=0.05, months=12, amount=100_000)
    assert full.equity.verdict == "通过"
    assert abs(full.equity.figures["差额"]) < 1 and full.unexplained < 1


def test_admitting_too_much_shows_missing_equity_not_more_debt():
    # 承认 40 万元却不认损失：实际权益 0，应有 35 − 24 × 0.32 万 = 27.32 万 → 少了 27.32 万
    r = restoration.private_debt_probe(_shop(), 400_000, monthly_rate=0.008, annual_rate=0.05, months=12,
                                       amount=100_000)
    assert r.unexplained == 0
    assert r.shortfall == pytest.approx(350_000 - 24 * 3_200)


def test_interest_and_debt_reach_the_capacity_test():
    base = restoration.private_debt_probe(_shop(), 0, monthly_rate=0.01, annual_rate=0.05, months=12,
                                          amount=100_000)
    more = restoration.private_debt_probe(_shop(), 300_000, monthly_rate=0.01, annual_rate=0.05, months=12,
                                          amount=100_000)
    # 每月多 3,000 元利息，月可支配收入少 3,000 元
    assert base.capacity.disposable_monthly - more.capacity.disposable_monthly == pytest.approx(3_000)
    assert more.worksheet.borrower.business_liabilities.private_loans == 300_000


def test_carry_cost_at_or_above_principal_cannot_be_inverted():
    r = restoration.private_debt_probe(_shop(期间月数=24), 0, monthly_rate=0.05, annual_rate=0.05, months=12,
                                       amount=100_000)
    assert r.implied is None and r.unexplained is None


@settings(max_examples=40, deadline=None)
@given(admitted=st.integers(0, 2_000_000), rate=st.integers(3, 20), losses=st.integers(0, 500_000))
def test_implied_does_not_depend_on_what_was_admitted(admitted, rate, losses):
    """倒推的是权益走势指向的借款额：借款人承认多少，不改变它（只改变还差多少）。"""
    kw = dict(monthly_rate=rate / 1000, losses=losses, annual_rate=0.05, months=12, amount=100_000)
    a = restoration.private_debt_probe(_shop(), 0, **kw)
    b = restoration.private_debt_probe(_shop(), admitted, **kw)
    # 每月利息按分取整，24 个月最多差几角钱
    assert b.implied == pytest.approx(a.implied, abs=1)
    assert b.unexplained == pytest.approx(max(0.0, a.implied - admitted), abs=1)


def test_bad_input_names_the_field():
    with pytest.raises(InputError) as e:
        restoration.private_debt_probe(_shop(), 0, monthly_rate=0.08, annual_rate=0.05, months=12)
    assert e.value.field == "月息"
    no_profit = _shop()
    del no_profit["权益历史"]["期间累计利润"]
    with pytest.raises(InputError) as e:
        restoration.private_debt_probe(no_profit, 0, monthly_rate=0.008, annual_rate=0.05, months=12)
    assert e.value.field == "期间累计利润"
    no_history = _shop()
    del no_history["权益历史"]
    with pytest.raises(InputError) as e:
        restoration.private_debt_probe(no_history, 0, monthly_rate=0.008, annual_rate=0.05, months=12)
    assert e.value.field == "权益历史"
    with pytest.raises(InputError) as e:
        restoration.private_debt_probe(_shop(), -1, monthly_rate=0.008, annual_rate=0.05, months=12)
    assert e.value.field == "承认的民间借贷"


def test_view_shows_the_probe_and_moves_with_the_slider():
    from coursekit.widgets.restoration import PrivateDebtView

    w = PrivateDebtView(_shop(), losses=100_000, annual_rate=0.05, months=12, amount=100_000, monthly_rate=0.01,
                        label="坏账")
    first = w.result
    assert first.implied == pytest.approx(150_000 / 0.76) and first.losses == 100_000
    w.controls["承认的民间借贷"].value = 200_000
    assert w.result.admitted == 200_000 and w.result.unexplained == 0
    assert w.result.equity.verdict == "通过" or w.result.shortfall > 0
    w.controls["期间损失"].value = False
    assert w.result.losses == 0 and w.result.implied == pytest.approx(50_000 / 0.76)
    w.controls["月息"].value = 10.0
    assert w.result.monthly_rate == pytest.approx(0.01)
    with pytest.raises(InputError):
        PrivateDebtView(_shop(), losses=-5, annual_rate=0.05, months=12, amount=100_000)
