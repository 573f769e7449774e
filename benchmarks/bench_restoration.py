"""报表还原的性能：滑块背后的一次重算，以及一万个借款人的批量还原，各与朴素基线并排测量。

基线是同样算术的纯字典函数：不检查输入、不建数据类，只算销售额、毛利、净利润、权益、可支配收入
和两个销售角度与权益检验的偏差——这是“不可能更快”的参照，差距就是输入检查与数据类的开销。

用法::

    python benchmarks/bench_restoration.py            # 默认（约 20 秒）
    python benchmarks/bench_restoration.py --quick    # 快速（批量 1,000 户，重复次数少）
"""
from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent / "src"))
sys.path.insert(0, str(ROOT))

from common import median_time, ms, peak_memory, write  # noqa: E402

from coursekit.restoration import restore  # noqa: E402

CASE = {
    "名称": "周记粮油副食批发部", "行业": "食品批发",
    "经营资产": {"现金": 15_000, "存款": 45_000, "应收账款": 60_000, "预付账款": 20_000, "存货": 380_000,
             "固定资产": 110_000},
    "经营负债": {"应付账款": 90_000, "银行借款": 300_000, "信用卡": 10_000},
    "家庭资产": {"房产": 1_100_000, "车辆": 120_000, "家庭存款": 30_000},
    "家庭负债": {"房贷": 250_000, "车贷": 40_000},
    "产品": [{"名称": "粮油", "销售额": 2_160_000, "毛利率": 0.10}, {"名称": "休闲食品", "销售额": 900_000, "毛利率": 0.18},
           {"名称": "酒水饮料", "销售额": 540_000, "毛利率": 0.15}],
    "季节系数": [1.5, 1.2, 0.8, 0.8, 0.9, 0.9, 0.8, 0.8, 1.0, 1.1, 1.0, 1.2],
    "月成本": {"房租": 5_000, "工资": 9_000, "水电": 800, "运输": 3_000, "税费": 1_200, "利息": 1_500, "其他费用": 1_000},
    "家庭收支": {"家庭月支出": 6_000, "家庭月其他收入": 5_500, "其他债务月还款": 4_600},
    "赊销比例": 0.3,
    "交叉检验资料": {"银行流水年入账": 2_500_000, "现金收款比例": 0.2, "年进货额": 2_700_000, "流水月固定转出": 8_100,
               "征信借款余额": 600_000},
    "权益历史": {"初始权益": 800_000, "期间月数": 24, "期间累计利润": 280_000, "期间提取": 100_000, "折旧": 20_000,
             "口径": "合并"},
}


def plain(d: dict, sales_factor: float = 1.0, hidden: float = 0.0) -> dict:
    """朴素基线：同样的主要算术，纯字典、不检查输入。"""
    sales = sum(p["销售额"] for p in d["产品"]) * sales_factor
    gp = sum(p["销售额"] * p["毛利率"] for p in d["产品"]) * sales_factor
    wm = gp / sales
    c = d["月成本"]
    interest = c.get("利息", 0) + hidden * 0.12 / 12
    opex = sum(v for k, v in c.items() if k != "利息")
    net = gp - 12 * (opex + interest)
    h = d["家庭收支"]
    disp = net + 12 * (h["家庭月其他收入"] - h["家庭月支出"] - h["其他债务月还款"])
    assets = sum(d["经营资产"].values()) + sum(d["家庭资产"].values())
    liab = sum(d["经营负债"].values()) + sum(d["家庭负债"].values()) + hidden
    e = d["交叉检验资料"]
    bank = e["银行流水年入账"] / (1 - e["现金收款比例"])
    purch = e["年进货额"] / (1 - wm)
    hist = d["权益历史"]
    expected = hist["初始权益"] + hist["期间累计利润"] - hist["期间提取"] - hist["折旧"]
    return {"销售额": sales, "净利润": net, "月可支配": disp / 12, "权益": assets - liab,
            "流水偏差": (sales - bank) / bank, "进货偏差": (sales - purch) / purch,
            "权益偏差": (expected - (assets - liab)) / expected}


