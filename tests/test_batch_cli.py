"""`jixiao batch score` and `jixiao synth`: the three input formats, the output, and bad input.

Small data written in each test (CSV text, xlsx via openpyxl, parquet via DuckDB); every finding
is checked by rule_id and by where it points (file and line, or sheet!cell).
"""
from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.batch.db import connect

RUBRIC = "sichuan-2022-project"
HEAD = "project_id,项目名称,funds_arrival.rate,funds_arrival.published,completion.rate,公开总分,公开等级"


def _csv(tmp_path: Path, text: str, name: str = "data.csv", encoding: str = "utf-8") -> str:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return str(path)


def _rows(path: str) -> dict[str, dict]:
    rel = connect().sql(f"SELECT * FROM read_parquet('{path}')")
    return {r[0]: dict(zip(rel.columns, r)) for r in rel.fetchall()}


def _score(cli, *args: str):
    result = cli("batch", "score", *args, "--json")
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result, json.loads(result.output)


def test_csv_scores_items_and_writes_parquet(cli, tmp_path):
    data = _csv(tmp_path, HEAD + "\nP1,信访事务,99.42,4,175,80,良好\nP2,维稳,80.868,0,70,80,良\n")
    out = str(tmp_path / "out.parquet")
    result, payload = _score(cli, data, "--rubric", RUBRIC, "--out", out)
    assert result.exit_code == 0, result.output
    assert payload["projects"] == 2 and payload["findings"] == []
    rows = _rows(out)
    assert rows["P1"]["funds_arrival.points"] == Decimal(4) and rows["P1"]["funds_arrival.status"] == "scored"
    assert rows["P2"]["funds_arrival.points"] == Decimal(0)
    assert rows["P1"]["completion.points"] == Decimal(4)          # 175% × 4, capped
    assert rows["P2"]["completion.points"] == Decimal("2.8")        # 70% × 4
    assert rows["P1"]["setup_compliance.status"] == "insufficient_evidence"   # 证据不足: NULL points + flag
    assert rows["P1"]["setup_compliance.points"] is None and rows["P1"]["evidence_insufficient"]
    assert rows["P1"]["total"] is None                               # unpublished items cannot be taken over
    assert rows["P1"]["total_check"] == "unverifiable"


def test_full_marks_grade_and_checks(cli, tmp_path):
    criteria = [c for c in _plan().criteria if c.compiled is not None]
    header = ["project_id", "published_total", "published_grade"]
    row = ["A1", "101", "良好"]
    for crit in criteria:
        for spec in crit.inputs:
            header.append(crit.column(spec.name))
            row.append({"flag": "1", "count": "4"}.get(spec.kind, "100"))
        header.append(crit.published_column)
        row.append(f"{crit.criterion.max:f}")
    data = _csv(tmp_path, ",".join(header) + "\n" + ",".join(row) + "\n")
    out = str(tmp_path / "out.parquet")
    _, payload = _score(cli, data, "--rubric", RUBRIC, "--out", out)
    project = _rows(out)["A1"]
    assert payload["findings"] == []
    assert project["n_scored"] == len(criteria) and project["n_mismatch"] == 0
    assert project["total"] == Decimal(100) and project["grade"] == "优"
    assert project["total_check"] == "mismatch"                     # 101 ≠ Σ published items (100)
    assert project["grade_mismatch"] and project["grade_band_mismatch"]  # 良好 is not 优


def test_xlsx_and_parquet_and_item_table_give_the_same_scores(cli, tmp_path):
    from openpyxl import Workbook

    rows = [("P1", "funds_arrival", "99.42", "4"), ("P1", "资金到位率", None, None), ("P2", "completion", "50", "2")]
    # the second P1 row names the same criterion by its Chinese name: a duplicate
    book = Workbook()
    sheet = book.active
    sheet.title = "评分项"
    sheet.append(["项目编号", "评分项", "rate", "公开得分"])
    for r in rows:
        sheet.append(list(r))
    xlsx = tmp_path / "items.xlsx"
    book.save(xlsx)
    out = str(tmp_path / "x.parquet")
    result, payload = _score(cli, str(xlsx), "--rubric", RUBRIC, "--out", out)
    assert result.exit_code == 1
    dup = [f for f in payload["findings"] if f["rule_id"] == "BATCH-DUPLICATE-ITEM"]
    assert dup and dup[0]["source"]["locator"] == "评分项!A3"
    via_xlsx = _rows(out)
    con = connect()
    parquet = tmp_path / "p.parquet"
    con.execute(f"""COPY (SELECT * FROM (VALUES ('P1', 99.42::DECIMAL(18,2), '4'), ('P2', NULL, NULL))
        t(project_id, "funds_arrival.rate", "funds_arrival.published")) TO '{parquet}' (FORMAT parquet)""").fetchall()
    out2 = str(tmp_path / "y.parquet")
    _score(cli, str(parquet), "--rubric", RUBRIC, "--out", out2)
    via_parquet = _rows(out2)
    assert via_xlsx["P1"]["funds_arrival.points"] == via_parquet["P1"]["funds_arrival.points"] == Decimal(4)
    assert via_xlsx["P2"]["completion.points"] == Decimal(2)


