"""coursekit.scenarios 与情景部件：图的校验、walk / best_path 的得分、静态 HTML、按钮模拟点击。"""
from __future__ import annotations

import copy
import functools
import html
import json
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from coursekit import loans
from coursekit.errors import InputError
from coursekit.scenarios import (
    Scenario,
    best_path,
    format_score,
    load_scenario,
    render_static,
    scenario_from_dict,
    walk,
)

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "scenarios" / "demo-objection.yaml"


@functools.lru_cache(maxsize=1)
def _demo_once() -> Scenario:
    return load_scenario(DEMO)


@pytest.fixture(scope="module")
def demo() -> Scenario:
    return _demo_once()


@pytest.fixture()
def raw() -> dict:
    return yaml.safe_load(DEMO.read_text(encoding="utf-8"))


def _error(data) -> InputError:
    with pytest.raises(InputError) as info:
        scenario_from_dict(data)
    return info.value


def _tiny() -> dict:
    opt = {"reply": "答", "reaction": "反应", "feedback": "点评"}
    return {
        "title": "小情景", "setting": "背景", "roles": {"客户": "介绍"},
        "nodes": {
            "a": {"line": "开场", "options": [{**opt, "next": "b", "score": 1}, {**opt, "next": "end", "score": 0}]},
            "b": {"line": "第二句", "options": [{**opt, "next": "end", "score": 2}, {**opt, "next": "end", "score": -1}]},
            "end": {"summary": "结束"},
        },
    }


# -- 示例情景 -----------------------------------------------------------------

def test_demo_shape(demo):
    dialogue = [n for n in demo.nodes.values() if not n.is_end]
    assert 4 <= len(dialogue) <= 6
    assert all(2 <= len(n.options) <= 4 for n in dialogue)
    assert len(demo.endings) >= 2
    assert demo.start == "open"
    assert "利率比隔壁那家高" in demo.title


def test_demo_best_path_and_score(demo):
    best = best_path(demo)
    # 先问口径（+3）→ 摆全年成本（+3）→ 问用钱节奏（+2）→ 配循环额度（+3）
    assert best.letters == "CAAA"
    assert best.path == ("open", "compare", "needs", "product", "end_win")
    assert best.score == 11 and best.finished
    assert demo.best_score == 11 and best.best_possible == 11


def test_demo_walks(demo):
    promise = walk(demo, "BB")  # 许诺 4% → 先签再说
    assert promise.node_id == "end_complaint" and promise.score == -6 and promise.finished
    recovered = walk(demo, [1, 0, 0, 0, 0])  # 许诺后当场纠正，再一路做对
    assert recovered.path == ("open", "promise", "compare", "needs", "product", "end_win")
    assert recovered.score == -3 + 1 + 3 + 2 + 3
    lost = walk(demo, ["D"])
    assert lost.node_id == "end_lost" and lost.score == -1


def best_by_ending(s) -> dict[str, float]:
    """每个结局能拿到的最高分（走遍全部路径；情景无环，由 load_scenario 保证）。"""
    best: dict[str, float] = {}

    def explore(nid, score):
        node = s.nodes[nid]
        if node.is_end:
            best[nid] = max(best.get(nid, float("-inf")), score)
            return
        for opt in node.options:
            explore(opt.next, score + opt.score)

    explore(s.start, 0.0)
    return best


def test_demo_every_ending_reachable_and_scores_ordered(demo):
    """好结局的最高分应高于其他结局能拿到的最高分：分数与讲师的判断一致。"""
    best_by_end = best_by_ending(demo)
    assert set(best_by_end) == {n.id for n in demo.endings}
    assert best_by_end["end_win"] == max(best_by_end.values())
    assert best_by_end["end_complaint"] < best_by_end["end_ok"] < best_by_end["end_win"]


def test_demo_feedback_explains_temptation_for_bad_options(demo):
    for node in demo.nodes.values():
        for opt in node.options:
            if opt.score < 0:
                assert "诱人" in opt.feedback, opt.reply
            assert len(opt.feedback) >= 40


