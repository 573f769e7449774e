"""本书网页给学员读时的几处修整（只影响构建出的 HTML，不影响在 JupyterLab 里运行的笔记本）：

1. 界面文字用简体中文：主题和 Sphinx 里没有译文或译得不对的界面文字（“Search this book...”、
   “Launch interactive content”、“列印成 PDF”……）在这里给出译文；模板里写死的英文提示也换掉。
2. 静态网页上的部件不会重算：每个部件上方加一条醒目的说明（起始状态；怎样让它动起来），
   “互动探索”“动手试一试”一节开头加一句提示，说明这一节的步骤要在运行中的笔记本里做。
   说明是构建时插进网页的文档节点，笔记本本身不含它，所以在运行中的内核里不会出现。
3. 中文搜索：构建时从术语表、案例关键词和 ``search_terms.txt``（工具与产品名称）生成 jieba 用户词典，
   经 ``html_search_options["dict"]`` 交给 Sphinx；浏览器端把查询按索引里已有的词切分，
   “等额本息还款”这样连写的查询也能命中。
"""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from docutils import nodes
from sphinx.search.zh import SearchChinese

HERE = Path(__file__).resolve().parent

# ---------------------------------------------------------------- 1：界面文字
UI_TEXT = {
    # sphinx-book-theme
    "Search": "搜索",
    "Launch interactive content": "在线运行本页（启动）",
    "Launch on": "启动",
    "Print to PDF": "打印成 PDF",
    "Download this page": "下载本页",
    "Download source file": "下载源文件",
    "Download notebook file": "下载笔记本文件",
    "Fullscreen mode": "全屏",
    "Source repository": "源代码仓库",
    "Source repositories": "源代码仓库",
    "Repository": "仓库",
    "Open issue": "反馈问题",
    "Open an issue": "反馈问题",
    "Show source": "查看源文件",
    "Suggest edit": "建议修改",
    "Contents": "本页目录",
    # Sphinx 与 pydata-sphinx-theme（同在 sphinx 目录下）
    "Link to this heading": "链接到本节",
    "Link to this term": "链接到本术语",
    "Link to this table": "链接到本表",
    "Link to this image": "链接到本图",
    "Link to this code": "链接到本段代码",
    "Link to this definition": "链接到本定义",
    "© Copyright %(copyright)s.": "© %(copyright)s",
    "Skip to main content": "跳到正文",
    "Back to top": "回到顶部",
    "Color mode": "配色",
    "System Settings": "跟随系统",
    "Light": "浅色",
    "Dark": "深色",
    "On this page": "本页目录",
    "Section Navigation": "本章导航",
    "Site navigation": "全书导航",
    "Breadcrumb": "导航路径",
    "Home": "首页",
    "previous page": "上一页",
    "next page": "下一页",
    "Search Results": "搜索结果",
}

# 模板和扩展里写死、不经过翻译的英文（只出现在属性里，逐字替换）
HARDCODED = {
    'title="Toggle primary sidebar"': 'title="显示或隐藏全书目录"',
    'title="Toggle secondary sidebar"': 'title="显示或隐藏本页目录"',
    'aria-label="Main"': 'aria-label="全书目录"',
    'aria-label="Page"': 'aria-label="本页"',
    'aria-label="Toggle hidden content"': 'aria-label="展开或收起"',
    'alt="Binder logo"': 'alt="Binder"',
    'alt="Colab logo"': 'alt="Colab"',
    'alt="JupyterHub logo"': 'alt="JupyterHub"',
}
SEARCH_BAR_TEXT = "在本书中搜索……"


def _translate_ui(app, config):
    from sphinx.locale import translators

    for key, translator in list(translators.items()):
        if key[1] not in ("sphinx", "booktheme"):
            continue
        original = translator.gettext

        def gettext(message, _original=original):
            return UI_TEXT.get(message) or _original(message)

        translator.gettext = gettext
    options = dict(config.html_theme_options or {})
    options["search_bar_text"] = SEARCH_BAR_TEXT
    config.html_theme_options = options


