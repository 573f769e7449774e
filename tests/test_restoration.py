"""coursekit.restoration：手算的例子、性质测试、坏输入。"""
from __future__ import annotations

import copy
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coursekit import loans
from coursekit.errors import InputError
from coursekit.restoration import (CHECKS, seasonal_reserve, FRAMEWORK, Borrower, Checklist, Tolerances, Worksheet, framework_table,
                                   from_excel, judge, restore, to_excel)

# 手算用的借款人（一个小建材店，数字取整便于手算）
SIMPLE = {
    "名称": "测试商户",
    "经营资产": {"现金": 10_000, "存款": 20_000, "应收账款": 30_000, "存货": 60_000, "固定资产": 80_000},
    "经营负债": {"应付账款": 20_000, "银行借款": 100_000},
    "家庭资产": {"房产": 300_000},
    "家庭负债": {"房贷": 100_000},
    "产品": [{"名称": "甲", "销售额": 600_000, "毛利率": 0.20}, {"名称": "乙", "销售额": 400_000, "毛利率": 0.30}],
    "月成本": {"房租": 3_000, "工资": 6_000, "水电": 500, "运输": 500, "利息": 500},
    "家庭收支": {"家庭月支出": 4_000, "家庭月其他收入": 1_000, "其他债务月还款": 1_500},
    "赊销比例": 0.5,
}


def simple(**changes):
    data = copy.deepcopy(SIMPLE)
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(data.get(key), dict):
            data[key].update(value)
        else:
            data[key] = value
    return data


def row(df, item, col):
    return float(df.loc[df["项目"] == item, col].iloc[0])


def check(ws, cid):
    found = [c for c in ws.checks() if c.id == cid]
    return found[0] if found else None


# ---------------------------------------------------------------- 手算例子
def test_balance_sheet_by_hand():
    # 经营：流动资产 10,000 + 20,000 + 30,000 + 60,000 = 120,000；资产 120,000 + 80,000 = 200,000
    #       负债 20,000 + 100,000 = 120,000；权益 80,000
    # 家庭：资产 300,000，负债 100,000，权益 200,000；合并：资产 500,000，负债 220,000，权益 280,000
    bs = restore(SIMPLE).balance_sheet()
    assert row(bs, "流动资产合计", "经营") == 120_000
    assert row(bs, "资产合计", "经营") == 200_000
    assert row(bs, "负债合计", "经营") == 120_000
    assert row(bs, "权益（净资产）", "经营") == 80_000
    assert row(bs, "权益（净资产）", "家庭") == 200_000
    assert row(bs, "资产合计", "合并") == 500_000
    assert row(bs, "权益（净资产）", "合并") == 280_000


def test_income_statement_by_hand():
    # 销售额 600,000 + 400,000 = 1,000,000；毛利 600,000×0.2 + 400,000×0.3 = 240,000，加权毛利率 0.24
    # 经营费用 (3,000 + 6,000 + 500 + 500) × 12 = 120,000；利息 500 × 12 = 6,000
    # 净利润 240,000 − 120,000 − 6,000 = 114,000
    # 可支配 114,000 + 12×(1,000 − 4,000 − 1,500) = 114,000 − 54,000 = 60,000，月均 5,000
    ws = restore(SIMPLE)
    inc = ws.income_statement()
    assert row(inc, "销售收入", "全年") == 1_000_000
    assert row(inc, "销售成本", "全年") == pytest.approx(760_000)
    assert row(inc, "毛利", "全年") == pytest.approx(240_000)
    assert row(inc, "经营费用合计", "全年") == 120_000
    assert row(inc, "经营净利润", "全年") == pytest.approx(114_000)
    assert row(inc, "可支配收入", "全年") == pytest.approx(60_000)
    assert ws.figures.disposable_monthly == pytest.approx(5_000)
    assert ws.figures.weighted_margin == pytest.approx(0.24)


def test_monthly_income_follows_seasonality():
    # 季节系数 [2, 1×11]，合计 13，归一化后一月系数 24/13：一月销售 1,000,000/12 × 24/13 = 153,846.15
    # 一月净利润 153,846.15 × 0.24 − 10,000 − 500 = 26,423.08；十二个月合计仍为 114,000
    ws = restore(simple(季节系数=[2] + [1] * 11))
    monthly = ws.income_statement("月")
    assert row(monthly, "销售收入", "1 月") == pytest.approx(153_846.1538, rel=1e-9)
    assert row(monthly, "经营净利润", "1 月") == pytest.approx(26_423.0769, rel=1e-9)
    assert row(monthly, "经营净利润", "全年") == pytest.approx(114_000)
    # 淡季每月：1,000,000/12 × 12/13 × 0.24 − 10,500 − 4,500 = 3,461.54
    assert ws.figures.lowest_month_disposable == pytest.approx(1_000_000 / 13 * 0.24 - 15_000)
    cf = ws.cash_flow()
    assert float(cf["累计结余"].iloc[-1]) == pytest.approx(60_000)


def test_ratios_by_hand():
    r = restore(SIMPLE).ratios()
    assert r.debt_ratio == pytest.approx(220_000 / 500_000)          # 0.44
    assert r.business_debt_ratio == pytest.approx(0.6)                # 120,000 / 200,000
    assert r.current_ratio == pytest.approx(1.0)                      # 120,000 / 120,000
    assert r.quick_ratio == pytest.approx(0.5)                        # (120,000 − 60,000) / 120,000
    assert r.inventory_days == pytest.approx(360 * 60_000 / 760_000)  # 28.42 天
    assert r.receivable_days == pytest.approx(21.6)                   # 360 × 30,000 / (1,000,000 × 0.5)
    # DSCR =（净利润 114,000 + 利息 6,000 + 其他收入 12,000 − 家庭支出 48,000）/（利息 6,000 + 其他还款 18,000）= 3.5
    assert r.dscr == pytest.approx(3.5)
    assert r.product_margins == (("甲", 0.2, 0.6), ("乙", 0.3, 0.4))
    assert r.payable_days == pytest.approx(360 * 20_000 / 760_000)    # 9.47 天（没有进货单，按销售成本）
    assert len(r.table()) == 14              # 5 项 + 2 个产品 + 7 项


def test_ratios_without_liabilities_are_none():
    data = simple()
    data["经营负债"] = {}
    data["月成本"] = {"房租": 1_000}
    data["家庭收支"] = {}
    r = restore(data).ratios()
    assert r.current_ratio is None and r.quick_ratio is None and r.dscr is None
    assert "—" in set(r.table()["数值"])


def test_sales_angles_by_hand():
    # 流水 800,000 ÷（1 − 0.2）= 1,000,000 → 偏差 0，通过
    # 进货 684,000 ÷（1 − 0.24）= 900,000 → (1,000,000 − 900,000)/900,000 = 11.1%，不通过
    # 用电 20,000 度 × 52.5 = 1,050,000 → −4.76%，通过
    # 纳税 12,000 ÷ 0.012 = 1,000,000 → 通过
    # 观察 3,000 × 25 × 12 = 900,000（季节平坦）→ 11.1%，不通过
    ev = {"银行流水年入账": 800_000, "现金收款比例": 0.2, "年进货额": 684_000, "年用电量": 20_000,
          "每度电销售额": 52.5, "年纳税额": 12_000, "税负率": 0.012, "观察日营业额": 3_000, "月营业天数": 25}
    ws = restore(simple(交叉检验资料=ev))
    assert check(ws, "sales_bank").deviation == pytest.approx(0.0)
    assert check(ws, "sales_bank").verdict == "通过"
    assert check(ws, "sales_purchases").deviation == pytest.approx(1 / 9)
    assert check(ws, "sales_purchases").verdict == "不通过"
    assert "进货" in check(ws, "sales_purchases").explanation
    assert check(ws, "sales_utility").deviation == pytest.approx(-50_000 / 1_050_000)
    assert check(ws, "sales_utility").verdict == "通过"
    assert check(ws, "sales_tax").verdict == "通过"
    assert check(ws, "sales_observed").figures["本角度推算"] == pytest.approx(900_000)
    angles = ws.sales_angles()
    assert list(angles["角度"]) == ["申报", "银行流水", "进货倒推", "用电量", "纳税", "现场观察"]


