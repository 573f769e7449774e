"""严格构建两版书，并检查读者拿到的网页：

- 严格构建（-W -n --keep-going）成功，两个版本都生成；
- 网页不向站点以外发出任何请求（脚本、样式、图片、iframe、字体）；
- 学员版里没有解答与讲师参考要点，讲师版里有；
- 中文搜索真正索引了中文词；
- 真实浏览器（无头 Chromium）里：部件画出来、公式排版、搜索有结果、测验点击有反馈、没有控制台错误、没有站外请求。

这些检查共用一次构建，都放在本文件里（pytest-xdist 按文件分配，构建只做一次）。
"""
from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import re
import shutil
import socketserver
import subprocess
import sys
import threading
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[1]
SITES = {ed: ROOT / "_build" / ed / "_build" / "html" for ed in ("trainee", "instructor")}
SHOTS = ROOT / "_build" / "screenshots"
pytestmark = pytest.mark.book


@pytest.fixture(scope="module")
def built():
    from conftest import book_build_lock

    with book_build_lock():
        proc = subprocess.run([sys.executable, str(ROOT / "tasks.py"), "book", "--edition", "both"], cwd=ROOT,
                              capture_output=True, text=True)
    log = proc.stdout + proc.stderr
    warnings = [ln for ln in log.splitlines() if "WARNING" in ln or "ERROR" in ln]
    assert proc.returncode == 0, "严格构建失败：\n" + "\n".join(warnings[-40:] or log.splitlines()[-60:])
    for ed, site in SITES.items():
        assert (site / "index.html").is_file(), f"{ed} 版没有生成 index.html"
    return SITES


# ---------------------------------------------------------------- HTML scan
class _Refs(HTMLParser):
    """收集会让浏览器自动发出请求的地址（不含普通超链接 <a href>）。"""

    def __init__(self):
        super().__init__()
        self.refs: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        keys = {"script": ["src"], "img": ["src", "srcset"], "iframe": ["src"], "source": ["src", "srcset"],
                "video": ["src", "poster"], "audio": ["src"], "embed": ["src"], "object": ["data"],
                "link": ["href"] if (a.get("rel") or "") not in ("canonical",) else [],
                "input": ["src"]}.get(tag, [])
        for k in keys:
            if a.get(k):
                self.refs.append((tag, a[k]))
        for k, v in a.items():
            if k.startswith("data-") and v and "cdn" in k:
                self.refs.append((f"{tag}[{k}]", v))
        style = a.get("style") or ""
        for url in re.findall(r"url\(([^)]+)\)", style):
            self.refs.append((f"{tag}[style]", url.strip("'\"")))


def _external(url: str) -> bool:
    return bool(re.match(r"^(https?:)?//", url.strip(), flags=re.I))


def test_no_request_leaves_the_site(built):
    offenders = []
    for ed, site in built.items():
        for page in site.rglob("*.html"):
            parser = _Refs()
            parser.feed(page.read_text(encoding="utf-8", errors="replace"))
            for tag, url in parser.refs:
                if _external(url):
                    offenders.append(f"{ed}/{page.relative_to(site)}: <{tag}> {url}")
        for css in site.rglob("*.css"):
            for url in re.findall(r"(?:url\(|@import\s+)['\"]?((?:https?:)?//[^'\")\s]+)",
                                  css.read_text(encoding="utf-8", errors="replace")):
                offenders.append(f"{ed}/{css.relative_to(site)}: {url}")
    assert not offenders, "网页会向站外发请求：\n" + "\n".join(offenders[:30])


def test_vendored_scripts_are_in_the_site(built):
    for site in built.values():
        assert (site / "_static/vendor/mathjax/tex-mml-chtml.js").is_file()
        assert (site / "_static/vendor/require.js").is_file()
        assert (site / "_static/vendor/npm/@jupyter-widgets/html-manager/dist/embed-amd.js").is_file()


def _all_text(site: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in site.rglob("*.html"))


