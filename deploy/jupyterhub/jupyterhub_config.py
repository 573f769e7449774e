"""单台服务器上的 JupyterHub：培训中心用本书的配置（说明见 chapters/guide/jupyterhub.md）。

    jupyterhub -f deploy/jupyterhub/jupyterhub_config.py

可用环境变量调整（都有默认值）：

- ``COURSE_TRAINEE_DIR``：学员版笔记本文件夹（``python3 tasks.py trainee`` 生成的 ``_build/trainee-notebooks``）；
- ``COURSE_INSTRUCTOR_DIR``：讲师材料（本书源文件的一份检出）；只复制给 ``instructors`` 组的成员；
- ``COURSE_INSTRUCTORS``：讲师用户名，逗号分隔（也可以在管理页面把人加入 ``instructors`` 组）；
- ``COURSE_MEM_LIMIT``：每位学员的内存上限（默认 ``1G``）；``COURSE_CULL_MINUTES``：空闲多少分钟后回收（默认 30）；
- ``COURSE_HUB_IP`` / ``COURSE_HUB_PORT``：监听地址（默认 ``0.0.0.0:8000``；行内一般由 nginx 在前面做 HTTPS）；
- ``COURSE_DUMMY_AUTH=1``：只用于测试与演示的“任意密码”登录，正式环境不要设置。

本文件只用 ``c`` 与标准库，导入时不访问网络，所以可以在没有 JupyterHub 的机器上用假的 ``c`` 检查（tests/test_hub.py）。
"""
from __future__ import annotations

import json
import os
import pwd
import shutil
import sys
from pathlib import Path

c = get_config()  # noqa: F821  （JupyterHub 载入配置文件时提供 get_config）

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
TRAINEE_DIR = Path(os.environ.get("COURSE_TRAINEE_DIR", REPO / "_build" / "trainee-notebooks"))
INSTRUCTOR_DIR = Path(os.environ.get("COURSE_INSTRUCTOR_DIR", REPO))
INSTRUCTORS_GROUP = "instructors"
COURSE_FOLDER = "course"          # 每位用户家目录下的课程文件夹
MEM_LIMIT = os.environ.get("COURSE_MEM_LIMIT", "1G")
CULL_MINUTES = int(os.environ.get("COURSE_CULL_MINUTES", "30"))
# 讲师材料中只复制这些（与书的源文件一致）；不复制 .git、_build、.venv
INSTRUCTOR_ITEMS = ("chapters", "cases", "exercises", "scenarios", "src", "pyproject.toml")


def start_page(trainee_dir: Path) -> str:
    """学员登录后落在哪一页：书中的第一个笔记本（``toc.json`` 的顺序）；没有目录就落在课程文件夹。"""
    toc = trainee_dir / "toc.json"
    if toc.is_file():
        for part in json.loads(toc.read_text(encoding="utf-8")):
            for nb in part.get("notebooks", []):
                return f"/lab/tree/{COURSE_FOLDER}/{nb['path']}"
    return f"/lab/tree/{COURSE_FOLDER}"


# ---------------------------------------------------------------- 网络
c.JupyterHub.ip = os.environ.get("COURSE_HUB_IP", "0.0.0.0")
c.JupyterHub.port = int(os.environ.get("COURSE_HUB_PORT", "8000"))
c.JupyterHub.hub_ip = "127.0.0.1"

# ---------------------------------------------------------------- 登录：换成银行自己的认证
# 占位：银行通常用 LDAP/AD（pip install jupyterhub-ldapauthenticator）或统一身份认证的 OAuth2/OIDC
# （pip install oauthenticator，GenericOAuthenticator）。例如 LDAP：
#   c.JupyterHub.authenticator_class = "ldapauthenticator.LDAPAuthenticator"
#   c.LDAPAuthenticator.server_address = "ldap.bank.internal"
#   c.LDAPAuthenticator.bind_dn_template = ["uid={username},ou=people,dc=bank,dc=internal"]
# 默认的 PAMAuthenticator 用服务器本机账号登录（学员需有系统账号），适合试点。
if os.environ.get("COURSE_DUMMY_AUTH") == "1":
    c.JupyterHub.authenticator_class = "dummy"      # 任意用户名、任意密码：只用于测试
c.Authenticator.allow_all = True                    # 正式环境改为 allowed_users 或认证方的组
c.Authenticator.admin_users = {u for u in os.environ.get("COURSE_ADMINS", "").split(",") if u}

