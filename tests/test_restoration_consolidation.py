"""合并还原：手算的例子与性质检验。"""
import pytest
from hypothesis import given, settings, strategies as st

from coursekit.errors import InputError
from coursekit.restoration import consolidate, restore

# 手算用的两摊生意：甲（批发）卖 40 万元给乙（零售），乙再卖出去
JIA = {"名称": "甲批发", "产品": [{"名称": "粮油", "销售额": 2_000_000, "毛利率": 0.10}],
       "经营资产": {"存款": 100_000, "应收账款": 300_000, "存货": 400_000, "其他资产": 250_000},
       "经营负债": {"应付账款": 200_000, "银行借款": 500_000},
       "月成本": {"房租": 5_000, "工资": 10_000},
       "家庭资产": {"房产": 800_000}, "家庭收支": {"家庭月支出": 8_000}}
YI = {"名称": "乙超市", "产品": [{"名称": "百货", "销售额": 1_000_000, "毛利率": 0.20}],
      "经营资产": {"存款": 50_000, "应收账款": 20_000, "存货": 200_000},
      "经营负债": {"应付账款": 120_000, "民间借贷": 150_000},
      "月成本": {"房租": 4_000, "工资": 6_000}}


def _hand():
    return consolidate([JIA, YI], intra_sales=[("甲批发", "乙超市", 400_000)],
                       intra_balances=[("甲批发", "乙超市", 100_000)],
                       intra_loans=[("甲批发", "乙超市", 150_000)],
                       investments=[("甲批发", "乙超市", 100_000)],
                       hidden_debt={"乙超市": 200_000})


def test_hand_computed_statements():
    c = _hand()
    f = c.combined.figures
    # 销售额：200 万 + 100 万 − 内部 40 万 = 260 万；毛利：20 万 + 20 万 = 40 万（内部差价留在集团里）
    assert f.annual_sales == pytest.approx(2_600_000)
    assert f.gross_profit == pytest.approx(400_000)
    assert c.gross_sales == pytest.approx(3_000_000)
    # 资产：甲 105 万 + 乙 27 万 + 房产 80 万 = 212 万；抵销应收 10 万、借出款 15 万、投资 10 万 → 177 万
    assert c.gross_assets == pytest.approx(2_120_000)
    assert f.total_assets == pytest.approx(1_770_000)
    # 负债：甲 70 万 + 乙 27 万 + 没申报 20 万 = 117 万；抵销应付 10 万、内部借款 15 万 → 92 万
    assert c.gross_liabilities == pytest.approx(1_170_000)
    assert c.total_debt == pytest.approx(920_000)
    assert c.hidden_debt == 200_000 and c.declared_debt == pytest.approx(720_000)
    # 有息债务：银行 50 万 + 没申报的民间借贷 20 万（乙向甲借的 15 万已抵销）
    assert c.bank_and_private_debt == pytest.approx(700_000)
    # 权益：177 − 92 = 85 万 = 成员权益之和（甲 38+80、乙 0 −20）− 投资 10 万
    members = sum(ws.figures.equity for ws in c.members)
    assert members == pytest.approx(950_000)
    assert f.equity == pytest.approx(850_000)
    # 净利润：毛利 40 万 − 月成本 2.5 万 × 12 − 没申报借款利息 20 万 × 12% = 7.6 万
    assert f.net_profit == pytest.approx(400_000 - 300_000 - 24_000)


def test_buyer_margin_rises_by_sellers_markup():
    c = _hand()
    prods = {p.name: p for p in c.combined.borrower.products}
    assert prods["甲批发·粮油"].sales == pytest.approx(1_600_000)
    assert prods["甲批发·粮油"].margin == pytest.approx(0.10)
    # 乙的 100 万销售里，成本中有甲的差价 4 万：合并毛利率 0.20 + 4/100
    assert prods["乙超市·百货"].margin == pytest.approx(0.24)


def test_combined_capacity_uses_loans_machinery():
    from coursekit import loans

    c = _hand()
    cap = c.combined.capacity(0.06, 12)
    f = c.combined.figures
    assert cap.disposable_monthly == pytest.approx((76_000 - 96_000) / 12)
    assert cap.max_loan == 0.0 and cap.verdict == "不通过"
    plain = consolidate([JIA, YI], intra_sales=[("甲批发", "乙超市", 400_000)]).combined
    cap2 = plain.capacity(0.06, 12)
    assert cap2.max_loan == pytest.approx(loans.max_principal(plain.figures.disposable_monthly * 0.6, 0.06, 12))
    assert f.annual_sales == plain.figures.annual_sales


