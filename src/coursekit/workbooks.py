"""岗位 Excel 工具：数字全部是 Excel 公式（PMT、RATE、IRR 与四则运算），不是粘贴的数值。

每个工作簿：

- “计算器”表：黄色格子是输入，其余锁定（审阅 → 撤销工作表保护，无密码）；金额千分位、利率百分比格式；
- “公式说明”表：每个结果格子的公式和含义。

与 coursekit 的口径一致（测试用公式引擎重算，逐一对到分、对到 0.01 个百分点）：

- :func:`loan_calculator`：等额本息、等额本金、先息后本、按季付息，宽限期，逐期还款计划（与
  :func:`coursekit.loans.schedule` 相同：每期四舍五入到分，最后一期吸收舍入差），以及含费用的年化利率；
- :func:`rate_disclosure`：按中国人民银行公告〔2021〕第 3 号的 IRR 法，披露的年化利率 = 每年期数 × 每期 IRR
  （与 :func:`coursekit.loans.annualized_rate` 的 ``.annual`` 相同；``.effective`` 即复利 (1 + i)^m − 1，只作教学对照）；
- :func:`contribution_calculator`：一户客户的综合贡献度（:func:`coursekit.contribution.contribution`）。
"""
from __future__ import annotations

import os
from pathlib import Path

from .contribution import CUSTOMER_LABELS, PARAM_LABELS, PARAM_NOTES, ContributionParams
from .loans import METHODS
from collections.abc import Mapping

from .errors import (InputError, require_choice, require_fraction, require_int, require_non_negative,
                     require_number, require_path)

__all__ = ["SCHEDULE_ROWS", "RATE_ROWS", "TOOLS", "build_all", "contribution_calculator", "loan_calculator",
           "rate_disclosure"]

#: 还款计划表的行数（最长期限，月）
SCHEDULE_ROWS = 360
#: 年化利率表可填写的期数
RATE_ROWS = 120
SHEET = "计算器"
MONEY = "#,##0.00"
PCT = "0.00%"
PCT4 = "0.0000%"


def _styles():
    from openpyxl.styles import Border, Font, PatternFill, Side

    thin = Side(style="thin", color="999999")
    return {"input": PatternFill("solid", fgColor="FFF2CC"), "head": PatternFill("solid", fgColor="DDEBF7"),
            "out": PatternFill("solid", fgColor="E2EFDA"), "bold": Font(bold=True), "title": Font(bold=True, size=14),
            "box": Border(left=thin, right=thin, top=thin, bottom=thin), "note": Font(size=9, color="666666")}


def _new(title: str, subtitle: str):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    st = _styles()
    ws["A1"] = title
    ws["A1"].font = st["title"]
    ws["A2"] = subtitle
    ws["A2"].font = st["note"]
    ws.column_dimensions["A"].width = 24
    for col in "BCDEFG":
        ws.column_dimensions[col].width = 16
    return wb, ws, st


def _input(ws, st, row, label, value, fmt=None, note=""):
    from openpyxl.styles import Protection

    ws.cell(row, 1, label).font = st["bold"]
    c = ws.cell(row, 2, value)
    c.fill, c.border = st["input"], st["box"]
    c.protection = Protection(locked=False)
    if fmt:
        c.number_format = fmt
    if note:
        ws.cell(row, 3, note).font = st["note"]
    return c


def _output(ws, st, row, label, formula, fmt=MONEY, note=""):
    ws.cell(row, 1, label).font = st["bold"]
    c = ws.cell(row, 2, formula)
    c.fill, c.border, c.number_format = st["out"], st["box"], fmt
    if note:
        ws.cell(row, 3, note).font = st["note"]
    return c


