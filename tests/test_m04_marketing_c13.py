"""代发单位现场活动一个时段的接待与转化（marketing.onsite_slot_reach）：手算的例子与不变量。"""
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from coursekit import marketing as mk
from coursekit.errors import InputError

ROSTER = pd.DataFrame({"分群": ["月光族", "普通员工", "骨干"], "人数": [16, 36, 9]})
BASE = {"月光族": 1 / 16, "普通员工": 0.75, "骨干": 1.0}
CONV = {"月光族": 0.35, "普通员工": 0.45, "骨干": 0.5}


def test_capacity_binds_and_splits_in_proportion():
    r = mk.onsite_slot_reach(ROSTER, BASE, {"月光族": 0.85, "普通员工": 0.8, "骨干": 0.5}, CONV,
                             officers=3, minutes=60, minutes_per_person=15, hour_cost=125, travel_hours=0.5,
                             gift_per_person=20).set_index("分群")
    # 过路卡 15、9、0；在场 12.75、7.2；上限 3 × 60 ÷ 15 = 12，按 12 ÷ 19.95 等比例接待
    assert r.attrs["接待上限"] == 12
    assert r.loc["月光族", "接待"] == pytest.approx(12.75 * 12 / 19.95)
    assert r.loc["普通员工", "转成主账户"] == pytest.approx(7.2 * 12 / 19.95 * 0.45)
    assert r.loc["骨干", "过路卡"] == 0 and r.loc["骨干", "转过来的比例"] == 0
    # 成本：3 人 ×（1 ＋ 0.5）小时 × 125 元 ＋ 12 人 × 20 元 = 562.5 ＋ 240
    assert r.attrs["时段成本"] == pytest.approx(802.5)


def test_capacity_not_binding_serves_everyone_present():
    r = mk.onsite_slot_reach(ROSTER, BASE, {"月光族": 0.2, "普通员工": 0.4, "骨干": 1.0}, CONV,
                             officers=3, minutes=120, minutes_per_person=15).set_index("分群")
    assert r.loc["月光族", "接待"] == pytest.approx(3.0) and r.loc["普通员工", "接待"] == pytest.approx(3.6)
    assert r.loc["月光族", "转过来的比例"] == pytest.approx(3.0 * 0.35 / 15)
    assert r.attrs["时段成本"] == 0


@settings(max_examples=80, deadline=None)
@given(st.floats(0, 1), st.floats(0, 1), st.integers(1, 8), st.floats(10, 240), st.floats(1, 60))
def test_never_serves_more_than_present_or_capacity(p1, p2, officers, minutes, per):
    r = mk.onsite_slot_reach(ROSTER, BASE, {"月光族": p1, "普通员工": p2, "骨干": 0.3}, CONV,
                             officers=officers, minutes=minutes, minutes_per_person=per)
    assert (r["接待"] <= r["在场"] + 1e-9).all() and (r["在场"] <= r["过路卡"] + 1e-9).all()
    assert r["接待"].sum() <= r.attrs["接待上限"] + 1e-9
    assert r["转过来的比例"].between(0, 1).all()


@pytest.mark.parametrize("kwargs, field", [
    ({"officers": 0}, "客户经理人数"),
    ({"minutes": 0}, "时段长度"),
    ({"minutes_per_person": 0.5}, "每接待一人的分钟数"),
    ({"hour_cost": -1}, "人力成本"),
    ({"gift_per_person": 20_000}, "礼品"),
])
def test_bad_inputs_name_the_field(kwargs, field):
    args = dict(officers=3, minutes=60, minutes_per_person=15)
    args.update(kwargs)
    with pytest.raises(InputError) as e:
        mk.onsite_slot_reach(ROSTER, BASE, {"月光族": 0.5, "普通员工": 0.5, "骨干": 0.5}, CONV, **args)
    assert field in str(e.value)


def test_missing_segment_in_presence_is_named():
    with pytest.raises(InputError) as e:
        mk.onsite_slot_reach(ROSTER, BASE, {"月光族": 0.5}, CONV, officers=3, minutes=60, minutes_per_person=15)
    assert "在场比例" in str(e.value)


def test_slot_view_moves_presence_of_the_key_segment():
    from coursekit.widgets.marketing import OnsiteSlotView

    slots = {"晚班": {"presence": {"月光族": 0.6, "普通员工": 0.6, "骨干": 0.3}, "officers": 3, "minutes": 90,
                     "minutes_per_person": 15},
             "早班": {"presence": {"月光族": 0.85, "普通员工": 0.8, "骨干": 0.5}, "officers": 3, "minutes": 60,
                     "minutes_per_person": 15}}
    w = OnsiteSlotView(ROSTER, BASE, slots, CONV, key="晚班", segment="月光族", costs={"hour_cost": 125})
    t = w.result.set_index("时段")
    assert t.loc["晚班", "接待"] == pytest.approx(9 + 5.4)          # 15 × 0.6 ＋ 9 × 0.6，未到上限 18
    w.controls["在场比例"].value = 0.0
    t = w.result.set_index("时段")
    assert t.loc["晚班", "转成主账户"] == pytest.approx(5.4 * 0.45) and w.error is None
