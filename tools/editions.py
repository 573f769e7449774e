"""学员版与讲师版：同一份源文件，构建前生成两个“版本目录”。

- 讲师版：原样复制。解答（``{solution}``）与参考要点（``:class: ... instructor`` 的提示框）保留，默认折叠。
- 学员版：删除解答指令、讲师提示框，以及带 ``instructor`` 或 ``solution`` 标签的笔记本单元；
  代码单元的输入默认折叠（加 ``hide-input`` 标签）：学员是信贷员，不是程序员，表、结果和图照常显示，
  想看代码的点“显示代码”。讲师版的代码保持展开。

同步时只改写内容有变化的文件，保留未变文件的修改时间，Sphinx 与执行缓存因此能做增量构建。
"""
from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

EDITIONS = ("instructor", "trainee")

# 复制进版本目录的内容（相对项目根目录）
BOOK_ITEMS = ["_config.yml", "_toc.yml", "intro.md", "chapters", "cases", "exercises", "scenarios",
              "book_assets", "course", "_ext"]
SKIP_DIRS = {".ipynb_checkpoints", "__pycache__", "_build", ".jupyter_cache"}

FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|:{3,})\{(?P<name>[\w-]+)\}(?P<arg>.*)$")
INSTRUCTOR_TAGS = {"instructor", "solution"}
# 已经隐藏或折叠了输入的标签：学员版不再加 hide-input
INPUT_HIDDEN_TAGS = {"remove-input", "remove-cell", "hide-input", "hide-cell"}


def _is_instructor_block(name: str, option_lines: list[str]) -> bool:
    if name in {"solution", "solution-start"}:
        return True
    for line in option_lines:
        m = re.match(r"\s*:class:\s*(.*)$", line)
        if m and "instructor" in m.group(1).split():
            return True
    return False


def strip_instructor_markdown(text: str) -> str:
    """删除 Markdown/MyST 文本中的解答块与讲师提示框（支持反引号与冒号围栏、嵌套）。"""
    lines = text.splitlines(keepends=True)
    out: list[str] = []
    i = 0
    gated = False  # solution-start … solution-end 之间
    while i < len(lines):
        line = lines[i]
        m = FENCE.match(line.rstrip("\n"))
        if not m:
            if not gated:
                out.append(line)
            i += 1
            continue
        fence, name = m.group("fence"), m.group("name")
        # 收集选项行（:key: value）
        j = i + 1
        options = []
        while j < len(lines) and re.match(r"\s*:[\w-]+:", lines[j]):
            options.append(lines[j])
            j += 1
        # 找到对应的结束围栏
        k = j
        close = re.compile(rf"^\s*{re.escape(fence[0])}{{{len(fence)},}}\s*$")
        while k < len(lines) and not close.match(lines[k].rstrip("\n")):
            k += 1
        if name == "solution-start":
            gated = True
            i = k + 1
            continue
        if name == "solution-end":
            gated = False
            i = k + 1
            continue
        if gated or _is_instructor_block(name, options):
            i = k + 1
            continue
        out.append(line)
        i += 1
    return "".join(out)


def strip_instructor_notebook(nb: dict) -> dict:
    cells = []
    gated = False
    for cell in nb.get("cells", []):
        tags = set(cell.get("metadata", {}).get("tags", []) or [])
        source = cell.get("source", "")
        text = "".join(source) if isinstance(source, list) else source
        if cell.get("cell_type") == "markdown" and "{solution-start}" in text:
            gated = True
        if gated:
            if cell.get("cell_type") == "markdown" and "{solution-end}" in text:
                gated = False
            continue
        if tags & INSTRUCTOR_TAGS:
            continue
        if cell.get("cell_type") == "markdown":
            new_text = strip_instructor_markdown(text)
            if not new_text.strip():
                continue
            cell = dict(cell, source=new_text)
        cells.append(cell)
    return dict(nb, cells=cells)


def collapse_code_inputs(nb: dict) -> dict:
    """学员版：每个代码单元的输入折叠起来（输出照常显示），已隐藏或折叠的单元不动。"""
    cells = []
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code":
            meta = dict(cell.get("metadata", {}))
            tags = list(meta.get("tags", []) or [])
            if not set(tags) & INPUT_HIDDEN_TAGS:
                meta["tags"] = tags + ["hide-input"]
                cell = dict(cell, metadata=meta)
        cells.append(cell)
    return dict(nb, cells=cells)


