"""静态测验：在发布的 HTML 书页里即时判分，不需要内核，也不访问网络。

题库是 JSON 文件（题目的列表），三种题型：

单选::

    {"type": "单选", "question": "……？",
     "options": [{"text": "……", "correct": true,  "feedback": "为什么对"},
                 {"text": "……", "correct": false, "feedback": "为什么诱人、错在哪里"}]}

多选：同单选，可有多个 ``"correct": true``，作答后点“提交”。

数值（答案是闭区间 ``[low, high]``；金额题用区间，不用“有效数字”）::

    {"type": "数值", "question": "……月供是多少元？", "answer": [8606, 8607], "unit": "元",
     "feedback": {"too_low": "偏低时的提示", "too_high": "偏高时的提示", "correct": "答对时的讲解"}}

用法::

    from coursekit.quiz import show
    show("../../exercises/banks/demo.json", title="自测")     # 作为单元最后一个表达式

``show`` 返回的对象只有 ``_repr_html_``：自带内联样式和一小段原生 JavaScript（不用 jQuery、require.js，
不发任何外部请求），每次显示都用新的元素 id，同一页上放几份测验也互不干扰。题目数据以
``<script type="application/json">`` 嵌在页面里。脚本不运行时（如未受信任的笔记本）题目照样可读。
"""
from __future__ import annotations

import hashlib
import html
import json
import math
import random
import uuid
from numbers import Real
from pathlib import Path
from typing import Any

from .errors import InputError, require_int

__all__ = ["TYPES", "Quiz", "load_bank", "show", "to_html", "validate_bank"]

TYPES = ("单选", "多选", "数值")
LETTERS = "ABCDEFGH"
MAX_OPTIONS = len(LETTERS)

_QUESTION_KEYS = {
    "单选": {"type", "question", "options"},
    "多选": {"type", "question", "options"},
    "数值": {"type", "question", "answer", "unit", "feedback"},
}
_OPTION_KEYS = {"text", "correct", "feedback"}
_NUMERIC_FEEDBACK_KEYS = ("too_low", "too_high", "correct")
_FIELD = {
    "type": "题型（type）", "question": "题干（question）", "options": "选项（options）",
    "answer": "答案范围（answer）", "unit": "单位（unit）", "feedback": "反馈（feedback）",
    "text": "选项文字（text）", "correct": "是否正确（correct）",
    "too_low": "偏低反馈（feedback.too_low）", "too_high": "偏高反馈（feedback.too_high）",
}


# ---------------------------------------------------------------------------
# 读取与校验