# 讲师组：组里的人拿到讲师材料（含解答与参考要点），其他人只拿到学员版笔记本
_instructors = [u for u in os.environ.get("COURSE_INSTRUCTORS", "").split(",") if u]
c.JupyterHub.load_groups = {INSTRUCTORS_GROUP: {"users": _instructors}}

# ---------------------------------------------------------------- 单用户服务器
# LocalProcessSpawner 以各自的系统账号运行每位用户的 Jupyter；测试用 SimpleLocalProcessSpawner（全部以 Hub 的账号
# 运行、家目录在临时目录下），由 COURSE_SIMPLE_SPAWNER=1 选择。
if os.environ.get("COURSE_SIMPLE_SPAWNER") == "1":
    c.JupyterHub.spawner_class = "simple"
    c.SimpleLocalProcessSpawner.home_dir_template = os.environ.get("COURSE_HOME_TEMPLATE", "/tmp/course-{username}")
else:
    c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [sys.executable, "-m", "jupyterhub.singleuser"]   # 与 Hub 同一个 Python 环境
c.Spawner.default_url = start_page(TRAINEE_DIR)
c.Spawner.notebook_dir = "~"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 60
# 内存上限：LocalProcessSpawner 只把它作为 MEM_LIMIT 环境变量告诉单用户服务器（jupyter-resource-usage 显示），
# 并不强制；要强制，用 systemdspawner（c.SystemdSpawner.mem_limit，cgroups）或 Kubernetes（见 z2jh-values.yaml）。
c.Spawner.mem_limit = MEM_LIMIT
c.Spawner.environment = {"MPLBACKEND": "module://matplotlib_inline.backend_inline"}


def _home(spawner) -> Path:
    template = getattr(spawner, "home_dir_template", None)
    if template:
        return Path(template.format(username=spawner.user.name))
    return Path(pwd.getpwnam(spawner.user.name).pw_dir)


def is_instructor(user) -> bool:
    return any(g.name == INSTRUCTORS_GROUP for g in getattr(user, "groups", []))


def copy_course(spawner) -> None:
    """第一次启动时把课程复制到用户家目录的 course/ 下；已有就不动（学员的笔记不会被覆盖）。"""
    home = _home(spawner)
    dest = home / COURSE_FOLDER
    if dest.exists():
        return
    home.mkdir(parents=True, exist_ok=True)
    if is_instructor(spawner.user):
        dest.mkdir()
        for item in INSTRUCTOR_ITEMS:
            src = INSTRUCTOR_DIR / item
            if src.is_dir():
                shutil.copytree(src, dest / item, ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
            elif src.is_file():
                shutil.copy2(src, dest / item)
    else:
        if not TRAINEE_DIR.is_dir():
            raise RuntimeError(f"找不到学员版笔记本：{TRAINEE_DIR}（先运行 python3 tasks.py trainee）")
        shutil.copytree(TRAINEE_DIR, dest)
    if os.geteuid() == 0 and not getattr(spawner, "home_dir_template", None):   # 以 root 运行、各用各的系统账号时
        entry = pwd.getpwnam(spawner.user.name)
        for p in [dest, *dest.rglob("*")]:
            os.chown(p, entry.pw_uid, entry.pw_gid)


c.Spawner.pre_spawn_hook = copy_course

# ---------------------------------------------------------------- 空闲回收
c.JupyterHub.load_roles = [{
    "name": "idle-culler",
    "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
    "services": ["idle-culler"],
}]
c.JupyterHub.services = [{
    "name": "idle-culler",
    "command": [sys.executable, "-m", "jupyterhub_idle_culler", f"--timeout={CULL_MINUTES * 60}"],
}]
# 单用户服务器里的内核也按空闲回收（学员关掉标签页后内核不再占内存）
c.Spawner.args = [f"--MappingKernelManager.cull_idle_timeout={CULL_MINUTES * 60}",
                  "--MappingKernelManager.cull_interval=60"]

# ---------------------------------------------------------------- 存放位置
_state = Path(os.environ.get("COURSE_HUB_STATE", REPO / "_build" / "hub"))
_state.mkdir(parents=True, exist_ok=True)
c.JupyterHub.db_url = f"sqlite:///{_state / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(_state / "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.pid_file = str(_state / "jupyterhub-proxy.pid")
