"""把工作底稿写成信贷档案用的 Excel 工作簿，并能原样读回。

工作簿的表：说明、资产负债表、损益表、现金流、交叉检验、五表四单三品清单、输入。
“输入”表是唯一的数据来源：:func:`from_excel` 只读它，读回的底稿与写出时完全一致；
其余各表是给人看的（改了它们不会影响读回的结果）。
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..errors import InputError
from .framework import FRAMEWORK, Checklist, IndustryNorm, Tolerances
from .model import (Borrower, BusinessAssets, BusinessLiabilities, Evidence, Household,
                    HouseholdAssets, HouseholdLiabilities, MonthlyCosts, OffBalance)

__all__ = ["to_excel", "from_excel", "FORMAT"]

FORMAT = "coursekit.restoration/1"
INPUT_SHEET = "输入"
# 与 coursekit.plotting 的 GOOD / WARN / BAD 同色（这里不导入 matplotlib）
_FILLS = {"通过": "009E73", "关注": "E69F00", "不通过": "D55E00"}
_SECTIONS = (("经营资产", BusinessAssets, "business_assets"), ("经营负债", BusinessLiabilities, "business_liabilities"),
             ("家庭资产", HouseholdAssets, "household_assets"), ("家庭负债", HouseholdLiabilities, "household_liabilities"),
             ("表外事项", OffBalance, "off_balance"), ("月成本", MonthlyCosts, "costs"),
             ("家庭收支", Household, "household"), ("交叉检验资料", Evidence, "evidence"))
_NORM_FIELDS = (("毛利率", "margin"), ("存货周转天数", "inventory_days"), ("应收账款周转天数", "receivable_days"),
                ("应付账款周转天数", "payable_days"))


def _input_rows(ws) -> list[tuple[str, str, Any]]:
    b = ws.borrower
    rows: list[tuple[str, str, Any]] = [("格式", "版本", FORMAT), ("借款人", "名称", b.name),
                                        ("借款人", "行业", b.industry), ("借款人", "赊销比例", b.credit_sales_share)]
    for title, _cls, attr in _SECTIONS:
        rows += [(title, zh, value) for zh, value in getattr(b, attr).to_dict().items()]
    for i, p in enumerate(b.products, start=1):
        rows += [(f"产品 {i}", "名称", p.name), (f"产品 {i}", "销售额", p.sales), (f"产品 {i}", "毛利率", p.margin)]
    rows += [("季节系数", f"{m} 月", v) for m, v in enumerate(b.seasonality, start=1)]
    if b.equity_history is not None:
        rows += [("权益历史", zh, value) for zh, value in b.equity_history.to_dict().items()]
    rows += [("容忍度", zh, getattr(ws.tolerances, attr)) for attr, zh in Tolerances.FIELDS]
    if ws.checklist is not None:
        rows.append(("资料清单", "启用", "是"))
        rows += [("资料清单", item.name, "✓" if item.name in ws.checklist.ticked else None) for item in FRAMEWORK]
    for industry, norm in ws.norms.items():
        rows += [(f"行业参考值：{industry}", zh, getattr(norm, attr)) for zh, attr in _NORM_FIELDS
                 if getattr(norm, attr) is not None]
    rows += [("情景", k, v) for k, v in ws.scenario.items()]
    return rows


def _style_sheet(sheet, money_cols=(), pct_cols=(), widths=None, header_row=1):
    from openpyxl.styles import Alignment, Font, PatternFill

    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for cell in sheet[header_row]:
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(horizontal="center")
    for row in sheet.iter_rows(min_row=header_row + 1):
        for cell in row:
            col = cell.column_letter
            if col in money_cols and isinstance(cell.value, (int, float)):
                cell.number_format = "#,##0.00"
            elif col in pct_cols and isinstance(cell.value, (int, float)):
                cell.number_format = "0.0%"
    for col, width in (widths or {}).items():
        sheet.column_dimensions[col].width = width
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)


def _write_df(sheet, df, start_row: int = 1):
    for j, name in enumerate(df.columns, start=1):
        sheet.cell(row=start_row, column=j, value=name)
    for i, row in enumerate(df.itertuples(index=False), start=start_row + 1):
        for j, value in enumerate(row, start=1):
            if isinstance(value, float) and value != value:  # NaN
                value = None
            sheet.cell(row=i, column=j, value=value)


def _check_path(path) -> Path:
    if not isinstance(path, (str, os.PathLike)) or not str(path).strip():
        raise InputError("文件名", "应为文件路径，如 \"还原工作底稿.xlsx\"", path)
    return Path(os.fspath(path))


def to_excel(worksheet, path) -> Path:
    """写出工作簿（.xlsx），返回路径。"""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    from .worksheet import Worksheet

    if not isinstance(worksheet, Worksheet):
        raise InputError("工作底稿", "应为 Worksheet（由 restore 得到）", type(worksheet).__name__)
    path = _check_path(path)
    if path.suffix.lower() != ".xlsx":
        raise InputError("文件名", "应以 .xlsx 结尾", str(path))
    ws = worksheet
    f = ws.figures
    wb = Workbook()

    # 说明
    sh = wb.active
    sh.title = "说明"
    counts = ws.verdict_counts()
    lines = [
        ("财务报表还原工作底稿", None),
        ("借款人", ws.borrower.name),
        ("行业", ws.borrower.industry or "未填"),
        ("年销售额（元）", f.annual_sales),
        ("加权毛利率", f.weighted_margin),
        ("经营净利润（元/年）", f.net_profit),
        ("合并权益（元）", f.equity),
        ("月可支配收入（元）", f.disposable_monthly),
        ("交叉检验", f"通过 {counts['通过']} 项，关注 {counts['关注']} 项，不通过 {counts['不通过']} 项"),
        ("情景", "；".join(f"{k} {v:g}" for k, v in ws.scenario.items()) or "原始输入"),
        (None, None),
        ("口径", "金额单位为元；资产按调查当天的现值计，只计借款人所有的资产；周转天数按 360 天计。"),
        ("容忍度", f"相对偏差不超过 {ws.tolerances.warn:.0%} 为通过，不超过 {ws.tolerances.fail:.0%} 为关注，"
                 "否则不通过——常见的内部经验做法，不是监管规定。"),
        ("行业参考值", "毛利率、周转天数的行业参考值为教学示意，不是行业统计数据。"),
        ("数据来源", "“输入”表是本工作簿的唯一数据来源；其他各表由它计算得出，修改它们不影响读回结果。"),
    ]
    for row in lines:
        sh.append(list(row))
    sh["A1"].font = Font(bold=True, size=14)
    for r in range(4, 9):
        cell = sh.cell(row=r, column=2)
        cell.number_format = "0.0%" if r == 5 else "#,##0.00"
    sh.column_dimensions["A"].width = 22
    sh.column_dimensions["B"].width = 90
    for row in sh.iter_rows(min_row=12):
        row[1].alignment = Alignment(wrap_text=True)

    # 资产负债表
    sh = wb.create_sheet("资产负债表")
    _write_df(sh, ws.balance_sheet())
    _style_sheet(sh, money_cols=("C", "D", "E"), widths={"A": 8, "B": 28, "C": 16, "D": 16, "E": 16})

    # 损益表：全年在上，按月在下
    sh = wb.create_sheet("损益表")
    annual = ws.income_statement("年")
    _write_df(sh, annual)
    _style_sheet(sh, money_cols=("B", "C"), pct_cols=("D",), widths={"A": 22, "B": 16, "C": 14, "D": 10})
    monthly = ws.income_statement("月")
    start = len(annual) + 3
    sh.cell(row=start, column=1, value="按月（按季节系数分摊）").font = Font(bold=True)
    _write_df(sh, monthly, start_row=start + 1)
    for row in sh.iter_rows(min_row=start + 2):
        for cell in row[1:]:
            if isinstance(cell.value, (int, float)):
                cell.number_format = "#,##0"
    for j in range(2, 15):
        sh.column_dimensions[sh.cell(row=1, column=j).column_letter].width = max(
            sh.column_dimensions[sh.cell(row=1, column=j).column_letter].width or 0, 12)

    # 现金流
    sh = wb.create_sheet("现金流")
    _write_df(sh, ws.cash_flow())
    _style_sheet(sh, money_cols=tuple("BCDEFGHIJK"), widths={c: 13 for c in "ABCDEFGHIJK"})

    # 交叉检验
    sh = wb.create_sheet("交叉检验")
    _write_df(sh, ws.check_table())
    _style_sheet(sh, pct_cols=("C",), widths={"A": 18, "B": 8, "C": 9, "D": 20, "E": 12, "F": 90})
    for row in sh.iter_rows(min_row=2):
        verdict = row[1].value
        if verdict in _FILLS:
            row[1].fill = PatternFill("solid", fgColor=_FILLS[verdict])
            row[1].font = Font(bold=True, color="FFFFFF")
        row[5].alignment = Alignment(wrap_text=True, vertical="top")

    # 清单
    sh = wb.create_sheet("五表四单三品清单")
    checklist = ws.checklist if ws.checklist is not None else Checklist()
    _write_df(sh, checklist.table())
    _style_sheet(sh, widths={"A": 6, "B": 14, "C": 6, "D": 40, "E": 40, "F": 40})
    for row in sh.iter_rows(min_row=2):
        for cell in row[3:]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")

    # 输入
    sh = wb.create_sheet(INPUT_SHEET)
    sh.append(["区块", "字段", "值"])
    for row in _input_rows(ws):
        sh.append(list(row))
    _style_sheet(sh, widths={"A": 24, "B": 20, "C": 20})

    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def from_excel(path):
    """读回 :func:`to_excel` 写出的工作簿，得到同样的 :class:`~coursekit.restoration.Worksheet`。

    文件不存在、不是 Excel、不是本工具写出的工作簿、或“输入”表里的数有误，都抛 InputError。
    """
    from openpyxl import load_workbook

    from .worksheet import Worksheet

    path = _check_path(path)
    if not path.exists():
        raise InputError("文件", "不存在", str(path))
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl 对坏文件抛各种异常（含 InvalidFileException）
        raise InputError("文件", "不是有效的 Excel 工作簿（.xlsx）", str(path)) from exc
    try:
        if INPUT_SHEET not in wb.sheetnames:
            raise InputError("文件", "不是本工具导出的还原工作簿（缺少“输入”表）", str(path))
        rows = [tuple(r[:3]) + (None,) * (3 - len(r[:3]))
                for r in wb[INPUT_SHEET].iter_rows(min_row=2, values_only=True)]
    finally:
        wb.close()
    rows = [r for r in rows if any(v is not None for v in r)]
    if not rows or rows[0] != ("格式", "版本", FORMAT):
        raise InputError("文件", f"不是本工具导出的还原工作簿（“输入”表第一行应为格式版本 {FORMAT}）", str(path))

    data: dict[str, Any] = {}
    products: dict[int, dict] = {}
    season: dict[int, Any] = {}
    tolerances: dict[str, Any] = {}
    checklist: list[str] | None = None
    norms: dict[str, dict] = {}
    scenario: dict[str, Any] = {}
    titles = {t for t, _c, _a in _SECTIONS} | {"权益历史"}
    for block, field, value in rows[1:]:
        if not isinstance(block, str) or not isinstance(field, str):
            raise InputError("输入表", "每行应有区块与字段名", (block, field))
        if block == "借款人":
            if field not in ("名称", "行业", "赊销比例"):
                raise InputError("输入表", f"“借款人”区块中有无法识别的字段：{field}")
            data[field] = value
        elif block in titles:
            data.setdefault(block, {})[field] = value
        elif block.startswith("产品 "):
            try:
                idx = int(block[3:])
            except ValueError as exc:
                raise InputError("输入表", "产品区块应写作“产品 1”“产品 2”……", block) from exc
            products.setdefault(idx, {})[field] = value
        elif block == "季节系数":
            try:
                season[int(field.rstrip(" 月"))] = value
            except ValueError as exc:
                raise InputError("季节系数", "月份应写作“1 月”到“12 月”", field) from exc
        elif block == "容忍度":
            tolerances[field] = value
        elif block == "资料清单":
            checklist = checklist if checklist is not None else []
            if field != "启用" and value not in (None, ""):
                checklist.append(field)
        elif block.startswith("行业参考值："):
            norms.setdefault(block.split("：", 1)[1], {})[field] = value
        elif block == "情景":
            scenario[field] = value
        else:
            raise InputError("输入表", f"有无法识别的区块：{block}")
    data["产品"] = [products[i] for i in sorted(products)]
    if season:
        if sorted(season) != list(range(1, 13)):
            raise InputError("季节系数", "应有 1 月到 12 月共 12 个")
        data["季节系数"] = [season[m] for m in range(1, 13)]
    borrower = Borrower.from_dict(data)
    norm_objs = None
    if norms:
        by_zh = dict(_NORM_FIELDS)
        norm_objs = {}
        for industry, values in norms.items():
            try:
                norm_objs[industry] = IndustryNorm(**{by_zh[k]: float(v) for k, v in values.items()})
            except (KeyError, TypeError, ValueError) as exc:
                raise InputError("行业参考值", f"“{industry}”的参考值不完整或不是数字") from exc
    return Worksheet(borrower, tolerances=tolerances or None,
                     checklist=Checklist(checklist) if checklist is not None else None,
                     norms=norm_objs, scenario=scenario)
