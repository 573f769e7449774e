"""情景对话：异议处理、上门拜访、内部沟通等软技能案例的分支对话。

情景是数据（YAML 或 JSON），不是代码::

    title: 王姐嫌利率高
    setting: 背景叙述……
    roles: {王姐: 蔬菜批发商……, 小李（你）: 客户经理……}
    start: open                       # 可省略，默认第一个节点
    nodes:
      open:
        title: 开口比价                # 可省略
        speaker: 王姐
        line: 客户（或同事）说的话
        options:                      # 2–4 个选项
          - reply: 客户经理的回答
            next: compare             # 下一个节点的 id
            reaction: 客户的反应
            feedback: 讲师点评：为什么诱人，为什么有效或失败
            score: 3                  # 本步得分（可为负）
      end_win:                        # 结局节点：有 summary，没有 options
        title: 方案对路
        line: 客户最后的话（可省略）
        summary: 结局总结

:func:`load_scenario` 读入并校验（每个 next 都存在、从开场都走得到、至少一个结局、没有循环）；
:func:`walk` 是纯函数，按选择走一遍，返回路径、总分和停下的位置；:func:`best_path` 给出得分最高的走法；
:func:`render_static` 生成静态书页也能读的 HTML（每个选项折叠在 ``<details>`` 里）。
交互部件见 :class:`coursekit.widgets.scenario.ScenarioPlayer`。本模块不导入 ipywidgets。
"""
from __future__ import annotations

import html
import json
import math
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from numbers import Real
from pathlib import Path
from typing import Any

from .errors import InputError, require_int, require_number

__all__ = [
    "Node",
    "Option",
    "Scenario",
    "ScenarioPage",
    "Step",
    "WalkResult",
    "best_path",
    "format_score",
    "load_scenario",
    "node_names",
    "option_label",
    "render_static",
    "scenario_from_dict",
    "walk",
]

MIN_OPTIONS, MAX_OPTIONS = 2, 4
LETTERS = "ABCD"

_TOP_KEYS = {"title", "setting", "roles", "start", "nodes"}
_NODE_KEYS = {"title", "speaker", "line", "options", "summary"}
_OPTION_KEYS = {"reply", "next", "reaction", "feedback", "score"}


@dataclass(frozen=True)
class Option:
    """一个选项：客户经理的回答、下一个节点、客户的反应、讲师点评和本步得分。"""

    reply: str
    next: str
    reaction: str
    feedback: str
    score: float


@dataclass(frozen=True)
class Node:
    """对话节点（有 options）或结局节点（有 summary）。"""

    id: str
    line: str = ""
    speaker: str = ""
    title: str = ""
    options: tuple[Option, ...] = ()
    summary: str = ""

    @property
    def is_end(self) -> bool:
        return not self.options


@dataclass(frozen=True, eq=False)
class Scenario:
    """一个已校验的情景。``nodes`` 按文件中的顺序排列。"""

    title: str
    setting: str
    roles: tuple[tuple[str, str], ...]
    start: str
    nodes: Mapping[str, Node] = field(repr=False)

    def node(self, node_id: str) -> Node:
        if node_id not in self.nodes:
            raise InputError("节点", "不存在", node_id)
        return self.nodes[node_id]

    @property
    def endings(self) -> tuple[Node, ...]:
        return tuple(n for n in self.nodes.values() if n.is_end)

    @property
    def best_score(self) -> float:
        return _best_from(self)[self.start][0]


@dataclass(frozen=True)
class Step:
    """走过的一步：在哪个节点、选了第几个选项（从 0 数）、选项本身。"""

    node_id: str
    choice: int
    option: Option

    @property
    def letter(self) -> str:
        return LETTERS[self.choice]


@dataclass(frozen=True)
class WalkResult:
    """:func:`walk` 的结果。

    ``steps``：走过的每一步；``score``：累计得分；``node_id``：停下的节点（走完时是结局）；
    ``finished``：是否到了结局；``best_possible``：本情景的最高可得分。
    """

    steps: tuple[Step, ...]
    score: float
    node_id: str
    finished: bool
    best_possible: float

    @property
    def path(self) -> tuple[str, ...]:
        """经过的节点 id，从开场到停下的位置。"""
        return tuple(s.node_id for s in self.steps) + (self.node_id,)

    @property
    def choices(self) -> tuple[int, ...]:
        return tuple(s.choice for s in self.steps)

    @property
    def letters(self) -> str:
        return "".join(s.letter for s in self.steps)


# ---------------------------------------------------------------------------
# 读取与校验

