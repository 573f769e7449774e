"""在 JupyterHub 上部署本书（deploy/jupyterhub/）：配置能载入、Helm 取值有 Z2JH 的键，以及模拟学员的启动测试。

前两组只用标准库、traitlets 与 PyYAML；启动测试需要 ``requirements/hub.txt``（jupyterhub）和 npm 的
configurable-http-proxy，缺哪个就跳过并说明原因。
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from traitlets.config import Config

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy" / "jupyterhub"
sys.path.insert(0, str(ROOT / "tools"))

import hubsim  # noqa: E402  （启动 Hub、模拟学员登录与执行；基准测量 bench_hub.py 也用它）
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
CASE = hubsim.CASE
DEADLINE = 300   # 整个启动测试的上限（秒）：两核机器上 5 个单用户服务器加 5 次执行


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    pytest.importorskip("jupyterhub", reason="没装 requirements/hub.txt（pip install -r requirements/hub.txt "
                        "-c requirements/constraints.txt），跳过 JupyterHub 启动测试")
    chp = hubsim.proxy_command()
    if not chp:
        pytest.skip("找不到 configurable-http-proxy（npm install -g configurable-http-proxy@5.3.0，"
                    "或用 CONFIGURABLE_HTTP_PROXY 指向它），跳过 JupyterHub 启动测试")
    with hubsim.running_hub(tmp_path_factory.mktemp("hub"), chp) as h:
        yield h


def test_five_simulated_trainees_log_in_spawn_and_run_a_case(hub):
    for user in USERS:
        assert hubsim.login(hub.base, user) == 200
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
        assert hubsim.execute(hub.base, hub.token, user, f"course/{CASE}", nb) == []
        assert time.monotonic() - hub.start < DEADLINE
    _, info = hub.api.api("GET", f"/hub/api/users/{USERS[0]}")
    assert info["servers"][""]["url"] == f"/user/{USERS[0]}/"
    for user in USERS:
        hub.api.api("DELETE", f"/hub/api/users/{user}/server")
