"""没有隐藏状态：结果只取决于传进去的东西，不会被之后的改动、缓存或别的图悄悄影响。

（提前还款的链式与改表情形在 test_loans.py，教学银行的随机流在 test_datasets.py。）
"""
from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from coursekit import compliance as C
from coursekit import loans
from coursekit.errors import InputError
from coursekit.kyc.templates import load_templates
from coursekit.restoration import Checklist, restore
from coursekit.risk import load_checklists

from test_restoration import check, simple


# -- 工作底稿冻结建立时的资料清单 ---------------------------------------------------------

def test_checklist_changed_after_restore_does_not_split_the_worksheet():
    ev = {"年进货额": 684_000, "银行流水年入账": 1_000_000}
    mine = Checklist(["银行流水单"])
    ws = restore(simple(交叉检验资料=ev), checklist=mine)
    before = ws.check_table()
    mine.tick("进销货单", "损益表")                      # 调用方之后再勾
    after = ws.check_table()
    pd.testing.assert_frame_equal(after, before)
    # 结论与“资料已核”两处说法一致：进销货单当时没核，两处都这么说
    assert "尚未在清单上核实" in check(ws, "sales_purchases").explanation
    assert after.loc[after["检验"] == check(ws, "sales_purchases").name, "资料已核"].item() == "缺进销货单"
    assert ws.checklist.ticked == frozenset({"银行流水单"})
    with pytest.raises(InputError) as err:
        ws.checklist.tick("进销货单")                    # 底稿里的清单不能改
    assert err.value.field == "资料清单"
    # 用改过的清单重新 restore()，新底稿就按新清单
    again = restore(simple(交叉检验资料=ev), checklist=mine)
    assert "尚未" not in check(again, "sales_purchases").explanation


# -- 缓存的读取函数返回副本；模板缓存跟着文件走 ---------------------------------------------

def test_load_checklists_returns_independent_copies():
    first = load_checklists()
    n = len(first["acceptance"]["questions"])
    first["acceptance"]["questions"].clear()
    first["pre_loan"] = None
    again = load_checklists()
    assert len(again["acceptance"]["questions"]) == n > 0 and again["pre_loan"] is not None


def test_template_cache_notices_file_edits(tmp_path):
    from importlib import resources

    import yaml

    from coursekit.kyc.templates import _TEMPLATE_FILE

    doc = yaml.safe_load(resources.files("coursekit").joinpath("data", _TEMPLATE_FILE).read_text(encoding="utf-8"))
    path = tmp_path / "kyc.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    first = load_templates(path)
    assert load_templates(path) is first                 # 没改：用缓存
    doc["templates"][0]["label"] = "改过的模板名"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))   # 保证修改时间变了（有的文件系统精度到秒）
    edited = load_templates(path)
    assert "改过的模板名" in edited.templates and "改过的模板名" not in first.templates


# -- 画图：不改全局设置，也不在导入时选后端 -------------------------------------------------

def test_plotting_styles_its_own_figures_only():
    code = r"""
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
before = {k: v for k, v in matplotlib.rcParams.items()}
from coursekit import plotting
fig, ax = plotting.subplots()
ax.plot([0, 1], [0, -1]); ax.set_title("中文标题"); ax.legend(["线"])
fig.savefig(__import__("io").BytesIO(), format="png")
after = {k: v for k, v in matplotlib.rcParams.items()}
changed = sorted(k for k in before if before[k] != after[k])
user_fig, user_ax = plt.subplots()
print(changed, ax.title.get_fontweight(), ax.get_legend().get_frame_on(), ax.spines["top"].get_visible(),
      user_ax.spines["top"].get_visible(), matplotlib.get_backend().lower())
with plotting.style():
    inside = matplotlib.rcParams["axes.spines.top"]
print(inside, matplotlib.rcParams["axes.spines.top"])
"""
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True).stdout
    first, second = out.strip().splitlines()
    assert first == "[] bold False False True agg"
    assert second == "False True"


def test_importing_plotting_does_not_choose_a_backend():
    code = "import matplotlib; from coursekit import plotting; print(matplotlib.rcParams._get_backend_or_none())"
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.strip() == "None"


# -- 交易编号一律为元组 -------------------------------------------------------------------

