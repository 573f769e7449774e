"""KYC 记录：建立与更新、完整度与下一步该问什么、原子保存与读取、两次记录的差异与行动（KYC 的循环重整）。"""
from __future__ import annotations

import contextlib
import datetime as _dt
import json
import logging
import os
import tempfile
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from dataclasses import field as dc_field
from numbers import Real
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pandas as pd

from ..errors import InputError, require_day, require_flag
from . import ids
from .templates import Field, Template, coerce_value, get_template, load_templates

__all__ = [
    "RECORD_FORMAT",
    "SCHEMA_VERSION",
    "Completeness",
    "KycDiff",
    "KycRecord",
    "atomic_write",
    "check_values",
    "completeness",
    "diff",
    "load_record",
    "new_record",
    "next_questions",
    "record_from_dict",
    "record_to_dict",
    "save_record",
    "update_record",
]

log = logging.getLogger("coursekit.kyc")

RECORD_FORMAT = "coursekit-kyc-record"
SCHEMA_VERSION = 1
MAX_FILE_BYTES = 5_000_000


def _now() -> str:
    return _dt.datetime.now().isoformat(timespec="seconds")


def _check_now(now: Any) -> str | None:
    """调用者给的时间戳应为 ISO 文字（如 "2024-07-01T09:00:00"）；不给为 None。"""
    if now is None:
        return None
    if not isinstance(now, str):
        raise InputError("时间戳", "应为 ISO 格式的文字，如 2024-07-01T09:00:00", now)
    try:
        _dt.datetime.fromisoformat(now.strip())
    except ValueError:
        raise InputError("时间戳", "应为 ISO 格式的文字，如 2024-07-01T09:00:00", now) from None
    return now.strip()


@dataclass(frozen=True, repr=False)
class KycRecord:
    """一位客户的一份 KYC 记录：模板（客户类型）+ 各字段取值 + 元数据。

    ``values`` 以字段英文键为键，值已校验并规范化（文字、整数、金额 float、日期、是否、文字清单）。
    记录不可变：更新用 :func:`update_record` 或 :meth:`updated`，得到一份新记录。
    ``repr`` 只显示遮蔽后的摘要，敏感信息不会出现在日志或报错堆栈里。
    """

    template: str
    values: Mapping[str, Any]
    record_id: str
    created_at: str
    updated_at: str
    meta: Mapping[str, str] = dc_field(default_factory=dict)

    def __post_init__(self):
        # 只读视图：记录一旦建立就不能被就地改动，改动要经过校验（update_record）
        object.__setattr__(self, "values", MappingProxyType(dict(self.values)))
        object.__setattr__(self, "meta", MappingProxyType(dict(self.meta)))

    @property
    def tpl(self) -> Template:
        return get_template(self.template)

    def get(self, key_or_label: str, default: Any = None) -> Any:
        f = self.tpl.field(key_or_label)
        return self.values.get(f.key, default)

    def __getitem__(self, key_or_label: str) -> Any:
        return self.get(key_or_label)

    def updated(self, values: Mapping[str, Any] | None = None, **kwargs: Any) -> KycRecord:
        """返回更新后的新记录（见 :func:`update_record`）。"""
        return update_record(self, values, **kwargs)

    @property
    def display_name(self) -> str:
        """遮蔽后的称呼，如 ``张*``；没填姓名时用记录编号。"""
        name = self.values.get("name")
        return ids.mask_name(name) if name else self.record_id

    def __repr__(self) -> str:
        filled = sum(1 for v in self.values.values() if v is not None)
        return (f"KycRecord({self.template}，{self.display_name}，编号 {self.record_id}，"
                f"已填 {filled}/{len(self.tpl.fields)} 个字段)")

    __str__ = __repr__


