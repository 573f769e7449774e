"""Competing loan offers on true cost: fees and a required deposit raise the IRR; repayment timing is visible."""
import pytest
from hypothesis import given, settings, strategies as st

from coursekit import loans
from coursekit.errors import InputError


def test_deposit_on_interest_only_loan_by_hand():
    # 1,000,000 at 4% interest-only, 200,000 must stay as a 0% deposit: the borrower has 800,000 and pays
    # 3,333.33 a month, so the monthly IRR is 3,333.33 / 800,000 and the annual rate 5.00%.
    o = loans.quote_cost(1_000_000, 0.04, 12, method="先息后本", deposit=200_000)
    assert o.cash_in_hand == 800_000
    assert o.rate.annual == pytest.approx(12 * (1_000_000 * 0.04 / 12) / 800_000, abs=1e-6)
    assert o.flows["净付出"].iloc[0] == -800_000
    assert o.flows["净付出"].iloc[-1] == pytest.approx(1_000_000 + 3_333.33 - 200_000, abs=0.02)


def test_plain_offer_true_rate_equals_nominal():
    o = loans.quote_cost(500_000, 0.0385, 12, method="等额本息")
    assert o.rate.annual == pytest.approx(0.0385, abs=1e-6)
    assert o.net_cost == o.total_interest


def test_fees_and_deposit_interest_in_net_cost():
    o = loans.quote_cost(2_000_000, 0.0345, 12, method="先息后本", fees=24_000, deposit=600_000,
                         deposit_rate=0.011)
    assert o.total_interest == pytest.approx(2_000_000 * 0.0345, abs=0.05)
    assert o.deposit_interest == 6_600
    assert o.net_cost == pytest.approx(69_000 + 24_000 - 6_600, abs=0.05)
    assert o.rate.annual > 0.06  # 3.45% on paper


def test_paid_before_counts_only_early_periods():
    o = loans.quote_cost(1_200_000, 0.06, 12, method="先息后本")
    assert o.paid_before(5) == pytest.approx(5 * 6_000, abs=0.01)
    assert o.paid_before(0) == 0


def test_custom_repayments_and_comparison_table():
    plan = [0] * 5 + [600_000] + [0] * 5 + [600_000]
    own = loans.quote_cost(1_200_000, 0.05, 12, repayments=plan, name="本行")
    amort = loans.quote_cost(1_200_000, 0.045, 12, method="等额本息", name="他行")
    table = loans.compare_quotes([own, amort], cash_before=5)
    assert list(table["报价"]) == ["本行", "他行"]
    assert table.loc[0, "回款前要付本息"] == pytest.approx(5 * 5_000, abs=0.05)
    assert table.loc[1, "回款前要付本息"] > 500_000
    assert own.method == "自定义"


def test_deposit_larger_than_last_instalment_rejected():
    with pytest.raises(InputError) as e:
        loans.quote_cost(1_200_000, 0.05, 12, method="等额本息", deposit=300_000)
    assert e.value.field == "留存存款"
    with pytest.raises(InputError):
        loans.quote_cost(100_000, 0.05, 12, fees=50_000, deposit=50_000)
    with pytest.raises(InputError):
        loans.compare_quotes([])


@settings(max_examples=40, deadline=None)
@given(st.floats(0, 0.4), st.floats(0.02, 0.08))
def test_more_deposit_never_cheaper(share, rate):
    lo = loans.quote_cost(1_000_000, rate, 12, method="先息后本", deposit=1_000_000 * share)
    hi = loans.quote_cost(1_000_000, rate, 12, method="先息后本", deposit=1_000_000 * (share + 0.05))
    assert hi.rate.annual >= lo.rate.annual - 1e-9
    assert lo.rate.annual >= rate - 1e-6


def test_average_balance_and_peak_gap_by_hand():
    plan = [0] * 5 + [600_000] + [0] * 5 + [600_000]
    o = loans.quote_cost(1_200_000, 0.05, 12, repayments=plan)
    # opening balances: 6 months at 1.2m, 6 months at 0.6m
    assert o.average_balance == pytest.approx(900_000, abs=0.01)
    bullet = loans.quote_cost(1_200_000, 0.06, 12, method="先息后本")
    assert bullet.average_balance == pytest.approx(1_200_000)
    # 6,000 interest a month, nothing comes in until month 12: the gap peaks at 11 × 6,000 before the last month
    inflows = [0] * 11 + [2_000_000]
    assert bullet.peak_gap(inflows) == pytest.approx(66_000, abs=0.05)
    assert bullet.peak_gap([10_000] * 11 + [1_300_000]) == 0
    table = loans.compare_quotes([bullet], inflows=inflows)
    assert table.loc[0, "最大资金缺口"] == pytest.approx(66_000, abs=0.05)
    with pytest.raises(InputError):
        bullet.peak_gap([1_000] * 5)
