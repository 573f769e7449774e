"""coursekit.loans：还款计划、年化利率、月费率报价、LPR 定价、提前还款。"""
from __future__ import annotations

import math
from decimal import Decimal

import numpy as np
import numpy_financial as npf
import pandas as pd
import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from coursekit import loans
from coursekit.errors import InputError
from coursekit.loans import (
    METHODS,
    AnnualizedRate,
    Pricing,
    annualized_rate,
    compare_methods,
    lpr_rate,
    max_principal,
    monthly_fee_offer,
    payment_for,
    prepay,
    schedule,
)

principals = st.integers(min_value=100_000, max_value=500_000_000).map(lambda fen: fen / 100)  # 1,000 元–500 万元
rates = st.integers(min_value=0, max_value=2400).map(lambda bp: bp / 10_000)  # 0–24%
terms = st.integers(min_value=1, max_value=360)


def fen(series) -> np.ndarray:
    return np.rint(np.asarray(series, dtype=float) * 100).astype(np.int64)


# ---------------------------------------------------------------------------
# 月供与反推
# ---------------------------------------------------------------------------
def test_payment_for_hand_examples():
    assert payment_for(10_000, 0.12, 12) == pytest.approx(888.4879, abs=1e-4)
    assert payment_for(120_000, 0.06, 12, "等额本金") == pytest.approx(10_600)
    assert payment_for(300_000, 0.046, 36, "先息后本") == pytest.approx(1_150)
    assert payment_for(300_000, 0.046, 36, "按季付息") == pytest.approx(3_450)
    assert payment_for(12_000, 0, 12) == pytest.approx(1_000)


@settings(max_examples=150, deadline=None)
@given(st.integers(100, 1_000_000), rates.filter(lambda r: r > 0), terms, st.sampled_from(METHODS))
def test_max_principal_against_closed_forms(pay, r, n, method):
    """月供能力 → 最高本金，与独立的公式比：年金现值（numpy-financial）、等额本金首期、只付息。"""
    i = r / 12
    want = {
        "等额本息": npf.pv(i, n, -pay),              # 年金现值
        "等额本金": pay / (1 / n + i),               # 首期月供 = P/n + P·i
        "先息后本": pay / i,                          # 每月利息 = P·i
        "按季付息": pay / (min(3, n) * i),            # 每季利息 = 3·P·i（不足 3 个月按实际月数）
    }[method]
    assert max_principal(pay, r, n, method) == pytest.approx(want, rel=1e-9)


def test_max_principal_hand_example():
    # 月供 888.49 元、年利率 12%、12 期等额本息：约 10,000 元（888.4879 是 1 万元的精确月供）
    assert max_principal(888.4879, 0.12, 12) == pytest.approx(10_000, abs=0.01)
    assert max_principal(10_600, 0.06, 12, "等额本金") == pytest.approx(120_000)


def test_payment_for_agrees_with_numpy_financial():
    assert payment_for(500_000, 0.0435, 240) == pytest.approx(-npf.pmt(0.0435 / 12, 240, 500_000), rel=1e-12)


def test_max_principal_zero_rate():
    assert max_principal(1_000, 0, 12) == pytest.approx(12_000)
    with pytest.raises(InputError) as err:
        max_principal(1_000, 0, 12, "先息后本")
    assert err.value.field == "年利率"


# ---------------------------------------------------------------------------
# 还款计划表
# ---------------------------------------------------------------------------
def test_schedule_hand_example_equal_installment():
    df = schedule(10_000, 0.12, 12)
    assert list(df.columns) == ["期数", "月供", "本金", "利息", "剩余本金"]
    assert df["期数"].tolist() == list(range(1, 13))
    assert df["月供"].iloc[0] == 888.49
    assert df["利息"].iloc[0] == 100.00  # 10,000 × 1%
    assert df["本金"].iloc[0] == 788.49
    assert df["剩余本金"].iloc[0] == 9_211.51
    assert df["月供"].iloc[-1] == 888.47  # 最后一期吸收舍入差（按分逐期计算的手算结果）
    assert fen(df["本金"]).sum() == 1_000_000
    assert round(df["利息"].sum(), 2) == 661.86


def test_schedule_equal_principal_closed_form():
    df = schedule(120_000, 0.06, 12, "等额本金")
    assert (df["本金"] == 10_000).all()
    k = np.arange(1, 13)
    expected_interest = (120_000 - (k - 1) * 10_000) * 0.005
    np.testing.assert_allclose(df["利息"], expected_interest)
    assert df["月供"].iloc[0] == 10_600 and df["月供"].iloc[-1] == 10_050


@settings(max_examples=120, deadline=None)
@given(principals, rates, terms, st.sampled_from(METHODS))
def test_schedule_invariants(p, r, n, method):
    df = schedule(p, r, n, method)
    assert len(df) == n
    assert fen(df["本金"]).sum() == round(p * 100)  # 本金合计到分恰好等于贷款
    assert (fen(df["月供"]) == fen(df["本金"]) + fen(df["利息"])).all()
    bal = fen(df["剩余本金"])
    assert bal[-1] == 0
    assert (np.diff(np.concatenate([[round(p * 100)], bal])) <= 0).all()  # 余额不增
    assert (fen(df["利息"]) >= 0).all() and (fen(df["本金"]) >= 0).all()
    # 每期余额 = 上期余额 − 本期本金
    prev = np.concatenate([[round(p * 100)], bal[:-1]])
    assert (prev - fen(df["本金"]) == bal).all()


@settings(max_examples=120, deadline=None)
@given(principals, rates.filter(lambda r: r > 0), st.integers(min_value=2, max_value=360))
def test_equal_installment_matches_numpy_financial(p, r, n):
    df = schedule(p, r, n, "等额本息")
    per = np.arange(1, n + 1)
    ipmt = -npf.ipmt(r / 12, per, n, p)
    ppmt = -npf.ppmt(r / 12, per, n, p)
    # 月供舍入到分，每期最多差 0.005 元；这些差额按月利率滚存，余额的偏差不超过它们的终值
    i = r / 12
    tol = 0.005 * ((1 + i) ** n - 1) / i + 0.01
    np.testing.assert_allclose(df["利息"], ipmt, atol=tol)
    np.testing.assert_allclose(df["本金"].iloc[:-1], ppmt[:-1], atol=tol)
    assert df["月供"].iloc[0] == pytest.approx(-npf.pmt(r / 12, n, p), abs=0.005)


