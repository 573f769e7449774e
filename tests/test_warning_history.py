"""risk.warning_history：按月回放预警规则，找出每个信号、每个处置等级第一次出现的月份。"""
from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coursekit import risk
from coursekit.errors import InputError

W = 10_000


def _series():
    # 2023-07 到 2024-07：2024-02 起出现不明流出，2024-04 起他行借款增加，流入在末尾明显下降
    return pd.DataFrame({
        "月份": pd.date_range("2023-07-01", "2024-07-01", freq="MS"),
        "账户流入": [x * W for x in [62, 64, 61, 66, 70, 72, 63, 45, 60, 52, 46, 41, 33]],
        "不明大额流出": [x * W for x in [0, 0, 0, 0, 0, 0, 0, 6, 16, 12, 10, 9, 8]],
        "征信查询次数": [0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 3, 2, 1],
        "他行借款机构数": [1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 3, 3, 3],
    })


def test_history_month_by_month_hand_computed():
    """逐月的等级与信号按规则手算（近期 3 个月、基期 6 个月、不明流出占当月流入 20%、近 3 月查询 4 次）。"""
    h = risk.warning_history(_series())
    out, lend, query, drop = "大额不明流出", "他行新增借款（多头借贷）", "征信查询激增", "账户流入下降"
    want = {
        # 2023-07 至 2024-02：没有不明流出（2 月 6 ÷ 45 = 13% < 20%），查询为 0，机构数不变
        **{m: (0, []) for m in ("2023-07", "2023-08", "2023-09", "2023-10", "2023-11", "2023-12", "2024-01",
                                "2024-02")},
        "2024-03": (3, [out]),                      # 16 ÷ 60 = 27%：一个高严重度信号 → 增加保障
        "2024-04": (4, [out, lend]),                # 12 ÷ 52 = 23%；机构 1 → 2 家：两个高信号 → 离场
        "2024-05": (4, [out, lend, query]),         # 10 ÷ 46 = 22%；近 3 月查询 0 + 2 + 3 = 5 ≥ 4
        "2024-06": (4, [out, lend, query]),         # 9 ÷ 41 = 22%；查询 2 + 3 + 2 = 7；近期 3 家 > 基期 1 家
        "2024-07": (4, [out, lend, drop, query]),   # 8 ÷ 33 = 24%；近 3 月流入均值 40 万比前 6 月 62.67 万降 36%
    }
    assert list(h.table.index) == list(want)
    for month, (level, signals) in want.items():
        assert h.table.loc[month, "处置等级"] == level, month
        assert h.reports[month].signals["信号"].tolist() == signals, month
        assert h.table.loc[month, "信号"] == ("、".join(signals) or "—")
def test_history_contains_every_monthly_snapshot():
    s = _series()
    h = risk.warning_history(s)
    assert list(h.table.index) == [d.strftime("%Y-%m") for d in s["月份"]]
    for end in range(len(s)):
        rep = risk.early_warning(None, s.iloc[: end + 1])
        label = s["月份"].iloc[end].strftime("%Y-%m")
        # 当月亮起的信号都在；之前亮过、没有解除的也还在，所以等级不会低于当月的快照
        assert set(rep.signals["信号"]) <= set(h.reports[label].signals["信号"])
        assert h.table.loc[label, "处置等级"] >= rep.level


def _exit_then_quiet():
    # 不明流出只在 2023 年 5—7 月（每月占流入 25% 以上），他行借款 7 月起 1 → 2 家；此后数据“安静”，但钱没回来，
    # 2024 年 4 月起逾期
    return pd.DataFrame({
        "月份": pd.date_range("2022-10-01", periods=24, freq="MS"),
        "账户流入": [120 * W] * 24,
        "不明大额流出": [0] * 7 + [30 * W, 35 * W, 32 * W] + [0] * 14,
        "他行借款机构数": [1] * 9 + [2] * 15,
        "逾期天数": [0] * 18 + [12, 43, 73, 104, 135, 165],
    })


