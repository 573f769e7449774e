"""现场用书：学员版笔记本、课堂服务器（Voilà）、``tasks.py lab`` 的参数。

- 学员版笔记本由学员版网页的同一份过滤源文件生成，单元里没有参考要点、解答、测验答案和隐藏检查；
- 移出单元的测验题库与原题一致，笔记本里的路径能找到它；
- 发布到 trainee 分支：提交内容就是生成的文件夹，内容不变不重复提交；
- 课堂首页按书中顺序列出案例；页面模板不引用站外资源；
- 真实浏览器：按 README 的命令启动课堂服务器，输入访问码，打开一个案例，拖动滑块，结果按预期变化，没有站外请求；
- ``tasks.py lab --no-browser --port N`` 真的在该端口启动。
"""
from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import classroom  # noqa: E402
import editions  # noqa: E402
import trainee  # noqa: E402


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    base = tmp_path_factory.mktemp("trainee")
    out = base / "out"
    written = trainee.build(ROOT, out, stage_dir=base / "stage", cache_dir=base / "cache")
    return out, written, base / "stage"


# ---------------------------------------------------------------- 学员版笔记本
def test_every_book_notebook_is_generated_in_book_order(generated):
    out, written, _ = generated
    toc_notebooks = [Path(n["path"]) for part in json.loads((out / "toc.json").read_text("utf-8"))
                     for n in part["notebooks"]]
    in_sources = sorted(p.relative_to(ROOT) for d in trainee.NOTEBOOK_DIRS for p in (ROOT / d).rglob("*.ipynb")
                        if ".ipynb_checkpoints" not in p.parts)
    assert sorted(written) == in_sources
    assert written[:len(toc_notebooks)] == toc_notebooks
    cases = [p.name[:7] for p in toc_notebooks if p.parts[0] == "cases"]
    assert cases == sorted(cases), "案例应按大纲编号排列"


def test_trainee_notebooks_hold_no_answers(generated):
    out, written, stage = generated
    dirty = {p.as_posix(): trainee.answers_in(json.loads((out / p).read_text("utf-8"))) for p in written}
    assert {k: v for k, v in dirty.items() if v} == {}
    # 检查本身能发现答案：过滤前的源文件与只经 editions 过滤的学员版源文件都应被它指出
    raw = trainee.answers_in(json.loads((ROOT / "cases/m09/m09-c06-inventory-slips.ipynb").read_text("utf-8")))
    assert any("参考要点" in a for a in raw) and any("remove-cell" in a for a in raw)
    staged = trainee.answers_in(json.loads((stage / "cases/m09/m09-c06-inventory-slips.ipynb").read_text("utf-8")))
    assert staged and not any("参考要点" in a for a in staged)


def test_trainee_notebook_keeps_the_learning_material(generated):
    out, _, _ = generated
    nb = json.loads((out / "cases/m09/m09-c06-inventory-slips.ipynb").read_text("utf-8"))
    text = "\n".join(trainee._text(c["source"]) for c in nb["cells"])
    assert "SalesConsensusView(XINDA" in text              # 互动探索还在
    assert "## 讨论题" in text and "领用单比另外三样多回答了什么" in text   # 讨论题在，参考要点不在
    assert "assert tons == 610" not in text                # 隐藏检查（算一算的答案）不在
    assert "google.colab" not in text
    assert all(not c.get("outputs") for c in nb["cells"] if c["cell_type"] == "code")
    hidden = [c for c in nb["cells"] if "hide-input" in c["metadata"].get("tags", [])]
    assert hidden and all(c["metadata"]["jupyter"]["source_hidden"] for c in hidden)


def _quiz_paths(nb_path: Path) -> list[Path]:
    nb = json.loads(nb_path.read_text("utf-8"))
    found = []
    for c in nb["cells"]:
        for m in re.finditer(r'(?:show|quiz)\(\s*"([^"]+\.json)"', trainee._text(c["source"])):
            found.append((nb_path.parent / m.group(1)).resolve())
    return found


def test_quizzes_still_work_from_their_bank_files(generated):
    out, written, _ = generated
    from coursekit.quiz import show

    banks = [b for p in written for b in _quiz_paths(out / p)]
    assert len(banks) >= 39, "每个案例都有自测"
    assert len(set(banks)) == len(banks), "两个测验指向同一个题库文件（文件名冲突）"
    for bank in banks:
        assert bank.is_file(), f"测验题库不在：{bank}"
        quiz = show(str(bank))
        assert len(quiz) >= 1 and "correct" not in quiz.text()
    # 移出的题库与原单元里的题目逐字相同（比较 m09-c06 的第一题正确选项）
    nb_path = out / "cases/m09/m09-c06-inventory-slips.ipynb"
    bank = json.loads(_quiz_paths(nb_path)[0].read_text("utf-8"))
    right = [o["text"] for o in bank[0]["options"] if o["correct"]]
    source = json.loads((ROOT / "exercises/banks/m09-c06.json").read_text("utf-8"))
    assert right == [o["text"] for o in source[0]["options"] if o["correct"]] and len(right) == 1


