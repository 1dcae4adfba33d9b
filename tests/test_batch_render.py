"""``jixiao batch render`` (issue 15): many filings in worker processes, a bad filing failing alone
with its message, a resumable run, a summary of what failed; and ``jixiao synth --filings``, whose
synthetic filings validate and render."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from jixiao.bulk import render as bulk
from jixiao.bulk.render import MARKER, Unit, find_units, render_folder, render_unit
from jixiao.pipeline import load_and_validate


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """Four synthetic filings (two the size of S0, two of S4), written once for the module."""
    from click.testing import CliRunner

    from jixiao.cli import main

    folder = tmp_path_factory.mktemp("synth")
    result = CliRunner().invoke(main, ["synth", str(folder), "--filings", "4", "--seed", "7"])
    assert result.exit_code == 0, result.output
    return folder


# ---- synth --filings ---------------------------------------------------------------------------------

def test_synth_writes_filings_half_each_size_and_says_they_are_synthetic(synthetic):
    names = sorted(p.name for p in synthetic.iterdir())
    assert names == ["00001-S0.yaml", "00002-S4.yaml", "00003-S0.yaml", "00004-S4.yaml"]
    for path in synthetic.iterdir():
        text = path.read_text(encoding="utf-8")
        assert text.startswith("# 合成填报文件：仅供测速") and "不是真实单位" in text.splitlines()[0]
    runs = {p.name: load_and_validate(str(p)) for p in synthetic.iterdir()}
    assert all(not run.input_errors for run in runs.values())
    sizes = {name: len(run.filing.projects) for name, run in runs.items()}
    assert sizes == {"00001-S0.yaml": 3, "00002-S4.yaml": 8, "00003-S0.yaml": 3, "00004-S4.yaml": 8}
    units = {run.filing.unit.name for run in runs.values()}
    assert len(units) == 4 and not units & {"资阳市雁江区信访局", "曲靖市沾益区信访局"}
    for run in runs.values():                     # project names are unique within each filing
        names = [p.name for p in run.filing.projects]
        assert len(set(names)) == len(names)


def test_synth_is_deterministic_by_seed(synthetic, tmp_path, cli):
    assert cli("synth", str(tmp_path / "same"), "--filings", "4", "--seed", "7").exit_code == 0
    assert cli("synth", str(tmp_path / "other"), "--filings", "4", "--seed", "8").exit_code == 0
    for path in synthetic.iterdir():
        assert (tmp_path / "same" / path.name).read_bytes() == path.read_bytes()
    assert (tmp_path / "other" / "00002-S4.yaml").read_bytes() != (synthetic / "00002-S4.yaml").read_bytes()


def test_synth_without_a_count_is_refused_in_chinese(cli, tmp_path):
    result = cli("synth", str(tmp_path / "x"))
    assert result.exit_code == 2 and "--projects" in result.output and "--filings" in result.output


# ---- batch render --------------------------------------------------------------------------------------

@pytest.fixture
def folder(synthetic, tmp_path):
    """Two good synthetic filings (S0, S4) in a sub-folder, one broken filing, and a file that is not one."""
    src = tmp_path / "填报"
    (src / "二区").mkdir(parents=True)
    shutil.copy(synthetic / "00001-S0.yaml", src / "a-S0.yaml")
    shutil.copy(synthetic / "00002-S4.yaml", src / "二区" / "b-S4.yaml")
    (src / "c-坏.yaml").write_text("schema: jixiao.filing/1\nmoney_unit: 万元\nunit: [\n", encoding="utf-8")
    (src / "说明.txt").write_text("不是填报文件", encoding="utf-8")
    return src


def test_units_are_the_filings_with_one_folder_each(folder, tmp_path):
    out = tmp_path / "文档"
    units = find_units(str(folder), str(out))
    assert [u.name for u in units] == ["a-S0.yaml", "c-坏.yaml", os.path.join("二区", "b-S4.yaml")]
    assert [Path(u.out).relative_to(out) for u in units] == [Path("a-S0"), Path("c-坏"), Path("二区/b-S4")]
    inside = folder / "out"                      # an output folder inside the input folder is not read
    (inside / "x").mkdir(parents=True)
    shutil.copy(folder / "a-S0.yaml", inside / "x" / "a-S0.yaml")
    assert len(find_units(str(folder), str(inside))) == 3


def test_a_bad_filing_fails_alone_with_its_message_and_the_run_resumes(folder, tmp_path, cli):
    out = tmp_path / "文档"
    result = cli("batch", "render", str(folder), "--out", str(out), "--jobs", "2", "--formats", "pdf,html")
    assert result.exit_code == 1, result.output                  # a filing failed; the others were written
    assert "已生成 2 个" in result.output and "失败 1 个" in result.output
    assert "失败的文件" in result.output and "c-坏.yaml" in result.output and "YAML" in result.output
    for name in ("a-S0", "二区/b-S4"):
        marker = json.loads((out / name / MARKER).read_text(encoding="utf-8"))
        assert marker["formats"] == ["pdf", "html"] and len(marker["files"]) >= 2
        assert all((out / name / f).is_file() for f in marker["files"])
        assert not any(p.name.startswith(".jixiao-") and p.is_dir() for p in (out / name).iterdir())
    assert not (out / "c-坏" / MARKER).exists()
    # again: the finished units are skipped, the bad one fails again
    again = cli("batch", "render", str(folder), "--out", str(out), "--jobs", "1", "--formats", "pdf,html", "--json")
    data = json.loads(again.output[again.output.index("{"):])
    assert again.exit_code == 1 and (data["rendered"], data["skipped"], data["failed"]) == (0, 2, 1)
    failed = next(u for u in data["units"] if u["status"] == "failed")
    assert failed["name"] == "c-坏.yaml" and "YAML" in failed["message"] and not failed["bug"]
    # a changed filing, or a finished folder missing a file, is rendered again
    path = folder / "a-S0.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# 改动\n", encoding="utf-8")
    pdf = next((out / "二区" / "b-S4").glob("*.pdf"))
    pdf.unlink()
    (folder / "c-坏.yaml").unlink()
    third = cli("batch", "render", str(folder), "--out", str(out), "--jobs", "1", "--formats", "pdf,html")
    assert third.exit_code == 0, third.output
    assert "已生成 2 个" in third.output and "失败 0 个" in third.output and pdf.exists()


def test_other_formats_are_not_taken_for_finished(folder, tmp_path):
    out = tmp_path / "文档"
    (folder / "c-坏.yaml").unlink()
    units = find_units(str(folder), str(out))[:1]
    first = render_folder(units, ("html",), jobs=1, check=False)
    assert first.count("rendered") == 1
    assert render_folder(units, ("html",), jobs=1, check=False).count("skipped") == 1
    assert render_folder(units, ("pdf",), jobs=1, check=False).count("rendered") == 1


def test_a_bug_while_rendering_one_unit_fails_that_unit_only(folder, tmp_path, monkeypatch):
    out = tmp_path / "文档"
    (folder / "c-坏.yaml").unlink()
    units = find_units(str(folder), str(out))
    real = bulk.render_unit

    def flaky(unit: Unit, formats, check=True):
        if unit.name == "a-S0.yaml":
            import jixiao.render.package as package

            monkeypatch.setattr(package, "render_package", _boom)
            try:
                return real(unit, formats, check)
            finally:
                monkeypatch.undo()
        return real(unit, formats, check)

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(bulk, "render_unit", flaky)
    result = render_folder(units, ("html",), jobs=1, check=False)
    bad = next(o for o in result.outcomes if o.name == "a-S0.yaml")
    assert bad.status == "failed" and bad.bug and "内部错误" in bad.message
    log = bad.message.rsplit(" ", 1)[-1]
    assert "RuntimeError" in Path(log).read_text(encoding="utf-8")
    assert [o.status for o in result.outcomes if o.name != "a-S0.yaml"] == ["rendered"]
    assert not (out / "a-S0" / MARKER).exists()


def _boom(*args, **kwargs):
    raise RuntimeError("模拟的程序错误")


def test_a_folder_without_filings_is_refused(tmp_path, cli):
    (tmp_path / "空").mkdir()
    result = cli("batch", "render", str(tmp_path / "空"), "--out", str(tmp_path / "o"))
    assert result.exit_code == 2 and "没有填报文件" in result.output
    missing = cli("batch", "render", str(tmp_path / "无"), "--out", str(tmp_path / "o"))
    assert missing.exit_code == 2 and "找不到这个文件夹" in missing.output
    formats = cli("batch", "render", str(tmp_path / "空"), "--out", str(tmp_path / "o"), "--formats", "doc")
    assert formats.exit_code == 2 and "不支持的输出格式" in formats.output


def test_render_unit_writes_what_jixiao_render_writes(synthetic, tmp_path, cli):
    """The same files, byte for byte, as ``jixiao render`` of the same filing."""
    source = str(synthetic / "00001-S0.yaml")
    outcome = render_unit(Unit(source, str(tmp_path / "batch"), "00001-S0.yaml"), ("docx", "xlsx", "pdf", "html"))
    assert outcome.status == "rendered" and outcome.filing_errors > 0
    single = cli("render", source, "--out", str(tmp_path / "single"))
    assert single.exit_code == 0, single.output
    assert f"有 {outcome.filing_errors} 处“错误”级问题" in single.output
    names = sorted(p.name for p in (tmp_path / "single").iterdir())
    assert names == sorted(outcome.files)
    for name in names:
        assert (tmp_path / "single" / name).read_bytes() == (tmp_path / "batch" / name).read_bytes(), name
