"""岗位表单：每张表是一份数据（``data/forms/*.yaml``），由同一份定义生成三种形式。

- :func:`to_html` —— A4 打印页（HTML，内嵌样式，留足书写空间）；:func:`to_pdf` 用无头 Chromium 打印成 PDF；
- :func:`to_excel` —— Excel 表（openpyxl）：中文标签、下拉列表、表头与说明锁定、只有填写格可编辑；
- :func:`validate` —— 检查一份填好的表（字典），出错抛 :class:`~coursekit.errors.InputError`；
  ``coursekit.widgets.forms.FormWidget`` 是它的薄外壳。

定义的结构（YAML）::

    id: equipment-check            # 英文短名，也是文件名
    title: 设备贷核验单
    purpose: 一句话说明这张表解决什么问题
    pages: 2                        # 打印页数预算（A4）
    basis:                          # 依据：只写核实过的规章全称、文号、年份，否则写“行内常见做法”
      - 行内常见做法
    sections:
      - title: 一、设备与报价
        fields:
          - {name: 设备名称, type: text, required: true, hint: 与发票、合同一致}
          - {name: 报价一, type: money, unit: 元}
          - {name: 付款方式, type: choice, options: [全款, 首付加贷款]}
        lines: 0                    # 可选：本节末尾的空白书写行
      - title: 二、逐笔记录
        table: {columns: [日期, 金额（元）, 说明], rows: 8}
      - title: 三、合规红线
        notes: [不得……, 不得……]    # 印在表上的文字（如催收红线）
    sign: [客户经理, 复核人]         # 签字栏

字段类型 :data:`FIELD_TYPES`：text、longtext（``lines`` 行）、number、money、percent（按小数填写）、
int、date、choice（``options``）、multi（可多选的 ``options``）、flag（是/否）。
"""
from __future__ import annotations

import datetime as _dt
import html
import math
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import (InputError, require_path, require_choice, require_flag, require_fraction, require_int,
                     require_non_negative, require_number)

__all__ = ["FIELD_TYPES", "Field", "Form", "Section", "all_forms", "load", "missing", "to_excel", "to_html", "to_pdf", "to_pdfs",
           "validate"]

FIELD_TYPES = ("text", "longtext", "number", "money", "percent", "int", "date", "choice", "multi", "flag")
FORMS_DIR = Path(__file__).parent / "data" / "forms"
COMMON_PRACTICE = "行内常见做法"


@dataclass(frozen=True)
class Field:
    name: str
    type: str = "text"
    unit: str = ""
    hint: str = ""
    required: bool = False
    options: tuple = ()
    lines: int = 1
    basis: str = ""

    @classmethod
    def from_dict(cls, d: Mapping, where: str) -> Field:
        if not isinstance(d, Mapping) or not d.get("name"):
            raise InputError(where, "每个字段都要有 name")
        ftype = d.get("type", "text")
        if ftype not in FIELD_TYPES:
            raise InputError(f"{where}：{d['name']}", "字段类型应为以下之一：" + "、".join(FIELD_TYPES), ftype)
        options = tuple(str(o) for o in d.get("options", ()) or ())
        if ftype in ("choice", "multi") and len(options) < 2:
            raise InputError(f"{where}：{d['name']}", "选择题至少要有两个选项")
        unit = str(d.get("unit", "") or ("元" if ftype == "money" else ""))
        return cls(name=str(d["name"]), type=ftype, unit=unit, hint=str(d.get("hint", "") or ""),
                   required=bool(d.get("required", False)), options=options,
                   lines=int(d.get("lines", 3 if ftype == "longtext" else 1)), basis=str(d.get("basis", "") or ""))


@dataclass(frozen=True)
class Section:
    title: str
    fields: tuple = ()
    columns: tuple = ()
    rows: int = 0
    notes: tuple = ()
    lines: int = 0
    hint: str = ""