def _explain(wb, rows):
    from openpyxl.styles import Alignment

    st = _styles()
    ws = wb.create_sheet("公式说明")
    ws.column_dimensions["A"].width = 20
    ws.column_dimensions["B"].width = 48
    ws.column_dimensions["C"].width = 60
    for j, h in enumerate(("结果", "公式", "含义"), start=1):
        c = ws.cell(1, j, h)
        c.font, c.fill = st["bold"], st["head"]
    for i, row in enumerate(rows, start=2):
        for j, text in enumerate(row, start=1):
            c = ws.cell(i, j, text)
            c.data_type = "s"  # 说明文字，不是公式
            c.alignment = Alignment(wrap_text=True, vertical="top")
    ws.protection.sheet = True


def _protect(ws):
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.freeze_panes = None


def _list(ws, cell, options, error):
    from openpyxl.worksheet.datavalidation import DataValidation

    dv = DataValidation(type="list", formula1='"' + ",".join(options) + '"', allow_blank=False,
                        showErrorMessage=True, errorTitle="请从下拉列表选择", error=error)
    ws.add_data_validation(dv)
    dv.add(cell)


def _number_rule(ws, cell, kind, lo, hi, error):
    from openpyxl.worksheet.datavalidation import DataValidation

    dv = DataValidation(type=kind, operator="between", formula1=str(lo), formula2=str(hi), allow_blank=False,
                        showErrorMessage=True, errorTitle="输入超出范围", error=error)
    ws.add_data_validation(dv)
    dv.add(cell)


# ---------------------------------------------------------------------------
# 贷款计算器
# ---------------------------------------------------------------------------
#: 输入格子（测试与页面引用）
LOAN_INPUTS = {"principal": "B4", "annual_rate": "B5", "months": "B6", "method": "B7", "grace_months": "B8",
               "fees": "B9"}
LOAN_OUTPUTS = {"payment": "B12", "total_interest": "B15", "total_paid": "B16", "periodic": "B17", "annual": "B18",
                "effective": "B19"}
_FIRST = 24  # 计划表第 1 期所在行（第 0 期在上一行）


