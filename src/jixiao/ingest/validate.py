"""Checks that need more than one field: codes against the catalogue, published keys
(``CODE-*``, ``PUBLISHED-KEY-*``; registered in rule_ids.py as ``CODE_RULE_IDS``).

Returns findings; never raises for user mistakes.
"""
from __future__ import annotations

import re
from typing import Any, Protocol

from jixiao.catalog import Catalogue, normalize_name
from jixiao.findings import Finding, error, warning
from jixiao.model import schema as S
from jixiao.model.filing import Filing
from jixiao.model.walk import get_path, iter_values_maps, spec_at

#: published keys that are not metric ids or figure paths
RESERVED_KEYS = {"total", "max_total", "grade", "score", "formula", "unit_code"}
_FIGURE_RE = re.compile(r"^(unit|accounts|department|projects)(\.|\[)")


class MetricIndex(Protocol):
    """What validation reads of the metric registry (:class:`jixiao.metrics.registry.Registry`, which
    the caller passes: ingest sits below metrics and cannot import it)."""

    metrics: tuple[Any, ...]

    def get(self, metric_id: str) -> Any: ...

    @property
    def ids(self) -> frozenset[str]: ...


def validate(filing: Filing, registry: MetricIndex) -> list[Finding]:
    findings: list[Finding] = []
    findings += _check_codes(filing)
    findings += _check_published_keys(filing, registry)
    findings += _check_published_side(filing, registry)
    return findings


def _check_published_side(filing: Filing, registry: MetricIndex) -> list[Finding]:
    """A published change filed under the sibling record: ``grand_total_change`` (收入总计的变动) put under
    支出总计.  The metric's inputs name one record; a statement of it under a sibling record of the same
    parent is about the other figure (支出总计 has its own ``expenditure_grand_total_change``)."""
    out = []
    for record_path, field_name, values in iter_values_maps(filing):
        if field_name != "published" or not record_path or "[" in record_path:
            continue
        parent, _, here = record_path.rpartition(".")
        for key in values:
            metric = registry.get(key.split("#", 1)[0])
            if metric is None or metric.over or not metric.inputs:
                continue
            records = {path.rpartition(".")[0] for path in metric.inputs.values()}
            if len(records) != 1:
                continue
            owner = records.pop()
            owner_parent, _, owner_name = owner.rpartition(".")
            if owner_parent != parent or owner_name == here:
                continue
            better = [m.id for m in registry.metrics if not m.over and m.inputs
                      and {p.rpartition(".")[0] for p in m.inputs.values()} == {record_path}
                      and m.expr == metric.expr]
            if not better:          # only where this record has its own figure of the same kind
                continue
            out.append(warning("PUBLISHED-KEY-MISPLACED",
                               f"公开数值“{key}”（{metric.name}）说的是{spec_label(owner)}，却填在{spec_label(record_path)}下；"
                               f"{spec_label(record_path)}自己的数值请填为“{better[0]}”",
                               filing.source_of(f"{record_path}.published.{key}")))
    return out


def spec_label(path: str) -> str:
    """The Chinese field name of a record path (收入总计), the path itself when unknown."""
    try:
        return spec_at(Filing, path).zh or path
    except KeyError:
        return path


def _check_codes(filing: Filing) -> list[Finding]:
    year = filing.unit.year or 2023
    out: list[Finding] = []
    checks = [("accounts.function_lines", "func"), ("accounts.economic_lines", "econ")]
    checks += [(f"projects[{i}]", "func") for i in range(len(filing.projects))]
    for list_path, kind in checks:
        catalogue = Catalogue.load(year, kind)
        items = get_path(filing, list_path)
        if list_path.startswith("projects["):
            code, name, path = items.function_code, None, f"{list_path}.function_code"
            if code:
                out += _code_findings(filing, catalogue, code, name, path, year)
            continue
        for index, item in enumerate(items):
            path = f"{list_path}[{index}].code"
            out += _code_findings(filing, catalogue, item.code, item.name, path, year)
    return out


def _code_findings(filing: Filing, catalogue: Catalogue, code: str | None, name: str | None,
                   path: str, year: int) -> list[Finding]:
    if code is None:
        return []
    source = filing.source_of(path)
    kind_zh = "功能分类" if catalogue.kind == "func" else "经济分类"
    status = catalogue.status(code, year)
    if status == "malformed":
        return [error("CODE-MALFORMED", f"{kind_zh}科目编码“{code}”格式不对（应为{'3/5/7' if catalogue.kind == 'func' else '3/5'}位数字）", source)]
    if status == "unknown":
        return [error("CODE-UNKNOWN", f"{kind_zh}科目编码“{code}”不在{year}年政府收支分类科目中", source)]
    if status == "retired":
        entry = catalogue.get(code)
        return [warning("CODE-RETIRED", f"{kind_zh}科目编码“{code}”（{entry.name if entry else ''}）在{year}年已停用", source)]
    if status == "not_yet_valid":
        return [warning("CODE-NOT-YET-VALID", f"{kind_zh}科目编码“{code}”在{year}年尚未启用", source)]
    entry = catalogue.get(code)
    if name and entry is not None:
        printed = normalize_name(_last_segment(name))
        known = {normalize_name(n) for n in (entry.name, *entry.aliases)}
        if printed and printed not in known:
            return [warning("CODE-NAME-MISMATCH", f"科目“{code}”在分类科目中名为“{entry.name}”，公开文本写作“{name}”", source)]
    return []


_LEVEL_MARK = re.compile(r"[（(](?:类|款|项)[）)]")


def _last_segment(name: str) -> str:
    """The name of the deepest level in a narrative line.

    '一般公共服务（类）…（款）信访事务（项）' → '信访事务'; '一般公共服务（类）支出' → '一般公共服务支出'.
    """
    parts = [p.strip() for p in _LEVEL_MARK.split(name)]
    while parts and not parts[-1]:
        parts.pop()
    if not parts:
        return name
    if parts[-1] == "支出" and len(parts) > 1:
        return parts[-2] + "支出"
    return parts[-1]


def _check_published_keys(filing: Filing, registry: MetricIndex) -> list[Finding]:
    out = []
    ids = registry.ids
    for record_path, field_name, values in iter_values_maps(filing):
        if field_name != "published":
            continue
        for key in values:
            if _key_known(key, ids):
                continue
            path = f"{record_path}.{field_name}.{key}" if record_path else f"{field_name}.{key}"
            out.append(warning("PUBLISHED-KEY-UNKNOWN", f"公开数值的键“{key}”既不是已登记的指标，也不是数据路径；jixiao无法核对它", filing.source_of(path)))
    return out


def _key_known(key: str, ids: frozenset[str]) -> bool:
    base = key.split("#", 1)[0]
    if base in RESERVED_KEYS or base.startswith("subtotal:"):
        return True
    if base.split(":", 1)[0] in ids:
        return True
    if _FIGURE_RE.match(base):
        try:
            spec_at(Filing, re.sub(r"\[[^\]]*\]", "", base))
            return True
        except KeyError:
            return False
    return False


__all__ = ["validate", "RESERVED_KEYS", "S"]
