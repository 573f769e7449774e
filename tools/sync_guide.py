"""按目录（_toc.yml）和大纲（course/course.yaml）更新课程导读里“本书现有”一栏和收录说明。

用法：``python tools/sync_guide.py``（新增章节、案例、练习或工作坊并运行 ``tools/update_toc.py`` 之后）。
tests/test_book_pages.py 检查两处说法与目录一致；这个脚本负责把它们写对。
"""
from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "chapters" / "guide" / "course_guide.md"
NUM = "一二三四五六七八九"


def toc_modules() -> dict[str, dict[str, int]]:
    """目录里的模块 → {"cases": 案例数, "exercises": 练习本数, "workshop": 工作坊数}。"""
    modules: dict[str, dict[str, int]] = {}
    current = None
    for line in (ROOT / "_toc.yml").read_text(encoding="utf-8").splitlines():
        m = re.match(r"\s*- caption: (模块.)", line)
        if m:
            current = m.group(1)
            modules[current] = {"cases": 0, "exercises": 0, "workshop": 0}
        elif line.strip().startswith("- caption:"):
            current = None
        elif current:
            if "file: cases/" in line:
                modules[current]["cases"] += 1
            elif "file: exercises/" in line:
                modules[current]["exercises"] += 1
            elif line.rstrip().endswith("/workshop"):
                modules[current]["workshop"] += 1
    return modules


def status(present: dict, outline_cases: int) -> str:
    """“本书现有”一栏的写法。"""
    if present is None:
        return "编写中"
    if present["cases"]:
        return f"{present['cases']} 个案例"
    return "章节已收录" if outline_cases == 0 else "章节已收录，案例编写中"


def main() -> None:
    course = yaml.safe_load((ROOT / "course" / "course.yaml").read_text(encoding="utf-8"))
    outline = {f"模块{NUM[m['number'] - 1]}": len(m.get("cases") or []) for m in course["modules"]}
    present = toc_modules()
    text = GUIDE.read_text(encoding="utf-8")

    def row(match: re.Match) -> str:
        module = match.group(1)
        return match.group(0)[: match.start(3) - match.start(0)] + status(present.get(module), outline[module]) + "\n"

    text = re.sub(r"\* - (模块.)\n((?:  - .*\n){4})  - (.*)\n", row, text)
    names = [m for m in outline if m in present]
    partial = [m for m in names if 0 < present[m]["cases"] < outline[m]]
    chapter_only = [m for m in names if present[m]["cases"] == 0]
    notes = []
    if partial:
        notes.append("、".join(partial) + "已有章节正文和部分案例")
    if chapter_only:
        notes.append("、".join(chapter_only) + "已有章节正文")
    cases = sum(p["cases"] for p in present.values())
    exercises = sum(p["exercises"] for p in present.values())
    workshops = sum(p["workshop"] for p in present.values())
    missing = [m for m in outline if m not in present]
    tail = ("其余模块" if missing else "") + ("和" if missing and partial else "") + \
        ("部分模块的其他案例" if partial else "")
    sentence = (f"**本书目前收录了{'、'.join(names)}**" + (f"（{'，'.join(notes)}）" if notes else "")
                + f"，共 {cases} 个案例、{exercises} 套练习" + (f"和 {workshops} 个小组工作坊" if workshops else "")
                + (f"；{tail}正在编写，完成后陆续加入。" if tail else "。"))
    text = re.sub(r"^\*\*本书目前收录了.*$", sentence, text, count=1, flags=re.M)
    GUIDE.write_text(text, encoding="utf-8", newline="\n")
    print(sentence)


if __name__ == "__main__":
    main()
