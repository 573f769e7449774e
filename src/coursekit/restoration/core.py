"""还原的全部数字（纯 Python，不用 pandas）与交叉检验。

这里是滑块背后的“热路径”：一次重算只做几十次浮点运算，DataFrame 只在显示时由 statements 模块生成。
比率的口径见 BRIEF：存货周转天数 = 360 / (销售成本 / 存货)，应收账款周转天数 = 360 / (赊销收入 / 应收账款)；
调查只有一个时点，用当天余额代替平均余额。
"""
from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping

from ..errors import InputError, require_non_negative, require_number
from .framework import CHECKS, INDUSTRY_NORMS, Checklist, IndustryNorm, Tolerances
from .model import Borrower

__all__ = ["Figures", "figures", "Check", "judge", "run_checks", "VERDICTS", "DAYS_IN_YEAR"]

DAYS_IN_YEAR = 360  # 周转天数按 360 天计（BRIEF §3）
VERDICTS = ("通过", "关注", "不通过")


@dataclass(frozen=True, slots=True)
class Figures:
    """一个借款人还原出来的全部数字。未注明的是全年金额（元）。"""

    annual_sales: float
    weighted_margin: float
    cogs: float
    gross_profit: float
    operating_costs: float          # 全年经营费用（不含利息）
    interest: float                 # 全年利息
    net_profit: float
    monthly_factors: tuple[float, ...]   # 归一化后的季节系数（平均为 1）
    monthly_sales: tuple[float, ...]
    monthly_net_profit: tuple[float, ...]
    monthly_disposable: tuple[float, ...]
    other_income: float
    household_spending: float
    other_debt_service: float
    disposable: float               # 全年可支配收入
    business_current_assets: float
    business_assets: float
    business_liabilities: float
    household_assets: float
    household_liabilities: float
    contingent: float

    @property
    def business_equity(self) -> float:
        return self.business_assets - self.business_liabilities

    @property
    def household_equity(self) -> float:
        return self.household_assets - self.household_liabilities

    @property
    def total_assets(self) -> float:
        return self.business_assets + self.household_assets

    @property
    def total_liabilities(self) -> float:
        return self.business_liabilities + self.household_liabilities

    @property
    def equity(self) -> float:
        return self.total_assets - self.total_liabilities

    @property
    def disposable_monthly(self) -> float:
        """月可支配收入 =（经营净利润 + 家庭其他收入 − 家庭支出 − 其他债务还款）/ 12。"""
        return self.disposable / 12

    @property
    def lowest_month_disposable(self) -> float:
        return min(self.monthly_disposable)


def figures(b: Borrower) -> Figures:
    """由输入算出全部数字（不做 pandas，供滑块与批量计算使用）。"""
    if not isinstance(b, Borrower):
        raise InputError("借款人", "应为 Borrower（restore() 的 .borrower）", type(b).__name__)
    sales = 0.0
    margin_sum = 0.0
    for p in b.products:
        sales += p.sales
        margin_sum += p.sales * p.margin
    wm = margin_sum / sales if sales > 0 else 0.0
    cogs = sales - margin_sum
    c = b.costs
    opex_m = c.rent + c.wages + c.utilities + c.transport + c.taxes + c.other
    h = b.household
    season_total = sum(b.seasonality)
    factors = tuple(s * 12 / season_total for s in b.seasonality)
    m_sales = tuple(sales / 12 * f for f in factors)
    m_profit = tuple(s * wm - opex_m - c.interest for s in m_sales)
    household_net_m = h.other_income - h.spending - h.other_debt_service
    m_disp = tuple(p + household_net_m for p in m_profit)
    net = margin_sum - 12 * (opex_m + c.interest)
    ba, bl = b.business_assets, b.business_liabilities
    ha, hl = b.household_assets, b.household_liabilities
    cur = ba.cash + ba.deposits + ba.receivables + ba.prepayments + ba.inventory
    return Figures(
        annual_sales=sales, weighted_margin=wm, cogs=cogs, gross_profit=margin_sum,
        operating_costs=12 * opex_m, interest=12 * c.interest, net_profit=net,
        monthly_factors=factors, monthly_sales=m_sales, monthly_net_profit=m_profit, monthly_disposable=m_disp,
        other_income=12 * h.other_income, household_spending=12 * h.spending,
        other_debt_service=12 * h.other_debt_service, disposable=net + 12 * household_net_m,
        business_current_assets=cur, business_assets=cur + ba.fixed_assets + ba.other,
        business_liabilities=bl.payables + bl.advances + bl.bank_loans + bl.private_loans + bl.credit_cards + bl.other,
        household_assets=ha.property + ha.vehicles + ha.deposits + ha.other,
        household_liabilities=hl.mortgage + hl.car_loan + hl.other,
        contingent=b.off_balance.guarantees + b.off_balance.other_contingent,
    )


