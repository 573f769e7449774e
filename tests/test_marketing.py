"""营销分析：手算例子、性质测试、坏输入，以及教学银行营销数据的参照完整性与埋设信号。"""
from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coursekit import marketing as mk
from coursekit.datasets import teaching_bank
from coursekit.errors import InputError


@pytest.fixture(scope="module")
def bank():
    return teaching_bank(0)


# ------------------------------------------------------------------ 营销数据 ----
def test_marketing_tables_reference_known_people(bank):
    pop = set(bank.population["person_id"])
    assert set(bank.customers["customer_id"]) <= pop
    assert bank.population["person_id"].is_unique
    assert set(bank.activity_log["person_id"]) <= pop
    assert set(bank.referrals["referrer_id"]) | set(bank.referrals["referred_id"]) <= pop
    assert set(bank.trade_flows["payer_id"]) | set(bank.trade_flows["payee_id"]) <= pop
    assert set(bank.outcomes["person_id"]) == pop
    assert set(bank.retail_products["customer_id"]) <= set(bank.customers["customer_id"])
    firms = set(bank.customers.loc[bank.customers["ctype"] == "小微企业", "customer_id"])
    assert set(bank.corporates["customer_id"]) == firms
    assert set(bank.employees["employer_id"]) <= firms
    # 客群户数 ＝ 客群全体里该客群的人数；本行客户数 ＝ customers 表里的人数
    cf = bank.cluster_facts.set_index("cluster_id")
    assert (bank.population["cluster_id"].astype(str).value_counts().reindex(cf.index) == cf["households"]).all()
    assert (bank.customers["cluster_id"].astype(str).value_counts().reindex(cf.index) == cf["customers"]).all()


def test_marketing_data_is_plausible_for_a_county_bank(bank):
    cf = bank.cluster_facts
    pen = cf["customers"] / cf["households"]
    assert pen.between(0.2, 0.65).all()
    assert cf["distance_km"].between(0.5, 20).all()
    rp = bank.retail_products
    cd = rp[rp["product"] == "大额存单"]
    assert (cd["amount"] >= 200_000).all()              # 个人大额存单起点 20 万元
    mort = rp[rp["product"] == "个人住房按揭贷款"]
    assert (mort["balance"] <= mort["amount"]).all()
    assert mort["amount"].median() < 600_000
    # 结算入账不少于流水表里的经营收入（同一账户的全部入账包含经营回款）
    tx = bank.transactions
    biz = tx[tx["memo"] == "经营收入"].groupby([tx["account_owner"].astype(str), tx["date"].dt.month])["amount"].sum()
    st_ = bank.settlement.assign(c=bank.settlement["customer_id"].astype(str), m=bank.settlement["month"].dt.month)
    inflow = st_.set_index(["c", "m"])["inflow"]
    assert (inflow.reindex(biz.index) >= biz - 0.01).all()
    # 留出期申请率在几个百分点，借款都先申请
    oc = bank.outcomes
    assert 0.01 < oc["applied"].mean() < 0.10
    assert not (oc["borrowed"] & ~oc["applied"]).any()
    assert (oc.loc[oc["borrowed"], "loan_amount"] > 0).all()


def test_marketing_tables_deterministic_per_seed():
    a, b = teaching_bank(1), teaching_bank(1)
    c = teaching_bank(2)
    pd.testing.assert_frame_equal(a.outcomes, b.outcomes)
    assert not a.outcomes["applied"].equals(c.outcomes["applied"])


# ---------------------------------------------------------------- 名单筛选 ----
def test_screening_beats_both_baselines_on_held_out_months(bank):
    ev = mk.evaluate_screening(bank, ks=(50, 100))
    p = ev.pivot(index="名单长度 k", columns="方法", values="精确率")
    assert (p["线索名单"] > p["热门客群基线"]).all()
    assert (p["线索名单"] > p["随机基线"]).all()
    base = ev.attrs["留出期申请率"]
    assert ev.loc[ev["方法"] == "随机基线", "精确率"].eq(base).all()


def test_screening_reasons_and_exclusions(bank):
    s = mk.screen_prospects(bank)
    live = set(bank.loans.loc[bank.loans["status"].isin(["正常", "逾期"]), "customer_id"])
    assert not set(s["人员编号"]) & live
    assert (s["理由"].str.len() > 0).all()
    assert s["得分"].is_monotonic_decreasing
    retail = mk.screen_prospects(bank, channel="借道零售", top=5)
    assert len(retail) == 5 and (retail["渠道"] == "借道零售").all()
    # 一条信号的权重改成 0，它的理由仍写出，但不再加分
    s0 = mk.screen_prospects(bank, weights={"已接触": 0.0})
    assert (s["理由"] == "2024 年四季度活动中接触过").any()
    assert not (s0["理由"] == "2024 年四季度活动中接触过").any()     # 只剩这一条理由的人得 0 分，不进名单


def test_screening_bad_input(bank):
    with pytest.raises(InputError, match="渠道"):
        mk.screen_prospects(bank, channel="网点")
    with pytest.raises(InputError, match="权重"):
        mk.screen_prospects(bank, weights={"星座": 1.0})
    with pytest.raises(InputError, match="缺少 population"):
        mk.screen_prospects({"customers": bank.customers})
    with pytest.raises(InputError):
        mk.evaluate_screening(bank, ks=(0,))


# ------------------------------------------------------------- 服务成本与客群 ----
def test_cost_to_serve_hand_example():
    a = mk.CostAssumptions(visits_per_trip=8, investigation_days=0.1, credit_days=0.1, monitoring_days_per_year=0.2,
                           hours_per_day=8)
    c = mk.cost_to_serve(40, 15, 30, loans=10, assumptions=a)
    # 5 趟 × 往返 30 公里 ÷ 30 公里/小时 ＝ 5 小时 ＝ 0.625 人天；调查 4；审批 1；贷后 2
    assert c["趟数"] == 5
    assert c["路上人天"] == pytest.approx(0.625)
    assert c["合计人天"] == pytest.approx(0.625 + 4 + 1 + 2)


@given(h=st.integers(0, 2000), v=st.floats(5, 80))
@settings(max_examples=60, deadline=None)
def test_zero_distance_costs_no_travel(h, v):
    c = mk.cost_to_serve(h, 0.0, v)
    assert c["路上人天"] == 0.0
    assert c["合计人天"] == pytest.approx(c["调查人天"] + c["审批人天"] + c["贷后人天"])


@given(d=st.floats(0, 50), extra=st.floats(0.1, 30))
@settings(max_examples=60, deadline=None)
def test_farther_costs_more(d, extra):
    assert mk.cost_to_serve(100, d + extra)["合计人天"] > mk.cost_to_serve(100, d)["合计人天"]


def test_cluster_choice_respects_budget_and_risk(bank):
    sc = mk.cluster_scorecard(bank)
    assert len(sc) == len(bank.clusters)
    assert ((sc["渗透率"] > 0) & (sc["渗透率"] < 1)).all()
    assert sc["本行客户"].sum() == len(bank.customers)
    assert ((sc["本行客户"] + sc["非客户"]) == sc["总户数"]).all()
    k15 = sc.set_index("客群编号").loc["K15"]
    live = bank.loans[bank.loans["status"].isin(["正常", "逾期"])].merge(bank.customers[["customer_id", "cluster_id"]])
    live = live[live["cluster_id"] == "K15"]
    npl = live.loc[live["risk_category"].isin(["次级", "可疑", "损失"]), "balance"].sum() / live["balance"].sum()
    assert k15["不良率"] == pytest.approx(npl)
    ch = mk.choose_clusters(sc, 150, max_npl=0.05)
    chosen = ch[ch["决定"] == "选"]
    assert chosen["服务人天"].sum() <= 150
    assert (chosen["不良率"] <= 0.05).all()
    assert ch.attrs["剩余人天"] == pytest.approx(150 - chosen["服务人天"].sum())
    assert ch.loc[ch["不良率"] > 0.05, "决定"].eq("不选").all()


def test_cost_and_choice_bad_input():
    with pytest.raises(InputError, match="距离"):
        mk.cost_to_serve(10, -1)
    with pytest.raises(InputError, match="车速"):
        mk.cost_to_serve(10, 5, 0)
    with pytest.raises(InputError, match="可用人天"):
        mk.choose_clusters(pd.DataFrame({"客群": [], "不良率": [], "服务人天": [], "年潜在贡献": [], "每人天贡献": []}), -5)
    with pytest.raises(InputError, match="客群评分表"):
        mk.choose_clusters(pd.DataFrame({"客群": ["甲"]}), 10)


# ---------------------------------------------------------------- 批量授信 ----
def test_batch_plan_hand_example():
    a = mk.CostAssumptions(visits_per_trip=10, investigation_days=0.1, credit_days=0.1, monitoring_days_per_year=0.2,
                           day_cost=1000)
    p = mk.batch_credit_plan(100, approval_rate=0.5, avg_limit=100_000, take_up=0.4, utilisation=0.5, rate=0.05,
                             ftp=0.02, pd_=0.02, lgd=0.5, distance_km=0, setup_cost=5_000, assumptions=a)
    t = p.table.set_index("项目")["数值"]
    assert t["授信户数"] == 50 and t["用信户数"] == 20
    assert t["平均贷款余额"] == pytest.approx(1_000_000)
    assert t["净利息收入"] == pytest.approx(30_000)
    assert t["预期损失"] == pytest.approx(10_000)
    # 人天：调查 10 ＋ 审批 2 ＋ 贷后 4 ＝ 16；距离 0 没有路上时间
    assert p.officer_days == pytest.approx(16)
    assert p.contribution == pytest.approx(30_000 - 10_000 - 16_000 - 5_000)
    # 回收期：（5000 ＋ 10 人天 × 1000）÷（（30000 − 10000 − 6000）÷ 12）
    assert p.payback_months == pytest.approx(15_000 / (14_000 / 12))


@given(k=st.floats(1.1, 5.0))
@settings(max_examples=40, deadline=None)
def test_contribution_scales_with_balances(k):
    """余额放大 k 倍（户均额度 × k），净利息收入与预期损失同比放大，人天不变。"""
    base = mk.batch_credit_plan(300, avg_limit=50_000)
    big = mk.batch_credit_plan(300, avg_limit=50_000 * k)
    tb, tg = base.table.set_index("项目")["数值"], big.table.set_index("项目")["数值"]
    assert tg["净利息收入"] == pytest.approx(tb["净利息收入"] * k)
    assert tg["预期损失"] == pytest.approx(tb["预期损失"] * k)
    assert big.officer_days == pytest.approx(base.officer_days)
    margin_b = base.contribution + tb["人力成本"] + tb["启动费用"]
    margin_g = big.contribution + tg["人力成本"] + tg["启动费用"]
    assert margin_g == pytest.approx(margin_b * k)


def test_sensitivity_keeps_the_plans_cost_assumptions():
    # 调查细的新客群（每户半个人天）：敏感性表里与原测算相同的那一格，必须等于原测算的贡献
    a = mk.CostAssumptions(visits_per_trip=3, investigation_days=0.5, credit_days=0.3, monitoring_days_per_year=0.5)
    plan = mk.batch_credit_plan(24, approval_rate=0.8, avg_limit=150_000, take_up=1.0, utilisation=0.8, rate=0.049,
                                ftp=0.022, pd_=0.02, lgd=0.5, distance_km=4.9, setup_cost=3_000, assumptions=a)
    s = mk.plan_sensitivity(plan, take_ups=(0.6, 1.0), pds=(0.02, 0.05))
    assert s.loc[0.02, 1.0] == pytest.approx(plan.contribution)
    default = mk.batch_credit_plan(24, approval_rate=0.8, avg_limit=150_000, take_up=1.0, utilisation=0.8, rate=0.049,
                                   ftp=0.022, pd_=0.02, lgd=0.5, distance_km=4.9, setup_cost=3_000)
    # 同一批户、调查更细：多出来的人天成本就是两张敏感性表同一格的差
    extra = (plan.officer_days - default.officer_days) * a.day_cost
    assert extra > 10_000
    assert mk.plan_sensitivity(default, take_ups=(1.0,), pds=(0.02,)).iloc[0, 0] - s.loc[0.02, 1.0] == pytest.approx(extra)


def test_sensitivity_monotone():
    s = mk.plan_sensitivity(mk.batch_credit_plan(400))
    assert (s.diff(axis=0).iloc[1:] < 0).all().all()            # 违约率越高贡献越低
    assert (s.loc[0.01].diff().iloc[1:] > 0).all()                # 低违约时用信越多贡献越高
    with pytest.raises(InputError):
        mk.plan_sensitivity("plan")
    with pytest.raises(InputError, match="用信率"):
        mk.batch_credit_plan(100, take_up=1.5)
    with pytest.raises(InputError, match="户数"):
        mk.batch_credit_plan(-3)


# ---------------------------------------------------------------- 活动漏斗 ----
def test_funnel_conversions_multiply(bank):
    f = mk.funnel(bank)
    steps = mk.FUNNEL_STEPS
    for r in f.itertuples(index=False):
        row = dict(zip(f.columns, r))
        prod = math.prod(row[f"{a}→{b}"] for a, b in zip(steps[:-1], steps[1:]))
        want = row["借款"] / row["接触"]
        assert prod == pytest.approx(want)
        assert row["接触"] >= row["加微信"] >= row["跟进"] >= row["申请"] >= row["借款"]


def test_funnel_attributes_each_person_once(bank):
    f = mk.funnel(bank)
    assert f["接触"].sum() == bank.activity_log["person_id"].nunique()
    # 观察期越短，申请人数不会变多
    short = mk.funnel(bank, horizon_months=1)
    assert (short["申请"].to_numpy() <= f["申请"].to_numpy()).all()


def test_funnel_hand_example():
    camps = pd.DataFrame({"campaign_id": ["A", "B"], "name": ["甲", "乙"], "channel": ["扫街", "电话"],
                          "end": pd.to_datetime(["2024-10-31", "2024-11-30"]), "cost": [1000.0, 500.0],
                          "officer_days": [2.0, 1.0]})
    log = pd.DataFrame({"date": pd.to_datetime(["2024-10-01"] * 4 + ["2024-11-01"] * 3),
                        "campaign_id": ["A", "A", "A", "A", "B", "B", "B"],
                        "person_id": ["p1", "p1", "p1", "p2", "p2", "p3", "p3"],
                        "step": ["拜访", "加微信", "跟进", "拜访", "拜访", "拜访", "加微信"]})
    oc = pd.DataFrame({"person_id": ["p1", "p2", "p3"], "applied": [True, True, False],
                       "apply_month": pd.to_datetime(["2025-01-01", "2025-01-01", None]),
                       "borrowed": [True, True, False], "loan_amount": [100_000.0, 50_000.0, 0.0]})
    f = mk.funnel({"campaigns": camps, "activity_log": log, "outcomes": oc}, loan_margin=0.02).set_index("活动编号")
    # p2 先被 A 接触，只算 A；p2 没跟进，不算借款
    assert f.loc["A", "接触"] == 2 and f.loc["A", "跟进"] == 1 and f.loc["A", "借款"] == 1
    assert f.loc["A", "12 个月贡献"] == pytest.approx(2_000)
    assert f.loc["B", "接触"] == 1 and f.loc["B", "借款"] == 0
    cmp_ = mk.compare_campaigns(f.reset_index(), day_cost=500)
    assert cmp_.iloc[0]["活动"] == "甲"
    assert cmp_.iloc[0]["每元贡献"] == pytest.approx(2_000 / 2_000)
    with pytest.raises(InputError, match="观察期"):
        mk.funnel({"campaigns": camps, "activity_log": log, "outcomes": oc}, horizon_months=0)


