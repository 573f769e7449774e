"""按用款月数比较产品的利息（loans.usage_cost）：m01-c03 郑老板的三种方案按手算核对，交叉点、坏输入与不变量。"""
from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from coursekit import loans
from coursekit.errors import InputError

THREE = {"一年期": (0.055, "全年计息"), "线上": (0.0003 * 365, "按用款计息"), "循环": (0.058, "按用款计息")}


def test_zheng_by_hand():
    u = loans.usage_cost(300_000, THREE)
    assert u.table.loc[3, "一年期"] == pytest.approx(16_500)          # 30 万 × 5.5%，用不用都付一年
    assert u.table.loc[3, "线上"] == pytest.approx(8_212.50)           # 30 万 × 10.95% × 3 ÷ 12
    assert u.table.loc[3, "循环"] == pytest.approx(4_350)              # 30 万 × 5.8% × 3 ÷ 12
    assert u.cheapest(3) == "循环" and u.cheapest(12) == "一年期"
    # 线上产品第 7 个月才比一年期贵：6 个月 16,425 元 < 16,500 元 < 7 个月 19,162.50 元
    assert u.table.loc[6, "线上"] == pytest.approx(16_425) and u.crossover("线上", "一年期") == 7
    assert u.crossover("循环", "线上") is None


def test_bad_inputs_name_the_field():
    with pytest.raises(InputError) as e:
        loans.usage_cost(300_000, {"一年期": (5.5, "全年计息")})
    assert e.value.field == "产品“一年期”的年利率"
    with pytest.raises(InputError) as e:
        loans.usage_cost(300_000, {"一年期": (0.055, "按年")})
    assert e.value.field == "产品“一年期”的计息口径"
    with pytest.raises(InputError) as e:
        loans.usage_cost(300_000, THREE).crossover("线上", "他行")
    assert e.value.field == "产品"
    with pytest.raises(InputError):
        loans.usage_cost(300_000, {})


@given(p=st.floats(10_000, 2_000_000), r=st.floats(0.01, 0.2))
def test_pay_per_use_grows_with_the_months_and_the_full_year_does_not(p, r):
    u = loans.usage_cost(p, {"全年": (r, "全年计息"), "随用": (r, "按用款计息")})
    used = u.table["随用"]
    assert used.is_monotonic_increasing and u.table["全年"].nunique() == 1
    assert used.loc[12] == pytest.approx(u.table.loc[1, "全年"])       # 用满 12 个月，两种口径一样
    for m in (1, 6, 12):                                                # 逐月按分取整：和 p × r × m ÷ 12 差不到 1 分一期
        assert abs(used.loc[m] - p * r * m / 12) <= 0.01 * m
