"""全书一个世界：人物与机构登记表（course/world.yaml）与正文的一致性。

读全部案例、模块导读、工具箱、练习笔记本（只读 JSON 里的单元源码，不执行）、题库 JSON 与附录 Markdown，
找出登记过的人名、企业名，检查：

- 登记表本身：名字不重复、支行编号有效、行长与支行长和人物表一致、教学样本的 14 位客户经理与数据一致；
- 同一个名字只出现在登记过的页面里（名字被另一个案例借去当别人，就是这里报出来）；登记过的页面里确实有这个名字；
- 同一个人在同一时间不能有两个不相容的角色（员工与客户，或两个不同支行）；
- 正文里的“客户经理X”“信贷员X”“支行长X”“支行行长X”“副行长X”“行长X”和“X行长”（X 以常见姓氏开头）
  必须是登记过的员工（职务词后面的字以某个登记名开头即可，如“何静算过”）；“支行长X”须是当时本案支行
  （或句中点名的支行）的行长，“行长X”须是当时的行长或本案支行的行长；称呼（小X、老X）不检查；
- 近似字号：两家不同的企业字号前两字相同、行业大类相同；正文里未登记的“同字号同行业”名称；
- “全行”的客户数、贷款笔数、贷款余额与登记表的全行规模相差不超过容差；说“教学样本”的数字与数据一致；
- “青禾农商银行X支行”只能是七个登记过的支行。

已知、待负责人改写时修的缝列在 KNOWN_SEAMS：测试把它们报告为 xfail；缝一旦修好，对应测试会失败，
提醒把它从 KNOWN_SEAMS 和登记表的 known_seams 里删掉。
"""
from __future__ import annotations

import json
import re
import sys
from functools import lru_cache
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORLD_PATH = ROOT / "course" / "world.yaml"

#: 已知的缝：id → (原因与计划的修法)。每一条在 world.yaml 的 known_seams 里有同 id 的记录。
KNOWN_SEAMS: dict[str, str] = {}

#: 每个已知缝在检查结果里的样子（消息里同时含有这些字）
_SEAM_MARKERS: dict[str, tuple[str, ...]] = {}

#: 常见姓氏（官职、称呼后面的名字以这些字开头才算人名）
SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴孔汤葛庞覃鲁"
    "蒙蓝莫左苗柯包甘欧闫乔倪童颜牛聂季柳俞翁温霍")
#: 姓氏开头、却不是人名的词（出现在职务词后面时不当作人名）
NOT_NAMES = ("张口", "金融", "方面", "方案", "高度", "白户", "黄金", "万元", "程序", "文件", "何时", "何种", "江湖")

_HAN = "\u4e00-\u9fff"
#: 职务词 + 名字：客户经理X、信贷员X、支行长X、支行行长X、副行长X、行长X
_STAFF_ROLE_RE = re.compile(
    rf"(?P<role>客户经理|信贷员|信贷主管|个贷主管|综合岗|风险经理|支行行长|支行长|副行长|行长)"
    rf"(?P<name>[{_HAN}]{{1,3}})")
#: X 行长（姓 + 行长，如“宋行长”）
_SURNAME_HEAD_RE = re.compile(rf"(?<![{_HAN}])(?P<sur>[{_HAN}])行长")
#: 明说支行的：“西河支行行长马文涛”“城关支行长赵建国”
_NAMED_BRANCH_HEAD_RE = re.compile(rf"(?P<branch>[{_HAN}]{{2,3}}支行)(?:行长|长)(?P<name>[{_HAN}]{{2,3}})")
_BANK_BRANCH_RE = re.compile(rf"青禾农商银行(?P<branch>[{_HAN}]{{2,3}}支行)")

#: 行业关键词 → 行业大类（与 world.yaml 的 trade 一致），用来判断未登记的名称是不是“同字号同行业”
TRADE_WORDS = {
    "五金建材": ("五金", "建材", "瓷砖", "卫浴", "水泥", "装饰材料"),
    "农资": ("农资", "饲料", "化肥", "农业服务", "种子", "农药"),
    "养殖": ("养殖", "农场", "代养"),
    "农机": ("农机",),
    "日用百货": ("超市", "便利店", "百货", "副食", "粮油"),
    "服装": ("服装", "服饰"),
    "劳保用品": ("劳保", "消毒"),
    "房地产": ("置业", "地产"),
    "证券": ("证券",),
    "钢材": ("钢材",),
    "冷链物流": ("冷链", "物流"),
    "餐饮": ("面馆", "饭店", "火锅"),
}


