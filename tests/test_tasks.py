"""tasks.py：README 里的每条命令都能解析成预期的动作；隔离环境的几种失败都被发现、说明、恢复。

这里不真的运行测试、构建或 pip：把执行的函数换成记录器，只看参数解析与决策。
"""
from __future__ import annotations

import importlib.util
import re
import shlex
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("course_tasks", ROOT / "tasks.py")
tasks = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(tasks)


@pytest.fixture()
def recorded(monkeypatch):
    """在隔离环境“里”运行 main()：记录每条将要执行的命令与构建的版本，不真的执行。"""
    calls = {"run": [], "build": [], "strip": 0}
    monkeypatch.setattr(tasks, "_in_env", lambda: True)
    monkeypatch.setattr(tasks, "ensure_env", lambda: Path(sys.executable))
    monkeypatch.setattr(tasks, "_run", lambda cmd, **kw: calls["run"].append([str(c) for c in cmd]) or 0)

    def build(edition, *, strict=True, build_dir=tasks.BUILD):
        calls["build"].append((edition, strict))
        return build_dir / edition / "_build" / "html"

    monkeypatch.setattr(tasks, "build_edition", build)
    monkeypatch.setattr(tasks.shutil, "make_archive", lambda base, fmt, root: f"{base}.zip")

    def strip(_args):
        calls["strip"] += 1
        return 0

    monkeypatch.setattr(tasks, "cmd_strip", strip)
    return calls


def _readme_commands() -> list[str]:
    """README 里出现的每条 tasks.py 命令（参数部分，按原样）。"""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return sorted({m.strip() for m in re.findall(r"(?:python3|py -3) tasks\.py ([^`#\n]*)", text)})


def test_readme_lists_the_commands_we_test():
    assert set(_readme_commands()) >= {"book", "test", "book --edition trainee", "book --zip", "lab", "strip",
                                       "bench", "book --no-strict", 'test -k "not book"', "test tests/test_loans.py"}


@pytest.mark.parametrize("line", _readme_commands())
def test_every_readme_command_parses_and_dispatches(monkeypatch, line):
    """README 里的每条命令（包括以后新加的子命令）都能解析，并交给对应的 cmd_* 函数。"""
    called = []
    monkeypatch.setattr(tasks, "_in_env", lambda: True)
    monkeypatch.setattr(tasks, "ensure_env", lambda: Path(sys.executable))
    for name in [n for n in vars(tasks) if n.startswith("cmd_")]:
        monkeypatch.setattr(tasks, name, lambda args, _name=name: called.append((_name, args)) or 0)
    argv = shlex.split(line)
    assert tasks.main(argv) == 0
    if argv[0] != "env":
        assert [name for name, _ in called] == [f"cmd_{argv[0]}"]
    if line == 'test -k "not book"':
        assert called[0][1].pytest_args == ["-k", "not book"]


def _pytest_cmd(recorded) -> list[str]:
    (cmd,) = recorded["run"]
    return cmd[cmd.index("pytest") + 1:]


def test_test_passes_dash_first_arguments_to_pytest_in_order(recorded):
    assert tasks.main(["test", "-k", "not book", "-x"]) == 0
    cmd = _pytest_cmd(recorded)
    assert cmd[-3:] == ["-k", "not book", "-x"]
    assert ["tests", "chapters", "cases", "exercises"] == cmd[cmd.index("loadfile") + 1:-3]   # 没给路径：全部


def test_test_with_a_path_runs_only_that_path_and_workers_is_ours(recorded):
    assert tasks.main(["test", "--workers", "1", "tests/test_loans.py", "-q"]) == 0
    cmd = _pytest_cmd(recorded)
    assert cmd[cmd.index("-n") + 1] == "1"
    assert cmd[cmd.index("loadfile") + 1:] == ["tests/test_loans.py", "-q"]


def test_double_dash_and_workers_lookalikes_go_to_pytest(recorded):
    assert tasks.main(["test", "--", "--workers", "3"]) == 0
    assert _pytest_cmd(recorded)[-2:] == ["--workers", "3"]


def test_bench_passes_everything_through(recorded):
    assert tasks.main(["bench", "--only", "loans", "-v"]) == 0
    assert recorded["run"][0][-3:] == ["--only", "loans", "-v"]


