"""Typed parameter values of a rubric rule, read from plain YAML values (numbers kept as Decimal)."""
from __future__ import annotations

from typing import Any

from jixiao.model.numbers import D
from jixiao.scoring.rubric import GRADE_CODES


def param_value(spec, value: Any) -> Any:
    """The value of parameter ``spec`` (a :class:`~jixiao.scoring.shapes.ParamSpec`); raises ValueError."""
    if value is None:
        return None
    if spec.kind == "number":
        return D(str(value))
    if spec.kind == "int":
        return int(D(str(value)))
    if spec.kind == "choice":
        if str(value) not in spec.choices:
            raise ValueError(f"应为 {' / '.join(spec.choices)}")
        return str(value)
    if spec.kind == "items":
        return [{"label": str(i["label"]), "points": D(str(i["points"]))} for i in value]
    if spec.kind == "bands":
        bands = []
        for band in value:
            ops = [k for k in ("le", "lt", "ge", "gt") if k in band]
            if len(ops) > 1 or (not ops and "else" not in band):
                raise ValueError("每一档需要 le/lt/ge/gt 之一，或 else")
            entry: dict[str, Any] = {"points": D(str(band["points"]))}
            entry.update({k: D(str(band[k])) for k in ops})
            bands.append(entry)
        return bands
    if spec.kind == "grades":
        out = {}
        for label, bounds in value.items():
            if label not in GRADE_CODES:
                raise ValueError(f"定性档次应为 {' / '.join(GRADE_CODES)}")
            out[GRADE_CODES[label]] = {"label": label, "range": [D(str(bounds[0])), D(str(bounds[1]))]}
        return out
    raise ValueError(spec.kind)
