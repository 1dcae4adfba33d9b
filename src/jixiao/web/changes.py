"""Differences from last year: the figures a filing states (taken when it is checked) and their
comparison with the same unit's approved or published filing of the year before, or with the
上年数 (prior-year figures) the filing itself states.

Only figures the unit stated appear; a figure one year states and the other does not shows
未填报; the change and its rate come from :func:`jixiao.relations.change`, the one place for that
arithmetic.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from jixiao.model.numbers import fmt

MISSING = "未填报"
_INDEX = re.compile(r"\[(\d+)\]")
#: a field whose 上年数 the filing states in another field of the same record: prior → this year's field
PRIOR_OF = {"prior": "amount", "sangong_prior_budget": "sangong_budget", "sangong_prior_actual": "sangong_actual"}


def figures_of(filing: Any, name_of: Any) -> dict[str, dict[str, str]]:
    """key → {"name", "value", "source"[, "prior", "prior_source"]} for every figure (Decimal) the
    filing states.  The key names records by their own key (code or name), not their position, so the
    same line matches across years.  ``name_of(path)`` is the field's Chinese name (or None)."""
    from jixiao.model.walk import get_path

    out: dict[str, dict[str, str]] = {}
    priors: dict[str, tuple[str, str]] = {}
    for path, source in filing.sources.items():
        try:
            value = get_path(filing, path)
        except (AttributeError, KeyError, TypeError, IndexError, ValueError):
            continue
        if not isinstance(value, Decimal):
            continue
        head, _, leaf = path.rpartition(".")
        key = _stable(filing, path, get_path)
        if leaf in PRIOR_OF:
            target = _stable(filing, f"{head}.{PRIOR_OF[leaf]}" if head else PRIOR_OF[leaf], get_path)
            priors[target] = (str(value), source.locator)
            continue
        name = name_of(path)
        if name is None:
            continue
        out[key] = {"name": name, "value": str(value), "source": source.locator}
    for key, (value, where) in priors.items():
        if key in out:
            out[key]["prior"], out[key]["prior_source"] = value, where
    return out


LABELS = ("code", "name", "source", "year", "criterion")


def record_label(filing: Any, path: str, end: int, get_path: Any) -> str | None:
    """What identifies the record at ``path[:end]`` (its code, name, fund source, year or criterion)."""
    owner = get_path(filing, path[:end])
    for attr in LABELS:
        found = getattr(owner, attr, None)
        if found not in (None, ""):
            return str(found)
    return None


def _stable(filing: Any, path: str, get_path: Any) -> str:
    """``accounts.income_sources[2].amount`` → ``accounts.income_sources[一般公共预算财政拨款收入].amount``."""
    def label(match: re.Match) -> str:
        found = record_label(filing, path, match.end(), get_path)
        return f"[{found}]" if found else match.group(0)
    return _INDEX.sub(label, path)


def compare(this: dict[str, dict[str, str]], last: dict[str, dict[str, str]] | None) -> list[dict[str, Any]]:
    """The changed figures.  With last year's filing (``last``): every figure either year states that
    differs, or that one year does not state (未填报); a row also carries ``stated_prior`` when this
    filing's own 上年数 for the field differs from last year's filing (the row is listed then even when
    the figure did not change).  Without it: the figures whose 上年数 this filing states, where that
    differs from this year's."""
    from jixiao.relations import change

    rows = []
    keys = list(this) + [k for k in (last or {}) if k not in this]
    for key in keys:
        now, before = this.get(key), (last or {}).get(key)
        if last is not None:
            if now is None and before is None:
                continue
            prior, basis = (before["value"], "上年填报") if before else (None, "上年填报")
        elif now is not None and "prior" in now:
            prior, basis = now["prior"], "本填报所列上年数"
        else:
            continue
        current = now["value"] if now else None
        row = {"key": key, "name": (now or before)["name"], "basis": basis,
               "prior": prior if prior is not None else MISSING, "current": current if current is not None else MISSING,
               "change": "", "rate": "", "source": now["source"] if now else "",
               "prior_source": (before or {}).get("source", "") if last is not None else now.get("prior_source", "")}
        stated = now.get("prior") if now is not None and last is not None and before is not None else None
        if stated is not None and _dec(stated) != _dec(before["value"]):
            row["stated_prior"] = stated        # this filing's 上年数 is not what last year's filing says
            row["stated_prior_source"] = now.get("prior_source", "")
        if prior is not None and current is not None:
            a, b = _dec(current), _dec(prior)
            if a is None or b is None or (a == b and "stated_prior" not in row):
                continue
            amount, rate = change(a, b)
            row["change"] = str(amount)
            row["rate"] = f"{fmt(rate, 2)}%" if rate is not None else "上年为0，无法计算"
        rows.append(row)
    return rows


def _dec(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except (InvalidOperation, TypeError):
        return None


def last_year(db: Any, filing: Any) -> Any:
    """The same unit's approved or published filing of the year before (the latest task's), or None."""
    from sqlalchemy import select

    from jixiao.store import models as m

    return db.scalar(select(m.Filing).join(m.Task)
                     .where(m.Filing.unit_id == filing.unit_id, m.Task.year == filing.task.year - 1,
                            m.Filing.status.in_((m.APPROVED, m.PUBLISHED)), m.Filing.current_version > 0)
                     .order_by(m.Task.deadline.desc(), m.Filing.id.desc()).limit(1))


def for_filing(db: Any, filing: Any, version: Any) -> dict[str, Any]:
    """What the unit page and ``/api/filings/{id}/changes`` show: against last year's approved or
    published filing when there is one, else against the 上年数 this filing states."""
    from jixiao.store import filings as ops

    out: dict[str, Any] = {"year": filing.task.year, "last": None, "rows": [], "scored": False}
    if version is None or version.figures is None:
        return out                       # nothing uploaded, or checked before figures were kept
    out["scored"] = True
    before = last_year(db, filing)
    last_figures = None
    if before is not None:
        old = ops.current_version(db, before)
        if old is not None and old.figures is not None:
            last_figures = old.figures
            out["last"] = {"filing": before.id, "year": before.task.year, "task": before.task.title,
                           "status": before.status, "version": old.number}
    out["rows"] = compare(version.figures, last_figures)
    return out
