"""合作关系几年的账（contribution.relationship_ledger）：手算的例子与盈亏平衡点。"""
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from coursekit import contribution as ct
from coursekit.errors import InputError

YEARS = pd.DataFrame({"年份": [2021, 2022], "直接贡献": [40_000, 60_000], "转介绍贡献": [50_000, 150_000],
                      "损失": [0, 100_000], "投入": [40_000, 50_000]})


def test_hand_computed_without_discount():
    t = ct.relationship_ledger(YEARS, anyway_share=0.3)
    # 2021：40,000 ＋ 35,000 − 0 − 40,000 = 35,000；2022：60,000 ＋ 105,000 − 100,000 − 50,000 = 15,000
    assert t["净值"].tolist() == pytest.approx([35_000, 15_000])
    assert t["累计净值"].iloc[-1] == pytest.approx(50_000)
    # 盈亏平衡：100,000 ＋ 200,000 − 100,000 − 90,000 = 110,000 = 200,000 × s → s = 0.55
    assert t.attrs["盈亏平衡的自来比例"] == pytest.approx(0.55)


def test_discounting_hand_computed():
    t = ct.relationship_ledger(YEARS, discount_rate=0.1)
    assert t["折现净值"].tolist() == pytest.approx([50_000 / 1.1, 60_000 / 1.21])


@settings(max_examples=60, deadline=None)
@given(st.floats(0, 0.3), st.lists(st.tuples(*[st.integers(0, 500_000)] * 4), min_size=1, max_size=6))
def test_breakeven_share_zeroes_the_discounted_total(rate, rows):
    df = pd.DataFrame(rows, columns=["直接贡献", "转介绍贡献", "损失", "投入"]).assign(年份=range(len(rows)))
    t = ct.relationship_ledger(df, discount_rate=rate)
    be = t.attrs["盈亏平衡的自来比例"]
    if df["转介绍贡献"].sum() == 0:
        assert be != be      # 空值
    elif 0 <= be <= 1:
        assert ct.relationship_ledger(df, anyway_share=be, discount_rate=rate)["折现净值"].sum() == pytest.approx(
            0, abs=1e-4)


@pytest.mark.parametrize("df, kwargs, field", [
    (YEARS.drop(columns=["损失"]), {}, "逐年账"),
    (YEARS.assign(投入=[-1, 0]), {}, "投入"),
    (YEARS, {"anyway_share": 1.2}, "自来比例"),
    (YEARS, {"discount_rate": 0.9}, "折现率"),
    (YEARS.iloc[0:0], {}, "逐年账"),
])
def test_bad_inputs_name_the_field(df, kwargs, field):
    with pytest.raises(InputError) as e:
        ct.relationship_ledger(df, **kwargs)
    assert field in str(e.value)


def test_ledger_view_moves_the_anyway_share():
    from coursekit.widgets.contribution import RelationshipLedgerView

    w = RelationshipLedgerView(YEARS, anyway_share=0.3)
    assert w.result["净值"].sum() == pytest.approx(50_000)
    w.controls["自来比例"].value = 0.55          # 盈亏平衡点
    assert w.result["净值"].sum() == pytest.approx(0, abs=1e-6) and w.error is None
