"""coursekit.quiz：题库校验、自包含 HTML、每次显示唯一的 id、浏览器里的即时判分。"""
from __future__ import annotations

import copy
import json
import os
import re
import shutil
from pathlib import Path

import pytest

from coursekit.errors import InputError
from coursekit.quiz import load_bank, show, to_html, validate_bank

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "exercises" / "banks" / "demo.json"


@pytest.fixture()
def bank():
    return json.loads(DEMO.read_text(encoding="utf-8"))


# -- 示例题库 -----------------------------------------------------------------

def test_demo_bank_loads_and_has_three_types():
    questions = load_bank(DEMO)
    assert [q["type"] for q in questions] == ["数值", "单选", "多选"]
    low, high = questions[0]["answer"]
    # 10 万元、6%、12 期等额本息的月供 8606.64 元必须落在区间里
    r = 0.06 / 12
    payment = 100_000 * r * (1 + r) ** 12 / ((1 + r) ** 12 - 1)
    assert low <= round(payment, 2) <= high
    assert high - low <= 1
    assert sum(o["correct"] for o in questions[1]["options"]) == 1
    assert sum(o["correct"] for o in questions[2]["options"]) == 3


# -- 校验错误：指明第几题、哪个字段 --------------------------------------------------

def _error(data) -> str:
    with pytest.raises(InputError) as info:
        validate_bank(data)
    return str(info.value)


def test_missing_options(bank):
    del bank[1]["options"]
    message = _error(bank)
    assert "第 2 题" in message and "选项（options）" in message


def test_no_correct_option(bank):
    for opt in bank[1]["options"]:
        opt["correct"] = False
    message = _error(bank)
    assert "第 2 题" in message and "没有正确选项" in message


def test_single_choice_with_two_correct(bank):
    bank[1]["options"][0]["correct"] = True
    assert "只能有一个正确选项" in _error(bank)


def test_low_greater_than_high(bank):
    bank[0]["answer"] = [8607, 8606]
    message = _error(bank)
    assert "第 1 题" in message and "下限" in message and "大于上限" in message


def test_numeric_answer_not_a_range(bank):
    bank[0]["answer"] = 8606.64
    assert "闭区间" in _error(bank)
    bank[0]["answer"] = [8606, "8607"]
    assert "上限" in _error(bank)


def test_numeric_feedback_missing_key(bank):
    del bank[0]["feedback"]["too_high"]
    message = _error(bank)
    assert "第 1 题" in message and "too_high" in message


def test_option_feedback_required(bank):
    del bank[2]["options"][3]["feedback"]
    message = _error(bank)
    assert "第 3 题第 4 个选项" in message and "反馈（feedback）" in message


def test_correct_flag_must_be_boolean(bank):
    bank[1]["options"][0]["correct"] = "false"
    assert "应为 true 或 false" in _error(bank)


def test_unknown_type_and_unknown_field(bank):
    bank[2]["type"] = "判断"
    assert "第 3 题的题型（type）" in _error(bank)
    bank[2]["type"] = "多选"
    bank[2]["feedbak"] = "拼错的字段"
    assert "feedbak" in _error(bank)


def test_empty_bank_and_wrong_container():
    assert "空的" in _error([])
    assert "列表" in _error({"type": "单选"})


def test_too_few_options(bank):
    bank[1]["options"] = bank[1]["options"][:1]
    assert "2 到 8 个" in _error(bank)


def test_load_bank_file_errors(tmp_path):
    with pytest.raises(InputError, match="不存在"):
        load_bank(tmp_path / "nope.json")
    broken = tmp_path / "broken.json"
    broken.write_text('[{"type": "单选",]', encoding="utf-8")
    with pytest.raises(InputError, match="不是合法的 JSON（第 1 行"):
        load_bank(broken)


def test_validation_does_not_mutate_input(bank):
    before = copy.deepcopy(bank)
    validate_bank(bank)
    assert bank == before


# -- HTML：自包含、嵌入数据、唯一 id -------------------------------------------------