# ---------------------------------------------------------------------------------------------
# 读登记表与页面
# ---------------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def world() -> dict:
    return yaml.safe_load(WORLD_PATH.read_text(encoding="utf-8"))


def page_id(path: Path) -> str:
    """页面 → 登记表里用的编号：案例 m01-c05、练习 m08-ex、章节（连同工作坊、小结）ch-m08、工具箱 tb-kyc、其余 guide/appendix。"""
    rel = path.relative_to(ROOT).as_posix()
    stem = path.stem
    m = re.match(r"(m\d\d-c\d\d)", stem)
    if m:
        return m.group(1)
    m = re.match(r"(?:ex-)?(m\d\d)-(?:exercises|\d+)$", stem)
    if m:
        return f"{m.group(1)}-ex"
    if rel.startswith("chapters/toolbox/"):
        return f"tb-{stem}"
    m = re.match(r"chapters/(m\d\d)/(?:index|workshop|summary)\.", rel)   # 章节、工作坊、一页纸小结都算这一章
    if m:
        return f"ch-{m.group(1)}"
    if rel.startswith("chapters/appendix/"):
        return f"appendix-{stem}"
    return "guide"


def _notebook_text(path: Path) -> str:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return "\n".join("".join(c.get("source", "")) for c in nb.get("cells", []))


@lru_cache(maxsize=1)
def pages() -> dict[str, str]:
    """页面编号 → 全部文字（同一编号的几个文件连在一起，例如案例与它的题库）。"""
    files = (sorted(ROOT.glob("cases/*/*.ipynb")) + sorted(ROOT.glob("chapters/*/*.ipynb"))
             + sorted(ROOT.glob("chapters/*/*.md")) + sorted(ROOT.glob("exercises/*.ipynb"))
             + sorted(ROOT.glob("exercises/banks/*.json")) + [ROOT / "intro.md"])
    out: dict[str, list[str]] = {}
    for f in files:
        if f.name == "world.md" and f.parent.name == "appendix":
            continue  # 由登记表生成的人物页本身
        text = _notebook_text(f) if f.suffix == ".ipynb" else f.read_text(encoding="utf-8")
        out.setdefault(page_id(f), []).append(text)
    return {k: "\n".join(v) for k, v in out.items()}


# ---------------------------------------------------------------------------------------------
# 时间与角色
# ---------------------------------------------------------------------------------------------
def _month(value) -> int | None:
    """'2024-03' → 2024*12+2；None → None。"""
    if value is None:
        return None
    y, m = str(value).split("-")
    return int(y) * 12 + int(m) - 1


def case_period(case: str) -> int | None:
    return _month(world()["cases"].get(case, {}).get("period"))


def case_branch(case: str) -> str | None:
    return world()["cases"].get(case, {}).get("branch")


def roles_of(person: dict) -> list[dict]:
    if "roles" in person:
        return person["roles"]
    keys = ("role", "branch", "from", "to", "cases", "place")
    return [{k: person[k] for k in keys if k in person}]


def role_span(role: dict) -> tuple[float, float]:
    """角色的时间区间（月序号）；没写 from/to 时取它出现的各页面的故事时间。"""
    times = [case_period(c) for c in role.get("cases", [])]
    times = [t for t in times if t is not None]
    lo = _month(role.get("from")) if role.get("from") else (min(times) if times else float("-inf"))
    hi = _month(role.get("to")) if role.get("to") else (max(times) if times else float("inf"))
    return lo, hi


def person_cases(person: dict) -> set[str]:
    return {c for r in roles_of(person) for c in r.get("cases", [])}


def people_by_name() -> dict[str, dict]:
    return {p["name"]: p for p in world()["people"]}


def heads_at(branch: str, when: int | None) -> set[str]:
    for b in world()["branches"]:
        if b["id"] == branch:
            return {h["name"] for h in b["heads"] if _in_span(when, h)}
    return set()


