"""资金流向合规检查：把放款后的资金流水与贷款、客户、担保关系对照，找出监管处罚中常见的违规模式。

规则（参数都在 :class:`ScanParams` 里，可调）：

- **回流**：放款后 N 天内，贷款资金转给借款人本人（含本人他行账户）、担保人、法定代表人或关联方，
  同一收款方累计金额占贷款金额 20%–125%；
- **流入限制性领域**：贷款资金转给房地产开发商、证券期货公司或理财产品；
- **以贷还贷**：新贷款放款后 N 天内，用于归还另一笔贷款（借新还旧）；
- **集中使用**：一段时间内多位借款人的贷款资金汇入同一收款方（冒名贷、顶名贷的信号）；
- **担保圈**：担保关系首尾相连形成闭环（含互保）。

可选规则（不在默认的 :data:`RULES` 里，用 ``rules=ALL_RULES`` 或在 ``rules`` 里点名启用，见 :data:`OPTIONAL_RULES`）：

- **一主体多笔还息**：借款人以外的同一主体（付款账户）为多笔贷款还本付息，或反复为别人的同一笔贷款付息
  ——关联关系未识别、借款主体不真实（冒名、顶名）、实际用款人另有其人的信号；
- **资金往返**：转给某个对手的钱，N 天内又从同一对手转回（金额相差在容差内）——虚增流水（刷流水）、
  贷款资金变相回流的信号。

说明文字使用监管处罚信息中的措辞：贷款资金回流（至借款人、担保人、法定代表人）、信贷资金流入限制性领域
（房地产、股市、理财）、以贷还贷/借新还旧掩盖风险、贷款资金被挪用、未按约定用途使用信贷资金。

交易表的列（与教学银行 ``transactions`` 一致）：txn_id, account_owner, loan_id, date, direction（入/出）,
amount, counterparty_id, counterparty_name, counterparty_type, memo。上传的银行流水先用 :func:`read_statement` 读入。
"""
from __future__ import annotations

import io
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import numpy as np
import pandas as pd

from .errors import (InputError, date_column, numeric_column, require_fraction, require_frame,
                     require_int, require_non_negative, require_number)

__all__ = ["RULES", "OPTIONAL_RULES", "ALL_RULES", "RESTRICTED_TYPES", "ScanParams", "scan", "Cycles", "guarantee_cycles", "score", "read_statement",
           "match_staff_relatives",
           "infer_counterparty_type", "TXN_COLUMNS", "FINDING_COLUMNS"]

#: 默认启用的规则
RULES: tuple[str, ...] = ("回流", "流入限制性领域", "以贷还贷", "集中使用", "担保圈")
#: 可选规则：需要在 ``scan(..., rules=...)`` 里点名启用（如 ``rules=ALL_RULES``）
OPTIONAL_RULES: tuple[str, ...] = ("一主体多笔还息", "资金往返")
ALL_RULES: tuple[str, ...] = RULES + OPTIONAL_RULES
RESTRICTED_TYPES: tuple[str, ...] = ("房地产开发商", "证券期货公司", "理财产品")
LOAN_REPAY_TYPES: tuple[str, ...] = ("本行贷款", "他行贷款")
TXN_COLUMNS: tuple[str, ...] = ("txn_id", "account_owner", "loan_id", "date", "direction", "amount",
                                "counterparty_id", "counterparty_name", "counterparty_type", "memo")
FINDING_COLUMNS: tuple[str, ...] = ("rule", "loan_id", "customer_id", "entity", "counterparty_id",
                                    "counterparty_name", "txn_ids", "amount", "share", "days", "explanation")

_WORDING = {
    "回流": "贷款资金回流（至借款人、担保人、法定代表人）",
    "流入限制性领域": "信贷资金流入限制性领域（房地产、股市、理财）",
    "以贷还贷": "以贷还贷/借新还旧掩盖风险",
    "集中使用": "贷款资金被挪用、未按约定用途使用信贷资金（集中使用，疑似冒名贷、顶名贷）",
    "担保圈": "担保圈：担保关系首尾相连",
    "一主体多笔还息": "一主体为多笔贷款还本付息",
    "资金往返": "资金往返（转出后又从同一对手转回）",
}

#: 对方户名里的关键词 → 对方类型（上传流水没有对方类型时用）
_NAME_KEYWORDS: dict[str, tuple[str, ...]] = {
    "房地产开发商": ("房地产", "置业", "地产开发", "房产开发"),
    "证券期货公司": ("证券", "期货"),
    "理财产品": ("理财", "基金", "资管", "资产管理计划", "信托计划"),
}
_MEMO_REPAY = ("还贷", "归还贷款", "还款", "贷款本息", "还本", "还息")
#: 户名表明对方是放贷机构或贷款账户
_LENDER_WORDS = ("贷款", "借据", "银行", "农商", "信用社", "信用联社", "农信", "村镇银行")
#: 户名含这些字样的是单位，不是自然人
_ORG_WORDS = ("公司", "经营部", "商行", "厂", "店", "合作社", "中心", "服务部", "银行", "超市", "市场", "协会")


@dataclass(frozen=True)
class ScanParams:
    """扫描参数（行内参数；默认值参考监管数据规则的常见设置，可按本行制度调整）。

    - ``return_days``：回流观察窗口，放款后几天内（含当天为第 0 天）；
    - ``return_share``：同一收款方累计回流金额占贷款金额的区间（默认 20%–125%）；
    - ``restricted_days``：流入限制性领域的观察窗口（``None`` 表示贷款资金的任何去向都检查）；
    - ``restricted_min_share``：流入限制性领域的金额下限（占贷款比例，默认 0 表示任何金额）；
    - ``refinance_days`` / ``refinance_min_share``：以贷还贷的窗口与金额下限；
    - ``converge_days`` / ``converge_min_borrowers`` / ``converge_min_share``：集中使用的时间窗口、
      最少借款人数、每笔贷款汇入该收款方的最低占比；``converge_types``：收款方类型（默认自然人与关联方；
      汇给登记企业的多为按合同支付货款，不计入；对方类型为空时按户名判断是否为企业）；
      ``converge_owner``：为 True 时，汇给某企业的钱，如果客户表登记了这家企业的 owner_id（实际控制人、
      法定代表人），就算作汇给这个人（冒名贷、顶名贷的钱常常先进“用款人”名下的公司）。默认 False：
      几户农户向同一家登记了老板的农资店买货，打开后也会被报出来，适合盯住某个人时打开；
      ``converge_max_partial``：普通供应商的排除——向这个收款方付过款的借款人里，只付了一部分贷款
      （低于 ``converge_min_share``）的借款人占比超过这个值时，它是给很多客户供货的普通供应商，不是集中使用的
      目标（默认 0.5；冒名贷、顶名贷的收款人几乎只收“整笔转入”，供应商收的多是分几次付的货款）；
    - ``cycle_max_len``：担保圈最长几户（互保为 2 户）；
    - ``thirdpay_min_loans`` / ``thirdpay_min_payments``：一主体多笔还息——借款人以外的同一付款人至少为几笔
      贷款还款即报；或为同一笔别人的贷款至少还款几次即报（只还过一两次的，多是临时帮忙）；
    - ``roundtrip_days`` / ``roundtrip_tolerance`` / ``roundtrip_min_amount`` / ``roundtrip_min_times``：资金往返——
      转出后几天内（含当天）从同一对手转回、转回金额与转出金额相差不超过转出金额的多少、单笔转出的金额下限（元）、
      同一对手至少往返几次才报；
    - ``attribute_days``：交易没有 loan_id（如上传的流水）时，把放款后多少天内的流出归到最近一笔放款。
    """

    return_days: int = 3
    return_share: tuple[float, float] = (0.20, 1.25)
    restricted_days: int | None = None
    restricted_min_share: float = 0.0
    refinance_days: int = 7
    refinance_min_share: float = 0.20
    converge_days: int = 30
    converge_min_borrowers: int = 3
    converge_min_share: float = 0.50
    converge_types: tuple[str, ...] = ("个人", "关联方")
    converge_owner: bool = False
    converge_max_partial: float = 0.5
    cycle_max_len: int = 6
    attribute_days: int = 30
    thirdpay_min_loans: int = 2
    thirdpay_min_payments: int = 3
    roundtrip_days: int = 7
    roundtrip_tolerance: float = 0.05
    roundtrip_min_amount: float = 10_000.0
    roundtrip_min_times: int = 1

    def __post_init__(self):
        require_int(self.return_days, "回流天数", minimum=0, maximum=366)
        if (isinstance(self.return_share, (str, bytes)) or not hasattr(self.return_share, "__len__")
                or len(self.return_share) != 2):
            raise InputError("回流金额占比", "应为（下限, 上限）两个数，如 (0.2, 1.25)", self.return_share)
        low, high = (require_number(v, "回流金额占比") for v in self.return_share)
        if not 0 <= low <= high:
            raise InputError("回流金额占比", "下限应不小于 0 且不大于上限（如 0.2 到 1.25）", self.return_share)
        if self.restricted_days is not None:
            require_int(self.restricted_days, "限制性领域观察天数", minimum=0)
        require_fraction(self.restricted_min_share, "限制性领域金额下限")
        require_int(self.refinance_days, "以贷还贷天数", minimum=0, maximum=366)
        require_fraction(self.refinance_min_share, "以贷还贷金额下限", high=2.0)
        require_int(self.converge_days, "集中使用天数", minimum=1, maximum=366)
        require_int(self.converge_min_borrowers, "集中使用最少借款人数", minimum=2)
        require_fraction(self.converge_min_share, "集中使用金额占比")
        require_fraction(self.converge_max_partial, "集中使用普通供应商比例")
        if not isinstance(self.converge_owner, (bool, np.bool_)):
            raise InputError("集中使用含名下企业", "应为 True 或 False", self.converge_owner)
        types = self.converge_types
        if isinstance(types, (str, bytes)) or not isinstance(types, (tuple, list, set, frozenset)) or not types \
                or not all(isinstance(t, str) and t.strip() for t in types):
            # 一个字符串“个人”会被当成“个”“人”两个类型，所以必须是元组
            raise InputError("集中使用收款方类型", "应为类型名称的元组，如 (\"个人\", \"关联方\")", types)
        require_int(self.cycle_max_len, "担保圈最长户数", minimum=2, maximum=20)
        require_int(self.attribute_days, "归属放款天数", minimum=0, maximum=366)
        require_int(self.thirdpay_min_loans, "代还最少贷款笔数", minimum=2)
        require_int(self.thirdpay_min_payments, "代还最少次数", minimum=1)
        require_int(self.roundtrip_days, "资金往返天数", minimum=0, maximum=366)
        require_fraction(self.roundtrip_tolerance, "资金往返金额容差")
        if require_number(self.roundtrip_min_amount, "资金往返金额下限") < 0:
            raise InputError("资金往返金额下限", "不能为负数", self.roundtrip_min_amount)
        require_int(self.roundtrip_min_times, "资金往返最少次数", minimum=1)