def test_book_commands_choose_editions(recorded):
    assert tasks.main(["book"]) == 0
    assert tasks.main(["book", "--edition", "trainee", "--no-strict"]) == 0
    assert recorded["build"] == [("trainee", True), ("instructor", True), ("trainee", False)]


@pytest.mark.parametrize("argv", [["book", "--bogus"], ["lab", "-x"], ["frobnicate"], []])
def test_unknown_arguments_are_still_refused(recorded, argv, capsys):
    with pytest.raises(SystemExit) as exc:
        tasks.main(argv)
    assert exc.value.code == 2
    assert recorded["run"] == [] and recorded["build"] == []


# -- 隔离环境 -------------------------------------------------------------------------------

@pytest.fixture()
def fake_venv(tmp_path, monkeypatch):
    where = tmp_path / "venv"
    monkeypatch.setattr(tasks, "VENV", where)
    return where


def _make_python(where: Path, version: str = "3.11.7") -> Path:
    py = where / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    py.parent.mkdir(parents=True, exist_ok=True)
    py.write_text("")
    (where / "pyvenv.cfg").write_text(f"home = /usr/bin\nversion = {version}\n", encoding="utf-8")
    return py


def test_missing_ensurepip_is_explained(fake_venv, monkeypatch):
    real = importlib.util.find_spec
    monkeypatch.setattr(tasks.importlib.util, "find_spec", lambda name, *a: None if name == "ensurepip" else real(name))
    with pytest.raises(SystemExit) as exc:
        tasks.ensure_env()
    assert "python3-venv" in str(exc.value) and "apt-get" in str(exc.value)
    assert not fake_venv.exists()


def test_venv_without_pip_is_rebuilt_with_clear(fake_venv, monkeypatch):
    """上次缺少 venv 组件时留下的“有 python、没有 pip”的环境：清空重建，而不是去装依赖再怪网络。"""
    _make_python(fake_venv)
    builds = []

    class Builder:
        def __init__(self, *, with_pip, clear):
            builds.append((with_pip, clear))

        def create(self, path):
            assert path == fake_venv

    monkeypatch.setattr(tasks.venv, "EnvBuilder", Builder)
    pip_checks = iter([False, True])                     # 重建前没有 pip，重建后有
    monkeypatch.setattr(tasks, "_has_pip", lambda py: next(pip_checks))
    commands = []
    monkeypatch.setattr(tasks, "_run", lambda cmd, **kw: commands.append([str(c) for c in cmd]) or 0)
    assert tasks.ensure_env() == tasks._venv_python()
    assert builds == [(True, True)]
    assert any("-c" in c and str(tasks.REQ / "constraints.txt") in c for c in commands)


def test_venv_still_without_pip_after_rebuild_says_why(fake_venv, monkeypatch):
    _make_python(fake_venv)
    monkeypatch.setattr(tasks.venv, "EnvBuilder", lambda **kw: type("B", (), {"create": lambda self, p: None})())
    monkeypatch.setattr(tasks, "_has_pip", lambda py: False)
    monkeypatch.setattr(tasks, "_run", lambda cmd, **kw: pytest.fail(f"不应运行 {cmd}"))
    with pytest.raises(SystemExit) as exc:
        tasks.ensure_env()
    assert "pip" in str(exc.value) and "python3-venv" in str(exc.value)


def test_failed_pip_self_upgrade_does_not_block_the_install(fake_venv, monkeypatch, capsys):
    _make_python(fake_venv)
    monkeypatch.setattr(tasks, "_has_pip", lambda py: True)
    commands = []

    def run(cmd, **kw):
        commands.append([str(c) for c in cmd])
        return 1 if "--upgrade" in commands[-1] else 0

    monkeypatch.setattr(tasks, "_run", run)
    assert tasks.ensure_env() == tasks._venv_python()
    assert len(commands) == 2 and "升级 pip 没有成功" in capsys.readouterr().out
    assert (fake_venv / ".deps-sha256").read_text() == tasks._deps_hash()


def test_failed_dependency_install_stops_with_a_message(fake_venv, monkeypatch):
    _make_python(fake_venv)
    monkeypatch.setattr(tasks, "_has_pip", lambda py: True)
    monkeypatch.setattr(tasks, "_run", lambda cmd, **kw: 0 if "--upgrade" in map(str, cmd) else 1)
    with pytest.raises(SystemExit, match="依赖安装失败"):
        tasks.ensure_env()
    assert not (fake_venv / ".deps-sha256").exists()


