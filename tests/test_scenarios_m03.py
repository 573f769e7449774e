"""模块三的六个情景对话（scenarios/m03-*.yaml）与全部情景文件的校验。

- 每个情景文件都能读入（load_scenario 校验 next、可达、结局、无环）；
- 模块三每个情景的最高分走法停在好结局，而且好结局的最高分高于任何其他结局能拿到的分；
- 扣分的选项，点评要说出它为什么诱人；得 2 分以上的，点评要说出好在哪里；
- 最好的回答不总是最长的那一个（每个情景至少有一步，得分最高的选项不是字数最多的）；
- 静态页面里每个选项的回答都在。
"""
from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from coursekit.scenarios import best_path, load_scenario, render_static
from test_scenarios import best_by_ending

ROOT = Path(__file__).resolve().parents[1]
ALL = sorted((ROOT / "scenarios").glob("*.yaml"))
# 章节的六个情景（案例自己的情景 m03-cNN.yaml 由案例的检查单元和 test_scenarios.py 管）
M03 = sorted(p for p in (ROOT / "scenarios").glob("m03-*.yaml") if not re.fullmatch(r"m03-c\d\d", p.stem))

#: 情景 → 最好走法的字母（每一步选的选项，按文件中的顺序）
EXPECTED_BEST = {
    "m03-street": "BAB",
    "m03-wechat": "BBB",
    "m03-phone": "BBC",
    "m03-visit": "BBB",
    "m03-objection": "BAB",
    "m03-close": "BBB",
}


def test_module_three_has_the_six_scenarios():
    assert {p.stem for p in M03} == set(EXPECTED_BEST)


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
def test_every_scenario_file_loads(path):
    s = load_scenario(path)
    assert s.endings and s.best_score > 0


@pytest.mark.parametrize("path", M03, ids=lambda p: p.stem)
def test_best_path_ends_well_and_beats_every_other_ending(path):
    s = load_scenario(path)
    best = best_path(s)
    assert best.finished and best.node_id == "end_good"
    assert best.letters == EXPECTED_BEST[path.stem]
    by_end = best_by_ending(s)
    assert set(by_end) == {n.id for n in s.endings}          # 每个结局都走得到
    others = [v for k, v in by_end.items() if k != "end_good"]
    assert by_end["end_good"] == best.score > max(others)


@pytest.mark.parametrize("path", M03, ids=lambda p: p.stem)
def test_penalised_options_say_why_they_tempt(path):
    s = load_scenario(path)
    for node in s.nodes.values():
        for opt in node.options:
            assert len(opt.feedback) >= 40, opt.reply
            if opt.score < 0:
                assert "诱人" in opt.feedback, opt.reply
            if opt.score >= 2:
                assert "好在哪里" in opt.feedback, opt.reply


@pytest.mark.parametrize("path", M03, ids=lambda p: p.stem)
def test_best_answer_is_not_always_the_longest(path):
    s = load_scenario(path)
    nodes = [n for n in s.nodes.values() if not n.is_end]
    not_longest = [n.id for n in nodes
                   if max(n.options, key=lambda o: o.score) is not max(n.options, key=lambda o: len(o.reply))]
    assert not_longest, f"{path.stem}：每一步得分最高的都是最长的回答"


@pytest.mark.parametrize("path", M03, ids=lambda p: p.stem)
def test_static_page_has_every_reply(path):
    s = load_scenario(path)
    page = render_static(s)
    text = page._repr_html_()
    for node in s.nodes.values():
        for opt in node.options:
            assert html.escape(opt.reply, quote=False) in text or html.escape(opt.reply) in text
