"""团队带队工具：手算的小例子、性质测试、教学银行上的结论。"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coursekit import team
from coursekit.datasets import teaching_bank
from coursekit.errors import InputError


# ------------------------------------------------------------------ 手算的小银行 ----
def _tiny() -> dict[str, pd.DataFrame]:
    """两位客户经理、三户、三笔贷款；下面每个期望值都是手算的。"""
    managers = pd.DataFrame({"manager_id": ["M1", "M2"], "name": ["甲", "乙"], "branch_id": ["B1", "B2"],
                             "team": ["一组", "一组"], "tenure_years": [10, 1],
                             "target_loans": [1_000_000.0, 500_000.0]})
    branches = pd.DataFrame({"branch_id": ["B1", "B2"], "kind": ["城区支行", "乡镇支行"]})
    customers = pd.DataFrame({"customer_id": ["C1", "C2", "C3"], "manager_id": ["M1", "M1", "M2"],
                              "ctype": ["农户", "农户", "农户"], "cluster_id": ["K1", "K1", "K2"]})
    holdings = pd.DataFrame({"customer_id": ["C1", "C1", "C2", "C3"], "product": ["代发", "理财", "存款", "手机银行"]})
    loans = pd.DataFrame({
        "loan_id": ["L1", "L2", "L3"], "customer_id": ["C1", "C2", "C3"], "manager_id": ["M1", "M1", "M2"],
        "disburse_date": pd.to_datetime(["2024-02-10", "2022-05-01", "2024-08-01"]),
        "status": ["逾期", "逾期", "正常"], "balance": [80_000.0, 20_000.0, 30_000.0], "rate": [0.05, 0.06, 0.05],
        "overdue_days": [40, 200, 0], "risk_category": ["关注", "次级", "正常"],
        "amount": [100_000.0, 50_000.0, 30_000.0]})
    hist = pd.DataFrame({"loan_id": ["L1", "L1", "L2", "L2", "L3"],
                         "month": pd.to_datetime(["2024-06-01", "2024-12-01", "2024-06-01", "2024-12-01",
                                                  "2024-12-01"]),
                         "overdue_days": [0, 40, 20, 200, 0]})
    months = pd.date_range("2024-01-01", periods=12, freq="MS")
    act = pd.DataFrame({
        "manager_id": ["M1"] * 12 + ["M2"] * 12, "month": list(months) * 2,
        "visits": [10] * 12 + [20] * 12, "calls": [5] * 24, "kyc_refreshed": [1] + [0] * 11 + [0] * 12,
        "postloan_due": [2] * 12 + [0] * 12, "postloan_on_time": [1] * 6 + [2] * 6 + [0] * 12,
        "pipeline_count": [3] * 12 + [1] * 12, "pipeline_amount": [90_000.0] * 24})
    return {"managers": managers, "branches": branches, "customers": customers, "holdings": holdings,
            "loans": loans, "overdue_history": hist, "manager_activity": act}


def test_scorecard_hand_computed():
    c = team.manager_scorecard(_tiny())
    m1, m2 = c.loc["M1"], c.loc["M2"]
    assert m1["管户数"] == 2 and m2["管户数"] == 1
    assert m1["新增借款客户"] == 1 and m2["新增借款客户"] == 1        # C2 的首笔贷款在 2022 年
    assert (m1["上半年新放笔数"], m1["下半年新放笔数"]) == (1, 0)
    assert m1["贷款余额"] == 100_000 and m1["余额完成率"] == pytest.approx(0.1)
    assert m1["利差贡献"] == pytest.approx(80_000 * 0.025 + 20_000 * 0.035)   # 2,700 元
    assert m1["不良率"] == pytest.approx(0.2)                                  # 次级 2 万 / 10 万
    assert m1["6 月末逾期占比"] == 0.5 and m1["12 月末逾期占比"] == 1.0
    assert m1["下半年新增逾期笔数"] == 1 and m1["其中上半年所放"] == 1
    assert m1["新贷款逾期占比"] == 1.0 and m1["老逾期笔数"] == 1 and m1["早期逾期笔数"] == 0
    # 交叉销售：C1 两种、C2 零种、C3 一种，农户平均 1 → 相对深度 +1、−1、0
    assert m1["交叉销售相对深度"] == 0 and m2["交叉销售相对深度"] == 0
    assert m1["月均走访"] == 10 and m2["月均走访"] == 20
    assert m1["尽调更新覆盖率"] == 0.5
    assert m1["上半年贷后按时率"] == 0.5 and m1["下半年贷后按时率"] == 1.0
    assert m2["下半年贷后按时率"] == 1.0                                       # 没有应做的检查，不算没做
    assert m1["年末在谈笔数"] == 3
    # 不同地域各自为一组：各是本组中位数
    assert m1["新放笔数（同地域中位数=1）"] == 1.0 and m1["地域"] == "城区" and m2["地域"] == "乡镇"
    assert m1["类型"] == "老逾期拖累" and m2["类型"] == "新人"
    assert "上半年 50%，全行 50%" in m1["理由"]
    assert m1["需要的帮助"].startswith(team.HELP["老逾期拖累"]) and "贷后检查" in m1["需要的帮助"]
    assert not c.isna().any().any()


def test_apply_rules_matches_a_fresh_scorecard(bank):
    card = team.manager_scorecard(bank)
    rules = {"恶化_新增逾期笔数": 3, "不深_相对深度": -0.05, "贷后按时率下限": 0.9}
    pd.testing.assert_frame_equal(team.apply_rules(card, rules), team.manager_scorecard(bank, rules=rules))
    with pytest.raises(InputError, match="体检卡"):
        team.apply_rules(card.drop(columns="老逾期笔数"))


def test_classify_order_and_custom_rules():
    row = {"下半年新增逾期笔数": 5, "6 月末逾期占比": 0.2, "从业年限": 1, "交叉销售相对深度": 0.5}
    assert team.classify(row) == "质量恶化"                    # 先中先得：恶化排在新人前
    assert team.classify(row, {"恶化_新增逾期笔数": 6}) == "新人"
    assert team.classify({**row, "下半年新增逾期笔数": 2}) == "新人"
    assert team.classify({**row, "下半年新增逾期笔数": 0, "6 月末逾期占比": 0.0, "从业年限": 5}) == "标杆"
    assert team.classify({**row, "下半年新增逾期笔数": 3, "6 月末逾期占比": 0.0, "从业年限": 5,
                          "交叉销售相对深度": 0.0}) == "逾期抬头"
    with pytest.raises(InputError, match="分类阈值"):
        team.classify(row, {"不存在": 1})
    with pytest.raises(InputError, match="交叉销售相对深度"):
        team.classify({k: v for k, v in row.items() if k != "交叉销售相对深度"})


def test_scorecard_bad_input_names_the_field():
    t = _tiny()
    with pytest.raises(InputError, match="manager_activity"):
        team.manager_scorecard({k: v for k, v in t.items() if k != "manager_activity"})
    bad = dict(t, loans=t["loans"].assign(balance=["1", "2", "3"]))
    with pytest.raises(InputError, match="balance"):
        team.manager_scorecard(bad)
    with pytest.raises(InputError, match="资金成本"):
        team.manager_scorecard(t, funding_cost=-0.01)
    with pytest.raises(InputError, match="数据"):
        team.manager_scorecard(42)


@pytest.fixture(scope="module")
def bank():
    return teaching_bank(0)


def test_scorecard_on_teaching_bank_keeps_m01_c08_types(bank):
    c = team.manager_scorecard(bank)
    assert len(c) == 14
    assert c["类型"].to_dict() == {
        "M01": "逾期抬头", "M02": "逾期抬头", "M03": "标杆", "M04": "新人", "M05": "稳定", "M06": "稳定",
        "M07": "质量恶化", "M08": "老逾期拖累", "M09": "逾期抬头", "M10": "经营不深", "M11": "稳定",
        "M12": "标杆", "M13": "稳定", "M14": "新人"}
    m07 = c.loc["M07"]
    assert m07["下半年新增逾期笔数"] == 12 and m07["其中上半年所放"] == 8
    # 埋设的过程信号：张浩上半年的贷后按时率远低于全行，走访却冲高
    assert m07["上半年贷后按时率"] < 0.65 < 0.8 < c["上半年贷后按时率"].drop("M07").min() + 0.05
    assert m07["走访（同地域中位数=1）"] > 1.4
    # 独立的算法：12 月末逾期占比直接从长表算
    h = bank.overdue_history.merge(bank.loans[["loan_id", "manager_id"]], on="loan_id")
    dec = h[(h["month"] == "2024-12-01") & (h["manager_id"] == "M07")]
    assert m07["12 月末逾期占比"] == pytest.approx((dec["overdue_days"] > 0).mean())
    assert c["理由"].str.len().min() > 20 and c["需要的帮助"].str.len().min() > 5


# ------------------------------------------------------------------ 激励方案 ----
def _results() -> pd.DataFrame:
    return pd.DataFrame({
        "manager_id": ["A", "B"], "team": ["一组", "一组"], "loans": [10, 4],
        "loan_amount": [1_000_000.0, 200_000.0], "new_balance": [800_000.0, 200_000.0], "defaults": [1, 0],
        "default_balance": [100_000.0, 0.0], "overdue_new": [2, 0], "deposits": [500_000.0, 1_000_000.0]})


def test_incentive_hand_computed():
    scheme = team.IncentiveScheme(per_loan=500, per_balance=0.001, threshold_loans=5, risk_deduction=300,
                                  clawback=1.0, team_share=0.2)
    detail, s = team.simulate_incentive(_results(), scheme)
    # A：5,000 + 800 − 600 = 5,200；追回 500 + 800 × 10% = 580 → 4,620；B 未达 5 笔门槛 → 0
    # 团队分成：(4,620 × 0.2 + 0) / 2 = 462；A = 4,620 × 0.8 + 462 = 4,158，B = 462
    assert detail["奖金"].tolist() == pytest.approx([4158.0, 462.0])
    assert s["总奖金"] == pytest.approx(4620.0)
    assert s["净新增好客户"] == 13 and s["每个净新增好客户的成本"] == pytest.approx(4620 / 13)
    assert s["奖金基尼系数"] == pytest.approx(0.4)
    assert s["存款流失"] == 0 and s["虚增笔数"] == 0


def test_incentive_budget_cap_split_and_deposits():
    r = _results()
    _, s = team.simulate_incentive(r, {"per_loan": 500, "budget": 3000})
    assert s["总奖金"] == pytest.approx(3000) and s["预算压缩系数"] == pytest.approx(3000 / 7000)
    d, _ = team.simulate_incentive(r, {"per_loan": 500, "cap": 3000})
    assert d["奖金"].tolist() == [3000.0, 2000.0]
    # 按笔计奖、没有最低金额：三成贷款拆成两笔 → A 多报 3 笔，B 多报 1 笔（四舍五入）
    d, s = team.simulate_incentive(r, {"per_loan": 500}, split_share=0.3, avg_split=2)
    assert d["报告笔数"].tolist() == [13, 5] and s["虚增笔数"] == 4 and s["净新增好客户"] == 13
    # 设最低金额 6 万元：B 的笔均 5 万元，不计奖；拆单也不再计奖
    d, s = team.simulate_incentive(r, {"per_loan": 500, "min_loan_amount": 60_000}, split_share=0.3)
    assert d["计奖笔数"].tolist() == [10, 0] and s["虚增笔数"] == 0
    # 激励里没有存款：两成存款流失；有存款奖金时不流失
    _, s = team.simulate_incentive(r, {"per_loan": 500}, deposit_shift=0.2)
    assert s["存款流失"] == pytest.approx(300_000)
    _, s = team.simulate_incentive(r, {"per_loan": 500, "per_deposit": 0.0005}, deposit_shift=0.2)
    assert s["存款流失"] == 0


def test_gini_hand_computed_and_bad_input():
    assert team.gini([1, 1, 1, 1]) == 0
    assert team.gini([0, 0, 0, 4]) == pytest.approx(0.75)
    assert team.gini([0, 0]) == 0
    with pytest.raises(InputError, match="奖金"):
        team.gini([1, -1])
    with pytest.raises(InputError, match="团队分成比例"):
        team.simulate_incentive(_results(), {"team_share": 1.5})
    with pytest.raises(InputError, match="激励规则"):
        team.simulate_incentive(_results(), {"per_lone": 5})
    with pytest.raises(InputError, match="default_balance"):
        team.simulate_incentive(_results().assign(default_balance=[2e6, 0.0]), {})


_money = st.floats(min_value=0, max_value=1e7, allow_nan=False)


@st.composite
def _frames(draw):
    n = draw(st.integers(1, 6))
    loans = draw(st.lists(st.integers(0, 40), min_size=n, max_size=n))
    amt = [draw(_money) if k else 0.0 for k in loans]
    defaults = [draw(st.integers(0, k)) for k in loans]
    dbal = [draw(st.floats(0, 1)) * a if d else 0.0 for a, d in zip(amt, defaults)]
    return pd.DataFrame({"manager_id": [f"M{i}" for i in range(n)],
                         "team": draw(st.lists(st.sampled_from(["甲", "乙"]), min_size=n, max_size=n)),
                         "loans": loans, "loan_amount": amt, "new_balance": [draw(st.floats(0, 1)) * a for a in amt],
                         "defaults": defaults, "default_balance": dbal,
                         "overdue_new": draw(st.lists(st.integers(0, 5), min_size=n, max_size=n)),
                         "deposits": draw(st.lists(_money, min_size=n, max_size=n))})


_schemes = st.fixed_dictionaries({
    "per_loan": st.floats(0, 2000), "per_balance": st.floats(0, 0.01), "per_deposit": st.floats(0, 0.01),
    "threshold_loans": st.integers(0, 20), "team_share": st.floats(0, 1), "risk_deduction": st.floats(0, 1000),
    "cap": st.floats(0, 50_000), "min_loan_amount": st.floats(0, 200_000)})


@settings(max_examples=80, deadline=None)
@given(_frames(), _schemes, st.floats(0.01, 1))
def test_clawback_never_pays_more(df, scheme, claw):
    without, s0 = team.simulate_incentive(df, {**scheme, "clawback": 0.0})
    with_, s1 = team.simulate_incentive(df, {**scheme, "clawback": claw})
    assert (with_["奖金"].to_numpy() <= without["奖金"].to_numpy() + 1e-6).all()
    assert s1["总奖金"] <= s0["总奖金"] + 1e-6
    # 有预算时，总额也不会因为追回而变多
    b = max(s0["总奖金"] / 2, 1.0)
    assert team.simulate_incentive(df, {**scheme, "clawback": claw, "budget": b})[1]["总奖金"] <= \
        team.simulate_incentive(df, {**scheme, "clawback": 0.0, "budget": b})[1]["总奖金"] + 1e-6


@settings(max_examples=80, deadline=None)
@given(_frames(), st.floats(0.0001, 0.01), st.floats(0, 1), st.floats(0, 1), st.floats(0.1, 10))
def test_scaling_balances_scales_balance_pay(df, rate, share, claw, k):
    scheme = {"per_balance": rate, "team_share": share, "clawback": claw}
    base, _ = team.simulate_incentive(df, scheme)
    scaled = df.assign(loan_amount=df["loan_amount"] * k, new_balance=df["new_balance"] * k,
                       default_balance=df["default_balance"] * k)
    got, _ = team.simulate_incentive(scaled, scheme)
    np.testing.assert_allclose(got["奖金"].to_numpy(), base["奖金"].to_numpy() * k, rtol=1e-9, atol=1e-6)


def test_manager_results_from_teaching_bank(bank):
    r = team.manager_results(bank)
    assert len(r) == 14 and set(r.columns) == set(team.RESULT_COLUMNS)
    new = bank.loans[bank.loans["disburse_date"] >= "2024-01-01"]
    assert r["loans"].sum() == len(new)
    assert r.set_index("manager_id").loc["M07", "overdue_new"] == 12
    assert (r["defaults"] <= r["loans"]).all() and (r["deposits"] > 0).all()
    detail, s = team.simulate_incentive(r, {"per_loan": 300, "per_balance": 0.001})
    assert s["总奖金"] == pytest.approx(300 * len(new) + 0.001 * new["balance"].sum())


# ------------------------------------------------------------------ 部件 ----
def test_scorecard_explorer_is_a_view_over_the_scorecard(bank):
    from coursekit.widgets.team import ScorecardExplorer

    w = ScorecardExplorer(bank)
    pd.testing.assert_frame_equal(w.result, team.manager_scorecard(bank))
    w.controls["恶化_新增逾期笔数"].value = 3          # 阈值放低：新增 3–4 笔的三人也算恶化
    assert w.error is None and w.unexpected is None
    assert sorted(w.result.index[w.result["类型"] == "质量恶化"]) == ["M01", "M02", "M07", "M09"]


def test_incentive_designer_is_a_view_over_the_simulator(bank):
    from coursekit.widgets.team import IncentiveDesigner

    r = team.manager_results(bank)
    w = IncentiveDesigner(r, per_loan=300)
    detail, s = w.result
    want = team.simulate_incentive(r, {"per_loan": 300}, split_share=0.3, deposit_shift=0.1)[1]
    assert s == want and s["虚增笔数"] > 0
    w.controls["按笔计奖最低金额"].value = 50_000       # 设最低金额后，拆出来的小笔不计奖
    assert w.unexpected is None and w.result[1]["虚增笔数"] == 0
    assert w.result[1]["总奖金"] < s["总奖金"]


# ------------------------------------------------------------------ 工作清单与复盘 ----
def test_routine_covers_the_outline_items():
    r = team.routine()
    assert r.groupby("周期").size().to_dict() == {"每天": 5, "每周": 5, "每月": 6, "每季": 4}
    assert {"晨会工作清单检视", "夕会小结", "存量客户回访", "组织贷后检查", "逾期贷款分析",
            "低产能客户经理督导", "向上级领导工作汇报"} <= set(r["事项"])
    # 清单里写的“看哪些数”都是复盘表真有的列
    cols = set(team.monthly_review(_tiny(), "2024-12").columns)
    named = {m for s in r["看哪些数"] if s != "（靠人记录）" for m in s.split("、")}
    assert named <= cols


def test_monthly_review_hand_computed():
    t = _tiny()
    rv = team.monthly_review(t, "2024-12")
    m1 = rv.loc["M1"]
    # 12 月：应做 2、按时 2；走访 10，前三月平均 10；L1 12 月逾期、11 月没有记录 → 新增逾期
    assert (m1["应做贷后检查"], m1["按时完成"], m1["贷后检查按时率"]) == (2, 2, 1.0)
    assert m1["前三月平均走访"] == 10 and m1["新增逾期笔数"] == 2     # L1 与 L2 在 11 月都没有记录
    assert m1["提醒"] == "新增逾期 2 笔" and m1["对应清单事项"] == "资产保全人员沟通会"
    rv6 = team.monthly_review(t, "2024-06")
    assert rv6.loc["M1", "贷后检查按时率"] == 0.5 and "组织贷后检查" in rv6.loc["M1", "对应清单事项"]
    with pytest.raises(InputError, match="复盘月份"):
        team.monthly_review(t, "2024-02")                                  # 前面不足三个月
    with pytest.raises(InputError, match="复盘月份"):
        team.monthly_review(t, "2025-01")


def test_quarterly_report_on_teaching_bank(bank):
    q = team.quarterly_report(bank)
    assert q["季度"] == "2024 年第 4 季度"
    live = bank.loans[bank.loans["status"].isin(["正常", "逾期"])]
    assert q["要点"]["季末贷款余额（元）"] == pytest.approx(live["balance"].sum())
    assert q["客群贡献度对比"]["贷款余额"].sum() == pytest.approx(live["balance"].sum())
    assert q["要点"]["本季新增逾期笔数"] == q["逾期贷款分析"]["新增逾期笔数"].sum()
    assert set(q["低产能客户经理督导"].index) == {"M03", "M04", "M10", "M11", "M12"}
    shown = team.key_figures(q).set_index("项目")["数值"]
    assert shown["季末贷款余额"] == f"{q['要点']['季末贷款余额（元）'] / 1e4:,.1f} 万元"
    assert shown["季末不良率"].endswith("%") and "e+" not in "".join(shown)
    assert shown["本季新放笔数"] == f"{int(q['要点']['本季新放笔数']):,}"
    page = team.quarterly_report_html(q)
    assert page.startswith("<!DOCTYPE html>") and "2024 年第 4 季度工作汇报" in page and "http" not in page
    with pytest.raises(InputError, match="季度报告"):
        team.quarterly_report_html({"季度": "x"})


# ------------------------------------------------------------------ 员工合伙人与资源配置 ----
def _plan_years():
    return pd.DataFrame({"year": [2023, 2024, 2025], "net_interest": [800_000.0, 1_000_000.0, 900_000.0],
                         "costs": [200_000.0] * 3, "losses": [0.0, 100_000.0, 900_000.0]})


_PARTNERS = pd.DataFrame({"partner": ["甲", "乙", "丙"], "stake": [50_000.0, 30_000.0, 20_000.0]})


def test_partner_plan_hand_computed():
    # 净收益 60、70、−20 万元；分成 20%：奖金池 12、14、0 万元；当年发六成：7.2、8.4；递延 4.8 + 5.6 = 10.4 万元
    # 第三年差额 20 万元 × 20% = 4 万元从递延里追回，最后发放 6.4 万元；合计 7.2 + 8.4 + 6.4 = 22 万元
    t, p = team.partner_plan(_plan_years(), _PARTNERS)
    assert t["当年发放"].tolist() == pytest.approx([72_000, 84_000, 0])
    assert t["追回"].tolist() == pytest.approx([0, 0, 40_000]) and t["递延发放"].iloc[-1] == pytest.approx(64_000)
    assert p["奖金合计"].tolist() == pytest.approx([110_000, 66_000, 44_000])      # 按跟投 5:3:2
    _, p0 = team.partner_plan(_plan_years(), _PARTNERS, clawback=False)
    assert p0["奖金合计"].sum() == pytest.approx(260_000)
    # 不递延：没有可追回的，差额 20 万元的一成由本金承担 2 万元
    t, p = team.partner_plan(_plan_years(), _PARTNERS, deferral=0.0, loss_absorb=0.1)
    assert t["本金承担"].iloc[-1] == pytest.approx(20_000) and p["本金损失"].tolist() == pytest.approx(
        [10_000, 6_000, 4_000])
    assert p["净所得"].sum() == pytest.approx(120_000 + 140_000 - 20_000)     # 不递延：奖金池当年全发


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.floats(-1e6, 3e6), st.floats(0, 1e6)), min_size=1, max_size=6),
       st.floats(0, 1), st.floats(0, 1), st.floats(0, 1), st.floats(-1e5, 1e6))
def test_partner_clawback_never_pays_more(rows, share, deferral, absorb, hurdle):
    years = pd.DataFrame({"year": range(len(rows)), "net_interest": [r[0] for r in rows], "costs": 0.0,
                          "losses": [r[1] for r in rows]})
    kw = dict(profit_share=share, deferral=deferral, hurdle=hurdle)
    _, with_ = team.partner_plan(years, _PARTNERS, clawback=True, loss_absorb=absorb, **kw)
    _, without = team.partner_plan(years, _PARTNERS, clawback=False, **kw)
    assert (with_["净所得"].to_numpy() <= without["净所得"].to_numpy() + 1e-6).all()
    assert (with_["本金损失"] <= with_["跟投金额"] + 1e-6).all()


def test_mortgage_losses_hand_computed():
    # 评估 52 万、虚高 25%：真实市值 41.6 万；成交七成五 31.2 万 − 费用 2 万 = 29.2 万；余额 36.4 万 → 损失 7.2 万
    loans = pd.DataFrame({"loan": [364_000.0, 100_000.0], "appraisal": [520_000.0, 400_000.0]})
    out = team.mortgage_losses(loans, overstatement=0.25, auction_ratio=0.75, disposal_cost=20_000)
    assert out["真实市值"].tolist() == pytest.approx([416_000, 320_000])
    assert out["预计损失"].tolist() == pytest.approx([72_000, 0])          # 第二笔回收 22 万 > 余额 10 万
    assert out["评估成数"].iloc[0] == pytest.approx(0.7) and out["真实成数"].iloc[0] == pytest.approx(0.875)
    assert out["不亏的成交比例"].iloc[0] == pytest.approx(384_000 / 416_000)
    # 成交价正好等于“不亏的成交比例”时，损失为零
    even = team.mortgage_losses(loans.iloc[:1], overstatement=0.25, auction_ratio=384_000 / 416_000,
                                disposal_cost=20_000)
    assert even["预计损失"].iloc[0] == pytest.approx(0, abs=1e-6)
    with pytest.raises(InputError, match="appraisal"):
        team.mortgage_losses(pd.DataFrame({"loan": [1.0], "appraisal": [0.0]}))
    with pytest.raises(InputError, match="成交价"):
        team.mortgage_losses(loans, auction_ratio=-0.1)
    with pytest.raises(InputError, match="appraisal"):          # 极小的评估价会让成数变成无穷大
        team.mortgage_losses(pd.DataFrame({"loan": [1.0], "appraisal": [1e-300]}))


def _design_years(npl=481_000.0, writeoffs=0.0):
    return pd.DataFrame({"year": [2022, 2023, 2024], "net_interest": [230_000.0, 660_000.0, 1_050_000.0],
                         "costs": [140_000.0, 200_000.0, 240_000.0], "writeoffs": [0.0, 0.0, writeoffs],
                         "npl_loss": [0.0, 0.0, npl]})


def test_partner_designs_hand_computed():
    # 净收益 9、46、81 万元，基准 5 万：奖金池 0.8、8.2、15.2 万元 = 24.2 万元；核销口径下三年无核销，合伙人不担损失
    # 不良认定口径：2024 年净收益 81 − 48.1 = 32.9 万元，奖金池 5.58 万元，少 9.62 万元 = 48.1 万元 × 20%
    rule = dict(profit_share=0.2, hurdle=50_000, clawback=True, deferral=0.4)
    out = team.partner_designs(_design_years(), _PARTNERS,
                               {"核销": dict(rule, loss_basis="核销"), "核销六成": dict(rule, deferral=0.6),
                                "认定": dict(rule, loss_basis="不良认定")})
    assert out.loc["核销", "合伙人奖金合计"] == pytest.approx(242_000) == out.loc["核销六成", "合伙人奖金合计"]
    assert out.loc["核销", "其中期末递延发放"] == pytest.approx(96_800)
    assert out.loc["核销六成", "其中期末递延发放"] == pytest.approx(145_200)
    assert out.loc["核销", "合伙人承担的损失"] == 0 and out.loc["核销", "银行承担的损失"] == pytest.approx(481_000)
    assert out.loc["认定", "合伙人承担的损失"] == pytest.approx(96_200)
    assert out.loc["认定", "合伙人承担比例"] == pytest.approx(0.2)
    assert out.loc["认定", "银行留存"] == pytest.approx(1_940_000 - 580_000 - 481_000 - 145_800)
    # 损失大到净收益跌破基准：2024 年净收益 −19 万，差额 24 万 × 20% = 4.8 万，递延余额只有 0.4 × 9 万 = 3.6 万
    big = team.partner_designs(_design_years(npl=1_000_000.0), _PARTNERS, {"认定": dict(rule, loss_basis="不良认定")})
    assert big.loc["认定", "追回"] == pytest.approx(36_000)
    with pytest.raises(InputError, match="损失口径"):
        team.partner_designs(_design_years(), _PARTNERS, {"甲": dict(rule, loss_basis="逾期")})
    with pytest.raises(InputError, match="没有这些规则"):
        team.partner_designs(_design_years(), _PARTNERS, {"甲": {"per_loan": 300}})
    with pytest.raises(InputError, match="npl_loss"):
        team.partner_designs(_design_years(npl=-1.0), _PARTNERS, {"甲": rule})
    tiny = team.partner_designs(_design_years(npl=0.0), _PARTNERS, {"甲": rule}, eventual_loss=1e-300)
    assert tiny.loc["甲", "合伙人承担比例"] == 0 and np.isfinite(tiny.drop(columns="损失口径").to_numpy(dtype=float)).all()


@settings(max_examples=40, deadline=None)
@given(st.floats(0, 2e6), st.floats(0, 1), st.floats(0, 1), st.floats(0, 0.5))
def test_partner_designs_loss_split_adds_up(npl, share, deferral, absorb):
    rule = dict(profit_share=share, hurdle=50_000, deferral=deferral, loss_absorb=absorb)
    out = team.partner_designs(_design_years(npl=npl), _PARTNERS,
                               {"核销": dict(rule, loss_basis="核销"), "认定": dict(rule, loss_basis="不良认定")})
    total = out["合伙人承担的损失"] + out["银行承担的损失"]
    assert np.allclose(total, npl, atol=1e-6)
    assert (out["合伙人承担的损失"] >= -1e-6).all()
    # 不良认定口径下合伙人分担的损失不少于核销口径（核销口径在这段时间里没有核销）
    assert out.loc["认定", "合伙人净所得"] <= out.loc["核销", "合伙人净所得"] + 1e-6


def test_partner_plan_review_is_a_view_over_partner_designs():
    from coursekit.widgets.team import PartnerPlanReview

    cluster = pd.DataFrame({"loan": [364_000.0] * 2, "appraisal": [520_000.0] * 2})
    rule = dict(profit_share=0.2, hurdle=50_000, deferral=0.4)
    designs = {"核销": dict(rule, loss_basis="核销"), "认定": dict(rule, loss_basis="不良认定")}
    w = PartnerPlanReview(_design_years(npl=0.0), _PARTNERS, cluster, designs, npl_year=2024,
                          overstatement=0.25, auction_ratio=0.75, disposal_cost=20_000)
    assert w.unexpected is None and w.result.loc["认定", "合伙人承担的损失"] == pytest.approx(0.2 * 144_000)
    w.controls["成交比例"].value = 0.95            # 31.6 万 − 2 万 > 36.4 万？41.6 × 0.95 − 2 = 37.52 万：不亏
    assert w.result.loc["认定", "合伙人承担的损失"] == pytest.approx(0)
    assert w.result.loc["核销", "银行承担的损失"] == pytest.approx(0)


def _referrals():
    # 流水：一户贷款 20 万、利率 5.5%、活期 10 万、流水 0、PD 1%；默认参数下一年贡献：
    # 贷款利差 20 万 × (5.5% − 2.5%) = 6,000；活期 10 万 × (1.8% − 0.15%) = 1,650；成本 80 + 3,000；
    # 预期损失 1% × 45% × 20 万 = 900 → 3,670 元。随口：无贷款，活期 0 → 一年贡献 −80 元（账户成本）
    return pd.DataFrame({"signal": ["流水", "随口"], "slips": [10, 20], "contacted": [8, 5], "loans": [2, 0],
                         "avg_loan": [200_000.0, 0.0], "loan_rate": [0.055, 0.0], "deposit": [100_000.0, 0.0],
                         "settlement": [0.0, 0.0], "pd": [0.01, 0.0]})


def test_referral_value_hand_computed():
    out, s = team.referral_value(_referrals(), followup_hours=1.5, hour_cost=100, per_slip=20, per_qualified=30,
                                 per_loan=200, qualified=["流水"])
    assert out.loc["流水", "每户一年贡献"] == pytest.approx(3_670)
    assert out.loc["流水", "回访成本"] == pytest.approx(8 * 150)
    assert out.loc["流水", "净价值"] == pytest.approx(2 * 3_670 - 1_200)
    assert out.loc["流水", "每张单子的净价值"] == pytest.approx((7_340 - 1_200) / 10)
    assert out.loc["流水", "漏访的价值"] == pytest.approx(2 * (2 / 8) * 3_670)      # 2 张没回访 × 回访后放款率 1/4
    assert out.loc["随口", "净价值"] == pytest.approx(-750) and out.loc["随口", "漏访的价值"] == 0
    assert out.loc["流水", "大堂奖金"] == pytest.approx(10 * 20 + 10 * 30 + 2 * 200)
    assert out.loc["随口", "大堂奖金"] == pytest.approx(20 * 20)
    assert s["大堂奖金"] == pytest.approx(1_300) and s["付给不合格信号的奖金占比"] == pytest.approx(400 / 1_300)
    assert s["每笔放款的大堂奖金"] == pytest.approx(650)
    with pytest.raises(InputError, match="合格信号"):
        team.referral_value(_referrals(), qualified=["没有这类"])
    with pytest.raises(InputError, match="contacted"):
        team.referral_value(_referrals().assign(contacted=[11, 5]))
    with pytest.raises(InputError, match="loans"):
        team.referral_value(_referrals().assign(loans=[9, 0]))


@settings(max_examples=40, deadline=None)
@given(st.floats(0, 4), st.floats(0, 100), st.floats(0, 100), st.floats(0, 1000))
def test_referral_value_more_followup_time_never_adds_value(hours, per_slip, per_q, per_loan):
    a, sa = team.referral_value(_referrals(), followup_hours=hours, per_slip=per_slip, per_qualified=per_q,
                                per_loan=per_loan, qualified=["流水"])
    b, sb = team.referral_value(_referrals(), followup_hours=hours + 0.5, per_slip=per_slip, per_qualified=per_q,
                                per_loan=per_loan, qualified=["流水"])
    assert (b["净价值"] <= a["净价值"] + 1e-9).all()
    assert sa["大堂奖金"] == pytest.approx(sb["大堂奖金"])          # 奖金与回访工时无关
    assert sa["大堂奖金"] == pytest.approx(30 * per_slip + 10 * per_q + 2 * per_loan)


def test_referral_designer_is_a_view_over_referral_value():
    from coursekit.widgets.team import ReferralDesigner

    w = ReferralDesigner(_referrals(), qualified=["流水"], per_slip=20)
    assert w.unexpected is None and w.result[1]["大堂奖金"] == pytest.approx(600)
    w.controls["回访工时"].value = 0.0
    assert w.result[0].loc["随口", "净价值"] == pytest.approx(-20 * 0 - 0)      # 没有放款、不花工时：净价值为 0
    w.controls["每张奖金"].value = 0.0
    w.controls["每笔放款奖金"].value = 500.0
    assert w.result[1]["大堂奖金"] == pytest.approx(1_000)


def test_allocate_hand_computed():
    units = pd.DataFrame({"unit": ["甲", "乙"], "margin": [0.02, 0.01], "capacity": [1e6, 1e6]})
    out, s = team.allocate(units, 1e6, step=1e4)
    # 边际相等：0.02·e^(−x) = 0.01·e^(−(1−x))（单位百万元）→ x = (1 + ln 2) / 2 ≈ 0.8466
    assert out["按边际分配"].iloc[0] == pytest.approx((1 + np.log(2)) / 2 * 1e6, abs=1e4)
    assert out["按边际分配"].sum() == pytest.approx(1e6)
    assert s["按边际的总贡献"] >= s["平均分的总贡献"]
    # 没有正利差的单位一分不给；两个一样的单位平分
    out, s = team.allocate(units.assign(margin=[0.02, -0.01]), 1e6)
    assert out["按边际分配"].tolist() == pytest.approx([1e6, 0])
    out, _ = team.allocate(units.assign(margin=[0.02, 0.02]), 1e6, step=1e4)
    assert out["按边际分配"].tolist() == pytest.approx([5e5, 5e5], abs=1e4)
    with pytest.raises(InputError, match="步长"):
        team.allocate(units, 1e6, step=0)


def test_branch_inputs_and_allocation_on_teaching_bank(bank):
    bi = team.branch_inputs(bank)
    assert len(bi) == 7 and (bi["capacity"] > 0).all()
    live = bank.loans[bank.loans["status"].isin(["正常", "逾期"]) & (bank.loans["branch_id"] == "B02")]
    want = (live["balance"] * live["rate"]).sum() / live["balance"].sum() - 0.025
    npl = live.loc[live["risk_category"].isin(["次级", "可疑", "损失"]), "balance"].sum() / live["balance"].sum()
    assert bi.loc[1, "margin"] == pytest.approx(want - 0.45 * npl)
    out, s = team.allocate(bi, 7e6, step=7e6 / 700)          # 平均分正好落在步长的格点上
    assert s["按边际的总贡献"] >= s["平均分的总贡献"] and out["按边际分配"].sum() == pytest.approx(7e6)


# ------------------------------------------------------------------ 内部资源申请 ----
_SHOP = {"名称": "张记五金", "贷款日均": 1_000_000, "贷款利率": 0.05, "贷款笔数": 1, "活期存款日均": 200_000}


def test_resource_request_hand_computed():
    r = team.resource_request(_SHOP, "利率优惠", rate_discount_bp=50, extra_deposit=300_000, reason="同业报价")
    k = r["要点"]
    # 让出 100 万 × 0.5% = 5,000 元；多来 30 万活期 × (1.80% − 0.15%) = 4,950 元；净少 50 元
    assert k["利率优惠让出的利息（元）"] == pytest.approx(5_000)
    assert k["净变化（元）"] == pytest.approx(-50)
    assert k["打平代价所需的活期存款增量（元）"] == pytest.approx(5_000 / 0.0165)
    comp = r["对比"].set_index("项目")
    assert comp.loc["贷款利差", "申请后"] == pytest.approx(20_000) and comp.loc["活期存款利差", "申请后"] == 8_250
    # 各项相加等于合计（可加性）
    assert comp["申请后"].iloc[:-1].sum() == pytest.approx(comp.loc["综合贡献度（扣直接费用）", "申请后"])
    # 会议资源：直接费用 2,000 元换 50 万结算流水（沉淀 3 天）
    m = team.resource_request(_SHOP, "会议资源", extra_settlement=500_000, direct_cost=2_000)
    assert m["要点"]["净变化（元）"] == pytest.approx(500_000 * 3 / 365 * 0.0165 - 2_000, abs=0.02)
    page = team.resource_request_html(r)
    assert "内部资源申请（利率优惠）" in page and "审批人" in page and "http" not in page
    with pytest.raises(InputError, match="申请类型"):
        team.resource_request(_SHOP, "请客吃饭")
    with pytest.raises(InputError, match="利率优惠"):
        team.resource_request({"名称": "存款户", "活期存款日均": 1e5}, "利率优惠", rate_discount_bp=20)


def test_request_builder_is_a_view_over_resource_request():
    from coursekit.widgets.team import RequestBuilder

    w = RequestBuilder(_SHOP, rate_discount_bp=50, extra_deposit=300_000)
    assert w.unexpected is None and w.result["要点"]["净变化（元）"] == pytest.approx(-50)
    w.controls["新增活期存款日均"].value = 350_000          # 多 5 万活期：+825 元
    assert w.result["要点"]["净变化（元）"] == pytest.approx(775)
    w.controls["申请类型"].value = "会议资源"
    assert w.error is None and w.result["申请类型"] == "会议资源"


def test_partner_plan_years_must_be_present_and_distinct():
    import numpy as np
    import pandas as pd

    from coursekit import team
    from coursekit.errors import InputError

    partners = pd.DataFrame({"partner": ["甲"], "stake": [100_000]})
    good = pd.DataFrame({"year": [2023, 2024], "net_interest": [500_000, 500_000], "costs": [100_000] * 2,
                         "losses": [0, 0]})
    yearly, _by_partner = team.partner_plan(good, partners)
    assert len(yearly) == 2
    for bad_years in ([2023, np.nan], [2023, 2023]):
        with pytest.raises(InputError, match="year"):
            team.partner_plan(good.assign(year=bad_years), partners)
