"""Audit reports that are already published (.txt/.docx/.pdf/.html): read → scan the stated figures →
extract the relations the text states (immutable, each read explicit or inferred) → verify them, an
error only when the reading is certain (docs/audit-design.md).

The modules run compiled (mypyc) when ``scripts/setup.sh`` has built them for exactly these
sources, and as plain Python otherwise: ``jixiao.native``.
"""
from jixiao import native as _native

#: True when this package's modules are the compiled build of these very sources
NATIVE = _native.activate("audit", __path__)
