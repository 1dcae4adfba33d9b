"""SQL that reads one raw column as a typed value, and SQL that finds the cells it cannot read.

For every column kind of :mod:`jixiao.batch.schema` two expressions over the raw
column: ``value`` (the typed value, NULL when blank or unreadable) and ``bad``
(true for a non-blank cell that cannot be read, so a finding can cite it).
Numbers end as DECIMAL(18,6) (``--scores-only`` reads them narrower where the
column type allows, :func:`narrow_input_cell`); a text number must be plain digits
(full-width digits, thousands separators and a trailing % for rates or 分 for
points are accepted), with at most 6 decimals.  Binary floats (DOUBLE, FLOAT) are refused.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from jixiao.batch import schema as B
from jixiao.model.filing import NATURE_ALIASES, NATURES
from jixiao.scoring.items import NA_WORDS
from jixiao.scoring.rubric import GRADE_CODES

DEC = f"DECIMAL(18,{B.SCALE})"
_FLOAT_TYPES = ("FLOAT", "DOUBLE", "REAL")
#: digits before the point of the largest number accepted (MAX_ABS excluded)
_WHOLE_DIGITS = len(str(B.MAX_ABS)) - 1
#: a plain number (sign, digits, point) with at most _WHOLE_DIGITS digits before the point once leading
#: zeros are dropped and at most SCALE after it once trailing zeros are dropped, as one expression
_READABLE = (rf"[+-]?(?:0*[0-9]{{1,{_WHOLE_DIGITS}}}(?:\.[0-9]{{0,{B.SCALE}}}0*)?"
             rf"|\.[0-9]{{1,{B.SCALE}}}0*)")
#: the unit a text number may end with, by kind
_UNITS = {B.RATE: "%", B.POINTS: "分"}


@dataclass(frozen=True)
class Cell:
    value: str        # SQL of the typed value
    bad: str          # SQL: true when the cell is filled but unreadable
    why: str          # Chinese: what the cell should be
    pre: tuple[tuple[str, str], ...] = ()   # (alias, SQL) computed one layer before ``value`` uses them
    width: int = 18   # ``value`` is DECIMAL(width, scale) (see :func:`narrow_input_cell`)
    scale: int = B.SCALE
    #: the cells that read well are one interval of values (the bad ones lie outside it): a column whose least
    #: and greatest value read well holds no bad cell (:meth:`jixiao.batch.typed.TypedSelect._distinct_counts`)
    interval: bool = False


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def text_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def is_float(duck_type: str) -> bool:
    return duck_type.upper() in _FLOAT_TYPES


def is_numeric(duck_type: str) -> bool:
    upper = duck_type.upper()
    return upper.startswith("DECIMAL") or upper in ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT",
                                                    "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT")


def one_of(sql: str, values) -> str:
    """``sql IN (values)`` written as a CASE: DuckDB turns a long IN list into a join over every row,
    which costs far more than the lazy CASE (and would evaluate ``sql`` where it is not needed)."""
    cases = " ".join(f"WHEN {text_literal(v) if isinstance(v, str) else v} THEN TRUE" for v in values)
    return f"(CASE {sql} {cases} ELSE FALSE END)"


def is_one_of(sql: str, words) -> str:
    """``sql`` is exactly one of ``words`` (FALSE when NULL), as one regular expression: a CASE with a
    WHEN per word costs DuckDB a pass per word over every batch of rows, even when few rows reach it."""
    alternatives = "|".join("".join(ch if ch.isalnum() or ord(ch) > 127 else "\\" + ch for ch in word) for word in words)
    return f"coalesce(regexp_full_match({sql}, {text_literal('(?:' + alternatives + ')')}), FALSE)"


def text_of(column: str, duck_type: str) -> str:
    """The cell as trimmed text, NULL when blank."""
    col = quote(column)
    return f"NULLIF(trim(CAST({col} AS VARCHAR)), '')"


def normalised(column: str, duck_type: str, strip: str = "") -> str:
    """Text with full-width characters made half-width, spaces and thousands separators removed."""
    body = (f"regexp_replace(translate({text_of(column, duck_type)}, '０１２３４５６７８９．－＋％，　−', "
            f"'0123456789.-+%, -'), '[\\s,]', '', 'g')")
    if strip:
        body = f"regexp_replace({body}, '{strip}$', '')"
    return body


def fast_number(column: str) -> str:
    """Plain text numbers the cheap way (most cells); NULL for anything else.

    A cell is taken when it has at most 9 characters after its point and reading it with 6 and
    with 9 decimals gives the same number (so nothing beyond 6 decimals is rounded away: with 7
    decimals, ``99.12345604`` read as 99.123456).  ``translate`` and regular
    expressions cost about a second per million cells in DuckDB; two casts cost a
    tenth of that, and only the cells they cannot read go on to :func:`normalised`.
    A cast also reads ``1e5`` and ``1_000``, which a filing refuses, so a cell holding ``e``, ``E`` or
    ``_`` goes the slow way (and is refused there): the same number rules on every route."""
    col = quote(column)
    six = f"TRY_CAST({col} AS {DEC})"
    nine = f"TRY_CAST({col} AS DECIMAL({_WHOLE_DIGITS + _SEEN},{_SEEN}))"   # NULL from MAX_ABS up
    seen = f"(strpos({col}, '.') = 0 OR strlen({col}) - strpos({col}, '.') <= {_SEEN})"   # every decimal seen by nine
    plain = f"NOT (contains({col}, 'e') OR contains({col}, 'E') OR contains({col}, '_'))"
    return f"(CASE WHEN {six} = {nine} AND {seen} AND {plain} THEN {six} END)"


_SEEN = 9   # decimals the fast path reads a cell with (DECIMAL(18,9) is still one 64-bit integer)


_SMALL_INTS = ("TINYINT", "SMALLINT", "UTINYINT", "USMALLINT")


def _decimal_type(duck_type: str) -> tuple[int, int] | None:
    upper = duck_type.upper().replace(" ", "")
    if upper.startswith("DECIMAL(") and upper.endswith(")"):
        width, _, scale = upper[8:-1].partition(",")
        if width.isdigit() and scale.isdigit():
            return int(width), int(scale)
    return None


def always_fits(duck_type: str) -> bool:
    """A numeric type every value of which is a valid DECIMAL(18,6) (so nothing to check)."""
    if duck_type.upper() in _SMALL_INTS:
        return True
    decimal = _decimal_type(duck_type)
    return decimal is not None and decimal[1] <= B.SCALE and decimal[0] - decimal[1] <= _WHOLE_DIGITS


def few_decimals(duck_type: str) -> bool:
    """Integers, or DECIMAL with at most SCALE decimals: only the magnitude can be wrong."""
    decimal = _decimal_type(duck_type)
    return duck_type.upper() in ("INTEGER", "UINTEGER", "BIGINT", "UBIGINT", "HUGEINT") or (
        decimal is not None and decimal[1] <= B.SCALE)


def number_cell(column: str, duck_type: str, kind: str = B.NUMBER) -> Cell:
    """A number: DECIMAL column as it is; text parsed; at most SCALE decimals and |x| < MAX_ABS."""
    col = quote(column)
    if always_fits(duck_type):
        return Cell(f"CAST({col} AS {DEC})", "FALSE", "数值")
    if few_decimals(duck_type):
        value = f"(CASE WHEN abs({col}) < {B.MAX_ABS} THEN CAST({col} AS {DEC}) END)"
        return Cell(value, f"({col} IS NOT NULL AND abs({col}) >= {B.MAX_ABS})", f"绝对值小于{B.MAX_ABS}的数值",
                    interval=True)
    if is_numeric(duck_type):
        value = f"CAST({col} AS DECIMAL(38,{B.SCALE + 2}))"
        bad = f"({col} IS NOT NULL AND ({value} <> CAST({value} AS {DEC}) OR abs({value}) >= {B.MAX_ABS}))"
        return Cell(f"TRY_CAST({value} AS {DEC})", bad, f"最多{B.SCALE}位小数、绝对值小于{B.MAX_ABS}的数值")
    text = normalised(column, duck_type, _UNITS.get(kind, ""))
    ok = f"regexp_full_match({text}, '{_READABLE}')"
    alias = fast_alias(column)
    fast = quote(alias)
    # CASE, not coalesce: in a projection DuckDB may work out the operands of coalesce for every row
    value = f"(CASE WHEN {fast} IS NOT NULL THEN {fast} ELSE {parsed_text(column, duck_type, kind)} END)"
    bad = f"(CASE WHEN {col} IS NULL OR {fast} IS NOT NULL THEN FALSE ELSE {text} IS NOT NULL AND NOT {ok} END)"
    unit = "，可带%" if kind == B.RATE else ""
    return Cell(value, bad, f"数值（最多{B.SCALE}位小数{unit}）", ((alias, fast_number(column)),))


def parsed_text(column: str, duck_type: str, kind: str = B.NUMBER) -> str:
    """A text cell read the slow way (full-width digits, separators, a unit): a readable number is
    extracted whole (anything else gives '', so NULL), the long normalising expression written once."""
    text = normalised(column, duck_type, _UNITS.get(kind, ""))
    return f"TRY_CAST(NULLIF(regexp_extract({text}, '^(?:{_READABLE})$'), '') AS {DEC})"


def fast_alias(column: str) -> str:
    return f"__fast:{column}"


def points_cell(column: str, duck_type: str) -> tuple[Cell, str]:
    """Published points: a number, or a 不适用 word.  Returns the cell and the SQL of "is 不适用"."""
    number = number_cell(column, duck_type, B.POINTS)
    if is_numeric(duck_type):
        return number, "FALSE"
    text = text_of(column, duck_type)
    # one regular expression, not a CASE with a WHEN per word (which trims the cell again for each word,
    # over every row the fast reading left: about a third of a second of CPU per million rows)
    na = f"(CASE WHEN {quote(fast_alias(column))} IS NOT NULL THEN FALSE ELSE {is_one_of(text, sorted(NA_WORDS))} END)"
    return Cell(number.value, f"(CASE WHEN {number.bad} THEN NOT {na} ELSE FALSE END)", "分数或“不适用”", number.pre), na


def _mapped(column: str, duck_type: str, mapping: dict[str, int], numbers: tuple[int, ...], why: str) -> Cell:
    col = quote(column)
    if is_numeric(duck_type):
        if duck_type.upper() in _SMALL_INTS + ("INTEGER", "BIGINT"):    # one CASE, constants: no cast per row
            value = "(CASE " + col + " " + " ".join(f"WHEN {n} THEN CAST({n} AS {DEC})" for n in numbers) + " END)"
        else:
            probe = f"TRY_CAST({col} AS {DEC})"
            value = f"(CASE WHEN {one_of(probe, numbers)} THEN CAST({probe} AS {DEC}) END)"
        return Cell(value, f"({col} IS NOT NULL AND {value} IS NULL)", why)
    text = text_of(column, duck_type)
    cases = " ".join(f"WHEN {text_literal(k)} THEN {v}" for k, v in mapping.items())
    number = f"TRY_CAST({text} AS DECIMAL(18,6))"       # "1.0" from a spreadsheet export
    value = f"CAST(coalesce((CASE {text} {cases} END), (CASE WHEN {one_of(number, numbers)} THEN {number} END)) AS {DEC})"
    return Cell(value, f"({text} IS NOT NULL AND {value} IS NULL)", why)


def flag_cell(column: str, duck_type: str) -> Cell:
    mapping = {**{w: 1 for w in B.FLAG_TRUE}, **{w: 0 for w in B.FLAG_FALSE}}
    return _mapped(column, duck_type, mapping, (0, 1), "1/0、是/否 或 √/×")


def nature_input_cell(column: str, duck_type: str) -> Cell:
    """The ``nature`` input of a rule as a code: 1 ≥, 2 ≤, 3 =."""
    mapping = {str(n): n for n in (1, 2, 3)}
    for word in (*NATURES, *NATURE_ALIASES):
        code = B.nature_code(word)
        if isinstance(code, int):
            mapping[word] = code
    return _mapped(column, duck_type, mapping, (1, 2, 3), "≥、≤、= 或 1/2/3")


def grade_input_cell(column: str, duck_type: str) -> Cell:
    mapping = {**{str(n): n for n in (1, 2, 3)}, **GRADE_CODES}
    return _mapped(column, duck_type, mapping, (1, 2, 3), "达成、部分达成、未达成 或 1/2/3")


def code_cell(column: str, duck_type: str, input_name: str) -> Cell:
    if input_name == "nature":
        return nature_input_cell(column, duck_type)
    if input_name == "grade":
        return grade_input_cell(column, duck_type)
    return number_cell(column, duck_type)


def input_cell(column: str, duck_type: str, input_kind: str, input_name: str) -> Cell:
    """A rule input column by the shape's input kind."""
    kind = B.INPUT_KINDS.get(input_kind, B.NUMBER)
    if kind == B.FLAG:
        return flag_cell(column, duck_type)
    if kind == B.CODE:
        return code_cell(column, duck_type, input_name)
    return number_cell(column, duck_type, kind)