# -- 输入整理 --------------------------------------------------------------------------

_DIRECTION_HINT = "应为 入/出、收入/支出、收/付 或 借/贷（也可写 in/out、credit/debit）"


def normalize_direction(values: Any, field: str = "收支方向") -> pd.Series:
    """收支方向列 → “入”/“出”。去掉首尾空格、不分大小写，认 :data:`_DIR_MAP` 里的写法；认不出的报错
    （“出 ”“out”不会再被悄悄漏掉）。只对不同的取值做一次映射，百万行也快；已经是 入/出 时原样返回。"""
    s = values if isinstance(values, pd.Series) else pd.Series(values)
    mapping = {}
    for u in s.unique():
        if u is None or (not isinstance(u, str) and pd.isna(u)):
            raise InputError(field, "有空值；" + _DIRECTION_HINT)
        d = _DIR_MAP.get(u.strip().lower()) if isinstance(u, str) else None
        if d is None:
            raise InputError(field, _DIRECTION_HINT, u)
        mapping[u] = d
    if all(k == v for k, v in mapping.items()):   # 已经是 入/出：不改列（也不改列的类型，后面的字符串运算照样快）
        return s
    return s.map(mapping).astype(object)


def _check_rules(rules: Any) -> tuple[str, ...]:
    if isinstance(rules, str):
        rules = (rules,)
    if not isinstance(rules, (list, tuple, set, frozenset)) or not rules:
        raise InputError("规则", "应为规则名称的列表，如 [\"回流\"]；可选：" + "、".join(ALL_RULES), rules)
    for r in rules:
        if not isinstance(r, str) or r not in ALL_RULES:
            raise InputError("规则", "应为以下之一：" + "、".join(ALL_RULES), r)
    return tuple(rules)


def _clean_txns(transactions: pd.DataFrame) -> pd.DataFrame:
    """扫描前统一整理流水：方向为 入/出，日期为日期，金额为数字；写法不对的报错并指出第一个例子。"""
    _check_frame(transactions, "交易流水", ["txn_id", "account_owner", "date", "direction", "amount"])
    require_frame(transactions, "交易流水")
    out = transactions
    direction = normalize_direction(out["direction"])
    if direction is not out["direction"]:
        out = out.assign(direction=direction)
    if not pd.api.types.is_datetime64_any_dtype(out["date"].dtype):
        out = out.assign(date=date_column(out["date"], "交易日期"))
    elif out["date"].isna().any():
        raise InputError("交易日期", "有空值或无法识别的日期")
    amount = numeric_column(out["amount"], "交易金额")
    if amount.dtype != out["amount"].dtype:
        out = out.assign(amount=amount)
    return out

def _check_frame(df: Any, name: str, need: Iterable[str]) -> pd.DataFrame:
    if not isinstance(df, pd.DataFrame):
        raise InputError(name, "应为 pandas DataFrame", type(df).__name__)
    missing = [c for c in need if c not in df.columns]
    if missing:
        raise InputError(name, "缺少列：" + "、".join(missing))
    return df


def _plain(df: Any, name: str) -> pd.DataFrame:
    """分类（category）列转成普通对象列，避免拼接字符串、比较时出错；不改动调用者的表。"""
    if not isinstance(df, pd.DataFrame):
        raise InputError(name, "应为 pandas DataFrame", type(df).__name__)
    cats = [c for c in df.columns if isinstance(df[c].dtype, pd.CategoricalDtype)]
    if not cats:
        return df
    df = df.copy()
    for c in cats:
        df[c] = df[c].astype(object).where(df[c].notna(), None)
    return df


def _prep_loans(loans: pd.DataFrame) -> pd.DataFrame:
    _check_frame(loans, "贷款表", ["loan_id", "customer_id", "amount", "disburse_date"])
    cols = ["loan_id", "customer_id", "amount", "disburse_date"] + [c for c in ("guarantor_id",) if c in loans]
    ln = loans[cols].copy()
    ln["loan_id"] = ln["loan_id"].astype(str)
    ln["customer_id"] = ln["customer_id"].astype(str)
    ln["amount"] = numeric_column(ln["amount"], "贷款金额")
    if (ln["amount"] <= 0).any():
        raise InputError("贷款金额", "应为大于 0 的数字")
    ln["disburse_date"] = date_column(ln["disburse_date"], "放款日期")
    if ln["loan_id"].duplicated().any():
        raise InputError("贷款编号", "有重复", ln.loc[ln["loan_id"].duplicated(), "loan_id"].iloc[0])
    if "guarantor_id" not in ln:
        ln["guarantor_id"] = None
    return ln


def infer_counterparty_type(names: pd.Series, memos: pd.Series | None = None, *, ids: pd.Series | None = None,
                            loan_ids: Iterable[str] | None = None) -> pd.Series:
    """按对方户名、摘要（和对方账号）推断对方类型：房地产开发商、证券期货公司、理财产品、本行贷款、个人，其余为空。

    - 户名含“置业”“证券”“理财”等关键词 → 对应的限制性领域类型；
    - 对方账号是 ``loan_ids`` 里的贷款编号 → 本行贷款（转入的是本行的贷款账户）；
    - 摘要含“还款”“还贷”“还息”等字样时，只有对方是贷款账户才判为本行贷款：户名表明是银行或贷款账户
      （含“贷款”“银行”“信用社”“农商”等），或没有对方户名（扣收贷款本息的内部记账通常不显示对方户名）；
      对方户名像自然人（不含公司、店、厂、银行等字样）时判为个人——归还民间借款不是以贷还贷；
      对方是其他企业时留空。
    """
    if not isinstance(names, pd.Series):
        raise InputError("对方户名", "应为 pandas Series", type(names).__name__)
    names = names.fillna("").astype(str).str.strip()
    out = pd.Series(None, index=names.index, dtype=object)
    for kind, words in _NAME_KEYWORDS.items():
        hit = names.str.contains("|".join(words), regex=True) & out.isna()
        out[hit] = kind
    if ids is not None and loan_ids is not None:
        if not isinstance(ids, pd.Series) or not ids.index.equals(names.index):
            raise InputError("对方账号", "应为与对方户名同一索引的 pandas Series")
        known = {str(x) for x in loan_ids}
        hit = ids.notna() & ids.astype(str).isin(known) & out.isna()
        out[hit] = "本行贷款"
    if memos is not None:
        if not isinstance(memos, pd.Series):
            raise InputError("摘要", "应为 pandas Series", type(memos).__name__)
        memos = memos.fillna("").astype(str)
        repay = memos.str.contains("|".join(_MEMO_REPAY), regex=True) & out.isna()
        lender = names.str.contains("|".join(_LENDER_WORDS), regex=True) | (names == "")
        org = names.str.contains("|".join(_ORG_WORDS), regex=True)
        out[repay & lender] = "本行贷款"
        out[repay & ~lender & ~org] = "个人"
    return out


def _prep_txns(transactions: pd.DataFrame, ln: pd.DataFrame, params: ScanParams) -> pd.DataFrame:
    """整理流水，只保留流出，并把每笔流出归到一笔贷款（已有 loan_id 用之；全无时按最近放款归属）。"""
    _check_frame(transactions, "交易流水", ["txn_id", "account_owner", "date", "direction", "amount"])
    tx = transactions
    keep = [c for c in TXN_COLUMNS if c in tx.columns]
    out_mask = tx["direction"].astype(str).isin(["出", "支出", "借"]).to_numpy()
    tx = tx.loc[out_mask, keep].copy()
    for c in ("loan_id", "counterparty_id", "counterparty_name", "counterparty_type", "memo"):
        if c not in tx.columns:
            tx[c] = None
    tx["date"] = pd.to_datetime(tx["date"], errors="coerce")
    if tx["date"].isna().any():
        raise InputError("交易日期", "有空值或无法识别的日期")
    tx["amount"] = pd.to_numeric(tx["amount"], errors="coerce")
    if tx["amount"].isna().any():
        raise InputError("交易金额", "有空值或非数字")
    tx["amount"] = tx["amount"].abs()
    tx["txn_id"] = tx["txn_id"].astype(str)
    tx["account_owner"] = tx["account_owner"].astype(str)
    ctype = tx["counterparty_type"]
    if ctype.isna().any():
        guess = infer_counterparty_type(tx["counterparty_name"], tx["memo"], ids=tx["counterparty_id"],
                                        loan_ids=ln["loan_id"])
        tx["counterparty_type"] = ctype.where(ctype.notna(), guess)
    tx["counterparty_id"] = tx["counterparty_id"].where(tx["counterparty_id"].notna(), tx["counterparty_name"])

    labelled = tx["loan_id"].notna().any() if "loan_id" in transactions.columns else False
    if not labelled and len(tx):
        tx = _attribute(tx.drop(columns="loan_id"), ln, params.attribute_days)
    else:
        tx = tx[tx["loan_id"].notna()]
        tx["loan_id"] = tx["loan_id"].astype(str)
    tx = tx.merge(ln.rename(columns={"customer_id": "borrower", "amount": "loan_amount"}), on="loan_id", how="inner")
    tx["days"] = (tx["date"] - tx["disburse_date"]).dt.days
    return tx


