"""Shared fixtures: write small filings in YAML, run the CLI."""
from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from jixiao.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SEEDS = ROOT.parent / "shared" / "seeds"

HEADER = "schema: jixiao.filing/1\nmoney_unit: 万元\n"


@pytest.fixture
def write_filing(tmp_path):
    """Write a filing body (YAML, dedented) under the standard header; return its path."""

    def _write(body: str, name: str = "filing.yaml", header: str = HEADER) -> str:
        path = tmp_path / name
        path.write_text(header + textwrap.dedent(body), encoding="utf-8")
        return str(path)

    return _write


@pytest.fixture
def cli():
    def _run(*args: str):
        runner = CliRunner()
        result = runner.invoke(main, list(args), catch_exceptions=True)
        return result

    return _run


def example(name: str) -> str:
    return str(EXAMPLES / name)


def have_examples() -> bool:
    return (EXAMPLES / "yanjiang-xinfang-2022.yaml").exists() and (EXAMPLES / "zhanyi-xinfang-2023.yaml").exists()


os.environ.setdefault("COLUMNS", "200")
