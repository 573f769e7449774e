"""课程导读的两天排课表：每个模块的分钟数都排进去、不多不少，两天各 360 分钟，合计 720 分钟。"""
from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
NUM = "一二三四五六七八九"


def _plan_rows() -> list[tuple[str, str, int]]:
    text = (ROOT / "chapters" / "guide" / "course_guide.md").read_text(encoding="utf-8")
    block = text.split(":name: tbl-two-day-plan", 1)[1].split("```", 1)[0]
    cells = [c.strip() for c in re.findall(r"^\s*[*-] - (.*)$|^\s+- (.*)$", block, re.M) for c in c if c]
    rows = [tuple(cells[i:i + 3]) for i in range(0, len(cells), 3)]
    return [(a, b, int(c)) for a, b, c in rows[1:] if a != "合计"]


def test_two_days_of_360_minutes_add_up_to_720():
    rows = _plan_rows()
    assert [r[0] for r in rows] == ["第一天上午", "第一天下午", "第二天上午", "第二天下午"]
    day1 = sum(m for slot, _, m in rows if slot.startswith("第一天"))
    day2 = sum(m for slot, _, m in rows if slot.startswith("第二天"))
    assert (day1, day2) == (360, 360)


def test_each_slot_adds_up_and_every_module_gets_its_outline_minutes():
    course = yaml.safe_load((ROOT / "course" / "course.yaml").read_text(encoding="utf-8"))
    want = {m["number"]: m["minutes"] for m in course["modules"]}
    got: dict[int, int] = defaultdict(int)
    for slot, content, minutes in _plan_rows():
        parts = re.findall(r"模块([一二三四五六七八九])[^（；]*（(?:约 )?(\d+)）", content)
        assert sum(int(m) for _, m in parts) == minutes, slot
        for n, m in parts:
            got[NUM.index(n) + 1] += int(m)
    assert dict(got) == want
