"""清单数据：受理时必问的四个问题、贷前调查风险清单、催收方案与诉讼前后的必做工作（data/checklists.yaml）。"""
from __future__ import annotations

import copy
from functools import lru_cache
from importlib import resources
from typing import Any

import pandas as pd

from ..errors import InputError, require_choice

__all__ = ["load_checklists", "acceptance_questions", "pre_loan_checklist", "INDUSTRIES", "LIFE_CYCLE_STAGES"]


@lru_cache(maxsize=1)
def _parsed() -> dict[str, Any]:
    import yaml

    text = resources.files("coursekit").joinpath("data/checklists.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def load_checklists() -> dict[str, Any]:
    """读取 ``coursekit/data/checklists.yaml``（只解析一次）。每次返回一份独立的副本，改动不影响下一次调用。"""
    return copy.deepcopy(_parsed())


def acceptance_questions() -> pd.DataFrame:
    """受理时必问的四个问题（本课程框架）：问题、为什么问、怎么问、危险信号。"""
    data = load_checklists()["acceptance"]
    rows = [{"问题": q["question"], "为什么问": q["why"], "怎么问": "；".join(q["ask"]),
             "危险信号": "；".join(q["red_flags"])} for q in data["questions"]]
    return pd.DataFrame(rows, index=pd.RangeIndex(1, len(rows) + 1, name="序号"))


def _industries() -> tuple[str, ...]:
    return tuple(load_checklists()["pre_loan"]["industries"])


def _stages() -> tuple[str, ...]:
    return tuple(load_checklists()["pre_loan"]["life_cycle"])


INDUSTRIES: tuple[str, ...] = ("农业种养殖", "商贸批发零售", "餐饮服务", "加工制造", "建筑工程", "运输物流")
LIFE_CYCLE_STAGES: tuple[str, ...] = ("初创期", "成长期", "成熟期", "衰退期")


def pre_loan_checklist(industry: str | None = None, stage: str | None = None) -> pd.DataFrame:
    """贷前调查风险清单：通用项 + 指定行业 + 指定生命周期阶段，列为“类别”“调查要点”。"""
    data = load_checklists()["pre_loan"]
    rows = [{"类别": block["category"], "调查要点": item} for block in data["common"] for item in block["items"]]
    if industry is not None:
        require_choice(industry, "行业", _industries())
        rows += [{"类别": f"行业风险（{industry}）", "调查要点": item} for item in data["industries"][industry]]
    if stage is not None:
        require_choice(stage, "企业生命周期阶段", _stages())
        rows += [{"类别": f"生命周期风险（{stage}）", "调查要点": item} for item in data["life_cycle"][stage]]
    if not rows:  # pragma: no cover - YAML 总有通用项
        raise InputError("贷前调查清单", "为空")
    return pd.DataFrame(rows)
