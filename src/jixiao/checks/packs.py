"""Load check packs (``rulepacks/checks/*.yaml``): validate, resolve ``extends``, select by region and year.

A pack error — unknown check function, bad parameter, duplicate id, bad
severity/tolerance/message — is a ``CHECK-PACK-*`` finding at its YAML line
(the neutral tree of :func:`jixiao.ingest.yaml_in.parse_yaml_text` keeps lines).
The faulty check is left out; the rest of the pack still runs.
"""
from __future__ import annotations

import re
import string
from dataclasses import replace
from decimal import Decimal
from importlib import resources
from typing import Any

from jixiao.findings import Finding, UnusableInput, error
from jixiao.ingest.tree import MapNode, Node, SeqNode
from jixiao.ingest.yaml_in import parse_yaml_text
from jixiao.metrics.registry import Registry
from jixiao.model.filing import Filing
from jixiao.model.numbers import D, NumberError
from jixiao.model.source import Source

from jixiao.checks.model import COMMON_FIELDS, SEVERITY_WORDS, TOLERANCES, Case, CheckDef, Pack, Settings
from jixiao.checks.params import ParamError, check_operand, convert_params, plain
from jixiao.checks.registry import Functions

FORMAT = "CHECK-PACK-FORMAT"
UNKNOWN_FUNCTION = "CHECK-PACK-UNKNOWN-FUNCTION"
DUPLICATE = "CHECK-PACK-DUPLICATE-ID"
EXTENDS = "CHECK-PACK-EXTENDS"
PACK_RULES = (FORMAT, UNKNOWN_FUNCTION, "CHECK-PACK-BAD-PARAM", DUPLICATE, EXTENDS)