def _text(value: Any, field_name: str, *, required: bool = True) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise InputError(field_name, "应为非空的文字", value)
    return value.strip()


def _node_from_dict(node_id: str, raw: Any) -> Node:
    where = f"节点 {node_id}"
    if not isinstance(raw, dict):
        raise InputError(where, "应为一个对象，含 line 与 options（对话节点）或 summary（结局节点）", raw)
    unknown = set(raw) - _NODE_KEYS
    if unknown:
        raise InputError(f"{where}的字段 {'、'.join(sorted(map(str, unknown)))}",
                         "无法识别（可用的字段：title、speaker、line、options、summary）")
    title = _text(raw.get("title"), f"{where}的标题（title）", required=False)
    speaker = _text(raw.get("speaker"), f"{where}的说话人（speaker）", required=False)
    has_options, has_summary = "options" in raw, "summary" in raw
    if has_options and has_summary:
        raise InputError(where, "不能同时有 options 和 summary：对话节点给选项，结局节点给总结")
    if not has_options and not has_summary:
        raise InputError(where, "既没有选项（options）也没有结局总结（summary）")
    if has_summary:
        return Node(id=node_id, title=title, speaker=speaker,
                    line=_text(raw.get("line"), f"{where}的台词（line）", required=False),
                    summary=_text(raw["summary"], f"{where}的结局总结（summary）"))

    line = _text(raw.get("line"), f"{where}的台词（line）")
    options = raw["options"]
    if not isinstance(options, list):
        raise InputError(f"{where}的选项（options）", "应为列表", options)
    if not MIN_OPTIONS <= len(options) <= MAX_OPTIONS:
        raise InputError(f"{where}的选项（options）", f"应有 {MIN_OPTIONS} 到 {MAX_OPTIONS} 个，现在有 {len(options)} 个")
    clean = []
    for j, opt in enumerate(options, start=1):
        at = f"{where}第 {j} 个选项"
        if not isinstance(opt, dict):
            raise InputError(at, "应为对象，含 reply、next、reaction、feedback、score", opt)
        unknown = set(opt) - _OPTION_KEYS
        if unknown:
            raise InputError(f"{at}的字段 {'、'.join(sorted(map(str, unknown)))}",
                             "无法识别（可用的字段：reply、next、reaction、feedback、score）")
        for key, name in (("reply", "回答（reply）"), ("next", "下一节点（next）"), ("reaction", "客户反应（reaction）"),
                          ("feedback", "讲师点评（feedback）"), ("score", "得分（score）")):
            if key not in opt:
                raise InputError(f"{at}的{name}", "缺少")
        score = opt["score"]
        if isinstance(score, bool) or not isinstance(score, Real) or not math.isfinite(float(score)):
            raise InputError(f"{at}的得分（score）", "应为数字（可为负）", score)
        nxt = opt["next"]
        if not isinstance(nxt, str) or not nxt.strip():
            raise InputError(f"{at}的下一节点（next）", "应为节点 id（文字）", nxt)
        clean.append(Option(reply=_text(opt["reply"], f"{at}的回答（reply）"), next=nxt.strip(),
                            reaction=_text(opt["reaction"], f"{at}的客户反应（reaction）"),
                            feedback=_text(opt["feedback"], f"{at}的讲师点评（feedback）"),
                            score=float(score)))
    return Node(id=node_id, title=title, speaker=speaker, line=line, options=tuple(clean))


def _check_graph(nodes: Mapping[str, Node], start: str) -> None:
    for node in nodes.values():
        for j, opt in enumerate(node.options, start=1):
            if opt.next not in nodes:
                raise InputError(f"节点 {node.id}第 {j} 个选项的下一节点（next）", f"指向不存在的节点“{opt.next}”")
    if not any(n.is_end for n in nodes.values()):
        raise InputError("情景的节点（nodes）", "没有结局节点：至少要有一个含 summary 的节点")

    # 循环检测（深度优先，三色标记），顺带得到从开场可达的节点
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(nid: str) -> None:
        state[nid] = 1
        stack.append(nid)
        for opt in nodes[nid].options:
            if state.get(opt.next) == 1:
                cycle = stack[stack.index(opt.next):] + [opt.next]
                raise InputError(f"节点 {nid}的选项（options）", f"形成循环：{' → '.join(cycle)}；情景必须一路走向结局")
            if opt.next not in state:
                visit(opt.next)
        stack.pop()
        state[nid] = 2

    visit(start)
    orphans = [nid for nid in nodes if nid not in state]
    if orphans:
        raise InputError(f"节点 {orphans[0]}", f"从开场节点 {start} 走不到（孤立节点），请删除或让某个选项指向它")


