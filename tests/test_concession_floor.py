"""有条件的让价（contribution.concession_floor）与它的部件：手算例子、真的减半的业务、拒收的输入。"""
from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coursekit.contribution import concession_floor, group_contribution
from coursekit.errors import InputError

FIRM = {"名称": "公司", "角色": "企业", "贷款日均": 1_000_000, "贷款利率": 0.035, "贷款笔数": 1, "违约概率": 0.01}
OWNER = {"名称": "老板", "角色": "实际控制人", "活期存款日均": 20_000}
STAFF = {"名称": "员工", "角色": "代发员工", "户数": 20, "活期存款日均": 8_000}
PACKAGE = {"结算": {"公司": {"结算流水": 10_000_000}},
           "代发": {"公司": {"代发人数": 20}, "新增客户": [STAFF]}}


def floor(**kw):
    args = dict(member="公司", list_rate=0.04, offer_rate=0.035)
    args.update(kw)
    return concession_floor([FIRM, OWNER], PACKAGE, **args)


def test_hand_example():
    r = floor()
    # 让 50 个基点：100 万 × 0.5% = 5,000 元
    assert r.concession_cost == 5_000
    # 结算：1,000 万 × 3 / 365 天沉淀 ×（1.80% − 0.15%）
    settle = round(10_000_000 * 3 / 365 * (0.018 - 0.0015), 2)
    # 代发：20 人 ×（20 − 10）元；员工 20 户 ×（8,000 ×（1.80% − 0.15%）− 80）
    payroll = 20 * (20 - 10) + round(20 * (8_000 * 0.0165 - 80), 2)
    items = r.items.set_index("业务")["一年多出的贡献"]
    assert items["结算"] == pytest.approx(settle, abs=0.01)
    assert items["代发"] == pytest.approx(payroll, abs=0.01)
    assert r.package_gain == pytest.approx(settle + payroll, abs=0.02)
    # 经济资本 100 万 × 8%，资本回报门槛 10%：8,000 元
    only = group_contribution([{**FIRM}, OWNER]).combined
    assert r.offer_total == only.total and r.eva_offer == pytest.approx(only.total - 8_000, abs=0.01)
    assert r.eva_share == pytest.approx(-r.eva_offer / (r.eva_full - r.eva_offer))
    assert r.breakeven_share == pytest.approx(5_000 / r.package_gain)


def test_half_delivery_matches_a_half_package():
    """每项兑现五成 = 真的只来了一半的业务（模型对业务量线性）。"""
    r = floor(step=0.5)
    half = group_contribution([{**FIRM, "结算流水": 5_000_000, "代发人数": 10}, OWNER, {**STAFF, "户数": 10}]).combined
    row = r.table.set_index("兑现比例").loc[0.5]
    assert row["综合贡献度"] == pytest.approx(half.total, abs=0.02)
    assert row["经济增加值"] == pytest.approx(half.eva, abs=0.02)
    assert r.at(0.5) == pytest.approx((half.total, half.eva), abs=0.02)


def test_terms_at_the_line():
    r = floor()
    t = r.terms.set_index("项目")
    s = r.eva_share
    assert t.loc["结算流水", "经济增加值转正所需"] == pytest.approx(10_000_000 * s, abs=0.01)
    assert t.loc["代发人数", "经济增加值转正所需"] == math.ceil(20 * s)
    assert t.loc["户数", "经济增加值转正所需"] == math.ceil(20 * s)


def test_a_loan_that_pays_on_its_own_needs_no_business():
    r = floor(offer_rate=0.06, list_rate=0.06)
    assert r.eva_offer >= 0 and r.eva_share == 0.0


def test_a_package_that_earns_nothing_has_no_line():
    idle = {"空账户": {"老板": {"账户数": 1}}}
    r = concession_floor([FIRM, OWNER], idle, member="公司", list_rate=0.04, offer_rate=0.035)
    assert r.package_gain == 0 and r.breakeven_share is None and r.eva_share is None
    assert r.terms["经济增加值转正所需"].isna().all()


@pytest.mark.parametrize("kw, field", [
    (dict(member="路人"), "借款人"),
    (dict(member="老板"), "借款人"),
    (dict(offer_rate=0.06), "让价后的利率"),
    (dict(list_rate=0.5), "原价利率"),
    (dict(step=0), "兑现比例的档距"),
])
def test_refuses_bad_arguments(kw, field):
    with pytest.raises(InputError) as e:
        floor(**kw)
    assert e.value.field == field


@pytest.mark.parametrize("package", [
    {},
    {"提额": {"公司": {"贷款日均": 2_000_000}}},
    {"再贷": {"新增客户": [{"名称": "关联方", "贷款日均": 100_000, "贷款利率": 0.05, "贷款笔数": 1}]}},
    {"a": {"公司": {"结算流水": 1}}, "b": {"公司": {"结算流水": 2}}},
    {"a": "很多业务"},
])
def test_refuses_bad_packages(package):
    with pytest.raises(InputError):
        concession_floor([FIRM, OWNER], package, member="公司", list_rate=0.04, offer_rate=0.035)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 150), st.integers(0, 30_000_000), st.integers(0, 200))
def test_table_rises_with_delivery_and_line_zeroes_eva(cut_bp, settle, staff):
    package = {"结算": {"公司": {"结算流水": settle}},
               "代发": {"公司": {"代发人数": staff}, "新增客户": [{**STAFF, "户数": max(staff, 1)}]}}
    r = concession_floor([FIRM, OWNER], package, member="公司", list_rate=0.04, offer_rate=0.04 - cut_bp / 10_000)
    assert r.concession_cost == pytest.approx(1_000_000 * cut_bp / 10_000, abs=0.02)
    totals = list(r.table["综合贡献度"])
    assert totals == sorted(totals) if r.package_gain >= 0 else totals == sorted(totals, reverse=True)
    if r.eva_share is not None and r.eva_share > 0:
        assert r.eva_offer + r.eva_share * (r.eva_full - r.eva_offer) == pytest.approx(0, abs=0.01)


def test_widget_moves_the_line():
    from coursekit.widgets.contribution import ConcessionFloorView

    w = ConcessionFloorView([FIRM, OWNER], PACKAGE, member="公司", lpr=0.02, list_spread_bp=200, offer_spread_bp=150)
    first = w.result.eva_share
    w.controls["加点"].value = 120
    assert w.result.eva_share > first                      # 让得更多，线往上移
    w.controls["业务：代发"].value = False
    only_settle = w.result
    assert list(only_settle.items["业务"]) == ["结算"]
    w.controls["业务：结算"].value = False
    assert w.error is not None and w.error.field == "换回的业务"
    w.controls["业务：结算"].value = True
    assert w.error is None and w.result.eva_share == only_settle.eva_share
