"""还原底稿计算器：用公式引擎重算 50 户随机借款人，与 coursekit.restoration.Worksheet 逐项对照。

对照的是：损益与可支配收入（到分）、资产负债与权益、十二项交叉检验的偏差（到 0.01 个百分点）和结论
（“通过 / 关注 / 不通过”，资料不全时工作簿显示“未提供”、coursekit 不做这一项），以及按申报销售额、
等额本息测算的还款能力（最高可贷金额、月供、安全边际、偿债覆盖率、结论）。
"""
from __future__ import annotations

import math
import random

import pytest

from coursekit import workbooks as W
from coursekit.errors import InputError
from coursekit.restoration import Worksheet
from coursekit.restoration.framework import Tolerances
from coursekit.restoration.model import Borrower

formulas = pytest.importorskip("formulas")

N_CASES = 50
SECTIONS = ("costs", "household", "business_assets", "business_liabilities", "household_assets",
            "household_liabilities", "off_balance")


def _maybe(rng, p, value):
    return value if rng.random() < p else None


def _borrower(rng: random.Random) -> Borrower:
    k = rng.randint(1, W.PRODUCT_ROWS)
    products = [{"名称": f"产品{i}", "销售额": round(rng.uniform(1e5, 3e6), 2), "毛利率": round(rng.uniform(0.05, 0.6), 4)}
                for i in range(k)]
    sales = sum(p["销售额"] for p in products)
    money = lambda hi: round(rng.uniform(0, hi), 2)  # noqa: E731
    costs = {"房租": money(2e4), "工资": money(5e4), "水电": money(5e3), "运输": money(1e4), "税费": money(1e4),
             "利息": money(2e4) if rng.random() < 0.7 else 0, "其他费用": money(5e3)}
    ev = {"银行流水年入账": _maybe(rng, 0.7, round(sales * rng.uniform(0.5, 1.2), 2)),
          "现金收款比例": _maybe(rng, 0.5, round(rng.uniform(0, 0.6), 3)),
          "年进货额": _maybe(rng, 0.6, round(sales * rng.uniform(0.3, 0.95), 2)),
          "年用电量": _maybe(rng, 0.3, rng.randint(1_000, 500_000)),
          "每度电销售额": _maybe(rng, 0.3, round(rng.uniform(2, 40), 2)),
          "实物记录年用量": _maybe(rng, 0.4, rng.randint(10, 5_000)),
          "每单位实物销售额": _maybe(rng, 0.4, round(rng.uniform(500, 20_000), 2)),
          "年纳税额": _maybe(rng, 0.4, round(sales * rng.uniform(0.005, 0.05), 2)),
          "税负率": _maybe(rng, 0.4, round(rng.uniform(0.005, 0.05), 4)),
          "观察日营业额": _maybe(rng, 0.4, round(sales / 365 * rng.uniform(0.5, 1.5), 2)),
          "月营业天数": _maybe(rng, 0.4, rng.randint(20, 31)),
          "观察月份": _maybe(rng, 0.5, rng.randint(1, 12)),
          "流水月固定转出": _maybe(rng, 0.4, money(3e4)),
          "征信借款余额": _maybe(rng, 0.5, money(1e6))}
    data = {"名称": "测试户", "产品": products, "月成本": costs,
            "家庭收支": {"家庭月支出": money(2e4), "家庭月其他收入": money(1e4), "其他债务月还款": money(1e4)},
            "经营资产": {"现金": money(1e5), "存款": money(5e5), "应收账款": money(1e6), "预付账款": money(2e5),
                     "存货": money(2e6), "固定资产": money(2e6), "其他资产": money(1e5)},
            "经营负债": {"应付账款": money(1e6), "预收账款": money(2e5), "银行借款": money(1.5e6),
                     "民间借贷": money(5e5) if rng.random() < 0.3 else 0, "信用卡": money(1e5), "其他负债": money(1e5)},
            "家庭资产": {"房产": money(3e6), "车辆": money(4e5), "家庭存款": money(5e5), "其他家庭资产": money(2e5)},
            "家庭负债": {"房贷": money(1.5e6), "车贷": money(2e5), "其他家庭负债": money(1e5)},
            "表外事项": {"对外担保": money(1e6) if rng.random() < 0.4 else 0, "其他或有负债": 0},
            "季节系数": [round(rng.uniform(0.3, 2.0), 2) for _ in range(12)],
            "交叉检验资料": {k: v for k, v in ev.items() if v is not None}}
    if rng.random() < 0.7:
        data["权益历史"] = {"初始权益": round(rng.uniform(-2e5, 3e6), 2), "期间月数": rng.randint(1, 36),
                        "期间提取": money(3e5), "期间注资": money(2e5), "重估": round(rng.uniform(-1e5, 1e5), 2),
                        "折旧": money(1e5), "期间新增借款": money(3e5), "口径": rng.choice(("经营", "合并"))}
        if rng.random() < 0.4:
            data["权益历史"]["期间累计利润"] = round(rng.uniform(-2e5, 1e6), 2)
        if rng.random() < 0.5:
            data["权益历史"]["期间购置资产"] = money(1.5e6)
    return Borrower.from_dict(data)