@settings(max_examples=100, deadline=None)
@given(principals, rates, st.integers(min_value=2, max_value=360))
@example(1000.0, 0.0296, 64)   # 1000/64 = 15.625：半分处按四舍五入进到 15.63
def test_equal_principal_matches_closed_form(p, r, n):
    df = schedule(p, r, n, "等额本金")
    k = np.arange(1, n + 1)
    base = math.floor(p * 100 / n + 0.5) / 100   # 每期本金四舍五入到分（不是 Python round 的银行家舍入）
    expected_balance_before = p - (k - 1) * base
    np.testing.assert_allclose(df["利息"], expected_balance_before * r / 12, atol=0.006)


def test_interest_only_and_quarterly():
    df = schedule(300_000, 0.046, 36, "先息后本")
    assert (df["利息"] == 1_150).all()
    assert df["月供"].iloc[-1] == 301_150
    assert (df["本金"].iloc[:-1] == 0).all()
    q = schedule(300_000, 0.046, 36, "按季付息")
    paying = q.loc[q["月供"] > 0, "期数"].tolist()
    assert paying == list(range(3, 37, 3))
    assert (q.loc[q["月供"] > 0, "利息"] == 3_450).all()
    assert q["利息"].sum() == pytest.approx(41_400)
    # 先息后本 + 按季付息间隔，与“按季付息”同一张表
    q2 = schedule(300_000, 0.046, 36, "先息后本", interest_every=3)
    pd.testing.assert_frame_equal(q.reset_index(drop=True), q2.reset_index(drop=True), check_like=False)
    # 期限不是 3 的倍数：最后一期付清零头月份的利息
    q3 = schedule(100_000, 0.06, 4, "按季付息")
    assert q3["利息"].tolist() == [0, 0, 1_500, 500]


def test_grace_period_then_amortization():
    df = schedule(200_000, 0.048, 24, "等额本息", grace_months=6)
    assert (df["本金"].iloc[:6] == 0).all()
    assert (df["利息"].iloc[:6] == 800).all()
    tail = schedule(200_000, 0.048, 18, "等额本息")
    np.testing.assert_allclose(df["月供"].iloc[6:].to_numpy(), tail["月供"].to_numpy())
    assert fen(df["本金"]).sum() == 20_000_000


def test_fees_row_and_dates():
    df = schedule(100_000, 0.06, 3, "等额本金", fees=1_000, start="2024-01-31")
    assert list(df.columns) == ["期数", "还款日", "月供", "本金", "利息", "费用", "剩余本金"]
    assert df["期数"].tolist() == [0, 1, 2, 3]
    assert df["费用"].tolist() == [1_000, 0, 0, 0]
    assert df["剩余本金"].iloc[0] == 100_000
    assert [d.strftime("%Y-%m-%d") for d in df["还款日"]] == ["2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30"]
    assert df.attrs["贷款参数"]["fees"] == 1_000


def test_compare_methods_orders_total_interest():
    cmp = compare_methods(300_000, 0.046, 36)
    interest = dict(zip(cmp["还款方式"], cmp["利息总额"]))
    assert interest["等额本金"] < interest["等额本息"] < interest["先息后本"]
    assert interest["先息后本"] == pytest.approx(41_400)
    # 没有费用时，按月付的几种方式年化利率（IRR 法）都等于名义利率；只剩这一列年化利率，没有“单利”列
    monthly = cmp[cmp["还款方式"] != "按季付息"]
    np.testing.assert_allclose(monthly["年化利率"], 0.046, atol=2e-5)
    assert not any("单利" in c or "复利" in c for c in cmp.columns)


# ---------------------------------------------------------------------------
# 年化利率
# ---------------------------------------------------------------------------
def test_annualized_rate_hand_example():
    # 公告附件的例子：借 10,000 元，12 个月每月还 888.49 元 → 每月 IRR 1%，年化利率 = 12 × 1% = 12%
    r = annualized_rate(10_000, [888.49] * 12)
    assert isinstance(r, AnnualizedRate)
    assert r.periodic == pytest.approx(0.01, abs=1e-6)
    assert r.annual == pytest.approx(0.12, abs=1e-5)
    # 实际年利率（EAR）只是教学补充：1.01^12 − 1 = 12.68%
    assert r.effective == pytest.approx(1.01 ** 12 - 1, abs=1e-5)
    text = r.explain()
    assert "〔2021〕第3号" in text and "12 × 1.0000% = 12.00%" in text
    assert "单利" not in text and "12.68%" not in text       # 披露说明里不出现 EAR，也不把 12 × i 叫单利
    # 计划表的最后一期吸收舍入差（888.44 元），结果相同
    df = schedule(10_000, 0.12, 12)
    assert annualized_rate(10_000, df["月供"]).annual == pytest.approx(0.12, abs=1e-5)


def test_annualized_rate_one_period_with_fee():
    # 借 10,000 元、扣 100 元费用，1 个月后还 10,000 元：每月利率 = 10000 / 9900 − 1
    r = annualized_rate(10_000, [10_000], fees=100)
    assert r.periodic == pytest.approx(10_000 / 9_900 - 1, rel=1e-10)
    assert r.annual == pytest.approx(12 * (10_000 / 9_900 - 1), rel=1e-10)
    assert r.total_cost == pytest.approx(100)


def test_annualized_rate_fee_example_against_irr():
    df = schedule(100_000, 0.06, 12, fees=2_000)
    flows = df.loc[df["期数"] > 0, "月供"].to_numpy()
    r = annualized_rate(100_000, flows, fees=2_000)
    expected = npf.irr(np.concatenate([[-98_000], flows]))
    assert r.periodic == pytest.approx(expected, abs=1e-10)
    assert r.annual > 0.06 + 0.03  # 2% 的前置费用在 1 年期里大约抬高 3.7 个百分点
    assert "实际到手" in r.explain()


def test_zero_cost_loan_has_zero_rate():
    r = annualized_rate(12_000, [1_000] * 12)
    assert r.periodic == 0 and r.annual == 0 and r.effective == 0


@settings(max_examples=100, deadline=None)
@given(principals, rates.filter(lambda r: r >= 0.001), st.integers(min_value=1, max_value=120),
       st.sampled_from(["等额本息", "等额本金", "先息后本"]))
