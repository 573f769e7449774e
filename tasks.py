#!/usr/bin/env python3
"""项目的全部常用操作，只需要 Python 3.11+：

    python tasks.py book            构建两版书（学员版、讲师版），打印打开方式
    python tasks.py test            运行全部测试（单元、性质、笔记本、严格构建、离线与浏览器检查）

其他：
    python tasks.py book --edition trainee|instructor   只构建一个版本
    python tasks.py book --zip                          另存可在内网分发的 zip
    python tasks.py lab [--port N --ip IP --no-browser]  在 JupyterLab 中打开笔记本（讲课用）
    python tasks.py classroom [--port N --code CODE]    课堂服务器：局域网内的学员用浏览器打开无代码的互动页面
    python tasks.py trainee [--zip] [--publish]  生成学员版笔记本（无答案；Binder 用的 trainee 分支）
    python tasks.py strip                               清空所有笔记本的输出（提交前）
    python tasks.py bench                               运行 benchmarks/ 并更新 benchmarks/RESULTS.md
    python tasks.py handouts                            打印讲义：每个案例、每个模块一份 A4 PDF（两个版本）
    python tasks.py env                                 只创建/更新隔离环境 .venv

第一次运行会在项目下创建隔离环境 ``.venv``，按 ``requirements/constraints.txt`` 安装锁定版本的依赖；
之后只有依赖文件变化时才重装。环境变量 ``COURSE_VENV`` 可指定别的位置。
"""
from __future__ import annotations

import argparse
import hashlib
import importlib.util
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = Path(os.environ.get("COURSE_VENV", ROOT / ".venv"))
REQ = ROOT / "requirements"
BUILD = ROOT / "_build"
NOTEBOOK_DIRS = ["chapters", "cases", "exercises"]


def _venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _run(cmd: list, **kw) -> int:
    print("$", " ".join(str(c) for c in cmd), flush=True)
    return subprocess.call([str(c) for c in cmd], **kw)


def _venv_version() -> str:
    """隔离环境里的 Python 版本（读 pyvenv.cfg；读不到时为空）。"""
    try:
        text = (VENV / "pyvenv.cfg").read_text(encoding="utf-8")
    except OSError:
        return ""
    for line in text.splitlines():
        key, _, value = line.partition("=")
        if key.strip() in ("version", "version_info"):
            return value.strip()
    return ""


def _deps_hash() -> str:
    """依赖文件与隔离环境里的 Python 版本。不含运行 tasks.py 的那个 Python：交替用 python3.11 与
    python3.12 启动，只要 .venv 没变就不会每次重装。"""
    h = hashlib.sha256()
    for name in ["constraints.txt", "book.txt", "test.txt"]:
        h.update((REQ / name).read_bytes())
    h.update((ROOT / "pyproject.toml").read_bytes())
    h.update(_venv_version().encode())
    return h.hexdigest()


_NO_ENSUREPIP = """\
这个 Python 不能创建带 pip 的隔离环境（缺少 ensurepip 模块）。
Debian / Ubuntu 上请先安装 venv 组件，再重新运行：

    sudo apt-get install python3-venv        # 或与你的版本对应的 python3.X-venv

其他系统请安装 python.org 的官方 Python 3.11 或更新版本。"""


def _has_pip(py: Path) -> bool:
    return subprocess.call([str(py), "-m", "pip", "--version"], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL) == 0


def _create_venv() -> None:
    """新建隔离环境；目录里已有一个坏掉的环境（没有 pip、python 不能运行）时清空重建（clear=True）。"""
    if importlib.util.find_spec("ensurepip") is None:
        raise SystemExit(_NO_ENSUREPIP)
    exists = VENV.exists() and any(VENV.iterdir())
    if exists and not (VENV / "pyvenv.cfg").exists():
        raise SystemExit(f"{VENV} 已存在且不是隔离环境，不会清空它：请删除它，或用 COURSE_VENV 指定别的位置。")
    print(("重建" if exists else "创建") + f"隔离环境 {VENV} …", flush=True)
    try:
        venv.EnvBuilder(with_pip=True, clear=exists).create(VENV)
    except (subprocess.CalledProcessError, OSError) as exc:
        raise SystemExit(f"创建隔离环境失败（{exc}）。\n{_NO_ENSUREPIP}") from None
    if not _has_pip(_venv_python()):
        raise SystemExit(f"隔离环境 {VENV} 里没有可用的 pip。\n{_NO_ENSUREPIP}")


