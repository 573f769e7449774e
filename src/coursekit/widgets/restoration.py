"""财务报表还原工作底稿部件：改输入，看报表、比率、交叉检验红绿灯、还款能力和“假如……”。

部件只是 :mod:`coursekit.restoration` 的外壳：输入控件 → ``Borrower.from_dict`` → ``Worksheet`` →
``what_if`` → ``capacity``；``.result`` 是当前（含情景）的 :class:`~coursekit.restoration.Worksheet`，
``.capacity_result`` 是当前的还款能力测算。
"""
from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any, Mapping

import ipywidgets as W
import pandas as pd
from IPython.display import HTML, display

from .. import fmt, tables
from ..errors import InputError, require_number
from ..loans import METHODS
from ..restoration import (ELIMINATION_KINDS, SALES_BASES, Borrower, BusinessAssets, BusinessLiabilities, Checklist,
                           Evidence, Household, HouseholdAssets, HouseholdLiabilities, MonthlyCosts, OffBalance, Tolerances,
                           Worksheet)
from ..restoration.model import section_fields
from .base import ToolWidget, fill_tooltips

__all__ = ["RestorationWorksheet", "RampTestExplorer", "ReliefExplorer", "ConsolidationView", "StockSeasonView", "TrancheCashView",
           "LateReceiptView", "SeasonPlansView"]

_STYLE = {"description_width": "9em"}
_LAYOUT = W.Layout(width="20em")
_SECTIONS = (("经营资产", BusinessAssets), ("经营负债", BusinessLiabilities), ("家庭资产", HouseholdAssets),
             ("家庭负债", HouseholdLiabilities), ("表外事项", OffBalance), ("月成本", MonthlyCosts),
             ("家庭收支", Household), ("交叉检验资料", Evidence))
_TABS = (("经营资产负债", ("经营资产", "经营负债")), ("家庭与表外", ("家庭资产", "家庭负债", "表外事项")),
         ("产品与季节", ()), ("成本与家庭收支", ("月成本", "家庭收支")), ("交叉检验资料", ("交叉检验资料",)),
         ("权益历史", ()))
_PERCENT_FIELDS = {"现金收款比例", "税负率"}   # 界面上按百分数输入
_EMPTY = {"名称": "新客户", "产品": [{"名称": "主营产品", "销售额": 0, "毛利率": 0.2}]}


def _colors():
    from .. import plotting

    return {"通过": plotting.GOOD, "关注": plotting.WARN, "不通过": plotting.BAD}


def _percent(value, field: str, *, high: float = 100.0) -> float:
    number = require_number(value, field)
    if number < 0 or number > high:
        raise InputError(field, f"应在 0 到 {high:g} 之间（按百分数填写，如 18 表示 18%）", value)
    return number / 100


class RestorationWorksheet(ToolWidget):
    """还原工作底稿部件。``RestorationWorksheet(案例输入字典)``，不给输入则从空白底稿开始。

    交叉检验资料里填 0 表示“未提供”；“权益历史”的期间月数填 0 表示不做权益检验。
    毛利率、比例在界面上按百分数填写（18 表示 18%）。
    """

    title = "财务报表还原工作底稿"

    def __init__(self, inputs: Mapping | Borrower | None = None, *, annual_rate: float = 0.06, months: int = 24,
                 method: str = "等额本息", amount: float | None = None, max_share: float = 0.6,
                 principal_source: str = "", source_amount: float = 0.0,
                 tolerances: Tolerances | None = None, checklist: Checklist | None = None, product_slots: int = 4):
        borrower = Borrower.from_dict(_EMPTY if inputs is None else inputs)
        data = borrower.to_dict()
        self.tolerances = tolerances
        self.checklist = checklist
        self.capacity_result = None
        self._n_products = max(product_slots, len(borrower.products))
        controls: dict[str, W.Widget] = {
            "名称": W.Text(value=data["名称"], description="名称", style=_STYLE, layout=_LAYOUT, continuous_update=False),
            "行业": W.Text(value=data["行业"] or "", description="行业", style=_STYLE, layout=_LAYOUT,
                         continuous_update=False, placeholder="如：食品批发"),
        }
        for title, cls in _SECTIONS:
            for _attr, zh, kind, _opt in section_fields(cls):
                value = data[title][zh]
                if zh in _PERCENT_FIELDS:
                    controls[zh] = W.FloatText(value=round((value or 0) * 100, 6), description=f"{zh}（%）",
                                               style=_STYLE, layout=_LAYOUT)
                elif kind == "month":
                    controls[zh] = W.IntText(value=value or 0, description=f"{zh}（0 为未知）", style=_STYLE,
                                             layout=_LAYOUT)
                else:
                    unit = {"count": "（度）", "per_unit": "（元/度）"}.get(kind, "（元）")
                    if zh == "月营业天数":
                        unit = "（天）"
                    elif zh == "实物记录年用量":
                        unit = "（吨、公斤、件……）"
                    elif zh == "每单位实物销售额":
                        unit = "（元/单位）"
                    controls[zh] = W.FloatText(value=value or 0, description=zh + unit, style=_STYLE, layout=_LAYOUT)
        products = data["产品"]
        for i in range(1, self._n_products + 1):
            p = products[i - 1] if i <= len(products) else {"名称": "", "销售额": 0.0, "毛利率": 0.0}
            controls[f"产品 {i} 的名称"] = W.Text(value=p["名称"], description=f"产品 {i}", style=_STYLE,
                                              layout=W.Layout(width="16em"), continuous_update=False)
            controls[f"产品 {i} 的销售额"] = W.FloatText(value=p["销售额"], description="全年销售额（元）",
                                                   style=_STYLE, layout=W.Layout(width="18em"))
            controls[f"产品 {i} 的毛利率"] = W.FloatText(value=round(p["毛利率"] * 100, 6), description="毛利率（%）",
                                                   style={"description_width": "6em"}, layout=W.Layout(width="12em"))
        for m, v in enumerate(data["季节系数"], start=1):
            controls[f"{m} 月季节系数"] = W.FloatText(value=v, description=f"{m} 月", step=0.1,
                                                 style={"description_width": "3em"}, layout=W.Layout(width="9em"))
        controls["赊销比例"] = W.FloatText(value=round((data["赊销比例"] or 0) * 100, 6),
                                       description="赊销比例（%，0 为未知）", style=_STYLE, layout=_LAYOUT)
        hist = data["权益历史"] or {}
        controls["初始权益"] = W.FloatText(value=hist.get("初始权益", 0.0), description="初始权益（元）", style=_STYLE,
                                       layout=_LAYOUT)
        controls["期间月数"] = W.IntText(value=hist.get("期间月数", 0) if hist else 0,
                                      description="期间月数（0 不检验）", style=_STYLE, layout=_LAYOUT)
        for zh in ("期间累计利润", "期间提取", "期间注资", "重估", "折旧", "期间购置资产", "期间新增借款"):
            extra = "（元，0 按估算）" if zh == "期间累计利润" else "（元）"
            controls[zh] = W.FloatText(value=hist.get(zh) or 0.0, description=zh + extra, style=_STYLE,
                                       layout=_LAYOUT)
        controls["口径"] = W.Dropdown(options=("经营", "合并"), value=hist.get("口径", "经营"), description="口径",
                                    style=_STYLE, layout=_LAYOUT)
        # 情景与还款能力
        controls["销售额下调"] = W.IntSlider(value=0, min=0, max=60, step=5, description="销售额下调（%）",
                                        style=_STYLE, layout=W.Layout(width="28em"))
        controls["发现民间借贷"] = W.FloatSlider(value=0, min=0, max=100, step=5, description="查出民间借贷（万元）",
                                          style=_STYLE, layout=W.Layout(width="28em"))
        controls["贷款年利率"] = W.FloatText(value=round(annual_rate * 100, 6), description="贷款年利率（%）",
                                        step=0.05, style=_STYLE, layout=_LAYOUT)
        controls["期限（月）"] = W.IntText(value=months, description="期限（月）", style=_STYLE, layout=_LAYOUT)
        controls["还款方式"] = W.Dropdown(options=METHODS, value=method, description="还款方式", style=_STYLE,
                                      layout=_LAYOUT)
        controls["申请金额"] = W.FloatText(value=amount or 0.0, description="申请金额（元，0 只算额度）", style=_STYLE,
                                       layout=_LAYOUT)
        controls["月供上限比例"] = W.FloatText(value=round(max_share * 100, 6), description="月供上限比例（%）",
                                         style=_STYLE, layout=_LAYOUT)
        controls["销售额口径"] = W.Dropdown(options=SALES_BASES, value="自动", description="销售额口径", style=_STYLE,
                                        layout=_LAYOUT)
        # 到期一次还本的贷款：本金的还款来源（空白为未指定，结论标“依赖续贷”）
        controls["还本来源"] = W.Text(value=principal_source, description="还本来源（先息后本）", style=_STYLE,
                                    layout=_LAYOUT, continuous_update=False, placeholder="如：经营积累、应收账款回笼")
        controls["来源金额"] = W.FloatText(value=source_amount, description="来源到期可用（元，经营积累可填 0）",
                                       style=_STYLE, layout=_LAYOUT)
        super().__init__(controls)
        self._layout()

    # -- 布局 ----------------------------------------------------------------
    def _row(self, name: str) -> W.HBox:
        return W.HBox([self.controls[name], self._field_errors[name]])

    def _layout(self) -> None:
        pages = []
        for _title, sections in _TABS:
            names: list[str] = []
            if _title == "经营资产负债":
                names += ["名称", "行业"]
            for sec in sections:
                names += [zh for _a, zh, _k, _o in section_fields(dict(_SECTIONS)[sec])]
            if _title == "产品与季节":
                rows = [W.HBox([self.controls[f"产品 {i} 的{x}"] for x in ("名称", "销售额", "毛利率")]
                               + [self._field_errors[f"产品 {i} 的{x}"] for x in ("名称", "销售额", "毛利率")])
                        for i in range(1, self._n_products + 1)]
                months = [f"{m} 月季节系数" for m in range(1, 13)]
                rows.append(W.HTML("<b>季节系数</b>（各月相对销售水平，平均按 1 折算）"))
                rows += [W.HBox([self.controls[n] for n in months[k:k + 6]]) for k in (0, 6)]
                rows.append(W.HBox([self._field_errors[n] for n in months]))
                rows.append(self._row("赊销比例"))
                pages.append(W.VBox(rows))
                continue
            if _title == "权益历史":
                names = ["初始权益", "期间月数", "期间累计利润", "期间提取", "期间注资", "重估", "折旧",
                         "期间购置资产", "期间新增借款", "口径"]
            half = (len(names) + 1) // 2
            pages.append(W.HBox([W.VBox([self._row(n) for n in names[:half]]),
                                 W.VBox([self._row(n) for n in names[half:]])]))
        tabs = W.Tab(children=pages)
        for k, (title, _s) in enumerate(_TABS):
            tabs.set_title(k, title)
        scenario = W.VBox([
            W.HTML("<b>假如……</b>（情景只改测算，不改上面的输入）"),
            self._row("销售额下调"), self._row("发现民间借贷"),
            W.HTML("<b>还款能力测算</b>"),
            W.HBox([W.VBox([self._row(n) for n in ("贷款年利率", "期限（月）", "还款方式")]),
                    W.VBox([self._row(n) for n in ("申请金额", "月供上限比例", "销售额口径")])]),
            W.HBox([self._row("还本来源"), self._row("来源金额")]),
        ])
        header = [W.HTML(f"<b>{html.escape(self.title)}</b>")]
        self.children = tuple(header + [tabs, scenario, self._top_error, self.output])
        fill_tooltips(self)

    # -- 计算 ----------------------------------------------------------------
    def _inputs(self, v: dict[str, Any]) -> dict:
        data: dict[str, Any] = {"名称": v["名称"], "行业": v["行业"].strip() or None}
        for title, cls in _SECTIONS:
            section = {}
            for _attr, zh, _kind, optional in section_fields(cls):
                value = v[zh]
                if zh in _PERCENT_FIELDS:
                    value = _percent(value, zh, high=99.99 if zh == "现金收款比例" else 100)
                if optional and isinstance(value, (int, float)) and not isinstance(value, bool) and value == 0:
                    value = None
                section[zh] = value
            data[title] = section
        products = []
        for i in range(1, self._n_products + 1):
            name = v[f"产品 {i} 的名称"].strip()
            sales = v[f"产品 {i} 的销售额"]
            if not name and not sales:
                continue
            products.append({"名称": name, "销售额": sales,
                             "毛利率": _percent(v[f"产品 {i} 的毛利率"], f"产品 {i} 的毛利率")})
        data["产品"] = products
        data["季节系数"] = [v[f"{m} 月季节系数"] for m in range(1, 13)]
        credit = _percent(v["赊销比例"], "赊销比例")
        data["赊销比例"] = credit or None
        if v["期间月数"]:
            profit = v["期间累计利润"]
            data["权益历史"] = {"初始权益": v["初始权益"], "期间月数": v["期间月数"],
                            "期间累计利润": None if profit == 0 else profit, "期间提取": v["期间提取"],
                            "期间注资": v["期间注资"], "重估": v["重估"], "折旧": v["折旧"],
                            "期间购置资产": v["期间购置资产"] or None, "期间新增借款": v["期间新增借款"],
                            "口径": v["口径"]}
        return data

    def compute(self, values: dict[str, Any]) -> Worksheet:
        base = Worksheet(self._inputs(values), tolerances=self.tolerances, checklist=self.checklist)
        ws = base.what_if(sales_factor=1 - values["销售额下调"] / 100, hidden_debt=values["发现民间借贷"] * 10_000)
        amount = values["申请金额"]
        amount = require_number(amount, "申请金额")
        source = values["还本来源"].strip() or None
        src_amount = require_number(values["来源金额"], "来源金额")
        if source is None and src_amount:
            raise InputError("还本来源", "填了来源金额，请写明还本来源", values["来源金额"])
        if source is None or (source == "经营积累" and src_amount == 0):
            src_amount = None
        self.capacity_result = ws.capacity(_percent(values["贷款年利率"], "贷款年利率", high=36),
                                           values["期限（月）"], values["还款方式"],
                                           max_share=_percent(values["月供上限比例"], "月供上限比例"),
                                           amount=amount or None, sales_basis=values["销售额口径"],
                                           principal_source=source, source_amount=src_amount)
        return ws

    # -- 显示 ----------------------------------------------------------------
    def render(self, ws: Worksheet) -> None:
        f = ws.figures
        cap = self.capacity_result
        counts = ws.verdict_counts()
        colors = _colors()
        scen = [f"销售额 × {ws.scenario['销售额倍数']:.2f}"] if ws.scenario.get("销售额倍数", 1) != 1 else []
        if ws.scenario.get("隐性负债"):
            scen.append(f"查出民间借贷 {fmt.wan(ws.scenario['隐性负债'])}")
        lights = " ".join(
            f'<span style="color:{colors[k]};font-size:1.2em">●</span> {k} {counts[k]} 项' for k in counts)
        display(HTML(
            f"<p><b>{html.escape(ws.borrower.name)}</b>"
            + (f"（情景：{html.escape('，'.join(scen))}）" if scen else "")
            + f"<br>年销售额 {fmt.wan(f.annual_sales)}，加权毛利率 {fmt.pct(f.weighted_margin, 1)}，"
            f"经营净利润 {fmt.wan(f.net_profit)}，合并权益 {fmt.wan(f.equity)}，"
            f"月可支配收入 {fmt.yuan(f.disposable_monthly, 0)}<br>交叉检验：{lights}</p>"))
        display(HTML(_check_html(ws, colors)))
        if cap is not None:
            color = colors[cap.verdict]
            display(HTML(f'<p><b>还款能力</b> <span style="color:{color}">● {cap.verdict}</span>：'
                         f"{html.escape(cap.explanation)}</p>"))
        self._chart(ws, cap, colors)
        display(HTML("<p><b>关键比率</b></p>"))
        display(tables.table(ws.ratios().table(), index=False))
        inc = ws.income_statement()
        display(tables.group(("资产负债表（元）", _money_style(ws.balance_sheet(), ["经营", "家庭", "合并"])),
                             ("损益表（元）", _money_style(inc, ["全年", "月均"], pct_cols=["占销售额"]))))

    def _chart(self, ws: Worksheet, cap, colors) -> None:
        from .. import plotting

        f = ws.figures
        angles = ws.sales_angles()
        by_name = {c.name.split("：", 1)[-1]: c.verdict for c in ws.checks() if c.id.startswith("sales_")}
        fig1, ax1 = plotting.subplots(figsize=(5.2, 3.6))   # 两张图并排；手机上上下排列
        fig2, ax2 = plotting.subplots(figsize=(5.2, 3.6))
        names = list(angles["角度"])
        values = list(angles["全年销售额"])
        bar_colors = [plotting.PALETTE[0] if n == "申报" else colors.get(by_name.get(n, "通过")) for n in names]
        ax1.barh(names[::-1], values[::-1], color=bar_colors[::-1])
        ax1.axvline(f.annual_sales, color="#444444", linestyle="--", linewidth=1)
        plotting.money_axis(ax1, "万元", axis="x")
        ax1.set_title("销售额：申报与各角度推算")
        months = [f"{m}" for m in range(1, 13)]
        disp = list(f.monthly_disposable)
        ax2.bar(months, disp, color=[plotting.PALETTE[4] if d >= 0 else plotting.BAD for d in disp],
                label="当月可支配收入")
        if cap is not None and cap.payment is not None:
            ax2.axhline(cap.payment, color=plotting.BAD, linestyle="--", label="新贷款月供")
        elif cap is not None:
            ax2.axhline(cap.installment_cap, color=plotting.WARN, linestyle="--", label="月供上限")
        ax2.set_xlabel("月份")
        plotting.money_axis(ax2, "元")
        ax2.set_title("每月可支配收入与月供")
        plotting.legend_outside(ax2, fontsize=8)
        display(plotting.side_by_side(fig1, fig2))


