"""学员读的文字说工作，不说代码：案例、练习和模块章节的正文里不出现工具库的函数名、模块名和检验编号。

学员回到柜台用的是信贷系统、Excel 和纸质表单，不是 Python。“用 `what_if` 下调销售额”对他们没有意义，
“把销售额下调两成再算一遍”才有。这里查的是 Markdown 正文（不含讲师折叠块）里反引号括起来的名字：

- 带工具库模块前缀的（`risk.early_warning`、`compliance.scan`、`coursekit.kyc`……）；
- 工具库任何一个公开的函数、类或常量名（`what_if`、`trough_survival`……），和还原底稿各项检验的编号（`sales_bank`）。

笔记本里自己定义、让学员改的变量（`answer`、`my_plan`、`restored_2024`）不在此列：那是在运行中的笔记本里动手的说明。
工具箱各页（讲的就是工具库）和部署、排错说明不查。
"""
from __future__ import annotations

import importlib
import json
import pkgutil
import re
from pathlib import Path

import pytest

import coursekit
from coursekit.restoration import CHECKS

ROOT = Path(__file__).resolve().parents[1]
SKIP_DIRS = {"toolbox"}
SKIP_FILES = {"jupyterhub.md", "live_teaching.md", "troubleshooting.md", "interactive.ipynb", "status.md"}
TICK = re.compile(r"`([A-Za-z_][A-Za-z0-9_.]*)(?:\([^`]*\))?`")
INSTRUCTOR = re.compile(r"(`{3,})\{admonition\}[^\n]*\n:class:[^\n]*instructor.*?\n\1", re.S)


def _modules() -> dict[str, object]:
    mods = {"coursekit": coursekit}
    for info in pkgutil.walk_packages(coursekit.__path__, "coursekit."):
        if ".widgets" in info.name or info.name.endswith("__main__"):
            continue
        mods[info.name] = importlib.import_module(info.name)
    return mods


def _library_names() -> tuple[set[str], set[str]]:
    mods = _modules()
    prefixes = {"coursekit", "mk", "ct", "ev"} | {name.split(".")[-1] for name in mods}
    names: set[str] = set()
    for mod in mods.values():
        names |= {n for n in getattr(mod, "__all__", ()) if len(n) > 3}
    names |= {getattr(c, "id", None) or c for c in CHECKS if isinstance(getattr(c, "id", None) or c, str)}
    return prefixes, names


PREFIXES, NAMES = _library_names()


def _pages() -> list[Path]:
    pages = []
    for pattern in ("cases/*/*.ipynb", "exercises/*.ipynb", "chapters/*/*.ipynb", "chapters/*/*.md"):
        for p in sorted(ROOT.glob(pattern)):
            if p.parent.name in SKIP_DIRS or p.name in SKIP_FILES:
                continue
            pages.append(p)
    return pages


def _prose(path: Path) -> str:
    if path.suffix == ".md":
        text = path.read_text(encoding="utf-8")
    else:
        nb = json.loads(path.read_text(encoding="utf-8"))
        text = "\n\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    return INSTRUCTOR.sub("", text)


def library_terms(text: str) -> list[str]:
    """正文里以代码形式出现的工具库名字。"""
    found = []
    for m in TICK.finditer(text):
        token = m.group(1)
        head = token.split(".")[0]
        if ("." in token and head in PREFIXES) or token in NAMES or token in PREFIXES - {"quiz"}:
            found.append(token)
    return found


def test_the_detector_sees_library_names_and_spares_notebook_variables():
    text = ("用 `what_if(sales_factor=0.8)` 下调销售额，再看 `risk.early_warning` 和 `coursekit.kyc`；检验 `sales_bank` 不通过。"
            "把 `answer` 改成你的数，`my_plan` 里填三项，`restored_2024` 复制一份。")
    assert library_terms(text) == ["what_if", "risk.early_warning", "coursekit.kyc", "sales_bank"]
    folded = "正文\n\n```{admonition} 参考要点\n:class: dropdown instructor\n- 讲师看 `compliance.scan`\n```\n"
    assert library_terms(INSTRUCTOR.sub("", folded)) == []


@pytest.mark.parametrize("path", _pages(), ids=lambda p: str(p.relative_to(ROOT)))
def test_trainee_prose_speaks_of_work_not_code(path):
    terms = library_terms(_prose(path))
    assert not terms, f"{path.relative_to(ROOT)} 的正文里有工具库的名字：{sorted(set(terms))}——改说这一步在工作里做什么"