def test_no_fees_gives_nominal_rate(p, r, n, method):
    df = schedule(p, r, n, method)
    ar = annualized_rate(p, df["月供"])
    # 逐期舍入到分：年化与名义利率相差不超过万分之几
    assert ar.annual == pytest.approx(r, abs=2e-4 + 12 * 0.01 / p)
    assert ar.effective >= ar.annual - 1e-15


@settings(max_examples=80, deadline=None)
@given(principals, rates, st.integers(min_value=1, max_value=120),
       st.floats(min_value=0.0, max_value=0.05), st.floats(min_value=0.001, max_value=0.05))
def test_more_fees_higher_rate_and_irr_agreement(p, r, n, f1, extra):
    flows = schedule(p, r, n)["月供"].to_numpy()
    low = annualized_rate(p, flows, fees=round(p * f1, 2))
    high = annualized_rate(p, flows, fees=round(p * (f1 + extra), 2))
    assert high.periodic > low.periodic
    assert high.effective >= high.annual
    expected = npf.irr(np.concatenate([[-(p - round(p * f1, 2))], flows]))
    assert low.periodic == pytest.approx(expected, abs=1e-9)


def test_rate_solver_with_many_periods_and_quarterly_flows():
    df = schedule(1_000_000, 0.049, 360)
    r = annualized_rate(1_000_000, df["月供"])
    assert r.annual == pytest.approx(0.049, abs=1e-5)
    q = schedule(300_000, 0.046, 36, "按季付息")
    rq = annualized_rate(300_000, q["月供"])
    assert rq.periodic == pytest.approx(npf.irr(np.concatenate([[-300_000], q["月供"]])), abs=1e-10)
    quarterly = annualized_rate(300_000, q.loc[q["月供"] > 0, "月供"], periods_per_year=4)
    assert quarterly.effective == pytest.approx(rq.effective, abs=1e-9)
    assert quarterly.annual == pytest.approx(4 * quarterly.periodic) and rq.annual == pytest.approx(12 * rq.periodic)
    assert "季" in quarterly.explain()


# ---------------------------------------------------------------------------
# 月费率报价
# ---------------------------------------------------------------------------
def test_monthly_fee_offer_nearly_doubles():
    offer = monthly_fee_offer(300_000, 36, 0.006)
    assert offer.naive_rate == pytest.approx(0.072)
    assert offer.total_fee == pytest.approx(64_800)
    assert 1.75 < offer.rate.annual / offer.naive_rate < 2.0
    flows = offer.schedule["月供"].to_numpy()
    assert offer.rate.periodic == pytest.approx(npf.irr(np.concatenate([[-300_000], flows])), abs=1e-10)
    assert fen(offer.schedule["本金"]).sum() == 30_000_000
    assert "1.83 倍" in offer.explain()


def test_monthly_fee_offer_bullet_equals_naive():
    offer = monthly_fee_offer(100_000, 12, 0.006, "到期还本")
    assert offer.rate.annual == pytest.approx(0.072, abs=1e-10)


@settings(max_examples=60, deadline=None)
@given(principals, st.integers(min_value=2, max_value=60), st.integers(min_value=1, max_value=200))
def test_monthly_fee_offer_always_above_naive(p, n, fee_bp):
    offer = monthly_fee_offer(p, n, fee_bp / 10_000)
    assert offer.rate.annual > offer.naive_rate


# ---------------------------------------------------------------------------
# LPR 定价
# ---------------------------------------------------------------------------
def test_lpr_pricing():
    assert lpr_rate(0.031, 150) == pytest.approx(0.046)
    assert lpr_rate(0.031, -20) == pytest.approx(0.029)
    pr = Pricing(lpr=0.031, spread_bp=150)
    assert pr.rate == pytest.approx(0.046)
    assert pr.explain() == "LPR 3.10% 加 150 个基点 = 4.60%"
    with pytest.raises(InputError) as err:
        Pricing(lpr=0.031, spread_bp=300, min_spread_bp=50, max_spread_bp=200)
    assert err.value.field == "加点（bp）"
    with pytest.raises(InputError) as err:
        lpr_rate(3.1, 150)  # 按百分数填了
    assert err.value.field == "贷款市场报价利率（LPR）"
    with pytest.raises(InputError):
        lpr_rate(0.031, "150")


# ---------------------------------------------------------------------------
# 提前还款
# ---------------------------------------------------------------------------
def test_prepay_keep_term_and_keep_payment():
    base = schedule(300_000, 0.046, 36, start="2024-07-01")
    term = prepay(base, 12, 100_000, "term")
    pay = prepay(base, 12, 100_000, "payment")
    for res in (term, pay):
        s = res.schedule
        assert fen(s["本金"]).sum() + fen(s["提前还款"]).sum() == 30_000_000
        assert s["剩余本金"].iloc[-1] == 0
        assert (s["期数"].diff().dropna() == 1).all()
        assert res.interest_saved > 0
    assert term.new_months == 36 and term.new_payment < base["月供"].iloc[0]
    assert pay.new_months < 36 and pay.new_payment <= base["月供"].iloc[0]
    assert pay.interest_saved > term.interest_saved  # 缩短期限省的利息更多
    # 期限不变时新月供 = 剩余本金在剩余 24 期的年金
    bal = float(term.schedule.loc[term.schedule["期数"] == 12, "剩余本金"].iloc[0])
    assert term.new_payment == pytest.approx(-npf.pmt(0.046 / 12, 24, bal), abs=0.01)
    assert term.schedule["还款日"].iloc[-1] == pd.Timestamp("2027-07-01")
    assert list(term.summary()["项目"]) == ["期限（月）", "提前还款后首期月供", "利息总额", "提前还款违约金"]


def test_prepay_interest_saved_hand_check_interest_only():
    res = prepay({"principal": 300_000, "annual_rate": 0.046, "months": 36, "method": "先息后本"}, 12, 100_000)
    # 后 24 个月：原每月利息 1,150 元，新余额 20 万元每月 766.67 元（766.666… 舍入到分）
    assert res.interest_saved == pytest.approx(24 * (1_150 - 766.67), abs=1e-6)
    assert res.interest_saved == pytest.approx(100_000 * 0.046 / 12 * 24, abs=0.25)
    assert res.net_saving == res.interest_saved


