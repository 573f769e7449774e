"""KYC 模板：从 ``coursekit/data/kyc_templates.yaml`` 读入字段库与四类客户模板，并按字段类型校验取值。

模板是数据：改问法、调权重、加字段，改 YAML 即可，不用改代码。:func:`load_templates` 也能读一家银行自己的模板文件。
"""
from __future__ import annotations

import datetime as _dt
import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as dc_field
from functools import lru_cache
from importlib import resources
from numbers import Real
from pathlib import Path
from typing import Any

import yaml

from ..errors import InputError, require_int
from . import ids

__all__ = [
    "FIELD_TYPES",
    "GENERAL",
    "SENSITIVE",
    "Field",
    "Template",
    "TemplateSet",
    "coerce_value",
    "get_template",
    "is_empty",
    "load_templates",
    "templates",
]

FIELD_TYPES = ("text", "int", "money", "date", "choice", "id_card", "uscc", "mobile", "bool", "list")
SENSITIVE, GENERAL = "敏感", "一般"
MASKS = ("name", "address", "hide", "id_card", "mobile", None)
DEIDS = ("drop", "year", "age_band", "round_wan", "keep", None)
_VALIDATION_KEYS = {"max_len", "min", "max", "options", "not_future", "not_past", "max_items"}
_TEMPLATE_FILE = "kyc_templates.yaml"

_TRUE = {"是", "有", "对", "true", "yes", "y", "1", "√"}
_FALSE = {"否", "无", "没有", "不是", "false", "no", "n", "0", "×"}
_LIST_SPLIT = re.compile(r"[、，,;；\n]+")
_DATE_PATTERNS = (
    re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"),
    re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})"),
    re.compile(r"(\d{4})\.(\d{1,2})\.(\d{1,2})"),
    re.compile(r"(\d{4})(\d{2})(\d{2})"),
    re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?"),
)


@dataclass(frozen=True)
class Field:
    """模板中的一个字段（字段库定义 + 本模板的覆盖项）。"""

    key: str
    label: str
    type: str
    section: str
    sensitivity: str = GENERAL
    required: bool = False
    priority: int = 1
    validation: Mapping[str, Any] = dc_field(default_factory=dict)
    mask: str | None = None
    deid: str | None = None
    question: str = ""
    when: Mapping[str, Any] | None = None

    @property
    def sensitive(self) -> bool:
        return self.sensitivity == SENSITIVE or self.type in ("id_card", "mobile")

    def applies(self, values: Mapping[str, Any]) -> bool:
        """适用条件：如配偶信息只对已婚客户适用。"""
        if not self.when:
            return True
        other = values.get(self.when["field"])
        if "equals" in self.when:
            return other == self.when["equals"]
        if "gt" in self.when:
            return isinstance(other, (int, float)) and not isinstance(other, bool) and other > self.when["gt"]
        return True  # pragma: no cover - 模板加载时已检查


@dataclass(frozen=True)
class Template:
    """一类客户的 KYC 模板。"""

    id: str
    label: str
    description: str
    fields: tuple[Field, ...]
    section_labels: Mapping[str, str]
    version: int

    def __post_init__(self):
        object.__setattr__(self, "_by_key", {f.key: f for f in self.fields})
        object.__setattr__(self, "_by_label", {f.label: f for f in self.fields})

    def field(self, key_or_label: Any) -> Field:
        """按英文键或中文标签找字段；找不到抛 InputError。"""
        found = self._by_key.get(key_or_label) or self._by_label.get(key_or_label)  # type: ignore[attr-defined]
        if found is None:
            raise InputError("字段", f"不在“{self.label}”模板中", key_or_label)
        return found

    def has(self, key: str) -> bool:
        return key in self._by_key  # type: ignore[attr-defined]

    @property
    def sections(self) -> list[tuple[str, str]]:
        """本模板用到的板块（键，标签），按模板文件的板块顺序。"""
        seen: list[str] = []
        for f in self.fields:
            if f.section not in seen:
                seen.append(f.section)
        return [(s, self.section_labels[s]) for s in seen]

    def __repr__(self) -> str:
        return f"Template({self.label!r}, {len(self.fields)} 个字段)"