def loan_calculator(path: str | os.PathLike, *, principal=300_000, annual_rate=0.0435, months=36,
                    method="等额本息", grace_months=0, fees=0, rows: int = SCHEDULE_ROWS) -> Path:
    """贷款计算器工作簿：输入本金、年利率、期限、还款方式、宽限期、一次性费用，得到逐期还款计划与年化利率。

    ``rows``：计划表的行数，也就是最长期限（月）。每行的公式相同，测试用较少的行数重算以节省时间。
    """
    path = require_path(path, "保存路径")
    SCHEDULE_ROWS = require_int(rows, "计划表行数", minimum=1, maximum=1200)  # noqa: N806 - 本函数内的最长期限
    principal = require_non_negative(principal, "贷款本金")
    annual_rate = require_fraction(annual_rate, "年利率")
    months = require_int(months, "期限（月）", minimum=1, maximum=1200)
    method = require_choice(method, "还款方式", METHODS)
    grace_months = require_int(grace_months, "宽限期（月）", minimum=0, maximum=months)
    fees = require_non_negative(fees, "一次性费用")
    wb, ws, st = _new("贷款计算器（四种还款方式、宽限期、还款计划、年化利率）",
                      "黄色格子填写；绿色格子和计划表都是公式。利息按月利率 = 年利率 ÷ 12 计算（教学口径），合同按日计息时会差几分到几元。")
    ws["A3"] = "输入"
    ws["A3"].font = st["bold"]
    _input(ws, st, 4, "贷款本金（元）", principal, MONEY)
    _input(ws, st, 5, "年利率", annual_rate, PCT, "如 4.35%")
    _input(ws, st, 6, "期限（月）", months, "0", f"1–{SCHEDULE_ROWS}")
    _input(ws, st, 7, "还款方式", method, None, "下拉选择：" + "、".join(METHODS))
    _input(ws, st, 8, "宽限期（月）", grace_months, "0", "只用于等额本息、等额本金：前几个月只付息")
    _input(ws, st, 9, "一次性费用（元）", fees, MONEY, "放款时收取的手续费、服务费等")
    _list(ws, "B7", METHODS, "只能选：" + "、".join(METHODS))
    _number_rule(ws, "B4", "decimal", 1, 1e12, "本金应在 1 元到 1 万亿元之间")
    _number_rule(ws, "B5", "decimal", 0, 1, "年利率按百分数填写，在 0% 到 100% 之间")
    _number_rule(ws, "B6", "whole", 1, SCHEDULE_ROWS, f"期限应为 1 到 {SCHEDULE_ROWS} 的整数")
    _number_rule(ws, "B8", "whole", 0, SCHEDULE_ROWS - 1, "宽限期应为小于期限的整数")
    _number_rule(ws, "B9", "decimal", 0, 1e12, "费用不能为负数")
    ws["A11"] = "结果"
    ws["A11"].font = st["bold"]
    amort = 'OR($B$7="等额本息",$B$7="等额本金")'
    _output(ws, st, 12, "首期还款（元）", f"=G{_FIRST + SCHEDULE_ROWS - 1}", note="第一笔大于 0 的还款")
    ws["D4"], ws["E4"] = "月利率", "=B5/12"
    ws["D5"], ws["E5"] = "摊还期数", f"=IF({amort},B6-B8,B6)"
    ws["D6"], ws["E6"] = "等额本息月供", '=IF(E4=0,ROUND(ROUND(B4,2)/E5,2),ROUND(PMT(E4,E5,-ROUND(B4,2)),2))'
    ws["D7"], ws["E7"] = "等额本金每月本金", "=ROUND(ROUND(B4,2)/E5,2)"
    ws["D8"], ws["E8"] = "付息间隔（月）", '=IF(B7="按季付息",3,1)'
    ws["D9"], ws["E9"] = "先息后本月利息", "=ROUND(ROUND(B4,2)*E4,2)"
    for r, fmt in ((4, PCT4), (5, "0"), (6, MONEY), (7, MONEY), (8, "0"), (9, MONEY)):
        ws.cell(r, 5).number_format = fmt
        ws.cell(r, 5).fill = st["out"]
        ws.cell(r, 4).font = st["bold"]
    last = _FIRST + SCHEDULE_ROWS - 1
    _output(ws, st, 15, "利息总额（元）", f"=SUM(D{_FIRST}:D{last})")
    _output(ws, st, 16, "还款总额（元）", f"=SUM(B{_FIRST}:B{last})+ROUND(B9,2)", note="本金 + 利息 + 费用")
    _output(ws, st, 17, "每期内部收益率", f"=IRR(F{_FIRST - 1}:F{last})", PCT4,
            "现金流：第 0 期到手 本金 − 费用，此后各期还款")
    _output(ws, st, 18, "年化利率（披露口径）", "=12*B17", PCT,
            "中国人民银行公告〔2021〕第 3 号 IRR 法：12 × 月 IRR")
    _output(ws, st, 19, "实际年利率（复利，教学对照）", "=(1+B17)^12-1", PCT, "(1 + 月 IRR)^12 − 1，不是披露口径")
    head = _FIRST - 2
    for j, h in enumerate(("期数", "月供", "本金", "利息", "剩余本金", "借款人现金流", "首期还款（辅助）"), start=1):
        c = ws.cell(head, j, h)
        c.font, c.fill = st["bold"], st["head"]
    z = _FIRST - 1
    ws.cell(z, 1, 0)
    ws.cell(z, 5, "=ROUND(B4,2)").number_format = MONEY
    ws.cell(z, 6, "=-(ROUND(B4,2)-ROUND(B9,2))").number_format = MONEY
    ws.cell(z, 7, 0)
    for i in range(SCHEDULE_ROWS):
        r = _FIRST + i
        p = r - 1
        ws.cell(r, 1, i + 1)
        on = f"A{r}<=$B$6"
        interest_am = f"ROUND(E{p}*$E$4,2)"
        months_due = f"IF(MOD(A{r},$E$8)=0,$E$8,IF(A{r}=$B$6,MOD(A{r},$E$8),0))"
        interest_io = f"$E$9*{months_due}"
        ws.cell(r, 4, f'=IF({on},IF({amort},{interest_am},{interest_io}),0)')
        principal_am = (f'IF(A{r}<=$B$8,0,IF(A{r}=$B$6,E{p},IF($B$7="等额本息",MIN(MAX($E$6-D{r},0),E{p}),'
                        f'MIN($E$7,E{p}))))')
        ws.cell(r, 3, f'=IF({on},IF({amort},{principal_am},IF(A{r}=$B$6,E{p},0)),0)')
        ws.cell(r, 2, f"=C{r}+D{r}")
        ws.cell(r, 5, f"=E{p}-C{r}")
        ws.cell(r, 6, f"=B{r}")
        ws.cell(r, 7, f"=IF(G{p}>0,G{p},B{r})")
        for j in (2, 3, 4, 5, 6):
            ws.cell(r, j).number_format = MONEY
    _protect(ws)
    ws.freeze_panes = f"A{_FIRST}"
    _explain(wb, [
        ("月利率 E4", "=B5/12", "年利率 ÷ 12（教学口径）"),
        ("等额本息月供 E6", "=ROUND(PMT(月利率, 摊还期数, −本金), 2)", "PMT 年金公式，四舍五入到分；宽限期后在剩余期数内摊还"),
        ("等额本金每月本金 E7", "=ROUND(本金 ÷ 摊还期数, 2)", "每月归还相同本金"),
        ("利息（计划表 D 列）", "=ROUND(上期剩余本金 × 月利率, 2)", "等额本息、等额本金按上期剩余本金计息；先息后本、按季付息每月利息固定，付息月一并支付"),
        ("本金（C 列）", "宽限期内为 0；最后一期 = 上期剩余本金", "最后一期吸收舍入差，本金合计恰好等于贷款本金"),
        ("年化利率 B18", "=12 × IRR(现金流)", "中国人民银行公告〔2021〕第 3 号：以实际占用本金为基数、含费用，IRR 法；按月还款时年化 = 12 × 月利率"),
        ("实际年利率 B19", "=(1 + 月 IRR)^12 − 1", "复利口径，只作教学对照，不是披露的年化利率"),
    ])
    path = Path(path)
    wb.save(path)
    return path


