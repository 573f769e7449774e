"""一场营销活动（商会下午茶、客户座谈会）的复盘与下一场的计划：按邀请渠道看漏斗和每个好客户的成本。

- :func:`event_funnel`：每个邀请渠道一行，邀请 → 到场 → 申请 → 获批 → 用信 → 好客户，各步比率；成本拆成
  场地与当天人力（按到场人数分摊）、茶点与礼品（按到场人数）、邀请人力、调查人力（获批的申请与被拒的申请分开计人天），
  再算每位到场者、每个好客户的成本和一年利差。最后一行是合计。
- :func:`event_plan`：下一场按渠道给出邀请人数和邀请人天，比率沿用上一场（可逐项改），得到同样一张表。

分摊只用来在同一场活动里比较渠道；决定下一场怎么办，要比两场活动的**合计**（合计不受分摊方法影响）。
人天按 ``day_cost`` 折成元（示意口径，各行按本行人力成本）。
"""
from __future__ import annotations

import math
from typing import Any, Mapping

import pandas as pd

from .errors import InputError, numeric_column, require_fraction, require_non_negative, require_number

__all__ = ["EVENT_STEPS", "event_funnel", "event_plan"]

#: 漏斗各步（表里的列名）；“好客户”：用了信、观察期内没有逾期
EVENT_STEPS = ("邀请", "到场", "申请", "获批", "用信", "好客户")
_RATES = {"到场率": ("到场", "邀请"), "申请率": ("申请", "到场"), "获批率": ("获批", "申请"),
          "用信率": ("用信", "获批"), "好客户率": ("好客户", "用信")}
_MAX_MONEY = 1e12


def _money(value: Any, field: str) -> float:
    v = require_non_negative(value, field)
    if v > _MAX_MONEY:
        raise InputError(field, "超过 1 万亿元，请检查单位是否为元", value)
    return v


def _days(value: Any, field: str) -> float:
    v = require_non_negative(value, field)
    if v > 10_000:
        raise InputError(field, "超过 1 万个人天，请检查", value)
    return v


def _per_channel(value: Any, channels: list[str], field: str) -> dict[str, float]:
    """标量（各渠道相同）或“渠道 → 人天”的字典；表里的渠道字典里都要有（多出的渠道不用）。"""
    if isinstance(value, Mapping):
        missing = [c for c in channels if c not in value]
        if missing:
            raise InputError(field, f"缺少这些渠道：{'、'.join(missing)}", value)
        return {c: _days(value[c], f"{field}（{c}）") for c in channels}
    v = _days(value, field)
    return {c: v for c in channels}


def _stages(stages: Any) -> pd.DataFrame:
    if not isinstance(stages, pd.DataFrame):
        raise InputError("活动漏斗表", "应为表格（DataFrame），每个邀请渠道一行")
    need = ["渠道", *EVENT_STEPS, "邀请人天", "余额"]
    missing = [c for c in need if c not in stages.columns]
    if missing:
        raise InputError("活动漏斗表", f"缺少列：{'、'.join(missing)}")
    if stages.empty:
        raise InputError("活动漏斗表", "至少要有一个渠道")
    df = stages[need].copy().reset_index(drop=True)
    names = df["渠道"]
    if names.isna().any() or not all(isinstance(n, str) and n.strip() for n in names):
        raise InputError("活动漏斗表的渠道", "每一行都要写渠道名称（文字）")
    df["渠道"] = names.str.strip()
    if df["渠道"].duplicated().any() or (df["渠道"] == "合计").any():
        raise InputError("活动漏斗表的渠道", "渠道名称不能重复，也不能叫“合计”")
    for c in [*EVENT_STEPS, "邀请人天", "余额"]:
        df[c] = numeric_column(df[c], f"活动漏斗表的“{c}”列")
        if (df[c] < 0).any():
            raise InputError(f"活动漏斗表的“{c}”列", "不能为负数")
    if (df[list(EVENT_STEPS)] > 1e7).any().any() or (df["余额"] > _MAX_MONEY).any() or (df["邀请人天"] > 10_000).any():
        raise InputError("活动漏斗表", "人数超过 1,000 万、余额超过 1 万亿元或邀请人天超过 1 万，请检查单位")
    for a, b in zip(EVENT_STEPS[:-1], EVENT_STEPS[1:]):
        bad = df.loc[df[b] > df[a] + 1e-9, "渠道"]
        if len(bad):
            raise InputError(f"活动漏斗表的“{b}”列", f"{'、'.join(bad)}：{b}的人数不能多于{a}的人数")
    bad = df.loc[(df["余额"] > 0) & (df["用信"] <= 0), "渠道"]
    if len(bad):
        raise InputError("活动漏斗表的“余额”列", f"{'、'.join(bad)}：没有人用信，余额应为 0")
    return df


