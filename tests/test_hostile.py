"""敌意输入的性质测试：coursekit 每个公开函数、每个部件的自由输入框，喂进读者真会给出的坏值。

规则（全书的约定）：坏输入只能换来 :class:`~coursekit.errors.InputError`（中文信息，点名字段），
决不能是别的异常；能算出结果时，承诺是数字的地方不能有 NaN 或无穷大。

- 函数清单来自各模块的 ``__all__``（:func:`test_every_public_callable_is_driven_or_exempt` 保证新增的
  公开函数必须登记一个合法调用，或写明为什么不测）；
- 每个合法调用的每个参数轮流换成坏值：NaN、±无穷大、极大极小的数、-0.0、文字、全角数字、None、空的或
  缺列的表、重复索引、单元格里的坏值……（hypothesis 抽取；CI 上 ``HYPOTHESIS_PROFILE=ci`` 固定取例）；
- 部件：把每个自由输入框设成坏值，部件要显示错误、清掉旧结果，而不是抛 traceback。

``python tests/test_hostile.py`` 不经 hypothesis，把每个参数与每个固定坏值逐一组合跑一遍，打印计数
（调用次数、非 InputError 异常、NaN/无穷大结果）；``PYTHONPATH`` 指向旧代码即可得到修改前的计数。
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
import inspect
import math
import os
import re
import sys
import tempfile
from collections import Counter
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd

try:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st
    import pytest
except ImportError:  # pragma: no cover - 计数模式不需要
    pytest = None

from coursekit.errors import InputError

def _all_modules() -> tuple[str, ...]:
    """coursekit 的全部模块（部件除外：它们另有专门的测试），新模块自动加入。"""
    import pkgutil

    import coursekit

    names = [m.name.removeprefix("coursekit.") for m in pkgutil.walk_packages(coursekit.__path__, "coursekit.")]
    return tuple(n for n in names if n != "widgets" and not n.startswith("widgets."))


MODULES = _all_modules()
_CJK = re.compile(r"[\u4e00-\u9fff]")
ROOT = Path(__file__).resolve().parents[1]

# -- 坏值 -------------------------------------------------------------------------------

NAN, INF = float("nan"), float("inf")
HOSTILE = [NAN, INF, -INF, 1e308, -1e308, 5e-324, -0.0, 0, -1, 10**30, -(10**30), 2**63, 10**400, True, False, None,
           "", " ", "abc", "１２３", "12,000", "否", "\u3000", "2024-13-45", "nan", "-0", [], {}, (), [None],
           np.nan, np.float64(INF), np.int64(-1), pd.NaT, Decimal("1e400"), b"\x00", object()]


def _label(v) -> str:
    try:
        text = repr(v)
    except Exception:  # noqa: BLE001
        text = type(v).__name__
    return text[:40]


# -- 合法调用（每次新造，互不影响） -------------------------------------------------------------

_CACHE: dict = {}


def _bank():
    if "bank" not in _CACHE:
        from coursekit.datasets import teaching_bank

        _CACHE["bank"] = teaching_bank(seed=0, n_customers=500)
    return _CACHE["bank"]


def _school():
    if "school" not in _CACHE:
        from coursekit.datasets import school_payroll_group

        _CACHE["school"] = school_payroll_group(0)
    return {k: v.copy() for k, v in _CACHE["school"].items()}


def _tables():
    return {k: v.copy() for k, v in _bank().tables.items()}


def _scores():
    if "scores" not in _CACHE:
        from coursekit import crosssell

        _CACHE["scores"] = crosssell.propensity(_bank())
    return _CACHE["scores"]


def _schedule():
    from coursekit import loans

    return loans.schedule(120_000, 0.06, 12, start="2024-07-01")


def _record():
    from coursekit import kyc

    return kyc.new_record("个体工商户", {"姓名": "李青禾", "手机号": "13812345678", "子女人数": 2,
                                     "本人生日": "1980-05-06"}, record_id="R1", now="2024-07-01T09:00:00",
                          as_of=dt.date(2024, 7, 1))


def _borrower():
    return {"名称": "青禾小卖部", "行业": "食品批发",
            "产品": [{"名称": "粮油", "销售额": 600_000, "毛利率": 0.12},
                     {"名称": "饮料", "销售额": 200_000, "毛利率": 0.25}],
            "经营资产": {"现金": 20_000, "存货": 80_000}, "经营负债": {"银行借款": 50_000},
            "月成本": {"房租": 3_000, "工资": 6_000}, "季节系数": [1.0] * 6 + [1.2] * 6}


def _consensus_borrower():
    # 报表 80 万元；流水、领用 140 吨 × 5,000 元、8 万度电 × 9 元都指向 70 万元上下
    return {**_borrower(), "交叉检验资料": {"银行流水年入账": 700_000, "实物记录年用量": 140, "每单位实物销售额": 5_000,
                                           "年用电量": 80_000, "每度电销售额": 9.0}}


def _series():
    return pd.DataFrame({"月份": pd.date_range("2024-01-01", periods=9, freq="MS"),
                         "账户流入": [100.0] * 6 + [50.0] * 3, "水电用量": [10.0] * 9,
                         "征信查询次数": [0, 0, 0, 0, 0, 0, 1, 2, 3]})


def _txns():
    return pd.DataFrame({"txn_id": ["T1", "T2", "T3"], "account_owner": ["C1", "C1", "C2"],
                         "loan_id": ["L1", "L1", "L2"], "date": pd.to_datetime(["2024-05-06", "2024-05-07", "2024-05-09"]),
                         "direction": ["出", "出", "入"], "amount": [300_000.0, 5_000.0, 1_000.0],
                         "counterparty_id": ["X", "C9", "C1"], "counterparty_name": ["青禾置业有限公司", "王小禾", "李青禾"],
                         "counterparty_type": [None, "个人", "个人"], "memo": ["购房", "转账", "还款"]})


def _loans_small():
    return pd.DataFrame({"loan_id": ["L1", "L2"], "customer_id": ["C1", "C2"], "amount": [300_000.0, 50_000.0],
                         "disburse_date": pd.to_datetime(["2024-05-06", "2024-05-08"]), "guarantor_id": ["C2", "C1"]})


def _alt_attr():
    from coursekit.altscore import Attribute

    return Attribute("本行往来年限", "往来年限", (2, 5), (0, 10, 20))


def _portfolio():
    return pd.DataFrame({"loan_id": ["A", "B", "C", "D"], "overdue_days": [0, 45, 95, 400],
                         "restructured": [False, False, True, False], "expected_loss": [0.0, 0.1, 0.5, None],
                         "flags": ["", "存在不利因素", "", ""], "balance": [100.0, 50.0, 25.0, 10.0],
                         "method": ["等额本息", "等额本金", "等额本息", "先息后本"],
                         "disburse_date": pd.to_datetime(["2024-01-05", "2024-02-05", "2024-02-07", "2024-03-01"]),
                         "guarantor_id": ["G1", None, "G1", "G2"]})


def _history():
    return pd.DataFrame({"loan_id": ["A", "A", "A", "B", "B", "B"], "month": ["2024-01", "2024-02", "2024-03"] * 2,
                         "overdue_days": [0, 10, 40, 0, 0, 0]})


def _statement_bytes():
    return ("交易日期,交易金额,收支方向,对方户名,摘要\n2024-05-06,12000,入,青禾县粮油批发部,货款\n"
            "2024-05-07,1234.5,出,王小禾,转账\n").encode("gbk")


def _scenario_dict():
    return {"title": "演示", "setting": "场景", "roles": {"甲": "客户"}, "start": "a",
            "nodes": {"a": {"speaker": "甲", "line": "你好", "options": [
                {"reply": "好", "next": "end", "reaction": "嗯", "feedback": "对", "score": 1},
                {"reply": "不好", "next": "end", "reaction": "哼", "feedback": "错", "score": -1}]},
                      "end": {"title": "结束", "summary": "完"}}}


def _bank_json():
    import json

    return json.loads((ROOT / "exercises" / "banks" / "demo.json").read_text(encoding="utf-8"))


def _ax():
    from coursekit import plotting

    fig, ax = plotting.subplots()
    return ax


def _card():
    if "card" not in _CACHE:
        from coursekit import team

        _CACHE["card"] = team.manager_scorecard(_bank())
    return _CACHE["card"].copy()


def team_request():
    from coursekit import team

    return team.resource_request({"名称": "张记五金", "贷款日均": 1e6, "贷款利率": 0.05, "贷款笔数": 1},
                                 "利率优惠", rate_discount_bp=30.0)


def _quarterly():
    if "quarterly" not in _CACHE:
        from coursekit import team

        _CACHE["quarterly"] = team.quarterly_report(_bank())
    return dict(_CACHE["quarterly"])


def _tea():
    return pd.DataFrame({"渠道": ["商会群通知", "老会员带一位"], "邀请": [146, 12], "邀请人天": [0.5, 2.0],
                         "到场": [31, 10], "申请": [11, 6], "获批": [3, 5], "用信": [3, 5], "好客户": [2, 5],
                         "余额": [900_000.0, 1_800_000.0]})


def _calls():
    """{"模块.名字": 合法调用的工厂 → (args, kwargs)}。"""
    from coursekit import contribution, kyc, loans, restoration, risk, scenarios

    rec = _record
    c = {
        # errors
        "errors.require_number": lambda: ([1.5, "金额"], {}),
        "errors.require_positive": lambda: ([1.5, "金额"], {}),
        "errors.require_non_negative": lambda: ([0.0, "金额"], {}),
        "errors.require_fraction": lambda: ([0.3, "比例"], {}),
        "errors.require_int": lambda: ([12, "月数"], {"minimum": 1, "maximum": 360}),
        "errors.require_choice": lambda: (["等额本息", "还款方式", ("等额本息", "等额本金")], {}),
        "errors.require_flag": lambda: (["是", "是否重组"], {}),
        "errors.require_text": lambda: (["李青禾", "姓名"], {}),
        "errors.require_date": lambda: (["2024-07-01", "放款日"], {}),
        "errors.require_frame": lambda: ([_portfolio(), "贷款表", ["balance"]], {}),
        "errors.parse_amount": lambda: (["￥12,000.50", "金额"], {}),
        "errors.numeric_column": lambda: ([pd.Series(["12,000", 3.5]), "余额"], {}),
        "errors.flag_column": lambda: ([pd.Series(["是", "否", True]), "是否重组"], {}),
        "errors.require_day": lambda: (["2024-07-01", "参照日期"], {}),
        "errors.require_callable": lambda: ([len, "写入函数"], {}),
        "errors.require_path": lambda: (["hostile.xlsx", "保存路径"], {}),
        "errors.date_column": lambda: ([pd.Series(["2024-05-06", "2024年5月7日"]), "交易日期"], {}),
        # fmt
        "fmt.yuan": lambda: ([1234.5], {"digits": 2, "unit": True}),
        "fmt.wan": lambda: ([1234567], {"digits": 2, "unit": True}),
        "fmt.money": lambda: ([1234567], {"digits": 2}),
        "fmt.pct": lambda: ([0.0435], {"digits": 2}),
        "fmt.bp": lambda: ([0.0085], {"digits": 0}),
        "fmt.rmb_upper": lambda: ([1005000.5], {}),
        "fmt.to_fen": lambda: ([12.345], {"field": "金额"}),
        # checks
        "checks.check": lambda: ([8606.64, 8606.64], {"kind": "money", "tol": 1.0, "label": "月供"}),
        "checks.is_unanswered": lambda: ([...], {}),
        # compliance
        "compliance.ScanParams": lambda: ([], {"return_days": 3, "return_share": (0.2, 1.25), "converge_types": ("个人",)}),
        "compliance.scan": lambda: ([_txns(), _loans_small()], {"rules": ("回流", "流入限制性领域", "担保圈")}),
        "compliance.guarantee_cycles": lambda: ([pd.DataFrame({"guarantor_id": ["A", "B"], "borrower_id": ["B", "A"]})],
                                                {"max_len": 6}),
        "compliance.score": lambda: ([pd.DataFrame({"rule": ["回流"], "entity": ["L1"]}),
                                      pd.DataFrame({"kind": ["回流"], "entity": ["L1"]})], {}),
        "compliance.read_statement": lambda: ([_statement_bytes()], {"account_owner": "C1"}),
        "compliance.match_staff_relatives": lambda: ([pd.DataFrame({"counterparty_name": ["王小禾"], "loan_id": ["L1"],
                                                                    "amount": [5_000.0]}),
                                                      pd.DataFrame({"姓名": ["王小禾"], "员工": ["李青禾"],
                                                                    "关系": ["配偶"]})], {}),
        "compliance.infer_counterparty_type": lambda: ([pd.Series(["青禾置业", "王小禾"])],
                                                       {"memos": pd.Series(["购房", "还款"])}),
        # contribution
        "contribution.Customer": lambda: ([], {"name": "王建国", "demand_deposit_avg": 50_000.0, "count": 1}),
        "contribution.ContributionParams": lambda: ([], {"ftp_demand": 0.018, "cost_per_loan": 500.0}),
        "contribution.contribution": lambda: ([{"名称": "宏达五金", "活期存款日均": 300_000, "贷款日均": 3_000_000,
                                                "贷款利率": 0.046, "贷款笔数": 1}], {"period_months": 12}),
        "contribution.group_contribution": lambda: ([[{"名称": "甲", "活期存款日均": 10_000},
                                                      {"名称": "乙", "定期存款日均": 50_000}]], {"period_months": 12}),
        "contribution.what_if": lambda: ([{"名称": "甲", "活期存款日均": 10_000, "贷款日均": 100_000, "贷款利率": 0.05, "贷款笔数": 1}],
                                         {"period_months": 12, "多存": {"活期存款日均": 20_000}}),
        "contribution.waterfall": lambda: ([contribution.contribution({"名称": "甲", "活期存款日均": 10_000})],
                                           {"ax": _ax()}),
        "contribution.exit_test": lambda: ([[{"名称": "小", "户数": 10, "贷款日均": 20_000, "贷款利率": 0.058, "贷款笔数": 1},
                                              {"名称": "大", "户数": 2, "贷款日均": 100_000, "贷款利率": 0.058, "贷款笔数": 1}]],
                                            {"allocated_cost": 2_000, "avoidable_cost": 300, "drop": ["小"]}),
        "contribution.small_loan_paths": lambda: ([[{"名称": "小", "户数": 10, "贷款日均": 20_000, "贷款利率": 0.058,
                                                     "贷款笔数": 1}]],
                                                   {"allocated_cost": 2_000, "avoidable_cost": 300, "batch_cost": 500,
                                                    "drop": ["小"], "deepened": {"活期存款日均": 15_000}, "take_up": 0.3}),
        # crosssell
        "crosssell.holding_matrix": lambda: ([_tables()], {"as_of": "2024-06-30", "products": ("存款", "贷款")}),
        "crosssell.associations": lambda: ([pd.DataFrame({"存款": [1, 1, 0], "贷款": [1, 0, 1]})], {"min_support": 0.0}),
        "crosssell.propensity": lambda: ([_tables()], {"as_of": "2024-12-31", "weights": (0.5, 0.3, 0.2)}),
        "crosssell.next_best": lambda: ([_tables()], {"customer_id": "C000004", "k": 3, "scores": _scores()}),
        "crosssell.evaluate": lambda: ([_tables()], {"holdout_months": 6, "k": 3}),
        "crosssell.book_growth": lambda: ([_tables(), "M01"], {"years": [2022, 2023, 2024]}),
        # datasets
        "datasets.teaching_bank": lambda: ([], {"seed": 0, "n_customers": 500}),
        "datasets.school_payroll_group": lambda: ([], {"seed": 0}),
        "datasets.relief_rush_batch": lambda: ([], {"seed": 0}),
        # team
        "team.manager_scorecard": lambda: ([_tables()], {"funding_cost": 0.025, "rules": {"恶化_新增逾期笔数": 5}}),
        "team.manager_results": lambda: ([_tables()], {}),
        "team.classify": lambda: ([{"下半年新增逾期笔数": 2, "6 月末逾期占比": 0.01, "从业年限": 5,
                                    "交叉销售相对深度": 0.1}], {"rules": {"标杆_相对深度": 0.2}}),
        "team.simulate_incentive": lambda: ([pd.DataFrame({
            "manager_id": ["A", "B"], "team": ["一组", "一组"], "loans": [10, 4], "loan_amount": [1e6, 2e5],
            "new_balance": [8e5, 2e5], "defaults": [1, 0], "default_balance": [1e5, 0.0], "overdue_new": [2, 0],
            "deposits": [5e5, 1e6]})], {"scheme": {"per_loan": 500.0, "per_balance": 0.001, "clawback": 0.5,
                                                    "team_share": 0.2, "threshold_loans": 5},
                                         "split_share": 0.2, "avg_split": 2.0, "deposit_shift": 0.1}),
        "team.gini": lambda: ([[1.0, 2.0, 3.0]], {}),
        "team.routine": lambda: ([], {}),
        "team.resource_request": lambda: ([{"名称": "张记五金", "贷款日均": 1e6, "贷款利率": 0.05, "贷款笔数": 1,
                                            "活期存款日均": 2e5}, "利率优惠"],
                                          {"rate_discount_bp": 50.0, "extra_loan": 0.0, "extra_deposit": 3e5,
                                           "extra_settlement": 0.0, "direct_cost": 0.0, "reason": "同业报价"}),
        "team.resource_request_html": lambda: ([team_request()], {}),
        "team.apply_rules": lambda: ([_card()], {"rules": {"恶化_新增逾期笔数": 3}}),
        "team.partner_plan": lambda: ([pd.DataFrame({"year": [2023, 2024], "net_interest": [8e5, 6e5],
                                                     "costs": [2e5, 2e5], "losses": [0.0, 9e5]}),
                                       pd.DataFrame({"partner": ["甲", "乙"], "stake": [5e4, 3e4]})],
                                      {"profit_share": 0.2, "hurdle": 0.0, "deferral": 0.4, "clawback": True,
                                       "loss_absorb": 0.1}),
        "team.mortgage_losses": lambda: ([pd.DataFrame({"loan": [3.6e5, 3.4e5], "appraisal": [5.2e5, 5e5]})],
                                         {"overstatement": 0.25, "auction_ratio": 0.75, "disposal_cost": 2e4}),
        "team.partner_designs": lambda: ([pd.DataFrame({"year": [2023, 2024], "net_interest": [6e5, 9e5],
                                                        "costs": [2e5, 2e5], "writeoffs": [0.0, 0.0],
                                                        "npl_loss": [0.0, 5e5]}),
                                          pd.DataFrame({"partner": ["甲", "乙"], "stake": [4e4, 2e4]}),
                                          {"核销": {"profit_share": 0.2, "hurdle": 5e4, "deferral": 0.4,
                                                    "loss_basis": "核销"},
                                           "认定": {"profit_share": 0.2, "deferral": 0.4, "clawback": True,
                                                    "loss_absorb": 0.1, "loss_basis": "不良认定"}}],
                                         {"eventual_loss": 5e5}),
        "team.referral_value": lambda: ([pd.DataFrame({"signal": ["流水", "随口"], "slips": [10, 20],
                                                       "contacted": [8, 5], "loans": [3, 0],
                                                       "avg_loan": [2e5, 0.0], "loan_rate": [0.055, 0.0],
                                                       "deposit": [1e5, 0.0], "settlement": [2e6, 0.0],
                                                       "pd": [0.012, 0.0]})],
                                        {"followup_hours": 1.5, "hour_cost": 100.0, "per_slip": 20.0,
                                         "per_qualified": 30.0, "per_loan": 200.0, "qualified": ["流水"]}),
        "team.branch_inputs": lambda: ([_tables()], {"funding_cost": 0.025, "lgd": 0.45}),
        "team.allocate": lambda: ([pd.DataFrame({"unit": ["甲", "乙"], "margin": [0.02, 0.01],
                                                 "capacity": [1e6, 1e6]})], {"total": 1e6, "step": 1e4}),
        "team.monthly_review": lambda: ([_tables()], {"month": "2024-12", "on_time_floor": 0.8,
                                                      "pipeline_floor": 0.7}),
        "team.manager_timeline": lambda: ([_tables(), "M07"], {"start": "2024-05", "end": "2024-08",
                                                               "on_time_floor": 0.8}),
        "team.quarterly_report": lambda: ([_tables()], {"funding_cost": 0.025, "low_output": 0.7}),
        "team.quarterly_report_html": lambda: ([_quarterly()], {"team_name": "小微信贷部"}),
        "team.key_figures": lambda: ([_quarterly()], {}),
        # loans
        "loans.Pricing": lambda: ([], {"lpr": 0.031, "spread_bp": 150}),
        "loans.annualized_rate": lambda: ([100_000, [8_606.64] * 12], {"fees": 0, "periods_per_year": 12}),
        "loans.quote_cost": lambda: ([1_000_000, 0.04, 12], {"method": "先息后本", "fees": 1_000,
                                                             "deposit": 100_000, "deposit_rate": 0.01,
                                                             "name": "甲"}),
        "loans.compare_quotes": lambda: ([[loans.quote_cost(1_000_000, 0.04, 12)]], {"cash_before": 3}),
        "loans.requote": lambda: ([loans.quote_cost(1_000_000, 0.04, 12, method="先息后本", deposit=200_000)],
                                  {"deposit": 100_000, "fee_rate": 0.01, "annual_rate": 0.035}),
        "loans.combine": lambda: ([_schedule(), _schedule()], {}),
        "loans.compare_methods": lambda: ([100_000, 0.06, 12], {"fees": 0, "grace_months": 0,
                                                                 "methods": ("等额本息", "等额本金")}),
        "loans.lpr_rate": lambda: ([0.031, 150], {}),
        "loans.LoanTerms": lambda: ([120_000, 0.06, 12], {"method": "等额本息", "fees": 100, "start": "2024-07-01"}),
        "loans.month_label": lambda: (["2025-03"], {"field": "月份"}),
        "loans.month_period": lambda: (["2025年3月"], {"field": "月份"}),
        "loans.max_principal": lambda: ([8_606.64, 0.06, 12], {"method": "等额本息"}),
        "loans.monthly_fee_offer": lambda: ([100_000, 12, 0.005], {"method": "等额还本"}),
        "loans.payment_for": lambda: ([100_000, 0.06, 12], {"method": "等额本息"}),
        "loans.prepay": lambda: ([_schedule(), 3, 20_000], {"keep": "term", "penalty_rate": 0.01}),
        "loans.schedule": lambda: ([120_000, 0.06, 12], {"method": "等额本息", "fees": 100, "start": "2024-07-01",
                                                          "grace_months": 0, "interest_every": 1}),
        # plotting
        "plotting.setup": lambda: ([], {}),
        "plotting.rc": lambda: ([], {}),
        "plotting.cjk_font": lambda: ([], {}),
        "plotting.money_axis": lambda: ([_ax()], {"unit": "万元", "axis": "y"}),
        "plotting.percent_axis": lambda: ([_ax()], {"axis": "y", "digits": 0}),
        # quiz
        "quiz.Quiz": lambda: ([_bank_json()], {"shuffle": False, "seed": 1}),
        "quiz.load_bank": lambda: ([ROOT / "exercises" / "banks" / "demo.json"], {}),
        "quiz.show": lambda: ([_bank_json()], {"seed": 1}),
        "quiz.to_html": lambda: ([_bank_json()], {"seed": 1}),
        "quiz.validate_bank": lambda: ([_bank_json()], {}),
        # scenarios
        "scenarios.best_path": lambda: ([scenarios.scenario_from_dict(_scenario_dict())], {}),
        "scenarios.format_score": lambda: ([1.5], {}),
        "scenarios.load_scenario": lambda: ([ROOT / "scenarios" / "demo-objection.yaml"], {}),
        "scenarios.node_names": lambda: ([scenarios.scenario_from_dict(_scenario_dict())], {}),
        "scenarios.option_label": lambda: ([0], {}),
        "scenarios.render_static": lambda: ([scenarios.scenario_from_dict(_scenario_dict())], {}),
        "scenarios.scenario_from_dict": lambda: ([_scenario_dict()], {}),
        "scenarios.walk": lambda: ([scenarios.scenario_from_dict(_scenario_dict())], {"choices": [0]}),
        # kyc
        "kyc.templates": lambda: ([], {}),
        "kyc.get_template": lambda: (["个体工商户"], {}),
        "kyc.load_templates": lambda: ([], {"path": None}),
        "kyc.validate_id_card": lambda: ([kyc.synthetic_id_card(dt.date(1980, 5, 6))], {"as_of": dt.date(2024, 7, 1)}),
        "kyc.id_card_info": lambda: ([kyc.synthetic_id_card(dt.date(1980, 5, 6))], {"as_of": dt.date(2024, 7, 1)}),
        "kyc.id_card_check_char": lambda: (["99010119800506001"], {}),
        "kyc.synthetic_id_card": lambda: ([dt.date(1980, 5, 6)], {"sequence": 1, "region": "990101"}),
        "kyc.validate_uscc": lambda: ([kyc.synthetic_uscc(1)], {}),
        "kyc.uscc_check_char": lambda: (["92990101M00000001"], {}),
        "kyc.synthetic_uscc": lambda: ([], {"serial": 1, "kind": "92", "region": "990101"}),
        "kyc.validate_mobile": lambda: (["138 1234 5678"], {}),
        "kyc.mask_id_card": lambda: ([kyc.synthetic_id_card(dt.date(1980, 5, 6))], {}),
        "kyc.mask_mobile": lambda: (["13812345678"], {}),
        "kyc.mask_name": lambda: (["李青禾"], {}),
        "kyc.mask_address": lambda: (["青禾县城关镇和平路 8 号"], {}),
        "kyc.new_record": lambda: (["个体工商户", {"姓名": "李青禾", "子女人数": 2, "本人生日": "1980-05-06"}],
                                   {"record_id": "R1", "now": "2024-07-01T09:00:00", "as_of": dt.date(2024, 7, 1)}),
        "kyc.update_record": lambda: ([rec(), {"子女人数": 3}], {"now": "2024-07-02T09:00:00"}),
        "kyc.check_values": lambda: (["个体工商户", {"子女人数": 2, "手机号": "13812345678"}], {}),
        "kyc.completeness": lambda: ([rec()], {"top": 5, "as_of": dt.date(2024, 7, 1)}),
        "kyc.next_questions": lambda: ([rec()], {"n": 5}),
        "kyc.save_record": lambda: ([rec(), "hostile-record.json"], {}),
        "kyc.load_record": lambda: ([_saved_record()], {}),
        "kyc.record_to_dict": lambda: ([rec()], {}),
        "kyc.record_from_dict": lambda: ([kyc.record_to_dict(rec())], {}),
        "kyc.atomic_write": lambda: (["hostile-atomic.txt", lambda fh: fh.write("好")], {}),
        "kyc.display_value": lambda: ([kyc.get_template("个体工商户").field("手机号"), "13812345678"], {"masked": True}),
        "kyc.masked_view": lambda: ([rec()], {"masked": True, "include_empty": True}),
        "kyc.deidentify": lambda: ([[rec()]], {"key": "k", "as_of": dt.date(2024, 7, 1)}),
        "kyc.age_band": lambda: ([44], {}),
        "kyc.diff": lambda: ([rec(), kyc.update_record(rec(), {"子女人数": 3}, now="2024-07-02T09:00:00")], {}),
        "kyc.reminders": lambda: ([[rec()]], {"start": dt.date(2024, 7, 1), "days": 365}),
        "kyc.to_ics": lambda: ([[rec()]], {"calendar_name": "KYC", "stamp": dt.datetime(2024, 7, 1, 9)}),
        "kyc.export_ics": lambda: ([[rec()], "hostile.ics"], {}),
        "kyc.export_excel": lambda: ([[rec()], "hostile.xlsx"], {"masked": True}),
        "kyc.import_excel": lambda: ([_exported_excel()], {}),
        "kyc.to_html": lambda: ([rec()], {"masked": True, "questions": 8, "as_of": dt.date(2024, 7, 1)}),
        "kyc.export_html": lambda: ([rec(), "hostile.html"], {}),
        # altscore
        "altscore.Attribute": lambda: (["本行往来年限", "往来年限", (2, 5), (0, 10, 20)], {}),
        "altscore.Scorecard": lambda: ([[_alt_attr()]], {"vetoes": {"涉诉": "涉诉或被执行"}, "bands": {"A": 10}}),
        "altscore.evaluate": lambda: ([pd.Series([10.0, 20.0, 30.0, 40.0]), pd.Series([True, False, True, False])],
                                      {"bands": {"B": 15, "A": 35}}),
        "altscore.fairness": lambda: ([pd.Series([True, False, True])], {"groups": {"性别": ["男", "女", "女"]}}),
        "altscore.bank_features": lambda: ([_bank()], {}),
        # restoration
        "restoration.restore": lambda: ([_borrower()], {}),
        "restoration.Worksheet": lambda: ([_borrower()], {}),
        "restoration.Borrower": lambda: ([], {"name": "甲", "products": (restoration.Product("粮油", 600_000, 0.12),)}),
        "restoration.Product": lambda: (["粮油", 600_000, 0.12], {"index": 1}),
        "restoration.BusinessAssets": lambda: ([], {"cash": 1_000.0, "inventory": 5_000.0}),
        "restoration.BusinessLiabilities": lambda: ([], {"payables": 1_000.0, "bank_loans": 5_000.0}),
        "restoration.HouseholdAssets": lambda: ([], {"property": 300_000.0}),
        "restoration.HouseholdLiabilities": lambda: ([], {"mortgage": 100_000.0}),
        "restoration.OffBalance": lambda: ([], {"guarantees": 10_000.0}),
        "restoration.MonthlyCosts": lambda: ([], {"rent": 3_000.0, "wages": 6_000.0}),
        "restoration.Household": lambda: ([], {"spending": 4_000.0, "other_income": 1_000.0}),
        "restoration.Evidence": lambda: ([], {"bank_inflows": 500_000.0, "cash_share": 0.3}),
        "restoration.EquityHistory": lambda: ([], {"initial_equity": 100_000.0, "months": 12}),
        "restoration.figures": lambda: ([restoration.restore(_borrower()).borrower], {}),
        "restoration.judge": lambda: ([0.07], {"warn": 0.05, "fail": 0.1}),
        "restoration.Tolerances": lambda: ([], {"warn": 0.05, "fail": 0.1}),
        "restoration.Checklist": lambda: ([["银行流水单"]], {}),
        "restoration.framework_table": lambda: ([], {}),
        "restoration.IndustryNorm": lambda: ([0.12, 40, 20], {}),
        "restoration.norms_table": lambda: ([], {}),
        "restoration.to_excel": lambda: ([restoration.restore(_borrower()), "hostile-ws.xlsx"], {}),
        "restoration.from_excel": lambda: ([_worksheet_excel()], {}),
        "restoration.cash_path": lambda: ([50_000, [20_000, -10_000, 30_000], [25_000, 25_000, 25_000]], {}),
        "restoration.ramp_test": lambda: ([restoration.restore(_borrower()),
                                           restoration.restore({**_borrower(), "产品": [{"名称": "粮油", "销售额": 900_000,
                                                                                   "毛利率": 0.12}]}),
                                           {"先息后本": loans.schedule(30_000, 0.06, 3, "先息后本", start="2025-01-10")}],
                                          {"install_months": 1, "dip_months": [3], "dip_level": 0.5, "orders": 0.8,
                                           "other": {"2025-02": -5_000}}),
        "loans.usage_cost": lambda: ([300_000, {"一年期": (0.055, "全年计息"), "线上": (0.1095, "按用款计息")}], {}),
        "loans.all_in_borrowing_cost": lambda: ([300_000, {"本行": {"rate": 0.0435, "bridge_days": 5,
                                                                       "bridge_daily_rate": 0.001}}],
                                                {"used_months": 5}),
        "restoration.relief_test": lambda: ([restoration.restore(_borrower()), 50_000, 12, 0.054],
                                            {"trough_factor": 0.4, "trough_months": 3, "recovery_factor": 0.9,
                                             "amortize_months": 15}),
        # risk
        "risk.ClassifyParams": lambda: ([], {"overdue_bounds": (90, 270, 360), "observation_months": 12}),
        "risk.category_rank": lambda: (["次级"], {}),
        "risk.observation_period": lambda: ([], {"grace_months": 3, "period_months": 1, "missed_month": None}),
        "risk.overdue_floor": lambda: ([95], {"params": risk.ClassifyParams()}),
        "risk.classify": lambda: ([95], {"restructured": False, "expected_loss": 0.1, "flags": ("存在不利因素",),
                                         "previous": "关注", "months_normal_since_cure": 0}),
        "risk.classify_portfolio": lambda: ([_portfolio()], {}),
        "risk.migration": lambda: ([risk.classify_portfolio(_portfolio()), risk.classify_portfolio(_portfolio())],
                                   {"weight": "balance", "normalize": True}),
        "risk.npl_share": lambda: ([risk.classify_portfolio(_portfolio())], {"weight": "balance"}),
        "risk.WarningParams": lambda: ([], {"recent_months": 3, "base_months": 6}),
        "risk.early_warning": lambda: ([{"停产或半停产": "是"}, _series()], {}),
        "risk.series_from_transactions": lambda: ([_txns(), "C1"], {"end": "2024-06", "months": 12}),
        "risk.warning_history": lambda: ([_series()], {"months": 3}),
        "risk.bucket": lambda: ([45], {}),
        "risk.bucket_of": lambda: ([[0, 45, 100]], {}),
        "risk.roll_rates": lambda: ([_history()], {}),
        "risk.collection_plan": lambda: ([], {"overdue_days": 45, "borrower_type": "低自尊型人格"}),
        "risk.litigation_duties": lambda: ([], {"phase": None}),
        "risk.SegmentLimits": lambda: ([{"method": 0.6}], {}),
        "risk.concentration": lambda: ([_portfolio(), "method"], {}),
        "risk.segment_breaches": lambda: ([_portfolio()], {"limits": risk.SegmentLimits({"method": 0.6})}),
        "risk.acceptance_questions": lambda: ([], {}),
        "risk.pre_loan_checklist": lambda: ([], {"industry": None, "stage": None}),
        "risk.load_checklists": lambda: ([], {}),
        # loans（自定义还本）
        "loans.custom_schedule": lambda: ([1_000_000, 0.042, 9, {6: 500_000}], {"interest_every": 3,
                                                                                "start": "2024-10-15", "fees": 0}),
        "loans.seasonal_repayments": lambda: ([120_000, 12, [1.0] * 6 + [0.0] * 6], {"first_month": 3}),
        "loans.move_repayment_weight": lambda: ([[0.2, 0.3, 0.3, 0.2] + [0.0] * 8, 1, 0.4], {"absorb": [2, 3]}),
        "loans.seasonal_plan_cash": lambda: ([100_000, 0.045, 6, [0.2, 0.3, 0.3, 0.2] + [0.0] * 8],
                                             {"first_month": 11, "start": "2025-10-20", "start_cash": 15_000,
                                              "sales": pd.Series([0, 15_000, 55_000, 75_000, 65_000, 40_000],
                                                                 index=["2025-11", "2025-12", "2026-01", "2026-02",
                                                                        "2026-03", "2026-04"]),
                                              "costs": pd.Series([10_000] * 6, index=["2025-11", "2025-12", "2026-01",
                                                                                      "2026-02", "2026-03", "2026-04"]),
                                              "month_sales": {"2026-01": 20_000}}),
        "loans.purchase_loan_size": lambda: ([3_200, 2_250, 3_200_000], {"pledge_rate": 0.7, "price_drop": 0.15}),
        "loans.graded_stock_cover": lambda: ([pd.DataFrame({"等级": ["一等"], "数量": [1_000], "单价": [80],
                                                          "质押率": [0.5]})], {"price_drop": 0.3,
                                                                              "counts": {"一等": 800}}),
        "loans.holding_break_even": lambda: ([1_000_000], {"loan": 500_000, "rate": 0.05, "months": 12,
                                                           "storage_per_month": 2_000, "shrink_per_year": 0.04}),
        "loans.dealer_purchase_limits": lambda: ([pd.DataFrame({"户": ["A"], "结算吨数": [100], "代交吨数": [40],
                                                              "计划吨数": [80], "自有资金": [50_000]}), 4_000],
                                                {"pledge_rate": 0.7, "price_drop": 0.15, "basis": "自营量"}),
        # plotting（新辅助）
        "plotting.integer_axis": lambda: ([_ax()], {"axis": "x", "label": "期数"}),
        "plotting.legend_outside": lambda: ([_legend_ax()], {"ncol": 2}),
        "plotting.distinct_colors": lambda: ([5], {}),
        "plotting.side_by_side": lambda: ([_ax().figure, _ax().figure], {}),
        # restoration（盈亏平衡、发票、实物记录）
        "restoration.break_even": lambda: ([restoration.restore(_borrower())], {"monthly_payment": 5_000}),
        "restoration.invoice_analysis": lambda: ([_invoices()], {"taxes_paid": 58_500, "tax_norm": 0.01}),
        "restoration.invoice_line": lambda: ([_invoices()], {"rate": 0.08, "cap": 1_000_000, "related_accepted": 0.5,
                                                            "flow_confirmed": True, "worksheet": _borrower(),
                                                            "annual_rate": 0.05, "months": 12, "method": "先息后本"}),
        "restoration.sales_per_physical_unit": lambda: ([6.1], {"output_per_unit": 1_050}),
        "restoration.required_quantity": lambda: ([6_000_000, 6_400], {}),
        "restoration.physical_records_table": lambda: ([], {}),
        "restoration.seasonal_purchases": lambda: ([60_000, ["2025-02"], ["2025-04", "2025-05"]], {"terms_months": 1}),
        "restoration.season_plans": lambda: ([100_000, {"2025-01": -5_000, "2025-02": 0, "2025-03": 8_000},
                                               {"先息后本": [0, 0, 20_000]}],
                                              {"amount": 60_000, "buy_months": ["2025-01"], "sell_months": ["2025-02"],
                                               "buyer_terms_months": 1}),
        "restoration.late_receipt": lambda: ([10_000, [5_000, -2_000, 8_000], {"到期还本": [0, 0, 20_000]}],
                                              {"amount": 6_000, "month": 2, "delay": 1, "share": 0.5}),
        "restoration.loan_hindsight": lambda: ([[10_000, 12_000], {"申请": 300_000, "批": 100_000}],
                                                {"annual_rate": 0.05, "months": 36, "start_cash": {"申请": 0, "批": 5_000},
                                                 "actual": [4_000, 12_000], "existing_payment": 1_000}),
        "restoration.repeat_loan": lambda: ([[60_000, 80_000, 70_000]],
                                             {"margin": 0.4, "fixed_costs": 15_000, "uplift": 0.2, "amount": 100_000,
                                              "annual_rate": 0.0465, "months": 36, "start_cash": 30_000,
                                              "old_balance": 50_000, "old_payment": 2_000, "merge": True,
                                              "horizon": 24}),
        "restoration.capacity_with_new_debt": lambda: ([_borrower(), 100_000],
                                                       {"debt_months": 12, "debt_rate": 0.1, "annual_rate": 0.05,
                                                        "months": 36, "amount": 50_000}),
        "restoration.capacity_at_margin": lambda: ([_borrower(), "粮油", 0.1],
                                                   {"annual_rate": 0.05, "months": 36, "amount": 50_000}),
        "restoration.seasonal_reserve": lambda: ([[9_000, 9_000, 2_000, 1_000], 4_000], {}),
        "restoration.fixed_cost_squeeze": lambda: ([{**_borrower(), "经营负债": {"应付账款": 60_000}}],
                                                   {"sales_drop": 0.1, "annual_rate": 0.05, "months": 24,
                                                    "amount": 50_000, "payable_days_target": 20,
                                                    "catch_up_months": 12, "replaces_interest": 0}),
        "restoration.private_debt_probe": lambda: ([{**_borrower(), "权益历史": {"初始权益": 100_000, "期间月数": 12,
                                                                                "期间累计利润": 60_000}}, 200_000],
                                                   {"monthly_rate": 0.008, "losses": 20_000, "annual_rate": 0.05,
                                                    "months": 12, "method": "先息后本", "amount": 100_000}),
        "restoration.sales_consensus": lambda: ([_consensus_borrower(), 700_000],
                                                {"annual_rate": 0.05, "months": 24, "amount": 100_000,
                                                 "per_unit": 5_500, "per_kwh": 9.5, "unit_cost": 3_500}),
        "restoration.trough_path": lambda: ([_borrower()], {"sales_factor": 0.88, "margin_delta": -0.05,
                                                             "start_month": 5, "months": 8}),
        "restoration.trough_survival": lambda: ([{"甲": {"底稿": _borrower(), "本行贷款": 100_000,
                                                         "低谷期销售额倍数": 0.88, "低谷期毛利率": 0.05}}],
                                                {"annual_rate": 0.05, "start_month": 5, "months": 8}),
        "restoration.trough_loan": lambda: ([_borrower()], {"amount": 100_000, "annual_rate": 0.05, "months": 24,
                                                             "grace_months": 6, "start_cash": 50_000,
                                                             "sales_factor": 0.88, "margin_delta": -0.05,
                                                             "start_month": 5, "trough_months": 8}),
        "restoration.first_met": lambda: ([{"2025-02": 0.5, "2025-03": 0.6, "2025-04": 0.6}, 0.55],
                                          {"consecutive": 2, "field": "销量"}),
        "restoration.consolidate": lambda: ([[_borrower(), {**_borrower(), "名称": "青禾粮油店"}]],
                                            {"intra_sales": [("青禾小卖部", "青禾粮油店", 100_000)],
                                             "hidden_debt": {"青禾粮油店": 50_000}}),
        # risk（担保传导、催收顺序）
        "risk.guarantee_contagion": lambda: ([_circle(), {"甲": 600_000, "乙": 500_000, "丙": 400_000}, "丙",
                                              {"甲": 1_000_000, "乙": 100_000}], {"max_rounds": 50}),
        "risk.guarantee_call": lambda: ([_circle(), {"甲": _borrower(), "乙": _borrower()},
                                         {"甲": 60_000, "乙": 50_000, "丙": 40_000}, "丙"],
                                        {"annual_rate": 0.05, "months": 12, "method": "先息后本",
                                         "financing_rate": 0.12, "recovery": 10_000}),
        "risk.collection_order": lambda: ([_overdue_loans(), "2024-12-31"], {"haircut": 0.3, "deadline_days": 90}),
        "risk.joint_loan_stress": lambda: ([{"甲": 600_000, "乙": 250_000, "丙": 150_000},
                                            {"甲": 500_000, "乙": 300_000, "丙": 180_000}], {"split": "全额"}),
        # 子模块里没有由包导出的公开函数
        "kyc.ids.normalize_text": lambda: (["１３８ "], {}),
        "kyc.templates.is_empty": lambda: ([" "], {}),
        # marketing
        "marketing.screen_prospects": lambda: ([_bank()], {"channel": "借道零售", "top": 5}),
        "marketing.evaluate_screening": lambda: ([_bank()], {"ks": (50, 100), "seed": 0}),
        "marketing.CostAssumptions": lambda: ([], {}),
        "marketing.cost_to_serve": lambda: ([40, 15, 30], {"loans": 10}),
        "marketing.site_plan": lambda: ([pd.DataFrame({"地点": ["远村", "近市"], "建档户数": [80, 40], "预计贷款户数": [20, 10],
                                                       "预计贷款余额（万元）": [200, 300], "距离（公里）": [15, 0],
                                                       "车速（公里/小时）": [30, 30]}),
                                         {"远村": "驻点", "近市": "流动服务日"}, 30],
                                        {"station_days": 10, "roving_days": 12}),
        "marketing.cluster_scorecard": lambda: ([_bank()], {"take_up": 0.1}),
        "marketing.choose_clusters": lambda: ([_scorecard(), 150], {"max_npl": 0.05}),
        "marketing.batch_credit_plan": lambda: ([300], {"approval_rate": 0.6, "avg_limit": 50_000}),
        "marketing.plan_sensitivity": lambda: ([_plan()], {"take_ups": (0.3, 0.5)}),
        "marketing.break_even_pd": lambda: ([_plan()], {}),
        "marketing.expected_pd": lambda: ([0.01, 0.23, 0.2], {}),
        "marketing.grid_pilot": lambda: ([_grids()], {"consent_rate": 0.25, "closing_pd": 0.35, "closure_factor": 0.4,
                                                     "event_cost": 3_000, "event_days": 2}),
        "marketing.funnel": lambda: ([_bank()], {"horizon_months": 6}),
        "marketing.compare_campaigns": lambda: ([_funnel()], {"day_cost": 500.0}),
        "marketing.campaign_lift": lambda: ([_bank()], {"horizon_months": 6, "day_cost": 1_000.0, "selection": 1.5}),
        "marketing.stalled_contacts": lambda: ([_bank(), "A01"], {"stuck_at": "加微信", "as_of": "2025-01-20"}),
        "marketing.lapsed_depositors": lambda: ([_bank()], {"drop": 0.3, "spread": 0.0165, "win_rate": 0.3, "call_cost": 50.0}),
        "marketing.wechat_post_followup": lambda: ([pd.DataFrame({"日期": ["2025-03-01"], "类型": ["政策答疑"]}),
                                                    pd.DataFrame({"日期": ["2025-03-02"], "成员": ["A"], "事件": ["申请"]})],
                                                   {"days": 7}),
        "marketing.visit_plans": lambda: ([{"扫街": {"people": 160, "visits_per_day": 16, "conversion": 0.02}}],
                                          {"avg_loan": 200_000.0, "loan_margin": 0.02, "day_cost": 1_000.0,
                                           "days_available": 14.0}),
        "marketing.attendee_lift": lambda: ([_bank(), "A07"], {"horizon_months": 6}),
        "marketing.cohort_review": lambda: ([_rush(), "apply_second"], {"bins": [0, 5, 15, 60]}),
        "marketing.visit_capacity": lambda: ([180, 6, 9, 2, 0.01, 0.13, 85_000.0], {}),
        "contribution.concession_floor": lambda: ([[{"名称": "公司", "贷款日均": 1_000_000.0, "贷款利率": 0.035, "贷款笔数": 1},
                                                     {"名称": "老板", "活期存款日均": 20_000.0}],
                                                    {"结算": {"公司": {"结算流水": 10_000_000.0}},
                                                     "理财": {"老板": {"理财日均": 300_000.0}}}],
                                                   {"member": "公司", "list_rate": 0.04, "offer_rate": 0.035}),
        "contribution.concession_paths": lambda: ([30_000.0, 6_000.0], {"p_full": 0.1, "p_partial": 0.7, "p_upgrade": 0.4, "years": 3}),
        "marketing.sales_line": lambda: ([1_800_000.0, 0.15], {"other_debt": 90_000.0, "step": 10_000.0}),
        "marketing.same_month_recovery": lambda: ([[100.0] * 12, {1: 120.0, 2: 80.0}], {"rest_ratio": 0.8}),
        "marketing.lift_value": lambda: ([_lift()], {"cost": 35_000.0, "officer_days": 10.0, "deposit_share": 0.5}),
        "offers.offer_cost": lambda: ([200_000, 12], {"monthly_rate": 0.004, "fee": 2_000.0, "premium": 12_000.0,
                                                      "cash_value": 7_800.0}),
        "events.event_funnel": lambda: ([_tea()], {"fixed_cost": 3_000.0, "per_guest": 130.0, "event_days": 2.0,
                                                   "decline_days": 0.6}),
        "events.event_plan": lambda: ([_tea(), {"老会员带一位": {"邀请": 20, "邀请人天": 4.0, "申请率": 0.4}}],
                                      {"fixed_cost": 3_000.0, "per_guest": 130.0}),
        "marketing.wechat_health": lambda: ([_bank()], {"as_of": "2024-12-31", "window_days": 90}),
        "marketing.group_by_segment": lambda: ([_school(), "W01"], {"as_of": "2024-12-31", "window_days": 184,
                                                                  "chatter_hours": 3.0}),
        "marketing.flow_graph": lambda: ([_flows()["trade_flows"]], {}),
        "marketing.flow_chain": lambda: ([_flows(), "F"], {"depth": 2, "min_amount": 0.0}),
        "marketing.chain_dependence": lambda: ([_flows(), "F"], {}),
        "marketing.group_exposure": lambda: ([_flows_with_loans(), "F", {"B1": 100_000}], {"threshold": 0.5}),
        "marketing.batch_stress": lambda: ([pd.DataFrame({"户": ["A", "B"], "组": ["甲", "甲"], "单元数": [2, 4]})],
                                           {"net_per_unit": 22_000, "household_net": -20_000, "due_per_unit": 11_000,
                                            "shock_per_unit": 10_000, "mode": "共同冲击"}),
        "marketing.market_merchant_limits": lambda: ([pd.DataFrame({"商户": ["A"], "近12月结算额": [1_000_000],
                                                                    "结算月数": [12], "租金按时期数": [4],
                                                                    "剩余租期": [24]})],
                                                     {"share_of_settled": 0.2}),
        "marketing.feed_credit_limits": lambda: ([pd.DataFrame({"养殖户": ["A"], "近12月购料额": [600_000],
                                                                "购料月数": [12], "期末赊欠": [20_000],
                                                                "存栏头数": [300]})],
                                                 {"cycle_months": 5, "feed_per_head_year": 2_200}),
        "marketing.developer_channel_loss": lambda: ([pd.DataFrame({"楼栋": ["A"], "阶段": ["停工"], "笔数": [10],
                                                                    "贷款余额": [3_000_000], "房屋市值": [5_000_000]})],
                                                     {"stop_pay": {"停工": 0.4}, "value_share": {"停工": 0.25},
                                                      "margin": 100_000}),
        "marketing.referral_fee_terms": lambda: ([pd.DataFrame({"渠道": ["甲"], "申请": [10], "批准": [8],
                                                                "户均贷款": [80_000], "违约率": [0.01],
                                                                "每笔推荐费": [500]})],
                                                 {"net_margin": 0.022, "lgd": 0.6, "cost_per_application": 300}),
        "marketing.poster_sites": lambda: ([pd.DataFrame({"位置": ["甲"], "扫码": [100], "留资": [40], "申请": [10],
                                                          "借款": [5], "费用": [500], "人天": [2]})],
                                           {"value_per_loan": 3_000, "loans_per_day_without": 0.25}),
        "kyc.handover_schedule": lambda: ([pd.DataFrame({"客户": ["甲", "乙"], "到期日": [None, "2025-03-10"]}),
                                            "2025-01-06"], {"officers": 1, "visit_days_per_week": 2,
                                                            "visits_per_day": 3}),
        "marketing.idle_credit_review": lambda: ([pd.DataFrame({"授信户数": [100, 80], "用信户数": [20, 30]},
                                                               index=["甲村", "乙村"]),
                                                  pd.DataFrame({"不缺钱": [40, 10], "额度不够": [30, 10], "不会用": [10, 30]},
                                                               index=["甲村", "乙村"]),
                                                  ["额度不够", "不会用"]], {"activation": {"额度不够": 0.5}, "pick": 1}),
        "marketing.coupon_cohort_value": lambda: ([pd.DataFrame({"来路": ["老客户"], "人数": [100], "新开户": [0],
                                                                 "领券金额": [10_000], "券停后仍用卡": [60],
                                                                 "每个留下的人存款增量": [5_000], "贷款余额": [0]})],
                                                   {"deposit_spread": 0.015, "loan_margin": 0.02}),
        "marketing.floor_weights": lambda: ([6], {"ground": 0.0, "second": 0.5, "step": 0.2}),
        "marketing.elevator_share_plan": lambda: ([pd.DataFrame({"户号": ["101", "201"], "楼层": [1, 2],
                                                                  "手头可用": [0, 10_000], "月收入": [3_000, 4_000]}),
                                                    100_000], {"weights": {1: 0.0, 2: 1.0}, "subsidy": 20_000,
                                                               "annual_rate": 0.042, "months": 36}),
        "marketing.application_burst": lambda: ([[30, 10], 10], {"drop_per_day": 0.1, "approve_rate": 0.8}),
        "marketing.book_concentration": lambda: ([pd.DataFrame({"客户": ["甲", "乙"], "关系组": ["甲", "乙"],
                                                                "类型": ["机构", "个人"], "户数": [1, 2],
                                                                "存款日均": [100, 50], "贷款余额": [0, 10],
                                                                "年贡献": [1, 2], "来源": ["分配", "扫街"]})],
                                                  {"top": 1, "leave_group": "甲", "leave_share": 0.5}),
        "marketing.first_contact_yield": lambda: ([pd.DataFrame({"编号": ["A", "B"], "成为客户": ["是", "否"],
                                                                 "回访": ["多次", "一次"]}),
                                                   pd.DataFrame({"介绍人": ["A"], "被介绍人": ["x"]})],
                                                  {"by": "回访", "min_tree": 1}),
        "marketing.recovery_line": lambda: ([[100] * 12, {1: 90, 2: 90}, 1_200_000],
                                            {"rest_ratio": 0.5, "share": 0.15, "other_debt": 20_000}),
        "compliance.entrusted_cover": lambda: ([pd.DataFrame({"loan_id": ["L1"], "customer_id": ["甲"], "amount": [300_000]}),
                                                pd.DataFrame({"loan_id": ["L1"], "rule": ["回流"], "amount": [50_000]}),
                                                200_000], {}),
        "marketing.pool_owner_cover": lambda: ([pd.DataFrame({"车主": ["甲", "乙"], "现有台数": [2, 2], "新增台数": [1, 0],
                                                              "现有年还款": [10_000, 0], "家庭年支出": [20_000, 20_000]}),
                                                [10] * 12, 2], {"net_per_job": 1_000, "fixed_per_unit": 3_000,
                                                                "due_per_unit": 12_000}),
        "marketing.payroll_loan_burden": lambda: ([pd.DataFrame({"员工": ["A"], "贷款本金": [50_000],
                                                                 "基本工资": [3_500], "加班工资": [2_000],
                                                                 "其他月供": [500]})],
                                                  {"annual_rate": 0.045, "months": 36}),
        "marketing.order_limits": lambda: ([pd.DataFrame({"零售户": ["A"], "近12月订货额": [240_000], "订货月数": [12],
                                                          "最近一月订货额": [36_000], "许可证剩余月数": [30]})],
                                           {"months_cover": 3}),
        "loans.milestone_sweep": lambda: ([1_200_000, 0.042, 9, pd.DataFrame({"付款方": ["医院", "医院"], "月份": [3, 8],
                                                                              "金额": [800_000, 1_200_000]})],
                                          {"sweep_share": 0.6, "slip_months": 1}),
        "marketing.dealer_funding_gap": lambda: ([pd.DataFrame({"经销商": ["A"], "月进货额": [480_000],
                                                                "商超月销售额": [450_000], "小店月销售额": [150_000],
                                                                "自有资金": [300_000]})],
                                                 {"supermarket_days": 60}),
        "marketing.chamber_fund_record": lambda: ([pd.DataFrame({"会员": ["甲"], "用途": ["转贷过桥"], "金额": [100_000],
                                                                 "迟还天数": [0], "已还清": [True]})],
                                                  {"late_tolerance_days": 10}),
        "marketing.livestream_seller_lines": lambda: ([pd.DataFrame({"卖家": ["甲"], "品类": ["服装"], "月均成交额": [500_000],
                                                                     "月均到账": [250_000]})], {"return_rates": {"服装": 0.4}}),
        "marketing.order_credit_plan": lambda: ([pd.DataFrame({"入选": [True], "额度": [60_000], "户数": [10]})],
                                                {"take_up": 0.4}),
        "marketing.series_plan": lambda: ([6, 40, 0.5, 0.05, 12_000, 5, 5_000], {"day_cost": 1_000}),
        "marketing.session_review": lambda: ([pd.DataFrame({"期次": [1, 2], "到场人数": [50, 45], "首次到场人数": [50, 5],
                                                            "批准": [5, 0], "费用": [4_000, 4_000], "投入人天": [2, 2]})], {}),
        "marketing.trade_cycle": lambda: ([100_000, [1], [3], {"先息后本": [0, 0, 60_000]}],
                                          {"loan": 60_000, "start_cash": 50_000, "gross_margin": 0.05,
                                           "monthly_cost": 1_000, "months": 4}),
        "marketing.capacity_gain": lambda: ([[30, 60, 80]], {"capacity_before": 56, "capacity_after": 72}),
        "marketing.capacity_cover": lambda: ([[30, 60, 80], 14, 4, 4],
                                             {"net_per_job": 6_500, "fixed_per_unit": 24_000,
                                              "due_per_unit": 107_000}),
        "marketing.settlement_credit_link": lambda: ([_settlement()], {"bins": 2}),
        "marketing.referral_tree": lambda: ([pd.DataFrame({"referrer_id": ["A", "A", "B"],
                                                           "referred_id": ["B", "C", "D"]}), "A"], {}),
        "marketing.lookalikes": lambda: ([_bank(), _bank().customers["customer_id"].iloc[0]], {"top": 10}),
        "marketing.payroll_value": lambda: ([_employees()], {"deposit_spread": 0.01, "card_income": 100}),
        "marketing.payroll_profile": lambda: ([_employees().assign(monthly_salary=[5_000.0, 9_000.0, 8_000.0])], {}),
        "marketing.payroll_projection": lambda: ([_roster(), _profile(), {"月光族": 0.6, "骨干": 0.3}],
                                                 {"effort_days": {"月光族": 0.05, "骨干": 0.5},
                                                  "params": {"payroll_fee_per_employee": 0}}),
        "marketing.payroll_main_share": lambda: ([_employees().assign(monthly_salary=[5_000.0, 9_000.0, 8_000.0])],
                                                 {"months": 0.5}),
        "marketing.payroll_benefits": lambda: ([_roster(), _profile(), {"月光族": 0.4, "骨干": 0.8},
                                                {"亲情账户": {"uplift": {"月光族": 0.2}, "per_user": 18, "fixed": 100},
                                                 "卡面": {"uplift": {"月光族": 0.05, "骨干": 0.1}, "per_head": 60}}],
                                               {"together": ["亲情账户", "卡面"]}),
        "marketing.supplier_discount_gap": lambda: ([6_000_000], {"gross_margin": 0.28, "stock_days": 60,
                                                                  "insurance_share": 0.55, "insurance_lag_days": 45,
                                                                  "payable_days": 60, "discount_share": 0.6,
                                                                  "discount": 0.015, "cash_days": 7,
                                                                  "annual_rate": 0.0435}),
        "contribution.channel_account_review": lambda: ([pd.DataFrame({"渠道": ["驻点", "送礼"], "开户数": [100, 50],
                                                                       "留存比例": [0.8, 0.2], "活期日均": [9_000, 3_000],
                                                                       "定期日均": [20_000, 0], "一次性投入": [0, 5_000],
                                                                       "投入人天": [10, 2]})], {"day_cost": 1_000}),
        "contribution.relationship_ledger": lambda: ([pd.DataFrame({"年份": [2021, 2022], "直接贡献": [40_000, 60_000],
                                                                    "转介绍贡献": [50_000, 150_000], "损失": [0, 100_000],
                                                                    "投入": [40_000, 50_000]})],
                                                     {"anyway_share": 0.3, "discount_rate": 0.05}),
        "marketing.onsite_slot_reach": lambda: ([_roster(), {"月光族": 0.4, "骨干": 0.8}, {"月光族": 0.5, "骨干": 0.5},
                                                 {"月光族": 0.3, "骨干": 0.2}],
                                                {"officers": 3, "minutes": 60, "minutes_per_person": 15,
                                                 "hour_cost": 125, "travel_hours": 0.5, "gift_per_person": 20}),
        "marketing.cup_count_sales": lambda: ([30], {"staff_cups_per_day": 10, "cups_per_group": 2.5, "close_rate": 0.12, "avg_order": 15_000, "claimed_sales": 8_000_000}),
        "marketing.objection_buyer_rates": lambda: ([{"提出异议": (64, 22), "没提异议": (96, 9)}], {}),
        "marketing.onsite_slots_compare": lambda: ([_roster(), {"月光族": 0.4, "骨干": 0.8},
                                                    {"早班": {"presence": {"月光族": 0.8, "骨干": 0.5}, "officers": 3,
                                                             "minutes": 60, "minutes_per_person": 15}},
                                                    {"月光族": 0.3, "骨干": 0.2}],
                                                   {"hour_cost": 125, "gift_per_person": 20}),
        "marketing.payroll_deal": lambda: ([_projection()], {"annual_cost": 20_000, "ramp": [0.5, 1.0],
                                                             "day_cost": 1_000}),
        "marketing.household_balance_sheet": lambda: ([{"存款": 200_000, "房产": 800_000}, {"房贷": 300_000},
                                                       200_000, 80_000], {}),
        "marketing.instalment_batch_economics": lambda: ([312, 6_000, 12, 0.005],
                                                         {"referral_rate": 0.02, "funding_rate": 0.022,
                                                          "default_rate": 0.03, "default_lgd": 0.8, "fraud_rate": 0.01,
                                                          "cost_per_loan": 50, "store_buyback": 0.5,
                                                          "deferred_referral": True}),
        "marketing.savings_habit_plan": lambda: ([800.0, 12], {"savers": 50, "monthly_dropout": 0.05, "deposit_rate": 0.01,
                                                            "ftp_rate": 0.02, "cost_per_saver": 5.0}),
        "marketing.policy_review": lambda: ([pd.DataFrame({"被保险人": ["本人", "本人"], "险种": ["寿险", "重疾"],
                                                           "保额": [1_000_000, 1_200_000]}), 400_000, 800_000], {}),
        # tables
        "tables.is_rate_label": lambda: (["年化利率"], {}),
        # forms
        "forms.load": lambda: (["collection-log"], {}),
        "forms.all_forms": lambda: ([], {}),
        "forms.validate": lambda: (["household-debt-guarantee", {}], {"partial": True}),
        "forms.missing": lambda: (["household-debt-guarantee", {}], {}),
        "forms.to_html": lambda: (["collection-log"], {}),
        "forms.to_excel": lambda: (["collection-log", "hostile-form.xlsx"], {}),
        # workbooks
        "workbooks.loan_calculator": lambda: (["hostile-loan.xlsx"], {"principal": 300_000, "months": 36, "rows": 48}),
        "workbooks.rate_disclosure": lambda: (["hostile-rate.xlsx"], {"principal": 100_000, "fees": 2_000, "rows": 24}),
        "workbooks.contribution_calculator": lambda: (["hostile-contrib.xlsx"], {}),
        "workbooks.restoration_worksheet": lambda: (["hostile-restoration.xlsx"], {}),
        "workbooks.resource_request_workbook": lambda: (["hostile-request.xlsx"], {}),
    }
    return c


def _run_checks_call():
    from coursekit import restoration

    ws = restoration.restore(_borrower())
    return [ws.borrower, ws.figures, restoration.Tolerances()], {}


def _legend_ax():
    ax = _ax()
    ax.plot([1, 2], [1, 2], label="甲")
    ax.plot([1, 2], [2, 1], label="乙")
    return ax


def _invoices():
    return pd.DataFrame({"购买方": ["晟达物资", "青禾县城建工程队", "南坪镇建材零售户"],
                         "开票金额": [4_200_000, 1_800_000, 900_000], "红冲金额": [1_500_000, 0, 0],
                         "关联": [True, False, False], "流水转入": [2_600_000, 1_760_000, 890_000],
                         "回流": [2_550_000, 0, 0]})


def _circle():
    return pd.DataFrame([("甲", "乙"), ("乙", "丙"), ("丙", "甲")], columns=["guarantor_id", "borrower_id"])


def _overdue_loans():
    return pd.DataFrame([
        {"loan_id": "A", "balance": 300_000.0, "overdue_days": 40, "collateral_value": 500_000.0, "cost": 20_000.0},
        {"loan_id": "B", "balance": 200_000.0, "overdue_days": 75, "guarantor_recoverable": 100_000.0,
         "guarantee_end": "2025-02-14", "cost": 5_000.0},
        {"loan_id": "C", "balance": 150_000.0, "overdue_days": 88, "other_recoverable": 50_000.0, "cost": 10_000.0,
         "due_date": "2022-03-01"}])


def _scorecard():
    from coursekit import marketing

    if "scorecard" not in _CACHE:
        _CACHE["scorecard"] = marketing.cluster_scorecard(_bank())
    return _CACHE["scorecard"].copy()


def _grids():
    return pd.DataFrame({"网格": ["甲市场", "乙街"], "在营户数": [287, 364], "本行客户": [107, 114],
                         "年关店率": [0.05, 0.26], "距离（公里）": [6.2, 4.3]})


def _plan():
    from coursekit import marketing

    return marketing.batch_credit_plan(400)


def _funnel():
    from coursekit import marketing

    if "funnel" not in _CACHE:
        _CACHE["funnel"] = marketing.funnel(_bank())
    return _CACHE["funnel"].copy()


def _rush():
    from coursekit.datasets import relief_rush_batch

    return relief_rush_batch(0)


def _lift():
    from coursekit import marketing

    if "lift" not in _CACHE:
        _CACHE["lift"] = marketing.attendee_lift(_bank(), "A07")
    return _CACHE["lift"].copy()


def _flows():
    return {"trade_flows": pd.DataFrame({"payer_id": ["F", "F", "B1", "B2", "S1"],
                                         "payee_id": ["S1", "S2", "F", "F", "S0"],
                                         "amount": [100.0, 50.0, 30.0, 20.0, 7.0]}),
            "population": pd.DataFrame({"person_id": ["F", "S1", "S2", "B1", "B2", "S0"], "name": list("甲乙丙丁戊己"),
                                        "is_customer": [True, True, False, False, True, False]})}


def _flows_with_loans():
    return {**_flows(), "loans": pd.DataFrame({"customer_id": ["B2", "B2", "S1"], "status": ["正常", "结清", "逾期"],
                                               "balance": [50_000.0, 0.0, 30_000.0]})}


def _settlement():
    return {"settlement": pd.DataFrame({"customer_id": ["a", "a", "b", "c", "d", "e"],
                                        "inflow": [10.0, 30.0, 5.0, 100.0, 200.0, 1.0]}),
            "population": pd.DataFrame({"person_id": list("abcde"), "kind": ["个体工商户"] * 4 + ["农户"]}),
            "loans": pd.DataFrame({"customer_id": ["c", "d", "b"], "status": ["正常", "逾期", "结清"]})}


def _employees():
    return pd.DataFrame({"segment": ["月光族", "骨干", "骨干"], "payroll_at_bank": [True, True, False],
                         "avg_deposit": [1_000.0, 50_000.0, 30_000.0], "credit_card": [True, False, True],
                         "consumer_loan": [True, False, False], "wealth_balance": [0.0, 100_000.0, 0.0]})


def _roster():
    return pd.DataFrame({"分群": ["月光族", "骨干"], "人数": [20, 5], "月薪": [5_000.0, 11_000.0]})


def _profile():
    from coursekit import marketing

    return marketing.payroll_profile(_employees().assign(monthly_salary=[5_000.0, 9_000.0, 8_000.0]))


def _projection():
    from coursekit import marketing

    return marketing.payroll_projection(_roster(), _profile(), {"月光族": 0.6, "骨干": 0.3},
                                        effort_days={"月光族": 0.05, "骨干": 0.5})


def _table():
    from coursekit import tables

    return tables.table(pd.DataFrame({"期数": [1, 2], "本金": [11592.0, 900.0]}))


def _saved_record():
    from coursekit import kyc

    return kyc.save_record(_record(), "hostile-saved.json")


def _exported_excel():
    from coursekit import kyc

    return kyc.export_excel([_record()], "hostile-exported.xlsx", masked=False)


def _worksheet_excel():
    from coursekit import restoration

    return restoration.to_excel(restoration.restore(_borrower()), "hostile-saved-ws.xlsx")


#: 不直接驱动的公开名字，及理由
EXEMPT = {
    "team.IncentiveScheme": "规则容器：由 simulate_incentive() 逐项检查",
    "errors.InputError": "错误类型本身",
    "checks.CheckResult": "结果类型：由 check() 生成",
    "altscore.Evaluation": "结果类型：由 evaluate() 生成",
    "contribution.Comparison": "结果类型", "contribution.ContributionResult": "结果类型",
    "contribution.GroupContribution": "结果类型", "contribution.ExitTest": "结果类型",
    "contribution.ConcessionFloor": "结果类型：由 concession_floor() 生成",
    "crosssell.Scores": "结果类型：由 propensity() 生成",
    "datasets.TeachingBank": "结果类型：由 teaching_bank() 生成",
    "loans.AnnualizedRate": "结果类型", "offers.OfferCost": "结果类型", "loans.QuoteCost": "结果类型", "loans.FeeOffer": "结果类型", "loans.PrepayResult": "结果类型",
    "loans.PurchaseLoanSize": "结果类型：由 purchase_loan_size() 生成",
    "loans.SeasonalPlanCash": "结果类型：由 seasonal_plan_cash() 生成",
    "plotting.subplots": "直接转交 matplotlib.pyplot.subplots",
    "plotting.style": "无参数的上下文管理器",
    "kyc.privacy.mask_value": "内部积木：第一个参数是模板里校验过的 Field，读者的值经 masked_view/display_value 进来（已驱动）",
    "kyc.templates.coerce_value": "同上：读者的值经 new_record/update_record/check_values 进来（已驱动）",
    "restoration.core.run_checks": "内部积木：参数是 restore() 校验后生成的 Borrower/Figures，读者的值经 restore 进来（已驱动）",
    "tables.table": "写书人用的排版函数（参数来自笔记本代码，不是读者输入）；编程错误按设计抛 TypeError，"
                    "test_tables.py 固定了这一行为",
    "tables.show": "同上", "tables.group": "同上",
    "tables.Table": "显示类型：由 table() 生成", "tables.TableGroup": "显示类型：由 group() 生成",
    "kyc.templates.TemplateSet": "数据类型：由 load_templates() 校验模板文件后生成",
    "plotting.SideBySide": "显示类型：由 side_by_side() 生成",
    "marketing.BatchPlan": "结果类型：由 batch_credit_plan() 生成",
    "marketing.InstalmentBatch": "结果类型：由 instalment_batch_economics() 生成",
    "marketing.BatchStress": "结果类型：由 batch_stress() 生成",
    "marketing.TradeCycle": "结果类型：由 trade_cycle() 生成",
    "restoration.BreakEven": "结果类型", "restoration.InvoiceReport": "结果类型",
    "restoration.InvoiceLine": "结果类型：由 invoice_line() 生成", "risk.Contagion": "结果类型", "risk.GuaranteeCall": "结果类型：由 guarantee_call() 生成",
    "forms.Field": "数据类型：由表单文件校验后生成", "forms.Form": "同上", "forms.Section": "同上",
    "forms.to_pdf": "要用无头 Chromium 打印（几秒一份），坏值已由同一 Form 的 to_html 覆盖；另见 test_forms.py",
    "forms.to_pdfs": "同上：整批打印成 PDF",
    "workbooks.build_all": "把所有工作簿各写一遍（每份数百行公式），参数只有输出目录；单个工作簿已各自驱动",
    "compliance.Cycles": "结果类型：由 guarantee_cycles() 生成",
    "risk.Observation": "结果类型：由 observation_period() 生成",
    "restoration.SalesBasis": "结果类型", "restoration.Consolidation": "结果类型：由 consolidate() 生成",
    "scenarios.Node": "数据类型：由 scenario_from_dict() 校验后生成", "scenarios.Option": "同上",
    "scenarios.Scenario": "同上", "scenarios.Step": "结果类型", "scenarios.WalkResult": "结果类型",
    "scenarios.ScenarioPage": "显示类型：由 render_static() 生成",
    "kyc.Field": "数据类型：由模板文件校验后生成", "kyc.Template": "同上", "kyc.IdCardInfo": "结果类型",
    "kyc.KycRecord": "数据类型：由 new_record() 校验后生成", "kyc.Completeness": "结果类型", "kyc.KycDiff": "结果类型",
    "restoration.Figures": "结果类型", "restoration.Ratios": "结果类型", "restoration.Capacity": "结果类型",
    "restoration.Check": "结果类型", "restoration.FrameworkItem": "常量表的行", "restoration.CheckSpec": "常量表的行",
    "restoration.CashPath": "结果类型", "restoration.RampTest": "结果类型", "restoration.ReliefTest": "结果类型", "loans.UsageCost": "结果类型", "loans.MilestoneSweep": "结果类型",
    "restoration.LateReceipt": "结果类型",
    "restoration.SeasonPlans": "结果类型",
    "restoration.LoanHindsight": "结果类型",
    "restoration.RepeatLoan": "结果类型：由 repeat_loan() 生成",
    "restoration.NewDebtCapacity": "结果类型：由 capacity_with_new_debt() 生成",
    "restoration.MarginCapacity": "结果类型：由 capacity_at_margin() 生成",
    "restoration.PrivateDebtProbe": "结果类型：由 private_debt_probe() 生成",
    "restoration.FixedCostSqueeze": "结果类型：由 fixed_cost_squeeze() 生成",
    "restoration.SalesConsensus": "结果类型：由 sales_consensus() 生成",
    "restoration.TroughSurvival": "结果类型：由 trough_survival() 生成",
    "restoration.TroughLoan": "结果类型：由 trough_loan() 生成",
    "risk.Classification": "结果类型", "risk.WarningReport": "结果类型", "risk.WarningHistory": "结果类型",
    "risk.CollectionPlan": "结果类型",
}

#: 结果里允许 NaN 的地方（文档写明的含义）：{名字: 列名集合，或 True 表示整个结果}
NAN_OK = {
    "contribution.channel_account_review": {"每个有余额户的投入", "每人天净值"},   # 没有有余额户、没有投入人天时为空
    "compliance.scan": {"share", "days", "amount"},         # 担保圈没有单笔金额、占比、天数
    "compliance.score": {"精确率", "召回率"},                 # 没有发现/真值时无从计算
    "marketing.grid_pilot": {"盈亏平衡授权率"},             # 全部签了授权也不赚钱时为空
    "marketing.campaign_lift": {"每多借一户的成本"},         # 没有多借的户时为空
    "crosssell.propensity": True,                          # 已持有或不适用的产品记为 NaN
    "crosssell.evaluate": True,
    "crosssell.holding_matrix": set(),
    "restoration.cash_path": set(),
    "risk.roll_rates": True,                                # 上月该段无贷款时为空
    "risk.migration": set(),
    "kyc.completeness": True,
    "kyc.deidentify": True,
    "kyc.masked_view": True,
    "kyc.reminders": True,
    "contribution.contribution": {"raroc"},
    "contribution.group_contribution": True,
    "contribution.what_if": True,
    "restoration.restore": True,                            # 工作底稿里“未知”的比率为 None/NaN
    "restoration.Worksheet": True,
    "restoration.figures": set(),
    "risk.warning_history": True,
    "risk.early_warning": True,
    "risk.series_from_transactions": set(),
    "marketing.series_plan": {"每个好客户的成本", "打平所需转化率", "打平所需经营者占比"},
    "marketing.capacity_cover": {"覆盖倍数"},
    "marketing.payroll_benefits": {"每新增一户主账户的成本"},   # 没有新增主账户时为空值（文档写明）                # 没有新增台数或应还为 0 时覆盖倍数为空值（文档写明）
    "marketing.onsite_slots_compare": {"每新增一户主账户的成本"},   # 一个时段没有转过来任何人时为空值（文档写明）
    "marketing.session_review": {"每户批准的成本", "累计每户批准的成本"},  # 这一期（到这一期）没有批准时为无穷大（文档写明）  # 没有好客户、没有经营者时为无穷大（文档写明）
    "marketing.lift_value": True,                           # 存款提升不为正时“存款打平所需比例”为无穷大（文档写明）
    "marketing.funnel": {"单客成本"},                        # 没有人借款时单客成本记为无穷大（文档写明）
    "events.event_funnel": {"每位到场者成本", "每个好客户成本"},   # 没有人到场、没有好客户的渠道无从平均（空值）
    "events.event_plan": {"每位到场者成本", "每个好客户成本"},
    "marketing.payroll_value": {"人均贡献"},                 # 该分群在本行代发的人数为 0 时无从平均
    "marketing.policy_review": {"需要", "缺口"},             # 医疗险按报销型看有没有，不算金额
    "marketing.wechat_health": {"回复用时中位数（小时）", "提升度（相对随机）"},  # 窗口内没有回复时无从计算
    "marketing.evaluate_screening": {"提升度（相对随机）"},
    "marketing.batch_credit_plan": {"payback_months", "table"},
    "marketing.livestream_seller_lines": {"月均到账", "到账比"},   # 没交流水的户，月均到账、到账比为空（按应到账预估）
    "marketing.order_credit_plan": {"payback_months", "table"},   # 同 batch_credit_plan：每月贡献不为正时回收期为无穷大
    "marketing.break_even_pd": True,                        # 余额或违约损失率为 0 时为无穷大（文档写明）     # 每月贡献不为正时回收期记为无穷大（文档写明）
    # 原样带出的评分表列：只有“决定”“理由”是本函数算的
    "marketing.choose_clusters": {"客群编号", "客群", "类型", "总户数", "本行客户", "渗透率", "贷款余额", "担保关系数", "距离（公里）",
                                  "非客户", "其中路上人天"},
    "marketing.household_balance_sheet": {"数值"},          # 年支出为 0 时“流动资产可支撑月数”为无穷大（文档写明）
    "datasets.teaching_bank": True,                         # 教学数据里本来就有空值（如没有费率的产品）
    "datasets.school_payroll_group": True,                  # 没退群的退群日期、不是回复的 reply_to 本来就是空值
    "marketing.group_by_segment": {"咨询回复率", "红包后咨询回复率", "其他咨询回复率", "人均年贡献"},  # 没有咨询时无从计算
    "errors.require_frame": True,                           # 原样返回读者的表
    "risk.classify_portfolio": True,                       # 原表的列原样带回（读者的数据，可以有空值）
    "checks.check": {"answer", "expected"},                 # 原样记下学员的答案（NaN 答案得到“错误”反馈）
}


def public_names():
    """{"模块.名字": 对象}；子模块里已由包导出的同一对象只记包一级的名字。"""
    out, seen = {}, set()
    for m in sorted(MODULES, key=lambda n: (n.count("."), n)):
        mod = importlib.import_module(f"coursekit.{m}")
        for name in getattr(mod, "__all__", ()):
            obj = getattr(mod, name, None)
            if callable(obj) and id(obj) not in seen:
                seen.add(id(obj))
                out[f"{m}.{name}"] = obj
    return out


def slots(qualname: str, fn, args, kwargs) -> list:
    """可以替换的参数：位置参数的下标，以及签名里的关键字参数名（含没在合法调用里出现的）。"""
    out: list = list(range(len(args)))
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):
        return out + list(kwargs)
    params = list(sig.parameters.values())
    positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    taken = {p.name for p in positional[:len(args)]}
    for p in params:
        if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) or p.name in taken or p.name == "self":
            continue
        out.append(p.name)
    for k in kwargs:
        if k not in out:
            out.append(k)
    return out


# -- 结果里的数字 ---------------------------------------------------------------------------

def nonfinite(obj, allow, depth: int = 0) -> str | None:
    """结果里承诺是数字的地方有 NaN/无穷大时，返回位置说明；否则 None。"""
    if allow is True or depth > 3:
        return None
    allow = allow or set()
    if isinstance(obj, bool) or obj is None:
        return None
    if isinstance(obj, (float, np.floating)):
        return None if math.isfinite(obj) else repr(obj)
    if isinstance(obj, pd.DataFrame):
        for col in obj.columns:
            if str(col) in allow:
                continue
            s = obj[col]
            if pd.api.types.is_float_dtype(s.dtype) and not np.isfinite(s.to_numpy(dtype=float)).all():
                return f"列 {col}"
        return None
    if isinstance(obj, pd.Series):
        kept = obj[[str(k) not in allow for k in obj.index]]     # 一行一个量的结果：allow 里的量可以是无穷大
        if pd.api.types.is_float_dtype(kept.dtype) and not np.isfinite(kept.to_numpy(dtype=float)).all():
            return "Series"
        return None
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            if f.name in allow:
                continue
            where = nonfinite(getattr(obj, f.name, None), allow, depth + 1)
            if where:
                return f"{f.name}: {where}"
        return None
    if isinstance(obj, (list, tuple)) and len(obj) < 1000:
        for item in obj:
            where = nonfinite(item, allow, depth + 1)
            if where:
                return where
    return None


# -- 一次调用 ------------------------------------------------------------------------------

def call_with(qualname: str, fn, base, slot, value):
    args, kwargs = base
    args, kwargs = list(args), dict(kwargs)
    if isinstance(slot, int):
        args[slot] = value
    else:
        kwargs[slot] = value
    return fn(*args, **kwargs)


def outcome(qualname: str, fn, base, slot, value) -> tuple[str, str]:
    """("ok" | "input_error" | "bad_error" | "crash" | "nonfinite", 说明)。"""
    import warnings

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = call_with(qualname, fn, base, slot, value)
    except InputError as exc:
        field = getattr(exc, "field", "")
        message = getattr(exc, "message", str(exc))
        if not field or not _CJK.search(message) or field not in message:
            return "bad_error", f"{qualname}[{slot}]={_label(value)}: InputError 信息不合格：{message!r}"
        return "input_error", ""
    except Exception as exc:  # noqa: BLE001 - 就是要数这些
        return "crash", f"{qualname}[{slot}]={_label(value)}: {type(exc).__name__}: {str(exc)[:120]}"
    where = nonfinite(result, NAN_OK.get(qualname))
    if where:
        return "nonfinite", f"{qualname}[{slot}]={_label(value)}: 结果含 NaN/无穷大（{where}）"
    return "ok", ""


# -- 表格的变形 -----------------------------------------------------------------------------

def mutate_frame(df: pd.DataFrame, how: str, col: int, row: int, value):
    if not len(df.columns):
        return df
    c = df.columns[col % len(df.columns)]
    if how == "inject" and len(df):
        out = df.copy()
        out[c] = out[c].astype(object)
        out.iat[row % len(df), out.columns.get_loc(c)] = value
        return out
    if how == "drop":
        return df.drop(columns=c)
    if how == "dup_index":
        return pd.concat([df, df])
    if how == "empty":
        return df.iloc[:0]
    if how == "text_numbers":
        out = df.copy()
        for k in out.columns:
            if pd.api.types.is_float_dtype(out[k].dtype):
                out[k] = out[k].map(lambda v: f"{v:,.2f}" if v == v else "")
        return out
    if how == "all_nan":
        return df.assign(**{str(c): np.nan}) if isinstance(c, str) else df
    return df


FRAME_MUTATIONS = ("inject", "drop", "dup_index", "empty", "text_numbers", "all_nan")


# -- pytest -----------------------------------------------------------------------------------

if pytest is not None:
    @pytest.fixture(scope="module", autouse=True)
    def _in_tmp(tmp_path_factory):
        """写文件的函数（保存、导出）写到临时目录，不弄脏仓库。"""
        import matplotlib

        matplotlib.use("Agg")
        old = os.getcwd()
        os.chdir(tmp_path_factory.mktemp("hostile"))
        yield
        os.chdir(old)
        import matplotlib.pyplot as plt

        plt.close("all")

    CALLS = None

    def _registry():
        global CALLS
        if CALLS is None:
            CALLS = _calls()
        return CALLS

    def test_every_public_callable_is_driven_or_exempt():
        names = set(public_names())
        registered = set(_registry()) | set(EXEMPT)
        assert names - registered == set(), "新的公开函数要在 _calls() 里给一个合法调用，或在 EXEMPT 里写明理由"
        assert set(_registry()) - names == set()

    @pytest.mark.parametrize("qualname", sorted(set(public_names()) - set(EXEMPT)))
    def test_valid_call_works(qualname):
        fn = public_names()[qualname]
        args, kwargs = _registry()[qualname]()
        result = fn(*args, **kwargs)
        assert nonfinite(result, NAN_OK.get(qualname)) is None

    scalar = (st.sampled_from(HOSTILE)
              | st.floats(allow_nan=True, allow_infinity=True)
              | st.integers(min_value=-(10**40), max_value=10**40)
              | st.text(alphabet="０１２３４５６７８９０.,，-元￥ 年月日abc是否\u3000\t", max_size=8))

    #: 慢的调用少取几例（整个模块在 2 核机器上约一分钟）
    _SLOW = {"datasets.teaching_bank": 4, "datasets.school_payroll_group": 4, "marketing.group_by_segment": 8, "crosssell.propensity": 6, "crosssell.evaluate": 6,
             "crosssell.holding_matrix": 10, "crosssell.next_best": 10, "contribution.waterfall": 6,
             "plotting.money_axis": 6, "plotting.percent_axis": 6, "quiz.show": 8, "quiz.Quiz": 8,
             "kyc.export_excel": 8, "kyc.import_excel": 8, "restoration.to_excel": 8, "restoration.from_excel": 8,
             "kyc.export_html": 8, "risk.warning_history": 12, "compliance.scan": 25}
    _DEFAULT_EXAMPLES = 20

    @pytest.mark.parametrize("qualname", sorted(set(public_names()) - set(EXEMPT)))
    def test_hostile_arguments_only_raise_input_error(qualname):
        fn = public_names()[qualname]
        factory = _registry()[qualname]
        base = factory()
        places = slots(qualname, fn, *base)
        if not places:
            return

        @settings(max_examples=_SLOW.get(qualname, _DEFAULT_EXAMPLES), deadline=None,
                  suppress_health_check=list(HealthCheck))
        @given(data=st.data())
        def run(data):
            b = factory()
            slot = data.draw(st.sampled_from(places), label="参数")
            args, kwargs = b
            current = args[slot] if isinstance(slot, int) else kwargs.get(slot)
            if isinstance(current, pd.DataFrame) and data.draw(st.booleans(), label="变形表"):
                how = data.draw(st.sampled_from(FRAME_MUTATIONS), label="变形")
                value = mutate_frame(current, how, data.draw(st.integers(0, 50)), data.draw(st.integers(0, 50)),
                                     data.draw(scalar, label="单元格"))
            elif isinstance(current, dict) and current and data.draw(st.booleans(), label="改字典"):
                key = data.draw(st.sampled_from(sorted(current, key=str)), label="键")
                value = {**current, key: data.draw(scalar, label="值")}
            elif isinstance(current, list) and current and data.draw(st.booleans(), label="改列表"):
                i = data.draw(st.integers(0, len(current) - 1))
                value = current[:i] + [data.draw(scalar, label="元素")] + current[i + 1:]
            else:
                value = data.draw(scalar, label="坏值")
            kind, why = outcome(qualname, fn, b, slot, value)
            assert kind in ("ok", "input_error"), why

        run()

    # -- 部件 ---------------------------------------------------------------------------------

    def _widgets():
        from coursekit.widgets.compliance import FundFlowChecker, StaffRelativesCheck
        from coursekit.widgets.contribution import (ChannelReviewView, ContributionCalculator, RelationshipLedgerView,
                                                    SmallLoanPaths)
        from coursekit.widgets.marketing import SitePlanner
        from coursekit.widgets.crosssell import BookGrowthView, CrossSellExplorer
        from coursekit.widgets.events import EventPlanView
        from coursekit.widgets.offers import OfferCostView
        from coursekit import events
        from coursekit.widgets.loans import LoanCalculator, MilestoneSweepView, UsageCostView
        from coursekit import loans, restoration
        from coursekit.widgets.marketing import (BatchPlanExplorer, CampaignLiftExplorer, GridPilotExplorer,
                                                 GroupExposureView, OrderLimitExplorer, PayrollBenefitView,
                                                 OnsiteSlotView, PayrollDealView, SeriesPlanView,
                                                 SupplierDiscountView)
        from coursekit.widgets.marketing import DeveloperChannelView, PosterSiteView
        from coursekit.widgets.marketing import DealerGapView
        from coursekit.widgets.loans import AllInCostView
        from coursekit.widgets.marketing import InstalmentBatchView
        from coursekit.widgets.marketing import DeveloperChannelView, PosterSiteView, ReferralFeeView
        from coursekit.widgets.marketing import ChamberFundRecordView, LivestreamLineView
        from coursekit.widgets.kyc import HandoverPlanView
        from coursekit.widgets.restoration import FixedCostSqueezeView
        from coursekit.widgets.restoration import InvoiceLineView
        from coursekit.widgets.restoration import SalesConsensusView
        from coursekit.widgets.restoration import (ConsolidationView, RampTestExplorer, ReliefExplorer,
                                                   PrivateDebtView, RestorationWorksheet, SeasonPlansView,
                                                   StockSeasonView, TrancheCashView, TroughView)
        from coursekit.widgets.risk import (CollectionPlanner, EarlyWarningExplorer, GuaranteeCallView, JointLoanView,
                                            PortfolioDashboard)

        return {
            "ConsolidationView": lambda: ConsolidationView([_borrower(), {**_borrower(), "名称": "青禾粮油店"}],
                                                           intra_sales=[("青禾小卖部", "青禾粮油店", 100_000)],
                                                           hidden_member="青禾粮油店"),
            "FixedCostSqueezeView": lambda: FixedCostSqueezeView({**_borrower(), "经营负债": {"应付账款": 60_000}},
                                                                 annual_rate=0.05, amount=50_000, months=24,
                                                                 amounts=(50_000, 100_000)),
            "InvoiceLineView": lambda: InvoiceLineView(_invoices(), rate=0.08, cap=1_000_000, worksheet=_borrower(),
                                                       annual_rate=0.05, months=12),
            "SalesConsensusView": lambda: SalesConsensusView(_consensus_borrower(), annual_rate=0.05, months=24,
                                                             amount=100_000, unit_cost=3_500, unit="吨"),
            "PrivateDebtView": lambda: PrivateDebtView({**_borrower(), "权益历史": {"初始权益": 100_000, "期间月数": 12,
                                                                                "期间累计利润": 60_000}},
                                                       losses=20_000, annual_rate=0.05, months=12, amount=100_000),
            "TroughView": lambda: TroughView({"甲": {"底稿": _borrower(), "本行贷款": 100_000,
                                                     "低谷期销售额倍数": 0.88, "低谷期毛利率": 0.05}},
                                             annual_rate=0.05, start_month=5),
            "StockSeasonView": lambda: StockSeasonView(_borrower(), ["2025-01", "2025-02", "2025-03"], amount=50_000,
                                                       buy_months=["2025-01"], sell_months=["2025-03"]),
            "HandoverPlanView": lambda: HandoverPlanView(pd.DataFrame({"客户": ["甲", "乙"], "到期日": [None, "2025-03-10"]}),
                                                         "2025-01-06", officers=1),
            "SeasonPlansView": lambda: SeasonPlansView(100_000, {"2025-01": -5_000, "2025-02": 0, "2025-03": 8_000},
                                                       {"先息后本": [0, 0, 20_000]}, amount=60_000,
                                                       buy_months=["2025-01"], sell_months=["2025-02"]),
            "TrancheCashView": lambda: TrancheCashView(
                {**_borrower(), "季节系数": [1.4, 1.2, 0.9, 0.8, 0.8, 0.7, 0.7, 0.8, 0.9, 1.0, 1.2, 1.6]},
                ["2025-02", "2025-03", "2025-04"], start_level=0.5, step=0.05, tranches=[(100_000, "2024-10-15")],
                second_amount=80_000, threshold=0.55, annual_rate=0.0435, grace_months=6, injection=10_000),
            "LoanCalculator": lambda: LoanCalculator(300_000, months=36),
            "MilestoneSweepView": lambda: MilestoneSweepView(1_200_000, 0.042, 9, pd.DataFrame(
                {"付款方": ["医院", "妇幼"], "月份": [3, 8], "金额": [800_000, 1_200_000]})),
            "UsageCostView": lambda: UsageCostView(300_000, {"一年期": (0.055, "全年计息"), "线上": (0.1095, "按用款计息")},
                                                   online="线上"),
            "RestorationWorksheet": lambda: RestorationWorksheet(_borrower()),
            "RampTestExplorer": lambda: RampTestExplorer(
                restoration.restore(_borrower()),
                restoration.restore({**_borrower(), "产品": [{"名称": "粮油", "销售额": 900_000, "毛利率": 0.12}]}),
                {"先息后本": loans.schedule(30_000, 0.06, 3, "先息后本", start="2025-01-10")}, install_months=1),
            "ReliefExplorer": lambda: ReliefExplorer(restoration.restore(_borrower()), 50_000, 12, 0.054,
                                                     trough_factor=0.4, trough_months=3, recovery_factor=0.9),
            "ContributionCalculator": lambda: ContributionCalculator({"名称": "甲", "活期存款日均": 10_000,
                                                                       "贷款日均": 100_000, "贷款利率": 0.05, "贷款笔数": 1}),
            "SitePlanner": lambda: SitePlanner(pd.DataFrame({"地点": ["远村"], "建档户数": [80], "预计贷款户数": [20],
                                                              "预计贷款余额（万元）": [200], "距离（公里）": [15],
                                                              "车速（公里/小时）": [30]}), {"远村": "驻点"}, staff_days=30),
            "SmallLoanPaths": lambda: SmallLoanPaths([{"名称": "小", "户数": 10, "贷款日均": 20_000, "贷款利率": 0.058,
                                                        "贷款笔数": 1}], drop=["小"], deepened={"活期存款日均": 15_000}),
            "CrossSellExplorer": lambda: CrossSellExplorer(_bank(), customer_id="C000004"),
            "BookGrowthView": lambda: BookGrowthView(_bank(), "M12", first_year=2022),
            "OfferCostView": lambda: OfferCostView({"principal": 200_000, "months": 12, "monthly_rate": 0.004,
                                                    "fee": 2_000.0, "premium": 12_000.0, "cash_value": 7_800.0},
                                                   reference=0.045),
            "GuaranteeCallView": lambda: GuaranteeCallView(_circle(), {"甲": _borrower(), "乙": _borrower()},
                                                           {"甲": 60_000, "乙": 50_000, "丙": 40_000}, "丙",
                                                           annual_rate=0.05, months=12, recovery=10_000),
            "JointLoanView": lambda: JointLoanView({"甲": 600_000, "乙": 250_000, "丙": 150_000},
                                                   {"甲": 500_000, "乙": 300_000, "丙": 180_000}, key="甲"),
            "EventPlanView": lambda: EventPlanView(events.event_funnel(_tea(), fixed_cost=3_000.0, per_guest=130.0),
                                                   {"商会群通知": {"邀请": 146, "邀请人天": 0.5},
                                                    "老会员带一位": {"邀请": 20, "邀请人天": 4.0}},
                                                   key="老会员带一位", costs={"fixed_cost": 3_000.0, "per_guest": 130.0}),
            "FundFlowChecker": lambda: FundFlowChecker(_txns(), _loans_small()),
            "StaffRelativesCheck": lambda: StaffRelativesCheck(_txns(), _loans_small(),
                                                               pd.DataFrame({"姓名": ["王小禾"], "员工": ["李青禾"],
                                                                             "关系": ["配偶"]})),
            "PortfolioDashboard": lambda: PortfolioDashboard(_bank().loans),
            "EarlyWarningExplorer": lambda: EarlyWarningExplorer(None, _series()),
            "CollectionPlanner": lambda: CollectionPlanner(45),
            "BatchPlanExplorer": lambda: BatchPlanExplorer(80, approval_rate=0.75, take_up=0.6),
            "SeriesPlanView": lambda: SeriesPlanView(6, 40, 0.5, 0.05, 12_000, 5, 5_000),
            "InstalmentBatchView": lambda: InstalmentBatchView(
                {"loans_count": 312, "avg_ticket": 6_000, "months": 12, "monthly_fee_rate": 0.005,
                 "referral_rate": 0.02, "funding_rate": 0.022, "default_rate": 0.03, "default_lgd": 0.8}),
            "ReferralFeeView": lambda: ReferralFeeView(
                pd.DataFrame({"渠道": ["甲", "乙"], "申请": [10, 20], "批准": [8, 12], "户均贷款": [80_000, 80_000],
                              "违约率": [0.01, 0.04], "每笔推荐费": [500, 500]}), extra_row="乙", fee_rows=["甲", "乙"],
                net_margin=0.022, lgd=0.6, cost_per_application=300),
            "PosterSiteView": lambda: PosterSiteView(
                pd.DataFrame({"位置": ["甲"], "扫码": [100], "留资": [40], "申请": [10], "借款": [5], "费用": [500],
                              "人天": [2]}), value_per_loan=3_000),
            "AllInCostView": lambda: AllInCostView(300_000, {"本行": {"rate": 0.0435, "favour_cost": 2_000},
                                                             "他行": {"rate": 0.052, "billing": "按用款计息"}},
                                                   key="本行", used_months=5),
            "DealerGapView": lambda: DealerGapView(
                pd.DataFrame({"经销商": ["A"], "月进货额": [300_000], "商超月销售额": [300_000], "小店月销售额": [75_000],
                              "自有资金": [100_000]}), supermarket_days=60),
            "DeveloperChannelView": lambda: DeveloperChannelView(
                pd.DataFrame({"楼栋": ["A"], "阶段": ["停工"], "笔数": [10], "贷款余额": [3_000_000],
                              "房屋市值": [5_000_000]}), stop_pay={"停工": 0.4}, value_share={"停工": 0.25}),
            "OrderLimitExplorer": lambda: OrderLimitExplorer(pd.DataFrame({"零售户": ["A"], "近12月订货额": [240_000],
                                                                           "订货月数": [12], "最近一月订货额": [36_000],
                                                                           "许可证剩余月数": [30]})),
            "GridPilotExplorer": lambda: GridPilotExplorer(_grids(), consent_rate=0.25, closing_pd=0.35),
            "CampaignLiftExplorer": lambda: CampaignLiftExplorer(_bank(), selection=1.2),
            "ChamberFundRecordView": lambda: ChamberFundRecordView(pd.DataFrame({"会员": ["甲"], "用途": ["转贷过桥"],
                                                                                 "金额": [100_000], "迟还天数": [0],
                                                                                 "已还清": [True]})),
            "LivestreamLineView": lambda: LivestreamLineView(pd.DataFrame({"卖家": ["甲"], "品类": ["服装"],
                                                                           "月均成交额": [500_000], "月均到账": [250_000]}),
                                                             {"服装": 0.4}),
            "GroupExposureView": lambda: GroupExposureView(_flows_with_loans(), "F", new_shops=1, amount_wan=20),
            "PayrollDealView": lambda: PayrollDealView(_roster(), _profile(), {"月光族": 0.6, "骨干": 0.3},
                                                       effort_days={"月光族": 0.05, "骨干": 0.5},
                                                       params={"payroll_fee_per_employee": 0}, annual_cost=20_000),
            "ChannelReviewView": lambda: ChannelReviewView(
                pd.DataFrame({"渠道": ["驻点", "送礼"], "开户数": [100, 50], "留存比例": [0.8, 0.2],
                              "活期日均": [9_000, 3_000], "定期日均": [20_000, 0], "一次性投入": [0, 5_000],
                              "投入人天": [10, 2]}), key="送礼"),
            "RelationshipLedgerView": lambda: RelationshipLedgerView(
                pd.DataFrame({"年份": [2021, 2022], "直接贡献": [40_000, 60_000], "转介绍贡献": [50_000, 150_000],
                              "损失": [0, 100_000], "投入": [40_000, 50_000]}), anyway_share=0.3),
            "SupplierDiscountView": lambda: SupplierDiscountView(
                {"annual_sales": 6_000_000, "gross_margin": 0.28, "stock_days": 60, "insurance_share": 0.55,
                 "insurance_lag_days": 45, "payable_days": 60, "discount_share": 0.6, "discount": 0.015,
                 "cash_days": 7, "annual_rate": 0.0435}, limit=1_250_000),
            "OnsiteSlotView": lambda: OnsiteSlotView(_roster(), {"月光族": 0.4, "骨干": 0.8},
                                                     {"早班": {"presence": {"月光族": 0.8, "骨干": 0.5}, "officers": 3,
                                                              "minutes": 60, "minutes_per_person": 15}},
                                                     {"月光族": 0.3, "骨干": 0.2}, key="早班", segment="月光族",
                                                     costs={"hour_cost": 125}),
            "PayrollBenefitView": lambda: PayrollBenefitView(_roster(), _profile(), {"月光族": 0.4, "骨干": 0.8},
                                                             {"亲情账户": {"uplift": {"月光族": 0.2}, "per_user": 18},
                                                              "卡面": {"uplift": {"月光族": 0.05}, "per_head": 60}},
                                                             key="亲情账户", segment="月光族"),
        }

    def _free_entry(w):
        import ipywidgets as W

        kinds = (W.FloatText, W.BoundedFloatText, W.IntText, W.BoundedIntText, W.Text, W.Textarea)
        return [name for name, ctl in w.controls.items() if isinstance(ctl, kinds)]

    def _hostile_for(ctl):
        import ipywidgets as W

        if isinstance(ctl, (W.FloatText, W.BoundedFloatText)):
            return st.sampled_from([NAN, INF, -INF, 1e308, -1e308, 5e-324, -0.0, -1.0, 0.0, 1e15])
        if isinstance(ctl, (W.IntText, W.BoundedIntText)):
            return st.sampled_from([0, -1, 10**9, -(10**9), 2**62])
        return st.sampled_from(["", " ", "abc", "１２３", "12,000", "\u3000", "否", "x" * 500, "C000004 "])

    def _check_widget(w, where: str):
        assert w.unexpected is None, f"{where}: {type(w.unexpected).__name__}: {w.unexpected}"
        if w.error is not None:
            assert w.result is None, f"{where}: 出错时仍留着旧结果"
            shown = [box.value for box in w._field_errors.values()] + [w._top_error.value]
            assert sum(bool(v) for v in shown) >= len({e.field for e in w.errors}) or w._top_error.value, where
            assert any(w.error.message.split("：")[0] in v for v in shown), f"{where}: 错误没有显示出来"
        else:
            assert nonfinite(w.result, True if where.startswith(("CrossSell", "Restoration", "Contribution"))
                             else None) is None, f"{where}: 结果含 NaN/无穷大"

    @pytest.mark.parametrize("widget", ["ConsolidationView", "StockSeasonView", "SeasonPlansView", "TrancheCashView",
                                        "LoanCalculator",
                                        "RestorationWorksheet",
                                        "ContributionCalculator", "CrossSellExplorer", "FundFlowChecker",
                                        "StaffRelativesCheck", "PortfolioDashboard", "EarlyWarningExplorer",
                                        "CollectionPlanner", "SmallLoanPaths", "RampTestExplorer", "SitePlanner",
                                        "BookGrowthView", "EventPlanView", "OfferCostView", "JointLoanView",
                                        "OnsiteSlotView", "RelationshipLedgerView", "SupplierDiscountView",
                                        "ChannelReviewView", "DealerGapView", "AllInCostView"])
    def test_widget_free_entry_controls_show_errors_not_tracebacks(widget):
        import matplotlib.pyplot as plt

        make = _widgets()[widget]
        w = make()
        assert w.error is None and w.result is not None
        names = _free_entry(w)
        if not names:
            return

        @settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
        @given(data=st.data())
        def run(data):
            chosen = data.draw(st.lists(st.sampled_from(names), min_size=1, max_size=3, unique=True), label="字段")
            for name in chosen:
                ctl = w.controls[name]
                value = data.draw(_hostile_for(ctl), label=name)
                try:
                    ctl.value = value
                except Exception:  # noqa: BLE001 - 控件自己拒收（如 Bounded 的越界值）：读者也输不进去
                    continue
                _check_widget(w, f"{widget}.{name}={_label(value)}")
            plt.close("all")

        run()

    def test_loan_calculator_marks_every_invalid_field_and_clears_results():
        from coursekit.widgets.loans import LoanCalculator

        w = LoanCalculator(300_000, months=36)
        assert w.result is not None
        w.controls["贷款本金"].value = -5.0
        assert w.result is None and "贷款本金" in w._field_errors["贷款本金"].value
        assert "结果已清除" in str(w.output.outputs)
        w.controls["期限（月）"].value = 0
        w.controls["费用"].value = float("nan")
        marked = {name for name, box in w._field_errors.items() if box.value}
        assert marked == {"贷款本金", "期限（月）", "费用"}
        assert w.result is None and len(w.errors) == 3
        w.controls["贷款本金"].value = 300_000.0
        w.controls["期限（月）"].value = 36
        w.controls["费用"].value = 0.0
        assert w.error is None and w.result is not None and not any(b.value for b in w._field_errors.values())

    @pytest.mark.parametrize("path", ["", ".", " ", "..", "no/such/dir/", "/"])
    def test_kyc_form_file_buttons_with_bad_paths(path):
        from coursekit.widgets.kyc import KycForm

        form = KycForm("个体工商户")
        form.path.value = path
        for action in (form.export_excel, form.export_html, form.save, form.load):
            action()                                   # 不抛异常
            assert "⚠" in form.status.value


# -- 计数模式 -----------------------------------------------------------------------------------

def sweep(verbose: bool = False) -> Counter:
    """每个公开函数 × 每个参数 × 每个固定坏值（表格参数再加每种变形），逐一调用并计数。"""
    import matplotlib

    matplotlib.use("Agg")
    counts: Counter = Counter()
    examples: dict[str, list[str]] = {"crash": [], "nonfinite": [], "bad_error": []}
    names = public_names()
    calls = _calls()
    for qualname in sorted(set(names) - set(EXEMPT)):
        if qualname not in calls:
            continue
        fn = names[qualname]
        try:
            base = calls[qualname]()
        except Exception as exc:  # noqa: BLE001 - 旧代码可能没有这个参数
            counts["skipped"] += 1
            print("skip", qualname, type(exc).__name__, exc)
            continue
        for slot in slots(qualname, fn, *base):
            current = base[0][slot] if isinstance(slot, int) else base[1].get(slot)
            values = list(HOSTILE)
            if isinstance(current, list) and current:
                values += [current[:-1] + [v] for v in HOSTILE]
            if isinstance(current, dict) and current:
                values += [{**current, k: v} for k in current for v in HOSTILE]
            if isinstance(current, pd.DataFrame):
                values += [mutate_frame(current, how, c, 0, v) for how in FRAME_MUTATIONS
                           for c in range(len(current.columns)) for v in ((NAN, "abc") if how == "inject" else (None,))]
            for value in values:
                b = calls[qualname]()
                kind, why = outcome(qualname, fn, b, slot, value)
                counts["calls"] += 1
                counts[kind] += 1
                if why:
                    examples[kind].append(why)
    import matplotlib.pyplot as plt

    plt.close("all")
    for kind, items in examples.items():
        print(f"\n== {kind}: {len(items)}")
        for line in items[: (len(items) if verbose else 15)]:
            print("  ", line)
    return counts


if __name__ == "__main__":  # pragma: no cover - 手工计数
    with tempfile.TemporaryDirectory() as tmp:
        here = os.getcwd()
        os.chdir(tmp)
        try:
            c = sweep(verbose="-v" in sys.argv)
        finally:
            os.chdir(here)
    print("\n", dict(c))
