"""Review packs as data: warning rules (预警规则) and review rules (复核口径).

A pack is a versioned YAML file under ``rulepacks/review/``::

    pack: warnings            # id (a 复核口径 pack: kind: kouj)
    kind: warnings | kouj
    version: "2026.1"
    title: ...
    settings: {...}           # pack-wide parameters (risk weights, deviation basis …)
    rules:
      - id: REV-W-...         # stable; tests and users key on it
        title: ...            # Chinese
        level: red | yellow   # warnings only
        action: zero | deduct_share | deduct_points | cap_total | count_once | no_deduction   # 口径 only
        function: name        # a registered function (warnings.py / kouj.py)
        params: {...}         # thresholds and word lists: parameters, never code
        cite: ...             # how the workpaper cites it (口径 only)
        message: ...          # Chinese template filled by the function's fields
        source: ...           # where the rule comes from (DOMAIN.md §11, with its sources)
        cases: {pass: [...], fail: [...]}   # small filings (or {units: [...]}) that must pass / fail

Numbers in params are read as ``Decimal`` from their text; floats never enter.
"""
from __future__ import annotations

from functools import lru_cache
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from importlib import resources
from typing import Any

from jixiao.findings import UnusableInput, error
from jixiao.ingest.tree import MapNode, Node, SeqNode, plain
from jixiao.ingest.packaged import FrozenMap
from jixiao.ingest.yaml_in import parse_yaml_text
from jixiao.model.source import Source

LEVELS = {"red": "红色", "yellow": "黄色"}
ACTIONS = {"zero": "计0分", "deduct_share": "按比例扣分", "deduct_points": "扣分", "cap_total": "总分封顶",
           "count_once": "只计一次", "no_deduction": "不扣分"}
DEFAULT_KOUJ = "pidu-district-2025"
WARNINGS = "warnings-2026"


@dataclass(frozen=True)
class Case:
    expect: str                 # pass | fail
    body: MapNode               # a filing, or {units: [filing, ...]}
    source: Source


@dataclass(frozen=True)
class RuleDef:
    id: str
    title: str
    function: str
    params: dict[str, Any]
    message: str
    source_text: str            # where the rule comes from (a citation)
    where: Source               # its line in the pack
    level: str | None = None    # warnings: red | yellow
    action: str | None = None   # 口径: one of ACTIONS
    cite: str | None = None     # 口径: how the workpaper cites it
    cases: tuple[Case, ...] = ()

    @property
    def level_zh(self) -> str:
        return LEVELS.get(self.level or "", "")


@dataclass(frozen=True)
class ReviewPack:
    id: str
    kind: str
    version: str
    title: str
    settings: dict[str, Any]
    rules: tuple[RuleDef, ...]
    doc: str
    basis: str = ""
    default: bool = False
    notes: tuple[str, ...] = field(default=())

    def rule(self, rule_id: str) -> RuleDef:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    def setting(self, name: str, default: Any = None) -> Any:
        return self.settings.get(name, default)



def dec(value: Any) -> Decimal:
    """A parameter as Decimal (from the text written in the pack)."""
    if isinstance(value, float):
        raise TypeError("parameters are never floats")
    try:
        return Decimal(str(value).strip().rstrip("%"))
    except InvalidOperation as exc:
        raise ValueError(f"not a number: {value!r}") from exc


def bundled_pack_texts() -> dict[str, str]:
    folder = resources.files("jixiao.rulepacks") / "review"
    return {f"rulepacks/review/{f.name}": f.read_text("utf-8") for f in sorted(folder.iterdir(), key=lambda p: p.name)
            if f.name.endswith(".yaml")}


def parse_pack(text: str, doc: str) -> ReviewPack:
    tree = parse_yaml_text(text, doc)
    if not isinstance(tree, MapNode):
        raise UnusableInput([error("REVIEW-PACK-FORMAT", "复核规则包顶层应为映射", Source(doc, "L1"))])
    top = {k: plain(v) for k, v in tree.items.items() if k != "rules"}
    kind = top.get("kind")
    problems = []
    for key in ("pack", "kind", "version", "title"):
        if not top.get(key):
            problems.append(error("REVIEW-PACK-FORMAT", f"复核规则包缺少“{key}”", tree.source or Source(doc, "L1")))
    rules_node = tree.items.get("rules")
    rules: list[RuleDef] = []
    if not isinstance(rules_node, SeqNode):
        problems.append(error("REVIEW-PACK-FORMAT", "复核规则包缺少规则列表 rules", tree.source or Source(doc, "L1")))
    else:
        for node in rules_node.items:
            rule, found = _rule(node, doc, kind)
            problems += found
            if rule is not None:
                rules.append(rule)
    if problems:
        raise UnusableInput(problems)
    return ReviewPack(str(top["pack"]), str(kind), str(top["version"]), str(top["title"]), FrozenMap(top.get("settings") or {}),
                      tuple(rules), doc, str(top.get("basis") or ""), str(top.get("default") or "").lower() == "true",
                      tuple(top.get("notes") or ()))


