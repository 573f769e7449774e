"""笔记本与目录的静态检查：不执行任何代码，秒级完成。

- 提交的笔记本不带输出、内核为 Python 3、路径只用 ASCII；
- _toc.yml 里的每一项都存在，书里的每个页面和笔记本都在 _toc.yml 里；
- 案例笔记本以大纲 id 命名、标题与 course.yaml 一致、带元数据，并按内容标准包含必需的小节与隐藏检查。
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
BOOK_DIRS = ["chapters", "cases", "exercises"]
COURSE = yaml.safe_load((ROOT / "course" / "course.yaml").read_text(encoding="utf-8"))
CASES = {c["id"]: (m, c) for m in COURSE["modules"] for c in (m["cases"] or [])}
CASE_SECTIONS = ["学习目标", "案例背景", "数据与分析", "互动探索", "讨论题", "自测", "要点总结"]


def _notebooks() -> list[Path]:
    out = []
    for d in BOOK_DIRS:
        out += [p for p in sorted((ROOT / d).rglob("*.ipynb")) if ".ipynb_checkpoints" not in p.parts]
    return out


def _pages() -> list[Path]:
    pages = [ROOT / "intro.md"]
    for d in BOOK_DIRS:
        pages += [p for p in sorted((ROOT / d).rglob("*.md")) if ".ipynb_checkpoints" not in p.parts
                  and p.name != "README.md"]
    return pages + _notebooks()


def _toc_files() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]

    def walk(entries):
        for e in entries or []:
            if "file" in e:
                files.append(e["file"])
            walk(e.get("sections"))
            walk(e.get("chapters"))

    for part in toc.get("parts", []):
        walk(part.get("chapters"))
    walk(toc.get("chapters"))
    return files


def _resolve(entry: str) -> Path | None:
    for suffix in ("", ".md", ".ipynb"):
        p = ROOT / f"{entry}{suffix}"
        if p.is_file():
            return p
    return None


def _text(cell) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


NOTEBOOKS = _notebooks()


def test_there_are_notebooks():
    assert NOTEBOOKS, "书中应至少有一个笔记本"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_notebook_is_clean(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    rel = path.relative_to(ROOT).as_posix()
    assert rel.isascii(), f"路径应只含 ASCII 字符：{rel}"
    assert nb["metadata"]["kernelspec"]["name"] == "python3", "内核应为 python3"
    assert "widgets" not in nb["metadata"], "不要提交部件状态（运行 python tasks.py strip）"
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [], f"第 {i} 个单元带有输出（运行 python tasks.py strip）"
            assert cell.get("execution_count") is None, f"第 {i} 个单元带有执行编号"


def test_every_toc_entry_exists_and_every_page_is_in_toc():
    listed = _toc_files()
    missing = [e for e in listed if _resolve(e) is None]
    assert not missing, f"_toc.yml 中的条目找不到文件：{missing}"
    in_toc = {_resolve(e).resolve() for e in listed}
    orphans = [p.relative_to(ROOT).as_posix() for p in _pages() if p.resolve() not in in_toc]
    assert not orphans, f"这些页面不在 _toc.yml 中：{orphans}"
    assert len(listed) == len(set(listed)), "_toc.yml 中有重复条目"


def test_all_book_paths_are_ascii():
    bad = [p.relative_to(ROOT).as_posix() for d in BOOK_DIRS + ["book_assets", "src", "tests"]
           for p in (ROOT / d).rglob("*") if not p.relative_to(ROOT).as_posix().isascii()]
    assert not bad, f"路径应只含 ASCII 字符：{bad}"


CASE_NOTEBOOKS = sorted((ROOT / "cases").rglob("m??-c??-*.ipynb")) if (ROOT / "cases").is_dir() else []


def test_case_files_are_named_by_outline_id():
    stray = [p.name for p in (ROOT / "cases").rglob("*.ipynb")
             if ".ipynb_checkpoints" not in p.parts and p not in CASE_NOTEBOOKS] if (ROOT / "cases").is_dir() else []
    assert not stray, f"案例笔记本应命名为 mXX-cYY-<英文短名>.ipynb：{stray}"
    for p in CASE_NOTEBOOKS:
        cid = p.name[:7]
        assert cid in CASES, f"{p.name}：大纲中没有案例 {cid}"
        assert p.parent.name == cid[:3], f"{p.name} 应放在 cases/{cid[:3]}/ 下"
        assert re.fullmatch(r"m\d\d-c\d\d-[a-z0-9-]+\.ipynb", p.name), f"{p.name}：短名只用小写字母、数字和连字符"


@pytest.mark.parametrize("path", CASE_NOTEBOOKS, ids=lambda p: p.name)
def test_case_structure(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    cid = path.name[:7]
    module, case = CASES[cid]
    meta = nb["metadata"].get("coursekit", {}).get("case", {})
    assert meta.get("id") == cid
    assert meta.get("module") == module["id"]
    assert meta.get("section") in module["sections"], "元数据 section 应是大纲中的小节标题"
    assert isinstance(meta.get("minutes"), int) and meta["minutes"] > 0
    assert meta.get("tags"), "元数据应有 tags"
    md = [_text(c) for c in nb["cells"] if c["cell_type"] == "markdown"]
    title = md[0].splitlines()[0]
    assert title == f"# 案例 {cid}：{case['title']}", f"标题应为“# 案例 {cid}：{case['title']}”"
    headings = [ln for text in md for ln in text.splitlines() if ln.startswith("## ")]
    positions = []
    for sec in CASE_SECTIONS:
        hits = [i for i, h in enumerate(headings) if sec in h]
        assert hits, f"缺少小节“{sec}”"
        positions.append(hits[0])
    assert positions == sorted(positions), "小节顺序应为：" + "、".join(CASE_SECTIONS)
    hidden = [c for c in nb["cells"] if c["cell_type"] == "code"
              and "remove-cell" in (c["metadata"].get("tags") or []) and "assert" in _text(c)]
    assert hidden, "应有带 remove-cell 标签、含 assert 的隐藏检查单元"
    assert "教学改编" in md[-1], "最后一个单元应注明“人物、机构与数据为教学改编或示意”"
    desk = [text for text in md if "在系统和 Excel 里怎么做" in text]
    assert desk, "缺少“在系统和 Excel 里怎么做”：不用 Python 的客户经理在柜台怎么用这个案例"
    assert len("".join(desk)) > 200, "“在系统和 Excel 里怎么做”要写清从系统取什么数、在 Excel 里怎么算、什么进档案"
    code = "\n".join(_text(c) for c in nb["cells"] if c["cell_type"] == "code")
    assert "coursekit" in code, "案例应调用 coursekit"


def test_no_colab_setup_cells_and_no_colab_button():
    """Colab 入口已取消（中国大陆无法访问，且 Colab 的 pandas 不是本书验证过的版本）：不留半通的路径。"""
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert not config["launch_buttons"].get("colab_url")
    for path in NOTEBOOKS:
        assert "google.colab" not in path.read_text(encoding="utf-8"), f"{path.name} 仍有 Colab 安装单元"


# 自测“算一算”不得让学员抄页面上已印出的数：这些案例的题目改了一个输入（题面用粗体写明），
# 参考答案在检查单元里用 coursekit 按改后的输入重算。执行后的泄题审计见 tools/selfcheck_audit.py。
SELFCHECK_CHANGED_INPUT = {   # 一行一个案例、按编号排序（几个人同时加案例时不打架）
    "m01-c11": "二季度（4—6 月）",
    "m02-c02": "15%",
    "m02-c03": "1.5",
    "m02-c04": "25%",
    "m02-c05": "25%",
    "m02-c06": "4 个月",
    "m02-c07": "18 个月",
    "m02-c08": "3 万元",
    "m02-c09": "9 个月",
    "m02-c10": "20 万元",
    "m02-c11": "10%",
    "m02-c12": "3 个月",
    "m02-c13": "48 个月",
    "m02-c14": "5 天",
    "m02-c15": "15 个月",
    "m02-c16": "7 万元",
    "m02-c17": "40 万元",
    "m02-c18": "2 个月",
    "m02-c19": "90%",
    "m02-c20": "20 人",
    "m02-c21": "80 个人天",
    "m02-c22": "25 万元",
    "m02-c23": "75 天",
    "m02-c24": "35%",
    "m02-c25": "25%",
    "m02-c26": "6 个月",
    "m02-c27": "300 元",
    "m02-c28": "25%",
    "m02-c29": "80%",
    "m02-c30": "1,500 元",
    "m02-c31": "2 户",
    "m02-c32": "1.5%",
    "m02-c33": "10 万元",
    "m03-c01": "6 户",
    "m03-c02": "0.8%",
    "m03-c03": "2.5 万元",
    "m03-c04": "12 个工作日",
    "m03-c05": "七成",
    "m03-c06": "两成",
    "m03-c07": "30%",
    "m03-c08": "25%",
    "m03-c09": "6%",
    "m03-c10": "20 万元",
    "m03-c11": "20",
    "m03-c12": "3",
    "m03-c13": "1 天",
    "m03-c14": "15%",
    "m03-c15": "20%",
    "m03-c16": "35 万元",
    "m03-c17": "60%",
    "m04-c01": "1.5 万元",
    "m04-c02": "10 户",
    "m04-c03": "丁德生",
    "m04-c04": "30 位",
    "m04-c05": "月息 5 厘",
    "m04-c06": "15 年",
    "m04-c08": "3%",
    "m04-c07": "30 元",
    "m04-c09": "800 元",
    "m04-c10": "15%",
    "m04-c11": "75 天",
    "m04-c12": "12 万元",
    "m04-c13": "4 位",
    "m04-c14": "四成",
    "m04-c15": "18 万元",
    "m05-c01": "六成",
    "m05-c02": "2 小时",
    "m08-c01": "10 月 21 日",
    "m08-c05": "9 万元",
    "m08-c06": "60 万元",
    "m09-c01": "4 月 21 日",
    "m09-c02": "24 期",
    "m09-c03": "4 万元",
    "m09-c04": "24 个月",
    "m09-c06": "90 吨",
    "m09-c07": "24 个月",
    "m09-c10": "10%",
    "m09-c11": "30 万元",
    "m09-c12": "2 万元",
    "m09-c13": "18",
    "m09-c15": "1.5 万元",
    "m09-c17": "2025 年 10 月 15 日",
    "m09-c18": "36 期",
    "m09-c20": "11 月初",
    "m09-c21": "25%",
}


@pytest.mark.parametrize("case_id", sorted(SELFCHECK_CHANGED_INPUT))
def test_selfcheck_asks_for_a_changed_input(case_id):
    path = next(ROOT.glob(f"cases/*/{case_id}-*.ipynb"))
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    text = ["".join(c["source"]) for c in cells]
    at = next(i for i, s in enumerate(text) if "check(answer" in s)
    question = next(s for s in reversed(text[:at]) if "算" in s and "**" in s)
    assert f"**{SELFCHECK_CHANGED_INPUT[case_id]}**" in question
    call = text[at][text[at].index("check(answer"):]
    second = call.split(",")[1].strip()
    assert not re.fullmatch(r"[-\d_.]+", second), "参考答案应由 coursekit 计算，不是手写常数"