def test_prepay_full_payoff_and_penalty():
    base = schedule(120_000, 0.06, 12, "等额本金")
    bal = float(base.loc[base["期数"] == 4, "剩余本金"].iloc[0])
    res = prepay(base, 4, bal, penalty_rate=0.01)
    assert res.new_months == 4
    assert res.schedule["剩余本金"].iloc[-1] == 0
    assert res.penalty == pytest.approx(bal * 0.01)
    assert res.net_saving == pytest.approx(res.interest_saved - res.penalty)


@settings(max_examples=60, deadline=None)
@given(principals, rates.filter(lambda r: r > 0), st.integers(min_value=2, max_value=240),
       st.sampled_from(["等额本息", "等额本金"]), st.sampled_from(["term", "payment"]),
       st.floats(min_value=0.01, max_value=0.99), st.floats(min_value=0.0, max_value=1.0))
def test_prepay_properties(p, r, n, method, keep, month_frac, amount_frac):
    base = schedule(p, r, n, method)
    month = max(1, min(n - 1, int(n * month_frac)))
    bal = float(base.loc[base["期数"] == month, "剩余本金"].iloc[0])
    amount = round(bal * amount_frac, 2)
    assume(amount >= 0.01)
    res = prepay(base, month, amount, keep)
    s = res.schedule
    assert fen(s["本金"]).sum() + fen(s["提前还款"]).sum() == round(p * 100)
    assert s["剩余本金"].iloc[-1] == 0
    assert res.new_months <= n
    # 舍入差之外不会多付利息。两份计划的月供各舍入到分（每期至多差 0.005 元），差额按月利率滚存，
    # 利率高、期限长时会放大（如 1,000 元、21.81%、225 期，提前还 3.45 元：利息反而多 5.09 元）
    i = r / 12
    assert res.interest_saved >= -(2 * 0.005 * ((1 + i) ** n - 1) / i + 0.01 * n)


@settings(max_examples=60, deadline=None)
@given(principals, rates.filter(lambda r: r > 0), st.integers(min_value=3, max_value=120),
       st.floats(min_value=0.05, max_value=0.95), st.floats(min_value=0.05, max_value=0.9))
def test_prepay_keep_term_saving_matches_annuity_formula(p, r, n, month_frac, amount_frac):
    """期限不变时省下的利息，与不舍入的年金公式（numpy-financial）比。"""
    base = schedule(p, r, n)
    m = max(1, min(n - 1, int(n * month_frac)))
    i = r / 12
    a0 = -npf.pmt(i, n, p)
    bal = npf.fv(i, m, a0, -p)                          # 第 m 期后的余额（不舍入）
    amount = round(bal * amount_frac, 2)
    a1 = -npf.pmt(i, n - m, bal - amount)
    exact_saving = (n - m) * (a0 - a1) - amount          # 利息 = 还款合计 − 本金
    res = prepay(base, m, amount)
    tol = 2 * 0.005 * ((1 + i) ** n - 1) / i + 0.01 * n
    assert res.interest_saved == pytest.approx(exact_saving, abs=tol)


def test_chained_prepayments_are_both_applied():
    """第二次提前还款建立在第一次之后的计划上，而不是悄悄回到原贷款。"""
    base = schedule(300_000, 0.046, 36, start="2024-07-01")
    first = prepay(base, 12, 100_000)
    second = prepay(first.schedule, 24, 50_000)
    s = second.schedule
    # 前 24 期与第一次提前还款后的计划逐位相同（含第 12 期的 10 万元）
    pd.testing.assert_frame_equal(s.iloc[:23], first.schedule.iloc[:23])
    assert s.loc[s["期数"] == 12, "提前还款"].item() == 100_000
    assert s.loc[s["期数"] == 24, "提前还款"].item() == 50_000
    assert fen(s["本金"]).sum() + fen(s["提前还款"]).sum() == 30_000_000
    # 第 24 期后的余额在剩下 12 期按年金摊还（手算核对：numpy-financial 的月供，误差在舍入以内）
    bal24 = float(first.schedule.loc[first.schedule["期数"] == 24, "剩余本金"].item()) - 50_000
    assert s.loc[s["期数"] == 24, "剩余本金"].item() == pytest.approx(bal24)
    assert second.new_payment == pytest.approx(-npf.pmt(0.046 / 12, 12, bal24), abs=0.01)
    assert second.original_months == 36 and second.new_months == 36
    assert second.original_interest == first.new_interest
    # 三条路径结果相同：表、PrepayResult、LoanTerms
    via_result = prepay(first, 24, 50_000).schedule
    via_terms = prepay(first.terms, 24, 50_000).schedule
    pd.testing.assert_frame_equal(via_result, s)
    pd.testing.assert_frame_equal(via_terms, s)
    assert second.terms.prepayments == ((12, 100_000.0, "term"), (24, 50_000.0, "term"))
    pd.testing.assert_frame_equal(second.terms.schedule(), s)


def test_chained_keep_payment_keeps_the_current_payment():
    base = schedule(300_000, 0.046, 36)
    first = prepay(base, 6, 60_000, "term")          # 月供先降下来
    second = prepay(first, 12, 30_000, "payment")    # 再还 3 万元，保持降下来以后的月供
    body = second.schedule.set_index("期数")
    bal = body.loc[12, "剩余本金"]
    k = second.new_months - 12                           # 摊还剩余本金用的期数
    i = 0.046 / 12
    # 最短的期数：k 期的年金月供不超过当前月供，少一期就超过（不是原计划的月供 8,940 多元）
    assert -npf.pmt(i, k, bal) <= first.new_payment + 0.005
    assert -npf.pmt(i, k - 1, bal) > first.new_payment
    assert body.loc[13, "月供"] == pytest.approx(-npf.pmt(i, k, bal), abs=0.01)
    assert second.new_months < 36 and base["月供"].iloc[0] > first.new_payment


def test_edited_or_partial_table_is_refused():
    base = schedule(300_000, 0.046, 36)
    edited = base.copy()
    edited.loc[5, "本金"] += 100
    with pytest.raises(InputError) as err:
        prepay(edited, 12, 10_000)
    assert err.value.field == "还款计划" and "不一致" in str(err.value)
    with pytest.raises(InputError):
        prepay(base.iloc[:20], 12, 10_000)          # 只取了一部分
    first = prepay(base, 12, 100_000).schedule
    tampered = first.copy()
    tampered["提前还款"] = 0.0                        # 抹掉已做的提前还款
    with pytest.raises(InputError):
        prepay(tampered, 24, 1_000)


