"""The standard rates and ratios (执行率、到位率、控制率、变动率 …) of a filing.

The metric registry is data (data/metrics.yaml, registry.py); its formulas are the arithmetic part of
the one expression language (:mod:`jixiao.expr`, ``parse(…, arithmetic=True)``), evaluated over Decimal;
compute.py computes every metric with its operands and
compares it with the published value.  docs/metrics.md is generated from the registry.
"""
