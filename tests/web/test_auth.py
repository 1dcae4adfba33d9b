"""Passwords, sessions, CSRF, login rate limit, security headers and upload limits, on both databases."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select, update

from jixiao.web import security


def _count(site, model) -> int:
    with site.store.session() as db:
        return db.scalar(select(func.count()).select_from(model))


def _blobs(site) -> list:
    return sorted(p for p in site.store.blobs.root.rglob("*") if p.is_file())


def test_passwords_are_argon2_hashed(site):
    with site.store.session() as db:
        user = db.scalar(select(site.m.User).where(site.m.User.username == "rev"))
        assert user.password_hash.startswith("$argon2id$")
        assert security.verify_password(user.password_hash, "测试密码-123456")
        assert not security.verify_password(user.password_hash, "wrong")


def test_csrf_missing_or_wrong_is_refused(site):
    client = site.client("rev")
    f = site.filings["A"]
    before = _count(site, site.m.Comment)
    for data, headers in (({"text": "意见"}, {}), ({"text": "意见", "csrf": "forged"}, {}),
                          ({"text": "意见"}, {"X-CSRF-Token": "forged"})):
        r = client.post(f"/filings/{f}/comment", data=data, headers=headers, follow_redirects=False)
        assert r.status_code == 403 and "CSRF" in r.text and "请刷新页面" in r.text
        r = client.post(f"/api/filings/{f}/comment", json={"text": "意见", **data}, headers=headers)
        assert r.status_code == 403
    assert _count(site, site.m.Comment) == before
    r = client.post(f"/filings/{f}/comment", data={"text": "意见", "csrf": client.csrf}, follow_redirects=False)
    assert r.status_code == 303
    assert _count(site, site.m.Comment) == before + 1


def test_bearer_token_needs_no_csrf_and_has_the_same_rights(site):
    api = site.client()
    r = api.post("/api/login", json={"username": "head-a", "password": "测试密码-123456"})
    token = r.json()["token"]
    auth = {"Authorization": f"Bearer {token}"}
    assert api.get("/api/me", headers=auth).json()["role"] == "单位负责人"
    assert api.post(f"/api/filings/{site.filings['A']}/comment", json={"text": "说明"}, headers=auth).status_code == 200
    assert api.get(f"/api/filings/{site.filings['B']}", headers=auth).status_code == 404
    assert api.post(f"/api/filings/{site.filings['A']}/approve", json={"version": 1}, headers=auth).status_code == 403


def test_login_is_rate_limited(site):
    client = site.client()
    for _ in range(security.MAX_FAILURES):
        r = client.post("/login", data={"username": "rev", "password": "wrong"})
        assert r.status_code == 401 and "用户名或密码不正确" in r.text
    r = client.post("/login", data={"username": "rev", "password": "测试密码-123456"}, follow_redirects=False)
    assert r.status_code == 429 and "登录失败次数过多" in r.text
    assert client.post("/api/login", json={"username": "rev", "password": "测试密码-123456"}).status_code == 429
    site.client("head-a")                   # other users are not locked out


def test_sessions_expire(site):
    client = site.client("rev")
    assert client.get("/review", follow_redirects=False).status_code == 200
    with site.store.session() as db:
        db.execute(update(site.m.Session).values(expires_at=site.m.now() - dt.timedelta(seconds=1)))
        db.commit()
    r = client.get("/review", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
    assert client.get("/api/me").status_code == 401


def test_logout_ends_the_session(site):
    client = site.client("rev")
    assert client.post("/logout", data={"csrf": client.csrf}, follow_redirects=False).status_code == 303
    assert client.get("/api/me").status_code == 401


def test_security_headers(site):
    client = site.client("rev")
    for path in ("/login", "/review", "/api/me", "/static/htmx.min.js", f"/public/{site.filings['A']}.pdf"):
        r = client.get(path)
        csp = r.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "script-src 'self'" in csp, path
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["x-frame-options"] == "DENY"
    cookie = site.client().post("/login", data={"username": "rev", "password": "测试密码-123456"},
                                follow_redirects=False).headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("samesite", "SameSite")


def test_bad_uploads_are_refused_in_chinese_and_nothing_is_stored(store):
    from jixiao.web.uploads import Limits

    from .conftest import Site

    site = Site(store, limits=Limits(filing_bytes=2000, report_bytes=2000, request_bytes=50_000))
    client = site.client("head-a")
    url = f"/filings/{site.filings['A']}/upload"
    before = (_blobs(site), _count(site, site.m.FilingVersion), _count(site, site.m.Document))
    cases = [
        (("big.yaml", site.min_filing("A") + b"#" * 3000), "过大"),
        (("virus.exe", b"MZ\x90\x00"), "类型不支持"),
        (("notes.txt", "文字".encode()), "类型不支持"),
        (("fake.xlsx", b"this is not a workbook"), "内容与扩展名 .xlsx 不符"),
        (("empty.yaml", b""), "空文件"),
        (("broken.yaml", b"schema: [unclosed"), "无法使用该文件"),
        (("other-unit.yaml", site.min_filing("B")), "与本单位 900101 不符"),
    ]
    for (name, data), words in cases:
        r = client.post(url, data={"csrf": client.csrf, "version": "1"}, files={"files": (name, data)})
        assert r.status_code == 400, name
        assert words in r.text and "未保存" in r.text, (name, r.text[-600:])
    r = client.post(url, data={"csrf": client.csrf, "version": "1"},
                    files={"files": ("huge.yaml", b"#" * 60_000)})
    assert r.status_code == 413 and "上传内容过大" in r.text
    reviewer = site.client("rev")
    r = reviewer.post("/audits", data={"csrf": reviewer.csrf},
                      files=[("files", ("a.pdf", b"%PDF-1.4 tiny")), ("files", ("b.doc", b"\xd0\xcf\x11\xe0"))])
    assert r.status_code == 400 and "b.doc" in r.text and "类型不支持" in r.text
    assert (_blobs(site), _count(site, site.m.FilingVersion), _count(site, site.m.Document)) == before
    ok = client.post(url, data={"csrf": client.csrf, "version": "1"},
                     files={"files": ("good.yaml", site.min_filing("A"))}, follow_redirects=False)
    assert ok.status_code == 303 and _count(site, site.m.FilingVersion) == 1