def scenario_from_dict(data: Any) -> Scenario:
    """从已解析的字典建立并校验情景。"""
    if not isinstance(data, dict):
        raise InputError("情景", "应为一个对象，含 title、setting、roles、nodes", type(data).__name__)
    unknown = set(data) - _TOP_KEYS
    if unknown:
        raise InputError(f"情景的字段 {'、'.join(sorted(map(str, unknown)))}",
                         "无法识别（可用的字段：title、setting、roles、start、nodes）")
    title = _text(data.get("title"), "情景标题（title）")
    setting = _text(data.get("setting"), "情景背景（setting）")
    roles_raw = data.get("roles")
    if not isinstance(roles_raw, dict) or not roles_raw:
        raise InputError("角色（roles）", "应为“角色名: 介绍”的对象，至少一个角色", roles_raw)
    roles = tuple((_text(k, "角色名"), _text(v, f"角色 {k} 的介绍")) for k, v in roles_raw.items())
    raw_nodes = data.get("nodes")
    if not isinstance(raw_nodes, dict) or not raw_nodes:
        raise InputError("情景的节点（nodes）", "应为“节点 id: 节点”的对象，不能为空", raw_nodes)
    nodes: dict[str, Node] = {}
    for key, raw in raw_nodes.items():
        if not isinstance(key, str) or not key.strip():
            raise InputError("节点 id", "应为文字（YAML 里 yes、no、on、off 会被当成真假值，请换个名字）", key)
        nodes[key.strip()] = _node_from_dict(key.strip(), raw)
    start = data.get("start", next(iter(nodes)))
    if not isinstance(start, str) or start not in nodes:
        raise InputError("开场节点（start）", "应为某个节点的 id", start)
    if nodes[start].is_end:
        raise InputError("开场节点（start）", "不能是结局节点", start)
    default_speaker = roles[0][0]
    nodes = {nid: (n if n.speaker or n.is_end else Node(n.id, n.line, default_speaker, n.title, n.options, n.summary))
             for nid, n in nodes.items()}
    _check_graph(nodes, start)
    return Scenario(title=title, setting=setting, roles=roles, start=start, nodes=nodes)


def load_scenario(path: str | Path) -> Scenario:
    """读入 YAML（.yaml/.yml）或 JSON（.json）情景文件并校验。"""
    if not isinstance(path, (str, Path)) or not str(path).strip():
        raise InputError("情景文件", "应为文件路径", path)
    file = Path(path)
    if not file.is_file():
        raise InputError("情景文件", "不存在", str(file))
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError("情景文件", "不是 UTF-8 编码的文本", str(file)) from exc
    if file.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError("情景文件", f"不是合法的 JSON（第 {exc.lineno} 行：{exc.msg}）", str(file)) from exc
    else:
        import yaml

        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"第 {mark.line + 1} 行" if mark is not None else "某处"
            raise InputError("情景文件", f"不是合法的 YAML（{where}有格式错误）", str(file)) from exc
    return scenario_from_dict(data)


def _coerce(scenario: Any) -> Scenario:
    if isinstance(scenario, Scenario):
        return scenario
    if isinstance(scenario, (str, Path)):
        return load_scenario(scenario)
    if isinstance(scenario, dict):
        return scenario_from_dict(scenario)
    raise InputError("情景", "应为 Scenario、情景文件路径或字典", type(scenario).__name__)


# ---------------------------------------------------------------------------
# 走一遍、最佳路径

def _best_from(scenario: Scenario) -> dict[str, tuple[float, int | None]]:
    """每个节点出发能得的最高分，及取得它的第一个选项（结局为 None）。图无环，按记忆化递归计算。"""
    memo: dict[str, tuple[float, int | None]] = {}

    def best(nid: str) -> tuple[float, int | None]:
        if nid in memo:
            return memo[nid]
        node = scenario.nodes[nid]
        if node.is_end:
            memo[nid] = (0.0, None)
        else:
            scores = [opt.score + best(opt.next)[0] for opt in node.options]
            top = max(scores)
            memo[nid] = (top, scores.index(top))
        return memo[nid]

    for nid in scenario.nodes:
        best(nid)
    return memo