def test_two_launching_pythons_do_not_reinstall(fake_venv, monkeypatch):
    """标记只取决于依赖文件和 .venv 里的 Python，不取决于用哪个 Python 启动 tasks.py。"""
    _make_python(fake_venv, "3.11.7")
    monkeypatch.setattr(tasks, "_has_pip", lambda py: True)
    monkeypatch.setattr(tasks, "_run", lambda cmd, **kw: 0)
    tasks.ensure_env()
    monkeypatch.setattr(tasks, "_run", lambda cmd, **kw: pytest.fail("不应重装"))
    monkeypatch.setattr(sys, "version", "3.12.1 (main) [GCC]")
    tasks.ensure_env()                                    # 换一个启动的 Python：不重装
    _make_python(fake_venv, "3.12.1")                     # .venv 本身换了 Python：要重装
    with pytest.raises(pytest.fail.Exception):
        tasks.ensure_env()


def test_course_venv_pointing_at_a_normal_folder_is_not_cleared(fake_venv, monkeypatch):
    fake_venv.mkdir()
    (fake_venv / "notes.txt").write_text("我的文件")
    monkeypatch.setattr(tasks.venv, "EnvBuilder", lambda **kw: pytest.fail("不应创建"))
    with pytest.raises(SystemExit, match="不是隔离环境"):
        tasks.ensure_env()
    assert (fake_venv / "notes.txt").read_text() == "我的文件"


def test_real_venv_without_pip_is_detected(tmp_path):
    where = tmp_path / "nopip"
    venv.EnvBuilder(with_pip=False).create(where)
    py = where / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    assert subprocess.call([str(py), "-c", "pass"]) == 0 and tasks._has_pip(py) is False


# -- CI 与最低版本 ---------------------------------------------------------------------------

def test_ci_script_names_its_systems_and_kills_the_process_group():
    text = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "Debian" in text and "Ubuntu" in text and "snap" in text
    runs = [ln for ln in text.splitlines() if ln.startswith("timeout ")]
    assert runs and all("--kill-after=" in ln for ln in runs)
    assert "grep -qi" not in text                        # pipefail 下 grep -q 会让管道失败
    assert subprocess.run(["bash", "-n", str(ROOT / ".ci" / "run")]).returncode == 0


def test_declared_minimum_versions():
    spec = importlib.util.spec_from_file_location("min_versions", ROOT / "tools" / "min_versions.py")
    mv = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mv)
    pins = dict(p.split("==") for p in mv.minimum_pins())
    major = {name: int(v.split(".")[0]) for name, v in pins.items()}
    assert major["numpy"] >= 2 and major["pandas"] >= 3                 # np.strings、pandas 3 的行为
    # 锁定版本满足声明的下限
    locked = dict(ln.split("==") for ln in (ROOT / "requirements" / "constraints.txt").read_text().split()
                  if "==" in ln)
    locked = {k.lower(): v for k, v in locked.items()}

    def key(v):
        return tuple(int(x) for x in re.findall(r"\d+", v)[:3])

    for name, low in pins.items():
        assert key(locked[name.lower()]) >= key(low), (name, low, locked[name.lower()])


def test_module_handout_binds_chapter_cases_exercises_workshop_and_summary_in_toc_order(tmp_path):
    sys.path.insert(0, str(ROOT / "tools"))
    from handouts import book_structure, case_pages

    toc = tmp_path / "_toc.yml"
    toc.write_text("""format: jb-book
root: intro
parts:
  - caption: 模块六（60 分钟）
    chapters:
      - file: chapters/m06/index
        sections:
          - file: cases/m06/m06-c01-demo
      - file: exercises/m06-exercises
      - file: chapters/m06/workshop
      - file: chapters/m06/summary
  - caption: 工具箱
    chapters:
      - file: chapters/toolbox/team
      - file: chapters/m07/workshop
""", encoding="utf-8")
    s = book_structure(toc)
    assert s == {"m06": ["chapters/m06/index", "cases/m06/m06-c01-demo", "exercises/m06-exercises",
                         "chapters/m06/workshop", "chapters/m06/summary"]}   # 没有章节的模块不凭空出现
    assert case_pages(s) == ["cases/m06/m06-c01-demo"]

