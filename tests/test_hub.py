"""在 JupyterHub 上部署本书（deploy/jupyterhub/）：配置能载入、Helm 取值有 Z2JH 的键，以及模拟学员的启动测试。

前两组只用标准库、traitlets 与 PyYAML；启动测试需要 ``requirements/hub.txt``（jupyterhub）和 npm 的
configurable-http-proxy，缺哪个就跳过并说明原因。
"""
from __future__ import annotations

import http.cookiejar
import json
import os
import secrets
import shutil
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

import pytest
import yaml
from traitlets.config import Config

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy" / "jupyterhub"
sys.path.insert(0, str(ROOT / "tools"))

import trainee  # noqa: E402


def _load_config(monkeypatch, tmp_path, **env) -> tuple[Config, dict]:
    monkeypatch.setenv("COURSE_HUB_STATE", str(tmp_path / "state"))
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    c = Config()
    ns = {"get_config": lambda: c, "__file__": str(DEPLOY / "jupyterhub_config.py"), "__name__": "jupyterhub_config"}
    exec(compile((DEPLOY / "jupyterhub_config.py").read_text(encoding="utf-8"), "jupyterhub_config.py", "exec"), ns)
    return c, ns


def _fake_course(tmp_path: Path) -> Path:
    course = tmp_path / "trainee-notebooks"
    (course / "cases/m01").mkdir(parents=True)
    (course / "cases/m01/m01-c01-demo.ipynb").write_text("{}", encoding="utf-8")
    (course / "toc.json").write_text(json.dumps([
        {"caption": "导读", "notebooks": []},
        {"caption": "模块一", "notebooks": [{"path": "cases/m01/m01-c01-demo.ipynb", "title": "案例"}]},
    ], ensure_ascii=False), encoding="utf-8")
    return course


# ---------------------------------------------------------------- jupyterhub_config.py
def test_config_loads_and_sets_the_course_policy(monkeypatch, tmp_path):
    course = _fake_course(tmp_path)
    c, _ = _load_config(monkeypatch, tmp_path, COURSE_TRAINEE_DIR=str(course), COURSE_MEM_LIMIT="2G",
                        COURSE_CULL_MINUTES="20", COURSE_INSTRUCTORS="wang,li")
    assert c.Spawner.default_url == "/lab/tree/course/cases/m01/m01-c01-demo.ipynb"   # 目录中的第一个笔记本
    assert c.Spawner.mem_limit == "2G"
    assert c.JupyterHub.spawner_class == "localprocess"
    assert "authenticator_class" not in c.JupyterHub      # 未设 COURSE_DUMMY_AUTH：不会意外放开登录
    assert c.JupyterHub.load_groups == {"instructors": {"users": ["wang", "li"]}}
    (culler,) = c.JupyterHub.services
    assert culler["name"] == "idle-culler" and "--timeout=1200" in culler["command"]
    (role,) = c.JupyterHub.load_roles
    assert role["services"] == ["idle-culler"] and "delete:servers" in role["scopes"]
    assert "--MappingKernelManager.cull_idle_timeout=1200" in c.Spawner.args
    assert (tmp_path / "state").is_dir() and c.JupyterHub.db_url.endswith("state/jupyterhub.sqlite")


def test_start_page_falls_back_to_the_course_folder(monkeypatch, tmp_path):
    c, _ = _load_config(monkeypatch, tmp_path, COURSE_TRAINEE_DIR=str(tmp_path / "missing"))
    assert c.Spawner.default_url == "/lab/tree/course"


def test_trainees_get_trainee_notebooks_and_instructors_the_sources(monkeypatch, tmp_path):
    course = _fake_course(tmp_path)
    c, ns = _load_config(monkeypatch, tmp_path, COURSE_TRAINEE_DIR=str(course), COURSE_INSTRUCTOR_DIR=str(ROOT),
                         COURSE_SIMPLE_SPAWNER="1")

    def spawner(name, groups=()):
        user = SimpleNamespace(name=name, groups=[SimpleNamespace(name=g) for g in groups])
        return SimpleNamespace(user=user, home_dir_template=str(tmp_path / "home" / "{username}"))

    ns["copy_course"](spawner("zhang"))
    got = tmp_path / "home/zhang/course"
    assert (got / "cases/m01/m01-c01-demo.ipynb").is_file() and not (got / "src").exists()
    ns["copy_course"](spawner("wang", ["instructors"]))
    got = tmp_path / "home/wang/course"
    assert (got / "src/coursekit/__init__.py").is_file() and (got / "cases/m09").is_dir()
    # 第二次启动不覆盖学员自己的修改
    mine = tmp_path / "home/zhang/course/cases/m01/m01-c01-demo.ipynb"
    mine.write_text("我的笔记", encoding="utf-8")
    ns["copy_course"](spawner("zhang"))
    assert mine.read_text(encoding="utf-8") == "我的笔记"


