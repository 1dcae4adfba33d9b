"""Read a filing's YAML into the neutral tree, keeping line numbers.

Scalars are kept as the text written, so ``552.21`` never passes through a float.

The reader is bounded: anchors and aliases (``&a`` / ``*a``) are refused, because a filing never
needs them and an alias bomb re-expands them into gigabytes; nesting deeper than
:data:`MAX_DEPTH` is refused before Python's recursion limit is reached, and so is a file of more than
:data:`MAX_NODES` values (the pure-Python parser is slow; a flood of keys would take minutes).  Every PyYAML message
is given in Chinese with its line.
"""
from __future__ import annotations

import yaml

from jixiao.findings import UnusableInput, error
from jixiao.ingest.limits import read_input
from jixiao.ingest.tree import MapNode, Node, Scalar, SeqNode
from jixiao.model.source import Source

_NULLS = {"", "~", "null", "Null", "NULL"}
#: deepest nesting of lists and mappings a filing may have (a real one has fewer than 10)
MAX_DEPTH = 64
#: most values (scalars, lists, mappings) a filing may have: the examples have about 2,000; the
#: pure-Python parser reads about 50,000 a second, so a flood of keys is refused within seconds
MAX_NODES = 100_000


class _Refused(yaml.YAMLError):
    """A structure the filing reader does not accept: an anchor, an alias, too deep a nesting, too many values."""

    def __init__(self, message: str, line: int):
        super().__init__(message)
        self.message, self.line = message, line


class _BoundedLoader(yaml.SafeLoader):
    """SafeLoader whose composer refuses anchors and aliases and caps the nesting depth."""

    def __init__(self, stream: str):
        super().__init__(stream)
        self._depth = 0
        self._nodes = 0

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        event = self.peek_event()
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent):
            raise _Refused(f"不支持别名引用“*{event.anchor}”：填报文件中每个值都应直接写出", line)
        if getattr(event, "anchor", None) is not None:
            raise _Refused(f"不支持锚点“&{event.anchor}”：填报文件中每个值都应直接写出", line)
        self._depth += 1
        self._nodes += 1
        if self._nodes > MAX_NODES:
            raise _Refused(f"条目过多（超过{MAX_NODES}个值），不像是一份填报文件；请检查是否选错了文件", line)
        if self._depth > MAX_DEPTH:
            raise _Refused(f"嵌套层级过深（超过{MAX_DEPTH}层），不是有效的填报文件", line)
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def read_yaml_tree(path: str, doc: str | None = None) -> Node:
    doc = doc or path
    data = read_input(path, "yaml", doc)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise UnusableInput([error("INPUT-ENCODING", f"文件不是UTF-8编码（第{exc.start}字节处无法解码），请另存为UTF-8", Source(doc, f"L{line}"))]) from exc
    return parse_yaml_text(text, doc)


def parse_yaml_text(text: str, doc: str) -> Node:
    try:
        loader = _BoundedLoader(text)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except _Refused as exc:
        raise UnusableInput([error("INPUT-YAML-STRUCTURE", exc.message, Source(doc, f"L{exc.line}"))]) from exc
    except yaml.reader.ReaderError as exc:
        line = text[:exc.position].count("\n") + 1
        raise UnusableInput([error("INPUT-YAML-CHARACTER", f"含有不允许的控制字符（U+{exc.character:04X}）；请删除该字符", Source(doc, f"L{line}"))]) from exc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        problem = exc.problem or ""
        raise UnusableInput([error("INPUT-YAML-SYNTAX", f"YAML格式错误：{_zh_problem(problem, exc.context or '')}", Source(doc, f"L{line}"))]) from exc
    except yaml.YAMLError as exc:
        raise UnusableInput([error("INPUT-YAML-SYNTAX", "YAML格式错误：无法解析该文件", Source(doc, "L1"))]) from exc
    except RecursionError as exc:  # pragma: no cover - MAX_DEPTH is far below the recursion limit
        raise UnusableInput([error("INPUT-YAML-STRUCTURE", "嵌套层级过深，不是有效的填报文件", Source(doc, "L1"))]) from exc
    if root is None:
        raise UnusableInput([error("INPUT-EMPTY", "文件为空", Source(doc, "L1"))])
    problems: list = []
    tree = _convert(root, doc, problems)
    if problems:
        raise UnusableInput(problems)
    return tree


_PROBLEMS = (
    ("could not find expected ':'", "缺少冒号“:”"),
    ("found character '\\t' that cannot start any token", "含有制表符（Tab），请改用空格缩进"),
    ("mapping values are not allowed here", "此处不允许出现“键: 值”，可能缩进有误"),
    ("expected <block end>, but found '-'", "列表项缩进不一致"),
    ("expected <block end>", "缩进不一致"),
    ("found unexpected end of stream", "文件意外结束（可能被截断）"),
    ("but found another document", "文件中有多个文档（“---”分隔）；填报文件只能有一个"),
    ("found duplicate anchor", "锚点重复"),
    ("found undefined alias", "使用了未定义的别名"),
    ("found unknown escape character", "双引号字符串中有无效的转义符"),
    ("expected ',' or ']'", "方括号列表未闭合（缺少“]”或“,”）"),
    ("expected ',' or '}'", "花括号映射未闭合（缺少“}”或“,”）"),
    ("found unexpected ':'", "冒号位置不对"),
    ("found character", "含有不能作为开头的字符"),
    ("found a tab character", "含有制表符（Tab），请改用空格缩进"),
    ("found unknown directive", "未知的“%”指令"),
    ("found undefined tag handle", "未定义的标签"),
    ("could not determine a constructor", "不支持的标签（!）写法"),
    ("while scanning a quoted scalar", "引号未闭合"),
    ("while scanning a simple key", "缺少冒号“:”"),
)


def _zh_problem(problem: str, context: str = "") -> str:
    """PyYAML's English problem in Chinese; the generic text when it is not one we know."""
    for key, zh in _PROBLEMS:
        if problem.startswith(key) or (not problem and context.startswith(key)):
            return zh
    for key, zh in _PROBLEMS:
        if context.startswith(key):
            return zh
    return "无法解析（文件可能被截断或缩进不对）"


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
