"""The funds block of a 项目支出绩效自评表, as a table whose cells survive (``|`` or tab between cells).

    预算执行情况(万元)(20分) | 预算数(A) | 执行数(B) | 执行率(B/A) | 得分(20分*执行率)
    年度财政资金总额          | 278.4449  | 30.00     | 10.77%      | 2.16

A header row names the columns (全年预算数/预算数, 全年执行数/执行数, 执行率, 分值, 得分); the rows
under it whose first cell names a fund (年度资金总额, 当年财政拨款, 上年结转, 其他资金) are read cell
by cell in the header's columns.  Relations:

* ``rate`` — 执行率 = 执行数 ÷ 预算数 (explicit: the header says which column is which);
* ``score-max`` — 得分 ≤ 分值;
* ``score-rate`` — 得分 = 分值 × 执行率 (capped at 分值): explicit when the header prints the rule
  (``得分(20分*执行率)``), otherwise inferred (a warning at most).

The 2023 Sichuan form opens its header with the block's title and a caption over the budget columns
(``预算执行情况(10分) | 年度预算数(万元) | 年初预算 | 调整后预算数 | 预算执行数 | 预算执行率 | 权重 | 得分``,
rows ``总额 | …``): the caption is dropped and 权重 read as 分值; the same block dumped one cell a line
(each cell closed by ``|``) is read from its title's line (:func:`_cell_line_blocks`).  A .docx reader writes a title cell
spanning the label column and the next as that cell and an empty one, over rows that open empty.

A header flattened to text (its cell borders lost, a row a line) is read by its column names when it
holds nothing else, and each row under it split at its spaces.  A row whose cells do not line up with the header (a cell lost,
or the whole table flattened onto one line) is counted as not checked.
"""
from __future__ import annotations

import re
from typing import Final
from decimal import Decimal

from jixiao.audit.claims import Extraction, Figure, Operand, Reading, Relation

_NUM: Final = re.compile(r"^(?P<n>-?\d+(?:\.\d+)?)(?P<u>%|万元|万)?$")
_ROW_NAME: Final = re.compile(r"资金总额|财政拨款|财政资金|财政专户|单位资金|上年结转|其他资金|^总额$")
#: a header cell naming the budget with its unit over the budget columns that follow (``年度预算数(万元) |
#: 年初预算 | 调整后预算数 | …``): a caption spanning the rows' label cell, not a column
#: a header's last cell naming a column of notes, not figures (``原因``, ``偏差原因分析``, ``备注``)
_NOTE_COLUMN: Final = re.compile(r"原因|说明|备注")
_BUDGET_CAPTION: Final = re.compile(r"^(?:年度)?预算数?[(（](?:万元|元)[)）]$")
_PRINTED_RULE: Final = re.compile(r"(?P<w>\d+(?:\.\d+)?)\s*分?\s*[*×x]\s*执行率")
_WEIGHT_IN_TITLE: Final = re.compile(r"[(](?P<w>\d+(?:\.\d+)?)分[)]")


def _cells(text: str) -> list[tuple[str, int]] | None:
    """The cells of a table row with their start columns, or None when the line has no cell borders."""
    sep = "|" if "|" in text else ("\t" if "\t" in text else None)
    if sep is None:
        return None
    out, pos = [], 0
    for part in text.split(sep):
        stripped = part.strip()
        out.append((stripped, pos + part.find(stripped) if stripped else pos))
        pos += len(part) + 1
    while out and not out[-1][0]:
        out.pop()
    while out and not out[0][0]:
        out.pop(0)
    return out


_HEAD_WORD: Final = re.compile(r"年初预算数|全年预算数|全年执行数|预算数|执行数|分值|执行率|得分")
_HEAD_REST: Final = re.compile(r"[(][^)]*[)]|\s")
_ROW_HEAD: Final = re.compile(r"\s*(?P<name>[^\d\s-][^\d]*?)\s*(?=[\d-])")
_CELL: Final = re.compile(r"\S+")
_FILLED: Final = re.compile(r"^(?:-?\d+(?:\.\d+)?%?|-+)$")