def _clean(tpl: Template, values: Mapping[str, Any] | None, as_of: _dt.date | None,
           errors: dict[str, InputError] | None = None) -> dict[str, Any]:
    if values is None:
        return {}
    if not isinstance(values, Mapping):
        raise InputError("字段取值", "应为“字段 → 取值”的字典", type(values).__name__)
    out: dict[str, Any] = {}
    for key, value in values.items():
        f = tpl.field(key)
        if f.key in out:
            raise InputError(f.label, "重复填写（英文键和中文标签指向同一字段）")
        try:
            out[f.key] = coerce_value(f, value, as_of=as_of)
        except InputError as exc:
            if errors is None:
                raise
            errors[f.key] = exc
    return out


def _derive(tpl: Template, values: dict[str, Any], as_of: _dt.date | None) -> dict[str, Any]:
    """身份证号有了而生日没填时，从身份证号读出生日。"""
    if tpl.has("birthday") and values.get("birthday") is None and values.get("id_number"):
        values["birthday"] = ids.id_card_info(values["id_number"], as_of=as_of).birth_date
    return values


def _check_meta(meta: Mapping[str, Any] | None) -> dict[str, str]:
    if meta is None:
        return {}
    if not isinstance(meta, Mapping):
        raise InputError("元数据", "应为字典，如 {'客户经理': '王磊', '来源': '扫街'}", type(meta).__name__)
    out = {}
    for k, v in meta.items():
        if not isinstance(k, str) or not isinstance(v, (str, int, float)) or isinstance(v, bool):
            raise InputError("元数据", "的键应为文字、值应为文字或数字", k)
        out[k] = str(v)
    return out


def check_values(template: Any, values: Mapping[str, Any], *, as_of: _dt.date | None = None
                 ) -> tuple[dict[str, Any], dict[str, InputError]]:
    """逐个校验字段，不在第一个错误处停下：返回（合格的取值，字段键 → 错误）。供表单逐项提示用。"""
    tpl = get_template(template)
    errors: dict[str, InputError] = {}
    clean = _clean(tpl, values, as_of, errors)
    return {k: v for k, v in clean.items() if k not in errors}, errors


def new_record(template: Any, values: Mapping[str, Any] | None = None, *, record_id: str | None = None,
               meta: Mapping[str, Any] | None = None, as_of: _dt.date | None = None,
               now: str | None = None) -> KycRecord:
    """新建一份 KYC 记录。字段可用英文键或中文标签；没填的字段可以以后再补。

    >>> r = new_record("个体工商户", {"姓名": "林晓梅", "月均销售额": "6万"})
    >>> r.get("monthly_sales")
    60000.0
    """
    tpl = get_template(template)
    clean = _derive(tpl, _clean(tpl, values, as_of), as_of)
    if record_id is None:
        record_id = "KYC-" + uuid.uuid4().hex[:12].upper()
    elif not isinstance(record_id, str) or not record_id.strip() or len(record_id) > 64:
        raise InputError("记录编号", "应为 1 到 64 个字符的文字", record_id)
    stamp = _check_now(now) or _now()
    record = KycRecord(tpl.label, clean, record_id, stamp, stamp, _check_meta(meta))
    log.debug("新建 KYC 记录 %s（%s），已填 %d 个字段", record.record_id, tpl.label, len(clean))
    return record


def update_record(record: KycRecord, values: Mapping[str, Any] | None = None, *, meta: Mapping[str, Any] | None = None,
                  as_of: _dt.date | None = None, now: str | None = None) -> KycRecord:
    """在原记录上补充或修改字段（取值为 None 或空白表示清空），返回新记录；原记录不变。"""
    if not isinstance(record, KycRecord):
        raise InputError("KYC 记录", "应为 KycRecord", type(record).__name__)
    tpl = record.tpl
    merged = dict(record.values)
    merged.update(_clean(tpl, values, as_of))
    if values and any(tpl.field(k).key == "id_number" for k in values) and not any(
            tpl.field(k).key == "birthday" for k in values):
        merged["birthday"] = None  # 身份证号改了，生日跟着重新读
    merged = {k: v for k, v in _derive(tpl, merged, as_of).items() if v is not None}
    new_meta = {**record.meta, **_check_meta(meta)}
    out = KycRecord(record.template, merged, record.record_id, record.created_at, _check_now(now) or _now(), new_meta)
    log.debug("更新 KYC 记录 %s，现已填 %d 个字段", out.record_id, len(merged))
    return out