def _nonempty_text(value: Any, field: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InputError(field, "应为非空的文字", value)
    return value.strip()


def _finite(value: Any, field: str) -> float:
    if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(float(value)):
        raise InputError(field, "应为有限的数字", value)
    return float(value)


def _validate_question(item: Any, n: int) -> dict:
    where = f"第 {n} 题"
    if not isinstance(item, dict):
        raise InputError(where, "应为一个对象（{...}），含 type、question 等字段", item)
    qtype = item.get("type")
    if qtype not in TYPES:
        raise InputError(f"{where}的{_FIELD['type']}", "应为“单选”“多选”“数值”之一", qtype)
    unknown = set(item) - _QUESTION_KEYS[qtype]
    if unknown:
        allowed = "、".join(sorted(_QUESTION_KEYS[qtype]))
        raise InputError(f"{where}的字段 {'、'.join(sorted(unknown))}", f"无法识别（{qtype}题可用的字段：{allowed}）")
    question = _nonempty_text(item.get("question"), f"{where}的{_FIELD['question']}")

    if qtype == "数值":
        if "answer" not in item:
            raise InputError(f"{where}的{_FIELD['answer']}", "缺少：应为闭区间 [最小值, 最大值]")
        answer = item["answer"]
        if isinstance(answer, dict) and set(answer) == {"low", "high"}:
            answer = [answer["low"], answer["high"]]
        if not isinstance(answer, (list, tuple)) or len(answer) != 2:
            raise InputError(f"{where}的{_FIELD['answer']}", "应为闭区间 [最小值, 最大值]，如 [8606, 8607]", answer)
        low = _finite(answer[0], f"{where}的{_FIELD['answer']}下限")
        high = _finite(answer[1], f"{where}的{_FIELD['answer']}上限")
        if low > high:
            raise InputError(f"{where}的{_FIELD['answer']}", f"下限 {low:g} 大于上限 {high:g}")
        unit = item.get("unit", "")
        if not isinstance(unit, str):
            raise InputError(f"{where}的{_FIELD['unit']}", "应为文字（如“元”），没有单位时省略", unit)
        feedback = item.get("feedback")
        if not isinstance(feedback, dict):
            raise InputError(f"{where}的{_FIELD['feedback']}", "应为对象，含 too_low、too_high、correct 三条反馈", feedback)
        extra = set(feedback) - set(_NUMERIC_FEEDBACK_KEYS)
        if extra:
            raise InputError(f"{where}的{_FIELD['feedback']}", f"只能含 too_low、too_high、correct，多了 {'、'.join(sorted(extra))}")
        fb = {}
        for key in _NUMERIC_FEEDBACK_KEYS:
            label = _FIELD.get(key, f"反馈（feedback.{key}）") if key != "correct" else "答对反馈（feedback.correct）"
            if key not in feedback:
                raise InputError(f"{where}的{label}", "缺少")
            fb[key] = _nonempty_text(feedback[key], f"{where}的{label}")
        return {"type": qtype, "question": question, "answer": [low, high], "unit": unit.strip(), "feedback": fb}

    options = item.get("options")
    if options is None:
        raise InputError(f"{where}的{_FIELD['options']}", "缺少：选择题至少要有 2 个选项")
    if not isinstance(options, list):
        raise InputError(f"{where}的{_FIELD['options']}", "应为列表", options)
    if not 2 <= len(options) <= MAX_OPTIONS:
        raise InputError(f"{where}的{_FIELD['options']}", f"应有 2 到 {MAX_OPTIONS} 个，现在有 {len(options)} 个")
    clean = []
    for j, opt in enumerate(options, start=1):
        at = f"{where}第 {j} 个选项"
        if not isinstance(opt, dict):
            raise InputError(at, "应为对象，含 text、correct、feedback", opt)
        unknown = set(opt) - _OPTION_KEYS
        if unknown:
            raise InputError(f"{at}的字段 {'、'.join(sorted(unknown))}", "无法识别（可用的字段：text、correct、feedback）")
        for key in ("text", "correct", "feedback"):
            if key not in opt:
                raise InputError(f"{at}的{_FIELD[key]}", "缺少")
        text = _nonempty_text(opt["text"], f"{at}的{_FIELD['text']}")
        if not isinstance(opt["correct"], bool):
            raise InputError(f"{at}的{_FIELD['correct']}", "应为 true 或 false", opt["correct"])
        feedback = _nonempty_text(opt["feedback"], f"{at}的{_FIELD['feedback']}")
        clean.append({"text": text, "correct": opt["correct"], "feedback": feedback})
    texts = [o["text"] for o in clean]
    if len(set(texts)) != len(texts):
        raise InputError(f"{where}的{_FIELD['options']}", "有两个选项文字相同")
    n_correct = sum(o["correct"] for o in clean)
    if n_correct == 0:
        raise InputError(f"{where}的{_FIELD['options']}", "没有正确选项：至少一个选项要标 \"correct\": true")
    if qtype == "单选" and n_correct != 1:
        raise InputError(f"{where}的{_FIELD['options']}", f"单选题只能有一个正确选项，现在有 {n_correct} 个（多个正确请用“多选”）")
    return {"type": qtype, "question": question, "options": clean}


def validate_bank(bank: Any) -> list[dict]:
    """校验内存中的题库（题目的列表），返回规整后的副本。出错时 InputError 指明第几题、哪个字段。"""
    if isinstance(bank, dict):
        raise InputError("题库", "应为题目的列表（[...]）；只有一题也请放在列表里", None)
    if not isinstance(bank, (list, tuple)):
        raise InputError("题库", "应为题目的列表（[...]）", type(bank).__name__)
    if not bank:
        raise InputError("题库", "是空的，至少要有一道题")
    return [_validate_question(item, n) for n, item in enumerate(bank, start=1)]


def load_bank(path: str | Path) -> list[dict]:
    """读入并校验一个 JSON 题库文件（UTF-8）。"""
    if not isinstance(path, (str, Path)) or not str(path).strip():
        raise InputError("题库文件", "应为文件路径", path)
    file = Path(path)
    if not file.is_file():
        raise InputError("题库文件", "不存在", str(file))
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise InputError("题库文件", "不是 UTF-8 编码的文本", str(file)) from exc
    except json.JSONDecodeError as exc:
        raise InputError("题库文件", f"不是合法的 JSON（第 {exc.lineno} 行第 {exc.colno} 列：{exc.msg}）",
                         str(file)) from exc
    return validate_bank(data)


def _coerce(bank_or_path: Any) -> list[dict]:
    if isinstance(bank_or_path, (str, Path)):
        return load_bank(bank_or_path)
    return validate_bank(bank_or_path)


# ---------------------------------------------------------------------------
# HTML

_CSS = """
.ck-quiz{box-sizing:border-box;max-width:100%;margin:1em 0;padding:0.8em 1em;border:1px solid #d0d7de;
  border-radius:6px;background:#fff;color:#1a1a1a;line-height:1.65;font-size:1rem;overflow-wrap:anywhere}
.ck-quiz *{box-sizing:border-box}
.ck-quiz-title{font-weight:bold;font-size:1.05em;margin:0 0 0.4em}
.ck-quiz-nojs{font-size:0.85em;color:#6b6b6b;margin:0 0 0.5em}
.ck-q{margin:0;padding:0.6em 0;border-top:1px dashed #d0d7de}
.ck-q:first-of-type{border-top:0}
.ck-q-num{display:inline-block;font-size:0.85em;color:#0072B2;font-weight:bold;margin-bottom:0.2em}
.ck-q-text{margin:0 0 0.5em;white-space:pre-line}
.ck-quiz .ck-opt{display:block;width:100%;min-height:2.75em;margin:0.35em 0;padding:0.5em 0.75em;text-align:left;
  font:inherit;line-height:1.5;color:#1a1a1a;background:#f6f8fa;border:1px solid #c4c9cf;border-radius:5px;
  cursor:pointer;white-space:normal}
.ck-quiz label.ck-opt{display:flex;gap:0.5em;align-items:flex-start}
.ck-quiz label.ck-opt input{margin-top:0.35em;flex:none;width:1.1em;height:1.1em}
.ck-quiz .ck-opt:hover{background:#eef2f6}
.ck-quiz .ck-opt:focus-visible,.ck-quiz .ck-btn:focus-visible,.ck-quiz input:focus-visible{outline:3px solid #56B4E9;outline-offset:1px}
.ck-quiz .ck-right{border-color:#009E73;background:#e8f6f1}
.ck-quiz .ck-wrong{border-color:#D55E00;background:#fcefe6}
.ck-quiz .ck-row{display:flex;flex-wrap:wrap;gap:0.5em;align-items:center;margin:0.3em 0}
.ck-quiz .ck-num{font:inherit;width:12em;max-width:100%;min-height:2.5em;padding:0.3em 0.5em;border:1px solid #c4c9cf;
  border-radius:5px;color:#1a1a1a;background:#fff}
.ck-quiz .ck-btn{font:inherit;min-height:2.5em;padding:0.3em 1.1em;border-radius:5px;border:1px solid #0072B2;
  background:#0072B2;color:#fff;cursor:pointer}
.ck-quiz .ck-btn.ck-retry{background:#fff;color:#0072B2}
.ck-quiz .ck-fb{margin-top:0.4em;padding:0;border-radius:4px}
.ck-quiz .ck-fb:not(:empty){padding:0.45em 0.7em;border-left:4px solid #6b6b6b;background:#f2f2f2}
.ck-quiz .ck-fb.ck-right{border-left-color:#009E73;background:#e8f6f1}
.ck-quiz .ck-fb.ck-wrong{border-left-color:#D55E00;background:#fcefe6}
.ck-quiz .ck-fb p{margin:0.2em 0}
.ck-quiz .ck-status{font-weight:bold}
.ck-quiz .ck-right .ck-status{color:#00795a}
.ck-quiz .ck-wrong .ck-status{color:#b34700}
.ck-quiz [hidden]{display:none !important}
"""

# 原生 JavaScript（ES5 写法，照顾手机内置浏览器）；按 id 找到本测验的根元素和嵌入的数据
_JS = r"""
(function (rootId) {
  var root = document.getElementById(rootId);
  var dataEl = document.getElementById(rootId + "-data");
  if (!root || !dataEl || root.getAttribute("data-ready") === "1") { return; }
  root.setAttribute("data-ready", "1");
  var bank = JSON.parse(dataEl.textContent);
  var note = document.getElementById(rootId + "-nojs");
  if (note) { note.hidden = true; }
  var T = {ok: "正确！", no: "还不对", nan: "请输入数字", none: "请至少选择一项",
           missing: "还有正确的选项没有选上。"};
  function byId(id) { return document.getElementById(id); }
  function show(fb, ok, lines) {
    fb.innerHTML = "";
    fb.className = "ck-fb " + (ok === null ? "" : (ok ? "ck-right" : "ck-wrong"));
    var head = document.createElement("p");
    var s = document.createElement("span");
    s.className = "ck-status";
    s.textContent = ok === null ? "" : (ok ? T.ok : T.no);
    head.appendChild(s);
    if (lines.length) { head.appendChild(document.createTextNode(" " + lines[0])); }
    fb.appendChild(head);
    for (var i = 1; i < lines.length; i++) {
      var p = document.createElement("p");
      p.textContent = lines[i];
      fb.appendChild(p);
    }
  }
  function clear(fb) { fb.innerHTML = ""; fb.className = "ck-fb"; }
  function mark(el, state) {
    el.className = el.className.replace(/\s*ck-(right|wrong)/g, "");
    if (state) { el.className += " ck-" + state; }
  }
  function parseNumber(text, unit) {
    var t = String(text).replace(/[\uff10-\uff19]/g, function (c) {
      return String.fromCharCode(c.charCodeAt(0) - 0xff10 + 48); });
    t = t.replace(/[\uff0e\u3002]/g, ".").replace(/[\uff0d\u2212]/g, "-").replace(/[,\uff0c\s]/g, "");
    if (unit && t.slice(-unit.length) === unit) { t = t.slice(0, -unit.length); }
    if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(t)) { return null; }
    return parseFloat(t);
  }
  function setupChoice(qi, q, multi) {
    var p = rootId + "-q" + qi;
    var fb = byId(p + "-fb"), retry = byId(p + "-retry"), opts = [], k;
    for (k = 0; k < q.options.length; k++) { opts.push(byId(p + "-o" + k)); }
    function reset() {
      for (var i = 0; i < opts.length; i++) {
        mark(multi ? opts[i].parentNode : opts[i], null);
        if (multi) { opts[i].checked = false; } else { opts[i].setAttribute("aria-pressed", "false"); }
      }
      clear(fb); retry.hidden = true;
    }
    retry.addEventListener("click", reset);
    if (!multi) {
      for (k = 0; k < opts.length; k++) {
        opts[k].addEventListener("click", function () {
          var o = q.options[parseInt(this.getAttribute("data-o"), 10)];
          for (var i = 0; i < opts.length; i++) { mark(opts[i], null); opts[i].setAttribute("aria-pressed", "false"); }
          mark(this, o.correct ? "right" : "wrong");
          this.setAttribute("aria-pressed", "true");
          show(fb, o.correct, [o.feedback]);
          retry.hidden = o.correct;
        });
      }
      return;
    }
    byId(p + "-submit").addEventListener("click", function () {
      var lines = [], allOk = true, any = false, missed = false;
      for (var i = 0; i < opts.length; i++) {
        var o = q.options[parseInt(opts[i].getAttribute("data-o"), 10)];
        var label = opts[i].parentNode;
        if (opts[i].checked) {
          any = true;
          mark(label, o.correct ? "right" : "wrong");
          lines.push(opts[i].getAttribute("data-letter") + "：" + o.feedback);
          if (!o.correct) { allOk = false; }
        } else {
          mark(label, null);
          if (o.correct) { allOk = false; missed = true; }
        }
      }
      if (!any) { show(fb, null, [T.none]); return; }
      if (missed) { lines.push(T.missing); }
      show(fb, allOk, lines);
      retry.hidden = allOk;
    });
  }
  function setupNumber(qi, q) {
    var p = rootId + "-q" + qi;
    var input = byId(p + "-input"), fb = byId(p + "-fb"), retry = byId(p + "-retry");
    function submit() {
      var x = parseNumber(input.value, q.unit);
      if (x === null) { show(fb, null, [T.nan]); mark(input, null); return; }
      var lo = q.answer[0], hi = q.answer[1], ok = x >= lo && x <= hi;
      var msg = ok ? q.feedback.correct : (x < lo ? q.feedback.too_low : q.feedback.too_high);
      mark(input, ok ? "right" : "wrong");
      show(fb, ok, [msg]);
      retry.hidden = ok;
    }
    byId(p + "-submit").addEventListener("click", submit);
    input.addEventListener("keydown", function (e) { if (e.key === "Enter") { e.preventDefault(); submit(); } });
    retry.addEventListener("click", function () {
      input.value = ""; mark(input, null); clear(fb); retry.hidden = true; input.focus(); });
  }
  for (var i = 0; i < bank.questions.length; i++) {
    var q = bank.questions[i];
    if (q.type === "数值") { setupNumber(i, q); } else { setupChoice(i, q, q.type === "多选"); }
  }
})
"""


def _json_for_script(data: Any) -> str:
    """嵌进 <script> 的 JSON：转义 <、>、& 与行分隔符，防止提前结束脚本。"""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _question_rng(q: dict) -> random.Random:
    """由题干与选项文字决定的随机数发生器：同一道题每次构建、每台机器上的选项顺序都相同。"""
    key = q["question"] + "\x1f" + "\x1f".join(o["text"] for o in q.get("options", []))
    return random.Random(int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:8], "big"))


