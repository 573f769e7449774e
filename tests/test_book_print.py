"""读者真正看到的表格、手机页面与打印讲义（构建好的两版书 + 无头 Chromium）：

- 每一张输出表都是全书样式（coursekit.tables）：没有 NaN、False、英文字段名、0 起的行号；
- 案例页的表：数字右对齐、等宽数字，相邻两格文字至少隔 8 px，表头不在词中间断开；
- 手机宽度（375 px）：部件的选项卡和标签写全，宽表在带提示的滚动框里，并排的图上下排列，提示不写 “null”；
- 讲义：三个案例的 PDF 在页数预算内，表格不超出版心，代码不印，讲师版的参考要点展开。

与 test_book.py 共用构建（同一个锁，轮流构建）和浏览器辅助函数。
"""
from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from test_book import ROOT, SHOTS, _need_browser, _Visit, browser, built, server  # noqa: F401  （夹具共用）

pytestmark = pytest.mark.book
sys.path.insert(0, str(ROOT / "tools"))

CASE_PAGE = "cases/m09/m09-c06-inventory-slips.html"      # 表多的案例页
TAB_PAGE = "chapters/toolbox/restoration.html"            # 带选项卡的还原部件（两张并排的图）
TOOL_PAGE = "chapters/toolbox/loans.html"
PHONE_PAGES = [CASE_PAGE, "chapters/toolbox/compliance.html", "chapters/toolbox/restoration.html",
               "cases/m01/m01-c11-officer-300-ids.html"]
SAMPLE_CASES = ["m01-c12", "m08-c04", "m09-c06"]             # 讲义抽样：三个模块各一个


# ---------------------------------------------------------------- static HTML: every output table
class _OutputTables(HTMLParser):
    """收集笔记本输出区里的表：class、表头文字、单元格文字。"""

    def __init__(self):
        super().__init__()
        self.depth_output = 0          # 在 cell_output 里的嵌套层数
        self.stack: list[str] = []
        self.tables: list[dict] = []
        self.cell: list[str] | None = None
        self.cell_tag = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = a.get("class") or ""
        if tag == "div":
            if self.depth_output or "cell_output" in cls.split():
                self.depth_output += 1
        if not self.depth_output:
            return
        if tag == "table":
            self.tables.append({"class": cls, "th": [], "td": []})
        elif tag in ("th", "td") and self.tables:
            self.cell, self.cell_tag = [], tag

    def handle_endtag(self, tag):
        if tag == "div" and self.depth_output:
            self.depth_output -= 1
        if tag in ("th", "td") and self.cell is not None and self.tables:
            self.tables[-1][tag].append("".join(self.cell).strip())
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def _output_tables(site: Path):
    for page in sorted(site.rglob("*.html")):
        rel = page.relative_to(site).as_posix()
        if rel.startswith(("_", "genindex", "search")):
            continue
        parser = _OutputTables()
        parser.feed(page.read_text(encoding="utf-8", errors="replace"))
        for t in parser.tables:
            yield rel, t


def test_every_output_table_is_a_house_table(built):
    tables = list(_output_tables(built["trainee"]))
    assert len(tables) > 150, f"输出表太少（{len(tables)}），解析出了问题"
    other = [f"{rel}: {t['th'][:4]}" for rel, t in tables if "ck-table" not in t["class"].split()]
    assert not other, "这些输出表没有经过 coursekit.tables：\n" + "\n".join(other[:20])


def test_no_nan_false_or_english_field_names_in_output_tables(built):
    bad = []
    for ed, site in built.items():
        for rel, t in _output_tables(site):
            for text in t["td"] + t["th"]:
                if text in {"NaN", "nan", "None", "NaT", "False", "True", "<NA>"}:
                    bad.append(f"{ed}/{rel}: 单元格 {text!r}")
            if rel.endswith("data_dictionary.html"):
                continue          # 数据字典页讲的就是这些英文字段名
            for head in t["th"]:
                if re.fullmatch(r"[a-z]+(_[a-z]+)+|[a-z]{3,}", head):
                    bad.append(f"{ed}/{rel}: 英文列名 {head!r}")
    assert not bad, "\n".join(sorted(set(bad))[:30])