def test_tables_read_right():
    c = _hand()
    t = c.table().set_index("项目")
    assert t.loc["年销售额", "抵销"] == pytest.approx(-400_000)
    assert t.loc["权益", "合并"] == pytest.approx(850_000)
    assert list(c.elimination_table()["抵销项目"]) == ["内部销售", "内部应收应付", "内部借款", "重复计算的资本"]
    assert c.debt_table().set_index("项目").loc["集团负债合计", "金额"] == pytest.approx(920_000)


@pytest.mark.parametrize("kwargs, field", [
    ({"intra_sales": [("甲批发", "丙", 1)]}, "内部销售第 1 笔的买方"),
    ({"intra_sales": [("甲批发", "乙超市", 3_000_000)]}, "甲批发 的内部销售"),
    ({"intra_balances": [("乙超市", "甲批发", 30_000)]}, "乙超市 的应收账款"),
    ({"intra_loans": [("乙超市", "甲批发", 1)]}, "乙超市 的其他资产"),
    ({"investments": [("乙超市", "甲批发", 1)]}, "乙超市 的其他资产"),
    ({"hidden_debt": {"丙": 1}}, "没申报的民间借贷的成员"),
    ({"hidden_debt": {"乙超市": -1}}, "乙超市 没申报的民间借贷"),
    ({"intra_sales": "甲批发"}, "内部销售"),
    ({"intra_sales": [("甲批发", "甲批发", 1)]}, "内部销售第 1 笔"),
])
def test_bad_input_names_the_field(kwargs, field):
    with pytest.raises(InputError) as e:
        consolidate([JIA, YI], **kwargs)
    assert e.value.field == field


def test_needs_two_distinct_members():
    with pytest.raises(InputError):
        consolidate([JIA])
    with pytest.raises(InputError):
        consolidate([JIA, JIA])


