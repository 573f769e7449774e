"""restoration.invoice_analysis：发票数据一层层拆开（手算例子、性质测试、坏输入）。"""
from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coursekit.errors import InputError
from coursekit.restoration import invoice_analysis

# 宏晟建材贸易（m09-c09）的开票与流水
HS = pd.DataFrame({
    "购买方": ["晟达物资", "宏远建设工程", "振华物流", "青禾县城建工程队", "经开区厂房工程", "东岭镇装修公司", "南坪镇建材零售户"],
    "开票金额": [4_200_000, 3_300_000, 1_100_000, 1_800_000, 1_300_000, 1_200_000, 900_000],
    "红冲金额": [1_500_000, 600_000, 0, 0, 0, 0, 0],
    "关联": [True, True, True, False, False, False, False],
    "流水转入": [2_600_000, 2_300_000, 1_500_000, 1_760_000, 1_250_000, 1_150_000, 890_000],
    "回流": [2_550_000, 2_200_000, 1_450_000, 0, 0, 0, 0],
})


def test_invoice_layers_by_hand():
    # 开票 1,380 万，红冲 210 万 → 有效 1,170 万；关联方有效 270 + 270 + 110 = 650 万（55.6%）；非关联 520 万
    # 最大购买方 270 ÷ 1,170 = 23.1%；前三大 (270 + 270 + 180) ÷ 1,170 = 61.5%；红冲占 210 ÷ 1,380 = 15.2%
    # 税款 58,500 ÷ 1,170 万 = 0.5%，参考值 1%（示意）
    r = invoice_analysis(HS, taxes_paid=58_500, tax_norm=0.01)
    s = r.summary
    assert s.loc["关联方", "开票金额"] == 8_600_000 and s.loc["关联方", "红冲金额"] == 2_100_000
    assert s.loc["关联方", "流水转入"] == 6_400_000 and s.loc["关联方", "回流"] == 6_200_000
    assert s.loc["非关联方", "有效开票"] == 5_200_000 and s.loc["合计", "流水转入"] == 11_450_000
    assert r.issued == 13_800_000 and r.effective == 11_700_000 and r.credible == 5_200_000
    assert r.related_share == pytest.approx(6.5 / 11.7) and r.cancelled_share == pytest.approx(2.1 / 13.8)
    assert r.top1_share == pytest.approx(2.7 / 11.7) and r.top3_share == pytest.approx(7.2 / 11.7)
    assert r.tax_burden == pytest.approx(0.005)
    b = r.by_buyer.set_index("购买方")
    assert b.loc["晟达物资", "票款差"] == 2_700_000 - 50_000
    flags = " ".join(r.flags())
    assert "红冲" in flags and "关联方" in flags and "晟达物资" in flags and "税负率" in flags
    assert "最大购买方" not in flags                                  # 23.1% 不到 30%


def test_optional_columns_default_to_zero():
    r = invoice_analysis(pd.DataFrame({"购买方": ["甲", "乙"], "开票金额": [300, 100]}))
    assert r.effective == 400 and r.related_share == 0 and r.top1_share == 0.75 and r.tax_burden is None
    assert r.by_buyer["票款差"].tolist() == [300, 100]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 10_000_000), st.floats(0, 1), st.booleans(), st.integers(0, 10_000_000)),
                min_size=1, max_size=10))
def test_layers_add_up(rows):
    df = pd.DataFrame([{"购买方": f"b{i}", "开票金额": a, "红冲金额": round(a * f), "关联": rel, "流水转入": flow}
                       for i, (a, f, rel, flow) in enumerate(rows)])
    r = invoice_analysis(df)
    assert r.effective + r.summary.loc["合计", "红冲金额"] == pytest.approx(r.issued)
    assert 0 <= r.credible <= r.effective + 1e-9
    assert r.summary.loc["合计", "有效开票"] == pytest.approx(r.effective)
    if r.effective > 0:
        assert r.by_buyer["占有效开票"].sum() == pytest.approx(1.0)
        assert r.top1_share <= r.top3_share <= 1 + 1e-12


def test_bad_inputs_name_the_field():
    with pytest.raises(InputError, match="开票数据"):
        invoice_analysis(pd.DataFrame({"购买方": ["甲"]}))
    with pytest.raises(InputError, match="甲 的开票金额"):
        invoice_analysis(pd.DataFrame({"购买方": ["甲"], "开票金额": [-1]}))
    with pytest.raises(InputError, match="甲 的红冲金额"):
        invoice_analysis(pd.DataFrame({"购买方": ["甲"], "开票金额": [100], "红冲金额": [150]}))
    with pytest.raises(InputError, match="甲 的回流"):
        invoice_analysis(pd.DataFrame({"购买方": ["甲"], "开票金额": [100], "流水转入": [10], "回流": [20]}))
    with pytest.raises(InputError, match="同行税负率参考值"):
        invoice_analysis(HS, tax_norm=3)
    with pytest.raises(InputError, match="晟达物资 的关联"):
        invoice_analysis(HS.assign(关联=["也许"] * 7))
    # 是 / 否 按字面解析，不按 Python 的真假规则
    r = invoice_analysis(HS.assign(关联=["是", "是", "是", "否", "否", "否", "否"]))
    assert r.credible == 5_200_000