def test_trainee_edition_has_no_solutions_or_instructor_notes(built):
    trainee, instructor = _all_text(built["trainee"]), _all_text(built["instructor"])
    markers = [r'admonition-title">\s*参考要点', r'class="[^"]*\bsolution\b', r'class="[^"]*\binstructor\b']
    for marker in markers:
        assert not re.search(marker, trainee), f"学员版中出现了 {marker}"
        assert re.search(marker, instructor), f"讲师版应保留 {marker}"
    assert "（学员版）" in trainee and "（讲师版）" in instructor


def test_trainee_downloads_are_trainee_notebooks(built):
    """学员版的“下载 .ipynb”给学员版笔记本：没有隐藏检查单元、参考要点与解答（讲师版保留检查单元）。"""
    sys.path.insert(0, str(ROOT / "tools"))
    import trainee  # noqa: PLC0415

    downloads = sorted((built["trainee"] / "_sources").rglob("*.ipynb"))
    assert downloads
    for path in downloads:
        assert trainee.answers_in(json.loads(path.read_text(encoding="utf-8"))) == [], path
    instructor_cells = [c for p in (built["instructor"] / "_sources").rglob("*.ipynb")
                        for c in json.loads(p.read_text(encoding="utf-8"))["cells"]]
    assert any("remove-cell" in c.get("metadata", {}).get("tags", []) for c in instructor_cells)


def _search_terms(site: Path) -> dict:
    raw = (site / "searchindex.js").read_text(encoding="utf-8")
    data = json.loads(raw[raw.index("(") + 1: raw.rindex(")")])
    return data["terms"]


def test_chinese_search_indexes_chinese_words(built):
    terms = _search_terms(built["trainee"])
    chinese = [t for t in terms if re.fullmatch(r"[\u4e00-\u9fff]{2,}", t)]
    assert len(chinese) > 200, f"中文词太少：{len(chinese)}"
    for word in ("贷款", "客户", "经理", "还款"):
        assert word in terms, f"搜索索引中没有“{word}”"


def test_execution_status_page_lists_notebooks(built):
    """执行状态表（正文里的表，不是侧栏）每个案例笔记本一行，而且都运行成功。"""
    page = (built["instructor"] / "chapters/appendix/status.html").read_text(encoding="utf-8")
    article = re.search(r"<article.*?</article>", page, re.S)
    assert article, "执行状态页没有正文"
    body = re.search(r"<tbody>(.*?)</tbody>", article.group(0), re.S)
    assert body, "执行状态页没有执行表"
    rows = re.findall(r"<tr.*?</tr>", body.group(1), re.S)
    listed = {re.search(r'<span class="doc">([^<]+)</span>', r).group(1) for r in rows}
    cases = {p.relative_to(ROOT).with_suffix("").as_posix() for p in (ROOT / "cases").rglob("*.ipynb")
             if ".ipynb_checkpoints" not in p.parts}
    assert len(cases) >= 39 and cases <= listed, f"执行表缺少：{sorted(cases - listed)[:5]}"
    statuses = [re.findall(r"<td><p>(.*?)</p></td>", r, re.S)[-1] for r in rows]
    assert statuses and all(x == "✅" for x in statuses), f"有笔记本没有运行成功：{statuses}"


# ---------------------------------------------------------------- real browser
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _need_browser():
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        if os.environ.get("COURSE_REQUIRE_BROWSER"):
            pytest.fail("需要 playwright（pip install playwright）")
        pytest.skip("没有安装 playwright")
    if not CHROMIUM:
        if os.environ.get("COURSE_REQUIRE_BROWSER"):
            pytest.fail("需要 Chromium（Debian：apt-get install chromium）")
        pytest.skip("没有 Chromium：浏览器检查跳过（CI 中会安装并运行）")


@contextlib.contextmanager
def serve(site: Path):
    """在本机随机端口上提供一个构建好的站点，给出它的地址（其他浏览器测试文件也用它）。"""
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(site))
    httpd = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()


@pytest.fixture(scope="module")
def server(built):
    with serve(built["instructor"]) as url:
        yield url


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync", "--disable-quic"]


@pytest.fixture(scope="module")
def browser(server):
    _need_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


