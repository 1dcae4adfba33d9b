"""Rule ids the check engine itself emits (``CHECK-PACK-*``), besides the check ids of the packs
(rulepacks/checks/*.yaml, which are data).  docs/checks.md lists both; tests/test_rule_ids.py checks
that every id emitted anywhere is registered here or in another package's table, and documented."""
from __future__ import annotations

RULE_IDS: dict[str, str] = {
    "CHECK-PACK-FORMAT": "规则包格式错误：未知字段、缺少字段、严重性/容差/编号/消息模板/示例无效",
    "CHECK-PACK-UNKNOWN-FUNCTION": "规则包中的检查引用了未登记的检查函数",
    "CHECK-PACK-BAD-PARAM": "检查参数错误：未知或缺少参数、数据路径不存在、指标编号未登记、取值形状不对",
    "CHECK-PACK-DUPLICATE-ID": "检查编号（或规则包编号）重复；覆盖继承的检查须写 override: true",
    "CHECK-PACK-EXTENDS": "规则包继承的上级规则包不存在或形成循环",
    "CHECK-PACK-UNKNOWN": "--pack 指定的规则包不存在（退出码2）",
}