def test_stalled_contacts_partition_the_funnel(bank):
    """停在接触、加微信、跟进三步的人数，正好是漏斗相邻两步之差与跟进人数；三张名单互不重叠。"""
    f = mk.funnel(bank).set_index("活动编号")
    for cid in ("A01", "A02", "A03", "A08"):
        lists = {st_: mk.stalled_contacts(bank, cid, st_) for st_ in ("接触", "加微信", "跟进")}
        row = f.loc[cid]
        assert len(lists["接触"]) == row["接触"] - row["加微信"]
        assert len(lists["加微信"]) == row["加微信"] - row["跟进"]
        assert len(lists["跟进"]) == row["跟进"]
        ids = [set(x["编号"]) for x in lists.values()]
        assert not (ids[0] & ids[1]) and not (ids[1] & ids[2]) and not (ids[0] & ids[2])
    a01 = mk.stalled_contacts(bank, "A01", as_of="2025-01-20")
    assert len(a01) == 40 and a01["已停天数"].is_monotonic_decreasing
    live = set(bank.loans.loc[~bank.loans["status"].isin(["结清", "核销"]), "customer_id"].astype(str))
    assert a01["本行在贷"].sum() == sum(pid in live for pid in a01["编号"]) == 11
    assert not (a01["本行在贷"] & ~a01["本行客户"]).any()          # 在贷的一定是本行客户
    assert (a01["停下的日期"] >= a01["第一次接触"]).all()
    # 微信活动里没有“只接触、没加微信”的人
    assert len(mk.stalled_contacts(bank, "A08", "接触")) == 0


def test_stalled_contacts_hand_example():
    camps = pd.DataFrame({"campaign_id": ["A", "B"], "name": ["甲", "乙"], "channel": ["扫街", "电话"],
                          "end": pd.to_datetime(["2024-10-31", "2024-11-30"])})
    log = pd.DataFrame({"date": pd.to_datetime(["2024-10-01", "2024-10-03", "2024-10-01", "2024-10-02",
                                                "2024-10-05", "2024-11-01", "2024-10-04"]),
                        "campaign_id": ["A", "A", "A", "A", "A", "B", "A"],
                        "person_id": ["p1", "p1", "p2", "p2", "p2", "p2", "p4"],
                        "manager_id": ["M1", "M1", "M2", "M2", "M2", "M3", "M1"],
                        "step": ["拜访", "加微信", "拜访", "加微信", "跟进", "拜访", "拜访"]})
    log = pd.concat([log, pd.DataFrame({"date": pd.to_datetime(["2024-11-02"]), "campaign_id": ["B"],
                                        "person_id": ["p3"], "manager_id": ["M3"], "step": ["拜访"]})])
    pop = pd.DataFrame({"person_id": ["p1", "p2", "p3", "p4"], "name": ["甲一", "乙二", "丙三", "丁四"],
                        "kind": ["个体工商户"] * 4, "is_customer": [True, False, False, True]})
    data = {"campaigns": camps, "activity_log": log, "population": pop}
    wx = mk.stalled_contacts(data, "A", as_of="2024-10-31")
    assert list(wx["编号"]) == ["p1"] and wx.loc[0, "已停天数"] == 28 and wx.loc[0, "管户经理"] == "M1"
    assert list(mk.stalled_contacts(data, "A", "跟进")["编号"]) == ["p2"]
    assert list(mk.stalled_contacts(data, "A", "接触")["编号"]) == ["p4"]
    assert "本行在贷" not in wx.columns
    loans = pd.DataFrame({"customer_id": ["p1", "p4", "p4"], "status": ["结清", "正常", "结清"]})
    with_loans = dict(data, loans=loans)
    assert not mk.stalled_contacts(with_loans, "A", as_of="2024-10-31").loc[0, "本行在贷"]
    assert bool(mk.stalled_contacts(with_loans, "A", "接触").loc[0, "本行在贷"])
    # p2 先被 A 接触，不算 B 的人；统计日期截在跟进之前，p2 就停在加微信
    assert list(mk.stalled_contacts(data, "B", "接触")["编号"]) == ["p3"]
    early = mk.stalled_contacts(data, "A", as_of="2024-10-04")
    assert set(early["编号"]) == {"p1", "p2"}
    with pytest.raises(InputError, match="活动编号"):
        mk.stalled_contacts(data, "Z")
    with pytest.raises(InputError, match="停在哪一步"):
        mk.stalled_contacts(data, "A", "申请")


def test_visit_plans_hand_example():
    t = mk.visit_plans({"扫街": {"people": 160, "visits_per_day": 16, "conversion": 0.02},
                        "回访": {"people": 40, "visits_per_day": 8, "conversion": 0.05}},
                       avg_loan=200_000, loan_margin=0.02, day_cost=1_000).set_index("安排")
    assert t.loc["扫街", "人天"] == pytest.approx(10) and t.loc["扫街", "预计借款笔数"] == pytest.approx(3.2)
    assert t.loc["回访", "人天"] == pytest.approx(5) and t.loc["回访", "预计借款笔数"] == pytest.approx(2)
    assert t.loc["回访", "12 个月贡献"] == pytest.approx(2 * 200_000 * 0.02)
    assert t.loc["回访", "人力成本"] == pytest.approx(5_000)
    # 扫街每人天 0.32 笔；回访每人天 8 户，转化率要到 4% 才追平
    assert t.loc["回访", "追平第一种所需转化率"] == pytest.approx(0.04)
    assert t.loc["扫街", "追平第一种所需转化率"] == pytest.approx(0.02)


@settings(max_examples=60, deadline=None)
@given(people=st.integers(1, 500), vpd=st.floats(0.5, 40), conv=st.floats(0, 1), vpd2=st.floats(0.5, 40))
def test_visit_plans_break_even_is_where_yields_meet(people, vpd, conv, vpd2):
    """转化率恰好等于“追平所需”时，两种安排每人天的借款笔数相等。"""
    t = mk.visit_plans({"甲": {"people": people, "visits_per_day": vpd, "conversion": conv},
                        "乙": {"people": 30, "visits_per_day": vpd2, "conversion": 0.1}}, avg_loan=100_000)
    need = t.loc[1, "追平第一种所需转化率"]
    if need <= 1:
        same = mk.visit_plans({"甲": {"people": people, "visits_per_day": vpd, "conversion": conv},
                               "乙": {"people": 30, "visits_per_day": vpd2, "conversion": need}}, avg_loan=100_000)
        assert same.loc[1, "每人天借款笔数"] == pytest.approx(same.loc[0, "每人天借款笔数"])


def test_visit_plans_rejects_bad_plans():
    with pytest.raises(InputError, match="走访安排"):
        mk.visit_plans({}, avg_loan=1)
    with pytest.raises(InputError, match="缺少"):
        mk.visit_plans({"甲": {"people": 3}}, avg_loan=1)
    with pytest.raises(InputError, match="转化率"):
        mk.visit_plans({"甲": {"people": 3, "visits_per_day": 2, "conversion": 1.5}}, avg_loan=1)


# ---------------------------------------------------------------- 微社群 ----
def test_wechat_health_separates_planted_groups(bank):
    h = mk.wechat_health(bank).set_index("群号")
    assert h.loc["Q01", "健康"] == "健康"
    assert h.loc["Q03", "健康"] == "需要整改"
    assert h.loc["Q01", "活跃占比"] > h.loc["Q03", "活跃占比"]
    assert h.loc["Q03", "推送占比"] > h.loc["Q01", "推送占比"]
    assert h["活跃占比"].between(0, 1).all() and h["退群率"].between(0, 1).all()


def test_wechat_health_hand_example():
    groups = pd.DataFrame({"group_id": ["G"], "name": ["测试群"]})
    mem = pd.DataFrame({"group_id": ["G"] * 4, "person_id": ["a", "b", "c", "d"],
                        "joined": pd.to_datetime(["2024-01-01"] * 4),
                        "left": pd.to_datetime([None, None, None, "2024-12-01"]), "role": ["成员"] * 4})
    msg = pd.DataFrame({"group_id": ["G"] * 5, "date": pd.to_datetime(["2024-11-01"] * 5),
                        "sender_id": ["a", "a", "b", "m", "m"], "kind": ["咨询", "发言", "咨询", "回复", "产品推送"],
                        "reply_hours": [np.nan, np.nan, np.nan, 2.0, np.nan]})
    h = mk.wechat_health({"wechat_groups": groups, "wechat_members": mem, "wechat_messages": msg}).iloc[0]
    assert h["期末人数"] == 3
    assert h["活跃占比"] == pytest.approx(2 / 3)
    assert h["回复率"] == pytest.approx(0.5)
    assert h["退群率"] == pytest.approx(0.25)
    assert h["推送占比"] == pytest.approx(0.2)
    with pytest.raises(InputError, match="截止日期"):
        mk.wechat_health({"wechat_groups": groups, "wechat_members": mem, "wechat_messages": msg}, as_of="昨天")


def test_group_by_segment_hand_example():
    emp = pd.DataFrame({"person_id": ["a", "b", "c"], "segment": ["月光族", "骨干", "骨干"],
                        "payroll_at_bank": [True] * 3, "avg_deposit": [1_000.0, 100_000.0, 50_000.0],
                        "credit_card": [True, False, False], "consumer_loan": [False] * 3,
                        "wealth_balance": [0.0, 0.0, 0.0]})
    groups = pd.DataFrame({"group_id": ["G"], "name": ["工资卡群"]})
    mem = pd.DataFrame({"group_id": ["G"] * 3, "person_id": ["a", "b", "c"],
                        "joined": pd.to_datetime(["2024-01-01"] * 3),
                        "left": pd.to_datetime([None, None, "2024-11-01"]), "role": ["成员"] * 3})
    t = pd.to_datetime(["2024-12-01 20:00", "2024-12-01 20:30", "2024-12-01 21:00", "2024-12-02 10:00",
                        "2024-12-02 12:00", "2024-12-01 21:30"])
    msg = pd.DataFrame({"group_id": ["G"] * 6, "date": t.normalize(), "time": t,
                        "sender_id": ["m", "a", "b", "b", "m", "m"], "kind": ["红包", "发言", "咨询", "咨询", "回复", "回复"],
                        "msg_id": ["1", "2", "3", "4", "5", "6"], "reply_to": [None, None, None, None, "4", None]})
    data = {"employees": emp, "wechat_groups": groups, "wechat_members": mem, "wechat_messages": msg}
    g = mk.group_by_segment(data, "G", as_of="2024-12-31", window_days=90, chatter_hours=3,
                            deposit_spread=0.01, card_income=100, payroll_fee=0)
    # a 的发言在红包后半小时：算抢红包，a 不活跃；b 的两条咨询一条在红包后一小时（没人回），一条第二天上午（回了）
    assert g.loc["月光族", "发言条数"] == 1 and g.loc["月光族", "红包后发言占比"] == 1 and g.loc["月光族", "活跃占比"] == 0
    assert g.loc["月光族", "不算抢红包的发言"] == 0
    assert g.loc["骨干", "期末在群"] == 1 and g.loc["骨干", "窗口期退群"] == 1 and g.loc["骨干", "活跃占比"] == 1
    assert g.loc["骨干", "咨询条数"] == 2 and g.loc["骨干", "红包后咨询占比"] == 0.5
    assert g.loc["骨干", "红包后咨询回复率"] == 0 and g.loc["骨干", "其他咨询回复率"] == 1
    assert g.loc["骨干", "人均年贡献"] == pytest.approx((150_000 * 0.01) / 2)
    assert g.loc["月光族", "人均年贡献"] == pytest.approx(1_000 * 0.01 + 100)
    assert math.isnan(g.loc["资深员工", "咨询回复率"])
    # 口径为 0：红包后的发言也算活跃，和 wechat_health 一致
    g0 = mk.group_by_segment(data, "G", chatter_hours=0)
    assert g0.loc["月光族", "活跃占比"] == 1 and g0.loc["骨干", "红包后咨询占比"] == 0
    with pytest.raises(InputError, match="群号"):
        mk.group_by_segment(data, "X")
    with pytest.raises(InputError, match="抢红包"):
        mk.group_by_segment(data, "G", chatter_hours=-1)


def test_school_group_planted_pattern():
    """学校代发群的埋设：标准体检说“健康”，可发言几乎全是抢红包，红包后的咨询回复率远低于其他咨询。"""
    from coursekit.datasets import school_payroll_group
    d = school_payroll_group(0)
    assert mk.wechat_health(d, window_days=184).loc[0, "健康"] == "健康"
    g = mk.group_by_segment(d, "W01", chatter_hours=3)
    assert g["员工人数"].sum() == 132 == len(d["employees"])
    assert (g["不算抢红包的发言"] < g["发言条数"] * 0.15).all()
    assert (g["红包后咨询回复率"] < g["其他咨询回复率"]).all()
    assert g.loc[["资深员工", "骨干"], "人均年贡献"].min() > g.loc[["月光族", "普通员工"], "人均年贡献"].max()
    assert school_payroll_group(0)["wechat_messages"].equals(d["wechat_messages"])     # 同一种子，同一份数据


# ---------------------------------------------------------------- 资金流 ----
def test_flow_chain_hand_example():
    tf = pd.DataFrame({"payer_id": ["F", "F", "B1", "B2", "S1"], "payee_id": ["S1", "S2", "F", "F", "S0"],
                       "amount": [100.0, 50.0, 30.0, 20.0, 7.0]})
    pop = pd.DataFrame({"person_id": ["F", "S1", "S2", "B1", "B2", "S0"], "name": list("甲乙丙丁戊己"),
                        "is_customer": [True, True, False, False, True, False]})
    ch = mk.flow_chain({"trade_flows": tf, "population": pop}, "F", depth=2)
    up = ch[ch["方向"] == "上游"].set_index("交易对手")
    dn = ch[ch["方向"] == "下游"].set_index("交易对手")
    assert set(up.index) == {"S1", "S2", "S0"} and up.loc["S0", "层级"] == 2
    assert up.loc["S1", "全年金额"] == 100.0 and not up.loc["S2", "是否本行客户"]
    assert set(dn.index) == {"B1", "B2"}
    g = mk.flow_graph(tf)
    assert isinstance(g, nx.DiGraph) and g["F"]["S1"]["amount"] == 100.0
    with pytest.raises(InputError, match="企业编号"):
        mk.flow_chain({"trade_flows": tf, "population": pop}, "ZZZ")


def test_core_enterprise_chain_finds_non_customers(bank):
    core = bank.core_firms["firm_id"].iloc[0]
    ch = mk.flow_chain(bank, core)
    assert (ch["方向"] == "上游").sum() == bank.core_firms["n_suppliers"].iloc[0]
    assert (ch["方向"] == "下游").sum() == bank.core_firms["n_buyers"].iloc[0]
    assert (~ch["是否本行客户"]).sum() > 0