def test_inline_quiz_under_an_alias_is_moved_out(tmp_path):
    nb = {"metadata": {"widgets": {"x": 1}}, "nbformat": 4, "nbformat_minor": 5, "cells": [
        {"cell_type": "code", "metadata": {"tags": ["remove-cell"]}, "source": "assert x == 3", "outputs": []},
        {"cell_type": "code", "metadata": {}, "outputs": [{"output_type": "stream", "text": "x"}],
         "execution_count": 3,
         "source": 'from coursekit.quiz import show as quiz\n\nquiz([\n  {"type": "单选", "question": "一加一？",\n'
                   '   "options": [{"text": "二", "correct": True}, {"text": "三", "correct": False}]},\n'
                   '], title="自测：算术")\nprint("完")'},
    ]}
    got = trainee.trainee_notebook(nb, Path("cases/m99/m99-c01-demo.ipynb"), tmp_path)
    assert len(got["cells"]) == 1 and "widgets" not in got["metadata"]
    cell = got["cells"][0]
    assert cell["source"] == ('from coursekit.quiz import show as quiz\n\n'
                              'quiz("../../exercises/banks/_inline/cases-m99-m99-c01-demo-1.json", title="自测：算术")'
                              '\nprint("完")')
    assert cell["outputs"] == [] and cell["execution_count"] is None
    assert cell["metadata"]["jupyter"]["source_hidden"] is True
    bank = json.loads((tmp_path / "exercises/banks/_inline/cases-m99-m99-c01-demo-1.json").read_text("utf-8"))
    assert bank == [{"type": "单选", "question": "一加一？",
                     "options": [{"text": "二", "correct": True}, {"text": "三", "correct": False}]}]
    assert trainee.answers_in(got) == []


def test_publish_commits_the_folder_to_the_trainee_branch(tmp_path, generated, monkeypatch):
    repo = tmp_path / "repo"
    for k in ("GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"):
        monkeypatch.setenv(k, "t")
    for k in ("GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"):
        monkeypatch.setenv(k, "t@example.invalid")
    env = dict(os.environ)
    run = lambda *a: subprocess.run(["git", "-C", str(repo), *a], check=True, capture_output=True,  # noqa: E731
                                    text=True, env=env).stdout.strip()
    repo.mkdir()
    run("init", "-q", "-b", "main")
    (repo / "a.txt").write_text("a")
    run("add", "a.txt")
    run("commit", "-q", "-m", "start")
    out = tmp_path / "out"
    shutil.copytree(generated[0] / "cases" / "m09", out / "cases" / "m09")
    first = trainee.publish(out, repo)
    files = run("ls-tree", "-r", "--name-only", "trainee").splitlines()
    assert sorted(files) == sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert run("rev-parse", "HEAD") != first and run("status", "--porcelain") == ""   # 工作区与 main 不受影响
    assert trainee.publish(out, repo) == first                                      # 内容没变：不提交
    (out / "README.md").write_text("新的一版")
    second = trainee.publish(out, repo)
    assert run("rev-parse", f"{second}^") == first
    assert run("show", "trainee:README.md") == "新的一版"


# ---------------------------------------------------------------- 课堂服务器（不开浏览器的部分）
def test_landing_lists_cases_and_tools_in_book_order(generated):
    out, _, _ = generated
    parts = json.loads((out / "toc.json").read_text("utf-8"))
    page = classroom.landing_html(parts)
    links = re.findall(r'href="/voila/render/([^"]+)"', page)
    expected = [n["path"] for part in parts for n in part["notebooks"]
                if n["path"].startswith(("cases/", "chapters/toolbox/"))]
    assert links == expected and len([x for x in links if x.startswith("cases/")]) == len(list(ROOT.glob("cases/*/m*.ipynb")))
    assert page.index("模块一") < page.index("m01-c12") < page.index("模块八") < page.index("m09-c21") < page.index("工具箱")
    assert "exercises/" not in page and "http" not in page


def test_page_template_asks_no_outside_server():
    for p in classroom.TEMPLATE_SRC.iterdir():
        assert not re.search(r"(src|href)=\"?(https?:)?//", p.read_text("utf-8")), p.name
    index = (classroom.TEMPLATE_SRC / "index.html.j2").read_text("utf-8")
    assert "block html_head_js_mermaidjs" in index and "super.super()" in index


# ---------------------------------------------------------------- 真实浏览器
from test_book import CHROMIUM, _need_browser  # noqa: E402  （与书的浏览器检查共用）


