"""marketing.referral_fee_terms 与 ReferralFeeView：推荐人按笔收费后各渠道一年的账（手算核对）。"""
import pandas as pd
import pytest

from coursekit import marketing as mk
from coursekit.errors import InputError


def _channels(**change):
    d = {"渠道": ["甲", "乙"], "申请": [10, 20], "批准": [8, 10], "户均贷款": [100_000, 50_000],
         "违约率": [0.01, 0.05], "每笔推荐费": [0, 200]}
    d.update(change)
    return pd.DataFrame(d)


def test_hand_computed_rows_and_total():
    r = mk.referral_fee_terms(_channels(), net_margin=0.02, lgd=0.5, cost_per_application=100).set_index("渠道")
    # 甲：贷款 80 万；息差 16,000；损失 80 万 × 1% × 50% ＝ 4,000；办理 1,000；推荐费 0 → 11,000
    assert r.loc["甲", "贷款额"] == 800_000 and r.loc["甲", "息差收入"] == pytest.approx(16_000)
    assert r.loc["甲", "预期损失"] == pytest.approx(4_000) and r.loc["甲", "净贡献"] == pytest.approx(11_000)
    assert r.loc["甲", "每笔净贡献"] == pytest.approx(1_375) and r.loc["甲", "批准率"] == pytest.approx(0.8)
    # 打平违约率 ＝（16,000 − 1,000）÷（80 万 × 50%）＝ 3.75%
    assert r.loc["甲", "打平违约率"] == pytest.approx(0.0375)
    # 乙：贷款 50 万；息差 10,000；损失 12,500；办理 2,000；推荐费 2,000 → −6,500；打平 ＝ 6,000 ÷ 250,000 ＝ 2.4%
    assert r.loc["乙", "净贡献"] == pytest.approx(-6_500) and r.loc["乙", "打平违约率"] == pytest.approx(0.024)
    # 合计：违约率按贷款额加权 ＝（4,000 ＋ 12,500）÷（130 万 × 50%）
    assert r.loc["合计", "净贡献"] == pytest.approx(4_500) and r.loc["合计", "推荐费"] == 2_000
    assert r.loc["合计", "违约率"] == pytest.approx(16_500 / 650_000)
    assert r.loc["合计", "户均贷款"] == pytest.approx(1_300_000 / 18)


def test_fee_lowers_contribution_one_for_one_and_pd_has_break_even():
    base = mk.referral_fee_terms(_channels(), net_margin=0.02, lgd=0.5, cost_per_application=100).iloc[-1]
    more = mk.referral_fee_terms(_channels(每笔推荐费=[100, 300]), net_margin=0.02, lgd=0.5,
                                 cost_per_application=100).iloc[-1]
    assert base["净贡献"] - more["净贡献"] == pytest.approx(8 * 100 + 10 * 100)
    be = mk.referral_fee_terms(_channels(), net_margin=0.02, lgd=0.5, cost_per_application=100).iloc[1]["打平违约率"]
    at = mk.referral_fee_terms(_channels(违约率=[0.01, be]), net_margin=0.02, lgd=0.5, cost_per_application=100)
    assert at.iloc[1]["净贡献"] == pytest.approx(0, abs=1e-6)


def test_channel_without_approvals_has_blanks_not_errors():
    r = mk.referral_fee_terms(_channels(批准=[0, 10]), net_margin=0.02, lgd=0.5, cost_per_application=100)
    assert pd.isna(r.iloc[0]["每笔净贡献"]) and r.iloc[0]["净贡献"] == pytest.approx(-1_000)


@pytest.mark.parametrize("change, field", [({"批准": [11, 10]}, "批准"), ({"违约率": [1.5, 0.05]}, "违约率"),
                                           ({"申请": [-1, 20]}, "申请"), ({"户均贷款": [0, 50_000]}, "户均贷款")])
def test_bad_rows_name_the_field(change, field):
    with pytest.raises(InputError) as e:
        mk.referral_fee_terms(_channels(**change), net_margin=0.02, lgd=0.5, cost_per_application=100)
    assert field in str(e.value)


def test_bad_parameters():
    with pytest.raises(InputError, match="净息差"):
        mk.referral_fee_terms(_channels(), net_margin=2.2, lgd=0.5, cost_per_application=100)
    with pytest.raises(InputError, match="违约损失率"):
        mk.referral_fee_terms(_channels(), net_margin=0.02, lgd=1.5, cost_per_application=100)
    with pytest.raises(InputError, match="渠道表"):
        mk.referral_fee_terms(_channels().drop(columns="违约率"), net_margin=0.02, lgd=0.5, cost_per_application=100)


def test_widget_moves_the_extra_row_and_compares_with_no_fee():
    from coursekit.widgets.marketing import ReferralFeeView
    v = ReferralFeeView(_channels(), extra_row="乙", fee_rows=["甲", "乙"], net_margin=0.02, lgd=0.5,
                        cost_per_application=100)
    # 不付费、没有“乙”：只剩甲，净贡献 11,000
    assert v._plain == pytest.approx(11_000)
    r = v.compute({"违约率": 0.0, "推荐费": 0, "申请": 20})
    assert r.iloc[1]["预期损失"] == 0 and r.iloc[1]["批准"] == 10 and r.iloc[-1]["推荐费"] == 0
    r = v.compute({"违约率": 5.0, "推荐费": 100, "申请": 40})
    assert r.iloc[1]["批准"] == 20 and r.iloc[-1]["推荐费"] == pytest.approx(28 * 100)
    with pytest.raises(InputError, match="多出来的渠道"):
        ReferralFeeView(_channels(), extra_row="丙", fee_rows=["甲"], net_margin=0.02, lgd=0.5,
                        cost_per_application=100)
