"""把笔记本里内联的测验题（``show([...])``）移到题库文件 ``exercises/banks/<名称>.json``。

网页上不能出现答案（``"correct": True``、数值题的答案区间、全部反馈）：题目放在题库文件里，
笔记本单元只剩 ``show("…/banks/<名称>.json", title=…)``，并加 ``remove-input`` 标签（网页只显示测验本身）。

    .venv/bin/python tools/extract_quizzes.py          # 迁移所有仍内联题目的笔记本（已迁移的不动）

题库名：案例用大纲 id（``m09-c06``，一页有几份测验时加 ``-2``、``-3``）；练习用它前面最近的练习标签
（``ex-m09-2``）。合并分支时如果别人改了内联的题目，先取对方的版本，再运行本脚本。
"""
from __future__ import annotations

import ast
import json
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BANKS = ROOT / "exercises" / "banks"
NOTEBOOK_DIRS = ("cases", "exercises", "chapters")


def _label_before(cells: list[dict], index: int) -> str | None:
    for cell in reversed(cells[:index]):
        m = re.search(r":label:\s*(ex-[\w-]+)", "".join(cell.get("source", "")))
        if m:
            return m.group(1)
    return None


def _bank_name(nb_path: Path, cells: list[dict], index: int, used: set[str]) -> str:
    base = _label_before(cells, index) if nb_path.parent.name == "exercises" else None
    if base is None:
        m = re.match(r"(m\d\d-c\d\d)", nb_path.stem)
        base = m.group(1) if m else nb_path.stem
    name, k = base, 2
    while name in used or (BANKS / f"{name}.json").exists():
        name, k = f"{base}-{k}", k + 1
    used.add(name)
    return name


def _quiz_names(tree: ast.AST) -> set[str]:
    """本单元里 ``coursekit.quiz.show`` 的名字（可能 ``import show as quiz``）。"""
    names = {"show"}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "coursekit.quiz":
            names |= {a.asname or a.name for a in node.names if a.name == "show"}
    return names


def migrate_cell(source: str, rel_bank: str) -> tuple[str, list] | None:
    """返回（新的单元源码，题目列表）；单元里没有内联测验时返回 None。"""
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _quiz_names(tree)
                and node.args and isinstance(node.args[0], ast.List)):
            bank = ast.literal_eval(node.args[0])
            segment = ast.get_source_segment(source, node.args[0])
            return source.replace(segment, json.dumps(rel_bank, ensure_ascii=False), 1), bank
    return None


def migrate_notebook(path: Path) -> list[str]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    written, used = [], set()
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        if '"correct"' not in source:
            continue
        name = _bank_name(path, nb["cells"], i, used)
        rel = os.path.relpath(BANKS / f"{name}.json", path.parent).replace(os.sep, "/")
        result = migrate_cell(source, rel)
        if result is None:
            continue
        new_source, bank = result
        (BANKS / f"{name}.json").write_text(json.dumps(bank, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        cell["source"] = new_source
        tags = cell.setdefault("metadata", {}).setdefault("tags", [])
        if "remove-input" not in tags:
            tags.append("remove-input")
        written.append(name)
    if written:
        path.write_text(json.dumps(nb, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return written


def main() -> int:
    BANKS.mkdir(parents=True, exist_ok=True)
    total = 0
    for d in NOTEBOOK_DIRS:
        for path in sorted((ROOT / d).rglob("*.ipynb")):
            if ".ipynb_checkpoints" in path.parts:
                continue
            names = migrate_notebook(path)
            if names:
                print(f"{path.relative_to(ROOT)} → {', '.join(names)}")
                total += len(names)
    print(f"迁移了 {total} 份测验。")
    return 0


if __name__ == "__main__":
    sys.exit(main())
