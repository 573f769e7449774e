"""贷款计算器部件：还款计划、利息与本金构成图、年化利率披露、各还款方式对比（可设宽限期）。"""
from __future__ import annotations

import html
from dataclasses import dataclass, field

import ipywidgets as W
import pandas as pd
from IPython.display import HTML, display

from .. import fmt, tables
from ..errors import InputError
from ..loans import LPR_FIELD, METHODS, AnnualizedRate, annualized_rate, compare_methods, lpr_rate, schedule
from .base import ToolWidget

__all__ = ["LoanCalcResult", "LoanCalculator", "UsageCostView", "MilestoneSweepView"]

_STYLE = {"description_width": "9em"}
_LAYOUT = W.Layout(width="22em")
_PRICING = ("LPR 加点", "直接输入年利率")


@dataclass(frozen=True)
class LoanCalcResult:
    """计算器的当前结果：年利率、还款计划表、年化利率、各还款方式对比表、宽限期（月）。"""

    annual_rate: float
    schedule: pd.DataFrame = field(repr=False)
    rate: AnnualizedRate
    comparison: pd.DataFrame = field(repr=False)
    grace_months: int = 0


def _money_table(df: pd.DataFrame, money_cols, pct_cols=()) -> pd.DataFrame:
    out = df.copy()
    for col in money_cols:
        if col in out.columns:
            out[col] = [fmt.yuan(v, unit=False) for v in out[col]]
    for col in pct_cols:
        if col in out.columns:
            out[col] = [fmt.pct(v) for v in out[col]]
    if "还款日" in out.columns:
        out["还款日"] = [d.strftime("%Y-%m-%d") for d in out["还款日"]]
    return out


