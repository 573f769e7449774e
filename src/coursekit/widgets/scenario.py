"""情景对话部件：读者逐步选择回答，看客户的反应、讲师点评和累计得分。

它是 :func:`coursekit.scenarios.walk` 的视图：部件只记录选过的选项序号，
每一步都用 ``walk(scenario, choices)`` 重新算出路径和得分，放在 ``.result``。

用法（情景案例的“互动探索”一节，作为单元最后一个表达式）::

    from coursekit.widgets.scenario import ScenarioPlayer
    player = ScenarioPlayer("../../scenarios/demo-objection.yaml")
    player

首次显示即给出开场台词和全部选项：在没有内核的静态书页里也能读。
"""
from __future__ import annotations

import html
from pathlib import Path

import ipywidgets as W

from ..scenarios import LETTERS, Node, Scenario, WalkResult, _coerce, format_score, node_names, walk

__all__ = ["ScenarioPlayer"]

_BOX = "line-height:1.7;white-space:normal;overflow-wrap:anywhere;color:#1a1a1a;"
_LINE = _BOX + "padding:0.45em 0.75em;background:#f6f8fa;border-left:4px solid #0072B2;border-radius:4px;margin:0.3em 0;"
_SCORE_COLOUR = {1: "#00795a", -1: "#b34700", 0: "#555"}


def _sign(x: float) -> int:
    return (x > 0) - (x < 0)


