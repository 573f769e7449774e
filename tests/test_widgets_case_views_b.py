"""从 m03 案例笔记本搬进 coursekit.widgets 的部件：装的数与核心函数一致，控件一动结果按预期的方向变。"""
from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, strategies as st

from coursekit import marketing
from coursekit.errors import InputError

CUP_ARGS = dict(staff_cups_per_day=10, cups_per_group=2.5, close_rate=0.12, avg_order=15_000, open_days=330,
                claimed_sales=8_000_000)


# ---------------------------------------------------------------- 纸杯估门店（m03-c12）
def test_cup_count_view_matches_core_and_follows_close_rate():
    from coursekit.widgets.marketing import CupCountView

    w = CupCountView(30, **CUP_ARGS)
    pd.testing.assert_series_equal(w.result, marketing.cup_count_sales(30, **CUP_ARGS))
    assert w.result["年销售额"] == pytest.approx(4_752_000)
    w.controls["成交率"].value = 0.20             # 8 组 × 330 天 × 20% × 1.5 万
    assert w.result["年销售额"] == pytest.approx(7_920_000)
    assert w.result["自报未解释部分"] == pytest.approx(80_000)
    w.controls["每组来客用的杯子"].value = 4.0     # 每组用杯多了，来客组数少了：20 ÷ 4 = 5 组
    assert w.result["来客组数/天"] == pytest.approx(5.0) and w.result["年销售额"] == pytest.approx(4_950_000)
    assert w.unexpected is None


def test_cup_count_view_staff_cups_more_than_all_cups_is_a_field_error():
    from coursekit.widgets.marketing import CupCountView

    with pytest.raises(InputError) as exc:
        CupCountView(30, **{**CUP_ARGS, "staff_cups_per_day": 40})
    assert exc.value.field == "员工自己每天用的纸杯"
    w = CupCountView(8, **{**CUP_ARGS, "staff_cups_per_day": 5})
    w.controls["员工自己每天用的纸杯"].value = 10     # 比一天用掉的 8 只还多
    assert w.result is None and w.error.field == "员工自己每天用的纸杯" and w.unexpected is None


# ---------------------------------------------------------------- 嫌货才是买货人（m03-c11）
MINE = {"提出异议": (15, 6), "没提异议": (25, 3)}


def test_objection_split_view_matches_core_and_narrows_with_more_households():
    from coursekit.widgets.marketing import ObjectionSplitView

    w = ObjectionSplitView(MINE)
    pd.testing.assert_frame_equal(w.result, marketing.objection_buyer_rates(MINE))
    assert w.result.attrs["区间不重叠"] is False
    width = w.result.loc[0, "区间上限"] - w.result.loc[0, "区间下限"]
    w.controls["提出异议的户数"].value = 30
    w.controls["提出异议、申请的户数"].value = 12      # 同样 40%，户数翻倍，区间变窄
    assert w.result.loc[0, "成交率"] == pytest.approx(0.4)
    assert w.result.loc[0, "区间上限"] - w.result.loc[0, "区间下限"] < width
    w.controls["没提异议的户数"].value = 50
    w.controls["没提异议、申请的户数"].value = 6
    assert w.result.attrs["区间不重叠"] is True and w.unexpected is None


def test_objection_split_view_more_applicants_than_households_is_a_field_error():
    from coursekit.widgets.marketing import ObjectionSplitView

    with pytest.raises(InputError) as exc:
        ObjectionSplitView({"提出异议": (5, 6)})
    assert exc.value.field == "提出异议的成交数"
    w = ObjectionSplitView(MINE)
    w.controls["没提异议、申请的户数"].value = 40
    assert w.result is None and w.error.field == "没提异议、申请的户数" and w.unexpected is None


def test_objection_rates_apart_by_hand():
    # 64 组里 22 组 ≈ [24.0%, 46.4%]，96 组里 9 组 ≈ [5.0%, 16.9%]：不重叠
    t = marketing.objection_buyer_rates({"提出异议": (64, 22), "没提异议": (96, 9)})
    assert t.loc[0, "区间下限"] == pytest.approx(0.2397, abs=1e-3) and t.loc[1, "区间上限"] == pytest.approx(0.1687, abs=1e-3)
    assert t.attrs["区间不重叠"] is True
    assert marketing.objection_buyer_rates({"提出异议": (64, 22)}).attrs["区间不重叠"] is None


_group = st.integers(1, 300).flatmap(lambda n: st.tuples(st.just(n), st.integers(0, n)))


@given(_group, _group)
def test_objection_rates_apart_is_symmetric_and_means_the_rates_differ(a, b):
    one = marketing.objection_buyer_rates({"甲": a, "乙": b})
    two = marketing.objection_buyer_rates({"乙": b, "甲": a})
    assert one.attrs["区间不重叠"] == two.attrs["区间不重叠"]
    if one.attrs["区间不重叠"]:
        assert a[1] / a[0] != b[1] / b[0]


