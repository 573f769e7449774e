"""loans.custom_schedule / seasonal_repayments：自定义还本计划（手算例子、与标准计划一致、坏输入）。"""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coursekit import loans
from coursekit.errors import InputError


def test_repay_half_in_month_six_by_hand():
    # 100 万元、4.2%、9 个月、按季付息，第 6 期还 50 万元：
    # 季息 1,000,000 × 0.042 ÷ 12 × 3 = 10,500（第 3、6 期）；第 7–9 个月余额 50 万，季息 5,250
    df = loans.custom_schedule(1_000_000, 0.042, 9, {6: 500_000}, interest_every=3, start="2024-10-15")
    paid = df[df["月供"] > 0]
    assert paid["期数"].tolist() == [3, 6, 9]
    assert paid["利息"].tolist() == [10_500, 10_500, 5_250]
    assert paid["本金"].tolist() == [0, 500_000, 500_000]
    assert df["利息"].sum() == pytest.approx(26_250)
    assert df["剩余本金"].tolist()[4:6] == [1_000_000, 500_000] and df["剩余本金"].iloc[-1] == 0
    assert str(df["还款日"].iloc[5].date()) == "2025-04-15"
    assert df.attrs["还本计划"] == {6: 500_000}
    # 与教材旧做法（按季付息 + 第 6 期提前还 50 万元）的现金流一致，年化利率也一致
    old = loans.prepay(loans.schedule(1_000_000, 0.042, 9, "按季付息"), 6, 500_000, keep="term").schedule
    assert (old["月供"] + old["提前还款"]).tolist() == df["月供"].tolist()
    rate = loans.annualized_rate(1_000_000, df["月供"])
    assert rate.annual == pytest.approx(0.04185, abs=1e-4)


def test_monthly_interest_no_fee_discloses_the_contract_rate():
    # 按月付息、无费用：每期 IRR 恰为月利率，披露的年化利率 = 合同年利率（不随还本时点变化）
    df = loans.custom_schedule(600_000, 0.06, 12, {3: 100_000, 9: 200_000})
    assert df["利息"].iloc[0] == pytest.approx(3_000)          # 600,000 × 0.5%
    assert df["利息"].iloc[3] == pytest.approx(2_500)          # 第 3 期还 10 万后：500,000 × 0.5%
    assert df["本金"].iloc[-1] == pytest.approx(300_000)       # 计划外的余额到期还
    assert loans.annualized_rate(600_000, df["月供"]).annual == pytest.approx(0.06, abs=1e-9)


def test_fees_go_to_period_zero_and_raise_the_rate():
    df = loans.custom_schedule(100_000, 0.06, 12, {}, fees=1_000)
    assert df["期数"].iloc[0] == 0 and df["费用"].iloc[0] == 1_000 and df["剩余本金"].iloc[0] == 100_000
    body = df[df["期数"] > 0]
    assert loans.annualized_rate(100_000, body["月供"], fees=1_000).annual > 0.06


@settings(max_examples=40, deadline=None)
@given(st.integers(1_000, 5_000_000), st.floats(0.0, 0.24), st.integers(1, 60), st.sampled_from([1, 3]))
def test_empty_plan_is_interest_only(principal, rate, months, every):
    method = "先息后本" if every == 1 else "按季付息"
    std = loans.schedule(principal, rate, months, method)
    df = loans.custom_schedule(principal, rate, months, {}, interest_every=every)
    for col in ("月供", "本金", "利息", "剩余本金"):
        assert df[col].tolist() == std[col].tolist()


@settings(max_examples=40, deadline=None)
@given(st.integers(1_000, 5_000_000), st.floats(0.0, 0.24), st.integers(1, 60))
def test_equal_principal_plan_reproduces_the_standard_schedule(principal, rate, months):
    std = loans.schedule(principal, rate, months, "等额本金")
    df = loans.custom_schedule(principal, rate, months, std["本金"].tolist())
    for col in ("月供", "本金", "利息", "剩余本金"):
        assert df[col].tolist() == pytest.approx(std[col].tolist(), abs=1e-9)


@settings(max_examples=40, deadline=None)
@given(st.integers(1_000, 5_000_000), st.integers(1, 36), st.integers(1, 12),
       st.lists(st.floats(0, 3), min_size=12, max_size=12).filter(lambda w: sum(w) > 0.01))
def test_seasonal_plan_repays_exactly_the_principal(principal, months, first, weights):
    try:
        plan = loans.seasonal_repayments(principal, months, weights, first_month=first)
    except InputError:
        # 期限内的月份权重全为 0 才会报错
        assert all(weights[(first - 1 + k) % 12] == 0 for k in range(months))
        return
    assert len(plan) == months and min(plan) >= 0
    assert sum(plan) == pytest.approx(principal, abs=0.005)
    df = loans.custom_schedule(principal, 0.05, months, plan)
    assert df["本金"].sum() == pytest.approx(principal, abs=0.005) and df["剩余本金"].iloc[-1] == 0
    # 权重为 0 的月份不还本（最后一期除外：它收回全部余额，而余额此时已是 0）
    for k, amount in enumerate(plan):
        if weights[(first - 1 + k) % 12] == 0:
            assert amount == 0


def test_seasonal_plan_by_hand():
    # 10 万元、12 期、第 1 期在 11 月；只在 1、4 月（春节、春季走货）还本，各一半
    w = [1, 0, 0, 1] + [0] * 8
    plan = loans.seasonal_repayments(100_000, 12, w, first_month=11)
    assert plan[2] == 50_000 and plan[5] == 50_000 and sum(plan) == 100_000
    # 三等分的舍入差落在最后一个有权重的月份
    assert loans.seasonal_repayments(100_000, 3, [1] * 12, first_month=1) == [33_333.33, 33_333.33, 33_333.34]


def test_bad_inputs_name_the_field():
    with pytest.raises(InputError, match="还本计划"):
        loans.custom_schedule(100_000, 0.05, 6, {2: 80_000, 4: 30_000})       # 合计超过本金
    with pytest.raises(InputError, match="还本计划的期数"):
        loans.custom_schedule(100_000, 0.05, 6, {7: 10_000})
    with pytest.raises(InputError, match="第 2 期还本金额"):
        loans.custom_schedule(100_000, 0.05, 6, {2: -1})
    with pytest.raises(InputError, match="6 项"):
        loans.custom_schedule(100_000, 0.05, 6, [10_000] * 5)
    with pytest.raises(InputError, match="还本计划"):
        loans.custom_schedule(100_000, 0.05, 6, "第 6 期还清")
    with pytest.raises(InputError, match="付息间隔"):
        loans.custom_schedule(100_000, 0.05, 6, {}, interest_every=0)
    with pytest.raises(InputError, match="还本权重"):
        loans.seasonal_repayments(100_000, 3, [0] * 11 + [1], first_month=1)
    with pytest.raises(InputError, match="还本权重"):
        loans.seasonal_repayments(100_000, 3, [1] * 10, first_month=1)
    with pytest.raises(InputError, match="第 1 期所在月份"):
        loans.seasonal_repayments(100_000, 3, [1] * 12, first_month=13)
    with pytest.raises(InputError, match="还款计划"):
        loans.prepay(loans.custom_schedule(100_000, 0.05, 6, {}), 2, 10_000)
