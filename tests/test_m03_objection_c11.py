"""m03-c11：嫌货人的成交率与 Wilson 区间（手算核对）。"""
import math

import pytest

from coursekit.errors import InputError
from coursekit.marketing import objection_buyer_rates


def test_rates_and_wilson_interval_by_hand():
    t = objection_buyer_rates({"提出异议": (64, 22), "没提异议": (96, 9)})
    assert t["组别"].tolist() == ["提出异议", "没提异议"]
    assert t["成交率"].tolist() == [22 / 64, 9 / 96]
    # 手算 22/64：p = 0.34375，z² = 3.8416，n = 64
    p, n, z2 = 0.34375, 64, 1.96 ** 2
    denom = 1 + z2 / n                                   # 1.060025
    centre = (p + z2 / 128) / denom                       # (0.34375 + 0.030013) / 1.060025 = 0.352598
    half = 1.96 * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denom
    assert centre == pytest.approx(0.352598, abs=1e-6)
    assert t.loc[0, "区间下限"] == pytest.approx(centre - half) and t.loc[0, "区间下限"] == pytest.approx(0.2392, abs=1e-4)
    assert t.loc[0, "区间上限"] == pytest.approx(0.4660, abs=1e-4)


def test_zero_and_full_stay_in_unit_interval_and_interval_widens_with_fewer_people():
    t = objection_buyer_rates({"全没成": (5, 0), "全成": (5, 5)})
    assert t.loc[0, "区间下限"] == 0 and 0 < t.loc[0, "区间上限"] < 1
    assert t.loc[1, "区间上限"] == 1 and 0 < t.loc[1, "区间下限"] < 1
    small = objection_buyer_rates({"a": (15, 6)}).iloc[0]
    big = objection_buyer_rates({"a": (150, 60)}).iloc[0]
    assert small["成交率"] == big["成交率"] == 0.4
    assert small["区间上限"] - small["区间下限"] > big["区间上限"] - big["区间下限"]


@pytest.mark.parametrize("groups", [{}, {"a": (0, 0)}, {"a": (5, 6)}, {"a": (5,)}, {"": (5, 1)}, {"a": "5,1"}, [("a", 5, 1)]])
def test_bad_groups_raise(groups):
    with pytest.raises(InputError):
        objection_buyer_rates(groups)


def test_bad_z_raises():
    with pytest.raises(InputError):
        objection_buyer_rates({"a": (5, 1)}, z=0)
