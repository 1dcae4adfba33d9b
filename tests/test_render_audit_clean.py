"""Our own documents audit clean: the rendered docx, pdf, html and xlsx of the consistent filing, with the
scoring engine's book as `jixiao render` uses it, give 0 errors and 0 warnings under `jixiao audit`."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from jixiao.cli import main
from jixiao.pipeline import load_and_validate, with_metrics
from jixiao.render.package import render_package

COMPLETE = str(Path(__file__).resolve().parent / "data" / "render" / "complete-2023.yaml")


@pytest.fixture(scope="module")
def audit(tmp_path_factory):
    out = tmp_path_factory.mktemp("clean")
    run = with_metrics(load_and_validate(COMPLETE))
    report = render_package(run.filing, run.metrics, str(out), ("docx", "pdf", "html", "xlsx"))
    paths = [path for _, path, _ in report.files]
    result = CliRunner().invoke(main, ["audit", "--json", *paths])
    return json.loads(result.output)


def test_every_format_is_read(audit):
    assert sorted(Path(d["path"]).suffix for d in audit["documents"]) == [".docx", ".html", ".pdf", ".xlsx"]


def test_no_error_and_no_warning(audit):
    found = [(Path(d["path"]).suffix, f["rule_id"], f["severity"], f.get("quote")) for d in audit["documents"]
             for f in d["findings"] if f["severity"] in ("error", "warning")]
    assert found == []
