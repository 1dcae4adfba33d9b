"""One self-contained, accessible HTML page: semantic headings, a linked table of contents, tables
with captions and header scopes, inline SVG charts with a text equivalent.  All text is escaped."""
from __future__ import annotations

import html

from jixiao.render.blocks import MISSING, Chart, Document, Heading, PageBreak, Para, Table, Toc

CSS = """
body{font-family:"Noto Serif SC","Noto Serif CJK SC","Source Han Serif SC","SimSun","Songti SC",serif;
 line-height:1.8;color:#111;background:#fff;margin:0}
main,header,nav{max-width:52rem;margin:0 auto;padding:0 1.2rem}
h1,h2,h3,h4{font-family:"Noto Sans SC","Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;font-weight:600}
h1{text-align:center;font-size:1.7rem;margin:2rem 0 .3rem}
.subtitle{text-align:center;margin:0 0 1.5rem}
h2{text-align:center;font-size:1.35rem;margin-top:2.4rem;border-top:1px solid #999;padding-top:1.2rem}
h3{font-size:1.12rem;margin-top:1.4rem}h4{font-size:1rem}
p{text-indent:2em;margin:.4rem 0}p.note,p.missing,p.center{text-indent:0}p.center{text-align:center}
p.note{font-size:.92rem;color:#333}p.missing{color:#8a1c1c}
.table-wrap{overflow-x:auto;margin:1rem 0}
table{border-collapse:collapse;width:100%;font-size:.88rem;line-height:1.45}
caption{margin-bottom:.3rem}caption .t{display:block;font-weight:600}caption .sub{display:block;font-size:.9rem}
caption .unit{display:block;text-align:right;font-size:.85rem}
th,td{border:1px solid #777;padding:.25rem .4rem;vertical-align:middle}
th{background:#e8eef5}td.r{text-align:right;font-variant-numeric:tabular-nums}td.c{text-align:center}
tr.total td{font-weight:600}.unit{text-align:right;font-size:.85rem;margin:0}.missing-cell{color:#8a1c1c}
figure{margin:1rem 0;text-align:center}figure svg{max-width:100%;height:auto}figcaption{font-size:.92rem}
figcaption .note{display:block;font-size:.85rem;color:#333}
nav ol{list-style:none;padding-left:0}nav ol ol{padding-left:1.5rem}nav li{margin:.15rem 0}
a{color:#0b3d91}
@page wide{size:A4 landscape}
@media print{h2{page-break-before:always}nav{page-break-after:always}.table-wrap{overflow:visible}
 .table-wrap.wide{page:wide}figure,caption,tr{break-inside:avoid}h2,h3,h4{break-after:avoid}}
"""


def write_html(doc: Document) -> bytes:
    e = html.escape
    out = ['<!DOCTYPE html>', '<html lang="zh-CN">', "<head>", '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">', f"<title>{e(doc.title)}</title>",
           f"<style>{CSS}</style>", "</head>", "<body>",
           f'<header><h1>{e(doc.title)}</h1><p class="subtitle">{e(doc.subtitle)}</p></header>']
    headings = [b for b in doc.blocks if isinstance(b, Heading)]
    anchors = {id(h): f"h{n}" for n, h in enumerate(headings, 1)}
    body: list[str] = []
    for block in doc.blocks:
        if isinstance(block, Toc):
            out.append(_toc(block, headings, anchors))
        elif isinstance(block, Heading):
            level = min(block.level + 1, 4)
            body.append(f'<h{level} id="{anchors[id(block)]}">{e(block.text)}</h{level}>')
        elif isinstance(block, Para):
            text = e(block.text).replace(MISSING, f'<span class="missing-cell">{MISSING}</span>')
            body.append(f'<p class="{e(block.style)}">{text}</p>')
        elif isinstance(block, Table):
            body.append(_table(block))
        elif isinstance(block, Chart):
            body.append(_chart(block))
        elif isinstance(block, PageBreak):
            continue
    out += ["<main>", *body, "</main>", "</body>", "</html>"]
    return ("\n".join(out) + "\n").encode("utf-8")


def _toc(block: Toc, headings: list[Heading], anchors: dict[int, str]) -> str:
    """Nested lists without numbers: the headings carry their own (第一部分, 一、…)."""
    items: list[str] = []
    open_sub = False
    for h in headings:
        if h.level > 2:
            continue
        link = f'<a href="#{anchors[id(h)]}">{html.escape(h.text)}</a>'
        if h.level == 2 and items:
            if not open_sub:
                items.append("<ol>")
                open_sub = True
            items.append(f"<li>{link}</li>")
            continue
        if open_sub:
            items.append("</ol>")
            open_sub = False
        items.append(("</li>" if items else "") + f"<li>{link}")
    items.append(("</ol>" if open_sub else "") + ("</li>" if items else ""))
    title = html.escape(block.title)
    return f'<nav aria-label="{title}"><h2>{title}</h2><ol>{"".join(items)}</ol></nav>'


def _table(table: Table) -> str:
    e = html.escape
    parts = [f'<div class="table-wrap{" wide" if table.landscape else ""}">']
    caption = f'<span class="t">{e(table.title)}</span>' + "".join(
        f'<span class="sub">{e(line)}</span>' for line in table.caption_above)
    if table.unit_note:
        caption += f'<span class="unit">{e(table.unit_note)}</span>'
    parts.append(f'<table id="{e(table.anchor)}"><caption>{caption}</caption>')
    weights = table.widths or tuple(1.0 for _ in range(table.ncols))
    parts.append("<colgroup>" + "".join(f'<col style="width:{w / sum(weights) * 100:.1f}%">' for w in weights)
                 + "</colgroup>")
    if table.header:
        parts.append("<thead>")
        parts += [_row(row, header_row=True) for row in table.header]
        parts.append("</thead>")
    parts.append("<tbody>")
    parts += [_row(row, header_row=False) for row in table.body]
    parts.append("</tbody></table>")
    parts += [f'<p class="note">注：{e(note)}</p>' for note in table.notes]
    parts.append("</div>")
    return "\n".join(parts)


def _row(row, header_row: bool) -> str:
    cells = []
    total = any(c.bold for c in row)
    for cell in row:
        span = (f' colspan="{cell.colspan}"' if cell.colspan > 1 else "") + (
            f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else "")
        text = html.escape(cell.text)
        if header_row or cell.header:
            scope = "col" if header_row else "row"
            cells.append(f'<th scope="{scope}"{span}>{text}</th>')
        else:
            cls = {"right": "r", "center": "c"}.get(cell.align, "")
            if cell.missing:
                cls = (cls + " missing-cell").strip()
            attr = f' class="{cls}"' if cls else ""
            cells.append(f"<td{span}{attr}>{text}</td>")
    row_attr = ' class="total"' if total and not header_row else ""
    return f"<tr{row_attr}>{''.join(cells)}</tr>"


def _chart(chart: Chart) -> str:
    e = html.escape
    note = f'<span class="note">{e(chart.note)}</span>' if chart.note else ""
    if not chart.svg:
        return f'<figure><figcaption>{e(chart.title)}：{e(chart.alt)}{note}</figcaption></figure>'
    from jixiao.render.charts import svg_outlined

    svg = svg_outlined(chart).replace("<svg ", f'<svg role="img" aria-label="{e(chart.alt)}" ', 1)
    return f'<figure id="{e(chart.anchor)}">{svg}<figcaption>图：{e(chart.title)}{note}</figcaption></figure>'
