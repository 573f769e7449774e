"""restoration.invoice_line：发票贷额度按哪一层开票额算、经营撑得起多少（m09-c09 的部件）。"""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coursekit.errors import InputError
from coursekit.restoration import invoice_line, restore

from test_invoices import HS   # 宏晟建材贸易（m09-c09）的开票与流水

# 按开票额还原的底稿：销售额 900 + 480 = 1,380 万，毛利 45 + 33.6 = 78.6 万；月成本 39,500 元（一年 47.4 万），
# 家庭月支出 1 万元
TOLD = {
    "名称": "宏晟建材贸易（按开票额）",
    "经营资产": {"现金": 30_000, "存款": 180_000, "应收账款": 150_000, "存货": 600_000, "固定资产": 120_000},
    "经营负债": {"应付账款": 200_000, "银行借款": 300_000},
    "家庭资产": {"房产": 1_000_000, "车辆": 150_000},
    "产品": [{"名称": "钢材", "销售额": 9_000_000, "毛利率": 0.05},
           {"名称": "水泥及其他建材", "销售额": 4_800_000, "毛利率": 0.07}],
    "月成本": {"房租": 4_000, "工资": 18_000, "运输": 8_000, "税费": 5_000, "利息": 1_500, "其他费用": 3_000},
    "家庭收支": {"家庭月支出": 10_000},
    "交叉检验资料": {"银行流水年入账": 11_450_000, "现金收款比例": 0.0},
}
TERMS = dict(rate=0.08, cap=1_000_000, annual_rate=0.048, months=12, method="先息后本")


def test_formula_on_each_layer_by_hand():
    # 开票 1,380 万 × 8% = 110.4 万 → 封顶 100 万；扣红冲 210 万 → 1,170 万 × 8% = 93.6 万；
    # 再扣关联方 650 万 → 520 万 × 8% = 41.6 万；非关联方只认净流入 176 + 125 + 115 + 89 = 505 万 → 40.4 万
    r = invoice_line(HS, rate=0.08, cap=1_000_000)
    assert r.system_line == 1_000_000 and r.basis == 5_200_000 and r.line == pytest.approx(416_000)
    layers = r.layers.set_index("口径")
    assert list(layers["计入的开票额（元）"]) == [13_800_000, 11_700_000, 5_200_000, 5_050_000]
    assert list(layers["公式额度（元）"]) == pytest.approx([1_000_000, 936_000, 416_000, 404_000])
    assert r.flow_net == 5_050_000 and r.capacity is None and r.max_loan is None
    assert r.defensible == r.line                                       # 没给底稿：站得住的就是公式额度


def test_related_share_red_letters_and_flows_combine_per_buyer():
    # 关联方有效开票 650 万按一半计入：520 + 325 = 845 万 → 67.6 万
    half = invoice_line(HS, rate=0.08, cap=1_000_000, related_accepted=0.5)
    assert half.basis == pytest.approx(8_450_000) and half.line == pytest.approx(676_000)
    # 不扣红冲、关联方全计：回到系统的 1,380 万
    everything = invoice_line(HS, rate=0.08, cap=1_000_000, related_accepted=1, net_of_cancelled=False)
    assert everything.basis == 13_800_000 and everything.line == everything.system_line
    # 只认净流入：关联方全计也只剩 5 + 10 + 5 = 20 万，合计 505 + 20 = 525 万
    flows = invoice_line(HS, rate=0.08, cap=1_000_000, related_accepted=1, flow_confirmed=True)
    assert flows.basis == pytest.approx(5_250_000)
    b = flows.by_buyer.set_index("购买方")
    assert b.loc["晟达物资", "计入金额"] == 50_000 and b.loc["青禾县城建工程队", "计入金额"] == 1_760_000


def test_capacity_on_the_sales_that_survive():
    # 按开票额：净利润 78.6 − 47.4 = 31.2 万，月可支配 (31.2 − 12) 万 ÷ 12 = 16,000 元，月供上限 9,600 元；
    # 经营积累撑得起的本金 = 9,600 × 12 ÷ (1 + 0.4% × 12) = 109,924 元
    system = invoice_line(HS, related_accepted=1, net_of_cancelled=False, worksheet=TOLD, **TERMS)
    assert system.net_profit == pytest.approx(312_000) and system.capacity.disposable_monthly == pytest.approx(16_000)
    assert system.max_loan == pytest.approx(115_200 / 1.048) and system.defensible == pytest.approx(115_200 / 1.048)
    assert system.capacity.amount == 1_000_000 and system.capacity.verdict == "关注"   # 利息付得起，本金依赖续贷
    assert system.capacity.renewal_dependent
    # 非关联方 520 万：毛利 78.6 万 × 520 / 1,380 = 29.6 万，减 47.4 万 → 亏 177,826 元，撑不起任何额度
    real = invoice_line(HS, worksheet=TOLD, **TERMS)
    assert real.net_profit == pytest.approx(786_000 * 5.2 / 13.8 - 474_000)
    assert real.capacity.verdict == "不通过" and real.max_loan == 0 and real.defensible == 0
    # 关联方有效开票全部计入（1,170 万）：净利润 66.64 − 47.4 = 19.24 万，月可支配约 6,033 元，上限 3,620 元 < 利息 4,000
    kind = invoice_line(HS, related_accepted=1, worksheet=TOLD, **TERMS)
    assert kind.capacity.disposable_monthly == pytest.approx((786_000 * 11.7 / 13.8 - 474_000 - 120_000) / 12)
    # 撑得起的本金 = 月供上限 × 12 ÷ 1.048 ≈ 41,445 元，远低于公式的 93.6 万
    assert kind.capacity.verdict == "关注" and kind.max_loan == pytest.approx(kind.capacity.installment_cap * 12 / 1.048)
    assert kind.defensible == kind.max_loan and round(kind.max_loan) == 41_445
    layers = kind.layers.set_index("口径")
    assert layers.loc["开票额", "站得住的额度（元）"] == pytest.approx(115_200 / 1.048)
    assert layers.loc["再扣关联方", "经营撑得起的额度（元）"] == 0


