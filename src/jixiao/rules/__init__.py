"""Validation rules: 政府收支分类科目 codes against the catalogue and the keys of published values
(validate.py; ``CODE-*``, ``PUBLISHED-KEY-UNKNOWN``; rule_ids.py).

The arithmetic relations (sum, share, change, rate, score total, score ≤ maximum) are not here:
they are :mod:`jixiao.relations`, at the bottom of the layers, one place for every verdict.
"""
