"""coursekit.kyc：标识校验、模板、完整度、遮蔽、原子保存、导出、循环重整与提醒日历。"""
from __future__ import annotations

import datetime as dt
import json
import logging
import os
import subprocess
import sys
import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coursekit import kyc
from coursekit.errors import InputError
from coursekit.kyc import ids as kids
from coursekit.kyc.templates import FIELD_TYPES, coerce_value, load_templates

AS_OF = dt.date(2024, 12, 31)
BIRTH = dt.date(1986, 3, 7)
ID = kyc.synthetic_id_card(BIRTH, 123)  # 990101 19860307 123 + 校验码
NAME = "林晓梅"
MOBILE = "13812345678"


def _record(**extra):
    values = {"姓名": NAME, "身份证号": ID, "手机号": MOBILE, "家庭住址": "青禾县城关镇东门街 18 号",
              "婚姻状况": "已婚", "子女人数": 1, "月均销售额": "6万", "月均净利润": 9000, "门店/摊位数": 1,
              "存款与理财": 83000, "在本行已有业务": "存款、手机银行"}
    values.update(extra)
    return kyc.new_record("个体工商户", values, record_id="KYC-T1", meta={"客户经理": "王磊"},
                          as_of=AS_OF, now="2024-07-01T10:00:00")


def _full_values(tpl):
    """给模板每个字段造一个合规的值。"""
    sample = {"text": "示例", "int": 2, "money": 10000.0, "date": dt.date(2015, 8, 8), "bool": True,
              "id_card": ID, "uscc": kyc.synthetic_uscc(7), "mobile": MOBILE}
    out = {}
    for f in tpl.fields:
        if f.type == "choice":
            out[f.key] = f.validation["options"][0]
        elif f.type == "list":
            out[f.key] = [f.validation["options"][0]] if f.validation.get("options") else ["甲"]
        else:
            out[f.key] = sample[f.type]
    out["marital_status"] = "已婚"
    out["premises"] = "租赁"
    out["birthday"] = BIRTH
    return out


# ---------------------------------------------------------------- 身份证号
def test_standard_examples_and_check_char():
    # GB 11643-1999 附录里的两个示例号码
    assert kyc.validate_id_card("11010519491231002X") == "11010519491231002X"
    assert kyc.id_card_check_char("44052418800101001") == "4"
    # 1880 年出生的示例号码校验码对，但出生年份早于 1900 年，按本库的合理范围拒绝
    with pytest.raises(InputError, match="出生日期"):
        kyc.validate_id_card("440524188001010014")


def test_id_card_info_reads_birth_and_sex():
    info = kyc.id_card_info(ID)
    assert info.birth_date == BIRTH and info.sex == "男" and info.synthetic
    assert info.age(AS_OF) == 38
    assert kyc.id_card_info(kyc.synthetic_id_card(BIRTH, 124)).sex == "女"


def test_lowercase_x_and_fullwidth_digits_are_normalised():
    assert kyc.validate_id_card("11010519491231002x") == "11010519491231002X"
    full = ID.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert kyc.validate_id_card(full) == ID
    assert kyc.validate_id_card("１１０１０５１９４９１２３１００２ｘ") == "11010519491231002X"
    assert kyc.validate_id_card(f" {ID[:6]} {ID[6:14]}　{ID[14:]} ") == ID  # 分段念号码时的空格（含全角空格）


def _with_check(body17: str) -> str:
    return body17 + kyc.id_card_check_char(body17)


