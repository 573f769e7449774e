"""纾困筛选：受困商户申请“宽限期只付息”时，回答三个问题——低谷期每月差多少、宽限期能填上多少、恢复后还不还得上。

- 低谷期月可支配收入：还原底稿的销售额乘 ``trough_factor``（停业、限流时营业额相当于平时的几成），费用和家庭开支照付；
- 低谷期缺口：``trough_months`` ×（当月要还的钱 − 低谷期月可支配收入），小于 0 按 0 计。原计划按剩余本金、剩余期数
  等额本息的月供算，宽限期只付利息（剩余本金 × 年利率 ÷ 12）。缺口不大于账上的现金与存款（经营流动资产），就撑得过去；
- 恢复后：销售额乘 ``recovery_factor``，剩余本金在 ``amortize_months`` 期内等额本息摊还，按
  :meth:`Worksheet.capacity`（月供上限 = 月可支配收入 × 60%，内部参数，不是监管规定）判断。

结论只有四种：不需要纾困（按原计划也撑得过去）；宽限也撑不过低谷；恢复后也还不上（不走纾困——继续给宽限只会把
风险推后，调整还款安排按重组认定和分类）；可以给（恢复后月供超上限时，提示拉长摊还期）。
"""
from __future__ import annotations

from dataclasses import dataclass

from ..errors import InputError, require_fraction, require_int, require_positive
from .worksheet import Capacity, Worksheet

__all__ = ["ReliefTest", "relief_test", "RELIEF_VERDICTS"]

RELIEF_VERDICTS = ("不需要纾困", "宽限也撑不过低谷", "恢复后也还不上", "给，但要拉长摊还期", "给")


@dataclass(frozen=True)
class ReliefTest:
    """纾困筛选的结果。金额为元（月度数字为元/月）；``after`` 是恢复后按 ``amortize_months`` 期摊还的还款能力。"""

    usual_disposable: float
    trough_disposable: float
    payment_plan: float
    payment_relief: float
    trough_months: int
    gap_plan: float
    gap_relief: float
    cushion: float
    after: Capacity
    amortize_months: int
    verdict: str

    @property
    def survives_plan(self) -> bool:
        return self.cushion >= self.gap_plan

    @property
    def survives_relief(self) -> bool:
        return self.cushion >= self.gap_relief

    def row(self) -> dict:
        """一户一行的中文字段（案例里几户并排比较用）。"""
        return {"平时月可支配收入": self.usual_disposable, "低谷期月可支配收入": self.trough_disposable,
                "原月供": self.payment_plan, "宽限期月供（只付息）": self.payment_relief,
                "低谷期缺口：原计划": self.gap_plan, "低谷期缺口：宽限期": self.gap_relief, "现金与存款": self.cushion,
                "原计划撑得过去": "是" if self.survives_plan else "否",
                "宽限后撑得过去": "是" if self.survives_relief else "否",
                "恢复后月可支配收入": self.after.disposable_monthly, "恢复后月供上限": self.after.installment_cap,
                "宽限期后月供": self.after.payment, "恢复后结论": self.after.verdict, "纾困结论": self.verdict}


def relief_test(sheet, principal, months_left, annual_rate, *, trough_factor, trough_months, recovery_factor,
                amortize_months=None) -> ReliefTest:
    """一户商户的纾困筛选。``sheet``：平时的还原底稿（:func:`restore` 的结果）；``principal``、``months_left``：
    剩余本金与剩余期数；``trough_factor``、``recovery_factor``：低谷期、恢复后的销售额相当于平时的几成；
    ``trough_months``：低谷月数，也是宽限（只付息）的月数；``amortize_months``：宽限期后剩余本金摊还的期数
    （默认等于剩余期数，即期限相应顺延）。"""
    from ..loans import payment_for

    if not isinstance(sheet, Worksheet):
        raise InputError("还原底稿", "应为 Worksheet（restore() 的结果）", type(sheet).__name__)
    p = require_positive(principal, "剩余本金")
    n = require_int(months_left, "剩余期数", minimum=1, maximum=360)
    rate = require_positive(annual_rate, "年利率")
    if rate >= 0.36:
        raise InputError("年利率", "应为小数形式的年利率（如 0.054 表示 5.40%），且低于 36%", annual_rate)
    trough = require_fraction(trough_factor, "低谷期销售额倍数")
    months = require_int(trough_months, "低谷月数", minimum=1, maximum=24)
    recovery = require_fraction(recovery_factor, "恢复后销售额倍数", high=1.5)
    k = n if amortize_months is None else require_int(amortize_months, "宽限期后摊还期数", minimum=1, maximum=360)

    usual = sheet.figures.disposable_monthly
    low = sheet.what_if(sales_factor=trough).figures.disposable_monthly
    pay = payment_for(p, rate, n)
    interest_only = p * rate / 12
    gap_plan = months * max(0.0, pay - low)
    gap_relief = months * max(0.0, interest_only - low)
    cushion = sheet.figures.business_current_assets
    after = sheet.what_if(sales_factor=recovery).capacity(rate, k, "等额本息", amount=p)

    if cushion >= gap_plan:
        verdict = RELIEF_VERDICTS[0]
    elif cushion < gap_relief:
        verdict = RELIEF_VERDICTS[1]
    elif after.verdict == "不通过":
        verdict = RELIEF_VERDICTS[2]
    elif after.verdict == "关注":
        verdict = RELIEF_VERDICTS[3]
    else:
        verdict = RELIEF_VERDICTS[4]
    return ReliefTest(usual_disposable=usual, trough_disposable=low, payment_plan=pay, payment_relief=interest_only,
                      trough_months=months, gap_plan=gap_plan, gap_relief=gap_relief, cushion=cushion, after=after,
                      amortize_months=k, verdict=verdict)
