"""Large but legitimate reports audit in near-linear time (issue 13, item 5): the cross-section linker
counts support per distinct value instead of comparing every pair, and a name stated with many
different values (one per project) is not taken for one quantity restated.  Inputs are generated
here; nothing large is committed."""
from __future__ import annotations

import random
import time

from audit_convert import to_docx, to_pdf
from jixiao.audit.engine import Auditor, audit_file, audit_text

AUDITOR = Auditor()


def _timed(fn, *args):
    """CPU seconds, not wall: what a quadratic pass would blow up, whatever else the machine runs."""
    t = time.process_time()
    result = fn(*args)
    return result, time.process_time() - t


def test_four_thousand_repeated_lines_and_one_different_in_under_a_second():
    text = "支出合计100万元。\n" * 4000 + "支出合计999万元。\n"
    result, seconds = _timed(audit_text, text, AUDITOR)
    assert seconds <= 1.0
    assert [(f.rule_id, f.claimed) for f in result.findings] == [("AUDIT-XSEC", "999万元")]


def _project_lines(n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        a, d = rng.randint(1000, 99999) / 100, rng.randint(1, 99) / 100
        out.append(f"{i % 40 + 1}.某项目支出{a:.2f}万元，比上年增加{d:.2f}万元，增长{d / (a - d) * 100:.2f}%，"
                   f"其中：基本支出{a / 2:.2f}万元，项目支出{a - a / 2:.2f}万元。")
    return out


def test_a_hundred_thousand_figures_audit_in_seconds_and_one_slip_is_found():
    lines = _project_lines(20_000)                                   # 100,000 figures, 1.3 MB of text
    lines[12_345] = lines[12_345].replace("其中：基本支出", "其中：基本支出1", 1)   # one part made larger
    result, seconds = _timed(audit_text, "\n".join(lines), AUDITOR)
    assert seconds <= 20
    errors = [f for f in result.findings if f.severity.value == "error"]
    assert [f.source.locator.split(":")[0] for f in errors] == ["L12346"]


def test_four_thousand_repeated_docx_paragraphs(tmp_path):
    para = "2022年本年支出合计552.38万元，其中：基本支出350.53万元，占63.5%；项目支出201.85万元，占36.5%。"
    path = to_docx("\n".join([para] * 4000), tmp_path / "rep.docx")
    result, seconds = _timed(audit_file, str(path), AUDITOR)
    assert seconds <= 5
    assert result.claims >= 4 * 4000 and not result.findings


def test_a_long_pdf(tmp_path):
    path = to_pdf("\n".join(_project_lines(4_000)), tmp_path / "long.pdf")   # about 190 pages
    result, seconds = _timed(audit_file, str(path), AUDITOR)
    assert seconds <= 30
    assert result.claims >= 19_000 and not [f for f in result.findings if f.severity.value == "error"]