def event_funnel(stages: pd.DataFrame, *, fixed_cost: float, per_guest: float, day_cost: float = 1_000.0,
                 event_days: float = 0.0, review_days: Any = 1.0, decline_days: Any = None,
                 loan_margin: float = 0.02) -> pd.DataFrame:
    """一场活动按邀请渠道的漏斗与成本。

    ``stages``：每个渠道一行，列为 渠道、邀请、到场、申请、获批、用信、好客户（人数，后一步不多于前一步）、
    邀请人天（为这个渠道邀请客人花的客户经理人天）、余额（用信客户观察期末的贷款余额，元）。

    成本（元）：

    - 场地与当天：``fixed_cost`` ＋ ``event_days`` × ``day_cost``，按各渠道到场人数分摊；
    - 茶点与礼品：``per_guest`` × 到场人数；
    - 邀请人力：邀请人天 × ``day_cost``；
    - 调查人力：获批的申请 × ``review_days`` ＋ 被拒的申请 × ``decline_days``（人天，再乘 ``day_cost``）；
      ``decline_days`` 默认等于 ``review_days``（被拒的申请也走完了调查）；先做预审时它会小得多。两者都可以是
      “渠道 → 人天”的字典。

    每个好客户的成本 ＝ 全部成本 ÷ 好客户（没有好客户时为空）；一年利差 ＝ 余额 × ``loan_margin``。
    返回每个渠道一行，最后一行“合计”（比率按合计人数重算）。
    """
    df = _stages(stages)
    channels = list(df["渠道"])
    fc = _money(fixed_cost, "场地与固定费用")
    pg = _money(per_guest, "每位到场者的茶点与礼品")
    dc = _money(day_cost, "人天成本")
    if dc > 1e7:
        raise InputError("人天成本", "超过每天 1,000 万元，请检查单位是否为元", day_cost)
    ed = _days(event_days, "活动当天人天")
    rv = _per_channel(review_days, channels, "每笔获批申请的调查人天")
    dl = rv if decline_days is None else _per_channel(decline_days, channels, "每笔被拒申请的调查人天")
    lm = require_fraction(loan_margin, "贷款净收益率", low=-1.0)

    total_guests = float(df["到场"].sum())
    shared = fc + ed * dc
    if shared > 0 and total_guests <= 0:
        raise InputError("活动漏斗表的“到场”列", "没有人到场，场地与当天的费用无从分摊")
    out = df.copy()
    out["场地与当天"] = shared * out["到场"] / total_guests if total_guests > 0 else 0.0
    out["茶点与礼品"] = pg * out["到场"]
    out["邀请人力"] = out["邀请人天"] * dc
    declined = out["申请"] - out["获批"]
    out["调查人天"] = out["获批"] * out["渠道"].map(rv) + declined * out["渠道"].map(dl)
    out["调查人力"] = out["调查人天"] * dc
    cost_cols = ["场地与当天", "茶点与礼品", "邀请人力", "调查人力"]
    sums = out[[*EVENT_STEPS, "邀请人天", "余额", "调查人天", *cost_cols]].sum()
    total = pd.DataFrame([{"渠道": "合计", **{k: float(v) for k, v in sums.items()}}])
    out = pd.concat([out, total], ignore_index=True)
    for c in [*EVENT_STEPS, "邀请人天", "余额", "调查人天", *cost_cols]:
        out[c] = out[c].astype(float)
    out["全部成本"] = out[cost_cols].sum(axis=1)
    for name, (num, den) in _RATES.items():
        out[name] = (out[num] / out[den]).where(out[den] > 0, 0.0)
    out["每位到场者成本"] = (out["全部成本"] / out["到场"]).where(out["到场"] > 0)
    out["每个好客户成本"] = (out["全部成本"] / out["好客户"]).where(out["好客户"] > 0)
    out["一年利差"] = out["余额"] * lm
    cols = ["渠道", *EVENT_STEPS, *_RATES, "余额", "邀请人天", "调查人天", *cost_cols, "全部成本", "每位到场者成本",
            "每个好客户成本", "一年利差"]
    out = out[cols]
    out.attrs.update({"人天成本": dc, "贷款净收益率": lm})
    return out


