"""生成一小组“真实写法”的银行流水样本（合成数据），供 tests/test_statements.py 读取。

每个样本都是同一组四笔交易（:data:`EXPECTED`），只是写法不同：编码（GBK 带 UTF-8 BOM、GBK、UTF-8）、
汇总行（合计、小计、本页合计、承前页、期初余额）、金额写法（￥1,234.50、1,234.50元、负数）、日期写法
（2024年5月6日、2024/5/6、20240506、Excel 日期）、Excel 表头上方的标题块、一列带符号的金额或收入/支出两列。
另有几份写错的样本（:data:`BROKEN`），读取时应给出说明要改什么的中文错误。

用法：``python tests/data/statements/make_corpus.py 输出目录``；测试里调用 :func:`build`。文件不提交，
每次测试在临时目录里生成（xlsx 由 openpyxl 写出）。户名、单位都是虚构的（青禾县）。
"""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

#: 每个样本读出后应得到的交易：日期、方向、金额、对方户名、摘要
EXPECTED = [
    ("2024-05-06", "入", 12000.00, "青禾县粮油批发部", "货款"),
    ("2024-05-07", "出", 1234.50, "王小禾", "转账"),
    ("2024-05-20", "出", 300000.00, "青禾置业有限公司", "购房款"),
    ("2024-06-01", "入", 88.80, "青禾农商银行", "结息"),
]

TITLE = "青禾农商银行 个人账户交易明细"
OWNER_LINE = "户名：李青禾    账号：6217 0000 0000 1234    币种：人民币"


def _rows_split(date_fmt, money):
    """收入/支出两列的行。"""
    out = []
    for d, way, amt, name, memo in EXPECTED:
        day = date_fmt(dt.date.fromisoformat(d))
        inc, exp = (money(amt), "") if way == "入" else ("", money(amt))
        out.append([day, memo, inc, exp, name])
    return out


def _csv(rows) -> str:
    return "\n".join(",".join(f'"{c}"' if ("," in str(c)) else str(c) for c in r) for r in rows) + "\n"


def _ymd_cn(d):
    return f"{d.year}年{d.month}月{d.day}日"


def _ymd_slash(d):
    return f"{d.year}/{d.month}/{d.day}"


def _ymd_compact(d):
    return d.strftime("%Y%m%d")


