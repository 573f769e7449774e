"""认定多少销售额：几个独立角度里有几个认可它，抬高一个系数只动一个角度，按它能贷多少（m09-c06 的滑块）。"""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coursekit import restoration
from coursekit.errors import InputError

KW = dict(annual_rate=0.052, months=24, method="等额本息")


def _plant(**evidence):
    # 报表：600 万元、毛利率 30%；月成本 7 万元，家庭月支出 7,000 元
    # 角度：流水 378 万 ÷ 0.97 = 389.69 万；进货 273 万 ÷ 0.7 = 390 万；用电 22 万度 × 17.8 = 391.6 万；
    #       领用 780 吨 × 5,000 = 390 万；纳税 3.6 万 ÷ 1% = 360 万
    ev = {"银行流水年入账": 3_780_000, "现金收款比例": 0.03, "年进货额": 2_730_000, "年用电量": 220_000,
          "每度电销售额": 17.8, "年纳税额": 36_000, "税负率": 0.01, "实物记录年用量": 780, "每单位实物销售额": 5_000}
    ev.update(evidence)
    return {"名称": "纸箱厂", "产品": [{"名称": "纸箱", "销售额": 6_000_000, "毛利率": 0.30}],
            "月成本": {"房租": 6_000, "工资": 36_000, "水电": 15_000, "运输": 6_000, "税费": 3_000, "利息": 2_000,
                    "其他费用": 2_000},
            "家庭收支": {"家庭月支出": 7_000}, "交叉检验资料": ev}


ALL = ("银行流水", "进货倒推", "用电量", "实物记录 × 单位产出", "纳税")


def test_the_report_figure_has_no_angle_and_a_capped_verdict():
    r = restoration.sales_consensus(_plant(), 6_000_000, amount=800_000, **KW)
    assert r.declared == r.accepted == 6_000_000
    assert r.agreeing == () and r.failing == ALL and r.n_angles == 5
    # 600 万 ÷ 5,000 元/吨 = 1,200 吨，比领用多 420 吨；每吨要 600 万 ÷ 780 = 7,692 元、每度电 600 万 ÷ 22 万 = 27.27 元
    assert r.quantity_needed == pytest.approx(1_200) and r.quantity_gap == pytest.approx(420)
    assert r.needed_per_unit == pytest.approx(6_000_000 / 780) and r.needed_per_kwh == pytest.approx(6_000_000 / 220_000)
    # 净利润 600 万 × 30% − 84 万 = 96 万；月可支配（96 万 − 8.4 万）÷ 12 = 73,000 元；上限 60% = 43,800 元
    cap = r.capacity
    assert cap.disposable_monthly == pytest.approx(73_000) and cap.installment_cap == pytest.approx(43_800)
    # 80 万元的月供在上限以内，可五个角度都不通过：最多“关注”
    assert cap.payment < cap.installment_cap and cap.verdict == "关注" and cap.failed_sales_angles == 5
    # 各单据彼此印证：五个角度的中位数 390 万元
    assert r.corroborated == pytest.approx(3_900_000) and r.corroborating == ALL


def test_the_verified_figure_is_backed_by_four_angles():
    r = restoration.sales_consensus(_plant(), 3_900_000, amount=800_000, **KW)
    assert r.agreeing == ALL[:4] and r.watching == ("纳税",) and r.failing == ()
    # 纳税：(390 − 360) ÷ 360 = 8.3%，在关注线和不通过线之间
    tax = next(c for c in r.checks if c.id == "sales_tax")
    assert tax.deviation == pytest.approx(30 / 360)
    # 净利润 390 万 × 30% − 84 万 = 33 万；月可支配 (33 − 8.4) 万 ÷ 12 = 20,500 元；80 万元月供 35,169 元 > 20,500
    assert r.capacity.disposable_monthly == pytest.approx(20_500)
    assert r.capacity.verdict == "不通过" and 275_000 < r.capacity.max_loan < 285_000
    assert r.capacity.sales_used == pytest.approx(3_900_000)
    small = restoration.sales_consensus(_plant(), 3_900_000, amount=250_000, **KW)
    assert small.capacity.verdict == "通过"


