"""应付账款周转天数检验：手算的例子。"""
import pytest

from coursekit.errors import InputError
from coursekit.restoration import IndustryNorm, from_excel, restore, to_excel

NORMS = {"母婴零售": IndustryNorm(0.28, 75, 5, payable_days=30)}


def shop(payables, purchases=None):
    data = {"名称": "店", "行业": "母婴零售", "产品": [{"名称": "奶粉", "销售额": 3_600_000, "毛利率": 0.20}],
            "经营资产": {"存货": 500_000}, "经营负债": {"应付账款": payables}}
    if purchases is not None:
        data["交叉检验资料"] = {"年进货额": purchases}
    return restore(data, norms=NORMS)


def check(ws, cid):
    return next(ch for ch in ws.checks() if ch.id == cid)


def test_payable_days_hand_computed():
    # 销售成本 360 万 × 0.8 = 288 万；应付 24 万 → 360 × 24 / 288 = 30 天，正好等于参考值
    ok = shop(240_000)
    assert ok.ratios().payable_days == pytest.approx(30.0)
    assert check(ok, "payable_days").verdict == "通过"
    # 应付 40 万 → 50 天，长出 66.7%，超过不通过线 50%
    late = shop(400_000)
    ch = check(late, "payable_days")
    assert ch.figures["周转天数"] == pytest.approx(50.0)
    assert ch.deviation == pytest.approx(2 / 3)
    assert ch.verdict == "不通过" and "供应商在替它垫钱" in ch.explanation
    # 应付 31 万 → 38.75 天，长出 29.2%，过了关注线 25%、没到不通过线 50%
    assert check(shop(310_000), "payable_days").verdict == "关注"


def test_payable_days_prefers_purchases():
    # 有进货单时按年进货额：360 × 40 万 / 480 万 = 30 天
    ws = shop(400_000, purchases=4_800_000)
    assert ws.ratios().payable_days == pytest.approx(30.0)
    assert check(ws, "payable_days").verdict == "通过" and "年进货额" in check(ws, "payable_days").explanation


def test_no_payable_norm_no_check():
    ws = restore({"名称": "店", "行业": "母婴零售", "产品": [{"名称": "奶粉", "销售额": 1_000_000, "毛利率": 0.2}],
                  "经营负债": {"应付账款": 900_000}}, norms={"母婴零售": IndustryNorm(0.28, 75, 5)})
    assert all(ch.id != "payable_days" for ch in ws.checks())


def test_bad_payable_norm():
    with pytest.raises(InputError) as e:
        IndustryNorm(0.2, 30, 30, payable_days=-5)
    assert e.value.field == "行业参考应付账款周转天数"


def test_excel_round_trip_keeps_payable_norm(tmp_path):
    ws = shop(400_000)
    back = from_excel(to_excel(ws, tmp_path / "ws.xlsx"))
    assert back.norms["母婴零售"].payable_days == 30
    assert check(back, "payable_days").verdict == "不通过"
