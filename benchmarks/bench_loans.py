"""贷款工具的性能：360 期还款计划、年化利率求解、贷款计算器的一次重算，各与基线并排测量。

基线：
- 还款计划：朴素 Python 循环（浮点逐期计算、不按分舍入、输出字典列表），以及 numpy_financial 的
  ``ipmt/ppmt`` 向量化公式（不按分舍入）；
- 年化利率：``numpy_financial.irr``（多项式求根）与朴素 Python 二分法，同时报告与本库结果的差。

用法::

    python benchmarks/bench_loans.py            # 默认
    python benchmarks/bench_loans.py --quick    # 快速（重复次数少）
"""
from __future__ import annotations

import argparse
import contextlib
import io
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent / "src"))
sys.path.insert(0, str(ROOT))

import numpy_financial as npf
from common import median_time, ms, peak_memory, write

from coursekit import loans

P, RATE, N = 1_000_000.0, 0.049, 360


def plain_schedule(p: float, annual_rate: float, n: int) -> list[dict]:
    """朴素基线：等额本息逐期循环，不舍入到分。"""
    r = annual_rate / 12
    pay = p * r * (1 + r) ** n / ((1 + r) ** n - 1)
    rows, bal = [], p
    for k in range(1, n + 1):
        interest = bal * r
        principal = pay - interest
        bal -= principal
        rows.append({"期数": k, "月供": pay, "本金": principal, "利息": interest, "剩余本金": bal})
    return rows


def npf_schedule(p: float, annual_rate: float, n: int):
    per = np.arange(1, n + 1)
    return -npf.ipmt(annual_rate / 12, per, n, p), -npf.ppmt(annual_rate / 12, per, n, p)


def plain_bisection(net: float, flows: list[float]) -> float:
    """朴素基线：纯 Python 二分法求每期 IRR。"""
    lo, hi = 0.0, 1.0
    for _ in range(200):
        mid = (lo + hi) / 2
        pv = sum(f / (1 + mid) ** (k + 1) for k, f in enumerate(flows))
        if pv > net:
            lo = mid
        else:
            hi = mid
        if hi - lo < 1e-15:
            break
    return (lo + hi) / 2


def quiet(fn):
    """脚本里没有前端，部件的 display 输出打印成文字；计时时丢弃。"""
    with contextlib.redirect_stdout(io.StringIO()):
        return fn()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    repeat = 5 if args.quick else 21

    rows = []
    # 1. 360 期还款计划
    t_ours = median_time(lambda: loans.schedule(P, RATE, N), repeat=repeat)
    t_plain = median_time(lambda: plain_schedule(P, RATE, N), repeat=repeat)
    t_npf = median_time(lambda: npf_schedule(P, RATE, N), repeat=repeat)
    df, peak = peak_memory(lambda: loans.schedule(P, RATE, N))
    ipmt, _ = npf_schedule(P, RATE, N)
    max_diff = float(np.abs(df["利息"].to_numpy() - ipmt).max())
    rows.append(("360 期等额本息还款计划（100 万元，4.9%）", ms(t_ours),
                 f"{ms(t_plain)}（Python 循环，不舍入）；{ms(t_npf)}（numpy_financial ipmt/ppmt）",
                 f"每期按分舍入、本金合计恰为 100 万元；与 ipmt 最大差 {max_diff:.2f} 元；峰值内存 {peak:.2f} MiB"))

    # 2. 年化利率
    for label, n, fees in (("36 期、费用 3,000 元", 36, 3_000.0), ("360 期、无费用", 360, 0.0)):
        flows = loans.schedule(300_000 if n == 36 else P, 0.046 if n == 36 else RATE, n)["月供"].to_numpy()
        p = 300_000.0 if n == 36 else P
        cf = np.concatenate([[-(p - fees)], flows])
        t_ours = median_time(lambda p=p, flows=flows, fees=fees: loans.annualized_rate(p, flows, fees=fees), repeat=repeat, number=20)
        # numpy_financial.irr 解 n 次多项式的全部根：360 期时一次要数秒，只测 3 轮
        t_irr = median_time(lambda cf=cf: npf.irr(cf), repeat=3 if n > 100 else repeat)
        flow_list = flows.tolist()
        t_bis = median_time(lambda p=p, fees=fees, fl=flow_list: plain_bisection(p - fees, fl), repeat=max(3, repeat // 4))
        ours = loans.annualized_rate(p, flows, fees=fees).periodic
        diff = abs(ours - float(npf.irr(cf)))
        rows.append((f"年化利率求解（{label}）", ms(t_ours),
                     f"{ms(t_irr)}（numpy_financial.irr）；{ms(t_bis)}（纯 Python 二分法）",
                     f"与 irr 的每期利率之差 {diff:.1e}"))

    # 3. 部件一次重算（不含绘图）与带图重绘
    from coursekit.widgets.contribution import ContributionCalculator
    from coursekit.widgets.loans import LoanCalculator

    w = quiet(LoanCalculator)
    t_w = median_time(lambda: w.compute(w.values()), repeat=repeat)
    t_r = median_time(lambda: quiet(w.refresh), repeat=max(3, repeat // 4))
    rows.append(("贷款计算器一次重算（36 期，4 种方式对比）", ms(t_w), "预算：远低于 10 ms",
                 f"含表格与图的完整刷新 {ms(t_r)}（预算 200 ms；脚本中不含前端把图编码为 PNG 的时间）"))
    ent = {"名称": "企业", "角色": "企业", "活期存款日均": 300_000, "贷款日均": 3_000_000, "贷款利率": 0.046,
           "贷款笔数": 1}
    own = {"名称": "业主", "角色": "实际控制人", "活期存款日均": 50_000}
    c = quiet(lambda: ContributionCalculator([ent, own], payroll=80))
    t_c = median_time(lambda: c.compute(c.values()), repeat=repeat)
    t_cr = median_time(lambda: quiet(c.refresh), repeat=max(3, repeat // 4))
    import matplotlib.pyplot as plt

    from coursekit.contribution import waterfall

    def draw_png():
        fig = waterfall(c.result.results["调整后"])
        fig.savefig(io.BytesIO(), format="png")
        plt.close(fig)

    t_png = median_time(draw_png, repeat=max(3, repeat // 4))
    rows.append(("综合贡献度计算器一次重算（3 户，现状与调整后）", ms(t_c), "预算：远低于 10 ms",
                 f"含表格与瀑布图的完整刷新 {ms(t_cr)}；瀑布图绘制并编码为 PNG {ms(t_png)}（预算 200 ms）"))

    lines = ["| 任务 | 本库耗时（中位数） | 基线耗时（中位数） | 说明 |", "| --- | --- | --- | --- |"]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    notes = ("测量方式：`time.perf_counter`，重复多轮取中位数；峰值内存为 tracemalloc 记录的 Python 分配峰值。"
             "本库的还款计划比朴素循环慢，是因为它逐期按分舍入、建 DataFrame 并校验输入；"
             "年化利率用括号内的牛顿法加二分保护，比多项式求根的 numpy_financial.irr 快，且结果一致；"
             "numpy_financial.irr 要求出 n 次多项式的全部根，360 期时耗时受线性代数库线程和机器负载影响很大，"
             "同一台机器上多次运行在 0.1–3.4 秒之间。")
    write("loans", "贷款还款计划与年化利率的性能", "\n".join(lines), notes)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
