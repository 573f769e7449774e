"""coursekit.offers：把服务费和放款时一起买的保险算进贷款成本。"""
import pytest

from coursekit.errors import InputError


# ---- offers：把服务费和保险算进贷款成本 ----
def test_offer_cost_hand_computed_and_refund_lowers_the_rate():
    from coursekit import loans, offers

    o = offers.offer_cost(200_000, 12, monthly_rate=0.004, fee=2_000, premium=12_000, cash_value=7_800)
    assert o.interest == pytest.approx(9_600) and o.insurance_loss == pytest.approx(4_200)
    assert o.total == pytest.approx(15_800) and o.quoted == pytest.approx(0.048)
    # 独立算：到手 186,000 元，前 11 期 16,666.67 ＋ 800，第 12 期减去 7,800
    pay = o.flows["合同还款"].to_numpy()
    assert pay[0] == pytest.approx(200_000 / 12 + 800, abs=0.01)
    net = list(pay[:-1]) + [pay[-1] - 7_800]
    assert o.rate.annual == pytest.approx(loans.annualized_rate(200_000, net, fees=14_000).annual)
    assert o.loan_only == pytest.approx(loans.monthly_fee_offer(200_000, 12, 0.004).rate.annual)
    full = offers.offer_cost(200_000, 12, monthly_rate=0.004, fee=2_000, premium=12_000, cash_value=12_000)
    assert o.loan_only < full.rate.annual < o.rate.annual        # 保费全额拿回，仍占用了一年的钱


def test_offer_cost_annual_rate_without_extras_is_the_rate():
    from coursekit import offers

    o = offers.offer_cost(100_000, 12, annual_rate=0.045, method="等额本息")
    assert o.rate.annual == pytest.approx(0.045, abs=1e-6) and o.total == pytest.approx(o.interest)


@pytest.mark.parametrize("kw", [dict(monthly_rate=0.004, annual_rate=0.05), dict(), dict(monthly_rate=0.004, premium=1_000,
                                cash_value=2_000), dict(monthly_rate=0.004, fee=150_000, premium=60_000),
                                dict(annual_rate=0.05, method="月息"), dict(monthly_rate=0.004, premium=20_000,
                                cash_value=20_000, cash_value_month=1)])
def test_offer_cost_bad_input(kw):
    from coursekit import offers

    with pytest.raises(InputError):
        offers.offer_cost(200_000, 12, **kw)


def test_offer_cost_view_moves_the_cash_value():
    from coursekit import offers
    from coursekit.widgets.offers import OfferCostView

    spec = dict(principal=200_000, months=12, monthly_rate=0.004, fee=2_000, premium=12_000, cash_value=7_800)
    w = OfferCostView(spec, reference=0.045)
    assert w.result.rate.annual == pytest.approx(offers.offer_cost(**spec).rate.annual)
    before = w.result.rate.annual
    w.controls["现金价值"].value = 12_000
    assert w.result.rate.annual < before and w.result.insurance_loss == 0
