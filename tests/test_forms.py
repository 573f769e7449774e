"""岗位表单：一份定义，三种形式（A4 打印页 / PDF、Excel、填写部件的校验）。"""
from __future__ import annotations

import datetime as dt
import os
import re

import pytest

from coursekit import forms
from coursekit.errors import InputError

ALL = forms.all_forms()
EXPECTED = {"续贷前预警核实表", "质押物 / 存货盘点表", "征信报告逐栏阅读清单", "家庭负债与对外担保问询清单", "设备贷核验单",
            "工时记录表", "首贷谈话记录", "扫街记录表", "贷后检查表", "五类重要日子提醒卡", "营销方案一页纸",
            "授信调查报告提纲", "催收记录表", "结业行动计划（30 / 60 / 90 天）",
            "团队夕会与周复盘记录表"}


def test_all_forms_are_defined_in_order():
    assert {f.title for f in ALL} == EXPECTED
    order = (forms.FORMS_DIR / "order.txt").read_text(encoding="utf-8").split()
    assert [f.id for f in ALL] == order


def test_action_plan_has_the_three_checkpoints_and_a_measure():
    form = forms.load("action-plan-30-60-90")
    table = next(s for s in form.sections if s.columns)
    assert table.rows == 3 and any("衡量数字" in c for c in table.columns)
    notes = "".join(n for s in form.sections for n in s.notes)
    assert all(d in notes for d in ("30 天", "60 天", "90 天"))
    assert "直接上级" in form.sign and "客群" in _names(form.id)


@pytest.mark.parametrize("form", ALL, ids=lambda f: f.id)
def test_basis_cites_a_named_rule_or_says_common_practice(form):
    for b in form.basis:
        assert "《" in b or "公告〔2021〕第 3 号" in b or forms.COMMON_PRACTICE in b, b
        if "《" in b:
            # 全称之后写发文机关或文号与年份
            assert re.search(r"(19|20)\d\d|〔\d{4}〕|令第", b), b


def _names(form_id):
    return {f.name for f in forms.load(form_id).fields()}


def test_team_review_checklist_asks_for_help_and_a_checker():
    f = forms.load("team-review-checklist")
    tables_ = {s.title: s.columns for s in f.sections if s.columns}
    evening = next(c for t, c in tables_.items() if "夕会" in t)
    weekly = next(c for t, c in tables_.items() if "周复盘" in t)
    assert "明天要谁帮忙" in evening and "卡在哪里" in evening
    assert "贷后检查按时率" in weekly and "新增逾期笔数" in weekly and "谁查、何时查" in weekly


def test_spouse_is_interviewed_separately():
    form = forms.load("household-debt-guarantee")
    assert "配偶单独面谈时间地点" in _names(form.id)
    titles = [s.title for s in form.sections]
    assert any("配偶" in t and "单独" in t for t in titles)
    assert "配偶" in form.sign


def test_collection_log_prints_the_red_lines():
    form = forms.load("collection-log")
    notes = [n for s in form.sections for n in s.notes]
    assert len(notes) >= 5 and any("第三人" in n for n in notes) and any("暴力" in n for n in notes)
    page = forms.to_html(form)
    assert all(n in page for n in notes)


def test_equipment_check_covers_every_step():
    names = "".join(_names("equipment-loan-check"))
    for word in ("报价二", "报价三", "发票", "铭牌", "验收", "首付资金来源", "抵押登记"):
        assert word in names, word


def test_validate_parses_and_rejects_with_chinese_field_names():
    form = forms.load("equipment-loan-check")
    clean = forms.validate(form, {"报价一（本供应商）": "120,000", "铭牌与发票一致": "否", "验收日期": "2024-07-01",
                                  "首付资金来源证据": ["银行转账凭证"]}, partial=True)
    assert clean["报价一（本供应商）"] == 120_000.0
    assert clean["铭牌与发票一致"] is False
    assert clean["验收日期"] == dt.date(2024, 7, 1)
    with pytest.raises(InputError, match="报价一（本供应商）应为数字"):
        forms.validate(form, {"报价一（本供应商）": "12万"}, partial=True)
    with pytest.raises(InputError, match="首付金额不能为负数"):
        forms.validate(form, {"首付金额": -1}, partial=True)
    with pytest.raises(InputError, match="比价结论"):
        forms.validate(form, {"比价结论": "便宜"}, partial=True)
    with pytest.raises(InputError, match="设备名称型号是必填项"):
        forms.validate(form, {})
    with pytest.raises(InputError, match="不认识"):
        forms.validate(form, {"车牌": "x"})
    assert forms.missing(form, {"设备名称型号": "收割机"})[0] == "供应商"


def test_percent_accepts_percent_sign_and_fraction():
    form = forms.load("credit-report-reading")
    assert forms.validate(form, {"信用卡使用率": "85%"}, partial=True)["信用卡使用率"] == pytest.approx(0.85)
    assert forms.validate(form, {"信用卡使用率": 0.85}, partial=True)["信用卡使用率"] == 0.85
    with pytest.raises(InputError, match="信用卡使用率"):
        forms.validate(form, {"信用卡使用率": "150%"}, partial=True)


@pytest.mark.parametrize("form", ALL, ids=lambda f: f.id)
def test_print_page_has_every_field_and_no_outside_request(form):
    page = forms.to_html(form)
    assert "size: A4" in page
    for f in form.fields():
        assert f.name.replace("&", "&amp;") in page
    assert not re.search(r"(src|href)=\"(https?:)?//", page)


@pytest.mark.parametrize("form", ALL, ids=lambda f: f.id)
def test_excel_sheet_locks_labels_and_offers_lists(form, tmp_path):
    from openpyxl import load_workbook

    ws = load_workbook(forms.to_excel(form, tmp_path / "f.xlsx")).active
    assert ws.protection.sheet
    labels = {}
    for row in ws.iter_rows():
        a = row[0]
        if isinstance(a.value, str):
            labels[a.value.removesuffix("（必填）")] = a
    for f in form.fields():
        cell = labels[f.name]
        assert cell.protection.locked
        entry = ws.cell(cell.row, 2)
        assert not entry.protection.locked
        if f.type in ("choice", "flag"):
            opts = ("是", "否") if f.type == "flag" else f.options
            lists = [dv.formula1 for dv in ws.data_validations.dataValidation if entry.coordinate in dv.sqref]
            assert lists == ['"' + ",".join(opts) + '"']


def test_widget_shows_errors_inline():
    pytest.importorskip("ipywidgets")
    from coursekit.widgets.forms import FormWidget

    w = FormWidget("first-loan-interview")
    assert "借款人" in w.result["missing"]
    w.controls["贷款金额"].value = "五万"
    assert w.error is not None and "应为数字" in w._field_errors["贷款金额"].value
    w.controls["贷款金额"].value = "50000"
    assert w.error is None and w.result["values"]["贷款金额"] == 50_000.0


def test_every_form_prints_within_its_page_budget(tmp_path):
    if not forms.chromium():
        if os.environ.get("COURSE_REQUIRE_BROWSER"):
            pytest.fail("需要 Chromium（Debian：apt-get install chromium）")
        pytest.skip("没有 Chromium：打印检查跳过（CI 中会安装并运行）")
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "_ext"))
    import kit_ext  # 构建书时用的同一个打印函数

    pdfs = kit_ext.print_pdfs(ALL, tmp_path)
    over = {f.id: (forms.pdf_pages(pdfs[f.id]), f.pages) for f in ALL if forms.pdf_pages(pdfs[f.id]) > f.pages}
    assert not over, over
    assert all(forms.pdf_pages(p) >= 1 for p in pdfs.values())
