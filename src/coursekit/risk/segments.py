"""区隔分析：贷款组合在借款人群体、集群、担保人、投放月份、担保方式、还款方式和到期月份上的集中度，
与行内限额比较，返回超限项。限额是行内参数（教学默认值），不是监管数字。
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..errors import InputError, date_column, numeric_column, require_choice, require_fraction, require_frame

__all__ = ["SEGMENT_DIMENSIONS", "SegmentLimits", "concentration", "segment_breaches"]

#: 维度代码 → (中文名称, 取值方式说明)
SEGMENT_DIMENSIONS: dict[str, str] = {
    "group_id": "借款人群体",
    "cluster_id": "集群",
    "guarantor_id": "担保人",
    "disburse_month": "投放月份",
    "guarantee": "投放方式（担保方式）",
    "method": "还款方式",
    "maturity_month": "到期月份",
}


@dataclass(frozen=True)
class SegmentLimits:
    """各维度单一取值占组合余额的上限（小数）。``None`` 表示该维度不设限。

    默认值是本书的教学设定（一个县域农商行小微贷款组合的示意），不是监管数字；各行按授信政策设定。
    """

    limits: dict[str, float | None] = field(default_factory=lambda: {
        "group_id": 0.02, "cluster_id": 0.20, "guarantor_id": 0.015, "disburse_month": 0.10,
        "guarantee": 0.60, "method": 0.60, "maturity_month": 0.08,
    })

    def __post_init__(self):
        if not isinstance(self.limits, dict):
            raise InputError("区隔限额", "应为字典（维度 → 限额）", type(self.limits).__name__)
        for dim, lim in self.limits.items():
            if dim not in SEGMENT_DIMENSIONS:
                raise InputError("区隔维度", "应为以下之一：" + "、".join(SEGMENT_DIMENSIONS), dim)
            if lim is not None:
                require_fraction(lim, f"{SEGMENT_DIMENSIONS[dim]}限额")


def _prepare(loans: pd.DataFrame, customers: pd.DataFrame | None) -> pd.DataFrame:
    require_frame(loans, "贷款表")
    if customers is not None:
        require_frame(customers, "客户表", ["customer_id"])
    if loans.empty:
        raise InputError("贷款表", "不能为空表")
    if "balance" not in loans.columns:
        raise InputError("贷款表", "缺少列 balance（贷款余额）")
    df = loans.copy()
    for col in ("status", "customer_id", *SEGMENT_DIMENSIONS):      # 分组、筛选用的列：每一格应是一个值
        if col in df.columns and df[col].map(lambda v: isinstance(v, (list, dict, set, tuple))).any():
            raise InputError(SEGMENT_DIMENSIONS.get(col, col), "每一格应是一个值，不能是列表或字典")
    if "status" in df.columns:
        df = df[~df["status"].isin(["结清", "核销"])]
    df["balance"] = numeric_column(df["balance"], "贷款余额", fill=0.0)   # “12,000”是 12000，不是 0
    if (df["balance"] < 0).any():
        raise InputError("贷款余额", "不能为负数", float(df["balance"].min()))
    if customers is not None and "customer_id" in df.columns:
        extra = [c for c in ("group_id", "cluster_id") if c in customers.columns and c not in df.columns]
        if extra:
            df = df.merge(customers[["customer_id"] + extra], on="customer_id", how="left")
    if "disburse_date" in df.columns:
        df["disburse_month"] = date_column(df["disburse_date"], "放款日期", allow_missing=True).dt.strftime("%Y-%m")
    if "maturity_date" in df.columns:
        df["maturity_month"] = date_column(df["maturity_date"], "到期日期", allow_missing=True).dt.strftime("%Y-%m")
    return df


def concentration(loans: pd.DataFrame, dimension: str, customers: pd.DataFrame | None = None) -> pd.DataFrame:
    """某一维度上各取值的笔数、余额与余额占比（降序）。空值（如无担保人）不计入。"""
    require_choice(dimension, "区隔维度", tuple(SEGMENT_DIMENSIONS))
    df = _prepare(loans, customers)
    if dimension not in df.columns:
        raise InputError("贷款表", f"缺少 {SEGMENT_DIMENSIONS[dimension]} 所需的列 {dimension}")
    total = float(df["balance"].sum())
    g = df.dropna(subset=[dimension]).groupby(dimension)["balance"].agg(["size", "sum"])
    g = g.rename(columns={"size": "笔数", "sum": "余额"})
    g["占比"] = g["余额"] / total if total > 0 else 0.0
    g = g.sort_values("余额", ascending=False)
    g.index.name = SEGMENT_DIMENSIONS[dimension]
    return g


def segment_breaches(loans: pd.DataFrame, customers: pd.DataFrame | None = None, *,
                     limits: SegmentLimits = SegmentLimits()) -> pd.DataFrame:
    """各维度上超过限额的取值：维度、取值、笔数、余额、占比、限额、说明。维度缺列时跳过。"""
    if not isinstance(limits, SegmentLimits):
        raise InputError("区隔限额", "应为 SegmentLimits", type(limits).__name__)
    df = _prepare(loans, customers)
    total = float(df["balance"].sum())
    rows = []
    for dim, lim in limits.limits.items():
        if lim is None or dim not in df.columns or total <= 0:
            continue
        g = df.dropna(subset=[dim]).groupby(dim)["balance"].agg(["size", "sum"])
        g["share"] = g["sum"] / total
        for value, r in g[g["share"] > lim].sort_values("share", ascending=False).iterrows():
            name = SEGMENT_DIMENSIONS[dim]
            rows.append({"维度": name, "取值": value, "笔数": int(r["size"]), "余额": float(r["sum"]),
                         "占比": float(r["share"]), "限额": lim,
                         "说明": f"{name}“{value}”占组合余额 {r['share'] * 100:.1f}%，超过限额 {lim * 100:.1f}%"})
    return pd.DataFrame(rows, columns=["维度", "取值", "笔数", "余额", "占比", "限额", "说明"])
