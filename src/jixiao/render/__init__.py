"""Publication documents from a filing: filing + metrics + scores → template (rulepacks/templates/) →
neutral document (blocks.py, document.py, sections/) → Word, Excel, PDF (Typst) and HTML
(writers/), with charts (charts.py).  Scores come from the scoring engine (scores.py); the render
log records adjustments, figures taken over unverified and missing data.  docs/render.md.
"""
