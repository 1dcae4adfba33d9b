"""What every check function sees: the filing, last year's, the metrics, the pack settings."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from jixiao.metrics.compute import MetricResult, compute_all
from jixiao.metrics.registry import Registry
from jixiao.model.filing import Filing
from jixiao.model.numbers import decimals_of
from jixiao.model.source import Source

from jixiao.checks.model import CheckDef, Settings
from jixiao.checks.prior import fill_priors


@dataclass
class CheckContext:
    filing: Filing                      # this year's, with 上年数 filled from last year's when given
    original: Filing                    # this year's as filed
    prior: Filing | None
    registry: Registry
    results: list[MetricResult]
    settings: Settings
    strict: bool = False
    completeness: list[dict[str, Any]] = field(default_factory=list)
    _by_instance: dict[str, MetricResult] = field(default_factory=dict)

    def metric(self, instance: str) -> MetricResult | None:
        if not self._by_instance:
            self._by_instance = {r.instance: r for r in self.results}
        return self._by_instance.get(instance)

    def source(self, path: str | None) -> Source:
        return self.filing.source_of(path or "")

    def places(self, stated: Decimal, money: bool = False) -> int:
        """Decimals to judge a stated figure at: as stated; 万元 amounts at least ``money_places``."""
        places = decimals_of(stated)
        if money and self.settings.money_places is not None:
            places = max(places, self.settings.money_places)
        return places

    def tolerance_of(self, check: CheckDef) -> str | Decimal:
        return check.tolerance


def make_context(filing: Filing, registry: Registry, settings: Settings, *, prior: Filing | None = None,
                 strict: bool = False) -> CheckContext:
    working = fill_priors(filing, prior, settings.prior_fill) if prior is not None else filing
    results = compute_all(working, registry)
    return CheckContext(working, filing, prior, registry, results, settings, strict)
