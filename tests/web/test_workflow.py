"""The whole workflow through the pages and the API, on SQLite and PostgreSQL: issue, upload, the S4
81-vs-76 error beside its cell blocking submission, explanations, submit, return, resubmit, approve,
publish (frozen, hash shown, PDF without login), judgements that outlive a re-check, bulk audit."""
from __future__ import annotations

import hashlib
import json
import re

import pytest
from sqlalchemy import select

from .conftest import ACCEPTANCE_UNITS, Site


@pytest.fixture
def flow(store):
    return Site(store, units=ACCEPTANCE_UNITS, region="四川省", issue=False)


def _filing_id(site, unit: str) -> int:
    with site.store.session() as db:
        return db.scalar(select(site.m.Filing.id).where(site.m.Filing.unit_id == site.unit_ids[unit]))


def _version(client, fid: int) -> str:
    return str(client.get(f"/api/filings/{fid}").json()["version"])


def _upload(client, fid: int, path) -> None:
    r = client.post(f"/filings/{fid}/upload", data={"csrf": client.csrf, "version": _version(client, fid)},
                    files={"files": (path.name, path.read_bytes())}, follow_redirects=False)
    assert r.status_code == 303, r.text[-500:]


def _s4_filed_for_a(site, files) -> tuple:
    """The reviewer issues a 2022 task to unit A, whose 单位负责人 uploads the S4 workbook:
    (reviewer, unit A's head, the filing's id)."""
    rev, head_a = site.client("rev"), site.client("head-a")
    rev.post("/tasks", data={"csrf": rev.csrf, "year": "2022", "deadline": "2031-05-31",
                             "units": str(site.unit_ids["A"])})
    fa = _filing_id(site, "A")
    _upload(head_a, fa, files["s4"])
    return rev, head_a, fa


