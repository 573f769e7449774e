"""扩张后的固定成本挤压：销售额掉多少月供就过不去，供应商账期压回去要还多少（m09-c08 的滑块）。"""
from __future__ import annotations

import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coursekit import restoration
from coursekit.errors import InputError
from coursekit.restoration import IndustryNorm, fixed_cost_squeeze

NORMS = {"百货零售": IndustryNorm(margin=0.25, inventory_days=60, receivable_days=5, payable_days=30)}


def _shop(**evidence):
    # 销售额 120 万、毛利率 25%：毛利 30 万（月 25,000 元），销售成本 90 万
    # 固定：房租 1 万 + 工资 5,000 = 月 15,000 元；家庭月支出 5,000 元 → 月可支配 5,000 元
    # 应付 15 万：15 万 × 360 ÷ 90 万 = 60 天
    shop = {"名称": "甲", "行业": "百货零售", "产品": [{"名称": "货", "销售额": 1_200_000, "毛利率": 0.25}],
            "经营负债": {"应付账款": 150_000}, "月成本": {"房租": 10_000, "工资": 5_000},
            "家庭收支": {"家庭月支出": 5_000}}
    if evidence:
        shop["交叉检验资料"] = evidence
    return shop


def _run(shop=None, **kw):
    args = dict(sales_drop=0.0, annual_rate=0, months=12, amount=24_000)   # 零利率 12 期：月供 2,000 元
    args.update(kw)
    return fixed_cost_squeeze(_shop() if shop is None else shop, norms=NORMS, **args)


def test_hand_example_break_even_levels():
    r = _run()
    assert r.payment == pytest.approx(2_000) and r.disposable_monthly == pytest.approx(5_000)
    assert r.gross_profit_monthly == pytest.approx(25_000) and r.fixed_monthly == pytest.approx(20_000)
    assert r.verdict == "通过"
    # 月供碰到上限：(18 万 + 6 万 + 12 × 2,000 ÷ 0.6) ÷ 30 万 = 28 ÷ 30
    assert r.pass_factor == pytest.approx(28 / 30) and r.pass_drop == pytest.approx(2 / 30)
    assert r.pass_sales == pytest.approx(1_120_000)
    # 月供等于全部可支配收入：(24 万 + 2.4 万) ÷ 30 万 = 0.88；可支配收入归零：24 ÷ 30 = 0.8
    assert r.pays_factor == pytest.approx(0.88) and r.fail_drop == pytest.approx(0.12)
    assert r.zero_factor == pytest.approx(0.8)


def test_renewed_loan_interest_leaves_the_fixed_costs():
    # 月成本里有 2,000 元是要续掉的旧贷款利息：续贷后它由新贷款的月供（2,000 元）替代，不能算两遍
    shop = _shop()
    shop["月成本"]["利息"] = 2_000
    twice = _run(shop)
    once = _run(shop, replaces_interest=2_000)
    assert twice.disposable_monthly == pytest.approx(3_000) and once.disposable_monthly == pytest.approx(5_000)
    assert once.fixed_monthly == pytest.approx(twice.fixed_monthly - 2_000) and once.replaced_interest == 2_000
    # 与没有这笔利息的铺子完全一样：平衡点、结论都回到手算的例子
    plain = _run()
    assert once.pass_factor == pytest.approx(plain.pass_factor) and once.verdict == plain.verdict == "通过"
    assert "不含续贷后还清的旧贷款利息 2,000 元" in once.table().loc[1, "说明"]
    with pytest.raises(InputError) as err:
        _run(shop, replaces_interest=2_001)
    assert err.value.field == "被替换贷款的月利息"


def test_sales_drop_cuts_only_the_gross_profit():
    r = _run(sales_drop=0.1)
    # 毛利 27 万 → 月 22,500 元；固定开支不动 → 月可支配 2,500 元：月供 2,000 超过上限 1,500，仍低于可支配 → 关注
    assert r.sales == pytest.approx(1_080_000)
    assert r.gross_profit_monthly == pytest.approx(22_500) and r.fixed_monthly == pytest.approx(20_000)
    assert r.disposable_monthly == pytest.approx(2_500)
    assert r.verdict == "关注"
    # 平衡点相对起点的销售额，和现在拖到哪一档无关
    assert r.pass_factor == pytest.approx(28 / 30) and r.base_sales == 1_200_000
    assert _run(sales_drop=0.13).verdict == "不通过"


