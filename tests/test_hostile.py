"""The hostile-input suite (issue 13): every item of the attack sweep, built by a small generator.

Each test runs the real command line in a child process (:func:`hostile_gen.run_limited`) and asserts
either exit 2 with a Chinese message naming the file and the place, or correct handling; and, for
both, at most 5 CPU seconds and 500 MB of peak memory.  (Item 5, the quadratic audit, belongs to the
auditor's rewrite and is not here.)
"""
from __future__ import annotations

import json
import os
import re
import shutil
import stat
import tracemalloc
from pathlib import Path

import pytest

import hostile_gen as G

CPU_S, RSS_MB = 5.0, 500.0
CJK = re.compile("[\u4e00-\u9fff]")


def within_limits(outcome: G.Outcome) -> None:
    assert "Traceback" not in outcome.text, outcome.text[-2000:]
    assert 0 <= outcome.cpu <= CPU_S, f"{outcome.cpu:.1f} CPU s"
    assert 0 < outcome.rss_mb <= RSS_MB, f"{outcome.rss_mb:.0f} MB"


def refused(outcome: G.Outcome, doc: str, locator: str, rule_id: str) -> str:
    """Exit 2, the rule, ``doc:locator`` and a Chinese message on that line; returns the line."""
    within_limits(outcome)
    assert outcome.code == 2, outcome.text[-2000:]
    lines = [line for line in outcome.text.splitlines() if f"{doc}:{locator}" in line and rule_id in line]
    assert lines, outcome.text[-2000:]
    message = lines[0].split(rule_id, 1)[1]
    assert CJK.search(message), lines[0]
    return lines[0]


@pytest.fixture(scope="module")
def workbook(tmp_path_factory) -> Path:
    """The example filing as a jixiao workbook."""
    folder = tmp_path_factory.mktemp("book")
    outcome = G.run_limited("convert", str(G.EXAMPLE), "base.xlsx", cwd=folder)
    assert outcome.code == 0, outcome.text
    return folder / "base.xlsx"


# ----------------------------------------------------------------------------- 1 formula injection

