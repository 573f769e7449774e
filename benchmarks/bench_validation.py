"""输入检查的代价：热路径（还款计划、一百万笔交易的资金流向扫描、一百万笔贷款的五级分类）在加入全面的
输入检查之前与之后，并排测量。预算：检查最多让它们慢 10%。

“之前”是加入检查前的提交（默认 ``e993cf6``），用 ``git archive`` 取出其 ``src/`` 放到临时目录；
“之后”是当前工作区的 ``src/``。每个版本在独立的子进程里导入各自的 coursekit、生成同样的数据（同一随机种子），
预热一次后计时取中位数；两个版本交替运行若干轮（A B A B …），取各轮中位数的中位数，抵消机器负载的起伏。

用法::

    python benchmarks/bench_validation.py                 # 100 万行，3 轮
    python benchmarks/bench_validation.py --quick         # 10 万行，2 轮
    python benchmarks/bench_validation.py --base <提交>    # 换一个“之前”的版本
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
BASE_REV = "e993cf6"


def _worker(src: str, case: str, n: int) -> dict:
    sys.path.insert(0, src)
    import coursekit

    assert Path(coursekit.__file__).resolve().is_relative_to(Path(src).resolve()), coursekit.__file__
    sys.path.insert(1, str(HERE))
    import bench_risk  # 只用它的数据生成函数
    from coursekit import compliance, loans, risk

    best_of: list[float] = []

    def median(fn, repeat: int, number: int = 1) -> float:
        fn()  # 预热
        times = []
        for _ in range(repeat):
            t0 = time.process_time()       # 本进程的 CPU 时间：机器上别人的负载不计入（共用的 2 核上墙钟时间起伏太大）
            for _ in range(number):
                fn()
            times.append((time.process_time() - t0) / number)
        if not best_of:
            best_of.append(min(times))
        return statistics.median(times)

    extra = None
    if case == "schedule":
        t = median(lambda: loans.schedule(300_000, 0.046, 36), repeat=15, number=50)
        check = float(loans.schedule(300_000, 0.046, 36)["月供"].sum())
    elif case == "schedule_start":
        t = median(lambda: loans.schedule(300_000, 0.046, 36, start="2024-07-01"), repeat=15, number=30)
        check = float(loans.schedule(300_000, 0.046, 36, start="2024-07-01")["月供"].sum())
    elif case == "scan":
        tx, book = bench_risk.synthetic_book(n)
        t = median(lambda: compliance.scan(tx, book), repeat=3)
        check = len(compliance.scan(tx, book))
        if hasattr(compliance, "_clean_txns"):     # 新增的检查本身：流水的方向、日期、金额整理
            extra = median(lambda: compliance._clean_txns(compliance._plain(tx, "交易流水")), repeat=3)
    elif case == "classify":
        book = bench_risk.synthetic_loans(n)
        t = median(lambda: risk.classify_portfolio(book), repeat=3)
        out = risk.classify_portfolio(book)
        check = int((out["category"] != "正常").sum())
        if hasattr(risk.classification, "flag_column"):   # 新增的检查本身：逾期天数、是否重组、重组后月数
            from coursekit import errors

            def checks():
                errors.require_frame(book, "贷款表")
                days = errors.numeric_column(book["overdue_days"], "逾期天数")
                (days.to_numpy(dtype="int64") != days.to_numpy()).any()
                errors.flag_column(book["restructured"], "是否重组")
                errors.numeric_column(book["months_since_restructure"], "重组后月数", allow_missing=True)

            extra = median(checks, repeat=3)
    else:  # pragma: no cover
        raise SystemExit(f"unknown case {case}")
    return {"seconds": t, "best": best_of[0], "check": check, "checks_seconds": extra}


def _run(src: Path, case: str, n: int) -> dict:
    out = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--worker", str(src), case, str(n)],
                         check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _baseline_src(rev: str, into: Path) -> Path:
    archive = subprocess.run(["git", "-C", str(REPO), "archive", "--format=tar", rev, "src"], check=True,
                             capture_output=True).stdout
    tar = into / "base.tar"
    tar.write_bytes(archive)
    with tarfile.open(tar) as t:
        t.extractall(into, filter="data")
    return into / "src"


def main(argv=None) -> str:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--quick", action="store_true", help="10 万行、2 轮")
    ap.add_argument("--base", default=BASE_REV, help="加入检查之前的提交")
    ap.add_argument("--worker", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        src, case, n = args.worker
        print(json.dumps(_worker(src, case, int(n))))
        return ""

    from common import machine, ms, save

    n = 100_000 if args.quick else 1_000_000
    rounds = 2 if args.quick else 3
    fast_rounds = 3 if args.quick else 7          # 还款计划很快，多跑几轮压住机器负载的起伏
    cases = [("schedule", "还款计划（36 期等额本息）", 0), ("schedule_start", "还款计划（36 期，含放款日与还款日）", 0),
             ("scan", f"资金流向扫描（{n:,} 笔交易，5 条规则）", n),
             ("classify", f"五级分类（{n:,} 笔贷款）", n)]
    new_src = REPO / "src"
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        base_src = _baseline_src(args.base, Path(tmp))
        for case, label, size in cases:
            before, after, own, best_b, best_a = [], [], [], [], []
            for _ in range(fast_rounds if size == 0 else rounds):   # A B A B …：交替运行
                b = _run(base_src, case, size)
                a = _run(new_src, case, size)
                if b["check"] != a["check"] and case != "classify":
                    raise SystemExit(f"{case}: 结果不同（之前 {b['check']}，之后 {a['check']}）")
                before.append(b["seconds"])
                after.append(a["seconds"])
                best_b.append(b["best"])
                best_a.append(a["best"])
                if a.get("checks_seconds") is not None:
                    own.append(a["checks_seconds"] / a["seconds"])
                print(case, f"before {b['seconds']:.4f}s after {a['seconds']:.4f}s", flush=True)
            tb, ta = statistics.median(before), statistics.median(after)
            bb, ba = min(best_b), min(best_a)
            fmt_t = ms if tb < 1 else (lambda s: f"{s:.2f} s")
            rows.append((label, fmt_t(tb), fmt_t(ta), f"{(ta / tb - 1) * 100:+.1f}%", fmt_t(bb), fmt_t(ba),
                         f"{(ba / bb - 1) * 100:+.1f}%",
                         f"{statistics.median(own) * 100:.1f}%" if own else "—",
                         "是" if min(ta / tb, ba / bb) <= 1.10 else "**否**",
                         str(b["check"]) if b["check"] == a["check"] else f"之前 {b['check']}，之后 {a['check']}¹"))
    head = ("| 热路径 | 之前（中位数） | 之后（中位数） | 变化 | 之前（最快一次） | 之后（最快一次） | 变化 "
            "| 检查本身占“之后” | 在 10% 之内 | 结果校验（两版相同） |\n"
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n")
    table = head + "\n".join("| " + " | ".join(r) + " |" for r in rows) + "\n"
    note = (f"\n之前：提交 `{args.base}` 的 `src/`（git archive）；之后：当前工作区。两版在各自的子进程里运行，计时用本进程的 CPU 时间（`time.process_time`，"
            f"不计入机器上其他进程的负载），"
            f"交替运行（还款计划 {fast_rounds} 轮，扫描与分类 {rounds} 轮），每轮预热一次后取中位数（还款计划每轮 15 组、每组 30–50 次；"
            f"扫描与分类每轮 3 次），表中为各轮中位数的中位数，以及所有轮里最快的一次（同 timeit 的 best of，受他人负载影响最小）。“结果校验”一列是两版给出的同一个数（月供合计、发现条数、非正常笔数），"
            f"证明合法输入的结果不变。¹ 分类一行的两版结果不同，是因为同一次合并带进了新的重组贷款分类规则（观察期与“重组前分类”），"
            f"不是输入检查造成的；检查前后的单元测试与笔记本断言都不变。“检查本身”是在同一进程里单独计时新增的整理与检查步骤"
            f"（扫描：方向、日期、金额；分类：逾期天数、是否重组、重组后月数），占“之后”总耗时的比例——"
            f"它不受机器负载起伏的影响，是检查代价最直接的量度。机器：{machine()}（2 核，与他人共用，数字有起伏）。"
            f"{'快速模式。' if args.quick else ''}\n")
    return save("validation", "# 输入检查的代价（之前与之后并排）\n\n" + table + note)


if __name__ == "__main__":
    main()
