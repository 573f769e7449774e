"""在本机回环地址上启动一个真的 JupyterHub，并像学员那样登录、打开与执行笔记本。

``tests/test_hub.py``（启动测试）与 ``benchmarks/bench_hub.py``（容量测量）共用这里的代码。Hub 以
dummy 认证（任意密码）与 SimpleLocalProcessSpawner 运行，在自己的进程组里启动，结束时整组停止
（代理与各单用户服务器、内核都在组内）。需要 ``requirements/hub.txt`` 与 configurable-http-proxy。
"""
from __future__ import annotations

import contextlib
import http.cookiejar
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy" / "jupyterhub"
sys.path.insert(0, str(ROOT / "tools"))

import trainee  # noqa: E402

CASE = "cases/m09/m09-c06-inventory-slips.ipynb"


def proxy_command() -> str | None:
    return os.environ.get("CONFIGURABLE_HTTP_PROXY") or shutil.which("configurable-http-proxy")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class HubAPI:
    def __init__(self, base: str, token: str):
        self.base, self.token = base, token

    def api(self, method: str, path: str, body=None, timeout=30):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(req, timeout=timeout) as r:
            raw = r.read()
            return r.status, (json.loads(raw) if raw else None)


def login(base: str, name: str) -> int:
    """用登录表单登录（dummy 认证：任意密码），返回登录后跳转到的页面状态码；登录失败时抛错。"""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(base + "/hub/login", timeout=30).read()
    xsrf = next(c.value for c in jar if c.name == "_xsrf")
    form = urllib.parse.urlencode({"username": name, "password": "任意", "_xsrf": xsrf}).encode()
    resp = opener.open(base + "/hub/login?next=/hub/home", data=form, timeout=60)
    if not any(c.name.startswith("jupyterhub-session-id") or c.name == "jupyterhub-hub-login" for c in jar):
        raise AssertionError(f"{name} 没有拿到登录 cookie")
    return resp.status


def open_session(hub: HubAPI, user: str, path: str) -> dict:
    """像 JupyterLab 打开笔记本那样开一个会话（内核的工作目录是笔记本所在的文件夹），返回会话模型。"""
    _, model = hub.api("POST", f"/user/{user}/api/sessions",
                       {"path": path, "type": "notebook", "kernel": {"name": "python3"}}, timeout=60)
    return model


def execute(base: str, token: str, user: str, path: str, nb: dict, keep_open: bool = False,
            timeout: float = 120) -> list[str]:
    """开一个会话，经 websocket 依次执行笔记本的代码单元；返回出错的单元。``keep_open`` 时不关会话（内核留着，
    供测量内存）。"""
    from tornado import ioloop, websocket  # noqa: PLC0415
    from tornado.httpclient import HTTPRequest  # noqa: PLC0415

    hub = HubAPI(base, token)
    session_model = open_session(hub, user, path)
    kernel = session_model["kernel"]
    errors: list[str] = []

    async def run():
        url = base.replace("http", "ws", 1) + f"/user/{user}/api/kernels/{kernel['id']}/channels"
        ws = await websocket.websocket_connect(HTTPRequest(url, headers={"Authorization": f"token {token}"}))
        session = uuid.uuid4().hex
        for i, cell in enumerate(nb["cells"]):
            if cell["cell_type"] != "code":
                continue
            msg_id = uuid.uuid4().hex
            ws.write_message(json.dumps({
                "header": {"msg_id": msg_id, "session": session, "username": user, "msg_type": "execute_request",
                           "version": "5.3", "date": ""},
                "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
                "content": {"code": "".join(cell["source"]), "silent": False, "store_history": False,
                            "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}}))
            while True:
                msg = json.loads(await ws.read_message())
                if msg.get("parent_header", {}).get("msg_id") == msg_id and msg["msg_type"] == "execute_reply":
                    if msg["content"]["status"] != "ok":
                        errors.append(f"单元 {i}：{msg['content'].get('ename')} {msg['content'].get('evalue')}")
                    break
        ws.close()

    ioloop.IOLoop.current().run_sync(run, timeout=timeout)
    if not keep_open:
        hub.api("DELETE", f"/user/{user}/api/sessions/{session_model['id']}")
    return errors


def stop_group(proc: subprocess.Popen, timeout: float = 30) -> None:
    """停止 proc 所在的整个进程组（Hub、代理、单用户服务器、内核）：先 SIGTERM，等不到再 SIGKILL。"""
    try:
        pgid = os.getpgid(proc.pid)
    except ProcessLookupError:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, signal.SIGTERM)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        pass
    # 组里可能还有孤儿（单用户服务器、内核）：给它们一点时间，再强制结束
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.5)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=10)


@contextlib.contextmanager
def running_hub(base_dir: Path, chp: str, mem_limit: str = "1G", nice: int = 0):
    """构建学员版笔记本、在回环地址上启动 JupyterHub，产出一个命名空间（base、token、api、course、log、start、
    home、proc）；退出时停止整个进程组。``nice`` 大于 0 时 Hub 及其子进程以低优先级运行。"""
    course = base_dir / "trainee-notebooks"
    trainee.build(ROOT, course, stage_dir=base_dir / "stage", cache_dir=base_dir / "cache")
    token, port = secrets.token_hex(16), free_port()
    wrapper = base_dir / "test_config.py"
    wrapper.write_text(f"""
load_subconfig({str(DEPLOY / 'jupyterhub_config.py')!r})
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {port}
c.JupyterHub.hub_port = {free_port()}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{free_port()}"
c.ConfigurableHTTPProxy.command = [{chp!r}]
if {os.geteuid() == 0}:   # 以 root 运行时，单用户服务器要求显式允许
    c.Spawner.args = [*c.Spawner.args, "--allow-root"]
c.JupyterHub.services.append({{"name": "simulator", "api_token": {token!r}}})
c.JupyterHub.load_roles.append({{"name": "simulator", "services": ["simulator"],
    "scopes": ["admin:users", "admin:servers", "access:servers", "list:users"]}})
""", encoding="utf-8")
    env = dict(os.environ, COURSE_DUMMY_AUTH="1", COURSE_SIMPLE_SPAWNER="1", COURSE_TRAINEE_DIR=str(course),
               COURSE_HOME_TEMPLATE=str(base_dir / "home" / "{username}"), COURSE_HUB_STATE=str(base_dir / "state"),
               COURSE_MEM_LIMIT=mem_limit)
    env.pop("MPLBACKEND", None)

    def pre():
        os.setsid()          # 自成一个进程组：结束时连同代理、单用户服务器与内核一起停止
        if nice:
            os.nice(nice)

    log = open(base_dir / "hub.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "jupyterhub", "-f", str(wrapper)], cwd=base_dir, env=env,
                            stdout=log, stderr=subprocess.STDOUT, preexec_fn=pre)
    base = f"http://127.0.0.1:{port}"
    hubapi = HubAPI(base, token)
    t0 = time.monotonic()
    try:
        while True:
            try:
                hubapi.api("GET", "/hub/api/", timeout=5)
                break
            except (urllib.error.URLError, ConnectionError):
                if proc.poll() is not None or time.monotonic() - t0 > 60:
                    raise AssertionError("JupyterHub 没有启动：\n" + (base_dir / "hub.log").read_text()[-3000:])
                time.sleep(1)
        yield SimpleNamespace(base=base, token=token, api=hubapi, course=course, log=base_dir / "hub.log",
                              start=t0, home=base_dir / "home", proc=proc)
    finally:
        stop_group(proc)
        log.close()
