"""用简洁的 Python 列表写笔记本：``build(path, cells, metadata)``。

每个单元是 ``("md", text)``、``("code", text)`` 或 ``("code", text, ["tag", ...])``。
生成的笔记本不带输出、内核为 python3，可直接提交。
"""
from __future__ import annotations

import json
import textwrap
from pathlib import Path

KERNEL = {"display_name": "Python 3", "language": "python", "name": "python3"}
LANGUAGE = {"name": "python", "pygments_lexer": "ipython3"}


def _cell(kind: str, text: str, tags=None) -> dict:
    src = textwrap.dedent(text).strip("\n")
    meta = {"tags": list(tags)} if tags else {}
    if kind == "md":
        return {"cell_type": "markdown", "metadata": meta, "source": src}
    return {"cell_type": "code", "execution_count": None, "metadata": meta, "outputs": [], "source": src}


def build(path: str | Path, cells: list, metadata: dict | None = None) -> Path:
    nb = {
        "cells": [_cell(*c) for c in cells],
        "metadata": {"kernelspec": KERNEL, "language_info": LANGUAGE, **(metadata or {})},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    for i, cell in enumerate(nb["cells"]):
        cell["id"] = f"c{i:03d}"
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(nb, ensure_ascii=False, indent=1) + "\n", encoding="utf-8", newline="\n")
    return path

