"""KYC 表单部件：选客户类型、逐项填写（当场校验）、看完整度和下次该问的问题、保存、载入、导出。

部件只是 :mod:`coursekit.kyc` 的外壳：校验、完整度、保存与导出都由核心函数完成。
当前结果在 ``.result``：``{"record": KycRecord, "completeness": Completeness, "errors": {字段键: InputError}}``。
"""
from __future__ import annotations

import datetime as _dt
import html
from pathlib import Path
from typing import Any

import ipywidgets as W
from IPython.display import HTML, display

from .. import kyc, tables
from ..errors import InputError
from ..fmt import pct
from .base import ToolWidget, error_html, fill_tooltips

__all__ = ["KycForm", "HandoverPlanView"]

_PLACEHOLDER = {
    "money": "元，如 60000 或 6万", "int": "整数", "date": "如 2024-07-01", "id_card": "18 位",
    "uscc": "18 位，见营业执照", "mobile": "11 位", "list": "多项用顿号分隔", "text": "",
}


def _initial(f: kyc.Field, value: Any) -> str:
    if value is None:
        return ""
    if f.type == "bool":
        return "是" if value else "否"
    if f.type == "list":
        return "、".join(value)
    if isinstance(value, _dt.date):
        return value.isoformat()
    if f.type == "money":
        return f"{value:g}" if float(value).is_integer() else f"{value:.2f}"
    return str(value)


def _control(f: kyc.Field, value: Any) -> W.Widget:
    label = ("★ " if f.required else "") + f.label
    style = {"description_width": "11em"}
    layout = W.Layout(width="30em")
    if f.type == "choice":
        return W.Dropdown(options=[""] + list(f.validation["options"]), value=_initial(f, value),
                          description=label, style=style, layout=layout, tooltip=f.question)
    if f.type == "bool":
        return W.Dropdown(options=["", "是", "否"], value=_initial(f, value), description=label, style=style,
                          layout=layout, tooltip=f.question)
    return W.Text(value=_initial(f, value), description=label, placeholder=_PLACEHOLDER.get(f.type, ""),
                  continuous_update=False, style=style, layout=layout, tooltip=f.question)


class _KycPanel(ToolWidget):
    """一个模板的字段表单：按板块折叠，每个字段旁显示自己的错误。"""

    def __init__(self, template: Any, record: kyc.KycRecord | None = None):
        self.tpl = kyc.get_template(template)
        base = record if record is not None and record.template == self.tpl.label else None
        self._record_id = base.record_id if base else None
        self._created = base.created_at if base else None
        self._meta = dict(base.meta) if base else {}
        values = record.values if record is not None else {}
        controls = {f.key: _control(f, values.get(f.key) if self.tpl.has(f.key) else None) for f in self.tpl.fields}
        super().__init__(controls, auto=True)
        rows = dict(zip(controls, self.children[:len(controls)]))
        boxes, titles = [], []
        for skey, slabel in self.tpl.sections:
            boxes.append(W.VBox([rows[f.key] for f in self.tpl.fields if f.section == skey]))
            titles.append(slabel)
        self.sections = W.Accordion(children=boxes, titles=tuple(titles), selected_index=0)
        self.children = [self.sections, self._top_error, self.output]

    def compute(self, values: dict[str, Any]) -> dict[str, Any]:
        clean, errors = kyc.check_values(self.tpl, values)
        record = kyc.new_record(self.tpl, clean, record_id=self._record_id, meta=self._meta)
        if self._record_id is None:
            self._record_id = record.record_id
        if self._created is None:
            self._created = record.created_at
        record = kyc.KycRecord(record.template, record.values, record.record_id, self._created, record.updated_at,
                               record.meta)
        return {"record": record, "completeness": kyc.completeness(record), "errors": errors}

    def render(self, result: dict[str, Any]) -> None:
        for key, exc in result["errors"].items():
            self._field_errors[key].value = error_html(exc.message)
        comp = result["completeness"]
        bad = len(result["errors"])
        note = f"；<span style='color:#b2182b'>{bad} 个字段有误，未计入</span>" if bad else ""
        display(HTML(f"<b>{html.escape(comp.summary())}</b>{note}"))
        table = comp.by_section.assign(加权完整度=comp.by_section["加权完整度"].map(lambda x: pct(x, 0)))
        display(tables.table(table, index=False, caption="各板块完整度（按权重）"))
        if not comp.next_questions.empty:
            display(tables.table(comp.next_questions[["顺序", "字段", "问法", "权重"]], index=False,
                                 caption="下次见面先问这几件事"))
        for w in comp.warnings:
            display(HTML(f"<span style='color:#b2182b'>⚠ {html.escape(w)}</span>"))


