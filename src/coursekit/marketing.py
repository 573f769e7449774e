"""营销分析：找名单、挑客群、算整村授信、比活动、看微社群、顺着资金流和熟人圈拓客、算代发与家庭财富。

全部是 DataFrame 上的纯函数，列名用中文，出错抛 :class:`coursekit.errors.InputError`。数据可以是教学银行
（``teaching_bank()`` 的结果），也可以是支行自己导出的同样列名的表。

- **名单筛选** :func:`screen_prospects`：三条渠道（借道零售、公司业务、平台）各有讲得清的信号，每人附理由；
  :func:`evaluate_screening` 用留出期（2025 年 1–6 月）的申请结果检验，对照随机与“热门客群”基线。
- **客群评估** :func:`cluster_scorecard` 与服务成本 :func:`cost_to_serve`（人天：路上、调查、审批、贷后），
  :func:`choose_clusters` 在人手预算内挑客群。
- **批量授信** :func:`batch_credit_plan` 与 :func:`plan_sensitivity`；合作方（市场监管网格、商会）只能转来
  签了授权的商户时，先去哪个网格：:func:`grid_pilot`；按生产单元授信的一批农户在冲击下、
  联保兜不兜得住：:func:`batch_stress`；按进货（订货）记录给一批零售户定额度：:func:`order_limits`，
  接到一年测算：:func:`order_credit_plan`；一批经营户同时添车、添设备时，新增的产能能分到多少活：:func:`capacity_gain`。
- **活动漏斗** :func:`funnel`、:func:`compare_campaigns`（同一观察期、只算可归因客户）；扣掉“本来就会借”的人：
  :func:`campaign_lift`；:func:`stalled_contacts`（谁停在漏斗的哪一步：回访名单）、:func:`visit_plans`（两种走访安排每人天带来多少笔贷款）；
  一场活动碰到的每个人（不按首次接触）比同客群的同类未接触者多借、多存了多少：:func:`attendee_lift`，
  折成一年贡献与全部成本比：:func:`lift_value`。
  办一组沙龙、讲座之前：来的人里几位是贷款对象、每个好客户花多少钱、转化率要多高才打平：:func:`series_plan`。
  一期一期办到一半：新面孔还有多少、后几期每户批准花多少（边际，不是累计）：:func:`session_review`。
- **一批贷款的复盘** :func:`cohort_review`（按特征分组看后来坏了多少）、:func:`visit_capacity`（放款窗口里上得了几户的门）。
- **生意恢复了几成** :func:`same_month_recovery`：拿几个月的实物记录（燃气、电、进货）和疫情前同月比，而不是和疫情前的月均比。
- **微社群** :func:`wechat_health`；各类帖子之后的私信、申请与退群：:func:`wechat_post_followup`；代发单位的员工群按员工分群看谁在说话、谁的咨询没人回：:func:`group_by_segment`。
- **资金流与熟人圈** :func:`flow_graph`、:func:`flow_chain`（上游、下游、谁还不是客户）、
  :func:`chain_dependence`（核心企业倒下会牵连谁）、:func:`group_exposure`（这群户在本行的敞口有多少系于它）、
  :func:`referral_tree`、:func:`lookalikes`（用 networkx）。
- **代发** :func:`payroll_value`、:data:`PAYROLL_ROLES`；拿下一家新单位的代发值不值：本行代发员工的画像
  :func:`payroll_profile`、按分群和主账户转化率测算 :func:`payroll_projection`、几年的账 :func:`payroll_deal`。
- **家庭财富** :func:`household_balance_sheet`、:func:`policy_review`（教学模型，不构成建议）。
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

import numpy as np
import pandas as pd

from .errors import InputError, flag_column, require_flag, require_date, numeric_column, require_fraction, require_int, require_non_negative, require_number, \
    require_positive, require_text

__all__ = ["CHANNELS", "lapsed_depositors", "market_merchant_limits", "feed_credit_limits", "payroll_loan_burden", "screen_prospects", "evaluate_screening", "CostAssumptions", "cost_to_serve",
           "SITE_MODES", "site_plan", "cluster_scorecard", "choose_clusters", "BatchPlan", "batch_credit_plan",
           "break_even_pd", "expected_pd", "grid_pilot", "plan_sensitivity", "FUNNEL_STEPS", "funnel", "compare_campaigns",
           "campaign_lift", "stalled_contacts", "visit_plans", "attendee_lift", "lift_value", "cohort_review", "visit_capacity", "same_month_recovery", "sales_line",
           "wechat_health", "group_by_segment", "flow_graph", "flow_chain", "chain_dependence", "group_exposure", "STRESS_MODES", "BatchStress", "batch_stress",
           "TradeCycle", "trade_cycle", "capacity_gain", "capacity_cover", "pool_owner_cover", "idle_credit_review", "coupon_cohort_value", "floor_weights", "elevator_share_plan", "application_burst", "book_concentration", "first_contact_yield", "recovery_line",
           "settlement_credit_link", "referral_tree", "lookalikes", "PAYROLL_ROLES", "payroll_value", "PAYROLL_SEGMENTS",
           "payroll_profile", "payroll_projection", "payroll_deal", "payroll_main_share", "payroll_benefits",
           "household_balance_sheet",
           "policy_review", "TEACHING_MODEL_NOTE"]
__all__ += ["order_limits", "order_credit_plan", "series_plan", "session_review"]

CHANNELS = ("借道零售", "公司业务", "平台")
FUNNEL_STEPS = ("接触", "加微信", "跟进", "申请", "借款")
TEACHING_MODEL_NOTE = "教学模型：用于练习与客户一起梳理家庭财务，不构成投资、保险或理财建议。"
_BIZ_KINDS = ("个体工商户", "小微企业主", "小微企业")


# ------------------------------------------------------------------------------------------ 输入 ----
def _tables(data: Any, needs: Mapping[str, Sequence[str]]) -> dict[str, pd.DataFrame]:
    if hasattr(data, "tables"):
        t = data.tables
    elif isinstance(data, Mapping):
        t = data
    else:
        raise InputError("数据", "应为教学银行（teaching_bank() 的结果）或由表名到 DataFrame 的字典")
    for name, cols in needs.items():
        df = t.get(name)
        if not isinstance(df, pd.DataFrame):
            raise InputError("数据", f"缺少 {name} 表")
        missing = [c for c in cols if c not in df.columns]
        if missing:
            raise InputError(f"{name} 表", f"缺少列：{'、'.join(missing)}")
    return dict(t)



def _campaigns_by_id(t) -> pd.DataFrame:
    """活动表按活动编号（文字）索引。"""
    return t["campaigns"].assign(c=lambda d: _s(d["campaign_id"])).set_index("c")


def _campaign(t, campaign_id) -> tuple[str, pd.DataFrame]:
    """检查活动编号并返回（编号, 按编号索引的活动表）；不在表里时报错，列出可选的编号。"""
    if not isinstance(campaign_id, str) or not campaign_id.strip():
        raise InputError("活动编号", "应为活动编号文字，如 \"A01\"", campaign_id)
    cid = campaign_id.strip()
    camps = _campaigns_by_id(t)
    if cid not in camps.index:
        raise InputError("活动编号", f"不在活动表里（可选：{'、'.join(camps.index)}）", campaign_id)
    return cid, camps

def _mapping(value: Any, name: str) -> Mapping:
    if not isinstance(value, Mapping):
        raise InputError(name, "应为字典（名称 → 数值）", type(value).__name__)
    return value


def _assumptions(value: Any) -> "CostAssumptions":
    if value is None:
        return CostAssumptions()
    if not isinstance(value, CostAssumptions):
        raise InputError("服务成本参数", "应为 CostAssumptions(...)", type(value).__name__)
    return value


def _numeric(df: pd.DataFrame, cols: Sequence[str], name: str) -> pd.DataFrame:
    out = df.copy()
    for c in cols:
        out[c] = numeric_column(out[c], f"{name}的“{c}”列")
    return out


def _frame(df: Any, name: str, cols: Sequence[str]) -> pd.DataFrame:
    if not isinstance(df, pd.DataFrame):
        raise InputError(name, "应为表格（DataFrame）")
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise InputError(name, f"缺少列：{'、'.join(missing)}")
    return df


def _s(x) -> pd.Series:
    return x.astype(str) if not isinstance(x.dtype, pd.StringDtype) else x


# ====================================================================================== 名单筛选 ====
_SCREEN_NEEDS = {
    "population": ["person_id", "name", "kind", "cluster_id", "is_customer"],
    "loans": ["customer_id", "status", "product"],
    "retail_products": ["customer_id", "product", "balance"],
    "settlement": ["customer_id", "month", "inflow", "n_payers"],
    "trade_flows": ["payer_id", "payee_id", "amount"],
    "core_firms": ["firm_id", "name"],
    "referrals": ["referrer_id", "referred_id"],
    "activity_log": ["person_id", "step"],
}
#: 信号权重（示意，可改）：每条信号一句理由
SCREEN_WEIGHTS = {"零售经营者": 2.0, "副业流水": 2.0, "结算活跃": 1.0, "核心企业上下游": 2.0, "好客户介绍": 1.5,
                  "一般介绍": 0.3, "已跟进": 1.5, "已加微信": 0.7, "已接触": 0.3}


def screen_prospects(bank: Any, channel: str | None = None, top: int | None = None,
                     weights: Mapping[str, float] | None = None) -> pd.DataFrame:
    """给客群全体打“近期有融资需求”的线索分，每人附理由。

    只用截止日（2024 年 12 月 31 日）以前的数据：按揭与大额存单、2024 年结算、上下游往来、转介绍、营销接触。
    已有在贷贷款的客户不在名单里（那是续贷与增额，不是拓客）。``channel`` 取 ``CHANNELS`` 之一时只保留主要
    理由来自该渠道的人。返回按得分从高到低排列的表：人员编号、姓名、类型、客群、是否客户、渠道、得分、理由。
    """
    t = _tables(bank, _SCREEN_NEEDS)
    if channel is not None and channel not in CHANNELS:
        raise InputError("渠道", f"应为以下之一：{'、'.join(CHANNELS)}", channel)
    if top is not None:
        top = require_int(top, "名单人数", minimum=1)
    wts = dict(SCREEN_WEIGHTS)
    if weights is not None:
        for k, v in _mapping(weights, "权重").items():
            if k not in wts:
                raise InputError("权重", f"没有这条信号：{k}（可选：{'、'.join(wts)}）")
            wts[k] = require_non_negative(v, f"权重（{k}）")
    pop = t["population"]
    pid = _s(pop["person_id"]).to_numpy()
    idx = pd.Index(pid)
    kind = _s(pop["kind"]).to_numpy()
    n = len(pop)
    if n == 0:
        raise InputError("population 表", "不能为空")
    score = np.zeros(n)
    reasons = [[] for _ in range(n)]
    chan_score = {c: np.zeros(n) for c in CHANNELS}

    def add(mask, w, ch, text_fn):
        pos = np.nonzero(mask)[0]
        score[pos] += w
        chan_score[ch][pos] += w
        for p in pos:
            reasons[p].append(text_fn(p))

    loans = t["loans"]
    live_ids = set(_s(loans.loc[loans["status"].astype(str).isin(["正常", "逾期"]), "customer_id"]))
    live = idx.isin(live_ids)
    # 借道零售：按揭、大额存单持有人里做生意、尚无经营贷的
    rp = t["retail_products"]
    rp = rp[(rp["balance"] > 0)]
    held = (pd.DataFrame({"c": _s(rp["customer_id"]).to_numpy(), "p": rp["product"].astype(str).to_numpy()})
            .drop_duplicates().sort_values("p").groupby("c")["p"].agg("、".join))
    has_rp = idx.isin(held.index)
    rp_text = held.reindex(idx).to_numpy()
    kind_ix = pd.Index(kind)
    add(has_rp & kind_ix.isin(_BIZ_KINDS) & ~live, wts["零售经营者"], "借道零售",
        lambda p: f"本行{rp_text[p]}客户，做生意但没有经营贷")
    # 结算：付款人多（副业）与入账活跃
    st = t["settlement"]
    sc = st.groupby(_s(st["customer_id"])).agg(inflow=("inflow", "mean"), payers=("n_payers", "mean"))
    payers = sc["payers"].reindex(idx).fillna(0).to_numpy()
    inflow = sc["inflow"].reindex(idx).fillna(0).to_numpy()
    side = kind_ix.isin(["农户", "工薪"]) & (payers >= 10)
    add(side & ~live, wts["副业流水"], "借道零售",
        lambda p: f"2024 年每月平均有 {payers[p]:.0f} 个不同的付款人入账，像在做生意")
    pct = pd.Series(inflow).groupby(kind).rank(pct=True).to_numpy()
    act = (pct >= 0.8) & (inflow > 0) & ~side
    add(act & ~live, wts["结算活跃"], "借道零售",
        lambda p: f"2024 年月均入账 {inflow[p] / 1e4:,.1f} 万元，在同类客户中排前 20%")
    # 平台：核心企业的上游（收款方）与下游（付款方）
    tf = t["trade_flows"]
    cores = t["core_firms"]
    core_ids = set(_s(cores["firm_id"]))
    core_name = dict(zip(_s(cores["firm_id"]), _s(cores["name"])))
    payer, payee = _s(tf["payer_id"]), _s(tf["payee_id"])
    up = tf[payer.isin(core_ids)].groupby([_s(tf["payee_id"]), payer])["amount"].sum().reset_index()
    up.columns = ["who", "core", "amt"]
    up["dir"] = "供货"
    dn = tf[payee.isin(core_ids)].groupby([payer, _s(tf["payee_id"])])["amount"].sum().reset_index()
    dn.columns = ["who", "core", "amt"]
    dn["dir"] = "进货"
    link = pd.concat([up, dn]).sort_values("amt", ascending=False).drop_duplicates("who").set_index("who")
    link = link.reindex(idx)
    has_link = link["core"].notna().to_numpy()
    lk_core, lk_amt, lk_dir = link["core"].to_numpy(), link["amt"].to_numpy(), link["dir"].to_numpy()
    add(has_link & ~live & ~idx.isin(core_ids), wts["核心企业上下游"], "平台",
        lambda p: f"与核心企业{core_name.get(lk_core[p], lk_core[p])}有往来（{lk_dir[p]}），"
                  f"2024 年合计 {lk_amt[p] / 1e4:,.1f} 万元")
    # 公司业务与熟人圈：转介绍（介绍人在 2024 年末没有逾期的算“好客户”）
    ref = t["referrals"]
    bad = set(_s(loans.loc[loans["status"].astype(str) == "逾期", "customer_id"]))
    rr = ref.assign(referrer=_s(ref["referrer_id"]), referred=_s(ref["referred_id"]))
    roots = _referral_roots(rr)
    rr["root"] = rr["referred"].map(roots)
    rr["good"] = ~rr["root"].isin(bad) & rr["root"].str.startswith("C")
    good_ref = rr.groupby("referred")["good"].any().reindex(idx)
    by = rr.drop_duplicates("referred").set_index("referred")["referrer"].reindex(idx).to_numpy()
    add((good_ref == True).to_numpy() & ~live, wts["好客户介绍"], "公司业务",  # noqa: E712
        lambda p: f"由按时还款的老客户一脉介绍（直接介绍人 {by[p]}）")
    add((good_ref == False).to_numpy() & ~live, wts["一般介绍"], "公司业务",  # noqa: E712
        lambda p: f"经人介绍（直接介绍人 {by[p]}），介绍人一脉有逾期")
    # 营销接触：最深的一步
    al = t["activity_log"]
    lvl = al.assign(p=_s(al["person_id"]), l=al["step"].astype(str).map({"拜访": 1, "参加活动": 1, "加微信": 2,
                                                                        "跟进": 3}).fillna(0))
    deep = lvl.groupby("p")["l"].max().reindex(idx).fillna(0).to_numpy()
    for level, key, text in ((3, "已跟进", "2024 年四季度活动后已跟进，客户愿意再谈"),
                             (2, "已加微信", "2024 年四季度活动中加了微信"),
                             (1, "已接触", "2024 年四季度活动中接触过")):
        add((deep == level) & ~live, wts[key], "公司业务", lambda p, text=text: text)
    ch = np.array(CHANNELS)[np.argmax(np.vstack([chan_score[c] for c in CHANNELS]), axis=0)]
    out = pd.DataFrame({"人员编号": pid, "姓名": _s(pop["name"]).to_numpy(), "类型": kind,
                        "客群": _s(pop["cluster_id"]).to_numpy(), "是否客户": pop["is_customer"].to_numpy(bool),
                        "渠道": np.where(score > 0, ch, ""), "得分": np.round(score, 2),
                        "理由": ["；".join(r) for r in reasons]})
    out = out[(score > 0) & ~live]
    if channel is not None:
        out = out[out["渠道"] == channel]
    out = out.sort_values(["得分", "人员编号"], ascending=[False, True], kind="stable").reset_index(drop=True)
    return out.head(top) if top else out


def _referral_roots(rr: pd.DataFrame) -> dict[str, str]:
    import networkx as nx

    g = nx.DiGraph()
    g.add_edges_from(zip(rr["referrer"], rr["referred"]))
    roots = {}
    for comp in nx.weakly_connected_components(g):
        top_nodes = [v for v in comp if g.in_degree(v) == 0]
        for r in top_nodes:
            for v in nx.descendants(g, r):
                roots.setdefault(v, r)
    return roots


def evaluate_screening(bank: Any, ks: Sequence[int] = (50, 100, 200), seed: int = 0) -> pd.DataFrame:
    """留出期检验：名单前 k 人中 2025 年 1–6 月真的申请贷款的比例（精确率@k），对照两种基线。

    - **随机**：从同一批候选人（客群全体中没有在贷贷款的人）里随机挑 k 人的期望命中率，即候选人的申请率；
    - **热门客群**：只看“哪里的人借得多”——按客群 × 类型在 2023–2024 年的新借款户比例排序（同分按编号）。

    提升度 ＝ 精确率 ÷ 随机基线。返回每个 k 一行三种方法。``outcomes`` 表只在这里使用，不参与打分。
    """
    t = _tables(bank, dict(_SCREEN_NEEDS, outcomes=["person_id", "applied"],
                           customers=["customer_id", "cluster_id", "ctype"]))
    if isinstance(ks, (str, bytes)) or not isinstance(ks, (Sequence, np.ndarray, pd.Series, set, tuple)):
        raise InputError("名单长度 k", "应为一组正整数，如 (50, 100, 200)", ks)
    ks = [require_int(k, "名单长度 k", minimum=1) for k in ks]
    if not ks:
        raise InputError("名单长度 k", "至少给一个名单长度")
    pop = t["population"]
    pid = _s(pop["person_id"])
    loans = t["loans"]
    live_ids = set(_s(loans.loc[loans["status"].astype(str).isin(["正常", "逾期"]), "customer_id"]))
    cand = pop[~pid.isin(live_ids)].copy()
    cand["pid"] = _s(cand["person_id"])
    oc = t["outcomes"]
    y = pd.Series(oc["applied"].to_numpy(bool), index=_s(oc["person_id"]))
    cand["y"] = y.reindex(cand["pid"]).fillna(False).to_numpy(bool)
    base = cand["y"].mean()
    ranked = screen_prospects(bank)
    ranked = ranked[ranked["人员编号"].isin(set(cand["pid"]))]
    # 热门客群：每个客群 × 类型里，2023–2024 年借过款的客户占客群全体该类型人数的比例
    ever = set(_s(loans["customer_id"]))
    cand_all = pop.assign(pid=pid, borrowed=pid.isin(ever))
    pop_rate = cand_all.groupby([_s(cand_all["cluster_id"]), _s(cand_all["kind"])])["borrowed"].mean()
    key = list(zip(_s(cand["cluster_id"]), _s(cand["kind"])))
    cand["pop"] = pop_rate.reindex(key).to_numpy()
    popular = cand.sort_values(["pop", "pid"], ascending=[False, True], kind="stable")
    rows = []
    for k in ks:
        hit_s = cand.set_index("pid")["y"].reindex(ranked["人员编号"].head(k)).sum()
        hit_p = popular["y"].head(k).sum()
        kk = min(k, len(ranked))
        for name, hits, denom in (("线索名单", hit_s, kk), ("热门客群基线", hit_p, k), ("随机基线", base * k, k)):
            prec = hits / denom if denom else 0.0
            rows.append({"名单长度 k": k, "方法": name, "命中人数": round(float(hits), 1),
                         "精确率": prec, "提升度（相对随机）": prec / base if base > 0 else np.nan})
    out = pd.DataFrame(rows)
    out.attrs.update({"候选人数": len(cand), "留出期申请率": base})
    return out


# ================================================================================== 客群与服务成本 ====
@dataclass(frozen=True)
class CostAssumptions:
    """服务成本的示意参数（人天 ＝ 8 小时）。按本行实际调整。"""

    visits_per_trip: float = 8.0          # 一趟下去平均走访几户
    investigation_days: float = 0.08      # 每户入户调查（批量调查、村干部带路时约一天 12 户）
    credit_days: float = 0.10             # 每笔审批、签约、放款
    monitoring_days_per_year: float = 0.10  # 每笔贷款一年的贷后检查（小额信用贷以非现场监测为主）
    hours_per_day: float = 8.0
    day_cost: float = 1_000.0             # 一个人天的人力成本（元，示意：年人工成本约 22 万元 ÷ 220 个工作日）

    def __post_init__(self):
        for name, label in (("visits_per_trip", "每趟走访户数"), ("hours_per_day", "每人天小时数")):
            object.__setattr__(self, name, require_positive(getattr(self, name), label))
        for name, label in (("investigation_days", "每户调查人天"), ("credit_days", "每笔审批人天"),
                            ("monitoring_days_per_year", "每笔每年贷后人天"), ("day_cost", "人天成本")):
            object.__setattr__(self, name, require_non_negative(getattr(self, name), label))


def cost_to_serve(households: Any, distance_km: Any, speed_kmh: Any = 30.0, loans: Any = None,
                  assumptions: CostAssumptions | None = None) -> dict[str, float]:
    """服务一个客群要多少人天：路上（往返）、入户调查、审批、一年的贷后检查。

    ``households`` 要走访的户数，``distance_km`` 支行到客群的单程距离，``loans`` 预计发放笔数（默认等于户数的 30%）。
    距离为 0 时路上时间为 0。
    """
    a = _assumptions(assumptions)
    h = require_non_negative(households, "走访户数")
    d = require_non_negative(distance_km, "距离（公里）")
    if d > 5_000:
        raise InputError("距离（公里）", "单程超过 5,000 公里，请检查单位", distance_km)
    v = require_positive(speed_kmh, "车速（公里/小时）")
    if v < 1:
        raise InputError("车速（公里/小时）", "低于每小时 1 公里，请检查单位", speed_kmh)
    nl = 0.3 * h if loans is None else require_non_negative(loans, "预计贷款笔数")
    trips = math.ceil(h / a.visits_per_trip) if h > 0 else 0
    travel = trips * 2 * d / v / a.hours_per_day
    inv = h * a.investigation_days
    credit = nl * a.credit_days
    mon = nl * a.monitoring_days_per_year
    total = travel + inv + credit + mon
    return {"趟数": trips, "路上人天": travel, "调查人天": inv, "审批人天": credit, "贷后人天": mon, "合计人天": total}


SITE_MODES = ("驻点", "流动服务日", "暂不进入")


def site_plan(candidates: Any, modes: Mapping[str, str], staff_days: Any, *, station_days: Any = 48,
              roving_days: Any = 12, assumptions: CostAssumptions | None = None) -> pd.DataFrame:
    """新进一批地点（村、市场）第一年要多少客户经理人天，放不放得进可用人天。

    ``candidates``：每个地点一行，列“地点”（或作索引）、“建档户数”、“预计贷款户数”、“预计贷款余额（万元）”、
    “距离（公里）”、“车速（公里/小时）”（山路慢）。``modes``：地点 → “驻点”“流动服务日”“暂不进入”（没列出的按暂不进入）。

    - 驻点：第一年批量建档（:func:`cost_to_serve`：路上、入户调查、审批、贷后）+ 每年 ``station_days`` 个驻点服务日；
    - 流动服务日：每年 ``roving_days`` 个服务日（开户、社保卡、手机银行），第一年不批量建档、不计贷款；
    - 每个服务日另加往返路上的时间（往返距离 ÷ 车速 ÷ 每人天小时数）。

    返回每个地点一行（进入方式、建档人天、服务日人天、第一年人天、其中路上人天、服务贷款户数、贷款余额（万元）），
    ``attrs`` 里有“合计人天”“剩余人天”“放得下”。
    """
    a = _assumptions(assumptions)
    cols = ["建档户数", "预计贷款户数", "预计贷款余额（万元）", "距离（公里）", "车速（公里/小时）"]
    if isinstance(candidates, pd.DataFrame) and "地点" not in candidates.columns:
        candidates = candidates.reset_index().rename(columns={candidates.index.name or "index": "地点"})
    df = _numeric(_frame(candidates, "候选地点", ["地点", *cols]), cols, "候选地点")
    if df.empty:
        raise InputError("候选地点", "不能为空，至少要有一个地点")
    if df["地点"].duplicated().any():
        raise InputError("候选地点", "地点重复：" + "、".join(map(str, df.loc[df["地点"].duplicated(), "地点"])))
    m = _mapping(modes, "进入方式")
    places = set(map(str, df["地点"]))
    for place, mode in m.items():
        if str(place) not in places:
            raise InputError("进入方式", f"没有这个地点：{place}")
        if mode not in SITE_MODES:
            raise InputError(f"进入方式（{place}）", "应为以下之一：" + "、".join(SITE_MODES), mode)
    budget = require_non_negative(staff_days, "可用人天")
    station = require_non_negative(station_days, "驻点服务日（天/年）")
    roving = require_non_negative(roving_days, "流动服务日（天/年）")
    for name, limit in (("可用人天", budget), ("驻点服务日（天/年）", station), ("流动服务日（天/年）", roving)):
        if limit > 100_000:
            raise InputError(name, "过大，请检查单位是否为人天", limit)
    rows = []
    for r in df.to_dict("records"):
        place = str(r["地点"])
        mode = m.get(place, "暂不进入")
        d, v = float(r["距离（公里）"]), float(r["车速（公里/小时）"])
        if v <= 0:
            raise InputError(f"车速（{place}）", "应大于 0", v)
        per_trip = 2 * d / v / a.hours_per_day
        cost = cost_to_serve(r["建档户数"], d, v, loans=r["预计贷款户数"], assumptions=a) if mode == "驻点" else None
        setup = cost["合计人天"] if cost else 0.0
        days = {"驻点": station, "流动服务日": roving}.get(mode, 0.0)
        service = days * (1 + per_trip)
        travel = (cost["路上人天"] if cost else 0.0) + days * per_trip
        rows.append({"地点": place, "进入方式": mode, "建档人天": setup, "服务日人天": service,
                     "第一年人天": setup + service, "其中路上人天": travel,
                     "服务贷款户数": float(r["预计贷款户数"]) if mode == "驻点" else 0.0,
                     "贷款余额（万元）": float(r["预计贷款余额（万元）"]) if mode == "驻点" else 0.0})
    out = pd.DataFrame(rows)
    total = float(out["第一年人天"].sum())
    out.attrs.update({"合计人天": total, "剩余人天": budget - total, "放得下": total <= budget + 1e-9})
    return out


def cluster_scorecard(bank: Any, take_up: float = 0.10, avg_loan: Mapping[str, float] | None = None,
                      margin: float = 0.025, assumptions: CostAssumptions | None = None) -> pd.DataFrame:
    """每个客群一行：规模、渗透率、本行贷款余额、不良率、担保关联、潜力、服务成本与每人天贡献。

    潜力 ＝ 非客户户数 × ``take_up`` × 该类人群的平均贷款（``avg_loan``，默认农户 5 万、个体工商户 20 万、
    企业主 30 万、企业 100 万）× 净息差与风险后的 ``margin``；服务成本按 :func:`cost_to_serve` 走访全部非客户。
    """
    t = _tables(bank, {"population": ["person_id", "kind", "cluster_id", "is_customer"],
                       "cluster_facts": ["cluster_id", "households", "distance_km", "travel_minutes"],
                       "clusters": ["cluster_id", "name", "kind"],
                       "customers": ["customer_id", "cluster_id"],
                       "loans": ["customer_id", "balance", "risk_category", "status"],
                       "guarantees": ["guarantor_id", "borrower_id"]})
    tu = require_fraction(take_up, "预计转化率")
    mg = require_fraction(margin, "净收益率", low=-1.0)
    avg = {"农户": 5e4, "个体工商户": 2e5, "小微企业主": 3e5, "小微企业": 1e6, "工薪": 5e4}
    if avg_loan is not None:
        for k, v in _mapping(avg_loan, "平均贷款").items():
            avg[str(k)] = require_non_negative(v, f"平均贷款（{k}）")
    cf = t["cluster_facts"].assign(cluster_id=lambda d: _s(d["cluster_id"])).set_index("cluster_id")
    cl = t["clusters"].assign(cluster_id=lambda d: _s(d["cluster_id"])).set_index("cluster_id")
    pop = t["population"]
    pc = _s(pop["cluster_id"])
    non = pop[~pop["is_customer"].astype(bool)]
    potential = (non["kind"].astype(str).map(avg).fillna(0).groupby(_s(non["cluster_id"])).sum() * tu * mg)
    cust = t["customers"]
    cc = pd.Series(_s(cust["cluster_id"]).to_numpy(), index=_s(cust["customer_id"]))
    ln = t["loans"]
    ln = ln[ln["status"].astype(str).isin(["正常", "逾期"])]
    lcl = _s(ln["customer_id"]).map(cc)
    bal = ln["balance"].groupby(lcl).sum()
    npl = ln.loc[ln["risk_category"].astype(str).isin(["次级", "可疑", "损失"]), "balance"].groupby(lcl).sum()
    g = t["guarantees"]
    g_cl = _s(g["borrower_id"]).map(cc)
    links = g.groupby(g_cl).size()
    rows = []
    speed_of = {"村": 30.0, "市场": 20.0, "商业街": 20.0, "园区": 35.0, "商会": 20.0}
    isc = pop["is_customer"].astype(bool).to_numpy()
    n_cust_of = pd.Series(isc).groupby(pc.to_numpy()).sum()
    n_all_of = pc.value_counts()
    for cid in cl.index:
        hh = int(cf.loc[cid, "households"]) if cid in cf.index else int(n_all_of.get(cid, 0))
        n_c = int(n_cust_of.get(cid, 0))
        n_non = int(n_all_of.get(cid, 0)) - n_c
        dist = float(cf.loc[cid, "distance_km"]) if cid in cf.index else 0.0
        cost = cost_to_serve(n_non, dist, speed_of.get(str(cl.loc[cid, "kind"]), 30.0), loans=n_non * tu,
                             assumptions=assumptions)
        b = float(bal.get(cid, 0.0))
        pot = float(potential.get(cid, 0.0))
        rows.append({"客群编号": cid, "客群": cl.loc[cid, "name"], "类型": cl.loc[cid, "kind"], "总户数": hh,
                     "本行客户": n_c, "渗透率": n_c / hh if hh else 0.0, "贷款余额": b,
                     "不良率": float(npl.get(cid, 0.0)) / b if b > 0 else 0.0,
                     "担保关系数": int(links.get(cid, 0)), "距离（公里）": dist, "非客户": n_non,
                     "年潜在贡献": pot, "服务人天": cost["合计人天"], "其中路上人天": cost["路上人天"],
                     "每人天贡献": pot / cost["合计人天"] if cost["合计人天"] > 0 else 0.0})
    return pd.DataFrame(rows)


def choose_clusters(scorecard: pd.DataFrame, staff_days: float, max_npl: float = 0.05) -> pd.DataFrame:
    """在人手预算（人天）内挑客群：先排除不良率高于 ``max_npl`` 的，再按每人天贡献从高到低放进预算。

    返回原表加“决定”与“理由”两列，按每人天贡献排序。
    """
    sc = _numeric(_frame(scorecard, "客群评分表", ["客群", "不良率", "服务人天", "年潜在贡献", "每人天贡献"]),
                  ["不良率", "服务人天", "年潜在贡献", "每人天贡献"], "客群评分表")
    budget = require_non_negative(staff_days, "可用人天")
    cap = require_fraction(max_npl, "不良率上限")
    sc = sc.sort_values("每人天贡献", ascending=False, kind="stable").reset_index(drop=True)
    left = budget
    decision, reason = [], []
    for r in sc.itertuples(index=False):
        npl, days = getattr(r, "不良率"), getattr(r, "服务人天")
        if npl > cap:
            decision.append("不选")
            reason.append(f"不良率 {npl:.1%} 高于上限 {cap:.0%}，先清收再拓客")
        elif days > left:
            decision.append("不选")
            reason.append(f"需要 {days:.1f} 人天，预算只剩 {left:.1f} 人天")
        else:
            left -= days
            decision.append("选")
            reason.append(f"每人天贡献 {getattr(r, '每人天贡献'):,.0f} 元，用 {days:.1f} 人天，剩 {left:.1f} 人天")
    sc["决定"] = decision
    sc["理由"] = reason
    sc.attrs["剩余人天"] = left
    return sc


# ====================================================================================== 批量授信 ====
@dataclass(frozen=True)
class BatchPlan:
    """整村授信（或市场、园区预授信）一年的测算结果。``table`` 为“项目 / 数值 / 说明”三列。"""

    table: pd.DataFrame
    contribution: float
    payback_months: float
    officer_days: float
    inputs: dict = field(default_factory=dict)
    #: 测算用的服务成本参数；:func:`plan_sensitivity` 重算时沿用它，敏感性表才与原测算同一口径
    assumptions: CostAssumptions | None = None


def batch_credit_plan(households: int, approval_rate: float = 0.6, avg_limit: float = 100_000.0,
                      take_up: float = 0.5, utilisation: float = 0.6, rate: float = 0.052, ftp: float = 0.022,
                      pd_: float = 0.015, lgd: float = 0.5, distance_km: float = 10.0, speed_kmh: float = 30.0,
                      setup_cost: float = 20_000.0, assumptions: CostAssumptions | None = None) -> BatchPlan:
    """一年的批量授信测算。

    授信户 ＝ 户数 × 通过率；用信户 ＝ 授信户 × 用信率；平均余额 ＝ 用信户 × 额度 × 额度使用率。
    贡献 ＝ 余额 ×（利率 − 资金成本）− 余额 × 违约率 × 违约损失率 − 人天 × 人天成本 − 启动费用（宣传、评议会）。
    人天：全体户数入户调查（:func:`cost_to_serve`），用信户审批与一年贷后。回收期 ＝ 启动费用与前期人力 ÷ 每月贡献。
    """
    a = _assumptions(assumptions)
    hh = require_int(households, "户数", minimum=1, maximum=1_000_000)
    ar = require_fraction(approval_rate, "授信通过率")
    lim = require_non_negative(avg_limit, "户均额度")
    if lim > 1e9:
        raise InputError("户均额度", "超过 10 亿元，请检查单位是否为元", avg_limit)
    tu = require_fraction(take_up, "用信率")
    ut = require_fraction(utilisation, "额度使用率")
    r = require_fraction(rate, "贷款利率", high=0.24)
    f = require_fraction(ftp, "资金成本", high=0.24)
    p = require_fraction(pd_, "违约率")
    lg = require_fraction(lgd, "违约损失率")
    setup = require_non_negative(setup_cost, "启动费用")
    granted = hh * ar
    users = granted * tu
    balance = users * lim * ut
    nii = balance * (r - f)
    el = balance * p * lg
    cost = cost_to_serve(hh, distance_km, speed_kmh, loans=users, assumptions=a)
    days = cost["合计人天"]
    staff = days * a.day_cost
    contrib = nii - el - staff - setup
    upfront = setup + (cost["路上人天"] + cost["调查人天"]) * a.day_cost
    monthly = (nii - el - (cost["审批人天"] + cost["贷后人天"]) * a.day_cost) / 12
    payback = upfront / monthly if monthly > 0 else math.inf
    rows = [("户数", hh, "整村（市场、园区）全部户数"), ("授信户数", granted, "户数 × 授信通过率"),
            ("授信总额", granted * lim, "授信户数 × 户均额度"), ("用信户数", users, "授信户数 × 用信率"),
            ("平均贷款余额", balance, "用信户数 × 户均额度 × 额度使用率"),
            ("净利息收入", nii, "余额 ×（利率 − 资金成本）"), ("预期损失", el, "余额 × 违约率 × 违约损失率"),
            ("投入人天", days, "路上、入户调查、审批、一年贷后"), ("人力成本", staff, "人天 × 人天成本"),
            ("启动费用", setup, "宣传、评议会、资料"), ("年贡献", contrib, "净利息收入 − 预期损失 − 人力成本 − 启动费用"),
            ("回收期（月）", payback, "（启动费用 + 路上与调查人力）÷ 每月经常性贡献")]
    table = pd.DataFrame(rows, columns=["项目", "数值", "说明"])
    inputs = dict(households=hh, approval_rate=ar, avg_limit=lim, take_up=tu, utilisation=ut, rate=r, ftp=f,
                  pd_=p, lgd=lg, distance_km=distance_km, speed_kmh=speed_kmh, setup_cost=setup)
    return BatchPlan(table=table, contribution=contrib, payback_months=payback, officer_days=days, inputs=inputs,
                     assumptions=a)


def break_even_pd(plan: BatchPlan) -> float:
    """年贡献恰好为 0 时的违约率（其他参数不变）。

    贡献 ＝ 净利息收入 − 余额 × 违约率 × 违约损失率 − 人力成本 − 启动费用，人力与启动费用不随违约率变，
    所以 盈亏平衡违约率 ＝（净利息收入 − 人力成本 − 启动费用）÷（余额 × 违约损失率）。
    不计损失也不赚钱时为 0；余额或违约损失率为 0（违约率怎么变都不影响贡献）时为无穷大。

    >>> plan = batch_credit_plan(100, approval_rate=0.5, avg_limit=100_000, take_up=1.0, utilisation=1.0,
    ...                         rate=0.05, ftp=0.02, pd_=0.0, lgd=0.5, distance_km=0, setup_cost=0)
    >>> round(break_even_pd(plan), 4)   # (150,000 − 18 人天 × 1,000 元) ÷ (5,000,000 × 0.5)
    0.0528
    """
    if not isinstance(plan, BatchPlan):
        raise InputError("测算结果", "应为 batch_credit_plan() 的结果")
    i = plan.inputs
    balance = i["households"] * i["approval_rate"] * i["take_up"] * i["avg_limit"] * i["utilisation"]
    loss_base = balance * i["lgd"]
    el = balance * i["pd_"] * i["lgd"]
    before_loss = plan.contribution + el            # 净利息收入 − 人力成本 − 启动费用
    if loss_base <= 0:
        return math.inf
    return max(before_loss, 0.0) / loss_base


def expected_pd(normal_pd: float, shock_pd: float, shock_prob: float) -> float:
    """有“冲击年”的客群一年的预期违约率：平常年份的违约率与冲击年份的违约率按冲击概率加权。

    ``shock_prob`` 是一年里发生冲击（如主要订单方砍单）的概率。例：平常 1%、冲击年 23%、五年一遇（20%），
    预期违约率 ＝ 0.8 × 1% ＋ 0.2 × 23% ＝ 5.4%。

    >>> round(expected_pd(0.01, 0.23, 0.2), 4)
    0.054
    """
    n = require_fraction(normal_pd, "平常年份违约率")
    s = require_fraction(shock_pd, "冲击年份违约率")
    q = require_fraction(shock_prob, "冲击概率")
    return (1 - q) * n + q * s


_GRID_COLS = ["网格", "在营户数", "本行客户", "年关店率", "距离（公里）"]


def grid_pilot(grids: Any, *, consent_rate: float, closing_pd: float, staying_pd: float = 0.01,
               closure_factor: float = 1.0, event_cost: float = 3_000.0, event_days: float = 2.0,
               speed_kmh: float = 20.0, approval_rate: float = 0.7, avg_limit: float = 150_000.0,
               take_up: float = 0.6, utilisation: float = 0.7, rate: float = 0.046, ftp: float = 0.022,
               lgd: float = 0.6, assumptions: CostAssumptions | None = None) -> pd.DataFrame:
    """合作方只能转来“签了授权书”的商户时，几个网格（市场、街区）各值不值得先做、先做哪一个。

    ``grids`` 每个网格一行：``网格``、``在营户数``（网格员巡查确认在营的户数，不是登记在册的户数）、
    ``本行客户``、``年关店率``（一年里关门的户数 ÷ 年初在营户数，合作方的汇总数；也可以给 ``年初在营`` 与
    ``全年关门`` 两列，由这里算出）、``距离（公里）``。

    - 授权户数 ＝ 在营非客户 × ``consent_rate``（四舍五入到户）：银行只走访签了授权的户；
    - 借款户的关店率 ＝ 年关店率 × ``closure_factor``（银行审过的户比整条街关得少，1 表示不打折）；
    - 预期违约率 ＝ :func:`expected_pd` （``staying_pd``：借款期间一直在营的户；``closing_pd``：借款期间关店的户；
      关店率当作“冲击概率”）；
    - 一年的贡献与人天按 :func:`batch_credit_plan` （户数 ＝ 授权户数，启动费用 ＝ ``event_cost``），
      再加上与合作方一起办宣讲的 ``event_days`` 人天。

    **盈亏平衡授权率**：授权户从 0 户逐户加到全部在营非客户，年贡献第一次不为负时的授权率；
    全部签了也不赚钱时为 NaN。返回按每人天贡献从高到低排列的表（含“排序”）。
    """
    a = _assumptions(assumptions)
    if isinstance(grids, pd.DataFrame) and "年关店率" not in grids.columns \
            and {"年初在营", "全年关门"} <= set(grids.columns):
        g = _numeric(grids, ["年初在营", "全年关门"], "网格表")
        if (g["年初在营"] <= 0).any() or (g["全年关门"] < 0).any() or (g["全年关门"] > g["年初在营"]).any():
            raise InputError("网格表的全年关门", "应在 0 到年初在营户数之间，年初在营户数应大于 0")
        grids = g.assign(年关店率=g["全年关门"] / g["年初在营"])
    g = _frame(grids, "网格表", _GRID_COLS)
    if g.empty:
        raise InputError("网格表", "不能为空，至少要有一个网格")
    if g["网格"].isna().any() or (g["网格"].astype(str).str.strip() == "").any():
        raise InputError("网格表的网格", "有空白的网格名称")
    if g["网格"].astype(str).duplicated().any():
        raise InputError("网格表的网格", "网格重复：" + "、".join(map(str, g.loc[g["网格"].astype(str).duplicated(), "网格"])))
    g = _numeric(g, _GRID_COLS[1:], "网格表")
    for col in ("在营户数", "本行客户"):
        v = g[col]
        if (v < 0).any() or (v != v.round()).any() or (v > 100_000).any():
            raise InputError(f"网格表的{col}", "应为 0 到 100,000 之间的整数（户）")
    if (g["本行客户"] > g["在营户数"]).any():
        raise InputError("网格表的本行客户", "不能多于在营户数")
    if ((g["年关店率"] < 0) | (g["年关店率"] > 1)).any():
        raise InputError("网格表的年关店率", "应在 0 到 1 之间（按小数填写，如 0.08 表示 8%）")
    if ((g["距离（公里）"] < 0) | (g["距离（公里）"] > 1_000)).any():
        raise InputError("网格表的距离（公里）", "应在 0 到 1,000 公里之间")
    consent = require_fraction(consent_rate, "授权率")
    factor = require_fraction(closure_factor, "关店率折算")
    p_close = require_fraction(closing_pd, "关店户违约率")
    p_stay = require_fraction(staying_pd, "在营户违约率")
    ev_cost = require_non_negative(event_cost, "宣讲费用")
    ev_days = require_non_negative(event_days, "宣讲人天")
    if ev_cost > 1e8 or ev_days > 1_000:
        raise InputError("宣讲费用" if ev_cost > 1e8 else "宣讲人天", "过大，请检查单位（元、人天）")
    terms = dict(approval_rate=approval_rate, avg_limit=avg_limit, take_up=take_up, utilisation=utilisation,
                 rate=rate, ftp=ftp, lgd=lgd, speed_kmh=speed_kmh, setup_cost=ev_cost, assumptions=a)
    batch_credit_plan(1, pd_=p_stay, distance_km=0.0, **terms)      # 参数有误时在这里就报错
    rows = []
    for r in g.to_dict("records"):
        pool = int(r["在营户数"] - r["本行客户"])
        closure = min(1.0, float(r["年关店率"]) * factor)
        pd_ = expected_pd(p_stay, p_close, closure)
        dist = float(r["距离（公里）"])

        def contribution(n: int, pd_=pd_, dist=dist):
            if n <= 0:
                return -ev_cost - ev_days * a.day_cost, ev_days, 0.0, 0.0
            plan = batch_credit_plan(n, pd_=pd_, distance_km=dist, **terms)
            i = plan.inputs
            users = n * i["approval_rate"] * i["take_up"]
            balance = users * i["avg_limit"] * i["utilisation"]
            return plan.contribution - ev_days * a.day_cost, plan.officer_days + ev_days, users, balance

        n = int(round(pool * consent))
        contrib, days, users, balance = contribution(n)
        if pool == 0 or contribution(pool)[0] < 0:
            be = np.nan
        else:
            lo, hi = 0, pool                     # contribution(hi) ≥ 0
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if contribution(mid)[0] >= 0:
                    hi = mid
                else:
                    lo = mid
            if contribution(lo)[0] >= 0:
                hi = lo
            while hi > 0 and contribution(hi - 1)[0] >= 0:   # 走访趟数取整会让贡献有小台阶
                hi -= 1
            be = hi / pool
        rows.append({"网格": r["网格"], "在营户数": int(r["在营户数"]), "本行客户": int(r["本行客户"]),
                     "在营非客户": pool, "授权户数": n, "用信户数": users, "平均余额": balance,
                     "借款户关店率": closure, "预期违约率": pd_, "投入人天": days, "年贡献": contrib,
                     "每人天贡献": contrib / days if days > 0 else 0.0, "盈亏平衡授权率": be})
    out = pd.DataFrame(rows).sort_values("每人天贡献", ascending=False, kind="stable").reset_index(drop=True)
    out.insert(0, "排序", range(1, len(out) + 1))
    out.attrs.update({"授权率": consent, "关店率折算": factor})
    return out


def _fractions(values: Any, name: str) -> list[float]:
    if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
        raise InputError(name, "应为比例（0 到 1）的列表", type(values).__name__)
    out = [require_fraction(v, name) for v in values]
    if not out:
        raise InputError(name, "至少给一个")
    return out


def plan_sensitivity(plan: BatchPlan, take_ups: Sequence[float] = (0.3, 0.4, 0.5, 0.6, 0.7),
                     pds: Sequence[float] = (0.01, 0.02, 0.03, 0.05)) -> pd.DataFrame:
    """年贡献对用信率（列）与违约率（行）的敏感性表，其他参数不变。"""
    if not isinstance(plan, BatchPlan):
        raise InputError("测算结果", "应为 batch_credit_plan() 的结果")
    take_ups = _fractions(take_ups, "用信率")
    pds = _fractions(pds, "违约率")
    grid = {}
    for tu in take_ups:
        col = {}
        for p in pds:
            col[p] = batch_credit_plan(**dict(plan.inputs, take_up=tu, pd_=p), assumptions=plan.assumptions).contribution
        grid[tu] = col
    out = pd.DataFrame(grid)
    out.index.name = "违约率"
    out.columns.name = "用信率"
    return out


# ====================================================================================== 活动漏斗 ====
def funnel(bank: Any, horizon_months: int = 6, loan_margin: float = 0.02, deposit_spread: float = 0.012
           ) -> pd.DataFrame:
    """每个活动的漏斗：接触 → 加微信 → 跟进 → 申请 → 借款，各步人数与转化率、单客成本、12 个月贡献。

    **归因**：一个人只算给第一个接触他的活动（首次接触归因）；**同一观察期**：申请与借款只算活动结束后
    ``horizon_months`` 个月内发生的（留出期到 2025 年 6 月）。12 个月贡献 ＝ 借款 × ``loan_margin`` ＋
    跟进客户的存款日均增量（2025 年 6 月比 2024 年 12 月）× ``deposit_spread``（示意口径）。
    只有走到“跟进”的人才进入申请与借款两步（没跟进就申请的，不算这个活动的功劳）。
    """
    t = _tables(bank, {"campaigns": ["campaign_id", "name", "channel", "end", "cost", "officer_days"],
                       "activity_log": ["date", "campaign_id", "person_id", "step"],
                       "outcomes": ["person_id", "applied", "apply_month", "borrowed", "loan_amount"]})
    h = require_int(horizon_months, "观察期（月）", minimum=1, maximum=24)
    lm = require_fraction(loan_margin, "贷款净收益率", low=-1.0)
    ds = require_fraction(deposit_spread, "存款利差", low=-1.0)
    al = t["activity_log"].assign(p=lambda d: _s(d["person_id"]), c=lambda d: _s(d["campaign_id"]),
                                  s=lambda d: d["step"].astype(str))
    al = al.sort_values(["date", "c"], kind="stable")
    first = al.drop_duplicates("p").set_index("p")["c"]
    al = al[al["c"] == al["p"].map(first)]
    oc = t["outcomes"].assign(p=lambda d: _s(d["person_id"])).set_index("p")
    camps = _campaigns_by_id(t)
    rows = []
    for c, grp in al.groupby("c", sort=True):
        people = pd.Index(grp["p"].unique())
        wx = pd.Index(grp.loc[grp["s"] == "加微信", "p"].unique())
        if camps.loc[c, "channel"] == "微信":
            wx = people
        fu = pd.Index(grp.loc[grp["s"] == "跟进", "p"].unique()).intersection(wx)
        o = oc.reindex(fu)
        end = pd.Timestamp(camps.loc[c, "end"])
        in_h = o["apply_month"].notna() & (o["apply_month"] <= end + pd.DateOffset(months=h))
        ap = o.index[o["applied"].fillna(False).astype(bool) & in_h]
        bo = o.index[o["borrowed"].fillna(False).astype(bool) & in_h]
        amount = float(o.loc[bo, "loan_amount"].sum())
        dep_gain = 0.0
        if {"deposit_2025_06", "deposit_2024_12"} <= set(oc.columns):
            dep_gain = float((o["deposit_2025_06"] - o["deposit_2024_12"]).sum())
        counts = [len(people), len(wx), len(fu), len(ap), len(bo)]
        cost = float(camps.loc[c, "cost"])
        contrib = amount * lm + dep_gain * ds
        row = {"活动编号": c, "活动": camps.loc[c, "name"], "方式": camps.loc[c, "channel"]}
        for name, v in zip(FUNNEL_STEPS, counts):
            row[name] = v
        for a_, b_ in zip(FUNNEL_STEPS[:-1], FUNNEL_STEPS[1:]):
            row[f"{a_}→{b_}"] = row[b_] / row[a_] if row[a_] else 0.0
        row.update({"费用": cost, "投入人天": float(camps.loc[c, "officer_days"]), "借款金额": amount,
                    "单客成本": cost / len(bo) if len(bo) else math.inf, "12 个月贡献": contrib,
                    "投入产出比": contrib / cost if cost > 0 else math.inf})
        rows.append(row)
    return pd.DataFrame(rows)


def compare_campaigns(funnel_table: pd.DataFrame, day_cost: float = 1_000.0) -> pd.DataFrame:
    """把人力也算进成本，按“每投入 1 元（费用 ＋ 人天 × 人天成本）带来的 12 个月贡献”排名。"""
    f = _numeric(_frame(funnel_table, "漏斗表", ["活动", "方式", "接触", "借款", "费用", "投入人天", "12 个月贡献"]),
                 ["接触", "借款", "费用", "投入人天", "12 个月贡献"], "漏斗表")
    if f["活动"].isna().any():
        raise InputError("漏斗表的活动", "有活动名称为空的行；请补上名称或删去这些行")
    f["方式"] = f["方式"].astype(object).where(f["方式"].notna(), "未注明")
    dc = require_non_negative(day_cost, "人天成本")
    if dc > 1e7:
        raise InputError("人天成本", "超过每天 1,000 万元，请检查单位是否为元", day_cost)
    f["全部成本"] = f["费用"] + f["投入人天"] * dc
    f["每元贡献"] = f["12 个月贡献"] / f["全部成本"]
    f["接触→借款"] = f["借款"] / f["接触"].where(f["接触"] > 0)
    out = f[["活动", "方式", "接触", "借款", "接触→借款", "全部成本", "12 个月贡献", "每元贡献"]]
    return out.sort_values("每元贡献", ascending=False, kind="stable").reset_index(drop=True)


def campaign_lift(bank: Any, horizon_months: int = 6, day_cost: float = 1_000.0, selection: float = 1.0) -> pd.DataFrame:
    """每个活动接触过的人里，活动结束后 ``horizon_months`` 个月内借了款的有几户，其中有几户“本来就会借”。

    - **接触**：按首次接触归因，一个人只算给第一个接触他的活动（与 :func:`funnel` 相同）；
    - **借款**：接触过的人在观察期内借到了款，不论有没有经过跟进（活动战报通常这样数）；
    - **本来会借**：从没被任何活动接触过的人，按“类型 × 是否本行客户 × 是否有在贷贷款”分层，算同一观察期的借款比例，
      再按接触人群的分层结构加总，乘以 ``selection``——即这群人如果没有这场活动，预计会有几户借款。
      ``selection`` 是“挑人效应”：客户经理挑去接触的人，本来的借款率是同类未接触者的几倍（1 表示不挑）；
    - **多借的户数** ＝ 借款 − 本来会借；**每多借一户的成本** ＝（费用 ＋ 人天 × ``day_cost``）÷ 多借的户数
      （多借的户数不为正时为空）。

    活动接触的人是客户经理挑过的（更像要借钱的人），所以“多借的户数”是上限，不是精确的因果效应；
    户数少时只能说明方向。返回每个活动一行，按每多借一户的成本从低到高（空的排最后）。
    """
    t = _tables(bank, {"campaigns": ["campaign_id", "name", "channel", "end", "cost", "officer_days"],
                       "activity_log": ["date", "campaign_id", "person_id"],
                       "outcomes": ["person_id", "borrowed", "apply_month"],
                       "population": ["person_id", "kind", "is_customer"],
                       "loans": ["customer_id", "status"]})
    h = require_int(horizon_months, "观察期（月）", minimum=1, maximum=24)
    dc = require_non_negative(day_cost, "人天成本")
    if dc > 1e7:
        raise InputError("人天成本", "超过每天 1,000 万元，请检查单位是否为元", day_cost)
    sel = require_number(selection, "挑人效应")
    if not 0.1 <= sel <= 10:
        raise InputError("挑人效应", "应在 0.1 到 10 倍之间（1 表示接触的人和未接触的同类一样）", selection)
    al = t["activity_log"].assign(p=lambda d: _s(d["person_id"]), c=lambda d: _s(d["campaign_id"]))
    al = al.sort_values(["date", "c"], kind="stable")
    first = al.drop_duplicates("p").set_index("p")["c"]
    pop = t["population"]
    loans = t["loans"]
    live = set(_s(loans.loc[loans["status"].astype(str).isin(["正常", "逾期"]), "customer_id"]))
    people = pd.DataFrame({"p": _s(pop["person_id"]).to_numpy(), "kind": _s(pop["kind"]).to_numpy(),
                           "cust": pop["is_customer"].astype(bool).to_numpy()})
    people["live"] = people["p"].isin(live)
    oc = t["outcomes"].assign(p=lambda d: _s(d["person_id"])).drop_duplicates("p").set_index("p")
    people["borrowed"] = oc["borrowed"].reindex(people["p"]).fillna(False).astype(bool).to_numpy()
    people["month"] = pd.to_datetime(oc["apply_month"].reindex(people["p"]), errors="coerce").to_numpy()
    people["camp"] = first.reindex(people["p"]).to_numpy()
    strata = ["kind", "cust", "live"]
    control = people[people["camp"].isna()]
    camps = _campaigns_by_id(t)
    rows = []
    for c, grp in people[people["camp"].notna()].groupby("camp", sort=True):
        if c not in camps.index:
            raise InputError("活动日志", f"活动编号 {c} 不在活动表里")
        end = pd.Timestamp(camps.loc[c, "end"])
        cutoff = end + pd.DateOffset(months=h)
        hit = grp["borrowed"] & grp["month"].notna() & (grp["month"] <= cutoff)
        ctl_hit = control["borrowed"] & control["month"].notna() & (control["month"] <= cutoff)
        rate = ctl_hit.groupby([control[k] for k in strata]).mean()
        keys = pd.MultiIndex.from_frame(grp[strata])
        expected = float(rate.reindex(keys).fillna(0.0).sum()) * sel
        borrowed = int(hit.sum())
        extra = borrowed - expected
        cost = float(camps.loc[c, "cost"]) + float(camps.loc[c, "officer_days"]) * dc
        rows.append({"活动编号": c, "活动": camps.loc[c, "name"], "方式": camps.loc[c, "channel"], "接触": len(grp),
                     "借款": borrowed, "本来会借": expected, "多借的户数": extra, "全部成本": cost,
                     "每多借一户的成本": cost / extra if extra > 0 else np.nan})
    out = pd.DataFrame(rows, columns=["活动编号", "活动", "方式", "接触", "借款", "本来会借", "多借的户数", "全部成本",
                                      "每多借一户的成本"])
    out = out.sort_values("每多借一户的成本", ascending=True, na_position="last", kind="stable").reset_index(drop=True)
    out.attrs.update({"对照人数": int(len(control)), "挑人效应": sel})
    return out


def _first_touch_log(t: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """活动日志按首次接触归因（与 :func:`funnel` 同一口径）：一个人只留在第一个接触他的活动里。"""
    al = t["activity_log"].assign(p=lambda d: _s(d["person_id"]), c=lambda d: _s(d["campaign_id"]),
                                  s=lambda d: d["step"].astype(str))
    al = al.sort_values(["date", "c"], kind="stable")
    first = al.drop_duplicates("p").set_index("p")["c"]
    return al[al["c"] == al["p"].map(first)]


def stalled_contacts(bank: Any, campaign_id: str, stuck_at: str = "加微信", as_of: Any = None) -> pd.DataFrame:
    """一个活动里停在漏斗某一步的人：回访名单。

    归因与 :func:`funnel` 相同（首次接触归因），所以各步人数与漏斗表一致。``stuck_at``：

    - ``"接触"``：接触过（拜访或参加活动），没加上微信；
    - ``"加微信"``：加了微信，活动里再没有人跟进过（默认，最该回访的一批）；
    - ``"跟进"``：跟进过（申请与否要看留出期，不在本表）。

    ``as_of``：统计日期，只算这一天及以前的日志（默认不截断，统计到日志的最后一天）。
    每人一行：编号、姓名、类型、是否本行客户、管户经理（活动里第一次接触他的经理）、第一次接触日期、停下那一步的日期，
    以及到统计日期为止停了多少天。按停下的日期排序，停得最久的在前。数据里有贷款表（``loans``：customer_id、status）时，
    另加一列“本行在贷”：有一笔状态不是“结清”“核销”的贷款。在贷的老客户回访是贷后和维护，不是新的授信线索。
    """
    t = _tables(bank, {"activity_log": ["date", "campaign_id", "person_id", "manager_id", "step"],
                       "campaigns": ["campaign_id", "name", "channel", "end"],
                       "population": ["person_id", "name", "kind", "is_customer"]})
    cid, camps = _campaign(t, campaign_id)
    steps = ("接触", "加微信", "跟进")
    if stuck_at not in steps:
        raise InputError("停在哪一步", f"应为 {'、'.join(steps)} 之一", stuck_at)
    al = _first_touch_log(t)
    if as_of is None:
        end = pd.Timestamp(al["date"].max())
    else:
        end = require_date(as_of, "统计日期")
    al = al[al["c"] == cid]
    al = al[al["date"] <= end]
    level = al["s"].map({"拜访": 0, "参加活动": 0, "加微信": 1, "跟进": 2})
    if camps.loc[cid, "channel"] == "微信":      # 微信活动：接触即加微信
        level = level.clip(lower=1)
    al = al.assign(level=level)
    # 与漏斗同口径：没加微信就“跟进”的，不算走到跟进
    wx = set(al.loc[al["level"] >= 1, "p"])
    al = al[(al["level"] < 2) | al["p"].isin(wx)]
    top = al.groupby("p")["level"].max()
    want = steps.index(stuck_at)
    who = top.index[top == want]
    rows = al[al["p"].isin(who)]
    first = rows.groupby("p")["date"].min()
    last = rows[rows["level"] == want].groupby("p")["date"].min()
    mgr = rows.sort_values("date", kind="stable").groupby("p")["manager_id"].first()
    pop = t["population"].assign(p=lambda d: _s(d["person_id"])).drop_duplicates("p").set_index("p")
    idx = pd.Index(list(who), dtype=object)
    out = pd.DataFrame({
        "编号": list(idx),
        "姓名": pop["name"].reindex(idx).astype(object).to_numpy(),
        "类型": pop["kind"].astype(str).reindex(idx).astype(object).to_numpy(),
        "本行客户": pop["is_customer"].reindex(idx).fillna(False).astype(bool).to_numpy(),
        "管户经理": mgr.reindex(idx).astype(str).to_numpy(),
        "第一次接触": pd.to_datetime(first.reindex(idx)).to_numpy(),
        "停下的日期": pd.to_datetime(last.reindex(idx)).to_numpy(),
    })
    out["已停天数"] = (end - out["停下的日期"]).dt.days.astype(np.int64)
    loans_ = t.get("loans")
    if isinstance(loans_, pd.DataFrame) and {"customer_id", "status"} <= set(loans_.columns):
        live = set(_s(loans_.loc[~loans_["status"].astype(str).isin(["结清", "核销"]), "customer_id"]))
        out.insert(4, "本行在贷", out["编号"].isin(live).to_numpy())
    return out.sort_values(["停下的日期", "编号"], kind="stable").reset_index(drop=True)


def visit_plans(plans: Mapping[str, Mapping[str, Any]], avg_loan: float, loan_margin: float = 0.02,
                day_cost: float = 1_000.0, days_available: float | None = None) -> pd.DataFrame:
    """几种走访安排放在一起比：各要多少人天、预计几笔贷款、每人天几笔，以及追平第一种安排要多高的转化率。

    ``plans``：安排名称 → ``{"people": 要走访的人数, "visits_per_day": 每人天走访几户, "conversion": 走访到借款的转化率}``。
    人天 ＝ 人数 ÷ 每人天户数；预计借款笔数 ＝ 人数 × 转化率；贷款金额 ＝ 笔数 × ``avg_loan``；
    12 个月贡献 ＝ 贷款金额 × ``loan_margin``；人力成本 ＝ 人天 × ``day_cost``。
    “追平第一种所需转化率”＝ 第一种安排每人天的借款笔数 ÷ 本安排每人天户数：转化率高过它，本安排每个人天带来的贷款更多。

    ``attrs["每人天借款最多"]``：每个人天带来的借款笔数最多的安排（名称的元组；几种一样多时都列上）。
    给了 ``days_available``（手上能排出的人天）时，多一列“放得下”（所需人天不超过它），``attrs["可用人天"]`` 记下它。
    """
    if not isinstance(plans, Mapping) or not plans:
        raise InputError("走访安排", "应为“名称 → 参数”的字典，至少一种安排", plans)
    al = require_positive(avg_loan, "户均贷款")
    if al > 1e9:
        raise InputError("户均贷款", "大得不合理（单位是元吗？）", avg_loan)
    lm = require_fraction(loan_margin, "贷款净收益率", low=-1.0)
    dc = require_non_negative(day_cost, "人天成本")
    if dc > 1e6:
        raise InputError("人天成本", "每个人天超过 100 万元，单位是元吗？", day_cost)
    rows = []
    for name, p in plans.items():
        if not isinstance(name, str) or not name.strip():
            raise InputError("走访安排的名称", "应为文字", name)
        if not isinstance(p, Mapping):
            raise InputError(f"走访安排“{name}”", "应为字典，含 people、visits_per_day、conversion", p)
        missing = [k for k in ("people", "visits_per_day", "conversion") if k not in p]
        if missing:
            raise InputError(f"走访安排“{name}”", f"缺少 {'、'.join(missing)}")
        people = require_int(p["people"], f"走访安排“{name}”的人数", minimum=1, maximum=10_000_000)
        vpd = require_positive(p["visits_per_day"], f"走访安排“{name}”的每人天户数")
        if vpd < 0.01:
            raise InputError(f"走访安排“{name}”的每人天户数", "太小：每人天至少 0.01 户", p["visits_per_day"])
        if vpd > 200:
            raise InputError(f"走访安排“{name}”的每人天户数", "超过每天 200 户，请检查", p["visits_per_day"])
        conv = require_fraction(p["conversion"], f"走访安排“{name}”的转化率")
        days = people / vpd
        loans_ = people * conv
        amount = loans_ * al
        rows.append({"安排": name.strip(), "走访人数": people, "每人天户数": vpd, "转化率": conv, "人天": days,
                     "预计借款笔数": loans_, "预计贷款金额": amount, "12 个月贡献": amount * lm,
                     "人力成本": days * dc, "每人天借款笔数": loans_ / days})
    avail = None
    if days_available is not None:
        avail = require_positive(days_available, "可用人天")
        if avail > 1e6:
            raise InputError("可用人天", "超过 100 万个人天，请检查", days_available)
    out = pd.DataFrame(rows)
    ref = out["每人天借款笔数"].iloc[0]
    out["追平第一种所需转化率"] = ref / out["每人天户数"]
    best = float(out["每人天借款笔数"].max())
    out.attrs["每人天借款最多"] = tuple(name for name, y in zip(out["安排"], out["每人天借款笔数"])
                                   if math.isclose(y, best, rel_tol=1e-9, abs_tol=1e-12))
    if avail is not None:
        out["放得下"] = out["人天"] <= avail
        out.attrs["可用人天"] = avail
    return out


def attendee_lift(bank: Any, campaign_id: str, horizon_months: int = 6,
                  match_on: Sequence[str] = ("cluster_id", "kind", "is_customer")) -> pd.DataFrame:
    """一个活动接触过的每个人，比同类、没被任何活动接触过的人多做了什么：申请、借款、存款的“提升”。

    与 :func:`campaign_lift` 的区别：那里按首次接触归因、只看借款、一次比全部活动；这里只看一个活动，
    不用首次接触归因，也不要求跟进：活动接触过的每个人都算（“它到底碰到了谁、这些人后来做了什么”），
    对照默认还按客群分格，并且把存款增量也算进来（沙龙、趣跑这类活动的目标常是存款与关系）。
    对照组是人群表里一次也没被活动接触过的人，按 ``match_on`` 分格（默认：客群、类型、是否本行客户），
    每一格按参加者的人数折算：对照“应有”＝ Σ 该格参加者人数 × 该格对照组的人均值。这就是“同样一批人、不参加活动，
    本来也会有多少”。没有对照的格里的参加者不参与比较，人数记在“未匹配人数”一列。

    申请与借款只算 ``horizon_months`` 个月内的（申请月份不晚于活动结束后第 ``horizon_months`` 个月，与 :func:`funnel`
    同一口径）；存款增量 ＝ 2025 年 6 月存款日均 − 2024 年 12 月。三行：参加者、同类未接触者（折算）、提升（前两行之差）。
    人数少时提升是估计，不是证明：表里给出人数，结论要带着它说。
    """
    t = _tables(bank, {"campaigns": ["campaign_id", "name", "end"],
                       "activity_log": ["campaign_id", "person_id"],
                       "population": ["person_id"],
                       "outcomes": ["person_id", "applied", "apply_month", "borrowed", "loan_amount",
                                    "deposit_2024_12", "deposit_2025_06"]})
    cid, camps = _campaign(t, campaign_id)
    h = require_int(horizon_months, "观察期（月）", minimum=1, maximum=24)
    if isinstance(match_on, str) or not isinstance(match_on, Sequence):
        raise InputError("匹配口径", "应为人群表的列名列表，如 [\"cluster_id\", \"kind\"]", match_on)
    keys = list(match_on)
    if not keys:
        raise InputError("匹配口径", "至少要给一列（如 [\"cluster_id\"]）；不分格的对照没有意义", match_on)
    pop = t["population"].assign(p=lambda d: _s(d["person_id"])).drop_duplicates("p").set_index("p")
    bad = [k for k in keys if not isinstance(k, str) or k not in pop.columns or k == "person_id"]
    if bad:
        raise InputError("匹配口径", f"人群表里没有这些列：{'、'.join(map(str, bad))}", match_on)
    oc = t["outcomes"].assign(p=lambda d: _s(d["person_id"])).drop_duplicates("p").set_index("p")
    _numeric(oc, ["loan_amount", "deposit_2024_12", "deposit_2025_06"], "结果表")
    end = pd.Timestamp(camps.loc[cid, "end"])
    months = pd.to_datetime(oc["apply_month"], errors="coerce")
    in_h = months.notna() & (months <= end + pd.DateOffset(months=h))
    d = pd.DataFrame(index=pop.index)
    for k in keys:
        d[k] = pop[k].astype(object).where(pop[k].notna(), "（空）").astype(str)
    d["申请"] = (oc["applied"].reindex(d.index).fillna(False).astype(bool) & in_h.reindex(d.index).fillna(False)).astype(float)
    d["借款"] = (oc["borrowed"].reindex(d.index).fillna(False).astype(bool) & in_h.reindex(d.index).fillna(False)).astype(float)
    d["借款金额"] = d["借款"] * oc["loan_amount"].reindex(d.index).fillna(0.0).astype(float)
    d["存款增量"] = (oc["deposit_2025_06"] - oc["deposit_2024_12"]).reindex(d.index).fillna(0.0).astype(float)
    log = t["activity_log"].assign(p=lambda x: _s(x["person_id"]), c=lambda x: _s(x["campaign_id"]))
    reached = pd.Index(log.loc[log["c"] == cid, "p"].unique()).intersection(d.index)
    if len(reached) == 0:
        raise InputError("活动编号", "这个活动在活动日志里没有接触过人群表里的任何人", campaign_id)
    control = d[~d.index.isin(set(log["p"]))]
    vals = ["申请", "借款", "借款金额", "存款增量"]
    att = d.loc[reached]
    cell_n = att.groupby(keys).size().rename("n")
    cell_mean = control.groupby(keys)[vals].mean()
    cell_ctl = control.groupby(keys).size().rename("对照")
    cells = cell_n.to_frame().join(cell_mean, how="left").join(cell_ctl, how="left")
    ok = cells["对照"].notna() & (cells["对照"] > 0)
    covered = cells.index[ok]
    att_ok = att.loc[att.set_index(keys).index.isin(covered)]
    n_ok = len(att_ok)
    expected = (cells.loc[ok, vals].mul(cells.loc[ok, "n"], axis=0)).sum()
    actual = att_ok[vals].sum()
    rows = pd.DataFrame([actual, expected, actual - expected],
                        index=pd.Index(["参加者", "同类未接触者（折算）", "提升"], name="口径"))
    rows.insert(0, "人数", [float(n_ok)] * 3)
    rows["对照池人数"] = [0.0, float(cells.loc[ok, "对照"].sum()), 0.0]
    rows["未匹配人数"] = [float(len(att) - n_ok), 0.0, 0.0]
    return rows


def lift_value(lift: pd.DataFrame, cost: float, officer_days: float, loan_margin: float = 0.02,
               deposit_spread: float = 0.012, loan_share: float = 1.0, deposit_share: float = 1.0,
               day_cost: float = 1_000.0) -> pd.Series:
    """把 :func:`attendee_lift` 的提升折成一年的贡献，和活动的全部成本比。

    12 个月贡献 ＝ 借款金额提升 × ``loan_margin`` × ``loan_share`` ＋ 存款增量提升 × ``deposit_spread`` × ``deposit_share``；
    ``loan_share``、``deposit_share`` 是提升里算给活动的比例（0 到 1：提升里有多少是活动带来的，这是会上要争的数）。
    全部成本 ＝ ``cost`` ＋ ``officer_days`` × ``day_cost``。另给“存款打平所需比例”：贷款部分不变时，
    存款提升至少要有多大比例算给活动，贡献才够全部成本（可能大于 1，即怎么算都不够；存款提升不为正时为无穷大）。
    ``attrs["够本"]``：每元贡献是否不低于 1 元。
    """
    f = _frame(lift, "提升表", ["借款金额", "存款增量"])
    if "提升" not in f.index:
        raise InputError("提升表", "缺少“提升”一行（应为 attendee_lift 的结果）")
    row = _numeric(f.loc[["提升"]], ["借款金额", "存款增量"], "提升表").iloc[0]
    if not all(math.isfinite(float(row[k])) for k in ("借款金额", "存款增量")):
        raise InputError("提升表", "“提升”一行的借款金额或存款增量为空或不是有限的数")
    c = require_non_negative(cost, "活动费用")
    od = require_non_negative(officer_days, "投入人天")
    lm = require_fraction(loan_margin, "贷款净收益率", low=-1.0)
    ds = require_fraction(deposit_spread, "存款利差", low=-1.0)
    ls = require_fraction(loan_share, "贷款提升算给活动的比例")
    dsh = require_fraction(deposit_share, "存款提升算给活动的比例")
    dc = require_non_negative(day_cost, "人天成本")
    total_cost = c + od * dc
    if total_cost <= 0:
        raise InputError("活动费用", "费用和人天成本都为 0，算不出每投入 1 元的贡献")
    loan_part = float(row["借款金额"]) * lm * ls
    dep_unit = float(row["存款增量"]) * ds
    dep_part = dep_unit * dsh
    contrib = loan_part + dep_part
    need = (total_cost - loan_part) / dep_unit if dep_unit > 0 else math.inf
    out = pd.Series({"贷款部分": loan_part, "存款部分": dep_part, "12 个月贡献": contrib, "全部成本": total_cost,
                     "每元贡献": contrib / total_cost,
                     "存款打平所需比例": max(need, 0.0)})
    out.attrs["够本"] = bool(out["每元贡献"] >= 1)
    return out


def series_plan(sessions: int, attendees: float, owner_share: float, conversion: float, cost_per_session: float,
                officer_days_per_session: float, value_per_customer: float, *, day_cost: float = 1_000.0) -> pd.Series:
    """一组顾问式活动（几场沙龙、几期讲座）的预算测算：预计几个好客户，每个好客户花多少钱，转化率要多高才打平。

    到场人次 ＝ ``sessions`` × ``attendees``（每场到场人数，各场按不同的人算）；其中能借款的经营者 ＝ 到场人次 ×
    ``owner_share``（其余是会计、出纳、家属等，不是贷款对象）；好客户 ＝ 经营者 × ``conversion``（观察期内借款）。
    全部成本 ＝ 场次 ×（``cost_per_session`` ＋ ``officer_days_per_session`` × ``day_cost``）；
    每个好客户的成本 ＝ 全部成本 ÷ 好客户（好客户为 0 时为无穷大）；净贡献 ＝ 好客户 × ``value_per_customer`` − 全部成本；
    打平所需转化率 ＝ 全部成本 ÷（经营者 × ``value_per_customer``），可能大于 1（怎么转化都不打平）；
    打平所需经营者占比 ＝ 全部成本 ÷（到场人次 × ``conversion`` × ``value_per_customer``），转化率不变时到场者里经营者
    （或新面孔）至少要占多少，可能大于 1。

    >>> r = series_plan(6, 40, 0.5, 0.05, 12_000, 5, 5_000)
    >>> float(r["预计好客户"]), float(r["全部成本"]), float(r["每个好客户的成本"])
    (6.0, 102000.0, 17000.0)
    """
    n = require_int(sessions, "场次", minimum=1, maximum=200)
    a = require_positive(attendees, "每场到场人数")
    if a < 0.01:
        raise InputError("每场到场人数", "太少：每场至少要有人到场", attendees)
    if a > 10_000:
        raise InputError("每场到场人数", "超过 1 万人，请检查", attendees)
    share = require_fraction(owner_share, "经营者占比")
    conv = require_fraction(conversion, "转化率")
    c = require_non_negative(cost_per_session, "每场费用")
    if c > 1e8:
        raise InputError("每场费用", "超过 1 亿元，请检查单位是否为元", cost_per_session)
    od = require_non_negative(officer_days_per_session, "每场投入人天")
    if od > 1_000:
        raise InputError("每场投入人天", "超过 1,000 个人天，请检查", officer_days_per_session)
    v = require_non_negative(value_per_customer, "每个好客户一年贡献")
    if v > 1e9:
        raise InputError("每个好客户一年贡献", "超过 10 亿元，请检查单位是否为元", value_per_customer)
    dc = require_non_negative(day_cost, "人天成本")
    if dc > 1e6:
        raise InputError("人天成本", "超过每天 100 万元，请检查单位是否为元", day_cost)
    people = n * a
    owners = people * share
    good = owners * conv
    total = n * (c + od * dc)
    value = good * v
    need = total / (owners * v) if owners * v > 0 else math.inf
    need_share = total / (people * conv * v) if people * conv * v > 0 else math.inf
    return pd.Series({"场次": float(n), "到场人次": people, "其中经营者": owners, "预计好客户": good, "全部成本": total,
                      "每个好客户的成本": total / good if good > 0 else math.inf, "好客户一年贡献": value,
                      "净贡献": value - total, "打平所需转化率": need, "打平所需经营者占比": need_share})


def session_review(sessions: Any, day_cost: float = 1_000.0) -> pd.DataFrame:
    """一期一期办的培训（沙龙）办到一半时的复盘：每一期来了几个新面孔、带来几户批准，每户批准花了多少钱。

    ``sessions`` 每期一行：``期次``、``到场人数``、``首次到场人数``（这一期第一次来的人）、``批准``（首次到场归因：
    第一次来是这一期的人里，观察期内批准贷款的户数）、``费用``（元）、``投入人天``；可另给 ``申请``。
    返回原表加：``回头人数`` ＝ 到场 − 首次到场；``新面孔占比`` ＝ 首次到场 ÷ 到场；``全部成本`` ＝ 费用 ＋ 人天 × ``day_cost``；
    ``每户批准的成本`` ＝ 这一期的全部成本 ÷ 这一期的批准（这一期的边际成本，批准为 0 时为无穷大）；
    ``累计每户批准的成本`` ＝ 到这一期为止的全部成本之和 ÷ 批准之和。累计数会把前几期的好成绩摊到后几期上，
    要看后几期值不值，看边际的那一列。

    >>> t = pd.DataFrame({"期次": [1, 2], "到场人数": [50, 45], "首次到场人数": [50, 5], "批准": [5, 0],
    ...                   "费用": [4_000, 4_000], "投入人天": [2, 2]})
    >>> r = session_review(t)
    >>> list(r["每户批准的成本"]), list(r["累计每户批准的成本"]), list(r["回头人数"])
    ([1200.0, inf], [1200.0, 2400.0], [0, 40])
    """
    m = _frame(sessions, "期次表", ["期次", "到场人数", "首次到场人数", "批准", "费用", "投入人天"])
    if m.empty:
        raise InputError("期次表", "没有任何一期")
    cols = ["到场人数", "首次到场人数", "批准", "费用", "投入人天"] + (["申请"] if "申请" in m.columns else [])
    v = {c: numeric_column(m[c], c) for c in cols}
    for c in cols:
        if (v[c] < 0).any():
            raise InputError(c, "不能为负数", float(v[c][v[c] < 0].iloc[0]))
    for c in ("到场人数", "首次到场人数", "批准") + (("申请",) if "申请" in v else ()):
        if (v[c] != v[c].round()).any():
            raise InputError(c, "应为整数", float(v[c][v[c] != v[c].round()].iloc[0]))
    if (v["首次到场人数"] > v["到场人数"]).any():
        raise InputError("首次到场人数", "不能多于这一期的到场人数")
    if (v["批准"] > v["首次到场人数"]).any():
        raise InputError("批准", "按首次到场归因，不能多于这一期的首次到场人数")
    if "申请" in v and (v["批准"] > v["申请"]).any():
        raise InputError("批准", "不能多于申请")
    if m["期次"].duplicated().any():
        raise InputError("期次", "有重复的期次")
    dc = require_non_negative(day_cost, "人天成本")
    if dc > 1e7:
        raise InputError("人天成本", "超过每天 1,000 万元，请检查单位是否为元", day_cost)
    out = m.copy()
    for c in cols:
        out[c] = v[c].to_numpy()
    out["回头人数"] = (v["到场人数"] - v["首次到场人数"]).astype(np.int64).to_numpy()
    att = v["到场人数"].to_numpy(float)
    out["新面孔占比"] = np.divide(v["首次到场人数"].to_numpy(float), att, out=np.zeros_like(att), where=att > 0)
    cost = (v["费用"] + v["投入人天"] * dc).to_numpy(float)
    ok = v["批准"].to_numpy(float)
    out["全部成本"] = cost
    out["每户批准的成本"] = [c / a if a > 0 else math.inf for c, a in zip(cost, ok)]
    cc, ca = np.cumsum(cost), np.cumsum(ok)
    out["累计每户批准的成本"] = [c / a if a > 0 else math.inf for c, a in zip(cc, ca)]
    return out


def cohort_review(loans: pd.DataFrame, by: str, bins: Sequence[float] | None = None, outcome: str = "bad",
                  amount: str = "amount") -> pd.DataFrame:
    """一批贷款按一个特征分组，看各组后来变坏了多少：笔数、变坏笔数、变坏率、金额、变坏金额与其占比。

    ``by``：分组的列（是/否、类型、经理……）；数值列（如提交秒数）给 ``bins``（分段的边界，左开右闭，第一段含左端点）。
    ``outcome``：是否变坏的列（是/否）；``amount``：贷款金额列（元）。最后一行“合计”。
    笔数少时变坏率跳得厉害：表里留着笔数，结论要带着它说。
    """
    for name, col in (("分组列", by), ("变坏标记列", outcome), ("金额列", amount)):
        if not isinstance(col, str) or not col:
            raise InputError(name, "应为列名文字", col)
    df = _frame(loans, "贷款表", [by, outcome, amount])
    if df.empty:
        raise InputError("贷款表", "没有任何贷款")
    bad = flag_column(df[outcome], f"贷款表的 {outcome}")
    amt = numeric_column(df[amount], f"贷款表的 {amount}")
    if (amt < 0).any():
        raise InputError(f"贷款表的 {amount}", "有负数金额")
    key = df[by]
    if bins is not None:
        if isinstance(bins, (str, bytes)) or not isinstance(bins, Sequence) or len(bins) < 2:
            raise InputError("分段边界", "应为至少两个递增的数", bins)
        edges = [require_number(b, "分段边界") for b in bins]
        if any(b2 <= b1 for b1, b2 in zip(edges, edges[1:])):
            raise InputError("分段边界", "应严格递增", bins)
        x = numeric_column(key, f"贷款表的 {by}")
        if x.isna().any() or (x < edges[0]).any() or (x > edges[-1]).any():
            raise InputError(f"贷款表的 {by}", f"有值为空或落在 [{edges[0]:g}, {edges[-1]:g}] 之外", None)
        labels = [f"{a:g}–{b:g}" for a, b in zip(edges, edges[1:])]
        key = pd.cut(x, edges, labels=labels, include_lowest=True)
    elif key.isna().any():
        raise InputError(f"贷款表的 {by}", "有空值，请先补上或删去这些行")
    g = pd.DataFrame({"k": key, "bad": bad.astype(bool), "amt": amt})
    rows = g.groupby("k", observed=True, sort=True).agg(笔数=("bad", "size"), 变坏笔数=("bad", "sum"),
                                                        金额=("amt", "sum"))
    rows["变坏金额"] = g[g["bad"]].groupby("k", observed=True)["amt"].sum().reindex(rows.index).fillna(0.0)
    rows.loc["合计"] = [len(g), int(g["bad"].sum()), float(g["amt"].sum()), float(g.loc[g["bad"], "amt"].sum())]
    rows["笔数"] = rows["笔数"].astype(np.int64)
    rows["变坏笔数"] = rows["变坏笔数"].astype(np.int64)
    rows["变坏率"] = rows["变坏笔数"] / rows["笔数"]
    rows["变坏金额占比"] = (rows["变坏金额"] / rows["金额"].where(rows["金额"] > 0)).fillna(0.0)
    rows.index = rows.index.astype(str)
    rows.index.name = by
    return rows[["笔数", "变坏笔数", "变坏率", "金额", "变坏金额", "变坏金额占比"]]


def visit_capacity(n_loans: int, officers: int, working_days: float, visits_per_day: float,
                   bad_rate_visited: float, bad_rate_unvisited: float, avg_amount: float) -> pd.Series:
    """一批贷款要在几个工作日里放完，客户经理上得了几户的门，没上门的那部分预计会坏多少。

    能上门户数 ＝ min(笔数, 经理人数 × 工作日 × 每人每天上门户数)；预计变坏笔数 ＝ 上门户数 × 上门的变坏率 ＋
    没上门户数 × 没上门的变坏率；预计变坏金额 ＝ 变坏笔数 × 笔均金额。两个变坏率取自上一批的实际（示意：没上门的人本来
    就更多是新客户，这个差里有一部分不是上门的功劳）。
    """
    n = require_int(n_loans, "贷款笔数", minimum=1)
    off = require_int(officers, "客户经理人数", minimum=1, maximum=1_000)
    days = require_positive(working_days, "放款窗口（工作日）")
    if days > 250:
        raise InputError("放款窗口（工作日）", "超过一年的工作日，请检查", working_days)
    vpd = require_non_negative(visits_per_day, "每人每天上门户数")
    if vpd > 20:
        raise InputError("每人每天上门户数", "超过每天 20 户，上门核实做不到", visits_per_day)
    rv = require_fraction(bad_rate_visited, "上门核实过的变坏率")
    ru = require_fraction(bad_rate_unvisited, "没上门的变坏率")
    avg = require_positive(avg_amount, "笔均金额")
    if n > 10_000_000:
        raise InputError("贷款笔数", "超过 1,000 万笔，请检查", n_loans)
    if avg > 1e9:
        raise InputError("笔均金额", "超过 10 亿元，请检查单位是否为元", avg_amount)
    cap = off * days * vpd
    visited = min(float(n), math.floor(cap))
    unvisited = n - visited
    bad = visited * rv + unvisited * ru
    return pd.Series({"贷款笔数": float(n), "上门能力（户）": float(cap), "能上门户数": visited, "没上门户数": unvisited,
                      "上门比例": visited / n, "预计变坏笔数": bad, "预计变坏金额": bad * avg})


@dataclass(frozen=True)
class Recovery:
    """:func:`same_month_recovery` 的结果。

    ``table``：每个观察到的月份一行（疫情前同月、现在、比同月、比疫情前月均）；``same_month_ratio``：观察月份合计 ÷
    疫情前同月合计；``naive_ratio``：观察月份的月均 ÷ 疫情前全年的月均（旺季月份会把它抬高）；``rest_ratio``：其余
    月份假定的恢复程度；``year_estimate``：观察月份实数 ＋ 其余月份按 ``rest_ratio`` 折算的疫情前同月之和；
    ``year_ratio``：``year_estimate`` ÷ 疫情前全年。
    """

    table: pd.DataFrame
    same_month_ratio: float
    naive_ratio: float
    rest_ratio: float
    baseline_year: float
    year_estimate: float
    year_ratio: float


def same_month_recovery(before: Sequence[float], after: Mapping[int, float], *,
                        rest_ratio: float | None = None) -> Recovery:
    """一门生意恢复到疫情前的几成：按同月比，季节只算一次。

    ``before``：疫情前一个完整年份 1–12 月的实物量或金额（燃气立方米、度电、进货额，12 个非负数，合计大于 0）；
    ``after``：现在观察到的几个月 ``{月份(1–12): 数}``，同一口径。``rest_ratio``：没观察到的月份按疫情前同月的几成算
    （小数，0–2）；不给时用观察月份的同月比。客户说的“比疫情前还好”常常是拿旺季的一个月去比疫情前的月均，
    ``naive_ratio`` 就是这个说法算出来的数。
    """
    if isinstance(before, (str, bytes, Mapping)) or not hasattr(before, "__iter__"):
        raise InputError("疫情前各月", "应为 1–12 月的 12 个数", before)
    base = [require_non_negative(v, f"疫情前 {m} 月") for m, v in enumerate(list(before), start=1)]
    if len(base) != 12:
        raise InputError("疫情前各月", f"应有 12 个数（1–12 月），现在有 {len(base)} 个")
    total = sum(base)
    if total <= 0 or not math.isfinite(total):
        raise InputError("疫情前各月", "合计应大于 0 且有限", before)
    if not isinstance(after, Mapping) or not after:
        raise InputError("现在各月", "应为 {月份: 数} 字典，至少一个月", after)
    obs: dict[int, float] = {}
    for m, v in after.items():
        month = require_int(m, "现在各月的月份", minimum=1, maximum=12)
        if month in obs:
            raise InputError("现在各月的月份", "重复", m)
        obs[month] = require_non_negative(v, f"现在 {month} 月")
    for m in obs:
        if base[m - 1] <= 0:
            raise InputError(f"疫情前 {m} 月", "是 0，无法和现在的同月相比（换一个有记录的月份）", before)
    base_obs = sum(base[m - 1] for m in obs)
    if base_obs <= 0:
        raise InputError("疫情前各月", "观察到的月份在疫情前同月都是 0，无法比较", before)
    after_sum = sum(obs.values())
    if not math.isfinite(after_sum):
        raise InputError("现在各月", "合计超出范围", after)
    same = after_sum / base_obs
    naive = (after_sum / len(obs)) / (total / 12)
    rest = same if rest_ratio is None else require_fraction(rest_ratio, "其余月份的恢复程度", high=2.0)
    base_rest = total - base_obs
    year = after_sum + rest * base_rest
    months = sorted(obs)
    avg = total / 12
    table = pd.DataFrame({
        "月份": [f"{m} 月" for m in months],
        "疫情前同月": [base[m - 1] for m in months],
        "现在": [obs[m] for m in months],
        "比同月": [obs[m] / base[m - 1] if base[m - 1] > 0 else float("nan") for m in months],
        "比疫情前月均": [obs[m] / avg for m in months],
    })
    return Recovery(table=table, same_month_ratio=same, naive_ratio=naive, rest_ratio=rest, baseline_year=total,
                    year_estimate=year, year_ratio=year / total)


def sales_line(annual_sales: float, share: float, other_debt: float = 0.0, *, step: float = 10_000.0) -> float:
    """按核实的年销售额定一条经营性循环额度（示意规则，以本行制度为准）。

    额度 ＝ 年销售额 × ``share`` － 他行与网贷的经营性借款余额 ``other_debt``，向下取整到 ``step`` 元，不低于 0。
    ``share`` 是小数（0–1），如 0.15 表示销售额的 15%。
    """
    sales = require_non_negative(annual_sales, "年销售额")
    if sales > 1e12:
        raise InputError("年销售额", "超出合理范围，请检查单位（元）", annual_sales)
    k = require_fraction(share, "额度占销售额的比例")
    debt = require_non_negative(other_debt, "他行与网贷借款余额")
    unit = require_positive(step, "取整单位")
    if unit < 1:
        raise InputError("取整单位", "应不少于 1 元", step)
    raw = sales * k - debt
    return float(max(0.0, math.floor(raw / unit + 1e-9) * unit))


def recovery_line(before: Sequence[float], after: Mapping[int, float], base_sales: float, *, rest_ratio: float,
                  share: float, other_debt: float = 0.0, step: float = 10_000.0) -> pd.Series:
    """按实物量的同月比估今年的营业额，再按 :func:`sales_line` 定额度：疫情（或灾害）后的续授信常用这一串算法。

    今年营业额 ＝ ``base_sales``（疫情前核实的年营业额）× 恢复程度（:func:`same_month_recovery` 的 ``year_ratio``，
    没观察到的月份按 ``rest_ratio``）；额度 ＝ :func:`sales_line`（营业额 × ``share`` − ``other_debt``，向下取整）。
    返回：恢复程度、今年营业额估计、额度。
    """
    base = require_non_negative(base_sales, "疫情前核实的年营业额")
    if base > 1e12:
        raise InputError("疫情前核实的年营业额", "超出合理范围，请检查单位（元）", base_sales)
    r = same_month_recovery(before, after, rest_ratio=rest_ratio)
    sales = base * r.year_ratio
    return pd.Series({"恢复程度": r.year_ratio, "营业额估计": sales,
                      "额度": sales_line(sales, share, other_debt, step=step)})


# ======================================================================================== 微社群 ====
def wechat_health(bank: Any, as_of: Any = "2024-12-31", window_days: int = 90) -> pd.DataFrame:
    """微社群健康度：每个群一行。

    - **活跃占比**：窗口期（默认近 90 天）发过言或咨询的成员 ÷ 期末在群成员；
    - **咨询（线索）**：窗口期成员咨询条数，每百人；
    - **回复率、回复用时中位数**：客户经理对咨询的回复；
    - **退群率**：窗口期退群人数 ÷ 期初在群人数；
    - **推送占比**：客户经理产品推送占全部消息的比例（太高说明群成了广告栏）。
    """
    t = _tables(bank, {"wechat_groups": ["group_id", "name"],
                       "wechat_members": ["group_id", "person_id", "joined", "left", "role"],
                       "wechat_messages": ["group_id", "date", "sender_id", "kind", "reply_hours"]})
    try:
        end = pd.Timestamp(as_of)
    except (ValueError, TypeError):
        raise InputError("截止日期", "应为日期，如 \"2024-12-31\"", as_of) from None
    wd = require_int(window_days, "窗口天数", minimum=7, maximum=3_660)
    start = end - pd.Timedelta(days=wd)
    mem = t["wechat_members"]
    mem = mem[mem["role"].astype(str) == "成员"]
    msg = t["wechat_messages"]
    msg = msg[(msg["date"] > start) & (msg["date"] <= end)]
    rows = []
    for g in t["wechat_groups"].itertuples(index=False):
        m = mem[_s(mem["group_id"]) == g.group_id]
        at_start = m[(m["joined"] <= start) & (m["left"].isna() | (m["left"] > start))]
        at_end = m[(m["joined"] <= end) & (m["left"].isna() | (m["left"] > end))]
        left = m[(m["left"] > start) & (m["left"] <= end)]
        ms = msg[_s(msg["group_id"]) == g.group_id]
        kind = ms["kind"].astype(str)
        talk = ms[kind.isin(["发言", "咨询"])]
        active = _s(talk["sender_id"]).isin(set(_s(at_end["person_id"]))).groupby(_s(talk["sender_id"])).any()
        n_end = len(at_end)
        asks = int((kind == "咨询").sum())
        replies = ms[kind == "回复"]
        rows.append({"群号": g.group_id, "群名": g.name, "期末人数": n_end,
                     "活跃占比": int(active.sum()) / n_end if n_end else 0.0,
                     "每百人咨询": asks / n_end * 100 if n_end else 0.0,
                     "回复率": len(replies) / asks if asks else 0.0,
                     "回复用时中位数（小时）": float(replies["reply_hours"].median()) if len(replies) else np.nan,
                     "退群率": len(left) / len(at_start) if len(at_start) else 0.0,
                     "推送占比": float((kind == "产品推送").mean()) if len(ms) else 0.0})
    out = pd.DataFrame(rows)
    out["健康"] = np.where((out["活跃占比"] >= 0.3) & (out["回复率"] >= 0.6) & (out["退群率"] <= 0.1)
                         & (out["推送占比"] <= 0.5), "健康", "需要整改")
    return out


SEGMENTS = ("月光族", "普通员工", "资深员工", "骨干")


def _reply_rate(asks: pd.DataFrame, replied: set | None) -> float:
    if replied is None or not len(asks):
        return np.nan
    return float(asks["msg_id"].astype(str).isin(replied).mean())


def group_by_segment(data: Any, group_id: str, as_of: Any = "2024-12-31", window_days: int = 184,
                     chatter_hours: float = 3.0, **value_args: Any) -> pd.DataFrame:
    """代发单位的员工群：按员工分群（月光族、普通员工、资深员工、骨干）看谁在说话、谁在问、谁走了、谁值钱。

    ``data`` 要有 ``employees``（person_id、segment 及 :func:`payroll_value` 要的列）与微社群三张表；
    消息表的 ``kind`` 里客户经理发的红包记为“红包”。``chatter_hours``：红包发出后这么多小时以内的成员发言
    算“抢红包”，不计入“活跃”（0 表示全部计入，即 :func:`wechat_health` 的口径）。消息表有 ``time`` 列时按它算时差，
    否则按 ``date``。有 ``msg_id``、``reply_to`` 两列时，按每条咨询是否被回复算各分群的回复率，否则为空。

    每个分群一行：员工人数、入过群的、期末在群、窗口期退群、发言条数、其中红包后发言的占比、不算抢红包的发言条数、
    活跃占比（不计红包后发言，分母为期末在群）、咨询条数、红包后提出的咨询占比、咨询回复率（全部、红包后、其他），
    人均年贡献（:func:`payroll_value`，``value_args`` 原样传给它）。窗口内没有咨询的分群，回复率为空。
    ``attrs``：全体员工的“发言条数”“不算抢红包的发言”合计（口径一变，热闹里剩下多少）。
    """
    t = _tables(data, {"employees": ["person_id", "segment"],
                       "wechat_groups": ["group_id"],
                       "wechat_members": ["group_id", "person_id", "joined", "left", "role"],
                       "wechat_messages": ["group_id", "date", "sender_id", "kind"]})
    if not isinstance(group_id, str) or group_id not in set(_s(t["wechat_groups"]["group_id"])):
        raise InputError("群号", "不在群表里", group_id)
    end = require_date(as_of, "截止日期")
    if end.normalize() == end:
        end = end + pd.Timedelta(days=1) - pd.Timedelta(seconds=1)      # 含截止日当天
    wd = require_int(window_days, "窗口天数", minimum=7, maximum=3_660)
    ch = require_non_negative(chatter_hours, "红包后多少小时算抢红包")
    if ch > 72:
        raise InputError("红包后多少小时算抢红包", "超过 72 小时，请检查单位是否为小时", chatter_hours)
    start = end - pd.Timedelta(days=wd)
    emp = t["employees"].assign(p=lambda d: _s(d["person_id"])).drop_duplicates("p").set_index("p")
    seg = emp["segment"].astype(str)
    if not seg.isin(SEGMENTS).all():
        raise InputError("员工表的 segment", f"应为 {'、'.join(SEGMENTS)} 之一")
    mem = t["wechat_members"]
    mem = mem[(_s(mem["group_id"]) == group_id) & (mem["role"].astype(str) == "成员")].assign(p=lambda d: _s(d["person_id"]))
    at_end = mem[(mem["joined"] <= end) & (mem["left"].isna() | (mem["left"] > end))]
    left = mem[(mem["left"] > start) & (mem["left"] <= end)]
    msg = t["wechat_messages"]
    msg = msg[_s(msg["group_id"]) == group_id].copy()
    when = msg["time"] if "time" in msg.columns else msg["date"]
    msg = msg.assign(w=pd.to_datetime(when), k=msg["kind"].astype(str), p=_s(msg["sender_id"]))
    red = np.sort(msg.loc[msg["k"] == "红包", "w"].to_numpy())
    pos = np.searchsorted(red, msg["w"].to_numpy(), side="right") - 1
    since = np.where(pos >= 0, (msg["w"].to_numpy() - red[np.maximum(pos, 0)]) / np.timedelta64(1, "h"), np.inf)
    msg["after_red"] = (since <= ch) if ch > 0 else np.zeros(len(msg), dtype=bool)
    win = msg[(msg["w"] > start) & (msg["w"] <= end)]
    talk = win[win["k"] == "发言"]
    asks = win[win["k"] == "咨询"]
    real = win[win["k"].isin(["发言", "咨询"]) & ~win["after_red"]]
    replied = None
    if {"msg_id", "reply_to"} <= set(msg.columns):
        replied = set(msg.loc[msg["k"] == "回复", "reply_to"].dropna().astype(str))
    val = payroll_value(t["employees"], **value_args)
    rows = []
    for sg in SEGMENTS:
        who = set(seg.index[seg == sg])
        e_end = at_end[at_end["p"].isin(who)]
        a = asks[asks["p"].isin(who)]
        tk = talk[talk["p"].isin(who)]
        active = set(real.loc[real["p"].isin(who), "p"]) & set(e_end["p"])
        rows.append({"分群": sg, "员工人数": len(who), "入过群": int(mem["p"].isin(who).sum()), "期末在群": len(e_end),
                     "窗口期退群": int(left["p"].isin(who).sum()), "发言条数": len(tk),
                     "红包后发言占比": float(tk["after_red"].mean()) if len(tk) else 0.0,
                     "活跃占比": len(active) / len(e_end) if len(e_end) else 0.0,
                     "不算抢红包的发言": int((~tk["after_red"]).sum()),
                     "咨询条数": len(a),
                     "红包后咨询占比": float(a["after_red"].mean()) if len(a) else 0.0,
                     "咨询回复率": _reply_rate(a, replied),
                     "红包后咨询回复率": _reply_rate(a[a["after_red"]], replied),
                     "其他咨询回复率": _reply_rate(a[~a["after_red"]], replied),
                     "人均年贡献": float(val.loc[sg, "人均贡献"]) if sg in val.index else np.nan})
    out = pd.DataFrame(rows).set_index("分群")
    out.attrs = {"发言条数": int(out["发言条数"].sum()), "不算抢红包的发言": int(out["不算抢红包的发言"].sum())}
    return out


# =================================================================================== 资金流与熟人圈 ====
def flow_graph(trade_flows: pd.DataFrame):
    """上下游往来 → networkx 有向图：边从付款方指向收款方，边上是全年金额、笔数与月数。"""
    import networkx as nx

    tf = _frame(trade_flows, "往来表", ["payer_id", "payee_id", "amount"])
    try:
        amount = numeric_column(tf["amount"], "往来表的金额")
    except OverflowError:
        raise InputError("往来表的金额", "有超出范围的数字，请检查单位是否为元") from None
    agg = tf.assign(amount=amount, a=_s(tf["payer_id"]), b=_s(tf["payee_id"])).groupby(["a", "b"], sort=False).agg(
        amount=("amount", "sum"), months=("amount", "size"),
        n_txn=("n_txn", "sum") if "n_txn" in tf.columns else ("amount", "size")).reset_index()
    agg["amount"] = agg["amount"].astype(float)
    g = nx.from_pandas_edgelist(agg, "a", "b", edge_attr=["amount", "months", "n_txn"], create_using=nx.DiGraph)
    return g


def flow_chain(bank: Any, firm_id: str, depth: int = 1, min_amount: float = 0.0, graph=None) -> pd.DataFrame:
    """一户核心客户的上下游链条：上游（它付钱给谁，B2B 向上溯源）与下游（谁付钱给它，向下扩展）。

    ``depth`` 为 2 时再往外走一层（上游的上游、下游的下游）。每个交易对手一行：方向、层级、全年金额、月数、
    是否本行客户、名称。非客户就是可以去拜访的名单。反复查询不同企业时，先用 :func:`flow_graph` 建一次图，
    再通过 ``graph`` 传入，省去每次重建。
    """
    import networkx as nx

    t = _tables(bank, {"trade_flows": ["payer_id", "payee_id", "amount"],
                       "population": ["person_id", "name", "is_customer"]})
    d = require_int(depth, "层数", minimum=1, maximum=3)
    ma = require_non_negative(min_amount, "最低金额")
    import networkx as nx

    if graph is not None and not isinstance(graph, nx.DiGraph):
        raise InputError("资金流图", "应为 flow_graph() 的结果", type(graph).__name__)
    g = flow_graph(t["trade_flows"]) if graph is None else graph
    fid = str(firm_id).strip()
    if fid not in g:
        raise InputError("企业编号", "在往来表里没有找到这户的往来", firm_id)
    rows = []
    for direction, graph in (("上游", g), ("下游", g.reverse(copy=False))):
        dist = nx.single_source_shortest_path_length(graph, fid, cutoff=d)
        for node, lvl in dist.items():
            if lvl == 0:
                continue
            # 与上一层相连的边金额之和
            preds = [p for p in graph.predecessors(node) if dist.get(p) == lvl - 1]
            amt = sum(graph[p][node]["amount"] for p in preds)
            months = max(graph[p][node]["months"] for p in preds)
            if amt < ma:
                continue
            rows.append({"方向": direction, "层级": lvl, "交易对手": node, "全年金额": amt, "往来月数": months})
    out = pd.DataFrame(rows, columns=["方向", "层级", "交易对手", "全年金额", "往来月数"])
    pop = t["population"]
    info = pd.DataFrame({"名称": _s(pop["name"]).to_numpy(), "是否本行客户": pop["is_customer"].to_numpy(bool)},
                        index=_s(pop["person_id"]).to_numpy())
    found = info.reindex(out["交易对手"].to_numpy())
    out.insert(3, "名称", found["名称"].fillna(out["交易对手"]).to_numpy())
    out.insert(4, "是否本行客户", found["是否本行客户"].fillna(out["交易对手"].str.startswith("C")).astype(bool)
               .to_numpy())
    return out.sort_values(["方向", "层级", "全年金额"], ascending=[True, True, False],
                           kind="stable").reset_index(drop=True)


def chain_dependence(bank: Any, firm_id: str, graph=None) -> pd.DataFrame:
    """核心企业倒下会牵连谁：它的每个直接上游（它付钱给谁）和下游（谁付钱给它），这户的往来有多大比例系于它。

    - 上游供货户：``依赖度`` ＝ 从这家核心企业收到的货款 ÷ 这户全部的收款（往来表口径）；
    - 下游进货户：``依赖度`` ＝ 付给这家核心企业的货款 ÷ 这户全部的付款。

    依赖度接近 1 的户，核心企业一停产、一压款，就没有别的收入或货源——批量授信时按核心企业“一损俱损”
    来算这批客户的集中度，不能当作几十户互不相关的小额贷款。结果按依赖度从高到低排列，附：是否本行客户、
    与核心企业的全年金额、这户的全年往来合计。往来表只记下了经营往来，不含现金和他行流水，依赖度可能偏高，
    要在调查时问清别的销路与货源。
    """
    t = _tables(bank, {"trade_flows": ["payer_id", "payee_id", "amount"],
                       "population": ["person_id", "name", "is_customer"]})
    chain = flow_chain(t, firm_id, depth=1, graph=graph)
    tf = t["trade_flows"]
    amount = numeric_column(tf["amount"], "往来表的金额")
    received = amount.groupby(_s(tf["payee_id"]).to_numpy()).sum()
    paid = amount.groupby(_s(tf["payer_id"]).to_numpy()).sum()
    totals = np.where(chain["方向"] == "上游", received.reindex(chain["交易对手"]).to_numpy(float),
                      paid.reindex(chain["交易对手"]).to_numpy(float))
    out = chain[["方向", "交易对手", "名称", "是否本行客户", "全年金额"]].copy()
    out["全年往来合计"] = totals
    out["依赖度"] = np.where(totals > 0, out["全年金额"].to_numpy(float) / np.where(totals > 0, totals, 1.0), 0.0)
    return out.sort_values(["依赖度", "全年金额"], ascending=False, kind="stable").reset_index(drop=True)



def group_exposure(bank: Any, firm_id: str, proposed: Mapping[str, float] | None = None, *, threshold: float = 0.8,
                   direction: str = "下游", graph=None) -> pd.DataFrame:
    """跟着一家核心企业“步调一致”的一群户，在本行的敞口有多少系在这一家企业身上。

    在 :func:`chain_dependence` 的结果上（只取 ``direction`` 一侧：“下游”为向它进货的户，“上游”为向它供货的户），
    每户加上截止日的在贷余额（``loans`` 表中状态为正常或逾期的 ``balance`` 之和）与 ``proposed``（{户号: 拟新增授信，元}）
    里的拟新增授信，合计敞口 ＝ 在贷余额 ＋ 拟新增授信；依赖度不低于 ``threshold`` 的户记为“系于核心企业”。

    这群户的贷款在台账上是几十笔互不相干的小额贷款，在风险上却接近一笔：核心企业停供、压款或换了经销商，
    它们一起出事。把“系于核心企业”的合计敞口和核心企业本身放在一起看，才是这群客户的集中度。
    """
    t = _tables(bank, {"trade_flows": ["payer_id", "payee_id", "amount"],
                       "population": ["person_id", "name", "is_customer"],
                       "loans": ["customer_id", "status", "balance"]})
    if direction not in ("上游", "下游"):
        raise InputError("方向", "应为“上游”或“下游”", direction)
    th = require_fraction(threshold, "依赖度门槛")
    dep = chain_dependence(t, firm_id, graph=graph)
    dep = dep[dep["方向"] == direction].copy()
    add = {}
    if proposed is not None:
        for k, v in _mapping(proposed, "拟新增授信").items():
            key = str(k).strip()
            if key not in set(dep["交易对手"]):
                raise InputError("拟新增授信", f"{key} 不在这家企业的{direction}名单里", k)
            amt = require_non_negative(v, f"拟新增授信（{key}）")
            if amt > 1e9:
                raise InputError(f"拟新增授信（{key}）", "过大，请检查单位是否为元", v)
            add[key] = amt
    loans = t["loans"]
    live = loans[loans["status"].astype(str).isin(["正常", "逾期"])]
    bal = numeric_column(live["balance"], "贷款表的余额").groupby(_s(live["customer_id"]).to_numpy()).sum()
    dep["在贷余额"] = bal.reindex(dep["交易对手"].to_numpy()).fillna(0.0).to_numpy(float)
    dep["拟新增授信"] = [add.get(x, 0.0) for x in dep["交易对手"]]
    dep["合计敞口"] = dep["在贷余额"] + dep["拟新增授信"]
    dep["系于核心企业"] = dep["依赖度"] >= th
    cols = ["交易对手", "名称", "是否本行客户", "全年金额", "依赖度", "在贷余额", "拟新增授信", "合计敞口", "系于核心企业"]
    return dep[cols].sort_values(["合计敞口", "依赖度"], ascending=False, kind="stable").reset_index(drop=True)


# ================================================================================= 批量授信的压力 ====
STRESS_MODES = ("共同冲击", "单户冲击")


@dataclass(frozen=True)
class BatchStress:
    """:func:`batch_stress` 的结果：逐户、逐组（联保小组）与汇总。"""

    households: pd.DataFrame
    groups: pd.DataFrame
    summary: dict


def batch_stress(households: Any, *, net_per_unit: float, household_net: float, due_per_unit: float,
                 shock_per_unit: float, mode: str = "共同冲击") -> BatchStress:
    """一批按“生产单元”（大棚、鱼塘、牛栏、渔船……）授信的农户，在冲击下还不还得上，联保能不能兜住。

    ``households`` 每户一行：``户``、``组``（联保小组）、``单元数``。每户一年：

    - 正常年景可还 ＝ 单元数 × ``net_per_unit``（每单元年净收入）＋ ``household_net``（家庭其他收入减生活开支，
      多为负数）；
    - 受冲击可还 ＝ 正常年景可还 − 单元数 × ``shock_per_unit``（每单元少收的钱：价格下跌、减产）；
    - 应还 ＝ 单元数 × ``due_per_unit``（每单元贷款一年的本息，如 ``12 × loans.payment_for(...)``）。

    ``mode``：“共同冲击”——全体农户同时受冲击（同一场价格下跌、同一种病害、同一场雪灾）；“单户冲击”——每个小组里
    只有缺口最大的那一户受冲击，其余照常（一户家里出事）。每户 缺口 ＝ max(0, 应还 − 可还)，富余 ＝ max(0, 可还 − 应还)；
    联保小组用组内的富余替有缺口的成员代偿：互保后仍缺 ＝ max(0, 组内缺口合计 − 组内富余合计)。

    联保分散的是“一户出事”的风险；同一条产业链、同一个村的农户一起受冲击时，组员自己也有缺口，联保兜不住——
    对比两种冲击下“互保后仍缺”的差别，就是这批贷款里联保靠不住的那一部分。
    """
    h = _frame(households, "农户表", ["户", "组", "单元数"])
    if h.empty:
        raise InputError("农户表", "没有农户")
    units = numeric_column(h["单元数"], "单元数")
    if (units < 0).any():
        raise InputError("单元数", "不能为负数", float(units[units < 0].iloc[0]))
    if units.max() > 1e6:
        raise InputError("单元数", "超出合理范围，请检查单位", float(units.max()))
    for col, name in (("户", "户"), ("组", "组")):
        if h[col].isna().any():
            raise InputError(f"农户表的{name}", "有空白")
    net = require_number(net_per_unit, "每单元年净收入")
    hh_net = require_number(household_net, "家庭其他净收支")
    due = require_non_negative(due_per_unit, "每单元年应还")
    shock = require_non_negative(shock_per_unit, "每单元少收")
    for v, name in ((net, "每单元年净收入"), (hh_net, "家庭其他净收支"), (due, "每单元年应还"), (shock, "每单元少收")):
        if abs(v) > 1e9:
            raise InputError(name, "超出合理范围，请检查单位是否为元", v)
    if mode not in STRESS_MODES:
        raise InputError("冲击方式", "应为“共同冲击”或“单户冲击”", mode)
    out = pd.DataFrame({"户": _s(h["户"]).to_numpy(), "组": _s(h["组"]).to_numpy(),
                        "单元数": units.to_numpy(float)})
    out["应还"] = out["单元数"] * due
    out["正常可还"] = out["单元数"] * net + hh_net
    stressed = out["正常可还"] - out["单元数"] * shock
    if mode == "共同冲击":
        hit = pd.Series(True, index=out.index)
    else:
        gap = (out["应还"] - stressed).clip(lower=0)
        # 每组缺口最大的一户（并列取表里靠前的）
        worst = gap.groupby(out["组"], sort=False).idxmax()
        hit = out.index.isin(worst.to_numpy())
        hit = pd.Series(hit, index=out.index)
    out["受冲击"] = hit.to_numpy(bool)
    out["可还"] = np.where(out["受冲击"], stressed, out["正常可还"])
    out["缺口"] = (out["应还"] - out["可还"]).clip(lower=0)
    out["富余"] = (out["可还"] - out["应还"]).clip(lower=0)
    g = out.groupby("组", sort=False).agg(户数=("户", "size"), 有缺口户数=("缺口", lambda s: int((s > 0).sum())),
                                          应还=("应还", "sum"), 缺口合计=("缺口", "sum"), 富余合计=("富余", "sum"))
    g["互保后仍缺"] = (g["缺口合计"] - g["富余合计"]).clip(lower=0)
    g["兜得住"] = g["互保后仍缺"] <= 0.005
    g = g.reset_index()
    total_due = float(out["应还"].sum())
    summary = {"冲击方式": mode, "户数": int(len(out)), "有缺口户数": int((out["缺口"] > 0).sum()),
               "组数": int(len(g)), "兜不住的组数": int((~g["兜得住"]).sum()),
               "缺口合计": float(out["缺口"].sum()), "互保后仍缺": float(g["互保后仍缺"].sum()),
               "全年应还": total_due,
               "仍缺占应还": float(g["互保后仍缺"].sum()) / total_due if total_due > 0 else 0.0}
    return BatchStress(households=out, groups=g, summary=summary)


_AMOUNT = "金额"   # _screen_columns 的列规格：金额列（不为负，不超过 100 亿元）


def _screen_columns(df: Any, table: str, key: str, spec: Mapping[str, Any]) -> tuple[pd.DataFrame, dict]:
    """逐户筛选类函数的输入表：``key`` 列（户名，不能空白）加 ``spec`` 里的数字列。

    ``spec``：列名 → :data:`_AMOUNT`（金额：不为负、不超过 100 亿元）、``None``（不为负）或 ``(下限, 上限)``。
    返回（原表，{列名: 数字列}）。"""
    m = _frame(df, table, [key, *spec])
    if m.empty:
        raise InputError(table, f"没有{key}")
    if m[key].isna().any():
        raise InputError(key, "有空白")
    cols = {}
    for col, rule in spec.items():
        v = numeric_column(m[col], col)
        if rule is None or rule == _AMOUNT:
            if (v < 0).any():
                raise InputError(col, "不能为负数", float(v[v < 0].iloc[0]))
            if rule == _AMOUNT and v.max() > 1e10:
                raise InputError(col, "超出合理范围，请检查单位是否为元", float(v.max()))
        else:
            lo, hi = rule
            bad = (v < lo) | (v > hi)
            if bad.any():
                raise InputError(col, f"应在 {lo} 到 {hi} 之间", float(v[bad].iloc[0]))
        cols[col] = v
    return m, cols


def _cap_and_step(max_limit: Any, step: Any) -> tuple[float, float]:
    """单户额度上限（不超过 10 亿元）与额度取整单位（不少于 1 元）。"""
    cap = require_non_negative(max_limit, "单户额度上限")
    if cap > 1e9:
        raise InputError("单户额度上限", "超过 10 亿元，请检查单位是否为元", max_limit)
    unit = require_number(step, "额度取整单位")
    if unit < 1:
        raise InputError("额度取整单位", "应不少于 1 元", step)
    return cap, unit


def _screened(out: pd.DataFrame, gates, unit: float) -> pd.DataFrame:
    """逐户筛选：``gates`` 是按顺序检查的（不合格的布尔列, 原因）；每户记第一个不合格的原因，都过了而
    “测算额度”不到一个取整单位的记“额度太小”，其余“入选”。加“原因”“入选”“额度”三列（没入选的额度为 0）。"""
    reasons = np.full(len(out), "入选", dtype=object)
    decided = np.zeros(len(out), dtype=bool)
    for fail, why in list(gates) + [(out["测算额度"].to_numpy(float) < unit, "额度太小")]:
        hit = np.asarray(fail, dtype=bool) & ~decided
        reasons[hit] = why
        decided |= hit
    out["原因"] = reasons
    out["入选"] = out["原因"] == "入选"
    out["额度"] = np.where(out["入选"], out["测算额度"], 0.0)
    return out


def market_merchant_limits(merchants: Any, *, share_of_settled: float, min_settled_months: int = 10,
                           min_rent_on_time: int = 4, term_months: int = 12, max_limit: float = 500_000.0,
                           step: float = 10_000.0) -> pd.DataFrame:
    """专业市场（建材城、批发市场）商户的批量额度：按市场统一收款账户的结算记录和租金记录定谁进、贷多少。

    ``merchants`` 每户一行：``商户``、``近12月结算额``（经市场统一收款账户结算的销售额，元）、``结算月数``
    （近 12 个月里有结算的月数）、``租金按时期数``（近 4 个季度的租金按时交了几期）、``剩余租期``（商铺租约
    还剩几个月）。依次检查，第一条不过的写进“原因”：

    - 结算月数 < ``min_settled_months``：结算不连续，销售多半走了个人收款码，结算记录说明不了经营；
    - 租金按时期数 < ``min_rent_on_time``：租金是商户每季最大的一笔固定支出，拖欠是最早的信号；
    - 剩余租期 < ``term_months``：额度的期限不能长过商户在这个市场里的经营期；
    - 结算额 × ``share_of_settled`` 不到一个 ``step``：额度太小，不值得单独授信。

    入选户 额度 ＝ min(近12月结算额 × ``share_of_settled``，``max_limit``)，向下取整到 ``step`` 的整数倍。
    返回原表加 ``测算额度``、``入选``、``额度``（不入选为 0）、``原因``（入选为“入选”）。
    """
    m, c = _screen_columns(merchants, "商户表", "商户", {"近12月结算额": _AMOUNT, "结算月数": (0, 12),
                                                      "租金按时期数": (0, 4), "剩余租期": None})
    settled, months, rent, lease = (c[k] for k in ("近12月结算额", "结算月数", "租金按时期数", "剩余租期"))
    share = require_fraction(share_of_settled, "额度占结算额的比例")
    min_m = require_int(min_settled_months, "最少结算月数", minimum=0, maximum=12)
    min_r = require_int(min_rent_on_time, "租金最少按时期数", minimum=0, maximum=4)
    term = require_int(term_months, "授信期限（月）", minimum=1, maximum=120)
    cap, unit = _cap_and_step(max_limit, step)
    out = m.copy()
    raw = np.minimum(settled.to_numpy(float) * share, cap)
    out["测算额度"] = np.floor(raw / unit + 1e-9) * unit
    return _screened(out, [(months < min_m, "结算不连续"), (rent < min_r, "租金拖欠"),
                           (lease < term, "租期短于授信期限")], unit)


def order_limits(shops: Any, *, months_cover: float = 3.0, base: str = "月均", min_order_months: int = 10,
                 term_months: int = 12, max_limit: float = 200_000.0, step: float = 10_000.0) -> pd.DataFrame:
    """按进货（订货）记录给一批零售户定额度，如烟草零售户的订烟记录：额度 ＝ 几个月的进货额。

    ``shops`` 每行一户（或一档，给 ``户数`` 列时一行代表那么多户）：``零售户``、``近12月订货额``（元）、
    ``订货月数``（近 12 个月里有订货的月数）、``最近一月订货额``（元）、``许可证剩余月数``。

    - ``base="月均"``：额度基数 ＝ 近12月订货额 ÷ 12；``base="最近一月"``：基数 ＝ 最近一月订货额。
      最近一个月若是旺季（春节前备货），它乘上几个月就把旺季当成了常态；表里“旺季倍数”＝ 最近一月 ÷ 月均；
    - 额度 ＝ min(基数 × ``months_cover``，``max_limit``)，向下取整到 ``step`` 的整数倍；
    - 依次检查，第一条不过的写进“原因”：订货月数 < ``min_order_months``（订货不连续）；许可证剩余月数 <
      ``term_months``（许可证先于贷款到期）；额度不到一个 ``step``（额度太小）。

    返回原表加 ``月均订货额``、``旺季倍数``、``测算额度``、``入选``、``额度``（不入选为 0）、``原因``。

    >>> t = pd.DataFrame({"零售户": ["甲"], "近12月订货额": [240_000], "订货月数": [12], "最近一月订货额": [36_000],
    ...                   "许可证剩余月数": [30]})
    >>> int(order_limits(t)["额度"].iloc[0]), int(order_limits(t, base="最近一月")["额度"].iloc[0])
    (60000, 100000)
    """
    m, c = _screen_columns(shops, "零售户表", "零售户", {"近12月订货额": _AMOUNT, "订货月数": (0, 12),
                                                     "最近一月订货额": _AMOUNT, "许可证剩余月数": None})
    year, months, last, licence = (c[k] for k in ("近12月订货额", "订货月数", "最近一月订货额", "许可证剩余月数"))
    if "户数" in m.columns:
        n = numeric_column(m["户数"], "户数")
        if (n < 1).any() or (n != n.round()).any():
            raise InputError("户数", "应为不小于 1 的整数", float(n[(n < 1) | (n != n.round())].iloc[0]))
    cover = require_positive(months_cover, "额度覆盖月数")
    if cover > 12:
        raise InputError("额度覆盖月数", "超过 12 个月：额度已大于一年的进货额", months_cover)
    if base not in ("月均", "最近一月"):
        raise InputError("额度基数", "应为“月均”或“最近一月”", base)
    min_m = require_int(min_order_months, "最少订货月数", minimum=0, maximum=12)
    term = require_int(term_months, "授信期限（月）", minimum=1, maximum=120)
    cap, unit = _cap_and_step(max_limit, step)
    out = m.copy()
    avg = year.to_numpy(float) / 12
    out["月均订货额"] = avg
    out["旺季倍数"] = np.where(avg > 0, last.to_numpy(float) / np.where(avg > 0, avg, 1.0), np.nan)
    basis = avg if base == "月均" else last.to_numpy(float)
    out["测算额度"] = np.floor(np.minimum(basis * cover, cap) / unit + 1e-9) * unit
    out = _screened(out, [(months < min_m, "订货不连续"), (licence < term, "许可证先于贷款到期")], unit)
    out.attrs.update({"额度基数": base, "额度覆盖月数": cover})
    return out


def order_credit_plan(limits: pd.DataFrame, **plan_inputs: Any) -> BatchPlan:
    """把 :func:`order_limits` 的入选户接到 :func:`batch_credit_plan`：户数 ＝ 入选户数（有 ``户数`` 列时按户数加总），
    户均额度 ＝ 入选户的额度总和 ÷ 入选户数。其余参数（通过率、用信率、利率、违约率……）原样传给 batch_credit_plan。
    """
    f = _frame(limits, "额度表", ["入选", "额度"])
    if "households" in plan_inputs or "avg_limit" in plan_inputs:
        raise InputError("测算参数", "户数与户均额度由额度表算出，不要另给")
    n = numeric_column(f["户数"], "户数") if "户数" in f.columns else pd.Series(1.0, index=f.index)
    chosen = f["入选"].astype(bool)
    lim = numeric_column(f["额度"], "额度")
    hh = float(n[chosen].sum())
    if hh < 1:
        raise InputError("额度表", "没有入选的零售户")
    total = float((n[chosen] * lim[chosen]).sum())
    return batch_credit_plan(int(round(hh)), avg_limit=total / hh, **plan_inputs)


def feed_credit_limits(farmers: Any, *, cycle_months: int, feed_per_head_year: float, share_of_cycle: float = 0.7,
                       min_active_months: int = 8, max_owed_months: float = 1.0, fit_range: Sequence[float] = (0.5, 1.5),
                       max_limit: float = 300_000.0, step: float = 10_000.0) -> pd.DataFrame:
    """饲料款快贷：按饲料企业的购料记录给一批养殖户定额度，钱受托支付给饲料企业买新料。

    ``farmers`` 每户一行：``养殖户``、``近12月购料额``（元）、``购料月数``（近 12 个月里有购料的月数）、
    ``期末赊欠``（欠饲料企业的料款，元）、``存栏头数``。派生：月均购料 ＝ 近12月购料额 ÷ 12；
    赊欠月数 ＝ 期末赊欠 ÷ 月均购料；购料与存栏之比 ＝ 近12月购料额 ÷（存栏头数 × ``feed_per_head_year``）
    （分母不足 1 元的按 1 元算，不买料或没有存栏的户比值很大、结果仍有限）。
    依次检查，第一条不过的写进“原因”：

    - 购料月数 < ``min_active_months``：不是常年在这家买料的户，记录说明不了他的用料；
    - 购料与存栏之比不在 ``fit_range`` 内：买得比圈里的猪能吃的多得多（转卖、替人代购），或少得多（料大半在别家买）；
    - 赊欠月数 > ``max_owed_months``：已经欠着几个月的料钱，新贷款多半先被拿去还旧账；
    - 测算额度不到一个 ``step``。

    测算额度 ＝ min(月均购料 × ``cycle_months`` × ``share_of_cycle``，``max_limit``)，向下取整到 ``step`` 的整数倍
    （一个养殖周期的料款，养殖户自己出一部分）。``新购料可用`` ＝ max(额度 − 期末赊欠, 0)：如果贷款先替他结清旧账，
    还剩多少能买新料。attrs：``合计额度``、``入选户赊欠``。
    """
    f, c = _screen_columns(farmers, "养殖户表", "养殖户", {"近12月购料额": _AMOUNT, "购料月数": (0, 12),
                                                     "期末赊欠": _AMOUNT, "存栏头数": _AMOUNT})
    bought, months, owed, heads = (c[k] for k in ("近12月购料额", "购料月数", "期末赊欠", "存栏头数"))
    cycle = require_int(cycle_months, "养殖周期（月）", minimum=1, maximum=24)
    per_head = require_number(feed_per_head_year, "每头年耗料额")
    if not 0 < per_head <= 1e6:
        raise InputError("每头年耗料额", "应大于 0 且不超过 100 万元", feed_per_head_year)
    share = require_fraction(share_of_cycle, "额度占周期料款的比例")
    min_m = require_int(min_active_months, "最少购料月数", minimum=0, maximum=12)
    max_owed = require_non_negative(max_owed_months, "赊欠上限（月）")
    if max_owed > 120:
        raise InputError("赊欠上限（月）", "超过 120 个月，请检查", max_owed_months)
    if isinstance(fit_range, (str, bytes)) or not isinstance(fit_range, Sequence) or len(fit_range) != 2:
        raise InputError("购料与存栏之比的范围", "应为（下限，上限）两个数")
    lo = require_non_negative(fit_range[0], "购料与存栏之比的下限")
    hi = require_non_negative(fit_range[1], "购料与存栏之比的上限")
    if not lo < hi <= 100:
        raise InputError("购料与存栏之比的范围", "下限应小于上限，上限不超过 100", hi)
    cap, unit = _cap_and_step(max_limit, step)
    out = f.copy()
    monthly = bought.to_numpy(float) / 12.0
    out["月均购料"] = monthly
    owed_m = owed.to_numpy(float) / np.maximum(monthly, 1.0)        # 不买料的户按每月 1 元算，结果有限
    need = heads.to_numpy(float) * per_head
    fit = bought.to_numpy(float) / np.maximum(need, 1.0)
    out["赊欠月数"] = owed_m
    out["购料与存栏之比"] = fit
    raw = np.minimum(monthly * cycle * share, cap)
    out["测算额度"] = np.floor(raw / unit + 1e-9) * unit
    reasons = []
    for i in range(len(out)):
        if months.iloc[i] < min_m:
            reasons.append("购料不连续")
        elif not lo <= fit[i] <= hi:
            reasons.append("购料与存栏对不上")
        elif owed_m[i] > max_owed + 1e-9:
            reasons.append("赊欠过多")
        elif out["测算额度"].iloc[i] < unit:
            reasons.append("额度太小")
        else:
            reasons.append("入选")
    out["原因"] = reasons
    out["入选"] = out["原因"] == "入选"
    out["额度"] = np.where(out["入选"], out["测算额度"], 0.0)
    out["新购料可用"] = np.where(out["入选"], np.maximum(out["额度"] - owed.to_numpy(float), 0.0), 0.0)
    out.attrs["合计额度"] = float(out["额度"].sum())
    out.attrs["入选户赊欠"] = float(owed[out["入选"].to_numpy()].sum())
    return out


def payroll_loan_burden(borrowers: Any, *, annual_rate: float, months: int, overtime_share: float = 1.0,
                        max_share: float = 0.5, overtime_column: str = "加班工资") -> pd.DataFrame:
    """一批工薪消费贷的月供负担：按哪一部分工资算收入，有多少人的月供超过收入的上限。

    ``borrowers`` 每人一行：``员工``、``贷款本金``（元）、``基本工资``（每月固定发的部分）、``加班工资``
    （审批时那个月的加班、绩效部分）、``其他月供``（征信上其他贷款、信用卡分期每月要还的钱）。

    本笔月供 ＝ 等额本息月供（``annual_rate``、``months``）；核定收入 ＝ 基本工资 ＋ ``overtime_share`` × 加班工资；
    月供合计 ＝ 本笔月供 ＋ 其他月供；月供占比 ＝ 月供合计 ÷ 核定收入（核定收入为 0 记 999，算作超线）；
    超线 ＝ 月供占比 > ``max_share``。``overtime_share`` 为 1 即按审批那个月的工资条全额算，为 0 即只认基本工资。

    ``overtime_column`` 指定加班按哪一列算：默认“加班工资”（审批那个月）；代发记录里有每人近 12 个月的月均加班时，
    把那一列的列名传进来（如 ``"近12个月月均加班"``），每人按自己的记录算，而不是全车间用同一个折扣。
    attrs：``超线人数``、``人数``、``加班口径``（用的列名）。
    """
    from .loans import payment_for

    if not isinstance(overtime_column, str) or not overtime_column.strip():
        raise InputError("加班口径", "应为借款人表里的一个列名，如“加班工资”", overtime_column)
    b = _frame(borrowers, "借款人表", ["员工", "贷款本金", "基本工资", overtime_column, "其他月供"])
    if b.empty:
        raise InputError("借款人表", "没有借款人")
    if b["员工"].isna().any():
        raise InputError("员工", "有空白")
    cols = {}
    for col in ("贷款本金", "基本工资", overtime_column, "其他月供"):
        v = numeric_column(b[col], col)
        if (v < 0).any():
            raise InputError(col, "不能为负数", float(v[v < 0].iloc[0]))
        if v.max() > 1e9:
            raise InputError(col, "超出合理范围，请检查单位是否为元", float(v.max()))
        cols[col] = v.to_numpy(float)
    rate = require_fraction(annual_rate, "年利率")
    n = require_int(months, "期限（月）", minimum=1, maximum=360)
    ot = require_fraction(overtime_share, "加班工资计入比例")
    cap = require_fraction(max_share, "月供占收入的上限")
    out = b.copy()
    out["本笔月供"] = [payment_for(p, rate, n) if p > 0 else 0.0 for p in cols["贷款本金"]]
    income = cols["基本工资"] + ot * cols[overtime_column]
    out["核定收入"] = income
    out["月供合计"] = out["本笔月供"].to_numpy(float) + cols["其他月供"]
    out["月供占比"] = np.where(income > 0, out["月供合计"].to_numpy(float) / np.maximum(income, 1e-9), 999.0)
    out["超线"] = out["月供占比"] > cap + 1e-12
    out.attrs["超线人数"] = int(out["超线"].sum())
    out.attrs["人数"] = int(len(out))
    out.attrs["加班口径"] = overtime_column
    return out


@dataclass(frozen=True)
class TradeCycle:
    """收购—囤货—卖出一个周期的测算结果（:func:`trade_cycle`）。

    ``flows``：每月一行（收购、销售、经营费用、经营现金）；``plans``：每种还款安排一行（最低现金、最低月份、
    为负月数、期末现金、周期内还款）；``paths``：{安排: :class:`coursekit.restoration.CashPath`}；
    ``sales_outside``：推迟后落到周期之外、没有计入的销售额。
    """

    flows: pd.DataFrame
    plans: pd.DataFrame
    paths: dict
    sales_outside: float


def trade_cycle(purchase, buy_months, sale_months, plans, *, loan, start_cash, gross_margin, monthly_cost,
                months, sale_delay: int = 0, price_change: float = 0.0) -> TradeCycle:
    """收购贷款的现金周期测试：先花钱收货、几个月后才卖出回款，每种还款安排下账上现金最低到多少。

    - ``purchase``：一个周期的收购总额（元），平均摊在 ``buy_months``（第几个月，从 1 起）；
    - ``sale_months``：卖出的月份（从 1 起），销售额 ＝ 收购额 ×（1 ＋ ``gross_margin``）×（1 ＋ ``price_change``），
      平均摊在这几个月；``sale_delay`` 把卖出整体推迟几个月，推迟到周期（``months``）之外的不计入；
    - ``monthly_cost``：每月的仓储、人工与家庭开销；``loan`` 在第 1 个月放款，``start_cash`` 为期初自有资金；
    - ``plans``：{安排名: 还款计划}，还款计划是 :func:`coursekit.loans.schedule` / ``custom_schedule`` 的表
      （不带还款日，第 1 期对齐第 1 个月）或逐月还款额的列表。

    每月经营现金 ＝ 销售 − 收购 − 经营费用；账上现金 ＝ 期初资金 ＋ 放款 ＋ Σ（经营现金 − 还款）。

    这是按期数、用一个毛利率的简化写法；有逐月经营收支和买方账期时用
    :func:`coursekit.restoration.season_plans`（两者的比较表同一个口径）。
    """
    from .restoration import cash_path
    from .restoration.cashpath import _plans_table

    n = require_int(months, "周期月数", minimum=1, maximum=36)
    buy = require_non_negative(purchase, "收购总额")
    if buy > 1e10:
        raise InputError("收购总额", "超过 100 亿元，请检查单位是否为元", purchase)
    gm = require_number(gross_margin, "毛利率")
    if not -0.5 <= gm <= 1.0:
        raise InputError("毛利率", "应在 -50% 到 100% 之间", gross_margin)
    pc = require_number(price_change, "价格变动")
    if not -0.9 <= pc <= 1.0:
        raise InputError("价格变动", "应在 -90% 到 +100% 之间", price_change)
    delay = require_int(sale_delay, "卖出推迟（月）", minimum=0, maximum=24)
    cost = require_non_negative(monthly_cost, "每月经营费用")
    if cost > 1e9:
        raise InputError("每月经营费用", "超过每月 10 亿元，请检查单位是否为元", monthly_cost)
    lo = require_non_negative(loan, "贷款金额")
    cash0 = require_number(start_cash, "期初资金")

    def _months(values, name):
        if isinstance(values, (str, bytes, Mapping)) or not hasattr(values, "__iter__"):
            raise InputError(name, "应为月份序号的列表，如 [1, 2, 3]", values)
        out = [require_int(v, name, minimum=1, maximum=n) for v in values]
        if not out:
            raise InputError(name, "至少给一个月")
        if len(set(out)) != len(out):
            raise InputError(name, "有重复的月份", values)
        return out

    bm = _months(buy_months, "收购月份")
    sm = _months(sale_months, "卖出月份")
    if not isinstance(plans, Mapping) or not plans:
        raise InputError("还款安排", "应为 {安排名: 还款计划} 的字典，至少一种", type(plans).__name__)
    buys = np.zeros(n)
    buys[[m - 1 for m in bm]] = buy / len(bm)
    revenue = buy * (1 + gm) * (1 + pc)
    sales = np.zeros(n)
    outside = 0.0
    for m in sm:
        k = m + delay
        if k <= n:
            sales[k - 1] += revenue / len(sm)
        else:
            outside += revenue / len(sm)
    buys, sales = np.round(buys, 2), np.round(sales, 2)
    costs = np.full(n, cost)
    flows = pd.DataFrame({"收购": buys, "销售": sales, "经营费用": costs, "经营现金": sales - buys - costs},
                         index=pd.Index(range(1, n + 1), name="期数"))
    other = np.zeros(n)
    other[0] = lo
    table, paths = _plans_table({name: (plan, other) for name, plan in plans.items()},
                                lambda plan, extra: cash_path(cash0, flows["经营现金"].to_numpy(), plan, other=extra))
    return TradeCycle(flows=flows, plans=table, paths=paths, sales_outside=round(outside, 2))


def capacity_gain(demand, capacity_before, capacity_after) -> pd.DataFrame:
    """一群经营户共用一个需求池（一个车队的派单、一个市场的订单）时，添了产能每个月能多干多少活。

    ``demand``：每月的需求量（派单数、订单数……），列表或带月份索引的 Series，不能为负；
    ``capacity_before`` / ``capacity_after``：添产能前、后每月最多能完成的量（如 车辆数 × 每车每月最多趟数）。

    每月 完成 ＝ min(需求, 产能)；没接 ＝ max(0, 需求 − 扩产前产能)；新增 ＝ 扩产后完成 − 扩产前完成。
    新增的活只来自扩产前没接的那部分：淡季产能本来就闲着，添多少都是零；几户各自添车，分的是同一份“没接的单”。
    返回每月一行：需求、扩产前完成、没接、扩产后完成、新增（索引沿用 ``demand`` 的月份，列表时为 1、2、……）。
    """
    if isinstance(demand, (str, bytes, Mapping)) or not hasattr(demand, "__iter__"):
        raise InputError("每月需求", "应为每月一个数的列表或 Series", demand)
    d = demand if isinstance(demand, pd.Series) else pd.Series(list(demand),
                                                                index=pd.RangeIndex(1, len(list(demand)) + 1))
    if d.empty:
        raise InputError("每月需求", "至少给一个月")
    if len(d) > 120:
        raise InputError("每月需求", "超过 120 个月，请检查", len(d))
    d = numeric_column(d, "每月需求")
    if d.isna().any():
        raise InputError("每月需求", "有空白或不是数字的月份")
    if (d < 0).any():
        raise InputError("每月需求", "不能为负数", float(d[d < 0].iloc[0]))
    if d.max() > 1e9:
        raise InputError("每月需求", "超出合理范围，请检查单位", float(d.max()))
    before = require_non_negative(capacity_before, "扩产前每月产能")
    after = require_non_negative(capacity_after, "扩产后每月产能")
    for v, name in ((before, "扩产前每月产能"), (after, "扩产后每月产能")):
        if v > 1e9:
            raise InputError(name, "超出合理范围，请检查单位", v)
    if after < before:
        raise InputError("扩产后每月产能", "不应小于扩产前的产能", capacity_after)
    x = d.to_numpy(float)
    done_before = np.minimum(x, before)
    done_after = np.minimum(x, after)
    return pd.DataFrame({"需求": x, "扩产前完成": done_before, "没接": x - done_before,
                         "扩产后完成": done_after, "新增": done_after - done_before}, index=d.index)


def capacity_cover(demand, units_before, units_added, per_unit, *, net_per_job, fixed_per_unit,
                   due_per_unit) -> pd.Series:
    """一批新增的车（机器、船）一年能不能还上自己的贷款：按共用需求池里分得到的活算，不按它的满负荷算。

    产能 ＝ 台数 × ``per_unit``（每台每月最多完成的量）；每月新增的活取自 :func:`capacity_gain`。
    一年 新增净收入 ＝ 新增量合计 × ``net_per_job``（每趟、每单的净收入）− ``units_added`` × ``fixed_per_unit``
    （每台一年的保险、年检等固定费用）；应还 ＝ ``units_added`` × ``due_per_unit``（每台一年的本息）；
    覆盖倍数 ＝ 新增净收入 ÷ 应还（没有新增台数或应还为 0 时无从谈覆盖，记为空值）。``demand`` 按 12 个月给时，这就是一年的账。

    返回：新增台数、新增量、每台新增量、满负荷每台量（``per_unit`` × 月数）、新增净收入、应还、覆盖倍数。
    """
    n_before = require_int(units_before, "现有台数", minimum=0, maximum=100_000)
    n_added = require_int(units_added, "新增台数", minimum=0, maximum=100_000)
    cap = require_non_negative(per_unit, "每台每月最多完成量")
    if cap > 1e6:
        raise InputError("每台每月最多完成量", "超出合理范围，请检查单位", per_unit)
    net = require_number(net_per_job, "每单净收入")
    fixed = require_non_negative(fixed_per_unit, "每台年固定费用")
    due = require_non_negative(due_per_unit, "每台年应还本息")
    for v, name in ((net, "每单净收入"), (fixed, "每台年固定费用"), (due, "每台年应还本息")):
        if abs(v) > 1e9:
            raise InputError(name, "超出合理范围，请检查单位是否为元", v)
    g = capacity_gain(demand, n_before * cap, (n_before + n_added) * cap)
    jobs = float(g["新增"].sum())
    income = jobs * net - n_added * fixed
    owed = n_added * due
    return pd.Series({"新增台数": float(n_added), "新增量": jobs,
                      "每台新增量": jobs / n_added if n_added else 0.0,
                      "满负荷每台量": cap * len(g), "新增净收入": income, "应还": owed,
                      "覆盖倍数": income / owed if owed > 0 else float("nan")})


def pool_owner_cover(owners: Any, demand, per_unit, *, net_per_job, fixed_per_unit, due_per_unit) -> pd.DataFrame:
    """共用一个派单池、按台轮派时，每户车主添车前后各自的一年账。

    ``owners`` 每户一行：``车主``、``现有台数``、``新增台数``、``现有年还款``（已有贷款一年的本息）、
    ``家庭年支出``。``demand`` 为每月派单量（同 :func:`capacity_gain`），``per_unit`` 为每台每月最多完成的量。

    每月完成量 ＝ min(派单, 总台数 × ``per_unit``)，按台平均分到每一台车（按台轮派，不指定车）；
    本户年趟数 ＝ Σ 每月完成量 × 本户台数 ÷ 总台数；经营净收入 ＝ 年趟数 × ``net_per_job`` − 台数 × ``fixed_per_unit``；
    年应还 ＝ 现有年还款 ＋ 新增台数 × ``due_per_unit``；结余 ＝ 经营净收入 − 家庭年支出 − 年应还；
    覆盖倍数 ＝（经营净收入 − 家庭年支出）÷ 年应还（年应还为 0 时无从谈覆盖，记为 None）。添车前、后各算一遍。

    轮派下，新车分走的活有一部分来自**不添车的邻居**：他们没有借新钱，收入却少了。
    返回每户一行；attrs：``车队结余变化``（全部车主结余变化之和，等于车队新增净收入减新车的本息）。
    """
    o = _frame(owners, "车主表", ["车主", "现有台数", "新增台数", "现有年还款", "家庭年支出"])
    if o.empty:
        raise InputError("车主表", "没有车主")
    if o["车主"].isna().any() or o["车主"].astype(str).str.strip().eq("").any():
        raise InputError("车主", "有空白")
    if o["车主"].duplicated().any():
        raise InputError("车主", "有重复", str(o.loc[o["车主"].duplicated(), "车主"].iloc[0]))
    num = {}
    for col in ("现有台数", "新增台数", "现有年还款", "家庭年支出"):
        v = numeric_column(o[col], col)
        if (v < 0).any():
            raise InputError(col, "不能为负数", float(v[v < 0].iloc[0]))
        if v.max() > 1e9:
            raise InputError(col, "超出合理范围，请检查单位是否为元", float(v.max()))
        num[col] = v.to_numpy(float)
    for col in ("现有台数", "新增台数"):
        if (num[col] != np.round(num[col])).any():
            raise InputError(col, "应为整数台")
    cap = require_non_negative(per_unit, "每台每月最多完成量")
    net = require_number(net_per_job, "每单净收入")
    fixed = require_non_negative(fixed_per_unit, "每台年固定费用")
    due = require_non_negative(due_per_unit, "每台年应还本息")
    for v, name in ((cap, "每台每月最多完成量"), (net, "每单净收入"), (fixed, "每台年固定费用"), (due, "每台年应还本息")):
        if abs(v) > 1e9:
            raise InputError(name, "超出合理范围，请检查单位", v)
    before_units, added = num["现有台数"], num["新增台数"]
    if before_units.sum() <= 0:
        raise InputError("现有台数", "车队至少要有一台车")
    after_units = before_units + added
    g = capacity_gain(demand, before_units.sum() * cap, after_units.sum() * cap)
    done_before, done_after = float(g["扩产前完成"].sum()), float(g["扩产后完成"].sum())
    out = pd.DataFrame({"车主": o["车主"].astype(str).to_numpy(), "现有台数": before_units, "新增台数": added})
    family, owed_before = num["家庭年支出"], num["现有年还款"]
    owed_after = owed_before + added * due
    for tag, units, done, owed in (("添车前", before_units, done_before, owed_before),
                                   ("添车后", after_units, done_after, owed_after)):
        trips = done * units / units.sum()
        income = trips * net - units * fixed
        out[f"年趟数（{tag}）"] = trips
        out[f"经营净收入（{tag}）"] = income
        out[f"年应还（{tag}）"] = owed
        out[f"结余（{tag}）"] = income - family - owed
        safe = np.where(owed > 0, owed, 1.0)
        out[f"覆盖倍数（{tag}）"] = pd.Series([(i - f) / d if o > 0 else None
                                           for i, f, d, o in zip(income, family, safe, owed)], dtype=object)
    out["结余变化"] = out["结余（添车后）"] - out["结余（添车前）"]
    out.attrs["车队结余变化"] = float(out["结余变化"].sum())
    return out


def idle_credit_review(villages: Any, reasons: Any, fixable: Sequence[str], *,
                       activation: Mapping[str, float] | None = None, pick: int = 2) -> pd.DataFrame:
    """整村授信之后：哪些村的授信证闲着、闲着的原因里有多少是银行能改的、回访哪几个村最值。

    ``villages`` 每村一行（索引为村名），列 ``授信户数``、``用信户数``（有 ``常住户数`` 时多给一列授信覆盖率）；``reasons`` 同样的索引，每列一个闲置原因
    （逐户回访时记下的主要原因，户数），各村的原因合计必须等于闲置户数（授信户数 − 用信户数）。
    ``fixable`` 是银行能改的原因（额度、还款方式、时节、流程……）；``activation`` 给每个能改的原因一个激活率
    （带着对应的方案上门后，这类闲置户里预计有几成会用信，教学假设；不给时按 1，即能改的户数本身）。

    每村一行：授信户数、用信户数、用信率、闲置户数、能改的闲置户、能改的占闲置、主要可改原因、预计激活户数、
    回访后用信率（（用信户数 ＋ 预计激活户数）÷ 授信户数），按预计激活户数从多到少排；attrs：``合计用信率``、
    ``回访的村``（预计激活户数最多的 ``pick`` 个村）、``回访预计激活户数``、``回访后合计用信率``（只回访这几个村时，
    全部村的用信率）。
    """
    if not isinstance(villages, pd.DataFrame) or not isinstance(reasons, pd.DataFrame):
        raise InputError("村表", "村表和回访原因表都应为表格（DataFrame），以村名为索引")
    v = _frame(villages, "村表", ["授信户数", "用信户数"])
    if v.empty:
        raise InputError("村表", "没有村")
    if v.index.has_duplicates:
        raise InputError("村表", "村名有重复", str(v.index[v.index.duplicated()][0]))
    granted = numeric_column(v["授信户数"], "授信户数")
    used = numeric_column(v["用信户数"], "用信户数")
    if (granted < 0).any() or (used < 0).any():
        raise InputError("用信户数" if (used < 0).any() else "授信户数", "不能为负数")
    if (used > granted).any():
        raise InputError("用信户数", "不能多于授信户数", str(v.index[(used > granted).to_numpy()][0]))
    if (granted <= 0).any():
        raise InputError("授信户数", "每个村至少要有 1 户授信", str(v.index[(granted <= 0).to_numpy()][0]))
    if isinstance(fixable, (str, bytes)) or not hasattr(fixable, "__iter__"):
        raise InputError("能改的原因", "应为原因名的列表", fixable)
    fix = [str(f) for f in fixable]
    if not fix:
        raise InputError("能改的原因", "至少一个")
    missing = [f for f in fix if f not in reasons.columns]
    if missing:
        raise InputError("能改的原因", f"回访原因表里没有：{'、'.join(missing)}")
    if set(reasons.index) != set(v.index) or reasons.index.has_duplicates:
        raise InputError("回访原因表", "的村名应与村表一一对应")
    r = pd.DataFrame({c: numeric_column(reasons[c], f"回访原因“{c}”") for c in reasons.columns}).reindex(v.index)
    if (r < 0).any().any():
        raise InputError("回访原因表", "户数不能为负数")
    idle = granted - used
    off = (r.sum(axis=1) - idle).abs() > 1e-9
    if off.any():
        name = str(v.index[off.to_numpy()][0])
        raise InputError("回访原因表", f"{name}的原因合计应等于闲置户数 {idle[name]:.0f}", float(r.sum(axis=1)[name]))
    rates = {f: 1.0 for f in fix}
    if activation is not None:
        if not isinstance(activation, Mapping):
            raise InputError("激活率", "应为 {原因: 比例} 的字典", activation)
        for k, val in activation.items():
            if str(k) not in fix:
                raise InputError("激活率", f"“{k}”不是能改的原因", k)
            rates[str(k)] = require_fraction(val, f"激活率（{k}）")
    n_pick = require_int(pick, "回访村数", minimum=1, maximum=len(v))
    fixable_n = r[fix].sum(axis=1)
    expected = sum(r[f] * rates[f] for f in fix)
    out = pd.DataFrame({"授信户数": granted, "用信户数": used, "用信率": used / granted, "闲置户数": idle,
                        "能改的闲置户": fixable_n,
                        "能改的占闲置": np.where(idle > 0, fixable_n / idle.where(idle > 0, 1), 0.0),
                        "主要可改原因": r[fix].idxmax(axis=1), "预计激活户数": expected,
                        "回访后用信率": (used + expected) / granted}, index=v.index)
    if "常住户数" in v.columns:
        homes = numeric_column(v["常住户数"], "常住户数")
        if (homes < granted).any():
            raise InputError("常住户数", "不能少于授信户数", str(v.index[(homes < granted).to_numpy()][0]))
        out.insert(0, "授信覆盖率", granted / homes)
    out = out.sort_values(["预计激活户数", "能改的闲置户"], ascending=False, kind="stable")
    out.attrs["合计用信率"] = float(used.sum() / granted.sum())
    out.attrs["回访的村"] = list(out.index[:n_pick])
    out.attrs["回访预计激活户数"] = float(out["预计激活户数"].iloc[:n_pick].sum())
    out.attrs["回访后合计用信率"] = float((used.sum() + out.attrs["回访预计激活户数"]) / granted.sum())
    return out


def coupon_cohort_value(cohorts: Any, *, deposit_spread: float, loan_margin: float,
                        dormant_cost: float = 20.0, retention: Mapping[str, float] | None = None) -> pd.DataFrame:
    """发券拉来的一群人，按来路分组算一年的账：券停以后还留下多少、留下的人值多少、券花了多少。

    ``cohorts`` 每个来路一行，列：``来路``、``人数``、``新开户``（为领券新开的账户数）、``领券金额``（元，银行补贴的券）、
    ``券停后仍用卡``（券停后连续三个月每月都用卡的人数，实测）、``每个留下的人存款增量``（元，日均）、``贷款余额``（元，
    这群人里后来借款的余额）。可选 ``需复核的异地新开户``（外地人为领券新开的账户，要按本行规定复核开户合理性）。

    ``retention`` 可以给某几个来路一个假设的留存比例（0–1），代替实测的“券停后仍用卡”（人数 × 比例）。
    一年贡献 ＝ 留下的人 × 每人存款增量 × ``deposit_spread`` ＋ 贷款余额 × ``loan_margin``（扣掉资金成本和预期损失后的
    净收益率，教学假设）；睡眠账户成本 ＝ 新开户里没留下的（新开户 − 留下的，不小于 0）× ``dormant_cost``（元/户/年）；
    净值 ＝ 一年贡献 − 领券金额 − 睡眠账户成本；每元券换回 ＝ 一年贡献 ÷ 领券金额。最后一行“合计”。
    """
    df = _frame(cohorts, "来路表", ["来路", "人数", "新开户", "领券金额", "券停后仍用卡", "每个留下的人存款增量", "贷款余额"])
    if df.empty:
        raise InputError("来路表", "没有任何来路")
    names = df["来路"].astype(str).str.strip()
    if df["来路"].isna().any() or names.eq("").any():
        raise InputError("来路", "有空白")
    if names.duplicated().any():
        raise InputError("来路", "有重复", names[names.duplicated()].iloc[0])
    num = {}
    for col in ("人数", "新开户", "领券金额", "券停后仍用卡", "每个留下的人存款增量", "贷款余额"):
        v = numeric_column(df[col], col).to_numpy(float)
        if (v < 0).any():
            raise InputError(col, "不能为负数", float(v[v < 0][0]))
        if v.max() > 1e10:
            raise InputError(col, "超出合理范围，请检查单位是否为元", float(v.max()))
        num[col] = v
    people = num["人数"]
    for col in ("新开户", "券停后仍用卡"):
        if (num[col] > people).any():
            raise InputError(col, "不能多于人数", str(names[num[col] > people].iloc[0]))
    spread = require_fraction(deposit_spread, "存款利差", low=-0.05, high=0.1)
    margin = require_fraction(loan_margin, "贷款净收益率", low=-0.1, high=0.2)
    idle_cost = require_non_negative(dormant_cost, "睡眠账户成本")
    if idle_cost > 10_000:
        raise InputError("睡眠账户成本", "每户每年超过 1 万元，请检查单位", dormant_cost)
    kept = num["券停后仍用卡"].copy()
    if retention is not None:
        if not isinstance(retention, Mapping):
            raise InputError("留存比例", "应为 {来路: 比例} 的字典", retention)
        for k, val in retention.items():
            hit = (names == str(k)).to_numpy()
            if not hit.any():
                raise InputError("留存比例", f"没有这个来路：{k}", k)
            kept[hit] = people[hit] * require_fraction(val, f"留存比例（{k}）")
    deposits = kept * num["每个留下的人存款增量"]
    value = deposits * spread + num["贷款余额"] * margin
    dormant = np.maximum(num["新开户"] - kept, 0.0) * idle_cost
    out = pd.DataFrame({"来路": names.to_numpy(), "人数": people, "领券金额": num["领券金额"], "留下的人": kept,
                        "留存比例": np.where(people > 0, kept / np.where(people > 0, people, 1), 0.0),
                        "存款增量": deposits, "贷款余额": num["贷款余额"], "一年贡献": value,
                        "睡眠账户成本": dormant, "净值": value - num["领券金额"] - dormant})
    if "需复核的异地新开户" in df.columns:
        remote = numeric_column(df["需复核的异地新开户"], "需复核的异地新开户").to_numpy(float)
        if (remote < 0).any() or (remote > num["新开户"]).any():
            raise InputError("需复核的异地新开户", "应在 0 到新开户数之间")
        out["需复核的异地新开户"] = remote
    total = out.drop(columns="来路").sum()
    total["留存比例"] = total["留下的人"] / total["人数"] if total["人数"] > 0 else 0.0
    out = pd.concat([out, pd.DataFrame([{"来路": "合计", **total.to_dict()}])], ignore_index=True)
    coupons = out["领券金额"].to_numpy(float)
    out["每元券换回"] = [v / c if c > 0 else None for v, c in zip(out["一年贡献"], coupons)]
    return out


def floor_weights(top_floor: int, *, ground: float = 0.0, second: float = 0.5, step: float = 0.2) -> dict[int, float]:
    """加装电梯按楼层分摊的系数（常见做法之一，各地、各单元自己商定）：一楼 ``ground``，二楼 ``second``，
    往上每高一层多 ``step``。返回 {楼层: 系数}。

    >>> floor_weights(4, ground=0, second=0.5, step=0.3)
    {1: 0.0, 2: 0.5, 3: 0.8, 4: 1.1}
    """
    top = require_int(top_floor, "最高楼层", minimum=2, maximum=40)
    g = require_non_negative(ground, "一楼系数")
    s2 = require_non_negative(second, "二楼系数")
    st = require_non_negative(step, "每层递增")
    for v, name in ((g, "一楼系数"), (s2, "二楼系数"), (st, "每层递增")):
        if v > 10:
            raise InputError(name, "大得不合理（系数一般在 0 到 2 之间）", v)
    return {1: round(g, 10), **{f: round(s2 + st * (f - 2), 10) for f in range(2, top + 1)}}


def elevator_share_plan(households: Any, total_cost: float, *, weights: Mapping[int, float], subsidy: float = 0.0,
                        annual_rate: float, months: int, max_share: float = 0.3) -> pd.DataFrame:
    """老旧小区加装电梯：一个单元的费用按楼层分摊到每户，谁要借、借多少、月供占收入几成。

    ``households`` 每户一行：``户号``、``楼层``、``手头可用``（元，愿意拿出来的存款）、``月收入``（元，退休的按养老金）。
    ``weights`` 为 {楼层: 分摊系数}（:func:`floor_weights`）；``subsidy`` 为政府补贴（元，按本地办法）。

    每个系数的分摊 ＝（总费用 − 补贴）÷ 全部户的系数之和；每户分摊 ＝ 系数 × 每个系数的分摊；
    需贷款 ＝ max(0, 每户分摊 − 手头可用)；月供按等额本息（``annual_rate``、``months``）；
    月供占收入 ＝ 月供 ÷ 月收入（收入为 0 而要借款时记 999）；超线 ＝ 月供占收入 > ``max_share``。
    attrs：``每个系数分摊``、``贷款户数``、``贷款合计``、``超线户数``。
    """
    from .loans import payment_for

    h = _frame(households, "住户表", ["户号", "楼层", "手头可用", "月收入"])
    if h.empty:
        raise InputError("住户表", "没有住户")
    if h["户号"].duplicated().any():
        raise InputError("户号", "有重复", str(h.loc[h["户号"].duplicated(), "户号"].iloc[0]))
    floors = numeric_column(h["楼层"], "楼层")
    if (floors != np.round(floors)).any() or (floors < 1).any():
        raise InputError("楼层", "应为 1 以上的整数")
    cash = numeric_column(h["手头可用"], "手头可用")
    income = numeric_column(h["月收入"], "月收入")
    for v, name in ((cash, "手头可用"), (income, "月收入")):
        if (v < 0).any():
            raise InputError(name, "不能为负数", float(v[v < 0].iloc[0]))
        if v.max() > 1e9:
            raise InputError(name, "超出合理范围，请检查单位是否为元", float(v.max()))
    if not isinstance(weights, Mapping) or not weights:
        raise InputError("分摊系数", "应为 {楼层: 系数} 的字典")
    w = {}
    for k, val in weights.items():
        w[require_int(k, "分摊系数的楼层", minimum=1, maximum=60)] = require_non_negative(val, f"分摊系数（{k} 楼）")
    missing = sorted({int(f) for f in floors} - set(w))
    if missing:
        raise InputError("分摊系数", f"缺少这些楼层的系数：{'、'.join(map(str, missing))}")
    cost = require_non_negative(total_cost, "总费用")
    if cost > 1e8:
        raise InputError("总费用", "超过 1 亿元，请检查单位是否为元", total_cost)
    sub = require_non_negative(subsidy, "政府补贴")
    if sub > cost:
        raise InputError("政府补贴", "不能多于总费用", subsidy)
    rate = require_fraction(annual_rate, "年利率")
    n = require_int(months, "期限（月）", minimum=1, maximum=120)
    cap = require_fraction(max_share, "月供占收入的上限")
    weight = np.array([w[int(f)] for f in floors], dtype=float)
    if weight.sum() <= 0:
        raise InputError("分摊系数", "全部住户的系数之和应大于 0")
    unit = (cost - sub) / weight.sum()
    share = weight * unit
    loan = np.maximum(share - cash.to_numpy(float), 0.0)
    pay = np.array([payment_for(x, rate, n) if x > 0 else 0.0 for x in loan])
    inc = income.to_numpy(float)
    burden = np.where(inc > 0, pay / np.where(inc > 0, inc, 1.0), np.where(pay > 0, 999.0, 0.0))
    out = pd.DataFrame({"户号": h["户号"].astype(str).to_numpy(), "楼层": floors.astype(int).to_numpy(),
                        "系数": weight, "每户分摊": share, "手头可用": cash.to_numpy(float), "需贷款": loan,
                        "月供": pay, "月收入": inc, "月供占收入": burden, "超线": burden > cap + 1e-12})
    out.attrs.update({"每个系数分摊": float(unit), "贷款户数": int((loan > 0).sum()), "贷款合计": float(loan.sum()),
                      "超线户数": int(out["超线"].sum())})
    return out


def application_burst(arrivals: Sequence[float] | float, capacity: float, *, drop_per_day: float,
                      approve_rate: float = 1.0, days: int | None = None, spread_days: int = 1) -> pd.DataFrame:
    """一波申请涌进来、每天只办得完一部分：排队的人每天有一部分等不及走掉（去了别的银行、网贷），办了的里面有一部分批不下来。

    ``arrivals``：每天新来的申请（第 1 个数是第 1 天）；给一个总数时，平均分到前 ``spread_days`` 天
    （分批通知：按科室、按车间分几天发）；``capacity``：每天最多办完几笔（调查、核实、签约）；
    ``drop_per_day``：还在排队的人每过一天走掉的比例（0–1，教学假设，可以用实际走掉的人数反推）；
    ``approve_rate``：办完的里面批下来的比例。按先来先办：第 t 天 办完 ＝ min(排队, 能力)；
    没办到的人过了这一天，有 ``drop_per_day`` 走掉。``days`` 不给时算到队排空（最多 120 天）。

    每天一行：新来、排队（当天开始时）、办完、批下来、走掉、剩下；attrs：``申请``、``办完``、``批下来``、``走掉``、
    ``走掉的比例``、``排空天数``（最后一个有人排队的日子；没排空为 None）、``平均等待天数``（办完的人从申请到办完的平均天数，
    按先来先办估算）。
    """
    if isinstance(arrivals, (int, float, np.integer, np.floating)) and not isinstance(arrivals, bool):
        total_in = require_non_negative(arrivals, "申请总数")
        k = require_int(spread_days, "分几天通知", minimum=1, maximum=60)
        arrivals = [total_in / k] * k
    if isinstance(arrivals, (str, bytes, Mapping)) or not hasattr(arrivals, "__iter__"):
        raise InputError("每天的申请", "应为每天一个数的列表，或一个总数", arrivals)
    arr = [require_non_negative(v, f"第 {i} 天的申请") for i, v in enumerate(list(arrivals), start=1)]
    if not arr:
        raise InputError("每天的申请", "至少给一天")
    if len(arr) > 120:
        raise InputError("每天的申请", "超过 120 天，请检查", len(arr))
    cap = require_non_negative(capacity, "每天办得完几笔")
    if cap > 1e6:
        raise InputError("每天办得完几笔", "大得不合理", capacity)
    drop = require_fraction(drop_per_day, "每天走掉的比例")
    ok = require_fraction(approve_rate, "批准率")
    horizon = 120 if days is None else require_int(days, "测算天数", minimum=1, maximum=365)
    horizon = max(horizon, len(arr)) if days is None else horizon
    # 按到达日分批排队（先来先办），每批单独记人数，才能算等待天数
    cohorts: list[list[float]] = []
    rows, waits, done_total = [], 0.0, 0.0
    last_busy = None
    for t in range(1, horizon + 1):
        new = arr[t - 1] if t <= len(arr) else 0.0
        if new > 0:
            cohorts.append([t, new])
        queue = sum(c[1] for c in cohorts)
        left_cap, done = cap, 0.0
        for c in cohorts:
            take = min(c[1], left_cap)
            c[1] -= take
            left_cap -= take
            done += take
            waits += take * (t - c[0])
            if left_cap <= 1e-12:
                break
        dropped = 0.0
        for c in cohorts:
            gone = c[1] * drop
            c[1] -= gone
            dropped += gone
        cohorts = [c for c in cohorts if c[1] > 1e-9]
        remain = sum(c[1] for c in cohorts)
        done_total += done
        if queue > 1e-9:
            last_busy = t
        rows.append({"第几天": t, "新来": new, "排队": queue, "办完": done, "批下来": done * ok, "走掉": dropped,
                     "剩下": remain})
        if days is None and t >= len(arr) and remain <= 1e-9:
            break
    out = pd.DataFrame(rows).set_index("第几天")
    total = float(sum(arr))
    out.attrs.update({"申请": total, "办完": float(out["办完"].sum()), "批下来": float(out["批下来"].sum()),
                      "走掉": float(out["走掉"].sum()),
                      "走掉的比例": float(out["走掉"].sum() / total) if total > 0 else 0.0,
                      "排空天数": last_busy if out["剩下"].iloc[-1] <= 1e-9 else None,
                      "平均等待天数": waits / done_total if done_total > 0 else 0.0})
    return out


def book_concentration(book: Any, *, top: int = 10, leave_group: str | None = None, leave_share: float = 1.0) -> pd.DataFrame:
    """读一本客户经理的管户：“管户规模”（存款日均 ＋ 贷款余额）和一年贡献，各有多少压在几个关系组上。

    ``book`` 每户（或每一类客户的合计）一行：``客户``、``关系组``（同一家人、同一个集团、同一个单位记成一组）、
    ``类型``（如 机构、小微企业、个体工商户、个人）、``户数``、``存款日均``（元）、``贷款余额``（元）、``年贡献``（元）、
    ``来源``（如 分配、继承、转介绍、扫街）。

    按关系组汇总，每组一行：户数、管户规模、占比、年贡献、贡献占比、类型、来源，按管户规模从大到小排。
    attrs：``管户规模``、``年贡献``、``前几组占比``（前 ``top`` 组的规模占比）、``最大一组占比``、``HHI``（各组规模占比的平方和）、
    ``小微与个人户数``、``按来源``（{来源: 规模占比}）；给了 ``leave_group`` 时，还有 ``走掉后规模``、``走掉后贡献``
    （这一组走掉 ``leave_share`` 比例以后剩下的）。
    """
    b = _frame(book, "管户表", ["客户", "关系组", "类型", "户数", "存款日均", "贷款余额", "年贡献", "来源"])
    if b.empty:
        raise InputError("管户表", "没有客户")
    for col in ("客户", "关系组", "类型", "来源"):
        if b[col].isna().any() or b[col].astype(str).str.strip().eq("").any():
            raise InputError(col, "有空白")
    num = {}
    for col in ("户数", "存款日均", "贷款余额"):
        v = numeric_column(b[col], col)
        if (v < 0).any():
            raise InputError(col, "不能为负数", float(v[v < 0].iloc[0]))
        if v.max() > 1e12:
            raise InputError(col, "超出合理范围，请检查单位是否为元", float(v.max()))
        num[col] = v.to_numpy(float)
    contrib = numeric_column(b["年贡献"], "年贡献")
    if contrib.abs().max() > 1e11:
        raise InputError("年贡献", "超出合理范围，请检查单位是否为元", float(contrib.abs().max()))
    k = require_int(top, "前几组", minimum=1, maximum=1_000)
    df = pd.DataFrame({"关系组": b["关系组"].astype(str).str.strip().to_numpy(), "户数": num["户数"],
                       "管户规模": num["存款日均"] + num["贷款余额"], "年贡献": contrib.to_numpy(float),
                       "类型": b["类型"].astype(str).to_numpy(), "来源": b["来源"].astype(str).to_numpy()})
    total, value = float(df["管户规模"].sum()), float(df["年贡献"].sum())
    if total <= 0:
        raise InputError("管户表", "存款和贷款合计为 0，无从谈集中度")
    g = df.groupby("关系组", sort=False).agg(户数=("户数", "sum"), 管户规模=("管户规模", "sum"), 年贡献=("年贡献", "sum"),
                                           类型=("类型", lambda s: "、".join(dict.fromkeys(s))),
                                           来源=("来源", lambda s: "、".join(dict.fromkeys(s))))
    g["占比"] = g["管户规模"] / total
    g["贡献占比"] = g["年贡献"] / value if value else 0.0
    g = g.sort_values("管户规模", ascending=False, kind="stable")[["户数", "管户规模", "占比", "年贡献", "贡献占比",
                                                                   "类型", "来源"]]
    small = df["类型"].isin(["小微企业", "个体工商户", "农户", "个人"])
    by_source = (df.groupby("来源", sort=False)["管户规模"].sum() / total).sort_values(ascending=False)
    g.attrs.update({"管户规模": total, "年贡献": value, "前几组占比": float(g["占比"].iloc[:k].sum()),
                    "最大一组占比": float(g["占比"].iloc[0]), "HHI": float((g["占比"] ** 2).sum()),
                    "小微与个人户数": float(df.loc[small, "户数"].sum()),
                    "按来源": {str(i): float(v) for i, v in by_source.items()}})
    if leave_group is not None:
        key = str(leave_group).strip()
        if key not in g.index:
            raise InputError("走掉的关系组", "管户表里没有这一组", leave_group)
        share = require_fraction(leave_share, "走掉的比例")
        g.attrs["走掉后规模"] = total - share * float(g.loc[key, "管户规模"])
        g.attrs["走掉后贡献"] = value - share * float(g.loc[key, "年贡献"])
    return g


def first_contact_yield(contacts: Any, referrals: Any, *, by: str, min_tree: int = 5) -> pd.DataFrame:
    """扫街的第一批接触，后来各带来了多少客户：把转介绍连成树（networkx），按一个特征分组看谁“带出了一串”。

    ``contacts`` 每个首次接触一行：``编号``、``成为客户``（是/否），以及用来分组的列 ``by``（如 行业、回访次数档、
    当场办了什么）；``referrals`` 每条转介绍一行：``介绍人``、``被介绍人``（编号；被介绍人可以再介绍别人）。

    每个首次接触的“带来户数”＝ 转介绍树里他下面的全部户（各代都算）。按 ``by`` 分组，每组一行：首次接触、成为客户、
    成为客户比例、带来过客户的、带来户数、每个接触带来、带出一串的（带来户数 ≥ ``min_tree``）。attrs：
    ``带来户数合计``、``带出一串的``（[(编号, 带来户数)]，从多到少）、``一串占带来的比例``。
    """
    import networkx as nx

    if not isinstance(by, str) or not by.strip():
        raise InputError("分组的列", "应为首次接触表里的一个列名", by)
    c = _frame(contacts, "首次接触表", ["编号", "成为客户", by])
    if c.empty:
        raise InputError("首次接触表", "没有首次接触")
    ids = c["编号"].astype(str).str.strip()
    if ids.duplicated().any():
        raise InputError("编号", "有重复", ids[ids.duplicated()].iloc[0])
    if c[by].isna().any():
        raise InputError(by, "有空白")
    became = flag_column(c["成为客户"], "成为客户")
    r = _frame(referrals, "转介绍表", ["介绍人", "被介绍人"])
    k = require_int(min_tree, "带出一串的最少户数", minimum=1, maximum=10_000)
    g = nx.DiGraph()
    g.add_edges_from(zip(r["介绍人"].astype(str).str.strip(), r["被介绍人"].astype(str).str.strip()))
    if g.number_of_edges() and not nx.is_directed_acyclic_graph(g):
        raise InputError("转介绍表", "有循环介绍（甲介绍乙、乙又介绍甲），请核对")
    tree = np.array([len(nx.descendants(g, i)) if i in g else 0 for i in ids], dtype=float)
    df = pd.DataFrame({"组": c[by].astype(str).to_numpy(), "客户": np.asarray(became, dtype=bool), "带来": tree})
    out = df.groupby("组", sort=False).agg(首次接触=("客户", "size"), 成为客户=("客户", "sum"),
                                          带来过客户的=("带来", lambda s: int((s > 0).sum())), 带来户数=("带来", "sum"),
                                          带出一串的=("带来", lambda s: int((s >= k).sum())))
    out["成为客户比例"] = out["成为客户"] / out["首次接触"]
    out["每个接触带来"] = out["带来户数"] / out["首次接触"]
    out = out[["首次接触", "成为客户", "成为客户比例", "带来过客户的", "带来户数", "每个接触带来", "带出一串的"]]
    out = out.sort_values("每个接触带来", ascending=False, kind="stable")
    out.index.name = by
    big = sorted(((i, int(t)) for i, t in zip(ids, tree) if t >= k), key=lambda x: -x[1])
    total = float(tree.sum())
    out.attrs.update({"带来户数合计": total, "带出一串的": big,
                      "一串占带来的比例": (sum(t for _, t in big) / total) if total > 0 else 0.0})
    return out


def settlement_credit_link(bank: Any, bins: int = 5,
                           kinds: Sequence[str] = ("个体工商户", "小微企业主", "小微企业")) -> pd.DataFrame:
    """结算与信贷的关系：把做生意的客户按 2024 年月均结算入账分成 ``bins`` 档（人数相等），
    每档一行：户数、月均入账中位数、截止日有在贷贷款的比例，以及（有 outcomes 表时）留出期申请率。

    结算点放在本行，流水就在本行：入账越多的档，在本行借款的比例通常越高——这是“先结算、后信贷”的依据。
    """
    t = _tables(bank, {"settlement": ["customer_id", "inflow"], "population": ["person_id", "kind"],
                       "loans": ["customer_id", "status"]})
    b = require_int(bins, "档数", minimum=2, maximum=20)
    st = t["settlement"]
    avg = st.groupby(_s(st["customer_id"]))["inflow"].mean()
    pop = t["population"]
    kind = pd.Series(_s(pop["kind"]).to_numpy(), index=_s(pop["person_id"]).to_numpy())
    if isinstance(kinds, (str, bytes)) or not hasattr(kinds, "__iter__"):
        raise InputError("客户类型", "应为类型名称的列表", type(kinds).__name__)
    avg = avg[kind.reindex(avg.index).isin([str(k) for k in kinds]).to_numpy()]
    if len(avg) < b:
        raise InputError("档数", f"做生意的客户只有 {len(avg)} 户，分不出 {b} 档", bins)
    loans = t["loans"]
    live = set(_s(loans.loc[loans["status"].astype(str).isin(["正常", "逾期"]), "customer_id"]))
    band = pd.qcut(avg.rank(method="first"), b, labels=[f"第 {i + 1} 档" for i in range(b)])
    df = pd.DataFrame({"档": band, "入账": avg, "在贷": avg.index.isin(live)})
    agg = {"户数": ("入账", "size"), "月均入账中位数": ("入账", "median"), "有在贷贷款的比例": ("在贷", "mean")}
    if isinstance(t.get("outcomes"), pd.DataFrame) and {"person_id", "applied"} <= set(t["outcomes"].columns):
        oc = t["outcomes"]
        ap = pd.Series(oc["applied"].to_numpy(bool), index=_s(oc["person_id"]).to_numpy())
        df["申请"] = ap.reindex(avg.index).fillna(False).to_numpy(bool)
        agg["留出期申请率"] = ("申请", "mean")
    out = df.groupby("档", observed=True).agg(**agg).reset_index()
    out.attrs["说明"] = "按 2024 年月均结算入账从低到高分档，每档人数相等"
    return out


def referral_tree(referrals: pd.DataFrame, root: str):
    """从一位介绍人出发的转介绍树（networkx 有向图），节点属性 ``depth`` 为代数。"""
    import networkx as nx

    rf = _frame(referrals, "转介绍表", ["referrer_id", "referred_id"])
    g = nx.DiGraph()
    g.add_edges_from(zip(_s(rf["referrer_id"]), _s(rf["referred_id"])))
    r = str(root).strip()
    if r not in g:
        raise InputError("介绍人编号", "没有转介绍记录", root)
    tree = g.subgraph({r} | nx.descendants(g, r)).copy()
    for node, dep in nx.single_source_shortest_path_length(tree, r).items():
        tree.nodes[node]["depth"] = dep
    return tree


def lookalikes(bank: Any, customer_id: str, top: int = 10) -> pd.DataFrame:
    """一位好客户的“相似的熟人”：他介绍来的人（整棵树）＋ 同客群同类型、与他有往来的人，按关系远近排序。"""
    import networkx as nx

    t = _tables(bank, {"population": ["person_id", "name", "kind", "cluster_id", "is_customer"],
                       "referrals": ["referrer_id", "referred_id"],
                       "trade_flows": ["payer_id", "payee_id", "amount"]})
    k = require_int(top, "人数", minimum=1)
    cid = str(customer_id).strip()
    pop = t["population"].assign(pid=lambda d: _s(d["person_id"])).set_index("pid")
    if cid not in pop.index:
        raise InputError("客户号", "不在客群全体里", customer_id)
    g = nx.Graph()
    rf = t["referrals"]
    g.add_edges_from(zip(_s(rf["referrer_id"]), _s(rf["referred_id"])), kind="介绍")
    tf = t["trade_flows"]
    g.add_edges_from(zip(_s(tf["payer_id"]), _s(tf["payee_id"])), kind="往来")
    if cid not in g:
        return pd.DataFrame(columns=["人员编号", "姓名", "类型", "是否客户", "关系步数", "同客群同类型"])
    dist = nx.single_source_shortest_path_length(g, cid, cutoff=2)
    me = pop.loc[cid]
    rows = []
    for node, dd in dist.items():
        if node == cid or node not in pop.index:
            continue
        r = pop.loc[node]
        same = (str(r["cluster_id"]) == str(me["cluster_id"])) and (str(r["kind"]) == str(me["kind"]))
        rows.append({"人员编号": node, "姓名": r["name"], "类型": str(r["kind"]), "是否客户": bool(r["is_customer"]),
                     "关系步数": dd, "同客群同类型": same})
    out = pd.DataFrame(rows, columns=["人员编号", "姓名", "类型", "是否客户", "关系步数", "同客群同类型"])
    return out.sort_values(["关系步数", "同客群同类型", "人员编号"], ascending=[True, False, True],
                           kind="stable").head(k).reset_index(drop=True)


# ========================================================================================== 代发 ====
PAYROLL_ROLES = pd.DataFrame([
    ("决策者", "老板（法定代表人）", "资金安全、贷款与结算便利、银行是否“帮得上忙”", "支行长与客户经理一起拜访，讲综合服务"),
    ("发起者", "财务负责人或人事", "发薪是否省事、出错少、报表好对", "演示批量代发流程与对账单"),
    ("经办者", "出纳", "每月操作是否麻烦、有问题找谁", "上门开通企业网银，留专人电话"),
    ("使用者", "全体员工", "到账时间、取现和转账是否方便、有没有实惠", "发薪日驻点办卡、开手机银行、讲工资理财"),
], columns=["角色", "通常是谁", "最关心", "怎么打动"])


def payroll_value(employees: pd.DataFrame, deposit_spread: float = 0.012, card_income: float = 150.0,
                  loan_margin: float = 0.03, avg_consumer_loan: float = 50_000.0, wealth_fee: float = 0.004,
                  payroll_fee: float = 60.0) -> pd.DataFrame:
    """一家（或多家）代发企业的员工按分群（月光族、普通员工、资深员工、骨干）带来的年贡献。

    存款 × 存款利差 ＋ 信用卡张数 × 每卡年收入 ＋ 消费贷笔数 × 户均 × 净收益率 ＋ 理财 × 费率 ＋ 人数 × 代发手续费。
    只算 ``payroll_at_bank`` 为真的员工；另给出人数、人均贡献。
    """
    e = _frame(employees, "员工表", ["segment", "payroll_at_bank", "avg_deposit", "credit_card", "consumer_loan",
                                    "wealth_balance"])
    e = _numeric(e, ["avg_deposit", "wealth_balance"], "员工表")
    for c in ("payroll_at_bank", "credit_card", "consumer_loan"):
        e[c] = flag_column(e[c], f"员工表的“{c}”列")
    ds = require_fraction(deposit_spread, "存款利差", low=-1.0)
    ci = require_non_negative(card_income, "每卡年收入")
    lm = require_fraction(loan_margin, "消费贷净收益率", low=-1.0)
    acl = require_non_negative(avg_consumer_loan, "户均消费贷")
    wf = require_fraction(wealth_fee, "理财费率")
    pf = require_non_negative(payroll_fee, "每人代发手续费")
    e = e[e["payroll_at_bank"].astype(bool)]
    seg = e["segment"].astype(str)
    agg = pd.DataFrame({
        "人数": e.groupby(seg).size(),
        "存款": e.groupby(seg)["avg_deposit"].sum(),
        "信用卡": e.groupby(seg)["credit_card"].sum(),
        "消费贷": e.groupby(seg)["consumer_loan"].sum(),
        "理财": e.groupby(seg)["wealth_balance"].sum(),
    }).reindex(["月光族", "普通员工", "资深员工", "骨干"]).fillna(0)
    agg["年贡献"] = _payroll_income(agg["存款"], agg["信用卡"], agg["消费贷"], agg["理财"], ds, ci, acl, lm, wf) \
        + agg["人数"] * pf
    agg["人均贡献"] = agg["年贡献"] / agg["人数"].where(agg["人数"] > 0)
    agg.index.name = "分群"
    return agg


def _payroll_income(deposit, cards, loans, wealth, ds, ci, acl, lm, wf):
    """代发员工的产品收入：存款 × 利差 ＋ 信用卡 × 每卡年收入 ＋ 消费贷笔数 × 户均 × 净收益率 ＋ 理财 × 费率。"""
    return deposit * ds + cards * ci + loans * acl * lm + wealth * wf


PAYROLL_SEGMENTS = ("月光族", "普通员工", "资深员工", "骨干")


def payroll_profile(employees: pd.DataFrame) -> pd.DataFrame:
    """本行现有代发员工按分群的“画像”：拿来估计一家新代发单位的员工会带来什么。

    只看 ``payroll_at_bank`` 为真的员工。每个分群一行（没有人的分群不列）：人数、月薪中位数、
    存款留存（月薪倍数）＝ 分群存款合计 ÷ 分群月薪合计，信用卡、消费贷、理财的持有率，
    理财持有额（月薪倍数）＝ 持有理财者的理财合计 ÷ 他们的月薪合计。用倍数而不是金额，是因为
    新单位的工资水平和本行现有代发企业不同：留存多少跟着工资走。
    """
    e = _frame(employees, "员工表", ["segment", "payroll_at_bank", "monthly_salary", "avg_deposit", "credit_card",
                                    "consumer_loan", "wealth_balance"])
    e = _numeric(e, ["monthly_salary", "avg_deposit", "wealth_balance"], "员工表")
    for c in ("payroll_at_bank", "credit_card", "consumer_loan"):
        e[c] = flag_column(e[c], f"员工表的“{c}”列")
    if (e[["monthly_salary", "avg_deposit", "wealth_balance"]] < 0).any().any():
        raise InputError("员工表", "月薪、存款、理财不能为负数")
    e = e[e["payroll_at_bank"].astype(bool)]
    seg = pd.Series([str(x) for x in e["segment"]], index=e.index, dtype=object)
    bad = set(seg) - set(PAYROLL_SEGMENTS)
    if bad:
        raise InputError("员工表的“segment”列", f"分群应为 {'、'.join(PAYROLL_SEGMENTS)} 之一，收到：{'、'.join(sorted(bad))}")
    rows = []
    for name in PAYROLL_SEGMENTS:
        g = e[seg == name]
        if g.empty:
            continue
        salary = float(g["monthly_salary"].sum())
        if salary <= 0:
            raise InputError("员工表的“monthly_salary”列", f"分群“{name}”的月薪合计为 0，无法折算倍数")
        holders = g[g["wealth_balance"] > 0]
        h_salary = float(holders["monthly_salary"].sum())
        rows.append({"分群": name, "人数": len(g), "月薪中位数": float(g["monthly_salary"].median()),
                     "存款留存（月薪倍数）": float(g["avg_deposit"].sum()) / salary,
                     "信用卡持有率": float(g["credit_card"].mean()), "消费贷持有率": float(g["consumer_loan"].mean()),
                     "理财持有率": len(holders) / len(g),
                     "理财持有额（月薪倍数）": float(holders["wealth_balance"].sum()) / h_salary if h_salary > 0 else 0.0})
    if not rows:
        raise InputError("员工表", "没有在本行代发的员工，无从做画像")
    return pd.DataFrame(rows).set_index("分群")


_PROFILE_COLS = ("存款留存（月薪倍数）", "信用卡持有率", "消费贷持有率", "理财持有率", "理财持有额（月薪倍数）")


def _per_segment(values: Any, segs: Sequence[str], name: str) -> dict[str, float]:
    """{分群: 比例}：花名册里的每个分群都要有、不能多出花名册里没有的分群，每个值在 0 到 1 之间。"""
    given = _mapping(values, name)
    out = {}
    for s in segs:
        if s not in given:
            raise InputError(name, f"缺少分群“{s}”")
        out[s] = require_fraction(given[s], f"{name}（{s}）")
    extra = set(map(str, given)) - set(segs)
    if extra:
        raise InputError(name, "花名册里没有这些分群：" + "、".join(sorted(extra)))
    return out


def payroll_projection(roster: pd.DataFrame, profile: pd.DataFrame, adoption: Mapping[str, float], *,
                       effort_days: Mapping[str, float] | None = None, params: Any = None,
                       loan_margin: float = 0.03, avg_consumer_loan: float = 50_000.0) -> pd.DataFrame:
    """一家还没在本行代发的单位，拿下代发后每个分群一年带来多少（综合贡献度口径，教学模型）。

    - ``roster``：单位的员工花名册汇总，列为“分群、人数、月薪”（月薪为该分群的平均月薪，元）；
    - ``profile``：:func:`payroll_profile` 的结果（本行现有代发员工的画像），花名册里的分群都要有；
    - ``adoption``：{分群: 主账户转化率}——工资进来后真把本行卡当主账户用（留钱、办卡、买理财）的比例；
      其余的人工资一到账就转走（“过路卡”），只带来代发本身。
    - ``effort_days``：{分群: 每转化一人要花的客户经理人天}，给了就算“所需人天”和“每人天贡献”。
    - ``params``：:class:`coursekit.contribution.ContributionParams`（或字典），用其中的活期 FTP 与活期利率之差作
      存款利差，每卡年收入、理财代销费率，以及每户运营成本、每人代发成本、每人代发收费。

    每个分群：转化人数 ＝ 人数 × 转化率；存款 ＝ 转化人数 × 月薪 × 存款留存倍数；信用卡、消费贷 ＝ 转化人数 ×
    持有率；理财 ＝ 转化人数 × 理财持有率 × 月薪 × 理财持有额倍数。转化带来的收入按 :func:`payroll_value` 的
    公式；账户与代发净成本 ＝ 全部人数 ×（每人代发收费 − 每户运营成本 − 每人代发成本）——过路卡也要开户、也要发薪。
    年贡献 ＝ 两者之和。结果是期望值（转化人数可以带小数）。
    """
    from .contribution import _as_params

    p = _as_params(params)
    r = _frame(roster, "花名册", ["分群", "人数", "月薪"])
    r = _numeric(r, ["人数", "月薪"], "花名册")
    if r.empty:
        raise InputError("花名册", "不能为空")
    segs = pd.Series([str(x).strip() for x in r["分群"]], index=r.index, dtype=object)
    if segs.duplicated().any():
        raise InputError("花名册的“分群”列", "有重复的分群：" + "、".join(sorted(set(segs[segs.duplicated()]))))
    if (r["人数"] < 0).any() or (r["月薪"] < 0).any():
        raise InputError("花名册", "人数、月薪不能为负数")
    if (r["人数"] > 1_000_000).any() or (r["月薪"] > 1e7).any():
        raise InputError("花名册", "人数或月薪过大，请检查单位（月薪以元计）")
    prof = _frame(profile, "代发画像", list(_PROFILE_COLS))
    if not prof.index.is_unique:
        raise InputError("代发画像", "分群（行名）有重复")
    prof = _numeric(prof[list(_PROFILE_COLS)], list(_PROFILE_COLS), "代发画像")
    prof.index = [str(x) for x in prof.index]
    missing = [s for s in segs if s not in prof.index]
    if missing:
        raise InputError("代发画像", "缺少分群：" + "、".join(missing))
    rate = _per_segment(adoption, segs, "主账户转化率")
    effort = None
    if effort_days is not None:
        ef = _mapping(effort_days, "每人所需人天")
        effort = {}
        for s in segs:
            if s not in ef:
                raise InputError("每人所需人天", f"缺少分群“{s}”")
            effort[s] = require_non_negative(ef[s], f"每人所需人天（{s}）")
            if 0 < effort[s] < 0.01:
                raise InputError(f"每人所需人天（{s}）", "小于 0.01 人天（不到 5 分钟），请检查单位是否为人天", ef[s])
            if effort[s] > 30:
                raise InputError(f"每人所需人天（{s}）", "超过 30 人天，请检查单位", ef[s])
    lm = require_fraction(loan_margin, "消费贷净收益率", low=-1.0)
    acl = require_non_negative(avg_consumer_loan, "户均消费贷")
    if acl > 1e7:
        raise InputError("户均消费贷", "过大，请检查单位是否为元", avg_consumer_loan)
    ds = p.ftp_demand - p.demand_rate
    pr = prof.loc[list(segs)]
    n = r["人数"].to_numpy(float)
    salary = r["月薪"].to_numpy(float)
    conv = n * np.array([rate[s] for s in segs])
    if (pr.to_numpy(float) < 0).any() or not np.isfinite(pr.to_numpy(float)).all():
        raise InputError("代发画像", "倍数与持有率应为不小于 0 的有限数")
    out = pd.DataFrame({"人数": n, "月薪": salary, "主账户转化率": [rate[s] for s in segs], "转化人数": conv},
                       index=pd.Index(list(segs), name="分群"))
    out["存款"] = conv * salary * pr["存款留存（月薪倍数）"].to_numpy(float)
    out["信用卡"] = conv * pr["信用卡持有率"].to_numpy(float)
    out["消费贷"] = conv * pr["消费贷持有率"].to_numpy(float)
    out["理财"] = conv * pr["理财持有率"].to_numpy(float) * salary * pr["理财持有额（月薪倍数）"].to_numpy(float)
    out["转化带来的收入"] = _payroll_income(out["存款"], out["信用卡"], out["消费贷"], out["理财"], ds,
                                     p.credit_card_income, acl, lm, p.wealth_commission_rate)
    out["账户与代发净成本"] = n * (p.payroll_fee_per_employee - p.cost_per_account - p.cost_per_payroll_employee)
    out["年贡献"] = out["转化带来的收入"] + out["账户与代发净成本"]
    out["转化者人均收入"] = np.where(conv > 0, out["转化带来的收入"] / np.where(conv > 0, conv, 1.0), 0.0)
    if effort is not None:
        out["所需人天"] = conv * np.array([effort[s] for s in segs])
        days = out["所需人天"].to_numpy(float)
        out["每人天收入"] = np.where(days > 0, out["转化带来的收入"] / np.where(days > 0, days, 1.0), 0.0)
    return out


def payroll_deal(projection: pd.DataFrame, *, annual_cost: float, one_off: float = 0.0,
                 ramp: Sequence[float] = (0.5, 0.8, 1.0), day_cost: float = 0.0) -> pd.DataFrame:
    """代发合作几年的账：每年一行，员工带来的贡献减去为拿下代发付出的投入，逐年累计。

    - ``projection``：:func:`payroll_projection` 的结果（转化全部到位时的一年）；
    - ``annual_cost``：每年的投入（冠名奖教金、驻点服务的人力等，元）；``one_off``：第 1 年的一次性投入；
    - ``ramp``：每年转化到位的比例（第 1 年半数人还在观望……），年数 ＝ ``len(ramp)``，不能往回降；
    - ``day_cost``：客户经理一个人天的成本（元）。测算里有“所需人天”时，转化工作的人天按每年新到位的
      比例记账：当年人天成本 ＝（当年到位比例 − 上年到位比例）× 所需人天合计 × ``day_cost``。

    每年 员工贡献 ＝ 转化带来的收入 × 到位比例 ＋ 账户与代发净成本（卡从第一个月起就全员开了）；
    净贡献 ＝ 员工贡献 − 每年投入 − 转化人天成本 −（第 1 年）一次性投入。
    """
    pj = _frame(projection, "代发测算", ["转化带来的收入", "账户与代发净成本"])
    pj = _numeric(pj, ["转化带来的收入", "账户与代发净成本"], "代发测算")
    cost = require_non_negative(annual_cost, "每年投入")
    once = require_non_negative(one_off, "一次性投入")
    if cost > 1e10 or once > 1e10:
        raise InputError("每年投入", "过大，请检查单位是否为元", annual_cost)
    if isinstance(ramp, (str, bytes, Mapping)) or not hasattr(ramp, "__iter__"):
        raise InputError("到位比例", "应为每年一个比例的列表，如 (0.5, 0.8, 1.0)", ramp)
    rp = [require_fraction(x, "到位比例") for x in ramp]
    if not 1 <= len(rp) <= 10:
        raise InputError("到位比例", "应为 1 到 10 年", ramp)
    if any(b < a for a, b in zip(rp, rp[1:])):
        raise InputError("到位比例", "应逐年不减（已转化的人不算流失）", ramp)
    dc = require_non_negative(day_cost, "人天成本")
    if dc > 1e6:
        raise InputError("人天成本", "过大，请检查单位是否为元", day_cost)
    days = float(numeric_column(pj["所需人天"], "代发测算的“所需人天”列").sum()) if "所需人天" in pj.columns else 0.0
    income = float(pj["转化带来的收入"].sum())
    fixed = float(pj["账户与代发净成本"].sum())
    rows, cum, prev = [], 0.0, 0.0
    for i, x in enumerate(rp):
        staff = income * x + fixed
        work = (x - prev) * days * dc
        prev = x
        net = staff - cost - work - (once if i == 0 else 0.0)
        cum += net
        rows.append({"年份": f"第 {i + 1} 年", "到位比例": x, "员工贡献": staff, "每年投入": cost,
                     "转化人天成本": work, "一次性投入": once if i == 0 else 0.0, "净贡献": net, "累计净贡献": cum})
    return pd.DataFrame(rows)


def payroll_main_share(employees: pd.DataFrame, *, months: float = 0.5) -> pd.DataFrame:
    """一家已在本行代发的单位：每个分群有多少人真把工资卡当主账户用，多少是“过路卡”。

    判定（教学口径，可改）：日均存款不少于 ``months`` 个月的月薪，或在本行持有理财、消费贷之一，记为主账户；
    其余的人工资一到账就转走。只看 ``payroll_at_bank`` 为真的员工。

    返回每个分群一行（按月光族、普通员工、资深员工、骨干的顺序，没有人的分群不列），列为
    “分群、人数、月薪（平均）、主账户人数、主账户占比”——前三列正好是 :func:`payroll_projection` 要的花名册。
    """
    e = _frame(employees, "员工表", ["segment", "payroll_at_bank", "monthly_salary", "avg_deposit",
                                    "consumer_loan", "wealth_balance"])
    e = _numeric(e, ["monthly_salary", "avg_deposit", "wealth_balance"], "员工表")
    for c in ("payroll_at_bank", "consumer_loan"):
        e[c] = flag_column(e[c], f"员工表的“{c}”列")
    m = require_non_negative(months, "主账户的存款门槛（月薪倍数）")
    if m > 24:
        raise InputError("主账户的存款门槛（月薪倍数）", "超过 24 个月的月薪，请检查", months)
    if (e[["monthly_salary", "avg_deposit", "wealth_balance"]] < 0).any().any():
        raise InputError("员工表", "月薪、存款、理财不能为负数")
    e = e[e["payroll_at_bank"].astype(bool)]
    if e.empty:
        raise InputError("员工表", "没有在本行代发的员工")
    seg = pd.Series([str(x) for x in e["segment"]], index=e.index, dtype=object)
    bad = set(seg) - set(PAYROLL_SEGMENTS)
    if bad:
        raise InputError("员工表的“segment”列", f"分群应为 {'、'.join(PAYROLL_SEGMENTS)} 之一，收到：{'、'.join(sorted(bad))}")
    main = (e["avg_deposit"] >= m * e["monthly_salary"]) | (e["wealth_balance"] > 0) | e["consumer_loan"].astype(bool)
    rows = []
    for name in PAYROLL_SEGMENTS:
        g = seg == name
        if g.any():
            n = int(g.sum())
            k = int(main[g].sum())
            rows.append({"分群": name, "人数": n, "月薪": float(e.loc[g, "monthly_salary"].mean()),
                         "主账户人数": k, "主账户占比": k / n})
    return pd.DataFrame(rows)


def payroll_benefits(roster: pd.DataFrame, profile: pd.DataFrame, base: Mapping[str, float],
                     benefits: Mapping[str, Mapping[str, Any]], *, params: Any = None,
                     together: Sequence[str] | None = None) -> pd.DataFrame:
    """已在本行代发的员工，配哪项权益最值：每项一年多出多少主账户、多带来多少、花多少（教学模型）。

    - ``roster``：花名册汇总，列为“分群、人数、月薪”（:func:`payroll_main_share` 的结果可直接用）；
    - ``profile``：:func:`payroll_profile` 的结果；``base``：{分群: 现在的主账户占比}；
    - ``benefits``：{权益名称: {"uplift": {分群: 这个分群的过路卡里有多少转成主账户（0.40 表示四成）},
      "per_head": 每人每年成本（元，按全部人数算——卡面、礼品人人都有）, "per_user": 每位主账户用户每年的成本
      （元，按用了这项权益后的全部主账户人数算——手续费减免、代付的取款费只花在真用的人身上）, "fixed": 每年固定成本（元）}}；
    - ``together``：几项权益的名称；给了就多一行“组合”：各项对同一批过路卡分别起作用，
      转过来的比例 ＝ 1 −（1 − 甲）×（1 − 乙）…，成本相加。

    每项：新占比 ＝ 原占比 ＋（1 − 原占比）× 转过来的比例；新增主账户人数 ＝ Σ 人数 ×（新占比 − 原占比）；新增收入 ＝ :func:`payroll_projection` 在新占比下与原占比下
    “转化带来的收入”之差；年成本 ＝ per_head × 全部人数 ＋ per_user × 新的主账户人数 ＋ fixed；净增贡献 ＝ 新增收入 − 年成本；
    每新增一户主账户的成本 ＝ 年成本 ÷ 新增主账户人数（没有新增时为空）。
    """
    r = _frame(roster, "花名册", ["分群", "人数", "月薪"])
    segs = [str(x).strip() for x in r["分群"]]
    start = _per_segment(base, segs, "现在的主账户占比")
    bs = _mapping(benefits, "权益")
    if not bs:
        raise InputError("权益", "至少给一项")
    before = payroll_projection(r, profile, start, params=params)
    heads = float(before["人数"].sum())
    specs = {}
    for name, spec in bs.items():
        label = require_text(name, "权益名称")
        sp = _mapping(spec, f"权益“{label}”")
        unknown = set(map(str, sp)) - {"uplift", "per_head", "per_user", "fixed"}
        if unknown:
            raise InputError(f"权益“{label}”", "只认 uplift、per_head、per_user、fixed，多了：" + "、".join(sorted(unknown)))
        up = _mapping(sp.get("uplift", {}), f"权益“{label}”的 uplift")
        lift = {}
        for s, v in up.items():
            if str(s) not in start:
                raise InputError(f"权益“{label}”的 uplift", f"花名册里没有分群“{s}”")
            lift[str(s)] = require_fraction(v, f"权益“{label}”对{s}的提高")
        per_head = require_non_negative(sp.get("per_head", 0.0), f"权益“{label}”的每人每年成本")
        per_user = require_non_negative(sp.get("per_user", 0.0), f"权益“{label}”的每位用户每年成本")
        fixed = require_non_negative(sp.get("fixed", 0.0), f"权益“{label}”的每年固定成本")
        if per_head > 1e5 or per_user > 1e5 or fixed > 1e9:
            raise InputError(f"权益“{label}”的成本", "过大，请检查单位是否为元")
        specs[label] = (lift, per_head * heads + fixed, per_user)
    if together is not None:
        if isinstance(together, (str, bytes)) or not hasattr(together, "__iter__"):
            raise InputError("组合", "应为权益名称的列表", together)
        names = [str(x) for x in together]
        missing = [x for x in names if x not in specs]
        if missing or len(names) < 2 or len(set(names)) != len(names):
            raise InputError("组合", "应为至少两项、不重复、已列出的权益名称", together)
        lift = {s: 1.0 - float(np.prod([1.0 - specs[x][0].get(s, 0.0) for x in names])) for s in start}
        specs["组合：" + " ＋ ".join(names)] = (lift, sum(specs[x][1] for x in names), sum(specs[x][2] for x in names))
    income0 = float(before["转化带来的收入"].sum())
    rows = []
    for label, (lift, flat, per_user) in specs.items():
        new = {s: min(1.0, start[s] + (1.0 - start[s]) * lift.get(s, 0.0)) for s in start}
        after = payroll_projection(r, profile, new, params=params)
        gained = float((after["转化人数"] - before["转化人数"]).sum())
        cost = flat + per_user * float(after["转化人数"].sum())
        income = float(after["转化带来的收入"].sum()) - income0
        rows.append({"权益": label, "新增主账户人数": gained, "新增收入": income, "年成本": cost,
                     "净增贡献": income - cost,
                     "每新增一户主账户的成本": cost / gained if gained > 1e-9 else float("nan")})
    return pd.DataFrame(rows)


# ====================================================================================== 家庭财富 ====
def household_balance_sheet(assets: Mapping[str, float], liabilities: Mapping[str, float], annual_income: float,
                            annual_expenses: float, liquid: Sequence[str] = ("存款", "理财")) -> pd.DataFrame:
    """企业主家庭的资产负债表与几项检查比率（教学模型）。

    比率：资产负债率、流动资产够几个月开支、年结余率、经营资产占比（“鸡蛋都在一个篮子里”的程度）。
    年支出为 0 时，“流动资产可支撑月数”记为无穷大。
    """
    a = {str(k): require_non_negative(v, f"资产（{k}）") for k, v in _mapping(assets, "资产").items()}
    li = {str(k): require_non_negative(v, f"负债（{k}）") for k, v in _mapping(liabilities, "负债").items()}
    inc = require_non_negative(annual_income, "家庭年收入")
    exp = require_non_negative(annual_expenses, "家庭年支出")
    if isinstance(liquid, (str, bytes)) or not hasattr(liquid, "__iter__"):
        raise InputError("流动资产项目", "应为项目名称的列表", type(liquid).__name__)
    liquid = [str(k) for k in liquid]
    if not a:
        raise InputError("资产", "至少填一项")
    ta, tl = sum(a.values()), sum(li.values())
    liq = sum(v for k, v in a.items() if k in liquid)
    biz = sum(v for k, v in a.items() if "经营" in k or "企业" in k)
    rows = [("资产", k, v) for k, v in a.items()] + [("负债", k, v) for k, v in li.items()]
    rows += [("合计", "总资产", ta), ("合计", "总负债", tl), ("合计", "净资产", ta - tl)]
    checks = [("比率", "资产负债率", tl / ta if ta else 0.0),
              ("比率", "流动资产可支撑月数", liq * 12 / exp if exp > 0 else math.inf),
              ("比率", "年结余率", (inc - exp) / inc if inc > 0 else 0.0),
              ("比率", "经营资产占比", biz / ta if ta else 0.0)]
    out = pd.DataFrame(rows + checks, columns=["类别", "项目", "数值"])
    out.attrs["说明"] = TEACHING_MODEL_NOTE
    return out


def policy_review(policies: pd.DataFrame, annual_income: float, debts: float, dependants_years: float = 10.0,
                  ci_multiple: float = 3.0) -> pd.DataFrame:
    """保单检视（教学模型，不构成保险建议）：按常见的“双十”与重疾经验法则看保障缺口。

    ``policies`` 至少有“被保险人”“险种”（寿险 / 重疾 / 意外 / 医疗 / 年金）“保额”三列。
    寿险需要 ＝ 年收入 × ``dependants_years`` ＋ 负债；重疾需要 ＝ 年收入 × ``ci_multiple``；
    意外需要 ＝ 寿险需要；医疗看有无。缺口为正说明保障不足。
    """
    p = _frame(policies, "保单表", ["被保险人", "险种", "保额"])
    inc = require_non_negative(annual_income, "年收入")
    debt = require_non_negative(debts, "负债")
    dy = require_non_negative(dependants_years, "家人需要支撑的年数")
    cm = require_non_negative(ci_multiple, "重疾保额倍数")
    if p["险种"].isna().any():
        raise InputError("险种", "有保单没有填险种（应为 寿险、重疾、意外、医疗、年金 之一）")
    p = p.assign(保额=numeric_column(p["保额"], "保额"))
    bad = set(p["险种"].astype(str)) - {"寿险", "重疾", "意外", "医疗", "年金"}
    if bad:
        raise InputError("险种", f"应为 寿险、重疾、意外、医疗、年金 之一，收到：{'、'.join(sorted(bad))}")
    have = p.groupby(p["险种"].astype(str))["保额"].sum()
    life_need = inc * dy + debt
    need = {"寿险": life_need, "重疾": inc * cm, "意外": life_need}
    rows = []
    for kind_, n_ in need.items():
        h = float(have.get(kind_, 0.0))
        rows.append({"险种": kind_, "需要": n_, "已有": h, "缺口": max(n_ - h, 0.0),
                     "提示": "够了" if h >= n_ else "不足，先补这一项" if h < 0.5 * n_ else "略有不足"})
    med = float(have.get("医疗", 0.0))
    rows.append({"险种": "医疗", "需要": np.nan, "已有": med, "缺口": np.nan,
                 "提示": "已有医疗险" if med > 0 else "没有医疗险：先补一份百万医疗类保障"})
    out = pd.DataFrame(rows)
    out.attrs["说明"] = TEACHING_MODEL_NOTE
    return out


__all__ += ["dealer_funding_gap"]


def dealer_funding_gap(dealers: Any, *, supermarket_days: float, shop_days: float = 7.0, prepay_days: float = 3.0,
                       stock_days: float = 1.0, purchase_months: float = 2.0, max_limit: float = 1_000_000.0,
                       step: float = 10_000.0) -> pd.DataFrame:
    """短保质期食品（包装面包、鲜奶）经销商的流动资金缺口与额度：钱压在哪里，额度就按哪里定。

    ``dealers`` 每行一户（或一类，给 ``户数`` 列时一行代表那么多户）：``经销商``、``月进货额``（元，付给品牌方）、
    ``商超月销售额``、``小店月销售额``（元，按经销商的出货价）、``自有资金``（元，投在这门生意里的本钱）。

    - 占用资金 ＝ 月进货额 ÷ 30 ×（``prepay_days`` 先款后货的预付天数 ＋ ``stock_days`` 库存天数）
      ＋ 商超月销售额 ÷ 30 × ``supermarket_days``（商超回款天数）＋ 小店月销售额 ÷ 30 × ``shop_days``；
    - 资金缺口 ＝ max(占用资金 − 自有资金, 0)；按缺口额度 ＝ min(资金缺口, ``max_limit``)，向下取整到 ``step``；
    - 对照：按进货额额度 ＝ min(月进货额 × ``purchase_months``, ``max_limit``)，向下取整到 ``step``——
      耐储商品经销商常用的“几个月进货额”，用在一两天就过期的货上，量的不是缺的钱。

    返回原表加 ``压在预付与库存``、``压在商超``、``压在小店``、``占用资金``、``资金缺口``、``按缺口额度``、
    ``按进货额额度``、``两种额度之差``（按进货额 − 按缺口）、``入选``（按缺口额度至少一个 ``step``）、``额度``（＝按缺口额度）。

    >>> t = pd.DataFrame({"经销商": ["甲"], "月进货额": [300_000], "商超月销售额": [300_000], "小店月销售额": [75_000],
    ...                   "自有资金": [100_000]})
    >>> r = dealer_funding_gap(t, supermarket_days=60)
    >>> int(r["占用资金"].iloc[0]), int(r["按缺口额度"].iloc[0]), int(r["按进货额额度"].iloc[0])
    (657500, 550000, 600000)
    """
    m, c = _screen_columns(dealers, "经销商表", "经销商", {"月进货额": _AMOUNT, "商超月销售额": _AMOUNT,
                                                    "小店月销售额": _AMOUNT, "自有资金": _AMOUNT})
    if "户数" in m.columns:
        n = numeric_column(m["户数"], "户数")
        if (n < 1).any() or (n != n.round()).any():
            raise InputError("户数", "应为不小于 1 的整数", float(n[(n < 1) | (n != n.round())].iloc[0]))
    days = {}
    for name, value in (("商超回款天数", supermarket_days), ("小店回款天数", shop_days), ("预付天数", prepay_days),
                        ("库存天数", stock_days)):
        d = require_non_negative(value, name)
        if d > 365:
            raise InputError(name, "超过 365 天，请检查单位是否为天", value)
        days[name] = d
    pm = require_non_negative(purchase_months, "进货额覆盖月数")
    if pm > 12:
        raise InputError("进货额覆盖月数", "超过 12 个月：额度已大于一年的进货额", purchase_months)
    cap, unit = _cap_and_step(max_limit, step)
    buy, sm, shop, own = (c[k].to_numpy(float) for k in ("月进货额", "商超月销售额", "小店月销售额", "自有资金"))
    out = m.copy()
    out["压在预付与库存"] = buy / 30 * (days["预付天数"] + days["库存天数"])
    out["压在商超"] = sm / 30 * days["商超回款天数"]
    out["压在小店"] = shop / 30 * days["小店回款天数"]
    out["占用资金"] = out["压在预付与库存"] + out["压在商超"] + out["压在小店"]
    out["资金缺口"] = np.maximum(out["占用资金"].to_numpy(float) - own, 0.0)
    out["按缺口额度"] = np.floor(np.minimum(out["资金缺口"].to_numpy(float), cap) / unit + 1e-9) * unit
    out["按进货额额度"] = np.floor(np.minimum(buy * pm, cap) / unit + 1e-9) * unit
    out["两种额度之差"] = out["按进货额额度"] - out["按缺口额度"]
    out["入选"] = out["按缺口额度"] >= unit
    out["额度"] = out["按缺口额度"]
    out.attrs.update({"商超回款天数": days["商超回款天数"], "进货额覆盖月数": pm})
    return out

__all__ += ["onsite_slot_reach"]


def onsite_slot_reach(roster: pd.DataFrame, base: Mapping[str, float], presence: Mapping[str, float],
                      conversion: Mapping[str, float], *, officers: int, minutes: float,
                      minutes_per_person: float, hour_cost: float = 0.0, travel_hours: float = 0.0,
                      gift_per_person: float = 0.0) -> pd.DataFrame:
    """代发单位的一场现场活动（一个时段）能接待多少“过路卡”员工、转过来多少主账户：谁在场，接待得过来多少。

    - ``roster``：花名册汇总，列为“分群、人数”（:func:`payroll_main_share` 的结果可直接用）；
    - ``base``：{分群: 现在的主账户占比}；过路卡 ＝ 人数 ×（1 − 占比）；
    - ``presence``：{分群: 这个时段人在单位、走得开的比例}——司机出车、工人在线上时不在场；
    - ``conversion``：{分群: 被接待到的过路卡员工里，转成主账户的比例}（教学假设，来自上一场或访谈）；
    - ``officers`` 位客户经理、时段 ``minutes`` 分钟、每接待一人 ``minutes_per_person`` 分钟：能接待的人数上限
      ＝ officers × minutes ÷ minutes_per_person。在场的过路卡员工多于上限时，各分群按在场人数等比例接待。

    返回每个分群一行：分群、过路卡、在场、接待、转成主账户、转过来的比例（＝ 转成主账户 ÷ 过路卡，没有过路卡时为 0，
    可直接作 :func:`payroll_benefits` 的 uplift）。``attrs["接待上限"]`` 为能接待的人数上限；``attrs["时段成本"]`` ＝
    officers ×（minutes ÷ 60 ＋ ``travel_hours``）× ``hour_cost`` ＋ ``gift_per_person`` × 接待人数合计（元）。
    结果是期望值（可带小数）。
    """
    r = _frame(roster, "花名册", ["分群", "人数"])
    r = _numeric(r, ["人数"], "花名册")
    if r.empty:
        raise InputError("花名册", "不能为空")
    segs = [str(x).strip() for x in r["分群"]]
    if len(set(segs)) != len(segs):
        raise InputError("花名册", "分群有重复")
    heads = [require_non_negative(v, f"花名册的人数（{s}）") for s, v in zip(segs, r["人数"])]
    if max(heads) > 1e6:
        raise InputError("花名册", "一个分群超过 100 万人，请检查", max(heads))
    start = _per_segment(base, segs, "现在的主账户占比")
    here = _per_segment(presence, segs, "在场比例")
    conv = _per_segment(conversion, segs, "转化率")
    n_off = require_int(officers, "客户经理人数", minimum=1, maximum=100)
    mins = require_positive(minutes, "时段长度（分钟）")
    if mins > 24 * 60:
        raise InputError("时段长度（分钟）", "一个时段不超过 24 小时", minutes)
    per = require_positive(minutes_per_person, "每接待一人的分钟数")
    if per < 1 or per > 240:
        raise InputError("每接待一人的分钟数", "应在 1 到 240 分钟之间", minutes_per_person)
    hc = require_non_negative(hour_cost, "每人每小时的人力成本")
    if hc > 10_000:
        raise InputError("每人每小时的人力成本", "超过每小时 1 万元，请检查单位", hour_cost)
    tr = require_non_negative(travel_hours, "往返路上的小时数")
    if tr > 24:
        raise InputError("往返路上的小时数", "超过 24 小时，请检查", travel_hours)
    gift = require_non_negative(gift_per_person, "每位接待者的礼品")
    if gift > 10_000:
        raise InputError("每位接待者的礼品", "超过 1 万元，请检查单位", gift_per_person)
    cap = n_off * mins / per
    passing = [h * (1 - start[s]) for s, h in zip(segs, heads)]
    present = [p * here[s] for s, p in zip(segs, passing)]
    total = sum(present)
    scale = min(1.0, cap / total) if total > 0 else 0.0
    rows = []
    for s, p, q in zip(segs, passing, present):
        served = q * scale
        won = served * conv[s]
        rows.append({"分群": s, "过路卡": p, "在场": q, "接待": served, "转成主账户": won,
                     "转过来的比例": won / p if p > 0 else 0.0})
    out = pd.DataFrame(rows, columns=["分群", "过路卡", "在场", "接待", "转成主账户", "转过来的比例"])
    out.attrs["接待上限"] = cap
    out.attrs["时段成本"] = n_off * (mins / 60 + tr) * hc + gift * float(out["接待"].sum())
    return out


__all__ += ["onsite_slots_compare"]


def onsite_slots_compare(roster: pd.DataFrame, base: Mapping[str, float], slots: Mapping[str, Mapping[str, Any]],
                         conversion: Mapping[str, float], *, hour_cost: float = 0.0, travel_hours: float = 0.0,
                         gift_per_person: float = 0.0) -> pd.DataFrame:
    """几个候选时段并排比较：每个时段调用一次 :func:`onsite_slot_reach`。

    ``slots``：{时段名称: {"presence": {分群: 在场比例}, "officers": 客户经理人数, "minutes": 分钟,
    "minutes_per_person": 每人分钟数}}，可另给 "conversion" 覆盖这个时段的转化率。
    返回每个时段一行：时段、接待上限、在场过路卡、接待、转成主账户、时段成本、每新增一户主账户的成本（没有新增时为空）。
    """
    sl = _mapping(slots, "候选时段")
    if not sl:
        raise InputError("候选时段", "至少给一个时段")
    rows = []
    for name, spec in sl.items():
        label = require_text(name, "时段名称")
        sp = _mapping(spec, f"时段“{label}”")
        missing = [k for k in ("presence", "officers", "minutes", "minutes_per_person") if k not in sp]
        if missing:
            raise InputError(f"时段“{label}”", "缺少 " + "、".join(missing))
        extra = [str(k) for k in sp if k not in ("presence", "officers", "minutes", "minutes_per_person", "conversion")]
        if extra:
            raise InputError(f"时段“{label}”", "不认识这些项：" + "、".join(extra))
        r = onsite_slot_reach(roster, base, sp["presence"], sp.get("conversion", conversion),
                              officers=sp["officers"], minutes=sp["minutes"],
                              minutes_per_person=sp["minutes_per_person"], hour_cost=hour_cost,
                              travel_hours=travel_hours, gift_per_person=gift_per_person)
        won = float(r["转成主账户"].sum())
        cost = float(r.attrs["时段成本"])
        rows.append({"时段": label, "接待上限": float(r.attrs["接待上限"]), "在场过路卡": float(r["在场"].sum()),
                     "接待": float(r["接待"].sum()), "转成主账户": won, "时段成本": cost,
                     "每新增一户主账户的成本": cost / won if won > 0 else float("nan")})
    out = pd.DataFrame(rows)
    if out["时段"].duplicated().any():
        raise InputError("候选时段", "时段名称重复")
    return out


__all__ += ["supplier_discount_gap"]


def supplier_discount_gap(annual_sales: float, *, gross_margin: float, stock_days: float, insurance_share: float,
                          insurance_lag_days: float, payable_days: float, discount_share: float, discount: float,
                          cash_days: float, annual_rate: float) -> pd.DataFrame:
    """零售药店（或其他有医保、平台等延迟回款的门店）拿供货商现款折扣的账：资金缺口怎么变，折扣扣掉利息还剩多少。

    一年按 360 天。进货额 ＝ 年销售额 ×（1 − 毛利率）。
    存货占用 ＝ 进货额 × 存货天数 ÷ 360（两种付款方式相同，按未折扣的进价计）；
    医保应收 ＝ 年销售额 × 医保结算占比 × 医保回款天数 ÷ 360；
    应付账款：现行账期 ＝ 进货额 × 账期天数 ÷ 360；现款拿折扣 ＝ 不拿折扣的那部分照旧 ＋
    进货额 × 拿折扣的份额 ×（1 − 折扣率）× 现款天数 ÷ 360；
    资金缺口 ＝ 存货占用 ＋ 医保应收 − 应付账款。
    年现金折扣 ＝ 进货额 × 拿折扣的份额 × 折扣率；新增利息 ＝（两行资金缺口之差）× 年利率；年净节省 ＝ 折扣 − 利息。

    返回两行（现行账期、现款拿折扣）。``attrs``：新增资金需求；放弃折扣的年化成本（折扣率 ÷（1 − 折扣率）×
    360 ÷（账期 − 现款天数））；盈亏平衡折扣率（年净节省为 0 的折扣率，＝ 年利率 ×（账期 − 现款天数）÷（360 − 年利率 × 现款天数））。
    医保回款天数只改变两行共同的医保应收：它决定额度要多大，不改变拿折扣划不划算。
    """
    sales = require_number(annual_sales, "年销售额")
    if sales <= 0:
        raise InputError("年销售额", "应大于 0（元）", annual_sales)
    if sales > 1e10:
        raise InputError("年销售额", "超过 100 亿元，请检查单位是否为元", annual_sales)
    gm = require_fraction(gross_margin, "毛利率", high=0.9)
    stock = require_non_negative(stock_days, "存货天数")
    share = require_fraction(insurance_share, "医保结算占比")
    lag = require_non_negative(insurance_lag_days, "医保回款天数")
    pay = require_non_negative(payable_days, "账期天数")
    for v, name in ((stock, "存货天数"), (lag, "医保回款天数"), (pay, "账期天数")):
        if v > 365:
            raise InputError(name, "不超过 365 天", v)
    ds = require_fraction(discount_share, "拿折扣的进货份额")
    d = require_fraction(discount, "现款折扣率", high=0.2)
    cash = require_non_negative(cash_days, "现款天数")
    if cash >= pay:
        raise InputError("现款天数", "应短于账期天数，否则谈不上提前付款", cash_days)
    rate = require_fraction(annual_rate, "年利率", high=0.36)

    purchases = sales * (1 - gm)
    inventory = purchases * stock / 360
    receivable = sales * share * lag / 360
    ap_now = purchases * pay / 360
    ap_cash = purchases * (1 - ds) * pay / 360 + purchases * ds * (1 - d) * cash / 360
    gap_now = inventory + receivable - ap_now
    gap_cash = inventory + receivable - ap_cash
    extra = gap_cash - gap_now
    saved = purchases * ds * d
    interest = extra * rate
    out = pd.DataFrame({
        "付款方式": ["现行账期", "现款拿折扣"],
        "存货占用": [inventory, inventory],
        "医保应收": [receivable, receivable],
        "应付账款": [ap_now, ap_cash],
        "资金缺口": [gap_now, gap_cash],
        "年现金折扣": [0.0, saved],
        "新增利息": [0.0, interest],
        "年净节省": [0.0, saved - interest],
    })
    out.attrs["新增资金需求"] = extra
    out.attrs["放弃折扣的年化成本"] = d / (1 - d) * 360 / (pay - cash)
    out.attrs["盈亏平衡折扣率"] = rate * (pay - cash) / (360 - rate * cash)
    return out
__all__ += ["objection_buyer_rates"]


def objection_buyer_rates(groups: Mapping[str, Any], *, z: float = 1.96) -> pd.DataFrame:
    """“嫌货才是买货人”的账：几组客户各自的成交率，带 Wilson 置信区间（样本小时区间很宽，要一起看）。

    ``groups``：``{组名: (人数, 成交数)}``，如 ``{"提出异议": (64, 22), "没提异议": (96, 9)}``；组名按给出的顺序成行。
    ``z``：置信区间的 z 值（1.96 为 95%）。

    返回每组一行：人数、成交、成交率、区间下限、区间上限。Wilson 区间：
    中心 ＝（p ＋ z²/2n）÷（1 ＋ z²/n），半宽 ＝ z × √(p(1−p)/n ＋ z²/4n²) ÷（1 ＋ z²/n）。
    两组的区间不重叠，才好说“差别不是碰巧”；重叠时只能说“方向如此，样本还小”。
    ``attrs["区间不重叠"]``：两组及以上时，任意两组的区间都不重叠为 True（只有一组时为 None）。

    >>> t = objection_buyer_rates({"提出异议": (64, 22), "没提异议": (96, 9)})
    >>> t["成交率"].round(4).tolist(), t.attrs["区间不重叠"]
    ([0.3438, 0.0938], True)
    """
    if not isinstance(groups, Mapping) or not groups:
        raise InputError("客户分组", "应为 {组名: (人数, 成交数)}，至少一组", groups)
    zz = require_number(z, "z 值")
    if not 0 < zz <= 5:
        raise InputError("z 值", "应在 0 到 5 之间（95% 置信为 1.96）", z)
    rows = []
    for name, pair in groups.items():
        if not isinstance(name, str) or not name.strip():
            raise InputError("组名", "应为非空文字", name)
        if isinstance(pair, (str, bytes)) or not hasattr(pair, "__len__") or len(pair) != 2:
            raise InputError(f"{name}", "应为（人数, 成交数）两个整数", pair)
        n = require_int(pair[0], f"{name}的人数", minimum=1)
        k = require_int(pair[1], f"{name}的成交数", minimum=0)
        if k > n:
            raise InputError(f"{name}的成交数", f"不能超过人数 {n}", k)
        p = k / n
        denom = 1 + zz * zz / n
        centre = (p + zz * zz / (2 * n)) / denom
        half = zz * math.sqrt(p * (1 - p) / n + zz * zz / (4 * n * n)) / denom
        rows.append({"组别": name, "人数": n, "成交": k, "成交率": p,
                     "区间下限": max(0.0, centre - half), "区间上限": min(1.0, centre + half)})
    out = pd.DataFrame(rows)
    spans = [(r["区间下限"], r["区间上限"]) for r in rows]
    out.attrs["区间不重叠"] = (None if len(spans) < 2 else
                            all(a[1] < b[0] or b[1] < a[0] for i, a in enumerate(spans) for b in spans[i + 1:]))
    return out


__all__ += ["cup_count_sales"]


def cup_count_sales(cups_per_day, *, staff_cups_per_day: float, cups_per_group: float, close_rate: float,
                    avg_order: float, open_days: int = 330, claimed_sales: float | None = None) -> pd.Series:
    """从门店一天用掉的纸杯估门店的年销售额（登门时看得见的一个数，教学示意的现场估算）。

    来客组数/天 ＝（每天用掉的纸杯 − 员工自己用的）÷ 每组来客用的杯子；年订单 ＝ 来客组数/天 × 营业天数 × 成交率；
    年销售额 ＝ 年订单 × 平均每单金额。给出 ``claimed_sales``（客户自报的年销售额）时，另列“自报未解释部分”＝ 自报 − 估算
    （为正说明门店客流解释不了，要问别的来源，如工程单；不是说客户在说假话）。

    >>> s = cup_count_sales(30, staff_cups_per_day=10, cups_per_group=2.5, close_rate=0.12, avg_order=15_000, open_days=330)
    >>> float(s["来客组数/天"]), round(float(s["年订单"]), 1), float(s["年销售额"])
    (8.0, 316.8, 4752000.0)
    """
    cups = require_non_negative(cups_per_day, "每天用掉的纸杯")
    if cups > 100_000:
        raise InputError("每天用掉的纸杯", "一家店一天用不了十万只纸杯，请核对", cups_per_day)
    staff = require_non_negative(staff_cups_per_day, "员工自己每天用的纸杯")
    if staff > cups:
        raise InputError("员工自己每天用的纸杯", f"不能多于每天用掉的纸杯 {cups:g}", staff_cups_per_day)
    per = require_number(cups_per_group, "每组来客用的杯子")
    if not 0.1 <= per <= 20:
        raise InputError("每组来客用的杯子", "应在 0.1 到 20 之间", cups_per_group)
    rate = require_fraction(close_rate, "成交率")
    order = require_non_negative(avg_order, "平均每单金额")
    if order > 1e8:
        raise InputError("平均每单金额", "不超过 1 亿元，请核对单位（元）", avg_order)
    days = require_int(open_days, "营业天数", minimum=1, maximum=366)
    groups = (cups - staff) / per
    orders = groups * days * rate
    sales = orders * order
    out = {"来客组数/天": groups, "年来客组数": groups * days, "年订单": orders, "年销售额": sales}
    if claimed_sales is not None:
        claim = require_non_negative(claimed_sales, "自报年销售额")
        if claim > 1e12:
            raise InputError("自报年销售额", "不超过 1 万亿元，请核对单位（元）", claimed_sales)
        out["自报年销售额"] = claim
        out["自报未解释部分"] = claim - sales
    return pd.Series(out, name="纸杯估算")


# ====================================================================== 开发商担保的按揭渠道 ====
DEVELOPER_STAGES = ("已办证", "已交房未办证", "在建", "停工")
__all__ += ["DEVELOPER_STAGES", "developer_channel_loss"]


def _stage_rates(rates: Any, field: str, stages: set) -> dict:
    if not isinstance(rates, Mapping):
        raise InputError(field, f"应为按阶段给出的比例（{'、'.join(DEVELOPER_STAGES)} → 0～1 的小数）")
    missing = sorted(stages - set(rates), key=DEVELOPER_STAGES.index)
    if missing:
        raise InputError(field, f"缺少阶段：{'、'.join(missing)}")
    return {k: require_fraction(rates[k], f"{field}（{k}）") for k in stages}


def developer_channel_loss(buildings: Any, *, stop_pay: Mapping[str, float], value_share: Mapping[str, float],
                           sale_cost: float = 0.15, guarantee_recovery: float = 0.0,
                           margin: float = 0.0) -> pd.DataFrame:
    """开发商出事时，一个楼盘的按揭贷款按楼栋算预计损失（教学模型，一个情景，不是概率加权）。

    ``buildings`` 每行一组楼栋：“楼栋”“阶段”（:data:`DEVELOPER_STAGES` 之一）“笔数”“贷款余额”“房屋市值”
    （这些房子建成、现在卖的市价合计，元）。对每组楼栋：

    - 停贷余额 ＝ 贷款余额 × ``stop_pay[阶段]``（停止还款的购房人所欠的余额）；
    - 押品回收 ＝ min(停贷余额，房屋市值 × 停贷比例 × ``value_share[阶段]`` ×（1 − ``sale_cost``））：
      已办证的房子按市价打折处置，只有预告登记、房子没建成的，只能按一个低得多的比例变现；
    - 阶段性担保只覆盖还没办好正式抵押登记的楼栋（阶段不是“已办证”；表里有“阶段性担保”列（是/否）时按该列，
      例如协议改成交房即解除担保的楼栋写“否”）：担保回收 ＝ 剩下的缺口 × ``guarantee_recovery``
      （开发商自己出了事，担保能收回的比例）；
    - 保证金（按揭保证金账户的余额 ``margin``）只抵有阶段性担保的楼栋的缺口，按各栋缺口的比例分摊，最多抵完缺口。

    返回每组楼栋一行，最后一行“合计”；列：楼栋、阶段、笔数、贷款余额、有阶段性担保、停贷余额、押品回收、担保回收、
    保证金抵扣、预计损失、损失占余额。
    """
    b = _frame(buildings, "楼栋表", ["楼栋", "阶段", "笔数", "贷款余额", "房屋市值"])
    if b.empty:
        raise InputError("楼栋表", "没有楼栋")
    stage = pd.Series([v if isinstance(v, str) else str(v) for v in b["阶段"]], index=b.index)   # 空格子也报成文字
    bad = sorted(set(stage) - set(DEVELOPER_STAGES))
    if bad:
        raise InputError("阶段", f"应为 {'、'.join(DEVELOPER_STAGES)} 之一，收到：{'、'.join(bad)}")
    n = numeric_column(b["笔数"], "笔数")
    bal = numeric_column(b["贷款余额"], "贷款余额")
    val = numeric_column(b["房屋市值"], "房屋市值")
    for name, col in (("笔数", n), ("贷款余额", bal), ("房屋市值", val)):
        if (col < 0).any():
            raise InputError(name, "不能为负数")
    used = set(stage)
    sp = _stage_rates(stop_pay, "停贷比例", used)
    vs = _stage_rates(value_share, "押品变现比例", used)
    cost = require_fraction(sale_cost, "处置成本")
    rec = require_fraction(guarantee_recovery, "担保回收比例")
    m = require_non_negative(margin, "保证金")
    p = stage.map(sp).astype(float)
    stopped = bal * p
    collateral = np.minimum(stopped, val * p * stage.map(vs).astype(float) * (1 - cost))
    if "阶段性担保" in b.columns:   # 协议改过、担保提前结束的楼栋，在这一列写“否”
        guaranteed = pd.Series(flag_column(b["阶段性担保"], "阶段性担保"), index=b.index).astype(bool)
    else:
        guaranteed = stage != "已办证"
    gap = stopped - collateral
    from_guarantee = np.where(guaranteed, gap * rec, 0.0)
    before = gap - from_guarantee
    covered = float(before[guaranteed].sum())
    use = min(m, covered)
    offset = np.where(guaranteed, before * (use / covered) if covered > 0 else 0.0, 0.0)
    out = pd.DataFrame({"楼栋": b["楼栋"].astype(str).to_numpy(), "阶段": stage.to_numpy(), "笔数": n.to_numpy(),
                        "贷款余额": bal.to_numpy(), "有阶段性担保": guaranteed.to_numpy(),
                        "停贷余额": stopped.to_numpy(), "押品回收": np.asarray(collateral, dtype=float),
                        "担保回收": from_guarantee, "保证金抵扣": offset,
                        "预计损失": np.asarray(before, dtype=float) - offset})
    total = out.drop(columns=["楼栋", "阶段", "有阶段性担保"]).sum()
    out.loc[len(out)] = {"楼栋": "合计", "阶段": "", "有阶段性担保": bool(guaranteed.any()), **total.to_dict()}
    out["损失占余额"] = np.where(out["贷款余额"] > 0, out["预计损失"] / out["贷款余额"].where(out["贷款余额"] > 0, 1), 0.0)
    out.attrs["保证金余额"] = m
    out.attrs["保证金未用"] = m - use
    return out


# ====================================================================== 海报的渠道码：按位置看漏斗 ====
__all__ += ["poster_sites"]
POSTER_STEPS = ("扫码", "留资", "申请", "借款")


def poster_sites(sites: Any, *, value_per_loan: float, day_cost: float = 1_000.0,
                 loans_per_day_without: float = 0.0, days_per_lead: float = 0.0) -> pd.DataFrame:
    """一批海报按张贴位置（每个位置一个渠道码）看漏斗和每个好客户的成本。

    ``sites`` 每行一个位置：“位置”“扫码”“留资”“申请”“借款”“费用”（印刷、场地，元）“人天”（在海报旁驻点的人天）。
    每一步不能多于上一步。对每个位置：

    - 各步转化率（扫码→留资、留资→申请、申请→借款）和扫码→借款；
    - 跟进人天 ＝ 留资 × ``days_per_lead``（每条留资打电话、约见要花的人天）；
    - 全部成本 ＝ 费用 ＋（人天 ＋ 跟进人天）× ``day_cost``；每个好客户的成本 ＝ 全部成本 ÷ 借款（没有借款时为空）；
    - 每人天借款 ＝ 借款 ÷（人天 ＋ 跟进人天）（客户经理的时间花在哪个位置最值）；
    - 人天本可带来 ＝ 人天 × ``loans_per_day_without``（同样的人天不配海报、去扫街能借出的户数）；
      海报多带来 ＝ 借款 − 人天本可带来；
    - 净贡献 ＝ 借款 × ``value_per_loan`` − 全部成本。

    返回每个位置一行，最后一行“合计”。户数少时各比例跳得厉害，结论要带着户数说。
    """
    s = _frame(sites, "位置表", ["位置", *POSTER_STEPS, "费用", "人天"])
    if s.empty:
        raise InputError("位置表", "没有位置")
    cols = {c: numeric_column(s[c], c) for c in (*POSTER_STEPS, "费用", "人天")}
    for c, v in cols.items():
        if v.isna().any() or (v < 0).any():
            raise InputError(c, "有空值或负数")
    for a, b in zip(POSTER_STEPS, POSTER_STEPS[1:]):
        if (cols[b] > cols[a]).any():
            raise InputError(b, f"有位置的{b}多于{a}")
    value = require_non_negative(value_per_loan, "每户一年贡献")
    if value > 1e8:
        raise InputError("每户一年贡献", "应为一户一年的贡献（元），不超过 1 亿元", value_per_loan)
    dc = require_non_negative(day_cost, "人天成本")
    if dc > 1e6:
        raise InputError("人天成本", "超过每人天 100 万元，请检查单位是否为元", day_cost)
    walk = require_non_negative(loans_per_day_without, "不配海报每人天借款户数")
    per_lead = require_non_negative(days_per_lead, "每条留资跟进人天")
    if per_lead > 2:
        raise InputError("每条留资跟进人天", "超过每条 2 个人天，请检查单位", days_per_lead)
    if walk > 5:
        raise InputError("不配海报每人天借款户数", "超过每人天 5 户，请检查", loans_per_day_without)
    out = pd.DataFrame({"位置": s["位置"].astype(str).to_numpy(), **{c: v.to_numpy(dtype=float) for c, v in cols.items()}})
    total = out.drop(columns="位置").sum()
    out.loc[len(out)] = {"位置": "合计", **total.to_dict()}

    def rate(n, d):
        return np.where(out[d] > 0, out[n] / out[d].where(out[d] > 0, 1), np.nan)

    for a, b in zip(POSTER_STEPS, POSTER_STEPS[1:]):
        out[f"{a}→{b}"] = rate(b, a)
    out["扫码→借款"] = rate("借款", "扫码")
    out["跟进人天"] = out["留资"] * per_lead
    out["全部成本"] = out["费用"] + (out["人天"] + out["跟进人天"]) * dc
    out["每个好客户的成本"] = np.where(out["借款"] > 0, out["全部成本"] / out["借款"].where(out["借款"] > 0, 1), np.nan)
    spent = out["人天"] + out["跟进人天"]
    out["每人天借款"] = np.where(spent > 0, out["借款"] / spent.where(spent > 0, 1), np.nan)
    out["人天本可带来"] = out["人天"] * walk
    out["海报多带来"] = out["借款"] - out["人天本可带来"]
    out["净贡献"] = out["借款"] * value - out["全部成本"]
    return out


# ================================================================================= 流失客户挽留 ====
def lapsed_depositors(bank: Any, drop: float = 0.30, spread: float = 0.0165, win_rate: float = 0.30,
                      call_cost: float = 50.0) -> pd.DataFrame:
    """本行客户里存款明显流走的人：挽留名单，以及哪些人值得打一个电话。

    口径（教学模型）：``outcomes`` 的 2024 年末与 2025 年 6 月末存款相比，余额降了 ``drop``（如 0.30 即三成）
    及以上的本行客户。每人一行：编号、姓名、类型、片区、两个时点的存款、降幅、流走的存款、
    **一年少赚的利差**（流走的存款 × ``spread``，``spread`` 为存款的净利差，示意 1.65%）、
    2024 年结算月均流入（``settlement``，没有结算记录的为 0）、活动日志里最后一次接触的日期、步骤和经理（没接触过的为空），
    以及“接触后有人跟进”（最后一次接触是“跟进”）。

    ``win_rate``：打一个电话能把这笔存款劝回来的把握（示意）；``call_cost``：一个电话连准备的成本（元，示意）。
    “电话值多少”＝ 一年少赚的利差 × ``win_rate``；“值得打电话”＝ 电话值多少 ≥ ``call_cost``。
    按一年少赚的利差从大到小排序。
    """
    t = _tables(bank, {"outcomes": ["person_id", "deposit_2024_12", "deposit_2025_06"],
                       "population": ["person_id", "name", "kind", "cluster_id", "is_customer"],
                       "activity_log": ["date", "person_id", "manager_id", "step"],
                       "settlement": ["customer_id", "inflow"]})
    d = require_fraction(drop, "存款降幅门槛", inclusive_high=False)
    if d <= 0:
        raise InputError("存款降幅门槛", "应大于 0", drop)
    s = require_fraction(spread, "存款净利差", high=0.1)
    w = require_fraction(win_rate, "挽回把握")
    cost = require_non_negative(call_cost, "电话成本")
    out_cols = ["编号", "姓名", "类型", "片区", "2024 年末存款", "2025 年 6 月末存款", "降幅", "流走的存款",
                "一年少赚的利差", "2024 年结算月均流入", "最后接触日期", "最后接触步骤", "接触经理", "接触后有人跟进",
                "电话值多少", "值得打电话"]
    o = _numeric(t["outcomes"], ["deposit_2024_12", "deposit_2025_06"], "outcomes 表")
    o = o.assign(p=_s(o["person_id"]))
    pop = t["population"].assign(p=lambda x: _s(x["person_id"])).drop_duplicates("p")
    cust = set(pop.loc[pop["is_customer"].fillna(False).astype(bool), "p"])
    o = o[o["p"].isin(cust) & (o["deposit_2024_12"] > 0)]
    ratio = o["deposit_2025_06"] / o["deposit_2024_12"]
    o = o[ratio <= 1 - d + 1e-12]
    if o.empty:
        return pd.DataFrame(columns=out_cols)
    pop = pop.set_index("p")
    lost = (o["deposit_2024_12"] - o["deposit_2025_06"]).to_numpy()
    out = pd.DataFrame({
        "编号": o["p"].to_numpy(),
        "姓名": pop["name"].reindex(o["p"]).astype(object).to_numpy(),
        "类型": pop["kind"].astype(str).reindex(o["p"]).to_numpy(),
        "片区": pop["cluster_id"].astype(str).reindex(o["p"]).to_numpy(),
        "2024 年末存款": o["deposit_2024_12"].to_numpy(),
        "2025 年 6 月末存款": o["deposit_2025_06"].to_numpy(),
        "降幅": 1 - (o["deposit_2025_06"] / o["deposit_2024_12"]).to_numpy(),
        "流走的存款": lost,
        "一年少赚的利差": lost * s,
    })
    st = t["settlement"]
    inflow = numeric_column(st["inflow"], "settlement 表的“inflow”列")
    mean_in = inflow.groupby(_s(st["customer_id"]).to_numpy()).mean()
    out["2024 年结算月均流入"] = mean_in.reindex(out["编号"]).fillna(0.0).to_numpy()
    al = t["activity_log"].assign(p=lambda x: _s(x["person_id"]), date=lambda x: pd.to_datetime(x["date"]))
    al = al[al["p"].isin(set(out["编号"]))].sort_values(["date"], kind="stable")
    last = al.groupby("p").tail(1).set_index("p")
    out["最后接触日期"] = pd.to_datetime(last["date"].reindex(out["编号"])).to_numpy()
    out["最后接触步骤"] = last["step"].astype(str).reindex(out["编号"]).fillna("").to_numpy()
    out["接触经理"] = last["manager_id"].astype(str).reindex(out["编号"]).fillna("").to_numpy()
    out["接触后有人跟进"] = (out["最后接触步骤"] == "跟进").to_numpy()
    out["电话值多少"] = out["一年少赚的利差"] * w
    out["值得打电话"] = out["电话值多少"] >= cost
    return out[out_cols].sort_values(["一年少赚的利差", "编号"], ascending=[False, True],
                                     kind="stable").reset_index(drop=True)


__all__ += ["wechat_post_followup"]

WECHAT_FOLLOWUP_EVENTS = ("私信咨询", "申请", "退群")


def wechat_post_followup(posts: Any, events: Any, days: int = 7, by_first_ask: Any = False) -> pd.DataFrame:
    """微信群里各类帖子之后发生了什么：每条私信咨询、贷款申请、退群归到它之前最近的一条帖子（同一天算在帖子之后）。

    ``posts``：群里的帖子，列 ``日期``、``类型``（如“政策答疑”“客户自述”“获批喜报”）；
    ``events``：成员的动作，列 ``日期``、``成员``、``事件``（私信咨询、申请、退群 之一）。
    事件离最近一条帖子超过 ``days`` 天的（``days=0`` 只算帖子当天），不归给任何帖子，条数记在结果的 ``attrs["未归属"]``。
    ``by_first_ask`` 为真时，一份申请之前同一成员私信咨询过的，按他第一次私信的日期去找帖子（先问后申请，
    功劳归让他开口的那条帖子，而不是申请那天最近的一条）。
    这是“帖子之后发生了什么”的计数，不是因果：同一周里别的事（赶集、节前备货）也会推动申请。

    按帖子类型一行：帖数、私信咨询、申请、退群、申请的成员数、每帖申请、每帖退群；按帖数从多到少排。
    """
    from .errors import require_frame

    p = require_frame(posts, "帖子表", ["日期", "类型"], allow_empty=False)
    e = require_frame(events, "事件表", ["日期", "成员", "事件"])
    d = require_int(days, "归属天数", minimum=0, maximum=60)
    chain = require_flag(by_first_ask, "按第一次私信归属")
    p = p.assign(日期=[require_date(v, "帖子表的日期") for v in p["日期"]],
                 类型=[require_text(v, "帖子表的类型") for v in p["类型"]])
    e = e.assign(日期=[require_date(v, "事件表的日期") for v in e["日期"]],
                 成员=[require_text(str(v) if isinstance(v, (int, np.integer)) else v, "事件表的成员") for v in e["成员"]])
    bad = ~e["事件"].astype(str).isin(WECHAT_FOLLOWUP_EVENTS) | e["事件"].isna()
    if bad.any():
        raise InputError("事件表的事件", "应为 " + "、".join(WECHAT_FOLLOWUP_EVENTS) + " 之一", e.loc[bad, "事件"].iloc[0])
    if p.duplicated("日期").any():
        raise InputError("帖子表的日期", "同一天有两条帖子，无法分清事件归谁；请合并成一条或改日期",
                         str(p.loc[p.duplicated("日期"), "日期"].iloc[0].date()))
    p = p.sort_values("日期", kind="stable").reset_index(drop=True)
    e = e.reset_index(drop=True)
    when = e["日期"].copy()
    if chain:
        asks = e[e["事件"].astype(str) == "私信咨询"]
        for i in e.index[e["事件"].astype(str) == "申请"]:
            before = asks.loc[(asks["成员"] == e.at[i, "成员"]) & (asks["日期"] <= e.at[i, "日期"]), "日期"]
            if len(before):
                when.at[i] = before.min()
    pos = np.searchsorted(p["日期"].to_numpy(), when.to_numpy(), side="right") - 1
    kind = np.full(len(e), None, dtype=object)
    for i, k in enumerate(pos):
        if k >= 0 and (when.iloc[i] - p["日期"].iloc[k]).days <= d:
            kind[i] = p["类型"].iloc[k]
    e = e.assign(类型=kind)
    hit = e[e["类型"].notna()]
    types = p["类型"].value_counts(sort=False)
    rows = []
    for t, n in types.items():
        h = hit[hit["类型"] == t]
        ev = h["事件"].astype(str)
        rows.append({"类型": t, "帖数": int(n),
                     "私信咨询": int((ev == "私信咨询").sum()), "申请": int((ev == "申请").sum()),
                     "退群": int((ev == "退群").sum()), "申请的成员数": int(h.loc[ev == "申请", "成员"].nunique())})
    out = pd.DataFrame(rows).set_index("类型")
    out["每帖申请"] = out["申请"] / out["帖数"]
    out["每帖退群"] = out["退群"] / out["帖数"]
    out = out.sort_values("帖数", ascending=False, kind="stable")
    out.attrs["未归属"] = int(e["类型"].isna().sum())
    return out


# ================================================================================== 攒钱计划 ====
def savings_habit_plan(monthly_amount: float, months: int, *, savers: float, monthly_dropout: float,
                       deposit_rate: float, ftp_rate: float, cost_per_saver: float = 0.0) -> pd.DataFrame:
    """代发员工的“每月自动攒钱”计划（教学模型）：每月发薪日从工资卡自动转 ``monthly_amount`` 元到储蓄账户。

    - ``savers``：开通的人数；每月有 ``monthly_dropout`` 比例的人停掉计划，停掉的人**取走**已攒的钱（保守口径）；
    - 第 t 月（t ＝ 1…``months``）仍在存的人数 ＝ savers ×（1 − monthly_dropout）^t，人均余额 ＝ monthly_amount × t；
    - 坚持到底的人：本金 ＝ monthly_amount × months，按 ``deposit_rate`` 单利得息
      monthly_amount × deposit_rate / 12 × months ×（months ＋ 1）/ 2；
    - 银行：各月余额合计的平均 ×（``ftp_rate`` − ``deposit_rate``）× months / 12，减去 savers × ``cost_per_saver``。

    每月一行：月份、仍在存的人数、人均余额、余额合计；汇总数放在 ``attrs["汇总"]``（字典）。
    """
    amt = require_non_negative(monthly_amount, "每月存入金额")
    if amt > 1e6:
        raise InputError("每月存入金额", "过大，请检查单位是否为元", monthly_amount)
    n = require_int(months, "计划月数", minimum=1, maximum=120)
    people = require_non_negative(savers, "开通人数")
    if people > 1e7:
        raise InputError("开通人数", "过大，请检查", savers)
    d = require_fraction(monthly_dropout, "每月停存比例")
    r = require_fraction(deposit_rate, "储蓄利率")
    ftp = require_fraction(ftp_rate, "存款 FTP")
    cost = require_non_negative(cost_per_saver, "每人成本")
    if cost > 1e6:
        raise InputError("每人成本", "过大，请检查单位是否为元", cost_per_saver)
    t = np.arange(1, n + 1)
    active = people * (1.0 - d) ** t
    per_head = amt * t
    out = pd.DataFrame({"月份": t, "仍在存的人数": active, "人均余额": per_head, "余额合计": active * per_head})
    avg_balance = float(out["余额合计"].mean())
    spread_income = avg_balance * (ftp - r) * n / 12
    out.attrs["汇总"] = {
        "坚持到底的人数": float(active[-1]),
        "每人攒下本金": amt * n,
        "每人利息": amt * r / 12 * n * (n + 1) / 2,
        "平均余额": avg_balance,
        "银行利差收益": spread_income,
        "银行净贡献": spread_income - people * cost,
    }
    return out
__all__ += ["savings_habit_plan"]


# ============================================================================ 分期批量的账 ====
@dataclass(frozen=True)
class InstalmentBatch:
    """:func:`instalment_batch_economics` 的结果：一批门店消费分期，每笔与整批的期望损益（元）。

    ``offer`` 是按原始本金收月费率的报价（:class:`coursekit.loans.FeeOffer`），``offer.rate.annual`` 为
    IRR 法年化利率，``offer.naive_rate`` 为海报上“12 × 月费率”的说法。``per_loan`` 是每笔的各项（字典），
    ``break_even_fraud_rate`` 是让每笔期望损益归零的冒名/虚假交易占比（其他假设不变）；0 表示没有冒名也已亏损。
    """

    loans: float
    avg_ticket: float
    fraud_rate: float
    offer: Any = field(repr=False)
    per_loan: dict = field(repr=False)
    break_even_fraud_rate: float

    @property
    def profit_per_loan(self) -> float:
        return self.per_loan["每笔期望损益"]

    @property
    def batch_profit(self) -> float:
        return self.per_loan["每笔期望损益"] * self.loans

    def table(self) -> pd.DataFrame:
        """一行一项：手续费收入、资金成本、门店佣金、正常违约损失、冒名损失、经办成本、损益；每笔与整批两列。"""
        items = ["手续费收入", "资金成本", "门店佣金", "正常违约损失", "冒名与虚假交易损失", "经办成本", "每笔期望损益"]
        rows = []
        for k in items:
            v = self.per_loan[k] if k in ("手续费收入", "每笔期望损益") else 0.0 - self.per_loan[k]
            v = v + 0.0   # 不显示 −0
            rows.append({"项目": "期望损益" if k == "每笔期望损益" else k, "每笔": v, "整批": v * self.loans})
        return pd.DataFrame(rows)


def instalment_batch_economics(loans_count, avg_ticket, months, monthly_fee_rate, *, referral_rate, funding_rate,
                               default_rate, default_lgd, fraud_rate, fraud_lgd=1.0, cost_per_loan=0.0,
                               store_buyback=0.0, deferred_referral=False) -> InstalmentBatch:
    """门店消费分期一批贷款的期望损益（银行视角，教学模型）。

    每笔本金 ``avg_ticket`` 元、``months`` 期、等额还本，每月另收“原始本金 × ``monthly_fee_rate``”的手续费
    （报价与真实年化见 :func:`coursekit.loans.monthly_fee_offer`）。一笔贷款有三种结局：

    - 正常还完（占 1 − 正常违约率 − 冒名占比）：手续费收满 ``avg_ticket × 月费率 × 期数``；
    - 正常违约（``default_rate``）：平均在期限一半时违约——收到一半的手续费，违约时余额为本金的一半，
      损失 ``本金 / 2 × default_lgd``；
    - 冒名或虚假交易（``fraud_rate``：借款人不认账、身份被冒用、没有真实购买）：一期不还，手续费为 0，
      损失 ``本金 × fraud_lgd ×（1 − store_buyback）``；``store_buyback`` 是协议约定由门店回购（承担）的比例。

    成本：资金成本按全部放款、按计划的平均余额计 ``本金 ×（期数 ＋ 1）/（2 × 期数）× funding_rate × 期数 / 12``；
    门店佣金 ``本金 × referral_rate``，每笔放款即付；``deferred_referral=True`` 表示按期还款满几期后才付，
    冒名的贷款一期不还，拿不到佣金；``cost_per_loan`` 是每笔的经办成本（查征信、审核、短信、催收摊销）。

    >>> b = instalment_batch_economics(100, 6_000, 12, 0.005, referral_rate=0.02, funding_rate=0.022,
    ...     default_rate=0.03, default_lgd=0.8, fraud_rate=0.0, cost_per_loan=50)
    >>> round(b.profit_per_loan, 2), round(b.break_even_fraud_rate, 5)
    (41.1, 0.00646)
    """
    from . import loans as _loans

    n_loans = require_non_negative(loans_count, "贷款笔数")
    if n_loans > 1e6:
        raise InputError("贷款笔数", "过大，请检查", loans_count)
    ticket = require_number(avg_ticket, "笔均金额")
    if ticket <= 0:
        raise InputError("笔均金额", "应大于 0（元）", avg_ticket)
    if ticket > 1e6:
        raise InputError("笔均金额", "过大，请检查单位是否为元", avg_ticket)
    n = require_int(months, "期数（月）", minimum=1, maximum=60)
    offer = _loans.monthly_fee_offer(ticket, n, monthly_fee_rate)
    s = require_fraction(referral_rate, "门店佣金比例", high=0.2)
    r = require_fraction(funding_rate, "资金成本率", high=0.2)
    d = require_fraction(default_rate, "正常违约率")
    lgd = require_fraction(default_lgd, "违约损失率")
    q = require_fraction(fraud_rate, "冒名与虚假交易占比")
    lf = require_fraction(fraud_lgd, "冒名损失率")
    b = require_fraction(store_buyback, "门店回购比例")
    c = require_non_negative(cost_per_loan, "每笔经办成本")
    if c > ticket:
        raise InputError("每笔经办成本", "超过了笔均金额，请检查单位", cost_per_loan)
    deferred = require_flag(deferred_referral, "佣金延付")
    if d + q > 1:
        raise InputError("冒名与虚假交易占比", "与正常违约率相加超过 100%", fraud_rate)

    full_fee = offer.total_fee
    fee_income = full_fee * (1 - d - q) + full_fee / 2 * d
    funding = ticket * (n + 1) / (2 * n) * r * n / 12
    referral_base = ticket * s
    referral = referral_base * ((1 - q) if deferred else 1.0)
    default_loss = d * ticket / 2 * lgd
    fraud_unit = ticket * lf * (1 - b)
    fraud_loss = q * fraud_unit
    profit = fee_income - funding - referral - default_loss - fraud_loss - c
    slope = full_fee + fraud_unit - (referral_base if deferred else 0.0)
    at_zero = profit + q * slope
    # 没有冒名时盈利，就有 佣金 < 手续费 ≤ slope，所以 slope > 0
    be = 0.0 if at_zero <= 0 else min(at_zero / slope, 1.0 - d)
    per = {"手续费收入": fee_income, "资金成本": funding, "门店佣金": referral, "正常违约损失": default_loss,
           "冒名与虚假交易损失": fraud_loss, "经办成本": c, "每笔期望损益": profit}
    return InstalmentBatch(loans=n_loans, avg_ticket=ticket, fraud_rate=q, offer=offer, per_loan=per, break_even_fraud_rate=be)


__all__ += ["InstalmentBatch", "instalment_batch_economics"]
# ================================================================================= 个人推荐人按笔收费 ====
REFERRAL_FEE_COLUMNS = ("渠道", "申请", "批准", "户均贷款", "违约率", "每笔推荐费")


def referral_fee_terms(channels: Any, *, net_margin: float, lgd: float, cost_per_application: float) -> pd.DataFrame:
    """几条获客渠道一年的账：推荐人按笔收费之后，每条渠道（和合计）还剩多少净贡献。

    ``channels`` 每行一条渠道：“渠道”“申请”（笔）“批准”（笔，不多于申请）“户均贷款”（元）
    “违约率”（批准的贷款一年内违约的比例，0–1）“每笔推荐费”（元，每批准一笔付给推荐人）。对每条渠道：

    - 批准率 ＝ 批准 ÷ 申请；贷款额 ＝ 批准 × 户均贷款；
    - 息差收入 ＝ 贷款额 × ``net_margin``（一年，扣掉资金成本后的净息差）；
    - 预期损失 ＝ 贷款额 × 违约率 × ``lgd``；办理成本 ＝ 申请 × ``cost_per_application``（批不下来的也要调查）；
    - 推荐费 ＝ 批准 × 每笔推荐费；净贡献 ＝ 息差收入 − 预期损失 − 办理成本 − 推荐费；每笔净贡献 ＝ 净贡献 ÷ 批准；
    - 打平违约率 ＝（息差收入 − 办理成本 − 推荐费）÷（贷款额 × ``lgd``）：违约率高于它，这条渠道一年是亏的
      （为负表示违约率为 0 也亏）。

    返回每条渠道一行，最后一行“合计”（违约率按贷款额加权）。一年的账，不含续贷以后的年份。
    """
    c = _frame(channels, "渠道表", list(REFERRAL_FEE_COLUMNS))
    if c.empty:
        raise InputError("渠道表", "没有渠道")
    nums = {k: numeric_column(c[k], k) for k in REFERRAL_FEE_COLUMNS[1:]}
    for k, v in nums.items():
        if v.isna().any() or (v < 0).any():
            raise InputError(k, "有空值或负数")
    if (nums["批准"] > nums["申请"]).any():
        raise InputError("批准", "有渠道的批准笔数多于申请笔数")
    if (nums["违约率"] > 1).any():
        raise InputError("违约率", "应为 0 到 1 之间的比例（如 0.02 表示 2%）")
    if (nums["户均贷款"] > 1e8).any():
        raise InputError("户均贷款", "应为每笔贷款的金额（元），不超过 1 亿元")
    if ((nums["批准"] > 0) & (nums["户均贷款"] <= 0)).any():
        raise InputError("户均贷款", "有批准的渠道，户均贷款应大于 0")
    margin = require_number(net_margin, "净息差")
    if not 0 < margin <= 0.2:
        raise InputError("净息差", "应在 0 到 20% 之间（如 0.022 表示 2.2%）", net_margin)
    loss = require_fraction(lgd, "违约损失率")
    if loss < 0.01:
        raise InputError("违约损失率", "应至少 1%：违约损失率为 0 时算不出打平违约率", lgd)
    cost = require_non_negative(cost_per_application, "每笔申请办理成本")
    if cost > 1e5:
        raise InputError("每笔申请办理成本", "超过每笔 10 万元，请检查单位", cost_per_application)
    out = pd.DataFrame({"渠道": c["渠道"].astype(str).to_numpy(),
                        **{k: nums[k].to_numpy(dtype=float) for k in ("申请", "批准")}})
    out["贷款额"] = nums["批准"].to_numpy(dtype=float) * nums["户均贷款"].to_numpy(dtype=float)
    out["预期损失"] = out["贷款额"] * nums["违约率"].to_numpy(dtype=float) * loss
    out["推荐费"] = out["批准"] * nums["每笔推荐费"].to_numpy(dtype=float)
    total = out.drop(columns="渠道").sum()
    out.loc[len(out)] = {"渠道": "合计", **total.to_dict()}
    out["批准率"] = np.where(out["申请"] > 0, out["批准"] / out["申请"].where(out["申请"] > 0, 1), np.nan)
    out["户均贷款"] = np.where(out["批准"] > 0, out["贷款额"] / out["批准"].where(out["批准"] > 0, 1), np.nan)
    exposure = out["贷款额"] * loss
    out["违约率"] = np.where(exposure > 0, out["预期损失"] / exposure.where(exposure > 0, 1),
                          np.r_[nums["违约率"].to_numpy(dtype=float), np.nan])
    out["息差收入"] = out["贷款额"] * margin
    out["办理成本"] = out["申请"] * cost
    out["净贡献"] = out["息差收入"] - out["预期损失"] - out["办理成本"] - out["推荐费"]
    out["每笔净贡献"] = np.where(out["批准"] > 0, out["净贡献"] / out["批准"].where(out["批准"] > 0, 1), np.nan)
    out["打平违约率"] = np.where(exposure > 0, (out["息差收入"] - out["办理成本"] - out["推荐费"])
                            / exposure.where(exposure > 0, 1), np.nan)
    return out[["渠道", "申请", "批准", "批准率", "户均贷款", "贷款额", "违约率", "息差收入", "预期损失", "办理成本",
                "推荐费", "净贡献", "每笔净贡献", "打平违约率"]]


__all__ += ["referral_fee_terms", "REFERRAL_FEE_COLUMNS"]
# ============================================================================ 商会互助金账本 ====
FUND_RECORD_CLASSES = ("按时还款", "偶有迟还", "屡次迟还", "未还清")


def chamber_fund_record(ledger: pd.DataFrame, *, late_tolerance_days: float = 10,
                        bridge_purpose: str = "转贷过桥") -> pd.DataFrame:
    """商会互助金的借还账本 → 每位会员一行的还款记录（教学模型）。

    ``ledger`` 一行一笔借用，列：会员、用途、金额（元）、迟还天数（约定还款日之后多少天才还；按时为 0）、
    已还清（是/否）。

    - 迟还天数超过 ``late_tolerance_days`` 的一笔记为“迟还”；容忍天数以内的不算（商会会计常常月底统一入账）；
    - 分类：有未还清的笔 → 未还清；迟还 2 笔及以上 → 屡次迟还；1 笔 → 偶有迟还；否则按时还款；
    - 过桥次数：用途等于 ``bridge_purpose`` 的笔数（借互助金去还他行到期贷款、等新贷款放下来）。

    返回按分类（上面的顺序）、再按合计金额从大到小排的表，索引为会员；``attrs["分类户数"]`` 是每类几户。
    """
    from .errors import require_frame

    df = require_frame(ledger, "互助金账本", ["会员", "用途", "金额", "迟还天数", "已还清"], allow_empty=False)
    tol = require_non_negative(late_tolerance_days, "迟还容忍天数")
    if tol > 365:
        raise InputError("迟还容忍天数", "超过一年，请检查单位是否为天", late_tolerance_days)
    purpose = require_text(bridge_purpose, "过桥用途")
    member = df["会员"].astype(str).str.strip()
    if (df["会员"].isna() | (member == "")).any():
        raise InputError("互助金账本的会员", "有空白的会员名")
    amount = numeric_column(df["金额"], "互助金账本的金额")
    if (amount <= 0).any():
        raise InputError("互助金账本的金额", "每笔借用金额应大于 0", float(amount[amount <= 0].iloc[0]))
    late = numeric_column(df["迟还天数"], "互助金账本的迟还天数")
    if (late < 0).any():
        raise InputError("互助金账本的迟还天数", "不能为负数（按时还款填 0）", float(late[late < 0].iloc[0]))
    repaid = flag_column(df["已还清"], "互助金账本的已还清", missing=None)
    t = pd.DataFrame({"会员": member.to_numpy(), "金额": amount.to_numpy(dtype=float),
                      "迟还天数": late.to_numpy(dtype=float), "已还清": repaid,
                      "过桥": (df["用途"].astype(str).str.strip() == purpose).to_numpy()})
    t["迟还"] = t["迟还天数"] > tol
    g = t.groupby("会员", sort=False)
    out = pd.DataFrame({
        "借用次数": g.size(),
        "合计金额": g["金额"].sum(),
        "最大单笔": g["金额"].max(),
        "过桥次数": g["过桥"].sum().astype(int),
        "迟还次数": g["迟还"].sum().astype(int),
        "最长迟还天数": g["迟还天数"].max(),
        "未还清笔数": g["已还清"].apply(lambda s: int((~s).sum())),
    })
    cls = np.where(out["未还清笔数"] > 0, "未还清",
                   np.where(out["迟还次数"] >= 2, "屡次迟还", np.where(out["迟还次数"] == 1, "偶有迟还", "按时还款")))
    out["分类"] = pd.Categorical(cls, categories=FUND_RECORD_CLASSES, ordered=True)
    out = out.sort_values(["分类", "合计金额"], ascending=[True, False], kind="stable")
    out.attrs["分类户数"] = {c: int((out["分类"] == c).sum()) for c in FUND_RECORD_CLASSES}
    return out
__all__ += ["FUND_RECORD_CLASSES", "chamber_fund_record"]


# ========================================================================= 直播卖家按到账核额度 ====
def livestream_seller_lines(sellers: pd.DataFrame, return_rates: Mapping[str, float], *, fee_rate: float = 0.08,
                            months_cover: float = 2.0, max_line: float = 500_000.0,
                            mismatch_floor: float = 0.7) -> pd.DataFrame:
    """直播、电商卖家按平台结算核额度，和按自报成交额（GMV）核的对照（教学模型）。

    ``sellers`` 一行一户，列：卖家、品类、月均成交额（自报 GMV，元）、月均到账（近几个月平台结算打进账户的月均数，元；
    还没交流水的户留空）。
    ``return_rates`` 是各品类的退货率（0—1），每个出现的品类都要有；``fee_rate`` 是平台扣点（佣金与服务费，按净成交算）。

    - 应到账 ＝ 月均成交额 ×（1 − 退货率）×（1 − 扣点）：退货退掉的钱、平台扣下的钱都不会进账户；
    - 到账比 ＝ 月均到账 ÷ 应到账；低于 ``mismatch_floor`` 记“到账对不上”（刷单、或结算走了别的账户，要问清）；
    - 按成交额额度 ＝ 月均成交额 × ``months_cover``；按到账额度 ＝ min（应到账，月均到账）× ``months_cover``；
      两者都向下取整到万元，不超过 ``max_line``；到账对不上的户按到账额度记 0（先问清，再核）；
    - 没交流水（月均到账为空）的户，“按到账额度”按应到账预估（上限，交了流水再核），“依据”列写“预估（无流水）”。

    返回逐户表，按“按到账额度”从大到小排。
    """
    from .errors import require_frame

    df = require_frame(sellers, "卖家表", ["卖家", "品类", "月均成交额", "月均到账"], allow_empty=False)
    fee = require_fraction(fee_rate, "平台扣点", high=0.5)
    cover = require_positive(months_cover, "覆盖月数")
    if cover > 12:
        raise InputError("覆盖月数", "超过 12 个月，流动资金额度一般按几个月的周转核", months_cover)
    cap = require_positive(max_line, "单户额度上限")
    floor = require_fraction(mismatch_floor, "到账比下限")
    if not isinstance(return_rates, Mapping) or not return_rates:
        raise InputError("退货率", "应为“品类 → 退货率”的字典", type(return_rates).__name__)
    rates = {str(k): require_fraction(v, f"退货率（{k}）", high=0.95) for k, v in return_rates.items()}
    blank = df["品类"].isna() | (df["品类"].astype(str).str.strip() == "")
    if blank.any():
        raise InputError("卖家表的品类", "有空白的品类；请补上（退货率按品类取）", str(df.loc[blank, "卖家"].iloc[0]))
    cat = df["品类"].astype(str).str.strip()
    missing = sorted(set(cat) - set(rates))
    if missing:
        raise InputError("退货率", "缺少品类：" + "、".join(missing))
    gmv = numeric_column(df["月均成交额"], "卖家表的月均成交额")
    paid = numeric_column(df["月均到账"], "卖家表的月均到账", allow_missing=True)
    if (gmv <= 0).any():
        raise InputError("卖家表的月均成交额", "应大于 0", float(gmv[gmv <= 0].iloc[0]))
    if (paid < 0).any():
        raise InputError("卖家表的月均到账", "不能为负数", float(paid[paid < 0].iloc[0]))
    r = cat.map(rates).to_numpy(dtype=float)
    expected = gmv.to_numpy(dtype=float) * (1 - r) * (1 - fee)
    out = pd.DataFrame({"卖家": df["卖家"].astype(str).to_numpy(), "品类": cat.to_numpy(),
                        "月均成交额": gmv.to_numpy(dtype=float), "退货率": r, "应到账": expected,
                        "月均到账": paid.to_numpy(dtype=float)})
    out["到账比"] = out["月均到账"] / out["应到账"]
    known = out["月均到账"].notna()
    out["依据"] = np.where(known, "到账", "预估（无流水）")
    out["到账对不上"] = known & (out["到账比"] < floor)

    def _line(x):
        return np.minimum(np.floor(x * cover / 10_000) * 10_000, cap)

    out["按成交额额度"] = _line(out["月均成交额"])
    basis = np.where(known, np.minimum(out["应到账"], out["月均到账"].fillna(0.0)), out["应到账"])
    out["按到账额度"] = np.where(out["到账对不上"], 0.0, _line(basis))
    out["两种额度之差"] = out["按成交额额度"] - out["按到账额度"]
    return out.sort_values("按到账额度", ascending=False, kind="stable").reset_index(drop=True)
__all__ += ["livestream_seller_lines"]