@pytest.mark.parametrize("number, problem", [
    (_with_check("99010119990229123"), "闰年"),          # 1999 年不是闰年
    (_with_check("99010119000229123"), "闰年"),          # 1900 年不是闰年（整百年要能被 400 整除）
    (_with_check("99010119861307123"), "出生日期"),      # 13 月
    (_with_check("99010130000101123"), "出生日期"),      # 未来
    (_with_check("00010119860307123"), "省级"),          # 地区码 00
    (ID[:17] + ("0" if ID[17] != "0" else "1"), "校验码"),
    (ID[:17], "18 位"),
    (ID + "1", "18 位"),
    ("990101860307123", "15 位"),
    (ID[:10] + "A" + ID[11:], "数字"),
    (ID[:17] + "Y", "数字"),
    (ID[:8] + "-" + ID[9:], "数字"),
])
def test_invalid_id_cards_never_echo_the_value(number, problem):
    with pytest.raises(InputError) as info:
        kyc.validate_id_card(number)
    err = info.value
    assert problem in str(err)
    assert err.field == "身份证号" and err.value is None
    for chunk in (number, number[6:14], number[:6] + number[6:10]):
        assert chunk not in str(err)


def test_leap_day_valid_in_leap_year():
    assert kyc.id_card_info(_with_check("99010120000229123")).birth_date == dt.date(2000, 2, 29)


def test_synthetic_province_can_be_refused():
    with pytest.raises(InputError, match="合成"):
        kyc.validate_id_card(ID, allow_synthetic=False)


@pytest.mark.parametrize("bad", [None, "", "   ", 1.5, [ID], True, {"id": ID}])
def test_id_card_non_string_inputs(bad):
    with pytest.raises(InputError):
        kyc.validate_id_card(bad)


provinces = st.sampled_from(sorted(kids.PROVINCE_CODES | {"99"}))
births = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2020, 12, 31))


@st.composite
def id_numbers(draw):
    region = draw(provinces) + draw(st.text("0123456789", min_size=4, max_size=4))
    return kyc.synthetic_id_card(draw(births), draw(st.integers(0, 999)), region=region)


@settings(max_examples=200, deadline=None)
@given(number=id_numbers(), pos=st.integers(0, 17), delta=st.integers(1, 10))
def test_generated_ids_validate_and_any_single_change_is_caught(number, pos, delta):
    info = kyc.id_card_info(number, as_of=AS_OF)
    assert info.number == number and f"{info.birth_date:%Y%m%d}" == number[6:14]
    alphabet = "0123456789X" if pos == 17 else "0123456789"
    old = alphabet.index(number[pos])
    new_char = alphabet[(old + delta) % len(alphabet)]
    if new_char == number[pos]:
        return
    changed = number[:pos] + new_char + number[pos + 1:]
    with pytest.raises(InputError):
        kyc.validate_id_card(changed, as_of=AS_OF)


@settings(max_examples=200, deadline=None)
@given(number=id_numbers())
def test_id_mask_reveals_only_first3_and_last4(number):
    masked = kyc.mask_id_card(number)
    assert len(masked) == 18 and masked[3:14] == "*" * 11
    assert masked[:3] == number[:3] and masked[14:] == number[14:]
    assert number[6:14] not in masked


# ---------------------------------------------------------------- 统一社会信用代码
def test_uscc_known_and_synthetic():
    assert kyc.validate_uscc("91350100M000100Y43") == "91350100M000100Y43"  # GB 32100 常见示例
    assert kyc.validate_uscc("91350100m000100y43") == "91350100M000100Y43"
    code = kyc.synthetic_uscc(42)
    assert code.startswith("9299") and kyc.validate_uscc(code) == code


@pytest.mark.parametrize("code, problem", [
    ("91350100M000100Y4", "18 位"),
    ("91350100M000100Y44", "校验码"),
    ("91350100O000100Y43", "不允许的字符"),
    ("9135010IM000100Y43", "不允许的字符"),
    ("91ZZ0100M000100Y43", "不允许的字符"),
    ("91A50100M000100Y43", "行政区划码"),
])
def test_uscc_invalid(code, problem):
    with pytest.raises(InputError, match=problem):
        kyc.validate_uscc(code)


uscc_chars = "0123456789ABCDEFGHJKLMNPQRTUWXY"


@settings(max_examples=200, deadline=None)
@given(head=st.text(uscc_chars, min_size=2, max_size=2), region=st.text("0123456789", min_size=6, max_size=6),
       org=st.text(uscc_chars, min_size=9, max_size=9), pos=st.integers(0, 17), delta=st.integers(1, 30))
