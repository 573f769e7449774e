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
from matplotlib.ticker import Formatter, FuncFormatter, MaxNLocator, MultipleLocator

__all__ = ["setup", "style", "rc", "subplots", "cjk_font", "PALETTE", "GOOD", "WARN", "BAD", "money_axis",
           "percent_axis", "integer_axis", "legend_outside", "distinct_colors", "side_by_side"]

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


def _check_axis(ax, axis) -> None:
    from .errors import InputError

    if not (hasattr(ax, "yaxis") and hasattr(ax, "xaxis")):
        raise InputError("坐标系", "应为 matplotlib 的 Axes（subplots() 返回的 ax）", type(ax).__name__)
    if axis not in ("x", "y"):
        raise InputError("坐标轴", "应为 \"x\" 或 \"y\"", axis)


def money_axis(ax, unit: str = "万元", axis: str = "y") -> None:
    """把坐标轴刻度显示为金额（元 → 万元或元，带千分位），并写上单位。"""
    _check_axis(ax, axis)
    if unit not in ("万元", "元"):
        from .errors import InputError

        raise InputError("单位", "应为“万元”或“元”", unit)
    scale = 10000 if unit == "万元" else 1
    fmt = FuncFormatter(lambda v, _pos: f"{v / scale:,.0f}")
    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_formatter(fmt)
    (ax.set_ylabel if axis == "y" else ax.set_xlabel)(f"金额（{unit}）")


class _PercentFormatter(Formatter):
    """小数刻度 → 百分数；小数位数由刻度间隔决定，同一轴上写法一致（2.5%、5.0%、7.5%）。"""

    def __init__(self, digits: int | None = None):
        self.digits = digits
        self._auto = 0

    def set_locs(self, locs):
        super().set_locs(locs)
        self._auto = _step_digits([v * 100 for v in locs])

    def __call__(self, x, pos=None):
        digits = self._auto if self.digits is None else self.digits
        text = f"{x * 100:.{digits}f}"
        if text.lstrip("-").strip("0.") == "":
            text = f"{0:.{digits}f}"     # 不写 “-0.0%”
        return f"{text}%"


def _step_digits(values) -> int:
    """一列等距刻度要几位小数才写得准：间隔 2.5 → 1 位，间隔 0.25 → 2 位，间隔 5 → 0 位。"""
    vals = sorted(set(round(v, 9) for v in values))
    if len(vals) < 2:
        return 0
    step = min(b - a for a, b in zip(vals, vals[1:]))
    for digits in range(0, 4):
        if all(abs(round(v, digits) - v) < 1e-6 for v in vals) and abs(round(step, digits) - step) < 1e-6:
            return digits
    return 4


def percent_axis(ax, axis: str = "y", digits: int | None = None, step: float | None = None) -> None:
    """小数刻度显示为百分数，刻度落在整齐的间隔上（1、2、2.5、5 的十进倍数）。

    ``step``（小数，如 0.025）指定刻度间隔；``digits`` 指定小数位数，默认按间隔自动取
    （间隔 2.5% 时写 2.5%、5.0%、7.5%，不写成 2%、5%、8%）。
    """
    _check_axis(ax, axis)
    if digits is not None:
        from .errors import require_int

        digits = require_int(digits, "小数位数", minimum=0, maximum=6)
    if step is not None:
        from .errors import require_positive

        step = require_positive(step, "刻度间隔")
    target = ax.yaxis if axis == "y" else ax.xaxis
    if step is not None:
        target.set_major_locator(MultipleLocator(step))
    else:
        target.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10]))
    target.set_major_formatter(_PercentFormatter(digits))


def integer_axis(ax, axis: str = "x", label: str | None = None) -> None:
    """期数、月数、户数这类只取整数的坐标轴：刻度只落在整数上，不出现 0.0、2.5、5.0。"""
    _check_axis(ax, axis)
    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_locator(MaxNLocator(integer=True, steps=[1, 2, 5, 10]))
    target.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:,.0f}"))
    if label is not None:
        (ax.set_xlabel if axis == "x" else ax.set_ylabel)(label)


