"""m03-c17：一本管户的集中度（手算的例子）。"""
from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from coursekit import marketing
from coursekit.errors import InputError


def _book():
    return pd.DataFrame({"客户": ["甲局", "甲局下属", "乙厂", "小店们"], "关系组": ["甲", "甲", "乙", "小店"],
                         "类型": ["机构", "机构", "小微企业", "个体工商户"], "户数": [1, 2, 1, 30],
                         "存款日均": [600, 100, 100, 50], "贷款余额": [0, 0, 50, 100], "年贡献": [3, 1, 2, 4],
                         "来源": ["分配", "分配", "转介绍", "扫街"]})


def test_hand_computed_book():
    g = marketing.book_concentration(_book(), top=2, leave_group="甲", leave_share=0.5)
    # 规模：甲 700、乙 150、小店 150，合计 1,000；甲占 70%；HHI ＝ 0.49 ＋ 0.0225 ＋ 0.0225
    assert g.index.tolist() == ["甲", "乙", "小店"] and g.loc["甲", "管户规模"] == 700
    assert g.attrs["最大一组占比"] == pytest.approx(0.7) and g.attrs["前几组占比"] == pytest.approx(0.85)
    assert g.attrs["HHI"] == pytest.approx(0.535)
    # 贡献：甲 4 / 10；走掉一半：规模剩 650，贡献剩 8
    assert g.loc["甲", "贡献占比"] == pytest.approx(0.4)
    assert g.attrs["走掉后规模"] == pytest.approx(650) and g.attrs["走掉后贡献"] == pytest.approx(8)
    assert g.attrs["小微与个人户数"] == 31 and g.attrs["按来源"]["分配"] == pytest.approx(0.7)


@given(st.floats(0, 1))
def test_leaving_never_adds(share):
    g = marketing.book_concentration(_book(), leave_group="乙", leave_share=share)
    assert g.attrs["走掉后规模"] <= g.attrs["管户规模"] + 1e-9


def test_refuses_bad_input():
    with pytest.raises(InputError, match="走掉的关系组"):
        marketing.book_concentration(_book(), leave_group="丙")
    with pytest.raises(InputError, match="管户表"):
        marketing.book_concentration(_book().drop(columns="来源"))
    with pytest.raises(InputError, match="存款日均"):
        marketing.book_concentration(_book().assign(存款日均=[-1, 0, 0, 0]))


def test_book_concentration_view():
    from coursekit.widgets.marketing import BookConcentrationView

    w = BookConcentrationView(_book(), group="甲", leave_share=1.0, top=2)
    assert w.result.attrs["走掉后规模"] == pytest.approx(300)
    w.controls["关系组"].value = "小店"
    assert w.result.attrs["走掉后规模"] == pytest.approx(850) and w.unexpected is None