# ---------------------------------------------------------------- 车商的库存（m03-c08）
WAN = 10_000
FRESH, CONSIGNED = "自有、未押、库龄 90 天内", "寄售车（车主的）"


def _lot(fresh=13, consigned=18):
    return pd.DataFrame({"等级": [FRESH, "自有、未押、库龄超过 90 天", "自有、已押给汽车金融公司", CONSIGNED],
                         "数量": [fresh, 5, 12, consigned], "单价": [7.5 * WAN, 4.2 * WAN, 6.8 * WAN, 6.0 * WAN],
                         "质押率": [0.7, 0.4, 0.0, 0.0]})


def test_stock_cover_view_matches_core_and_follows_the_counts():
    from coursekit import loans
    from coursekit.widgets.loans import StockCoverView

    w = StockCoverView(_lot(), vary={FRESH: "未押新车台数", CONSIGNED: "寄售台数"}, price_drop=0.15, asked=100 * WAN)
    pd.testing.assert_frame_equal(w.result, loans.graded_stock_cover(_lot(), price_drop=0.15))
    assert w.result.attrs["合计可贷"] == pytest.approx(651_525)
    w.controls["寄售台数"].value = 30             # 寄售车不是他的：货值涨 72 万，可贷不动
    assert w.result.attrs["合计货值"] == pytest.approx(3_081_000 + 12 * 6 * WAN)
    assert w.result.attrs["合计可贷"] == pytest.approx(651_525)
    w.controls["未押新车台数"].value = 8          # 少 5 台：每台 7.5 万 × 85% × 70% ＝ 44,625 元
    assert w.result.attrs["合计可贷"] == pytest.approx(651_525 - 5 * 44_625)
    pd.testing.assert_frame_equal(w.result, loans.graded_stock_cover(_lot(fresh=8, consigned=30), price_drop=0.15))
    w.controls["价格跌幅"].value = 0.3
    assert w.result.attrs["合计可贷"] < 651_525 - 5 * 44_625 and w.unexpected is None


def test_stock_cover_view_rejects_a_grade_not_in_the_table():
    from coursekit.widgets.loans import StockCoverView

    with pytest.raises(InputError) as exc:
        StockCoverView(_lot(), vary={"库龄一年以上": "老车台数"}, price_drop=0.15)
    assert exc.value.field == "拖动的档位"
    with pytest.raises(InputError) as exc:
        StockCoverView(_lot(), vary={FRESH: "未押新车台数"}, price_drop=1.2)
    assert exc.value.field == "价格跌幅"


def test_graded_stock_cover_counts_by_hand_and_unknown_grade():
    from coursekit import loans

    t = loans.graded_stock_cover(_lot(), price_drop=0.15, counts={FRESH: 10})
    # 10 × 7.5 万 × 0.85 × 0.7 ＋ 5 × 4.2 万 × 0.85 × 0.4 ＝ 446,250 ＋ 71,400
    assert t.attrs["合计可贷"] == pytest.approx(517_650)
    with pytest.raises(InputError) as exc:
        loans.graded_stock_cover(_lot(), counts={"没有这一档": 3})
    assert exc.value.field == "各档数量"
    with pytest.raises(InputError):
        loans.graded_stock_cover(_lot(), counts={FRESH: -1})


@given(st.integers(0, 200), st.integers(0, 200), st.integers(0, 200), st.sampled_from([0.0, 0.15, 0.3, 0.5]))
def test_graded_stock_cover_counts_only_matter_where_there_is_a_pledge_rate(fresh, more, consigned, drop):
    from coursekit import loans

    base = loans.graded_stock_cover(_lot(), price_drop=drop, counts={FRESH: fresh, CONSIGNED: consigned})
    assert base.attrs["合计可贷"] == pytest.approx(
        loans.graded_stock_cover(_lot(), price_drop=drop, counts={FRESH: fresh}).attrs["合计可贷"])
    bigger = loans.graded_stock_cover(_lot(), price_drop=drop, counts={FRESH: fresh + more, CONSIGNED: consigned})
    assert bigger.attrs["合计可贷"] >= base.attrs["合计可贷"] - 1e-6


# ---------------------------------------------------------------- 价格战（m03-c10）
PRINCIPAL = 2_000_000
INFLOWS = [x * WAN for x in [2, 10, 40, 5, 5, 70, 5, 5, 10, 45, 40, 10]]
OWN_PLAN = [0] * 2 + [400_000] + [0] * 2 + [600_000] + [0] * 5 + [1_000_000]
TEA = {"名称": "春芽茶业", "贷款日均": 1_400_000, "贷款笔数": 1, "违约概率": 0.015}


