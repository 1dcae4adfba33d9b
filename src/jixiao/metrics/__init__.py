"""The standard rates and ratios (执行率、到位率、控制率、变动率 …) of a filing.

The metric registry is data (data/metrics.yaml, registry.py); expr.py is the small Decimal formula
language its formulas are written in; compute.py computes every metric with its operands and
compares it with the published value.  docs/metrics.md is generated from the registry.
"""