def test_referral_tree_and_lookalikes(bank):
    rf = pd.DataFrame({"referrer_id": ["A", "A", "B", "X"], "referred_id": ["B", "C", "D", "Y"]})
    t = mk.referral_tree(rf, "A")
    assert set(t.nodes) == {"A", "B", "C", "D"} and t.nodes["D"]["depth"] == 2
    with pytest.raises(InputError):
        mk.referral_tree(rf, "Z")
    root = bank.referrals.loc[bank.referrals["generation"] == 1, "referrer_id"].iloc[0]
    la = mk.lookalikes(bank, root, top=20)
    assert len(la) > 0 and la["关系步数"].is_monotonic_increasing
    direct = set(bank.referrals.loc[bank.referrals["referrer_id"] == root, "referred_id"])
    everyone = mk.lookalikes(bank, root, top=10_000)
    assert direct <= set(everyone.loc[everyone["关系步数"] == 1, "人员编号"])


# ---------------------------------------------------------------- 代发与家庭财富 ----
def test_payroll_value_hand_example():
    e = pd.DataFrame({"segment": ["月光族", "骨干", "骨干", "资深员工"], "payroll_at_bank": [True, True, True, False],
                      "avg_deposit": [1_000.0, 50_000.0, 30_000.0, 99_999.0], "credit_card": [True, False, True, True],
                      "consumer_loan": [True, False, False, False], "wealth_balance": [0.0, 100_000.0, 0.0, 0.0]})
    v = mk.payroll_value(e, deposit_spread=0.01, card_income=100, loan_margin=0.03, avg_consumer_loan=50_000,
                         wealth_fee=0.005, payroll_fee=50)
    assert v.loc["月光族", "年贡献"] == pytest.approx(10 + 100 + 1500 + 0 + 50)
    assert v.loc["骨干", "年贡献"] == pytest.approx(800 + 100 + 0 + 500 + 100)
    assert v.loc["资深员工", "人数"] == 0                        # 不在本行代发的不算
    assert list(mk.PAYROLL_ROLES["角色"]) == ["决策者", "发起者", "经办者", "使用者"]


def test_household_and_policy_review():
    bs = mk.household_balance_sheet({"存款": 200_000, "房产": 800_000, "经营资产": 1_000_000},
                                    {"经营贷": 500_000, "按揭": 300_000}, annual_income=400_000,
                                    annual_expenses=240_000)
    v = bs.set_index("项目")["数值"]
    assert v["净资产"] == 1_200_000
    assert v["资产负债率"] == pytest.approx(0.4)
    assert v["流动资产可支撑月数"] == pytest.approx(10)
    assert v["经营资产占比"] == pytest.approx(0.5)
    assert "不构成" in bs.attrs["说明"]
    pol = pd.DataFrame({"被保险人": ["本人", "本人"], "险种": ["寿险", "重疾"], "保额": [1_000_000, 1_200_000]})
    r = mk.policy_review(pol, annual_income=400_000, debts=800_000).set_index("险种")
    assert r.loc["寿险", "需要"] == 4_800_000 and r.loc["寿险", "缺口"] == 3_800_000
    assert r.loc["重疾", "缺口"] == 0
    assert "没有医疗险" in r.loc["医疗", "提示"]
    with pytest.raises(InputError, match="险种"):
        mk.policy_review(pd.DataFrame({"被保险人": ["本人"], "险种": ["分红"], "保额": [1]}), 1, 0)
    with pytest.raises(InputError, match="资产"):
        mk.household_balance_sheet({"存款": -1}, {}, 1, 1)


# ---------------------------------------------------------------- 部件 ----
def test_widgets_are_thin_views(bank):
    from coursekit.widgets.marketing import CampaignROI, ClusterPlanner, FlowChainExplorer, ProspectExplorer

    cp = ClusterPlanner(bank, staff_days=150)
    pd.testing.assert_frame_equal(cp.result, mk.choose_clusters(mk.cluster_scorecard(bank), 150, max_npl=0.05))
    cp.controls["可用人天"].value = 0
    assert (cp.result["决定"] == "不选").all()

    roi = CampaignROI(bank)
    pd.testing.assert_frame_equal(roi.result, mk.compare_campaigns(mk.funnel(bank), day_cost=1000.0))

    pe = ProspectExplorer(bank, top=10)
    pd.testing.assert_frame_equal(pe.result, mk.screen_prospects(bank, top=10))
    pe.controls["只看非客户"].value = True
    assert len(pe.result) == 10 and not pe.result["是否客户"].any()

    core = bank.core_firms["firm_id"].iloc[1]
    fc = FlowChainExplorer(bank, firm_id=core)
    pd.testing.assert_frame_equal(fc.result, mk.flow_chain(bank, core))
    fc.controls["最低金额（万元）"].value = 20
    assert (fc.result["全年金额"] >= 200_000).all()


def test_settlement_credit_link_hand_example(bank):
    st = pd.DataFrame({"customer_id": ["a", "a", "b", "c", "d", "e"], "inflow": [10.0, 30.0, 5.0, 100.0, 200.0, 1.0]})
    pop = pd.DataFrame({"person_id": list("abcde"), "kind": ["个体工商户"] * 4 + ["农户"]})
    loans = pd.DataFrame({"customer_id": ["c", "d", "b"], "status": ["正常", "逾期", "结清"]})
    out = mk.settlement_credit_link({"settlement": st, "population": pop, "loans": loans}, bins=2)
    # 农户 e 不算；a 月均 20、b 5 在低档，c 100、d 200 在高档且都有在贷（b 已结清不算）
    assert list(out["户数"]) == [2, 2]
    assert list(out["月均入账中位数"]) == [12.5, 150.0]
    assert list(out["有在贷贷款的比例"]) == [0.0, 1.0]
    with pytest.raises(InputError, match="档数"):
        mk.settlement_credit_link({"settlement": st, "population": pop, "loans": loans}, bins=5)
    real = mk.settlement_credit_link(bank)
    biz = set(bank.customers.loc[bank.customers["ctype"].isin(["个体工商户", "小微企业主", "小微企业"]), "customer_id"])
    assert real["户数"].sum() == len(biz & set(bank.settlement["customer_id"].astype(str)))
    assert real["有在贷贷款的比例"].iloc[-1] > real["有在贷贷款的比例"].iloc[0]


@given(seed=st.integers(0, 10_000), n=st.integers(500, 900))
@settings(max_examples=5, deadline=None, derandomize=True)
def test_marketing_tables_build_for_any_seed_and_small_banks(seed, n):
    from coursekit import datasets as ds

    b = ds._build(seed, n)
    pop = set(b.population["person_id"])
    assert set(b.customers["customer_id"]) <= pop and b.population["person_id"].is_unique
    assert set(b.activity_log["person_id"]) <= pop
    assert set(b.trade_flows["payer_id"]) | set(b.trade_flows["payee_id"]) <= pop
    assert len(b.outcomes) == len(b.population) and not (b.outcomes["borrowed"] & ~b.outcomes["applied"]).any()
    assert (b.cluster_facts["households"] >= b.cluster_facts["customers"]).all()
    h = mk.wechat_health(b)
    assert h["活跃占比"].between(0, 1).all()


# -- 新进地点的人手账 -------------------------------------------------------------------------------
def _sites():
    return pd.DataFrame({"地点": ["远村", "近市"], "建档户数": [80, 40], "预计贷款户数": [20, 10],
                         "预计贷款余额（万元）": [200, 300], "距离（公里）": [15, 0], "车速（公里/小时）": [30, 30]})


def test_site_plan_by_hand():
    from coursekit.marketing import site_plan

    out = site_plan(_sites(), {"远村": "驻点", "近市": "流动服务日"}, 30, station_days=10, roving_days=12)
    far, near = out.set_index("地点").loc["远村"], out.set_index("地点").loc["近市"]
    # 远村建档：10 趟 × 往返 30 公里 ÷ 30 公里/小时 ÷ 8 = 1.25；调查 80 × 0.08 = 6.4；审批、贷后各 20 × 0.1 = 2 → 11.65
    assert far["建档人天"] == pytest.approx(11.65)
    assert far["服务日人天"] == pytest.approx(10 * (1 + 30 / 30 / 8))          # 每个服务日另加 1/8 天路上
    assert far["其中路上人天"] == pytest.approx(1.25 + 10 / 8) and near["其中路上人天"] == 0
    assert near["建档人天"] == 0 and near["服务日人天"] == pytest.approx(12) and near["服务贷款户数"] == 0
    assert out.attrs["合计人天"] == pytest.approx(11.65 + 11.25 + 12) and out.attrs["放得下"] is False
    assert site_plan(_sites(), {"远村": "驻点"}, 30, station_days=10).attrs["放得下"] is True


def test_site_plan_rejects_unknown_place_and_mode():
    from coursekit.marketing import site_plan

    with pytest.raises(InputError, match="没有这个地点"):
        site_plan(_sites(), {"山村": "驻点"}, 30)
    with pytest.raises(InputError, match="进入方式（远村）"):
        site_plan(_sites(), {"远村": "常驻"}, 30)


def test_site_planner_widget_moves_modes_and_budget():
    from coursekit.widgets.marketing import SitePlanner

    w = SitePlanner(_sites(), {"远村": "驻点"}, staff_days=30, station_days=10)
    assert w.result.attrs["放得下"] is True
    w.controls["进入方式（近市）"].value = "驻点"      # 近市：40 × 0.08 + 1 + 1 = 5.2，服务日 10 → 再加 15.2
    assert w.result.attrs["合计人天"] == pytest.approx(22.9 + 15.2) and w.result.attrs["放得下"] is False
    w.controls["可用人天"].value = 40
    assert w.result.attrs["放得下"] is True


def test_chain_dependence_hand_example():
    # S1 卖给 F 100、卖给 X 300：依赖度 0.25；S2 只卖给 F：1.0；B1 付给 F 30、付给 Y 10：0.75
    tf = pd.DataFrame({"payer_id": ["F", "F", "X", "B1", "B1", "B2"], "payee_id": ["S1", "S2", "S1", "F", "Y", "F"],
                       "amount": [100.0, 50.0, 300.0, 30.0, 10.0, 20.0]})
    pop = pd.DataFrame({"person_id": ["F", "S1", "S2", "B1", "B2", "X", "Y"], "name": list("甲乙丙丁戊己庚"),
                        "is_customer": [True, True, False, False, True, True, False]})
    dep = mk.chain_dependence({"trade_flows": tf, "population": pop}, "F").set_index("交易对手")
    assert dep.loc["S1", "依赖度"] == pytest.approx(0.25) and dep.loc["S1", "全年往来合计"] == 400.0
    assert dep.loc["S2", "依赖度"] == 1.0 and dep.loc["B2", "依赖度"] == 1.0
    assert dep.loc["B1", "依赖度"] == pytest.approx(0.75) and dep.loc["B1", "方向"] == "下游"
    assert list(dep.index[:2]) == ["S2", "B2"]        # 依赖度高的在前，同为 1 时金额大的在前
    with pytest.raises(InputError, match="企业编号"):
        mk.chain_dependence({"trade_flows": tf, "population": pop}, "ZZZ")


@given(st.lists(st.tuples(st.sampled_from("FABCD"), st.sampled_from("FABCD"),
                          st.floats(min_value=1, max_value=1e6)), min_size=1, max_size=30))
def test_chain_dependence_is_a_share(edges):
    edges = [(a, b, x) for a, b, x in edges if a != b]
    if not any("F" in (a, b) for a, b, _ in edges):
        return
    tf = pd.DataFrame(edges, columns=["payer_id", "payee_id", "amount"])
    pop = pd.DataFrame({"person_id": list("FABCD"), "name": list("甲乙丙丁戊"), "is_customer": [True] * 5})
    dep = mk.chain_dependence({"trade_flows": tf, "population": pop}, "F")
    assert ((dep["依赖度"] > 0) & (dep["依赖度"] <= 1 + 1e-12)).all()
    assert (dep["全年金额"] <= dep["全年往来合计"] * (1 + 1e-12)).all()


# ------------------------------------------------------- 盈亏平衡违约率、冲击年预期违约率 ----
def test_break_even_pd_hand_example_and_zero_contribution():
    # 100 户 × 50% × 100% × 10 万 × 100% = 500 万余额；净利息 500 万 × 3% = 15 万；
    # 人天：调查 100 × 0.08 = 8，审批 50 × 0.1 = 5，贷后 50 × 0.1 = 5 → 18 人天 × 500 元 = 9,000 元
    a = mk.CostAssumptions(day_cost=500.0)
    plan = mk.batch_credit_plan(100, approval_rate=0.5, avg_limit=100_000, take_up=1.0, utilisation=1.0, rate=0.05,
                                ftp=0.02, pd_=0.01, lgd=0.5, distance_km=0, setup_cost=0, assumptions=a)
    be = mk.break_even_pd(plan)
    assert be == pytest.approx((150_000 - 9_000) / 2_500_000)
    # 独立核对：在盈亏平衡违约率上重算，贡献为 0
    again = mk.batch_credit_plan(**dict(plan.inputs, pd_=be), assumptions=a)
    assert again.contribution == pytest.approx(0.0, abs=1e-6)
    # 不随起点违约率变
    other = mk.batch_credit_plan(**dict(plan.inputs, pd_=0.08), assumptions=a)
    assert mk.break_even_pd(other) == pytest.approx(be)


def test_break_even_pd_edges():
    no_loss = mk.batch_credit_plan(100, lgd=0.0)
    assert mk.break_even_pd(no_loss) == math.inf
    losing = mk.batch_credit_plan(10, rate=0.02, ftp=0.02, setup_cost=50_000)
    assert mk.break_even_pd(losing) == 0.0
    with pytest.raises(InputError, match="测算结果"):
        mk.break_even_pd({"contribution": 1})


def test_expected_pd_weights_normal_and_shock_years():
    assert mk.expected_pd(0.01, 0.23, 0.2) == pytest.approx(0.054)
    assert mk.expected_pd(0.02, 0.30, 0.0) == pytest.approx(0.02)
    assert mk.expected_pd(0.02, 0.30, 1.0) == pytest.approx(0.30)
    with pytest.raises(InputError, match="冲击概率"):
        mk.expected_pd(0.01, 0.2, 1.5)


def test_batch_plan_explorer_is_a_thin_view():
    from coursekit.widgets.marketing import BatchPlanExplorer

    w = BatchPlanExplorer(80, pd_=0.015, lgd=0.6, avg_limit=150_000, take_up=0.6, approval_rate=0.75, rate=0.052)
    ref = mk.batch_credit_plan(80, pd_=0.015, lgd=0.6, avg_limit=150_000, take_up=0.6, approval_rate=0.75, rate=0.052)
    assert w.result.contribution == pytest.approx(ref.contribution)
    w.controls["违约率"].value = mk.break_even_pd(ref)
    assert abs(w.result.contribution) < 1_000          # 滑块步长 0.25%，落在盈亏平衡附近
    w.controls["户均额度（万元）"].value = 10
    assert w.result.inputs["avg_limit"] == pytest.approx(100_000)


