"""restoration.break_even：固定 / 变动成本拆分与盈亏平衡的利用率（手算、性质、坏输入）。"""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coursekit.errors import InputError
from coursekit.restoration import break_even, restore

PLANT = {
    "名称": "测试食品厂（满产）",
    "产品": [{"名称": "水饺", "销售额": 2_400_000, "毛利率": 0.25}],
    "月成本": {"房租": 10_000, "工资": 20_000, "利息": 5_000},
    "家庭收支": {"家庭月支出": 6_000, "家庭月其他收入": 2_000, "其他债务月还款": 1_000},
}


def test_break_even_by_hand():
    # 毛利 2,400,000 × 25% = 600,000；固定成本 (10,000 + 20,000 + 5,000) × 12 = 420,000；
    # 家庭净支出 (6,000 + 1,000 − 2,000) × 12 = 60,000
    # 经营平衡 420,000 ÷ 600,000 = 70%；可支配平衡 480,000 ÷ 600,000 = 80%；付 5,000 元月供 540,000 ÷ 600,000 = 90%
    be = break_even(restore(PLANT), monthly_payment=5_000)
    assert be.fixed_costs == pytest.approx(420_000) and be.household_net == pytest.approx(60_000)
    assert be.variable_costs == pytest.approx(1_800_000) and be.variable_ratio == pytest.approx(0.75)
    assert be.profit_utilisation == pytest.approx(0.70)
    assert be.disposable_utilisation == pytest.approx(0.80)
    assert be.payment_utilisation == pytest.approx(0.90)
    t = be.table().set_index("项目")
    assert t.loc["可支配收入平衡", "数值"] == pytest.approx(0.80)


@settings(max_examples=30, deadline=None)
@given(st.floats(100_000, 1e7), st.floats(0.05, 0.6), st.floats(0, 50_000), st.floats(0, 10_000), st.floats(0, 5_000))
def test_scaling_sales_to_the_break_even_point_zeroes_disposable(sales, margin, rent, spend, pay):
    ws = restore({"名称": "x", "产品": [{"名称": "p", "销售额": sales, "毛利率": margin}],
                  "月成本": {"房租": rent}, "家庭收支": {"家庭月支出": spend}})
    be = break_even(ws, monthly_payment=pay)
    assert be.profit_utilisation <= be.disposable_utilisation <= be.payment_utilisation
    at = ws.what_if(sales_factor=be.disposable_utilisation) if be.disposable_utilisation <= 10 else None
    if at is not None:
        assert at.figures.disposable == pytest.approx(0, abs=1e-6 * max(1.0, sales))
        assert at.figures.net_profit == pytest.approx(12 * spend, abs=1e-6 * max(1.0, sales))


def test_bad_inputs():
    with pytest.raises(InputError, match="毛利"):
        break_even(restore({**PLANT, "产品": [{"名称": "水饺", "销售额": 2_400_000, "毛利率": 0.0}]}))
    with pytest.raises(InputError, match="月供"):
        break_even(restore(PLANT), monthly_payment=-1)
    with pytest.raises(InputError, match="还原底稿"):
        break_even(PLANT)