# ---------------------------------------------------------------- 完整度
@dataclass(frozen=True)
class Completeness:
    """完整度：按权重（priority）计。``score`` 在 0–1 之间。"""

    score: float
    required_done: bool
    by_section: pd.DataFrame
    missing_required: tuple[str, ...]
    next_questions: pd.DataFrame
    warnings: tuple[str, ...]

    def summary(self) -> str:
        text = f"完整度 {self.score:.0%}"
        if self.missing_required:
            text += f"；必填还缺 {len(self.missing_required)} 项：{'、'.join(self.missing_required)}"
        else:
            text += "；必填项已齐"
        return text


def _applicable(tpl: Template, values: Mapping[str, Any]) -> list[Field]:
    return [f for f in tpl.fields if f.applies(values)]


def next_questions(record: KycRecord, n: int | None = 5) -> pd.DataFrame:
    """下次见面先问什么：没填、且对本类客户授信决策最要紧的字段，按权重从高到低，附上问法。"""
    if not isinstance(record, KycRecord):
        raise InputError("KYC 记录", "应为 KycRecord", type(record).__name__)
    if n is not None:
        from ..errors import require_int

        n = require_int(n, "问题个数", minimum=1)
    tpl = record.tpl
    todo = [(i, f) for i, f in enumerate(_applicable(tpl, record.values)) if record.values.get(f.key) is None]
    todo.sort(key=lambda item: (-item[1].priority, not item[1].required, item[0]))
    if n is not None:
        todo = todo[:n]
    rows = [{"顺序": k + 1, "板块": tpl.section_labels[f.section], "字段": f.label, "问法": f.question,
             "权重": f.priority, "必填": "是" if f.required else "否"} for k, (_, f) in enumerate(todo)]
    return pd.DataFrame(rows, columns=["顺序", "板块", "字段", "问法", "权重", "必填"])


def _warnings(record: KycRecord, as_of: _dt.date) -> list[str]:
    v, out = record.values, []
    if v.get("id_number"):
        info = ids.id_card_info(v["id_number"], as_of=as_of)
        if v.get("birthday") and v["birthday"] != info.birth_date:
            out.append("本人生日与身份证上的出生日期不一致，请核对（农历生日可另记在备注）")
        if info.age(as_of) < 18:
            out.append("按身份证计算客户未满 18 周岁，不能作为借款人")
    married = v.get("marital_status") == "已婚"
    if not married and any(v.get(k) is not None for k in ("spouse_name", "spouse_birthday", "wedding_anniversary")):
        out.append("婚姻状况不是“已婚”，却填了配偶或结婚纪念日信息，请核对")
    sales, profit = v.get("monthly_sales"), v.get("monthly_profit")
    if sales is not None and profit is not None and profit > sales:
        out.append("月均净利润大于月均销售额，数字不可能成立，请重新核算")
    if v.get("loan_maturity") and v["loan_maturity"] < as_of and not v.get("current_overdue"):
        out.append("记录的贷款到期日已过，请更新为现在这笔贷款的到期日")
    stages, count = v.get("children_stage"), v.get("children_count")
    if stages and count is not None and len(stages) > count:
        out.append("子女就学阶段的项数多于子女人数，请核对")
    return out


