"""讲义：把构建好的书按案例、按模块打印成 A4 PDF（无头 Chromium，与网页同一套打印样式）。

每个案例一份（``cases/mXX-cYY-….pdf``），每个模块一份（``modules/mXX.pdf``：模块导读 + 各案例 + 练习，
按目录顺序合订）。打印规则在 ``book_assets/print.css``：不印代码、导航与部件的输入控件，留部件第一次显示的结果；
表格放得下页宽；标题不落在页底；讲师版的参考要点展开。

本模块也给测试用：:func:`measure` 在打印样式下量一页的表格有没有超出页宽。
"""
from __future__ import annotations

import functools
import http.server
import re
import shutil
import socketserver
import threading
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

import yaml

#: A4 去掉页边距（print.css：左右各 13 mm）后的版心宽度，单位 CSS 像素（96 dpi）
PRINTABLE_WIDTH_PX = round((210 - 26) / 25.4 * 96)
#: 一个 12 分钟左右的案例，讲义应在这么多页以内
CASE_PAGE_BUDGET = 5
#: 个别案例多一页的理由写在这里（案例改写时应回到预算以内）
CASE_PAGE_EXCEPTIONS = {
    "m09-c06-inventory-slips": (6, "实物记录角度加了一张领用单核对表和一段单位产出的说明"),
}
#: 讲师版展开了参考要点，可以多一页
INSTRUCTOR_EXTRA_PAGES = 1
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync", "--disable-quic",
                 "--proxy-server=http://127.0.0.1:9"]   # 只许访问本机：浏览器不向外发请求
EDITION_NAMES = {"trainee": "学员版", "instructor": "讲师版"}

# 打印前在页面里执行：等部件画完；展开所有折叠框（代码折叠条除外，它整个不印）
_PREPARE_JS = """
async () => {
  const want = document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]').length;
  for (let i = 0; i < 100; i++) {
    const drawn = document.querySelectorAll('.cell_output .jupyter-widgets.widget-vbox, .cell_output .jupyter-widgets.widget-box').length;
    if (drawn >= Math.min(want, 1) || want === 0) break;
    await new Promise(r => setTimeout(r, 100));
  }
  document.querySelectorAll('details:not(.above-input)').forEach(d => d.open = true);
  return want;
}
"""

# 打印样式已经收紧了表格（小字号、可折行）；仍比版心宽的表整体缩小到正好放下（记下缩放比例）
_FIT_JS = """
() => {
  const body = document.querySelector('article.bd-article, .bd-article, main') || document.body;
  const limit = body.getBoundingClientRect().right;
  const scaled = [];
  document.querySelectorAll('article table, .bd-article table').forEach(t => {
    if (!t.offsetParent) return;
    const r = t.getBoundingClientRect();
    if (r.right <= limit + 1) return;
    const factor = Math.max(0.3, Math.floor((limit - r.left) / r.width * 100) / 100);
    t.style.zoom = factor;
    scaled.push(factor);
  });
  return scaled;
}
"""

_WAIT_JS = """
async () => {
  if (document.fonts && document.fonts.ready) { await document.fonts.ready; }
  await Promise.all([...document.images].map(img => img.complete ? null :
      new Promise(r => { img.onload = img.onerror = r; })));
  return true;
}
"""

# 在打印样式、版心宽度下量表格：有没有表比正文宽、有没有要靠滚动才看得全的框
_MEASURE_JS = """
() => {
  const body = document.querySelector('article.bd-article, .bd-article, main') || document.body;
  const limit = body.getBoundingClientRect().right + 1;
  const out = {tables: 0, overflowing: [], scrollers: []};
  document.querySelectorAll('article table, .bd-article table').forEach(t => {
    if (!t.offsetParent && getComputedStyle(t).position !== 'fixed') return;   // 不印的（display:none）
    out.tables += 1;
    const r = t.getBoundingClientRect();
    if (r.width > 0 && r.right > limit) {
      const head = [...t.querySelectorAll('th')].slice(0, 3).map(th => th.textContent.trim()).join('|');
      out.overflowing.push({head, over: Math.round(r.right - limit)});
    }
  });
  document.querySelectorAll('.ck-table-wrap, .cell_output .output').forEach(el => {
    if (el.offsetParent && el.scrollWidth > el.clientWidth + 1) out.scrollers.push(el.className);
  });
  return out;
}
"""


@dataclass
class Handout:
    path: Path
    pages: int
    kind: str                      # "case" 或 "module"
    name: str
    overflow: list = field(default_factory=list)      # 缩小后仍超出版心的表
    scaled: list = field(default_factory=list)        # 为放下而缩小的表的缩放比例


