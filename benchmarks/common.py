"""性能测量的公共小工具：中位数计时、峰值内存、写 Markdown 结果。"""
from __future__ import annotations

import platform
import statistics
import time
import tracemalloc
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def median_time(fn, repeat: int = 7, number: int = 1) -> float:
    """运行 fn 共 repeat 轮、每轮 number 次，返回单次耗时的中位数（秒）。"""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        for _ in range(number):
            fn()
        times.append((time.perf_counter() - t0) / number)
    return statistics.median(times)


def peak_memory(fn) -> tuple[object, float]:
    """返回 (fn 的结果, Python 分配的峰值内存 MB)。"""
    tracemalloc.start()
    try:
        out = fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return out, peak / 2**20


def machine() -> str:
    return f"{platform.system()} {platform.machine()}，Python {platform.python_version()}"


def save(topic: str, text: str) -> str:
    """把一份结果写进 results/<topic>.md（run.py 汇总到 RESULTS.md），并打印出来。"""
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{topic}.md").write_text(text, encoding="utf-8", newline="\n")
    print(text)
    return text


def write(topic: str, title: str, table: str, notes: str = "") -> str:
    text = f"## {title}\n\n测量环境：{machine()}，{time.strftime('%Y-%m-%d')}。\n\n{table}\n"
    if notes:
        text += f"\n{notes}\n"
    return save(topic, text)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.2f} ms"