@dataclass(frozen=True)
class Form:
    id: str
    title: str
    purpose: str
    sections: tuple
    basis: tuple = ()
    sign: tuple = ()
    pages: int = 1
    landscape: bool = False
    used_in: tuple = field(default=())

    def fields(self) -> list[Field]:
        return [f for s in self.sections for f in s.fields]


def _parse(data: Mapping, source: str) -> Form:
    if not isinstance(data, Mapping):
        raise InputError(source, "表单定义应为字典")
    for key in ("id", "title", "purpose", "sections"):
        if not data.get(key):
            raise InputError(source, f"缺少 {key}")
    sections = []
    names: set[str] = set()
    for i, s in enumerate(data["sections"], start=1):
        where = f"{data['title']}第 {i} 节"
        fields_ = tuple(Field.from_dict(f, where) for f in s.get("fields", ()) or ())
        for f in fields_:
            if f.name in names:
                raise InputError(where, f"字段名“{f.name}”重复")
            names.add(f.name)
        table = s.get("table") or {}
        sections.append(Section(title=str(s.get("title", "")), fields=fields_,
                                columns=tuple(str(c) for c in table.get("columns", ()) or ()),
                                rows=int(table.get("rows", 0) or 0), notes=tuple(s.get("notes", ()) or ()),
                                lines=int(s.get("lines", 0) or 0), hint=str(s.get("hint", "") or "")))
    basis = tuple(str(b) for b in data.get("basis", ()) or ())
    if not basis:
        raise InputError(data["title"], f"缺少依据（没有核实过的规章时写“{COMMON_PRACTICE}”）")
    return Form(id=str(data["id"]), title=str(data["title"]), purpose=str(data["purpose"]),
                sections=tuple(sections), basis=basis, sign=tuple(data.get("sign", ()) or ()),
                pages=int(data.get("pages", 1)), landscape=bool(data.get("landscape", False)),
                used_in=tuple(data.get("used_in", ()) or ()))


@lru_cache(maxsize=None)
def _load_file(path: str) -> Form:
    import yaml

    with open(path, encoding="utf-8") as fh:
        return _parse(yaml.safe_load(fh), Path(path).name)


def _as_form(form) -> Form:
    """表单参数：表单编号或 :class:`Form`。"""
    if isinstance(form, str):
        return load(form)
    if not isinstance(form, Form):
        raise InputError("表单", "应为表单编号（文字）或 forms.load(...) 的结果", type(form).__name__)
    return form


def load(form_id: str) -> Form:
    """按英文短名读取一张表单（如 ``"equipment-check"``）。"""
    if not isinstance(form_id, str) or not form_id:
        raise InputError("表单", "应为表单的英文短名，如 \"equipment-check\"", form_id)
    path = FORMS_DIR / f"{form_id}.yaml"
    if not path.is_file():
        raise InputError("表单", "没有这张表；可用的表单：" + "、".join(f.id for f in all_forms()), form_id)
    return _load_file(str(path))


def all_forms() -> list[Form]:
    """全部表单，按 ``order`` 文件中的顺序（没有列出的排在后面）。"""
    paths = sorted(FORMS_DIR.glob("*.yaml"))
    forms = [_load_file(str(p)) for p in paths]
    order_file = FORMS_DIR / "order.txt"
    order = order_file.read_text(encoding="utf-8").split() if order_file.exists() else []
    rank = {k: i for i, k in enumerate(order)}
    return sorted(forms, key=lambda f: (rank.get(f.id, len(rank)), f.id))


# ---------------------------------------------------------------------------
# 校验
# ---------------------------------------------------------------------------
def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or (
        isinstance(value, float) and math.isnan(value)) or (isinstance(value, (list, tuple, set)) and not value)


def _as_number(value, name):
    if isinstance(value, str):
        text = value.strip().replace(",", "").replace("，", "")
        scale = 1.0
        if text.endswith(("%", "％")):
            text, scale = text[:-1], 0.01
        try:
            value = float(text) * scale
        except ValueError as exc:
            raise InputError(name, "应为数字", value) from exc
    return value


