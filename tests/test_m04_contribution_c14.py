"""按渠道算新账户一年的账（contribution.channel_account_review）：手算的例子与坏输入。"""
import pandas as pd
import pytest

from coursekit import contribution as ct
from coursekit.errors import InputError

# 默认参数：活期 FTP 1.8%、付息 0.15%；定期 FTP 2.3%、付息 1.5%；每户每年账户成本 80 元
CH = pd.DataFrame({"渠道": ["驻点", "送礼"], "开户数": [100, 50], "留存比例": [0.8, 0.2], "活期日均": [10_000, 2_000],
                   "定期日均": [20_000, 0], "一次性投入": [0, 3_000], "投入人天": [10, 2]})


def test_hand_computed_channels():
    t = ct.channel_account_review(CH).set_index("渠道")
    # 驻点：80 户有余额，每户 10,000 × 1.65% ＋ 20,000 × 0.8% − 80 = 165 ＋ 160 − 80 = 245 → 19,600；20 户睡眠 −1,600
    assert t.loc["驻点", "有余额户"] == 80 and t.loc["驻点", "睡眠户"] == 20
    assert t.loc["驻点", "年贡献"] == pytest.approx(18_000)
    assert t.loc["驻点", "净值"] == pytest.approx(8_000)                 # 投入 10 人天 × 1,000
    assert t.loc["驻点", "每人天净值"] == pytest.approx(800)
    # 送礼：10 户有余额，每户 2,000 × 1.65% − 80 = −47 → −470；40 户睡眠 −3,200；投入 3,000 ＋ 2,000
    assert t.loc["送礼", "年贡献"] == pytest.approx(-3_670)
    assert t.loc["送礼", "净值"] == pytest.approx(-8_670)
    assert t.loc["送礼", "每个有余额户的投入"] == pytest.approx(500)
    r = ct.channel_account_review(CH)
    assert r.attrs["合计开户"] == 150 and r.attrs["合计有余额户"] == 90
    assert r.attrs["合计净值"] == pytest.approx(8_000 - 8_670)


def test_no_active_accounts_and_day_cost():
    t = ct.channel_account_review(CH.assign(留存比例=[0.0, 0.0]), day_cost=0)
    assert t["每个有余额户的投入"].isna().all()
    assert t["年贡献"].tolist() == pytest.approx([-8_000, -4_000])
    assert t["净值"].tolist() == pytest.approx([-8_000, -7_000])


@pytest.mark.parametrize("change,field", [
    ({"留存比例": [1.2, 0.2]}, "留存比例"),
    ({"开户数": [-1, 50]}, "开户数"),
    ({"活期日均": [-5, 0]}, "活期日均"),
    ({"渠道": ["驻点", "驻点"]}, "渠道"),
])
def test_bad_inputs_name_the_field(change, field):
    with pytest.raises(InputError) as e:
        ct.channel_account_review(CH.assign(**change))
    assert field in str(e.value)
    with pytest.raises(InputError, match="渠道表"):
        ct.channel_account_review(CH.drop(columns=["投入人天"]))
