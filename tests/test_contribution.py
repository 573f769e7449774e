"""coursekit.contribution：综合贡献度教学模型。"""
from __future__ import annotations


import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coursekit.contribution import (
    ITEMS,
    ContributionParams,
    Customer,
    contribution,
    group_contribution,
    waterfall,
    what_if,
)
from coursekit.errors import InputError

P = ContributionParams()

ENTERPRISE = {"名称": "宏达五金", "角色": "企业", "活期存款日均": 300_000, "贷款日均": 3_000_000,
              "贷款利率": 0.046, "贷款笔数": 1}
OWNER = {"名称": "王建国", "角色": "实际控制人", "活期存款日均": 50_000, "定期存款日均": 200_000, "信用卡张数": 1}

money = st.integers(min_value=0, max_value=50_000_000_00).map(lambda fen: fen / 100)
small_int = st.integers(min_value=0, max_value=500)
fraction = st.integers(min_value=0, max_value=1_000).map(lambda x: x / 10_000)

customers = st.builds(
    Customer,
    name=st.just("客户"),
    count=st.integers(min_value=1, max_value=100),
    accounts=st.integers(min_value=0, max_value=5),
    demand_deposit_avg=money, time_deposit_avg=money,
    demand_rate=st.none() | fraction, time_rate=st.none() | fraction,
    loan_avg=st.just(0.0), wealth_avg=money, insurance_premium=money,
    payroll_employees=small_int, acquiring_turnover=money, settlement_turnover=money, credit_cards=small_int,
)


def test_hand_computed_single_customer():
    r = contribution(ENTERPRISE)
    b = r.breakdown.set_index("项目")["金额"]
    assert b["活期存款利差"] == pytest.approx(300_000 * (0.018 - 0.0015))  # 4,950
    assert b["贷款利差"] == pytest.approx(3_000_000 * (0.046 - 0.025))  # 63,000
    assert b["运营成本"] == pytest.approx(-(80 + 3_000))
    assert b["预期损失"] == pytest.approx(-0.015 * 0.45 * 3_000_000)  # −20,250
    assert r.expected_loss == pytest.approx(20_250)
    assert r.total == pytest.approx(4_950 + 63_000 - 3_080 - 20_250)
    assert r.economic_capital == pytest.approx(240_000)
    assert r.raroc == pytest.approx(44_620 / 240_000)
    assert r.eva == pytest.approx(44_620 - 24_000)
    assert list(r.breakdown.columns) == ["项目", "类别", "金额"]
    assert list(r.breakdown["项目"]) == [i for i, _ in ITEMS]
    assert "RAROC" in r.explain() and "示意" in r.explain()


def test_fee_items_hand_computed():
    c = {"名称": "商户", "收单交易额": 2_000_000, "结算流水": 36_500_000, "理财日均": 500_000,
         "保险年保费": 10_000, "代发人数": 80, "信用卡张数": 2}
    b = contribution(c).breakdown.set_index("项目")["金额"]
    assert b["收单手续费"] == pytest.approx(2_000)
    assert b["结算沉淀存款利差"] == pytest.approx(36_500_000 * 3 / 365 * (0.018 - 0.0015))
    assert b["理财代销收入"] == pytest.approx(2_000)
    assert b["保险代理收入"] == pytest.approx(500)
    assert b["代发工资收费"] == pytest.approx(1_600)
    assert b["信用卡收入"] == pytest.approx(300)
    assert b["运营成本"] == pytest.approx(-(80 + 80 * 10))


def test_customer_rates_override_params_and_period_scaling():
    c = {"名称": "甲", "活期存款日均": 100_000, "活期利率": 0.018}
    assert contribution(c).breakdown["金额"].iloc[0] == 0  # 付给客户的利率等于 FTP，没有利差
    half = contribution(ENTERPRISE, period_months=6)
    full = contribution(ENTERPRISE)
    assert half.total == pytest.approx(full.total / 2, abs=0.02)
    assert half.eva == pytest.approx(half.total - 240_000 * 0.10 / 2, abs=0.01)


def test_no_loan_means_no_raroc():
    r = contribution(OWNER)
    assert r.economic_capital == 0 and r.raroc is None
    assert "无定义" in r.explain()


