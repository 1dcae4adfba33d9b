"""Section builders: one small function per section id of a template.

``default_builders()`` returns a fresh registry (a dict, built per run); a
template names builders by id.  Each builder takes the render context and the
template node and returns blocks; it reads finished results only.
"""
from __future__ import annotations

from typing import Callable

from jixiao.render.blocks import Block
from jixiao.render.context import RenderContext
from jixiao.render.templates import Section

Builder = Callable[[RenderContext, Section], list[Block]]


def default_builders() -> dict[str, Builder]:
    from jixiao.render.sections import accounts, appendix, department, general, other, projects

    builders: dict[str, Builder] = {}
    for module in (general, accounts, other, projects, department, appendix):
        builders.update(module.BUILDERS)
    return builders
