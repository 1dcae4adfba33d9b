"""The authorization matrix: every role × every route × own versus other unit.

The expectations here are written out independently of jixiao.web.rights: a unit's users reach only
their own unit; the reviewer reaches the units of their region; the administrator reaches no filing.
A filing the user cannot reach → 404; one they reach but their role may not act on → 403; every
allowed cell passes the rights check (any status but 401/403/404; a state rule may still say 400).
"""
from __future__ import annotations

import pytest

FILER, HEAD, REV = "单位填报员", "单位负责人", "财政复核员"
USERS = {"filer-a": FILER, "head-a": HEAD, "rev": REV, "admin": "管理员", "head-x": HEAD}
REACH = {"filer-a": {"A"}, "head-a": {"A"}, "rev": {"A", "B"}, "admin": set(), "head-x": {"X"}}

UNIT_SIDE = {FILER, HEAD}
EVERYONE = {FILER, HEAD, REV}
#: (method, path, who may) for the routes about one filing; {f} is the filing's id
FILING_ROUTES = [
    ("GET", "/filings/{f}", EVERYONE),
    ("GET", "/filings/{f}/versions/1", EVERYONE),
    ("GET", "/api/filings/{f}", EVERYONE),
    ("GET", "/api/filings/{f}/findings", EVERYONE),
    ("GET", "/api/filings/{f}/trail", EVERYONE),
    ("GET", "/api/filings/{f}/changes", EVERYONE),
    ("GET", "/api/filings/{f}/risk", {REV}),
    ("POST", "/filings/{f}/upload", UNIT_SIDE),
    ("POST", "/api/filings/{f}/upload", UNIT_SIDE),
    ("POST", "/filings/{f}/explain", UNIT_SIDE),
    ("POST", "/filings/{f}/edit", UNIT_SIDE),
    ("POST", "/api/filings/{f}/edit", UNIT_SIDE),
    ("POST", "/api/filings/{f}/explain", UNIT_SIDE),
    ("POST", "/filings/{f}/comment", EVERYONE),
    ("POST", "/api/filings/{f}/comment", EVERYONE),
    ("POST", "/filings/{f}/render", EVERYONE),
    ("POST", "/filings/{f}/judge", {REV}),
    ("POST", "/api/filings/{f}/judge", {REV}),
    ("POST", "/filings/{f}/return", {REV}),
    ("POST", "/api/filings/{f}/return", {REV}),
    ("POST", "/filings/{f}/approve", {REV}),
    ("POST", "/api/filings/{f}/approve", {REV}),
    ("POST", "/filings/{f}/submit", {HEAD}),
    ("POST", "/api/filings/{f}/submit", {HEAD}),
    ("POST", "/filings/{f}/publish", {HEAD}),
    ("POST", "/api/filings/{f}/publish", {HEAD}),
]
#: routes not about one filing → who may
AREA_ROUTES = [
    ("GET", "/review", {REV}), ("GET", "/tasks", {REV}), ("GET", "/audits", {REV}), ("GET", "/admin", {"管理员"}),
    ("GET", "/mine", UNIT_SIDE), ("GET", "/trail", EVERYONE | {"管理员"}),
    ("GET", "/api/tasks", {REV}), ("GET", "/api/filings", EVERYONE), ("GET", "/api/audits", {REV}),
    ("GET", "/api/units", EVERYONE | {"管理员"}), ("GET", "/api/trail", EVERYONE | {"管理员"}),
    ("GET", "/api/me", EVERYONE | {"管理员"}),
    ("POST", "/review/approve", {REV}), ("POST", "/api/review/approve", {REV}),
    ("POST", "/tasks", {REV}), ("POST", "/api/tasks", {REV}),
    ("POST", "/audits", {REV}), ("POST", "/api/audits", {REV}),
    ("POST", "/admin/units", {"管理员"}), ("POST", "/admin/users", {"管理员"}),
]
DENIED = (401, 403, 404)


