"""A small SVG drawing: rectangles, lines, paths, hatch patterns and text, in points.

The charts (charts.py) are drawn here directly from their data, in pure Python: no plotting
library is imported to render a document.  One drawing serialises two ways:

* ``svg()``: text as ``<text>`` in the packaged Noto Sans SC.  Typst lays it out with the same
  font it embeds in the PDF (and rasterises it for Word, raster.py), so no system font is needed;
* ``svg(outlined=True)``: every glyph as a path (glyphs.py), for the HTML page, which then needs
  no font of the reader's and looks the same everywhere.

Text widths come from the font's own advance widths (ASCII below; every other character the
font has is one em wide), so labels are placed where the font will draw them.  Output is
deterministic: numbers are written with fixed decimals, ids are given by the caller.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from html import escape as _html_escape


def _escape(text: str) -> str:
    """&, < and > as XML entities (xml.sax.saxutils.escape, without importing urllib with it)."""
    return _html_escape(text, quote=False)


FONT_FAMILY = "Noto Sans SC"

# Noto Sans SC advance widths (units per em: 1000) of ASCII 0x20–0x7E; everything else: 1000.
_ASCII_ADVANCE = (
    224, 323, 474, 555, 555, 921, 680, 278, 338, 338, 467, 555, 278, 347, 278, 392, 555, 555, 555, 555, 555, 555,
    555, 555, 555, 555, 278, 278, 555, 555, 555, 474, 946, 608, 657, 638, 688, 589, 552, 689, 728, 293, 535, 646,
    543, 812, 723, 742, 633, 742, 635, 596, 599, 721, 575, 878, 573, 531, 603, 338, 392, 338, 555, 559, 606, 563,
    618, 510, 620, 554, 325, 564, 607, 275, 275, 552, 284, 926, 610, 606, 620, 620, 388, 468, 377, 607, 521, 802,
    498, 521, 475, 338, 270, 338, 555,
)
CAP_HEIGHT = 0.733          # of the em: a label centred on y has its baseline at y + CAP_HEIGHT / 2 × size


def advance(char: str) -> int:
    """The advance width of ``char`` in font units (1000 per em)."""
    code = ord(char)
    return _ASCII_ADVANCE[code - 32] if 32 <= code < 127 else 1000


def text_width(text: str, size: float) -> float:
    return sum(advance(c) for c in text) * size / 1000


def n(value: float) -> str:
    """A coordinate: two decimals at most, no trailing zeros, never ``-0``."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


@dataclass(frozen=True)
class Text:
    x: float
    y: float                # baseline
    text: str
    size: float
    anchor: str = "start"   # start | middle | end
    fill: str = "#000000"


