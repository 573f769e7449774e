"""coursekit：《普惠金融信贷营销与风险管理》教材配套工具库。

核心模块（纯函数与小型数据类，基于 pandas）：
restoration（报表还原与交叉检验）、kyc（客户信息模板）、loans（还款计划与年化利率）、
contribution（综合贡献度）、crosssell（交叉销售模型）、marketing（拓客名单、客群与批量授信、活动与微社群、
资金流与熟人圈、代发与家庭财富）、risk（风险分类、预警与催收）、
compliance（资金流向合规检查）、datasets（教学银行数据）。

基础模块：errors（输入错误）、fmt（金额与比例格式）、plotting（中文字体与图表风格）、
checks（自测）、quiz（静态测验）、scenarios（情景对话）。

`import coursekit` 只加载这一页：各子模块按需导入，不拖慢启动，也不导入 ipywidgets 或 matplotlib。
"""
from __future__ import annotations

import importlib

from .errors import InputError

__all__ = ["InputError", "__version__"]
__version__ = "0.1.0"

_SUBMODULES = {
    "checks", "compliance", "contribution", "crosssell", "datasets", "errors", "fmt", "kyc", "loans", "marketing",
    "plotting", "quiz", "restoration", "risk", "scenarios", "widgets",
}


def __getattr__(name: str):
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module 'coursekit' has no attribute {name!r}")