def _rule(node: Node, doc: str, kind: str | None) -> tuple[RuleDef | None, list]:
    where = getattr(node, "source", None) or Source(doc, "L1")
    if not isinstance(node, MapNode):
        return None, [error("REVIEW-PACK-FORMAT", "每条规则应为映射", where)]
    data = {k: plain(v) for k, v in node.items.items() if k != "cases"}
    problems = []
    needed = ["id", "title", "function", "message", "source"] + (["level"] if kind == "warnings" else ["action", "cite"])
    for key in needed:
        if not data.get(key):
            problems.append(error("REVIEW-PACK-FORMAT", f"规则缺少“{key}”", where))
    if kind == "warnings" and data.get("level") not in LEVELS:
        problems.append(error("REVIEW-PACK-FORMAT", f"预警级别应为 red 或 yellow，而不是“{data.get('level')}”", where))
    if kind == "kouj" and data.get("action") not in ACTIONS:
        problems.append(error("REVIEW-PACK-FORMAT", f"复核口径的处理方式“{data.get('action')}”无效", where))
    cases = _cases(node.items.get("cases"), where)
    if not any(c.expect == "pass" for c in cases) or not any(c.expect == "fail" for c in cases):
        problems.append(error("REVIEW-PACK-CASES", f"规则 {data.get('id')} 需要至少一个通过示例和一个不通过示例", where))
    if problems:
        return None, problems
    return RuleDef(str(data["id"]), str(data["title"]), str(data["function"]), FrozenMap(data.get("params") or {}),
                   str(data["message"]), str(data["source"]), where, data.get("level"), data.get("action"),
                   data.get("cite"), tuple(cases)), []


def _cases(node: Node | None, where: Source) -> list[Case]:
    out: list[Case] = []
    if not isinstance(node, MapNode):
        return out
    for expect in ("pass", "fail"):
        seq = node.items.get(expect)
        if isinstance(seq, SeqNode):
            for item in seq.items:
                if isinstance(item, MapNode):
                    out.append(Case(expect, item, item.source or where))
    return out


def load_packs(extra: dict[str, str] | None = None) -> dict[str, ReviewPack]:
    """Every bundled pack (parsed once per process) and those of ``extra`` (doc → text), by id;
    the dict is the caller's own, the packs are frozen."""
    packs = dict(_bundled_packs())
    for doc, text in (extra or {}).items():
        pack = parse_pack(text, doc)
        packs[pack.id] = pack
    return packs


@lru_cache(maxsize=1)
def _bundled_packs() -> FrozenMap:
    packs = {}
    for doc, text in bundled_pack_texts().items():
        pack = parse_pack(text, doc)
        packs[pack.id] = pack
    return FrozenMap(packs)


def get_pack(name: str | None, kind: str) -> ReviewPack:
    """A bundled pack by id, or a pack file (.yaml); ``None`` → the default pack of that kind."""
    if name and name.lower().endswith((".yaml", ".yml")):
        try:
            with open(name, encoding="utf-8") as fh:
                pack = parse_pack(fh.read(), name)
        except OSError as exc:
            raise UnusableInput([error("INPUT-UNREADABLE", f"无法读取复核规则包：{exc.strerror or exc}", Source(name, "L1"))]) from exc
    else:
        packs = load_packs()
        wanted = name or (WARNINGS if kind == "warnings" else DEFAULT_KOUJ)
        if wanted not in packs:
            known = "、".join(sorted(p.id for p in packs.values() if p.kind == kind))
            raise UnusableInput([error("REVIEW-PACK-UNKNOWN", f"没有名为“{wanted}”的复核规则包；可用：{known}",
                                       Source("<命令行>", "L1"))])
        pack = packs[wanted]
    if pack.kind != kind:
        raise UnusableInput([error("REVIEW-PACK-KIND", f"规则包“{pack.id}”是{pack.kind}类，这里需要{kind}类",
                                   Source(pack.doc, "L1"))])
    return pack
