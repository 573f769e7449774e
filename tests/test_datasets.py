"""教学银行数据：确定性、参照完整性、取值范围、埋设模式可被简单规则找出、坏参数。"""
from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coursekit import datasets as ds
from coursekit.datasets import LPR_1Y, MONTHS, TeachingBank, teaching_bank
from coursekit.errors import InputError

RESTRICTED = {"房地产开发商", "证券期货公司", "理财产品"}


@pytest.fixture(scope="module", params=[(0, 2000), (5, 3000)], ids=["默认", "种子5"])
def bank(request) -> TeachingBank:
    seed, n = request.param
    return teaching_bank(seed=seed, n_customers=n)


def _loan_outflows(bank):
    tx = bank.transactions
    out = tx[(tx["direction"] == "出") & tx["loan_id"].notna()].copy()
    out["loan_id"] = out["loan_id"].astype(str)
    out = out.merge(bank.loans[["loan_id", "customer_id", "amount", "disburse_date", "guarantor_id"]],
                    on="loan_id")
    out["days"] = (out["date"] - out["disburse_date"]).dt.days
    out["share"] = out["amount_x"] / out["amount_y"]
    out["counterparty_id"] = out["counterparty_id"].astype(str)
    return out


def _truth(bank, kind):
    return set(bank.truth.loc[bank.truth["kind"] == kind, "entity"])


def _near(bank, kind):
    return set(bank.near_misses.loc[bank.near_misses["kind"] == kind, "entity"])


# ---------------------------------------------------------------- 确定性 ----
def test_same_seed_same_tables_without_cache():
    a, b = ds._build(7, 600), ds._build(7, 600)
    for name in a.tables:
        pd.testing.assert_frame_equal(a.tables[name], b.tables[name], check_exact=True)


#: teaching_bank(0) 每张表的指纹：全书笔记本的隐藏断言依赖这些数字。
#: 这里失败说明现有的表变了（见 CONTRIBUTING.md“教学银行的随机流”）。
FINGERPRINT_SEED0 = {
    "branches": "288134a31ce79859",
    "clusters": "3b7acf28580b5679",
    "managers": "d1f840dbc21246fe",
    "customers": "8dbb3c7f5d606c05",
    "products": "d2c9d3031b57ddfb",
    "holdings": "2c268236b47baba3",
    "balances": "9deba6566456398a",
    "loans": "a9678be51b69d31c",
    "overdue_history": "374821990df87c7c",
    "guarantees": "88a159bd6fccae3b",
    "transactions": "881914c46b589979",
    "truth": "c662ca022fccc979",
    "near_misses": "d7f830a0db6b0633",
}
#: 证据交易编号改成元组以前（逗号连接的字符串）的指纹：编号本身没有变
FINGERPRINT_SEED0_COMMA_IDS = {"truth": "3c16aab198970e30", "near_misses": "6a4603eeb34ba6e7"}


def _fingerprint(df: pd.DataFrame) -> str:
    """列名、类型与全部取值（CSV 中浮点数按最短往返表示，逐位精确）的 SHA-256 前 16 位。"""
    h = hashlib.sha256()
    h.update(repr([(c, str(t)) for c, t in df.dtypes.items()]).encode())
    h.update(df.to_csv(index=False, lineterminator="\n").encode())
    return h.hexdigest()[:16]


#: 营销数据（各用自己的随机流）的指纹：工具箱营销页的隐藏断言依赖这些数字。
FINGERPRINT_MARKETING_SEED0 = {
    "population": "d0ef76b60bd519dd",
    "cluster_facts": "26f3cdafe4bf1670",
    "retail_products": "1e62363b5234d0bc",
    "settlement": "4d6db97ca1e58a27",
    "corporates": "9783df11946895ca",
    "core_firms": "7797d2b33afd45f7",
    "trade_flows": "729dced9a3014382",
    "employees": "e0c2c068d596cbd1",
    "campaigns": "edd27bad661dcec4",
    "activity_log": "b6e10f6c7c1108cf",
    "wechat_groups": "1db57f37c0e701d8",
    "wechat_members": "19e925a8b4619867",
    "wechat_messages": "9d78d42ca14cb4f9",
    "referrals": "43adeae610bfd958",
    "outcomes": "8c98b732f7f8ca48",
}


#: 团队管理数据（模块 5–7，随机流“团队活动”）的指纹：m01-c08 与团队管理工具箱页的断言依赖这些数字。
FINGERPRINT_TEAM_SEED0 = {"manager_activity": "c2ccd1b113d8d835"}


