"""团队管理工具的耗时：2,000 位客户经理 × 24 个月，与一次朴素的 pandas 分组并排。

表按教学银行的列生成（随机数，不是教学银行本身：20 万户以上的教学银行生成要几分钟），规模：
2,000 位客户经理、每人 100 户（20 万户）、每人约 50 笔贷款（10 万笔）、逐月逾期长表约 150 万行、
过程记录 2,000 × 24 = 48,000 行。

用法::

    python benchmarks/bench_team.py           # 2,000 位客户经理
    python benchmarks/bench_team.py --quick   # 200 位客户经理
"""
from __future__ import annotations

import argparse
import sys

import numpy as np
import pandas as pd

from common import median_time, ms, write  # noqa: E402
from coursekit import crosssell, team


def synthetic(n_mgr: int, seed: int = 0) -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    mids = np.array([f"M{i:05d}" for i in range(n_mgr)])
    branch = rng.integers(0, 7, n_mgr)
    managers = pd.DataFrame({"manager_id": mids, "name": [f"经理{i}" for i in range(n_mgr)],
                             "branch_id": [f"B{b + 1:02d}" for b in branch], "team": [f"组{b}" for b in branch],
                             "tenure_years": rng.integers(1, 21, n_mgr), "target_loans": 1e7})
    branches = pd.DataFrame({"branch_id": [f"B{b:02d}" for b in range(1, 8)], "name": [f"支行{b}" for b in range(7)],
                             "kind": ["城区支行", "城区支行", "园区支行"] + ["乡镇支行"] * 4})
    nc = n_mgr * 100
    cm = np.repeat(np.arange(n_mgr), 100)
    customers = pd.DataFrame({"customer_id": [f"C{i:07d}" for i in range(nc)], "manager_id": mids[cm],
                              "ctype": rng.choice(["农户", "个体工商户", "小微企业主"], nc),
                              "cluster_id": [f"K{b:02d}" for b in branch[cm]]})
    prods = list(crosssell.CROSS_SELL_PRODUCTS) + ["存款"]
    hold = rng.random((nc, len(prods))) < 0.3
    ci, pi = np.nonzero(hold)
    holdings = pd.DataFrame({"customer_id": customers["customer_id"].to_numpy()[ci], "product": np.array(prods)[pi]})
    nl = n_mgr * 50
    lc = rng.integers(0, nc, nl)
    disb = np.datetime64("2021-01-01") + rng.integers(0, 4 * 365, nl).astype("m8[D]")
    od = np.where(rng.random(nl) < 0.05, rng.integers(1, 200, nl), 0)
    loans = pd.DataFrame({
        "loan_id": [f"L{i:07d}" for i in range(nl)], "customer_id": customers["customer_id"].to_numpy()[lc],
        "manager_id": mids[cm[lc]], "branch_id": managers["branch_id"].to_numpy()[cm[lc]],
        "disburse_date": disb.astype("M8[ns]"), "status": np.where(od > 0, "逾期", "正常"),
        "amount": rng.integers(5, 100, nl) * 1e4, "rate": rng.uniform(0.04, 0.08, nl),
        "overdue_days": od, "risk_category": np.where(od > 90, "次级", np.where(od > 0, "关注", "正常"))})
    loans["balance"] = loans["amount"] * rng.uniform(0.2, 1.0, nl)
    months = pd.date_range("2023-01-01", periods=24, freq="MS").values
    first = np.maximum(((disb.astype("M8[M]") - np.datetime64("2023-01", "M")).astype(int)), 0)
    cnt = 24 - first
    li = np.repeat(np.arange(nl), cnt)
    mi = np.concatenate([np.arange(f, 24) for f in first])
    hist = pd.DataFrame({"loan_id": loans["loan_id"].to_numpy()[li], "month": months[mi],
                         "overdue_days": np.where((od[li] > 0) & (mi >= 24 - od[li] // 30 - 1), od[li], 0)})
    am = np.repeat(np.arange(n_mgr), 24)
    due = rng.poisson(15, n_mgr * 24)
    act = pd.DataFrame({"manager_id": mids[am], "month": np.tile(months, n_mgr),
                        "visits": rng.poisson(40, n_mgr * 24), "calls": rng.poisson(50, n_mgr * 24),
                        "kyc_refreshed": rng.poisson(4, n_mgr * 24), "postloan_due": due,
                        "postloan_on_time": rng.binomial(due, 0.88), "pipeline_count": rng.poisson(8, n_mgr * 24),
                        "pipeline_amount": rng.poisson(8, n_mgr * 24) * 2e5})
    return {"managers": managers, "branches": branches, "customers": customers, "holdings": holdings,
            "loans": loans, "overdue_history": hist, "manager_activity": act}


def plain_groupby(t: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """朴素基线：一次 pandas 分组，每人的过程合计和年末余额，没有公平口径、分类和理由。"""
    a = t["manager_activity"]
    a = a[a["month"] >= "2024-01-01"].groupby("manager_id")[["visits", "calls", "postloan_due",
                                                               "postloan_on_time"]].sum()
    return a.join(t["loans"].groupby("manager_id")["balance"].sum())


def main(argv=None) -> str:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args(argv)
    n_mgr = 200 if args.quick else 2000
    t = synthetic(n_mgr)
    rows = {k: len(v) for k, v in t.items()}
    print(f"数据：{rows}", file=sys.stderr)
    rep = 3
    t_card = median_time(lambda: team.manager_scorecard(t), repeat=rep)
    results = team.manager_results(t)
    t_results = median_time(lambda: team.manager_results(t), repeat=rep)
    scheme = {"per_loan": 300, "min_loan_amount": 50_000, "per_balance": 0.001, "team_share": 0.3,
              "risk_deduction": 300, "clawback": 1.0}
    t_inc = median_time(lambda: team.simulate_incentive(results, scheme, split_share=0.3, deposit_shift=0.1),
                        repeat=7)
    t_rev = median_time(lambda: team.monthly_review(t, "2024-12"), repeat=rep)
    t_plain = median_time(lambda: plain_groupby(t), repeat=7)
    card = team.manager_scorecard(t)
    assert len(card) == n_mgr and card["类型"].notna().all()
    t_rules = median_time(lambda: team.apply_rules(card, {"恶化_新增逾期笔数": 3}), repeat=7)
    table = "\n".join([
        "| 操作 | 行数 | 耗时（中位数） | 相对朴素分组 |",
        "| --- | ---: | ---: | ---: |",
        f"| 朴素 pandas 分组（过程合计 + 年末余额） | {rows['manager_activity']:,} + {rows['loans']:,} | "
        f"{ms(t_plain)} | 1× |",
        f"| 体检卡 manager_scorecard（结果、过程、公平口径、类型、理由、帮助） | 全部表，逾期长表 "
        f"{rows['overdue_history']:,} 行、持有 {rows['holdings']:,} 行 | {ms(t_card)} | {t_card / t_plain:,.0f}× |",
        f"| 改阈值重新归类 apply_rules（探索器拖动一次） | {n_mgr:,} 人 | {ms(t_rules)} | {t_rules / t_plain:,.1f}× |",
        f"| 激励模拟的业绩表 manager_results（内含一次体检卡） | 同上 | {ms(t_results)} | {t_results / t_plain:,.0f}× |",
        f"| 激励模拟 simulate_incentive | {n_mgr:,} 人 | {ms(t_inc)} | {t_inc / t_plain:.2f}× |",
        f"| 月度复盘 monthly_review | {rows['manager_activity']:,} + 逾期长表 | {ms(t_rev)} | {t_rev / t_plain:,.1f}× |",
    ])
    notes = (f"{n_mgr:,} 位客户经理 × 24 个月的合成数据（列与教学银行相同，数值随机）。朴素分组只给出合计，"
             "体检卡多做的事是：半年两期的逾期对比与新增逾期、按放款日拆新旧逾期、交叉销售相对深度（持有矩阵）、"
             "同地域中位数、逐人分类并写出带数字的理由（逐人生成文字是 Python 循环）。"
             f"激励模拟本身是向量运算，{n_mgr:,} 人一次 {ms(t_inc)}，激励方案设计器拖动滑块时只重算这一步；"
             "体检卡在探索器里只算一次，拖动阈值只重新归类（apply_rules）。机器与其他任务共用，绝对耗时会波动，同一次运行中的比值可比。")
    return write("team", f"团队管理工具：{n_mgr:,} 位客户经理 × 24 个月", table, notes)


if __name__ == "__main__":
    main()
