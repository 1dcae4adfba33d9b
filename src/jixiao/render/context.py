"""What section builders read: the filing, the computed metrics and scores, display rules.

A figure in the narrative is the computed metric.  When the filing lacks the
inputs to compute it but the unit published the figure, the published figure is
shown and the render log says so (it is never recomputed or "fixed").  When
neither exists the text says 未填报.
"""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Iterator, Sequence

from jixiao.catalog import Catalogue
from jixiao.metrics.compute import MetricResult
from jixiao.model.filing import Filing
from jixiao.model.numbers import HUNDRED, quantize
from jixiao.render import fmt as F
from jixiao.render.blocks import MISSING
from jixiao.render.log import FigureUse, RenderLog
from jixiao.relations import largest_remainder


@dataclass(frozen=True)
class Figure:
    value: Decimal
    origin: str           # computed | published
    text: str = ""        # the published text when origin is published


@dataclass
class RenderContext:
    filing: Filing
    metrics: dict[str, MetricResult]
    template: Any                       # jixiao.render.templates.Template
    scores: Any                         # jixiao.render.scores.ScoreBook
    charts: Any                         # jixiao.render.charts.ChartMaker
    template_set: Any = None            # jixiao.render.templates.TemplateSet (tables, glossary)
    log: RenderLog = field(default_factory=RenderLog)
    precision: F.Precision = field(default_factory=F.Precision)
    section: str = ""

    # ---- the unit and the year -------------------------------------------------------------
    @property
    def year(self) -> str:
        return str(self.filing.unit.year) if self.filing.unit.year else "本"

    @property
    def prev(self) -> str:
        return str(self.filing.unit.year - 1) if self.filing.unit.year else "上"

    @property
    def unit_name(self) -> str:
        return self.filing.unit.name or "本单位"

    def catalogue(self, kind: str) -> Catalogue:
        return Catalogue.load(self.filing.unit.year or 2022, kind)

    # ---- sections and precision ------------------------------------------------------------
    @contextmanager
    def in_section(self, title: str, precision: dict[str, Any] | None = None) -> Iterator[None]:
        saved = (self.section, self.precision)
        self.section = title or self.section
        self.precision = self.precision.merged(precision)
        try:
            yield
        finally:
            self.section, self.precision = saved

    def missing(self, what: str) -> str:
        self.log.add_missing(self.section, what)
        return MISSING

    # ---- numbers as printed ----------------------------------------------------------------
    def amount(self, value: Decimal | None, what: str = "") -> str:
        """``188.9`` (no unit); 未填报 when absent."""
        if value is None:
            return self.missing(what or "金额")
        return F.amount(value, self.precision)

    def money(self, value: Decimal | None, what: str = "") -> str:
        text = self.amount(value, what)
        return text if text == MISSING else f"{text}万元"

    def count(self, value: int | None, what: str, unit: str = "") -> str:
        """``3次``; a missing count prints 未填报 without its unit (never “团组未填报次”)."""
        return self.missing(what) if value is None else f"{value}{unit}"

    def pct(self, value: Decimal | None, what: str = "", key: str = "", origin: str = "computed") -> str:
        if value is None:
            return self.missing(what or "比率")
        text = F.percent(value, self.percent_places(key))
        if key:
            self.log.figures.append(FigureUse(key, text[:-1], origin, self.section))
        return text

    def percent_places(self, key: str = "") -> int:
        """The decimals of a percentage: the unit's own when it published this figure (93.54% keeps two
        decimals in a section that prints one), else the section's."""
        result = self.metrics.get(key) if key else None
        for claim in (result.claims if result is not None else ()):
            number = claim.value.number
            if number is not None and claim.value.unit in ("%", "个百分点", None):
                exponent = number.as_tuple().exponent
                if isinstance(exponent, int):
                    return max(0, -exponent)
        return self.precision.percent

    # ---- metrics ----------------------------------------------------------------------------
    def figure(self, key: str) -> Figure | None:
        """The computed metric ``key``; else the unit's published value for it; else None."""
        result = self.metrics.get(key)
        if result is not None and result.value is not None:
            return Figure(result.value, "computed")
        claims = result.claims if result is not None else ()
        for claim in claims:
            if claim.value.number is not None:
                why = _first_missing(result)
                self.log.add_unique(self.log.fallbacks,
                                    f"{result.label if result else key}：采用单位公开数值“{claim.value.text}”，"
                                    f"因{why}未经复算")
                return Figure(claim.value.number, "published", claim.value.text)
        return None

    def fig_pct(self, key: str, what: str) -> str:
        fig = self.figure(key)
        if fig is None:
            result = self.metrics.get(key)
            if result is not None and result.problem:
                return "—（除数为0，不计算比例）"
            return self.missing(what)
        return self.pct(fig.value, what, key=key, origin=fig.origin)

    def fig_change(self, change_key: str, rate_key: str, what: str) -> tuple[str, Decimal | None]:
        """"增加6.8万元，增长26.5%" / "减少18.09万元，下降2.5%"; and the change (None when unknown)."""
        change = self.figure(change_key)
        rate = self.figure(rate_key)
        if change is None and rate is None:
            return self.missing(f"{what}上年数及变动情况"), None
        sign_of = change.value if change is not None else rate.value  # type: ignore[union-attr]
        up, grow = F.change_words(sign_of)
        parts = []
        if change is not None:
            shown = F.amount(abs(change.value), self.precision)
            self.log.figures.append(FigureUse(change_key, ("-" if change.value < 0 else "") + shown,
                                              change.origin, self.section))
            parts.append(f"{up}{shown}万元")
        if rate is not None:
            shown_rate = F.fmt(abs(rate.value), self.percent_places(rate_key))
            self.log.figures.append(FigureUse(rate_key, ("-" if rate.value < 0 else "") + shown_rate,
                                              rate.origin, self.section))
            parts.append(f"{grow}{shown_rate}%")
        elif change is not None:
            parts.append(self._no_rate(rate_key))
        return "，".join(parts), sign_of

    def _no_rate(self, rate_key: str) -> str:
        result = self.metrics.get(rate_key)
        if result is not None and result.problem:
            return "上年数为0，无法计算变动率"
        return f"变动率{self.missing('变动率')}"

    # ---- shares that total 100% --------------------------------------------------------------
    def shares(self, label: str, parts: Sequence[tuple[str, Decimal | None]], whole: Decimal | None,
               places: int | None = None) -> list[Decimal | None]:
        """Shares of ``whole``, half-up; when the parts add up to the whole and the rounded shares do
        not total 100%, adjusted by the largest-remainder method and the adjustment recorded."""
        places = self.precision.percent if places is None else places
        if whole is None or whole == 0 or any(v is None for _, v in parts):
            return [None if whole in (None, Decimal(0)) or v is None else v / whole * HUNDRED for _, v in parts]
        values = [v for _, v in parts if v is not None]
        plain = [quantize(v / whole * HUNDRED, places) for v in values]
        if sum(values, Decimal(0)) != whole or sum(plain, Decimal(0)) == HUNDRED:
            return [v / whole * HUNDRED for v in values]
        adjusted = largest_remainder(values, places)
        changed = [f"{name} {F.fmt(p, places)}%→{F.fmt(a, places)}%"
                   for (name, _), p, a in zip(parts, plain, adjusted) if p != a]
        self.log.add_unique(self.log.adjustments,
                            f"{self.section}·{label}：四舍五入后合计为{F.fmt(sum(plain, Decimal(0)), places)}%，"
                            f"按最大余额法调整为100%（{'；'.join(changed)}）")
        return list(adjusted)

    def share_text(self, value: Decimal | None, key: str = "", what: str = "占比") -> str:
        if value is None:
            return self.fig_pct(key, what) if key else self.missing(what)
        return self.pct(value, what, key=key, origin="computed")


def _first_missing(result: MetricResult | None) -> str:
    if result is None:
        return "未登记该指标"
    if result.missing:
        first = result.missing[0]
        cut = first.rfind("（")
        return f"缺少{first[:cut] if cut > 0 else first}"
    return result.problem or "无法计算"


def index_metrics(results: Sequence[MetricResult]) -> dict[str, MetricResult]:
    return {r.instance: r for r in results}