@dataclass(frozen=True)
class TemplateSet:
    """一份模板文件的全部内容。"""

    version: int
    templates: Mapping[str, Template]  # 中文名 → 模板
    calendar: tuple[Mapping[str, Any], ...]
    actions: tuple[Mapping[str, Any], ...]
    source: str

    def get(self, name: Any) -> Template:
        if isinstance(name, Template):
            return name
        for tpl in self.templates.values():
            if name in (tpl.label, tpl.id):
                return tpl
        options = "、".join(self.templates)
        raise InputError("客户类型", f"应为以下之一：{options}", name)


def _bad(problem: str) -> InputError:
    return InputError("KYC 模板文件", problem)


def _check_field_def(key: str, spec: Mapping[str, Any], section_keys: set[str]) -> None:
    if not isinstance(spec, Mapping):
        raise _bad(f"中字段 {key} 的定义应为键值表")
    for need in ("label", "type", "section"):
        if not spec.get(need):
            raise _bad(f"中字段 {key} 缺少 {need}")
    if spec["type"] not in FIELD_TYPES:
        raise _bad(f"中字段 {key} 的类型 {spec['type']} 不认识（可用：{'、'.join(FIELD_TYPES)}）")
    if spec["section"] not in section_keys:
        raise _bad(f"中字段 {key} 的板块 {spec['section']} 不存在")
    if spec.get("sensitivity", GENERAL) not in (SENSITIVE, GENERAL):
        raise _bad(f"中字段 {key} 的敏感度应为“敏感”或“一般”")
    if spec.get("mask") not in MASKS or spec.get("deid") not in DEIDS:
        raise _bad(f"中字段 {key} 的 mask 或 deid 取值不认识")
    validation = spec.get("validation") or {}
    unknown = set(validation) - _VALIDATION_KEYS
    if unknown:
        raise _bad(f"中字段 {key} 有不认识的校验项：{'、'.join(sorted(unknown))}")
    if spec["type"] == "choice" and not validation.get("options"):
        raise _bad(f"中选择型字段 {key} 缺少 options")
    when = spec.get("when")
    if when is not None and (not isinstance(when, Mapping) or "field" not in when
                             or not ({"equals", "gt"} & set(when))):
        raise _bad(f"中字段 {key} 的 when 应写成 {{field: 字段, equals: 值}} 或 {{field: 字段, gt: 数}}")


def _parse(doc: Any, source: str) -> TemplateSet:
    if not isinstance(doc, Mapping):
        raise _bad("应为 YAML 键值表")
    version = doc.get("schema_version")
    if not isinstance(version, int):
        raise _bad("缺少整数 schema_version")
    sections = doc.get("sections") or []
    section_labels = {s["key"]: s["label"] for s in sections}
    library = doc.get("fields") or {}
    if not library:
        raise _bad("没有字段库 fields")
    for key, spec in library.items():
        _check_field_def(key, spec, set(section_labels))
    order = {s: i for i, s in enumerate(section_labels)}
    result: dict[str, Template] = {}
    for tdoc in doc.get("templates") or []:
        tid, label = tdoc.get("id"), tdoc.get("label")
        if not tid or not label:
            raise _bad("中每个模板都要有 id 和 label")
        built: list[Field] = []
        for pos, (key, over) in enumerate((tdoc.get("fields") or {}).items()):
            if key not in library:
                raise _bad(f"模板 {label} 引用了字段库中没有的字段 {key}")
            spec = {**library[key], **(over or {})}
            priority = spec.get("priority", 1)
            if isinstance(priority, bool) or not isinstance(priority, int) or not 1 <= priority <= 5:
                raise _bad(f"模板 {label} 中字段 {key} 的 priority 应为 1 到 5 的整数")
            when = spec.get("when")
            if when and when["field"] not in (tdoc.get("fields") or {}):
                raise _bad(f"模板 {label} 中字段 {key} 的条件字段 {when['field']} 不在本模板中")
            built.append(Field(
                key=key, label=spec["label"], type=spec["type"], section=spec["section"],
                sensitivity=spec.get("sensitivity", GENERAL), required=bool(spec.get("required", False)),
                priority=priority, validation=dict(spec.get("validation") or {}), mask=spec.get("mask"),
                deid=spec.get("deid"), question=spec.get("question", ""), when=when,
            ))
        built.sort(key=lambda f: order[f.section])  # 稳定排序：板块内保持模板里的顺序
        labels = [f.label for f in built]
        if len(set(labels)) != len(labels):
            raise _bad(f"模板 {label} 中有重复的字段标签")
        result[label] = Template(tid, label, tdoc.get("description", ""), tuple(built),
                                 {**section_labels, **(tdoc.get("section_labels") or {})}, version)
    if not result:
        raise _bad("没有任何模板 templates")
    calendar = tuple((doc.get("calendar") or {}).get("kinds") or ())
    actions = tuple(doc.get("actions") or ())
    return TemplateSet(version, result, calendar, actions, source)