def build(directory) -> dict[str, Path]:
    """在 ``directory`` 里写出全部样本，返回 {样本名: 路径}。"""
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    files: dict[str, Path] = {}

    # 1. GBK 内容却带 UTF-8 BOM；标题、户名行；本页合计 + 分页重复表头 + 承前页
    header = ["交易日期", "摘要", "收入金额", "支出金额", "对方户名"]
    rows = _rows_split(lambda d: d.isoformat(), lambda a: f"{a:.2f}")
    lines = [[TITLE], [OWNER_LINE], header, rows[0], rows[1], ["本页合计", "", "12000.00", "1234.50", ""],
             header, ["承前页", "", "12000.00", "1234.50", ""], rows[2], rows[3]]
    p = out / "gbk_bom_split.csv"
    p.write_bytes(b"\xef\xbb\xbf" + _csv(lines).encode("gbk"))
    files["gbk_bom_split"] = p

    # 2. UTF-8 BOM；金额 ￥12,000.00 与 1,234.50元；方向“收入/支出 ”（带空格）；2024年5月6日；小计行
    lines = [["交易时间", "交易金额（元）", "收支方向", "对方户名", "摘要"]]
    for d, way, amt, name, memo in EXPECTED:
        money = f"￥{amt:,.2f}" if way == "入" else f"{amt:,.2f}元"
        lines.append([_ymd_cn(dt.date.fromisoformat(d)), money, "收入" if way == "入" else "支出 ", name, memo])
    lines.insert(3, ["小计", "￥13,234.50", "", "", ""])
    p = out / "utf8_yen_yuan.csv"
    p.write_bytes(b"\xef\xbb\xbf" + _csv(lines).encode("utf-8"))
    files["utf8_yen_yuan"] = p

    # 3. 制表符分隔；2024/5/6；一列带符号的“发生额”（支出为负）；合计行
    lines = [["日期", "发生额", "对方名称", "用途"]]
    for d, way, amt, name, memo in EXPECTED:
        lines.append([_ymd_slash(dt.date.fromisoformat(d)), f"{amt if way == '入' else -amt:,.2f}", name, memo])
    lines.append(["合计", "-289,145.70", "", ""])
    p = out / "slash_signed.tsv"
    p.write_text("\n".join("\t".join(r) for r in lines) + "\n", encoding="utf-8")
    files["slash_signed"] = p

    # 4. GBK（无 BOM）；20240506；借方/贷方发生额（元）两列；期初余额行
    lines = [[TITLE], ["交易日期", "摘要", "借方发生额（元）", "贷方发生额（元）", "对方户名"],
             ["", "期初余额", "", "", ""]]
    for d, way, amt, name, memo in EXPECTED:
        debit, credit = (f"{amt:.2f}", "") if way == "出" else ("", f"{amt:.2f}")
        lines.append([_ymd_compact(dt.date.fromisoformat(d)), memo, debit, credit, name])
    p = out / "compact_debit_credit.csv"
    p.write_bytes(_csv(lines).encode("gbk"))
    files["compact_debit_credit"] = p

    # 5. Excel：表头上方三行标题块；真正的日期单元格；借贷标志 + 正数金额；合计行
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append([TITLE])
    ws.merge_cells("A1:F1")
    ws.append([OWNER_LINE])
    ws.append(["查询期间：2024-05-01 至 2024-06-30"])
    ws.append(["序号", "交易日期", "借贷标志", "交易金额", "对方户名", "摘要"])
    for i, (d, way, amt, name, memo) in enumerate(EXPECTED, start=1):
        ws.append([i, dt.datetime.fromisoformat(d), "贷" if way == "入" else "借", amt, name, memo])
    ws.append(["合计", None, None, 313323.30, None, None])
    p = out / "excel_title_block.xlsx"
    wb.save(p)
    files["excel_title_block"] = p

    # 6. Excel：文字日期 2024/5/6；收入/支出两列写成 ￥ 文字
    wb = Workbook()
    ws = wb.active
    ws.append(["交易明细"])
    ws.append(["交易日期", "收入", "支出", "对方户名", "摘要"])
    for d, way, amt, name, memo in EXPECTED:
        money = f"￥{amt:,.2f}"
        ws.append([_ymd_slash(dt.date.fromisoformat(d)), money if way == "入" else None,
                   money if way == "出" else None, name, memo])
    p = out / "excel_split_yen.xlsx"
    wb.save(p)
    files["excel_split_yen"] = p

    # -- 写错的样本 ---------------------------------------------------------------------------
    bad = {
        # 第 2 笔收入、支出都空
        "broken_both_blank": [header, rows[0], ["2024-05-07", "转账", "", "", "王小禾"]],
        # 日期写成 2024.13.45
        "broken_date": [header, rows[0], ["2024.13.45", "转账", "", "1234.50", "王小禾"]],
        # 方向写成“转”
        "broken_direction": [["交易日期", "交易金额", "收支方向", "对方户名"], ["2024-05-06", "100", "转", "王小禾"]],
        # 一列金额全为正数，又没有方向列
        "broken_unsigned": [["交易日期", "交易金额", "对方户名"], ["2024-05-06", "100", "王小禾"]],
        # 金额写成文字
        "broken_amount": [["交易日期", "交易金额", "收支方向", "对方户名"], ["2024-05-06", "一百元", "入", "王小禾"]],
    }
    for name, lines in bad.items():
        p = out / f"{name}.csv"
        p.write_text(_csv(lines), encoding="utf-8")
        files[name] = p
    return files


#: 写错的样本 → 错误信息里应出现的字样（字段与要改的地方）
BROKEN = {
    "broken_both_blank": ("收入金额、支出金额", "第 2 笔"),
    "broken_date": ("交易日期", "2024.13.45"),
    "broken_direction": ("收支方向", "入/出"),
    "broken_unsigned": ("收支方向", "负数"),
    "broken_amount": ("交易金额", "一百元"),
}

if __name__ == "__main__":  # pragma: no cover - 手工生成
    target = sys.argv[1] if len(sys.argv) > 1 else "statements-corpus"
    for key, path in build(target).items():
        print(f"{key}: {path}")
