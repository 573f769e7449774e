"""全书统一的表格：笔记本和部件里给读者看的每一张表都经过这里。

一处规则（样式表在 ``book_assets/tables.css``）：

- 数字右对齐、等宽数字、千分位；整数金额不带小数，其余两位小数；
- 比例（列名含“率”“占比”“比例”等，或在 ``pct=`` 里点名）显示为两位小数的百分数；
- 空值显示“—”，真假显示“是/否”，日期显示 ``2024-07-01``；
- 默认的 0, 1, 2… 行号不显示（有意义的索引，如“借款人”“期数”，照常显示为行标题）；
- 英文字段名（``loan_id``、``amount`` 等）在显示时换成中文，数据本身不变；
- 宽表放在可横向滚动的框里，两侧有阴影提示，窄屏上另有一行“左右滑动”的文字提示。

用法::

    from coursekit import tables
    tables.table(df)                                   # 笔记本单元最后一行：显示这张表
    tables.table(df, formats={"年利率": "{:.2%}"}, caption="三种还款方式")
    tables.table(findings, pct=["share"])              # 点名比例列
    tables.show(df)                                    # 在单元中间或部件输出区里显示

``formats`` 与 pandas ``Styler.format`` 的写法相同（格式字符串或函数），只作用于数字；
键可以用原列名，也可以用显示的中文名。
"""
from __future__ import annotations

import datetime as _dt
import html as _html
import math
import numbers
import re
import unicodedata
from typing import Any, Callable, Iterable, Mapping

import pandas as pd

__all__ = ["table", "show", "group", "Table", "TableGroup", "LABELS", "is_rate_label", "PCT_DIGITS"]

PCT_DIGITS = 2
NA = "—"

#: 数据里的英文字段名 → 读者看到的中文列名（只改显示，不改数据）
LABELS: dict[str, str] = {
    # 流水与资金流向扫描（compliance）
    "txn_id": "流水号", "txn_ids": "相关流水", "account_owner": "账户户主", "date": "日期",
    "direction": "收支", "amount": "金额（元）", "counterparty_id": "对方编号", "counterparty_name": "对方户名",
    "counterparty_type": "对方类型", "memo": "摘要", "rule": "规则", "entity": "涉及主体", "share": "占贷款比例",
    "days": "距放款天数", "explanation": "说明",
    # 客户、贷款与分类（datasets、risk）
    "loan_id": "贷款编号", "customer_id": "客户编号", "borrower_id": "借款人编号", "guarantor_id": "保证人编号",
    "owner_id": "法定代表人编号", "group_id": "客户群编号", "branch_id": "支行编号", "cluster_id": "片区编号",
    "name": "名称", "ctype": "客户类型", "id_number": "身份证号", "phone": "手机号", "status": "状态",
    "balance": "余额（元）", "overdue_days": "逾期天数", "restructured": "是否重组",
    "months_since_restructure": "重组后月数", "before_restructure": "重组前分类", "month": "月份", "category": "五级分类",
    "risk_category": "五级分类", "reason": "分类依据", "product": "产品", "kind": "类别", "detail": "详情",
    "disburse_date": "放款日", "maturity_date": "到期日", "annual_rate": "年利率", "rate": "年利率",
    "term_months": "期限（月）", "purpose": "用途", "town": "乡镇", "fee_rate": "费率",
    "guarantee": "担保方式", "guarantor": "保证人", "borrower": "借款人", "group": "客户群",
    "manager_id": "客户经理编号", "manager": "客户经理", "spread_bp": "加点（bp）", "method": "还款方式",
    # 客户经理逐月过程记录（datasets.manager_activity）
    "visits": "走访（户次）", "calls": "电话回访（次）", "kyc_refreshed": "尽调更新（户）",
    "postloan_due": "应做贷后检查（笔）", "postloan_on_time": "按时完成（笔）", "pipeline_count": "月末在谈（笔）",
    "pipeline_amount": "在谈金额（元）",
    # pandas 汇总（describe、agg）
    "count": "个数", "mean": "平均", "median": "中位数", "std": "标准差", "min": "最小", "max": "最大",
    "sum": "合计", "size": "个数",
}