def test_raising_output_per_ton_turns_only_its_own_angle_green():
    base = restoration.sales_consensus(_plant(), 6_000_000, amount=800_000, **KW)
    r = restoration.sales_consensus(_plant(), 6_000_000, amount=800_000, per_unit=7_700, unit_cost=3_500, **KW)
    assert r.agreeing == ("实物记录 × 单位产出",) and r.failing == ALL[:3] + ("纳税",)
    # 780 吨 × 7,700 = 600.6 万元；每吨 7,700 元、原纸 3,500 元 → 暗含毛利率 1 − 3,500 ÷ 7,700 = 54.5%，报表 30%
    assert r.table().set_index("角度").loc["实物记录 × 单位产出", "推算的全年销售额"] == pytest.approx(6_006_000)
    assert r.implied_margin == pytest.approx(1 - 3_500 / 7_700) and r.margin == pytest.approx(0.30)
    # 系数不改利润：最高可贷、结论都和原来一样
    assert r.capacity.max_loan == pytest.approx(base.capacity.max_loan) and r.capacity.verdict == "关注"
    # 印证的那一组不再含领用单，仍在 390 万元上下
    assert "实物记录 × 单位产出" not in r.corroborating and r.corroborated == pytest.approx(3_900_000, rel=0.001)
    both = restoration.sales_consensus(_plant(), 6_000_000, amount=800_000, per_unit=7_700, per_kwh=27.3, **KW)
    # 22 万度 × 27.3 = 600.6 万元：用电也变绿，流水、进货、纳税没有系数可改
    assert both.agreeing == ("用电量", "实物记录 × 单位产出") and both.failing == ("银行流水", "进货倒推", "纳税")
    assert both.capacity.verdict == "关注"
    # 另外三角要认可 600 万元，各自的系数得改成：现金收款 1 − 378 ÷ 600 = 37%，毛利率 1 − 273 ÷ 600 = 54.5%，
    # 税负率 3.6 万 ÷ 600 万 = 0.6%——和每吨 7,700 元暗含的毛利率是同一个数
    need = {cid: (now, want) for cid, _name, now, want in both.coefficients}
    assert need["sales_bank"] == pytest.approx((0.03, 0.37))
    assert need["sales_purchases"] == pytest.approx((0.30, 1 - 2_730_000 / 6_000_000))
    assert need["sales_tax"] == pytest.approx((0.01, 0.006))
    assert need["sales_physical"] == pytest.approx((7_700, 6_000_000 / 780))
    table = both.table().set_index("角度")
    assert table.loc["银行流水", "认可所需系数"] == "现金收款比例 37.0%" and table.loc["纳税", "现在的系数"] == "税负率 1.0%"


def test_a_coefficient_that_cannot_reach_the_figure_is_none():
    # 认 360 万元：流水入账 378 万已经超过它，现金收款比例调到多少都到不了
    r = restoration.sales_consensus(_plant(), 3_600_000, amount=100_000, **KW)
    need = {cid: want for cid, _name, _now, want in r.coefficients}
    assert need["sales_bank"] is None and need["sales_tax"] == pytest.approx(0.01)
    assert r.table().set_index("角度").loc["银行流水", "认可所需系数"] == "—"


def test_where_all_five_agree_the_loan_is_smaller():
    # 认 375 万元：流水 −3.8%、用电 −4.2%、纳税 +4.2%，五个角度都在 5% 以内
    r = restoration.sales_consensus(_plant(), 3_750_000, amount=250_000, **KW)
    assert r.agreeing == ALL
    # 净利润 375 万 × 30% − 84 万 = 28.5 万；月可支配 (28.5 − 8.4) 万 ÷ 12 = 16,750 元；上限 10,050 元 < 25 万元月供
    assert r.capacity.disposable_monthly == pytest.approx(16_750)
    assert r.capacity.verdict == "关注" and 225_000 < r.capacity.max_loan < 235_000


def test_a_figure_below_every_angle_is_conservative_not_unverified():
    # 320 万元比最低的纳税角度（360 万）还低 11%
    r = restoration.sales_consensus(_plant(), 3_200_000, amount=30_000, **KW)
    assert r.agreeing == () and len(r.failing) == 5
    # 认得比每个角度都低：不通过是偏低，不算“没有印证”，还款能力照常给结论
    # 净利润 320 万 × 30% − 84 万 = 12 万；月可支配 (12 − 8.4) 万 ÷ 12 = 3,000 元，上限 1,800 元 > 3 万元的月供
    assert r.capacity.failed_sales_angles == 0 and r.capacity.disposable_monthly == pytest.approx(3_000)
    assert r.capacity.verdict == "通过"
    assert r.quantity_gap == pytest.approx(640 - 780)


def test_inputs_are_not_changed_and_a_sheet_works_too():
    plan = _plant()
    sheet = restoration.restore(plan)
    a = restoration.sales_consensus(sheet, 4_000_000, per_unit=6_000, amount=300_000, **KW)
    b = restoration.sales_consensus(plan, 4_000_000, per_unit=6_000, amount=300_000, **KW)
    assert a.row() == b.row()
    assert plan["交叉检验资料"]["每单位实物销售额"] == 5_000 and sheet.borrower.evidence.sales_per_physical_unit == 5_000
    assert sheet.figures.annual_sales == 6_000_000
    assert a.worksheet.figures.annual_sales == pytest.approx(4_000_000)
    row = a.row()
    assert row["认定的年销售额（元）"] == 4_000_000 and row["角度数"] == 5 and row["每单位实物销售额（元）"] == 6_000


@settings(max_examples=60, deadline=None)
@given(accepted=st.integers(2_000_000, 9_000_000), per_unit=st.integers(3_000, 10_000),
       per_kwh=st.floats(8, 40, allow_nan=False))
