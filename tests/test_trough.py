"""行情低谷：trough_path / trough_survival / trough_loan 与 TroughView。"""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from coursekit import loans
from coursekit.errors import InputError
from coursekit.restoration import restore, trough_loan, trough_path, trough_survival

FLAT = [1.0] * 12


def _farm(sales=1_200_000, margin=0.15, wages=10_000, cash=30_000, season=FLAT):
    return {"名称": "甲", "产品": [{"名称": "鸡", "销售额": sales, "毛利率": margin}], "季节系数": season,
            "月成本": {"工资": wages}, "经营资产": {"存款": cash}}


def test_path_hand_computed():
    # 低谷：120 万 × 0.9 = 108 万，毛利率 15% − 10 点 = 5% → 月毛利 4,500，减工资 1 万 → 每月 −5,500
    p = trough_path(_farm(), sales_factor=0.9, margin_delta=-0.10, start_month=11, months=3)
    assert list(p.table.index) == ["11月", "12月", "次年1月"]
    assert p.table["可支配收入"].tolist() == pytest.approx([-5_500.0] * 3)
    assert p.lowest == pytest.approx(30_000 - 16_500) and p.lowest_month == "次年1月"


def test_path_uses_calendar_season_across_the_year():
    season = [2.0] + [1.0] * 10 + [0.5]                          # 1 月旺、12 月淡
    ws = restore(_farm(season=season, wages=0))
    p = trough_path(ws, start_month=12, months=2)
    f = ws.figures.monthly_disposable
    assert p.table["可支配收入"].tolist() == pytest.approx([f[11], f[0]])
    assert f[0] > f[11]
    assert trough_path(ws, start_month=12, months=14).table.index[-1] == "第3年1月"


def test_path_with_loan_schedule_and_start_cash():
    plan = loans.schedule(120_000, 0.06, 12, "等额本息", grace_months=2)
    p = trough_path(_farm(), start_cash=50_000, start_month=5, months=3, payments=plan)
    # 正常年景每月：120 万 × 15% / 12 − 1 万 = 5,000；前两期只付息 600，第 3 期起等额本息
    assert p.table["还款"].iloc[0] == pytest.approx(600)
    assert p.table["还款"].iloc[2] == pytest.approx(plan["月供"].iloc[2])
    assert p.table["账上现金"].iloc[0] == pytest.approx(50_000 + 5_000 - 600)


def _three():
    return {
        "自养户": {"底稿": _farm(margin=0.12, cash=20_000), "本行贷款": 100_000, "低谷期销售额倍数": 0.88,
                "低谷期毛利率": 0.01},
        "代养户": {"底稿": _farm(margin=0.11, cash=60_000), "本行贷款": 100_000, "低谷期销售额倍数": 1.0,
                "低谷期毛利率": 0.11, "随行情": False},
        "大场": {"底稿": _farm(sales=3_000_000, margin=0.16, cash=600_000), "本行贷款": 100_000,
               "低谷期销售额倍数": 0.88, "低谷期毛利率": 0.06},
    }


def test_survival_verdicts_and_call_arithmetic():
    r = trough_survival(_three(), annual_rate=0.06, start_month=5, months=8)
    t = r.table.set_index("借款人")
    # 自养户低谷：105.6 万 × 1% / 12 = 880 − 1 万 → 每月 −9,120，8 个月 −72,960，2 万家底撑不住
    assert t.loc["自养户", "低谷期月可支配收入"] == pytest.approx(-9_120)
    assert t.loc["自养户", "续贷：最低现金"] == pytest.approx(20_000 - 72_960)
    assert t.loc["自养户", "结论"] == "续贷也撑不过"
    # 代养户每月 1,000 结余；抽贷：第一个月 60,000 + 1,000 − 100,000 + 利息 500 = −38,500，此后每月 +1,500
    assert t.loc["代养户", "抽贷：最低现金"] == pytest.approx(-38_500) and t.loc["代养户", "抽贷：最低在"] == "5月"
    assert t.loc["代养户", "结论"] == "抽贷会逼倒"
    assert t.loc["大场", "结论"] == "续贷撑得过"
    assert r.verdict("大场") == "续贷撑得过"


def test_margin_cut_spares_contract_farmer_and_floors_at_zero():
    base = trough_survival(_three(), annual_rate=0.06, start_month=5, months=8).table.set_index("借款人")
    deep = trough_survival(_three(), annual_rate=0.06, start_month=5, months=8,
                           margin_cut=0.02).table.set_index("借款人")
    assert deep.loc["代养户", "续贷：最低现金"] == base.loc["代养户", "续贷：最低现金"]
    assert deep.loc["自养户", "低谷期毛利率"] == 0.0                      # 1% − 2 点，按 0 计
    assert deep.loc["大场", "低谷期毛利率"] == pytest.approx(0.04)
    assert deep.loc["大场", "续贷：最低现金"] < base.loc["大场", "续贷：最低现金"]