def test_loan_terms_validate_every_prepayment():
    from coursekit.loans import LoanTerms

    terms = LoanTerms(300_000, 0.046, 36, prepayments=((12, 100_000, "term"),))
    assert terms.schedule()["提前还款"].sum() == 100_000
    for bad, field in ((((40, 1_000, "term"),), "提前还款期数"), (((12, 10_000_000, "term"),), "提前还款金额"),
                       (((12, 1_000, "shorter"),), "保留方式"), (((24, 1_000, "term"), (12, 1_000, "term")),
                                                                  "提前还款期数")):
        with pytest.raises(InputError) as err:
            LoanTerms(300_000, 0.046, 36, prepayments=bad)
        assert err.value.field == field
    with pytest.raises(InputError) as err:
        LoanTerms(300_000, 0.046, 0)
    assert err.value.field == "期限（月）"


def test_chained_prepayment_must_come_later():
    first = prepay(schedule(300_000, 0.046, 36), 12, 100_000)
    for month in (12, 6):
        with pytest.raises(InputError) as err:
            prepay(first, month, 1_000)
        assert err.value.field == "提前还款期数" and "第 12 期" in str(err.value)
    paid_off = prepay(schedule(120_000, 0.06, 12, "等额本金"), 4, 80_000)   # 第 4 期后余额 8 万元：还清
    assert paid_off.new_months == 4
    with pytest.raises(InputError):
        prepay(paid_off, 5, 1)


# ---------------------------------------------------------------------------
# 错误输入
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("kwargs, field", [
    ({"months": 0}, "期限（月）"),
    ({"months": -12}, "期限（月）"),
    ({"months": 12.5}, "期限（月）"),
    ({"months": "36"}, "期限（月）"),
    ({"months": 601}, "期限（月）"),
    ({"annual_rate": -0.01}, "年利率"),
    ({"annual_rate": 4.6}, "年利率"),
    ({"annual_rate": float("nan")}, "年利率"),
    ({"annual_rate": "4.6%"}, "年利率"),
    ({"principal": 0}, "贷款本金"),
    ({"principal": -300_000}, "贷款本金"),
    ({"principal": None}, "贷款本金"),
    ({"principal": float("inf")}, "贷款本金"),
    ({"method": "随借随还"}, "还款方式"),
    ({"fees": -1}, "费用"),
    ({"fees": 300_000}, "费用"),
    ({"grace_months": 36}, "宽限期（月）"),
    ({"method": "先息后本", "grace_months": 3}, "宽限期（月）"),
    ({"interest_every": 3}, "付息间隔（月）"),
    ({"start": "不是日期"}, "放款日"),
])
def test_schedule_bad_input(kwargs, field):
    args = {"principal": 300_000, "annual_rate": 0.046, "months": 36, "method": "等额本息", **kwargs}
    with pytest.raises(InputError) as err:
        schedule(args.pop("principal"), args.pop("annual_rate"), args.pop("months"), args.pop("method"), **args)
    assert err.value.field == field
    assert isinstance(err.value, ValueError)


@pytest.mark.parametrize("payments, field", [
    ([], "还款额"),
    ([100, -5], "还款额（第 2 期）"),
    ([100, float("nan")], "还款额（第 2 期）"),
    ([100, "abc"], "还款额（第 2 期）"),
    ([0, 0, 0], "还款额"),
    ([1_000] * 9, "还款额"),  # 合计 9,000 元，从未还清 10,000 元
    ("1000", "还款额"),
    (None, "还款额"),
])
def test_annualized_rate_bad_payments(payments, field):
    with pytest.raises(InputError) as err:
        annualized_rate(10_000, payments)
    assert err.value.field == field


def test_annualized_rate_bad_other_fields():
    with pytest.raises(InputError) as err:
        annualized_rate(10_000, [10_100], fees=10_000)
    assert err.value.field == "费用"
    with pytest.raises(InputError) as err:
        annualized_rate(10_000, [10_100], periods_per_year=0)
    assert err.value.field == "每年期数"


@pytest.mark.parametrize("value", [float("inf"), -float("inf"), np.float64("inf"), np.array(300_000.0),
                                   np.array([300_000.0]), Decimal("300000"), Decimal("Infinity")],
                         ids=["inf", "-inf", "np-inf", "0d-array", "1d-array", "Decimal", "Decimal-inf"])
def test_non_plain_numbers_are_refused_with_the_field_named(value):
    """±inf、数组、Decimal 不会被悄悄当成数字（也不会抛出 InputError 以外的异常）。"""
    for call, field in ((lambda v: payment_for(v, 0.046, 36), "贷款本金"),
                        (lambda v: schedule(300_000, v, 36), "年利率"),
                        (lambda v: prepay(schedule(300_000, 0.046, 36), 12, v), "提前还款金额")):
        with pytest.raises(InputError) as err:
            call(value)
        assert err.value.field == field
    assert payment_for(np.int64(300_000), 0.046, np.int64(36)) == payment_for(300_000, 0.046, 36)


def test_prepay_and_offer_bad_input():
    base = schedule(300_000, 0.046, 36)
    cases = [
        (lambda: prepay(base, 36, 1_000), "提前还款期数"),
        (lambda: prepay(base, 0, 1_000), "提前还款期数"),
        (lambda: prepay(base, 12, 10_000_000), "提前还款金额"),
        (lambda: prepay(base, 12, -1), "提前还款金额"),
        (lambda: prepay(base, 12, 1_000, "shorter"), "保留方式"),
        (lambda: prepay(schedule(300_000, 0.046, 36, "先息后本"), 12, 1_000, "payment"), "保留方式"),
        (lambda: prepay(schedule(300_000, 0.046, 36, "按季付息"), 4, 1_000), "提前还款期数"),
        (lambda: prepay(pd.DataFrame({"a": [1]}), 1, 1), "还款计划"),
        (lambda: prepay({"principal": 1}, 1, 1), "还款计划"),
        (lambda: prepay(base, 12, 1_000, penalty_rate=0.5), "违约金比例"),
        (lambda: monthly_fee_offer(100_000, 12, 0.6), "月费率"),
        (lambda: monthly_fee_offer(100_000, 12, -0.006), "月费率"),
        (lambda: monthly_fee_offer(100_000, 12, 0.006, "随便"), "还本方式"),
        (lambda: payment_for(100_000, 0.05, 0), "期限（月）"),
        (lambda: max_principal(-1, 0.05, 12), "月还款能力"),
    ]
    for call, field in cases:
        with pytest.raises(InputError) as err:
            call()
        assert err.value.field == field, field


