"""中文图表：找一个能显示汉字的字体，并统一全书的图表风格。

字体选择顺序：先用系统已装的中文字体（Windows 的微软雅黑/黑体、macOS 的苹方、Linux 的
Noto Sans CJK / 文泉驿），都没有时再用 ``mplfonts`` 包（PyPI）里自带的 Noto Sans CJK SC（SIL OFL 许可）。
本模块只在画图时才被导入：``import coursekit`` 不加载 matplotlib。

用法::

    from coursekit.plotting import subplots, PALETTE
    fig, ax = subplots()            # 已设置中文字体与全书风格
    ax.bar(["一月", "二月"], [3, 5], color=PALETTE[0])
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import matplotlib

matplotlib.use(os.environ.get("MPLBACKEND") or matplotlib.get_backend())
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

__all__ = ["setup", "subplots", "cjk_font", "PALETTE", "GOOD", "WARN", "BAD", "money_axis", "percent_axis"]

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


_DONE = False


def setup() -> str | None:
    """设置中文字体与全书图表风格（可重复调用）。返回所用字体名。"""
    global _DONE
    font = cjk_font()
    if not _DONE:
        plt.rcParams.update({
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
        })
        _DONE = True
    return font


def subplots(*args, figsize=(7.5, 4.0), **kwargs):
    """``plt.subplots`` 的全书版本：先 :func:`setup`，默认尺寸适合书页与手机。"""
    setup()
    kwargs.setdefault("layout", "constrained")
    return plt.subplots(*args, figsize=figsize, **kwargs)


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


def percent_axis(ax, axis: str = "y", digits: int = 0) -> None:
    """小数刻度显示为百分数。"""
    _check_axis(ax, axis)
    from .errors import require_int

    digits = require_int(digits, "小数位数", minimum=0, maximum=6)
    fmt = FuncFormatter(lambda v, _pos: f"{v * 100:.{digits}f}%")
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(fmt)
