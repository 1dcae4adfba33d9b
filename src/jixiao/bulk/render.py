"""Render a folder of filings, one publication package per filing, in worker processes.

* **Load once.** Each worker process imports the writers and loads the templates, registry, fonts
  and Typst compilers in its initializer, then renders filing after filing.
* **One folder per unit**: ``OUT/<the filing's path in FOLDER, without its extension>/``, written as
  ``jixiao render`` writes it (a staging folder, then each file moved into place), and a marker
  file ``.jixiao-done.json`` written last.  A unit whose marker names the same input (SHA-256) and the
  same formats, with every file it lists present, is finished: a repeated run skips it.
* **A bad filing fails alone**, with the Chinese message of its first input error; the others go on.
  A bug of ours while rendering one unit is logged (the traceback in a file) and fails that unit only.
"""
from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from jixiao.io_util import file_size

FILING_SUFFIXES = (".yaml", ".yml", ".xlsx")
MARKER = ".jixiao-done.json"
MARKER_VERSION = 1


@dataclass(frozen=True)
class Unit:
    source: str             # the filing
    out: str                # its output folder
    name: str               # the filing's path inside FOLDER (for messages and the summary)


@dataclass
class Outcome:
    name: str
    status: str                     # rendered | skipped | failed
    out: str = ""
    message: str = ""               # why it failed (Chinese)
    bug: bool = False               # failed through a bug of ours (a traceback was logged)
    seconds: float = 0.0            # wall time in the worker
    cpu: float = 0.0                # CPU time of the worker process for this unit
    files: list[str] = field(default_factory=list)
    filing_errors: int = 0          # error findings of ``jixiao check`` in the filing (rendered anyway)

    def to_json(self) -> dict:
        return asdict(self)


# ---- the units of a folder --------------------------------------------------------------------------

def find_units(folder: str, out_dir: str) -> list[Unit]:
    """Every filing under ``folder`` (.yaml/.yml/.xlsx, sorted; hidden files, Excel lock files ``~$…``
    and anything inside ``out_dir`` left out), each with its output folder."""
    root = Path(folder).resolve()
    out = Path(out_dir).resolve()
    found: list[Path] = []
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if any(part.startswith((".", "~$")) for part in rel.parts):
            continue
        if path.suffix.lower() not in FILING_SUFFIXES or not path.is_file():
            continue
        if out == path or out in path.parents:
            continue
        found.append(path)
    stems: dict[Path, int] = {}
    for path in found:
        key = path.relative_to(root).with_suffix("")
        stems[key] = stems.get(key, 0) + 1
    units = []
    for path in found:
        rel = path.relative_to(root)
        folder_rel = rel.with_suffix("") if stems[rel.with_suffix("")] == 1 else rel.with_name(rel.name.replace(".", "_"))
        units.append(Unit(str(path), str(out / folder_rel), str(rel)))
    return units


def digest(path: str) -> str:
    sha = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


def finished(unit: Unit, formats: tuple[str, ...]) -> bool:
    """The unit's folder is complete for this input and these formats (its marker says so)."""
    try:
        with open(os.path.join(unit.out, MARKER), encoding="utf-8") as fh:
            marker = json.load(fh)
        return (marker.get("version") == MARKER_VERSION and marker.get("formats") == list(formats)
                and marker.get("sha256") == digest(unit.source)
                and all(os.path.isfile(os.path.join(unit.out, name)) for name in marker.get("files", ())))
    except (OSError, ValueError, AttributeError):
        return False


# ---- in a worker process ----------------------------------------------------------------------------

_STATE: dict = {}