def completeness(record: KycRecord, *, top: int = 5, as_of: _dt.date | None = None) -> Completeness:
    """整份记录与各板块的加权完整度、缺的必填项、下一步该问的问题、前后矛盾的提示。

    只计“适用”的字段：比如客户未婚，配偶信息不计入。
    """
    if not isinstance(record, KycRecord):
        raise InputError("KYC 记录", "应为 KycRecord", type(record).__name__)
    as_of = require_day(as_of, "参照日期") or _dt.date.today()
    tpl = record.tpl
    fields = _applicable(tpl, record.values)
    rows = []
    done_w = total_w = 0
    for key, label in tpl.sections:
        sec = [f for f in fields if f.section == key]
        if not sec:
            continue
        filled = [f for f in sec if record.values.get(f.key) is not None]
        w_all = sum(f.priority for f in sec)
        w_done = sum(f.priority for f in filled)
        done_w += w_done
        total_w += w_all
        rows.append({"板块": label, "已填": len(filled), "适用字段": len(sec),
                     "必填未填": sum(1 for f in sec if f.required and f not in filled),
                     "加权完整度": w_done / w_all})
    missing = tuple(f.label for f in fields if f.required and record.values.get(f.key) is None)
    return Completeness(
        score=done_w / total_w if total_w else 0.0,
        required_done=not missing,
        by_section=pd.DataFrame(rows, columns=["板块", "已填", "适用字段", "必填未填", "加权完整度"]),
        missing_required=missing,
        next_questions=next_questions(record, top),
        warnings=tuple(_warnings(record, as_of)),
    )


# ---------------------------------------------------------------- 保存与读取
def atomic_write(path: str | os.PathLike, write: Callable[[Any], None], *, binary: bool = False) -> Path:
    """原子写文件：先写同目录的临时文件、刷盘（fsync），再用 ``os.replace`` 换上。

    中途任何失败（包括进程被杀）都不会破坏原来的文件；失败时临时文件被删除。
    临时文件与结果文件在 POSIX 系统上只有本人可读写（0600）。
    """
    if not isinstance(path, (str, os.PathLike)) or not str(path).strip():
        raise InputError("保存路径", "应为文件路径", path)
    if not callable(write):
        raise InputError("写入函数", "应为函数", type(write).__name__)
    binary = require_flag(binary, "二进制")
    target = Path(path)
    directory = target.parent
    if not directory.is_dir():
        raise InputError("保存路径", "所在的文件夹不存在", str(directory))
    if target.is_dir():
        raise InputError("保存路径", "是一个文件夹，请给出文件名", str(target))
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise InputError("保存路径", f"无法在这里写文件（{exc.strerror}）", str(directory)) from None
    try:
        if binary:
            fh = os.fdopen(fd, "wb")
        else:
            fh = os.fdopen(fd, "w", encoding="utf-8", newline="")
        with fh:
            try:
                write(fh)
            except TypeError as exc:   # 写文字的函数配了 binary=True（或反过来）
                kind = "字节（bytes）" if binary else "文字（str）"
                raise InputError("写入函数", f"写入失败：binary={binary} 时应写入{kind}（{exc}）") from None
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if hasattr(os, "O_DIRECTORY"):  # 目录项也刷盘，断电后换名不丢
        with contextlib.suppress(OSError):
            dfd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
            try:
                os.fsync(dfd)
            finally:
                os.close(dfd)
    return target


def _jsonable(value: Any) -> Any:
    if isinstance(value, _dt.date):
        return value.isoformat()
    return value


def record_to_dict(record: KycRecord) -> dict[str, Any]:
    """记录 → 可写成 JSON 的字典（含格式名与版本号）。**不遮蔽**：只用于保存，不用于显示。"""
    if not isinstance(record, KycRecord):
        raise InputError("KYC 记录", "应为 KycRecord", type(record).__name__)
    tpl = record.tpl
    return {
        "format": RECORD_FORMAT,
        "schema_version": SCHEMA_VERSION,
        "template": tpl.label,
        "template_id": tpl.id,
        "template_version": tpl.version,
        "record_id": record.record_id,
        "created_at": record.created_at,
        "updated_at": record.updated_at,
        "meta": dict(record.meta),
        "values": {f.key: _jsonable(record.values[f.key]) for f in tpl.fields if f.key in record.values},
    }


