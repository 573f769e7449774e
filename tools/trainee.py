"""学员版笔记本：给 Binder、课堂服务器和下载用的、不含答案的笔记本。

来源与学员版网页完全相同：先用 ``editions.stage(..., "trainee")`` 得到过滤后的源文件（没有解答、讲师参考要点，
以及 editions 认定只给讲师看的其他内容），再对每个笔记本做三件事：

1. 删除 ``remove-cell`` 单元：隐藏检查单元断言的正是“算一算”的答案，网页上本来就看不到；
2. 测验：题库若还写在单元里（``show([...])``），把它移到 ``exercises/banks/_inline/`` 下的 JSON 文件，单元只留
   ``show("<路径>")``——答案不在任何单元里，测验照样能作答、给反馈；
3. ``remove-input`` / ``hide-input`` 单元在 JupyterLab 中折叠代码（``jupyter.source_hidden``），与网页一致；
   清空输出与部件状态。

输出是一个可以直接当作 Git 仓库根目录的文件夹（笔记本的相对路径与书中相同，Binder 启动按钮因此能找到它们），
带精简的 ``binder/`` 环境、``coursekit`` 源码和一份说明。发布步骤见 ``publish()`` 与 README。
"""
from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import editions

NOTEBOOK_DIRS = ("chapters", "cases", "exercises")
# 学员版仓库里除笔记本外还需要的东西（相对项目根目录）
SUPPORT_ITEMS = ("binder", "src/coursekit", "pyproject.toml")
INLINE_BANKS = Path("exercises/banks/_inline")
HIDDEN_INPUT_TAGS = {"remove-input", "hide-input"}

README = """# 普惠金融信贷营销与风险管理：学员版笔记本

本分支由 `python3 tasks.py trainee` 从教材源文件自动生成，请不要手工修改。
笔记本与学员版网页内容相同：没有练习解答、讲师参考要点，测验答案不在单元代码里。

- 在 Binder 中打开：学员版网页每页右上角的“启动”按钮；
- 在自己的电脑上：安装 Python 3.11，在本目录运行
  `pip install -r binder/requirements.txt && pip install --no-deps -e .`，再 `jupyter lab`
  （或 `pip install jupyterlab` 后运行）。

人物、机构与数据为教学改编或示意。
"""


class TraineeNotebookError(ValueError):
    """源笔记本里有无法安全转成学员版的内容（例如测验答案写在无法解析的代码里）。"""


# ---------------------------------------------------------------- 单个笔记本
def _text(source) -> str:
    return "".join(source) if isinstance(source, list) else (source or "")


def _inline_quiz(src: str):
    """找出 ``show([...], ...)`` 调用里写死的题库；返回 (调用节点, 题库列表) 或 None。"""
    try:
        tree = ast.parse(src)
    except SyntaxError:
        return None
    for node in ast.walk(tree):
        # 任何以题库字面量（每项是带 question 的字典）为第一个参数的调用：show([...])、quiz([...]) 都算
        if not (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.List)):
            continue
        items = node.args[0].elts
        if not items or not all(isinstance(e, ast.Dict) and any(
                isinstance(k, ast.Constant) and k.value == "question" for k in e.keys) for e in items):
            continue
        try:
            bank = ast.literal_eval(node.args[0])
        except ValueError as exc:
            raise TraineeNotebookError(f"测验题库不是纯字面量，无法移出单元：{exc}") from None
        return node.args[0], bank
    return None


