"""部件的公共外壳：输入控件 + 错误提示 + 输出区，一次重算只调用一次核心函数。"""
from __future__ import annotations

import html
import math
from typing import Any, Callable

import ipywidgets as W
from IPython.display import display

from ..errors import InputError

__all__ = ["ToolWidget", "error_html", "label", "fill_tooltips"]

ERROR_STYLE = "color:#b2182b;font-size:0.9em;"
#: 输入有误时输出区显示的说明：旧结果已清除，免得读者把上一次的数字当成这一次的
STALE_NOTE = ('<p class="ck-stale" style="color:#6b6b6b;font-style:italic;">输入有误：结果已清除。'
              '改正标红的字段后，结果会重新显示。</p>')
_NUMBER_BOXES = (W.FloatText, W.BoundedFloatText, W.IntText, W.BoundedIntText)


def error_html(message: str) -> str:
    return f'<span style="{ERROR_STYLE}">⚠ {html.escape(message)}</span>'


def label(text: str, width: str = "9em") -> W.Label:
    return W.Label(text, layout=W.Layout(width=width))


def fill_tooltips(widget: W.Widget) -> None:
    """给部件树里没有提示的控件补上提示（用它的说明文字）。

    静态网页的部件渲染器把空提示（None）原样写进标签的 title，读者悬停时看到 “null”；
    用说明文字作提示，标签在窄屏上被截断时，悬停还能看到完整的说明。
    """
    stack = [widget]
    while stack:
        w = stack.pop()
        if "description" in w.keys and "tooltip" in w.keys and w.tooltip is None:
            w.tooltip = w.description or ""
        stack.extend(c for c in getattr(w, "children", ()) if isinstance(c, W.Widget))


class ToolWidget(W.VBox):
    """一个部件：``controls``（字段名 → 控件）+ ``compute(values) -> result`` + ``render(result)``。

    子类实现 :meth:`compute`（调用 coursekit 核心函数）与 :meth:`render`（在输出区显示表或图）。
    出错时，``InputError.field`` 与某个控件的字段名对应，就把错误显示在该控件旁，否则显示在顶部。
    :meth:`validate` 先逐个检查字段，**每个**有误的字段旁都显示错误（不只第一个）；有错时 ``.result`` 为
    None、输出区清空并显示 :data:`STALE_NOTE`——旧结果不留在屏幕上。``.errors`` 是当前全部错误；
    核心函数意外抛出其他异常时也不显示 traceback，记在 ``.unexpected``（测试据此发现缺陷）。
    """

    title: str = ""

    def __init__(self, controls: dict[str, W.Widget], *, title: str | None = None, auto: bool = True):
        self.controls = controls
        self.result: Any = None
        self.error: InputError | None = None
        self.errors: list[InputError] = []
        self.unexpected: Exception | None = None
        self._field_errors = {name: W.HTML("") for name in controls}
        self._top_error = W.HTML("")
        self.output = W.Output()
        rows = []
        for name, ctl in controls.items():
            rows.append(W.HBox([ctl, self._field_errors[name]]))
        header = [W.HTML(f"<b>{html.escape(title or self.title)}</b>")] if (title or self.title) else []
        super().__init__(header + rows + [self._top_error, self.output])
        if auto:
            for ctl in controls.values():
                ctl.observe(self._on_change, names="value")
        fill_tooltips(self)
        self.refresh()

    # -- 子类实现 ---------------------------------------------------------
    def compute(self, values: dict[str, Any]) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def render(self, result: Any) -> None:  # pragma: no cover - abstract
        display(result)

    # -- 机制 -------------------------------------------------------------
    def validate(self, values: dict[str, Any]) -> list[InputError]:
        """逐字段检查，返回全部错误（子类可扩充）。默认：数字框里的 NaN、无穷大。"""
        errs = []
        for name, ctl in self.controls.items():
            v = values.get(name)
            if isinstance(ctl, _NUMBER_BOXES) and isinstance(v, float) and not math.isfinite(v):
                errs.append(InputError(name, "应为有限的数字", v))
        return errs

    def values(self) -> dict[str, Any]:
        return {name: ctl.value for name, ctl in self.controls.items()}

    def _on_change(self, _change=None) -> None:
        self.refresh()

    def refresh(self) -> Any:
        for box in self._field_errors.values():
            box.value = ""
        self._top_error.value = ""
        values = self.values()
        errs = self.validate(values)
        if not errs:
            try:
                result = self.compute(values)
            except InputError as exc:
                errs = [exc]
            except Exception as exc:  # noqa: BLE001 - 读者不看 traceback；测试检查 .unexpected
                self.unexpected = exc
                errs = [InputError("计算", f"没有完成（{type(exc).__name__}）；请检查输入，仍不行请告诉讲师")]
        if errs:
            self._show_errors(errs)
            return None
        self.error = None
        self.errors = []
        self.result = result
        self.output.clear_output(wait=True)
        with self.output:
            self.render(result)
        return result

    def _show_errors(self, errs: list[InputError]) -> None:
        self.errors = list(errs)
        self.error = errs[0]
        self.result = None
        top = []
        for exc in errs:
            target = self._match_field(exc.field)
            if target and not self._field_errors[target].value:
                self._field_errors[target].value = error_html(exc.message)
            elif not target:
                top.append(exc.message)
        self._top_error.value = "<br>".join(error_html(m) for m in top)
        self.output.clear_output()
        # 直接写入输出区（不经 display），没有内核时（测试、静态页面）也生效
        self.output.outputs = ({"output_type": "display_data", "metadata": {},
                                "data": {"text/html": STALE_NOTE, "text/plain": "输入有误：结果已清除。"}},)

    def _match_field(self, field: str) -> str | None:
        for name, ctl in self.controls.items():
            desc = getattr(ctl, "description", "") or ""
            if field and (field == name or field == desc or (desc and field in desc)):
                return name
        return None


def run_compute(fn: Callable[[], Any]) -> tuple[Any, InputError | None]:
    """调用核心函数；InputError 作为值返回，方便部件显示。"""
    try:
        return fn(), None
    except InputError as exc:
        return None, exc