def test_no_zero_based_row_numbers_next_to_the_data(built):
    """行标题列从 0 开始数 0, 1, 2…：那是 pandas 的默认行号，对读者没有意义。"""
    offenders = []
    for page in built["trainee"].rglob("*.html"):
        text = page.read_text(encoding="utf-8", errors="replace")
        for m in re.finditer(r'<table class="ck-table[^"]*">.*?</table>', text, flags=re.S):
            corner = re.search(r'<thead><tr><th scope="col"[^>]*>([^<]*)</th>', m.group(0))
            rows = re.findall(r'<tr><th scope="row"[^>]*>([^<]*)</th>', m.group(0))
            # 有名字的索引（如处置“等级” 0–4）有意义；没有名字、从 0 数起的才是 pandas 行号
            if corner and not corner.group(1).strip() and len(rows) >= 2 and rows[:2] == ["0", "1"]:
                offenders.append(page.relative_to(built["trainee"]).as_posix())
    assert not offenders, offenders


# ---------------------------------------------------------------- browser: the table on a case page
_TABLE_METRICS_JS = """
() => {
  const out = [];
  document.querySelectorAll('.cell_output table.ck-table').forEach((t, k) => {
    const rows = [...t.querySelectorAll('tr')];
    let minGap = Infinity, numeric = 0, numericRight = 0, tabular = true;
    const textBox = el => { const r = document.createRange(); r.selectNodeContents(el); return r.getBoundingClientRect(); };
    for (const row of rows) {
      const cells = [...row.children];
      for (let i = 0; i + 1 < cells.length; i++) {
        const a = textBox(cells[i]), b = textBox(cells[i + 1]);
        if (a.width > 0 && b.width > 0 && Math.abs(a.top - b.top) < 40) minGap = Math.min(minGap, b.left - a.right);
      }
      for (const c of cells) {
        if (!c.classList.contains('ck-num') || c.tagName !== 'TD') continue;
        numeric += 1;
        const cs = getComputedStyle(c);
        if (cs.textAlign === 'right') numericRight += 1;
        if (!cs.fontVariantNumeric.includes('tabular-nums')) tabular = false;
        // 右对齐的真实效果：文字右缘贴着单元格右内边距
        const box = c.getBoundingClientRect(), tb = textBox(c);
        if (box.right - tb.right > parseFloat(cs.paddingRight) + 2) numericRight -= 1;
      }
    }
    const heads = [...t.querySelectorAll('thead th')].map(th => {
      const r = document.createRange(); r.selectNodeContents(th);
      const lines = new Set([...r.getClientRects()].map(x => Math.round(x.top)));
      return {text: th.textContent.trim(), lines: lines.size};
    });
    const pad = getComputedStyle(t.querySelector('td') || t).paddingLeft;
    out.push({k, minGap, numeric, numericRight, tabular, heads, pad});
  });
  return out;
}
"""


def test_case_page_tables_are_readable(built, browser, server):
    v = _Visit(browser, server, CASE_PAGE, width=1280)
    v.page.wait_for_timeout(500)
    metrics = v.page.evaluate(_TABLE_METRICS_JS)
    v.page.locator(".cell_output table.ck-table").first.scroll_into_view_if_needed()
    v.shot("case-page-table")
    v.close()
    assert len(metrics) >= 4, f"案例页上的表太少：{len(metrics)}"
    for m in metrics:
        assert m["minGap"] >= 8, f"第 {m['k']} 张表相邻两格文字只隔 {m['minGap']:.1f} px"
        assert m["numeric"] == 0 or m["numericRight"] == m["numeric"], f"第 {m['k']} 张表有数字没有右对齐：{m}"
        assert m["tabular"], f"第 {m['k']} 张表的数字不是等宽数字"
        for h in m["heads"]:
            if 0 < len(h["text"]) <= 8:
                assert h["lines"] == 1, f"表头“{h['text']}”被拆成 {h['lines']} 行"
    assert sum(m["numeric"] for m in metrics) > 10


