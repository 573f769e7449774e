"""借款人的输入数据：经营与家庭的资产负债、产品、季节系数、成本、家庭收支、交叉检验资料、权益历史。

每个小数据类都是“冻结”的：构造时检查并统一成 float，出错抛 :class:`~coursekit.errors.InputError`，
字段名用中文（如 ``"存货"``、``"产品 2 的毛利率"``）。案例笔记本用中文键的字典描述借款人，
再用 :meth:`Borrower.from_dict` 读入；:meth:`Borrower.to_dict` 给出同样格式的字典。

金额一律以“元”计；资产负债是调查当天的余额，成本与家庭收支是“每月”的金额，销售额是“全年”的金额。
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any, Mapping

from ..errors import InputError, require_fraction, require_int, require_non_negative, require_number

__all__ = [
    "BusinessAssets", "BusinessLiabilities", "HouseholdAssets", "HouseholdLiabilities", "OffBalance",
    "Product", "MonthlyCosts", "Household", "Evidence", "EquityHistory", "Borrower", "MONEY_KINDS",
]

# 字段种类：money 非负金额；signed 可正可负的金额；fraction 0–1 的比例；open_fraction 0 到 1（不含 1）；
# positive_fraction (0, 1]；count 非负数量（度电等，不随金额缩放）；per_unit 每单位金额（元/度，随金额缩放）；
# month 1–12 的月份；months 正整数月数；text 文字
MONEY_KINDS = frozenset({"money", "signed", "per_unit"})
_KEYS: dict[type, dict[str, str]] = {}   # 每个输入小类：中文名或属性名 → 属性名


def _check(value: Any, zh: str, kind: str) -> Any:
    t = type(value)
    if (t is float or (t is int and -(2**53) < value < 2**53)) and (kind == "money" or kind == "count"):
        # 快速通道：普通的非负有限数（NaN 不满足 >= 0；布尔值的类型不是 int，走下面的完整检查）
        number = float(value)
        if 0 <= number < math.inf:
            return number
    if kind == "money":
        return require_non_negative(value, zh)
    if kind == "signed":
        return require_number(value, zh)
    if kind == "fraction":
        return require_fraction(value, zh)
    if kind == "open_fraction":
        return require_fraction(value, zh, inclusive_high=False)
    if kind == "positive_fraction":
        number = require_fraction(value, zh)
        if number == 0:
            raise InputError(zh, "应大于 0（按小数填写，如 0.01 表示 1%）", value)
        return number
    if kind == "count":
        return require_non_negative(value, zh)
    if kind == "per_unit":
        number = require_non_negative(value, zh)
        if number == 0:
            raise InputError(zh, "应大于 0", value)
        return number
    if kind == "month":
        return require_int(value, zh, minimum=1, maximum=12)
    if kind == "months":
        return require_int(value, zh, minimum=1, maximum=600)
    if kind == "text":
        if not isinstance(value, str) or not value.strip():
            raise InputError(zh, "应为非空文字", value)
        return value.strip()
    raise AssertionError(kind)  # pragma: no cover


class _Section:
    """按 ``_SPEC``（属性名, 中文名, 种类, 可否为空）检查字段；提供中文键的 from_dict / to_dict。"""

    _SPEC: tuple[tuple[str, str, str, bool], ...] = ()
    _TITLE = ""

    def __post_init__(self):
        for attr, zh, kind, optional in self._SPEC:
            value = getattr(self, attr)
            if value is None and optional:
                continue
            object.__setattr__(self, attr, _check(value, zh, kind))

    @classmethod
    def from_dict(cls, data: Mapping | None):
        if data is None:
            data = {}
        if isinstance(data, cls):
            return data
        if not isinstance(data, Mapping):
            raise InputError(cls._TITLE, "应为字典（字段名 → 数值）", type(data).__name__)
        by_key = _KEYS.get(cls)
        if by_key is None:
            by_key = _KEYS[cls] = {**{zh: a for a, zh, _k, _o in cls._SPEC}, **{a: a for a, _z, _k, _o in cls._SPEC}}
        unknown = [str(k) for k in data if k not in by_key]
        if unknown:
            names = "、".join(zh for _a, zh, _k, _o in cls._SPEC)
            raise InputError(cls._TITLE, f"中有无法识别的字段：{'、'.join(unknown)}（可用字段：{names}）")
        values = {by_key[k]: v for k, v in data.items()}
        return cls(**values)

    def to_dict(self) -> dict[str, Any]:
        return {zh: getattr(self, attr) for attr, zh, _k, _o in self._SPEC}

    def total(self) -> float:
        return sum(getattr(self, a) for a, _z, kind, _o in self._SPEC if kind == "money")


@dataclass(frozen=True, slots=True)
class BusinessAssets(_Section):
    """经营资产（调查当天的现值，须为借款人所有，不含借来的东西）。"""

    cash: float = 0.0
    deposits: float = 0.0
    receivables: float = 0.0
    prepayments: float = 0.0
    inventory: float = 0.0
    fixed_assets: float = 0.0
    other: float = 0.0
    _SPEC = (("cash", "现金", "money", False), ("deposits", "存款", "money", False),
             ("receivables", "应收账款", "money", False), ("prepayments", "预付账款", "money", False),
             ("inventory", "存货", "money", False), ("fixed_assets", "固定资产", "money", False),
             ("other", "其他资产", "money", False))
    _TITLE = "经营资产"

    @property
    def current(self) -> float:
        return self.cash + self.deposits + self.receivables + self.prepayments + self.inventory


@dataclass(frozen=True, slots=True)
class BusinessLiabilities(_Section):
    """经营负债。小微经营贷多为一年以内，本工具把全部经营负债计入流动负债（保守口径）。"""

    payables: float = 0.0
    advances: float = 0.0
    bank_loans: float = 0.0
    private_loans: float = 0.0
    credit_cards: float = 0.0
    other: float = 0.0
    _SPEC = (("payables", "应付账款", "money", False), ("advances", "预收账款", "money", False),
             ("bank_loans", "银行借款", "money", False), ("private_loans", "民间借贷", "money", False),
             ("credit_cards", "信用卡", "money", False), ("other", "其他负债", "money", False))
    _TITLE = "经营负债"

    @property
    def interest_bearing(self) -> float:
        return self.bank_loans + self.private_loans + self.credit_cards + self.other


@dataclass(frozen=True, slots=True)
class HouseholdAssets(_Section):
    """家庭资产（小微企业主的家与生意分不开：先分别还原，再合并）。"""

    property: float = 0.0
    vehicles: float = 0.0
    deposits: float = 0.0
    other: float = 0.0
    _SPEC = (("property", "房产", "money", False), ("vehicles", "车辆", "money", False),
             ("deposits", "家庭存款", "money", False), ("other", "其他家庭资产", "money", False))
    _TITLE = "家庭资产"


@dataclass(frozen=True, slots=True)
class HouseholdLiabilities(_Section):
    """家庭负债。"""

    mortgage: float = 0.0
    car_loan: float = 0.0
    other: float = 0.0
    _SPEC = (("mortgage", "房贷", "money", False), ("car_loan", "车贷", "money", False),
             ("other", "其他家庭负债", "money", False))
    _TITLE = "家庭负债"


@dataclass(frozen=True, slots=True)
class OffBalance(_Section):
    """表外事项：不进资产负债表合计，但可能变成真实负债。"""

    guarantees: float = 0.0
    other_contingent: float = 0.0
    _SPEC = (("guarantees", "对外担保", "money", False), ("other_contingent", "其他或有负债", "money", False))
    _TITLE = "表外事项"


@dataclass(frozen=True, slots=True)
class MonthlyCosts(_Section):
    """每月经营费用（元/月）。“利息”是已有经营借款每月付的利息。"""

    rent: float = 0.0
    wages: float = 0.0
    utilities: float = 0.0
    transport: float = 0.0
    taxes: float = 0.0
    interest: float = 0.0
    other: float = 0.0
    _SPEC = (("rent", "房租", "money", False), ("wages", "工资", "money", False),
             ("utilities", "水电", "money", False), ("transport", "运输", "money", False),
             ("taxes", "税费", "money", False), ("interest", "利息", "money", False),
             ("other", "其他费用", "money", False))
    _TITLE = "月成本"


@dataclass(frozen=True, slots=True)
class Household(_Section):
    """家庭每月收支（元/月）。

    “其他债务月还款”是没有计入经营成本的还款：房贷、车贷、消费贷的月供，以及经营借款每月要还的本金。
    已计入“月成本·利息”的利息不要再填一次。
    """

    spending: float = 0.0
    other_income: float = 0.0
    other_debt_service: float = 0.0
    _SPEC = (("spending", "家庭月支出", "money", False), ("other_income", "家庭月其他收入", "money", False),
             ("other_debt_service", "其他债务月还款", "money", False))
    _TITLE = "家庭收支"


@dataclass(frozen=True, slots=True)
class Evidence(_Section):
    """交叉检验用的独立资料。每一项都可以不填（None）：不填，对应角度就不做。

    ``physical_quantity`` × ``sales_per_physical_unit`` 是“实物记录”角度：企业自己离不开的实物记录
    （原材料领用单、饲料领用、燃油、包装物、计件工资、用电以外的能耗）一年的用量，乘以每单位实物做出的销售额。
    单位产出是读者可以质疑的假设，怎么从料肉比、单耗、计件单价折算见 :mod:`coursekit.restoration.physical`。
    """

    bank_inflows: float | None = None
    cash_share: float | None = None
    purchases: float | None = None
    electricity_kwh: float | None = None
    sales_per_kwh: float | None = None
    tax_paid: float | None = None
    tax_rate: float | None = None
    observed_daily_sales: float | None = None
    trading_days: float | None = None
    observed_month: int | None = None
    fixed_transfers: float | None = None
    credit_report_debt: float | None = None
    physical_quantity: float | None = None
    sales_per_physical_unit: float | None = None
    _SPEC = (("bank_inflows", "银行流水年入账", "money", True),
             ("cash_share", "现金收款比例", "open_fraction", True),
             ("purchases", "年进货额", "money", True),
             ("electricity_kwh", "年用电量", "count", True),
             ("sales_per_kwh", "每度电销售额", "per_unit", True),
             ("tax_paid", "年纳税额", "money", True),
             ("tax_rate", "税负率", "positive_fraction", True),
             ("observed_daily_sales", "观察日营业额", "money", True),
             ("trading_days", "月营业天数", "count", True),
             ("observed_month", "观察月份", "month", True),
             ("fixed_transfers", "流水月固定转出", "money", True),
             ("credit_report_debt", "征信借款余额", "money", True),
             ("physical_quantity", "实物记录年用量", "count", True),
             ("sales_per_physical_unit", "每单位实物销售额", "per_unit", True))
    _TITLE = "交叉检验资料"

    def __post_init__(self):
        _Section.__post_init__(self)
        if self.trading_days is not None and self.trading_days > 31:
            raise InputError("月营业天数", "不能超过 31 天", self.trading_days)


@dataclass(frozen=True, slots=True)
class EquityHistory(_Section):
    """权益检验用的历史数据：某个过去时点的权益，以及此后的利润、提取、注资、重估与折旧。

    ``profit_since`` 不填时，按本次还原的月净利润 × 期间月数估算。
    ``asset_purchases`` 与 ``new_borrowing`` 用于“资产购置与利润”检验：期间买的资产应能由
    留存利润、注资和已申报的新增借款解释。
    ``scope`` 为 "经营"（只看生意的权益，默认）或 "合并"（生意加家庭）。
    """

    initial_equity: float = 0.0
    months: int = 12
    profit_since: float | None = None
    withdrawals: float = 0.0
    injection: float = 0.0
    revaluation: float = 0.0
    depreciation: float = 0.0
    asset_purchases: float | None = None
    new_borrowing: float = 0.0
    scope: str = "经营"
    _SPEC = (("initial_equity", "初始权益", "signed", False), ("months", "期间月数", "months", False),
             ("profit_since", "期间累计利润", "signed", True), ("withdrawals", "期间提取", "money", False),
             ("injection", "期间注资", "money", False), ("revaluation", "重估", "signed", False),
             ("depreciation", "折旧", "money", False), ("asset_purchases", "期间购置资产", "money", True),
             ("new_borrowing", "期间新增借款", "money", False), ("scope", "口径", "text", False))
    _TITLE = "权益历史"

    def __post_init__(self):
        _Section.__post_init__(self)
        if self.scope not in ("经营", "合并"):
            raise InputError("口径", "应为“经营”或“合并”", self.scope)


@dataclass(frozen=True, slots=True)
class Product:
    """一种产品（或一类商品）：全年销售额与毛利率（1 − 进价/售价）。"""

    name: str
    sales: float
    margin: float
    index: int = 1  # 在借款人产品表中的序号，只用于出错信息

    def __post_init__(self):
        object.__setattr__(self, "index", require_int(self.index, "产品序号", minimum=1, maximum=10_000))
        label = f"产品 {self.index}"
        if not isinstance(self.name, str) or not self.name.strip():
            raise InputError(f"{label} 的名称", "应为非空文字", self.name)
        object.__setattr__(self, "name", self.name.strip())
        object.__setattr__(self, "sales", require_non_negative(self.sales, f"{label} 的销售额"))
        object.__setattr__(self, "margin", require_fraction(self.margin, f"{label} 的毛利率"))

    def to_dict(self) -> dict[str, Any]:
        return {"名称": self.name, "销售额": self.sales, "毛利率": self.margin}


_TOP_KEYS = ("名称", "行业", "经营资产", "经营负债", "家庭资产", "家庭负债", "表外事项", "产品", "年销售额",
             "季节系数", "月成本", "家庭收支", "赊销比例", "交叉检验资料", "权益历史")


def _products(raw, annual_sales) -> tuple[Product, ...]:
    if raw is None or isinstance(raw, (str, bytes)) or not hasattr(raw, "__iter__"):
        raise InputError("产品", "应为列表，每种产品写名称、销售额（或销售占比）与毛利率", raw)
    items = list(raw)
    if not items:
        raise InputError("产品", "至少要有一种产品（销售额与毛利率）")
    out = []
    share_total = 0.0
    by_share = False
    for i, item in enumerate(items, start=1):
        if isinstance(item, Product):
            out.append(replace(item, index=i))
            continue
        if not isinstance(item, Mapping):
            raise InputError(f"产品 {i}", "应为字典：{'名称': …, '销售额': …, '毛利率': …}", item)
        unknown = [str(k) for k in item if k not in ("名称", "销售额", "销售占比", "毛利率")]
        if unknown:
            raise InputError(f"产品 {i}", f"中有无法识别的字段：{'、'.join(unknown)}（可用：名称、销售额、销售占比、毛利率）")
        if "毛利率" not in item:
            raise InputError(f"产品 {i} 的毛利率", "不能为空，请填写小数（如 0.18 表示 18%）")
        if item.get("销售额") is not None:
            sales = item["销售额"]
        elif item.get("销售占比") is not None:
            share = require_fraction(item["销售占比"], f"产品 {i} 的销售占比")
            if annual_sales is None:
                raise InputError("年销售额", "按销售占比填写产品时必须给出全年销售额")
            share_total += share
            by_share = True
            sales = share * annual_sales
        else:
            raise InputError(f"产品 {i} 的销售额", "不能为空：请填写全年销售额，或销售占比与年销售额")
        out.append(Product(item.get("名称"), sales, item["毛利率"], i))
    if by_share and abs(share_total - 1.0) > 0.005:
        raise InputError("销售占比", f"各产品合计应为 1（100%），现在合计 {share_total:.4g}")
    return tuple(out)


def _seasonality(raw) -> tuple[float, ...]:
    if raw is None:
        return (1.0,) * 12
    if isinstance(raw, (str, bytes)) or not hasattr(raw, "__iter__"):
        raise InputError("季节系数", "应为 12 个数字（1 月到 12 月）", raw)
    values = list(raw)
    if len(values) != 12:
        raise InputError("季节系数", f"应有 12 个（1 月到 12 月），现在有 {len(values)} 个")
    out = tuple(require_non_negative(v, f"{m} 月季节系数") for m, v in enumerate(values, start=1))
    for m, v in enumerate(out, start=1):
        if v > 1e12:   # 相对水平，再大也只是录入错误；1e308 相加会溢出成无穷大，系数变成 NaN
            raise InputError(f"{m} 月季节系数", "过大，请填写相对水平（如 0.8、1.2）或月销售额", v)
    if sum(out) <= 0:
        raise InputError("季节系数", "不能全为 0")
    return out


@dataclass(frozen=True, slots=True)
class Borrower:
    """一个借款人（经营 + 家庭）的全部还原输入。

    ``seasonality`` 是 12 个月的相对销售水平，内部按平均值 1 归一化（全年销售额不变）；
    ``credit_sales_share`` 是赊销占销售额的比例（不填时按全部销售额计算应收周转天数）。
    """

    name: str
    products: tuple[Product, ...]
    industry: str | None = None
    business_assets: BusinessAssets = BusinessAssets()
    business_liabilities: BusinessLiabilities = BusinessLiabilities()
    household_assets: HouseholdAssets = HouseholdAssets()
    household_liabilities: HouseholdLiabilities = HouseholdLiabilities()
    off_balance: OffBalance = OffBalance()
    seasonality: tuple[float, ...] = (1.0,) * 12
    costs: MonthlyCosts = MonthlyCosts()
    household: Household = Household()
    credit_sales_share: float | None = None
    evidence: Evidence = Evidence()
    equity_history: EquityHistory | None = None

    def __post_init__(self):
        if not isinstance(self.name, str) or not self.name.strip():
            raise InputError("名称", "应为非空文字（借款人或商号名称）", self.name)
        if self.industry is not None and (not isinstance(self.industry, str) or not self.industry.strip()):
            raise InputError("行业", "应为文字（如“食品批发”），不清楚可不填", self.industry)
        object.__setattr__(self, "products", _products(self.products, None))
        object.__setattr__(self, "seasonality", _seasonality(self.seasonality))
        if self.credit_sales_share is not None:
            object.__setattr__(self, "credit_sales_share", require_fraction(self.credit_sales_share, "赊销比例"))
        for attr, cls in (("business_assets", BusinessAssets), ("business_liabilities", BusinessLiabilities),
                          ("household_assets", HouseholdAssets), ("household_liabilities", HouseholdLiabilities),
                          ("off_balance", OffBalance), ("costs", MonthlyCosts), ("household", Household),
                          ("evidence", Evidence)):
            value = getattr(self, attr)
            if not isinstance(value, cls):
                object.__setattr__(self, attr, cls.from_dict(value))
        if self.equity_history is not None and not isinstance(self.equity_history, EquityHistory):
            object.__setattr__(self, "equity_history", EquityHistory.from_dict(self.equity_history))

    @property
    def annual_sales(self) -> float:
        return sum(p.sales for p in self.products)

    @classmethod
    def from_dict(cls, data: Mapping) -> "Borrower":
        """从中文键的字典读入（案例笔记本里看得见的那个字典）。缺省的金额按 0 计，缺省的资料按“未提供”计。"""
        if isinstance(data, Borrower):
            return data
        if not isinstance(data, Mapping):
            raise InputError("借款人", "应为字典（中文字段名 → 数值）", type(data).__name__)
        unknown = [str(k) for k in data if k not in _TOP_KEYS]
        if unknown:
            raise InputError("借款人", f"中有无法识别的字段：{'、'.join(unknown)}（可用字段：{'、'.join(_TOP_KEYS)}）")
        annual = data.get("年销售额")
        if annual is not None:
            annual = require_non_negative(annual, "年销售额")
        if "产品" not in data:
            raise InputError("产品", "至少要有一种产品（销售额与毛利率）")
        products = _products(data["产品"], annual)
        if annual is not None and not any("销售占比" in p for p in data["产品"] if isinstance(p, Mapping)):
            total = sum(p.sales for p in products)
            if abs(total - annual) > max(1.0, 1e-6 * annual):
                raise InputError("年销售额", f"与各产品销售额合计（{total:,.2f} 元）不一致", annual)
        history = data.get("权益历史")
        return cls(
            name=data.get("名称"),
            industry=data.get("行业"),
            products=products,
            business_assets=BusinessAssets.from_dict(data.get("经营资产")),
            business_liabilities=BusinessLiabilities.from_dict(data.get("经营负债")),
            household_assets=HouseholdAssets.from_dict(data.get("家庭资产")),
            household_liabilities=HouseholdLiabilities.from_dict(data.get("家庭负债")),
            off_balance=OffBalance.from_dict(data.get("表外事项")),
            seasonality=data.get("季节系数"),
            costs=MonthlyCosts.from_dict(data.get("月成本")),
            household=Household.from_dict(data.get("家庭收支")),
            credit_sales_share=data.get("赊销比例"),
            evidence=Evidence.from_dict(data.get("交叉检验资料")),
            equity_history=None if history is None else EquityHistory.from_dict(history),
        )

    def to_dict(self) -> dict[str, Any]:
        """与 :meth:`from_dict` 对应的中文键字典（产品一律写销售额）。"""
        return {
            "名称": self.name,
            "行业": self.industry,
            "经营资产": self.business_assets.to_dict(),
            "经营负债": self.business_liabilities.to_dict(),
            "家庭资产": self.household_assets.to_dict(),
            "家庭负债": self.household_liabilities.to_dict(),
            "表外事项": self.off_balance.to_dict(),
            "产品": [p.to_dict() for p in self.products],
            "季节系数": list(self.seasonality),
            "月成本": self.costs.to_dict(),
            "家庭收支": self.household.to_dict(),
            "赊销比例": self.credit_sales_share,
            "交叉检验资料": self.evidence.to_dict(),
            "权益历史": None if self.equity_history is None else self.equity_history.to_dict(),
        }

    def scaled(self, k: float) -> "Borrower":
        """所有金额乘以 k（比例、月份、用电量不变）：用于检验“换个单位结论不变”。"""
        k = require_number(k, "缩放倍数")
        if k <= 0 or math.isinf(k):
            raise InputError("缩放倍数", "应大于 0", k)

        def sec(obj):
            if obj is None:
                return None
            changes = {}
            for attr, _zh, kind, _opt in obj._SPEC:
                v = getattr(obj, attr)
                if kind in MONEY_KINDS and v is not None:
                    changes[attr] = v * k
            return replace(obj, **changes)

        return replace(
            self,
            products=tuple(replace(p, sales=p.sales * k) for p in self.products),
            business_assets=sec(self.business_assets), business_liabilities=sec(self.business_liabilities),
            household_assets=sec(self.household_assets), household_liabilities=sec(self.household_liabilities),
            off_balance=sec(self.off_balance), costs=sec(self.costs), household=sec(self.household),
            evidence=sec(self.evidence), equity_history=sec(self.equity_history),
        )


def section_fields(cls) -> tuple[tuple[str, str, str, bool], ...]:
    """某个输入小类的字段说明（属性名, 中文名, 种类, 可否不填），供部件与 Excel 使用。"""
    return cls._SPEC