def warm(formats: tuple[str, ...]) -> None:
    """Everything a render needs, loaded once per process (the pool's initializer)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)        # Ctrl-C is the parent's to handle
    from jixiao.metrics.registry import load_registry
    from jixiao.render.package import writers_for
    from jixiao.render.templates import load_templates

    from jixiao.checks import load_library

    _STATE["registry"] = load_registry()
    _STATE["templates"] = load_templates()
    _STATE["library"] = load_library(_STATE["registry"])
    _STATE["formats"] = formats
    writers_for(tuple(dict.fromkeys((*formats, "docx", "html"))))     # the 核对报告 is docx and html


def render_unit(unit: Unit, formats: tuple[str, ...], check: bool = True) -> Outcome:
    """Render one filing into its folder; never raises (a failure is the outcome)."""
    from jixiao.findings import Severity, UnusableInput
    from jixiao.io_util import atomic_write_text
    from jixiao.pipeline import load_and_validate, with_metrics
    from jixiao.render.package import render_staged
    from jixiao.render.templates import TemplateError

    t0, c0 = time.perf_counter(), time.process_time()
    outcome = Outcome(unit.name, "failed", unit.out)
    try:
        sha = digest(unit.source)
        run = load_and_validate(unit.source, _STATE.get("registry"))
        if run.input_errors:
            raise UnusableInput(run.input_errors)
        with_metrics(run)
        marker = os.path.join(unit.out, MARKER)
        if os.path.exists(marker):
            os.unlink(marker)                       # the folder is being rewritten: not finished
        report = render_staged(run.filing, run.metrics, unit.out, formats, templates=_STATE.get("templates"))
        if check:       # as jixiao render does (pipeline.with_checks), with the check library loaded once
            from jixiao.checks import check_filing

            library = _STATE.get("library")
            checked = check_filing(run.filing, library=library) if library is not None else None
            found = [*run.findings, *(checked.findings if checked is not None else ())]
            outcome.filing_errors = sum(1 for f in found if f.severity == Severity.ERROR)
        outcome.files = [os.path.basename(p) for _, p, _ in (*report.files, *report.internal)]
        atomic_write_text(marker, json.dumps({
            "version": MARKER_VERSION, "source": unit.name, "sha256": sha, "formats": list(formats),
            "files": outcome.files, "filing_errors": outcome.filing_errors}, ensure_ascii=False, indent=1))
        outcome.status = "rendered"
    except UnusableInput as exc:
        first = exc.findings[0] if exc.findings else None
        more = f"（另有{len(exc.findings) - 1}处问题）" if len(exc.findings) > 1 else ""
        outcome.message = (f"{first.source}：{first.message}{more}" if first else "填报文件无法使用")
    except TemplateError as exc:
        outcome.message = f"文档模板无法使用：{exc}"
    except OSError as exc:
        outcome.message = f"文件读写失败：{exc.strerror or exc}（{exc.filename or unit.source}）"
    except Exception as exc:  # a bug of ours: logged with its traceback, this unit fails, the run goes on
        outcome.bug = True
        outcome.message = f"内部错误，请报告：jixiao 自身出错（{type(exc).__name__}），详细信息已写入 {_log_bug(unit, exc)}"
    outcome.seconds = time.perf_counter() - t0
    outcome.cpu = time.process_time() - c0
    return outcome


def _log_bug(unit: Unit, exc: BaseException) -> str:
    import datetime
    import tempfile
    import traceback

    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = os.path.join(base, "jixiao")
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError:
        folder = tempfile.gettempdir()
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    fd, path = tempfile.mkstemp(prefix=f"jixiao-internal-error-{stamp}-", suffix=".log", dir=folder)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(f"jixiao batch render: {unit.source}\n\n")
        fh.write("".join(traceback.format_exception(exc)))
    return path


# ---- the run ------------------------------------------------------------------------------------------

@dataclass
class BatchResult:
    outcomes: list[Outcome]
    seconds: float                  # wall time of the whole run
    cpu: float                      # CPU time of the workers (and of this process)
    jobs: int

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]


def render_folder(units: list[Unit], formats: tuple[str, ...], jobs: int, *, check: bool = True,
                  progress: Callable[[Outcome], None] | None = None) -> BatchResult:
    """Render every unit not already finished, ``jobs`` at a time; ``progress`` is called once per unit."""
    import concurrent.futures as cf
    import multiprocessing

    t0 = time.perf_counter()
    cpu0 = _cpu_self_and_children()
    outcomes: list[Outcome] = []
    todo: list[Unit] = []
    for unit in units:
        if finished(unit, formats):
            outcomes.append(Outcome(unit.name, "skipped", unit.out))
            if progress:
                progress(outcomes[-1])
        else:
            todo.append(unit)
    if todo and jobs <= 1:
        warm(formats)
        for unit in todo:
            outcomes.append(render_unit(unit, formats, check))
            if progress:
                progress(outcomes[-1])
    elif todo:
        # spawn, not fork: the parent may hold threads (the progress display), and each worker loads
        # its own copy of everything once in ``warm``
        context = multiprocessing.get_context("spawn")
        # the largest filings first, so that the last ones to finish are short and no core idles long
        remaining = sorted(todo, key=lambda unit: -file_size(unit.source))
        for attempt in range(2):            # a worker that dies (killed, out of memory) breaks the pool: retry once
            broken: list[Unit] = []
            with cf.ProcessPoolExecutor(max_workers=min(jobs, len(remaining)), mp_context=context,
                                        initializer=warm, initargs=(formats,)) as pool:
                futures = {pool.submit(render_unit, unit, formats, check): unit for unit in remaining}
                for future in cf.as_completed(futures):
                    unit = futures[future]
                    try:
                        outcome = future.result()
                    except cf.process.BrokenProcessPool:
                        if attempt == 0:
                            broken.append(unit)
                            continue
                        outcome = Outcome(unit.name, "failed", unit.out, message="工作进程意外退出（内存不足或被终止）")
                    outcomes.append(outcome)
                    if progress:
                        progress(outcome)
            if not broken:
                break
            remaining = broken
    order = {unit.name: n for n, unit in enumerate(units)}
    outcomes.sort(key=lambda o: order.get(o.name, 0))
    return BatchResult(outcomes, time.perf_counter() - t0, _cpu_self_and_children() - cpu0, jobs)


def _cpu_self_and_children() -> float:
    """CPU seconds (user + system) of this process and its finished children."""
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def summary_rows(outcomes: Iterable[Outcome]) -> list[tuple[str, str]]:
    """(filing, reason) for every unit that failed."""
    return [(o.name, o.message) for o in outcomes if o.status == "failed"]