#: DECIMAL(15,6): exactly the numbers batch data may hold (|x| < MAX_ABS, SCALE decimals)
BOUNDED = (_WHOLE_DIGITS + B.SCALE, B.SCALE)
_INTEGERS = _SMALL_INTS + ("INTEGER", "BIGINT")
_INTEGER_TYPES = _INTEGERS + ("UINTEGER", "UBIGINT", "HUGEINT")


def narrow_input_cell(column: str, duck_type: str, input_kind: str, input_name: str) -> Cell:
    """:func:`input_cell` typed as narrow as the column allows, for SQL that knows the type (``width``,
    ``scale``): the same values, but sums and products of narrow decimals need no casts or overflow checks.

    A flag or code in an integer column is DECIMAL(1,0); a number in a DECIMAL or integer column with at
    most SCALE decimals is DECIMAL(15,6), the TRY_CAST being the range check; anything else as
    :func:`input_cell` (DECIMAL(18,6))."""
    kind = B.INPUT_KINDS.get(input_kind, B.NUMBER)
    coded = kind == B.FLAG or (kind == B.CODE and input_name in ("nature", "grade"))
    col = quote(column)
    if coded and duck_type.upper() in _INTEGERS:
        numbers = (0, 1) if kind == B.FLAG else (1, 2, 3)
        value = "(CASE " + col + " " + " ".join(f"WHEN {n} THEN CAST({n} AS DECIMAL(1,0))" for n in numbers) + " END)"
        return replace(input_cell(column, duck_type, input_kind, input_name), value=value, width=1, scale=0)
    if not coded and (always_fits(duck_type) or few_decimals(duck_type)):
        width, scale = BOUNDED
        value = f"{'CAST' if always_fits(duck_type) else 'TRY_CAST'}({col} AS DECIMAL({width},{scale}))"
        return replace(input_cell(column, duck_type, input_kind, input_name), value=value, width=width, scale=scale)
    return input_cell(column, duck_type, input_kind, input_name)


def int_cell(column: str, duck_type: str) -> Cell:
    """The one integer column, the year: a whole number within the filing's year range."""
    from jixiao.model.bounds import YEAR_MAX, YEAR_MIN

    if duck_type.upper() in _INTEGER_TYPES:     # an integer column: the range test alone (same values)
        col = quote(column)
        return Cell(f"(CASE WHEN {col} BETWEEN {YEAR_MIN} AND {YEAR_MAX} THEN CAST({col} AS INTEGER) END)",
                    f"({col} IS NOT NULL AND NOT {col} BETWEEN {YEAR_MIN} AND {YEAR_MAX})",
                    f"{YEAR_MIN}–{YEAR_MAX}之间的整数年度")
    number = number_cell(column, duck_type)
    whole = f"TRY_CAST({number.value} AS INTEGER)"
    value = f"(CASE WHEN {whole} BETWEEN {YEAR_MIN} AND {YEAR_MAX} THEN {whole} END)"
    bad = f"({number.bad} OR ({number.value} IS NOT NULL AND ({number.value} <> {whole} OR {value} IS NULL)))"
    return Cell(value, bad, f"{YEAR_MIN}–{YEAR_MAX}之间的整数年度", number.pre)