# ---------------------------------------------------------------- browser: phone width
_PHONE_JS = """
() => {
  const vw = document.documentElement.clientWidth;
  const visible = el => { const r = el.getBoundingClientRect(); const cs = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && cs.visibility !== 'hidden' && cs.display !== 'none'; };
  const scroller = el => { for (let p = el.parentElement; p; p = p.parentElement) {
      const cs = getComputedStyle(p);
      if ((cs.overflowX === 'auto' || cs.overflowX === 'scroll') && p.scrollWidth > p.clientWidth + 1) return p; }
    return null; };
  const res = {vw, pageOverflow: document.documentElement.scrollWidth - vw, clipped: [], uncued: [], cut: [], nulls: 0,
               tabs: [], figs: [], wideTables: 0};
  // 部件与输出区里超出屏幕右缘的东西：必须在一个横向滚动框里，且这个框是带提示的全书表格框
  document.querySelectorAll('.cell_output *').forEach(el => {
    if (!visible(el) || el.children.length) return;
    const r = el.getBoundingClientRect();
    if (r.right <= vw + 1) return;
    const box = scroller(el);
    if (!box) { res.clipped.push((el.className || el.tagName) + ':' + (el.textContent || '').slice(0, 20)); return; }
  });
  document.querySelectorAll('.ck-table-wrap').forEach(w => {
    if (!visible(w) || w.scrollWidth <= w.clientWidth + 1) return;
    res.wideTables += 1;
    const hint = w.parentElement.querySelector(':scope > .ck-table-hint');
    const shadow = getComputedStyle(w).backgroundImage.includes('gradient');
    if (!hint || !visible(hint) || !shadow) res.uncued.push(w.textContent.slice(0, 30));
  });
  // 其他横向滚动框（不是全书表格框）里藏着内容：读者看不出能滚
  document.querySelectorAll('.cell_output *').forEach(el => {
    const cs = getComputedStyle(el);
    if (visible(el) && (cs.overflowX === 'auto' || cs.overflowX === 'scroll') && el.scrollWidth > el.clientWidth + 1
        && !el.classList.contains('ck-table-wrap')) res.uncued.push('滚动框 ' + el.className);
  });
  document.querySelectorAll('.widget-label, .lm-TabBar-tabLabel, .p-TabBar-tabLabel').forEach(el => {
    if (visible(el) && el.scrollWidth > el.clientWidth + 1) res.cut.push(el.textContent);
  });
  document.querySelectorAll('[title="null"]').forEach(el => { if (visible(el)) res.nulls += 1; });
  document.querySelectorAll('.lm-TabBar-tabLabel, .p-TabBar-tabLabel').forEach(el => res.tabs.push(el.textContent));
  document.querySelectorAll('.ck-figs').forEach(f => {
    const tops = [...f.querySelectorAll('.ck-fig')].map(x => Math.round(x.getBoundingClientRect().top));
    res.figs.push(tops);
  });
  return res;
}
"""


@pytest.mark.parametrize("path", PHONE_PAGES)
def test_phone_width_nothing_clipped_or_cut(built, browser, server, path):
    v = _Visit(browser, server, path, width=375)
    v.page.wait_for_selector(".cell_output .jupyter-widgets", timeout=20000)
    v.page.wait_for_timeout(800)
    r = v.page.evaluate(_PHONE_JS)
    if path == TAB_PAGE:
        v.page.locator(".widget-tab").first.scroll_into_view_if_needed()
        v.shot("tab-page-phone")
    v.close()
    assert r["pageOverflow"] <= 5, f"页面横向溢出 {r['pageOverflow']} px"
    assert not r["clipped"], f"超出屏幕、又不在滚动框里的内容：{r['clipped'][:8]}"
    assert not r["uncued"], f"能横向滚动却没有提示的框：{r['uncued'][:8]}"
    assert not r["cut"], f"被截断的标签或选项卡：{r['cut'][:8]}"
    assert r["nulls"] == 0, f"{r['nulls']} 个提示写着 null"
    for tops in r["figs"]:
        assert len(set(tops)) == len(tops), f"手机上并排的图没有上下排列：{tops}"


def test_phone_tab_page_has_the_full_tab_titles_and_a_wide_table_cue(built, browser, server):
    v = _Visit(browser, server, TAB_PAGE, width=375)
    v.page.wait_for_selector(".widget-tab", timeout=20000)
    v.page.wait_for_timeout(800)
    r = v.page.evaluate(_PHONE_JS)
    v.close()
    assert "经营资产负债" in r["tabs"] and "交叉检验资料" in r["tabs"]
    assert r["wideTables"] >= 1, "手机上应至少有一张要横向滚动的表（用来检验提示）"
    assert any(len(t) == 2 for t in r["figs"]), "还原部件的两张图应并排输出"


def test_tool_page_screenshot(built, browser, server):
    v = _Visit(browser, server, TOOL_PAGE, width=1280)
    v.page.wait_for_selector(".cell_output .jupyter-widgets", timeout=20000)
    v.page.locator(".cell_output .jupyter-widgets").first.scroll_into_view_if_needed()
    v.page.wait_for_timeout(500)
    v.shot("tool-page")
    assert v.page.locator(".cell_output table.ck-table").count() >= 3
    v.close()