def _choice_index(choice: Any, node: Node, step_no: int) -> int:
    field_name = f"第 {step_no} 步的选择"
    if isinstance(choice, str):
        letter = choice.strip().upper()
        if len(letter) != 1 or letter not in LETTERS[: len(node.options)]:
            raise InputError(field_name, f"应为 {LETTERS[0]} 到 {LETTERS[len(node.options) - 1]} 之一（节点 {node.id}）", choice)
        return LETTERS.index(letter)
    if isinstance(choice, bool) or not isinstance(choice, Real):
        raise InputError(field_name, "应为选项序号（从 0 数）或字母 A–D", choice)
    index = require_int(choice, field_name)
    if not 0 <= index < len(node.options):
        raise InputError(field_name, f"应在 0 到 {len(node.options) - 1} 之间（节点 {node.id} 有 {len(node.options)} 个选项）",
                         choice)
    return index


def walk(scenario: Scenario, choices: Iterable[Any] = ()) -> WalkResult:
    """按 ``choices`` 从开场走一遍（纯函数）。

    ``choices`` 是每一步的选项：序号（从 0 数）或字母（``"A"``…），也可以是一串字母 ``"CAA"``。
    选项不够时停在中途（``finished`` 为假）；对话已到结局还有多余的选择，抛 InputError。
    """
    scenario = _coerce(scenario)
    if isinstance(choices, str):
        choices = list(choices.replace(" ", "").replace(",", "").replace("，", ""))
    try:
        choices = list(choices)
    except TypeError as exc:
        raise InputError("选择（choices）", "应为选项序号或字母的列表", choices) from exc
    node = scenario.node(scenario.start)
    steps = []
    score = 0.0
    for step_no, choice in enumerate(choices, start=1):
        if node.is_end:
            raise InputError(f"第 {step_no} 步的选择", f"多余：对话在第 {step_no - 1} 步后已到结局 {node.id}", choice)
        index = _choice_index(choice, node, step_no)
        option = node.options[index]
        steps.append(Step(node.id, index, option))
        score += option.score
        node = scenario.node(option.next)
    return WalkResult(steps=tuple(steps), score=score, node_id=node.id, finished=node.is_end,
                      best_possible=scenario.best_score)


def best_path(scenario: Scenario) -> WalkResult:
    """得分最高的走法（同分时取排在前面的选项）。"""
    scenario = _coerce(scenario)
    memo = _best_from(scenario)
    choices, nid = [], scenario.start
    while memo[nid][1] is not None:
        index = memo[nid][1]
        choices.append(index)
        nid = scenario.nodes[nid].options[index].next
    return walk(scenario, choices)


def format_score(score: float) -> str:
    """得分显示：+3、−2、0（整数不带小数点）。"""
    score = require_number(score, "得分")
    if abs(score) > 1e9:
        raise InputError("得分", "过大", score)
    text = f"{score:g}" if score != int(score) else f"{int(score)}"
    if score > 0:
        return "+" + text
    return text.replace("-", "−")


def option_label(index: int) -> str:
    return LETTERS[require_int(index, "选项序号", minimum=0, maximum=len(LETTERS) - 1)]


# ---------------------------------------------------------------------------
# 静态 HTML

_CSS = """
.ck-scn{box-sizing:border-box;max-width:100%;margin:1em 0;padding:0.8em 1em;border:1px solid #d0d7de;border-radius:6px;
  background:#fff;color:#1a1a1a;line-height:1.7;overflow-wrap:anywhere}
.ck-scn *{box-sizing:border-box}
.ck-scn-title{font-weight:bold;font-size:1.1em;margin-bottom:0.3em}
.ck-scn-setting{margin:0.3em 0 0.6em;white-space:pre-line}
.ck-scn-roles{margin:0 0 0.6em;padding-left:1.2em}
.ck-scn-note{font-size:0.9em;color:#555;margin:0 0 0.6em}
.ck-scn-node{border-top:1px dashed #d0d7de;padding:0.6em 0}
.ck-scn-label{font-size:0.85em;font-weight:bold;color:#0072B2}
.ck-scn-line{margin:0.3em 0 0.5em;padding:0.45em 0.75em;background:#f6f8fa;border-left:4px solid #0072B2;border-radius:4px}
.ck-scn details{margin:0.35em 0;border:1px solid #d0d7de;border-radius:5px;padding:0.35em 0.7em}
.ck-scn summary{cursor:pointer;padding:0.15em 0}
.ck-scn details[open] summary{margin-bottom:0.3em}
.ck-scn details p{margin:0.3em 0}
.ck-scn .ck-pos{color:#00795a;font-weight:bold}
.ck-scn .ck-neg{color:#b34700;font-weight:bold}
.ck-scn .ck-zero{color:#555;font-weight:bold}
.ck-scn-end{background:#f2f7fb;border-radius:5px;padding:0.5em 0.8em;margin-top:0.5em}
.ck-scn a{color:#0072B2}
"""


