"""教学银行数据的生成耗时与峰值内存。

基线：同一次运行里，用 numpy 随机数直接拼一张行数相同（等于教学银行各表行数之和）的 pandas 表
（客户号、日期、金额、类别 4 列）。两者之比说明“讲故事”的代价：关联、季节性、埋设模式都要额外计算。

用法::

    python benchmarks/bench_datasets.py            # 2000、2 万、20 万户
    python benchmarks/bench_datasets.py --quick    # 2000、2 万户
    python benchmarks/bench_datasets.py --full     # 另加 100 万户（约需 2 GB 内存、一两分钟）
"""
from __future__ import annotations

import argparse
import sys
import tracemalloc

import numpy as np
import pandas as pd

from common import median_time, save  # noqa: E402
from coursekit import datasets as ds


def _baseline(rows: int, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({
        "customer": rng.integers(0, 1_000_000, rows),
        "date": np.datetime64("2023-01-01") + rng.integers(0, 730, rows).astype("m8[D]"),
        "amount": rng.lognormal(11, 1, rows),
        "kind": pd.Categorical.from_codes(rng.integers(0, 5, rows), ["农户", "个体工商户", "小微企业主", "小微企业",
                                                                     "代发工资员工"]),
    })



def _peak(fn) -> float:
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1e6


def main(argv=None) -> str:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--full", action="store_true")
    args = ap.parse_args(argv)
    sizes = [2000, 20_000] if args.quick else [2000, 20_000, 200_000]
    if args.full:
        sizes.append(1_000_000)
    rows = []
    for n in sizes:
        repeats = 3 if n <= 2000 else 1
        bank = ds._build(0, n)
        total_rows = sum(len(t) for t in bank.tables.values())
        mem_tables = sum(t.memory_usage(deep=True).sum() for t in bank.tables.values()) / 1e6
        del bank
        t_bank = median_time(lambda: ds._build(0, n), repeat=repeats)
        t_base = median_time(lambda: _baseline(total_rows), repeat=repeats)
        p_bank = _peak(lambda: ds._build(0, n))
        p_base = _peak(lambda: _baseline(total_rows))
        rows.append((n, total_rows, t_bank, t_base, p_bank, p_base, mem_tables))
        print(f"{n:>9,} 户完成", file=sys.stderr)
    lines = [
        "# 教学银行数据生成：耗时与峰值内存",
        "",
        "基线：同一次运行中用 numpy 随机数生成一张行数相同的 4 列 pandas 表。耗时取中位数；峰值内存由 tracemalloc 测得。",
        "",
        "| 客户数 | 各表合计行数 | 生成耗时（秒） | 基线耗时（秒） | 耗时倍数 | 峰值内存（MB） | 基线峰值内存（MB） | 结果占用内存（MB） |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for n, tot, tb, t0, pb, p0, mt in rows:
        lines.append(f"| {n:,} | {tot:,} | {tb:.2f} | {t0:.3f} | {tb / t0:.0f} | {pb:,.0f} | {p0:,.0f} | {mt:,.0f} |")
    lines += ["", f"环境：Python {sys.version.split()[0]}，numpy {np.__version__}，pandas {pd.__version__}。"]
    return save("datasets", "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
