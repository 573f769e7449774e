"""实物记录角度（领用单、饲料、计件工资 × 单位产出）：手算例子、性质测试、坏输入。"""
from __future__ import annotations

import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coursekit.errors import InputError
from coursekit.restoration import (from_excel, physical_records_table, required_quantity, restore,
                                   sales_per_physical_unit, to_excel)

# 申报销售额 1,000,000 元的小厂（数字取整便于手算）
BASE = {
    "名称": "测试纸箱厂",
    "经营资产": {"现金": 10_000, "存货": 60_000, "固定资产": 80_000},
    "产品": [{"名称": "纸箱", "销售额": 1_000_000, "毛利率": 0.25}],
    "月成本": {"工资": 6_000},
}


def borrower(evidence):
    data = copy.deepcopy(BASE)
    data["交叉检验资料"] = evidence
    return data


def check(ws, cid):
    return next((c for c in ws.checks() if c.id == cid), None)


def test_physical_angle_by_hand():
    # 领用 125 吨 × 6,400 元/吨 = 800,000；偏差 (1,000,000 − 800,000) ÷ 800,000 = 25%，不通过
    # 做出申报额要 1,000,000 ÷ 6,400 = 156.25 吨，比领用单多 31.25 吨
    ws = restore(borrower({"实物记录年用量": 125, "每单位实物销售额": 6_400}))
    c = check(ws, "sales_physical")
    assert c.deviation == pytest.approx(0.25)
    assert c.verdict == "不通过"
    assert c.figures["本角度推算"] == pytest.approx(800_000)
    assert c.figures["做出申报额需要的实物量"] == pytest.approx(156.25)
    assert c.figures["实物缺口"] == pytest.approx(31.25)
    assert "实物" in c.explanation
    angles = ws.sales_angles()
    assert list(angles["角度"]) == ["申报", "实物记录 × 单位产出"]


def test_physical_angle_absent_without_both_inputs():
    assert check(restore(borrower({"实物记录年用量": 125})), "sales_physical") is None
    assert check(restore(borrower({"每单位实物销售额": 6_400})), "sales_physical") is None


def test_physical_angle_corroborates_like_any_document_angle():
    # 流水 800,000（全部走账）与领用 100 吨 × 8,000 = 800,000 都比申报低 25%：两个角度不通过、彼此印证，
    # 印证的销售额 = 中位数 800,000，还款能力默认按它测算
    ws = restore(borrower({"银行流水年入账": 800_000, "现金收款比例": 0.0,
                           "实物记录年用量": 100, "每单位实物销售额": 8_000}))
    basis = ws.sales_basis()
    assert set(basis.failed) == {"sales_bank", "sales_physical"}
    assert set(basis.agreeing) == {"sales_bank", "sales_physical"}
    assert basis.corroborated == pytest.approx(800_000)
    assert basis.use_corroborated
    assert "实物记录" in basis.explain()


def test_unit_output_by_hand():
    # 出成率：1 吨原纸做 1,050 平方米纸板，每平方米 6.1 元 → 每吨 6,405 元
    assert sales_per_physical_unit(6.1, output_per_unit=1_050) == pytest.approx(6_405)
    # 单耗：料肉比 2.5，出栏 15 元/公斤 → 每公斤饲料 6 元销售额；40 吨饲料 → 240,000 元
    assert sales_per_physical_unit(15, input_per_output=2.5) == pytest.approx(6.0)
    # 计件：每件计件 2 元、售价 30 元 → 每元工资 15 元销售额
    assert sales_per_physical_unit(30, input_per_output=2) == pytest.approx(15.0)
    # 做出 600 万元要 6,000,000 ÷ 6,400 = 937.5 吨
    assert required_quantity(6_000_000, 6_400) == pytest.approx(937.5)


@settings(max_examples=60, deadline=None)
@given(st.floats(0.01, 1e5), st.floats(0.01, 1e4), st.floats(0, 1e7))
def test_yield_and_unit_consumption_agree_and_quantity_round_trips(price, ratio, sales):
    a = sales_per_physical_unit(price, output_per_unit=ratio)
    b = sales_per_physical_unit(price, input_per_output=1 / ratio)
    assert a == pytest.approx(b, rel=1e-9)
    assert required_quantity(sales, a) * a == pytest.approx(sales, rel=1e-9, abs=1e-6)


@settings(max_examples=30, deadline=None)
@given(st.floats(1, 5_000), st.floats(100, 20_000), st.floats(1.01, 3))
def test_higher_unit_output_never_raises_the_deviation(quantity, unit, bump):
    # 单位产出调高（借款人“我们做的是高档货”），推算的销售额只会变大，申报的偏差只会变小
    low = check(restore(borrower({"实物记录年用量": quantity, "每单位实物销售额": unit})), "sales_physical")
    high = check(restore(borrower({"实物记录年用量": quantity, "每单位实物销售额": unit * bump})), "sales_physical")
    assert high.figures["本角度推算"] > low.figures["本角度推算"]
    assert high.deviation < low.deviation


def test_bad_inputs_name_the_field():
    with pytest.raises(InputError, match="每单位实物销售额"):
        restore(borrower({"实物记录年用量": 100, "每单位实物销售额": 0}))
    with pytest.raises(InputError, match="实物记录年用量"):
        restore(borrower({"实物记录年用量": -1, "每单位实物销售额": 100}))
    with pytest.raises(InputError, match="单位产出"):
        sales_per_physical_unit(10)
    with pytest.raises(InputError, match="单位产出"):
        sales_per_physical_unit(10, output_per_unit=2, input_per_output=0.5)
    with pytest.raises(InputError, match="单耗"):
        sales_per_physical_unit(10, input_per_output=0)
    with pytest.raises(InputError, match="产品售价"):
        sales_per_physical_unit("十元", output_per_unit=2)
    with pytest.raises(InputError, match="每单位实物销售额"):
        required_quantity(100, -5)


def test_excel_round_trip_keeps_the_physical_record(tmp_path):
    ws = restore(borrower({"实物记录年用量": 125, "每单位实物销售额": 6_400}))
    path = tmp_path / "底稿.xlsx"
    to_excel(ws, path)
    back = from_excel(path)
    assert back.borrower.evidence.physical_quantity == 125
    assert check(back, "sales_physical").deviation == pytest.approx(0.25)


def test_records_table_lists_the_angles_the_course_names():
    names = set(physical_records_table()["实物记录"])
    assert {"原材料领用单", "饲料领用", "燃油", "包装物", "计件工资", "用电量"} <= names
