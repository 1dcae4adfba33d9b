"""The compiled (mypyc) audit modules: used only for the very sources they were built from, and
giving exactly what the plain Python modules give."""
from __future__ import annotations

import json
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


def test_an_edited_source_is_never_shadowed_by_an_old_build(tmp_path):
    copy = tmp_path / "jixiao"
    for package in ("audit", "ingest"):
        shutil.copytree(Path(native.__file__).parent / package, copy / package,
                        ignore=shutil.ignore_patterns("__pycache__"))
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
