"""m03-c13：微信群各类帖子之后的私信、申请与退群（手算的例子）。"""
import pandas as pd
import pytest

from coursekit import marketing
from coursekit.errors import InputError


def _posts():
    return pd.DataFrame({"日期": ["2025-03-01", "2025-03-05", "2025-03-20"],
                         "类型": ["获批喜报", "政策答疑", "政策答疑"]})


def _events():
    return pd.DataFrame({
        "日期": ["2025-03-01", "2025-03-02", "2025-03-05", "2025-03-06", "2025-03-06", "2025-03-16", "2025-03-21",
               "2025-02-27"],
        "成员": ["A", "B", "C", "C", "D", "E", "F", "G"],
        "事件": ["退群", "退群", "私信咨询", "申请", "申请", "申请", "申请", "申请"]})


def test_hand_computed_attribution():
    out = marketing.wechat_post_followup(_posts(), _events(), days=7)
    # 3-01 喜报：A、B 退群（当天、次日）；3-05 答疑：C 私信、C 申请、D 申请；3-16 离 3-05 有 11 天 → 未归属；
    # 3-21 归 3-20 答疑；2-27 在所有帖子之前 → 未归属
    assert out.loc["获批喜报", ["帖数", "私信咨询", "申请", "退群"]].tolist() == [1, 0, 0, 2]
    assert out.loc["政策答疑", ["帖数", "私信咨询", "申请", "退群", "申请的成员数"]].tolist() == [2, 1, 3, 0, 3]
    assert out.loc["政策答疑", "每帖申请"] == pytest.approx(1.5)
    assert out.loc["获批喜报", "每帖退群"] == pytest.approx(2.0)
    assert out.attrs["未归属"] == 2
    assert list(out.index) == ["政策答疑", "获批喜报"]          # 帖数多的在前


def test_window_widened_picks_up_late_event():
    out = marketing.wechat_post_followup(_posts(), _events(), days=14)
    assert out.loc["政策答疑", "申请"] == 4 and out.attrs["未归属"] == 1


def test_every_attributed_event_counted_once():
    out = marketing.wechat_post_followup(_posts(), _events(), days=30)
    assert out[["私信咨询", "申请", "退群"]].to_numpy().sum() + out.attrs["未归属"] == len(_events())


@pytest.mark.parametrize("posts, events, days, field", [
    (_posts(), _events().assign(事件="点赞"), 7, "事件表的事件"),
    (_posts().drop(columns="类型"), _events(), 7, "帖子表"),
    (_posts().iloc[:0], _events(), 7, "帖子表"),
    (_posts(), _events(), -1, "归属天数"),
    (pd.DataFrame({"日期": ["2025-03-01", "2025-03-01"], "类型": ["a", "b"]}), _events(), 7, "帖子表的日期"),
    (_posts(), _events().assign(日期="昨天"), 7, "事件表的日期"),
])
def test_bad_input_names_field(posts, events, days, field):
    with pytest.raises(InputError, match=field):
        marketing.wechat_post_followup(posts, events, days=days)


def test_by_first_ask_credits_the_post_that_made_them_ask():
    posts = pd.DataFrame({"日期": ["2025-04-10", "2025-04-14"], "类型": ["客户自述", "产品海报"]})
    events = pd.DataFrame({"日期": ["2025-04-11", "2025-04-15", "2025-04-15"], "成员": ["A", "A", "B"],
                           "事件": ["私信咨询", "申请", "申请"]})
    plain = marketing.wechat_post_followup(posts, events, days=7)
    assert plain.loc["产品海报", "申请"] == 2 and plain.loc["客户自述", "申请"] == 0
    chain = marketing.wechat_post_followup(posts, events, days=7, by_first_ask="是")
    # A 4-11 私信（归 4-10 客户自述），4-15 的申请跟着归过去；B 没私信过，仍归 4-14 海报
    assert chain.loc["客户自述", ["私信咨询", "申请"]].tolist() == [1, 1]
    assert chain.loc["产品海报", "申请"] == 1
    with pytest.raises(InputError, match="按第一次私信归属"):
        marketing.wechat_post_followup(posts, events, by_first_ask="也许")


def test_days_zero_counts_only_same_day():
    out = marketing.wechat_post_followup(_posts(), _events(), days=0)
    assert out.loc["获批喜报", "退群"] == 1 and out.loc["政策答疑", "私信咨询"] == 1
    assert out.attrs["未归属"] == 8 - 2