# ---------------------------------------------------------------------------
# 部件
# ---------------------------------------------------------------------------
def test_loan_calculator_widget():
    import matplotlib.pyplot as plt

    from coursekit.widgets.loans import LoanCalculator

    w = LoanCalculator(300_000, lpr=0.031, spread_bp=150, months=36)
    assert w.result.annual_rate == pytest.approx(0.046)
    assert w.result.rate.annual == pytest.approx(0.046, abs=1e-5)
    assert list(w.result.comparison["还款方式"]) == list(METHODS)
    # 对比表的年化利率显示为两位小数的百分数，不是“0.05”
    from coursekit.widgets.loans import _money_table
    shown = _money_table(w.result.comparison, [], ["年化利率"])
    assert list(shown["年化利率"])[:3] == ["4.60%", "4.60%", "4.60%"]
    assert "IRR" in w.result.rate.explain() and "单利" not in w.result.rate.explain()
    w.controls["费用"].value = 3_000
    assert w.result.rate.annual > 0.05
    w.controls["期限（月）"].value = 0
    assert w.error is not None and w.error.field == "期限（月）"
    assert "期限" in w._field_errors["期限（月）"].value
    assert w.result is None  # 出错时清除旧结果，不让上一次的数字留在屏幕上
    w.controls["期限（月）"].value = 36
    w.controls["定价方式"].value = "直接输入年利率"
    w.controls["年利率"].value = 150
    assert w.error.field == "年利率" and "百分数" in w.error.message
    w.controls["年利率"].value = 6
    assert w.error is None and w.result.annual_rate == pytest.approx(0.06)
    plt.close("all")


def test_loan_calculator_grace_months():
    import matplotlib.pyplot as plt

    from coursekit.widgets.loans import LoanCalculator

    w = LoanCalculator(300_000, lpr=0.031, spread_bp=150, months=36, fees=3_000)
    # 默认没有宽限期：与不带宽限期的核心函数完全一致
    assert w.controls["宽限期（月）"].value == 0 and w.result.grace_months == 0
    assert w.result.comparison.equals(compare_methods(300_000, 0.046, 36, fees=3_000))
    assert w.result.schedule.equals(schedule(300_000, 0.046, 36, fees=3_000))
    w.controls["宽限期（月）"].value = 6
    assert w.error is None and w.result.grace_months == 6
    assert w.result.comparison.equals(compare_methods(300_000, 0.046, 36, fees=3_000, grace_months=6))
    df = w.result.schedule
    body = df[df["期数"] > 0]
    assert (body["本金"].iloc[:6] == 0).all() and body["利息"].iloc[0] == 1_150.0      # 300,000 × 4.6% ÷ 12
    assert body["本金"].sum() == pytest.approx(300_000)
    want = annualized_rate(300_000, schedule(300_000, 0.046, 36, fees=3_000, grace_months=6)["月供"].iloc[1:].to_numpy(),
                           fees=3_000)
    assert w.result.rate.annual == pytest.approx(want.annual)
    cmp = w.result.comparison.set_index("还款方式")
    base = compare_methods(300_000, 0.046, 36, fees=3_000).set_index("还款方式")
    # 宽限期多占用 6 个月本金：等额本息、等额本金的利息变多；先息后本、按季付息不受影响
    for m in ("等额本息", "等额本金"):
        assert cmp.loc[m, "利息总额"] > base.loc[m, "利息总额"]
        assert cmp.loc[m, "首期还款"] == 1_150.0
    pd.testing.assert_frame_equal(cmp.loc[["先息后本", "按季付息"]], base.loc[["先息后本", "按季付息"]])
    assert cmp.loc["等额本息", "利息总额"] == pytest.approx(float(df["利息"].sum()))
    # 只付息的方式不能再设宽限期；宽限期不能达到期限：错误显示在宽限期旁
    w.controls["还款方式"].value = "先息后本"
    assert w.error.field == "宽限期（月）" and "只付息" in w._field_errors["宽限期（月）"].value
    w.controls["还款方式"].value = "等额本金"
    w.controls["宽限期（月）"].value = 36
    assert w.error.field == "宽限期（月）"
    w.controls["宽限期（月）"].value = 0
    assert w.error is None and w.result.comparison.equals(compare_methods(300_000, 0.046, 36, fees=3_000))
    plt.close("all")


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 23), st.floats(0.01, 0.2), st.sampled_from([0.0, 500.0]))
def test_compare_methods_grace_against_closed_forms(grace, rate, fees):
    """带宽限期的对比表与不经过还款计划表的公式比：宽限期只付息，之后年金（numpy-financial）或等额还本。"""
    p, n, i = 100_000, 24, rate / 12
    got = compare_methods(p, rate, n, fees=fees, grace_months=grace).set_index("还款方式")
    k = n - grace                                              # 摊还期数
    annuity = -npf.pmt(i, k, p)
    want = {  # 方式: (首期还款, 最高一期还款, 利息总额)
        "等额本息": (p * i, annuity, grace * p * i + k * annuity - p),
        "等额本金": (p * i, p / k + p * i, grace * p * i + p * i * (k + 1) / 2),
        "先息后本": (p * i, p + p * i, n * p * i),
        "按季付息": (3 * p * i, p + 3 * p * i, n * p * i),
    }
    tol = 0.01 * n                                             # 每期舍入到分
    for m, (first, highest, interest) in want.items():
        assert got.loc[m, "首期还款"] == pytest.approx(first, abs=0.02)   # 按季付息是 3 个月各舍入到分
        assert got.loc[m, "最高一期还款"] == pytest.approx(highest, abs=tol)
        assert got.loc[m, "利息总额"] == pytest.approx(interest, abs=tol)
        assert got.loc[m, "还款总额"] == pytest.approx(p + interest + fees, abs=tol)
    # 年化利率（公告的 IRR 法 = 12 × 月内部收益率）与 numpy-financial 的 IRR 比：到手 p − fees，宽限期只付息
    flows = [-(p - fees)] + [p * i] * grace + [annuity] * k
    assert got.loc["等额本息", "年化利率"] == pytest.approx(12 * npf.irr(flows), abs=1e-5)