money = st.floats(0, 2_000_000, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(s1=money, s2=money, m1=st.floats(0, 0.5), m2=st.floats(0, 0.5), frac=st.floats(0, 1),
       rec=money, pay=money, loan=money, inv=money, hidden=money)
def test_properties(s1, s2, m1, m2, frac, rec, pay, loan, inv, hidden):
    a = {"名称": "甲", "产品": [{"名称": "货", "销售额": s1, "毛利率": m1}],
         "经营资产": {"应收账款": rec, "其他资产": loan + inv}, "经营负债": {"银行借款": 100_000}}
    b = {"名称": "乙", "产品": [{"名称": "货", "销售额": s2 + 1, "毛利率": m2}],
         "经营资产": {"存货": 50_000}, "经营负债": {"应付账款": pay, "民间借贷": loan}}
    x = min(s1 * frac, (s2 + 1) * (1 - m2))   # 买方的进货成本装得下这笔内部销售
    bal = min(rec, pay) * frac
    try:
        c = consolidate([a, b], intra_sales=[("甲", "乙", x)], intra_balances=[("甲", "乙", bal)],
                        intra_loans=[("甲", "乙", loan)], investments=[("甲", "乙", inv)], hidden_debt={"乙": hidden})
    except InputError as e:       # 只允许“抵销后毛利率超出 0 到 1”这一种拒绝
        assert "毛利率" in e.problem
        return
    f = c.combined.figures
    assert f.total_assets == pytest.approx(f.total_liabilities + f.equity)
    assert f.annual_sales <= c.gross_sales + 1e-6
    assert f.gross_profit == pytest.approx(c.gross_gross_profit, rel=1e-9, abs=1e-6)
    assert f.equity == pytest.approx(sum(ws.figures.equity for ws in c.members) - inv, abs=1e-3)
    assert c.total_debt == pytest.approx(c.gross_liabilities - bal - loan, abs=1e-3)


def test_consolidation_view_moves_with_its_controls():
    from coursekit.widgets.restoration import ConsolidationView

    w = ConsolidationView([JIA, YI], intra_sales=[("甲批发", "乙超市", 400_000)], hidden_member="乙超市")
    assert w.error is None
    assert w.result["consolidation"].combined.figures.annual_sales == pytest.approx(2_600_000)
    w.controls["内部销售核实比例"].value = 0.5
    assert w.result["consolidation"].combined.figures.annual_sales == pytest.approx(2_800_000)
    w.controls["没申报的民间借贷"].value = 200_000
    assert w.result["consolidation"].hidden_debt == 200_000
    w.controls["没申报的民间借贷"].value = -1
    assert w.result is None and w.error is not None


def test_stock_season_view_terms_move_the_low_point():
    from coursekit.widgets.restoration import StockSeasonView

    ws = restore({"名称": "备货", "产品": [{"名称": "货", "销售额": 1_200_000, "毛利率": 0.2}],
                  "经营资产": {"存款": 50_000}, "月成本": {"房租": 10_000}})
    w = StockSeasonView(ws, ["2025-09", "2025-10", "2025-11", "2025-12"], amount=100_000,
                        buy_months=["2025-09"], sell_months=["2025-11", "2025-12"])
    assert w.result.lowest == pytest.approx(-40_000) and w.result.lowest_month == "2025-09"
    # 账期 2 个月：9、10 月各攒 1 万（60,000、70,000），11 月付 10 万、卖回 5 万 → 30,000，最低点移到 11 月且不为负
    w.controls["供应商账期"].value = 2
    assert w.result.lowest == pytest.approx(30_000) and w.result.lowest_month == "2025-11"
    assert w.result.negative_months == 0


# 按股份合并：老板 100% 的店，加上一家只占 30% 股份、每年亏钱的饭店
SHOP = {"名称": "老板的店", "产品": [{"名称": "五金", "销售额": 1_200_000, "毛利率": 0.20}],
        "经营资产": {"存款": 60_000, "存货": 300_000, "其他资产": 90_000},   # 其他资产：饭店股份按现值
        "月成本": {"房租": 5_000, "工资": 7_000}, "家庭资产": {"房产": 500_000}, "家庭收支": {"家庭月支出": 6_000}}
DINER = {"名称": "饭店（全店）", "产品": [{"名称": "堂食", "销售额": 1_000_000, "毛利率": 0.50}],
         "经营资产": {"固定资产": 200_000}, "经营负债": {"民间借贷": 100_000},
         "月成本": {"房租": 20_000, "工资": 30_000, "其他费用": 10_000}}


def test_a_partial_stake_brings_in_its_share_of_profit_and_balances():
    c = consolidate([SHOP, DINER], stakes={"饭店（全店）": 0.3})
    f = c.combined.figures
    # 饭店全年：毛利 50 万 − 72 万 = −22 万；按 30%：−6.6 万。店：24 万 − 14.4 万 = 9.6 万 → 合并 3.0 万
    assert f.net_profit == pytest.approx(96_000 - 66_000)
    assert f.annual_sales == pytest.approx(1_200_000 + 300_000)
    # 资产：店 45 万 + 房产 50 万 + 饭店固定资产 20 万 × 30% = 101 万；负债：民间借贷 10 万 × 30%
    assert f.total_assets == pytest.approx(1_010_000) and f.total_liabilities == pytest.approx(30_000)
    assert c.stakes == (1.0, 0.3)
    assert "饭店（全店）（按 30% 股份）" in c.table().columns
    # 家庭月支出 6,000 元：月可支配 = (3.0 万 − 7.2 万) / 12 < 0
    assert f.disposable_monthly == pytest.approx((30_000 - 72_000) / 12)


def test_stake_of_one_is_the_plain_consolidation_and_stakes_are_checked():
    plain = consolidate([SHOP, DINER]).combined.figures
    same = consolidate([SHOP, DINER], stakes={"饭店（全店）": 1}).combined.figures
    assert (same.net_profit, same.total_assets, same.equity) == (plain.net_profit, plain.total_assets, plain.equity)
    for bad in ({"饭店（全店）": 0}, {"饭店（全店）": 1.5}, {"别人的店": 0.3}, [("饭店（全店）", 0.3)]):
        with pytest.raises(InputError):
            consolidate([SHOP, DINER], stakes=bad)
    with pytest.raises(InputError, match="家庭"):
        consolidate([SHOP, DINER], stakes={"老板的店": 0.5})


def test_equity_history_runs_the_equity_check_on_the_group():
    # 合并权益：店 45 万 + 房产 50 万 + 饭店 (20 − 10) × 30% = 98 万
    history = {"初始权益": 1_000_000, "期间月数": 12, "期间累计利润": 100_000, "期间提取": 72_000, "口径": "合并"}
    c = consolidate([SHOP, DINER], stakes={"饭店（全店）": 0.3}, equity_history=history)
    assert c.combined.figures.equity == pytest.approx(980_000)
    eq = next(x for x in c.combined.checks() if x.id == "equity")
    assert eq.figures["应有权益"] == pytest.approx(1_028_000) and eq.figures["差额"] == pytest.approx(48_000)
    assert eq.verdict == "通过"                                  # 偏差 4.7%，在 10% 以内
    assert not any(x.id == "equity" for x in consolidate([SHOP, DINER]).combined.checks())


def test_consolidation_view_switches_a_business_off_and_stresses_the_core():
    from coursekit.widgets.restoration import ConsolidationView

    w = ConsolidationView([SHOP, DINER], stakes={"饭店（全店）": 0.3}, optional_members=["饭店（全店）"],
                          stress_members="老板的店", annual_rate=0.05, months=36, amount=100_000)
    assert w.result["consolidation"].combined.figures.net_profit == pytest.approx(30_000)
    w.controls["并入：饭店（全店）"].value = False          # 退股：只剩老板的店
    assert w.result["consolidation"] is None
    assert w.result["single"].figures.net_profit == pytest.approx(96_000)
    w.controls["销售额下调"].value = 0.25                # 五金少卖四分之一：毛利少 6 万
    assert w.result["single"].figures.net_profit == pytest.approx(36_000)
    w.controls["并入：饭店（全店）"].value = True
    assert w.result["consolidation"].combined.figures.net_profit == pytest.approx(36_000 - 66_000)
    with pytest.raises(InputError):
        ConsolidationView([SHOP, DINER], optional_members=["别人的店"])


def test_consolidation_view_stresses_several_members_together_and_takes_an_amount():
    from coursekit.widgets.restoration import ConsolidationView

    w = ConsolidationView([SHOP, DINER], stress_members=["老板的店", "饭店（全店）"], annual_rate=0.05, months=24,
                          amount=100_000)
    assert w.controls["销售额下调"].description == "销售额同时下调"
    base = w.result["consolidation"].combined.figures.gross_profit
    w.controls["销售额下调"].value = 0.1                 # 两摊的毛利都少一成
    assert w.result["consolidation"].combined.figures.gross_profit == pytest.approx(base * 0.9)
    w.controls["申请金额"].value = 50_000
    assert w.result["capacity"].payment < 50_000 / 24 * 1.1
    w.controls["申请金额"].value = -5
    assert w.result is None and "申请金额" in str(w.error)


def test_first_met_needs_consecutive_calendar_months():
    from coursekit.restoration import first_met

    assert first_met({"2025-01": 0.5, "2025-02": 0.6, "2025-03": 0.56, "2025-04": 0.7}, 0.55) == "2025-03"
    assert first_met({"2025-01": 0.6, "2025-03": 0.6}, 0.55) is None            # 中间缺 2 月，不算连续
    assert first_met({"2025-01": 0.6, "2025-03": 0.6}, 0.55, consecutive=1) == "2025-01"
    assert first_met({"2025-03": 0.6, "2025-02": 0.6}, 0.55) == "2025-03"       # 顺序无关
    with pytest.raises(InputError):
        first_met({"2025-01": 0.6, "2025-1": 0.6}, 0.55)                         # 同一个月写了两遍


def test_deseasonalise_divides_by_the_calendar_month_factor_once():
    ws = restore({**SHOP, "季节系数": [1.4, 1.2, 0.9, 0.8, 0.8, 0.7, 0.7, 0.8, 0.9, 1.0, 1.2, 1.6]})
    adj = ws.deseasonalise({"2025-01": 0.28, "2025-07": 0.28})
    assert adj["2025-01"] == pytest.approx(0.20) and adj["2025-07"] == pytest.approx(0.40)
    # 剔除季节后的水平交给 cash_path 的 sales_factors：当月销售额 = 全年平均月 × 季节系数 × 水平，季节只乘一次
    path = ws.cash_path(months=["2025-01"], start_cash=0, sales_factors=[adj["2025-01"]]).table
    gross = 1_200_000 / 12 * 1.4 * 0.20 * 0.20                                 # 当月销售 × 毛利率 20%
    assert path["可支配收入"].iloc[0] == pytest.approx(gross - 12_000 - 6_000)


def test_tranche_view_separates_release_timing_from_the_owners_injection():
    from coursekit.widgets.restoration import TrancheCashView

    ws = restore({**SHOP, "季节系数": [1.4, 1.2, 0.9, 0.8, 0.8, 0.7, 0.7, 0.8, 0.9, 1.0, 1.2, 1.6]})
    months = [f"2025-{m:02d}" for m in range(2, 13)]
    w = TrancheCashView(ws, months, start_level=0.3, step=0.05, tranches=[(200_000, "2024-10-15")],
                        second_amount=100_000, threshold=0.55, annual_rate=0.0435, grace_months=6, start_cash=50_000)
    # 剔除季节：2 月 35%，每月 +5 → 6 月 55%、7 月 60% → 8 月放
    assert w.result["release"] == "2025-08"
    w.controls["放款条件口径"].value = "当月回款原数"             # 6 月 55%×0.8=44%，7 月 60%×0.7=42% → 更晚
    assert w.result["release"] > "2025-08"
    w.controls["放款条件口径"].value = "不设条件，马上放"
    assert w.result["release"] == "2025-02"
    low = w.result["path"].table["账上现金"].min()
    w.controls["老板注资"].value = 30_000                          # 注资只抬高现金，不改放款月
    assert w.result["release"] == "2025-02"
    assert w.result["path"].table["账上现金"].min() == pytest.approx(low + 30_000)