def _stamp(path: str | None) -> tuple[int, int] | None:
    """文件的 (修改时间 ns, 大小)：作为缓存键的一部分，文件改了就重新解析。读不到状态时为 None。"""
    target = resources.files("coursekit").joinpath("data", _TEMPLATE_FILE) if path is None else Path(path)
    try:
        st = Path(str(target)).stat()
    except (OSError, ValueError):
        return None
    return st.st_mtime_ns, st.st_size


@lru_cache(maxsize=8)
def _load_cached(path: str | None, stamp: tuple[int, int] | None = None) -> TemplateSet:
    if path is None:
        text = resources.files("coursekit").joinpath("data", _TEMPLATE_FILE).read_text(encoding="utf-8")
        source = f"coursekit/data/{_TEMPLATE_FILE}"
    else:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError("KYC 模板文件", f"读不出来（{type(exc).__name__}）", path) from None
        source = path
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError:
        raise _bad("不是有效的 YAML") from None
    return _parse(doc, source)


def load_templates(path: str | Path | None = None) -> TemplateSet:
    """读模板文件（默认用 coursekit 自带的那份）。

    结果按文件路径与修改时间缓存：文件没变时不再解析，改过（修改时间或大小变了）就重新读取。
    """
    key = None if path is None else str(path)
    return _load_cached(key, _stamp(key))


def templates() -> dict[str, Template]:
    """自带的四类客户模板：中文名 → :class:`Template`。"""
    return dict(load_templates().templates)


def get_template(name: Any) -> Template:
    """按中文名（如 ``"个体工商户"``）或英文 id（如 ``"individual_business"``）取模板。"""
    return load_templates().get(name)


# ---------------------------------------------------------------- 取值校验
def is_empty(value: Any) -> bool:
    """None、空白字符串、空列表、NaN 都算“没填”。"""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, tuple, set)):
        return len(value) == 0
    if isinstance(value, float):
        return math.isnan(value)
    if isinstance(value, (int, _dt.date, dict)):
        return False
    try:  # pandas.NA / NaT
        import pandas as pd

        return bool(pd.isna(value)) if not hasattr(value, "__len__") else False
    except (TypeError, ValueError):
        return False


def _err(f: Field, problem: str, value: Any = None) -> InputError:
    return InputError(f.label, problem, value, show_value=not f.sensitive)


def _number_text(f: Field, value: Any) -> str:
    text = unicodedata.normalize("NFKC", value).strip()
    return re.sub(r"[,\s]", "", text.replace("，", ","))


def _to_money(f: Field, value: Any) -> float:
    if isinstance(value, str):
        text = _number_text(f, value)
        scale = 1.0
        for suffix, mult in (("万元", 10000.0), ("万", 10000.0), ("元", 1.0)):
            if text.endswith(suffix):
                text, scale = text[: -len(suffix)], mult
                break
        try:
            number = float(text) * scale
        except ValueError:
            raise _err(f, "应为金额数字（如 12000、1.2万）", value) from None
    elif isinstance(value, bool) or not isinstance(value, Real):
        raise _err(f, "应为金额数字", value)
    else:
        number = float(value)
    if math.isnan(number) or math.isinf(number):
        raise _err(f, "应为有限的金额数字")
    v = f.validation
    if "min" in v and number < v["min"]:
        raise _err(f, "不能为负数" if v["min"] == 0 else f"不能小于 {v['min']:,} 元", value)
    if "max" in v and number > v["max"]:
        raise _err(f, f"不能大于 {v['max']:,} 元，请检查单位（元）", value)
    return round(number, 2)