def fix_hardcoded(html: str) -> str:
    for old, new in HARDCODED.items():
        html = html.replace(old, new)
    return html


def _wrap_renderer(app):
    templates = getattr(app.builder, "templates", None)
    if templates is None or getattr(templates, "_book_pages", False):
        return
    render = templates.render

    def wrapped(template, context):
        return fix_hardcoded(render(template, context))

    templates.render = wrapped
    templates._book_pages = True


# ---------------------------------------------------------------- 2：静态部件的说明
WIDGET_NOTE_TITLE = "网页上的部件不会重算"
WIDGET_NOTE = ("这里显示的是起始状态：在网页上拖动滑块、改数字，表和图都不会变。要让它动起来，"
               "点页面顶部的火箭按钮（启动）在 Binder 里打开本页，"
               "或在 JupyterLab、课堂的课程服务器上运行本笔记本。")
TRY_STEPS_NOTE = ("在网页上读：本节的操作步骤要在运行中的笔记本里做（部件上方说明了怎样打开）；"
                  "网页上可以先看懂部件起始状态给出的结论。")
TRY_SECTION = re.compile(r"^(互动|.*试一试|.*动手试)")
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def _note(title: str, text: str, classes: list[str]) -> nodes.container:
    box = nodes.container(classes=classes)
    para = nodes.paragraph()
    para += nodes.strong(text=title + "：") if title else nodes.Text("")
    para += nodes.Text(text)
    box += para
    return box


def _is_widget_view(node) -> bool:
    return isinstance(node, nodes.raw) and WIDGET_VIEW in node.astext()


def add_widget_notes(app, doctree, docname):
    if app.builder.format != "html":
        return
    for raw in list(doctree.findall(_is_widget_view)):
        parent = raw.parent
        parent.insert(parent.index(raw), _note(WIDGET_NOTE_TITLE, WIDGET_NOTE, ["widget-static-note"]))
    for section in list(doctree.findall(nodes.section)):
        title = section.next_node(nodes.title)
        if title is None or title.parent is not section or not TRY_SECTION.match(title.astext()):
            continue
        if not any(True for _ in section.findall(_is_widget_view)):
            continue
        section.insert(section.index(title) + 1, _note("", TRY_STEPS_NOTE, ["try-steps-web"]))


# ---------------------------------------------------------------- 练习编号：每页从 1 开始
def number_exercises_per_page(app, env):
    """sphinx-exercise 按全书连续编号（模块九的练习是 17–23），练习页上写的却是“共 7 题”。
    改成每页从 1 开始：方框上的“练习 2”与页上的题号、测验标题一致。返回编号有变化的页面（需要重写）。"""
    changed = []
    for docname, figtypes in env.toc_fignumbers.items():
        numbers = figtypes.get("exercise")
        if not numbers:
            continue
        ordered = sorted(numbers.items(), key=lambda item: item[1])
        renumbered = {key: (i,) for i, (key, _) in enumerate(ordered, start=1)}
        if renumbered != numbers:
            figtypes["exercise"] = renumbered
            changed.append(docname)
    return changed


# ---------------------------------------------------------------- 3：中文搜索
SPLITTER_JS = r"""
/* 本书：把查询里连写的中文按索引中已有的词切开（最长匹配），索引里整词存在时保留整词。 */
var splitQuery = function (query) {
  var parts = query.split(/[^\p{Letter}\p{Number}_\p{Emoji_Presentation}]+/gu).filter(function (t) { return t; });
  var index = (typeof Search !== "undefined" && Search._index) ? Search._index : null;
  if (!index) { return parts; }
  var has = function (w) {
    w = w.toLowerCase();
    return Object.prototype.hasOwnProperty.call(index.terms, w) ||
           Object.prototype.hasOwnProperty.call(index.titleterms, w);
  };
  var out = [];
  parts.forEach(function (part) {
    if (!/[\u3400-\u9fff]/.test(part) || has(part)) { out.push(part); return; }
    var i = 0;
    while (i < part.length) {
      var size = 0;
      for (var n = Math.min(10, part.length - i); n >= 2; n--) {
        if (has(part.substr(i, n))) { size = n; break; }
      }
      if (size) { out.push(part.substr(i, size)); i += size; } else { i += 1; }
    }
  });
  return out.length ? out : parts;
};
"""