def test_batch_plan_explorer_shock_mode_moves_the_shock_probability():
    from coursekit.widgets.marketing import BatchPlanExplorer

    w = BatchPlanExplorer(36, normal_pd=2 / 170, shock_pd=6 / 26, shock_prob=0.2, lgd=0.6, avg_limit=150_000,
                          take_up=0.6, approval_rate=0.75)
    assert "违约率" not in w.controls and w.result.inputs["pd_"] == pytest.approx(0.8 * 2 / 170 + 0.2 * 6 / 26)
    w.controls["冲击概率"].value = 0.0
    assert w.result.inputs["pd_"] == pytest.approx(2 / 170)
    with pytest.raises(InputError, match="冲击年份违约率"):
        BatchPlanExplorer(36, normal_pd=0.01)


# ---------------------------------------------------------------- 批量授信的压力 ----
def _farm():
    # 两个小组：甲组 3 户（2、4、6 个棚），乙组 2 户（3、3 个棚）
    return pd.DataFrame({"户": list("ABCDE"), "组": ["甲", "甲", "甲", "乙", "乙"], "单元数": [2, 4, 6, 3, 3]})


def test_batch_stress_hand_example_common_shock():
    # 每棚净收入 2.2 万、家庭净收支 −2 万、每棚年应还 1.1 万、冲击每棚少收 1 万
    r = mk.batch_stress(_farm(), net_per_unit=22_000, household_net=-20_000, due_per_unit=11_000,
                        shock_per_unit=10_000, mode="共同冲击")
    h = r.households.set_index("户")
    # A：2 × 2.2 − 2 − 2 × 1 = 0.4 万可还，应还 2.2 万，缺口 1.8 万；C：6 × 1.2 − 2 = 5.2 万，应还 6.6 万，缺 1.4 万
    assert h.loc["A", "可还"] == 4_000 and h.loc["A", "缺口"] == 18_000
    assert h.loc["C", "可还"] == 52_000 and h.loc["C", "缺口"] == 14_000
    g = r.groups.set_index("组")
    assert g.loc["甲", "缺口合计"] == 18_000 + 16_000 + 14_000 and g.loc["甲", "富余合计"] == 0
    assert not g.loc["甲", "兜得住"] and g.loc["甲", "互保后仍缺"] == 48_000
    assert r.summary["兜不住的组数"] == 2 and r.summary["有缺口户数"] == 5


def test_batch_stress_hand_example_single_member_shock():
    r = mk.batch_stress(_farm(), net_per_unit=22_000, household_net=-20_000, due_per_unit=11_000,
                        shock_per_unit=10_000, mode="单户冲击")
    h = r.households.set_index("户")
    # 甲组缺口最大的是 A（1.8 万，B 1.6 万，C 1.4 万），只有 A 受冲击；B 正常：4 × 2.2 − 2 = 6.8 万，应还 4.4 万，富余 2.4 万
    assert list(h.index[h["受冲击"]]) == ["A", "D"]
    assert h.loc["B", "富余"] == 24_000 and h.loc["C", "富余"] == 6 * 22_000 - 20_000 - 66_000
    g = r.groups.set_index("组")
    assert g.loc["甲", "兜得住"] and g.loc["甲", "互保后仍缺"] == 0
    # 乙组：D 受冲击 3 × 1.2 − 2 = 1.6 万，应还 3.3 万，缺 1.7 万；E 正常 4.6 万，富余 1.3 万 → 仍缺 4,000
    assert g.loc["乙", "互保后仍缺"] == 4_000 and r.summary["兜不住的组数"] == 1


def test_batch_stress_refuses_bad_input():
    with pytest.raises(InputError, match="冲击方式"):
        mk.batch_stress(_farm(), net_per_unit=1, household_net=0, due_per_unit=1, shock_per_unit=0, mode="全部")
    bad = _farm().assign(单元数=[2, -1, 6, 3, 3])
    with pytest.raises(InputError, match="单元数"):
        mk.batch_stress(bad, net_per_unit=1, household_net=0, due_per_unit=1, shock_per_unit=0)
    with pytest.raises(InputError, match="农户表"):
        mk.batch_stress(_farm().drop(columns="组"), net_per_unit=1, household_net=0, due_per_unit=1, shock_per_unit=0)


@given(units=st.lists(st.integers(0, 8), min_size=1, max_size=12), net=st.floats(0, 5e4),
       hh=st.floats(-5e4, 2e4), due=st.floats(0, 3e4), shock=st.floats(0, 3e4), size=st.integers(1, 5))
def test_batch_stress_common_shock_is_never_milder(units, net, hh, due, shock, size):
    farm = pd.DataFrame({"户": [f"H{i}" for i in range(len(units))], "组": [f"G{i // size}" for i in range(len(units))],
                         "单元数": units})
    kw = dict(net_per_unit=net, household_net=hh, due_per_unit=due, shock_per_unit=shock)
    common = mk.batch_stress(farm, mode="共同冲击", **kw).summary
    single = mk.batch_stress(farm, mode="单户冲击", **kw).summary
    none = mk.batch_stress(farm, mode="共同冲击", **{**kw, "shock_per_unit": 0.0}).summary
    assert common["互保后仍缺"] >= single["互保后仍缺"] - 1e-6 >= none["互保后仍缺"] - 2e-6
    assert common["互保后仍缺"] <= common["缺口合计"] + 1e-6


def test_batch_stress_explorer_is_a_thin_view():
    from coursekit import loans
    from coursekit.widgets.marketing import BatchStressExplorer

    w = BatchStressExplorer(_farm(), net_per_unit=22_000, household_net=-20_000, season_sales=18_000,
                            loan_per_unit=24_000, months=36, price_drop=0.4)
    due = 12 * loans.payment_for(24_000, 0.052, 36)
    want = mk.batch_stress(_farm(), net_per_unit=22_000, household_net=-20_000, due_per_unit=due,
                           shock_per_unit=18_000 * 0.4)
    pd.testing.assert_frame_equal(w.result.groups, want.groups)
    w.controls["期限"].value = 60
    assert w.result.summary["缺口合计"] < want.summary["缺口合计"]
    w.controls["冲击方式"].value = "单户冲击"
    assert w.result.summary["冲击方式"] == "单户冲击" and w.unexpected is None


def _cycle(**kw):
    args = dict(loan=60_000, start_cash=50_000, gross_margin=0.10, monthly_cost=1_000, months=4)
    args.update(kw)
    return mk.trade_cycle(100_000, [1], [3], {"到期还本": [0, 0, 0, 60_000], "第 3 月还本": [0, 0, 60_000, 0]},
                          **args)


def test_trade_cycle_hand_example():
    # 第 1 月：50,000 + 60,000 − 100,000 − 1,000 = 9,000；第 2 月 8,000；第 3 月卖出 110,000：
    # 到期还本 117,000，第 3 月还本 57,000；第 4 月分别 56,000、56,000。
    r = _cycle()
    p = r.plans.set_index("还款安排")
    assert r.paths["到期还本"].table["账上现金"].tolist() == [9_000, 8_000, 117_000, 56_000]
    assert r.paths["第 3 月还本"].table["账上现金"].tolist() == [9_000, 8_000, 57_000, 56_000]
    assert p.loc["到期还本", "最低现金"] == 8_000 and p.loc["到期还本", "为负月数"] == 0
    assert r.flows["经营现金"].tolist() == [-101_000, -1_000, 109_000, -1_000]


def test_trade_cycle_delay_and_price():
    # 推迟 1 个月：第 3 月没有销售，第 3 月还本的安排在第 3 月现金为 8,000 − 1,000 − 60,000 = −53,000
    r = _cycle(sale_delay=1)
    p = r.plans.set_index("还款安排")
    assert p.loc["第 3 月还本", "最低现金"] == -53_000 and p.loc["第 3 月还本", "为负月数"] == 1
    assert p.loc["到期还本", "为负月数"] == 0
    # 推迟 2 个月：销售落到周期外，不计入
    r2 = _cycle(sale_delay=2)
    assert r2.sales_outside == 110_000 and r2.flows["销售"].sum() == 0
    # 售价跌 10%：销售 99,000，期末现金少 11,000
    r3 = _cycle(price_change=-0.1)
    assert r3.paths["到期还本"].end_cash == 56_000 - 11_000


def test_trade_cycle_refuses_bad_input():
    with pytest.raises(InputError, match="卖出月份"):
        mk.trade_cycle(100, [1], [5], {"a": [0]}, loan=0, start_cash=0, gross_margin=0, monthly_cost=0, months=4)
    with pytest.raises(InputError, match="还款安排"):
        mk.trade_cycle(100, [1], [2], {}, loan=0, start_cash=0, gross_margin=0, monthly_cost=0, months=4)
    with pytest.raises(InputError, match="收购月份"):
        mk.trade_cycle(100, [1, 1], [2], {"a": [0]}, loan=0, start_cash=0, gross_margin=0, monthly_cost=0, months=4)


def test_trade_cycle_explorer_is_a_thin_view():
    from coursekit.widgets.marketing import TradeCycleExplorer

    w = TradeCycleExplorer(100_000, [1], [3], {"到期还本": [0, 0, 0, 60_000], "第 3 月还本": [0, 0, 60_000, 0]},
                           loan=60_000, start_cash=50_000, gross_margin=0.10, monthly_cost=1_000, months=4)
    pd.testing.assert_frame_equal(w.result.plans, _cycle().plans)
    w.controls["卖出推迟"].value = 1
    assert w.result.plans.set_index("还款安排").loc["第 3 月还本", "最低现金"] == -53_000 and w.unexpected is None


def test_trade_cycle_explorer_title_can_name_the_business():
    from coursekit.widgets.marketing import TradeCycleExplorer

    plans = {"到期还本": [0, 0, 0, 60_000]}
    kw = dict(loan=60_000, start_cash=50_000, gross_margin=0.10, monthly_cost=1_000, months=4)
    own = TradeCycleExplorer(100_000, [1], [3], plans, title="养鱼的现金周期", **kw)
    assert own.children[0].value == "<b>养鱼的现金周期</b>"
    assert TradeCycleExplorer(100_000, [1], [3], plans, **kw).children[0].value == f"<b>{TradeCycleExplorer.title}</b>"


# ------------------------------------------------------------------ 合作网格先做哪一个 ----
def _grid(**over):
    row = {"网格": "甲市场", "在营户数": 110, "本行客户": 10, "年关店率": 0.10, "距离（公里）": 0.0}
    row.update(over)
    return pd.DataFrame([row])


_GRID_TERMS = dict(closing_pd=0.35, staying_pd=0.01, closure_factor=0.5, event_cost=2_000, event_days=1,
                   approval_rate=0.8, avg_limit=100_000, take_up=0.5, utilisation=0.5, rate=0.05, ftp=0.02, lgd=0.5)


def test_grid_pilot_hand_example():
    # 在营非客户 100 户、授权 50 户；借款户关店率 0.1 × 0.5 = 5%；违约率 0.95 × 1% + 0.05 × 35% = 2.7%
    # 用信 50 × 0.8 × 0.5 = 20 户，余额 20 × 10 万 × 0.5 = 100 万；净利息 3 万，预期损失 100 万 × 2.7% × 0.5 = 1.35 万
    # 人天：调查 50 × 0.08 = 4，审批 20 × 0.1 = 2，贷后 20 × 0.1 = 2（距离 0，路上 0），加宣讲 1 人天 = 9 人天
    # 贡献 ＝ 30,000 − 13,500 − 8,000 − 2,000（宣讲费用）− 1,000（宣讲人天）＝ 5,500
    r = mk.grid_pilot(_grid(), consent_rate=0.5, **_GRID_TERMS).iloc[0]
    assert r["在营非客户"] == 100 and r["授权户数"] == 50
    assert r["借款户关店率"] == pytest.approx(0.05)
    assert r["预期违约率"] == pytest.approx(0.027)
    assert r["用信户数"] == pytest.approx(20) and r["平均余额"] == pytest.approx(1_000_000)
    assert r["投入人天"] == pytest.approx(9.0)
    assert r["年贡献"] == pytest.approx(5_500)
    assert r["每人天贡献"] == pytest.approx(5_500 / 9)
    # 每多一户授权：0.8 × 0.5 × 10 万 × 0.5 ×（3% − 1.35%）− (0.08 + 0.4 × 0.2) × 1,000 = 330 − 160 = 170 元；
    # 固定 3,000 元，170n ≥ 3,000 → n = 18
    assert r["盈亏平衡授权率"] == pytest.approx(0.18)


def test_grid_pilot_ranks_by_contribution_per_day_and_accepts_counts():
    grids = pd.DataFrame({"网格": ["稳", "乱"], "在营户数": [110, 110], "本行客户": [10, 10],
                          "年初在营": [100, 100], "全年关门": [5, 40], "距离（公里）": [0.0, 0.0]})
    out = mk.grid_pilot(grids, consent_rate=0.5, **_GRID_TERMS)
    assert list(out["网格"]) == ["稳", "乱"] and list(out["排序"]) == [1, 2]
    assert out.set_index("网格").loc["乱", "借款户关店率"] == pytest.approx(0.40 * 0.5)
    # 关店率 20%：违约率 0.8 × 1% + 0.2 × 35% = 7.8%，损失率 3.9% 高于 3% 的利差，全签也不赚钱
    assert math.isnan(out.set_index("网格").loc["乱", "盈亏平衡授权率"])


def test_grid_pilot_zero_consent_costs_only_the_event():
    r = mk.grid_pilot(_grid(), consent_rate=0.0, **_GRID_TERMS).iloc[0]
    assert r["授权户数"] == 0 and r["年贡献"] == pytest.approx(-3_000) and r["投入人天"] == pytest.approx(1.0)


@settings(max_examples=25, deadline=None)
@given(pool=st.integers(5, 300), closure=st.floats(0.0, 0.3), dist=st.floats(0.0, 20.0))
def test_grid_pilot_break_even_is_the_first_consent_that_pays(pool, closure, dist):
    g = _grid(在营户数=pool + 10, 年关店率=closure, **{"距离（公里）": dist})
    r = mk.grid_pilot(g, consent_rate=1.0, **_GRID_TERMS).iloc[0]
    be = r["盈亏平衡授权率"]
    if math.isnan(be):
        assert r["年贡献"] < 0                      # 全签也不赚钱
        return
    n = round(be * pool)
    at = mk.grid_pilot(g, consent_rate=n / pool, **_GRID_TERMS).iloc[0]
    assert at["授权户数"] == n and at["年贡献"] >= 0
    if n > 0:
        below = mk.grid_pilot(g, consent_rate=(n - 1) / pool, **_GRID_TERMS).iloc[0]
        assert below["年贡献"] < 0


