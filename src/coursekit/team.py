"""团队带队工具（模块 5–7）：客户经理体检卡与激励方案模拟。

- :func:`manager_scorecard` 为每位客户经理算出结果指标（管户、新增、余额、利差贡献、不良与逾期、交叉销售）和
  过程指标（走访、电话回访、尽调信息更新、贷后检查按时率、在谈储备），按地域、从业年限和组合账龄给出公平的
  比较口径，再给出类型、理由和“这位客户经理需要什么帮助”。不给单独的名次。
- :func:`simulate_incentive` 按一套激励规则（按笔、按余额、门槛、团队与个人分成、风险扣减、违约追回、封顶、
  总预算）算出每人的奖金，并给出副作用（拆单、风险放松、存款被冷落）、每个净新增好客户的成本和奖金的基尼系数。
- :func:`gini` 奖金（或任何非负数）分配的基尼系数。

全部是纯函数：输入表，输出表；部件（ipywidgets）在 ``coursekit.widgets.team``。类型规则和阈值是带队口径
（示意），不是制度规定，调用者可以改。
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, Mapping

import numpy as np
import pandas as pd

from . import crosssell
from .errors import (InputError, require_fraction, require_frame, require_int, require_non_negative,
                     require_number, require_text)

__all__ = ["manager_scorecard", "classify", "DEFAULT_RULES", "HELP", "IncentiveScheme", "simulate_incentive",
           "gini", "manager_results", "apply_rules", "routine", "monthly_review", "quarterly_report", "quarterly_report_html", "key_figures",
           "partner_plan", "LOSS_BASES", "mortgage_losses", "partner_designs", "referral_value", "branch_inputs", "allocate", "REQUEST_KINDS", "resource_request",
           "resource_request_html"]

#: 分类阈值（沈雅琴的带队口径，示意）
DEFAULT_RULES: dict[str, float] = {
    "恶化_新增逾期笔数": 5,        # 下半年新增逾期笔数 ≥ 此数：质量恶化
    "老逾期_6 月末占比": 0.05,     # 6 月末逾期占比 ≥ 此数且下半年新增逾期 ≤ 1：老逾期拖累
    "新人_从业年限": 1,            # 从业年限 ≤ 此数：新人
    "不深_相对深度": -0.10,        # 交叉销售相对深度 ≤ 此数：经营不深
    "标杆_相对深度": 0.20,         # 相对深度 ≥ 此数且下半年新增逾期 ≤ 1：标杆
    "抬头_新增逾期笔数": 3,        # 下半年新增逾期笔数 ≥ 此数：逾期抬头
    "贷后按时率下限": 0.80,        # 上半年或下半年贷后检查按时率低于此数：加一条过程提醒
}

#: 每一类客户经理需要的帮助（带队动作）
HELP: dict[str, str] = {
    "质量恶化": "逐户复查近期新放的贷款，找共同原因；此后 3 个月新放款由组长双签；补齐拖欠的贷后检查；单独谈一次，了解个人状况",
    "老逾期拖累": "把老逾期的清收和新业务分开考核；一起定清收方案（诉讼或核销按流程走）",
    "新人": "师徒结对，跟标杆一起上门；先做存量客户的深度经营，再谈新增",
    "经营不深": "给一张“下一个产品”清单，每周定上门户数，月底复盘相对深度",
    "标杆": "请他在周例会上讲方法、带新人；不额外加压",
    "逾期抬头": "做一次贷后抽查，看新增逾期是否集中在同一客群或同一用途",
    "稳定": "按常规管理，不额外加压",
}

_NPL = ("次级", "可疑", "损失")
_URBAN = ("城区支行", "园区支行")


def _bank_tables(bank: Any) -> dict[str, pd.DataFrame]:
    if hasattr(bank, "tables") and not isinstance(bank, Mapping):
        try:
            t = bank.tables
        except Exception as exc:  # noqa: BLE001 - 怪对象的属性也不能让报错本身出错
            raise InputError("数据", "应为教学银行（teaching_bank() 的结果）") from exc
    elif isinstance(bank, Mapping):
        t = bank
    else:
        raise InputError("数据", "应为教学银行（teaching_bank() 的结果）或含各表的字典", type(bank).__name__)
    need = {
        "managers": ["manager_id", "name", "branch_id", "tenure_years", "target_loans"],
        "branches": ["branch_id", "kind"],
        "customers": ["customer_id", "manager_id", "ctype"],
        "loans": ["loan_id", "customer_id", "manager_id", "disburse_date", "status", "balance", "rate",
                  "overdue_days", "risk_category", "amount"],
        "overdue_history": ["loan_id", "month", "overdue_days"],
        "holdings": ["customer_id", "product"],
        "manager_activity": ["manager_id", "month", "visits", "calls", "kyc_refreshed", "postloan_due",
                             "postloan_on_time", "pipeline_count", "pipeline_amount"],
    }
    out = {}
    for name, cols in need.items():
        df = t.get(name) if isinstance(t, Mapping) else None
        if not isinstance(df, pd.DataFrame):
            raise InputError("数据", f"缺少 {name} 表")
        require_frame(df, f"{name} 表", cols)
        out[name] = df
    if not len(out["managers"]):
        raise InputError("managers 表", "不能为空")
    if not out["managers"]["manager_id"].is_unique:
        raise InputError("managers 表", "客户经理编号有重复")
    for name, cols in (("managers", ["tenure_years", "target_loans"]),
                       ("loans", ["balance", "rate", "overdue_days", "amount"]),
                       ("overdue_history", ["overdue_days"]),
                       ("manager_activity", ["visits", "calls", "kyc_refreshed", "postloan_due",
                                             "postloan_on_time", "pipeline_count", "pipeline_amount"])):
        for c in cols:
            col = out[name][c]
            if not pd.api.types.is_numeric_dtype(col) or pd.api.types.is_bool_dtype(col):
                raise InputError(f"{name} 表的 {c} 列", "应为数字")
            if len(col) and not np.isfinite(col.to_numpy(dtype=float)).all():
                raise InputError(f"{name} 表的 {c} 列", "不能有空值或无穷大")
    for name, c in (("loans", "disburse_date"), ("overdue_history", "month"), ("manager_activity", "month")):
        if not pd.api.types.is_datetime64_any_dtype(out[name][c]):
            raise InputError(f"{name} 表的 {c} 列", "应为日期")
    return out


def _rules(rules) -> dict[str, float]:
    if rules is None:
        return dict(DEFAULT_RULES)
    if not isinstance(rules, Mapping):
        raise InputError("分类阈值", "应为字典（名称 → 数值）", type(rules).__name__)
    out = dict(DEFAULT_RULES)
    for k, v in rules.items():
        if k not in DEFAULT_RULES:
            raise InputError("分类阈值", f"没有名为 {k!r} 的阈值；可用：{'、'.join(DEFAULT_RULES)}")
        x = require_number(v, f"分类阈值“{k}”")
        if abs(x) > 1e6:
            raise InputError(f"分类阈值“{k}”", "大得不合理", v)
        out[k] = x
    return out


def classify(row: Mapping, rules: Mapping | None = None) -> str:
    """按带队口径给一位客户经理归类（顺序判断，先中先得）。

    ``row`` 需要：下半年新增逾期笔数、6 月末逾期占比、从业年限、交叉销售相对深度。
    """
    r = _rules(rules)
    if not isinstance(row, Mapping) and not isinstance(row, pd.Series):
        raise InputError("客户经理指标", "应为字典或一行表", type(row).__name__)
    vals = {}
    for k in ("下半年新增逾期笔数", "6 月末逾期占比", "从业年限", "交叉销售相对深度"):
        if k not in row:
            raise InputError("客户经理指标", f"缺少“{k}”")
        x = require_number(row[k], f"客户经理指标“{k}”")
        if abs(x) > 1e9:
            raise InputError(f"客户经理指标“{k}”", "大得不合理", row[k])
        vals[k] = x
    new_od, jun, tenure, depth = (vals["下半年新增逾期笔数"], vals["6 月末逾期占比"], vals["从业年限"],
                                  vals["交叉销售相对深度"])
    if new_od >= r["恶化_新增逾期笔数"]:
        return "质量恶化"
    if jun >= r["老逾期_6 月末占比"] and new_od <= 1:
        return "老逾期拖累"
    if tenure <= r["新人_从业年限"]:
        return "新人"
    if depth <= r["不深_相对深度"]:
        return "经营不深"
    if depth >= r["标杆_相对深度"] and new_od <= 1:
        return "标杆"
    if new_od >= r["抬头_新增逾期笔数"]:
        return "逾期抬头"
    return "稳定"


def manager_scorecard(bank: Any, *, funding_cost: float = 0.025, rules: Mapping | None = None) -> pd.DataFrame:
    """客户经理体检卡：截至数据日（教学银行为 2024 年 12 月 31 日）所在年度，每位客户经理一行。

    结果指标：管户数、全年新增借款客户、上下半年新放笔数、年末贷款余额、余额完成率、利差贡献（年末余额 ×
    （执行利率 − 资金成本），年化示意）、不良率（次级、可疑、损失余额占比）、6 月末与 12 月末逾期笔数占比、
    下半年新增逾期笔数、12 月末早期逾期（1–30 天）笔数、交叉销售相对深度（每户交叉销售产品数减同类客户的全行平均）。

    过程指标（来自 ``manager_activity``）：月均走访户次、月均电话回访、尽调信息更新覆盖率、上下半年贷后检查
    按时率、年末在谈笔数。

    公平口径：地域（城区与园区支行为“城区”，其余为“乡镇”）——新放笔数和月均走访都除以同地域客户经理的中位数；
    组合账龄——逾期拆成近 12 个月新放贷款的逾期占比和更早放款的老逾期笔数；从业年限——新人单独成类，结果
    指标不和老员工直接比。最后三列是类型、理由（带数字）和需要的帮助。
    """
    fc = require_fraction(funding_cost, "资金成本", high=0.2)
    r = _rules(rules)
    t = _bank_tables(bank)
    mg = t["managers"].set_index("manager_id")
    loans, cust, hist, act = t["loans"], t["customers"], t["overdue_history"], t["manager_activity"]
    if not len(hist):
        raise InputError("overdue_history 表", "不能为空")
    end_month = pd.Timestamp(hist["month"].max())
    year = end_month.year
    jun_m, dec_m = pd.Timestamp(f"{year}-06-01"), pd.Timestamp(f"{year}-12-01")
    y0, h2_0, y1 = pd.Timestamp(f"{year}-01-01"), pd.Timestamp(f"{year}-07-01"), pd.Timestamp(f"{year + 1}-01-01")
    ids = mg.index
    mid_loans = loans["manager_id"].astype(str)
    outstanding = loans[loans["status"].astype(str).isin(["正常", "逾期"])]
    out_mid = outstanding["manager_id"].astype(str)

    def per(s: pd.Series, fill=0.0) -> pd.Series:
        return s.reindex(ids).fillna(fill)

    # 交叉销售相对深度
    held = crosssell.holding_matrix({"customers": cust, "holdings": t["holdings"]})
    held = held.reindex(columns=list(crosssell.CROSS_SELL_PRODUCTS), fill_value=0).sum(axis=1)
    depth = cust.set_index("customer_id")[["manager_id", "ctype"]].assign(n=held.reindex(
        cust["customer_id"].to_numpy()).fillna(0).to_numpy())
    depth["rel"] = depth["n"] - depth.groupby("ctype", observed=True)["n"].transform("mean")
    depth["manager_id"] = depth["manager_id"].astype(str)
    # 逾期：6 月末、12 月末
    h = hist.assign(loan_id=hist["loan_id"].astype(str)).merge(
        pd.DataFrame({"loan_id": loans["loan_id"].astype(str), "manager_id": mid_loans,
                      "disburse_date": loans["disburse_date"]}), on="loan_id")
    jun = h[h["month"] == jun_m]
    dec = h[h["month"] == dec_m]
    was = set(jun.loc[jun["overdue_days"] > 0, "loan_id"])
    new_od = dec[(dec["overdue_days"] > 0) & ~dec["loan_id"].isin(was)]
    recent = dec["disburse_date"] >= dec_m - pd.DateOffset(months=11)
    dis = loans["disburse_date"]
    first_loan = loans.groupby("customer_id")["disburse_date"].transform("min")
    new_borrower = loans[(first_loan >= y0) & (first_loan < y1)].drop_duplicates("customer_id")
    bal = outstanding.groupby(out_mid)["balance"].sum()
    npl = outstanding[outstanding["risk_category"].astype(str).isin(_NPL)].groupby(
        out_mid[outstanding["risk_category"].astype(str).isin(_NPL)])["balance"].sum()
    margin = (outstanding["balance"] * (outstanding["rate"] - fc)).groupby(out_mid).sum()
    # 过程
    a = act.assign(manager_id=act["manager_id"].astype(str))
    a = a[(a["month"] >= y0) & (a["month"] < y1)]
    a_h1, a_h2 = a[a["month"] < h2_0], a[a["month"] >= h2_0]
    g = a.groupby("manager_id")
    n_months = max(a["month"].nunique(), 1)

    def on_time(x: pd.DataFrame) -> pd.Series:
        s = x.groupby("manager_id")[["postloan_on_time", "postloan_due"]].sum()
        return (s["postloan_on_time"] / s["postloan_due"].where(s["postloan_due"] > 0)).reindex(ids)

    n_cust = per(cust.groupby(cust["manager_id"].astype(str)).size())
    card = pd.DataFrame({
        "姓名": mg["name"].astype(str),
        "支行": mg["branch_id"].astype(str),
        "地域": mg["branch_id"].map(t["branches"].set_index("branch_id")["kind"]).isin(_URBAN).map(
            {True: "城区", False: "乡镇"}),
        "从业年限": mg["tenure_years"].astype(int),
        "管户数": n_cust.astype(int),
        "新增借款客户": per(new_borrower.groupby(new_borrower["manager_id"].astype(str)).size()).astype(int),
        "上半年新放笔数": per(loans[(dis >= y0) & (dis < h2_0)].groupby(mid_loans).size()).astype(int),
        "下半年新放笔数": per(loans[(dis >= h2_0) & (dis < y1)].groupby(mid_loans).size()).astype(int),
        "贷款余额": per(bal),
        "余额完成率": per(bal) / mg["target_loans"].where(mg["target_loans"] > 0),
        "利差贡献": per(margin),
        "不良率": per(npl) / per(bal).where(per(bal) > 0),
        "6 月末逾期占比": per((jun["overdue_days"] > 0).groupby(jun["manager_id"]).mean()),
        "12 月末逾期占比": per((dec["overdue_days"] > 0).groupby(dec["manager_id"]).mean()),
        "下半年新增逾期笔数": per(new_od.groupby("manager_id").size()).astype(int),
        "其中上半年所放": per(new_od[(new_od["disburse_date"] >= y0) & (new_od["disburse_date"] < h2_0)]
                        .groupby("manager_id").size()).astype(int),
        "早期逾期笔数": per(dec[dec["overdue_days"].between(1, 30)].groupby("manager_id").size()).astype(int),
        "新贷款逾期占比": per((dec.loc[recent, "overdue_days"] > 0).groupby(dec.loc[recent, "manager_id"]).mean()),
        "老逾期笔数": per(dec[~recent & (dec["overdue_days"] > 0)].groupby("manager_id").size()).astype(int),
        "交叉销售相对深度": per(depth.groupby("manager_id")["rel"].mean()),
        "月均走访": per(g["visits"].sum() / n_months),
        "月均电话回访": per(g["calls"].sum() / n_months),
        "尽调更新覆盖率": per(g["kyc_refreshed"].sum()) / n_cust.where(n_cust > 0),
        "上半年贷后按时率": on_time(a_h1),
        "下半年贷后按时率": on_time(a_h2),
        "年末在谈笔数": per(a[a["month"] == a["month"].max()].groupby("manager_id")["pipeline_count"].sum()
                        if len(a) else pd.Series(dtype=float)).astype(int),
    })
    card.index.name = "manager_id"
    med_new = (card["上半年新放笔数"] + card["下半年新放笔数"]).groupby(card["地域"]).transform("median")
    card["新放笔数（同地域中位数=1）"] = (card["上半年新放笔数"] + card["下半年新放笔数"]) / med_new.where(med_new > 0)
    med_v = card["月均走访"].groupby(card["地域"]).transform("median")
    card["走访（同地域中位数=1）"] = card["月均走访"] / med_v.where(med_v > 0)
    card = card.fillna({c: 0.0 for c in ("余额完成率", "不良率", "尽调更新覆盖率", "新放笔数（同地域中位数=1）",
                                         "走访（同地域中位数=1）")})
    bank_on_time = {}
    for half, part in (("上半", a_h1), ("下半", a_h2)):
        s2 = part[["postloan_on_time", "postloan_due"]].sum()
        bank_on_time[half] = float(s2["postloan_on_time"] / s2["postloan_due"]) if s2["postloan_due"] > 0 else 1.0
    card["上半年贷后按时率"] = card["上半年贷后按时率"].fillna(1.0)
    card["下半年贷后按时率"] = card["下半年贷后按时率"].fillna(1.0)
    card.attrs["全行贷后按时率"] = bank_on_time
    return _label(card, r)


def _label(card: pd.DataFrame, r: Mapping) -> pd.DataFrame:
    card = card.drop(columns=[c for c in ("类型", "理由", "需要的帮助") if c in card.columns])
    bank_on_time = card.attrs.get("全行贷后按时率", {"上半": 1.0, "下半": 1.0})
    rows = card.to_dict("index")
    kinds = [classify(row, r) for row in rows.values()]
    card["类型"] = kinds
    card["理由"] = [_reasons(row, k, r, bank_on_time) for row, k in zip(rows.values(), kinds)]
    card["需要的帮助"] = [_help(row, k, r) for row, k in zip(rows.values(), kinds)]
    return card


_CARD_COLUMNS = ("姓名", "地域", "从业年限", "下半年新增逾期笔数", "其中上半年所放", "6 月末逾期占比", "12 月末逾期占比",
                 "老逾期笔数", "交叉销售相对深度", "新放笔数（同地域中位数=1）", "上半年贷后按时率", "下半年贷后按时率")


def apply_rules(card: pd.DataFrame, rules: Mapping | None = None) -> pd.DataFrame:
    """按新的分类阈值给一张已算好的体检卡重新归类、重写理由和帮助（不重算指标，部件拖动阈值时用）。"""
    r = _rules(rules)
    require_frame(card, "体检卡", _CARD_COLUMNS, allow_empty=False)
    if not card.index.is_unique:
        raise InputError("体检卡", "客户经理编号（行索引）有重复")
    for c in _CARD_COLUMNS[2:]:
        col = card[c]
        if not pd.api.types.is_numeric_dtype(col) or pd.api.types.is_bool_dtype(col):
            raise InputError(f"体检卡的“{c}”列", "应为数字")
        if not np.isfinite(col.to_numpy(dtype=float)).all() or (np.abs(col.to_numpy(dtype=float)) > 1e9).any():
            raise InputError(f"体检卡的“{c}”列", "应为有限的数")
    for c in card.columns:
        if c in ("类型", "理由", "需要的帮助"):
            continue
        col = card[c]
        if pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col):
            if not np.isfinite(col.to_numpy(dtype=float)).all():
                raise InputError(f"体检卡的“{c}”列", "不能有空值或无穷大")
        elif col.isna().any():
            raise InputError(f"体检卡的“{c}”列", "不能有空值")
    return _label(card.copy(), r)


def _reasons(row: Mapping, kind: str, r: Mapping, bank_on_time: Mapping[str, float]) -> str:
    bits = []
    if kind in ("质量恶化", "逾期抬头"):
        bits.append(f"下半年新增逾期 {row['下半年新增逾期笔数']} 笔（其中上半年所放 {row['其中上半年所放']} 笔），"
                    f"逾期占比由 6 月末 {row['6 月末逾期占比']:.1%} 升至 12 月末 {row['12 月末逾期占比']:.1%}")
    elif kind == "老逾期拖累":
        bits.append(f"6 月末逾期占比 {row['6 月末逾期占比']:.1%}、12 月末 {row['12 月末逾期占比']:.1%}，"
                    f"下半年只新增 {row['下半年新增逾期笔数']} 笔；老逾期 {row['老逾期笔数']} 笔")
    elif kind == "新人":
        bits.append(f"从业 {row['从业年限']} 年，结果指标不与老员工直接比；交叉销售相对深度 {row['交叉销售相对深度']:+.2f}")
    elif kind in ("经营不深", "标杆"):
        bits.append(f"交叉销售相对深度 {row['交叉销售相对深度']:+.2f}（同类客户平均为 0），"
                    f"下半年新增逾期 {row['下半年新增逾期笔数']} 笔")
    else:
        bits.append(f"下半年新增逾期 {row['下半年新增逾期笔数']} 笔，交叉销售相对深度 {row['交叉销售相对深度']:+.2f}")
    bits.append(f"新放笔数为同地域（{row['地域']}）中位数的 {row['新放笔数（同地域中位数=1）']:.1f} 倍")
    low = [f"{half}年 {row[half + '年贷后按时率']:.0%}，全行 {bank_on_time[half]:.0%}" for half in ("上半", "下半")
           if row[half + "年贷后按时率"] < r["贷后按时率下限"]]
    if low:
        bits.append(f"贷后检查按时率偏低（{'；'.join(low)}）")
    return "；".join(bits)


def _help(row: Mapping, kind: str, r: Mapping) -> str:
    text = HELP[kind]
    low = min(row["上半年贷后按时率"], row["下半年贷后按时率"]) < r["贷后按时率下限"]
    if low and kind != "质量恶化":
        text += "；贷后检查按时率偏低：组长陪他做一轮贷后检查，看是时间不够还是不会做"
    return text


# ---------------------------------------------------------------------------------------------
# 激励方案模拟
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class IncentiveScheme:
    """一套激励规则（金额单位：元）。

    - ``per_loan``：每笔合格新放款的奖金；``min_loan_amount``：按笔计奖的最低金额（防拆单的常见做法）；
    - ``per_balance``：按新增贷款余额计奖的比例（如 0.001 即每万元 10 元）；``per_deposit``：按存款日均余额计奖的比例；
    - ``threshold_loans``：新放笔数达到此数才有个人奖金；
    - ``team_share``：奖金池中按团队平均分的比例（其余按个人业绩）；
    - ``risk_deduction``：每笔新增逾期扣的金额；``clawback``：已发奖金中，放款后违约的那部分按此比例追回；
    - ``cap``：个人奖金上限（0 表示不封顶）；``budget``：奖金总预算（超出时按比例压缩，0 表示不限）。
    """

    per_loan: float = 0.0
    min_loan_amount: float = 0.0
    per_balance: float = 0.0
    per_deposit: float = 0.0
    threshold_loans: int = 0
    team_share: float = 0.0
    risk_deduction: float = 0.0
    clawback: float = 0.0
    cap: float = 0.0
    budget: float = 0.0


def _scheme(scheme) -> IncentiveScheme:
    if isinstance(scheme, IncentiveScheme):
        s = scheme
    elif isinstance(scheme, Mapping):
        names = {f.name for f in fields(IncentiveScheme)}
        bad = [k for k in scheme if k not in names]
        if bad:
            raise InputError("激励规则", f"没有这些项：{'、'.join(map(str, bad))}；可用：{'、'.join(sorted(names))}")
        s = IncentiveScheme(**scheme)
    else:
        raise InputError("激励规则", "应为 IncentiveScheme 或字典", type(scheme).__name__)
    vals = {}
    for f in fields(IncentiveScheme):
        v = getattr(s, f.name)
        label = _SCHEME_LABELS[f.name]
        if f.name in ("team_share", "clawback"):
            vals[f.name] = require_fraction(v, label)
        elif f.name == "threshold_loans":
            vals[f.name] = require_int(v, label, minimum=0, maximum=10_000)
        else:
            x = require_non_negative(v, label)
            if x > 1e12:
                raise InputError(label, "大得不合理", v)
            vals[f.name] = x
    if vals["per_balance"] > 0.1 or vals["per_deposit"] > 0.1:
        raise InputError("按余额计奖比例", "应不超过 10%（如 0.001 即每万元 10 元）")
    return IncentiveScheme(**vals)


_SCHEME_LABELS = {"per_loan": "每笔奖金", "min_loan_amount": "按笔计奖最低金额", "per_balance": "按贷款余额计奖比例",
                  "per_deposit": "按存款余额计奖比例", "threshold_loans": "笔数门槛", "team_share": "团队分成比例",
                  "risk_deduction": "每笔逾期扣减", "clawback": "违约追回比例", "cap": "个人封顶",
                  "budget": "奖金总预算"}

#: 每位客户经理一行的业绩表需要的列（:func:`manager_results` 可从教学银行生成）
RESULT_COLUMNS = ("manager_id", "team", "loans", "loan_amount", "new_balance", "defaults", "default_balance",
                  "overdue_new", "deposits")


def manager_results(bank: Any) -> pd.DataFrame:
    """从教学银行取出激励模拟要用的业绩表：数据日所在年度每位客户经理的新放笔数、金额、年末新增余额、
    其后违约（年末逾期 90 天以上或核销）的笔数与余额、下半年新增逾期笔数、管户存款日均（12 月）。"""
    t = _bank_tables(bank)
    loans, mg = t["loans"], t["managers"].set_index("manager_id")
    end = pd.Timestamp(t["overdue_history"]["month"].max()) if len(t["overdue_history"]) else pd.Timestamp("2024-12-01")
    y0 = pd.Timestamp(f"{end.year}-01-01")
    new = loans[loans["disburse_date"] >= y0]
    mid = new["manager_id"].astype(str)
    bad = (new["overdue_days"] > 90) | (new["status"].astype(str) == "核销")
    sc = manager_scorecard(bank)
    raw = bank if isinstance(bank, Mapping) else bank.tables
    bal = raw.get("balances")
    dep = pd.Series(0.0, index=mg.index)
    if isinstance(bal, pd.DataFrame) and {"customer_id", "product", "month", "avg_balance"} <= set(bal.columns):
        d = bal[(bal["product"].astype(str) == "存款") & (bal["month"] == end)]
        owner = t["customers"].set_index("customer_id")["manager_id"].astype(str)
        dep = d.groupby(d["customer_id"].astype(str).map(owner))["avg_balance"].sum().reindex(mg.index).fillna(0.0)
    teams = t["managers"].set_index("manager_id")["team"] if "team" in t["managers"] else mg["branch_id"]
    out = pd.DataFrame({
        "team": teams.astype(str),
        "loans": new.groupby(mid).size().reindex(mg.index).fillna(0).astype(int),
        "loan_amount": new.groupby(mid)["amount"].sum().reindex(mg.index).fillna(0.0),
        "new_balance": new.groupby(mid)["balance"].sum().reindex(mg.index).fillna(0.0),
        "defaults": new[bad].groupby(mid[bad]).size().reindex(mg.index).fillna(0).astype(int),
        "default_balance": new[bad].groupby(mid[bad])["amount"].sum().reindex(mg.index).fillna(0.0),
        "overdue_new": sc["下半年新增逾期笔数"].reindex(mg.index).fillna(0).astype(int),
        "deposits": dep,
    })
    out.index.name = "manager_id"
    return out.reset_index()


def _results(results) -> pd.DataFrame:
    require_frame(results, "业绩表", RESULT_COLUMNS, allow_empty=False)
    df = results.loc[:, list(RESULT_COLUMNS)].copy()
    if not df["manager_id"].is_unique:
        raise InputError("业绩表", "客户经理编号有重复")
    for c in RESULT_COLUMNS[2:]:
        col = df[c]
        if not pd.api.types.is_numeric_dtype(col) or pd.api.types.is_bool_dtype(col):
            raise InputError(f"业绩表的 {c} 列", "应为数字")
        x = col.to_numpy(dtype=float)
        if not np.isfinite(x).all() or (x < 0).any() or (np.abs(x) > 1e13).any():
            raise InputError(f"业绩表的 {c} 列", "应为非负的有限数")
    if (df["defaults"] > df["loans"]).any():
        raise InputError("业绩表的 defaults 列", "违约笔数不能多于新放笔数")
    if (df["default_balance"] > df["loan_amount"] + 1e-6).any():
        raise InputError("业绩表的 default_balance 列", "违约金额不能多于新放金额")
    return df


def gini(values) -> float:
    """基尼系数：0 表示人人一样，越接近 1 越集中（非负数）。全为 0 时返回 0。"""
    try:
        x = np.asarray(values, dtype=float).ravel()
    except (TypeError, ValueError, OverflowError) as exc:
        raise InputError("奖金", "应为一列非负数") from exc
    if not len(x):
        raise InputError("奖金", "不能为空")
    if not np.isfinite(x).all() or (x < 0).any() or (x > 1e15).any():
        raise InputError("奖金", "应为非负的有限数")
    if x.sum() == 0:
        return 0.0
    x = np.sort(x)
    n = len(x)
    return float((2 * np.arange(1, n + 1) - n - 1) @ x / (n * x.sum()))


def simulate_incentive(results, scheme, *, split_share: float = 0.0, avg_split: float = 2.0,
                       deposit_shift: float = 0.0) -> tuple[pd.DataFrame, dict]:
    """按激励规则算每位客户经理的奖金与副作用。

    ``results`` 每人一行（列见 :data:`RESULT_COLUMNS`）；``scheme`` 是 :class:`IncentiveScheme` 或字典。
    行为假设（讨论用，示意）：

    - ``split_share``：按笔计奖且没有最低金额时，有这部分贷款会被拆成 ``avg_split`` 笔小额贷款报上来
      （笔数虚增，金额不变）；设了最低金额后，拆出来的小笔达不到门槛，不计奖；
    - ``deposit_shift``：激励里没有存款时，客户经理把这部分存款维护时间挪去放贷，存款日均相应流失。

    计算顺序：个人奖金（达到笔数门槛后按笔 + 按余额 + 按存款）− 逾期扣减（不低于 0）→ 违约追回 →
    团队分成（个人奖金池的 ``team_share`` 部分在团队内平均分）→ 个人封顶 → 总预算按比例压缩。

    返回 ``(每人明细表, 汇总)``；汇总含总奖金、报告笔数、虚增笔数、存款流失、净新增好客户（新放笔数 − 违约笔数，
    拆出来的不算）、每个净新增好客户的成本、奖金基尼系数、奖金为 0 的人数。
    """
    s = _scheme(scheme)
    df = _results(results)
    split = require_fraction(split_share, "拆单比例")
    k = require_non_negative(avg_split, "每笔拆成笔数")
    if not 1 <= k <= 10:
        raise InputError("每笔拆成笔数", "应在 1 到 10 之间", avg_split)
    shift = require_fraction(deposit_shift, "存款流失比例")
    loans = df["loans"].to_numpy(dtype=float)
    avg_amt = np.divide(df["loan_amount"].to_numpy(dtype=float), loans, out=np.zeros_like(loans), where=loans > 0)
    gaming = split if (s.per_loan > 0 and s.min_loan_amount == 0) else 0.0
    extra = np.round(loans * gaming * (k - 1))
    reported = loans + extra
    # 计奖笔数：最低金额以上的笔数（拆单后的小笔若低于最低金额则不计）
    if s.min_loan_amount > 0:
        eligible = np.where(avg_amt >= s.min_loan_amount, loans, 0.0)
    else:
        eligible = reported
    qualifies = reported >= s.threshold_loans
    deposits = df["deposits"].to_numpy(dtype=float)
    lost_dep = deposits * (shift if s.per_deposit == 0 else 0.0)
    kept_dep = deposits - lost_dep
    gross = np.where(qualifies, s.per_loan * eligible + s.per_balance * df["new_balance"].to_numpy(dtype=float)
                     + s.per_deposit * kept_dep, 0.0)
    after_risk = np.maximum(gross - s.risk_deduction * df["overdue_new"].to_numpy(dtype=float), 0.0)
    # 违约追回：违约贷款对应的那部分奖金（按笔部分按违约笔数、按余额部分按违约金额占比）
    def_loans = df["defaults"].to_numpy(dtype=float)
    share_def_amt = np.divide(df["default_balance"].to_numpy(dtype=float), df["loan_amount"].to_numpy(dtype=float),
                              out=np.zeros_like(loans), where=df["loan_amount"].to_numpy(dtype=float) > 0)
    tied = np.where(qualifies, s.per_loan * np.minimum(def_loans, eligible)
                    + s.per_balance * df["new_balance"].to_numpy(dtype=float) * share_def_amt, 0.0)
    clawed = np.minimum(s.clawback * tied, after_risk)
    individual = after_risk - clawed
    team = df["team"].astype(str).to_numpy()
    pool = pd.Series(individual * s.team_share).groupby(team).transform("mean").to_numpy()
    pay = individual * (1 - s.team_share) + pool
    if s.cap > 0:
        pay = np.minimum(pay, s.cap)
    total = pay.sum()
    scale = s.budget / total if (s.budget > 0 and total > s.budget) else 1.0
    pay = pay * scale
    good = np.maximum(loans - def_loans, 0.0)
    detail = pd.DataFrame({
        "客户经理": df["manager_id"].astype(str).to_numpy(), "团队": team,
        "实际新放笔数": loans.astype(int), "报告笔数": reported.astype(int), "计奖笔数": eligible.astype(int),
        "违约笔数": def_loans.astype(int), "逾期扣减": np.minimum(gross, s.risk_deduction * df["overdue_new"].to_numpy(dtype=float)),
        "追回": clawed * (1 - s.team_share) * scale, "存款流失": lost_dep, "奖金": pay,
    })
    n_good = float(good.sum())
    summary = {
        "总奖金": float(pay.sum()),
        "报告笔数": int(reported.sum()),
        "虚增笔数": int(extra.sum()),
        "存款流失": float(lost_dep.sum()),
        "净新增好客户": int(n_good),
        "每个净新增好客户的成本": float(pay.sum() / n_good) if n_good > 0 else 0.0,
        "奖金基尼系数": gini(pay),
        "奖金为零的人数": int((pay <= 0).sum()),
        "预算压缩系数": float(scale),
    }
    return detail, summary


# ---------------------------------------------------------------------------------------------
# 工作清单与复盘（模块七）
# ---------------------------------------------------------------------------------------------
_PERIODS = ("每天", "每周", "每月", "每季")


def routine() -> pd.DataFrame:
    """团队负责人的工作清单（每天、每周、每月、每季），来自包内的 ``data/team_routine.yaml``。

    列：周期、序号、事项、怎么做、看哪些数。
    """
    import yaml
    from importlib import resources

    text = resources.files("coursekit").joinpath("data/team_routine.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    rows = []
    for period in _PERIODS:
        for i, it in enumerate(data[period], start=1):
            rows.append({"周期": period, "序号": i, "事项": it["item"], "怎么做": it["how"],
                         "看哪些数": "、".join(it.get("measures") or []) or "（靠人记录）"})
    return pd.DataFrame(rows)


def _month(value, field: str) -> pd.Timestamp:
    from .errors import require_date

    d = require_date(value, field)
    return pd.Timestamp(d).to_period("M").to_timestamp()


def monthly_review(bank: Any, month="2024-12", *, on_time_floor: float = 0.8,
                   pipeline_floor: float = 0.7) -> pd.DataFrame:
    """月度复盘表：某月每位客户经理的过程与结果，和本人前三个月的平均并排，附提醒和对应的清单事项。

    过程记录按月登记，所以复盘按月做；周例会可以用当月至今的数。提醒规则（示意，可调）：
    贷后检查按时率低于 ``on_time_floor``；月末在谈笔数低于本人前三月平均的 ``pipeline_floor``；
    走访比前三月平均少三成以上；当月有新增逾期。
    """
    t = _bank_tables(bank)
    m = _month(month, "复盘月份")
    floor = require_fraction(on_time_floor, "贷后按时率提醒线")
    pfloor = require_fraction(pipeline_floor, "在谈储备提醒线")
    act = t["manager_activity"].assign(manager_id=lambda d: d["manager_id"].astype(str))
    months = sorted(act["month"].unique())
    if not months or m < pd.Timestamp(months[0]) + pd.DateOffset(months=3) or m > pd.Timestamp(months[-1]):
        lo = (pd.Timestamp(months[0]) + pd.DateOffset(months=3)).strftime("%Y 年 %m 月") if months else "—"
        hi = pd.Timestamp(months[-1]).strftime("%Y 年 %m 月") if months else "—"
        raise InputError("复盘月份", f"应在 {lo} 到 {hi} 之间（要有前三个月的记录作比较）", month)
    mg = t["managers"].set_index("manager_id")
    cur = act[act["month"] == m].set_index("manager_id").reindex(mg.index).fillna(0)
    prev = act[(act["month"] >= m - pd.DateOffset(months=3)) & (act["month"] < m)].groupby("manager_id")[
        ["visits", "pipeline_count"]].mean().reindex(mg.index).fillna(0)
    loans, hist = t["loans"], t["overdue_history"]
    nxt = m + pd.DateOffset(months=1)
    new = loans[(loans["disburse_date"] >= m) & (loans["disburse_date"] < nxt)]
    h = hist.assign(loan_id=hist["loan_id"].astype(str))
    now = h[(h["month"] == m) & (h["overdue_days"] > 0)]["loan_id"]
    before = set(h[(h["month"] == m - pd.DateOffset(months=1)) & (h["overdue_days"] > 0)]["loan_id"])
    new_od = pd.Series(loans.set_index(loans["loan_id"].astype(str))["manager_id"].astype(str)).reindex(
        [x for x in now if x not in before])
    due = cur["postloan_due"]
    rate = (cur["postloan_on_time"] / due.where(due > 0)).fillna(1.0)
    out = pd.DataFrame({
        "姓名": mg["name"].astype(str),
        "走访": cur["visits"].astype(int), "前三月平均走访": prev["visits"],
        "电话回访": cur["calls"].astype(int), "尽调更新": cur["kyc_refreshed"].astype(int),
        "应做贷后检查": due.astype(int), "按时完成": cur["postloan_on_time"].astype(int), "贷后检查按时率": rate,
        "月末在谈笔数": cur["pipeline_count"].astype(int), "前三月平均在谈": prev["pipeline_count"],
        "新放笔数": new.groupby(new["manager_id"].astype(str)).size().reindex(mg.index).fillna(0).astype(int),
        "新增逾期笔数": new_od.value_counts().reindex(mg.index).fillna(0).astype(int),
    })
    out.index.name = "manager_id"
    notes, items = [], []
    for _, r in out.iterrows():
        n, it = [], []
        if r["贷后检查按时率"] < floor:
            n.append(f"贷后按时率 {r['贷后检查按时率']:.0%}")
            it.append("组织贷后检查")
        if r["前三月平均在谈"] > 0 and r["月末在谈笔数"] < pfloor * r["前三月平均在谈"]:
            n.append(f"在谈 {r['月末在谈笔数']} 笔，前三月平均 {r['前三月平均在谈']:.0f} 笔")
            it.append("开发 1–2 个新目标客群")
        if r["前三月平均走访"] > 0 and r["走访"] < 0.7 * r["前三月平均走访"]:
            n.append(f"走访 {r['走访']} 户次，前三月平均 {r['前三月平均走访']:.0f}")
            it.append("会同营销")
        if r["新增逾期笔数"] > 0:
            n.append(f"新增逾期 {r['新增逾期笔数']} 笔")
            it.append("资产保全人员沟通会")
        notes.append("；".join(n) or "无")
        items.append("、".join(dict.fromkeys(it)) or "—")
    out["提醒"] = notes
    out["对应清单事项"] = items
    return out


def quarterly_report(bank: Any, *, funding_cost: float = 0.025, low_output: float = 0.7) -> dict[str, Any]:
    """季度报告（数据日所在季度）：团队负责人向上汇报的一页纸，按模块七的四项季度工作组织。

    返回字典：``季度``（文字）、``要点``（Series，本季结果与过程）、``逾期贷款分析``（本季新增逾期按客户经理与产品）、
    ``客群贡献度对比``（各客群户数、季末贷款余额、利差贡献、不良率）、``低产能客户经理督导``（全年新放笔数不到
    同地域中位数 ``low_output`` 的人，附过程数据与需要的帮助）。用 :func:`quarterly_report_html` 打印。
    """
    low = require_fraction(low_output, "低产能线")
    fc = require_fraction(funding_cost, "资金成本", high=0.2)
    t = _bank_tables(bank)
    raw = bank if isinstance(bank, Mapping) else bank.tables
    loans, hist, act, cust = t["loans"], t["overdue_history"], t["manager_activity"], t["customers"]
    end = pd.Timestamp(hist["month"].max()).to_period("Q")
    q0, q1 = end.start_time.normalize(), end.end_time.normalize() + pd.Timedelta(days=1)
    prev_m = (q0 - pd.DateOffset(months=1))
    last_m = pd.Timestamp(hist["month"].max())
    h = hist.assign(loan_id=hist["loan_id"].astype(str))
    before = set(h[(h["month"] == prev_m) & (h["overdue_days"] > 0)]["loan_id"])
    now = h[(h["month"] == last_m) & (h["overdue_days"] > 0)]["loan_id"]
    ledger = loans.assign(loan_id=loans["loan_id"].astype(str)).set_index("loan_id")
    new_od = ledger.loc[[x for x in now if x not in before]]
    if len(new_od):
        od = (new_od.assign(客户经理=new_od["manager_id"].astype(str), 产品=new_od["product"].astype(str)
                            if "product" in new_od else "贷款",
                            放款季度=new_od["disburse_date"].dt.to_period("Q").astype(str))
              .groupby(["客户经理", "产品"]).agg(新增逾期笔数=("amount", "size"), 逾期余额=("balance", "sum"),
                                               最早放款季度=("放款季度", "min")).reset_index())
    else:
        od = pd.DataFrame(columns=["客户经理", "产品", "新增逾期笔数", "逾期余额", "最早放款季度"])
    live = loans[loans["status"].astype(str).isin(["正常", "逾期"])]
    if "cluster_id" in cust.columns:
        cl = cust.set_index(cust["customer_id"].astype(str))["cluster_id"].astype(str)
        lc = live["customer_id"].astype(str).map(cl)
        names = raw.get("clusters")
        cname = (names.set_index("cluster_id")["name"].astype(str) if isinstance(names, pd.DataFrame)
                 and {"cluster_id", "name"} <= set(names.columns) else pd.Series(dtype=str))
        bad = live["risk_category"].astype(str).isin(_NPL)
        contrib = pd.DataFrame({
            "户数": cust.groupby(cl.to_numpy()).size(),
            "贷款余额": live.groupby(lc)["balance"].sum(),
            "利差贡献": (live["balance"] * (live["rate"] - fc)).groupby(lc).sum(),
            "不良余额": live[bad].groupby(lc[bad])["balance"].sum(),
        }).fillna(0.0)
        contrib["不良率"] = (contrib["不良余额"] / contrib["贷款余额"].where(contrib["贷款余额"] > 0)).fillna(0.0)
        contrib["户均利差贡献"] = contrib["利差贡献"] / contrib["户数"].where(contrib["户数"] > 0)
        contrib = contrib.fillna(0.0).drop(columns="不良余额")
        contrib.index = [f"{i} {cname.get(i, '')}".strip() for i in contrib.index]
        contrib.index.name = "客群"
        contrib = contrib.sort_values("利差贡献", ascending=False)
    else:
        contrib = pd.DataFrame(columns=["户数", "贷款余额", "利差贡献", "不良率", "户均利差贡献"])
    card = manager_scorecard(bank, funding_cost=fc)
    lowp = card[card["新放笔数（同地域中位数=1）"] < low][
        ["姓名", "地域", "从业年限", "新放笔数（同地域中位数=1）", "月均走访", "下半年贷后按时率", "类型", "需要的帮助"]]
    a = act[(act["month"] >= q0) & (act["month"] < q1)]
    newq = loans[(loans["disburse_date"] >= q0) & (loans["disburse_date"] < q1)]
    due = a["postloan_due"].sum()
    key = pd.Series({
        "季末贷款余额（元）": float(live["balance"].sum()),
        "本季新放笔数": int(len(newq)),
        "本季新放金额（元）": float(newq["amount"].sum()),
        "本季新增逾期笔数": int(len(new_od)),
        "季末不良率": float(live.loc[live["risk_category"].astype(str).isin(_NPL), "balance"].sum()
                         / live["balance"].sum()) if live["balance"].sum() > 0 else 0.0,
        "本季走访（户次）": int(a["visits"].sum()),
        "本季贷后检查按时率": float(a["postloan_on_time"].sum() / due) if due > 0 else 1.0,
        "季末在谈笔数": int(a[a["month"] == a["month"].max()]["pipeline_count"].sum()) if len(a) else 0,
    })
    return {"季度": f"{end.year} 年第 {end.quarter} 季度", "要点": key, "逾期贷款分析": od,
            "客群贡献度对比": contrib, "低产能客户经理督导": lowp}


def _key_text(label: str, value: float) -> str:
    """季度要点的一个数按汇报的写法：率写成百分数，金额写成万元，笔数、户次写成整数。"""
    if "率" in label:
        return f"{value:.1%}"
    if "元" in label:
        return f"{value / 1e4:,.1f} 万元"
    return f"{int(round(value)):,}"


def key_figures(report: Mapping) -> pd.DataFrame:
    """季度汇报的要点表（项目、数值），数值按汇报的写法（百分数、万元、整数），与 :func:`quarterly_report_html` 一致。"""
    if not isinstance(report, Mapping) or "要点" not in report:
        raise InputError("季度报告", "应为 quarterly_report() 的结果")
    key = report["要点"]
    if not isinstance(key, pd.Series) or not pd.api.types.is_numeric_dtype(key) or not np.isfinite(
            key.to_numpy(dtype=float)).all():
        raise InputError("季度报告", "“要点”应为一列有限的数")
    return pd.DataFrame({"项目": [str(k).replace("（元）", "") for k in key.index],
                         "数值": [_key_text(str(k), float(v)) for k, v in key.items()]})


def quarterly_report_html(report: Mapping, *, team_name: str = "小微信贷部") -> str:
    """把 :func:`quarterly_report` 的结果排成 A4 打印页（完整 HTML，样式内嵌，不引用外部资源）。"""
    import html as _html

    from .forms import _CSS
    from .tables import table

    if not isinstance(report, Mapping) or not {"季度", "要点", "逾期贷款分析", "客群贡献度对比",
                                                 "低产能客户经理督导"} <= set(report):
        raise InputError("季度报告", "应为 quarterly_report() 的结果")
    name = _html.escape(str(team_name))
    if not isinstance(report["季度"], str):
        raise InputError("季度报告", "“季度”应为文字，如“2024 年第 4 季度”")
    rows = key_figures(report)

    parts = ['<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">',
             f"<title>{name}{_html.escape(report['季度'])}工作汇报</title>",
             f"<style>{_CSS % {'orient': 'portrait', 'width': '184mm'}}"
             ".ck-table-hint { display: none; } td, th { font-size: 9pt; }</style></head><body><main>",
             f"<h1>{name}{_html.escape(report['季度'])}工作汇报</h1>",
             '<div class="meta"><span>青禾农商银行</span><span>汇报人：__________　　日期：　　年　　月　　日</span></div>',
             "<h2>一、本季要点</h2><table>"]
    parts += [f'<tr><td class="label">{_html.escape(k)}</td><td>{v}</td></tr>'
              for k, v in zip(rows["项目"], rows["数值"])]
    parts.append("</table>")
    sections = [("二、逾期贷款分析（本季新增）", report["逾期贷款分析"], False),
                ("三、各类客群贡献度对比", report["客群贡献度对比"], True),
                ("四、低产能客户经理督导", report["低产能客户经理督导"], True)]
    for title, df, index in sections:
        parts.append(f"<h2>{_html.escape(title)}</h2>")
        if isinstance(df, pd.DataFrame) and len(df):
            parts.append(table(df, index=index).html)
        else:
            parts.append('<p class="purpose">本季无。</p>')
    parts += ["<h2>五、需要的资源与下季安排</h2>", '<div class="lines">' + "<div></div>" * 5 + "</div>",
              '<p class="basis">数据来自信贷系统台账与贷后检查、走访登记；利差贡献为年末余额 ×（执行利率 − 资金成本），'
              "示意口径。本表为教学示例，使用时以本行制度和模板为准。</p></main></body></html>"]
    return "\n".join(parts)


# ---------------------------------------------------------------------------------------------
# 员工合伙人（跟投、分成、递延与追回）
# ---------------------------------------------------------------------------------------------

def _finite_column(x: pd.Series, field: str) -> np.ndarray:
    """数字列（不是布尔）→ 有限的浮点数组；绝对值超过 10 万亿按单位错误报。"""
    if not pd.api.types.is_numeric_dtype(x) or pd.api.types.is_bool_dtype(x):
        raise InputError(field, "应为数字")
    v = x.to_numpy(dtype=float)
    if not np.isfinite(v).all() or (np.abs(v) > 1e13).any():
        raise InputError(field, "应为有限的数")
    return v

def partner_plan(years, partners, *, profit_share: float = 0.2, hurdle: float = 0.0, deferral: float = 0.4,
                 clawback: bool = True, loss_absorb: float = 0.0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """员工合伙人计划（如二手房贷款合伙人）的逐年分成、递延与追回。

    ``years`` 每年一行：``year``、``net_interest``（利差收入）、``costs``（运营成本）、``losses``（当年核销或损失）。
    ``partners`` 每人一行：``partner``、``stake``（跟投金额，元）。规则（示意，以本行方案为准）：

    - 当年净收益 = 利差收入 − 运营成本 − 损失；超过基准 ``hurdle`` 的部分按 ``profit_share`` 进入合伙人奖金池；
    - 奖金池当年只发 ``1 − deferral``，其余递延，最后一年发放；
    - ``clawback=True`` 时，净收益低于基准的年份，用递延余额冲抵 ``profit_share ×`` 差额（冲完为止）；
      ``loss_absorb`` 再让合伙人的跟投本金承担剩余差额的这一比例（不超过本金）；
    - 奖金和本金的损益按跟投金额分给每位合伙人。

    返回 ``(逐年表, 每人表)``；逐年表各年“当年发放”加最后一年“递延发放”等于每人表的“奖金合计”。
    """
    require_frame(years, "逐年收益表", ["year", "net_interest", "costs", "losses"], allow_empty=False)
    require_frame(partners, "合伙人表", ["partner", "stake"], allow_empty=False)
    share = require_fraction(profit_share, "分成比例")
    hur = require_number(hurdle, "基准收益")
    if abs(hur) > 1e12:
        raise InputError("基准收益", "大得不合理", hurdle)
    dfr = require_fraction(deferral, "递延比例")
    absorb = require_fraction(loss_absorb, "本金承担比例")
    from .errors import require_flag

    claw = require_flag(clawback, "是否追回")
    if not all(isinstance(y, (int, np.integer, str)) and not isinstance(y, bool) for y in years["year"].tolist()):
        raise InputError("逐年收益表的 year 列", "年份应为整数（如 2024）或文字（如“第1年”）")
    if not years["year"].is_unique:
        raise InputError("逐年收益表的 year 列", "年份有重复")
    cols = {}
    for c in ("net_interest", "costs", "losses"):
        v = _finite_column(years[c], f"逐年收益表的 {c} 列")
        if c != "net_interest" and (v < 0).any():
            raise InputError(f"逐年收益表的 {c} 列", "不能为负")
        cols[c] = v
    st = partners["stake"]
    if not pd.api.types.is_numeric_dtype(st) or pd.api.types.is_bool_dtype(st):
        raise InputError("合伙人表的 stake 列", "应为数字")
    stake = st.to_numpy(dtype=float)
    if not np.isfinite(stake).all() or (stake < 0).any() or (stake > 1e10).any() or stake.sum() <= 0:
        raise InputError("合伙人表的 stake 列", "跟投金额应为非负的有限数，且合计大于 0")
    if not partners["partner"].is_unique:
        raise InputError("合伙人表", "合伙人有重复")
    capital = float(stake.sum())
    deferred, lost_capital, rows = 0.0, 0.0, []
    net = cols["net_interest"] - cols["costs"] - cols["losses"]
    for i, yr in enumerate(years["year"].tolist()):
        pool = share * max(net[i] - hur, 0.0)
        paid = pool * (1 - dfr)
        deferred += pool * dfr
        clawed = absorbed = 0.0
        if claw and net[i] < hur:
            gap = share * (hur - net[i])
            clawed = min(gap, deferred)
            deferred -= clawed
            rest = (hur - net[i]) - (clawed / share if share > 0 else 0.0)
            absorbed = min(absorb * max(rest, 0.0), capital - lost_capital)
            lost_capital += absorbed
        rows.append({"年份": yr, "净收益": net[i], "奖金池": pool, "当年发放": paid, "追回": clawed,
                     "本金承担": absorbed, "递延余额": deferred})
    table = pd.DataFrame(rows)
    table["递延发放"] = 0.0
    table.loc[table.index[-1], "递延发放"] = deferred
    total_bonus = float(table["当年发放"].sum() + deferred)
    w = stake / capital
    people = pd.DataFrame({"合伙人": partners["partner"].astype(str).to_numpy(), "跟投金额": stake,
                           "奖金合计": total_bonus * w, "本金损失": lost_capital * w})
    people["净所得"] = people["奖金合计"] - people["本金损失"]
    people["净所得占跟投"] = np.where(stake > 0, people["净所得"] / np.where(stake > 0, stake, 1), 0.0)
    return table, people


#: 合伙人计划里“损失”什么时候算进当年净收益：核销时（实际损失落地），或认定为不良时（按预计损失）
LOSS_BASES = ("核销", "不良认定")


def mortgage_losses(loans, *, overstatement: float = 0.0, auction_ratio: float = 0.75,
                    disposal_cost: float = 0.0) -> pd.DataFrame:
    """住房抵押贷款违约后的预计损失（逐笔，示意）。

    ``loans`` 每笔一行：``loan``（贷款余额，元）、``appraisal``（放款时的评估价，元）。评估价若虚高
    ``overstatement``（0.25 表示评估价比真实市值高 25%），真实市值 = 评估价 ÷（1 + 虚高幅度）。
    处置回收 = 真实市值 × ``auction_ratio``（司法拍卖或协议处置的成交价占真实市值的比例）− ``disposal_cost``
    （每笔的诉讼、拍卖、税费等，元），不低于 0；预计损失 = max(余额 − 处置回收, 0)。

    返回原表加：真实市值、评估成数（余额 ÷ 评估价）、真实成数（余额 ÷ 真实市值）、处置回收、预计损失、损失率，
    以及“不亏的成交比例”（成交价至少要达到真实市值的几成，处置回收才够还清余额）。
    """
    require_frame(loans, "贷款表", ["loan", "appraisal"], allow_empty=False)
    over = require_fraction(overstatement, "评估虚高幅度", high=2.0)
    ratio = require_fraction(auction_ratio, "处置成交价占真实市值的比例", high=1.5)
    cost = require_non_negative(disposal_cost, "每笔处置费用")
    if cost > 1e9:
        raise InputError("每笔处置费用", "大得不合理，请检查单位是否为元", disposal_cost)
    loan = _finite_column(loans["loan"], "贷款表的 loan 列")
    appraisal = _finite_column(loans["appraisal"], "贷款表的 appraisal 列")
    if (loan < 0).any():
        raise InputError("贷款表的 loan 列", "不能为负")
    if (appraisal < 1).any():
        raise InputError("贷款表的 appraisal 列", "评估价应大于 0（单位为元，至少 1 元）")
    out = loans.copy()
    market = appraisal / (1 + over)
    recovery = np.maximum(market * ratio - cost, 0.0)
    loss = np.maximum(loan - recovery, 0.0)
    out["真实市值"] = market
    out["评估成数"] = loan / appraisal
    out["真实成数"] = loan / market
    out["处置回收"] = recovery
    out["预计损失"] = loss
    out["损失率"] = np.divide(loss, loan, out=np.zeros_like(loan), where=loan > 0)
    out["不亏的成交比例"] = (loan + cost) / market
    return out


_DESIGN_KEYS = {"profit_share": "分成比例", "hurdle": "基准收益", "deferral": "递延比例", "clawback": "是否追回",
                "loss_absorb": "本金承担比例", "loss_basis": "损失口径"}


def partner_designs(years, partners, designs: Mapping[str, Mapping], *,
                    eventual_loss: float | None = None) -> pd.DataFrame:
    """几套员工合伙人方案放在同一段业务上回测：每套方案下合伙人拿多少、替银行担了多少损失。

    ``years`` 每年一行：``year``、``net_interest``（利差收入）、``costs``（运营成本）、``writeoffs``（当年核销的损失）、
    ``npl_loss``（当年新认定为不良的贷款的预计损失，可用 :func:`mortgage_losses` 估）。``designs`` 是“名称 → 规则”，
    规则的键与 :func:`partner_plan` 相同（``profit_share``、``hurdle``、``deferral``、``clawback``、``loss_absorb``），
    另加 ``loss_basis``：``"核销"`` 时当年损失取 ``writeoffs``，``"不良认定"`` 时取 ``npl_loss``（见 :data:`LOSS_BASES`）。

    ``eventual_loss`` 是这段业务最终要承担的损失（默认取两列合计中较大的一个：不良终将核销，核销的也曾是不良）。
    合伙人承担的损失 = 没有任何损失时合伙人的净所得 − 这套方案下的净所得；其余由银行承担。
    返回每套方案一行：合伙人奖金合计、其中期末递延发放、追回、本金承担、合伙人净所得、方案计入的损失、
    合伙人承担的损失、合伙人承担比例、银行承担的损失、银行留存（利差 − 成本 − 最终损失 − 合伙人净所得）。
    """
    require_frame(years, "逐年收益表", ["year", "net_interest", "costs", "writeoffs", "npl_loss"], allow_empty=False)
    if not isinstance(designs, Mapping) or not designs:
        raise InputError("方案", "应为非空的字典（名称 → 规则）", type(designs).__name__)
    cols = {}
    for c in ("net_interest", "costs", "writeoffs", "npl_loss"):
        v = _finite_column(years[c], f"逐年收益表的 {c} 列")
        if c != "net_interest" and (v < 0).any():
            raise InputError(f"逐年收益表的 {c} 列", "不能为负")
        cols[c] = v
    if eventual_loss is None:
        final = float(max(cols["writeoffs"].sum(), cols["npl_loss"].sum()))
    else:
        final = require_non_negative(eventual_loss, "最终损失")
        if final > 1e13:
            raise InputError("最终损失", "大得不合理", eventual_loss)
    operating = float((cols["net_interest"] - cols["costs"]).sum())
    rows = []
    for name, rule in designs.items():
        label = require_text(name, "方案名称")
        if not isinstance(rule, Mapping):
            raise InputError(f"方案“{label}”", "应为字典（规则名 → 取值）", type(rule).__name__)
        bad = [k for k in rule if k not in _DESIGN_KEYS]
        if bad:
            raise InputError(f"方案“{label}”", f"没有这些规则：{'、'.join(map(str, bad))}；可用：{'、'.join(_DESIGN_KEYS)}")
        kw = {k: v for k, v in rule.items() if k != "loss_basis"}
        basis = rule.get("loss_basis", "核销")
        if not isinstance(basis, str) or basis not in LOSS_BASES:
            raise InputError(f"方案“{label}”的损失口径", f"应为 {'、'.join(LOSS_BASES)} 之一", basis)
        counted = cols["writeoffs"] if basis == "核销" else cols["npl_loss"]
        yrs = pd.DataFrame({"year": years["year"].to_numpy(), "net_interest": cols["net_interest"],
                            "costs": cols["costs"], "losses": counted})
        plan, people = partner_plan(yrs, partners, **kw)
        _, clean = partner_plan(yrs.assign(losses=0.0), partners, **kw)
        net = float(people["净所得"].sum())
        borne = float(clean["净所得"].sum()) - net
        rows.append({"方案": label, "损失口径": basis, "合伙人奖金合计": float(people["奖金合计"].sum()),
                     "其中期末递延发放": float(plan["递延发放"].iloc[-1]), "追回": float(plan["追回"].sum()),
                     "本金承担": float(plan["本金承担"].sum()), "合伙人净所得": net,
                     "方案计入的损失": float(counted.sum()), "合伙人承担的损失": borne,
                     "合伙人承担比例": borne / final if final >= 0.01 else 0.0,   # 不足 1 分钱按无损失
                     "银行承担的损失": final - borne, "银行留存": operating - final - net})
    return pd.DataFrame(rows).set_index("方案")


# ---------------------------------------------------------------------------------------------
# 厅堂转介：一张转介单值多少钱，激励该为什么付钱
# ---------------------------------------------------------------------------------------------
_REFERRAL_COLUMNS = ("signal", "slips", "contacted", "loans", "avg_loan", "loan_rate", "deposit", "settlement", "pd")


def referral_value(slips, params=None, *, followup_hours: float = 1.5, hour_cost: float = 100.0,
                   per_slip: float = 0.0, per_qualified: float = 0.0, per_loan: float = 0.0,
                   qualified=()) -> tuple[pd.DataFrame, dict]:
    """大堂（柜面）转介给客户经理的商机：按转介时记下的信号分组，算转化、价值和激励该付给谁。

    ``slips`` 每类信号一行：``signal``（信号）、``slips``（转介单张数）、``contacted``（客户经理回访了几张）、
    ``loans``（其中放款户数）、``avg_loan``（户均贷款日均，元）、``loan_rate``、``deposit``（每户带来的活期存款日均）、
    ``settlement``（每户一年的结算流水）、``pd``（违约概率）。每户一年的综合贡献度用
    :func:`coursekit.contribution.contribution` 按 ``params`` 计算。

    - 回访成本 = 回访张数 × ``followup_hours`` × ``hour_cost``（客户经理的工时，元）；
    - 净价值 = 放款户数 × 每户一年贡献 − 回访成本；每张单子的净价值 = 净价值 ÷ 张数；
    - 漏访的价值 = 没有回访的张数 × 回访后放款率 × 每户一年贡献（这些单子若也回访，按同样的转化估）；
    - 大堂奖金 = 张数 × ``per_slip`` +（信号在 ``qualified`` 里的）张数 × ``per_qualified`` + 放款户数 × ``per_loan``。

    返回 ``(每类信号一张表, 汇总)``；汇总含转介单、放款、净价值、漏访的价值、大堂奖金合计，以及奖金里付给
    不合格信号的比例。一年口径，示意。
    """
    from . import contribution as ctb

    require_frame(slips, "转介记录", _REFERRAL_COLUMNS, allow_empty=False)
    if not slips["signal"].is_unique:
        raise InputError("转介记录", "信号有重复")
    p = ctb._as_params(params)
    hours = require_non_negative(followup_hours, "每张回访工时")
    cost = require_non_negative(hour_cost, "每小时人工成本")
    if hours > 100 or cost > 10_000:
        raise InputError("每张回访工时" if hours > 100 else "每小时人工成本", "大得不合理")
    pay = {}
    for name, label in (("per_slip", "每张转介单奖金"), ("per_qualified", "每张合格转介单奖金"),
                        ("per_loan", "每笔放款奖金")):
        v = require_non_negative(locals()[name], label)
        if v > 1e6:
            raise InputError(label, "大得不合理", locals()[name])
        pay[name] = v
    if isinstance(qualified, str) or not hasattr(qualified, "__iter__"):
        raise InputError("合格信号", "应为信号名称的列表", qualified)
    good = {str(q) for q in qualified}
    unknown = good - set(slips["signal"].astype(str))
    if unknown:
        raise InputError("合格信号", f"转介记录里没有这些信号：{'、'.join(sorted(unknown))}")
    v = {c: _finite_column(slips[c], f"转介记录的 {c} 列") for c in _REFERRAL_COLUMNS[1:]}
    for c in _REFERRAL_COLUMNS[1:]:
        if (v[c] < 0).any():
            raise InputError(f"转介记录的 {c} 列", "不能为负")
    for c in ("slips", "contacted", "loans"):
        if (v[c] != np.round(v[c])).any():
            raise InputError(f"转介记录的 {c} 列", "应为整数")
    if (v["contacted"] > v["slips"]).any():
        raise InputError("转介记录的 contacted 列", "回访张数不能多于转介单张数")
    if (v["loans"] > v["contacted"]).any():
        raise InputError("转介记录的 loans 列", "放款户数不能多于回访张数")
    if (v["loan_rate"] > 1).any() or (v["pd"] > 1).any():
        raise InputError("转介记录", "loan_rate 和 pd 按小数填写（如 0.055），应在 0 到 1 之间")
    each = []
    for i in range(len(slips)):
        has_loan = v["avg_loan"][i] > 0
        c = ctb.Customer(name=str(slips["signal"].iloc[i]), demand_deposit_avg=v["deposit"][i],
                         settlement_turnover=v["settlement"][i], loan_avg=v["avg_loan"][i],
                         loan_rate=v["loan_rate"][i] if has_loan else None, loan_count=1 if has_loan else 0,
                         pd=v["pd"][i])
        each.append(ctb.contribution(c, p).total)
    each = np.array(each, dtype=float)
    n, met, won = v["slips"], v["contacted"], v["loans"]
    follow = met * hours * cost
    net = won * each - follow
    after = np.divide(won, met, out=np.zeros_like(won), where=met > 0)
    is_good = slips["signal"].astype(str).isin(good).to_numpy()
    bonus = n * pay["per_slip"] + np.where(is_good, n, 0.0) * pay["per_qualified"] + won * pay["per_loan"]
    out = pd.DataFrame({
        "信号": slips["signal"].astype(str).to_numpy(), "合格信号": np.where(is_good, "是", "否"),
        "转介单": n.astype(int), "回访": met.astype(int), "放款": won.astype(int),
        "回访率": np.divide(met, n, out=np.zeros_like(n), where=n > 0), "回访后放款率": after,
        "每户一年贡献": each, "回访成本": follow, "净价值": net,
        "每张单子的净价值": np.divide(net, n, out=np.zeros_like(n), where=n > 0),
        "漏访的价值": np.maximum((n - met) * after * each, 0.0), "大堂奖金": bonus,
    }).set_index("信号")
    total_pay = float(bonus.sum())
    summary = {"转介单": int(n.sum()), "放款": int(won.sum()), "净价值": float(net.sum()),
               "漏访的价值": float(out["漏访的价值"].sum()), "大堂奖金": total_pay,
               "付给不合格信号的奖金占比": float(bonus[~is_good].sum() / total_pay) if total_pay > 0 else 0.0,
               "每笔放款的大堂奖金": total_pay / float(won.sum()) if won.sum() > 0 else 0.0}
    return out, summary


# ---------------------------------------------------------------------------------------------
# 资源配置：按边际贡献还是平均分
# ---------------------------------------------------------------------------------------------
def branch_inputs(bank: Any, *, funding_cost: float = 0.025, lgd: float = 0.45) -> pd.DataFrame:
    """从教学银行为每个支行估出配置资源要用的两条参数（示意）：

    - ``margin``：每多放 1 元贷款一年的风险调整利差 =（在贷余额加权的执行利率 − 资金成本）− 不良率 × 违约损失率；
    - ``capacity``：一年能吸收的好需求（元）≈ 2024 年下半年新放金额 × 2。
    """
    fc = require_fraction(funding_cost, "资金成本", high=0.2)
    lg = require_fraction(lgd, "违约损失率")
    t = _bank_tables(bank)
    raw = bank if isinstance(bank, Mapping) else bank.tables
    loans = t["loans"]
    live = loans[loans["status"].astype(str).isin(["正常", "逾期"])]
    b = live["branch_id"].astype(str) if "branch_id" in live else live["manager_id"].astype(str).map(
        t["managers"].set_index("manager_id")["branch_id"].astype(str))
    bal = live.groupby(b)["balance"].sum()
    rate = (live["balance"] * live["rate"]).groupby(b).sum() / bal.where(bal > 0)
    npl = live[live["risk_category"].astype(str).isin(_NPL)].groupby(
        b[live["risk_category"].astype(str).isin(_NPL)])["balance"].sum().reindex(bal.index).fillna(0) / bal.where(
        bal > 0)
    end = pd.Timestamp(t["overdue_history"]["month"].max())
    h2 = loans[loans["disburse_date"] >= pd.Timestamp(f"{end.year}-07-01")]
    hb = h2["branch_id"].astype(str) if "branch_id" in h2 else h2["manager_id"].astype(str).map(
        t["managers"].set_index("manager_id")["branch_id"].astype(str))
    cap = h2.groupby(hb)["amount"].sum().reindex(bal.index).fillna(0) * 2
    names = raw.get("branches")
    nm = names.set_index("branch_id")["name"].astype(str) if isinstance(names, pd.DataFrame) and "name" in names else {}
    out = pd.DataFrame({"unit": [f"{i} {nm.get(i, '')}".strip() for i in bal.index],
                        "margin": ((rate - fc) - npl.fillna(0) * lg).fillna(0).to_numpy(),
                        "capacity": cap.to_numpy()})
    return out


def allocate(units, total: float, *, step: float | None = None) -> tuple[pd.DataFrame, dict]:
    """把一笔资源（贷款规模、优惠利率额度）按边际贡献分到各单位，并与平均分比较。

    ``units`` 每个单位一行：``unit``、``margin``（每 1 元资源一年的风险调整收益率）、``capacity``（能吸收的好需求，元）。
    单位 ``u`` 得到 ``x`` 元时，一年的贡献 = margin × capacity ×（1 − e^(−x / capacity)）：头几笔最值钱，越往后
    越难找到好客户（边际递减）。按步长 ``step``（默认总额的 1%）每次把一份给此刻边际贡献最高的单位；
    margin 不为正的单位不分。返回 ``(每单位表, 汇总)``。
    """
    require_frame(units, "单位表", ["unit", "margin", "capacity"], allow_empty=False)
    tot = require_non_negative(total, "资源总额")
    if tot > 1e13:
        raise InputError("资源总额", "大得不合理", total)
    stp = tot / 100 if step is None else require_non_negative(step, "步长")
    if tot > 0 and (stp <= 0 or tot / stp > 100_000):
        raise InputError("步长", "应大于 0，且总额 ÷ 步长不超过 10 万份", step)
    vals = {}
    for c in ("margin", "capacity"):
        vals[c] = _finite_column(units[c], f"单位表的 {c} 列")
    if (vals["capacity"] < 0).any() or (np.abs(vals["margin"]) > 1).any():
        raise InputError("单位表", "capacity 不能为负，margin 应在 −1 到 1 之间（小数）")
    if not units["unit"].is_unique:
        raise InputError("单位表", "单位有重复")
    m, cap = vals["margin"], vals["capacity"]
    n = len(m)

    def value(x):
        safe = np.where(cap > 0, cap, 1.0)
        return np.where(cap > 0, m * cap * (1 - np.exp(-x / safe)), 0.0)

    x = np.zeros(n)
    remaining = tot
    if tot > 0:
        shares = int(round(tot / stp))
        for k in range(shares):
            give = min(stp, remaining)
            if give <= 0:
                break
            gain = value(x + give) - value(x)
            j = int(np.argmax(gain))
            if gain[j] <= 0:
                break
            x[j] += give
            remaining -= give
    equal = np.full(n, tot / n)
    out = pd.DataFrame({"单位": units["unit"].astype(str).to_numpy(), "风险调整利差": m, "好需求容量": cap,
                        "按边际分配": x, "按边际贡献": value(x), "平均分配": equal, "平均分贡献": value(equal)})
    summary = {"按边际的总贡献": float(out["按边际贡献"].sum()), "平均分的总贡献": float(out["平均分贡献"].sum()),
               "未分出的资源": float(max(remaining, 0.0))}
    summary["多出的贡献"] = summary["按边际的总贡献"] - summary["平均分的总贡献"]
    return out, summary


# ---------------------------------------------------------------------------------------------
# 内部资源申请（模块六）：风险收益可视的一页纸
# ---------------------------------------------------------------------------------------------
REQUEST_KINDS = ("利率优惠", "贷款规模", "宣传品", "会议资源", "优先放款")


def resource_request(customer, kind: str, *, rate_discount_bp: float = 0.0, extra_loan: float = 0.0,
                     extra_deposit: float = 0.0, extra_settlement: float = 0.0, direct_cost: float = 0.0,
                     params=None, reason: str = "") -> dict[str, Any]:
    """内部资源申请的测算：用综合贡献度模型（:mod:`coursekit.contribution`）比较申请前后，一年的口径。

    ``customer`` 是客户现状（字典或 ``contribution.Customer``）；申请换来的是：贷款利率下调 ``rate_discount_bp`` 个基点、
    贷款日均增加 ``extra_loan``、活期存款日均增加 ``extra_deposit``、结算流水增加 ``extra_settlement``；
    ``direct_cost`` 是宣传品、会议等直接花费（元）。返回字典：``对比``（现状与申请后的各项与合计）、``要点``
    （资源的代价、换来的增量、净变化、RAROC 与预期损失的前后、打平利率优惠所需的活期存款增量）、申请类型与理由。
    """
    from . import contribution as ctb

    k = require_text(kind, "申请类型")
    if k not in REQUEST_KINDS:
        raise InputError("申请类型", f"应为 {'、'.join(REQUEST_KINDS)} 之一", kind)
    bp = require_non_negative(rate_discount_bp, "利率优惠（基点）")
    if bp > 500:
        raise InputError("利率优惠（基点）", "应不超过 500 个基点", rate_discount_bp)
    vals = {}
    for name, label in (("extra_loan", "新增贷款日均"), ("extra_deposit", "新增活期存款日均"),
                        ("extra_settlement", "新增结算流水"), ("direct_cost", "直接费用")):
        v = require_non_negative(locals()[name], label)
        if v > 1e11:
            raise InputError(label, "过大，请检查单位是否为元", locals()[name])
        vals[name] = v
    why = require_text(reason, "申请理由", allow_empty=True)
    base = ctb._as_customer(customer)
    p = ctb._as_params(params)
    if bp > 0 and base.loan_avg + vals["extra_loan"] <= 0:
        raise InputError("利率优惠（基点）", "客户没有贷款，不能申请利率优惠")
    new_rate = base.loan_rate
    if base.loan_avg + vals["extra_loan"] > 0:
        rate0 = base.loan_rate if base.loan_rate is not None else p.ftp_loan
        new_rate = max(rate0 - bp / 1e4, 0.0)
    changes = {"loan_avg": base.loan_avg + vals["extra_loan"], "loan_rate": new_rate,
               "loan_count": max(base.loan_count, 1) if base.loan_avg + vals["extra_loan"] > 0 else base.loan_count,
               "demand_deposit_avg": base.demand_deposit_avg + vals["extra_deposit"],
               "settlement_turnover": base.settlement_turnover + vals["extra_settlement"]}
    comp = ctb.what_if(base, p, 申请后=changes)
    before, after = comp.results["现状"], comp.results["申请后"]
    discount_cost = (base.loan_avg + vals["extra_loan"]) * base.count * bp / 1e4
    spread = p.ftp_demand - (base.demand_rate if base.demand_rate is not None else p.demand_rate)
    need = (discount_cost + vals["direct_cost"]) / spread if spread > 0 else float("inf")
    net_before, net_after = before.total, after.total - vals["direct_cost"]
    table = comp.table[comp.table["项目"] != "综合贡献度"]
    table = pd.concat([table, pd.DataFrame({"项目": ["直接费用", "综合贡献度（扣直接费用）"],
                                            "现状": [0.0, net_before],
                                            "申请后": [0.0 - vals["direct_cost"] + 0.0, net_after]})],
                      ignore_index=True)
    key = pd.Series({
        "现状综合贡献度（元）": net_before,
        "申请后综合贡献度（元，扣直接费用）": net_after,
        "净变化（元）": net_after - net_before,
        "利率优惠让出的利息（元）": discount_cost,
        "直接费用（元）": vals["direct_cost"],
        "现状 RAROC": before.raroc if before.raroc is not None else 0.0,
        "申请后 RAROC": (net_after / after.economic_capital) if after.economic_capital > 0 else 0.0,
        "现状预期损失（元）": before.expected_loss,
        "申请后预期损失（元）": after.expected_loss,
        "打平代价所需的活期存款增量（元）": need if np.isfinite(need) else 0.0,
    })
    return {"申请类型": k, "客户": base.name, "理由": why, "对比": table, "要点": key}


def resource_request_html(request: Mapping) -> str:
    """把 :func:`resource_request` 的结果排成 A4 申请单（完整 HTML，不引用外部资源），附审批签字栏。"""
    import html as _html

    from .forms import _CSS
    from .tables import table

    if not isinstance(request, Mapping) or not {"申请类型", "客户", "理由", "对比", "要点"} <= set(request):
        raise InputError("资源申请", "应为 resource_request() 的结果")
    key, comp = request["要点"], request["对比"]
    if not isinstance(key, pd.Series) or not isinstance(comp, pd.DataFrame) or not all(
            isinstance(request[x], str) for x in ("申请类型", "客户", "理由")):
        raise InputError("资源申请", "应为 resource_request() 的结果")
    e = _html.escape

    def show(k, v):
        return f"{v:.1%}" if "RAROC" in k else f"{v:,.0f} 元"

    rows = "".join(f'<tr><td class="label">{e(str(k).replace("（元）", "").replace("（元，", "（"))}</td>'
                   f"<td>{show(k, v)}</td></tr>" for k, v in key.items())
    verdict = "申请后综合贡献度增加" if key.iloc[2] >= 0 else "申请后综合贡献度减少，需说明其他理由（客户关系、同业竞争等）"
    return "\n".join([
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">',
        f"<title>内部资源申请：{e(request['申请类型'])}</title>",
        f"<style>{_CSS % {'orient': 'portrait', 'width': '184mm'}}.ck-table-hint {{ display: none; }}</style>",
        "</head><body><main>", f"<h1>内部资源申请（{e(request['申请类型'])}）</h1>",
        '<div class="meta"><span>青禾农商银行　　支行：__________</span><span>申请日期：　　年　　月　　日</span></div>',
        f'<p class="purpose">客户：{e(request["客户"])}　　申请理由：{e(request["理由"]) or "（填写）"}</p>',
        "<h2>一、风险与收益（一年口径，综合贡献度模型，参数为示意）</h2>", f"<table>{rows}</table>",
        f'<p class="purpose">结论：{e(verdict)}。</p>',
        "<h2>二、分项对比</h2>", table(comp.set_index("项目"), formats="{:,.0f}").html,
        "<h2>三、风险说明与预案</h2>", '<div class="lines">' + "<div></div>" * 4 + "</div>",
        '<div class="sign"><div>客户经理（签字）：</div><div>支行行长（签字）：</div><div>审批人（签字）：</div></div>',
        '<p class="basis">测算依据：综合贡献度 = 存款利差 + 贷款利差 + 中间业务收入 − 运营成本 − 预期损失；'
        "本单为教学示例，使用时以本行制度和定价模板为准。</p></main></body></html>"])


__all__ += ["manager_timeline"]


def manager_timeline(bank: Any, manager_id: str, start="2024-01", end="2024-12", *,
                     on_time_floor: float = 0.8) -> pd.DataFrame:
    """一位客户经理逐月的过程与结果（复盘用）：每月一行，取自 :func:`monthly_review` 的同一口径和提醒。

    attrs：``按时率最长连续低于提醒线``——(起始月, 结束月, 月数)，没有低于时为 None；
    ``第一次新增逾期``——第一笔新增逾期出现的月份，没有为 None；
    ``提前月数``——最长一段低按时率的起始月到第一次新增逾期相隔几个月（两者都有、且低按时率在前时），否则为 None。
    """
    t = _bank_tables(bank)
    mg = t["managers"].assign(manager_id=lambda d: d["manager_id"].astype(str))
    if not isinstance(manager_id, str) or manager_id not in set(mg["manager_id"]):
        raise InputError("客户经理编号", "应是客户经理名单里的编号，如 " + "、".join(sorted(mg["manager_id"])[:3]),
                         manager_id)
    a, b = _month(start, "起始月份"), _month(end, "结束月份")
    if b < a:
        raise InputError("结束月份", "不能早于起始月份", end)
    if (b.year - a.year) * 12 + b.month - a.month >= 36:
        raise InputError("结束月份", "最多看 36 个月", end)
    floor = require_fraction(on_time_floor, "贷后按时率提醒线")
    rows = []
    for m in pd.period_range(a, b, freq="M"):
        r = monthly_review(t, str(m), on_time_floor=floor).loc[manager_id]
        rows.append({"月份": str(m), "走访": int(r["走访"]), "新放笔数": int(r["新放笔数"]),
                     "应做贷后检查": int(r["应做贷后检查"]), "按时完成": int(r["按时完成"]),
                     "贷后检查按时率": float(r["贷后检查按时率"]), "新增逾期笔数": int(r["新增逾期笔数"]),
                     "提醒": r["提醒"]})
    out = pd.DataFrame(rows)
    low = (out["贷后检查按时率"] < floor).tolist()
    best, run_start = None, None
    for i, flag in enumerate(low + [False]):
        if flag and run_start is None:
            run_start = i
        elif not flag and run_start is not None:
            if best is None or i - run_start > best[1] - best[0]:
                best = (run_start, i)
            run_start = None
    od = out.index[out["新增逾期笔数"] > 0]
    first_od = None if len(od) == 0 else int(od[0])
    out.attrs["按时率最长连续低于提醒线"] = (None if best is None else
                                  (out["月份"].iloc[best[0]], out["月份"].iloc[best[1] - 1], best[1] - best[0]))
    out.attrs["第一次新增逾期"] = None if first_od is None else out["月份"].iloc[first_od]
    out.attrs["提前月数"] = (first_od - best[0]) if best is not None and first_od is not None and best[0] < first_od \
        else None
    return out
