"""真实写法的银行流水：样本由 tests/data/statements/make_corpus.py 在临时目录生成，逐个读取并与同一组交易比对。"""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd
import pytest

from coursekit import compliance as C
from coursekit.errors import InputError

_CORPUS = Path(__file__).parent / "data" / "statements" / "make_corpus.py"
_SPEC = importlib.util.spec_from_file_location("make_corpus", _CORPUS)
corpus = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(corpus)

GOOD = ["gbk_bom_split", "utf8_yen_yuan", "slash_signed", "compact_debit_credit", "excel_title_block",
        "excel_split_yen"]


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    return corpus.build(tmp_path_factory.mktemp("statements"))


@pytest.mark.parametrize("name", GOOD)
def test_corpus_file_reads_as_the_same_four_transactions(files, name):
    df = C.read_statement(files[name], account_owner="C1")
    got = list(zip(df["date"].dt.strftime("%Y-%m-%d"), df["direction"], df["amount"].round(2),
                   df["counterparty_name"], df["memo"]))
    assert got == [(d, w, round(a, 2), n, m) for d, w, a, n, m in corpus.EXPECTED]
    assert (df["account_owner"] == "C1").all()
    # 汇总行（合计、小计、承前页、期初余额）没有被当成交易：笔数与合计都对得上
    assert df.loc[df["direction"] == "出", "amount"].sum() == pytest.approx(301234.50)
    assert df.loc[df["direction"] == "入", "amount"].sum() == pytest.approx(12088.80)
    # 对方类型从户名推断：置业公司是房地产开发商
    assert df.loc[2, "counterparty_type"] == "房地产开发商"


def test_corpus_covers_the_formats_the_statements_claim(files):
    raw = files["gbk_bom_split"].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with pytest.raises(UnicodeDecodeError):
        raw[3:].decode("utf-8")          # 真的是 GBK 内容
    assert "承前页" in raw[3:].decode("gbk") and "本页合计" in raw[3:].decode("gbk")
    assert "￥12,000.00" in files["utf8_yen_yuan"].read_text(encoding="utf-8-sig")
    assert "2024年5月6日" in files["utf8_yen_yuan"].read_text(encoding="utf-8-sig")
    assert "20240506" in files["compact_debit_credit"].read_bytes().decode("gbk")
    assert "2024/5/6" in files["slash_signed"].read_text(encoding="utf-8")
    head = pd.read_excel(files["excel_title_block"], header=None, nrows=4)
    assert head.iloc[0, 0] == corpus.TITLE and head.iloc[3, 1] == "交易日期"


@pytest.mark.parametrize("name", sorted(corpus.BROKEN))
def test_broken_statement_says_what_to_change(files, name):
    with pytest.raises(InputError) as exc:
        C.read_statement(files[name], account_owner="C1")
    for word in corpus.BROKEN[name]:
        assert word in exc.value.message


def test_read_statement_rejects_a_directory(tmp_path):
    with pytest.raises(InputError) as exc:
        C.read_statement(tmp_path)
    assert exc.value.field == "银行流水" and "文件夹" in exc.value.message


def test_both_amounts_on_one_row_is_an_error_not_an_outflow(tmp_path):
    p = tmp_path / "both.csv"
    p.write_text("交易日期,收入金额,支出金额,对方户名\n2024-05-06,100,50,王小禾\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        C.read_statement(p)
    assert "同一行都有金额" in exc.value.message


def test_statement_read_feeds_the_scanner(files):
    """读出的流水直接交给 scan：放款后 14 天内 30 万转给置业公司，报“流入限制性领域”。"""
    st = C.read_statement(files["excel_title_block"], account_owner="C1")
    loans = pd.DataFrame({"loan_id": ["L1"], "customer_id": ["C1"], "amount": [300000.0],
                          "disburse_date": [pd.Timestamp("2024-05-06")]})
    found = C.scan(st, loans, rules=["流入限制性领域"])
    assert list(found["rule"]) == ["流入限制性领域"]
    assert found.loc[0, "amount"] == pytest.approx(300000.0)