def _attribute(tx: pd.DataFrame, ln: pd.DataFrame, window: int, by: str = "account_owner") -> pd.DataFrame:
    """按时间把流出归到同一客户最近一笔放款（merge_asof 向后找，限 window 天）。"""
    left = tx.sort_values("date")
    right = ln[["loan_id", "customer_id", "disburse_date"]].rename(
        columns={"customer_id": by, "disburse_date": "date"}).sort_values("date")
    right["_d"] = right["date"]
    merged = pd.merge_asof(left, right, on="date", by=by, direction="backward",
                           tolerance=pd.Timedelta(days=window))
    merged = merged.drop(columns="_d")
    return merged[merged["loan_id"].notna()]


def _txn_list(s: pd.Series) -> list[str]:
    return list(s)


def _empty() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in FINDING_COLUMNS})


def _within(days: pd.Series) -> pd.Series:
    """0 → “放款当天”，n → “放款后 n 天内”。"""
    d = days.astype(int)
    return ("放款后 " + d.astype(str) + " 天内").where(d > 0, "放款当天")


def _wan(x: float) -> str:
    return f"{x / 10000:,.2f} 万元"


# -- 规则 -----------------------------------------------------------------------------

def _related_parties(tx: pd.DataFrame, customers: pd.DataFrame | None,
                     guarantees: pd.DataFrame | None) -> pd.Series:
    """每笔流出收款方与借款人的关系：借款人本人、担保人、法定代表人、关联方；无关为空。"""
    rel = pd.Series(None, index=tx.index, dtype=object)
    cp = tx["counterparty_id"].astype(str)
    ctype = tx["counterparty_type"].astype(str)

    def put(mask, label):
        m = np.asarray(mask, dtype=bool) & rel.isna().to_numpy()
        rel[m] = label

    cpn = tx["counterparty_name"].astype(str)   # 上传流水里对方账号是卡号，身份只能按户名对上

    def same(other: pd.Series) -> pd.Series:
        o = other.astype(str)
        return other.notna() & ((cp == o) | (cpn == o))

    put(same(tx["borrower"]) | (ctype == "本人他行账户"), "借款人本人")
    put(same(tx["guarantor_id"]), "担保人")
    if guarantees is not None and len(guarantees):
        _check_frame(guarantees, "担保关系表", ["guarantor_id", "borrower_id"])
        pairs = guarantees[["guarantor_id", "borrower_id"]].astype(str).drop_duplicates()
        key = pd.MultiIndex.from_frame(pairs.rename(columns={"guarantor_id": "g", "borrower_id": "b"}))
        put(pd.MultiIndex.from_arrays([cp, tx["borrower"].astype(str)]).isin(key)
            | pd.MultiIndex.from_arrays([cpn, tx["borrower"].astype(str)]).isin(key), "担保人")
    put(ctype == "担保人", "担保人")
    if customers is not None and len(customers):
        _check_frame(customers, "客户表", ["customer_id"])
        cu = customers.set_index(customers["customer_id"].astype(str))
        if "owner_id" in cu.columns:
            put(same(tx["borrower"].map(cu["owner_id"])), "法定代表人")
            # 借款人是企业主，钱转入自己名下的企业
            cp_owner = cp.map(cu["owner_id"])
            put(cp_owner.notna() & (cp_owner.astype(str) == tx["borrower"]), "关联方")
        if "group_id" in cu.columns:
            g_b = tx["borrower"].map(cu["group_id"])
            g_c = cp.map(cu["group_id"])
            put(g_b.notna() & g_c.notna() & (g_b == g_c), "关联方")
    put(ctype == "关联方", "关联方")
    return rel


def _rule_return(tx: pd.DataFrame, customers, guarantees, p: ScanParams) -> pd.DataFrame:
    win = tx[(tx["days"] >= 0) & (tx["days"] <= p.return_days)]
    if win.empty:
        return _empty()
    rel = _related_parties(win, customers, guarantees)
    win = win.assign(relation=rel)[rel.notna().to_numpy()]
    if win.empty:
        return _empty()
    g = win.sort_values("date").groupby(["loan_id", "counterparty_id"], sort=False).agg(
        customer_id=("borrower", "first"), counterparty_name=("counterparty_name", "first"),
        relation=("relation", "first"), txn_ids=("txn_id", _txn_list), amount=("amount", "sum"),
        loan_amount=("loan_amount", "first"), days=("days", "max")).reset_index()
    g["share"] = g["amount"] / g["loan_amount"]
    low, high = p.return_share
    g = g[(g["share"] >= low) & (g["share"] <= high)]
    if g.empty:
        return _empty()
    name = g["counterparty_name"].fillna(g["counterparty_id"]).astype(str)
    g["explanation"] = (_WORDING["回流"] + "：" + _within(g["days"]) + "转给" + g["relation"]
                        + "（" + name + "）共 " + g["amount"].map(_wan) + "，占贷款金额 "
                        + (g["share"] * 100).map("{:.1f}%".format) + "。")
    g["rule"] = "回流"
    g["entity"] = g["loan_id"]
    return g[list(FINDING_COLUMNS)]


def _rule_restricted(tx: pd.DataFrame, p: ScanParams) -> pd.DataFrame:
    m = tx["counterparty_type"].isin(RESTRICTED_TYPES) & (tx["days"] >= 0)
    if p.restricted_days is not None:
        m &= tx["days"] <= p.restricted_days
    hit = tx[m]
    if hit.empty:
        return _empty()
    g = hit.sort_values("date").groupby(["loan_id", "counterparty_type"], sort=False).agg(
        customer_id=("borrower", "first"), counterparty_id=("counterparty_id", "first"),
        counterparty_name=("counterparty_name", "first"), txn_ids=("txn_id", _txn_list),
        amount=("amount", "sum"), loan_amount=("loan_amount", "first"), days=("days", "min")).reset_index()
    g["share"] = g["amount"] / g["loan_amount"]
    g = g[g["share"] >= p.restricted_min_share]
    if g.empty:
        return _empty()
    name = g["counterparty_name"].fillna(g["counterparty_id"]).astype(str)
    g["explanation"] = (_WORDING["流入限制性领域"] + "：放款后第 " + g["days"].astype(str) + " 天起转入"
                        + g["counterparty_type"] + "（" + name + "）共 " + g["amount"].map(_wan) + "，占贷款金额 "
                        + (g["share"] * 100).map("{:.1f}%".format) + "。")
    g["rule"] = "流入限制性领域"
    g["entity"] = g["loan_id"]
    return g[list(FINDING_COLUMNS)]


def _repay_types(raw: pd.DataFrame, ln: pd.DataFrame) -> pd.Series:
    """原始流水每一行的对方类型：已给的照用，缺的按户名、摘要、对方账号推断（认得出本行贷款账户）。"""
    def col(name):
        return raw[name] if name in raw.columns else pd.Series(None, index=raw.index, dtype=object)

    ctype = col("counterparty_type")
    missing = ctype.isna()
    if not missing.any():
        return ctype
    guess = infer_counterparty_type(col("counterparty_name")[missing], col("memo")[missing],
                                    ids=col("counterparty_id")[missing], loan_ids=ln["loan_id"])
    return ctype.astype(object).where(~missing, guess.reindex(raw.index))


def _rule_refinance(transactions: pd.DataFrame, tx: pd.DataFrame, ln: pd.DataFrame, p: ScanParams) -> pd.DataFrame:
    """以贷还贷：流向贷款还款账户的流出，归到同一客户最近一笔放款，窗口内且金额达标。"""
    raw = transactions
    is_out = raw["direction"].astype(str).isin(["出", "支出", "借"])
    ctype = _repay_types(raw, ln)
    repay = ctype.isin(LOAN_REPAY_TYPES)
    cand = raw.loc[(is_out & repay).to_numpy()]
    if cand.empty:
        return _empty()
    cols = [c for c in ("txn_id", "account_owner", "loan_id", "date", "amount", "counterparty_id",
                        "counterparty_name", "memo") if c in cand.columns]
    cand = cand[cols].copy()
    cand["date"] = pd.to_datetime(cand["date"], errors="coerce")
    cand["amount"] = pd.to_numeric(cand["amount"], errors="coerce").abs()
    cand["txn_id"] = cand["txn_id"].astype(str)
    cand["account_owner"] = cand["account_owner"].astype(str)
    if "counterparty_id" not in cand:
        cand["counterparty_id"] = None
    if "counterparty_name" not in cand:
        cand["counterparty_name"] = None
    have = cand["loan_id"].notna() if "loan_id" in cand.columns else pd.Series(False, index=cand.index)
    parts = []
    if have.any():
        a = cand[have].copy()
        a["loan_id"] = a["loan_id"].astype(str)
        parts.append(a)
    if (~have).any():
        b = cand[~have].drop(columns=[c for c in ("loan_id",) if c in cand.columns])
        parts.append(_attribute(b, ln, p.refinance_days))
    c = pd.concat(parts, ignore_index=True)
    c = c.merge(ln.rename(columns={"customer_id": "borrower", "amount": "loan_amount"}), on="loan_id", how="inner")
    c["days"] = (c["date"] - c["disburse_date"]).dt.days
    repaid = c["counterparty_id"].astype(str)
    c = c[(c["days"] >= 0) & (c["days"] <= p.refinance_days) & (repaid != c["loan_id"])]
    if c.empty:
        return _empty()
    g = c.sort_values("date").groupby("loan_id", sort=False).agg(
        customer_id=("borrower", "first"), counterparty_id=("counterparty_id", "first"),
        counterparty_name=("counterparty_name", "first"), txn_ids=("txn_id", _txn_list),
        amount=("amount", "sum"), loan_amount=("loan_amount", "first"), days=("days", "max")).reset_index()
    g["share"] = g["amount"] / g["loan_amount"]
    g = g[g["share"] >= p.refinance_min_share]
    if g.empty:
        return _empty()
    target = g["counterparty_id"].fillna(g["counterparty_name"]).fillna("另一笔贷款").astype(str)
    g["explanation"] = (_WORDING["以贷还贷"] + "：贷款 " + g["loan_id"] + " " + _within(g["days"])
                        + "用于归还贷款（" + target + "）共 " + g["amount"].map(_wan) + "，占新贷款 "
                        + (g["share"] * 100).map("{:.1f}%".format) + "。")
    g["rule"] = "以贷还贷"
    g["entity"] = g["loan_id"]
    return g[list(FINDING_COLUMNS)]