def check_field(f: Field, value, *, partial: bool = False) -> Any:
    """检查一个字段的值，返回规范化后的值（空值返回 ``None``）。``partial=True`` 时必填项可以暂时为空。"""
    if _blank(value):
        if f.required and not partial:
            raise InputError(f.name, "是必填项，不能为空")
        return None
    t = f.type
    if t in ("text", "longtext"):
        if not isinstance(value, str):
            raise InputError(f.name, "应为文字", value)
        return value.strip()
    if t == "number":
        return require_number(_as_number(value, f.name), f.name)
    if t == "money":
        return require_non_negative(_as_number(value, f.name), f.name)
    if t == "percent":
        return require_fraction(_as_number(value, f.name), f.name)
    if t == "int":
        v = _as_number(value, f.name)
        return require_int(int(v) if isinstance(v, float) and v.is_integer() else v, f.name, minimum=0)
    if t == "date":
        if isinstance(value, _dt.date):
            return value
        try:
            return _dt.date.fromisoformat(str(value).strip())
        except ValueError as exc:
            raise InputError(f.name, "应为日期，如 2024-07-01", value) from exc
    if t == "choice":
        return require_choice(value, f.name, f.options)
    if t == "multi":
        values = [value] if isinstance(value, str) else list(value)
        for v in values:
            require_choice(v, f.name, f.options)
        return tuple(values)
    return require_flag(value, f.name)


def validate(form: Form | str, values: Mapping, *, partial: bool = False) -> dict:
    """检查一份填好的表。``values``：字段名 → 值。返回规范化后的字典；第一个错误抛 ``InputError``。

    ``partial=True``：边填边查，只检查已填的格子，必填项暂时为空不报错（用 :func:`missing` 列出）。
    """
    form = _as_form(form)
    if not isinstance(values, Mapping):
        raise InputError(form.title, "填写内容应为“字段名 → 值”的字典", type(values).__name__)
    known = {f.name: f for f in form.fields()}
    unknown = [k for k in values if k not in known]
    if unknown:
        raise InputError(form.title, "含有不认识的项目：" + "、".join(map(str, unknown)))
    return {name: check_field(f, values.get(name), partial=partial) for name, f in known.items()}


def missing(form: Form | str, values: Mapping) -> list[str]:
    """还没有填写的必填项（字段名列表）。"""
    form = _as_form(form)
    if not isinstance(values, Mapping):
        raise InputError(form.title, "填写内容应为“字段名 → 值”的字典", type(values).__name__)
    return [f.name for f in form.fields() if f.required and _blank(values.get(f.name))]


# ---------------------------------------------------------------------------
# A4 打印页
# ---------------------------------------------------------------------------
_CSS = """
@page { size: A4 %(orient)s; margin: 12mm 13mm 12mm 13mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", "SimSun", serif;
       font-size: 10.5pt; line-height: 1.45; color: #111; margin: 0; }
main { max-width: %(width)s; margin: 0 auto; }
h1 { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif; font-size: 16pt;
     text-align: center; margin: 0 0 1mm; letter-spacing: 0.1em; }
.meta { display: flex; justify-content: space-between; font-size: 9pt; border-bottom: 1.2pt solid #111;
        padding-bottom: 1mm; margin-bottom: 2mm; }
.purpose { font-size: 9pt; color: #333; margin: 0 0 2mm; }
h2 { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif; font-size: 11pt;
     background: #e8eef5; padding: 0.6mm 2mm; margin: 2.5mm 0 1mm; break-after: avoid; }
table { width: 100%%; border-collapse: collapse; break-inside: auto; }
td, th { border: 0.6pt solid #555; padding: 0.8mm 1.6mm; vertical-align: top; }
tr { break-inside: avoid; }
th { background: #f3f3f3; font-weight: bold; font-size: 9.5pt; }
td.label { width: 27%%; font-weight: bold; }
td.label .req { color: #b00; }
td.value { height: 8.5mm; }
td.value .unit { float: right; color: #555; }
td.value .opts { white-space: normal; }
.hint { display: block; font-weight: normal; font-size: 8pt; color: #555; }
.grid td { height: 7.5mm; }
.lines div { border-bottom: 0.6pt solid #888; height: 7.5mm; }
.notes { border: 1.2pt solid #b00; padding: 1mm 2mm 1mm 8mm; margin: 0; font-size: 9.5pt; }
.notes li { margin: 0.3mm 0; }
.sign { display: flex; gap: 4mm; margin-top: 4mm; }
.sign div { flex: 1; border-bottom: 0.6pt solid #111; padding-top: 7mm; font-size: 9.5pt; }
.basis { font-size: 8pt; color: #444; margin-top: 2mm; border-top: 0.6pt solid #999; padding-top: 1mm; }
@media screen { body { background: #f2f2f2; } main { background: #fff; padding: 12mm; margin: 6mm auto;
                box-shadow: 0 0 4px #999; } }
"""