class LoanCalculator(ToolWidget):
    """贷款计算器。``LoanCalculator(principal=300000, lpr=0.031, spread_bp=150, months=36)``。

    金额单位元；界面上 LPR 与年利率按百分数输入（3.10 表示 3.10%），内部换算成小数。
    ``grace_months``：宽限期（月），默认 0；只用于等额本息、等额本金——前若干个月只付息，之后在剩余期限内
    摊还（见 :func:`coursekit.loans.schedule`）。还款计划、年化利率披露和还款方式对比都按宽限期计算。
    """

    title = "贷款计算器：还款计划与年化利率"

    def __init__(self, principal: float = 300_000, *, lpr: float = 0.031, spread_bp: float = 150,
                 annual_rate: float | None = None, months: int = 36, method: str = "等额本息", fees: float = 0.0,
                 show_periods: int = 3, grace_months: int = 0):
        self.show_periods = show_periods
        controls = {
            "贷款本金": W.FloatText(value=principal, description="贷款本金（元）", style=_STYLE, layout=_LAYOUT),
            "定价方式": W.ToggleButtons(options=_PRICING, value=_PRICING[1] if annual_rate is not None else _PRICING[0],
                                    description="定价方式", style=_STYLE),
            LPR_FIELD: W.FloatText(value=round(lpr * 100, 4), description="LPR（%）", step=0.05, style=_STYLE,
                               layout=_LAYOUT),
            "加点（bp）": W.FloatText(value=spread_bp, description="加点（bp）", step=10, style=_STYLE, layout=_LAYOUT),
            "年利率": W.FloatText(value=round((annual_rate if annual_rate is not None else lpr + spread_bp / 1e4) * 100, 4),
                               description="年利率（%）", step=0.05, style=_STYLE, layout=_LAYOUT),
            "期限（月）": W.IntText(value=months, description="期限（月）", style=_STYLE, layout=_LAYOUT),
            "还款方式": W.Dropdown(options=METHODS, value=method, description="还款方式", style=_STYLE, layout=_LAYOUT),
            "宽限期（月）": W.IntText(value=grace_months, description="宽限期（月）", style=_STYLE, layout=_LAYOUT),
            "费用": W.FloatText(value=fees, description="一次性费用（元）", style=_STYLE, layout=_LAYOUT),
        }
        super().__init__(controls)

    @staticmethod
    def _percent(value, field: str, high: float) -> float:
        """界面上的百分数 → 小数；范围检查用百分数说明，免得读者看到“按小数填写”而困惑。"""
        from ..errors import require_number

        number = require_number(value, field)
        if number < 0 or number > high:
            raise InputError(field, f"应在 0 到 {high:g} 之间（按百分数填写，如 3.10 表示 3.10%）", value)
        return number / 100

    def validate(self, values) -> list[InputError]:
        """每个字段单独检查，全部有误的字段都标红（不只第一个）。"""
        from ..errors import require_int, require_non_negative
        from ..loans import _check_months, _check_principal, _check_spread

        lpr_pricing = values["定价方式"] == _PRICING[0]
        checks = [("贷款本金", lambda: _check_principal(values["贷款本金"])),
                  ("期限（月）", lambda: _check_months(values["期限（月）"])),
                  ("宽限期（月）", lambda: require_int(values["宽限期（月）"], "宽限期（月）", minimum=0)),
                  ("费用", lambda: require_non_negative(values["费用"], "费用"))]
        if lpr_pricing:
            checks += [(LPR_FIELD, lambda: self._percent(values[LPR_FIELD], LPR_FIELD, 20)),
                       ("加点（bp）", lambda: _check_spread(values["加点（bp）"]))]
        else:
            checks.append(("年利率", lambda: self._percent(values["年利率"], "年利率", 100)))
        errs = []
        for _name, check in checks:
            try:
                check()
            except InputError as exc:
                errs.append(exc)
        return errs

    def compute(self, values) -> LoanCalcResult:
        if values["定价方式"] == _PRICING[0]:
            rate = lpr_rate(self._percent(values[LPR_FIELD], LPR_FIELD, 20), values["加点（bp）"])
        else:
            rate = self._percent(values["年利率"], "年利率", 100)
        grace = values["宽限期（月）"]
        df = schedule(values["贷款本金"], rate, values["期限（月）"], values["还款方式"], fees=values["费用"],
                      grace_months=grace)
        grace = int(df.attrs["贷款参数"]["grace_months"])
        body = df[df["期数"] > 0]
        ar = annualized_rate(values["贷款本金"], body["月供"].to_numpy(), fees=values["费用"])
        cmp = compare_methods(values["贷款本金"], rate, values["期限（月）"], fees=values["费用"], grace_months=grace)
        return LoanCalcResult(annual_rate=rate, schedule=df, rate=ar, comparison=cmp, grace_months=grace)

    def render(self, result: LoanCalcResult) -> None:
        from .. import plotting

        df = result.schedule
        body = df[df["期数"] > 0]
        k = self.show_periods
        shown = df if len(df) <= 2 * k + 1 else pd.concat([df.head(k + (len(df) - len(body))), df.tail(k)])
        total_interest = float(body["利息"].sum())
        params = df.attrs["贷款参数"]
        g = result.grace_months
        grace = (f"<br>宽限期 {g} 个月：前 {g} 期只付息，之后 {params['months'] - g} 期按{params['method']}摊还本金。"
                 if g else "")
        display(HTML(
            f"<p>年利率 <b>{fmt.pct(result.annual_rate)}</b>，利息合计 <b>{html.escape(fmt.yuan(total_interest))}</b>。"
            f"{grace}<br>{html.escape(result.rate.explain())}</p>"
        ))
        money_cols = ["月供", "本金", "利息", "费用", "剩余本金"]
        display(HTML("<p><b>还款计划（首尾各几期）</b></p>"))
        display(tables.table(_money_table(shown, money_cols), index=False))

        fig, ax = plotting.subplots(figsize=(7.5, 3.4))
        ax.bar(body["期数"], body["本金"], color=plotting.PALETTE[0], label="本金")
        ax.bar(body["期数"], body["利息"], bottom=body["本金"], color=plotting.PALETTE[1], label="利息")
        plotting.integer_axis(ax, label="期数")
        plotting.money_axis(ax, "元")
        ax.set_title(f"每期还款构成：{params['method']}" + (f"（宽限期 {g} 个月）" if g else ""))
        plotting.legend_outside(ax)
        display(fig)
        import matplotlib.pyplot as plt

        plt.close(fig)

        note = (f"；等额本息、等额本金含宽限期 {g} 个月，先息后本、按季付息本来就只付息" if g else "")
        display(HTML(f"<p><b>各还款方式对比</b>（同一本金、利率、期限{note}）</p>"))
        display(tables.table(_money_table(result.comparison, ["首期还款", "最高一期还款", "利息总额", "还款总额"],
                             ["年化利率"]), index=False))