def test_grid_pilot_refuses_bad_input():
    with pytest.raises(InputError, match="本行客户"):
        mk.grid_pilot(_grid(本行客户=200), consent_rate=0.3, **_GRID_TERMS)
    with pytest.raises(InputError, match="年关店率"):
        mk.grid_pilot(_grid(年关店率=1.5), consent_rate=0.3, **_GRID_TERMS)
    with pytest.raises(InputError, match="授权率"):
        mk.grid_pilot(_grid(), consent_rate=30, **_GRID_TERMS)
    with pytest.raises(InputError, match="网格"):
        mk.grid_pilot(pd.concat([_grid(), _grid()]), consent_rate=0.3, **_GRID_TERMS)
    with pytest.raises(InputError, match="全年关门"):
        mk.grid_pilot(pd.DataFrame({"网格": ["甲"], "在营户数": [10], "本行客户": [1], "年初在营": [5],
                                    "全年关门": [9], "距离（公里）": [1.0]}), consent_rate=0.3, **_GRID_TERMS)


def test_grid_pilot_explorer_moves_the_closure_factor():
    from coursekit.widgets.marketing import GridPilotExplorer

    grids = pd.concat([_grid(), _grid(网格="乙街", 年关店率=0.40)], ignore_index=True)
    terms = {k: v for k, v in _GRID_TERMS.items() if k != "closure_factor"}
    w = GridPilotExplorer(grids, consent_rate=0.5, closure_factor=0.5, **terms)
    ref = mk.grid_pilot(grids, consent_rate=0.5, closure_factor=0.5, **terms)
    pd.testing.assert_frame_equal(w.result, ref)
    w.controls["关店率折算"].value = 1.0
    assert w.result.set_index("网格").loc["乙街", "借款户关店率"] == pytest.approx(0.40)
    w.controls["授权率"].value = 0.3
    assert w.result.set_index("网格").loc["甲市场", "授权户数"] == 30
    with pytest.raises(InputError, match="授权率"):
        GridPilotExplorer(grids, consent_rate=2, **terms)


# ------------------------------------------------------------------ 扣掉本来就会借的 ----
def _lift_bank():
    ids = ["T1", "T2", "T3", "T4", "U1", "U2", "U3", "U4"]
    month = {"T1": "2025-03-01", "T2": "2025-09-01", "U1": "2025-02-01", "U2": "2025-08-01"}
    return {
        "campaigns": pd.DataFrame({"campaign_id": ["X", "Y"], "name": ["扫街", "沙龙"], "channel": ["扫街", "沙龙"],
                                   "end": pd.to_datetime(["2024-12-31", "2024-12-31"]), "cost": [1_000.0, 5_000.0],
                                   "officer_days": [1.0, 2.0]}),
        "activity_log": pd.DataFrame({"date": pd.to_datetime(["2024-10-01", "2024-10-01", "2024-10-02", "2024-11-01",
                                                              "2024-11-01"]),
                                      "campaign_id": ["X", "X", "X", "Y", "Y"],
                                      "person_id": ["T1", "T2", "T3", "T3", "T4"]}),
        "population": pd.DataFrame({"person_id": ids, "kind": ["农户"] * 8, "is_customer": [False] * 8}),
        "outcomes": pd.DataFrame({"person_id": ids, "borrowed": [p in month for p in ids],
                                  "apply_month": pd.to_datetime([month.get(p) for p in ids])}),
        "loans": pd.DataFrame({"customer_id": ["Z"], "status": ["结清"]}),
    }


def test_campaign_lift_hand_example():
    # 对照：U1–U4 没被接触，观察期（到 2025 年 6 月底）内借款的只有 U1 → 25%（U2 在 8 月，不算）
    # X：首次接触 T1、T2、T3 三人；观察期内借款 T1 一户（T2 在 9 月）；本来会借 3 × 25% = 0.75；多借 0.25
    # 成本 1,000 + 1 人天 × 1,000 = 2,000 元，每多借一户 8,000 元；Y：只算 T4（T3 首次接触归 X），没人借，多借 −0.25
    out = mk.campaign_lift(_lift_bank(), horizon_months=6).set_index("活动编号")
    assert out.loc["X", "接触"] == 3 and out.loc["X", "借款"] == 1
    assert out.loc["X", "本来会借"] == pytest.approx(0.75) and out.loc["X", "多借的户数"] == pytest.approx(0.25)
    assert out.loc["X", "每多借一户的成本"] == pytest.approx(8_000)
    assert out.loc["Y", "接触"] == 1 and out.loc["Y", "多借的户数"] == pytest.approx(-0.25)
    assert math.isnan(out.loc["Y", "每多借一户的成本"])
    assert list(out.index) == ["X", "Y"]                       # 空的排最后
    # 观察期拉长到 9 个月：T2、U2 都算进来，对照 50%，X 借款 2 户、本来会借 1.5 户
    longer = mk.campaign_lift(_lift_bank(), horizon_months=9).set_index("活动编号")
    assert longer.loc["X", "借款"] == 2 and longer.loc["X", "本来会借"] == pytest.approx(1.5)


def test_campaign_lift_on_teaching_bank_is_consistent_with_the_funnel(bank):
    lift = mk.campaign_lift(bank).set_index("活动编号")
    fun = mk.funnel(bank).set_index("活动编号")
    fun = fun.reindex(lift.index)
    assert (lift["接触"] == fun["接触"]).all()                  # 同样的首次接触归因
    assert (lift["借款"] >= fun["借款"]).all()                  # 不要求跟进，借款只多不少
    assert np.isclose(lift["多借的户数"], lift["借款"] - lift["本来会借"]).all()
    assert lift.attrs["对照人数"] + int(lift["接触"].sum()) == len(bank.population)


def test_campaign_lift_refuses_bad_input():
    with pytest.raises(InputError, match="观察期"):
        mk.campaign_lift(_lift_bank(), horizon_months=0)
    with pytest.raises(InputError, match="人天成本"):
        mk.campaign_lift(_lift_bank(), day_cost=-1)
    broken = _lift_bank()
    broken["activity_log"] = broken["activity_log"].assign(campaign_id=["X", "X", "X", "Y", "Q"])
    with pytest.raises(InputError, match="活动"):
        mk.campaign_lift(broken)


def test_campaign_lift_selection_scales_the_baseline():
    # 挑人效应 2 倍：X 本来会借 3 × 25% × 2 = 1.5 户，多借 1 − 1.5 = −0.5，没有多借的户
    out = mk.campaign_lift(_lift_bank(), selection=2.0).set_index("活动编号")
    assert out.loc["X", "本来会借"] == pytest.approx(1.5) and out.loc["X", "多借的户数"] == pytest.approx(-0.5)
    assert math.isnan(out.loc["X", "每多借一户的成本"])
    with pytest.raises(InputError, match="挑人效应"):
        mk.campaign_lift(_lift_bank(), selection=0)


def test_campaign_lift_explorer_moves_the_selection_effect():
    from coursekit.widgets.marketing import CampaignLiftExplorer

    w = CampaignLiftExplorer(_lift_bank(), selection=1.0)
    pd.testing.assert_frame_equal(w.result, mk.campaign_lift(_lift_bank()))
    w.controls["挑人效应"].value = 2.0
    assert w.result.set_index("活动编号").loc["X", "本来会借"] == pytest.approx(1.5)
    w.controls["人天成本"].value = 0
    assert w.result.set_index("活动编号").loc["X", "全部成本"] == pytest.approx(1_000)


def _staff():
    return pd.DataFrame({"segment": ["月光族", "月光族", "骨干", "骨干", "资深员工"],
                         "payroll_at_bank": [True, True, True, True, False],
                         "monthly_salary": [4_000.0, 6_000.0, 10_000.0, 10_000.0, 8_000.0],
                         "avg_deposit": [500.0, 1_500.0, 30_000.0, 20_000.0, 99_999.0],
                         "credit_card": [True, False, True, True, True], "consumer_loan": [True, False, False, False, True],
                         "wealth_balance": [0.0, 0.0, 200_000.0, 0.0, 50_000.0]})


def test_payroll_profile_hand_example():
    p = mk.payroll_profile(_staff())
    assert list(p.index) == ["月光族", "骨干"]                    # 资深员工不在本行代发：不列
    assert p.loc["月光族", "存款留存（月薪倍数）"] == pytest.approx(2_000 / 10_000)
    assert p.loc["月光族", "信用卡持有率"] == pytest.approx(0.5)
    assert p.loc["骨干", "存款留存（月薪倍数）"] == pytest.approx(50_000 / 20_000)
    assert p.loc["骨干", "理财持有率"] == pytest.approx(0.5)
    assert p.loc["骨干", "理财持有额（月薪倍数）"] == pytest.approx(20.0)   # 只按持有者的月薪折算
    with pytest.raises(InputError, match="分群"):
        mk.payroll_profile(_staff().assign(segment=["实习生"] * 5))


def test_payroll_projection_hand_example():
    p = mk.payroll_profile(_staff())
    roster = pd.DataFrame({"分群": ["月光族", "骨干"], "人数": [10, 4], "月薪": [5_000, 12_000]})
    params = {"ftp_demand": 0.02, "demand_rate": 0.0, "credit_card_income": 100, "wealth_commission_rate": 0.005,
              "cost_per_account": 30, "cost_per_payroll_employee": 10, "payroll_fee_per_employee": 0}
    pj = mk.payroll_projection(roster, p, {"月光族": 0.5, "骨干": 0.25}, effort_days={"月光族": 0.1, "骨干": 1.0},
                               params=params, loan_margin=0.03, avg_consumer_loan=50_000)
    # 月光族：转化 5 人；存款 5 × 5,000 × 0.2 = 5,000 → 100；卡 2.5 张 → 250；消费贷 2.5 笔 × 1,500 → 3,750
    assert pj.loc["月光族", "转化人数"] == 5
    assert pj.loc["月光族", "转化带来的收入"] == pytest.approx(100 + 250 + 3_750)
    # 骨干：转化 1 人；存款 12,000 × 2.5 = 30,000 → 600；卡 1 张 → 100；理财 0.5 × 12,000 × 20 = 120,000 → 600
    assert pj.loc["骨干", "转化带来的收入"] == pytest.approx(600 + 100 + 600)
    # 过路卡也要开：全员 14 人 ×（0 − 30 − 10）
    assert pj["账户与代发净成本"].sum() == pytest.approx(-14 * 40)
    assert pj.loc["骨干", "每人天收入"] == pytest.approx(1_300)
    with pytest.raises(InputError, match="主账户转化率"):
        mk.payroll_projection(roster, p, {"月光族": 0.5})
    with pytest.raises(InputError, match="代发画像"):
        mk.payroll_projection(roster.assign(分群=["月光族", "资深员工"]), p, {"月光族": 0.5, "资深员工": 0.2})


@settings(max_examples=60, deadline=None)
@given(a=st.floats(0, 1), b=st.floats(0, 1))
def test_payroll_projection_more_conversion_never_earns_less(a, b):
    p = mk.payroll_profile(_staff())
    roster = pd.DataFrame({"分群": ["月光族", "骨干"], "人数": [10, 4], "月薪": [5_000, 12_000]})
    lo, hi = sorted((a, b))
    v_lo = mk.payroll_projection(roster, p, {"月光族": lo, "骨干": lo})["年贡献"].sum()
    v_hi = mk.payroll_projection(roster, p, {"月光族": hi, "骨干": hi})["年贡献"].sum()
    assert v_hi >= v_lo - 1e-9
    # 一个人都不转化时，只剩全员的卡与代发净成本
    zero = mk.payroll_projection(roster, p, {"月光族": 0, "骨干": 0})
    assert zero["年贡献"].sum() == pytest.approx(zero["账户与代发净成本"].sum())


def test_payroll_deal_years_add_up():
    pj = pd.DataFrame({"转化带来的收入": [10_000.0, 20_000.0], "账户与代发净成本": [-2_000.0, -3_000.0],
                       "所需人天": [4.0, 6.0]}, index=["月光族", "骨干"])
    d = mk.payroll_deal(pj, annual_cost=12_000, one_off=1_000, ramp=(0.5, 1.0), day_cost=1_000)
    # 第 1 年：30,000 × 0.5 − 5,000 − 12,000 − 0.5 × 10 × 1,000 − 1,000 ＝ −8,000
    assert d["净贡献"].iloc[0] == pytest.approx(-8_000)
    # 第 2 年：30,000 − 5,000 − 12,000 − 0.5 × 10,000 ＝ 8,000；人天成本合计 ＝ 全部人天 × 单价
    assert d["净贡献"].iloc[1] == pytest.approx(8_000)
    assert d["累计净贡献"].iloc[-1] == pytest.approx(d["净贡献"].sum())
    assert d["转化人天成本"].sum() == pytest.approx(10_000)
    with pytest.raises(InputError, match="到位比例"):
        mk.payroll_deal(pj, annual_cost=0, ramp=(1.0, 0.5))


def test_payroll_deal_view_moves_with_senior_conversion():
    from coursekit.widgets.marketing import PayrollDealView

    p = mk.payroll_profile(_staff())
    roster = pd.DataFrame({"分群": ["月光族", "骨干"], "人数": [10, 4], "月薪": [5_000, 12_000]})
    w = PayrollDealView(roster, p, {"月光族": 0.5, "骨干": 0.25}, effort_days={"月光族": 0.1, "骨干": 1.0},
                        params={"payroll_fee_per_employee": 0}, annual_cost=1_000)
    pj, deal = w.result
    assert pj.loc["骨干", "主账户转化率"] == pytest.approx(0.25)
    before = deal["累计净贡献"].iloc[-1]
    w.controls["资深与骨干转化率"].value = 0.75
    assert w.result[0].loc["骨干", "主账户转化率"] == pytest.approx(0.75)
    assert w.result[1]["累计净贡献"].iloc[-1] > before
    w.controls["每张卡年成本"].value = 80
    assert w.result[0]["账户与代发净成本"].sum() == pytest.approx(-14 * (80 + 10))


def _chain():
    # 核心企业 F：向 S1、S2 收购（上游），卖货给 B1、B2、B3（下游）；B2 另有一个供货商 X
    flows = pd.DataFrame({"payer_id": ["F", "F", "B1", "B2", "B2", "B3"], "payee_id": ["S1", "S2", "F", "F", "X", "F"],
                          "amount": [100.0, 50.0, 30.0, 20.0, 60.0, 10.0]})
    pop = pd.DataFrame({"person_id": ["F", "S1", "S2", "B1", "B2", "B3", "X"], "name": list("甲乙丙丁戊己庚"),
                        "is_customer": [True, True, False, True, True, False, False]})
    loans = pd.DataFrame({"customer_id": ["B1", "B1", "B2", "S1"], "status": ["正常", "结清", "逾期", "正常"],
                          "balance": [40_000.0, 99_999.0, 25_000.0, 10_000.0]})
    return {"trade_flows": flows, "population": pop, "loans": loans}


def test_group_exposure_hand_example():
    g = mk.group_exposure(_chain(), "F", {"B3": 50_000}, threshold=0.8).set_index("交易对手")
    assert set(g.index) == {"B1", "B2", "B3"}                          # 只看下游
    assert g.loc["B2", "依赖度"] == pytest.approx(20 / 80)              # B2 另有 60 付给 X
    assert g.loc["B1", "在贷余额"] == 40_000                            # 结清的不算
    assert g.loc["B3", "合计敞口"] == 50_000 and g.loc["B3", "系于核心企业"]
    assert not g.loc["B2", "系于核心企业"]
    tied = g.loc[g["系于核心企业"], "合计敞口"].sum()
    assert tied == 90_000                                             # B1 40,000 ＋ B3 新增 50,000
    up = mk.group_exposure(_chain(), "F", direction="上游").set_index("交易对手")
    assert set(up.index) == {"S1", "S2"} and up.loc["S1", "在贷余额"] == 10_000
    with pytest.raises(InputError, match="拟新增授信"):
        mk.group_exposure(_chain(), "F", {"S1": 10_000})               # S1 不在下游名单里
    with pytest.raises(InputError, match="方向"):
        mk.group_exposure(_chain(), "F", direction="两头")


