"""The document's charts, drawn as SVG straight from their data (svgdraw.py): no plotting library.

Each chart shows its values as text, uses Chinese labels, and stays readable in greyscale
print: shades of one hue ordered by lightness, plus hatching.  The layout follows the
matplotlib charts these replace (same sizes, margins, colours, hatches and font sizes).

A chart is drawn once, as a :class:`~jixiao.render.svgdraw.Drawing`; each writer takes the form
it needs, only when it is asked for:

* PDF: the SVG with its text in Noto Sans SC, laid out and embedded by Typst (``Chart.svg``);
* HTML: the same SVG with every glyph as a path (:func:`svg_outlined`), so the page needs no font;
* Word: a PNG rasterised by Typst at 150 ppi (:func:`chart_png`), made only when Word is written.

Output is deterministic.  :func:`pyplot` and :func:`figure_chart` still offer matplotlib to other
stages (the review summary's charts); nothing in the publication package imports it.
"""
from __future__ import annotations

import io
import math
import re
from decimal import Decimal
from functools import lru_cache
from typing import Sequence

from jixiao.model.numbers import fmt, fmt_trim
from jixiao.render.blocks import Chart
from jixiao.render.svgdraw import Drawing, text_width

SHADES = ("#08306b", "#4a7fb5", "#9ec3e0", "#dbe9f6", "#2b2b2b", "#7f7f7f", "#c8c8c8")
HATCHES = ("", "//", "..", "xx", "\\\\", "oo", "--")
PNG_DPI = 150
HATCH_COLOR = "#555555"
EDGE = "#333333"

_TICK = 3.5         # tick length and label pad (points)
_TICK_SIZE = 9      # tick labels
_LABEL_SIZE = 8     # value labels and legends


def _money(value: Decimal) -> str:
    return fmt_trim(value, 2)


def _bar_text(value: Decimal | None, derived: bool, unit: str = "万元") -> str:
    """A bar's label: two decimals (bars side by side compare digit for digit); 推算 when derived."""
    if value is None:
        return "未填报"
    return fmt(value, 2) + unit + ("（推算）" if derived else "")


# ---- what writers take from a chart -----------------------------------------------------------------

def svg_outlined(chart: Chart) -> str:
    """The chart's SVG with glyphs as paths (for HTML); a chart made elsewhere keeps its own SVG."""
    return chart.drawing.svg(outlined=True) if chart.drawing is not None else chart.svg


def chart_png(chart: Chart) -> bytes:
    """The chart as a PNG (for Word), rasterised now; b"" for a text-only chart."""
    if chart.png or chart.drawing is None:
        return chart.png
    from jixiao.render.writers.pdf_writer import rasterise_svg

    return rasterise_svg(chart.svg, PNG_DPI)


def chart_pngs(charts: Sequence[Chart]) -> dict[int, bytes]:
    """id(chart) → PNG for every chart, those drawn here rasterised by Typst in one pass (cheaper than
    one by one); text-only charts are left out."""
    drawn = [c for c in charts if not c.png and c.drawing is not None]
    out = {id(c): c.png for c in charts if c.png}
    if drawn:
        from jixiao.render.writers.pdf_writer import rasterise_svgs

        out.update(zip((id(c) for c in drawn), rasterise_svgs([c.svg for c in drawn], PNG_DPI)))
    return out


# ---- axes helpers -------------------------------------------------------------------------------

def _ticks(top: float, bins: int = 9) -> tuple[list[float], int]:
    """Tick values from 0 to at most ``top`` with a step of 1, 2, 2.5 or 5 × 10^k (at most ``bins``
    intervals), and the decimals their labels need."""
    top = top if top > 0 else 1.0
    raw = top / bins
    scale = 10 ** math.floor(math.log10(raw))
    step = next(s * scale for s in (1, 2, 2.5, 5, 10) if s * scale >= raw * (1 - 1e-9))
    count = int(math.floor(top / step + 1e-9))
    decimals = max(0, -int(math.floor(math.log10(step) + 1e-9)))
    if round(step / 10 ** math.floor(math.log10(step) + 1e-9), 6) == 2.5:
        decimals += 1
    return [i * step for i in range(count + 1)], decimals


def _fit(text: str, size: float, room: float, smallest: float = 6.0) -> float:
    """``size``, made smaller (down to ``smallest``) when ``text`` is wider than ``room``."""
    width = text_width(text, size)
    return size if width <= room else max(smallest, size * room / width)