class UsageCostView(ToolWidget):
    """按客户一年实际用款几个月比较几种产品的利息（:func:`coursekit.loans.usage_cost`）。决定性的假设——用款月数——
    是滑块；另一个滑块是线上产品的日利率（``online`` 指明哪一种产品按日利率报价）。``.result`` 是
    :class:`~coursekit.loans.UsageCost`，``.months`` 是当前的用款月数。"""

    title = "一年用款几个月：几种产品各付多少利息"

    def __init__(self, principal, products, *, months_used: int = 3, online: str | None = None):
        from ..loans import usage_cost

        usage_cost(principal, products)   # 坏参数在这里就报
        if online is not None and online not in products:
            raise InputError("按日利率报价的产品", "不在比较的产品里", online)
        self.principal, self.products, self.online = principal, dict(products), online
        self.months = int(months_used)
        style, layout = {"description_width": "13em"}, W.Layout(width="34em")
        controls = {"用款月数": W.IntSlider(value=self.months, min=1, max=12, step=1, description="一年实际用款几个月",
                                         style=style, layout=layout, continuous_update=False)}
        if online is not None:
            daily = self.products[online][0] / 365
            controls["日利率"] = W.FloatSlider(value=round(daily * 10_000, 2), min=1.0, max=6.0, step=0.1,
                                            description=f"{online}日利率（万分之几）", readout_format=".1f",
                                            style=style, layout=layout, continuous_update=False)
        super().__init__(controls)

    def compute(self, values):
        from ..loans import usage_cost

        products = dict(self.products)
        if self.online is not None:
            products[self.online] = (values["日利率"] / 10_000 * 365, products[self.online][1])
        self.months = values["用款月数"]
        return usage_cost(self.principal, products)

    def render(self, result) -> None:
        m = self.months
        row = result.table.loc[m]
        best = result.cheapest(m)
        display(HTML(f"<p>用款 <b>{m}</b> 个月：利息最少的是“{html.escape(best)}”，"
                     f"{html.escape(fmt.yuan(row[best], 0))}。</p>"))
        shown = pd.DataFrame({"产品": list(row.index), "年利率": [fmt.pct(result.rates[n]) for n in row.index],
                              "计息口径": [result.billing[n] for n in row.index],
                              "一年的利息（元）": [fmt.yuan(v, 0, unit=False) for v in row]})
        display(tables.table(shown, index=False))


__all__ += ["AllInCostView"]