@settings(max_examples=150, deadline=None)
@given(customers)
def test_total_matches_the_documented_formulas(c):
    """合计与按参数表逐项写出的公式比（默认参数，没有贷款），而不是与模型自己的分项相加。"""
    d_rate = 0.0015 if c.demand_rate is None else c.demand_rate
    t_rate = 0.015 if c.time_rate is None else c.time_rate
    per_customer = (c.demand_deposit_avg * (0.018 - d_rate) + c.time_deposit_avg * (0.023 - t_rate)
                    + c.settlement_turnover * 3 / 365 * (0.018 - d_rate)      # 结算沉淀 3 天
                    + c.payroll_employees * 20 + c.acquiring_turnover * 0.001 + c.wealth_avg * 0.004
                    + c.insurance_premium * 0.05 + c.credit_cards * 150
                    - (c.accounts * 80 + c.payroll_employees * 10))
    want = c.count * per_customer
    r = contribution(c)
    assert r.total == pytest.approx(want, rel=1e-12, abs=11 * 0.005 + 0.01)   # 11 项各舍入到分
    assert r.by_category()["金额"].sum() == pytest.approx(want, rel=1e-12, abs=0.07)
    table = r.table()
    assert table["金额"].iloc[-1] == r.total and table["项目"].iloc[-1] == "综合贡献度"


@settings(max_examples=100, deadline=None)
@given(customers, st.floats(min_value=1.0, max_value=1e7))
def test_more_deposits_more_contribution_when_ftp_above_rate(c, extra):
    p = ContributionParams(ftp_demand=0.018, demand_rate=0.0015)
    base = Customer(**{**c.__dict__, "demand_rate": None})
    more = Customer(**{**base.__dict__, "demand_deposit_avg": base.demand_deposit_avg + extra})
    assert contribution(more, p).total > contribution(base, p).total - 0.01
    assert contribution(more, p).total - contribution(base, p).total == pytest.approx(
        extra * base.count * (0.018 - 0.0015), abs=0.02)


@settings(max_examples=100, deadline=None)
@given(money.filter(lambda x: x > 0), fraction, fraction)
def test_expected_loss_is_pd_lgd_ead(ead, pd_, lgd):
    p = ContributionParams(pd=pd_, lgd=lgd)
    r = contribution({"名称": "借款人", "贷款日均": ead, "贷款利率": 0.05, "贷款笔数": 1}, p)
    assert r.expected_loss == pytest.approx(pd_ * lgd * ead, abs=0.006)
    assert r.raroc == pytest.approx(r.total / (ead * 0.08))


def test_group_is_sum_of_members_and_count_multiplies():
    staff = {"名称": "代发员工", "角色": "代发员工", "户数": 80, "活期存款日均": 6_000}
    g = group_contribution([ENTERPRISE, OWNER, staff], name="宏达五金客户群")
    singles = [contribution(x) for x in (ENTERPRISE, OWNER, staff)]
    assert g.total == pytest.approx(sum(s.total for s in singles))
    assert g.members["综合贡献度"].sum() == pytest.approx(g.total)
    assert g.members["户数"].tolist() == [1, 1, 80]
    one = contribution({**staff, "户数": 1})
    assert singles[2].total == pytest.approx(80 * one.total)
    assert g.raroc == pytest.approx(g.total / 240_000)
    assert g.combined.name == "宏达五金客户群"
    # 只看企业那一户 vs 整个客户群
    assert g.total > singles[0].total


def test_what_if_scenarios():
    base = [ENTERPRISE, OWNER]
    cmp = what_if(
        base,
        代发工资={"宏达五金": {"代发人数": 80},
              "新增客户": [{"名称": "代发员工", "户数": 80, "活期存款日均": 6_000}]},
        结算迁入={"宏达五金": {"结算流水": 20_000_000, "收单交易额": 5_000_000}},
        增加保险={"王建国": {"保险年保费": 30_000}},
    )
    assert list(cmp.summary["情景"]) == ["现状", "代发工资", "结算迁入", "增加保险"]
    assert list(cmp.table.columns) == ["项目", "现状", "代发工资", "结算迁入", "增加保险"]
    base_total = group_contribution(base).total
    assert cmp.summary["综合贡献度"].iloc[0] == pytest.approx(base_total)
    gain = dict(zip(cmp.summary["情景"], cmp.summary["较现状增加"]))
    assert gain["增加保险"] == pytest.approx(30_000 * 0.05)
    assert gain["结算迁入"] == pytest.approx(20_000_000 * 3 / 365 * 0.0165 + 5_000_000 * 0.001, abs=0.02)
    expected_payroll = 80 * 20 - 80 * 10 + 80 * (6_000 * 0.0165 - 80)
    assert gain["代发工资"] == pytest.approx(expected_payroll, abs=0.02)
    assert cmp.table.iloc[-1, 1:].tolist() == pytest.approx(cmp.summary["综合贡献度"].tolist())
    single = what_if(OWNER, 增加理财={"理财日均": 300_000})
    assert single.summary["较现状增加"].iloc[1] == pytest.approx(1_200)