def _e(text) -> str:
    return html.escape(str(text), quote=True)


def _field_cell(f: Field) -> str:
    unit = f'<span class="unit">{_e(f.unit)}</span>' if f.unit and f.type not in ("percent",) else ""
    if f.type == "percent":
        unit = '<span class="unit">%</span>'
    if f.type in ("choice", "multi"):
        mark = "□" if f.type == "multi" else "○"
        body = '<span class="opts">' + "　".join(f"{mark} {_e(o)}" for o in f.options) + "</span>"
        return f'<td class="value">{body}{unit}</td>'
    if f.type == "flag":
        return f'<td class="value"><span class="opts">○ 是　○ 否</span>{unit}</td>'
    if f.type == "date":
        return '<td class="value"><span class="unit">年　　月　　日</span></td>'
    if f.type == "longtext":
        return f'<td class="value" style="height:{7.5 * max(f.lines, 1):.1f}mm">{unit}</td>'
    return f'<td class="value">{unit}</td>'


def to_html(form: Form | str) -> str:
    """A4 打印页（完整的 HTML 文档，样式内嵌，不引用任何外部资源）。"""
    form = _as_form(form)
    orient = "landscape" if form.landscape else "portrait"
    width = "271mm" if form.landscape else "184mm"
    out = ['<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">',
           f"<title>{_e(form.title)}</title><style>{_CSS % {'orient': orient, 'width': width}}</style></head>",
           "<body><main>", f"<h1>{_e(form.title)}</h1>",
           '<div class="meta"><span>青禾农商银行　　支行：__________</span>'
           "<span>编号：__________　　填表日期：　　年　　月　　日</span></div>",
           f'<p class="purpose">用途：{_e(form.purpose)}</p>']
    for s in form.sections:
        out.append(f"<section><h2>{_e(s.title)}</h2>")
        if s.hint:
            out.append(f'<p class="purpose">{_e(s.hint)}</p>')
        if s.notes:
            out.append('<ol class="notes">' + "".join(f"<li>{_e(n)}</li>" for n in s.notes) + "</ol>")
        if s.fields:
            out.append("<table>")
            for f in s.fields:
                req = '<span class="req">*</span>' if f.required else ""
                hint = f'<span class="hint">{_e(f.hint)}</span>' if f.hint else ""
                out.append(f'<tr><td class="label">{req}{_e(f.name)}{hint}</td>{_field_cell(f)}</tr>')
            out.append("</table>")
        if s.columns:
            out.append('<table class="grid"><thead><tr>' + "".join(f"<th>{_e(c)}</th>" for c in s.columns)
                       + "</tr></thead><tbody>")
            blank = "<tr>" + "<td></td>" * len(s.columns) + "</tr>"
            out.append(blank * s.rows + "</tbody></table>")
        if s.lines:
            out.append('<div class="lines">' + "<div></div>" * s.lines + "</div>")
        out.append("</section>")
    if form.sign:
        out.append('<div class="sign">' + "".join(f"<div>{_e(x)}（签字）：</div>" for x in form.sign) + "</div>")
    out.append('<p class="basis">依据：' + "；".join(_e(b) for b in form.basis)
               + "。带 <span style=\"color:#b00\">*</span> 为必填项。本表为教学示例，使用时以本行制度和模板为准。</p>")
    out.append("</main></body></html>")
    return "\n".join(out)