def _to_int(f: Field, value: Any) -> int:
    if isinstance(value, str):
        text = _number_text(f, value)
        if not re.fullmatch(r"[+-]?\d+", text):
            raise _err(f, "应为整数", value)
        value = int(text)
    v = f.validation
    try:
        return require_int(value, f.label, minimum=v.get("min"), maximum=v.get("max"))
    except InputError as exc:
        raise _err(f, exc.problem, exc.value) from None


def _to_date(f: Field, value: Any, as_of: _dt.date) -> _dt.date:
    if isinstance(value, _dt.datetime):
        day = value.date()
    elif isinstance(value, _dt.date):
        day = value
    elif hasattr(value, "to_pydatetime"):  # pandas.Timestamp
        day = value.to_pydatetime().date()
    elif isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip()
        for pat in _DATE_PATTERNS:
            m = pat.fullmatch(text)
            if m:
                try:
                    day = _dt.date(*(int(g) for g in m.groups()))
                except ValueError:
                    raise _err(f, "不是有效的日期（注意大小月和闰年 2 月 29 日）", value) from None
                break
        else:
            raise _err(f, "应为日期，如 2024-07-01 或 2024年7月1日", value)
    else:
        raise _err(f, "应为日期", value)
    if day.year < 1900 or day.year > 2200:
        raise _err(f, "年份不合理（应在 1900 到 2200 之间）", value)
    if f.validation.get("not_future") and day > as_of:
        raise _err(f, "不能晚于今天", value)
    if f.validation.get("not_past") and day < as_of:
        raise _err(f, "不能早于今天", value)
    return day


def _to_bool(f: Field, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, Real) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
    raise _err(f, "应为“是”或“否”", value)


def _to_list(f: Field, value: Any) -> list[str]:
    if isinstance(value, str):
        items = _LIST_SPLIT.split(value)
    elif isinstance(value, (list, tuple)):
        items = []
        for item in value:
            if not isinstance(item, str):
                raise _err(f, "的每一项都应为文字", item)
            items.append(item)
    else:
        raise _err(f, "应为文字清单（用顿号分隔）", value)
    out: list[str] = []
    for item in (i.strip() for i in items):
        if item and item not in out:
            out.append(item)
    options = f.validation.get("options")
    if options:
        bad = [i for i in out if i not in options]
        if bad:
            shown = "" if f.sensitive else f"“{'、'.join(bad)}”"
            raise _err(f, f"中的{shown}不在可选项内（可选：{'、'.join(options)}）")
    cap = f.validation.get("max_items")
    if cap is not None and len(out) > cap:
        raise _err(f, f"最多填 {cap} 项，现在有 {len(out)} 项")
    return out


def coerce_value(f: Field, value: Any, *, as_of: _dt.date | None = None) -> Any:
    """把一个输入值按字段类型校验并规范化；没填返回 None。出错抛 InputError（敏感字段不回显原值）。"""
    if is_empty(value):
        return None
    as_of = as_of or _dt.date.today()
    kind = f.type
    if kind == "text":
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            raise _err(f, "应为文字", value)
        text = str(value).strip()
        cap = f.validation.get("max_len")
        if cap is not None and len(text) > cap:
            raise _err(f, f"太长：最多 {cap} 个字，现在有 {len(text)} 个字")
        return text
    if kind == "int":
        return _to_int(f, value)
    if kind == "money":
        return _to_money(f, value)
    if kind == "date":
        return _to_date(f, value, as_of)
    if kind == "choice":
        text = value.strip() if isinstance(value, str) else value
        options = f.validation["options"]
        if text not in options:
            raise _err(f, f"应为以下之一：{'、'.join(options)}", value)
        return text
    if kind == "bool":
        return _to_bool(f, value)
    if kind == "list":
        return _to_list(f, value) or None
    if kind == "id_card":
        return ids.validate_id_card(value, f.label, as_of=as_of)
    if kind == "uscc":
        return ids.validate_uscc(value, f.label)
    if kind == "mobile":
        return ids.validate_mobile(value, f.label)
    raise _err(f, f"的类型 {kind} 不认识")  # pragma: no cover - 模板加载时已检查
