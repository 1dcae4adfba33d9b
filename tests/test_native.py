"""The compiled (mypyc) audit modules: used only for the very sources they were built from, and
giving exactly what the plain Python modules give."""
from __future__ import annotations

import json
from decimal import Decimal
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import jixiao.audit
from jixiao import native

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
JIXIAO = str(Path(sys.executable).with_name("jixiao"))


def test_the_compiled_audit_is_in_use_after_setup():
    """scripts/setup.sh builds it; JIXIAO_PURE=1 is the only way to run without it."""
    if os.environ.get("JIXIAO_PURE"):
        assert jixiao.audit.NATIVE is False
        return
    assert jixiao.audit.NATIVE is True, (
        "审核模块的编译版本没有生效：请运行 .venv/bin/python scripts/build_native.py（或 bash scripts/setup.sh）")
    import jixiao.audit.mentions as mentions
    from jixiao import ingest
    import jixiao.ingest.normalise as normalise
    import jixiao.ingest.yaml_in as yaml_in
    assert str(native.build_dir("audit")) in str(mentions.__file__)
    assert ingest.NATIVE is True and str(native.build_dir("audit")) in str(normalise.__file__)
    assert str(native.build_dir("audit")) not in str(yaml_in.__file__)   # the rest of ingest stays plain
    import jixiao.model.source as source
    import jixiao.model.numbers as numbers
    import jixiao.relations as relations
    import jixiao.findings as findings
    assert str(native.build_dir("audit")) in str(relations.__file__)
    assert str(native.build_dir("audit")) in str(numbers.__file__)
    assert str(native.build_dir("audit")) not in str(source.__file__) + str(findings.__file__)   # the rest stays plain


def test_an_edited_source_is_never_shadowed_by_an_old_build(tmp_path):
    copy = tmp_path / "jixiao"
    for package in ("audit", "ingest", "model"):
        shutil.copytree(Path(native.__file__).parent / package, copy / package,
                        ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(Path(native.__file__).parent / "relations.py", copy / "relations.py")
    before = native.stamp("audit", copy)
    assert before == native.stamp("audit")      # same bytes, same build
    path = copy / "ingest" / "normalise.py"
    path.write_text(path.read_text("utf-8") + "\n# edited\n", "utf-8")
    assert native.stamp("audit", copy) != before


def test_without_a_matching_build_the_plain_modules_are_used(tmp_path, monkeypatch):
    monkeypatch.setattr(native, "build_root", lambda: tmp_path)
    search: list[str] = ["src"]
    assert native.activate("audit", search) is False
    assert search == ["src"]
    # a build folder without its COMPLETE marker (a build cut short) is not used either
    (tmp_path / f"audit-{native.stamp('audit')}" / "jixiao" / "audit").mkdir(parents=True)
    assert native.activate("audit", search) is False
    assert search == ["src"]


@pytest.mark.needs_shared
def test_compiled_and_plain_give_the_same_findings(tmp_path):
    """The real corpus and the two source reports through the CLI, compiled and plain: byte-identical JSON."""
    folder = tmp_path / "texts"
    folder.mkdir()
    for p in sorted((SHARED / "seeds").glob("*.txt")):
        shutil.copy(p, folder / p.name)
    for p in sorted((SHARED / "corpus" / "real").glob("[0-9][0-9][0-9].txt")):
        (folder / p.name).write_text(p.read_text("utf-8").split("\n", 3)[3], "utf-8")
    runs = {}
    for mode, extra in (("native", {}), ("pure", {"JIXIAO_PURE": "1"})):
        env = {k: v for k, v in os.environ.items() if k != "JIXIAO_PURE"} | extra
        proc = subprocess.run([JIXIAO, "audit", str(folder), "--json", "--jobs", "1"], capture_output=True,
                              text=True, env=env, check=False)
        assert proc.returncode in (0, 1), proc.stderr
        runs[mode] = json.loads(proc.stdout)
    assert runs["native"] == runs["pure"]
    assert sum(len(d["findings"]) for d in runs["pure"]["documents"]) >= 20



def _written_out_inits():
    """(module path, class node, __init__ node) of every dataclass of the compiled modules whose
    ``__init__`` is written out by hand, read from the source (a compiled ``__init__`` has no signature)."""
    import ast

    found = []
    for path in native.sources("audit"):
        for node in ast.parse(path.read_text("utf-8")).body:
            if isinstance(node, ast.ClassDef) and any("dataclass" in ast.unparse(d) for d in node.decorator_list):
                init = next((b for b in node.body if isinstance(b, ast.FunctionDef) and b.name == "__init__"), None)
                if init is not None:
                    found.append((path, node, init))
    return found


def test_written_out_inits_take_the_fields_in_order_with_their_defaults():
    """A dataclass whose ``__init__`` is written out (so that mypyc compiles it) takes exactly its
    fields, in order, with the same defaults (None standing for a default_factory), and sets every
    field from its argument: a field added later cannot be forgotten."""
    import ast

    found = _written_out_inits()
    assert {"Mention", "DocLine", "Figure", "Relation", "Operand", "Quantity", "Stated", "Edits"} <= {
        c.name for _, c, _ in found}
    for path, cls, init in found:
        where = f"{path.name}:{cls.name}"
        fields = [(f.target.id, f.value) for f in cls.body if isinstance(f, ast.AnnAssign)
                  and isinstance(f.target, ast.Name) and "ClassVar" not in ast.unparse(f.annotation)]
        args = init.args.args[1:]
        assert [a.arg for a in args] == [name for name, _ in fields], where
        defaults = [None] * (len(args) - len(init.args.defaults)) + list(init.args.defaults)
        for (name, value), default in zip(fields, defaults):
            if value is None:
                assert default is None, (where, name)
            elif ast.unparse(value).startswith("field(default_factory"):
                assert default is not None and ast.unparse(default) == "None", (where, name)
            else:
                assert default is not None and ast.unparse(default) == ast.unparse(value), (where, name)
        body = ast.unparse(init)
        frozen = "frozen=True" in ast.unparse(cls.decorator_list[0])
        for name, _ in fields:
            assert (f"object.__setattr__(self, '{name}', {name})" in body if frozen
                    else f"self.{name} = " in body and name in body.split(f"self.{name} = ", 1)[1].split("\n", 1)[0]), \
                (where, name)


def test_written_out_inits_keep_frozen_classes_frozen():
    import dataclasses

    from jixiao.audit.claims import Figure
    from jixiao.audit.quantity import Quantity

    f = Figure(Decimal("1.5"), "1.5", "万元", 0, 0, 5)
    assert f == Figure(Decimal("1.5"), "1.5", "万元", 0, 0, 5) and hash(f) == hash(Figure(Decimal("1.5"), "1.5", "万元", 0, 0, 5))
    assert f.label == ""
    with pytest.raises(dataclasses.FrozenInstanceError):
        f.value = Decimal(2)   # type: ignore[misc]
    q = Quantity("基本支出", None, "", "amount", "2023", "基本支出")
    with pytest.raises((dataclasses.FrozenInstanceError, AttributeError)):
        q.name = "x"   # type: ignore[misc]
