"""coursekit.compliance：每条规则的正例、反例与近似反例，担保圈，上传流水的读取，与教学银行埋设真值的比对。"""
from __future__ import annotations

import io

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as hst

from coursekit import compliance as C
from coursekit import datasets
from coursekit.errors import InputError

D0 = pd.Timestamp("2024-03-01")


def _loans(**extra):
    base = {"loan_id": ["L1"], "customer_id": ["C1"], "amount": [500_000.0], "disburse_date": [D0],
            "guarantor_id": ["G1"]}
    base.update(extra)
    return pd.DataFrame(base)


def _tx(rows):
    cols = ["txn_id", "account_owner", "loan_id", "date", "direction", "amount", "counterparty_id",
            "counterparty_name", "counterparty_type", "memo"]
    df = pd.DataFrame(rows, columns=cols)
    df["date"] = pd.to_datetime(df["date"])
    return df


def _out(txn, day, amount, cp, name, ctype, loan="L1", owner="C1", memo=""):
    return (txn, owner, loan, D0 + pd.Timedelta(days=day), "出", amount, cp, name, ctype, memo)


DISBURSE = ("T0", "C1", "L1", D0, "入", 500_000.0, "L1", "放款", "放款", "贷款发放")


def _rules(findings, rule):
    return findings[findings["rule"] == rule]


# -- 回流 --------------------------------------------------------------------------------

def test_return_to_guarantor_within_window():
    f = C.scan(_tx([DISBURSE, _out("T1", 2, 200_000, "G1", "王某", "个人")]), _loans(), rules=["回流"])
    assert len(f) == 1
    row = f.iloc[0]
    assert row["loan_id"] == "L1" and row["txn_ids"] == ("T1",) and row["amount"] == 200_000
    assert row["share"] == pytest.approx(0.4)
    assert row["explanation"].startswith("贷款资金回流（至借款人、担保人、法定代表人）")
    assert "担保人" in row["explanation"] and "20.00 万元" in row["explanation"]


def test_return_split_transfers_are_summed():
    f = C.scan(_tx([DISBURSE, _out("T1", 1, 60_000, "C1", "本人", "本人他行账户"),
                    _out("T2", 3, 60_000, "C1", "本人", "本人他行账户")]), _loans(), rules=["回流"])
    assert f.iloc[0]["txn_ids"] == ("T1", "T2") and f.iloc[0]["amount"] == 120_000


@pytest.mark.parametrize("row", [
    _out("T1", 11, 200_000, "G1", "王某", "个人"),          # 11 天后：超出窗口
    _out("T1", 2, 75_000, "G1", "王某", "个人"),            # 15%：低于 20%
    _out("T1", 2, 200_000, "X9", "青禾农资店", "企业"),     # 转给无关方：正常支付货款
    _out("T1", -1, 200_000, "G1", "王某", "个人"),          # 放款前
])
def test_return_near_misses(row):
    assert C.scan(_tx([DISBURSE, row]), _loans(), rules=["回流"]).empty


def test_return_to_legal_representative_and_related_party():
    loans = _loans(customer_id=["E1"])
    customers = pd.DataFrame({"customer_id": ["E1", "P1", "R1"], "owner_id": ["P1", None, None],
                              "group_id": ["GRP", None, "GRP"]})
    rows = [_out("T1", 1, 150_000, "P1", "法人张某", "个人", owner="E1"),
            _out("T2", 2, 150_000, "R1", "兄弟公司", "企业", owner="E1")]
    f = C.scan(_tx(rows), loans, customers, rules=["回流"])
    rel = dict(zip(f["counterparty_id"], f["explanation"]))
    assert "法定代表人" in rel["P1"] and "关联方" in rel["R1"]
    # 没有客户表就认不出这两种关系
    assert C.scan(_tx(rows), loans, rules=["回流"]).empty


def test_return_upper_bound_and_guarantee_table():
    loans = _loans(guarantor_id=[None])
    g = pd.DataFrame({"guarantor_id": ["G7"], "borrower_id": ["C1"], "loan_id": ["L1"]})
    ok = C.scan(_tx([_out("T1", 0, 500_000, "G7", "担保人", "个人")]), loans, guarantees=g, rules=["回流"])
    assert len(ok) == 1
    too_big = C.scan(_tx([_out("T1", 0, 700_000, "G7", "担保人", "个人")]), loans, guarantees=g, rules=["回流"])
    assert too_big.empty                                   # 140% 超过 125%：不是这笔贷款的钱


def test_return_window_parameter():
    tx = _tx([_out("T1", 11, 200_000, "G1", "王某", "个人")])
    assert len(C.scan(tx, _loans(), rules=["回流"], params=C.ScanParams(return_days=15))) == 1


# -- 流入限制性领域 ----------------------------------------------------------------------

@pytest.mark.parametrize("ctype", C.RESTRICTED_TYPES)
def test_restricted_sectors(ctype):
    f = C.scan(_tx([_out("T1", 20, 100_000, "X1", "某机构", ctype)]), _loans(), rules=["流入限制性领域"])
    assert len(f) == 1 and ctype in f.iloc[0]["explanation"]
    assert f.iloc[0]["explanation"].startswith("信贷资金流入限制性领域（房地产、股市、理财）")


