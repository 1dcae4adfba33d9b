"""Every check of every bundled pack runs its own pass and fail examples (one parametrised test)."""
from __future__ import annotations

import pytest

from jixiao.checks import load_library
from jixiao.checks.cases import run_case

LIBRARY = load_library()


def _cases():
    for pack in LIBRARY.packs.values():
        for check in pack.checks:
            for index, case in enumerate(check.cases):
                yield pytest.param(pack, check, case, id=f"{pack.id}:{check.id}:{case.expect}{index}")


@pytest.mark.parametrize("pack, check, case", list(_cases()))
def test_check_case(pack, check, case):
    outcome = run_case(case, check, pack, LIBRARY.functions, LIBRARY.metrics)
    assert outcome.ok, outcome.explanation