@dataclass
class Drawing:
    width: float                                    # points
    height: float
    ids: str = "c"                                  # prefix of pattern ids (unique within an HTML page)
    items: list[object] = field(default_factory=list)
    patterns: dict[str, str] = field(default_factory=dict)

    # ---- shapes ------------------------------------------------------------------------------
    def rect(self, x: float, y: float, w: float, h: float, fill: str, *, stroke: str = "", stroke_width: float = 0.8,
             dash: str = "", hatch: str = "", hatch_color: str = "#555555") -> None:
        attrs = f'x="{n(x)}" y="{n(y)}" width="{n(w)}" height="{n(h)}"'
        self.items.append(f"<rect {attrs} fill=\"{fill}\"{_stroke(stroke, stroke_width, dash)}/>")
        if hatch:
            self.items.append(f'<rect {attrs} fill="url(#{self.pattern(hatch, hatch_color)})"/>')

    def path(self, d: str, fill: str, *, stroke: str = "", stroke_width: float = 0.8, hatch: str = "",
             hatch_color: str = "#555555") -> None:
        self.items.append(f'<path d="{d}" fill="{fill}"{_stroke(stroke, stroke_width, "")}/>')
        if hatch:
            self.items.append(f'<path d="{d}" fill="url(#{self.pattern(hatch, hatch_color)})"/>')
            if stroke:      # the outline over the hatching, as a plotting library draws it
                self.items.append(f'<path d="{d}" fill="none"{_stroke(stroke, stroke_width, "")}/>')

    def line(self, x1: float, y1: float, x2: float, y2: float, stroke: str = "#000000", width: float = 0.8) -> None:
        self.items.append(f'<line x1="{n(x1)}" y1="{n(y1)}" x2="{n(x2)}" y2="{n(y2)}" stroke="{stroke}" '
                          f'stroke-width="{n(width)}" stroke-linecap="square"/>')

    def text(self, x: float, y: float, text: str, size: float, anchor: str = "start", *, middle: bool = False,
             fill: str = "#000000") -> None:
        """``middle``: ``y`` is the vertical centre of the text rather than its baseline."""
        if text:
            self.items.append(Text(x, y + CAP_HEIGHT / 2 * size if middle else y, text, size, anchor, fill))

    def pattern(self, hatch: str, color: str) -> str:
        """The id of a tile repeating ``hatch`` (the plotting-library codes: // \\\\ xx .. oo --)."""
        key = f"{hatch}|{color}"
        if key not in self.patterns:
            self.patterns[key] = f"{self.ids}-h{len(self.patterns)}"
        return self.patterns[key]

    # ---- output ------------------------------------------------------------------------------
    def svg(self, outlined: bool = False) -> str:
        parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{n(self.width)}pt" height="{n(self.height)}pt" '
                 f'viewBox="0 0 {n(self.width)} {n(self.height)}">']
        defs = [_pattern_def(pid, *key.split("|")) for key, pid in self.patterns.items()]
        texts = [item for item in self.items if isinstance(item, Text)]
        if outlined and texts:
            from jixiao.render.glyphs import glyph_defs

            glyph_ids, glyph_paths = glyph_defs(texts, self.ids)
            defs += glyph_paths
        if defs:
            parts.append("<defs>" + "".join(defs) + "</defs>")
        parts.append('<rect width="100%" height="100%" fill="#ffffff"/>')
        for item in self.items:
            if not isinstance(item, Text):
                parts.append(item)          # type: ignore[arg-type]
            elif outlined:
                parts.append(_outlined(item, glyph_ids))
            else:
                anchor = "" if item.anchor == "start" else f' text-anchor="{item.anchor}"'
                fill = "" if item.fill == "#000000" else f' fill="{item.fill}"'
                parts.append(f'<text x="{n(item.x)}" y="{n(item.y)}" font-family="{FONT_FAMILY}" '
                             f'font-size="{n(item.size)}"{anchor}{fill}>{_escape(item.text)}</text>')
        parts.append("</svg>")
        return "".join(parts)


def _stroke(color: str, width: float, dash: str) -> str:
    if not color:
        return ""
    return f' stroke="{color}" stroke-width="{n(width)}"' + (f' stroke-dasharray="{dash}"' if dash else "")


def _pattern_def(pid: str, hatch: str, color: str) -> str:
    """A square tile; the density follows how often the code repeats a character (``//`` = 2)."""
    size = (12 if hatch[0] in ".o" else 16) / max(1, len(hatch))
    s = n(size)
    kind = hatch[0]
    line = f'stroke="{color}" stroke-width="0.6"'
    if kind == "/":
        body = f'<path d="M0,{s} L{s},0 M-1,1 L1,-1 M{n(size - 1)},{n(size + 1)} L{n(size + 1)},{n(size - 1)}" {line}/>'
    elif kind == "\\":
        body = f'<path d="M0,0 L{s},{s} M{n(size - 1)},-1 L{n(size + 1)},1 M-1,{n(size - 1)} L1,{n(size + 1)}" {line}/>'
    elif kind == "x":
        body = f'<path d="M0,{s} L{s},0 M0,0 L{s},{s}" {line}/>'
    elif kind == "-":
        body = f'<path d="M0,{n(size / 2)} L{s},{n(size / 2)}" {line}/>'
    elif kind == "o":
        body = f'<circle cx="{n(size / 2)}" cy="{n(size / 2)}" r="{n(size / 4)}" fill="none" {line}/>'
    else:           # "." dots
        body = f'<circle cx="{n(size / 2)}" cy="{n(size / 2)}" r="0.9" fill="{color}"/>'
    return (f'<pattern id="{pid}" patternUnits="userSpaceOnUse" width="{s}" height="{s}">{body}</pattern>')


def _outlined(item: Text, glyph_ids: dict[str, str]) -> str:
    """A text run as ``<use>`` of each glyph's path, placed by the font's advances."""
    scale = item.size / 1000
    width = text_width(item.text, item.size)
    x = item.x - {"start": 0.0, "middle": width / 2, "end": width}[item.anchor]
    uses, pen = [], 0
    for char in item.text:
        gid = glyph_ids.get(char)
        if gid is not None:
            uses.append(f'<use href="#{gid}" x="{pen}"/>')
        pen += advance(char)
    fill = "" if item.fill == "#000000" else f' fill="{item.fill}"'
    return (f'<g transform="translate({n(x)} {n(item.y)}) scale({scale:.4f} -{scale:.4f})"{fill}>'
            + "".join(uses) + "</g>")
