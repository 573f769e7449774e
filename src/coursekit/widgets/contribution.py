"""综合贡献度计算器部件：拖动滑块试算“增加代发、迁入结算、增加保险理财”和违约概率上升，看构成表与瀑布图。"""
from __future__ import annotations

import html
from typing import Any

import ipywidgets as W
import pandas as pd
from IPython.display import HTML, display

from .. import fmt, tables
from ..contribution import (Comparison, ContributionParams, Customer, _as_customer, _as_params, small_loan_paths,
                            what_if)
from ..errors import InputError, require_fraction, require_non_negative
from .base import ToolWidget

__all__ = ["ContributionCalculator", "SmallLoanPaths"]

_STYLE = {"description_width": "12em"}
_LAYOUT = W.Layout(width="34em")
SCENARIO = "调整后"


class ContributionCalculator(ToolWidget):
    """综合贡献度计算器（教学模型，参数为示意）。

    ``customer``：一户客户（字典或 :class:`~coursekit.contribution.Customer`）或客户群（列表）。
    滑块表示在现状之上**新增**的业务：

    - 新增代发人数、代发员工人均活期日均：企业的“代发人数”增加，并新增一个“代发员工（新增）”成员；
    - 结算流水迁入、收单交易额迁入（万元/年）：加到企业上；
    - 新增保险年保费（元）、新增理财日均（万元）：加到实际控制人上（没有时加到企业上）；
    - 违约概率（PD）：压力测试预期损失。初值是现状用的 PD（有贷款的成员 PD 相同时取它，否则取参数里的
      PD），这时结果与不加这个滑块完全一样；拖动后，“调整后”情景里所有有贷款的成员统一按滑块的 PD 计算。
      ``default_prob`` 可以直接给出调整后的 PD（小数，如 0.03）。

    企业默认是角色为“企业”的成员（没有则取第一个），实际控制人是角色为“实际控制人”的成员。
    ``.result`` 是 :class:`~coursekit.contribution.Comparison`（现状与调整后并排）。
    """

    title = "综合贡献度计算器（教学模型，参数为示意）"

    def __init__(self, customer, params: ContributionParams | dict | None = None, *, payroll: int = 0,
                 salary_deposit: float = 6_000, settlement_wan: float = 0, acquiring_wan: float = 0,
                 insurance: float = 0, wealth_wan: float = 0, default_prob: float | None = None):
        if isinstance(customer, (Customer, dict)):
            members = [_as_customer(customer)]
        elif isinstance(customer, (list, tuple)):
            members = [_as_customer(c) for c in customer]
        else:
            raise InputError("客户信息", "应为客户（字典）或客户群（列表）", type(customer).__name__)
        if not members:
            raise InputError("客户群", "不能为空，至少要有一户客户")
        self.members = members
        self.params = params
        roles = [m.role for m in members]
        self.enterprise = members[roles.index("企业")] if "企业" in roles else members[0]
        self.owner = members[roles.index("实际控制人")] if "实际控制人" in roles else self.enterprise
        base_pd = _as_params(params).pd
        self.borrowers = [m for m in members if m.loan_avg > 0]
        used = {base_pd if m.pd is None else m.pd for m in self.borrowers}
        #: 现状用的违约概率（滑块初值；滑块停在这里时不改动任何成员）
        self._pd_uniform = len(used) <= 1
        self.base_pd = used.pop() if len(used) == 1 else base_pd
        stress_pd = self.base_pd if default_prob is None else require_fraction(default_prob, "违约概率（PD）")

        def slider(cls, value, low, high, step, desc):
            return cls(value=value, min=low, max=high, step=step, description=desc, style=_STYLE, layout=_LAYOUT,
                       continuous_update=False)

        controls = {
            "新增代发人数": slider(W.IntSlider, payroll, 0, 500, 5, "新增代发人数"),
            "员工活期日均": slider(W.FloatSlider, salary_deposit, 0, 50_000, 500, "员工人均活期日均（元）"),
            "结算流水迁入": slider(W.FloatSlider, settlement_wan, 0, 10_000, 100, "结算流水迁入（万元/年）"),
            "收单交易额迁入": slider(W.FloatSlider, acquiring_wan, 0, 5_000, 50, "收单交易额迁入（万元/年）"),
            "新增保险年保费": slider(W.FloatSlider, insurance, 0, 200_000, 1_000, "新增保险年保费（元）"),
            "新增理财日均": slider(W.FloatSlider, wealth_wan, 0, 1_000, 10, "新增理财日均（万元）"),
            "违约概率": W.FloatSlider(value=stress_pd, min=0.0, max=max(0.2, stress_pd, self.base_pd), step=0.001,
                                  description="违约概率（PD）", readout_format=".1%", style=_STYLE, layout=_LAYOUT,
                                  continuous_update=False, disabled=not self.borrowers),
        }
        super().__init__(controls)

    def scenario(self, values: dict[str, Any]) -> dict:
        """把滑块的值翻译成 :func:`~coursekit.contribution.what_if` 的情景改动。"""
        ent, own = self.enterprise, self.owner
        n = int(values["新增代发人数"])
        ent_changes = {
            "payroll_employees": ent.payroll_employees + n,
            "settlement_turnover": ent.settlement_turnover + values["结算流水迁入"] * 10_000,
            "acquiring_turnover": ent.acquiring_turnover + values["收单交易额迁入"] * 10_000,
        }
        own_changes = {
            "insurance_premium": own.insurance_premium + values["新增保险年保费"],
            "wealth_avg": own.wealth_avg + values["新增理财日均"] * 10_000,
        }
        if own.name == ent.name:
            changes = {ent.name: {**ent_changes, **own_changes}}
        else:
            changes = {ent.name: ent_changes, own.name: own_changes}
        stress = values.get("违约概率", self.base_pd)
        if self.borrowers and abs(stress - self.base_pd) > 1e-12:
            require_fraction(stress, "违约概率（PD）")
            for m in self.borrowers:
                changes.setdefault(m.name, {})["pd"] = stress
        if n > 0:
            changes["新增客户"] = [{"名称": "代发员工（新增）", "角色": "代发员工", "户数": n,
                                "活期存款日均": values["员工活期日均"]}]
        return changes

    def compute(self, values) -> Comparison:
        return what_if(self.members, self.params, **{SCENARIO: self.scenario(values)})

    def render(self, result: Comparison) -> None:
        from ..contribution import waterfall

        s = result.summary
        base, new = s.iloc[0], s.iloc[1]

        def raroc(v):
            return "无贷款" if pd.isna(v) else fmt.pct(v)

        display(HTML(
            f"<p>现状综合贡献度 <b>{html.escape(fmt.yuan(base['综合贡献度']))}</b>（RAROC {raroc(base['RAROC'])}）；"
            f"调整后 <b>{html.escape(fmt.yuan(new['综合贡献度']))}</b>（RAROC {raroc(new['RAROC'])}），"
            f"增加 <b>{html.escape(fmt.yuan(new['较现状增加']))}</b>。</p>"
        ))
        stress = self.controls["违约概率"].value
        if self.borrowers and abs(stress - self.base_pd) > 1e-12:
            now_el, new_el = result.results["现状"].expected_loss, result.results[SCENARIO].expected_loss
            was = fmt.pct(self.base_pd) if self._pd_uniform else "各户不同"
            display(HTML(
                f"<p>压力测试：调整后有贷款的客户违约概率按 {fmt.pct(stress)} 计（现状 {was}），"
                f"预期损失由 {html.escape(fmt.yuan(now_el))} 变为 <b>{html.escape(fmt.yuan(new_el))}</b>。</p>"
            ))
        table = result.table.copy()
        table["变化"] = table[SCENARIO] - table["现状"]
        for col in ("现状", SCENARIO, "变化"):
            table[col] = [fmt.yuan(v, unit=False) for v in table[col]]
        display(HTML("<p><b>构成对比（元/年）</b></p>"))
        display(tables.table(table, index=False))
        fig = waterfall(result.results[SCENARIO], title="调整后的综合贡献度构成（教学模型，示意参数）")
        display(fig)
        import matplotlib.pyplot as plt

        plt.close(fig)