def test_01_formula_text_is_written_as_text_in_every_xlsx_writer(tmp_path):
    import openpyxl

    payload = '=HYPERLINK("http://evil.example/x","y")'
    text = G.with_unit_name(json.dumps(payload)).replace('"信访联合工作组工作经费"', json.dumps(payload), 1)
    (tmp_path / "f.yaml").write_text(text, encoding="utf-8")
    outcome = G.run_limited("render", "f.yaml", "--out", "o", "--formats", "xlsx", cwd=tmp_path)
    within_limits(outcome)
    assert outcome.code == 0, outcome.text
    (rendered,) = (tmp_path / "o").glob("*.xlsx")
    assert G.run_limited("convert", "f.yaml", "c.xlsx", cwd=tmp_path).code == 0
    assert G.run_limited("score", "f.yaml", "--xlsx", "s.xlsx", cwd=tmp_path).code in (0, 1)
    for path in (rendered, tmp_path / "c.xlsx", tmp_path / "s.xlsx"):
        book = openpyxl.load_workbook(path)
        cells = [c for ws in book for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
        named = [c for c in cells if "HYPERLINK" in c.value]
        assert named, path.name
        assert all(c.data_type == "s" for c in named), path.name
        injected = [c.coordinate for c in cells if c.data_type == "f" and "evil" in c.value]
        assert injected == [], path.name
    index = openpyxl.load_workbook(rendered)["目录"]["A1"]
    assert index.value.startswith("=HYPERLINK") and index.data_type == "s"


# ----------------------------------------------------------------------------- 2 YAML alias bomb

def test_02_yaml_alias_bomb_is_refused(tmp_path):
    (tmp_path / "bomb.yaml").write_text(G.alias_bomb(), encoding="utf-8")
    line = refused(G.run_limited("validate", "bomb.yaml", cwd=tmp_path), "bomb.yaml", "L2", "INPUT-YAML-STRUCTURE")
    assert "锚点" in line
    shutil.copy(G.EXAMPLE, tmp_path / "f.yaml")
    outcome = G.run_limited("check", "f.yaml", "--prior", "bomb.yaml", cwd=tmp_path)
    refused(outcome, "bomb.yaml", "L2", "INPUT-YAML-STRUCTURE")


def test_02_an_alias_alone_is_refused(tmp_path):
    text = G.example_text().replace("schema: jixiao.filing/1", "schema: &s jixiao.filing/1", 1)
    (tmp_path / "a.yaml").write_text(text, encoding="utf-8")
    refused(G.run_limited("validate", "a.yaml", cwd=tmp_path), "a.yaml", "L", "INPUT-YAML-STRUCTURE")


# ----------------------------------------------------------------------------- 3 far-away cell

@pytest.mark.parametrize("ref", ["XFD1048576", "ZZ200000"])
def test_03_far_away_cell_in_a_filing_workbook(tmp_path, workbook, ref):
    G.edit_sheet(workbook, tmp_path / "far.xlsx", "单位信息", lambda xml: G.add_far_cell(xml, ref))
    outcome = G.run_limited("validate", "far.xlsx", cwd=tmp_path)
    refused(outcome, "far.xlsx", f"单位信息!{ref}", "INPUT-XLSX-RANGE")


def test_03_cell_reference_no_sheet_can_have_is_refused(tmp_path, workbook):
    """Found by bench/fuzz_readers.py: ``r="Cbbbb…b1"`` made the spreadsheet reader ask for 66 GB and abort."""
    ref = "C" + "b" * 50 + "1"
    G.edit_sheet(workbook, tmp_path / "bad.xlsx", "单位信息",
                 lambda xml: xml.replace("</sheetData>", f'<row r="60"><c r="{ref}" t="n"><v>1</v></c></row></sheetData>'))
    refused(G.run_limited("validate", "bad.xlsx", cwd=tmp_path), "bad.xlsx", "单位信息!Cbbb", "INPUT-XLSX-RANGE")


def test_03_far_cell_in_a_sheet_the_scan_cannot_name_is_still_refused(tmp_path, workbook):
    """Found by bench/fuzz_readers.py: a damaged namespace in workbook.xml hid every sheet from the scan, not
    from the reader, which then asked for 15 TB.  Names are matched by local name and every worksheet part
    is scanned."""
    def edit(name, data):
        if name == "xl/workbook.xml":
            return data.replace(b"spreadsheetml/2006/main", b"spreadsheetml/2006/mein", 1)
        if name == G.sheet_part(workbook, "部门决算"):
            return G.add_far_cell(data.decode()).encode()
        return data

    G.rewrite_zip(workbook, tmp_path / "bad.xlsx", edit)
    outcome = G.run_limited("validate", "bad.xlsx", cwd=tmp_path)
    refused(outcome, "bad.xlsx", "部门决算!XFD1048576", "INPUT-XLSX-RANGE")


def test_03_far_away_cell_in_a_batch_workbook(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "项目"
    sheet.append(["project_id", "funds_arrival.rate"])
    sheet.append(["P1", "99"])
    book.save(tmp_path / "b.xlsx")
    G.edit_sheet(tmp_path / "b.xlsx", tmp_path / "far.xlsx", "项目", G.add_far_cell)
    outcome = G.run_limited("batch", "score", "far.xlsx", "--rubric", "sichuan-2022-project", "--out", "o.parquet",
                            cwd=tmp_path)
    refused(outcome, "far.xlsx", "项目!XFD1048576", "BATCH-XLSX-RANGE")
    assert not (tmp_path / "o.parquet").exists()


def test_03_batch_workbook_zip_bomb_is_refused(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["project_id"])
    book.save(tmp_path / "b.xlsx")
    G.zip_bomb_member(tmp_path / "b.xlsx", "xl/media/pad.bin", 2100)
    outcome = G.run_limited("batch", "score", "b.xlsx", "--rubric", "sichuan-2022-project", "--out", "o.parquet",
                            cwd=tmp_path)
    assert "解压后过大" in refused(outcome, "b.xlsx", "L1", "INPUT-TOO-LARGE")


def test_03_zip_of_an_unsupported_version_is_refused(tmp_path, workbook):
    """Found by bench/fuzz_readers.py: zipfile raises NotImplementedError for an unknown zip version."""
    data = bytearray(workbook.read_bytes())
    at = data.index(b"PK\x01\x02")
    data[at + 6:at + 8] = (231).to_bytes(2, "little")
    (tmp_path / "v.xlsx").write_bytes(bytes(data))
    refused(G.run_limited("validate", "v.xlsx", cwd=tmp_path), "v.xlsx", "L1", "INPUT-XLSX-CORRUPT")


# ----------------------------------------------------------------------------- 4 docx spans

@pytest.mark.parametrize("edit", [
    lambda xml: xml.replace("<w:tc><w:tcPr>", '<w:tc><w:tcPr><w:gridSpan w:val="2000000000"/>', 1),
    lambda xml: xml.replace("<w:tr>", '<w:tr><w:trPr><w:gridBefore w:val="500000000"/></w:trPr>', 1),
    lambda xml: xml.replace("<w:tc><w:tcPr>", '<w:tc><w:tcPr><w:gridSpan w:val="-7"/>', 1),
])
def test_04_docx_spans_are_clamped(tmp_path, edit):
    import zipfile

    (tmp_path / "r.docx").write_bytes(G.docx_with("本年支出合计100万元。", edit))
    with zipfile.ZipFile(tmp_path / "r.docx") as archive:
        assert re.search(r'w:(gridSpan|gridBefore) w:val="(2000000000|500000000|-7)"', archive.read("word/document.xml").decode())
    outcome = G.run_limited("audit", "r.docx", "--json", cwd=tmp_path)
    within_limits(outcome)
    assert outcome.code == 0, outcome.text
    from jixiao.ingest.docx_reader import MAX_SPAN, read_docx_lines

    rows = [text for text, loc in read_docx_lines(str(tmp_path / "r.docx")) if loc.startswith("表")]
    assert rows and all(len(row.split("\t")) <= 2 * MAX_SPAN + 2 for row in rows)
    assert "项目" in rows[0] and "100" in rows[0]


# ----------------------------------------------------------------------------- 6 docx bomb

def test_06_docx_that_unpacks_to_gigabytes_is_refused(tmp_path):
    path = tmp_path / "bomb.docx"
    path.write_bytes(G.docx_with("本年支出合计100万元。"))
    G.zip_bomb_member(path, "word/media/pad.bin", 400)
    assert path.stat().st_size < 2 * 1024 * 1024
    outcome = G.run_limited("audit", "bomb.docx", cwd=tmp_path)
    within_limits(outcome)
    assert outcome.code == 2 and "bomb.docx:L1" in outcome.text and "解压后过大" in outcome.text


# ----------------------------------------------------------------------------- 7 values validate accepted

@pytest.mark.parametrize("amount", ["1000000000000000000000000000", "1" + "0" * 400, "999999999.9999999"])
def test_07_huge_amounts_are_refused_on_every_command(tmp_path, amount):
    (tmp_path / "f.yaml").write_text(G.with_amount(amount), encoding="utf-8")
    for command in (("validate",), ("check",), ("render", "--out", "o", "--formats", "xlsx,html")):
        outcome = G.run_limited(command[0], "f.yaml", *command[1:], cwd=tmp_path)
        refused(outcome, "f.yaml", "L", "INPUT-MONEY")
    assert not (tmp_path / "o").exists() or list((tmp_path / "o").iterdir()) == []


@pytest.mark.parametrize("year", ["0", "-5", "99999", "9999"])
def test_07_years_out_of_range_are_refused(tmp_path, year):
    (tmp_path / "f.yaml").write_text(G.with_year(year), encoding="utf-8")
    for command in ("validate", "render"):
        extra = ("--out", "o") if command == "render" else ()
        line = refused(G.run_limited(command, "f.yaml", *extra, cwd=tmp_path), "f.yaml", "L11", "INPUT-INT")
        assert "1950" in line
    assert not (tmp_path / "o").exists() or list((tmp_path / "o").iterdir()) == []


@pytest.mark.parametrize("name, shown", [
    ('"测试\\0局"', "NUL"), ('"测试\\x07局"', "U+0007"), ('"测试\\uFFFE局"', "U+FFFE"),
    ('"测试\\uD800局"', "U+D800"), ('"测试\\x1b[31m局"', "U+001B"), ('"测试\\x85局"', "U+0085"),
])
def test_07_control_characters_in_text_are_refused(tmp_path, name, shown):
    (tmp_path / "f.yaml").write_text(G.with_unit_name(name), encoding="utf-8")
    for command in ("validate", "render"):
        extra = ("--out", "o") if command == "render" else ()
        line = refused(G.run_limited(command, "f.yaml", *extra, cwd=tmp_path), "f.yaml", "L10", "INPUT-TEXT")
        assert shown in line
    assert not (tmp_path / "o").exists() or list((tmp_path / "o").iterdir()) == []


@pytest.mark.parametrize("raw", ["a\x00b", "a\x1bb", "a\ufffeb"])
def test_07_raw_control_characters_in_yaml_are_refused(tmp_path, raw):
    (tmp_path / "f.yaml").write_text(G.with_unit_name(raw), encoding="utf-8")
    line = refused(G.run_limited("validate", "f.yaml", cwd=tmp_path), "f.yaml", "L10", "INPUT-YAML-CHARACTER")
    assert "控制字符" in line


def test_07_long_unit_name_gives_a_short_file_name(tmp_path):
    name = "四川省资阳市雁江区" * 40
    (tmp_path / "f.yaml").write_text(G.with_unit_name(name), encoding="utf-8")
    outcome = G.run_limited("render", "f.yaml", "--out", "o", "--formats", "xlsx,html", cwd=tmp_path)
    within_limits(outcome)
    assert outcome.code == 0, outcome.text
    names = sorted(p.name for p in (tmp_path / "o").iterdir())
    files = [f for f in names if "核对报告" not in f]
    internal = [f for f in names if "核对报告" in f]          # the internal 核对报告 beside the package
    assert len(files) == 2 and all(len(f.encode()) <= 160 for f in files)
    assert all(f.startswith("四川省资阳市雁江区") and re.search(r"_[0-9a-f]{8}\.(xlsx|html)$", f) for f in files)
    assert internal and all(len(f.encode()) <= 200 and re.search(r"_[0-9a-f]{8}_核对报告\.", f) for f in internal)


def test_07_deep_yaml_is_refused_with_json_under_json(tmp_path):
    (tmp_path / "d.yaml").write_text(G.deep_yaml(), encoding="utf-8")
    refused(G.run_limited("validate", "d.yaml", cwd=tmp_path), "d.yaml", "L2", "INPUT-YAML-STRUCTURE")
    outcome = G.run_limited("validate", "d.yaml", "--json", cwd=tmp_path)
    within_limits(outcome)
    data = json.loads(outcome.out)
    assert outcome.code == 2 and data["usable"] is False
    assert data["findings"][0]["rule_id"] == "INPUT-YAML-STRUCTURE"
    assert data["findings"][0]["source"] == {"doc": "d.yaml", "locator": "L2"}


@pytest.mark.parametrize("args, target", [
    (("convert", "f.yaml", "adir.yaml"), "adir.yaml"),               # a folder given as the output file
    (("convert", "f.yaml", "/proc/self/x.yaml"), "/proc/self/x.yaml"),
    (("render", "f.yaml", "--out", "afile.txt"), "afile.txt"),        # a file given as the output folder
    (("render", "f.yaml", "--out", "/dev/null"), "/dev/null"),
    (("render", "f.yaml", "--out", "/proc/jixiao-out"), "/proc/jixiao-out"),
])
def test_07_unusable_output_paths_are_refused(tmp_path, args, target):
    (tmp_path / "adir.yaml").mkdir()
    (tmp_path / "afile.txt").write_text("x")
    shutil.copy(G.EXAMPLE, tmp_path / "f.yaml")
    refused(G.run_limited(*args, cwd=tmp_path), target, "L1", "OUTPUT-PATH")
    assert (tmp_path / "afile.txt").read_text() == "x" and list((tmp_path / "adir.yaml").iterdir()) == []


def test_07_failed_render_leaves_nothing_behind(tmp_path, monkeypatch):
    """A writer that fails after another succeeded: no partial package, no staging folder."""
    from jixiao.cli.render import run_render
    from jixiao.render.writers import html_writer

    shutil.copy(G.EXAMPLE, tmp_path / "f.yaml")
    monkeypatch.setattr(html_writer, "write_html", lambda doc: (_ for _ in ()).throw(OSError("disk full")))
    with pytest.raises(OSError):
        run_render(str(tmp_path / "f.yaml"), str(tmp_path / "o"), "xlsx,html", None, False, print)
    assert list((tmp_path / "o").iterdir()) == []


# ----------------------------------------------------------------------------- 8 silent data loss from xlsx

def _kv_row(workbook: Path, sheet: str) -> int:
    import openpyxl

    ws = openpyxl.load_workbook(workbook)[sheet]
    return next(c.row for c in ws["C"] if c.row > 1 and c.value is not None)


@pytest.mark.parametrize("how", ["renamed", "deleted"])
def test_08_missing_section_sheet_is_refused(tmp_path, workbook, how):
    import openpyxl

    book = openpyxl.load_workbook(workbook)
    if how == "renamed":
        book["部门决算"].title = "部门决算（旧）"
    else:
        del book["部门决算"]
    book.save(tmp_path / "b.xlsx")
    line = refused(G.run_limited("validate", "b.xlsx", cwd=tmp_path), "b.xlsx", "部门决算", "INPUT-XLSX-SHEET")
    assert "改名或删除" in line


@pytest.mark.parametrize("cell, words", [
    ('<c r="{ref}" t="e"><f>1/0</f><v>#DIV/0!</v></c>', "#DIV/0!"),
    ('<c r="{ref}"><f>SUM(A1:A2)</f></c>', "请在Excel中打开并保存后再导入"),
    ('<c r="{ref}"><f>SUM(A1:A2)</f><v></v></c>', "请在Excel中打开并保存后再导入"),
])
def test_08_formula_without_a_usable_cached_value_is_refused(tmp_path, workbook, cell, words):
    row = _kv_row(workbook, "部门决算")
    ref = f"C{row}"
    G.edit_sheet(workbook, tmp_path / "b.xlsx", "部门决算", lambda xml: G.set_cell(xml, ref, cell.format(ref=ref)))
    line = refused(G.run_limited("validate", "b.xlsx", cwd=tmp_path), "b.xlsx", f"部门决算!{ref}", "INPUT-XLSX-FORMULA")
    assert words in line


def test_08_formula_with_a_cached_number_is_read(tmp_path, workbook):
    row = _kv_row(workbook, "部门决算")
    ref = f"C{row}"
    G.edit_sheet(workbook, tmp_path / "b.xlsx", "部门决算",
                 lambda xml: G.set_cell(xml, ref, f'<c r="{ref}"><f>200+30.25</f><v>230.25</v></c>'))
    outcome = G.run_limited("validate", "b.xlsx", cwd=tmp_path)
    within_limits(outcome)
    assert outcome.code == 0, outcome.text


# ----------------------------------------------------------------------------- 9, 10 batch CSV

def _synth_csv(tmp_path: Path) -> Path:
    outcome = G.run_limited("synth", "syn", "--projects", "50", "--rubric", "sichuan-2022-project", "--format", "csv",
                            cwd=tmp_path)
    assert outcome.code == 0, outcome.text
    return tmp_path / "syn" / "projects.csv"


def test_09_duplicate_csv_header_is_refused(tmp_path):
    source = _synth_csv(tmp_path)
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[0] = lines[0].replace("funds_arrival.rate", "funds_timeliness.rate", 1)
    (tmp_path / "dup.csv").write_text("".join(lines), encoding="utf-8")
    outcome = G.run_limited("batch", "score", "dup.csv", "--rubric", "sichuan-2022-project", "--out", "o.parquet",
                            cwd=tmp_path)
    assert "funds_timeliness.rate" in refused(outcome, "dup.csv", "L1", "BATCH-DUPLICATE-COLUMN")
    assert not (tmp_path / "o.parquet").exists()


def test_09_duckdb_renamed_column_is_refused(tmp_path):
    import duckdb

    duckdb.sql(f"COPY (SELECT 'P1' AS project_id, '99' AS \"funds_arrival.rate\", '98' AS \"funds_arrival.rate\") "
               f"TO '{tmp_path / 'dup.parquet'}' (FORMAT parquet)")
    outcome = G.run_limited("batch", "score", "dup.parquet", "--rubric", "sichuan-2022-project", "--out", "o.parquet",
                            cwd=tmp_path)
    assert "funds_arrival.rate_1" in refused(outcome, "dup.parquet", "L1", "BATCH-DUPLICATE-COLUMN")


def test_10_csv_encoding_check_is_streamed(tmp_path):
    from jixiao.batch.read import _utf8_copy

    row = "P{0},测试项目{0},99.5,98\n"
    text = "project_id,project_name,funds_arrival.rate,funds_timeliness.rate\n" + "".join(row.format(i) for i in range(400_000))
    utf8, gbk = tmp_path / "u.csv", tmp_path / "g.csv"
    utf8.write_text(text, encoding="utf-8")
    gbk.write_text(text, encoding="gb18030")
    assert gbk.stat().st_size > 10 * 1024 * 1024
    for path in (utf8, gbk):
        tracemalloc.start()
        copy = _utf8_copy(str(path))
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert peak < 8 * 1024 * 1024, f"{path.name}: {peak / 1e6:.1f} MB"
        assert Path(copy).read_text(encoding="utf-8") == text
        if copy != str(path):
            os.unlink(copy)


def test_10_oversized_csv_is_refused_before_reading(tmp_path):
    with open(tmp_path / "big.csv", "wb") as fh:   # sparse: 9 GB on paper, nothing on disk
        fh.truncate(9 * 1024 ** 3)
    outcome = G.run_limited("batch", "score", "big.csv", "--rubric", "sichuan-2022-project", "--out", "o.parquet",
                            cwd=tmp_path)
    refused(outcome, "big.csv", "L1", "INPUT-TOO-LARGE")


# ----------------------------------------------------------------------------- 11 not a regular file

@pytest.mark.parametrize("kind", ["fifo", "zero", "urandom"])
@pytest.mark.parametrize("command, name", [
    (("validate",), "f.yaml"), (("validate",), "f.xlsx"), (("audit",), "r.txt"), (("audit",), "r.docx"),
    (("batch", "score"), "d.csv"),
])
def test_11_fifo_and_devices_are_refused_at_once(tmp_path, kind, command, name):
    path = tmp_path / name
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to(f"/dev/{kind}")
    extra = ("--rubric", "sichuan-2022-project", "--out", "o.parquet") if command[0] == "batch" else ()
    outcome = G.run_limited(*command, name, *extra, cwd=tmp_path, timeout=30)
    within_limits(outcome)
    assert outcome.code == 2, outcome.text
    assert f"{name}:L1" in outcome.text and "不是普通文件" in outcome.text
    assert stat.S_ISFIFO(os.lstat(path).st_mode) or path.is_symlink()


# ----------------------------------------------------------------------------- 12 caps on work and output

def test_12_million_row_workbook_is_refused_quickly(tmp_path, workbook):
    G.edit_sheet(workbook, tmp_path / "big.xlsx", "项目", lambda xml: G.many_rows(xml, 1_000_000))
    outcome = G.run_limited("validate", "big.xlsx", cwd=tmp_path)
    refused(outcome, "big.xlsx", "项目!A50001", "INPUT-XLSX-RANGE")


def test_12_findings_on_the_terminal_are_capped_json_complete(tmp_path):
    from jixiao.cli.output import MAX_SHOWN_PER_FILE

    count = 3000
    (tmp_path / "k.yaml").write_text(G.unknown_keys(count), encoding="utf-8")
    outcome = G.run_limited("validate", "k.yaml", cwd=tmp_path)
    within_limits(outcome)
    assert outcome.code == 2
    listed = [line for line in outcome.text.splitlines() if "INPUT-UNKNOWN-FIELD" in line]
    assert len(listed) == MAX_SHOWN_PER_FILE
    assert f"还有{count - MAX_SHOWN_PER_FILE}条未列出" in outcome.text
    assert len(outcome.text) < 200_000
    data = json.loads(G.run_limited("validate", "k.yaml", "--json", cwd=tmp_path).out)
    assert sum(f["rule_id"] == "INPUT-UNKNOWN-FIELD" for f in data["findings"]) == count


def test_12_a_flood_of_keys_is_refused_quickly(tmp_path):
    (tmp_path / "k.yaml").write_text(G.unknown_keys(400_000), encoding="utf-8")
    line = refused(G.run_limited("validate", "k.yaml", cwd=tmp_path), "k.yaml", "L50000", "INPUT-YAML-STRUCTURE")
    assert "条目过多" in line


def test_12_audit_findings_on_the_terminal_are_capped_json_complete(tmp_path):
    from jixiao.cli.output import MAX_SHOWN_PER_FILE

    lines = "".join(f"{i}、本年支出合计552.38万元，其中：基本支出350.53万元；项目支出202.85万元。\n" for i in range(1, 301))
    (tmp_path / "r.txt").write_text(lines, encoding="utf-8")
    outcome = G.run_limited("audit", "r.txt", cwd=tmp_path)
    within_limits(outcome)
    assert outcome.code == 1
    assert sum("AUDIT-SUM" in line for line in outcome.text.splitlines()) == MAX_SHOWN_PER_FILE
    assert f"还有{300 - MAX_SHOWN_PER_FILE}条未列出" in outcome.text
    data = json.loads(G.run_limited("audit", "r.txt", "--json", cwd=tmp_path).out)
    assert sum(f["rule_id"] == "AUDIT-SUM" for f in data["documents"][0]["findings"]) == 300


def test_12_one_huge_line_is_refused_quickly(tmp_path):
    (tmp_path / "r.txt").write_text("本年支出合计100万元。" * 1_850_000, encoding="utf-8")   # 55 MB, one line
    assert 50 * 1024 * 1024 < (tmp_path / "r.txt").stat().st_size < 60 * 1024 * 1024
    outcome = G.run_limited("audit", "r.txt", cwd=tmp_path)
    within_limits(outcome)
    assert outcome.code == 2 and "r.txt:L1" in outcome.text and "一行文字超过" in outcome.text


# ----------------------------------------------------------------------------- 13 terminal escapes

def test_13_escape_sequences_never_reach_the_terminal(tmp_path):
    (tmp_path / "r.txt").write_text("\x1b]0;owned\x07\x1b[2J本年支出合计552.38万元，其中：基本支出350.53万元；项目支出202.85万元。\x9b31m\n",
                                    encoding="utf-8")
    outcome = G.run_limited("audit", "r.txt", cwd=tmp_path)
    within_limits(outcome)
    assert outcome.code == 1 and "AUDIT-SUM" in outcome.text
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", outcome.text)
    outcome = G.run_limited("audit", "r.txt", "--json", cwd=tmp_path)
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", outcome.out)
    json.loads(outcome.out)


def test_13_terminal_text_replaces_every_control():
    from jixiao.cli.output import terminal_text

    assert terminal_text("a\x1b[31mb\x9bc\u202ed\ud800e\tf") == "a\ufffd[31mb\ufffdc\ufffdd\ufffde\tf"


# ----------------------------------------------------------------------------- 14 messages in Chinese

ENGLISH = re.compile(r"\b(Error|Invalid|expected|found|directory|special characters|Usage|Traceback)\b")


@pytest.mark.parametrize("make, args, where, rule_id", [
    (lambda p: (p / "d").mkdir(), ("validate", "d"), "d:L1", "INPUT-NOT-FOUND"),
    (lambda p: (p / "m.yaml").write_text("schema: jixiao.filing/1\n---\nunit: {}\n"), ("validate", "m.yaml"), "m.yaml:L2",
     "INPUT-YAML-SYNTAX"),
    (lambda p: (p / "n.yaml").write_text("schema: jixiao.filing/1\nunit: {name: a\x00}\n"), ("validate", "n.yaml"),
     "n.yaml:L2", "INPUT-YAML-CHARACTER"),
    (lambda p: (p / "r.csv").write_text("project_id,funds_arrival.rate\nP1,99\nP2,98,97\nP3,96\n"),
     ("batch", "score", "r.csv", "--rubric", "sichuan-2022-project", "--out", "o.parquet"), "r.csv:L3", "BATCH-RAGGED-ROW"),
])
def test_14_messages_are_chinese_and_precise(tmp_path, make, args, where, rule_id):
    make(tmp_path)
    outcome = G.run_limited(*args, cwd=tmp_path)
    within_limits(outcome)
    assert outcome.code == 2, outcome.text
    assert where in outcome.text and rule_id in outcome.text and CJK.search(outcome.text)
    assert not ENGLISH.search(outcome.text), outcome.text


def test_14_deeply_nested_html_is_named_as_such(tmp_path):
    (tmp_path / "d.html").write_text("<html><body>" + "<div>" * 3000 + "本年支出合计100万元。" + "</div>" * 3000, encoding="utf-8")
    outcome = G.run_limited("audit", "d.html", cwd=tmp_path)
    within_limits(outcome)
    assert outcome.code == 2 and "嵌套过深" in outcome.text and "扫描件" not in outcome.text


# ----------------------------------------------------------------------------- 15 one number rule

def test_15_batch_refuses_exponent_notation_like_a_filing(tmp_path):
    (tmp_path / "d.csv").write_text("project_id,funds_arrival.rate\nP1,1e5\nP2,1_000\nP3,99\n", encoding="utf-8")
    outcome = G.run_limited("batch", "score", "d.csv", "--rubric", "sichuan-2022-project", "--out", "o.parquet", "--json",
                            cwd=tmp_path)
    within_limits(outcome)
    bad = {f["source"]["locator"] for f in json.loads(outcome.out)["findings"] if f["rule_id"] == "BATCH-BAD-VALUE"}
    assert {"L2", "L3"} <= bad and "L4" not in bad
    (tmp_path / "f.yaml").write_text(G.with_amount("1e5"), encoding="utf-8")
    refused(G.run_limited("validate", "f.yaml", cwd=tmp_path), "f.yaml", "L", "INPUT-MONEY")


def test_15_workbook_float_1e308_is_refused_like_yaml(tmp_path, workbook):
    row = _kv_row(workbook, "部门决算")
    ref = f"C{row}"
    G.edit_sheet(workbook, tmp_path / "b.xlsx", "部门决算", lambda xml: G.set_cell(xml, ref, f'<c r="{ref}"><v>1E+308</v></c>'))
    line = refused(G.run_limited("validate", "b.xlsx", cwd=tmp_path), "b.xlsx", f"部门决算!{ref}", "INPUT-MONEY")
    assert "超出可用范围" in line
    (tmp_path / "f.yaml").write_text(G.with_amount("1e308"), encoding="utf-8")
    refused(G.run_limited("validate", "f.yaml", cwd=tmp_path), "f.yaml", "L", "INPUT-MONEY")


def test_15_year_rule_is_the_same_in_the_workbook(tmp_path, workbook):
    import openpyxl

    book = openpyxl.load_workbook(workbook)
    ws = book["单位信息"]
    row = next(c.row for c in ws["A"] if c.value == "unit.year")
    ws.cell(row, 3).value = 0
    book.save(tmp_path / "b.xlsx")
    refused(G.run_limited("validate", "b.xlsx", cwd=tmp_path), "b.xlsx", f"单位信息!C{row}", "INPUT-INT")


def test_15_the_batch_range_is_the_filing_range():
    from jixiao.batch import schema as B
    from jixiao.model import bounds

    assert B.MAX_ABS == bounds.MAX_NUMBER == bounds.MAX_AMOUNT == bounds.MAX_PERCENT
    assert B.SCALE <= bounds.MAX_PLACES
