"""Carry last year's filing forward into this year's template (``jixiao template 模板.xlsx --from 上年.yaml``).

Kept: the unit's codes and facts (year + 1), 主要职责 and 机构设置, the income sources and 科目 lines (codes and
names), projects with their 资金来源 rows, 绩效指标 (指标, 性质, 指标值, 度量单位, 分值) and 评分表 lines
(指标 and 分值), the department's goal, indicators and scorecard lines.  Last year's figures become this
year's 上年数 (``prior`` ← ``amount``; 上年三公经费预算/决算数 ← 本年).  Everything this year must state
anew (amounts, actual values, scores, reasons, published statements) is left empty.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Any

from jixiao.model import schema as S
from jixiao.model.filing import Department, DepartmentInputs, Filing, Meta, Project, Texts

#: fields that name a line rather than state a figure: kept in every list
_KEYS = {"code", "name", "source", "category"}
_INDICATOR = ("level1", "level2", "name", "nature", "nature_as_published", "target", "unit", "weight")
_SCORE_ITEM = ("level1", "level2", "criterion", "max_points")
_PROJECT = ("name", "department", "implementer", "function_code", "rubric_family", "expected_goal")


def carry_forward(last: Filing) -> Filing:
    year = last.unit.year + 1 if last.unit.year else None
    unit = replace(last.unit, year=year, published=type(last.unit.published)())
    texts = Texts(duties=last.texts.duties, organisation=last.texts.organisation)
    accounts = _priors(last.accounts)
    projects = tuple(_project(p) for p in last.projects)
    dept = last.department
    inputs = DepartmentInputs(sangong_prior_budget=dept.inputs.sangong_budget,
                              sangong_prior_actual=dept.inputs.sangong_actual)
    department = Department(overall_goal=dept.overall_goal, inputs=inputs,
                            indicators=tuple(_keep(i, _INDICATOR) for i in dept.indicators),
                            scorecard=tuple(_keep(i, _SCORE_ITEM) for i in dept.scorecard))
    meta = Meta(source_document=f"由{last.unit.year or '上'}年度填报文件结转（单位信息、科目、项目和绩效目标；上年数取自上年决算数）")
    return Filing(unit=unit, texts=texts, accounts=accounts, projects=projects, department=department, meta=meta)


def _project(p: Project) -> Project:
    kept = _keep(p, _PROJECT)
    funds = tuple(type(f)(source=f.source, weight=f.weight) for f in p.funds)
    return replace(kept, funds=funds, indicators=tuple(_keep(i, _INDICATOR) for i in p.indicators),
                   scorecard=tuple(_keep(i, _SCORE_ITEM) for i in p.scorecard))


def _keep(record: Any, names: tuple[str, ...]) -> Any:
    return type(record)(**{name: getattr(record, name) for name in names})


def _priors(record: Any) -> Any:
    """A record of the 决算 with last year's 本年数 as this year's 上年数, its line names kept."""
    cls = type(record)
    values: dict[str, Any] = {}
    for spec in S.specs(cls):
        old = getattr(record, spec.name)
        if spec.kind == S.RECORD:
            values[spec.name] = _priors(old)
        elif spec.kind == S.RECORDS:
            values[spec.name] = tuple(_priors(item) for item in old)
        elif spec.name == "prior" and any(s.name == "amount" for s in S.specs(cls)):
            values[spec.name] = getattr(record, "amount")
        elif spec.name in _KEYS:
            values[spec.name] = old
    return cls(**values)


__all__ = ["carry_forward"]