@settings(max_examples=60, deadline=None)
@given(principals, rates, st.integers(1, 120), st.sampled_from([0.0, 800.0]))
def test_compare_methods_zero_grace_is_the_plain_comparison(principal, rate, months, fees):
    """宽限期为 0 与不设宽限期逐位相同，且与不带宽限期的还款计划表一致。"""
    plain = compare_methods(principal, rate, months, fees=fees)
    assert compare_methods(principal, rate, months, fees=fees, grace_months=0).equals(plain)
    for m, row in plain.set_index("还款方式").iterrows():
        df = schedule(principal, rate, months, m, fees=fees)
        pay = df.loc[df["期数"] > 0, "月供"]
        assert row["最高一期还款"] == pytest.approx(pay.max())
        assert row["利息总额"] == pytest.approx(df["利息"].sum())


def test_compare_methods_grace_hand_example():
    # 12 万元、年利率 6%、12 个月、宽限 3 个月：每月利息 600 元
    base = compare_methods(120_000, 0.06, 12).set_index("还款方式")
    cmp = compare_methods(120_000, 0.06, 12, grace_months=3).set_index("还款方式")
    # 等额本金：宽限 3 期各付 600 元利息，之后 9 期每期还本 13,333.33 元，利息 600 × (9 + 8 + … + 1) / 9 = 3,000 元
    assert cmp.loc["等额本金", "首期还款"] == 600.0
    assert cmp.loc["等额本金", "利息总额"] == pytest.approx(4_800)
    assert base.loc["等额本金", "利息总额"] == pytest.approx(3_900)
    assert cmp.loc["等额本金", "最高一期还款"] == pytest.approx(13_933.33)   # 摊还首期：13,333.33 + 600
    assert cmp.loc["等额本息", "首期还款"] == 600.0
    assert cmp.loc["等额本息", "利息总额"] > base.loc["等额本息", "利息总额"]
    # 名义利率不变，宽限期只拉长占用时间：年化利率仍约等于 6%
    assert cmp.loc["等额本息", "年化利率"] == pytest.approx(0.06, abs=2e-5)
    pd.testing.assert_frame_equal(cmp.loc[["先息后本", "按季付息"]], base.loc[["先息后本", "按季付息"]])
    # 只比较等额本金一种方式时也能用宽限期
    only = compare_methods(120_000, 0.06, 12, methods=["等额本金"], grace_months=3)
    assert only["利息总额"].tolist() == [4_800.0]


@pytest.mark.parametrize("grace", [-1, 12, 13, 1.5, True, "3", None])
def test_compare_methods_rejects_bad_grace(grace):
    with pytest.raises(InputError) as exc:
        compare_methods(120_000, 0.06, 12, grace_months=grace)
    assert exc.value.field == "宽限期（月）"


def test_vanishingly_small_rate_behaves_like_zero_rate():
    """年利率极小（如 1e-246）时不应除以零，月供趋于本金 ÷ 期数。"""
    from coursekit import loans

    df = loans.schedule(120_000, 1e-246, 12, "等额本息")
    assert abs(df["本金"].sum() - 120_000) < 1e-6
    assert abs(df["月供"].iloc[0] - 10_000) < 0.01
    assert abs(loans.payment_for(120_000, 1e-12, 12) - 10_000) < 0.01


def test_purchase_loan_size_takes_the_smaller_of_the_gap_and_the_stressed_pledge():
    # 3,200 吨 × 2,250 元 = 720 万；自有 320 万 → 缺口 400 万；跌 15% 后货值 612 万 × 70% = 428.4 万
    r = loans.purchase_loan_size(3_200, 2_250, 3_200_000)
    assert (r.purchase, r.need, r.pledge_cover, r.amount, r.binding) == \
        (7_200_000, 4_000_000, pytest.approx(4_284_000), 4_000_000, "资金缺口")
    # 跌 25%：540 万 × 70% = 378 万 < 400 万，质押卡住额度
    deep = loans.purchase_loan_size(3_200, 2_250, 3_200_000, price_drop=0.25)
    assert deep.binding == "质押覆盖" and deep.amount == pytest.approx(3_780_000)
    # 只批 180 万：连同自有 320 万能收 500 万 ÷ 2,250 ≈ 2,222 吨
    assert r.volume_for(1_800_000) == pytest.approx(2_222.22, abs=0.01)
    # 自有资金够了，就不需要贷款
    assert loans.purchase_loan_size(100, 2_000, 300_000).amount == 0
    for bad in ({"pledge_rate": 0}, {"pledge_rate": 1.2}, {"price_drop": 1}, {"price_drop": -0.1}):
        with pytest.raises(InputError):
            loans.purchase_loan_size(3_200, 2_250, 3_200_000, **bad)


@settings(max_examples=60, deadline=None)
@given(volume=st.floats(1, 1e5), price=st.floats(100, 1e4), own=st.floats(0, 1e8), drop=st.floats(0, 0.9),
       rate=st.floats(0.05, 1))
def test_purchase_loan_never_exceeds_the_gap_or_the_stressed_collateral(volume, price, own, drop, rate):
    r = loans.purchase_loan_size(volume, price, own, pledge_rate=rate, price_drop=drop)
    assert 0 <= r.amount <= r.need + 1e-6 and r.amount <= r.pledge_cover + 1e-6
    assert r.amount == pytest.approx(min(max(0.0, volume * price - own), volume * price * (1 - drop) * rate))


# ------------------------------------------------------------- 一批收购户逐户定额度 ----
def _dealers():
    return pd.DataFrame({"户": ["甲", "乙", "丙"], "结算吨数": [1_000, 2_400, 500], "代交吨数": [0, 1_500, 500],
                         "计划吨数": [1_200, 2_500, 300], "自有资金": [2_000_000, 900_000, 100_000]})


