"""Audit reports that are already published (.txt/.docx/.pdf/.html): read → scan the stated figures →
extract the relations the text states (immutable, each read explicit or inferred) → verify them, an
error only when the reading is certain (docs/audit-design.md)."""
