"""认定多少销售额：几个互相独立的角度里，有几个站在这个数上，按它能贷多少。

客户经理最后要在调查报告里写下一个“认定的年销售额”，额度跟着它走。这个数站不站得住，看的是几份互不相干的
记录——银行流水、进货发票、电费单、增值税申报、企业自己的实物记录（领用单、饲料、计件工资）——各自推算的
销售额，有几个落在它的容忍度以内。:func:`sales_consensus` 把这件事做成一个“假如”：

- 认定额 ``accepted_sales`` 换掉报表上的销售额（各产品按同一倍数缩放，毛利率、费用不变，即
  ``what_if(sales_factor=认定额 ÷ 报表额)``），交叉检验照常把它和每个角度比：偏差 =（认定额 − 本角度推算）÷ 本角度推算，
  不超过关注线（默认 5%）为“通过”，即这个角度认可它；
- 两个最容易争辩的系数可以改：``per_unit``（每单位实物做出的销售额，如每吨原纸多少元）和 ``per_kwh``（每度电
  销售额）。每个系数只进一个角度：把每吨产出抬高，只有实物记录那一角跟着动，流水、进货、纳税一个也不动——
  要让一个虚高的数成立，得让每一份互不相干的记录都一起“改口”；
- 给出 ``unit_cost``（每单位实物的进价，如原纸每吨多少元）时，算出这个系数暗含的毛利率 1 − 进价 ÷ 每单位产出：
  每吨多做出的销售额要么是更高的毛利，要么是看不见的原料，和报表自己的毛利率对不对得上，一眼可见；
- 还款能力按认定额测算（``sales_basis="申报"``）：有两个及以上角度比认定额低出不通过线时，这个数没有印证，
  结论最多为“关注”。

容忍度（5% 关注、10% 不通过）和月供上限比例（60%）是常见的内部经验做法，不是监管规定。
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

from ..errors import InputError, require_positive
from .core import Check
from .framework import CHECKS
from .physical import required_quantity
from .whatif import _rebuilt, _sheet
from .worksheet import DEFAULT_MAX_SHARE, Capacity, Worksheet

__all__ = ["SalesConsensus", "sales_consensus"]

#: 销售额的各个角度（检验编号，按交叉检验表的顺序）
_SALES_IDS = tuple(cid for cid in CHECKS if cid.startswith("sales_"))
_MAX_COEFFICIENT = 1e9   # 每单位实物、每度电的销售额上限（元）：再大就是单位填错了
_RATIOS = ("现金收款比例", "毛利率", "税负率")


def _angle_name(cid: str) -> str:
    return CHECKS[cid].name.split("：", 1)[1]


@dataclass(frozen=True)
class SalesConsensus:
    """按一个认定的年销售额看各角度（:func:`sales_consensus`）。金额为元，比例为小数。

    - ``accepted``：认定的年销售额；``declared``：报表（底稿）上的年销售额；
    - ``per_unit``、``per_kwh``：所用的每单位实物销售额、每度电销售额（没有这项资料时为 None）；
    - ``checks``：各销售额角度在认定额下的检验（:class:`~coursekit.restoration.Check`，``deviation`` 为
      （认定额 − 本角度推算）÷ 本角度推算）；
    - ``quantity``：实物记录年用量；``quantity_needed``：做出认定额要多少实物；``needed_per_unit``、
      ``needed_per_kwh``：要让实物、用电这两角正好等于认定额，系数得是多少；
    - ``margin``：底稿的加权毛利率；``implied_margin``：给了每单位实物进价时，1 − 进价 ÷ 每单位实物销售额；
    - ``coefficients``：每个角度的系数（检验编号, 系数名, 现在的值, 要让本角度正好等于认定额时的值）：
      流水——现金收款比例 1 − 入账 ÷ 认定额；进货——毛利率 1 − 进货额 ÷ 认定额；用电——每度电销售额；
      实物记录——每单位实物销售额；纳税——税负率 纳税额 ÷ 认定额。比例落在 0 到 1 之外时（流水入账已超过认定额等）
      为 None：调这个系数到不了认定额。现场观察、存货周转两角不列；
    - ``corroborated``、``corroborating``：不看认定额，各单据类角度彼此印证的那一组的中位数和角度名
      （:class:`~coursekit.restoration.SalesBasis`）；少于两个角度彼此一致时为 None 和空元组；
    - ``capacity``：按认定额测算的还款能力；``worksheet``：按认定额和所用系数重做的底稿。
    """

    accepted: float
    declared: float
    per_unit: float | None
    per_kwh: float | None
    checks: tuple[Check, ...]
    quantity: float | None
    quantity_needed: float | None
    needed_per_unit: float | None
    needed_per_kwh: float | None
    margin: float
    implied_margin: float | None
    coefficients: tuple[tuple[str, str, float, float | None], ...]
    corroborated: float | None
    corroborating: tuple[str, ...]
    capacity: Capacity
    worksheet: Worksheet = field(repr=False)

    def _names(self, verdict: str) -> tuple[str, ...]:
        return tuple(_angle_name(c.id) for c in self.checks if c.verdict == verdict)

    @property
    def agreeing(self) -> tuple[str, ...]:
        """认可认定额的角度（偏差在关注线以内，“通过”）。"""
        return self._names("通过")

    @property
    def watching(self) -> tuple[str, ...]:
        """偏差在关注线和不通过线之间的角度（“关注”）。"""
        return self._names("关注")

    @property
    def failing(self) -> tuple[str, ...]:
        """偏差超过不通过线的角度（“不通过”）。"""
        return self._names("不通过")

    @property
    def n_agree(self) -> int:
        return len(self.agreeing)

    @property
    def n_angles(self) -> int:
        return len(self.checks)

    @property
    def quantity_gap(self) -> float | None:
        """做出认定额要的实物比记录多出多少（为负时是记录比要的多）。"""
        if self.quantity_needed is None or self.quantity is None:
            return None
        return self.quantity_needed - self.quantity

    def table(self):
        """各角度一行（DataFrame）：角度、推算的全年销售额、相对认定额的偏差、结论，以及本角度的系数现在是多少、
        要认可认定额得是多少（文字，比例按百分数、金额按元；调不到时为“—”）。"""
        import pandas as pd

        coef = {cid: (name, now, need) for cid, name, now, need in self.coefficients}

        def show(name, x):
            if x is None:
                return "—"
            if name in _RATIOS:
                return f"{name} {x:.1%}"
            return f"{x:,.0f} 元" if x >= 100 else f"{x:,.2f} 元"

        rows = []
        for c in self.checks:
            name, now, need = coef.get(c.id, ("", None, None))
            rows.append({"角度": _angle_name(c.id), "推算的全年销售额": c.figures["本角度推算"],
                         "相对认定额的偏差": 0.0 if abs(c.deviation) < 1e-12 else c.deviation,   # 不显示“−0.0%”
                         "结论": c.verdict, "现在的系数": show(name, now), "认可所需系数": show(name, need)})
        return pd.DataFrame(rows, columns=["角度", "推算的全年销售额", "相对认定额的偏差", "结论", "现在的系数",
                                           "认可所需系数"])

    def row(self) -> dict:
        """一行摘要（中文列名），几个认定额并排比较时用。"""
        cap = self.capacity
        return {"认定的年销售额（元）": self.accepted, "认可的角度数": self.n_agree, "角度数": self.n_angles,
                "认可的角度": "、".join(self.agreeing) or "—", "不通过的角度": "、".join(self.failing) or "—",
                "每单位实物销售额（元）": self.per_unit, "每度电销售额（元）": self.per_kwh,
                "月可支配收入（元）": cap.disposable_monthly, "最高可贷（元）": cap.max_loan,
                "申请金额（元）": cap.amount, "还款能力": cap.verdict}


def sales_consensus(inputs, accepted_sales, *, annual_rate, months, method: str = "等额本息", amount=None,
                    per_unit=None, per_kwh=None, unit_cost=None, max_share: float = DEFAULT_MAX_SHARE,
                    norms=None) -> SalesConsensus:
    """认定全年销售额 ``accepted_sales`` 元时，各个独立角度有几个认可它，按它测算能贷多少。

    - ``inputs``：借款人字典（用 ``norms`` 还原）或已还原的底稿，交叉检验资料里填好各角度的依据；
    - ``per_unit``：换用的每单位实物销售额（元，如每吨原纸做出的销售额），只改“实物记录 × 单位产出”这一角；
      ``per_kwh``：换用的每度电销售额（元），只改“用电量”这一角。不给时用底稿里的；
    - ``unit_cost``：每单位实物的进价（元，如原纸每吨进价），给出时算所用系数暗含的毛利率；
    - ``annual_rate``、``months``、``method``、``amount``、``max_share``：按认定额测算还款能力的条件
      （:meth:`Worksheet.capacity`，口径为“申报”：认定额有两个及以上角度不通过时，结论最多为“关注”）。

    每个角度推算的销售额只取决于它自己的单据和系数，与认定额无关；认定额只改变偏差和结论。

    >>> plan = {"名称": "甲", "产品": [{"名称": "纸箱", "销售额": 6_000_000, "毛利率": 0.3}],
    ...         "交叉检验资料": {"银行流水年入账": 3_900_000, "实物记录年用量": 780, "每单位实物销售额": 5_000}}
    >>> r = sales_consensus(plan, 3_900_000, annual_rate=0.05, months=24)
    >>> r.agreeing, r.quantity_needed
    (('银行流水', '实物记录 × 单位产出'), 780.0)
    >>> r = sales_consensus(plan, 6_000_000, per_unit=7_700, unit_cost=3_500, annual_rate=0.05, months=24)
    >>> r.agreeing, r.failing, round(r.implied_margin, 3)     # 抬高每吨产出：只有实物那一角变绿
    (('实物记录 × 单位产出',), ('银行流水',), 0.545)
    """
    ws = _sheet(inputs, norms)
    declared = ws.figures.annual_sales
    if declared <= 0:
        raise InputError("产品", "底稿的年销售额为 0：没有可以按倍数换成认定额的产品销售额", declared)
    accepted = require_positive(accepted_sales, "认定的年销售额")
    if accepted > 10 * declared:
        raise InputError("认定的年销售额", f"超过报表销售额（{declared:,.0f} 元）的 10 倍，请检查单位是否为元",
                         accepted_sales)
    factor = accepted / declared
    if not factor > 0:
        raise InputError("认定的年销售额", "太小，无法按报表销售额的倍数换算", accepted_sales)

    b = ws.borrower
    e = b.evidence
    changes = {}
    for value, label, present, source, key in (
            (per_unit, "每单位实物销售额", e.physical_quantity, "实物记录年用量", "sales_per_physical_unit"),
            (per_kwh, "每度电销售额", e.electricity_kwh, "年用电量", "sales_per_kwh")):
        if value is None:
            continue
        v = require_positive(value, label)
        if v > _MAX_COEFFICIENT:
            raise InputError(label, "超出合理范围，请检查单位是否为元", value)
        if present is None:
            raise InputError(label, f"底稿的交叉检验资料里没有“{source}”，这个系数无处可用", value)
        changes[key] = v
    sheet = _rebuilt(ws, replace(b, evidence=replace(e, **changes))) if changes else ws
    ev = sheet.borrower.evidence
    cost = None
    if unit_cost is not None:
        cost = require_positive(unit_cost, "每单位实物进价")
        if ev.sales_per_physical_unit is None:
            raise InputError("每单位实物进价", "底稿没有“每单位实物销售额”，算不出暗含的毛利率", unit_cost)

    basis = sheet.sales_basis()                       # 各角度彼此印证的那一组，与认定额无关
    scaled = sheet.what_if(sales_factor=factor)
    checks = tuple(c for c in scaled.checks() if c.id in _SALES_IDS)
    for c in checks:
        if not math.isfinite(c.figures["本角度推算"]) or abs(c.deviation) >= 1e9:
            raise InputError("交叉检验资料", f"“{_angle_name(c.id)}”推算的销售额超出范围，请检查单位", None)

    qty = ev.physical_quantity if ev.sales_per_physical_unit is not None else None
    needed = required_quantity(accepted, ev.sales_per_physical_unit) if qty is not None else None
    need_unit = accepted / qty if qty else None
    need_kwh = accepted / ev.electricity_kwh if ev.sales_per_kwh is not None and ev.electricity_kwh else None
    implied = None if cost is None else 1 - cost / ev.sales_per_physical_unit
    names = {cid: _angle_name(cid) for cid, _ in basis.angles}
    coefficients = _coefficients(checks, ev, sheet.figures.weighted_margin, accepted)
    cap = scaled.capacity(annual_rate, months, method, max_share=max_share, amount=amount, sales_basis="申报")
    return SalesConsensus(accepted=accepted, declared=declared, per_unit=ev.sales_per_physical_unit,
                          per_kwh=ev.sales_per_kwh, checks=checks, quantity=qty, quantity_needed=needed,
                          needed_per_unit=need_unit, needed_per_kwh=need_kwh, margin=sheet.figures.weighted_margin,
                          implied_margin=implied, coefficients=coefficients, corroborated=basis.corroborated,
                          corroborating=tuple(names[c] for c in basis.agreeing), capacity=cap, worksheet=scaled)


def _coefficients(checks, ev, margin: float, accepted: float):
    """每个角度的系数现在是多少、要让本角度正好等于认定额得是多少（见 :class:`SalesConsensus`）。"""
    def ratio(x):
        return x if 0 <= x < 1 else None

    out = []
    for c in checks:
        if c.id == "sales_bank":
            out.append((c.id, "现金收款比例", ev.cash_share or 0.0, ratio(1 - ev.bank_inflows / accepted)))
        elif c.id == "sales_purchases":
            out.append((c.id, "毛利率", margin, ratio(1 - ev.purchases / accepted)))
        elif c.id == "sales_utility":
            out.append((c.id, "每度电销售额", ev.sales_per_kwh, accepted / ev.electricity_kwh if ev.electricity_kwh else None))
        elif c.id == "sales_physical":
            out.append((c.id, "每单位实物销售额", ev.sales_per_physical_unit,
                        accepted / ev.physical_quantity if ev.physical_quantity else None))
        elif c.id == "sales_tax":
            out.append((c.id, "税负率", ev.tax_rate, ratio(ev.tax_paid / accepted)))
    return tuple(out)