def test_observed_sales_deseasonalised():
    # 五月系数 0.5（其余 1.0），归一化后 12×0.5/11.5；五月观察 2,000 × 25 天 → 全年 600,000 ÷ (6/11.5) = 1,150,000
    season = [1.0] * 12
    season[4] = 0.5
    ws = restore(simple(季节系数=season, 交叉检验资料={"观察日营业额": 2_000, "月营业天数": 25, "观察月份": 5}))
    assert check(ws, "sales_observed").figures["本角度推算"] == pytest.approx(1_150_000)


def test_only_angles_with_inputs_run():
    # 没有交叉检验资料、没有行业：只剩“利息与申报负债”（月成本里有利息）
    assert [c.id for c in restore(SIMPLE).checks()] == ["interest_debt"]
    assert restore(simple(月成本={"利息": 0})).checks() == ()
    # 只给进货额，不给现金收款比例：只做进货一角
    ws = restore(simple(交叉检验资料={"年进货额": 760_000}))
    assert [c.id for c in ws.checks() if c.id.startswith("sales_")] == ["sales_purchases"]


def test_equity_check_by_hand():
    # 应有权益 = 50,000 + 114,000（净利润/12 × 12）− 54,000 = 110,000；实际经营权益 80,000
    # 偏差 = (110,000 − 80,000) / 110,000 = 27.3% → 不通过；利润“不见了”
    ws = restore(simple(权益历史={"初始权益": 50_000, "期间月数": 12, "期间提取": 54_000}))
    c = check(ws, "equity")
    assert c.figures["应有权益"] == pytest.approx(110_000)
    assert c.figures["实际权益"] == pytest.approx(80_000)
    assert c.deviation == pytest.approx(30_000 / 110_000)
    assert c.verdict == "不通过"
    assert "钱去哪了" in c.explanation
    # 反方向：初始权益 0 → 应有 60,000，实际 80,000 多出 20,000 → 资产来路不明
    ws = restore(simple(权益历史={"初始权益": 0, "期间月数": 12, "期间提取": 54_000}))
    c = check(ws, "equity")
    assert c.deviation == pytest.approx(-20_000 / 60_000)
    assert "没申报的借款" in c.explanation
    # 合并口径：实际 280,000；初始 230,000 + 114,000 − 54,000 − 折旧 10,000 = 280,000 → 通过
    ws = restore(simple(权益历史={"初始权益": 230_000, "期间月数": 12, "期间提取": 54_000, "折旧": 10_000,
                               "口径": "合并"}))
    assert check(ws, "equity").verdict == "通过"
    assert check(ws, "equity").deviation == pytest.approx(0.0)


def test_hidden_debt_found_closes_equity_gap():
    # 实际 80,000 比应有 60,000 多 20,000；查出民间借贷 20,000 后实际 60,000 = 应有 → 通过
    ws = restore(simple(权益历史={"初始权益": 0, "期间月数": 12, "期间提取": 54_000, "期间累计利润": 114_000}))
    assert check(ws, "equity").verdict == "不通过"
    found = ws.what_if(hidden_debt=20_000)
    assert check(found, "equity").verdict == "通过"
    assert found.figures.business_liabilities == ws.figures.business_liabilities + 20_000
    assert found.figures.interest == pytest.approx(ws.figures.interest + 20_000 * 0.12)
    assert ws.figures.business_liabilities == 120_000     # 原底稿不变


def test_hidden_debt_counts_as_new_borrowing():
    # 购置 100,000，留存 114,000 − 54,000 = 60,000 → 缺口 40%；查出 40,000 借款后，留存加借款 100,000 → 通过
    ws = restore(simple(权益历史={"初始权益": 0, "期间月数": 12, "期间提取": 54_000, "期间累计利润": 114_000,
                               "期间购置资产": 100_000}))
    assert check(ws, "asset_purchases").deviation == pytest.approx(0.4)
    found = ws.what_if(hidden_debt=40_000)
    assert found.borrower.equity_history.new_borrowing == 40_000
    assert check(found, "asset_purchases").verdict == "通过"


def test_asset_purchases_beyond_profit():
    # 留存 = 114,000 − 54,000 + 注资 0 + 新增借款 20,000 = 80,000；购置 100,000 → 缺口 20,000，偏差 20% → 不通过
    ws = restore(simple(权益历史={"初始权益": 0, "期间月数": 12, "期间提取": 54_000, "期间购置资产": 100_000,
                               "期间新增借款": 20_000}))
    c = check(ws, "asset_purchases")
    assert c.figures["资金缺口"] == pytest.approx(20_000)
    assert c.deviation == pytest.approx(0.2)
    assert c.verdict == "不通过"


def test_hidden_debt_signals():
    # 付利息却没有借款 → 不通过
    data = simple()
    data["经营负债"] = {"应付账款": 20_000}
    c = check(restore(data), "interest_debt")
    assert c.verdict == "不通过" and "没有申报任何经营借款" in c.explanation
    # 利息 500×12 = 6,000，按参考利率 10% 倒推借款 60,000 ≤ 申报 100,000 → 通过
    assert check(restore(SIMPLE), "interest_debt").verdict == "通过"
    # 利息 2,000×12 = 24,000 → 倒推 240,000；偏差 (240,000 − 100,000)/240,000 = 58% → 不通过
    assert check(restore(simple(月成本={"利息": 2_000})), "interest_debt").deviation == pytest.approx(140 / 240)
    # 流水每月固定转出 3,000，申报月还款 500 + 1,500 = 2,000 → 偏差 1/3 → 不通过
    c = check(restore(simple(交叉检验资料={"流水月固定转出": 3_000})), "fixed_transfers")
    assert c.deviation == pytest.approx(1 / 3) and c.verdict == "不通过"
    # 征信 210,000，申报银行借款 100,000 + 房贷 100,000 = 200,000 → 偏差 4.76% → 通过；250,000 → 20% → 不通过
    assert check(restore(simple(交叉检验资料={"征信借款余额": 210_000})), "credit_report").verdict == "通过"
    assert check(restore(simple(交叉检验资料={"征信借款余额": 250_000})), "credit_report").verdict == "不通过"


def test_guarantees():
    # 担保 100,000 / 合并权益 280,000 = 35.7% → 关注；200,000 → 71.4% > 50% → 不通过
    c = check(restore(simple(表外事项={"对外担保": 100_000})), "guarantees")
    assert c.verdict == "关注" and c.deviation == pytest.approx(100 / 280)
    assert check(restore(simple(表外事项={"对外担保": 200_000})), "guarantees").verdict == "不通过"
    assert check(restore(SIMPLE), "guarantees") is None
    bs = restore(simple(表外事项={"对外担保": 100_000})).balance_sheet()
    assert row(bs, "资产合计", "合并") == 500_000     # 表外不进合计