def test_uscc_generated_valid_and_single_change_caught(head, region, org, pos, delta):
    body = head + region + org
    code = body + kyc.uscc_check_char(body)
    assert kyc.validate_uscc(code) == code
    new_char = uscc_chars[(uscc_chars.index(code[pos]) + delta) % 31]
    with pytest.raises(InputError):
        kyc.validate_uscc(code[:pos] + new_char + code[pos + 1:])


# ---------------------------------------------------------------- 手机号
@pytest.mark.parametrize("raw", ["13812345678", "+86 138 1234 5678", "0086-138-1234-5678", "１３８１２３４５６７８",
                                 13812345678])
def test_mobile_normalised(raw):
    assert kyc.validate_mobile(raw) == "13812345678"


@pytest.mark.parametrize("raw, problem", [("1381234567", "11 位"), ("138123456789", "11 位"),
                                          ("12812345678", "13–19"), ("1381234567a", "数字"), (None, "为空")])
def test_mobile_invalid_no_echo(raw, problem):
    with pytest.raises(InputError, match=problem) as info:
        kyc.validate_mobile(raw)
    assert "1234567" not in str(info.value)


@settings(max_examples=200, deadline=None)
@given(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True))
def test_mobile_mask_property(number):
    masked = kyc.mask_mobile(number)
    assert masked == number[:3] + "****" + number[7:]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="林王张欧阳司马晓梅国强一二三", min_size=1, max_size=6))
def test_name_mask_keeps_only_first_char(name):
    masked = kyc.mask_name(name)
    assert masked[0] == name[0] and set(masked[1:]) == {"*"} and len(masked) == max(len(name), 2)


# ---------------------------------------------------------------- 模板
def test_four_templates_with_all_sections_and_questions():
    tset = load_templates()
    assert set(tset.templates) >= {"农户", "个体工商户", "小微企业主", "代发工资员工"}
    for tpl in tset.templates.values():
        assert len(tpl.sections) == 8
        for f in tpl.fields:
            assert f.type in FIELD_TYPES and 1 <= f.priority <= 5 and f.question.endswith(("？", "。", "）"))
            assert f.sensitivity in ("敏感", "一般")
        assert {f.type for f in tpl.fields} >= {"text", "int", "money", "date", "choice", "id_card", "mobile",
                                                "bool", "list"}
    assert kyc.get_template("individual_business") is kyc.get_template("个体工商户")
    assert kyc.get_template("代发工资员工").section_labels["business"] == "工作与收入"
    assert kyc.get_template("小微企业主").field("uscc").required


def test_priorities_differ_by_customer_type():
    farmer, payroll = kyc.get_template("农户"), kyc.get_template("代发工资员工")
    assert farmer.field("land_mu").priority == 5 and not payroll.has("land_mu")
    assert payroll.field("monthly_salary").priority == 5 and not farmer.has("monthly_salary")


def test_unknown_template_and_field():
    with pytest.raises(InputError, match="客户类型"):
        kyc.get_template("大客户")
    with pytest.raises(InputError, match="不在"):
        kyc.new_record("农户", {"月均代发工资": 5000})


def test_bad_template_file(tmp_path):
    bad = tmp_path / "t.yaml"
    bad.write_text("schema_version: 1\nsections: [{key: a, label: 甲}]\nfields:\n  x: {label: X, type: colour, "
                   "section: a}\ntemplates: []\n", encoding="utf-8")
    with pytest.raises(InputError, match="类型 colour"):
        load_templates(bad)
    (tmp_path / "u.yaml").write_text("[: not yaml", encoding="utf-8")
    with pytest.raises(InputError, match="YAML"):
        load_templates(tmp_path / "u.yaml")