def _offers():
    from coursekit import loans

    return [loans.quote_cost(PRINCIPAL, 0.0345, 12, method="先息后本", fees=24_000, deposit=600_000,
                             deposit_rate=0.011, name="股份制银行"),
            loans.quote_cost(PRINCIPAL, 0.0385, 12, method="等额本息", name="村镇银行"),
            loans.quote_cost(PRINCIPAL, 0.041, 12, repayments=OWN_PLAN, name="本行")]


def test_quote_war_view_matches_core_and_moves_the_right_way():
    from coursekit import contribution, loans
    from coursekit.widgets.loans import QuoteWarView

    w = QuoteWarView(_offers(), INFLOWS, rival="股份制银行", own="本行", lpr=0.031, spread_bp=100, customer=TEA)
    pd.testing.assert_frame_equal(w.result.table, loans.compare_quotes(_offers(), inflows=INFLOWS))
    assert w.result.own_value == pytest.approx(contribution.contribution({**TEA, "贷款利率": 0.041}).total)
    assert round(w.result.table.loc[0, "真实年化"], 4) == 0.0624
    w.controls["他行留存存款（万元）"].value = 20.0        # 存款少了，真实年化往下走
    rival = w.result.table.loc[0, "真实年化"]
    assert rival == pytest.approx(loans.quote_cost(PRINCIPAL, 0.0345, 12, method="先息后本", fees=24_000,
                                                   deposit=200_000, deposit_rate=0.011).rate.annual)
    assert rival < 0.0624
    before = w.result.own_value
    w.controls["本行加点（基点）"].value = 50             # 让 50 个基点：日均 140 万，一年少收 7,000 元
    assert w.result.own_rate == pytest.approx(0.036)
    assert w.result.own_value == pytest.approx(before - 7_000)
    assert w.result.table.loc[2, "真实年化"] == pytest.approx(0.036, abs=1e-4) and w.unexpected is None


def test_quote_war_view_names_the_offers_it_moves():
    from coursekit.widgets.loans import QuoteWarView

    with pytest.raises(InputError) as exc:
        QuoteWarView(_offers(), INFLOWS, rival="城商行", own="本行", lpr=0.031, spread_bp=100, customer=TEA)
    assert exc.value.field == "他行报价"
    with pytest.raises(InputError) as exc:
        QuoteWarView(_offers(), INFLOWS[:6], rival="股份制银行", own="本行", lpr=0.031, spread_bp=100, customer=TEA)
    assert exc.value.field == "逐月可还款资金"


def test_requote_by_hand():
    from coursekit import loans

    a = _offers()[0]
    # 存款和担保费都谈掉：先息后本，真实年化就是名义的 3.45%；担保费率 0.6% ＝ 1.2 万元
    assert loans.requote(a, deposit=0, fees=0).rate.annual == pytest.approx(0.0345, abs=1e-6)
    assert loans.requote(a, fee_rate=0.006).fees == 12_000
    own = loans.requote(_offers()[2], annual_rate=0.0385)
    assert own.method == "自定义" and own.flows["本息"].iloc[3] == pytest.approx(400_000 + 2_000_000 * 0.0385 / 12, abs=0.01)
    with pytest.raises(InputError) as exc:
        loans.requote(a, fees=1, fee_rate=0.01)
    assert exc.value.field == "费率"
    with pytest.raises(InputError):
        loans.requote("股份制银行", deposit=0)


@given(st.integers(0, 1_500_000), st.integers(0, 1_500_000))
def test_requote_without_changes_is_the_same_quote_and_more_deposit_costs_more(d1, d2):
    from coursekit import loans

    for o in _offers():
        same = loans.requote(o)
        pd.testing.assert_frame_equal(same.flows, o.flows)
        assert same.rate.annual == pytest.approx(o.rate.annual)
    a = _offers()[0]
    lo, hi = sorted((d1, d2))
    assert loans.requote(a, deposit=lo).rate.annual <= loans.requote(a, deposit=hi).rate.annual + 1e-9


# ---------------------------------------------------------------- 按回款月份还本（m03-c07）
MONTHS = ["2025-11", "2025-12", "2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"]
SALES = pd.Series([0, 15_000, 55_000, 75_000, 65_000, 40_000, 10_000, 0], index=MONTHS)
COSTS = pd.Series([10_000, 9_000, 10_000, 12_000, 11_000, 9_000, 6_000, 4_000], index=MONTHS)
WEIGHTS = [0.2, 0.3, 0.3, 0.2] + [0] * 8
PLAN = dict(first_month=11, start="2025-10-20", sales=SALES, costs=COSTS)


