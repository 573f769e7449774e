"""m02-c31：扫街的首次接触带来了多少客户（手算的例子）。"""
from __future__ import annotations

import pandas as pd
import pytest

from coursekit import marketing
from coursekit.errors import InputError


def _contacts():
    return pd.DataFrame({"编号": ["A", "B", "C", "D"], "成为客户": ["是", "否", "是", "是"],
                         "回访": ["多次", "一次", "多次", "一次"]})


def _refs():
    # A 介绍 x、y，x 又介绍 z；C 介绍 w
    return pd.DataFrame({"介绍人": ["A", "A", "x", "C"], "被介绍人": ["x", "y", "z", "w"]})


def test_hand_computed_yield():
    r = marketing.first_contact_yield(_contacts(), _refs(), by="回访", min_tree=3)
    assert r.loc["多次", "首次接触"] == 2 and r.loc["多次", "带来户数"] == 4 and r.loc["多次", "每个接触带来"] == 2
    assert r.loc["一次", "带来户数"] == 0 and r.loc["一次", "成为客户比例"] == pytest.approx(0.5)
    assert r.loc["多次", "带出一串的"] == 1 and r.attrs["带出一串的"] == [("A", 3)]
    assert r.attrs["带来户数合计"] == 4 and r.attrs["一串占带来的比例"] == pytest.approx(0.75)
    assert r.index.tolist() == ["多次", "一次"]


def test_refuses_cycles_and_bad_tables():
    with pytest.raises(InputError, match="循环"):
        marketing.first_contact_yield(_contacts(), pd.DataFrame({"介绍人": ["A", "x"], "被介绍人": ["x", "A"]}),
                                      by="回访")
    with pytest.raises(InputError, match="首次接触表"):
        marketing.first_contact_yield(_contacts().drop(columns="回访"), _refs(), by="回访")
    with pytest.raises(InputError, match="编号"):
        marketing.first_contact_yield(_contacts().assign(编号=["A", "A", "C", "D"]), _refs(), by="回访")


def test_first_contact_view():
    from coursekit.widgets.marketing import FirstContactView

    w = FirstContactView(_contacts(), _refs(), by_options=["回访"], min_tree=3)
    assert len(w.result.attrs["带出一串的"]) == 1
    w.controls["一串"].value = 1
    assert len(w.result.attrs["带出一串的"]) == 2 and w.unexpected is None
