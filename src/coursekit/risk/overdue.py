"""逾期管理：账龄分段（M1/M2/M3/M3+）、月度滚动率、分阶段与分人格类型的催收方案、诉讼前中后的必做工作。

分段 M1 = 逾期 1–30 天、M2 = 31–60 天、M3 = 61–90 天、M3+ = 超过 90 天，是行业惯例，不是监管规定；
超过 90 天恰与《商业银行金融资产风险分类办法》中“逾期超过 90 天至少为次级”的不良界限重合。
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import InputError, date_column, numeric_column, require_choice, require_frame, require_int
from .checklists import load_checklists

__all__ = ["BUCKETS", "BORROWER_TYPES", "STAGES", "bucket", "bucket_of", "roll_rates", "CollectionPlan",
           "collection_plan", "litigation_duties"]

BUCKETS: tuple[str, ...] = ("正常", "M1", "M2", "M3", "M3+")
STAGES: tuple[str, ...] = ("到期前提醒", "早期逾期", "中期逾期", "不良清收")
BORROWER_TYPES: tuple[str, ...] = ("低自尊型人格", "强韧型人格")
_EDGES = np.array([0, 30, 60, 90])


def bucket_of(days) -> pd.Series:
    """逾期天数（可为数组或 Series）→ 账龄分段。"""
    if isinstance(days, (str, bytes)) or days is None:
        raise InputError("逾期天数", "应为天数的数组或 Series", days)
    d = days if isinstance(days, pd.Series) else pd.Series(days)
    if d.ndim != 1:
        raise InputError("逾期天数", "应为一列天数")
    if d.isna().any():
        raise InputError("逾期天数", "有空值或非数字（未逾期填 0）")
    d = numeric_column(d, "逾期天数")
    if (d < 0).any():
        raise InputError("逾期天数", "不能为负数", float(d.min()))
    idx = np.searchsorted(_EDGES, d.to_numpy(), side="left")   # 0→0，1..30→1，31..60→2，61..90→3，>90→4
    return pd.Series(np.array(BUCKETS, dtype=object)[idx], index=d.index)


def bucket(days: int) -> str:
    """单笔逾期天数 → 账龄分段：``bucket(45)`` → ``'M2'``。"""
    require_int(days, "逾期天数", minimum=0)
    return str(bucket_of([days]).iloc[0])


def _months(values: pd.Series) -> pd.Series:
    """月份列 → Period[M]：日期，或“2024-03”“2024年3月”这样的月份文字。"""
    if isinstance(values.dtype, pd.PeriodDtype):
        return values.astype("period[M]")
    if not pd.api.types.is_datetime64_any_dtype(values.dtype):
        text = values.astype(str).str.strip()
        if text.str.fullmatch(r"\d{4}[-/.年]\d{1,2}月?").all():
            values = text.str.replace(r"[/.年]", "-", regex=True).str.rstrip("月") + "-01"
    return date_column(values, "月份").dt.to_period("M")


def roll_rates(overdue_history: pd.DataFrame) -> pd.DataFrame:
    """月度滚动率：上月处于某分段的贷款（按笔数），本月滚入下一分段的比例。

    输入为长表 ``loan_id, month, overdue_days``（每笔贷款每个在贷月份一行）。
    返回以月份为行、列为“正常→M1”“M1→M2”“M2→M3”“M3→M3+”的比例表（上月该段无贷款时为空）。
    上月有、本月没有记录的贷款（结清或核销）计入分母，不计入滚入。
    """
    need = {"loan_id", "month", "overdue_days"}
    if not isinstance(overdue_history, pd.DataFrame) or not need <= set(overdue_history.columns):
        raise InputError("逾期历史", "应为含 loan_id、month、overdue_days 三列的表")
    require_frame(overdue_history, "逾期历史")
    df = overdue_history[["loan_id", "month", "overdue_days"]].copy()
    if df.empty:
        raise InputError("逾期历史", "不能为空表")
    df["month"] = _months(df["month"])
    if df.duplicated(["loan_id", "month"]).any():
        raise InputError("逾期历史", "同一笔贷款同一月份有重复的行", df.loc[df.duplicated(["loan_id", "month"]), "loan_id"].iloc[0])
    df["b"] = bucket_of(df["overdue_days"].to_numpy()).to_numpy()
    code = {b: i for i, b in enumerate(BUCKETS)}
    df["c"] = df["b"].map(code).astype(np.int8)
    nxt = df[["loan_id", "month", "c"]].copy()
    nxt["month"] = nxt["month"] - 1          # 把下月的状态对齐到本月
    pair = df.merge(nxt, on=["loan_id", "month"], how="left", suffixes=("", "_next"))
    pair = pair[pair["c"] < 4]
    last = df["month"].max()
    pair = pair[pair["month"] < last]
    pair["rolled"] = pair["c_next"] == pair["c"] + 1
    tab = pair.groupby(["month", "c"])["rolled"].mean().unstack("c")
    tab = tab.reindex(columns=range(4))
    tab.columns = [f"{BUCKETS[i]}→{BUCKETS[i + 1]}" for i in range(4)]
    tab.index = (tab.index + 1).to_timestamp()       # 以“滚入发生的月份”为行
    tab.index.name = "月份"
    return tab


@dataclass(frozen=True)
class CollectionPlan:
    """一份催收方案：阶段、人格类型、沟通基调、联系频率、步骤表。"""

    stage: str
    borrower_type: str
    when: str
    frequency: str
    tone: str
    steps: pd.DataFrame

    def __str__(self) -> str:  # pragma: no cover - 显示用
        return f"{self.stage}（{self.when}）· {self.borrower_type}：{self.tone}"


def _stage_for(days: int) -> str:
    if days <= 0:
        return "到期前提醒"
    if days <= 30:
        return "早期逾期"
    if days <= 90:
        return "中期逾期"
    return "不良清收"


def collection_plan(stage: str | None = None, borrower_type: str = "低自尊型人格", *,
                    overdue_days: int | None = None) -> CollectionPlan:
    """按催收阶段和欠款人人格类型给出催收方案。

    ``stage`` 取 :data:`STAGES` 之一；也可只给 ``overdue_days`` 由天数推出阶段（0 天为到期前提醒）。
    ``borrower_type``：低自尊型人格（羞于面对、回避联系：尊重、私下、解决问题）或强韧型人格
    （强势、善谈判：坚定、讲事实、给期限与后果）。
    """
    if stage is None:
        if overdue_days is None:
            raise InputError("催收阶段", "请给出阶段或逾期天数")
        stage = _stage_for(require_int(overdue_days, "逾期天数", minimum=0))
    require_choice(stage, "催收阶段", STAGES)
    require_choice(borrower_type, "欠款人类型", BORROWER_TYPES)
    data = load_checklists()["collection"]
    st = data["stages"][stage]
    person = data["personalities"][borrower_type]
    rows = [{"步骤": i + 1, "类别": "阶段动作", "内容": a} for i, a in enumerate(st["actions"])]
    k = len(rows)
    rows += [{"步骤": k + i + 1, "类别": "沟通要点", "内容": a} for i, a in enumerate(person["do"])]
    k = len(rows)
    rows += [{"步骤": k + i + 1, "类别": "避免", "内容": a} for i, a in enumerate(person["avoid"])]
    return CollectionPlan(stage, borrower_type, st["when"], st["frequency"], person["tone"], pd.DataFrame(rows))


def litigation_duties(phase: str | None = None) -> pd.DataFrame:
    """诉讼前、诉讼中、诉讼后客户经理（营销人员）必做的工作，列为“阶段”“工作”。"""
    data = load_checklists()["collection"]["litigation"]
    if phase is not None:
        require_choice(phase, "诉讼阶段", tuple(data))
    rows = [{"阶段": p, "工作": w} for p, works in data.items() if phase in (None, p) for w in works]
    return pd.DataFrame(rows)
