"""marketing.instalment_batch_economics 与 InstalmentBatchView：门店消费分期一批贷款的期望损益（手算核对）。"""
import pytest
from hypothesis import given, settings, strategies as st

from coursekit import marketing as mk
from coursekit.errors import InputError

BASE = dict(referral_rate=0.02, funding_rate=0.022, default_rate=0.03, default_lgd=0.8, cost_per_loan=50)


def test_per_loan_items_by_hand():
    b = mk.instalment_batch_economics(100, 6_000, 12, 0.005, fraud_rate=0.0, **BASE)
    p = b.per_loan
    # 手续费满额 6,000 × 0.5% × 12 = 360；3% 违约的只收一半：360 × 0.97 + 180 × 0.03 = 354.6
    assert p["手续费收入"] == pytest.approx(354.6)
    # 平均余额 6,000 × 13 / 24 = 3,250，× 2.2% = 71.5
    assert p["资金成本"] == pytest.approx(71.5)
    assert p["门店佣金"] == pytest.approx(120)
    assert p["正常违约损失"] == pytest.approx(0.03 * 3_000 * 0.8)
    assert b.profit_per_loan == pytest.approx(41.1)
    assert b.batch_profit == pytest.approx(4_110)
    # 冒名每多 1 个百分点：少 360 元手续费、多 6,000 元损失
    assert b.break_even_fraud_rate == pytest.approx(41.1 / 6_360)
    assert b.offer.naive_rate == pytest.approx(0.06)
    assert b.offer.rate.annual == pytest.approx(0.10896, abs=5e-5)


def test_buyback_and_deferred_referral_by_hand():
    b = mk.instalment_batch_economics(10, 6_000, 12, 0.005, fraud_rate=0.05, store_buyback=0.5,
                                      deferred_referral="是", **BASE)
    p = b.per_loan
    assert p["手续费收入"] == pytest.approx(360 * 0.92 + 180 * 0.03)
    assert p["门店佣金"] == pytest.approx(120 * 0.95)
    assert p["冒名与虚假交易损失"] == pytest.approx(0.05 * 6_000 * 0.5)
    assert b.profit_per_loan == pytest.approx(-120.9)
    # 每多 1 个百分点冒名：360 ＋ 3,000 − 120（不付的佣金）＝ 3,240 元
    assert b.break_even_fraud_rate == pytest.approx(41.1 / 3_240)


def test_table_rows_add_up_and_no_negative_zero():
    b = mk.instalment_batch_economics(312, 6_000, 12, 0.005, fraud_rate=0.0, **BASE)
    t = b.table().set_index("项目")
    assert t["每笔"].iloc[:-1].sum() == pytest.approx(t.loc["期望损益", "每笔"])
    assert t.loc["期望损益", "整批"] == pytest.approx(41.1 * 312)
    assert str(t.loc["冒名与虚假交易损失", "每笔"]) == "0.0"


def test_loss_making_without_fraud_gives_zero_break_even():
    b = mk.instalment_batch_economics(100, 6_000, 12, 0.003, fraud_rate=0.0, **BASE)
    # 月费率 0.3%：手续费 216 × 0.985 ＝ 212.76，减 71.5、120、72、50 ＝ −100.74
    assert b.profit_per_loan == pytest.approx(-100.74)
    assert b.break_even_fraud_rate == 0.0


@settings(max_examples=40, deadline=None)
@given(q1=st.floats(0, 0.4), q2=st.floats(0, 0.4), buyback=st.floats(0, 1))
def test_more_fraud_never_helps(q1, q2, buyback):
    lo, hi = sorted((q1, q2))
    a = mk.instalment_batch_economics(50, 8_000, 12, 0.006, fraud_rate=lo, store_buyback=buyback, **BASE)
    b = mk.instalment_batch_economics(50, 8_000, 12, 0.006, fraud_rate=hi, store_buyback=buyback, **BASE)
    assert b.profit_per_loan <= a.profit_per_loan + 1e-9


def test_break_even_really_breaks_even():
    b = mk.instalment_batch_economics(100, 5_000, 12, 0.006, fraud_rate=0.0, store_buyback=0.8,
                                      deferred_referral=True, **BASE)
    at = mk.instalment_batch_economics(100, 5_000, 12, 0.006, fraud_rate=b.break_even_fraud_rate,
                                       store_buyback=0.8, deferred_referral=True, **BASE)
    assert at.profit_per_loan == pytest.approx(0, abs=1e-9)


@pytest.mark.parametrize("kw, field", [
    ({"avg_ticket": 0}, "笔均金额"),
    ({"avg_ticket": -5_000}, "笔均金额"),
    ({"referral_rate": 0.3}, "门店佣金比例"),
    ({"fraud_rate": 0.98}, "冒名与虚假交易占比"),
    ({"deferred_referral": "也许"}, "佣金延付"),
    ({"cost_per_loan": 9_000}, "每笔经办成本"),
    ({"monthly_fee_rate": 0.5}, "月费率"),
])
def test_bad_input_names_the_field(kw, field):
    args = dict(loans_count=100, avg_ticket=6_000, months=12, monthly_fee_rate=0.005, fraud_rate=0.01, **BASE)
    args.update(kw)
    with pytest.raises(InputError) as e:
        mk.instalment_batch_economics(**args)
    assert field in str(e.value)


def test_widget_fraud_slider_moves_profit():
    from coursekit.widgets.marketing import InstalmentBatchView
    terms = dict(loans_count=312, avg_ticket=6_000, months=12, monthly_fee_rate=0.005, **BASE)
    v = InstalmentBatchView(terms)
    assert v.result.profit_per_loan == pytest.approx(41.1)
    v.controls["冒名占比"].value = 0.02
    assert v.result.profit_per_loan == pytest.approx(41.1 - 0.02 * 6_360)
    v.controls["延付"].value = True
    assert v.result.per_loan["门店佣金"] == pytest.approx(120 * 0.98)


def test_widget_rejects_bad_terms():
    from coursekit.widgets.marketing import InstalmentBatchView
    with pytest.raises(InputError):
        InstalmentBatchView({"loans_count": 10})