def test_industry_norms():
    # 建材五金（示意）：毛利率 18%，存货 60 天，应收 60 天
    # 加权毛利率 24% 比参考高 6 个百分点 → 关注；存货 28.4 天、应收 21.6 天都不长 → 通过
    ws = restore(simple(行业="建材五金"))
    assert check(ws, "margin_norm").deviation == pytest.approx(0.06)
    assert check(ws, "margin_norm").verdict == "关注"
    assert check(ws, "inventory_days").verdict == "通过"
    assert check(ws, "receivable_days").verdict == "通过"
    # 应收 90,000 → 360 × 90,000 / 500,000 = 64.8 天，超出 8% → 通过；应收 150,000 → 108 天，超出 80% → 不通过
    assert check(restore(simple(行业="建材五金", 经营资产={"应收账款": 150_000})), "receivable_days").verdict == "不通过"
    # 没填数不是周转快：存货为 0 记“关注”并要求盘点，应收为 0 不做这项（现款生意说得过去，无从核对）
    empty = restore(simple(行业="建材五金", 经营资产={"存货": 0, "应收账款": 0}))
    assert check(empty, "inventory_days").verdict == "关注" and "没有申报存货" in check(empty, "inventory_days").explanation
    assert check(empty, "receivable_days") is None
    # 未收录的行业：不做行业比较
    ws = restore(simple(行业="宠物美容"))
    assert check(ws, "margin_norm") is None


def test_county_industry_norms():
    from coursekit.restoration import INDUSTRY_NORMS, norms_table

    for name in ("农资零售", "农机销售", "果蔬批发", "超市便利店", "汽车维修", "粮油收购", "餐饮", "建材五金"):
        norm = INDUSTRY_NORMS[name]
        assert 0 < norm.margin < 1 and norm.inventory_days > 0 and norm.receivable_days > 0, name
    table = norms_table()
    assert table["行业"].is_unique and "农资零售" in set(table["行业"])
    # 农资零售（示意）：毛利率 11%，存货 40 天，应收（赊销部分）120 天
    # 加权毛利率 24% 比参考高 13 个百分点；存货 28.4 天、应收 21.6 天都不长
    ws = restore(simple(行业="农资零售"))
    margin = check(ws, "margin_norm")
    assert margin.deviation == pytest.approx(0.13) and margin.figures["行业参考毛利率（示意）"] == 0.11
    assert check(ws, "inventory_days").verdict == "通过" and check(ws, "receivable_days").verdict == "通过"
    # 应收 300,000 → 360 × 300,000 / 500,000 = 216 天，比 120 天长八成 → 不通过
    long = restore(simple(行业="农资零售", 经营资产={"应收账款": 300_000}))
    assert check(long, "receivable_days").verdict == "不通过"


def test_tolerances_are_parameters():
    ev = {"年进货额": 684_000}        # 偏差 11.1%
    assert check(restore(simple(交叉检验资料=ev)), "sales_purchases").verdict == "不通过"
    loose = restore(simple(交叉检验资料=ev), tolerances={"关注线": 0.10, "不通过线": 0.20})
    assert check(loose, "sales_purchases").verdict == "关注"
    with pytest.raises(InputError) as err:
        Tolerances(warn=0.2, fail=0.1)
    assert err.value.field == "不通过线"


def test_judge_thresholds():
    assert judge(0.05) == "通过"
    assert judge(-0.0501) == "关注"
    assert judge(0.10) == "关注"
    assert judge(0.1001) == "不通过"
    with pytest.raises(InputError):
        judge(float("nan"))


@settings(max_examples=200, deadline=None)
@given(st.floats(-5, 5, allow_nan=False), st.floats(-5, 5, allow_nan=False),
       st.floats(0, 1), st.floats(0, 1))
def test_verdict_monotone_in_deviation(a, b, warn, extra):
    fail = warn + extra
    order = {"通过": 0, "关注": 1, "不通过": 2}
    if abs(a) <= abs(b):
        assert order[judge(a, warn, fail)] <= order[judge(b, warn, fail)]


# ---------------------------------------------------------------- 还款能力
def test_capacity_by_hand():
    # 月可支配 5,000；上限 50% → 2,500；12 个月、年利率 0：最高可贷 2,500 × 12 = 30,000
    ws = restore(SIMPLE)
    cap = ws.capacity(0.0, 12, max_share=0.5)
    assert cap.installment_cap == pytest.approx(2_500)
    assert cap.max_loan == pytest.approx(30_000)
    # 年利率 12%、12 个月等额本息：100,000 的月供 8,884.88（loans 的文档例子），20,000 为 1,776.98
    cap = ws.capacity(0.12, 12, amount=20_000, max_share=0.5)
    assert cap.payment == pytest.approx(8_884.8788 / 5, rel=1e-6)
    assert cap.max_loan == pytest.approx(loans.max_principal(2_500, 0.12, 12))
    assert cap.safety_margin == pytest.approx(1 - cap.payment / 5_000)
    # 含新贷款的 DSCR =（84,000/12）/（2,000 + 1,776.98）= 1.853
    assert cap.dscr == pytest.approx(7_000 / (2_000 + cap.payment))
    assert cap.verdict == "通过"


def test_capacity_verdicts_and_methods():
    ws = restore(SIMPLE)
    # 60,000 元 12 个月 12%：月供 5,330.93 > 可支配 5,000 → 不通过
    assert ws.capacity(0.12, 12, amount=60_000).verdict == "不通过"
    # 40,000：月供 3,553.95，超过上限 3,000（60%）但低于 5,000 → 关注
    assert ws.capacity(0.12, 12, amount=40_000).verdict == "关注"
    bullet = ws.capacity(0.06, 12, "先息后本")
    assert bullet.max_loan == pytest.approx(3_000 / 0.005)   # 只看利息：3,000 ÷ 0.5%
    assert "一次归还全部本金" in bullet.explanation
    assert ws.capacity(0.06, 12, "等额本金").max_loan == pytest.approx(loans.max_principal(3_000, 0.06, 12, "等额本金"))


def test_renewal_interest_is_not_counted_twice():
    # SIMPLE 的月利息 500 元就是本行现有的 10 万元（年利率 6%）。续贷时它由新贷款的月供替代：
    # 月可支配 5,000 + 500 = 5,500，上限 60% → 3,300；原样续贷 10 万元先息后本每月 500 元利息
    ws = restore(SIMPLE)
    renew = ws.capacity(0.06, 12, "先息后本", amount=100_000, replaces_interest=500)
    assert renew.disposable_monthly == pytest.approx(5_500) and renew.installment_cap == pytest.approx(3_300)
    assert renew.payment == pytest.approx(500) and renew.replaced_interest == 500
    assert "不再计入" in renew.explanation and "不再计入的旧贷款月利息" in renew.table()["项目"].tolist()
    twice = ws.capacity(0.06, 12, "先息后本", amount=100_000)
    assert twice.disposable_monthly == pytest.approx(5_000) and twice.replaced_interest == 0
    # 与手工把利息从底稿里删掉的结果一致，原底稿不变
    by_hand = restore(simple(月成本={"利息": 0})).capacity(0.06, 12, "先息后本", amount=100_000)
    assert renew.max_loan == pytest.approx(by_hand.max_loan) and renew.verdict == by_hand.verdict
    assert ws.figures.interest == 6_000 and ws.without_interest(200).figures.interest == pytest.approx(3_600)