def _check_html(ws: Worksheet, colors) -> str:
    checks = ws.checks()
    if not checks:
        return "<p>还没有可做的交叉检验：在“交叉检验资料”“权益历史”里填上资料，或填写行业。</p>"
    rows = []
    for c in checks:
        dev = "—" if c.deviation is None else (f"{c.deviation * 100:+.1f}%" if c.id != "margin_norm"
                                               else f"{c.deviation * 100:+.1f} 个百分点")
        rows.append(
            f'<tr><td style="color:{colors[c.verdict]};font-size:1.2em">●</td><td>{html.escape(c.name)}</td>'
            f'<td style="color:{colors[c.verdict]}"><b>{c.verdict}</b></td><td class="ck-num">{dev}</td>'
            f'<td class="ck-long">{html.escape(c.explanation)}</td></tr>')
    # 全书表格样式（book_assets/tables.css）：与 coursekit.tables 输出的结构相同
    return ('<div class="ck-table-block ck-wide-phone"><div class="ck-table-hint" aria-hidden="true">'
            '表格较宽：左右滑动查看全部列 →</div><div class="ck-table-wrap" tabindex="0" role="region" '
            'aria-label="交叉检验"><table class="ck-table"><thead><tr><th></th><th class="ck-short">检验</th>'
            '<th class="ck-short">结论</th><th class="ck-num ck-short">偏差</th><th>说明与下一步</th></tr></thead><tbody>'
            + "".join(rows) + "</tbody></table></div></div>")


def _money_style(df, money_cols, pct_cols=()):
    out = df.copy()
    for col in money_cols:
        out[col] = [fmt.yuan(v, 0, unit=False) for v in out[col]]
    for col in pct_cols:
        out[col] = ["—" if v != v else fmt.pct(v, 1) for v in out[col]]
    return tables.table(out, index=False)


class RampTestExplorer(ToolWidget):
    """新设备上线的爬坡测试（:func:`coursekit.restoration.ramp_test`）：拖动安装调试月数、淡季新增销售实现几成、
    新增订单实现几成，看每种还款安排下账上现金的最低点。其余参数（周转资金、配套还款计划）原样传给 ``ramp_test``。
    ``.result`` 是 :class:`~coursekit.restoration.RampTest`。
    """

    title = "新设备上线的爬坡测试（账上现金最低点）"

    def __init__(self, before, after, plans, *, install_months: int = 2, dip_level: float = 1.0, orders: float = 1.0,
                 dip_label: str = "暑假新增销售实现几成", **kwargs):
        from ..restoration import ramp_test

        self.before, self.after, self.plans, self.kwargs = before, after, plans, kwargs
        ramp_test(before, after, plans, install_months=install_months, dip_level=dip_level, orders=orders,
                  **kwargs)   # 坏参数在这里就报
        style, layout = {"description_width": "13em"}, W.Layout(width="34em")
        controls = {
            "安装调试月数": W.IntSlider(value=int(install_months), min=0, max=max(8, int(install_months)), step=1,
                                  description="安装调试月数", style=style, layout=layout, continuous_update=False),
            "淡季新增部分实现几成": W.FloatSlider(value=dip_level, min=0.0, max=1.0, step=0.05, description=dip_label,
                                        readout_format=".0%", style=style, layout=layout, continuous_update=False),
            "新增订单实现几成": W.FloatSlider(value=orders, min=0.0, max=max(1.2, orders), step=0.05,
                                      description="新增订单实现几成", readout_format=".0%", style=style, layout=layout,
                                      continuous_update=False),
        }
        super().__init__(controls)

    def compute(self, values: dict[str, Any]):
        from ..restoration import ramp_test

        return ramp_test(self.before, self.after, self.plans, install_months=values["安装调试月数"],
                         dip_level=values["淡季新增部分实现几成"], orders=values["新增订单实现几成"], **self.kwargs)

    def render(self, result) -> None:
        t = result.table
        worst = t["现金最低点"].idxmin()
        display(HTML(
            f"<p>满产月可支配收入 <b>{html.escape(fmt.yuan(result.disposable_monthly, 0))}</b>（满产销售额按 "
            f"{fmt.pct(result.sales_factor, 1)} 计）；最紧的是“{html.escape(str(worst))}”，"
            f"账上现金最低 <b>{html.escape(fmt.yuan(t.loc[worst, '现金最低点'], 0))}</b>"
            f"（{html.escape(str(t.loc[worst, '最低点月份']))}）。</p>"))
        display(tables.table(t, formats={"现金最低点": "{:,.0f}"}))