def ensure_env() -> Path:
    """创建或更新隔离环境；返回其中的 python。"""
    if sys.version_info < (3, 11):
        raise SystemExit("需要 Python 3.11 或更新版本（本书锁定的 pandas 3 不支持更早的 Python）。")
    py = _venv_python()
    stamp = VENV / ".deps-sha256"
    if py.exists() and stamp.exists() and stamp.read_text().strip() == _deps_hash():
        return py
    if not py.exists() or not _has_pip(py):
        if py.exists():
            print(f"隔离环境 {VENV} 不完整（没有可用的 pip，多半是上次创建时缺少 venv 组件）。", flush=True)
        _create_venv()
    pip = [py, "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    if _run(pip + ["--upgrade", "pip"]):
        print("（升级 pip 没有成功，用现有的 pip 继续安装；这一步不是必需的。）", flush=True)
    rc = _run(pip + ["-c", REQ / "constraints.txt", "-r", REQ / "book.txt", "-r", REQ / "test.txt",
                     "-e", ROOT])
    if rc:
        raise SystemExit("依赖安装失败：见上方 pip 的输出；“常见问题”一节有处理办法。")
    stamp.write_text(_deps_hash())
    return py


def _in_env() -> bool:
    return Path(sys.prefix).resolve() == VENV.resolve()


def _reexec(py: Path, argv: list[str]) -> int:
    """在隔离环境里重新运行本脚本（这样下面的代码能直接导入 jupyter_book 等）。"""
    return _run([py, Path(__file__), *argv])


# ---------------------------------------------------------------- book
def build_edition(edition: str, *, strict: bool = True, build_dir: Path = BUILD) -> Path:
    """构建一个版本，返回 html 目录。build_dir 可换成临时目录（性能测量冷构建时用）。"""
    sys.path.insert(0, str(ROOT / "tools"))
    from editions import stage  # noqa: PLC0415

    # 两个版本的执行缓存分开放：学员版给每个代码单元加了 hide-input 标签，jupyter-cache 连单元元数据一起算哈希，
    # 两版本来就互不命中；分开放，两版才能同时构建而不争同一个 SQLite 库。学员版沿用 .jupyter_cache
    # （tasks.py trainee 与课堂服务器用的也是它）。
    cache = build_dir / (".jupyter_cache" if edition == "trainee" else f".jupyter_cache-{edition}")
    src = stage(ROOT, build_dir / "stage" / edition, edition, cache_dir=cache)
    out = build_dir / edition
    cmd = [sys.executable, "-c", "from jupyter_book.cli.main import main; main()", "build", src,
           "--path-output", out]
    if strict:
        cmd += ["-W", "-n", "--keep-going"]
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    env.pop("MPLBACKEND", None)   # 让内核用 inline 后端：部件里的图才会以 PNG 存进网页
    rc = _run(cmd, env=env)
    html = out / "_build" / "html"
    if rc:
        raise SystemExit(f"{edition} 版构建失败（退出码 {rc}）：见上方的警告与错误。")
    if edition == "trainee":
        # 下载按钮与 _sources/ 给学员的是学员版笔记本（没有隐藏的检查单元），不是构建用的源文件
        from trainee import serve_downloads  # noqa: PLC0415

        serve_downloads(html)
    return html


def build_editions(editions: list[str], *, strict: bool = True) -> dict[str, Path]:
    """构建几个版本。两核以上的机器上两个版本同时构建（每个版本执行笔记本时只占一个核），
    墙钟时间约减半；任何一个版本失败都报错，并列出全部失败的版本。"""
    if len(editions) < 2 or (os.cpu_count() or 1) < 2:
        return {ed: build_edition(ed, strict=strict) for ed in editions}
    from concurrent.futures import ThreadPoolExecutor  # noqa: PLC0415

    with ThreadPoolExecutor(max_workers=len(editions)) as pool:
        futures = {ed: pool.submit(build_edition, ed, strict=strict) for ed in editions}
    sites, errors = {}, []
    for ed, future in futures.items():
        try:
            sites[ed] = future.result()
        except SystemExit as exc:
            errors.append(str(exc))
    if errors:
        raise SystemExit("\n".join(errors))
    return sites


def cmd_book(args) -> int:
    editions = ["trainee", "instructor"] if args.edition == "both" else [args.edition]
    sites = build_editions(editions, strict=not args.no_strict)
    names = {"trainee": "学员版", "instructor": "讲师版"}
    print("\n构建完成：")
    for ed, html in sites.items():
        print(f"  {names[ed]}：{html / 'index.html'}")
        if args.zip:
            archive = shutil.make_archive(str(BUILD / f"book-{ed}"), "zip", html)
            print(f"    可分发的 zip：{archive}")
    print("用浏览器直接打开 index.html，或在该目录运行 `python -m http.server` 后访问 http://localhost:8000 。")
    return 0


# ---------------------------------------------------------------- test
def cmd_test(args) -> int:
    workers = args.workers or ("2" if (os.cpu_count() or 1) >= 2 else "1")
    extra = list(args.pytest_args)
    paths = [a for a in extra if not a.startswith("-") and (ROOT / a.split("::")[0]).exists()]
    targets = [] if paths else ["tests", *NOTEBOOK_DIRS]
    cmd = [sys.executable, "-m", "pytest", "--nbval-lax", "-p", "no:cacheprovider", "-n", workers,
           "--dist", "loadfile", *targets, *extra]
    env = dict(os.environ, PYTHONHASHSEED="0")
    env.pop("MPLBACKEND", None)
    return _run(cmd, cwd=ROOT, env=env)


# ---------------------------------------------------------------- handouts
def cmd_handouts(args) -> int:
    """每个案例、每个模块一份 A4 讲义（PDF），两个版本；写在 _build/handouts/<版本>/ 下。"""
    sys.path.insert(0, str(ROOT / "tools"))
    from handouts import build_handouts  # noqa: PLC0415

    editions = ["trainee", "instructor"] if args.edition == "both" else [args.edition]
    names = {"trainee": "学员版", "instructor": "讲师版"}
    for ed in editions:
        html = BUILD / ed / "_build" / "html"
        if not args.no_build or not (html / "index.html").is_file():
            html = build_edition(ed)
        out = BUILD / "handouts" / ed
        print(f"\n{names[ed]}讲义 → {out}", flush=True)
        build_handouts(html, ROOT / "_toc.yml", out, ed, only=args.only or None)
    return 0


# ---------------------------------------------------------------- misc
def cmd_strip(_args) -> int:
    import json

    changed = 0
    for d in NOTEBOOK_DIRS:
        for p in sorted((ROOT / d).rglob("*.ipynb")):
            if ".ipynb_checkpoints" in p.parts:
                continue
            nb = json.loads(p.read_text(encoding="utf-8"))
            before = json.dumps(nb, sort_keys=True)
            for cell in nb["cells"]:
                if cell["cell_type"] == "code":
                    cell["outputs"] = []
                    cell["execution_count"] = None
                cell.get("metadata", {}).pop("execution", None)
            nb["metadata"].pop("widgets", None)
            if json.dumps(nb, sort_keys=True) != before:
                p.write_text(json.dumps(nb, ensure_ascii=False, indent=1) + "\n", encoding="utf-8", newline="\n")
                changed += 1
    print(f"清空输出：{changed} 个笔记本有改动。")
    return 0


def cmd_lab(args) -> int:
    cmd = [sys.executable, "-m", "jupyterlab", "--notebook-dir", ROOT]
    if args.port:
        cmd += ["--port", args.port]
    if args.ip:
        cmd += ["--ip", args.ip]
    if args.no_browser:
        cmd += ["--no-browser"]
    if args.allow_root or (hasattr(os, "geteuid") and os.geteuid() == 0):
        cmd += ["--allow-root"]   # 以 root 运行（容器、教室机器）时 JupyterLab 否则直接退出
    return _run(cmd + list(args.lab_args))


def cmd_trainee(args) -> int:
    sys.path.insert(0, str(ROOT / "tools"))
    import trainee  # noqa: PLC0415

    out = BUILD / "trainee-notebooks"
    written = trainee.build(ROOT, out, stage_dir=BUILD / "stage" / "trainee", cache_dir=BUILD / ".jupyter_cache")
    print(f"学员版笔记本：{len(written)} 个，在 {out}")
    if args.zip:
        print(f"  zip：{shutil.make_archive(str(BUILD / 'trainee-notebooks'), 'zip', out)}")
    if args.publish:
        commit = trainee.publish(out, ROOT, branch=args.branch)
        print(f"  已提交到本地分支 {args.branch}（{commit[:10]}）。发布：git push origin {args.branch}")
    return 0


def cmd_classroom(args) -> int:
    opts = []
    for name in ("port", "ip", "code", "idle_minutes", "build_dir"):
        if getattr(args, name):
            opts += [f"--{name.replace('_', '-')}", getattr(args, name)]
    sys.path.insert(0, str(ROOT / "tools"))
    import classroom  # noqa: PLC0415

    return classroom.main([str(o) for o in opts])


def cmd_bench(args) -> int:
    return _run([sys.executable, ROOT / "benchmarks" / "run.py", *args.bench_args], cwd=ROOT)


class _Parser(argparse.ArgumentParser):
    """``test`` 与 ``bench`` 把自己不认识的参数按原样、原顺序交给 pytest 或 benchmarks。

    argparse.REMAINDER 碰到以短横线开头的第一个参数（``test -k "not book"``、``test -x``）会报
    “unrecognized arguments”，所以这两个子命令的参数先在这里分开，只把本脚本自己的选项交给 argparse。
    """

    PASSTHROUGH = {"test": ("pytest_args", {"--workers"}), "bench": ("bench_args", set())}

    def parse_args(self, args=None, namespace=None):
        args = list(sys.argv[1:] if args is None else args)
        if not args or args[0] not in self.PASSTHROUGH:
            return super().parse_args(args, namespace)
        dest, own = self.PASSTHROUGH[args[0]]
        mine, rest = [args[0]], []
        i = 1
        while i < len(args):
            a = args[i]
            if a == "--":
                rest += args[i + 1:]
                break
            if a in own and i + 1 < len(args):
                mine += [a, args[i + 1]]
                i += 2
                continue
            if a.split("=", 1)[0] in own or (a in ("-h", "--help") and i == 1):
                mine.append(a)
            else:
                rest.append(a)
            i += 1
        ns = super().parse_args(mine, namespace)
        setattr(ns, dest, rest)
        return ns


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    ap = _Parser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("book", help="构建书")
    b.add_argument("--edition", choices=["both", "trainee", "instructor"], default="both")
    b.add_argument("--zip", action="store_true", help="另存 zip，便于内网分发")
    b.add_argument("--no-strict", action="store_true", help="警告不视为错误（排查问题时用）")
    t = sub.add_parser("test", help="运行全部测试")
    t.add_argument("--workers", help="并行进程数（默认 2）")
    t.add_argument("pytest_args", nargs=argparse.REMAINDER, help="其余参数原样传给 pytest")
    lb = sub.add_parser("lab", help="打开 JupyterLab")
    lb.add_argument("--port", help="端口（默认 8888）")
    lb.add_argument("--ip", help="监听地址（默认只本机；0.0.0.0 为所有网卡）")
    lb.add_argument("--no-browser", action="store_true", help="不自动打开浏览器")
    lb.add_argument("--allow-root", action="store_true", help="允许以 root 运行（以 root 运行时自动加上）")
    lb.add_argument("lab_args", nargs="*", help="其余参数原样传给 JupyterLab（写在 -- 之后）")
    cr = sub.add_parser("classroom", help="课堂服务器（Voilà，局域网）")
    cr.add_argument("--port", help="端口（默认 8866）")
    cr.add_argument("--ip", help="监听地址（默认所有网卡；本机试用 127.0.0.1）")
    cr.add_argument("--code", help="本班的访问码（默认随机 6 位数字）")
    cr.add_argument("--idle-minutes", help="页面空闲多少分钟后回收其内核（默认 30）")
    cr.add_argument("--build-dir", help="生成文件的位置（默认 _build/）")
    tn = sub.add_parser("trainee", help="生成学员版笔记本（无答案），可提交到 trainee 分支")
    tn.add_argument("--zip", action="store_true", help="另存 zip")
    tn.add_argument("--publish", action="store_true", help="提交到本地 trainee 分支（之后 git push）")
    tn.add_argument("--branch", default="trainee", help="发布用的分支名（默认 trainee）")
    sub.add_parser("strip", help="清空笔记本输出")
    bn = sub.add_parser("bench", help="运行性能测量")
    bn.add_argument("bench_args", nargs=argparse.REMAINDER)
    sub.add_parser("env", help="只准备隔离环境")
    h = sub.add_parser("handouts", help="打印讲义：每个案例、每个模块一份 A4 PDF（两个版本）")
    h.add_argument("--edition", choices=["both", "trainee", "instructor"], default="both")
    h.add_argument("--only", nargs="*", help="只打这些案例（文件名开头，如 m09-c06），不合订模块讲义")
    h.add_argument("--no-build", action="store_true", help="直接用已构建的网页，不先构建")
    args = ap.parse_args(argv)

    if args.cmd == "strip":
        return cmd_strip(args)
    if not _in_env():
        py = ensure_env()
        if args.cmd == "env":
            print(f"隔离环境就绪：{VENV}")
            return 0
        return _reexec(py, argv)
    ensure_env()
    return {"book": cmd_book, "test": cmd_test, "lab": cmd_lab, "bench": cmd_bench, "handouts": cmd_handouts,
            "classroom": cmd_classroom, "trainee": cmd_trainee,
            "env": lambda _a: 0}[args.cmd](args)


if __name__ == "__main__":
    raise SystemExit(main())