def _owner_keys(tx: pd.DataFrame, customers: pd.DataFrame | None) -> tuple[pd.DataFrame, pd.Series]:
    """把汇给企业的流出改记到企业的 owner_id 名下；返回改记后的流水与“是否经名下企业”的标记。

    改记后的 counterparty_id 是 owner_id，counterparty_name 是客户表里此人的姓名（没有时用编号）；
    原收款企业的户名留在 ``payee_name`` 列。
    """
    via = pd.Series(False, index=tx.index)
    if customers is None or not len(customers) or "owner_id" not in customers.columns:
        return tx, via
    _check_frame(customers, "客户表", ["customer_id"])
    owners = customers.dropna(subset=["owner_id"])
    owner_of = pd.Series(owners["owner_id"].astype(str).to_numpy(), index=owners["customer_id"].astype(str))
    owner_of = owner_of[~owner_of.index.duplicated()]
    key = tx["counterparty_id"].astype(str).map(owner_of)
    via = key.notna() & (key != tx["counterparty_id"].astype(str))
    if not via.any():
        return tx, via
    tx = tx.assign(payee_name=tx["counterparty_name"])
    tx.loc[via, "counterparty_id"] = key[via]
    tx.loc[via, "counterparty_name"] = _name_of(key[via], _names(customers))
    return tx, via


def _rule_converge(tx: pd.DataFrame, p: ScanParams, customers: pd.DataFrame | None = None) -> pd.DataFrame:
    ctype = tx["counterparty_type"]
    person_like = ~tx["counterparty_name"].fillna("").astype(str).str.contains("|".join(_ORG_WORDS), regex=True)
    eligible = ctype.isin(p.converge_types) | (ctype.isna() & person_like & ("个人" in p.converge_types))
    via = pd.Series(False, index=tx.index)
    if p.converge_owner:
        tx, via = _owner_keys(tx, customers)
        eligible = eligible | via
    t = tx[(tx["days"] >= 0) & eligible & (tx["counterparty_id"].astype(str) != tx["borrower"])]
    if t.empty:
        return _empty()
    # 先做数值聚合筛掉小额（证据编号只为命中的组收集，百万行时这一步决定速度）
    per = t.groupby(["counterparty_id", "loan_id"], sort=False).agg(
        borrower=("borrower", "first"), counterparty_name=("counterparty_name", "first"),
        amount=("amount", "sum"), loan_amount=("loan_amount", "first"),
        date=("date", "min"), days=("days", "min")).reset_index()
    per["share"] = per["amount"] / per["loan_amount"]
    # 普通供应商：付过款的借款人里，多数只付了贷款的一部分（分次付的货款），不是集中使用的目标
    big = per["share"] >= p.converge_min_share
    payers = per.groupby("counterparty_id", sort=False)["borrower"].nunique()
    big_payers = per[big].groupby("counterparty_id", sort=False)["borrower"].nunique()
    partial = 1 - big_payers.reindex(payers.index, fill_value=0) / payers
    supplier = partial[partial > p.converge_max_partial].index
    per = per[big & ~per["counterparty_id"].isin(supplier)]
    if per.empty:
        return _empty()
    # 每个收款方按日期排序；对每一笔，向后 converge_days 天内（含）有几位不同借款人 —— 用整体键 + searchsorted 向量化
    first = per.groupby(["counterparty_id", "borrower"], sort=False)["date"].min().reset_index()
    codes, _ = pd.factorize(first["counterparty_id"])
    day = (first["date"].to_numpy().astype("datetime64[D]").astype(np.int64))
    span = 1 << 22
    key = codes.astype(np.int64) * span + (day - day.min())
    order = np.argsort(key, kind="stable")
    skey = key[order]
    count = np.searchsorted(skey, skey + p.converge_days, side="right") - np.arange(len(skey))
    start = np.zeros(len(first), dtype=bool)
    start_idx = order[count >= p.converge_min_borrowers]
    if len(start_idx) == 0:
        return _empty()
    # 命中的窗口覆盖的所有记录
    pos = np.flatnonzero(count >= p.converge_min_borrowers)
    diff = np.zeros(len(skey) + 1, dtype=np.int64)
    np.add.at(diff, pos, 1)
    np.add.at(diff, pos + count[pos], -1)
    covered = np.cumsum(diff)[:-1] > 0
    start[order[covered]] = True
    hit_pairs = first[start][["counterparty_id", "borrower"]]
    n_by_cp = hit_pairs.groupby("counterparty_id")["borrower"].nunique()
    hit = per.merge(hit_pairs, on=["counterparty_id", "borrower"], how="inner")
    ev = t.merge(hit[["counterparty_id", "loan_id"]], on=["counterparty_id", "loan_id"], how="inner")
    ev = ev.sort_values("date").groupby(["counterparty_id", "loan_id"], sort=False)["txn_id"].agg(list)
    hit["txn_ids"] = pd.MultiIndex.from_frame(hit[["counterparty_id", "loan_id"]]).map(ev)
    hit["n"] = hit["counterparty_id"].map(n_by_cp)
    name = hit["counterparty_name"].fillna(hit["counterparty_id"]).astype(str)
    if via.any():
        # 经名下企业汇入的，写明是哪几家企业（只列命中的借款人实际付过款的企业）
        ev_via = t[via[t.index].to_numpy()].merge(hit[["counterparty_id", "loan_id"]], on=["counterparty_id", "loan_id"])
        firms = ev_via.groupby("counterparty_id")["payee_name"].agg(
            lambda v: "、".join(dict.fromkeys(str(x) for x in v if pd.notna(x))))
        extra = hit["counterparty_id"].map(firms)
        name = name.where(extra.isna(), name + "及其名下企业：" + extra.fillna("").astype(str))
    hit["explanation"] = (_WORDING["集中使用"] + "：" + hit["n"].astype(str) + " 位借款人的贷款资金在 "
                          + str(p.converge_days) + " 天内汇入同一收款方（" + name + "），本笔转出 "
                          + hit["amount"].map(_wan) + "，占贷款金额 " + (hit["share"] * 100).map("{:.1f}%".format)
                          + "。")
    hit["rule"] = "集中使用"
    hit["entity"] = hit["counterparty_id"]
    hit["customer_id"] = hit["borrower"]
    return hit[list(FINDING_COLUMNS)]


def _names(customers: pd.DataFrame | None) -> pd.Series:
    """客户编号 → 姓名（客户表有 name 列时）。"""
    if customers is None or not len(customers) or "name" not in customers.columns:
        return pd.Series(dtype=object)
    _check_frame(customers, "客户表", ["customer_id"])
    return pd.Series(customers["name"].to_numpy(), index=customers["customer_id"].astype(str)).dropna()


def _name_of(ids: pd.Series, names: pd.Series) -> pd.Series:
    """编号 → 姓名；客户表里没有的，用编号本身。"""
    got = ids.map(names).astype(object)
    return got.where(got.notna(), ids).astype(str)


