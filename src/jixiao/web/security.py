"""Passwords (argon2), sessions that expire, CSRF tokens, the login rate limit and the security headers.

- A session is a random token in an HttpOnly, SameSite=Strict cookie; only its SHA-256 is stored.
  It expires ``SESSION_HOURS`` after login.
- Every form posted with the session cookie carries the session's CSRF token (hidden field ``csrf``
  or header ``X-CSRF-Token``); a missing or wrong token is refused (403).  Scripts may instead log in
  at ``/api/login`` and send ``Authorization: Bearer <token>``, which a browser never sends by itself,
  so those requests need no CSRF token.
- Login: at most ``MAX_FAILURES`` failed attempts per user name and client address within
  ``FAILURE_WINDOW``; then 429 with a Chinese message until the window has passed.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from jixiao.store import models as m

COOKIE = "jixiao_session"
SESSION_HOURS = 8
MAX_FAILURES = 5
FAILURE_WINDOW = dt.timedelta(minutes=15)

_hasher = PasswordHasher()

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored: str, password: str) -> bool:
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def new_password() -> str:
    return secrets.token_urlsafe(12)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(db: Session, user: m.User, hours: float = SESSION_HOURS) -> tuple[str, m.Session]:
    token = secrets.token_urlsafe(32)
    row = m.Session(token_hash=_digest(token), csrf=secrets.token_urlsafe(32), user_id=user.id,
                    expires_at=m.now() + dt.timedelta(hours=hours))
    db.add(row)
    db.execute(delete(m.Session).where(m.Session.expires_at < m.now()))
    return token, row


def find_session(db: Session, token: str | None) -> tuple[m.Session, m.User] | None:
    if not token:
        return None
    found = db.execute(select(m.Session, m.User).join(m.User, m.User.id == m.Session.user_id)
                       .where(m.Session.token_hash == _digest(token))).first()
    if found is None:
        return None
    row, user = found
    expires = row.expires_at if row.expires_at.tzinfo else row.expires_at.replace(tzinfo=dt.timezone.utc)
    if expires <= m.now() or not user.active:
        return None
    return row, user


def end_session(db: Session, token: str | None) -> None:
    if token:
        db.execute(delete(m.Session).where(m.Session.token_hash == _digest(token)))


def csrf_ok(session: m.Session, given: str | None) -> bool:
    return bool(given) and hmac.compare_digest(session.csrf, given)


def too_many_failures(db: Session, key: str) -> bool:
    since = m.now() - FAILURE_WINDOW
    count = db.scalar(select(func.count()).select_from(m.LoginFailure)
                      .where(m.LoginFailure.key == key, m.LoginFailure.at > since)) or 0
    return count >= MAX_FAILURES


def note_failure(db: Session, key: str) -> None:
    db.add(m.LoginFailure(key=key[:200]))


def clear_failures(db: Session, key: str) -> None:
    db.execute(delete(m.LoginFailure).where(m.LoginFailure.key == key))


RATE_LIMITED = f"登录失败次数过多，请 {int(FAILURE_WINDOW.total_seconds() // 60)} 分钟后再试。"