class SmallLoanPaths(ToolWidget):
    """小额客户的几条路（教学模型，参数为示意）：拖动每笔分摊成本、其中可避免的部分、批量化后每笔成本和
    深度经营接受率，看“退出小额档”在分摊口径和真实口径下差多少，批量化与深度经营能带来多少。

    参数同 :func:`~coursekit.contribution.small_loan_paths`；``.result`` 是它返回的表。
    """

    title = "小额客户的几条路（教学模型，参数为示意）"

    def __init__(self, segments, params: ContributionParams | dict | None = None, *, allocated_cost: float = 2_000,
                 avoidable_cost: float = 300, batch_cost: float = 500, drop=(), deepened=None, take_up: float = 0.3):
        self.segments = segments
        self.params = params
        self.drop = drop
        self.deepened = deepened
        small_loan_paths(segments, params, allocated_cost=allocated_cost, avoidable_cost=avoidable_cost,
                         batch_cost=batch_cost, drop=drop, deepened=deepened, take_up=take_up)   # 坏参数在这里就报

        def slider(value, low, high, step, desc):
            return W.FloatSlider(value=value, min=low, max=high, step=step, description=desc, style=_STYLE,
                                 layout=_LAYOUT, continuous_update=False, readout_format=",.0f")

        controls = {
            "每笔分摊成本": slider(allocated_cost, 0, max(4_000, allocated_cost), 50, "每笔分摊成本（元/年）"),
            "每笔可避免成本": slider(avoidable_cost, 0, max(2_000, avoidable_cost), 10, "其中可避免（元/年）"),
            "批量化后每笔成本": slider(batch_cost, 0, max(2_000, batch_cost), 50, "批量化后每笔成本（元/年）"),
            "深度经营接受率": W.FloatSlider(value=take_up, min=0.0, max=1.0, step=0.05, description="深度经营接受率",
                                     readout_format=".0%", style=_STYLE, layout=_LAYOUT, continuous_update=False),
        }
        super().__init__(controls)

    def compute(self, values: dict[str, Any]) -> pd.DataFrame:
        return small_loan_paths(self.segments, self.params, allocated_cost=values["每笔分摊成本"],
                                avoidable_cost=values["每笔可避免成本"], batch_cost=values["批量化后每笔成本"],
                                drop=self.drop, deepened=self.deepened, take_up=values["深度经营接受率"])

    def render(self, result: pd.DataFrame) -> None:
        r = result.set_index("方案")["综合贡献度"]
        shown_as, really = r.iloc[1], r.iloc[2]
        display(HTML(
            f"<p>退出小额档：按分摊口径看是 <b>{html.escape(fmt.wan(shown_as))}</b>，"
            f"固定成本不随退出消失，真实是 <b>{html.escape(fmt.wan(really))}</b>；"
            f"两者相差 {html.escape(fmt.wan(shown_as - really))}。</p>"))
        shown = result.copy()
        for col in ("综合贡献度", "较现状增加"):
            shown[col] = shown[col] / 10_000
        shown = shown.rename(columns={"综合贡献度": "综合贡献度（万元/年）", "较现状增加": "较现状增加（万元/年）"})
        display(tables.table(shown, formats={"综合贡献度（万元/年）": "{:,.1f}", "较现状增加（万元/年）": "{:,.1f}"},
                             index=False))


