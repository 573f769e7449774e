"""五表、四单、三品：本课程的调查框架；交叉检验的目录、容忍度与行业参考值（示意）。

“五表、四单、三品”是课程大纲的说法，公开资料里没有找到统一定义。本书把它定义为本课程的框架，
只在这里定义一次，全书一致使用：

- 五表：客户经理现场还原的五张表——资产负债表、损益表、现金流量表，以及两张支撑明细表：应收账款明细表、存货明细表；
- 四单：四类原始单据——水电单、纳税单、银行流水单、进销货单；
- 三品：人品（还款意愿）、产品（经营本身的盈利能力）、押品（还款保障）。

每一项写明它是什么、从哪里来、能支持哪些交叉检验；:class:`Checklist` 是客户经理打勾的清单，
勾上的资料决定了哪些检验做得了。
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from ..errors import InputError, require_fraction, require_number

__all__ = ["FrameworkItem", "FRAMEWORK", "CHECKS", "CheckSpec", "Checklist", "IndustryNorm", "INDUSTRY_NORMS",
           "Tolerances", "framework_table", "norms_table"]


@dataclass(frozen=True, slots=True)
class CheckSpec:
    """一项交叉检验：编号、中文名称、需要的资料（五表四单三品中的项目）。"""

    id: str
    name: str
    needs: tuple[str, ...]


CHECKS: dict[str, CheckSpec] = {c.id: c for c in (
    CheckSpec("sales_bank", "销售额：银行流水", ("银行流水单",)),
    CheckSpec("sales_purchases", "销售额：进货倒推", ("进销货单",)),
    CheckSpec("sales_utility", "销售额：用电量", ("水电单",)),
    CheckSpec("sales_physical", "销售额：实物记录 × 单位产出", ("存货明细表",)),
    CheckSpec("sales_tax", "销售额：纳税", ("纳税单",)),
    CheckSpec("sales_observed", "销售额：现场观察", ("产品",)),
    CheckSpec("sales_turnover", "销售额：存货周转", ("存货明细表",)),
    CheckSpec("margin_norm", "毛利率：行业参考", ("进销货单", "产品")),
    CheckSpec("equity", "权益检验", ("资产负债表", "损益表")),
    CheckSpec("asset_purchases", "资产购置与利润", ("资产负债表", "现金流量表")),
    CheckSpec("receivable_days", "应收账款周转天数", ("应收账款明细表",)),
    CheckSpec("inventory_days", "存货周转天数", ("存货明细表",)),
    CheckSpec("payable_days", "应付账款周转天数", ("进销货单",)),
    CheckSpec("interest_debt", "利息与申报负债", ("损益表", "银行流水单")),
    CheckSpec("fixed_transfers", "流水中的固定转出", ("银行流水单",)),
    CheckSpec("credit_report", "征信与申报负债", ("人品",)),
    CheckSpec("guarantees", "对外担保", ("人品", "押品")),
)}


@dataclass(frozen=True, slots=True)
class FrameworkItem:
    group: str   # 五表 / 四单 / 三品
    name: str
    what: str
    source: str

    @property
    def feeds(self) -> tuple[str, ...]:
        """这项资料支持的交叉检验（中文名称）。"""
        return tuple(c.name for c in CHECKS.values() if self.name in c.needs)


FRAMEWORK: tuple[FrameworkItem, ...] = (
    FrameworkItem("五表", "资产负债表", "调查当天经营与家庭的资产、负债和权益，按现值计，只算本人所有的东西",
                  "现场盘点现金与存货，查看房产证、车辆登记证，核对借款合同与征信报告"),
    FrameworkItem("五表", "损益表", "按月还原的销售、成本、费用和利润，旺季淡季分开算",
                  "访谈老板与会计，看账本、进销货记录，按产品问售价与进价"),
    FrameworkItem("五表", "现金流量表", "每月现金进出、家庭开支和还款后的结余，找出全年最紧的月份",
                  "由损益表、家庭收支和已有借款的还款计划推出，结合流水核对"),
    FrameworkItem("五表", "应收账款明细表", "谁欠钱、欠多少、欠了多久",
                  "赊销账本、对账单、送货签收单，抽查几位欠款客户"),
    FrameworkItem("五表", "存货明细表", "品名、数量、进价、现值，滞销与过期的单列",
                  "现场盘点、进货单据、仓库台账"),
    FrameworkItem("四单", "水电单", "近 12 个月的电费、水费单据与用量",
                  "缴费凭证、供电供水公司的缴费记录、表计读数"),
    FrameworkItem("四单", "纳税单", "完税证明与纳税申报表",
                  "客户本人登录电子税务局查询、打印，税务部门的完税凭证"),
    FrameworkItem("四单", "银行流水单", "对公账户与个人卡近 6 到 12 个月的流水",
                  "客户提供、柜面打印、本行系统查询；注意他行卡与家人卡"),
    FrameworkItem("四单", "进销货单", "进货发票、送货单、结算单、销货单",
                  "上游供应商与下游客户的单据、物流记录、客户留存的单据夹"),
    FrameworkItem("三品", "人品", "还款意愿：信用记录、口碑、家庭是否稳定、有无赌博等不良嗜好",
                  "征信报告、裁判文书与执行信息、邻居同行员工的评价"),
    FrameworkItem("三品", "产品", "经营本身的盈利能力与稳定性：看得见的生意",
                  "现场察看经营场所、客流、开工、设备与库存的新旧"),
    FrameworkItem("三品", "押品", "还款保障：抵押物、质押物、保证人",
                  "产权证、评估、保证人的资产与负债调查"),
)
ITEM_NAMES = tuple(item.name for item in FRAMEWORK)


def framework_table():
    """五表、四单、三品对照表（DataFrame）。"""
    import pandas as pd

    return pd.DataFrame([{"类别": i.group, "项目": i.name, "是什么": i.what, "从哪里来": i.source,
                          "支持的交叉检验": "、".join(i.feeds) or "—"} for i in FRAMEWORK])


class Checklist:
    """客户经理的资料清单：勾上已经拿到并核实过的资料，看哪些交叉检验做得了。

    >>> c = Checklist(["银行流水单", "进销货单"])
    >>> "销售额：进货倒推" in c.possible_checks()
    True
    """

    def __init__(self, ticked: Iterable[str] = ()):
        if ticked is None:
            ticked = ()
        elif isinstance(ticked, str):
            ticked = (ticked,)
        elif not hasattr(ticked, "__iter__") or isinstance(ticked, dict):
            raise InputError("资料清单", "应为资料名称的列表，如 [\"银行流水单\"]", ticked)
        self._ticked: set[str] = set()
        self._frozen = False
        self.tick(*ticked)

    def frozen(self) -> "Checklist":
        """不可再改的副本：工作底稿（:func:`~coursekit.restoration.restore`）用它记下建立时勾了哪些资料。"""
        copy = Checklist(self._ticked)
        copy._frozen = True
        return copy

    @property
    def is_frozen(self) -> bool:
        return self._frozen

    def _require_editable(self) -> None:
        if self._frozen:
            raise InputError("资料清单", "已记入工作底稿，不能再改；请改原来的清单后重新调用 restore()")

    @property
    def ticked(self) -> frozenset[str]:
        return frozenset(self._ticked)

    def _validate(self, names) -> list[str]:
        out = []
        for name in names:
            if not isinstance(name, str) or name not in ITEM_NAMES:
                raise InputError("资料清单", f"中没有“{name}”（可选：{'、'.join(ITEM_NAMES)}）")
            out.append(name)
        return out

    def tick(self, *names: str) -> "Checklist":
        self._require_editable()
        self._ticked.update(self._validate(names))
        return self

    def untick(self, *names: str) -> "Checklist":
        self._require_editable()
        self._ticked.difference_update(self._validate(names))
        return self

    def missing(self, check: str) -> tuple[str, ...]:
        """某项检验（编号或中文名称）还缺哪些资料。"""
        spec = CHECKS.get(check) or next((c for c in CHECKS.values() if c.name == check), None)
        if spec is None:
            raise InputError("检验项目", "不存在", check)
        return tuple(n for n in spec.needs if n not in self._ticked)

    def possible_checks(self) -> tuple[str, ...]:
        """资料齐全、可以做的交叉检验（中文名称）。"""
        return tuple(c.name for c in CHECKS.values() if all(n in self._ticked for n in c.needs))

    def table(self):
        """清单表：每项资料是否已核，以及它支持哪些检验。"""
        df = framework_table()
        df.insert(2, "已核", ["✓" if n in self._ticked else "" for n in df["项目"]])
        return df

    def __eq__(self, other) -> bool:
        return isinstance(other, Checklist) and self._ticked == other._ticked

    def __repr__(self) -> str:
        ordered = [n for n in ITEM_NAMES if n in self._ticked]
        return f"Checklist({ordered!r})"


@dataclass(frozen=True, slots=True)
class IndustryNorm:
    """某行业的参考值（示意）：毛利率、存货周转天数、应收账款周转天数，可选应付账款周转天数
    （``payable_days``，供应商通常给的账期；不给时不做应付账款周转检验）。"""

    margin: float
    inventory_days: float
    receivable_days: float
    payable_days: float | None = None

    def __post_init__(self):
        require_fraction(self.margin, "行业参考毛利率")
        for name, label in (("inventory_days", "行业参考存货周转天数"), ("receivable_days", "行业参考应收账款周转天数"),
                            ("payable_days", "行业参考应付账款周转天数")):
            if getattr(self, name) is None and name == "payable_days":
                continue
            days = require_number(getattr(self, name), label)
            if not 0 <= days <= 3660:
                raise InputError(label, "应在 0 到 3660 天之间", getattr(self, name))


def check_norms(norms) -> dict:
    """行业参考值表：行业名称 → :class:`IndustryNorm`。"""
    from collections.abc import Mapping

    if not isinstance(norms, Mapping):
        raise InputError("行业参考值", "应为字典（行业名称 → IndustryNorm）", type(norms).__name__)
    for key, value in norms.items():
        if not isinstance(key, str) or not isinstance(value, IndustryNorm):
            raise InputError("行业参考值", "每一项应为 行业名称 → IndustryNorm(毛利率, 存货天数, 应收天数)", key)
    return norms


# 示意：数值为教学用的量级，不是行业统计数据；实际使用请换成本行按地区、行业积累的参考值。
INDUSTRY_NORMS: dict[str, IndustryNorm] = {
    "食品批发": IndustryNorm(0.12, 40, 20),
    "食品加工": IndustryNorm(0.22, 35, 45),
    "餐饮": IndustryNorm(0.55, 7, 3),
    "服装零售": IndustryNorm(0.40, 90, 5),
    "建材五金": IndustryNorm(0.18, 60, 60),
    "小型制造": IndustryNorm(0.20, 45, 60),
    "种植养殖": IndustryNorm(0.25, 120, 15),
    "农资零售": IndustryNorm(0.11, 40, 120),    # 化肥毛利薄、农药种子略高；春耕前备货；赊销部分到收获后才收回
    "农机销售": IndustryNorm(0.15, 120, 90),    # 整机占压资金久，按季节销售；分期、赊销收款慢
    "果蔬批发": IndustryNorm(0.12, 20, 20),     # 鲜货周转快，水果进冷库的存得久一些；对商超、饭店有账期
    "超市便利店": IndustryNorm(0.18, 30, 3),    # 日用百货零售：现款为主
    "汽车维修": IndustryNorm(0.35, 30, 30),     # 配件库存；对单位客户、保险理赔挂账
    "粮油收购": IndustryNorm(0.06, 60, 20),     # 收购季集中占压资金，毛利薄
}


def norms_table():
    """行业参考值表（示意）。"""
    import pandas as pd

    return pd.DataFrame([{"行业": k, "毛利率": v.margin, "存货周转天数": v.inventory_days,
                          "应收账款周转天数": v.receivable_days} for k, v in INDUSTRY_NORMS.items()])


@dataclass(frozen=True, slots=True)
class Tolerances:
    """交叉检验的容忍度。没有公开的监管标准：默认值是常见的内部经验做法（5% 关注、10% 不通过），不是规定。

    - ``warn`` / ``fail``：销售额各角度、权益检验等“同一个数从两个角度算”的相对偏差；
    - ``margin_warn`` / ``margin_fail``：加权毛利率与行业参考值相差的百分点（0.05 即 5 个百分点）；
    - ``days_warn`` / ``days_fail``：周转天数超出行业参考值的比例（0.25 即多出 25%）；“存货周转”推算销售额
      这一角也用它，因为它同样建立在行业参考值上，比单据粗；
    - ``reference_rate``：由利息支出倒推借款余额时假定的年利率（示意，取偏高的经营贷利率，倒推结果偏保守）；
    - ``guarantee_fail``：对外担保超过合并权益的这个比例即“不通过”（有担保即“关注”）。
    """

    warn: float = 0.05
    fail: float = 0.10
    margin_warn: float = 0.05
    margin_fail: float = 0.10
    days_warn: float = 0.25
    days_fail: float = 0.50
    reference_rate: float = 0.10
    guarantee_fail: float = 0.50

    def __post_init__(self):
        pairs = (("warn", "fail", "关注线", "不通过线"), ("margin_warn", "margin_fail", "毛利率关注线", "毛利率不通过线"),
                 ("days_warn", "days_fail", "周转天数关注线", "周转天数不通过线"))
        for low, high, zl, zh in pairs:
            a = require_fraction(getattr(self, low), zl, high=10)
            b = require_fraction(getattr(self, high), zh, high=10)
            if b < a:
                raise InputError(zh, f"不能小于{zl}（{a:g}）", b)
            object.__setattr__(self, low, a)
            object.__setattr__(self, high, b)
        rate = require_number(self.reference_rate, "参考利率")
        if not 0 < rate <= 1:
            raise InputError("参考利率", "应在 0 到 1 之间且大于 0", self.reference_rate)
        object.__setattr__(self, "reference_rate", rate)
        object.__setattr__(self, "guarantee_fail", require_fraction(self.guarantee_fail, "担保不通过线", high=10))

    FIELDS = (("warn", "关注线"), ("fail", "不通过线"), ("margin_warn", "毛利率关注线"),
              ("margin_fail", "毛利率不通过线"), ("days_warn", "周转天数关注线"), ("days_fail", "周转天数不通过线"),
              ("reference_rate", "参考利率"), ("guarantee_fail", "担保不通过线"))
