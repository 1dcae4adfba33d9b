"""Fuzz the input readers with atheris (libFuzzer for Python).  Not part of CI.

    .venv/bin/pip install -e '.[fuzz]'
    .venv/bin/python bench/fuzz_readers.py --runs 100000                 # every reader, one after another
    .venv/bin/python bench/fuzz_readers.py --reader yaml --runs 100000   # one reader
    .venv/bin/python bench/fuzz_readers.py --parallel --seconds 2700     # all at once, each stopping after 45 min

Readers and their entry points (the ones the command line uses):

    yaml   jixiao.ingest.load.load_filing on a .yaml file   (may raise UnusableInput, nothing else)
    xlsx   jixiao.ingest.load.load_filing on a .xlsx file   (may raise UnusableInput, nothing else)
    docx   jixiao.ingest.published.read_published on a .docx (never raises)
    html   jixiao.ingest.published.read_published on a .html (never raises)
    text   jixiao.ingest.published.read_published on a .txt  (never raises)

Each reader is fuzzed in its own process, coverage-guided, from seeds made from the examples.  The
zip containers (xlsx, docx) use a structure-aware mutator: one member of the archive is mutated
and the archive rebuilt, so inputs get past the zip layer into the XML readers.  libFuzzer stops
at the first uncaught exception (the input is kept in ``$TMPDIR/jixiao-fuzz/``), at the first input that takes more than 2 s (``-timeout=2``) and
when the process passes 1 GB (``-rss_limit_mb=1024``); a finished run therefore means 0 of each.
The table printed at the end gives, per reader: inputs run, seconds of fuzzing and inputs per
second (libFuzzer's own figures), the outcome, and the process's peak memory.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
READERS = ("yaml", "xlsx", "docx", "html", "text")
EXT = {"yaml": ".yaml", "xlsx": ".xlsx", "docx": ".docx", "html": ".html", "text": ".txt"}
MAX_LEN = {"yaml": 4096, "xlsx": 400_000, "docx": 200_000, "html": 8192, "text": 8192}

SMALL_FILING = """schema: jixiao.filing/1
money_unit: 万元
unit:
  name: 测试局
  year: 2023
accounts:
  totals:
    income_total: {amount: 230.25}
    expenditure_total: {amount: "230.25"}
  sangong:
    overseas_groups: 1
projects:
  - name: 信访工作经费
    funds:
      - {source: 财政拨款, budget: 10, actual: 9.5}
"""
REPORT = ("一、收入支出决算总体情况说明\n2023年度收入总计230.25万元，支出总计230.25万元，与上年相比增加12.5万元，增长5.7%。\n"
          "其中：基本支出200.25万元，占86.97%；项目支出30万元，占13.03%。\n\t合计\t230.25\t200.25\t30\n")
HTML = ("<html><head><title>决算</title></head><body><p>2023年度收入总计230.25万元。</p>"
        "<table><tr><td colspan=2>项目</td><td rowspan=2>金额</td></tr><tr><td>合计</td><td>230.25</td></tr></table>"
        "<div><p>其中：基本支出200.25万元。</p></div></body></html>")


# --------------------------------------------------------------------------- seeds

def seeds(reader: str, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    if reader == "yaml":
        (folder / "small").write_text(SMALL_FILING, encoding="utf-8")
        (folder / "flow").write_text('schema: jixiao.filing/1\nunit: {name: "a", year: 2023}\n', encoding="utf-8")
    elif reader == "text":
        (folder / "utf8").write_text(REPORT, encoding="utf-8")
        (folder / "gbk").write_bytes(REPORT.encode("gb18030"))
    elif reader == "html":
        (folder / "page").write_text(HTML, encoding="utf-8")
    elif reader == "xlsx":
        from jixiao.ingest.build import build_filing
        from jixiao.ingest.xlsx_out import write_workbook
        from jixiao.ingest.yaml_in import parse_yaml_text

        filing, _ = build_filing(parse_yaml_text(SMALL_FILING, "s.yaml"), "s.yaml")
        with tempfile.TemporaryDirectory() as tmp:
            write_workbook(filing, os.path.join(tmp, "s.xlsx"))
            (folder / "book").write_bytes(restore(Path(tmp, "s.xlsx").read_bytes()))
    elif reader == "docx":
        import docx

        document = docx.Document()
        for line in REPORT.splitlines()[:3]:
            document.add_paragraph(line)
        table = document.add_table(rows=2, cols=3)
        for r, row in enumerate((("项目", "金额", "占比"), ("合计", "230.25", "100%"))):
            for c, text in enumerate(row):
                table.cell(r, c).text = text
        buffer = io.BytesIO()
        document.save(buffer)
        (folder / "doc").write_bytes(restore(buffer.getvalue()))


def restore(data: bytes) -> bytes:
    """A zip rewritten stored (uncompressed), so its XML is what the mutator sees and changes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info.filename))
    return out.getvalue()


# --------------------------------------------------------------------------- one reader, in this process

