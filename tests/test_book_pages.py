"""学员读到的网页：没有答案、部件说明白它不会重算、搜索找得到本书的词、界面是简体中文、
练习编号与页上一致、学员版代码默认折叠、课程导读写明现有哪些模块。

构建与浏览器的辅助（built、server、browser、serve、_Visit）来自 test_book.py；
前几项检查不需要构建，直接读源文件。
"""
from __future__ import annotations

import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from test_book import SHOTS, _Visit, browser, built, serve, server  # noqa: F401  （pytest 夹具）

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "_ext"))
import book_pages  # noqa: E402

# 搜索词 → 应当排在前两位的页面（之一）
SEARCH_TERMS = {
    "年化利率": ["chapters/toolbox/loans"],
    "交叉检验": ["chapters/toolbox/restoration"],
    "领用单": ["cases/m09/m09-c06-inventory-slips"],
    "报表还原": ["chapters/toolbox/restoration"],
    "贷款计算器": ["chapters/toolbox/loans"],
    "等额本息": ["chapters/toolbox/loans", "chapters/appendix/glossary"],
    "综合贡献度": ["chapters/toolbox/contribution"],
    "交叉销售": ["chapters/toolbox/crosssell"],
    "五级分类": ["chapters/toolbox/risk"],
    "资金流向": ["chapters/toolbox/compliance"],
    "整村授信": ["cases/m01/m01-c02-awkward-whole-village-credit"],
    "发票贷": ["cases/m09/m09-c09-qualified-invoice-borrower"],
    "担保圈": ["cases/m09/m09-c11-rise-and-fall-together", "chapters/appendix/glossary",
            "chapters/toolbox/risk"],   # 工具箱“担保传导推演”一节就在担保圈上讲
    "飞单": ["cases/m08/m08-c02-reputation-wealth"],
    "滚动率": ["cases/m09/m09-c16-thunder-action", "chapters/toolbox/risk"],
    "先息后本": ["chapters/toolbox/loans", "chapters/appendix/glossary"],
    "库存领用单": ["cases/m09/m09-c06-inventory-slips"],
    "催收方案": ["chapters/toolbox/risk", "cases/m09/m09-c16-thunder-action", "chapters/toolbox/decisions"],
}


# ---------------------------------------------------------------- 不需要构建
def _toc_modules() -> dict[str, int]:
    """目录里现有的模块 → 它的案例数。"""
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    modules, current = {}, None
    for line in toc.splitlines():
        m = re.match(r"\s*- caption: (模块.)", line)
        if m:
            current = m.group(1)
            modules[current] = 0
        elif line.strip().startswith("- caption:"):
            current = None
        elif current and re.search(r"file: cases/", line):
            modules[current] += 1
    return modules


