"""Rule ids batch scoring emits (``BATCH-*``).  Each is described in docs/batch.md; tests/test_rule_ids.py
checks that every id emitted anywhere is registered here or in another package's table, and documented."""
from __future__ import annotations

RULE_IDS: dict[str, str] = {
    "BATCH-RAGGED-ROW": "CSV 中一行的列数与表头不同（给出行号）",
    "BATCH-XLSX-RANGE": "批量 Excel 工作簿的列或单元格超出上限（512 列、2000 万个单元格）",
    "BATCH-NO-DATA": "数据文件夹不存在、没有数据文件，或没有任何一行有项目编号（退出码2）",
    "BATCH-FORMAT": "文件不是 .parquet/.csv/.xlsx（退出码2）",
    "BATCH-UNREADABLE": "文件无法读取（工作簿损坏、不是 parquet、文字编码无法识别）（退出码2）",
    "BATCH-MISSING-COLUMN": "缺少 project_id 列（指标表缺少 criterion 列）（退出码2）",
    "BATCH-DUPLICATE-COLUMN": "两个表头指同一列（退出码2）",
    "BATCH-FLOAT": "浮点（DOUBLE/FLOAT）列（退出码2）",
    "BATCH-NO-INDICATOR-RULES": "给了指标表，但评分规则没有2020年表式的指标规则（退出码2）",
    "BATCH-OPTIONS": "--scores-only 与 --items 同时使用（退出码2）",
    "BATCH-BAD-VALUE": "单元格无法按其类型读取，按缺失处理",
    "BATCH-MISSING-ID": "一行没有项目编号，不予评分",
    "BATCH-DUPLICATE-PROJECT": "项目表中同一项目出现两次，只用第一行",
    "BATCH-DUPLICATE-ITEM": "指标表中同一项目的同一指标出现两次，只用第一行",
    "BATCH-UNKNOWN-CRITERION": "评分规则中没有的指标",
    "BATCH-UNKNOWN-COLUMN": "批量评分不使用的列（忽略）",
    "BATCH-UNKNOWN-SECTION": "一级指标不在评分规则的任何部分中，该行按规则未知处理",
}
