"""交叉销售打分的耗时：向量化倾向模型 vs 逐户循环（抽样外推）vs 热门产品基线。

用法::

    python benchmarks/bench_crosssell.py            # 2 万、20 万户
    python benchmarks/bench_crosssell.py --quick    # 2000、2 万户
    python benchmarks/bench_crosssell.py --full     # 另加 100 万户（生成数据需一两分钟、约 2 GB 内存）
"""
from __future__ import annotations

import argparse
import sys
import time

import numpy as np
import pandas as pd

from common import median_time, save  # noqa: E402
from coursekit import crosssell as cs
from coursekit import datasets as ds



def _naive_one(bank, cid, held_by, peers_of, dep):
    """逐户计算：用 pandas 筛选同群客户、已持有产品与存款，再按同样的公式打分。"""
    c = bank.customers
    row = c.loc[c["customer_id"] == cid].iloc[0]
    peers = c[(c["cluster_id"] == row["cluster_id"]) & (c["ctype"] == row["ctype"]) & (c["customer_id"] != cid)]
    mine = held_by.get(cid, set())
    scores = {}
    for p in cs.CROSS_SELL_PRODUCTS:
        if p in mine:
            continue
        share = np.mean([p in held_by.get(x, set()) for x in peers["customer_id"]]) if len(peers) else 0.0
        scores[p] = share
    d = dep[dep["customer_id"] == cid]["avg_balance"].tail(3).mean()
    return sorted(scores.items(), key=lambda kv: -kv[1])[:3], d


def _popularity(bank, k=3):
    m = cs.holding_matrix(bank, products=cs.CROSS_SELL_PRODUCTS).to_numpy()
    pop = m.mean(axis=0)
    s = np.where(m == 1, -np.inf, pop[None, :])
    return np.argsort(-s, axis=1)[:, :k]


def main(argv=None) -> str:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--full", action="store_true")
    args = ap.parse_args(argv)
    sizes = [2000, 20_000] if args.quick else [20_000, 200_000]
    if args.full:
        sizes.append(1_000_000)
    rows = []
    for n in sizes:
        bank = ds._build(0, n)
        rep = 3 if n <= 20_000 else 1
        t_model = median_time(lambda: cs.propensity(bank), repeat=rep)
        t_next = median_time(lambda: cs.next_best(bank, k=3), repeat=rep)
        t_pop = median_time(lambda: _popularity(bank), repeat=rep)
        # 逐户循环：抽 50 户计时再按户数外推
        h = bank.holdings.assign(customer_id=bank.holdings["customer_id"].astype(str),
                                 product=bank.holdings["product"].astype(str))
        held_by = h.groupby("customer_id")["product"].agg(set).to_dict()
        dep = bank.balances[bank.balances["product"] == "存款"].assign(
            customer_id=lambda d: d["customer_id"].astype(str))
        sample = bank.customers["customer_id"].sample(50, random_state=0)
        t0 = time.perf_counter()
        for cid in sample:
            _naive_one(bank, cid, held_by, None, dep)
        t_loop = (time.perf_counter() - t0) / len(sample) * n
        rows.append((n, t_model, t_next, t_pop, t_loop))
        print(f"{n:>9,} 户完成", file=sys.stderr)
        del bank, h, dep, held_by
    lines = [
        "# 交叉销售打分：耗时",
        "",
        "同一次运行中比较：向量化倾向模型（三个分量的倾向分矩阵）、含中文理由的全量下一产品推荐、"
        "热门产品基线（全行持有率排序），以及逐户 Python 循环（只算同群持有率，抽 50 户计时后按户数外推）。"
        "耗时取中位数，单位秒。",
        "",
        "| 客户数 | 倾向分（秒） | 下一产品＋理由（秒） | 热门基线（秒） | 逐户循环外推（秒） | 循环 / 倾向分 |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for n, tm, tn, tp, tl in rows:
        lines.append(f"| {n:,} | {tm:.2f} | {tn:.2f} | {tp:.3f} | {tl:,.0f} | {tl / tm:,.0f} 倍 |")
    lines += ["", f"环境：Python {sys.version.split()[0]}，numpy {np.__version__}，pandas {pd.__version__}。"]
    return save("crosssell", "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