# ---------------------------------------------------------------- print: handouts for a sample of cases
@pytest.fixture(scope="module")
def handouts(built, browser, tmp_path_factory):
    from handouts import build_handouts

    out = tmp_path_factory.mktemp("handouts")
    made = {}
    for ed in ("trainee", "instructor"):
        sample = SAMPLE_CASES if ed == "trainee" else SAMPLE_CASES[-1:]
        made[ed] = build_handouts(built[ed], ROOT / "_toc.yml", out / ed, ed, only=sample, log=lambda *_: None,
                                  chromium=browser)
    return made


def _pdf_text(path: Path) -> str:
    """PDF 里的文字。Chromium 的 PDF 把部分汉字映射成康熙部首（⽤、⽬），NFKC 还原成常用字。"""
    import unicodedata

    from pypdf import PdfReader

    text = "\n".join(p.extract_text() or "" for p in PdfReader(str(path)).pages)
    return unicodedata.normalize("NFKC", text)


def test_case_handouts_fit_the_page_budget_and_the_page_width(handouts):
    from handouts import CASE_PAGE_BUDGET, CASE_PAGE_EXCEPTIONS, INSTRUCTOR_EXTRA_PAGES

    trainee = handouts["trainee"]
    assert sorted(h.name[:7] for h in trainee) == sorted(SAMPLE_CASES)
    for ed, made in handouts.items():
        extra = INSTRUCTOR_EXTRA_PAGES if ed == "instructor" else 0
        for h in made:
            budget = CASE_PAGE_EXCEPTIONS.get(h.name, (CASE_PAGE_BUDGET, ""))[0] + extra
            assert 1 <= h.pages <= budget, f"{ed} {h.name} 印了 {h.pages} 页（预算 {budget}）"
            assert not h.overflow, f"{h.name} 的表格超出版心：{h.overflow}"


def test_handouts_print_results_not_code(handouts):
    for h in handouts["trainee"]:
        text = _pdf_text(h.path)
        assert "Show code cell" not in text and "显示代码" not in text
        assert not re.search(r"^\s*(import |from coursekit|def )", text, flags=re.M), f"{h.name} 印出了代码"
        assert "学习目标" in text and "要点" in text
    c06 = next(h for h in handouts["trainee"] if h.name.startswith("m09-c06"))
    text = _pdf_text(c06.path)
    assert "库存领用单" in text and "不通过" in text          # 表格与部件的静态结果都在
    assert "参考要点" not in text


def test_instructor_handout_has_the_reference_notes_open(handouts):
    (h,) = handouts["instructor"]
    text = _pdf_text(h.path)
    assert "参考要点" in text
    # 展开了：标题后面的正文也印出来了（不只是标题）
    after = text.split("参考要点", 1)[1]
    assert len(re.sub(r"\s", "", after)) > 200


def test_handout_page_screenshot(handouts, browser, server):
    """讲义第一页的样子（pdftoppm 可用时直接转 PDF；否则用打印样式截图）。"""
    import shutil

    SHOTS.mkdir(parents=True, exist_ok=True)
    c06 = next(h for h in handouts["trainee"] if h.name.startswith("m09-c06"))
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "2", str(c06.path),
                        str(SHOTS / "handout-m09-c06")], check=True)
        assert list(SHOTS.glob("handout-m09-c06*.png"))
    else:
        v = _Visit(browser, server, CASE_PAGE, width=700)
        v.page.emulate_media(media="print")
        v.page.screenshot(path=str(SHOTS / "handout-m09-c06-print.png"), full_page=False)
        v.close()


# ---------------------------------------------------------------- print: the pages meant for the desk
DESK_PAGES = ["chapters/appendix/quickcard"] + [f"chapters/{m}/summary" for m in
                                                ("m01", "m02", "m03", "m04", "m05", "m06", "m07")]


def test_desk_pages_print_on_one_sheet(built, browser, server, tmp_path):
    """法规速查卡和各模块的一页纸小结，说好是“一页”：A4 打出来就是一页，表格不出版心。"""
    from handouts import print_page

    for src in DESK_PAGES:
        assert (built["instructor"] / f"{src}.html").is_file(), f"{src} 没有构建出来"
        h = print_page(browser, f"{server}/{src}.html", tmp_path / f"{src.replace('/', '_')}.pdf", "instructor")
        assert h.pages == 1, f"{src} 印了 {h.pages} 页"
        assert not h.overflow, f"{src} 的表格超出版心：{h.overflow}"
