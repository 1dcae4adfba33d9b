"""The one door for input files: what may be read, and how much.

Every reader calls :func:`check_input` (or :func:`read_input`) first:

* only a regular file is read (``os.stat`` + ``S_ISREG``): a folder, a FIFO, a device such as
  ``/dev/zero`` or a symlink to one is refused before it is opened;
* each kind of file has a size limit, checked on the size ``stat`` reports *and* on the bytes
  actually read (:func:`read_input` stops one byte past the limit, so a file that grows while
  it is read cannot slip through);
* a zip container (.xlsx, .docx) also has a limit on its uncompressed size (:func:`check_zip`),
  so a small file that unpacks to gigabytes is refused before it is unpacked.

:func:`check_output` is the same door for output paths.

Every refusal is an :class:`~jixiao.findings.UnusableInput` with a Chinese message naming the
file (exit code 2).
"""
from __future__ import annotations

import os
import stat
import zipfile

from jixiao.findings import UnusableInput, error
from jixiao.model.source import Source



class Unreadable(Exception):
    """Raised by a reader for a file it recognises as unusable; the message is Chinese."""


MB = 1024 * 1024
MAX_YAML_BYTES = 20 * MB
MAX_XLSX_BYTES = 50 * MB
#: size limit of each kind of input file, in bytes
MAX_BYTES = {
    "yaml": MAX_YAML_BYTES,
    "xlsx": MAX_XLSX_BYTES,
    "docx": 60 * MB,
    "pdf": 60 * MB,
    "html": 60 * MB,
    "txt": 60 * MB,
    "csv": 8 * 1024 * MB,
    "parquet": 8 * 1024 * MB,
    "batch-xlsx": 200 * MB,
}
#: uncompressed size limit of a zip container, in bytes
MAX_UNZIPPED = {"xlsx": 1024 * MB, "batch-xlsx": 2048 * MB, "docx": 300 * MB}
#: most members a zip container may hold
MAX_ZIP_MEMBERS = 10_000


def _refuse(rule_id: str, message: str, doc: str) -> UnusableInput:
    return UnusableInput([error(rule_id, message, Source(doc, "L1"))])


def _mb(size: int) -> str:
    return f"{size / MB:.1f} MB" if size % MB else f"{size // MB} MB"


def check_input(path: str, kind: str, doc: str | None = None) -> int:
    """Refuse anything but a regular file within the size limit of ``kind``; return its size."""
    doc = doc or path
    try:
        info = os.stat(path)
    except FileNotFoundError as exc:
        raise _refuse("INPUT-NOT-FOUND", "找不到文件", doc) from exc
    except OSError as exc:
        raise _refuse("INPUT-UNREADABLE", f"无法读取文件：{exc.strerror or exc}", doc) from exc
    if stat.S_ISDIR(info.st_mode):
        raise _refuse("INPUT-NOT-FILE", "这是一个文件夹，不是文件；请指定要读取的文件", doc)
    if not stat.S_ISREG(info.st_mode):
        raise _refuse("INPUT-NOT-FILE", "这不是普通文件（可能是管道、设备或指向设备的链接），无法读取；请指定一个普通文件", doc)
    limit = MAX_BYTES[kind]
    if info.st_size > limit:
        raise too_large(doc, info.st_size, limit)
    return info.st_size


def too_large(doc: str, size: int, limit: int) -> UnusableInput:
    return _refuse("INPUT-TOO-LARGE",
                   f"文件过大（{size / MB:.1f} MB），超过上限 {_mb(limit)}；请检查是否选错了文件", doc)


def read_input(path: str, kind: str, doc: str | None = None) -> bytes:
    """The bytes of a checked input file, never more than its limit."""
    doc = doc or path
    check_input(path, kind, doc)
    limit = MAX_BYTES[kind]
    try:
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise _refuse("INPUT-UNREADABLE", f"无法读取文件：{exc.strerror or exc}", doc) from exc
    if len(data) > limit:
        raise too_large(doc, len(data), limit)
    return data


def check_zip(path: str, kind: str, doc: str | None = None) -> None:
    """Refuse a zip container (.xlsx, .docx) that is not one, or that unpacks past its limit."""
    doc = doc or path
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except Exception as exc:  # zipfile also raises NotImplementedError, RuntimeError… for a broken archive
        if kind == "docx":
            raise _refuse("INPUT-DOCX-CORRUPT", "文件已损坏或不是Word文档（.docx）；请用Word另存为.docx后重试", doc) from exc
        raise _refuse("INPUT-XLSX-CORRUPT", "文件已损坏或不是Excel工作簿（.xlsx）；请用Excel另存为.xlsx后重试", doc) from exc
    if len(members) > MAX_ZIP_MEMBERS:
        raise _refuse("INPUT-TOO-LARGE", f"压缩包内文件过多（{len(members)}个，上限{MAX_ZIP_MEMBERS}个），不像是正常的文档", doc)
    unzipped = sum(info.file_size for info in members)
    limit = MAX_UNZIPPED[kind]
    if unzipped > limit:
        raise _refuse("INPUT-TOO-LARGE",
                      f"文件解压后过大（{_mb(unzipped)}，上限 {_mb(limit)}）；可能是压缩炸弹，或选错了文件", doc)


def check_output(path: str, folder: bool = False) -> None:
    """The door for output paths: refuse a folder given as a file (or a file as a folder), a device,
    and anything under /proc, /sys or /dev, before any work is done."""
    from jixiao.io_util import output_problem

    problem = output_problem(path, folder)
    if problem is not None:
        raise UnusableInput([error("OUTPUT-PATH", f"无法写入输出位置：{problem}", Source(path, "L1"))])
