"""m03-c12：从纸杯估门店销售额（手算核对）。"""
import pytest

from coursekit.errors import InputError
from coursekit.marketing import cup_count_sales


def test_hand_computed_estimate_and_gap():
    s = cup_count_sales(30, staff_cups_per_day=10, cups_per_group=2.5, close_rate=0.12, avg_order=15_000,
                        open_days=330, claimed_sales=8_000_000)
    # (30 − 10) ÷ 2.5 = 8 组/天；8 × 330 = 2,640 组；× 12% = 316.8 单；× 1.5 万元 = 475.2 万元
    assert s["来客组数/天"] == 8 and s["年来客组数"] == 2_640
    assert s["年订单"] == pytest.approx(316.8) and s["年销售额"] == pytest.approx(4_752_000)
    assert s["自报未解释部分"] == pytest.approx(3_248_000)


def test_no_claim_no_gap_and_more_staff_cups_lower_estimate():
    a = cup_count_sales(30, staff_cups_per_day=10, cups_per_group=2.5, close_rate=0.12, avg_order=15_000)
    b = cup_count_sales(30, staff_cups_per_day=15, cups_per_group=2.5, close_rate=0.12, avg_order=15_000)
    assert "自报未解释部分" not in a.index and b["年销售额"] < a["年销售额"]
    assert cup_count_sales(10, staff_cups_per_day=10, cups_per_group=2, close_rate=0.5, avg_order=1)["年销售额"] == 0


@pytest.mark.parametrize("kw", [dict(staff_cups_per_day=40), dict(cups_per_group=0), dict(close_rate=1.5),
                                dict(avg_order=-1), dict(open_days=0), dict(claimed_sales=-5)])
def test_bad_inputs_raise(kw):
    base = dict(staff_cups_per_day=10, cups_per_group=2.5, close_rate=0.12, avg_order=15_000)
    base.update(kw)
    with pytest.raises(InputError):
        cup_count_sales(30, **base)
