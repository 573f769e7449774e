"""coursekit.risk：五级分类的每个逾期界限、迁徙矩阵、预警规则、账龄与滚动率、催收方案、区隔分析与清单。"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coursekit import datasets, risk
from coursekit.errors import InputError


# -- 五级分类 ----------------------------------------------------------------------------

@pytest.mark.parametrize("days, expected", [
    (0, "正常"), (1, "关注"), (90, "关注"), (91, "次级"), (270, "次级"), (271, "可疑"), (360, "可疑"), (361, "损失"),
])
def test_overdue_thresholds(days, expected):
    assert risk.classify(days).category == expected


def test_reason_names_days_and_threshold():
    c = risk.classify(95)
    assert c.category == "次级" and c.is_npl
    assert c.reasons[0] == "逾期 95 天，超过 90 天，至少为次级"
    assert risk.classify(0).reason == "未逾期，无其他风险因素，正常"
    assert not risk.classify(30).is_npl


def test_restructured_floor_depends_on_the_category_before_restructuring():
    # 《商业银行金融资产风险分类办法》：重组前正常、关注的，观察期内至少关注；重组前不良的，观察期内不上调
    assert risk.classify(0, restructured=True, before_restructure="正常").category == "关注"
    assert risk.classify(0, restructured=True, before_restructure="关注", months_since_restructure=11).category == "关注"
    assert risk.classify(0, restructured=True, before_restructure="次级", months_since_restructure=11).category == "次级"
    assert risk.classify(0, restructured=True, before_restructure="可疑", months_since_restructure=3).category == "可疑"
    # 按月还款、无宽限期：第 1 个月是第一次还款日，观察期到第 13 个月（1 年）
    assert risk.classify(0, restructured=True, before_restructure="关注", months_since_restructure=12).category == "关注"
    assert risk.classify(0, restructured=True, before_restructure="关注", months_since_restructure=13).category == "正常"
    # 不良只在符合不良标准时：逾期、预期损失等其他底线更严的，以更严的为准
    assert risk.classify(300, restructured=True, before_restructure="关注", months_since_restructure=3).category == "可疑"
    assert risk.classify(95, restructured=True, before_restructure="正常", months_since_restructure=3).category == "次级"
    # 没填重组前的分类：按关注计，理由里写明（重组前不良的要填，否则会被低估）
    c = risk.classify(0, restructured=True)
    assert c.category == "关注" and "未填重组前分类，按关注计" in c.reason


def test_portfolio_restructured_rows_with_blank_before_for_others():
    df = pd.DataFrame({"overdue_days": [0, 35, 0], "restructured": [False, True, True],
                       "before_restructure": [None, "次级", "关注"], "months_since_restructure": [None, 5, 2]})
    out = risk.classify_portfolio(df)
    assert out["category"].tolist() == ["正常", "次级", "关注"]
    assert "观察期内不上调" in out.loc[1, "reason"] and "至少为关注" in out.loc[2, "reason"]
    blank = risk.classify_portfolio(df.drop(columns="before_restructure"))
    assert blank["category"].tolist() == ["正常", "关注", "关注"] and "未填重组前分类" in blank.loc[1, "reason"]
    with pytest.raises(InputError, match="重组前分类"):
        risk.classify_portfolio(df.assign(before_restructure=[None, "不良", "关注"]))


def test_restructured_watch_loan_with_six_month_grace_period():
    # 关注类贷款重组，宽限 6 个月（不还本也不付息），之后按月还款：
    # 第一次还款日在第 7 个月，观察期从这里起算 12 个月，到第 19 个月结束
    obs = risk.observation_period(grace_months=6)
    assert (obs.start, obs.end) == (7, 19)
    kw = dict(restructured=True, before_restructure="关注", grace_months=6)
    assert [risk.classify(0, months_since_restructure=m, **kw).category for m in (0, 6, 13, 18, 19)] == \
        ["关注", "关注", "关注", "关注", "正常"]
    c = risk.classify(0, months_since_restructure=13, **kw)
    assert "第 7 个月起算" in c.reason and "到第 19 个月" in c.reason
    # 2007 年指引的“至少次级”已不适用；行内坚持更严的做法时要明确设参数
    strict = risk.ClassifyParams(internal_restructured_floor="次级")
    assert risk.classify(0, months_since_restructure=13, params=strict, **kw).category == "次级"
    assert "行内规定" in risk.classify(0, months_since_restructure=13, params=strict, **kw).reason


def test_observation_restarts_after_a_missed_payment_and_covers_two_periods():
    # 第 10 个月没有按约还款：从第 10 个月起重新计算 12 个月，到第 22 个月
    kw = dict(restructured=True, before_restructure="关注")
    assert risk.observation_period(missed_month=10) == risk.Observation(1, 22, True)
    assert risk.classify(0, months_since_restructure=20, missed_month=10, **kw).category == "关注"
    assert risk.classify(0, months_since_restructure=22, missed_month=10, **kw).category == "正常"
    # 观察期结束后的逾期不再重算观察期
    assert risk.observation_period(missed_month=15) == risk.Observation(1, 13, False)
    # 按季还款：两个还款期只有 6 个月，仍要满 1 年；按年还款：两个还款期要 24 个月
    assert risk.observation_period(period_months=3) == risk.Observation(3, 15, False)
    assert risk.observation_period(period_months=12) == risk.Observation(12, 36, False)
    # 观察期内再次重组：本书参数默认至少次级
    assert risk.classify(0, months_since_restructure=5, rerestructured=True, **kw).category == "次级"
    with pytest.raises(InputError):
        risk.ClassifyParams(observation_periods=1)


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(risk.CATEGORIES), st.integers(0, 40), st.integers(0, 12), st.sampled_from([1, 3, 6, 12]),
       st.one_of(st.none(), st.integers(0, 40)), st.integers(0, 400), st.booleans())
def test_restructured_floor_never_below_npl_before_and_at_least_watch(before, months, grace, period, missed, days,
                                                                       again):
    c = risk.classify(days, restructured=True, before_restructure=before, months_since_restructure=months,
                      grace_months=grace, period_months=period, missed_month=missed, rerestructured=again)
    plain = risk.classify(days)
    obs = risk.observation_period(grace_months=grace, period_months=period, missed_month=missed)
    rank = risk.category_rank
    assert rank(c.category) >= rank(plain.category)                 # 重组从不让分类变好
    if obs.contains(months):
        assert rank(c.category) >= rank("关注")
        if before in risk.NPL_CATEGORIES:
            assert rank(c.category) >= rank(before)                   # 重组前不良的，观察期内不上调
        elif not again:
            assert c.category == plain.category or c.category == "关注"  # 只有其他底线才能使它成为不良
    else:
        assert c.category == plain.category
    assert obs.end - obs.start >= max(12, 2 * period)


def test_expected_loss_and_flags_take_the_worst():
    assert risk.classify(0, expected_loss=0.04).category == "正常"
    assert risk.classify(0, expected_loss=0.05).category == "次级"
    assert risk.classify(10, expected_loss=0.5).category == "可疑"
    assert risk.classify(0, expected_loss=0.95).category == "损失"
    c = risk.classify(5, flags=["显著信用减值"])
    assert c.category == "可疑"
    assert c.reasons[0].startswith("借款人状况：显著信用减值")
    assert any("逾期 5 天" in r for r in c.reasons)
    assert risk.classify(0, flags="存在不利因素").category == "关注"


def test_npl_is_not_upgraded_until_cured_six_months():
    assert risk.classify(0, previous="次级", months_normal_since_cure=2).category == "次级"
    assert risk.classify(0, previous="次级", months_normal_since_cure=6).category == "正常"
    assert risk.classify(20, previous="可疑", months_normal_since_cure=12).category == "可疑"
    assert risk.classify(0, previous="关注").category == "正常"


@pytest.mark.parametrize("kwargs, field", [
    ({"overdue_days": -1}, "逾期天数"), ({"overdue_days": 1.5}, "逾期天数"), ({"overdue_days": "30"}, "逾期天数"),
    ({"expected_loss": 1.2}, "预期损失率"), ({"flags": ["看着不靠谱"]}, "借款人状况"),
    ({"previous": "不良"}, "上期分类"), ({"restructured": "也许"}, "是否重组"),
    ({"restructured": True, "before_restructure": "不良"}, "重组前分类"),
])
def test_classify_rejects_bad_input(kwargs, field):
    with pytest.raises(InputError) as exc:
        risk.classify(**kwargs)
    assert exc.value.field == field


def test_params_validate_order():
    with pytest.raises(InputError):
        risk.ClassifyParams(overdue_bounds=(90, 60, 360))
    with pytest.raises(InputError):
        risk.ClassifyParams(observation_months=6)
    custom = risk.ClassifyParams(overdue_bounds=(60, 180, 360))
    assert risk.classify(61, params=custom).category == "次级"


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 2000), st.integers(0, 2000), st.booleans(), st.one_of(st.none(), st.floats(0, 1)),
       st.sampled_from(risk.CATEGORIES))
def test_more_overdue_never_improves(a, b, restructured, el, before):
    lo, hi = min(a, b), max(a, b)
    c_lo = risk.classify(lo, restructured=restructured, before_restructure=before, expected_loss=el).category
    c_hi = risk.classify(hi, restructured=restructured, before_restructure=before, expected_loss=el).category
    assert risk.category_rank(c_hi) >= risk.category_rank(c_lo)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 800), st.booleans(), st.integers(0, 30),
                          st.one_of(st.none(), st.floats(0, 1)),
                          st.sampled_from(["", "存在不利因素", "显著信用减值", "存在不利因素、无法足额偿付"]),
                          st.sampled_from(risk.CATEGORIES), st.integers(0, 8), st.sampled_from([1, 3, 12]),
                          st.one_of(st.none(), st.integers(0, 30)), st.booleans()),
                min_size=1, max_size=25),
       st.sampled_from([None, "次级"]))
def test_portfolio_matches_single(rows, internal):
    df = pd.DataFrame(rows, columns=["overdue_days", "restructured", "months_since_restructure", "expected_loss",
                                     "flags", "before_restructure", "grace_months", "period_months",
                                     "missed_month", "rerestructured"])
    params = risk.ClassifyParams(internal_restructured_floor=internal)
    out = risk.classify_portfolio(df, params=params)
    for r, cat in zip(rows, out["category"]):
        flags = [f for f in r[4].split("、") if f]
        single = risk.classify(r[0], restructured=r[1], months_since_restructure=r[2], expected_loss=r[3],
                               flags=flags, before_restructure=r[5], grace_months=r[6], period_months=r[7],
                               missed_month=r[8], rerestructured=r[9], params=params)
        assert cat == single.category


def test_portfolio_reasons_and_errors():
    df = pd.DataFrame({"loan_id": ["a", "b", "c"], "overdue_days": [0, 95, 400]})
    out = risk.classify_portfolio(df)
    assert out["category"].tolist() == ["正常", "次级", "损失"]
    assert out.loc[1, "reason"] == "逾期 95 天，超过 90 天，至少为次级"
    assert out.loc[0, "reason"] == "未逾期，无其他风险因素，正常"
    with pytest.raises(InputError, match="逾期天数"):
        risk.classify_portfolio(pd.DataFrame({"overdue_days": [1, None]}))
    with pytest.raises(InputError, match="overdue_days"):
        risk.classify_portfolio(pd.DataFrame({"days": [1]}))
    with pytest.raises(InputError, match="负数"):
        risk.classify_portfolio(pd.DataFrame({"overdue_days": [-3]}))


def test_migration_counts_balances_and_rates():
    before = pd.DataFrame({"loan_id": ["a", "b", "c", "d"], "category": ["正常", "正常", "关注", "次级"],
                           "balance": [100.0, 200.0, 50.0, 30.0]})
    after = pd.DataFrame({"loan_id": ["a", "b", "c", "e"], "category": ["正常", "关注", "次级", "正常"],
                          "balance": [90.0, 190.0, 50.0, 80.0]})
    m = risk.migration(before, after)
    assert m.loc["正常", "正常"] == 1 and m.loc["正常", "关注"] == 1
    assert m.loc["关注", "次级"] == 1 and m.loc["次级", "已退出"] == 1 and m.loc["新发放", "正常"] == 1
    assert m.to_numpy().sum() == 5
    w = risk.migration(before, after, weight="balance")
    assert w.loc["正常", "关注"] == 200.0 and w.loc["新发放", "正常"] == 80.0
    r = risk.migration(before, after, normalize=True)
    assert r.loc["正常", "关注"] == pytest.approx(0.5)
    assert r.loc["可疑"].sum() == 0
    with pytest.raises(InputError):
        risk.migration(before.assign(category=["正常", "坏", "关注", "次级"]), after)


def test_npl_share():
    df = risk.classify_portfolio(pd.DataFrame({"overdue_days": [0, 100, 0, 300], "balance": [10, 20, 30, 40.0]}))
    assert risk.npl_share(df) == pytest.approx(0.6)
    assert risk.npl_share(df, weight=None) == pytest.approx(0.5)


# -- 预警 --------------------------------------------------------------------------------

def _series(utilities=None, inflow=None, inquiries=None, lenders=None, outflow_unexplained=None, n=9):
    data = {"月份": pd.date_range("2024-01-01", periods=n, freq="MS")}
    if utilities is not None:
        data["水电用量"] = utilities
    if inflow is not None:
        data["账户流入"] = inflow
    if inquiries is not None:
        data["征信查询次数"] = inquiries
    if lenders is not None:
        data["他行借款机构数"] = lenders
    if outflow_unexplained is not None:
        data["不明大额流出"] = outflow_unexplained
    return pd.DataFrame(data)


def test_no_signal_means_normal_monitoring():
    rep = risk.early_warning({"借款人": "李某"}, _series(utilities=[100] * 9, inflow=[50] * 9))
    assert rep.signals.empty and rep.level == 0 and rep.level_name == "正常监测"
    assert rep.summary.startswith("未发现")


def test_utility_drop_threshold_is_inclusive_and_evidence_has_numbers():
    just = risk.early_warning(series=_series(utilities=[100] * 6 + [70] * 3))
    assert just.signals["信号"].tolist() == ["水电用量下降"]
    assert "下降 30%" in just.signals.loc[0, "证据"]
    near = risk.early_warning(series=_series(utilities=[100] * 6 + [71] * 3))
    assert near.signals.empty


def test_data_signals_inflow_inquiries_lenders_outflow():
    rep = risk.early_warning(series=_series(inflow=[100] * 6 + [60] * 3, inquiries=[0] * 6 + [2, 1, 2],
                                            lenders=[1] * 6 + [1, 2, 3], outflow_unexplained=[0] * 8 + [30]))
    names = set(rep.signals["信号"])
    assert names == {"账户流入下降", "征信查询激增", "他行新增借款（多头借贷）", "大额不明流出"}
    assert rep.level_name == "离场"      # 两个高严重度信号
    assert rep.actions[-1].startswith("启动清收")
    assert "暂停新增提款（冻结未用额度）" in rep.actions


def test_onsite_flags_escalate():
    one = risk.early_warning({"设备闲置": True})
    assert one.level_name == "控制风险敞口"
    assert one.signals.loc[0, "证据"] == "现场检查记录"
    high = risk.early_warning({"停产或半停产": "三条线停了两条", "guarantor_trouble": True})
    assert high.level_name == "增加保障"
    assert high.signals.loc[0, "证据"] == "三条线停了两条"
    exit_ = risk.early_warning({"owner_gambling": True, "lawsuit": "被供应商起诉"})
    assert exit_.level == 4 and "依合同宣布贷款提前到期，要求提前归还" in exit_.actions
    assert risk.early_warning({"设备闲置": False}).signals.empty


@pytest.mark.parametrize("answer", ["否", "无", "没有", 0, "0", "False", False, "no", None])
def test_onsite_no_answers_are_not_signals(answer):
    # “否”“无”、0、'False' 都是没看到：不能被当成出现了的信号
    assert risk.early_warning({"停产或半停产": answer, "借款人": "李某"}).signals.empty


@pytest.mark.parametrize("answer", ["是", "有", 1, "True", True])
def test_onsite_yes_answers_are_signals(answer):
    rep = risk.early_warning({"停产或半停产": answer})
    assert rep.signals["信号"].tolist() == ["停产或半停产"] and rep.level_name == "增加保障"


def test_onsite_unknown_keys_and_ambiguous_answers_are_rejected():
    with pytest.raises(InputError) as exc:
        risk.early_warning({"停产": True})           # 写错的信号名不能被悄悄忽略
    assert exc.value.field == "借款人档案" and "停产或半停产" in str(exc.value)
    with pytest.raises(InputError, match="否定词"):
        risk.early_warning({"设备闲置": "没看到闲置设备"})
    with pytest.raises(InputError):
        risk.early_warning({"设备闲置": 2})


def test_overdue_and_classification_are_signals():
    s = _series(inflow=[100] * 9).assign(逾期天数=[0] * 8 + [20])
    rep = risk.early_warning(series=s)
    assert rep.signals["信号"].tolist() == ["本息逾期"] and rep.level_name == "控制风险敞口"
    late = risk.early_warning(series=s.assign(逾期天数=[0] * 8 + [165], 五级分类=["正常"] * 8 + ["次级"]))
    assert set(late.signals["信号"]) == {"逾期超过 90 天", "五级分类为不良"} and late.level_name == "离场"
    watch = risk.early_warning(series=s.assign(逾期天数=0, 五级分类=["正常"] * 8 + ["关注"]))
    assert watch.signals["信号"].tolist() == ["五级分类为关注"]
    with pytest.raises(InputError):
        risk.early_warning(series=s.assign(五级分类="不良"))


def test_early_warning_bad_input():
    with pytest.raises(InputError, match="至少提供"):
        risk.early_warning()
    with pytest.raises(InputError, match="无法识别"):
        risk.early_warning(series=pd.DataFrame({"营业额": [1, 2]}))
    with pytest.raises(InputError, match="负数"):
        risk.early_warning(series=_series(utilities=[100] * 8 + [-1]))
    with pytest.raises(InputError):
        risk.early_warning(["停产"])


# -- 逾期与催收 --------------------------------------------------------------------------

@pytest.mark.parametrize("days, b", [(0, "正常"), (1, "M1"), (30, "M1"), (31, "M2"), (60, "M2"), (61, "M3"),
                                     (90, "M3"), (91, "M3+"), (1000, "M3+")])
def test_buckets(days, b):
    assert risk.bucket(days) == b


def test_bucket_errors():
    with pytest.raises(InputError):
        risk.bucket(-1)
    with pytest.raises(InputError):
        risk.bucket_of([1, None])


def test_roll_rates():
    months = pd.to_datetime(["2024-01-01", "2024-02-01", "2024-03-01"])
    rows = []
    # a：正常→M1→M2；b：正常→正常→正常；c：M1→结清；d：M1→M1（同段未滚动）→M2
    for lid, days in {"a": [0, 10, 40], "b": [0, 0, 0], "d": [5, 28, 35]}.items():
        rows += [(lid, m, d) for m, d in zip(months, days)]
    rows.append(("c", months[0], 12))
    rr = risk.roll_rates(pd.DataFrame(rows, columns=["loan_id", "month", "overdue_days"]))
    feb = rr.loc[pd.Timestamp("2024-02-01")]
    assert feb["正常→M1"] == pytest.approx(0.5)       # a 滚入，b 未滚入
    assert feb["M1→M2"] == pytest.approx(0.0)         # c 结清、d 仍在 M1
    mar = rr.loc[pd.Timestamp("2024-03-01")]
    assert mar["M1→M2"] == pytest.approx(1.0)         # a、d 都滚入 M2
    assert np.isnan(mar["M2→M3"])
    with pytest.raises(InputError):
        risk.roll_rates(pd.DataFrame({"loan_id": ["a"]}))


def test_collection_plan_by_stage_and_type():
    p = risk.collection_plan(overdue_days=1, borrower_type="低自尊型人格")
    assert p.stage == "早期逾期" and "24 小时内" in p.frequency
    assert "尊重" in p.tone and (p.steps["类别"] == "避免").any()
    q = risk.collection_plan("中期逾期", "强韧型人格")
    assert "期限" in q.tone
    assert risk.collection_plan(overdue_days=91).stage == "不良清收"
    assert risk.collection_plan(overdue_days=0).stage == "到期前提醒"
    with pytest.raises(InputError):
        risk.collection_plan("晚期", "低自尊型人格")
    with pytest.raises(InputError):
        risk.collection_plan("早期逾期", "暴躁型")


def test_litigation_duties_cover_three_phases():
    d = risk.litigation_duties()
    assert list(dict.fromkeys(d["阶段"])) == ["诉讼前", "诉讼中", "诉讼后"]
    assert (risk.litigation_duties("诉讼后")["阶段"] == "诉讼后").all()


# -- 区隔与清单 --------------------------------------------------------------------------

def test_segment_breaches():
    loans = pd.DataFrame({
        "loan_id": list("abcdef"), "customer_id": list("123456"), "balance": [40.0, 10, 10, 10, 10, 20],
        "guarantor_id": ["G1", "G1", None, None, None, "G2"], "method": ["等额本息"] * 6,
        "disburse_date": pd.to_datetime(["2024-01-05"] * 3 + ["2024-02-05"] * 3),
        "status": ["正常"] * 6,
    })
    customers = pd.DataFrame({"customer_id": list("123456"), "cluster_id": ["K1", "K1", "K1", "K2", "K3", "K4"],
                              "group_id": ["F1", "F1", None, None, None, None]})
    limits = risk.SegmentLimits({"guarantor_id": 0.3, "cluster_id": 0.5, "method": None, "group_id": 0.6,
                                 "disburse_month": 0.5})
    b = risk.segment_breaches(loans, customers, limits=limits)
    got = {(r["维度"], r["取值"]) for _, r in b.iterrows()}
    assert got == {("担保人", "G1"), ("集群", "K1"), ("投放月份", "2024-01")}
    g1 = b[b["取值"] == "G1"].iloc[0]
    assert g1["占比"] == pytest.approx(0.5) and g1["笔数"] == 2
    assert "超过限额 30.0%" in g1["说明"]
    c = risk.concentration(loans, "cluster_id", customers)
    assert c.iloc[0]["占比"] == pytest.approx(0.6)
    with pytest.raises(InputError):
        risk.SegmentLimits({"hair_color": 0.1})
    with pytest.raises(InputError):
        risk.concentration(loans, "cluster_id")   # 没有客户表就没有集群列


def test_checklists():
    q = risk.acceptance_questions()
    assert len(q) == 4 and q.iloc[2]["问题"].startswith("拿什么还")
    base = risk.pre_loan_checklist()
    full = risk.pre_loan_checklist("加工制造", "衰退期")
    assert len(full) == len(base) + 6
    assert full["类别"].str.contains("生命周期风险（衰退期）").any()
    for ind in risk.INDUSTRIES:
        assert len(risk.pre_loan_checklist(ind)) > len(base)
    for stage in risk.LIFE_CYCLE_STAGES:
        assert len(risk.pre_loan_checklist(stage=stage)) > len(base)
    with pytest.raises(InputError):
        risk.pre_loan_checklist("炼丹")


def test_series_from_transactions_excludes_disbursements():
    tx = pd.DataFrame({"account_owner": ["C1", "C1", "C1", "C2"], "date": pd.to_datetime(
        ["2024-01-03", "2024-01-05", "2024-03-09", "2024-03-01"]), "direction": ["入", "入", "出", "入"],
        "amount": [500_000.0, 20_000.0, 7_000.0, 9.0], "counterparty_type": ["放款", "个人", "企业", "个人"]})
    s = risk.series_from_transactions(tx, "C1", months=3)
    assert s["月份"].tolist() == list(pd.date_range("2024-01-01", periods=3, freq="MS"))
    assert s["账户流入"].tolist() == [20_000.0, 0.0, 0.0] and s["账户流出"].tolist() == [0.0, 0.0, 7_000.0]


def test_teaching_bank_warning_truth_and_seasonal_near_misses():
    bank = datasets.teaching_bank(seed=0)
    truth = bank.truth.loc[bank.truth["kind"] == "预警", "entity"].tolist()
    near = bank.near_misses.loc[bank.near_misses["kind"] == "预警", "entity"].tolist()
    assert truth and near
    others = [c for c in bank.loans.loc[bank.loans["status"] == "正常", "customer_id"].unique()
              if c not in truth and c not in near][:60]

    def flagged(c):
        rep = risk.early_warning(series=risk.series_from_transactions(bank.transactions, c))
        return "inflow_drop" in set(rep.signals["代码"])

    assert all(flagged(c) for c in truth)
    assert not any(flagged(c) for c in near)          # 淡季回落、已回升：不报警
    assert sum(flagged(c) for c in others) <= 3


def test_widgets_expose_results(monkeypatch):
    monkeypatch.setenv("MPLBACKEND", "Agg")
    from coursekit.widgets.risk import CollectionPlanner, EarlyWarningExplorer, PortfolioDashboard

    loans = pd.DataFrame({"loan_id": list("abc"), "overdue_days": [0, 60, 120], "balance": [1e5, 1e5, 2e5]})
    dash = PortfolioDashboard(loans)
    assert dash.result["npl_share"] == pytest.approx(0.5)
    dash.controls["次级界限"].value = 45
    assert dash.result["npl_share"] == pytest.approx(0.75)
    s = _series(utilities=[100] * 9)
    ew = EarlyWarningExplorer({}, s)
    assert ew.result.level == 0
    ew.controls["水电用量变化"].value = -0.5
    assert ew.result.signals["信号"].tolist() == ["水电用量下降"]
    cp = CollectionPlanner(overdue_days=45, borrower_type="强韧型人格")
    assert cp.result.stage == "中期逾期"


def test_early_warning_explorer_outflow_threshold(monkeypatch):
    """不明流出占比阈值的滑块：默认取传入的参数（首次显示不变），调低后 13% 的不明流出亮灯。"""
    monkeypatch.setenv("MPLBACKEND", "Agg")
    from coursekit.widgets.risk import EarlyWarningExplorer

    # 最后一个月流入 45 万元、不明流出 6 万元：占 13.3%
    s = _series(inflow=[600_000.0] * 8 + [450_000.0], outflow_unexplained=[0.0] * 8 + [60_000.0])
    ew = EarlyWarningExplorer(None, s)
    ctl = ew.controls["不明流出占比阈值"]
    assert ctl.value == risk.WarningParams().unexplained_outflow_share == 0.20
    assert ew.result.level == 0 and ew.result.signals.empty
    assert ew.result.signals.equals(risk.early_warning(None, s).signals)
    ctl.value = 0.13
    assert ew.error is None and ew.result.signals["代码"].tolist() == ["unexplained_outflow"]
    assert "不明大额流出 60,000 元，占当月流入 13%" in ew.result.signals["证据"].iloc[0]
    want = risk.early_warning(None, s, params=risk.WarningParams(unexplained_outflow_share=0.13))
    assert ew.result.level == want.level == 3
    ctl.value = 0.14
    assert ew.result.signals.empty
    # 其他滑块照常起作用：阈值 14% 下，流入调低 10%，占比升到 14.8%，又亮灯
    ew.controls["账户流入变化"].value = -0.1
    assert ew.result.signals["代码"].tolist() == ["unexplained_outflow"]

    # 传入收紧的参数：首次显示按 5% 计算，其余阈值保持传入的值
    tight = risk.WarningParams(unexplained_outflow_share=0.05, inflow_drop=0.9)
    ew = EarlyWarningExplorer(None, s, params=tight)
    assert ew.controls["不明流出占比阈值"].value == 0.05 and ew.result.level == 3
    ew.controls["账户流入变化"].value = -0.8          # 流入大降，但 90% 的下降阈值仍不触发
    assert "inflow_drop" not in set(ew.result.signals["代码"])


def test_early_warning_explorer_shows_bad_threshold_inline(monkeypatch):
    monkeypatch.setenv("MPLBACKEND", "Agg")
    from coursekit.widgets.risk import EarlyWarningExplorer

    s = _series(inflow=[600_000.0] * 9, outflow_unexplained=[0.0] * 8 + [200_000.0])
    ew = EarlyWarningExplorer(None, s)
    assert ew.result.level == 3
    ctl = ew.controls["不明流出占比阈值"]
    ctl.max = 2.0
    ctl.value = 1.5                                   # 超过 100%：WarningParams 拒绝，错误显示在滑块旁
    assert ew.error is not None and ew.error.field == "不明流出占比阈值"
    assert "不明流出占比阈值" in ew._field_errors["不明流出占比阈值"].value
    assert ew.result.level == 3                       # 保留上一次的结果
    ctl.value = 0.5
    assert ew.error is None and ew.result.level == 0  # 33% < 50%
    bad = EarlyWarningExplorer(None, s, params=None)
    assert bad.result is None and bad.error.field == "预警参数" and "WarningParams" in bad._top_error.value


def test_warning_thresholds_must_be_positive():
    """阈值为 0 会把没有任何不明流出的月份也判为信号：应直接报错。"""
    import pytest

    from coursekit import InputError
    from coursekit.risk import WarningParams

    for field in ("unexplained_outflow_share", "inflow_drop", "utilities_drop", "staff_drop"):
        with pytest.raises(InputError):
            WarningParams(**{field: 0})