def _named_columns(text: str) -> list[tuple[str, int]] | None:
    """A header row whose cell borders were lost in flattening (``项目资金(万元)年初预算数全年预算数
    全年执行数分值执行率得分``): its cells, when after the first it holds column names and nothing else
    (a parenthesis aside); None otherwise."""
    found = list(_HEAD_WORD.finditer(text))
    if len(found) < 4 or _HEAD_REST.sub("", _HEAD_WORD.sub("", text[found[0].start():])):
        return None
    return [(text[:found[0].start()].strip(), 0)] + [(m.group(0), m.start()) for m in found]


def _spaced_row(text: str) -> list[tuple[str, int]] | None:
    """A row under such a header: its name, then cells split at spaces, each a number, a percentage or
    a dash (``年度资金总额100 100 90 10 100% 10``); None when any cell is something else."""
    head = _ROW_HEAD.match(text)
    if head is None:
        return None
    cells = [(m.group(0), m.start()) for m in _CELL.finditer(text, head.end())]
    if not cells or not all(_FILLED.match(cell) for cell, _ in cells):
        return None
    return [(head.group("name"), head.start("name"))] + cells


def _columns(cells: list[tuple[str, int]]) -> dict[str, int] | None:
    cols: dict[str, int] = {}
    for k, (cell, _) in enumerate(cells):
        if "得分" in cell:
            cols.setdefault("score", k)
        elif "执行率" in cell:
            cols.setdefault("rate", k)
        elif "执行数" in cell:
            cols.setdefault("actual", k)
        elif "预算数" in cell and "年初" not in cell:
            cols.setdefault("budget", k)
        elif "分值" in cell or cell == "权重":
            cols.setdefault("weight", k)
    return cols if {"rate", "actual", "budget"} <= cols.keys() else None


def extract_funds_rows(lines: list[str]) -> Extraction:
    out = Extraction()
    for i, text in enumerate(lines):
        if "执行率" not in text or "执行数" not in text:
            continue
        head = _cells(text)
        spaced = head is None
        if spaced:
            # flattened: the header read by its column names, each row under it by its spaces, and a
            # row used only when it has a cell for every column
            head = _named_columns(text)
        elif head and _HEAD_WORD.match(head[0][0]) and not _HEAD_REST.sub("", _HEAD_WORD.sub("", head[0][0])):
            # the header opens with a column name (its label cell, ``预算资金(万元)``, stood on the line
            # above): the rows under it open with their label, one cell more
            head = [("", 0)] + head
        elif head and len(head) > 3 and _BUDGET_CAPTION.match(head[1][0]) and "预算" in head[2][0]:
            # ``预算执行情况(10分) | 年度预算数(万元) | 年初预算 | 调整后预算数 | …``: the second cell is a
            # caption over the budget columns, standing above the rows' label cell with the first
            head = [head[0]] + head[2:]
        # ``项目资金(万元) | (covered) | 年初预算数 | …`` over ``(covered) | 年度资金总额 | 100 | …``: the
        # block's title spans the label column and the one after it, as a reader writes a merged cell
        gap = not spaced and head is not None and len(head) > 3 and not head[1][0]
        if gap and head is not None:
            head = [head[0]] + head[2:]
        cols = _columns(head) if head else None
        if spaced and head is None:
            _inline_block(i, text, out)
            continue
        if head is None or cols is None:
            continue
        printed = _PRINTED_RULE.search(head[cols["score"]][0]) if "score" in cols else None
        title_weight = _WEIGHT_IN_TITLE.search(head[0][0])
        funds = False   # a row naming a fund was read under this header
        block: list[FundsRow] = []
        unclear = out.unclear
        for j in range(i + 1, min(len(lines), i + 8)):
            row = _spaced_row(lines[j]) if spaced else _cells(lines[j])
            if gap and row and len(row) == len(head) + 1 and not row[1][0]:
                row = [row[0]] + row[2:]
            if not row or not _ROW_NAME.search(row[0][0]):
                if row and funds and _figures_row(row, head, cols):
                    # a fund the names above do not know (地方资金, 彩票公益金 …) after a row naming a
                    # fund: complete, every used cell a figure or a blank, the rate a percentage
                    out.relations += _row_relations(j, row, cols, printed, title_weight)
                    block.append((row, j, False))
                    continue
                if row and j > i + 1:
                    break
                continue
            funds = True
            if len(row) == len(head) - 1 and _NOTE_COLUMN.search(head[-1][0]) and max(cols.values()) < len(row):
                # the rows under the total lack its last cell, the reasons' note (``原因``) it alone fills
                row = row + [("", row[-1][1] + len(row[-1][0]) + 1)]
            if len(row) != len(head):
                if any(_NUM.match(cell.replace(",", "")) for cell, _ in row[1:]):
                    out.unclear += 1   # a row of blanks (其他资金 | | |) holds nothing to check
                continue
            out.relations += _row_relations(j, row, cols, printed, title_weight)
            block.append((row, j, False))
        out.relations += _parts_sum(block, cols, out.unclear > unclear)
    _cell_line_blocks(lines, out)
    _paragraph_blocks(lines, out)
    return out