class ConsolidationView(ToolWidget):
    """合并还原（:func:`coursekit.restoration.consolidate`）的薄前端。

    决定性的假设做成控件：查出的没申报民间借贷（记在 ``hidden_member`` 名下）和内部销售的核实比例
    （1 = 按所给的内部销售全额抵销，0 = 不抵销）；``optional_members`` 里的成员各有一个“并入”开关
    （关掉 = 这摊生意停掉或处置了，它的往来也一并不算）；``stress_members`` 里的成员共用一个“销售额下调”滑块
    （同一个年景同时打到几摊生意）；给了 ``amount`` 时，申请金额也是一个输入框。
    ``stakes`` 原样交给 ``consolidate``（按股份合并）。输出合并前后的对照表、集团债务和合并后的还款能力。
    """

    title = "合并还原"

    def __init__(self, members, *, intra_sales=None, intra_balances=None, intra_loans=None, investments=None,
                 hidden_member: str | None = None, hidden_debt: float = 0.0, annual_rate: float = 0.06,
                 months: int = 12, method: str = "等额本息", amount: float | None = None, stakes=None,
                 optional_members=(), stress_members=(), equity_history=None):
        from ..restoration import consolidate

        self._consolidate = consolidate
        if isinstance(members, (str, bytes, Mapping)) or not hasattr(members, "__iter__"):
            raise InputError("合并成员", "应为列表（两个及以上借款人）", members)
        self.members = [m if isinstance(m, Worksheet) else Worksheet(m) for m in members]
        names = [ws.borrower.name for ws in self.members]
        if isinstance(stress_members, str):
            stress_members = [stress_members]
        for who, label in [(n, "可关掉的成员") for n in optional_members] + \
                [(n, "销售额下调的成员") for n in stress_members]:
            if who not in names:
                raise InputError(label, "不是合并范围内的成员：" + "、".join(names), who)
        self.kwargs = {"intra_balances": intra_balances, "intra_loans": intra_loans, "investments": investments}
        self.stakes, self.equity_history = stakes, equity_history
        if intra_sales is not None and (isinstance(intra_sales, (str, bytes, Mapping))
                                        or not hasattr(intra_sales, "__iter__")):
            raise InputError("内部销售", "应为列表，每笔写（卖方, 买方, 金额）", intra_sales)
        self.intra_sales = list(intra_sales or [])
        self.hidden_member = hidden_member
        self.stress = list(stress_members)
        self.loan = (annual_rate, months, method, amount)
        style = {"description_width": "12em"}
        controls = {
            "没申报的民间借贷": W.FloatText(value=float(hidden_debt), description="没申报的民间借贷（元）", style=style),
        }
        if self.intra_sales:          # 没有内部销售时不摆这个滑块（拖了也不动）
            controls["内部销售核实比例"] = W.FloatSlider(value=1.0, min=0.0, max=1.5, step=0.05,
                                                 description="内部销售核实比例", readout_format=".0%", style=style)
        if self.stress:
            label = f"{self.stress[0][:8]}销售额下调" if len(self.stress) == 1 else "销售额同时下调"
            controls["销售额下调"] = W.FloatSlider(value=0.0, min=0.0, max=0.5, step=0.05, readout_format=".0%",
                                              description=label, style=style)
        if amount is not None:
            controls["申请金额"] = W.FloatText(value=float(amount), description="申请金额（元）", style=style)
        self.optional = list(optional_members)
        for n in self.optional:
            controls[f"并入：{n}"] = W.Checkbox(value=True, description=f"并入：{n}", indent=False)
        super().__init__(controls)

    def compute(self, values: dict[str, Any]):
        hidden = require_number(values["没申报的民间借贷"], "没申报的民间借贷")
        k = require_number(values.get("内部销售核实比例", 1.0), "内部销售核实比例")
        cut = require_number(values.get("销售额下调", 0.0), "销售额下调")
        keep = {n for n in self.optional if values[f"并入：{n}"]} | \
            {ws.borrower.name for ws in self.members if ws.borrower.name not in self.optional}
        members = [ws.what_if(sales_factor=1 - cut) if cut and ws.borrower.name in self.stress else ws
                   for ws in self.members if ws.borrower.name in keep]

        def inside(items, kind):
            """只留两方都还在合并范围内的往来（字典写法按该种往来的中文键取两方）。"""
            if items is None:
                return None
            _zh, first, second = ELIMINATION_KINDS[kind]
            pairs = [(t.get(first), t.get(second), t.get("金额")) if isinstance(t, Mapping) else t for t in items]
            return [t for t in pairs if isinstance(t, (str, bytes)) or not hasattr(t, "__len__") or len(t) != 3
                    or (t[0] in keep and t[1] in keep)]

        sales = [(a, b, x * k) for a, b, x in inside(self.intra_sales, "intra_sales")]
        who = self.hidden_member
        if hidden and who is None:
            raise InputError("没申报的民间借贷", "请先指定记在哪个成员名下（hidden_member）")
        rate, months, method, amount = self.loan
        if "申请金额" in values:
            amount = require_number(values["申请金额"], "申请金额")
        if len(members) < 2:
            ws = members[0].what_if(hidden_debt=hidden) if hidden and who in keep else members[0]
            return {"consolidation": None, "single": ws, "capacity": ws.capacity(rate, months, method, amount=amount)}
        stakes = {n: v for n, v in (self.stakes or {}).items() if n in keep}
        c = self._consolidate(members, intra_sales=sales,
                              hidden_debt={who: hidden} if hidden and who in keep else None,
                              stakes=stakes or None, equity_history=self.equity_history,
                              **{key: inside(v, key) for key, v in self.kwargs.items()})
        return {"consolidation": c, "capacity": c.combined.capacity(rate, months, method, amount=amount)}

    def render(self, result) -> None:
        c, cap = result["consolidation"], result["capacity"]
        if c is None:
            ws = result["single"]
            f = ws.figures
            display(HTML(f"<p>只剩 {html.escape(ws.borrower.name)} 一摊生意，不用合并。</p>"))
            display(tables.table(pd.DataFrame({"项目": ["年销售额", "经营净利润", "月可支配收入"],
                                               "金额": [f.annual_sales, f.net_profit, f.disposable_monthly]}),
                                 formats={"金额": "{:,.0f}"}, index=False))
        else:
            display(tables.table(c.table(), formats="{:,.0f}", index=False))
            display(tables.table(c.debt_table(), formats={"金额": "{:,.0f}"}, index=False))
        display(HTML(f"<p><b>还款能力：{html.escape(cap.verdict)}</b>。{html.escape(cap.explanation)}</p>"))


class StockSeasonView(ToolWidget):
    """季节性备货进现金轨迹（:func:`coursekit.restoration.seasonal_purchases` + ``Worksheet.cash_path``）。

    决定性的假设做成控件：供应商账期（月）和备货金额；输出逐月现金轨迹与最低点。
    """

    title = "季节性备货与现金轨迹"

    def __init__(self, worksheet, months, *payments, amount: float, buy_months, sell_months,
                 terms_months: int = 0, start_cash: float | None = None, sales_factors=None):
        self.ws = worksheet if isinstance(worksheet, Worksheet) else Worksheet(worksheet)
        self.months = list(months)
        self.payments = payments
        self.buy, self.sell = buy_months, sell_months
        self.start_cash, self.sales_factors = start_cash, sales_factors
        style = {"description_width": "10em"}
        controls = {
            "供应商账期": W.IntSlider(value=int(terms_months), min=0, max=6, description="供应商账期（月）", style=style),
            "备货金额": W.FloatText(value=float(amount), description="备货金额（元）", style=style),
        }
        super().__init__(controls)

    def compute(self, values: dict[str, Any]):
        from ..restoration import seasonal_purchases

        stock = seasonal_purchases(values["备货金额"], self.buy, self.sell, terms_months=values["供应商账期"])
        return self.ws.cash_path(*self.payments, months=self.months, start_cash=self.start_cash,
                                 sales_factors=self.sales_factors, stock=stock)

    def render(self, result) -> None:
        display(tables.table(result.table, formats="{:,.0f}"))
        display(HTML(f"<p>{html.escape(result.explain())}</p>"))