class ChartMaker:
    """Makes the chart blocks.  ``enabled=False`` gives text-only placeholders (nothing drawn)."""

    def __init__(self, enabled: bool = True):
        self.enabled = enabled

    @staticmethod
    def _finish(drawing: Drawing, anchor: str, title: str, alt: str, note: str = "") -> Chart:
        return Chart(anchor, title, drawing.svg(), b"", alt, note=note, drawing=drawing)

    @staticmethod
    def _empty(anchor: str, title: str, alt: str, note: str = "") -> Chart:
        return Chart(anchor, title, "", b"", alt, note=note)

    # ---- 收、支决算总计变动情况图 ---------------------------------------------------------------
    def change_bars(self, anchor: str, title: str, years: tuple[str, str],
                    rows: Sequence[tuple[str, Decimal | None, Decimal | None]], *,
                    derived: Sequence[bool] = (), note: str = "") -> Chart:
        """Last year against this year per row.  ``derived[i]``: row i's last-year amount was not filed but
        derived from the published change; its bar is drawn hollow and dashed and labelled 推算."""
        derived = tuple(derived) + (False,) * (len(rows) - len(derived))
        alt = title + "：" + "；".join(
            f"{name}{years[0]}年{_bar_text(p, d)}、{years[1]}年{_bar_text(c, False)}"
            for (name, p, c), d in zip(rows, derived)) + "。" + note
        if not self.enabled:
            return self._empty(anchor, title, alt, note)
        d = Drawing(432, 216, ids=anchor)
        left, right, top, bottom = 43.2, 423.36, 25.92, 194.4
        width = 0.36
        half = width / 2 + width * 0.95 / 2
        span = (len(rows) - 1) + 2 * half
        x_lo, x_hi = -half - 0.05 * span, len(rows) - 1 + half + 0.05 * span
        peak = max([float(v) for r in rows for v in r[1:] if v is not None] or [1.0])
        y_hi = peak * 1.15 if peak > 0 else 1.0
        px = lambda x: left + (x - x_lo) / (x_hi - x_lo) * (right - left)          # noqa: E731
        py = lambda y: bottom - y / y_hi * (bottom - top)                           # noqa: E731
        ticks, places = _ticks(y_hi)
        for t in ticks:
            d.line(left - _TICK, py(t), left, py(t))
            d.text(left - 2 * _TICK, py(t), f"{t:.{places}f}", _TICK_SIZE, "end", middle=True)
        legend: dict[str, dict] = {}
        for i, (year, shade, hatch) in enumerate(((years[0], SHADES[2], "//"), (years[1], SHADES[0], ""))):
            for k, row in enumerate(rows):
                value, guessed = row[1 + i], i == 0 and derived[k]
                x = k + (i - 0.5) * width
                style = ({"fill": "#ffffff", "hatch": "..", "stroke": HATCH_COLOR, "dash": "3.2,1.6"} if guessed
                         else {"fill": shade, "hatch": hatch, "stroke": EDGE, "dash": ""})
                height = max(float(value), 0.0) if value is not None else 0.0
                x0, x1 = px(x - width * 0.95 / 2), px(x + width * 0.95 / 2)
                d.rect(x0, py(height), x1 - x0, py(0) - py(height), style["fill"], stroke=style["stroke"],
                       dash=style["dash"], hatch=style["hatch"], hatch_color=HATCH_COLOR)
                d.text((x0 + x1) / 2, py(height) - 2 - 0.2 * _LABEL_SIZE, _bar_text(value, guessed, unit=""),
                       _LABEL_SIZE, "middle")
                legend[f"{year}年（推算）" if guessed else f"{year}年"] = style
        d.line(left, top, left, bottom)
        d.line(left, bottom, right, bottom)
        for k, row in enumerate(rows):
            d.line(px(k), bottom, px(k), bottom + _TICK)
            d.text(px(k), bottom + 2 * _TICK + 0.88 * _TICK_SIZE, row[0], _TICK_SIZE, "middle")
        d.text(left, top - 0.02 * (bottom - top) - 0.25 * _LABEL_SIZE, "单位：万元", _LABEL_SIZE)
        # legend: one row above the axes, right-aligned (handles 2 em wide, 0.8 em apart, columns 2 em)
        em = _LABEL_SIZE
        entries = [(label, style, 2 * em + 0.8 * em + text_width(label, em)) for label, style in legend.items()]
        total = sum(w for _, _, w in entries) + 2 * em * (len(entries) - 1)
        x = right - 1.6 - 0.4 * em - total
        y = top - 1.6 - 0.4 * em - 0.35 * em           # the text's vertical centre
        for label, style, w in entries:
            d.rect(x, y - 0.35 * em, 2 * em, 0.7 * em, style["fill"], stroke=style["stroke"], dash=style["dash"],
                   hatch=style["hatch"], hatch_color=HATCH_COLOR)
            d.text(x + 2.8 * em, y, label, em, middle=True)
            x += w + 2 * em
        return self._finish(d, anchor, title, alt, note)

    # ---- 结构图 (a ring with a legend that carries every value) --------------------------------
    def structure(self, anchor: str, title: str, parts: Sequence[tuple[str, Decimal | None, Decimal | None]],
                  places: int = 1) -> Chart:
        labels = [f"{name} {_money(a) if a is not None else '未填报'}万元"
                  f"{'，' + fmt(s, places) + '%' if s is not None else ''}" for name, a, s in parts]
        alt = title + "：" + "；".join(labels) + "。"
        if not self.enabled:
            return self._empty(anchor, title, alt)
        values = [float(a) if a is not None and a > 0 else 0.0 for _, a, _ in parts]
        d = Drawing(432, 165.6, ids=anchor)
        left, right, top, bottom = 8.64, 216.0, 4.97, 160.63
        cx, cy = (left + right) / 2, (top + bottom) / 2
        radius = min(right - left, bottom - top) / 2 / 1.25
        total = sum(values)
        if total <= 0:
            d.text(cx, cy, "金额均为0", _TICK_SIZE, "middle", middle=True)
            return self._finish(d, anchor, title, alt)
        angle = 90.0
        for k, value in enumerate(values):
            if value <= 0:
                continue
            sweep = 360.0 * value / total
            d.path(_ring(cx, cy, radius, radius * 0.45, angle, angle - sweep), SHADES[k % len(SHADES)],
                   stroke="#ffffff", hatch=HATCHES[k % len(HATCHES)], hatch_color=HATCH_COLOR)
            angle -= sweep
        # legend: centre left of the space right of the ring
        size = 8.5
        x = right + 0.02 * (right - left) + 0.5 * size + 0.4 * size
        room = 432 - 4 - (x + 2.8 * size)
        size = min(_fit(label, size, room) for label in labels)
        lines: list[list[str]] = []
        for label in labels:
            name, _, rest = label.partition(" ")
            lines.append([label] if text_width(label, size) <= room or not rest else [name, rest])
        step = 1.5 * size
        height = step * sum(len(line) for line in lines) - 0.5 * size
        y = cy - height / 2 + 0.5 * size
        for k, line in enumerate(lines):
            d.rect(x, y - 0.35 * size, 2 * size, 0.7 * size, SHADES[k % len(SHADES)],
                   hatch=HATCHES[k % len(HATCHES)], hatch_color=HATCH_COLOR)
            for text in line:
                d.text(x + 2.8 * size, y, text, size, middle=True)
                y += step
        return self._finish(d, anchor, title, alt)

    # ---- scorecard: points against maximum by section -----------------------------------------
    def scorecard(self, anchor: str, title: str, sections: Sequence[tuple[str, Decimal, Decimal]]) -> Chart:
        alt = title + "：" + "；".join(f"{name}得{_money(p)}分（满分{_money(m)}分）" for name, m, p in sections) + "。"
        if not self.enabled or not sections:
            return self._empty(anchor, title, alt)
        height = (0.9 + 0.42 * len(sections)) * 72
        d = Drawing(432, height, ids=anchor)
        left, right, top, bottom = 69.12, 410.4, 0.35 * 72, height - 0.5 * 72
        count = len(sections)
        span = (count - 1) + 0.62
        y_lo, y_hi = -0.31 - 0.05 * span, count - 1 + 0.31 + 0.05 * span
        peak = max(max(float(m or 0), float(p or 0)) for _, m, p in sections)
        x_hi = (peak if peak > 0 else 1.0) * 1.25
        px = lambda x: left + max(x, 0.0) / x_hi * (right - left)                     # noqa: E731
        py = lambda y: bottom - (y - y_lo) / (y_hi - y_lo) * (bottom - top)            # noqa: E731
        bar = 0.62 / (y_hi - y_lo) * (bottom - top)
        ticks, places = _ticks(x_hi)
        for t in ticks:
            d.line(px(t), bottom, px(t), bottom + _TICK)
            d.text(px(t), bottom + 2 * _TICK + 0.88 * _TICK_SIZE, f"{t:.{places}f}", _TICK_SIZE, "middle")
        for k, (name, maximum, points) in enumerate(sections):
            y = py(count - 1 - k)
            m, p = float(maximum or 0), float(points or 0)
            d.rect(left, y - bar / 2, px(m) - left, bar, "#ffffff", stroke=EDGE, stroke_width=0.6, hatch="//",
                   hatch_color=HATCH_COLOR)
            d.rect(left, y - bar / 2, px(p) - left, bar, SHADES[0])
            d.text(px(max(m, p)) + 4, y, f"{_money(points or Decimal(0))} / {_money(maximum or Decimal(0))}",
                   _LABEL_SIZE, middle=True)
            d.line(left - _TICK, y, left, y)
            d.text(left - 2 * _TICK, y, name, _fit(name, _TICK_SIZE, left - 2 * _TICK - 2), "end", middle=True)
        d.line(left, top, left, bottom)
        d.line(left, bottom, right, bottom)
        d.text((left + right) / 2, bottom + 2 * _TICK + _TICK_SIZE + 4 + 0.88 * _TICK_SIZE, "分", _TICK_SIZE, "middle")
        em = _LABEL_SIZE
        entries = (("分值", True), ("得分", False))
        widths = [2.8 * em + text_width(label, em) for label, _ in entries]
        x = (left + right) / 2 - (sum(widths) + 2 * em) / 2
        y = top - 1.6 - 0.4 * em - 0.35 * em
        for (label, hollow), w in zip(entries, widths):
            if hollow:
                d.rect(x, y - 0.35 * em, 2 * em, 0.7 * em, "#ffffff", stroke=EDGE, stroke_width=0.6, hatch="//",
                       hatch_color=HATCH_COLOR)
            else:
                d.rect(x, y - 0.35 * em, 2 * em, 0.7 * em, SHADES[0])
            d.text(x + 2.8 * em, y, label, em, middle=True)
            x += w + 2 * em
        return self._finish(d, anchor, title, alt)