def _season_view(**kw):
    from coursekit.widgets.loans import SeasonalPlanView

    args = dict(start_cash=15_000, sales_month="2026-01", month=1, absorb=[2, 3], income="卖草莓收入", **PLAN)
    args.update(kw)
    return SeasonalPlanView(100_000, 0.045, 6, WEIGHTS, **args)


def test_seasonal_plan_view_matches_core_and_follows_each_control():
    from coursekit import loans

    w = _season_view()
    core = loans.seasonal_plan_cash(100_000, 0.045, 6, WEIGHTS, start_cash=15_000, **PLAN)
    pd.testing.assert_frame_equal(w.result.table, core.table)
    pd.testing.assert_frame_equal(w.result.schedule, core.schedule)
    assert w.result.lowest_month == "2025-11" and round(w.result.lowest) == 4_625
    jan = w.result.table.loc["2026-01", "账上现金"]
    w.controls["1 月卖草莓收入（元）"].value = 20_000          # 少卖 3.5 万，1 月底就少 3.5 万
    assert w.result.table.loc["2026-01", "账上现金"] == pytest.approx(jan - 35_000)
    w.controls["1 月卖草莓收入（元）"].value = 55_000
    w.controls["1 月还本比例"].value = 0.4                     # 1 月多还 2 万本金（利息不变：11、12 月只付息）
    assert w.result.table.loc["2026-01", "账上现金"] == pytest.approx(jan - 20_000)
    assert w.result.schedule["本金"].tolist() == [0, 0, 40_000, 20_000, 20_000, 20_000]
    w.controls["10 月底账上现金（元）"].value = 10_000         # 11 月纯支出 1 万元加 375 元利息
    assert w.result.lowest_month == "2025-11" and w.result.lowest == pytest.approx(-375)
    assert w.result.negative_months == 1 and w.unexpected is None


def test_seasonal_plan_view_bad_arguments_name_the_field():
    with pytest.raises(InputError) as exc:
        _season_view(sales_month="2026-09")
    assert exc.value.field == "最险的月份"
    with pytest.raises(InputError) as exc:
        _season_view(absorb=[1, 2])
    assert exc.value.field == "分摊的月份"
    w = _season_view(max_share=1.0)
    w.controls["1 月还本比例"].value = 0.9                     # 2、3 月只有 60%，1 月最多 80%
    assert w.result is None and w.error.field == "1 月还本比例" and "80%" in w.error.message and w.unexpected is None


def test_seasonal_plan_cash_by_hand():
    from coursekit import loans

    idx = ["2025-11", "2025-12", "2026-01"]
    r = loans.seasonal_plan_cash(20_000, 0.06, 3, [1] + [0] * 11, first_month=11, start="2025-10-20", start_cash=1_000,
                                 sales=pd.Series([0, 5_000, 30_000], index=idx), costs=pd.Series([500] * 3, index=idx),
                                 month_sales={"2026-01": 10_000})
    # 11 月：1,000 − 500 − 利息 100 ＝ 400；12 月：＋ 4,500 − 100 ＝ 4,800；1 月：＋ 9,500 − 20,000 − 100 ＝ −5,800
    assert r.table["账上现金"].tolist() == [400, 4_800, -5_800] and r.lowest_month == "2026-01"
    assert r.sales["2026-01"] == 10_000 and r.negative_months == 1
    with pytest.raises(InputError) as exc:
        loans.seasonal_plan_cash(20_000, 0.06, 3, [1] + [0] * 11, first_month=11, start="2025-10-20",
                                 start_cash=1_000, sales=pd.Series([0, 5_000, 30_000], index=idx),
                                 costs=pd.Series([500] * 3, index=["2025-10", "2025-11", "2025-12"]))
    assert exc.value.field == "每月开支"
    assert loans.move_repayment_weight(WEIGHTS, 1, 0.3, absorb=[2, 3])[:4] == [0.3, 0.25, 0.25, 0.2]


_weight = st.floats(0, 1, allow_nan=False)


@given(st.lists(_weight, min_size=12, max_size=12), st.integers(1, 12), _weight,
       st.sets(st.integers(1, 12), min_size=1, max_size=4))
def test_move_repayment_weight_keeps_the_total_and_the_other_months(weights, month, new, absorb):
    from coursekit import loans

    absorb = sorted(absorb - {month})
    if not absorb:
        return
    try:
        out = loans.move_repayment_weight(weights, month, new, absorb=absorb)
    except InputError as exc:
        assert exc.field == f"{month} 月还本比例"
        assert new > weights[month - 1]                       # 只有往这个月多放、别的月不够扣时才报
        return
    assert sum(out) == pytest.approx(sum(weights), abs=1e-9)
    assert out[month - 1] == pytest.approx(new)
    assert all(out[k] == pytest.approx(weights[k]) for k in range(12) if k + 1 not in absorb and k + 1 != month)
    assert min(out) >= 0
