"""政府收支分类科目 catalogue (支出功能分类 and 部门预算支出经济分类).

Usage::

    from jixiao.catalog import Catalogue
    func = Catalogue.load(2022, "func")
    func.status("2010308", 2022)        # "ok"
    func.lookup_name("信访事务（项）")    # [CodeEntry(code="2010308", ...)]

Data: ``catalog/data/{year}/func.csv`` and ``econ_dept.csv``, one directory per
data year (2022, 2023). ``Catalogue.load(year, kind)`` picks the newest data
year not after ``year`` (or the oldest if ``year`` is earlier than all).

Codes and names follow the MoF 《政府收支分类科目》 2022/2023 editions as far
as known; codes or names that could not be checked against the official
catalogue are listed in ``catalog/README.md`` ("Unverified").  The most
doubtful ones: 2089999 (may be 2089901), 2080508, 2013804–2013816, 201 款
20109/20114 项 beyond the standard pattern, the government-fund 款 (20710,
20829, 20830, 21160, 21161, 21215–21219, 21366–21369, 22904, 22908), the
withdrawal year of 20115/20117 (func) and 30104 (econ), and the valid_from
year 2019 set on codes created by the 2018 institutional reform.
"""

from .codes import KINDS, STATUSES, Catalogue, CodeEntry, normalize_name, years

__all__ = ["Catalogue", "CodeEntry", "KINDS", "STATUSES", "normalize_name", "years"]
