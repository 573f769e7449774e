"""客户综合贡献度（教学模型）：一户客户、一个客户群（企业、实际控制人、代发员工）一年给银行带来多少。

没有哪家银行公开过“官方”的综合贡献度公式；这里是一个**写明参数的教学模型**，结构取自常见的
资金转移定价（FTP）思路，所有默认参数都是**示意**数字，用来讲清道理，不代表任何银行的实际取值。
用于实务时，应换成本行的 FTP 曲线、成本分摊和风险参数。

模型（年化，单位元；``期间月数`` 不是 12 时按比例折算）::

    综合贡献度 = 存款利差收益 + 贷款利差收益 + 中间业务收入 − 运营成本 − 预期损失

    存款利差收益 = 活期日均 ×（活期 FTP − 活期利率）+ 定期日均 ×（定期 FTP − 定期利率）
                   + 结算沉淀日均 ×（活期 FTP − 活期利率）
        其中 结算沉淀日均 = 年结算流水 × 沉淀天数 / 365
    贷款利差收益 = 贷款日均 ×（贷款利率 − 贷款 FTP）
    中间业务收入 = 代发人数 × 每人代发收费 + 收单交易额 × 收单净费率 + 理财日均 × 理财代销费率
                   + 保险年保费 × 保险代理佣金率 + 信用卡张数 × 每卡年收入
    运营成本     = 账户数 × 每户成本 + 贷款笔数 × 每笔贷款成本 + 代发人数 × 每人代发成本
    预期损失     = PD × LGD × EAD        （EAD 取贷款日均余额，教学简化）
    经济资本     = EAD × 经济资本系数
    RAROC        = 综合贡献度 / 经济资本   （风险调整后资本回报率；没有贷款时不占经济资本，RAROC 无定义）
    经济增加值   = 综合贡献度 − 经济资本 × 资本回报门槛

构成表（``ContributionResult.breakdown``）的列为“项目、类别、金额”，成本和损失记为负数，
各行金额相加恰好等于综合贡献度（可加性）。
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from typing import Any

import numpy as np
import pandas as pd

from .errors import InputError, require_fraction, require_int, require_non_negative, require_number

__all__ = [
    "ITEMS",
    "Comparison",
    "ContributionParams",
    "ContributionResult",
    "Customer",
    "GroupContribution",
    "ExitTest",
    "contribution",
    "concession_paths",
    "exit_test",
    "group_contribution",
    "small_loan_paths",
    "waterfall",
    "what_if",
]


# ---------------------------------------------------------------------------
# 参数（全部为示意）
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class ContributionParams:
    """综合贡献度模型的参数。**所有默认值都是示意数字**，只为讲清结构，不是任何银行的实际参数。

    利率、费率、比例一律按小数填写（0.018 表示 1.8%）。

    ============================== ================================================== ===========
    字段                           含义                                               默认（示意）
    ============================== ================================================== ===========
    ftp_demand                     活期存款 FTP 价格：总行为每 1 元活期存款付给支行的年收益率  1.80%
    ftp_time                       定期存款 FTP 价格                                  2.30%
    demand_rate                    活期存款付给客户的利率（客户未单独约定时用它）     0.15%
    time_rate                      定期存款付给客户的利率（同上）                     1.50%
    ftp_loan                       贷款 FTP 价格：支行放贷向总行“买”资金的年成本率    2.50%
    cost_per_account               每个账户每年的运营成本（元/户/年）                 80 元
    cost_per_loan                  每笔贷款每年的调查、审批、贷后管理成本（元/笔/年）  3,000 元
    cost_per_payroll_employee      每位代发员工每年的代发处理成本（元/人/年）         10 元
    payroll_fee_per_employee       代发工资向企业收取的费用（元/人/年）               20 元
    acquiring_net_rate             收单净手续费率（扣除发卡行、清算机构分成后银行留存）  0.10%
    settlement_float_days          结算流水在账上平均沉淀的天数（天）                 3 天
    wealth_commission_rate         理财代销的年化费率（按理财日均）                   0.40%
    insurance_commission_rate      代理保险的佣金率（按年保费）                       5%
    credit_card_income             每张信用卡每年的净收入（元/张/年）                 150 元
    pd                             违约概率 PD（一年）；客户单独给出时用客户的        1.5%
    lgd                            违约损失率 LGD                                     45%
    economic_capital_ratio         经济资本系数：每 1 元贷款占用的经济资本            8%
    hurdle_rate                    资本回报门槛（计算经济增加值用）                   10%
    ============================== ================================================== ===========
    """

    ftp_demand: float = 0.018
    ftp_time: float = 0.023
    demand_rate: float = 0.0015
    time_rate: float = 0.015
    ftp_loan: float = 0.025
    cost_per_account: float = 80.0
    cost_per_loan: float = 3_000.0
    cost_per_payroll_employee: float = 10.0
    payroll_fee_per_employee: float = 20.0
    acquiring_net_rate: float = 0.001
    settlement_float_days: float = 3.0
    wealth_commission_rate: float = 0.004
    insurance_commission_rate: float = 0.05
    credit_card_income: float = 150.0
    pd: float = 0.015
    lgd: float = 0.45
    economic_capital_ratio: float = 0.08
    hurdle_rate: float = 0.10

    def __post_init__(self):
        for name in ("ftp_demand", "ftp_time", "demand_rate", "time_rate", "ftp_loan", "acquiring_net_rate",
                     "wealth_commission_rate", "insurance_commission_rate", "pd", "lgd",
                     "economic_capital_ratio", "hurdle_rate"):
            require_fraction(getattr(self, name), PARAM_LABELS[name], high=1.0)
        for name in ("cost_per_account", "cost_per_loan", "cost_per_payroll_employee", "payroll_fee_per_employee",
                     "credit_card_income"):
            if require_non_negative(getattr(self, name), PARAM_LABELS[name]) > 1e7:
                raise InputError(PARAM_LABELS[name], "超过 1,000 万元，请检查单位是否为元", getattr(self, name))
        days = require_non_negative(self.settlement_float_days, PARAM_LABELS["settlement_float_days"])
        if days > 365:
            raise InputError(PARAM_LABELS["settlement_float_days"], "不能超过 365 天", self.settlement_float_days)

    def table(self) -> pd.DataFrame:
        """参数表（参数、取值、说明），供笔记本展示。"""
        rows = []
        for f in fields(self):
            value = getattr(self, f.name)
            rows.append({"参数": PARAM_LABELS[f.name], "取值": value, "说明": PARAM_NOTES[f.name]})
        return pd.DataFrame(rows)


PARAM_LABELS = {
    "ftp_demand": "活期存款 FTP", "ftp_time": "定期存款 FTP", "demand_rate": "活期存款利率",
    "time_rate": "定期存款利率", "ftp_loan": "贷款 FTP", "cost_per_account": "每户运营成本",
    "cost_per_loan": "每笔贷款管理成本", "cost_per_payroll_employee": "每人代发成本",
    "payroll_fee_per_employee": "每人代发收费", "acquiring_net_rate": "收单净费率",
    "settlement_float_days": "结算沉淀天数", "wealth_commission_rate": "理财代销费率",
    "insurance_commission_rate": "保险代理佣金率", "credit_card_income": "每卡年收入",
    "pd": "违约概率（PD）", "lgd": "违约损失率（LGD）", "economic_capital_ratio": "经济资本系数",
    "hurdle_rate": "资本回报门槛",
}

PARAM_NOTES = {
    "ftp_demand": "总行按这个年利率为支行吸收的活期存款“记收入”（示意）",
    "ftp_time": "定期存款的 FTP 价格（示意）",
    "demand_rate": "客户未单独约定时付给客户的活期利率（示意）",
    "time_rate": "客户未单独约定时付给客户的定期利率（示意）",
    "ftp_loan": "支行放贷向总行“买”资金的年成本率（示意）",
    "cost_per_account": "元/户/年，柜面、系统、对账等分摊（示意）",
    "cost_per_loan": "元/笔/年，调查、审批、贷后检查的人工分摊（示意）",
    "cost_per_payroll_employee": "元/人/年，代发批处理与服务（示意）",
    "payroll_fee_per_employee": "元/人/年，向企业收取的代发费用（示意，很多行免收）",
    "acquiring_net_rate": "收单交易额中银行留存的净手续费率（示意）",
    "settlement_float_days": "结算流水平均在账上停留的天数，决定沉淀存款（示意）",
    "wealth_commission_rate": "按理财日均计的年化代销费率（示意）",
    "insurance_commission_rate": "按年保费计的代理佣金率（示意）",
    "credit_card_income": "元/张/年，年费、分期与回佣净额（示意）",
    "pd": "一年内违约的概率（示意）",
    "lgd": "违约后损失的比例，已考虑抵押担保回收（示意）",
    "economic_capital_ratio": "每 1 元贷款需要的经济资本（示意）",
    "hurdle_rate": "股东要求的资本回报率，用于经济增加值（示意）",
}


# ---------------------------------------------------------------------------
# 客户持有的产品
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Customer:
    """一户客户（或 ``count`` 户情况相同的客户，如 80 名代发员工）在一年里的业务量。

    金额为**每户**的数，``count`` 户相加；日均余额、年交易额单位均为元。
    字典输入可用英文字段名，也可用中文名（见 :data:`CUSTOMER_LABELS`）。
    """

    name: str = "客户"
    role: str = ""
    count: int = 1
    accounts: int = 1
    demand_deposit_avg: float = 0.0
    time_deposit_avg: float = 0.0
    demand_rate: float | None = None
    time_rate: float | None = None
    loan_avg: float = 0.0
    loan_rate: float | None = None
    loan_count: int = 0
    pd: float | None = None
    payroll_employees: int = 0
    acquiring_turnover: float = 0.0
    settlement_turnover: float = 0.0
    wealth_avg: float = 0.0
    insurance_premium: float = 0.0
    credit_cards: int = 0

    def __post_init__(self):
        if not isinstance(self.name, str) or not self.name.strip():
            raise InputError("名称", "不能为空", self.name)
        if not isinstance(self.role, str):
            raise InputError("角色", "应为文字", self.role)
        require_int(self.count, CUSTOMER_LABELS["count"], minimum=1, maximum=1_000_000)
        for name in ("accounts", "loan_count", "payroll_employees", "credit_cards"):
            require_int(getattr(self, name), CUSTOMER_LABELS[name], minimum=0, maximum=10_000_000)
        for name in ("demand_deposit_avg", "time_deposit_avg", "loan_avg", "acquiring_turnover",
                     "settlement_turnover", "wealth_avg", "insurance_premium"):
            value = require_non_negative(getattr(self, name), CUSTOMER_LABELS[name])
            if value > 1e12:
                raise InputError(CUSTOMER_LABELS[name], "过大（超过 1 万亿元），请检查单位是否为元", value)
        for name in ("demand_rate", "time_rate", "pd"):
            if getattr(self, name) is not None:
                require_fraction(getattr(self, name), CUSTOMER_LABELS[name])
        if self.loan_rate is not None:
            rate = require_number(self.loan_rate, CUSTOMER_LABELS["loan_rate"])
            if rate < 0 or rate > 1:
                raise InputError(CUSTOMER_LABELS["loan_rate"], "应在 0 到 1 之间（按小数填写，如 0.046 表示 4.6%）",
                                 self.loan_rate)
        if self.loan_avg > 0 and self.loan_rate is None:
            raise InputError(CUSTOMER_LABELS["loan_rate"], "有贷款时必须填写")
        if self.loan_avg > 0 and self.loan_count == 0:
            raise InputError(CUSTOMER_LABELS["loan_count"], "有贷款时至少为 1", self.loan_count)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Customer:
        """从字典建立；键可用英文字段名或中文名。"""
        if not isinstance(data, Mapping):
            raise InputError("客户信息", "应为字典或 Customer", type(data).__name__)
        kwargs = {}
        for key, value in data.items():
            name = _LABEL_TO_FIELD.get(key, key)
            if name not in CUSTOMER_LABELS:
                raise InputError("客户信息", f"含有不认识的项目“{key}”，可用的项目：" + "、".join(CUSTOMER_LABELS.values()))
            if name in kwargs:
                raise InputError("客户信息", f"项目“{CUSTOMER_LABELS[name]}”重复填写")
            kwargs[name] = value
        return cls(**kwargs)


CUSTOMER_LABELS = {
    "name": "名称", "role": "角色", "count": "户数", "accounts": "账户数",
    "demand_deposit_avg": "活期存款日均", "time_deposit_avg": "定期存款日均",
    "demand_rate": "活期利率", "time_rate": "定期利率",
    "loan_avg": "贷款日均", "loan_rate": "贷款利率", "loan_count": "贷款笔数", "pd": "违约概率",
    "payroll_employees": "代发人数", "acquiring_turnover": "收单交易额", "settlement_turnover": "结算流水",
    "wealth_avg": "理财日均", "insurance_premium": "保险年保费", "credit_cards": "信用卡张数",
}
_LABEL_TO_FIELD = {label: name for name, label in CUSTOMER_LABELS.items()}


def _as_customer(obj) -> Customer:
    if isinstance(obj, Customer):
        return obj
    if isinstance(obj, Mapping):
        return Customer.from_dict(obj)
    raise InputError("客户信息", "应为字典或 Customer", type(obj).__name__)


def _as_params(params) -> ContributionParams:
    if params is None:
        return ContributionParams()
    if isinstance(params, ContributionParams):
        return params
    if isinstance(params, Mapping):
        known = {f.name for f in fields(ContributionParams)}
        label_map = {label: name for name, label in PARAM_LABELS.items()}
        kwargs = {}
        for key, value in params.items():
            name = label_map.get(key, key)
            if name not in known:
                raise InputError("模型参数", f"含有不认识的参数“{key}”")
            kwargs[name] = value
        return ContributionParams(**kwargs)
    raise InputError("模型参数", "应为 ContributionParams 或字典", type(params).__name__)


# ---------------------------------------------------------------------------
# 计算
# ---------------------------------------------------------------------------
#: 构成表的项目与类别（顺序固定，便于对比）
ITEMS = (
    ("活期存款利差", "存款利差收益"),
    ("定期存款利差", "存款利差收益"),
    ("结算沉淀存款利差", "存款利差收益"),
    ("贷款利差", "贷款利差收益"),
    ("代发工资收费", "中间业务收入"),
    ("收单手续费", "中间业务收入"),
    ("理财代销收入", "中间业务收入"),
    ("保险代理收入", "中间业务收入"),
    ("信用卡收入", "中间业务收入"),
    ("运营成本", "运营成本"),
    ("预期损失", "风险成本"),
)
CATEGORIES = ("存款利差收益", "贷款利差收益", "中间业务收入", "运营成本", "风险成本")
_TEMPLATE = pd.DataFrame({"项目": [i for i, _ in ITEMS], "类别": [c for _, c in ITEMS]})


@dataclass(frozen=True)
class ContributionResult:
    """一户（或一群）客户的综合贡献度。

    ``breakdown``：项目、类别、金额（元，成本和损失为负），各行之和 = ``total``。
    ``raroc`` 在没有贷款（经济资本为 0）时为 ``None``。
    """

    name: str
    breakdown: pd.DataFrame = field(repr=False)
    total: float
    expected_loss: float
    ead: float
    economic_capital: float
    raroc: float | None
    eva: float
    period_months: int

    def by_category(self) -> pd.DataFrame:
        """按类别汇总（类别、金额）。"""
        out = self.breakdown.groupby("类别", sort=False)["金额"].sum().reindex(list(CATEGORIES), fill_value=0.0)
        return out.reset_index()

    def table(self) -> pd.DataFrame:
        """构成表加“综合贡献度”合计行（项目、类别、金额）。"""
        total = pd.DataFrame([{"项目": "综合贡献度", "类别": "合计", "金额": self.total}])
        return pd.concat([self.breakdown, total], ignore_index=True)

    def explain(self) -> str:
        from .fmt import pct, yuan

        period = "一年" if self.period_months == 12 else f"{self.period_months} 个月"
        text = f"{self.name}{period}的综合贡献度 {yuan(self.total)}（教学模型，参数为示意）。"
        if self.raroc is None:
            return text + "没有贷款，不占用经济资本，RAROC 无定义。"
        return (text + f"贷款占用经济资本 {yuan(self.economic_capital)}，RAROC = {pct(self.raroc)}；"
                f"扣除资本回报要求后的经济增加值 {yuan(self.eva)}。")


def _amounts(c: Customer, p: ContributionParams) -> tuple[list[float], float]:
    """每个项目的年金额（已乘户数），以及 EAD。"""
    n = c.count
    d_rate = p.demand_rate if c.demand_rate is None else c.demand_rate
    t_rate = p.time_rate if c.time_rate is None else c.time_rate
    pd_ = p.pd if c.pd is None else c.pd
    float_avg = c.settlement_turnover * p.settlement_float_days / 365
    ead = n * c.loan_avg
    values = [
        n * c.demand_deposit_avg * (p.ftp_demand - d_rate),
        n * c.time_deposit_avg * (p.ftp_time - t_rate),
        n * float_avg * (p.ftp_demand - d_rate),
        n * c.loan_avg * ((c.loan_rate or 0.0) - p.ftp_loan),
        n * c.payroll_employees * p.payroll_fee_per_employee,
        n * c.acquiring_turnover * p.acquiring_net_rate,
        n * c.wealth_avg * p.wealth_commission_rate,
        n * c.insurance_premium * p.insurance_commission_rate,
        n * c.credit_cards * p.credit_card_income,
        -n * (c.accounts * p.cost_per_account + c.loan_count * p.cost_per_loan
              + c.payroll_employees * p.cost_per_payroll_employee),
        -pd_ * p.lgd * ead,
    ]
    return values, ead


def _rounded(values: Sequence[float], months: int) -> list[float]:
    scale = months / 12
    return [round(v * scale, 2) + 0.0 for v in values]


def _result(name: str, amounts: Sequence[float], ead: float, p: ContributionParams,
            months: int) -> ContributionResult:
    """由已折算、已舍入到分的各项金额建立结果。"""
    amounts = [round(a, 2) + 0.0 for a in amounts]
    df = _TEMPLATE.assign(金额=np.asarray(amounts, dtype=float))
    total = round(math.fsum(amounts), 2)
    el = -amounts[-1]
    ec = ead * p.economic_capital_ratio
    raroc = total / ec if ec > 0 else None
    eva = round(total - ec * p.hurdle_rate * months / 12, 2)
    return ContributionResult(name=name, breakdown=df, total=total, expected_loss=el, ead=ead,
                              economic_capital=ec, raroc=raroc, eva=eva, period_months=months)


def _check_months(period_months) -> int:
    return require_int(period_months, "期间月数", minimum=1, maximum=120)


def contribution(customer, params=None, *, period_months: int = 12) -> ContributionResult:
    """一户客户的综合贡献度（教学模型，见模块说明）。

    ``customer``：:class:`Customer` 或字典（键可用中文名，如 ``{"名称": "张记", "活期存款日均": 200000}``）。
    ``params``：:class:`ContributionParams`、字典或 ``None``（用示意默认值）。
    ``period_months``：期间月数，年化金额按 月数 / 12 折算；RAROC 按期间贡献 / 经济资本计。

    >>> r = contribution({"名称": "示例", "活期存款日均": 100_000})
    >>> r.total  # 100,000 ×（1.80% − 0.15%）− 80
    1570.0
    """
    c = _as_customer(customer)
    p = _as_params(params)
    months = _check_months(period_months)
    values, ead = _amounts(c, p)
    return _result(c.name, _rounded(values, months), ead, p, months)


@dataclass(frozen=True)
class GroupContribution:
    """客户群的综合贡献度：``members`` 每户一行（名称、角色、各类别、综合贡献度），``combined`` 是合并结果。"""

    members: pd.DataFrame
    combined: ContributionResult
    results: tuple = field(repr=False, default=())

    @property
    def total(self) -> float:
        return self.combined.total

    @property
    def raroc(self) -> float | None:
        return self.combined.raroc

    @property
    def breakdown(self) -> pd.DataFrame:
        return self.combined.breakdown


def group_contribution(customers: Iterable, params=None, *, name: str = "客户群",
                       period_months: int = 12) -> GroupContribution:
    """客户群（如一家企业、它的实际控制人和代发员工）的综合贡献度。

    合并结果的每个项目 = 各成员该项目之和；经济资本、RAROC 按合并的贷款计算。
    只看贷款那一户时常常“不划算”，把整个客户群放在一起看，结论可能完全不同——这正是综合定价的道理。
    """
    members = _members(customers, "客户群", "户", "成员名称重复")
    p = _as_params(params)
    months = _check_months(period_months)
    results = []
    member_amounts = []
    ead_total = 0.0
    for m in members:
        values, ead = _amounts(m, p)
        amounts = _rounded(values, months)
        member_amounts.append(amounts)
        results.append(_result(m.name, amounts, ead, p, months))
        ead_total += ead
    # 合并表直接用成员的已舍入金额相加，保证“成员之和 = 合计”
    summed = [math.fsum(col) for col in zip(*member_amounts)]
    combined = _result(name, summed, ead_total, p, months)
    rows = []
    for m, r, amounts in zip(members, results, member_amounts):
        cats = dict.fromkeys(CATEGORIES, 0.0)
        for (_, cat), amount in zip(ITEMS, amounts):
            cats[cat] += amount
        rows.append({"名称": m.name, "角色": m.role, "户数": m.count, **{k: round(v, 2) for k, v in cats.items()},
                     "综合贡献度": r.total})
    return GroupContribution(members=pd.DataFrame(rows), combined=combined, results=tuple(results))


# ---------------------------------------------------------------------------
# 情景对比
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Comparison:
    """情景对比。``table``：项目 × 情景的金额（最后一行为综合贡献度）；
    ``summary``：情景、综合贡献度、较现状增加、经济资本、RAROC、经济增加值；``results``：情景名 → 结果。"""

    table: pd.DataFrame
    summary: pd.DataFrame
    results: dict = field(repr=False)


BASE_NAME = "现状"
ADD_KEY = "新增客户"


def _apply(base, changes, scenario: str):
    """把一个情景的改动应用到现状上，返回新的成员列表（或单个客户）。"""
    if not isinstance(changes, Mapping):
        raise InputError(f"情景“{scenario}”", "应为改动的字典", type(changes).__name__)
    if isinstance(base, Customer):
        data = {f.name: getattr(base, f.name) for f in fields(Customer)}
        for key, value in changes.items():
            name = _LABEL_TO_FIELD.get(key, key)
            if name not in CUSTOMER_LABELS:
                raise InputError(f"情景“{scenario}”", f"含有不认识的项目“{key}”")
            data[name] = value
        return Customer(**data)
    members = list(base)
    by_name = {m.name: i for i, m in enumerate(members)}
    for key, value in changes.items():
        if key == ADD_KEY:
            extra = value if isinstance(value, (list, tuple)) else [value]
            members.extend(_as_customer(x) for x in extra)
            continue
        if key not in by_name:
            raise InputError(f"情景“{scenario}”", f"客户群里没有“{key}”；可改动的成员："
                             + "、".join(by_name) + f"，新增成员用“{ADD_KEY}”")
        members[by_name[key]] = _apply(members[by_name[key]], value, scenario)
    return members


def what_if(base, params=None, *, period_months: int = 12, **scenarios) -> Comparison:
    """现状与若干情景的并排对比。

    ``base``：一户客户（字典或 :class:`Customer`），或客户群（列表）。每个情景是一个关键字参数，
    名字就是情景名，值是改动：

    - 单户客户：``{字段: 新值}``，如 ``what_if(c, 增加保险={"保险年保费": 20000})``；
    - 客户群：``{成员名称: {字段: 新值}}``，新增成员用 ``"新增客户": [客户, ...]``，如::

          what_if(group, 代发工资={"宏达五金": {"代发人数": 80},
                                   "新增客户": [{"名称": "代发员工", "户数": 80, "活期存款日均": 6000}]})

    改动是“新值”，不是“增加量”。
    """
    p = _as_params(params)
    months = _check_months(period_months)
    if isinstance(base, (Customer, Mapping)):
        base_obj = _as_customer(base)
        run = lambda obj, label: contribution(obj, p, period_months=months)
    else:
        if isinstance(base, (str, bytes)) or not isinstance(base, (list, tuple)):
            raise InputError("现状", "应为客户（字典）或客户群（列表）", base)
        base_obj = [_as_customer(c) for c in base]
        run = lambda obj, label: group_contribution(obj, p, name=label, period_months=months).combined
    if BASE_NAME in scenarios:
        raise InputError("情景名称", f"“{BASE_NAME}”已用于现状，请换一个名字")
    results = {BASE_NAME: run(base_obj, BASE_NAME)}
    for label, changes in scenarios.items():
        results[label] = run(_apply(base_obj, changes, label), label)
    table = pd.DataFrame({"项目": [i for i, _ in ITEMS] + ["综合贡献度"]})
    for label, res in results.items():
        table[label] = list(res.breakdown["金额"]) + [res.total]
    base_total = results[BASE_NAME].total
    summary = pd.DataFrame([{
        "情景": label, "综合贡献度": res.total, "较现状增加": round(res.total - base_total, 2),
        "经济资本": res.economic_capital, "RAROC": res.raroc if res.raroc is not None else float("nan"),
        "经济增加值": res.eva,
    } for label, res in results.items()])
    return Comparison(table=table, summary=summary, results=results)


# ---------------------------------------------------------------------------
# 瀑布图
# ---------------------------------------------------------------------------
def waterfall(result, *, title: str | None = None, ax=None, hide_zero: bool = True):
    """综合贡献度的瀑布图：从 0 开始，逐项加上收入、减去成本与损失，最后一根柱是合计。

    ``result``：:class:`ContributionResult`、:class:`GroupContribution`，或“项目、金额”两列的构成表。
    返回 matplotlib 的 Figure。
    """
    from . import plotting

    if isinstance(result, GroupContribution):
        result = result.combined
    if isinstance(result, ContributionResult):
        df = result.breakdown
        name = result.name
    elif isinstance(result, pd.DataFrame):
        if not {"项目", "金额"} <= set(result.columns):
            raise InputError("构成表", "应含“项目”“金额”两列")
        df = result[result["项目"] != "综合贡献度"]
        name = "客户"
    else:
        raise InputError("构成表", "应为 contribution() 的结果或构成表", type(result).__name__)
    if df.empty:
        raise InputError("构成表", "不能为空")
    amounts = [require_number(v, "金额") for v in df["金额"]]
    labels = list(df["项目"])
    if hide_zero:
        kept = [(lab, a) for lab, a in zip(labels, amounts) if abs(a) >= 0.005]
        labels, amounts = [k[0] for k in kept], [k[1] for k in kept]
    total = math.fsum(amounts)
    if ax is not None and not hasattr(ax, "figure"):
        raise InputError("坐标系", "应为 matplotlib 的 Axes", type(ax).__name__)
    if title is not None and not isinstance(title, str):
        raise InputError("标题", "应为文字", title)
    if ax is None:
        fig, ax = plotting.subplots(figsize=(8.0, 4.2))
    else:
        fig = ax.figure
    running = 0.0
    for i, a in enumerate(amounts):
        bottom = running if a >= 0 else running + a
        ax.bar(i, abs(a), bottom=bottom, color=plotting.PALETTE[0] if a >= 0 else plotting.BAD, width=0.6)
        running += a
        if i < len(amounts) - 1:
            ax.plot([i + 0.3, i + 0.7], [running, running], color="#888888", linewidth=0.8)
    ax.bar(len(amounts), total, color=plotting.GOOD if total >= 0 else plotting.BAD, width=0.6)
    ax.axhline(0, color="#444444", linewidth=0.8)
    ax.set_xticks(range(len(amounts) + 1))
    ax.set_xticklabels(labels + ["综合贡献度"], rotation=35, ha="right")
    unit = "万元" if max([abs(total)] + [abs(a) for a in amounts]) >= 100_000 else "元"
    plotting.money_axis(ax, unit)
    ax.set_title(title or f"{name}的综合贡献度构成（教学模型，示意参数）")
    return fig


# ---------------------------------------------------------------------------
# 退出一批客户：分摊成本与可避免成本
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class ExitTest:
    """“退出一批小额客户”的两种算法。

    ``table`` 每档一行：名称、户数、笔数、分摊口径的贡献度（每笔扣分摊成本）、可避免口径的贡献度（每笔只扣
    不做这笔就能省下的成本，即这档客户对固定成本的贡献）、是否退出。
    ``fixed_pool``：不随退出消失的成本 =（分摊成本 − 可避免成本）× 现有全部笔数。
    ``all_in``：全部保留时的合计（两种口径相同）；``kept_allocated``：退出后只把留下的户按分摊口径相加
    （假定被退出的户分摊的成本随之消失）；``kept_true``：退出后真实的合计 = 留下户的可避免口径贡献 − 固定成本；
    ``lost``：被退出的户原本对固定成本的贡献（可避免口径之和）。
    """

    table: pd.DataFrame
    allocated_cost: float
    avoidable_cost: float
    fixed_pool: float
    all_in: float
    kept_allocated: float
    kept_true: float
    lost: float


def _members(items, field: str, unit: str, dup_text: str) -> list[Customer]:
    """客户列表（每{unit}一个字典或 Customer）：非空、名称不重复。"""
    if isinstance(items, (str, bytes, Mapping, Customer)) or not hasattr(items, "__iter__"):
        raise InputError(field, f"应为客户列表（每{unit}一个字典或 Customer）")
    members = [_as_customer(c) for c in items]
    if not members:
        raise InputError(field, f"不能为空，至少要有一{unit}客户")
    names = [m.name for m in members]
    dup = sorted({x for x in names if names.count(x) > 1})
    if dup:
        raise InputError(field, f"{dup_text}：" + "、".join(dup))
    return members


def _segments(segments) -> list[Customer]:
    return _members(segments, "客户分档", "档", "名称重复")


def _costs(allocated_cost, avoidable_cost) -> tuple[float, float]:
    allocated = require_non_negative(allocated_cost, "每笔分摊成本")
    avoidable = require_non_negative(avoidable_cost, "每笔可避免成本")
    if allocated > 1e7:
        raise InputError("每笔分摊成本", "过大（超过 1,000 万元），请检查单位是否为元", allocated_cost)
    if avoidable > allocated:
        raise InputError("每笔可避免成本", "不能大于每笔分摊成本（可避免的只是分摊成本的一部分）", avoidable_cost)
    return allocated, avoidable


def _total(member: Customer, p: ContributionParams, cost: float) -> float:
    values, _ = _amounts(member, replace(p, cost_per_loan=cost))
    return round(math.fsum(_rounded(values, 12)), 2)


def exit_test(segments, params=None, *, allocated_cost, avoidable_cost, drop=()) -> ExitTest:
    """按分摊口径和可避免口径，比较“全部保留”和“退出 ``drop`` 里的几档客户”一年的综合贡献度。

    ``segments``：客户分档列表（字典或 :class:`Customer`，``户数`` 为该档户数）；``drop``：要退出的档的名称。
    ``allocated_cost``：每笔贷款每年的分摊成本（元）；``avoidable_cost``：其中不做这笔贷款就能省下的部分（元），
    不能大于分摊成本。其余参数用 ``params``（其中的 ``cost_per_loan`` 被这两个成本取代）。
    """
    members = _segments(segments)
    p = _as_params(params)
    allocated, avoidable = _costs(allocated_cost, avoidable_cost)
    if isinstance(drop, (str, bytes)) or not hasattr(drop, "__iter__"):
        raise InputError("退出的档", "应为名称列表", drop)
    drop = list(drop)
    names = [m.name for m in members]
    unknown = [d for d in drop if d not in names]
    if unknown:
        raise InputError("退出的档", "没有这一档：" + "、".join(map(str, unknown)))
    rows = []
    for m in members:
        rows.append({"名称": m.name, "户数": m.count, "笔数": m.count * m.loan_count,
                     "分摊口径贡献度": _total(m, p, allocated), "可避免口径贡献度": _total(m, p, avoidable),
                     "退出": m.name in drop})
    table = pd.DataFrame(rows)
    loans_n = int(table["笔数"].sum())
    fixed = round((allocated - avoidable) * loans_n, 2)
    kept = table[~table["退出"]]
    all_in = round(math.fsum(table["分摊口径贡献度"]), 2)
    kept_allocated = round(math.fsum(kept["分摊口径贡献度"]), 2)
    kept_true = round(math.fsum(kept["可避免口径贡献度"]) - fixed, 2)
    lost = round(math.fsum(table.loc[table["退出"], "可避免口径贡献度"]), 2)
    return ExitTest(table=table, allocated_cost=allocated, avoidable_cost=avoidable, fixed_pool=fixed,
                    all_in=all_in, kept_allocated=kept_allocated, kept_true=kept_true, lost=lost)


def small_loan_paths(segments, params=None, *, allocated_cost, avoidable_cost, batch_cost, drop=(),
                     deepened=None, take_up=0.0) -> pd.DataFrame:
    """小额客户的几条路，一年的综合贡献度（元）并排：

    1. 现状：全部保留，每笔按 ``allocated_cost``；
    2. 退出 ``drop`` 里的档（分摊口径）：只把留下的户按分摊成本相加——汇报里常见的算法；
    3. 退出 ``drop`` 里的档（真实）：固定成本不随退出消失，见 :func:`exit_test`；
    4. 全部保留、批量化办贷：每笔按 ``batch_cost``；
    5. 批量化 + 深度经营：``deepened``（字典，如 ``{"活期存款日均": 15_000, "结算流水": 80_000}``）是接受深度经营
       的户**每户**的新业务量，``take_up`` 是接受的比例（0—1）。模型对业务量是线性的，所以合计 =
       (1 − 接受率) × 批量化合计 + 接受率 × 全部接受时的合计。

    返回列：方案、服务户数、综合贡献度、较现状增加。
    """
    members = _segments(segments)
    p = _as_params(params)
    test = exit_test(members, p, allocated_cost=allocated_cost, avoidable_cost=avoidable_cost, drop=drop)
    batch = require_non_negative(batch_cost, "批量化后每笔成本")
    if batch > 1e7:
        raise InputError("批量化后每笔成本", "过大（超过 1,000 万元），请检查单位是否为元", batch_cost)
    rate = require_fraction(take_up, "深度经营接受率")
    if deepened is None:
        deepened = {}
    if not isinstance(deepened, Mapping):
        raise InputError("深度经营", "应为“项目 → 每户数值”的字典", type(deepened).__name__)
    changes = {}
    for key, value in deepened.items():
        name = _LABEL_TO_FIELD.get(key, key)
        if name not in CUSTOMER_LABELS or name in ("name", "role", "count"):
            raise InputError("深度经营", f"不认识的项目“{key}”")
        changes[name] = value
    takers = [replace(m, **changes) for m in members]
    n_all = int(test.table["户数"].sum())
    n_kept = int(test.table.loc[~test.table["退出"], "户数"].sum())
    batch_total = round(math.fsum(_total(m, p, batch) for m in members), 2)
    deep_total = round(math.fsum(_total(m, p, batch) for m in takers), 2)
    mixed = round((1 - rate) * batch_total + rate * deep_total, 2)
    rows = [("现状：全部保留", n_all, test.all_in),
            ("退出小额档（分摊口径）", n_kept, test.kept_allocated),
            ("退出小额档（固定成本仍在）", n_kept, test.kept_true),
            ("全部保留、批量化办贷", n_all, batch_total),
            (f"批量化 + 深度经营（接受率 {rate:.0%}）", n_all, mixed)]
    out = pd.DataFrame(rows, columns=["方案", "服务户数", "综合贡献度"])
    out["较现状增加"] = (out["综合贡献度"] - test.all_in).round(2)
    return out


# ---------------------------------------------------------------------------
# 以退为进：坚持全套方案，还是先做一小块
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class ConcessionPaths:
    """:func:`concession_paths` 的结果：``table`` 每年一行，两条路各自的期望贡献；``break_even_p_full``：
    坚持全套、客户答应的把握要到多少，两条路才打平（大于 1 表示坚持全套怎么都不如先退一步）。"""

    table: pd.DataFrame
    hold_total: float
    concede_total: float
    concession_cost: float
    break_even_p_full: float

    @property
    def better(self) -> str:
        """几年期望更高的一条路：“坚持全套”或“先退一步”（打平时算先退一步：同样的钱，少冒一次被拒的险）。"""
        return "坚持全套" if self.hold_total > self.concede_total else "先退一步"


def concession_paths(full: float, partial: float, *, p_full: float, p_partial: float, p_upgrade: float,
                     years: int = 3) -> ConcessionPaths:
    """两条谈判路线几年的期望综合贡献度（元）。

    - **坚持全套**：客户当场答应全套方案的把握是 ``p_full``，答应了每年贡献 ``full``，不答应就什么都没有；
    - **先退一步**：先做一小块（每年 ``partial``），客户答应的把握是 ``p_partial``；做上以后，从第二年起每年有
      ``p_upgrade`` 的把握把全套也搬过来（这一年按 ``full`` 算，否则仍按 ``partial``），各年独立、只看期望。

    ``concession_cost`` 是退这一步在“客户本来会答应全套”时每年少拿的钱（``full − partial``）。
    """
    f = require_number(full, "全套方案的年贡献")
    if f < 1:
        raise InputError("全套方案的年贡献", "应至少 1 元：全套方案本身不赚钱，就没有“坚持”可谈", full)
    part = require_number(partial, "一小块的年贡献")
    for value, name in ((f, "全套方案的年贡献"), (part, "一小块的年贡献")):
        if abs(value) > 1e10:
            raise InputError(name, "超出合理范围，请检查单位（元）", value)
    pf = require_fraction(p_full, "客户答应全套的把握")
    pp = require_fraction(p_partial, "客户答应一小块的把握")
    pu = require_fraction(p_upgrade, "第二年起搬来全套的把握")
    n = require_int(years, "年数", minimum=1, maximum=10)
    rows = []
    for y in range(1, n + 1):
        hold = pf * f
        later = part if y == 1 else pu * f + (1 - pu) * part
        rows.append({"年份": f"第 {y} 年", "坚持全套": round(hold, 2), "先退一步": round(pp * later, 2)})
    table = pd.DataFrame(rows)
    hold_total = round(math.fsum(table["坚持全套"]), 2)
    concede_total = round(math.fsum(table["先退一步"]), 2)
    be = concede_total / (n * f)
    return ConcessionPaths(table=table, hold_total=hold_total, concede_total=concede_total,
                           concession_cost=round(f - part, 2), break_even_p_full=be)


__all__ += ["LEDGER_COLUMNS", "relationship_ledger"]

#: :func:`relationship_ledger` 要的列（每年一行，金额为元）
LEDGER_COLUMNS = ("年份", "直接贡献", "转介绍贡献", "损失", "投入")


def _rows_table(df, field: str, columns, unit: str, limit: int = 50) -> None:
    """逐行的输入表：应为 DataFrame、含 ``columns``、至少一行、不超过 ``limit`` 行（``unit`` 如“年”“个渠道”）。"""
    if not isinstance(df, pd.DataFrame):
        raise InputError(field, "应为表格（DataFrame），列为 " + "、".join(columns))
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise InputError(field, "缺少列：" + "、".join(missing))
    if df.empty:
        raise InputError(field, f"至少要有一{unit}")
    if len(df) > limit:
        raise InputError(field, f"超过 {limit} {unit}，请检查", len(df))


def relationship_ledger(years: pd.DataFrame, *, anyway_share: float = 0.0, discount_rate: float = 0.0) -> pd.DataFrame:
    """一段合作关系（商会、协会、核心企业）几年下来的账：每年一行，逐年累计，并算出“自来比例”的盈亏平衡点。

    ``years``：列为 年份、直接贡献（合作方自己和原有客户因合作多出来的贡献）、转介绍贡献（经合作方介绍来的客户的
    综合贡献）、损失（核销与预计损失，扣除收回后的净额，记正数）、投入（冠名、活动、利率让利等，记正数）。
    ``anyway_share``：介绍来的客户里，没有这段合作也会来本行的比例（按贡献计）——这部分不算合作的功劳。
    ``discount_rate``：每年的折现率；第 1 行折现 1 年，依此类推（0 表示不折现）。

    每年：归因的转介绍贡献 ＝ 转介绍贡献 ×（1 − anyway_share）；净值 ＝ 直接贡献 ＋ 归因的转介绍贡献 − 损失 − 投入；
    折现净值 ＝ 净值 ÷（1 ＋ discount_rate）^t。另给 累计净值、累计折现净值。
    ``attrs["盈亏平衡的自来比例"]``：自来比例高过它，几年的折现净值合计就小于 0；转介绍贡献合计为 0 时为空值
    （合计已不小于 0 时可能大于 1，表示“都自己会来也不亏”）。
    """
    _rows_table(years, "逐年账", LEDGER_COLUMNS, "年")
    s = require_fraction(anyway_share, "自来比例")
    r = require_fraction(discount_rate, "折现率", high=0.5)
    out = pd.DataFrame({"年份": [str(y) for y in years["年份"]]})
    for c in LEDGER_COLUMNS[1:]:
        vals = []
        for y, v in zip(out["年份"], years[c]):
            x = require_number(v, f"{y} 年的{c}")
            if c != "直接贡献" and c != "转介绍贡献" and x < 0:
                raise InputError(f"{y} 年的{c}", "记正数（元）", v)
            if abs(x) > 1e11:
                raise InputError(f"{y} 年的{c}", "超过 1,000 亿元，请检查单位是否为元", v)
            vals.append(float(x))
        out[c] = vals
    out["归因的转介绍贡献"] = out["转介绍贡献"] * (1 - s)
    out["净值"] = out["直接贡献"] + out["归因的转介绍贡献"] - out["损失"] - out["投入"]
    factor = [(1 + r) ** (t + 1) for t in range(len(out))]
    out["折现净值"] = out["净值"] / factor
    out["累计净值"] = out["净值"].cumsum()
    out["累计折现净值"] = out["折现净值"].cumsum()
    ref_pv = float((out["转介绍贡献"] / factor).sum())
    rest_pv = float(((out["直接贡献"] + out["转介绍贡献"] - out["损失"] - out["投入"]) / factor).sum())
    out.attrs["盈亏平衡的自来比例"] = rest_pv / ref_pv if ref_pv > 0 else float("nan")
    return out[["年份", "直接贡献", "转介绍贡献", "归因的转介绍贡献", "损失", "投入", "净值", "累计净值", "折现净值",
                "累计折现净值"]]


CHANNEL_COLUMNS = ("渠道", "开户数", "留存比例", "活期日均", "定期日均", "一次性投入", "投入人天")
__all__ += ["CHANNEL_COLUMNS", "channel_account_review"]


def channel_account_review(channels: pd.DataFrame, params=None, *, day_cost: float = 1_000.0) -> pd.DataFrame:
    """一段合作（社区共建、驻点、活动）带来的新账户，按来的渠道分开算一年的账：开了多少户不算数，留下多少、贡献多少才算。

    ``channels`` 每个渠道一行：渠道、开户数、留存比例（一年后账上仍有余额的户数 ÷ 开户数）、活期日均、定期日均
    （**有余额户**每户的日均，元）、一次性投入（礼品、场地、物料，元）、投入人天（客户经理花在这个渠道上的人天）。

    有余额户 ＝ round(开户数 × 留存比例)，其余为睡眠户；年贡献按 :func:`group_contribution`：有余额户按存款算，
    睡眠户只有账户运营成本。投入 ＝ 一次性投入 ＋ 投入人天 × ``day_cost``（人天成本是分摊口径，不是省得下来的钱）；
    净值 ＝ 年贡献 − 投入；每个有余额户的投入 ＝ 投入 ÷ 有余额户（没有有余额户时为空值）；每人天净值 ＝ 净值 ÷ 投入人天
    （人天为 0 时为空值）。``attrs``：合计开户、合计有余额户、合计净值。
    """
    _rows_table(channels, "渠道表", CHANNEL_COLUMNS, "个渠道")
    dc = require_non_negative(day_cost, "人天成本")
    if dc > 1e6:
        raise InputError("人天成本", "每个人天超过 100 万元，请检查单位是否为元", day_cost)
    p = _as_params(params)
    rows, names = [], set()
    for _, r in channels.iterrows():
        name = r["渠道"]
        if not isinstance(name, str) or not name.strip():
            raise InputError("渠道", "不能为空", name)
        if name in names:
            raise InputError("渠道", "名称重复", name)
        names.add(name)
        opened = require_int(r["开户数"], f"{name}的开户数", minimum=0, maximum=10_000_000)
        keep = require_fraction(r["留存比例"], f"{name}的留存比例")
        vals = {}
        for c in ("活期日均", "定期日均", "一次性投入", "投入人天"):
            v = require_non_negative(r[c], f"{name}的{c}")
            if v > 1e10:
                raise InputError(f"{name}的{c}", "太大，请检查单位", r[c])
            vals[c] = v
        active = int(round(opened * keep))
        dormant = opened - active
        members = []
        if active:
            members.append(Customer(name="有余额", count=active, demand_deposit_avg=vals["活期日均"],
                                    time_deposit_avg=vals["定期日均"]))
        if dormant:
            members.append(Customer(name="睡眠", count=dormant))
        value = group_contribution(members, p).combined.total if members else 0.0
        cost = vals["一次性投入"] + vals["投入人天"] * dc
        net = value - cost
        rows.append({"渠道": name, "开户数": opened, "有余额户": active, "睡眠户": dormant, "年贡献": value,
                     "投入": cost, "净值": net,
                     "每个有余额户的投入": cost / active if active else float("nan"),
                     "每人天净值": net / vals["投入人天"] if vals["投入人天"] > 0 else float("nan")})
    out = pd.DataFrame(rows)
    out.attrs["合计开户"] = int(out["开户数"].sum())
    out.attrs["合计有余额户"] = int(out["有余额户"].sum())
    out.attrs["合计净值"] = float(out["净值"].sum())
    return out


# ---------------------------------------------------------------------------
# 有条件的让价：换回的业务要兑现几成，让出去的利息才补得回来
# ---------------------------------------------------------------------------
__all__ += ["ConcessionFloor", "concession_floor"]

_LOAN_FIELDS = ("loan_avg", "loan_rate", "loan_count", "pd")
_INT_FIELDS = ("count", "accounts", "loan_count", "payroll_employees", "credit_cards")


@dataclass(frozen=True)
class ConcessionFloor:
    """:func:`concession_floor` 的结果（元/年，教学模型）。

    - ``list_total``：原价、只做贷款；``offer_total``：让价、只做贷款；``full_total``：让价、换回的业务全部兑现；
    - ``concession_cost``：让价一年少收的利息（``list_total − offer_total``）；``package_gain``：全套兑现一年多出的贡献；
    - ``breakeven_share``：全套兑现到几成，贡献才回到“原价只做贷款”（大于 1 表示全部兑现也补不回；换回的业务不赚钱时为 None）；
    - ``eva_share``：兑现到几成，经济增加值才不为负（让价只做贷款就不为负时为 0；补不上时为 None）；
    - ``items``：每项业务单独兑现时一年多出的贡献，和它一项能补回让价的几成；
    - ``table``：兑现比例 0–100% 每档一行：综合贡献度、比原价只做贷款、经济增加值；
    - ``terms``：写进复核条款的数——每项业务的计划量，兑现到 ``eva_share`` 和 ``breakeven_share`` 时的量
      （人数、户数、账户数向上取整；对应的比例为 None 时为空）。
    """

    list_total: float
    offer_total: float
    full_total: float
    concession_cost: float
    package_gain: float
    breakeven_share: float | None
    eva_offer: float
    eva_full: float
    eva_share: float | None
    items: pd.DataFrame
    table: pd.DataFrame
    terms: pd.DataFrame

    def at(self, share: float) -> tuple[float, float]:
        """换回的业务兑现 ``share``（0–1）时整户一年的（综合贡献度, 经济增加值）。"""
        s = require_fraction(share, "兑现比例")
        return (round(self.offer_total + s * self.package_gain, 2),
                round(self.eva_offer + s * (self.eva_full - self.eva_offer), 2))


def _merge_package(package) -> dict:
    """各项业务的改动合成一份 ``what_if`` 式的改动；两项改同一成员的同一项目时报错。"""
    if not isinstance(package, Mapping) or not package:
        raise InputError("换回的业务", "应为 {业务名: 改动} 的字典，至少一项", package)
    merged: dict = {}
    owner: dict = {}
    for item, changes in package.items():
        if not isinstance(item, str) or not item.strip():
            raise InputError("换回的业务", "业务名应为文字", item)
        if not isinstance(changes, Mapping) or not changes:
            raise InputError(f"业务“{item}”", "应为改动的字典（成员名 → {项目: 新值}，新增成员用“新增客户”）", changes)
        for who, change in changes.items():
            if who == ADD_KEY:
                extra = change if isinstance(change, (list, tuple)) else [change]
                merged.setdefault(ADD_KEY, []).extend(extra)
                continue
            if not isinstance(change, Mapping):
                raise InputError(f"业务“{item}”", f"对“{who}”的改动应为 {{项目: 新值}} 的字典", change)
            slot = merged.setdefault(who, {})
            for key, value in change.items():
                name = _LABEL_TO_FIELD.get(key, key)
                if (who, name) in owner:
                    raise InputError(f"业务“{item}”", f"和“{owner[(who, name)]}”都改了“{who}”的"
                                     f"“{CUSTOMER_LABELS.get(name, key)}”，请合成一项")
                owner[(who, name)] = item
                slot[key] = value
    return merged


def concession_floor(base, package, *, member: str, list_rate: float, offer_rate: float, params=None,
                     step: float = 0.1) -> ConcessionFloor:
    """有条件的让价：贷款从原价 ``list_rate`` 让到 ``offer_rate``，换回 ``package`` 里的业务——这些业务要兑现几成，
    整户一年的综合贡献才回到“原价、只做贷款”，经济增加值才不为负。

    ``base``：让价、只做贷款时的客户群（列表，成员为客户字典），其中名为 ``member`` 的成员是借款人；
    ``package``：{业务名: 改动}，改动的写法同 :func:`what_if` 的客户群情景（成员名 → {项目: 新值}，
    新增成员用 ``"新增客户"``），如 ``{"代发 28 人": {"某公司": {"代发人数": 28}, "新增客户": [员工]}}``。
    换回的业务不能改动贷款本身（贷款日均、利率、笔数、违约概率），也不能再带来贷款——贷款不变，经济资本就不变。

    模型对业务量是线性的，所以“每项业务都兑现 s 成”时，贡献 = 让价只做贷款 + s ×（全套兑现 − 让价只做贷款）；
    人数、账户数这类整数在中间档按期望值理解，写进条款时向上取整。
    """
    p = _as_params(params)
    if isinstance(base, (str, bytes, Mapping, Customer)) or not isinstance(base, (list, tuple)):
        raise InputError("客户群", "应为客户（字典）的列表", type(base).__name__)
    members = _members(base, "客户群", "户", "成员名称重复")
    names = [m.name for m in members]
    if member not in names:
        raise InputError("借款人", "应是客户群里的一个成员：" + "、".join(names), member)
    borrower = members[names.index(member)]
    if borrower.loan_avg <= 0:
        raise InputError("借款人", f"“{member}”没有贷款（贷款日均为 0），谈不上让价", member)
    high = require_number(list_rate, "原价利率")
    low = require_number(offer_rate, "让价后的利率")
    for value, label in ((high, "原价利率"), (low, "让价后的利率")):
        if not 0 < value < 0.36:
            raise InputError(label, "应在 0 到 36% 之间（按小数填写，如 0.043）", value)
    if low > high:
        raise InputError("让价后的利率", "应不高于原价利率", offer_rate)
    s_step = require_fraction(step, "兑现比例的档距")
    if s_step < 0.01:
        raise InputError("兑现比例的档距", "应在 1% 到 100% 之间", step)
    merged = _merge_package(package)
    for who, change in merged.items():
        if who == ADD_KEY:
            for extra in change:
                if _as_customer(extra).loan_avg > 0:
                    raise InputError("换回的业务", f"新增成员“{_as_customer(extra).name}”带着贷款；换回的业务里不能再有贷款")
            continue
        touched = [CUSTOMER_LABELS[_LABEL_TO_FIELD.get(k, k)] for k in change
                   if _LABEL_TO_FIELD.get(k, k) in _LOAN_FIELDS]
        if touched:
            raise InputError("换回的业务", f"改动了“{who}”的" + "、".join(touched) + "；换回的业务不能改动贷款本身")

    def priced(rate):
        return _apply(members, {member: {"loan_rate": rate}}, "让价")

    def run(group):
        return group_contribution(group, p).combined

    at_list, at_offer = run(priced(high)), run(priced(low))
    offered = priced(low)
    full = run(_apply(offered, merged, "全套兑现"))
    cost = round(at_list.total - at_offer.total, 2)
    gain = round(full.total - at_offer.total, 2)
    breakeven = cost / gain if gain > 0 else None
    if at_offer.eva >= 0:
        eva_share = 0.0
    elif full.eva > at_offer.eva:
        eva_share = -at_offer.eva / (full.eva - at_offer.eva)
    else:
        eva_share = None

    item_rows = []
    for item, changes in package.items():
        alone = run(_apply(offered, _merge_package({item: changes}), item)).total - at_offer.total
        item_rows.append({"业务": item, "一年多出的贡献": round(alone, 2),
                          "单独补回让价的几成": alone / cost if cost > 0 else float("nan")})
    items = pd.DataFrame(item_rows)

    shares = np.round(np.append(np.arange(0.0, 1.0, s_step), 1.0), 6)
    table = pd.DataFrame({"兑现比例": shares})
    table["综合贡献度"] = [round(at_offer.total + s * gain, 2) for s in shares]
    table["比原价只做贷款"] = (table["综合贡献度"] - at_list.total).round(2)
    table["经济增加值"] = [round(at_offer.eva + s * (full.eva - at_offer.eva), 2) for s in shares]

    by_name = {m.name: m for m in offered}

    def level(before, new, share, name):
        if share is None:
            return None
        value = before + share * (new - before)
        return math.ceil(value - 1e-9) if name in _INT_FIELDS else round(value, 2)

    term_rows = []
    for item, changes in package.items():
        for who, change in changes.items():
            if who == ADD_KEY:
                for extra in (change if isinstance(change, (list, tuple)) else [change]):
                    c = _as_customer(extra)
                    term_rows.append({"业务": item, "成员": c.name, "项目": CUSTOMER_LABELS["count"],
                                      "计划": float(c.count), "经济增加值转正所需": level(0.0, c.count, eva_share, "count"),
                                      "补回让价所需": level(0.0, c.count, breakeven, "count")})
                continue
            old = by_name[who]
            for key, value in change.items():
                name = _LABEL_TO_FIELD.get(key, key)      # 项目名和数值在上面算全套时已由 Customer 检查过
                new = float(value)
                before = float(getattr(old, name) or 0.0)
                term_rows.append({"业务": item, "成员": who, "项目": CUSTOMER_LABELS[name], "计划": new,
                                  "经济增加值转正所需": level(before, new, eva_share, name),
                                  "补回让价所需": level(before, new, breakeven, name)})
    terms = pd.DataFrame(term_rows, columns=["业务", "成员", "项目", "计划", "经济增加值转正所需", "补回让价所需"])
    return ConcessionFloor(list_total=at_list.total, offer_total=at_offer.total, full_total=full.total,
                           concession_cost=cost, package_gain=gain, breakeven_share=breakeven,
                           eva_offer=at_offer.eva, eva_full=full.eva, eva_share=eva_share,
                           items=items, table=table, terms=terms)