def test_teaching_bank_fingerprint():
    bank = teaching_bank(0)
    tables = bank.tables
    assert set(tables) == set(FINGERPRINT_SEED0) | set(FINGERPRINT_MARKETING_SEED0) | set(FINGERPRINT_TEAM_SEED0)
    assert {name: _fingerprint(tables[name]) for name in FINGERPRINT_TEAM_SEED0} == FINGERPRINT_TEAM_SEED0
    assert {name: _fingerprint(tables[name]) for name in FINGERPRINT_SEED0} == FINGERPRINT_SEED0
    assert {name: _fingerprint(tables[name]) for name in FINGERPRINT_MARKETING_SEED0} == FINGERPRINT_MARKETING_SEED0
    for name, want in FINGERPRINT_SEED0_COMMA_IDS.items():
        df = tables[name]
        assert _fingerprint(df.assign(txn_ids=df["txn_ids"].map(",".join))) == want


def test_marketing_tables_leave_legacy_tables_alone():
    """只跑旧步骤得到的旧表，与跑完全部步骤（含营销数据）得到的旧表逐字节相同。"""
    for seed in (1, 2):
        w = ds._World(seed=seed, n=2000, scale=1.0, legacy=np.random.default_rng(seed))
        for stage in ds._LEGACY_STAGES:
            stage(w)
        full = ds._world(seed, 2000)
        for name in FINGERPRINT_SEED0:
            pd.testing.assert_frame_equal(ds._TABLE_BUILDERS[name](w), ds._TABLE_BUILDERS[name](full),
                                          check_exact=True)


def test_fingerprint_sees_one_changed_value():
    loans = teaching_bank(0).loans
    assert _fingerprint(loans) == FINGERPRINT_SEED0["loans"]
    loans.loc[len(loans) - 1, "amount"] += 0.01
    assert _fingerprint(loans) != FINGERPRINT_SEED0["loans"]


def test_new_stream_is_spawned_child_and_leaves_legacy_tables_alone():
    """新表的随机流是 SeedSequence(seed).spawn 的第 i 个子流；从它抽再多的数，旧流也不动。"""
    names = ("营销名单", "问卷")
    got = ds._stream(3, "问卷", names).random(5)
    want = np.random.default_rng(np.random.SeedSequence(3).spawn(2)[1]).random(5)
    np.testing.assert_array_equal(got, want)
    assert not np.array_equal(ds._stream(3, "营销名单", names).random(5), got)
    assert not np.array_equal(np.random.default_rng(3).random(5), ds._stream(3, "营销名单", names).random(5))
    with pytest.raises(KeyError):
        ds._stream(3, "未登记", names)

    # 在全部旧步骤之后插入一个“新表”步骤，大量抽样，再组装旧表：指纹不变
    world = ds._world(0, 2000)
    ds._stream(0, "营销名单", names).random(100_000)
    tables = {name: ds._TABLE_BUILDERS[name](world) for name in FINGERPRINT_SEED0}
    assert {k: _fingerprint(v) for k, v in tables.items()} == FINGERPRINT_SEED0


def test_world_refuses_to_overwrite_an_earlier_result():
    world = ds._World(seed=0)
    world.update(a=1)
    with pytest.raises(RuntimeError):
        world.update(a=2)


def test_different_seed_different_world():
    a, b = ds._build(1, 600), ds._build(2, 600)
    assert not a.customers["name"].equals(b.customers["name"])
    assert a.loans["amount"].sum() != b.loans["amount"].sum()


def test_returned_copies_are_independent():
    first = teaching_bank()
    first.loans.loc[0, "amount"] = -1.0
    first.customers["name"] = "改动"
    again = teaching_bank()
    assert again.loans.loc[0, "amount"] > 0
    assert (again.customers["name"] != "改动").all()


def test_describe_and_tables(bank):
    d = bank.describe()
    assert list(d.columns) == ["表名", "行数", "列数", "说明"]
    assert set(d["表名"]) >= {"branches", "clusters", "managers", "customers", "products", "holdings", "balances",
                             "loans", "overdue_history", "guarantees", "transactions", "truth"}
    assert d.set_index("表名").loc["customers", "行数"] == bank.n_customers