def test_folder_with_project_and_indicator_tables(cli, tmp_path):
    (tmp_path / "d").mkdir()
    _csv(tmp_path, "project_id,execution_rate.rate,execution_rate.published\nY1,95.5,9.55\n", "d/projects.csv")
    _csv(tmp_path, "project_id,一级指标,三级指标,指标性质,指标值,实际完成值,分值,得分\n"
                   "Y1,产出指标,办理件数,≥,10次,12次,50,50\n"
                   "Y1,效益指标,群众满意,定性,较好,达到预期,30,27\n"
                   "Y1,满意度指标,满意度,≥,95%,95%以上,10,10\n", "d/indicators.csv")
    out = str(tmp_path / "o.parquet")
    items = str(tmp_path / "i.parquet")
    result, payload = _score(cli, str(tmp_path / "d"), "--rubric", "mof-2020-project", "--out", out, "--items", items)
    assert result.exit_code == 0, payload
    project = _rows(out)["Y1"]
    assert project["execution_rate.points"] == Decimal("9.55")
    assert project["section:产出指标"] == Decimal(50)
    assert project["n_insufficient"] == 1                            # the 定性 row states no grade (达成/部分达成/未达成)
    detail = connect().sql(f"SELECT item, status, points FROM read_parquet('{items}') ORDER BY item").fetchall()
    assert ("indicator[3]", "scored", Decimal(10)) in detail         # "95%以上" read as its lower bound 95


@pytest.mark.parametrize("text, rule_id, locator", [
    (HEAD + "\nP1,x,abc,4,100,,\n", "BATCH-BAD-VALUE", "L2"),               # text in a number column
    (HEAD + "\nP1,x,99.1234567,4,100,,\n", "BATCH-BAD-VALUE", "L2"),        # more than 6 decimals
    (HEAD + "\nP1,x,99.12345604,4,100,,\n", "BATCH-BAD-VALUE", "L2"),       # … also when the 7th is a 0
    (HEAD + "\n,x,99,4,100,,\nP2,y,99,4,100,,\n", "BATCH-MISSING-ID", "L2"),  # no project id
    (HEAD + "\nP1,x,99,4,100,,\nP1,y,98,4,100,,\n", "BATCH-DUPLICATE-PROJECT", "L3"),
    ("project_id,criterion,rate\nP1,funds_arrival,99\nP1,没有这一项,99\n", "BATCH-UNKNOWN-CRITERION", "L3"),
    ("project_id,nonsense.rate\nP1,99\n", "BATCH-UNKNOWN-CRITERION", "L1"),
])
def test_bad_rows_are_findings_with_file_and_line(cli, tmp_path, text, rule_id, locator):
    data = _csv(tmp_path, text)
    result, payload = _score(cli, data, "--rubric", RUBRIC, "--out", str(tmp_path / "o.parquet"))
    assert result.exit_code == 1, result.output
    found = [f for f in payload["findings"] if f["rule_id"] == rule_id]
    assert found and found[0]["source"] == {"doc": data, "locator": locator}
    assert any("\u4e00" <= ch <= "\u9fff" for ch in found[0]["message"])     # a Chinese message
    assert (tmp_path / "o.parquet").exists()


@pytest.mark.parametrize("make, rule_id", [
    (lambda p: _csv(p, "名称,funds_arrival.rate\nx,99\n"), "BATCH-MISSING-COLUMN"),       # no project_id column
    (lambda p: str(p / "missing.csv"), "BATCH-NO-DATA"),
    (lambda p: _csv(p, "x", "data.txt"), "BATCH-FORMAT"),
    (lambda p: _csv(p, "not a zip", "broken.xlsx"), "BATCH-UNREADABLE"),
    (lambda p: _csv(p, "garbage", "broken.parquet"), "BATCH-UNREADABLE"),
])
def test_unusable_data_exits_2_without_a_traceback(cli, tmp_path, make, rule_id):
    result = cli("batch", "score", make(tmp_path), "--rubric", RUBRIC, "--out", str(tmp_path / "o.parquet"), "--json")
    assert result.exit_code == 2, result.output
    assert rule_id in {f["rule_id"] for f in json.loads(result.output)["findings"]}
    assert not (tmp_path / "o.parquet").exists()


def test_float_parquet_columns_are_refused(cli, tmp_path):
    path = tmp_path / "f.parquet"
    connect().execute(f"""COPY (SELECT 'P1' AS project_id, 99.42::DOUBLE AS "funds_arrival.rate")
        TO '{path}' (FORMAT parquet)""").fetchall()
    result = cli("batch", "score", str(path), "--rubric", RUBRIC, "--out", str(tmp_path / "o.parquet"), "--json")
    assert result.exit_code == 2
    assert [f["rule_id"] for f in json.loads(result.output)["findings"]] == ["BATCH-FLOAT"]


