"""按 course/course.yaml 重写 _toc.yml 中各模块的部分：章节、案例（按 id 排序）、练习。

只列出已经存在的文件；导读、工具箱与附录部分保持不变。新增案例后运行：python tools/update_toc.py（加 --tracked 只列已提交的文件）
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
NUM = "一二三四五六七八九"


def _tracked() -> set[str] | None:
    """--tracked：只列出已提交到 git 的文件（CI 的克隆里只有这些）。"""
    if "--tracked" not in sys.argv:
        return None
    out = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return set(out.split())


def module_parts() -> list[str]:
    tracked = _tracked()

    def ok(p: Path) -> bool:
        return p.exists() and (tracked is None or p.relative_to(ROOT).as_posix() in tracked)

    course = yaml.safe_load((ROOT / "course" / "course.yaml").read_text(encoding="utf-8"))
    out = []
    for m in course["modules"]:
        mid = m["id"]
        chapter = next((p for p in (ROOT / "chapters" / mid / "index.md", ROOT / "chapters" / mid / "index.ipynb")
                        if ok(p)), None)
        if chapter is None:
            continue
        # 章节标题里已有“模块X”、案例标题里已有案例编号：部分标题只写模块与课时，不再自动编号
        lines = [f"  - caption: 模块{NUM[m['number'] - 1]}（{m['minutes']} 分钟）", "    chapters:",
                 f"      - file: chapters/{mid}/index"]
        cases = [p for p in sorted((ROOT / "cases" / mid).glob(f"{mid}-c??-*.ipynb")) if ok(p)] \
            if (ROOT / "cases" / mid).is_dir() else []
        if cases:
            lines.append("        sections:")
            lines += [f"          - file: cases/{mid}/{p.stem}" for p in cases]
        ex = ROOT / "exercises" / f"{mid}-exercises.ipynb"
        if ok(ex):
            lines.append(f"      - file: exercises/{mid}-exercises")
        # 小组工作坊（模块二、四、六各一个）：放在练习之后、一页纸小结之前
        workshop = next((p for p in (ROOT / "chapters" / mid / "workshop.md",
                                     ROOT / "chapters" / mid / "workshop.ipynb") if ok(p)), None)
        if workshop is not None:
            lines.append(f"      - file: chapters/{mid}/workshop")
        summary = ROOT / "chapters" / mid / "summary.md"    # 一页纸小结（可打印），放在模块最后
        if ok(summary):
            lines.append(f"      - file: chapters/{mid}/summary")
        out.append("\n".join(lines))
    return out


def main() -> None:
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    head, rest = toc.split("  - caption: 工具箱", 1)
    head = re.split(r"\n  - caption: 模块", head)[0].rstrip("\n") + "\n"
    parts = module_parts()
    text = head + ("\n".join(parts) + "\n" if parts else "") + "  - caption: 工具箱" + rest
    (ROOT / "_toc.yml").write_text(text, encoding="utf-8", newline="\n")
    print(f"_toc.yml：{len(parts)} 个模块部分")


if __name__ == "__main__":
    main()