class AllInCostView(ToolWidget):
    """借一年钱的全部代价：主控件是 ``key`` 产品每年“请担保人的人情花费”和“续贷过桥天数”——客户不会说出口的两笔；
    旁边是客户一年真正用款的月数。其余条件同 :func:`coursekit.loans.all_in_borrowing_cost`。``.result`` 为该函数的结果表。
    """

    title = "利息之外：人情、过桥和误工，一年一共多少"

    def __init__(self, principal, products: dict, *, key: str, used_months: float = 6, day_value: float = 300.0):
        from ..loans import all_in_borrowing_cost

        if not isinstance(products, dict) or key not in products:
            raise InputError("产品", f"产品里没有“{key}”")
        self._p, self._products, self._key, self._dv = principal, {k: dict(v) for k, v in products.items()}, key, day_value
        all_in_borrowing_cost(principal, products, used_months=used_months, day_value=day_value)  # 先检查输入
        spec = self._products[key]
        controls = {
            "人情花费": W.IntSlider(value=int(spec.get("favour_cost", 0)), min=0, max=8_000, step=100,
                                description="请担保人的人情（元/年）", style={"description_width": "11em"}),
            "过桥天数": W.IntSlider(value=int(spec.get("bridge_days", 0)), min=0, max=30, step=1,
                                description="续贷过桥天数", style={"description_width": "11em"}),
            "用款月数": W.IntSlider(value=int(round(used_months)), min=1, max=12, step=1,
                                description="一年真正用款的月数", style={"description_width": "11em"}),
        }
        super().__init__(controls)

    def compute(self, values: dict) -> pd.DataFrame:
        from ..loans import all_in_borrowing_cost

        products = {**self._products,
                    self._key: {**self._products[self._key], "favour_cost": values["人情花费"],
                                "bridge_days": values["过桥天数"]}}
        return all_in_borrowing_cost(self._p, products, used_months=values["用款月数"], day_value=self._dv)

    def render(self, result: pd.DataFrame) -> None:
        money = ["利息", "过桥费用", "人情花费", "误工折钱", "合计"]
        display(tables.table(result[["产品"] + money + ["折合年化"]],
                             formats={**{c: "{:,.0f}" for c in money}, "折合年化": "{:.2%}"}, index=False))
        best = result.loc[result["合计"].idxmin(), "产品"]
        mine = result.set_index("产品").loc[self._key]
        display(HTML(f"<p>{html.escape(self._key)}一年合计 {html.escape(fmt.wan(mine['合计'], 2))}，其中利息以外 "
                     f"{html.escape(fmt.wan(mine['利息以外'], 2))}；全部代价最低的是{html.escape(str(best))}。</p>"))


class MilestoneSweepView(ToolWidget):
    """项目回款贷：验收（节点款到账）延后几个月，到期时还差多少本金（:func:`coursekit.loans.milestone_sweep`）。

    决定性的假设——节点款延后的月数——是滑块；下拉框选“全部付款方”还是只有一家付款方延后（客户集中）；
    另一个滑块是贷款期限。``.result`` 是 :class:`~coursekit.loans.MilestoneSweep`。"""

    title = "节点款晚到几个月：到期还差多少本金"
    _ALL = "全部付款方"

    def __init__(self, principal, annual_rate, months, milestones, *, sweep_share=0.6, slip_months: int = 0,
                 max_slip: int = 8, max_months: int = 24):
        from ..loans import milestone_sweep

        milestone_sweep(principal, annual_rate, months, milestones, sweep_share=sweep_share)   # 坏参数在这里就报
        self.principal, self.annual_rate, self.milestones, self.sweep_share = principal, annual_rate, milestones, sweep_share
        payers = list(dict.fromkeys(str(x).strip() for x in milestones["付款方"]))
        style, layout = {"description_width": "12em"}, W.Layout(width="34em")
        controls = {
            "延后月数": W.IntSlider(value=int(slip_months), min=0, max=int(max_slip), step=1,
                                description="节点款延后几个月", style=style, layout=layout, continuous_update=False),
            "付款方": W.Dropdown(options=[self._ALL, *payers], value=self._ALL, description="哪家延后",
                              style=style, layout=layout),
            "期限": W.IntSlider(value=int(months), min=1, max=max(int(max_months), int(months)), step=1,
                              description="贷款期限（月）", style=style, layout=layout, continuous_update=False),
        }
        super().__init__(controls)

    def compute(self, values):
        from ..loans import milestone_sweep

        k = values["延后月数"]
        slip = k if values["付款方"] == self._ALL else {values["付款方"]: k}
        return milestone_sweep(self.principal, self.annual_rate, values["期限"], self.milestones,
                               sweep_share=self.sweep_share, slip_months=slip)

    def render(self, result) -> None:
        if result.residual > 0:
            head = (f"到期还差 <b>{html.escape(fmt.yuan(result.residual, 0))}</b> 本金没从回款里扣到，"
                    f"要借款人另筹，或者展期。")
        else:
            head = f"第 <b>{result.cleared_month}</b> 个月本金还清，到期不用另筹。"
        display(HTML(f"<p>{head}期限内到账的节点款可扣还本金的 {fmt.pct(result.cover, 0)}；"
                     f"最大的付款方“{html.escape(result.top_payer)}”占节点款 {fmt.pct(result.top_payer_share, 0)}。</p>"))
        shown = result.receipts.copy()
        for col in ("金额", "扣还本金"):
            shown[col] = [fmt.yuan(v, 0, unit=False) for v in shown[col]]
        display(tables.table(shown, index=False))
