"""m02-c33：加装电梯按楼层分摊、谁要借、月供占收入（手算的例子）。"""
from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from coursekit import loans, marketing
from coursekit.errors import InputError


def _unit():
    return pd.DataFrame({"户号": ["101", "201", "301", "302"], "楼层": [1, 2, 3, 3],
                         "手头可用": [0, 10_000, 5_000, 50_000], "月收入": [3_000, 4_000, 2_000, 8_000]})


def test_floor_weights():
    assert marketing.floor_weights(3, ground=0.1, second=0.6, step=0.3) == {1: 0.1, 2: 0.6, 3: 0.9}
    with pytest.raises(InputError, match="最高楼层"):
        marketing.floor_weights(1)


def test_hand_computed_shares_and_loans():
    w = {1: 0.0, 2: 0.5, 3: 1.0}
    r = marketing.elevator_share_plan(_unit(), 150_000, weights=w, subsidy=25_000, annual_rate=0.0, months=10,
                                      max_share=0.3).set_index("户号")
    # 系数合计 0 + 0.5 + 1 + 1 = 2.5；每个系数 (15 万 − 2.5 万) ÷ 2.5 ＝ 5 万
    assert r.attrs["每个系数分摊"] == pytest.approx(50_000)
    assert r.loc["201", "每户分摊"] == pytest.approx(25_000) and r.loc["201", "需贷款"] == pytest.approx(15_000)
    # 301：分摊 5 万，手头 5,000，借 4.5 万；零利率 10 期，月供 4,500，占收入 225%，超线
    assert r.loc["301", "月供"] == pytest.approx(4_500) and r.loc["301", "超线"]
    assert r.loc["302", "需贷款"] == 0 and r.loc["101", "每户分摊"] == 0
    assert r.attrs["贷款户数"] == 2 and r.attrs["贷款合计"] == pytest.approx(60_000) and r.attrs["超线户数"] == 2


def test_payment_is_the_annuity():
    r = marketing.elevator_share_plan(_unit(), 150_000, weights={1: 0, 2: 0.5, 3: 1}, annual_rate=0.042, months=36)
    row = r.set_index("户号").loc["201"]
    assert row["月供"] == pytest.approx(loans.payment_for(row["需贷款"], 0.042, 36))


@given(st.floats(0, 1), st.floats(0, 1))
def test_shares_add_up_to_cost_less_subsidy(ground, step):
    w = marketing.floor_weights(3, ground=ground, second=0.5, step=step)
    r = marketing.elevator_share_plan(_unit(), 150_000, weights=w, subsidy=30_000, annual_rate=0.04, months=36)
    assert r["每户分摊"].sum() == pytest.approx(120_000)


def test_refuses_bad_input():
    with pytest.raises(InputError, match="分摊系数"):
        marketing.elevator_share_plan(_unit(), 1, weights={1: 0, 2: 1}, annual_rate=0.04, months=12)
    with pytest.raises(InputError, match="政府补贴"):
        marketing.elevator_share_plan(_unit(), 100, weights={1: 0, 2: 1, 3: 1}, subsidy=200, annual_rate=0.04,
                                      months=12)
    with pytest.raises(InputError, match="户号"):
        marketing.elevator_share_plan(_unit().assign(户号=["1", "1", "2", "3"]), 100, weights={1: 0, 2: 1, 3: 1},
                                      annual_rate=0.04, months=12)


def test_elevator_share_view_moves_the_scheme():
    from coursekit.widgets.marketing import ElevatorShareView

    w = ElevatorShareView(_unit(), 150_000, subsidy=25_000, annual_rate=0.0, months=12, ground=0.0, second=0.5,
                          step=0.5)
    first = w.result.set_index("户号").loc["101", "每户分摊"]
    assert first == 0
    w.controls["一楼系数"].value = 0.5
    assert w.result.set_index("户号").loc["101", "每户分摊"] > 0 and w.unexpected is None
    w.controls["期限（年）"].value = 5
    assert (w.result["月供"] <= w.result["需贷款"] / 60 + 1e-6).all()