# ---------------------------------------------------------------------------- 检验
@dataclass(frozen=True, slots=True)
class Check:
    """一项交叉检验的结论。

    ``verdict`` 为 “通过 / 关注 / 不通过”；``deviation`` 是判断所依据的偏差（小数，含义见 ``explanation``）；
    ``figures`` 是参与比较的数字；``needs`` 是它依赖的资料（五表四单三品中的项目）。
    """

    id: str
    name: str
    verdict: str
    deviation: float | None
    figures: Mapping[str, float]
    explanation: str
    needs: tuple[str, ...] = ()

    @property
    def passed(self) -> bool:
        return self.verdict == "通过"


def judge(deviation, warn: float = 0.05, fail: float = 0.10) -> str:
    """按偏差的绝对值给结论：不超过 ``warn`` 为“通过”，不超过 ``fail`` 为“关注”，否则“不通过”。

    5% / 10% 是常见的内部经验做法，不是监管规定；请按本行制度调整。
    """
    d = abs(require_number(deviation, "偏差"))
    warn = require_non_negative(warn, "关注线")
    fail = require_non_negative(fail, "不通过线")
    if fail < warn:
        raise InputError("不通过线", f"不能小于关注线（{warn:g}）", fail)
    if d <= warn:
        return "通过"
    if d <= fail:
        return "关注"
    return "不通过"


def _judge(deviation: float, warn: float, fail: float) -> str:
    d = abs(deviation)
    return "通过" if d <= warn else ("关注" if d <= fail else "不通过")


def _rel(a: float, b: float) -> float:
    """(a − b) / |b|；b 为 0 时：a 也为 0 记 0，否则按 100% 计。"""
    if b == 0:
        return 0.0 if a == 0 else (1.0 if a > 0 else -1.0)
    return (a - b) / abs(b)


def _pct(x: float) -> str:
    return f"{x * 100:.1f}%"


def _wan(x: float) -> str:
    return f"{x / 10000:,.2f} 万元"


def _make(cid: str, verdict: str, deviation, figs: dict, text: str) -> Check:
    spec = CHECKS[cid]
    if deviation is not None and not -1e9 < deviation < 1e9:   # 极端输入（分母近乎为 0）时封顶
        deviation = 1e9 if deviation > 0 else -1e9
    return Check(cid, spec.name, verdict, deviation, MappingProxyType(figs), text, spec.needs)