def test_the_whole_flow(flow, acceptance_files):
    site, files = flow, acceptance_files
    rev, head_a, head_b = site.client("rev"), site.client("head-a"), site.client("head-b")

    # 1. the reviewer issues a task for two units, with a deadline
    r = rev.post("/tasks", data={"csrf": rev.csrf, "title": "2023年度决算公开与绩效自评", "year": "2023",
                                 "deadline": "2031-05-31", "units": [str(site.unit_ids["A"]), str(site.unit_ids["B"])]},
                 follow_redirects=False)
    assert r.status_code == 303
    listing = rev.get("/api/filings").json()
    assert listing["total"] == 2 and {f["status"] for f in listing["filings"]} == {"填报中"}
    fa, fb = _filing_id(site, "A"), _filing_id(site, "B")

    # 2. unit A uploads the S4 workbook: the 81-vs-76 error beside its cell; no submission while it stands
    _upload(head_a, fa, files["s4"])
    found = head_a.get(f"/api/filings/{fa}/findings").json()["findings"]
    total = [f for f in found if f["rule_id"] == "SCORE-TOTAL-MISMATCH"]
    assert len(total) == 1 and total[0]["severity"] == "error"
    assert total[0]["source"]["locator"] == "公开数值!D53" and total[0]["value"] == "81" and "总分" in total[0]["field"]
    assert "81" in total[0]["message"] and "76" in total[0]["message"]
    page = head_a.get(f"/filings/{fa}").text
    row = re.search(r"<tr[^>]*>(?:(?!</tr>).)*SCORE-TOTAL-MISMATCH(?:(?!</tr>).)*</tr>", page, re.S).group(0)
    assert "公开数值!D53" in row and '<span class="val">81</span>' in row and "76" in row
    assert re.search(r'<button type="submit" id="submit"\s+disabled', page) and "不能送审" in page
    r = head_a.post(f"/filings/{fa}/submit", data={"csrf": head_a.csrf, "version": _version(head_a, fa)})
    assert r.status_code == 400 and "强制" in r.text
    assert head_a.get(f"/api/filings/{fa}").json()["status"] == "填报中"

    # the same findings as `jixiao check --json` on the same file
    from jixiao.web.checking import check_bytes
    cli = check_bytes(files["bytes"]["s4"], files["s4"].name).findings
    assert sorted((f["rule_id"], f["source"]["locator"], f["message"]) for f in found) == \
        sorted((f["rule_id"], f["source"]["locator"], f["message"]) for f in cli)

    # 3. unit B uploads a consistent filing, explains its warnings and submits
    _upload(head_b, fb, files["b"])
    state = head_b.get(f"/api/filings/{fb}").json()
    assert state["errors"] == 0 and state["warnings"] > 0 and state["unexplained"] == state["warnings"]
    r = head_b.post(f"/filings/{fb}/submit", data={"csrf": head_b.csrf, "version": state["version"]})
    assert r.status_code == 400 and "没有填写说明" in r.text
    for f in state["findings"]:
        if f["severity"] == "warning":
            r = head_b.post(f"/filings/{fb}/explain", data={"csrf": head_b.csrf, "version": _version(head_b, fb),
                                                            "key": f["key"], "text": "本单位按规定口径填报，已核对原始凭证。"},
                            follow_redirects=False)
            assert r.status_code == 303
    r = head_b.post(f"/filings/{fb}/submit", data={"csrf": head_b.csrf, "version": _version(head_b, fb)},
                    follow_redirects=False)
    assert r.status_code == 303 and head_b.get(f"/api/filings/{fb}").json()["status"] == "已送审"

    # 4. the reviewer returns B with a comment
    r = rev.post(f"/filings/{fb}/return", data={"csrf": rev.csrf, "version": _version(rev, fb),
                                                "comment": "请补充部门整体支出绩效目标的表述。"}, follow_redirects=False)
    assert r.status_code == 303
    page = head_b.get(f"/filings/{fb}").text
    assert "已退回" in page and "请补充部门整体支出绩效目标的表述。" in page

    # 5. B fixes it (a second version; explanations follow their findings) and resubmits
    _upload(head_b, fb, files["b2"])
    state = head_b.get(f"/api/filings/{fb}").json()
    assert state["current_version"] == 2 and state["unexplained"] == 0
    r = head_b.post(f"/filings/{fb}/submit", data={"csrf": head_b.csrf, "version": state["version"]},
                    follow_redirects=False)
    assert r.status_code == 303

    # 6. the reviewer judges a finding and approves (a batch of one)
    warning = next(f for f in state["findings"] if f["severity"] == "warning")
    r = rev.post(f"/filings/{fb}/judge", data={"csrf": rev.csrf, "key": warning["key"], "mark": "误报"},
                 follow_redirects=False)
    assert r.status_code == 303
    r = rev.post("/review/approve", data={"csrf": rev.csrf, "filings": [str(fb), str(fa)]})
    assert r.status_code == 200 and "批量审核通过 1 份" in r.text
    assert rev.get(f"/api/filings/{fb}").json()["status"] == "已通过"

    # 7. B publishes: frozen, hash shown, the PDF downloadable without logging in
    r = head_b.post(f"/filings/{fb}/publish", data={"csrf": head_b.csrf, "version": _version(head_b, fb)},
                    follow_redirects=False)
    assert r.status_code == 303
    job = _job_done(head_b, r)                  # publishing runs as a job (jixiao.jobs, embedded worker)
    assert job["kind"] == "publish" and job["progress"] == job["total"] == 1
    state = head_b.get(f"/api/filings/{fb}").json()
    assert state["status"] == "已公开" and re.fullmatch(r"[0-9a-f]{64}", state["published_sha256"])
    assert state["published_sha256"] in head_b.get(f"/filings/{fb}").text
    pdf = site.client().get(f"/public/{fb}.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert hashlib.sha256(pdf.content).hexdigest() == state["published_sha256"]
    r = head_b.post(f"/filings/{fb}/upload", data={"csrf": head_b.csrf, "version": state["version"]},
                    files={"files": (files["b"].name, files["bytes"]["b"])})
    assert r.status_code == 400 and "已公开" in r.text                       # frozen

    # every change is in the audit trail, shown in the page
    trail = head_b.get(f"/api/filings/{fb}/trail").json()["events"]
    actions = [e["action"] for e in trail]
    for action in ("下达任务", "上传", "填写说明", "送审", "退回", "审核通过", "判断发现", "公开"):
        assert action in actions, action
    assert any(e["action"] == "判断发现" and e["new"] == "误报" and e["user"] == "rev" for e in trail)
    assert "审核通过" in head_b.get(f"/filings/{fb}").text

    # bulk upload of published reports, audited like `jixiao audit`
    from jixiao.audit.engine import Auditor, audit_text
    report = "2023年度收入合计500万元，比上年增加100万元，增长50%。".encode()
    r = rev.post("/audits", data={"csrf": rev.csrf}, files=[("files", ("公开报告.pdf", pdf.content)),
                                                            ("files", ("说明.html", b"<p>" + report + b"</p>"))],
                 follow_redirects=False)
    assert r.status_code == 303
    job = _job_done(rev, r)
    assert job["kind"] == "audit" and job["progress"] == job["total"] == 2
    assert head_b.get(f"/api/jobs/{job['id']}").status_code == 404      # another user's job is not shown
    docs = rev.get("/api/audits").json()["documents"]
    assert {d["filename"] for d in docs} == {"公开报告.pdf", "说明.html"}
    html_doc = next(d for d in docs if d["filename"] == "说明.html")
    expected = audit_text(report.decode(), Auditor(), name="说明.html").findings
    assert [f["rule_id"] for f in html_doc["findings"]] == [f.rule_id for f in expected]
    assert html_doc["errors"] == 1 and html_doc["findings"][0]["rule_id"] == "AUDIT-CHANGE-RATE"
    assert "公开报告.pdf" in rev.get("/audits").text


def test_a_judgement_outlives_a_recheck(flow, acceptance_files):
    site, files = flow, acceptance_files
    rev, head_a, fa = _s4_filed_for_a(site, files)
    finding = next(f for f in head_a.get(f"/api/filings/{fa}/findings").json()["findings"]
                   if f["rule_id"] == "CHK-UNIT-SLIP")
    rev.post(f"/filings/{fa}/judge", data={"csrf": rev.csrf, "key": finding["key"], "mark": "已核实"})
    _upload(head_a, fa, files["s4"])                     # checked again: a second version
    again = head_a.get(f"/api/filings/{fa}").json()
    assert again["current_version"] == 2
    same = next(f for f in again["findings"] if f["key"] == finding["key"])
    assert same["judgement"] == "已核实"
    assert "复核判断：已核实" in rev.get(f"/filings/{fa}").text
    assert any(e["action"] == "判断发现" and e["new"] == "已核实" for e in rev.get("/api/trail").json()["events"])


def test_reviewer_list_is_paginated_by_fifty(store):
    from jixiao.store import filings as ops

    units = {f"U{i}": (f"8{i:05d}", f"单位{i}", "四川省示例市") for i in range(120)}
    site = Site(store, units={"A": units.pop("U0"), "B": units.pop("U1"), **units}, region="四川省", issue=False)
    with store.session() as db:
        rev = db.scalar(select(site.m.User).where(site.m.User.username == "rev"))
        ops.issue_task(db, rev, "大任务", 2023, __import__("datetime").date(2031, 1, 1), "四川省",
                       [uid for key, uid in site.unit_ids.items() if key != "X"])
        db.commit()
    client = site.client("rev")
    pages = [client.get(f"/api/filings?page={n}").json() for n in (1, 2, 3)]
    assert [len(p["filings"]) for p in pages] == [50, 50, 20] and pages[0]["total"] == 120
    assert len({f["id"] for p in pages for f in p["filings"]}) == 120
    html = client.get("/review?page=3").text
    assert "第 3/3 页" in html and html.count('href="/filings/') == 20
    assert json.dumps(pages[0]).count("外地丙单位") == 0


def test_a_figure_edited_in_the_page_is_a_checked_new_version(flow, acceptance_files):
    site, files = flow, acceptance_files
    rev, head_a, fa = _s4_filed_for_a(site, files)
    page = head_a.get(f"/filings/{fa}").text
    assert 'name="path" value="projects[1].published.total"' in page
    r = head_a.post(f"/filings/{fa}/edit", data={"csrf": head_a.csrf, "version": _version(head_a, fa),
                                                 "path": "projects[1].published.total", "value": "七十六"})
    assert r.status_code == 400 and "无法识别" in r.text
    r = head_a.post(f"/filings/{fa}/edit", data={"csrf": head_a.csrf, "version": _version(head_a, fa),
                                                 "path": "projects[1].published.total", "value": "76"},
                    follow_redirects=False)
    assert r.status_code == 303
    state = head_a.get(f"/api/filings/{fa}").json()
    assert state["current_version"] == 2
    rules = {(f["rule_id"], f["source"]["locator"]) for f in state["findings"]}
    assert ("SCORE-TOTAL-MISMATCH", "公开数值!D53") not in rules
    assert ("SCORE-GRADE-BAND", "公开数值!D54") in rules            # 76 points is 中, not the stated 良好
    edit = next(e for e in head_a.get(f"/api/filings/{fa}/trail").json()["events"] if e["action"] == "页面修改"
                and e["field"] == "projects[1].published.total")
    assert (edit["old"], edit["new"]) == ("81", "76")
    v2 = head_a.get(f"/filings/{fa}/versions/2")
    v1 = head_a.get(f"/filings/{fa}/versions/1")
    assert v2.status_code == v1.status_code == 200 and v1.content == files["bytes"]["s4"] and v2.content != v1.content


def _job_done(client, response, timeout: float = 120.0) -> dict:
    """The job a redirect names (``…&job=<id>``), polled through /api/jobs/<id> until it has finished."""
    import time
    from urllib.parse import parse_qs, urlparse

    [job_id] = parse_qs(urlparse(response.headers["location"]).query)["job"]
    deadline = time.monotonic() + timeout
    while True:
        job = client.get(f"/api/jobs/{job_id}").json()
        if job["state"] in ("已完成", "失败") or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert job["state"] == "已完成", job
    return job
