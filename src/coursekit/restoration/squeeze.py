"""扩张之后的固定成本挤压：销售额掉多少，这笔贷款的月供就过不去了；拖着的货款要还回去又要多少钱。

扩张（多开店、买车、借新债）之后，房租、工资、利息、车贷、家用这些开支不随销售额减少，销售额一掉，
挤掉的全是可支配收入。:func:`fixed_cost_squeeze` 在还原底稿上回答三件事：

- 销售额下降 ``sales_drop`` 时，每月毛利还剩多少、固定开支多少、月可支配收入多少，申请的这笔贷款过不过
  （:meth:`~coursekit.restoration.Worksheet.what_if` 下调销售额，:meth:`~coursekit.restoration.Worksheet.capacity`
  测算）；
- 销售额降到多少，月供就不再“通过”（超出月供上限），降到多少连全部可支配收入都不够付月供——
  用 :func:`~coursekit.restoration.break_even` 的“付得起月供”平衡点算出；
- 供应商的账期：应付账款周转天数超出供应商通常给的账期，多出来的就是供应商替借款人垫的钱。
  把账期压回到 ``payable_days_target`` 天，要还回去的钱 = 应付账款 ×（1 − 目标天数 ÷ 现在的天数），
  即（现在的天数 − 目标天数）× 每天的进货额；分 ``catch_up_months`` 个月还，每月的回款像一笔债务月供一样，
  计入“其他债务月还款”，和本行的月供争同一份可支配收入。

口径：周转天数按底稿的口径（360 天、年进货额，没有进货额时用销售成本）；要还的货款按**今天**的余额和进货额算，
不随销售额下调而变——销售额下降时进货少了，同样的天数对应的欠款也少，但存货也会跟着压下来，两者相抵，这里不再细算。
月供上限比例默认 60%，是常见的内部做法，不是监管规定。
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..errors import InputError, require_fraction, require_int, require_non_negative
from .breakeven import break_even
from .whatif import _rebuilt, _sheet
from .worksheet import DEFAULT_MAX_SHARE, Capacity, Worksheet

__all__ = ["FixedCostSqueeze", "fixed_cost_squeeze"]


@dataclass(frozen=True)
class FixedCostSqueeze:
    """销售额下降、货款回到正常账期之后，这笔贷款还过不过（:func:`fixed_cost_squeeze`）。金额为元，月度为元/月。

    - ``base_sales``：测算起点的年销售额（``sales_basis`` 为“印证”时是印证的销售额）；``sales``：下降后的年销售额；
    - ``gross_profit_monthly``：下降后的月毛利；``fixed_monthly``：不随销售额变的月开支（经营月成本与利息、家庭开支、
      其他债务月还款、每月还给供应商的货款，减去家庭其他收入）；``disposable_monthly`` = 两者之差；
    - ``payables``、``payable_days``：应付账款余额与现在的周转天数（算不出时为 None）；``norm_days``：行业参考的
      供应商账期；``over_norm``：超出参考账期的应付账款——供应商在替借款人垫的钱；
    - ``target_days``：要求压回到的天数（None 表示不压，供应商继续垫着）；``catch_up``：为此要还回去的货款；
      ``catch_up_monthly``：分 ``catch_up_months`` 个月还，每月多少；
    - ``payment``：本行贷款首期月供；``verdict``：月供测试的结论（到期一次还本的贷款只看利息付不付得起，
      本金靠什么还见 ``capacity.verdict`` 与说明）；``max_loan``：下降后按这个期限最高可贷；
    - ``pass_factor``、``pays_factor``、``zero_factor``：销售额降到 ``base_sales`` 的这个倍数时，月供正好碰到
      月供上限、正好等于全部可支配收入、可支配收入正好为零（在倍数之下分别为“关注”“不通过”、倒贴）；
    - ``capacity``：完整的还款能力测算；``worksheet``：下调销售额、计入货款回款后的底稿；
    - ``replaced_interest``：续贷后不再计入的旧贷款月利息（``fixed_monthly`` 已不含它）。
    """

    sales_drop: float
    base_sales: float
    sales: float
    sales_basis: str
    gross_profit_monthly: float
    fixed_monthly: float
    disposable_monthly: float
    payables: float
    payable_days: float | None
    norm_days: float | None
    over_norm: float | None
    target_days: float | None
    catch_up: float
    catch_up_months: int
    catch_up_monthly: float
    amount: float
    payment: float
    verdict: str
    max_loan: float
    pass_factor: float
    pays_factor: float
    zero_factor: float
    capacity: Capacity
    worksheet: Worksheet = field(repr=False)
    replaced_interest: float = 0.0

    @property
    def pass_drop(self) -> float:
        """销售额（相对 ``base_sales``）最多还能掉多少，月供仍在上限以内；为负时表示现在就过不去，要涨这么多才行。"""
        return 1 - self.pass_factor

    @property
    def fail_drop(self) -> float:
        """销售额掉到这个幅度，月供超过全部可支配收入（“不通过”）；为负时现在就还不上。"""
        return 1 - self.pays_factor

    @property
    def pass_sales(self) -> float:
        """月供还在上限以内的最低年销售额（元）。"""
        return self.pass_factor * self.base_sales

    def table(self):
        """每月的账（DataFrame）：毛利、固定开支、还供应商、可支配收入、月供。"""
        import pandas as pd

        rows = [("月毛利", self.gross_profit_monthly, f"年销售额 {self.sales / 10000:,.2f} 万元，随销售额变"),
                ("不随销售额变的开支", self.fixed_monthly - self.catch_up_monthly,
                 "房租、工资、其他经营费用、利息、家庭开支、其他债务月还款"
                 + (f"（不含续贷后还清的旧贷款利息 {self.replaced_interest:,.0f} 元）"
                    if self.replaced_interest else "")),
                ("还给供应商的货款", self.catch_up_monthly,
                 "不压账期" if self.target_days is None else
                 f"账期压回 {self.target_days:.0f} 天，{self.catch_up_months} 个月还完"),
                ("月可支配收入", self.disposable_monthly, "月毛利 − 上面两项"),
                ("本行贷款首期月供", self.payment, f"申请 {self.amount / 10000:,.2f} 万元，{self.verdict}")]
        return pd.DataFrame(rows, columns=["项目", "每月（元）", "说明"])

    def row(self) -> dict:
        """一行摘要（中文列名），几种情形并排比较时用。"""
        return {"销售额下降": self.sales_drop, "年销售额（元）": self.sales, "账期压回到（天）": self.target_days,
                "要还供应商（元）": self.catch_up, "每月还供应商（元）": self.catch_up_monthly,
                "月可支配收入（元）": self.disposable_monthly, "申请金额（元）": self.amount, "月供（元）": self.payment,
                "结论": self.verdict, "最多还能掉": self.pass_drop, "最高可贷（元）": self.max_loan}


def _above(payables: float, days: float, target: float) -> float:
    """应付账款里超出 ``target`` 天账期的部分：（现在的天数 − 目标天数）× 每天的进货额。"""
    return 0.0 if days <= target else payables * (1 - target / days)


def fixed_cost_squeeze(inputs, *, sales_drop, annual_rate, months, method: str = "等额本息", amount,
                       payable_days_target=None, catch_up_months: int = 12, max_share: float = DEFAULT_MAX_SHARE,
                       norms=None, replaces_interest: float = 0.0) -> FixedCostSqueeze:
    """销售额下降 ``sales_drop``（小数，0.2 即两成）、供应商的账期压回到 ``payable_days_target`` 天时，
    申请的 ``amount`` 元（``annual_rate``、``months``、``method``）还过不过，销售额降到哪里就过不去。做法见模块说明。

    ``inputs``：借款人字典（用 ``norms`` 还原）或已还原的底稿，固定开支和全部借款（含征信上查出来的）都已在里面。
    申报销售额得不到印证时（:meth:`~coursekit.restoration.Worksheet.sales_basis`），从印证的销售额起算。
    ``payable_days_target`` 为 None 时不压账期；不低于现在的天数时要还的货款为 0。
    ``replaces_interest``：续贷时底稿月利息里原贷款每月的利息（元），测算时不再计入，由新贷款的月供替代
    （见 :meth:`~coursekit.restoration.Worksheet.capacity`）；可支配收入、各个平衡点都按减掉它之后的底稿算。

    >>> shop = {"名称": "甲", "产品": [{"名称": "货", "销售额": 1_200_000, "毛利率": 0.25}],
    ...         "经营负债": {"应付账款": 150_000}, "月成本": {"房租": 10_000, "工资": 5_000},
    ...         "家庭收支": {"家庭月支出": 5_000}}
    >>> r = fixed_cost_squeeze(shop, sales_drop=0.1, annual_rate=0, months=12, amount=60_000,
    ...                        payable_days_target=30)
    >>> r.payable_days, r.catch_up, r.catch_up_monthly, r.disposable_monthly    # 15 万 × 360 ÷ 90 万 = 60 天
    (60.0, 75000.0, 6250.0, -3750.0)
    >>> r.verdict, round(r.pass_factor, 4)       # (18 万 + 6 万 + 7.5 万 + 12 × 5,000 ÷ 0.6) ÷ 30 万
    ('不通过', 1.3833)
    """
    ws = _sheet(inputs, norms)
    replaced = ws._replaced_interest(replaces_interest)
    drop = require_fraction(sales_drop, "销售额下降")
    n_catch = require_int(catch_up_months, "还清货款的月数", minimum=1, maximum=120)
    if amount is None:
        raise InputError("申请金额", "要给出申请的金额（元），才能看销售额掉到哪里这笔贷款就过不去", amount)
    b = ws.borrower
    payables = b.business_liabilities.payables
    days = ws.ratios().payable_days
    norm_days = ws.norm.payable_days if ws.norm is not None else None
    over_norm = None if days is None or norm_days is None else _above(payables, days, norm_days)
    target = None
    catch_up = 0.0
    if payable_days_target is not None:
        target = require_non_negative(payable_days_target, "账期压回到（天）")
        if target > 3660:
            raise InputError("账期压回到（天）", "应在 0 到 3660 天之间", payable_days_target)
        if days is None:
            raise InputError("账期压回到（天）", "底稿里没有应付账款或进货额（销售成本），算不出现在的周转天数",
                             payable_days_target)
        catch_up = _above(payables, days, target)
    monthly = round(catch_up / n_catch, 2)

    basis = ws.sales_basis()
    start = ws
    if basis.use_corroborated and basis.declared > 0:
        start = ws.what_if(sales_factor=basis.corroborated / basis.declared)
    if replaced:
        start = start.without_interest(replaced)
    if monthly:
        hh = start.borrower.household
        start = _rebuilt(start, replace(start.borrower, household=replace(
            hh, other_debt_service=hh.other_debt_service + monthly)))
    stressed = start.what_if(sales_factor=1 - drop)
    cap = stressed.capacity(annual_rate, months, method, max_share=max_share, amount=amount)
    pay = float(cap.payment)
    at_cap = break_even(start, pay / cap.max_share)             # 月供碰到月供上限
    at_disp = break_even(start, pay)                            # 月供等于全部可支配收入；不带月供时可支配收入为零
    f = stressed.figures
    gp_m = f.gross_profit / 12
    return FixedCostSqueeze(
        sales_drop=drop, base_sales=start.figures.annual_sales, sales=f.annual_sales,
        sales_basis="印证" if basis.use_corroborated and basis.declared > 0 else "申报",
        gross_profit_monthly=gp_m, fixed_monthly=gp_m - f.disposable_monthly, disposable_monthly=f.disposable_monthly,
        payables=payables, payable_days=days, norm_days=norm_days, over_norm=over_norm, target_days=target,
        catch_up=catch_up, catch_up_months=n_catch, catch_up_monthly=monthly, amount=float(cap.amount), payment=pay,
        verdict=cap.monthly_verdict or cap.verdict, max_loan=cap.max_loan, pass_factor=at_cap.payment_utilisation,
        pays_factor=at_disp.payment_utilisation, zero_factor=at_disp.disposable_utilisation, capacity=cap,
        worksheet=stressed, replaced_interest=replaced)
