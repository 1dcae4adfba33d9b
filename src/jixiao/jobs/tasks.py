"""The work a job does, by kind: the same functions run in the embedded worker and on remote workers.

Each task takes the job's payload and a ``report(done, total, item)`` callback, calls the product
code the matching command uses (``jixiao render``, ``jixiao audit``, ``jixiao batch score``) and
returns an :class:`Outcome`.  A user's mistake raises :class:`~jixiao.findings.UnusableInput` or
:class:`TaskFailed` (the job fails with that Chinese message); anything else is a bug.

    render  {"filings": [path, …], "out_dir": folder, "formats": "docx,pdf" | [...], "template": id,
             "parts": "决算,项目"}: one publication package per filing (several filings: one sub-folder each)
    audit   {"paths": [file or folder, …], "out": result.json, "strict": false}: the findings of every
             file, in the shape of ``jixiao audit --json``, written to ``out``
    batch   {"data": [file or folder, …], "rubric": id, "out": result.parquet, "items_out": null,
             "scores_only": false}: ``jixiao batch score``
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from typing import Any, Callable

from jixiao.jobs.store import JobError

Report = Callable[[int, int, "str | None"], None]


class TaskFailed(JobError):
    """The task cannot be done, for a reason the user can act on (Chinese message): the job fails with
    that message and is not retried.  Not for bugs."""


class BadPayload(TaskFailed):
    """The job's parameters do not fit its kind."""


@dataclass
class Outcome:
    result: dict[str, Any] = field(default_factory=dict)
    path: str | None = None


@dataclass(frozen=True)
class Context:
    """What a task may need to know about its run: the database the job lives in, and its id."""
    db_url: str
    job_id: str


@dataclass(frozen=True)
class Task:
    kind: str
    run: Callable[..., Outcome]
    #: payload keys: name → (types allowed, required); None: any JSON object (the caller checks it)
    fields: dict[str, tuple[tuple[type, ...], bool]] | None
    #: the task takes a third argument, the :class:`Context`
    context: bool = False


TASKS: dict[str, Task] = {}


def register(kind: str, fields: dict[str, tuple[tuple[type, ...], bool]] | None, *, context: bool = False) -> Callable:
    """Add a kind of job: the three below; the web adds its own (jixiao.web.work), and tests theirs.
    The function is ``fn(payload, report)`` or, with ``context=True``, ``fn(payload, report, ctx)``."""
    def wrap(fn: Callable[..., Outcome]) -> Callable:
        TASKS[kind] = Task(kind, fn, fields, context)
        return fn
    return wrap


def check_payload(kind: str, payload: Any) -> dict[str, Any]:
    """The payload, checked against its kind's fields; raises BadPayload naming what is wrong."""
    task = TASKS.get(kind)
    if task is None:
        raise BadPayload(f"未知的任务类型：{kind}；可选 {'、'.join(sorted(TASKS))}")
    if not isinstance(payload, dict):
        raise BadPayload("任务参数应为键值表（dict）")
    unknown = sorted(set(payload) - set(task.fields)) if task.fields is not None else []
    if unknown:
        raise BadPayload(f"任务参数中有不认识的项：{'、'.join(unknown)}")
    for name, (types, required) in (task.fields or {}).items():
        value = payload.get(name)
        if value is None:
            if required:
                raise BadPayload(f"任务参数缺少 {name}")
            continue
        if not isinstance(value, types) or isinstance(value, bool) and bool not in types:
            raise BadPayload(f"任务参数 {name} 的类型不对")
        if isinstance(value, list) and not (value and all(isinstance(v, str) and v for v in value)):
            raise BadPayload(f"任务参数 {name} 应为非空的路径列表")
    try:
        json.dumps(payload, ensure_ascii=False)
    except (TypeError, ValueError) as exc:
        raise BadPayload(f"任务参数无法保存：{exc}") from exc
    return payload


def input_message(exc: Any) -> str:
    """The Chinese message of an UnusableInput, one line per finding (at most 20)."""
    lines = [f"{f.source}：{f.message}" for f in exc.findings[:20]]
    if len(exc.findings) > 20:
        lines.append(f"… 另有 {len(exc.findings) - 20} 条")
    return "\n".join(lines) or "输入无法使用"