def _ring(cx: float, cy: float, outer: float, inner: float, start: float, end: float) -> str:
    """Path of a ring segment from ``start`` to ``end`` degrees (clockwise when end < start)."""
    from jixiao.render.svgdraw import n

    if start - end >= 359.999:          # a whole ring: two half arcs each way
        return (f"M{n(cx)},{n(cy - outer)} A{n(outer)},{n(outer)} 0 1,1 {n(cx)},{n(cy + outer)} "
                f"A{n(outer)},{n(outer)} 0 1,1 {n(cx)},{n(cy - outer)} Z "
                f"M{n(cx)},{n(cy - inner)} A{n(inner)},{n(inner)} 0 1,0 {n(cx)},{n(cy + inner)} "
                f"A{n(inner)},{n(inner)} 0 1,0 {n(cx)},{n(cy - inner)} Z")

    def at(r: float, a: float) -> str:
        return f"{n(cx + r * math.cos(math.radians(a)))},{n(cy - r * math.sin(math.radians(a)))}"

    large = 1 if start - end > 180 else 0
    return (f"M{at(outer, start)} A{n(outer)},{n(outer)} 0 {large},1 {at(outer, end)} "
            f"L{at(inner, end)} A{n(inner)},{n(inner)} 0 {large},0 {at(inner, start)} Z")