@pytest.mark.parametrize("label, raw, expected", [
    ("月均销售额", "6万", 60000.0), ("月均销售额", "1,234.5元", 1234.5), ("月均销售额", "１２０００", 12000.0),
    ("雇员人数", "３", 3), ("雇员人数", 4.0, 4), ("开业/店庆日", "2015年8月8日", dt.date(2015, 8, 8)),
    ("开业/店庆日", "2015/8/8", dt.date(2015, 8, 8)), ("开业/店庆日", "20150808", dt.date(2015, 8, 8)),
    ("当前有逾期", "否", False), ("当前有逾期", "是", True), ("主营产品", "蔬菜、水果，蔬菜", ["蔬菜", "水果"]),
    ("经营场所", " 租赁 ", "租赁"), ("月均销售额", "", None), ("主营产品", [], None),
])
def test_coerce_values(label, raw, expected):
    f = kyc.get_template("个体工商户").field(label)
    assert coerce_value(f, raw, as_of=AS_OF) == expected


@pytest.mark.parametrize("label, raw, problem", [
    ("月均销售额", -5, "不能为负数"), ("月均销售额", "很多", "金额"), ("月均销售额", float("inf"), "有限"),
    ("雇员人数", 2.5, "整数"), ("雇员人数", -1, "不能小于 0"), ("开业/店庆日", "2023-02-29", "闰年"),
    ("开业/店庆日", "2100-01-01", "不能晚于今天"), ("经营场所", "自建", "应为以下之一"),
    ("在本行已有业务", "存款、黄金", "不在可选项内"), ("当前有逾期", "也许", "是"), ("店名/字号", "店" * 61, "太长"),
])
def test_coerce_errors_name_the_field(label, raw, problem):
    f = kyc.get_template("个体工商户").field(label)
    with pytest.raises(InputError, match=problem) as info:
        coerce_value(f, raw, as_of=AS_OF)
    assert info.value.field == label


def test_sensitive_field_errors_hide_value():
    tpl = kyc.get_template("个体工商户")
    with pytest.raises(InputError) as info:
        coerce_value(tpl.field("姓名"), "林" * 25)
    assert "林" * 25 not in str(info.value) and info.value.value is None
    with pytest.raises(InputError) as info:
        coerce_value(tpl.field("存款与理财"), "八万三")
    assert "八万三" not in str(info.value)


anything = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=30),
                     st.dates(), st.lists(st.text(max_size=5), max_size=4), st.dictionaries(st.text(max_size=3),
                                                                                         st.integers(), max_size=2))


@settings(max_examples=200, deadline=None)
@given(key=st.sampled_from([f.key for f in kyc.get_template("小微企业主").fields]), value=anything)
def test_bad_input_only_raises_input_error(key, value):
    """任何输入：要么存下一个合法值（再校验一次不变），要么抛出点名这个字段的 InputError。"""
    field = kyc.get_template("小微企业主").field(key)
    try:
        record = kyc.new_record("小微企业主", {key: value}, as_of=AS_OF)
    except InputError as err:
        assert err.field == field.label, (err.field, field.label, str(err))
        return
    stored = record.values.get(key)
    if stored is not None:
        assert coerce_value(field, stored) == stored


# ---------------------------------------------------------------- 记录与完整度
def test_new_record_by_label_or_key_and_birthday_derived():
    r = _record()
    assert r.values["monthly_sales"] == 60000.0 and r.get("月均销售额") == 60000.0
    assert r.values["birthday"] == BIRTH
    assert r.values["bank_products"] == ["存款", "手机银行"]
    with pytest.raises(InputError, match="重复"):
        kyc.new_record("个体工商户", {"姓名": "甲", "name": "乙"})


def test_update_is_pure_and_clears():
    r = _record()
    r2 = kyc.update_record(r, {"月均销售额": None, "雇员人数": 2}, now="2024-08-01T09:00:00")
    assert "monthly_sales" not in r2.values and r2.values["employees"] == 2
    assert r.values["monthly_sales"] == 60000.0 and r2.created_at == r.created_at != r2.updated_at


def test_repr_is_masked():
    text = repr(_record())
    assert NAME not in text and ID not in text and MOBILE not in text and "林**" in text