__all__ += ["CreditLinePdView"]


class CreditLinePdView(ToolWidget):
    """几种授信额度放在一起，拖动借款企业的违约概率（:func:`coursekit.contribution.group_contribution`）：
    整户（企业 + 代发员工等）一年的综合贡献，和企业一次违约的损失（贷款日均 × 违约损失率）。

    ``options``：{额度名: 借款企业的客户字典（含 ``loan_avg``）}；``others``：与企业一起算的其他成员（代发员工等）。
    """

    title = "额度加不加：违约概率变了，整户还挣不挣"

    def __init__(self, options, others, params=None, *, pd_value: float = 0.02, max_pd: float = 0.15):
        from ..contribution import group_contribution

        if not isinstance(options, dict) or not options:
            raise InputError("额度方案", "应为 {额度名: 借款企业} 的字典，至少一种", options)
        self._params = _as_params(params)
        self._others = list(others)
        self._options = {str(k): v for k, v in options.items()}
        for firm in self._options.values():
            if not isinstance(firm, dict) or "loan_avg" not in firm:
                raise InputError("额度方案", "每种额度应为含 loan_avg 的客户字典", firm)
            group_contribution([{**firm, "pd": pd_value}] + self._others, self._params)   # 坏参数在这里就报
        controls = {
            "违约概率": W.FloatSlider(value=float(pd_value), min=0.0, max=max(float(max_pd), float(pd_value)),
                                  step=0.005, readout_format=".1%", description="企业违约概率", style=_STYLE,
                                  layout=_LAYOUT, continuous_update=False),
        }
        super().__init__(controls)

    def compute(self, values: dict[str, Any]) -> pd.DataFrame:
        from ..contribution import group_contribution

        p = values["违约概率"]
        return pd.DataFrame([{"额度": label,
                              "整户一年贡献": group_contribution([{**firm, "pd": p}] + self._others, self._params).total,
                              "一次违约损失": float(firm["loan_avg"]) * self._params.lgd}
                             for label, firm in self._options.items()])

    def render(self, result: pd.DataFrame) -> None:
        display(tables.table(result, index=False, formats={"整户一年贡献": "{:,.0f}", "一次违约损失": "{:,.0f}"}))


