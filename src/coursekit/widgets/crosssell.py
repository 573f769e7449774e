"""交叉销售部件：选一个客群或一位客户，看下一产品推荐、理由与倾向分图。coursekit.crosssell 的薄外壳。"""
from __future__ import annotations

from typing import Any

import ipywidgets as W
import pandas as pd
from IPython.display import HTML, display

from .. import crosssell, tables
from ..errors import InputError, require_int
from .base import ToolWidget

__all__ = ["BookGrowthView", "CrossSellExplorer"]


class CrossSellExplorer(ToolWidget):
    """交叉销售探索器。

    ``bank`` 为 :func:`coursekit.datasets.teaching_bank` 的结果（或含 customers、holdings、clusters、balances
    的字典）。倾向分只算一次，切换客群、客户或推荐数时只重新挑选与排序。``.result`` 为推荐表（DataFrame）。
    """

    title = "交叉销售探索器：下一产品推荐"

    def __init__(self, bank: Any, cluster: str | None = None, customer_id: str = ""):
        self._scores = crosssell.propensity(bank)
        info = self._scores.customers
        names = info.drop_duplicates("cluster_id").sort_values("cluster_id")
        options = [(f"{r.cluster_id} {r.cluster_name}", r.cluster_id) for r in names.itertuples()]
        style = {"description_width": "6em"}
        controls = {
            "查看": W.ToggleButtons(options=["按客群", "按客户"], value="按客户" if customer_id else "按客群",
                                  description="查看", style=style),
            "客群": W.Dropdown(options=options, value=cluster or options[0][1], description="客群", style=style),
            "客户号": W.Text(value=customer_id, placeholder="如 C000004", description="客户号", style=style),
            "推荐数": W.IntSlider(value=3, min=1, max=5, description="推荐数", style=style),
        }
        super().__init__(controls)

    def compute(self, values: dict[str, Any]) -> pd.DataFrame:
        if values["查看"] == "按客户":
            return crosssell.next_best(None, customer_id=values["客户号"], k=values["推荐数"],
                                       scores=self._scores)
        return crosssell.next_best(None, cluster_id=values["客群"], k=values["推荐数"], scores=self._scores)

    def render(self, result: pd.DataFrame) -> None:
        import matplotlib.pyplot as plt

        from .. import plotting

        show = result[["客户号", "客户名称", "客户类型", "排名", "推荐产品", "倾向分", "理由"]]
        single = result["客户号"].nunique() == 1
        if single:
            head = f"{result['客户名称'].iloc[0]}（{result['客户类型'].iloc[0]}，{result['客群'].iloc[0]}）"
        else:
            head = f"{result['客群'].iloc[0]}：{result['客户号'].nunique()} 户，前 20 行"
        display(HTML(f"<p><b>{head}</b></p>"))
        display(tables.table(show.head(20), index=False))
        fig, ax = plotting.subplots(figsize=(6.5, 3.0))
        if single:
            parts = result.set_index("推荐产品")
            w = self._scores.weights
            bottom = None
            for (col, label), weight, color in zip(
                    [("同群持有率", "同群持有率"), ("关联置信度", "关联置信度"), ("活跃度", "活跃度")], w,
                    plotting.PALETTE):
                vals = parts[col] * weight
                ax.bar(parts.index, vals, bottom=bottom, label=f"{label} × {weight:.2f}", color=color)
                bottom = vals if bottom is None else bottom + vals
            ax.set_ylabel("倾向分")
            ax.set_title("倾向分由三部分组成")
            plotting.legend_outside(ax)
        else:
            first = result[result["排名"] == 1]["推荐产品"].value_counts()
            ax.bar(first.index, first.to_numpy(), color=plotting.PALETTE[0])
            ax.set_ylabel("户数")
            ax.set_title("首选推荐产品的户数")
        display(fig)
        plt.close(fig)


class BookGrowthView(ToolWidget):
    """管户回看：选一位客户经理和回看的起始年，看新增的持有有多少是老客户加深的。

    :func:`coursekit.crosssell.book_growth` 的薄外壳：``bank`` 为教学银行（或含 customers、holdings、managers
    的字典）；``products`` 原样传给核心函数（例如不数贷款）；``last_year`` 是回看的最后一年；``reference`` 是
    对照的户均产品数（例如全部样本的户均，由调用方用同一口径算好），给了就在结论里一并显示。
    ``.result`` 为 book_growth 的逐年表。
    """

    title = "管户回看：新增的产品持有从哪里来"

    def __init__(self, bank: Any, manager_id: str = "", first_year: int = 2019, last_year: int = 2024,
                 products: Any = None, reference: float | None = None):
        self._bank = bank
        self._products = products
        self._reference = reference
        self._last = require_int(last_year, "最后一年", minimum=1990, maximum=2100)
        first = require_int(first_year, "起始年", minimum=1990, maximum=self._last)
        t = crosssell._tables(bank)
        mgr = t.get("managers")
        if not isinstance(mgr, pd.DataFrame) or not {"manager_id", "name"} <= set(mgr.columns) or mgr.empty:
            raise InputError("managers 表", "缺少客户经理名单（manager_id、name 两列）")
        self._names = mgr.set_index("manager_id")["name"].astype(str)
        self._tenure = mgr.set_index("manager_id")["tenure_years"] if "tenure_years" in mgr.columns else None
        options = [(f"{n}（{i}）", i) for i, n in self._names.items()]
        if manager_id and manager_id not in self._names.index:
            raise InputError("客户经理编号", "不在客户经理名单里", manager_id)
        style = {"description_width": "6em"}
        controls = {
            "客户经理": W.Dropdown(options=options, value=manager_id or options[0][1], description="客户经理",
                                 style=style),
            "起始年": W.IntSlider(value=first, min=max(first - 3, 1990), max=self._last, description="起始年",
                               style=style),
        }
        super().__init__(controls)

    def compute(self, values: dict[str, Any]) -> pd.DataFrame:
        kwargs = {} if self._products is None else {"products": self._products}
        return crosssell.book_growth(self._bank, values["客户经理"], range(values["起始年"], self._last + 1),
                                     **kwargs)

    def render(self, result: pd.DataFrame) -> None:
        mid = self.controls["客户经理"].value
        s = result[["新客户带来", "老客户加深", "持有增量"]].sum()
        who = self._names[mid]
        if self._tenure is not None:
            who += f"（入行 {self._tenure[mid]} 年）"
        share = f"老客户加深占 {s['老客户加深'] / s['持有增量']:.0%}" if s["持有增量"] > 0 else "持有没有增加"
        line = (f"{who}：{result.index[0]}—{result.index[-1]} 年新增持有 {s['持有增量']} 件，{share}；"
                f"{result.index[-1]} 年末户均 {result['户均产品数'].iloc[-1]:.2f} 件")
        if self._reference is not None:
            line += f"（对照：{self._reference:.2f} 件）"
        display(HTML(f"<p>{line}</p>"))
        display(tables.table(result, formats={"户均产品数": "{:.2f}", "三件以上占比": "{:.0%}"}))