_ID_RE = re.compile(r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$")
_PACK_KEYS = {"pack", "title", "extends", "region", "year", "settings", "checks", "disable", "basis"}
_CHECK_KEYS = {"id", "title", "function", "severity", "tolerance", "params", "message", "messages", "ref",
               "cases", "override", "when"}
_CASE_KEYS = {"filing", "prior", "expect", "note"}


def bundled_texts() -> dict[str, str]:
    """File name → text of every bundled pack."""
    folder = resources.files("jixiao.rulepacks").joinpath("checks")
    return {entry.name: entry.read_text("utf-8") for entry in sorted(folder.iterdir(), key=lambda e: e.name)
            if entry.name.endswith(".yaml")}


def load_packs(texts: dict[str, str], functions: Functions, metrics: Registry) -> tuple[dict[str, Pack], list[Finding]]:
    """Parse every pack text (doc name → text) and resolve ``extends``."""
    findings: list[Finding] = []
    raw: dict[str, Pack] = {}
    for doc, text in texts.items():
        try:
            tree = parse_yaml_text(text, doc)
        except UnusableInput as exc:
            findings += exc.findings
            continue
        pack, problems = _parse_pack(tree, doc, functions, metrics)
        findings += problems
        if pack is None:
            continue
        if pack.id in raw:
            findings.append(error(DUPLICATE, f"规则包编号“{pack.id}”重复（{raw[pack.id].source}已有）", pack.source))
            continue
        raw[pack.id] = pack
    resolved: dict[str, Pack] = {}
    for pack_id in raw:
        _resolve(pack_id, raw, resolved, findings, ())
    return resolved, findings


def _parse_pack(tree: Node, doc: str, functions: Functions, metrics: Registry) -> tuple[Pack | None, list[Finding]]:
    findings: list[Finding] = []
    where = getattr(tree, "source", None) or Source(doc, "L1")
    if not isinstance(tree, MapNode) or "pack" not in tree.items or "checks" not in tree.items:
        return None, [error(FORMAT, "规则包应为映射，并含有 pack（编号）与 checks（检查列表）", where)]
    for key in tree.items:
        if key not in _PACK_KEYS:
            findings.append(error(FORMAT, f"规则包中有未知字段“{key}”", tree.key_sources[key]))
    checks_node = tree.items["checks"]
    checks: list[CheckDef] = []
    seen: dict[str, Source] = {}
    if not isinstance(checks_node, SeqNode):
        findings.append(error(FORMAT, "checks 应为列表", _src(checks_node, where)))
    else:
        for node in checks_node.items:
            check, problems = _parse_check(node, doc, functions, metrics)
            findings += problems
            if check is None:
                continue
            if check.id in seen:
                findings.append(error(DUPLICATE, f"检查编号“{check.id}”重复（第{seen[check.id].locator[1:]}行已有）", check.source))
                continue
            seen[check.id] = check.source
            checks.append(check)
    settings, problems = _settings(tree.items.get("settings"), where)
    findings += problems
    year = plain(tree.items.get("year"))
    disable = plain(tree.items.get("disable")) or []
    overrides = frozenset(c.id for c in checks if _is_override(checks_node, c.id))
    pack = Pack(id=str(plain(tree.items["pack"])), title=str(plain(tree.items.get("title")) or ""),
                region=plain(tree.items.get("region")), year=int(year) if year and str(year).isdigit() else None,
                extends=plain(tree.items.get("extends")), checks=tuple(checks), settings=settings, source=where,
                disable=tuple(disable), overrides=overrides)
    return pack, findings


def _is_override(checks_node: Node, check_id: str) -> bool:
    if not isinstance(checks_node, SeqNode):
        return False
    for node in checks_node.items:
        if isinstance(node, MapNode) and plain(node.items.get("id")) == check_id:
            return plain(node.items.get("override")) in ("true", "True")
    return False


def _src(node: Any, fallback: Source) -> Source:
    return getattr(node, "source", None) or fallback


def _parse_check(node: Node, doc: str, functions: Functions, metrics: Registry) -> tuple[CheckDef | None, list[Finding]]:
    where = _src(node, Source(doc, "L1"))
    if not isinstance(node, MapNode):
        return None, [error(FORMAT, "每项检查应为“字段: 值”的映射", where)]
    findings = [error(FORMAT, f"检查中有未知字段“{k}”", node.key_sources[k]) for k in node.items if k not in _CHECK_KEYS]
    missing = [k for k in ("id", "title", "function", "severity", "message") if k not in node.items]
    if missing:
        return None, findings + [error(FORMAT, f"检查缺少字段：{'、'.join(missing)}", where)]
    check_id = str(plain(node.items["id"]))
    if not _ID_RE.match(check_id):
        findings.append(error(FORMAT, f"检查编号“{check_id}”格式不对（大写字母、数字和连字符，如 CHK-K1-GRAND-BALANCE）", _src(node.items["id"], where)))
    fn = functions.get(str(plain(node.items["function"])))
    if fn is None:
        findings.append(error(UNKNOWN_FUNCTION, f"未知的检查函数“{plain(node.items['function'])}”；可用：{'、'.join(functions.names)}",
                              _src(node.items["function"], where)))
        return None, findings
    severity = SEVERITY_WORDS.get(str(plain(node.items["severity"])))
    if severity is None:
        findings.append(error(FORMAT, f"严重性“{plain(node.items['severity'])}”无效，应为 强制/error、提示/warning 或 info", _src(node.items["severity"], where)))
    tolerance = _tolerance(plain(node.items.get("tolerance")) or "stated")
    if tolerance is None:
        findings.append(error(FORMAT, f"容差“{plain(node.items.get('tolerance'))}”无效，应为 {'、'.join(TOLERANCES)} 或一个数", _src(node.items.get("tolerance"), where)))
    params, problems = convert_params(fn, node.items.get("params"), metrics, _src(node.items.get("params"), where))
    findings += problems
    message = str(plain(node.items["message"]))
    messages = plain(node.items.get("messages")) or {}
    findings += _template_problems(fn, message, messages, _src(node.items["message"], where))
    cases, problems = _cases(node.items.get("cases"), check_id, where)
    findings += problems
    when, problems = _when(node.items.get("when"), metrics, where)
    findings += problems
    if findings:
        return None, findings
    return CheckDef(id=check_id, title=str(plain(node.items["title"])), function=fn.name, severity=severity,  # type: ignore[arg-type]
                    tolerance=tolerance, params=params, message=message, messages=messages,  # type: ignore[arg-type]
                    ref=str(plain(node.items.get("ref")) or ""), pack=doc, source=where, cases=tuple(cases),
                    when=when), []


def _when(node: Node | None, metrics: Registry, where: Source) -> tuple[dict[str, tuple[str, ...]], list[Finding]]:
    """``when: {unit.kind: [行政, 参公]}`` — the check applies only to such filings."""
    data = plain(node)
    if data is None:
        return {}, []
    if not isinstance(data, dict):
        return {}, [error(FORMAT, "when 应为“数据路径: [取值…]”映射", _src(node, where))]
    out: dict[str, tuple[str, ...]] = {}
    findings: list[Finding] = []
    for path, allowed in data.items():
        try:
            check_operand(path, metrics, None, [None])
        except ParamError as exc:
            findings.append(error("CHECK-PACK-BAD-PARAM", f"when：{exc}", _src(node, where)))
            continue
        out[path] = tuple(str(a) for a in (allowed if isinstance(allowed, list) else [allowed]))
    return out, findings


def _tolerance(text: str) -> str | Decimal | None:
    if text in TOLERANCES:
        return text
    try:
        return D(text)
    except NumberError:
        return None


def _template_problems(fn, message: str, messages: Any, where: Source) -> list[Finding]:
    allowed = set(fn.fields) | set(COMMON_FIELDS)
    out = []
    if not isinstance(messages, dict):
        return [error(FORMAT, "messages 应为“结果: 模板”映射", where)]
    for outcome, template in [("fail", message), *messages.items()]:
        if outcome != "fail" and outcome not in fn.outcomes:
            out.append(error(FORMAT, f"检查函数 {fn.name} 没有结果类型“{outcome}”", where))
            continue
        try:
            names = {name for _, name, _, _ in string.Formatter().parse(str(template)) if name}
        except ValueError as exc:
            out.append(error(FORMAT, f"消息模板格式错误：{exc}", where))
            continue
        unknown = names - allowed
        if unknown:
            out.append(error(FORMAT, f"消息模板中的“{'、'.join(sorted(unknown))}”不是可用字段；可用：{'、'.join(sorted(allowed))}", where))
    return out


def _cases(node: Node | None, check_id: str, where: Source) -> tuple[list[Case], list[Finding]]:
    out: list[Case] = []
    findings: list[Finding] = []
    if not isinstance(node, MapNode) or not isinstance(node.items.get("pass"), SeqNode) or not isinstance(node.items.get("fail"), SeqNode):
        return [], [error(FORMAT, f"检查 {check_id} 需要 cases: 下的 pass 与 fail 示例（各至少一个）", _src(node, where))]
    for expect in ("pass", "fail"):
        for case in node.items[expect].items:  # type: ignore[union-attr]
            if not isinstance(case, MapNode):
                findings.append(error(FORMAT, "示例应为一份小的填报内容（映射）", _src(case, where)))
                continue
            structured = set(case.items) <= _CASE_KEYS and "filing" in case.items
            body = case.items["filing"] if structured else case
            prior = case.items.get("prior") if structured else None
            severity = None
            if structured and isinstance(case.items.get("expect"), MapNode):
                severity = SEVERITY_WORDS.get(str(plain(case.items["expect"].items.get("severity"))))  # type: ignore[union-attr]
            out.append(Case(check_id, expect, body, prior, severity, case.source))
        if not node.items[expect].items:  # type: ignore[union-attr]
            findings.append(error(FORMAT, f"检查 {check_id} 的 {expect} 示例为空", _src(node.items[expect], where)))
    return out, findings


def _settings(node: Node | None, where: Source) -> tuple[Settings, list[Finding]]:
    data = plain(node) or {}
    if not isinstance(data, dict):
        return Settings(), [error(FORMAT, "settings 应为映射", _src(node, where))]
    try:
        return _settings_from(data), []
    except (ValueError, TypeError, NumberError) as exc:
        return Settings(), [error(FORMAT, f"settings 无效：{exc}", _src(node, where))]


def _settings_from(data: dict[str, Any], base: Settings | None = None) -> Settings:
    base = base or Settings()
    changes: dict[str, Any] = {}
    if "money_places" in data:
        changes["money_places"] = int(data["money_places"])
    if "grade_bands" in data:
        changes["grade_bands"] = tuple((str(b[0]), D(b[1]), D(b[2])) for b in data["grade_bands"])
    if "grade_aliases" in data:
        changes["grade_aliases"] = {str(k): str(v) for k, v in data["grade_aliases"].items()}
    if "none_words" in data:
        changes["none_words"] = tuple(str(w) for w in data["none_words"])
    if "prior_fill" in data:
        changes["prior_fill"] = tuple((str(a), str(b)) for a, b in data["prior_fill"])
    unknown = set(data) - {"money_places", "grade_bands", "grade_aliases", "none_words", "prior_fill"}
    if unknown:
        raise ValueError(f"未知设置 {sorted(unknown)}")
    return replace(base, **changes)


def _resolve(pack_id: str, raw: dict[str, Pack], done: dict[str, Pack], findings: list[Finding],
             chain: tuple[str, ...]) -> Pack | None:
    if pack_id in done:
        return done[pack_id]
    pack = raw[pack_id]
    if pack.extends is None:
        done[pack_id] = pack
        return pack
    if pack.extends not in raw or pack.extends in chain:
        findings.append(error(EXTENDS, f"规则包 {pack_id} 继承的“{pack.extends}”不存在或形成循环", pack.source))
        return None
    parent = _resolve(pack.extends, raw, done, findings, chain + (pack_id,))
    if parent is None:
        return None
    disable, overrides = pack.disable, pack.overrides
    own = {c.id for c in pack.checks}
    for check in pack.checks:
        if parent.get(check.id) is not None and check.id not in overrides:
            findings.append(error(DUPLICATE, f"检查编号“{check.id}”与继承的规则包 {parent.id} 重复；如要替换请写 override: true", check.source))
    inherited = [c for c in parent.checks if c.id not in own and c.id not in disable]
    checks = tuple(inherited) + tuple(c for c in pack.checks if parent.get(c.id) is None or c.id in overrides)
    merged = replace(pack, checks=checks, settings=_merge_settings(parent.settings, pack.settings))
    done[pack_id] = merged
    return merged


def _merge_settings(parent: Settings, child: Settings) -> Settings:
    defaults = Settings()
    changes = {name: getattr(child, name) for name in child.__dataclass_fields__
               if getattr(child, name) != getattr(defaults, name)}
    return replace(parent, **changes)


def select_pack(packs: dict[str, Pack], filing: Filing, pack_id: str | None = None) -> Pack | None:
    """The pack named, else the newest pack of the filing's province not after its year, else ``base``."""
    if pack_id:
        return packs.get(pack_id)
    province = (filing.unit.province or "").strip()
    year = filing.unit.year or 0
    regional = [p for p in packs.values() if p.region and province and p.region in province
                and (p.year is None or p.year <= year)]
    if regional:
        return max(regional, key=lambda p: p.year or 0)
    return packs.get("base")