def _stop(proc):
    """结束测试启动的进程组（tasks.py 与它启动的服务器、内核），只动这一组。"""
    import signal

    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    except ProcessLookupError:
        pass


def _wait_for_line(proc, needle: str, timeout: float) -> str:
    """读服务器输出直到出现 needle；之后后台线程继续读（否则内核的输出写满管道，服务器会卡住）。"""
    import queue
    import threading

    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(ln) for ln in proc.stdout], daemon=True).start()
    seen = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=0.5)
        except queue.Empty:
            if proc.poll() is not None:
                break
            continue
        seen.append(line)
        if needle in line:
            return "".join(seen)
    raise AssertionError("服务器没有按时启动：\n" + "".join(seen))


@pytest.mark.browser
def test_classroom_server_serves_an_interactive_case(tmp_path):
    _need_browser()
    from playwright.sync_api import sync_playwright

    port, code = _free_port(), "271828"
    proc = subprocess.Popen([sys.executable, str(ROOT / "tasks.py"), "classroom", "--ip", "127.0.0.1",
                             "--port", str(port), "--code", code, "--build-dir", str(tmp_path)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            start_new_session=True)
    try:
        banner = _wait_for_line(proc, "访问码", timeout=120)
        assert f"http://127.0.0.1:{port}/?token={code}" in banner
        base = f"http://127.0.0.1:{port}"
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=CHROMIUM, args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--no-first-run", "--disable-sync", "--proxy-server=http://127.0.0.1:9"])
            page = b.new_page(viewport={"width": 1200, "height": 900})
            outside = []
            page.on("request", lambda r: None if urlparse(r.url).netloc in (f"127.0.0.1:{port}", "")
                    or r.url.startswith(("data:", "blob:", "about:")) else outside.append(r.url))
            page.goto(base + "/")
            assert "/login" in page.url                        # 没有访问码进不去
            page.fill("#password_input", "000000")
            page.click("#login_submit")
            assert "/login" in page.url
            page.fill("#password_input", code)
            page.click("#login_submit")
            page.wait_for_selector("text=案例 m09-c06：库存领用单会说话", timeout=20000)
            page.click("text=案例 m09-c06：库存领用单会说话")
            page.wait_for_selector(".widget-hslider", timeout=180000)
            page.wait_for_function("() => document.body.innerText.includes('认定全年销售额 600 万元')", timeout=30000)
            assert page.locator("text=assert tons").count() == 0     # 页面上没有代码
            readout = page.locator(".widget-hslider", has_text="认定的年销售额").locator(".widget-readout")
            readout.click()
            page.keyboard.press("Control+A")
            page.keyboard.type("390")
            page.keyboard.press("Enter")
            # 认定 390 万元（报表 600 万元下调 35%）：四个角度认可，24 期最高可贷约 28.0 万元，80 万元不通过（与案例正文一致）
            page.wait_for_function("() => /认定全年销售额 390 万元[\\s\\S]*最高可贷约 28.0 万元/.test(document.body.innerText)",
                                   timeout=60000)
            shots = ROOT / "_build" / "screenshots"
            shots.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(shots / "classroom-m09-c06.png"))
            b.close()
        assert outside == []
    finally:
        _stop(proc)


# ---------------------------------------------------------------- tasks.py lab
def test_lab_takes_port_and_no_browser(tmp_path):
    port = _free_port()
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(tmp_path / "rt"), JUPYTER_CONFIG_DIR=str(tmp_path / "cfg"),
               BROWSER="false")
    proc = subprocess.Popen([sys.executable, str(ROOT / "tasks.py"), "lab", "--no-browser", "--port", str(port),
                             "--ip", "127.0.0.1"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, env=env, start_new_session=True)
    try:
        deadline, status = time.monotonic() + 90, None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                status = urllib.request.urlopen(f"http://127.0.0.1:{port}/api", timeout=5).status
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(1)
        assert status == 200, f"JupyterLab 没有在端口 {port} 启动（退出码 {proc.poll()}）"
        first = proc.stdout.readline()
        assert "--no-browser" in first and f"--port {port}" in first
    finally:
        _stop(proc)


def test_trainee_edition_launches_the_trainee_branch(generated):
    import yaml

    _, _, stage = generated
    trainee_cfg = yaml.safe_load((stage / "_config.yml").read_text("utf-8"))
    source_cfg = yaml.safe_load((ROOT / "_config.yml").read_text("utf-8"))
    assert trainee_cfg["repository"]["branch"] == editions.TRAINEE_BRANCH == "trainee"
    assert source_cfg["repository"]["branch"] == "main"          # 讲师版仍打开主分支
    assert trainee_cfg["repository"]["url"] == source_cfg["repository"]["url"]
    assert "colab_url" not in trainee_cfg["launch_buttons"]