# ---------------------------------------------------------------------------
# PDF（无头 Chromium）
# ---------------------------------------------------------------------------
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic",
                  "--proxy-server=127.0.0.1:9", "--no-pdf-header-footer")


def chromium() -> str | None:
    """本机的 Chromium 可执行文件（没有时为 ``None``）。"""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def to_pdf(form: Form | str, path: str | os.PathLike, *, browser: str | None = None) -> Path:
    """用无头 Chromium 把打印页存成 PDF；返回 PDF 路径。没有 Chromium 时抛 ``RuntimeError``。"""
    form = _as_form(form)
    exe = browser or chromium()
    if not exe:
        raise RuntimeError("没有找到 Chromium（Debian：apt-get install chromium fonts-noto-cjk）")
    path = Path(path)
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "form.html"
        page.write_text(to_html(form), encoding="utf-8")
        subprocess.run([exe, *CHROMIUM_FLAGS, f"--user-data-dir={tmp}/profile", f"--print-to-pdf={path}",
                        page.as_uri()], check=True, capture_output=True, timeout=120)
    if not path.is_file():
        raise RuntimeError(f"Chromium 没有生成 {path.name}")
    return path


def to_pdfs(forms, outdir: str | os.PathLike) -> dict[str, Path]:
    """把多张表单逐张打印成 PDF（``outdir/<id>.pdf``）。构建书时 ``_ext/kit_ext.py`` 用同一浏览器批量打印，更快。"""
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    forms = [load(f) if isinstance(f, str) else f for f in forms]
    return {f.id: to_pdf(f, outdir / f"{f.id}.pdf") for f in forms}


def pdf_pages(path: str | os.PathLike) -> int:
    """数 PDF 的页数（Chromium 写出的 PDF 每页一个 ``/Type /Page`` 对象）。"""
    data = Path(path).read_bytes()
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", data))


