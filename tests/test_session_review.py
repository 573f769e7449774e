"""培训办到一半的逐期复盘：手算例子、累计与边际、性质与坏输入。"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coursekit import marketing as mk
from coursekit.errors import InputError


def _six():
    return pd.DataFrame({"期次": [1, 2, 3, 4, 5, 6], "到场人数": [52, 48, 45, 41, 44, 46],
                         "首次到场人数": [52, 21, 12, 7, 5, 3], "申请": [6, 3, 2, 1, 1, 0], "批准": [5, 2, 2, 1, 0, 0],
                         "费用": [4_000] * 6, "投入人天": [2] * 6})


def test_hand_example():
    r = mk.session_review(_six(), day_cost=1_000).set_index("期次")
    assert r.loc[2, "回头人数"] == 27 and math.isclose(r.loc[2, "新面孔占比"], 21 / 48)
    assert r.loc[1, "全部成本"] == 6_000 and r.loc[1, "每户批准的成本"] == 1_200
    assert r.loc[4, "每户批准的成本"] == 6_000 and math.isinf(r.loc[6, "每户批准的成本"])
    # 累计到第 6 期：36,000 元 ÷ 10 户
    assert r.loc[6, "累计每户批准的成本"] == 3_600


def test_no_approval_yet_is_infinite():
    t = _six().assign(批准=[0, 0, 0, 1, 0, 0], 申请=[1, 1, 1, 1, 1, 0])
    r = mk.session_review(t)
    assert math.isinf(r["累计每户批准的成本"].iloc[0]) and r["累计每户批准的成本"].iloc[3] == 24_000


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 60), st.integers(0, 60), st.integers(0, 60)), min_size=1, max_size=12))
def test_cumulative_is_total_cost_over_total_approvals(rows):
    att = [a for a, _, _ in rows]
    new = [min(n, a) for a, n, _ in rows]
    ok = [min(k, n) for (_, _, k), n in zip(rows, new)]
    t = pd.DataFrame({"期次": range(1, len(rows) + 1), "到场人数": att, "首次到场人数": new, "批准": ok,
                      "费用": [3_000] * len(rows), "投入人天": [1.5] * len(rows)})
    r = mk.session_review(t)
    total = 4_500 * len(rows)
    last = r["累计每户批准的成本"].iloc[-1]
    assert (math.isinf(last) if sum(ok) == 0 else math.isclose(last, total / sum(ok)))
    assert (r["回头人数"] >= 0).all() and ((r["新面孔占比"] >= 0) & (r["新面孔占比"] <= 1)).all()


@pytest.mark.parametrize("change, field", [({"首次到场人数": [60, 21, 12, 7, 5, 3]}, "首次到场人数"),
                                           ({"批准": [7, 2, 2, 1, 0, 0]}, "批准"),
                                           ({"期次": [1, 1, 3, 4, 5, 6]}, "期次"),
                                           ({"费用": [-1, 0, 0, 0, 0, 0]}, "费用"),
                                           ({"到场人数": [52.5, 48, 45, 41, 44, 46]}, "到场人数")])
def test_bad_tables(change, field):
    with pytest.raises(InputError) as e:
        mk.session_review(_six().assign(**change))
    assert field in str(e.value)
