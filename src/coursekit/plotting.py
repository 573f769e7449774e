"""中文图表：找一个能显示汉字的字体，并统一全书的图表风格。

字体选择顺序：先用系统已装的中文字体（Windows 的微软雅黑/黑体、macOS 的苹方、Linux 的
Noto Sans CJK / 文泉驿），都没有时再用 ``mplfonts`` 包（PyPI）里自带的 Noto Sans CJK SC（SIL OFL 许可）。
本模块只在画图时才被导入：``import coursekit`` 不加载 matplotlib。

用法::

    from coursekit.plotting import subplots, PALETTE
    fig, ax = subplots()            # 这张图用中文字体与全书风格
    ax.bar(["一月", "二月"], [3, 5], color=PALETTE[0])

全书风格只作用于 :func:`subplots` 建的图（建图、加标题图例、绘制与保存时临时套用
``matplotlib.rc_context``），不改全局 ``rcParams``：读者自己用 ``plt.subplots()`` 画的图保持原样。
想让自己的图也用全书风格，写 ``with plotting.style(): ...``；确实要改全局设置时才调用 :func:`setup`。
导入本模块也不选择绘图后端（由 matplotlib、Jupyter 或环境变量 ``MPLBACKEND`` 决定）。
"""
from __future__ import annotations

from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

__all__ = ["setup", "style", "rc", "subplots", "cjk_font", "PALETTE", "GOOD", "WARN", "BAD", "money_axis",
           "percent_axis"]

# Okabe–Ito 色盲友好配色（去掉黑色），全书统一
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442"]
GOOD, WARN, BAD = "#009E73", "#E69F00", "#D55E00"

SYSTEM_CJK_FONTS = [
    "Microsoft YaHei", "SimHei", "PingFang SC", "Heiti SC", "Hiragino Sans GB", "Noto Sans CJK SC",
    "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei",
]


def _bundled_font() -> Path | None:
    """mplfonts 包里的 Noto Sans CJK SC（只取这一款，不用其中许可不明的字体）。"""
    try:
        import importlib.util

        spec = importlib.util.find_spec("mplfonts")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin:
        return None
    path = Path(spec.origin).parent / "fonts" / "NotoSansCJKsc-Regular.otf"
    return path if path.exists() else None


@lru_cache(maxsize=1)
def cjk_font() -> str | None:
    """返回将要使用的中文字体名；找不到任何中文字体时返回 None（图中汉字会显示为方框）。"""
    available = {f.name for f in font_manager.fontManager.ttflist}
    for name in SYSTEM_CJK_FONTS:
        if name in available:
            return name
    bundled = _bundled_font()
    if bundled is not None:
        font_manager.fontManager.addfont(str(bundled))
        return font_manager.FontProperties(fname=str(bundled)).get_name()
    return None


def rc() -> dict:
    """全书图表风格（``rcParams`` 的一部分设置），每次返回新字典。"""
    font = cjk_font()
    return {
        "font.sans-serif": ([font] if font else []) + ["DejaVu Sans"],
        "font.family": "sans-serif",
        "axes.unicode_minus": False,
        "axes.prop_cycle": matplotlib.cycler(color=PALETTE),
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "grid.alpha": 0.3,
        "axes.titlesize": 12,
        "axes.titleweight": "bold",
        "axes.labelsize": 10,
        "legend.frameon": False,
        "figure.dpi": 100,
        "savefig.dpi": 150,
        "savefig.bbox": "tight",
    }


@contextmanager
def style():
    """在 ``with`` 块内临时使用全书风格（离开后恢复原来的设置）。"""
    with plt.rc_context(rc()):
        yield


def setup() -> str | None:
    """把全书风格写进全局 ``rcParams``（影响之后所有的图）。返回所用字体名。

    本书自己的图不需要它（:func:`subplots` 只在自己的图上套用风格）；只在想让所有图都用这套风格时调用。
    """
    plt.rcParams.update(rc())
    return cjk_font()


class _BookFigure(Figure):
    """绘制和保存时套用全书风格（字体在绘制时才解析，所以要在这里套用）。"""

    def draw(self, renderer):
        with style():
            return super().draw(renderer)

    def savefig(self, *args, **kwargs):
        with style():
            return super().savefig(*args, **kwargs)


class _BookAxes(Axes):
    """标题、图例在创建时读取风格设置：在这里套用，读者之后调用也是全书风格。"""

    def set_title(self, *args, **kwargs):
        with style():
            return super().set_title(*args, **kwargs)

    def legend(self, *args, **kwargs):
        with style():
            return super().legend(*args, **kwargs)


def subplots(*args, figsize=(7.5, 4.0), **kwargs):
    """``plt.subplots`` 的全书版本：这张图用中文字体与全书风格，默认尺寸适合书页与手机。不改全局设置。"""
    kwargs.setdefault("layout", "constrained")
    kwargs.setdefault("FigureClass", _BookFigure)
    subplot_kw = dict(kwargs.pop("subplot_kw", None) or {})
    subplot_kw.setdefault("axes_class", _BookAxes)
    with style():
        return plt.subplots(*args, figsize=figsize, subplot_kw=subplot_kw, **kwargs)


def money_axis(ax, unit: str = "万元", axis: str = "y") -> None:
    """把坐标轴刻度显示为金额（元 → 万元或元，带千分位），并写上单位。"""
    scale = 10000 if unit == "万元" else 1
    fmt = FuncFormatter(lambda v, _pos: f"{v / scale:,.0f}")
    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_formatter(fmt)
    (ax.set_ylabel if axis == "y" else ax.set_xlabel)(f"金额（{unit}）")


def percent_axis(ax, axis: str = "y", digits: int = 0) -> None:
    """小数刻度显示为百分数。"""
    fmt = FuncFormatter(lambda v, _pos: f"{v * 100:.{digits}f}%")
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(fmt)