def _option_order(q: dict, rng: random.Random | None | bool) -> list[int]:
    """选项的显示顺序（原序号的列表）。``rng`` 为 False 不打乱，为 None 按题目内容打乱，否则用给定的发生器。"""
    order = list(range(len(q.get("options", []))))
    if rng is False or not order:
        return order
    (_question_rng(q) if rng is None else rng).shuffle(order)
    return order


def _render_question(rid: str, qi: int, q: dict, rng: random.Random | None | bool) -> tuple[str, dict]:
    p = f"{rid}-q{qi}"
    e = html.escape
    head = (f'<span class="ck-q-num">第 {qi + 1} 题（{q["type"]}）</span>'
            f'<div class="ck-q-text" id="{p}-text">{e(q["question"])}</div>')
    tail = (f'<div class="ck-fb" id="{p}-fb" aria-live="polite"></div>'
            f'<button type="button" class="ck-btn ck-retry" id="{p}-retry" hidden>再试一次</button>')
    if q["type"] == "数值":
        unit = f'<span class="ck-unit">{e(q["unit"])}</span>' if q["unit"] else ""
        body = (f'<div class="ck-row"><label for="{p}-input">你的答案</label>'
                f'<input type="text" inputmode="decimal" autocomplete="off" class="ck-num" id="{p}-input" '
                f'aria-describedby="{p}-text">{unit}'
                f'<button type="button" class="ck-btn" id="{p}-submit">提交</button></div>')
        return f'<section class="ck-q" id="{p}" data-type="数值">{head}{body}{tail}</section>', q

    order = _option_order(q, rng)
    rows = []
    for k, original in enumerate(order):
        letter = LETTERS[k]
        text = e(q["options"][original]["text"])
        oid = f"{p}-o{k}"
        if q["type"] == "单选":
            rows.append(f'<button type="button" class="ck-opt" id="{oid}" data-o="{original}" aria-pressed="false">'
                        f'{letter}. {text}</button>')
        else:
            rows.append(f'<label class="ck-opt" for="{oid}"><input type="checkbox" id="{oid}" data-o="{original}" '
                        f'data-letter="{letter}"><span>{letter}. {text}</span></label>')
    group = f'<div class="ck-q-options" role="group" aria-labelledby="{p}-text">{"".join(rows)}</div>'
    if q["type"] == "多选":
        group += (f'<div class="ck-row"><button type="button" class="ck-btn" id="{p}-submit">提交</button>'
                  f'<span style="font-size:0.85em;color:#6b6b6b;">可选多项，选好后点“提交”</span></div>')
    return f'<section class="ck-q" id="{p}" data-type="{q["type"]}">{head}{group}{tail}</section>', q