# ---------------------------------------------------------------- z2jh-values.yaml
Z2JH_TOP = {"hub", "proxy", "singleuser", "cull", "scheduling", "ingress", "prePuller", "imagePullSecret",
            "rbac", "debug", "global", "custom", "fullnameOverride", "nameOverride", "imagePullSecrets", "cull"}


def test_helm_values_have_the_keys_zero_to_jupyterhub_reads():
    values = yaml.safe_load((DEPLOY / "z2jh-values.yaml").read_text(encoding="utf-8"))
    assert set(values) <= Z2JH_TOP
    single = values["singleuser"]
    assert set(single["image"]) >= {"name", "tag"} and isinstance(single["image"]["tag"], str)
    assert single["memory"]["limit"] == "1G" and single["cpu"]["limit"] == 1
    assert values["cull"]["enabled"] is True and values["cull"]["timeout"] == 1800
    assert values["hub"]["config"]["JupyterHub"]["authenticator_class"]
    # 起始页与单服务器配置算出的一致：书中第一个笔记本
    first = trainee.book_order(ROOT)[0]["notebooks"][0]
    assert single["defaultUrl"] == f"/lab/tree/course/{first}"
    assert "/srv/course" in " ".join(single["lifecycleHooks"]["postStart"]["exec"]["command"])


def test_helm_profile_hook_keeps_the_instructor_image_to_instructors():
    values = yaml.safe_load((DEPLOY / "z2jh-values.yaml").read_text(encoding="utf-8"))
    c = Config()
    ns = {"c": c}
    exec(compile(values["hub"]["extraConfig"]["course-profiles"], "extraConfig", "exec"), ns)
    profiles = c.KubeSpawner.profile_list

    def images(*groups):
        sp = SimpleNamespace(user=SimpleNamespace(groups=[SimpleNamespace(name=g) for g in groups]))
        return [p["kubespawner_override"]["image"] for p in profiles(sp)]

    assert [i.rsplit("/", 1)[1] for i in images()] == ["trainee:2026.12"]
    assert [i.rsplit("/", 1)[1] for i in images("staff", "instructors")] == ["trainee:2026.12", "instructor:2026.12"]
    assert values["singleuser"]["image"]["name"] + ":" + values["singleuser"]["image"]["tag"] == images()[0]


def test_hub_requirements_are_pinned_and_do_not_repeat_constraints():
    pins = [ln.split("==") for ln in (ROOT / "requirements/hub.txt").read_text(encoding="utf-8").splitlines()
            if ln and not ln.startswith("#")]
    assert all(len(p) == 2 and p[1] for p in pins)
    constrained = {ln.split("==")[0].lower() for ln in
                   (ROOT / "requirements/constraints.txt").read_text(encoding="utf-8").splitlines() if "==" in ln}
    assert {"jupyterhub", "jupyterhub-idle-culler"} <= {p[0].lower() for p in pins}
    assert not {p[0].lower() for p in pins} & constrained


# ---------------------------------------------------------------- 模拟学员（真的启动 JupyterHub）
USERS = [f"trainee{i}" for i in range(1, 6)]
CASE = "cases/m09/m09-c06-inventory-slips.ipynb"
DEADLINE = 300   # 整个启动测试的上限（秒）：两核机器上 5 个单用户服务器加 5 次执行


def _proxy_command():
    found = os.environ.get("CONFIGURABLE_HTTP_PROXY") or shutil.which("configurable-http-proxy")
    return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Hub:
    def __init__(self, base: str, token: str):
        self.base, self.token = base, token

    def api(self, method: str, path: str, body=None, timeout=30):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(req, timeout=timeout) as r:
            raw = r.read()
            return r.status, (json.loads(raw) if raw else None)


def _login(base: str, name: str) -> int:
    """用登录表单登录（dummy 认证：任意密码），返回登录后跳转到的页面状态码；登录失败时抛错。"""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(base + "/hub/login", timeout=30).read()
    xsrf = next(c.value for c in jar if c.name == "_xsrf")
    form = urllib.parse.urlencode({"username": name, "password": "任意", "_xsrf": xsrf}).encode()
    resp = opener.open(base + "/hub/login?next=/hub/home", data=form, timeout=60)
    assert any(c.name.startswith("jupyterhub-session-id") or c.name == "jupyterhub-hub-login" for c in jar), name
    return resp.status


