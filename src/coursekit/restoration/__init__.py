"""财务报表还原与交叉检验：客户经理在现场用的工作底稿。

小微企业没有可靠的报表，客户经理在现场通过访谈、单据和观察把报表“还原”出来，
再从几个互相独立的角度交叉检验每个重要数字（销售额、毛利率、权益、负债）。本模块：

- 输入：:class:`Borrower`（经营 + 家庭），案例里用中文键的字典描述，:func:`restore` 一步得到 :class:`Worksheet`；
- 报表：``ws.balance_sheet()``、``ws.income_statement()``（全年 / 按月）、``ws.cash_flow()``、``ws.ratios()``；
- 交叉检验：``ws.checks()`` 返回一组 :class:`Check`（通过 / 关注 / 不通过，附下一步该问什么）；
- 还款能力：``ws.capacity(annual_rate, months, method)``，额度由 :mod:`coursekit.loans` 反推；申报销售额有两个及以上
  角度不通过时，默认按其他角度印证的销售额测算（``ws.sales_basis()``），申报额的结果不能“通过”；
- 实物记录角度：领用单、饲料、燃油、包装物、计件工资 × 单位产出（:mod:`.physical` 折算单位产出）；
- 盈亏平衡：:func:`break_even` 拆固定 / 变动成本，给出经营不亏、可支配收入不为负、付得起月供的产能利用率；
- 发票数据：:func:`invoice_analysis` 扣红冲作废、分关联方、对流水，看集中度与税负率；:func:`invoice_line` 按每一层
  开票额套发票贷的额度公式，并按留下的销售额测算经营撑得起多少；
- 合并还原：:func:`consolidate` 把一个老板的几摊生意或一个家族的关联经营合在一起，抵销内部销售、往来、借款和
  重复计算的资本，合并底稿照常测算还款能力，债务合计含没申报的民间借贷；
- 情景：``ws.what_if(sales_factor=0.8, hidden_debt=200_000)``；
- 认定销售额：:func:`sales_consensus` 按一个认定的年销售额看各角度有几个认可、改一个系数只动哪一角、按它能贷多少；
- 纾困筛选：:func:`relief_test` 算低谷期缺口、宽限期只付息能填上多少、恢复后还不还得上；
- 现金轨迹：:func:`cash_path` / ``ws.cash_path(plan, months=[...])``，逐月看账上现金在哪个月最紧；
- 事后回看：:func:`loan_hindsight` 按当时预计的收入测算各方案，再按实际发生的月份逐月走一遍现金；
- 行情低谷：:func:`trough_survival` 把几户同行放进同一轮低谷，比较续贷、抽贷的最低现金；:func:`trough_loan` 把一笔
  新贷款（宽限期只付息）叠在低谷上；
- 扩张后的固定成本：:func:`fixed_cost_squeeze` 销售额掉多少月供就过不去，拖着的货款要还回去又要多少；
- 框架：五表、四单、三品（:data:`FRAMEWORK`、:class:`Checklist`）——本课程自己的框架，公开资料中没有统一定义；
- 存档：:func:`to_excel` / :func:`from_excel`，写成可放进信贷档案的工作簿，读回不丢信息。

容忍度（默认 5% 关注、10% 不通过）和月供上限比例（默认 60%）是常见的内部经验做法，不是监管规定。
"""
from .breakeven import BreakEven, break_even
from .cashpath import (CASH_PATH_COLUMNS, CashPath, LateReceipt, LoanHindsight, SeasonPlans, cash_path, first_met, late_receipt,
                       loan_hindsight, season_plans, seasonal_purchases)
from .consolidation import ELIMINATION_KINDS, Consolidation, consolidate
from .core import VERDICTS, Check, Figures, figures, judge
from .excel import from_excel, to_excel
from .framework import (CHECKS, FRAMEWORK, INDUSTRY_NORMS, Checklist, CheckSpec, FrameworkItem, IndustryNorm,
                        Tolerances, framework_table, norms_table)
from .model import (Borrower, BusinessAssets, BusinessLiabilities, EquityHistory, Evidence, Household,
                    HouseholdAssets, HouseholdLiabilities, MonthlyCosts, OffBalance, Product)
from .invoices import InvoiceLine, InvoiceReport, invoice_analysis, invoice_line
from .ramp import RampTest, ramp_test
from .relief import RELIEF_VERDICTS, ReliefTest, relief_test
from .physical import PHYSICAL_RECORDS, physical_records_table, required_quantity, sales_per_physical_unit
from .worksheet import DEFAULT_MAX_SHARE, SALES_BASES, Capacity, Ratios, SalesBasis, Worksheet, restore, seasonal_reserve

__all__ = [
    "restore", "Worksheet", "Borrower", "Product", "BusinessAssets", "BusinessLiabilities", "HouseholdAssets",
    "HouseholdLiabilities", "OffBalance", "MonthlyCosts", "Household", "Evidence", "EquityHistory",
    "Figures", "figures", "Ratios", "Capacity", "SalesBasis", "SALES_BASES", "Check", "judge", "VERDICTS", "Tolerances", "DEFAULT_MAX_SHARE",
    "FRAMEWORK", "FrameworkItem", "CHECKS", "CheckSpec", "Checklist", "framework_table",
    "INDUSTRY_NORMS", "IndustryNorm", "norms_table", "to_excel", "from_excel",
    "cash_path", "CashPath", "CASH_PATH_COLUMNS", "seasonal_purchases", "first_met", "late_receipt", "LateReceipt", "season_plans", "SeasonPlans", "ramp_test", "RampTest", "relief_test", "ReliefTest", "RELIEF_VERDICTS",
    "sales_per_physical_unit", "required_quantity", "PHYSICAL_RECORDS", "physical_records_table",
    "break_even", "BreakEven", "invoice_analysis", "InvoiceReport", "invoice_line", "InvoiceLine",
    "consolidate", "Consolidation", "ELIMINATION_KINDS",
    "loan_hindsight", "LoanHindsight", "seasonal_reserve",
]

# 底稿上的“假如”：回头客再贷、新增负债换期限利率、一种产品的毛利率变了、借款人承认了多少民间借贷
from .whatif import (MarginCapacity, NewDebtCapacity, PrivateDebtProbe, RepeatLoan, capacity_at_margin,
                     capacity_with_new_debt, private_debt_probe, repeat_loan)

__all__ += ["repeat_loan", "RepeatLoan", "capacity_with_new_debt", "NewDebtCapacity", "capacity_at_margin",
            "MarginCapacity", "private_debt_probe", "PrivateDebtProbe"]

# 行情低谷：几户同行在同一轮低谷里的现金底线，续贷、抽贷各意味着什么
from .trough import TROUGH_VERDICTS, TroughLoan, TroughSurvival, trough_loan, trough_path, trough_survival

__all__ += ["trough_path", "trough_survival", "TroughSurvival", "TROUGH_VERDICTS", "trough_loan", "TroughLoan"]

# 扩张后的固定成本：销售额掉多少月供就过不去，拖着的货款压回正常账期要多少钱
from .squeeze import FixedCostSqueeze, fixed_cost_squeeze

__all__ += ["fixed_cost_squeeze", "FixedCostSqueeze"]

# 认定多少销售额：几个独立角度里有几个认可它，抬高一个系数只动一个角度，按它能贷多少
from .consensus import SalesConsensus, sales_consensus

__all__ += ["sales_consensus", "SalesConsensus"]