def _move_inline_quiz(src: str, bank_rel: Path, nb_rel: Path, out: Path) -> str:
    found = _inline_quiz(src)
    if not found:
        return src
    node, bank = found
    (out / bank_rel).parent.mkdir(parents=True, exist_ok=True)
    (out / bank_rel).write_text(json.dumps(bank, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    # ast 的列号按 UTF-8 字节计：换成字符位置再替换
    lines = src.splitlines(keepends=True)
    def pos(lineno, col_bytes):
        line = lines[lineno - 1]
        return sum(len(x) for x in lines[:lineno - 1]) + len(line.encode("utf-8")[:col_bytes].decode("utf-8"))
    start, end = pos(node.lineno, node.col_offset), pos(node.end_lineno, node.end_col_offset)
    rel_path = os.path.relpath(bank_rel, nb_rel.parent).replace(os.sep, "/")
    return src[:start] + json.dumps(rel_path) + src[end:]


def trainee_notebook(nb: dict, nb_rel: Path, out: Path) -> dict:
    """把一份（已按学员版过滤的）笔记本转成学员版笔记本；移出的题库写到 ``out`` 下。"""
    cells = []
    quiz_no = 0
    for cell in nb.get("cells", []):
        meta = dict(cell.get("metadata", {}))
        tags = set(meta.get("tags", []) or [])
        if "remove-cell" in tags:
            continue
        cell = dict(cell, metadata=meta)
        if cell.get("cell_type") == "code":
            src = _text(cell.get("source"))
            while _inline_quiz(src):   # 一个单元里可能有几份题库
                quiz_no += 1
                # 文件名带上笔记本的完整路径：chapters/m01/index 与 chapters/m08/index 不会互相覆盖
                stem = "-".join(nb_rel.with_suffix("").parts)
                bank_rel = INLINE_BANKS / f"{stem}-{quiz_no}.json"
                src = _move_inline_quiz(src, bank_rel, nb_rel, out)
                tags.add("remove-input")
                meta["tags"] = sorted(tags)
            cell["source"] = src
            cell["outputs"] = []
            cell["execution_count"] = None
            if tags & HIDDEN_INPUT_TAGS:
                meta["jupyter"] = dict(meta.get("jupyter", {}), source_hidden=True)
        meta.pop("execution", None)
        cells.append(cell)
    metadata = {k: v for k, v in nb.get("metadata", {}).items() if k != "widgets"}
    return dict(nb, cells=cells, metadata=metadata)


# ---------------------------------------------------------------- 整个文件夹
def book_order(root: Path) -> list[dict]:
    """``_toc.yml`` 中的笔记本，按书中顺序分部分：``[{"caption": 部分标题, "notebooks": [相对路径, ...]}]``。"""
    import yaml  # noqa: PLC0415

    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))

    def walk(entries, found):
        for e in entries or []:
            if "file" in e and (root / f"{e['file']}.ipynb").exists():
                found.append(f"{e['file']}.ipynb")
            walk(e.get("sections"), found)
            walk(e.get("chapters"), found)
        return found

    parts = [{"caption": p.get("caption", ""), "notebooks": walk(p.get("chapters"), [])}
             for p in toc.get("parts", [])]
    return [p for p in parts if p["notebooks"]]


def notebook_title(nb: dict) -> str:
    """第一个 Markdown 一级标题（没有就返回空串）。"""
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "markdown":
            for line in _text(cell.get("source")).splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return ""


