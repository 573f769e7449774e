"""学员版过滤：解答与讲师参考要点被删除，其余内容原样保留。"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from editions import (collapse_code_inputs, stage, strip_instructor_markdown,  # noqa: E402
                      strip_instructor_notebook, transform)

TEXT = """# 标题

正文第一段。

```{exercise}
:label: ex-1

算一算月供。
```

```{solution} ex-1
:class: dropdown

月供 8,606.64 元。
```

````{admonition} 参考要点
:class: dropdown instructor

先让学员猜。

```python
print("嵌套代码块")
```
````

:::{admonition} 教学提示
:class: instructor
冒号围栏也要删。
:::

```{note}
:class: dropdown
学员也能看到的提示。
```

结尾段落。
"""


def test_strip_markdown_removes_solutions_and_instructor_blocks_only():
    out = strip_instructor_markdown(TEXT)
    for gone in ("月供 8,606.64 元", "先让学员猜", "嵌套代码块", "冒号围栏也要删", "参考要点", "教学提示"):
        assert gone not in out
    for kept in ("正文第一段", "算一算月供", "学员也能看到的提示", "结尾段落", "{exercise}", "{note}"):
        assert kept in out
    # 删除后剩下的围栏仍成对
    assert out.count("```") % 2 == 0


def test_strip_markdown_handles_gated_solutions():
    text = "前\n\n```{solution-start} ex-2\n```\n\n解答内容\n\n```{solution-end}\n```\n\n后\n"
    out = strip_instructor_markdown(text)
    assert "解答内容" not in out and "前" in out and "后" in out


def _nb(cells):
    return {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def test_strip_notebook_drops_tagged_cells_and_empty_markdown():
    nb = _nb([
        {"cell_type": "markdown", "metadata": {}, "source": "## 练习"},
        {"cell_type": "code", "metadata": {"tags": ["solution"]}, "source": "answer = 42", "outputs": []},
        {"cell_type": "code", "metadata": {"tags": ["remove-cell"]}, "source": "assert True", "outputs": []},
        {"cell_type": "markdown", "metadata": {}, "source": "```{solution} ex-1\n:class: dropdown\n解\n```"},
        {"cell_type": "markdown", "metadata": {}, "source": "```{solution-start} ex-2\n```"},
        {"cell_type": "code", "metadata": {}, "source": "x = 1", "outputs": []},
        {"cell_type": "markdown", "metadata": {}, "source": "```{solution-end}\n```"},
        {"cell_type": "code", "metadata": {"tags": ["instructor"]}, "source": "show_answers()", "outputs": []},
        {"cell_type": "markdown", "metadata": {}, "source": "完"},
    ])
    out = strip_instructor_notebook(nb)
    sources = [c["source"] for c in out["cells"]]
    assert sources == ["## 练习", "assert True", "完"]


def test_stage_syncs_only_changed_files_and_marks_editions(tmp_path):
    src = tmp_path / "src"
    (src / "chapters").mkdir(parents=True)
    (src / "_config.yml").write_text("title: 普惠金融信贷营销与风险管理\nexecute:\n  execute_notebooks: cache\n"
                                     "sphinx:\n  config:\n    hide_solutions: false\n", encoding="utf-8")
    (src / "chapters" / "a.md").write_text(TEXT, encoding="utf-8")
    dest = tmp_path / "stage"
    stage(src, dest, "trainee", cache_dir=tmp_path / "cache")
    config = (dest / "_config.yml").read_text(encoding="utf-8")
    assert "（学员版）" in config and "hide_solutions: true" in config and "cache:" in config
    assert "先让学员猜" not in (dest / "chapters" / "a.md").read_text(encoding="utf-8")
    mtime = (dest / "chapters" / "a.md").stat().st_mtime_ns
    stage(src, dest, "trainee", cache_dir=tmp_path / "cache")
    assert (dest / "chapters" / "a.md").stat().st_mtime_ns == mtime, "未改动的文件不应重写"
    (src / "chapters" / "a.md").unlink()
    stage(src, dest, "trainee", cache_dir=tmp_path / "cache")
    assert not (dest / "chapters" / "a.md").exists(), "源中删除的文件应从版本目录删除"
    inst = tmp_path / "inst"
    (src / "chapters" / "b.md").write_text(TEXT, encoding="utf-8")
    stage(src, inst, "instructor", cache_dir=tmp_path / "cache")
    assert "先让学员猜" in (inst / "chapters" / "b.md").read_text(encoding="utf-8")
    assert "（讲师版）" in (inst / "_config.yml").read_text(encoding="utf-8")


def test_trainee_code_inputs_are_collapsed_and_instructor_code_stays_open(tmp_path):
    import json

    nb = _nb([
        {"cell_type": "markdown", "metadata": {}, "source": "## 数据"},
        {"cell_type": "code", "metadata": {}, "source": "table", "outputs": []},
        {"cell_type": "code", "metadata": {"tags": ["remove-input"]}, "source": "show(bank)", "outputs": []},
        {"cell_type": "code", "metadata": {"tags": ["hide-input"]}, "source": "plot()", "outputs": []},
        {"cell_type": "code", "metadata": {"tags": ["remove-cell"]}, "source": "assert x", "outputs": []},
        {"cell_type": "code", "metadata": {"tags": ["scroll-output"]}, "source": "widget", "outputs": []},
    ])
    tags = [c.get("metadata", {}).get("tags") for c in collapse_code_inputs(nb)["cells"]]
    assert tags == [None, ["hide-input"], ["remove-input"], ["hide-input"], ["remove-cell"],
                    ["scroll-output", "hide-input"]]
    assert nb["cells"][1]["metadata"] == {}, "不应改动传入的笔记本"
    data = json.dumps(nb).encode("utf-8")
    trainee = json.loads(transform(Path("cases/m01/x.ipynb"), data, "trainee", tmp_path))
    instructor = json.loads(transform(Path("cases/m01/x.ipynb"), data, "instructor", tmp_path))
    assert trainee["cells"][1]["metadata"]["tags"] == ["hide-input"]
    assert "tags" not in instructor["cells"][1]["metadata"]


def test_quiz_cells_carry_a_digest_of_their_bank(tmp_path):
    """改了题库文件，测验单元的源码也要变：执行缓存和 Sphinx 才会重新生成这一页。"""
    import json

    (tmp_path / "exercises" / "banks").mkdir(parents=True)
    (tmp_path / "cases" / "m01").mkdir(parents=True)
    bank = tmp_path / "exercises" / "banks" / "m01-c01.json"
    bank.write_text('[{"type": "数值"}]', encoding="utf-8")
    nb = _nb([{"cell_type": "code", "metadata": {}, "outputs": [],
               "source": 'show("../../exercises/banks/m01-c01.json", title="自测")'},
              {"cell_type": "code", "metadata": {}, "outputs": [], "source": "x = 1"}])
    data = json.dumps(nb).encode("utf-8")
    rel = Path("cases/m01/m01-c01-x.ipynb")

    def quiz_source():
        out = json.loads(transform(rel, data, "instructor", tmp_path, tmp_path))
        assert out["cells"][1]["source"] == "x = 1"
        return out["cells"][0]["source"]

    first = quiz_source()
    assert first.startswith('show("../../exercises/banks/m01-c01.json", title="自测")\n# 题库')
    assert quiz_source() == first
    bank.write_text('[{"type": "单选"}]', encoding="utf-8")
    assert quiz_source() != first