def test_course_guide_says_which_modules_are_in_the_book():
    present = _toc_modules()
    assert present, "目录里没有找到模块"
    guide = (ROOT / "chapters/guide/course_guide.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"\* - (模块.)\n(?:  - .*\n){4}  - (.*)\n", guide))
    assert len(rows) == 9, f"课程安排表应有九个模块的“本书现有”一栏：{rows}"
    course = yaml.safe_load((ROOT / "course" / "course.yaml").read_text(encoding="utf-8"))
    outline = {f"模块{'一二三四五六七八九'[m['number'] - 1]}": len(m.get("cases") or []) for m in course["modules"]}
    for module, shown in rows.items():
        if module in present and present[module] == 0:
            # 大纲里没有案例的模块（六、七）只写“章节已收录”，不说“案例编写中”
            want = "章节已收录" if outline[module] == 0 else "章节已收录，案例编写中"
            assert shown == want, f"{module}：只有章节，表中却写“{shown}”"
        elif module in present:
            assert shown == f"{present[module]} 个案例", f"{module}：表中写“{shown}”，书里有 {present[module]} 个案例"
        else:
            assert shown == "编写中", f"{module} 不在书里，表中却写“{shown}”"
    names = "、".join(m for m in sorted(present, key=lambda m: "一二三四五六七八九".index(m[-1])))
    assert f"本书目前收录了{names}" in guide
    assert f"共 {sum(present.values())} 个案例" in guide


def test_search_dictionary_holds_glossary_and_tool_terms():
    words = set(book_pages.user_dictionary(ROOT))
    missing = [t for t in SEARCH_TERMS if t not in words]
    assert not missing, f"用户词典里缺少：{missing}"
    # 术语表里的词条（拆开“/”和括号）都在词典里
    for term in ("偿债覆盖率", "低自尊型人格", "强韧型人格", "冒名贷", "顶名贷", "五表", "四单", "三品"):
        assert term in words, term
    assert all(2 <= len(w) <= 12 for w in words)


def test_index_splitter_keeps_dictionary_words_inside_longer_words(tmp_path):
    words = book_pages.user_dictionary(ROOT)
    userdict = tmp_path / "dict.txt"
    userdict.write_text("".join(f"{w} 50000\n" for w in words), encoding="utf-8")
    lang = book_pages.BookChinese({"dict": str(userdict)})
    tokens = lang.split("下面的综合贡献度计算器装的是那户典型农户，库存领用单汇总以后按年化利率折算")
    for word in ("综合贡献度", "综合贡献度计算器", "领用单", "库存领用单", "年化利率"):
        assert word in tokens, f"{word} 不在切分结果 {tokens} 中"


def test_literal_emphasis_pattern():
    assert LITERAL_STARS.search("**决定。**方雅没有直接拒绝")
    assert LITERAL_STARS.search("*人物、机构与数据为教学改编或示意。*价格为示意")
    for fine in ("客户称呼已经遮蔽成“朱**”“王**”", "139****1188", "林**", "a * b * c"):
        assert not LITERAL_STARS.search(fine), fine


# ---------------------------------------------------------------- 构建出的 HTML
class _Visible(HTMLParser):
    """网页上看得见的文字（不含 script、style 与代码块），以及 title、alt 等提示文字。"""

    SKIP = {"script", "style", "pre", "code", "textarea"}

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.parts: list[str] = []
        self.attrs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.depth += 1
        for key, value in attrs:
            if key in ("title", "alt", "placeholder", "aria-label") and value:
                self.attrs.append(value)

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if not self.depth:
            self.parts.append(data)


def _visible(page: Path) -> tuple[str, str]:
    parser = _Visible()
    parser.feed(page.read_text(encoding="utf-8"))
    return "".join(parser.parts), "\n".join(parser.attrs)


def _pages(site: Path):
    return sorted(p for p in site.rglob("*.html") if "_static" not in p.parts)


LITERAL_STARS = re.compile(r"(?<![\w*])\*{1,2}[^\s*][^*\n]{0,80}?\*{1,2}")


def test_no_quiz_key_in_visible_text(built):
    quiz_pages = 0
    for edition, site in built.items():
        for page in _pages(site):
            html = page.read_text(encoding="utf-8")
            text, _ = _visible(page)
            assert not re.search(r"[\"']correct[\"']\s*:", text), f"{edition}/{page.relative_to(site)} 显示了答案标记"
            assert "show([" not in text
            if "ck-quiz" not in html:
                continue
            quiz_pages += 1
            # 每道题的讲解只在嵌入的 JSON 里，不在看得见的文字里（作答后才由脚本显示）
            for data in re.findall(r'<script type="application/json" id="ckq-[^"]+-data">(.*?)</script>', html, re.S):
                for q in json.loads(data)["questions"]:
                    explanations = ([q["feedback"]["correct"]] if q["type"] == "数值"
                                    else [o["feedback"] for o in q["options"]])
                    for explanation in explanations:
                        assert explanation not in text, f"{page.name} 的讲解直接显示在页面上：{explanation[:40]}"
    assert quiz_pages >= 2 * 40, f"带测验的页面太少：{quiz_pages}"


class _Outputs(HTMLParser):
    """笔记本单元输出（表、打印的文字、部件的静态画面）里看得见的文字，不含测验本身。"""

    def __init__(self):
        super().__init__()
        self.depth = 0      # 在 cell_output 里的 div 层数
        self.quiz = 0       # 在测验里的 div 层数
        self.skip = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        cls = dict(attrs).get("class") or ""
        if tag == "div":
            if self.quiz:
                self.quiz += 1
            elif "ck-quiz" in cls.split():
                self.quiz = 1
            if self.depth:
                self.depth += 1
            elif "cell_output" in cls.split():
                self.depth = 1
        if tag in ("script", "style"):
            self.skip += 1

    def handle_endtag(self, tag):
        if tag == "div":
            self.depth = max(0, self.depth - 1)
            self.quiz = max(0, self.quiz - 1)
        if tag in ("script", "style") and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if self.depth and not self.quiz and not self.skip:
            self.parts.append(data)


def _numbers(text: str) -> list[float]:
    return [float(x) for x in re.findall(r"-?\d+(?:\.\d+)?", text.replace(",", ""))]


def test_numeric_self_tests_do_not_print_their_answer(built):
    """数值题的答案不能已经印在同一页的输出里（表、打印的文字），也不能写在同一份测验的其他题里。"""
    leaks = []
    site = built["trainee"]
    for page in _pages(site):
        html = page.read_text(encoding="utf-8")
        datas = re.findall(r'<script type="application/json" id="ckq-[^"]+-data">(.*?)</script>', html, re.S)
        if not datas:
            continue
        parser = _Outputs()
        parser.feed(html)
        outputs = _numbers(" ".join(parser.parts))
        for data in datas:
            questions = json.loads(data)["questions"]
            for i, q in enumerate(questions):
                if q["type"] != "数值":
                    continue
                others = " ".join(o["question"] + " " + " ".join(x["text"] for x in o.get("options", []))
                                  for j, o in enumerate(questions) if j != i)
                lo, hi = q["answer"]
                shown = [x for x in outputs + _numbers(others) if lo <= x <= hi]
                if shown:
                    leaks.append(f"{page.relative_to(site)}：{q['question'][:30]}… 答案 {lo}–{hi}，页上有 {shown[:3]}")
    assert not leaks, "数值题的答案已经印在页上：\n" + "\n".join(leaks)


def test_every_widget_carries_the_static_note(built):
    pages = 0
    for site in built.values():
        for page in _pages(site):
            html = page.read_text(encoding="utf-8")
            views = html.count("application/vnd.jupyter.widget-view+json")
            if not views:
                continue
            pages += 1
            notes = re.findall(r'<div class="widget-static-note[^"]*">\s*<p><strong>(.*?)</strong>(.*?)</p>', html, re.S)
            assert len(notes) == views, f"{page.relative_to(site)}：{views} 个部件，{len(notes)} 条说明"
            for _, body in notes:
                assert "起始状态" in body and "JupyterLab" in body and "启动" in body
            # 每条说明紧挨在它的部件前面
            pairs = re.findall(r'class="widget-static-note.*?</div>\s*<script type="application/vnd.jupyter.widget-view',
                               html, re.S)
            assert len(pairs) == views, f"{page.relative_to(site)}：说明没有紧挨着部件"
    assert pages >= 2 * 40, f"带部件的页面太少：{pages}"


def test_no_literal_markdown_emphasis(built):
    found = []
    for edition, site in built.items():
        for page in _pages(site):
            text, _ = _visible(page)
            found += [f"{edition}/{page.relative_to(site)}: {m.group(0)}" for m in LITERAL_STARS.finditer(text)]
    assert not found, "没有渲染成粗体/斜体的星号：\n" + "\n".join(found[:30])


ENGLISH_UI = ["Show code cell", "Hide code cell", "Search this book", "Launch interactive content", "Launch on",
              "Print to PDF", "列印", "Toggle primary sidebar", "Toggle secondary sidebar", "Link to this heading",
              "Color mode", "System Settings", "Copyright", "Download this page", "Fullscreen mode"]


def test_interface_is_simplified_chinese(built):
    left = {}
    for edition, site in built.items():
        for page in _pages(site):
            text, attrs = _visible(page)
            for phrase in ENGLISH_UI:
                if phrase in text or phrase in attrs:
                    left.setdefault(phrase, f"{edition}/{page.relative_to(site)}")
    assert not left, f"还有英文或繁体的界面文字：{left}"
    loans = (built["trainee"] / "chapters/toolbox/loans.html").read_text(encoding="utf-8")
    assert "打印成 PDF" in loans and "在本书中搜索" in loans


def test_exercise_boxes_number_from_one_on_each_page(built):
    for site in built.values():
        for page in sorted((site / "exercises").glob("*.html")):
            html = page.read_text(encoding="utf-8")
            numbers = [int(n) for n in re.findall(r'<span class="caption-number">练习 (\d+) </span>', html)]
            total = int(re.search(r"共 (\d+) 题", html).group(1))
            assert numbers == list(range(1, total + 1)), f"{page.name}：共 {total} 题，方框编号 {numbers}"


def test_teaching_notes_are_for_instructors_only(built):
    for module in ("m01", "m08", "m09"):
        trainee = (built["trainee"] / f"chapters/{module}/index.html").read_text(encoding="utf-8")
        instructor = (built["instructor"] / f"chapters/{module}/index.html").read_text(encoding="utf-8")
        assert "教学提示" not in trainee
        assert "教学提示" in instructor


def test_trainee_code_is_collapsed_instructor_code_is_open(built):
    def inputs(site):
        html = (site / "cases/m09/m09-c06-inventory-slips.html").read_text(encoding="utf-8")
        total = html.count('<div class="cell_input')
        folded = len(re.findall(r'<details class="[^"]*\bhide above-input">', html))
        return total, folded
    total, folded = inputs(built["trainee"])
    assert total >= 5 and folded == total, f"学员版 {total} 个代码输入，折叠了 {folded} 个"
    total, folded = inputs(built["instructor"])
    # 讲师版只折叠作者本来就标了 hide-input 的画图单元
    assert total >= 5 and folded <= 2


# ---------------------------------------------------------------- 真实浏览器
@pytest.fixture(scope="module")
def trainee_server(built):
    with serve(built["trainee"]) as url:
        yield url


def _results(v) -> list[str]:
    v.page.wait_for_selector("#search-results li, ul.search li", timeout=20000)
    hrefs = v.page.eval_on_selector_all("#search-results li a, ul.search li a",
                                        "els => els.map(e => e.getAttribute('href'))")
    pages = []   # 同一页可能出现两次（整页一条、术语表的词条一条）：按页去重，保留先后
    for h in hrefs:
        name = re.sub(r"\.html.*$", "", h or "").lstrip("./")
        if name and name not in pages:
            pages.append(name)
    return pages


def test_browser_search_finds_the_books_terms(browser, trainee_server):
    misses = {}
    for term, expected in SEARCH_TERMS.items():
        v = _Visit(browser, trainee_server, f"search.html?q={term}")
        try:
            top = _results(v)[:2]
        finally:
            v.close()
        if not set(top) & set(expected):
            misses[term] = top
    assert len(SEARCH_TERMS) >= 15
    assert not misses, f"这些词的前两条结果不对：{misses}"


def test_browser_joined_query_is_split_into_index_words(browser, trainee_server):
    """“等额本息还款计划”整体不是索引里的词：切成“等额本息”“还款计划”后，工具页排在前面。"""
    v = _Visit(browser, trainee_server, "search.html?q=等额本息还款计划")
    top = _results(v)
    v.close()
    assert "chapters/toolbox/loans" in top[:2], top


def test_browser_case_page_as_a_trainee_sees_it(browser, trainee_server):
    v = _Visit(browser, trainee_server, "cases/m09/m09-c06-inventory-slips.html")
    page = v.page
    page.wait_for_selector(".jupyter-widgets", timeout=20000)
    note = page.locator(".widget-static-note").first
    assert note.is_visible() and "起始状态" in note.inner_text()
    box = note.bounding_box()
    widget = page.locator(".cell_output .jupyter-widgets").first.bounding_box()
    assert box["y"] + box["height"] <= widget["y"] + 1, "说明应在部件上方"
    assert page.locator(".try-steps-web").first.is_visible()
    # 代码折叠、表照常显示；点“显示代码”后代码出现
    first_code = page.locator(".cell_input pre").first
    assert not first_code.is_visible()
    assert page.locator(".cell_output table").first.is_visible()
    page.locator("details.hide.above-input > summary", has_text="显示代码").first.click()
    assert first_code.is_visible()
    body = page.inner_text("body")
    assert "correct" not in body and "Show code" not in body
    note.scroll_into_view_if_needed()
    v.shot("pages-case-trainee")
    page.screenshot(path=str(SHOTS / "pages-case-trainee-full.png"), full_page=True)
    assert not v.errors, f"控制台错误：{v.errors}"
    assert not v.outside
    v.close()


def test_browser_tool_and_exercise_pages(browser, trainee_server, server):
    v = _Visit(browser, trainee_server, "chapters/toolbox/loans.html")
    v.page.wait_for_selector(".jupyter-widgets", timeout=20000)
    v.page.locator(".widget-static-note").first.scroll_into_view_if_needed()
    v.shot("pages-tool-trainee")
    assert not v.errors, f"控制台错误：{v.errors}"
    v.close()
    v = _Visit(browser, trainee_server, "exercises/m09-exercises.html")
    titles = v.page.eval_on_selector_all(".caption-number", "els => els.map(e => e.textContent.trim())")
    assert titles[:3] == ["练习 1", "练习 2", "练习 3"]
    v.page.locator(".ck-quiz").first.scroll_into_view_if_needed()
    v.shot("pages-exercise-trainee")
    v.close()
    v = _Visit(browser, server, "cases/m09/m09-c06-inventory-slips.html")
    assert v.page.locator(".cell_input pre").first.is_visible(), "讲师版的代码应当展开"
    v.close()
