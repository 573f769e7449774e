"""贷款五级分类：逾期天数底线、重组观察期、预期损失与借款人状况，以及两期之间的迁徙矩阵。

依据《商业银行金融资产风险分类办法》（原中国银行保险监督管理委员会、中国人民银行令〔2023〕第 1 号，
2023 年 7 月 1 日起施行）：

- 五类：正常、关注、次级、可疑、损失，后三类合称不良；
- 逾期底线：本金、利息逾期（任何天数）至少为关注；逾期超过 90 天至少为次级；超过 270 天至少为可疑；
  超过 360 天为损失；
- 重组资产设重组观察期：自合同调整后约定的第一次还款日开始计算，至少包含连续两个还款期、并不少于 1 年；
  观察期内没有及时足额还款的，从未履约的时点起重新计算。观察期内：重组前为正常或关注的，至少为关注
  （符合不良标准的才归为不良，由逾期、预期损失、借款人状况等其他底线决定）；重组前已是不良的，不上调
  （至少维持重组前的类别）。（“重组贷款至少为次级”是 2007 年《贷款风险分类指引》的规定，已被取代；
  行内如仍执行更严的规则，用参数 ``internal_restructured_floor`` 明确设定，默认不用。）
- 观察期内再次重组的，本模块按参数 ``rerestructured_floor``（默认次级）设底线：这一口径取自监管报表
  填报说明对“多次重组后未计入不良”须书面说明的要求，本书未能核对《办法》条文原文，见附录“法规与参考文献”。
- 预期损失与借款人状况：由信贷员记录，按参数映射为分类底线（阈值是行内参数，不是监管数字）。

最终分类取各项底线中最差的一项，并给出每一条理由（中文），例如“逾期 95 天，超过 90 天，至少为次级”。
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

import numpy as np
import pandas as pd

from ..errors import (InputError, flag_column, numeric_column, require_choice, require_flag, require_fraction,
                      require_frame, require_int, require_number)

__all__ = [
    "CATEGORIES", "NPL_CATEGORIES", "CONDITION_FLAGS", "ClassifyParams", "Classification", "Observation",
    "UNKNOWN_BEFORE", "category_rank", "observation_period", "overdue_floor", "classify", "classify_portfolio",
    "migration", "npl_share",
]

CATEGORIES: tuple[str, ...] = ("正常", "关注", "次级", "可疑", "损失")
NPL_CATEGORIES: tuple[str, ...] = ("次级", "可疑", "损失")
_RANK = {c: i for i, c in enumerate(CATEGORIES)}
#: 逾期天数的上限（约 270 年）：再大的数只可能是录入错误，而且会让整数溢出
MAX_OVERDUE_DAYS = 100_000

#: 借款人状况标记 → 分类底线。措辞取自《办法》对各类资产的定义（信贷员按事实勾选）。
CONDITION_FLAGS: dict[str, str] = {
    "存在不利因素": "关注",        # 存在可能对履行合同产生不利影响的因素，但目前有能力偿付
    "无法足额偿付": "次级",        # 债务人无法足额偿付本金、利息
    "已发生信用减值": "次级",
    "显著信用减值": "可疑",
    "只能收回极少部分": "损失",    # 采取所有可能措施后，只能收回极少部分或全部损失
}


@dataclass(frozen=True)
class ClassifyParams:
    """分类参数。逾期天数界限来自《办法》；其余为行内参数，可按本行制度调整。

    - ``overdue_bounds``：逾期天数“超过”几天分别至少为次级、可疑、损失（默认 90、270、360）。
    - ``observation_months`` / ``observation_periods``：重组观察期至少多少个月、至少包含几个连续还款期
      （《办法》：不少于 1 年、至少连续两个还款期；只能调长，不能调短）。
    - ``internal_restructured_floor``：行内更严的规则——观察期内的重组资产一律至少归入这一类（如 ``"次级"``）。
      默认 None：只按《办法》，重组前正常、关注的至少为关注，重组前不良的不上调。
    - ``rerestructured_floor``：观察期内再次重组的至少归入的类别（默认次级，口径说明见模块文档）。
    - ``loss_bands``：预期损失率达到这些值时分别至少为次级、可疑、损失（教学示意，行内参数）。
    """

    overdue_bounds: tuple[int, int, int] = (90, 270, 360)
    observation_months: int = 12
    observation_periods: int = 2
    internal_restructured_floor: str | None = None
    rerestructured_floor: str = "次级"
    loss_bands: tuple[float, float, float] = (0.05, 0.40, 0.90)

    def __post_init__(self):
        for value, label, example in ((self.overdue_bounds, "逾期天数界限", "(90, 270, 360)"),
                                      (self.loss_bands, "预期损失率档位", "(0.05, 0.40, 0.90)")):
            if isinstance(value, (str, bytes)) or not hasattr(value, "__len__") or len(value) != 3:
                raise InputError(label, f"应为三个数，如 {example}", value)
        a, b, c = (require_int(v, "逾期天数界限", minimum=0, maximum=MAX_OVERDUE_DAYS) for v in self.overdue_bounds)
        if not a < b < c:
            raise InputError("逾期天数界限", "应依次递增（如 90、270、360）", self.overdue_bounds)
        require_int(self.observation_months, "重组观察期月数", minimum=12)
        require_int(self.observation_periods, "重组观察期还款期数", minimum=2)
        if self.internal_restructured_floor is not None:
            require_choice(self.internal_restructured_floor, "行内重组资产分类底线", CATEGORIES)
        require_choice(self.rerestructured_floor, "再次重组分类底线", CATEGORIES)
        x, y, z = (require_fraction(v, "预期损失率档位") for v in self.loss_bands)
        if not 0 < x < y < z <= 1:
            raise InputError("预期损失率档位", "应依次递增且在 0 到 1 之间（如 0.05、0.40、0.90）", self.loss_bands)


DEFAULT_PARAMS = ClassifyParams()

#: 没有填重组前分类时按这一类计：因财务困难而重组，重组前至少“存在不利因素”。重组前已是不良的，务必填写，
#: 否则观察期内会被低估为关注
UNKNOWN_BEFORE = "关注"


def _check_params(params: Any) -> ClassifyParams:
    if not isinstance(params, ClassifyParams):
        raise InputError("分类参数", "应为 ClassifyParams", type(params).__name__)
    return params


@dataclass(frozen=True)
class Classification:
    """单笔贷款的分类结果：类别、是否不良，以及每一条把它往下拉的理由。"""

    category: str
    reasons: tuple[str, ...] = field(default_factory=tuple)

    @property
    def is_npl(self) -> bool:
        return self.category in NPL_CATEGORIES

    @property
    def reason(self) -> str:
        return "；".join(self.reasons)

    def __str__(self) -> str:  # pragma: no cover - 显示用
        return f"{self.category}（{self.reason}）"


def category_rank(category: str) -> int:
    """类别的序号：正常 0 … 损失 4（越大越差）。"""
    return _RANK[require_choice(category, "风险分类", CATEGORIES)]


def _worse(a: str, b: str) -> str:
    return a if _RANK[a] >= _RANK[b] else b


def overdue_floor(days: int, params: ClassifyParams = DEFAULT_PARAMS) -> tuple[str, str | None]:
    """逾期天数对应的分类底线与中文理由（未逾期时理由为 None）。"""
    d = require_int(days, "逾期天数", minimum=0, maximum=MAX_OVERDUE_DAYS)
    sub, dbt, loss = _check_params(params).overdue_bounds
    if d == 0:
        return "正常", None
    if d > loss:
        return "损失", f"逾期 {d} 天，超过 {loss} 天，归为损失"
    if d > dbt:
        return "可疑", f"逾期 {d} 天，超过 {dbt} 天，至少为可疑"
    if d > sub:
        return "次级", f"逾期 {d} 天，超过 {sub} 天，至少为次级"
    return "关注", f"逾期 {d} 天，已逾期，至少为关注"


def _loss_floor(rate: float, params: ClassifyParams) -> tuple[str, str | None]:
    sub, dbt, loss = params.loss_bands
    shown = f"{rate * 100:.0f}%"
    if rate >= loss:
        return "损失", f"预期损失率 {shown}，达到 {loss * 100:.0f}%，归为损失"
    if rate >= dbt:
        return "可疑", f"预期损失率 {shown}，达到 {dbt * 100:.0f}%，至少为可疑"
    if rate >= sub:
        return "次级", f"预期损失率 {shown}，达到 {sub * 100:.0f}%，至少为次级"
    return "正常", None


@dataclass(frozen=True)
class Observation:
    """重组观察期（月数都从合同调整之日起算）。"""

    start: int       # 观察期开始：合同调整后约定的第一次还款日
    end: int         # 观察期结束（这个月数起不再在观察期内）
    restarted: bool  # 是否因未及时足额还款而重新计算过

    def contains(self, months_since_restructure: int) -> bool:
        return months_since_restructure < self.end


def observation_period(*, grace_months: int = 0, period_months: int = 1, missed_month: int | None = None,
                       params: ClassifyParams = DEFAULT_PARAMS) -> Observation:
    """重组观察期的起止（从合同调整之日起算的月数）。

    - 第一次还款日 = 宽限期结束后的第一个还款日：``grace_months + period_months``（宽限期内不还本也不付息；
      只付息的安排不是这里的宽限期——付息日就是还款日）；
    - 长度 = max(``observation_months``, ``observation_periods`` × ``period_months``)：至少 1 年、至少连续两个还款期；
    - ``missed_month``：观察期内最近一次没有及时足额还款的时点（合同调整后第几个月）；从这个时点起重新计算。

    >>> observation_period(grace_months=6)        # 宽限 6 个月、按月还款：第 7 个月开始，到第 19 个月
    Observation(start=7, end=19, restarted=False)
    >>> observation_period(period_months=12)      # 按年还款：要包含两个还款期，共 24 个月
    Observation(start=12, end=36, restarted=False)
    """
    _check_params(params)
    g = require_int(grace_months, "宽限期（月）", minimum=0, maximum=120)
    per = require_int(period_months, "还款间隔（月）", minimum=1, maximum=12)
    length = max(params.observation_months, params.observation_periods * per)
    start = g + per
    end = start + length
    restarted = False
    if missed_month is not None:
        m = require_int(missed_month, "未按约还款的月份", minimum=0)
        if m < end:          # 只有观察期内的未履约才重新计算
            restarted = m + length > end
            end = max(end, m + length)
    return Observation(start, end, restarted)


def _restructured_floor(before: str, rerestructured: bool, params: ClassifyParams) -> tuple[str, str]:
    if before in NPL_CATEGORIES:
        cat, why = before, f"重组前为{before}（不良），观察期内不上调"
    else:
        cat, why = "关注", f"重组前为{before}，观察期内至少为关注"
    if rerestructured and _RANK[params.rerestructured_floor] > _RANK[cat]:
        cat, why = params.rerestructured_floor, f"观察期内再次重组，至少为{params.rerestructured_floor}"
    internal = params.internal_restructured_floor
    if internal is not None and _RANK[internal] > _RANK[cat]:
        cat, why = internal, f"行内规定：观察期内的重组资产至少为{internal}（比《办法》更严）"
    return cat, why


def classify(overdue_days: int = 0, *, restructured: bool = False, before_restructure: str | None = None,
             months_since_restructure: int | None = None, grace_months: int = 0, period_months: int = 1,
             missed_month: int | None = None, rerestructured: bool = False,
             expected_loss: float | None = None, flags: Iterable[str] = (), previous: str | None = None,
             months_normal_since_cure: int | None = None,
             params: ClassifyParams = DEFAULT_PARAMS) -> Classification:
    """单笔贷款的五级分类。

    参数
    ----
    overdue_days : 本金或利息逾期天数（分类日）。
    restructured : 是否重组资产（是/否）。是重组资产时还要给：
        ``before_restructure`` 重组前的分类（未填时按 :data:`UNKNOWN_BEFORE` 即关注计，理由里写明；
        重组前已是不良的务必填写）；``months_since_restructure`` 合同调整后已过的月数
        （未填视为仍在观察期）；``grace_months`` 宽限期月数、``period_months`` 还款间隔（月）、
        ``missed_month`` 观察期内最近一次未及时足额还款是合同调整后第几个月、``rerestructured``
        观察期内是否再次重组。观察期的算法见 :func:`observation_period`。
    expected_loss : 信贷员评估的预期损失率（小数），未评估填 None。
    flags : 借款人状况标记，取自 :data:`CONDITION_FLAGS` 的键。
    previous, months_normal_since_cure : 上期分类；上期为不良时，逾期已还清且之后正常还款满 6 个月
        （本模块取《办法》“连续两期或 6 个月”中的 6 个月口径）才能上调，否则维持上期分类。
    """
    floors: list[tuple[str, str]] = []
    _check_params(params)
    cat, why = overdue_floor(overdue_days, params)
    if why:
        floors.append((cat, why))

    if require_flag(restructured, "是否重组"):
        before = UNKNOWN_BEFORE if before_restructure is None else require_choice(
            before_restructure, "重组前分类", CATEGORIES)
        again = require_flag(rerestructured, "观察期内再次重组")
        obs = observation_period(grace_months=grace_months, period_months=period_months,
                                 missed_month=missed_month, params=params)
        months = None if months_since_restructure is None else require_int(
            months_since_restructure, "重组后月数", minimum=0)
        if months is None or obs.contains(months):
            cat, why = _restructured_floor(before, again, params)
            if before_restructure is None:
                why = f"未填重组前分类，按{UNKNOWN_BEFORE}计；" + why
            where = ("重组资产仍在观察期内" if months is None else
                     f"重组后第 {months} 个月，仍在观察期内（第 {obs.start} 个月起算，"
                     f"{'未按约还款后重新计算，' if obs.restarted else ''}到第 {obs.end} 个月）")
            floors.append((cat, f"{where}；{why}"))

    if expected_loss is not None:
        rate = require_fraction(expected_loss, "预期损失率")
        cat, why = _loss_floor(rate, params)
        if why:
            floors.append((cat, why))

    if flags is None:
        flags = ()
    if isinstance(flags, str):
        flags = [flags]
    if not isinstance(flags, (list, tuple, set, frozenset)):
        raise InputError("借款人状况", "应为状况标记的列表，如 [\"存在不利因素\"]", flags)
    for flag in flags:
        require_choice(flag, "借款人状况", tuple(CONDITION_FLAGS))
        floors.append((CONDITION_FLAGS[flag], f"借款人状况：{flag}，至少为{CONDITION_FLAGS[flag]}"))

    category = "正常"
    for cat, _ in floors:
        category = _worse(category, cat)

    if previous is not None:
        require_choice(previous, "上期分类", CATEGORIES)
        if previous in NPL_CATEGORIES and _RANK[category] < _RANK[previous]:
            cured = require_int(months_normal_since_cure or 0, "逾期还清后正常还款月数", minimum=0)
            if int(overdue_days) > 0 or cured < 6:
                floors.append((previous, f"上期为{previous}（不良），逾期未还清或还清后正常还款不满 6 个月，"
                                         f"暂不上调"))
                category = previous

    reasons = tuple(why for cat, why in floors if cat == category) or ("未逾期，无其他风险因素，正常",)
    if category != "正常":
        # 把所有理由都列出，最决定性的（与最终类别相同）放在前面
        others = tuple(why for cat, why in floors if cat != category)
        reasons = reasons + others
    return Classification(category, reasons)


# -- 组合 ------------------------------------------------------------------

_PORTFOLIO_COLUMNS = {"overdue_days": "逾期天数"}


def _bool_col(df: pd.DataFrame, col: str) -> np.ndarray:
    if col not in df.columns:
        return np.zeros(len(df), dtype=bool)
    # “否”“False”“0”是否，不是真（astype(bool) 会把任何非空文字当成真）；空值视为否
    return flag_column(df[col], "是否重组")


def _restructured_reason(code: int, params: ClassifyParams) -> str:
    """组合编号（重组前分类序号 × 8 + 未填 × 4 + 再次重组 × 2 + 行内规定）对应的整批分类理由。"""
    before_rank, missing, again, stricter = code // 8, bool(code & 4), bool(code & 2), bool(code & 1)
    before = CATEGORIES[before_rank]
    if before_rank >= _RANK["次级"]:
        why = f"重组前为{before}（不良），观察期内不上调"
    else:
        why = f"重组前为{before}，观察期内至少为关注"
    if missing:
        why = f"未填重组前分类，按{UNKNOWN_BEFORE}计；" + why
    if again:
        why = f"观察期内再次重组，至少为{params.rerestructured_floor}"
    if stricter:
        why = f"行内规定：观察期内的重组资产至少为{params.internal_restructured_floor}（比《办法》更严）"
    return "重组资产仍在观察期内；" + why


def classify_portfolio(loans: pd.DataFrame, *, params: ClassifyParams = DEFAULT_PARAMS) -> pd.DataFrame:
    """整批贷款向量化分类，逻辑与 :func:`classify` 相同（不含上期分类的上调限制）。

    必需列 ``overdue_days``；可选列 ``restructured``（bool）及重组资产的 ``before_restructure``（重组前分类；
    没有这一列或值为空时按关注计）、``months_since_restructure``、``grace_months``、``period_months``、
    ``missed_month``、``rerestructured``（含义同 :func:`classify`），``expected_loss``（小数）、
    ``flags``（以“、”分隔的借款人状况标记）。
    返回原表加两列：``category``（五级分类）、``reason``（中文理由，逐条以“；”分隔）。
    """
    if not isinstance(loans, pd.DataFrame):
        raise InputError("贷款表", "应为 pandas DataFrame", type(loans).__name__)
    if "overdue_days" not in loans.columns:
        raise InputError("贷款表", "缺少列 overdue_days（逾期天数）")
    _check_params(params)
    require_frame(loans, "贷款表")
    if loans.index.has_duplicates:   # 两张表 pd.concat 后索引重复：按位置分类，再把原索引放回
        out = classify_portfolio(loans.reset_index(drop=True), params=params)
        out.index = loans.index
        return out
    if loans["overdue_days"].isna().any():
        raise InputError("逾期天数", "有空值或非数字，请补齐（未逾期填 0）")
    days = numeric_column(loans["overdue_days"], "逾期天数")
    if (days < 0).any():
        raise InputError("逾期天数", "不能为负数", float(days.min()))
    if (days > MAX_OVERDUE_DAYS).any():
        raise InputError("逾期天数", f"过大（超过 {MAX_OVERDUE_DAYS} 天），请检查录入", float(days.max()))
    d = days.to_numpy(dtype=np.int64)
    if (d != days.to_numpy()).any():   # 90.9 天不能悄悄截成 90 天
        raise InputError("逾期天数", "应为整数天", float(days[d != days.to_numpy()].iloc[0]))
    n = len(d)
    sub, dbt, loss = params.overdue_bounds

    # 各项底线（序号），最后取最大
    od_rank = np.select([d > loss, d > dbt, d > sub, d > 0], [4, 3, 2, 1], 0).astype(np.int8)
    rank = od_rank.copy()
    reason_parts: list[pd.Series] = []

    od_text = pd.Series("", index=loans.index, dtype=object)
    late = d > 0
    if late.any():
        tails = {1: "已逾期，至少为关注", 2: f"超过 {sub} 天，至少为次级", 3: f"超过 {dbt} 天，至少为可疑",
                 4: f"超过 {loss} 天，归为损失"}
        ds = pd.Series(d[late]).astype(str)
        tail = pd.Series(od_rank[late]).map(tails)
        od_text[late] = ("逾期 " + ds + " 天，" + tail).to_numpy()
    reason_parts.append(od_text)

    restr = _bool_col(loans, "restructured")
    if restr.any():
        given = (loans["before_restructure"].to_numpy(dtype=object) if "before_restructure" in loans.columns
                 else np.full(n, None, dtype=object))
        missing = pd.isna(pd.Series(given)).to_numpy()
        before = np.where(missing, UNKNOWN_BEFORE, given).astype(object)
        bad = restr & ~pd.Series(before).isin(CATEGORIES).to_numpy()
        if bad.any():
            raise InputError("重组前分类", "应为正常、关注、次级、可疑、损失之一", before[np.flatnonzero(bad)[0]])

        labels = {"grace_months": "宽限期（月）", "period_months": "还款间隔（月）", "missed_month": "未按期还款的月份",
                  "months_since_restructure": "重组后月数"}

        def num(col: str, default: float) -> np.ndarray:
            if col not in loans.columns:
                return np.full(n, default, dtype=float)
            # 文字数字照常读；认不出的文字报错，而不是悄悄当成空值
            return numeric_column(loans[col], labels[col], allow_missing=True).to_numpy(dtype=float)

        grace = np.nan_to_num(num("grace_months", 0), nan=0.0)
        per = np.nan_to_num(num("period_months", 1), nan=1.0)
        length = np.maximum(params.observation_months, params.observation_periods * per)
        end = grace + per + length
        missed = num("missed_month", np.nan)
        end = np.where(~np.isnan(missed) & (missed < end), np.maximum(end, missed + length), end)
        m = num("months_since_restructure", np.nan)
        in_obs = restr & ~(m >= end)                          # NaN 视为仍在观察期
        before_rank = np.maximum(pd.Categorical(before, categories=CATEGORIES).codes, 0).astype(np.int8)
        fr = np.where(before_rank >= _RANK["次级"], before_rank, _RANK["关注"])
        again = _bool_col(loans, "rerestructured") & (_RANK[params.rerestructured_floor] > fr)
        fr = np.where(again, _RANK[params.rerestructured_floor], fr)
        internal = params.internal_restructured_floor
        stricter = np.zeros(n, dtype=bool)
        if internal is not None:
            stricter = _RANK[internal] > fr
            fr = np.where(stricter, _RANK[internal], fr)
        rank = np.where(in_obs, np.maximum(rank, fr), rank)
        # 理由只取决于（重组前分类、是否未填、是否再次重组、是否按行内规定）这几种组合：
        # 每种组合拼一次文字，再按组合编号取出，不逐行拼接
        rows = np.flatnonzero(in_obs)
        code = (before_rank[rows].astype(np.int64) * 8 + missing[rows] * 4 + again[rows] * 2
                + stricter[rows])
        uniq, inverse = np.unique(code, return_inverse=True)
        texts = np.array([_restructured_reason(int(c), params) for c in uniq], dtype=object)
        restr_text = np.full(n, "", dtype=object)
        restr_text[rows] = texts[inverse.reshape(-1)]
        reason_parts.append(pd.Series(restr_text, index=loans.index))

    if "expected_loss" in loans.columns:
        el = numeric_column(loans["expected_loss"], "预期损失率", allow_missing=True,
                            hint="应为 0 到 1 之间的小数（0.95 表示 95%）").to_numpy(dtype=float)
        bad = (el < 0) | (el > 1)
        if np.nanmax(np.where(bad, 1, 0), initial=0):
            raise InputError("预期损失率", "应在 0 到 1 之间（按小数填写）")
        a, b, c = params.loss_bands
        el_rank = np.select([el >= c, el >= b, el >= a], [4, 3, 2], 0)
        rank = np.maximum(rank, el_rank)
        el_txt = pd.Series(el_rank, index=loans.index).map(
            {2: "预期损失率达到次级档，至少为次级", 3: "预期损失率达到可疑档，至少为可疑",
             4: "预期损失率达到损失档，归为损失", 0: ""})
        reason_parts.append(el_txt)

    if "flags" in loans.columns:
        flags = loans["flags"].fillna("").astype(str)
        has = flags != ""
        if has.any():
            exploded = flags[has].str.split("、").explode().str.strip()
            exploded = exploded[exploded != ""]
            unknown = set(exploded) - set(CONDITION_FLAGS)
            if unknown:
                raise InputError("借款人状况", "应为以下之一：" + "、".join(CONDITION_FLAGS), sorted(unknown)[0])
            fr = exploded.map({k: _RANK[v] for k, v in CONDITION_FLAGS.items()}).groupby(level=0).max()
            fl_rank = np.zeros(n, dtype=np.int8)
            pos = loans.index.get_indexer(fr.index)
            fl_rank[pos] = fr.to_numpy()
            rank = np.maximum(rank, fl_rank)
            reason_parts.append(("借款人状况：" + flags).where(has, ""))

    cats = np.array(CATEGORIES, dtype=object)[rank]
    out = loans.copy()
    out["category"] = pd.Series(cats, index=loans.index, dtype=object)
    # 只为有理由的行拼接字符串（多数贷款正常，百万行时这一步决定速度）
    parts = [p.fillna("").astype(object) for p in reason_parts]
    has_any = np.zeros(n, dtype=bool)
    for p in parts:
        has_any |= (p != "").to_numpy()
    reason = pd.Series("未逾期，无其他风险因素，正常", index=loans.index, dtype=object)
    if has_any.any():
        # 各条理由本身不以“；”开头或结尾：只在两段都非空时加分隔符，等于跳过空段逐条以“；”连接
        sub = [p[has_any].to_numpy(dtype=object) for p in parts]
        joined = sub[0]
        for p in sub[1:]:
            sep = np.where((joined != "") & (p != ""), "；", "").astype(object)
            joined = joined + sep + p
        reason[has_any] = joined
    out["reason"] = reason
    return out


def npl_share(classified: pd.DataFrame, *, weight: str | None = "balance") -> float:
    """不良占比：次级、可疑、损失的余额（或笔数）占全部的比例。"""
    require_frame(classified, "分类结果")
    if weight is not None and not isinstance(weight, str):
        raise InputError("加权列", "应为列名（如 \"balance\"）或 None", weight)
    if "category" not in classified.columns:
        raise InputError("分类结果", "缺少列 category（先调用 classify_portfolio）")
    if len(classified) == 0:
        raise InputError("分类结果", "不能为空表")
    is_npl = classified["category"].isin(NPL_CATEGORIES)
    if weight is None:
        return float(is_npl.mean())
    if weight not in classified.columns:
        raise InputError("分类结果", f"缺少列 {weight}")
    w = numeric_column(classified[weight], weight, fill=0.0)   # “12,000”按 12000 计，不按 0
    if (w < 0).any():
        raise InputError(weight, "不能为负数", float(w.min()))
    total = float(w.sum())
    return float(w[is_npl].sum() / total) if total > 0 else 0.0


def _as_category_series(obj: Any, field_name: str, category_col: str) -> tuple[pd.Series, pd.Series | None]:
    if isinstance(obj, pd.Series):
        s = obj
        bal = None
    elif isinstance(obj, pd.DataFrame):
        if "loan_id" in obj.columns:
            obj = obj.set_index("loan_id")
        col = category_col if category_col in obj.columns else ("risk_category" if "risk_category" in obj.columns
                                                                   else None)
        if col is None:
            raise InputError(field_name, f"缺少列 {category_col}（风险分类）")
        s = obj[col]
        bal = obj["balance"] if "balance" in obj.columns else None
    else:
        raise InputError(field_name, "应为以贷款编号为索引的分类 Series，或含 loan_id 与分类列的 DataFrame")
    if s.index.has_duplicates:
        raise InputError(field_name, "贷款编号有重复")
    bad = ~s.isin(CATEGORIES)
    if bad.any():
        raise InputError(field_name, "分类应为正常、关注、次级、可疑、损失之一", s[bad].iloc[0])
    return s, bal


def migration(before: Any, after: Any, *, category_col: str = "category", weight: str | None = None,
              normalize: bool = False) -> pd.DataFrame:
    """两个时点之间的五级分类迁徙矩阵：行为期初分类，列为期末分类。

    ``before``/``after`` 可以是以贷款编号为索引的分类 Series，或含 ``loan_id`` 与分类列的 DataFrame。
    期初有、期末没有的贷款计入“已退出”列（结清、核销或转让）；期末新出现的计入“新发放”行。
    ``weight="balance"`` 时按期初余额（新发放行按期末余额）加总；``normalize=True`` 时每行除以行合计，
    得到迁徙率（“新发放”行同样归一）。
    """
    if not isinstance(category_col, str):
        raise InputError("分类列", "应为列名（文字）", category_col)
    if weight is not None and not isinstance(weight, str):
        raise InputError("加权列", "应为列名（如 \"balance\"）或 None", weight)
    normalize = require_flag(normalize, "归一化")
    b, b_bal = _as_category_series(before, "期初分类", category_col)
    a, a_bal = _as_category_series(after, "期末分类", category_col)
    rows = list(CATEGORIES) + ["新发放"]
    cols = list(CATEGORIES) + ["已退出"]
    frame = pd.DataFrame({"期初": b.reindex(b.index.union(a.index)), "期末": a.reindex(b.index.union(a.index))})
    frame["期初"] = frame["期初"].fillna("新发放")
    frame["期末"] = frame["期末"].fillna("已退出")
    if weight is None:
        frame["w"] = 1.0
    else:
        if b_bal is None or a_bal is None:
            raise InputError("迁徙矩阵", f"按余额加总需要两期都有 {weight} 列")
        wb = pd.to_numeric(b_bal, errors="coerce").reindex(frame.index)
        wa = pd.to_numeric(a_bal, errors="coerce").reindex(frame.index)
        frame["w"] = wb.where(frame["期初"] != "新发放", wa).fillna(0.0)
    mat = frame.pivot_table(index="期初", columns="期末", values="w", aggfunc="sum", fill_value=0.0)
    mat = mat.reindex(index=rows, columns=cols, fill_value=0.0).astype(float)
    if normalize:
        tot = mat.sum(axis=1)
        mat = mat.div(tot.where(tot > 0), axis=0).fillna(0.0)
    mat.index.name = "期初分类"
    mat.columns.name = "期末分类"
    return mat
