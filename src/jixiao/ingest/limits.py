"""Size limits for input files: larger files are refused before they are read."""
from __future__ import annotations

import os

from jixiao.findings import UnusableInput, error
from jixiao.model.source import Source

MAX_YAML_BYTES = 20 * 1024 * 1024
MAX_XLSX_BYTES = 50 * 1024 * 1024


def check_size(path: str, limit: int) -> None:
    try:
        size = os.path.getsize(path)
    except OSError as exc:
        raise UnusableInput([error("INPUT-UNREADABLE", f"无法读取文件：{exc.strerror or exc}", Source(path, "L1"))]) from exc
    if size > limit:
        raise UnusableInput([error(
            "INPUT-TOO-LARGE",
            f"文件过大（{size / 1024 / 1024:.1f} MB），超过上限 {limit // 1024 // 1024} MB；请检查是否选错了文件",
            Source(path, "L1"))])