def test_demo_numbers_match_the_loan_arithmetic():
    """情景里说的数由 coursekit.loans 重新算出：对方“月息 0.35%”按全额本金收、本金每月还 2.5 万元，
    年化约 7.7%（12 × 月内部收益率）、一年费用 12,600 元；我行 5.8% 等额本息一年利息约 9,500 元。"""
    text = DEMO.read_text(encoding="utf-8")
    rival = loans.annualized_rate(300_000, [300_000 / 12 + 300_000 * 0.0035] * 12)
    assert f"约 {12 * rival.periodic:.1%}" in text                                # 7.7%
    assert f"{rival.total_paid - 300_000:,.0f} 元" in text                       # 12,600 元
    ours = loans.schedule(300_000, 0.058, 12)
    interest = float(ours["利息"].sum())
    assert f"{round(interest, -2):,.0f} 元" in text                              # 9,508.31 → 约 9,500 元
    assert f"{round(300_000 * 0.058 / 360 * 60, -2):,.0f} 元" in text            # 按日计息 60 天 → 约 2,900 元
    # 12 × 月内部收益率是公告的内部收益率法结果，不是“单利”；(1+i)^12 − 1 ≈ 7.9% 不是明示口径
    assert "单利" not in text and "7.9%" not in text


# -- walk 的输入 ---------------------------------------------------------------

def test_walk_partial_and_letters(demo):
    part = walk(demo, "C")
    assert not part.finished and part.node_id == "compare" and part.score == 3
    assert walk(demo, []).path == ("open",)
    assert walk(demo, "c a").letters == "CA"


def test_walk_rejects_bad_choices(demo):
    with pytest.raises(InputError, match="第 1 步的选择"):
        walk(demo, [4])
    with pytest.raises(InputError, match="A 到 B"):
        walk(demo, "AC")  # doubt 节点只有两个选项
    with pytest.raises(InputError, match="多余"):
        walk(demo, "DA")
    with pytest.raises(InputError):
        walk(demo, [0.5])
    with pytest.raises(InputError):
        walk(demo, [True])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.integers(0, 3), max_size=8))
def test_walk_score_is_sum_of_steps_and_never_exceeds_best(choices):
    scenario = _demo_once()
    valid, node, expected = [], scenario.nodes[scenario.start], 0
    for c in choices:
        if node.is_end:
            break
        index = c % len(node.options)
        valid.append(index)
        expected += node.options[index].score            # 沿图手工累加，不用 walk 的结果
        node = scenario.nodes[node.options[index].next]

    def best_from(node_id):                              # 穷举：从这里走到结尾的最高得分（图无环）
        n = scenario.nodes[node_id]
        return 0 if n.is_end else max(o.score + best_from(o.next) for o in n.options)

    result = walk(scenario, valid)
    assert result.score == pytest.approx(expected)
    assert result.best_possible == pytest.approx(best_from(scenario.start))
    assert result.score <= result.best_possible
    assert result.finished == scenario.nodes[result.node_id].is_end
    assert len(result.path) == len(valid) + 1


def test_best_path_on_tiny_graph_prefers_total_not_first_step():
    tiny = scenario_from_dict(_tiny())
    # a→b（+1）再 +2 = 3，胜过 a→end（0）
    assert best_path(tiny).choices == (0, 0) and best_path(tiny).score == 3
    data = _tiny()
    data["nodes"]["a"]["options"][1]["score"] = 5
    assert best_path(scenario_from_dict(data)).choices == (1,)


# -- 校验错误 -----------------------------------------------------------------

def test_dangling_next(raw):
    raw["nodes"]["compare"]["options"][1]["next"] = "nowhere"
    err = _error(raw)
    assert "节点 compare第 2 个选项的下一节点（next）" in err.field and "nowhere" in str(err)