def legend_outside(ax, *more_axes, ncol: int | None = None, **kwargs):
    """把图例放在坐标区下方（不压在数据上）；没有可标注的系列时什么都不做。返回图例。

    双纵轴的图把另一根轴也传进来（``legend_outside(ax, ax2)``），两边的系列合在一个图例里。
    用 ``subplots()``（constrained 布局）画的图会自动让出位置。
    """
    from .errors import InputError, require_int

    for a in (ax, *more_axes):
        if not isinstance(a, Axes):
            raise InputError("坐标系", "应为 matplotlib 的 Axes（subplots() 返回的 ax）", type(a).__name__)
    if ncol is not None:
        ncol = require_int(ncol, "图例列数", minimum=1, maximum=20)
    handles, labels = [], []
    for a in (ax, *more_axes):
        h, lab = a.get_legend_handles_labels()
        handles += h
        labels += lab
    if not handles:
        return None
    n = len(handles)
    ncol = ncol or (n if n <= 4 else (n + 1) // 2)
    kwargs.setdefault("frameon", False)
    fig = ax.figure
    engine = fig.get_layout_engine()
    twins = {ax, *more_axes}
    alone = all(a in twins or a.bbox.bounds == ax.bbox.bounds for a in fig.axes)
    if alone and engine is not None and type(engine).__name__ == "ConstrainedLayoutEngine":
        # 整张图只有这一块坐标区：图例放在图的下沿，布局引擎自动让出位置，不会压住轴标签
        return fig.legend(handles, labels, loc="outside lower center", ncols=ncol, **kwargs)
    return ax.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, -0.18), ncols=ncol,
                     borderaxespad=0.0, **kwargs)


def distinct_colors(n: int) -> list[str]:
    """n 个互不相同的系列颜色（全书配色；超过 7 个时循环前先用 tab10 补足）。"""
    from .errors import require_int

    n = require_int(n, "颜色个数", minimum=0, maximum=1000)
    if n <= len(PALETTE):
        return PALETTE[:n]
    extra = [matplotlib.colors.to_hex(c) for c in plt.get_cmap("tab10").colors]
    pool = PALETTE + [c for c in extra if c not in PALETTE]
    return [pool[i % len(pool)] for i in range(n)]


class SideBySide:
    """几张图并排：宽屏上一行，窄屏（手机）上自动上下排列。笔记本单元最后一行即显示。"""

    def __init__(self, figs, alts):
        import base64
        import io

        self.images = []
        for fig in figs:
            buf = io.BytesIO()
            fig.savefig(buf, format="png", dpi=fig.dpi * 1.5, bbox_inches="tight")
            plt.close(fig)
            self.images.append(base64.b64encode(buf.getvalue()).decode("ascii"))
        self.alts = list(alts)

    def _repr_html_(self) -> str:
        import html

        items = "".join(f'<figure class="ck-fig"><img src="data:image/png;base64,{img}" alt="{html.escape(alt)}">'
                        "</figure>" for img, alt in zip(self.images, self.alts))
        return f'<div class="ck-figs">{items}</div>'


def side_by_side(*figs) -> SideBySide:
    """把几张单独画的图并排显示（代替 ``subplots(1, 2)`` 画成的一张宽图，手机上会上下排列）。

    每张图的标题用作图片的替代文字。图在这里关闭，不会再显示第二次。
    """
    alts = []
    for fig in figs:
        if not isinstance(fig, Figure):
            from .errors import InputError

            raise InputError("图", "应为 matplotlib 的图（Figure），如 plotting.subplots() 的第一个结果", type(fig).__name__)
        titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
        alts.append("；".join(titles) or "图")
    return SideBySide(figs, alts)