class BookChinese(SearchChinese):
    """Sphinx 的中文搜索：用户词典里的词即使嵌在更长的词里（“综合贡献度计算器”里的“综合贡献度”）也进索引；
    浏览器端按索引里的词切分查询。"""

    js_splitter_code = SPLITTER_JS

    def init(self, options):
        super().init(options)
        path = Path(options.get("dict") or "")
        self.book_words = set()
        if path.is_file():
            self.book_words = {ln.split()[0] for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()}

    def split(self, input):
        words = super().split(input)
        extra = [w for token in words if len(token) > 3
                 for w in self.book_words if len(w) > 3 and w != token and w in token]
        return words + extra


_SPLIT = re.compile(r"\s*(?:/|、|（|）|\(|\)|，)\s*")
_CJK = re.compile(r"[\u3400-\u9fff]")


def _glossary_terms(text: str) -> list[str]:
    terms = []
    inside = False
    for line in text.splitlines():
        if line.startswith("```{glossary}"):
            inside = True
            continue
        if inside and line.startswith("```"):
            break
        if inside and line.strip() and not line.startswith((" ", "\t")):
            terms += [t for t in _SPLIT.split(line.strip()) if t]
    return terms


def _case_keywords(srcdir: Path) -> list[str]:
    words = []
    for path in sorted(srcdir.glob("cases/*/*.ipynb")):
        meta = json.loads(path.read_text(encoding="utf-8")).get("metadata", {})
        for tag in meta.get("coursekit", {}).get("case", {}).get("tags", []) or []:
            words += [t for t in _SPLIT.split(tag) if t]
    return words


def _curated_terms(path: Path) -> list[str]:
    if not path.is_file():
        return []
    lines = (ln.split("#", 1)[0].strip() for ln in path.read_text(encoding="utf-8").splitlines())
    return [ln for ln in lines if ln]


def user_dictionary(srcdir: Path) -> list[str]:
    """jieba 用户词典的词（去重、排序）：术语表、案例关键词、工具与产品名称。只收含汉字、2 到 12 个字的词。"""
    srcdir = Path(srcdir)
    words = _curated_terms(HERE / "search_terms.txt")
    glossary = srcdir / "chapters" / "appendix" / "glossary.md"
    if glossary.is_file():
        words += _glossary_terms(glossary.read_text(encoding="utf-8"))
    words += _case_keywords(srcdir)
    return sorted({w for w in words if _CJK.search(w) and 2 <= len(w) <= 12 and " " not in w})


def _search_dictionary(app, config):
    words = user_dictionary(Path(app.srcdir))
    text = "".join(f"{w} 50000\n" for w in words)
    target = Path(app.doctreedir) / "jieba_userdict.txt"
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")
    options = dict(config.html_search_options or {})
    options["dict"] = str(target)
    # 词典变了，配置的摘要就变：Sphinx 会重写所有页面、重建整个搜索索引，而不是只重切改过的页面
    options["dict_sha256"] = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    config.html_search_options = options


def setup(app):
    app.add_search_language(BookChinese)
    app.add_css_file("book-pages.css")
    app.connect("config-inited", _translate_ui)
    app.connect("config-inited", _search_dictionary)
    app.connect("builder-inited", _wrap_renderer)
    app.connect("doctree-resolved", add_widget_notes)
    app.connect("env-get-updated", number_exercises_per_page, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1.0"}