def test_a_coefficient_moves_only_its_own_angle(accepted, per_unit, per_kwh):
    """每个角度只取决于自己的单据和系数：改每吨产出只动实物一角，改每度电只动用电一角，认定额不改任何角度的推算值。"""
    base = restoration.sales_consensus(_plant(), accepted, amount=300_000, **KW)
    moved = restoration.sales_consensus(_plant(), accepted, amount=300_000, per_unit=per_unit, per_kwh=per_kwh, **KW)
    for b, m in zip(base.checks, moved.checks):
        assert b.id == m.id
        if b.id not in ("sales_physical", "sales_utility"):
            assert (b.verdict, b.deviation) == (m.verdict, m.deviation)
    assert moved.capacity.max_loan == pytest.approx(base.capacity.max_loan)
    other = restoration.sales_consensus(_plant(), 5_000_000, amount=300_000, **KW)
    assert [c.figures["本角度推算"] for c in other.checks] == pytest.approx([c.figures["本角度推算"] for c in base.checks])


@settings(max_examples=40, deadline=None)
@given(low=st.integers(2_000_000, 8_000_000), step=st.integers(0, 2_000_000))
def test_max_loan_grows_with_the_accepted_figure(low, step):
    a = restoration.sales_consensus(_plant(), low, amount=300_000, **KW)
    b = restoration.sales_consensus(_plant(), low + step, amount=300_000, **KW)
    assert b.capacity.max_loan >= a.capacity.max_loan - 1e-6


def test_bad_input_names_the_field():
    cases = [
        (dict(accepted_sales=0), "认定的年销售额"),
        (dict(accepted_sales=-5), "认定的年销售额"),
        (dict(accepted_sales=70_000_000), "认定的年销售额"),
        (dict(accepted_sales=float("nan")), "认定的年销售额"),
        (dict(per_unit=0), "每单位实物销售额"),
        (dict(per_unit="很多"), "每单位实物销售额"),
        (dict(per_unit=1e12), "每单位实物销售额"),
        (dict(per_kwh=-1), "每度电销售额"),
        (dict(unit_cost=0), "每单位实物进价"),
        (dict(amount=-1), "申请金额"),
    ]
    for extra, field in cases:
        kw = {"accepted_sales": 4_000_000, **extra}
        with pytest.raises(InputError) as e:
            restoration.sales_consensus(_plant(), kw.pop("accepted_sales"), **KW, **kw)
        assert e.value.field == field and field in e.value.message
    no_slips = _plant()
    del no_slips["交叉检验资料"]["实物记录年用量"]
    with pytest.raises(InputError) as e:
        restoration.sales_consensus(no_slips, 4_000_000, per_unit=6_000, **KW)
    assert e.value.field == "每单位实物销售额" and "实物记录年用量" in e.value.message
    with pytest.raises(InputError) as e:
        restoration.sales_consensus({**_plant(), "产品": [{"名称": "纸箱", "销售额": 0, "毛利率": 0.3}]}, 1_000, **KW)
    assert e.value.field == "产品"
    with pytest.raises(InputError) as e:
        restoration.sales_consensus("纸箱厂", 4_000_000, **KW)
    assert e.value.field == "还原底稿"


def test_view_moves_with_its_sliders():
    from coursekit.widgets.restoration import SalesConsensusView

    w = SalesConsensusView(_plant(), annual_rate=0.052, months=24, amount=800_000, unit_cost=3_500, unit="吨",
                           per_unit_label="每吨原纸销售额（元）")
    assert set(w.controls) == {"认定的年销售额", "每单位实物销售额", "每度电销售额", "申请金额"}
    assert w.controls["认定的年销售额"].value == 600 and w.result.n_agree == 0
    assert w.result.capacity.verdict == "关注"
    w.controls["每单位实物销售额"].value = 7_700
    assert w.result.agreeing == ("实物记录 × 单位产出",) and w.result.per_unit == 7_700
    w.controls["认定的年销售额"].value = 390
    w.controls["每单位实物销售额"].value = 5_000
    assert w.result.accepted == 3_900_000 and w.result.n_agree == 4
    w.controls["申请金额"].value = 250_000
    assert w.result.capacity.verdict == "通过"
    w.controls["每度电销售额"].value = 27.3
    assert "用电量" in w.result.failing and w.errors == [] and w.unexpected is None
    # 没有用电资料：不出现每度电的滑块
    plain = _plant()
    del plain["交叉检验资料"]["年用电量"], plain["交叉检验资料"]["每度电销售额"]
    v = SalesConsensusView(plain, annual_rate=0.052, months=24, amount=300_000, accepted_sales=3_900_000)
    assert "每度电销售额" not in v.controls and v.result.n_angles == 4
    with pytest.raises(InputError) as e:
        SalesConsensusView(_plant(), annual_rate=0.052, months=24, amount=800_000, accepted_sales=-1)
    assert e.value.field == "认定的年销售额"
