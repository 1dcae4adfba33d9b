"""One table of relation cases (tests/data/relations.yaml) through every front end: metrics, check,
score, audit and batch reach the verdict of :mod:`jixiao.relations` itself, with and without --strict.

A front end that cannot express a relation is named in the table's ``not_applicable`` with the reason;
the test fails for a front end that is neither run nor declared inapplicable."""
from __future__ import annotations

import copy
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from batch_random import write_parquet

from jixiao import relations as R
from jixiao.audit.engine import Auditor, audit_text
from jixiao.batch.db import connect
from jixiao.batch.reference import RefProject, Reference
from jixiao.batch.run import load_plan, score_batch
from jixiao.findings import Severity
from jixiao.pipeline import load_and_validate, with_checks, with_metrics
from jixiao.scoring import default_shapes, score_filing

DATA = Path(__file__).parent / "data"
TABLE = yaml.safe_load((DATA / "relations.yaml").read_text(encoding="utf-8"))
RUBRIC = str(DATA / "relations-rubric.yaml")
FRONT_ENDS = ("metrics", "check", "score", "audit", "batch")
RELATIONS = ("sum", "share", "change", "rate", "score_total", "score_max")
HEADER = "schema: jixiao.filing/1\nmoney_unit: 万元\n"


def _fill(template: str, figures: dict[str, str]) -> str:
    for name, figure in figures.items():
        template = template.replace("{" + name + "}", figure)
    return template


def _template(case: dict) -> dict:
    return TABLE["templates"]["score" if case["relation"].startswith("score") else case["relation"]]


def _errors(findings, ids) -> list:
    return [f for f in findings if f.rule_id in ids and f.severity is Severity.ERROR]


def _filing(case: dict, tmp_path: Path) -> str:
    path = tmp_path / f"{case['id']}.yaml"
    path.write_text(HEADER + _fill(_template(case)["filing"], case["figures"]), encoding="utf-8")
    return str(path)


# ---- the verdict of each front end ----------------------------------------------------------------------

def reference(case: dict, strict: bool) -> bool:
    """jixiao.relations called directly on the case's operands."""
    verdicts = []
    for fn, raw in case["reference"].items():
        args = {k: [Decimal(x) for x in v] if isinstance(v, list) else Decimal(v) for k, v in raw.items()}
        if fn in ("ratio", "change_amount", "change_rate", "shares", "total_of"):
            args["strict"] = strict
        got = getattr(R, fn)(**args)
        verdicts += got if isinstance(got, list) else [got]
    return all(v.ok for v in verdicts)


def metrics(case: dict, strict: bool, ids: list[str], tmp_path: Path) -> bool:
    run = with_metrics(load_and_validate(_filing(case, tmp_path)))
    verdicts = [r.agreement(c, strict=strict) for r in run.metrics if r.metric.id in ids for c in r.claims]
    assert verdicts and None not in verdicts, "the metrics front end judged nothing"
    return all(v.ok for v in verdicts)


def check(case: dict, strict: bool, ids: list[str], tmp_path: Path) -> bool:
    run = load_and_validate(_filing(case, tmp_path))
    assert not run.input_errors, run.input_errors
    with_checks(run, strict=strict)
    return not _errors(run.findings, ids)


def score(case: dict, strict: bool, ids: list[str], tmp_path: Path) -> bool:
    """``jixiao score`` has no --strict: scores are exact quantities, judged the same either way."""
    run = load_and_validate(_filing(case, tmp_path))
    _result, findings = score_filing(run.filing, RUBRIC)
    return not _errors(findings, ids)


def audit(case: dict, strict: bool, ids: list[str], tmp_path: Path) -> bool:
    text = _fill(_template(case)["text"], case["figures"])
    return not _errors(audit_text(text, Auditor(strict=strict)).findings, ids)


def batch(case: dict, strict: bool, ids: list[str], tmp_path: Path) -> bool:
    """The SQL scorer's flags, and the same verdict from its Python side (batch.reference); no --strict."""
    figures = case["figures"]
    plan = load_plan(RUBRIC)
    project = RefProject("P1", published={c: figures[c] for c in ("setup", "goals", "impact")},
                         published_total=figures["total"])
    con = connect()
    folder = tmp_path / "batch"
    folder.mkdir()
    write_parquet(con, plan, [project], str(folder))
    score_batch([str(folder)], RUBRIC, str(tmp_path / "out.parquet"), con=con)
    rel = con.sql(f"SELECT * FROM '{tmp_path / 'out.parquet'}'")
    row = dict(zip(rel.columns, rel.fetchall()[0]))
    python = Reference(plan, default_shapes()).score(copy.deepcopy(project))
    sql_verdict = {"total_check": row["total_check"] in ("ok", "unverifiable"), "n_over_max": row["n_over_max"] == 0}
    python_verdict = {"total_check": python.total_check in ("ok", "unverifiable"),
                      "n_over_max": "SCORE-ITEM-OVER-MAX" not in python.rule_ids}
    assert [sql_verdict[i] for i in ids] == [python_verdict[i] for i in ids], (row, python)
    return all(sql_verdict[i] for i in ids)


RUN = {"metrics": metrics, "check": check, "score": score, "audit": audit, "batch": batch}


# ---- the table -----------------------------------------------------------------------------------------

def test_the_table_covers_every_relation_and_front_end():
    relations = TABLE["relations"]
    assert set(relations) == set(RELATIONS)
    for name, spec in relations.items():
        declared = set(spec) - {"not_applicable"}
        skipped = set(spec.get("not_applicable", {}))
        assert declared | skipped == set(FRONT_ENDS) and not declared & skipped, name
        assert all(reason.strip() for reason in spec.get("not_applicable", {}).values()), name
        cases = [c for c in TABLE["cases"] if c["relation"] == name]
        assert {c["holds"] for c in cases} == {True, False}, f"{name}: a holding and a failing case"
    assert any(c.get("strict_holds", c["holds"]) != c["holds"] for c in TABLE["cases"]), "a one-unit case"


def _params():
    for case in TABLE["cases"]:
        spec = TABLE["relations"][case["relation"]]
        for front in FRONT_ENDS:
            if front in spec:
                for strict in (False, True):
                    yield pytest.param(case, front, strict, id=f"{case['id']}-{front}{'-strict' if strict else ''}")


@pytest.mark.parametrize("case, front, strict", list(_params()))
def test_every_front_end_reaches_the_verdict_of_relations(case, front, strict, tmp_path):
    expected = case.get("strict_holds", case["holds"]) if strict else case["holds"]
    assert reference(case, strict) is expected, "the table disagrees with jixiao.relations"
    ids = TABLE["relations"][case["relation"]][front]
    assert RUN[front](case, strict, ids, tmp_path) is expected
