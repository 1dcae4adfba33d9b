"""Glyph outlines of the packaged Noto Sans SC, for charts drawn as paths (the HTML page).

fontTools reads the font once per process (about 0.3 s, paid only when HTML is written); each
glyph's path is then kept, so a chart's text costs microseconds.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Iterable


@lru_cache(maxsize=1)
def _font():
    from fontTools.ttLib import TTFont

    from jixiao.render.fonts import sans_path

    font = TTFont(str(sans_path()), lazy=True)
    return font.getBestCmap(), font.getGlyphSet()


@lru_cache(maxsize=None)
def glyph_path(char: str) -> str:
    """The outline of ``char`` in font units (y up), as SVG path data; "" for a blank or missing glyph."""
    from fontTools.pens.svgPathPen import SVGPathPen

    cmap, glyphs = _font()
    name = cmap.get(ord(char))
    if name is None:
        return ""
    pen = SVGPathPen(glyphs)
    glyphs[name].draw(pen)
    return pen.getCommands()


def glyph_defs(texts: Iterable, prefix: str) -> tuple[dict[str, str], list[str]]:
    """Ids and ``<path>`` definitions of the glyphs the texts use (each once), ids prefixed by ``prefix``."""
    ids: dict[str, str] = {}
    defs: list[str] = []
    for item in texts:
        for char in item.text:
            if char in ids or char.isspace():
                continue
            d = glyph_path(char)
            if not d:
                continue
            ids[char] = f"{prefix}-g{ord(char):x}"
            defs.append(f'<path id="{ids[char]}" d="{d}"/>')
    return ids, defs
