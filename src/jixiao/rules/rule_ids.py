"""Rule ids of validate.py: 政府收支分类科目 codes (``CODE-*``) and the keys of published values.
docs/input-rules.md is generated from this table; tests/test_rule_ids.py checks that every id emitted
anywhere is registered."""
from __future__ import annotations

RULE_IDS: dict[str, str] = {
    "PUBLISHED-KEY-MISPLACED": "公开值的键放错了位置（如把支出总计的变动写在收入总计的键下）",
    "CODE-MALFORMED": "科目编码格式不对（功能分类应为3/5/7位数字，经济分类3/5位）",
    "CODE-UNKNOWN": "科目编码不在该年度的政府收支分类科目中",
    "CODE-RETIRED": "科目编码在该年度已停用（警告）",
    "CODE-NOT-YET-VALID": "科目编码在该年度尚未启用（警告）",
    "CODE-NAME-MISMATCH": "科目名称与分类科目中的名称不同（警告）",
    "PUBLISHED-KEY-UNKNOWN": "公开数值的键既不是已登记的指标，也不是数据路径，jixiao 无法核对它（警告）",
}