__all__ += ["RelationshipLedgerView"]


class RelationshipLedgerView(ToolWidget):
    """合作关系几年的账（:func:`coursekit.contribution.relationship_ledger`）。主控件是“自来比例”——介绍来的客户里，
    没有这段合作也会来本行的比例（会上最有争议的数）；另一个控件是折现率。``.result`` 为逐年账。"""

    title = "这几年的合作值不值：介绍来的客户里有几成本来就会来"

    def __init__(self, years: pd.DataFrame, *, anyway_share: float = 0.3, discount_rate: float = 0.0):
        from ..contribution import relationship_ledger

        relationship_ledger(years)            # 先检查表本身
        self._years = years
        controls = {
            "自来比例": W.FloatSlider(value=float(anyway_share), min=0.0, max=1.0, step=0.05, readout_format=".0%",
                                  description="介绍来的客户里本来就会来的比例", style={"description_width": "16em"}),
            "折现率": W.FloatSlider(value=float(discount_rate), min=0.0, max=0.15, step=0.01, readout_format=".0%",
                                 description="每年折现率", style={"description_width": "16em"}),
        }
        super().__init__(controls)

    def compute(self, values: dict[str, Any]) -> pd.DataFrame:
        from ..contribution import relationship_ledger

        return relationship_ledger(self._years, anyway_share=require_fraction(values["自来比例"], "自来比例"),
                                   discount_rate=require_fraction(values["折现率"], "折现率", high=0.5))

    def render(self, result: pd.DataFrame) -> None:
        total = float(result["折现净值"].sum())
        be = result.attrs["盈亏平衡的自来比例"]
        be_text = "—" if be != be else f"{be:.0%}"
        display(HTML(f"<p>几年合计（折现后）净值 {html.escape(fmt.wan(total, 1))}；自来比例高过 {be_text}，这段合作就是亏的。</p>"))
        display(tables.table(result, index=False, formats={c: "{:,.0f}" for c in result.columns if c != "年份"}))


class ChannelReviewView(ToolWidget):
    """按渠道算新账户一年的账（:func:`coursekit.contribution.channel_account_review`）。主控件是关键渠道的留存比例——
    一年后账上还有钱的户数占开户数的比例（会上最有争议的数）；另一个控件是这个渠道有余额户的活期日均。
    ``.result`` 为各渠道的账。"""

    title = "新开的账户一年后还剩多少：按渠道算账"

    def __init__(self, channels: pd.DataFrame, *, key: str, params=None, day_cost: float = 1_000.0):
        from ..contribution import channel_account_review

        channel_account_review(channels, params, day_cost=day_cost)      # 先检查表本身
        if key not in list(channels["渠道"]):
            raise InputError("关键渠道", "应是渠道表里的一个渠道", key)
        self._channels, self._key, self._params, self._day_cost = channels.copy(), key, params, day_cost
        row = channels.loc[channels["渠道"] == key].iloc[0]
        controls = {
            "留存比例": W.FloatSlider(value=float(row["留存比例"]), min=0.0, max=1.0, step=0.05, readout_format=".0%",
                                  description=f"{key}：一年后仍有余额的比例", style={"description_width": "16em"}),
            "活期日均": W.IntSlider(value=int(row["活期日均"]), min=0, max=30_000, step=500,
                                description=f"{key}：有余额户的活期日均（元）", style={"description_width": "16em"}),
        }
        super().__init__(controls)

    def compute(self, values: dict[str, Any]) -> pd.DataFrame:
        from ..contribution import channel_account_review

        t = self._channels.copy()
        at = t["渠道"] == self._key
        t.loc[at, "留存比例"] = require_fraction(values["留存比例"], "留存比例")
        t.loc[at, "活期日均"] = require_non_negative(values["活期日均"], "活期日均")
        return channel_account_review(t, self._params, day_cost=self._day_cost)

    def render(self, result: pd.DataFrame) -> None:
        key = result.loc[result["渠道"] == self._key].iloc[0]
        display(HTML(f"<p>“{html.escape(self._key)}”一年净值 {html.escape(fmt.wan(float(key['净值']), 2))}；"
                     f"全部渠道合计 {html.escape(fmt.wan(result.attrs['合计净值'], 2))}"
                     f"（开户 {result.attrs['合计开户']} 户，一年后有余额 {result.attrs['合计有余额户']} 户）。</p>"))
        view = result.copy()
        for c in ("每个有余额户的投入", "每人天净值"):
            view[c] = view[c].map(lambda v: "—" if pd.isna(v) else f"{v:,.0f}")
        display(tables.table(view, index=False, formats={c: "{:,.0f}" for c in ("年贡献", "投入", "净值")}))

