"""m04-c09 攒钱计划：手算的例子与性质。"""
import math

import pytest

from coursekit import marketing
from coursekit.errors import InputError


def test_hand_computed_three_months():
    # 100 人，每月 10% 停存；每月 1,000 元；3 个月
    out = marketing.savings_habit_plan(1_000, 3, savers=100, monthly_dropout=0.1, deposit_rate=0.012,
                                       ftp_rate=0.022, cost_per_saver=5)
    assert list(out["仍在存的人数"].round(6)) == [90.0, 81.0, 72.9]
    assert list(out["余额合计"].round(6)) == [90_000.0, 162_000.0, 218_700.0]
    s = out.attrs["汇总"]
    assert s["每人攒下本金"] == 3_000
    assert math.isclose(s["每人利息"], 1_000 * 0.012 / 12 * 6)          # 1+2+3 ＝ 6 个“月·千元” → 6 元
    assert math.isclose(s["平均余额"], 156_900.0)
    assert math.isclose(s["银行利差收益"], 156_900 * 0.01 * 3 / 12)      # 392.25
    assert math.isclose(s["银行净贡献"], 392.25 - 500)


def test_no_dropout_balance_grows_linearly():
    out = marketing.savings_habit_plan(500, 12, savers=10, monthly_dropout=0.0, deposit_rate=0.0, ftp_rate=0.02)
    assert out["余额合计"].iloc[-1] == 60_000
    assert out.attrs["汇总"]["坚持到底的人数"] == 10
    assert math.isclose(out.attrs["汇总"]["平均余额"], 32_500.0)


def test_more_dropout_never_raises_bank_income():
    lo = marketing.savings_habit_plan(800, 12, savers=50, monthly_dropout=0.02, deposit_rate=0.01, ftp_rate=0.02)
    hi = marketing.savings_habit_plan(800, 12, savers=50, monthly_dropout=0.10, deposit_rate=0.01, ftp_rate=0.02)
    assert hi.attrs["汇总"]["银行利差收益"] < lo.attrs["汇总"]["银行利差收益"]


@pytest.mark.parametrize("kwargs", [{"months": 0}, {"monthly_amount": -1}, {"monthly_dropout": 1.5},
                                    {"savers": -3}])
def test_bad_input(kwargs):
    base = {"monthly_amount": 800, "months": 12, "savers": 50, "monthly_dropout": 0.05, "deposit_rate": 0.01,
            "ftp_rate": 0.02}
    base.update(kwargs)
    amt, m = base.pop("monthly_amount"), base.pop("months")
    with pytest.raises(InputError):
        marketing.savings_habit_plan(amt, m, **base)
