"""Excel 工具：用公式引擎（PyPI 的 formulas 包）重算工作簿，与 coursekit 逐一对到分、对到 0.01 个百分点。

为控制运行时间，每个工具只生成一个工作簿并加载一次，之后每组随机输入只改写输入格子再重算；
贷款计算器和年化利率表用较少的行数生成（每行公式相同，另有一个测试核对与全尺寸工作簿逐行一致）。
"""
from __future__ import annotations

import math
import random

import pytest

from coursekit import contribution as C
from coursekit import loans
from coursekit import workbooks as W

formulas = pytest.importorskip("formulas")

N_CASES = 50
LOAN_ROWS = 30
RATE_ROWS = 24


def _model(path):
    xl = formulas.ExcelModel().loads(str(path)).finish()
    prefix = f"'[{path.name}]{W.SHEET}'!"
    return xl, prefix


def _calc(xl, prefix, inputs: dict, outputs: dict) -> dict:
    ins = {prefix + cell: value for cell, value in inputs.items()}
    outs = {name: prefix + cell for name, cell in outputs.items()}
    sol = xl.calculate(inputs=ins, outputs=list(outs.values()))
    return {name: sol[ref].value[0, 0] for name, ref in outs.items()}


def _num(x) -> float:
    value = float(x)
    assert math.isfinite(value), x
    return value


def _loan_case(rng: random.Random) -> dict:
    method = rng.choice(loans.METHODS)
    months = rng.randint(1, LOAN_ROWS)
    principal = round(rng.uniform(1_000, 2_000_000), 2)
    rate = 0.0 if rng.random() < 0.08 else round(rng.uniform(0.02, 0.24), 4)
    grace = rng.randint(0, months - 1) if method in ("等额本息", "等额本金") and months > 1 and rng.random() < 0.4 else 0
    fees = round(rng.uniform(0, 0.05) * principal, 2) if rng.random() < 0.5 else 0.0
    return {"principal": principal, "annual_rate": rate, "months": months, "method": method,
            "grace_months": grace, "fees": fees}


def test_loan_calculator_matches_coursekit(tmp_path):
    path = W.loan_calculator(tmp_path / "loan.xlsx", rows=LOAN_ROWS)
    xl, prefix = _model(path)
    rng = random.Random(20241201)
    for _ in range(N_CASES):
        case = _loan_case(rng)
        got = _calc(xl, prefix, {W.LOAN_INPUTS[k]: v for k, v in case.items()}, W.LOAN_OUTPUTS)
        df = loans.schedule(case["principal"], case["annual_rate"], case["months"], case["method"],
                            fees=case["fees"], grace_months=case["grace_months"])
        pays = df.loc[df["期数"] > 0, "月供"]
        first = float(pays[pays > 0].iloc[0])
        rate = loans.annualized_rate(case["principal"], pays, fees=case["fees"])
        assert abs(_num(got["payment"]) - first) < 0.005, case
        assert abs(_num(got["total_interest"]) - float(df["利息"].sum())) < 0.005, case
        assert abs(_num(got["total_paid"]) - (float(pays.sum()) + case["fees"])) < 0.005, case
        # 披露口径 = 12 × 月 IRR（单利），对到 0.01 个百分点
        assert abs(_num(got["annual"]) - rate.annual) < 1e-4, case
        assert abs(_num(got["annual"]) - 12 * _num(got["periodic"])) < 1e-12
        assert abs(_num(got["effective"]) - rate.effective) < 1e-4, case


def test_full_size_loan_sheet_repeats_the_tested_row_formulas(tmp_path):
    from openpyxl import load_workbook

    small = load_workbook(W.loan_calculator(tmp_path / "s.xlsx", rows=LOAN_ROWS))[W.SHEET]
    full = load_workbook(W.loan_calculator(tmp_path / "f.xlsx"))[W.SHEET]
    first = W._FIRST
    for r in range(first - 1, first + LOAN_ROWS):
        for c in range(1, 8):
            assert small.cell(r, c).value == full.cell(r, c).value, (r, c)
    last = first + W.SCHEDULE_ROWS - 1
    assert full.cell(last, 1).value == W.SCHEDULE_ROWS
    assert full["B15"].value == f"=SUM(D{first}:D{last})"
    assert full["B12"].value == f"=G{last}"
    # 输入格子未锁定，其余锁定
    assert full.protection.sheet
    assert not full["B4"].protection.locked and full["B12"].protection.locked


