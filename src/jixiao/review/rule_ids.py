"""Rule ids the review code emits itself (the warning and 复核口径 rules are the packs' own ids, in
rulepacks/review/*.yaml).  docs/review.md documents them; tests/test_rule_ids.py checks both."""
from __future__ import annotations

RULE_IDS: dict[str, str] = {
    "REV-WP-BLANK-SCORE": "复核底稿中复核得分空白",
    "REV-WP-NOT-NUMBER": "复核底稿中复核得分不是数字",
    "REV-WP-OVER-MAX": "复核得分超过该项分值",
    "REV-WP-CUT-MISMATCH": "备注写明的扣分与实际扣分（自评得分 − 复核得分）不符",
    "REV-WP-NO-EVIDENCE-SCORED": "备注写“无佐证”，复核得分却大于0",
    "REV-WP-REPORT-MISMATCH": "复核报告中的复核得分与底稿合计不符，或项目在一方缺失",
    "REV-WP-FORMAT": "复核底稿的表头被改动",
    "REV-WP-UNIT-UNKNOWN": "生成报告时给出的底稿，其单位不在所给的填报文件中",
    "REVIEW-PACK-FORMAT": "复核规则包的格式错误",
    "REVIEW-PACK-CASES": "复核规则包中规则的示例（通过/不通过）缺失或不成立",
    "REVIEW-PACK-KIND": "复核规则包的类型不对（预警规则包与复核口径包不能互换）",
    "REVIEW-PACK-UNKNOWN": "找不到指定的复核规则包",
}
