"""dealer_funding_gap：短保食品经销商的资金缺口额度（m02-c23 桃李面包）。数值为手算。"""
import pandas as pd
import pytest

from coursekit import marketing as mk
from coursekit.errors import InputError


def _dealers(**over):
    row = {"经销商": ["甲", "乙"], "月进货额": [480_000, 400_000], "商超月销售额": [450_000, 50_000],
           "小店月销售额": [150_000, 450_000], "自有资金": [300_000, 150_000]}
    row.update(over)
    return pd.DataFrame(row)


def test_hand_computed_gap_and_both_limits():
    r = mk.dealer_funding_gap(_dealers(), supermarket_days=60).set_index("经销商")
    # 甲：480000/30×4 = 64000；450000/30×60 = 900000；150000/30×7 = 35000；合计 999000 − 300000 = 699000
    assert r.loc["甲", "占用资金"] == pytest.approx(999_000)
    assert r.loc["甲", "资金缺口"] == pytest.approx(699_000)
    assert r.loc["甲", "按缺口额度"] == 690_000 and r.loc["甲", "按进货额额度"] == 960_000
    # 乙：400000/30×4 ≈ 53333；50000/30×60 = 100000；450000/30×7 = 105000；合计 258333 − 150000 = 108333
    assert r.loc["乙", "资金缺口"] == pytest.approx(108_333.33, abs=0.01)
    assert r.loc["乙", "按缺口额度"] == 100_000 and r.loc["乙", "两种额度之差"] == 700_000


def test_longer_supermarket_terms_raise_only_supermarket_money_and_cap_binds():
    a = mk.dealer_funding_gap(_dealers(), supermarket_days=60).set_index("经销商")
    b = mk.dealer_funding_gap(_dealers(), supermarket_days=90).set_index("经销商")
    # 30 天多压 450000 元（甲）与 50000 元（乙）
    assert b.loc["甲", "压在商超"] - a.loc["甲", "压在商超"] == pytest.approx(450_000)
    assert b.loc["乙", "资金缺口"] - a.loc["乙", "资金缺口"] == pytest.approx(50_000)
    assert b.loc["甲", "按缺口额度"] == 1_000_000   # 1,149,000 顶到上限
    assert (b["压在小店"] == a["压在小店"]).all()


def test_own_funds_above_need_gives_zero_and_not_chosen():
    r = mk.dealer_funding_gap(_dealers(自有资金=[2_000_000, 150_000]), supermarket_days=60)
    assert r["资金缺口"].iloc[0] == 0 and not r["入选"].iloc[0] and r["额度"].iloc[0] == 0
    assert r["入选"].iloc[1]


@pytest.mark.parametrize("kw, field", [({"supermarket_days": -1}, "商超回款天数"),
                                       ({"supermarket_days": 60, "shop_days": 400}, "小店回款天数"),
                                       ({"supermarket_days": 60, "purchase_months": 13}, "进货额覆盖月数"),
                                       ({"supermarket_days": 60, "step": 0.5}, "额度取整单位")])
def test_bad_parameters_name_the_field(kw, field):
    with pytest.raises(InputError, match=field):
        mk.dealer_funding_gap(_dealers(), **kw)


def test_bad_table_names_the_column():
    with pytest.raises(InputError, match="自有资金"):
        mk.dealer_funding_gap(_dealers(自有资金=[-1, 0]), supermarket_days=60)
    with pytest.raises(InputError, match="户数"):
        mk.dealer_funding_gap(_dealers().assign(户数=[0, 2]), supermarket_days=60)