# ---------------------------------------------------------------------------
# 年化利率披露
# ---------------------------------------------------------------------------
RATE_INPUTS = {"principal": "B4", "fees": "B5", "periods_per_year": "B6"}
RATE_OUTPUTS = {"periodic": "B9", "annual": "B10", "effective": "B11", "total_cost": "B12"}
_RATE_FIRST = 16


def rate_disclosure(path: str | os.PathLike, *, principal=100_000, fees=2_000, payments=None,
                    periods_per_year=12, rows: int = RATE_ROWS) -> Path:
    """年化利率披露工作簿：填合同本金、一次性费用和各期还款额，按 IRR 法得到披露的年化利率。"""
    path = require_path(path, "保存路径")
    RATE_ROWS = require_int(rows, "可填期数", minimum=1, maximum=1200)  # noqa: N806 - 本函数内可填写的期数
    if payments is None:
        payments = [8_884.88] * 11 + [8_884.87]
    principal = require_non_negative(principal, "合同本金")
    fees = require_non_negative(fees, "一次性费用")
    periods_per_year = require_int(periods_per_year, "每年期数", minimum=1, maximum=366)
    if isinstance(payments, (str, bytes)) or not hasattr(payments, "__iter__"):
        raise InputError("各期还款额", "应为数字的列表", type(payments).__name__)
    payments = [require_non_negative(v, f"第 {i} 期还款额") for i, v in enumerate(payments, start=1)]
    if len(payments) > RATE_ROWS:
        raise InputError("各期还款额", f"期数不能超过 {RATE_ROWS}", len(payments))
    wb, ws, st = _new("年化利率披露（IRR 法）",
                      "依据中国人民银行公告〔2021〕第 3 号：以借款人实际占用的本金为基数，利息和直接相关的费用都算成本。")
    ws["A3"] = "输入"
    ws["A3"].font = st["bold"]
    _input(ws, st, 4, "合同本金（元）", principal, MONEY)
    _input(ws, st, 5, "放款时一次性费用（元）", fees, MONEY, "手续费、服务费、咨询费等")
    _input(ws, st, 6, "每年期数", periods_per_year, "0", "按月还款填 12，按季填 4")
    _number_rule(ws, "B6", "whole", 1, 366, "每年期数应为 1 到 366 的整数")
    ws["A8"] = "结果"
    ws["A8"].font = st["bold"]
    last = _RATE_FIRST + RATE_ROWS - 1
    _output(ws, st, 9, "每期内部收益率", f"=IRR(C{_RATE_FIRST - 1}:C{last})", PCT4)
    _output(ws, st, 10, "年化利率（披露口径）", "=B6*B9", PCT, "每年期数 × 每期 IRR")
    _output(ws, st, 11, "实际年利率（复利，教学对照）", "=(1+B9)^B6-1", PCT, "不是披露口径")
    _output(ws, st, 12, "资金成本合计（元）", f"=SUM(B{_RATE_FIRST}:B{last})+B5-B4", note="各期还款 + 费用 − 本金")
    for j, h in enumerate(("期数", "还款额（元，填写）", "借款人现金流"), start=1):
        c = ws.cell(_RATE_FIRST - 2, j, h)
        c.font, c.fill = st["bold"], st["head"]
    ws.cell(_RATE_FIRST - 1, 1, 0)
    ws.cell(_RATE_FIRST - 1, 3, "=-(B4-B5)").number_format = MONEY
    from openpyxl.styles import Protection

    for i in range(RATE_ROWS):
        r = _RATE_FIRST + i
        ws.cell(r, 1, i + 1)
        c = ws.cell(r, 2, payments[i] if i < len(payments) else None)
        c.fill, c.protection, c.number_format = st["input"], Protection(locked=False), MONEY
        ws.cell(r, 3, f"=N(B{r})").number_format = MONEY
    _protect(ws)
    _explain(wb, [
        ("每期内部收益率 B9", "=IRR(现金流)", "求每期利率 i，使各期还款按 i 折现之和 = 本金 − 费用；空白期数按 0 计"),
        ("年化利率 B10", "=每年期数 × B9", "中国人民银行公告〔2021〕第 3 号的 IRR 法；按月还款即 12 × 月 IRR"),
        ("实际年利率 B11", "=(1 + B9)^每年期数 − 1", "复利口径，只作教学对照"),
        ("等额还款的核对", "=每年期数 × RATE(期数, −每期还款, 本金 − 费用)", "各期还款相同时，RATE 与 IRR 结果一致"),
    ])
    path = Path(path)
    wb.save(path)
    return path