def zip_mutator(data: bytes, max_size: int, seed: int) -> bytes:
    """Mutate one member of a zip (chosen by ``seed``), or the raw bytes one time in eight."""
    import atheris

    rng = random.Random(seed)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as src:
            members = [(i.filename, src.read(i.filename)) for i in src.infolist()]
    except Exception:
        members = []
    if not members or rng.random() < 0.125:
        return atheris.Mutate(data, max_size)
    xml = [i for i, (name, _) in enumerate(members) if name.endswith((".xml", ".rels"))] or list(range(len(members)))
    index = rng.choice(xml)
    name, body = members[index]
    members[index] = (name, atheris.Mutate(body, max(len(body) * 2, 64)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as dst:
        for member_name, member_body in members:
            dst.writestr(member_name, member_body)
    return out.getvalue()[:max_size]


def fuzz_one(reader: str, runs: int, workdir: Path, seconds: int = 0) -> None:
    import atheris

    with atheris.instrument_imports(include=["jixiao"]):
        from jixiao.findings import UnusableInput
        from jixiao.ingest.load import load_filing
        from jixiao.ingest.published import read_published

    target = str(workdir / f"input{EXT[reader]}")

    def test_one(data: bytes) -> None:
        with open(target, "wb") as fh:
            fh.write(data)
        if reader in ("yaml", "xlsx"):
            try:
                load_filing(target)
            except UnusableInput:
                pass
        else:
            doc, findings = read_published(target)
            assert doc is not None or findings

    corpus = workdir / "corpus"
    seeds(reader, corpus)
    artifacts = Path(tempfile.gettempdir()) / "jixiao-fuzz"
    artifacts.mkdir(exist_ok=True)
    args = [sys.argv[0], str(corpus), f"-runs={runs}", "-timeout=2", "-rss_limit_mb=1024",
            f"-artifact_prefix={artifacts}/{reader}-",
            f"-max_len={MAX_LEN[reader]}", "-print_final_stats=1", "-seed=13"]
    if seconds:
        args.append(f"-max_total_time={seconds}")
    custom = zip_mutator if reader in ("xlsx", "docx") else None
    atheris.Setup(args, test_one, custom_mutator=custom)
    atheris.Fuzz()


# --------------------------------------------------------------------------- driver

def start_reader(reader: str, runs: int, seconds: int) -> tuple:
    tmp = tempfile.TemporaryDirectory(prefix=f"fuzz-{reader}-")
    log = open(os.path.join(tmp.name, "log.txt"), "w+")
    proc = subprocess.Popen([sys.executable, __file__, "--child", reader, "--runs", str(runs), "--seconds", str(seconds),
                             "--workdir", tmp.name], stdout=log, stderr=subprocess.STDOUT, text=True)
    return reader, proc, log, tmp, time.perf_counter(), runs


def finish_reader(started: tuple) -> dict:
    reader, proc, log_file, tmp, start, runs = started
    proc.wait()
    seconds = time.perf_counter() - start
    log_file.seek(0)
    log = log_file.read()
    log_file.close()
    tmp.cleanup()
    done = re.search(r"stat::number_of_executed_units:\s*(\d+)", log)
    rss = re.search(r"stat::peak_rss_mb:\s*(\d+)", log)
    rate = re.search(r"stat::average_exec_per_sec:\s*(\d+)", log)
    fuzzing = re.search(r"Done \d+ runs in (\d+) second", log)     # libFuzzer's own time, without start-up
    executed = int(done.group(1)) if done else None
    if proc.returncode == 0:
        outcome = "完成，0 个未捕获异常、0 次超时、0 次超内存" + ("" if executed == runs else "（到时停止）")
    elif "Timeout" in log or "timeout" in log:
        outcome = "超时（>2 s）"
    elif "out-of-memory" in log:
        outcome = "超内存（>1 GB）"
    else:
        outcome = f"未捕获异常（退出码 {proc.returncode}）"
    if proc.returncode != 0:
        sys.stderr.write(log[-4000:])
    return {"reader": reader, "runs": executed,
            "seconds": int(fuzzing.group(1)) if fuzzing else round(seconds, 1),
            "per_second": int(rate.group(1)) if rate else (round(executed / seconds) if executed else None),
            "outcome": outcome,
            "peak_rss_mb": int(rss.group(1)) if rss else None, "exit": proc.returncode}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reader", choices=READERS, action="append", help="fuzz only this reader (repeatable)")
    parser.add_argument("--runs", type=int, default=100_000, help="inputs per reader (default 100000)")
    parser.add_argument("--seconds", type=int, default=0, help="stop each reader after this many seconds (0: no limit)")
    parser.add_argument("--parallel", action="store_true", help="fuzz the readers at the same time, one process each")
    parser.add_argument("--json", action="store_true", help="print the table as JSON")
    parser.add_argument("--child", choices=READERS, help=argparse.SUPPRESS)
    parser.add_argument("--workdir", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        fuzz_one(args.child, args.runs, Path(args.workdir), args.seconds)
        return
    rows = []
    readers = args.reader or READERS
    if args.parallel:
        started = [start_reader(reader, args.runs, args.seconds) for reader in readers]
        for one in started:
            rows.append(finish_reader(one))
            print(json.dumps(rows[-1], ensure_ascii=False), flush=True)
    for reader in ([] if args.parallel else readers):
        rows.append(finish_reader(start_reader(reader, args.runs, args.seconds)))
        print(json.dumps(rows[-1], ensure_ascii=False), flush=True)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    print(f"\n{'reader':<6} {'inputs':>9} {'seconds':>8} {'inputs/s':>9} {'peak MB':>8}  outcome")
    for row in rows:
        print(f"{row['reader']:<6} {row['runs'] or 0:>9} {row['seconds']:>8} {row['per_second'] or 0:>9} "
              f"{row['peak_rss_mb'] or 0:>8}  {row['outcome']}")
    sys.exit(0 if all(row["exit"] == 0 for row in rows) else 1)


if __name__ == "__main__":
    main()
