"""风险与合规批处理的性能：一百万笔交易的资金流向扫描、一百万笔贷款的五级分类，各与朴素基线并排测量。

基线：
- 扫描：逐笔 Python 循环实现“回流”一条规则（字典查贷款、逐笔判断），在样本上计时后按行数线性外推；
- 分类：``DataFrame.apply`` 逐行调用单笔 ``classify``，在样本上计时后线性外推。

用法::

    python benchmarks/bench_risk.py            # 默认：100 万笔交易、100 万笔贷款
    python benchmarks/bench_risk.py --quick    # 快速：10 万笔
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent / "src"))

from common import save  # noqa: E402
from coursekit import compliance, risk  # noqa: E402


def synthetic_book(n_txn: int, seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """合成贷款与放款后流水：每笔贷款约 10 笔流出，约 1% 的贷款埋设回流或流入限制性领域。"""
    rng = np.random.default_rng(seed)
    n_loans = max(n_txn // 10, 10)
    loan_id = np.char.add("L", np.arange(n_loans).astype(str))
    cust = np.char.add("C", np.arange(n_loans).astype(str))
    guar = np.char.add("G", rng.integers(0, n_loans, n_loans).astype(str))
    disb = pd.Timestamp("2023-01-01") + pd.to_timedelta(rng.integers(0, 700, n_loans), "D")
    amount = rng.choice([5e4, 1e5, 2e5, 3e5, 5e5], n_loans)
    loans = pd.DataFrame({"loan_id": loan_id, "customer_id": cust, "amount": amount, "disburse_date": disb,
                          "guarantor_id": guar})
    idx = rng.integers(0, n_loans, n_txn)
    days = rng.integers(0, 60, n_txn)
    share = rng.uniform(0.01, 0.3, n_txn)
    kinds = rng.random(n_txn)
    ctype = np.where(kinds < 0.004, "担保人", np.where(kinds < 0.008, "房地产开发商",
                                                       np.where(kinds < 0.012, "本人他行账户", "企业")))
    cp = np.where(ctype == "担保人", guar[idx], np.where(ctype == "本人他行账户", cust[idx],
                                                          np.char.add("X", rng.integers(0, 50_000, n_txn).astype(str))))
    tx = pd.DataFrame({
        "txn_id": np.char.add("T", np.arange(n_txn).astype(str)), "account_owner": cust[idx], "loan_id": loan_id[idx],
        "date": disb[idx] + pd.to_timedelta(days, "D"), "direction": "出", "amount": (amount[idx] * share).round(2),
        "counterparty_id": cp, "counterparty_name": cp, "counterparty_type": ctype, "memo": "转账",
    })
    return tx, loans


def synthetic_loans(n: int, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    od = np.where(rng.random(n) < 0.9, 0, rng.integers(1, 500, n))
    return pd.DataFrame({"loan_id": np.arange(n), "overdue_days": od, "restructured": rng.random(n) < 0.01,
                         "months_since_restructure": rng.integers(0, 24, n), "balance": rng.uniform(1e4, 5e5, n),
                         "before_restructure": np.where(od > 90, "次级", "关注")})


def loan_info(loans: pd.DataFrame) -> dict:
    return {r.loan_id: (r.customer_id, r.guarantor_id, r.amount, r.disburse_date) for r in loans.itertuples()}


def baseline_return_loop(tx: pd.DataFrame, info: dict, days: int = 7) -> int:
    """朴素基线：逐笔循环判断回流（只做一条规则；贷款字典在计时外建好）。"""
    sums: dict[tuple[str, str], float] = {}
    for r in tx.itertuples():
        c, g, amt, d0 = info[r.loan_id]
        gap = (r.date - d0).days
        if r.direction == "出" and 0 <= gap <= days and (r.counterparty_id in (c, g) or r.counterparty_type in
                                                         ("本人他行账户", "担保人", "关联方")):
            key = (r.loan_id, r.counterparty_id)
            sums[key] = sums.get(key, 0.0) + r.amount
    return sum(1 for (lid, _), s in sums.items() if 0.2 <= s / info[lid][2] <= 1.25)


def timed(fn, repeats: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def peak_memory(fn) -> float:
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def main(argv=None) -> str:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--quick", action="store_true", help="10 万笔的快速运行")
    args = ap.parse_args(argv)
    n = 100_000 if args.quick else 1_000_000
    sample = 5_000 if args.quick else 20_000
    repeats = 3

    tx, loans = synthetic_book(n)
    scan_t, findings = timed(lambda: compliance.scan(tx, loans), repeats)
    scan_mem = peak_memory(lambda: compliance.scan(tx, loans))
    sub = tx.iloc[:sample]
    info = loan_info(loans)
    base_t, _ = timed(lambda: baseline_return_loop(sub, info), 1)
    base_scan = base_t * n / sample

    book = synthetic_loans(n)
    cls_t, classified = timed(lambda: risk.classify_portfolio(book), repeats)
    cls_mem = peak_memory(lambda: risk.classify_portfolio(book))
    bsub = book.iloc[:sample]
    apply_t, applied = timed(lambda: bsub.apply(lambda r: risk.classify(
        int(r.overdue_days), restructured=bool(r.restructured), before_restructure=r.before_restructure,
        months_since_restructure=int(r.months_since_restructure)).category, axis=1), 1)
    assert (applied.to_numpy() == classified["category"].iloc[:sample].to_numpy()).all()
    base_cls = apply_t * n / sample

    rows = [
        ("资金流向扫描（5 条规则）", f"{n:,} 笔交易", f"{scan_t:.2f}", f"{base_scan:.1f}（逐笔循环，仅回流 1 条规则，"
         f"{sample:,} 笔外推）", f"{base_scan / scan_t:.0f} 倍", f"{scan_mem:.0f}", f"{len(findings):,} 条发现"),
        ("五级分类（向量化）", f"{n:,} 笔贷款", f"{cls_t:.2f}", f"{base_cls:.1f}（逐行 apply，{sample:,} 笔外推）",
         f"{base_cls / cls_t:.0f} 倍", f"{cls_mem:.0f}", f"不良占比 {risk.npl_share(classified):.2%}"),
    ]
    head = "| 任务 | 规模 | 本库耗时（秒，中位数） | 基线耗时（秒） | 加速 | 峰值内存（MiB） | 结果 |\n"
    head += "| --- | --- | --- | --- | --- | --- | --- |\n"
    table = head + "\n".join("| " + " | ".join(r) + " |" for r in rows) + "\n"
    note = (f"\n测量方式：`time.perf_counter`，本库各重复 {repeats} 次取中位数；峰值内存为 tracemalloc 记录的"
            f" Python 分配峰值（含中间表）。机器：{sys.platform}，Python {sys.version.split()[0]}，"
            f"pandas {pd.__version__}。{'快速模式。' if args.quick else ''}\n")
    return save("risk", "# 风险分类与资金流向扫描的性能\n\n" + table + note)


if __name__ == "__main__":
    main()
