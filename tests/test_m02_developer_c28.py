"""marketing.developer_channel_loss：开发商出事时按揭渠道的损失（手算核对）。"""
import pandas as pd
import pytest

from coursekit import marketing as mk
from coursekit.errors import InputError

SP = {"已办证": 0.1, "已交房未办证": 0.2, "停工": 0.5}
VS = {"已办证": 0.8, "已交房未办证": 0.5, "停工": 0.2}


def _b():
    return pd.DataFrame({"楼栋": ["A", "B", "C"], "阶段": ["已办证", "已交房未办证", "停工"], "笔数": [10, 10, 10],
                         "贷款余额": [1_000_000, 1_000_000, 1_000_000],
                         "房屋市值": [2_000_000, 1_500_000, 1_500_000]})


def test_hand_computed_rows_and_margin_share():
    r = mk.developer_channel_loss(_b(), stop_pay=SP, value_share=VS, sale_cost=0.1, guarantee_recovery=0.1,
                                  margin=100_000).set_index("楼栋")
    # A：停贷 100,000；押品 2,000,000×0.1×0.8×0.9＝144,000，封顶 100,000；已办证，无担保、不抵保证金
    assert r.loc["A", "停贷余额"] == pytest.approx(100_000) and r.loc["A", "预计损失"] == pytest.approx(0)
    assert not r.loc["A", "有阶段性担保"]
    # B：停贷 200,000；押品 1,500,000×0.2×0.5×0.9＝135,000；缺口 65,000；担保 6,500；保证金前 58,500
    assert r.loc["B", "押品回收"] == pytest.approx(135_000) and r.loc["B", "担保回收"] == pytest.approx(6_500)
    # C：停贷 500,000；押品 1,500,000×0.5×0.2×0.9＝135,000；缺口 365,000；担保 36,500；保证金前 328,500
    assert r.loc["C", "担保回收"] == pytest.approx(36_500)
    # 保证金 100,000 按 58,500 : 328,500 分摊
    assert r.loc["B", "保证金抵扣"] == pytest.approx(100_000 * 58_500 / 387_000)
    assert r.loc["C", "预计损失"] == pytest.approx(328_500 - 100_000 * 328_500 / 387_000)
    assert r.loc["合计", "预计损失"] == pytest.approx(287_000)
    assert r.loc["合计", "损失占余额"] == pytest.approx(287_000 / 3_000_000)
    assert r.attrs["保证金未用"] == 0


def test_margin_never_exceeds_the_gap_and_no_guarantee_means_no_offset():
    r = mk.developer_channel_loss(_b(), stop_pay=SP, value_share=VS, sale_cost=0.1, margin=10_000_000)
    assert (r["预计损失"] >= -1e-9).all() and r.iloc[-1]["预计损失"] == pytest.approx(0)
    assert r.attrs["保证金未用"] == pytest.approx(10_000_000 - (65_000 + 365_000))
    only_a = _b().iloc[[0]]
    r2 = mk.developer_channel_loss(only_a, stop_pay={"已办证": 0.5}, value_share={"已办证": 0.1}, margin=1_000_000)
    assert r2.iloc[0]["保证金抵扣"] == 0 and r2.iloc[0]["预计损失"] == pytest.approx(500_000 - 2_000_000 * 0.5 * 0.1 * 0.85)


def test_more_stop_pay_never_lowers_the_loss():
    losses = [mk.developer_channel_loss(_b(), stop_pay={**SP, "停工": p}, value_share=VS).iloc[-1]["预计损失"]
              for p in (0.0, 0.2, 0.4, 0.6, 0.8)]
    assert losses == sorted(losses) and losses[0] < losses[-1]


@pytest.mark.parametrize("kwargs, field", [
    ({"stop_pay": {"已办证": 0.1}, "value_share": VS}, "停贷比例"),
    ({"stop_pay": {**SP, "停工": 1.5}, "value_share": VS}, "停贷比例（停工）"),
    ({"stop_pay": SP, "value_share": VS, "margin": -1}, "保证金"),
    ({"stop_pay": SP, "value_share": 0.3}, "押品变现比例"),
])
def test_bad_inputs_name_the_field(kwargs, field):
    with pytest.raises(InputError) as e:
        mk.developer_channel_loss(_b(), **kwargs)
    assert e.value.field == field


def test_unknown_stage_and_negative_balance():
    b = _b().assign(阶段=["已办证", "预售", "停工"])
    with pytest.raises(InputError, match="阶段"):
        mk.developer_channel_loss(b, stop_pay=SP, value_share=VS)
    with pytest.raises(InputError, match="贷款余额"):
        mk.developer_channel_loss(_b().assign(贷款余额=[-1, 0, 0]), stop_pay=SP, value_share=VS)


def test_widget_moves_the_contested_stage():
    from coursekit.widgets.marketing import DeveloperChannelView
    v = DeveloperChannelView(_b(), stop_pay=SP, value_share=VS, margin=100_000)
    base = v.result.iloc[-1]["预计损失"]
    v.controls["停贷比例"].value = 0.7
    assert v.result.iloc[-1]["预计损失"] > base
    with pytest.raises(InputError):
        DeveloperChannelView(_b(), stop_pay=SP, value_share=VS, stage="在建")


def test_guarantee_column_overrides_the_stage():
    b = _b().assign(阶段性担保=["否", "否", "是"])
    r = mk.developer_channel_loss(b, stop_pay=SP, value_share=VS, sale_cost=0.1, guarantee_recovery=0.1,
                                  margin=100_000).set_index("楼栋")
    # B 没有担保：缺口 65,000 全是损失，保证金全抵 C（328,500 → 228,500）
    assert r.loc["B", "预计损失"] == pytest.approx(65_000) and r.loc["B", "保证金抵扣"] == 0
    assert r.loc["C", "预计损失"] == pytest.approx(228_500)
    with pytest.raises(InputError, match="阶段性担保"):
        mk.developer_channel_loss(_b().assign(阶段性担保=["也许", "是", "是"]), stop_pay=SP, value_share=VS)