__all__ += ["StockCoverView"]


class StockCoverView(ToolWidget):
    """院子里的货分档定可贷额（:func:`coursekit.loans.graded_stock_cover`）：拖动几档的数量和价格跌幅，
    看货值、可贷合计和可贷占货值。

    ``vary``：``{等级: 控件上的说明}``，这几档的数量做成滑块（初值取库存表里的数量）；``asked``：客户开口要的额度（元），
    只写在结论旁边对照。``.result`` 为 graded_stock_cover 的结果。
    """

    title = "这批库存能撑多少贷款：是谁的、押没押、价格跌多少"

    def __init__(self, stock: pd.DataFrame, *, vary: dict, price_drop: float = 0.3, asked: float | None = None,
                 max_count: int = 30):
        from ..loans import graded_stock_cover

        cover = graded_stock_cover(stock, price_drop=price_drop)   # 坏参数在这里就报
        if not isinstance(vary, dict) or not vary:
            raise InputError("拖动的档位", "应为 {等级: 控件说明} 的字典，至少一档", vary)
        have = dict(zip(cover["等级"], cover["数量"]))
        for grade in vary:
            if str(grade) not in have:
                raise InputError("拖动的档位", f"库存表里没有这一档：{grade}", grade)
        self._stock, self._asked = stock, asked
        self._labels = {str(v): str(k) for k, v in vary.items()}          # 控件说明 → 等级
        style = {"description_width": "8em"}
        controls: dict[str, W.Widget] = {
            str(text): W.IntSlider(value=int(have[str(grade)]), min=0, max=max(int(max_count), int(have[str(grade)])),
                                   description=str(text), style=style, continuous_update=False)
            for grade, text in vary.items()}
        controls["价格跌幅"] = W.FloatSlider(value=float(price_drop), min=0.0, max=max(0.4, float(price_drop)), step=0.05,
                                         readout_format=".0%", description="价格跌幅", style=style,
                                         continuous_update=False)
        super().__init__(controls)

    def compute(self, values):
        from ..loans import graded_stock_cover

        return graded_stock_cover(self._stock, price_drop=values["价格跌幅"],
                                  counts={grade: values[text] for text, grade in self._labels.items()})

    def render(self, result: pd.DataFrame) -> None:
        a = result.attrs
        text = (f"货值合计 {fmt.wan(a['合计货值'], 1)}，可贷合计 {fmt.wan(a['合计可贷'], 2)}，"
                f"占货值 {fmt.pct(a['可贷占货值'], 0)}")
        if self._asked is not None:
            text += f"；客户要的是 {fmt.wan(self._asked, 0)}"
        display(HTML(f"<p>{html.escape(text)}。</p>"))
        display(tables.table(result[["等级", "数量", "货值", "可贷"]], index=False,
                             formats={"数量": "{:,.0f}", "货值": "{:,.0f}", "可贷": "{:,.0f}"}))
__all__ += ["QuoteWarResult", "QuoteWarView"]


@dataclass(frozen=True)
class QuoteWarResult:
    """比价部件的当前结果：几份报价的对照表（:func:`coursekit.loans.compare_quotes`）、本行的年利率、
    按这个利率只看这笔贷款一年的综合贡献度（元）。"""

    table: pd.DataFrame = field(repr=False)
    own_rate: float
    own_value: float


