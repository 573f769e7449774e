"""项目回款贷（loans.milestone_sweep）与它的部件：手算的例子。"""
import pandas as pd
import pytest

from coursekit.errors import InputError
from coursekit.loans import milestone_sweep


def _ms():
    return pd.DataFrame({"付款方": ["医院", "妇幼", "医院"], "月份": [3, 6, 8], "金额": [800_000, 400_000, 1_200_000]})


def test_all_on_time_clears_at_third_receipt():
    # 本金 120 万：第 3 月扣 48 万，第 6 月扣 24 万，第 8 月扣 min(72 万, 剩 48 万) = 48 万 → 第 8 月还清
    r = milestone_sweep(1_200_000, 0.042, 9, _ms(), sweep_share=0.6)
    assert r.residual == 0.0 and r.cleared_month == 8
    assert r.receipts["扣还本金"].tolist() == [480_000.0, 240_000.0, 480_000.0]
    # 期限内节点款 240 万 × 0.6 ÷ 120 万 = 1.2
    assert r.cover == pytest.approx(1.2)
    assert r.top_payer == "医院" and r.top_payer_share == pytest.approx(2_000_000 / 2_400_000)
    # 利息：前 3 个月余额 120 万，月息 4,200 元
    assert r.schedule["利息"].iloc[0] == 4_200.0 and r.schedule["本金"].sum() == pytest.approx(1_200_000)


def test_slip_of_one_payer_leaves_residual():
    # 只有医院延后 2 个月：第 5 月扣 48 万，第 6 月妇幼扣 24 万，第 10 月的 120 万出了 9 个月期限 → 还差 48 万
    r = milestone_sweep(1_200_000, 0.042, 9, _ms(), sweep_share=0.6, slip_months={"医院": 2})
    assert r.residual == 480_000.0 and r.cleared_month is None
    assert r.receipts["实际月份"].tolist() == [5, 6, 10] and r.receipts["在期限内"].tolist() == ["是", "是", "否"]
    assert r.schedule["本金"].iloc[-1] == 480_000.0     # 到期一次还清剩下的本金
    # 期限延到 12 个月，同样的延后就在期限内：第 10 月还清
    r12 = milestone_sweep(1_200_000, 0.042, 12, _ms(), sweep_share=0.6, slip_months={"医院": 2})
    assert r12.residual == 0.0 and r12.cleared_month == 10


def test_known_slips_column_adds_to_extra_slip():
    ms = _ms().assign(延后月数=[0, 1, 0])
    r = milestone_sweep(1_200_000, 0.042, 9, ms, sweep_share=0.5, slip_months=1)
    # 实际月份 4、8、9；扣还 40 万、20 万、min(60 万, 剩 60 万) = 60 万
    assert r.receipts["实际月份"].tolist() == [4, 8, 9]
    assert r.receipts["扣还本金"].tolist() == [400_000.0, 200_000.0, 600_000.0] and r.residual == 0.0


def test_more_slip_never_reduces_residual():
    prev = -1.0
    for k in range(0, 8):
        r = milestone_sweep(1_200_000, 0.042, 9, _ms(), sweep_share=0.6, slip_months=k)
        assert r.residual >= prev
        prev = r.residual
    assert prev == 1_200_000.0     # 全部出了期限


@pytest.mark.parametrize("kwargs", [{"sweep_share": 0}, {"sweep_share": 1.5}, {"slip_months": -1},
                                    {"slip_months": {"不存在": 1}}])
def test_bad_input(kwargs):
    with pytest.raises(InputError):
        milestone_sweep(1_200_000, 0.042, 9, _ms(), **kwargs)


def test_bad_table():
    with pytest.raises(InputError, match="节点表"):
        milestone_sweep(1_200_000, 0.042, 9, _ms().drop(columns="金额"))
    with pytest.raises(InputError, match="金额"):
        milestone_sweep(1_200_000, 0.042, 9, _ms().assign(金额=[0, 1, 2]))


def test_widget_moves_slip():
    from coursekit.widgets.loans import MilestoneSweepView

    w = MilestoneSweepView(1_200_000, 0.042, 9, _ms())
    assert w.result.residual == 0.0
    w.controls["付款方"].value = "医院"
    w.controls["延后月数"].value = 2
    assert w.result.residual == 480_000.0
    w.controls["期限"].value = 12
    assert w.result.residual == 0.0