def _post(client, path: str, site, unit: str | None):
    data = {"csrf": client.csrf, "version": "1", "key": "X|Y", "text": "说明", "comment": "意见", "mark": "误报",
            "title": "t", "year": "2023", "path": "unit.name", "value": "新名称", "deadline": "2031-01-01", "filings": "0"}
    files = None
    if path.endswith("/upload"):
        files = {"files": ("f.yaml", site.min_filing(unit or "A"), "application/x-yaml")}
    if path.endswith("/audits"):
        files = {"files": ("r.html", "<p>本年支出100万元。</p>".encode(), "text/html")}
    return client.post(path, data=data, files=files, headers={"X-CSRF-Token": client.csrf}, follow_redirects=False)


@pytest.fixture
def matrix_site(site, monkeypatch):
    from jixiao.store import filings as ops
    from jixiao.web import work

    monkeypatch.setattr(work, "start", lambda *a, **k: 0)     # rights only: no rendering here
    with site.store.session() as db:
        for unit in ("A", "B", "X"):
            filing = db.get(site.m.Filing, site.filings[unit])
            user = db.get(site.m.User, 1)
            sha = site.store.blobs.put(site.min_filing(unit))
            ops.add_version(db, user, filing, filing.lock_version, sha256=sha, size=1, filename="f.yaml", findings=[])
        db.commit()
    return site


@pytest.mark.parametrize("username", sorted(USERS))
def test_filing_routes(matrix_site, username):
    site = matrix_site
    client = site.client(username)
    role = USERS[username]
    for method, template, allowed_roles in FILING_ROUTES:
        for unit in ("A", "B", "X"):
            path = template.format(f=site.filings[unit])
            r = client.get(path, follow_redirects=False) if method == "GET" else _post(client, path, site, unit)
            where = f"{username} {method} {path} (unit {unit})"
            if unit not in REACH[username]:
                assert r.status_code == 404, where
            elif role not in allowed_roles:
                assert r.status_code == 403, where
            else:
                assert r.status_code not in DENIED, f"{where}: {r.status_code} {r.text[:200]}"


@pytest.mark.parametrize("username", sorted(USERS))
def test_area_routes(matrix_site, username):
    site = matrix_site
    client = site.client(username)
    role = USERS[username]
    for method, path, allowed_roles in AREA_ROUTES:
        r = client.get(path, follow_redirects=False) if method == "GET" else _post(client, path, site, None)
        where = f"{username} {method} {path}"
        if role in allowed_roles:
            assert r.status_code not in DENIED, f"{where}: {r.status_code} {r.text[:200]}"
        else:
            assert r.status_code == 403, where


def test_tasks_of_another_region_are_not_found(matrix_site):
    site = matrix_site
    client = site.client("rev")
    for path in (f"/tasks/{site.task_x_id}/cancel", f"/api/tasks/{site.task_x_id}/cancel"):
        assert _post(client, path, site, None).status_code == 404
    r = client.post("/tasks", data={"csrf": client.csrf, "year": "2023", "deadline": "2031-01-01",
                                    "units": str(site.unit_ids["X"])})
    assert r.status_code == 404                       # cannot issue a task to a unit outside the region
    assert _post(client, f"/tasks/{site.task_id}/cancel", site, None).status_code == 303
    assert _post(site.client("head-a"), f"/tasks/{site.task_id}/cancel", site, None).status_code == 403


def test_anonymous_is_sent_to_login_or_refused(matrix_site):
    site = matrix_site
    client = site.client()
    for method, template, _ in FILING_ROUTES:
        path = template.format(f=site.filings["A"])
        r = client.get(path, follow_redirects=False) if method == "GET" else _post(client, path, site, "A")
        if path.startswith("/api/"):
            assert r.status_code == 401, path
        else:
            assert r.status_code == 303 and r.headers["location"].startswith("/login"), path