class TrancheCashView(ToolWidget):
    """分笔放款与爬坡的现金轨迹：销量按“剔除季节后”的口径爬坡，第二笔按放款条件触发，老板注资单独一个杠杆。

    决定性的假设做成控件：销量每月爬多少（剔除季节后的百分点）、放款条件用哪个口径（剔除季节后的回款、
    当月回款原数，或不设条件在 ``release_now`` 那个月就放）、老板注资多少、哪个月注资。
    计算全部交给 :func:`coursekit.loans.schedule`、:meth:`Worksheet.deseasonalise`、
    :func:`coursekit.restoration.first_met` 和 :meth:`Worksheet.cash_path`。
    """

    title = "分笔放款与现金轨迹"
    BASES = ("剔除季节后的回款", "当月回款原数", "不设条件，马上放")

    def __init__(self, worksheet, months, *, start_level: float, step: float, tranches, second_amount: float,
                 threshold: float, annual_rate: float, term: int = 36, grace_months: int = 0,
                 release_now: str | None = None, start_cash: float | None = None, injection: float = 0.0,
                 consecutive: int = 2):
        from ..loans import month_label

        self.ws = worksheet if isinstance(worksheet, Worksheet) else Worksheet(worksheet)
        if isinstance(months, (str, bytes)) or not hasattr(months, "__iter__"):
            raise InputError("月份", "应为月份的序列，如 [\"2025-02\", \"2025-03\"]", months)
        self.months = [month_label(m) for m in months]
        if not self.months:
            raise InputError("月份", "不能为空，至少要有一个月")
        if isinstance(tranches, (str, bytes, Mapping)) or not hasattr(tranches, "__iter__"):
            raise InputError("已放的贷款", "应为列表，每笔写（金额, 放款日）", tranches)
        self.tranches = list(tranches)
        self.start_level = require_number(start_level, "起点销量")
        self.second = require_number(second_amount, "第二笔金额")
        self.threshold = require_number(threshold, "放款门槛")
        self.loan = (annual_rate, term, grace_months)
        self.release_now = month_label(release_now or self.months[0], "马上放的月份")
        self.start_cash, self.consecutive = start_cash, consecutive
        style = {"description_width": "12em"}
        controls = {
            "销量月增幅": W.FloatSlider(value=float(step), min=0.0, max=0.08, step=0.005, readout_format=".1%",
                                   description="销量每月增加（剔除季节）", style=style),
            "放款条件口径": W.Dropdown(options=list(self.BASES), value=self.BASES[0], description="第二笔的放款条件",
                                 style=style),
            "老板注资": W.FloatText(value=float(injection), description="老板注资（元）", style=style),
            "注资月份": W.Dropdown(options=self.months, value=self.months[min(1, len(self.months) - 1)],
                               description="注资月份", style=style),
        }
        super().__init__(controls)

    def compute(self, values: dict[str, Any]):
        import pandas as pd

        from ..loans import schedule
        from ..restoration import first_met

        step = require_number(values["销量月增幅"], "销量每月增加")
        injection = require_number(values["老板注资"], "老板注资")
        if injection < 0:
            raise InputError("老板注资", "不能为负数", injection)
        level = pd.Series([self.start_level + step * (k + 1) for k in range(len(self.months))], index=self.months)
        raw = level * pd.Series([self.ws.season_factor(m) for m in self.months], index=self.months)
        basis = values["放款条件口径"]
        if basis == self.BASES[2]:
            release = self.release_now
        else:
            met = first_met(level if basis == self.BASES[0] else raw, self.threshold, consecutive=self.consecutive,
                            field="销量")
            release = None if met is None else str(pd.Period(met, freq="M") + 1)
        rate, term, grace = self.loan
        plans = []
        for i, item in enumerate(self.tranches, start=1):
            if isinstance(item, (str, bytes)) or not hasattr(item, "__len__") or len(item) != 2:
                raise InputError(f"已放的第 {i} 笔贷款", "应写（金额, 放款日）", item)
            plans.append(schedule(item[0], rate, term, "等额本息", grace_months=grace, start=item[1]))
        if release is not None and release < self.months[-1]:     # 放款下个月才开始还，最后一个月放的不影响轨迹
            plans.append(schedule(self.second, rate, term, "等额本息", grace_months=grace, start=f"{release}-15"))
        path = self.ws.cash_path(*plans, months=self.months, start_cash=self.start_cash, sales_factors=list(level),
                                 other={values["注资月份"]: injection} if injection else None)
        return {"path": path, "release": release, "level": level, "raw": raw}

    def render(self, result) -> None:
        path, release = result["path"], result["release"]
        cash = path.table["账上现金"]
        if release is None:
            when = "到轨迹结束时第二笔还没有达到放款条件"
        elif release <= self.months[-1]:
            when = f"第二笔在 {release} 放款"
        else:
            when = f"放款条件在最后一个月才满足，第二笔要到 {release} 才放（轨迹之外）"
        display(HTML(f"<p><b>{html.escape(when)}</b>；账上现金最低 {fmt.yuan(cash.min(), 0)}"
                     f"（{html.escape(str(cash.idxmin()))}），为负的月份 {int((cash < 0).sum())} 个，"
                     f"期末 {fmt.yuan(cash.iloc[-1], 0)}。</p>"))
        show = pd.DataFrame({"销量（剔除季节）": result["level"], "销量（当月原数）": result["raw"]})
        show = show.join(path.table[["还款", "账上现金"]])
        display(tables.table(show, formats={"销量（剔除季节）": "{:.0%}", "销量（当月原数）": "{:.0%}",
                                            "还款": "{:,.0f}", "账上现金": "{:,.0f}"}))


class LateReceiptView(ToolWidget):
    """说好要来的钱（补贴、赔款）晚到、少到时，各种还款安排的现金最低点（:func:`coursekit.restoration.late_receipt`）。

    决定性的假设做成控件：晚到几个月、实际到账几成。``labels`` 给出每个月份序号的中文名（如“5 月”），
    用来显示最低点所在的月份。``.result`` 为 :class:`coursekit.restoration.LateReceipt`。
    """

    title = "说好的钱晚到、少到：哪种还款安排先断"

    def __init__(self, start_cash: float, inflows: Any, plans: Any, *, amount: float, month: int, delay: int = 0,
                 share: float = 1.0, labels: Any = None, max_delay: int = 18, title: str | None = None):
        from ..restoration import late_receipt

        late_receipt(start_cash, inflows, plans, amount=amount, month=month, delay=delay, share=share)  # 坏参数在这里就报
        self._args = (start_cash, inflows, plans)
        self._amount, self._month = amount, month
        self._labels = None if labels is None else [str(x) for x in labels]
        style = {"description_width": "10em"}
        controls = {
            "晚到（月）": W.IntSlider(value=int(delay), min=0, max=int(max_delay), description="晚到（月）", style=style,
                                   continuous_update=False),
            "实际到账比例": W.FloatSlider(value=float(share), min=0.0, max=1.0, step=0.05, readout_format=".0%",
                                    description="实际到账比例", style=style, continuous_update=False),
        }
        super().__init__(controls, title=title)

    def compute(self, values: dict[str, Any]):
        from ..restoration import late_receipt

        return late_receipt(*self._args, amount=self._amount, month=self._month, delay=values["晚到（月）"],
                            share=values["实际到账比例"])

    def _month_name(self, k) -> str:
        if self._labels is not None and isinstance(k, int) and 1 <= k <= len(self._labels):
            return self._labels[k - 1]
        return f"第 {k} 个月"

    def render(self, result) -> None:
        show = result.plans.copy()
        show["最低月份"] = show["最低月份"].map(self._month_name)
        if result.arrival is None:
            note = f"这笔钱落到了测算期之外，期内一分没到（{fmt.wan(result.outside)}）。"
        else:
            note = f"{self._month_name(result.arrival)}到账 {fmt.wan(result.received)}。"
        display(HTML(f"<p>{html.escape(note)}账上现金为负的月份，借款人要么逾期，要么去借高息钱。</p>"))
        display(tables.table(show, formats={"最低现金": "{:,.0f}", "期末现金": "{:,.0f}", "周期内还款": "{:,.0f}"},
                             index=False))


class ReliefExplorer(ToolWidget):
    """纾困筛选（:func:`coursekit.restoration.relief_test`）：一户商户，拖动低谷期销售额几成、低谷（宽限）几个月、
    恢复后销售额几成和宽限期后摊还几期，看低谷期缺口、家底撑不撑得住、恢复后月供是否落进上限，以及纾困结论。
    ``.result`` 是 :class:`~coursekit.restoration.ReliefTest`。
    """

    title = "纾困筛选：低谷撑不撑得过去，恢复后还不还得上"

    def __init__(self, sheet, principal, months_left, annual_rate, *, trough_factor: float, trough_months: int,
                 recovery_factor: float, amortize_months: int | None = None):
        from ..restoration import relief_test

        amortize = int(months_left) if amortize_months is None else amortize_months
        relief_test(sheet, principal, months_left, annual_rate, trough_factor=trough_factor,
                    trough_months=trough_months, recovery_factor=recovery_factor,
                    amortize_months=amortize)   # 坏参数在这里就报
        self.sheet, self.principal, self.months_left, self.rate = sheet, principal, months_left, annual_rate
        style, layout = {"description_width": "13em"}, W.Layout(width="34em")
        controls = {
            "低谷期销售额倍数": W.FloatSlider(value=trough_factor, min=0.0, max=1.0, step=0.05,
                                      description="低谷期销售额（平时的几成）", readout_format=".0%", style=style,
                                      layout=layout, continuous_update=False),
            "低谷月数": W.IntSlider(value=int(trough_months), min=1, max=12, step=1, description="低谷（宽限）月数",
                                style=style, layout=layout, continuous_update=False),
            "恢复后销售额倍数": W.FloatSlider(value=recovery_factor, min=0.3, max=1.2, step=0.05,
                                      description="恢复后销售额（平时的几成）", readout_format=".0%", style=style,
                                      layout=layout, continuous_update=False),
            "宽限期后摊还期数": W.IntSlider(value=int(amortize), min=6, max=max(48, int(amortize)), step=1,
                                    description="宽限期后摊还期数", style=style, layout=layout,
                                    continuous_update=False),
        }
        super().__init__(controls)

    def compute(self, values: dict[str, Any]):
        from ..restoration import relief_test

        return relief_test(self.sheet, self.principal, self.months_left, self.rate,
                           trough_factor=values["低谷期销售额倍数"], trough_months=values["低谷月数"],
                           recovery_factor=values["恢复后销售额倍数"], amortize_months=values["宽限期后摊还期数"])

    def render(self, result) -> None:
        display(HTML(f"<p>纾困结论：<b>{html.escape(result.verdict)}</b>。低谷期缺口按原计划 "
                     f"{html.escape(fmt.yuan(result.gap_plan, 0))}、只付息 {html.escape(fmt.yuan(result.gap_relief, 0))}，"
                     f"家底 {html.escape(fmt.yuan(result.cushion, 0))}；恢复后月供 "
                     f"{html.escape(fmt.yuan(result.after.payment, 0))}，上限 "
                     f"{html.escape(fmt.yuan(result.after.installment_cap, 0))}。</p>"))
        row = result.row()
        keys = ["低谷期月可支配收入", "原月供", "宽限期月供（只付息）", "低谷期缺口：原计划", "低谷期缺口：宽限期",
                "现金与存款", "恢复后月可支配收入", "恢复后月供上限", "宽限期后月供", "恢复后结论"]
        shown = pd.DataFrame({"项目": keys, "数值": [row[k] if isinstance(row[k], str) else fmt.yuan(row[k], 0)
                                                 for k in keys]})
        display(tables.table(shown, index=False))