# 各销售角度：推算偏低（申报偏高）时问什么，推算偏高（申报偏低）时问什么
_SALES_HINTS = {
    "sales_bank": (
        "申报销售额比流水推算的高：问清现金收款的比例、有没有用家人或他行的卡收款，调取全部账户的流水；"
        "仍对不上，销售额可能被夸大。",
        "流水推算的比申报的高：流水里可能混着借款、转账、代收货款等非销售入账，把入账逐笔分类；"
        "也可能客户少报了收入。"),
    "sales_purchases": (
        "申报销售额高于“进货 ÷（1 − 毛利率）”：要么销售额报高了，要么毛利率报高了，要么有进货没拿出来"
        "（现金进货、别人代进）。核对主要供应商的进货单和对账单。",
        "进货倒推的销售额比申报的高：可能在囤货（存货增加）、毛利率报低了，或者少报了销售；看存货明细表是否对得上。"),
    "sales_utility": (
        "按用电量推算的产值比申报的低：核对“每度电产值”的依据（同行、设备功率、开工时间），问有没有停产或外协加工。",
        "按用电量推算的产值比申报的高：可能有部分产品自用或代加工，也可能少报了销售；问清开工情况。"),
    "sales_physical": (
        "实物记录（领用单、饲料、燃油、包装物、计件工资）× 单位产出推算的销售额比申报的低：做出申报额需要的实物量"
        "比记录多出一截，问清多出来的原料从哪来；再抽几张销货单，按产品结构反算单位产出，核对这个系数。",
        "实物记录推算的销售额比申报的高：可能少报了销售，也可能单位产出取高了或有损耗、外协没扣；"
        "按本厂产品结构和销货单重算单位产出。"),
    "sales_tax": (
        "纳税推算的销售额偏低，在小微商户很常见（起征点、定额征收、未开票收入）：它更多反映税务口径，"
        "不宜单独据此否定，但要问清哪部分收入没有申报纳税。",
        "纳税推算的销售额比申报的高：核对税负率是否填对、是否含其他税种或补缴税款。"),
    "sales_observed": (
        "现场看到的营业额折算全年，比申报的低：换一天、换个时段再看，问清批发、送货、线上等看不见的销售。",
        "现场看到的营业额折算全年，比申报的高：观察那天可能是旺日；多看几天再下结论。"),
    "sales_turnover": (
        "按行业存货周转（示意值）推算的销售额比申报的低：核实存货数量与现值，看有没有滞销、过期货，存货是否报高。",
        "按存货周转推算的销售额比申报的高：可能存货盘点偏高，或周转比同行快；以单据核实为准。"),
}
_SALES_ANGLE = {
    "sales_bank": "银行流水入账 ÷（1 − 现金收款比例）",
    "sales_purchases": "年进货额 ÷（1 − 加权毛利率）",
    "sales_utility": "年用电量 × 每度电销售额",
    "sales_physical": "实物记录年用量 × 每单位实物销售额",
    "sales_tax": "年纳税额 ÷ 税负率",
    "sales_observed": "观察日营业额 × 月营业天数 × 12（按季节系数折算）",
    "sales_turnover": "存货 × 360 ÷ 行业存货周转天数 ÷（1 − 加权毛利率）",
}


def sales_angles(b: Borrower, fig: Figures, norm: IndustryNorm | None) -> dict[str, float]:
    """销售额的各个独立角度（只算输入齐全的角度），编号 → 推算的全年销售额。"""
    e = b.evidence
    out: dict[str, float] = {}
    wm = fig.weighted_margin
    if e.bank_inflows is not None:
        out["sales_bank"] = e.bank_inflows / (1 - (e.cash_share or 0.0))
    if e.purchases is not None and wm < 1:
        out["sales_purchases"] = e.purchases / (1 - wm)
    if e.electricity_kwh is not None and e.sales_per_kwh is not None:
        out["sales_utility"] = e.electricity_kwh * e.sales_per_kwh
    if e.physical_quantity is not None and e.sales_per_physical_unit is not None:
        out["sales_physical"] = e.physical_quantity * e.sales_per_physical_unit
    if e.tax_paid is not None and e.tax_rate is not None:
        out["sales_tax"] = e.tax_paid / e.tax_rate
    if e.observed_daily_sales is not None and e.trading_days is not None:
        factor = fig.monthly_factors[e.observed_month - 1] if e.observed_month is not None else 1.0
        if factor > 0:
            out["sales_observed"] = e.observed_daily_sales * e.trading_days * 12 / factor
    if norm is not None and b.business_assets.inventory > 0 and wm < 1 and norm.inventory_days > 0:
        out["sales_turnover"] = b.business_assets.inventory * DAYS_IN_YEAR / norm.inventory_days / (1 - wm)
    return out


def _ratio_days(amount: float, flow: float) -> float | None:
    return None if flow <= 0 else DAYS_IN_YEAR * amount / flow