_ALWAYS_RATE_WORDS = ("偏差",)      # 交叉检验的偏差总是小数，可以远大于 5（偏差 2658%）
_RATE_WORDS = ("占比", "比例", "比重", "完整度", "RAROC", "滚动率", "迁徙率", "使用率", "渗透率", "覆盖率") + _ALWAYS_RATE_WORDS
_NOT_RATE_WORDS = ("比率", "倍", "（元", "万元", "天", "bp", "基点", "%", "％", "人数", "户数", "笔数")
_NUMERIC_TEXT = re.compile(r"^[+\-−]?(?:[\d,]+(?:\.\d+)?|\.\d+)(?:%|％| ?元| ?万元| ?个基点.*| ?bp)?$")


def is_rate_label(label: Any) -> bool:
    """列名看上去是比例（显示为百分数）吗？“年利率”“不良占比”是，“流动比率”“月供（元）”不是。"""
    text = str(label)
    if any(w in text for w in _NOT_RATE_WORDS):
        return False
    return "率" in text or any(w in text for w in _RATE_WORDS)


def _is_number(v: Any) -> bool:
    return isinstance(v, numbers.Number) and not isinstance(v, bool) and not _is_na(v)


def _is_na(v: Any) -> bool:
    if v is None or v is pd.NaT:
        return True
    if isinstance(v, float):
        return math.isnan(v)
    try:
        return bool(pd.isna(v)) if not isinstance(v, (list, tuple, dict, set, str)) else False
    except (TypeError, ValueError):
        return False


def _label(name: Any, labels: bool | Mapping[str, str]) -> str:
    if isinstance(name, tuple):
        return " ".join(_label(n, labels) for n in name if str(n) != "")
    if name is None:
        return ""
    text = str(name)
    if labels is True:
        return LABELS.get(text, text)
    if isinstance(labels, Mapping):
        return str(labels.get(text, LABELS.get(text, text)))
    return text


def _text_width(text: str) -> int:
    """显示宽度（以半个汉字为 1）：估算表宽用。"""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


#: 列名是这些之一、值都是 1900—2100 的整数时，按年份写（2024，而不是 2,024）
YEAR_HEADERS = frozenset({"年份", "年度", "年", "year", "Year", "放款年份", "发放年份", "会计年度"})


def _is_year_label(head: str) -> bool:
    return head in YEAR_HEADERS or head.endswith("（年份）")


def _is_year_column(head: str, nums: list, integral: bool) -> bool:
    return (_is_year_label(str(head)) and integral and bool(nums)
            and all(1900 <= float(v) <= 2100 for v in nums))


def _year_text(v: Any) -> str:
    return str(int(float(v)))


def _format_value(v: Any, spec: str | Callable | None, *, pct: bool, integral: bool, pct_digits: int,
                  na: str = NA) -> str:
    if _is_na(v):
        return na
    if isinstance(v, (bool,)) or type(v).__name__ == "bool_":
        return "是" if v else "否"
    if _is_number(v):
        if isinstance(v, numbers.Real) and not isinstance(v, numbers.Integral) and math.isinf(float(v)):
            return na          # “每户成本”之类在分母为 0 时的无穷大：读者看到的是“—”，不是 inf
        if spec is not None:
            return spec(v) if callable(spec) else spec.format(v)
        if pct:
            return f"{float(v) * 100:,.{pct_digits}f}%"
        if isinstance(v, numbers.Integral):
            return f"{int(v):,}"
        return f"{float(v):,.0f}" if integral else f"{float(v):,.2f}"
    if spec is not None and callable(spec):
        return str(spec(v))
    if isinstance(v, pd.Timestamp) or isinstance(v, _dt.datetime):
        ts = pd.Timestamp(v)
        return ts.strftime("%Y-%m-%d") if ts == ts.normalize() else ts.strftime("%Y-%m-%d %H:%M")
    if isinstance(v, _dt.date):
        return v.strftime("%Y-%m-%d")
    if isinstance(v, pd.Period):
        return str(v)
    if isinstance(v, (list, tuple, set)):
        return "、".join(str(x) for x in v)
    return str(v)