def test_restricted_needs_loan_funds_and_infers_type_from_name():
    own_money = _tx([_out("T1", 20, 100_000, "X1", "某理财", "理财产品", loan=None)] +
                    [("T2", "C1", "L1", D0 + pd.Timedelta(days=1), "出", 10.0, "X2", "超市", "企业", "")])
    assert C.scan(own_money, _loans(), rules=["流入限制性领域"]).empty
    by_name = _tx([_out("T1", 5, 100_000, "X1", "青禾置业有限公司", None)])
    f = C.scan(by_name, _loans(), rules=["流入限制性领域"])
    assert "房地产开发商" in f.iloc[0]["explanation"]


# -- 以贷还贷 ----------------------------------------------------------------------------

def test_refinance_positive_and_near_misses():
    pos = _tx([_out("R1", 1, 300_000, "L0", "本行贷款", "本行贷款", memo="归还贷款")])
    f = C.scan(pos, _loans(), rules=["以贷还贷"])
    assert len(f) == 1 and f.iloc[0]["explanation"].startswith("以贷还贷/借新还旧掩盖风险")
    late = _tx([_out("R1", 11, 300_000, "L0", "本行贷款", "本行贷款")])
    assert C.scan(late, _loans(), rules=["以贷还贷"]).empty
    small = _tx([_out("R1", 2, 3_000, "L0", "本行贷款", "本行贷款")])      # 正常月供
    assert C.scan(small, _loans(), rules=["以贷还贷"]).empty
    same = _tx([_out("R1", 2, 300_000, "L1", "本行贷款", "本行贷款")])     # 归还的是同一笔：提前还款
    assert C.scan(same, _loans(), rules=["以贷还贷"]).empty


def test_refinance_from_own_account_is_attributed_by_date():
    tx = _tx([_out("R1", 3, 250_000, "L0", "本行贷款", "本行贷款", loan=None)])
    f = C.scan(tx, _loans(), rules=["以贷还贷"])
    assert f.iloc[0]["loan_id"] == "L1" and f.iloc[0]["days"] == 3


def _types(series):
    return [x if isinstance(x, str) else None for x in series]


def test_infer_repayment_type_needs_a_loan_account():
    names = pd.Series(["张某", "青禾农商银行城南支行", None, "某某贷款专户", "青禾五金有限公司", "李四", "李四"])
    memos = pd.Series(["还款", "归还贷款", "扣收贷款本息", "还息", "还款", "货款", None])
    got = _types(C.infer_counterparty_type(names, memos))
    # 还给自然人的是民间借款；还给银行、贷款账户或内部扣款才是本行贷款；还给企业的不下结论
    assert got == ["个人", "本行贷款", "本行贷款", "本行贷款", None, None, None]
    ids = pd.Series(["L0", "X1", None, None, None, "L9", "L1"])
    with_ids = _types(C.infer_counterparty_type(names, memos, ids=ids, loan_ids=["L0", "L1"]))
    # 对方账号是本行贷款编号：不论户名、摘要都是还本行贷款
    assert with_ids == ["本行贷款", "本行贷款", "本行贷款", "本行贷款", None, None, "本行贷款"]
    with pytest.raises(InputError, match="对方户名"):
        C.infer_counterparty_type(["张某"])


def test_repaying_a_private_lender_is_not_refinancing():
    private = _tx([DISBURSE, _out("R1", 1, 300_000, "P9", "张某", None, memo="还款")])
    assert C.scan(private, _loans(), rules=["以贷还贷"]).empty
    # 同样的摘要，对方是本行另一笔贷款（贷款表里有这个编号）：以贷还贷
    loans = pd.concat([_loans(), pd.DataFrame({"loan_id": ["L0"], "customer_id": ["C1"], "amount": [300_000.0],
                                               "disburse_date": [D0 - pd.Timedelta(days=365)]})])
    to_loan = _tx([DISBURSE, _out("R1", 1, 300_000, "L0", "张某", None, memo="还款")])
    f = C.scan(to_loan, loans, rules=["以贷还贷"])
    assert f["loan_id"].tolist() == ["L1"] and f.iloc[0]["txn_ids"] == ("R1",)
    # 上传的流水：还给自然人的“还款”读成个人，扫描不报以贷还贷
    text = ("交易日期,收支方向,交易金额,对方户名,摘要\n2024-03-01,收入,500000,青禾农商银行,贷款发放\n"
            "2024-03-02,支出,300000,张某,还款\n2024-03-03,支出,100000,青禾农商银行,还款\n")
    st = C.read_statement(io.BytesIO(text.encode("gbk")), account_owner="C1")
    assert _types(st["counterparty_type"]) == [None, "个人", "本行贷款"]
    f = C.scan(st, _loans(), rules=["以贷还贷"])
    assert f["txn_ids"].tolist() == [("S00003",)] and f.iloc[0]["amount"] == 100_000


# -- 集中使用 ----------------------------------------------------------------------------

def _many(n, gap_days, share=0.95, cp="X7", ctype="个人"):
    loans = pd.DataFrame({"loan_id": [f"L{i}" for i in range(n)], "customer_id": [f"C{i}" for i in range(n)],
                          "amount": [100_000.0] * n,
                          "disburse_date": [D0 + pd.Timedelta(days=i * gap_days) for i in range(n)]})
    rows = [(f"U{i}", f"C{i}", f"L{i}", D0 + pd.Timedelta(days=i * gap_days + 1), "出", 100_000 * share, cp,
             "郑某", ctype, "") for i in range(n)]
    return _tx(rows), loans


