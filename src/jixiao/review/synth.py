"""A synthetic province for the review: units, projects and 2020 target tables, with inflation planted.

    synthesise_province(out, units=16000, projects=200000, seed=1) -> paths

Tables (parquet): ``units`` (unit_id, unit_name, department, region), ``projects``
(project_id, unit_id, project_name, expected_goal, actual_goal, annual_budget,
executed, exec_weight, exec_score, published_total, max_total), ``indicators`` (project_id,
seq, level1, level2, name, nature, target, unit, actual, weight, score, deviation)
and ``planted`` (project_id, pattern): the truth a triage must recover.

A clean project meets every target exactly except its quantity indicator (90%,
scored in proportion), spends 96–99.9% of its budget and names its satisfaction
survey; it raises no warning.  Patterns are planted at the rates in
:data:`RATES` (per project; ``all_full`` per unit).  Seeded: the same seed gives
the same province.  Amounts are exact decimals (drawn as integer 分 of 万元).
"""
from __future__ import annotations

import os

RATES = {"all_full": 0.05, "exec_low": 0.06, "prose": 0.08, "goal_copy": 0.07, "unmet_full": 0.04,
         "sat_no_survey": 0.10, "overshoot": 0.05, "vague": 0.04, "copy_actual": 0.03, "copied": 0.03}

#: which warning rule each planted pattern must raise (and no clean project raises)
EXPECTED = {"REV-W-SCORE-AHEAD": {"exec_low"}, "REV-W-EXEC-LOW": {"exec_low"}, "REV-W-ALL-FULL": {"all_full"},
            "REV-W-GOAL-COPIED": {"goal_copy"}, "REV-W-PROSE-ACTUAL": {"prose"},
            "REV-W-VAGUE-TARGET": {"vague", "copy_actual"}, "REV-W-ACTUAL-IS-TARGET": {"copy_actual"},
            "REV-W-SATISFACTION-NO-SURVEY": {"sat_no_survey"}, "REV-W-OVERSHOOT": {"overshoot"},
            "REV-W-FULL-UNMET": {"unmet_full"}, "REV-W-COPIED-ACROSS-UNITS": {"copied"}}

DEPARTMENTS = ("教育局", "卫生健康局", "民政局", "农业农村局", "交通运输局", "自然资源局", "司法局", "文化旅游局",
               "水务局", "信访局", "财政局", "人社局", "住建局", "生态环境局", "应急管理局", "市场监管局",
               "退役军人事务局", "医保局", "林草局", "统计局")
REGIONS = ("雁江区", "安岳县", "乐至县", "沾益区", "麒麟区", "宣威市", "会泽县", "富源县", "陆良县", "师宗县",
           "罗平县", "马龙区", "江阳区", "龙马潭区", "纳溪区", "泸县", "合江县", "叙永县", "古蔺县", "简阳市")
TASKS = ("专项经费", "运行保障经费", "信息化建设", "业务培训", "设备购置", "维修改造", "宣传经费", "专项补助",
         "工作经费", "服务外包")
PROSE = ("合格率95%以上", "大于95%", "基本合格", "全部合格", "达到要求", "较好完成")
BOILER = ("全面完成年度各项目标任务，项目资金使用规范，社会效益和经济效益显著，服务对象满意度高，达到预期目标",
          "严格按照项目实施方案推进各项工作，资金拨付及时到位，各项绩效指标均已完成，群众获得感明显增强",
          "项目按计划实施并通过验收，管理制度健全，资金使用合规有效，为全区经济社会发展提供了有力保障")
#: (level1, level2, name, nature, unit, weight) of the seven indicator rows every project has
ROWS = (("产出指标", "数量指标", "完成任务数量", "≥", "次", 15), ("产出指标", "质量指标", "验收合格率", "≥", "%", 15),
        ("产出指标", "时效指标", "按期完成率", "≥", "%", 10), ("产出指标", "成本指标", "成本控制率", "≤", "%", 10),
        ("效益指标", "社会效益指标", "服务覆盖人数", "≥", "人", 15), ("效益指标", "可持续影响指标", "长效机制建立", "≥", "项", 15),
        ("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥", "%", 10))


def synthesise_province(out: str, units: int = 16000, projects: int = 200000, seed: int = 1) -> list[str]:
    import numpy as np

    from jixiao.batch.db import connect, run

    if projects < units:
        raise ValueError("projects must be at least units")
    rng = np.random.default_rng(seed)
    os.makedirs(out, exist_ok=True)
    # ---- units
    base = min(5, projects // units)
    counts = base + rng.multinomial(projects - base * units, np.full(units, 1 / units))
    dept = rng.integers(0, len(DEPARTMENTS), units)
    region = rng.integers(0, len(REGIONS), units)
    unit_ids = np.char.add("U", np.char.zfill(np.arange(1, units + 1).astype(str), 5))
    unit_names = np.char.add(np.char.add(np.array(REGIONS)[region], np.array(DEPARTMENTS)[dept]),
                             np.char.add("所属单位", unit_ids))
    full_unit = rng.random(units) < RATES["all_full"]
    # ---- projects
    n = int(counts.sum())
    owner = np.repeat(np.arange(units), counts)
    pids = np.char.add("P", np.char.zfill(np.arange(1, n + 1).astype(str), 6))
    task = rng.integers(0, len(TASKS), n)
    full = full_unit[owner]
    draw = {k: rng.random(n) < r for k, r in RATES.items() if k != "all_full"}
    draw["exec_low"] &= ~full
    draw["copied"] &= ~draw["goal_copy"]
    budget = rng.integers(500, 500000, n)                                  # 分 of 万元: 5.00 … 4999.99
    rate = np.where(full, 10000, rng.integers(9600, 9990, n))               # 0.01 %
    rate = np.where(draw["exec_low"], rng.integers(5500, 7900, n), rate)
    executed = budget * rate // 10000
    names = np.char.add(np.array(DEPARTMENTS)[dept[owner]], np.array(TASKS)[task])
    goal = np.char.add(np.char.add("完成", names), np.char.add("年度任务", pids))            # 15–22 characters, unique
    actual_goal = np.char.add(np.char.add("已完成", names), np.char.add("全年任务", pids))
    actual_goal = np.where(draw["goal_copy"], goal, actual_goal)
    actual_goal = np.where(draw["copied"], np.array(BOILER)[rng.integers(0, len(BOILER), n)], actual_goal)
    # ---- indicators (7 per project)
    m = n * len(ROWS)
    pid_rows = np.repeat(pids, len(ROWS))
    seq = np.tile(np.arange(len(ROWS)), n)
    target = np.zeros(m, dtype=np.int64)
    target[seq == 0] = rng.integers(10, 60, n)
    target[seq == 1], target[seq == 2], target[seq == 3] = 95, 100, 100
    target[seq == 4] = rng.integers(100, 1000, n)
    target[seq == 5], target[seq == 6] = 1, 90
    weights = np.array([r[5] for r in ROWS])[seq]
    actual = target.copy()
    score = weights * 100                                                   # 0.01 points
    quantity = seq == 0
    shortfall = (target * 9 + 9) // 10                                      # 90%, rounded up
    actual[quantity] = np.where(full, target[quantity], shortfall[quantity])
    score[quantity] = np.where(full, 1500, (3000 * actual[quantity] + target[quantity]) // (2 * target[quantity]))
    unmet = draw["unmet_full"]
    actual[quantity] = np.where(unmet, (target[quantity] * 8) // 10, actual[quantity])
    score[quantity] = np.where(unmet, 1500, score[quantity])
    over = seq == 4
    actual[over] = np.where(draw["overshoot"], (target[over] * 13 + 9) // 10 + rng.integers(0, 50, n), actual[over])
    target_text = target.astype(str).astype(object)
    actual_text = actual.astype(str).astype(object)
    nature = np.array([r[3] for r in ROWS], dtype=object)[seq]
    prose_row = (seq == 1) & np.repeat(draw["prose"], len(ROWS))
    actual_text[prose_row] = np.array(PROSE, dtype=object)[rng.integers(0, len(PROSE), int(prose_row.sum()))]
    vague_row = (seq == 5) & np.repeat(draw["vague"] & ~draw["copy_actual"], len(ROWS))
    target_text[vague_row] = "长效机制明显完善"
    nature[vague_row] = "定性"
    copy_row = (seq == 5) & np.repeat(draw["copy_actual"], len(ROWS))
    target_text[copy_row] = "建立长效管理机制"
    actual_text[copy_row] = "建立长效管理机制"
    nature[copy_row] = "定性"
    deviation = np.full(m, "无偏差", dtype=object)
    survey = (seq == 6) & ~np.repeat(draw["sat_no_survey"], len(ROWS))
    deviation[survey] = "发放问卷200份，回收186份"
    indicator_sum = np.bincount(np.repeat(np.arange(n), len(ROWS)), weights=score, minlength=n).astype(np.int64)
    exec_points = np.minimum(1000, (1000 * executed) // budget)             # 0.01 points, 10 × rate, capped
    total = indicator_sum + exec_points
    # ---- write
    con = connect()
    con.register("u", {"unit_id": unit_ids.astype(object), "unit_name": unit_names.astype(object),
                       "department": np.array(DEPARTMENTS, dtype=object)[dept], "region": np.array(REGIONS, dtype=object)[region]})
    con.register("p", {"project_id": pids.astype(object), "unit_id": unit_ids[owner].astype(object),
                       "project_name": names.astype(object), "expected_goal": goal.astype(object),
                       "actual_goal": actual_goal.astype(object), "budget": budget, "executed": executed, "total": total,
                       "exec_points": exec_points})
    con.register("i", {"project_id": pid_rows.astype(object), "seq": seq, "nature": nature, "target": target_text,
                       "actual": actual_text, "weight": weights, "score": score, "deviation": deviation})
    planted_pid, planted_kind = [], []
    for kind, mask in draw.items():
        planted_pid.append(pids[mask])
        planted_kind.append(np.full(int(mask.sum()), kind, dtype=object))
    planted_pid.append(pids[full])
    planted_kind.append(np.full(int(full.sum()), "all_full", dtype=object))
    con.register("t", {"project_id": np.concatenate(planted_pid).astype(object), "pattern": np.concatenate(planted_kind)})
    level1 = " ".join(f"WHEN {k} THEN '{r[0]}'" for k, r in enumerate(ROWS))
    level2 = " ".join(f"WHEN {k} THEN '{r[1]}'" for k, r in enumerate(ROWS))
    name = " ".join(f"WHEN {k} THEN '{r[2]}'" for k, r in enumerate(ROWS))
    unit = " ".join(f"WHEN {k} THEN '{r[4]}'" for k, r in enumerate(ROWS))
    queries = {
        "units": "SELECT * FROM u",
        "projects": "SELECT project_id, unit_id, project_name, expected_goal, actual_goal, "
                    "CAST(budget AS DECIMAL(18,0)) * CAST('0.01' AS DECIMAL(18,2)) AS annual_budget, CAST(executed AS DECIMAL(18,0)) * CAST('0.01' AS DECIMAL(18,2)) AS executed, "
                    "CAST(10 AS DECIMAL(18,2)) AS exec_weight, CAST(CAST(exec_points AS DECIMAL(18,0)) * CAST('0.01' AS DECIMAL(18,2)) AS VARCHAR) AS exec_score, CAST(CAST(total AS DECIMAL(18,0)) * CAST('0.01' AS DECIMAL(18,2)) AS VARCHAR) AS published_total, "
                    "CAST(100 AS DECIMAL(18,2)) AS max_total FROM p",
        "indicators": f"SELECT project_id, CAST(seq AS INTEGER) AS seq, CASE seq {level1} END AS level1, CASE seq {level2} END AS level2, "
                      f"CASE seq {name} END AS name, nature, target, CASE seq {unit} END AS unit, actual, "
                      "CAST(weight AS DECIMAL(18,2)) AS weight, CAST(CAST(score AS DECIMAL(18,0)) * CAST('0.01' AS DECIMAL(18,2)) AS VARCHAR) AS score, deviation FROM i",
        "planted": "SELECT * FROM t",
    }
    written = []
    for table, query in queries.items():
        path = os.path.join(out, f"{table}.parquet")
        run(con, f"COPY ({query}) TO '{path}' (FORMAT parquet, COMPRESSION zstd)")
        written.append(path)
    return written
