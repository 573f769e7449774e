"""合力贷的逐户压力推演（risk.joint_loan_stress）：手算的例子与“人人互保”担保网上的独立推演。"""
import itertools

import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from coursekit import risk
from coursekit.errors import InputError

SHARES = {"甲": 600_000, "乙": 250_000, "丙": 200_000, "丁": 150_000}
ABSORB = {"甲": 500_000, "乙": 300_000, "丙": 240_000, "丁": 180_000}


def test_even_split_hand_computed():
    t = risk.joint_loan_stress(SHARES, ABSORB).set_index("首户")
    # 甲出险：60 万由三人平摊，每人 20 万 > 丁的 18 万 → 丁出险；第二轮 75 万由乙、丙平摊 37.5 万 → 都出险
    assert t.loc["甲", "连带出险"] == "丁、乙、丙" and t.loc["甲", "连带出险户数"] == 3
    assert t.loc["甲", "出险份额合计"] == 1_200_000 and t.loc["甲", "占合力贷"] == 1.0
    assert t.loc["甲", "每人承压"] == pytest.approx(375_000)
    # 乙出险：25 万 ÷ 3 ≈ 8.33 万，谁都扛得住
    assert t.loc["乙", "连带出险"] == "" and t.loc["乙", "每人承压"] == pytest.approx(250_000 / 3)
    assert t.loc["丁", "占合力贷"] == pytest.approx(0.125)


def test_full_claim_hand_computed():
    t = risk.joint_loan_stress(SHARES, ABSORB, split="全额").set_index("首户")
    # 丙出险：每人承压 20 万，丁（18 万）出险；第二轮 35 万，乙（30 万）出险；第三轮 60 万，甲（50 万）出险
    assert t.loc["丙", "连带出险"] == "丁、乙、甲"
    # 丁出险：15 万，三人都扛得住
    assert t.loc["丁", "连带出险户数"] == 0 and t.loc["丁", "每人承压"] == 150_000


def test_equal_shares_within_weakest_capacity_never_spread():
    t = risk.joint_loan_stress({k: 150_000 for k in SHARES}, ABSORB, split="全额")
    assert (t["连带出险户数"] == 0).all() and t["出险份额合计"].tolist() == [150_000] * 4


def _complete(names):
    return pd.DataFrame([(a, b) for a, b in itertools.permutations(names, 2)],
                        columns=["guarantor_id", "borrower_id"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 100), st.integers(0, 100)), min_size=2, max_size=5))
def test_full_claim_matches_guarantee_contagion_on_a_complete_net(pairs):
    names = [f"m{i}" for i in range(len(pairs))]
    shares = {n: s * 10_000 for n, (s, _) in zip(names, pairs)}
    if sum(shares.values()) == 0:
        shares[names[0]] = 10_000
    absorb = {n: a * 10_000 for n, (_, a) in zip(names, pairs)}
    t = risk.joint_loan_stress(shares, absorb, split="全额").set_index("首户")
    for n in names:
        c = risk.guarantee_contagion(_complete(names), shares, n, absorb)
        down = set(c.table.loc[c.table["状态"].isin(["首户出险", "代偿后出险"]), "客户"])
        assert t.loc[n, "连带出险户数"] == len(down) - 1
        assert t.loc[n, "出险份额合计"] == pytest.approx(sum(shares[m] for m in down))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 100), st.integers(0, 100)), min_size=2, max_size=5))
def test_even_split_never_worse_than_full_claim(pairs):
    names = [f"m{i}" for i in range(len(pairs))]
    shares = {n: s * 10_000 for n, (s, _) in zip(names, pairs)}
    absorb = {n: a * 10_000 for n, (_, a) in zip(names, pairs)}
    even = risk.joint_loan_stress(shares, absorb)
    full = risk.joint_loan_stress(shares, absorb, split="全额")
    assert (even["出险份额合计"] <= full["出险份额合计"] + 1e-6).all()


@pytest.mark.parametrize("args, kwargs, field", [
    (({"甲": 1}, ABSORB), {}, "成员份额"),
    (({"甲": -1, "乙": 2}, ABSORB), {}, "甲 的份额"),
    (({"甲": 1, "戊": 2}, ABSORB), {}, "代偿能力"),
    ((SHARES, ABSORB), {"split": "一半"}, "承压方式"),
    (({"甲": 0, "乙": 0}, ABSORB), {}, "成员份额"),
    (([1, 2], ABSORB), {}, "成员份额"),
])
def test_bad_inputs_name_the_field(args, kwargs, field):
    with pytest.raises(InputError) as e:
        risk.joint_loan_stress(*args, **kwargs)
    assert field in str(e.value)


def test_widget_moves_the_lead_share_and_the_weakest_capacity():
    from coursekit.widgets.risk import JointLoanView

    w = JointLoanView(SHARES, ABSORB, key="甲")
    assert w.result.set_index("首户").loc["甲", "连带出险户数"] == 3
    w.controls["份额"].value = 54.0            # 54 万 ÷ 3 = 18 万，正好是丁能扛住的数
    assert w.result.set_index("首户").loc["甲", "连带出险户数"] == 0
    w.controls["最弱"].value = 17.5            # 丁扛不住 18 万了
    assert w.result.set_index("首户").loc["甲", "连带出险"] == "丁、乙、丙"
    w.controls["承压方式"].value = "全额"
    assert w.result.set_index("首户").loc["乙", "连带出险户数"] > 0 and w.error is None
