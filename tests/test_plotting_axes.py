"""图表辅助函数：百分数刻度落在整齐间隔上、写法一致；期数轴只有整数；图例不压住坐标区；系列颜色各不相同。"""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402

from coursekit import plotting  # noqa: E402


def _labels(ax, axis="y"):
    ax.figure.canvas.draw()
    lo, hi = ax.get_ylim() if axis == "y" else ax.get_xlim()
    target = ax.yaxis if axis == "y" else ax.xaxis
    return [t.get_text() for t, loc in zip(target.get_ticklabels(), target.get_ticklocs()) if lo - 1e-12 <= loc <= hi + 1e-12]


@pytest.mark.parametrize("top, expected", [
    (0.13, ["0.0%", "2.5%", "5.0%", "7.5%", "10.0%", "12.5%"]),
    (0.6, ["0%", "10%", "20%", "30%", "40%", "50%", "60%"]),
    (0.013, ["0.00%", "0.25%", "0.50%", "0.75%", "1.00%", "1.25%"]),
])
def test_percent_axis_ticks_are_clean_and_consistently_written(top, expected):
    fig, ax = plotting.subplots()
    ax.plot([0, 1], [0, top])
    ax.set_ylim(0, top)
    plotting.percent_axis(ax)
    assert _labels(ax) == expected


def test_percent_axis_with_an_explicit_step_and_digits():
    fig, ax = plotting.subplots()
    ax.plot([0, 1], [0, 0.1])
    ax.set_ylim(0, 0.1)
    plotting.percent_axis(ax, step=0.02, digits=1)
    assert _labels(ax) == ["0.0%", "2.0%", "4.0%", "6.0%", "8.0%", "10.0%"]


def test_percent_axis_never_writes_minus_zero():
    fig, ax = plotting.subplots()
    ax.plot([0, 1], [-0.05, 0.05])
    ax.set_ylim(-0.05, 0.05)
    plotting.percent_axis(ax)
    labels = _labels(ax)
    assert "-0.0%" not in labels and "-0%" not in labels and ("0.0%" in labels or "0%" in labels)


def test_step_digits():
    assert plotting._step_digits([0, 2.5, 5, 7.5]) == 1
    assert plotting._step_digits([0, 5, 10]) == 0
    assert plotting._step_digits([0, 0.25, 0.5]) == 2


def test_integer_axis_has_only_whole_periods():
    fig, ax = plotting.subplots()
    ax.plot(range(1, 21), range(20))
    plotting.integer_axis(ax, label="期数")
    labels = _labels(ax, "x")
    assert labels and all(lab.isdigit() for lab in labels), labels
    assert ax.get_xlabel() == "期数"
    # 没有这个辅助函数时，matplotlib 的默认刻度确实会出现小数（证明测试能失败）
    fig2, ax2 = plotting.subplots()
    ax2.plot(range(1, 21), range(20))
    assert any("." in lab for lab in _labels(ax2, "x"))


def _overlaps(a, b):
    return not (a.x1 <= b.x0 or b.x1 <= a.x0 or a.y1 <= b.y0 or b.y1 <= a.y0)


@pytest.mark.parametrize("twin", [False, True])
def test_legend_outside_does_not_cover_the_plot_or_the_axis_label(twin):
    fig, ax = plotting.subplots(figsize=(7.5, 3.0))
    for k in range(3):
        ax.plot(range(1, 13), [k + i * 0.1 for i in range(12)], label=f"方案{k}")
    ax.set_xlabel("期数")
    more = []
    if twin:
        ax2 = ax.twinx()
        ax2.bar(range(1, 13), [1] * 12, alpha=0.3, label="还款来源")
        more = [ax2]
    leg = plotting.legend_outside(ax, *more)
    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    box = leg.get_window_extent(r)
    assert not _overlaps(box, ax.get_window_extent(r))
    assert not _overlaps(box, ax.xaxis.label.get_window_extent(r))
    assert fig.bbox.x0 <= box.x0 and box.x1 <= fig.bbox.x1 and fig.bbox.y0 <= box.y0
    texts = [t.get_text() for t in leg.get_texts()]
    assert texts == ["方案0", "方案1", "方案2"] + (["还款来源"] if twin else [])


def test_legend_outside_in_one_of_two_side_by_side_axes():
    fig, (a, b) = plotting.subplots(1, 2, figsize=(10, 3.4))
    a.plot([1, 2], [1, 2], label="甲")
    b.plot([1, 2], [2, 1], label="乙")
    leg = plotting.legend_outside(b)
    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    assert not _overlaps(leg.get_window_extent(r), b.get_window_extent(r))
    assert plotting.legend_outside(fig.add_subplot(3, 3, 9)) is None   # 没有系列：不画图例


@pytest.mark.parametrize("n", [1, 5, 7, 12])
def test_distinct_colors_are_distinct(n):
    colors = plotting.distinct_colors(n)
    assert len(colors) == n and len({c.lower() for c in colors}) == n
    assert colors[: min(n, 7)] == plotting.PALETTE[: min(n, 7)]