@settings(max_examples=40, deadline=None)
@given(th=st.floats(0, 1))
def test_group_exposure_tied_never_exceeds_total(th):
    g = mk.group_exposure(_chain(), "F", {"B3": 50_000, "B2": 10_000}, threshold=th)
    assert g.loc[g["系于核心企业"], "合计敞口"].sum() <= g["合计敞口"].sum()
    assert g["合计敞口"].sum() == pytest.approx(40_000 + 25_000 + 60_000)


def test_group_exposure_view_counts_new_shops():
    from coursekit.widgets.marketing import GroupExposureView

    w = GroupExposureView(_chain(), "F", new_shops=1, amount_wan=5, reference=100_000)
    assert w.result.set_index("交易对手").loc["B3", "拟新增授信"] == 50_000   # 唯一的非客户下游
    w.controls["每户授信（万元）"].value = 10
    assert w.result.set_index("交易对手").loc["B3", "拟新增授信"] == 100_000
    w.controls["新户数"].value = 0
    assert w.result["拟新增授信"].sum() == 0


def test_group_exposure_view_upstream_offers_the_firms_payees():
    from coursekit.widgets.marketing import GroupExposureView

    w = GroupExposureView(_chain(), "F", new_shops=1, amount_wan=3, direction="上游")
    g = w.result.set_index("交易对手")
    assert set(g.index) == {"S1", "S2"}                               # 它付钱给的两户
    assert g.loc["S2", "拟新增授信"] == 30_000 and g.loc["S1", "拟新增授信"] == 0   # S2 是唯一的非客户
    assert g.loc["S1", "合计敞口"] == 10_000


def _lift_data():
    """手算的小例子：活动 A 接触 p1、p2（同一格 X），p3（格 Y，没有对照）；p4、p5 在格 X、从没被接触；
    p6 只被活动 B 接触，不进对照组。"""
    camps = pd.DataFrame({"campaign_id": ["A", "B"], "name": ["趣跑", "扫街"],
                          "end": pd.to_datetime(["2024-12-07", "2024-10-31"])})
    log = pd.DataFrame({"campaign_id": ["A", "A", "A", "B"], "person_id": ["p1", "p2", "p3", "p6"]})
    pop = pd.DataFrame({"person_id": [f"p{i}" for i in range(1, 7)],
                        "cluster_id": ["X", "X", "Y", "X", "X", "X"], "kind": ["个体工商户"] * 6,
                        "is_customer": [True] * 6})
    oc = pd.DataFrame({"person_id": [f"p{i}" for i in range(1, 7)],
                       "applied": [True, True, True, True, False, True],
                       "apply_month": pd.to_datetime(["2025-02-01", "2025-09-01", "2025-01-01", "2025-03-01", None,
                                                      "2025-01-01"]),
                       "borrowed": [True, True, True, True, False, True],
                       "loan_amount": [100_000.0, 50_000.0, 70_000.0, 40_000.0, 0.0, 90_000.0],
                       "deposit_2024_12": [10_000.0, 0.0, 0.0, 5_000.0, 5_000.0, 0.0],
                       "deposit_2025_06": [40_000.0, 10_000.0, 99_000.0, 7_000.0, 5_000.0, 0.0]})
    return {"campaigns": camps, "activity_log": log, "population": pop, "outcomes": oc}


def test_attendee_lift_hand_example():
    lift = mk.attendee_lift(_lift_data(), "A", horizon_months=6)
    att, ctl, up = lift.loc["参加者"], lift.loc["同类未接触者（折算）"], lift.loc["提升"]
    # p3 在格 Y，没有对照：不参与比较
    assert att["人数"] == 2 and att["未匹配人数"] == 1 and ctl["对照池人数"] == 2
    # p2 的申请在 2025 年 9 月，晚于活动结束后 6 个月，不算
    assert att["申请"] == 1 and att["借款"] == 1 and att["借款金额"] == 100_000
    assert att["存款增量"] == 40_000                   # 30,000 + 10,000
    # 对照：p4 借 4 万、存款 +2,000；p5 没借、存款不变；人均 × 2 人
    assert ctl["借款"] == 1 and ctl["借款金额"] == 40_000 and ctl["存款增量"] == 2_000
    assert up["借款金额"] == 60_000 and up["存款增量"] == 38_000 and up["申请"] == 0
    # 观察期放到 12 个月，p2 的申请与借款也算进来
    assert mk.attendee_lift(_lift_data(), "A", horizon_months=12).loc["参加者", "借款"] == 2
    # 只按客群匹配也一样（类型、客户身份都相同）
    assert mk.attendee_lift(_lift_data(), "A", match_on=["cluster_id"]).loc["提升", "存款增量"] == 38_000


def test_attendee_lift_rejects_bad_input():
    with pytest.raises(InputError, match="活动编号"):
        mk.attendee_lift(_lift_data(), "Z")
    with pytest.raises(InputError, match="匹配口径"):
        mk.attendee_lift(_lift_data(), "A", match_on=["收入"])
    with pytest.raises(InputError, match="匹配口径"):
        mk.attendee_lift(_lift_data(), "A", match_on="cluster_id")


def test_lift_value_hand_example_and_break_even():
    lift = mk.attendee_lift(_lift_data(), "A")
    v = mk.lift_value(lift, cost=1_000, officer_days=1, loan_margin=0.02, deposit_spread=0.01, day_cost=500)
    assert math.isclose(v["贷款部分"], 1_200) and math.isclose(v["存款部分"], 380)
    assert v["全部成本"] == 1_500 and math.isclose(v["每元贡献"], 1_580 / 1_500)
    assert math.isclose(v["存款打平所需比例"], 300 / 380)     # 贷款部分 1,200 元，还差 300 元
    half = mk.lift_value(lift, cost=1_000, officer_days=1, loan_share=0.5, deposit_spread=0.01, day_cost=500)
    need = half["存款打平所需比例"]
    assert math.isclose(need, (1_500 - 600) / 380) and need > 1     # 大于 1：存款怎么算都不够
    assert mk.lift_value(lift, cost=100, officer_days=0)["存款打平所需比例"] == 0.0   # 贷款部分已够成本
    # 打平比例处的贡献正好等于成本（在 0–1 之内时）
    v2 = mk.lift_value(lift, cost=800, officer_days=0, loan_share=0.5, deposit_spread=0.01)
    at = mk.lift_value(lift, cost=800, officer_days=0, loan_share=0.5, deposit_spread=0.01,
                       deposit_share=v2["存款打平所需比例"])
    assert 0 < v2["存款打平所需比例"] < 1 and math.isclose(at["12 个月贡献"], 800)


def test_attendee_lift_on_teaching_bank_counts_every_attendee(bank):
    lift = mk.attendee_lift(bank, "A07")
    n = bank.activity_log.loc[bank.activity_log["campaign_id"] == "A07", "person_id"].nunique()
    assert lift.loc["参加者", "人数"] + lift.loc["参加者", "未匹配人数"] == n
    # 提升一行正好是前两行之差
    diff = lift.loc["参加者"] - lift.loc["同类未接触者（折算）"]
    for col in ("申请", "借款", "借款金额", "存款增量"):
        assert math.isclose(lift.loc["提升", col], diff[col], abs_tol=1e-6)


def test_cohort_review_hand_example():
    loans = pd.DataFrame({"s": [0.0, 3.0, 8.0, 20.0, 40.0], "v": [False, False, True, True, True],
                          "bad": [True, False, True, False, False], "amount": [100.0, 50.0, 80.0, 30.0, 40.0]})
    t = mk.cohort_review(loans, "s", bins=[0, 5, 60])
    assert list(t.index) == ["0–5", "5–60", "合计"]
    assert t.loc["0–5", "笔数"] == 2 and t.loc["0–5", "变坏笔数"] == 1 and t.loc["0–5", "变坏金额"] == 100
    assert math.isclose(t.loc["0–5", "变坏金额占比"], 100 / 150) and math.isclose(t.loc["5–60", "变坏率"], 1 / 3)
    assert t.loc["合计", "笔数"] == 5 and t.loc["合计", "变坏金额"] == 180 and t.loc["合计", "金额"] == 300
    v = mk.cohort_review(loans, "v")
    assert v.loc["False", "变坏率"] == 0.5 and math.isclose(v.loc["True", "变坏率"], 1 / 3)
    with pytest.raises(InputError, match="分段边界"):
        mk.cohort_review(loans, "s", bins=[5, 0])
    with pytest.raises(InputError, match="之外"):
        mk.cohort_review(loans, "s", bins=[0, 30])


def test_visit_capacity_hand_example():
    c = mk.visit_capacity(180, 6, 9, 2, 0.01, 0.10, 80_000)
    assert c["上门能力（户）"] == 108 and c["能上门户数"] == 108 and c["没上门户数"] == 72
    assert math.isclose(c["预计变坏笔数"], 108 * 0.01 + 72 * 0.10)
    assert math.isclose(c["预计变坏金额"], c["预计变坏笔数"] * 80_000)
    wide = mk.visit_capacity(180, 6, 15, 2, 0.01, 0.10, 80_000)
    assert wide["没上门户数"] == 0 and wide["上门比例"] == 1.0           # 能力够，全部上门


@given(st.integers(1, 400), st.integers(1, 20), st.floats(1, 30), st.floats(0, 5))
@settings(max_examples=60, deadline=None)
def test_visit_capacity_more_days_never_fewer_visits(n, officers, days, per_day):
    a = mk.visit_capacity(n, officers, days, per_day, 0.01, 0.1, 1.0)
    b = mk.visit_capacity(n, officers, days + 1, per_day, 0.01, 0.1, 1.0)
    assert b["能上门户数"] >= a["能上门户数"] and b["预计变坏笔数"] <= a["预计变坏笔数"] + 1e-9
    assert a["能上门户数"] + a["没上门户数"] == n


def test_relief_rush_batch_is_deterministic_and_consistent():
    from coursekit.datasets import relief_rush_batch

    a, b = relief_rush_batch(0), relief_rush_batch(0)
    pd.testing.assert_frame_equal(a, b)
    assert a["apply_second"].is_monotonic_increasing and a["amount"].le(100_000).all()
    assert a.loc[a["shared_device"], "amount"].eq(100_000).all()
    assert (a["disburse_date"] >= pd.Timestamp("2022-04-19")).all() and (a["disburse_date"] <= pd.Timestamp("2022-04-29")).all()


def _shops():
    return pd.DataFrame({"商户": ["瓷砖甲", "板材乙", "灯具丙", "五金丁", "洁具戊"],
                         "近12月结算额": [1_860_000, 2_400_000, 900_000, 30_000, 3_000_000],
                         "结算月数": [12, 6, 11, 12, 12], "租金按时期数": [4, 4, 2, 4, 4],
                         "剩余租期": [27, 27, 27, 27, 8]})


def test_market_merchant_limits_hand_example():
    r = mk.market_merchant_limits(_shops(), share_of_settled=0.2, min_settled_months=10, min_rent_on_time=4,
                                  term_months=12, max_limit=500_000, step=10_000).set_index("商户")
    # 1,860,000 × 0.2 = 372,000 → 取整到 37 万元
    assert r.loc["瓷砖甲", "额度"] == 370_000 and r.loc["瓷砖甲", "原因"] == "入选"
    assert r.loc["板材乙", "原因"] == "结算不连续" and r.loc["板材乙", "额度"] == 0
    assert r.loc["灯具丙", "原因"] == "租金拖欠"
    assert r.loc["五金丁", "原因"] == "额度太小"          # 30,000 × 0.2 = 6,000，不到 1 万元
    assert r.loc["洁具戊", "原因"] == "租期短于授信期限"  # 8 个月 < 12 个月
    assert r.loc["洁具戊", "测算额度"] == 500_000          # 60 万元被上限截到 50 万元
    assert r["入选"].sum() == 1


def test_market_merchant_limits_term_and_rent_move_the_list():
    shops = _shops()
    short = mk.market_merchant_limits(shops, share_of_settled=0.2, term_months=6).set_index("商户")
    assert short.loc["洁具戊", "原因"] == "入选" and short.loc["洁具戊", "额度"] == 500_000
    lax = mk.market_merchant_limits(shops, share_of_settled=0.2, min_rent_on_time=2).set_index("商户")
    assert lax.loc["灯具丙", "额度"] == 180_000


@settings(max_examples=40, deadline=None)
@given(st.floats(0.0, 1.0), st.floats(0.0, 1.0))
def test_market_merchant_limits_monotone_in_share(a, b):
    lo, hi = sorted((a, b))
    r_lo = mk.market_merchant_limits(_shops(), share_of_settled=lo)
    r_hi = mk.market_merchant_limits(_shops(), share_of_settled=hi)
    assert (r_lo["额度"].to_numpy() <= r_hi["额度"].to_numpy() + 1e-9).all()
    assert (r_hi["额度"] <= 500_000).all() and (r_hi["额度"] % 10_000 == 0).all()


def test_market_limit_explorer_term_slider_moves_the_list():
    from coursekit.widgets.marketing import MarketLimitExplorer

    w = MarketLimitExplorer(_shops(), share_of_settled=0.2, term_months=12)
    # 入选：瓷砖甲 37.2 万 → 37 万；板材乙结算不连续，灯具丙租金拖欠，五金丁额度太小，洁具戊租期 8 个月 < 12
    assert list(w.result.loc[w.result["入选"], "商户"]) == ["瓷砖甲"] and w.result["额度"].sum() == 370_000
    w.controls["授信期限"].value = 6          # 洁具戊的 8 个月租期撑得住 6 个月：3,000,000 × 20% = 60 万，封顶 50 万
    assert w.result["额度"].sum() == 370_000 + 500_000
    w.controls["授信期限"].value = 28         # 长过所有人的 27 个月租期
    assert w.result["入选"].sum() == 0 and w.unexpected is None


def test_market_merchant_limits_refuses_bad_input():
    bad = _shops().assign(租金按时期数=[4, 4, 5, 4, 4])
    with pytest.raises(InputError, match="租金按时期数"):
        mk.market_merchant_limits(bad, share_of_settled=0.2)
    with pytest.raises(InputError, match="商户表"):
        mk.market_merchant_limits(_shops().drop(columns="剩余租期"), share_of_settled=0.2)


# ------------------------------------------------------------- 饲料款快贷 ----
def _farms():
    return pd.DataFrame({"养殖户": ["甲", "乙", "丙", "丁", "戊"],
                         "近12月购料额": [600_000, 240_000, 900_000, 480_000, 300_000],
                         "购料月数": [12, 6, 12, 12, 11], "期末赊欠": [30_000, 0, 0, 120_000, 10_000],
                         "存栏头数": [300, 100, 200, 200, 150]})