# ------------------------------------------------------------- 参照完整性 ----
def _check_integrity(b: TeachingBank):
    cust = set(b.customers["customer_id"])
    loans = set(b.loans["loan_id"])
    assert b.customers["customer_id"].is_unique and b.loans["loan_id"].is_unique
    assert b.transactions["txn_id"].is_unique
    assert set(b.customers["cluster_id"].astype(str)) <= set(b.clusters["cluster_id"])
    assert set(b.clusters["branch_id"]) <= set(b.branches["branch_id"])
    assert set(b.managers["branch_id"]) <= set(b.branches["branch_id"])
    # 客户经理与客户同支行；客户的支行就是客群的支行
    c = b.customers.merge(b.managers[["manager_id", "branch_id"]].rename(columns={"branch_id": "mb"}),
                          left_on=b.customers["manager_id"].astype(str), right_on="manager_id")
    assert (c["branch_id"].astype(str) == c["mb"]).all()
    cb = b.customers["cluster_id"].astype(str).map(b.clusters.set_index("cluster_id")["branch_id"])
    assert (cb == b.customers["branch_id"].astype(str)).all()
    ctype = b.customers.set_index("customer_id")["ctype"].astype(str)
    emp = b.customers.dropna(subset=["employer_id"])
    assert set(emp["ctype"]) == {"代发工资员工"}
    assert (ctype.loc[emp["employer_id"]] == "小微企业").all()
    firms = b.customers[b.customers["ctype"] == "小微企业"]
    assert firms["owner_id"].notna().all() and firms["age_band"].isna().all()
    assert (ctype.loc[firms["owner_id"]] == "小微企业主").all()
    assert b.customers.loc[b.customers["ctype"] != "小微企业", "owner_id"].isna().all()
    assert set(b.loans["customer_id"]) <= cust
    assert set(b.loans["manager_id"]) <= set(b.managers["manager_id"])
    assert set(b.loans["guarantor_id"].dropna()) <= cust
    assert set(b.guarantees["loan_id"]) <= loans
    assert set(b.guarantees["guarantor_id"]) | set(b.guarantees["borrower_id"]) <= cust
    g = b.guarantees.merge(b.loans[["loan_id", "customer_id", "guarantor_id"]], on="loan_id")
    assert (g["borrower_id"] == g["customer_id"]).all() and (g["guarantor_id_x"] == g["guarantor_id_y"]).all()
    assert set(b.holdings["customer_id"].astype(str)) <= cust
    assert set(b.holdings["product"].astype(str)) <= set(b.products["product"])
    assert not b.holdings.duplicated(["customer_id", "product"]).any()
    assert set(b.balances["customer_id"].astype(str)) <= cust
    assert set(b.balances["month"]) <= set(MONTHS)
    assert set(b.overdue_history["loan_id"].astype(str)) <= loans
    assert set(b.transactions["account_owner"].astype(str)) <= cust
    assert set(b.transactions["loan_id"].dropna().astype(str)) <= loans
    bank_loan_cp = b.transactions.loc[b.transactions["counterparty_type"] == "本行贷款", "counterparty_id"]
    assert set(bank_loan_cp.astype(str)) <= loans
    tx = b.transactions.merge(b.loans[["loan_id", "customer_id"]],
                              left_on=b.transactions["loan_id"].astype(str), right_on="loan_id")
    assert (tx["account_owner"].astype(str) == tx["customer_id"]).all()
    ids = set(b.transactions["txn_id"])
    for evidence in b.truth["txn_ids"]:
        assert isinstance(evidence, tuple) and set(evidence) <= ids
    ent = b.truth.set_index("kind")["entity"]
    for kind in ("回流", "流入限制性领域", "以贷还贷"):
        assert set(b.truth.loc[b.truth["kind"] == kind, "entity"]) <= loans
    for kind in ("预警", "下一产品"):
        assert set(b.truth.loc[b.truth["kind"] == kind, "entity"]) <= cust
    assert set(ent.loc[["经理恶化"]]) <= set(b.managers["manager_id"])
    for cyc in b.truth.loc[b.truth["kind"] == "担保圈", "entity"]:
        assert set(cyc.split(">")) <= cust


def test_integrity_default(bank):
    _check_integrity(bank)


@settings(max_examples=8, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(500, 1500))
def test_integrity_and_ranges_any_seed(seed, n):
    b = ds._build(seed, n)
    _check_integrity(b)
    _check_ranges(b)
    assert len(b.customers) == n
    assert {"回流", "流入限制性领域", "担保圈", "经理恶化"} <= set(b.truth["kind"]) <= set(ds.TRUTH_KINDS)