# ---- matplotlib, for other stages' charts (never imported by the publication package) ---------------

@lru_cache(maxsize=1)
def _pyplot():
    """Import matplotlib once, headless, with the packaged Chinese font."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager, pyplot

    from jixiao.render.fonts import SANS_FAMILY, sans_path

    font_manager.fontManager.addfont(str(sans_path()))
    matplotlib.rcParams.update({
        "font.family": [SANS_FAMILY], "axes.unicode_minus": False, "svg.fonttype": "path",
        "svg.hashsalt": "jixiao", "font.size": 9, "hatch.linewidth": 0.6, "hatch.color": "#555555",
        "axes.spines.top": False, "axes.spines.right": False,
    })
    return pyplot


def pyplot():
    """matplotlib's pyplot, headless, with the packaged Chinese font (for other stages' charts)."""
    return _pyplot()


def figure_chart(fig, anchor: str, title: str, alt: str, note: str = "") -> Chart:
    """A finished matplotlib figure as a Chart block (SVG for PDF/HTML, PNG for Word)."""
    plt = _pyplot()
    svg, png = io.StringIO(), io.BytesIO()
    fig.savefig(svg, format="svg", metadata={"Date": None, "Creator": None})
    fig.savefig(png, format="png", dpi=PNG_DPI, metadata={"Software": None}, pil_kwargs={"compress_level": 3})
    plt.close(fig)
    return Chart(anchor, title, _strip_xml_header(svg.getvalue()), png.getvalue(), alt, note=note)


def _strip_xml_header(svg: str) -> str:
    """The bare <svg> element, without the XML prolog and the RDF metadata block."""
    start = svg.find("<svg")
    svg = svg[start:] if start >= 0 else svg
    return re.sub(r"\s*<metadata>.*?</metadata>", "", svg, count=1, flags=re.S)