def test_feed_credit_limits_hand_example():
    r = mk.feed_credit_limits(_farms(), cycle_months=5, feed_per_head_year=2_000, share_of_cycle=0.7,
                              max_owed_months=1, max_limit=300_000, step=10_000).set_index("养殖户")
    # 甲：月均 5 万，赊欠 0.6 个月，600,000 / (300 × 2,000) = 1.0；5 万 × 5 × 0.7 = 17.5 万 → 17 万，新购料可用 14 万
    assert r.loc["甲", "原因"] == "入选" and r.loc["甲", "额度"] == 170_000 and r.loc["甲", "新购料可用"] == 140_000
    assert r.loc["乙", "原因"] == "购料不连续"
    assert r.loc["丙", "原因"] == "购料与存栏对不上" and r.loc["丙", "购料与存栏之比"] == pytest.approx(2.25)
    assert r.loc["丁", "原因"] == "赊欠过多" and r.loc["丁", "赊欠月数"] == pytest.approx(3.0)
    # 戊：月均 2.5 万，赊欠 0.4 个月，比值 1.0；2.5 万 × 3.5 = 8.75 万 → 8 万
    assert r.loc["戊", "额度"] == 80_000 and r.loc["戊", "新购料可用"] == 70_000
    out = mk.feed_credit_limits(_farms(), cycle_months=5, feed_per_head_year=2_000)
    assert out.attrs["合计额度"] == 250_000 and out.attrs["入选户赊欠"] == 40_000


def test_feed_credit_limits_owed_threshold_lets_the_indebted_farm_in():
    lax = mk.feed_credit_limits(_farms(), cycle_months=5, feed_per_head_year=2_000, max_owed_months=3)
    d = lax.set_index("养殖户").loc["丁"]
    # 月均 4 万 × 5 × 0.7 = 14 万；它欠着 12 万，贷款先还旧账只剩 2 万买新料
    assert d["原因"] == "入选" and d["额度"] == 140_000 and d["新购料可用"] == 20_000


@given(st.floats(0.05, 1.0), st.floats(0.05, 1.0))
def test_feed_credit_limits_monotone_in_share(a, b):
    lo, hi = sorted((a, b))
    r_lo = mk.feed_credit_limits(_farms(), cycle_months=5, feed_per_head_year=2_000, share_of_cycle=lo)
    r_hi = mk.feed_credit_limits(_farms(), cycle_months=5, feed_per_head_year=2_000, share_of_cycle=hi)
    assert (r_hi["额度"].to_numpy() >= r_lo["额度"].to_numpy()).all()
    assert (r_hi["新购料可用"].to_numpy() <= r_hi["额度"].to_numpy()).all()


def test_feed_credit_limits_refuses_bad_input():
    with pytest.raises(InputError, match="期末赊欠"):
        mk.feed_credit_limits(_farms().assign(期末赊欠=[-1, 0, 0, 0, 0]), cycle_months=5, feed_per_head_year=2_000)
    with pytest.raises(InputError, match="养殖户表"):
        mk.feed_credit_limits(_farms().drop(columns="存栏头数"), cycle_months=5, feed_per_head_year=2_000)
    with pytest.raises(InputError, match="每头年耗料额"):
        mk.feed_credit_limits(_farms(), cycle_months=5, feed_per_head_year=0)
    with pytest.raises(InputError, match="范围"):
        mk.feed_credit_limits(_farms(), cycle_months=5, feed_per_head_year=2_000, fit_range=(1.5, 0.5))


def test_feed_credit_explorer_owed_slider_moves_the_list():
    from coursekit.widgets.marketing import FeedCreditExplorer

    w = FeedCreditExplorer(_farms(), cycle_months=5, feed_per_head_year=2_000)
    assert w.result.attrs["合计额度"] == 250_000
    w.controls["赊欠上限"].value = 3.0       # 丁（欠 3 个月）进来：多 14 万额度，其中 12 万先还旧账
    assert w.result.attrs["合计额度"] == 390_000 and w.result["新购料可用"].sum() == 140_000 + 70_000 + 20_000
    assert w.unexpected is None


# ------------------------------------------------------------- 工薪消费贷的月供负担 ----
def _workers():
    return pd.DataFrame({"员工": ["甲", "乙", "丙"], "贷款本金": [36_000, 36_000, 0],
                         "基本工资": [3_000, 4_000, 3_000], "加班工资": [2_000, 0, 1_000], "其他月供": [1_000, 500, 0]})


def test_payroll_loan_burden_hand_example():
    r = mk.payroll_loan_burden(_workers(), annual_rate=0.0, months=36, max_share=0.5).set_index("员工")
    # 零利率：36,000 / 36 = 1,000 元一月
    assert r.loc["甲", "本笔月供"] == pytest.approx(1_000) and r.loc["丙", "本笔月供"] == 0
    assert r.loc["甲", "月供占比"] == pytest.approx(2_000 / 5_000) and not r.loc["甲", "超线"]
    only_base = mk.payroll_loan_burden(_workers(), annual_rate=0.0, months=36, overtime_share=0.0).set_index("员工")
    assert only_base.loc["甲", "月供占比"] == pytest.approx(2_000 / 3_000) and only_base.loc["甲", "超线"]
    assert only_base.loc["乙", "月供占比"] == pytest.approx(1_500 / 4_000) and only_base.attrs["超线人数"] == 1


def test_payroll_loan_burden_uses_the_annuity_payment():
    r = mk.payroll_loan_burden(_workers(), annual_rate=0.045, months=36)
    i = 0.045 / 12                                                    # 独立按年金公式算
    assert r.loc[0, "本笔月供"] == pytest.approx(36_000 * i / (1 - (1 + i) ** -36))


@given(st.floats(0.0, 1.0), st.floats(0.0, 1.0))
def test_payroll_loan_burden_less_overtime_never_lowers_the_share(a, b):
    lo, hi = sorted((a, b))
    r_lo = mk.payroll_loan_burden(_workers(), annual_rate=0.05, months=24, overtime_share=lo)
    r_hi = mk.payroll_loan_burden(_workers(), annual_rate=0.05, months=24, overtime_share=hi)
    assert (r_lo["月供占比"].to_numpy() >= r_hi["月供占比"].to_numpy() - 1e-12).all()
    assert r_lo.attrs["超线人数"] >= r_hi.attrs["超线人数"]


def test_payroll_loan_burden_refuses_bad_input():
    with pytest.raises(InputError, match="基本工资"):
        mk.payroll_loan_burden(_workers().assign(基本工资=[-1, 0, 0]), annual_rate=0.05, months=24)
    with pytest.raises(InputError, match="借款人表"):
        mk.payroll_loan_burden(_workers().drop(columns="其他月供"), annual_rate=0.05, months=24)
    with pytest.raises(InputError, match="加班工资计入比例"):
        mk.payroll_loan_burden(_workers(), annual_rate=0.05, months=24, overtime_share=1.5)


def test_payroll_burden_explorer_overtime_slider_and_late_counts():
    from coursekit.widgets.marketing import PayrollBurdenExplorer

    data = _workers().assign(是否逾期=[True, False, False])
    w = PayrollBurdenExplorer(data, annual_rate=0.0, months=36)
    assert w.result.attrs["超线人数"] == 0
    w.controls["加班计入"].value = 0.0      # 只认基本工资：甲 2,000 / 3,000 超线
    assert list(w.result.loc[w.result["超线"], "员工"]) == ["甲"] and w.unexpected is None


def test_payroll_loan_burden_each_worker_on_own_record():
    # 甲审批月加班 2,000 元，近 12 个月月均只有 500 元；丙 1,000 元，月均 900 元：每人按自己的记录算
    data = _workers().assign(近12个月月均加班=[500, 0, 900])
    r = mk.payroll_loan_burden(data, annual_rate=0.0, months=36, overtime_column="近12个月月均加班").set_index("员工")
    assert r.loc["甲", "核定收入"] == 3_500 and r.loc["甲", "月供占比"] == pytest.approx(2_000 / 3_500)
    assert r.loc["甲", "超线"] and r.loc["丙", "核定收入"] == 3_900 and r.attrs["加班口径"] == "近12个月月均加班"
    # 只有月均列、没有审批月列也能算；列名不存在时报表的错
    assert mk.payroll_loan_burden(data.drop(columns="加班工资"), annual_rate=0.0, months=36,
                                  overtime_column="近12个月月均加班").attrs["超线人数"] == 1
    with pytest.raises(InputError, match="借款人表"):
        mk.payroll_loan_burden(_workers(), annual_rate=0.0, months=36, overtime_column="近12个月月均加班")
    with pytest.raises(InputError, match="加班口径"):
        mk.payroll_loan_burden(_workers(), annual_rate=0.0, months=36, overtime_column="")


def test_payroll_burden_explorer_switches_the_overtime_basis():
    from coursekit.widgets.marketing import PayrollBurdenExplorer

    data = _workers().assign(近12个月月均加班=[500, 0, 900])
    w = PayrollBurdenExplorer(data, annual_rate=0.0, months=36,
                              bases={"审批月工资条": "加班工资", "近 12 个月月均": "近12个月月均加班"})
    assert w.result.attrs["超线人数"] == 0
    w.controls["口径"].value = "近 12 个月月均"
    assert list(w.result.loc[w.result["超线"], "员工"]) == ["甲"] and w.result.attrs["加班口径"] == "近12个月月均加班"


# ------------------------------------------------------------------ 同月比：生意恢复了几成 ----
def test_same_month_recovery_hand_example():
    before = [200, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 200]     # 全年 1,400，月均 116.67
    r = mk.same_month_recovery(before, {1: 210, 2: 80}, rest_ratio=0.75)
    assert r.same_month_ratio == pytest.approx(290 / 300)                       # 同月比 96.7%
    assert r.naive_ratio == pytest.approx(145 / (1400 / 12))                    # 拿月均比：124%
    assert r.year_estimate == pytest.approx(290 + 0.75 * 1100)                  # 1,115
    assert r.year_ratio == pytest.approx(1115 / 1400)
    t = r.table.set_index("月份")
    assert t.loc["1 月", "比同月"] == pytest.approx(1.05) and t.loc["2 月", "比同月"] == pytest.approx(0.8)
    assert t.loc["1 月", "比疫情前月均"] == pytest.approx(210 / (1400 / 12))


def test_same_month_recovery_defaults_rest_to_observed_ratio():
    r = mk.same_month_recovery([100.0] * 12, {3: 90.0})
    assert r.rest_ratio == pytest.approx(0.9) and r.year_ratio == pytest.approx(0.9)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(1.0, 1e5), min_size=12, max_size=12), st.floats(0.1, 2.0))
def test_same_month_recovery_uniform_shrink_is_recovered(before, k):
    """每个月都是疫情前的 k 倍：同月比、全年比都等于 k，不管季节多强。"""
    after = {m: before[m - 1] * k for m in (1, 2)}
    r = mk.same_month_recovery(before, after)
    assert r.same_month_ratio == pytest.approx(k) and r.year_ratio == pytest.approx(k)


def test_same_month_recovery_refuses_bad_input():
    with pytest.raises(InputError, match="疫情前各月"):
        mk.same_month_recovery([100.0] * 11, {1: 1.0})
    with pytest.raises(InputError, match="现在各月的月份"):
        mk.same_month_recovery([100.0] * 12, {13: 1.0})
    with pytest.raises(InputError, match="其余月份的恢复程度"):
        mk.same_month_recovery([100.0] * 12, {1: 1.0}, rest_ratio=3)
    with pytest.raises(InputError, match="现在 1 月"):
        mk.same_month_recovery([100.0] * 12, {1: -5})


def test_sales_line_hand_example():
    assert mk.sales_line(2_200_000, 0.15) == 330_000                          # 2019 年：220 万 × 15%
    assert mk.sales_line(1_815_000, 0.15, 90_000) == 180_000                  # 27.2 万 − 9 万 ＝ 18.2 万，取整到 18 万
    assert mk.sales_line(400_000, 0.15, 90_000) == 0                          # 负债比额度还多：不给额度
    assert mk.sales_line(1_000_000, 0.155, step=5_000) == 155_000


@settings(max_examples=40, deadline=None)
@given(st.floats(0, 1e8), st.floats(0, 1), st.floats(0, 1e7))
def test_sales_line_bounded_and_rounded(sales, share, debt):
    v = mk.sales_line(sales, share, debt)
    assert 0 <= v <= max(0.0, sales * share - debt) + 1e-6 and v % 10_000 == 0


def test_sales_line_refuses_bad_input():
    with pytest.raises(InputError, match="额度占销售额的比例"):
        mk.sales_line(1_000_000, 15)
    with pytest.raises(InputError, match="年销售额"):
        mk.sales_line(-1, 0.15)


def test_payroll_main_share_counts_deposit_wealth_or_loan_as_a_main_account():
    ms = mk.payroll_main_share(_staff())
    # 月光族：4,000 元月薪、存 500 元，但有消费贷 → 主账户；6,000 元月薪、存 1,500 元（不到半个月）→ 过路卡
    assert ms["分群"].tolist() == ["月光族", "骨干"]              # 资深员工不在本行代发：不列
    assert ms.set_index("分群").loc["月光族", ["人数", "主账户人数"]].tolist() == [2, 1]
    assert ms.set_index("分群").loc["月光族", "月薪"] == pytest.approx(5_000)
    assert ms.set_index("分群").loc["骨干", "主账户占比"] == pytest.approx(1.0)
    # 门槛提到 3 个月月薪：骨干 2 人里只有存 30,000 元的那位还算
    strict = mk.payroll_main_share(_staff(), months=3).set_index("分群")
    assert strict.loc["骨干", "主账户人数"] == 1
    with pytest.raises(InputError, match="存款门槛"):
        mk.payroll_main_share(_staff(), months=-1)


