"""marketing.access_card_rollout 与 AccessCardView：门禁联名卡的办卡、动卡、贡献与成本（手算核对）。"""
import math

import pytest

from coursekit import marketing as mk
from coursekit.errors import InputError

BASE = dict(card_take_up=0.5, cards_per_household=2, activation=0.2, deposit_share=0.5, deposit_per_household=20_000,
            deposit_spread=0.01, loan_share=0.1, loan_value=1_000, fixed_cost=10_000, card_cost=10, days_per_card=0.005,
            day_cost=1_000, years=2)


def test_hand_computed():
    r = mk.access_card_rollout(1_000, **BASE)
    # 办卡 500 户、1,000 张；动卡 100 户；存款 50 户、100 万；贷款 10 户
    assert r["办卡户"] == 500 and r["卡数"] == 1_000 and r["动卡户"] == pytest.approx(100)
    assert r["存款户"] == pytest.approx(50) and r["新增存款"] == pytest.approx(1_000_000)
    assert r["贷款户"] == pytest.approx(10) and r["开卡人天"] == pytest.approx(5)
    # 每个动卡户一年：0.5 × 20,000 × 1% ＋ 0.1 × 1,000 ＝ 200；每年 20,000
    assert r["每个动卡户一年贡献"] == pytest.approx(200) and r["每年贡献"] == pytest.approx(20_000)
    # 一次性：10,000 ＋ 1,000 × 10 ＋ 5 × 1,000 ＝ 25,000；两年净贡献 15,000；每个动卡户 250 元
    assert r["一次性成本"] == pytest.approx(25_000) and r["净贡献"] == pytest.approx(15_000)
    assert r["每个动卡户成本"] == pytest.approx(250)
    # 打平动卡率 ＝ 25,000 ÷（500 × 200 × 2）＝ 12.5%
    assert r["打平动卡率"] == pytest.approx(0.125)


def test_break_even_rate_gives_zero():
    be = mk.access_card_rollout(1_000, **BASE)["打平动卡率"]
    assert mk.access_card_rollout(1_000, **{**BASE, "activation": be})["净贡献"] == pytest.approx(0, abs=1e-6)


def test_more_subsidy_raises_break_even_and_zero_activation_has_no_cost_per_active():
    lo = mk.access_card_rollout(1_000, **BASE)["打平动卡率"]
    hi = mk.access_card_rollout(1_000, **{**BASE, "fixed_cost": 50_000})["打平动卡率"]
    assert hi > lo
    assert math.isnan(mk.access_card_rollout(1_000, **{**BASE, "activation": 0})["每个动卡户成本"])


@pytest.mark.parametrize("change, field", [({"activation": 1.5}, "动卡率"), ({"card_take_up": -0.1}, "办卡率"),
                                           ({"cards_per_household": 0}, "每户卡数"), ({"deposit_spread": 0.5}, "存款利差"),
                                           ({"years": 0}, "年数"), ({"card_cost": 5_000}, "每张卡成本"),
                                           ({"days_per_card": 2}, "每张卡人天")])
def test_bad_inputs_name_the_field(change, field):
    with pytest.raises(InputError) as e:
        mk.access_card_rollout(1_000, **{**BASE, **change})
    assert field in str(e.value)
    with pytest.raises(InputError, match="户数"):
        mk.access_card_rollout(0, **BASE)


def test_widget():
    from coursekit.widgets.marketing import AccessCardView
    v = AccessCardView(1_000, **BASE)
    assert v.result["净贡献"] == pytest.approx(15_000)
    r = v.compute({"动卡率": 12.5, "办卡率": 50, "补贴": 10_000})
    assert r["净贡献"] == pytest.approx(0, abs=1e-6)
    with pytest.raises(InputError):
        AccessCardView(1_000, **{**BASE, "activation": 2})
