"""The synthetic report generator: 决算说明-shaped reports with errors planted at known lines.

A regression set for the auditor, not its measure: it was written by the same hands as the
detectors, so it holds only phrasings they already read.  The measure is the real corpus
(tests/test_audit_real.py, bench/audit_real.py).
"""