def _inputs(b: Borrower, tol: Tolerances, params: dict) -> dict:
    """布局里每个输入格子的值（空着的写 None，公式引擎按空格子算）。"""
    out = {}
    for (attr, name), cell in W.RESTORATION_INPUTS.items():
        if attr == "product":
            i, row = int(name), cell[1:]
            p = b.products[i] if i < len(b.products) else None
            out[f"A{row}"], out[f"B{row}"], out[f"C{row}"] = (p.name, p.sales, p.margin) if p else (None, None, None)
        elif attr == "season":
            out[cell] = b.seasonality[int(name)]
        elif attr == "param":
            out[cell] = params.get(name, getattr(tol, name, None))
        elif attr == "equity_history":
            h = b.equity_history
            out[cell] = None if h is None else getattr(h, name)
            if h is None and name == "scope":
                out[cell] = "经营"
        else:
            out[cell] = getattr(getattr(b, attr), name)
    return out


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    # 底稿里可以不填的格子都空着：每组随机输入只写它填了的格子，没填的保持空白（公式引擎不接受“空”作为输入）
    base = {"名称": "空白", "产品": [{"名称": "甲", "销售额": 1, "毛利率": 0.1}]}
    path = W.restoration_worksheet(tmp_path_factory.mktemp("rw") / "rw.xlsx", base, amount=None)
    xl = formulas.ExcelModel().loads(str(path)).finish()
    return xl, f"'[{path.name}]{W.SHEET}'!"


def _calc(xl, prefix, inputs, outputs):
    ins = {prefix + c: v for c, v in inputs.items() if v is not None}
    refs = {k: prefix + c for k, c in outputs.items()}
    sol = xl.calculate(inputs=ins, outputs=list(refs.values()))
    return {k: sol[r].value[0, 0] for k, r in refs.items()}


def _close(got, want, rel=1e-9, abs_=0.005):
    assert not isinstance(got, str), (got, want)
    assert math.isclose(float(got), want, rel_tol=rel, abs_tol=abs_), (got, want)