@given(st.floats(0, 30_000), st.floats(0.01, 0.2), st.floats(10_000, 2_000_000))
@settings(max_examples=60, deadline=None)
def test_same_rate_renewal_pays_iff_todays_books_cover_the_interest(spend, rate, loan):
    # 原样续贷（同金额、同利率、先息后本）：月供就是被替换的那笔利息。付得起它 ⇔ 今天付完利息的可支配收入不为负
    interest = loan * rate / 12
    ws = restore(simple(月成本={"利息": interest}, 家庭收支={"家庭月支出": spend}))
    cap = ws.capacity(rate, 12, "先息后本", amount=loan, replaces_interest=interest)
    today = ws.figures.disposable_monthly
    assert cap.disposable_monthly == pytest.approx(today + interest)
    if today > 1e-6:
        assert cap.monthly_verdict in ("通过", "关注")
    elif today < -1e-6:
        assert cap.monthly_verdict == "不通过"


def test_seasonal_reserve_by_hand():
    # 旺季每月结余 9,000，3、4 月只有 2,000、1,000；月供 4,000：淡季连着两个月要垫 2,000 + 3,000
    assert seasonal_reserve([9_000, 9_000, 2_000, 1_000, 9_000, 9_000], 4_000) == 5_000
    # 淡季跨年：12 月缺 3,000、1 月多 1,000、2 月又缺 2,000——从 12 月起要垫到 4,000
    assert seasonal_reserve([5_000, 2_000, 9_000, 1_000], 4_000) == 4_000
    assert seasonal_reserve([5_000] * 12, 4_000) == 0
    # 底稿的季节系数进了还款能力：淡季月份付不起时，说明里写出要留的备用金，表里单列一行
    ws = restore(simple(季节系数=[1.3] * 6 + [0.7] * 6))
    cap = ws.capacity(0.0, 12, amount=60_000, max_share=1.0)          # 月供 5,000 = 全年平均可支配
    low = [d for d in ws.figures.monthly_disposable]
    assert cap.seasonal_reserve == pytest.approx(sum(5_000 - d for d in low[6:]))
    assert f"{cap.seasonal_reserve:,.0f} 元" in cap.explanation
    assert "淡季要垫的钱（旺季留作备用金）" in cap.table()["项目"].tolist()
    assert restore(SIMPLE).capacity(0.06, 12, amount=20_000).seasonal_reserve == 0


@given(st.lists(st.floats(-50_000, 50_000), min_size=1, max_size=12), st.floats(0, 40_000))
@settings(max_examples=80, deadline=None)
def test_seasonal_reserve_covers_every_run_of_months(disposable, payment):
    # 从任何一个月起，连续几个月（可跨年，不超过一年）付下来，缺口都不超过备用金；备用金不超过全年缺口之和
    r = seasonal_reserve(disposable, payment)
    n = len(disposable)
    short = [payment - d for d in disposable]
    for start in range(n):
        run = 0.0
        for k in range(n):
            run += short[(start + k) % n]
            assert run <= r + 1e-6
    assert 0 <= r <= sum(x for x in short if x > 0) + 1e-6
    if r > 0:                                                 # 备用金正好是某一段连续月份的缺口
        runs = [sum(short[(s + k) % n] for k in range(m)) for s in range(n) for m in range(1, n + 1)]
        assert any(abs(x - r) < 1e-6 for x in runs)


def test_capacity_non_positive_income():
    ws = restore(simple(家庭收支={"家庭月支出": 20_000}))
    cap = ws.capacity(0.06, 12, amount=10_000)
    assert cap.verdict == "不通过" and cap.max_loan == 0 and cap.safety_margin is None


# 杂货批发部：申报每月销售 50 万元（全年 600 万元）；银行流水每月入账 33 万元、进货 ÷（1 − 15%）每月 34 万元、
# 现场观察 11,200 元 × 30 天 = 每月 33.6 万元——三个角度彼此一致，都与申报额差三成以上
WHOLESALER = {
    "名称": "青禾杂货批发部",
    "经营资产": {"现金": 20_000, "存款": 80_000, "应收账款": 150_000, "存货": 400_000, "固定资产": 100_000},
    "经营负债": {"应付账款": 100_000},
    "产品": [{"名称": "杂货", "销售额": 6_000_000, "毛利率": 0.15}],
    "月成本": {"房租": 8_000, "工资": 12_000, "水电": 2_000, "运输": 6_000},
    "家庭收支": {"家庭月支出": 6_000},
    "交叉检验资料": {"银行流水年入账": 330_000 * 12, "现金收款比例": 0.0, "年进货额": 340_000 * 12 * 0.85,
                     "观察日营业额": 11_200, "月营业天数": 30},
}


def test_capacity_uses_corroborated_sales_when_the_declaration_fails():
    ws = restore(WHOLESALER)
    verdicts = {c.id: c.verdict for c in ws.checks() if c.id.startswith("sales_")}
    assert verdicts == {"sales_bank": "不通过", "sales_purchases": "不通过", "sales_observed": "不通过"}
    basis = ws.sales_basis()
    # 三个角度 396 万、403.2 万、408 万：最大 ÷ 最小 − 1 = 3.0% ≤ 10%，彼此印证；中位数 403.2 万元
    assert basis.corroborated == pytest.approx(4_032_000) and basis.use_corroborated
    assert set(basis.agreeing) == {"sales_bank", "sales_purchases", "sales_observed"}
    # 申报额：毛利 600 万 × 15% ÷ 12 = 75,000，减费用 28,000、家庭 6,000 → 月可支配 41,000，上限 24,600；
    # 20 万元 12 个月 6% 的月供 17,213.29 在上限以内——但申报额没经印证，最多“关注”
    declared = ws.capacity(0.06, 12, amount=200_000, sales_basis="申报")
    assert declared.disposable_monthly == pytest.approx(41_000) and declared.payment == pytest.approx(17_213.29, abs=0.01)
    assert declared.verdict == "关注" and "不能作为“通过”的依据" in declared.explanation
    # 默认按印证的销售额：毛利 403.2 万 × 15% ÷ 12 = 50,400 → 月可支配 16,400，月供 17,213 超过它：不通过
    auto = ws.capacity(0.06, 12, amount=200_000)
    assert auto.sales_basis == "印证" and auto.sales_used == pytest.approx(4_032_000)
    assert auto.declared_sales == pytest.approx(6_000_000) and auto.failed_sales_angles == 3
    assert auto.disposable_monthly == pytest.approx(16_400) and auto.installment_cap == pytest.approx(9_840)
    assert auto.verdict == "不通过" and "403.20 万元" in auto.explanation
    assert auto.max_loan == pytest.approx(loans.max_principal(9_840, 0.06, 12))
    assert "印证" in auto.table().set_index("项目").loc["测算用的年销售额", "数值"]
    assert ws.capacity(0.06, 12, amount=200_000, sales_basis="印证") == auto


def test_a_stress_scenario_below_the_evidence_is_not_raised_back():
    # 下调销售额的情景：申报额低于各角度是保守，不是“未经印证”，不会被印证的（更高的）数抬回去
    ws = restore(WHOLESALER).what_if(sales_factor=0.6)          # 360 万元，低于流水、进货、观察
    assert ws.sales_basis().failed == () and not ws.sales_basis().use_corroborated
    cap = ws.capacity(0.06, 12, amount=100_000)
    assert cap.sales_basis == "申报" and cap.sales_used == pytest.approx(3_600_000)


