"""Read a filing's YAML into the neutral tree, keeping line numbers.

Scalars are kept as the text written, so ``552.21`` never passes through a float.

The reader is bounded: anchors and aliases (``&a`` / ``*a``) are refused, because a filing never
needs them and an alias bomb re-expands them into gigabytes; nesting deeper than
:data:`MAX_DEPTH` is refused before Python's recursion limit is reached, and so is a file of more than
:data:`MAX_NODES` values.  Every parser message is given in Chinese with its line.

The tree is built straight from the parser's events, with libyaml's parser when it is installed (it
is, with PyYAML's wheels): no PyYAML node graph is composed first, and no nesting can reach
Python's recursion limit, because the builder keeps its own stack.
"""
from __future__ import annotations

import yaml
from yaml.events import (AliasEvent, DocumentEndEvent, MappingEndEvent, ScalarEvent,
                         SequenceEndEvent, SequenceStartEvent, StreamEndEvent)

from jixiao.findings import UnusableInput, error
from jixiao.ingest.limits import read_input
from jixiao.ingest.tree import MapNode, Node, Scalar, SeqNode
from jixiao.model.source import Source

from yaml.parser import Parser as _PyParser
from yaml.reader import Reader as _Reader
from yaml.scanner import Scanner as _Scanner


class _SlowParser(_Reader, _Scanner, _PyParser):
    """PyYAML's own parser: its messages are the ones translated below, and it is what libyaml's
    refusals are checked against (libyaml refuses a few things PyYAML reads, e.g. ``"\\uD800"``)."""

    def __init__(self, stream: str):
        _Reader.__init__(self, stream)
        _Scanner.__init__(self)
        _PyParser.__init__(self)

    def dispose(self) -> None:
        pass


try:  # libyaml's parser, about ten times faster
    from yaml._yaml import CParser as _FastParser
except ImportError:  # pragma: no cover - PyYAML's wheels ship libyaml
    _FastParser = _SlowParser

_NULLS = {"", "~", "null", "Null", "NULL"}
#: deepest nesting of lists and mappings a filing may have (a real one has fewer than 10)
MAX_DEPTH = 64
#: most values (scalars, lists, mappings) a filing may have: the examples have about 2,000; a real
#: filing never comes near, so a flood of keys is refused before it costs memory or minutes
MAX_NODES = 100_000
_NO_KEY = object()  # a mapping frame waiting for its next key
_SKIP = object()    # a mapping frame whose pending entry is dropped (a duplicate or non-text key)


class _Refused(yaml.YAMLError):
    """A structure the filing reader does not accept: an anchor, an alias, too deep a nesting, too many values."""

    def __init__(self, message: str, line: int):
        super().__init__(message)
        self.message, self.line = message, line


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
        root, problems = _build(text, doc)
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
    if root is None:
        raise UnusableInput([error("INPUT-EMPTY", "文件为空", Source(doc, "L1"))])
    if problems:
        raise UnusableInput(problems)
    return root


def _build(text: str, doc: str) -> tuple[Node | None, list]:
    """The neutral tree straight from the parser's events (libyaml when installed), without
    composing PyYAML nodes first.  Iterative, so no nesting reaches the recursion limit; the
    depth, the number of values and every anchor or alias are checked as each event arrives."""
    try:
        return _build_with(_FastParser, text, doc)
    except _Refused:
        raise
    except yaml.YAMLError:
        if _FastParser is _SlowParser:
            raise
    # a syntax error or a refused character (rare): PyYAML's parser says where (libyaml counts
    # bytes, not characters) and what, in the words translated below, and reads the few things
    # libyaml alone refuses
    return _build_with(_SlowParser, text, doc)


def _build_with(parser_class, text: str, doc: str) -> tuple[Node | None, list]:  # type: ignore[no-untyped-def]
    parser = parser_class(text)
    try:
        return _build_events(parser, doc)
    finally:
        parser.dispose()


def _build_events(parser, doc: str) -> tuple[Node | None, list]:  # type: ignore[no-untyped-def]
    get_event = parser.get_event
    problems: list = []
    sources: dict[int, Source] = {}
    get_event()  # the stream's start
    event = get_event()
    if event.__class__ is StreamEndEvent:
        return None, problems
    doc_start = event
    # a mapping frame is [node, pending key (text, _NO_KEY or _SKIP), the key's source, number of
    # problems when the entry began]; a dropped entry's value is built and its problems discarded
    stack: list[list] = []
    root: Node | None = None
    nodes = 0
    event = get_event()
    while True:
        cls = event.__class__
        text = None
        if cls is SequenceEndEvent or cls is MappingEndEvent:
            value: Node = stack.pop()[0]
        elif cls is DocumentEndEvent:
            break
        else:
            line = event.start_mark.line + 1
            if cls is AliasEvent:
                raise _Refused(f"不支持别名引用“*{event.anchor}”：填报文件中每个值都应直接写出", line)
            if event.anchor is not None:
                raise _Refused(f"不支持锚点“&{event.anchor}”：填报文件中每个值都应直接写出", line)
            nodes += 1
            if nodes > MAX_NODES:
                raise _Refused(f"条目过多（超过{MAX_NODES}个值），不像是一份填报文件；请检查是否选错了文件", line)
            if len(stack) >= MAX_DEPTH:
                raise _Refused(f"嵌套层级过深（超过{MAX_DEPTH}层），不是有效的填报文件", line)
            source = sources.get(line)
            if source is None:
                source = sources[line] = Source(doc, f"L{line}")
            if cls is ScalarEvent:
                text = event.value
                value = Scalar(None if not event.style and text in _NULLS else text, source)  # plain: None or ''
            else:
                node: Node = SeqNode([], source) if cls is SequenceStartEvent else MapNode(source=source)
                stack.append([node, _NO_KEY, None, len(problems)])
                event = get_event()
                continue
        event = get_event()
        if not stack:
            root = value
            continue
        frame = stack[-1]
        container = frame[0]
        if container.__class__ is SeqNode:
            container.items.append(value)
        elif frame[1] is _NO_KEY:  # the value is a key
            if text is None:
                del problems[frame[3]:]
                problems.append(error("INPUT-YAML-KEY", "键必须是简单文本", value.source))
                frame[1] = _SKIP
            elif text in container.items:
                problems.append(error("INPUT-DUPLICATE-KEY", f"字段“{text}”重复出现（第{container.key_sources[text].locator[1:]}行已有）", value.source))
                frame[1] = _SKIP
            else:
                frame[1], frame[2] = text, value.source
            frame[3] = len(problems)
        else:  # the value of the pending key
            if frame[1] is _SKIP:
                del problems[frame[3]:]
            else:
                container.items[frame[1]] = value
                container.key_sources[frame[1]] = frame[2]
            frame[1] = _NO_KEY
            frame[3] = len(problems)
    event = get_event()
    if event.__class__ is not StreamEndEvent:
        raise yaml.composer.ComposerError("expected a single document in the stream", doc_start.start_mark,
                                          "but found another document", event.start_mark)
    return root, problems


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