def test_converging_use():
    tx, loans = _many(3, 5)
    f = C.scan(tx, loans, rules=["集中使用"])
    assert sorted(f["loan_id"]) == ["L0", "L1", "L2"]
    assert "3 位借款人" in f.iloc[0]["explanation"] and "冒名贷" in f.iloc[0]["explanation"]
    assert set(f["entity"]) == {"X7"}
    # 没有对方类型（上传流水）：户名像自然人才算
    tx2 = tx.assign(counterparty_type=None)
    assert len(C.scan(tx2, loans, rules=["集中使用"])) == 3
    assert C.scan(tx2.assign(counterparty_name="青禾农机服务部"), loans, rules=["集中使用"]).empty


@pytest.mark.parametrize("n, gap, share, ctype", [(2, 5, 0.95, "个人"), (3, 20, 0.95, "个人"),
                                                  (3, 5, 0.15, "个人"), (3, 5, 0.95, "企业")])
def test_converging_near_misses(n, gap, share, ctype):
    # 两户；分散在 40 天；每户只有 15%；全额付给登记企业（按合同买农机、农资）
    tx, loans = _many(n, gap, share, ctype=ctype)
    assert C.scan(tx, loans, rules=["集中使用"]).empty


def test_converging_ordinary_supplier_is_not_a_target():
    # 一位个体供应商（郑某）给 12 户供货：其中 3 户在 30 天内各付了大半笔贷款，另外 9 户只付了一小部分货款。
    # 多数付款人只付一部分：他是普通供应商，不报；只剩那 3 户时，才是集中使用
    n = 12
    loans = pd.DataFrame({"loan_id": [f"L{i}" for i in range(n)], "customer_id": [f"C{i}" for i in range(n)],
                          "amount": [100_000.0] * n,
                          "disburse_date": [D0 + pd.Timedelta(days=3 * i) for i in range(n)]})
    shares = [0.6, 0.7, 0.65] + [0.2] * 9
    tx = _tx([(f"U{i}", f"C{i}", f"L{i}", D0 + pd.Timedelta(days=3 * i + 1), "出", 100_000 * shares[i], "X7",
               "郑某", "个人", "支付货款") for i in range(n)])
    assert C.scan(tx, loans, rules=["集中使用"]).empty                  # 9/12 = 75% 只付部分 > 50%
    few = tx[tx["loan_id"].isin(["L0", "L1", "L2", "L3"])]              # 1/4 = 25% 只付部分
    assert sorted(C.scan(few, loans, rules=["集中使用"])["loan_id"]) == ["L0", "L1", "L2"]
    loose = C.ScanParams(converge_max_partial=1.0)                       # 关掉排除：又报出来
    assert sorted(C.scan(tx, loans, rules=["集中使用"], params=loose)["loan_id"]) == ["L0", "L1", "L2"]
    with pytest.raises(InputError, match="集中使用普通供应商比例"):
        C.ScanParams(converge_max_partial=1.5)


def test_converging_vectorised_window_matches_bruteforce():
    import numpy as np
    rng = np.random.default_rng(3)
    n = 60
    loans = pd.DataFrame({"loan_id": [f"L{i}" for i in range(n)], "customer_id": [f"C{i}" for i in range(n)],
                          "amount": 100_000.0, "disburse_date": D0 + pd.to_timedelta(rng.integers(0, 200, n), "D")})
    cps = rng.choice(["X1", "X2", "X3", "X4"], n)
    tx = _tx([(f"U{i}", f"C{i}", f"L{i}", loans.disburse_date[i] + pd.Timedelta(days=1), "出", 90_000.0, cps[i],
               cps[i], "个人", "") for i in range(n)])
    p = C.ScanParams(converge_days=25, converge_min_borrowers=3)
    got = set(C.scan(tx, loans, rules=["集中使用"], params=p)["loan_id"])
    want = set()
    dates = tx.set_index("loan_id")["date"]
    for i in range(n):
        for j in range(n):
            members = [k for k in range(n) if cps[k] == cps[i] and 0 <= (dates[f"L{k}"] - dates[f"L{i}"]).days <= 25]
            if len(members) >= 3:
                want.update(f"L{k}" for k in members)
    assert got == want


def _via_firms():
    """三户贷款：一户直接转给郑某，两户转给郑某名下的两家企业。"""
    tx, loans = _many(3, 5)
    tx.loc[1, ["counterparty_id", "counterparty_name", "counterparty_type"]] = ["F1", "郑记农资有限公司", "企业"]
    tx.loc[2, ["counterparty_id", "counterparty_name", "counterparty_type"]] = ["F2", "郑氏养殖合作社", "企业"]
    customers = pd.DataFrame({"customer_id": ["X7", "F1", "F2", "C0"], "name": ["郑某", "郑记农资", "郑氏养殖", "王某"],
                              "owner_id": [None, "X7", "X7", None]})
    return tx, loans, customers


def test_converging_through_the_owners_companies():
    tx, loans, customers = _via_firms()
    assert C.scan(tx, loans, customers, rules=["集中使用"]).empty          # 默认：汇给企业不算
    on = C.ScanParams(converge_owner=True)
    f = C.scan(tx, loans, customers, rules=["集中使用"], params=on)
    assert f["loan_id"].tolist() == ["L0", "L1", "L2"] and set(f["entity"]) == {"X7"}
    assert f["txn_ids"].tolist() == [("U0",), ("U1",), ("U2",)] and set(f["counterparty_name"]) == {"郑某"}
    assert "3 位借款人" in f.iloc[0]["explanation"]
    assert "郑某及其名下企业：郑记农资有限公司、郑氏养殖合作社" in f.iloc[0]["explanation"]
    # 没有客户表就不知道企业是谁的；借款人付给自己名下的企业也不算“汇给别人”
    assert C.scan(tx, loans, rules=["集中使用"], params=on).empty
    own = customers.assign(owner_id=[None, "C1", "X7", None])
    assert C.scan(tx, loans, own, rules=["集中使用"], params=on).empty    # 只剩两位借款人汇给郑某
    with pytest.raises(InputError, match="集中使用含名下企业"):
        C.ScanParams(converge_owner="是")


