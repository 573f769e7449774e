"""`import coursekit` 相对 `import pandas` 的开销（每次都在全新的解释器里测，取中位数）。

除了各自单独导入的时间，还在同一个进程里先导入 pandas、再导入 coursekit，直接量出 coursekit
在 pandas 之上多花的时间——这是笔记本里真正付出的代价（笔记本几乎总会先用到 pandas）。
"""
from __future__ import annotations

import json
import statistics
import subprocess
import sys

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from common import ms, write  # noqa: E402

ALONE = {
    "import pandas": "import pandas",
    "import coursekit": "import coursekit",
    "from coursekit import loans, restoration, risk": "from coursekit import loans, restoration, risk",
    "from coursekit import plotting（含 matplotlib）": "from coursekit import plotting",
}
STACKED = ("import time, json; t0=time.perf_counter(); import pandas; t1=time.perf_counter(); "
           "import coursekit; t2=time.perf_counter(); from coursekit import loans, restoration, risk; "
           "t3=time.perf_counter(); print(json.dumps([t1-t0, t2-t1, t3-t2]))")


def _run(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout


def alone(code: str, repeat: int) -> float:
    timer = f"import time; t=time.perf_counter(); {code}; print(time.perf_counter()-t)"
    return statistics.median(float(_run(timer)) for _ in range(repeat))


def main() -> None:
    repeat = 5 if "--quick" in sys.argv else 15
    res = {name: alone(code, repeat) for name, code in ALONE.items()}
    stacked = [json.loads(_run(STACKED)) for _ in range(repeat)]
    after_pandas = statistics.median(s[1] for s in stacked)
    core_after = statistics.median(s[2] for s in stacked)
    base = res["import pandas"]
    rows = ["| 导入（全新解释器） | 耗时（中位数） | 相对 import pandas |", "| --- | ---: | ---: |"]
    for name, t in res.items():
        rows.append(f"| {name} | {ms(t)} | {t / base:.2f}× |")
    rows.append(f"| 已导入 pandas 之后再 import coursekit | {ms(after_pandas)} | {after_pandas / base:.3f}× |")
    rows.append(f"| 再导入 loans、restoration、risk 三个核心模块 | {ms(core_after)} | {core_after / base:.2f}× |")
    write("import", "导入开销", "\n".join(rows),
          f"在 pandas 之上，`import coursekit` 只多花约 {ms(after_pandas)}（pandas 本身 {ms(base)}）："
          "包本身只加载 errors 一个小模块，核心模块按需导入，ipywidgets 与 matplotlib 只在用到部件或画图时才加载。"
          f"每项重复 {repeat} 次取中位数；机器繁忙时绝对值会波动，比值更可靠。")


if __name__ == "__main__":
    main()