def make_borrowers(n: int, seed: int = 0) -> list[dict]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        k = rng.uniform(0.2, 5)
        d = {key: (dict(v) if isinstance(v, dict) else v) for key, v in CASE.items()}
        d["名称"] = f"借款人 {i}"
        d["产品"] = [{"名称": p["名称"], "销售额": p["销售额"] * k * rng.uniform(0.7, 1.3),
                    "毛利率": min(0.9, p["毛利率"] * rng.uniform(0.7, 1.3))} for p in CASE["产品"]]
        for sec in ("经营资产", "经营负债", "家庭资产", "家庭负债", "月成本", "家庭收支"):
            d[sec] = {f: v * k * rng.uniform(0.5, 1.5) for f, v in CASE[sec].items()}
        d["交叉检验资料"] = dict(CASE["交叉检验资料"], 银行流水年入账=CASE["交叉检验资料"]["银行流水年入账"] * k,
                           年进货额=CASE["交叉检验资料"]["年进货额"] * k * rng.uniform(0.8, 1.2))
        out.append(d)
    return out


def t(seconds: float) -> str:
    """不到 0.1 ms 的用微秒显示。"""
    return f"{seconds * 1e6:,.1f} µs" if seconds < 1e-4 else ms(seconds)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    repeat = 5 if args.quick else 9
    n_batch = 1_000 if args.quick else 10_000

    ws = restore(CASE)

    def recompute():
        w = ws.what_if(sales_factor=0.85, hidden_debt=200_000)
        w.checks()
        w.capacity(0.06, 36, amount=300_000)
        return w.summary()

    def full():
        w = restore(CASE).what_if(sales_factor=0.85, hidden_debt=200_000)
        w.checks()
        w.capacity(0.06, 36, amount=300_000)
        return w.summary()

    from coursekit.widgets.restoration import RestorationWorksheet

    widget = RestorationWorksheet(CASE, amount=150_000)
    widget.controls["销售额下调"].value = 15
    t_widget = median_time(lambda: widget.compute(widget.values()), repeat, 50)

    def tables():
        w = ws.what_if(sales_factor=0.85)
        return w.balance_sheet(), w.income_statement(), w.check_table()

    t_recompute = median_time(recompute, repeat, 200)
    t_full = median_time(full, repeat, 100)
    t_plain = median_time(lambda: plain(CASE, 0.85, 200_000), repeat, 2_000)
    t_tables = median_time(tables, repeat, 5)

    borrowers = make_borrowers(n_batch)
    t_batch = median_time(lambda: [restore(d).summary() for d in borrowers], 3)
    t_batch_plain = median_time(lambda: [plain(d) for d in borrowers], 3)
    _, mem = peak_memory(lambda: [restore(d).summary() for d in borrowers])
    _, mem_plain = peak_memory(lambda: [plain(d) for d in borrowers])

    table = "\n".join([
        "| 测量项目 | coursekit | 朴素基线（纯字典） | 倍数 |",
        "| --- | ---: | ---: | ---: |",
        f"| 滑块一次重算（what_if + 交叉检验 + 还款能力 + 汇总） | {t(t_recompute)} | {t(t_plain)} | "
        f"{t_recompute / t_plain:,.1f} |",
        f"| 从输入字典开始的一次完整还原（含输入检查） | {t(t_full)} | {t(t_plain)} | {t_full / t_plain:,.1f} |",
        f"| 部件一次重算（读全部控件 → 底稿 → 情景 → 还款能力，不含绘图） | {t(t_widget)} | {t(t_plain)} | "
        f"{t_widget / t_plain:,.1f} |",
        f"| 生成显示用的三张表（资产负债表、损益表、检验表） | {t(t_tables)} | — | — |",
        f"| 批量还原 {n_batch:,} 户（含输入检查与全部检验） | {ms(t_batch)} | {ms(t_batch_plain)} | "
        f"{t_batch / t_batch_plain:,.1f} |",
        f"| 批量还原 {n_batch:,} 户的峰值内存 | {mem:,.1f} MB | {mem_plain:,.1f} MB | {mem / mem_plain:,.1f} |",
    ])
    notes = ("预算：部件一次重算远低于 10 ms。滑块重算只用纯 Python 浮点运算；DataFrame 只在显示时生成，"
             "所以“三张表”一行单列。基线不检查输入、不做多数检验，是速度的下限参照。")
    write("restoration", "报表还原与交叉检验", table, notes)


if __name__ == "__main__":
    main()
