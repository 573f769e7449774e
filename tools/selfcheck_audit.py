"""自测检查的泄题审计：执行案例笔记本，记下每个 check() 的参考答案，再在页面上（Markdown 与其他单元的输出）
按页面会显示的写法搜这个数（千分位、万元、百分数、两位小数）。

用法：python tools/selfcheck_audit.py cases/m09/m09-c06-*.ipynb ...
输出每本笔记本的参考答案和它在页面上出现的位置；出现即为“答案已印在题目上方”。
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

_RECORD = ("import coursekit.checks as _ck, json as _js\n"
           "_orig = _ck.check\n"
           "def _rec(answer, expected, **kw):\n"
           "    if not callable(expected):\n"
           "        try:\n"
           "            print('@@EXPECTED@@' + _js.dumps([float(expected), kw.get('kind', 'number')]))\n"
           "        except (TypeError, ValueError):\n"
           "            pass\n"
           "    return _orig(answer, expected, **kw)\n"
           "_ck.check = _rec\n")


def forms(value: float, kind: str) -> set[str]:
    """参考答案在页面上可能的写法。"""
    out: set[str] = set()
    if kind == "percent":
        for d in (1, 2):
            out.add(f"{value * 100:.{d}f}%")
        return out
    if abs(value) >= 100:
        out |= {f"{value:,.0f}", f"{value:.0f}", f"{value:,.2f}", f"{value:.2f}"}
        if abs(value) >= 10_000:
            for d in (1, 2):
                w = f"{value / 10_000:,.{d}f}"
                out |= {w + " 万", w + "万"}
    else:
        out |= {f"{value:.2f}", f"{value:g}"}
    return out


def audit(path: Path) -> list[str]:
    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(0, nbformat.v4.new_code_cell(_RECORD))
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}},
                   allow_errors=True).execute()
    expected, pages = [], []
    for cell in nb.cells[1:]:
        text = cell.source if cell.cell_type == "markdown" else ""
        is_check = "check(" in cell.source
        for out in cell.get("outputs", []):
            chunk = out.get("text", "") or "".join(
                out.get("data", {}).get(k, "") for k in ("text/plain", "text/html", "text/markdown"))
            if isinstance(chunk, list):
                chunk = "".join(chunk)
            for line in chunk.splitlines():
                if line.startswith("@@EXPECTED@@"):
                    expected.append(json.loads(line[len("@@EXPECTED@@"):]))
                elif not is_check:
                    text += "\n" + line
        if not is_check:
            pages.append(text)
    page = "\n".join(pages)
    hits = []
    for value, kind in expected:
        found = sorted(f for f in forms(value, kind) if f in page)
        hits.append(f"{value:.4f} ({kind}): {'泄题 ' + ', '.join(found) if found else '未出现'}")
    return hits


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        for line in audit(Path(arg)):
            print(f"{Path(arg).name}: {line}")