def _shuffler(shuffle: bool, seed: int | None) -> random.Random | None | bool:
    if not shuffle:
        return False
    if seed is None:
        return None
    return random.Random(require_int(seed, "随机种子（seed）"))


def to_html(bank: Any, *, shuffle: bool = True, title: str | None = None, seed: int | None = None) -> str:
    """把题库（列表或 JSON 文件路径）渲染成自包含的 HTML 片段。每次调用生成新的元素 id。

    默认打乱每道选择题的选项顺序，让正确答案分散在各个位置（作者写题时习惯把它放在第二项）。
    打乱是确定的：不给 ``seed`` 时由题目文字决定，每次构建顺序相同；给了 ``seed`` 就用它。
    ``shuffle=False`` 保持题库里的顺序。
    """
    questions = _coerce(bank)
    if not isinstance(shuffle, bool):
        raise InputError("打乱选项（shuffle）", "应为 True 或 False", shuffle)
    if title is not None and not isinstance(title, str):
        raise InputError("标题（title）", "应为文字", title)
    rng = _shuffler(shuffle, seed)
    rid = "ckq-" + uuid.uuid4().hex[:12]
    sections = [_render_question(rid, qi, q, rng)[0] for qi, q in enumerate(questions)]
    heading = f'<div class="ck-quiz-title">{html.escape(title)}</div>' if title else ""
    data = _json_for_script({"title": title or "", "questions": questions})
    return (
        f'<div class="ck-quiz" id="{rid}" lang="zh-CN">'
        f"<style>{_CSS}</style>"
        f"{heading}"
        f'<p class="ck-quiz-nojs" id="{rid}-nojs">（即时判分需要浏览器运行本页的脚本；没有判分时，可先作答，再对照讲解。）</p>'
        f'{"".join(sections)}'
        f'<script type="application/json" id="{rid}-data">{data}</script>'
        f'<script>{_JS}("{rid}");</script>'
        f"</div>"
    )


