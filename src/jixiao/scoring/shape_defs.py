"""The built-in rule shapes R1–R12 of DOMAIN.md §3.1, plus two extras.

Each ``_rN`` function is the shape's plan: given parameters, the named steps
(formula text) and a Chinese explanation of the step values.  All arithmetic is
in the steps; explanations only format.  Rates are percentage numbers (99.42
means 99.42%).
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any, Mapping

from jixiao.scoring.shapes import (
    COMMON_PARAMS, InputSpec, ParamSpec, Plan, Shape, ShapeRegistry, n, pct,
)

V = Mapping[str, Decimal]
P = Mapping[str, Any]
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"
POLICY = ("ceil", "floor", "proportional")


def _rounded(expr: str, p: P) -> str:
    places = p.get("points_places")
    return expr if places is None else f"round({expr}, {int(places)})"


def _units(gap: str, policy: str) -> str:
    return {"ceil": f"ceil({gap})", "floor": f"floor({gap})", "proportional": gap}[policy]


# ---------------------------------------------------------------- R1
def _r1(p: P) -> Plan:
    gap = "max(0, target - rate)" if p["direction"] == "below" else "max(0, rate - target)"
    steps = (("gap", gap), ("units", _units("gap", p["partial_point_policy"])),
             ("deduction", "min(W - min_points, step * units)"), ("points", _rounded("W - deduction", p)))
    return Plan((InputSpec("rate", "比率"),), steps, _explain_r1)


def _explain_r1(v: V, p: P) -> str:
    if v["gap"] == 0:
        word = "达到" if p["direction"] == "below" else "未超过"
        return f"{word}目标值{n(Decimal(p['target']))}%，得满分{n(v['points'])}分"
    side, per = ("低于", "每少") if p["direction"] == "below" else ("高于", "每超")
    note = ""
    if p["partial_point_policy"] == "ceil" and v["gap"] != v["units"]:
        note = "（不足一个百分点按一个百分点计）"
    elif p["partial_point_policy"] == "floor" and v["gap"] != v["units"]:
        note = "（不足一个百分点不扣分）"
    return (f"{side}目标{n(v['gap'])}个百分点{note}，按{per}一个百分点扣{n(Decimal(p['step']))}分"
            f"扣{n(v['deduction'])}分，得{n(v['points'])}分")


# ---------------------------------------------------------------- R2 / R7 / R12 (rate × weight)
def _times_weight(label: str, input_name: str, input_zh: str):
    def plan(p: P) -> Plan:
        cap_text = "W" if p.get("cap") is None else str(Decimal(p["cap"]))
        steps = (("raw", f"W * {input_name} / full_at"), ("points", _rounded(f"max(0, min({cap_text}, raw))", p)))

        def explain(v: V, p: P) -> str:
            text = f"按{label}{pct(v[input_name])}×{n(Decimal(p['W']))}分计{n(v['raw'])}分"
            cap = Decimal(p["W"] if p.get("cap") is None else p["cap"])
            if v["raw"] > cap:
                text += f"，超过上限按{n(cap)}分计"
            elif v["raw"] < 0:
                text += "，按0分计"
            return text + f"，得{n(v['points'])}分"
        return Plan((InputSpec(input_name, input_zh),), steps, explain)
    return plan


# ---------------------------------------------------------------- R3
def _r3(p: P) -> Plan:
    steps = (("counted", "max(0, min(periods, achieved))"), ("points", _rounded("min(W, per_period * counted)", p)))

    def explain(v: V, p: P) -> str:
        return (f"按期完成{n(v['counted'])}个时段（共{n(Decimal(p['periods']))}个），每个时段{n(Decimal(p['per_period']))}分，"
                f"得{n(v['points'])}分")
    return Plan((InputSpec("achieved", "按期完成的时段数", "count"),), steps, explain)


# ---------------------------------------------------------------- R4
def _r4(p: P) -> Plan:
    items = p["items"]
    inputs = tuple(InputSpec(f"item_{i + 1}", f"第{i + 1}项是否满足", "flag") for i in range(len(items)))
    total = " + ".join(f"{Decimal(str(it['points']))} * item_{i + 1}" for i, it in enumerate(items)) or "0"
    return Plan(inputs, (("points", _rounded(total, p)),), _explain_r4)


def _explain_r4(v: V, p: P) -> str:
    met, unmet = [], []
    for i, item in enumerate(p["items"]):
        mark = CIRCLED[i] if i < len(CIRCLED) else f"({i + 1})"
        (met if v[f"item_{i + 1}"] != 0 else unmet).append(f"{mark}{n(Decimal(str(item['points'])))}分")
    parts = [("满足" + "、".join(met)) if met else "各项均未满足"]
    if unmet and met:
        parts.append("未满足" + "、".join(unmet))
    return "，".join(parts) + f"，得{n(v['points'])}分"


# ---------------------------------------------------------------- R5
def _r5(p: P) -> Plan:
    steps = (("overrun", "max(0, -saving)"),
             ("points", _rounded("W if saving >= 0 else max(0, W * (1 - overrun / 100))", p)))

    def explain(v: V, p: P) -> str:
        if v["saving"] >= 0:
            return f"节约或持平，得满分{n(Decimal(p['W']))}分"
        return f"成本超支{pct(v['overrun'])}，按比例扣分（{n(Decimal(p['W']))}×(1−{pct(v['overrun'])})），得{n(v['points'])}分"
    return Plan((InputSpec("saving", "成本节约率"),), steps, explain)


# ---------------------------------------------------------------- R6
def _r6(p: P) -> Plan:
    steps = (("points", _rounded("W * max(0, min(100, degree)) / 100", p)),)

    def explain(v: V, p: P) -> str:
        return f"实现程度{pct(v['degree'])}×{n(Decimal(p['W']))}分，得{n(v['points'])}分"
    return Plan((InputSpec("degree", "实现程度"),), steps, explain)


# ---------------------------------------------------------------- R8
def _r8(p: P) -> Plan:
    over = p.get("over_pct")
    full = "W"
    if over is not None:   # far above the target (a target set too low): a stated deduction (偏离度调减)
        cut = Decimal(p.get("over_deduction") or 0)
        full = f"(max(0, W - {cut}) if target > 0 and actual >= target * {1 + Decimal(over) / 100} else W)"
    ge = f"{full} if actual >= target else (W * actual / target if target > 0 else 0)"
    if p.get("le_rule") == "ratio":     # 反向指标 W × 指标值 / 实际值 (Hubei, Beijing: “按A/B×分值”)
        le = "W if actual <= target else W * target / actual"
    else:
        le = "W if actual <= target else (W * (1 - (actual - target) / target) if actual < 2 * target else 0)"
    eq = "(W if actual <= 0 else 0) if target == 0 else ge"
    steps = (("ge", ge), ("le", le), ("eq", eq),
             ("raw", "ge if nature == 1 else (le if nature == 2 else eq)"),
             ("points", _rounded("max(0, min(W, raw))", p)))
    inputs = (InputSpec("target", "指标值", "number"), InputSpec("actual", "实际完成值", "number"),
              InputSpec("nature", "指标性质（1 ≥，2 ≤，3 =）", "code"))
    return Plan(inputs, steps, _explain_r8)


def _explain_r8(v: V, p: P) -> str:
    t, a, w = v["target"], v["actual"], Decimal(p["W"])
    nature = {1: "≥", 2: "≤", 3: "="}.get(int(v["nature"]), "?")
    head = f"指标性质“{nature}”，指标值{n(t)}，实际完成值{n(a)}"
    over = p.get("over_pct")
    if over is not None and nature in ("≥", "=") and t > 0 and a >= t * (1 + Decimal(over) / 100):
        return (f"{head}，超过指标值{n(Decimal(over))}%及以上（目标设定偏低），"
                f"扣{n(Decimal(p.get('over_deduction') or 0))}分，得{n(v['points'])}分")
    if v["points"] == w:
        return f"{head}，达到指标值，得满分{n(w)}分"
    if nature == "≥" or (nature == "=" and t != 0):
        if t > 0:
            return f"{head}，按完成比例{n(a)}/{n(t)}×{n(w)}分，得{n(v['points'])}分"
        return f"{head}，未达到指标值，得{n(v['points'])}分"
    if nature == "≤" and p.get("le_rule") == "ratio":
        return f"{head}，超出指标值，按指标值/实际完成值{n(t)}/{n(a)}×{n(w)}分，得{n(v['points'])}分"
    if nature == "≤" and t > 0 and a < 2 * t:
        return f"{head}，超出指标值{pct((a - t) / t * 100)}，按(1−偏离度)×{n(w)}分，得{n(v['points'])}分"
    if nature == "≤":
        return f"{head}，超出指标值一倍及以上，得{n(v['points'])}分"
    return f"{head}，未达到指标值，得{n(v['points'])}分"


# ---------------------------------------------------------------- R9
def _r9(p: P) -> Plan:
    grades = p["grades"]
    low = high = "0"
    opened = "0"
    for code in sorted(grades, reverse=True):
        lo, hi = grades[code]["range"]
        low = f"(W * {lo} / 100 if grade == {code} else {low})"
        high = f"(W * {hi} / 100 if grade == {code} else {high})"
        opened = f"({1 if hi < 100 else 0} if grade == {code} else {opened})"
    steps = (("low", _rounded(low, p)), ("high", _rounded(high, p)), ("high_open", opened))

    def explain(v: V, p: P) -> str:
        label = p["grades"].get(int(v["grade"]), {}).get("label", "?")
        close = "）" if v["high_open"] != 0 else "]"
        return f"定性指标评价为“{label}”，得分区间[{n(v['low'])}, {n(v['high'])}{close}分"
    return Plan((InputSpec("grade", "定性评价（1 达成，2 部分达成，3 未达成）", "code"),), steps, explain)


# ---------------------------------------------------------------- R10
_BAND_OPS = {"le": "<=", "lt": "<", "ge": ">=", "gt": ">"}
_BAND_ZH = {"le": "≤", "lt": "<", "ge": "≥", "gt": ">"}


def _r10(p: P) -> Plan:
    bands = list(p["bands"])
    if any(k in bands[-1] for k in _BAND_OPS):
        bands.append({"else": True, "points": 0})
    band = str(len(bands))
    for i in range(len(bands) - 2, -1, -1):
        op = next(k for k in _BAND_OPS if k in bands[i])
        band = f"({i + 1} if value {_BAND_OPS[op]} {Decimal(str(bands[i][op]))} else {band})"
    points = "0"
    for i in range(len(bands) - 1, -1, -1):
        points = f"({Decimal(str(bands[i]['points']))} if band == {i + 1} else {points})"
    steps = (("band", band), ("points", _rounded(points, p)))

    def explain(v: V, p: P) -> str:
        b = bands[int(v["band"]) - 1]
        op = next((k for k in _BAND_OPS if k in b), None)
        where = f"“{_BAND_ZH[op]}{n(Decimal(str(b[op])))}”档" if op else "其余情形"
        return f"{n(v['value'])}落在{where}，得{n(v['points'])}分"
    return Plan((InputSpec("value", "取值"),), steps, explain)


# ---------------------------------------------------------------- R11
def _r11(p: P) -> Plan:
    steps = (("gap", "max(0, target - rate)"), ("blocks", _units("gap / block", p["partial_block"])),
             ("deduction", "min(W - min_points, step * blocks)"), ("points", _rounded("W - deduction", p)))

    def explain(v: V, p: P) -> str:
        if v["gap"] == 0:
            return f"达到目标值{n(Decimal(p['target']))}%，得满分{n(Decimal(p['W']))}分"
        return (f"低于目标{n(v['gap'])}个百分点，每低{n(Decimal(p['block']))}%扣{n(Decimal(p['step']))}分，"
                f"计{n(v['blocks'])}档扣{n(v['deduction'])}分，得{n(v['points'])}分")
    return Plan((InputSpec("rate", "比率"),), steps, explain)


# ---------------------------------------------------------------- X1
def _x1(p: P) -> Plan:
    steps = (("points", _rounded("max(min_points, W - deduction)", p)),)

    def explain(v: V, p: P) -> str:
        return f"原文写明扣{n(v['deduction'])}分，{n(Decimal(p['W']))}−{n(v['deduction'])}={n(v['points'])}分"
    return Plan((InputSpec("deduction", "写明的扣分", "points"),), steps, explain)


def _params(*extra: ParamSpec) -> tuple[ParamSpec, ...]:
    return COMMON_PARAMS + extra


def default_shapes() -> ShapeRegistry:
    """A fresh registry holding the built-in shapes."""
    target = ParamSpec("target", "目标值（%）", "number", 100)
    min_points = ParamSpec("min_points", "最低得分", "number", 0)
    cap = ParamSpec("cap", "得分上限（空=满分）", "number", None)
    full_at = ParamSpec("full_at", "满分对应的比率（%）", "number", 100)
    return ShapeRegistry((
        Shape("deduct_per_point", "R1", "每差一个百分点扣分，扣完为止",
              "得分 = max(最低分, W − 每点扣分 × 取整(差距))；差距 = 目标 − 比率（或 比率 − 目标）",
              _params(target, ParamSpec("step", "每个百分点扣分", "number", 1),
                      ParamSpec("direction", "方向：below 低于目标扣分 / above 高于目标扣分", "choice", "below", choices=("below", "above")),
                      ParamSpec("partial_point_policy", "不足一个百分点：ceil 按一个计 / floor 不计 / proportional 按比例", "choice", "ceil", choices=POLICY),
                      min_points), _r1),
        Shape("rate_times_weight", "R2", "比率×分值，封顶", "得分 = max(0, min(上限, W × 比率 / 满分比率))",
              _params(cap, full_at), _times_weight("比率", "rate", "比率")),
        Shape("points_per_period", "R3", "按期完成的时段计分", "得分 = min(W, 每时段分 × min(时段数, 按期完成时段数))",
              _params(ParamSpec("per_period", "每个时段的分值", "number", Decimal("1.5")),
                      ParamSpec("periods", "时段总数", "int", 4)), _r3),
        Shape("checklist", "R4", "逐项核对清单", "得分 = Σ 满足的条目的分值",
              _params(ParamSpec("items", "条目（label, points）", "items", None, required=True)), _r4),
        Shape("saving_or_overrun", "R5", "节约得满分，超支按比例扣分",
              "节约率 ≥ 0：W；否则 max(0, W × (1 − 超支率))（超支的具体扣分办法原文未写明）", _params(), _r5),
        Shape("degree_times_weight", "R6", "实现程度×分值", "得分 = W × min(100%, 实现程度)", _params(), _r6),
        Shape("survey_rate", "R7", "满意率×分值", "得分 = max(0, min(上限, W × 满意率 / 满分比率))",
              _params(cap, full_at), _times_weight("满意率", "rate", "满意率")),
        Shape("indicator_nature", "R8", "≥/≤/= 指标按性质计分",
              "≥：达到得W，否则 W×实际/目标；≤：不超过得W，超出不到一倍按 W×(1−偏离度)，超出一倍及以上0分；"
              "=：目标为0时实际≤0得W否则0，目标>0按≥计", _params(
                  ParamSpec("le_rule", "≤指标超出时：deviation 按(1−偏离度)×W / ratio 按 指标值/实际值×W", "choice", "deviation",
                            choices=("deviation", "ratio")),
                  ParamSpec("over_pct", "≥指标超过指标值的百分比达到此数时视为目标偏低（空=不调减）", "number", None),
                  ParamSpec("over_deduction", "目标偏低时扣的分", "number", 0)), _r8),
        Shape("qualitative_grade", "R9", "定性指标三档", "达成 / 部分达成 / 未达成 各占分值的一个区间（如 80–100% / 60–80% / 0–60%）",
              _params(ParamSpec("grades", "各档区间（% of W）", "grades", None, required=True)), _r9, bounded=True),
        Shape("tiered_bands", "R10", "分档计分", "依次比较各档条件（≤、<、≥、>），取第一个满足的档的分值",
              _params(ParamSpec("bands", "分档（le/lt/ge/gt 与 points；最后一档可为 else）", "bands", None, required=True)), _r10),
        Shape("deduct_per_block", "R11", "每差一档（如5个百分点）扣分", "得分 = max(最低分, W − 每档扣分 × 取整(差距 / 档宽))",
              _params(target, ParamSpec("block", "档宽（个百分点）", "number", 5), ParamSpec("step", "每档扣分", "number", 2),
                      ParamSpec("partial_block", "不足一档：ceil 按一档计 / floor 不计 / proportional 按比例", "choice", "ceil", choices=POLICY),
                      min_points), _r11),
        Shape("coefficient_times_weight", "R12", "得分系数×分值", "得分 = max(0, min(上限, W × 系数 / 100))",
              _params(cap, ParamSpec("full_at", "满分对应的系数（%）", "number", 100)), _times_weight("得分系数", "coefficient", "得分系数")),
        Shape("stated_deduction", "X1", "按写明的扣分计", "得分 = max(最低分, W − 写明的扣分)", _params(min_points), _x1),
        Shape("unknown", "X0", "规则未知", "评分规则未公开：只核对得分不超过分值", _params(), None),
    ))