def test_params_table_and_dict_input():
    t = P.table()
    assert list(t.columns) == ["参数", "取值", "说明"]
    assert t["说明"].str.contains("示意").all()
    r = contribution(ENTERPRISE, {"贷款 FTP": 0.03})
    assert r.breakdown.set_index("项目")["金额"]["贷款利差"] == pytest.approx(3_000_000 * 0.016)


def test_waterfall_draws_bars_and_title():
    import matplotlib.pyplot as plt

    g = group_contribution([ENTERPRISE, OWNER])
    fig = waterfall(g)
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert labels[-1] == "综合贡献度" and "结算沉淀存款利差" not in labels  # 0 值项目不画
    assert "综合贡献度构成" in ax.get_title()
    heights = [p.get_height() for p in ax.patches]
    assert heights[-1] == pytest.approx(g.total)
    plt.close(fig)
    fig2 = waterfall(contribution(ENTERPRISE).table())
    plt.close(fig2)


@pytest.mark.parametrize("customer, field", [
    ({"名称": "甲", "活期存款日均": -1}, "活期存款日均"),
    ({"名称": "甲", "活期存款日均": float("nan")}, "活期存款日均"),
    ({"名称": "甲", "活期存款日均": "十万"}, "活期存款日均"),
    ({"名称": "甲", "贷款日均": 100_000, "贷款笔数": 1}, "贷款利率"),
    ({"名称": "甲", "贷款日均": 100_000, "贷款利率": 0.05}, "贷款笔数"),
    ({"名称": "甲", "贷款日均": 100_000, "贷款利率": 4.6, "贷款笔数": 1}, "贷款利率"),
    ({"名称": "甲", "户数": 0}, "户数"),
    ({"名称": "甲", "代发人数": 2.5}, "代发人数"),
    ({"名称": "甲", "违约概率": 1.5}, "违约概率"),
    ({"名称": ""}, "名称"),
    ({"名称": "甲", "存款": 100}, "客户信息"),
])
def test_bad_customer(customer, field):
    with pytest.raises(InputError) as err:
        contribution(customer)
    assert err.value.field == field


def test_bad_params_and_groups():
    cases = [
        (lambda: ContributionParams(pd=-0.1), "违约概率（PD）"),
        (lambda: ContributionParams(ftp_demand=float("nan")), "活期存款 FTP"),
        (lambda: ContributionParams(cost_per_loan=-1), "每笔贷款管理成本"),
        (lambda: ContributionParams(settlement_float_days=400), "结算沉淀天数"),
        (lambda: contribution(ENTERPRISE, {"不存在": 1}), "模型参数"),
        (lambda: contribution("宏达五金"), "客户信息"),
        (lambda: contribution(ENTERPRISE, period_months=0), "期间月数"),
        (lambda: group_contribution([]), "客户群"),
        (lambda: group_contribution(ENTERPRISE), "客户群"),
        (lambda: group_contribution([ENTERPRISE, ENTERPRISE]), "客户群"),
        (lambda: what_if([ENTERPRISE], 情景={"没有这个人": {"代发人数": 1}}), "情景“情景”"),
        (lambda: what_if(OWNER, 情景={"不存在": 1}), "情景“情景”"),
        (lambda: what_if(OWNER, 现状={"理财日均": 1}), "情景名称"),
        (lambda: waterfall(pd.DataFrame({"a": [1]})), "构成表"),
    ]
    for call, field in cases:
        with pytest.raises(InputError) as err:
            call()
        assert err.value.field == field, field


def test_contribution_calculator_widget():
    import matplotlib.pyplot as plt

    from coursekit.widgets.contribution import ContributionCalculator

    w = ContributionCalculator([ENTERPRISE, OWNER], payroll=80)
    s = w.result.summary
    assert list(s["情景"]) == ["现状", "调整后"]
    assert s["较现状增加"].iloc[1] == pytest.approx(80 * 20 - 80 * 10 + 80 * (6_000 * 0.0165 - 80), abs=0.02)
    w.controls["新增保险年保费"].value = 20_000
    assert w.result.summary["较现状增加"].iloc[1] == pytest.approx(80 * (20 - 10 + 6_000 * 0.0165 - 80) + 1_000,
                                                                 abs=0.02)
    single = ContributionCalculator(OWNER)
    assert single.result.summary["较现状增加"].iloc[1] == 0
    with pytest.raises(InputError):
        ContributionCalculator("宏达五金")
    plt.close("all")