# ---------------------------------------------------------------------------
# 综合贡献度
# ---------------------------------------------------------------------------
#: 客户输入（字段 → 格子），按“综合贡献度”模型的字段
CONTRIB_CUSTOMER = ("count", "accounts", "demand_deposit_avg", "time_deposit_avg", "demand_rate", "time_rate",
                    "loan_avg", "loan_rate", "loan_count", "pd", "payroll_employees", "acquiring_turnover",
                    "settlement_turnover", "wealth_avg", "insurance_premium", "credit_cards")
_PARAM_NAMES = tuple(ContributionParams.__dataclass_fields__)
_C_FIRST = 5
_PCT_FIELDS = {"demand_rate", "time_rate", "loan_rate", "pd", "ftp_demand", "ftp_time", "ftp_loan",
               "acquiring_net_rate", "wealth_commission_rate", "insurance_commission_rate", "lgd",
               "economic_capital_ratio", "hurdle_rate"}


def _cells():
    cust = {name: f"B{_C_FIRST + i}" for i, name in enumerate(CONTRIB_CUSTOMER)}
    months = f"B{_C_FIRST + len(CONTRIB_CUSTOMER)}"
    params = {name: f"E{_C_FIRST + i}" for i, name in enumerate(_PARAM_NAMES)}
    return cust, months, params


