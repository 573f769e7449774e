"""实物记录角度的单位产出：每单位实物（1 吨原纸、1 公斤饲料、1 元计件工资……）做出多少销售额。

工厂、养殖场、加工户的销售额可以从一份企业自己离不开的实物记录倒推：原材料领用单、饲料领用、燃油、
包装物出库、计件工资表、用电量。它们记的是实物，跟工人计件、损耗考核、库存盘点挂钩，很难为了贷款去改。
倒推只需要一个系数——**单位产出**，而这个系数恰恰是借款人最容易争辩的地方，所以它是一个明写的输入：

- 按出成率（每单位实物产出多少件 / 公斤 / 平方米）：``sales_per_physical_unit(售价, output_per_unit=出成率)``；
- 按单耗（每单位产品要多少实物，如料肉比、每件用布、每件计件工资）：
  ``sales_per_physical_unit(售价, input_per_output=单耗)``。

算出的“每单位实物销售额”填进借款人资料的 ``交叉检验资料`` → ``每单位实物销售额``，年用量填 ``实物记录年用量``，
工作底稿就多一个与流水、进货、用电并列的销售额角度（检验编号 ``sales_physical``）。
:func:`required_quantity` 反过来问：做出申报的销售额，要多少实物？这比“偏差 35%”更好拿去跟借款人对话。

表 :data:`PHYSICAL_RECORDS` 里的例子只说明怎么折算，系数要按本厂产品结构和几张销货单反算，不要只用行业平均。
"""
from __future__ import annotations

import math

from ..errors import InputError, require_non_negative, require_positive

__all__ = ["sales_per_physical_unit", "required_quantity", "PHYSICAL_RECORDS", "physical_records_table"]

#: 常见的实物记录：记录、单位、单位产出怎么折算、借款人可能怎么争辩（要点，示意）
PHYSICAL_RECORDS: tuple[tuple[str, str, str, str], ...] = (
    ("原材料领用单", "吨、米、公斤", "出成率：1 吨原纸做多少平方米纸板 × 每平方米售价",
     "“我们做高档货，每吨卖得更贵”——抽销货单按箱型、尺寸、单价反算，看辅料（油墨）是否跟着涨"),
    ("饲料领用", "公斤", "单耗：料肉比（每公斤增重耗料）；每公斤饲料销售额 = 出栏单价 ÷ 料肉比",
     "“料肉比更低”——看品种、出栏体重、死淘率记录，与防疫、出栏单对照"),
    ("燃油", "升", "单耗：每趟（每吨公里）耗油；每升油销售额 = 每趟运费 ÷ 每趟油耗",
     "“跑的都是长途”——对照运单、过路费记录"),
    ("包装物", "个、卷", "出成率：每个包装对应一件产品 × 单价（扣除损耗）",
     "“包装有损耗、有库存”——看包装物的期末盘点"),
    ("计件工资", "元", "单耗：每件计件单价；每元工资销售额 = 每件售价 ÷ 每件计件单价",
     "“还有外协、还有计时工”——把外协费、计时工资分开，只用计件部分"),
    ("用电量", "度", "出成率：每度电产值（同行、设备功率 × 开工时间）",
     "“我们设备省电”——看设备铭牌功率和开工记录"),
)


def sales_per_physical_unit(price: float, *, output_per_unit: float | None = None,
                            input_per_output: float | None = None) -> float:
    """每单位实物做出的销售额（元）。

    ``price`` 是每单位产品的售价（元）；``output_per_unit`` 是出成率（每单位实物产出多少单位产品），
    ``input_per_output`` 是单耗（每单位产品要多少实物，如料肉比 2.8 表示每公斤增重耗料 2.8 公斤）。
    两者填且只填一个。
    """
    price = require_positive(price, "产品售价")
    if (output_per_unit is None) == (input_per_output is None):
        raise InputError("单位产出", "出成率与单耗填且只填一个（出成率：每单位实物产出多少产品；"
                                   "单耗：每单位产品要多少实物）")
    if output_per_unit is not None:
        value = price * require_positive(output_per_unit, "出成率")
    else:
        value = price / require_positive(input_per_output, "单耗")
    if not math.isfinite(value) or value > 1e12:
        raise InputError("每单位实物销售额", "超出合理范围，请检查售价与单位产出的单位", value)
    return value


def required_quantity(sales: float, sales_per_unit: float) -> float:
    """做出 ``sales`` 元销售额需要多少单位实物（= 销售额 ÷ 每单位实物销售额）。"""
    sales = require_non_negative(sales, "销售额")
    qty = sales / require_positive(sales_per_unit, "每单位实物销售额")
    if not math.isfinite(qty):
        raise InputError("每单位实物销售额", "太小，推算的实物量超出范围，请检查单位", sales_per_unit)
    return qty


def physical_records_table():
    """常见实物记录的表格（DataFrame）：记录、单位、单位产出怎么折算、借款人可能怎么争辩。"""
    import pandas as pd

    return pd.DataFrame(list(PHYSICAL_RECORDS), columns=["实物记录", "单位", "单位产出怎么折算", "借款人可能怎么争辩、怎么核"])
