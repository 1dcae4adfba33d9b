"""The registry of check functions: an object built per run from an explicit list of modules.

No registration by import side effects: each module exposes a ``FUNCTIONS``
tuple and :func:`build_functions` collects them into a new registry.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from jixiao.checks.model import CheckFunction


@dataclass(frozen=True)
class Functions:
    by_name: dict[str, CheckFunction]

    def get(self, name: str) -> CheckFunction | None:
        return self.by_name.get(name)

    @property
    def names(self) -> list[str]:
        return sorted(self.by_name)


def build_functions(extra: Iterable[CheckFunction] = ()) -> Functions:
    from jixiao.checks import (fn_disclosure, fn_implied, fn_plausible, fn_rates, fn_restate, fn_scores,
                               fn_shares, fn_sums, fn_texts)

    modules = (fn_sums, fn_rates, fn_shares, fn_implied, fn_restate, fn_scores, fn_plausible, fn_texts,
               fn_disclosure)
    out: dict[str, CheckFunction] = {}
    for function in [f for module in modules for f in module.FUNCTIONS] + list(extra):
        if function.name in out:
            raise ValueError(f"check function {function.name} registered twice")
        out[function.name] = function
    return Functions(out)
