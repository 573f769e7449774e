"""交叉销售部件：选一个客群或一位客户，看下一产品推荐、理由与倾向分图。coursekit.crosssell 的薄外壳。"""
from __future__ import annotations

from typing import Any

import ipywidgets as W
import pandas as pd
from IPython.display import HTML, display

from .. import crosssell, tables
from .base import ToolWidget

__all__ = ["CrossSellExplorer"]


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