def _execute(base: str, token: str, user: str, path: str, nb: dict) -> list[str]:
    """像 JupyterLab 打开笔记本那样开一个会话（内核的工作目录是笔记本所在的文件夹），经 websocket 依次执行
    笔记本的代码单元；返回出错的单元。"""
    from tornado import ioloop, websocket  # noqa: PLC0415
    from tornado.httpclient import HTTPRequest  # noqa: PLC0415

    hub = _Hub(base, token)
    _, session_model = hub.api("POST", f"/user/{user}/api/sessions",
                               {"path": path, "type": "notebook", "kernel": {"name": "python3"}}, timeout=60)
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

    ioloop.IOLoop.current().run_sync(run, timeout=120)
    hub.api("DELETE", f"/user/{user}/api/sessions/{session_model['id']}")
    return errors


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    pytest.importorskip("jupyterhub", reason="没装 requirements/hub.txt（pip install -r requirements/hub.txt "
                        "-c requirements/constraints.txt），跳过 JupyterHub 启动测试")
    chp = _proxy_command()
    if not chp:
        pytest.skip("找不到 configurable-http-proxy（npm install -g configurable-http-proxy@5.3.0，"
                    "或用 CONFIGURABLE_HTTP_PROXY 指向它），跳过 JupyterHub 启动测试")
    base_dir = tmp_path_factory.mktemp("hub")
    course = base_dir / "trainee-notebooks"
    trainee.build(ROOT, course, stage_dir=base_dir / "stage", cache_dir=base_dir / "cache")
    token, port = secrets.token_hex(16), _free_port()
    wrapper = base_dir / "test_config.py"
    wrapper.write_text(f"""
load_subconfig({str(DEPLOY / 'jupyterhub_config.py')!r})
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {port}
c.JupyterHub.hub_port = {_free_port()}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{_free_port()}"
c.ConfigurableHTTPProxy.command = [{chp!r}]
if {os.geteuid() == 0}:   # 测试机以 root 运行时，单用户服务器要求显式允许
    c.Spawner.args = [*c.Spawner.args, "--allow-root"]
c.JupyterHub.services.append({{"name": "simulator", "api_token": {token!r}}})
c.JupyterHub.load_roles.append({{"name": "simulator", "services": ["simulator"],
    "scopes": ["admin:users", "admin:servers", "access:servers", "list:users"]}})
""", encoding="utf-8")
    env = dict(os.environ, COURSE_DUMMY_AUTH="1", COURSE_SIMPLE_SPAWNER="1", COURSE_TRAINEE_DIR=str(course),
               COURSE_HOME_TEMPLATE=str(base_dir / "home" / "{username}"), COURSE_HUB_STATE=str(base_dir / "state"),
               COURSE_MEM_LIMIT="1G")
    env.pop("MPLBACKEND", None)
    log = open(base_dir / "hub.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "jupyterhub", "-f", str(wrapper)], cwd=base_dir, env=env,
                            stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    hubapi = _Hub(base, token)
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
                              start=t0, home=base_dir / "home")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def test_five_simulated_trainees_log_in_spawn_and_run_a_case(hub):
    for user in USERS:
        assert _login(hub.base, user) == 200
    for user in USERS:
        status, _ = hub.api.api("POST", f"/hub/api/users/{user}/server")
        assert status in (201, 202)
    pending = set(USERS)
    while pending:
        assert time.monotonic() - hub.start < DEADLINE, f"超时，仍未启动：{pending}\n" + hub.log.read_text()[-3000:]
        for user in sorted(pending):
            _, info = hub.api.api("GET", f"/hub/api/users/{user}")
            if info["servers"].get("", {}).get("ready"):
                pending.discard(user)
        time.sleep(1)
    for user in USERS:
        # 学员拿到的是学员版笔记本：没有检查单元、参考要点与解答
        _, model = hub.api.api("GET", f"/user/{user}/api/contents/course/{CASE}")
        nb = model["content"]
        assert nb["cells"] and trainee.answers_in(nb) == []
        _, listing = hub.api.api("GET", f"/user/{user}/api/contents/course")
        assert "src" in {i["name"] for i in listing["content"]} and not (hub.home / user / "course/.git").exists()
        assert _execute(hub.base, hub.token, user, f"course/{CASE}", nb) == []
        assert time.monotonic() - hub.start < DEADLINE
    _, info = hub.api.api("GET", f"/hub/api/users/{USERS[0]}")
    assert info["servers"][""]["url"] == f"/user/{USERS[0]}/"
    for user in USERS:
        hub.api.api("DELETE", f"/hub/api/users/{user}/server")