def test_html_is_self_contained(bank):
    markup = to_html(bank)
    assert not re.search(r'(src|href)\s*=\s*["\']?\s*(https?:)?//', markup)
    assert "http://" not in markup and "https://" not in markup
    assert "require(" not in markup and "jQuery" not in markup and "$(" not in markup
    assert "<style>" in markup and "<script>" in markup


def test_html_embeds_the_bank_as_json(bank):
    markup = to_html(bank)
    match = re.search(r'<script type="application/json" id="([^"]+)-data">(.*?)</script>', markup, re.DOTALL)
    assert match
    data = json.loads(match.group(2))
    assert data["questions"] == validate_bank(bank)
    root_id = match.group(1)
    assert f'id="{root_id}"' in markup and f'("{root_id}")' in markup


def test_embedded_json_cannot_close_the_script(bank):
    bank[1]["options"][0]["feedback"] = "小心 </script><script>alert(1)</script> & 注入"
    markup = to_html(bank)
    assert markup.count("</script>") == 2  # 只有数据与脚本各自的结束标记
    match = re.search(r'<script type="application/json" id="[^"]+">(.*?)</script>', markup, re.DOTALL)
    assert "</script>" in json.loads(match.group(1))["questions"][1]["options"][0]["feedback"]


def test_question_text_is_escaped(bank):
    bank[1]["question"] = "<b>粗体</b>？"
    assert "<b>粗体</b>" not in to_html(bank)


def test_ids_unique_within_and_across_renders(bank):
    quiz = show(bank)
    first, second = quiz._repr_html_(), quiz._repr_html_()
    ids_first = re.findall(r'\bid="([^"]+)"', first)
    ids_second = re.findall(r'\bid="([^"]+)"', second)
    assert len(ids_first) == len(set(ids_first))
    assert not set(ids_first) & set(ids_second)


def test_chinese_labels_and_accessibility(bank):
    markup = to_html(bank)
    for word in ("提交", "再试一次", "正确！", "还不对", "请输入数字"):
        assert word in markup
    assert re.search(r'<label for="([^"]+)-input">你的答案</label>', markup)
    assert 'aria-live="polite"' in markup
    # 单选项是按钮，多选项是带标签的复选框
    assert markup.count('class="ck-opt" id=') == 4
    assert markup.count('type="checkbox"') == 5


_OPTION = re.compile(r'id="[^"]+-q(\d+)-o(\d+)" data-o="(\d+)"[^>]*>(?:<span>)?([A-Z])\. ([^<]*)<')


def _shown(markup: str) -> dict[int, list[tuple[int, str]]]:
    """每道选择题按显示顺序的（原序号, 显示的文字）。"""
    out: dict[int, list[tuple[int, str]]] = {}
    for q, k, original, letter, text in _OPTION.findall(markup):
        assert letter == "ABCDEFGH"[int(k)]                 # 字母按显示位置排
        out.setdefault(int(q), []).append((int(original), text))
    return out


def test_shuffle_keeps_options_and_maps_back(bank):
    plain = _shown(to_html(bank, shuffle=False))
    assert plain and all([o for o, _ in rows] == list(range(len(rows))) for rows in plain.values())
    orders = {}
    for seed in range(6):
        shown = _shown(to_html(bank, shuffle=True, seed=seed))
        assert shown.keys() == plain.keys()
        for q, rows in shown.items():
            # 每个位置上显示的文字，正是 data-o 指向的原选项：判分按 data-o 取原选项，所以不会判错
            assert [text for _, text in rows] == [plain[q][o][1] for o, _ in rows]
            assert sorted(o for o, _ in rows) == list(range(len(plain[q])))
        orders[seed] = {q: [o for o, _ in rows] for q, rows in shown.items()}
    assert _shown(to_html(bank, shuffle=True, seed=3)) == _shown(to_html(bank, shuffle=True, seed=3))  # 可复现
    # 真的打乱了：6 个种子里至少有一个改变了顺序，而且不是每次都一样
    identity = {q: list(range(len(rows))) for q, rows in plain.items()}
    assert any(order != identity for order in orders.values())
    assert len({repr(order) for order in orders.values()}) > 1