class QuoteWarView(ToolWidget):
    """价格战里的三个变数：他行的留存存款和担保费率能谈掉多少、本行的加点让到哪里
    （:func:`coursekit.loans.requote` 重算两份报价，:func:`~coursekit.loans.compare_quotes` 并排，
    :func:`coursekit.contribution.contribution` 算本行一侧）。

    ``offers``：几份 :func:`~coursekit.loans.quote_cost` 的结果；``rival``、``own`` 是其中他行和本行那一份的名字；
    ``inflows``：客户逐月能拿来还款的钱；``customer``：只看这笔贷款时的客户字典（不含贷款利率，按本行利率填）。
    """

    title = "比价：他行的存款和担保费谈掉多少，本行让到哪里还值得做"

    def __init__(self, offers, inflows, *, rival: str, own: str, lpr: float, spread_bp: float, customer: dict,
                 params=None, max_deposit_wan: float = 80.0):
        from ..contribution import contribution
        from ..loans import QuoteCost, compare_quotes

        if isinstance(offers, (str, bytes, dict)) or not hasattr(offers, "__iter__"):
            raise InputError("报价", "应为几份 quote_cost 结果的列表", offers)
        self._offers = list(offers)
        compare_quotes(self._offers, inflows=inflows)              # 坏参数在这里就报
        names = [o.name for o in self._offers if isinstance(o, QuoteCost)]
        for who, field_ in ((rival, "他行报价"), (own, "本行报价")):
            if who not in names:
                raise InputError(field_, f"应为报价里的一份：{'、'.join(names)}", who)
        if not isinstance(customer, dict):
            raise InputError("本行一侧的客户", "应为客户字典（如 {\"名称\": …, \"贷款日均\": …}）", customer)
        contribution({**customer, "贷款利率": lpr_rate(lpr, spread_bp)}, params)
        self._inflows, self._rival, self._own, self._lpr = inflows, rival, own, lpr
        self._customer, self._params = customer, params
        a = self._offers[names.index(rival)]
        style = {"description_width": "10em"}
        controls = {
            "他行留存存款（万元）": W.FloatSlider(value=a.deposit / 10_000, min=0.0,
                                         max=max(float(max_deposit_wan), a.deposit / 10_000), step=5.0,
                                         description="他行留存存款（万元）", style=style, continuous_update=False),
            "他行担保费率": W.FloatSlider(value=a.fees / a.principal, min=0.0, max=max(0.02, a.fees / a.principal),
                                    step=0.001, readout_format=".1%", description="他行担保费率", style=style,
                                    continuous_update=False),
            "本行加点（基点）": W.IntSlider(value=int(spread_bp), min=0, max=max(150, int(spread_bp)), step=5,
                                     description="本行加点（基点）", style=style, continuous_update=False),
        }
        super().__init__(controls)

    def compute(self, values) -> QuoteWarResult:
        from ..contribution import contribution
        from ..loans import compare_quotes, requote

        rate = lpr_rate(self._lpr, values["本行加点（基点）"])
        offers = [requote(o, deposit=values["他行留存存款（万元）"] * 10_000, fee_rate=values["他行担保费率"])
                  if o.name == self._rival else requote(o, annual_rate=rate) if o.name == self._own else o
                  for o in self._offers]
        value = contribution({**self._customer, "贷款利率": rate}, self._params).total
        return QuoteWarResult(compare_quotes(offers, inflows=self._inflows), rate, value)

    def render(self, result: QuoteWarResult) -> None:
        t = result.table[["报价", "名义年利率", "到手金额", "净成本", "真实年化", "最大资金缺口"]]
        display(tables.table(t, index=False, pct=["名义年利率", "真实年化"],
                             formats={"到手金额": "{:,.0f}", "净成本": "{:,.0f}", "最大资金缺口": "{:,.0f}"}))
        display(HTML(f"<p>{html.escape(f'本行 {fmt.pct(result.own_rate)}：只看这笔贷款，一年的综合贡献度 {fmt.yuan(result.own_value, 0)}。')}</p>"))
__all__ += ["SeasonalPlanView"]