def test_restoration_workbook_matches_worksheet(model):
    xl, prefix = model
    rng = random.Random(20261204)
    outputs = dict(W.RESTORATION_OUTPUTS)
    for cid, r in W.RESTORATION_CHECK_ROWS.items():
        outputs[f"dev:{cid}"] = f"G{r}"
        outputs[f"verdict:{cid}"] = f"H{r}"
    seen = {"通过": 0, "关注": 0, "不通过": 0, "未提供": 0}
    cap_seen = set()
    for _ in range(N_CASES):
        b = _borrower(rng)
        warn = round(rng.uniform(0.02, 0.1), 3)
        tol = Tolerances(warn=warn, fail=round(warn + rng.uniform(0.01, 0.2), 3),
                         reference_rate=round(rng.uniform(0.04, 0.15), 3), guarantee_fail=round(rng.uniform(0.2, 1), 2))
        params = {"annual_rate": round(rng.uniform(0.03, 0.12), 4), "months": rng.randint(6, 60),
                  "max_share": round(rng.uniform(0.4, 0.8), 2),
                  "amount": _maybe(rng, 0.7, round(rng.uniform(2e4, 2e6), 2))}
        got = _calc(xl, prefix, _inputs(b, tol, params), outputs)
        ws = Worksheet(b, tolerances=tol)
        f = ws.figures
        for key in ("annual_sales", "weighted_margin", "gross_profit", "operating_costs", "interest", "net_profit",
                    "disposable_monthly", "lowest_month_disposable", "business_assets", "business_liabilities",
                    "business_equity", "household_assets", "household_liabilities", "equity", "contingent"):
            _close(got[key], getattr(f, key), abs_=1e-6 if key == "weighted_margin" else 0.005)
        checks = {ch.id: ch for ch in ws.checks()}
        for cid in W.RESTORATION_CHECKS:
            verdict = got[f"verdict:{cid}"]
            seen[verdict] += 1
            if cid not in checks:
                assert verdict == "未提供", (cid, verdict)
                continue
            ch = checks[cid]
            assert verdict == ch.verdict, (cid, verdict, ch.verdict, ch.deviation, got[f"dev:{cid}"])
            if ch.deviation is not None and math.isfinite(ch.deviation):
                _close(got[f"dev:{cid}"], ch.deviation, rel=0, abs_=1e-4)
        cap = ws.capacity(params["annual_rate"], params["months"], "等额本息", max_share=params["max_share"],
                          amount=params["amount"], sales_basis="申报")
        assert got["capacity_verdict"] == cap.verdict, (got["capacity_verdict"], cap.verdict, cap.explanation)
        cap_seen.add(cap.verdict)
        _close(got["installment_cap"], cap.installment_cap)
        _close(got["max_loan"], cap.max_loan, abs_=0.01)
        assert int(got["failed_sales_angles"]) == cap.failed_sales_angles
        if cap.payment is None:
            assert got["payment"] == ""
        else:
            _close(got["payment"], cap.payment)
            if cap.safety_margin is not None:
                _close(got["safety_margin"], cap.safety_margin, rel=0, abs_=1e-6)
            if cap.dscr is not None:
                _close(got["dscr"], cap.dscr, rel=1e-9, abs_=1e-6)
    # 随机输入覆盖到每一种结论，测试才有意义
    assert all(seen.values()), seen
    assert cap_seen == {"通过", "关注", "不通过"}, cap_seen


def test_default_restoration_workbook_is_a_sensible_example(tmp_path, model):
    """不给借款人时的示意数据：权益检验和两个销售额角度都做了，还款能力通过——读者打开就看得到每一块。"""
    path = W.restoration_worksheet(tmp_path / "rw.xlsx")
    xl = formulas.ExcelModel().loads(str(path)).finish()
    prefix = f"'[{path.name}]{W.SHEET}'!"
    outs = {"v_bank": f"H{W.RESTORATION_CHECK_ROWS['sales_bank']}",
            "v_equity": f"H{W.RESTORATION_CHECK_ROWS['equity']}", **W.RESTORATION_OUTPUTS}
    sol = xl.calculate(outputs=[prefix + c for c in outs.values()])
    got = {k: sol[prefix + c].value[0, 0] for k, c in outs.items()}
    assert got["v_bank"] in ("通过", "关注") and got["v_equity"] == "通过"
    assert got["capacity_verdict"] == "通过" and float(got["disposable_monthly"]) > 0


def test_restoration_workbook_refuses_bad_input(tmp_path):
    with pytest.raises(InputError, match="月供上限比例"):
        W.restoration_worksheet(tmp_path / "x.xlsx", max_share=1.5)
    too_many = {"名称": "甲", "产品": [{"名称": f"p{i}", "销售额": 1000, "毛利率": 0.1} for i in range(W.PRODUCT_ROWS + 1)]}
    with pytest.raises(InputError, match="产品"):
        W.restoration_worksheet(tmp_path / "x.xlsx", too_many)