def test_dealer_limits_hand_example():
    # 单价 4,000，质押率 70%，跌 15%：每吨可覆盖 4,000 × 0.85 × 0.7 = 2,380 元
    own = loans.dealer_purchase_limits(_dealers(), 4_000).set_index("户")
    # 甲：核定 1,000 吨（计划 1,200 超出结算证明的量）；缺口 400 万 − 200 万 = 200 万 < 覆盖 238 万
    assert own.loc["甲", "核定吨数"] == 1_000 and own.loc["甲", "额度"] == pytest.approx(2_000_000)
    assert own.loc["甲", "卡住额度的一项"] == "资金缺口"
    # 乙：自营 900 吨；缺口 360 万 − 90 万 = 270 万 > 覆盖 214.2 万
    assert own.loc["乙", "额度"] == pytest.approx(2_142_000) and own.loc["乙", "卡住额度的一项"] == "质押覆盖"
    # 丙：全是代交，没有可证实的自营量
    assert own.loc["丙", "额度"] == 0 and own.loc["丙", "卡住额度的一项"] == "无可证实的收购量"
    settled = loans.dealer_purchase_limits(_dealers(), 4_000, basis="结算量").set_index("户")
    assert settled.loc["乙", "核定吨数"] == 2_400 and settled.loc["乙", "额度"] == pytest.approx(5_712_000)
    assert settled.loc["丙", "核定吨数"] == 300 and settled.loc["丙", "额度"] == pytest.approx(300 * 2_380)
    assert settled.attrs["合计额度"] == pytest.approx(2_000_000 + 5_712_000 + 714_000)


def test_dealer_limits_rejects_bad_input():
    bad = _dealers().assign(代交吨数=[0, 3_000, 0])
    with pytest.raises(InputError, match="代交吨数"):
        loans.dealer_purchase_limits(bad, 4_000)
    with pytest.raises(InputError, match="口径"):
        loans.dealer_purchase_limits(_dealers(), 4_000, basis="全部")
    with pytest.raises(InputError, match="经纪人表"):
        loans.dealer_purchase_limits(_dealers().drop(columns="代交吨数"), 4_000)
    with pytest.raises(InputError, match="价格跌幅"):
        loans.dealer_purchase_limits(_dealers(), 4_000, price_drop=1.2)


@given(st.floats(0, 0.9), st.floats(0.1, 1.0), st.integers(0, 3_000), st.integers(0, 3_000))
def test_dealer_limits_own_basis_never_exceeds_settled_basis(drop, rate, settled, passed):
    passed = min(passed, settled)
    d = pd.DataFrame({"户": ["甲"], "结算吨数": [settled], "代交吨数": [passed], "计划吨数": [2_000],
                      "自有资金": [500_000]})
    own = loans.dealer_purchase_limits(d, 4_000, pledge_rate=rate, price_drop=drop)
    full = loans.dealer_purchase_limits(d, 4_000, pledge_rate=rate, price_drop=drop, basis="结算量")
    assert own["额度"].iloc[0] <= full["额度"].iloc[0] + 1e-6
    assert own["额度"].iloc[0] <= own["核定吨数"].iloc[0] * 4_000 * (1 - drop) * rate + 1e-6


def test_dealer_limit_explorer_is_a_thin_view():
    from coursekit.widgets.marketing import DealerLimitExplorer

    w = DealerLimitExplorer(_dealers(), 4_000)
    assert w.result.attrs["合计额度"] == pytest.approx(2_000_000 + 2_142_000)
    w.controls["口径"].value = "结算量"
    assert w.result.attrs["合计额度"] == pytest.approx(2_000_000 + 5_712_000 + 714_000) and w.unexpected is None


# ------------------------------------------------------------- 分级库存与压货的盈亏平衡 ----
def test_graded_stock_cover_hand_example():
    stock = pd.DataFrame({"等级": ["选货", "统货"], "数量": [10_000, 20_000], "单价": [100, 60], "质押率": [0.5, 0.0]})
    r = loans.graded_stock_cover(stock, price_drop=0.3)
    # 选货 100 万元，跌三成 70 万元，五成 35 万元；统货不可押
    assert list(r["可贷"]) == pytest.approx([350_000, 0])
    assert r.attrs["合计货值"] == pytest.approx(2_200_000) and r.attrs["可贷占货值"] == pytest.approx(350_000 / 2_200_000)
    with pytest.raises(InputError, match="质押率"):
        loans.graded_stock_cover(stock.assign(质押率=[0.5, 1.5]))
    with pytest.raises(InputError, match="价格跌幅"):
        loans.graded_stock_cover(stock, price_drop=-0.1)


def test_holding_break_even_hand_example():
    # 货值 100 万，贷款 60 万 × 5% 一年 3 万，仓储 12 × 2,000 = 2.4 万，损耗 4%：(100 + 5.4) ÷ 96 − 1
    be = loans.holding_break_even(1_000_000, loan=600_000, rate=0.05, months=12, storage_per_month=2_000,
                                  shrink_per_year=0.04)
    assert be == pytest.approx(1_054_000 / 960_000 - 1)
    with pytest.raises(InputError, match="压货月数"):
        loans.holding_break_even(1_000_000, loan=0, rate=0.05, months=36, storage_per_month=0, shrink_per_year=0.5)


@given(st.integers(1, 36), st.floats(0, 0.2), st.floats(0, 0.2))
def test_holding_longer_never_needs_a_smaller_rise(months, rate, shrink):
    kw = dict(loan=500_000, rate=rate, storage_per_month=1_000, shrink_per_year=shrink)
    assume(shrink * (months + 1) / 12 < 1)
    assert loans.holding_break_even(1_000_000, months=months + 1, **kw) >= \
        loans.holding_break_even(1_000_000, months=months, **kw) - 1e-12


def test_stock_holding_explorer_is_a_thin_view():
    from coursekit.widgets.marketing import StockHoldingExplorer

    stock = pd.DataFrame({"等级": ["选货"], "数量": [10_000], "单价": [100], "质押率": [0.5]})
    w = StockHoldingExplorer(stock, rate=0.05, storage_per_month=0, shrink_per_year=0.0, price_drop=0.3, months=12)
    assert w.result["库存"].attrs["合计可贷"] == pytest.approx(350_000)
    w.controls["压货月数"].value = 24   # 35 万 × 5% × 2 年 = 3.5 万，货值 100 万
    assert w.result["盈亏平衡涨幅"] == pytest.approx(0.035) and w.unexpected is None
