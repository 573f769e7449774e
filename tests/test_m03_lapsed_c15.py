"""marketing.lapsed_depositors: hand-computed values on a three-person bank."""
import pandas as pd
import pytest

from coursekit import marketing
from coursekit.errors import InputError


def _bank():
    return {
        "outcomes": pd.DataFrame({"person_id": ["A", "B", "C", "D"],
                                  "deposit_2024_12": [100_000.0, 10_000.0, 50_000.0, 80_000.0],
                                  "deposit_2025_06": [60_000.0, 7_000.0, 45_000.0, 10_000.0]}),
        "population": pd.DataFrame({"person_id": ["A", "B", "C", "D"], "name": ["甲", "乙", "丙", "丁"],
                                    "kind": ["农户", "工薪", "农户", "工薪"], "cluster_id": ["K1", "K1", "K2", "K2"],
                                    "is_customer": [True, True, True, False]}),
        "activity_log": pd.DataFrame({"date": ["2024-10-01", "2024-11-01", "2024-10-05"],
                                      "person_id": ["A", "A", "B"], "manager_id": ["M1", "M2", "M3"],
                                      "step": ["拜访", "跟进", "拜访"]}),
        "settlement": pd.DataFrame({"customer_id": ["A", "A"], "inflow": [20_000.0, 40_000.0]}),
    }


def test_hand_computed_list():
    r = marketing.lapsed_depositors(_bank(), drop=0.30, spread=0.02, win_rate=0.5, call_cost=100)
    # A falls 40%, B exactly 30% (kept), C 10% (out), D is not a customer (out)
    assert list(r["编号"]) == ["A", "B"]
    a, b = r.iloc[0], r.iloc[1]
    assert a["流走的存款"] == pytest.approx(40_000) and a["一年少赚的利差"] == pytest.approx(800)
    assert a["电话值多少"] == pytest.approx(400) and bool(a["值得打电话"])
    assert a["降幅"] == pytest.approx(0.4) and a["2024 年结算月均流入"] == pytest.approx(30_000)
    assert a["最后接触步骤"] == "跟进" and a["接触经理"] == "M2" and bool(a["接触后有人跟进"])
    assert b["一年少赚的利差"] == pytest.approx(60) and b["电话值多少"] == pytest.approx(30)
    assert not bool(b["值得打电话"]) and b["2024 年结算月均流入"] == 0 and b["最后接触步骤"] == "拜访"
    assert not bool(b["接触后有人跟进"])


def test_empty_when_nobody_falls_far():
    r = marketing.lapsed_depositors(_bank(), drop=0.95)
    assert r.empty and "值得打电话" in r.columns


@pytest.mark.parametrize("kw", [{"drop": 0}, {"drop": 1.0}, {"spread": 0.5}, {"win_rate": 1.5},
                                {"call_cost": -1}, {"drop": "三成"}])
def test_bad_inputs(kw):
    with pytest.raises(InputError):
        marketing.lapsed_depositors(_bank(), **kw)


def test_missing_table():
    b = _bank()
    del b["settlement"]
    with pytest.raises(InputError, match="settlement"):
        marketing.lapsed_depositors(b)