def test_contribution_calculator_pd_stress():
    import matplotlib.pyplot as plt

    from coursekit.widgets.contribution import ContributionCalculator

    plain = what_if([ENTERPRISE, OWNER], 调整后={})
    w = ContributionCalculator([ENTERPRISE, OWNER])
    # 初值 = 现状的 PD：结果与没有这个滑块时完全一样
    assert w.controls["违约概率"].value == pytest.approx(ContributionParams().pd)
    assert w.result.table.equals(plain.table) and w.result.summary.equals(plain.summary)
    el = w.result.results["现状"].expected_loss
    assert el == pytest.approx(0.015 * 0.45 * 3_000_000)
    w.controls["违约概率"].value = 0.03
    new_el = w.result.results["调整后"].expected_loss
    assert new_el == pytest.approx(0.03 * 0.45 * 3_000_000)
    assert w.result.summary["较现状增加"].iloc[1] == pytest.approx(-(new_el - el), abs=0.01)
    # 客户自己的 PD 作初值；参数里的 PD 也跟着用
    own_pd = ContributionCalculator([{**ENTERPRISE, "违约概率": 0.02}, OWNER])
    assert own_pd.controls["违约概率"].value == pytest.approx(0.02)
    assert own_pd.result.summary["较现状增加"].iloc[1] == 0
    by_param = ContributionCalculator([ENTERPRISE, OWNER], {"pd": 0.01}, default_prob=0.04)
    assert by_param.base_pd == pytest.approx(0.01)
    assert by_param.result.results["调整后"].expected_loss == pytest.approx(0.04 * 0.45 * 3_000_000)
    # 没有贷款：滑块不可用，也不影响结果
    single = ContributionCalculator(OWNER)
    assert single.controls["违约概率"].disabled and single.result.summary["较现状增加"].iloc[1] == 0
    with pytest.raises(InputError) as err:
        ContributionCalculator([ENTERPRISE], default_prob=1.5)
    assert err.value.field == "违约概率（PD）"
    plt.close("all")



# -- 分摊成本与可避免成本 -----------------------------------------------------------------------
# 默认参数：贷款 FTP 2.5%、活期 FTP 1.8% − 利率 0.15%、每户账户成本 80 元、PD 1.5% × LGD 45%。
# 一户 2 万元、5.8%、活期日均 6,000：660 + 99 − 80 − 135 = 544 元，再减每笔成本；
# 一户 10 万元：3,300 + 99 − 80 − 675 = 2,644 元，再减每笔成本。
_SEGS = [{"名称": "2 万元档", "户数": 10, "活期存款日均": 6_000, "贷款日均": 20_000, "贷款利率": 0.058, "贷款笔数": 1},
         {"名称": "10 万元档", "户数": 2, "活期存款日均": 6_000, "贷款日均": 100_000, "贷款利率": 0.058, "贷款笔数": 1}]


def test_exit_test_keeps_the_fixed_cost_that_the_allocation_hides():
    from coursekit.contribution import exit_test

    t = exit_test(_SEGS, allocated_cost=2_000, avoidable_cost=300, drop=["2 万元档"])
    assert t.fixed_pool == 1_700 * 12 == 20_400
    assert t.all_in == 10 * (544 - 2_000) + 2 * (2_644 - 2_000) == -13_272
    assert t.kept_allocated == 2 * (2_644 - 2_000) == 1_288            # 汇报里的算法：退出后“转亏为盈”
    assert t.kept_true == 2 * (2_644 - 300) - 20_400 == -15_712          # 固定成本还在：比不退出更差
    assert t.lost == 10 * (544 - 300) == 2_440
    assert list(t.table["退出"]) == [True, False]


@settings(max_examples=40, deadline=None)
@given(alloc=st.integers(0, 4_000), share=st.floats(0, 1), drop_small=st.booleans())
def test_exit_never_saves_more_than_the_avoidable_cost(alloc, share, drop_small):
    from coursekit.contribution import exit_test

    avoid = round(alloc * share, 2)
    drop = ["2 万元档"] if drop_small else []
    t = exit_test(_SEGS, allocated_cost=alloc, avoidable_cost=avoid, drop=drop)
    # 全部保留 − 退出后真实 = 被退出的户对固定成本的贡献
    assert t.all_in - t.kept_true == pytest.approx(t.lost, abs=0.02)
    if not drop:
        assert t.kept_true == pytest.approx(t.all_in, abs=0.02) and t.kept_allocated == pytest.approx(t.all_in, abs=0.02)


