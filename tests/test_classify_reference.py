"""整批五级分类与逐行参照实现逐字相同：类别与理由文字。

参照实现一笔一笔地照规则写（底线、重组观察期、预期损失档、借款人状况），不用任何向量化技巧；
整批实现为了速度按组合拼理由，这里用 hypothesis 生成的贷款表和教学银行逐行核对。
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from coursekit import datasets, risk
from coursekit.risk.classification import CONDITION_FLAGS, UNKNOWN_BEFORE

RANK = {c: i for i, c in enumerate(risk.CATEGORIES)}


def _missing(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x)) or x is pd.NA


def reference_row(row: dict, params: risk.ClassifyParams) -> tuple[str, str]:
    parts: list[str] = []
    rank = 0
    d = int(row["overdue_days"])
    sub, dbt, loss = params.overdue_bounds
    if d > 0:
        if d > loss:
            r, tail = 4, f"超过 {loss} 天，归为损失"
        elif d > dbt:
            r, tail = 3, f"超过 {dbt} 天，至少为可疑"
        elif d > sub:
            r, tail = 2, f"超过 {sub} 天，至少为次级"
        else:
            r, tail = 1, "已逾期，至少为关注"
        rank = max(rank, r)
        parts.append(f"逾期 {d} 天，{tail}")
    if row.get("restructured", False):
        given_before = row.get("before_restructure")
        missing = _missing(given_before)
        before = UNKNOWN_BEFORE if missing else given_before

        def val(col, default):
            x = row.get(col)
            return default if _missing(x) else float(x)
        grace, per = val("grace_months", 0.0), val("period_months", 1.0)
        length = max(params.observation_months, params.observation_periods * per)
        end = grace + per + length
        missed = row.get("missed_month")
        if not _missing(missed) and missed < end:
            end = max(end, missed + length)
        months = row.get("months_since_restructure")
        if _missing(months) or months < end:
            if RANK[before] >= 2:
                fr, why = RANK[before], f"重组前为{before}（不良），观察期内不上调"
            else:
                fr, why = 1, f"重组前为{before}，观察期内至少为关注"
            if missing:
                why = f"未填重组前分类，按{UNKNOWN_BEFORE}计；" + why
            if row.get("rerestructured", False) and RANK[params.rerestructured_floor] > fr:
                fr, why = RANK[params.rerestructured_floor], f"观察期内再次重组，至少为{params.rerestructured_floor}"
            internal = params.internal_restructured_floor
            if internal is not None and RANK[internal] > fr:
                fr, why = RANK[internal], f"行内规定：观察期内的重组资产至少为{internal}（比《办法》更严）"
            rank = max(rank, fr)
            parts.append("重组资产仍在观察期内；" + why)
    el = row.get("expected_loss")
    if not _missing(el):
        a, b, c = params.loss_bands
        r = 4 if el >= c else 3 if el >= b else 2 if el >= a else 0
        if r:
            rank = max(rank, r)
            parts.append({2: "预期损失率达到次级档，至少为次级", 3: "预期损失率达到可疑档，至少为可疑",
                          4: "预期损失率达到损失档，归为损失"}[r])
    flags = row.get("flags")
    if not _missing(flags) and flags != "":
        for f in flags.split("、"):
            if f.strip():
                rank = max(rank, RANK[CONDITION_FLAGS[f.strip()]])
        parts.append("借款人状况：" + flags)
    return risk.CATEGORIES[rank], "；".join(parts) or "未逾期，无其他风险因素，正常"


def _check(df: pd.DataFrame, params: risk.ClassifyParams = risk.ClassifyParams()) -> None:
    out = risk.classify_portfolio(df, params=params)
    for i, row in enumerate(df.to_dict("records")):
        cat, reason = reference_row(row, params)
        assert out["category"].iloc[i] == cat, (row, out["category"].iloc[i], cat)
        assert out["reason"].iloc[i] == reason, (row, out["reason"].iloc[i], reason)


maybe = lambda s: st.one_of(st.none(), s)  # noqa: E731
flag_text = st.lists(st.sampled_from(list(CONDITION_FLAGS)), max_size=2).map("、".join)
loan = st.fixed_dictionaries({
    "overdue_days": st.sampled_from([0, 0, 1, 90, 91, 270, 271, 360, 361, 500]),
    "restructured": st.booleans(),
    "before_restructure": maybe(st.sampled_from(risk.CATEGORIES)),
    "months_since_restructure": maybe(st.integers(0, 40)),
    "grace_months": maybe(st.integers(0, 12)),
    "period_months": maybe(st.sampled_from([1, 3, 6, 12])),
    "missed_month": maybe(st.integers(0, 40)),
    "rerestructured": st.booleans(),
    "expected_loss": maybe(st.sampled_from([0.0, 0.04, 0.05, 0.4, 0.5, 0.9, 1.0])),
    "flags": maybe(flag_text),
})
params = st.builds(risk.ClassifyParams,
                   internal_restructured_floor=st.sampled_from([None, "关注", "次级", "可疑"]),
                   rerestructured_floor=st.sampled_from(["关注", "次级", "可疑", "损失"]))


@settings(max_examples=60, deadline=None)
@given(st.lists(loan, min_size=1, max_size=30), params)
def test_portfolio_matches_row_by_row_reference(rows, p):
    df = pd.DataFrame(rows)
    for col in ("months_since_restructure", "grace_months", "period_months", "missed_month", "expected_loss"):
        df[col] = df[col].astype(float)
    _check(df, p)


def test_reference_agrees_on_a_hand_checked_row():
    # 重组前为次级、未到观察期结束、另有逾期 30 天：次级，重组理由在前
    df = pd.DataFrame({"overdue_days": [30], "restructured": [True], "before_restructure": ["次级"],
                       "months_since_restructure": [5]})
    out = risk.classify_portfolio(df)
    assert out["category"].iloc[0] == "次级"
    assert out["reason"].iloc[0] == ("逾期 30 天，已逾期，至少为关注；重组资产仍在观察期内；"
                                     "重组前为次级（不良），观察期内不上调")
    _check(df)


def test_teaching_bank_matches_reference():
    loans = datasets.teaching_bank(seed=0).loans
    _check(loans)
    assert not np.all(risk.classify_portfolio(loans)["category"] == "正常")
