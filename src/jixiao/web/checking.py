"""Checking an uploaded filing with the CLI's own pipeline (``jixiao check``: load, validate, checks
with scoring), and each finding in the CLI's JSON shape plus the field its source cell holds.

A file that cannot be used at all comes back as :class:`Unusable` with the CLI's Chinese messages;
the caller then stores nothing.
"""
from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from typing import Any

from jixiao.io_util import safe_stem

_INDEX = re.compile(r"\[(\d+)\]")


class Unusable(Exception):
    def __init__(self, messages: list[str]):
        super().__init__("；".join(messages))
        self.messages = messages


@dataclass
class Checked:
    findings: list[dict[str, Any]]
    unit_name: str
    unit_code: str
    year: int | None
    region: str = ""
    figures: dict[str, dict[str, str]] | None = None   # jixiao.web.changes.figures_of: for 与上年比较
    risk: dict[str, Any] | None = None                 # risk_of: the bureau's triage of this filing


def finding_key(rule_id: str, locator: str) -> str:
    """The same finding in a later check of the same unit: its rule and its place (not the file name)."""
    return f"{rule_id}|{locator}"


def check_bytes(data: bytes, filename: str) -> Checked:
    """Run ``jixiao check`` on an uploaded filing (.xlsx or .yaml)."""
    from jixiao.findings import UnusableInput
    from jixiao.pipeline import load_and_validate, with_checks

    stem, ext = os.path.splitext(os.path.basename(filename))
    with tempfile.TemporaryDirectory(prefix="jixiao-web-") as tmp:
        path = os.path.join(tmp, safe_stem(stem, "填报文件") + ext.lower())
        with open(path, "wb") as fh:
            fh.write(data)
        try:
            run = load_and_validate(path)
            if run.input_errors:
                raise UnusableInput(run.input_errors)
            with_checks(run)
        except UnusableInput as exc:
            raise Unusable([f"{f.source.locator}：{f.message}" for f in exc.findings]) from exc
    from jixiao.metrics.names import KeyNames

    fields = _fields(run.filing, KeyNames(run.registry))
    out = []
    for f in run.findings:
        item = f.to_json()
        item["key"] = finding_key(f.rule_id, f.source.locator)
        where = fields.get(f.source.locator)
        if where:
            item["field"], item["value"], item["path"] = where
        out.append(item)
    unit = run.filing.unit
    from jixiao.web.changes import figures_of

    names = _namer(run.filing, KeyNames(run.registry))
    return Checked(out, unit.name or "", unit.code or "", unit.year, unit.region or "",
                   figures=figures_of(run.filing, names), risk=risk_of(run.filing, run.findings))


def risk_of(filing: Any, findings: list[Any]) -> dict[str, Any]:
    """The bureau review package's triage of one filing (``jixiao review triage``, its default pack):
    {"score", "level" (red/yellow/green), "flags": [{"rule_id", "level", "project", "message"}]}."""
    from jixiao.review.packs import get_pack
    from jixiao.review.triage import triage_units

    unit = triage_units([filing], get_pack(None, "warnings"), [list(findings)]).units[0]
    flags = [{"rule_id": f.rule_id, "level": f.level, "project": f.project or "", "message": f.message}
             for p in unit.projects for f in p.flags]
    return {"score": unit.risk, "level": unit.level, "flags": flags}


def _namer(filing: Any, keys: Any) -> Any:
    """path → the field's Chinese name, its record named (as in the findings' field column)."""
    from jixiao.model.filing import Filing
    from jixiao.model.walk import get_path, zh_path
    from jixiao.web.changes import record_label

    def name(path: str) -> str | None:
        zh = _zh(Filing, _INDEX.sub("", path), zh_path, keys)
        if zh is None:
            return None
        labels = [record_label(filing, path, match.end(), get_path) for match in _INDEX.finditer(path)]
        return "：".join([*(x for x in labels if x), zh])
    return name


def _fields(filing: Any, keys: Any) -> dict[str, tuple[str, str, str]]:
    """locator → (the field's Chinese name, its value as filed, its path), for the cells that hold one field."""
    from jixiao.model.filing import Filing
    from jixiao.model.values import Value
    from jixiao.model.walk import get_path, zh_path

    out: dict[str, tuple[str, str, str]] = {}
    for path, source in filing.sources.items():
        if source.locator in out:
            continue
        name = _zh(Filing, _INDEX.sub("", path), zh_path, keys)
        if name is None:
            continue
        records = [m.start() for m in _INDEX.finditer(path)]
        if records:                      # name the record (project, line) the field belongs to
            owner = get_path(filing, path[:_INDEX.search(path).end()])
            label = getattr(owner, "name", None) or getattr(owner, "criterion", None)
            if label:
                name = f"{label}：{name}"
        try:
            value = get_path(filing, path)
        except (AttributeError, KeyError, TypeError, IndexError):
            value = _published(filing, path, get_path)
        shown = "" if value is None or (hasattr(value, "__dataclass_fields__") and not isinstance(value, Value)) \
            else str(value)
        out[source.locator] = (name, shown, path)
    return out


def _zh(root: type, path: str, zh_path: Any, keys: Any) -> str | None:
    """The Chinese name of a field path; a key of a published-values map is named by its map."""
    try:
        return zh_path(root, path)
    except (KeyError, AttributeError, TypeError):
        head, _, key = path.rpartition(".")
        if not head:
            return None
        try:
            return f"{zh_path(root, head)}·{keys.label(key.partition('#')[0])}"
        except (KeyError, AttributeError, TypeError):
            return None


def _published(filing: Any, path: str, get_path: Any) -> Any:
    head, _, key = path.rpartition(".")
    try:
        values = get_path(filing, head)
        return values.get(key) if hasattr(values, "get") else None
    except (AttributeError, KeyError, TypeError, IndexError):
        return None
