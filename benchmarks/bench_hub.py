"""JupyterHub 部署的容量测量：在本机回环地址上同时启动 N 个单用户服务器（默认 1、5 个）。

Hub 用 ``deploy/jupyterhub/jupyterhub_config.py``（dummy 认证、SimpleLocalProcessSpawner），启动代码与
``tests/test_hub.py`` 共用（``tools/hubsim.py``）。每个场景：

1. N 位模拟学员登录，同时请求启动各自的单用户服务器；每位的“启动时间”从请求到 Hub 报告 ready；
2. 每位学员打开学员版案例 ``cases/m09/m09-c06``（开一个内核）并把代码单元执行一遍，内核留着；
3. 取每个单用户服务器进程及其子进程（内核）的常驻内存（RSS）之和，以及 Hub、代理与空闲回收服务自身的内存；
4. 停止这 N 个服务器，进入下一个场景（同一个 Hub）。

Hub 及其所有子进程在自己的进程组里以低优先级（nice 10）运行，结束时整组停止。不属于测试套件。

    python benchmarks/bench_hub.py                  # 1、5 个单用户服务器
    python benchmarks/bench_hub.py --servers 1 5 10
    python benchmarks/bench_hub.py --from-json      # 只按 results/hub.json 重写结果表
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import psutil

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tools"))
from common import machine, save  # noqa: E402

import hubsim  # noqa: E402

RESULT_JSON = HERE / "results" / "hub.json"
CLASSROOM_JSON = HERE / "results" / "classroom.json"
NICE = 10


def _rss(p: psutil.Process) -> float:
    try:
        return p.memory_info().rss / 2**20
    except psutil.Error:
        return 0.0


def memory(hub_proc) -> dict:
    """按进程树分账：每个单用户服务器（含其内核）、Hub 本身、代理、其余（空闲回收服务等）。"""
    root = psutil.Process(hub_proc.pid)
    servers, kernels, proxy, other = [], [], 0.0, 0.0
    for child in root.children():
        try:
            cmd = " ".join(child.cmdline())
        except psutil.Error:
            continue
        tree = [child, *child.children(recursive=True)]
        total = sum(_rss(p) for p in tree)
        if "jupyterhub-singleuser" in cmd or "singleuser" in cmd:
            servers.append(total)
            kernels += [_rss(p) for p in tree[1:] if "ipykernel" in " ".join(p.cmdline())]
        elif "configurable-http-proxy" in cmd or "node" in cmd.split(" ")[0]:
            proxy += total
        else:
            other += total
    return {"servers": servers, "kernels": kernels, "hub": _rss(root), "proxy": proxy, "other": other}


def scenario(h, n: int, tag: str) -> dict:
    users = [f"{tag}{i}" for i in range(1, n + 1)]
    load = os.getloadavg()
    for u in users:
        hubsim.login(h.base, u)
    mem_idle = memory(h.proc)
    started = {}
    for u in users:
        started[u] = time.monotonic()
        status, _ = h.api.api("POST", f"/hub/api/users/{u}/server")
        assert status in (201, 202), status
    ready: dict[str, float] = {}
    deadline = time.monotonic() + 120 + 60 * n
    while len(ready) < n:
        if time.monotonic() > deadline:
            raise SystemExit(f"超时，仍未启动：{set(users) - set(ready)}\n" + h.log.read_text()[-3000:])
        for u in users:
            if u not in ready:
                _, info = h.api.api("GET", f"/hub/api/users/{u}")
                if info["servers"].get("", {}).get("ready"):
                    ready[u] = time.monotonic() - started[u]
        time.sleep(0.5)
    mem_servers = memory(h.proc)
    runs, errors = [], []
    for u in users:
        _, model = h.api.api("GET", f"/user/{u}/api/contents/course/{hubsim.CASE}")
        t0 = time.monotonic()
        errors += hubsim.execute(h.base, h.token, u, f"course/{hubsim.CASE}", model["content"], keep_open=True,
                                 timeout=600)
        runs.append(time.monotonic() - t0)
    time.sleep(2)
    mem = memory(h.proc)
    for u in users:
        h.api.api("DELETE", f"/hub/api/users/{u}/server")
    t0 = time.monotonic()
    while time.monotonic() - t0 < 120 and memory(h.proc)["servers"]:
        time.sleep(1)
    spawn = sorted(ready.values())
    return {"servers": n, "errors": errors[:3], "load_before": [round(x, 2) for x in load],
            "spawn_median": statistics.median(spawn), "spawn_max": spawn[-1],
            "open_and_run_median": statistics.median(runs), "open_and_run_max": max(runs),
            "server_idle_mb": statistics.median(mem_servers["servers"]),
            "per_trainee_mb": statistics.median(mem["servers"]), "per_trainee_max_mb": max(mem["servers"]),
            "kernel_mb": statistics.median(mem["kernels"]) if mem["kernels"] else float("nan"),
            "kernels": len(mem["kernels"]), "all_servers_mb": sum(mem["servers"]),
            "hub_mb": mem["hub"], "proxy_mb": mem["proxy"], "other_mb": mem["other"],
            "hub_idle_mb": mem_idle["hub"], "proxy_idle_mb": mem_idle["proxy"]}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--servers", type=int, nargs="*", help="场景：同时启动的单用户服务器数，如 --servers 1 5 10")
    ap.add_argument("--quick", action="store_true", help="只测 1 个")
    ap.add_argument("--from-json", action="store_true", help="不测量，只按 results/hub.json 重写结果表")
    args = ap.parse_args()
    if args.from_json:
        data = json.loads(RESULT_JSON.read_text(encoding="utf-8"))
    else:
        chp = hubsim.proxy_command()
        try:
            import jupyterhub  # noqa: F401, PLC0415
        except ImportError:
            chp = None
        if not chp:
            print("需要 requirements/hub.txt 与 configurable-http-proxy（CONFIGURABLE_HTTP_PROXY），跳过。")
            return 0
        sizes = args.servers or ([1] if args.quick else [1, 5])
        rows = []
        with tempfile.TemporaryDirectory() as tmp, hubsim.running_hub(Path(tmp), chp, nice=NICE) as h:
            for k, n in enumerate(sizes):
                print(f"-- {n} 个单用户服务器 …", flush=True)
                r = scenario(h, n, f"s{k}u")
                print(json.dumps(r, ensure_ascii=False), flush=True)
                rows.append(r)
        data = {"machine": machine(), "cpus": os.cpu_count(),
                "memory_gb": round(psutil.virtual_memory().total / 2**30, 1), "date": time.strftime("%Y-%m-%d"),
                "case": hubsim.CASE, "nice": NICE, "rows": rows}
        RESULT_JSON.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    save("hub", report(data))
    return 0 if not any(r["errors"] for r in data["rows"]) else 1


# 容量估算的假设：每位学员同时开着一个案例内核；操作系统等留 2 GB；内存按 RSS 相加（共享库重复计算，偏保守）。
RESERVED_GB = 2
SERVER_SIZES = [8, 16, 32, 64]


def capacity(mem_gb: float, per_trainee_mb: float, hub_mb: float) -> int:
    return int(((mem_gb - RESERVED_GB) * 1024 - hub_mb) // per_trainee_mb)


def report(data: dict) -> str:
    rows = data["rows"]
    lines = ["| 同时启动的单用户服务器 | 启动时间：中位数 / 最长 | 打开并执行案例：中位数 / 最长 | "
             "每位学员内存（服务器 + 内核，中位数 / 最大） | 其中内核 | 空闲服务器 | Hub / 代理 / 其他服务 | "
             "开始时的系统负载（1/5/15 分钟） |",
             "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in rows:
        lines.append(f"| {r['servers']} | {r['spawn_median']:.1f} / {r['spawn_max']:.1f} s | "
                     f"{r['open_and_run_median']:.1f} / {r['open_and_run_max']:.1f} s | "
                     f"{r['per_trainee_mb']:.0f} / {r['per_trainee_max_mb']:.0f} MB | {r['kernel_mb']:.0f} MB | "
                     f"{r['server_idle_mb']:.0f} MB | {r['hub_mb']:.0f} / {r['proxy_mb']:.0f} / {r['other_mb']:.0f} MB"
                     f" | {' / '.join(f'{x:.1f}' for x in r['load_before'])} |")
    ref = max(rows, key=lambda r: r["servers"])
    per, hub = ref["per_trainee_mb"], ref["hub_mb"] + ref["proxy_mb"] + ref["other_mb"]
    side = ""
    if CLASSROOM_JSON.is_file():
        cl = json.loads(CLASSROOM_JSON.read_text(encoding="utf-8"))
        cref = max(cl["rows"], key=lambda r: r["trainees"])
        side = (f"\n\n与课堂服务器（`results/classroom.md`）并排：课堂服务器每位学员是一个 Voilà 内核，约 "
                f"{cref['kernel_mb']:.0f} MB（{cref['trainees']} 人时服务器本身 {cref['server_mb']:.0f} MB）；"
                f"Hub 上每位学员是一个单用户服务器加一个内核，约 {per:.0f} MB（其中内核 {ref['kernel_mb']:.0f} MB，"
                f"服务器进程约 {per - ref['kernel_mb']:.0f} MB），Hub、代理与空闲回收服务合计约 {hub:.0f} MB。"
                f"也就是说，同样的内存，Hub 能带的学员约为课堂服务器的 {cref['kernel_mb'] / per:.0%}，换来的是每人"
                "自己的文件夹、可以改写与保存的笔记本和完整的 JupyterLab。")
    notes = (f"机器：{data['cpus']} 核、{data['memory_gb']:.0f} GB 内存，与其他任务共用；Hub 及其子进程以低优先级"
             f"（nice {data['nice']}）运行。“开始时的系统负载”高于核数（2 核上约 3），说明别的任务同时在占用处理器，所以启动与执行的"
             "墙钟时间明显偏大（在空闲的服务器上会短得多），内存不受影响。启动时间是从请求启动到 Hub 报告就绪；"
             f"服务器一起请求，所以 N 大时包含排队。案例 `{data['case']}`，每位学员打开一个内核并执行全部代码单元后"
             "测内存；内存是各进程常驻内存（RSS）之和，共享库按进程重复计算，略偏保守。"
             "原始数据在 `benchmarks/results/hub.json`。" + side)
    errors = [e for r in rows for e in r["errors"]]
    if errors:
        notes += "\n\n执行出错的例子：" + "；".join(errors)
    est = ["| 服务器内存 | 可同时在线的学员（各开一个案例） |", "| ---: | ---: |"]
    for gb in SERVER_SIZES:
        est.append(f"| {gb} GB | {capacity(gb, per, hub)} 人 |")
    estimate = ("### 一台服务器能带多少学员（估算，只看内存）\n\n"
                f"每位学员 {per:.0f} MB（{ref['servers']} 个服务器场景的中位数），Hub 等 {hub:.0f} MB，"
                f"操作系统留 {RESERVED_GB} GB：\n\n" + "\n".join(est))
    return (f"## JupyterHub：每位学员一个单用户服务器\n\n测量环境：{data['machine']}，{data['date']}。\n\n"
            + "\n".join(lines) + "\n\n" + notes + "\n\n" + estimate + "\n")


if __name__ == "__main__":
    raise SystemExit(main())