def test_capacity_on_a_corroborated_declaration_is_unchanged():
    ws = restore(simple(交叉检验资料={"银行流水年入账": 800_000, "现金收款比例": 0.2, "年用电量": 20_000,
                                      "每度电销售额": 52.5}))
    assert not ws.sales_basis().use_corroborated
    cap = ws.capacity(0.12, 12, amount=20_000, max_share=0.5)
    assert cap.sales_basis == "申报" and cap.verdict == "通过" and cap.sales_used == pytest.approx(1_000_000)
    with pytest.raises(InputError) as err:
        restore(SIMPLE).capacity(0.06, 12, sales_basis="印证")     # 没有任何角度，无法印证
    assert err.value.field == "销售额口径"
    with pytest.raises(InputError):
        ws.capacity(0.06, 12, sales_basis="随便")


@settings(max_examples=60, deadline=None)
@given(st.floats(0.3, 3.0), st.floats(0.3, 3.0), st.floats(0.3, 3.0), st.floats(50_000, 400_000))
def test_declared_basis_never_passes_with_two_failed_angles(k_bank, k_buy, k_obs, amount):
    ev = {"银行流水年入账": 1_000_000 * k_bank, "现金收款比例": 0.0, "年进货额": 1_000_000 * k_buy * 0.76,
          "观察日营业额": 1_000_000 * k_obs / 300, "月营业天数": 25}
    ws = restore(simple(交叉检验资料=ev, 产品=[{"名称": "甲", "销售额": 1_000_000, "毛利率": 0.24}]))
    basis = ws.sales_basis()
    cap = ws.capacity(0.06, 24, amount=amount, sales_basis="申报")
    if len(basis.failed) >= 2:
        assert cap.verdict != "通过"
    if basis.corroborated is not None:
        vals = dict(basis.angles)
        agree = [vals[c] for c in basis.agreeing]
        assert max(agree) <= min(agree) * 1.1 + 1e-6 and min(agree) <= basis.corroborated <= max(agree)


@pytest.mark.parametrize("kwargs, field", [
    ({"annual_rate": -0.01, "months": 12}, "年利率"),
    ({"annual_rate": 0.06, "months": 0}, "期限（月）"),
    ({"annual_rate": 0.06, "months": 12, "method": "气球贷"}, "还款方式"),
    ({"annual_rate": 0.06, "months": 12, "max_share": 1.5}, "月供上限比例"),
    ({"annual_rate": 0.06, "months": 12, "amount": -5}, "申请金额"),
    ({"annual_rate": 0.06, "months": 12, "replaces_interest": -1}, "被替换贷款的月利息"),
    ({"annual_rate": 0.06, "months": 12, "replaces_interest": 501}, "被替换贷款的月利息"),   # 底稿只有 500 元
])
def test_capacity_bad_input(kwargs, field):
    with pytest.raises(InputError) as err:
        restore(SIMPLE).capacity(**kwargs)
    assert err.value.field == field


# ---------------------------------------------------------------- 情景
def test_what_if_sales_and_margin():
    ws = restore(SIMPLE)
    low = ws.what_if(sales_factor=0.8)
    # 销售 800,000，毛利 192,000，净利润 192,000 − 126,000 = 66,000
    assert low.figures.annual_sales == pytest.approx(800_000)
    assert low.figures.net_profit == pytest.approx(66_000)
    assert low.scenario["销售额倍数"] == 0.8
    thin = ws.what_if(margin_delta=-0.02)
    assert thin.figures.weighted_margin == pytest.approx(0.22)
    chained = low.what_if(sales_factor=0.5)
    assert chained.scenario["销售额倍数"] == pytest.approx(0.4)
    with pytest.raises(InputError) as err:
        ws.what_if(sales_factor=-1)
    assert err.value.field == "销售额倍数"
    with pytest.raises(InputError) as err:
        ws.what_if(margin_delta=0.9)
    assert err.value.field == "毛利率变动"


# ---------------------------------------------------------------- 性质
money = st.one_of(st.just(0.0), st.floats(1, 5e6))  # 实际金额：0 或至少 1 元（避免缩放时下溢成 0）
small = st.one_of(st.just(0.0), st.floats(1, 1e5))
margin = st.floats(0, 0.95)


@st.composite
def borrowers(draw):
    n = draw(st.integers(1, 4))
    products = [{"名称": f"产品{i}", "销售额": draw(st.floats(1_000, 5e6)), "毛利率": draw(margin)}
                for i in range(n)]
    ev = {"银行流水年入账": draw(money), "现金收款比例": draw(st.floats(0, 0.9)), "年进货额": draw(money),
          "流水月固定转出": draw(money), "征信借款余额": draw(money)}
    return {
        "名称": "性质测试", "行业": draw(st.sampled_from([None, "食品批发", "小型制造", "餐饮"])),
        "经营资产": {k: draw(money) for k in ("现金", "存款", "应收账款", "预付账款", "存货", "固定资产", "其他资产")},
        "经营负债": {k: draw(money) for k in ("应付账款", "预收账款", "银行借款", "民间借贷", "信用卡", "其他负债")},
        "家庭资产": {k: draw(money) for k in ("房产", "车辆", "家庭存款", "其他家庭资产")},
        "家庭负债": {k: draw(money) for k in ("房贷", "车贷", "其他家庭负债")},
        "表外事项": {"对外担保": draw(money)},
        "产品": products,
        "季节系数": [draw(st.floats(0.1, 3)) for _ in range(12)],
        "月成本": {k: draw(small) for k in ("房租", "工资", "水电", "运输", "税费", "利息", "其他费用")},
        "家庭收支": {k: draw(small) for k in ("家庭月支出", "家庭月其他收入", "其他债务月还款")},
        "赊销比例": draw(st.floats(0.05, 1)),
        "交叉检验资料": ev,
        "权益历史": {"初始权益": draw(st.one_of(money, st.floats(-1e6, -1))), "期间月数": draw(st.integers(1, 60)),
                  "期间提取": draw(money), "期间购置资产": draw(money)},
    }


@settings(max_examples=40, deadline=None)
@given(borrowers())
def test_balance_sheet_totals_match_the_inputs(data):
    """资产、负债、权益与输入逐项相加比（不经过底稿自己的合计）。"""
    bs = restore(data).balance_sheet()
    sums = {key: math.fsum(data[key].values()) for key in ("经营资产", "经营负债", "家庭资产", "家庭负债")}
    want = {
        "经营": (sums["经营资产"], sums["经营负债"]),
        "家庭": (sums["家庭资产"], sums["家庭负债"]),
        "合并": (sums["经营资产"] + sums["家庭资产"], sums["经营负债"] + sums["家庭负债"]),
    }
    for col, (assets, liabilities) in want.items():
        assert row(bs, "资产合计", col) == pytest.approx(assets, rel=1e-12, abs=1e-6)
        assert row(bs, "负债合计", col) == pytest.approx(liabilities, rel=1e-12, abs=1e-6)
        assert row(bs, "权益（净资产）", col) == pytest.approx(assets - liabilities, rel=1e-9, abs=1e-6)
        assert row(bs, "负债和权益合计", col) == pytest.approx(assets, rel=1e-12, abs=1e-6)


@settings(max_examples=40, deadline=None)
@given(borrowers(), st.sampled_from([0.001, 0.5, 3.0, 1000.0]))
def test_scaling_money_scales_amounts_keeps_ratios(data, k):
    base = restore(data)
    big = Worksheet(base.borrower.scaled(k))
    for df_name in ("balance_sheet", "cash_flow"):
        a, b = getattr(base, df_name)(), getattr(big, df_name)()
        for col in a.columns:
            if a[col].dtype.kind == "f":
                assert list(b[col]) == pytest.approx([k * v for v in a[col]], rel=1e-9, abs=1e-6)
    ra, rb = base.ratios(), big.ratios()
    for name in ("debt_ratio", "current_ratio", "quick_ratio", "weighted_margin", "inventory_days",
                 "receivable_days", "dscr"):
        va, vb = getattr(ra, name), getattr(rb, name)
        assert (va is None) == (vb is None)
        if va is not None:
            assert vb == pytest.approx(va, rel=1e-9, abs=1e-12)
    assert rb.equity == pytest.approx(k * ra.equity, rel=1e-9, abs=1e-6)
    for ca, cb in zip(base.checks(), big.checks(), strict=True):
        assert ca.id == cb.id
        if ca.deviation is not None and abs(abs(ca.deviation) - 0.05) > 1e-6 and abs(abs(ca.deviation) - 0.1) > 1e-6:
            assert ca.verdict == cb.verdict


