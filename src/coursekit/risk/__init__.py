"""风险管理工具：五级分类与迁徙、贷后预警、逾期与催收、区隔（集中度）分析、受理与贷前清单。

- :func:`classify` / :func:`classify_portfolio` / :func:`migration`：《商业银行金融资产风险分类办法》下的五级分类；
  :func:`observation_period`：重组观察期的起止；
- :func:`early_warning`：现场信号 + 月度数据信号 → 证据与逐级升级的处置建议（直至离场）；
  :func:`warning_history` 按月回放，找出每个信号、每个等级第一次出现的月份；
- :func:`bucket` / :func:`roll_rates` / :func:`collection_plan` / :func:`litigation_duties`：逾期管理与催收；
- :func:`segment_breaches` / :func:`concentration`：区隔分析；
- :func:`collection_order`：逾期贷款先办哪笔——可回收金额、诉讼时效与保证期间、押品和成本，附理由；
- :func:`guarantee_contagion`：担保链、担保圈上一户出险后的逐轮传导与敞口；:func:`guarantee_call`：同一推演，担保人扛不扛得住由他自己的还原底稿、首户能收回多少和借钱代偿的利率决定；:func:`joint_loan_stress`：合力贷成员逐户出险的推演；
- :func:`acceptance_questions` / :func:`pre_loan_checklist`：清单（data/checklists.yaml）。
"""
from __future__ import annotations

from .checklists import INDUSTRIES, LIFE_CYCLE_STAGES, acceptance_questions, load_checklists, pre_loan_checklist
from .classification import (CATEGORIES, CONDITION_FLAGS, NPL_CATEGORIES, Classification, ClassifyParams,
                             Observation, category_rank, classify, classify_portfolio, migration, npl_share,
                             observation_period, overdue_floor)
from .collection import COLLECTION_ORDER_COLUMNS, collection_order
from .contagion import (CONTAGION_STATES, JOINT_SPLITS, Contagion, GuaranteeCall, guarantee_call, guarantee_contagion,
                        joint_loan_stress)
from .overdue import (BORROWER_TYPES, BUCKETS, STAGES, CollectionPlan, bucket, bucket_of, collection_plan,
                      litigation_duties, roll_rates)
from .segments import SEGMENT_DIMENSIONS, SegmentLimits, concentration, segment_breaches
from .warning import (ACTION_LEVELS, DATA_SIGNALS, ONSITE_SIGNALS, SERIES_COLUMNS, WarningHistory, WarningParams,
                      WarningReport, early_warning, series_from_transactions, warning_history)

__all__ = [
    "CATEGORIES", "NPL_CATEGORIES", "CONDITION_FLAGS", "ClassifyParams", "Classification", "category_rank",
    "Observation", "observation_period", "overdue_floor", "classify", "classify_portfolio", "migration", "npl_share",
    "ONSITE_SIGNALS", "DATA_SIGNALS", "SERIES_COLUMNS", "ACTION_LEVELS", "WarningParams", "WarningReport",
    "early_warning", "series_from_transactions", "WarningHistory", "warning_history",
    "BUCKETS", "STAGES", "BORROWER_TYPES", "bucket", "bucket_of", "roll_rates", "CollectionPlan", "collection_plan",
    "litigation_duties",
    "SEGMENT_DIMENSIONS", "SegmentLimits", "concentration", "segment_breaches",
    "CONTAGION_STATES", "Contagion", "guarantee_contagion", "GuaranteeCall", "guarantee_call", "JOINT_SPLITS", "joint_loan_stress", "COLLECTION_ORDER_COLUMNS", "collection_order",
    "acceptance_questions", "pre_loan_checklist", "load_checklists", "INDUSTRIES", "LIFE_CYCLE_STAGES",
]