def _rule_thirdparty_pay(transactions: pd.DataFrame, ln: pd.DataFrame, customers: pd.DataFrame | None,
                         guarantees: pd.DataFrame | None, p: ScanParams) -> pd.DataFrame:
    """一主体多笔还息：付款账户不是借款人，却把钱付进本行的贷款账户（对方账号是贷款编号）。

    借款人的法定代表人为企业贷款付款、借款人名下企业为其付款，视同借款人自己还款，不计入。
    同一付款人代还的贷款达到 ``thirdpay_min_loans`` 笔，该付款人代还的每笔贷款各报一行；
    否则同一笔贷款被代还达到 ``thirdpay_min_payments`` 次也报。
    """
    raw = transactions
    if not len(raw) or "counterparty_id" not in raw.columns:
        return _empty()
    is_out = raw["direction"].astype(str).isin(["出", "支出", "借"]).to_numpy()
    cp = raw["counterparty_id"].astype(str)
    loan_ids = pd.Index(ln["loan_id"])
    cand = raw.loc[is_out & raw["counterparty_id"].notna().to_numpy() & cp.isin(loan_ids).to_numpy()]
    if cand.empty:
        return _empty()
    t = pd.DataFrame({"txn_id": cand["txn_id"].astype(str).to_numpy(),
                      "payer": cand["account_owner"].astype(str).to_numpy(),
                      "loan_id": cand["counterparty_id"].astype(str).to_numpy(),
                      "date": pd.to_datetime(cand["date"], errors="coerce").to_numpy(),
                      "amount": pd.to_numeric(cand["amount"], errors="coerce").abs().to_numpy()})
    if t["date"].isna().any():
        raise InputError("交易日期", "有空值或无法识别的日期")
    if t["amount"].isna().any():
        raise InputError("交易金额", "有空值或非数字")
    t = t.merge(ln.rename(columns={"customer_id": "borrower", "amount": "loan_amount"}), on="loan_id", how="inner")
    t = t[t["payer"] != t["borrower"]]
    owner = pd.Series(dtype=object)
    group = pd.Series(dtype=object)
    if customers is not None and len(customers):
        _check_frame(customers, "客户表", ["customer_id"])
        cu = customers.set_index(customers["customer_id"].astype(str))
        if "owner_id" in cu.columns:
            owner = cu["owner_id"].dropna().astype(str)
        if "group_id" in cu.columns:
            group = cu["group_id"].dropna().astype(str)
    if len(owner):
        own = (t["borrower"].map(owner) == t["payer"]) | (t["payer"].map(owner) == t["borrower"])
        t = t[~own.fillna(False).to_numpy(dtype=bool)]
    if t.empty:
        return _empty()
    per = t.sort_values(["date", "txn_id"]).groupby(["payer", "loan_id"], sort=False).agg(
        customer_id=("borrower", "first"), guarantor_id=("guarantor_id", "first"), txn_ids=("txn_id", _txn_list),
        n=("txn_id", "size"), amount=("amount", "sum"), loan_amount=("loan_amount", "first"),
        first=("date", "min"), disburse_date=("disburse_date", "first")).reset_index()
    n_loans = per.groupby("payer")["loan_id"].transform("size")
    n_borrowers = per.groupby("payer")["customer_id"].transform("nunique")
    hit = per[(n_loans >= p.thirdpay_min_loans).to_numpy() | (per["n"] >= p.thirdpay_min_payments).to_numpy()].copy()
    if hit.empty:
        return _empty()
    hit["n_loans"] = n_loans[hit.index]
    hit["n_borrowers"] = n_borrowers[hit.index]
    # 付款人与借款人的已知关系
    relation = pd.Series("", index=hit.index, dtype=object)
    is_g = hit["guarantor_id"].notna() & (hit["guarantor_id"].astype(str) == hit["payer"])
    if guarantees is not None and len(guarantees):
        _check_frame(guarantees, "担保关系表", ["guarantor_id", "borrower_id"])
        pairs = pd.MultiIndex.from_frame(guarantees[["guarantor_id", "borrower_id"]].astype(str))
        is_g |= pd.MultiIndex.from_arrays([hit["payer"], hit["customer_id"]]).isin(pairs)
    relation[is_g.to_numpy()] = "付款人是该笔贷款的担保人，担保人代偿说明第一还款来源可能已出问题。"
    if len(group):
        same = (hit["payer"].map(group) == hit["customer_id"].map(group)).fillna(False).to_numpy(dtype=bool)
        relation[same & (relation == "").to_numpy()] = "付款人与借款人是已登记的关联方。"
    relation[relation == ""] = "付款人与借款人没有登记的关联关系或担保关系。"
    names = _names(customers)
    payer_name = _name_of(hit["payer"], names)
    borrower_name = _name_of(hit["customer_id"], names)
    hit["share"] = hit["amount"] / hit["loan_amount"]
    hit["days"] = (hit["first"] - hit["disburse_date"]).dt.days
    scope = np.where(hit["n_loans"] >= 2,
                     "为 " + hit["n_loans"].astype(str) + " 笔贷款（" + hit["n_borrowers"].astype(str) + " 位借款人）还款；其中",
                     "反复为别人的贷款还款：")
    hit["explanation"] = (_WORDING["一主体多笔还息"] + "：付款人“" + payer_name + "”不是借款人，却" + scope
                          + "借款人“" + borrower_name + "”的贷款 " + hit["loan_id"] + " 由其还款 "
                          + hit["n"].astype(str) + " 次共 " + hit["amount"].map(_wan) + "。" + relation
                          + "风险信号：关联关系未识别、借款主体不真实（冒名、顶名）、实际用款人另有其人；"
                          + "应核实付款人与借款人的关系和还款资金来源。")
    hit["rule"] = "一主体多笔还息"
    hit["entity"] = hit["payer"]
    hit["counterparty_id"] = hit["payer"]
    hit["counterparty_name"] = payer_name
    return hit[list(FINDING_COLUMNS)]


_SELF_TYPES = ("本人他行账户", "放款") + LOAN_REPAY_TYPES


def _rule_roundtrip(transactions: pd.DataFrame, ln: pd.DataFrame, customers: pd.DataFrame | None,
                    p: ScanParams) -> pd.DataFrame:
    """资金往返：同一账户转给某对手的钱，``roundtrip_days`` 天内又从同一对手转回，金额相差在容差内。

    每笔转出按时间顺序配对最早一笔尚未配对、符合条件的转入（一一配对）。不看本人账户之间、与贷款账户
    和银行自身账户的往来。转出能归到一笔贷款（有 loan_id，或在该客户放款后 ``attribute_days`` 天内）时，
    说明里写明是贷款资金。同一账户与同一对手的往返合成一行。
    """
    raw = transactions
    if not len(raw):
        return _empty()

    def col(name):
        return raw[name] if name in raw.columns else pd.Series(None, index=raw.index, dtype=object)

    d = raw["direction"].astype(str)
    name = col("counterparty_name")
    cp = col("counterparty_id").where(col("counterparty_id").notna(), name)
    f = pd.DataFrame({"txn_id": raw["txn_id"].astype(str), "owner": raw["account_owner"].astype(str),
                      "date": pd.to_datetime(raw["date"], errors="coerce"),
                      "amount": pd.to_numeric(raw["amount"], errors="coerce").abs(),
                      "cp": cp.astype(object), "cp_name": name.astype(object),
                      "loan_id": col("loan_id").astype(object),
                      "out": d.isin(["出", "支出", "借"]), "in": d.isin(["入", "收入", "贷"])})
    if f["date"].isna().any():
        raise InputError("交易日期", "有空值或无法识别的日期")
    if f["amount"].isna().any():
        raise InputError("交易金额", "有空值或非数字")
    ctype = _repay_types(raw, ln)
    names = f["cp_name"].fillna("").astype(str)
    skip = (f["cp"].isna() | (f["cp"].astype(str) == f["owner"]) | ctype.isin(_SELF_TYPES).to_numpy()
            | f["cp"].astype(str).isin(pd.Index(ln["loan_id"]))
            | names.str.contains("|".join(_LENDER_WORDS), regex=True))
    f = f[~skip.to_numpy()]
    f = f.assign(cp=f["cp"].astype(str))
    outs = f[f["out"] & (f["amount"] >= p.roundtrip_min_amount)]
    ins = f[f["in"]]
    if outs.empty or ins.empty:
        return _empty()
    c = outs[["txn_id", "owner", "cp", "cp_name", "date", "amount", "loan_id"]].merge(
        ins[["txn_id", "owner", "cp", "date", "amount"]], on=["owner", "cp"], suffixes=("_o", "_i"))
    c["gap"] = (c["date_i"] - c["date_o"]).dt.days
    c = c[(c["gap"] >= 0) & (c["gap"] <= p.roundtrip_days)
          & ((c["amount_i"] - c["amount_o"]).abs() <= p.roundtrip_tolerance * c["amount_o"] + 1e-9)]
    if c.empty:
        return _empty()
    c = c.sort_values(["date_o", "txn_id_o", "gap", "txn_id_i"], kind="stable")
    used_o: set[str] = set()
    used_i: set[str] = set()
    keep = []
    for i, o, n in zip(c.index, c["txn_id_o"], c["txn_id_i"]):
        if o in used_o or n in used_i:
            continue
        used_o.add(o)
        used_i.add(n)
        keep.append(i)
    pairs = c.loc[keep].copy()
    # 贷款资金：已标 loan_id 的照用，没标的按放款日期归属
    known = pairs["loan_id"].notna() & pairs["loan_id"].astype(str).isin(pd.Index(ln["loan_id"]))
    pairs["loan_id"] = pairs["loan_id"].astype(object).where(known, None)
    if (~known).any() and len(ln):
        left = pairs.loc[~known, ["txn_id_o", "owner", "date_o"]].rename(
            columns={"owner": "account_owner", "date_o": "date"})
        got = _attribute(left, ln, p.attribute_days)
        pairs.loc[pairs["txn_id_o"].isin(got["txn_id_o"]), "loan_id"] = (
            pairs["txn_id_o"].map(got.set_index("txn_id_o")["loan_id"]))
    pairs["txns"] = list(zip(pairs["txn_id_o"], pairs["txn_id_i"]))
    g = pairs.groupby(["owner", "cp"], sort=False).agg(
        counterparty_name=("cp_name", "first"), loan_id=("loan_id", "first"), n=("txn_id_o", "size"),
        amount=("amount_o", "sum"), back=("amount_i", "sum"), days=("gap", "max"), first=("date_o", "min"),
        txns=("txns", list)).reset_index()
    g = g[g["n"] >= p.roundtrip_min_times]
    if g.empty:
        return _empty()
    g["txn_ids"] = g["txns"].map(lambda ts: [t for pair in ts for t in pair])
    amounts = ln.set_index("loan_id")["amount"]
    g["share"] = g["amount"] / g["loan_id"].map(amounts).astype(float)
    owner_name = _name_of(g["owner"], _names(customers))
    cp_name = g["counterparty_name"].astype(object)
    cp_name = cp_name.where(cp_name.notna(), g["cp"]).astype(str)
    has_loan = g["loan_id"].notna()
    lead = pd.Series(np.where(has_loan, "贷款 " + g["loan_id"].astype(str) + " 的资金", "资金"), index=g.index)
    g["explanation"] = (_WORDING["资金往返"] + "：“" + owner_name + "”转给“" + cp_name + "”的" + lead + "，"
                        + g["n"].astype(str) + " 次在 " + g["days"].astype(int).astype(str) + " 天内由对方转回；"
                        + "共转出 " + g["amount"].map(_wan) + "、转回 " + g["back"].map(_wan) + "。"
                        + pd.Series(np.where(has_loan, "风险信号：贷款资金变相回流、虚增流水（刷流水）；",
                                             "风险信号：虚增流水（刷流水）、资金空转；"), index=g.index)
                        + "应核实交易背景（合同、发票、货物）和对方转回的理由。")
    g["rule"] = "资金往返"
    g["customer_id"] = g["owner"]
    g["counterparty_id"] = g["cp"]
    g["counterparty_name"] = cp_name
    g["entity"] = g["owner"] + "↔" + g["cp"]
    return g[list(FINDING_COLUMNS)]


