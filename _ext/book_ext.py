"""本书的小型 Sphinx 扩展：让网页真正离线、控制台干净。

1. Jupyter Book 1 总会加载 sphinx-thebe（在网页里连接远程内核）。本书不用它（launch_buttons.thebe 为 false），
   但它仍在每页注入两次同样的配置脚本（第二次触发控制台错误“THEBE_JS_URL has already been declared”），
   并写入指向 unpkg.com 的地址。生成页面时把这些脚本和样式去掉。
2. 部件渲染器 embed-amd.js 按 ``data-jupyter-widgets-cdn`` 找自己的图标字体和部件模块。把它指向站内的
   ``_static/vendor/npm/``（按页面深度写相对路径），这样字体从站点自身加载，不会去 CDN。
   渲染器按 require.js 模块的地址推算字体路径（模块地址相对 require.js 的 baseUrl），所以紧跟 require.js
   再设 ``require.config({baseUrl: <站内 npm 目录>})``。
3. 在 MathJax 配置之后、MathJax 加载之前放一个小垫片，给部件渲染器补上 MathJax 2 的 ``Hub.Queue`` 接口。
"""
from __future__ import annotations

from sphinx.builders.html._assets import _JavaScript

EMBED = "embed-amd.js"
NPM_ROOT = "_static/vendor/npm/"


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
    fixed = []
    npm = context["pathto"](NPM_ROOT, 1)
    for asset in scripts:
        if _name(asset).endswith(EMBED):
            attrs = dict(asset.attributes)
            attrs["data-jupyter-widgets-cdn"] = npm
            asset = _JavaScript(asset.filename, **attrs)
        fixed.append(asset)
        if _name(asset).endswith("require.js"):
            fixed.append(_JavaScript(None, body=f'require.config({{baseUrl: "{npm}"}});'))
    context["script_files"] = fixed


def setup(app):
    app.connect("html-page-context", _page_assets, priority=900)
    # MathJax 的配置脚本优先级为 500（正文默认），MathJax 本身延迟加载；垫片紧随配置之后执行
    app.add_js_file("mathjax-widgets-shim.js", priority=501)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1.0"}
