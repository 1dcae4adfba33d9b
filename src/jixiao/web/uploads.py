"""Upload limits: size and type, checked before anything is stored.  A refused file leaves no trace
(no blob, no row); the message says in Chinese which file and why."""
from __future__ import annotations

import os
from dataclasses import dataclass

MB = 1024 * 1024
FILING_TYPES = (".xlsx", ".yaml", ".yml")
REPORT_TYPES = (".pdf", ".docx", ".html", ".htm")
MAX_FILES = 200


class Refused(Exception):
    """An upload that is not stored (message in Chinese)."""


@dataclass(frozen=True)
class Limits:
    filing_bytes: int = 10 * MB
    report_bytes: int = 20 * MB
    request_bytes: int = 210 * MB


def _mb(size: int) -> str:
    return f"{size / MB:.1f} MB"


def check(name: str, data: bytes, allowed: tuple[str, ...], limit: int) -> str:
    """The file's extension when it may be stored; raise Refused otherwise."""
    shown = os.path.basename(name or "") or "（无文件名）"
    ext = os.path.splitext(shown)[1].lower()
    if ext not in allowed:
        raise Refused(f"文件“{shown}”的类型不支持（{ext or '无扩展名'}）：只能上传 {'、'.join(allowed)} 文件。文件未保存。")
    if len(data) > limit:
        raise Refused(f"文件“{shown}”过大（超过 {_mb(limit)} 的上限）。文件未保存。")
    if not data:
        raise Refused(f"文件“{shown}”是空文件。文件未保存。")
    if not _content_matches(ext, data):
        raise Refused(f"文件“{shown}”的内容与扩展名 {ext} 不符（不是有效的{_KIND[ext]}）。文件未保存。")
    return ext


_KIND = {".xlsx": "Excel 工作簿", ".docx": "Word 文档", ".pdf": "PDF 文件", ".yaml": "YAML 文本",
         ".yml": "YAML 文本", ".html": "HTML 网页", ".htm": "HTML 网页"}


def _content_matches(ext: str, data: bytes) -> bool:
    if ext in (".xlsx", ".docx"):
        return data.startswith(b"PK\x03\x04")
    if ext == ".pdf":
        return data[:1024].lstrip().startswith(b"%PDF-")
    if ext in (".yaml", ".yml"):
        if b"\x00" in data:
            return False
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return False
        return True
    return b"\x00" not in data[:8192]            # html: text of some encoding