CONTRIB_ITEM_ROW = 28  # 第一个项目所在行


def contribution_calculator(path: str | os.PathLike, customer: dict | None = None, params: dict | None = None,
                            period_months: int = 12) -> Path:
    """综合贡献度计算器：一户客户的业务量（B 列）与模型参数（E 列，示意），得到各项收入成本与 RAROC。"""
    from openpyxl.styles import Protection

    path = require_path(path, "保存路径")
    if customer is not None and not isinstance(customer, Mapping):
        raise InputError("客户业务量", "应为“项目 → 金额”的字典", type(customer).__name__)
    if params is not None and not isinstance(params, Mapping):
        raise InputError("模型参数", "应为“参数 → 数值”的字典", type(params).__name__)
    period_months = require_int(period_months, "期间（月）", minimum=1, maximum=120)
    customer = dict(customer or {"demand_deposit_avg": 200_000, "loan_avg": 500_000, "loan_rate": 0.05,
                                 "loan_count": 1, "settlement_turnover": 3_000_000, "acquiring_turnover": 1_000_000})
    customer = {k: require_number(v, str(CUSTOMER_LABELS.get(k, k))) for k, v in customer.items()}
    unknown = [str(k) for k in (params or {}) if k not in ContributionParams.__dataclass_fields__]
    if unknown:
        raise InputError("模型参数", "含有不认识的参数：" + "、".join(unknown))
    p = ContributionParams(**(params or {}))
    wb, ws, st = _new("综合贡献度计算器（教学模型，参数为示意）",
                      "B 列填客户一年的业务量（日均、年交易额）；E 列是模型参数，默认值是示意数字，请换成本行的 FTP 与成本。")
    ws.column_dimensions["D"].width = 22
    ws["A4"], ws["D4"] = "客户业务量", "模型参数（示意）"
    ws["A4"].font = ws["D4"].font = st["bold"]
    cust, months_cell, pcell = _cells()
    defaults = {"count": 1, "accounts": 1}
    for name, cell in cust.items():
        value = customer.get(name, defaults.get(name, 0))
        if name in ("demand_rate", "time_rate", "pd") and name not in customer:
            value = None
        row = int(cell[1:])
        note = "留空则用参数表的值" if name in ("demand_rate", "time_rate", "pd") else ""
        _input(ws, st, row, CUSTOMER_LABELS[name], value, PCT if name in _PCT_FIELDS else "#,##0.##", note)
    _input(ws, st, int(months_cell[1:]), "期间月数", period_months, "0", "12 为一年")
    for name, cell in pcell.items():
        row = int(cell[1:])
        ws.cell(row, 4, PARAM_LABELS[name]).font = st["bold"]
        c = ws.cell(row, 5, getattr(p, name))
        c.fill, c.border, c.protection = st["input"], st["box"], Protection(locked=False)
        c.number_format = PCT if name in _PCT_FIELDS else "#,##0.##"
        ws.cell(row, 6, PARAM_NOTES[name]).font = st["note"]
    c, m, q = cust, months_cell, pcell
    d_rate = f'IF(ISNUMBER({c["demand_rate"]}),{c["demand_rate"]},{q["demand_rate"]})'
    t_rate = f'IF(ISNUMBER({c["time_rate"]}),{c["time_rate"]},{q["time_rate"]})'
    pd_ = f'IF(ISNUMBER({c["pd"]}),{c["pd"]},{q["pd"]})'
    n = c["count"]
    items = [
        ("活期存款利差", f'{n}*{c["demand_deposit_avg"]}*({q["ftp_demand"]}-{d_rate})'),
        ("定期存款利差", f'{n}*{c["time_deposit_avg"]}*({q["ftp_time"]}-{t_rate})'),
        ("结算沉淀存款利差", f'{n}*{c["settlement_turnover"]}*{q["settlement_float_days"]}/365*({q["ftp_demand"]}-{d_rate})'),
        ("贷款利差", f'{n}*{c["loan_avg"]}*({c["loan_rate"]}-{q["ftp_loan"]})'),
        ("代发工资收费", f'{n}*{c["payroll_employees"]}*{q["payroll_fee_per_employee"]}'),
        ("收单手续费", f'{n}*{c["acquiring_turnover"]}*{q["acquiring_net_rate"]}'),
        ("理财代销收入", f'{n}*{c["wealth_avg"]}*{q["wealth_commission_rate"]}'),
        ("保险代理收入", f'{n}*{c["insurance_premium"]}*{q["insurance_commission_rate"]}'),
        ("信用卡收入", f'{n}*{c["credit_cards"]}*{q["credit_card_income"]}'),
        ("运营成本", f'-{n}*({c["accounts"]}*{q["cost_per_account"]}+{c["loan_count"]}*{q["cost_per_loan"]}'
                  f'+{c["payroll_employees"]}*{q["cost_per_payroll_employee"]})'),
        ("预期损失", f'-{pd_}*{q["lgd"]}*{n}*{c["loan_avg"]}'),
    ]
    r0 = CONTRIB_ITEM_ROW
    for j, h in enumerate(("项目", "金额（元）"), start=1):
        cell = ws.cell(r0 - 1, j, h)
        cell.font, cell.fill = st["bold"], st["head"]
    for i, (label, expr) in enumerate(items):
        _output(ws, st, r0 + i, label, f"=ROUND(({expr})*{m}/12,2)")
    end = r0 + len(items) - 1
    tot = end + 1
    _output(ws, st, tot, "综合贡献度", f"=ROUND(SUM(B{r0}:B{end}),2)")
    _output(ws, st, tot + 1, "经济资本", f'={n}*{c["loan_avg"]}*{q["economic_capital_ratio"]}')
    _output(ws, st, tot + 2, "RAROC", f'=IF(B{tot + 1}>0,B{tot}/B{tot + 1},"无贷款")', PCT)
    _output(ws, st, tot + 3, "经济增加值", f'=ROUND(B{tot}-B{tot + 1}*{q["hurdle_rate"]}*{m}/12,2)')
    _protect(ws)
    _explain(wb, [(label, expr.replace("$", ""), "各项按 期间月数 ÷ 12 折算，四舍五入到分") for label, expr in items] + [
        ("综合贡献度", "=各项之和", "收入为正，成本和预期损失为负"),
        ("RAROC", "=综合贡献度 ÷ 经济资本", "经济资本 = 户数 × 贷款日均 × 经济资本系数；没有贷款时无定义"),
        ("经济增加值", "=综合贡献度 − 经济资本 × 资本回报门槛 × 月数 ÷ 12", ""),
    ])
    path = Path(path)
    wb.save(path)
    return path


CONTRIB_OUTPUTS = {"total": f"B{CONTRIB_ITEM_ROW + 11}", "raroc": f"B{CONTRIB_ITEM_ROW + 13}",
                   "eva": f"B{CONTRIB_ITEM_ROW + 14}"}

#: 工具 → (文件名, 生成函数, 标题)
TOOLS = {
    "loan-calculator": ("loan-calculator.xlsx", loan_calculator, "贷款计算器"),
    "rate-disclosure": ("rate-disclosure.xlsx", rate_disclosure, "年化利率披露"),
    "contribution-calculator": ("contribution-calculator.xlsx", contribution_calculator, "综合贡献度计算器"),
}


def build_all(outdir: str | os.PathLike) -> dict[str, Path]:
    """把全部 Excel 工具写进 ``outdir``，返回 工具名 → 路径。"""
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    return {key: fn(outdir / name) for key, (name, fn, _title) in TOOLS.items()}