def test_unreachable_node(raw):
    raw["nodes"]["extra"] = copy.deepcopy(raw["nodes"]["needs"])
    err = _error(raw)
    assert err.field == "节点 extra" and "走不到" in str(err)


def test_no_ending():
    data = _tiny()
    opts = data["nodes"]["b"]["options"]
    data["nodes"]["end"] = {"line": "还没完", "options": [dict(o, next="a") for o in opts]}
    err = _error(data)
    assert err.field == "情景的节点（nodes）" and "没有结局" in str(err)


def test_cycle_is_rejected():
    data = _tiny()
    data["nodes"]["b"]["options"][1]["next"] = "a"
    err = _error(data)
    assert "循环" in str(err) and "a → b → a" in str(err)


def test_option_count_and_missing_fields(raw):
    raw["nodes"]["open"]["options"] = raw["nodes"]["open"]["options"][:1]
    assert "2 到 4 个" in str(_error(raw))
    data = _tiny()
    del data["nodes"]["b"]["options"][0]["feedback"]
    err = _error(data)
    assert "节点 b第 1 个选项的讲师点评（feedback）" in str(err)
    data = _tiny()
    data["nodes"]["a"]["options"][0]["score"] = "三"
    assert "得分（score）" in str(_error(data))
    data = _tiny()
    data["nodes"]["a"]["options"][0]["nxt"] = "b"
    assert "nxt" in str(_error(data))


def test_node_kind_errors():
    data = _tiny()
    data["nodes"]["end"]["options"] = []
    assert "不能同时有" in str(_error(data))
    data = _tiny()
    data["nodes"]["end"] = {"title": "空"}
    assert "既没有选项" in str(_error(data))
    data = _tiny()
    data["start"] = "end"
    assert "开场节点" in str(_error(data))
    data = _tiny()
    data["start"] = "zzz"
    assert "开场节点" in str(_error(data))


def test_load_scenario_file_errors(tmp_path):
    with pytest.raises(InputError, match="不存在"):
        load_scenario(tmp_path / "none.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: [未闭合\n", encoding="utf-8")
    with pytest.raises(InputError, match="不是合法的 YAML"):
        load_scenario(bad)
    as_json = tmp_path / "tiny.json"
    as_json.write_text(json.dumps(_tiny(), ensure_ascii=False), encoding="utf-8")
    assert load_scenario(as_json).best_score == 3


def test_default_speaker_is_first_role():
    tiny = scenario_from_dict(_tiny())
    assert tiny.nodes["a"].speaker == "客户"


def test_format_score():
    assert format_score(3) == "+3" and format_score(-2) == "−2" and format_score(0) == "0"
    assert format_score(1.5) == "+1.5"


# -- 静态 HTML ----------------------------------------------------------------

def test_render_static_contains_every_node_and_option(demo):
    page = render_static(demo)._repr_html_()
    text = html.unescape(page)
    assert demo.setting.splitlines()[0] in text
    for node in demo.nodes.values():
        if node.line:
            assert node.line in text
        if node.is_end:
            assert node.summary in text
        for opt in node.options:
            assert opt.reply in text and opt.reaction in text and opt.feedback in text
    assert page.count("<details>") == sum(len(n.options) for n in demo.nodes.values())
    assert "最高可得 11 分" in text


def test_render_static_links_resolve_and_ids_are_unique(demo):
    first = render_static(demo)._repr_html_()
    second = render_static(demo)._repr_html_()
    ids = re.findall(r'\bid="([^"]+)"', first)
    assert len(ids) == len(set(ids))
    for target in re.findall(r'href="#([^"]+)"', first):
        assert target in ids
    assert not set(ids) & set(re.findall(r'\bid="([^"]+)"', second))
    assert "<script" not in first and "http" not in first


def test_render_static_escapes_text():
    data = _tiny()
    data["nodes"]["a"]["line"] = "<img src=x onerror=alert(1)>"
    assert "<img" not in render_static(scenario_from_dict(data))._repr_html_()