# -- 担保圈（纯 Python 图算法） ---------------------------------------------------------

def _sccs(adj: dict[str, list[str]]) -> list[list[str]]:
    """Tarjan 强连通分量（迭代写法，不会递归过深）。"""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    out: list[list[str]] = []
    counter = 0
    for root in adj:
        if root in index:
            continue
        work = [(root, iter(adj.get(root, ())))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, it = work[-1]
            advanced = False
            for nxt in it:
                if nxt not in index:
                    index[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(adj.get(nxt, ()))))
                    advanced = True
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                comp = []
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    comp.append(w)
                    if w == node:
                        break
                if len(comp) > 1:
                    out.append(comp)
    return out


class Cycles(list):
    """:func:`guarantee_cycles` 的结果：环的列表，另有 ``truncated``——是否因达到 ``max_cycles`` 而停止。

    ``truncated`` 为 True 时列表不完整：大的联保群里环的数目随户数急剧增长，需要先按群拆开再看。
    """

    def __init__(self, cycles=(), *, truncated: bool = False, max_cycles: int | None = None):
        super().__init__(cycles)
        self.truncated = truncated
        self.max_cycles = max_cycles


def guarantee_cycles(guarantees: pd.DataFrame, *, max_len: int = 6, max_cycles: int = 10_000) -> Cycles:
    """担保关系（担保人 → 借款人）中的简单环路，每个环从编号最小的客户开始，按担保方向排列。

    先求强连通分量，只在分量内部做有限深度搜索（环长不超过 ``max_len``，环数不超过 ``max_cycles``）。
    返回 :class:`Cycles`（一个列表）；找到第 ``max_cycles`` 个环就停止，此时 ``truncated`` 为 True，
    说明还有没列出的环。
    ``max_len`` 为 2 到 20，``max_cycles`` 为 1 到 1,000,000。
    """
    _check_frame(guarantees, "担保关系表", ["guarantor_id", "borrower_id"])
    max_len = require_int(max_len, "担保圈最长户数", minimum=2, maximum=20)
    max_cycles = require_int(max_cycles, "最多环数", minimum=1, maximum=1_000_000)
    edges = guarantees[["guarantor_id", "borrower_id"]].dropna().astype(str).drop_duplicates()
    edges = edges[edges["guarantor_id"] != edges["borrower_id"]]
    adj: dict[str, list[str]] = {}
    for g, b in zip(edges["guarantor_id"], edges["borrower_id"]):
        adj.setdefault(g, []).append(b)
    cycles = Cycles(max_cycles=max_cycles)
    for comp in _sccs(adj):
        members = set(comp)
        for start in sorted(comp):
            # 只找以 start 为最小编号的环，避免同一个环重复出现
            path = [start]
            stack = [iter(sorted(n for n in adj.get(start, ()) if n in members and n >= start))]
            while stack:
                nxt = next(stack[-1], None)
                if nxt is None:
                    stack.pop()
                    path.pop()
                    continue
                if nxt == start:
                    if len(cycles) >= max_cycles:
                        cycles.truncated = True  # 还有第 max_cycles + 1 个环
                        return cycles
                    cycles.append(list(path))
                elif nxt not in path and len(path) < max_len:
                    path.append(nxt)
                    stack.append(iter(sorted(n for n in adj.get(nxt, ()) if n in members and n >= start)))
            # path 在栈清空时已回到空
    return cycles


def _rule_cycles(guarantees: pd.DataFrame, loans: pd.DataFrame, p: ScanParams) -> pd.DataFrame:
    cyc = guarantee_cycles(guarantees, max_len=p.cycle_max_len)
    if not cyc:
        return _empty()
    g = guarantees.astype({"borrower_id": str, "guarantor_id": str})
    loan_ids = {}
    if "loan_id" in g.columns:
        loan_ids = g.dropna(subset=["loan_id"]).groupby(["guarantor_id", "borrower_id"])["loan_id"].apply(
            lambda s: [str(x) for x in s]).to_dict()
    amounts = loans.set_index(loans["loan_id"].astype(str))["amount"] if "amount" in loans.columns else None
    rows = []
    cut = (f"（环数达到上限 {cyc.max_cycles:,} 个，只列出了一部分：请把联保群拆开逐群检查）"
           if cyc.truncated else "")
    for c in cyc:
        ring = c + [c[0]]
        links = list(zip(ring[:-1], ring[1:]))
        lids = [lid for a, b in links for lid in loan_ids.get((a, b), [])]
        amount = float(amounts.reindex(lids).sum()) if amounts is not None and lids else float("nan")
        desc = "，".join(f"{a} 为 {b} 担保" for a, b in links)
        kind = "互保" if len(c) == 2 else f"{len(c)} 户担保圈"
        rows.append({"rule": "担保圈", "loan_id": ",".join(lids) if lids else None, "customer_id": c[0],
                     "entity": ">".join(c), "counterparty_id": None, "counterparty_name": None, "txn_ids": (),
                     "amount": amount, "share": np.nan, "days": np.nan,
                     "explanation": f"{_WORDING['担保圈']}（{kind}）：{desc}，形成闭环；一户出险，"
                                    f"担保责任会在圈内连锁传导。{cut}"})
    return pd.DataFrame(rows, columns=list(FINDING_COLUMNS))


# -- 主入口 ---------------------------------------------------------------------------

def scan(transactions: pd.DataFrame, loans: pd.DataFrame, customers: pd.DataFrame | None = None,
         guarantees: pd.DataFrame | None = None, *, params: ScanParams = ScanParams(),
         rules: Iterable[str] = RULES) -> pd.DataFrame:
    """扫描资金流水，每个发现一行：rule, loan_id, customer_id, entity, counterparty_id, counterparty_name,
    txn_ids（证据交易编号的元组）, amount（元）, share（占贷款金额）, days（放款后天数）, explanation（中文说明）。

    ``customers`` 用于识别法定代表人（owner_id）与关联方（group_id）；``guarantees``（guarantor_id, borrower_id,
    loan_id）用于识别担保人和担保圈。没有担保关系表时，用贷款表的 guarantor_id 构造。

    ``rules`` 默认是 :data:`RULES`；可选规则（:data:`OPTIONAL_RULES`）要点名启用，例如
    ``scan(..., rules=ALL_RULES)`` 或 ``rules=["一主体多笔还息"]``。
    """
    if not isinstance(params, ScanParams):
        raise InputError("扫描参数", "应为 ScanParams", type(params).__name__)
    rules = _check_rules(rules)
    transactions = _clean_txns(_plain(transactions, "交易流水"))
    loans = _plain(loans, "贷款表")
    customers = None if customers is None else _plain(customers, "客户表")
    guarantees = None if guarantees is None else _plain(guarantees, "担保关系表")
    ln = _prep_loans(loans)
    parts = []
    need_tx = any(r in rules for r in ("回流", "流入限制性领域", "集中使用"))
    if need_tx:
        tx = _prep_txns(transactions, ln, params)
        if "回流" in rules:
            parts.append(_rule_return(tx, customers, guarantees, params))
        if "流入限制性领域" in rules:
            parts.append(_rule_restricted(tx, params))
        if "集中使用" in rules:
            parts.append(_rule_converge(tx, params, customers))
    if "以贷还贷" in rules:
        _check_frame(transactions, "交易流水", ["txn_id", "account_owner", "date", "direction", "amount"])
        parts.append(_rule_refinance(transactions, None, ln, params))
    if "担保圈" in rules:
        g = guarantees
        if g is None:
            g = ln.dropna(subset=["guarantor_id"]).rename(columns={"customer_id": "borrower_id"})[
                ["guarantor_id", "borrower_id", "loan_id"]]
        parts.append(_rule_cycles(g, ln, params))
    if "一主体多笔还息" in rules:
        _check_frame(transactions, "交易流水", ["txn_id", "account_owner", "date", "direction", "amount"])
        parts.append(_rule_thirdparty_pay(transactions, ln, customers, guarantees, params))
    if "资金往返" in rules:
        _check_frame(transactions, "交易流水", ["txn_id", "account_owner", "date", "direction", "amount"])
        parts.append(_rule_roundtrip(transactions, ln, customers, params))
    parts = [p for p in parts if len(p)]
    if not parts:
        return _empty()
    out = pd.concat(parts, ignore_index=True)
    out["rule"] = pd.Categorical(out["rule"], categories=list(ALL_RULES))
    out = out.sort_values(["rule", "loan_id", "amount"], ascending=[True, True, False], kind="stable")
    out["rule"] = out["rule"].astype(str)
    out["txn_ids"] = out["txn_ids"].map(tuple)  # 编号一律为元组：可比较、可哈希，drop_duplicates 可用
    return out.reset_index(drop=True)


# -- 与埋设真值比对 ---------------------------------------------------------------------

def _cycle_key(entity: str) -> str:
    parts = [p.strip() for p in str(entity).replace("→", ">").split(">") if p.strip()]
    return ">".join(sorted(set(parts)))


