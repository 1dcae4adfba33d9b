"""What every command shares: exit codes, the input-error guard, the internal-error handler, JSON output.

Exit codes: 0 fine, 1 findings of severity error, 2 unusable input, 3 a bug in jixiao itself.

A bug (any exception that is not a user's mistake) ends the command with exit code 3 and one Chinese
line, 内部错误，请报告, naming a log file that holds the traceback; it is never softened into a warning.
"""
from __future__ import annotations

import json
import os
import sys
from typing import TYPE_CHECKING, Any, Callable

import click

from jixiao.findings import UnusableInput, error, has_errors
from jixiao.model.source import Source
from jixiao.cli.output import echo, json_text, print_findings

if TYPE_CHECKING:  # the pipeline is loaded by the commands that run it, not by every command
    from jixiao.pipeline import Run

EXIT_OK, EXIT_FINDINGS, EXIT_UNUSABLE, EXIT_BUG = 0, 1, 2, 3
EXAMPLES = ("examples/yanjiang-xinfang-2022.yaml", "examples/zhanyi-xinfang-2023.yaml")
BUG_MESSAGE = "内部错误，请报告"


def emit_json(data: Any) -> None:
    """JSON on stdout, complete, with control and bidi characters escaped (never raw on a terminal)."""
    echo(json_text(json.dumps(data, ensure_ascii=False, indent=2)))


def guard(fn: Callable[..., int]) -> Callable[..., None]:
    """Turn user mistakes (UnusableInput) into messages and exit code 2; never a traceback for them.
    Bugs pass through to :class:`Main`, which reports them with exit code 3."""

    def wrapper(*args: Any, **kwargs: Any) -> None:
        as_json = kwargs.get("as_json", False)
        try:
            code = fn(*args, **kwargs)
        except UnusableInput as exc:
            if as_json:
                emit_json({"findings": [f.to_json() for f in exc.findings], "usable": False})
            else:
                print_findings(exc.findings, err=True)
                click.echo("无法使用该文件，请按上面的提示修改后重试。", err=True)
            code = EXIT_UNUSABLE
        sys.exit(code)

    wrapper.__name__ = fn.__name__
    wrapper.__doc__ = fn.__doc__
    return wrapper


def log_dir() -> str:
    """Where tracebacks of internal errors go: $XDG_CACHE_HOME/jixiao (~/.cache/jixiao), else the temp dir."""
    import tempfile

    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = os.path.join(base, "jixiao")
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError:          # no usable home folder: the temp dir is the documented second place
        return tempfile.gettempdir()
    return folder if os.access(folder, os.W_OK) else tempfile.gettempdir()


def write_bug_log(text: str) -> str:
    """A new log file (in :func:`log_dir`) holding the command line and ``text`` (tracebacks); its path."""
    import datetime
    import tempfile

    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    fd, path = tempfile.mkstemp(prefix=f"jixiao-internal-error-{stamp}-", suffix=".log", dir=log_dir())
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(f"jixiao {' '.join(sys.argv[1:])}\n\n")
        fh.write(text)
    return path


def report_bug(exc: BaseException) -> None:
    """Write the traceback to a log file and end with exit code 3 and one line naming the file."""
    import traceback

    path = write_bug_log("".join(traceback.format_exception(exc)))
    click.echo(f"{BUG_MESSAGE}：jixiao 自身出错（{type(exc).__name__}），不是输入文件的问题；详细信息已写入 {path}",
               err=True)
    sys.exit(EXIT_BUG)


class Main(click.Group):
    """The command group: any exception a command does not turn into an exit code is a bug (exit 3)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except Exception as exc:  # a bug in jixiao: reported loudly with its traceback in a log file
            report_bug(exc)


def exit_for(run: Run) -> int:
    if run.input_errors:
        return EXIT_UNUSABLE
    return EXIT_FINDINGS if has_errors(run.findings) else EXIT_OK


def project_root() -> str:
    """The folder holding ``examples/``: the working directory, else the source checkout."""
    if os.path.exists(os.path.join(os.getcwd(), EXAMPLES[0])):
        return os.getcwd()
    here = os.path.dirname(os.path.abspath(__file__))
    return os.path.abspath(os.path.join(here, "..", ".."))


def require_ext(path: str, exts: tuple[str, ...]) -> None:
    if not path.lower().endswith(exts):
        raise UnusableInput([error("INPUT-FORMAT", f"输出文件应以 {' 或 '.join(exts)} 结尾", Source(path, "L1"))])


def filing_json(run: Run) -> dict[str, Any]:
    unit = run.filing.unit
    return {"doc": run.filing.doc, "unit": unit.name, "code": unit.code, "year": unit.year}


def print_header(run: Run) -> None:
    unit = run.filing.unit
    echo(f"{unit.name or '（未填单位名称）'} {unit.year or ''}年度  —  {run.filing.doc}")
