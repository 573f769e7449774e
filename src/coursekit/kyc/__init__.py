"""coursekit.kyc：客户经理能填、能查、能存、能打印的 KYC 客户信息模板。

- 模板是数据（``coursekit/data/kyc_templates.yaml``）：农户、个体工商户、小微企业主、代发工资员工四类，
  每类八个板块（身份与家庭、经营、资产负债、信用记录、金融需求、非金融需求、关系网络、重要日子），
  字段带类型、是否必填、校验规则、敏感度和对授信决策的权重；
- 标识校验：居民身份证号（GB 11643-1999）、统一社会信用代码（GB 32100-2015）、手机号、日期、金额；
- 完整度与“下次先问什么”；显示与导出默认遮蔽个人信息，另有课堂用的去标识导出；
- 记录原子保存为带版本号的 JSON，导出 Excel 与 A4 打印页；
- KYC 的循环重整：两次记录的差异与行动建议，五类必须记住的日子生成提醒日历（表格与 .ics）。

快速上手::

    from coursekit import kyc
    r = kyc.new_record("个体工商户", {"姓名": "林晓梅", "月均销售额": "6万"})
    kyc.completeness(r).next_questions       # 下次先问什么
    kyc.masked_view(r)                       # 遮蔽后的清单
"""
from __future__ import annotations

from .ids import (
                  IdCardInfo,
                  id_card_check_char,
                  id_card_info,
                  mask_address,
                  mask_id_card,
                  mask_mobile,
                  mask_name,
                  synthetic_id_card,
                  synthetic_uscc,
                  uscc_check_char,
                  validate_id_card,
                  validate_mobile,
                  validate_uscc,
)
from .handover import handover_schedule
from .outputs import export_excel, export_html, export_ics, import_excel, reminders, to_html, to_ics
from .privacy import age_band, deidentify, display_value, masked_view
from .records import (
                  SCHEMA_VERSION,
                  Completeness,
                  KycDiff,
                  KycRecord,
                  atomic_write,
                  check_values,
                  completeness,
                  diff,
                  load_record,
                  new_record,
                  next_questions,
                  record_from_dict,
                  record_to_dict,
                  save_record,
                  update_record,
)
from .templates import FIELD_TYPES, Field, Template, get_template, load_templates, templates

__all__ = [
    # 模板
    "Field", "Template", "FIELD_TYPES", "templates", "get_template", "load_templates",
    # 标识
    "IdCardInfo", "validate_id_card", "id_card_info", "id_card_check_char", "synthetic_id_card",
    "validate_uscc", "uscc_check_char", "synthetic_uscc", "validate_mobile",
    "mask_id_card", "mask_mobile", "mask_name", "mask_address",
    # 记录
    "KycRecord", "new_record", "update_record", "check_values", "completeness", "Completeness", "next_questions",
    "save_record", "load_record", "record_to_dict", "record_from_dict", "atomic_write", "SCHEMA_VERSION",
    # 隐私
    "display_value", "masked_view", "deidentify", "age_band",
    # 循环重整与输出
    "diff", "KycDiff", "reminders", "to_ics", "export_ics", "export_excel", "import_excel", "to_html", "export_html",
    # 交接
    "handover_schedule",
]
