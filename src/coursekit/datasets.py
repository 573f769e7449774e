"""教学银行：全书共用的一个虚构县域世界（青禾县、青禾农商银行）。

``teaching_bank(seed=0, n_customers=2000)`` 按随机种子确定性地生成一整套互相咬合的表：支行、客群
（市场、村、园区、商业街、商会）、客户经理、客户、产品、持有、月均余额、贷款、逐月逾期、担保关系、
资金流水，以及一张“答案表”（``truth``）：事先埋进数据里、可以用简单规则找出来的模式（贷款资金回流、
流入限制性领域、以贷还贷、集中使用、担保圈、预警客户、下一产品、经理组合恶化）。``near_misses``
记录故意埋下的“像但不是”的干扰项，供规则练习“拒绝”。

所有人名、证件号、手机号、机构都是生成的：

- 身份证号 18 位，校验码按 GB 11643 计算，但行政区划码以 ``99`` 开头（不存在的地区）；
- 统一社会信用代码 18 位，校验字符按 GB 32100 计算，行政区划码同样以 ``99`` 开头；
- 手机号以 ``1540`` 开头（编写时 154 号段未分配给任何运营商，见数据字典页）。

金额单位为元（float64），利率为小数，日期为 ``datetime64[ns]``，月份为当月 1 日。
分布、季节性、不良率等都是教学用的示意假设，不是统计数据。

随机流与可重复性
----------------
全书约 56 个笔记本的隐藏检查断言 ``teaching_bank(0)`` 的具体数字，所以现有各表必须逐字节不变：

- 现有各表来自一个旧随机流 ``np.random.default_rng(seed)``，由 ``_LEGACY_STAGES`` 中的生成步骤按固定顺序
  消费。不要在这些步骤里增加、删除或调换任何抽样，也不要调换步骤顺序；
- 每张表由 ``_TABLE_BUILDERS`` 中自己的构建函数组装，构建函数不抽随机数；
- **以后新增的表（或新表里的抽样）一律使用自己的随机流** ``world.stream(名字)``：名字追加到 ``_STREAMS``
  末尾，流由 ``np.random.SeedSequence(seed).spawn`` 派生，与旧流和其他新流互不影响。新增一张表、
  或在新表里多抽几次，都不会挪动已有的表；
- ``tests/test_datasets.py`` 固定了 ``teaching_bank(0)`` 每张表的指纹（SHA-256），任何挪动都会让它失败。
  确需改动现有表时，同时更新指纹、受影响笔记本的断言和引用这些数字的正文。
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd

from .errors import InputError, require_int

__all__ = ["TeachingBank", "teaching_bank", "AS_OF", "MONTHS", "LPR_1Y", "SCHOOL_NAME", "school_payroll_group", "relief_rush_batch"]

AS_OF = pd.Timestamp("2024-12-31")
#: 24 个月的历史，月份取当月 1 日
MONTHS = pd.date_range("2023-01-01", "2024-12-01", freq="MS")
#: 1 年期 LPR（生效日, 小数）。早于 2021 年的放款不在本数据中。
LPR_1Y: tuple[tuple[str, float], ...] = (
    ("2020-04-20", 0.0385),
    ("2021-12-20", 0.0380),
    ("2022-01-20", 0.0370),
    ("2022-08-22", 0.0365),
    ("2023-06-20", 0.0355),
    ("2023-08-21", 0.0345),
    ("2024-07-22", 0.0335),
    ("2024-10-21", 0.0310),
)

CTYPES = ("农户", "个体工商户", "小微企业主", "小微企业", "代发工资员工")
PRODUCTS = ("存款", "贷款", "代发", "理财", "保险", "信用卡", "收单", "手机银行", "社保卡")
RISK_CATEGORIES = ("正常", "关注", "次级", "可疑", "损失")
#: 集中使用的埋点：各户转出集中在最后一笔放款前这么多天之内（加 0–2 天），整组跨度不超过 30 天的规则窗口
_CONC_HOLD_DAYS = 20
TRUTH_KINDS = ("回流", "流入限制性领域", "以贷还贷", "集中使用", "担保圈", "预警", "下一产品", "经理恶化")
COUNTERPARTY_TYPES = ("个人", "企业", "房地产开发商", "证券期货公司", "理财产品", "担保人", "关联方",
                      "本人他行账户", "本行贷款", "放款")

_D = np.timedelta64(1, "D")
_AS_OF_D = np.datetime64("2024-12-31", "D")
_WIN_START = np.datetime64("2023-01-01", "D")
_HIST_START = np.datetime64("2021-01-01", "D")
_MONTH_ENDS = (np.arange("2023-01", "2025-01", dtype="M8[M]") + 1).astype("M8[D]") - 1

_TABLE_NOTES = {
    "branches": "支行：编号、名称、类型、所在乡镇、示意地图坐标",
    "clusters": "客群：市场、村、园区、商业街、商会，各归一个支行",
    "managers": "客户经理：所属支行、团队、从业年限、年度目标",
    "customers": "客户：类型、行业、客群、经理、关联关系、合成证件号与手机号",
    "products": "产品目录与示意收益口径",
    "holdings": "截至 2024 年 12 月 31 日的产品持有（每户每产品一行，含开通日期）",
    "balances": "逐月日均余额（存款、理财、贷款），24 个月",
    "loans": "贷款台账：金额、LPR 加点、还款方式、担保、状态、逾期天数、五级分类",
    "overdue_history": "逐月逾期天数（每笔贷款在贷的每个月一行）",
    "guarantees": "担保关系：担保人、借款人、贷款",
    "transactions": "资金流水：放款后的资金去向、经营回款、还款",
    "truth": "埋设的模式（答案表）",
    "near_misses": "故意埋设的干扰项（像但不是）",
}


@dataclass(frozen=True, eq=False)
class TeachingBank:
    """青禾农商银行的一整套教学数据。各表见 :data:`tables`，说明见 :meth:`describe`。"""

    seed: int
    n_customers: int
    branches: pd.DataFrame
    clusters: pd.DataFrame
    managers: pd.DataFrame
    customers: pd.DataFrame
    products: pd.DataFrame
    holdings: pd.DataFrame
    balances: pd.DataFrame
    loans: pd.DataFrame
    overdue_history: pd.DataFrame
    guarantees: pd.DataFrame
    transactions: pd.DataFrame
    truth: pd.DataFrame
    near_misses: pd.DataFrame
    # 营销数据（模块 2–4），各表用自己的随机流生成
    population: pd.DataFrame
    cluster_facts: pd.DataFrame
    retail_products: pd.DataFrame
    settlement: pd.DataFrame
    corporates: pd.DataFrame
    core_firms: pd.DataFrame
    trade_flows: pd.DataFrame
    employees: pd.DataFrame
    campaigns: pd.DataFrame
    activity_log: pd.DataFrame
    wechat_groups: pd.DataFrame
    wechat_members: pd.DataFrame
    wechat_messages: pd.DataFrame
    referrals: pd.DataFrame
    outcomes: pd.DataFrame
    # 团队管理数据（模块 5–7），用自己的随机流生成
    manager_activity: pd.DataFrame
    as_of: pd.Timestamp = field(default=AS_OF)
    bank_name: str = "青禾农商银行"
    county_name: str = "青禾县"

    @property
    def tables(self) -> dict[str, pd.DataFrame]:
        return {name: getattr(self, name) for name in _TABLE_NOTES}

    def describe(self) -> pd.DataFrame:
        """每张表的行数、列数与一句说明。"""
        rows = [{"表名": name, "行数": len(df), "列数": df.shape[1], "说明": _TABLE_NOTES[name]}
                for name, df in self.tables.items()]
        return pd.DataFrame(rows)

    def _copy(self) -> "TeachingBank":
        kwargs = {name: df.copy() for name, df in self.tables.items()}
        return TeachingBank(seed=self.seed, n_customers=self.n_customers, **kwargs)


# ---------------------------------------------------------------------------------------------
# 合成证件号与校验码（私有；kyc 模块有自己的校验器）
# ---------------------------------------------------------------------------------------------
_ID_WEIGHTS = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2])
_ID_CHECK = "10X98765432"
_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = np.array([pow(3, i, 31) for i in range(17)])
_ORG_WEIGHTS = np.array([3, 7, 9, 10, 5, 8, 4, 2])


def _gb11643_check(first17: str) -> str:
    """身份证号前 17 位 → 校验码（GB 11643：加权和模 11）。"""
    total = sum(int(c) * int(w) for c, w in zip(first17, _ID_WEIGHTS))
    return _ID_CHECK[total % 11]


def _gb32100_check(first17: str) -> str:
    """统一社会信用代码前 17 位 → 校验字符（GB 32100：31 个字符，权重 3^i mod 31）。"""
    total = sum(_USCC_CHARS.index(c) * int(w) for c, w in zip(first17, _USCC_WEIGHTS))
    return _USCC_CHARS[(31 - total % 31) % 31]


def _gb11714_check(first8: str) -> str:
    """组织机构代码本体 8 位 → 校验码（GB 11714）。"""
    total = sum(int(c, 36) * int(w) for c, w in zip(first8, _ORG_WEIGHTS))
    c9 = 11 - total % 11
    return "X" if c9 == 10 else ("0" if c9 == 11 else str(c9))


def _digits(values: np.ndarray, width: int) -> np.ndarray:
    """整数数组 → (n, width) 的十进制各位数字。"""
    powers = 10 ** np.arange(width - 1, -1, -1, dtype=np.int64)
    return (values[:, None] // powers) % 10


def _zfill(values: np.ndarray, width: int) -> np.ndarray:
    return np.strings.zfill(values.astype(np.int64).astype(str), width)


def _id_numbers(rng, n: int, region4: np.ndarray, birth: np.ndarray) -> np.ndarray:
    """合成身份证号：99 + 4 位 + 出生日期 + 顺序码 + 校验码。birth 为 datetime64[D]。"""
    ymd = birth.astype("M8[D]").astype(str)
    ymd = np.strings.replace(ymd, "-", "")
    seq = rng.integers(0, 1000, n)
    body = np.strings.add(np.strings.add(np.strings.add("99", _zfill(region4, 4)), ymd), _zfill(seq, 3))
    num = body.astype(np.int64)
    check = (_digits(num, 17) * _ID_WEIGHTS).sum(axis=1) % 11
    return np.strings.add(body, np.array(list(_ID_CHECK))[check])


def _credit_codes(rng, n: int, region4: np.ndarray) -> np.ndarray:
    """合成统一社会信用代码：91 + 99xxxx + 组织机构代码（8 位 + 校验）+ 校验字符。"""
    org = rng.integers(10_000_000, 100_000_000, n)
    od = _digits(org, 8)
    c9 = 11 - (od * _ORG_WEIGHTS).sum(axis=1) % 11
    c9_val = np.where(c9 == 10, _USCC_CHARS.index("X"), np.where(c9 == 11, 0, c9))
    c9_chr = np.array(list(_USCC_CHARS))[c9_val]
    head = np.concatenate([np.full((n, 1), 9), np.full((n, 1), 1), np.full((n, 1), 9), np.full((n, 1), 9),
                           _digits(region4, 4), od, c9_val[:, None]], axis=1)
    check = (31 - (head * _USCC_WEIGHTS).sum(axis=1) % 31) % 31
    body = np.strings.add(np.strings.add(np.strings.add("9199", _zfill(region4, 4)), _zfill(org, 8)), c9_chr)
    return np.strings.add(body, np.array(list(_USCC_CHARS))[check])


# ---------------------------------------------------------------------------------------------
# 名字
# ---------------------------------------------------------------------------------------------
_SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈"
                 "姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴孔汤")
_GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华玉兰红梅建国志文斌海波云峰春燕林辉鹏飞俊宇浩然"
              "雪琴晓东子轩欣怡佳慧成龙德福永祥金凤小红水生根宝家荣秋菊冬梅新民振华世杰广才")
_SHOP = list("丰禾瑞鑫源达恒兴泰裕华德通顺昌盛隆祥益和富康宏晟农田谷稻茶青山溪")
_FIRM_WORD = {"农产品加工": "农产品加工", "机械制造": "机械制造", "建材": "新型建材", "物流运输": "物流",
              "纺织服装": "服饰", "商贸批发": "商贸"}


def _person_names(rng, n: int) -> np.ndarray:
    weights = 1.0 / np.arange(1, len(_SURNAMES) + 1) ** 0.7
    sur = np.array(_SURNAMES)[rng.choice(len(_SURNAMES), n, p=weights / weights.sum())]
    g = np.array(_GIVEN)
    given = g[rng.integers(0, len(g), n)]
    two = rng.random(n) < 0.7
    given = np.where(two, np.strings.add(given, g[rng.integers(0, len(g), n)]), given)
    return np.strings.add(sur, given)


def _shop_names(rng, n: int) -> np.ndarray:
    s = np.array(_SHOP)
    return np.strings.add(s[rng.integers(0, len(s), n)], s[rng.integers(0, len(s), n)])


# ---------------------------------------------------------------------------------------------
# 世界的骨架：支行与客群
# ---------------------------------------------------------------------------------------------
_BRANCHES = [
    ("B01", "城关支行", "城区支行", "城关镇", 0.0, 0.0),
    ("B02", "城南支行", "城区支行", "城关镇", 0.9, -1.4),
    ("B03", "经开区支行", "园区支行", "经开区", 3.0, 0.9),
    ("B04", "东岭支行", "乡镇支行", "东岭镇", 6.0, 3.0),
    ("B05", "西河支行", "乡镇支行", "西河乡", -5.5, 1.2),
    ("B06", "南坪支行", "乡镇支行", "南坪镇", -1.8, -5.6),
    ("B07", "北塘支行", "乡镇支行", "北塘镇", 1.6, 6.2),
]
_CLUSTERS = [
    ("K01", "青禾农贸市场", "市场", "B01"),
    ("K02", "新华商业街", "商业街", "B01"),
    ("K03", "城南建材市场", "市场", "B02"),
    ("K04", "青禾经开区", "园区", "B03"),
    ("K05", "青禾县安徽商会", "商会", "B03"),
    ("K06", "东岭村", "村", "B04"),
    ("K07", "东岭镇集贸市场", "市场", "B04"),
    ("K08", "上岭村", "村", "B04"),
    ("K09", "西河村", "村", "B05"),
    ("K10", "柳湾村", "村", "B05"),
    ("K11", "南坪村", "村", "B06"),
    ("K12", "南坪果蔬批发市场", "市场", "B06"),
    ("K13", "北塘村", "村", "B07"),
    ("K14", "北塘镇商业街", "商业街", "B07"),
    ("K15", "石桥村", "村", "B07"),
    ("K16", "青禾县温州商会", "商会", "B01"),
]
#: 收单在各客群个体工商户中的渗透率（示意）：K01、K12 做过批量营销，渗透率高
_ACQ_RATE = {"K01": 0.88, "K03": 0.62, "K07": 0.55, "K12": 0.86, "K02": 0.50, "K14": 0.35}
_KIND_SUFFIX = {"村": "村", "市场": "市场", "园区": "工业小区", "商业街": "商业街", "商会": "商会"}
_PLACE_A = list("杏桃柳枫松竹梅荷桂樟槐柏杉榆")
_PLACE_B = list("岗湾坪桥塘岭溪园坝冲")


def _build_places(rng, n_clusters: int):
    branches = pd.DataFrame(_BRANCHES, columns=["branch_id", "name", "kind", "town", "x", "y"])
    branches["name"] = "青禾农商银行" + branches["name"]
    rows = [list(r) for r in _CLUSTERS]
    kinds = np.array(["村", "市场", "商业街", "园区", "商会"])
    extra = n_clusters - len(rows)
    if extra > 0:
        kk = kinds[rng.choice(5, extra, p=[0.5, 0.2, 0.15, 0.1, 0.05])]
        rural = np.array(["B04", "B05", "B06", "B07"])
        allb = branches["branch_id"].to_numpy()
        br = np.where(kk == "村", rural[rng.integers(0, 4, extra)], allb[rng.integers(0, 7, extra)])
        for i in range(extra):
            a = _PLACE_A[i % len(_PLACE_A)]
            b = _PLACE_B[(i // len(_PLACE_A)) % len(_PLACE_B)]
            rnd = i // (len(_PLACE_A) * len(_PLACE_B))
            name = f"{a}{b}{_KIND_SUFFIX[kk[i]]}" + (f"{rnd + 1}区" if rnd else "")
            rows.append([f"K{len(rows) + 1:02d}", name, kk[i], br[i]])
    clusters = pd.DataFrame(rows, columns=["cluster_id", "name", "kind", "branch_id"])
    bxy = branches.set_index("branch_id")[["x", "y"]]
    ang = rng.uniform(0, 2 * np.pi, len(clusters))
    rad = rng.uniform(0.5, 1.6, len(clusters))
    clusters["x"] = np.round(bxy.loc[clusters["branch_id"], "x"].to_numpy() + rad * np.cos(ang), 2)
    clusters["y"] = np.round(bxy.loc[clusters["branch_id"], "y"].to_numpy() + rad * np.sin(ang), 2)
    return branches, clusters


def _pick_within(rng, group_of_item: np.ndarray, members_sorted_group: np.ndarray, n_groups: int) -> np.ndarray:
    """对每个 item，从同组的成员中等概率挑一个，返回成员下标（成员须按组排序）。组内无成员返回 -1。"""
    counts = np.bincount(members_sorted_group, minlength=n_groups)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    c = counts[group_of_item]
    pick = starts[group_of_item] + np.floor(rng.random(len(group_of_item)) * np.maximum(c, 1)).astype(np.int64)
    return np.where(c > 0, pick, -1)


def _month_index(dates: np.ndarray) -> np.ndarray:
    """datetime64[D] → 相对 2023-01 的月序号（2023-01 为 0）。"""
    m = dates.astype("M8[M]").astype(np.int64)
    return m - np.datetime64("2023-01", "M").astype(np.int64)


def _add_months(dates: np.ndarray, months: np.ndarray) -> np.ndarray:
    """日期加整月（日期的日数 ≤ 28）。"""
    m = dates.astype("M8[M]")
    day = (dates - m.astype("M8[D]")).astype(np.int64)
    return (m + months.astype("m8[M]")).astype("M8[D]") + day * _D


def _months_between(d0: np.ndarray, d1: np.ndarray) -> np.ndarray:
    """d0 到 d1 之间已过的整月数（d0 的日 ≤ 28，d1 为月末时精确）。"""
    m = d1.astype("M8[M]").astype(np.int64) - d0.astype("M8[M]").astype(np.int64)
    day0 = (d0 - d0.astype("M8[M]").astype("M8[D]")).astype(np.int64)
    day1 = (d1 - d1.astype("M8[M]").astype("M8[D]")).astype(np.int64)
    return m - (day1 < day0)


def _sched_balance(amount, r, n, k, method_code) -> np.ndarray:
    """按还款方式计算已还 k 期后的计划余额。method_code：0 等额本息，1 等额本金，2 先息后本。"""
    k = np.clip(k, 0, n)
    g = (1 + r) ** n
    annuity = amount * (g - (1 + r) ** k) / np.where(g - 1 > 0, g - 1, 1)
    linear = amount * (1 - k / n)
    bullet = np.where(k >= n, 0.0, amount)
    out = np.where(method_code == 0, annuity, np.where(method_code == 1, linear, bullet))
    return np.round(np.maximum(out, 0.0), 2)


def _lpr_on(dates: np.ndarray) -> np.ndarray:
    eff = np.array([np.datetime64(d, "D") for d, _ in LPR_1Y])
    vals = np.array([v for _, v in LPR_1Y])
    idx = np.searchsorted(eff, dates, side="right") - 1
    return vals[np.clip(idx, 0, None)]


def _cat(values, categories) -> pd.Categorical:
    return pd.Categorical(values, categories=list(categories))


def _ids(prefix: str, idx: np.ndarray, width: int) -> np.ndarray:
    return np.strings.add(prefix, _zfill(np.asarray(idx) + 1, width))


def _validate(seed: Any, n_customers: Any) -> tuple[int, int]:
    if isinstance(seed, (str, bytes)):
        raise InputError("随机种子", "应为非负整数（如 0、42）", seed)
    seed_i = require_int(seed, "随机种子", minimum=0)
    if isinstance(n_customers, (str, bytes)):
        raise InputError("客户数", "应为整数", n_customers)
    n_i = require_int(n_customers, "客户数", minimum=500, maximum=2_000_000)
    return seed_i, n_i


def teaching_bank(seed: int = 0, n_customers: int = 2000) -> TeachingBank:
    """生成青禾农商银行的教学数据（同一种子每次完全相同）。

    参数
    ----
    seed : 非负整数随机种子。
    n_customers : 客户数，500 到 2,000,000；默认 2000 约 1 秒生成。

    小规模（不超过 2 万户）的结果会被缓存，每次调用返回一份独立的副本，改动不影响下一次调用。
    """
    seed_i, n_i = _validate(seed, n_customers)
    if n_i <= 20_000:
        return _cached(seed_i, n_i)._copy()
    return _build(seed_i, n_i)


@lru_cache(maxsize=4)
def _cached(seed: int, n: int) -> TeachingBank:
    return _build(seed, n)


# ---------------------------------------------------------------------------------------------
# 生成
#
# 一次生成分三段：
#
# 1. ``_LEGACY_STAGES`` 里的步骤按固定顺序运行，共用一个随机流 ``w.legacy``
#    （``np.random.default_rng(seed)``）。现有各表的每个数字都来自这个流，而且取决于前面各步骤
#    抽了多少个数：不要在这些步骤里增加、删除或调换任何一次抽样，也不要调换步骤顺序，
#    否则之后所有表都会变（全书隐藏检查单元断言的数字随之改变）。``tests/test_datasets.py`` 的
#    指纹测试会发现这种改动。
# 2. 新表（或给现有表新增的列）一律用自己的随机流 ``w.stream(名字)``：名字先追加到 ``_STREAMS``
#    末尾（只追加，不改名、不调换），流由 ``np.random.SeedSequence(seed).spawn`` 派生，
#    和旧流互不影响，所以新增一张表或在新表里多抽几次，都不会挪动已有的表。
# 3. ``_TABLE_BUILDERS`` 里每张表一个构建函数，只读取前两段的结果、不再抽随机数。
# ---------------------------------------------------------------------------------------------
#: 新表的独立随机流名称。只能在末尾追加；第 i 个名字用 ``SeedSequence(seed).spawn(...)[i]``。
_STREAMS: tuple[str, ...] = (
    # 营销数据（模块 2–4），见文件末尾的 _MARKETING_STAGES
    "营销人群", "零售持有", "结算往来", "代发员工", "营销活动", "微社群", "转介绍", "后续结果",
    # 团队管理（模块 5–7），见文件末尾的 _TEAM_STAGES
    "团队活动",
)


class _World(SimpleNamespace):
    """生成过程中的中间数组。各步骤显式读取前面步骤的结果、用 :meth:`update` 写回新结果。"""

    def update(self, **values: Any) -> None:
        clash = set(values) & set(vars(self))
        if clash:
            raise RuntimeError(f"生成步骤重复写入 {sorted(clash)}")
        vars(self).update(values)

    def stream(self, name: str) -> np.random.Generator:
        """新表专用的随机流：与旧流 ``legacy`` 及其他新流独立，只由种子与名字在 ``_STREAMS`` 中的位置决定。"""
        return _stream(self.seed, name)


def _stream(seed: int, name: str, streams: tuple[str, ...] | None = None) -> np.random.Generator:
    names = _STREAMS if streams is None else streams
    if name not in names:
        raise KeyError(f"随机流 {name!r} 未登记：先把名字追加到 datasets._STREAMS 末尾")
    i = names.index(name)
    return np.random.default_rng(np.random.SeedSequence(seed).spawn(i + 1)[i])


def _world(seed: int, n: int) -> _World:
    """按固定顺序运行全部生成步骤，返回中间结果。"""
    w = _World(seed=seed, n=n, scale=n / 2000, legacy=np.random.default_rng(seed))
    for stage in _LEGACY_STAGES + _MARKETING_STAGES + _TEAM_STAGES:
        stage(w)
    return w


def _build(seed: int, n: int) -> TeachingBank:
    w = _world(seed, n)
    tables = {name: _TABLE_BUILDERS[name](w) for name in _TABLE_NOTES}
    return TeachingBank(seed=seed, n_customers=n, **tables)


def _cid(cust_ids: np.ndarray, idx) -> np.ndarray:
    """客户下标 → 客户编号；下标为负（没有）时为 None。"""
    idx = np.asarray(idx)
    out = cust_ids[np.maximum(idx, 0)].astype(object)
    out[idx < 0] = None
    return out


def _txt(x) -> str:
    return f"{x / 10000:,.2f} 万元"


def _stage_places(world: _World) -> None:
    """支行与客群（示意地图坐标）。"""
    rng = world.legacy
    n = world.n
    n_clusters = max(len(_CLUSTERS), int(np.ceil(n / 125)))
    branches, clusters = _build_places(rng, n_clusters)
    K = len(clusters)
    ckind = clusters["kind"].to_numpy()
    cbranch = clusters["branch_id"].str.slice(1).astype(int).to_numpy() - 1
    world.update(branches=branches, clusters=clusters, K=K, ckind=ckind, cbranch=cbranch)


def _stage_customers(world: _World) -> None:
    """客户类型、客群、管户经理、行业、年龄、关联组、姓名与合成证件号。"""
    rng = world.legacy
    (n, ckind, K, cbranch, clusters, branches) = (
        world.n, world.ckind, world.K, world.cbranch, world.clusters, world.branches)
    # ---- 客户类型与客群（先按“块”生成，再整体打乱顺序） ----
    n_firm = int(round(0.07 * n))
    n_emp = int(round(0.15 * n))
    n_rest = n - 2 * n_firm - n_emp
    firm_kind_w = np.select([ckind == "园区", ckind == "商会", ckind == "商业街"], [3.0, 2.0, 0.5], 0.0)
    firm_cluster = rng.choice(K, n_firm, p=firm_kind_w / firm_kind_w.sum())
    firm_size = rng.lognormal(0, 0.8, n_firm)
    emp_firm = rng.choice(n_firm, n_emp, p=firm_size / firm_size.sum())
    rest_w = np.select([ckind == "村", ckind == "市场", ckind == "商业街"], [1.6, 1.5, 1.0], 0.08)
    rest_cluster = rng.choice(K, n_rest, p=rest_w / rest_w.sum())
    rk = ckind[rest_cluster]
    p_farmer = np.select([rk == "村", rk == "市场", rk == "商业街"], [0.88, 0.06, 0.03], 0.3)
    rest_type = np.where(rng.random(n_rest) < p_farmer, 0, 1)

    b_type = np.concatenate([np.full(n_firm, 3), np.full(n_firm, 2), np.full(n_emp, 4), rest_type])
    b_cluster = np.concatenate([firm_cluster, firm_cluster, firm_cluster[emp_firm], rest_cluster])
    b_owner = np.concatenate([n_firm + np.arange(n_firm), np.full(n - n_firm, -1)])  # 企业 → 企业主
    b_employer = np.concatenate([np.full(2 * n_firm, -1), emp_firm, np.full(n_rest, -1)])
    perm = rng.permutation(n)
    pos = np.empty(n, dtype=np.int64)
    pos[perm] = np.arange(n)
    ctype = b_type[perm]
    cluster = b_cluster[perm]
    owner = np.where(b_owner[perm] >= 0, pos[np.maximum(b_owner[perm], 0)], -1)
    employer = np.where(b_employer[perm] >= 0, pos[np.maximum(b_employer[perm], 0)], -1)
    firm_of_owner = np.full(n, -1)
    firm_of_owner[owner[owner >= 0]] = np.nonzero(owner >= 0)[0]
    branch = cbranch[cluster]

    # ---- 客户经理 ----
    n_mgr = max(14, int(round(n / 140)))
    per_branch = np.bincount(branch, minlength=7).astype(float)
    alloc = 2 + np.floor((n_mgr - 14) * per_branch / per_branch.sum()).astype(int)
    alloc[np.argmax(per_branch)] += n_mgr - alloc.sum()
    mgr_branch = np.repeat(np.arange(7), alloc)
    manager = _pick_within(rng, branch, mgr_branch, 7)
    mgr_names = _person_names(rng, n_mgr)

    # ---- 行业、年龄、关系年限、关联组 ----
    ind_farm = np.array(["种植（水稻）", "种植（茶叶）", "种植（果蔬）", "养殖（生猪）", "养殖（水产）"])
    ind_shop = np.array(["农贸零售", "餐饮", "建材五金", "服装鞋帽", "日用百货", "农资经营"])
    ind_firm = np.array(list(_FIRM_WORD))
    industry = np.empty(n, dtype=object)
    m0, m1, m3 = ctype == 0, ctype == 1, ctype == 3
    industry[m0] = ind_farm[rng.choice(5, m0.sum(), p=[0.35, 0.15, 0.2, 0.18, 0.12])]
    shop_pick = rng.choice(6, m1.sum(), p=[0.3, 0.2, 0.12, 0.12, 0.14, 0.12])
    industry[m1] = ind_shop[shop_pick]
    kind_m1 = ckind[cluster[m1]]
    industry[m1] = np.where((kind_m1 == "市场") & (clusters["cluster_id"].to_numpy()[cluster[m1]] == "K03"),
                            "建材五金", industry[m1])
    industry[m3] = ind_firm[rng.integers(0, len(ind_firm), m3.sum())]
    own = owner >= 0  # 企业
    industry[owner[own]] = industry[own]
    emp = employer >= 0
    industry[emp] = industry[employer[emp]]

    age = np.clip(rng.normal(45, 11, n), 22, 69).astype(int)
    age[ctype == 4] = np.clip(rng.normal(36, 9, (ctype == 4).sum()), 20, 59).astype(int)
    age_band = np.array([f"{a // 10 * 10}-{a // 10 * 10 + 9}" for a in range(0, 70, 10)])[age // 10]
    age_band = age_band.astype(object)
    age_band[ctype == 3] = np.nan
    tenure = np.minimum(rng.gamma(2.0, 3.5, n), 25).astype(int)
    start = _AS_OF_D - (tenure * 365 + rng.integers(0, 365, n)) * _D
    group = np.full(n, -1)
    group[own] = np.arange(own.sum())
    group[owner[own]] = np.arange(own.sum())
    g_next = own.sum()
    fam_idx = np.nonzero(((ctype == 0) | (ctype == 1)) & (rng.random(n) < 0.16))[0]
    fam_idx = fam_idx[np.argsort(cluster[fam_idx], kind="stable")]
    pairs = len(fam_idx) // 2
    group[fam_idx[: 2 * pairs]] = g_next + np.repeat(np.arange(pairs), 2)

    # ---- 姓名、证件号、手机号 ----
    names = _person_names(rng, n).astype(object)
    firm_idx = np.nonzero(ctype == 3)[0]
    firm_names = np.strings.add(np.strings.add("青禾", _shop_names(rng, len(firm_idx))),
                                np.array([_FIRM_WORD[i] for i in industry[firm_idx]]))
    names[firm_idx] = np.strings.add(firm_names, "有限公司")
    region4 = 100 + (branch + 1) * 10 + rng.integers(0, 10, n)
    birth = (np.datetime64("2024-12-31", "D") - (age * 365.25 + rng.integers(0, 365, n)).astype(int) * _D)
    id_number = _id_numbers(rng, n, region4, birth).astype(object)
    id_number[firm_idx] = _credit_codes(rng, len(firm_idx), region4[firm_idx])
    offset = int(rng.integers(0, 10_000_000))
    phone = np.strings.add("1540", _zfill((np.arange(n, dtype=np.int64) * 7_919 + offset) % 10_000_000, 7))

    cust_ids = _ids("C", np.arange(n), 6)
    cust_cat = pd.CategoricalDtype(list(cust_ids))

    mgr_ids = _ids("M", np.arange(n_mgr), 2)
    branch_ids = branches["branch_id"].to_numpy()
    cluster_ids = clusters["cluster_id"].to_numpy()
    world.update(ctype=ctype, cluster=cluster, owner=owner, employer=employer, branch=branch, n_mgr=n_mgr,
                 mgr_branch=mgr_branch, manager=manager, mgr_names=mgr_names, industry=industry, emp=emp,
                 age_band=age_band, tenure=tenure, start=start, group=group, names=names, id_number=id_number,
                 phone=phone, cust_ids=cust_ids, cust_cat=cust_cat, mgr_ids=mgr_ids, branch_ids=branch_ids,
                 cluster_ids=cluster_ids)


def _stage_loans(world: _World) -> None:
    """贷款台账：首贷与到期续贷，按放款日编号。"""
    rng = world.legacy
    ctype, n, start, manager, branch = world.ctype, world.n, world.start, world.manager, world.branch
    # ---- 贷款：首贷 + 到期续贷 ----
    p_borrow = np.array([0.38, 0.45, 0.35, 0.60, 0.06])[ctype]
    z = rng.normal(0, 1, n)  # 客户活跃度（潜变量）
    borrower = rng.random(n) < p_borrow
    b_idx = np.nonzero(borrower)[0]
    nb = len(b_idx)
    # 产品：0 农户小额信用贷 1 商户经营贷 2 抵押经营贷 3 小微流动资金贷 4 设备贷 5 工薪消费贷
    bt = ctype[b_idx]
    u = rng.random(nb)
    prod = np.select([bt == 0, (bt == 1) & (u < 0.7), bt == 1, (bt == 2) & (u < 0.6), bt == 2,
                      (bt == 3) & (u < 0.7), bt == 3], [0, 1, 2, 2, 1, 3, 4], 5)
    season = {
        0: np.array([1.3, 1.6, 2.2, 1.8, 1.0, 0.7, 0.6, 0.6, 0.8, 0.9, 0.7, 0.8]),
        1: np.array([1.4, 1.0, 1.0, 0.9, 0.9, 0.9, 0.9, 0.9, 1.0, 1.0, 1.2, 1.5]),
    }
    hist_months = np.arange("2021-01", "2024-12", dtype="M8[M]")
    mon_of_year = hist_months.astype(np.int64) % 12
    first_d = np.empty(nb, dtype="M8[D]")
    for grp, idx in ((0, prod == 0), (1, prod != 0)):
        w = season[grp][mon_of_year]
        mm = hist_months[rng.choice(len(hist_months), idx.sum(), p=w / w.sum())]
        first_d[idx] = mm.astype("M8[D]") + rng.integers(0, 28, idx.sum()) * _D
    first_d = np.maximum(first_d, start[b_idx] + 10 * _D)
    first_d = np.minimum(first_d, _AS_OF_D - 5 * _D)
    first_d = (first_d.astype("M8[M]").astype("M8[D]")
               + np.minimum((first_d - first_d.astype("M8[M]").astype("M8[D]")).astype(int), 27) * _D)

    term_opts = {0: ([12, 24, 36], [0.7, 0.2, 0.1]), 1: ([12, 24, 36], [0.5, 0.3, 0.2]),
                 2: ([36, 60], [0.6, 0.4]), 3: ([12], [1.0]), 4: ([36], [1.0]), 5: ([12, 24, 36], [0.4, 0.4, 0.2])}
    amt_par = {0: (5e4, 0.6, 1e4, 3e5, 1e3), 1: (2.5e5, 0.45, 5e4, 8e5, 1e4), 2: (6e5, 0.5, 2e5, 3e6, 1e4),
               3: (1.2e6, 0.55, 3e5, 5e6, 1e4), 4: (1.5e6, 0.5, 3e5, 5e6, 1e4), 5: (8e4, 0.5, 1e4, 3e5, 1e3)}
    # 还款方式 0 等额本息 1 等额本金 2 先息后本；担保 0 信用 1 保证 2 抵押 3 质押
    meth_p = {0: [0.2, 0.0, 0.8], 1: [0.5, 0.0, 0.5], 2: [0.5, 0.2, 0.3], 3: [0.0, 0.0, 1.0],
              4: [0.0, 1.0, 0.0], 5: [1.0, 0.0, 0.0]}
    guar_p = {0: [0.85, 0.15, 0, 0], 1: [0.5, 0.5, 0, 0], 2: [0, 0, 1.0, 0], 3: [0, 0.5, 0.4, 0.1],
              4: [0, 0, 0.7, 0.3], 5: [1.0, 0, 0, 0]}
    spread_rng = {(0, 0): (150, 300), (0, 1): (120, 250), (1, 0): (200, 400), (1, 1): (150, 300),
                  (2, 2): (60, 180), (3, 1): (120, 260), (3, 2): (50, 150), (3, 3): (50, 120),
                  (4, 2): (80, 200), (4, 3): (60, 160), (5, 0): (150, 350)}
    term = np.empty(nb, dtype=np.int64)
    amount = np.empty(nb)
    meth = np.empty(nb, dtype=np.int64)
    guar = np.empty(nb, dtype=np.int64)
    spread = np.empty(nb, dtype=np.int64)
    for p in range(6):
        idx = prod == p
        k = idx.sum()
        opts, pw = term_opts[p]
        term[idx] = rng.choice(opts, k, p=pw)
        med, sig, lo, hi, unit = amt_par[p]
        amount[idx] = np.clip(np.round(rng.lognormal(np.log(med), sig, k) / unit) * unit, lo, hi)
        meth[idx] = rng.choice(3, k, p=meth_p[p])
        guar[idx] = rng.choice(4, k, p=guar_p[p])
        for (pp, gg), (lo_bp, hi_bp) in spread_rng.items():
            if pp == p:
                sel = idx & (guar == gg)
                spread[sel] = rng.integers(lo_bp // 5, hi_bp // 5 + 1, sel.sum()) * 5
    meth[(prod == 2) & (term == 60)] = 0

    # 续贷（每一代向量化处理）；部分先息后本续贷做成“借新还旧”
    L_cust, L_prod, L_term, L_amt, L_meth, L_guar, L_spread, L_disb, L_prev = (
        [b_idx], [prod], [term], [amount], [meth], [guar], [spread], [first_d], [np.full(nb, -1)])
    L_evergreen = [np.zeros(nb, dtype=bool)]
    cur = np.arange(nb)
    total = nb
    for _gen in range(6):
        mat = _add_months(L_disb[-1], L_term[-1])
        p_renew = np.where(L_prod[-1] == 0, 0.8, 0.65)
        renew = (mat < _AS_OF_D - 5 * _D) & (rng.random(len(cur)) < p_renew)
        if not renew.any():
            break
        r_idx = np.nonzero(renew)[0]
        k = len(r_idx)
        ever = (L_meth[-1][r_idx] == 2) & (mat[r_idx] >= _WIN_START + 10 * _D) & (rng.random(k) < 0.06)
        gap = np.where(ever, -rng.integers(1, 6, k), rng.integers(1, 30, k))
        d = mat[r_idx] + gap * _D
        d = d.astype("M8[M]").astype("M8[D]") + np.minimum((d - d.astype("M8[M]").astype("M8[D]")).astype(int),
                                                            27) * _D
        ok = d <= _AS_OF_D - 3 * _D
        r_idx, d, ever = r_idx[ok], d[ok], ever[ok]
        k = len(r_idx)
        L_cust.append(L_cust[-1][r_idx])
        L_prod.append(L_prod[-1][r_idx])
        L_term.append(L_term[-1][r_idx])
        unit = np.where(L_prod[-1] % 5 == 0, 1e3, 1e4)
        L_amt.append(np.round(L_amt[-1][r_idx] * rng.uniform(0.9, 1.15, k) / unit) * unit)
        L_meth.append(L_meth[-1][r_idx])
        L_guar.append(L_guar[-1][r_idx])
        L_spread.append(np.clip(L_spread[-1][r_idx] + rng.integers(-4, 3, k) * 5, 50, 400))
        L_disb.append(d)
        L_prev.append(total - len(cur) + r_idx)
        L_evergreen.append(ever)
        cur = r_idx
        total += k
    l_cust = np.concatenate(L_cust)
    l_prod = np.concatenate(L_prod)
    l_term = np.concatenate(L_term)
    l_amt = np.concatenate(L_amt)
    l_meth = np.concatenate(L_meth)
    l_guar = np.concatenate(L_guar)
    l_spread = np.concatenate(L_spread)
    l_disb = np.concatenate(L_disb)
    l_prev = np.concatenate(L_prev)
    l_ever = np.concatenate(L_evergreen)
    # 按放款日排序，贷款编号按时间先后
    order = np.argsort(l_disb, kind="stable")
    inv = np.empty_like(order)
    inv[order] = np.arange(len(order))
    l_cust, l_prod, l_term, l_amt, l_meth, l_guar, l_spread, l_disb, l_ever = (
        a[order] for a in (l_cust, l_prod, l_term, l_amt, l_meth, l_guar, l_spread, l_disb, l_ever))
    l_prev = l_prev[order]
    l_prev = np.where(l_prev >= 0, inv[np.maximum(l_prev, 0)], -1)
    NL = len(l_cust)
    has_next = np.zeros(NL, dtype=bool)
    has_next[l_prev[l_prev >= 0]] = True
    l_mat = _add_months(l_disb, l_term)
    l_lpr = _lpr_on(l_disb)
    l_rate = np.round(l_lpr + l_spread / 10_000, 6)
    l_mgr = manager[l_cust]
    l_branch = branch[l_cust]
    loan_ids = _ids("L", np.arange(NL), 6)
    world.update(z=z, l_cust=l_cust, l_prod=l_prod, l_term=l_term, l_amt=l_amt, l_meth=l_meth, l_guar=l_guar,
                 l_spread=l_spread, l_disb=l_disb, l_prev=l_prev, l_ever=l_ever, NL=NL, has_next=has_next,
                 l_mat=l_mat, l_lpr=l_lpr, l_rate=l_rate, l_mgr=l_mgr, l_branch=l_branch, loan_ids=loan_ids)


def _stage_guarantors(world: _World) -> None:
    """保证贷款的担保人（此时担保图里没有环）。"""
    rng = world.legacy
    (n, l_cust, l_guar, ctype, branch, l_branch, NL, owner) = (
        world.n, world.l_cust, world.l_guar, world.ctype, world.branch, world.l_branch, world.NL, world.owner)
    # ---- 担保人：随机担保人只来自“没有保证贷款”的客户，因此担保图里原本没有环 ----
    guar_borrowers = np.zeros(n, dtype=bool)
    guar_borrowers[l_cust[l_guar == 1]] = True
    pool = np.nonzero(~guar_borrowers & (ctype != 3) & (ctype != 4))[0]
    pool = pool[np.argsort(branch[pool], kind="stable")]
    need = np.nonzero(l_guar == 1)[0]
    pick = _pick_within(rng, l_branch[need], branch[pool], 7)
    l_guarantor = np.full(NL, -1)
    l_guarantor[need] = np.where(pick >= 0, pool[np.maximum(pick, 0)], -1)
    firm_loan = need[(ctype[l_cust[need]] == 3)]
    ow = owner[l_cust[firm_loan]]
    okw = ~guar_borrowers[ow]
    l_guarantor[firm_loan[okw]] = ow[okw]  # 企业的保证贷款通常由法定代表人（企业主）担保
    l_guar[(l_guar == 1) & (l_guarantor < 0)] = 0
    world.update(l_guarantor=l_guarantor)


def _stage_credit(world: _World) -> None:
    """逾期、不良、核销、重组与五级分类；埋设经理恶化与预警客户。"""
    rng = world.legacy
    (l_mgr, l_mat, n_mgr, mgr_branch, NL, has_next, l_disb, ctype, l_cust, z, scale, l_rate, l_amt, l_term,
     l_meth) = (
        world.l_mgr, world.l_mat, world.n_mgr, world.mgr_branch, world.NL, world.has_next, world.l_disb,
        world.ctype, world.l_cust, world.z, world.scale, world.l_rate, world.l_amt, world.l_term, world.l_meth)
    # ---- 逾期、不良 ----
    bad_mgr = int(np.argmax(np.bincount(l_mgr[(l_mat > _AS_OF_D)], minlength=n_mgr)
                            * (mgr_branch >= 3)))  # 乡镇支行里贷款最多的一位经理
    stable_mgr = int(np.nonzero((mgr_branch == mgr_branch[bad_mgr]) & (np.arange(n_mgr) != bad_mgr))[0][0])
    onset = np.full(NL, np.datetime64("NaT"), dtype="M8[D]")
    used = np.zeros(NL, dtype=bool)  # 已被某个埋设模式使用
    last_in_chain = ~has_next
    elig = last_in_chain & (l_disb < _AS_OF_D - 60 * _D) & (l_mgr != bad_mgr) & (l_mgr != stable_mgr)
    p_bad = np.array([0.06, 0.05, 0.04, 0.045, 0.03])[ctype[l_cust]] * np.exp(-0.25 * z[l_cust])
    bad = elig & (rng.random(NL) < p_bad)
    hi = np.minimum(l_mat, _AS_OF_D - _D)
    lo = l_disb + 60 * _D
    span = np.maximum((hi - lo).astype(np.int64), 1)
    onset_all = lo + (rng.random(NL) ** 0.6 * span).astype(np.int64) * _D
    onset[bad] = onset_all[bad]
    # 经理恶化：近 6 个月新增逾期
    bm = np.nonzero((l_mgr == bad_mgr) & last_in_chain & (l_mat > _AS_OF_D - 30 * _D)
                    & (l_disb < _AS_OF_D - 200 * _D))[0]
    bm_pick = bm[rng.random(len(bm)) < 0.22]
    onset[bm_pick] = _AS_OF_D - rng.integers(10, 175, len(bm_pick)) * _D
    # 干扰项：同支行另一位经理的老不良，稳定不变
    sm = np.nonzero((l_mgr == stable_mgr) & last_in_chain & (l_disb < np.datetime64("2022-06-01")))[0]
    sm_pick = sm[: max(2, len(sm) // 8)]
    onset[sm_pick] = np.minimum(_AS_OF_D - rng.integers(420, 600, len(sm_pick)) * _D, l_mat[sm_pick])
    onset[sm_pick] = np.maximum(onset[sm_pick], l_disb[sm_pick] + 60 * _D)
    used[bm_pick] = True
    used[sm_pick] = True

    # 预警客户：经营类借款人，在贷正常，近几个月回款下滑、11–12 月开始逾期
    cand_w = np.nonzero(last_in_chain & np.isnat(onset) & (l_mat > _AS_OF_D + 60 * _D)
                        & (l_disb < _AS_OF_D - 240 * _D) & np.isin(ctype[l_cust], [1, 3]) & ~used)[0]
    cand_w = cand_w[np.unique(l_cust[cand_w], return_index=True)[1]]
    n_warn = min(len(cand_w), max(6, int(round(6 * scale))))
    warn_loans = rng.choice(cand_w, n_warn, replace=False) if n_warn else np.array([], dtype=int)
    onset[warn_loans] = _AS_OF_D - rng.integers(8, 45, n_warn) * _D
    used[warn_loans] = True
    warn_cust = l_cust[warn_loans]

    od = np.where(np.isnat(onset), 0, (_AS_OF_D - onset).astype("m8[D]").astype(np.int64))
    od = np.maximum(od, 0)
    onset_k = np.where(np.isnat(onset), 10_000, _months_between(l_disb, np.where(np.isnat(onset), l_disb, onset)))
    k_now = _months_between(l_disb, np.full(NL, _AS_OF_D))
    l_r = l_rate / 12
    bal_now = _sched_balance(l_amt, l_r, l_term, np.minimum(k_now, onset_k), l_meth)
    status = np.where(l_mat <= _AS_OF_D, "结清", "正常").astype(object)
    status[od > 0] = "逾期"
    bal_now[status == "结清"] = 0.0
    write_off = (od > 540) & (rng.random(NL) < 0.6) & ~used
    wo_date = np.where(write_off, onset + (rng.integers(400, 540, NL)) * _D, np.datetime64("NaT"))
    wo_date = np.where(write_off & (wo_date > _AS_OF_D), _AS_OF_D - 20 * _D, wo_date)
    status[write_off] = "核销"
    bal_now[write_off] = 0.0
    restructured = (status == "正常") & ~used & (l_disb < _AS_OF_D - 180 * _D) & (rng.random(NL) < 0.006)
    risk = np.select([od > 360, od > 270, od > 90, od > 0], [4, 3, 2, 1], 0)
    risk = np.where(restructured, np.maximum(risk, 2), risk)
    risk_cat = np.array(RISK_CATEGORIES)[risk].astype(object)
    risk_cat[status == "结清"] = "正常"
    world.update(bad_mgr=bad_mgr, stable_mgr=stable_mgr, onset=onset, used=used, bm_pick=bm_pick,
                 sm_pick=sm_pick, warn_loans=warn_loans, warn_cust=warn_cust, od=od, onset_k=onset_k, l_r=l_r,
                 bal_now=bal_now, status=status, wo_date=wo_date, restructured=restructured, risk_cat=risk_cat)


def _stage_overdue_history(world: _World) -> None:
    """逐月逾期天数与贷款余额（长表）。"""
    rng = world.legacy
    (l_disb, status, wo_date, l_mat, NL, onset, used, onset_k, l_amt, l_r, l_term, l_meth) = (
        world.l_disb, world.status, world.wo_date, world.l_mat, world.NL, world.onset, world.used, world.onset_k,
        world.l_amt, world.l_r, world.l_term, world.l_meth)
    # ---- 逐月逾期与贷款余额（长表） ----
    fm = np.maximum(_month_index(l_disb), 0)
    settle = np.where(status == "核销", wo_date, np.where(status == "结清", l_mat, np.datetime64("NaT")))
    lm = np.where(np.isnat(settle), 23, np.minimum(_month_index(np.where(np.isnat(settle), l_disb, settle)), 23))
    cnt = np.where(lm >= fm, lm - fm + 1, 0)
    oh_loan = np.repeat(np.arange(NL), cnt)
    oh_m = np.repeat(fm - np.concatenate([[0], np.cumsum(cnt)[:-1]]), cnt) + np.arange(cnt.sum())
    me = _MONTH_ENDS[oh_m]
    on = onset[oh_loan]
    oh_od = np.where(np.isnat(on) | (on > me), 0, (me - np.where(np.isnat(on), me, on)).astype(np.int64))
    # 偶发短期逾期后已结清的月份（干扰项：“逾期上升”规则应看趋势而不是单月）
    blip = (oh_od == 0) & (oh_m < 23) & (rng.random(len(oh_m)) < 0.004) & ~used[oh_loan]
    oh_od = np.where(blip, rng.integers(1, 29, len(oh_m)), oh_od)
    oh_kk = np.minimum(_months_between(l_disb[oh_loan], me), onset_k[oh_loan])
    oh_bal = _sched_balance(l_amt[oh_loan], l_r[oh_loan], l_term[oh_loan], oh_kk, l_meth[oh_loan])
    closed_m = ~np.isnat(settle[oh_loan]) & (_month_index(np.where(np.isnat(settle[oh_loan]), me,
                                                                    settle[oh_loan])) == oh_m)
    oh_bal[closed_m] = 0.0
    world.update(oh_loan=oh_loan, oh_m=oh_m, oh_od=oh_od, oh_bal=oh_bal)


def _stage_holdings(world: _World) -> None:
    """产品持有与开通日期。"""
    rng = world.legacy
    (n, status, l_cust, employer, emp, ctype, z, cluster_ids, K, cluster, start, l_disb) = (
        world.n, world.status, world.l_cust, world.employer, world.emp, world.ctype, world.z, world.cluster_ids,
        world.K, world.cluster, world.start, world.l_disb)
    # ---- 持有产品 ----
    base = np.array([  # 理财 保险 信用卡 收单 手机银行 社保卡
        [0.08, 0.30, 0.10, 0.03, 0.45, 0.80],
        [0.15, 0.20, 0.35, 0.45, 0.80, 0.40],
        [0.35, 0.30, 0.55, 0.20, 0.90, 0.40],
        [0.10, 0.15, 0.00, 0.40, 0.85, 0.00],
        [0.10, 0.10, 0.35, 0.00, 0.75, 0.60],
    ])
    has_loan_now = np.zeros(n, dtype=bool)
    active = (status == "正常") | (status == "逾期")
    has_loan_now[l_cust[active]] = True

    def logit(p):
        p = np.clip(p, 1e-4, 1 - 1e-4)
        return np.log(p / (1 - p))

    def sig(x):
        return 1 / (1 + np.exp(-x))

    hold = {}
    hold["存款"] = np.ones(n, dtype=bool)
    hold["贷款"] = has_loan_now
    payroll_firm = np.zeros(n, dtype=bool)
    payroll_firm[employer[emp]] = True
    hold["代发"] = emp | payroll_firm
    hold["手机银行"] = rng.random(n) < sig(logit(base[ctype, 4]) + 0.9 * z)
    hold["理财"] = rng.random(n) < sig(logit(base[ctype, 0]) + 1.0 * z + 0.5 * hold["手机银行"])
    ins_boost = np.where((ctype == 0) & has_loan_now, 1.3, 0.0)
    hold["保险"] = rng.random(n) < sig(logit(base[ctype, 1]) + 0.4 * z + ins_boost)
    cc_p = sig(logit(base[ctype, 2]) + 0.6 * z + np.where(hold["手机银行"], 0.8, -1.0) + 0.6 * emp)
    hold["信用卡"] = (rng.random(n) < cc_p) & (ctype != 3)
    acq_rate = np.array([_ACQ_RATE.get(c, np.nan) for c in cluster_ids])
    extra_rate = rng.uniform(0.3, 0.85, K)
    acq_rate = np.where(np.isnan(acq_rate), extra_rate, acq_rate)
    acq_p = np.where(ctype == 1, acq_rate[cluster], base[ctype, 3])
    hold["收单"] = rng.random(n) < sig(logit(acq_p) + 0.3 * z)
    hold["社保卡"] = (rng.random(n) < base[ctype, 5]) & (ctype != 3)

    h_cust, h_prod, h_since = [], [], []
    campaign = {"K01": np.datetime64("2024-03-01"), "K12": np.datetime64("2023-04-01")}
    camp_m = np.full(K, np.datetime64("NaT"), dtype="M8[D]")
    for k_id, d0 in campaign.items():
        camp_m[np.nonzero(cluster_ids == k_id)[0]] = d0
    for pi, pname in enumerate(PRODUCTS):
        idx = np.nonzero(hold[pname])[0]
        st = start[idx]
        life = np.maximum((_AS_OF_D - st).astype(np.int64), 1)
        if pname == "存款":
            since = st
        elif pname == "贷款":
            first_active = pd.Series(l_disb[active]).groupby(l_cust[active]).min()
            since = first_active.reindex(idx).to_numpy().astype("M8[D]")
        else:
            since = st + (rng.beta(1.6, 1.0, len(idx)) * life).astype(np.int64) * _D
            if pname == "收单":
                cm = camp_m[cluster[idx]]
                in_camp = ~np.isnat(cm) & (rng.random(len(idx)) < 0.55) & (cm > st)
                since = np.where(in_camp, cm + rng.integers(0, 45, len(idx)) * _D, since)
            if pname == "代发":
                e = emp[idx]
                since = np.where(e, np.maximum(since, st), since)
        h_cust.append(idx)
        h_prod.append(np.full(len(idx), pi))
        h_since.append(since)
    h_cust = np.concatenate(h_cust)
    h_prod = np.concatenate(h_prod)
    h_since = np.minimum(np.concatenate(h_since), _AS_OF_D)
    ho = np.lexsort((h_prod, h_cust))
    h_cust, h_prod, h_since = h_cust[ho], h_prod[ho], h_since[ho]
    world.update(active=active, hold=hold, h_cust=h_cust, h_prod=h_prod, h_since=h_since)


def _stage_balances(world: _World) -> None:
    """逐月日均余额。"""
    rng = world.legacy
    (ctype, z, n, warn_cust, start, hold, h_cust, h_prod, h_since, l_cust, oh_loan, oh_m, oh_bal) = (
        world.ctype, world.z, world.n, world.warn_cust, world.start, world.hold, world.h_cust, world.h_prod,
        world.h_since, world.l_cust, world.oh_loan, world.oh_m, world.oh_bal)
    # ---- 月均余额 ----
    dep_med = np.array([3e4, 8e4, 1.5e5, 6e5, 2.5e4])[ctype]
    dep_level = dep_med * np.exp(0.6 * z + rng.normal(0, 0.5, n))
    moy = np.arange(24) % 12  # 0 = 一月
    sf_month = np.array([0, 13])  # 春节所在月：2023-01-22、2024-02-10
    seas = np.ones((5, 24))
    seas[0, sf_month] += 0.35
    seas[0, np.isin(moy, [9, 10])] += 0.25
    seas[0, np.isin(moy, [2, 3])] -= 0.15
    seas[1, sf_month] += 0.20
    seas[1, sf_month - np.array([0, 1])] += 0.10
    seas[4, sf_month] += 0.25
    seas[2, sf_month] += 0.10
    seas[3, np.isin(moy, [11])] += 0.15
    trend = rng.normal(0.004, 0.01, n)
    dep = (dep_level[:, None] * seas[ctype] * np.exp(trend[:, None] * np.arange(24))
           * rng.lognormal(0, 0.08, (n, 24)))
    ramp = np.ones(24)
    ramp[18:] = np.linspace(0.85, 0.3, 6)
    dep[warn_cust] *= ramp
    start_m = _month_index(start)
    dep_mask = np.arange(24)[None, :] >= start_m[:, None]
    fin = hold["理财"]
    fin_level = np.where(fin, dep_level * rng.uniform(0.3, 1.5, n), 0.0)
    pr_idx = h_cust[h_prod == 3]
    pr_since = _month_index(h_since[h_prod == 3])

    bal_parts = []
    ci, mi = np.nonzero(dep_mask)
    bal_parts.append((ci, mi, np.zeros(len(ci), dtype=np.int8), np.round(dep[ci, mi], 2)))
    cnt_f = np.clip(24 - np.maximum(pr_since, 0), 0, 24)
    fci = np.repeat(pr_idx, cnt_f)
    fmi = np.repeat(24 - cnt_f, cnt_f) + (np.arange(cnt_f.sum()) - np.repeat(np.cumsum(cnt_f) - cnt_f, cnt_f))
    fval = fin_level[fci] * rng.lognormal(0, 0.05, len(fci))
    bal_parts.append((fci, fmi, np.full(len(fci), 3, dtype=np.int8), np.round(fval, 2)))
    lb = pd.DataFrame({"c": l_cust[oh_loan], "m": oh_m, "b": oh_bal})
    lb = lb[lb["b"] > 0].groupby(["c", "m"], sort=True)["b"].sum()
    bal_parts.append((lb.index.get_level_values(0).to_numpy(), lb.index.get_level_values(1).to_numpy(),
                      np.full(len(lb), 1, dtype=np.int8), np.round(lb.to_numpy(), 2)))
    bc = np.concatenate([p[0] for p in bal_parts])
    bm_ = np.concatenate([p[1] for p in bal_parts])
    bp_ = np.concatenate([p[2] for p in bal_parts])
    bv = np.concatenate([p[3] for p in bal_parts])
    bo = np.argsort((bc.astype(np.int64) * 24 + bm_) * 16 + bp_, kind="stable")
    bc, bm_, bp_, bv = bc[bo], bm_[bo], bp_[bo], bv[bo]
    world.update(bc=bc, bm_=bm_, bp_=bp_, bv=bv)


def _stage_flows(world: _World) -> None:
    """资金流水：放款、正常支付、经营回款、正常续贷；先为埋设模式预留贷款。"""
    rng = world.legacy
    (n, l_disb, l_cust, l_amt, NL, used, l_ever, scale, l_prev, l_prod, cluster, ctype, active, status, l_mat,
     industry, warn_cust, l_r, l_term, l_meth, loan_ids) = (
        world.n, world.l_disb, world.l_cust, world.l_amt, world.NL, world.used, world.l_ever, world.scale,
        world.l_prev, world.l_prod, world.cluster, world.ctype, world.active, world.status, world.l_mat,
        world.industry, world.warn_cust, world.l_r, world.l_term, world.l_meth, world.loan_ids)
    # ---- 资金流水 ----
    T = _Txns()
    ext_names, ext_types, ext_ids = _externals(rng, max(60, n // 20))
    n_ext = len(ext_ids)
    special = {
        "dev": ("X900001", "青禾置业有限公司", "房地产开发商"),
        "dev2": ("X900002", "禾城房地产开发有限公司", "房地产开发商"),
        "sec": ("X900003", "华禾证券青禾营业部", "证券期货公司"),
        "fut": ("X900004", "禾丰期货有限公司", "证券期货公司"),
        "wm": ("X900005", "青禾农商银行理财产品（禾盈 1 号）", "理财产品"),
        "decoy": ("X900006", "青禾置业装饰材料商行", "企业"),
        "sales": ("X000000", "销售回款（汇总）", "企业"),
    }
    win = np.nonzero((l_disb >= _WIN_START) & (l_disb <= _AS_OF_D))[0]
    # 放款
    disb_pid = T.add(owner=l_cust[win], loan=win, date=l_disb[win], dirn="入", amt=l_amt[win],
                     cp_id=np.full(len(win), "X999999"), cp_name=np.full(len(win), "青禾农商银行贷款发放"),
                     cp_type=np.full(len(win), "放款"), memo=np.full(len(win), "贷款发放"))
    disb_pid_arr = np.full(NL, -1)
    disb_pid_arr[win] = disb_pid

    # 预留埋设名单（在正常支付之前挑选，好让正常支付让出份额）
    cand = win[~used[win] & ~l_ever[win] & (l_disb[win] <= _AS_OF_D - 25 * _D)]
    cand = rng.permutation(cand)
    n_hl = max(6, int(round(6 * scale)))
    n_rs = max(5, int(round(5 * scale)))
    n_nm = max(6, int(round(6 * scale)))
    hl = cand[:n_hl]
    rs = cand[n_hl:n_hl + n_rs]
    near = cand[n_hl + n_rs:n_hl + n_rs + n_nm]
    used[np.concatenate([hl, rs, near])] = True
    hl_frac = np.round(rng.uniform(0.2, 1.0, len(hl)), 2)
    rs_frac = np.round(rng.uniform(0.3, 0.9, len(rs)), 2)
    # 以贷还贷：先息后本续贷中“先放新贷、几天内还旧贷”
    ev = np.nonzero(l_ever & (l_disb >= _WIN_START))[0]
    n_ev_max = max(4, int(round(4 * scale)))
    ev = ev[:n_ev_max]
    prev_bal = l_amt[l_prev[ev]]
    ev_frac = np.minimum(prev_bal / l_amt[ev], 1.0)
    used[ev] = True
    l_ever[np.setdiff1d(np.nonzero(l_ever)[0], ev)] = False  # 多余的“提前续贷”按正常续贷处理
    # 集中使用：同一客群里放款日期相近的几笔农户贷款，全额转给同一个人
    n_grp = max(2, int(round(2 * scale)))
    conc_groups = []
    pool_c = win[~used[win] & (l_prod[win] == 0) & (l_disb[win] <= _AS_OF_D - 25 * _D)]
    pool_c = pool_c[np.lexsort((l_disb[pool_c], cluster[l_cust[pool_c]]))]
    cl_of = cluster[l_cust[pool_c]]
    cl_u, cl_start, cl_cnt = np.unique(cl_of, return_index=True, return_counts=True)
    for j in rng.permutation(len(cl_u)):
        if len(conc_groups) >= n_grp:
            break
        members = pool_c[cl_start[j]:cl_start[j] + cl_cnt[j]]
        m_size = min(int(rng.integers(3, 6)), len(members))
        if m_size < 3:
            continue
        spans = (l_disb[members[m_size - 1:]] - l_disb[members[: len(members) - m_size + 1]]).astype(np.int64)
        s0 = int(np.argmin(spans))
        grp = members[s0:s0 + m_size]
        if len(np.unique(l_cust[grp])) < m_size or spans[s0] > 60:
            continue
        conc_groups.append(grp)
        used[grp] = True
    conc_all = np.concatenate(conc_groups) if conc_groups else np.array([], dtype=int)

    # 正常支付：每笔 2–4 次，单笔不超过贷款的 70%
    reserved = np.zeros(NL)
    reserved[hl] = hl_frac
    reserved[rs] = rs_frac
    reserved[ev] = ev_frac
    reserved[conc_all] = 1.0
    k_pay = rng.integers(2, 5, len(win))
    tot_share = rng.uniform(0.85, 1.0, len(win)) * (1 - reserved[win])
    pay_loan = np.repeat(win, k_pay)
    u_w = rng.uniform(0.6, 1.4, len(pay_loan))
    grp_sum = np.repeat(np.add.reduceat(u_w, np.concatenate([[0], np.cumsum(k_pay)[:-1]])), k_pay)
    pay_amt = np.round(l_amt[pay_loan] * np.repeat(tot_share, k_pay) * u_w / grp_sum, 2)
    first = np.concatenate([[True], np.diff(pay_loan) != 0])
    off = np.where(first, rng.integers(0, 4, len(pay_loan)), rng.integers(1, 21, len(pay_loan)))
    pay_date = np.minimum(l_disb[pay_loan] + off * _D, _AS_OF_D)
    # 供应商：按借款类型选不同的池
    ext_grp = np.array([0, 1, 2, 2, 2, 3])[l_prod[pay_loan]]
    ext_pick = _pick_by_group(rng, ext_grp, ext_types, 4)
    keep = pay_amt >= 1.0
    T.add(owner=l_cust[pay_loan][keep], loan=pay_loan[keep], date=pay_date[keep], dirn="出", amt=pay_amt[keep],
          cp_id=ext_ids[ext_pick][keep], cp_name=ext_names[ext_pick][keep],
          cp_type=np.where(ext_types[ext_pick] == 4, "个人", "企业")[keep], memo=np.full(keep.sum(), "支付货款"))

    # 经营回款（2024 年逐月），供贷后预警使用
    biz = np.isin(ctype, [1, 2, 3])
    loans_2024 = active | ((status == "结清") & (l_mat >= np.datetime64("2024-01-01")))
    biz_b = np.unique(l_cust[loans_2024 & biz[l_cust]])
    annual = pd.Series(l_amt[loans_2024]).groupby(l_cust[loans_2024]).max().reindex(biz_b).to_numpy()
    monthly = annual * rng.uniform(2.5, 6.0, len(biz_b)) / 12
    seas_in = np.ones((len(biz_b), 12))
    seas_in[:, 0] += 0.25
    seas_in[:, 1] += 0.10
    seasonal_nm = np.nonzero(np.isin(industry[biz_b], ["农贸零售"]) & ~np.isin(biz_b, warn_cust))[0]
    seasonal_nm = seasonal_nm[: max(3, int(round(3 * scale)))]
    seas_in[np.ix_(seasonal_nm, [5, 6, 7])] = 0.5  # 夏季淡季，9 月起回升
    wr = np.isin(biz_b, warn_cust)
    seas_in[wr, 6:] *= np.linspace(0.9, 0.3, 6)
    inflow = monthly[:, None] * seas_in * rng.lognormal(0, 0.1, (len(biz_b), 12))
    ic = np.repeat(biz_b, 12)
    im = np.tile(np.arange(12), len(biz_b))
    idate = (np.datetime64("2024-01", "M") + im.astype("m8[M]")).astype("M8[D]") + 24 * _D
    inflow_pid = T.add(owner=ic, loan=np.full(len(ic), -1), date=idate, dirn="入",
                       amt=np.round(inflow.ravel(), 2), cp_id=np.full(len(ic), special["sales"][0]),
                       cp_name=np.full(len(ic), special["sales"][1]),
                       cp_type=np.where(ctype[ic] == 1, "个人", "企业"), memo=np.full(len(ic), "经营收入"))

    # 正常续贷：到期用自有资金还旧贷，再放新贷（干扰项：与新放款相隔几天，但不是贷款资金）
    ren = np.nonzero((l_prev >= 0) & ~l_ever & (l_disb >= _WIN_START + 31 * _D))[0]
    old = l_prev[ren]
    rep_date = np.minimum(l_mat[old], l_disb[ren] - _D)
    rep_amt = _sched_balance(l_amt[old], l_r[old], l_term[old], l_term[old] - 1, l_meth[old])
    rep_pid = T.add(owner=l_cust[ren], loan=np.full(len(ren), -1), date=rep_date, dirn="出", amt=rep_amt,
                    cp_id=loan_ids[old], cp_name=np.full(len(ren), "归还本行贷款"),
                    cp_type=np.full(len(ren), "本行贷款"), memo=np.full(len(ren), "到期还款"))
    world.update(T=T, ext_names=ext_names, ext_types=ext_types, ext_ids=ext_ids, special=special,
                 disb_pid_arr=disb_pid_arr, hl=hl, rs=rs, near=near, hl_frac=hl_frac, rs_frac=rs_frac, ev=ev,
                 conc_groups=conc_groups, ext_pick=ext_pick, keep=keep, biz_b=biz_b, seasonal_nm=seasonal_nm,
                 inflow=inflow, inflow_pid=inflow_pid, ren=ren, rep_pid=rep_pid)


def _stage_relations(world: _World) -> None:
    """关联组内的另一人，以及答案表与干扰项表的空列表。"""
    n, group, names = world.n, world.group, world.names
    # 每个关联组恰好两人（企业与企业主、或一对家庭成员）：mate 为组内另一人
    mate = np.full(n, -1)
    gi_sorted = np.argsort(np.where(group >= 0, group, np.iinfo(np.int64).max), kind="stable")
    n_in = int((group >= 0).sum())
    pairs_ = gi_sorted[:n_in].reshape(-1, 2)
    mate[pairs_[:, 0]] = pairs_[:, 1]
    mate[pairs_[:, 1]] = pairs_[:, 0]
    truth_rows: list[dict] = []
    near_rows: list[dict] = []
    cust_name = names
    world.update(mate=mate, truth_rows=truth_rows, near_rows=near_rows, cust_name=cust_name)


def _plant_reflow(world: _World) -> None:
    """埋设“回流”及其干扰项。"""
    rng = world.legacy
    (l_cust, l_guarantor, ctype, owner, mate, cust_name, hl, l_amt, hl_frac, T, l_disb, cust_ids, truth_rows,
     loan_ids, disb_pid_arr, near, near_rows) = (
        world.l_cust, world.l_guarantor, world.ctype, world.owner, world.mate, world.cust_name, world.hl,
        world.l_amt, world.hl_frac, world.T, world.l_disb, world.cust_ids, world.truth_rows, world.loan_ids,
        world.disb_pid_arr, world.near, world.near_rows)
    # 回流
    def related_target(li):
        c = l_cust[li]
        opts = [("本人他行账户", c, f"{cust_name[c]}（他行账户）", "转入本人他行账户")]
        if l_guarantor[li] >= 0:
            g = l_guarantor[li]
            opts.append(("担保人", g, cust_name[g], "转给担保人"))
        if ctype[c] == 3:
            o = owner[c]
            opts.append(("关联方", o, cust_name[o], "转给法定代表人"))
        if mate[c] >= 0:
            opts.append(("关联方", mate[c], cust_name[mate[c]], "转给关联方（家庭/企业成员）"))
        return opts

    for j, li in enumerate(hl):
        opts = related_target(li)
        typ, cp, cpn, memo = opts[j % len(opts)]
        days = int(rng.integers(0, 4))
        amt = round(float(l_amt[li] * hl_frac[j]), 2)
        pid = T.add1(l_cust[li], li, l_disb[li] + days * _D, "出", amt, cust_ids[cp], cpn, typ, memo)
        truth_rows.append(dict(kind="回流", entity=loan_ids[li],
                               detail=f"放款 {_txt(l_amt[li])}后第 {days} 天{memo} {_txt(amt)}"
                                      f"（占 {hl_frac[j] * 100:.0f}%）", pids=[disb_pid_arr[li], pid]))
    # 回流干扰项：10 天以后转本人他行；或 15% 转担保人
    for j, li in enumerate(near[: len(near) // 2]):
        c = l_cust[li]
        if j % 2 == 0:
            days, frac = int(rng.integers(10, 20)), 0.4
            pid = T.add1(c, li, min(l_disb[li] + days * _D, _AS_OF_D), "出", round(l_amt[li] * frac, 2),
                         cust_ids[c], f"{cust_name[c]}（他行账户）", "本人他行账户", "转入本人他行账户")
            det = f"放款后第 {days} 天转入本人他行账户 40%：超出 3 天窗口"
        else:
            days, frac = 1, 0.15
            g = l_guarantor[li] if l_guarantor[li] >= 0 else c
            typ = "担保人" if l_guarantor[li] >= 0 else "本人他行账户"
            pid = T.add1(c, li, l_disb[li] + _D, "出", round(l_amt[li] * frac, 2), cust_ids[g],
                         cust_name[g] if g != c else f"{cust_name[c]}（他行账户）", typ, "转账")
            det = f"放款次日转出 15% 给{typ}：低于 20% 门槛"
        near_rows.append(dict(kind="回流", entity=loan_ids[li], detail=det, pids=[pid]))


def _plant_restricted(world: _World) -> None:
    """埋设“流入限制性领域”及其干扰项。"""
    rng = world.legacy
    (rs, special, l_amt, rs_frac, T, l_cust, l_disb, truth_rows, loan_ids, disb_pid_arr, near, near_rows) = (
        world.rs, world.special, world.l_amt, world.rs_frac, world.T, world.l_cust, world.l_disb, world.truth_rows,
        world.loan_ids, world.disb_pid_arr, world.near, world.near_rows)
    # 流入限制性领域
    rs_targets = ["dev", "sec", "wm", "dev2", "fut"]
    for j, li in enumerate(rs):
        key = rs_targets[j % len(rs_targets)]
        cpid, cpn, typ = special[key]
        days = int(rng.integers(1, 21))
        amt = round(float(l_amt[li] * rs_frac[j]), 2)
        memo = {"房地产开发商": "购房款", "证券期货公司": "银证转账", "理财产品": "购买理财"}[typ]
        pid = T.add1(l_cust[li], li, min(l_disb[li] + days * _D, _AS_OF_D), "出", amt, cpid, cpn, typ, memo)
        truth_rows.append(dict(kind="流入限制性领域", entity=loan_ids[li],
                               detail=f"放款后第 {days} 天将 {_txt(amt)}付给{typ}（{cpn}）",
                               pids=[disb_pid_arr[li], pid]))
    for j, li in enumerate(near[len(near) // 2:]):
        c = l_cust[li]
        if j % 2 == 0:
            cpid, cpn, typ = special["decoy"]
            pid = T.add1(c, li, l_disb[li] + 2 * _D, "出", round(l_amt[li] * 0.5, 2), cpid, cpn, typ, "支付货款")
            det = "收款方名字含“置业”，实为装饰材料商行（企业），不属于限制性领域"
        else:
            cpid, cpn, typ = special["dev"]
            d = min(l_disb[li] + 120 * _D, _AS_OF_D)
            pid = T.add1(c, -1, d, "出", round(l_amt[li] * 0.6, 2), cpid, cpn, typ, "购房首付（自有资金）")
            det = "付给房地产开发商的是自有资金（不属于贷款资金），且在放款 120 天后"
        near_rows.append(dict(kind="流入限制性领域", entity=loan_ids[li], detail=det, pids=[pid]))


def _plant_loan_repays_loan(world: _World) -> None:
    """埋设“以贷还贷”及其干扰项（正常续贷）。"""
    rng = world.legacy
    (ev, l_prev, l_amt, T, l_cust, l_disb, loan_ids, truth_rows, l_mat, disb_pid_arr, ren, near_rows, rep_pid) = (
        world.ev, world.l_prev, world.l_amt, world.T, world.l_cust, world.l_disb, world.loan_ids, world.truth_rows,
        world.l_mat, world.disb_pid_arr, world.ren, world.near_rows, world.rep_pid)
    # 以贷还贷
    for j, li in enumerate(ev):
        old_l = l_prev[li]
        days = int(rng.integers(0, 4))
        amt = round(float(l_amt[old_l]), 2)
        pid = T.add1(l_cust[li], li, min(l_disb[li] + days * _D, _AS_OF_D), "出", amt, loan_ids[old_l],
                     "归还本行贷款", "本行贷款", "还款")
        truth_rows.append(dict(kind="以贷还贷", entity=loan_ids[li],
                               detail=f"新贷 {_txt(l_amt[li])}放款后第 {days} 天归还本行旧贷 {loan_ids[old_l]}"
                                      f"（{_txt(amt)}），旧贷到期日 {pd.Timestamp(l_mat[old_l]):%Y-%m-%d}",
                               pids=[disb_pid_arr[li], pid]))
    if len(ren):
        for r in ren[:3]:
            near_rows.append(dict(kind="以贷还贷", entity=loan_ids[r],
                                  detail="到期先用自有资金还清旧贷，之后才放新贷：正常续贷",
                                  pids=[rep_pid[np.nonzero(ren == r)[0][0]]]))


def _plant_concentrated(world: _World) -> None:
    """埋设“集中使用”及其干扰项。"""
    rng = world.legacy
    (conc_groups, l_amt, disb_pid_arr, T, l_cust, l_disb, clusters, cluster, truth_rows, loan_ids, ext_types,
     ext_pick, keep, near_rows, ext_ids, ext_names) = (
        world.conc_groups, world.l_amt, world.disb_pid_arr, world.T, world.l_cust, world.l_disb, world.clusters,
        world.cluster, world.truth_rows, world.loan_ids, world.ext_types, world.ext_pick, world.keep,
        world.near_rows, world.ext_ids, world.ext_names)
    # 集中使用：放款日期最多相隔 60 天，先放款的几户把钱在账上压一段时间，再在同一段时间里转出——
    # 全部转出落在最后一笔放款前 _CONC_HOLD_DAYS 天到其后 2 天之内，不超过规则的 30 天窗口（ScanParams.converge_days）
    for gi, grp in enumerate(conc_groups):
        pname = _person_names(rng, 1)[0]
        cpid = f"X8{gi + 1:05d}"
        pids = []
        send_from = l_disb[grp].max() - _CONC_HOLD_DAYS * _D
        for li in grp:
            days = int(rng.integers(0, 3))
            amt = round(float(l_amt[li] * rng.uniform(0.95, 1.0)), 2)
            pids += [disb_pid_arr[li], T.add1(l_cust[li], li, max(l_disb[li], send_from) + days * _D, "出", amt,
                                              cpid, pname, "个人", "转账")]
        cl_name = clusters["name"].iloc[cluster[l_cust[grp[0]]]]
        truth_rows.append(dict(kind="集中使用", entity=cpid,
                               detail=f"{cl_name} {len(grp)} 户借款人的贷款几乎全额转给同一个人（{pname}），"
                                      f"涉及贷款 {'、'.join(loan_ids[grp])}", pids=pids))
    # 集中使用干扰项：农资公司同时收到很多农户的部分货款
    farm_pay = np.nonzero((ext_types[ext_pick] == 0) & keep)[0]
    if len(farm_pay):
        top_sup = np.bincount(ext_pick[farm_pay]).argmax()
        near_rows.append(dict(kind="集中使用", entity=ext_ids[top_sup],
                              detail=f"{ext_names[top_sup]}收到许多农户的货款，但每户只占贷款的一部分、"
                                     f"时间分散：常见的农资供应商", pids=[]))


def _plant_guarantee_rings(world: _World) -> None:
    """埋设担保圈（改写几笔保证贷款的担保人）与不闭合的担保链。"""
    rng = world.legacy
    (l_guar, status, used, l_cust, scale, l_guarantor, cust_ids, truth_rows, cust_name, loan_ids, near_rows) = (
        world.l_guar, world.status, world.used, world.l_cust, world.scale, world.l_guarantor, world.cust_ids,
        world.truth_rows, world.cust_name, world.loan_ids, world.near_rows)
    # 担保圈与担保链（干扰项）
    cur_g = np.nonzero((l_guar == 1) & (status == "正常") & ~used)[0]
    cur_g = cur_g[np.unique(l_cust[cur_g], return_index=True)[1]]
    cur_g = rng.permutation(cur_g)
    n_cyc = max(3, int(round(3 * scale)))
    pos_g = 0
    for ci_ in range(n_cyc):
        length = 2 + ci_ % 3
        if pos_g + length > len(cur_g):
            break
        ring = cur_g[pos_g:pos_g + length]
        pos_g += length
        borrowers_ = l_cust[ring]
        for a in range(length):
            l_guarantor[ring[a]] = borrowers_[(a + 1) % length]
        used[ring] = True
        # entity：担保方向 A>B 表示 A 为 B 担保；这里从第一个借款人的担保人出发沿担保方向走一圈
        seq = [borrowers_[(length - a) % length] for a in range(length)]
        seq_ids = [cust_ids[s] for s in seq]
        truth_rows.append(dict(kind="担保圈", entity=">".join(seq_ids),
                               detail=f"{length} 户互相担保成环：" + "→".join(cust_name[s] for s in seq)
                                      + f"→{cust_name[seq[0]]}，涉及贷款 {'、'.join(loan_ids[ring])}", pids=[]))
    for _ in range(max(1, int(round(scale)))):
        if pos_g + 2 > len(cur_g):
            break
        b_, c_ = cur_g[pos_g], cur_g[pos_g + 1]
        pos_g += 2
        l_guarantor[c_] = l_cust[b_]  # B 为 C 担保；B 的担保人来自外部，链不闭合
        used[[b_, c_]] = True
        near_rows.append(dict(kind="担保圈", entity=f"{cust_ids[l_guarantor[b_]]}>{cust_ids[l_cust[b_]]}>"
                                                    f"{cust_ids[l_cust[c_]]}",
                              detail="担保链（A 为 B 担保、B 为 C 担保）但没有闭合成环", pids=[]))


def _plant_warnings(world: _World) -> None:
    """预警客户的答案行与季节性干扰项。"""
    (inflow_pid, biz_b, warn_loans, l_cust, inflow, truth_rows, cust_ids, loan_ids, od, seasonal_nm, near_rows) = (
        world.inflow_pid, world.biz_b, world.warn_loans, world.l_cust, world.inflow, world.truth_rows,
        world.cust_ids, world.loan_ids, world.od, world.seasonal_nm, world.near_rows)
    # 预警
    in_pid = inflow_pid.reshape(len(biz_b), 12)
    for li in warn_loans:
        c = l_cust[li]
        row = np.searchsorted(biz_b, c)
        before = inflow[row, :6].mean()
        after = inflow[row, 9:].mean()
        truth_rows.append(dict(kind="预警", entity=cust_ids[c],
                               detail=f"2024 年下半年经营回款持续下滑（10–12 月月均 {_txt(after)}，上半年 {_txt(before)}），"
                                      f"存款余额同步下降，贷款 {loan_ids[li]} 已逾期 {od[li]} 天",
                               pids=list(in_pid[row, 6:])))
    for r in seasonal_nm:
        near_rows.append(dict(kind="预警", entity=cust_ids[biz_b[r]],
                              detail="6–8 月回款减半，是农贸零售的季节性淡季，9 月起已回升", pids=[]))


def _plant_next_product(world: _World) -> None:
    """下一产品（收单）的答案行与信号不足的干扰项。"""
    (ctype, hold, cluster, K, ckind, truth_rows, cust_ids, clusters, near_rows, cluster_ids) = (
        world.ctype, world.hold, world.cluster, world.K, world.ckind, world.truth_rows, world.cust_ids,
        world.clusters, world.near_rows, world.cluster_ids)
    # 下一产品：高渗透市场里没开通收单的个体工商户
    is_shop = ctype == 1
    acq = hold["收单"]
    pen = np.bincount(cluster[is_shop], weights=acq[is_shop], minlength=K) / np.maximum(
        np.bincount(cluster[is_shop], minlength=K), 1)
    n_shop = np.bincount(cluster[is_shop], minlength=K)
    hot = (ckind == "市场") & (pen >= 0.8) & (n_shop >= 20)
    targets = np.nonzero(is_shop & ~acq & hot[cluster])[0]
    for c in targets:
        truth_rows.append(dict(kind="下一产品", entity=cust_ids[c],
                               detail=f"{clusters['name'].iloc[cluster[c]]}有 {pen[cluster[c]] * 100:.0f}% 的个体工商户"
                                      f"已开通收单，本户未开通：下一产品为收单", pids=[]))
    cold = np.nonzero((pen < 0.5) & (n_shop >= 20))[0]
    for k_ in cold[:2]:
        near_rows.append(dict(kind="下一产品", entity=cluster_ids[k_],
                              detail=f"{clusters['name'].iloc[k_]}收单开通率只有 {pen[k_] * 100:.0f}%，"
                                     f"同群信号不足，不能据此断定每户都该开通", pids=[]))


def _plant_manager_decline(world: _World) -> None:
    """经理恶化的答案行与稳定的老逾期干扰项。"""
    (l_mgr, oh_loan, oh_m, oh_od, bad_mgr, truth_rows, mgr_ids, mgr_names, bm_pick, near_rows, stable_mgr,
     sm_pick) = (
        world.l_mgr, world.oh_loan, world.oh_m, world.oh_od, world.bad_mgr, world.truth_rows, world.mgr_ids,
        world.mgr_names, world.bm_pick, world.near_rows, world.stable_mgr, world.sm_pick)
    # 经理恶化
    oh_mgr = l_mgr[oh_loan]
    def overdue_rate(mgr, m):
        sel = (oh_mgr == mgr) & (oh_m == m)
        return (oh_od[sel] > 0).mean() if sel.any() else 0.0
    r0, r1 = overdue_rate(bad_mgr, 17), overdue_rate(bad_mgr, 23)
    truth_rows.append(dict(kind="经理恶化", entity=mgr_ids[bad_mgr],
                           detail=f"{mgr_names[bad_mgr]}管户贷款的逾期笔数占比由 2024 年 6 月末的 {r0 * 100:.1f}% "
                                  f"升至 12 月末的 {r1 * 100:.1f}%，近 6 个月新增逾期 {len(bm_pick)} 笔", pids=[]))
    near_rows.append(dict(kind="经理恶化", entity=mgr_ids[stable_mgr],
                          detail=f"{mgr_names[stable_mgr]}名下有 {len(sm_pick)} 笔 2023 年以前形成的老逾期，"
                                 f"水平高但不再上升", pids=[]))


def _stage_manager_tenure(w: _World) -> None:
    """客户经理的从业年限（旧流的最后一次抽样，放在最后是为了保持历史数字不变）。"""
    w.update(mgr_tenure=w.legacy.integers(1, 21, w.n_mgr).astype(np.int64))


def _stage_number_transactions(w: _World) -> None:
    """流水按日期排序后编号；记下临时编号到正式编号的对应。"""
    tx = w.T.frame()
    tx_order = np.argsort(tx["date"].to_numpy().astype(np.int64) * (1 << 32) + tx["pid"].to_numpy(), kind="stable")
    final_of_pid = np.empty(len(tx), dtype=np.int64)
    final_of_pid[tx["pid"].to_numpy()[tx_order]] = np.arange(len(tx))
    tx = tx.iloc[tx_order].reset_index(drop=True)
    w.update(tx=tx, final_of_pid=final_of_pid, txn_ids=_ids("T", np.arange(len(tx)), 8))


#: 旧随机流的消费顺序（见上方说明：不要调换，也不要在其中增删抽样）
_LEGACY_STAGES = (
    _stage_places, _stage_customers, _stage_loans, _stage_guarantors, _stage_credit, _stage_overdue_history,
    _stage_holdings, _stage_balances, _stage_flows, _stage_relations,
    _plant_reflow, _plant_restricted, _plant_loan_repays_loan, _plant_concentrated, _plant_guarantee_rings,
    _plant_warnings, _plant_next_product, _plant_manager_decline,
    _stage_manager_tenure, _stage_number_transactions,
)


# ---------------------------------------------------------------------------------------------
# 每张表一个构建函数（不抽随机数）
# ---------------------------------------------------------------------------------------------
def _table_branches(w: _World) -> pd.DataFrame:
    return w.branches


def _table_clusters(w: _World) -> pd.DataFrame:
    return w.clusters[["cluster_id", "name", "kind", "branch_id", "x", "y"]]


def _table_managers(w: _World) -> pd.DataFrame:
    # 经理目标（按现有组合上浮约 10%，示意）
    port = pd.Series(w.bal_now).groupby(w.l_mgr).sum().reindex(range(w.n_mgr), fill_value=0).to_numpy()
    n_cust_m = np.bincount(w.manager, minlength=w.n_mgr)
    team_names = np.array(["城区一组", "城区二组", "园区组", "东岭组", "西河组", "南坪组", "北塘组"])
    return pd.DataFrame({
        "manager_id": pd.array(w.mgr_ids, dtype="str"),
        "name": pd.array(w.mgr_names.astype(str), dtype="str"),
        "branch_id": pd.array(w.branch_ids[w.mgr_branch], dtype="str"),
        "team": pd.array(team_names[w.mgr_branch], dtype="str"),
        "tenure_years": w.mgr_tenure,
        "target_loans": np.round(port * 1.1 / 1e6 + 0.5) * 1e6,
        "target_customers": (np.round(n_cust_m * 1.1 / 10 + 0.5) * 10).astype(np.int64),
    })


def _table_customers(w: _World) -> pd.DataFrame:
    ctype, owner, group, cust_ids = w.ctype, w.owner, w.group, w.cust_ids
    customers = pd.DataFrame({
        "customer_id": pd.array(cust_ids, dtype="str"),
        "name": pd.array(w.names.astype(str), dtype="str"),
        "ctype": _cat(np.array(CTYPES)[ctype], CTYPES),
        "industry": pd.Categorical(w.industry.astype(str)),
        "cluster_id": pd.Categorical(w.cluster_ids[w.cluster], categories=list(w.cluster_ids)),
        "branch_id": pd.Categorical(w.branch_ids[w.branch], categories=list(w.branch_ids)),
        "manager_id": pd.Categorical(w.mgr_ids[w.manager], categories=list(w.mgr_ids)),
        "age_band": pd.Series(w.age_band).astype("category"),
        "tenure_years": w.tenure.astype(np.int64),
        "employer_id": pd.array(_cid(cust_ids, w.employer), dtype="object"),
        "owner_id": pd.array(_cid(cust_ids, np.where(ctype == 3, owner, -1)), dtype="object"),
        "group_id": pd.array(np.where(group >= 0, np.strings.add("G", _zfill(np.maximum(group, 0) + 1, 5)),
                                      None).astype(object), dtype="object"),
        "id_number": pd.array(w.id_number.astype(str), dtype="str"),
        "phone": pd.array(w.phone, dtype="str"),
    })
    for col in ("employer_id", "owner_id", "group_id"):
        customers[col] = customers[col].astype(object).where(customers[col].notna(), None)
    return customers


def _table_products(w: _World) -> pd.DataFrame:
    return _products()


def _table_holdings(w: _World) -> pd.DataFrame:
    return pd.DataFrame({
        "customer_id": pd.Categorical.from_codes(w.h_cust, dtype=w.cust_cat),
        "product": pd.Categorical.from_codes(w.h_prod, categories=list(PRODUCTS)),
        "since": w.h_since.astype("M8[ns]"),
    })


def _table_balances(w: _World) -> pd.DataFrame:
    return pd.DataFrame({
        "customer_id": pd.Categorical.from_codes(w.bc, dtype=w.cust_cat),
        "month": MONTHS.values[w.bm_].astype("M8[ns]"),
        "product": pd.Categorical.from_codes(w.bp_.astype(np.int64), categories=list(PRODUCTS)),
        "avg_balance": w.bv.astype(float),
    })


def _table_loans(w: _World) -> pd.DataFrame:
    cust_ids, loan_ids, status = w.cust_ids, w.loan_ids, w.status
    status_arr = status.astype(str)
    loans = pd.DataFrame({
        "loan_id": pd.array(loan_ids, dtype="str"),
        "customer_id": pd.array(cust_ids[w.l_cust], dtype="str"),
        "manager_id": pd.array(w.mgr_ids[w.l_mgr], dtype="str"),
        "branch_id": pd.array(w.branch_ids[w.l_branch], dtype="str"),
        "product": _cat(np.array(["农户小额信用贷", "商户经营贷", "抵押经营贷", "小微流动资金贷", "设备贷",
                                  "工薪消费贷"])[w.l_prod],
                        ["农户小额信用贷", "商户经营贷", "抵押经营贷", "小微流动资金贷", "设备贷", "工薪消费贷"]),
        "amount": w.l_amt.astype(float),
        "lpr": w.l_lpr,
        "spread_bp": w.l_spread.astype(np.int64),
        "rate": w.l_rate,
        "term_months": w.l_term.astype(np.int64),
        "method": _cat(np.array(["等额本息", "等额本金", "先息后本"])[w.l_meth], ["等额本息", "等额本金", "先息后本"]),
        "guarantee": _cat(np.array(["信用", "保证", "抵押", "质押"])[w.l_guar], ["信用", "保证", "抵押", "质押"]),
        "guarantor_id": pd.array(_cid(cust_ids, w.l_guarantor), dtype="object"),
        "disburse_date": w.l_disb.astype("M8[ns]"),
        "maturity_date": w.l_mat.astype("M8[ns]"),
        "status": _cat(status_arr, ["正常", "逾期", "结清", "核销"]),
        "balance": w.bal_now.astype(float),
        "overdue_days": w.od.astype(np.int64),
        "risk_category": _cat(w.risk_cat.astype(str), RISK_CATEGORIES),
        "restructured": w.restructured,
    })
    loans["guarantor_id"] = loans["guarantor_id"].astype(object).where(loans["guarantor_id"].notna(), None)
    return loans


def _table_overdue_history(w: _World) -> pd.DataFrame:
    return pd.DataFrame({
        "loan_id": pd.Categorical.from_codes(w.oh_loan, dtype=pd.CategoricalDtype(list(w.loan_ids))),
        "month": MONTHS.values[w.oh_m].astype("M8[ns]"),
        "overdue_days": w.oh_od.astype(np.int64),
    })


def _table_guarantees(w: _World) -> pd.DataFrame:
    gsel = w.l_guarantor >= 0
    return pd.DataFrame({
        "guarantor_id": pd.array(w.cust_ids[w.l_guarantor[gsel]], dtype="str"),
        "borrower_id": pd.array(w.cust_ids[w.l_cust[gsel]], dtype="str"),
        "loan_id": pd.array(w.loan_ids[gsel], dtype="str"),
    })


def _table_transactions(w: _World) -> pd.DataFrame:
    tx = w.tx
    return pd.DataFrame({
        "txn_id": pd.array(w.txn_ids, dtype="str"),
        "account_owner": pd.Categorical.from_codes(tx["owner"].to_numpy(), dtype=w.cust_cat),
        "loan_id": pd.Categorical.from_codes(tx["loan"].to_numpy(), categories=list(w.loan_ids)),
        "date": tx["date"].to_numpy().astype("M8[ns]"),
        "direction": _cat(tx["dirn"].to_numpy(), ["入", "出"]),
        "amount": tx["amt"].to_numpy(float),
        "counterparty_id": pd.Categorical(tx["cp_id"].to_numpy()),
        "counterparty_name": pd.Categorical(tx["cp_name"].to_numpy()),
        "counterparty_type": _cat(tx["cp_type"].to_numpy(), COUNTERPARTY_TYPES),
        "memo": pd.Categorical(tx["memo"].to_numpy()),
    })


def _pack(w: _World, rows: list[dict], prefix: str) -> pd.DataFrame:
    out = []
    for i, r in enumerate(rows):
        ids_ = tuple(f"T{w.final_of_pid[p] + 1:08d}" for p in r["pids"] if p >= 0)
        out.append({"pattern_id": f"{prefix}{i + 1:04d}", "kind": r["kind"], "entity": r["entity"],
                    "detail": r["detail"], "txn_ids": ids_})
    return pd.DataFrame(out, columns=["pattern_id", "kind", "entity", "detail", "txn_ids"])


def _table_truth(w: _World) -> pd.DataFrame:
    return _pack(w, w.truth_rows, "P")


def _table_near_misses(w: _World) -> pd.DataFrame:
    return _pack(w, w.near_rows, "N")


_TABLE_BUILDERS = {
    "branches": _table_branches, "clusters": _table_clusters, "managers": _table_managers,
    "customers": _table_customers, "products": _table_products, "holdings": _table_holdings,
    "balances": _table_balances, "loans": _table_loans, "overdue_history": _table_overdue_history,
    "guarantees": _table_guarantees, "transactions": _table_transactions, "truth": _table_truth,
    "near_misses": _table_near_misses,
}


def _products() -> pd.DataFrame:
    rows = [
        ("存款", "负债业务", "日均余额 × 存款 FTP 利差", 0.012, np.nan),
        ("贷款", "资产业务", "日均余额 ×（利率 − 贷款 FTP）", 0.020, np.nan),
        ("代发", "中间业务", "每位代发员工每年", np.nan, 60.0),
        ("理财", "中间业务", "日均规模 × 销售服务费率", 0.004, np.nan),
        ("保险", "中间业务", "每张保单每年代理手续费", np.nan, 200.0),
        ("信用卡", "中间业务", "每张活跃卡每年净收入", np.nan, 150.0),
        ("收单", "中间业务", "收单交易额 × 净费率", 0.0015, np.nan),
        ("手机银行", "渠道", "渠道产品，不单独计收入", np.nan, 0.0),
        ("社保卡", "渠道", "渠道产品，带来代发与存款沉淀", np.nan, 0.0),
    ]
    return pd.DataFrame(rows, columns=["product", "category", "income_basis", "fee_rate", "unit_income"])


_EXT_GROUP_WORDS = {
    0: ["农资店", "种苗站", "饲料经营部", "农机服务部"],
    1: ["批发部", "商贸有限公司", "食品经营部", "建材批发部"],
    2: ["原料有限公司", "设备有限公司", "包装材料厂", "物流有限公司"],
    3: ["家电城", "装饰工程部", "家具城", "汽车销售服务有限公司"],
}


def _externals(rng, n_ext: int):
    """外部交易对手：四类供应商 + 个人（组 4）。返回 (名称, 组, 编号)。"""
    grp = rng.choice(5, n_ext, p=[0.3, 0.25, 0.2, 0.15, 0.1])
    shop = _shop_names(rng, n_ext)
    word = np.empty(n_ext, dtype=object)
    for g, words in _EXT_GROUP_WORDS.items():
        sel = grp == g
        word[sel] = np.array(words)[rng.integers(0, len(words), sel.sum())]
    word[grp == 4] = ""
    names = np.strings.add(np.strings.add("青禾", shop), word.astype(str)).astype(object)
    persons = _person_names(rng, (grp == 4).sum())
    names[grp == 4] = persons
    ids = np.strings.add("X", _zfill(np.arange(n_ext) + 1, 6))
    return names, grp, ids


def _pick_by_group(rng, want: np.ndarray, groups: np.ndarray, n_groups: int) -> np.ndarray:
    """对每个需求从指定组里挑一个外部对手；农户（组 0）有 15% 付给个人（组 4）。"""
    want = np.where((want == 0) & (rng.random(len(want)) < 0.15), 4, want)
    order = np.argsort(groups, kind="stable")
    # 热门供应商更常被选中：组内按 Zipf 权重
    counts = np.bincount(groups, minlength=n_groups + 1)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    c = counts[want]
    r = np.floor(c * rng.random(len(want)) ** 2.5).astype(np.int64)
    return order[starts[want] + np.minimum(r, np.maximum(c - 1, 0))]


class _Txns:
    """分块收集流水；每行带一个临时编号 pid，最后按日期排序后换成正式编号。"""

    _COLS = ("owner", "loan", "date", "dirn", "amt", "cp_id", "cp_name", "cp_type", "memo")

    def __init__(self):
        self.parts: list[dict] = []
        self.n = 0
        self.rows: dict[str, list] = {c: [] for c in ("pid",) + self._COLS}

    def add(self, *, owner, loan, date, dirn, amt, cp_id, cp_name, cp_type, memo) -> np.ndarray:
        k = len(owner)
        pid = np.arange(self.n, self.n + k)
        self.parts.append(dict(pid=pid, owner=np.asarray(owner, dtype=np.int64), loan=np.asarray(loan, np.int64),
                               date=np.asarray(date, dtype="M8[D]"),
                               dirn=np.full(k, dirn, dtype=object) if isinstance(dirn, str) else np.asarray(dirn),
                               amt=np.asarray(amt, float), cp_id=np.asarray(cp_id, dtype=object),
                               cp_name=np.asarray(cp_name, dtype=object), cp_type=np.asarray(cp_type, dtype=object),
                               memo=np.asarray(memo, dtype=object)))
        self.n += k
        return pid

    def add1(self, owner, loan, date, dirn, amt, cp_id, cp_name, cp_type, memo) -> int:
        pid = self.n
        self.n += 1
        for c, v in zip(("pid",) + self._COLS, (pid, owner, loan, date, dirn, amt, cp_id, cp_name, cp_type, memo)):
            self.rows[c].append(v)
        return pid

    def frame(self) -> pd.DataFrame:
        parts = list(self.parts)
        if self.rows["pid"]:
            r = self.rows
            parts.append(dict(pid=np.array(r["pid"], dtype=np.int64), owner=np.array(r["owner"], dtype=np.int64),
                              loan=np.array(r["loan"], dtype=np.int64), date=np.array(r["date"], dtype="M8[D]"),
                              amt=np.array(r["amt"], dtype=float),
                              **{c: np.array(r[c], dtype=object) for c in ("dirn", "cp_id", "cp_name", "cp_type",
                                                                           "memo")}))
        return pd.DataFrame({c: np.concatenate([p[c] for p in parts]) for c in ("pid",) + self._COLS})


# =============================================================================================
# 营销数据（模块 2–4）：每张表一个生成步骤，各用自己的随机流（见 _STREAMS），不碰旧流。
#
# 人群编号：现有客户沿用客户号 C…；客群里的非客户编号 P…（``population`` 表）。
# 时间：营销活动在 2024 年 10–12 月；``outcomes`` 记录 2025 年 1–6 月（留出期）谁申请、谁借款、余额多少，
# 只用于检验名单与活动，不能用来打分。
# =============================================================================================
_MK_PERSON_KINDS = ("农户", "个体工商户", "小微企业主", "小微企业", "工薪")
#: 客群类型 → 非客户的人群类型概率（农户、个体工商户、小微企业主、小微企业、工薪）
_MK_NONCUST_MIX = {"村": [0.88, 0.10, 0.02, 0.0, 0.0], "市场": [0.05, 0.93, 0.02, 0.0, 0.0],
                   "商业街": [0.0, 0.90, 0.06, 0.04, 0.0], "园区": [0.0, 0.05, 0.45, 0.50, 0.0],
                   "商会": [0.0, 0.30, 0.45, 0.25, 0.0]}
#: 本行在各类客群的覆盖率（客户户数 ÷ 全部户数，示意）
_MK_COVER = {"村": (0.22, 0.45), "市场": (0.35, 0.60), "商业街": (0.25, 0.45), "园区": (0.30, 0.50),
             "商会": (0.30, 0.50)}
_MK_ORGANISER = {"村": "村委会", "市场": "市场服务中心", "商业街": "街道商户联合会", "园区": "园区管委会",
                 "商会": "商会秘书处"}
#: 示意地图 1 个单位 ≈ 3 公里；道路系数 1.3；车速（公里/小时）
_MK_KM_PER_UNIT = 3.0
_MK_SPEED = {"村": 30.0, "市场": 20.0, "商业街": 20.0, "园区": 35.0, "商会": 20.0}
_MK_CAMPAIGNS = [
    # 编号, 名称, 方式, 客群（None 为全县）, 开始, 结束, 费用（元）, 投入人天, 参加人数上限
    ("A01", "青禾农贸市场扫街", "扫街", "K01", "2024-10-08", "2024-10-31", 3_000.0, 12.0, 0),
    ("A02", "南坪果蔬批发市场扫街", "扫街", "K12", "2024-10-14", "2024-11-08", 3_500.0, 14.0, 0),
    ("A03", "东岭村整村授信", "整村授信", "K06", "2024-11-04", "2024-11-29", 6_000.0, 24.0, 0),
    ("A04", "按揭与大额存单客户电话回访", "电话", None, "2024-10-08", "2024-12-20", 1_200.0, 8.0, 0),
    ("A05", "企业主财富沙龙", "沙龙", "K05", "2024-11-16", "2024-11-16", 18_000.0, 6.0, 40),
    ("A06", "茶叶种植技术培训", "培训", "K11", "2024-10-26", "2024-10-26", 8_000.0, 5.0, 60),
    ("A07", "青禾县城亲子趣跑", "趣跑", None, "2024-12-07", "2024-12-07", 35_000.0, 10.0, 150),
    ("A08", "西河村微信群营销", "微信", "K09", "2024-10-08", "2024-12-20", 800.0, 4.0, 0),
]
_MK_STEPS = ("拜访", "参加活动", "加微信", "跟进")


def _stage_mk_population(w: _World) -> None:
    """客群全体（客户与非客户）、客群的距离与行车时间。"""
    rng = w.stream("营销人群")
    clusters, branches, K = w.clusters, w.branches, w.K
    ckind = w.ckind
    kind_of_ctype = np.array([0, 1, 2, 3, 4])  # 客户类型与人群类型一一对应（代发工资员工 → 工薪）
    n_cust = np.bincount(w.cluster, minlength=K)
    lo_hi = np.array([_MK_COVER[k] for k in ckind])
    cover = rng.uniform(lo_hi[:, 0], lo_hi[:, 1])
    n_all = np.maximum(np.round(n_cust / cover).astype(np.int64), n_cust + 5)
    n_non = n_all - n_cust
    non_cluster = np.repeat(np.arange(K), n_non)
    mix = np.array([_MK_NONCUST_MIX[k] for k in ckind])[non_cluster]
    u = rng.random(len(non_cluster))
    non_kind = (u[:, None] > np.cumsum(mix, axis=1)).sum(axis=1)
    non_kind = np.minimum(non_kind, 4)
    nn = len(non_cluster)
    non_names = _person_names(rng, nn).astype(object)
    firm = non_kind == 3
    non_names[firm] = np.strings.add(np.strings.add("青禾", _shop_names(rng, int(firm.sum()))), "实业有限公司")
    # 距离：客群中心到支行（道路系数 1.3），村里的人家散在几个自然村
    bxy = branches[["x", "y"]].to_numpy()[w.cbranch]
    cdist = np.round(np.hypot(clusters["x"].to_numpy() - bxy[:, 0], clusters["y"].to_numpy() - bxy[:, 1])
                     * _MK_KM_PER_UNIT * 1.3, 1)
    speed = np.array([_MK_SPEED[k] for k in ckind])
    cust_spread = np.where(ckind[w.cluster] == "村", rng.uniform(0, 2.5, w.n), rng.uniform(0, 0.4, w.n))
    non_spread = np.where(ckind[non_cluster] == "村", rng.uniform(0, 2.5, nn), rng.uniform(0, 0.4, nn))
    # 潜在的融资需求（0–1），只在后续结果里起作用，营销工具看不到
    need_c = rng.beta(2.0, 5.0, w.n)
    need_n = rng.beta(2.0, 5.0, nn)
    person_ids = np.concatenate([w.cust_ids, _ids("P", np.arange(nn), 6)])
    p_cluster = np.concatenate([w.cluster, non_cluster])
    p_kind = np.concatenate([kind_of_ctype[w.ctype], non_kind])
    p_dist = np.round(cdist[p_cluster] + np.concatenate([cust_spread, non_spread]), 1)
    w.update(mk_cover=cover, mk_n_all=n_all, mk_cdist=cdist, mk_speed=speed, mk_pid=person_ids,
             mk_pcluster=p_cluster, mk_pkind=p_kind, mk_pdist=p_dist,
             mk_pname=np.concatenate([w.names.astype(object), non_names]),
             mk_need=np.concatenate([need_c, need_n]), mk_nn=nn)


def _stage_mk_retail(w: _World) -> None:
    """个人住房按揭与大额存单持有（借道零售的线索）。"""
    rng = w.stream("零售持有")
    n, ctype, z = w.n, w.ctype, w.z
    p_mort = np.array([0.03, 0.12, 0.25, 0.0, 0.15])[ctype] * np.exp(0.3 * z)
    p_cd = np.array([0.06, 0.10, 0.20, 0.0, 0.05])[ctype] * np.exp(0.4 * z)
    mort = rng.random(n) < np.minimum(p_mort, 0.9)
    cd = rng.random(n) < np.minimum(p_cd, 0.9)
    rows = []
    mi = np.nonzero(mort)[0]
    m_amt = np.clip(np.round(rng.lognormal(np.log(4.0e5), 0.35, len(mi)) / 1e4) * 1e4, 1.5e5, 1.2e6)
    m_term = rng.choice([240, 300, 360], len(mi), p=[0.4, 0.3, 0.3])
    m_start = np.datetime64("2015-01-01") + rng.integers(0, 3600, len(mi)) * _D
    k_paid = _months_between(m_start, np.full(len(mi), _AS_OF_D))
    m_rate = np.round(rng.uniform(0.036, 0.049, len(mi)), 4)
    m_bal = _sched_balance(m_amt, m_rate / 12, m_term, k_paid, np.zeros(len(mi), dtype=np.int64))
    rows.append(pd.DataFrame({"customer_id": w.cust_ids[mi], "product": "个人住房按揭贷款", "amount": m_amt,
                              "balance": m_bal, "rate": m_rate, "start_date": m_start.astype("M8[ns]"),
                              "term_months": m_term.astype(np.int64)}))
    ci = np.nonzero(cd)[0]
    c_amt = np.clip(np.round(rng.lognormal(np.log(3.0e5), 0.45, len(ci)) / 1e4) * 1e4, 2e5, 3e6)
    c_start = np.datetime64("2022-01-01") + rng.integers(0, 1090, len(ci)) * _D
    c_term = rng.choice([12, 24, 36], len(ci), p=[0.3, 0.2, 0.5])
    c_rate = np.round(np.where(c_term == 36, 0.026, np.where(c_term == 24, 0.022, 0.019))
                      - (c_start > np.datetime64("2024-01-01")) * 0.004, 4)
    rows.append(pd.DataFrame({"customer_id": w.cust_ids[ci], "product": "大额存单", "amount": c_amt,
                              "balance": c_amt, "rate": c_rate, "start_date": c_start.astype("M8[ns]"),
                              "term_months": c_term.astype(np.int64)}))
    # 到期的大额存单余额为 0（到期未续存）
    rp = pd.concat(rows, ignore_index=True)
    mat = _add_months(rp["start_date"].to_numpy().astype("M8[D]"), rp["term_months"].to_numpy())
    rp.loc[(rp["product"] == "大额存单") & (mat <= _AS_OF_D), "balance"] = 0.0
    rp = rp.sort_values(["customer_id", "product"], kind="stable").reset_index(drop=True)
    w.update(mk_mort=mort, mk_cd=cd, mk_retail=rp)


def _stage_mk_trade(w: _World) -> None:
    """企业、核心企业与平台、2024 年逐月结算与上下游往来。"""
    rng = w.stream("结算往来")
    n, ctype, K = w.n, w.ctype, w.K
    pkind, pcluster, pid = w.mk_pkind, w.mk_pcluster, w.mk_pid
    NP = len(pid)
    ckind = w.ckind
    # ---- 企业：授信与否、员工人数、年销售额 ----
    firms = np.nonzero(ctype == 3)[0]
    ever_loan = np.zeros(n, dtype=bool)
    ever_loan[w.l_cust] = True
    emp_count = np.bincount(w.employer[w.emp], minlength=n)
    headcount = np.maximum(np.round(rng.lognormal(np.log(22), 0.7, len(firms))).astype(np.int64),
                           emp_count[firms] + 3)
    sales = np.round(headcount * rng.lognormal(np.log(3.5e5), 0.4, len(firms)) / 1e4) * 1e4
    # ---- 核心企业与平台：销售额最大的几家农产品加工、商贸批发企业 ----
    n_core = max(3, int(round(3 * w.scale)))
    cand = firms[np.isin(w.industry[firms], ["农产品加工", "商贸批发"])]
    cand_sales = sales[np.searchsorted(firms, cand)]
    cores = cand[np.argsort(-cand_sales, kind="stable")[:n_core]]
    # ---- 逐月结算（2024 年）：入账、出账、笔数、收单 ----
    base_in = np.array([6e4, 2.0e5, 1.2e5, 0.0, 9e3])[ctype] * np.exp(0.5 * w.z + rng.normal(0, 0.4, n))
    base_in[firms] = sales / 12 * rng.uniform(0.6, 1.0, len(firms))
    # 有经营回款记录的借款人：结算入账不少于回款（流水表里的“经营收入”是它的一部分）
    inflow_year = np.zeros(n)
    inflow_year[w.biz_b] = w.inflow.sum(axis=1)
    base_in = np.maximum(base_in, inflow_year / 12 * 1.1)
    months = 12
    seas = 1 + 0.25 * (np.arange(months) == 1) - 0.1 * np.isin(np.arange(months), [5, 6, 7])
    infl = base_in[:, None] * seas[None, :] * rng.lognormal(0, 0.15, (n, months))
    infl[w.biz_b] = np.maximum(infl[w.biz_b], w.inflow * 1.02)
    outf = infl * rng.uniform(0.85, 1.02, (n, 1))
    ntx = np.maximum(np.round(np.array([6, 45, 25, 80, 8])[ctype, None] * rng.lognormal(0, 0.3, (n, months))), 1)
    acq = np.where(w.hold["收单"][:, None], infl * np.array([0.0, 0.55, 0.3, 0.2, 0.0])[ctype, None], 0.0)
    # 埋设：少数工薪和农户有“副业”——入账笔数多、来自许多不同的付款人（借道零售能看到的经营信号）
    side = (np.isin(ctype, [0, 4]) & (rng.random(n) < 0.06))
    infl[side] *= rng.uniform(2.5, 4.0, (side.sum(), 1))
    ntx[side] = np.round(ntx[side] * rng.uniform(4, 7, (side.sum(), 1)))
    start_m = _month_index(w.start) - 12  # 2024 年的月序号
    alive = np.arange(months)[None, :] >= start_m[:, None]
    alive[w.biz_b] = True  # 流水表里 2024 年逐月有经营回款的账户，全年都有结算
    ci, mi = np.nonzero(alive)
    settlement = pd.DataFrame({
        "customer_id": pd.Categorical.from_codes(ci, dtype=w.cust_cat),
        "month": MONTHS.values[12 + mi].astype("M8[ns]"),
        "inflow": np.round(infl[ci, mi], 2), "outflow": np.round(outf[ci, mi], 2),
        "n_txn": ntx[ci, mi].astype(np.int64), "acquiring": np.round(acq[ci, mi], 2),
        "n_payers": np.maximum(np.round(ntx[ci, mi] * np.where(side[ci], 0.6, 0.15)), 1).astype(np.int64),
    })
    # ---- 上下游往来（逐月汇总）：核心企业的上游（收购款）与下游（货款），普通企业的供应商 ----
    flows = []
    core_up, core_down = [], []
    biz_pool = {}
    for kind_code in (0, 1, 2, 3):
        biz_pool[kind_code] = np.nonzero(pkind == kind_code)[0]
    for j, c in enumerate(cores):
        n_up = int(rng.integers(35, 70))
        up = rng.choice(biz_pool[0], min(n_up, len(biz_pool[0])), replace=False)  # 农户供货
        n_dn = int(rng.integers(20, 45))
        dn = rng.choice(biz_pool[1], min(n_dn, len(biz_pool[1])), replace=False)  # 商户进货
        core_up.append(up)
        core_down.append(dn)
        amt_up = rng.lognormal(np.log(8e4), 0.6, len(up))          # 每户全年收购款
        for m in range(months):
            s = np.array([0.02, 0.02, 0.03, 0.10, 0.15, 0.12, 0.08, 0.08, 0.12, 0.14, 0.09, 0.05])[m]
            paid = rng.random(len(up)) < min(1.0, 0.35 + 2.5 * s)
            a = amt_up[paid] * s / min(1.0, 0.35 + 2.5 * s)
            flows.append((np.full(paid.sum(), c), up[paid], np.full(paid.sum(), m), a, "收购款"))
        amt_dn = rng.lognormal(np.log(1.5e4), 0.6, len(dn))        # 每户每月进货
        for m in range(months):
            bought = rng.random(len(dn)) < 0.8
            flows.append((dn[bought], np.full(bought.sum(), c), np.full(bought.sum(), m),
                          amt_dn[bought] * rng.lognormal(0, 0.2, bought.sum()), "货款"))
    other = np.setdiff1d(firms, cores)
    sup_pool = np.concatenate([biz_pool[3], biz_pool[1]])
    k_sup = rng.integers(2, 6, len(other))
    payer = np.repeat(other, k_sup)
    payee = sup_pool[rng.integers(0, len(sup_pool), len(payer))]
    payee = np.where(payee == payer, sup_pool[0], payee)
    yearly = np.repeat(sales[np.searchsorted(firms, other)] * 0.5 / k_sup, k_sup) * rng.uniform(0.5, 1.5, len(payer))
    mm = rng.random((len(payer), months)) < 0.7
    pi_, m_ = np.nonzero(mm)
    flows.append((payer[pi_], payee[pi_], m_, yearly[pi_] / 12 / 0.7 * rng.lognormal(0, 0.25, len(pi_)), "货款"))
    fp = np.concatenate([f[0] for f in flows])
    fq = np.concatenate([f[1] for f in flows])
    fm = np.concatenate([f[2] for f in flows])
    fa = np.round(np.concatenate([f[3] for f in flows]), 2)
    fk = np.concatenate([np.full(len(f[0]), f[4]) for f in flows])
    fn = np.maximum(np.round(fa / np.where(fk == "收购款", 2.5e4, 1.0e4)), 1).astype(np.int64)
    order = np.lexsort((fq, fp, fm))
    trade = pd.DataFrame({
        "month": MONTHS.values[12 + fm[order]].astype("M8[ns]"),
        "payer_id": pd.array(pid[fp[order]], dtype="str"), "payee_id": pd.array(pid[fq[order]], dtype="str"),
        "purpose": pd.Categorical(fk[order], categories=["收购款", "货款"]),
        "amount": fa[order], "n_txn": fn[order],
    })
    w.update(mk_firms=firms, mk_headcount=headcount, mk_sales=sales, mk_ever_loan=ever_loan, mk_cores=cores,
             mk_core_up=core_up, mk_core_down=core_down, mk_settlement=settlement, mk_side=side, mk_trade=trade,
             mk_base_in=base_in)


def _stage_mk_payroll(w: _World) -> None:
    """企业员工（本行代发的与未代发的）：薪资、司龄、分群与代发决策角色。"""
    rng = w.stream("代发员工")
    firms, headcount = w.mk_firms, w.mk_headcount
    n = w.n
    emp_of = [np.nonzero(w.employer == f)[0] for f in firms]
    rows_emp, rows_pid, rows_cust = [], [], []
    n_extra = headcount - np.array([len(e) for e in emp_of])
    next_p = len(w.mk_pid)
    extra_ids = _ids("E", np.arange(int(n_extra.sum())), 6)
    k = 0
    for fi, f in enumerate(firms):
        ex = extra_ids[k:k + n_extra[fi]]
        k += n_extra[fi]
        rows_emp.append(np.full(headcount[fi], f))
        rows_pid.append(np.concatenate([w.cust_ids[emp_of[fi]], ex]))
        rows_cust.append(np.concatenate([np.ones(len(emp_of[fi]), bool), np.zeros(len(ex), bool)]))
    e_firm = np.concatenate(rows_emp)
    e_pid = np.concatenate(rows_pid)
    e_is_cust = np.concatenate(rows_cust)
    m = len(e_pid)
    age = np.clip(rng.normal(35, 9, m), 19, 59).astype(np.int64)
    tenure = np.minimum(rng.gamma(2.0, 2.5, m), np.maximum(age - 18, 0)).astype(np.int64)
    salary = np.round(rng.lognormal(np.log(4800), 0.35, m) * (1 + 0.03 * tenure) / 100) * 100
    # 决策角色：每家企业 1 位决策者（老板，不在员工表里，记在企业表）、1 位发起者（财务负责人）、1 位经办者（出纳）
    hc_of = headcount[np.searchsorted(firms, e_firm)]
    # 每家企业内按薪资从高到低排名（0 为最高）：最高者是发起者；名单最后一位（若恰是发起者，则倒数第二位）是经办者
    rank = (pd.Series(-salary).groupby(e_firm).rank(method="first").to_numpy() - 1).astype(np.int64)
    last_pos = np.cumsum(headcount) - 1
    last_pos = np.where(rank[last_pos] == 0, last_pos - 1, last_pos)
    role = np.where(rank == 0, "发起者", "使用者").astype(object)
    role[last_pos] = "经办者"
    backbone = rank <= np.maximum(1, hc_of // 8)
    segment = np.where(backbone, "骨干", np.where(tenure >= 8, "资深员工",
                                                np.where(age < 30, "月光族", "普通员工"))).astype(object)
    payroll_firm = w.hold["代发"][firms]
    at_bank = payroll_firm[np.searchsorted(firms, e_firm)]
    # 月末存款留存：月光族几乎花光，资深员工与骨干留得多（示意）
    keep = np.select([segment == "月光族", segment == "普通员工", segment == "资深员工"], [0.15, 0.6, 1.6], 2.2)
    deposit = np.round(np.where(at_bank, salary * keep * rng.lognormal(0, 0.4, m), 0.0), 2)
    card = at_bank & (rng.random(m) < np.select([segment == "月光族"], [0.55], 0.35))
    cons_loan = at_bank & (rng.random(m) < np.select([segment == "月光族", segment == "普通员工"], [0.12, 0.06], 0.03))
    wealth = np.round(np.where(at_bank & (rng.random(m) < np.select([segment == "骨干", segment == "资深员工"],
                                                                      [0.35, 0.25], 0.03)),
                               salary * rng.uniform(6, 30, m), 0.0) / 1e3) * 1e3
    employees = pd.DataFrame({
        "employer_id": pd.array(w.cust_ids[e_firm], dtype="str"), "person_id": pd.array(e_pid, dtype="str"),
        "is_customer": e_is_cust, "payroll_at_bank": at_bank, "age": age, "tenure_years": tenure,
        "monthly_salary": salary, "segment": pd.Categorical(segment, ["月光族", "普通员工", "资深员工", "骨干"]),
        "payroll_role": pd.Categorical(role, ["发起者", "经办者", "使用者"]),
        "avg_deposit": deposit, "credit_card": card, "consumer_loan": cons_loan, "wealth_balance": wealth,
    })
    w.update(mk_employees=employees, mk_payroll_firm=payroll_firm)


def _stage_mk_campaigns(w: _World) -> None:
    """营销活动与活动日志（拜访、参加活动、加微信、跟进），2024 年 10–12 月。"""
    rng = w.stream("营销活动")
    pid, pcluster, pkind = w.mk_pid, w.mk_pcluster, w.mk_pkind
    NP = len(pid)
    cl_ids = w.cluster_ids
    cust_mgr = np.concatenate([w.manager, np.full(NP - w.n, -1)])
    mgr_of_branch = [np.nonzero(w.mgr_branch == b)[0] for b in range(7)]
    retail_holder = np.concatenate([w.mk_mort | w.mk_cd, np.zeros(NP - w.n, bool)])
    log = []
    for a_id, _name, how, cl, d0, d1, _cost, _days, cap in _MK_CAMPAIGNS:
        d0_, d1_ = np.datetime64(d0), np.datetime64(d1)
        span = max(int((d1_ - d0_) / _D), 0) + 1
        if cl is not None:
            k = int(np.nonzero(cl_ids == cl)[0][0])
            pool = np.nonzero(pcluster == k)[0]
        elif how == "电话":
            pool = np.nonzero(retail_holder)[0]
        else:  # 全县趣跑：城区客群的人
            pool = np.nonzero(np.isin(w.cbranch[pcluster], [0, 1]))[0]
        if how in ("扫街", "整村授信"):
            reach = pool[rng.random(len(pool)) < 0.85]
            first = "拜访"
        elif how == "电话":
            reach = pool[rng.random(len(pool)) < 0.9]
            first = "拜访"
        elif how == "微信":
            reach = pool[rng.random(len(pool)) < 0.6]
            first = "加微信"
        else:
            reach = rng.choice(pool, min(cap, len(pool)), replace=False)
            first = "参加活动"
        b = w.cbranch[pcluster[reach]]
        mgr = np.array([mgr_of_branch[x][rng.integers(0, len(mgr_of_branch[x]))] for x in b], dtype=np.int64)
        mgr = np.where(cust_mgr[reach] >= 0, cust_mgr[reach], mgr)
        day = d0_ + rng.integers(0, span, len(reach)) * _D
        log.append((reach, day, np.full(len(reach), first), a_id, mgr))
        # 加微信与跟进的转化率因方式而异（示意）；需求高的人更愿意加微信、接受跟进
        need = w.mk_need[reach]
        p_wx = {"扫街": 0.45, "整村授信": 0.55, "电话": 0.25, "沙龙": 0.70, "培训": 0.60, "趣跑": 0.35}.get(how, 1.0)
        if how == "微信":
            m_wx = np.ones(len(reach), dtype=bool)
        else:
            m_wx = rng.random(len(reach)) < np.minimum(p_wx * (0.6 + need), 1)
            log.append((reach[m_wx], np.minimum(day[m_wx] + rng.integers(0, 8, m_wx.sum()) * _D, d1_ + 7 * _D),
                        np.full(m_wx.sum(), "加微信"), a_id, mgr[m_wx]))
        p_fu = {"扫街": 0.35, "整村授信": 0.55, "电话": 0.30, "沙龙": 0.40, "培训": 0.30, "趣跑": 0.15,
                "微信": 0.20}[how]
        m_fu = m_wx & (rng.random(len(reach)) < np.minimum(p_fu * (0.5 + 1.5 * need), 1))
        log.append((reach[m_fu], d1_ + rng.integers(1, 21, m_fu.sum()) * _D, np.full(m_fu.sum(), "跟进"), a_id,
                    mgr[m_fu]))
    who = np.concatenate([x[0] for x in log])
    when = np.concatenate([x[1] for x in log])
    step = np.concatenate([x[2] for x in log])
    camp = np.concatenate([np.full(len(x[0]), x[3]) for x in log])
    mg = np.concatenate([x[4] for x in log])
    order = np.lexsort((pd.Categorical(step, _MK_STEPS).codes, who, when))
    activity = pd.DataFrame({
        "date": when[order].astype("M8[ns]"), "campaign_id": pd.array(camp[order], dtype="str"),
        "person_id": pd.array(pid[who[order]], dtype="str"),
        "manager_id": pd.array(w.mgr_ids[mg[order]], dtype="str"),
        "step": pd.Categorical(step[order], _MK_STEPS),
    })
    activity.insert(0, "activity_id", pd.array(_ids("V", np.arange(len(activity)), 6), dtype="str"))
    camps = pd.DataFrame(_MK_CAMPAIGNS, columns=["campaign_id", "name", "channel", "cluster_id", "start", "end",
                                                 "cost", "officer_days", "capacity"])
    camps["start"] = pd.to_datetime(camps["start"]).astype("M8[ns]")
    camps["end"] = pd.to_datetime(camps["end"]).astype("M8[ns]")
    camps["cluster_id"] = camps["cluster_id"].astype(object).where(camps["cluster_id"].notna(), None)
    camps["attendees"] = [int(((activity["campaign_id"] == c) & (activity["step"] == "参加活动")).sum())
                          for c in camps["campaign_id"]]
    camps = camps.drop(columns="capacity")
    touched = np.zeros(NP, dtype=np.int64)  # 0 未接触 1 接触 2 加微信 3 跟进
    for stp, lvl in (("拜访", 1), ("参加活动", 1), ("加微信", 2), ("跟进", 3)):
        sel = who[step == stp]
        touched[sel] = np.maximum(touched[sel], lvl)
    first_camp = pd.Series(camp).groupby(who).first()
    w.update(mk_activity=activity, mk_campaigns=camps, mk_touched=touched, mk_first_camp=first_camp)


def _stage_mk_wechat(w: _World) -> None:
    """微社群：群、成员（入群、退群）与 2024 年 7–12 月的消息。一个群经营得好，一个群只发广告。"""
    rng = w.stream("微社群")
    pid, pcluster = w.mk_pid, w.mk_pcluster
    specs = [  # 群号, 群名, 客群, 健康度（消息倾向）, 经理回复率
        ("Q01", "西河村乡亲金融服务群", "K09", 1.0, 0.85),
        ("Q02", "青禾农贸市场商户群", "K01", 0.8, 0.70),
        ("Q03", "东岭镇集贸市场商户群", "K07", 0.15, 0.10),
        ("Q04", "经开区企业财务交流群", "K04", 0.6, 0.60),
    ]
    g_rows, m_rows, msg_rows = [], [], []
    t0 = np.datetime64("2024-07-01")
    for gid, gname, cl, health, reply in specs:
        k = int(np.nonzero(w.cluster_ids == cl)[0][0])
        pool = np.nonzero(pcluster == k)[0]
        size = min(len(pool), int(rng.integers(120, 220)))
        mem = rng.choice(pool, size, replace=False)
        join = t0 - rng.integers(0, 400, size) * _D
        p_leave = 0.03 + 0.25 * (1 - health)
        left = rng.random(size) < p_leave
        leave_d = np.where(left, t0 + rng.integers(0, 184, size) * _D, np.datetime64("NaT"))
        mgr = int(w.manager[np.nonzero(w.cluster == k)[0][0]])
        g_rows.append((gid, gname, cl, w.mgr_ids[mgr], pd.Timestamp(join.min())))
        m_rows.append(pd.DataFrame({"group_id": gid, "person_id": pid[mem], "joined": join.astype("M8[ns]"),
                                    "left": leave_d.astype("M8[ns]"), "role": "成员"}))
        m_rows.append(pd.DataFrame({"group_id": [gid], "person_id": [w.mgr_ids[mgr]], "joined": [join.min()],
                                    "left": [np.datetime64("NaT")], "role": ["群主（客户经理）"]}))
        # 消息：成员按活跃度发言；咨询（线索）占一部分；经理的广告按周发
        act = rng.random(size) < 0.15 + 0.45 * health
        n_msg = np.where(act, rng.poisson(2 + 10 * health * w.mk_need[mem] * 3), 0)
        sender = np.repeat(mem, n_msg)
        end = np.where(left, leave_d, np.datetime64("2024-12-31"))
        start_ = np.maximum(join, t0)
        span = np.maximum(((end - start_) / _D).astype(np.int64), 1)
        when = np.repeat(start_, n_msg) + (rng.random(len(sender)) * np.repeat(span, n_msg)).astype(np.int64) * _D
        kind = np.where(rng.random(len(sender)) < 0.12 + 0.1 * health, "咨询", "发言").astype(object)
        msg_rows.append(pd.DataFrame({"group_id": gid, "date": when.astype("M8[ns]"), "sender_id": pid[sender],
                                      "kind": kind, "reply_hours": np.nan}))
        # 经理：每周 2 条广告；对咨询按回复率在若干小时内回复
        n_week = 26
        ad_d = t0 + (np.arange(n_week) * 7 + rng.integers(0, 3, n_week)) * _D
        msg_rows.append(pd.DataFrame({"group_id": gid, "date": np.concatenate([ad_d, ad_d + 3 * _D]).astype("M8[ns]"),
                                      "sender_id": w.mgr_ids[mgr], "kind": "产品推送", "reply_hours": np.nan}))
        q = kind == "咨询"
        replied = rng.random(q.sum()) < reply
        hours = np.where(replied, np.round(rng.gamma(1.5, 2.0 + 20 * (1 - health), q.sum()), 1), np.nan)
        msg_rows.append(pd.DataFrame({"group_id": gid, "date": when[q][replied].astype("M8[ns]"),
                                      "sender_id": w.mgr_ids[mgr], "kind": "回复",
                                      "reply_hours": hours[replied]}))
    groups = pd.DataFrame(g_rows, columns=["group_id", "name", "cluster_id", "owner_manager_id", "created"])
    groups["created"] = groups["created"].astype("M8[ns]")
    members = pd.concat(m_rows, ignore_index=True)
    msgs = pd.concat(msg_rows, ignore_index=True).sort_values(["group_id", "date", "sender_id"], kind="stable")
    msgs["kind"] = pd.Categorical(msgs["kind"], ["发言", "咨询", "产品推送", "回复"])
    w.update(mk_wx_groups=groups, mk_wx_members=members, mk_wx_messages=msgs.reset_index(drop=True))


def _stage_mk_referrals(w: _World) -> None:
    """转介绍：好客户（有贷款从未逾期、关系 5 年以上）介绍的熟人，成树状（被介绍人再介绍）。"""
    rng = w.stream("转介绍")
    pid, pcluster = w.mk_pid, w.mk_pcluster
    n = w.n
    bad_c = np.zeros(n, dtype=bool)
    bad_c[w.l_cust[w.od > 0]] = True
    good = np.nonzero(w.mk_ever_loan[:n] & ~bad_c & (w.tenure >= 5) & (w.ctype != 3))[0]
    weak = np.nonzero(bad_c & (w.ctype != 3))[0]
    roots = np.concatenate([rng.choice(good, min(len(good), max(12, int(12 * w.scale))), replace=False),
                            rng.choice(weak, min(len(weak), max(4, int(4 * w.scale))), replace=False)])
    referrer, referred, dates, gen = [], [], [], []
    frontier = roots
    used = set(roots.tolist())
    for g in range(3):
        nxt = []
        for r in frontier:
            k = int(rng.poisson(2.0 if g == 0 else 0.8))
            pool = np.nonzero(pcluster == pcluster[r])[0]
            for c in rng.choice(pool, min(k, len(pool)), replace=False):
                if c in used:
                    continue
                used.add(int(c))
                referrer.append(r)
                referred.append(c)
                dates.append(np.datetime64("2024-01-01") + (g * 100 + int(rng.integers(0, 95))) * _D)
                gen.append(g + 1)
                nxt.append(c)
        frontier = np.array(nxt, dtype=np.int64)
    referrer = np.array(referrer, dtype=np.int64)
    referred = np.array(referred, dtype=np.int64)
    refs = pd.DataFrame({"referrer_id": pd.array(pid[referrer], dtype="str"),
                         "referred_id": pd.array(pid[referred], dtype="str"),
                         "date": np.array(dates, dtype="M8[D]").astype("M8[ns]"),
                         "generation": np.array(gen, dtype=np.int64)})
    refs = refs.sort_values(["date", "referrer_id"], kind="stable").reset_index(drop=True)
    root_good = np.zeros(len(pid), dtype=bool)
    # 被介绍人的“根”是否为好客户
    root_of = {int(r): int(r) for r in roots}
    for a, b in zip(referrer, referred):
        root_of[int(b)] = root_of[int(a)]
    good_set = set(good.tolist())
    for b in referred:
        root_good[b] = root_of[int(b)] in good_set
    referred_mask = np.zeros(len(pid), dtype=bool)
    referred_mask[referred] = True
    w.update(mk_referrals=refs, mk_referred=referred_mask, mk_ref_good=root_good, mk_ref_roots=roots)


def _stage_mk_outcomes(w: _World) -> None:
    """留出期（2025 年 1–6 月）：谁申请、谁借到、借多少、6 月存款日均。答案藏在这里。"""
    rng = w.stream("后续结果")
    NP, n = len(w.mk_pid), w.n
    kind = w.mk_pkind
    live = np.zeros(NP, dtype=bool)
    live[w.l_cust[w.active]] = True
    biz = np.isin(kind, [1, 2, 3])
    retail = np.concatenate([w.mk_mort | w.mk_cd, np.zeros(NP - n, bool)])
    side = np.concatenate([w.mk_side, np.zeros(NP - n, bool)])
    core_partner = np.zeros(NP, dtype=bool)
    for a in w.mk_core_up + w.mk_core_down:
        core_partner[a] = True
    # 结算活跃度（客户）：2024 年月均入账的对数，按类型标准化
    act = np.zeros(NP)
    lin = np.log1p(w.mk_base_in)
    for t in range(5):
        sel = w.ctype == t
        if sel.sum() > 1:
            act[:n][sel] = (lin[sel] - lin[sel].mean()) / (lin[sel].std() + 1e-9)
    touched = w.mk_touched
    cl_eff = rng.normal(0, 0.25, w.K)[w.mk_pcluster]
    logit = (-4.3 + np.array([0.5, 0.7, 0.6, 0.4, -0.3])[kind] + 3.0 * (w.mk_need - 0.286) + cl_eff
             + 1.4 * (retail & biz & ~live) + 1.6 * side + 0.35 * act * (kind != 3)
             + 1.3 * core_partner + np.where(w.mk_ref_good, 1.4, np.where(w.mk_referred, 0.3, 0.0))
             + np.array([0.0, 0.5, 0.9, 1.5])[touched] - 2.5 * live)
    p = 1 / (1 + np.exp(-logit))
    applied = rng.random(NP) < p
    apply_month = np.where(applied, rng.integers(1, 7, NP), 0)
    bad_hist = np.zeros(NP, dtype=bool)
    bad_hist[w.l_cust[w.od > 30]] = True
    approved = applied & (rng.random(NP) < np.where(bad_hist, 0.2, 0.78))
    amt_med = np.array([6e4, 2.5e5, 4e5, 1.0e6, 8e4])[kind]
    amount = np.where(approved, np.round(amt_med * rng.lognormal(0, 0.5, NP) / 1e4) * 1e4, 0.0)
    amount = np.where(approved, np.maximum(amount, 1e4), 0.0)
    # 存款：客户沿用 2024 年 12 月水平并随接触略有增长；新借款的非客户开始有存款
    dep12 = np.zeros(NP)
    last = w.bm_ == 23
    dep_rows = last & (w.bp_ == 0)
    dep12[w.bc[dep_rows]] = w.bv[dep_rows]
    event = np.zeros(NP, dtype=bool)  # 沙龙、趣跑以存款与财富为目标
    fc = w.mk_first_camp
    event[fc.index[fc.isin(["A05", "A07"])].to_numpy()] = True
    growth = rng.lognormal(0.01 + 0.04 * (touched >= 2) + 0.12 * (event & (touched >= 2)), 0.15, NP)
    dep6 = np.where(np.arange(NP) < n, dep12 * growth, np.where(approved, amount * rng.uniform(0.05, 0.2, NP), 0.0))
    out = pd.DataFrame({
        "person_id": pd.array(w.mk_pid, dtype="str"), "applied": applied,
        "apply_month": pd.array(np.where(applied, MONTHS.values[0].astype("M8[M]") + (24 + apply_month - 1)
                                         .astype("m8[M]"), np.datetime64("NaT")).astype("M8[ns]")),
        "borrowed": approved, "loan_amount": amount, "deposit_2024_12": np.round(dep12, 2),
        "deposit_2025_06": np.round(dep6, 2),
    })
    w.update(mk_outcomes=out, mk_p_apply=p)


def _table_population(w: _World) -> pd.DataFrame:
    NP = len(w.mk_pid)
    is_c = np.arange(NP) < w.n
    return pd.DataFrame({
        "person_id": pd.array(w.mk_pid, dtype="str"),
        "name": pd.array(w.mk_pname.astype(str), dtype="str"),
        "kind": _cat(np.array(_MK_PERSON_KINDS)[w.mk_pkind], _MK_PERSON_KINDS),
        "cluster_id": pd.Categorical(w.cluster_ids[w.mk_pcluster], categories=list(w.cluster_ids)),
        "is_customer": is_c,
        "distance_km": w.mk_pdist,
        "travel_minutes": np.round(w.mk_pdist / w.mk_speed[w.mk_pcluster] * 60).astype(np.int64),
    })


def _table_cluster_facts(w: _World) -> pd.DataFrame:
    cust = np.bincount(w.cluster, minlength=w.K)
    core_cl = np.full(w.K, None, dtype=object)
    for c in w.mk_cores:
        core_cl[w.cluster[c]] = w.cust_ids[c]
    return pd.DataFrame({
        "cluster_id": pd.array(w.cluster_ids, dtype="str"),
        "organiser": pd.array([_MK_ORGANISER[k] for k in w.ckind], dtype="str"),
        "households": w.mk_n_all.astype(np.int64), "customers": cust.astype(np.int64),
        "distance_km": w.mk_cdist, "travel_minutes": np.round(w.mk_cdist / w.mk_speed * 60).astype(np.int64),
    })


def _table_retail_products(w: _World) -> pd.DataFrame:
    rp = w.mk_retail.copy()
    rp["customer_id"] = pd.array(rp["customer_id"].astype(str), dtype="str")
    rp["product"] = pd.Categorical(rp["product"], ["个人住房按揭贷款", "大额存单"])
    return rp


def _table_settlement(w: _World) -> pd.DataFrame:
    return w.mk_settlement


def _table_corporates(w: _World) -> pd.DataFrame:
    f = w.mk_firms
    return pd.DataFrame({
        "customer_id": pd.array(w.cust_ids[f], dtype="str"),
        "owner_id": pd.array(w.cust_ids[w.owner[f]], dtype="str"),
        "credit": w.mk_ever_loan[f], "payroll_at_bank": w.mk_payroll_firm,
        "headcount": w.mk_headcount, "annual_sales": w.mk_sales,
        "core": np.isin(f, w.mk_cores),
    })


def _table_core_firms(w: _World) -> pd.DataFrame:
    rows = []
    for c, up, dn in zip(w.mk_cores, w.mk_core_up, w.mk_core_down):
        rows.append((w.cust_ids[c], str(w.names[c]), "核心企业", str(w.industry[c]), w.cluster_ids[w.cluster[c]],
                     len(up), len(dn)))
    return pd.DataFrame(rows, columns=["firm_id", "name", "kind", "industry", "cluster_id", "n_suppliers",
                                       "n_buyers"])


def _table_trade_flows(w: _World) -> pd.DataFrame:
    return w.mk_trade


def _table_employees(w: _World) -> pd.DataFrame:
    return w.mk_employees


def _table_campaigns(w: _World) -> pd.DataFrame:
    return w.mk_campaigns


def _table_activity_log(w: _World) -> pd.DataFrame:
    return w.mk_activity


def _table_wechat_groups(w: _World) -> pd.DataFrame:
    return w.mk_wx_groups


def _table_wechat_members(w: _World) -> pd.DataFrame:
    return w.mk_wx_members


def _table_wechat_messages(w: _World) -> pd.DataFrame:
    return w.mk_wx_messages


def _table_referrals(w: _World) -> pd.DataFrame:
    return w.mk_referrals


def _table_outcomes(w: _World) -> pd.DataFrame:
    return w.mk_outcomes


#: 营销数据的生成步骤（在旧步骤之后运行，只用自己的随机流）
_MARKETING_STAGES = (_stage_mk_population, _stage_mk_retail, _stage_mk_trade, _stage_mk_payroll,
                     _stage_mk_campaigns, _stage_mk_wechat, _stage_mk_referrals, _stage_mk_outcomes)
_MARKETING_NOTES = {
    "population": "客群全体：客户与非客户，到支行的距离与行车时间",
    "cluster_facts": "客群概况：组织者、总户数、本行客户数、距离与行车时间",
    "retail_products": "个人住房按揭贷款与大额存单（借道零售的线索）",
    "settlement": "2024 年逐月结算：入账、出账、笔数、付款人数、收单",
    "corporates": "企业客户：授信与否、代发与否、员工人数、年销售额、是否核心企业",
    "core_firms": "核心企业：上游供货户数与下游进货户数",
    "trade_flows": "2024 年逐月上下游往来（收购款、货款），付款方与收款方",
    "employees": "企业员工：是否本行代发、薪资、司龄、分群与代发决策角色、存款与产品",
    "campaigns": "2024 年第四季度的营销活动：方式、客群、费用、投入人天、参加人数",
    "activity_log": "营销活动日志：拜访、参加活动、加微信、跟进",
    "wechat_groups": "微社群（微信群）",
    "wechat_members": "微社群成员：入群、退群日期",
    "wechat_messages": "微社群消息：发言、咨询、产品推送、回复（含回复用时）",
    "referrals": "转介绍：介绍人、被介绍人、日期、代数",
    "outcomes": "留出期（2025 年 1–6 月）结果：申请、借款、金额；2024 年 12 月与 2025 年 6 月存款日均",
}
_MARKETING_BUILDERS = {
    "population": _table_population, "cluster_facts": _table_cluster_facts,
    "retail_products": _table_retail_products, "settlement": _table_settlement, "corporates": _table_corporates,
    "core_firms": _table_core_firms, "trade_flows": _table_trade_flows, "employees": _table_employees,
    "campaigns": _table_campaigns, "activity_log": _table_activity_log, "wechat_groups": _table_wechat_groups,
    "wechat_members": _table_wechat_members, "wechat_messages": _table_wechat_messages,
    "referrals": _table_referrals, "outcomes": _table_outcomes,
}
_TABLE_NOTES.update(_MARKETING_NOTES)
_TABLE_BUILDERS.update(_MARKETING_BUILDERS)


# ---------------------------------------------------------------------------------------------
# 团队管理数据（模块 5–7）：客户经理逐月的过程记录，只用随机流“团队活动”，不碰旧流和营销流。
# ---------------------------------------------------------------------------------------------
#: 走访的季节性（1–12 月，示意）：春节所在的 2 月少，春耕前后的 3–4 月和秋收后的 10–11 月多
_TEAM_VISIT_SEASON = np.array([0.95, 0.60, 1.20, 1.20, 1.05, 0.95, 0.90, 0.90, 1.00, 1.15, 1.10, 0.95])


def _stage_team_activity(w: _World) -> None:
    """客户经理逐月过程记录（2023 年 1 月至 2024 年 12 月）：走访、电话回访、尽调信息更新、
    到期应做与按时完成的贷后检查、月末在谈笔数与金额。

    应做贷后检查由台账推出（每笔在贷贷款放款后每满 3 个月检查一次）；月末在谈由此后两个月实际放款
    推出再加噪声；其余是示意假设：乡镇客户经理走访多、城区电话多，新人（从业 1 年）各项少一些。
    埋设一个过程信号：经理恶化的那位客户经理 2024 年上半年走访冲高、贷后检查按时率明显下滑。
    """
    rng = w.stream("团队活动")
    n_mgr, nm = w.n_mgr, len(MONTHS)
    cells = n_mgr * nm
    mgr = np.repeat(np.arange(n_mgr), nm)
    m = np.tile(np.arange(nm), n_mgr)
    n_cust = np.bincount(w.manager, minlength=n_mgr).astype(float)
    rural = w.mgr_branch >= 3
    rookie = w.mgr_tenure <= 1
    # 应做贷后检查：放款月之后每满 3 个月一次，当月仍在贷
    fm = np.maximum(_month_index(w.l_disb), 0)[w.oh_loan]
    due = (w.oh_m > fm) & ((w.oh_m - fm) % 3 == 0) & (w.oh_bal > 0)
    due_n = np.bincount(w.l_mgr[w.oh_loan][due] * nm + w.oh_m[due], minlength=cells)
    # 新放款（用于在谈）
    dm = _month_index(w.l_disb)
    ok = (dm >= 0) & (dm < nm)
    new_n = np.bincount(w.l_mgr[ok] * nm + dm[ok], minlength=cells).reshape(n_mgr, nm)
    new_amt = np.bincount(w.l_mgr[ok] * nm + dm[ok], weights=w.l_amt[ok], minlength=cells).reshape(n_mgr, nm)
    nxt = np.zeros((n_mgr, nm))
    nxt_amt = np.zeros((n_mgr, nm))
    for k in (1, 2):
        nxt[:, :-k] += new_n[:, k:]
        nxt_amt[:, :-k] += new_amt[:, k:]
    nxt[:, -2:] = np.maximum(nxt[:, -2:], new_n.mean(axis=1, keepdims=True) * 2)
    avg_amt = new_amt.sum(axis=1) / np.maximum(new_n.sum(axis=1), 1)
    nxt_amt[:, -2:] = np.maximum(nxt_amt[:, -2:], nxt[:, -2:] * avg_amt[:, None])
    # 过程量（示意）
    season = _TEAM_VISIT_SEASON[m % 12]
    base_visit = np.where(rural, 0.30, 0.18)[mgr] * n_cust[mgr] + 8
    base_call = np.where(rural, 0.20, 0.40)[mgr] * n_cust[mgr] + 10
    skill = np.where(rookie, 0.75, 1.0)[mgr]
    bad = (mgr == w.bad_mgr) & (m >= 12) & (m < 18)
    visits = rng.poisson(base_visit * season * skill * np.where(bad, 1.45, 1.0))
    calls = rng.poisson(base_call * skill)
    kyc = rng.binomial(n_cust[mgr].astype(np.int64), np.where(rookie, 0.025, 0.040)[mgr])
    p_on = np.clip(rng.beta(30, 3, cells) * np.where(rookie, 0.88, 1.0)[mgr] * np.where(bad, 0.62, 1.0), 0, 1)
    on_time = rng.binomial(due_n, p_on)
    pipe = rng.poisson(nxt.ravel() * 1.3 + 1)
    pipe_amt = np.round(nxt_amt.ravel() * 1.3 / 1e4 * (pipe / np.maximum(nxt.ravel() * 1.3 + 1, 1e-9))) * 1e4
    activity = pd.DataFrame({
        "manager_id": pd.array(w.mgr_ids[mgr], dtype="str"),
        "month": MONTHS.values[m].astype("M8[ns]"),
        "visits": visits.astype(np.int64),
        "calls": calls.astype(np.int64),
        "kyc_refreshed": kyc.astype(np.int64),
        "postloan_due": due_n.astype(np.int64),
        "postloan_on_time": on_time.astype(np.int64),
        "pipeline_count": pipe.astype(np.int64),
        "pipeline_amount": pipe_amt.astype(float),
    })
    w.update(team_activity=activity)


def _table_manager_activity(w: _World) -> pd.DataFrame:
    return w.team_activity


#: 团队管理数据的生成步骤（在营销步骤之后运行，只用自己的随机流）
_TEAM_STAGES = (_stage_team_activity,)
_TEAM_NOTES = {
    "manager_activity": "客户经理逐月过程记录：走访、电话回访、尽调信息更新、应做与按时完成的贷后检查、月末在谈",
}
_TABLE_NOTES.update(_TEAM_NOTES)
_TABLE_BUILDERS.update({"manager_activity": _table_manager_activity})


# =============================================================================================
# 一所学校的代发与工资卡服务群（案例 m03-c02）。
#
# 为什么不放进 teaching_bank()：教学银行的各表有固定指纹，全书的断言依赖它们；学校不是 14 位经理管户里的企业，
# 把它塞进 employees、wechat_* 会挪动这些表和两页工具箱的数字。这里单独生成一份同样列名的小数据
# （员工表 + 群、成员、消息三张表），各营销函数照常能用；随机数只来自自己的种子，不碰教学银行的任何随机流。
# =============================================================================================
SCHOOL_NAME = "青禾育才实验学校"


def school_payroll_group(seed: int = 0) -> dict[str, pd.DataFrame]:
    """民办学校“青禾育才实验学校”的代发员工（132 人）与“工资卡服务群”2024 年 7–12 月的消息。

    返回字典：``employees``（列同教学银行的员工表）、``wechat_groups``、``wechat_members``、``wechat_messages``。
    消息表比教学银行多三列：``time``（精确到分钟）、``msg_id``、``reply_to``（回复针对的咨询 msg_id），
    ``kind`` 多一类“红包”（客户经理发的红包）。埋设：客户经理每周三个晚上发红包，年轻教师在红包后刷屏；
    资深教师和骨干咨询多，红包晚上的咨询容易被刷下去，一部分人退了群。
    """
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise InputError("随机种子", "应为非负整数", seed)
    rng = np.random.default_rng([int(seed), 20250203])
    m = 132
    emp_id = "S0001"
    pids = np.array([f"T{k:04d}" for k in range(1, m + 1)], dtype=object)
    age = np.clip(rng.normal(37, 9, m), 22, 59).astype(np.int64)
    tenure = np.minimum(rng.gamma(2.2, 3.0, m), np.maximum(age - 21, 0)).astype(np.int64)
    salary = np.round(rng.lognormal(np.log(5200), 0.28, m) * (1 + 0.03 * tenure) / 100) * 100
    rank = (pd.Series(-salary).rank(method="first").to_numpy() - 1).astype(np.int64)
    backbone = rank < m // 8
    segment = np.where(backbone, "骨干", np.where(tenure >= 8, "资深员工",
                                                np.where(age < 30, "月光族", "普通员工"))).astype(object)
    role = np.full(m, "使用者", dtype=object)
    role[int(np.argmin(rank))] = "发起者"                         # 财务主管
    role[int(np.argmax(rank))] = "经办者"                         # 出纳
    # 工资卡上的日均存款（月薪的倍数）：年轻教师月月花光，教了多年的老师攒下了钱（示意）
    keep = np.select([segment == "月光族", segment == "普通员工", segment == "资深员工"], [0.2, 1.0, 4.0], 6.0)
    deposit = np.round(salary * keep * rng.lognormal(0, 0.4, m), 2)
    card = rng.random(m) < np.where(segment == "月光族", 0.55, 0.35)
    cons = rng.random(m) < np.select([segment == "月光族", segment == "普通员工"], [0.12, 0.06], 0.03)
    wealth = np.round(np.where(rng.random(m) < np.select([segment == "骨干", segment == "资深员工"], [0.45, 0.35], 0.03),
                               salary * rng.uniform(10, 40, m), 0.0) / 1e3) * 1e3
    employees = pd.DataFrame({
        "employer_id": emp_id, "person_id": pids, "is_customer": True, "payroll_at_bank": True, "age": age,
        "tenure_years": tenure, "monthly_salary": salary,
        "segment": pd.Categorical(segment, ["月光族", "普通员工", "资深员工", "骨干"]),
        "payroll_role": pd.Categorical(role, ["发起者", "经办者", "使用者"]),
        "avg_deposit": deposit, "credit_card": card, "consumer_loan": cons, "wealth_balance": wealth,
    })
    # ---- 群与成员 ----
    gid, officer = "W01", "M04"
    created = pd.Timestamp("2024-03-04")
    seg_i = pd.Categorical(segment, ["月光族", "普通员工", "资深员工", "骨干"]).codes
    p_join = np.array([0.97, 0.92, 0.8, 0.75])[seg_i]
    member = rng.random(m) < p_join
    joined = created + pd.to_timedelta(rng.integers(0, 60, m), unit="D")
    t0, t1 = pd.Timestamp("2024-07-01"), pd.Timestamp("2024-12-31 23:59")
    p_leave = np.array([0.01, 0.04, 0.16, 0.24])[seg_i]
    leaves = member & (rng.random(m) < p_leave)
    # 退群多在 9 月以后（开学后红包越发越勤）
    left = pd.Series(pd.NaT, index=range(m), dtype="datetime64[ns]")
    left[leaves] = pd.Timestamp("2024-09-01") + pd.to_timedelta(rng.integers(0, 120, int(leaves.sum())), unit="D")
    members = pd.DataFrame({"group_id": gid, "person_id": pids[member], "joined": joined[member],
                            "left": left[member].to_numpy(), "role": "成员"})
    members = pd.concat([members, pd.DataFrame({"group_id": [gid], "person_id": [officer], "joined": [created],
                                                "left": [pd.NaT], "role": ["群主（客户经理）"]})],
                        ignore_index=True)
    # ---- 消息：红包（周二、四、六晚 8 点）、产品推送（每周一上午）、成员发言与咨询、经理回复 ----
    days = pd.date_range(t0.normalize(), t1.normalize(), freq="D")
    red = days[days.day_of_week.isin([1, 3, 5])] + pd.Timedelta(hours=20)
    push = days[days.day_of_week == 0] + pd.Timedelta(hours=9, minutes=30)
    rows = [(officer, t, "红包") for t in red] + [(officer, t, "产品推送") for t in push]
    m_idx = np.nonzero(member)[0]
    in_group = lambda i, t: joined[i] <= t and (pd.isna(left[i]) or left[i] > t)  # noqa: E731
    p_grab = np.array([0.55, 0.30, 0.06, 0.04])
    for t in red:
        for i in m_idx:
            if in_group(i, t) and rng.random() < p_grab[seg_i[i]]:
                rows.append((pids[i], t + pd.Timedelta(minutes=int(rng.integers(1, 90))), "发言"))
    span_min = int((t1 - t0) / pd.Timedelta(minutes=1))

    def evening(n):
        """成员自己说话的时间：大多在晚上 7–10 点，一半落在发红包的晚上。"""
        d = days[rng.integers(0, len(days), n)] + pd.to_timedelta(rng.integers(19 * 60, 22 * 60, n), unit="min")
        return d

    talk_rate = np.array([1.2, 1.5, 1.0, 0.8])
    ask_rate = np.array([0.4, 0.6, 1.6, 2.0])
    for i in m_idx:
        for kind, rate in (("发言", talk_rate), ("咨询", ask_rate)):
            k = int(rng.poisson(rate[seg_i[i]]))
            for t in evening(k):
                if in_group(i, t):
                    rows.append((pids[i], t, kind))
    msgs = pd.DataFrame(rows, columns=["sender_id", "time", "kind"]).sort_values(["time", "sender_id"], kind="stable")
    msgs = msgs.reset_index(drop=True)
    msgs["msg_id"] = [f"X{k:05d}" for k in range(1, len(msgs) + 1)]
    # 回复：咨询若落在红包后 3 小时内，被刷屏淹没，回复率低、回得慢
    asks = msgs[msgs["kind"] == "咨询"]
    red_arr = red.to_numpy()
    pos = np.searchsorted(red_arr, asks["time"].to_numpy(), side="right") - 1
    since = np.where(pos >= 0, (asks["time"].to_numpy() - red_arr[np.maximum(pos, 0)]) / np.timedelta64(1, "h"), 1e9)
    buried = since < 3
    replied = rng.random(len(asks)) < np.where(buried, 0.35, 0.9)
    hours = np.round(np.where(buried, rng.gamma(2.0, 9.0, len(asks)), rng.gamma(1.5, 1.2, len(asks))), 1)
    rep = pd.DataFrame({"sender_id": officer, "time": asks["time"].to_numpy()[replied] + pd.to_timedelta(hours[replied], unit="h"),
                        "kind": "回复", "msg_id": [f"R{k:05d}" for k in range(1, int(replied.sum()) + 1)],
                        "reply_to": asks["msg_id"].to_numpy()[replied], "reply_hours": hours[replied]})
    msgs = pd.concat([msgs.assign(reply_to=None, reply_hours=np.nan), rep], ignore_index=True)
    msgs = msgs[msgs["time"] <= t1].sort_values(["time", "msg_id"], kind="stable").reset_index(drop=True)
    msgs.insert(0, "group_id", gid)
    msgs.insert(1, "date", msgs["time"].dt.normalize())
    msgs["kind"] = pd.Categorical(msgs["kind"], ["发言", "咨询", "产品推送", "回复", "红包"])
    groups = pd.DataFrame({"group_id": [gid], "name": [f"{SCHOOL_NAME}工资卡服务群"], "cluster_id": [None],
                           "owner_manager_id": [officer], "created": [created]})
    return {"employees": employees, "wechat_groups": groups, "wechat_members": members, "wechat_messages": msgs}


def relief_rush_batch(seed: int = 0) -> pd.DataFrame:
    """“青禾纾困贷”一批贷款（教学示意数据）：2022 年 4 月 18 日 9 点在手机银行开放申请，额度几十秒内被抢完。

    每笔一行：``loan_id``、``apply_second``（开放后第几秒提交，精确到 0.1 秒）、``amount``（元）、``kind``（客户类型）、
    ``new_to_bank``（申请前不是本行客户）、``other_lenders``（申请时在他行、网贷平台有贷款的机构数，来自征信报告）、
    ``shared_device``（与至少另外三笔申请用同一部手机或同一个网络提交：代办中介的痕迹）、``manager_id``、
    ``visited``（放款前客户经理上门核实过）、``disburse_date``、``use_matched``（2022 年 7 月贷后检查：资金用途与申报一致）、
    ``bad``（到 2023 年 6 月逾期 30 天以上）。

    埋设：越早提交的申请越多来自代办中介、在他行的贷款越多；6 位客户经理在 9 个工作日里上不完这么多门，
    没上门的贷款更多用途不符、更多变坏。产品、人物与数字均为虚构。
    """
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise InputError("随机种子", "应为非负整数", seed)
    rng = np.random.default_rng([int(seed), 20220418])
    n = 180
    shared = np.zeros(n, dtype=bool)
    shared[rng.choice(n, 34, replace=False)] = True
    # 中介用脚本和熟练手，提交得最快
    sec = np.where(shared, rng.gamma(1.6, 2.2, n), rng.gamma(3.2, 6.5, n))
    sec = np.round(np.minimum(sec, 58.0), 1)
    order = np.argsort(sec, kind="stable")
    sec, shared = sec[order], shared[order]
    other = rng.poisson(np.where(shared, 3.2, 1.1))
    new = rng.random(n) < np.where(shared, 0.85, 0.45)
    kind = rng.choice(np.array(["个体工商户", "小微企业主", "农户"], dtype=object), n, p=[0.6, 0.2, 0.2])
    amount = rng.choice(np.array([30_000.0, 50_000.0, 80_000.0, 100_000.0]), n, p=[0.08, 0.14, 0.18, 0.60])
    amount = np.where(shared, 100_000.0, amount)
    mgr = rng.choice(np.array([f"M0{k}" for k in range(1, 7)], dtype=object), n)
    # 上门核实：9 个工作日、每人每天约 2 户，先上离网点近的老客户（与提交先后无关）
    p_visit = np.where(new, 0.42, 0.75)
    visited = rng.random(n) < p_visit
    work_days = pd.bdate_range("2022-04-19", "2022-04-29")
    disb = np.where(visited, rng.integers(3, len(work_days), n), rng.integers(0, 4, n))
    disburse = work_days[disb].to_numpy()
    logit_use = 1.8 - 1.7 * shared - 0.25 * other + 0.9 * visited
    use_ok = rng.random(n) < 1 / (1 + np.exp(-logit_use))
    logit_bad = -3.9 + 1.5 * shared + 0.32 * other + 0.5 * new - 1.0 * visited + 1.1 * (~use_ok)
    bad = rng.random(n) < 1 / (1 + np.exp(-logit_bad))
    return pd.DataFrame({
        "loan_id": [f"JK{k:04d}" for k in range(1, n + 1)], "apply_second": sec, "amount": amount,
        "kind": pd.array(kind, dtype="str"), "new_to_bank": new, "other_lenders": other.astype(np.int64),
        "shared_device": shared, "manager_id": pd.array(mgr, dtype="str"), "visited": visited,
        "disburse_date": pd.to_datetime(disburse).astype("M8[ns]"), "use_matched": use_ok, "bad": bad,
    })