def test_finding_ids_are_tuples_and_deduplicable():
    tx = pd.DataFrame({
        "txn_id": ["T0", "T1"], "account_owner": ["C1", "C1"], "loan_id": ["L1", None],
        "date": pd.to_datetime(["2024-03-01", "2024-03-02"]), "direction": ["入", "出"],
        "amount": [200_000.0, 200_000.0], "counterparty_id": ["X999", "X1"],
        "counterparty_name": ["放款", "青禾置业"], "counterparty_type": ["放款", "房地产开发商"]})
    ln = pd.DataFrame({"loan_id": ["L1"], "customer_id": ["C1"], "amount": [200_000.0],
                       "disburse_date": pd.to_datetime(["2024-03-01"])})
    f = C.scan(tx, ln)
    assert len(f) == 1 and f.iloc[0]["txn_ids"] == ("T1",)
    doubled = pd.concat([f, f], ignore_index=True)
    assert len(doubled.drop_duplicates()) == 1          # 列表会让 drop_duplicates 报错


def test_month_label_is_public_and_normalises():
    assert loans.month_label("2025-03-15") == "2025-03"
    assert loans.month_label(pd.Period("2025-03", "M")) == "2025-03"
    assert loans.month_label(pd.Timestamp("2025-12-31")) == "2025-12"
    for bad in (3, None, "三月"):
        with pytest.raises(InputError):
            loans.month_label(bad, "月份")


# -- 担保圈数到上限时要说出来 ---------------------------------------------------------------

def _complete_guarantee_group(k: int) -> pd.DataFrame:
    """k 户两两互相担保的联保群（完全有向图）：长度不超过 L 的简单环有 Σ C(k, j)·(j−1)! 个。"""
    ids = [f"C{i:02d}" for i in range(k)]
    pairs = [(a, b) for a in ids for b in ids if a != b]
    return pd.DataFrame(pairs, columns=["guarantor_id", "borrower_id"])


def test_guarantee_cycles_says_when_it_stops_at_the_bound():
    from math import comb, factorial

    g = _complete_guarantee_group(5)
    total = sum(comb(5, j) * factorial(j - 1) for j in range(2, 6))       # 10 + 20 + 30 + 24 = 84
    full = C.guarantee_cycles(g, max_len=5)
    assert len(full) == total == 84 and full.truncated is False
    exact = C.guarantee_cycles(g, max_len=5, max_cycles=84)                # 恰好等于上限：没有截断
    assert len(exact) == 84 and exact.truncated is False
    cut = C.guarantee_cycles(g, max_len=5, max_cycles=50)
    assert len(cut) == 50 and cut.truncated is True
    assert {">".join(c) for c in cut} <= {">".join(c) for c in full}


def test_scan_explains_a_truncated_cycle_list(monkeypatch):
    g = _complete_guarantee_group(4)
    g["loan_id"] = [f"L{i}" for i in range(len(g))]
    ln = pd.DataFrame({"loan_id": g["loan_id"], "customer_id": g["borrower_id"], "amount": 1_000.0,
                       "disburse_date": pd.Timestamp("2024-01-01")})
    real = C.guarantee_cycles
    monkeypatch.setattr(C, "guarantee_cycles", lambda *a, **k: real(*a, **{**k, "max_cycles": 3}))
    f = C.scan(pd.DataFrame(columns=["txn_id", "account_owner", "date", "direction", "amount"]), ln,
               guarantees=g, rules=["担保圈"])
    assert len(f) == 3 and f["explanation"].str.contains("达到上限 3 个").all()


# -- 月份：库内部用 Period，标签只在边缘 ------------------------------------------------------

def test_month_period_reads_the_forms_officers_type():
    assert loans.month_period("2025年3月") == pd.Period("2025-03", "M")
    assert loans.month_period(" 2025 年 12 月 ") == pd.Period("2025-12", "M")
    assert loans.month_period("2025-03-15") + 10 == pd.Period("2026-01", "M")
    assert loans.month_period(pd.Timestamp("2024-02-29")).month == 2
    for bad in (3, 2.5, True, None, "三月", "2025年13月", float("nan")):
        with pytest.raises(InputError) as e:
            loans.month_period(bad, "到期月份")
        assert e.value.field == "到期月份"


@given(st.integers(1900, 2200), st.integers(1, 12))
def test_month_label_and_period_round_trip(year, month):
    p = pd.Period(year=year, month=month, freq="M")
    label = loans.month_label(p)
    assert label == f"{year:04d}-{month:02d}"
    assert loans.month_period(label) == p == loans.month_period(f"{year}年{month}月")


def test_calendar_month_comes_from_the_period_not_the_string():
    """季节系数按日历月取：写成“2025年7月”的月份也取到 7 月的系数（不靠切字符串的第 6、7 个字符）。"""
    from coursekit.restoration import restore

    ws = restore({"名称": "甲", "产品": [{"名称": "货", "销售额": 1_200_000, "毛利率": 0.2}],
                  "季节系数": [1.0] * 6 + [2.0] + [1.0] * 5})
    assert ws.season_factor("2025年7月") == ws.season_factor("2025-07") != ws.season_factor("2025-06")