class ScenarioPlayer(W.VBox):
    """分支对话播放器。

    - ``option_buttons``：当前节点的选项按钮（A、B、C…），点击即选择；
    - ``next_button``：看完点评后进入下一步（到结局前显示为“看结局”）；
    - ``restart_button``：到结局后“重新开始”；
    - ``result``：:class:`~coursekit.scenarios.WalkResult`，含路径、得分、是否走完。
    """

    def __init__(self, scenario: Scenario | str | Path | dict):
        self.scenario = _coerce(scenario)
        self.names = node_names(self.scenario)
        self.choices: list[int] = []
        self.result: WalkResult = walk(self.scenario, [])
        self._awaiting_next = False

        s = self.scenario
        roles = "".join(f"<li><b>{html.escape(n)}</b>：{html.escape(d)}</li>" for n, d in s.roles)
        self.header = W.HTML(
            f'<div style="{_BOX}"><div style="font-weight:bold;font-size:1.1em;">{html.escape(s.title)}</div>'
            f'<details><summary style="cursor:pointer;color:#0072B2;">情景背景与人物</summary>'
            f'<div style="white-space:pre-line;">{html.escape(s.setting)}</div><ul>{roles}</ul></details></div>',
            layout=W.Layout(width="100%"))
        self.status = W.HTML(layout=W.Layout(width="100%"))
        self.line = W.HTML(layout=W.Layout(width="100%"))
        self.options_box = W.VBox(layout=W.Layout(width="100%"))
        self.feedback = W.HTML(layout=W.Layout(width="100%"))
        self.next_button = W.Button(description="继续", button_style="primary", icon="arrow-right",
                                    layout=W.Layout(width="auto", display="none"))
        self.restart_button = W.Button(description="重新开始", icon="refresh",
                                       layout=W.Layout(width="auto", display="none"))
        self.next_button.on_click(lambda _b: self.advance())
        self.restart_button.on_click(lambda _b: self.restart())
        self.option_buttons: list[W.Button] = []
        super().__init__([self.header, self.status, self.line, self.options_box, self.feedback,
                          W.HBox([self.next_button, self.restart_button])],
                         layout=W.Layout(width="100%", max_width="48em"))
        self._show_node()

    # -- 公开操作（按钮也调用它们） ------------------------------------------------
    @property
    def node(self) -> Node:
        """当前所在的节点。"""
        return self.scenario.nodes[self.result.node_id]

    def choose(self, index: int) -> WalkResult:
        """在当前节点选第 ``index`` 个选项（从 0 数），显示反应与点评。"""
        if self._awaiting_next or self.result.finished:
            return self.result
        self.result = walk(self.scenario, [*self.choices, index])
        self.choices.append(self.result.choices[-1])
        self._awaiting_next = True
        self._show_feedback()
        return self.result

    def advance(self) -> WalkResult:
        """看完点评后进入下一个节点（或结局）。"""
        if self._awaiting_next:
            self._awaiting_next = False
            self._show_node()
        return self.result

    def restart(self) -> WalkResult:
        """回到开场，得分清零。"""
        self.choices = []
        self.result = walk(self.scenario, [])
        self._awaiting_next = False
        self._show_node()
        return self.result

    # -- 显示 --------------------------------------------------------------------
    def _status_html(self, extra: str = "") -> str:
        r = self.result
        step = len(r.steps) + (0 if self._awaiting_next or r.finished else 1)
        where = "结局" if r.finished and not self._awaiting_next else f"第 {step} 步"
        return (f'<div style="{_BOX}font-size:0.9em;color:#555;">{where} · 累计得分 '
                f'<b>{html.escape(format_score(r.score))}</b>{extra}</div>')

    def _speaker_line(self, node: Node) -> str:
        who = f"<b>{html.escape(node.speaker)}</b>：" if node.speaker else ""
        return (f'<div style="font-size:0.85em;font-weight:bold;color:#0072B2;">{html.escape(self.names[node.id])}</div>'
                f'<div style="{_LINE}">{who}“{html.escape(node.line)}”</div>' if node.line else
                f'<div style="font-size:0.85em;font-weight:bold;color:#0072B2;">{html.escape(self.names[node.id])}</div>')

    def _show_node(self) -> None:
        node = self.node
        self.feedback.value = ""
        self.next_button.layout.display = "none"
        self.line.value = self._speaker_line(node)
        if node.is_end:
            self._show_ending(node)
            return
        self.restart_button.layout.display = "none" if not self.choices else None
        self.status.value = self._status_html()
        self.option_buttons = []
        rows = []
        for k, opt in enumerate(node.options):
            button = W.Button(description=LETTERS[k], tooltip=f"选 {LETTERS[k]}：{opt.reply}",
                              layout=W.Layout(width="3.2em", min_width="3.2em", height="auto"))
            button.on_click(lambda _b, k=k: self.choose(k))
            text = W.HTML(f'<div style="{_BOX}">{html.escape(opt.reply)}</div>',
                          layout=W.Layout(flex="1 1 0%", width="auto"))
            self.option_buttons.append(button)
            rows.append(W.HBox([button, text], layout=W.Layout(width="100%", align_items="flex-start",
                                                                 margin="0.15em 0")))
        self.options_box.children = rows

    def _show_feedback(self) -> None:
        step = self.result.steps[-1]
        opt = step.option
        for k, button in enumerate(self.option_buttons):
            button.disabled = True
            if k == step.choice:
                button.button_style = {1: "success", -1: "danger", 0: "warning"}[_sign(opt.score)]
        colour = _SCORE_COLOUR[_sign(opt.score)]
        speaker = html.escape(self.scenario.nodes[step.node_id].speaker or "客户")
        self.feedback.value = (
            f'<div style="{_BOX}border:1px solid #d0d7de;border-radius:5px;padding:0.5em 0.8em;margin-top:0.3em;">'
            f"<p style='margin:0.2em 0;'><b>你选了 {step.letter}。</b></p>"
            f"<p style='margin:0.2em 0;'><b>{speaker}的反应：</b>{html.escape(opt.reaction)}</p>"
            f"<p style='margin:0.2em 0;'><b>讲师点评：</b>{html.escape(opt.feedback)}</p>"
            f"<p style='margin:0.2em 0;'><b>本步得分：</b><span style='color:{colour};font-weight:bold;'>"
            f"{html.escape(format_score(opt.score))}</span>　累计 {html.escape(format_score(self.result.score))}</p></div>")
        self.status.value = self._status_html()
        self.next_button.description = "看结局" if self.scenario.nodes[opt.next].is_end else "继续"
        self.next_button.layout.display = None

    def _show_ending(self, node: Node) -> None:
        r = self.result
        self.options_box.children = []
        self.option_buttons = []
        recap = "".join(
            f"<li>{html.escape(self.names[s.node_id])}：选 {s.letter}，得分 {html.escape(format_score(s.option.score))}</li>"
            for s in r.steps)
        best = r.best_possible
        total = f"{r.score:g}".replace("-", "−")
        verdict = ("这是最高分的走法。" if r.score >= best else
                   f"离最高分还差 {best - r.score:g} 分：点“重新开始”，换几种说法试试。")
        self.feedback.value = (
            f'<div style="{_BOX}background:#f2f7fb;border-radius:5px;padding:0.5em 0.8em;">'
            f"<p style='margin:0.2em 0;'>{html.escape(node.summary)}</p>"
            f"<p style='margin:0.4em 0 0.2em;'><b>总得分 {total} 分</b>"
            f"（最高可得 {best:g} 分）。{html.escape(verdict)}</p>"
            f"<ul style='margin:0.2em 0;'>{recap}</ul></div>")
        self.status.value = self._status_html()
        self.restart_button.layout.display = None
