"""Small generators of hostile and broken inputs for tests/test_hostile.py and bench/fuzz_readers.py.

Nothing large is committed: each input is made on the spot from an example filing or from a few
lines of text.  :func:`run_limited` runs the command line in a child process and measures what
the acceptance lines of issue 13 bound: CPU seconds and peak memory.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "zhanyi-xinfang-2023.yaml"
#: a safety net for the child: a regression must fail the test, not take the machine down
ADDRESS_SPACE = 4 << 30

_LAUNCHER = r"""
import json, os, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, (int(sys.argv[1]), int(sys.argv[1])))
report, args = sys.argv[2], sys.argv[3:]
code = 0
try:
    from jixiao.cli import main
    main(args, prog_name="jixiao")
except SystemExit as exc:
    code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
except BaseException as exc:
    import traceback
    traceback.print_exc()
    code = 99
usage = resource.getrusage(resource.RUSAGE_SELF)
# VmHWM: the peak of this program's own memory (ru_maxrss would keep the parent's peak across fork + exec)
with open("/proc/self/status") as fh:
    hwm = next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:"))
with open(report, "w") as fh:
    json.dump({"code": code, "cpu": usage.ru_utime + usage.ru_stime, "rss_mb": hwm / 1024}, fh)
"""


@dataclass
class Outcome:
    code: int
    out: str
    err: str
    cpu: float        # CPU seconds of the child (user + system)
    wall: float
    rss_mb: float     # peak resident memory of the child

    @property
    def text(self) -> str:
        return self.out + self.err


def run_limited(*args: str, cwd: str | os.PathLike | None = None, timeout: float = 60) -> Outcome:
    """``jixiao ARGS`` in a child process under an address-space limit; its exit code, output, CPU, memory."""
    report = Path(cwd or ".") / f".outcome-{os.getpid()}-{time.monotonic_ns()}.json"
    env = {**os.environ, "COLUMNS": "200", "PYTHONPATH": str(ROOT / "src")}
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", _LAUNCHER, str(ADDRESS_SPACE), str(report), *args],
                          cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout,
                          encoding="utf-8", errors="surrogateescape")
    wall = time.perf_counter() - start
    data = json.loads(report.read_text()) if report.exists() else {"code": proc.returncode, "cpu": -1, "rss_mb": -1}
    report.unlink(missing_ok=True)
    return Outcome(data["code"], proc.stdout, proc.stderr, data["cpu"], wall, data["rss_mb"])


# --------------------------------------------------------------------------- YAML

def example_text() -> str:
    return EXAMPLE.read_text(encoding="utf-8")


def with_unit_name(name_yaml: str) -> str:
    """The example filing with its unit name replaced by a YAML scalar (quote it yourself)."""
    return re.sub(r"(?m)^  name: .*$", lambda _: f"  name: {name_yaml}", example_text(), count=1)


def with_year(year: str) -> str:
    return re.sub(r"(?m)^  year: .*$", f"  year: {year}", example_text(), count=1)


def with_amount(amount: str) -> str:
    return re.sub(r"(expenditure_total:\s*\n\s*amount:) [0-9.]+", rf"\g<1> {amount}", example_text(), count=1)


def alias_bomb(levels: int = 7, width: int = 9) -> str:
    lines = ["schema: jixiao.filing/1", 'a0: &a0 [' + ",".join(['"lol"'] * width) + "]"]
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * width) + "]")
    lines.append(f"unit: {{name: *a{levels - 1}}}")
    return "\n".join(lines) + "\n"


def deep_yaml(depth: int = 600) -> str:
    return "schema: jixiao.filing/1\nunit: " + "[" * depth + "]" * depth + "\n"


def unknown_keys(count: int) -> str:
    return "schema: jixiao.filing/1\nunit:\n  name: 测试局\n  year: 2023\n" + "".join(f"k{i}: 1\n" for i in range(count))


# --------------------------------------------------------------------------- zip containers

def rewrite_zip(src: str | Path, dst: str | Path, edit) -> None:
    """Copy a zip, passing each member's bytes through ``edit(name, data) -> data | None`` (None drops it)."""
    with zipfile.ZipFile(src) as archive:
        members = [(info.filename, archive.read(info.filename)) for info in archive.infolist()]
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in members:
            data = edit(name, data)
            if data is not None:
                out.writestr(name, data)


def sheet_part(path: str | Path, sheet: str) -> str:
    from jixiao.ingest.xlsx_scan import sheet_parts

    with zipfile.ZipFile(path) as archive:
        return sheet_parts(archive)[sheet]


def edit_sheet(src: str | Path, dst: str | Path, sheet: str, edit) -> None:
    """Copy a workbook with one sheet's XML text passed through ``edit``."""
    part = sheet_part(src, sheet)
    rewrite_zip(src, dst, lambda name, data: edit(data.decode("utf-8")).encode("utf-8") if name == part else data)


def add_far_cell(xml: str, ref: str = "XFD1048576") -> str:
    row = re.match(r"[A-Z]+([0-9]+)", ref).group(1)
    return xml.replace("</sheetData>", f'<row r="{row}"><c r="{ref}" t="n"><v>1</v></c></row></sheetData>')


def many_rows(xml: str, rows: int = 1_000_000) -> str:
    body = "".join(f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>x</t></is></c></row>' for n in range(10, rows + 1))
    return re.sub(r"(<row r=\"[0-9]+\".*?</row>)(?!.*<row)", r"\1", xml, flags=re.S).replace("</sheetData>", body + "</sheetData>")


def set_cell(xml: str, ref: str, cell_xml: str) -> str:
    """Replace cell ``ref`` (it must exist) by ``cell_xml``."""
    match = re.search(rf'<c r="{ref}"[^>]*?(/>|>.*?</c>)', xml, flags=re.S)
    assert match, ref
    return xml[:match.start()] + cell_xml + xml[match.end():]


def docx_with(paragraph: str, table_xml_edit=None) -> bytes:
    """A small .docx (python-docx) with one paragraph and a 1×2 table, its XML optionally edited."""
    import io

    import docx

    document = docx.Document()
    document.add_paragraph(paragraph)
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "项目", "100"
    buffer = io.BytesIO()
    document.save(buffer)
    if table_xml_edit is None:
        return buffer.getvalue()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for info in archive.infolist():
            data = archive.read(info.filename)
            if info.filename == "word/document.xml":
                data = table_xml_edit(data.decode("utf-8")).encode("utf-8")
            new.writestr(info.filename, data)
    return out.getvalue()


def zip_bomb_member(path: str | Path, name: str, megabytes: int) -> None:
    """Add a member of ``megabytes`` MB of zeros (it compresses ~1000:1) to a zip file."""
    chunk = b"\0" * (1 << 20)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive, archive.open(name, "w", force_zip64=True) as fh:
        for _ in range(megabytes):
            fh.write(chunk)