class Table:
    """一张按全书样式排好的表。笔记本里作为最后一行即显示；``.html`` 是 HTML，``.cells`` 是显示用的文字。"""

    def __init__(self, header: list[str], rows: list[list[str]], numeric: list[bool], n_index: int,
                 caption: str | None, numeric_cells: list[list[bool]]):
        self.header = header
        self.cells = rows
        self.numeric = numeric
        self.n_index = n_index
        self.caption = caption
        self._numeric_cells = numeric_cells

    @property
    def frame(self) -> pd.DataFrame:
        """显示用的文字表（测试与导出用）。"""
        return pd.DataFrame(self.cells, columns=self.header)

    def estimated_width(self) -> int:
        """按字符估算的表宽（像素，正文字号约 14 px）。"""
        total = 0
        for j, head in enumerate(self.header):
            widest = max([_text_width(head)] + [_text_width(r[j]) for r in self.cells]) if self.cells else \
                _text_width(head)
            total += min(widest, 40) * 7 + 22
        return total

    @property
    def html(self) -> str:
        esc = _html.escape
        width = self.estimated_width()
        block = ["ck-table-block"]
        if width > 330:
            block.append("ck-wide-phone")
        if width > 760:
            block.append("ck-wide")
        out = [f'<div class="{" ".join(block)}">',
               '<div class="ck-table-hint" aria-hidden="true">表格较宽：左右滑动查看全部列 →</div>',
               '<div class="ck-table-wrap" tabindex="0" role="region"'
               + (f' aria-label="{esc(self.caption)}"' if self.caption else ' aria-label="表格"') + ">",
               '<table class="ck-table ck-few-rows">' if len(self.cells) <= 8 else '<table class="ck-table">']
        if self.caption:
            out.append(f"<caption>{esc(self.caption)}</caption>")
        out.append("<thead><tr>")
        for j, head in enumerate(self.header):
            cls = ["ck-num"] if self.numeric[j] else []
            if _text_width(head) <= 16:
                cls.append("ck-short")
            attr = f' class="{" ".join(cls)}"' if cls else ""
            out.append(f'<th scope="col"{attr}>{esc(head)}</th>')
        out.append("</tr></thead><tbody>")
        long_cols = {j for j in range(len(self.header))
                     if any(_text_width(r[j]) > 24 for r in self.cells)}
        for i, row in enumerate(self.cells):
            out.append("<tr>")
            for j, text in enumerate(row):
                cls = []
                if self._numeric_cells[i][j]:
                    cls.append("ck-num")
                elif j in long_cols:
                    cls.append("ck-long")
                attr = f' class="{" ".join(cls)}"' if cls else ""
                tag = "th" if j < self.n_index else "td"
                scope = ' scope="row"' if tag == "th" else ""
                out.append(f"<{tag}{scope}{attr}>{esc(text)}</{tag}>")
            out.append("</tr>")
        out.append("</tbody></table></div></div>")
        return "".join(out)

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:  # 纯文本环境（脚本、nbval 的文字输出）
        return self.frame.to_string(index=False)