def record_from_dict(doc: Any, *, source: str = "KYC 记录") -> KycRecord:
    """字典 → 记录；逐项重新校验。格式不对抛 InputError（不回显内容）。"""
    if not isinstance(doc, Mapping) or doc.get("format") != RECORD_FORMAT:
        raise InputError(source, "不是 coursekit 的 KYC 记录（缺少格式标记）")
    version = doc.get("schema_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise InputError(source, "的版本号缺失或无效")
    if version > SCHEMA_VERSION:
        raise InputError(source, f"的格式版本 {version} 比本程序支持的 {SCHEMA_VERSION} 新，请升级 coursekit")
    values = doc.get("values")
    if not isinstance(values, Mapping):
        raise InputError(source, "缺少字段取值 values")
    template = doc.get("template_id") or doc.get("template")
    tpl = get_template(template)
    for key in ("record_id", "created_at", "updated_at"):
        if not isinstance(doc.get(key), str) or not doc.get(key):
            raise InputError(source, f"缺少 {key}")
    record = new_record(tpl, values, record_id=doc["record_id"], meta=doc.get("meta") or {},
                        now=doc["created_at"])
    return KycRecord(record.template, record.values, record.record_id, doc["created_at"], doc["updated_at"],
                     record.meta)


def save_record(record: KycRecord, path: str | os.PathLike) -> Path:
    """把记录原子地保存为 UTF-8 JSON（带格式名与 schema 版本）。返回文件路径。"""
    payload = record_to_dict(record)

    def write(fh):
        json.dump(payload, fh, ensure_ascii=False, indent=2, sort_keys=False)
        fh.write("\n")

    target = atomic_write(path, write)
    log.info("已保存 KYC 记录 %s（%d 个字段）", record.record_id, len(record.values))  # 不记文件名：可能含客户姓名
    return target


def load_record(path: str | os.PathLike) -> KycRecord:
    """读回 :func:`save_record` 保存的记录。文件损坏、不是 KYC 记录或版本太新时抛 InputError，原文件不动。"""
    if not isinstance(path, (str, os.PathLike)):
        raise InputError("KYC 记录文件", "应为文件路径", path)
    p = Path(path)
    if not p.is_file():
        raise InputError("KYC 记录文件", "不存在", str(p))
    try:
        if p.stat().st_size > MAX_FILE_BYTES:
            raise InputError("KYC 记录文件", f"太大（超过 {MAX_FILE_BYTES // 1_000_000} MB），不像一份 KYC 记录", str(p))
        raw = p.read_bytes()
    except OSError as exc:
        raise InputError("KYC 记录文件", f"读不出来（{exc.strerror}）", str(p)) from None
    try:
        doc = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise InputError("KYC 记录文件", "不是 UTF-8 文本，可能不是 KYC 记录", str(p)) from None
    except json.JSONDecodeError:
        raise InputError("KYC 记录文件", "不是有效的 JSON：文件可能已损坏或被截断，请用备份", str(p)) from None
    return record_from_dict(doc, source="KYC 记录文件")


# ---------------------------------------------------------------- 循环重整：差异与行动
@dataclass(frozen=True)
class KycDiff:
    """两次记录的差异（``changes``）和要做的事（``actions``）。"""

    changes: pd.DataFrame
    actions: pd.DataFrame

    @property
    def empty(self) -> bool:
        return self.changes.empty


_PRIORITY_ORDER = {"高": 0, "中": 1, "低": 2}
_KIND_ORDER = {"风险": 0, "营销": 1, "维护": 2}


def _is_num(x: Any) -> bool:
    return isinstance(x, Real) and not isinstance(x, bool)


def _rule_hits(rule: Mapping[str, Any], old: Any, new: Any) -> str | None:
    """规则是否命中；命中时返回对变化的说明（不含敏感值）。"""
    change = rule.get("change")
    ratio = float(rule.get("ratio", 0.0))
    if change == "added":
        return "新填" if old is None and new is not None else None
    if change == "removed":
        return "清空" if old is not None and new is None else None
    if change == "changed":
        return "有变化" if old is not None and new is not None and old != new else None
    if change in ("increase", "decrease") and _is_num(old) and _is_num(new):
        if change == "increase" and new > old and (old <= 0 or (new - old) / old >= ratio):
            return "增加" if old <= 0 else f"增加 {(new - old) / old:.0%}"
        if change == "decrease" and new < old and old > 0 and (old - new) / old >= ratio:
            return f"减少 {(old - new) / old:.0%}"
        return None
    if change == "became_true":
        return "变为“是”" if new is True and old is not True else None
    if change == "became_false":
        return "变为“否”" if new is False and old is not False else None
    if change == "items_added":
        if old is None:  # 第一次记录不算“新增”
            return None
        items = [x for x in (new or ()) if x not in old]
        return f"新增：{'、'.join(items)}" if items else None
    if change == "items_removed":
        items = [x for x in (old or ()) if x not in (new or ())]
        return f"减少：{'、'.join(items)}" if items else None
    if change == "to":
        return f"变为“{rule.get('value')}”" if new == rule.get("value") and old != new else None
    return None


def diff(old: KycRecord, new: KycRecord, *, masked: bool = True) -> KycDiff:
    """比较同一客户的两次 KYC 记录：列出变了什么（默认遮蔽敏感值），并按模板文件里的规则给出该做的事。"""
    from .privacy import display_value

    for name, rec in (("原记录", old), ("新记录", new)):
        if not isinstance(rec, KycRecord):
            raise InputError(name, "应为 KycRecord", type(rec).__name__)
    if old.template != new.template:
        raise InputError("客户类型", f"前后两次记录不同（{old.template} → {new.template}）；客户类型变了请新建记录再比较")
    tpl = old.tpl
    changes, actions = [], []
    for f in tpl.fields:
        a, b = old.values.get(f.key), new.values.get(f.key)
        if a == b:
            continue
        kind = "新增" if a is None else ("清空" if b is None else "修改")
        changes.append({"板块": tpl.section_labels[f.section], "字段": f.label, "变化": kind,
                        "原值": display_value(f, a, masked=masked), "新值": display_value(f, b, masked=masked)})
    for rule in load_templates().actions:
        key = rule.get("field")
        if not tpl.has(key):
            continue
        f = tpl.field(key)
        note = _rule_hits(rule, old.values.get(key), new.values.get(key))
        if note is None:
            continue
        if f.sensitive and note.startswith(("新增：", "减少：")):
            note = note[:2]
        actions.append({"优先级": rule.get("priority", "中"), "类别": rule.get("kind", "维护"), "字段": f.label,
                        "变化": note, "行动": rule.get("action", "")})
    actions.sort(key=lambda r: (_PRIORITY_ORDER.get(r["优先级"], 9), _KIND_ORDER.get(r["类别"], 9)))
    return KycDiff(
        pd.DataFrame(changes, columns=["板块", "字段", "变化", "原值", "新值"]),
        pd.DataFrame(actions, columns=["优先级", "类别", "字段", "变化", "行动"]),
    )


def _iter_records(records: Any, field: str = "KYC 记录") -> list[KycRecord]:
    if isinstance(records, KycRecord):
        return [records]
    if isinstance(records, (str, bytes)) or not isinstance(records, Iterable):
        raise InputError(field, "应为 KycRecord 或由它组成的列表", type(records).__name__)
    out = list(records)
    for r in out:
        if not isinstance(r, KycRecord):
            raise InputError(field, "列表里每一项都应为 KycRecord", type(r).__name__)
    return out