__all__ += ["ChannelReviewView"]


__all__ += ["ConcessionFloorView"]


class ConcessionFloorView(ToolWidget):
    """有条件的让价（:func:`coursekit.contribution.concession_floor`）：让几个基点、客户答应带来哪几项业务、
    这些业务实际兑现几成——整户一年的综合贡献和经济增加值，以及写进复核条款的线。

    ``base``：让价、只做贷款时的客户群；``package``：{业务名: 改动}（见 :func:`~coursekit.contribution.concession_floor`）；
    ``member``：借款人；利率按 ``lpr`` + 加点（基点）；``checked``：一开始勾选的业务（默认全部）。``.result`` 为 :class:`~coursekit.contribution.ConcessionFloor`，
    ``.share`` 为滑块上的兑现比例。
    """

    title = "让价换业务：换回的业务兑现几成，这笔让价才挣够资本回报"

    def __init__(self, base, package, *, member: str, lpr: float, list_spread_bp: float, offer_spread_bp: float,
                 share: float = 1.0, checked=None, params=None):
        from ..contribution import concession_floor
        from ..loans import lpr_rate

        self._args = dict(base=base, member=member, params=params)
        self._package = dict(package) if isinstance(package, dict) else package
        self._lpr, self._list_bp = lpr, list_spread_bp
        concession_floor(base, package, member=member, params=params, list_rate=lpr_rate(lpr, list_spread_bp),
                         offer_rate=lpr_rate(lpr, offer_spread_bp))           # 坏参数在这里就报
        wide = {"description_width": "14em"}
        controls: dict[str, W.Widget] = {
            "加点": W.IntSlider(value=int(offer_spread_bp), min=max(-100, int(list_spread_bp) - 150),
                              max=int(list_spread_bp), step=5, description="让价后加点（基点）", style=wide,
                              layout=_LAYOUT, continuous_update=False),
            "兑现比例": W.FloatSlider(value=float(share), min=0.0, max=1.0, step=0.05, readout_format=".0%",
                                  description="换回的业务实际兑现", style=wide, layout=_LAYOUT, continuous_update=False),
        }
        on = list(self._package) if checked is None else list(checked)
        unknown = [x for x in on if x not in self._package]
        if unknown or not on:
            raise InputError("勾选的业务", "应是换回的业务中的一项或几项：" + "、".join(self._package), checked)
        for item in self._package:
            controls[f"业务：{item}"] = W.Checkbox(value=item in on, description=f"换回：{item}", indent=False)
        super().__init__(controls)

    def compute(self, values: dict[str, Any]):
        from ..contribution import concession_floor
        from ..loans import lpr_rate

        chosen = {k: v for k, v in self._package.items() if values.get(f"业务：{k}")}
        if not chosen:
            raise InputError("换回的业务", "至少勾选一项客户答应带来的业务")
        share = require_fraction(values["兑现比例"], "兑现比例")
        result = concession_floor(self._args["base"], chosen, member=self._args["member"], params=self._args["params"],
                                  list_rate=lpr_rate(self._lpr, self._list_bp),
                                  offer_rate=lpr_rate(self._lpr, values["加点"]))
        self.share = share
        return result

    def render(self, result) -> None:
        s = self.share
        total, eva = result.at(s)
        cost = result.concession_cost
        lines = [f"让价一年少收 {fmt.wan(cost, 2)}；勾选的业务全部兑现，一年多出 {fmt.wan(result.package_gain, 2)}。"]
        if result.eva_share is None:
            lines.append("这些业务怎么兑现，经济增加值都转不了正：这个价做不了，或者要换更多的业务。")
        elif result.eva_share <= 0:
            lines.append("不换业务，这个价的贷款本身就挣够资本回报。")
        elif result.eva_share > 1:
            lines.append(f"要兑现到 {result.eva_share:.0%} 经济增加值才转正——全部兑现也不够，这个价做不了。")
        else:
            lines.append(f"兑现到 {result.eva_share:.0%}，经济增加值转正：复核条款的线就画在这里。")
        verdict = "挣够了资本回报" if eva >= 0 else "没挣够资本回报"
        lines.append(f"按兑现 {s:.0%} 算：整户一年 {fmt.wan(total, 2)}，经济增加值 {fmt.wan(eva, 2)}（{verdict}）；"
                     f"比原价只做贷款{'多' if total >= result.list_total else '少'} {fmt.wan(abs(total - result.list_total), 2)}。")
        display(HTML("".join(f"<p>{html.escape(t)}</p>" for t in lines)))
        display(tables.table(result.items, index=False,
                             formats={"一年多出的贡献": "{:,.0f}", "单独补回让价的几成": "{:.0%}"}))
        terms = result.terms[["业务", "成员", "项目", "计划", "经济增加值转正所需"]]
        display(tables.table(terms, index=False, na="—",
                             formats={"计划": "{:,.0f}", "经济增加值转正所需": "{:,.0f}"}))


