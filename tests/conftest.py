"""测试的公共设置。

性质测试（hypothesis）默认每次随机取例；CI 设 ``HYPOTHESIS_PROFILE=ci``，改为固定取例（derandomize），
同一次提交在 CI 上的结果可以复现。本地运行仍随机探索，更容易发现新问题。
"""
from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