@settings(max_examples=40, deadline=None)
@given(borrowers())
def test_every_check_is_well_formed(data):
    ws = restore(data)
    for c in ws.checks():
        assert c.verdict in ("通过", "关注", "不通过")
        assert c.id in CHECKS and c.name == CHECKS[c.id].name
        assert c.explanation and all(math.isfinite(v) for v in c.figures.values())


# ---------------------------------------------------------------- 坏输入
@pytest.mark.parametrize("changes, field", [
    ({"经营资产": {"存货": -5_000}}, "存货"),
    ({"经营资产": {"现金": "一万"}}, "现金"),
    ({"经营资产": {"现金": float("nan")}}, "现金"),
    ({"经营负债": {"民间借贷": float("inf")}}, "民间借贷"),
    ({"产品": []}, "产品"),
    ({"产品": [{"名称": "甲", "销售额": 1000, "毛利率": 1.2}]}, "产品 1 的毛利率"),
    ({"产品": [{"名称": "甲", "销售额": 1000, "毛利率": 0.2}, {"名称": "乙", "销售额": -1, "毛利率": 0.2}]},
     "产品 2 的销售额"),
    ({"产品": [{"名称": "", "销售额": 1000, "毛利率": 0.2}]}, "产品 1 的名称"),
    ({"产品": [{"名称": "甲", "销售额": 1000}]}, "产品 1 的毛利率"),
    ({"季节系数": [1] * 11}, "季节系数"),
    ({"季节系数": [1] * 11 + [-1]}, "12 月季节系数"),
    ({"月成本": {"房租": None}}, "房租"),
    ({"家庭收支": {"家庭月支出": True}}, "家庭月支出"),
    ({"赊销比例": 1.5}, "赊销比例"),
    ({"交叉检验资料": {"现金收款比例": 1.0}}, "现金收款比例"),
    ({"交叉检验资料": {"观察月份": 13}}, "观察月份"),
    ({"交叉检验资料": {"月营业天数": 40}}, "月营业天数"),
    ({"交叉检验资料": {"税负率": 0}}, "税负率"),
    ({"权益历史": {"期间月数": 0}}, "期间月数"),
    ({"权益历史": {"口径": "集团"}}, "口径"),
    ({"经营资产": {"存活": 1}}, "经营资产"),
    ({"存款": 1}, "借款人"),
    ({"名称": ""}, "名称"),
])
def test_bad_input_names_the_field(changes, field):
    data = copy.deepcopy(SIMPLE)
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(data.get(key), dict):
            data[key].update(value)
        else:
            data[key] = value
    with pytest.raises(InputError) as err:
        restore(data)
    assert err.value.field == field
    assert field in str(err.value)


def test_products_by_share():
    data = simple(年销售额=1_000_000, 产品=[{"名称": "甲", "销售占比": 0.6, "毛利率": 0.2},
                                      {"名称": "乙", "销售占比": 0.4, "毛利率": 0.3}])
    assert restore(data).figures.gross_profit == pytest.approx(240_000)
    bad = simple(年销售额=1_000_000, 产品=[{"名称": "甲", "销售占比": 0.6, "毛利率": 0.2},
                                     {"名称": "乙", "销售占比": 0.3, "毛利率": 0.3}])
    with pytest.raises(InputError) as err:
        restore(bad)
    assert err.value.field == "销售占比"
    with pytest.raises(InputError) as err:
        restore(simple(年销售额=900_000))
    assert err.value.field == "年销售额"


def test_no_sales_yet_is_allowed():
    # 刚开业、还没有销售：报表照样还原，毛利率为 0，周转天数无从计算
    ws = restore(simple(产品=[{"名称": "甲", "销售额": 0, "毛利率": 0.3}]))
    assert ws.figures.annual_sales == 0 and ws.figures.weighted_margin == 0
    assert ws.ratios().inventory_days is None and ws.ratios().receivable_days is None
    assert ws.figures.net_profit == pytest.approx(-126_000)


def test_dict_round_trip():
    b = Borrower.from_dict(simple(权益历史={"初始权益": 1, "期间月数": 3}))
    assert Borrower.from_dict(b.to_dict()) == b


# ---------------------------------------------------------------- 五表四单三品
def test_framework_defined_once():
    groups = [i.group for i in FRAMEWORK]
    assert groups.count("五表") == 5 and groups.count("四单") == 4 and groups.count("三品") == 3
    assert [i.name for i in FRAMEWORK if i.group == "三品"] == ["人品", "产品", "押品"]
    table = framework_table()
    assert "银行流水" in table.loc[table["项目"] == "银行流水单", "支持的交叉检验"].iloc[0]
    for spec in CHECKS.values():          # 每项检验依赖的资料都在框架里
        assert set(spec.needs) <= {i.name for i in FRAMEWORK}


def test_checklist_links_documents_to_checks():
    c = Checklist()
    assert c.possible_checks() == ()
    c.tick("银行流水单")
    assert set(c.possible_checks()) == {"销售额：银行流水", "流水中的固定转出"}
    c.tick("损益表")
    assert "利息与申报负债" in c.possible_checks()
    assert c.missing("权益检验") == ("资产负债表",)
    c.untick("损益表")
    assert "利息与申报负债" not in c.possible_checks()
    assert list(c.table()["已核"]).count("✓") == 1
    with pytest.raises(InputError) as err:
        c.tick("营业执照")
    assert err.value.field == "资料清单"


def test_checklist_marks_unverified_checks():
    ev = {"年进货额": 684_000, "银行流水年入账": 1_000_000}
    ws = restore(simple(交叉检验资料=ev), checklist=Checklist(["银行流水单"]))
    assert "尚未在清单上核实" in check(ws, "sales_purchases").explanation
    assert "尚未" not in check(ws, "sales_bank").explanation
    table = ws.check_table()
    assert list(table["资料已核"]) == ["是", "缺进销货单", "缺损益表"]   # 利息检验还需要损益表


# ---------------------------------------------------------------- Excel
def test_excel_round_trip(tmp_path):
    data = simple(行业="食品批发", 表外事项={"对外担保": 50_000}, 季节系数=[1.3, 1.1] + [0.96] * 10,
                  交叉检验资料={"年进货额": 700_000.125, "观察月份": 3, "观察日营业额": 3000, "月营业天数": 26},
                  权益历史={"初始权益": -12_345.678, "期间月数": 18, "期间累计利润": None, "期间购置资产": 40_000,
                         "口径": "合并"})
    ws = restore(data, checklist=Checklist(["银行流水单", "人品"]),
                 tolerances=Tolerances(warn=0.07, fail=0.15)).what_if(0.9, 30_000)
    path = to_excel(ws, tmp_path / "档案" / "worksheet.xlsx")
    back = from_excel(path)
    assert back.borrower == ws.borrower
    assert back.tolerances == ws.tolerances
    assert back.checklist == ws.checklist
    assert dict(back.norms) == dict(ws.norms)
    assert back.scenario == pytest.approx(ws.scenario)
    assert back.checks() == ws.checks()
    from openpyxl import load_workbook
    book = load_workbook(path)
    assert {"资产负债表", "损益表", "交叉检验", "说明", "五表四单三品清单", "输入"} <= set(book.sheetnames)
    sheet = book["交叉检验"]
    colours = {"通过": "009E73", "关注": "E69F00", "不通过": "D55E00"}      # 红绿灯与 plotting 同色
    rows = list(sheet.iter_rows(min_row=2))
    assert [r[1].value for r in rows] == [c.verdict for c in ws.checks()]
    assert {r[1].value for r in rows} == set(colours)                        # 三种结论都出现了
    for r in rows:
        assert r[1].fill.fgColor.rgb[-6:] == colours[r[1].value], r[0].value
    assert book["资产负债表"]["C2"].number_format == "#,##0.00"