def run_checks(b: Borrower, fig: Figures, tol: Tolerances, norms: Mapping[str, IndustryNorm] | None = None,
               checklist: Checklist | None = None) -> tuple[Check, ...]:
    """做所有输入齐全的交叉检验，按 :data:`CHECKS` 的顺序返回。"""
    if norms is None:
        norms = INDUSTRY_NORMS
    norm = norms.get(b.industry) if b.industry else None
    out: list[Check] = []
    declared = fig.annual_sales

    # 1. 销售额的各个角度
    for cid, implied in sales_angles(b, fig, norm).items():
        dev = _rel(declared, implied)
        # 存货周转一角建立在行业参考值（示意）上，比单据粗得多：用周转天数的容忍度
        warn, fail = (tol.days_warn, tol.days_fail) if cid == "sales_turnover" else (tol.warn, tol.fail)
        verdict = _judge(dev, warn, fail)
        figs = {"申报销售额": declared, "本角度推算": implied, "差额": declared - implied}
        if cid == "sales_physical":
            # 对话用的问题：做出申报额要多少实物，比记录多出多少
            need = declared / b.evidence.sales_per_physical_unit
            figs.update({"实物记录年用量": b.evidence.physical_quantity, "做出申报额需要的实物量": need,
                         "实物缺口": need - b.evidence.physical_quantity})
        if verdict == "通过":
            text = (f"申报销售额与“{_SALES_ANGLE[cid]}”相互印证，偏差 {_pct(dev)}，"
                    f"在关注线 {_pct(warn)} 以内。")
        else:
            high, low = _SALES_HINTS[cid]
            text = f"偏差 {_pct(dev)}（{_SALES_ANGLE[cid]}）。" + (high if dev > 0 else low)
        out.append(_make(cid, verdict, dev, figs, text))

    # 2. 毛利率与行业参考值（百分点）
    if norm is not None:
        dev = fig.weighted_margin - norm.margin
        verdict = _judge(dev, tol.margin_warn, tol.margin_fail)
        figs = {"加权毛利率": fig.weighted_margin, "行业参考毛利率（示意）": norm.margin}
        if verdict == "通过":
            text = f"加权毛利率与行业参考值（示意）相差 {dev * 100:.1f} 个百分点，属正常范围。"
        elif dev > 0:
            text = (f"加权毛利率比行业参考值（示意）高 {dev * 100:.1f} 个百分点：逐个产品核对售价与进价"
                    "（看进货单、销货单），问清返利、损耗和赊销折扣；毛利率报高会同时虚增利润与还款能力。")
        else:
            text = (f"加权毛利率比行业参考值（示意）低 {-dev * 100:.1f} 个百分点：是价格战、损耗大，"
                    "还是进价报高了？看利润能否撑住费用与还款。")
        out.append(_make("margin_norm", verdict, dev, figs, text))

    # 3. 权益检验与资产购置
    hist = b.equity_history
    if hist is not None:
        profit_since = hist.profit_since if hist.profit_since is not None else fig.net_profit / 12 * hist.months
        expected = (hist.initial_equity + profit_since - hist.withdrawals + hist.injection + hist.revaluation
                    - hist.depreciation)
        actual = fig.business_equity if hist.scope == "经营" else fig.equity
        dev = _rel(expected, actual) if expected == 0 else (expected - actual) / abs(expected)
        verdict = _judge(dev, tol.warn, tol.fail)
        gap = expected - actual
        figs = {"初始权益": hist.initial_equity, "期间累计利润": profit_since, "期间提取": hist.withdrawals,
                "期间注资": hist.injection, "重估": hist.revaluation, "折旧": hist.depreciation,
                "应有权益": expected, "实际权益": actual, "差额": gap}
        scope = "经营" if hist.scope == "经营" else "经营加家庭"
        if verdict == "通过":
            text = f"{scope}权益与利润积累相符（偏差 {_pct(dev)}）：资产负债表与损益表相互印证。"
        elif gap > 0:
            text = (f"按利润积累，今天的{scope}权益应有 {_wan(expected)}，实际只有 {_wan(actual)}，少了 {_wan(gap)}："
                    "钱去哪了？问清是否在偿还没有申报的借款、有没有失败的投资或借给亲友的钱，"
                    "也要怀疑利润本身被报高了。")
        else:
            text = (f"今天的{scope}权益 {_wan(actual)} 比利润能积累出来的 {_wan(expected)} 多 {_wan(-gap)}："
                    "多出来的资产是用什么钱买的？最常见的是没申报的借款（民间借贷、亲友借款）买了存货或设备，"
                    "也可能资产估值偏高或有未申报的注资。逐项核对大额资产的购入时间与付款来源。")
        out.append(_make("equity", verdict, dev, figs, text))

        if hist.asset_purchases is not None and hist.asset_purchases > 0:
            retained = profit_since - hist.withdrawals + hist.injection + hist.new_borrowing
            dev = max(0.0, (hist.asset_purchases - retained) / hist.asset_purchases)
            verdict = _judge(dev, tol.warn, tol.fail)
            figs = {"期间购置资产": hist.asset_purchases, "留存利润、注资与申报的新增借款": retained,
                    "资金缺口": max(0.0, hist.asset_purchases - retained)}
            if verdict == "通过":
                text = "期间购置的资产可以由留存的利润、注资和申报的新增借款解释。"
            else:
                text = (f"期间购置资产 {_wan(hist.asset_purchases)}，超过留存的利润、注资与申报的新增借款合计 "
                        f"{_wan(retained)}：差额从哪里来？看付款凭证和流水，问清是否借了钱、向谁借、怎么还。")
            out.append(_make("asset_purchases", verdict, dev, figs, text))

    # 4. 周转天数与行业参考值
    if norm is not None:
        ba = b.business_assets
        credit_sales = declared * (b.credit_sales_share if b.credit_sales_share is not None else 1.0)
        for cid, amount, flow, ref, what in (
                ("receivable_days", ba.receivables, credit_sales, norm.receivable_days, "应收账款"),
                ("inventory_days", ba.inventory, fig.cogs, norm.inventory_days, "存货")):
            days = _ratio_days(amount, flow)
            if days is None or ref <= 0:
                continue
            if amount <= 0:
                # 没填数不是周转快：“0 天”不能记“通过”。应收没填——现款生意说得过去，无从核对，不做这项；
                # 存货没填——有进有销的生意不会一件货都没有，这本身就是要到现场看的事
                if cid == "receivable_days":
                    continue
                figs = {"周转天数": 0.0, "行业参考天数（示意）": ref}
                text = (f"没有申报存货：按 0 算周转是 0 天，这不是周转快，是缺数——同类经营户的存货一般够卖 {ref:.0f} 天"
                        "（示意）。到现场盘点：店里点货，养殖户点存栏、看耳标；确实没有存货的，问清货从哪里来、卖的是什么。")
                out.append(_make(cid, "关注", 1.0, figs, text))
                continue
            dev = max(0.0, (days - ref) / ref)
            verdict = _judge(dev, tol.days_warn, tol.days_fail)
            figs = {"周转天数": days, "行业参考天数（示意）": ref}
            if verdict == "通过":
                text = f"{what}周转 {days:.0f} 天，没有明显长于行业参考值（示意）{ref:.0f} 天。"
            elif cid == "receivable_days":
                text = (f"应收账款周转 {days:.0f} 天，比行业参考值（示意）{ref:.0f} 天长：按应收账款明细表抽查欠款客户，"
                        "看账龄和收不回的坏账；应收太多也可能是把销售额或赊销报高了。")
            else:
                text = (f"存货周转 {days:.0f} 天，比行业参考值（示意）{ref:.0f} 天长：盘点时看有没有积压、过期、滞销货；"
                        "存货报高会虚增资产和权益。")
            out.append(_make(cid, verdict, dev, figs, text))
        # 应付账款周转：应付 × 360 ÷ 年进货额（没有进货单时用销售成本）；比供应商通常给的账期长，是在拖欠货款
        flow = b.evidence.purchases if b.evidence.purchases else fig.cogs
        days = _ratio_days(b.business_liabilities.payables, flow)
        ref = norm.payable_days
        if ref is not None and ref > 0 and days is not None:
            dev = max(0.0, (days - ref) / ref)
            verdict = _judge(dev, tol.days_warn, tol.days_fail)
            basis = "年进货额" if b.evidence.purchases else "销售成本"
            figs = {"周转天数": days, "行业参考天数（示意）": ref}
            if verdict == "通过":
                text = f"应付账款周转 {days:.0f} 天（按{basis}），没有明显长于供应商通常的账期（示意）{ref:.0f} 天。"
            else:
                text = (f"应付账款周转 {days:.0f} 天（按{basis}），比供应商通常的账期（示意）{ref:.0f} 天长："
                        "供应商在替它垫钱，或货款已经拖欠。打电话问主要供应商账期和欠款，看有没有催款、停供；"
                        "拖欠的货款和借款一样要还，要算进负债和月度现金。")
            out.append(_make("payable_days", verdict, dev, figs, text))

    # 5. 隐性负债信号
    bl = b.business_liabilities
    declared_debt = bl.interest_bearing
    if fig.interest > 0:
        implied_debt = fig.interest / tol.reference_rate
        if declared_debt <= 0:
            dev = 1.0
            verdict = "不通过"
            text = (f"每月付利息 {fig.interest / 12:,.0f} 元，却没有申报任何经营借款：问清利息付给谁、借了多少、"
                    "什么时候借的——这是最直接的隐性负债信号。")
        else:
            dev = max(0.0, (implied_debt - declared_debt) / implied_debt)
            verdict = _judge(dev, tol.warn, tol.fail)
            text = ("利息支出与申报的借款相符。" if verdict == "通过" else
                    f"按参考利率 {_pct(tol.reference_rate)} 倒推，全年利息 {fig.interest:,.0f} 元对应借款约 "
                    f"{_wan(implied_debt)}，比申报的 {_wan(declared_debt)} 多：问清是否有利率更高的民间借贷或没申报的借款。")
        figs = {"全年利息": fig.interest, "申报有息负债": declared_debt, "利息倒推借款": implied_debt}
        out.append(_make("interest_debt", verdict, dev, figs, text))

    e = b.evidence
    if e.fixed_transfers is not None and e.fixed_transfers > 0:
        service = b.costs.interest + b.household.other_debt_service
        dev = max(0.0, (e.fixed_transfers - service) / e.fixed_transfers)
        verdict = _judge(dev, tol.warn, tol.fail)
        figs = {"流水月固定转出": e.fixed_transfers, "申报月还款": service}
        text = ("流水中的固定转出与申报的还款相符。" if verdict == "通过" else
                f"流水里每月固定转出 {e.fixed_transfers:,.0f} 元，申报的月还款（利息加其他债务）只有 {service:,.0f} 元："
                "问清收款人是谁、为什么每月固定转——这是民间借贷付息或分期还款的典型痕迹。")
        out.append(_make("fixed_transfers", verdict, dev, figs, text))

    if e.credit_report_debt is not None:
        declared_bank = bl.bank_loans + bl.credit_cards + b.household_liabilities.mortgage + b.household_liabilities.car_loan
        if e.credit_report_debt > 0:
            dev = max(0.0, (e.credit_report_debt - declared_bank) / e.credit_report_debt)
        else:
            dev = 0.0
        verdict = _judge(dev, tol.warn, tol.fail)
        figs = {"征信借款余额": e.credit_report_debt, "申报的银行类负债": declared_bank}
        text = ("征信上的借款与申报相符。" if verdict == "通过" else
                f"征信显示的借款 {_wan(e.credit_report_debt)} 比申报的银行借款、信用卡、房贷车贷合计 {_wan(declared_bank)} 多："
                "逐笔核对征信上的贷款与信用卡，问清用途和还款来源；有意隐瞒本身就是人品信号。")
        out.append(_make("credit_report", verdict, dev, figs, text))

    if fig.contingent > 0:
        equity = fig.equity
        share = fig.contingent / equity if equity > 0 else float("inf")
        verdict = "不通过" if share > tol.guarantee_fail else "关注"
        dev = share if equity > 0 else None
        figs = {"对外担保与或有负债": fig.contingent, "合并权益": equity}
        text = (f"对外担保等或有负债 {_wan(fig.contingent)}"
                + (f"，相当于合并权益的 {_pct(share)}" if equity > 0 else "，而合并权益不为正")
                + "：被担保人出事，它就变成真实负债。调查被担保人的经营与还款情况，问清担保金额、期限和互保关系。")
        out.append(_make("guarantees", verdict, dev, figs, text))

    order = list(CHECKS)
    out.sort(key=lambda ch: order.index(ch.id))
    if checklist is not None:
        out = [_with_docs(ch, checklist) for ch in out]
    return tuple(out)


def _with_docs(ch: Check, checklist: Checklist) -> Check:
    missing = [n for n in ch.needs if n not in checklist.ticked]
    if not missing:
        return ch
    note = f"（注意：依据的资料“{'、'.join(missing)}”尚未在清单上核实，结论只能算初步。）"
    return Check(ch.id, ch.name, ch.verdict, ch.deviation, ch.figures, ch.explanation + note, ch.needs)


def check_norm(industry: str | None, norms: Mapping[str, IndustryNorm] | None = None) -> IndustryNorm | None:
    if industry is None:
        return None
    table = INDUSTRY_NORMS if norms is None else norms
    if not isinstance(table, Mapping):
        raise InputError("行业参考值", "应为字典（行业 → IndustryNorm）", type(table).__name__)
    return table.get(industry)