class SeasonPlansView(ToolWidget):
    """收购季的几种还款安排（:func:`coursekit.restoration.season_plans`）：同一季收购、同一份经营收支。

    决定性的假设做成控件：买方账期（发货后几个月收到货款，``terms_control=False`` 时不显示）和这一季的收购金额；
    给了毛利率且 ``price_controls=True`` 时，还有卖出价比预期和毛利率。输出每种安排的最低现金、出现的月份和为负的月数
    （给了毛利率时还有“比不收这一季多落下”）。``.result`` 为 :class:`coursekit.restoration.SeasonPlans`。
    """

    title = "收购季：买方回款慢一点，哪种还款安排先断"

    def __init__(self, start_cash: float, operating: Any, plans: Any, *, amount: float, buy_months: Any,
                 sell_months: Any, buyer_terms_months: int = 0, terms_months: int = 0, max_terms: int = 6,
                 gross_margin: float | None = None, price_change: float = 0.0, price_controls: bool = False,
                 terms_control: bool = True, title: str | None = None):
        from ..restoration import season_plans

        season_plans(start_cash, operating, plans, amount=amount, buy_months=buy_months, sell_months=sell_months,
                     terms_months=terms_months, buyer_terms_months=buyer_terms_months, gross_margin=gross_margin,
                     price_change=price_change)   # 坏参数在这里就报
        self._args = (start_cash, operating, plans)
        self._season = {"buy_months": buy_months, "sell_months": sell_months, "terms_months": terms_months}
        self._margin, self._price = gross_margin, price_change
        style = {"description_width": "12em"}
        self._terms = int(buyer_terms_months)
        controls = {}
        if terms_control:
            controls["买方账期（月）"] = W.IntSlider(value=int(buyer_terms_months), min=0, max=int(max_terms),
                                              description="买方账期（月）", style=style, continuous_update=False)
        controls["收购金额"] = W.FloatText(value=float(amount), description="这一季收购金额（元）", style=style)
        if price_controls:
            if gross_margin is None:
                raise InputError("毛利率", "要拖动价格和毛利率，先给出这一季的毛利率")
            controls["价格变动"] = W.FloatSlider(value=float(price_change), min=-0.15, max=0.10, step=0.005,
                                             readout_format=".1%", description="卖出价比预期", style=style,
                                             continuous_update=False)
            controls["毛利率"] = W.FloatSlider(value=float(gross_margin), min=0.0, max=0.30, step=0.005,
                                            readout_format=".1%", description="毛利率", style=style,
                                            continuous_update=False)
        super().__init__(controls, title=title)

    def compute(self, values: dict[str, Any]):
        from ..restoration import season_plans

        return season_plans(*self._args, amount=values["收购金额"],
                            buyer_terms_months=values.get("买方账期（月）", self._terms),
                            gross_margin=values.get("毛利率", self._margin),
                            price_change=values.get("价格变动", self._price), **self._season)

    def render(self, result) -> None:
        if "比不收这一季多落下" in result.plans.columns:
            parts = [f"“{r['还款安排']}”比不收这一季多落下 {fmt.yuan(r['比不收这一季多落下'], 0)}"
                     for _, r in result.plans.iterrows()]
            display(HTML(f"<p>{html.escape('；'.join(parts))}。</p>"))
        worst = result.plans.loc[result.plans["最低现金"].idxmin()]
        if worst["最低现金"] < 0:
            note = (f"最先断的是“{worst['还款安排']}”：{worst['最低月份']} 账上差 {fmt.wan(-worst['最低现金'], 1)}，"
                    f"有 {int(worst['为负月数'])} 个月为负——借款人要么欠收购款，要么低价先卖粮。")
        else:
            note = "每种安排的账上现金都没有为负。"
        display(HTML(f"<p>{html.escape(note)}</p>"))
        display(tables.table(result.plans, formats={"最低现金": "{:,.0f}", "期末现金": "{:,.0f}", "周期内还款": "{:,.0f}",
                                                    "比不收这一季多落下": "{:,.0f}"}, index=False))


# -- 底稿上的“假如”：回头客再贷、新增负债换期限利率、一种产品的毛利率 ------------------------------------------------
__all__ += ["RepeatLoanView", "RefinanceCapacityView", "MarginCapacityView", "PrivateDebtView"]


def _p(lines) -> None:
    display(HTML("".join(f"<p>{html.escape(t)}</p>" for t in lines)))


class RepeatLoanView(ToolWidget):
    """回头客再来贷款（:func:`coursekit.restoration.repeat_loan`）：生意比去年涨了几成、新贷款多少、期限多长、
    老贷款并不并进来——月供上限、测算结论、最高可贷，以及第 ``horizon`` 期后（如租约到期）还欠多少。

    ``sales``：去年各月销售额；``margin``、``fixed_costs``：毛利率、每月固定开支；``old_balance``、``old_payment``：
    老贷款剩余本金与月供；``annual_rate``：新贷款年利率；``terms``：可选的期限（月）。``.result`` 为
    :class:`~coursekit.restoration.RepeatLoan`。
    """

    title = "回头客再贷：生意涨了几成、贷多少、贷多久"

    def __init__(self, sales, *, margin, fixed_costs, annual_rate, old_balance=0.0, old_payment=0.0, start_cash=0.0,
                 uplift: float = 0.26, amount: float = 200_000, months: int = 36, merge: bool = False,
                 horizon: int | None = 36, horizon_label: str = "租约到期", terms=(36, 60),
                 max_uplift: float = 0.40, max_amount: float = 500_000, method: str = "等额本息"):
        from ..restoration import repeat_loan

        self._args = dict(margin=margin, fixed_costs=fixed_costs, annual_rate=annual_rate, start_cash=start_cash,
                          old_balance=old_balance, old_payment=old_payment, horizon=horizon, method=method)
        repeat_loan(sales, uplift=uplift, amount=amount, months=months, merge=merge, **self._args)   # 坏参数在这里就报
        terms = [int(t) for t in terms]
        if int(months) not in terms:
            raise InputError("期限（月）", "应为可选的期限之一：" + "、".join(f"{t} 个月" for t in terms), months)
        self._sales, self._label = sales, str(horizon_label)
        style, layout = {"description_width": "10em"}, W.Layout(width="34em")
        controls: dict[str, W.Widget] = {
            "增幅": W.FloatSlider(value=float(uplift), min=min(0.0, float(uplift)), max=max(float(max_uplift), float(uplift)),
                                step=0.01, readout_format=".0%", description="比去年的增幅", style=style,
                                layout=layout, continuous_update=False),
            "新贷款": W.IntSlider(value=int(amount), min=min(50_000, int(amount)), max=max(int(max_amount), int(amount)),
                               step=10_000, description="新贷款（元）", style=style, layout=layout,
                               continuous_update=False),
            "期限（月）": W.Dropdown(options=[(f"{t} 个月", t) for t in terms], value=int(months), description="期限",
                                 style=style),
            "是否并入老贷款": W.Checkbox(value=bool(merge), description="并入老贷款的剩余本金", style=style),
        }
        super().__init__(controls)

    def compute(self, values: dict[str, Any]):
        from ..restoration import repeat_loan

        return repeat_loan(self._sales, uplift=values["增幅"], amount=values["新贷款"], months=values["期限（月）"],
                           merge=values["是否并入老贷款"], **self._args)

    def render(self, result) -> None:
        lines = [f"生意比去年涨 {result.uplift:.0%}：月均可支配收入 {fmt.yuan(result.expected_monthly, 0)}，"
                 f"月供上限 {fmt.yuan(result.cap, 0)}。",
                 f"本金 {fmt.yuan(result.principal, 0)}，{result.months} 个月，月供 {fmt.yuan(result.payment, 0)}"
                 + ("（老贷款已并入）。" if result.merged else f"，另有老贷款月供 {fmt.yuan(result.old_payment, 0)}。"),
                 f"测算结论：{result.verdict}；按这个期限最高可贷 {fmt.wan(result.max_loan, 1)}"
                 + ("（含并入的老贷款）。" if result.merged else "（老贷款之外）。")]
        if result.owed_at_horizon is not None:
            lines.append(f"{self._label}（第 {result.horizon} 期后）还欠 {fmt.wan(result.owed_at_horizon, 1)}。")
        _p(lines)


class RefinanceCapacityView(ToolWidget):
    """新增负债换成什么期限、利率（:func:`coursekit.restoration.capacity_with_new_debt`）：这笔钱每月要还多少，
    本行贷款还过不过。

    ``inputs``：新增负债之前的借款人字典或底稿；``debt``：新增负债（元）；``annual_rate``、``months``：本行贷款条件；
    ``debt_method``：这笔负债的还法（等额本金时看第一期，最重的那个月）。``.result`` 为
    :class:`~coursekit.restoration.NewDebtCapacity`。
    """

    title = "新增的负债换成多长、多少利率，本行这笔贷款还过不过"

    def __init__(self, inputs, debt, *, annual_rate, months, debt_months: int = 12, debt_rate: float = 0.10,
                 amount: float = 800_000, method: str = "等额本息", debt_method: str = "等额本息", norms=None,
                 max_debt_months: int = 120, rate_range=(0.03, 0.18), min_amount: float = 100_000,
                 max_amount: float | None = None):
        from ..restoration import capacity_with_new_debt

        self._args = dict(annual_rate=annual_rate, months=months, method=method, debt_method=debt_method)
        capacity_with_new_debt(inputs, debt, debt_months=debt_months, debt_rate=debt_rate, amount=amount, norms=norms,
                               **self._args)                                                 # 坏参数在这里就报
        self._inputs, self._debt, self._norms = inputs, debt, norms
        style, layout = {"description_width": "10em"}, W.Layout(width="34em")
        top = max(int(max_amount if max_amount is not None else amount), int(amount))
        label = fmt.wan(debt, 0)
        controls: dict[str, W.Widget] = {
            "新增负债的期限（月）": W.IntSlider(value=int(debt_months), min=min(12, int(debt_months)),
                                        max=max(int(max_debt_months), int(debt_months)), step=12,
                                        description=f"{label}的期限（月）", style=style, layout=layout,
                                        continuous_update=False),
            "新增负债的年利率": W.FloatSlider(value=float(debt_rate), min=min(rate_range[0], float(debt_rate)),
                                        max=max(rate_range[1], float(debt_rate)), step=0.001, readout_format=".1%",
                                        description=f"{label}的年利率", style=style, layout=layout,
                                        continuous_update=False),
            "申请金额": W.IntSlider(value=int(amount), min=min(int(min_amount), int(amount)), max=top, step=50_000,
                                description="本行贷款（元）", style=style, layout=layout, continuous_update=False),
        }
        super().__init__(controls)

    def compute(self, values: dict[str, Any]):
        from ..restoration import capacity_with_new_debt

        return capacity_with_new_debt(self._inputs, self._debt, debt_months=values["新增负债的期限（月）"],
                                      debt_rate=values["新增负债的年利率"], amount=values["申请金额"], norms=self._norms,
                                      **self._args)

    def render(self, result) -> None:
        cap = result.capacity
        first = "第一个月还 " if self._args["debt_method"] == "等额本金" else "每月还 "
        _p([f"{fmt.wan(result.debt, 0)}按 {result.debt_months} 个月、年利率 {result.debt_rate:.1%} 还，{first}"
            f"{fmt.yuan(result.debt_payment, 0)}；月可支配收入 {fmt.yuan(cap.disposable_monthly, 0)}，本行 "
            f"{fmt.wan(cap.amount, 0)}月供 {fmt.yuan(cap.payment, 0)}：{cap.verdict}。", cap.explanation])