def test_worksheet_is_scaled_not_replaced():
    ws = restore(TOLD)
    r = invoice_line(HS, related_accepted=0.5, worksheet=ws, **TERMS)
    assert r.worksheet.figures.annual_sales == pytest.approx(8_450_000)
    assert ws.figures.annual_sales == 13_800_000                       # 传入的底稿不变
    assert r.capacity.sales_used == pytest.approx(8_450_000)


@settings(max_examples=60, deadline=None)
@given(accepted=st.floats(0, 1), deduct=st.booleans(), flows=st.booleans())
def test_more_deductions_never_raise_the_line(accepted, deduct, flows):
    """每多扣一层，计入的销售额和额度只会少，不会多；站得住的额度不超过公式额度和系统额度。"""
    r = invoice_line(HS, rate=0.08, cap=1_000_000, related_accepted=accepted, net_of_cancelled=deduct,
                     flow_confirmed=flows)
    loose = invoice_line(HS, rate=0.08, cap=1_000_000, related_accepted=1, net_of_cancelled=False)
    assert r.basis <= loose.basis + 1e-6 and r.line <= r.system_line + 1e-6
    assert r.basis >= (5_050_000 if flows else 5_200_000) - 1e-6        # 非关联方的票总在
    more = invoice_line(HS, rate=0.08, cap=1_000_000, related_accepted=min(1.0, accepted + 0.1),
                        net_of_cancelled=deduct, flow_confirmed=flows)
    assert more.basis >= r.basis - 1e-6
    assert r.defensible <= r.line + 1e-6


def test_bad_input_names_the_field():
    cases = [
        (dict(rate=0, cap=1_000_000), "额度比例"),
        (dict(rate=0.08, cap=-1), "额度上限"),
        (dict(rate=0.08, cap=1_000_000, related_accepted=1.5), "关联方开票计入比例"),
        (dict(rate=0.08, cap=1_000_000, net_of_cancelled="也许"), "扣除红冲作废"),
        (dict(rate=0.08, cap=1_000_000, worksheet=TOLD), "年利率"),
        (dict(rate=0.08, cap=1_000_000, annual_rate=0.05, months=12), "还原底稿"),
        (dict(rate=0.08, cap=1_000_000, worksheet=[1, 2], annual_rate=0.05, months=12), "还原底稿"),
    ]
    for kwargs, field in cases:
        with pytest.raises(InputError) as e:
            invoice_line(HS, **kwargs)
        assert e.value.field == field, kwargs
    no_flows = HS.drop(columns=["流水转入", "回流"])
    with pytest.raises(InputError) as e:
        invoice_line(no_flows, rate=0.08, cap=1_000_000, flow_confirmed=True)
    assert e.value.field == "只认流水净流入" and "流水转入" in e.value.message
    assert "非关联方只认净流入" not in set(invoice_line(no_flows, rate=0.08, cap=1_000_000).layers["口径"])
    with pytest.raises(InputError) as e:
        invoice_line(HS.assign(开票金额=0, 红冲金额=0), rate=0.08, cap=1_000_000)
    assert e.value.field == "开票数据"


def test_view_moves_with_the_controls():
    from coursekit.widgets.restoration import InvoiceLineView

    w = InvoiceLineView(HS, worksheet=TOLD, principal_source="经营积累", **TERMS)
    assert w.result.basis == 5_200_000 and w.result.defensible == 0
    w.controls["关联方开票计入比例"].value = 1.0
    assert w.result.basis == 11_700_000 and 0 < w.result.defensible < 50_000
    w.controls["扣除红冲作废"].value = False
    assert w.result.basis == 13_800_000 and w.result.line == 1_000_000
    w.controls["只认流水净流入"].value = True
    assert w.result.basis == pytest.approx(5_250_000) and w.result.defensible == 0
    assert "只认流水净流入" not in InvoiceLineView(HS.drop(columns=["流水转入", "回流"]), rate=0.08,
                                                  cap=1_000_000).controls
    with pytest.raises(InputError):
        InvoiceLineView(HS, rate=0.08, cap=1_000_000, related_accepted=2)