__all__ += ["ConcessionPathsView"]


class ConcessionPathsView(ToolWidget):
    """以退为进（:func:`coursekit.contribution.concession_paths`）：客户答应全套、答应一小块、第二年起搬来全套的三个把握，
    坚持全套与先退一步几年的期望综合贡献和打平点。``full``、``partial``：两个方案一年的综合贡献（元）。
    ``.result`` 为 :class:`~coursekit.contribution.ConcessionPaths`（``.better`` 是更划算的一条路）。"""

    title = "坚持全套还是先退一步：三个把握变了，几年的期望怎么变"

    def __init__(self, full: float, partial: float, *, p_full: float, p_partial: float, p_upgrade: float,
                 years: int = 3):
        from ..contribution import concession_paths

        concession_paths(full, partial, p_full=p_full, p_partial=p_partial, p_upgrade=p_upgrade,
                         years=years)   # 坏参数在这里就报
        self._full, self._partial, self._years = full, partial, int(years)
        wide, layout = {"description_width": "13em"}, W.Layout(width="36em")

        def chance(value, low, high, step, desc):
            v = float(value)
            return W.FloatSlider(value=v, min=min(low, v), max=max(high, v), step=step, readout_format=".0%",
                                 description=desc, style=wide, layout=layout, continuous_update=False)

        controls = {
            "答应全套的把握": chance(p_full, 0.0, 0.6, 0.01, "答应全套的把握"),
            "答应一小块的把握": chance(p_partial, 0.1, 1.0, 0.05, "答应一小块的把握"),
            "第二年起搬来全套的把握": chance(p_upgrade, 0.0, 1.0, 0.05, "第二年起搬来全套的把握"),
        }
        super().__init__(controls)

    def compute(self, values: dict[str, Any]):
        from ..contribution import concession_paths

        return concession_paths(self._full, self._partial, p_full=values["答应全套的把握"],
                                p_partial=values["答应一小块的把握"], p_upgrade=values["第二年起搬来全套的把握"],
                                years=self._years)

    def render(self, result) -> None:
        n, be = self._years, result.break_even_p_full
        even = f"坚持全套要有 {be:.0%} 的把握才打平" if be <= 1 else "坚持全套的把握再高也追不上先退一步"
        text = (f"{n} 年的期望：坚持全套 {fmt.wan(result.hold_total, 2)}，先退一步 {fmt.wan(result.concede_total, 2)}，"
                f"{result.better}更划算；{even}。")
        display(HTML(f"<p>{html.escape(text)}</p>"))
        row = pd.DataFrame([{f"坚持全套 {n} 年期望（元）": result.hold_total, f"先退一步 {n} 年期望（元）": result.concede_total,
                             "坚持全套的打平把握": be, "更划算的一条路": result.better}])
        display(tables.table(row, index=False, formats={row.columns[0]: "{:,.0f}", row.columns[1]: "{:,.0f}",
                                                        "坚持全套的打平把握": "{:.0%}"}))
