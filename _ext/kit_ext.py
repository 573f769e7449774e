"""岗位工具包：构建时生成表单（A4 打印页、PDF、Excel）与 Excel 工具，作为站点文件随书分发。

- ``builder-inited``：把 coursekit.forms 与 coursekit.workbooks 的产物写进构建目录旁的 ``kit_static/kit/``，
  并加入 ``html_static_path``，Sphinx 把它们复制到站点的 ``_static/kit/``。源文件没有变化时沿用上次的产物。
  PDF 用无头 Chromium 打印；没有 Chromium 的机器上不生成 PDF，页面上也不出现 PDF 链接。
- 指令 ``{kit-forms}``：表单一览（用途、预览、三种下载）；``{kit-tools}``：Excel 工具一览；
  ``{kit-download} <工具或表单>``：一行下载链接，放在工具页与案例页里。
"""
from __future__ import annotations

import hashlib
import os
import html
import shutil
import tempfile
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import Directive, directives

KIT = "kit"


def _sources() -> list[Path]:
    from coursekit import forms, workbooks

    files = [Path(forms.__file__), Path(workbooks.__file__), Path(__file__)]
    return files + sorted(forms.FORMS_DIR.glob("*"))


def _stamp() -> str:
    h = hashlib.sha256()
    for p in _sources():
        h.update(p.name.encode())
        h.update(p.read_bytes())
    from coursekit import forms

    h.update(b"pdf" if forms.chromium() else b"nopdf")
    return h.hexdigest()


def print_pdfs(forms, outdir: str | os.PathLike) -> dict[str, Path]:
    """把多张表单打印成 PDF（``outdir/<id>.pdf``）：装有 playwright 时只启动一次浏览器，否则逐张调用命令行。"""
    from coursekit import forms as forms_mod

    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    forms = [forms_mod.load(f) if isinstance(f, str) else f for f in forms]
    exe = forms_mod.chromium()
    if not exe:
        raise RuntimeError("没有找到 Chromium（Debian：apt-get install chromium fonts-noto-cjk）")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return {f.id: forms_mod.to_pdf(f, outdir / f"{f.id}.pdf", browser=exe) for f in forms}
    out = {}
    args = [a for a in forms_mod.CHROMIUM_FLAGS if a not in ("--headless", "--no-pdf-header-footer")]
    with sync_playwright() as p, tempfile.TemporaryDirectory() as tmp:
        browser = p.chromium.launch(executable_path=exe, args=args)
        try:
            page = browser.new_page()
            for f in forms:
                src = Path(tmp) / f"{f.id}.html"
                src.write_text(forms_mod.to_html(f), encoding="utf-8")
                page.goto(src.as_uri())
                target = outdir / f"{f.id}.pdf"
                page.pdf(path=str(target), prefer_css_page_size=True, print_background=True)
                out[f.id] = target
        finally:
            browser.close()
    return out


def generate(root: Path) -> Path:
    """在 ``root/kit/`` 下生成全部文件（已是最新时直接返回）。"""
    from coursekit import forms, workbooks

    kit = root / KIT
    stamp_file = root / "stamp.txt"
    stamp = _stamp()
    if stamp_file.exists() and stamp_file.read_text() == stamp and kit.is_dir():
        return kit
    if kit.exists():
        shutil.rmtree(kit)
    (kit / "forms").mkdir(parents=True)
    all_forms = forms.all_forms()
    for f in all_forms:
        (kit / "forms" / f"{f.id}.html").write_text(forms.to_html(f), encoding="utf-8")
        forms.to_excel(f, kit / "forms" / f"{f.id}.xlsx")
    if forms.chromium():
        print_pdfs(all_forms, kit / "forms")
    workbooks.build_all(kit / "tools")
    stamp_file.write_text(stamp)
    return kit


def _on_init(app):
    root = Path(app.doctreedir).parent / "kit_static"
    generate(root)
    app.config.html_static_path = list(app.config.html_static_path) + [str(root)]


