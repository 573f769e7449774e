"""书的构建时间：冷构建（空缓存）对比无改动的重建；可选：整个测试套件的墙钟时间。

    python benchmarks/bench_book.py            冷构建 + 无改动重建（讲师版，临时目录）
    python benchmarks/bench_book.py --suite    另外测一次 `python tasks.py test` 的总时间
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))
from common import write  # noqa: E402


def timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def main() -> None:
    import tasks

    os.environ.setdefault("MPLBACKEND", "Agg")
    notebooks = sum(1 for d in tasks.NOTEBOOK_DIRS for p in (ROOT / d).rglob("*.ipynb")
                    if ".ipynb_checkpoints" not in p.parts)
    rows = ["| 操作 | 墙钟时间 | 相对冷构建 |", "| --- | ---: | ---: |"]
    with tempfile.TemporaryDirectory() as tmp:
        build = Path(tmp)
        cold = timed(lambda: tasks.build_edition("instructor", build_dir=build))
        warm = timed(lambda: tasks.build_edition("instructor", build_dir=build))
    rows.append(f"| 冷构建（空执行缓存，讲师版，{notebooks} 个笔记本） | {cold:,.1f} s | 1.00× |")
    rows.append(f"| 无改动重建 | {warm:,.1f} s | {warm / cold:.2f}× |")
    if "--suite" in sys.argv:
        t0 = time.perf_counter()
        rc = subprocess.call([sys.executable, str(ROOT / "tasks.py"), "test"], cwd=ROOT)
        suite = time.perf_counter() - t0
        rows.append(f"| 整个测试套件 `python tasks.py test`（退出码 {rc}，含两版严格构建与 nbval） "
                    f"| {suite:,.1f} s | {suite / cold:.2f}× |")
    write("book", "构建与测试时间", "\n".join(rows),
          "执行缓存（jupyter-cache）按代码单元的内容命中：无改动重建不再运行任何笔记本；"
          "改动一个笔记本只重新运行这一个。学员版与讲师版共用同一个缓存。")


if __name__ == "__main__":
    main()
