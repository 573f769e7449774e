"""marketing.poster_sites：海报按位置的漏斗与每个好客户的成本（手算核对）。"""
import math

import pandas as pd
import pytest

from coursekit import marketing as mk
from coursekit.errors import InputError


def _sites():
    return pd.DataFrame({"位置": ["甲", "乙"], "扫码": [100, 300], "留资": [40, 30], "申请": [10, 6], "借款": [5, 0],
                         "费用": [500, 900], "人天": [2, 0]})


def test_hand_computed_site_rows_and_total():
    r = mk.poster_sites(_sites(), value_per_loan=3_000, day_cost=1_000, loans_per_day_without=0.5).set_index("位置")
    assert r.loc["甲", "扫码→留资"] == pytest.approx(0.4) and r.loc["甲", "申请→借款"] == pytest.approx(0.5)
    assert r.loc["甲", "全部成本"] == 2_500 and r.loc["甲", "每个好客户的成本"] == pytest.approx(500)
    assert r.loc["甲", "人天本可带来"] == pytest.approx(1.0) and r.loc["甲", "海报多带来"] == pytest.approx(4.0)
    assert r.loc["甲", "净贡献"] == pytest.approx(15_000 - 2_500)
    assert math.isnan(r.loc["乙", "每个好客户的成本"]) and r.loc["乙", "净贡献"] == -900
    # 合计：扫码 400、借款 5、全部成本 3,400；扫码→借款 5/400
    assert r.loc["合计", "扫码"] == 400 and r.loc["合计", "全部成本"] == 3_400
    assert r.loc["合计", "扫码→借款"] == pytest.approx(5 / 400)
    assert r.loc["合计", "每个好客户的成本"] == pytest.approx(680)


def test_follow_up_days_are_charged_per_lead():
    r = mk.poster_sites(_sites(), value_per_loan=3_000, day_cost=1_000, days_per_lead=0.05).set_index("位置")
    # 甲：留资 40 × 0.05 ＝ 2 人天；全部成本 500 ＋（2 ＋ 2）× 1,000 ＝ 4,500
    assert r.loc["甲", "跟进人天"] == pytest.approx(2) and r.loc["甲", "全部成本"] == pytest.approx(4_500)
    # 乙：留资 30 × 0.05 ＝ 1.5 人天；900 ＋ 1,500
    assert r.loc["乙", "全部成本"] == pytest.approx(2_400) and r.loc["合计", "全部成本"] == pytest.approx(6_900)
    # 每人天借款：甲 5 ÷ 4 人天；乙 0 ÷ 1.5；合计 5 ÷ 5.5
    assert r.loc["甲", "每人天借款"] == pytest.approx(1.25) and r.loc["乙", "每人天借款"] == 0
    assert r.loc["合计", "每人天借款"] == pytest.approx(5 / 5.5)
    with pytest.raises(InputError, match="每条留资跟进人天"):
        mk.poster_sites(_sites(), value_per_loan=3_000, days_per_lead=3)


def test_more_scans_without_loans_do_not_lower_cost_per_customer():
    base = mk.poster_sites(_sites(), value_per_loan=3_000).iloc[-1]["每个好客户的成本"]
    more = mk.poster_sites(_sites().assign(扫码=[100, 3_000]), value_per_loan=3_000).iloc[-1]["每个好客户的成本"]
    assert more == base


@pytest.mark.parametrize("change, field", [
    ({"借款": [11, 0]}, "借款"),           # 借款多于申请
    ({"费用": [-1, 0]}, "费用"),
    ({"人天": [None, 0]}, "人天"),
])
def test_bad_tables_name_the_column(change, field):
    with pytest.raises(InputError) as e:
        mk.poster_sites(_sites().assign(**change), value_per_loan=3_000)
    assert e.value.field == field


def test_bad_scalars():
    with pytest.raises(InputError, match="不配海报每人天借款户数"):
        mk.poster_sites(_sites(), value_per_loan=3_000, loans_per_day_without=8)
    with pytest.raises(InputError, match="每户一年贡献"):
        mk.poster_sites(_sites(), value_per_loan=-1)
    with pytest.raises(InputError, match="位置表"):
        mk.poster_sites(_sites().drop(columns="留资"), value_per_loan=3_000)


def test_widget_slider_moves_credit_from_poster_to_officer():
    from coursekit.widgets.marketing import PosterSiteView
    v = PosterSiteView(_sites(), value_per_loan=3_000)
    assert v.result.iloc[-1]["海报多带来"] == pytest.approx(5)
    v.controls["扫街户数"].value = 1.0
    assert v.result.iloc[-1]["海报多带来"] == pytest.approx(3)