def test_verdict_flips_where_the_function_says():
    r = _run()
    assert _run(sales_drop=r.pass_drop - 0.001).verdict == "通过"
    assert _run(sales_drop=r.pass_drop + 0.001).verdict == "关注"
    assert _run(sales_drop=r.fail_drop - 0.001).verdict == "关注"
    assert _run(sales_drop=r.fail_drop + 0.001).verdict == "不通过"


def test_payables_brought_back_to_the_norm():
    base = _run()
    # 参考账期 30 天：超出的 15 万 ×（1 − 30 ÷ 60）= 7.5 万元是供应商在垫的钱；不压账期时不用还
    assert base.payable_days == pytest.approx(60) and base.norm_days == 30
    assert base.over_norm == pytest.approx(75_000) and base.catch_up == 0 and base.target_days is None
    r = _run(payable_days_target=30)
    # 7.5 万元分 12 个月还：每月 6,250 元，月可支配 5,000 − 6,250 = −1,250 元
    assert r.catch_up == pytest.approx(75_000) and r.catch_up_monthly == 6_250
    assert r.disposable_monthly == pytest.approx(-1_250) and r.verdict == "不通过"
    # 要过：(24 万 + 7.5 万 + 4 万) ÷ 30 万 = 1.1833——销售额得涨 18.3%
    assert r.pass_factor == pytest.approx(35.5 / 30) and r.pass_drop < 0
    # 压回 45 天：15 万 × 0.25 = 3.75 万元，6 个月还完 → 每月 6,250 元
    half = _run(payable_days_target=45, catch_up_months=6)
    assert half.catch_up == pytest.approx(37_500) and half.catch_up_monthly == 6_250
    # 目标不低于现在的天数：不用还
    assert _run(payable_days_target=70).catch_up == 0


def test_catch_up_is_measured_on_todays_books_not_the_stressed_sales():
    a = _run(payable_days_target=30)
    b = _run(payable_days_target=30, sales_drop=0.2)
    assert a.catch_up == b.catch_up and a.catch_up_monthly == b.catch_up_monthly
    # 毛利 24 万 → 月 20,000 元：20,000 − 20,000 − 6,250
    assert b.disposable_monthly == pytest.approx(-6_250)


def test_purchases_set_the_payable_days_when_given():
    # 年进货额 180 万：15 万 × 360 ÷ 180 万 = 30 天，已在账期内，压回 30 天不用还钱
    r = _run(_shop(年进货额=1_800_000), payable_days_target=30)
    assert r.payable_days == pytest.approx(30) and r.catch_up == 0 and r.over_norm == 0


def test_unverified_sales_start_from_the_corroborated_level():
    # 流水 90 万、进货 67.5 万 ÷ 0.75 = 90 万：两个角度都比申报的 120 万低出不通过线，彼此印证 90 万
    shop = _shop(银行流水年入账=900_000, 现金收款比例=0, 年进货额=675_000)
    r = _run(shop)
    assert r.sales_basis == "印证" and r.base_sales == pytest.approx(900_000)
    # 毛利 22.5 万 → 月 18,750 元，固定 20,000 元：现在就倒贴
    assert r.disposable_monthly == pytest.approx(-1_250) and r.verdict == "不通过"
    assert r.zero_factor == pytest.approx(240 / 225)


def test_inputs_are_not_changed_and_bullet_loans_keep_the_principal_note():
    shop = _shop()
    before = copy.deepcopy(shop)
    r = _run(shop, method="先息后本", annual_rate=0.06, amount=300_000, payable_days_target=30)
    assert shop == before
    # 先息后本：月供 = 30 万 × 0.5% = 1,500 元；月度看利息，本金没有来源 → 整体结论最多“关注”
    assert r.payment == pytest.approx(1_500) and r.capacity.principal_due == 300_000
    ok = _run(shop, method="先息后本", annual_rate=0.06, amount=300_000)
    assert ok.verdict == "通过" and ok.capacity.verdict == "关注"
    ws = restoration.restore(shop, norms=NORMS)
    assert fixed_cost_squeeze(ws, sales_drop=0.05, annual_rate=0, months=12, amount=24_000).row() == \
        _run(sales_drop=0.05).row()