def test_completeness_empty_full_and_weighted():
    tpl = kyc.get_template("个体工商户")
    empty = kyc.new_record(tpl)
    c = kyc.completeness(empty, as_of=AS_OF)
    assert c.score == 0 and not c.required_done
    assert len(c.missing_required) == sum(f.required for f in tpl.fields)
    full = kyc.new_record(tpl, _full_values(tpl), as_of=AS_OF)
    cf = kyc.completeness(full, as_of=AS_OF)
    assert cf.score == pytest.approx(1.0) and cf.required_done and cf.next_questions.empty
    # 只填一个权重 5 的经营字段：经营板块得分 = 5 / 该板块适用字段权重之和
    one = kyc.new_record(tpl, {"月均销售额": 1})
    sec = kyc.completeness(one).by_section.set_index("板块").loc["经营"]
    applicable = [f for f in tpl.fields if f.section == "business" and f.applies({})]
    assert sec["加权完整度"] == pytest.approx(5 / sum(f.priority for f in applicable))
    assert kyc.completeness(one).score == pytest.approx(5 / sum(f.priority for f in tpl.fields if f.applies({})))


def test_conditional_fields_excluded():
    tpl = kyc.get_template("个体工商户")
    single = kyc.completeness(kyc.new_record(tpl, {"婚姻状况": "未婚"}))
    married = kyc.completeness(kyc.new_record(tpl, {"婚姻状况": "已婚"}))
    n = lambda c: c.by_section.set_index("板块").loc["身份与家庭", "适用字段"]
    assert n(married) - n(single) == 2  # 配偶姓名、配偶职业


def test_next_questions_ordered_by_priority_per_type():
    ident = {"姓名": NAME, "身份证号": ID, "手机号": MOBILE, "婚姻状况": "未婚", "家庭住址": "青禾县"}
    farmer = kyc.next_questions(kyc.new_record("农户", ident, as_of=AS_OF), 6)
    payroll = kyc.next_questions(kyc.new_record("代发工资员工", ident, as_of=AS_OF), 6)
    assert list(farmer["权重"]) == sorted(farmer["权重"], reverse=True)
    assert "种养品种" in set(farmer["字段"]) and "工作单位" in set(payroll["字段"])
    assert all(q.endswith(("？", "。")) for q in farmer["问法"])
    with pytest.raises(InputError):
        kyc.next_questions(kyc.new_record("农户"), 0)


def test_consistency_warnings():
    r = _record(本人生日="1986-03-08", 月均净利润=70000)
    w = kyc.completeness(r, as_of=AS_OF).warnings
    assert any("身份证" in x for x in w) and any("净利润大于" in x for x in w)


# ---------------------------------------------------------------- 保存与读取
def test_save_load_round_trip(tmp_path):
    r = _record(**{"开业/店庆日": "2015-08-08", "主营产品": "蔬菜、水果", "当前有逾期": False})
    path = kyc.save_record(r, tmp_path / "kyc.json")
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["format"] == "coursekit-kyc-record" and doc["schema_version"] == kyc.SCHEMA_VERSION
    back = kyc.load_record(path)
    assert back.values == r.values and back.record_id == r.record_id and back.meta == r.meta
    assert (back.created_at, back.updated_at) == (r.created_at, r.updated_at)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_failed_dump_keeps_last_good_record(tmp_path, monkeypatch):
    path = tmp_path / "kyc.json"
    kyc.save_record(_record(), path)
    good = path.read_bytes()

    def broken_dump(obj, fh, **kw):
        fh.write('{"format": "coursekit-kyc-record", "values": {"na')  # 写了一半
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(json, "dump", broken_dump)
    with pytest.raises(OSError):
        kyc.save_record(_record(雇员人数=3), path)
    assert path.read_bytes() == good
    assert [p.name for p in tmp_path.iterdir()] == ["kyc.json"]