def score(findings: pd.DataFrame, truth: pd.DataFrame, *, rules: Iterable[str] = RULES) -> pd.DataFrame:
    """按规则计算精确率与召回率：发现与真值按 entity 比对（回流、流入限制性领域、以贷还贷为贷款编号；
    集中使用为收款方；担保圈按环上客户的集合，不论从哪一户写起；可选规则一主体多笔还息为付款人，资金往返为“账户↔对手”）。
    可选规则要评分时传 ``rules=ALL_RULES``。

    返回以规则为行的表：真值数、发现数、命中数、精确率、召回率。
    """
    _check_frame(findings, "扫描结果", ["rule", "entity"])
    _check_frame(truth, "真值表", ["kind", "entity"])
    rules = _check_rules(rules)
    rows = []
    for rule in rules:
        f = findings.loc[findings["rule"] == rule, "entity"].dropna().astype(str)
        t = truth.loc[truth["kind"] == rule, "entity"].dropna().astype(str)
        if rule == "担保圈":
            f, t = f.map(_cycle_key), t.map(_cycle_key)
        fs, ts = set(f), set(t)
        tp = len(fs & ts)
        rows.append({"规则": rule, "真值数": len(ts), "发现数": len(fs), "命中数": tp,
                     "精确率": tp / len(fs) if fs else np.nan, "召回率": tp / len(ts) if ts else np.nan})
    return pd.DataFrame(rows).set_index("规则")


# -- 读取上传的银行流水 -------------------------------------------------------------------

#: 目标列 → 可接受的列名（中文、英文，不区分大小写）
STATEMENT_ALIASES: dict[str, tuple[str, ...]] = {
    "txn_id": ("txn_id", "交易流水号", "流水号", "交易编号", "凭证号", "交易序号", "序号"),
    "account_owner": ("account_owner", "户名", "账户户名", "本方户名", "客户编号", "账户名称"),
    "loan_id": ("loan_id", "贷款编号", "借据号"),
    "date": ("date", "交易日期", "日期", "记账日期", "交易时间", "入账日期"),
    "direction": ("direction", "收支方向", "借贷标志", "借贷方向", "收付标志", "方向"),
    "amount": ("amount", "交易金额", "金额", "发生额"),
    "income": ("收入金额", "贷方发生额", "收入", "贷方金额", "credit"),
    "expense": ("支出金额", "借方发生额", "支出", "借方金额", "debit"),
    "counterparty_id": ("counterparty_id", "对方账号", "对方账户", "对方卡号"),
    "counterparty_name": ("counterparty_name", "对方户名", "对方名称", "对方账户名称", "交易对手"),
    "counterparty_type": ("counterparty_type", "对方类型"),
    "memo": ("memo", "摘要", "用途", "附言", "备注", "交易摘要"),
}
_LABELS = {"date": "交易日期", "amount": "交易金额（或收入金额、支出金额两列）", "direction": "收支方向",
           "counterparty": "对方户名或对方账号"}
_DIR_MAP = {"入": "入", "收入": "入", "收": "入", "贷": "入", "贷方": "入", "in": "入", "credit": "入", "c": "入",
            "出": "出", "支出": "出", "付": "出", "借": "出", "借方": "出", "out": "出", "debit": "出", "d": "出"}


_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def _decode(raw: bytes) -> str:
    # 有的系统导出 GBK 内容却在开头写了 UTF-8 的 BOM：先去掉 BOM，再按 UTF-8、GBK（GB18030）依次尝试
    if raw[:2] in _BOMS[1:]:
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            pass
    body = raw[3:] if raw.startswith(_BOMS[0]) else raw
    for enc in ("utf-8", "gb18030"):
        try:
            return body.decode(enc)
        except UnicodeDecodeError:
            continue
    raise InputError("银行流水", "无法识别文件编码；请在 Excel 里“另存为”CSV UTF-8 或 .xlsx 文件后再上传")


#: 小计、合计、承前页等汇总行：不是交易，跳过
_SUMMARY_WORDS = ("合计", "小计", "总计", "累计", "承前页", "过次页", "承上页", "转下页", "本页", "期初余额",
                  "期末余额", "上日余额", "本日余额")


def _norm_header(cell: Any) -> str:
    """列名规整：全角转半角、去空白、去掉单位括注（“收入金额（元）” → “收入金额”）、不分大小写。"""
    import re
    import unicodedata

    text = unicodedata.normalize("NFKC", str(cell)).strip().lower()
    text = re.sub(r"\s+", "", text)
    return re.sub(r"\((元|人民币|rmb|cny|¥)\)$", "", text)


def _header_map(cells: Iterable[Any]) -> dict[str, str]:
    lookup = {_norm_header(alias): target for target, aliases in STATEMENT_ALIASES.items() for alias in aliases}
    out: dict[str, str] = {}
    for c in cells:
        key = _norm_header(c)
        if key in lookup and lookup[key] not in out.values():
            out[str(c)] = lookup[key]
    return out


def _read_raw(source: Any) -> tuple[pd.DataFrame, str]:
    name = ""
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        if not path.exists():
            raise InputError("银行流水", "文件不存在", str(source))
        if path.is_dir():
            raise InputError("银行流水", "是一个文件夹，请给出其中的流水文件（.csv 或 .xlsx）", str(source))
        name = path.name.lower()
        raw = path.read_bytes()
    elif isinstance(source, (bytes, bytearray)):
        raw = bytes(source)
    elif hasattr(source, "read"):
        try:
            raw = source.read()
        except (OSError, ValueError) as exc:
            raise InputError("银行流水", f"文件无法读取（{type(exc).__name__}）") from exc
        name = str(getattr(source, "name", "")).lower()
        if isinstance(raw, str):
            return _parse_csv(raw), "csv"
    else:
        raise InputError("银行流水", "应为文件路径、字节或文件对象", type(source).__name__)
    if not raw:
        raise InputError("银行流水", "文件为空")
    if raw[:4] == b"PK\x03\x04" or name.endswith((".xlsx", ".xlsm")):
        try:
            return pd.read_excel(io.BytesIO(raw), header=None, dtype=str), "excel"
        except Exception as exc:  # openpyxl 的各种异常
            raise InputError("银行流水", f"Excel 文件无法读取（{type(exc).__name__}）") from exc
    if raw[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" or name.endswith(".xls"):
        raise InputError("银行流水", "暂不支持旧版 .xls 文件，请另存为 .xlsx 或 CSV")
    return _parse_csv(_decode(raw)), "csv"


def _parse_csv(text: str) -> pd.DataFrame:
    """容忍表头前的说明行（列数不同）：自选分隔符，逐行解析后补齐列数。"""
    import csv

    lines = [ln for ln in text.splitlines() if ln.strip()][:40]
    best, best_n = ",", 0
    for delim in (",", "\t", ";", "|"):
        n = max((len(next(csv.reader([ln], delimiter=delim))) for ln in lines), default=0)
        if n > best_n:
            best, best_n = delim, n
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=best))
    except csv.Error as exc:
        raise InputError("银行流水", "CSV 格式无法解析，请检查分隔符与引号") from exc
    rows = [r for r in rows if any(c.strip() for c in r)]
    width = max((len(r) for r in rows), default=0)
    frame = pd.DataFrame([r + [""] * (width - len(r)) for r in rows], dtype=object)
    return frame.replace({"": None})


def _cell_text(v: Any) -> str:
    return "" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v).strip()