# ----------------------------------------------------------------- 取值范围 ----
def _check_ranges(b: TeachingBank):
    L = b.loans
    assert (L["amount"] > 0).all() and (L["overdue_days"] >= 0).all() and (L["balance"] >= 0).all()
    assert (L["balance"] <= L["amount"] + 0.01).all()
    assert L["spread_bp"].between(50, 400).all()
    assert set(L["lpr"]) <= {v for _, v in LPR_1Y}
    assert np.allclose(L["rate"], L["lpr"] + L["spread_bp"] / 10_000)
    assert (L["maturity_date"] > L["disburse_date"]).all()
    assert (L["disburse_date"] <= pd.Timestamp("2024-12-31")).all()
    od, cat = L["overdue_days"], L["risk_category"].astype(str)
    assert cat[od > 90].isin(["次级", "可疑", "损失"]).all()
    assert cat[od > 270].isin(["可疑", "损失"]).all()
    assert (cat[od > 360] == "损失").all()
    assert (cat[(od > 0) & (od <= 90)] != "正常").all()
    assert (cat[L["restructured"]] != "正常").all()
    assert (L.loc[L["status"] == "结清", "balance"] == 0).all()
    assert (L.loc[L["status"] == "逾期", "overdue_days"] > 0).all()
    assert (L.loc[L["status"] == "正常", "overdue_days"] == 0).all()
    assert (b.transactions["amount"] > 0).all()
    assert (b.balances["avg_balance"] > 0).all()
    assert (b.overdue_history["overdue_days"] >= 0).all()
    assert (b.holdings["since"] <= pd.Timestamp("2024-12-31")).all()


def test_ranges_default(bank):
    _check_ranges(bank)


def test_dtypes_follow_contract(bank):
    assert bank.loans["disburse_date"].dtype == "datetime64[ns]"
    assert bank.balances["month"].dtype == "datetime64[ns]"
    assert (bank.balances["month"].dt.day == 1).all()
    assert bank.loans["amount"].dtype == "float64" and bank.balances["avg_balance"].dtype == "float64"
    assert bank.loans["spread_bp"].dtype == "int64"


def test_december_history_matches_ledger(bank):
    last = bank.overdue_history[bank.overdue_history["month"] == pd.Timestamp("2024-12-01")]
    live = bank.loans[bank.loans["status"].isin(["正常", "逾期"])].set_index("loan_id")
    od = last.assign(loan_id=last["loan_id"].astype(str)).set_index("loan_id")["overdue_days"]
    assert set(live.index) <= set(od.index)
    assert (od.loc[live.index] == live["overdue_days"]).all()


def test_loan_holding_matches_live_loans(bank):
    h = bank.holdings
    holders = set(h.loc[h["product"] == "贷款", "customer_id"].astype(str))
    live = set(bank.loans.loc[bank.loans["status"].isin(["正常", "逾期"]), "customer_id"])
    assert holders == live
    assert (h["product"] == "存款").sum() == len(bank.customers)


# -------------------------------------------------------------- 示意边际分布 ----
def test_portfolio_marginals_plausible(bank):
    L = bank.loans.merge(bank.customers[["customer_id", "ctype"]], on="customer_id")
    med = L.groupby("ctype", observed=True)["amount"].median()
    assert 2e4 <= med["农户"] <= 1e5
    assert 1e5 <= med["个体工商户"] <= 5e5
    assert 5e5 <= med["小微企业"] <= 3e6
    live = L[L["status"].isin(["正常", "逾期"])]
    npl = live.loc[live["risk_category"].isin(["次级", "可疑", "损失"]), "balance"].sum() / live["balance"].sum()
    assert 0.01 <= npl <= 0.05
    recent = bank.loans[bank.loans["disburse_date"] >= "2024-10-21"]
    assert (recent["lpr"] == 0.031).all()
    h = bank.loans[bank.loans["disburse_date"].between("2024-07-22", "2024-10-20")]
    assert (h["lpr"] == 0.0335).all()


def test_spring_festival_and_planting_seasonality(bank):
    dep = bank.balances[bank.balances["product"] == "存款"].merge(
        bank.customers[["customer_id", "ctype"]], left_on=bank.balances.loc[
            bank.balances["product"] == "存款", "customer_id"].astype(str), right_on="customer_id")
    farm = dep[dep["ctype"] == "农户"].groupby("month")["avg_balance"].sum()
    assert farm[pd.Timestamp("2024-02-01")] > 1.15 * farm[pd.Timestamp("2024-04-01")]
    disb = bank.loans[bank.loans["product"] == "农户小额信用贷"]["disburse_date"].dt.month
    assert disb.isin([2, 3, 4]).mean() > 0.3