def test_small_loan_paths_mixes_take_up_linearly():
    from coursekit.contribution import small_loan_paths

    out = small_loan_paths(_SEGS, allocated_cost=2_000, avoidable_cost=300, batch_cost=500, drop=["2 万元档"],
                           deepened={"活期存款日均": 15_000}, take_up=0.5).set_index("方案")["综合贡献度"]
    batch = 10 * (544 - 500) + 2 * (2_644 - 500)                           # 4,728
    deep = batch + 12 * 9_000 * (0.018 - 0.0015)                           # 每户多 148.5 元
    assert out.iloc[3] == batch == 4_728
    assert out.iloc[4] == pytest.approx(0.5 * batch + 0.5 * deep, abs=0.01) == 5_619
    assert "接受率 50%" in out.index[4]


def test_small_loan_paths_rejects_bad_costs_and_take_up():
    from coursekit.contribution import exit_test, small_loan_paths

    with pytest.raises(InputError, match="每笔可避免成本"):
        exit_test(_SEGS, allocated_cost=300, avoidable_cost=2_000)
    with pytest.raises(InputError, match="退出的档"):
        exit_test(_SEGS, allocated_cost=2_000, avoidable_cost=300, drop=["50 万元档"])
    with pytest.raises(InputError, match="深度经营接受率"):
        small_loan_paths(_SEGS, allocated_cost=2_000, avoidable_cost=300, batch_cost=500, take_up=1.5)
    with pytest.raises(InputError, match="深度经营"):
        small_loan_paths(_SEGS, allocated_cost=2_000, avoidable_cost=300, batch_cost=500, deepened={"户数": 3})


def test_small_loan_paths_widget_shows_error_next_to_the_slider():
    from coursekit.widgets.contribution import SmallLoanPaths

    w = SmallLoanPaths(_SEGS, drop=["2 万元档"], deepened={"活期存款日均": 15_000})
    assert w.result.set_index("方案")["综合贡献度"].iloc[2] == 2 * (2_644 - 300) - 1_700 * 12
    w.controls["每笔可避免成本"].value = 1_900
    w.controls["每笔分摊成本"].value = 1_000
    assert w.result is None and "不能大于" in w._field_errors["每笔可避免成本"].value


# ------------------------------------------------------------------ 以退为进的两条路 ----
def test_concession_paths_hand_example():
    from coursekit.contribution import concession_paths
    r = concession_paths(30_000, 6_000, p_full=0.1, p_partial=0.7, p_upgrade=0.4, years=3)
    assert list(r.table["坚持全套"]) == [3_000, 3_000, 3_000]
    # 第 1 年 0.7 × 6,000；第 2、3 年 0.7 ×（0.4 × 30,000 ＋ 0.6 × 6,000）＝ 0.7 × 15,600
    assert list(r.table["先退一步"]) == [4_200, 10_920, 10_920]
    assert r.hold_total == 9_000 and r.concede_total == 26_040 and r.concession_cost == 24_000
    assert r.break_even_p_full == pytest.approx(26_040 / 90_000)


@settings(max_examples=40, deadline=None)
@given(st.floats(1, 1e6), st.floats(0, 1e6), st.floats(0, 1), st.floats(0, 1), st.floats(0, 1))
def test_concession_paths_break_even_equalises(full, partial, pp, pu, x):
    from coursekit.contribution import concession_paths
    r = concession_paths(full, partial, p_full=0.5, p_partial=pp, p_upgrade=pu)
    if r.break_even_p_full <= 1:
        at = concession_paths(full, partial, p_full=r.break_even_p_full, p_partial=pp, p_upgrade=pu)
        assert at.hold_total == pytest.approx(at.concede_total, rel=1e-6, abs=0.05)


def test_concession_paths_refuses_bad_input():
    from coursekit.contribution import concession_paths
    with pytest.raises(InputError, match="客户答应全套的把握"):
        concession_paths(30_000, 6_000, p_full=1.5, p_partial=0.7, p_upgrade=0.4)
    with pytest.raises(InputError, match="年数"):
        concession_paths(30_000, 6_000, p_full=0.1, p_partial=0.7, p_upgrade=0.4, years=0)
