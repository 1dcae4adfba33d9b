"""Read a filing's YAML into the neutral tree, keeping line numbers.

Scalars are kept as the text written, so ``552.21`` never passes through a float.
"""
from __future__ import annotations

import yaml

from jixiao.findings import UnusableInput, error
from jixiao.ingest.limits import MAX_YAML_BYTES, check_size
from jixiao.ingest.tree import MapNode, Node, Scalar, SeqNode
from jixiao.model.source import Source

_NULLS = {"", "~", "null", "Null", "NULL"}


def read_yaml_tree(path: str, doc: str | None = None) -> Node:
    doc = doc or path
    check_size(path, MAX_YAML_BYTES)
    try:
        with open(path, "rb") as fh:
            data = fh.read()
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnusableInput([error("INPUT-ENCODING", f"文件不是UTF-8编码（第{exc.start}字节处无法解码），请另存为UTF-8", Source(doc, "L1"))]) from exc
    except OSError as exc:
        raise UnusableInput([error("INPUT-UNREADABLE", f"无法读取文件：{exc.strerror or exc}", Source(doc, "L1"))]) from exc
    return parse_yaml_text(text, doc)


def parse_yaml_text(text: str, doc: str) -> Node:
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        problem = exc.problem or "格式错误"
        raise UnusableInput([error("INPUT-YAML-SYNTAX", f"YAML格式错误：{_zh_problem(problem)}（文件可能被截断或缩进不对）", Source(doc, f"L{line}"))]) from exc
    except yaml.YAMLError as exc:
        raise UnusableInput([error("INPUT-YAML-SYNTAX", f"YAML格式错误：{exc}", Source(doc, "L1"))]) from exc
    if root is None:
        raise UnusableInput([error("INPUT-EMPTY", "文件为空", Source(doc, "L1"))])
    problems: list = []
    tree = _convert(root, doc, problems)
    if problems:
        raise UnusableInput(problems)
    return tree


def _zh_problem(problem: str) -> str:
    table = {
        "could not find expected ':'": "缺少冒号“:”",
        "found character '\\t' that cannot start any token": "含有制表符（Tab），请改用空格缩进",
        "mapping values are not allowed here": "此处不允许出现“键: 值”，可能缩进有误",
        "expected <block end>, but found '-'": "列表项缩进不一致",
        "found unexpected end of stream": "文件意外结束（可能被截断）",
    }
    for key, zh in table.items():
        if problem.startswith(key):
            return zh
    return problem


def _src(node: yaml.Node, doc: str) -> Source:
    return Source(doc, f"L{node.start_mark.line + 1}")


def _convert(node: yaml.Node, doc: str, problems: list) -> Node:
    if isinstance(node, yaml.ScalarNode):
        raw: object = node.value
        if node.style is None and node.value in _NULLS:
            raw = None
        return Scalar(raw, _src(node, doc))
    if isinstance(node, yaml.SequenceNode):
        return SeqNode([_convert(child, doc, problems) for child in node.value], _src(node, doc))
    if isinstance(node, yaml.MappingNode):
        out = MapNode(source=_src(node, doc))
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(error("INPUT-YAML-KEY", "键必须是简单文本", _src(key_node, doc)))
                continue
            key = key_node.value
            if key in out.items:
                problems.append(error("INPUT-DUPLICATE-KEY", f"字段“{key}”重复出现（第{out.key_sources[key].locator[1:]}行已有）", _src(key_node, doc)))
                continue
            out.items[key] = _convert(value_node, doc, problems)
            out.key_sources[key] = _src(key_node, doc)
        return out
    raise UnusableInput([error("INPUT-YAML-SYNTAX", "无法识别的YAML结构（不支持锚点合并等高级写法）", _src(node, doc))])
