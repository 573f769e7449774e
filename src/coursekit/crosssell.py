"""交叉销售模型：持有矩阵、产品关联、可解释的倾向分、下一产品推荐与留出期检验。

倾向分是三个客户经理讲得清的分量的加权和（权重可调，默认 0.5 / 0.3 / 0.2）：

1. **同群持有率**：同一客群（市场、村、园区……）里同类型客户持有该产品的比例（不含本户）；
2. **关联置信度**：本户已持有的产品 A（存款除外）中，“持有 A 的客户也持有该产品”的比例的最大值；
3. **活跃度**：近 3 个月存款日均在同类客户中的百分位；近 3 个月比前 3 个月下降超过 30% 时减半。

已持有的产品、不适合该客户类型的产品（如农户的收单、企业的信用卡）不推荐。存款、贷款不作为交叉销售产品
（贷款是授信决定，不是推销）。所有计算都是向量化的：一百万户的打分在几秒内完成。
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

import numpy as np
import pandas as pd

from .errors import InputError, date_column, numeric_column, require_date, require_int, require_number

__all__ = ["CROSS_SELL_PRODUCTS", "holding_matrix", "associations", "propensity", "next_best", "evaluate",
           "Scores", "book_growth"]

CROSS_SELL_PRODUCTS = ("代发", "理财", "保险", "信用卡", "收单", "手机银行", "社保卡")
_ALL_PRODUCTS = ("存款", "贷款") + CROSS_SELL_PRODUCTS
_CTYPES = ("农户", "个体工商户", "小微企业主", "小微企业", "代发工资员工")
#: 客户类型 × 产品的适用性（1 可推荐）
_ELIGIBLE = pd.DataFrame(
    [[0, 1, 1, 1, 0, 1, 1],
     [0, 1, 1, 1, 1, 1, 1],
     [0, 1, 1, 1, 1, 1, 1],
     [1, 1, 1, 0, 1, 1, 0],
     [0, 1, 1, 1, 0, 1, 1]], index=list(_CTYPES), columns=list(CROSS_SELL_PRODUCTS))
_KIND_WORD = {"市场": "同市场", "村": "同村", "园区": "同园区", "商业街": "同商业街", "商会": "同商会"}
_CT_WORD = {"农户": "农户", "个体工商户": "商户", "小微企业主": "企业主", "小微企业": "企业", "代发工资员工": "代发员工"}
DEFAULT_WEIGHTS = (0.5, 0.3, 0.2)


# ------------------------------------------------------------------------------------------ 输入 ----
def _tables(bank_or_tables: Any) -> dict[str, pd.DataFrame]:
    if hasattr(bank_or_tables, "tables"):
        t = bank_or_tables.tables
    elif isinstance(bank_or_tables, Mapping):
        t = bank_or_tables
    else:
        raise InputError("数据", "应为教学银行（teaching_bank() 的结果）或含 customers、holdings 表的字典")
    for name, cols in (("customers", ["customer_id", "ctype", "cluster_id"]), ("holdings", ["customer_id", "product"])):
        df = t.get(name)
        if not isinstance(df, pd.DataFrame):
            raise InputError("数据", f"缺少 {name} 表")
        missing = [c for c in cols if c not in df.columns]
        if missing:
            raise InputError(f"{name} 表", f"缺少列：{'、'.join(missing)}")
    if len(t["customers"]) == 0:
        raise InputError("customers 表", "不能为空")
    t = dict(t)
    bal = t.get("balances")
    if bal is not None:
        if not isinstance(bal, pd.DataFrame):
            raise InputError("balances 表", "应为 pandas DataFrame", type(bal).__name__)
        missing = [c for c in ("customer_id", "product", "month", "avg_balance") if c not in bal.columns]
        if missing and len(bal):
            raise InputError("balances 表", f"缺少列：{'、'.join(missing)}")
    return t


def _as_of(value, default="2024-12-31") -> pd.Timestamp:
    if value is None:
        return pd.Timestamp(default)
    return require_date(value, "截止日期")


def _weights(weights) -> np.ndarray:
    try:
        w = [require_number(x, "权重") for x in weights]
    except TypeError:
        raise InputError("权重", "应为三个数（同群持有率、关联置信度、活跃度）", weights) from None
    if len(w) != 3:
        raise InputError("权重", "应为三个数（同群持有率、关联置信度、活跃度）", weights)
    w = np.array(w, dtype=float)
    if (w < 0).any() or w.sum() <= 0:
        raise InputError("权重", "不能为负数，且合计应大于 0", tuple(weights))
    return w / w.sum()


def _codes(values: pd.Series, index: pd.Index) -> np.ndarray:
    if isinstance(values.dtype, pd.CategoricalDtype) and values.cat.categories.equals(index):
        return values.cat.codes.to_numpy().astype(np.int64)
    return index.get_indexer(values.astype(str))


# ------------------------------------------------------------------------------------ 持有矩阵 ----
def holding_matrix(bank_or_tables: Any, as_of=None, products=_ALL_PRODUCTS) -> pd.DataFrame:
    """客户 × 产品的 0/1 持有矩阵（截至 ``as_of``：只算开通日期不晚于该日的持有）。

    行是全部客户（按 customers 表顺序），列是 ``products``。
    """
    t = _tables(bank_or_tables)
    cust = pd.Index(t["customers"]["customer_id"].astype(str))
    if isinstance(products, str):      # 一个产品名，不是一串单字
        products = [products]
    try:
        products = list(products)
    except TypeError:
        raise InputError("产品", "应为产品名称的列表，如 [\"存款\", \"贷款\"]", products) from None
    if not products or not all(isinstance(p, str) and p.strip() for p in products):
        raise InputError("产品", "应为非空的产品名称列表，如 [\"存款\", \"贷款\"]", products)
    if len(set(products)) != len(products):
        raise InputError("产品", "有重复的产品名称", products)
    h = t["holdings"]
    unknown = [p for p in products if p not in _ALL_PRODUCTS and not (h["product"].astype(str) == p).any()]
    if unknown:
        raise InputError("产品", "不认识，可选：" + "、".join(_ALL_PRODUCTS), unknown[0])
    if as_of is not None and "since" in h.columns:
        h = h[(date_column(h["since"], "开通日期", allow_missing=True) <= _as_of(as_of)).to_numpy()]
    ci = _codes(h["customer_id"], cust)
    pi = pd.Index(products).get_indexer(h["product"].astype(str))
    ok = (ci >= 0) & (pi >= 0)
    m = np.zeros((len(cust), len(products)), dtype=np.uint8)
    m[ci[ok], pi[ok]] = 1
    return pd.DataFrame(m, index=pd.Index(cust, name="customer_id"), columns=pd.Index(products, name="产品"))


def associations(matrix: pd.DataFrame, min_support: float = 0.0) -> pd.DataFrame:
    """产品关联规则 A→B：支持度 P(A 且 B)、置信度 P(B|A)、提升度 P(B|A)/P(B)。

    ``matrix`` 为 :func:`holding_matrix` 的结果（0/1）。返回按提升度降序的表。
    """
    if not isinstance(matrix, pd.DataFrame) or matrix.empty:
        raise InputError("持有矩阵", "应为非空的客户 × 产品 0/1 表")
    ms = require_number(min_support, "最小支持度")
    if not 0 <= ms <= 1:
        raise InputError("最小支持度", "应在 0 到 1 之间", min_support)
    m = matrix.to_numpy()
    if not np.isin(m, (0, 1)).all():
        raise InputError("持有矩阵", "只能包含 0 和 1")
    x = m.astype(np.float64)
    n = len(x)
    both = x.T @ x
    single = np.diag(both)
    cols = list(matrix.columns)
    a, b = np.meshgrid(np.arange(len(cols)), np.arange(len(cols)), indexing="ij")
    sel = (a != b).ravel()
    a, b = a.ravel()[sel], b.ravel()[sel]
    support = both[a, b] / n
    conf = np.divide(both[a, b], single[a], out=np.zeros(len(a)), where=single[a] > 0)
    pb = single[b] / n
    lift = np.divide(conf, pb, out=np.zeros(len(a)), where=pb > 0)
    out = pd.DataFrame({"前项": np.array(cols)[a], "后项": np.array(cols)[b], "前项户数": single[a].astype(int),
                        "支持度": support, "置信度": conf, "提升度": lift})
    out = out[out["支持度"] >= ms]
    return out.sort_values(["提升度", "支持度"], ascending=False, ignore_index=True)


# ------------------------------------------------------------------------------------- 倾向分 ----
@dataclass(frozen=True, eq=False)
class Scores:
    """倾向分及其三个分量（客户 × 交叉销售产品的矩阵），以及画理由需要的上下文。"""

    score: pd.DataFrame
    peer: pd.DataFrame
    assoc: pd.DataFrame
    assoc_from: pd.DataFrame  # 关联置信度来自哪个已持有产品
    activity: pd.Series
    deposit_3m: pd.Series
    held: pd.DataFrame
    customers: pd.DataFrame
    as_of: pd.Timestamp
    weights: tuple


def _activity(t, cust: pd.Index, ctype_codes: np.ndarray, as_of: pd.Timestamp):
    n = len(cust)
    bal = t.get("balances")
    recent = np.zeros(n)
    prior = np.zeros(n)
    if isinstance(bal, pd.DataFrame) and len(bal):
        end = as_of.to_period("M").to_timestamp()
        if as_of < (end + pd.offsets.MonthEnd(0)):
            end = end - pd.DateOffset(months=1)  # 只用已经结束的月份
        m = date_column(bal["month"], "balances 表的月份").to_numpy()
        lo = np.datetime64(end - pd.DateOffset(months=5), "ns")
        sel = (bal["product"] == "存款").to_numpy() & (m >= lo) & (m <= np.datetime64(end, "ns"))
        b = bal.loc[sel]
        ci = _codes(b["customer_id"], cust)
        mm = m[sel]
        is_recent = mm > np.datetime64(end - pd.DateOffset(months=3), "ns")
        v = numeric_column(b["avg_balance"], "月日均余额", fill=0.0).to_numpy(float)
        ok = ci >= 0
        recent = np.bincount(ci[ok & is_recent], weights=v[ok & is_recent], minlength=n) / 3
        prior = np.bincount(ci[ok & ~is_recent], weights=v[ok & ~is_recent], minlength=n) / 3
    # 同类型客户中的百分位
    s = pd.Series(recent)
    pct = s.groupby(ctype_codes).rank(pct=True).to_numpy()
    falling = (prior > 0) & (recent < 0.7 * prior)
    act = np.where(falling, pct * 0.5, pct)
    return act, recent, falling


def propensity(bank_or_tables: Any, as_of=None, weights=DEFAULT_WEIGHTS) -> Scores:
    """计算每位客户对每个交叉销售产品的倾向分（0–1），已持有或不适用的记为 NaN。"""
    t = _tables(bank_or_tables)
    as_of_ts = _as_of(as_of)
    w = _weights(weights)
    c = t["customers"]
    cust = pd.Index(c["customer_id"].astype(str), name="customer_id")
    n = len(cust)
    ct = pd.Categorical(c["ctype"].astype(str), categories=list(_CTYPES))
    ctc = ct.codes.astype(np.int64)
    if (ctc < 0).any():
        raise InputError("客户类型", f"应为以下之一：{'、'.join(_CTYPES)}")
    clc = pd.factorize(c["cluster_id"].astype(str))[0]
    held_all = holding_matrix(t, as_of=as_of_ts, products=_ALL_PRODUCTS)
    held = held_all[list(CROSS_SELL_PRODUCTS)].to_numpy()
    # 1. 同群持有率（同客群、同类型，不含本户）
    grp = clc * len(_CTYPES) + ctc
    gsize = np.bincount(grp, minlength=grp.max() + 1)
    peer = np.empty(held.shape)
    for j in range(held.shape[1]):
        gsum = np.bincount(grp, weights=held[:, j], minlength=len(gsize))
        peer[:, j] = np.divide(gsum[grp] - held[:, j], gsize[grp] - 1, out=np.zeros(n), where=gsize[grp] > 1)
    # 2. 关联置信度：已持有产品 A 中 P(B|A) 的最大值（A 含存款、贷款）
    x = held_all.to_numpy()
    x_f = x.astype(np.float64)
    both = x_f.T @ x_f
    single = np.diag(both)
    conf = np.divide(both, single[:, None], out=np.zeros_like(both), where=single[:, None] > 0)
    cs_idx = [list(_ALL_PRODUCTS).index(p) for p in CROSS_SELL_PRODUCTS]
    conf_cs = conf[:, cs_idx]
    assoc = np.zeros(held.shape)
    src = np.full(held.shape, -1)
    for a in range(1, x.shape[1]):  # 人人都有存款，存款不作前项
        cand = np.where(x[:, a:a + 1] == 1, conf_cs[a][None, :], 0.0)
        if a in cs_idx:
            cand[:, cs_idx.index(a)] = 0.0  # A→A 不算
        better = cand > assoc
        assoc = np.where(better, cand, assoc)
        src = np.where(better, a, src)
    # 3. 活跃度
    act, dep3, _falling = _activity(t, cust, ctc, as_of_ts)
    score = w[0] * peer + w[1] * assoc + w[2] * act[:, None]
    elig = _ELIGIBLE.to_numpy()[ctc].astype(bool)
    mask = (held == 1) | ~elig
    score = np.where(mask, np.nan, score)
    cols = pd.Index(list(CROSS_SELL_PRODUCTS), name="产品")
    frame = lambda a: pd.DataFrame(a, index=cust, columns=cols)  # noqa: E731
    src_names = np.array(list(_ALL_PRODUCTS) + [""], dtype=object)[np.where(src < 0, len(_ALL_PRODUCTS), src)]
    info = pd.DataFrame({"ctype": np.asarray(ct.astype(str)), "cluster_id": c["cluster_id"].astype(str).to_numpy(),
                         "name": c["name"].astype(str).to_numpy() if "name" in c.columns else cust.to_numpy()},
                        index=cust)
    clusters = t.get("clusters")
    if isinstance(clusters, pd.DataFrame) and {"cluster_id", "kind", "name"} <= set(clusters.columns):
        cl = clusters.set_index(clusters["cluster_id"].astype(str))
        info["cluster_name"] = info["cluster_id"].map(cl["name"])
        info["cluster_kind"] = info["cluster_id"].map(cl["kind"])
    else:
        info["cluster_name"] = info["cluster_id"]
        info["cluster_kind"] = ""
    return Scores(score=frame(score), peer=frame(peer), assoc=frame(assoc), assoc_from=frame(src_names),
                  activity=pd.Series(act, index=cust), deposit_3m=pd.Series(dep3, index=cust),
                  held=held_all, customers=info, as_of=as_of_ts, weights=tuple(float(v) for v in w))


def _top_k(score: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """每行取分数最高的 k 个（NaN 排最后）；返回 (列下标, 分数)。"""
    s = np.where(np.isnan(score), -np.inf, score)
    k = min(k, s.shape[1])
    idx = np.argsort(-s, axis=1, kind="stable")[:, :k]
    return idx, np.take_along_axis(s, idx, axis=1)


def _pct_text(x: np.ndarray) -> np.ndarray:
    return np.strings.add(np.round(x * 100).astype(np.int64).astype(str), "%")


def next_best(bank_or_tables: Any, customer_id=None, cluster_id=None, k: int = 3, as_of=None,
              weights=DEFAULT_WEIGHTS, scores: Scores | None = None) -> pd.DataFrame:
    """下一产品推荐：每位客户倾向分最高的 k 个未持有产品，附一句中文理由。

    ``customer_id``（一个或多个客户号）或 ``cluster_id``（客群编号或名称）二选一；都不给时对全部客户推荐。
    已算好的 :class:`Scores` 可经 ``scores=`` 传入，省去重算。
    """
    k = require_int(k, "推荐数", minimum=1, maximum=len(CROSS_SELL_PRODUCTS))
    if customer_id is not None and cluster_id is not None:
        raise InputError("筛选条件", "客户号与客群只能给一个")
    if scores is not None and not isinstance(scores, Scores):
        raise InputError("倾向分", "应为 propensity() 的结果（Scores）", type(scores).__name__)
    sc = scores if scores is not None else propensity(bank_or_tables, as_of=as_of, weights=weights)
    info = sc.customers
    if customer_id is not None:
        if isinstance(customer_id, (str, int, np.integer)) and not isinstance(customer_id, bool):
            ids = [customer_id]
        elif isinstance(customer_id, (list, tuple, set, pd.Series, pd.Index, np.ndarray)):
            ids = list(customer_id)
        else:
            raise InputError("客户号", "应为客户号（如 C000004）或客户号的列表", customer_id)
        if not all(isinstance(i, (str, int, np.integer)) and not isinstance(i, bool) for i in ids):
            raise InputError("客户号", "应为文字，如 C000004")
        ids = [str(i).strip() for i in ids]
        if not ids or not all(ids):
            raise InputError("客户号", "不能为空，请输入客户号（如 C000004）")
        unknown = [i for i in ids if i not in info.index]
        if unknown:
            raise InputError("客户号", "不存在", "、".join(unknown[:3]))
        rows = info.index.get_indexer(ids)
    elif cluster_id is not None:
        key = str(cluster_id).strip()
        sel = (info["cluster_id"] == key) | (info["cluster_name"] == key)
        if not sel.any():
            raise InputError("客群", "不存在", cluster_id)
        rows = np.nonzero(sel.to_numpy())[0]
    else:
        rows = np.arange(len(info))
    score = sc.score.to_numpy()[rows]
    idx, top = _top_k(score, k)
    n_r, kk = idx.shape
    r_rep = np.repeat(rows, kk)
    j = idx.ravel()
    s = top.ravel()
    keep = np.isfinite(s)
    r_rep, j, s = r_rep[keep], j[keep], s[keep]
    rank = np.tile(np.arange(1, kk + 1), n_r)[keep]
    prods = np.array(CROSS_SELL_PRODUCTS)[j]
    peer = sc.peer.to_numpy()[r_rep, j]
    assoc = sc.assoc.to_numpy()[r_rep, j]
    src = sc.assoc_from.to_numpy()[r_rep, j].astype(str)
    act = sc.activity.to_numpy()[r_rep]
    ctype = info["ctype"].to_numpy()[r_rep].astype(str)
    kind = info["cluster_kind"].to_numpy()[r_rep].astype(str)
    kind_word = np.array([_KIND_WORD.get(x, "同客群") for x in kind])
    ct_word = np.array([_CT_WORD.get(x, "客户") for x in ctype])
    dep = sc.deposit_3m.to_numpy()[r_rep]
    # 理由：三段，各自对应一个分量
    r1 = np.strings.add(np.strings.add(np.strings.add(np.strings.add(kind_word, " "), _pct_text(peer)),
                                       np.strings.add(" 的", ct_word)), np.strings.add("已开通", prods))
    r2 = np.strings.add(np.strings.add(np.strings.add("持有", src), np.strings.add("的客户 ", _pct_text(assoc))),
                        np.strings.add(" 也有", prods))
    dep_txt = np.strings.add(np.round(dep / 10000, 1).astype(str), " 万元")
    r3 = np.strings.add(np.strings.add("近 3 个月存款日均 ", dep_txt),
                        np.strings.add("，活跃度高于 ", np.strings.add(_pct_text(act), " 的同类客户")))
    reason = np.strings.add(np.strings.add(r1, "；"), np.strings.add(np.strings.add(
        np.where(assoc > 0, r2, "暂无可参照的已持有产品"), "；"), r3))
    out = pd.DataFrame({
        "客户号": info.index.to_numpy()[r_rep],
        "客户名称": info["name"].to_numpy()[r_rep],
        "客户类型": ctype,
        "客群": info["cluster_name"].to_numpy()[r_rep],
        "排名": rank.astype(np.int64),
        "推荐产品": prods,
        "倾向分": np.round(s, 3),
        "同群持有率": peer,
        "关联置信度": assoc,
        "活跃度": act,
        "理由": reason,
    })
    return out


# ------------------------------------------------------------------------------------- 检验 ----
def evaluate(bank_or_tables: Any, holdout_months: int = 6, k: int = 3, weights=DEFAULT_WEIGHTS,
             as_of=None) -> pd.DataFrame:
    """留出期检验：藏起最后 ``holdout_months`` 个月新开通的产品，用此前的数据打分，看推荐命中多少。

    比较三种推荐：倾向模型、全行热门产品（按截止日各产品的持有率排序）、随机推荐（期望值）。
    返回每种推荐的推荐数、命中数、精确率@k、召回率@k 与相对热门基线的提升倍数。
    """
    t = _tables(bank_or_tables)
    hm = require_int(holdout_months, "留出月数", minimum=1, maximum=18)
    k = require_int(k, "推荐数", minimum=1, maximum=len(CROSS_SELL_PRODUCTS))
    if "since" not in t["holdings"].columns:
        raise InputError("holdings 表", "缺少列：since（开通日期）")
    end = _as_of(as_of)
    cutoff = end - pd.DateOffset(months=hm)
    sc = propensity(t, as_of=cutoff, weights=weights)
    before = sc.held[list(CROSS_SELL_PRODUCTS)].to_numpy()
    after = holding_matrix(t, as_of=end, products=CROSS_SELL_PRODUCTS).to_numpy()
    existed = sc.held["存款"].to_numpy() == 1  # 截止日前已是本行客户
    new = (after == 1) & (before == 0) & existed[:, None]
    cand = ~np.isnan(sc.score.to_numpy()) & existed[:, None]
    new = new & cand  # 只统计可推荐的产品
    rows = existed
    # 倾向模型
    idx_m, top_m = _top_k(np.where(cand, sc.score.to_numpy(), np.nan), k)
    valid_m = np.isfinite(top_m)
    hits_m = np.take_along_axis(new, idx_m, axis=1) & valid_m
    # 热门产品基线：按截止日全行持有率
    pop = before[existed].mean(axis=0)
    pop_score = np.where(cand, np.broadcast_to(pop, cand.shape), np.nan)
    idx_p, top_p = _top_k(pop_score, k)
    valid_p = np.isfinite(top_p)
    hits_p = np.take_along_axis(new, idx_p, axis=1) & valid_p
    # 随机推荐的期望
    n_cand = cand.sum(axis=1)
    k_c = np.minimum(k, n_cand)
    exp_rand = np.divide(new.sum(axis=1) * k_c, n_cand, out=np.zeros(len(n_cand)), where=n_cand > 0)
    total_new = new[rows].sum()

    def row(name, n_rec, n_hit):
        return {"推荐方法": name, "评估客户数": int(rows.sum()), "推荐数": int(n_rec), "命中数": float(n_hit),
                f"精确率@{k}": n_hit / n_rec if n_rec else 0.0,
                f"召回率@{k}": n_hit / total_new if total_new else 0.0}

    out = pd.DataFrame([
        row("倾向模型", valid_m[rows].sum(), hits_m[rows].sum()),
        row("热门产品基线", valid_p[rows].sum(), hits_p[rows].sum()),
        row("随机推荐（期望）", k_c[rows].sum(), exp_rand[rows].sum()),
    ])
    base = out.loc[1, f"精确率@{k}"]
    out["相对热门基线提升"] = out[f"精确率@{k}"] / base if base else np.nan
    out.attrs.update({"截止日": cutoff, "留出期新开通": int(total_new), "k": k})
    return out


# ------------------------------------------------------------------------------------ 管户成长 ----
def book_growth(bank_or_tables: Any, manager_id: str, years, products=_ALL_PRODUCTS) -> pd.DataFrame:
    """一位客户经理的管户逐年回看：户数、产品持有数，以及每年新增的持有来自新客户还是老客户加深。

    口径：管户是 customers 表里 **现在** 归该经理管的客户（已流失的客户不在表里，回看会偏乐观）；
    某年末的“客户”是那天已开通至少一项产品的户。每年的持有增量拆成两部分，两者之和等于增量：

    - 新客户带来：当年新开户的客户在年末持有的产品数；
    - 老客户加深：上年末已是客户的户，当年多开通的产品数。

    第一年的增量相对于前一年年末。``products`` 限定数哪些产品（例如不数贷款：持有表里的贷款按当前那一笔的
    发放日记，早年结清的贷款回看不到）。返回以年份为索引的表。
    """
    t = _tables(bank_or_tables)
    if not isinstance(manager_id, str) or not manager_id.strip():
        raise InputError("客户经理编号", "应为文字编号，如 \"M12\"", manager_id)
    cust = t["customers"]
    if "manager_id" not in cust.columns:
        raise InputError("customers 表", "缺少列：manager_id")
    mine = pd.Index(cust.loc[cust["manager_id"].astype(str) == manager_id, "customer_id"].astype(str))
    if mine.empty:
        raise InputError("客户经理编号", "在 customers 表里没有管户", manager_id)
    if isinstance(years, (str, bytes)):
        raise InputError("年份", "应为年份的列表，如 [2020, 2021, 2022]", years)
    try:
        ys = [require_int(y, "年份", minimum=1990, maximum=2100) for y in years]
    except TypeError:
        raise InputError("年份", "应为年份的列表，如 [2020, 2021, 2022]", years) from None
    if not ys:
        raise InputError("年份", "不能为空", years)
    if ys != sorted(set(ys)):
        raise InputError("年份", "应从小到大且不重复", years)

    def counts(year: int) -> pd.Series:
        m = holding_matrix(t, as_of=f"{year}-12-31", products=products)
        return m.loc[m.index.isin(mine)].sum(axis=1).astype(int)

    prev = counts(ys[0] - 1)
    rows = []
    for y in ys:
        now = counts(y)
        was = prev > 0
        new = (now > 0) & ~was
        rows.append({
            "年份": y,
            "客户数": int((now > 0).sum()),
            "新增客户": int(new.sum()),
            "产品持有数": int(now.sum()),
            "户均产品数": float(now[now > 0].mean()) if (now > 0).any() else 0.0,
            "三件以上占比": float((now >= 3).sum() / (now > 0).sum()) if (now > 0).any() else 0.0,
            "持有增量": int(now.sum() - prev.sum()),
            "新客户带来": int(now[new].sum()),
            "老客户加深": int((now[was] - prev[was]).sum()),
        })
        prev = now
    return pd.DataFrame(rows).set_index("年份")