def read_statement(path_or_buffer: Any, *, account_owner: str | None = None) -> pd.DataFrame:
    """读取上传的银行流水（CSV：UTF-8、UTF-8 带 BOM、GBK（含带 BOM 的 GBK），自动识别；或 Excel .xlsx）。

    列名可以是中文（交易日期、收支方向、交易金额、对方户名、摘要……）或英文（date、direction、amount……），
    可带单位括注（“收入金额（元）”）；表头前的标题、账号、户名等说明行自动跳过。
    金额可写 1234.5、1,234.50、￥1,234.50、1234.50元；日期可写 2024-05-06、2024/5/6、2024年5月6日、20240506。
    只有“收入金额/支出金额”（或借方/贷方发生额）两列时自动换算方向与金额；只有一列金额时，负数表示支出。
    合计、小计、承前页、过次页、期初/期末余额等汇总行，以及日期与金额都空的说明行自动跳过。
    读不了时抛出 InputError，说明哪一列、哪一行、要怎么改。返回列见 :data:`TXN_COLUMNS`；
    没有对方类型时按对方户名和摘要推断（房地产开发商、证券期货公司、理财产品、本行贷款）。
    """
    if account_owner is not None and (not isinstance(account_owner, str) or not account_owner.strip()):
        raise InputError("账户户名", "应为文字（客户编号或户名）", account_owner)
    df, _kind = _read_raw(path_or_buffer)
    df = df.dropna(how="all")
    if df.empty:
        raise InputError("银行流水", "没有数据行")
    header_row, mapping = None, {}
    for i in range(min(len(df), 30)):
        m = _header_map(df.iloc[i].dropna().tolist())
        if len(m) >= 2:
            header_row, mapping = i, m
            break
    if header_row is None:
        expected = "；".join(f"{_LABELS[k]}" for k in ("date", "amount", "direction", "counterparty"))
        raise InputError("银行流水", f"找不到表头；应包含这些列：{expected}")
    header = [str(c).strip() if pd.notna(c) else f"_col{j}" for j, c in enumerate(df.iloc[header_row])]
    body = df.iloc[header_row + 1:].copy()
    body.columns = header
    body = body.rename(columns={k.strip(): v for k, v in mapping.items()})
    body = body.loc[:, ~body.columns.duplicated()]
    have = set(body.columns)
    missing = []
    if "date" not in have:
        missing.append(_LABELS["date"])
    split = "amount" not in have and ("income" in have or "expense" in have)
    if "amount" not in have and not split:
        missing.append(_LABELS["amount"])
    if "counterparty_name" not in have and "counterparty_id" not in have:
        missing.append(_LABELS["counterparty"])
    if missing:
        raise InputError("银行流水", "缺少列：" + "、".join(missing) + "。可用列名示例：交易日期、收支方向、"
                                     "交易金额、对方户名、对方账号、摘要（或 date、direction、amount、"
                                     "counterparty_name）")

    # 跳过不是交易的行：重复的表头（分页导出）、汇总行（合计、承前页……）、日期与金额都空的说明行
    money_cols = [c for c in ("amount", "income", "expense") if c in body.columns]
    text = body.apply(lambda col: col.map(_cell_text))
    date_txt = text["date"]
    is_header = date_txt.map(lambda v: _header_map([v]) != {} and _header_map([v]).get(v) == "date")
    summary = text.apply(lambda row: any(w in cell for cell in row for w in _SUMMARY_WORDS), axis=1)
    no_money = (text[money_cols] == "").all(axis=1)
    parsed_date = date_txt.map(lambda v: v != "" and _try_date(v))
    skip = is_header | (summary & ~parsed_date) | (summary & no_money) | ((date_txt == "") & no_money)
    body = body.loc[~skip.to_numpy()]
    text = text.loc[~skip.to_numpy()]
    if body.empty:
        raise InputError("银行流水", "表头下面没有交易行")
    rowno = pd.Series(np.arange(1, len(body) + 1), index=body.index)

    def where(mask: pd.Series) -> str:
        return f"（表头下第 {int(rowno[mask].iloc[0])} 笔交易）"

    def num(col: str, label: str) -> pd.Series:
        try:
            return numeric_column(text[col].replace("", None), label, allow_missing=True)
        except InputError as exc:
            bad = text[col] == str(exc.value) if exc.value is not None else text[col] != ""
            raise InputError(label, exc.problem + where(bad), exc.value) from None

    out = pd.DataFrame(index=body.index)
    if split:
        zero = pd.Series(np.nan, index=body.index)
        inc = num("income", "收入金额") if "income" in body else zero
        exp = num("expense", "支出金额") if "expense" in body else zero
        inc_v, exp_v = inc.fillna(0.0).abs(), exp.fillna(0.0).abs()
        blank = (inc_v == 0) & (exp_v == 0) & inc.isna() & exp.isna()
        if blank.any():
            raise InputError("收入金额、支出金额", "都为空" + where(blank) + "：请填上金额，或删去这一行")
        both = (inc_v > 0) & (exp_v > 0)
        if both.any():
            raise InputError("收入金额、支出金额", "同一行都有金额" + where(both) + "：请拆成两行，一收一支")
        out["direction"] = np.where(exp_v > 0, "出", "入")
        out["amount"] = np.where(exp_v > 0, exp_v, inc_v)
    else:
        amt = num("amount", "交易金额")
        if amt.isna().any():
            raise InputError("交易金额", "有空值" + where(amt.isna()) + "：请填上金额，或删去这一行")
        if "direction" in body:
            d = text["direction"].str.lower().map(_DIR_MAP)
            if d.isna().any():
                raise InputError("收支方向", _DIRECTION_HINT + where(d.isna()), text["direction"][d.isna()].iloc[0])
            out["direction"] = d.where(amt >= 0, "出")
        else:
            if not (amt < 0).any():
                raise InputError("银行流水", "缺少列：" + _LABELS["direction"] + "。只有一列金额时，支出应写成负数；"
                                             "或者加一列“收支方向”（入/出），或用“收入金额”“支出金额”两列")
            out["direction"] = np.where(amt < 0, "出", "入")
        out["amount"] = amt.abs()
    try:
        dates = date_column(text["date"].replace("", None), "交易日期")
    except InputError as exc:
        bad = (text["date"] == "") if exc.value is None else (text["date"] == str(exc.value))
        raise InputError("交易日期", exc.problem + (where(bad) if bad.any() else ""), exc.value) from None
    out["date"] = dates.dt.normalize()
    out["txn_id"] = (body["txn_id"].astype(str) if "txn_id" in body
                     else [f"S{i:05d}" for i in range(1, len(body) + 1)])
    if "account_owner" in body:
        out["account_owner"] = body["account_owner"].astype(str)
    else:
        out["account_owner"] = account_owner
    if account_owner is not None:
        out["account_owner"] = account_owner.strip()
    for c in ("loan_id", "counterparty_id", "counterparty_name", "counterparty_type", "memo"):
        out[c] = body[c].where(body[c].notna(), None) if c in body else None
    if out["counterparty_type"].isna().any():
        guess = infer_counterparty_type(out["counterparty_name"], out["memo"])
        out["counterparty_type"] = out["counterparty_type"].where(out["counterparty_type"].notna(), guess)
    out["amount"] = out["amount"].astype(float)
    return out[list(TXN_COLUMNS)].reset_index(drop=True)


def _try_date(text: str) -> bool:
    from .errors import _parse_date_text

    return _parse_date_text(text) is not None


def match_staff_relatives(findings: pd.DataFrame, register: pd.DataFrame) -> pd.DataFrame:
    """把扫描发现的收款方和员工近亲属登记表对照。

    ``findings`` 需要 ``counterparty_name``、``loan_id``、``amount`` 三列（:func:`scan` 的结果即可）；
    ``register`` 是员工近亲属登记表，需要 ``姓名``、``员工``、``关系`` 三列。收款方户名与登记的姓名
    完全相同（去掉首尾空格）才算命中；没有单一收款方的发现（如担保圈）不会命中；一个姓名登记在
    多位员工名下时报错，要先在登记表里核清。

    返回每条发现一行：原有三列加 ``员工``、``关系``（未命中为空字符串）和 ``渠道``
    （命中为“员工某某的配偶”之类，未命中为“非员工近亲属”）。
    """
    f = require_frame(findings, "扫描发现", ["counterparty_name", "loan_id", "amount"])
    r = require_frame(register, "员工近亲属登记表", ["姓名", "员工", "关系"])
    reg = r[["姓名", "员工", "关系"]].copy()
    for col in ("姓名", "员工", "关系"):
        if reg[col].isna().any() or not reg[col].map(lambda v: isinstance(v, str) and v.strip() != "").all():
            raise InputError("员工近亲属登记表", f"“{col}”列每一行都要填文字")
        reg[col] = reg[col].str.strip()
    reg = reg.drop_duplicates()
    dup = reg["姓名"][reg["姓名"].duplicated()]
    if len(dup):
        raise InputError("员工近亲属登记表", "同一姓名登记在多位员工名下，请先核清", dup.iloc[0])
    amounts = numeric_column(f["amount"], "金额")
    if f["loan_id"].isna().any():
        raise InputError("扫描发现", "“贷款编号”（loan_id）列有空值")
    out = pd.DataFrame({"counterparty_name": f["counterparty_name"].fillna("").astype(str).str.strip(),
                        "loan_id": f["loan_id"].values, "amount": amounts.values})
    out = out.merge(reg, left_on="counterparty_name", right_on="姓名", how="left").drop(columns="姓名")
    hit = out["员工"].notna()
    out["员工"] = out["员工"].fillna("")
    out["关系"] = out["关系"].fillna("")
    out["渠道"] = np.where(hit, "员工" + out["员工"] + "的" + out["关系"], "非员工近亲属")
    return out.reset_index(drop=True)


def entrusted_cover(loans: pd.DataFrame, findings: pd.DataFrame, threshold: float) -> pd.DataFrame:
    """受托支付的起点定在哪里，能拦住多少已经发生的挪用：金额达到 ``threshold`` 的贷款按受托支付（钱直接付给
    合同上的交易对象），它们名下的扫描发现（流入限制性领域、回流……）就不会发生；低于起点的自主支付，照旧。

    ``loans`` 列 ``loan_id``、``customer_id``、``amount``；``findings`` 为 :func:`scan` 的结果（``loan_id``、``rule``、
    ``amount``）。每笔贷款一行：借款人、金额、支付方式、问题金额、问题类型、拦得住吗。attrs：``受托笔数``（要收合同、
    付给交易对象的笔数，即工作量）、``拦住的问题金额``、``漏掉的问题金额``。起点是本行制度的参数，不是监管数字。
    """
    ln = _plain(loans, "贷款表")
    ln = _check_frame(ln, "贷款表", ["loan_id", "customer_id", "amount"])
    if ln.empty:
        raise InputError("贷款表", "没有贷款")
    amt = numeric_column(ln["amount"], "贷款表的 amount")
    if (amt < 0).any():
        raise InputError("贷款表的 amount", "有负数金额")
    fd = _plain(findings, "扫描结果")
    fd = _check_frame(fd, "扫描结果", ["loan_id", "rule", "amount"])
    line = require_non_negative(threshold, "受托支付起点")
    if line > 1e9:
        raise InputError("受托支付起点", "超出合理范围，请检查单位是否为元", threshold)
    fa = numeric_column(fd["amount"], "扫描结果的 amount") if len(fd) else pd.Series(dtype=float)
    issue = fa.groupby(fd["loan_id"].astype(str).to_numpy()).sum() if len(fd) else pd.Series(dtype=float)
    kinds = fd.groupby(fd["loan_id"].astype(str))["rule"].agg(lambda s: "、".join(dict.fromkeys(map(str, s)))) \
        if len(fd) else pd.Series(dtype=object)
    ids = ln["loan_id"].astype(str)
    entrusted = (amt >= line).to_numpy()
    problem = ids.map(issue).fillna(0.0).to_numpy(float)
    out = pd.DataFrame({"贷款": ids.to_numpy(), "借款人": ln["customer_id"].astype(str).to_numpy(),
                        "金额": amt.to_numpy(float), "支付方式": np.where(entrusted, "受托支付", "自主支付"),
                        "问题金额": problem, "问题类型": ids.map(kinds).fillna("").to_numpy(),
                        "拦得住吗": np.where(problem > 0, np.where(entrusted, "拦得住", "拦不住"), "")})
    out.attrs.update({"受托笔数": int(entrusted.sum()),
                      "拦住的问题金额": float(problem[entrusted].sum()),
                      "漏掉的问题金额": float(problem[~entrusted].sum())})
    return out


__all__ += ["entrusted_cover"]