def event_plan(base: pd.DataFrame, plan: Mapping[str, Mapping[str, Any]], *, fixed_cost: float, per_guest: float,
               day_cost: float = 1_000.0, event_days: float = 0.0, review_days: Any = 1.0, decline_days: Any = None,
               loan_margin: float = 0.02) -> pd.DataFrame:
    """下一场活动的预计漏斗与成本：比率来自上一场，人数来自计划。

    ``base``：上一场的漏斗表（:func:`event_funnel` 的结果，或它接受的原始表）。
    ``plan``：渠道 → ``{"邀请": 人数, "邀请人天": 人天}``，可另给 ``"到场率"``、``"申请率"``、``"获批率"``、
    ``"用信率"``、``"好客户率"`` 覆盖上一场的比率（这正是会上要争的数）；渠道可以是上一场没有的，但那样
    五个比率和 ``"户均余额"`` 都要给。预计人数逐步相乘（不取整：这是期望值）；余额 ＝ 用信人数 × 上一场的户均余额
    （或计划给的 ``"户均余额"``）。成本参数同 :func:`event_funnel`，返回同样的表。
    """
    prev = base if "全部成本" in getattr(base, "columns", ()) else None
    if prev is None:
        prev = event_funnel(base, fixed_cost=0, per_guest=0)
    elif not isinstance(prev, pd.DataFrame):
        raise InputError("上一场的漏斗表", "应为 event_funnel 的结果")
    prev = prev[prev["渠道"] != "合计"].set_index("渠道")
    if not isinstance(plan, Mapping) or not plan:
        raise InputError("下一场的计划", "应为“渠道 → {邀请, 邀请人天}”的字典，至少一个渠道", plan)
    rows = []
    for name, p in plan.items():
        if not isinstance(name, str) or not name.strip() or name.strip() == "合计":
            raise InputError("下一场的渠道", "应为文字（不能叫“合计”）", name)
        if not isinstance(p, Mapping):
            raise InputError(f"下一场的渠道“{name}”", "应为字典，含 邀请、邀请人天", p)
        missing = [k for k in ("邀请", "邀请人天") if k not in p]
        if missing:
            raise InputError(f"下一场的渠道“{name}”", f"缺少 {'、'.join(missing)}")
        known = name in prev.index
        extra = [k for k in p if k not in ("邀请", "邀请人天", "户均余额", *_RATES)]
        if extra:
            raise InputError(f"下一场的渠道“{name}”", f"不认识这些项：{'、'.join(map(str, extra))}")
        invited = require_non_negative(p["邀请"], f"下一场“{name}”的邀请人数")
        if invited > 1e7:
            raise InputError(f"下一场“{name}”的邀请人数", "超过 1,000 万人，请检查", p["邀请"])
        rates = {}
        for r in _RATES:
            if r in p:
                rates[r] = require_fraction(p[r], f"下一场“{name}”的{r}")
            elif known:
                rates[r] = float(prev.loc[name, r])
            else:
                raise InputError(f"下一场的渠道“{name}”", f"上一场没有这个渠道，要给出{r}")
        if "户均余额" in p:
            avg = _money(p["户均余额"], f"下一场“{name}”的户均余额")
        elif known:
            used = float(prev.loc[name, "用信"])
            avg = float(prev.loc[name, "余额"]) / used if used > 0 else 0.0
        else:
            raise InputError(f"下一场的渠道“{name}”", "上一场没有这个渠道，要给出户均余额")
        counts = [invited]
        for r in _RATES:
            counts.append(counts[-1] * rates[r])
        row = dict(zip(EVENT_STEPS, counts))
        row.update({"渠道": name.strip(), "邀请人天": p["邀请人天"], "余额": counts[4] * avg})
        rows.append(row)
    stages = pd.DataFrame(rows)
    if stages["渠道"].duplicated().any():
        raise InputError("下一场的渠道", "渠道名称去掉首尾空格后重复了")
    out = event_funnel(stages, fixed_cost=fixed_cost, per_guest=per_guest, day_cost=day_cost, event_days=event_days,
                       review_days=review_days, decline_days=decline_days, loan_margin=loan_margin)
    if not math.isfinite(float(out["全部成本"].iloc[-1])):
        raise InputError("下一场的计划", "算出的成本不是有限的数，请检查人数与人天")
    return out
