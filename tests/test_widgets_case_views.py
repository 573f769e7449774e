"""从案例笔记本搬进 coursekit.widgets 的几个部件：装的数与核心函数一致，控件一动结果跟着变。"""
from __future__ import annotations

import pandas as pd
import pytest

from coursekit import contribution, marketing
from coursekit.datasets import teaching_bank
from coursekit.errors import InputError


def _posts():
    return pd.DataFrame({"日期": ["2025-03-01", "2025-03-05", "2025-03-20"], "类型": ["获批喜报", "政策答疑", "政策答疑"]})


def _events():
    return pd.DataFrame({"日期": ["2025-03-01", "2025-03-05", "2025-03-06", "2025-03-16", "2025-03-21"],
                         "成员": ["A", "C", "C", "E", "F"], "事件": ["退群", "私信咨询", "申请", "申请", "申请"]})


def test_wechat_followup_view_switches_window():
    from coursekit.widgets.marketing import WeChatFollowupView

    w = WeChatFollowupView(_posts(), _events(), days=7, by_first_ask=True)
    pd.testing.assert_frame_equal(w.result, marketing.wechat_post_followup(_posts(), _events(), days=7,
                                                                           by_first_ask=True))
    w.controls["归属天数"].value = 0       # 只算帖子当天：3 月 16 日的申请离 3 月 5 日的帖子 11 天，不再归属
    assert w.result.attrs["未归属"] > marketing.wechat_post_followup(_posts(), _events(), days=7).attrs["未归属"]
    assert w.unexpected is None


def test_lapsed_depositor_view_counts_follow_the_call_cost():
    from coursekit.widgets.marketing import LapsedDepositorView

    bank = teaching_bank()
    w = LapsedDepositorView(bank, spread=0.0165)
    cheap = int(w.result["值得打电话"].sum())
    assert cheap == int(marketing.lapsed_depositors(bank, spread=0.0165)["值得打电话"].sum())
    w.controls["电话成本"].value = 300
    assert int(w.result["值得打电话"].sum()) <= cheap and w.unexpected is None


def test_policy_review_view_moves_years_and_debts():
    from coursekit.widgets.marketing import PolicyReviewView

    pol = pd.DataFrame({"被保险人": ["甲"], "险种": ["重疾"], "保额": [300_000]})
    w = PolicyReviewView(pol, 400_000, 1_200_000, dependants_years=10)
    pd.testing.assert_frame_equal(w.result, marketing.policy_review(pol, 400_000, 1_200_000, dependants_years=10))
    w.controls["支撑年数"].value = 0
    w.controls["负债（万元）"].value = 50.0
    pd.testing.assert_frame_equal(w.result, marketing.policy_review(pol, 400_000, 500_000, dependants_years=0))


def test_savings_plan_view_moves_only_the_key_plan():
    from coursekit.widgets.marketing import SavingsPlanView

    base = {"months": 12, "savers": 50, "deposit_rate": 0.01, "ftp_rate": 0.02, "cost_per_saver": 0}
    plans = {"高档": {**base, "monthly_amount": 1_500, "monthly_dropout": 0.08},
             "低档": {**base, "monthly_amount": 500, "monthly_dropout": 0.02}}
    w = SavingsPlanView(plans, "高档")
    low_before = w.result.set_index("方案").loc["低档", "本行净贡献"]
    w.controls["每月停存"].value = 0.0
    r = w.result.set_index("方案")
    assert r.loc["低档", "本行净贡献"] == low_before and r.loc["高档", "坚持到底的人数"] == pytest.approx(50)
    with pytest.raises(InputError, match="拖动的档位"):
        SavingsPlanView(plans, "中档")


def test_credit_line_pd_view_matches_group_contribution():
    from coursekit.widgets.contribution import CreditLinePdView

    firm = {"name": "甲厂", "role": "借款企业", "demand_deposit_avg": 250_000, "loan_avg": 450_000,
            "loan_rate": 0.043, "loan_count": 1, "pd": 0.02}
    staff = [{"name": "员工", "role": "代发员工", "count": 10, "demand_deposit_avg": 6_000}]
    w = CreditLinePdView({"小": firm, "大": {**firm, "loan_avg": 675_000}}, staff, pd_value=0.02)
    params = contribution.ContributionParams()
    expect = contribution.group_contribution([firm] + staff, params).total
    r = w.result.set_index("额度")
    assert r.loc["小", "整户一年贡献"] == pytest.approx(expect)
    assert r.loc["大", "一次违约损失"] == pytest.approx(675_000 * params.lgd)
    w.controls["违约概率"].value = 0.1
    assert w.result.set_index("额度").loc["小", "整户一年贡献"] < expect and w.unexpected is None


def test_recovery_line_and_view():
    from coursekit.widgets.marketing import RecoveryLineView

    before = [100] * 12
    # 1、2 月各 90，其余按 0.5：全年 180 ＋ 10 × 50 ＝ 680，恢复 680 ÷ 1,200
    r = marketing.recovery_line(before, {1: 90, 2: 90}, 1_200_000, rest_ratio=0.5, share=0.15, other_debt=20_000)
    assert r["恢复程度"] == pytest.approx(680 / 1_200) and r["营业额估计"] == pytest.approx(680_000)
    assert r["额度"] == 80_000                      # 68 万 × 15% − 2 万 ＝ 8.2 万，向下取整到万元
    w = RecoveryLineView(before, {1: 90, 2: 90}, 1_200_000, rest_ratio=0.5, share=0.15, other_debt=20_000,
                         current=50_000, asked=100_000)
    assert w.result["比现在多"] == 30_000 and w.result["离客户要的差"] == 20_000
    w.controls["其余月份恢复"].value = 1.0
    assert w.result["额度"] == 150_000 and w.unexpected is None
    with pytest.raises(InputError, match="营业额"):
        marketing.recovery_line(before, {1: 90}, -1, rest_ratio=0.5, share=0.15)


def test_entrusted_cover_hand_example_and_view():
    from coursekit import compliance
    from coursekit.widgets.compliance import EntrustedPayView

    loans = pd.DataFrame({"loan_id": ["L1", "L2", "L3"], "customer_id": ["甲", "乙", "丙"],
                          "amount": [300_000, 150_000, 80_000]})
    findings = pd.DataFrame({"loan_id": ["L1", "L2", "L2"], "rule": ["流入限制性领域", "回流", "回流"],
                             "amount": [300_000, 50_000, 20_000]})
    r = compliance.entrusted_cover(loans, findings, 200_000).set_index("贷款")
    assert r.loc["L1", "支付方式"] == "受托支付" and r.loc["L1", "拦得住吗"] == "拦得住"
    assert r.loc["L2", "问题金额"] == 70_000 and r.loc["L2", "拦得住吗"] == "拦不住" and r.loc["L3", "拦得住吗"] == ""
    assert r.attrs == {"受托笔数": 1, "拦住的问题金额": 300_000.0, "漏掉的问题金额": 70_000.0}
    w = EntrustedPayView(loans, findings, threshold=200_000)
    w.controls["起点（万元）"].value = 10.0
    assert w.result.attrs["受托笔数"] == 2 and w.result.attrs["漏掉的问题金额"] == 0 and w.unexpected is None
    with pytest.raises(InputError, match="受托支付起点"):
        compliance.entrusted_cover(loans, findings, -1)