@settings(max_examples=80, deadline=None)
@given(drop=st.integers(0, 60), amount=st.integers(1, 40), target=st.one_of(st.none(), st.integers(0, 90)),
       months=st.sampled_from([6, 12, 24]))
def test_verdict_agrees_with_the_break_even(drop, amount, target, months):
    """结论和平衡点是同一把尺子：销售额在平衡点之上通过，之下不通过；可支配 = 毛利 − 固定开支。"""
    r = _run(sales_drop=drop / 100, amount=amount * 5_000, payable_days_target=target, catch_up_months=months)
    assert r.disposable_monthly == pytest.approx(r.gross_profit_monthly - r.fixed_monthly)
    assert r.pass_factor >= r.pays_factor >= r.zero_factor
    level = 1 - drop / 100
    if level > r.pass_factor + 1e-9:
        assert r.verdict == "通过"
    elif level < r.pass_factor - 1e-9:
        assert r.verdict != "通过"
    if level < r.pays_factor - 1e-9:
        assert r.verdict == "不通过"
    if target is not None:
        assert r.catch_up == pytest.approx(150_000 * max(0.0, 1 - target / 60))


def test_bad_input_names_the_field():
    cases = [({"sales_drop": 1.5}, "销售额下降"), ({"sales_drop": -0.1}, "销售额下降"),
             ({"payable_days_target": -5}, "账期压回到（天）"), ({"payable_days_target": "三十"}, "账期压回到（天）"),
             ({"catch_up_months": 0}, "还清货款的月数"), ({"amount": None}, "申请金额"), ({"amount": 0}, "申请金额")]
    for kw, name in cases:
        with pytest.raises(InputError) as e:
            _run(**kw)
        assert e.value.field == name, kw
    no_payables = _shop()
    del no_payables["经营负债"]
    assert _run(no_payables, payable_days_target=30).catch_up == 0          # 没欠货款：没有要还的
    no_flow = _shop()
    no_flow["产品"][0]["毛利率"] = 1.0                                       # 没有进货额、销售成本为 0：天数算不出
    with pytest.raises(InputError) as e:
        _run(no_flow, payable_days_target=30)
    assert e.value.field == "账期压回到（天）" and "周转天数" in e.value.problem
    with pytest.raises(InputError) as e:
        fixed_cost_squeeze([1, 2], sales_drop=0, annual_rate=0, months=12, amount=1)
    assert e.value.field == "还原底稿"


def test_view_moves_with_the_controls():
    from coursekit.widgets.restoration import FixedCostSqueezeView

    w = FixedCostSqueezeView(_shop(), annual_rate=0, amount=24_000, months=12, amounts=(24_000, 60_000),
                             norms=NORMS)
    assert w.error is None and w.result.verdict == "通过"
    slider = w.controls["账期压回到（天）"]
    assert (slider.min, slider.max, slider.value) == (30, 60, 60)     # 最右一格 = 现在的 60 天，不压
    assert w.result.target_days is None and w.result.catch_up == 0
    w.controls["销售额下降"].value = 0.10
    assert w.result.verdict == "关注" and w.result.disposable_monthly == pytest.approx(2_500)
    slider.value = 30
    assert w.result.catch_up == pytest.approx(75_000) and w.result.verdict == "不通过"
    w.controls["申请金额"].value = 60_000.0
    assert w.result.payment == pytest.approx(5_000)
    w.controls["还款方式"].value = "先息后本"
    assert w.result.capacity.principal_due == 60_000
    with pytest.raises(InputError) as e:
        FixedCostSqueezeView(_shop(), annual_rate=0, amount=70_000, norms=NORMS)
    assert e.value.field == "申请金额"
    with pytest.raises(InputError) as e:
        FixedCostSqueezeView(_shop(), annual_rate=0, sales_drop=2, norms=NORMS)
    assert e.value.field == "销售额下降"
