"""本书 Sphinx 扩展的单元测试：中文软换行、thebe 脚本过滤。"""
from __future__ import annotations

import sys
from pathlib import Path

from docutils import nodes

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "_ext"))
import book_ext  # noqa: E402


def _para(*parts):
    p = nodes.paragraph()
    for part in parts:
        p += nodes.Text(part)
    doc = nodes.document(None, None)
    doc += p
    return doc, p


def test_soft_break_between_chinese_is_removed_but_kept_before_digits():
    doc, p = _para("每月剩下的钱），\n原计划的月供\n8,694 元；许宁\n管着")
    book_ext._join_cjk_lines(None, doc, "x")
    assert p.astext() == "每月剩下的钱），原计划的月供\n8,694 元；许宁管着"


def test_separate_softbreak_nodes_are_handled():
    doc, p = _para("先付息，", "\n", "后还本", "\n", "2024 年")
    book_ext._join_cjk_lines(None, doc, "x")
    assert p.astext() == "先付息，后还本\n2024 年"


def test_code_is_left_alone():
    doc = nodes.document(None, None)
    block = nodes.literal_block("", "")
    block += nodes.Text("甲\n乙")
    doc += block
    book_ext._join_cjk_lines(None, doc, "x")
    assert block.astext() == "甲\n乙"


class _Asset:
    def __init__(self, filename, **attributes):
        self.filename, self.attributes = filename, attributes


def test_thebe_assets_are_dropped_and_widget_paths_point_into_the_site():
    context = {
        "script_files": [_Asset(None, body='const THEBE_JS_URL = "https://unpkg.com/thebe"'),
                         _Asset("sphinx-thebe.js"), _Asset("vendor/require.js"),
                         _Asset("vendor/npm/@jupyter-widgets/html-manager/dist/embed-amd.js")],
        "css_files": [_Asset("sphinx-thebe.css"), _Asset("book.css")],
        "pathto": lambda target, _flag: "../../" + target,
    }
    book_ext._page_assets(None, "cases/m01/x", "page.html", context, None)
    names = [getattr(a, "filename", None) for a in context["script_files"]]
    assert "sphinx-thebe.js" not in names and [a.filename for a in context["css_files"]] == ["book.css"]
    bodies = [a.attributes.get("body", "") for a in context["script_files"]]
    assert 'require.config({baseUrl: "../../_static/vendor/npm/"});' in bodies
    embed = next(a for a in context["script_files"] if str(a.filename).endswith("embed-amd.js"))
    assert embed.attributes["data-jupyter-widgets-cdn"] == "../../_static/vendor/npm/"
    assert not any("unpkg" in b for b in bodies)


def test_extension_imports_no_private_sphinx_module():
    """私有模块（如 sphinx.builders.html._assets）随时会改名；扩展只用公开接口与已有对象的类型。"""
    import ast

    tree = ast.parse(Path(book_ext.__file__).read_text(encoding="utf-8"))
    modules = [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module]
    modules += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    private = [m for m in modules if m != "__future__" and any(p.startswith("_") for p in m.split("."))]
    assert private == []


def test_rewritten_assets_keep_their_class():
    class Script(_Asset):
        pass

    context = {"script_files": [Script("vendor/require.js"),
                                Script("vendor/npm/@jupyter-widgets/html-manager/dist/embed-amd.js", defer="defer")],
               "css_files": [], "pathto": lambda target, _flag: target}
    book_ext._page_assets(None, "index", "page.html", context, None)
    assert all(type(a) is Script for a in context["script_files"])
    embed = context["script_files"][-1]
    assert embed.attributes == {"defer": "defer", "data-jupyter-widgets-cdn": "_static/vendor/npm/"}