def build(root: Path, out: Path, *, stage_dir: Path, cache_dir: Path) -> list[Path]:
    """生成学员版笔记本文件夹 ``out``（先清空）；返回写出的笔记本（相对路径，书中顺序）。"""
    staged = editions.stage(root, stage_dir, "trainee", cache_dir=cache_dir)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    written = []
    for d in NOTEBOOK_DIRS:
        for src in sorted((staged / d).rglob("*")):
            if not src.is_file() or set(src.relative_to(staged).parts) & editions.SKIP_DIRS:
                continue
            rel = src.relative_to(staged)
            target = out / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            if src.suffix == ".ipynb":
                nb = trainee_notebook(json.loads(src.read_text(encoding="utf-8")), rel, out)
                target.write_text(json.dumps(nb, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
                written.append(rel)
            elif src.suffix in {".json", ".yaml", ".yml", ".csv"}:
                shutil.copy2(src, target)
    for item in SUPPORT_ITEMS:
        src = root / item
        if src.is_dir():
            shutil.copytree(src, out / item, ignore=shutil.ignore_patterns(*editions.SKIP_DIRS, "*.pyc"))
        else:
            shutil.copy2(src, out / item)
    # 目录（书中顺序与标题）给课堂首页用
    parts = book_order(staged)
    for part in parts:
        part["notebooks"] = [{"path": p, "title": notebook_title(json.loads((out / p).read_text(encoding="utf-8")))}
                             for p in part["notebooks"] if (out / p).exists()]
    (out / "toc.json").write_text(json.dumps(parts, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (out / "README.md").write_text(README, encoding="utf-8")
    order = [Path(n["path"]) for part in parts for n in part["notebooks"]]
    return order + [p for p in written if p not in set(order)]


# ---------------------------------------------------------------- 学员版网页的下载
def serve_downloads(html: Path) -> list[Path]:
    """把学员版网页 ``_sources/`` 下的源文件换成学员版笔记本，返回换掉的笔记本（相对 ``_sources``）。

    网页的“下载 .ipynb”按钮和 ``_sources/`` 链接原本给出的是构建用的源文件，其中的隐藏检查单元（``remove-cell``）
    断言的正是答案。这里对每个笔记本再过一遍讲师内容过滤（双保险），再做 ``trainee_notebook``；移出的测验题库
    写到 ``_sources/exercises/banks/_inline/``，与笔记本里的相对路径一致。Markdown 源文件同样过滤讲师内容。
    """
    sources = html / "_sources"
    done = []
    if not sources.is_dir():
        return done
    for path in sorted(sources.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(sources)
        if path.suffix == ".ipynb":
            nb = editions.strip_instructor_notebook(json.loads(path.read_text(encoding="utf-8")))
            nb = trainee_notebook(nb, rel, sources)
            path.write_text(json.dumps(nb, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            done.append(rel)
        elif path.suffix == ".md":
            text = path.read_text(encoding="utf-8")
            cleaned = editions.strip_instructor_markdown(text)
            if cleaned != text:
                path.write_text(cleaned, encoding="utf-8")
    return done


# ---------------------------------------------------------------- 检查
ANSWER_PATTERNS = [
    (re.compile(r"\{admonition\}\s*参考要点"), "讲师参考要点"),
    (re.compile(r"\{solution(-start|-end)?\}"), "练习解答"),
    (re.compile(r":class:[^\n]*\binstructor\b"), "讲师提示框"),
    (re.compile(r"[\"']correct[\"']\s*:\s*True"), "测验答案（correct: True）"),
    (re.compile(r"[\"']answer[\"']\s*:\s*[\[\d]"), "测验答案（数值题 answer）"),
]


def answers_in(nb: dict) -> list[str]:
    """笔记本单元中出现的答案痕迹（空列表 = 干净）。输出也查：学员版应不带输出。"""
    found = []
    for i, cell in enumerate(nb.get("cells", [])):
        tags = set(cell.get("metadata", {}).get("tags", []) or [])
        if tags & (editions.INSTRUCTOR_TAGS | {"remove-cell"}):
            found.append(f"单元 {i}：带 {sorted(tags)} 标签")
        text = _text(cell.get("source")) + json.dumps(cell.get("outputs", []), ensure_ascii=False)
        for pattern, what in ANSWER_PATTERNS:
            if pattern.search(text):
                found.append(f"单元 {i}：{what}")
    return found


# ---------------------------------------------------------------- 发布
def publish(out: Path, repo: Path, branch: str = "trainee", message: str | None = None) -> str:
    """把 ``out`` 的内容提交为 ``repo`` 中 ``branch`` 分支的一个新提交（不动工作区与当前分支）。

    分支已存在时，新提交以它为父提交；内容没变则不提交。返回分支指向的提交。之后 ``git push origin trainee``。
    """
    gitdir = subprocess.run(["git", "-C", str(repo), "rev-parse", "--absolute-git-dir"], check=True,
                            capture_output=True, text=True).stdout.strip()

    def git(*args, env=None):
        return subprocess.run(["git", f"--git-dir={gitdir}", f"--work-tree={out.resolve()}", "-C", str(out.resolve()),
                               *args], check=True, capture_output=True, text=True, env=env).stdout.strip()

    ref = f"refs/heads/{branch}"
    parent = subprocess.run(["git", f"--git-dir={gitdir}", "rev-parse", "-q", "--verify", ref],
                            capture_output=True, text=True).stdout.strip()
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, GIT_INDEX_FILE=str(Path(tmp) / "index"))
        git("add", "-A", "--force", ".", env=env)
        tree = git("write-tree", env=env)
    if parent and git("rev-parse", f"{parent}^{{tree}}") == tree:
        return parent
    source = git("rev-parse", "--short", "HEAD")
    msg = message or f"Trainee notebooks generated from {source}"
    args = ["commit-tree", tree, "-m", msg] + (["-p", parent] if parent else [])
    commit = git(*args)
    git("update-ref", ref, commit, *( [parent] if parent else []))
    return commit