# ---------------------------------------------------------------------------
# Excel
# ---------------------------------------------------------------------------
def _excel_sheet(wb, form: Form):
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
    from openpyxl.worksheet.datavalidation import DataValidation

    ws = wb.create_sheet(re.sub(r"[\\/*?:\[\]]", "、", form.title.replace(" ", ""))[:31])
    thin = Side(style="thin", color="888888")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    head = PatternFill("solid", fgColor="DDEBF7")
    entry = PatternFill("solid", fgColor="FFF2CC")
    wrap = Alignment(wrap_text=True, vertical="top")
    ws.column_dimensions["A"].width = 26
    for col, w in zip("BCDEFGH", (30, 8, 34, 14, 14, 14, 14)):
        ws.column_dimensions[col].width = w
    ws["A1"] = form.title
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = "用途：" + form.purpose
    ws["A2"].alignment = wrap
    ws.merge_cells("A2:D2")
    ws.row_dimensions[2].height = 32
    ws["A3"] = "黄色格子为填写处，其余内容已锁定（审阅 → 撤销工作表保护，无密码）。"
    ws["A3"].font = Font(color="666666", size=9)
    row = 5
    validations: dict[tuple, DataValidation] = {}

    def unlock(cell):
        cell.protection = Protection(locked=False)
        cell.fill = entry
        cell.border = box

    for s in form.sections:
        ws.cell(row, 1, s.title).font = Font(bold=True, size=12)
        row += 1
        for note in s.notes:
            c = ws.cell(row, 1, note)
            c.font = Font(color="B00000")
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
            c.alignment = wrap
            ws.row_dimensions[row].height = 30
            row += 1
        if s.fields:
            for j, h in enumerate(("项目", "填写", "单位", "说明"), start=1):
                c = ws.cell(row, j, h)
                c.font, c.fill, c.border = Font(bold=True), head, box
            row += 1
            for f in s.fields:
                label = ws.cell(row, 1, f.name + ("（必填）" if f.required else ""))
                label.border, label.alignment = box, wrap
                value = ws.cell(row, 2)
                unlock(value)
                unit = "%" if f.type == "percent" else f.unit
                ws.cell(row, 3, unit).border = box
                hint = f.hint
                if f.type in ("choice", "multi", "flag"):
                    opts = ("是", "否") if f.type == "flag" else f.options
                    if f.type == "multi":
                        hint = (hint + "；" if hint else "") + "可多选，用顿号隔开"
                    else:
                        key = ("list",) + tuple(opts)
                        if key not in validations:
                            dv = DataValidation(type="list", formula1='"' + ",".join(opts) + '"', allow_blank=True,
                                                showErrorMessage=True, errorTitle="请从下拉列表选择",
                                                error="只能选：" + "、".join(opts))
                            ws.add_data_validation(dv)
                            validations[key] = dv
                        validations[key].add(value)
                elif f.type in ("number", "money", "percent", "int"):
                    key = (f.type,)
                    if key not in validations:
                        kind = "whole" if f.type == "int" else "decimal"
                        lo, hi = {"number": (-1e15, 1e15), "money": (0, 1e15), "percent": (0, 1),
                                  "int": (0, 10**9)}[f.type]
                        dv = DataValidation(type=kind, operator="between", formula1=str(lo), formula2=str(hi),
                                            allow_blank=True, showErrorMessage=True, errorTitle="请填写数字",
                                            error={"money": "金额应为不小于 0 的数字（单位：元）",
                                                   "percent": "按百分数填写，如 35%（在 0% 到 100% 之间）",
                                                   "int": "应为不小于 0 的整数",
                                                   "number": "应为数字"}[f.type])
                        ws.add_data_validation(dv)
                        validations[key] = dv
                    validations[key].add(value)
                    value.number_format = {"money": "#,##0.00", "percent": "0.00%", "int": "#,##0",
                                           "number": "#,##0.##"}[f.type]
                elif f.type == "date":
                    key = ("date",)
                    if key not in validations:
                        dv = DataValidation(type="date", operator="greaterThan", formula1="1", allow_blank=True,
                                            showErrorMessage=True, errorTitle="请填写日期", error="如 2024-07-01")
                        ws.add_data_validation(dv)
                        validations[key] = dv
                    validations[key].add(value)
                    value.number_format = "yyyy-mm-dd"
                if f.type == "longtext":
                    ws.row_dimensions[row].height = 15 * max(f.lines, 2)
                    value.alignment = wrap
                h = ws.cell(row, 4, hint)
                h.border, h.alignment = box, wrap
                row += 1
        if s.columns:
            for j, h in enumerate(s.columns, start=1):
                c = ws.cell(row, j, h)
                c.font, c.fill, c.border, c.alignment = Font(bold=True), head, box, wrap
            row += 1
            for _ in range(s.rows):
                for j in range(1, len(s.columns) + 1):
                    unlock(ws.cell(row, j))
                row += 1
        if s.lines:
            for _ in range(s.lines):
                unlock(ws.cell(row, 1))
                ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
                row += 1
        row += 1
    for who in form.sign:
        ws.cell(row, 1, f"{who}（签字）").font = Font(bold=True)
        unlock(ws.cell(row, 2))
        row += 1
    ws.cell(row + 1, 1, "依据：" + "；".join(form.basis)).font = Font(size=9, color="444444")
    ws.protection.sheet = True
    ws.protection.formatCells = False
    ws.protection.formatRows = False
    ws.print_options.gridLines = False
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    return ws


def to_excel(form: Form | str, path: str | os.PathLike) -> Path:
    """把表单写成 Excel 工作簿（一张表，填写格可编辑，其余锁定）。"""
    from openpyxl import Workbook

    form = _as_form(form)
    path = require_path(path, "保存路径")
    wb = Workbook()
    wb.remove(wb.active)
    _excel_sheet(wb, form)
    path = Path(path)
    wb.save(path)
    return path
