"""Binder 环境：只装笔记本真正导入的包，版本与本书验证过的锁定版本一致，并且 pip 能解析。"""
from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BINDER = ROOT / "binder"
# 导入名 → 发行包名（不同名的几个）
DIST_OF = {"yaml": "pyyaml", "PIL": "pillow", "dateutil": "python-dateutil"}
# repo2docker 基础环境自带的（Jupyter 本身）：不在 binder/requirements.txt 锁定，免得与基础环境冲突
BASE_ENV = {"ipython", "ipykernel", "traitlets", "comm"}
TOOLCHAIN = {"jupyter-book", "sphinx", "jieba", "mplfonts", "sphinx-exercise", "myst-nb", "voila", "pytest"}


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            assert not line.startswith("-"), f"{path.name} 不应引用别的文件：{line}"
            name, sep, version = line.partition("==")
            assert sep, f"{path.name} 中每个包都要锁定版本：{line}"
            pins[_norm(name)] = version.strip()
    return pins


def _imports() -> set[str]:
    sources = [p.read_text(encoding="utf-8") for p in (ROOT / "src" / "coursekit").rglob("*.py")]
    for d in ("chapters", "cases", "exercises"):
        for p in (ROOT / d).rglob("*.ipynb"):
            nb = json.loads(p.read_text(encoding="utf-8"))
            for c in nb["cells"]:
                if c["cell_type"] == "code":
                    src = "".join(c["source"]) if isinstance(c["source"], list) else c["source"]
                    sources.append("\n".join(ln for ln in src.splitlines() if not ln.lstrip().startswith(("%", "!"))))
    found = set()
    for src in sources:
        for node in ast.walk(ast.parse(src)):
            if isinstance(node, ast.Import):
                found |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                found.add(node.module.split(".")[0])
    return {m for m in found if m not in sys.stdlib_module_names and m != "coursekit"}


def test_binder_pins_are_the_verified_versions():
    binder = _pins(BINDER / "requirements.txt")
    verified = _pins(ROOT / "requirements" / "constraints.txt")
    assert {k: v for k, v in binder.items() if verified.get(k) != v} == {}
    assert binder["pandas"].startswith("3."), "本书只在 pandas 3 上验证"


def test_binder_installs_what_the_notebooks_import_and_no_toolchain():
    binder = _pins(BINDER / "requirements.txt")
    imported = {_norm(DIST_OF.get(m, m)) for m in _imports()}
    assert {"pandas", "ipywidgets", "matplotlib"} <= imported      # 扫描本身找到了导入
    missing = imported - set(binder) - BASE_ENV
    assert missing == set(), f"笔记本导入了 Binder 环境里没有的包：{sorted(missing)}"
    assert set(binder) & TOOLCHAIN == set()
    # 每个锁定的包都有用途：要么被导入，要么是被导入包的依赖（pip 的解析报告里由它们带进来）
    top = {"numpy", "pandas", "matplotlib", "ipywidgets", "openpyxl", "pyyaml"}
    assert top <= set(binder)


def test_binder_font_is_one_small_system_font_that_coursekit_finds():
    apt = [ln.strip() for ln in (BINDER / "apt.txt").read_text(encoding="utf-8").splitlines()
           if ln.strip() and not ln.startswith("#")]
    assert apt == ["fonts-wqy-microhei"]
    from coursekit import plotting

    assert "WenQuanYi Micro Hei" in plotting.SYSTEM_CJK_FONTS
    post = (BINDER / "postBuild").read_text(encoding="utf-8")
    assert "pip install --no-deps -e ." in post and "fonts]" not in post


def test_binder_environment_resolves(tmp_path):
    """pip 的解析器在本机的软件源上解析 Binder 环境（只下载元数据，不安装）。"""
    report = tmp_path / "report.json"
    try:
        proc = subprocess.run([sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--quiet",
                               "--disable-pip-version-check", "--only-binary=:all:", "--report", str(report),
                               "-r", str(BINDER / "requirements.txt")],
                              capture_output=True, text=True, timeout=300)
    except subprocess.TimeoutExpired:
        pytest.fail("pip 解析 Binder 环境超过 5 分钟")
    assert proc.returncode == 0, proc.stderr[-3000:]
    installed = {_norm(i["metadata"]["name"]): i["metadata"]["version"]
                 for i in json.loads(report.read_text(encoding="utf-8"))["install"]}
    for name, version in _pins(BINDER / "requirements.txt").items():
        assert installed[name] == version
    assert not set(installed) & TOOLCHAIN
