"""Arithmetic relations and validation rules shared across stages.

relations.py: the arithmetic relations (sum, share, change, rate …) judged at the stated precision,
used by checks, scoring and the auditor.  validate.py: 政府收支分类科目 codes against the catalogue
and the keys of published values (``CODE-*``, ``PUBLISHED-KEY-UNKNOWN``; rule_ids.py).
"""
