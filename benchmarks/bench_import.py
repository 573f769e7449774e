"""`import coursekit` 相对 `import pandas` 的开销（各在全新的解释器里测，取中位数）。"""
from __future__ import annotations

import statistics
import subprocess
import sys

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from common import ms, write  # noqa: E402

CASES = {
    "空解释器（基线）": "pass",
    "import pandas": "import pandas",
    "import coursekit": "import coursekit",
    "import pandas, coursekit": "import pandas, coursekit",
    "from coursekit import loans, restoration, risk": "from coursekit import loans, restoration, risk",
    "from coursekit import plotting（含 matplotlib）": "from coursekit import plotting",
}


def wall(code: str, repeat: int) -> float:
    timer = ("import time; t=time.perf_counter(); " + code +
             "; print(time.perf_counter()-t)")
    runs = [float(subprocess.run([sys.executable, "-c", timer], capture_output=True, text=True,
                                 check=True).stdout) for _ in range(repeat)]
    return statistics.median(runs)


def main() -> None:
    repeat = 3 if "--quick" in sys.argv else 9
    res = {name: wall(code, repeat) for name, code in CASES.items()}
    base = res["import pandas"]
    rows = ["| 导入 | 耗时（中位数） | 相对 import pandas |", "| --- | ---: | ---: |"]
    for name, t in res.items():
        rows.append(f"| {name} | {ms(t)} | {t / base:.2f}× |")
    extra = res["import pandas, coursekit"] - base
    write("import", "导入开销", "\n".join(rows),
          f"在 pandas 之上，`import coursekit` 再多花 {ms(max(extra, 0))}：核心模块按需加载，"
          "ipywidgets 与 matplotlib 只在用到部件或画图时才导入。")


if __name__ == "__main__":
    main()