class SeasonalPlanView(ToolWidget):
    """按回款月份还本，拿客户自己的账逐月走一遍（:func:`coursekit.loans.seasonal_plan_cash`）。

    三个控件：最险那个月（``sales_month``）的收入、期初账上现金、``month`` 月的还本比例（差额由 ``absorb`` 几个月
    平摊，:func:`~coursekit.loans.move_repayment_weight`）。``income`` 是收入在控件上的叫法（如“卖草莓收入”）；
    其余参数同 seasonal_plan_cash。``.result`` 为 :class:`~coursekit.loans.SeasonalPlanCash`。
    """

    title = "按回款月份还本：最险那个月卖得少、期初现金少、还本往前放"

    def __init__(self, principal, annual_rate, months, weights, *, first_month, start, start_cash, sales, costs,
                 sales_month, month: int, absorb, income: str = "收入", max_share: float = 0.4, show_months=None):
        from ..errors import require_int
        from ..loans import month_label, move_repayment_weight, seasonal_plan_cash

        base = seasonal_plan_cash(principal, annual_rate, months, weights, first_month=first_month, start=start,
                                  start_cash=start_cash, sales=sales, costs=costs)   # 坏参数在这里就报
        lab = month_label(sales_month, "最险的月份")
        if lab not in base.sales.index:
            raise InputError("最险的月份", "不在每月收入的月份里", sales_month)
        m = require_int(month, "改动的月份", minimum=1, maximum=12)
        share = float(base.weights[m - 1])
        move_repayment_weight(base.weights, m, share, absorb=absorb)      # 分摊的月份不对，在这里就报
        self._args = dict(principal=principal, annual_rate=annual_rate, months=months, first_month=first_month,
                          start=start, sales=sales, costs=costs)
        self._weights, self._month, self._absorb, self._sales_month = list(base.weights), m, list(absorb), lab
        self._show = len(base.schedule) if show_months is None else int(show_months)
        before = (pd.Period(base.sales.index[0], freq="M") - 1).month
        jan = float(base.sales[lab])
        self._names = (f"{int(lab[5:])} 月{income}（元）", f"{before} 月底账上现金（元）", f"{self._month} 月还本比例")
        style, layout = {"description_width": "11em"}, W.Layout(width="36em")
        controls = {
            self._names[0]: W.IntSlider(value=int(jan), min=0, max=max(int(round(jan * 1.5, -4)), 1_000, int(jan)),
                                        step=1_000, description=self._names[0], style=style, layout=layout,
                                        continuous_update=False),
            self._names[1]: W.IntSlider(value=int(start_cash), min=0,
                                        max=max(int(round(float(start_cash) * 2.5, -4)), 10_000, int(start_cash)),
                                        step=1_000, description=self._names[1], style=style, layout=layout,
                                        continuous_update=False),
            self._names[2]: W.FloatSlider(value=float(share), min=0.0, max=max(float(max_share), float(share)), step=0.05,
                                          readout_format=".0%", description=self._names[2], style=style,
                                          layout=layout, continuous_update=False),
        }
        super().__init__(controls)

    def compute(self, values):
        from ..loans import move_repayment_weight, seasonal_plan_cash

        sales_name, cash_name, share_name = self._names
        w = move_repayment_weight(self._weights, self._month, values[share_name], absorb=self._absorb)
        return seasonal_plan_cash(weights=w, start_cash=values[cash_name],
                                  month_sales={self._sales_month: values[sales_name]}, **self._args)

    def render(self, result) -> None:
        text = f"最紧的月份：{result.lowest_month}，账上现金 {fmt.yuan(result.lowest, 0)}；"
        text += f"有 {result.negative_months} 个月账上为负。" if result.negative_months else "没有哪个月账上为负。"
        display(HTML(f"<p>{html.escape(text)}</p>"))
        view = result.table[["可支配收入", "还款", "账上现金"]].head(self._show)
        display(tables.table(view.rename(columns=lambda c: c + "（元）"), formats="{:,.0f}"))
