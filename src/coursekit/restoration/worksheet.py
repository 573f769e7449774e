"""工作底稿：把输入、还原的报表、比率、交叉检验和还款能力放在一起——客户经理在现场用的那一张纸。"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Mapping

from ..errors import InputError, require_fraction, require_non_negative, require_number
from .core import Check, Figures, figures, run_checks, sales_angles, DAYS_IN_YEAR
from .framework import CHECKS, INDUSTRY_NORMS, Checklist, IndustryNorm, Tolerances
from .framework import check_norms
from .model import Borrower

__all__ = ["Worksheet", "Ratios", "Capacity", "SalesBasis", "restore", "DEFAULT_MAX_SHARE", "SALES_BASES",
           "seasonal_reserve"]

#: 测算还款能力时销售额的口径：自动（申报未经印证时用印证的销售额）、申报、印证
SALES_BASES = ("自动", "申报", "印证")
#: 印证销售额只用单据类角度；存货周转一角建立在行业参考值（示意）上，太粗，只参加“是否不通过”的计数
_CORROBORATING = ("sales_bank", "sales_purchases", "sales_utility", "sales_physical", "sales_tax", "sales_observed")

# 新增月供占月可支配收入的上限：常见的内部做法在 50%–70% 之间，不是监管规定，按本行制度调整
DEFAULT_MAX_SHARE = 0.6


def _div(a: float, b: float) -> float | None:
    return None if b == 0 else a / b


@dataclass(frozen=True, slots=True)
class Ratios:
    """关键比率。分母为 0 时为 None（如没有流动负债时的流动比率）。"""

    debt_ratio: float | None            # 资产负债率（经营加家庭）
    business_debt_ratio: float | None   # 资产负债率（仅经营）
    current_ratio: float | None
    quick_ratio: float | None
    weighted_margin: float
    product_margins: tuple[tuple[str, float, float], ...]   # (产品, 毛利率, 销售占比)
    inventory_days: float | None
    receivable_days: float | None
    business_equity: float
    equity: float
    disposable_monthly: float
    dscr: float | None
    payable_days: float | None = None   # 应付账款周转天数（按年进货额，没有时按销售成本）

    def table(self):
        """比率表：指标、数值（已格式化）、口径。"""
        import pandas as pd

        def p(x):
            return "—" if x is None else f"{x * 100:.1f}%"

        def n(x, unit=""):
            return "—" if x is None else f"{x:,.2f}{unit}"

        from ..fmt import money

        rows = [
            ("资产负债率（合并）", p(self.debt_ratio), "负债合计 ÷ 资产合计"),
            ("资产负债率（经营）", p(self.business_debt_ratio), "经营负债 ÷ 经营资产"),
            ("流动比率", n(self.current_ratio), "流动资产 ÷ 流动负债（经营负债全部按流动计）"),
            ("速动比率", n(self.quick_ratio), "（流动资产 − 存货）÷ 流动负债"),
            ("加权毛利率", p(self.weighted_margin), "Σ 各产品毛利率 × 销售占比"),
        ]
        rows += [(f"　{name} 毛利率", p(m), f"销售占比 {s * 100:.1f}%") for name, m, s in self.product_margins]
        rows += [
            ("存货周转天数", n(self.inventory_days, " 天"), f"{DAYS_IN_YEAR} ÷（销售成本 ÷ 存货）"),
            ("应收账款周转天数", n(self.receivable_days, " 天"), f"{DAYS_IN_YEAR} ÷（赊销收入 ÷ 应收账款）"),
            ("应付账款周转天数", n(self.payable_days, " 天"), f"{DAYS_IN_YEAR} ÷（年进货额或销售成本 ÷ 应付账款）"),
            ("经营权益", money(self.business_equity), "经营资产 − 经营负债"),
            ("合并权益", money(self.equity), "全部资产 − 全部负债"),
            ("月可支配收入", money(self.disposable_monthly),
             "（经营净利润 + 家庭其他收入 − 家庭支出 − 其他债务还款）÷ 12"),
            ("偿债覆盖率（DSCR）", n(self.dscr, " 倍"), "可用于偿债的现金流 ÷（利息 + 其他债务还款）"),
        ]
        return pd.DataFrame(rows, columns=["指标", "数值", "口径"])


@dataclass(frozen=True, slots=True)
class SalesBasis:
    """申报销售额有没有得到印证，以及印证出来的销售额（元/年）。

    - ``failed``：申报额**高出**该角度、结论为“不通过”的销售额角度（检验编号）；两个及以上时，申报的销售额
      得不到印证，不能作为测算依据（申报额低于各角度的，是保守，不算在内——例如 ``what_if`` 下调销售额的情景）；
    - ``agreeing``：彼此相差不超过不通过线（``Tolerances.fail``，按 最大 ÷ 最小 − 1 计）的单据类角度中，
      个数最多的一组（个数相同取数值较低的一组）；
    - ``corroborated``：这一组的中位数——“印证的销售额”；少于两个角度彼此一致时为 None（无法印证）；
    - ``use_corroborated``：两个及以上角度不通过、且有低于申报额的印证销售额时为 True，还款能力默认按它测算
      （印证的数只用来往下修正，不会把还款能力抬得比申报额还高）。
    """

    declared: float
    angles: tuple[tuple[str, float], ...]
    failed: tuple[str, ...]
    agreeing: tuple[str, ...]
    corroborated: float | None

    @property
    def use_corroborated(self) -> bool:
        return len(self.failed) >= 2 and self.corroborated is not None and self.corroborated < self.declared

    def explain(self) -> str:
        names = {cid: CHECKS[cid].name.split("：", 1)[1] for cid, _ in self.angles}
        if len(self.failed) < 2:
            return f"申报销售额 {self.declared / 10000:,.2f} 万元没有两个及以上角度不通过，按申报额测算。"
        head = (f"申报销售额 {self.declared / 10000:,.2f} 万元比 {len(self.failed)} 个角度高出不通过线"
                f"（{'、'.join(names[c] for c in self.failed)}）")
        if self.corroborated is None:
            return head + "，而各角度之间也互不印证：得不出可靠的销售额，先补资料、再测算。"
        return (head + f"；{'、'.join(names[c] for c in self.agreeing)} {len(self.agreeing)} 个角度彼此印证，"
                f"取中位数 {self.corroborated / 10000:,.2f} 万元作为印证的销售额。")


def _sales_basis(ws: "Worksheet") -> SalesBasis:
    f = ws.figures
    angles = sales_angles(ws.borrower, f, ws.norm)
    failed = tuple(ch.id for ch in ws.checks()
                   if ch.id in angles and ch.verdict == "不通过" and f.annual_sales > angles[ch.id])
    docs = sorted((v, cid) for cid, v in angles.items() if cid in _CORROBORATING and v > 0)
    best: list[tuple[float, str]] = []
    tol = ws.tolerances.fail
    for i in range(len(docs)):
        group = [d for d in docs[i:] if d[0] <= docs[i][0] * (1 + tol) + 1e-9]
        if len(group) > len(best):
            best = group
    if len(best) >= 2:
        vals = [v for v, _ in best]
        k = len(vals)
        corroborated = vals[k // 2] if k % 2 else (vals[k // 2 - 1] + vals[k // 2]) / 2
        agreeing = tuple(cid for _, cid in sorted(best, key=lambda d: list(angles).index(d[1])))
    else:
        corroborated, agreeing = None, ()
    return SalesBasis(declared=f.annual_sales, angles=tuple(angles.items()), failed=failed, agreeing=agreeing,
                      corroborated=corroborated)


@dataclass(frozen=True, slots=True)
class Capacity:
    """还款能力测算结果。金额为元/月，比例为小数。

    ``sales_basis`` 是测算所用的销售额口径（“申报”或“印证”），``sales_used`` 是所用的年销售额，
    ``declared_sales`` 是申报的年销售额，``failed_sales_angles`` 是不通过的销售额角度个数。
    """

    disposable_monthly: float
    lowest_month_disposable: float
    max_share: float
    installment_cap: float
    annual_rate: float
    months: int
    method: str
    max_loan: float
    amount: float | None
    payment: float | None
    safety_margin: float | None
    dscr: float | None
    verdict: str
    explanation: str
    sales_basis: str = "申报"
    sales_used: float | None = None
    declared_sales: float | None = None
    failed_sales_angles: int = 0
    principal_due: float | None = None
    principal_source: str | None = None
    source_amount: float | None = None
    renewal_dependent: bool = False
    #: 只看月供（利息）的结论，不含到期本金的检验；分期还本的贷款与 ``verdict`` 相同
    monthly_verdict: str | None = None
    #: 测算时从底稿月成本里减掉的旧贷款月利息（续贷、置换时；见 ``Worksheet.capacity`` 的 ``replaces_interest``）
    replaced_interest: float = 0.0
    #: 按首期月供逐月还，淡季要从旺季结余里垫的钱（元，见 :func:`seasonal_reserve`）；没给申请金额时为 0
    seasonal_reserve: float = 0.0

    @property
    def principal_gap(self) -> float | None:
        """到期一次还本的贷款：到期本金超出指定还款来源的部分（元）；没有指定来源时为全部本金；分期还本为 None。"""
        if self.principal_due is None:
            return None
        return max(0.0, self.principal_due - (self.source_amount or 0.0))

    def table(self):
        import pandas as pd

        def money(x):
            return "—" if x is None else f"{x:,.2f} 元"

        rows = []
        if self.sales_used is not None:
            rows.append(("测算用的年销售额", f"{self.sales_used / 10000:,.2f} 万元（{self.sales_basis}）"))
            if self.sales_basis != "申报" and self.declared_sales is not None:
                rows.append(("申报的年销售额", f"{self.declared_sales / 10000:,.2f} 万元（未经印证）"))
        if self.replaced_interest:
            rows.append(("不再计入的旧贷款月利息", f"{money(self.replaced_interest)}（续贷、置换后还清）"))
        rows += [
            ("月可支配收入（全年平均）", money(self.disposable_monthly)),
            ("最紧月份的可支配收入", money(self.lowest_month_disposable)),
            ("月供上限比例（内部政策参数）", f"{self.max_share * 100:.0f}%"),
            ("月供上限", money(self.installment_cap)),
            ("测算条件", f"年利率 {self.annual_rate * 100:.2f}%，{self.months} 个月，{self.method}"),
            ("最高可贷金额", f"{self.max_loan / 10000:,.2f} 万元"),
        ]
        if self.amount is not None:
            rows += [
                ("申请金额", f"{self.amount / 10000:,.2f} 万元"),
                ("首期月供", money(self.payment)),
                ("安全边际", "—" if self.safety_margin is None else f"{self.safety_margin * 100:.1f}%"),
                ("偿债覆盖率（DSCR，含新贷款）", "—" if self.dscr is None else f"{self.dscr:.2f} 倍"),
            ]
        if self.seasonal_reserve > 0.5:
            rows.append(("淡季要垫的钱（旺季留作备用金）", money(self.seasonal_reserve)))
        if self.principal_due is not None:
            rows += [
                ("到期一次归还的本金", f"{self.principal_due / 10000:,.2f} 万元"),
                ("还本来源", self.principal_source or "未指定"),
                ("来源可用金额", "—" if self.source_amount is None else f"{self.source_amount / 10000:,.2f} 万元"),
                ("依赖续贷的本金", f"{self.principal_gap / 10000:,.2f} 万元"),
            ]
        rows.append(("结论", self.verdict))
        return pd.DataFrame(rows, columns=["项目", "数值"])


class Worksheet:
    """一个借款人的还原工作底稿。

    >>> ws = restore(inputs)                     # inputs 是案例里看得见的中文键字典
    >>> ws.balance_sheet(); ws.income_statement(); ws.checks()
    >>> ws.capacity(annual_rate=0.06, months=12)
    >>> ws.what_if(sales_factor=0.8, hidden_debt=200_000).capacity(0.06, 12)

    数字只算一次并缓存（纯 Python，滑块每动一次的重算在 1 毫秒以内）；DataFrame 只在调用显示方法时生成。
    """

    __slots__ = ("borrower", "tolerances", "checklist", "norms", "scenario", "_fig", "_checks")

    def __init__(self, borrower: Borrower | Mapping, *, tolerances: Tolerances | Mapping | None = None,
                 checklist: Checklist | None = None, norms: Mapping[str, IndustryNorm] | None = None,
                 scenario: Mapping[str, float] | None = None):
        norms = None if norms is None else check_norms(norms)
        scenario = _check_scenario(scenario)
        self.borrower = borrower if isinstance(borrower, Borrower) else Borrower.from_dict(borrower)
        if tolerances is None:
            tolerances = Tolerances()
        elif isinstance(tolerances, Mapping):
            tolerances = _tolerances_from_dict(tolerances)
        elif not isinstance(tolerances, Tolerances):
            raise InputError("容忍度", "应为 Tolerances 或字典", type(tolerances).__name__)
        self.tolerances = tolerances
        if checklist is not None and not isinstance(checklist, Checklist):
            checklist = Checklist(checklist)
        # 冻结建立时的清单：之后调用方再 tick()，检验结论与“资料已核”也不会一半新一半旧
        self.checklist = None if checklist is None else (checklist if checklist.is_frozen else checklist.frozen())
        self.norms = INDUSTRY_NORMS if norms is None else norms
        self.scenario = dict(scenario or {})
        self._fig: Figures | None = None
        self._checks: tuple[Check, ...] | None = None

    # -- 数字 ----------------------------------------------------------------
    @property
    def figures(self) -> Figures:
        if self._fig is None:
            self._fig = figures(self.borrower)
        return self._fig

    @property
    def norm(self) -> IndustryNorm | None:
        ind = self.borrower.industry
        return self.norms.get(ind) if ind else None

    def ratios(self) -> Ratios:
        f = self.figures
        b = self.borrower
        ba = b.business_assets
        cur_liab = f.business_liabilities
        sales = f.annual_sales
        credit = sales * (b.credit_sales_share if b.credit_sales_share is not None else 1.0)
        service = f.interest + f.other_debt_service
        available = f.net_profit + f.interest + f.other_income - f.household_spending
        return Ratios(
            debt_ratio=_div(f.total_liabilities, f.total_assets),
            business_debt_ratio=_div(f.business_liabilities, f.business_assets),
            current_ratio=_div(f.business_current_assets, cur_liab),
            quick_ratio=_div(f.business_current_assets - ba.inventory, cur_liab),
            weighted_margin=f.weighted_margin,
            product_margins=tuple((p.name, p.margin, p.sales / sales if sales else 0.0) for p in b.products),
            inventory_days=None if f.cogs <= 0 else DAYS_IN_YEAR * ba.inventory / f.cogs,
            receivable_days=None if credit <= 0 else DAYS_IN_YEAR * ba.receivables / credit,
            business_equity=f.business_equity,
            equity=f.equity,
            disposable_monthly=f.disposable_monthly,
            dscr=_div(available, service),
            payable_days=_payable_days(b, f),
        )

    def checks(self) -> tuple[Check, ...]:
        """所有输入齐全的交叉检验（销售额各角度、毛利率、权益、周转天数、隐性负债信号）。"""
        if self._checks is None:
            self._checks = run_checks(self.borrower, self.figures, self.tolerances, self.norms, self.checklist)
        return self._checks

    def verdict_counts(self) -> dict[str, int]:
        counts = {"通过": 0, "关注": 0, "不通过": 0}
        for ch in self.checks():
            counts[ch.verdict] += 1
        return counts

    def sales_basis(self) -> SalesBasis:
        """申报销售额是否得到印证；两个及以上角度不通过时，给出印证的销售额（见 :class:`SalesBasis`）。"""
        return _sales_basis(self)

    def capacity(self, annual_rate: float, months: int, method: str = "等额本息", *,
                 max_share: float = DEFAULT_MAX_SHARE, amount: float | None = None,
                 sales_basis: str = "自动", principal_source: str | None = None,
                 source_amount: float | None = None, replaces_interest: float = 0.0) -> Capacity:
        """还款能力：月供上限 = 月可支配收入 × ``max_share``；最高可贷金额由 :func:`coursekit.loans.max_principal` 反推。

        ``amount`` 给出时，再算这笔贷款的首期月供（:func:`coursekit.loans.payment_for`）、安全边际
        （1 − 月供 ÷ 月可支配收入：收入下降多少仍还得上）和含新贷款的偿债覆盖率。
        ``max_share`` 默认 0.6：常见内部做法在 0.5–0.7 之间，不是监管规定。

        ``sales_basis``：销售额口径。``"自动"``（默认）——申报销售额有两个及以上角度“不通过”、且其他角度彼此印证时，
        按印证的销售额（:meth:`sales_basis`）测算，结论里写明；``"申报"``——按申报额测算，但两个及以上角度不通过时
        结论最多为“关注”，不能“通过”；``"印证"``——一律按印证的销售额（无法印证时报错）。

        到期一次还本（``"先息后本"``、``"按季付息"``）：月度只付利息，月供测试只说明利息付得起。本金另行检验——
        ``principal_source`` 写明到期还本的来源（如 ``"经营积累"``、``"应收账款回笼"``、``"出售闲置设备"``），
        ``source_amount`` 是到期时这个来源可用的金额（元）。来源为 ``"经营积累"`` 且不给金额时，按
        （月供上限 − 每月平均利息）× 期限 计算——月供上限里付完利息剩下的部分逐月留存；不给 ``amount`` 时，
        最高可贷金额同时受这个积累约束：本金 ≤ 月供上限 × 期限 ÷（1 + 月利率 × 期限）。
        没有指定来源、或来源不够时，本金的缺口只能靠到期续贷，结论标为“依赖续贷”，最多为“关注”。
        分期还本的贷款不受这两个参数影响（给了也只是记录，不改变结果）。

        ``replaces_interest``：这笔贷款要替换的旧贷款（续贷、增额里含的原额度、借新还旧、置换）每月的利息（元），
        底稿 ``月成本·利息`` 里已经算了它。新贷款放下来，旧贷款就还清了，它的利息不再发生：测算时先从月成本里
        减掉这部分，再放进新贷款的月供——否则同一笔贷款的利息算两遍，结论偏严。不能超过底稿里的月利息。
        """
        if not isinstance(sales_basis, str) or sales_basis not in SALES_BASES:
            raise InputError("销售额口径", "应为以下之一：" + "、".join(SALES_BASES), sales_basis)
        basis = self.sales_basis()
        use = basis.use_corroborated if sales_basis == "自动" else sales_basis == "印证"
        if use and basis.corroborated is None:
            raise InputError("销售额口径", "各角度互不印证，得不出印证的销售额；请补充资料或按申报额测算", sales_basis)
        sheet = self
        if use and basis.declared > 0:
            sheet = self.what_if(sales_factor=basis.corroborated / basis.declared)
        replaced = self._replaced_interest(replaces_interest)
        if replaced:
            sheet = sheet.without_interest(replaced)
        cap = sheet._capacity(annual_rate, months, method, max_share=max_share, amount=amount,
                              principal_source=principal_source, source_amount=source_amount)
        unverified = len(basis.failed) >= 2
        verdict, text = cap.verdict, cap.explanation
        monthly = cap.monthly_verdict
        if use:
            text = (f"按印证的销售额测算：{basis.explain()}"
                    f"（申报额 {basis.declared / 10000:,.2f} 万元未经印证，不作为依据。）" + text)
        elif unverified:
            if verdict == "通过":
                verdict = "关注"
            if monthly == "通过":
                monthly = "关注"
            text = (f"按申报的销售额测算，但{basis.explain()}申报额未经印证，这个结果不能作为“通过”的依据。"
                    + text)
        if replaced:
            text = (f"底稿的月利息里有要被替换的旧贷款每月 {replaced:,.0f} 元，新贷款放款后它就还清了，"
                    "测算时不再计入。" + text)
        return replace(cap, verdict=verdict, monthly_verdict=monthly, explanation=text,
                       replaced_interest=replaced, sales_basis="印证" if use else "申报",
                       sales_used=sheet.figures.annual_sales, declared_sales=basis.declared,
                       failed_sales_angles=len(basis.failed))

    def _replaced_interest(self, value) -> float:
        """核对 ``replaces_interest``：非负，且不超过底稿月成本里的利息（元/月）。"""
        x = require_non_negative(value, "被替换贷款的月利息")
        have = self.borrower.costs.interest
        if x > have + 0.005:
            raise InputError("被替换贷款的月利息",
                             f"超过底稿月成本里的利息（每月 {have:,.0f} 元）：续贷、置换的旧贷款，利息应已计入月成本",
                             value)
        return min(x, have)

    def without_interest(self, monthly: float) -> "Worksheet":
        """旧贷款还清后的底稿：月成本里的利息减少 ``monthly`` 元/月（不超过原有利息），原底稿不变。"""
        x = self._replaced_interest(monthly)
        b = self.borrower
        return self._derived(replace(b, costs=replace(b.costs, interest=b.costs.interest - x)), dict(self.scenario))

    def _derived(self, borrower: Borrower, scenario: dict) -> "Worksheet":
        """同一套容忍度、清单和参考值下的另一张底稿（输入已核对过，不再重跑构造函数的检查）。"""
        new = Worksheet.__new__(Worksheet)
        new.borrower = borrower
        new.tolerances = self.tolerances
        new.checklist = self.checklist
        new.norms = self.norms
        new.scenario = scenario
        new._fig = None
        new._checks = None
        return new

    def _capacity(self, annual_rate: float, months: int, method: str, *, max_share: float,
                  amount: float | None, principal_source: str | None = None,
                  source_amount: float | None = None) -> Capacity:
        from .. import loans

        share = require_fraction(max_share, "月供上限比例")
        if share == 0:
            raise InputError("月供上限比例", "应大于 0", max_share)
        if amount is not None:
            amount = require_non_negative(amount, "申请金额")
            if amount == 0:
                raise InputError("申请金额", "应大于 0", amount)
        f = self.figures
        disp = f.disposable_monthly
        cap = max(0.0, disp * share)
        # 先检查利率、期限、还款方式（即使月供上限为 0 也要报出这些输入的错误）
        probe = loans.payment_for(1.0, annual_rate, months, method)
        rate = float(annual_rate)
        n = int(months)
        max_loan = loans.max_principal(cap, rate, n, method) if cap > 0 else 0.0
        payment = safety = dscr = None
        if amount is not None:
            payment = probe * amount
            safety = None if disp <= 0 else 1 - payment / disp
            available = (f.net_profit + f.interest + f.other_income - f.household_spending) / 12
            dscr = _div(available, f.interest / 12 + f.other_debt_service / 12 + payment)
        bullet = method in _BULLET
        source, src_amount = _check_source(principal_source, source_amount)
        tail = ""
        if bullet:
            # 月供上限里付完利息后剩下的部分逐月留存，到期可用于还本（“经营积累”）
            r = rate / 12
            if source == "经营积累" and src_amount is None:
                if amount is None:
                    limit = cap * n / (1 + r * n) if cap > 0 else 0.0
                    max_loan = min(max_loan, limit)
                    src_amount = max(0.0, cap - max_loan * r) * n
                else:
                    src_amount = max(0.0, cap - amount * r) * n
            elif source is not None and amount is None:
                max_loan = min(max_loan, src_amount)
            tail = "注意：到期要一次归还全部本金，月供测试只说明利息付得起。"
        if disp <= 0:
            verdict = "不通过"
            text = "月可支配收入不为正：经营和家庭收支已经没有余钱还新贷款。先弄清收支，再谈额度。"
        elif amount is None:
            verdict = "通过"
            text = (f"按月供不超过可支配收入的 {share * 100:.0f}%，最高可贷约 {max_loan / 10000:,.2f} 万元。"
                    + _low_month_note(f, cap) + tail)
        elif payment <= cap + 1e-9:
            verdict = "通过"
            text = (f"月供 {payment:,.0f} 元在上限 {cap:,.0f} 元以内，安全边际 {safety * 100:.0f}%："
                    f"收入下降 {safety * 100:.0f}% 仍能按期还款。" + _low_month_note(f, payment) + tail)
        elif payment <= disp:
            verdict = "关注"
            text = (f"月供 {payment:,.0f} 元超过政策上限 {cap:,.0f} 元，但仍低于月可支配收入：可考虑降低金额"
                    f"（最高约 {max_loan / 10000:,.2f} 万元）、延长期限或换还款方式。" + tail)
        else:
            verdict = "不通过"
            text = (f"月供 {payment:,.0f} 元超过月可支配收入 {disp:,.0f} 元：还不上。按上限测算最高约 "
                    f"{max_loan / 10000:,.2f} 万元。" + tail)
        due = dependent = None
        monthly = verdict
        if bullet:
            due = max_loan if amount is None else amount
            have = src_amount or 0.0
            dependent = have + 1e-6 < due
            if source is None:
                text += (f"到期本金 {due / 10000:,.2f} 万元没有指定还款来源：到期只能靠续贷（依赖续贷）。"
                         "写明还款来源，或改为分期还本。")
            elif dependent:
                text += (f"到期本金 {due / 10000:,.2f} 万元，{source}到期可用约 {have / 10000:,.2f} 万元，"
                         f"缺口 {(due - have) / 10000:,.2f} 万元只能靠续贷（依赖续贷）。")
            else:
                text += (f"到期本金 {due / 10000:,.2f} 万元由{source}归还（到期可用约 {have / 10000:,.2f} 万元），"
                         "有来源。")
            if dependent and verdict == "通过":
                verdict = "关注"
        return Capacity(disposable_monthly=disp, lowest_month_disposable=f.lowest_month_disposable, max_share=share,
                        installment_cap=cap, annual_rate=rate, months=n, method=method, max_loan=max_loan,
                        amount=amount, payment=payment, safety_margin=safety, dscr=dscr, verdict=verdict,
                        explanation=text, principal_due=due, principal_source=source if bullet else None,
                        source_amount=src_amount if bullet else None, renewal_dependent=bool(dependent),
                        monthly_verdict=monthly,
                        seasonal_reserve=seasonal_reserve(f.monthly_disposable, payment) if payment else 0.0)

    def season_factor(self, month) -> float:
        """某个月的季节系数（归一化后平均为 1；没有填季节系数时为 1）。"""
        from ..loans import month_period

        return float(self.figures.monthly_factors[month_period(month).month - 1])

    def deseasonalise(self, values, field: str = "按月数据"):
        """把按月观察到的数（如销量占设计产能的比例）除以当月季节系数，换成“全年平均月份”的口径。

        ``values``：``{月份: 数}`` 或按月份索引的序列；返回按月份（"YYYY-MM"）索引的序列。
        旺季的一个好月份，剔除季节后可能只是平常水平——放款条件、爬坡轨迹都应当在这个口径上比较，
        再交给 :meth:`cash_path` 的 ``sales_factors``（它会按当月季节系数还原回去，季节只算一次）。
        """
        import pandas as pd

        from ..loans import month_label

        if isinstance(values, (pd.Series, Mapping)):
            items = list(values.items())
        else:
            raise InputError(field, "应为 {月份: 数} 字典或按月份索引的序列", values)
        if not items:
            raise InputError(field, "不能为空，至少要有一个月")
        out = {}
        for m, v in items:
            label = month_label(m, f"{field}的月份")
            out[label] = require_number(v, f"{field}（{label}）") / self.season_factor(label)
        series = pd.Series(out, dtype=float)
        series.index.name = "月份"
        return series

    def cash_path(self, *payments, months, start_cash: float | None = None, sales_factors=None,
                  ramp=None, baseline: "Worksheet | None" = None, other=None, stock=None):
        """逐月现金轨迹（:func:`coursekit.restoration.cash_path`）：每月可支配收入按日历月份取自本底稿。

        - ``months``：月份序列（``"2025-02"``、Timestamp 或 Period），决定轨迹有几个月、每月取哪个季节系数；
        - ``payments``：一笔或几笔贷款的还款计划（:func:`coursekit.loans.schedule` 带 ``start`` 的表、
          :func:`coursekit.loans.combine` 的结果等），按月份对齐；
        - ``start_cash``：期初账上现金，默认取经营资产中的现金与存款；
        - ``sales_factors``：每月的销售水平（相对本底稿的倍数，如达产率），当月可支配收入取
          ``what_if(sales_factor=倍数)`` 那一月的数——费用不随销售缩放；
        - ``ramp`` 与 ``baseline``：爬坡系数（``{月份: 系数}``，没列出的月份按 1；或与 ``months`` 等长的序列）。
          当月可支配收入 = 基线 + 系数 ×（本底稿 − 基线），基线是 ``baseline`` 底稿同一日历月的可支配收入
          （如新设备上线前的作坊），不给时为 0；系数 0 表示增量尚未出现，1 表示达到本底稿的水平；
        - ``other``：其他收支（老板注资为正、额外支出为负），``{月份: 金额}`` 或等长序列；
        - ``stock``：季节性备货的占款（:func:`coursekit.restoration.seasonal_purchases`：旺季前进货、按账期付款、
          卖出后收回），单列为“备货占款”。
        """
        from ..loans import month_label, month_period
        from .cashpath import cash_path

        if isinstance(months, (str, bytes)) or months is None:
            raise InputError("月份", "应为月份的序列，如 [\"2025-02\", \"2025-03\"]", months)
        try:
            periods = [month_period(m, "月份") for m in months]
        except TypeError as exc:
            raise InputError("月份", "应为月份的序列，如 [\"2025-02\", \"2025-03\"]", months) from exc
        labels = [str(p) for p in periods]
        if not labels:
            raise InputError("月份", "不能为空，至少要有一个月")
        n = len(labels)

        def per_month(values, field: str, default: float) -> list[float]:
            if values is None:
                return [default] * n
            if isinstance(values, Mapping):
                known = set(labels)
                table = {}
                for key, value in values.items():
                    label = month_label(key, field)
                    if label not in known:
                        raise InputError(field, "的月份不在轨迹之内", key)
                    table[label] = require_number(value, f"{field}（{label}）")
                return [table.get(label, default) for label in labels]
            if isinstance(values, (str, bytes)):
                raise InputError(field, "应为每月一个数的序列或 {月份: 数} 字典", values)
            vals = list(values)
            if len(vals) != n:
                raise InputError(field, f"的个数应与月份数 {n} 相同", len(vals))
            return [require_number(v, f"{field}（{label}）") for v, label in zip(vals, labels)]

        factors = per_month(sales_factors, "销售水平", 1.0)
        ramps = per_month(ramp, "爬坡系数", 1.0)
        for r, label in zip(ramps, labels):
            if r < 0 or r > 2:
                raise InputError(f"爬坡系数（{label}）", "应在 0 到 2 之间（1 表示达到本底稿的水平）", r)
        if baseline is not None and not isinstance(baseline, Worksheet):
            raise InputError("基线底稿", "应为 Worksheet（restore() 的结果）", type(baseline).__name__)
        if ramp is None and baseline is not None:
            raise InputError("爬坡系数", "给了基线底稿时，请同时给出每月的爬坡系数")
        sheets: dict[float, Worksheet] = {}
        inflows = []
        for period, u, r in zip(periods, factors, ramps):
            if u not in sheets:
                sheets[u] = self if u == 1.0 else self.what_if(sales_factor=u)
            cal = period.month - 1
            full = sheets[u].figures.monthly_disposable[cal]
            if ramp is None:
                inflows.append(full)
            else:
                base = 0.0 if baseline is None else baseline.figures.monthly_disposable[cal]
                inflows.append(base + r * (full - base))
        if start_cash is None:
            ba = self.borrower.business_assets
            start_cash = ba.cash + ba.deposits
        return cash_path(start_cash, inflows, *payments, other=other, months=labels, stock=stock)

    # -- 情景 ----------------------------------------------------------------
    def what_if(self, sales_factor: float = 1.0, hidden_debt: float = 0.0, *, hidden_rate: float = 0.12,
                margin_delta: float = 0.0) -> "Worksheet":
        """假如……：返回一张新的底稿，原底稿不变。

        - ``sales_factor``：销售额乘以这个倍数（0.8 即下降 20%）；
        - ``hidden_debt``：查出一笔没申报的民间借贷（元），计入经营负债，并按 ``hidden_rate``
          （年利率，默认 12%，示意）把每月利息加进月成本；有权益历史时，视为期间内新增的借款；
        - ``margin_delta``：各产品毛利率加减的百分点（−0.02 即下降 2 个百分点）。
        """
        factor = require_non_negative(sales_factor, "销售额倍数")
        if factor > 10:
            raise InputError("销售额倍数", "不能超过 10 倍", sales_factor)
        debt = require_non_negative(hidden_debt, "隐性负债")
        rate = require_fraction(hidden_rate, "隐性负债年利率")
        delta = require_number(margin_delta, "毛利率变动")
        b = self.borrower
        products = []
        for p in b.products:
            margin = p.margin + delta
            if not 0 <= margin <= 1:
                raise InputError("毛利率变动", f"会使“{p.name}”的毛利率超出 0 到 1 之间", margin_delta)
            products.append(replace(p, sales=p.sales * factor, margin=margin))
        changes = {"products": tuple(products)}
        if debt:
            bl = b.business_liabilities
            changes["business_liabilities"] = replace(bl, private_loans=bl.private_loans + debt)
            changes["costs"] = replace(b.costs, interest=b.costs.interest + debt * rate / 12)
            if b.equity_history is not None:
                hist = b.equity_history
                changes["equity_history"] = replace(hist, new_borrowing=hist.new_borrowing + debt)
        scenario = dict(self.scenario)
        scenario.update({"销售额倍数": scenario.get("销售额倍数", 1.0) * factor,
                         "隐性负债": scenario.get("隐性负债", 0.0) + debt,
                         "毛利率变动": scenario.get("毛利率变动", 0.0) + delta})
        return self._derived(replace(b, **changes), scenario)

    # -- 显示 ----------------------------------------------------------------
    def balance_sheet(self):
        """资产负债表（DataFrame）：经营、家庭、合并三列；表外事项单列不计入合计。"""
        from .statements import balance_sheet

        return balance_sheet(self.borrower, self.figures)

    def income_statement(self, period: str = "年"):
        """损益表（DataFrame）：``period="年"`` 全年与月均，``period="月"`` 按季节系数分月。"""
        from .statements import income_statement

        return income_statement(self.borrower, self.figures, period)

    def cash_flow(self):
        """简易现金流（DataFrame，按月），看全年最紧的月份。"""
        from .statements import cash_flow

        return cash_flow(self.borrower, self.figures)

    def check_table(self):
        """交叉检验表（DataFrame）。"""
        import pandas as pd

        rows = []
        for ch in self.checks():
            missing = [n for n in ch.needs if self.checklist is not None and n not in self.checklist.ticked]
            rows.append({"检验": ch.name, "结论": ch.verdict,
                         "偏差": None if ch.deviation is None else ch.deviation,
                         "依据资料": "、".join(ch.needs),
                         "资料已核": "—" if self.checklist is None else ("是" if not missing else "缺" + "、".join(missing)),
                         "说明与下一步": ch.explanation})
        return pd.DataFrame(rows, columns=["检验", "结论", "偏差", "依据资料", "资料已核", "说明与下一步"])

    def sales_angles(self):
        """销售额的各个角度（DataFrame）：角度、推算的全年销售额、与申报的偏差。"""
        import pandas as pd

        f = self.figures
        rows = [("申报", f.annual_sales, 0.0)]
        for cid, value in sales_angles(self.borrower, f, self.norm).items():
            name = CHECKS[cid].name.split("：", 1)[1]
            rows.append((name, value, (f.annual_sales - value) / value if value else None))
        return pd.DataFrame(rows, columns=["角度", "全年销售额", "申报相对偏差"])

    def summary(self) -> dict[str, float]:
        """关键数字（纯字典，不用 pandas）：部件和批量计算用。"""
        f = self.figures
        counts = self.verdict_counts()
        return {"年销售额": f.annual_sales, "加权毛利率": f.weighted_margin, "经营净利润": f.net_profit,
                "资产合计": f.total_assets, "负债合计": f.total_liabilities, "合并权益": f.equity,
                "经营权益": f.business_equity, "月可支配收入": f.disposable_monthly,
                "最紧月份可支配收入": f.lowest_month_disposable,
                "通过": counts["通过"], "关注": counts["关注"], "不通过": counts["不通过"]}

    def to_dict(self) -> dict:
        return self.borrower.to_dict()

    def __repr__(self) -> str:
        f = self.figures
        c = self.verdict_counts()
        return (f"Worksheet({self.borrower.name}：年销售额 {f.annual_sales / 10000:,.2f} 万元，"
                f"合并权益 {f.equity / 10000:,.2f} 万元，月可支配收入 {f.disposable_monthly:,.0f} 元；"
                f"检验 通过 {c['通过']} / 关注 {c['关注']} / 不通过 {c['不通过']})")


_BULLET = ("先息后本", "按季付息")


def _check_source(source, amount) -> tuple[str | None, float | None]:
    """还本来源：名称（非空字符串）与到期可用金额（元，非负；“经营积累”可不给，由底稿推算）。"""
    if source is None:
        if amount is not None:
            raise InputError("还本来源", "给了来源金额，请同时写明还本来源（如“经营积累”“应收账款回笼”）", amount)
        return None, None
    if not isinstance(source, str) or not source.strip():
        raise InputError("还本来源", "应为非空的文字，如“经营积累”“应收账款回笼”", source)
    source = source.strip()
    if amount is None:
        if source != "经营积累":
            raise InputError("来源金额", f"还本来源“{source}”需要给出到期可用的金额（元）", amount)
        return source, None
    return source, require_non_negative(amount, "来源金额")


def _payable_days(b: Borrower, f: Figures) -> float | None:
    flow = b.evidence.purchases if b.evidence.purchases else f.cogs
    return None if not flow or flow <= 0 else DAYS_IN_YEAR * b.business_liabilities.payables / flow


def seasonal_reserve(monthly_disposable, payment: float) -> float:
    """按月付 ``payment``（元/月），淡季要从旺季的结余里垫多少钱（元）：逐月（可跨年，12 月接 1 月）累计
    月供 − 当月可支配收入，取累计最多的一段。淡季每个月都付得起时为 0。

    >>> seasonal_reserve([9_000, 9_000, 2_000, 1_000, 9_000, 9_000], 4_000)   # 3、4 月各缺 2,000、3,000
    5000.0
    >>> seasonal_reserve([5_000, 2_000, 9_000, 1_000], 4_000)   # 跨年：4 月缺 3,000，1 月多 1,000，2 月又缺 2,000
    4000.0
    """
    if isinstance(monthly_disposable, (str, bytes, Mapping)) or not hasattr(monthly_disposable, "__iter__"):
        raise InputError("每月可支配收入", "应为每月一个数的列表", monthly_disposable)
    months = [require_number(d, "每月可支配收入") for d in monthly_disposable]
    if not 1 <= len(months) <= 12:
        raise InputError("每月可支配收入", "应为 1 到 12 个月", len(months))
    pay = require_non_negative(payment, "月供")
    if max([pay] + [abs(d) for d in months]) > 1e10:
        raise InputError("月供", "金额超出合理范围，请检查单位是否为元", payment)
    short = [pay - d for d in months]
    n, best = len(short), 0.0
    for start in range(n):                         # 从每个月起，连续付 1 到 12 个月（跨年接着数）
        run = 0.0
        for k in range(n):
            run += short[(start + k) % n]
            best = max(best, run)
    return best


def _low_month_note(f: Figures, payment: float) -> str:
    low = f.lowest_month_disposable
    if low < payment:
        reserve = seasonal_reserve(f.monthly_disposable, payment)
        return (f"但最淡的月份可支配收入只有 {low:,.0f} 元，低于月供：按月还下去，淡季连着几个月要垫约 "
                f"{reserve:,.0f} 元。旺季时把这笔钱留在还款账户里作备用金（写进审批条件），或改按季节安排还款。")
    return ""


def _tolerances_from_dict(data: Mapping) -> Tolerances:
    by_zh = {zh: attr for attr, zh in Tolerances.FIELDS}
    values = {}
    for key, value in data.items():
        attr = by_zh.get(key, key if key in dict(Tolerances.FIELDS) else None)
        if attr is None:
            raise InputError("容忍度", f"中有无法识别的字段：{key}（可用：{'、'.join(by_zh)}）")
        values[attr] = value
    return Tolerances(**values)


_SCENARIO_KEYS = ("销售额倍数", "隐性负债", "毛利率变动")


def _check_scenario(scenario):
    """情景调整：{销售额倍数, 隐性负债, 毛利率变动} → 有限的数字。"""
    if scenario is None:
        return None
    if not isinstance(scenario, Mapping):
        raise InputError("情景", "应为字典，如 {\"销售额倍数\": 0.8}", type(scenario).__name__)
    out = {}
    for key, value in scenario.items():
        if key not in _SCENARIO_KEYS:
            raise InputError("情景", "只能调整：" + "、".join(_SCENARIO_KEYS), key)
        out[key] = require_number(value, key)
    if out.get("销售额倍数", 1.0) < 0:
        raise InputError("销售额倍数", "不能为负数", out["销售额倍数"])
    return out


def restore(inputs: Borrower | Mapping, *, tolerances: Tolerances | Mapping | None = None,
            checklist: Checklist | None = None, norms: Mapping[str, IndustryNorm] | None = None) -> Worksheet:
    """一步还原：由案例的输入字典得到工作底稿。"""
    return Worksheet(inputs, tolerances=tolerances, checklist=checklist, norms=norms)
