"""Editing one figure in the page: the filing of the current version with the field at a path set to
the typed value, written back in the file's own format (the Excel template through the same writer as
``jixiao convert``, or YAML), to be checked and stored as a new version like an upload."""
from __future__ import annotations

import os
import re
import tempfile
from decimal import Decimal, InvalidOperation
from typing import Any

from jixiao.io_util import safe_stem

_INDEX = re.compile(r"\[(\d+)\]")
NUMBER_KINDS = ("money", "number", "percent")


class Refused(Exception):
    """The edit cannot be made (message in Chinese)."""


def edit_bytes(data: bytes, filename: str, path: str, text: str) -> tuple[bytes, str, str]:
    """(the new file's bytes, the old value as text, the new value as text)."""
    from jixiao.findings import UnusableInput
    from jixiao.pipeline import load_and_validate

    stem, ext = os.path.splitext(os.path.basename(filename))
    ext = ext.lower()
    with tempfile.TemporaryDirectory(prefix="jixiao-edit-") as tmp:
        source = os.path.join(tmp, safe_stem(stem, "填报文件") + ext)
        with open(source, "wb") as fh:
            fh.write(data)
        try:
            run = load_and_validate(source)
        except UnusableInput as exc:
            raise Refused("当前版本无法读取，不能在页面上修改；请上传改正后的文件。") from exc
        filing, old, new = _set(run.filing, path, text.strip())
        target = os.path.join(tmp, "out" + ext)
        if ext == ".xlsx":
            from jixiao.ingest.xlsx_out import write_workbook
            from jixiao.metrics.names import KeyNames

            write_workbook(filing, target, KeyNames(run.registry))
            with open(target, "rb") as fh:
                out = fh.read()
        else:
            from jixiao.ingest.yaml_out import dump_filing

            out = dump_filing(filing).encode("utf-8")
    return out, old, new


def _set(filing: Any, path: str, text: str) -> tuple[Any, str, str]:
    from jixiao.model import schema as S
    from jixiao.model.filing import Filing
    from jixiao.model.values import Value, ValueMap
    from jixiao.model.walk import get_path, set_path, spec_at

    if not path or len(text) > 2000:
        raise Refused("请填写要修改的内容。")
    plain = _INDEX.sub("", path)
    try:
        spec = spec_at(Filing, plain)
    except (KeyError, AttributeError, TypeError):
        spec = None
    if spec is None:                                  # a key of a map of stated (published) values
        head, _, key = path.rpartition(".")
        try:
            holder = spec_at(Filing, _INDEX.sub("", head))
            values = get_path(filing, head)
        except (KeyError, AttributeError, TypeError):
            raise Refused("该字段不能在页面上修改，请修改文件后上传。") from None
        if holder.kind != S.VALUES or not isinstance(values, ValueMap) or key not in values:
            raise Refused("该字段不能在页面上修改，请修改文件后上传。")
        value = _value(Value, text, values.get(key))
        old = str(values.get(key))
        items = tuple((k, value if k == key else v) for k, v in values.items())
        return set_path(filing, head, ValueMap(items)), old, str(value)
    current = get_path(filing, path)
    old = "" if current is None else str(current)
    if spec.kind in NUMBER_KINDS:
        try:
            number = Decimal(text.replace(",", "").removesuffix("%"))
        except InvalidOperation:
            raise Refused(f"“{text}”不是数字。") from None
        if not number.is_finite():
            raise Refused(f"“{text}”不是数字。")
        return set_path(filing, path, number), old, str(number)
    if spec.kind in (S.COUNT, S.INT):
        if not re.fullmatch(r"-?\d{1,12}", text):
            raise Refused(f"“{text}”不是整数。")
        return set_path(filing, path, int(text)), old, text
    if spec.kind == S.VALUE:
        value = _value(Value, text, current)
        return set_path(filing, path, value), old, str(value)
    if spec.kind == S.TEXT:
        return set_path(filing, path, text), old, text
    raise Refused("该字段不能在页面上修改，请修改文件后上传。")


def _value(cls: Any, text: str, old: Any) -> Any:
    """A stated value as typed; a figure stated as a number stays a number."""
    try:
        value = cls.parse(text)
    except Exception as exc:                         # noqa: BLE001 - NumberError and kin: a message for the user
        raise Refused(f"“{text}”无法识别：{exc}") from None
    if old is not None and getattr(old, "number", None) is not None and value.number is None:
        raise Refused(f"“{text}”无法识别为数字（原值 {old} 是数字）。")
    return value