def test_failed_replace_keeps_last_good_record(tmp_path, monkeypatch):
    path = tmp_path / "kyc.json"
    kyc.save_record(_record(), path)
    good = path.read_bytes()

    def broken_replace(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(PermissionError):
        kyc.save_record(_record(雇员人数=3), path)
    assert path.read_bytes() == good and [p.name for p in tmp_path.iterdir()] == ["kyc.json"]


@pytest.mark.skipif(sys.platform == "win32", reason="需要 SIGKILL")
def test_killed_process_mid_write_leaves_last_good_record(tmp_path):
    path = tmp_path / "kyc.json"
    kyc.save_record(_record(), path)
    good = path.read_bytes()
    script = textwrap.dedent(f"""
        import os, sys, time, datetime as dt
        from coursekit import kyc
        def stall(fd):
            print("ready", flush=True)
            time.sleep(60)
        os.fsync = stall
        r = kyc.new_record("个体工商户", {{"姓名": "新值", "雇员人数": 9, "行业/主营": "x" * 30}})
        kyc.save_record(r, {str(path)!r})
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "ready"  # 临时文件已写完，尚未换名
        proc.kill()
    finally:
        proc.wait(timeout=30)
    assert path.read_bytes() == good
    assert kyc.load_record(path).values == _record().values


@pytest.mark.parametrize("content, problem", [
    (b'{"format": "coursekit-kyc-record", "schema_version": 1, "values": {"na', "JSON"),
    (b'{"hello": "world"}', "不是 coursekit"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "UTF-8"),
    (b'{"format": "coursekit-kyc-record", "schema_version": 9, "values": {}}', "版本 9"),
    (b"[1, 2, 3]", "不是 coursekit"),
])
def test_corrupt_or_foreign_file(tmp_path, content, problem):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(InputError, match=problem):
        kyc.load_record(path)
    assert path.read_bytes() == content


def test_tampered_record_revalidated_without_echo(tmp_path):
    path = kyc.save_record(_record(), tmp_path / "kyc.json")
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["values"]["id_number"] = ID[:17] + ("0" if ID[17] != "0" else "1")
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(InputError, match="校验码") as info:
        kyc.load_record(path)
    assert ID[:17] not in str(info.value)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(InputError, match="不存在"):
        kyc.load_record(tmp_path / "nope.json")
    with pytest.raises(InputError, match="文件夹不存在"):
        kyc.save_record(_record(), tmp_path / "no" / "kyc.json")


# ---------------------------------------------------------------- 导出
def test_excel_full_round_trip_and_masked_refused(tmp_path):
    a = _record(**{"开业/店庆日": "2015-08-08", "主营产品": "蔬菜、水果", "当前有逾期": False})
    b = kyc.new_record("农户", {"姓名": "王国强", "种养品种": "水稻、生猪", "经营土地面积（亩）": 38,
                              "年农业收入": 186000}, record_id="KYC-T2", now="2024-07-02T08:00:00")
    full = kyc.export_excel([a, b], tmp_path / "full.xlsx", masked=False)
    back = kyc.import_excel(full)
    assert [r.values for r in back] == [a.values, b.values]
    assert [r.template for r in back] == ["个体工商户", "农户"]
    masked = kyc.export_excel([a, b], tmp_path / "masked.xlsx")
    with pytest.raises(InputError, match="遮蔽"):
        kyc.import_excel(masked)
    from openpyxl import load_workbook
    cells = {str(c) for row in load_workbook(masked)["KYC 记录"].iter_rows(values_only=True) for c in row}
    assert "林**" in cells and "990***********" + ID[-4:] in cells
    assert not any(s in c for c in cells for s in (NAME, ID, MOBILE, "王国强"))


def test_excel_deidentified(tmp_path):
    path = kyc.export_excel([_record()], tmp_path / "class.xlsx", deidentified=True, key="班级 2024",
                            as_of=AS_OF)
    from openpyxl import load_workbook
    rows = list(load_workbook(path)["KYC 记录"].iter_rows(values_only=True))
    text = " ".join(str(c) for row in rows for c in row)
    assert "P-" in text and "30-39" in text
    assert not any(s in text for s in (NAME, ID, MOBILE, "东门街", "83000"))


def test_import_excel_bad_files(tmp_path):
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"not a zip")
    with pytest.raises(InputError, match="打不开"):
        kyc.import_excel(junk)
    from openpyxl import Workbook
    other = tmp_path / "other.xlsx"
    Workbook().save(other)
    with pytest.raises(InputError, match="不是 coursekit"):
        kyc.import_excel(other)


def test_print_html_masked_by_default(tmp_path):
    page = kyc.to_html(_record(), as_of=AS_OF)
    assert "size: A4" in page and "@media print" in page and "林**" in page
    assert all(s not in page for s in (NAME, ID, MOBILE, "东门街", "83,000"))
    assert "下次拜访先问这几件事" in page and 'class="blank"' in page
    raw = kyc.to_html(_record(), masked=False, as_of=AS_OF)
    assert ID in raw and "本页含完整个人信息" in raw
    path = kyc.export_html(_record(), tmp_path / "print.html", as_of=AS_OF)
    assert path.read_text(encoding="utf-8") == page


def test_masked_view():
    view = kyc.masked_view(_record()).set_index("字段")["取值"]
    assert view["姓名"] == "林**" and view["手机号"] == "138****5678" and view["存款与理财"] == "***"
    assert view["家庭住址"] == "青禾县城关镇****" and view["月均销售额"] == "60,000.00 元"


# ---------------------------------------------------------------- 循环重整
def test_diff_and_actions():
    old = _record()
    new = old.updated({"子女人数": 2, "门店/摊位数": 2, "手机号": "13987654321", "月均销售额": 45000,
                       "在本行已有业务": "存款"}, as_of=AS_OF)
    d = kyc.diff(old, new)
    changes = d.changes.set_index("字段")
    assert changes.loc["手机号", "原值"] == "138****5678" and changes.loc["手机号", "新值"] == "139****4321"
    acts = " ".join(d.actions["行动"])
    assert "教育金" in acts and "收款码" in acts and "经营贷" in acts and "联系方式" in acts
    assert "下降两成以上" in acts and "流失" in acts
    assert d.actions["优先级"].iloc[0] == "高"
    assert MOBILE not in d.changes.to_string() and "13987654321" not in d.changes.to_string()


def test_diff_thresholds_and_no_change():
    old = _record()
    assert kyc.diff(old, old).empty and kyc.diff(old, old).actions.empty
    small = kyc.diff(old, old.updated({"月均销售额": 54000}))  # 下降 10%，未到两成
    assert small.actions.empty and len(small.changes) == 1
    with pytest.raises(InputError, match="客户类型"):
        kyc.diff(old, kyc.new_record("农户"))


# ---------------------------------------------------------------- 提醒日历
def test_reminders_five_kinds_and_edge_dates():
    leap_id = kyc.synthetic_id_card(dt.date(1988, 2, 29), 11)
    r = _record(**{"身份证号": leap_id, "结婚纪念日": "2012-10-01", "开业/店庆日": "2015-08-08",
                   "每月还款日": 31, "贷款到期日": "2025-06-30", "家庭大事": "儿子中考",
                   "家庭大事日期": "2025-06-20"})
    table = kyc.reminders(r, start=dt.date(2025, 1, 1), days=365)
    assert set(table["类别"]) == {"生日", "结婚纪念日等家庭纪念日", "开业/店庆日", "还款日与贷款到期日", "子女升学等家庭大事"}
    assert dt.date(2025, 2, 28) in set(table.loc[table["类别"] == "生日", "日期"])  # 平年的 2 月 29 日
    repay = table[table["事项"].str.contains("还款日")]["日期"].tolist()
    assert repay[:2] == [dt.date(2025, 1, 31), dt.date(2025, 2, 28)] and repay[-1] == dt.date(2025, 6, 30)
    due = table[table["事项"].str.contains("到期")].iloc[0]
    assert due["提醒日"] == dt.date(2025, 5, 31)
    assert list(table["日期"]) == sorted(table["日期"])
    assert NAME not in table.to_string()


def test_ics_is_well_formed():
    r = _record(**{"开业/店庆日": "2015-08-08", "每月还款日": 20, "贷款到期日": "2025-06-30"})
    text = kyc.to_ics(r, start=dt.date(2025, 1, 1), days=250, stamp=dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc))
    lines = text.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR" and text.endswith("\r\n")
    assert all(len(line.encode("utf-8")) <= 75 for line in lines)
    n = len(kyc.reminders(r, start=dt.date(2025, 1, 1), days=250))
    assert text.count("BEGIN:VEVENT") == text.count("END:VEVENT") == n
    assert "TRIGGER:-P30D" in text and "DTSTART;VALUE=DATE:20250808" in text
    assert NAME not in text and "\n" not in text.replace("\r\n", "")
    unfolded = text.replace("\r\n ", "")
    assert "SUMMARY:林** 开业/店庆日" in unfolded


def test_deidentify_stable_pseudonyms():
    r = _record()
    a = kyc.deidentify(r, key="k1", as_of=AS_OF)
    b = kyc.deidentify(r, key="k1", as_of=AS_OF)
    c = kyc.deidentify(r, key="k2", as_of=AS_OF)
    assert a["化名编号"][0] == b["化名编号"][0] != c["化名编号"][0]
    assert a["年龄段"][0] == "30-39" and a["性别"][0] == "男" and a["存款与理财（万元，取整）"][0] == 8
    assert not {"姓名", "身份证号", "手机号", "家庭住址", "本人生日（年份）"} & set(a.columns)
    assert kyc.age_band(17) == "<18" and kyc.age_band(70) == "70+" and kyc.age_band(45) == "40-49"


# ---------------------------------------------------------------- 日志与报错不泄露敏感信息
def test_no_sensitive_value_in_logs_or_errors(tmp_path, caplog):
    caplog.set_level(logging.DEBUG, logger="coursekit")
    r = _record()
    kyc.save_record(r, tmp_path / "a.json")
    kyc.load_record(tmp_path / "a.json")
    kyc.export_excel(r, tmp_path / "a.xlsx")
    kyc.diff(r, r.updated({"手机号": "13987654321"}))
    messages = []
    for bad in ({"身份证号": ID[:17] + "0" if ID[17] != "0" else ID[:17] + "1"}, {"手机号": MOBILE + "9"},
                {"姓名": NAME * 10}, {"存款与理财": f"{NAME}的钱"}):
        with pytest.raises(InputError) as info:
            kyc.new_record("个体工商户", bad)
        messages.append(str(info.value))
    text = caplog.text + " ".join(messages) + repr(r)
    assert caplog.records  # 确实记了日志
    for secret in (NAME, ID, ID[6:14], MOBILE, "13987654321"):
        assert secret not in text


# ---------------------------------------------------------------- 部件
def test_widget_form_inline_errors_and_result(tmp_path):
    from coursekit.widgets.kyc import KycForm

    form = KycForm(template="个体工商户", record=_record())
    assert form.result["record"].values["monthly_sales"] == 60000.0
    assert 0 < form.result["completeness"].score < 1
    form.set_value("身份证号", ID[:17] + ("0" if ID[17] != "0" else "1"))
    assert "校验码" in form.field_error("id_number") and "id_number" not in form.result["record"].values
    assert ID[:17] not in form.field_error("id_number")
    form.set_value("身份证号", ID)
    form.set_value("门店/摊位数", "2")
    assert form.field_error("id_number") == "" and form.result["record"].values["shop_count"] == 2
    form.path.value = str(tmp_path / "w.json")
    form.save()
    assert kyc.load_record(tmp_path / "w.json").values == form.result["record"].values
    form.template.value = "农户"
    assert form.result["record"].template == "农户"
    form.load()
    assert form.template.value == "个体工商户" and form.result["record"].values["shop_count"] == 2
    form.path.value = str(tmp_path / "nope.json")
    form.load()
    assert "不存在" in form.status.value
