"""岗位 Excel 工具：数字全部是 Excel 公式（PMT、RATE、IRR 与四则运算），不是粘贴的数值。

每个工作簿：

- “计算器”表：黄色格子是输入，其余锁定（审阅 → 撤销工作表保护，无密码）；金额千分位、利率百分比格式；
- “公式说明”表：每个结果格子的公式和含义。

与 coursekit 的口径一致（测试用公式引擎重算，逐一对到分、对到 0.01 个百分点）：

- :func:`loan_calculator`：等额本息、等额本金、先息后本、按季付息，宽限期，逐期还款计划（与
  :func:`coursekit.loans.schedule` 相同：每期四舍五入到分，最后一期吸收舍入差），以及含费用的年化利率；
- :func:`rate_disclosure`：按中国人民银行公告〔2021〕第 3 号的 IRR 法，披露的年化利率 = 每年期数 × 每期 IRR
  （与 :func:`coursekit.loans.annualized_rate` 的 ``.annual`` 相同；``.effective`` 即复利 (1 + i)^m − 1，只作教学对照）；
- :func:`contribution_calculator`：一户客户的综合贡献度（:func:`coursekit.contribution.contribution`）；
- :func:`restoration_worksheet`：还原底稿——损益、资产负债、销售额各角度与权益等交叉检验、还款能力
  （:class:`coursekit.restoration.Worksheet` 同一口径）。
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
           "rate_disclosure", "resource_request_workbook", "restoration_worksheet"]

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


def _contrib_items(c: Mapping[str, str], q: Mapping[str, str]) -> list[tuple[str, str]]:
    """综合贡献度各项的 Excel 表达式（全年口径，未乘期间）：``c`` 客户字段 → 单元格，``q`` 参数 → 单元格。"""
    d_rate = f'IF(ISNUMBER({c["demand_rate"]}),{c["demand_rate"]},{q["demand_rate"]})'
    t_rate = f'IF(ISNUMBER({c["time_rate"]}),{c["time_rate"]},{q["time_rate"]})'
    pd_ = f'IF(ISNUMBER({c["pd"]}),{c["pd"]},{q["pd"]})'
    n = c["count"]
    return [
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


CONTRIB_ITEM_ROW = 28  # 第一个项目所在行


def _contrib_args(customer, params, default_customer: dict) -> tuple[dict, ContributionParams]:
    """综合贡献度工作簿的客户业务量与模型参数：检查类型与参数名，返回（客户字典, 参数）。"""
    if customer is not None and not isinstance(customer, Mapping):
        raise InputError("客户业务量", "应为“项目 → 金额”的字典", type(customer).__name__)
    if params is not None and not isinstance(params, Mapping):
        raise InputError("模型参数", "应为“参数 → 数值”的字典", type(params).__name__)
    unknown = [str(k) for k in (params or {}) if k not in ContributionParams.__dataclass_fields__]
    if unknown:
        raise InputError("模型参数", "含有不认识的参数：" + "、".join(unknown))
    customer = dict(customer or default_customer)
    customer = {k: require_number(v, str(CUSTOMER_LABELS.get(k, k))) for k, v in customer.items()}
    return customer, ContributionParams(**(params or {}))


def _write_contrib_inputs(ws, st, customer: dict, p: ContributionParams, cust: Mapping[str, str],
                          pcell: Mapping[str, str], *, notes: bool) -> None:
    """B 列写客户业务量（利率、违约率不填时留空），E 列写模型参数；``notes`` 时在旁边写说明。"""
    from openpyxl.styles import Protection

    defaults = {"count": 1, "accounts": 1}
    for name, cell in cust.items():
        value = customer.get(name, defaults.get(name, 0))
        if name in ("demand_rate", "time_rate", "pd") and name not in customer:
            value = None
        note = "留空则用参数表的值" if notes and name in ("demand_rate", "time_rate", "pd") else ""
        _input(ws, st, int(cell[1:]), CUSTOMER_LABELS[name], value, PCT if name in _PCT_FIELDS else "#,##0.##", note)
    for name, cell in pcell.items():
        row = int(cell[1:])
        ws.cell(row, 4, PARAM_LABELS[name]).font = st["bold"]
        c = ws.cell(row, 5, getattr(p, name))
        c.fill, c.border, c.protection = st["input"], st["box"], Protection(locked=False)
        c.number_format = PCT if name in _PCT_FIELDS else "#,##0.##"
        if notes:
            ws.cell(row, 6, PARAM_NOTES[name]).font = st["note"]


def contribution_calculator(path: str | os.PathLike, customer: dict | None = None, params: dict | None = None,
                            period_months: int = 12) -> Path:
    """综合贡献度计算器：一户客户的业务量（B 列）与模型参数（E 列，示意），得到各项收入成本与 RAROC。"""
    path = require_path(path, "保存路径")
    customer, p = _contrib_args(customer, params, {"demand_deposit_avg": 200_000, "loan_avg": 500_000,
                                                   "loan_rate": 0.05, "loan_count": 1,
                                                   "settlement_turnover": 3_000_000, "acquiring_turnover": 1_000_000})
    period_months = require_int(period_months, "期间（月）", minimum=1, maximum=120)
    wb, ws, st = _new("综合贡献度计算器（教学模型，参数为示意）",
                      "B 列填客户一年的业务量（日均、年交易额）；E 列是模型参数，默认值是示意数字，请换成本行的 FTP 与成本。")
    ws.column_dimensions["D"].width = 22
    ws["A4"], ws["D4"] = "客户业务量", "模型参数（示意）"
    ws["A4"].font = ws["D4"].font = st["bold"]
    cust, months_cell, pcell = _cells()
    _write_contrib_inputs(ws, st, customer, p, cust, pcell, notes=True)
    _input(ws, st, int(months_cell[1:]), "期间月数", period_months, "0", "12 为一年")
    items = _contrib_items(cust, pcell)
    c, m, q, n = cust, months_cell, pcell, cust["count"]
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



# ---------------------------------------------------------------------------
# 内部资源申请测算
# ---------------------------------------------------------------------------
#: 申请内容的输入格子（B 列，紧接在客户业务量之后）
REQUEST_FIELDS = (("kind", "申请类型"), ("rate_discount_bp", "利率优惠（基点）"), ("extra_loan", "新增贷款日均"),
                  ("extra_deposit", "新增活期存款日均"), ("extra_settlement", "新增结算流水"), ("direct_cost", "直接费用"))
REQUEST_ITEM_ROW = 32


def _request_cells():
    cust, _months, params = _cells()
    after = {name: "C" + cell[1:] for name, cell in cust.items()}
    req = {name: f"B{_C_FIRST + len(CONTRIB_CUSTOMER) + 1 + i}" for i, (name, _label) in enumerate(REQUEST_FIELDS)}
    return cust, after, params, req


def resource_request_workbook(path: str | os.PathLike, customer: dict | None = None, params: dict | None = None, *,
                              kind: str = "利率优惠", rate_discount_bp: float = 50, extra_loan: float = 0,
                              extra_deposit: float = 300_000, extra_settlement: float = 0,
                              direct_cost: float = 0) -> Path:
    """内部资源申请测算（:func:`coursekit.team.resource_request` 的 Excel 版）：B 列客户现状，C 列申请后（公式），
    比较一年的综合贡献度，给出让出的利息、净变化、RAROC 与预期损失的前后，以及打平代价所需的活期存款增量。"""
    from .team import REQUEST_KINDS

    path = require_path(path, "保存路径")
    customer, p = _contrib_args(customer, params, {"demand_deposit_avg": 200_000, "loan_avg": 1_000_000,
                                                   "loan_rate": 0.05, "loan_count": 1, "settlement_turnover": 3_000_000})
    kind = require_choice(kind, "申请类型", REQUEST_KINDS)
    bp = require_non_negative(rate_discount_bp, "利率优惠（基点）")
    if bp > 500:
        raise InputError("利率优惠（基点）", "应不超过 500 个基点", rate_discount_bp)
    request = {"kind": kind, "rate_discount_bp": bp}
    for name, label in REQUEST_FIELDS[2:]:
        v = require_non_negative(locals()[name], label)
        if v > 1e11:
            raise InputError(label, "过大，请检查单位是否为元", v)
        request[name] = v
    wb, ws, st = _new("内部资源申请测算（综合贡献度，一年口径；参数为示意）",
                      "B 列填客户现状，B 列下方填申请内容；C 列“申请后”和下面的结果都是公式。E 列参数请换成本行的 FTP 与成本。")
    ws.column_dimensions["C"].width = 16
    ws.column_dimensions["D"].width = 22
    ws["A4"], ws["B4"], ws["C4"], ws["D4"] = "客户业务量", "现状", "申请后", "模型参数（示意）"
    for ref in ("A4", "B4", "C4", "D4"):
        ws[ref].font = st["bold"]
    cust, after, pcell, req = _request_cells()
    _write_contrib_inputs(ws, st, customer, p, cust, pcell, notes=False)
    for name, label in REQUEST_FIELDS:
        _input(ws, st, int(req[name][1:]), label, request[name], None if name == "kind" else
               ("0" if name == "rate_discount_bp" else MONEY))
    _list(ws, req["kind"], REQUEST_KINDS, "只能选：" + "、".join(REQUEST_KINDS))
    b, a, q = cust, after, pcell
    formulas = {name: f"={b[name]}" for name in CONTRIB_CUSTOMER}
    formulas["loan_avg"] = f'=N({b["loan_avg"]})+{req["extra_loan"]}'
    formulas["loan_rate"] = (f'=IF({a["loan_avg"]}>0,MAX(IF(ISNUMBER({b["loan_rate"]}),{b["loan_rate"]},'
                             f'{q["ftp_loan"]})-{req["rate_discount_bp"]}/10000,0),N({b["loan_rate"]}))')
    formulas["loan_count"] = f'=IF({a["loan_avg"]}>0,MAX(N({b["loan_count"]}),1),N({b["loan_count"]}))'
    formulas["demand_deposit_avg"] = f'=N({b["demand_deposit_avg"]})+{req["extra_deposit"]}'
    formulas["settlement_turnover"] = f'=N({b["settlement_turnover"]})+{req["extra_settlement"]}'
    for name in ("demand_rate", "time_rate", "pd"):   # 留空的沿用参数表：申请后也留空
        formulas[name] = f'=IF(ISNUMBER({b[name]}),{b[name]},"")'
    for name, cell in after.items():
        c = ws[cell]
        c.value, c.fill, c.border = formulas[name], st["out"], st["box"]
        c.number_format = PCT if name in _PCT_FIELDS else "#,##0.##"
    r0 = REQUEST_ITEM_ROW
    for j, h in enumerate(("项目", "现状（元）", "申请后（元）"), start=1):
        cell = ws.cell(r0 - 1, j, h)
        cell.font, cell.fill = st["bold"], st["head"]
    items_b, items_a = _contrib_items(b, q), _contrib_items(a, q)
    for i, ((label, eb), (_l, ea)) in enumerate(zip(items_b, items_a)):
        _output(ws, st, r0 + i, label, f"=ROUND({eb},2)")
        ws.cell(r0 + i, 3, f"=ROUND({ea},2)").number_format = MONEY
    end = r0 + len(items_b) - 1
    rows = {}
    r = end + 1
    for key, label, fb, fa, fmt in (
            ("total", "综合贡献度", f"=ROUND(SUM(B{r0}:B{end}),2)", f"=ROUND(SUM(C{r0}:C{end}),2)", MONEY),
            ("direct", "直接费用", "=0", f"=-{req['direct_cost']}", MONEY),
            ("net", "综合贡献度（扣直接费用）", f"=B{end + 1}+B{end + 2}", f"=C{end + 1}+C{end + 2}", MONEY),
            ("capital", "经济资本", f'={b["count"]}*N({b["loan_avg"]})*{q["economic_capital_ratio"]}',
             f'={a["count"]}*{a["loan_avg"]}*{q["economic_capital_ratio"]}', MONEY),
            ("raroc", "RAROC", f"=IF(B{end + 4}>0,B{end + 3}/B{end + 4},0)", f"=IF(C{end + 4}>0,C{end + 3}/C{end + 4},0)",
             PCT),
            ("el", "预期损失", f"=-B{end}", f"=-C{end}", MONEY)):
        rows[key] = r
        _output(ws, st, r, label, fb, fmt)
        c = ws.cell(r, 3, fa)
        c.fill, c.border, c.number_format = st["out"], st["box"], fmt
        r += 1
    ws.cell(r + 1, 1, "申请要点").font = st["bold"]
    d_rate = f'IF(ISNUMBER({b["demand_rate"]}),{b["demand_rate"]},{q["demand_rate"]})'
    spread = f'({q["ftp_demand"]}-{d_rate})'
    discount = f'{a["loan_avg"]}*{b["count"]}*{req["rate_discount_bp"]}/10000'
    key_rows = (("net_change", "净变化（元）", f"=C{rows['net']}-B{rows['net']}", "申请后（扣直接费用）减现状"),
                ("discount_cost", "利率优惠让出的利息（元）", f"={discount}", "申请后贷款日均 × 户数 × 优惠基点"),
                ("break_even_deposit", "打平代价所需的活期存款增量（元）",
                 f"=IF({spread}>0,({discount}+{req['direct_cost']})/{spread},0)", "（让出的利息 + 直接费用）÷ 活期存款利差"))
    for i, (key, label, formula, note) in enumerate(key_rows):
        rows[key] = r + 2 + i
        _output(ws, st, r + 2 + i, label, formula, MONEY, note)
    _protect(ws)
    _explain(wb, [
        ("申请后 C 列", "贷款日均 + 新增贷款；利率 − 优惠基点 ÷ 10000；活期存款与结算流水加上新增", "其余项目与现状相同"),
        ("各项收入与成本", "与《综合贡献度计算器》相同的公式，一年口径，四舍五入到分", ""),
        ("净变化", "=申请后（扣直接费用）− 现状", "为负时，申请单要写明其他理由（客户关系、同业竞争等）"),
        ("打平所需存款", "=（让出的利息 + 直接费用）÷（活期 FTP − 活期存款利率）", "利差不为正时记 0"),
    ])
    path = Path(path)
    wb.save(path)
    return path


_RQ_END = REQUEST_ITEM_ROW + 10          # 11 个项目的最后一行
#: 申请测算工作簿的结果格子（与 :func:`coursekit.team.resource_request` 的“要点”对应）
REQUEST_OUTPUTS = {"net_before": f"B{_RQ_END + 3}", "net_after": f"C{_RQ_END + 3}",
                   "raroc_before": f"B{_RQ_END + 5}", "raroc_after": f"C{_RQ_END + 5}",
                   "el_before": f"B{_RQ_END + 6}", "el_after": f"C{_RQ_END + 6}",
                   "net_change": f"B{_RQ_END + 9}", "discount_cost": f"B{_RQ_END + 10}",
                   "break_even_deposit": f"B{_RQ_END + 11}"}


# ---------------------------------------------------------------------------
# 还原底稿计算器
# ---------------------------------------------------------------------------
#: 产品行数（最多几种产品）
PRODUCT_ROWS = 6
#: 检验行的编号与 coursekit.restoration 的检验编号一致
RESTORATION_CHECKS = ("sales_bank", "sales_purchases", "sales_utility", "sales_physical", "sales_tax",
                      "sales_observed", "equity", "asset_purchases", "interest_debt", "fixed_transfers",
                      "credit_report", "guarantees")
_SALES_IDS = RESTORATION_CHECKS[:6]


def _restoration_layout():
    """输入格子的位置：(小类属性, 字段属性) → 单元格；与写入、测试共用同一份布局。"""
    from .restoration.model import (BusinessAssets, BusinessLiabilities, EquityHistory, Evidence, Household,
                                    HouseholdAssets, HouseholdLiabilities, MonthlyCosts, OffBalance,
                                    section_fields)

    sections = (("costs", MonthlyCosts, "月成本（元/月）"), ("household", Household, "家庭收支（元/月）"),
                ("business_assets", BusinessAssets, "经营资产（元）"),
                ("business_liabilities", BusinessLiabilities, "经营负债（元）"),
                ("household_assets", HouseholdAssets, "家庭资产（元）"),
                ("household_liabilities", HouseholdLiabilities, "家庭负债（元）"),
                ("off_balance", OffBalance, "表外事项（元）"),
                ("evidence", Evidence, "交叉检验资料（不填即不做该角度）"),
                ("equity_history", EquityHistory, "权益历史（填了初始权益才做权益检验）"))
    cells: dict[tuple[str, str], str] = {}
    rows: list[tuple] = []          # (行, 种类, 文字, 附加)
    r = 8
    rows.append((r, "head", "产品（最多 %d 种）" % PRODUCT_ROWS, None))
    r += 1
    for i in range(PRODUCT_ROWS):
        cells[("product", str(i))] = f"A{r}"
        rows.append((r, "product", i, None))
        r += 1
    for attr, cls, title in sections:
        r += 1
        rows.append((r, "head", title, None))
        r += 1
        for name, zh, kind, optional in section_fields(cls):
            cells[(attr, name)] = f"B{r}"
            rows.append((r, "field", zh, (attr, name, kind, optional)))
            r += 1
    r += 1
    rows.append((r, "head", "季节系数（各月相对销售水平，平均后归一）", None))
    r += 1
    for m in range(12):
        cells[("season", str(m))] = f"B{r}"
        rows.append((r, "season", m, None))
        r += 1
    r += 1
    rows.append((r, "head", "参数（本行内部口径，默认值为常见做法，不是监管规定）", None))
    r += 1
    for name, zh, fmt in (("warn", "关注线（相对偏差）", PCT), ("fail", "不通过线（相对偏差）", PCT),
                          ("reference_rate", "利息倒推借款的参考年利率", PCT),
                          ("guarantee_fail", "对外担保 ÷ 合并权益的不通过线", PCT),
                          ("annual_rate", "新贷款年利率", PCT), ("months", "新贷款期限（月）", "0"),
                          ("max_share", "月供上限占月可支配收入的比例", PCT),
                          ("amount", "申请金额（元，可不填）", MONEY)):
        cells[("param", name)] = f"B{r}"
        rows.append((r, "param", zh, (name, fmt)))
        r += 1
    return cells, rows


RESTORATION_INPUTS, _RESTORATION_ROWS = _restoration_layout()
#: 结果格子（F 列数值，G 列偏差，H 列结论）
RESTORATION_OUTPUTS = {
    "annual_sales": "F5", "weighted_margin": "F6", "gross_profit": "F7", "operating_costs": "F8", "interest": "F9",
    "net_profit": "F10", "disposable_monthly": "F11", "lowest_month_disposable": "F12",
    "business_assets": "F15", "business_liabilities": "F16", "business_equity": "F17", "household_assets": "F18",
    "household_liabilities": "F19", "equity": "F20", "contingent": "F21",
}
_CHECK_FIRST = 25
RESTORATION_CHECK_ROWS = {cid: _CHECK_FIRST + i for i, cid in enumerate(RESTORATION_CHECKS)}
_CAP = _CHECK_FIRST + len(RESTORATION_CHECKS) + 2
RESTORATION_OUTPUTS.update({"installment_cap": f"F{_CAP + 1}", "max_loan": f"F{_CAP + 2}",
                            "payment": f"F{_CAP + 3}", "safety_margin": f"F{_CAP + 4}", "dscr": f"F{_CAP + 5}",
                            "failed_sales_angles": f"F{_CAP + 6}", "capacity_verdict": f"F{_CAP + 7}"})
_MONTH_FIRST = _CAP + 11


def restoration_worksheet(path: str | os.PathLike, borrower=None, *, tolerances=None, annual_rate=0.06,
                          months=12, max_share=0.6, amount=None) -> Path:
    """还原底稿计算器：左边黄色格子填调查数据，右边是损益、资产负债、交叉检验与还款能力，全部是 Excel 公式。

    与 :class:`coursekit.restoration.Worksheet` 同一口径：销售额的六个单据角度、权益检验、资产购置、利息倒推、
    流水固定转出、征信核对、对外担保，以及按申报销售额、等额本息测算的还款能力（两个及以上销售额角度“不通过”时
    结论最多为“关注”）。行业参考值（毛利率、周转天数）是示意数字，不放进工作簿。
    ``borrower`` 可以是 Borrower 或 restore() 用的中文键字典；不给时用一户示意数据。
    """
    from openpyxl.styles import Protection

    from .restoration.framework import CHECKS, Tolerances
    from .restoration.model import Borrower

    path = require_path(path, "保存路径")
    if borrower is None:
        borrower = {"名称": "示意：某建材门市", "行业": "建材零售",
                    "产品": [{"名称": "瓷砖", "销售额": 1_800_000, "毛利率": 0.18},
                           {"名称": "卫浴", "销售额": 600_000, "毛利率": 0.25}],
                    "月成本": {"房租": 6_000, "工资": 12_000, "水电": 1_200, "运输": 3_000, "税费": 2_000,
                             "利息": 1_500},
                    "家庭收支": {"家庭月支出": 6_000},
                    "经营资产": {"存款": 150_000, "存货": 520_000, "应收账款": 260_000, "固定资产": 180_000},
                    "经营负债": {"应付账款": 210_000, "银行借款": 300_000},
                    "交叉检验资料": {"银行流水年入账": 2_050_000, "现金收款比例": 0.1, "年进货额": 1_930_000},
                    "权益历史": {"初始权益": 520_000, "期间月数": 12, "期间提取": 72_000}}
        if amount is None:
            amount = 50_000
    b = borrower if isinstance(borrower, Borrower) else Borrower.from_dict(borrower)
    if tolerances is not None and not isinstance(tolerances, (Tolerances, Mapping)):
        raise InputError("容忍度", "应为 Tolerances 或“参数 → 数值”的字典", type(tolerances).__name__)
    unknown = [str(k) for k in (tolerances or {}) if isinstance(tolerances, Mapping)
               and k not in Tolerances.__dataclass_fields__]
    if unknown:
        raise InputError("容忍度", "含有不认识的参数：" + "、".join(unknown))
    tol = tolerances if isinstance(tolerances, Tolerances) else Tolerances(**dict(tolerances or {}))
    annual_rate = require_fraction(annual_rate, "年利率")
    months = require_int(months, "期限（月）", minimum=1, maximum=360)
    max_share = require_fraction(max_share, "月供上限比例")
    if amount is not None:
        amount = require_non_negative(amount, "申请金额")
    if len(b.products) > PRODUCT_ROWS:
        raise InputError("产品", f"工作簿最多放 {PRODUCT_ROWS} 种产品，请合并同类产品", len(b.products))

    wb, ws, st = _new("还原底稿计算器（损益、资产负债、交叉检验、还款能力）",
                      "左边黄色格子填调查数据（元；比例按百分数）；右边绿色格子都是公式。不填的资料对应的检验显示“未提供”。")
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["C"].width = 12
    ws.column_dimensions["D"].width = 3
    ws.column_dimensions["E"].width = 30
    ws.column_dimensions["F"].width = 18
    ws.column_dimensions["G"].width = 12
    ws.column_dimensions["H"].width = 60
    ws["A4"], ws["A5"], ws["A6"] = "借款人", "名称", "行业"
    ws["A4"].font = st["bold"]
    for ref, value in (("B5", b.name), ("B6", b.industry or "")):
        c = ws[ref]
        c.value, c.fill, c.border, c.protection = value, st["input"], st["box"], Protection(locked=False)
    C = RESTORATION_INPUTS  # noqa: N806 - 与公式里的单元格对照着读

    def put(ref, value, fmt):
        c = ws[ref]
        c.value, c.fill, c.border, c.protection = value, st["input"], st["box"], Protection(locked=False)
        if fmt:
            c.number_format = fmt

    prods = list(b.products)
    params = {"warn": tol.warn, "fail": tol.fail, "reference_rate": tol.reference_rate,
              "guarantee_fail": tol.guarantee_fail, "annual_rate": annual_rate, "months": months,
              "max_share": max_share, "amount": amount}
    pct_kinds = ("open_fraction", "positive_fraction")
    for r, kind, text, extra in _RESTORATION_ROWS:
        if kind == "head":
            ws.cell(r, 1, text).font = st["bold"]
            if text.startswith("产品"):
                for j, h in ((2, "全年销售额"), (3, "毛利率")):
                    ws.cell(r, j, h).font = st["bold"]
        elif kind == "product":
            p = prods[text] if text < len(prods) else None
            put(f"A{r}", p.name if p else None, None)
            put(f"B{r}", p.sales if p else None, MONEY)
            put(f"C{r}", p.margin if p else None, PCT)
        elif kind == "field":
            attr, name, fkind, _optional = extra
            section = getattr(b, attr)
            value = None if section is None else getattr(section, name)
            if attr == "equity_history" and name == "scope" and value is None:
                value = "经营"
            ws.cell(r, 1, text)
            put(f"B{r}", value, PCT if fkind in pct_kinds else (None if fkind == "text" else MONEY))
            if name == "scope":
                _list(ws, f"B{r}", ("经营", "合并"), "只能选：经营、合并")
        elif kind == "season":
            ws.cell(r, 1, f"{text + 1} 月")
            put(f"B{r}", b.seasonality[text], "0.00")
        else:
            name, fmt = extra
            ws.cell(r, 1, text)
            put(f"B{r}", params[name], fmt)
    e = {k[1]: v for k, v in C.items() if k[0] == "evidence"}
    eh = {k[1]: v for k, v in C.items() if k[0] == "equity_history"}
    co = {k[1]: v for k, v in C.items() if k[0] == "costs"}
    hh = {k[1]: v for k, v in C.items() if k[0] == "household"}
    ba = {k[1]: v for k, v in C.items() if k[0] == "business_assets"}
    bl = {k[1]: v for k, v in C.items() if k[0] == "business_liabilities"}
    ha = {k[1]: v for k, v in C.items() if k[0] == "household_assets"}
    hl = {k[1]: v for k, v in C.items() if k[0] == "household_liabilities"}
    ob = {k[1]: v for k, v in C.items() if k[0] == "off_balance"}
    pa = {k[1]: v for k, v in C.items() if k[0] == "param"}
    p0, p1 = int(C[("product", "0")][1:]), int(C[("product", str(PRODUCT_ROWS - 1))][1:])
    s0, s1 = C[("season", "0")], C[("season", "11")]
    O = RESTORATION_OUTPUTS  # noqa: N806

    def n(ref):  # 空格子按 0
        return f"N({ref})"

    def total(d):
        return "+".join(n(v) for v in d.values())

    ws["E4"] = "还原结果"
    ws["E4"].font = st["bold"]
    opex = "+".join(n(co[k]) for k in ("rent", "wages", "utilities", "transport", "taxes", "other"))
    hh_net = f"({n(hh['other_income'])}-{n(hh['spending'])}-{n(hh['other_debt_service'])})"
    outs = [
        ("annual_sales", "年销售额", f"=SUM(B{p0}:B{p1})", MONEY, "各产品全年销售额之和（申报口径）"),
        ("weighted_margin", "加权毛利率", f"=IF(F5>0,SUMPRODUCT(B{p0}:B{p1},C{p0}:C{p1})/F5,0)", PCT,
         "按销售额加权"),
        ("gross_profit", "毛利", f"=SUMPRODUCT(B{p0}:B{p1},C{p0}:C{p1})", MONEY, ""),
        ("operating_costs", "全年经营费用（不含利息）", f"=12*({opex})", MONEY, ""),
        ("interest", "全年利息", f"=12*{n(co['interest'])}", MONEY, ""),
        ("net_profit", "经营净利润", "=F7-F8-F9", MONEY, ""),
        ("disposable_monthly", "月可支配收入（全年平均）", f"=(F10+12*{hh_net})/12", MONEY,
         "（净利润 + 家庭其他收入 − 家庭支出 − 其他债务还款）÷ 12"),
        ("lowest_month_disposable", "最紧月份的可支配收入", f"=MIN(D{_MONTH_FIRST}:D{_MONTH_FIRST + 11})", MONEY,
         "按季节系数逐月计算，见下方月度表"),
        ("business_assets", "经营资产", "=" + total(ba), MONEY, ""),
        ("business_liabilities", "经营负债", "=" + total(bl), MONEY, ""),
        ("business_equity", "经营权益", "=F15-F16", MONEY, ""),
        ("household_assets", "家庭资产", "=" + total(ha), MONEY, ""),
        ("household_liabilities", "家庭负债", "=" + total(hl), MONEY, ""),
        ("equity", "合并权益（经营 + 家庭）", "=F15+F18-F16-F19", MONEY, ""),
        ("contingent", "对外担保与或有负债", "=" + total(ob), MONEY, "不进合计，但可能变成真实负债"),
    ]
    for key, label, formula, fmt, note in outs:
        r = int(O[key][1:])
        ws.cell(r, 5, label).font = st["bold"]
        c = ws.cell(r, 6, formula)
        c.fill, c.border, c.number_format = st["out"], st["box"], fmt
        if note:
            ws.cell(r, 8, note).font = st["note"]
    ws["E14"] = "资产负债"
    ws["E14"].font = st["bold"]

    head = _CHECK_FIRST - 1
    for j, h in enumerate(("交叉检验", "推算值 / 对照值", "偏差", "结论", "失败且高估（辅助）"), start=5):
        c = ws.cell(head, j, h)
        c.font, c.fill = st["bold"], st["head"]
    ws.cell(head, 9).font = st["note"]
    warn, fail = pa["warn"], pa["fail"]
    S, WM = "$F$5", "$F$6"  # noqa: N806

    def judge(dev):
        return (f'IF({dev}="","未提供",IF(ABS({dev})<={warn},"通过",IF(ABS({dev})<={fail},"关注","不通过")))')

    factor = f"INDEX({s0}:{s1},{e['observed_month']})*12/SUM({s0}:{s1})"
    implied = {
        "sales_bank": f"IF(ISNUMBER({e['bank_inflows']}),{e['bank_inflows']}/(1-{n(e['cash_share'])}),\"\")",
        "sales_purchases": f"IF(AND(ISNUMBER({e['purchases']}),{WM}<1),{e['purchases']}/(1-{WM}),\"\")",
        "sales_utility": (f"IF(AND(ISNUMBER({e['electricity_kwh']}),ISNUMBER({e['sales_per_kwh']})),"
                          f"{e['electricity_kwh']}*{e['sales_per_kwh']},\"\")"),
        "sales_physical": (f"IF(AND(ISNUMBER({e['physical_quantity']}),ISNUMBER({e['sales_per_physical_unit']})),"
                           f"{e['physical_quantity']}*{e['sales_per_physical_unit']},\"\")"),
        "sales_tax": f"IF(AND(ISNUMBER({e['tax_paid']}),ISNUMBER({e['tax_rate']})),{e['tax_paid']}/{e['tax_rate']},\"\")",
        "sales_observed": (f"IF(AND(ISNUMBER({e['observed_daily_sales']}),ISNUMBER({e['trading_days']})),"
                           f"IF(ISNUMBER({e['observed_month']}),IF({factor}>0,{e['observed_daily_sales']}*"
                           f"{e['trading_days']}*12/({factor}),\"\"),{e['observed_daily_sales']}*{e['trading_days']}*12),"
                           "\"\")"),
    }
    R = RESTORATION_CHECK_ROWS  # noqa: N806
    for cid in _SALES_IDS:
        r = R[cid]
        ws.cell(r, 6, "=" + implied[cid])
        ws.cell(r, 7, f'=IF(F{r}="","",IF(F{r}=0,IF({S}=0,0,SIGN({S})),({S}-F{r})/ABS(F{r})))')
    has_hist = f"ISNUMBER({eh['initial_equity']})"
    profit_since = f"IF(ISNUMBER({eh['profit_since']}),{eh['profit_since']},$F$10/12*{n(eh['months'])})"
    r = R["equity"]
    ws.cell(r, 6, f"=IF({has_hist},{eh['initial_equity']}+{profit_since}-{n(eh['withdrawals'])}"
                  f"+{n(eh['injection'])}+{n(eh['revaluation'])}-{n(eh['depreciation'])},\"\")")
    actual = f'IF({eh["scope"]}="合并",$F$20,$F$17)'
    ws.cell(r, 7, f'=IF(F{r}="","",IF(F{r}=0,IF({actual}=0,0,-SIGN({actual})),(F{r}-{actual})/ABS(F{r})))')
    r = R["asset_purchases"]
    retained = f"({profit_since}-{n(eh['withdrawals'])}+{n(eh['injection'])}+{n(eh['new_borrowing'])})"
    ws.cell(r, 6, f"=IF(AND({has_hist},ISNUMBER({eh['asset_purchases']})),IF({eh['asset_purchases']}>0,"
                  f"{retained},\"\"),\"\")")
    ws.cell(r, 7, f'=IF(F{r}="","",MAX(0,({eh["asset_purchases"]}-F{r})/{eh["asset_purchases"]}))')
    r = R["interest_debt"]
    declared_debt = "+".join(n(bl[k]) for k in ("bank_loans", "private_loans", "credit_cards", "other"))
    ws.cell(r, 6, f'=IF($F$9>0,$F$9/{pa["reference_rate"]},"")')
    ws.cell(r, 7, f'=IF(F{r}="","",IF(({declared_debt})<=0,1,MAX(0,(F{r}-({declared_debt}))/F{r})))')
    r = R["fixed_transfers"]
    service = f"({n(co['interest'])}+{n(hh['other_debt_service'])})"
    ws.cell(r, 6, f'=IF(AND(ISNUMBER({e["fixed_transfers"]}),N({e["fixed_transfers"]})>0),{service},"")')
    ws.cell(r, 7, f'=IF(F{r}="","",MAX(0,({e["fixed_transfers"]}-F{r})/{e["fixed_transfers"]}))')
    r = R["credit_report"]
    declared_bank = "+".join(n(x) for x in (bl["bank_loans"], bl["credit_cards"], hl["mortgage"], hl["car_loan"]))
    ws.cell(r, 6, f'=IF(ISNUMBER({e["credit_report_debt"]}),{declared_bank},"")')
    ws.cell(r, 7, f'=IF(F{r}="","",IF({e["credit_report_debt"]}>0,MAX(0,({e["credit_report_debt"]}-F{r})/'
                  f'{e["credit_report_debt"]}),0))')
    r = R["guarantees"]
    ws.cell(r, 6, '=IF($F$21>0,$F$21,"")')
    ws.cell(r, 7, f'=IF(F{r}="","",IF($F$20>0,F{r}/$F$20,""))')
    for cid, r in R.items():
        ws.cell(r, 5, CHECKS[cid].name)
        if cid == "guarantees":
            verdict = (f'=IF(F{r}="","未提供",IF(OR($F$20<=0,N(G{r})>{pa["guarantee_fail"]}),"不通过","关注"))')
        elif cid == "interest_debt":
            verdict = f'=IF(F{r}="","未提供",IF(({declared_debt})<=0,"不通过",{judge(f"G{r}")}))'
        else:
            verdict = "=" + judge(f"G{r}")
        ws.cell(r, 8, verdict)
        ws.cell(r, 6).number_format = MONEY
        ws.cell(r, 7).number_format = PCT
        for j in (6, 7, 8):
            ws.cell(r, j).fill, ws.cell(r, j).border = st["out"], st["box"]
        if cid in _SALES_IDS:
            ws.cell(r, 9, f'=IF(AND(H{r}="不通过",N(G{r})>0),1,0)').font = st["note"]

    ws.cell(_CAP, 5, "还款能力（按申报销售额、等额本息）").font = st["bold"]
    a = pa["amount"]
    rate = f"{pa['annual_rate']}/12"
    nm = pa["months"]
    disp = O["disposable_monthly"]
    caps = [
        ("installment_cap", "月供上限", f"=MAX(0,{disp}*{pa['max_share']})", MONEY, "月可支配收入 × 上限比例"),
        ("max_loan", "最高可贷金额", f"=IF(F{_CAP + 1}>0,IF({rate}=0,F{_CAP + 1}*{nm},PV({rate},{nm},-F{_CAP + 1})),0)",
         MONEY, "等额本息：月供上限反推的本金（PV）；其他还款方式用贷款计算器"),
        ("payment", "申请金额的月供", f'=IF(ISNUMBER({a}),IF({rate}=0,{a}/{nm},PMT({rate},{nm},-{a})),"")', MONEY, ""),
        ("safety_margin", "安全边际", f'=IF(OR(F{_CAP + 3}="",{disp}<=0),"",1-F{_CAP + 3}/{disp})', PCT,
         "收入下降多少仍还得上"),
        ("dscr", "偿债覆盖率（含新贷款）",
         f'=IF(F{_CAP + 3}="","",IF(($F$9/12+{n(hh["other_debt_service"])}+F{_CAP + 3})=0,"",'
         f'(($F$10+$F$9+12*{n(hh["other_income"])}-12*{n(hh["spending"])})/12)/'
         f'($F$9/12+{n(hh["other_debt_service"])}+F{_CAP + 3})))', "0.00", "倍"),
        ("failed_sales_angles", "申报额高出不通过线的销售额角度数",
         f"=SUM(I{R['sales_bank']}:I{R['sales_observed']})", "0", "两个及以上：申报额未经印证，结论最多为“关注”"),
        ("capacity_verdict", "结论",
         f'=IF({disp}<=0,"不通过",IF(F{_CAP + 3}="",IF(F{_CAP + 6}>=2,"关注","通过"),'
         f'IF(F{_CAP + 3}<=F{_CAP + 1}+0.000000001,IF(F{_CAP + 6}>=2,"关注","通过"),'
         f'IF(F{_CAP + 3}<={disp},"关注","不通过"))))', None, ""),
    ]
    for key, label, formula, fmt, note in caps:
        r = int(O[key][1:])
        ws.cell(r, 5, label).font = st["bold"]
        c = ws.cell(r, 6, formula)
        c.fill, c.border = st["out"], st["box"]
        if fmt:
            c.number_format = fmt
        if note:
            ws.cell(r, 8, note).font = st["note"]

    head = _MONTH_FIRST - 1
    ws.cell(head - 1, 1 + 4, "月度可支配收入（按季节系数）").font = st["bold"]
    for j, h in ((5, "月份"), (6, "当月销售额"), (7, "季节系数（归一）")):
        c = ws.cell(head, j, h)
        c.font, c.fill = st["bold"], st["head"]
    for m in range(12):
        r = _MONTH_FIRST + m
        season = f"B{int(s0[1:]) + m}"
        ws.cell(r, 5, f"{m + 1} 月")
        ws.cell(r, 7, f"={season}*12/SUM({s0}:{s1})").number_format = "0.000"
        ws.cell(r, 6, f"=$F$5/12*G{r}").number_format = MONEY
        ws.cell(r, 4, f"=F{r}*$F$6-({opex})-{n(co['interest'])}+{hh_net}").number_format = MONEY
    ws.cell(head, 4, "可支配").font = st["bold"]
    ws.column_dimensions["D"].width = 14
    _protect(ws)
    _explain(wb, [
        ("年销售额 F5", "=各产品全年销售额之和", "申报口径；印证的销售额由下面的单据角度判断"),
        ("经营净利润 F10", "=毛利 − 12 × 月经营费用 − 12 × 月利息", "毛利 = Σ 销售额 × 毛利率"),
        ("月可支配收入 F11", "=（净利润 + 12 ×（家庭其他收入 − 家庭支出 − 其他债务月还款））÷ 12", ""),
        ("销售额角度的偏差", "=（申报销售额 − 推算值）÷ |推算值|", "正数：申报额高于这个角度；绝对值超过关注线为“关注”，超过不通过线为“不通过”"),
        ("银行流水角度", "=年入账 ÷（1 − 现金收款比例）", "现金收款比例要问清并有依据"),
        ("进货倒推角度", "=年进货额 ÷（1 − 加权毛利率）", ""),
        ("观察角度", "=观察日营业额 × 月营业天数 × 12 ÷ 观察月的季节系数", "淡季看到的数按季节系数还原为全年"),
        ("权益检验", "应有权益 = 初始权益 + 期间利润 − 提取 + 注资 + 重估 − 折旧；偏差 =（应有 − 实际）÷ |应有|",
         "期间利润不填时按本次还原的月净利润 × 月数估算；口径“经营”只看生意，“合并”含家庭"),
        ("资产购置", "缺口比例 = max(0,（购置资产 − 留存利润、注资与申报的新增借款）÷ 购置资产)", ""),
        ("利息倒推", "推算借款 = 全年利息 ÷ 参考利率；偏差 = max(0,（推算 − 申报有息负债）÷ 推算)", "没有申报借款却付利息：不通过"),
        ("流水固定转出", "偏差 = max(0,（月固定转出 − 申报月还款）÷ 月固定转出)", ""),
        ("征信核对", "偏差 = max(0,（征信余额 − 申报的银行借款、信用卡、房贷、车贷）÷ 征信余额)", ""),
        ("对外担保", "= 或有负债 ÷ 合并权益", "有担保即“关注”；超过不通过线或权益不为正为“不通过”"),
        ("最高可贷金额", "=PV(年利率 ÷ 12, 期限, −月供上限)", "等额本息；先息后本的到期本金要另有还款来源，不能用月度现金流测算"),
        ("结论", "月供 ≤ 上限：通过；≤ 月可支配收入：关注；否则不通过", "两个及以上销售额角度“不通过”且申报额偏高时，最多为“关注”"),
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
    "restoration-worksheet": ("restoration-worksheet.xlsx", restoration_worksheet, "还原底稿计算器"),
    "resource-request": ("resource-request.xlsx", resource_request_workbook, "内部资源申请测算"),
}


def build_all(outdir: str | os.PathLike) -> dict[str, Path]:
    """把全部 Excel 工具写进 ``outdir``，返回 工具名 → 路径。"""
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    return {key: fn(outdir / name) for key, (name, fn, _title) in TOOLS.items()}
