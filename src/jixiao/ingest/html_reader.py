"""HTML pages saved from a government site: block elements become lines, table cells tabs."""
from __future__ import annotations

from html.parser import HTMLParser

_BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article",
          "table", "ul", "ol", "blockquote", "pre", "title"}
_SKIP = {"script", "style", "head", "noscript"}


class _Lines(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.skip = 0
        self.in_cell = False

    def _flush(self) -> None:
        text = "".join(self.current).strip(" \n\r")
        if text.strip():
            self.lines.append(text)
        self.current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip += 1
        elif tag in ("td", "th"):
            if self.in_cell:
                self.current.append("\t")
            self.in_cell = True
        elif tag in _BLOCK and not self.in_cell:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag == "tr":
            self.in_cell = False
            self._flush()
        elif tag in _BLOCK and not self.in_cell:
            self._flush()

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.current.append(data.replace("\n", "").replace("\r", "").replace("\t", " ")
                                if self.in_cell else data.replace("\r", "").replace("\n", ""))


def read_html_lines(path: str) -> list[tuple[str, str]]:
    from jixiao.ingest.text_reader import decode_bytes

    with open(path, "rb") as fh:
        text = decode_bytes(fh.read())
    parser = _Lines()
    parser.feed(text)
    parser.close()
    parser._flush()
    return [(line, f"L{i}") for i, line in enumerate(parser.lines, start=1)]
