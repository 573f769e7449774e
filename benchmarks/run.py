"""运行 benchmarks/ 下全部 bench_*.py，把各自的结果汇总到 benchmarks/RESULTS.md。

    python benchmarks/run.py            全部（含构建时间，几分钟）
    python benchmarks/run.py --quick    快速版本（各脚本的 --quick）
    python benchmarks/run.py loans kyc  只运行指定主题
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
HEADER = """# 性能测量结果

每个表都在同一次运行中把 coursekit 与一个朴素基线并排测量（中位数），测量环境写在表前。
预算（见设计说明）：`import coursekit` 在 pandas 之上只增加很少的时间；部件的一次重算远低于 10 ms、
带图重绘低于 200 ms；批量工具向量化，百万行在数秒内完成；改动一个案例后的重建是无改动重建的小倍数。

重新测量：`python tasks.py bench`（或 `python benchmarks/run.py --quick`）。

"""


def main() -> int:
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    flags = [a for a in sys.argv[1:] if a.startswith("-")]
    scripts = sorted(HERE.glob("bench_*.py"))
    if args:
        scripts = [s for s in scripts if s.stem.removeprefix("bench_") in args]
    failed = []
    for s in scripts:
        print(f"== {s.name}", flush=True)
        if subprocess.call([sys.executable, str(s), *flags]) != 0:
            failed.append(s.name)
    parts = [HEADER]
    order = ["import", "book"]
    results = sorted((HERE / "results").glob("*.md"),
                     key=lambda p: (order.index(p.stem) if p.stem in order else len(order), p.stem))
    for p in results:
        # 各脚本的标题层级统一为二级标题
        text = "\n".join("#" + line if line.startswith("# ") else line
                         for line in p.read_text(encoding="utf-8").splitlines())
        parts.append(text + "\n\n")
    (HERE / "RESULTS.md").write_text("".join(parts).rstrip() + "\n", encoding="utf-8", newline="\n")
    if failed:
        print("失败：", ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