def test_rate_disclosure_matches_coursekit(tmp_path):
    path = W.rate_disclosure(tmp_path / "rate.xlsx", rows=RATE_ROWS)
    xl, prefix = _model(path)
    rng = random.Random(7)
    first = W._RATE_FIRST
    for _ in range(N_CASES):
        principal = round(rng.uniform(5_000, 500_000), 2)
        n = rng.randint(1, RATE_ROWS)
        fees = round(rng.uniform(0, 0.08) * principal, 2) if rng.random() < 0.7 else 0.0
        if rng.random() < 0.5:   # 规则的等额还款（含“月费率”式的报价）
            pays = list(loans.schedule(principal, rng.uniform(0.03, 0.3), n)["月供"])
        else:                    # 不规则还款
            weights = [rng.uniform(0.2, 1.0) for _ in range(n)]
            total = principal * rng.uniform(1.0, 1.4)
            pays = [round(total * w / sum(weights), 2) for w in weights]
        ppy = rng.choice((12, 12, 12, 4))
        inputs = {W.RATE_INPUTS["principal"]: principal, W.RATE_INPUTS["fees"]: fees,
                  W.RATE_INPUTS["periods_per_year"]: ppy}
        inputs.update({f"B{first + i}": (pays[i] if i < n else 0.0) for i in range(RATE_ROWS)})
        got = _calc(xl, prefix, inputs, W.RATE_OUTPUTS)
        rate = loans.annualized_rate(principal, pays, fees=fees, periods_per_year=ppy)
        assert abs(_num(got["annual"]) - rate.annual) < 1e-4, (principal, fees, pays)
        assert abs(_num(got["annual"]) - ppy * rate.periodic) < 1e-4
        assert abs(_num(got["total_cost"]) - rate.total_cost) < 0.005


def test_contribution_calculator_matches_coursekit(tmp_path):
    path = W.contribution_calculator(tmp_path / "contrib.xlsx")
    xl, prefix = _model(path)
    cust_cells, months_cell, param_cells = W._cells()
    rng = random.Random(11)
    for _ in range(N_CASES):
        has_loan = rng.random() < 0.8
        cust = {
            "count": rng.choice((1, 1, 1, 5, 80)), "accounts": rng.randint(1, 4),
            "demand_deposit_avg": round(rng.uniform(0, 2e6), 2), "time_deposit_avg": round(rng.uniform(0, 1e6), 2),
            "loan_avg": round(rng.uniform(1e4, 5e6), 2) if has_loan else 0.0,
            "loan_rate": round(rng.uniform(0.03, 0.12), 4) if has_loan else 0.0,
            "loan_count": rng.randint(1, 3) if has_loan else 0,
            "payroll_employees": rng.randint(0, 200), "acquiring_turnover": round(rng.uniform(0, 5e6), 2),
            "settlement_turnover": round(rng.uniform(0, 2e7), 2), "wealth_avg": round(rng.uniform(0, 1e6), 2),
            "insurance_premium": round(rng.uniform(0, 5e4), 2), "credit_cards": rng.randint(0, 3),
        }
        params = {"ftp_loan": round(rng.uniform(0.015, 0.035), 4), "pd": round(rng.uniform(0.005, 0.05), 4),
                  "lgd": round(rng.uniform(0.2, 0.6), 2), "cost_per_loan": rng.choice((1500.0, 3000.0, 5000.0))}
        months = rng.choice((12, 12, 6, 3, 24))
        inputs = {cust_cells[k]: v for k, v in cust.items()}
        inputs.update({param_cells[k]: v for k, v in params.items()})
        inputs[months_cell] = months
        got = _calc(xl, prefix, inputs, W.CONTRIB_OUTPUTS)
        ref = C.contribution({**cust, "loan_rate": cust["loan_rate"] if has_loan else None},
                             C.ContributionParams(**params), period_months=months)
        # Excel 的 ROUND 按十进制“四舍五入”；coursekit 用 Python 的 round，对恰好落在半分上的数（如 3136.535，
        # 二进制里是 3136.5349999…）会舍去。只在这种真正的半分上允许差 1 分，其余必须分毫不差。
        values, _ = C._amounts(C.Customer(**{**cust, "loan_rate": cust["loan_rate"] if has_loan else None}),
                               C.ContributionParams(**params))
        ties = sum(abs((v * months / 12 * 100) % 1 - 0.5) < 1e-6 for v in values)
        allowed = 0.005 + 0.01 * ties
        assert abs(_num(got["total"]) - ref.total) < allowed, cust
        assert abs(_num(got["eva"]) - ref.eva) < allowed, cust
        if ref.raroc is None:
            assert got["raroc"] == "无贷款"
        else:
            assert abs(_num(got["raroc"]) - ref.raroc) < 1e-4


