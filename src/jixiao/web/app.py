"""The FastAPI application: server-rendered Chinese pages (Jinja2, htmx vendored as a static file) and
the JSON API under ``/api/``, both over the same rights (:mod:`jixiao.web.rights`) and the same
actions (:mod:`jixiao.web.actions`).  See docs/web.md for the routes."""
from __future__ import annotations

import datetime as dt
import json
import math
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool
from sqlalchemy import func, select
from sqlalchemy.orm import Session as DB
from sqlalchemy.orm import joinedload

from jixiao.store import filings as ops
from jixiao.store import models as m
from jixiao.store.db import Store
from jixiao.store.trail import events, record
from jixiao.web import actions, changes, rights, security, uploads, work

HERE = Path(__file__).parent
PAGE_SIZE = 50
HTMX_CONFIG = json.dumps({"includeIndicatorStyles": False, "allowEval": False, "responseHandling": [
    {"code": "204", "swap": False}, {"code": "[234]..", "swap": True, "error": False}, {"code": "...", "swap": False}]})


@dataclass
class Ctx:
    db: DB
    user: m.User | None
    session: m.Session | None
    bearer: bool = False


class HTTPError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


#: where a worker process of ``jixiao serve --workers N`` finds its data folder (the database is
#: JIXIAO_DATABASE_URL, or the folder's SQLite file)
DATA_ENV = "JIXIAO_SERVE_DATA"


def app_from_env() -> FastAPI:
    """The application of one worker process of ``jixiao serve --workers N`` (uvicorn's factory): the
    store the serving command opened and upgraded, named by the environment it passes on."""
    import os

    from jixiao.store import open_store

    return create_app(open_store(os.environ[DATA_ENV], upgrade=False))