_BANK_REF = re.compile(r"""show\(\s*["']([^"']+\.json)["']""")


def stamp_quiz_banks(nb: dict, nb_dir: Path) -> dict:
    """测验单元末尾加一行题库摘要注释。题库是单元外的文件：改了题目，单元源码也跟着变，
    执行缓存与 Sphinx 才知道要重新执行、重新生成这一页（否则网页上还是旧题）。"""
    cells = []
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code":
            source = "".join(cell.get("source", ""))
            stamps = []
            for ref in _BANK_REF.findall(source):
                bank = (nb_dir / ref).resolve()
                if bank.is_file():
                    stamps.append(f"# 题库 {ref} 摘要 {hashlib.sha256(bank.read_bytes()).hexdigest()[:12]}")
            if stamps:
                cell = dict(cell, source=source.rstrip("\n") + "\n" + "\n".join(stamps))
        cells.append(cell)
    return dict(nb, cells=cells)


TRAINEE_BRANCH = "trainee"   # 学员版笔记本发布到的分支（python3 tasks.py trainee --publish）


def _trainee_config(text: str) -> str:
    text = text.replace("hide_solutions: false", "hide_solutions: true")
    # 启动按钮打开学员版笔记本（没有答案），不是仓库主分支上的讲师材料
    text = re.sub(r"(?m)^(  branch:\s*)\S+", rf"\g<1>{TRAINEE_BRANCH}", text, count=1)
    return text.replace("title: 普惠金融信贷营销与风险管理", "title: 普惠金融信贷营销与风险管理（学员版）", 1)


def _instructor_config(text: str) -> str:
    return text.replace("title: 普惠金融信贷营销与风险管理", "title: 普惠金融信贷营销与风险管理（讲师版）", 1)


def transform(rel: Path, data: bytes, edition: str, cache_dir: Path, root: Path | None = None) -> bytes:
    if rel.suffix == ".ipynb" and root is not None and b"banks/" in data:
        nb = stamp_quiz_banks(json.loads(data.decode("utf-8")), (root / rel).parent)
        data = (json.dumps(nb, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    if rel.as_posix() == "_config.yml":
        text = data.decode("utf-8")
        text = _trainee_config(text) if edition == "trainee" else _instructor_config(text)
        text = text.replace("execute_notebooks: cache",
                            f"execute_notebooks: cache\n  cache: {json.dumps(str(cache_dir))}", 1)
        return text.encode("utf-8")
    if edition != "trainee":
        return data
    if rel.suffix == ".md":
        return strip_instructor_markdown(data.decode("utf-8")).encode("utf-8")
    if rel.suffix == ".ipynb":
        nb = json.loads(data.decode("utf-8"))
        nb = collapse_code_inputs(strip_instructor_notebook(nb))
        return (json.dumps(nb, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    return data


def _walk(root: Path, item: str):
    path = root / item
    if path.is_file():
        yield path
    elif path.is_dir():
        for p in sorted(path.rglob("*")):
            if p.is_file() and not (set(p.relative_to(root).parts) & SKIP_DIRS):
                yield p


def stage(root: Path, dest: Path, edition: str, cache_dir: Path) -> Path:
    """把书的源文件同步到 ``dest``（只写有变化的文件），按版本过滤。返回 dest。"""
    if edition not in EDITIONS:
        raise SystemExit(f"未知的版本：{edition}（可选：{'、'.join(EDITIONS)}）")
    dest.mkdir(parents=True, exist_ok=True)
    wanted = set()
    for item in BOOK_ITEMS:
        for src in _walk(root, item):
            rel = src.relative_to(root)
            wanted.add(rel)
            target = dest / rel
            new = transform(rel, src.read_bytes(), edition, cache_dir, root)
            if target.exists() and target.read_bytes() == new:
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(new)
            if new == src.read_bytes():
                shutil.copystat(src, target)
    # 删除源里已不存在的文件（构建输出目录除外）
    for p in sorted(dest.rglob("*"), reverse=True):
        rel = p.relative_to(dest)
        if rel.parts and rel.parts[0] == "_build":
            continue
        if p.is_file() and rel not in wanted:
            p.unlink()
        elif p.is_dir() and not any(p.iterdir()):
            p.rmdir()
    return dest