class _Visit:
    def __init__(self, browser, server, path, width=1200):
        self.page = browser.new_page(viewport={"width": width, "height": 900})
        self.errors, self.outside = [], []
        host = urlparse(server).netloc
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: None if urlparse(r.url).netloc in (host, "") or r.url.startswith(
            ("data:", "blob:", "about:")) else self.outside.append(r.url))
        self.page.goto(f"{server}/{path}", wait_until="load")

    def shot(self, name):
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)

    def close(self):
        self.page.close()


def test_browser_interactive_page(browser, server):
    v = _Visit(browser, server, "chapters/guide/interactive.html")
    page = v.page
    page.wait_for_selector(".jupyter-widgets.widget-dropdown, .jupyter-widgets.widget-slider, .jupyter-widgets.widget-text", timeout=20000)
    assert page.locator(".jupyter-widgets").count() >= 5, "部件没有画出来"
    page.wait_for_selector("mjx-container", timeout=20000)
    v.shot("interactive-top")
    # 静态测验：点一个选项就出现反馈
    quiz = page.locator(".ck-quiz").first
    quiz.scroll_into_view_if_needed()
    before = quiz.inner_text()
    quiz.locator("button", has_text="账户流入连续三个月").first.click()   # 演示题库第 2 题的正确选项
    page.wait_for_timeout(300)
    feedback = quiz.inner_text()
    assert feedback != before and "正确" in feedback, f"测验点击后没有反馈：{feedback[:300]}"
    v.shot("interactive-quiz")
    assert not v.errors, f"控制台错误：{v.errors}"
    assert not v.outside, f"站外请求：{v.outside}"
    v.close()


def test_browser_search_finds_chinese(browser, server, built):
    v = _Visit(browser, server, "search.html?q=客户经理")
    # 结果是分批出现的：等搜索结束（摘要里写出总数），再数
    v.page.wait_for_function("/搜索完成|Search finished/.test("
                             "(document.querySelector('.search-summary') || {}).innerText || '')", timeout=30000)
    summary = v.page.inner_text(".search-summary")
    hits = v.page.locator("ul.search > li")
    links = hits.locator("a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    v.shot("search")
    total = int(re.search(r"(\d+)", summary).group(1))
    assert hits.count() == total >= 10, summary
    site = built["instructor"]
    assert all((site / link.split("#")[0].split("?")[0]).is_file() for link in links), links[:5]
    # 标题里就有“客户经理”的案例必须在结果里
    assert "cases/m01/m01-c08-what-happened-to-managers.html" in links
    assert not v.outside, f"站外请求：{v.outside}"
    v.close()


def test_browser_landing_on_a_phone(browser, server):
    v = _Visit(browser, server, "intro.html", width=375)
    assert "普惠金融信贷营销与风险管理" in v.page.title()
    overflow = v.page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    v.shot("landing-phone")
    assert overflow <= 5, f"手机宽度下页面横向溢出 {overflow}px"
    assert not v.errors, f"控制台错误：{v.errors}"
    assert not v.outside
    v.close()


def test_missing_glyph_fails_the_strict_build(tmp_path):
    """图中缺字（中文显示成方框）必须让严格构建失败，而不是悄悄发布一张坏图。"""
    import shutil as _sh

    sys.path.insert(0, str(ROOT / "tools"))
    from nbmake import build

    for item in ("_config.yml", "_ext", "book_assets"):
        src = ROOT / item
        (_sh.copytree if src.is_dir() else _sh.copy)(src, tmp_path / item)
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: index\n", encoding="utf-8")
    build(tmp_path / "index.ipynb", [
        ("md", "# 缺字检查"),
        ("code", "import matplotlib.pyplot as plt\nplt.rcParams['font.sans-serif'] = ['DejaVu Sans']\n"
                 "fig, ax = plt.subplots()\nax.set_title('客户经理')\nfig"),
    ])
    proc = subprocess.run([sys.executable, "-c", "from jupyter_book.cli.main import main; main()", "build",
                           str(tmp_path), "-W", "-n", "--keep-going"], capture_output=True, text=True)
    assert proc.returncode != 0, "缺字警告没有让构建失败"
    assert "stderr was found" in proc.stdout + proc.stderr