def create_app(store: Store, *, limits: uploads.Limits | None = None, secure_cookies: bool = False) -> FastAPI:
    limits = limits or uploads.Limits()
    app = FastAPI(title="jixiao", docs_url=None, redoc_url=None, openapi_url=None)
    # compiled once and kept: templates ship with the package, so no stat of their files on every page
    templates = Jinja2Templates(env=jinja2.Environment(loader=jinja2.FileSystemLoader(str(HERE / "templates")),
                                                       autoescape=jinja2.select_autoescape(), auto_reload=False))
    templates.env.globals.update(ROLES=m.ROLES, STATES=m.STATES, MARKS=m.MARKS, HTMX_CONFIG=HTMX_CONFIG, m=m,
                                 RISK_ZH=RISK_ZH)
    templates.env.filters["when"] = _when
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.state.store = store

    security_headers = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in security.HEADERS.items()]
    cookie_name = security.COOKIE.encode("latin-1") + b"="

    class Guard:
        """Every response: the size limit on a request's body, the security headers, no caching of
        anything personal; afterwards the request's database session is closed (off the event loop).
        Plain ASGI: it neither buffers nor re-streams the response."""

        def __init__(self, app: Any):
            self.app = app

        async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
            if scope["type"] != "http":
                await self.app(scope, receive, send)
                return
            size = cookies = b""
            for key, value in scope["headers"]:
                if key == b"content-length":
                    size = value
                elif key == b"cookie":
                    cookies = value
            no_store = scope["path"].startswith("/api/") or cookie_name in cookies

            async def send_with_headers(message: Any) -> None:
                if message["type"] == "http.response.start":
                    present = {k.lower() for k, _ in message.get("headers", ())}
                    extra = [(k, v) for k, v in security_headers if k not in present]
                    if no_store and b"cache-control" not in present:
                        extra.append((b"cache-control", b"no-store"))
                    message["headers"] = [*message.get("headers", ()), *extra]
                await send(message)

            try:
                if size.isdigit() and int(size) > limits.request_bytes:
                    response = _error_response(Request(scope), 413,
                                               f"上传内容过大（上限 {limits.request_bytes // uploads.MB} MB），未保存。")
                    await response(scope, receive, send_with_headers)
                else:
                    await self.app(scope, receive, send_with_headers)
            finally:
                db = scope.get("state", {}).get("db")
                if db is not None:
                    await run_in_threadpool(db.close)

    app.add_middleware(Guard)

    def _error_response(request: Request, status: int, message: str) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": message, "status": status}, status_code=status)
        return templates.TemplateResponse(request, "error.html", {"user": None, "status": status, "message": message},
                                          status_code=status)

    @app.exception_handler(HTTPError)
    async def _http_error(request: Request, exc: HTTPError):    # noqa: ANN202
        return _error_response(request, exc.status, exc.message)

    @app.exception_handler(rights.NotFound)
    async def _not_found(request: Request, exc: Exception):      # noqa: ANN202
        return _error_response(request, 404, "未找到该页面或记录（或您无权查看）。")

    @app.exception_handler(rights.Forbidden)
    async def _forbidden(request: Request, exc: Exception):      # noqa: ANN202
        return _error_response(request, 403, "您的角色无权进行此操作。")

    @app.exception_handler(ops.Refused)
    async def _refused(request: Request, exc: Exception):        # noqa: ANN202
        return _error_response(request, 400, str(exc))

    @app.exception_handler(uploads.Refused)
    async def _upload_refused(request: Request, exc: Exception):  # noqa: ANN202
        return _error_response(request, 400, str(exc))

    @app.exception_handler(ops.Conflict)
    async def _conflict(request: Request, exc: Exception):       # noqa: ANN202
        return _error_response(request, 409, str(exc))

    # ---- context ---------------------------------------------------------------------------------

    def context(request: Request) -> Ctx:
        db = store.session()
        request.state.db = db
        auth = request.headers.get("authorization", "")
        bearer = auth.lower().startswith("bearer ")
        token = auth[7:].strip() if bearer else request.cookies.get(security.COOKIE)
        found = security.find_session(db, token)
        if request.method not in ("GET", "HEAD"):
            db.commit()      # hand the connection back: a request awaiting its body holds no connection
        if found is None:
            return Ctx(db, None, None, bearer)
        return Ctx(db, found[1], found[0], bearer)

    def need_user(request: Request, ctx: Ctx) -> m.User:
        if ctx.user is None:
            if request.url.path.startswith("/api/"):
                raise HTTPError(401, "请先登录。")
            raise _Redirect(f"/login?next={request.url.path}")
        return ctx.user

    async def posted(request: Request, ctx: Ctx) -> dict[str, Any]:
        """The posted fields (form or JSON), after the CSRF check for cookie sessions."""
        if (request.headers.get("content-type") or "").startswith("application/json"):
            try:
                data = await request.json()
            except ValueError:
                raise HTTPError(400, "请求内容不是有效的JSON。") from None
            fields = data if isinstance(data, dict) else {}
        else:
            form = await request.form(max_files=uploads.MAX_FILES + 1)
            fields = {}
            for key, value in form.multi_items():
                if key == "files" or hasattr(value, "read"):
                    fields.setdefault("_files", []).append(value)
                elif key in fields:                      # a repeated field (check boxes) becomes a list
                    old = fields[key]
                    fields[key] = (old if isinstance(old, list) else [old]) + [value]
                else:
                    fields[key] = value
        if ctx.session is not None and not ctx.bearer:
            given = request.headers.get("x-csrf-token") or fields.get("csrf")
            if not security.csrf_ok(ctx.session, str(given) if given else None):
                raise HTTPError(403, "表单已过期或来源不明（CSRF 校验失败），请刷新页面后重试。")
        return fields

    def page(request: Request, ctx: Ctx, name: str, status: int = 200, **values: Any) -> HTMLResponse:
        values.setdefault("message", request.query_params.get("msg_ok") and _FLASH.get(request.query_params["msg_ok"]))
        return templates.TemplateResponse(request, name, {"user": ctx.user, "csrf": ctx.session.csrf if ctx.session else "",
                                                          **values}, status_code=status)

    class _Redirect(Exception):
        def __init__(self, url: str):
            self.url = url

    @app.exception_handler(_Redirect)
    async def _redirect(request: Request, exc: _Redirect):       # noqa: ANN202
        return RedirectResponse(exc.url, status_code=303)

    # ---- login -----------------------------------------------------------------------------------

    def login_check(ctx: Ctx, request: Request, username: str, password: str) -> m.User:
        client = request.client.host if request.client else "-"
        key = f"{username}|{client}"
        if security.too_many_failures(ctx.db, key):
            raise HTTPError(429, security.RATE_LIMITED)
        user = ctx.db.scalar(select(m.User).where(m.User.username == username))
        if user is None or not user.active or not security.verify_password(user.password_hash, password):
            security.note_failure(ctx.db, key)
            ctx.db.commit()
            raise HTTPError(401, "用户名或密码不正确。")
        security.clear_failures(ctx.db, key)
        return user

    @app.get("/login", response_class=HTMLResponse)
    def login_page(request: Request):                            # noqa: ANN202
        ctx = context(request)
        return page(request, ctx, "login.html", next=request.query_params.get("next", "/"))

    @app.post("/login")
    async def login(request: Request):                           # noqa: ANN202
        ctx = await run_in_threadpool(context, request)
        form = await request.form()
        username, password = str(form.get("username") or ""), str(form.get("password") or "")
        target = str(form.get("next") or "/")
        if not target.startswith("/") or target.startswith("//"):
            target = "/"
        try:
            user = await run_in_threadpool(login_check, ctx, request, username, password)
        except HTTPError as exc:
            return page(request, ctx, "login.html", status=exc.status, error=exc.message, next=target)
        token, _ = security.start_session(ctx.db, user)
        record(ctx.db, user, "登录", "user", user.id, user.unit_id)
        ctx.db.commit()
        response = RedirectResponse(target, status_code=303)
        response.set_cookie(security.COOKIE, token, httponly=True, samesite="strict", secure=secure_cookies,
                            max_age=security.SESSION_HOURS * 3600)
        return response

    @app.post("/logout")
    async def logout(request: Request):                          # noqa: ANN202
        ctx = await run_in_threadpool(context, request)
        if ctx.user is not None:
            await posted(request, ctx)
            security.end_session(ctx.db, request.cookies.get(security.COOKIE))
            ctx.db.commit()
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(security.COOKIE)
        return response

    @app.post("/api/login")
    async def api_login(request: Request):                       # noqa: ANN202
        ctx = await run_in_threadpool(context, request)
        try:
            data = await request.json()
        except ValueError:
            raise HTTPError(400, "请求内容不是有效的JSON。") from None
        user = await run_in_threadpool(login_check, ctx, request, str(data.get("username") or ""),
                                       str(data.get("password") or ""))
        token, row = security.start_session(ctx.db, user)
        record(ctx.db, user, "登录", "user", user.id, user.unit_id, "方式", "", "API")
        ctx.db.commit()
        return {"token": token, "expires_at": row.expires_at.isoformat(), "role": user.role}

    # ---- home, unit and reviewer lists -------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse)
    def home(request: Request):                                  # noqa: ANN202
        ctx = context(request)
        user = need_user(request, ctx)
        target = {m.REVIEWER: "/review", m.ADMIN: "/admin"}.get(user.role, "/mine")
        return RedirectResponse(target, status_code=303)

    def own_filings(ctx: Ctx, user: m.User) -> list[m.Filing]:
        return list(ctx.db.scalars(select(m.Filing).join(m.Task).where(m.Filing.unit_id == user.unit_id)
                                   .order_by(m.Task.deadline.desc(), m.Filing.id)))

    @app.get("/mine", response_class=HTMLResponse)
    def mine(request: Request):                                  # noqa: ANN202
        ctx = context(request)
        user = need_user(request, ctx)
        rights.check_area(user, "mine")
        return page(request, ctx, "mine.html", filings=own_filings(ctx, user))

    def region_units(ctx: Ctx, user: m.User) -> list[m.Unit]:
        units = ctx.db.scalars(select(m.Unit).where(m.Unit.region.startswith(user.region or "\x00"))
                               .order_by(m.Unit.code))
        return [u for u in units if rights.covers(user.region, u.region)]

    def review_query(ctx: Ctx, user: m.User, params: Any) -> list[Any]:
        """The conditions of the reviewer's list: their region's filings, by task and status when asked."""
        where = [m.Filing.unit_region.startswith(user.region or "\x00")]
        task_id = params.get("task")
        if task_id and str(task_id).isdigit():
            where.append(m.Filing.task_id == int(task_id))
        status = params.get("status")
        if status in m.STATES:
            where.append(m.Filing.status == status)
        return where

    def paged(ctx: Ctx, where: list[Any], params: Any) -> tuple[list[Any], int, int, int]:
        """One page of the list: the page's ids from the index in the list's order (filings carry the
        task's deadline and the unit's code and region), then those 50 rows with their unit and task."""
        total = ctx.db.scalar(select(func.count()).select_from(m.Filing).where(*where)) or 0
        pages = max(1, math.ceil(total / PAGE_SIZE))
        page_no = params.get("page")
        page_no = min(max(1, int(page_no)), pages) if page_no and str(page_no).isdigit() else 1
        order: tuple[Any, ...] = (m.Filing.task_deadline, m.Filing.unit_code, m.Filing.id)
        if params.get("sort") == "risk":            # riskiest first; not yet scored last
            order = (m.Filing.risk_score.desc().nulls_last(), *order)
        ids = (select(m.Filing.id).where(*where).order_by(*order)
               .limit(PAGE_SIZE).offset((page_no - 1) * PAGE_SIZE).subquery())
        rows = list(ctx.db.scalars(select(m.Filing).join(ids, ids.c.id == m.Filing.id).order_by(*order)
                                   .options(joinedload(m.Filing.unit, innerjoin=True),
                                            joinedload(m.Filing.task, innerjoin=True))))
        return rows, total, page_no, pages

    @app.get("/review", response_class=HTMLResponse)
    def review(request: Request):                                # noqa: ANN202
        ctx = context(request)
        user = need_user(request, ctx)
        rights.check_area(user, "review")
        rows, total, page_no, pages = paged(ctx, review_query(ctx, user, request.query_params), request.query_params)
        tasks = list(ctx.db.scalars(select(m.Task).where(m.Task.region == user.region).order_by(m.Task.id.desc())))
        return page(request, ctx, "review.html", rows=rows, total=total, page_no=page_no, pages=pages, tasks=tasks,
                    params=dict(request.query_params), today=dt.date.today())

    @app.post("/review/approve")
    async def batch_approve(request: Request):                   # noqa: ANN202
        ctx = await run_in_threadpool(context, request)
        user = need_user(request, ctx)
        rights.check_area(user, "review")
        form = await posted(request, ctx)
        done, problems = await run_in_threadpool(approve_many, ctx, user, form)
        message = f"批量审核通过 {done} 份。" + ("" if not problems else "未通过：" + "；".join(problems))
        return page(request, ctx, "notice.html", title="批量审核", notice=message, back="/review")

    def approve_many(ctx: Ctx, user: m.User, form: dict[str, Any]) -> tuple[int, list[str]]:
        chosen = form.get("filings") or form.get("ids") or ""
        ids = [int(x) for x in (chosen if isinstance(chosen, list) else str(chosen).split(",")) if str(x).strip().isdigit()]
        done, problems = 0, []
        for filing_id in ids:
            try:
                filing = actions.load_filing(ctx.db, user, filing_id, "approve")
            except (rights.NotFound, rights.Forbidden):
                problems.append(f"编号 {filing_id}：未找到")
                continue
            try:
                ops.approve(ctx.db, user, filing, filing.lock_version)
                ctx.db.commit()
                done += 1
            except (ops.Refused, ops.Conflict) as exc:
                ctx.db.rollback()
                problems.append(f"{filing.unit.name}：{exc}")
        return done, problems

    # ---- tasks -----------------------------------------------------------------------------------

    @app.get("/tasks", response_class=HTMLResponse)
    def tasks_page(request: Request):                            # noqa: ANN202
        ctx = context(request)
        user = need_user(request, ctx)
        rights.check_area(user, "tasks")
        tasks = list(ctx.db.scalars(select(m.Task).where(m.Task.region == user.region).order_by(m.Task.id.desc())))
        return page(request, ctx, "tasks.html", tasks=tasks, units=region_units(ctx, user), year=dt.date.today().year - 1)

    def issue(ctx: Ctx, user: m.User, form: dict[str, Any]) -> m.Task:
        title = str(form.get("title") or "").strip()
        try:
            year = int(str(form.get("year") or ""))
            deadline = dt.date.fromisoformat(str(form.get("deadline") or ""))
        except ValueError:
            raise ops.Refused("请填写年度（如 2023）和截止日期（如 2024-05-31）。") from None
        chosen = form.get("units") or []
        chosen = chosen if isinstance(chosen, list) else [chosen]
        reachable = {u.id for u in region_units(ctx, user)}
        unit_ids = [int(u) for u in chosen if str(u).isdigit()]
        if not unit_ids:
            raise ops.Refused("请至少选择一个单位。")
        if any(u not in reachable for u in unit_ids):
            raise rights.NotFound()
        if not title:
            title = f"{year}年度部门决算公开与绩效自评"
        task = ops.issue_task(ctx.db, user, title, year, deadline, user.region or "", unit_ids)
        ctx.db.commit()
        return task

    @app.post("/tasks")
    async def tasks_post(request: Request):                      # noqa: ANN202
        ctx = await run_in_threadpool(context, request)
        user = need_user(request, ctx)
        rights.check_area(user, "tasks")
        issue(ctx, user, await posted(request, ctx))
        return RedirectResponse("/review?msg_ok=task", status_code=303)

    def own_task(ctx: Ctx, user: m.User, task_id: int) -> m.Task:
        task = ctx.db.get(m.Task, task_id)
        if task is None or task.region != user.region:
            raise rights.NotFound()
        return task

    async def cancel_task(request: Request, task_id: int) -> None:
        """Cancel one of the reviewer's region's tasks (the page's form and the API's call)."""
        ctx = await run_in_threadpool(context, request)
        user = need_user(request, ctx)
        rights.check_area(user, "tasks")
        await posted(request, ctx)
        ops.cancel_task(ctx.db, user, own_task(ctx, user, task_id))
        ctx.db.commit()

    @app.post("/tasks/{task_id}/cancel")
    async def cancel(request: Request, task_id: int):            # noqa: ANN202
        await cancel_task(request, task_id)
        return RedirectResponse("/tasks", status_code=303)

    # ---- one filing ------------------------------------------------------------------------------

    def filing_view(ctx: Ctx, user: m.User, filing: m.Filing, with_changes: bool = True) -> dict[str, Any]:
        versions = list(ctx.db.scalars(select(m.FilingVersion).where(m.FilingVersion.filing_id == filing.id)
                                       .order_by(m.FilingVersion.number.desc())))
        version = next((v for v in versions if v.number == filing.current_version), None) if filing.current_version else None
        rows = ops.findings_of(ctx.db, version)
        explained = ops.explanations(ctx.db, filing.id)
        judged = ops.judgements(ctx.db, filing.unit_id)
        comments = list(ctx.db.scalars(select(m.Comment).where(m.Comment.filing_id == filing.id)
                                       .options(joinedload(m.Comment.author)).order_by(m.Comment.id)))
        documents = list(ctx.db.scalars(select(m.Document).where(m.Document.filing_id == filing.id)
                                        .order_by(m.Document.id.desc())))
        trail = events(ctx.db, entity="filing", entity_id=filing.id)
        return {"filing": filing, "version": version, "findings": rows, "explained": explained, "judged": judged,
                "changes": changes.for_filing(ctx.db, filing, version) if with_changes else None,
                "versions": versions, "comments": comments, "documents": documents, "trail": trail,
                "can": {a: rights.may(user, a, filing.unit) for a in rights.FILING_ACTIONS}}

    @app.get("/filings/{filing_id}", response_class=HTMLResponse)
    def filing_page(request: Request, filing_id: int):           # noqa: ANN202
        ctx = context(request)
        user = need_user(request, ctx)
        filing = actions.load_filing(ctx.db, user, filing_id, "view")
        job_id = request.query_params.get("job")
        job = work.status(store, job_id) if job_id else None
        if job and job["created_by"] != user.id:
            job = None
        message = None
        if job and job["state"] == work.DONE:
            message = {"publish": "已公开。", "render": "文档已生成，见下方“文档”。"}.get(job["kind"])
        return page(request, ctx, "filing.html", job=job, **({"message": message} if message else {}),
                    **filing_view(ctx, user, filing))

    @app.post("/filings/{filing_id}/upload")
    async def filing_upload(request: Request, filing_id: int):   # noqa: ANN202
        ctx = await run_in_threadpool(context, request)
        user = need_user(request, ctx)
        filing = actions.load_filing(ctx.db, user, filing_id, "upload")
        form = await posted(request, ctx)
        files = form.get("_files") or []
        if not files:
            raise ops.Refused("请选择要上传的填报文件（.xlsx 或 .yaml）。")
        item = files[0]
        data = await item.read(limits.filing_bytes + 1)
        expected = actions._int(form.get("version"), "版本号")
        message = await run_in_threadpool(actions.upload, store, ctx.db, user, filing, expected, item.filename or "",
                                          data, limits)
        if request.url.path.startswith("/api/"):
            return {"message": message}
        return RedirectResponse(f"/filings/{filing_id}?msg_ok=upload", status_code=303)

    @app.post("/filings/{filing_id}/{action}")
    async def filing_action(request: Request, filing_id: int, action: str):   # noqa: ANN202
        ctx = await run_in_threadpool(context, request)
        user = need_user(request, ctx)
        form = await posted(request, ctx)
        message, job = await run_in_threadpool(actions.act, store, ctx.db, user, filing_id, action, form)
        if request.headers.get("hx-request") and action == "explain":
            filing = ctx.db.get(m.Filing, filing_id)
            return page(request, ctx, "_explained.html", filing=filing, key=form.get("key"),
                        text=str(form.get("text") or "").strip())
        suffix = f"&job={job}" if job else ""
        return RedirectResponse(f"/filings/{filing_id}?msg_ok={action}{suffix}", status_code=303)

    @app.get("/filings/{filing_id}/versions/{number}")
    def version_file(request: Request, filing_id: int, number: int):   # noqa: ANN202
        ctx = context(request)
        user = need_user(request, ctx)
        filing = actions.load_filing(ctx.db, user, filing_id, "download")
        version = ctx.db.scalar(select(m.FilingVersion).where(m.FilingVersion.filing_id == filing.id,
                                                              m.FilingVersion.number == number))
        if version is None:
            raise rights.NotFound()
        return _file(store.blobs.get(version.sha256), version.filename)

    @app.get("/documents/{doc_id}")
    def document(request: Request, doc_id: int):                 # noqa: ANN202
        ctx = context(request)
        user = need_user(request, ctx)
        doc = ctx.db.get(m.Document, doc_id)
        if doc is None:
            raise rights.NotFound()
        if doc.filing_id is not None:
            actions.load_filing(ctx.db, user, doc.filing_id, "download")
        elif doc.created_by != user.id:
            raise rights.NotFound()
        return _file(store.blobs.get(doc.sha256), doc.filename)

    @app.get("/jobs/{job_id}", response_class=HTMLResponse)
    def job_page(request: Request, job_id: str):                 # noqa: ANN202
        ctx = context(request)
        user = need_user(request, ctx)
        job = work.status(store, job_id)
        if job is None or job["created_by"] != user.id:
            raise rights.NotFound()
        response = page(request, ctx, "_job.html", job=job)
        if request.headers.get("hx-request") and job["state"] in (work.DONE, work.FAILED):
            response.headers["HX-Refresh"] = "true"      # the polling fragment: show the page with the job's results
        return response

    @app.get("/favicon.ico")
    def favicon() -> Response:
        return Response(status_code=204)

    # ---- published, without login ----------------------------------------------------------------

    @app.get("/public", response_class=HTMLResponse)
    def public_list(request: Request):                           # noqa: ANN202
        ctx = context(request)
        rows = list(ctx.db.scalars(select(m.Filing).where(m.Filing.status == m.PUBLISHED)
                                   .order_by(m.Filing.published_at.desc()).limit(500)))
        return page(request, ctx, "public.html", rows=rows)

    @app.get("/public/{filing_id}.pdf")
    def public_pdf(request: Request, filing_id: int):            # noqa: ANN202
        ctx = context(request)
        filing = ctx.db.get(m.Filing, filing_id)
        if filing is None or filing.status != m.PUBLISHED or not filing.published_sha256:
            raise rights.NotFound()
        doc = ctx.db.scalar(select(m.Document).where(m.Document.filing_id == filing.id, m.Document.kind == "公开")
                            .order_by(m.Document.id.desc()))
        return _file(store.blobs.get(filing.published_sha256), doc.filename if doc else f"{filing_id}.pdf",
                     inline=True, sha=filing.published_sha256)

    # ---- bulk audit of published reports ---------------------------------------------------------

    @app.get("/audits", response_class=HTMLResponse)
    def audits_page(request: Request):                           # noqa: ANN202
        ctx = context(request)
        user = need_user(request, ctx)
        rights.check_area(user, "audits")
        batch = request.query_params.get("batch")
        query = select(m.Document).where(m.Document.kind == "审核", m.Document.created_by == user.id)
        if batch:
            query = query.where(m.Document.batch == batch)
        docs = list(ctx.db.scalars(query.order_by(m.Document.id.desc()).limit(500)))
        job_id = request.query_params.get("job")
        job = work.status(store, job_id) if job_id else None
        return page(request, ctx, "audits.html", docs=docs, batch=batch, job=job)

    @app.post("/audits")
    async def audits_post(request: Request):                     # noqa: ANN202
        ctx = await run_in_threadpool(context, request)
        user = need_user(request, ctx)
        rights.check_area(user, "audits")
        form = await posted(request, ctx)
        files = form.get("_files") or []
        if not files:
            raise uploads.Refused("请选择要审核的已公开报告（PDF、DOCX 或 HTML）。")
        if len(files) > uploads.MAX_FILES:
            raise uploads.Refused(f"一次最多上传 {uploads.MAX_FILES} 个文件。文件未保存。")
        checked = []
        for item in files:                                   # every file checked before any is stored
            data = await item.read(limits.report_bytes + 1)
            ext = uploads.check(item.filename or "", data, uploads.REPORT_TYPES, limits.report_bytes)
            checked.append((item.filename or "", ext, data))
        batch = secrets.token_hex(8)
        ids = []
        for name, ext, data in checked:
            sha = store.blobs.put(data)
            ops.ensure_blob(ctx.db, sha, len(data))
            doc = m.Document(kind="审核", fmt=ext.lstrip("."), filename=name[:255], sha256=sha, batch=batch,
                             created_by=user.id, findings=[])
            ctx.db.add(doc)
            ctx.db.flush()
            ids.append(doc.id)
        record(ctx.db, user, "上传已公开报告", "batch", None, None, "批次", "", f"{batch}（{len(ids)} 份）")
        ctx.db.commit()
        job = await run_in_threadpool(work.start, store, "audit", {"documents": ids}, user_id=user.id)
        if request.url.path.startswith("/api/"):
            return {"batch": batch, "job": job}
        return RedirectResponse(f"/audits?batch={batch}&job={job}", status_code=303)

    @app.get("/audits/{doc_id}", response_class=HTMLResponse)
    def audit_doc_page(request: Request, doc_id: int):           # noqa: ANN202
        ctx = context(request)
        user = need_user(request, ctx)
        rights.check_area(user, "audits")
        doc = ctx.db.get(m.Document, doc_id)
        if doc is None or doc.kind != "审核" or doc.created_by != user.id:
            raise rights.NotFound()
        return page(request, ctx, "audit_doc.html", doc=doc)

    # ---- audit trail, administration -------------------------------------------------------------

    def trail_for(ctx: Ctx, user: m.User) -> list[m.AuditEvent]:
        if user.role == m.ADMIN:
            return events(ctx.db, limit=500)
        if user.role == m.REVIEWER:
            return events(ctx.db, unit_ids=[u.id for u in region_units(ctx, user)], limit=500)
        return events(ctx.db, unit_ids=[user.unit_id or -1], limit=500)

    @app.get("/trail", response_class=HTMLResponse)
    def trail_page(request: Request):                            # noqa: ANN202
        ctx = context(request)
        user = need_user(request, ctx)
        rights.check_area(user, "trail")
        return page(request, ctx, "trail.html", trail=trail_for(ctx, user))

    @app.get("/admin", response_class=HTMLResponse)
    def admin_page(request: Request):                            # noqa: ANN202
        ctx = context(request)
        user = need_user(request, ctx)
        rights.check_area(user, "admin")
        users = list(ctx.db.scalars(select(m.User).order_by(m.User.id)))
        units = list(ctx.db.scalars(select(m.Unit).order_by(m.Unit.code)))
        return page(request, ctx, "admin.html", users=users, units=units, created=None)

    @app.post("/admin/units")
    async def admin_units(request: Request):                     # noqa: ANN202
        ctx = await run_in_threadpool(context, request)
        user = need_user(request, ctx)
        rights.check_area(user, "admin")
        form = await posted(request, ctx)
        code, name, region = (str(form.get(k) or "").strip() for k in ("code", "name", "region"))
        if not (code and name and region):
            raise ops.Refused("请填写单位编码、名称和所属地区。")
        if ctx.db.scalar(select(m.Unit).where(m.Unit.code == code)):
            raise ops.Refused(f"单位编码 {code} 已存在。")
        unit = m.Unit(code=code, name=name, region=region)
        ctx.db.add(unit)
        ctx.db.flush()
        record(ctx.db, user, "新建单位", "unit", unit.id, unit.id, "单位", "", f"{code} {name}（{region}）")
        ctx.db.commit()
        return RedirectResponse("/admin", status_code=303)

    @app.post("/admin/users")
    async def admin_users(request: Request):                     # noqa: ANN202
        ctx = await run_in_threadpool(context, request)
        user = need_user(request, ctx)
        rights.check_area(user, "admin")
        form = await posted(request, ctx)
        created, password = make_user(ctx, user, form)
        users = list(ctx.db.scalars(select(m.User).order_by(m.User.id)))
        units = list(ctx.db.scalars(select(m.Unit).order_by(m.Unit.code)))
        return page(request, ctx, "admin.html", users=users, units=units, created=(created, password))

    def make_user(ctx: Ctx, actor: m.User, form: dict[str, Any]) -> tuple[m.User, str]:
        username = str(form.get("username") or "").strip()
        role = str(form.get("role") or "")
        if not username or role not in m.ROLES:
            raise ops.Refused("请填写用户名并选择角色。")
        if ctx.db.scalar(select(m.User).where(m.User.username == username)):
            raise ops.Refused(f"用户名 {username} 已存在。")
        unit_id = str(form.get("unit_id") or "")
        unit = ctx.db.get(m.Unit, int(unit_id)) if unit_id.isdigit() else None
        if role in m.UNIT_ROLES and unit is None:
            raise ops.Refused("单位的用户必须选择所属单位。")
        region = str(form.get("region") or "").strip() or None
        if role == m.REVIEWER and not region:
            raise ops.Refused("财政复核员必须填写负责的地区。")
        password = security.new_password()
        user = m.User(username=username, display_name=str(form.get("display_name") or username).strip(),
                      password_hash=security.hash_password(password), role=role,
                      unit_id=unit.id if unit and role in m.UNIT_ROLES else None,
                      region=region if role == m.REVIEWER else None)
        ctx.db.add(user)
        ctx.db.flush()
        record(ctx.db, actor, "新建用户", "user", user.id, user.unit_id, "用户", "", f"{username}（{role}）")
        ctx.db.commit()
        return user, password

    # ---- JSON API --------------------------------------------------------------------------------

    @app.get("/api/me")
    def api_me(request: Request):                                # noqa: ANN202
        ctx = context(request)
        user = need_user(request, ctx)
        return {"username": user.username, "role": user.role, "unit_id": user.unit_id, "region": user.region}

    @app.get("/api/units")
    def api_units(request: Request):                             # noqa: ANN202
        ctx = context(request)
        user = need_user(request, ctx)
        if user.role == m.ADMIN:
            units = list(ctx.db.scalars(select(m.Unit).order_by(m.Unit.code)))
        elif user.role == m.REVIEWER:
            units = region_units(ctx, user)
        else:
            units = [user.unit] if user.unit else []
        return {"units": [{"id": u.id, "code": u.code, "name": u.name, "region": u.region} for u in units]}

    @app.get("/api/tasks")
    def api_tasks(request: Request):                             # noqa: ANN202
        ctx = context(request)
        user = need_user(request, ctx)
        rights.check_area(user, "tasks")
        tasks = ctx.db.scalars(select(m.Task).where(m.Task.region == user.region).order_by(m.Task.id))
        return {"tasks": [{"id": t.id, "title": t.title, "year": t.year, "deadline": t.deadline.isoformat(),
                           "status": t.status} for t in tasks]}

    @app.post("/api/tasks")
    async def api_issue(request: Request):                       # noqa: ANN202
        ctx = await run_in_threadpool(context, request)
        user = need_user(request, ctx)
        rights.check_area(user, "tasks")
        task = issue(ctx, user, await posted(request, ctx))
        return {"id": task.id}

    @app.post("/api/tasks/{task_id}/cancel")
    async def api_cancel(request: Request, task_id: int):        # noqa: ANN202
        await cancel_task(request, task_id)
        return {"status": m.CANCELLED}

    @app.get("/api/filings")
    def api_filings(request: Request):                           # noqa: ANN202
        ctx = context(request)
        user = need_user(request, ctx)
        if user.role == m.REVIEWER:
            rows, total, page_no, pages = paged(ctx, review_query(ctx, user, request.query_params), request.query_params)
        elif user.role in m.UNIT_ROLES:
            rows = own_filings(ctx, user)
            total, page_no, pages = len(rows), 1, 1
        else:
            raise rights.Forbidden()
        risk = user.role in rights.FILING_ACTIONS["risk"]        # the rows are all within the user's reach
        return {"total": total, "page": page_no, "pages": pages, "filings": [_filing_json(f, risk) for f in rows]}

    @app.get("/api/filings/{filing_id}")
    def api_filing(request: Request, filing_id: int):            # noqa: ANN202
        ctx = context(request)
        user = need_user(request, ctx)
        view = filing_view(ctx, user, actions.load_filing(ctx.db, user, filing_id, "view"))
        out = _filing_json(view["filing"], view["can"]["risk"])
        out["findings"] = [_finding_json(r, view["explained"], view["judged"]) for r in view["findings"]]
        if view["can"]["risk"]:
            out["risk"] = _risk_json(view["filing"], view["version"])
        out["changes"] = view["changes"]
        out["versions"] = [{"number": v.number, "filename": v.filename, "sha256": v.sha256,
                            "created_at": v.created_at.isoformat()} for v in view["versions"]]
        out["comments"] = [{"kind": c.kind, "text": c.text, "author": c.author.display_name,
                            "at": c.created_at.isoformat()} for c in view["comments"]]
        return out

    @app.get("/api/filings/{filing_id}/findings")
    def api_findings(request: Request, filing_id: int):          # noqa: ANN202
        ctx = context(request)
        user = need_user(request, ctx)
        filing = actions.load_filing(ctx.db, user, filing_id, "view")
        rows = ops.findings_of(ctx.db, ops.current_version(ctx.db, filing))
        explained, judged = ops.explanations(ctx.db, filing.id), ops.judgements(ctx.db, filing.unit_id)
        return JSONResponse({"findings": [_finding_json(r, explained, judged) for r in rows]})

    @app.get("/api/filings/{filing_id}/changes")
    def api_changes(request: Request, filing_id: int):           # noqa: ANN202
        ctx = context(request)
        user = need_user(request, ctx)
        filing = actions.load_filing(ctx.db, user, filing_id, "view")
        return changes.for_filing(ctx.db, filing, ops.current_version(ctx.db, filing))

    @app.get("/api/filings/{filing_id}/risk")
    def api_risk(request: Request, filing_id: int):              # noqa: ANN202
        ctx = context(request)
        user = need_user(request, ctx)
        filing = actions.load_filing(ctx.db, user, filing_id, "risk")
        return _risk_json(filing, ops.current_version(ctx.db, filing))

    @app.get("/api/filings/{filing_id}/trail")
    def api_trail(request: Request, filing_id: int):             # noqa: ANN202
        ctx = context(request)
        user = need_user(request, ctx)
        actions.load_filing(ctx.db, user, filing_id, "view")
        return {"events": [_event_json(e) for e in events(ctx.db, entity="filing", entity_id=filing_id)]}

    @app.post("/api/filings/{filing_id}/upload")
    async def api_upload(request: Request, filing_id: int):      # noqa: ANN202
        return await filing_upload(request, filing_id)

    @app.post("/api/filings/{filing_id}/{action}")
    async def api_action(request: Request, filing_id: int, action: str):   # noqa: ANN202
        ctx = await run_in_threadpool(context, request)
        user = need_user(request, ctx)
        form = await posted(request, ctx)
        message, job = await run_in_threadpool(actions.act, store, ctx.db, user, filing_id, action, form)
        return {"message": message, "job": job, "filing": _filing_json(ctx.db.get(m.Filing, filing_id))}

    @app.post("/api/review/approve")
    async def api_batch_approve(request: Request):               # noqa: ANN202
        ctx = await run_in_threadpool(context, request)
        user = need_user(request, ctx)
        rights.check_area(user, "review")
        done, problems = await run_in_threadpool(approve_many, ctx, user, await posted(request, ctx))
        return {"approved": done, "problems": problems}

    @app.get("/api/jobs/{job_id}")
    def api_job(request: Request, job_id: str):                  # noqa: ANN202
        ctx = context(request)
        user = need_user(request, ctx)
        job = work.status(store, job_id)
        if job is None or job["created_by"] != user.id:
            raise rights.NotFound()
        return job

    @app.get("/api/trail")
    def api_trail_all(request: Request):                         # noqa: ANN202
        ctx = context(request)
        user = need_user(request, ctx)
        rights.check_area(user, "trail")
        return {"events": [_event_json(e) for e in trail_for(ctx, user)]}

    @app.get("/api/audits")
    def api_audits(request: Request):                            # noqa: ANN202
        ctx = context(request)
        user = need_user(request, ctx)
        rights.check_area(user, "audits")
        docs = ctx.db.scalars(select(m.Document).where(m.Document.kind == "审核", m.Document.created_by == user.id)
                              .order_by(m.Document.id.desc()).limit(500))
        return {"documents": [{"id": d.id, "batch": d.batch, "filename": d.filename, "errors": d.errors,
                               "warnings": d.warnings, "findings": d.findings} for d in docs]}

    @app.post("/api/audits")
    async def api_audits_post(request: Request):                 # noqa: ANN202
        return await audits_post(request)

    return app