def test_excel_without_optional_parts(tmp_path):
    ws = restore(SIMPLE)
    back = from_excel(to_excel(ws, tmp_path / "a.xlsx"))
    assert back.borrower == ws.borrower and back.checklist is None and back.borrower.equity_history is None


def test_excel_bad_files(tmp_path):
    from openpyxl import Workbook

    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"not a workbook at all")
    foreign = tmp_path / "foreign.xlsx"
    wb = Workbook()
    wb.active.append(["区块", "字段", "值"])
    wb.save(foreign)
    renamed = tmp_path / "renamed.xlsx"
    wb = Workbook()
    wb.active.title = "输入"
    wb.active.append(["区块", "字段", "值"])
    wb.active.append(["格式", "版本", "别的格式/9"])
    wb.save(renamed)
    for path in (junk, foreign, renamed, tmp_path / "missing.xlsx"):
        with pytest.raises(InputError) as err:
            from_excel(path)
        assert err.value.field == "文件"
    with pytest.raises(InputError) as err:
        to_excel(restore(SIMPLE), tmp_path / "a.csv")
    assert err.value.field == "文件名"


def test_excel_edited_input_is_validated(tmp_path):
    from openpyxl import load_workbook

    path = to_excel(restore(SIMPLE), tmp_path / "a.xlsx")
    wb = load_workbook(path)
    sheet = wb["输入"]
    for r in sheet.iter_rows(min_row=2):
        if r[1].value == "存货":
            r[2].value = -1
    wb.save(path)
    with pytest.raises(InputError) as err:
        from_excel(path)
    assert err.value.field == "存货"


# ---------------------------------------------------------------- 部件
def test_widget_first_render_and_edits():
    pytest.importorskip("ipywidgets")
    from coursekit.widgets.restoration import RestorationWorksheet

    w = RestorationWorksheet(simple(交叉检验资料={"年进货额": 684_000}))
    assert isinstance(w.result, Worksheet)
    assert w.result.figures.annual_sales == pytest.approx(1_000_000)
    w.controls["销售额下调"].value = 20
    assert w.result.figures.annual_sales == pytest.approx(800_000)
    w.controls["存货"].value = -5
    assert w.error is not None and w.error.field == "存货"
    assert "不能为负数" in w._field_errors["存货"].value
    w.controls["存货"].value = 60_000
    assert w.error is None
    empty = RestorationWorksheet()
    assert isinstance(empty.result, Worksheet)


def test_widget_capacity_follows_the_sales_basis():
    pytest.importorskip("ipywidgets")
    from coursekit.widgets.restoration import RestorationWorksheet

    w = RestorationWorksheet(WHOLESALER, annual_rate=0.06, months=12, amount=200_000)
    cap = w.capacity_result
    assert cap.sales_basis == "印证" and cap.verdict == "不通过" and cap.disposable_monthly == pytest.approx(16_400)
    w.controls["销售额口径"].value = "申报"
    assert w.capacity_result.verdict == "关注" and w.capacity_result.sales_basis == "申报"
    plain = RestorationWorksheet(SIMPLE)
    plain.controls["销售额口径"].value = "印证"                 # 没有可印证的角度：错误显示在字段旁
    assert plain.error is not None and plain.error.field == "销售额口径"


def test_statements_show_no_negative_zero():
    """没有其他债务时，损益表与现金流里不应出现 −0（显示为“-0”）。"""
    import math

    from coursekit.restoration import restore

    ws = restore({"名称": "测试小店", "产品": [{"名称": "日杂", "销售额": 600_000, "毛利率": 0.2}],
                  "月成本": {"房租": 3_000}, "家庭收支": {"家庭月支出": 4_000}})
    for table in (ws.income_statement("年"), ws.income_statement("月"), ws.cash_flow()):
        values = table.select_dtypes("number").to_numpy().ravel()
        assert not any(v == 0 and math.copysign(1.0, v) < 0 for v in values)


# ---------------------------------------------------------------- 到期一次还本：本金要有来源
def test_bullet_loan_without_a_principal_source_depends_on_renewal():
    ws = restore(SIMPLE)
    # 月可支配 5,000，上限 60% → 3,000；10 万元 6% 先息后本：每月利息 500，利息付得起
    cap = ws.capacity(0.06, 12, "先息后本", amount=100_000)
    assert cap.payment == pytest.approx(500)
    assert cap.principal_due == 100_000 and cap.principal_source is None and cap.principal_gap == 100_000
    assert cap.renewal_dependent and cap.verdict == "关注"
    assert cap.monthly_verdict == "通过"                  # 只看利息时通过：正是要防的那种“合格”
    assert "依赖续贷" in cap.explanation
    table = cap.table().set_index("项目")["数值"]
    assert table["还本来源"] == "未指定" and table["依赖续贷的本金"] == "10.00 万元"


def test_bullet_loan_from_accumulated_surplus_by_hand():
    ws = restore(SIMPLE)
    # 经营积累 =（月供上限 3,000 − 利息 500）× 12 = 30,000 < 100,000：缺口 70,000 依赖续贷
    cap = ws.capacity(0.06, 12, "先息后本", amount=100_000, principal_source="经营积累")
    assert cap.source_amount == pytest.approx(30_000) and cap.principal_gap == pytest.approx(70_000)
    assert cap.renewal_dependent and cap.verdict == "关注"
    # 3 万元：利息 150，积累（3,000 − 150）× 12 = 34,200 ≥ 30,000：本金有来源，通过
    cap = ws.capacity(0.06, 12, "先息后本", amount=30_000, principal_source="经营积累")
    assert cap.source_amount == pytest.approx(34_200) and cap.principal_gap == 0
    assert not cap.renewal_dependent and cap.verdict == "通过"
    # 不给金额：本金 ≤ 3,000 × 12 ÷（1 + 0.5% × 12）= 33,962.26，远低于只看利息的 3,000 ÷ 0.5% = 60 万
    cap = ws.capacity(0.06, 12, "先息后本", principal_source="经营积累")
    assert cap.max_loan == pytest.approx(36_000 / 1.06)
    assert cap.source_amount == pytest.approx(cap.max_loan) and cap.verdict == "通过"
    # 按季付息：每月平均利息同为 本金 × 0.5%，积累相同
    q = ws.capacity(0.06, 12, "按季付息", amount=30_000, principal_source="经营积累")
    assert q.source_amount == pytest.approx(34_200) and q.payment == pytest.approx(450)