def book_structure(toc_path: Path) -> dict[str, list[str]]:
    """目录里的模块 → 依次要合订的页面（不带扩展名的源文件路径）。"""
    toc = yaml.safe_load(Path(toc_path).read_text(encoding="utf-8"))
    modules: dict[str, list[str]] = {}
    for part in toc.get("parts", []):
        for chapter in part.get("chapters", []):
            file = chapter["file"]
            m = re.match(r"chapters/(m\d\d)/index$", file)
            if m:
                modules[m.group(1)] = [file] + [s["file"] for s in chapter.get("sections", [])]
            m = re.match(r"exercises/(m\d\d)-exercises$", file)
            if m and m.group(1) in modules:
                modules[m.group(1)].append(file)
            # 小组演练页与一页纸小结也合订进模块讲义（按目录顺序）；演练页另存一份单独的 PDF，课前打印分发
            m = re.match(r"chapters/(m\d\d)/(?:workshop|summary)$", file)
            if m and m.group(1) in modules:
                modules[m.group(1)].append(file)
    return modules


def case_pages(structure: dict[str, list[str]]) -> list[str]:
    return [p for pages in structure.values() for p in pages if p.startswith("cases/")]


def count_pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(str(pdf)).pages)


@contextmanager
def serve(site: Path):
    """在本机随机端口上提供构建好的网站。"""
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = socketserver.ThreadingTCPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def find_chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@contextmanager
def browser():
    from playwright.sync_api import sync_playwright

    exe = find_chromium()
    if exe is None:
        raise SystemExit("打印讲义需要 Chromium（Debian/Ubuntu：apt-get install chromium fonts-noto-cjk）。")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


def _footer(title: str, edition: str) -> str:
    import html

    return ('<div style="font-size:7pt;color:#555;width:100%;padding:0 13mm;display:flex;'
            'justify-content:space-between;font-family:\'Noto Sans CJK SC\',sans-serif;">'
            f'<span>{html.escape(title)}（{EDITION_NAMES.get(edition, edition)}）</span>'
            '<span>第 <span class="pageNumber"></span> 页 / 共 <span class="totalPages"></span> 页</span></div>')


def open_for_print(b, url: str):
    """打开一页，等部件与图片就绪，切到打印样式、版心宽度，把仍然放不下的表缩小。

    返回 ``(page, scaled)``：playwright 的 page 与被缩小的表的缩放比例。"""
    page = b.new_page(viewport={"width": PRINTABLE_WIDTH_PX, "height": 1100})
    page.goto(url, wait_until="load")
    page.evaluate(_PREPARE_JS)
    page.emulate_media(media="print")
    page.evaluate(_WAIT_JS)
    return page, page.evaluate(_FIT_JS)


def measure(page) -> dict:
    return page.evaluate(_MEASURE_JS)


def print_page(b, url: str, out: Path, edition: str) -> Handout:
    page, scaled = open_for_print(b, url)
    try:
        found = measure(page)
        title = page.title().split(" — ")[0].split(" | ")[0].strip()
        out.parent.mkdir(parents=True, exist_ok=True)
        page.pdf(path=str(out), format="A4", print_background=True, prefer_css_page_size=True,
                 display_header_footer=True, header_template="<span></span>",
                 footer_template=_footer(title, edition))
    finally:
        page.close()
    return Handout(out, count_pages(out), "case", out.stem, found["overflowing"], scaled)


def merge(parts: list[Path], out: Path) -> int:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for part in parts:
        writer.append(str(part))
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "wb") as fh:
        writer.write(fh)
    return count_pages(out)


def build_handouts(site: Path, toc: Path, out_dir: Path, edition: str, *, only: list[str] | None = None,
                   modules: bool = True, log=print, chromium=None) -> list[Handout]:
    """打印一个版本的讲义。``only`` 只打这些案例（文件名开头，如 ``m09-c06``），并且不合订模块讲义。

    ``chromium``：已经打开的 playwright 浏览器（测试里与其他浏览器检查共用）；不给就自己开一个。"""
    structure = book_structure(toc)
    pages = case_pages(structure)
    if only:
        pages = [p for p in pages if any(Path(p).name.startswith(o) for o in only)]
        modules = False
    results: list[Handout] = []
    single: dict[str, Path] = {}
    with serve(site) as base, (nullcontext(chromium) if chromium is not None else browser()) as b:
        wanted = pages if not modules else [p for ps in structure.values() for p in ps]
        for src in wanted:
            is_case = src.startswith("cases/")
            if is_case:
                target = out_dir / "cases" / f"{Path(src).name}.pdf"
            elif src.endswith("/workshop"):
                target = out_dir / "workshops" / f"{Path(src).parent.name}-workshop.pdf"
            else:
                target = out_dir / "parts" / f"{src.replace('/', '_')}.pdf"
            h = print_page(b, f"{base}/{src}.html", target, edition)
            single[src] = target
            if is_case:
                results.append(h)
                flag = (f"  缩小了 {len(h.scaled)} 张宽表（最小 {min(h.scaled):.0%}）" if h.scaled else "") + \
                    (f"  表格超出页宽：{h.overflow}" if h.overflow else "")
                log(f"  {h.name}：{h.pages} 页{flag}")
        if modules:
            for mod, srcs in structure.items():
                target = out_dir / "modules" / f"{mod}.pdf"
                n = merge([single[s] for s in srcs], target)
                results.append(Handout(target, n, "module", mod))
                log(f"  模块 {mod}：{n} 页（{len(srcs)} 个页面合订）")
            shutil.rmtree(out_dir / "parts", ignore_errors=True)
    return results
