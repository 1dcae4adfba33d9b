"""Published-value keys by their Chinese names: what an accountant types in the 公开数值 sheet's 键 column.

A key may be written as
* the metric's Chinese name as ``jixiao metrics`` prints it: ``基本支出占本年支出合计比重``;
* for a metric per item, the printed name with its item: ``功能分类（类）支出占一般公共预算财政拨款支出比重（201 一般
  公共服务（类）支出）`` or ``…比重（201）`` or ``…比重:201`` (the name alone also works on the item's own row);
* a reserved word in Chinese: 总分, 满分, 等级 (评价等级, 自评等级), 得分, 公式, 单位编码, 小计:部分名称;
* the English id as before (``general_budget_share``, ``function_class_share:201``, ``total``), or a figure path.
``#2`` after any of them keeps a second statement of the same figure apart.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from jixiao.metrics.registry import MetricDef, Registry
from jixiao.model import schema as S
from jixiao.model.filing import Filing
from jixiao.model.walk import spec_at

RESERVED = ("total", "max_total", "grade", "score", "formula", "unit_code")
RESERVED_ZH = {"总分": "total", "合计": "total", "自评总分": "total", "满分": "max_total", "总分值": "max_total",
               "等级": "grade", "评价等级": "grade", "自评等级": "grade", "得分": "score", "公式": "formula",
               "单位编码": "unit_code", "预算单位编码": "unit_code"}
_RESERVED_LABEL = {"total": "总分", "max_total": "满分", "grade": "等级", "score": "得分", "formula": "公式",
                   "unit_code": "单位编码"}
_FIGURE = re.compile(r"^(unit|accounts|department|projects)(\.|\[)")


@dataclass
class KeyNames:
    registry: Registry
    by_name: dict[str, MetricDef] = field(init=False)

    def __post_init__(self) -> None:
        self.by_name = {m.name: m for m in self.registry.metrics}

    def resolve(self, text: str) -> str | None:
        """The canonical key (``id``, ``id:param``, reserved word, path; ``#n`` kept), None when unknown."""
        base, hashed, suffix = text.strip().partition("#")
        found = self._resolve(base.strip())
        if found is None:
            return None
        return found + (f"#{suffix}" if hashed else "")

    def _resolve(self, base: str) -> str | None:
        if base in RESERVED or base.startswith("subtotal:"):
            return base
        sub = re.fullmatch(r"小计[:：（(](.+?)[）)]?", base)
        if sub:
            return f"subtotal:{sub.group(1)}"
        if base in RESERVED_ZH:
            return RESERVED_ZH[base]
        if base.split(":", 1)[0] in self.registry.ids:
            return base
        if base in self.by_name:
            return self.by_name[base].id
        for name in sorted(self.by_name, key=len, reverse=True):       # the longest name that starts the key
            if not base.startswith(name) or len(base) == len(name):
                continue
            rest = base[len(name):]
            if rest[0] in "（(" and rest[-1] in "）)":
                inner = rest[1:-1]
            elif rest[0] in ":：":
                inner = rest[1:]
            else:
                continue
            param = _param(self.by_name[name], inner.strip())
            if param:
                return f"{self.by_name[name].id}:{param}"
        if _FIGURE.match(base):
            return base
        return None

    def label(self, key: str) -> str:
        """The Chinese name of a key (the inverse of ``resolve``); the key itself when it has none or the name
        would not read back to it."""
        base, hashed, suffix = key.partition("#")
        if base in _RESERVED_LABEL:
            text = _RESERVED_LABEL[base]
        elif base.startswith("subtotal:"):
            text = f"小计:{base[len('subtotal:'):]}"
        else:
            head, colon, param = base.partition(":")
            metric = self.registry.get(head)
            if metric is None:
                return key
            text = metric.name + (f":{param}" if colon else "")
        text += f"#{suffix}" if hashed else ""
        return text if self.resolve(text) == key else key

    def names(self) -> list[str]:
        """The Chinese names offered in the drop-down: every metric, then the reserved words."""
        return [m.name for m in self.registry.metrics] + list(RESERVED_ZH)

    def suggest(self, text: str, n: int = 3) -> list[str]:
        """The nearest valid names (Chinese first), for an error message."""
        base = text.split("#", 1)[0].strip()
        pool = self.names()
        close = difflib.get_close_matches(base, pool, n=n, cutoff=0.3)
        if not close:           # a long label: compare its head with the names
            close = difflib.get_close_matches(base[:max(len(base) // 2, 4)], pool, n=n, cutoff=0.3)
        if len(close) < n:
            close += [i for i in difflib.get_close_matches(base, sorted(self.registry.ids), n=n, cutoff=0.5)
                      if i not in close][: n - len(close)]
        return close


def _param(metric: MetricDef, inner: str) -> str | None:
    """The item parameter from the part in brackets: ``201 一般公共服务（类）支出`` → ``201``."""
    if not inner or not metric.over:
        return None
    if metric.items:
        record = spec_at(Filing, metric.over)
        for name in metric.items:
            if inner in (name, S.spec_of(record.meta["type"], name).zh):
                return name
        return None
    if "·" in inner:
        parent, rest = inner.split("·", 1)
        return f"{parent}/{rest.split(' ', 1)[0]}"
    return inner.split(" ", 1)[0]


__all__ = ["KeyNames", "RESERVED_ZH"]
