"""restoration.loan_hindsight：当时的测算与真实月份里的现金，手算的例子。"""
import pandas as pd
import pytest

from coursekit import loans
from coursekit.errors import InputError
from coursekit.restoration import loan_hindsight


def test_zero_rate_example_by_hand():
    # 预计月均 10,000 元，上限六成 6,000 元；零利率 20 个月，最高可贷 6,000 × 20 = 120,000 元
    r = loan_hindsight([10_000, 10_000], {"甲": 100_000, "乙": 150_000}, annual_rate=0, months=20,
                       start_cash=1_000, actual=[2_000, 10_000])
    assert r.cap == 6_000 and r.room == 6_000 and r.max_loan == pytest.approx(120_000)
    t = r.table.set_index("方案")
    # 甲：月供 5,000 通过；现金 1,000 + 2,000 − 5,000 = −2,000，再 + 10,000 − 5,000 = 3,000
    assert t.loc["甲", "月供"] == 5_000 and t.loc["甲", "测算结论"] == "通过"
    assert r.paths["甲"].table["账上现金"].tolist() == [-2_000, 3_000]
    assert t.loc["甲", "最低账上现金"] == -2_000 and t.loc["甲", "为负月数"] == 1 and t.loc["甲", "期末现金"] == 3_000
    # 乙：月供 7,500 > 6,000 不通过；月供合计占月均 75%
    assert t.loc["乙", "测算结论"] == "不通过" and t.loc["乙", "月供合计占月均可支配收入"] == pytest.approx(0.75)
    assert r.paths["乙"].table["账上现金"].tolist() == [-4_500, -2_000]


def test_existing_payment_reduces_room_and_is_paid_every_month():
    # 上限 6,000，已有月供 2,000，留给新贷款 4,000；零利率 10 个月，最高可贷 40,000
    r = loan_hindsight([10_000] * 3, {"新": 40_000}, annual_rate=0, months=10, start_cash=0,
                       existing_payment=2_000)
    assert r.room == 4_000 and r.max_loan == pytest.approx(40_000)
    assert r.table["测算结论"].iloc[0] == "通过"
    # 不给 actual 时按预计收入走：每月 10,000 − 4,000 − 2,000 = 4,000
    assert r.paths["新"].table["账上现金"].tolist() == [4_000, 8_000, 12_000]
    assert r.table["月供合计占月均可支配收入"].iloc[0] == pytest.approx(0.6)


def test_room_never_negative_and_max_loan_zero():
    r = loan_hindsight([5_000, -1_000], {"甲": 10_000}, annual_rate=0.05, months=12, start_cash=0,
                       existing_payment=5_000)
    # 月均 2,000 × 0.6 = 1,200 < 已有月供 5,000：留给新贷款 0
    assert r.cap == pytest.approx(1_200) and r.room == 0 and r.max_loan == 0
    assert r.table["测算结论"].iloc[0] == "不通过"


def test_matches_loans_max_principal_and_schedule_with_interest():
    rate = 0.05
    r = loan_hindsight([11_945] * 12, {"申请": 500_000}, annual_rate=rate, months=36, start_cash=0)
    assert r.max_loan == pytest.approx(loans.max_principal(11_945 * 0.6, rate, 36))
    assert r.table["月供"].iloc[0] == pytest.approx(loans.payment_for(500_000, rate, 36), abs=0.01)
    # 月供 14,985.45 元：每月少 3,040.45 元，12 个月后为 −36,485.4 元
    assert r.paths["申请"].end_cash == pytest.approx(-(14_985.45 - 11_945) * 12, abs=0.1)


def test_start_cash_per_option_and_labels_kept():
    inc = pd.Series([1_000, 1_000], index=["2025-03", "2025-04"])
    r = loan_hindsight(inc, {"甲": 0, "乙": 0}, annual_rate=0.04, months=12, start_cash={"甲": 5, "乙": -5})
    assert r.paths["甲"].lowest_month == "2025-03" and r.paths["甲"].end_cash == 2_005
    assert r.paths["乙"].end_cash == 1_995 and r.table["月供"].tolist() == [0, 0]


def test_payment_schedule_shorter_than_path_stops():
    # 2 个月还清（零利率，每月 500），轨迹 4 个月：后两个月不再还款
    r = loan_hindsight([1_000] * 4, {"甲": 1_000}, annual_rate=0, months=2, start_cash=0)
    assert r.paths["甲"].table["还款"].tolist() == [500, 500, 0, 0]


@pytest.mark.parametrize("kwargs, field", [
    ({"expected": [], "loans": {"甲": 1}}, "预计每月可支配收入"),
    ({"expected": [1], "loans": {}}, "贷款方案"),
    ({"expected": [1], "loans": {"甲": -1}}, "本金（甲）"),
    ({"expected": [1], "loans": {"甲": 1}, "start_cash": {"乙": 0}}, "期初现金"),
    ({"expected": [1], "loans": {"甲": 1}, "max_share": 1.5}, "月供上限比例"),
    ({"expected": [1], "loans": {"甲": 1}, "existing_payment": -3}, "已有贷款月供"),
    ({"expected": [1], "loans": {"甲": 1}, "actual": []}, "实际每月可支配收入"),
    ({"expected": [1], "loans": {"甲": 1}, "months": 0}, "期限"),
])
def test_bad_input_names_the_field(kwargs, field):
    args = {"annual_rate": 0.05, "months": 12, "start_cash": 0, **kwargs}
    with pytest.raises(InputError) as e:
        loan_hindsight(args.pop("expected"), args.pop("loans"), **args)
    assert field in str(e.value)