def presidents_at(when: int | None) -> set[str]:
    return {p["name"] for p in world()["president"] if _in_span(when, p)}


def vice_presidents_at(when: int | None) -> set[str]:
    return {p["name"] for p in world()["vice_presidents"] if _in_span(when, p)}


def _in_span(when: int | None, entry: dict) -> bool:
    if when is None:
        return True
    lo = _month(entry.get("from")) if entry.get("from") else float("-inf")
    hi = _month(entry.get("to")) if entry.get("to") else float("inf")
    return lo <= when <= hi


def _branch_id(name: str) -> str | None:
    for b in world()["branches"]:
        if b["name"] == name:
            return b["id"]
    return None


def _name_regex(names) -> re.Pattern:
    alts = sorted(set(names), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, alts)))


def find_names(text: str) -> list[tuple[str, int]]:
    """正文里出现的登记人名（最长匹配：“林晓梅”不算“林晓”）。"""
    rx = _name_regex(people_by_name())
    return [(m.group(0), m.start()) for m in rx.finditer(text)]


# ---------------------------------------------------------------------------------------------
# 各项检查：每项返回问题列表（字符串）；已知的缝在 test_known_seams 里单独报告
# ---------------------------------------------------------------------------------------------
def check_registry() -> list[str]:
    w, problems = world(), []
    names = [p["name"] for p in w["people"]]
    problems += [f"人物重名登记：{n}" for n in sorted({n for n in names if names.count(n) > 1})]
    bnames = [b["name"] for b in w["businesses"]]
    problems += [f"企业重复登记：{n}" for n in sorted({n for n in bnames if bnames.count(n) > 1})]
    branch_ids = {b["id"] for b in w["branches"]} | {"HQ", None}
    known_pages = set(w["cases"]) | set(pages())
    people = people_by_name()
    for p in w["people"]:
        if p.get("kind") not in ("staff", "customer", "other"):
            problems.append(f"{p['name']}：kind 应为 staff/customer/other")
        for r in roles_of(p):
            if r.get("branch") not in branch_ids:
                problems.append(f"{p['name']}：支行编号 {r.get('branch')} 不存在")
            problems += [f"{p['name']}：页面 {c} 不存在" for c in r.get("cases", []) if c not in known_pages]
            lo, hi = role_span(r)
            if lo > hi:
                problems.append(f"{p['name']}：任职起止颠倒")
    for b in w["branches"]:
        for h in b["heads"]:
            p = people.get(h["name"])
            if p is None or not any(r.get("branch") == b["id"] and "支行长" in r.get("role", "")
                                    for r in roles_of(p)):
                problems.append(f"{b['name']} 支行长 {h['name']} 在人物表里不是该支行的支行长")
    for entry, title in [(x, "行长") for x in w["president"]] + [(x, "副行长") for x in w["vice_presidents"]]:
        p = people.get(entry["name"])
        if p is None or not any(r.get("role", "").startswith(title) for r in roles_of(p)):
            problems.append(f"{title} {entry['name']} 在人物表里没有这个角色")
    for c, info in w["cases"].items():
        if info.get("branch") not in branch_ids:
            problems.append(f"页面 {c} 的支行 {info.get('branch')} 不存在")
    seg = w["bank"]["scale"]["loan_book_by_segment"]
    if abs(sum(seg.values()) - w["bank"]["scale"]["loans_yi"]) > 1e-9:
        problems.append(f"分项贷款余额合计 {sum(seg.values())} 亿元 ≠ 各项贷款余额 {w['bank']['scale']['loans_yi']} 亿元")
    segc = w["bank"]["scale"]["customers_by_segment"]
    if sum(segc.values()) != w["bank"]["scale"]["customers"]:
        problems.append("分客群开户客户数合计与全行开户客户数不等")
    return problems


def _usage() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """（人名 → 出现的页面，企业全名 → 出现的页面）。"""
    people_seen: dict[str, set[str]] = {}
    biz_seen: dict[str, set[str]] = {}
    full = _name_regex([b["name"] for b in world()["businesses"]])
    for page, text in pages().items():
        for name, _ in find_names(text):
            people_seen.setdefault(name, set()).add(page)
        for m in full.finditer(text):
            biz_seen.setdefault(m.group(0), set()).add(page)
    return people_seen, biz_seen