@given(months=st.integers(1, 24), cut=st.floats(0, 0.05), start=st.integers(1, 12))
def test_longer_or_deeper_trough_never_leaves_more_cash(months, cut, start):
    """低谷更长或更深，续贷时的最低现金不会更高；抽贷的最低现金不会高于续贷（本金大于省下的利息）。"""
    short = trough_survival(_three(), annual_rate=0.06, start_month=start, months=months, margin_cut=cut)
    longer = trough_survival(_three(), annual_rate=0.06, start_month=start, months=min(24, months + 1),
                             margin_cut=cut)
    deeper = trough_survival(_three(), annual_rate=0.06, start_month=start, months=months,
                             margin_cut=min(0.99, cut + 0.01))
    for name in _three():
        low = short.paths[name].lowest
        assert longer.paths[name].lowest <= low + 1e-6
        assert deeper.paths[name].lowest <= low + 1e-6
        assert short.called[name].lowest <= low + 1e-6


def test_trough_loan_grace_lifts_the_low_point():
    kw = dict(amount=300_000, annual_rate=0.05, months=24, start_cash=100_000, sales_factor=0.9, margin_delta=-0.05,
              start_month=5, trough_months=6)
    ws = restore(_farm(sales=2_400_000))
    none, full = trough_loan(ws, grace_months=0, **kw), trough_loan(ws, grace_months=6, **kw)
    assert full.trough_payment == pytest.approx(300_000 * 0.05 / 12)
    assert full.path.lowest > none.path.lowest
    assert full.total_interest > none.total_interest
    assert none.row()["还款安排"] == "等额本息 24 期"
    assert full.row()["还款安排"] == "前 6 个月只付息，后 18 期等额本息"


def test_trough_loan_margin_cut_floors_at_zero_like_the_farms():
    # 底稿毛利率 + 变动 = 低谷期毛利率；再降的百分点和 trough_survival 同一口径，降到 0 为止
    ws = restore(_farm(sales=2_400_000))
    base = ws.figures.weighted_margin
    kw = dict(amount=300_000, annual_rate=0.05, months=24, start_cash=100_000, sales_factor=0.9, start_month=5,
              trough_months=6)
    cut = trough_loan(ws, margin_delta=0.04 - base, margin_cut=0.02, **kw)
    same = trough_loan(ws, margin_delta=0.02 - base, **kw)
    assert cut.path.lowest == pytest.approx(same.path.lowest)
    floored = trough_loan(ws, margin_delta=0.04 - base, margin_cut=0.10, **kw)
    at_zero = trough_loan(ws, margin_delta=-base, **kw)
    assert floored.path.lowest == pytest.approx(at_zero.path.lowest)
    with pytest.raises(InputError, match="低谷期毛利率再降"):
        trough_loan(ws, margin_delta=0, margin_cut=1.5, **kw)


@pytest.mark.parametrize("kwargs, field", [
    (dict(start_month=13, months=8), "低谷起始月"),
    (dict(start_month=5, months=0), "低谷月数"),
    (dict(start_month=5, months=8, sales_factor=3), "低谷期销售额倍数"),
])
def test_path_bad_input_names_field(kwargs, field):
    with pytest.raises(InputError, match=field):
        trough_path(_farm(), **kwargs)


def test_survival_bad_input_names_field():
    with pytest.raises(InputError, match="借款人"):
        trough_survival({}, annual_rate=0.05, start_month=5, months=8)
    with pytest.raises(InputError, match="本行贷款"):
        trough_survival({"甲": {"底稿": _farm(), "低谷期销售额倍数": 1, "低谷期毛利率": 0.1}}, annual_rate=0.05,
                        start_month=5, months=8)
    bad = {"甲": {"底稿": _farm(), "本行贷款": 1, "低谷期销售额倍数": 1, "低谷期毛利率": 0.1, "随行情": "否"}}
    with pytest.raises(InputError, match="随行情"):
        trough_survival(bad, annual_rate=0.05, start_month=5, months=8)
    with pytest.raises(InputError, match="年利率"):
        trough_survival(_three(), annual_rate=4.35, start_month=5, months=8)
    with pytest.raises(InputError, match="宽限期"):
        trough_loan(_farm(), amount=1, annual_rate=0.05, months=12, grace_months=12, start_cash=0, sales_factor=1,
                    margin_delta=0, start_month=1, trough_months=3)


def test_trough_view_moves_months_cut_and_grace():
    from coursekit.widgets.restoration import TroughView

    loan = {"底稿": _farm(sales=3_000_000, margin=0.16), "金额": 300_000, "期限": 24, "现金": 200_000,
            "低谷期销售额倍数": 0.88, "低谷期毛利率": 0.06}
    w = TroughView(_three(), annual_rate=0.06, start_month=5, months=6, loan=loan, grace_months=0)
    first = w.result.loan.path.lowest
    w.controls["宽限期"].value = 6
    assert w.result.loan.path.lowest > first
    w.controls["低谷月数"].value = 10
    assert w.result.survival.months == 10 and len(w.result.loan.path.table) == 10
    w.controls["毛利率再降"].value = 2.0
    assert w.result.survival.margin_cut == pytest.approx(0.02)
    with pytest.raises(InputError, match="新贷款"):
        TroughView(_three(), annual_rate=0.06, start_month=5, loan={"金额": 1})
