"""仓库里的文本文件不能带着合并冲突的标记提交（几个人同时改术语表、登记表时最容易漏掉）。"""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MARKERS = ("<" * 7 + " ", "=" * 7 + "\n", ">" * 7 + " ")
TEXT = (".md", ".py", ".yml", ".yaml", ".json", ".ipynb", ".txt", ".toml", ".cfg", ".css", ".html")


def _tracked() -> list[Path]:
    try:
        out = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("不在 git 工作区里")
    return [ROOT / p for p in out.split("\n") if p.endswith(TEXT)]


def test_no_merge_conflict_markers_in_tracked_text():
    bad = []
    for path in _tracked():
        if not path.exists():
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(True), start=1):
            if line.startswith(MARKERS[0]) or line.startswith(MARKERS[2]) or line == MARKERS[1]:
                bad.append(f"{path.relative_to(ROOT)}:{n}")
    assert not bad, "有没解决的合并冲突：" + "、".join(bad[:20])
