"""Atomic file writes (a file is either complete or not there) and safe output paths."""
from __future__ import annotations

import hashlib
import os
import re
import tempfile


def file_size(path: str) -> int:
    """The size of ``path`` in bytes, 0 when it cannot be read (for ordering work largest first)."""
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def atomic_write_bytes(path: str, data: bytes) -> None:
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".jixiao-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def atomic_write_text(path: str, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


#: longest file name stem we derive from user text, in UTF-8 bytes (file systems allow 255 per name)
MAX_STEM_BYTES = 150
_UNSAFE = re.compile(r'[\\/:*?"<>|\s\x00-\x1f\x7f-\x9f]+')
_SYSTEM_DIRS = ("/proc", "/sys", "/dev")


def safe_stem(name: str, fallback: str = "jixiao") -> str:
    """A file name stem from user text: separators and control characters replaced, never ``.``/``..``,
    and a long name shortened to :data:`MAX_STEM_BYTES` with a short hash of the whole name, so two
    long names that share their beginning still get different files.  Never refused."""
    stem = _UNSAFE.sub("_", name).strip("_.") or fallback
    stem = "".join(ch for ch in stem if not 0xD800 <= ord(ch) <= 0xDFFF and ch not in "\ufffe\uffff") or fallback
    if len(stem.encode("utf-8")) <= MAX_STEM_BYTES:
        return stem
    digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    cut = stem.encode("utf-8")[:MAX_STEM_BYTES - 9].decode("utf-8", "ignore")
    return f"{cut}_{digest}"


def _system_path(path: str) -> bool:
    real = os.path.realpath(path)
    return any(real == d or real.startswith(d + os.sep) for d in _SYSTEM_DIRS)


def output_problem(path: str, folder: bool = False) -> str | None:
    """Why ``path`` cannot be an output file (or folder), in Chinese; None when it can."""
    if _system_path(path):
        return "不能写到系统目录（/proc、/sys、/dev）下；请指定普通的文件夹"
    if os.path.lexists(path):
        if folder and not os.path.isdir(path):
            return "已存在同名文件，不是文件夹；请指定一个文件夹"
        if not folder and os.path.isdir(path):
            return "这是一个文件夹；请指定要写入的文件名"
        if not folder and not os.path.isfile(path):
            return "这不是普通文件（可能是设备或管道），不能作为输出文件"
    parent = os.path.dirname(os.path.abspath(path))
    while not os.path.exists(parent):
        parent = os.path.dirname(parent)
    if not os.path.isdir(parent):
        return f"上级路径“{parent}”不是文件夹"
    if not os.access(parent, os.W_OK):
        return f"没有写入“{parent}”的权限"
    return None
