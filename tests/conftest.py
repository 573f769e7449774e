"""测试的公共设置。

性质测试（hypothesis）默认每次随机取例；CI 设 ``HYPOTHESIS_PROFILE=ci``，改为固定取例（derandomize），
同一次提交在 CI 上的结果可以复现。本地运行仍随机探索，更容易发现新问题。
"""
from __future__ import annotations

import contextlib
import os
from pathlib import Path

from hypothesis import settings

# 不设单例用时上限（deadline）：测试不计时，负载高的机器上偶尔超时只会制造假失败
settings.register_profile("default", deadline=None)
settings.register_profile("ci", derandomize=True, print_blob=True, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@contextlib.contextmanager
def book_build_lock():
    """构建书的测试文件（test_book.py、test_book_print.py）可能在两个 xdist 进程里同时开始：
    两次构建轮流进行，不同时写同一个 _build/（后一次用执行缓存，很快）。"""
    lock_dir = Path(__file__).resolve().parents[1] / "_build"
    lock_dir.mkdir(exist_ok=True)
    try:
        import fcntl
    except ImportError:          # Windows：没有 flock；浏览器检查在那里本来就跳过
        yield
        return
    with open(lock_dir / ".book-build.lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