_FLASH = {"upload": "已上传新版本并完成检查。", "explain": "说明已保存。", "submit": "已送审，等待财政部门审核。",
          "return": "已退回单位修改。", "approve": "已审核通过。", "publish": "公开任务已完成或已开始，见下方状态。",
          "comment": "意见已保存。", "judge": "判断已保存。", "render": "文档生成任务已完成或已开始，见下方状态。",
          "task": "任务已下达。"}


#: times are stored in UTC and shown in China Standard Time
SHOWN_ZONE = dt.timezone(dt.timedelta(hours=8))


def _when(value: dt.datetime | None, seconds: bool = False) -> str:
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    return value.astimezone(SHOWN_ZONE).strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


def _file(data: bytes, filename: str, inline: bool = False, sha: str | None = None) -> Response:
    from urllib.parse import quote

    kind = {"pdf": "application/pdf", "html": "text/html; charset=utf-8",
            "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "yaml": "text/plain; charset=utf-8", "yml": "text/plain; charset=utf-8"}
    ext = filename.rsplit(".", 1)[-1].lower()
    disposition = "inline" if inline and ext == "pdf" else "attachment"
    headers = {"Content-Disposition": f"{disposition}; filename*=UTF-8''{quote(filename)}",
               "Content-Security-Policy": "default-src 'none'; sandbox"}
    if sha:
        headers["X-Content-SHA256"] = sha
    return Response(data, media_type=kind.get(ext, "application/octet-stream"), headers=headers)


#: a risk level (jixiao.review triage) as the pages show it
RISK_ZH = {"red": "红色预警", "yellow": "黄色预警", "green": "无红黄预警"}


def _filing_json(f: m.Filing, risk: bool = False) -> dict[str, Any]:
    return {"id": f.id, "unit": {"id": f.unit.id, "code": f.unit.code, "name": f.unit.name, "region": f.unit.region},
            "task": {"id": f.task.id, "title": f.task.title, "year": f.task.year,
                     "deadline": f.task.deadline.isoformat(), "status": f.task.status},
            "status": f.status, "version": f.lock_version, "current_version": f.current_version,
            "errors": f.errors, "warnings": f.warnings, "unexplained": f.unexplained,
            "published_sha256": f.published_sha256,
            **({"risk": {"score": f.risk_score, "level": f.risk_level}} if risk else {})}


def _risk_json(f: m.Filing, version: m.FilingVersion | None) -> dict[str, Any]:
    """The current version's risk (jixiao.review triage, kept when it was checked); None = not scored."""
    return {"score": f.risk_score, "level": f.risk_level,
            "flags": (version.risk_flags if version is not None else None) or []}


def _finding_json(r: m.FindingRow, explained: dict[str, Any], judged: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in (r.detail or {}).items() if k not in ("key", "field", "value")}
    out.update({"rule_id": r.rule_id, "severity": r.severity, "message": r.message,
                "source": {"doc": r.doc, "locator": r.locator}, "key": r.key, "field": r.field, "value": r.value})
    if r.key in explained:
        out["explanation"] = explained[r.key].text
    if r.key in judged:
        out["judgement"] = judged[r.key].mark
    return out


def _event_json(e: m.AuditEvent) -> dict[str, Any]:
    return {"at": e.at.isoformat(), "user": e.username, "action": e.action, "entity": e.entity,
            "entity_id": e.entity_id, "field": e.field, "old": e.old, "new": e.new}
