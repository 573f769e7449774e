"""替代数据评分卡：给征信白户（征信报告上没有信贷记录的人）打分的一张**公开、逐项可解释**的分值表。

- :class:`Attribute` 一个属性：数据列、分档门槛（从低到高）、每档分值（属性越好分值不减）和说明；
- :class:`Scorecard` 一组属性加一票否决项：``score(表)`` 给出每人每项得分、总分、档位、得分理由和“还差哪一样”；
- :func:`evaluate` 用已知的好坏结果检验分数排序：AUC（坏户分数低于好户的概率，平分记一半）、KS（好坏两组
  累计分布的最大差距）和按档位的坏账率——按定义逐对、逐点计算，可以手算核对；
- :func:`fairness` 谁被挡在门外：按性别、年龄段、村或市场等分组的准入率，以及与准入率最高一组的比值；
- :func:`bank_features` 从教学银行（:func:`coursekit.datasets.teaching_bank`）取出借款客户的替代数据和好坏结果，
  :data:`BANK_CARD` 是配套的教学分值表。

分值表是教学规则，不是行业标准或经过验证的评分卡。在教学银行上的检验有三个硬伤，结果里要一并写明：
样本小（坏户只有几十户）；只有被批准过的人才有好坏结果（被拒的人无从得知，即“拒绝推断”问题）；
特征取自 2023—2024 年的往来，与贷款同期甚至更晚，放款当时看不到。
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from .errors import InputError, require_frame, require_number, require_text

__all__ = ["Attribute", "Scorecard", "Evaluation", "evaluate", "fairness", "bank_features", "BANK_CARD",
           "LIMITS"]

#: 在教学银行上检验评分卡时必须同时写明的局限
LIMITS = (
    "样本小：坏户只有几十户，AUC、坏账率差一两户就会明显变动，只能看方向，不能当精确数字；",
    "拒绝推断：只有批准过、放过款的人才有好坏结果，被拒的人会不会还款无从得知，"
    "分数对“门外的人”排序得准不准，这份数据回答不了；",
    "时点：替代数据取自 2023—2024 年的往来，与贷款同期甚至更晚，放款当时看不到，"
    "正式使用前要按“放款时能看到的数据”重做一次。",
)


def _seq(value, field: str) -> list:
    if isinstance(value, (str, bytes)) or not isinstance(value, (list, tuple, np.ndarray, pd.Series, pd.Index)):
        raise InputError(field, "应为一列数值（列表或元组）", value)
    return list(value)


def _series(value, field: str) -> pd.Series:
    if isinstance(value, (str, bytes)) or not isinstance(value, (list, tuple, np.ndarray, pd.Series)):
        raise InputError(field, "应为一列数值（列表或 Series）", value)
    out = pd.Series(value)
    if out.empty:
        raise InputError(field, "不能为空", value)
    return out


@dataclass(frozen=True)
class Attribute:
    """一个打分属性。``cuts`` 从低到高的门槛：取值 ≥ ``cuts[k]`` 落在第 k + 1 档，低于 ``cuts[0]`` 为第 0 档；
    ``points`` 比 ``cuts`` 多一个，是各档分值，必须随档位**不减**（属性越好，分不会越低）。
    ``labels`` 是各档的说明（可省略，默认按门槛生成）；缺失值按第 0 档计。
    """

    name: str
    column: str
    cuts: tuple[float, ...]
    points: tuple[float, ...]
    labels: tuple[str, ...] = ()

    def __post_init__(self):
        require_text(self.name, "属性名称")
        require_text(self.column, "数据列")
        cuts = tuple(require_number(c, f"{self.name}的门槛") for c in _seq(self.cuts, f"{self.name}的门槛"))
        if not cuts:
            raise InputError(f"{self.name}的门槛", "至少要有一个门槛", self.cuts)
        if any(b <= a for a, b in zip(cuts, cuts[1:])):
            raise InputError(f"{self.name}的门槛", "应从低到高、互不相同", self.cuts)
        points = tuple(require_number(p, f"{self.name}的分值") for p in _seq(self.points, f"{self.name}的分值"))
        if len(points) != len(cuts) + 1:
            raise InputError(f"{self.name}的分值", f"应比门槛多一个（{len(cuts) + 1} 个）", self.points)
        if any(b < a for a, b in zip(points, points[1:])):
            raise InputError(f"{self.name}的分值", "属性越好分值不能越低：各档分值应从低到高不减", self.points)
        if self.labels is None or isinstance(self.labels, (str, bytes)) or not isinstance(self.labels, (list, tuple)):
            raise InputError(f"{self.name}的档位说明", "应为文字的列表或元组", self.labels)
        if self.labels:
            if len(self.labels) != len(points):
                raise InputError(f"{self.name}的档位说明", f"应有 {len(points)} 个", self.labels)
            object.__setattr__(self, "labels", tuple(require_text(t, f"{self.name}的档位说明") for t in self.labels))
        object.__setattr__(self, "cuts", cuts)
        object.__setattr__(self, "points", points)
        if not self.labels:
            made = [f"低于 {cuts[0]:g}"] + [f"{c:g} 及以上" if i == len(cuts) - 1 else f"{c:g}—{cuts[i + 1]:g}"
                                           for i, c in enumerate(cuts)]
            object.__setattr__(self, "labels", tuple(made))

    @classmethod
    def flag(cls, name: str, column: str, points: float) -> "Attribute":
        """具备 / 不具备的属性：取值为 1（或 True）得 ``points`` 分，否则 0 分。``points`` 不能为负。"""
        points = require_number(points, f"{name}的分值")
        if points < 0:
            raise InputError(f"{name}的分值", "不能为负数", points)
        return cls(name, column, (1,), (0, points), ("不具备", "具备"))

    def bins(self, values: pd.Series) -> np.ndarray:
        v = pd.to_numeric(values, errors="coerce").astype(float).to_numpy()
        k = np.searchsorted(np.asarray(self.cuts), v, side="right")
        return np.where(np.isnan(v), 0, k)

    def with_points(self, points: Sequence[float]) -> "Attribute":
        return Attribute(self.name, self.column, self.cuts, tuple(points), self.labels)


class Scorecard:
    """一张分值表：属性（:class:`Attribute`）、一票否决的列（取值为真即否决）和档位线（分数 ≥ 线进该档）。

    >>> card = Scorecard([Attribute.flag("水电按时缴费", "水电", 15)], bands={"A": 10})
    >>> card.score(pd.DataFrame({"水电": [1, 0]}))["得分"].tolist()
    [15.0, 0.0]
    """

    def __init__(self, attributes: Sequence[Attribute], *, vetoes: Mapping[str, str] | None = None,
                 bands: Mapping[str, float] | None = None):
        attrs = tuple(_seq(attributes, "属性"))
        if not attrs or not all(isinstance(a, Attribute) for a in attrs):
            raise InputError("属性", "应为一个或多个 Attribute", attributes)
        names = [a.name for a in attrs]
        if len(set(names)) != len(names):
            raise InputError("属性", "名称不能重复", names)
        self.attributes = attrs
        if vetoes is not None and not isinstance(vetoes, Mapping):
            raise InputError("否决项", "应为 {数据列: 说明} 的字典", vetoes)
        if bands is not None and not isinstance(bands, Mapping):
            raise InputError("档位线", "应为 {档位: 分数线} 的字典", bands)
        self.vetoes = dict(vetoes or {})
        for col, why in self.vetoes.items():
            require_text(col, "否决项的数据列")
            require_text(why, "否决项的说明")
        bands = dict(bands if bands is not None else {"准入": self.max_points / 2})
        if not bands:
            raise InputError("档位线", "至少要有一条分数线", bands)
        bands = {require_text(label, "档位名称"): require_number(line, f"{label}档的分数线")
                 for label, line in bands.items()}
        # 从高到低排，分数 ≥ 线即进该档；低于所有线为“未达线”
        self.bands = dict(sorted(bands.items(), key=lambda kv: -kv[1]))

    @property
    def max_points(self) -> float:
        return float(sum(a.points[-1] for a in self.attributes))

    def table(self) -> pd.DataFrame:
        """分值表：属性、档位、分值——可以原样贴在柜台上给客户看。"""
        rows = [{"属性": a.name, "档位": label, "分值": p}
                for a in self.attributes for label, p in zip(a.labels, a.points)]
        return pd.DataFrame(rows)

    def with_points(self, points: Mapping[str, Sequence[float]]) -> "Scorecard":
        """换一套分值（``{属性名称: 各档分值}``），门槛、否决项和档位线不变。"""
        if not isinstance(points, Mapping):
            raise InputError("分值", "应为 {属性名称: 各档分值} 的字典", points)
        unknown = set(points) - {a.name for a in self.attributes}
        if unknown:
            raise InputError("分值", "没有这些属性：" + "、".join(sorted(unknown)), sorted(unknown))
        attrs = [a.with_points(points[a.name]) if a.name in points else a for a in self.attributes]
        return Scorecard(attrs, vetoes=self.vetoes, bands=self.bands)

    def with_bands(self, bands: Mapping[str, float]) -> "Scorecard":
        return Scorecard(self.attributes, vetoes=self.vetoes, bands=bands)

    def score(self, data: pd.DataFrame) -> pd.DataFrame:
        """逐人打分。返回与 ``data`` 同索引的表：每个属性的得分、``得分``、``档位``（否决的为“否决”）、
        ``得分理由``（每项得了几分、因为什么）和 ``还差``（没拿满分的项目：告诉客户差哪一样、怎么补）。"""
        cols = [a.column for a in self.attributes] + list(self.vetoes)
        data = require_frame(data, "替代数据", cols)
        out = pd.DataFrame(index=data.index)
        reasons = [[] for _ in range(len(data))]
        missing = [[] for _ in range(len(data))]
        total = np.zeros(len(data))
        for a in self.attributes:
            k = a.bins(data[a.column])
            pts = np.asarray(a.points)[k]
            out[a.name] = pts
            total += pts
            top = a.points[-1]
            for i, (kk, p) in enumerate(zip(k, pts)):
                reasons[i].append(f"{a.name}：{a.labels[kk]} {p:+g} 分")
                if p < top:
                    missing[i].append(f"{a.name}（再得 {top - p:g} 分：{a.labels[-1]}）")
        out["得分"] = total
        veto = np.zeros(len(data), dtype=bool)
        veto_why = [[] for _ in range(len(data))]
        for col, why in self.vetoes.items():
            hit = data[col].fillna(False).astype(bool).to_numpy()
            veto |= hit
            for i in np.flatnonzero(hit):
                veto_why[i].append(why)
        band = np.full(len(data), "未达线", dtype=object)
        for label, line in sorted(self.bands.items(), key=lambda kv: kv[1]):
            band[total >= line - 1e-9] = label
        band[veto] = "否决"
        out["档位"] = band
        out["得分理由"] = ["；".join(r + [f"一票否决：{w}" for w in vw]) for r, vw in zip(reasons, veto_why)]
        out["还差"] = ["；".join(m) if m else "—" for m in missing]
        return out


@dataclass(frozen=True)
class Evaluation:
    """评分卡在已知好坏结果上的检验（见 :func:`evaluate`）。"""

    n: int
    n_bad: int
    auc: float
    ks: float
    ks_score: float
    bands: pd.DataFrame
    limits: tuple[str, ...] = LIMITS

    def summary(self) -> pd.DataFrame:
        return pd.DataFrame([
            ("样本户数", f"{self.n:,}"), ("坏户数", f"{self.n_bad:,}"),
            ("AUC（0.5 = 随机）", f"{self.auc:.3f}"), ("KS", f"{self.ks:.3f}（分数线 {self.ks_score:g}）"),
        ], columns=["指标", "数值"])


def evaluate(scores: pd.Series, bad: pd.Series, *, bands: Mapping[str, float] | Sequence[float] | None = None,
             ) -> Evaluation:
    """用好坏结果检验分数的排序能力。

    - AUC：任取一个坏户和一个好户，坏户分数**低于**好户的概率，平分记 1/2（Mann–Whitney 统计量 ÷ 对数）；
      0.5 等于随机，越接近 1 越好；
    - KS：在每个分数线 s 上，好户中分数 ≤ s 的比例与坏户中分数 ≤ s 的比例之差，取最大值；
    - ``bands``：分档的分数线（``{档位: 线}`` 或一串线），按档给出户数、坏户数、坏账率。
    """
    s = pd.to_numeric(_series(scores, "分数"), errors="coerce")
    b = _series(bad, "好坏结果")
    if len(s) != len(b):
        raise InputError("好坏结果", f"应与分数一样长（{len(s)} 个）", len(b))
    if s.isna().any() or not np.isfinite(s.to_numpy(float)).all():
        raise InputError("分数", "不能有缺失、非数字或无穷大", int(s.isna().sum()))
    b = b.map(lambda x: bool(x) if isinstance(x, (bool, np.bool_, int, np.integer)) and x in (0, 1) else x)
    if not all(isinstance(x, (bool, np.bool_)) for x in b.tolist()):
        raise InputError("好坏结果", "应为 是/否（True/False 或 1/0）", list(b.head(3)))
    sv, bv = s.to_numpy(float), b.to_numpy(bool)
    n_bad, n_good = int(bv.sum()), int((~bv).sum())
    if n_bad == 0 or n_good == 0:
        raise InputError("好坏结果", "好户和坏户都至少要有一户才能检验", {"坏户": n_bad, "好户": n_good})
    good_s, bad_s = np.sort(sv[~bv]), np.sort(sv[bv])
    # 每个坏户：比它分数高的好户数 + 一半平分的好户数
    above = n_good - np.searchsorted(good_s, bad_s, side="right")
    ties = np.searchsorted(good_s, bad_s, side="right") - np.searchsorted(good_s, bad_s, side="left")
    auc = float((above + 0.5 * ties).sum() / (n_bad * n_good))
    grid = np.unique(sv)
    cdf_good = np.searchsorted(good_s, grid, side="right") / n_good
    cdf_bad = np.searchsorted(bad_s, grid, side="right") / n_bad
    gap = cdf_bad - cdf_good
    i = int(np.argmax(np.abs(gap)))
    if bands is None:
        lines = sorted(set(np.quantile(sv, [0.25, 0.5, 0.75]).round(6)))
        labels = None
    elif isinstance(bands, Mapping):
        items = sorted(((require_text(k, "档位名称"), require_number(v, f"{k}档的分数线")) for k, v in bands.items()),
                       key=lambda kv: kv[1])
        lines = [v for _, v in items]
        labels = [k for k, _ in items]
    else:
        lines = sorted(require_number(v, "分数线") for v in _seq(bands, "分数线"))
        labels = None
    if not lines:
        raise InputError("分数线", "至少要有一条", bands)
    k = np.searchsorted(np.asarray(lines, float), sv, side="right")
    edges = [-np.inf] + list(lines) + [np.inf]
    names = ([f"低于 {lines[0]:g}"] + [f"{lines[j]:g} 及以上" if j == len(lines) - 1 else
                                       f"{lines[j]:g}—{lines[j + 1]:g}" for j in range(len(lines))])
    if labels is not None:
        names = ["未达线"] + labels
    rows = []
    for j in range(len(edges) - 1):
        m = k == j
        cnt, nb = int(m.sum()), int(bv[m].sum())
        rows.append({"分数段": names[j], "户数": cnt, "坏户数": nb, "坏账率": nb / cnt if cnt else 0.0})
    return Evaluation(n=len(sv), n_bad=n_bad, auc=auc, ks=float(abs(gap[i])), ks_score=float(grid[i]),
                      bands=pd.DataFrame(rows))


def fairness(approved: pd.Series, groups: Mapping[str, pd.Series] | pd.DataFrame) -> pd.DataFrame:
    """谁被挡在门外：每个分组维度（如性别、年龄段、村或市场）下各组的户数、准入户数、准入率，
    以及与该维度准入率最高一组的比值（低于 0.8 的标出来——这是常用的提示线，不是法规门槛）。"""
    a = _series(approved, "是否准入")
    if not all(isinstance(x, (bool, np.bool_)) for x in a.tolist()):
        raise InputError("是否准入", "应为 True/False", list(a.head(3)))
    if isinstance(groups, pd.DataFrame):
        frame = groups
    elif isinstance(groups, Mapping):
        cols = {str(k): list(_series(v, f"分组“{k}”")) for k, v in groups.items()}
        bad_len = [k for k, v in cols.items() if len(v) != len(a)]
        if bad_len:
            raise InputError("分组", f"每个维度应与准入结果一样长（{len(a)} 个）", bad_len)
        frame = pd.DataFrame(cols, index=a.index) if cols else pd.DataFrame(index=a.index)
    else:
        raise InputError("分组", "应为 DataFrame 或 {维度: 一列分组} 的字典", groups)
    if len(frame) != len(a):
        raise InputError("分组", f"应与准入结果一样长（{len(a)} 个）", len(frame))
    if frame.shape[1] == 0:
        raise InputError("分组", "至少要有一个分组维度", list(frame.columns))
    rows = []
    av = a.to_numpy(bool)
    for dim in frame.columns:
        g = frame[dim].fillna("未知").astype(str).to_numpy()
        part = []
        for key in sorted(set(g)):
            m = g == key
            part.append({"维度": str(dim), "分组": key, "户数": int(m.sum()), "准入户数": int(av[m].sum()),
                         "准入率": float(av[m].mean())})
        best = max(p["准入率"] for p in part)
        for p in part:
            p["与最高组之比"] = p["准入率"] / best if best > 0 else 0.0
            p["提示"] = "明显偏低" if best > 0 and p["准入率"] / best < 0.8 else ""
        rows += part
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------------------------------
# 教学银行上的替代数据
# ---------------------------------------------------------------------------------------------
#: 教学银行的配套分值表（教学规则，满分 100）
BANK_CARD = Scorecard([
    Attribute("本行往来年限", "往来年限", (2, 5), (0, 10, 20), ("不满 2 年", "2—4 年", "5 年及以上")),
    Attribute("结算活跃月数", "结算活跃月数", (6, 10), (0, 15, 30), ("不满 6 个月", "6—9 个月", "10 个月及以上")),
    Attribute("存款月均余额", "存款月均", (5_000, 30_000), (0, 10, 20),
              ("不足 5,000 元", "5,000—30,000 元", "30,000 元及以上")),
    Attribute.flag("社保卡在本行", "社保卡", 15),
    Attribute.flag("为他人担保或有转介绍", "社会关系", 15),
], bands={"A": 70, "B": 50})


def bank_features(bank) -> pd.DataFrame:
    """教学银行每个借款客户的替代数据与好坏结果（以客户编号为索引）。

    替代数据：``往来年限``（年）、``结算活跃月数``（2024 年有入账的月数）、``存款月均``（2023—2024 年存款月均余额，元）、
    ``社保卡``（持有本行社保卡）、``社会关系``（为他人作过担保，或有转介绍关系）。
    分组：``性别``（身份证号第 17 位，奇数为男）、``年龄段``、``村或市场``（所属村、市场或商圈）、``客户类型``。
    结果：``坏户``——任一笔贷款曾逾期 30 天及以上、现为次级及以下或已核销。
    """
    need = ("customers", "loans", "settlement", "balances", "holdings", "guarantees", "referrals",
            "overdue_history", "clusters")
    missing = [n for n in need if not hasattr(bank, n)]
    if missing:
        raise InputError("教学银行", "缺少数据表：" + "、".join(missing), missing)
    loans = bank.loans
    worst = bank.overdue_history.groupby("loan_id", observed=True)["overdue_days"].max()
    od = np.maximum(loans["loan_id"].map(worst).fillna(0).to_numpy(), loans["overdue_days"].to_numpy())
    bad_loan = (od >= 30) | loans["risk_category"].isin(["次级", "可疑", "损失"]).to_numpy() | \
        (loans["status"] == "核销").to_numpy()
    bad = pd.Series(bad_loan, index=loans.index).groupby(loans["customer_id"]).any()
    c = bank.customers.set_index("customer_id").loc[bad.index]
    st = bank.settlement
    active = st[st["inflow"] > 0].groupby("customer_id")["month"].nunique()
    dep = bank.balances[bank.balances["product"] == "存款"].groupby("customer_id")["avg_balance"].mean()
    ss = set(bank.holdings.loc[bank.holdings["product"] == "社保卡", "customer_id"])
    ties = (set(bank.guarantees["guarantor_id"])
            | set(bank.referrals["referrer_id"]) | set(bank.referrals["referred_id"]))
    place = bank.clusters.set_index("cluster_id")["name"]
    idx = bad.index
    gender_digit = pd.to_numeric(c["id_number"].astype(str).str[16], errors="coerce")
    out = pd.DataFrame({
        "往来年限": c["tenure_years"].astype(float),
        "结算活跃月数": active.reindex(idx).fillna(0).astype(int),
        "存款月均": dep.reindex(idx).fillna(0.0).round(2),
        "社保卡": [cid in ss for cid in idx],
        "社会关系": [cid in ties for cid in idx],
        "性别": np.where(gender_digit.isna(), "未知", np.where(gender_digit % 2 == 1, "男", "女")),
        "年龄段": c["age_band"].astype(str),
        "村或市场": c["cluster_id"].map(place).fillna("未归属").astype(str),
        "客户类型": c["ctype"].astype(str),
        "坏户": bad.to_numpy(bool),
    }, index=idx)
    out.index.name = "客户编号"
    return out