def test_resource_request_workbook_matches_team_resource_request(tmp_path):
    """内部资源申请测算：50 组随机客户与申请内容，与 coursekit.team.resource_request 的“要点”逐项一致。"""
    from coursekit import team

    path = W.resource_request_workbook(tmp_path / "request.xlsx")
    xl, prefix = _model(path)
    cust_cells, _after, param_cells, req_cells = W._request_cells()
    rng = random.Random(20261204)
    names = {"net_before": "现状综合贡献度（元）", "net_after": "申请后综合贡献度（元，扣直接费用）",
             "net_change": "净变化（元）", "discount_cost": "利率优惠让出的利息（元）",
             "raroc_before": "现状 RAROC", "raroc_after": "申请后 RAROC", "el_before": "现状预期损失（元）",
             "el_after": "申请后预期损失（元）", "break_even_deposit": "打平代价所需的活期存款增量（元）"}
    for _ in range(N_CASES):
        has_loan = rng.random() < 0.85
        cust = {
            "count": rng.choice((1, 1, 1, 3)), "accounts": rng.randint(1, 3),
            "demand_deposit_avg": round(rng.uniform(0, 2e6), 2), "time_deposit_avg": round(rng.uniform(0, 1e6), 2),
            "loan_avg": round(rng.uniform(1e4, 5e6), 2) if has_loan else 0.0,
            "loan_rate": round(rng.uniform(0.03, 0.12), 4) if has_loan else 0.0,
            "loan_count": rng.randint(1, 3) if has_loan else 0,
            "payroll_employees": rng.randint(0, 200), "acquiring_turnover": round(rng.uniform(0, 5e6), 2),
            "settlement_turnover": round(rng.uniform(0, 2e7), 2), "wealth_avg": round(rng.uniform(0, 1e6), 2),
        }
        params = {"ftp_loan": round(rng.uniform(0.015, 0.035), 4), "pd": round(rng.uniform(0.005, 0.05), 4)}
        req = {"kind": rng.choice(("利率优惠", "贷款规模", "宣传品")),
               "rate_discount_bp": rng.choice((0, 20, 50, 100)) if has_loan else 0,
               "extra_loan": round(rng.uniform(0, 1e6), 2) if rng.random() < 0.5 else 0.0,
               "extra_deposit": round(rng.uniform(0, 1e6), 2), "extra_settlement": round(rng.uniform(0, 5e6), 2),
               "direct_cost": round(rng.uniform(0, 2e4), 2) if rng.random() < 0.5 else 0.0}
        inputs = {cust_cells[k]: v for k, v in cust.items()}
        inputs.update({param_cells[k]: v for k, v in params.items()})
        inputs.update({req_cells[k]: v for k, v in req.items()})
        got = _calc(xl, prefix, inputs, W.REQUEST_OUTPUTS)
        # 没有贷款的客户，工作簿里现状利率填的是 0（不是留空）：两边都按 0 算，新增贷款按现状利率减优惠定价
        ref = team.resource_request(cust, req["kind"], params=params,
                                    **{k: v for k, v in req.items() if k != "kind"})["要点"]
        for key, label in names.items():
            tol = 1e-6 if "raroc" in key else (0.15 if "net" in key else 0.01)
            assert abs(_num(got[key]) - ref[label]) <= tol, (key, got[key], ref[label], cust, req)