PATHS = (list,)
TEXT = (str,)


@register("render", {"filings": (PATHS, True), "out_dir": (TEXT, True), "formats": ((str, list), False),
                     "template": (TEXT, False), "parts": (TEXT, False)})
def render(payload: dict[str, Any], report: Report) -> Outcome:
    from jixiao.io_util import safe_stem
    from jixiao.pipeline import render_filing
    from jixiao.render.package import FORMATS

    filings: list[str] = payload["filings"]
    out_dir: str = payload["out_dir"]
    formats = payload.get("formats") or FORMATS
    formats = tuple(formats.split(",")) if isinstance(formats, str) else tuple(formats)
    documents, errors, used = [], 0, set()
    for n, filing in enumerate(filings):
        report(n, len(filings), filing)
        target = out_dir
        if len(filings) > 1:        # one sub-folder per filing, named after its file
            stem = safe_stem(os.path.splitext(os.path.basename(filing))[0], f"filing-{n + 1}")
            while stem in used:
                stem += "_"
            used.add(stem)
            target = os.path.join(out_dir, stem)
        package, count = render_filing(filing, target, formats, payload.get("template"), payload.get("parts"))
        documents.append({"filing": filing, **package.to_json(), "filing_errors": count})
        errors += count
    report(len(filings), len(filings), None)
    return Outcome({"documents": documents, "filing_errors": errors}, out_dir)


@register("audit", {"paths": (PATHS, True), "out": (TEXT, True), "strict": ((bool,), False)})
def audit(payload: dict[str, Any], report: Report) -> Outcome:
    from jixiao.audit.bulk import collect_files, summary, unreadable
    from jixiao.audit.engine import Auditor, audit_file
    from jixiao.findings import UnusableInput, error
    from jixiao.ingest.limits import check_output
    from jixiao.io_util import atomic_write_text
    from jixiao.model.source import Source

    out: str = payload["out"]
    if not out.lower().endswith(".json"):
        raise BadPayload("审核结果文件应以 .json 结尾")
    check_output(out)
    files = collect_files(payload["paths"])
    if not files:
        raise BadPayload("所给的文件夹中没有可审核的文件（.txt、.docx、.pdf、.html、.xlsx）")
    auditor = Auditor(strict=bool(payload.get("strict")))
    results = []
    for n, path in enumerate(files):
        report(n, len(files), path)
        results.append(audit_file(path, auditor))
    report(len(files), len(files), None)
    if unreadable(results):
        raise UnusableInput([f for r in results for f in r.findings if f.rule_id == "AUDIT-READ"]
                            or [error("AUDIT-READ", "所给的文件都无法读取", Source(files[0], "L1"))])
    total = summary(results)
    atomic_write_text(out, json.dumps({"documents": [r.to_json() for r in results], "summary": total},
                                      ensure_ascii=False, indent=2))
    return Outcome(total, out)


@register("batch", {"data": (PATHS, True), "rubric": (TEXT, True), "out": (TEXT, True),
                    "items_out": (TEXT, False), "scores_only": ((bool,), False)})
def batch(payload: dict[str, Any], report: Report) -> Outcome:
    from jixiao.batch.run import check_targets, score_batch
    from jixiao.findings import Severity

    out, items_out, scores_only = payload["out"], payload.get("items_out"), bool(payload.get("scores_only"))
    check_targets(out, items_out, scores_only)
    report(0, 1, payload["rubric"])
    result = score_batch(payload["data"], payload["rubric"], out, items_out, scores_only=scores_only)
    by_rule: dict[str, int] = {}
    for f in result.findings:
        by_rule[f.rule_id] = by_rule.get(f.rule_id, 0) + 1
    report(1, 1, None)
    return Outcome({"rubric": result.rubric, "projects": result.projects, "grades": result.grades,
                    "flags": result.flags, "items_out": items_out,
                    "errors": sum(1 for f in result.findings if f.severity is Severity.ERROR),
                    "findings": len(result.findings), "by_rule": dict(sorted(by_rule.items()))}, out)