class KycForm(W.VBox):
    """KYC 表单：``KycForm(template="个体工商户", record=None)``。

    改客户类型时，两类模板共有的字段会带过去。``.result`` 是当前记录、完整度与各字段的错误。
    """

    def __init__(self, template: Any = "个体工商户", record: kyc.KycRecord | None = None,
                 path: str = "kyc_record.json"):
        if record is not None and not isinstance(record, kyc.KycRecord):
            raise InputError("KYC 记录", "应为 KycRecord", type(record).__name__)
        label = record.template if record is not None else kyc.get_template(template).label
        self.template = W.Dropdown(options=list(kyc.templates()), value=label, description="客户类型")
        self.path = W.Text(value=path, description="文件", layout=W.Layout(width="30em"))
        self.status = W.HTML("")
        buttons = []
        for text, handler in (("保存", self.save), ("载入", self.load), ("导出 Excel（遮蔽）", self.export_excel),
                              ("打印页（遮蔽）", self.export_html)):
            b = W.Button(description=text, layout=W.Layout(width="auto"))
            b.on_click(lambda _b, h=handler: h())
            buttons.append(b)
        self.panel = _KycPanel(label, record)
        self._loading = False
        self.template.observe(self._on_template, names="value")
        super().__init__([W.HTML("<b>KYC 客户信息表</b>（★ 为必填；敏感信息在输出中遮蔽）"), self.template,
                          self.panel, W.HBox([self.path] + buttons), self.status])
        fill_tooltips(self)

    # -- 结果 ---------------------------------------------------------------
    @property
    def result(self) -> dict[str, Any] | None:
        return self.panel.result

    @property
    def record(self) -> kyc.KycRecord:
        return self.panel.result["record"]

    def field_error(self, key_or_label: str) -> str:
        """某字段当前的错误信息（没有错误时为空字符串）。"""
        key = self.panel.tpl.field(key_or_label).key
        exc = (self.result or {}).get("errors", {}).get(key)
        return exc.message if exc else ""

    def set_value(self, key_or_label: str, value: Any) -> None:
        """在代码里填一个字段（与在界面上输入相同）。"""
        f = self.panel.tpl.field(key_or_label)
        self.panel.controls[f.key].value = value if isinstance(value, str) else _initial(f, value)

    # -- 动作 ---------------------------------------------------------------
    def _swap(self, panel: _KycPanel) -> None:
        self.panel = panel
        children = list(self.children)
        children[2] = panel
        self.children = children

    def _on_template(self, change) -> None:
        if self._loading:
            return
        old = self.record
        tpl = kyc.get_template(change["new"])
        carried = kyc.new_record(tpl, {k: v for k, v in old.values.items() if tpl.has(k)})
        self._swap(_KycPanel(tpl, carried))
        self._say(f"已换成“{tpl.label}”模板，共有字段已带过来。")

    def _say(self, text: str, error: bool = False) -> None:
        self.status.value = error_html(text) if error else f"<span style='color:#1a7f37'>✔ {html.escape(text)}</span>"

    def _run(self, fn, done: str | None) -> None:
        try:
            said = fn()
        except InputError as exc:
            self._say(exc.message, error=True)
        except OSError as exc:
            self._say(f"文件操作失败：{exc.strerror or type(exc).__name__}", error=True)
        else:
            self._say(done if done is not None else str(said))

    def _target(self, suffix: str | None = None) -> str:
        """文件路径框里的路径；空、“.”、目录名都报错（而不是让 Path.with_suffix 抛 ValueError）。"""
        text = self.path.value.strip() if isinstance(self.path.value, str) else ""
        name = Path(text).name if text else ""
        if not name or name in {".", ".."} or text.endswith(("/", "\\")):
            raise InputError("文件路径", "应为文件名，如 kyc-记录.json", self.path.value)
        return str(Path(text).with_suffix(suffix)) if suffix else text

    def save(self) -> None:
        self._run(lambda: kyc.save_record(self.record, self._target()), f"已保存到 {self.path.value}")

    def load(self) -> None:
        def go():
            rec = kyc.load_record(self._target())
            self._loading = True
            try:
                self.template.value = rec.template
            finally:
                self._loading = False
            self._swap(_KycPanel(rec.template, rec))

        self._run(go, f"已载入 {self.path.value}")

    def export_excel(self) -> None:
        def go():
            target = self._target(".xlsx")
            kyc.export_excel(self.record, target)
            return f"已导出（敏感信息已遮蔽）：{target}"

        self._run(go, None)

    def export_html(self) -> None:
        def go():
            target = self._target(".html")
            kyc.export_html(self.record, target)
            return f"已生成 A4 打印页（遮蔽）：{target}"

        self._run(go, None)