def test_a_warning_stays_on_until_a_recorded_check_clears_it():
    s = _exit_then_quiet()
    h = risk.warning_history(s)
    assert h.first_month(level=4) == "2023-07"
    # 快照里，不明流出 10 月就滑出了 3 个月的窗口；回放里它一直计入，等级一直是离场
    assert risk.early_warning(None, s.iloc[:13]).level < 4
    assert (h.table.loc["2023-07":, "处置等级"] == 4).all()
    assert "大额不明流出" in h.table.loc["2024-09", "信号"] and "逾期超过 90 天" in h.table.loc["2024-09", "信号"]
    assert h.reports["2024-09"].signals.set_index("信号").loc["大额不明流出", "首次出现"] == "2023-05"
    # 有核实记录（谁、哪个月、核实了什么）才解除：11 月核实了流出去向，只剩他行借款一个高严重度信号
    check = [{"月份": "2023-11", "信号": "大额不明流出", "核实人": "龚志强",
              "核实结论": "看了置业公司的合伙协议和出资凭证，83 万元是投资款，已要求书面说明还款来源"}]
    c = risk.warning_history(s, clearances=check)
    assert c.table.loc["2023-10", "处置等级"] == 4 and c.table.loc["2023-11", "处置等级"] == 3
    assert c.table.loc["2023-11", "解除"] == "大额不明流出" and "大额不明流出" not in c.table.loc["2023-11", "信号"]
    assert list(c.clearances["核实人"]) == ["龚志强"]
    # 逾期是新的信号，照样亮灯：超过 90 天后又回到离场
    assert c.table.loc["2024-04", "处置等级"] == 3 and c.table.loc["2024-07", "处置等级"] == 4
    everything = risk.warning_history(s, clearances=[{**check[0], "信号": "全部"}])
    assert everything.table.loc["2023-11", "处置等级"] == 0


@pytest.mark.parametrize("bad", [
    {"月份": "2023-11", "信号": "大额不明流出", "核实人": "龚志强"},                       # 没写核实了什么
    {"月份": "2023-11", "信号": "大额不明流出", "核实人": " ", "核实结论": "已核实"},      # 没写谁
    {"月份": "2030-01", "信号": "大额不明流出", "核实人": "龚志强", "核实结论": "已核实"},  # 月份不在序列里
    {"月份": "2023-11", "信号": "赌博", "核实人": "龚志强", "核实结论": "已核实"},          # 不是信号
])
def test_clearance_needs_who_when_and_what(bad):
    with pytest.raises(InputError, match="核实解除记录"):
        risk.warning_history(_exit_then_quiet(), clearances=[bad])


def test_a_cleared_signal_returns_when_it_comes_back_later():
    s = _exit_then_quiet()
    s.loc[20, "不明大额流出"] = 40 * W                      # 2024 年 6 月又一笔
    check = [{"月份": "2023-11", "信号": "大额不明流出", "核实人": "龚志强", "核实结论": "投资款，已核实"}]
    c = risk.warning_history(s, clearances=check)
    assert "大额不明流出" not in c.table.loc["2024-05", "信号"] and "大额不明流出" in c.table.loc["2024-06", "信号"]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 100), st.integers(0, 60), st.integers(0, 5), st.integers(0, 3),
                          st.integers(0, 200)), min_size=1, max_size=15))
def test_level_never_falls_while_nothing_is_cleared(rows):
    s = pd.DataFrame({
        "月份": pd.date_range("2022-01-01", periods=len(rows), freq="MS"),
        "账户流入": [r[0] * W for r in rows],
        "不明大额流出": [r[1] * W for r in rows],
        "征信查询次数": [r[2] for r in rows],
        "他行借款机构数": [r[3] for r in rows],
        "逾期天数": [r[4] for r in rows],
    })
    levels = risk.warning_history(s).table["处置等级"].tolist()
    assert levels == sorted(levels)


