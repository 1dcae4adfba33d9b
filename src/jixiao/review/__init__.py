"""The finance bureau's review of units' self-evaluations (抽查复核).

Stages, each taking the previous one's plain results::

    packs      warning rules (预警规则) and review rules (复核口径) as versioned YAML
               (rulepacks/review/*.yaml), each with a source and pass/fail cases
    triage     filings → red/yellow flags citing their rule and the cells they read,
               plus the check findings → risk per project and unit → ranked sampling list
    rescore    a sampled unit's projects → per indicator: self score, review score,
               deviation and the 复核口径 rules cited (same explanation shape as ``jixiao score``)
    workpaper  底稿 .xlsx out (unit's figures locked, reviewer's columns open) and back in,
               checking the reviewer's own mistakes with sheet and cell
    report     复核报告 per unit (docx/pdf through the render writers), bureau summary,
               issue list P0/P1/P2/通过, draft 通报, findings register, rankings, charts
    bulk       province-scale triage on DuckDB over the batch parquet tables

See docs/review.md (for reviewers) and DOMAIN.md §11–12 (sources).
"""
