"""替代数据评分卡：手算例子、单调性、检验指标和公平性输出。"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coursekit.altscore import BANK_CARD, Attribute, Scorecard, bank_features, evaluate, fairness
from coursekit.errors import InputError

CARD = Scorecard([
    Attribute("本行往来年限", "年限", (2, 5), (0, 10, 20), ("不满 2 年", "2—4 年", "5 年及以上")),
    Attribute.flag("水电按时缴费", "水电", 15),
], vetoes={"涉诉": "涉诉或被执行"}, bands={"A": 30, "B": 15})


def test_score_by_hand():
    data = pd.DataFrame({"年限": [1, 2, 7, 4, None], "水电": [1, 0, 1, 1, 1], "涉诉": [0, 0, 1, 0, 0]},
                        index=list("甲乙丙丁戊"))
    out = CARD.score(data)
    # 甲 0 + 15 = 15 → B；乙 10 + 0 = 10 → 未达线；丙 20 + 15 = 35 但涉诉 → 否决；丁 10 + 15 = 25 → B；戊 缺年限按 0 档
    assert out["得分"].tolist() == [15, 10, 35, 25, 15]
    assert out["档位"].tolist() == ["B", "未达线", "否决", "B", "B"]
    assert out.loc["甲", "得分理由"] == "本行往来年限：不满 2 年 +0 分；水电按时缴费：具备 +15 分"
    assert out.loc["乙", "还差"] == "本行往来年限（再得 10 分：5 年及以上）；水电按时缴费（再得 15 分：具备）"
    assert "一票否决：涉诉或被执行" in out.loc["丙", "得分理由"]
    assert out.loc["丙", "还差"] == "—"
    assert CARD.max_points == 35
    table = CARD.table()
    assert table["分值"].tolist() == [0, 10, 20, 0, 15]


def test_points_must_not_fall_as_the_attribute_improves():
    with pytest.raises(InputError) as err:
        Attribute("往来年限", "年限", (2, 5), (0, 20, 10))
    assert "不能越低" in str(err.value)
    with pytest.raises(InputError):
        Attribute("往来年限", "年限", (5, 2), (0, 10, 20))          # 门槛要从低到高
    with pytest.raises(InputError):
        Attribute("往来年限", "年限", (2, 5), (0, 10))              # 分值比门槛多一个
    with pytest.raises(InputError):
        Attribute.flag("水电", "水电", -5)
    with pytest.raises(InputError):
        CARD.with_points({"没有这一项": (0, 1)})
    with pytest.raises(InputError):
        CARD.score(pd.DataFrame({"年限": [1]}))                       # 缺列


def test_with_points_changes_weights_only():
    heavier = CARD.with_points({"水电按时缴费": (0, 30)})
    out = heavier.score(pd.DataFrame({"年限": [1], "水电": [1], "涉诉": [0]}))
    assert out["得分"].iloc[0] == 30 and out["档位"].iloc[0] == "A"
    assert heavier.bands == CARD.bands and heavier.vetoes == CARD.vetoes


@settings(max_examples=60, deadline=None)
@given(st.floats(0, 40), st.floats(0, 10), st.integers(0, 1),
       st.lists(st.integers(0, 20), min_size=3, max_size=3))
def test_a_better_attribute_never_lowers_the_score(years, extra, flag, steps):
    card = CARD.with_points({"本行往来年限": tuple(np.cumsum(steps).tolist())})
    base = pd.DataFrame({"年限": [years], "水电": [flag], "涉诉": [0]})
    better = pd.DataFrame({"年限": [years + extra], "水电": [1], "涉诉": [0]})
    assert card.score(better)["得分"].iloc[0] >= card.score(base)["得分"].iloc[0]


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 30), st.integers(0, 30), st.floats(0, 10))
def test_more_points_for_a_better_band_never_lowers_anyones_score(p1, bump, years):
    low = CARD.with_points({"本行往来年限": (0, p1, p1 + 5)})
    high = CARD.with_points({"本行往来年限": (0, p1 + bump, p1 + 5 + bump)})
    data = pd.DataFrame({"年限": [years], "水电": [0], "涉诉": [0]})
    assert high.score(data)["得分"].iloc[0] >= low.score(data)["得分"].iloc[0]


def test_evaluate_by_hand():
    # 坏户 1、3 分，好户 2、4 分：四对里坏低于好的有 (1,2)(1,4)(3,4) 三对 → AUC 0.75
    ev = evaluate(pd.Series([1, 2, 3, 4]), pd.Series([True, False, True, False]), bands=[2.5])
    assert ev.auc == pytest.approx(0.75)
    # 分数线 1：坏户 1/2 ≤ 1、好户 0/2 → 差 0.5（最大，首次出现）
    assert ev.ks == pytest.approx(0.5) and ev.ks_score == 1
    assert ev.bands["户数"].tolist() == [2, 2] and ev.bands["坏户数"].tolist() == [1, 1]
    assert ev.bands["分数段"].tolist() == ["低于 2.5", "2.5 及以上"]
    # 平分记一半：全部同分 → 0.5；排序完全正确 → 1
    assert evaluate([5, 5, 5], [True, False, False]).auc == pytest.approx(0.5)
    assert evaluate([1, 2, 9, 9], [1, 1, 0, 0]).auc == pytest.approx(1.0)
    named = evaluate([10, 20, 40, 60], [True, True, False, False], bands={"A": 50, "B": 30})
    assert named.bands.set_index("分数段")["坏账率"].to_dict() == {"未达线": 1.0, "B": 0.0, "A": 0.0}
    with pytest.raises(InputError):
        evaluate([1, 2], [False, False])                 # 没有坏户
    with pytest.raises(InputError):
        evaluate([1, 2, 3], [True, False])               # 长度不一
    with pytest.raises(InputError):
        evaluate([1, None], [True, False])


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 100), st.booleans()), min_size=2, max_size=40))
def test_auc_matches_pair_counting(rows):
    scores = [s for s, _ in rows]
    bad = [b for _, b in rows]
    if all(bad) or not any(bad):
        return
    pairs = [(sb, sg) for sb, b1 in rows if b1 for sg, b2 in rows if not b2]
    expected = sum(1.0 if sb < sg else 0.5 if sb == sg else 0.0 for sb, sg in pairs) / len(pairs)
    assert evaluate(scores, bad).auc == pytest.approx(expected)


def test_fairness_by_hand():
    approved = pd.Series([True, True, False, True, False, False])
    out = fairness(approved, {"性别": ["男", "男", "男", "女", "女", "女"]})
    rows = out.set_index("分组")
    assert rows.loc["男", "准入率"] == pytest.approx(2 / 3) and rows.loc["女", "准入率"] == pytest.approx(1 / 3)
    assert rows.loc["女", "与最高组之比"] == pytest.approx(0.5) and rows.loc["女", "提示"] == "明显偏低"
    assert rows.loc["男", "提示"] == ""
    with pytest.raises(InputError):
        fairness(approved, {"性别": ["男"]})
    with pytest.raises(InputError):
        fairness(pd.Series([1, 0]), {"性别": ["男", "女"]})


def test_bank_features_against_the_raw_tables():
    from coursekit.datasets import teaching_bank

    bank = teaching_bank(0)
    f = bank_features(bank)
    assert len(f) == bank.loans["customer_id"].nunique() == 769
    # 独立算一遍坏户：每笔贷款逾期历史的最大天数
    worst = bank.overdue_history.groupby("loan_id")["overdue_days"].max()
    loans = bank.loans.assign(worst=lambda d: np.maximum(d["loan_id"].map(worst).fillna(0), d["overdue_days"]))
    bad_ids = set(loans.loc[(loans["worst"] >= 30) | loans["risk_category"].isin(["次级", "可疑", "损失"])
                            | (loans["status"] == "核销"), "customer_id"])
    assert set(f.index[f["坏户"]]) == bad_ids and len(bad_ids) == 30
    cid = f.index[0]
    st_ = bank.settlement[(bank.settlement["customer_id"] == cid) & (bank.settlement["inflow"] > 0)]
    assert f.loc[cid, "结算活跃月数"] == st_["month"].nunique()
    c = bank.customers.set_index("customer_id").loc[cid]
    assert f.loc[cid, "往来年限"] == c["tenure_years"]
    assert f.loc[cid, "性别"] == ("男" if int(c["id_number"][16]) % 2 else "女")
    ev = evaluate(BANK_CARD.score(f)["得分"], f["坏户"], bands=BANK_CARD.bands)
    assert ev.n == 769 and ev.n_bad == 30 and 0 <= ev.auc <= 1
    with pytest.raises(InputError):
        bank_features(object())


def test_widget_moves_cutoff_and_weights():
    pytest.importorskip("ipywidgets")
    from coursekit.widgets.altscore import AltScoreExplorer

    data = pd.DataFrame({"年限": [1, 3, 6, 6], "水电": [1, 0, 1, 0], "涉诉": [0, 0, 0, 0],
                         "坏户": [True, False, False, True], "性别": ["男", "女", "女", "男"]})
    w = AltScoreExplorer(data, CARD, outcome="坏户", groups=["性别"], cutoff=15)
    # 得分 15、10、35、20：线 15 → 准入 3 人
    assert w.result["approved"] == 3 and w.result["scored"]["得分"].tolist() == [15, 10, 35, 20]
    w.controls["准入分数线"].value = 25
    assert w.result["approved"] == 1
    w.controls["水电按时缴费"].value = 0                       # 水电不计分：得分 0、10、20、20
    assert w.result["scored"]["得分"].tolist() == [0, 10, 20, 20] and w.result["approved"] == 0
    w.controls["本行往来年限"].value = 40                      # 满分 40，中间档按比例 10 → 20
    assert w.result["scored"]["得分"].tolist() == [0, 20, 40, 40]
    fair = w.result["fairness"].set_index("分组")
    assert fair.loc["女", "准入户数"] == 1 and fair.loc["男", "准入户数"] == 1
    assert w.error is None and w.unexpected is None
