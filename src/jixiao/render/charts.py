"""Charts with matplotlib: SVG (glyphs as paths, for PDF and HTML) and PNG (for Word).

Each chart shows its values as text, uses Chinese labels, and stays readable in
greyscale print: shades of one hue ordered by lightness, plus hatching.
Output is deterministic (fixed SVG hash salt, no dates in metadata).
"""
from __future__ import annotations

import io
import re
from decimal import Decimal
from functools import lru_cache
from typing import Sequence

from jixiao.model.numbers import fmt, fmt_trim
from jixiao.render.blocks import Chart

SHADES = ("#08306b", "#4a7fb5", "#9ec3e0", "#dbe9f6", "#2b2b2b", "#7f7f7f", "#c8c8c8")
HATCHES = ("", "//", "..", "xx", "\\\\", "oo", "--")
PNG_DPI = 150


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


def _money(value: Decimal) -> str:
    return fmt_trim(value, 2)


def _bar_text(value: Decimal | None, derived: bool, unit: str = "万元") -> str:
    """A bar's label: two decimals (bars side by side compare digit for digit); 推算 when derived."""
    if value is None:
        return "未填报"
    return fmt(value, 2) + unit + ("（推算）" if derived else "")


class ChartMaker:
    """Makes the chart blocks.  ``enabled=False`` gives text-only placeholders (no matplotlib)."""

    def __init__(self, enabled: bool = True):
        self.enabled = enabled

    def _finish(self, fig, anchor: str, title: str, alt: str, note: str = "") -> Chart:
        plt = _pyplot()
        svg, png = io.StringIO(), io.BytesIO()
        fig.savefig(svg, format="svg", metadata={"Date": None, "Creator": None})
        fig.savefig(png, format="png", dpi=PNG_DPI, metadata={"Software": None}, pil_kwargs={"compress_level": 3})
        plt.close(fig)
        return Chart(anchor, title, _strip_xml_header(svg.getvalue()), png.getvalue(), alt, note=note)

    def _empty(self, anchor: str, title: str, alt: str, note: str = "") -> Chart:
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
        plt = _pyplot()
        fig, ax = plt.subplots(figsize=(6.0, 3.0))
        width = 0.36
        for i, (year, shade, hatch) in enumerate(((years[0], SHADES[2], "//"), (years[1], SHADES[0], ""))):
            for n, row in enumerate(rows):
                value, guessed = row[1 + i], i == 0 and derived[n]
                x = n + (i - 0.5) * width
                style = ({"color": "white", "hatch": "..", "edgecolor": "#555555", "linestyle": (0, (4, 2))}
                         if guessed else {"color": shade, "hatch": hatch, "edgecolor": "#333333"})
                bar = ax.bar([x], [float(value) if value is not None else 0.0], width * 0.95, linewidth=0.8,
                             label=f"{year}年（推算）" if guessed else f"{year}年",
                             **style)[0]
                ax.annotate(_bar_text(value, guessed, unit=""), (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                            ha="center", va="bottom", fontsize=8, xytext=(0, 2), textcoords="offset points")
        ax.set_xticks(range(len(rows)), [r[0] for r in rows])
        ax.text(0, 1.02, "单位：万元", transform=ax.transAxes, ha="left", va="bottom", fontsize=8)
        top = max([float(v) for r in rows for v in r[1:] if v is not None] or [1.0])
        ax.set_ylim(0, top * 1.15)
        handles, labels = ax.get_legend_handles_labels()
        unique = dict(zip(labels, handles))
        ax.legend(unique.values(), unique.keys(), frameon=False, loc="lower right", bbox_to_anchor=(1.0, 1.0),
                  ncols=len(unique), fontsize=8, borderaxespad=0.2)
        fig.subplots_adjust(left=0.1, right=0.98, top=0.88, bottom=0.1)
        return self._finish(fig, anchor, title, alt, note)

    # ---- 结构图 (pie with a legend that carries every value) -----------------------------------
    def structure(self, anchor: str, title: str, parts: Sequence[tuple[str, Decimal | None, Decimal | None]],
                  places: int = 1) -> Chart:
        labels = [f"{name} {_money(a) if a is not None else '未填报'}万元"
                  f"{'，' + fmt(s, places) + '%' if s is not None else ''}" for name, a, s in parts]
        alt = title + "：" + "；".join(labels) + "。"
        if not self.enabled:
            return self._empty(anchor, title, alt)
        plt = _pyplot()
        values = [float(a) if a is not None and a > 0 else 0.0 for _, a, _ in parts]
        fig, ax = plt.subplots(figsize=(6.0, 2.3))
        if sum(values) > 0:
            wedges, _ = ax.pie(values, colors=SHADES[: len(values)], startangle=90, counterclock=False,
                               wedgeprops={"linewidth": 0.8, "edgecolor": "white", "width": 0.55})
            for wedge, hatch in zip(wedges, HATCHES):
                wedge.set_hatch(hatch)
            handles = wedges
        else:
            ax.text(0, 0, "金额均为0", ha="center", va="center")
            handles = []
        ax.set_aspect("equal")
        if handles:
            ax.legend(handles, labels, loc="center left", bbox_to_anchor=(1.02, 0.5), frameon=False, fontsize=8.5)
        fig.subplots_adjust(left=0.02, right=0.5, top=0.97, bottom=0.03)
        return self._finish(fig, anchor, title, alt)

    # ---- scorecard: points against maximum by section -----------------------------------------
    def scorecard(self, anchor: str, title: str, sections: Sequence[tuple[str, Decimal, Decimal]]) -> Chart:
        alt = title + "：" + "；".join(f"{name}得{_money(p)}分（满分{_money(m)}分）" for name, m, p in sections) + "。"
        if not self.enabled or not sections:
            return self._empty(anchor, title, alt)
        plt = _pyplot()
        fig, ax = plt.subplots(figsize=(6.0, 0.5 + 0.42 * len(sections)))
        ys = list(range(len(sections)))[::-1]
        ax.barh(ys, [float(m) for _, m, _ in sections], 0.62, color="white", edgecolor="#333333", hatch="//",
                linewidth=0.6, label="分值")
        ax.barh(ys, [float(p) for _, _, p in sections], 0.62, color=SHADES[0], label="得分")
        for y, (_, m, p) in zip(ys, sections):
            ax.annotate(f"{_money(p)} / {_money(m)}", (float(max(m, p)), y), xytext=(4, 0), textcoords="offset points",
                        va="center", fontsize=8)
        ax.set_yticks(ys, [name for name, _, _ in sections])
        ax.set_xlim(0, float(max(max(m, p) for _, m, p in sections) or 1) * 1.25)
        ax.set_xlabel("分")
        height = 0.9 + 0.42 * len(sections)
        fig.set_size_inches(6.0, height)
        ax.legend(frameon=False, loc="lower center", bbox_to_anchor=(0.5, 1.0), fontsize=8, ncols=2)
        fig.subplots_adjust(left=0.16, right=0.95, top=1 - 0.35 / height, bottom=0.5 / height)
        return self._finish(fig, anchor, title, alt)


def _strip_xml_header(svg: str) -> str:
    """The bare <svg> element, without the XML prolog and the RDF metadata block."""
    start = svg.find("<svg")
    svg = svg[start:] if start >= 0 else svg
    return re.sub(r"\s*<metadata>.*?</metadata>", "", svg, count=1, flags=re.S)


def pyplot():
    """matplotlib's pyplot, headless, with the packaged Chinese font (for other stages' charts)."""
    return _pyplot()


def figure_chart(fig, anchor: str, title: str, alt: str, note: str = "") -> Chart:
    """A finished matplotlib figure as a Chart block (SVG for PDF/HTML, PNG for Word)."""
    return ChartMaker()._finish(fig, anchor, title, alt, note)