def test_gbk_csv_is_read(cli, tmp_path):
    data = _csv(tmp_path, "项目编号,funds_arrival.rate\n甲,100\n", encoding="gb18030")
    out = str(tmp_path / "o.parquet")
    result, _ = _score(cli, data, "--rubric", RUBRIC, "--out", out)
    assert result.exit_code == 0
    assert _rows(out)["甲"]["funds_arrival.points"] == Decimal(5)


def test_unknown_rubric_and_wrong_output_name(cli, tmp_path):
    data = _csv(tmp_path, HEAD + "\nP1,x,99,4,100,,\n")
    result = cli("batch", "score", data, "--rubric", "nope", "--out", str(tmp_path / "o.parquet"))
    assert result.exit_code == 2 and "没有编号为" in result.output
    result = cli("batch", "score", data, "--rubric", RUBRIC, "--out", str(tmp_path / "o.csv"))
    assert result.exit_code == 2


@pytest.mark.parametrize("fmt", ["parquet", "csv", "xlsx"])
def test_synth_then_score(cli, tmp_path, fmt):
    folder = tmp_path / "synth"
    result = cli("synth", str(folder), "--projects", "200", "--format", fmt, "--rubric", "mof-2020-project", "--seed", "3")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.iterdir()) == [f"indicators.{fmt}", f"projects.{fmt}"]
    out = str(tmp_path / "o.parquet")
    result, payload = _score(cli, str(folder), "--rubric", "mof-2020-project", "--out", out)
    assert result.exit_code == 0, payload["findings"][:3]
    assert payload["projects"] == 200
    flags = payload["flags"]
    assert flags["total_mismatch"] > 0 and flags["over_max"] > 0      # the sloppy patterns are there
    assert sum(payload["grades"].values()) == 200


def test_synth_is_reproducible(tmp_path):
    from jixiao.batch.synth import synthesise

    plan = _plan()
    a = synthesise(plan, str(tmp_path / "a"), 300, seed=5, fmt="csv")
    b = synthesise(plan, str(tmp_path / "b"), 300, seed=5, fmt="csv")
    assert Path(a[0]).read_bytes() == Path(b[0]).read_bytes()


def _plan():
    from jixiao.batch.run import load_plan

    return load_plan(RUBRIC)


def test_every_batch_rule_id_and_column_is_documented():
    import re

    from jixiao.batch import schema as B

    root = Path(__file__).resolve().parents[1]
    doc = (root / "docs" / "batch.md").read_text(encoding="utf-8")
    source = "".join(p.read_text(encoding="utf-8") for p in (root / "src" / "jixiao" / "batch").glob("*.py"))
    ids = set(re.findall(r'"(BATCH-[A-Z-]+)"', source))
    assert len(ids) >= 10
    assert sorted(i for i in ids if f"`{i}`" not in doc) == []
    columns = B.PROJECT_COLUMNS + B.ITEM_COLUMNS + B.INDICATOR_COLUMNS
    assert [c.name for c in columns if f"`{c.name}`" not in doc] == []
    glossary = (root / "docs" / "glossary.md").read_text(encoding="utf-8")
    assert "jixiao batch score" in glossary and "jixiao synth" in glossary


def test_scores_only_writes_the_same_scores_and_no_checks(cli, tmp_path):
    folder = tmp_path / "synth"
    assert cli("synth", str(folder), "--projects", "300", "--rubric", RUBRIC, "--seed", "4").exit_code == 0
    full, fast = str(tmp_path / "full.parquet"), str(tmp_path / "fast.parquet")
    result, payload = _score(cli, str(folder), "--rubric", RUBRIC, "--out", full)
    assert result.exit_code == 0
    result, quick = _score(cli, str(folder), "--rubric", RUBRIC, "--out", fast, "--scores-only")
    assert result.exit_code == 0, result.output
    assert quick["projects"] == 300 and quick["grades"] == payload["grades"] and quick["flags"] == {}
    a, b = _rows(full), _rows(fast)
    assert "total_check" not in next(iter(b.values())) and "n_mismatch" not in next(iter(b.values()))
    assert all(a[pid][k] == v for pid, row in b.items() for k, v in row.items())
    text = cli("batch", "score", str(folder), "--rubric", RUBRIC, "--out", fast, "--scores-only")
    assert text.exit_code == 0 and "只算分" in text.output


def test_scores_only_with_items_is_refused(cli, tmp_path):
    data = _csv(tmp_path, HEAD + "\nP1,信访事务,99.42,4,175,80,良好\n")
    result, payload = _score(cli, data, "--rubric", RUBRIC, "--out", str(tmp_path / "o.parquet"),
                             "--items", str(tmp_path / "i.parquet"), "--scores-only")
    assert result.exit_code == 2
    assert [f["rule_id"] for f in payload["findings"]] == ["BATCH-OPTIONS"]
