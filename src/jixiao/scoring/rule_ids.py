"""Rule ids scoring emits (``SCORE-*`` findings, ``RUBRIC-*`` problems of a rubric file).  Each is
described in docs/rubrics.md; tests/test_rule_ids.py checks that every id emitted anywhere is
registered here or in another package's table, and documented."""
from __future__ import annotations

RULE_IDS: dict[str, str] = {
    "SCORE-ITEM-OVER-MAX": "公开的单项得分超过该项满分",
    "SCORE-ITEM-NEGATIVE": "公开的单项得分为负",
    "SCORE-ITEM-MISMATCH": "公开得分与按该项规则、由其自身证据算出的得分不符",
    "SCORE-ITEM-UNREACHABLE": "没有证据时，按规则任何证据都得不到公开的得分",
    "SCORE-EVIDENCE-MISSING": "证据不足，公开得分无法核实",
    "SCORE-RULE-UNKNOWN": "评分规则不知道该项的计分规则",
    "SCORE-NOT-COMPUTABLE": "有输入但规则无法计算（除以零）",
    "SCORE-ITEM-UNKNOWN": "公开的一行不对应评分规则的任何指标",
    "SCORE-ITEM-NOT-PUBLISHED": "评分规则的指标在公开的计分表中缺失",
    "SCORE-MAX-MISMATCH": "计分表写的满分与评分规则不同",
    "SCORE-WEIGHTS-MISMATCH": "2020年表式：一组指标的分值之和与评分规则不同",
    "SCORE-TOTAL-MISMATCH": "公开总分不等于各项公开得分之和",
    "SCORE-TOTAL-UNVERIFIABLE": "部分得分未公开，总分无法复核（给出可能的区间）",
    "SCORE-SUBTOTAL-MISMATCH": "公开的小计不等于该部分各项得分之和",
    "SCORE-GRADE-BAND": "公开等级不是公开总分所在的等级",
    "SCORE-GRADE-MISMATCH": "公开等级不是复算总分所在的等级",
    "SCORE-GRADE-UNKNOWN": "公开等级不是评分规则的任何等级",
    "SCORE-RATE-MISMATCH": "计分所用的公开比率与其运算数不符",
    "SCORE-RUBRIC-FALLBACK": "没有适用于该省份和年度的评分规则，按默认规则评分",
    "RUBRIC-INVALID": "评分规则文件格式错误（退出码2）",
    "RUBRIC-UNKNOWN": "没有该编号（或地区口径）的评分规则（退出码2）",
}
