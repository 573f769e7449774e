"""m04-c10：一波申请涌进来时的排队、走掉和办完（手算的例子）。"""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coursekit import marketing
from coursekit.errors import InputError


def test_hand_computed_queue():
    # 第 1 天来 30 份，每天办 10 份；没办到的每天走掉一半
    r = marketing.application_burst([30], 10, drop_per_day=0.5, approve_rate=0.8)
    # 第 1 天：办 10，剩 20 走 10 → 10；第 2 天：办 10，剩 0
    assert r["办完"].tolist() == [10, 10] and r["走掉"].tolist() == [10, 0]
    assert r.attrs["办完"] == 20 and r.attrs["批下来"] == pytest.approx(16) and r.attrs["走掉的比例"] == pytest.approx(1 / 3)
    assert r.attrs["排空天数"] == 2
    # 等待：第 1 天办的 10 份等 0 天，第 2 天办的 10 份等 1 天 → 平均 0.5 天
    assert r.attrs["平均等待天数"] == pytest.approx(0.5)


def test_spreading_the_notice_avoids_the_queue():
    burst = marketing.application_burst(60, 20, drop_per_day=0.1)
    spread = marketing.application_burst(60, 20, drop_per_day=0.1, spread_days=3)
    assert spread["新来"].tolist()[:3] == [20, 20, 20]
    assert spread.attrs["走掉"] == 0 and burst.attrs["走掉"] > 0


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, 80), min_size=1, max_size=10), st.integers(1, 40), st.floats(0, 0.5))
def test_everyone_is_either_served_gone_or_still_waiting(arr, cap, drop):
    r = marketing.application_burst(arr, cap, drop_per_day=drop)
    assert r.attrs["办完"] + r.attrs["走掉"] + r["剩下"].iloc[-1] == pytest.approx(sum(arr), abs=1e-6)
    assert (r["办完"] <= cap + 1e-9).all()


def test_refuses_bad_input():
    with pytest.raises(InputError, match="每天走掉的比例"):
        marketing.application_burst([10], 5, drop_per_day=1.5)
    with pytest.raises(InputError, match="每天的申请"):
        marketing.application_burst("十份", 5, drop_per_day=0.1)
    with pytest.raises(InputError, match="分几天通知"):
        marketing.application_burst(10, 5, drop_per_day=0.1, spread_days=0)


def test_burst_queue_view():
    from coursekit.widgets.marketing import BurstQueueView

    w = BurstQueueView(60, capacity=20, drop_per_day=0.1)
    assert w.result.attrs["走掉"] > 0
    w.controls["分几天通知"].value = 3
    assert w.result.attrs["走掉"] == 0 and w.unexpected is None