def _figures_row(row: list[tuple[str, int]], head: list[tuple[str, int]], cols: dict[str, int]) -> bool:
    """A row of the funds block whatever its name: as many cells as the header, a name that is no
    figure, every cell under a used column a figure or a blank, and a percentage under the rate."""
    if len(row) != len(head) or not row[0][0] or _NUM.match(row[0][0]) or len(row[0][0]) > 20:
        return False
    rate = row[cols["rate"]][0]
    return rate.endswith("%") and all(row[k][0] in _BLANK or (
        _NUM.match(row[k][0].replace(",", "")) is not None and row[k][0].endswith("%") == (k == cols["rate"]))
        for k in cols.values())


#: a run of column names a PDF flattened onto one line with the rest of the form, split by spaces
#: (``全年预算数 全年执行数 分值 执行率 得分``), each name perhaps with a parenthesis (``预算数(A)``)
_NAME_RUN: Final = re.compile(r"(?:(?:年初预算数|全年预算数|全年执行数|预算数|执行数|分值|执行率|得分)"
                              r"(?:\s*[(][^()]{1,14}[)])?\s*){4,}")
#: one column's name in such a run with the parenthesis after it, which is part of its cell: its letter
#: (``执行数(B)``) or the scoring rule it prints (``得分(20分*执行率)``, perhaps OCR'd ``得分 (20 分*执行率)``),
#: whose 执行率 is no column of its own
_RUN_CELL: Final = re.compile(r"(?:年初预算数|全年预算数|全年执行数|预算数|执行数|分值|执行率|得分)(?:\s*[(][^()]{1,14}[)])?")
#: a figure, or a run of anything else up to a space or a digit: a reader that took out the spaces
#: between Chinese words glues a row's name to its first figure (``年度资金总额:0 0 0``)
_TOKEN: Final = re.compile(r"-?\d+(?:,\d{3})*(?:\.\d+)?%?|[^\s\d]+")


