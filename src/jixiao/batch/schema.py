"""The columns of batch data: one table per project, per scored item, or per indicator row.

These specifications drive reading, checking and ``docs/batch.md``.  Money is in
万元 and rates are percentage numbers (99.42 means 99.42%); every number is read
as text or DECIMAL and kept as DECIMAL(18,6) — at most 6 decimals, never a float.
"""
from __future__ import annotations

from dataclasses import dataclass

from jixiao.model.bounds import MAX_NUMBER
from jixiao.model.filing import NATURE_ALIASES, NATURES
from jixiao.scoring.rubric import GRADE_CODES

#: a table's kind is told by its columns
PROJECTS, ITEMS, INDICATORS = "projects", "items", "indicators"
KIND_ZH = {PROJECTS: "项目表", ITEMS: "评分项表", INDICATORS: "绩效指标表"}

#: value kinds of a column
TEXT, INT, NUMBER, RATE, FLAG, CODE, POINTS, VALUE = "text", "int", "number", "rate", "flag", "code", "points", "value"
KIND_DOC = {
    TEXT: "文字", INT: "整数", NUMBER: "数值（DECIMAL，最多6位小数）", RATE: "百分比数值（99.42 表示 99.42%，可带 %）",
    FLAG: "是否满足：1/0、是/否、√/×", CODE: "代码（整数）", POINTS: "分数（数值；或“不适用”）",
    VALUE: "公开值：数值（可带单位，如 95%、10次）或文字（如“95%以上”）",
}
#: most decimals a number may carry (DECIMAL(18,6)); largest magnitude accepted
SCALE = 6
MAX_ABS = int(MAX_NUMBER)         # the filing's range (jixiao.model.bounds): one rule on every route

FLAG_TRUE = ("1", "是", "√", "✓", "满足", "true", "TRUE", "True", "Y", "y", "yes")
FLAG_FALSE = ("0", "否", "×", "✗", "不满足", "false", "FALSE", "False", "N", "n", "no")
NATURE_CODES = {"≥": 1, "≤": 2, "=": 3}


def nature_code(text: str) -> int | str | None:
    """1 ≥, 2 ≤, 3 =, "定性" for qualitative, None when the text is none of them."""
    word = NATURE_ALIASES.get(text.strip(), text.strip())
    if word in NATURE_CODES:
        return NATURE_CODES[word]
    return word if word in NATURES else None


def grade_code(text: str) -> int | None:
    return GRADE_CODES.get(text.strip())


@dataclass(frozen=True)
class Column:
    name: str
    zh: str
    kind: str
    required: bool = False
    note: str = ""

    @property
    def headers(self) -> tuple[str, ...]:
        """Accepted headers: the identifier and the Chinese name."""
        return (self.name, self.zh)


PROJECT_COLUMNS = (
    Column("project_id", "项目编号", TEXT, True, "每个项目唯一；各表以此关联"),
    Column("project_name", "项目名称", TEXT),
    Column("unit_name", "单位名称", TEXT),
    Column("unit_code", "单位编码", TEXT),
    Column("region", "地区", TEXT),
    Column("year", "年度", INT),
    Column("published_total", "公开总分", POINTS, note="单位公开的自评总分"),
    Column("published_grade", "公开等级", TEXT, note="单位公开的自评等级，如 优、良好"),
)
PROJECT_ONLY = tuple(c for c in PROJECT_COLUMNS if c.name != "project_id")
#: what the unit published: in the full output after the computed total and grade, not in --scores-only
PUBLISHED_COLUMNS = ("published_total", "published_grade")

ITEM_COLUMNS = (
    Column("criterion", "评分项", TEXT, True, "评分规则中评分项的编号（id）或名称"),
    Column("published", "公开得分", POINTS, note="单位公开的该项得分；“不适用”表示该项不适用"),
)

INDICATOR_COLUMNS = (
    Column("level1", "一级指标", TEXT, True, "决定该行计入评分规则的哪一部分（如 产出指标）"),
    Column("level2", "二级指标", TEXT),
    Column("name", "三级指标", TEXT),
    Column("nature", "指标性质", TEXT, note="≥、≤、=（及 >=、<=、≡ 等写法）或 定性"),
    Column("target", "指标值", VALUE),
    Column("unit", "度量单位", TEXT),
    Column("actual", "实际完成值", VALUE, note="文字如“95%以上”按评分规则的 text_actual 读取"),
    Column("weight", "分值", NUMBER, note="该行满分；缺失时该行规则未知"),
    Column("published", "得分", POINTS, note="单位公开的该行得分"),
    Column("grade", "定性评价", TEXT, note="定性指标：达成 / 部分达成 / 未达成"),
    Column("deviation", "偏差原因", TEXT, note="写“无偏差”等（见评分规则 met_words）视为达成"),
)

#: a shape input kind → the column kind it is read as
INPUT_KINDS = {"rate": RATE, "number": NUMBER, "count": NUMBER, "flag": FLAG, "code": CODE, "points": NUMBER}


#: the SQL type of each project column in the output, whatever the data gave (a column the data
#: lacks is NULL of this type, never DuckDB's untyped NULL)
OUTPUT_TYPES = {TEXT: "VARCHAR", INT: "INTEGER", POINTS: f"DECIMAL(18,{SCALE})"}


def output_column(column: Column) -> str:
    """The SELECT item of a project column in the output: the column cast to its output type."""
    name = '"' + column.name.replace('"', '""') + '"'
    return f"CAST({name} AS {OUTPUT_TYPES[column.kind]}) AS {name}"


def table_kind(columns: list[str]) -> str:
    names = set(columns)
    if names & {"criterion", "评分项"}:
        return ITEMS
    if names & {"level1", "一级指标", "nature", "指标性质"}:
        return INDICATORS
    return PROJECTS
