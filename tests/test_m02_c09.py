"""all_in_borrowing_cost 与 AllInCostView：利息之外的过桥、人情、误工（m02-c09 多少伤心事，尽在不言中）。数值为手算。"""
import pytest

from coursekit import loans
from coursekit.errors import InputError

OURS = {"rate": 0.0435, "billing": "全年计息", "bridge_days": 5, "bridge_daily_rate": 0.001, "favour_cost": 2_000,
        "paperwork_days": 3}
THEIRS = {"rate": 0.052, "billing": "按用款计息", "paperwork_days": 0.5}


def test_hand_computed_all_in_cost():
    r = loans.all_in_borrowing_cost(300_000, {"本行": OURS, "他行": THEIRS}, used_months=5).set_index("产品")
    # 本行：300000×4.35% = 13050；过桥 300000×0.001×5 = 1500；人情 2000；误工 3×300 = 900；合计 17450
    assert r.loc["本行", "利息"] == pytest.approx(13_050) and r.loc["本行", "过桥费用"] == pytest.approx(1_500)
    assert r.loc["本行", "合计"] == pytest.approx(17_450) and r.loc["本行", "利息以外"] == pytest.approx(4_400)
    # 用上的钱 300000×5/12 = 125000：17450/125000 = 13.96%
    assert r.loc["本行", "折合年化"] == pytest.approx(0.1396)
    # 他行：300000×5.2%×5/12 = 6500；误工 0.5×300 = 150
    assert r.loc["他行", "合计"] == pytest.approx(6_650) and r.loc["他行", "折合年化"] == pytest.approx(0.0532)


def test_full_year_user_sees_a_small_gap_and_day_value_scales_time():
    r = loans.all_in_borrowing_cost(300_000, {"本行": OURS, "他行": THEIRS}, used_months=12,
                                    day_value=500).set_index("产品")
    # 他行 12 个月：15600 + 0.5×500 = 15850；本行：13050 + 1500 + 2000 + 1500 = 18050
    assert r.loc["他行", "合计"] == pytest.approx(15_850) and r.loc["本行", "合计"] == pytest.approx(18_050)
    assert r.loc["本行", "折合年化"] == pytest.approx(18_050 / 300_000)


@pytest.mark.parametrize("products, months, field", [
    ({"本行": {**OURS, "bridge_daily_rate": 0.1}}, 5, "过桥日息"),
    ({"本行": {**OURS, "rate": 4.35}}, 5, "年利率"),
    ({"本行": {**OURS, "billing": "先息后本"}}, 5, "计息口径"),
    ({"本行": {**OURS, "favour": 1}}, 5, "不认识"),
    ({"本行": {"billing": "全年计息"}}, 5, "年利率"),
    ({"本行": OURS}, 0, "用款月数"),
    ({"本行": OURS}, 13, "用款月数"),
    ({"本行": {**OURS, "favour_cost": -1}}, 5, "人情花费"),
])
def test_bad_input_names_the_field(products, months, field):
    with pytest.raises(InputError, match=field):
        loans.all_in_borrowing_cost(300_000, products, used_months=months)


def test_widget_sliders_move_only_the_key_product():
    from coursekit.widgets.loans import AllInCostView

    v = AllInCostView(300_000, {"本行": OURS, "他行": THEIRS}, key="本行", used_months=5)
    assert v.result.set_index("产品").loc["本行", "合计"] == pytest.approx(17_450)
    v.controls["人情花费"].value = 0
    v.controls["过桥天数"].value = 0
    r = v.result.set_index("产品")
    assert r.loc["本行", "合计"] == pytest.approx(13_950) and r.loc["他行", "合计"] == pytest.approx(6_650)
    with pytest.raises(InputError, match="产品"):
        AllInCostView(300_000, {"本行": OURS}, key="别家")
