"""KYC 记录的输出：Excel（可导回）、A4 打印页（HTML）、五类重要日子的提醒日历（表格与 .ics）。

所有输出默认遮蔽敏感信息；写文件一律原子写入（见 :func:`coursekit.kyc.atomic_write`）。
"""
from __future__ import annotations

import calendar as _cal
import datetime as _dt
import hashlib
import html
import math
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import InputError, require_day, require_int
from ..fmt import pct
from .privacy import deidentify, display_value
from .records import SCHEMA_VERSION, KycRecord, _iter_records, atomic_write, completeness, new_record
from .templates import Field, get_template, load_templates

__all__ = ["export_excel", "export_html", "export_ics", "import_excel", "reminders", "to_html", "to_ics"]

_META_SHEET = "_coursekit"
_EXCEL_FORMAT = "coursekit-kyc-excel"
_FIXED = ["记录编号", "客户类型", "创建时间", "更新时间"]


# ---------------------------------------------------------------- Excel
def _excel_cell(f: Field, value: Any, masked: bool) -> Any:
    if value is None:
        return None
    if masked and f.sensitive:
        return display_value(f, value, masked=True)
    if f.type == "list":
        return "、".join(value)
    if f.type == "bool":
        return "是" if value else "否"
    return value


def export_excel(records: KycRecord | Iterable[KycRecord], path: str | os.PathLike, *, masked: bool = True,
                 deidentified: bool = False, key: str | bytes | None = None, as_of: _dt.date | None = None) -> Path:
    """导出为 Excel。

    - 默认遮蔽敏感字段（``masked=True``），这样的文件可以打印、汇报，但不能导回；
    - ``masked=False`` 导出完整数据，可用 :func:`import_excel` 原样导回（请妥善保管）；
    - ``deidentified=True`` 导出课堂用的去标识数据（见 :func:`coursekit.kyc.deidentify`；``key``、``as_of`` 传给它）。
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    recs = _iter_records(records)
    if not recs:
        raise InputError("KYC 记录", "不能为空，至少要有一份记录")
    wb = Workbook()
    ws = wb.active
    ws.title = "KYC 记录"
    header_font, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    if deidentified:
        mode = "deidentified"
        table = deidentify(recs, key=key, as_of=as_of)
        ws.append(list(table.columns))
        for row in table.itertuples(index=False):
            ws.append([None if (isinstance(v, float) and math.isnan(v)) else v for v in row])
        keys: list[str] = []
    else:
        mode = "masked" if masked else "full"
        fields: dict[str, Field] = {}
        for rec in recs:
            for f in rec.tpl.fields:
                fields.setdefault(f.key, f)
        keys = list(fields)
        ws.append(_FIXED + [fields[k].label for k in keys])
        for rec in recs:
            tpl = rec.tpl
            row = [rec.record_id, tpl.label, rec.created_at, rec.updated_at]
            for k in keys:
                f = tpl.field(k) if tpl.has(k) else fields[k]
                row.append(_excel_cell(f, rec.values.get(k), masked))
            ws.append(row)
        for col, k in enumerate(keys, start=len(_FIXED) + 1):
            f = fields[k]
            fmt = {"money": "#,##0.00", "date": "yyyy-mm-dd"}.get(f.type)
            if fmt and not (masked and f.sensitive):
                for (cell,) in ws.iter_rows(min_row=2, min_col=col, max_col=col):
                    cell.number_format = fmt
    for cell in ws[1]:
        cell.font, cell.fill = header_font, fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for column in ws.columns:
        width = max(len(str(c.value)) if c.value is not None else 0 for c in column)
        ws.column_dimensions[column[0].column_letter].width = min(max(10, width * 1.8), 40)
    ws.freeze_panes = "C2" if not deidentified else "B2"

    if not deidentified:
        doc = wb.create_sheet("字段说明")
        doc.append(["字段", "板块", "类型", "敏感度", "说明"])
        for k in keys:
            f = fields[k]
            note = "导出时已遮蔽" if (masked and f.sensitive) else ""
            doc.append([f.label, recs[0].tpl.section_labels.get(f.section, f.section), f.type, f.sensitivity, note])
        for cell in doc[1]:
            cell.font, cell.fill = header_font, fill
    meta = wb.create_sheet(_META_SHEET)
    meta.append(["format", _EXCEL_FORMAT])
    meta.append(["schema_version", SCHEMA_VERSION])
    meta.append(["mode", mode])
    for col, k in enumerate(keys, start=len(_FIXED) + 1):
        meta.append([f"col{col}", k])
    meta.sheet_state = "hidden"
    return atomic_write(path, wb.save, binary=True)


def import_excel(path: str | os.PathLike) -> list[KycRecord]:
    """读回 ``export_excel(..., masked=False)`` 导出的完整 Excel；每个值重新校验。遮蔽或去标识的导出不能导回。"""
    from openpyxl import load_workbook

    p = Path(path) if isinstance(path, (str, os.PathLike)) else None
    if p is None or not p.is_file():
        raise InputError("Excel 文件", "不存在", str(path))
    try:
        wb = load_workbook(p, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl 对坏文件抛出各种异常
        raise InputError("Excel 文件", f"打不开，可能不是 xlsx 文件或已损坏（{type(exc).__name__}）", str(p)) from None
    try:
        if _META_SHEET not in wb.sheetnames or "KYC 记录" not in wb.sheetnames:
            raise InputError("Excel 文件", "不是 coursekit 导出的 KYC 表（缺少标记工作表）", str(p))
        meta = {str(r[0]): r[1] for r in wb[_META_SHEET].iter_rows(values_only=True) if r and r[0] is not None}
        if meta.get("format") != _EXCEL_FORMAT:
            raise InputError("Excel 文件", "不是 coursekit 导出的 KYC 表", str(p))
        version = meta.get("schema_version")
        if not isinstance(version, int) or version > SCHEMA_VERSION:
            raise InputError("Excel 文件", f"的格式版本不受支持（本程序支持 {SCHEMA_VERSION}）", str(p))
        if meta.get("mode") != "full":
            raise InputError("Excel 文件", "是遮蔽或去标识的导出，敏感信息已被替换，不能导回为记录；请用完整导出或 JSON 记录",
                             str(p))
        rows = list(wb["KYC 记录"].iter_rows(values_only=True))
    finally:
        wb.close()
    if not rows or list(rows[0][:4]) != _FIXED:
        raise InputError("Excel 文件", "的表头被改动过，无法识别", str(p))
    colkeys = {int(k[3:]): v for k, v in meta.items() if k.startswith("col")}
    out = []
    for n, row in enumerate(rows[1:], start=2):
        if not any(c is not None for c in row):
            continue
        rid, ctype, created, updated = row[:4]
        tpl = get_template(ctype)
        values = {}
        for col, key in colkeys.items():
            if col - 1 < len(row) and tpl.has(key) and row[col - 1] is not None:
                value = row[col - 1]
                if isinstance(value, _dt.datetime):
                    value = value.date()
                values[key] = value
        try:
            rec = new_record(tpl, values, record_id=str(rid), now=str(created))
        except InputError as exc:
            raise InputError(f"Excel 第 {n} 行的{exc.field}", exc.problem, exc.value, show_value=exc.value is not None) \
                from None
        out.append(KycRecord(rec.template, rec.values, rec.record_id, str(created), str(updated), {}))
    return out


# ---------------------------------------------------------------- 打印页
_PRINT_CSS = """
@page { size: A4; margin: 14mm 12mm 16mm 12mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", "SimHei", sans-serif;
       font-size: 10.5pt; color: #111; margin: 0 auto; max-width: 186mm; line-height: 1.45; }
h1 { font-size: 16pt; margin: 0 0 2mm 0; }
h2 { font-size: 11.5pt; margin: 4mm 0 1.5mm 0; padding: 1mm 2mm; background: #eef3f8; border-left: 3px solid #0072B2; }
.meta { font-size: 9pt; color: #444; margin-bottom: 2mm; }
.notice { font-size: 9pt; border: 1px solid #999; padding: 1.5mm 2mm; margin: 2mm 0; }
table { width: 100%; border-collapse: collapse; page-break-inside: avoid; }
td, th { border: 1px solid #999; padding: 1.2mm 2mm; vertical-align: top; text-align: left; }
td.label { width: 34%; background: #fafafa; }
td.blank { height: 7mm; }
.req { color: #b2182b; }
section { page-break-inside: avoid; break-inside: avoid; }
ol { margin: 1mm 0 0 5mm; padding: 0; }
footer { margin-top: 4mm; font-size: 8.5pt; color: #444; border-top: 1px solid #999; padding-top: 1.5mm; }
@media screen { body { padding: 8mm; } }
@media print { .noprint { display: none; } a { color: inherit; text-decoration: none; } }
"""


def to_html(record: KycRecord, *, masked: bool = True, title: str | None = None, questions: int = 8,
            as_of: _dt.date | None = None) -> str:
    """一张 A4 打印页（完整的 HTML 文档）：各板块的已填内容，空白处留给现场手写，外加完整度与下次要问的问题。

    敏感字段默认遮蔽；``masked=False`` 时页眉会标明“含完整个人信息”。
    """
    if not isinstance(record, KycRecord):
        raise InputError("KYC 记录", "应为 KycRecord", type(record).__name__)
    tpl = record.tpl
    comp = completeness(record, top=questions, as_of=as_of)
    e = html.escape
    if title is not None and not isinstance(title, str):
        raise InputError("标题", "应为文字", title)
    heading = title or f"KYC 客户信息表（{tpl.label}）"
    who = e(record.display_name if masked else (record.values.get("name") or record.record_id))
    manager = record.meta.get("客户经理", "")
    parts = [
        "<!DOCTYPE html>", '<html lang="zh-CN"><head><meta charset="utf-8">',
        f"<title>{e(heading)}</title>", '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<style>{_PRINT_CSS}</style></head><body>",
        f"<h1>{e(heading)}</h1>",
        f'<div class="meta">客户：{who}　记录编号：{e(record.record_id)}　更新：{e(record.updated_at.replace("T", " ")[:16])}'
        + (f"　客户经理：{e(manager)}" if manager else "")
        + f"　完整度：{e(pct(comp.score, 0))}</div>",
        '<div class="notice">'
        + ("本页敏感信息已遮蔽（身份证号、手机号、姓名等），可用于走访与汇报。"
           if masked else "<b>本页含完整个人信息</b>，仅限本人核对，不得外传。")
        + '<span class="req">★</span> 为必填项；空格处现场手写补充。</div>',
    ]
    for skey, slabel in tpl.sections:
        parts.append(f"<section><h2>{e(slabel)}</h2><table>")
        for f in tpl.fields:
            if f.section != skey or not f.applies(record.values) and record.values.get(f.key) is None:
                continue
            value = display_value(f, record.values.get(f.key), masked=masked)
            star = '<span class="req">★</span>' if f.required else ""
            cls = "" if value else ' class="blank"'
            parts.append(f'<tr><td class="label">{star}{e(f.label)}</td><td{cls}>{e(value)}</td></tr>')
        parts.append("</table></section>")
    parts.append("<section><h2>下次拜访先问这几件事</h2><ol>")
    for _, q in comp.next_questions.iterrows():
        parts.append(f"<li>{e(q['字段'])}：{e(q['问法'])}</li>")
    parts.append("</ol></section>")
    if comp.warnings:
        parts.append("<section><h2>需要核对</h2><ul>" + "".join(f"<li>{e(w)}</li>" for w in comp.warnings)
                     + "</ul></section>")
    parts.append("<footer>本表含客户个人信息，仅限本行业务使用；外出携带请妥善保管，用后按行内规定归档或销毁。"
                 "　由 coursekit 生成。</footer></body></html>")
    return "\n".join(parts)


def export_html(record: KycRecord, path: str | os.PathLike, *, masked: bool = True, **kwargs: Any) -> Path:
    """把 :func:`to_html` 的打印页原子地写成文件，浏览器打开后直接打印（A4）。"""
    page = to_html(record, masked=masked, **kwargs)
    return atomic_write(path, lambda fh: fh.write(page))


# ---------------------------------------------------------------- 五类必须记住的日子
def _same_day(year: int, month: int, day: int) -> _dt.date:
    """某年的同月同日；2 月 29 日在平年提前到 2 月 28 日。"""
    last = _cal.monthrange(year, month)[1]
    return _dt.date(year, month, min(day, last))


def _occurrences(src: dict, value: Any, start: _dt.date, end: _dt.date, until: _dt.date | None) -> list[_dt.date]:
    repeat = src.get("repeat", "once")
    if repeat == "yearly" and isinstance(value, _dt.date):
        return [d for y in range(start.year, end.year + 1)
                if start <= (d := _same_day(y, value.month, value.day)) < end and d >= value]
    if repeat == "monthly_day" and isinstance(value, int):
        out, y, m = [], start.year, start.month
        while True:
            d = _same_day(y, m, value)
            if d >= end or (until is not None and d > until):
                break
            if d >= start:
                out.append(d)
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out
    if repeat == "once" and isinstance(value, _dt.date):
        return [value] if start <= value < end else []
    return []


def reminders(records: KycRecord | Iterable[KycRecord], *, start: _dt.date | None = None, days: int = 365,
              masked: bool = True) -> pd.DataFrame:
    """把记录里的五类重要日子展开成未来 ``days`` 天的提醒表，按日期排序。

    五类日子（本书的归纳）：生日；结婚纪念日等家庭纪念日；开业/店庆日（农户为收获、出栏节点）；
    还款日与贷款到期日；子女升学等家庭大事。每月还款日展开到贷款到期日为止。客户称呼默认遮蔽。
    """
    recs = _iter_records(records)
    start = require_day(start, "开始日期") or _dt.date.today()
    days = require_int(days, "天数", minimum=1, maximum=3660)
    end = start + _dt.timedelta(days=days)
    rows = []
    for rec in recs:
        v = rec.values
        name = rec.display_name if masked else (v.get("name") or rec.record_id)
        until = v.get("loan_maturity")
        for kind in load_templates().calendar:
            for src in kind.get("sources", ()):
                key = src["field"]
                if not rec.tpl.has(key) or v.get(key) is None:
                    continue
                title = src.get("title", "{name} {label}").format(
                    name=name, label=rec.tpl.field(key).label, family_event=v.get("family_event") or "")
                for day in _occurrences(src, v[key], start, end, until):
                    lead = int(src.get("lead_days", 0))
                    rows.append({"日期": day, "提醒日": day - _dt.timedelta(days=lead), "提前天数": lead,
                                 "类别": kind["label"], "客户": name, "事项": title.rstrip("：").strip(),
                                 "建议": src.get("hint", ""), "记录编号": rec.record_id})
    table = pd.DataFrame(rows, columns=["日期", "提醒日", "提前天数", "类别", "客户", "事项", "建议", "记录编号"])
    return table.sort_values(["日期", "类别"], kind="stable").reset_index(drop=True)


def _ics_escape(text: str) -> str:
    return (str(text).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def _fold(line: str) -> list[str]:
    """RFC 5545 折行：每行不超过 75 个字节（UTF-8），续行以一个空格开头；不拆开多字节字符。"""
    out, current, size = [], "", 0
    for ch in line:
        n = len(ch.encode("utf-8"))
        limit = 75 if not out else 74
        if size + n > limit:
            out.append(current)
            current, size = "", 0
        current += ch
        size += n
    out.append(current)
    return [out[0]] + [" " + part for part in out[1:]]


def to_ics(items: pd.DataFrame | KycRecord | Iterable[KycRecord], *, calendar_name: str = "KYC 重要日子",
           stamp: _dt.datetime | None = None, **kwargs: Any) -> str:
    """iCalendar（.ics）文本：每个提醒一个全天事件，带提前提醒（VALARM）。可导入手机或电脑日历。

    ``items`` 可以是 :func:`reminders` 的结果，也可以直接给记录（其余参数传给 :func:`reminders`）。
    """
    table = items if isinstance(items, pd.DataFrame) else reminders(items, **kwargs)
    need = {"日期", "提前天数", "类别", "事项", "建议", "记录编号"}
    if not need <= set(table.columns):
        raise InputError("提醒表", f"缺少列：{'、'.join(sorted(need - set(table.columns)))}")
    if stamp is not None and (not isinstance(stamp, _dt.datetime) or type(stamp).__name__ == "NaTType"):
        raise InputError("时间戳", "应为 datetime", stamp)
    if not isinstance(calendar_name, str):
        raise InputError("日历名称", "应为文字", calendar_name)
    stamp = (stamp or _dt.datetime.now(_dt.timezone.utc)).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//coursekit//KYC//ZH", "CALSCALE:GREGORIAN",
             f"X-WR-CALNAME:{_ics_escape(calendar_name)}"]
    for row in table.itertuples(index=False):
        r = dict(zip(table.columns, row))
        day = pd.Timestamp(r["日期"]).date()
        uid = hashlib.sha1(f"{r['记录编号']}|{r['类别']}|{r['事项']}|{day}".encode()).hexdigest()[:20]
        lead = int(r["提前天数"])
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid}@coursekit-kyc",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{day + _dt.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_ics_escape(r['事项'])}",
            f"DESCRIPTION:{_ics_escape(r['类别'] + '。' + r['建议'])}",
            f"CATEGORIES:{_ics_escape(r['类别'])}",
            "TRANSP:TRANSPARENT",
        ]
        if lead > 0:
            lines += ["BEGIN:VALARM", "ACTION:DISPLAY", f"TRIGGER:-P{lead}D",
                      f"DESCRIPTION:{_ics_escape('提醒：' + r['事项'])}", "END:VALARM"]
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    folded = [part for line in lines for part in _fold(line)]
    return "\r\n".join(folded) + "\r\n"


def export_ics(items: pd.DataFrame | KycRecord | Iterable[KycRecord], path: str | os.PathLike, **kwargs: Any) -> Path:
    """把提醒日历原子地写成 .ics 文件。"""
    text = to_ics(items, **kwargs)
    return atomic_write(path, lambda fh: fh.write(text))