def _displayed_order(markup: str, qi: int) -> list[int]:
    return [int(x) for x in re.findall(rf'id="[^"]+-q{qi}-o\d+" data-o="(\d+)"', markup)]


def test_default_shuffle_is_deterministic_and_keeps_every_option(bank):
    first, second = to_html(bank), to_html(bank)
    assert _displayed_order(first, 1) == _displayed_order(second, 1)
    assert sorted(_displayed_order(first, 1)) == [0, 1, 2, 3]
    assert _displayed_order(to_html(bank, shuffle=False), 1) == [0, 1, 2, 3]
    # 纯文本的选项顺序与网页一致（讲师照着念、学员照着答，字母要对得上）
    order = _displayed_order(first, 1)
    text_lines = [ln.strip() for ln in show(bank).text().splitlines() if re.match(r"\s+[A-D]\. ", ln)][:4]
    assert text_lines == [f"{'ABCD'[k]}. {bank[1]['options'][o]['text']}" for k, o in enumerate(order)]


def test_shuffle_depends_on_the_question_not_on_its_neighbours(bank):
    alone = to_html([bank[1]])
    with_others = to_html(bank)
    assert _displayed_order(alone, 0) == _displayed_order(with_others, 1)


BANKS = sorted((ROOT / "exercises" / "banks").glob("*.json"))


def test_book_quiz_keys_spread_over_positions():
    """作者习惯把正确选项写在第二项；打乱后，全书单选题的答案不能扎堆在某一个字母上。"""
    from collections import Counter

    from coursekit.quiz import _option_order

    positions = Counter()
    for path in BANKS:
        for q in load_bank(path):
            if q["type"] == "单选":
                shown = [q["options"][i]["correct"] for i in _option_order(q, None)]
                positions[shown.index(True)] += 1
    total = sum(positions.values())
    assert total >= 40
    assert max(positions.values()) / total < 0.45, positions
    assert all(positions[k] / total >= 0.1 for k in range(3)), positions


def _key_strictly_longest(q) -> bool:
    """单选题的正确选项比每个干扰项都长（并列最长不算）。"""
    key = [len(o["text"]) for o in q["options"] if o["correct"]]
    others = [len(o["text"]) for o in q["options"] if not o["correct"]]
    return len(key) == 1 and key[0] > max(others)


def test_key_strictly_longest_flags_only_a_unique_maximum():
    def q(*lens, key=0):
        return {"options": [{"text": "字" * n, "correct": i == key} for i, n in enumerate(lens)]}
    assert _key_strictly_longest(q(12, 11, 5))
    assert not _key_strictly_longest(q(12, 12, 5))      # 并列最长：看长度猜不出
    assert not _key_strictly_longest(q(8, 11, 5))
    assert _key_strictly_longest(q(3, 11, 5, key=1))


def test_book_quiz_key_is_not_the_longest_option():
    """挑最长的选项不能成为猜答案的捷径：正确选项唯一最长的单选题不超过三成，也没有哪个题库每题都是。"""
    total = longest = 0
    giveaway_banks = []
    for path in BANKS:
        flags = [_key_strictly_longest(q) for q in load_bank(path) if q["type"] == "单选"]
        total += len(flags)
        longest += sum(flags)
        if len(flags) >= 2 and all(flags):
            giveaway_banks.append(path.name)
    assert total >= 40
    assert longest / total <= 0.30, f"正确选项唯一最长的单选题占 {longest}/{total}"
    assert not giveaway_banks, f"这些题库的单选题正确选项全是最长的一项：{giveaway_banks}"