def _prefix(env) -> str:
    return "../" * env.docname.count("/") + "_static/" + KIT + "/"


def _kit_dir(env) -> Path:
    return Path(env.doctreedir).parent / "kit_static" / KIT


def _links(env, form) -> str:
    pre = _prefix(env) + "forms/" + form.id
    parts = [f'<a href="{pre}.html" target="_blank">打印页（HTML）</a>']
    if (_kit_dir(env) / "forms" / f"{form.id}.pdf").exists():
        parts.append(f'<a href="{pre}.pdf" download>PDF</a>')
    parts.append(f'<a href="{pre}.xlsx" download>Excel</a>')
    return "　·　".join(parts)


def _cases(env, form) -> str:
    """表单用到的本书案例（只链接本版本里确实存在的页面）。"""
    links = []
    for case in form.used_in:
        docs = sorted(d for d in env.found_docs if d.startswith("cases/") and d.split("/")[-1].startswith(case + "-"))
        if docs:
            href = "../" * env.docname.count("/") + docs[0] + ".html"
            links.append(f'<a href="{href}">{html.escape(case)}</a>')
    return f'<p class="kit-meta">本书案例：{"、".join(links)}</p>' if links else ""


class KitForms(Directive):
    has_content = False

    def run(self):
        from coursekit import forms

        env = self.state.document.settings.env
        env.note_dependency(str(forms.FORMS_DIR / "order.txt"))
        out = ['<div class="kit-forms">']
        for f in forms.all_forms():
            src = _prefix(env) + "forms/" + f.id + ".html"
            basis = "；".join(html.escape(b) for b in f.basis)
            out.append(
                f'<section class="kit-form" id="form-{f.id}"><h3>{html.escape(f.title)}</h3>'
                f"<p>{html.escape(f.purpose)}</p>"
                f'<p class="kit-meta">A4 {"横向" if f.landscape else "纵向"} {f.pages} 页以内；依据：{basis}</p>'
                f'<p class="kit-links">下载：{_links(env, f)}</p>'
                f"{_cases(env, f)}"
                f'<details><summary>预览</summary><iframe src="{src}" loading="lazy" title="{html.escape(f.title)}"'
                f' style="width:100%;height:32em;border:1px solid #ccc;background:#fff"></iframe></details></section>')
        out.append("</div>")
        return [nodes.raw("", "\n".join(out), format="html")]


class KitTools(Directive):
    has_content = False

    def run(self):
        from coursekit import workbooks

        env = self.state.document.settings.env
        rows = ["<ul>"]
        for key, (name, _fn, title) in workbooks.TOOLS.items():
            rows.append(f'<li><a href="{_prefix(env)}tools/{name}" download>{html.escape(title)}（Excel）</a></li>')
        rows.append("</ul>")
        return [nodes.raw("", "\n".join(rows), format="html")]


class KitDownload(Directive):
    """``{kit-download} loan-calculator``（Excel 工具）或 ``{kit-download} form:collection-log``（表单）。"""

    required_arguments = 1
    has_content = False
    option_spec = {"label": directives.unchanged}

    def run(self):
        from coursekit import forms, workbooks

        env = self.state.document.settings.env
        key = self.arguments[0]
        if key.startswith("form:"):
            form = forms.load(key[5:])
            body = f"表单《{html.escape(form.title)}》：{_links(env, form)}"
        else:
            if key not in workbooks.TOOLS:
                raise self.error(f"没有这个 Excel 工具：{key}；可用：{', '.join(workbooks.TOOLS)}")
            name, _fn, title = workbooks.TOOLS[key]
            body = f'<a href="{_prefix(env)}tools/{name}" download>下载 Excel：{html.escape(title)}</a>'
        return [nodes.raw("", f'<p class="kit-download">{body}</p>', format="html")]


def setup(app):
    app.connect("builder-inited", _on_init)
    app.add_directive("kit-forms", KitForms)
    app.add_directive("kit-tools", KitTools)
    app.add_directive("kit-download", KitDownload)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1.0"}
