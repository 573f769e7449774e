"""本书的小型 Sphinx 扩展：让网页真正离线、控制台干净、中文排版正确。

1. Jupyter Book 1 总会加载 sphinx-thebe（在网页里连接远程内核）。本书不用它（launch_buttons.thebe 为 false），
   但它仍在每页注入两次同样的配置脚本（第二次触发控制台错误“THEBE_JS_URL has already been declared”），
   并写入指向 unpkg.com 的地址。生成页面时把这些脚本和样式去掉。
2. 部件渲染器 embed-amd.js 按 ``data-jupyter-widgets-cdn`` 找自己的部件模块，并按 require.js 模块的地址推算
   图标字体的路径（模块地址相对 require.js 的 baseUrl）。两者都指向站内的 ``_static/vendor/npm/``
   （按页面深度写相对路径），字体从站点自身加载，不会去 CDN。
3. 在 MathJax 配置之后、MathJax 加载之前放一个小垫片，给部件渲染器补上 MathJax 2 的 ``Hub.Queue`` 接口。
4. 中文段落在源文件里折行时，换行在网页上会变成一个多余的空格（“收入， 原计划”）。两个汉字或全角标点之间的
   换行直接删掉；汉字与数字、拉丁字母之间的换行仍保留为空格，这正是中文排版要求的间距。
"""
from __future__ import annotations

import re

from docutils import nodes

EMBED = "embed-amd.js"
NPM_ROOT = "_static/vendor/npm/"
_CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef\u2014\u2018\u2019\u201c\u201d\u2026"
_CJK_CHAR = re.compile(f"[{_CJK}]")
_CJK_BREAK = re.compile(f"(?<=[{_CJK}])[ \\t]*\\n[ \\t]*(?=[{_CJK}])")


# ---------------------------------------------------------------- 1–2：页面资源
def _name(asset) -> str:
    return str(getattr(asset, "filename", None) or "")


def _is_thebe(asset) -> bool:
    body = (getattr(asset, "attributes", None) or {}).get("body", "") or ""
    return "thebe" in _name(asset) or "THEBE_JS_URL" in body


def _page_assets(app, pagename, templatename, context, doctree):
    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [a for a in context[key] if not _is_thebe(a)]
    scripts = context.get("script_files")
    if not scripts:
        return
    npm = context["pathto"](NPM_ROOT, 1)
    fixed = []
    for asset in scripts:
        if _name(asset).endswith(EMBED):
            attrs = dict(asset.attributes)
            attrs["data-jupyter-widgets-cdn"] = npm
            asset = type(asset)(asset.filename, **attrs)   # 同一个资源类，不导入 Sphinx 的私有模块
        fixed.append(asset)
        if _name(asset).endswith("require.js"):
            fixed.append(type(asset)(None, body=f'require.config({{baseUrl: "{npm}"}});'))
    context["script_files"] = fixed


# ---------------------------------------------------------------- 4：中文软换行
def _join_cjk_lines(app, doctree, docname):
    """删除汉字之间的软换行：既处理文本内部的换行，也处理 MyST 单独生成的换行文本节点。"""
    for text in list(doctree.findall(nodes.Text)):
        parent = text.parent
        if parent is None or isinstance(parent, (nodes.literal_block, nodes.literal, nodes.raw)):
            continue
        value = text.astext()
        if "\n" not in value:
            continue
        if value.strip() == "":
            i = parent.index(text)
            before = parent[i - 1].astext()[-1:] if i > 0 else ""
            after = parent[i + 1].astext()[:1] if i + 1 < len(parent) else ""
            if before and after and _CJK_CHAR.match(before) and _CJK_CHAR.match(after):
                parent.replace(text, nodes.Text(""))
            continue
        joined = _CJK_BREAK.sub("", value)
        if joined != value:
            parent.replace(text, nodes.Text(joined))


def setup(app):
    app.connect("html-page-context", _page_assets, priority=900)
    app.connect("doctree-resolved", _join_cjk_lines)
    # MathJax 的配置脚本优先级为 500（正文默认），MathJax 本身延迟加载；垫片紧随配置之后执行
    app.add_js_file("mathjax-widgets-shim.js", priority=501)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1.1"}
