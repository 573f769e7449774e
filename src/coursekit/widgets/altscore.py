"""替代数据评分卡部件：调分数线和各项分值，看多少人进门、进门的人坏账率多少、谁被挡在门外。

:mod:`coursekit.altscore` 的薄外壳。``.result`` 是一个字典：``scored``（逐人得分表）、``evaluation``（有好坏结果时的
:class:`~coursekit.altscore.Evaluation`，否则 None）、``fairness``（分组准入率）、``approved``（准入人数）。
"""
from __future__ import annotations

from typing import Any, Sequence

import ipywidgets as W
import pandas as pd
from IPython.display import HTML, display

from .. import altscore, tables
from ..errors import InputError, require_frame
from .base import ToolWidget

__all__ = ["AltScoreExplorer"]

_STYLE = {"description_width": "12em"}


class AltScoreExplorer(ToolWidget):
    """``data`` 每人一行，含分值表用到的列；``outcome`` 是好坏结果列名（True 为坏户，可省略）；
    ``groups`` 是看公平性的分组列。滑块：准入分数线、每个属性的满分（中间档按原比例缩放）。"""

    title = "替代数据评分卡：分数线与分值"

    def __init__(self, data: pd.DataFrame, card: altscore.Scorecard, *, outcome: str | None = None,
                 groups: Sequence[str] = (), cutoff: float | None = None, weight: str | None = None):
        if not isinstance(card, altscore.Scorecard):
            raise InputError("分值表", "应为 Scorecard", card)
        cols = list(groups) + ([outcome] if outcome else []) + ([weight] if weight else [])
        self.data = require_frame(data, "替代数据", cols)
        self.card, self.outcome, self.groups, self.weight = card, outcome, list(groups), weight
        top = card.max_points
        line = min(card.bands.values()) if cutoff is None else cutoff
        controls: dict[str, W.Widget] = {
            "准入分数线": W.IntSlider(value=int(round(line)), min=0, max=int(round(top)), step=5,
                                 description="准入分数线", style=_STYLE, layout=W.Layout(width="32em")),
        }
        for a in card.attributes:
            controls[a.name] = W.IntSlider(value=int(round(a.points[-1])), min=0, max=50, step=5,
                                           description=f"{a.name}（满分）", style=_STYLE,
                                           layout=W.Layout(width="32em"))
        super().__init__(controls)

    def compute(self, values: dict[str, Any]) -> dict[str, Any]:
        points = {}
        for a in self.card.attributes:
            full = float(values[a.name])
            old = a.points[-1]
            points[a.name] = tuple(p * full / old if old else (full if i == len(a.points) - 1 else 0.0)
                                   for i, p in enumerate(a.points))
        card = self.card.with_points(points).with_bands({"准入": float(values["准入分数线"])})
        scored = card.score(self.data)
        ok = (scored["档位"] == "准入").to_numpy()
        w = None if self.weight is None else self.data[self.weight].to_numpy(float)
        expand = (lambda s: s) if w is None else (lambda s: s.repeat(w.astype(int)))
        evaluation = None
        if self.outcome:
            evaluation = altscore.evaluate(expand(scored["得分"].reset_index(drop=True)),
                                           expand(self.data[self.outcome].reset_index(drop=True).astype(bool)),
                                           bands=[float(values["准入分数线"])])
        fair = None
        if self.groups:
            fair = altscore.fairness(expand(pd.Series(ok)).reset_index(drop=True),
                                     {g: expand(self.data[g].reset_index(drop=True)).tolist() for g in self.groups})
        n = len(ok) if w is None else int(w.sum())
        n_ok = int(ok.sum()) if w is None else int(w[ok].sum())
        return {"scored": scored, "evaluation": evaluation, "fairness": fair, "approved": n_ok, "total": n,
                "card": card}

    def render(self, result: dict[str, Any]) -> None:
        n, k = result["total"], result["approved"]
        text = f"<p>准入 <b>{k}</b> 人，共 {n} 人（{k / n:.0%}）"
        ev = result["evaluation"]
        if ev is not None:
            b = ev.bands.set_index("分数段")
            below, above = b.iloc[0], b.iloc[-1]
            text += (f"；线上坏账率 {above['坏账率']:.1%}（{int(above['坏户数'])}/{int(above['户数'])}），"
                     f"线下 {below['坏账率']:.1%}（{int(below['坏户数'])}/{int(below['户数'])}）；"
                     f"AUC {ev.auc:.2f}")
        display(HTML(text + "</p>"))
        if result["fairness"] is not None:
            display(tables.table(result["fairness"], formats={"准入率": "{:.0%}", "与最高组之比": "{:.2f}"},
                                 index=False))