# -- 一主体多笔还息（可选规则） ----------------------------------------------------------

THIRD_LOANS = pd.DataFrame({"loan_id": ["L1", "L2", "L3", "E1"], "customer_id": ["C1", "C2", "C3", "CO"],
                            "amount": [100_000.0, 200_000.0, 100_000.0, 300_000.0],
                            "disburse_date": [D0] * 4, "guarantor_id": [None, "P", None, None]})
THIRD_CUSTOMERS = pd.DataFrame({"customer_id": ["C1", "C2", "C3", "CO", "P", "Q", "BOSS"],
                                "name": ["王一", "李二", "张三", "青禾农机有限公司", "郑某", "孙某", "赵老板"],
                                "owner_id": [None, None, None, "BOSS", None, None, None]})


def _pay(txn, payer, loan, day, amount):
    return (txn, payer, None, D0 + pd.Timedelta(days=day), "出", amount, loan, "归还本行贷款", "本行贷款", "还息")


def test_thirdparty_pays_several_loans():
    tx = _tx([_pay("T1", "P", "L1", 30, 500.0), _pay("T2", "P", "L2", 30, 1_000.0), _pay("T3", "P", "L2", 60, 1_000.0),
              _pay("T4", "C3", "L3", 30, 400.0)])                     # 张三自己还自己的：不算
    f = C.scan(tx, THIRD_LOANS, THIRD_CUSTOMERS, rules=["一主体多笔还息"])
    assert f["loan_id"].tolist() == ["L1", "L2"] and set(f["entity"]) == {"P"}
    assert f["txn_ids"].tolist() == [("T1",), ("T2", "T3")] and f["amount"].tolist() == [500.0, 2_000.0]
    assert f.iloc[1]["share"] == pytest.approx(0.01) and f.iloc[0]["days"] == 30
    text = f.iloc[0]["explanation"]
    assert text.startswith("一主体为多笔贷款还本付息：付款人“郑某”不是借款人，却为 2 笔贷款（2 位借款人）还款")
    for phrase in ("关联关系未识别", "借款主体不真实（冒名、顶名）", "实际用款人另有其人", "没有登记的关联关系"):
        assert phrase in text
    assert "担保人代偿" in f.iloc[1]["explanation"]             # 郑某是 L2 的担保人
    # 门槛提到 3 笔：两笔贷款、同一笔只代还两次，都不报
    assert C.scan(tx, THIRD_LOANS, THIRD_CUSTOMERS, rules=["一主体多笔还息"],
                  params=C.ScanParams(thirdpay_min_loans=3)).empty


def test_thirdparty_repeatedly_pays_one_loan():
    three = _tx([_pay(f"T{i}", "Q", "L3", 30 * i, 900.0) for i in range(1, 4)])
    f = C.scan(three, THIRD_LOANS, THIRD_CUSTOMERS, rules=["一主体多笔还息"])
    assert f["loan_id"].tolist() == ["L3"] and f.iloc[0]["amount"] == 2_700.0
    assert "反复为别人的贷款还款" in f.iloc[0]["explanation"] and "还款 3 次" in f.iloc[0]["explanation"]
    two = three.iloc[:2]                                          # 只帮过两次：可能是临时周转
    assert C.scan(two, THIRD_LOANS, THIRD_CUSTOMERS, rules=["一主体多笔还息"]).empty


def test_thirdparty_near_misses_and_opt_in():
    # 企业的法定代表人为企业贷款付息、借款人自己还款：都是借款人自己的钱
    own = _tx([_pay(f"B{i}", "BOSS", "E1", 30 * i, 1_200.0) for i in range(1, 5)]
              + [_pay(f"S{i}", "C1", "L1", 30 * i, 500.0) for i in range(1, 5)])
    assert C.scan(own, THIRD_LOANS, THIRD_CUSTOMERS, rules=["一主体多笔还息"]).empty
    # 没有客户表认不出法定代表人：同一付款人 4 次为别人的贷款付息，报出来
    assert C.scan(own, THIRD_LOANS, rules=["一主体多笔还息"])["entity"].tolist() == ["BOSS"]
    # 可选规则不在默认规则里：默认扫描不报
    tx = _tx([_pay("T1", "P", "L1", 30, 500.0), _pay("T2", "P", "L2", 30, 1_000.0)])
    assert "一主体多笔还息" not in C.RULES and "一主体多笔还息" in C.ALL_RULES
    assert C.scan(tx, THIRD_LOANS, THIRD_CUSTOMERS).empty
    assert len(C.scan(tx, THIRD_LOANS, THIRD_CUSTOMERS, rules=C.ALL_RULES)) == 2
    with pytest.raises(InputError, match="代还最少贷款笔数"):
        C.ScanParams(thirdpay_min_loans=1)


def test_teaching_bank_repayments_are_all_by_borrowers():
    bank = datasets.teaching_bank(seed=0)
    assert C.scan(bank.transactions, bank.loans, bank.customers, bank.guarantees, rules=["一主体多笔还息"]).empty


# -- 资金往返（可选规则） ------------------------------------------------------------------

def _move(txn, day, direction, amount, cp="X1", name="青禾商贸有限公司", ctype="企业", owner="C1", loan=None):
    return (txn, owner, loan, D0 + pd.Timedelta(days=day), direction, amount, cp, name, ctype, "")