def check_name_usage() -> list[str]:
    """名字只出现在登记过的页面（被另一个案例借去当别人，就在这里报出来）。"""
    problems = []
    people_seen, biz_seen = _usage()
    for name, person in people_by_name().items():
        for page in sorted(people_seen.get(name, set()) - person_cases(person)):
            problems.append(f"{name} 出现在 {page}，登记表里没有这一页（同名的另一个人？）")
    for b in world()["businesses"]:
        for page in sorted(biz_seen.get(b["name"], set()) - set(b["cases"])):
            problems.append(f"{b['name']} 出现在 {page}，登记表里没有这一页")
    return problems


def check_registry_fresh() -> list[str]:
    """登记过的页面确实还有这个名字（案例改写、换名之后，登记表要跟着改）。"""
    problems = []
    people_seen, _ = _usage()
    for name, person in people_by_name().items():
        for page in sorted(person_cases(person) - people_seen.get(name, set())):
            problems.append(f"{name} 登记在 {page}，但那一页没有这个名字：更新 course/world.yaml 并运行 tools/world_page.py")
    for b in world()["businesses"]:
        for page in b["cases"]:
            if not any(n in pages().get(page, "") for n in [b["name"], *b.get("aliases", [])]):
                problems.append(f"{b['name']} 登记在 {page}，但那一页没有这个名字：更新 course/world.yaml")
    return problems


def _compatible(a: dict, b: dict, kind: str) -> bool:
    """同一个人同一时间的两个角色是否说得通。"""
    ba, bb = a.get("branch"), b.get("branch")
    if ba is None or bb is None or ba == bb:
        return True
    if kind == "staff":  # 员工同一时间只在一个机构
        return False
    return False  # 客户同一时间住在一个地方、由一个支行管户


def check_roles() -> list[str]:
    problems = []
    for person in world()["people"]:
        rs = roles_of(person)
        for i in range(len(rs)):
            for j in range(i + 1, len(rs)):
                (lo1, hi1), (lo2, hi2) = role_span(rs[i]), role_span(rs[j])
                overlap = max(lo1, lo2) <= min(hi1, hi2)
                if overlap and not _compatible(rs[i], rs[j], person["kind"]):
                    problems.append(f"{person['name']} 同一时间有两个不相容的角色："
                                    f"{rs[i]['role']}（{rs[i].get('branch')}）与 {rs[j]['role']}（{rs[j].get('branch')}）")
    return problems


def _registered_prefix(token: str, names: set[str]) -> str | None:
    for n in sorted(names, key=len, reverse=True):
        if token.startswith(n):
            return n
    return None


def check_officers() -> list[str]:
    """职务词后面的人名必须是登记过的员工；支行长、行长与登记表当时的任职一致。"""
    people = people_by_name()
    staff = {n for n, p in people.items() if p["kind"] == "staff"}
    problems = []
    for page, text in pages().items():
        when, home = case_period(page), case_branch(page)
        for m in _STAFF_ROLE_RE.finditer(text):
            token, role = m.group("name"), m.group("role")
            if token[0] not in SURNAMES or token.startswith(NOT_NAMES):
                continue
            name = _registered_prefix(token, set(people))
            if name is None or name not in staff:
                problems.append(f"{page}：「{role}{token}」不是登记过的员工")
                continue
            ok = True
            if role in ("支行长", "支行行长"):
                before = text[max(0, m.start() - 4):m.start()]
                named = _branch_id(before[-3:] + "支行") or _branch_id(before[-2:] + "支行")
                branch = named or (home if home and home.startswith("B") else None)
                ok = (name in heads_at(branch, when)) if branch else any(
                    name in heads_at(b["id"], when) for b in world()["branches"])
            elif role == "副行长":
                ok = name in vice_presidents_at(when)
            elif role == "行长":
                if text[max(0, m.start() - 1):m.start()] in ("支", "副"):
                    continue
                branch_heads = heads_at(home, when) if home and home.startswith("B") else set()
                ok = name in presidents_at(when) | branch_heads
            if not ok:
                problems.append(f"{page}：「{role}{name}」与登记表 {world()['cases'].get(page, {}).get('period')} 的任职不符")
        for m in _NAMED_BRANCH_HEAD_RE.finditer(text):
            branch = _branch_id(m.group("branch")[-4:]) or _branch_id(m.group("branch")[-3:])
            name = _registered_prefix(m.group("name"), set(people))
            if branch and name and name not in heads_at(branch, when):
                problems.append(f"{page}：{m.group('branch')}的行长写作 {name}，登记表当时是 {heads_at(branch, when)}")
        for m in _SURNAME_HEAD_RE.finditer(text):
            sur = m.group("sur")
            if sur not in SURNAMES:
                continue
            leaders = presidents_at(when) | vice_presidents_at(when)
            leaders |= heads_at(home, when) if home and home.startswith("B") else set()
            if not any(n.startswith(sur) for n in leaders):
                problems.append(f"{page}：「{sur}行长」对不上登记表当时的行长、副行长或本支行行长")
    return problems


