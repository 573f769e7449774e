"""课堂服务器的负载测量：1、20、40 位模拟学员同时用一个案例（只在本机回环地址上）。

每位模拟学员做浏览器做的事，但不开浏览器（用 Voilà 的 HTTP 与内核 WebSocket 协议）：

1. 请求案例页面 ``/voila/render/...``：Voilà 为他启动一个内核、在服务器上运行整本笔记本、把页面传回来；
2. 连上自己内核的 WebSocket，打开部件控制通道，取回全部部件状态——此刻页面上的部件可以操作了
   （“到第一个可交互部件的时间”，从发出页面请求算起；真实浏览器还要加上几百毫秒的脚本加载）；
3. 把“销售额下调”滑块依次拖到 10、20、35、50、0（每次之间停 1 秒，像人一样），每次计时到内核处理完这条消息
   （重算、刷新表格与结论都在这之内），即“滑块往返时间”；拖到 35 时核对结果里出现“年销售额 390.00 万元”。

学员按 ``--ramp`` 秒的间隔陆续打开页面（默认 0.5 秒一位：40 位在 20 秒内到齐，像讲师说“打开案例 m09-c06”之后）。
每个场景重启一次服务器；服务器和内核以较低优先级（nice 10）运行。内存取各内核进程的常驻内存（RSS）。

    python benchmarks/bench_classroom.py            # 1、20、40 位（几分钟）
    python benchmarks/bench_classroom.py --quick    # 1、5 位
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import psutil
from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.websocket import websocket_connect

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import machine, save  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
CASE = "cases/m09/m09-c06-inventory-slips.ipynb"
SLIDER = "销售额下调（%）"
MOVES = [10, 20, 35, 50, 0]
EXPECT = {35: "年销售额 390.00 万元"}
CODE = "314159"
RESULT_JSON = Path(__file__).resolve().parent / "results" / "classroom.json"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _msg(msg_type: str, content: dict, session: str, metadata: dict | None = None) -> dict:
    return {"header": {"msg_id": uuid.uuid4().hex, "username": "bench", "session": session, "msg_type": msg_type,
                       "version": "5.3", "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())},
            "parent_header": {}, "metadata": metadata or {}, "content": content, "channel": "shell", "buffers": []}


class Trainee:
    def __init__(self, base: str, delay: float):
        self.base, self.delay = base, delay
        self.ttfw = None            # 到第一个可交互部件（秒）
        self.round_trips: list[float] = []
        self.ok = False
        self.error = ""
        self.cpu_open = self.cpu_move = None   # 内核的处理器时间（秒）：打开页面；每次拖动

    async def run(self):
        await asyncio.sleep(self.delay)
        try:
            await self._run()
        except Exception as exc:  # noqa: BLE001 — 记录并继续，结果表里会显示失败数
            self.error = f"{type(exc).__name__}: {exc}"

    async def _run(self):
        t0 = time.perf_counter()
        resp = await AsyncHTTPClient().fetch(HTTPRequest(f"{self.base}/voila/render/{CASE}?token={CODE}",
                                                         request_timeout=900, connect_timeout=60))
        page = resp.body.decode("utf-8")
        kernel = re.search(r'"kernelId":\s*"([0-9a-f-]+)"', page).group(1)
        session = uuid.uuid4().hex
        ws_url = self.base.replace("http", "ws") + f"/api/kernels/{kernel}/channels?session_id={session}&token={CODE}"
        ws = await websocket_connect(ws_url, connect_timeout=60, max_message_size=64 * 2**20)
        try:
            control = uuid.uuid4().hex
            opener = _msg("comm_open", {"comm_id": control, "target_name": "jupyter.widget.control",
                                        "data": {}}, session, {"version": "1.0.0"})
            await ws.write_message(json.dumps(opener))
            ask = _msg("comm_msg", {"comm_id": control, "data": {"method": "request_states"}}, session)
            await ws.write_message(json.dumps(ask))
            states = None
            while states is None:
                m = json.loads(await asyncio.wait_for(ws.read_message(), 300))
                data = m.get("content", {}).get("data", {})
                if m.get("msg_type") == "comm_msg" and data.get("method") == "update_states":
                    states = data["states"]
            self.ttfw = time.perf_counter() - t0
            cpu0 = kernel_cpu(kernel)
            self.cpu_open = cpu0
            slider = next(mid for mid, s in states.items()
                          if s["model_name"].endswith("SliderModel") and s["state"].get("description") == SLIDER)
            for value in MOVES:
                await asyncio.sleep(1.0)
                upd = _msg("comm_msg", {"comm_id": slider, "data": {"method": "update", "state": {"value": value},
                                                                    "buffer_paths": []}}, session)
                mid = upd["header"]["msg_id"]
                t1 = time.perf_counter()
                await ws.write_message(json.dumps(upd))
                seen = []
                while True:
                    m = json.loads(await asyncio.wait_for(ws.read_message(), 300))
                    if m.get("parent_header", {}).get("msg_id") != mid:
                        continue
                    seen.append(json.dumps(m, ensure_ascii=False))
                    if m.get("msg_type") == "status" and m["content"].get("execution_state") == "idle":
                        break
                self.round_trips.append(time.perf_counter() - t1)
                if value in EXPECT:
                    if EXPECT[value] not in "".join(seen):
                        raise AssertionError(f"拖到 {value} 后没有看到“{EXPECT[value]}”")
            if cpu0 is not None and (cpu1 := kernel_cpu(kernel)) is not None:
                self.cpu_move = (cpu1 - cpu0) / len(MOVES)
            self.ok = True
        finally:
            ws.close()


def kernel_cpu(kernel_id: str) -> float | None:
    """内核进程到目前为止用掉的处理器时间（用户 + 系统，秒）；按连接文件名 kernel-<id>.json 找进程。"""
    for p in psutil.process_iter(["cmdline"]):
        if any(f"kernel-{kernel_id}.json" in part for part in (p.info["cmdline"] or [])):
            t = p.cpu_times()
            return t.user + t.system
    return None


def kernel_rss(server: psutil.Process) -> list[float]:
    out = []
    for p in server.children(recursive=True):
        try:
            if "ipykernel" in " ".join(p.cmdline()):
                out.append(p.memory_info().rss / 2**20)
        except psutil.Error:
            pass
    return out


async def scenario(n: int, ramp: float, build_dir: Path) -> dict:
    port = _free_port()
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    log_path = build_dir / f"server-{n}.log"
    log_file = open(log_path, "w", encoding="utf-8")   # 不用管道：内核的输出写满管道会让服务器卡住
    server = subprocess.Popen([sys.executable, str(ROOT / "tools" / "classroom.py"), "--ip", "127.0.0.1",
                               "--port", str(port), "--code", CODE, "--build-dir", str(build_dir)],
                              stdout=log_file, stderr=subprocess.STDOUT, env=env, preexec_fn=lambda: os.nice(10))
    try:
        deadline = time.monotonic() + 120
        while "访问码" not in log_path.read_text(encoding="utf-8"):
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("课堂服务器没有启动：\n" + log_path.read_text(encoding="utf-8"))
            time.sleep(0.5)
        proc = psutil.Process(server.pid)
        base = f"http://127.0.0.1:{port}"
        load0 = os.getloadavg()[0]
        trainees = [Trainee(base, i * ramp) for i in range(n)]
        peak = {"kernels": [], "server": 0.0}

        async def sample():
            while server.poll() is None:
                rss = kernel_rss(proc)
                if sum(rss) > sum(peak["kernels"]):
                    peak["kernels"] = rss
                peak["server"] = max(peak["server"], proc.memory_info().rss / 2**20)
                await asyncio.sleep(1)

        sampler = asyncio.ensure_future(sample())
        t0 = time.perf_counter()
        await asyncio.gather(*(t.run() for t in trainees))
        wall = time.perf_counter() - t0
        sampler.cancel()
        server_cpu = sum(proc.cpu_times()[:2])
        done = [t for t in trainees if t.ok]
        rts = sorted(x for t in done for x in t.round_trips)
        ttfw = sorted(t.ttfw for t in done)

        def pct(xs, q):
            return xs[min(len(xs) - 1, max(0, round(q * (len(xs) - 1))))] if xs else float("nan")

        return {"trainees": n, "ok": len(done), "errors": [t.error for t in trainees if t.error][:3],
                "ttfw_median": statistics.median(ttfw) if ttfw else float("nan"), "ttfw_p95": pct(ttfw, 0.95),
                "ttfw_max": ttfw[-1] if ttfw else float("nan"),
                "rt_median": statistics.median(rts) if rts else float("nan"), "rt_p95": pct(rts, 0.95),
                "rt_n": len(rts), "kernels": len(peak["kernels"]),
                "kernel_mb": statistics.median(peak["kernels"]) if peak["kernels"] else float("nan"),
                "kernels_mb_total": sum(peak["kernels"]), "server_mb": peak["server"], "wall": wall,
                "load_before": load0, "server_cpu_per_trainee": server_cpu / n,
                "cpu_open": statistics.median([t.cpu_open for t in done if t.cpu_open is not None] or [float("nan")]),
                "cpu_move": statistics.median([t.cpu_move for t in done if t.cpu_move is not None] or [float("nan")])}
    finally:
        server.terminate()
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
        log_file.close()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="只测 1 位与 5 位")
    ap.add_argument("--trainees", type=int, nargs="*", help="自定义场景，如 --trainees 1 20 40")
    ap.add_argument("--from-json", action="store_true", help="不测量，只按 results/classroom.json 重写结果表")
    ap.add_argument("--ramp", type=float, default=0.5, help="学员陆续打开页面的间隔（秒，默认 0.5）")
    args = ap.parse_args()
    sizes = args.trainees or ([1, 5] if args.quick else [1, 20, 40])
    if args.from_json:
        data = json.loads(RESULT_JSON.read_text(encoding="utf-8"))
    else:
        AsyncHTTPClient.configure(None, max_clients=max(sizes) + 5)
        rows = []
        with tempfile.TemporaryDirectory() as tmp:
            for n in sizes:
                print(f"-- {n} 位模拟学员 …", flush=True)
                r = asyncio.run(scenario(n, args.ramp, Path(tmp)))
                print(json.dumps(r, ensure_ascii=False), flush=True)
                rows.append(r)
        data = {"machine": machine(), "cpus": os.cpu_count(),
                "memory_gb": round(psutil.virtual_memory().total / 2**30, 1), "date": time.strftime("%Y-%m-%d"),
                "ramp_s": args.ramp, "case": CASE, "nice": min(19, os.nice(0) + 10), "rows": rows}
        RESULT_JSON.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    save("classroom", report(data))
    return 0 if all(r["ok"] == r["trainees"] for r in data["rows"]) else 1


# 估算容量时假定：操作系统、浏览器与服务器本身留 3 GB；整班同时打开一个案例可以等 1 分钟；
# 全班同时拖动滑块时，每次等待不超过 5 秒。
RESERVED_GB, OPEN_BUDGET_S, DRAG_BUDGET_S = 3, 60, 5
LAPTOPS = [(2, 8), (4, 8), (4, 16), (8, 16), (8, 32)]


def capacity(cores: int, mem_gb: float, kernel_mb: float, cpu_open: float, cpu_move: float) -> dict:
    by_memory = int((mem_gb - RESERVED_GB) * 1024 // kernel_mb)
    by_open = int(OPEN_BUDGET_S * cores // cpu_open)
    by_drag = int(DRAG_BUDGET_S * cores // cpu_move)
    return {"memory": by_memory, "open": by_open, "drag": by_drag, "trainees": min(by_memory, by_open, by_drag)}


def report(data: dict) -> str:
    rows = data["rows"]
    lines = ["| 同时在线的学员 | 成功 | 到第一个可交互部件：中位数 / p95 / 最长 | 滑块往返：中位数 / p95（次数） | "
             "每个内核内存（中位数） | 全部内核 / 服务器内存 | 每位学员的处理器时间：打开 / 每次拖动 | 开始时的系统负载 |",
             "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in rows:
        lines.append(f"| {r['trainees']} | {r['ok']} | {r['ttfw_median']:.1f} / {r['ttfw_p95']:.1f} / "
                     f"{r['ttfw_max']:.1f} s | {r['rt_median'] * 1000:,.0f} / {r['rt_p95'] * 1000:,.0f} ms"
                     f"（{r['rt_n']}） | {r['kernel_mb']:.0f} MB | {r['kernels_mb_total'] / 1024:.1f} GB / "
                     f"{r['server_mb']:.0f} MB | {r['cpu_open']:.1f} s / {r['cpu_move'] * 1000:,.0f} ms | "
                     f"{r['load_before']:.1f} |")
    notes = (f"机器：{data['cpus']} 核、{data['memory_gb']:.0f} GB 内存，与其他任务共用，服务器与内核以低优先级（nice {data.get('nice', 10)}）"
             f"运行（“开始时的系统负载”是测量前 1 分钟的平均负载；它远高于核数，说明别的任务在同时占用处理器，"
             f"所以墙钟时间明显偏大，处理器时间与内存不受影响）。案例 `{data['case']}`；学员每 {data['ramp_s']} 秒到一位；"
             f"每位学员把滑块拖 {len(MOVES)} 次，每次之间停 1 秒。原始数据在 `benchmarks/results/classroom.json`。")
    if all("server_cpu_per_trainee" in r for r in rows):
        notes += (" Voilà 服务器进程本身每位学员另用处理器时间："
                  + "、".join(f"{r['trainees']} 人 {r['server_cpu_per_trainee']:.1f} s" for r in rows) + "。")
    else:
        notes += " 这次测量没有记录 Voilà 服务器进程本身的处理器时间（渲染页面），下面的估算只含内核，略偏乐观。"
    errors = [e for r in rows for e in r["errors"]]
    if errors:
        notes += "\n\n失败的例子：" + "；".join(errors)
    # 用处理器时间与内存（与机器忙闲无关）估算一台电脑能带多少学员
    ref = max(rows, key=lambda r: r["trainees"])
    kmb, co, cm = ref["kernel_mb"], max(r["cpu_open"] for r in rows), max(r["cpu_move"] for r in rows)
    est = ["| 电脑 | 内存够开的页面 | 1 分钟内全班打开 | 全班同时拖动 5 秒内 | 建议上限 |",
           "| --- | ---: | ---: | ---: | ---: |"]
    for cores, mem in LAPTOPS:
        c = capacity(cores, mem, kmb, co, cm)
        est.append(f"| {cores} 核 {mem} GB | {c['memory']} | {c['open']} | {c['drag']} | **{c['trainees']} 人** |")
    estimate = ("### 一台电脑能带多少学员（估算）\n\n"
                f"按上表的每页内存 {kmb:.0f} MB、打开一页 {co:.1f} s 与每次拖动 {cm * 1000:,.0f} ms 处理器时间估算"
                f"（各场景中的最大值）：内存留 {RESERVED_GB} GB 给系统、浏览器与服务器；全班同时打开一个案例时，"
                f"最后一位等待约 人数 × {co:.1f} s ÷ 核数（处理器按时间片轮流，大家几乎同时打开完成，上表 20、40 人的"
                f"中位数与最长值很接近正是这个原因），以 {OPEN_BUDGET_S} 秒为限；全班同时拖动时每次等待约 人数 × "
                f"{cm * 1000:,.0f} ms ÷ 核数，以 {DRAG_BUDGET_S} 秒为限。实际课堂里学员不会同一秒拖动，体验会好于估算。\n\n"
                + "\n".join(est))
    return (f"## 课堂服务器：多位学员同时使用\n\n测量环境：{data['machine']}，{data['date']}。\n\n"
            + "\n".join(lines) + "\n\n" + notes + "\n\n" + estimate + "\n")

if __name__ == "__main__":
    raise SystemExit(main())