def test_first_seen_hand_computed():
    h = risk.warning_history(_series())
    # 2 月：6 万 ÷ 45 万 ≈ 13% < 20%，不亮灯；3 月：16 万 ÷ 60 万 ≈ 27% → 大额不明流出（高），等级 3
    assert h.table.loc["2024-02", "处置等级"] == 0 and h.table.loc["2024-02", "信号"] == "—"
    assert h.first_month(signal="大额不明流出") == "2024-03"
    assert h.first_month(level=3) == "2024-03" and h.first_month(level=1) == "2024-03"
    # 4 月：他行借款机构 1 → 2 家，第二个高严重度信号 → 离场
    assert h.first_month(level=4) == "2024-04"
    assert h.first_month(signal="new_lenders") == "2024-04"
    # 7 月：近 3 月流入 (46+41+33)/3 = 40 万，此前 6 个月均值 62.67 万，下降 36% > 30%
    assert h.first_month(signal="账户流入下降") == "2024-07"
    assert h.first_month(signal="水电用量下降") is None
    fs = h.first_seen.set_index("名称")["首次出现"]
    assert fs["4 级 离场"] == "2024-04" and fs["征信查询激增"] == "2024-05"
    assert list(h.first_seen.columns) == ["类别", "名称", "首次出现"]


def test_params_start_months_and_profile():
    s = _series()
    tight = risk.WarningParams(unexplained_outflow_share=0.05)
    h = risk.warning_history(s, params=tight, start="2024-01")
    assert list(h.table.index)[0] == "2024-01" and h.first_month(level=3) == "2024-02"
    assert list(risk.warning_history(s, months=2).table.index) == ["2024-06", "2024-07"]
    picked = risk.warning_history(s, months=["2023-12", "2024-04"], start="2024-01")
    assert list(picked.table.index) == ["2024-04"]
    with_onsite = risk.warning_history(s, {"idle_equipment": True}, months=1)
    assert "设备闲置" in with_onsite.table.loc["2024-07", "信号"]
    # 档案里的现场信号在每个月都计入：第一个月也至少是“控制风险敞口”
    assert risk.warning_history(s, {"idle_equipment": True}).first_month(level=2) == "2023-07"


def test_unsorted_input_is_replayed_in_month_order():
    s = _series()
    shuffled = s.sample(frac=1.0, random_state=3)
    a = risk.warning_history(s).table
    b = risk.warning_history(shuffled).table
    pd.testing.assert_frame_equal(a, b)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 100), st.integers(0, 60), st.integers(0, 5), st.integers(0, 3)),
                min_size=1, max_size=15))
def test_history_levels_agree_with_reports(rows):
    s = pd.DataFrame({
        "月份": pd.date_range("2022-01-01", periods=len(rows), freq="MS"),
        "账户流入": [r[0] * W for r in rows],
        "不明大额流出": [r[1] * W for r in rows],
        "征信查询次数": [r[2] for r in rows],
        "他行借款机构数": [r[3] for r in rows],
    })
    h = risk.warning_history(s)
    assert len(h.table) == len(rows)
    for lv in range(1, 5):
        first = h.first_month(level=lv)
        reached = h.table.index[h.table["处置等级"] >= lv]
        assert first == (reached[0] if len(reached) else None)
    for name, month in zip(h.first_seen["名称"], h.first_seen["首次出现"]):
        if h.first_seen.set_index("名称").loc[name, "类别"] == "信号":
            earlier = [m for m in h.table.index if m < month]
            assert all(name not in h.reports[m].signals["信号"].tolist() for m in earlier)
            assert name in h.reports[month].signals["信号"].tolist()


def test_rejects_bad_input():
    s = _series()
    with pytest.raises(InputError, match="月度序列"):
        risk.warning_history(None)
    with pytest.raises(InputError, match="月份"):
        risk.warning_history(s.drop(columns="月份"))
    with pytest.raises(InputError, match="月份"):
        risk.warning_history(pd.concat([s, s.tail(1)]))
    with pytest.raises(InputError, match="借款人档案"):
        risk.warning_history(s, ["idle_equipment"])
    with pytest.raises(InputError, match="回放月份"):
        risk.warning_history(s, months=["2030-01"])
    with pytest.raises(InputError, match="回放月数"):
        risk.warning_history(s, months=0)
    with pytest.raises(InputError, match="起始月份"):
        risk.warning_history(s, start="2030-01")
    h = risk.warning_history(s)
    with pytest.raises(InputError, match="信号"):
        h.first_month(signal="赌博")
    with pytest.raises(InputError, match="查询"):
        h.first_month()
