"""Load a filing from YAML or from the Excel template: ``(filing, findings)``.

Raises :class:`~jixiao.findings.UnusableInput` only when nothing usable can be
read (wrong kind of file, broken YAML or workbook, too large).  Problems in
individual values come back as ``INPUT-*`` findings with their location.
"""
from __future__ import annotations

import os

from jixiao.findings import Finding, UnusableInput, error
from jixiao.ingest.build import build_filing
from jixiao.ingest.yaml_in import read_yaml_tree
from jixiao.model.filing import Filing
from jixiao.model.source import Source


def load_filing(path: str, keys=None) -> tuple[Filing, list[Finding]]:
    """``keys`` (``jixiao.metrics.names.KeyNames``) reads the Chinese metric names of a workbook's 公开数值 sheet."""
    doc = os.path.basename(path) if os.path.isabs(path) else path
    ext = os.path.splitext(path)[1].lower()
    if not os.path.lexists(path):
        raise UnusableInput([error("INPUT-NOT-FOUND", "找不到文件", Source(doc, "L1"))])
    if os.path.isdir(path):
        raise UnusableInput([error("INPUT-NOT-FOUND", "这是一个文件夹，请指定填报文件（.yaml 或 .xlsx）", Source(doc, "L1"))])
    if ext in (".yaml", ".yml"):
        tree = read_yaml_tree(path, doc)
    elif ext == ".xlsx":
        from jixiao.ingest.xlsx_in import read_workbook_tree

        tree = read_workbook_tree(path, doc, keys)
    else:
        raise UnusableInput([error("INPUT-FORMAT", f"不支持的文件类型“{ext or '无扩展名'}”：填报文件应为 .yaml/.yml 或 .xlsx（jixiao template 生成的模板）", Source(doc, "L1"))])
    return build_filing(tree, doc)
