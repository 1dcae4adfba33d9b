"""The Chinese fonts every output uses, from the pip package ``pylopdf-fonts-zh-cn``.

No system font is needed: Typst and matplotlib load these files directly.  Word
and HTML name conventional families (宋体/黑体, or a CSS stack) because their
readers bring their own fonts.
"""
from __future__ import annotations

from pathlib import Path

SANS_FAMILY = "Noto Sans SC"
SERIF_FAMILY = "Noto Serif SC"


class FontMissing(RuntimeError):
    pass


def font_dir() -> Path:
    try:
        import pylopdf_fonts_zh_cn as fonts
    except ImportError as exc:  # pragma: no cover - a dependency of the package
        raise FontMissing("未安装中文字体包 pylopdf-fonts-zh-cn，请运行 bash scripts/setup.sh") from exc
    return Path(fonts.sans_path()).parent


def sans_path() -> Path:
    return font_dir() / "NotoSansSC-Regular.otf"


def serif_path() -> Path:
    return font_dir() / "NotoSerifSC-Regular.otf"