def test_payroll_benefits_hand_example():
    p = mk.payroll_profile(_staff())
    roster = mk.payroll_main_share(_staff())
    base = dict(zip(roster["分群"], roster["主账户占比"]))
    params = {"ftp_demand": 0.02, "demand_rate": 0.0, "credit_card_income": 100, "wealth_commission_rate": 0.005,
              "cost_per_account": 30, "cost_per_payroll_employee": 10, "payroll_fee_per_employee": 0}
    got = mk.payroll_benefits(roster, p, base, {
        "亲情账户": {"uplift": {"月光族": 0.5}, "per_head": 10, "per_user": 5, "fixed": 100},
        "驻点": {"uplift": {"月光族": 0.8}},
        "只印卡面": {"uplift": {}, "per_head": 20},
    }, params=params, together=["亲情账户", "驻点"]).set_index("权益")
    # 月光族 2 人、1 个过路卡；转过来一半 → 多 0.5 个主账户。一位转化的月光族（月薪 5,000）一年：
    # 存款 5,000 × 0.2 × 2% ＝ 20；卡 0.5 × 100 ＝ 50；消费贷 0.5 × 50,000 × 3% ＝ 750，合计 820
    assert got.loc["亲情账户", "新增主账户人数"] == pytest.approx(0.5)
    assert got.loc["亲情账户", "新增收入"] == pytest.approx(410)
    # 成本：全员 4 人 × 10 ＋ 之后的主账户（1.5 ＋ 2）× 5 ＋ 100 ＝ 157.5
    assert got.loc["亲情账户", "年成本"] == pytest.approx(157.5)
    assert got.loc["亲情账户", "净增贡献"] == pytest.approx(252.5)
    assert got.loc["亲情账户", "每新增一户主账户的成本"] == pytest.approx(315)
    # 组合：过路卡里转过来 1 −（1 − 0.5）×（1 − 0.8）＝ 0.9，不是 1.3
    combo = got.loc["组合：亲情账户 ＋ 驻点"]
    assert combo["新增主账户人数"] == pytest.approx(0.9) and combo["新增收入"] == pytest.approx(738)
    assert combo["年成本"] == pytest.approx(140 + 5 * 3.9)
    assert np.isnan(got.loc["只印卡面", "每新增一户主账户的成本"]) and got.loc["只印卡面", "净增贡献"] == -80
    with pytest.raises(InputError, match="每位用户每年成本"):
        mk.payroll_benefits(roster, p, base, {"x": {"uplift": {}, "per_user": -1}})
    with pytest.raises(InputError, match="组合"):
        mk.payroll_benefits(roster, p, base, {"x": {"uplift": {}}}, together=["x", "y"])
    with pytest.raises(InputError, match="分群"):
        mk.payroll_benefits(roster, p, base, {"x": {"uplift": {"资深员工": 0.1}}})


@settings(max_examples=40, deadline=None)
@given(a=st.floats(0, 1), b=st.floats(0, 1))
def test_payroll_benefits_a_bigger_uplift_never_converts_fewer(a, b):
    p = mk.payroll_profile(_staff())
    roster = mk.payroll_main_share(_staff())
    base = dict(zip(roster["分群"], roster["主账户占比"]))
    lo, hi = sorted((a, b))
    got = mk.payroll_benefits(roster, p, base, {"lo": {"uplift": {"月光族": lo}}, "hi": {"uplift": {"月光族": hi}}},
                              together=["lo", "hi"])
    g = got.set_index("权益")
    assert g.loc["hi", "新增主账户人数"] >= g.loc["lo", "新增主账户人数"] - 1e-9
    assert g.loc["组合：lo ＋ hi", "新增主账户人数"] >= g.loc["hi", "新增主账户人数"] - 1e-9
    assert g.loc["组合：lo ＋ hi", "新增主账户人数"] <= 1 + 1e-9      # 月光族 2 人里只有 1 个过路卡


def test_payroll_benefit_view_reranks_when_the_key_uplift_moves():
    from coursekit.widgets.marketing import PayrollBenefitView

    p = mk.payroll_profile(_staff())
    roster = mk.payroll_main_share(_staff())
    base = dict(zip(roster["分群"], roster["主账户占比"]))
    benefits = {"亲情账户": {"uplift": {"月光族": 0.1}, "per_user": 5}, "卡面": {"uplift": {"月光族": 0.3}, "per_head": 1}}
    w = PayrollBenefitView(roster, p, base, benefits, key="亲情账户", segment="月光族")
    assert w.result["权益"].iloc[0] == "卡面"
    w.controls["转过来的比例"].value = 0.4
    assert w.result["权益"].iloc[0] == "亲情账户"
    w.controls["每位用户年成本"].value = 50           # 之后的主账户：月光族 1 ＋ 0.4 ＋ 骨干 2 ＝ 3.4 人
    assert w.result.set_index("权益").loc["亲情账户", "年成本"] == pytest.approx(170)


# ---------------------------------------------------------------- capacity_gain ----
def test_capacity_gain_hand_example():
    # 三个月的派单 30、60、80 趟；14 台车 × 4 趟 = 56，添 4 台后 72
    g = mk.capacity_gain([30, 60, 80], capacity_before=56, capacity_after=72)
    assert g["扩产前完成"].tolist() == [30, 56, 56]
    assert g["没接"].tolist() == [0, 4, 24]
    assert g["扩产后完成"].tolist() == [30, 60, 72]
    assert g["新增"].tolist() == [0, 4, 16]
    assert g.index.tolist() == [1, 2, 3]


def test_capacity_gain_keeps_month_labels_and_rejects_bad_input():
    d = pd.Series([10, 20], index=["2024-07", "2024-10"])
    assert mk.capacity_gain(d, 15, 30)["新增"].to_dict() == {"2024-07": 0.0, "2024-10": 5.0}
    with pytest.raises(InputError, match="扩产后每月产能"):
        mk.capacity_gain([10, 20], 15, 10)
    with pytest.raises(InputError, match="每月需求"):
        mk.capacity_gain([10, -1], 15, 20)
    with pytest.raises(InputError, match="每月需求"):
        mk.capacity_gain([], 15, 20)


@given(st.lists(st.integers(0, 200), min_size=1, max_size=24), st.integers(0, 150), st.integers(0, 150))
@settings(max_examples=60, deadline=None)
def test_capacity_gain_never_exceeds_the_unmet_demand_or_the_added_capacity(demand, before, extra):
    g = mk.capacity_gain(demand, before, before + extra)
    assert (g["新增"] <= g["没接"] + 1e-9).all()
    assert (g["新增"] <= extra + 1e-9).all()
    assert (g["扩产后完成"] <= g["需求"] + 1e-9).all()
    # 添的产能装得下全部没接的单时，新增就是没接的全部
    if extra >= max(demand):
        assert g["新增"].sum() == pytest.approx(g["没接"].sum())


def test_capacity_cover_counts_only_the_shared_unmet_demand():
    # 14 台 × 4 趟 = 56；三个月派单 30、60、80；添 4 台（+16）分到 0 + 4 + 16 = 20 趟
    c = mk.capacity_cover([30, 60, 80], 14, 4, 4, net_per_job=6_500, fixed_per_unit=2_000, due_per_unit=30_000)
    assert c["新增量"] == 20 and c["每台新增量"] == 5 and c["满负荷每台量"] == 12
    assert c["新增净收入"] == 20 * 6_500 - 4 * 2_000
    assert c["应还"] == 120_000
    assert c["覆盖倍数"] == pytest.approx((130_000 - 8_000) / 120_000)
    # 多添的车分不到更多活：添 8 台与添 6 台的新增趟数一样（没接的单只有 4 + 24 = 28 趟）
    six, eight = (mk.capacity_cover([30, 60, 80], 14, n, 4, net_per_job=1, fixed_per_unit=0, due_per_unit=1)
                  for n in (6, 8))
    assert six["新增量"] == eight["新增量"] == 28


def test_fleet_addition_view_marks_the_chosen_count():
    from coursekit.widgets.marketing import FleetAdditionView

    w = FleetAdditionView([30, 60, 80], units_before=14, per_unit=4, net_per_job=6_500, fixed_per_unit=2_000,
                          loan_per_unit=300_000, annual_rate=0.046, added=4, max_added=6)
    r = w.result
    assert len(r) == 6 and int(r.loc[r["选中"], "新增台数"].iloc[0]) == 4
    assert r.loc[r["选中"], "新增量"].iloc[0] == 20


# ------------------------------------------------------- 共用派单池：每户车主各自的账 ----
def _owners(added=(1, 0)):
    return pd.DataFrame({"车主": ["甲", "乙"], "现有台数": [2, 2], "新增台数": list(added),
                         "现有年还款": [10_000, 0], "家庭年支出": [20_000, 20_000]})


def test_pool_owner_cover_hand_example():
    # 派单：每月 10 趟，现有 4 台、每台每月最多 2 趟 → 产能 8，完成 8；添 1 台后产能 10，完成 10。一年（12 个月）
    demand = [10] * 12
    r = mk.pool_owner_cover(_owners(), demand, 2, net_per_job=1_000, fixed_per_unit=3_000,
                            due_per_unit=12_000).set_index("车主")
    # 添车前：完成 96 趟，每台 24 趟；甲 48 趟 × 1,000 − 2 × 3,000 = 42,000；结余 42,000 − 20,000 − 10,000 = 12,000
    assert r.loc["甲", "年趟数（添车前）"] == 48 and r.loc["甲", "经营净收入（添车前）"] == 42_000
    assert r.loc["甲", "结余（添车前）"] == 12_000 and r.loc["甲", "覆盖倍数（添车前）"] == pytest.approx(2.2)
    # 添车后：完成 120 趟、5 台，每台 24 趟；甲 3 台 72 趟 → 72,000 − 9,000 = 63,000；应还 22,000；结余 21,000
    assert r.loc["甲", "年趟数（添车后）"] == 72 and r.loc["甲", "年应还（添车后）"] == 22_000
    assert r.loc["甲", "结余（添车后）"] == 21_000 and r.loc["甲", "结余变化"] == 9_000
    # 乙没添车：2 台仍 48 趟（需求有富余，新车没挤走他的活），结余不变；没有贷款，覆盖倍数为空
    assert r.loc["乙", "结余变化"] == 0 and r.loc["乙", "覆盖倍数（添车前）"] is None
    # 车队结余变化 ＝ 新增 24 趟 × 1,000 − 3,000 − 12,000
    assert r.attrs["车队结余变化"] == pytest.approx(9_000)


def test_pool_owner_cover_new_truck_takes_from_the_neighbour_when_demand_is_full():
    # 需求只有 8 趟：添车后完成仍是 8，按台轮派，乙的 2 台从 48 趟降到 38.4 趟
    r = mk.pool_owner_cover(_owners(), [8] * 12, 2, net_per_job=1_000, fixed_per_unit=3_000,
                            due_per_unit=12_000).set_index("车主")
    assert r.loc["乙", "年趟数（添车后）"] == pytest.approx(96 * 2 / 5)
    assert r.loc["乙", "结余变化"] == pytest.approx(-9_600)
    assert r.attrs["车队结余变化"] == pytest.approx(-15_000)   # 一趟没多，只多了固定费用和本息


@given(st.integers(0, 5), st.integers(0, 5), st.integers(0, 30))
def test_pool_owner_cover_owner_changes_sum_to_the_fleet(a, b, monthly):
    r = mk.pool_owner_cover(_owners((a, b)), [monthly] * 12, 3, net_per_job=900, fixed_per_unit=2_000,
                            due_per_unit=10_000)
    gain = mk.capacity_gain([monthly] * 12, 4 * 3, (4 + a + b) * 3)["新增"].sum()
    assert r["结余变化"].sum() == pytest.approx(gain * 900 - (a + b) * (2_000 + 10_000), abs=1e-6)


def test_pool_owner_cover_refuses_bad_input():
    with pytest.raises(InputError, match="车主表"):
        mk.pool_owner_cover(_owners().drop(columns="家庭年支出"), [10] * 12, 2, net_per_job=1, fixed_per_unit=0,
                            due_per_unit=0)
    with pytest.raises(InputError, match="新增台数"):
        mk.pool_owner_cover(_owners((0.5, 0)), [10] * 12, 2, net_per_job=1, fixed_per_unit=0, due_per_unit=0)
    with pytest.raises(InputError, match="车主"):
        mk.pool_owner_cover(_owners().assign(车主=["甲", "甲"]), [10] * 12, 2, net_per_job=1, fixed_per_unit=0,
                            due_per_unit=0)
    with pytest.raises(InputError, match="现有台数"):
        mk.pool_owner_cover(_owners().assign(现有台数=[0, 0]), [10] * 12, 2, net_per_job=1, fixed_per_unit=0,
                            due_per_unit=0)


# ------------------------------------------------------------- 整村授信：闲置原因与回访选村 ----
def _villages():
    v = pd.DataFrame({"授信户数": [100, 80], "用信户数": [20, 30]}, index=pd.Index(["甲村", "乙村"], name="村"))
    r = pd.DataFrame({"不缺钱": [40, 10], "额度不够": [30, 10], "不会用": [10, 30]}, index=v.index)
    return v, r


def test_idle_credit_review_hand_example():
    v, r = _villages()
    out = mk.idle_credit_review(v, r, ["额度不够", "不会用"], activation={"额度不够": 0.5, "不会用": 0.2}, pick=1)
    # 甲村：闲置 80，能改 40，预计激活 30 × 0.5 + 10 × 0.2 = 17；乙村：闲置 50，能改 40，10 × 0.5 + 30 × 0.2 = 11
    assert out.loc["甲村", "能改的闲置户"] == 40 and out.loc["甲村", "预计激活户数"] == pytest.approx(17)
    assert out.loc["乙村", "预计激活户数"] == pytest.approx(11) and out.loc["乙村", "主要可改原因"] == "不会用"
    assert out.loc["甲村", "回访后用信率"] == pytest.approx((20 + 17) / 100)
    assert out.attrs["回访的村"] == ["甲村"] and out.attrs["合计用信率"] == pytest.approx(50 / 180)
    assert out.attrs["回访后合计用信率"] == pytest.approx((50 + 17) / 180)
    assert "授信覆盖率" not in out.columns
    cover = mk.idle_credit_review(v.assign(常住户数=[200, 100]), r, ["额度不够"])
    assert cover.loc["甲村", "授信覆盖率"] == pytest.approx(0.5)
    # 额度不够只激活三成、不会用激活六成：甲村 30 × 0.3 + 10 × 0.6 = 15，乙村 10 × 0.3 + 30 × 0.6 = 21，换成乙村
    flip = mk.idle_credit_review(v, r, ["额度不够", "不会用"], activation={"额度不够": 0.3, "不会用": 0.6}, pick=1)
    assert flip.attrs["回访的村"] == ["乙村"]                     # 9 + 6 = 15 < 3 + 18 = 21


def test_idle_credit_review_refuses_inconsistent_tables():
    v, r = _villages()
    with pytest.raises(InputError, match="回访原因表"):
        mk.idle_credit_review(v, r.assign(不缺钱=[41, 10]), ["额度不够"])
    with pytest.raises(InputError, match="能改的原因"):
        mk.idle_credit_review(v, r, ["没这一类"])
    with pytest.raises(InputError, match="用信户数"):
        mk.idle_credit_review(v.assign(用信户数=[120, 30]), r, ["额度不够"])
    with pytest.raises(InputError, match="激活率"):
        mk.idle_credit_review(v, r, ["额度不够"], activation={"额度不够": 1.5})


@given(st.floats(0, 1), st.floats(0, 1))
def test_idle_credit_review_activation_never_exceeds_fixable(a, b):
    v, r = _villages()
    out = mk.idle_credit_review(v, r, ["额度不够", "不会用"], activation={"额度不够": a, "不会用": b})
    assert (out["预计激活户数"] <= out["能改的闲置户"] + 1e-9).all()
    assert (out["回访后用信率"] <= 1 + 1e-12).all()


def test_idle_credit_view_moves_the_choice():
    from coursekit.widgets.marketing import IdleCreditView

    v, r = _villages()
    w = IdleCreditView(v, r, ["额度不够", "不会用"], activation={"额度不够": 0.5, "不会用": 0.2}, pick=1)
    assert w.result.attrs["回访的村"] == ["甲村"]
    w.controls["额度不够"].value = 0.3
    w.controls["不会用"].value = 0.6
    assert w.result.attrs["回访的村"] == ["乙村"] and w.unexpected is None