def test_round_trip_of_loan_funds():
    tx = _tx([DISBURSE, _move("T1", 1, "出", 200_000), _move("T2", 4, "入", 198_000)])
    f = C.scan(tx, _loans(), rules=["资金往返"])
    assert len(f) == 1
    row = f.iloc[0]
    assert row["loan_id"] == "L1" and row["entity"] == "C1↔X1" and row["txn_ids"] == ("T1", "T2")
    assert row["amount"] == 200_000 and row["share"] == pytest.approx(0.4) and row["days"] == 3
    assert row["explanation"].startswith("资金往返（转出后又从同一对手转回）：“C1”转给“青禾商贸有限公司”的贷款 L1 的资金")
    assert "贷款资金变相回流" in row["explanation"] and "转回 19.80 万元" in row["explanation"]


def test_round_trip_without_a_loan_is_turnover_padding():
    tx = _tx([_move("A1", 0, "出", 50_000, "P1", "孙某", "个人", owner="C9"),
              _move("A2", 2, "入", 50_000, "P1", "孙某", "个人", owner="C9"),
              _move("A3", 10, "出", 50_000, "P1", "孙某", "个人", owner="C9"),
              _move("A4", 10, "入", 50_000, "P1", "孙某", "个人", owner="C9")])
    f = C.scan(tx, _loans(), rules=["资金往返"])
    assert f["entity"].tolist() == ["C9↔P1"] and f.iloc[0]["txn_ids"] == ("A1", "A2", "A3", "A4")
    assert f.iloc[0]["loan_id"] is None and pd.isna(f.iloc[0]["share"]) and f.iloc[0]["amount"] == 100_000
    assert "2 次在 2 天内由对方转回" in f.iloc[0]["explanation"] and "刷流水" in f.iloc[0]["explanation"]
    assert C.scan(tx, _loans(), rules=["资金往返"], params=C.ScanParams(roundtrip_min_times=3)).empty


@pytest.mark.parametrize("rows", [
    [_move("T1", 1, "出", 200_000), _move("T2", 9, "入", 200_000)],                 # 8 天后才转回
    [_move("T1", 1, "出", 200_000), _move("T2", 3, "入", 160_000)],                 # 只回来八成：部分退货款
    [_move("T1", 1, "出", 200_000), _move("T2", 3, "入", 200_000, cp="X2")],        # 转回的是另一个对手
    [_move("T1", 3, "出", 200_000), _move("T2", 1, "入", 200_000)],                 # 先收后付：借入后归还
    [_move("T1", 1, "出", 5_000), _move("T2", 2, "入", 5_000)],                     # 低于金额下限
    [_move("T1", 1, "出", 200_000, "C1", "本人", "本人他行账户"),
     _move("T2", 2, "入", 200_000, "C1", "本人", "本人他行账户")],                   # 本人账户之间
    [_move("T1", 1, "出", 200_000, "L0", "贷款", "本行贷款"),
     _move("T2", 2, "入", 200_000, "L0", "贷款", "放款")],                           # 贷款账户
])
def test_round_trip_near_misses(rows):
    assert C.scan(_tx([DISBURSE] + rows), _loans(), rules=["资金往返"]).empty


def test_round_trip_pairs_one_to_one_and_is_opt_in():
    tx = _tx([DISBURSE, _move("T1", 1, "出", 100_000), _move("T2", 1, "出", 100_000), _move("T3", 3, "入", 100_000)])
    f = C.scan(tx, _loans(), rules=["资金往返"])
    assert f.iloc[0]["txn_ids"] == ("T1", "T3") and f.iloc[0]["amount"] == 100_000
    assert C.scan(tx, _loans()).empty                                   # 可选规则：默认不扫
    wide = C.ScanParams(roundtrip_days=10, roundtrip_tolerance=0.25)
    loose = _tx([DISBURSE, _move("T1", 1, "出", 200_000), _move("T2", 9, "入", 160_000)])
    assert len(C.scan(loose, _loans(), rules=["资金往返"], params=wide)) == 1
    with pytest.raises(InputError, match="资金往返金额下限"):
        C.ScanParams(roundtrip_min_amount=-1)
    with pytest.raises(InputError, match="资金往返金额容差"):
        C.ScanParams(roundtrip_tolerance=1.5)


def test_round_trip_in_an_uploaded_statement():
    text = ("交易日期,收支方向,交易金额,对方户名,摘要\n2024-03-01,收入,500000,青禾农商银行,贷款发放\n"
            "2024-03-02,支出,300000,青禾鑫源贸易有限公司,货款\n2024-03-06,收入,300000,青禾鑫源贸易有限公司,退款\n")
    st = C.read_statement(io.BytesIO(text.encode("gbk")), account_owner="C1")
    f = C.scan(st, _loans(), rules=C.ALL_RULES)
    assert f["rule"].tolist() == ["资金往返"] and f.iloc[0]["loan_id"] == "L1"
    assert f.iloc[0]["txn_ids"] == ("S00002", "S00003") and f.iloc[0]["share"] == pytest.approx(0.6)


@settings(max_examples=60, deadline=None)
@given(hst.lists(hst.tuples(hst.integers(0, 20), hst.sampled_from(["出", "入"]),
                            hst.sampled_from([50_000, 52_000, 80_000]), hst.sampled_from(["X1", "X2"])), max_size=12))
