"""学员版网页的下载（``_sources/`` 与下载按钮）给的是学员版笔记本：没有检查单元、参考要点、解答。

在一个极小的假构建目录上运行替换，不构建整本书；真实构建上的断言在 tests/test_book.py。
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import trainee  # noqa: E402

CASE = {"nbformat": 4, "nbformat_minor": 5, "metadata": {"widgets": {"state": {}}}, "cells": [
    {"cell_type": "markdown", "metadata": {}, "source": "# 案例：某户贷款\n\n月供怎么算？"},
    {"cell_type": "code", "metadata": {"tags": ["hide-input"]}, "execution_count": 1,
     "outputs": [{"output_type": "stream", "name": "stdout", "text": "月供 4,386.42 元"}],
     "source": "from coursekit import loans\nm = loans.payment(200000, 0.0435, 60)"},
    {"cell_type": "code", "metadata": {"tags": ["remove-cell"]}, "execution_count": 2, "outputs": [],
     "source": "assert round(m, 2) == 3713.59"},
    {"cell_type": "markdown", "metadata": {},
     "source": "讨论。\n\n```{admonition} 参考要点\n:class: instructor\n先看现金流。\n```\n\n接着读。"},
    {"cell_type": "markdown", "metadata": {"tags": ["solution"]}, "source": "解答：月供约 3713.59 元。"},
    {"cell_type": "code", "metadata": {}, "execution_count": 3, "outputs": [],
     "source": 'from coursekit.quiz import show\nshow([{"type": "单选", "question": "先看什么？", "options": ['
               '{"text": "现金流", "correct": True}, {"text": "抵押", "correct": False}]}])'},
]}


def _fake_site(tmp_path: Path) -> Path:
    html = tmp_path / "html"
    nb_path = html / "_sources" / "cases" / "m99" / "m99-c01-demo.ipynb"
    nb_path.parent.mkdir(parents=True)
    nb_path.write_text(json.dumps(CASE, ensure_ascii=False), encoding="utf-8")
    md = html / "_sources" / "chapters" / "m99" / "index.md"
    md.parent.mkdir(parents=True)
    md.write_text("# 模块\n\n正文。\n\n:::{admonition} 参考要点\n:class: instructor\n讲师话术。\n:::\n", encoding="utf-8")
    (html / "index.html").write_text("<html></html>", encoding="utf-8")
    return html


def test_download_is_the_trainee_notebook(tmp_path):
    html = _fake_site(tmp_path)
    done = trainee.serve_downloads(html)
    assert done == [Path("cases/m99/m99-c01-demo.ipynb")]
    nb = json.loads((html / "_sources/cases/m99/m99-c01-demo.ipynb").read_text(encoding="utf-8"))
    text = json.dumps(nb, ensure_ascii=False)
    assert "3713.59" not in text          # 检查单元的断言与解答里的答案都不在
    assert "remove-cell" not in text and "参考要点" not in text and "讲师话术" not in text
    assert "correct" not in text          # 测验答案移到了题库文件
    assert trainee.answers_in(nb) == []
    # 学习材料还在：标题、讨论、计算单元（输出清空）、测验（改为读题库文件）
    assert [c["cell_type"] for c in nb["cells"]] == ["markdown", "code", "markdown", "code"]
    assert "月供怎么算" in nb["cells"][0]["source"] and "接着读" in nb["cells"][2]["source"]
    assert nb["cells"][1]["outputs"] == [] and "loans.payment" in nb["cells"][1]["source"]
    assert "widgets" not in nb["metadata"]
    bank_ref = '"../../exercises/banks/_inline/cases-m99-m99-c01-demo-1.json"'
    assert bank_ref in nb["cells"][3]["source"]
    bank = html / "_sources/exercises/banks/_inline/cases-m99-m99-c01-demo-1.json"
    assert json.loads(bank.read_text(encoding="utf-8"))[0]["question"] == "先看什么？"
    md = (html / "_sources/chapters/m99/index.md").read_text(encoding="utf-8")
    assert "正文" in md and "参考要点" not in md and "讲师话术" not in md


def test_replacement_is_idempotent(tmp_path):
    """增量重建时已换过的文件会再过一遍：结果必须不变。"""
    html = _fake_site(tmp_path)
    trainee.serve_downloads(html)
    nb_path = html / "_sources/cases/m99/m99-c01-demo.ipynb"
    first = nb_path.read_text(encoding="utf-8")
    trainee.serve_downloads(html)
    assert nb_path.read_text(encoding="utf-8") == first


def test_site_without_sources_is_left_alone(tmp_path):
    (tmp_path / "index.html").write_text("x", encoding="utf-8")
    assert trainee.serve_downloads(tmp_path) == []
