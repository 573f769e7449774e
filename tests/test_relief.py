"""纾困筛选（restoration.relief_test）：手算的面馆、不需要纾困的便利店、四种结论的分支、坏输入与不变量。"""
from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from coursekit import loans
from coursekit.errors import InputError
from coursekit.restoration import RELIEF_VERDICTS, relief_test, restore

RATE = 0.054


def _noodle(cash=20_000, deposit=50_000):
    """张记面馆：年销售 132 万元、毛利 55%，月费用 3.3 万元，家庭开支 6,000 元。"""
    return restore({"名称": "张记面馆", "产品": [{"名称": "面食", "销售额": 1_320_000, "毛利率": 0.55}],
                    "月成本": {"房租": 12_000, "工资": 15_000, "水电": 4_000, "其他费用": 2_000},
                    "家庭收支": {"家庭月支出": 6_000}, "经营资产": {"现金": cash, "存款": deposit}})


def test_noodle_shop_by_hand():
    t = relief_test(_noodle(), 150_000, 18, RATE, trough_factor=0.35, trough_months=3, recovery_factor=0.95)
    # 低谷：132 万 × 0.35 ÷ 12 × 55% = 21,175；减费用 33,000、家庭 6,000 → −17,825 元/月
    assert t.trough_disposable == pytest.approx(-17_825)
    assert t.payment_plan == pytest.approx(8_694.11, abs=0.01)
    assert t.payment_relief == pytest.approx(150_000 * RATE / 12)                    # 675 元
    assert t.gap_plan == pytest.approx(3 * (8_694.11 + 17_825), abs=0.05)            # ≈ 79,557
    assert t.gap_relief == pytest.approx(3 * (675 + 17_825))                         # 55,500
    assert t.cushion == 70_000 and not t.survives_plan and t.survives_relief
    # 恢复后：132 万 × 0.95 ÷ 12 × 55% − 33,000 − 6,000 = 18,475；上限 60% = 11,085；18 期月供 8,694 在上限内
    assert t.after.disposable_monthly == pytest.approx(18_475)
    assert t.after.installment_cap == pytest.approx(11_085)
    assert t.verdict == "给" and t.row()["纾困结论"] == "给"


def test_a_surplus_in_the_trough_is_netted_so_a_shop_that_does_not_need_relief_says_so():
    shop = restore({"名称": "便利店", "产品": [{"名称": "百货", "销售额": 2_400_000, "毛利率": 0.18}],
                    "月成本": {"房租": 6_000, "工资": 7_000, "水电": 1_500, "其他费用": 1_000},
                    "家庭收支": {"家庭月支出": 4_500}, "经营资产": {"现金": 30_000, "存款": 80_000}})
    t = relief_test(shop, 100_000, 18, RATE, trough_factor=0.95, trough_months=3, recovery_factor=1.0)
    # 低谷期每月仍剩 240 万 × 0.95 ÷ 12 × 18% − 20,000 = 14,200 元，多于月供：缺口为 0
    assert t.trough_disposable == pytest.approx(14_200)
    assert t.gap_plan == 0 and t.gap_relief == 0 and t.verdict == "不需要纾困"


def test_each_verdict_branch():
    thin = _noodle(cash=5_000, deposit=0)     # 家底 5,000 元：只付息也撑不过 3 个月的亏空
    assert relief_test(thin, 150_000, 18, RATE, trough_factor=0.35, trough_months=3,
                       recovery_factor=0.95).verdict == "宽限也撑不过低谷"
    # 恢复后只有五成：132 万 × 0.5 ÷ 12 × 55% − 39,000 = −8,750 元/月，恢复后也还不上
    assert relief_test(_noodle(), 150_000, 18, RATE, trough_factor=0.35, trough_months=3,
                       recovery_factor=0.5).verdict == "恢复后也还不上"
    # 宽限后只在 12 期里摊还 15 万元：月供约 1.28 万元，超过 11,085 元的上限 → 关注，要拉长摊还期
    short = relief_test(_noodle(), 150_000, 18, RATE, trough_factor=0.35, trough_months=3, recovery_factor=0.95,
                        amortize_months=12)
    assert short.after.payment == pytest.approx(loans.payment_for(150_000, RATE, 12))
    assert short.after.payment > short.after.installment_cap
    assert short.verdict == "给，但要拉长摊还期"


@pytest.mark.parametrize("kwargs, field", [
    ({"trough_factor": 1.2}, "低谷期销售额倍数"), ({"trough_months": 0}, "低谷月数"),
    ({"recovery_factor": -0.1}, "恢复后销售额倍数"), ({"amortize_months": 0}, "宽限期后摊还期数"),
])
def test_bad_inputs_name_the_field(kwargs, field):
    args = {"trough_factor": 0.35, "trough_months": 3, "recovery_factor": 0.95} | kwargs
    with pytest.raises(InputError) as e:
        relief_test(_noodle(), 150_000, 18, RATE, **args)
    assert e.value.field == field


def test_a_percent_typed_as_a_whole_number_is_refused():
    with pytest.raises(InputError) as e:
        relief_test(_noodle(), 150_000, 18, 5.4, trough_factor=0.35, trough_months=3, recovery_factor=0.95)
    assert e.value.field == "年利率"


@given(trough=st.floats(0, 1), months=st.integers(1, 12), recovery=st.floats(0.3, 1.2),
       n=st.integers(3, 60), principal=st.floats(10_000, 1_000_000))
def test_interest_only_never_widens_the_gap_and_the_verdict_follows_the_numbers(trough, months, recovery, n,
                                                                                principal):
    t = relief_test(_noodle(), principal, n, RATE, trough_factor=trough, trough_months=months,
                    recovery_factor=recovery)
    assert 0 <= t.gap_relief <= t.gap_plan + 1e-9
    assert t.verdict in RELIEF_VERDICTS
    assert (t.verdict == "不需要纾困") == t.survives_plan
    if t.verdict == "给":
        assert t.after.verdict == "通过" and t.survives_relief
