"""药店拿供货商现款折扣的资金缺口（marketing.supplier_discount_gap）：手算的例子、盈亏平衡折扣与坏输入。"""
import pytest
from hypothesis import given, settings, strategies as st

from coursekit import marketing as mk
from coursekit.errors import InputError

BASE = dict(gross_margin=0.25, stock_days=36, insurance_share=0.5, insurance_lag_days=72, payable_days=60,
            discount_share=0.5, discount=0.02, cash_days=0, annual_rate=0.06)


def test_hand_computed_example():
    t = mk.supplier_discount_gap(3_600_000, **BASE).set_index("付款方式")
    # 进货 2,700,000；存货 2,700,000 × 36/360 = 270,000；医保应收 3,600,000 × 0.5 × 72/360 = 360,000
    # 应付：现行 2,700,000 × 60/360 = 450,000；现款 1,350,000 × 60/360 ＋ 0 = 225,000
    assert t.loc["现行账期", "存货占用"] == pytest.approx(270_000)
    assert t.loc["现行账期", "医保应收"] == pytest.approx(360_000)
    assert t.loc["现行账期", "资金缺口"] == pytest.approx(180_000)
    assert t.loc["现款拿折扣", "资金缺口"] == pytest.approx(405_000)
    # 折扣 1,350,000 × 2% = 27,000；利息 225,000 × 6% = 13,500；净 13,500
    assert t.loc["现款拿折扣", "年现金折扣"] == pytest.approx(27_000)
    assert t.loc["现款拿折扣", "新增利息"] == pytest.approx(13_500)
    assert t.loc["现款拿折扣", "年净节省"] == pytest.approx(13_500)
    a = mk.supplier_discount_gap(3_600_000, **BASE).attrs
    assert a["新增资金需求"] == pytest.approx(225_000)
    # 0.02 / 0.98 × 360 / 60 = 12.24%；盈亏平衡 0.06 × 60 / 360 = 1%
    assert a["放弃折扣的年化成本"] == pytest.approx(0.02 / 0.98 * 6)
    assert a["盈亏平衡折扣率"] == pytest.approx(0.01)


def test_discounted_cash_payables_and_lag_only_moves_the_gap():
    args = {**BASE, "cash_days": 10}
    slow = mk.supplier_discount_gap(3_600_000, **{**args, "insurance_lag_days": 144})
    fast = mk.supplier_discount_gap(3_600_000, **args)
    # 现款部分：1,350,000 × 0.98 × 10/360 = 36,750；应付 225,000 ＋ 36,750
    assert fast["应付账款"].iloc[1] == pytest.approx(261_750)
    # 医保回款慢一倍：两行缺口都多 360,000，净节省不变
    assert (slow["资金缺口"] - fast["资金缺口"]).tolist() == pytest.approx([360_000, 360_000])
    assert slow["年净节省"].iloc[1] == pytest.approx(fast["年净节省"].iloc[1])


@settings(max_examples=40, deadline=None)
@given(rate=st.floats(0.01, 0.2), cash=st.integers(0, 30), pay=st.integers(31, 120))
def test_break_even_discount_gives_zero_saving(rate, cash, pay):
    args = {**BASE, "annual_rate": rate, "cash_days": cash, "payable_days": pay}
    be = mk.supplier_discount_gap(1_000_000, **args).attrs["盈亏平衡折扣率"]
    t = mk.supplier_discount_gap(1_000_000, **{**args, "discount": be})
    assert t["年净节省"].iloc[1] == pytest.approx(0, abs=1e-6)


@pytest.mark.parametrize("kwargs,field", [
    ({"cash_days": 60}, "现款天数"),
    ({"gross_margin": 1.2}, "毛利率"),
    ({"insurance_lag_days": 400}, "医保回款天数"),
    ({"discount": 0.5}, "现款折扣率"),
    ({"annual_rate": "四厘"}, "年利率"),
])
def test_bad_inputs_name_the_field(kwargs, field):
    with pytest.raises(InputError) as e:
        mk.supplier_discount_gap(3_600_000, **{**BASE, **kwargs})
    assert field in str(e.value)
    with pytest.raises(InputError, match="年销售额"):
        mk.supplier_discount_gap(0, **BASE)
