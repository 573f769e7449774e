"""交叉销售：持有矩阵、关联规则、倾向分、推荐理由、留出期检验与坏输入。"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coursekit import crosssell as cs
from coursekit.datasets import teaching_bank
from coursekit.errors import InputError


@pytest.fixture(scope="module")
def bank():
    return teaching_bank()


@pytest.fixture(scope="module")
def toy():
    customers = pd.DataFrame({
        "customer_id": ["A", "B", "C", "D"], "name": ["甲", "乙", "丙", "丁"],
        "ctype": ["个体工商户"] * 4, "cluster_id": ["K1"] * 4})
    holdings = pd.DataFrame({
        "customer_id": ["A", "A", "B", "B", "C", "D", "A", "B", "C", "D"],
        "product": ["收单", "手机银行", "收单", "手机银行", "收单", "手机银行", "存款", "存款", "存款", "存款"],
        "since": pd.to_datetime(["2024-01-01"] * 5 + ["2024-10-01"] + ["2020-01-01"] * 4)})
    return {"customers": customers, "holdings": holdings}


def test_holding_matrix_and_cutoff(toy):
    m = cs.holding_matrix(toy)
    assert m.loc["A", "收单"] == 1 and m.loc["D", "收单"] == 0 and m.loc["D", "手机银行"] == 1
    early = cs.holding_matrix(toy, as_of="2024-06-30")
    assert early.loc["D", "手机银行"] == 0 and early["收单"].sum() == 3


def test_associations_hand_computed(toy):
    a = cs.associations(cs.holding_matrix(toy)).set_index(["前项", "后项"])
    r = a.loc[("手机银行", "收单")]
    # 手机银行 3 户（A B D），其中 2 户有收单；收单 3 户，共 4 户
    assert r["支持度"] == pytest.approx(2 / 4)
    assert r["置信度"] == pytest.approx(2 / 3)
    assert r["提升度"] == pytest.approx((2 / 3) / (3 / 4))
    assert r["前项户数"] == 3


def test_peer_share_excludes_self(toy):
    sc = cs.propensity(toy, weights=(1, 0, 0))
    # D 未开收单：同群另外 3 户都开了 → 100%
    assert sc.peer.loc["D", "收单"] == pytest.approx(1.0)
    # C 未开手机银行：另外 3 户中 A B D 都有 → 100%；A 的收单已持有 → 不推荐
    assert sc.peer.loc["C", "手机银行"] == pytest.approx(1.0)
    assert np.isnan(sc.score.loc["A", "收单"])
    assert sc.score.loc["D", "收单"] == pytest.approx(1.0)


def test_ineligible_products_not_recommended(bank):
    sc = cs.propensity(bank)
    ct = sc.customers["ctype"]
    assert sc.score.loc[ct == "农户", "收单"].isna().all()
    assert sc.score.loc[ct == "小微企业", "信用卡"].isna().all()
    assert sc.score.loc[ct != "小微企业", "代发"].isna().all()
    # 适用且未持有的格子都有分数：不适用的没有被误当成“已持有”
    held = sc.held[list(cs.CROSS_SELL_PRODUCTS)].astype(bool)
    farmers = ct == "农户"
    assert sc.score.loc[farmers & ~held["理财"], "理财"].notna().all()


def test_score_hand_computed_on_toy(toy):
    """权重 (2, 1, 1) 归一为 0.5、0.25、0.25；三个分量都按定义手算。"""
    sc = cs.propensity(toy, weights=(2, 1, 1))
    # 活跃度：玩具数据没有余额表，四户近 3 月存款都是 0，同类型内并列 → 百分位 (1+2+3+4)/4/4 = 0.625
    activity = 0.625
    # D 的收单：同群另外 3 户都有 → 1；D 持有手机银行，P(收单 | 手机银行) = 2/3（A、B ÷ A、B、D）
    assert sc.score.loc["D", "收单"] == pytest.approx(0.5 * 1 + 0.25 * 2 / 3 + 0.25 * activity)
    # C 的手机银行：另外 3 户都有 → 1；C 持有收单，P(手机银行 | 收单) = 2/3（A、B ÷ A、B、C）
    assert sc.score.loc["C", "手机银行"] == pytest.approx(0.5 * 1 + 0.25 * 2 / 3 + 0.25 * activity)
    # A 的理财：没有人持有 → 同群 0、关联 0，只剩活跃度
    assert sc.score.loc["A", "理财"] == pytest.approx(0.25 * activity)
    assert sc.assoc_from.loc["D", "收单"] == "手机银行"


def test_planted_next_product_is_top_recommendation(bank):
    targets = bank.truth.loc[bank.truth["kind"] == "下一产品", "entity"].tolist()
    nb = cs.next_best(bank, customer_id=targets, k=1)
    assert len(nb) == len(targets)
    assert (nb["推荐产品"] == "收单").mean() >= 0.8
    top2 = cs.next_best(bank, customer_id=targets, k=2)
    assert set(top2.loc[top2["推荐产品"] == "收单", "客户号"]) == set(targets)
    first = nb[nb["推荐产品"] == "收单"].iloc[0]
    assert "同市场" in first["理由"] and "的商户已开通收单" in first["理由"]


def test_next_best_cluster_and_reason_numbers(bank):
    nb = cs.next_best(bank, cluster_id="青禾农贸市场", k=2)
    ids = bank.customers.loc[bank.customers["cluster_id"] == "K01", "customer_id"]
    assert set(nb["客户号"]) <= set(ids)
    assert nb.groupby("客户号")["排名"].max().le(2).all()
    assert (nb.groupby("客户号")["倾向分"].apply(lambda s: s.is_monotonic_decreasing)).all()
    r = nb.iloc[0]
    assert f"{round(r['同群持有率'] * 100)}% 的" in r["理由"]
    same = cs.next_best(bank, cluster_id="K01", k=2)
    pd.testing.assert_frame_equal(nb, same)


def test_next_best_never_recommends_held(bank):
    nb = cs.next_best(bank, k=3)
    held = set(zip(bank.holdings["customer_id"].astype(str), bank.holdings["product"].astype(str)))
    assert not any((c, p) in held for c, p in zip(nb["客户号"], nb["推荐产品"]))


@settings(max_examples=30, deadline=None)
@given(w=st.tuples(st.floats(0, 5), st.floats(0, 5), st.floats(0, 5)).filter(lambda t: sum(t) > 0.01),
       k=st.integers(1, 4))
def test_next_best_properties(bank, w, k):
    nb = cs.next_best(bank, cluster_id="K06", k=k, weights=w)
    # 权重只看比例：整体放大 3 倍，推荐不变
    pd.testing.assert_frame_equal(nb, cs.next_best(bank, cluster_id="K06", k=k, weights=tuple(3 * x for x in w)))
    # 每户推荐的是倾向分最高的 k 个适用、未持有的产品，分数从高到低
    score = cs.propensity(bank, weights=w).score
    for cid, rows in nb.groupby("客户号", sort=False):
        best = score.loc[cid].dropna().sort_values(ascending=False, kind="stable").head(k)
        assert rows["倾向分"].tolist() == pytest.approx(best.tolist(), abs=5e-4)   # 显示时保留 3 位小数
    assert nb.groupby("客户号").size().max() <= k
    assert (nb["理由"].str.len() > 10).all()


def test_evaluate_real_holdout(bank):
    ev = cs.evaluate(bank, holdout_months=6, k=1)
    assert list(ev["推荐方法"]) == ["倾向模型", "热门产品基线", "随机推荐（期望）"]
    model, pop, rnd = ev["精确率@1"]
    assert model > pop > rnd > 0
    assert ev.loc[0, "相对热门基线提升"] == pytest.approx(model / pop)
    assert ev.loc[1, "相对热门基线提升"] == pytest.approx(1.0)
    assert ev.attrs["留出期新开通"] > 100
    # 命中数可以手工复核：截止日后新开通、且在模型第一推荐上的户数
    cut = ev.attrs["截止日"]
    sc = cs.propensity(bank, as_of=cut)
    sc_ = sc.score.dropna(how="all")
    top = sc_.fillna(-1).idxmax(axis=1)
    h = bank.holdings
    new = h[(h["since"] > cut)].assign(customer_id=lambda d: d["customer_id"].astype(str),
                                       product=lambda d: d["product"].astype(str))
    existed = set(h.loc[(h["product"] == "存款") & (h["since"] <= cut), "customer_id"].astype(str))
    pairs = set(zip(new["customer_id"], new["product"]))
    hits = sum((c, p) in pairs for c, p in top.items() if c in existed)
    assert ev.loc[0, "命中数"] == hits


def test_evaluate_uses_only_past_holdings(bank):
    cut = pd.Timestamp("2024-06-30")
    m = cs.holding_matrix(bank, as_of=cut)
    h = bank.holdings
    assert m.to_numpy().sum() == (h["since"] <= cut).sum()


@pytest.mark.parametrize("call, field", [
    (lambda b: cs.next_best(b, k=0), "推荐数"),
    (lambda b: cs.next_best(b, k="三"), "推荐数"),
    (lambda b: cs.next_best(b, customer_id="C999999"), "客户号"),
    (lambda b: cs.next_best(b, cluster_id="火星村"), "客群"),
    (lambda b: cs.next_best(b, customer_id="C000001", cluster_id="K01"), "筛选条件"),
    (lambda b: cs.propensity(b, weights=(1, -1, 1)), "权重"),
    (lambda b: cs.propensity(b, weights=(1, 2)), "权重"),
    (lambda b: cs.propensity(b, weights=(0, 0, 0)), "权重"),
    (lambda b: cs.propensity(b, as_of="不是日期"), "截止日期"),
    (lambda b: cs.evaluate(b, holdout_months=0), "留出月数"),
    (lambda b: cs.evaluate(b, holdout_months=1.5), "留出月数"),
    (lambda b: cs.propensity("银行"), "数据"),
    (lambda b: cs.propensity({"customers": b.customers}), "数据"),
    (lambda b: cs.associations(pd.DataFrame()), "持有矩阵"),
    (lambda b: cs.associations(pd.DataFrame({"a": [0, 2]})), "持有矩阵"),
    (lambda b: cs.associations(cs.holding_matrix(b), min_support=2), "最小支持度"),
])
def test_bad_inputs(bank, call, field):
    with pytest.raises(InputError) as exc:
        call(bank)
    assert exc.value.field == field


def test_explorer_widget_is_a_view_over_next_best(bank):
    from coursekit.widgets.crosssell import CrossSellExplorer

    w = CrossSellExplorer(bank, cluster="K12")
    pd.testing.assert_frame_equal(w.result, cs.next_best(bank, cluster_id="K12", k=3))
    w.controls["查看"].value = "按客户"
    assert w.error is not None and w.error.field == "客户号"
    w.controls["客户号"].value = "C000004"
    assert w.error is None and set(w.result["客户号"]) == {"C000004"}


# ---- book_growth: a manager's book year by year ----
def _small_book():
    customers = pd.DataFrame({"customer_id": ["A", "B", "C", "D"], "manager_id": ["M1", "M1", "M1", "M2"],
                              "ctype": ["农户"] * 4, "cluster_id": ["K1"] * 4})
    holdings = pd.DataFrame({
        "customer_id": ["A", "A", "A", "B", "B", "C", "D"],
        "product": ["存款", "贷款", "保险", "存款", "手机银行", "存款", "存款"],
        "since": pd.to_datetime(["2019-05-01", "2020-03-01", "2021-07-01", "2020-06-01", "2021-02-01",
                                 "2021-09-01", "2019-01-01"]),
    })
    return {"customers": customers, "holdings": holdings}


def test_book_growth_hand_computed():
    from coursekit.crosssell import book_growth
    g = book_growth(_small_book(), "M1", [2020, 2021])
    # end 2019: A holds 1; end 2020: A 2, B 1 -> 3 holdings; B is new (1), A deepened (+1)
    assert g.loc[2020, ["客户数", "新增客户", "产品持有数", "持有增量", "新客户带来", "老客户加深"]].tolist() == [2, 1, 3, 2, 1, 1]
    # end 2021: A 3, B 2, C 1 -> 6; C new (1), A +1 and B +1 deepened (2)
    assert g.loc[2021, ["客户数", "新增客户", "产品持有数", "持有增量", "新客户带来", "老客户加深"]].tolist() == [3, 1, 6, 3, 1, 2]
    assert g.loc[2021, "户均产品数"] == pytest.approx(2.0)
    assert g.loc[2021, "三件以上占比"] == pytest.approx(1 / 3)


def test_book_growth_split_adds_up_on_teaching_bank():
    from coursekit.crosssell import book_growth
    g = book_growth(teaching_bank(0), "M12", range(2019, 2025))
    assert (g["新客户带来"] + g["老客户加深"] == g["持有增量"]).all()
    assert (g["产品持有数"].diff().dropna() == g["持有增量"].iloc[1:]).all()


@pytest.mark.parametrize("manager, years", [("M9", [2020]), ("", [2020]), ("M1", []), ("M1", [2021, 2020]),
                                            ("M1", "2020"), ("M1", [2020.5])])
def test_book_growth_bad_input(manager, years):
    from coursekit.crosssell import book_growth
    with pytest.raises(InputError):
        book_growth(_small_book(), manager, years)


def test_book_growth_products_filter_drops_loans():
    from coursekit.crosssell import book_growth
    g = book_growth(_small_book(), "M1", [2021], products=["存款", "保险", "手机银行"])
    # end 2021 without loans: A 2 (存款, 保险), B 2, C 1 -> 5; end 2020: A 1, B 1 -> 2
    assert g.loc[2021, ["产品持有数", "持有增量", "新客户带来", "老客户加深"]].tolist() == [5, 3, 1, 2]


def test_book_growth_view_is_a_view_over_book_growth():
    from coursekit.crosssell import book_growth
    from coursekit.widgets.crosssell import BookGrowthView

    book = {**_small_book(), "managers": pd.DataFrame({"manager_id": ["M1", "M2"], "name": ["甲", "乙"]})}
    w = BookGrowthView(book, "M1", first_year=2020, last_year=2021)
    pd.testing.assert_frame_equal(w.result, book_growth(book, "M1", [2020, 2021]))
    w.controls["起始年"].value = 2021
    assert list(w.result.index) == [2021] and w.result.loc[2021, "老客户加深"] == 2
    w.controls["客户经理"].value = "M2"          # 乙：D 在 2019 年开户，2021 年没有增量
    assert w.error is None and w.result.loc[2021, "持有增量"] == 0 and w.result.loc[2021, "客户数"] == 1
    with pytest.raises(InputError):
        BookGrowthView(book, "M9")
    with pytest.raises(InputError):
        BookGrowthView(_small_book(), "M1")       # 没有客户经理名单
