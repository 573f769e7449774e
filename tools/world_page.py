"""由人物与机构登记表（course/world.yaml）生成附录页 chapters/appendix/world.md。

改了登记表之后运行：python tools/world_page.py
tests/test_world.py 检查附录页与登记表同步（页面是生成的，不要手改）。
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
WORLD = ROOT / "course" / "world.yaml"
PAGE = ROOT / "chapters" / "appendix" / "world.md"

_KIND = {"staff": "本行员工", "customer": "客户", "other": "其他"}


def _docs() -> dict[str, str]:
    """页面编号 → 从附录页出发的 {doc} 路径。"""
    out = {}
    for f in sorted(ROOT.glob("cases/*/*.ipynb")):
        m = re.match(r"(m\d\d-c\d\d)", f.stem)
        if m:
            out[m.group(1)] = f"../../{f.relative_to(ROOT).with_suffix('').as_posix()}"
    for f in sorted(ROOT.glob("exercises/m*-exercises.ipynb")):
        out[f"{f.stem[:3]}-ex"] = f"../../exercises/{f.stem}"
    for f in sorted(ROOT.glob("chapters/m*/index.ipynb")):
        out[f"ch-{f.parent.name}"] = f"../{f.parent.name}/index"
    for f in sorted(ROOT.glob("chapters/toolbox/*")):
        out[f"tb-{f.stem}"] = f"../toolbox/{f.stem}"
    return out


def _title(stem: str) -> str:
    """工具箱页的标题（第一个一级标题），例如“工具箱：客户综合贡献度”。"""
    for f in sorted((ROOT / "chapters" / "toolbox").glob(f"{stem}.*")):
        if f.suffix == ".ipynb":
            cells = json.loads(f.read_text(encoding="utf-8"))["cells"]
            text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
        else:
            text = f.read_text(encoding="utf-8")
        m = re.search(r"^# (.+)$", text, re.M)
        if m:
            return m.group(1).strip()
    return stem


def _label(page: str) -> str:
    if page.endswith("-ex"):
        return f"模块{int(page[1:3])}练习"
    if page.startswith("ch-"):
        return f"模块{int(page[4:6])}导读"
    if page.startswith("tb-"):
        return _title(page[3:])
    return page


def _link(page: str, docs: dict[str, str]) -> str:
    path = docs.get(page)
    return f"{{doc}}`{_label(page)} <{path}>`" if path else page


def _links(pages, docs) -> str:
    return "、".join(_link(p, docs) for p in pages) or "（只在教学样本数据里）"


def _ym(value) -> str:
    y, m = str(value).split("-")
    return f"{int(y)} 年 {int(m)} 月"


def _span(entry: dict) -> str:
    lo, hi = entry.get("from"), entry.get("to")
    lo, hi = (_ym(lo) if lo else None), (_ym(hi) if hi else None)
    if lo and hi:
        return f"{lo} 至 {hi}"
    if lo:
        return f"{lo} 起"
    if hi:
        return f"至 {hi}"
    return ""


def _roles(person: dict) -> list[dict]:
    if "roles" in person:
        return person["roles"]
    return [{k: person[k] for k in ("role", "branch", "from", "to", "cases") if k in person}]


def render(world: dict | None = None) -> str:
    w = world or yaml.safe_load(WORLD.read_text(encoding="utf-8"))
    docs = _docs()
    bank, scale = w["bank"], w["bank"]["scale"]
    bname = {b["id"]: b["name"] for b in w["branches"]} | {"HQ": "总行", None: "—"}
    out = [
        "# 人物与机构",
        "",
        "全书的案例发生在同一个虚构的县：**青禾县**，和同一家银行：**青禾农商银行**。本页列出谁是谁、在哪个支行、"
        "出现在哪些案例里，讲师可以从一个案例的人物跳到另一个案例。本页由登记表 `course/world.yaml` 生成，"
        "新写案例时先在登记表里登记人名、企业和地点；`tests/test_world.py` 检查正文与登记表一致。",
        "",
        "```{admonition} 全部虚构",
        ":class: note",
        "人物、企业、机构均为虚构，与任何真实的人或机构无关。“云岭”“丰源”“宁川”等是邻县的虚构地名与机构。",
        "```",
        "",
        "## 青禾农商银行有多大",
        "",
        f"下表是全行规模（{_ym(scale['as_of'])}末），是本书的设定，量级参照公开资料里县域农商行的常见区间，"
        "不是统计数据。正文说“全行”时用这里的数。",
        "",
        "| 项目 | 全行（本书设定） | 教学样本 |",
        "| --- | --- | --- |",
        f"| 一级支行 / 网点 | {len(w['branches'])} 个 / {scale['outlets']} 个 | {len(w['branches'])} 个支行 |",
        f"| 员工 / 客户经理 | {scale['staff']} 人 / {scale['customer_managers']} 人 | 14 位客户经理 |",
        f"| 开户客户 | 约 {scale['customers'] / 10000:g} 万户 | {bank['sample']['customers']:,} 户 |",
        f"| 在贷贷款 | 约 {scale['loan_accounts'] / 10000:g} 万笔 | {bank['sample']['outstanding_loans']:,} 笔 |",
        f"| 各项贷款余额 | 约 {scale['loans_yi']} 亿元 | 约 {bank['sample']['outstanding_yi']} 亿元 |",
        "",
        "分项贷款余额（本书设定）：" + "；".join(f"{k} {v} 亿元" for k, v in scale["loan_book_by_segment"].items()) + "。",
        "",
        "**样本与全行。** " + bank["sample"]["what"],
        "",
        "## 行领导与支行",
        "",
        "| 职务 | 姓名 | 任期 | 出现的页面 |",
        "| --- | --- | --- | --- |",
    ]
    for p in w["president"]:
        out.append(f"| 行长 | {p['name']} | {_span(p)} | {_links(p['cases'], docs)} |")
    for p in w["vice_presidents"]:
        out.append(f"| 副行长（{p['portfolio']}） | {p['name']} | {_span(p)} | {_links(p['cases'], docs)} |")
    for b in w["branches"]:
        if not b["heads"]:
            out.append(f"| {b['name']}行长 | （案例里尚未出现） | | |")
        for h in b["heads"]:
            out.append(f"| {b['name']}行长 | {h['name']} | {_span(h)} | {_links(h['cases'], docs)} |")
    out += ["", "## 按支行查人", ""]
    groups: dict[str | None, list[tuple[dict, dict]]] = {}
    for person in w["people"]:
        for r in _roles(person):
            groups.setdefault(r.get("branch"), []).append((person, r))
    order = ["HQ"] + [b["id"] for b in w["branches"]] + [None]
    for key in order:
        rows = groups.get(key, [])
        if not rows:
            continue
        if key is None:
            title = "不属于某个支行的人（他行、邻县、示例数据）"
        elif key == "HQ":
            title = "总行"
        else:
            b = next(b for b in w["branches"] if b["id"] == key)
            title = f"{b['name']}（{b['town']}，{b['kind']}）"
        out += [f"### {title}", "", "| 姓名 | 身份 | 角色 | 时间 | 出现的页面 |", "| --- | --- | --- | --- | --- |"]
        rows.sort(key=lambda pr: (pr[0]["kind"] != "staff", pr[0]["kind"] != "customer"))
        for person, r in rows:
            tag = f"（样本经理 {person['sample_manager']}）" if "sample_manager" in person else ""
            out.append(f"| {person['name']} | {_KIND[person['kind']]} | {r['role']}{tag} | {_span(r)} | "
                       f"{_links(r.get('cases', []), docs)} |")
        out.append("")
    out += ["## 按案例查人", "", "| 页面 | 人物 | 企业与商户 |", "| --- | --- | --- |"]
    by_case: dict[str, list[str]] = {}
    for person in w["people"]:
        for r in _roles(person):
            for c in r.get("cases", []):
                by_case.setdefault(c, []).append(f"{person['name']}（{bname.get(r.get('branch'), '—')}，{r['role']}）")
    biz_case: dict[str, list[str]] = {}
    for b in w["businesses"]:
        for c in b["cases"]:
            biz_case.setdefault(c, []).append(b["name"])
    for c in sorted(set(by_case) | set(biz_case)):
        out.append(f"| {_link(c, docs)} | {'、'.join(by_case.get(c, [])) or '—'} | {'、'.join(biz_case.get(c, [])) or '—'} |")
    out += ["", "## 企业与商户", "",
            "同一个字号（去掉县名、地名后的前两个字）在同一行业只用一次，免得读者以为是同一家。", "",
            "| 名称 | 字号 | 行业 | 负责人 | 支行 | 出现的页面 |", "| --- | --- | --- | --- | --- | --- |"]
    for b in sorted(w["businesses"], key=lambda b: (b["trade"], b["brand"])):
        out.append(f"| {b['name']} | {b['brand']} | {b['trade']} | {b.get('owner') or '—'} | "
                   f"{bname.get(b.get('branch'), '—')} | {_links(b['cases'], docs)} |")
    out += ["", "## 地点", "", "| 地点 | 类型 | 所属支行 | 说明 |", "| --- | --- | --- | --- |"]
    for p in w["places"]:
        out.append(f"| {p['name']} | {p['kind']} | {bname.get(p.get('branch'), '—')} | {p.get('note', '')} |")
    out.append("")
    return "\n".join(out)


def main() -> int:
    PAGE.write_text(render(), encoding="utf-8", newline="\n")
    print(f"已生成 {PAGE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