class MarginCapacityView(ToolWidget):
    """一种产品的毛利率变成多少（:func:`coursekit.restoration.capacity_at_margin`）：经营净利润、月可支配收入、
    申请金额的月供、最高可贷和结论。

    ``inputs``：借款人字典或底稿；``product``：拖动毛利率的那种产品；``margin``：初始毛利率（小数，默认用底稿里的）。
    ``.result`` 为 :class:`~coursekit.restoration.MarginCapacity`。
    """

    title = "毛利率再掉几个点，这笔贷款还过不过"

    def __init__(self, inputs, product: str, *, annual_rate, months, amount: float = 150_000, margin: float | None = None,
                 method: str = "等额本息", norms=None, margin_range=(0.05, 0.16), amount_range=(50_000, 600_000),
                 amount_step: int = 50_000):
        from ..restoration import capacity_at_margin, restore

        sheet = inputs if isinstance(inputs, Worksheet) else None
        if sheet is None and isinstance(inputs, Mapping):
            sheet = restore(inputs, norms=norms)
        if margin is None and sheet is not None:
            margin = next((p.margin for p in sheet.borrower.products if p.name == str(product).strip()), None)
        self._args = dict(annual_rate=annual_rate, months=months, method=method)
        capacity_at_margin(inputs, product, margin, amount=amount, norms=norms, **self._args)   # 坏参数在这里就报
        self._sheet, self._product = sheet, str(product).strip()
        style, layout = {"description_width": "10em"}, W.Layout(width="34em")
        lo, hi = float(margin_range[0]), float(margin_range[1])
        controls: dict[str, W.Widget] = {
            "毛利率": W.FloatSlider(value=float(margin), min=min(lo, float(margin)), max=max(hi, float(margin)), step=0.005,
                                 readout_format=".1%", description=f"{self._product}毛利率", style=style, layout=layout,
                                 continuous_update=False),
            "申请金额": W.IntSlider(value=int(amount), min=min(int(amount_range[0]), int(amount)),
                                max=max(int(amount_range[1]), int(amount)), step=int(amount_step),
                                description="申请金额（元）", style=style, layout=layout, continuous_update=False),
        }
        super().__init__(controls)

    def compute(self, values: dict[str, Any]):
        from ..restoration import capacity_at_margin

        return capacity_at_margin(self._sheet, self._product, values["毛利率"], amount=values["申请金额"], **self._args)

    def render(self, result) -> None:
        cap = result.capacity
        _p([f"{result.product}毛利率 {result.margin:.1%}：经营净利润 {fmt.yuan(result.net_profit, 0)}，月可支配收入 "
            f"{fmt.yuan(cap.disposable_monthly, 0)}；{fmt.wan(cap.amount, 0)}月供 {fmt.yuan(cap.payment, 0)}，"
            f"最高可贷约 {fmt.wan(cap.max_loan, 1)}：{cap.verdict}。", cap.explanation])


class PrivateDebtView(ToolWidget):
    """借款人承认多少民间借贷、月息几厘、认不认那笔损失（:func:`coursekit.restoration.private_debt_probe`）：
    权益检验的结论和差额，按权益走势倒推的借款额，还有多少没说清，计入后本行贷款的还款能力。

    ``inputs``：不含待查借款的底稿（权益历史填付利息、扣损失之前的经营利润）；``losses``：借款人可能承认的那笔
    损失（元），由复选框决定计不计；``label``：这笔损失在页面上的叫法。``.result`` 为
    :class:`~coursekit.restoration.PrivateDebtProbe`。
    """

    title = "他承认了多少民间借贷：权益走势还在追问多少"

    def __init__(self, inputs, *, losses: float, annual_rate, months, amount, method: str = "等额本息",
                 admitted: float = 0.0, monthly_rate: float = 0.008, losses_admitted: bool = True,
                 label: str = "期间损失", max_admitted: float = 2_000_000, step: int = 50_000, norms=None):
        from ..restoration import private_debt_probe, restore

        self._args = dict(annual_rate=annual_rate, months=months, method=method, amount=amount)
        if isinstance(inputs, Mapping):
            inputs = restore(inputs, norms=norms)                                  # 只还原一次，滑块每动一下不再重做
        private_debt_probe(inputs, admitted, monthly_rate=monthly_rate, losses=losses, **self._args)  # 坏参数在这里就报
        self._sheet = inputs
        self._losses, self._label = float(losses), str(label)
        style, layout = {"description_width": "10em"}, W.Layout(width="34em")
        top = max(int(max_admitted), int(admitted))
        controls: dict[str, W.Widget] = {
            "承认的民间借贷": W.IntSlider(value=int(admitted), min=0, max=top, step=int(step),
                                    description="承认的民间借贷（元）", style=style, layout=layout,
                                    continuous_update=False),
            "月息": W.FloatSlider(value=round(float(monthly_rate) * 1000, 1), min=2.0, max=max(20.0, monthly_rate * 1000),
                                step=0.5, readout_format=".1f", description="月息（厘）", style=style, layout=layout,
                                continuous_update=False),
            "期间损失": W.Checkbox(value=bool(losses_admitted),
                               description=f"承认{self._label} {fmt.wan(self._losses, 0)}", indent=False),
        }
        super().__init__(controls)

    def compute(self, values: dict[str, Any]):
        from ..restoration import private_debt_probe

        return private_debt_probe(self._sheet, values["承认的民间借贷"], monthly_rate=values["月息"] / 1000,
                                  losses=self._losses if values["期间损失"] else 0.0, **self._args)

    def render(self, result) -> None:
        eq, cap = result.equity.figures, result.capacity
        lines = [f"承认 {fmt.wan(result.admitted, 0)}、月息 {result.monthly_rate * 1000:.1f} 厘（每月利息 "
                 f"{fmt.yuan(result.monthly_interest, 0)}）"
                 + (f"、{self._label} {fmt.wan(result.losses, 0)}" if result.losses else f"、不认{self._label}")
                 + f"：权益检验{result.equity.verdict}，应有权益 {fmt.wan(eq['应有权益'], 1)}，实际 {fmt.wan(eq['实际权益'], 1)}。"]
        if result.implied is None:
            lines.append(f"月息 × {result.months} 个月已超过本金，权益走势倒推不出借款额。")
        elif result.unexplained and result.unexplained >= 10_000:
            lines.append(f"按权益走势，起点之后新增的民间借贷约 {fmt.wan(result.implied_low, 1)}（期末才借）到 "
                         f"{fmt.wan(result.implied, 1)}（期初就借、一直背着）；按上限还有约 "
                         f"{fmt.wan(result.unexplained, 1)}没说清：继续问借的谁、哪年借的、利息怎么付。")
        elif result.shortfall >= 10_000:
            lead = "借款解释不了“少”" if result.admitted == 0 else "承认的借款已经够多"
            lines.append(f"实际权益比利润积累少 {fmt.wan(result.shortfall, 1)}：{lead}，"
                         f"缺的是钱的去向——没认的损失，或报高的利润。")
        else:
            lines.append("承认的借款和损失与权益走势对得上。")
        lines.append(f"计入后月可支配收入 {fmt.yuan(cap.disposable_monthly, 0)}，本行 {fmt.wan(cap.amount, 0)}："
                     f"{cap.verdict}。")
        _p(lines)


class TroughView(ToolWidget):
    """行情低谷拖多久、跌多深，兼并贷款只付息几个月（:func:`coursekit.restoration.trough_survival`、
    :func:`~coursekit.restoration.trough_loan`）：每户续贷、抽贷的最低现金和结论，兼并贷款叠在低谷上的最低现金。

    ``borrowers``：同 :func:`~coursekit.restoration.trough_survival`；``loan``：可选的新贷款，字典键为 ``底稿``
    （放款后的经营）、``金额``、``期限``、``现金``（放款时的现金与存款）、``低谷期销售额倍数``、``低谷期毛利率``。
    ``.result`` 为 :class:`TroughViewResult`。
    """

    title = "低谷拖多久、跌多深：谁熬得过去，兼并贷款的宽限期够不够"

    def __init__(self, borrowers, *, annual_rate, start_month: int, months: int = 8, loan=None, grace_months: int = 0,
                 max_months: int = 14):
        from ..restoration import restore, trough_survival

        trough_survival(borrowers, annual_rate=annual_rate, start_month=start_month, months=months)  # 坏参数在这里就报
        self._borrowers, self._rate, self._start = borrowers, annual_rate, int(start_month)
        self._loan = None if loan is None else dict(loan)
        if self._loan is not None:
            missing = [k for k in ("底稿", "金额", "期限", "现金", "低谷期销售额倍数", "低谷期毛利率") if k not in self._loan]
            if missing:
                raise InputError("新贷款", "缺少" + "、".join(f"“{k}”" for k in missing))
            if not isinstance(self._loan["底稿"], Worksheet):
                self._loan["底稿"] = restore(self._loan["底稿"])           # 只还原一次，滑块每动一下不再重做
        style, layout = {"description_width": "12em"}, W.Layout(width="34em")
        controls: dict[str, W.Widget] = {
            "低谷月数": W.IntSlider(value=int(months), min=min(3, int(months)), max=max(int(max_months), int(months)),
                                description="低谷持续（月）", style=style, layout=layout, continuous_update=False),
            "毛利率再降": W.FloatSlider(value=0.0, min=0.0, max=3.0, step=0.5, readout_format=".1f",
                                   description="随行情户毛利率再降（点）", style=style, layout=layout,
                                   continuous_update=False),
        }
        if self._loan is not None:
            controls["宽限期"] = W.IntSlider(value=int(grace_months), min=0, max=12, description="新贷款只付息（月）",
                                          style=style, layout=layout, continuous_update=False)
        super().__init__(controls)

    def compute(self, values: dict[str, Any]):
        from ..restoration import trough_loan, trough_survival

        months, cut = values["低谷月数"], values["毛利率再降"] / 100
        survival = trough_survival(self._borrowers, annual_rate=self._rate, start_month=self._start, months=months,
                                   margin_cut=cut)
        loan = None
        if self._loan is not None:
            ln = self._loan
            sheet = ln["底稿"]
            loan = trough_loan(sheet, amount=ln["金额"], annual_rate=self._rate, months=ln["期限"],
                               grace_months=values["宽限期"], start_cash=ln["现金"],
                               sales_factor=ln["低谷期销售额倍数"],
                               margin_delta=float(ln["低谷期毛利率"]) - sheet.figures.weighted_margin,
                               margin_cut=cut, start_month=self._start, trough_months=months)
        return TroughViewResult(survival=survival, loan=loan)

    def render(self, result) -> None:
        t = result.survival.table
        show = t[["借款人", "低谷期毛利率", "续贷：最低现金", "续贷：最低在", "抽贷：最低现金", "抽贷：最低在", "结论"]]
        display(_money_style(show, ["续贷：最低现金", "抽贷：最低现金"], ["低谷期毛利率"]))
        ln = result.loan
        if ln is not None:
            p = ln.path
            grace = f"前 {ln.grace_months} 个月只付息" if ln.grace_months else "放款次月起等额本息"
            text = (f"新贷款 {fmt.wan(ln.amount, 0)}、{ln.months} 期，{grace}：低谷期最低现金 {fmt.yuan(p.lowest, 0)}"
                    f"（{p.lowest_month}），利息合计 {fmt.yuan(ln.total_interest, 0)}。")
            monthly_loss = -float(p.table["可支配收入"].min())
            if p.lowest < 0:
                text += "现金跌破零：宽限期没盖住低谷，或低谷比这笔贷款扛得住的更长。"
            elif monthly_loss > 0 and p.lowest < monthly_loss:
                text += f"最低现金不到低谷期最亏的一个月（{fmt.yuan(monthly_loss, 0)}），一次意外就能击穿。"
            elif monthly_loss > 0:
                text += f"最低现金约等于 {p.lowest / monthly_loss:.1f} 个月的低谷亏空（按最亏的那个月算）。"
            _p([text])