def score_class(score: float) -> str:
    return "ck-pos" if score > 0 else ("ck-neg" if score < 0 else "ck-zero")


def _display_order(scenario: Scenario) -> list[str]:
    """阅读顺序：开场在前，其余对话节点按文件中的顺序，结局放最后（作者按讲故事的顺序排列节点）。"""
    rest = [nid for nid in scenario.nodes if nid != scenario.start]
    return ([scenario.start] + [n for n in rest if not scenario.nodes[n].is_end]
            + [n for n in rest if scenario.nodes[n].is_end])


def node_names(scenario: Scenario) -> dict[str, str]:
    """给读者看的节点名：“情景 1 · 开口比价”“结局 2 · 王姐去了隔壁”。"""
    if not isinstance(scenario, Scenario):
        raise InputError("情景", "应为 Scenario（load_scenario() 或 scenario_from_dict() 的结果）",
                         type(scenario).__name__)
    names, k_dialogue, k_end = {}, 0, 0
    for nid in _display_order(scenario):
        node = scenario.nodes[nid]
        if node.is_end:
            k_end += 1
            base = f"结局 {k_end}"
        else:
            k_dialogue += 1
            base = f"情景 {k_dialogue}"
        names[nid] = f"{base} · {node.title}" if node.title else base
    return names


def _render(scenario: Scenario) -> str:
    e = html.escape
    prefix = "cks-" + uuid.uuid4().hex[:12]
    names = node_names(scenario)
    anchors = {nid: f"{prefix}-n{k}" for k, nid in enumerate(_display_order(scenario))}
    roles = "".join(f"<li><strong>{e(name)}</strong>：{e(desc)}</li>" for name, desc in scenario.roles)
    parts = [
        f'<div class="ck-scn" id="{prefix}" lang="zh-CN"><style>{_CSS}</style>',
        f'<div class="ck-scn-title">{e(scenario.title)}</div>',
        f'<div class="ck-scn-setting">{e(scenario.setting)}</div>',
        f'<ul class="ck-scn-roles">{roles}</ul>',
        (f'<p class="ck-scn-note">从“{e(names[scenario.start])}”开始。每个选项都可以点开，看客户的反应、讲师点评和本步得分；'
         f"顺着“接下来”的链接往下走。最高可得 {scenario.best_score:g} 分。</p>"),
    ]
    for nid in _display_order(scenario):
        node = scenario.nodes[nid]
        parts.append(f'<section class="ck-scn-node" id="{anchors[nid]}">'
                     f'<div class="ck-scn-label">{e(names[nid])}</div>')
        if node.line:
            who = f"<strong>{e(node.speaker)}</strong>：" if node.speaker else ""
            parts.append(f'<div class="ck-scn-line">{who}“{e(node.line)}”</div>')
        if node.is_end:
            parts.append(f'<div class="ck-scn-end">{e(node.summary)}</div></section>')
            continue
        for k, opt in enumerate(node.options):
            parts.append(
                f"<details><summary><strong>{LETTERS[k]}.</strong> {e(opt.reply)}</summary>"
                f"<p><strong>客户反应：</strong>{e(opt.reaction)}</p>"
                f"<p><strong>讲师点评：</strong>{e(opt.feedback)}</p>"
                f'<p><strong>本步得分：</strong><span class="{score_class(opt.score)}">{e(format_score(opt.score))}</span>'
                f'　接下来：<a href="#{anchors[opt.next]}">{e(names[opt.next])}</a></p></details>'
            )
        parts.append("</section>")
    parts.append("</div>")
    return "".join(parts)


class ScenarioPage:
    """情景的静态展示（没有内核也能读）：作为单元最后一个表达式显示。每次显示生成新的锚点 id。"""

    def __init__(self, scenario: Scenario):
        self.scenario = scenario

    def _repr_html_(self) -> str:
        return _render(self.scenario)

    def __repr__(self) -> str:
        s = self.scenario
        return f"情景：{s.title}（{sum(not n.is_end for n in s.nodes.values())} 个对话节点，{len(s.endings)} 个结局）"


def render_static(scenario: Scenario | str | Path) -> ScenarioPage:
    """返回可显示的静态情景（背景、角色、每个节点及折叠的选项）。"""
    return ScenarioPage(_coerce(scenario))
