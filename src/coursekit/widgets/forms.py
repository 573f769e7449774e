"""表单的填写部件：控件由表单定义生成，校验全部交给 :func:`coursekit.forms.validate`。"""
from __future__ import annotations

import html
from typing import Any

import ipywidgets as W
import pandas as pd
from IPython.display import HTML, display

from .. import forms
from .base import ToolWidget

__all__ = ["FormWidget"]

_STYLE = {"description_width": "14em"}
_LAYOUT = {"width": "34em"}


def _control(f: forms.Field) -> W.Widget:
    desc = f.name
    tip = f.hint + (f"（{f.unit}）" if f.unit and f.type != "percent" else "")
    common = {"description": desc, "style": _STYLE, "layout": W.Layout(**_LAYOUT), "description_allow_html": False}
    if f.type in ("choice", "flag"):
        options = ("是", "否") if f.type == "flag" else f.options
        return W.Dropdown(options=[("（未选）", "")] + [(o, o) for o in options], value="", **common)
    if f.type == "multi":
        return W.SelectMultiple(options=list(f.options), value=(), rows=min(len(f.options), 5), **common)
    if f.type == "longtext":
        return W.Textarea(placeholder=tip, **common)
    placeholder = {"date": "2024-07-01", "percent": "如 35% 或 0.35"}.get(f.type, tip)
    return W.Text(placeholder=placeholder, **common)


class FormWidget(ToolWidget):
    """一张表单的填写部件。边填边查（类型错误在字段旁红字提示），结果区列出已填内容与未填的必填项。

    ``.result`` 是 ``{"values": 规范化后的字典, "missing": 未填的必填项}``。
    """

    def __init__(self, form: forms.Form | str, values: dict | None = None):
        self.form = forms.load(form) if isinstance(form, str) else form
        controls = {f.name: _control(f) for f in self.form.fields()}
        for name, value in (values or {}).items():
            if name in controls:
                controls[name].value = value
        super().__init__(controls, title=self.form.title)

    def compute(self, values: dict[str, Any]) -> dict:
        clean = forms.validate(self.form, values, partial=True)
        return {"values": clean, "missing": forms.missing(self.form, values)}

    def render(self, result: dict) -> None:
        filled = [(k, v) for k, v in result["values"].items() if v is not None]
        if result["missing"]:
            display(HTML('<p style="color:#b2182b">还没填的必填项：'
                         + html.escape("、".join(result["missing"])) + "</p>"))
        else:
            display(HTML('<p style="color:#1a7f37">必填项已全部填写。</p>'))
        if filled:
            display(pd.DataFrame([{"项目": k, "内容": "、".join(v) if isinstance(v, tuple) else v}
                                  for k, v in filled]))