@dataclass(frozen=True)
class TroughViewResult:
    """:class:`TroughView` 的结果：``survival`` 为 :class:`~coursekit.restoration.TroughSurvival`，``loan`` 为
    :class:`~coursekit.restoration.TroughLoan` 或 None。"""

    survival: Any
    loan: Any = None


__all__ += ["TroughView", "TroughViewResult"]


# -- 扩张后的固定成本：销售额掉多少月供就过不去，拖着的货款压回正常账期 ------------------------------------------------
__all__ += ["FixedCostSqueezeView"]


class FixedCostSqueezeView(ToolWidget):
    """销售额掉几成、供应商的账期压回几天（:func:`coursekit.restoration.fixed_cost_squeeze`）：月可支配收入、
    申请金额的月供和结论，销售额降到哪里月供就过不去，压账期要还供应商多少钱。

    ``inputs``：借款人字典或底稿（全部借款、固定开支都已在里面）；``amount``、``months``、``method``：初始的
    申请条件，须在 ``amounts``、``terms``、``methods`` 之中；``payable_days_target``：初始的账期（None 为不压）；
    ``catch_up_months``：压账期要还的货款分几个月还；``replaces_interest``：申请的贷款（续贷、增额）要替换的本行
    原贷款每月的利息，测算时不再计入。``.result`` 为 :class:`~coursekit.restoration.FixedCostSqueeze`。
    """

    title = "销售额掉几成、货款压回几天，这笔贷款还过不过"

    def __init__(self, inputs, *, annual_rate, amount: float = 800_000, months: int = 24, method: str = "等额本息",
                 sales_drop: float = 0.0, payable_days_target=None, catch_up_months: int = 12,
                 amounts=(300_000, 500_000, 800_000), terms=(12, 24, 36), methods=("等额本息", "先息后本"),
                 max_drop: float = 0.30, norms=None, replaces_interest: float = 0.0):
        import math

        from ..restoration import fixed_cost_squeeze, restore

        if isinstance(inputs, Mapping):
            inputs = restore(inputs, norms=norms)                                  # 只还原一次，滑块每动一下不再重做
        self._args = dict(annual_rate=annual_rate, catch_up_months=catch_up_months,
                          replaces_interest=replaces_interest)
        first = fixed_cost_squeeze(inputs, sales_drop=sales_drop, amount=amount, months=months, method=method,
                                   payable_days_target=payable_days_target, **self._args)   # 坏参数在这里就报
        choices = {"申请金额": ([float(a) for a in amounts], float(amount), "万元"),
                   "期限（月）": ([int(t) for t in terms], int(months), "个月"),
                   "还款方式": ([str(m) for m in methods], str(method), "")}
        for name, (options, value, _) in choices.items():
            if value not in options:
                raise InputError(name, "应为可选的之一：" + "、".join(map(str, options)), value)
        self._sheet, self._days = inputs, first.payable_days
        style, layout = {"description_width": "12em"}, W.Layout(width="36em")
        top = max(float(max_drop), float(sales_drop))
        controls: dict[str, W.Widget] = {
            "销售额下降": W.FloatSlider(value=float(sales_drop), min=0.0, max=top, step=0.01, readout_format=".0%",
                                   description="销售额下降", style=style, layout=layout, continuous_update=False),
        }
        if self._days is not None:
            # 最右一格是现在的天数（向上取整）：拖到头就是不压账期、供应商继续垫着
            hi = math.ceil(self._days)
            lo = math.floor(min(first.norm_days if first.norm_days is not None else 0.0, self._days))
            value = hi if first.target_days is None else int(round(first.target_days))
            lo, hi = min(lo, value), max(hi, value, lo + 1)
            controls["账期压回到（天）"] = W.IntSlider(value=value, min=lo, max=hi, step=1,
                                                description="供应商账期压回到（天）", style=style, layout=layout,
                                                continuous_update=False)
        controls["申请金额"] = W.Dropdown(options=[(fmt.wan(a, 0), a) for a in choices["申请金额"][0]], value=float(amount),
                                      description="申请金额", style=style)
        controls["期限（月）"] = W.Dropdown(options=[(f"{t} 个月", t) for t in choices["期限（月）"][0]], value=int(months),
                                       description="期限", style=style)
        controls["还款方式"] = W.Dropdown(options=choices["还款方式"][0], value=str(method), description="还款方式",
                                      style=style)
        super().__init__(controls)

    def compute(self, values: dict[str, Any]):
        from ..restoration import fixed_cost_squeeze

        days = values.get("账期压回到（天）")
        target = days if days is not None and days < self._days else None
        return fixed_cost_squeeze(self._sheet, sales_drop=values["销售额下降"], amount=values["申请金额"],
                                  months=values["期限（月）"], method=values["还款方式"], payable_days_target=target,
                                  **self._args)

    def render(self, result) -> None:
        r = result
        line = (f"销售额下降 {r.sales_drop:.0%}（全年 {fmt.wan(r.sales, 1)}）：每月毛利 {fmt.yuan(r.gross_profit_monthly, 0)}，"
                f"不随销售额变的开支 {fmt.yuan(r.fixed_monthly - r.catch_up_monthly, 0)}")
        if r.catch_up_monthly:
            line += f"，还供应商 {fmt.yuan(r.catch_up_monthly, 0)}"
        lines = [line + f"，月可支配收入 {fmt.yuan(r.disposable_monthly, 0)}。"]
        if r.replaced_interest:
            lines[0] = lines[0][:-1] + (f"（续贷后原贷款每月 {fmt.yuan(r.replaced_interest, 0)}的利息不再发生，"
                                        "已从开支里减掉）。")
        if r.payable_days is not None:
            if r.target_days is None:
                if r.over_norm:
                    lines.append(f"应付账款 {fmt.wan(r.payables, 1)}，周转约 {r.payable_days:.0f} 天，比 {r.norm_days:.0f} 天"
                                 f"的账期多欠 {fmt.wan(r.over_norm, 1)}：这是供应商在垫钱，这里按它继续垫着算。")
            else:
                lines.append(f"账期压回到 {r.target_days:.0f} 天，要还供应商 {fmt.wan(r.catch_up, 1)}，"
                             f"分 {r.catch_up_months} 个月还，每月 {fmt.yuan(r.catch_up_monthly, 0)}。")
        lines.append(f"{fmt.wan(r.amount, 0)}、{r.capacity.months} 个月{r.capacity.method}，首期月供 "
                     f"{fmt.yuan(r.payment, 0)}：{r.verdict}。")
        base = fmt.wan(r.base_sales, 0)
        if r.pass_drop > 0:
            lines.append(f"销售额比 {base}最多掉 {r.pass_drop:.1%}（降到约 {fmt.wan(r.pass_sales, 0)}），月供还在上限以内；"
                         f"掉到 {r.fail_drop:.1%}，月供就超过全部可支配收入。")
        elif r.fail_drop > 0:
            lines.append(f"月供已超出上限，只是还在可支配收入以内；销售额比 {base}掉 {r.fail_drop:.1%} 以上，"
                         "可支配收入就不够付月供。")
        else:
            lines.append(f"按这些开支，销售额要比 {base}高 {-r.pass_drop:.1%}（约 {fmt.wan(r.pass_sales, 0)}），"
                         "月供才回到上限以内。")
        if r.capacity.principal_due is None:
            lines.append(f"按这个销售额和期限，最高可贷约 {fmt.wan(r.max_loan, 1)}。")
        else:
            lines.append("到期一次还本：月供只是利息，本金要靠到期续贷或另有来源。")
        _p(lines)


# -- 发票贷：开票额里认多少是真实销售，额度站不站得住 ----------------------------------------------------------------
__all__ += ["InvoiceLineView"]