def test_round_trip_pairs_are_valid_and_disjoint(moves):
    tx = _tx([_move(f"T{i}", day, d, float(amt), cp=cp, name=cp, ctype="个人")
              for i, (day, d, amt, cp) in enumerate(moves)])
    p = C.ScanParams()
    f = C.scan(tx, _loans(), rules=["资金往返"], params=p)
    by_id = tx.set_index("txn_id")
    seen = []
    for ids in f["txn_ids"]:
        for o, i in zip(ids[::2], ids[1::2]):
            out, back = by_id.loc[o], by_id.loc[i]
            assert out["direction"] == "出" and back["direction"] == "入"
            assert out["counterparty_id"] == back["counterparty_id"]
            assert 0 <= (back["date"] - out["date"]).days <= p.roundtrip_days
            assert abs(back["amount"] - out["amount"]) <= p.roundtrip_tolerance * out["amount"]
        seen += ids
    assert len(seen) == len(set(seen))
    # 每个对手至少有一对合格的转出、转入时，必定报出来
    for cp in ("X1", "X2"):
        sub = tx[tx["counterparty_id"] == cp]
        outs, ins = sub[sub["direction"] == "出"], sub[sub["direction"] == "入"]
        any_pair = any(0 <= (b.date - a.date).days <= 7 and abs(b.amount - a.amount) <= 0.05 * a.amount
                       for a in outs.itertuples() for b in ins.itertuples())
        assert any_pair == (f"C1↔{cp}" in set(f["entity"]))


# -- 担保圈 ------------------------------------------------------------------------------

def test_guarantee_cycles():
    g = pd.DataFrame({"guarantor_id": ["A", "B", "C", "D", "E", "F", "X"],
                      "borrower_id": ["B", "C", "A", "E", "D", "X", "Y"]})
    cyc = C.guarantee_cycles(g)
    assert sorted(">".join(c) for c in cyc) == ["A>B>C", "D>E"]
    assert C.guarantee_cycles(g, max_len=2) == [["D", "E"]]
    chain = pd.DataFrame({"guarantor_id": ["A", "B"], "borrower_id": ["B", "C"]})
    assert C.guarantee_cycles(chain) == []


def test_guarantee_cycle_findings_from_loans():
    loans = pd.DataFrame({"loan_id": ["L1", "L2", "L3"], "customer_id": ["A", "B", "C"],
                          "amount": [1e5, 2e5, 3e5], "disburse_date": [D0] * 3, "guarantor_id": ["C", "A", "B"]})
    f = C.scan(_tx([]), loans, rules=["担保圈"])
    assert len(f) == 1
    assert f.iloc[0]["entity"] == "A>B>C" and f.iloc[0]["amount"] == 6e5
    assert "3 户担保圈" in f.iloc[0]["explanation"]


# -- 输入检查 ----------------------------------------------------------------------------

def test_scan_bad_input():
    with pytest.raises(InputError, match="缺少列"):
        C.scan(pd.DataFrame({"x": [1]}), _loans())
    with pytest.raises(InputError, match="贷款金额"):
        C.scan(_tx([]), _loans(amount=[0.0]))
    with pytest.raises(InputError):
        C.scan(_tx([]), _loans(), rules=["洗钱"])
    with pytest.raises(InputError):
        C.ScanParams(return_share=(0.5, 0.2))
    with pytest.raises(InputError):
        C.ScanParams(converge_min_borrowers=1)


# -- 上传流水 ----------------------------------------------------------------------------

STATEMENT = ("账号,6217000000000000\n户名,示例商贸\n"
             "交易日期,收支方向,交易金额,对方户名,摘要\n"
             "2024-03-01,收入,500000,青禾农商银行,贷款发放\n"
             "2024-03-03,支出,200000,青禾置业有限公司,购房款\n"
             "2024/03/05,支出,\"1,200.50\",某证券股份有限公司,转账\n")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_read_statement_encodings(encoding, tmp_path):
    p = tmp_path / "流水.csv"
    p.write_bytes(STATEMENT.encode(encoding))
    df = C.read_statement(p, account_owner="C1")
    assert list(df.columns) == list(C.TXN_COLUMNS)
    assert df["direction"].tolist() == ["入", "出", "出"]
    assert df["amount"].tolist() == [500_000.0, 200_000.0, 1_200.5]
    assert df["counterparty_type"].tolist()[1:] == ["房地产开发商", "证券期货公司"]
    assert df["date"].iloc[2] == pd.Timestamp("2024-03-05")
    assert (df["account_owner"] == "C1").all()


def test_read_statement_excel_split_columns_and_english(tmp_path):
    p = tmp_path / "s.xlsx"
    pd.DataFrame({"记账日期": ["2024-03-01", "2024-03-02"], "收入金额": [500000, None], "支出金额": [None, 300000],
                  "对方户名": ["放款", "某理财计划"], "摘要": ["放款", "申购"]}).to_excel(p, index=False)
    df = C.read_statement(p)
    assert df["direction"].tolist() == ["入", "出"] and df["amount"].tolist() == [500000.0, 300000.0]
    assert df["counterparty_type"].iloc[1] == "理财产品"
    en = io.BytesIO(b"date,amount,counterparty_name\n2024-03-01,-100,Someone\n2024-03-02,50,Other\n")
    df2 = C.read_statement(en)
    assert df2["direction"].tolist() == ["出", "入"] and df2["amount"].tolist() == [100.0, 50.0]