# --------------------------------------------------------------- 合成身份 ----
def test_synthetic_ids_have_valid_checksums(bank):
    c = bank.customers
    persons = c[c["ctype"] != "小微企业"]["id_number"]
    assert persons.str.fullmatch(r"99\d{15}[\dX]").all()
    assert all(ds._gb11643_check(x[:17]) == x[17] for x in persons)
    firms = c[c["ctype"] == "小微企业"]["id_number"]
    assert firms.str.fullmatch(r"9199\d{12}[0-9X][0-9A-HJ-NP-RTUW-Y]").all()
    assert all(ds._gb32100_check(x[:17]) == x[17] for x in firms)
    assert all(ds._gb11714_check(x[8:16]) == x[16] for x in firms)
    assert c["phone"].str.fullmatch(r"1540\d{7}").all() and c["phone"].is_unique


def test_check_digit_helpers_on_published_examples():
    # GB 11643 标准附录里的示例号码 11010519491231002X
    assert ds._gb11643_check("11010519491231002") == "X"
    # 一个公开示例统一社会信用代码 91350100M000100Y43（GB 32100 校验）
    assert ds._gb32100_check("91350100M000100Y4") == "3"
    # GB 11714 示例：D2143569-X
    assert ds._gb11714_check("D2143569") == "X"


# ---------------------------------------------------------- 埋设的模式可以找到 ----
def test_huiliu_found_by_rule(bank):
    out = _loan_outflows(bank)
    c = bank.customers.set_index("customer_id")
    related = []
    for r in out.itertuples():
        cust = r.customer_id
        grp = c.at[cust, "group_id"]
        mates = set(c.index[c["group_id"] == grp]) if grp is not None else set()
        rel = {cust, r.guarantor_id, c.at[cust, "owner_id"]} | mates
        related.append(r.counterparty_id in rel)
    out["related"] = related
    hits = out[(out["days"] <= 3) & out["share"].between(0.2, 1.25) & out["related"]]
    assert set(hits["loan_id"]) == _truth(bank, "回流")
    assert not (set(hits["loan_id"]) & _near(bank, "回流"))
    assert len(_truth(bank, "回流")) >= 6


def test_restricted_sector_found_by_rule(bank):
    out = _loan_outflows(bank)
    hits = out[out["counterparty_type"].astype(str).isin(RESTRICTED)]
    assert set(hits["loan_id"]) == _truth(bank, "流入限制性领域")
    naive = out[out["counterparty_name"].astype(str).str.contains("置业")]
    assert set(naive["loan_id"]) - _truth(bank, "流入限制性领域")  # 按名字匹配会误报干扰项


def test_repay_with_new_loan_found_by_rule(bank):
    out = _loan_outflows(bank)
    hits = out[(out["counterparty_type"] == "本行贷款") & (out["days"] <= 5)]
    assert set(hits["loan_id"]) == _truth(bank, "以贷还贷")
    repaid = bank.loans.set_index("loan_id").loc[hits["counterparty_id"]]
    assert (repaid["maturity_date"].to_numpy() > hits["disburse_date"].to_numpy()).all()


def test_concentration_found_by_rule(bank):
    out = _loan_outflows(bank)
    big = out[out["share"] >= 0.8]
    n_borrowers = big.groupby("counterparty_id")["customer_id"].nunique()
    assert set(n_borrowers[n_borrowers >= 3].index) == _truth(bank, "集中使用")
    loose = out.groupby("counterparty_id")["customer_id"].nunique()
    assert _near(bank, "集中使用") <= set(loose[loose >= 3].index)  # 干扰项：很多户付款，但不是全额


def _cycles(edges: pd.DataFrame) -> set[frozenset]:
    graph: dict[str, set[str]] = {}
    for g, b in zip(edges["guarantor_id"], edges["borrower_id"]):
        graph.setdefault(g, set()).add(b)
    found = set()

    def walk(start, node, path):
        for nxt in graph.get(node, ()):
            if nxt == start:
                found.add(frozenset(path))
            elif nxt not in path and len(path) < 6:
                walk(start, nxt, path + [nxt])

    for s in graph:
        walk(s, s, [s])
    return found


def test_guarantee_cycles_found(bank):
    live = bank.loans.loc[bank.loans["status"].isin(["正常", "逾期"]), "loan_id"]
    g = bank.guarantees[bank.guarantees["loan_id"].isin(live)]
    found = _cycles(g)
    planted = {frozenset(e.split(">")) for e in _truth(bank, "担保圈")}
    assert found == planted
    assert {len(c) for c in planted} == {2, 3, 4}
    for chain in _near(bank, "担保圈"):
        assert frozenset(chain.split(">")) not in found


