"""Reading and writing filings, and reading published reports.

YAML (yaml_in.py) and the Excel template (xlsx_in.py) → one neutral tree (tree.py) → the Filing
model (build.py), every value with its source; writers back to YAML and Excel (yaml_out.py,
xlsx_out.py); load.py picks the reader.  Published reports (.txt, .docx, .pdf, .html) → lines and
tables for the auditor (published.py and the *_reader.py modules).  Bad input is an ``INPUT-*``
finding (rule_ids.py, docs/input-rules.md), or UnusableInput when nothing can be read.  validate.py
checks what needs more than one field: 科目 codes against the catalogue, the keys of published values
(``CODE-*``, ``PUBLISHED-KEY-*``).
"""
from jixiao import native as _native

#: True when the line readers the auditor runs on (normalise, published, text_reader, cell_lines) are the compiled build
NATIVE = _native.activate("ingest", __path__)