class InvoiceLineView(ToolWidget):
    """开票额里有多少算真实销售（:func:`coursekit.restoration.invoice_line`）：扣不扣红冲作废、关联方开票按几成
    计入、每家是否只认到流水净流入为止——按这个口径的公式额度、经营撑得起的额度，以及复核意见里站得住的额度。

    ``invoices``：按购买方汇总的开票表（同 :func:`~coursekit.restoration.invoice_analysis`）；``rate``、``cap``：额度
    公式的比例和上限；``worksheet``：按开票额还原的借款人字典或底稿，与 ``annual_rate``、``months``、``method``、
    ``principal_source`` 一起测算还款能力（``amount`` 默认为系统额度）。``.result`` 为
    :class:`~coursekit.restoration.InvoiceLine`。
    """

    title = "开票额里认多少是真实销售：额度站不站得住"

    def __init__(self, invoices, *, rate, cap, worksheet=None, annual_rate=None, months=None, method: str = "先息后本",
                 amount=None, principal_source: str | None = "经营积累", source_amount=None,
                 net_of_cancelled: bool = True, related_accepted: float = 0.0, flow_confirmed: bool = False):
        from ..restoration import invoice_line, restore

        if isinstance(worksheet, Mapping):
            worksheet = restore(worksheet)                                  # 只还原一次，滑块每动一下不再重做
        self._args = dict(rate=rate, cap=cap, worksheet=worksheet, annual_rate=annual_rate, months=months,
                          method=method, amount=amount, principal_source=principal_source,
                          source_amount=source_amount)
        invoice_line(invoices, net_of_cancelled=net_of_cancelled, related_accepted=related_accepted,
                     flow_confirmed=flow_confirmed, **self._args)                    # 坏参数在这里就报
        self._invoices = invoices
        style, layout = {"description_width": "10em"}, W.Layout(width="34em")
        controls: dict[str, W.Widget] = {
            "扣除红冲作废": W.Checkbox(value=bool(net_of_cancelled), description="扣除红冲、作废的发票", indent=False),
            "关联方开票计入比例": W.FloatSlider(value=float(related_accepted), min=0.0, max=1.0, step=0.05,
                                         readout_format=".0%", description="关联方开票计入", style=style,
                                         layout=layout, continuous_update=False),
        }
        if "流水转入" in invoices.columns:
            controls["只认流水净流入"] = W.Checkbox(value=bool(flow_confirmed), indent=False,
                                              description="每个购买方只认到流水净流入为止")
        super().__init__(controls)

    def compute(self, values: dict[str, Any]):
        from ..restoration import invoice_line

        return invoice_line(self._invoices, net_of_cancelled=values["扣除红冲作废"],
                            related_accepted=values["关联方开票计入比例"],
                            flow_confirmed=values.get("只认流水净流入", False), **self._args)

    def render(self, r) -> None:
        related = float(r.by_buyer.loc[r.by_buyer["关联"], "计入金额"].sum())
        part = f"，其中关联方 {fmt.wan(related, 0)}" if related > 0 else "，关联方一分不计"
        lines = [f"计入的销售额 {fmt.wan(r.basis, 0)}（开票额的 {r.share:.1%}）{part}："
                 f"按公式额度 {fmt.wan(r.line, 1)}；系统按全部开票额给的是 {fmt.wan(r.system_line, 1)}。"]
        cap = r.capacity
        if cap is not None:
            most = (f"经营撑得起约 {fmt.wan(r.max_loan, 1)}" if r.max_loan >= 5_000 else "经营撑不起任何额度")
            bullet = cap.principal_due is not None
            lines.append(f"按这个销售额还原：经营净利润 {fmt.wan(r.net_profit, 1)}，月可支配收入 "
                         f"{fmt.yuan(cap.disposable_monthly, 0)}，月供上限 {fmt.yuan(cap.installment_cap, 0)}；"
                         f"{fmt.wan(cap.amount, 0)}每月{'利息' if bullet else '月供'} {fmt.yuan(cap.payment, 0)}"
                         f"{'、到期还本' if bullet else ''}，测算结论：{cap.verdict}，{most}。")
            if r.defensible < 5_000:
                why = ("经营在亏钱" if r.net_profit < 0 else "经营的钱不够家里开支" if cap.disposable_monthly <= 0
                       else "余钱连利息都付不起")
                lines.append(f"站得住的额度：0。按这个口径{why}，额度不能生效；开票额再大，也替代不了还款来源。")
            elif r.max_loan < r.line:
                lines.append(f"站得住的额度约 {fmt.wan(r.defensible, 1)}：公式给 {fmt.wan(r.line, 1)}，还款能力只撑得起"
                             "这么多，多出的部分到期只能靠续贷。")
            else:
                lines.append(f"站得住的额度 {fmt.wan(r.defensible, 1)}：公式额度在还款能力以内。")
        if related > 0:
            lines.append(f"关联方开票计入了 {fmt.wan(related, 0)}：这一块要有出库单、运单和按账期回款的流水逐笔支撑，"
                         "复核意见里单列。")
        if not r.net_of_cancelled:
            lines.append("红冲、作废的票也算了进去：那些是已经作废的销售。")
        _p(lines)


# -- 认定多少销售额：几个独立角度里有几个认可它，按它能贷多少 ----------------------------------------------------------
__all__ += ["SalesConsensusView"]


class SalesConsensusView(ToolWidget):
    """认定的年销售额、两个可争辩的系数（每单位实物销售额、每度电销售额）和申请金额
    （:func:`coursekit.restoration.sales_consensus`）：哪几个角度认可这个数，按它测算最高可贷多少、结论是什么。

    ``inputs``：借款人字典或底稿（交叉检验资料里有各角度的依据）；``accepted_sales``：初始认定额（元，默认为报表额）；
    ``unit_cost``：每单位实物的进价（元），给出时显示系数暗含的毛利率；``unit``：实物的单位（如“吨”），
    ``per_unit_label``：每单位实物销售额滑块的说明（如“每吨原纸销售额（元）”）。范围参数都以元计；
    底稿里没有实物记录或用电量时，不显示对应的滑块。``.result`` 为 :class:`~coursekit.restoration.SalesConsensus`。
    """

    title = "认定多少销售额：几个角度认可它，按它能贷多少"

    def __init__(self, inputs, *, annual_rate, months, amount, method: str = "等额本息", accepted_sales=None,
                 unit_cost=None, unit: str = "单位", per_unit_label: str | None = None, sales_range=None,
                 per_unit_range=None, per_unit_step: float = 50, per_kwh_range=None, per_kwh_step: float = 0.1,
                 amount_range=(100_000, 1_000_000), amount_step: int = 50_000, norms=None):
        import math

        from ..restoration import restore, sales_consensus

        if isinstance(inputs, Mapping):
            inputs = restore(inputs, norms=norms)                                  # 只还原一次，滑块每动一下不再重做
        self._args = dict(annual_rate=annual_rate, months=months, method=method, unit_cost=unit_cost)
        if accepted_sales is None and isinstance(inputs, Worksheet):
            accepted_sales = inputs.figures.annual_sales
        if amount is None:
            raise InputError("申请金额", "部件要一个初始的申请金额（元）")
        first = sales_consensus(inputs, accepted_sales, amount=amount, **self._args)   # 坏参数在这里就报
        self._sheet, self._unit = inputs, str(unit)
        style, layout = {"description_width": "12em"}, W.Layout(width="36em")
        acc_wan = first.accepted / 10_000
        lo, hi = sales_range if sales_range is not None else (first.declared * 0.5, first.declared * 1.2)
        controls: dict[str, W.Widget] = {
            "认定的年销售额": W.IntSlider(value=round(acc_wan), min=min(int(lo // 10_000), math.floor(acc_wan)),
                                    max=max(int(-(-hi // 10_000)), math.ceil(acc_wan)), step=1,
                                    description="认定的年销售额（万元）", style=style, layout=layout,
                                    continuous_update=False)}
        if first.per_unit is not None:
            pu = first.per_unit
            lo, hi = per_unit_range if per_unit_range is not None else (unit_cost or pu * 0.5, pu * 2)
            controls["每单位实物销售额"] = W.FloatSlider(
                value=pu, min=min(float(lo), pu), max=max(float(hi), pu), step=float(per_unit_step),
                readout_format=",.0f" if per_unit_step >= 1 else ",.2f",
                description=per_unit_label or f"每{self._unit}实物销售额（元）", style=style, layout=layout,
                continuous_update=False)
        if first.per_kwh is not None:
            pk = first.per_kwh
            lo, hi = per_kwh_range if per_kwh_range is not None else (pk * 0.5, pk * 2)
            controls["每度电销售额"] = W.FloatSlider(value=pk, min=min(float(lo), pk), max=max(float(hi), pk),
                                               step=float(per_kwh_step), readout_format=".1f",
                                               description="每度电销售额（元）", style=style, layout=layout,
                                               continuous_update=False)
        controls["申请金额"] = W.IntSlider(value=int(amount), min=min(int(amount_range[0]), int(amount)),
                                       max=max(int(amount_range[1]), int(amount)), step=int(amount_step),
                                       description="申请金额（元）", style=style, layout=layout, readout_format=",d",
                                       continuous_update=False)
        super().__init__(controls)

    def compute(self, values: dict[str, Any]):
        from ..restoration import sales_consensus

        return sales_consensus(self._sheet, values["认定的年销售额"] * 10_000, amount=values["申请金额"],
                               per_unit=values.get("每单位实物销售额"), per_kwh=values.get("每度电销售额"),
                               **self._args)

    def render(self, r) -> None:
        u, cap = self._unit, r.capacity
        head = (f"认定全年销售额 {fmt.wan(r.accepted, 0)}（报表 {fmt.wan(r.declared, 0)}）：{r.n_angles} 个角度里 "
                f"{r.n_agree} 个认可（偏差在 {self._sheet.tolerances.warn:.0%} 以内）")
        head += f"：{'、'.join(r.agreeing)}。" if r.agreeing else "。"
        if r.watching:
            head += f"关注：{'、'.join(r.watching)}。"
        if r.failing:
            head += f"不通过：{'、'.join(r.failing)}。"
        lines = [head]
        if r.quantity is not None:
            line = (f"每{u} {r.per_unit:,.0f} 元，做出这个销售额要 {r.quantity_needed:,.0f} {u}，记录是 "
                    f"{r.quantity:,.0f} {u}")
            gap = r.quantity_gap
            physical = next(c for c in r.checks if c.id == "sales_physical")
            if physical.verdict == "通过":
                line += "，对得上。"
            elif gap > 0:
                line += f"，多出 {gap:,.0f} {u}没有来处。"
            else:
                line += f"，记录比要的多 {-gap:,.0f} {u}：要么这个系数取高了，要么销售额认低了。"
            if r.implied_margin is not None and abs(r.implied_margin - r.margin) >= 0.005:
                line += (f"每{u}做 {r.per_unit:,.0f} 元，毛利率该是 {r.implied_margin:.1%}，报表写的是 {r.margin:.1%}："
                         "这个系数连借款人自己的报表都对不上。")
            lines.append(line)
        if r.corroborated is not None:
            lines.append(f"不看认定额，{'、'.join(r.corroborating)}彼此印证，落在 {fmt.wan(r.corroborated, 0)}上下。")
        line = (f"按认定额测算：月可支配收入 {fmt.yuan(cap.disposable_monthly, 0)}，月供上限 "
                f"{fmt.yuan(cap.installment_cap, 0)}，最高可贷约 {fmt.wan(cap.max_loan, 1)}；"
                f"{fmt.wan(cap.amount, 0)}月供 {fmt.yuan(cap.payment, 0)}，结论：{cap.verdict}。")
        if cap.failed_sales_angles >= 2:
            line += (f"有 {cap.failed_sales_angles} 个角度比认定额低出不通过线，这个数没有印证，"
                     "算出来的额度不能作为“通过”的依据。")
        lines.append(line)
        _p(lines)
        tables.show(r.table(), formats={"推算的全年销售额": "{:,.0f}", "相对认定额的偏差": "{:+.1%}"}, index=False)