class Quiz:
    """一份可显示的测验：在笔记本或书页中显示为可作答的 HTML（每次显示都是新的 id）。"""

    def __init__(self, questions: list[dict], *, shuffle: bool = True, title: str | None = None,
                 seed: int | None = None):
        self.questions = questions
        self.shuffle = shuffle
        self.title = title
        self.seed = seed

    def _repr_html_(self) -> str:
        return to_html(self.questions, shuffle=self.shuffle, title=self.title, seed=self.seed)

    def text(self) -> str:
        """纯文本（不含答案），给不显示 HTML 的环境。"""
        lines = [self.title] if self.title else []
        rng = _shuffler(self.shuffle, self.seed)
        for qi, q in enumerate(self.questions, start=1):
            lines.append(f"第 {qi} 题（{q['type']}）{q['question']}")
            for k, original in enumerate(_option_order(q, rng)):
                lines.append(f"  {LETTERS[k]}. {q['options'][original]['text']}")
            if q["type"] == "数值":
                lines.append(f"  答案：______ {q['unit']}".rstrip())
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.text()

    def __len__(self) -> int:
        return len(self.questions)


def show(bank_or_path: Any, *, shuffle: bool = True, title: str | None = None, seed: int | None = None) -> Quiz:
    """返回可显示的测验对象：作为单元最后一个表达式，或 ``IPython.display.display(show(...))``。"""
    questions = _coerce(bank_or_path)
    if not isinstance(shuffle, bool):
        raise InputError("打乱选项（shuffle）", "应为 True 或 False", shuffle)
    if title is not None and not isinstance(title, str):
        raise InputError("标题（title）", "应为文字", title)
    return Quiz(questions, shuffle=shuffle, title=title, seed=seed)