def test_bullet_loan_with_a_named_source_and_amount():
    ws = restore(SIMPLE)
    short = ws.capacity(0.06, 12, "先息后本", amount=100_000, principal_source="应收账款回笼", source_amount=80_000)
    assert short.principal_gap == pytest.approx(20_000) and short.verdict == "关注"
    assert "应收账款回笼" in short.explanation and "缺口 2.00 万元" in short.explanation
    full = ws.capacity(0.06, 12, "先息后本", amount=100_000, principal_source="应收账款回笼", source_amount=120_000)
    assert not full.renewal_dependent and full.verdict == "通过"
    assert ws.capacity(0.06, 12, "先息后本", principal_source="出售闲置设备", source_amount=50_000).max_loan == 50_000
    # 月供本身付不起时，来源再足也不通过
    big = ws.capacity(0.06, 12, "先息后本", amount=1_200_000, principal_source="出售房产", source_amount=2_000_000)
    assert big.payment == pytest.approx(6_000) and big.verdict == "不通过"


def test_bullet_rule_leaves_amortising_loans_alone():
    ws = restore(SIMPLE)
    for method in ("等额本息", "等额本金"):
        for amount in (None, 20_000, 40_000, 60_000):
            plain = ws.capacity(0.12, 12, method, amount=amount)
            named = ws.capacity(0.12, 12, method, amount=amount, principal_source="应收账款回笼", source_amount=1)
            assert plain == named
            assert plain.principal_due is None and plain.principal_gap is None and not plain.renewal_dependent
            assert plain.monthly_verdict == plain.verdict
    # 改动前的手算结果不变
    assert ws.capacity(0.12, 12, amount=40_000).verdict == "关注"
    assert ws.capacity(0.12, 12, amount=20_000).verdict == "通过"


@pytest.mark.parametrize("kwargs", [
    {"principal_source": ""}, {"principal_source": 5}, {"principal_source": "应收账款回笼"},
    {"source_amount": 10_000}, {"principal_source": "应收账款回笼", "source_amount": -1},
])
def test_bullet_source_bad_input(kwargs):
    with pytest.raises(InputError):
        restore(SIMPLE).capacity(0.06, 12, "先息后本", amount=100_000, **kwargs)


@given(st.floats(0, 300_000), st.floats(0, 300_000), st.floats(1_000, 200_000))
def test_more_principal_source_never_worsens_the_verdict(a, b, amount):
    ws = restore(SIMPLE)
    order = {"通过": 0, "关注": 1, "不通过": 2}
    lo, hi = sorted((a, b))
    c_lo = ws.capacity(0.06, 12, "先息后本", amount=amount, principal_source="变卖存货", source_amount=lo)
    c_hi = ws.capacity(0.06, 12, "先息后本", amount=amount, principal_source="变卖存货", source_amount=hi)
    assert order[c_hi.verdict] <= order[c_lo.verdict]
    assert c_hi.principal_gap <= c_lo.principal_gap
    assert c_lo.renewal_dependent == (lo + 1e-6 < amount)


def test_widget_moves_the_principal_source():
    pytest.importorskip("ipywidgets")
    from coursekit.widgets.restoration import RestorationWorksheet

    w = RestorationWorksheet(SIMPLE, annual_rate=0.06, months=12, method="先息后本", amount=100_000)
    assert w.capacity_result.renewal_dependent and w.capacity_result.verdict == "关注"
    w.controls["还本来源"].value = "应收账款回笼"
    assert w.error is None and w.capacity_result.principal_gap == pytest.approx(100_000)   # 来源金额 0：全部缺口
    w.controls["来源金额"].value = 120_000
    assert w.error is None and w.capacity_result.verdict == "通过"
    w.controls["还本来源"].value = "经营积累"
    w.controls["来源金额"].value = 0                               # 经营积累按底稿推算：30,000
    assert w.capacity_result.source_amount == pytest.approx(30_000)
    w.controls["还本来源"].value = ""
    w.controls["来源金额"].value = 5_000
    assert w.error is not None and w.error.field == "还本来源"


# -- 新设备上线的爬坡测试 ------------------------------------------------------------------------
# 上线前：销售 120 万 × 25% − 费用 1 万/月 × 12 − 家庭 5,000 元/月 × 12 → 每月可支配 10,000 元；
# 满产：销售 240 万 × 25% − 费用 2 万/月 × 12 − 家庭 → 每月 25,000 元；季节平稳。
def _ramp_sheets():
    from coursekit import restoration as R

    before = {"名称": "作坊（上线前）", "行业": "食品加工", "产品": [{"名称": "米粉", "销售额": 1_200_000, "毛利率": 0.25}],
              "月成本": {"工资": 10_000}, "家庭收支": {"家庭月支出": 5_000}}
    after = {**before, "名称": "作坊（满产）", "产品": [{"名称": "米粉", "销售额": 2_400_000, "毛利率": 0.25}],
             "月成本": {"工资": 20_000}}
    return R.restore(before), R.restore(after)


def _ramp_plan():
    from coursekit import loans

    return {"先息后本": loans.schedule(30_000, 0.06, 3, "先息后本", start="2025-01-10")}   # 2—4 月：150、150、30,150


def test_ramp_test_by_hand():
    from coursekit.restoration import ramp_test

    before, after = _ramp_sheets()
    assert before.figures.disposable_monthly == 10_000 and after.figures.disposable_monthly == 25_000
    r = ramp_test(before, after, _ramp_plan(), install_months=1, trial_level=0.5, start_cash=0)
    # 2 月：10,000 − 150 = 9,850；3 月：+ 17,500 − 150 → 27,200；4 月：+ 25,000 − 30,150 → 22,050
    row = r.table.loc["先息后本"]
    assert row["现金最低点"] == pytest.approx(9_850) and row["最低点月份"] == "2025-02" and row["现金为负的月数"] == 0
    assert r.ramp == {"2025-02": 0.0, "2025-03": 0.5, "2025-04": 1.0}
    # 新增订单只实现一半：销售 (120 + 0.5 × 120) ÷ 240 = 75%，满产每月 (45 − 24 − 6) 万 ÷ 12 = 12,500 元
    half = ramp_test(before, after, _ramp_plan(), install_months=1, orders=0.5, start_cash=0)
    assert half.sales_factor == pytest.approx(0.75) and half.disposable_monthly == pytest.approx(12_500)


def test_ramp_test_dip_cuts_new_sales_not_new_costs():
    from coursekit.restoration import ramp_test

    before, after = _ramp_sheets()
    # 4 月新增销售一点没有：销售回到上线前的 10 万元，毛利 2.5 万元，却要付满产的 2 万元费用和家庭 5,000 元 → 0
    r = ramp_test(before, after, _ramp_plan(), install_months=1, trial_level=0.5, dip_months=[4], dip_level=0.0,
                  start_cash=0)
    row = r.table.loc["先息后本"]
    assert row["现金最低点"] == pytest.approx(27_200 - 30_150) and row["最低点月份"] == "2025-04"
    assert row["现金为负的月数"] == 1
    with pytest.raises(InputError, match="淡季新增部分实现几成"):
        ramp_test(before, after, _ramp_plan(), dip_level=1.5)
    with pytest.raises(InputError, match="满产底稿"):
        ramp_test(after, before, _ramp_plan())


def test_ramp_test_widget_moves_install_and_orders():
    from coursekit.widgets.restoration import RampTestExplorer

    before, after = _ramp_sheets()
    w = RampTestExplorer(before, after, _ramp_plan(), install_months=1, start_cash=0)
    assert w.result.table.loc["先息后本", "现金最低点"] == pytest.approx(9_850)
    w.controls["安装调试月数"].value = 3        # 三个月都没有新增：10,000 × 3 − 30,450 = −450
    assert w.result.table.loc["先息后本", "现金最低点"] == pytest.approx(-450)