def test_notebooks_keep_no_answer_keys_and_every_bank_is_used():
    """题目在题库文件里：笔记本单元（网页上可能显示的代码）里不能出现答案。"""
    sources = {}
    for d in ("cases", "exercises", "chapters"):
        for nb_path in (ROOT / d).rglob("*.ipynb"):
            nb = json.loads(nb_path.read_text(encoding="utf-8"))
            sources[nb_path] = "\n".join("".join(c["source"]) for c in nb["cells"])
    leaking = [str(p.relative_to(ROOT)) for p, text in sources.items()
               if re.search(r"[\"']correct[\"']\s*:", text)]
    assert not leaking, f"这些笔记本里还有内联的答案：{leaking}"
    everything = "\n".join(sources.values())
    unused = [p.name for p in BANKS if p.name not in everything]
    assert not unused, f"没有笔记本用到的题库：{unused}"
    for path in BANKS:
        load_bank(path)   # 全部能通过校验


def test_show_accepts_path_and_title():
    quiz = show(DEMO, title="本章自测")
    assert len(quiz) == 3
    assert "本章自测" in quiz._repr_html_()
    assert "本章自测" in repr(quiz) and "8606" not in repr(quiz)
    assert not hasattr(quiz, "_repr_markdown_")


def test_show_rejects_bad_arguments(bank):
    with pytest.raises(InputError):
        show(bank, shuffle="yes")
    with pytest.raises(InputError):
        show(42)


# -- 浏览器里的行为（需要 Chromium 与 playwright；没有就跳过，设了 COURSE_REQUIRE_BROWSER 时失败） ----

def _no_browser(why: str):
    if os.environ.get("COURSE_REQUIRE_BROWSER"):
        pytest.fail(why)
    pytest.skip(why)


@pytest.mark.browser
def test_feedback_in_headless_browser(tmp_path, bank):
    try:
        from playwright import sync_api
    except ImportError:
        _no_browser("需要 playwright（pip install playwright）")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        _no_browser("需要 Chromium（Debian：apt-get install chromium）")
    page_file = tmp_path / "quiz.html"
    page_file.write_text('<!doctype html><html><head><meta charset="utf-8"></head><body>'
                         + to_html(bank, shuffle=False) + to_html(bank, shuffle=False) + "</body></html>",
                         encoding="utf-8")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page(viewport={"width": 375, "height": 800})
            requests, errors = [], []
            page.on("request", lambda r: requests.append(r.url))
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(page_file.as_uri())
            first, second = page.eval_on_selector_all(".ck-quiz", "els => els.map(e => e.id)")
            page.fill(f"#{second}-q0-input", "八千")
            page.click(f"#{second}-q0-submit")
            assert page.inner_text(f"#{second}-q0-fb").strip() == "请输入数字"
            page.fill(f"#{second}-q0-input", "8,333.33")
            page.click(f"#{second}-q0-submit")
            assert page.inner_text(f"#{second}-q0-fb").startswith("还不对")
            assert page.is_visible(f"#{second}-q0-retry")
            page.fill(f"#{second}-q0-input", "8606.64")
            page.click(f"#{second}-q0-submit")
            assert page.inner_text(f"#{second}-q0-fb").startswith("正确！")
            assert page.inner_text(f"#{first}-q0-fb") == ""  # 另一份测验不受影响
            page.click(f"#{first}-q1-o1")
            assert page.inner_text(f"#{first}-q1-fb").startswith("正确！")
            page.check(f"#{first}-q2-o0")
            page.click(f"#{first}-q2-submit")
            assert "还有正确的选项没有选上" in page.inner_text(f"#{first}-q2-fb")
            assert not page.is_visible(f"#{first}-nojs")
            assert page.evaluate("document.documentElement.scrollWidth") <= 375
            assert [u for u in requests if not u.startswith("file:")] == []
            assert errors == []
        finally:
            browser.close()


def test_ipython_display_produces_text_html():
    """MyST-NB 在构建时把 text/html 输出原样放进书页：测验对象必须产生 text/html。"""
    from IPython.core.formatters import DisplayFormatter

    data, _ = DisplayFormatter().format(show(DEMO))
    assert "ck-quiz" in data["text/html"]
    assert data["text/plain"].startswith("第 1 题（数值）")
