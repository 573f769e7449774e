"""DealerGapView：桃李面包一案的部件，主控件是商超实际回款天数（m02-c23）。数值为手算。"""
import pandas as pd
import pytest

from coursekit.errors import InputError


def _dealers():
    return pd.DataFrame({"经销商": ["甲", "乙"], "渠道": ["商超为主", "小店为主"], "月进货额": [240_000, 400_000],
                         "商超月销售额": [285_000, 50_000], "小店月销售额": [15_000, 450_000],
                         "自有资金": [80_000, 150_000]})


def test_sliders_move_the_limits_as_hand_computed():
    from coursekit.widgets.marketing import DealerGapView

    v = DealerGapView(_dealers(), supermarket_days=60)
    r = v.result.set_index("经销商")
    # 甲：240000/30×4 = 32000；285000×2 = 570000；15000/30×7 = 3500；605500 − 80000 = 525500
    assert r.loc["甲", "按缺口额度"] == 520_000 and r.loc["甲", "按进货额额度"] == 480_000
    assert r.loc["乙", "按缺口额度"] == 100_000 and r.loc["乙", "按进货额额度"] == 800_000
    v.controls["商超回款天数"].value = 90          # 甲多压 285000 → 810500 → 顶到 100 万以下取整 810000
    r = v.result.set_index("经销商")
    assert r.loc["甲", "按缺口额度"] == 810_000
    v.controls["小店回款天数"].value = 30          # 乙：小店 450000 全月 → 53333 + 150000 + 450000 − 150000
    r = v.result.set_index("经销商")
    assert r.loc["乙", "资金缺口"] == pytest.approx(503_333.33, abs=0.01)
    assert r.loc["乙", "按进货额额度"] == 800_000   # 老办法不看回款，始终一样


def test_bad_construction_raises_with_the_field():
    from coursekit.widgets.marketing import DealerGapView

    with pytest.raises(InputError, match="商超回款天数"):
        DealerGapView(_dealers(), supermarket_days=-5)