def _inline_block(i: int, text: str, out: Extraction) -> None:
    """The funds block of a form a PDF flattened onto one line (``… 全年预算数 全年执行数 分值 执行率
    得分 65.66 65.07 10 99% 9 65.66 65.07 — 99% — 上年结转资金 — — …``, the spaces between Chinese
    words perhaps taken out by the reader): the run of column names,
    then rows of as many figures (a dash a blank cell), each perhaps after its fund's name.  Figures
    right after the names (their rows' names stood elsewhere on the line) are read only when they
    cut into whole rows; a named row only when it has a cell for every column; in every row read,
    the percentage stands under 执行率 and nowhere else.  Any other row is counted, not read."""
    run = _NAME_RUN.search(text)
    if run is None:
        return
    head = [("", 0)] + [(m.group(0), m.start()) for m in _RUN_CELL.finditer(text, run.start(), run.end())]
    cols = _columns(head)
    if cols is None:
        return
    width = len(head) - 1
    printed = _PRINTED_RULE.search(head[cols["score"]][0]) if "score" in cols else None
    total = "年度资金总额" if "资金总额" in text[:run.start()] else ""
    rows: list[tuple[str, int, list[tuple[str, int]]]] = []   # (name, where, figures)
    for m in _TOKEN.finditer(text, run.end()):
        cell = m.group(0)
        if _FILLED.match(cell) or cell in _BLANK:
            if not rows:
                rows.append(("", m.start(), []))
            rows[-1][2].append((cell, m.start()))
        elif _row_name(cell):
            rows.append((cell, m.start(), []))
        else:
            break
    money_first = max(cols["budget"], cols["actual"]) < min(cols["rate"], cols.get("weight", width), cols.get("score", width))
    block: list[FundsRow] = []
    unclear = out.unclear
    for k, (name, at, cells) in enumerate(rows):
        if not any(_NUM.match(c) for c, _ in cells):
            continue   # a row of blanks
        if name and len(cells) < width and money_first and len(cells) >= max(cols["budget"], cols["actual"]) \
                and all(_NUM.match(c) for c, _ in cells) and _part_key(name) is not None:
            # a part of the total printed with its money cells only (``其中:本年财政拨款 90 89.974 89.974``,
            # the weight, rate and score merged into the total's row): its cells read from the left, for
            # the total's sum only, and as an inference
            block.append(([(name, at)] + cells, i, True))
            continue
        if name:
            parts = [cells] if len(cells) == width else []
        else:
            parts = [cells[n:n + width] for n in range(0, len(cells), width)] if len(cells) % width == 0 else []
        if not parts:
            out.unclear += max(1, len(cells) // width)
            continue
        for n, part in enumerate(parts):
            label = name or (total if k == 0 and n == 0 else f"第{n + 1}行")
            row = [(label, at)] + part
            if not all(row[c][0] in _BLANK or row[c][0].endswith("%") == (c == cols["rate"])
                       or (c == cols["rate"] and _nothing_spent(row, cols)) for c in cols.values()):
                out.unclear += 1
                continue
            out.relations += _row_relations(i, row, cols, printed, None)
            if name or label == total:
                block.append((row, i, False))
    out.relations += _parts_sum(block, cols, out.unclear > unclear)


def _nothing_spent(row: list[tuple[str, int]], cols: dict[str, int]) -> bool:
    """A rate printed ``0`` without its ``%`` in a row whose budget is 0 (nothing to divide by)."""
    budget = _NUM.match(row[cols["budget"]][0].replace(",", ""))
    return row[cols["rate"]][0] == "0" and budget is not None and Decimal(budget.group("n")) == 0


_BLOCK_TITLE: Final = re.compile(r"预算执行情况|项目资金")
#: a line of bars alone in a table dumped a cell a line: the empty cells closing a row, up to the
#: table's width (no cell of the row before or after it)
_BARS: Final = re.compile(r"^\s*\|(?:\s*\|)+\s*$")
_BLANK: Final = frozenset({"", "/", "-", "—", "——", "－"})
#: most cells of a form read after its funds block's title
_MAX_CELLS: Final = 120


def _row_name(cell: str) -> bool:
    """A cell naming a funds row (a note that mentions 其他资金 is no row's name)."""
    return len(cell) <= 20 and _ROW_NAME.search(cell) is not None


def _one_cell(text: str) -> bool:
    body = text.rstrip()
    return body.endswith("|") and body.count("|") == 1


def _funds_head(head: list[tuple[str, int]]) -> tuple[list[tuple[str, int]], dict[str, int], re.Match[str] | None,
                                                    re.Match[str] | None] | None:
    """A funds header's cells (a budget caption over the budget columns dropped), its columns, the
    weight its title gives the block (``(10分)``) and the scoring rule its 得分 cell prints; None when
    it names no 执行数 and 执行率 or its columns do not read."""
    names = " ".join(c for c, _ in head)
    if "执行率" not in names or "执行数" not in names:
        return None
    if len(head) > 3 and (_BUDGET_CAPTION.match(head[1][0]) and "预算" in head[2][0] or not head[1][0]):
        # a caption over the budget columns, or the empty half of a title cell spanning the label
        # column and the next (``项目资金(万元) |`` / ``|`` / ``年初预算数 |`` …)
        head = [head[0]] + head[2:]
    cols = _columns(head)
    if cols is None:
        return None
    printed = _PRINTED_RULE.search(head[cols["score"]][0]) if "score" in cols else None
    return head, cols, _WEIGHT_IN_TITLE.search(head[0][0]), printed


def _cell_line_blocks(lines: list[str], out: Extraction) -> None:
    """A funds block dumped one cell a line, each cell closed by ``|`` (the 2023 Sichuan form copied
    from a web page): the header's cells from the block's title to the first row's name, then each row
    from its name on, as many cells as the header has.  A row whose cells under the budget, outturn,
    rate, weight or score columns are not figures or blanks does not line up: counted, not read."""
    i, n = 0, len(lines)
    while i < n:
        text = lines[i]
        if not (text.endswith("|") and _BLOCK_TITLE.search(text) and _one_cell(text)):
            i += 1
            continue
        cells: list[tuple[str, int]] = []
        at: list[int] = []
        breaks: set[int] = set()   # where a line of bars alone stood: a row's empty cells to the table's edge
        j = i
        while j < n and len(cells) < _MAX_CELLS and (_one_cell(lines[j]) or _BARS.match(lines[j])):
            if _BARS.match(lines[j]):
                breaks.add(len(cells))
                j += 1
                continue
            body = lines[j].rstrip()[:-1]
            stripped = body.strip()
            cells.append((stripped, body.find(stripped) if stripped else 0))
            at.append(j)
            j += 1
        i = j
        first = next((k for k, (c, _) in enumerate(cells) if _row_name(c)), None)
        if first is None or first < 4:
            continue
        read = _funds_head(cells[:first])
        if read is None:
            continue
        head, cols, title_weight, printed = read
        used = sorted(cols.values())
        block: list[FundsRow] = []
        unclear = out.unclear
        for r in range(first, len(cells)):
            if not _row_name(cells[r][0]):
                continue
            row, where = cells[r:r + len(head)], at[r:r + len(head)]
            if len(row) <= used[-1] or any(r < b < r + len(head) for b in breaks) or not all(row[k][0] in _BLANK or (
                    _NUM.match(row[k][0].replace(",", "")) and row[k][0].endswith("%") == (k == cols["rate"]))
                    for k in used):
                out.unclear += 1
                continue
            out.relations += _row_relations(where, row, cols, printed, title_weight)
            block.append((row, where, False))
        out.relations += _parts_sum(block, cols, out.unclear > unclear)


def _figure(row: list[tuple[str, int]], k: int | None, line: int | list[int], label: str) -> Figure | None:
    if k is None or k >= len(row):
        return None
    cell, col = row[k]
    line = line if isinstance(line, int) else line[k]
    m = _NUM.match(cell.replace(",", ""))
    if m is None:
        return None
    unit = {"%": "%", "万元": "万元", "万": "万元"}.get(m.group("u") or "", "万元" if label in ("预算数", "执行数") else "")
    return Figure(Decimal(m.group("n")), m.group("n"), unit, line, col, col + len(m.group("n")), label)


#: a funds row weighing the card's full marks (``年度资金总额 | 150 | 125.25 | 100 | 83.5% | 98``) carries the
#: card's total score, not the funds' own: no rule the header does not print is inferred for it
_FULL_MARKS: Final = Decimal(100)


def _row_relations(j: int | list[int], row: list[tuple[str, int]], cols: dict[str, int], printed: re.Match[str] | None,
                   title_weight: re.Match[str] | None) -> list[Relation]:
    name = row[0][0]
    budget = _figure(row, cols["budget"], j, "预算数")
    actual = _figure(row, cols["actual"], j, "执行数")
    rate = _figure(row, cols["rate"], j, f"{name}执行率")
    score = _figure(row, cols.get("score"), j, f"{name}得分")
    weight = _figure(row, cols.get("weight"), j, "分值")
    out: list[Relation] = []
    if budget and actual and rate and rate.unit == "%" and budget.value > 0:
        out.append(Relation("rate", rate, (Operand("分子", actual), Operand("分母", budget)), Reading.EXPLICIT,
                            "同一表行：执行数÷预算数"))
    if weight is None and (printed or title_weight) and "资金总额" in name:
        w = (printed or title_weight).group("w")  # type: ignore[union-attr]
        weight = Figure(Decimal(w), w, "分", j if isinstance(j, int) else j[0], 0, 0, "分值")
    if score and weight:
        out.append(Relation("score-max", score, (Operand("分值", weight),), Reading.EXPLICIT, "同一表行：分值与得分"))
        if rate and rate.unit == "%" and (printed or weight.value < _FULL_MARKS):
            reading = Reading.EXPLICIT if printed else Reading.INFERRED
            out.append(Relation("score-rate", score, (Operand("分值", weight), Operand("执行率", rate)), reading,
                                "表头写明“分值×执行率”" if printed else "按“分值×执行率”计分（表上未写明）"))
    return out


#: a fund the total row is made of (``其中：当年财政拨款 / 上年结转资金 / 其他资金``, the 2023 Sichuan
#: form's ``财政资金 / 财政专户管理资金 / 单位资金 / 其他资金``), by the key no two parts may share
_PARTS: Final = ((re.compile(r"^(?:当年|本年)?财政拨款(?:资金|收入)?$"), "拨款"), (re.compile(r"^财政资金$"), "财政资金"),
                 (re.compile(r"^财政专户(?:管理)?资金$"), "专户"), (re.compile(r"^单位(?:自有)?资金$"), "单位"),
                 (re.compile(r"^上年结转(?:结余)?(?:资金)?$"), "结转"), (re.compile(r"^其他资金$"), "其他"))
#: the ``其中`` before the first part's name, and the colon and spaces around a name
_PART_PREFIX: Final = re.compile(r"^\s*(?:其中\s*[:：]?)?\s*|\s*[:：]?\s*$")
#: the funds a form lists under its total when it lists them all: the common form's three, the 2023
#: Sichuan form's four (any other set, or a row the readers skipped, leaves the list perhaps partial)
_WHOLE: Final = ({"拨款", "结转", "其他"}, {"财政资金", "专户", "单位", "其他"})
_MONEY_COLUMNS: Final = (("budget", "全年预算数"), ("actual", "全年执行数"))

#: a funds row as a reader found it: its cells, the line (or each cell's line) it stands on, and
#: whether its cells were placed by inference (a short row read from the left)
FundsRow = tuple[list[tuple[str, int]], "int | list[int]", bool]


def _is_total(name: str) -> bool:
    return "资金总额" in name or name.rstrip(":：") == "总额"


def _part_key(name: str) -> str | None:
    if _is_total(name):
        return None
    bare = _PART_PREFIX.sub("", name)
    return next((key for pattern, key in _PARTS if pattern.match(bare)), None)


def _parts_sum(rows: list[FundsRow], cols: dict[str, int], skipped: bool = False) -> list[Relation]:
    """年度资金总额 = the funds listed under it (其中：当年财政拨款 + 上年结转资金 + 其他资金), column by
    column (全年预算数, 全年执行数).  The total is the first row naming 资金总额/总额; its parts the rows
    after it naming a known fund, each kind once (two rows of one kind, or a part above the total: not
    read).  The parts are all of the total only when they are one of the forms' full lists (``_WHOLE``)
    and every part has a figure in the column; else only parts adding up to more than the total are
    certain.  A block with a row counted as not read (``skipped``) is not summed: its rows are not all known."""
    if skipped:
        return []
    total = next((k for k, (row, _, _) in enumerate(rows) if _is_total(row[0][0])), None)
    if total is None or any(_part_key(row[0][0]) is not None for row, _, _ in rows[:total]):
        return []
    parts = [(row, at, guessed) for row, at, guessed in rows[total + 1:] if _part_key(row[0][0]) is not None]
    others = len(rows) - total - 1 - len(parts)   # funds of other names (地方资金 …) or a second total
    keys = [_part_key(row[0][0]) for row, _, _ in parts]
    if not parts or len(set(keys)) != len(keys):
        return []
    head_row, head_at, head_guessed = rows[total]
    out: list[Relation] = []
    for col, word in _MONEY_COLUMNS:
        stated = _money(head_row, cols.get(col), head_at, f"{head_row[0][0].rstrip(':：')}（{word}）")
        if stated is None:
            continue
        figures = [_money(row, cols.get(col), at, row[0][0]) for row, at, _ in parts]
        listed = [f for f in figures if f is not None]
        if not listed:
            continue
        complete = len(listed) == len(parts) and set(keys) in _WHOLE and not others
        guessed = head_guessed or any(g for _, _, g in parts)
        out.append(Relation("sum", stated, tuple(Operand("分项", f) for f in listed),
                            Reading.INFERRED if guessed else Reading.EXPLICIT,
                            "同一资金表：资金总额与其中各项资金" + ("（短行按左起各列读出）" if guessed else ""),
                            complete=complete))
    return out


def _money(row: list[tuple[str, int]], k: int | None, line: "int | list[int]", label: str) -> Figure | None:
    """A money cell of a funds row as 万元 (the unit only matters between cells of one table)."""
    if k is None or k >= len(row):
        return None
    cell, col = row[k]
    m = _NUM.match(cell.replace(",", ""))
    if m is None or m.group("u") == "%":
        return None
    at = line if isinstance(line, int) else line[k]
    return Figure(Decimal(m.group("n")), m.group("n"), "万元", at, col, col + len(cell), label)


#: the first part of a column name a Word table wrapped onto two paragraphs (``全年`` / ``预算数``)
_NAME_START: Final = frozenset({"年初", "全年", "年度", "调整后", "预算", "预算执行"})
_PAREN_ONLY: Final = re.compile(r"^[(（][^()（）]*[)）]$")


def _paragraph_cells(lines: list[str], i: int) -> tuple[list[tuple[str, int]], list[int]]:
    """The cells from line ``i`` of a Word table flattened one paragraph a cell, the cells parted by
    empty lines: lines with no empty line between them are one cell (``项目资金`` / ``(万元)``), a line of
    spaces an empty cell.  Stops at a line with cell borders, a long line, or after ``_MAX_CELLS``."""
    cells: list[tuple[str, int]] = []
    at: list[int] = []
    joined = False   # the line before was text: this line goes on its cell
    for j in range(i, min(len(lines), i + 4 * _MAX_CELLS)):
        text = lines[j]
        if not text:
            joined = False
            continue
        if "|" in text or "\t" in text or len(text) > 60 or len(cells) >= _MAX_CELLS:
            break
        body = text.strip()
        if joined and body:
            cells[-1] = (cells[-1][0] + body, cells[-1][1])
            continue
        cells.append((body, text.find(body) if body else 0))
        at.append(j)
        joined = bool(body)
    return cells, at


def _header_cells(cells: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """A header flattened a paragraph a cell put back: empty cells dropped, a parenthesis alone
    (``(20分*执行率)``) joined to the cell before, a name's first part (``全年``) to the part after."""
    out: list[tuple[str, int]] = []
    for cell, col in cells:
        if not cell:
            continue
        if out and (_PAREN_ONLY.match(cell) or out[-1][0] in _NAME_START and _HEAD_WORD.match(cell)):
            out[-1] = (out[-1][0] + cell, out[-1][1])
        else:
            out.append((cell, col))
    return out


def _paragraph_blocks(lines: list[str], out: Extraction) -> None:
    """A funds block of a Word table flattened one paragraph a cell, empty lines between the cells
    (``预算执行情况(万元)`` / ``(20分)`` / ``预算数(A)`` / … / ``年度财政资金总额`` / ``50`` / ``10`` / ``20`` /
    ``4``): the header's cells from the block's title to the first fund's name, then each fund's row
    from its name to the next name or text.  A row is read only with a cell for every column (an
    empty cell a line of spaces), figures or blanks under the used columns; a rate printed without
    ``%`` is read as a percentage only above 1.5 (no share of one).  Any other row is counted."""
    i, n = 0, len(lines)
    while i < n:
        text = lines[i]
        if not text or len(text) > 30 or "|" in text or "\t" in text or ("预算执行情况" not in text and "项目资金" not in text) \
                or (i + 1 < n and lines[i + 1] and not _PAREN_ONLY.match(lines[i + 1].strip())):
            i += 1
            continue
        cells, at = _paragraph_cells(lines, i)
        i += 1
        first = next((k for k, (c, _) in enumerate(cells) if _row_name(c)), None)
        if first is None or first < 3:
            continue
        head = _header_cells(cells[:first])
        read = _funds_head(head) if head and _BLOCK_TITLE.search(head[0][0]) else None
        if read is None:
            continue
        head, cols, title_weight, printed = read
        i = at[first]
        r = first
        block: list[FundsRow] = []
        unclear = out.unclear
        while r < len(cells) and _row_name(cells[r][0]):
            end = r + 1
            while end < len(cells) and (cells[end][0] in _BLANK or _NUM.match(cells[end][0].replace(",", ""))):
                end += 1
            row, where = list(cells[r:end]), at[r:end]
            i = max(i, at[end - 1])
            r = end
            if not any(_NUM.match(c.replace(",", "")) for c, _ in row[1:]):
                continue   # a row of blanks
            if len(row) != len(head):
                out.unclear += 1
                continue
            rate, col = row[cols["rate"]]
            if rate and not rate.endswith("%") and _NUM.match(rate) and Decimal(rate) > Decimal("1.5"):
                row[cols["rate"]] = (rate + "%", col)
            if not all(row[k][0] in _BLANK or row[k][0].endswith("%") == (k == cols["rate"]) for k in cols.values()):
                out.unclear += 1
                continue
            out.relations += _row_relations(where, row, cols, printed, title_weight)
            block.append((row, where, False))
        out.relations += _parts_sum(block, cols, out.unclear > unclear)