def _brand_conflicts() -> list[str]:
    bs, problems = world()["businesses"], []
    for i in range(len(bs)):
        for j in range(i + 1, len(bs)):
            a, b = bs[i], bs[j]
            if a["brand"][:2] == b["brand"][:2] and a["trade"] == b["trade"]:
                problems.append(f"近似字号：{a['name']} 与 {b['name']}（字号“{a['brand'][:2]}”，同属{a['trade']}）")
    return problems


def check_businesses() -> list[str]:
    """登记表里的近似字号；正文里未登记的同字号同行业名称。"""
    problems = _brand_conflicts()
    bs = world()["businesses"]
    covered_names = [b["name"] for b in bs] + [a for b in bs for a in b.get("aliases", [])] + list(people_by_name())
    cover_rx = _name_regex(covered_names)
    by_brand: dict[str, list[dict]] = {}
    for b in bs:
        by_brand.setdefault(b["brand"][:2], []).append(b)
    for page, text in pages().items():
        spans = [(m.start(), m.end()) for m in cover_rx.finditer(text)]
        for brand, owners in by_brand.items():
            for m in re.finditer(re.escape(brand), text):
                if any(s <= m.start() and m.end() <= e for s, e in spans):
                    continue
                tail = re.split(r"[，。；：、“”（）()\s,\"'\]\[]", text[m.end():m.end() + 8])[0]
                for b in owners:
                    if any(w in tail for w in TRADE_WORDS.get(b["trade"], ())):
                        problems.append(f"{page}：「{brand}{tail}」未登记，与登记的 {b['name']} 字号相同、同属{b['trade']}")
    return problems


def _number(value: str, unit: str | None) -> float:
    x = float(value.replace(",", ""))
    return x * 10_000 if unit == "万" else x


def _scale_value(field: str) -> float:
    node = world()["bank"]["scale"]
    for part in field.split("."):
        node = node[part]
    return float(node)


def check_bank_figures() -> list[str]:
    cfg, problems = world()["bank_figures"], []
    tol = cfg["tolerance"]
    for page, text in pages().items():
        for pat in cfg["patterns"]:
            for m in re.finditer(pat["regex"], text):
                value = _number(m.group(1), m.group(2) if m.lastindex and m.lastindex >= 2 else None)
                if pat["field"] == "loans_yi":
                    value = float(m.group(1).replace(",", ""))
                expected = _scale_value(pat["field"])
                if abs(value - expected) > tol * expected:
                    problems.append(f"{page}：「{m.group(0)}」与登记表全行 {pat['field']} = {expected:,.0f} 相差超过 {tol:.0%}"
                                    "（说的是教学样本就写“教学样本”）")
        for m in re.finditer(cfg["sample_called_bank"], text):
            problems.append(f"{page}：「{m.group(0)}」把教学样本叫作全行（样本只是 14 位客户经理的管户）")
    return problems


def check_branch_names() -> list[str]:
    names = {b["name"] for b in world()["branches"]}
    problems = []
    for page, text in pages().items():
        for m in _BANK_BRANCH_RE.finditer(text):
            if not any(m.group("branch").endswith(n) for n in names):
                problems.append(f"{page}：「{m.group(0)}」不是登记的七个支行之一")
    return problems