class HandoverPlanView(ToolWidget):
    """客户交接的上门排期（:func:`coursekit.kyc.handover_schedule`）：几组人、每周几天、每天几户，交接期里走不走得完。

    决定性的假设做成控件：同时出门的小组数、每周上门天数、每天上门户数、到期前几天要上过门。
    ``.result`` 为逐户的排期表（attrs 里是需要周数、晚到户数、交接期内走不到的户数）。
    """

    title = "交接期的上门排期：走得完吗"

    def __init__(self, customers, start, *, officers: int = 2, visit_days_per_week: int = 3, visits_per_day: int = 3,
                 lead_days: int = 30, window_weeks: int = 13):
        kyc.handover_schedule(customers, start, officers=officers, visit_days_per_week=visit_days_per_week,
                              visits_per_day=visits_per_day, lead_days=lead_days,
                              window_weeks=window_weeks)   # 坏参数在这里就报
        self._customers, self._start, self._window = customers, start, window_weeks
        style = {"description_width": "11em"}
        controls = {
            "小组数": W.IntSlider(value=int(officers), min=1, max=6, description="同时出门的小组数", style=style,
                               continuous_update=False),
            "每周上门天数": W.IntSlider(value=int(visit_days_per_week), min=1, max=5, description="每周上门天数",
                                  style=style, continuous_update=False),
            "每天上门户数": W.IntSlider(value=int(visits_per_day), min=1, max=8, description="每天上门户数",
                                  style=style, continuous_update=False),
            "到期前几天": W.IntSlider(value=int(lead_days), min=0, max=90, step=5, description="到期前几天要上过门",
                                 style=style, continuous_update=False),
        }
        super().__init__(controls)

    def compute(self, values: dict[str, Any]):
        return kyc.handover_schedule(self._customers, self._start, officers=values["小组数"],
                                     visit_days_per_week=values["每周上门天数"], visits_per_day=values["每天上门户数"],
                                     lead_days=values["到期前几天"], window_weeks=self._window)

    def render(self, result) -> None:
        a = result.attrs
        text = (f"每周能上门 {a['每周上门户数']} 户，{len(result)} 户要 {a['需要周数']} 周走完（交接期 {self._window} 周）；"
                f"交接期内走不到 {a['交接期内走不到的户数']} 户；有贷款到期的户里，晚于“到期前”那一天才上门的 {a['晚到户数']} 户")
        if a["开始前已过期户数"]:
            text += f"（另有 {a['开始前已过期户数']} 户在交接开始时已过最晚上门日，排在第 1 周）"
        display(HTML(f"<p>{html.escape(text)}。</p>"))
        weeks = result.assign(有贷款到期=result["到期日"].notna()).groupby("上门周").agg(
            周一=("上门周的周一", "first"), 上门户数=("客户", "size"), 其中有贷款到期=("有贷款到期", "sum"))
        weeks["周一"] = weeks["周一"].dt.strftime("%Y-%m-%d")
        display(tables.table(weeks, formats={"上门户数": "{:.0f}", "其中有贷款到期": "{:.0f}"}))