def table(data: pd.DataFrame | pd.Series, *, formats: Mapping[Any, str | Callable] | str | Callable | None = None,
          pct: Iterable[Any] | bool | None = None, pct_digits: int = PCT_DIGITS, index: bool | None = None,
          labels: bool | Mapping[str, str] = True, caption: str | None = None,
          plain: Iterable[Any] = (), na: str = NA) -> Table:
    """把 DataFrame（或 Series）排成全书样式的表。

    - ``formats``：列 → 格式（``"{:,.0f}"`` 或函数）；也可以是一个格式，作用于全部数字列；
    - ``pct``：要显示为百分数的列（默认按列名判断，见 :func:`is_rate_label`）；``pct=False`` 关掉判断；
    - ``plain``：不按比例显示的列（列名像比例、其实不是时用）；
    - ``index``：是否显示索引；默认只在索引有意义（有名字，或不是 0, 1, 2… 的行号）时显示；
    - ``labels``：是否把英文字段名换成中文（``True``；也可以给一个补充的对照表）；
    - ``caption``：表题；``na``：空值的写法（默认“—”，如“无贷款”）。
    """
    if isinstance(data, pd.Series):
        frame = data.to_frame(name=data.name if data.name is not None else "取值")
    elif isinstance(data, pd.DataFrame):
        frame = data
    else:
        raise TypeError(f"tables.table 需要 DataFrame 或 Series，收到 {type(data).__name__}")
    if index is None:
        # 没有名字的整数索引（0, 1, 2…，或 head/tail 拼起来的 0, 1, 2, 33, 34）只是 pandas 的行号，不显示
        idx = frame.index
        unnamed = all(n is None for n in idx.names)
        index = not (unnamed and idx.nlevels == 1 and pd.api.types.is_integer_dtype(idx.dtype))
    n_index = frame.index.nlevels if index else 0
    if index:
        names = list(frame.index.names)
        if all(n is None for n in names) and isinstance(frame.columns.name, str):
            names[0] = frame.columns.name      # 行列交叉处写列轴的名字（如透视表）
        levels = [frame.index.get_level_values(k) for k in range(n_index)]
        body = pd.concat([pd.DataFrame({f"__index{k}": list(lv) for k, lv in enumerate(levels)}),
                          frame.reset_index(drop=True)], axis=1)
        originals = names + list(frame.columns)
    else:
        body = frame
        originals = list(frame.columns)
    header = [_label(c, labels) for c in originals]

    plain_set = {str(p) for p in plain}
    if pct is False:
        pct_cols: set[int] = set()
    elif pct is None or pct is True:
        pct_cols = {j for j, (orig, head) in enumerate(zip(originals, header))
                    if j >= n_index and str(orig) not in plain_set and head not in plain_set and is_rate_label(head)}
    else:
        wanted = {str(p) for p in pct}
        pct_cols = {j for j, (orig, head) in enumerate(zip(originals, header)) if str(orig) in wanted or head in wanted}

    def spec_for(j: int):
        if formats is None:
            return None
        if isinstance(formats, (str,)) or callable(formats):
            return formats if j >= n_index else None
        for key in (originals[j], header[j], str(originals[j])):
            try:
                if key in formats:
                    return formats[key]
            except TypeError:
                continue
        return None

    columns = [body.iloc[:, j].tolist() for j in range(body.shape[1])]
    # 比例列只在数值确实像比例时才换算（防止列名判断失误把 35 显示成 3500%）
    for j in list(pct_cols):
        nums = [float(v) for v in columns[j] if _is_number(v)]
        always = any(w in header[j] for w in _ALWAYS_RATE_WORDS)
        if pct is None and (not nums or (max(abs(x) for x in nums) > 5 and not always)):
            pct_cols.discard(j)
    texts, num_cells = [], []
    col_texts = []
    for j, values in enumerate(columns):
        nums = [v for v in values if _is_number(v)]
        integral = bool(nums) and all(float(v).is_integer() for v in nums if math.isfinite(float(v)))
        spec = spec_for(j)
        if spec is None and _is_year_column(header[j], nums, integral):
            spec = _year_text
        col_texts.append([_format_value(v, spec, pct=j in pct_cols, integral=integral, pct_digits=pct_digits,
                                        na=na) for v in values])
    n_rows = len(body)
    if n_index:
        # 转置后的表（行标签是“开业日（年份）”之类）：这一行里的年份也按年份写
        for i in range(n_rows):
            if _is_year_label(str(columns[0][i])):
                for j in range(n_index, len(columns)):
                    v = columns[j][i]
                    if _is_number(v) and _is_year_column("年份", [v], float(v).is_integer()):
                        col_texts[j][i] = _year_text(v)
    for i in range(n_rows):
        texts.append([col_texts[j][i] for j in range(len(columns))])
        num_cells.append([_is_number(columns[j][i]) or bool(_NUMERIC_TEXT.match(col_texts[j][i].strip()))
                          for j in range(len(columns))])
    numeric = []
    for j in range(len(columns)):
        filled = [num_cells[i][j] for i in range(n_rows) if not _is_na(columns[j][i])]
        numeric.append(bool(filled) and sum(filled) * 2 > len(filled))
    return Table(header, texts, numeric, n_index, caption, num_cells)


def show(data: pd.DataFrame | pd.Series, **kwargs) -> Table:
    """立即显示一张表（在单元中间、循环里或部件的输出区里用）；返回这张表。"""
    from IPython.display import display

    t = table(data, **kwargs)
    display(t)
    return t


class TableGroup:
    """几张带小标题的表排在一起：放得下就并排（如打印时的资产负债表与损益表），放不下就上下排列。"""

    def __init__(self, items: list[tuple[str, Table]]):
        self.items = items

    def _repr_html_(self) -> str:
        parts = "".join(f'<div class="ck-table-item"><p class="ck-table-title"><b>{_html.escape(title)}</b></p>'
                        f"{t.html}</div>" for title, t in self.items)
        return f'<div class="ck-table-group">{parts}</div>'


def group(*items: tuple[str, Table]) -> TableGroup:
    """``group(("资产负债表（元）", table(bs)), ("损益表（元）", table(inc)))``。"""
    for title, t in items:
        if not isinstance(t, Table):
            raise TypeError(f"tables.group 的“{title}”应是 tables.table(...) 的结果")
    return TableGroup(list(items))
