"""案例类型（元数据 coursekit.case.kind）：七种之一；一个模块的案例至少用四种（内容标准 v2“Case kinds”）。"""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KINDS = {"数据调查", "委员会", "对话先行", "文件先行", "动手规划", "复盘", "现场估算"}

#: 还没到四种的模块：现有类型数、案例数太少或怎么改（改到四种时测试会提醒删掉这一行）
NARROW = {
    "m05": (2, "只有两个案例"),
}


def _cases():
    for path in sorted(ROOT.glob("cases/m0*/m0*-c*.ipynb")):
        yield path, json.loads(path.read_text("utf-8"))["metadata"]["coursekit"]["case"]


def test_every_case_has_a_kind_from_the_standard():
    bad = []
    for path, case in _cases():
        kind, also, form = case.get("kind"), case.get("also"), case.get("form")
        if kind not in KINDS or (also is not None and (also not in KINDS or also == kind)) \
                or not isinstance(form, str) or not 2 <= len(form) <= 16:
            bad.append(f"{path.name}：kind={kind!r} also={also!r} form={form!r}")
    assert not bad, "案例类型不合规范：\n" + "\n".join(bad)


def test_each_module_uses_four_kinds_or_is_listed():
    by_module: dict[str, Counter] = defaultdict(Counter)
    for _, case in _cases():
        by_module[case["module"]][case["kind"]] += 1
    assert sum(sum(c.values()) for c in by_module.values()) >= 106
    for module, counts in by_module.items():
        if module in NARROW:
            assert len(counts) == NARROW[module][0], f"{module} 现在用了 {len(counts)} 种类型：更新或删掉 NARROW 里的这一行"
        else:
            assert len(counts) >= 4, f"{module} 只用了 {len(counts)} 种类型：{dict(counts)}"
