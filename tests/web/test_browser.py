"""Acceptance: the whole flow in headless Chromium (pip playwright driving Debian's /usr/bin/chromium),
against a real server on loopback, on SQLite and PostgreSQL.  A screenshot of every step is saved under
tmp/artifacts/web-flow-<database>/ (the path is printed) for a person to look at."""
from __future__ import annotations

import hashlib
import re
import socket
import threading
import time
from pathlib import Path

import pytest

from .conftest import ACCEPTANCE_UNITS, PASSWORD, ROOT, Site

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--lang=zh-CN", "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture
def server(store):
    import uvicorn

    site = Site(store, units=ACCEPTANCE_UNITS, region="四川省", issue=False)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(site.app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    site.base = f"http://127.0.0.1:{port}"
    yield site
    srv.should_exit = True
    thread.join(timeout=10)


def test_whole_flow_in_chromium(server, acceptance_files, store):
    from playwright.sync_api import expect, sync_playwright

    assert Path(CHROMIUM).exists(), "apt package chromium is missing (scripts/apt-packages.txt)"
    site, files, base = server, acceptance_files, server.base
    shots = ROOT / "tmp" / "artifacts" / f"web-flow-{store.dialect}"
    shots.mkdir(parents=True, exist_ok=True)
    print(f"\nscreenshots: {shots}")
    problems: list[str] = []

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)

        def login(username: str):
            ctx = browser.new_context(viewport={"width": 1360, "height": 900}, locale="zh-CN")
            page = ctx.new_page()
            page.on("console", lambda msg: msg.type == "error" and problems.append(f"{username}: {msg.text}"))
            page.goto(f"{base}/login")
            page.fill("input[name=username]", username)
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]")
            return page

        def shot(page, name: str) -> None:
            page.screenshot(path=str(shots / f"{name}.png"))

        def open_filing(page, unit_name: str) -> None:
            page.goto(f"{base}/mine")
            page.get_by_role("link", name="打开").click()
            expect(page.locator("h1")).to_contain_text(unit_name)

        # 1. the reviewer issues a task for 2 units with a deadline
        rev = login("rev")
        rev.goto(f"{base}/tasks")
        rev.fill("input[name=title]", "2023年度部门决算公开与绩效自评")
        rev.fill("input[name=year]", "2023")
        rev.fill("input[name=deadline]", "2031-05-31")
        for code, name, _ in ACCEPTANCE_UNITS.values():
            rev.get_by_label(f"{code} {name}").check()
        rev.get_by_role("button", name="下达任务").click()
        expect(rev.locator("table.grid tbody tr")).to_have_count(2)
        expect(rev.locator(".flash.ok")).to_contain_text("任务已下达")
        shot(rev, "1-复核员下达任务")

        # 2. unit A uploads the S4 workbook, sees the 81-vs-76 error beside its cell, cannot submit
        a = login("head-a")
        open_filing(a, "资阳市雁江区信访局")
        a.set_input_files("input[type=file]", str(files["s4"]))
        a.get_by_role("button", name="上传并检查").click()
        row = a.locator("tr", has=a.locator("td.rule", has_text="SCORE-TOTAL-MISMATCH"))
        expect(row).to_have_count(1)
        expect(row.locator("td.loc")).to_have_text("公开数值!D53")
        expect(row.locator("td.num .val")).to_have_text("81")
        expect(row.locator("td.msg")).to_contain_text("76")
        expect(a.locator("#submit")).to_be_disabled()
        expect(a.locator("#submit-blocked")).to_contain_text("错误")
        shot(a, "2a-甲单位不能送审")
        row.scroll_into_view_if_needed()
        shot(a, "2b-甲单位81与76的错误")

        # 3. unit B uploads a consistent filing, explains its warnings and submits
        b = login("head-b")
        open_filing(b, "示例市示例区档案馆")
        b.set_input_files("input[type=file]", str(files["b"]))
        b.get_by_role("button", name="上传并检查").click()
        expect(b.locator("#count-errors")).to_have_text("0")
        warnings = int(b.locator("#count-warnings").inner_text())
        assert warnings > 0
        for i in range(warnings):
            form = b.locator("form.explain").nth(i)
            form.locator("textarea").fill(f"第{i + 1}条：按本单位实际情况填报，已核对。")
            form.get_by_role("button", name="保存说明").click()
            expect(b.locator(".flash.ok")).to_contain_text("说明已保存")
        expect(b.locator("#count-unexplained")).to_have_text("0")
        shot(b, "3a-乙单位已说明警告")
        b.locator("#submit").click()
        expect(b.locator(".status").first).to_have_text("已送审")
        shot(b, "3b-乙单位已送审")

        # 4. the reviewer returns B's filing with a comment
        rev.goto(f"{base}/review")
        expect(rev.locator("table.grid")).to_contain_text("已送审")
        shot(rev, "4a-审核列表")
        rev.locator("tr", has_text="示例市示例区档案馆").get_by_role("link", name="审核").click()
        rev.fill("textarea[name=comment]", "请在整体绩效目标中补充年度数字化任务。")
        rev.locator("#return").click()
        expect(rev.locator(".status").first).to_have_text("已退回")
        shot(rev, "4b-复核员退回")

        # 5. unit B fixes it and resubmits
        open_filing(b, "示例市示例区档案馆")
        expect(b.locator(".returned")).to_contain_text("补充年度数字化任务")
        shot(b, "5a-乙单位看到退回意见")
        b.set_input_files("input[type=file]", str(files["b2"]))
        b.get_by_role("button", name="上传并检查").click()
        expect(b.locator("#count-unexplained")).to_have_text("0")
        b.locator("#submit").click()
        expect(b.locator(".status").first).to_have_text("已送审")
        shot(b, "5b-乙单位重新送审")

        # 6. the reviewer marks a finding 误报 and approves
        rev.reload()
        judge = rev.locator("form.judge").first
        judge.locator("select").select_option("误报")
        judge.get_by_role("button", name="标记").click()
        expect(rev.locator(".mark").first).to_have_text("复核判断：误报")
        rev.locator("#approve").click()
        expect(rev.locator(".status").first).to_have_text("已通过")
        shot(rev, "6-复核员审核通过")

        # 7. published: frozen, its hash shown, the PDF downloadable without logging in
        b.reload()
        b.locator("#publish").click()
        # publishing is a job: the page shows its progress and reloads itself when it has finished
        expect(b.locator(".status").first).to_have_text("已公开", timeout=120_000)
        digest = b.locator("#published-hash").inner_text().strip()
        assert re.fullmatch(r"[0-9a-f]{64}", digest)
        expect(b.locator("input[type=file]")).to_have_count(0)            # frozen: no more uploads
        shot(b, "7a-已公开并显示哈希")
        href = b.locator("#public-pdf").get_attribute("href")
        anonymous = browser.new_context()
        pdf = anonymous.request.get(f"{base}{href}")
        assert pdf.status == 200 and pdf.body().startswith(b"%PDF")
        assert hashlib.sha256(pdf.body()).hexdigest() == digest
        public = anonymous.new_page()
        public.goto(f"{base}/public")
        expect(public.locator("table.grid")).to_contain_text(digest)
        shot(public, "7b-无需登录的公开列表")
        browser.close()
    assert not [p for p in problems if "favicon" not in p], problems