def test_guarantee_cycle_direction(bank):
    g = set(zip(bank.guarantees["guarantor_id"], bank.guarantees["borrower_id"]))
    for e in _truth(bank, "担保圈"):
        seq = e.split(">")
        assert all((seq[i], seq[(i + 1) % len(seq)]) in g for i in range(len(seq)))


def test_early_warning_found_by_rule(bank):
    tx = bank.transactions
    inflow = tx[(tx["memo"] == "经营收入")].assign(customer_id=lambda d: d["account_owner"].astype(str))
    m = inflow.pivot_table(index="customer_id", columns=inflow["date"].dt.month, values="amount", aggfunc="sum")
    falling = m[m[[10, 11, 12]].mean(axis=1) < 0.6 * m[[1, 2, 3, 4, 5, 6]].mean(axis=1)].index
    od = bank.overdue_history.assign(loan_id=lambda d: d["loan_id"].astype(str)).merge(
        bank.loans[["loan_id", "customer_id"]], on="loan_id")
    dec = od[od["month"] == "2024-12-01"].groupby("customer_id")["overdue_days"].max()
    sep = od[od["month"] == "2024-09-01"].groupby("customer_id")["overdue_days"].max()
    rising = dec[(dec > 0) & (dec > sep.reindex(dec.index, fill_value=0))].index
    assert set(falling) & set(rising) == _truth(bank, "预警")
    assert not (set(falling) & _near(bank, "预警"))


def test_next_product_found_by_rule(bank):
    c = bank.customers
    acq = set(bank.holdings.loc[bank.holdings["product"] == "收单", "customer_id"].astype(str))
    shops = c[c["ctype"] == "个体工商户"].assign(has=lambda d: d["customer_id"].isin(acq))
    pen = shops.groupby("cluster_id", observed=True)["has"].agg(["mean", "size"])
    kinds = bank.clusters.set_index("cluster_id")["kind"]
    hot = pen[(pen["mean"] >= 0.8) & (pen["size"] >= 20) & (kinds.reindex(pen.index) == "市场")].index
    target = shops[shops["cluster_id"].isin(hot) & ~shops["has"]]
    assert set(target["customer_id"]) == _truth(bank, "下一产品")
    assert len(target) >= 10


def test_deteriorating_manager_found_by_rule(bank):
    od = bank.overdue_history.assign(loan_id=lambda d: d["loan_id"].astype(str)).merge(
        bank.loans[["loan_id", "manager_id"]], on="loan_id")
    rate = od.assign(bad=od["overdue_days"] > 0).pivot_table(index="manager_id", columns="month", values="bad")
    rise = rate[pd.Timestamp("2024-12-01")] - rate[pd.Timestamp("2024-06-01")]
    assert {rise.idxmax()} == _truth(bank, "经理恶化")
    stable = _near(bank, "经理恶化").pop()
    assert abs(rise[stable]) < 0.05 and rate.loc[stable, pd.Timestamp("2024-12-01")] > 0


def test_truth_ids_are_unique_and_describe_evidence(bank):
    t = bank.truth
    assert t["pattern_id"].is_unique
    has_tx = t[t["kind"].isin(["回流", "流入限制性领域", "以贷还贷", "集中使用", "预警"])]
    assert (has_tx["txn_ids"].str.len() > 0).all()
    assert t["detail"].str.len().gt(10).all()


# ----------------------------------------------------------------- 坏参数 ----
@pytest.mark.parametrize("kwargs, field", [
    ({"n_customers": 0}, "客户数"),
    ({"n_customers": -5}, "客户数"),
    ({"n_customers": 100}, "客户数"),
    ({"n_customers": 1500.5}, "客户数"),
    ({"n_customers": "2000"}, "客户数"),
    ({"n_customers": None}, "客户数"),
    ({"n_customers": 10**9}, "客户数"),
    ({"seed": "abc"}, "随机种子"),
    ({"seed": 1.5}, "随机种子"),
    ({"seed": -1}, "随机种子"),
    ({"seed": True}, "随机种子"),
    ({"seed": float("nan")}, "随机种子"),
])
def test_bad_arguments(kwargs, field):
    with pytest.raises(InputError) as exc:
        teaching_bank(**kwargs)
    assert exc.value.field == field
    assert field in str(exc.value)
