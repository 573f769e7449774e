"""还原出的报表（只在显示时生成 DataFrame）：资产负债表、损益表（全年、按月）、简易现金流。"""
from __future__ import annotations

from .core import Figures
from .model import Borrower

MONTHS = tuple(f"{m} 月" for m in range(1, 13))


def balance_sheet(b: Borrower, fig: Figures):
    """资产负债表：经营、家庭分列，再合并；表外事项单列，不计入合计。"""
    import pandas as pd

    ba, bl = b.business_assets, b.business_liabilities
    ha, hl = b.household_assets, b.household_liabilities
    rows = [
        ("资产", "现金", ba.cash, 0.0), ("资产", "存款", ba.deposits, ha.deposits),
        ("资产", "应收账款", ba.receivables, 0.0), ("资产", "预付账款", ba.prepayments, 0.0),
        ("资产", "存货", ba.inventory, 0.0),
        ("资产", "流动资产合计", fig.business_current_assets, ha.deposits),
        ("资产", "固定资产", ba.fixed_assets, 0.0), ("资产", "房产", 0.0, ha.property),
        ("资产", "车辆", 0.0, ha.vehicles), ("资产", "其他资产", ba.other, ha.other),
        ("资产", "资产合计", fig.business_assets, fig.household_assets),
        ("负债", "应付账款", bl.payables, 0.0), ("负债", "预收账款", bl.advances, 0.0),
        ("负债", "银行借款", bl.bank_loans, 0.0), ("负债", "民间借贷", bl.private_loans, 0.0),
        ("负债", "信用卡", bl.credit_cards, 0.0), ("负债", "房贷", 0.0, hl.mortgage),
        ("负债", "车贷", 0.0, hl.car_loan), ("负债", "其他负债", bl.other, hl.other),
        ("负债", "负债合计", fig.business_liabilities, fig.household_liabilities),
        ("权益", "权益（净资产）", fig.business_equity, fig.household_equity),
        ("合计", "负债和权益合计", fig.business_liabilities + fig.business_equity,
         fig.household_liabilities + fig.household_equity),
        ("表外", "对外担保（不计入合计）", b.off_balance.guarantees, 0.0),
        ("表外", "其他或有负债（不计入合计）", b.off_balance.other_contingent, 0.0),
    ]
    df = pd.DataFrame(rows, columns=["类别", "项目", "经营", "家庭"])
    df["合并"] = df["经营"] + df["家庭"]
    return df


def _tidy(df):
    """把 −0.0 变成 0.0：表里显示“-0”会让读者以为有一笔负数。"""
    num = df.select_dtypes("number").columns
    df[num] = df[num] + 0.0
    return df


def income_statement(b: Borrower, fig: Figures, period: str = "年"):
    """损益表。``period="年"``：全年、月均与占销售额比例；``period="月"``：按季节系数分到 12 个月。"""
    import pandas as pd

    c = b.costs
    cost_items = (("房租", c.rent), ("工资", c.wages), ("水电", c.utilities), ("运输", c.transport),
                  ("税费", c.taxes), ("其他费用", c.other))
    opex_m = sum(v for _n, v in cost_items)
    h = b.household
    if period == "年":
        rows = [("销售收入", fig.annual_sales)]
        rows += [(f"　其中：{p.name}", p.sales) for p in b.products]
        rows += [("销售成本", fig.cogs), ("毛利", fig.gross_profit)]
        rows += [(name, 12 * v) for name, v in cost_items]
        rows += [("经营费用合计", 12 * opex_m), ("利息", fig.interest), ("经营净利润", fig.net_profit),
                 ("家庭其他收入", fig.other_income), ("家庭支出", -fig.household_spending),
                 ("其他债务还款", -fig.other_debt_service), ("可支配收入", fig.disposable)]
        df = pd.DataFrame(rows, columns=["项目", "全年"])
        df["月均"] = df["全年"] / 12
        df["占销售额"] = df["全年"] / fig.annual_sales if fig.annual_sales > 0 else float("nan")
        return _tidy(df)
    if period != "月":
        from ..errors import InputError

        raise InputError("期间", "应为“年”或“月”", period)
    wm = fig.weighted_margin
    sales = list(fig.monthly_sales)
    data = {
        "销售收入": sales,
        "销售成本": [s * (1 - wm) for s in sales],
        "毛利": [s * wm for s in sales],
        "经营费用合计": [opex_m] * 12,
        "利息": [c.interest] * 12,
        "经营净利润": list(fig.monthly_net_profit),
        "家庭净收支": [h.other_income - h.spending] * 12,
        "其他债务还款": [-h.other_debt_service] * 12,
        "可支配收入": list(fig.monthly_disposable),
    }
    df = pd.DataFrame.from_dict(data, orient="index", columns=list(MONTHS))
    df["全年"] = df[list(MONTHS)].sum(axis=1)
    df.index.name = "项目"
    return _tidy(df.reset_index())


def cash_flow(b: Borrower, fig: Figures):
    """简易现金流（按月）：假定当月销售当月收款、当月进货当月付款，赊销与存货变动另行调整。"""
    import pandas as pd

    c = b.costs
    h = b.household
    opex_m = c.rent + c.wages + c.utilities + c.transport + c.taxes + c.other
    wm = fig.weighted_margin
    rows = []
    cumulative = 0.0
    for m, sales in enumerate(fig.monthly_sales):
        purchases = sales * (1 - wm)
        operating = sales - purchases - opex_m - c.interest
        net = operating + h.other_income - h.spending - h.other_debt_service
        cumulative += net
        rows.append((MONTHS[m], sales, -purchases, -opex_m, -c.interest, operating, h.other_income, -h.spending,
                     -h.other_debt_service, net, cumulative))
    return _tidy(pd.DataFrame(rows, columns=["月份", "销售收款", "进货付款", "经营费用", "利息", "经营净现金流",
                                             "家庭其他收入", "家庭支出", "其他债务还款", "当月结余", "累计结余"]))