@pytest.mark.parametrize("content, message", [
    (b"\xff\xfe\x00\x00\x81\x30\xff\xff\x00", "编码"),
    ("交易日期,交易金额\n2024-03-01,100\n".encode(), "对方户名"),
    ("日期,对方户名,收支方向\n2024-03-01,某人,出\n".encode(), "交易金额"),
    ("foo,bar\n1,2\n".encode(), "找不到表头"),
    ("交易日期,收支方向,交易金额,对方户名\n2024-03-01,转圈,100,某人\n".encode(), "收支方向"),
    ("交易日期,收支方向,交易金额,对方户名\n2024-13-45,出,100,某人\n".encode(), "交易日期"),
    ("交易日期,收支方向,交易金额,对方户名\n2024-03-01,出,一百,某人\n".encode(), "交易金额"),
    (b"", "为空"),
])
def test_read_statement_malformed(content, message):
    with pytest.raises(InputError, match=message):
        C.read_statement(io.BytesIO(content))


def test_read_statement_missing_file():
    with pytest.raises(InputError, match="不存在"):
        C.read_statement("/nonexistent/流水.csv")


def test_statement_to_scan_end_to_end():
    df = C.read_statement(io.BytesIO(STATEMENT.encode("gbk")), account_owner="C1")
    loans = _loans(disburse_date=[pd.Timestamp("2024-03-01")])
    f = C.scan(df, loans)
    assert set(f["rule"]) == {"流入限制性领域"}
    # 两笔都流入限制性领域：购房款（第 2 天）与证券转账（第 4 天），按金额从大到小
    assert f["counterparty_name"].tolist() == ["青禾置业有限公司", "某证券股份有限公司"]
    assert f["amount"].tolist() == [200_000.0, 1_200.5] and f["days"].tolist() == [2, 4]
    assert f["txn_ids"].tolist() == [("S00002",), ("S00003",)]
    assert f["share"].tolist() == pytest.approx([200_000 / 500_000, 1_200.5 / 500_000])


# -- 评分 --------------------------------------------------------------------------------

def test_score_precision_recall():
    findings = pd.DataFrame({"rule": ["回流", "回流", "担保圈"], "entity": ["L1", "L2", "B>C>A"]})
    truth = pd.DataFrame({"kind": ["回流", "回流", "回流", "担保圈", "预警"], "entity": ["L1", "L3", "L4", "A>B>C", "C9"]})
    s = C.score(findings, truth)
    assert s.loc["回流", "精确率"] == pytest.approx(0.5) and s.loc["回流", "召回率"] == pytest.approx(1 / 3)
    assert s.loc["担保圈", "召回率"] == 1.0
    assert pd.isna(s.loc["集中使用", "精确率"])


def test_teaching_bank_planted_truth():
    bank = datasets.teaching_bank(seed=0)
    f = C.scan(bank.transactions, bank.loans, bank.customers, bank.guarantees)
    s = C.score(f, bank.truth)
    for rule in C.RULES:
        assert s.loc[rule, "真值数"] >= 2, f"教学银行里没有埋设足够的“{rule}”"   # 没有埋设就检验不了
        assert s.loc[rule, "召回率"] == 1.0, (rule, s.loc[rule].to_dict())
        assert s.loc[rule, "精确率"] >= 0.8, (rule, s.loc[rule].to_dict())


def test_teaching_bank_near_misses_are_rejected():
    bank = datasets.teaching_bank(seed=0)
    f = C.scan(bank.transactions, bank.loans, bank.customers, bank.guarantees)
    near = bank.near_misses[bank.near_misses["kind"].isin(C.RULES)]
    assert len(near) >= 5
    for _, row in near.iterrows():
        got = f.loc[f["rule"] == row["kind"], "entity"].astype(str)
        if row["kind"] == "担保圈":
            got, key = got.map(C._cycle_key), C._cycle_key(row["entity"])
        else:
            key = row["entity"]
        assert key not in set(got), (row["kind"], row["entity"], row["detail"])


def test_uploaded_statement_matches_guarantor_by_name():
    text = ("交易日期,收支方向,交易金额,对方户名,对方账号\n2024-03-01,收入,500000,青禾农商银行,X\n"
            "2024-03-02,支出,150000,吴志强,6217000000000777\n2024-03-12,支出,40000,周建国,6228000000000123\n")
    st = C.read_statement(io.BytesIO(text.encode("gbk")), account_owner="周建国")
    loan = pd.DataFrame({"loan_id": ["L"], "customer_id": ["周建国"], "amount": [500_000.0],
                         "disburse_date": [pd.Timestamp("2024-03-01")], "guarantor_id": ["吴志强"]})
    f = C.scan(st, loan, rules=["回流"])
    assert f["txn_ids"].tolist() == [("S00002",)] and "担保人" in f.iloc[0]["explanation"]
    wide = C.scan(st, loan, rules=["回流"], params=C.ScanParams(return_days=15, return_share=(0.05, 1.25)))
    assert len(wide) == 2


def test_fund_flow_checker_widget():
    from coursekit.widgets.compliance import FundFlowChecker

    w = FundFlowChecker(_tx([DISBURSE, _out("T1", 5, 200_000, "G1", "王某", "个人")]), _loans())
    assert w.result.empty                          # 第 5 天，超出默认 3 天窗口
    w.controls["回流天数"].value = 7
    assert w.result["txn_ids"].tolist() == [("T1",)]


def _checker_tx():
    """回流 1 条（默认规则），另有第三方代还 3 次、一次资金往返（只有可选规则才报）。"""
    return _tx([DISBURSE, _out("T1", 2, 200_000, "G1", "王某", "个人"),
                _move("T2", 1, "出", 100_000, loan="L1"), _move("T3", 4, "入", 99_000),
                _pay("P1", "P", "L1", 30, 500.0), _pay("P2", "P", "L1", 60, 500.0), _pay("P3", "P", "L1", 90, 500.0)])


