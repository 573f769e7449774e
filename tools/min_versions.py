#!/usr/bin/env python3
"""在 pyproject.toml 声明的最低版本上安装 coursekit 并运行单元测试。

声明的 ``>=`` 下限要是真的：本脚本把每个 ``name>=X`` 换成 ``name==X``，在临时目录里建一个隔离环境安装它们
（外加测试用的 pytest、hypothesis、numpy-financial 与字体包 mplfonts），再运行不需要构建书、不需要笔记本的
单元测试。CI（``.ci/run``）每次都运行它。

    python3 tools/min_versions.py            # 安装并测试（约 5 分钟，需要能访问 PyPI）
    python3 tools/min_versions.py --print    # 只打印将要安装的版本
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import tomllib
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: 测试本身需要、但不属于 coursekit 依赖的包（不限版本）
TEST_EXTRAS = ["pytest", "hypothesis", "numpy-financial", "mplfonts"]
#: 只依赖 coursekit 本身的测试文件（不构建书、不运行笔记本）
UNIT_TESTS = ["test_loans.py", "test_cash_path.py", "test_datasets.py", "test_compliance.py", "test_restoration.py",
              "test_kyc.py", "test_risk.py", "test_warning_history.py", "test_contribution.py", "test_crosssell.py",
              "test_checks.py", "test_foundations.py", "test_state.py", "test_quiz.py", "test_scenarios.py",
              "test_marketing.py"]


def minimum_pins(pyproject: Path = ROOT / "pyproject.toml") -> list[str]:
    """``name>=X`` → ``name==X``；没有下限的依赖是错误（声明不完整）。"""
    deps = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["dependencies"]
    pins = []
    for dep in deps:
        m = re.fullmatch(r"\s*([A-Za-z0-9_.\-]+)\s*>=\s*([0-9][0-9A-Za-z.]*)\s*", dep)
        if not m:
            raise SystemExit(f"pyproject.toml 的依赖 {dep!r} 没有写成 name>=版本 的形式")
        pins.append(f"{m.group(1)}=={m.group(2)}")
    return pins


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--print", action="store_true", help="只打印最低版本")
    args = ap.parse_args(argv)
    pins = minimum_pins()
    print("最低版本：" + "  ".join(pins), flush=True)
    if args.print:
        return 0
    with tempfile.TemporaryDirectory(prefix="coursekit-min-") as tmp:
        env_dir = Path(tmp) / "venv"
        venv.EnvBuilder(with_pip=True).create(env_dir)
        py = env_dir / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
        pip = [str(py), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
        subprocess.run(pip + pins + TEST_EXTRAS, check=True)
        subprocess.run(pip + ["--no-deps", "-e", str(ROOT)], check=True)
        tests = [str(ROOT / "tests" / name) for name in UNIT_TESTS]
        env = {k: v for k, v in os.environ.items() if k not in ("COURSE_REQUIRE_BROWSER", "PYTHONPATH")}
        env.update(MPLBACKEND="Agg", HYPOTHESIS_PROFILE="ci")
        return subprocess.call([str(py), "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "not browser and not book",
                                "-W", "ignore::DeprecationWarning", *tests], cwd=ROOT, env=env)


if __name__ == "__main__":
    raise SystemExit(main())
