"""livestream_seller_lines：直播卖家按平台到账核额度（m02-c24）。数值为手算。"""
import pandas as pd
import pytest

from coursekit import marketing as mk
from coursekit.errors import InputError

RATES = {"服装": 0.4, "土特产": 0.05}


def _sellers(**over):
    row = {"卖家": ["甲", "乙", "丙"], "品类": ["服装", "土特产", "服装"],
           "月均成交额": [1_000_000, 200_000, 500_000], "月均到账": [500_000, 180_000, 100_000]}
    row.update(over)
    return pd.DataFrame(row)


def test_hand_computed_lines():
    r = mk.livestream_seller_lines(_sellers(), RATES).set_index("卖家")
    # 甲：1,000,000 × 0.6 × 0.92 = 552,000；按到账 min(552,000, 500,000) × 2 = 1,000,000 → 上限 500,000
    assert r.loc["甲", "应到账"] == pytest.approx(552_000)
    assert r.loc["甲", "按到账额度"] == 500_000 and r.loc["甲", "按成交额额度"] == 500_000
    # 乙：200,000 × 0.95 × 0.92 = 174,800；× 2 = 349,600 → 取整 340,000；按成交额 400,000
    assert r.loc["乙", "应到账"] == pytest.approx(174_800)
    assert r.loc["乙", "按到账额度"] == 340_000 and r.loc["乙", "两种额度之差"] == 60_000
    # 丙：应到账 276,000，到账 100,000，到账比 0.362 < 0.7 → 对不上，按到账额度 0
    assert r.loc["丙", "到账比"] == pytest.approx(100_000 / 276_000)
    assert bool(r.loc["丙", "到账对不上"]) and r.loc["丙", "按到账额度"] == 0


def test_higher_return_rate_lowers_expected_and_can_flip_the_flag():
    a = mk.livestream_seller_lines(_sellers(), {"服装": 0.4, "土特产": 0.05}).set_index("卖家")
    b = mk.livestream_seller_lines(_sellers(), {"服装": 0.7, "土特产": 0.05}).set_index("卖家")
    # 服装退货率 70%：丙应到账 500,000 × 0.3 × 0.92 = 138,000，到账比 0.725 → 不再算对不上；额度 100,000 × 2 = 200,000
    assert b.loc["丙", "应到账"] == pytest.approx(138_000) and not bool(b.loc["丙", "到账对不上"])
    assert b.loc["丙", "按到账额度"] == 200_000
    assert b.loc["乙", "按到账额度"] == a.loc["乙", "按到账额度"]          # 别的品类不受影响
    assert (b["按成交额额度"].sort_index() == a["按成交额额度"].sort_index()).all()  # 按成交额不看退货


def test_missing_settlement_is_an_estimate_from_returns():
    r = mk.livestream_seller_lines(_sellers(月均到账=[500_000, None, 100_000]), RATES).set_index("卖家")
    # 乙没交流水：按应到账 174,800 × 2 = 349,600 → 340,000 预估；不记“对不上”
    assert r.loc["乙", "依据"] == "预估（无流水）" and r.loc["甲", "依据"] == "到账"
    assert r.loc["乙", "按到账额度"] == 340_000 and not bool(r.loc["乙", "到账对不上"])
    r2 = mk.livestream_seller_lines(_sellers(月均到账=[None, 1, 1]), {"服装": 0.5, "土特产": 0.05}).set_index("卖家")
    # 甲没流水，服装退货率 50%：1,000,000 × 0.5 × 0.92 = 460,000 × 2 = 920,000 → 上限 500,000
    assert r2.loc["甲", "按到账额度"] == 500_000
    r3 = mk.livestream_seller_lines(_sellers(月均到账=[1, 1, None]), {"服装": 0.5, "土特产": 0.05}).set_index("卖家")
    # 丙没流水：500,000 × 0.5 × 0.92 = 230,000 × 2 = 460,000
    assert r3.loc["丙", "按到账额度"] == 460_000


def test_line_never_exceeds_cap_or_gmv_line():
    r = mk.livestream_seller_lines(_sellers(), RATES, months_cover=3, max_line=300_000)
    assert (r["按到账额度"] <= 300_000).all() and (r["按到账额度"] <= r["按成交额额度"]).all()
    assert (r["按到账额度"] % 10_000 == 0).all()


@pytest.mark.parametrize("kwargs, field", [
    ({"fee_rate": 0.6}, "平台扣点"), ({"months_cover": 0}, "覆盖月数"), ({"months_cover": 13}, "覆盖月数"),
    ({"max_line": -1}, "单户额度上限"), ({"mismatch_floor": 1.5}, "到账比下限"),
])
def test_bad_params_name_the_field(kwargs, field):
    with pytest.raises(InputError, match=field):
        mk.livestream_seller_lines(_sellers(), RATES, **kwargs)


def test_bad_table_and_rates():
    with pytest.raises(InputError, match="缺少品类"):
        mk.livestream_seller_lines(_sellers(), {"服装": 0.4})
    with pytest.raises(InputError, match="退货率"):
        mk.livestream_seller_lines(_sellers(), {"服装": 1.2, "土特产": 0.05})
    with pytest.raises(InputError, match="月均成交额"):
        mk.livestream_seller_lines(_sellers(月均成交额=[0, 1, 1]), RATES)
    with pytest.raises(InputError, match="月均到账"):
        mk.livestream_seller_lines(_sellers(月均到账=[-1, 1, 1]), RATES)
    with pytest.raises(InputError, match="卖家表"):
        mk.livestream_seller_lines(_sellers().drop(columns=["月均到账"]), RATES)


def test_widget_moves_the_return_rate():
    from coursekit.widgets.marketing import LivestreamLineView
    w = LivestreamLineView(_sellers(), RATES, category="服装")
    assert w.result.set_index("卖家").loc["丙", "按到账额度"] == 0
    w.controls["退货率"].value = 0.7
    assert w.result.set_index("卖家").loc["丙", "按到账额度"] == 200_000
    with pytest.raises(InputError, match="品类"):
        LivestreamLineView(_sellers(), RATES, category="美妆")