def _shown_html(monkeypatch, widget) -> str:
    """重算一次部件，收集它显示的全部 HTML 文本。"""
    import coursekit.widgets.compliance as WC

    shown: list[str] = []
    monkeypatch.setattr(WC, "display", lambda obj: shown.append(obj._repr_html_() if hasattr(obj, "_repr_html_")
                                                                  else getattr(obj, "data", "")))
    widget.refresh()
    return "".join(shown)


def test_fund_flow_checker_optional_rules_checkbox(monkeypatch):
    from coursekit.widgets.compliance import FundFlowChecker

    tx = _checker_tx()
    w = FundFlowChecker(tx, _loans())
    # 默认关闭：首次显示与只跑默认规则完全相同
    assert w.controls["可选规则"].value is False
    pd.testing.assert_frame_equal(w.result, C.scan(tx, _loans()))
    assert w.result["rule"].tolist() == ["回流"]
    off = _shown_html(monkeypatch, w)
    assert "发现 回流 1 条，流入限制性领域 0 条，以贷还贷 0 条，集中使用 0 条，担保圈 0 条。" in off
    assert "一主体多笔还息" not in off and "资金往返" not in off
    # 打开：计数与发现表都包含两条可选规则
    w.controls["可选规则"].value = True
    assert w.error is None
    pd.testing.assert_frame_equal(w.result, C.scan(tx, _loans(), rules=C.ALL_RULES))
    assert w.result["rule"].tolist() == ["回流", "一主体多笔还息", "资金往返"]
    assert w.result.set_index("rule").loc["一主体多笔还息", "txn_ids"] == ("P1", "P2", "P3")
    on = _shown_html(monkeypatch, w)
    assert "担保圈 0 条，一主体多笔还息 1 条，资金往返 1 条。" in on
    assert on.count("<td>一主体多笔还息</td>") == 1 and on.count("<td>资金往返</td>") == 1
    # 滑块照常作用于默认规则；关掉复选框回到默认规则
    w.controls["回流天数"].value = 1
    assert w.result["rule"].tolist() == ["一主体多笔还息", "资金往返"]
    w.controls["可选规则"].value = False
    assert w.result.empty
    assert "按当前参数，没有发现可疑的资金流向" in _shown_html(monkeypatch, w)
    w.controls["可选规则"].value = True
    w.controls["回流天数"].value = 3
    assert len(w.result) == 3


def test_fund_flow_checker_can_start_with_optional_rules_and_shows_errors_inline():
    from coursekit.widgets.compliance import FundFlowChecker

    tx = _checker_tx()
    w = FundFlowChecker(tx, _loans(), optional_rules=True)
    assert w.controls["可选规则"].value is True and len(w.result) == 3
    # 流水有坏数据：错误在部件里显示，不抛出；改回默认规则也一样
    bad = tx.copy()
    bad["amount"] = bad["amount"].astype(object)
    bad.loc[bad["txn_id"] == "P2", "amount"] = "五百"
    w = FundFlowChecker(bad, _loans(), optional_rules=True)
    assert w.result is None and w.error is not None and w.error.field == "交易金额"
    assert "交易金额" in w._top_error.value
    w.controls["可选规则"].value = False
    assert w.result is None and w.error.field == "交易金额"


def test_every_rule_meets_precision_and_recall_on_100_teaching_banks():
    """教学银行种子 0–99：每条规则的精确率 ≥ 0.8、召回率 ≥ 0.9（确定性数据，不随机）。"""
    from coursekit import datasets
    misses = []
    for seed in range(100):
        bank = datasets.teaching_bank(seed=seed)
        found = C.scan(bank.transactions, bank.loans, bank.customers, bank.guarantees)
        for rule, row in C.score(found, bank.truth).iterrows():
            if not (row["精确率"] >= 0.8 and row["召回率"] >= 0.9):
                misses.append((seed, rule, row["真值数"], row["发现数"], row["命中数"]))
    assert misses == []


def test_match_staff_relatives_hand_example():
    findings = pd.DataFrame({"counterparty_name": ["宋丽 ", "何志强", "青禾饲料厂", "宋丽"],
                             "loan_id": ["B1", "B2", "B3", "B4"], "amount": [150_000.0, 120_000.0, 80_000.0, 200_000.0]})
    register = pd.DataFrame({"姓名": ["宋丽", "何志强", "何建国"], "员工": ["何志鹏"] * 3, "关系": ["配偶", "弟弟", "父亲"]})
    out = C.match_staff_relatives(findings, register)
    assert list(out["渠道"]) == ["员工何志鹏的配偶", "员工何志鹏的弟弟", "非员工近亲属", "员工何志鹏的配偶"]
    # 命中的三笔 15 + 12 + 20 = 47 万元；供应商那一笔不算
    assert out.loc[out["员工"] != "", "amount"].sum() == 470_000
    assert list(out["loan_id"]) == ["B1", "B2", "B3", "B4"]


def test_match_staff_relatives_rejects_ambiguous_register():
    findings = pd.DataFrame({"counterparty_name": ["宋丽"], "loan_id": ["B1"], "amount": [1.0]})
    register = pd.DataFrame({"姓名": ["宋丽", "宋丽"], "员工": ["何志鹏", "李青禾"], "关系": ["配偶", "妹妹"]})
    with pytest.raises(InputError, match="员工近亲属登记表"):
        C.match_staff_relatives(findings, register)
    with pytest.raises(InputError, match="员工近亲属登记表"):
        C.match_staff_relatives(findings, register.drop(columns="关系"))