# -- 部件：模拟点击 --------------------------------------------------------------

def test_player_first_render_shows_opening_and_options(demo):
    from coursekit.widgets.scenario import ScenarioPlayer

    player = ScenarioPlayer(demo)
    assert "月息才三厘五" in html.unescape(player.line.value)
    assert [b.description for b in player.option_buttons] == ["A", "B", "C", "D"]
    assert player.result.path == ("open",) and player.result.score == 0
    assert player.next_button.layout.display == "none"


def test_player_best_path_by_clicks(demo):
    from coursekit.widgets.scenario import ScenarioPlayer

    player = ScenarioPlayer(DEMO)
    for letter in "CAAA":
        player.option_buttons["ABCD".index(letter)].click()
        feedback = html.unescape(player.feedback.value)
        assert "讲师点评" in feedback and "王姐的反应" in feedback
        # 看点评时，再点别的选项不会改变选择
        player.option_buttons[0].click()
        player.next_button.click()
    assert player.result.letters == "CAAA"
    assert player.result.score == 11 and player.result.finished
    ending = html.unescape(player.feedback.value)
    assert "总得分 11 分" in ending and "最高可得 11 分" in ending and "这是最高分的走法" in ending
    assert player.restart_button.layout.display is None


def test_player_bad_path_and_restart(demo):
    from coursekit.widgets.scenario import ScenarioPlayer

    player = ScenarioPlayer(demo)
    player.option_buttons[1].click()
    assert player.option_buttons[1].button_style == "danger"
    assert all(b.disabled for b in player.option_buttons)
    assert "累计得分 <b>−3</b>" in player.status.value
    player.next_button.click()
    player.option_buttons[1].click()
    assert player.next_button.description == "看结局"
    player.next_button.click()
    assert player.result.node_id == "end_complaint" and player.result.score == -6
    assert "离最高分还差 17 分" in html.unescape(player.feedback.value)
    player.restart_button.click()
    assert player.result.path == ("open",) and player.result.score == 0 and player.choices == []
    assert len(player.option_buttons) == 4 and not player.option_buttons[0].disabled


def test_player_rejects_bad_scenario(tmp_path):
    from coursekit.widgets.scenario import ScenarioPlayer

    with pytest.raises(InputError):
        ScenarioPlayer(tmp_path / "missing.yaml")
    with pytest.raises(InputError):
        ScenarioPlayer(42)


# -- 模块六练习的三个情景 ---------------------------------------------------------

@pytest.mark.parametrize("name, letters, ending", [
    ("ex-m06-wealth-manager", "BA", "end_good"),
    ("ex-m06-asset-preservation", "AAA", "end_good"),
    ("ex-m06-meeting-room", "AA", "end_good"),
])
def test_exercise_scenarios_load_and_the_best_walk_ends_well(name, letters, ending):
    s = load_scenario(ROOT / "scenarios" / f"{name}.yaml")
    best = best_path(s)
    assert best.letters == letters and best.node_id == ending and best.finished
    dialogue = [n for n in s.nodes.values() if not n.is_end]
    # 每一步都有一个加分的说法和至少一个扣分的说法：选错了，点评才有东西可讲
    assert all(max(o.score for o in n.options) > 0 > min(o.score for o in n.options) for n in dialogue)
    # 每个结局都走得到，且只有最佳走法停在 end_good
    for end in s.endings:
        assert any(walk(s, list(path)).node_id == end.id for path in _all_paths(s)), end.id
    assert {walk(s, list(p)).node_id for p in _all_paths(s) if walk(s, list(p)).score == s.best_score} == {ending}


def _all_paths(s: Scenario):
    """从开场到结局的全部走法（选项序号的元组）。"""
    out, stack = [], [(s.start, ())]
    while stack:
        node_id, path = stack.pop()
        node = s.node(node_id)
        if node.is_end:
            out.append(path)
            continue
        stack.extend((o.next, path + (i,)) for i, o in enumerate(node.options))
    return out