CHECKS = {
    "registry": check_registry,
    "name_usage": check_name_usage,
    "registry_fresh": check_registry_fresh,
    "roles": check_roles,
    "officers": check_officers,
    "businesses": check_businesses,
    "bank_figures": check_bank_figures,
    "branch_names": check_branch_names,
}


def _is_known(problem: str) -> str | None:
    for seam, markers in _SEAM_MARKERS.items():
        if all(x in problem for x in markers):
            return seam
    return None


@pytest.mark.parametrize("check", list(CHECKS))
def test_world_is_consistent(check):
    problems = [p for p in CHECKS[check]() if _is_known(p) is None]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("seam", list(KNOWN_SEAMS))
def test_known_seams(seam):
    """已知的缝：还在就 xfail（写明计划）；修好了就失败，提醒从 KNOWN_SEAMS 与登记表里删掉。"""
    registered = {s["id"] for s in world()["known_seams"]}
    assert seam in registered, f"KNOWN_SEAMS 里的 {seam} 没有登记在 world.yaml 的 known_seams"
    found = [p for check in CHECKS.values() for p in check() if _is_known(p) == seam]
    assert found, f"缝 {seam} 已经修好：请从 tests/test_world.py 的 KNOWN_SEAMS 和 world.yaml 的 known_seams 删掉它"
    pytest.xfail(f"{KNOWN_SEAMS[seam]}（{found[0]}）")


def test_known_seams_listed_once():
    assert {s["id"] for s in world()["known_seams"]} == set(KNOWN_SEAMS)


def test_sample_matches_teaching_bank():
    """登记表里的 14 位样本客户经理、7 个支行与教学样本的数字，和 teaching_bank(0) 一致。"""
    from coursekit.datasets import teaching_bank

    bank = teaching_bank(0)
    w = world()
    assert (bank.bank_name, bank.county_name) == (w["bank"]["name"], w["bank"]["county"])
    reg = {p["sample_manager"]: (p["name"], p["branch"]) for p in w["people"] if "sample_manager" in p}
    data = {r.manager_id: (r.name, r.branch_id) for r in bank.managers.itertuples()}
    assert reg == data
    assert [(b["id"], b["name"]) for b in w["branches"]] == [
        (r.branch_id, r.name.removeprefix("青禾农商银行")) for r in bank.branches.itertuples()]
    s = w["bank"]["sample"]
    assert s["customers"] == len(bank.customers)
    assert s["loans"] == len(bank.loans)
    live = bank.loans[bank.loans["balance"] > 0]
    assert s["outstanding_loans"] == len(live)
    assert abs(s["outstanding_yi"] - live["balance"].sum() / 1e8) < 0.005
    assert s["customers_by_segment"] == bank.customers["ctype"].value_counts().to_dict()


# ---------------------------------------------------------------------------------------------
# 检查本身会失败：在造出来的文字上
# ---------------------------------------------------------------------------------------------
def test_checks_catch_planted_errors(monkeypatch):
    planted = {
        "m09-c20": "支行长郑国伟把冯佳叫到办公室。客户经理钱多多上门。",   # 2024-12 城关支行长是赵建国；钱多多未登记
        "m09-c11": "青禾农商银行全行 2,000 户开户客户里，全行贷款余额 1.88 亿元。",
        "m09-c05": "丰禾饲料店的老板来了。青禾农商银行河东支行也来了。",
        "m01-c07": "行长周建平说。",                                     # 周建平是南坪支行长，不是城关的，也不是行长
        "m08-c01": "把它们放进全行的贷款（教学银行数据，示意）。",
    }
    monkeypatch.setattr(sys.modules[__name__], "pages", lambda: planted)
    officers = check_officers()
    assert any("郑国伟" in p and "任职不符" in p for p in officers)
    assert any("钱多多" in p for p in officers)
    assert any("周建平" in p and "m01-c07" in p for p in officers)
    figures = check_bank_figures()
    assert any("2,000 户" in p for p in figures) and any("1.88" in p for p in figures)
    assert any("m08-c01" in p and "叫作全行" in p for p in figures)
    assert any("丰禾饲料店" in p for p in check_businesses())
    assert any("河东支行" in p for p in check_branch_names())
    usage = check_name_usage()
    assert any("周建平 出现在 m01-c07" in p for p in usage)
    stale = check_registry_fresh()
    assert any(p.startswith("孙立平 登记在 m01-c07") for p in stale)        # 造出来的 m01-c07 里没有孙立平
    assert not any(p.startswith("冯佳 登记在 m09-c20") for p in stale)      # 冯佳还在 m09-c20


