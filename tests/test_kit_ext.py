"""岗位工具包的 Sphinx 扩展：一个最小的书，检查下载文件进了站点、页面上的链接都指向站点里真实存在的文件。"""
from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    pytest.importorskip("myst_parser")
    from sphinx.application import Sphinx

    from coursekit import forms

    src = tmp_path_factory.mktemp("kitbook")
    (src / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT / '_ext')!r})\n"
        "extensions = ['myst_parser', 'kit_ext']\nlanguage = 'zh_CN'\n", encoding="utf-8")
    (src / "index.md").write_text("# 首页\n\n```{toctree}\nchapters/toolbox/forms\nchapters/toolbox/tool\nchapters/toolbox/decisions\ncases/m09/m09-c19-demo\n```\n",
                                  encoding="utf-8")
    (src / "chapters" / "toolbox").mkdir(parents=True)
    shutil.copy(ROOT / "chapters" / "toolbox" / "forms.md", src / "chapters" / "toolbox" / "forms.md")
    (src / "chapters" / "toolbox" / "tool.md").write_text(
        "# 工具\n\n```{kit-download} loan-calculator\n```\n\n```{kit-download} form:collection-log\n```\n",
        encoding="utf-8")
    # 表单页链接的工具箱页面（决策卡）在这本小书里只放一个标题
    (src / "chapters" / "toolbox" / "decisions.md").write_text("# 三张决策卡\n", encoding="utf-8")
    (src / "cases" / "m09").mkdir(parents=True)
    (src / "cases" / "m09" / "m09-c19-demo.md").write_text("# 案例\n", encoding="utf-8")
    out = src / "_build"
    mp = pytest.MonkeyPatch()
    mp.setattr(forms, "chromium", lambda: None)   # 打印 PDF 另有测试；这里只看链接与文件
    try:
        app = Sphinx(str(src), str(src), str(out / "html"), str(out / "doctrees"), "html",
                     status=None, warning=sys.stderr, freshenv=True, warningiserror=True)
        app.build()
    finally:
        mp.undo()
    return out / "html"


def _hrefs(page: Path) -> list[str]:
    return re.findall(r'(?:href|src)="([^"#]+_static/kit/[^"]+)"', page.read_text(encoding="utf-8"))


def test_forms_page_links_every_form_three_ways(site):
    from coursekit import forms

    page = site / "chapters" / "toolbox" / "forms.html"
    links = _hrefs(page)
    for f in forms.all_forms():
        assert any(h.endswith(f"forms/{f.id}.xlsx") for h in links), f.id
        assert any(h.endswith(f"forms/{f.id}.html") for h in links), f.id
    assert not any(h.endswith(".pdf") for h in links)   # 没有 Chromium 时不出现 PDF 链接
    for name in ("loan-calculator.xlsx", "rate-disclosure.xlsx", "contribution-calculator.xlsx",
                 "restoration-worksheet.xlsx", "resource-request.xlsx"):
        assert any(h.endswith("tools/" + name) for h in links)
    for h in links:
        assert (page.parent / h).resolve().is_file(), h


def test_tool_page_links_resolve(site):
    page = site / "chapters" / "toolbox" / "tool.html"
    links = _hrefs(page)
    assert len(links) == 3
    for h in links:
        assert h.startswith("../../_static/kit/")
        assert (page.parent / h).resolve().is_file(), h


def test_workbooks_in_the_site_hold_formulas(site):
    from openpyxl import load_workbook

    ws = load_workbook(site / "_static" / "kit" / "tools" / "loan-calculator.xlsx")["计算器"]
    assert str(ws["B18"].value).startswith("=12*")
    assert "PMT(" in ws["E6"].value


def test_forms_page_links_the_cases_that_exist(site):
    text = (site / "chapters" / "toolbox" / "forms.html").read_text(encoding="utf-8")
    assert '<a href="../../cases/m09/m09-c19-demo.html">m09-c19</a>' in text   # 催收记录表
    assert "m01-c12" not in text            # 本版本里没有的案例不出链接


def test_every_kit_download_in_the_pages_names_a_form_or_tool_that_exists():
    """页面里的 ``{kit-download}`` 指向的表单、工具必须存在：拼错一个 id，严格构建就失败——这里不用构建就能发现。"""
    import re

    from coursekit.forms import all_forms

    from coursekit.workbooks import TOOLS

    forms = {f.id for f in all_forms()}
    wrong = []
    for page in sorted([*ROOT.glob("cases/*/*.ipynb"), *ROOT.glob("chapters/**/*.ipynb"), *ROOT.glob("chapters/**/*.md"),
                        *ROOT.glob("exercises/*.ipynb")]):
        for m in re.finditer(r"\{kit-download\}\s*form:([\w-]+)", page.read_text(encoding="utf-8")):
            if m.group(1) not in forms:
                wrong.append(f"{page.relative_to(ROOT)}: form:{m.group(1)}")
        for m in re.finditer(r"\{kit-download\}\s*(?!form:)([\w-]+)", page.read_text(encoding="utf-8")):
            if m.group(1) not in TOOLS:
                wrong.append(f"{page.relative_to(ROOT)}: {m.group(1)}")
    assert not wrong, "没有这张表单或这个工具：\n" + "\n".join(wrong)