def test_world_page_is_generated_from_the_registry():
    """附录页“人物与机构”由 tools/world_page.py 从登记表生成；改了登记表要重新生成。"""
    import importlib.util

    spec = importlib.util.spec_from_file_location("world_page", ROOT / "tools" / "world_page.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    page = (ROOT / "chapters" / "appendix" / "world.md").read_text(encoding="utf-8")
    assert page == mod.render(), "chapters/appendix/world.md 与登记表不同步：运行 python tools/world_page.py"
    assert all(p["name"] in page for p in world()["people"])
    targets = set(re.findall(r"\{doc\}`[^<`]*<([^>]+)>`", page))
    assert targets, "附录页里应有到案例的链接"
    base = ROOT / "chapters" / "appendix"
    missing = [t for t in sorted(targets)
               if not any((base / f"{t}{ext}").resolve().exists() for ext in (".ipynb", ".md"))]
    assert not missing, f"附录页链接到不存在的页面：{missing}"
    assert "- file: chapters/appendix/world" in (ROOT / "_toc.yml").read_text(encoding="utf-8")


def _sample_value(bank, scope: str) -> float:
    parts = scope.split(".")[1:]
    if parts[0] == "customers":
        return len(bank.customers)
    if parts[0] == "loans":
        return len(bank.loans)
    if parts[0] == "branch_loans":
        return int((bank.loans["branch_id"] == parts[1]).sum())
    if parts[0] == "customers_by_segment":
        return int((bank.customers["ctype"] == parts[1]).sum())
    raise AssertionError(f"未知的样本口径：{scope}")


def test_stated_figures_match_their_scope():
    """案例里说出来的规模数字：句子还这么说，而且和它说的那个口径（样本、支行、全行）对得上。"""
    from coursekit.datasets import teaching_bank

    bank, w = teaching_bank(0), world()
    tol = w["bank_figures"]["tolerance"]
    for fig in w["stated_figures"]:
        found = [float(m.group(1).replace(",", "")) for m in re.finditer(fig["regex"], pages()[fig["page"]])]
        assert fig["value"] in found, f"{fig['page']} 不再说 {fig['value']}（找到 {found}）：同步 world.yaml 的 stated_figures"
        scope = fig["scope"]
        if scope.startswith("sample."):
            assert fig["value"] == _sample_value(bank, scope), scope
        elif scope.startswith("branch."):
            _, bid, field = scope.split(".")
            branch = next(b for b in w["branches"] if b["id"] == bid)
            assert fig["value"] == branch[field], scope
        elif scope.startswith("bank."):
            expected = _scale_value(scope.removeprefix("bank."))
            assert abs(fig["value"] - expected) <= tol * expected, scope
    # 支行说的户数加起来不能超过全行
    farmers = sum(b.get("farmer_borrowers", 0) for b in w["branches"])
    assert farmers <= w["bank"]["scale"]["farmer_loan_customers"]
    village_credit = sum(f["value"] for f in w["stated_figures"] if f["scope"] == "villages.credit_certificates")
    assert village_credit <= w["bank"]["scale"]["customers_by_segment"]["农户"]


def test_data_dictionary_states_the_sample_decision():
    text = pages()["tb-data_dictionary"]
    s = world()["bank"]["sample"]
    assert "全行的一份样本" in text and f"{s['loans']:,} 笔贷款" in text and f"{s['outstanding_yi']} 亿元" in text


def test_role_overlap_rule():
    staff_a = {"role": "客户经理", "branch": "B01", "from": "2024-01", "to": "2024-12"}
    staff_b = {"role": "客户经理", "branch": "B02", "from": "2024-06"}
    staff_c = {"role": "客户经理", "branch": "B02", "from": "2025-01"}
    assert not _compatible(staff_a, staff_b, "staff")
    assert max(role_span(staff_a)[0], role_span(staff_c)[0]) > min(role_span(staff_a)[1], role_span(staff_c)[1])
    assert _compatible(staff_a, {"role": "客户经理", "branch": None}, "staff")
