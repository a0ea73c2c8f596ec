"""Staff authentication for the review workspace: passwords, sessions, CSRF, throttling, roles.

Why these choices:

- Passwords are argon2id (argon2-cffi defaults), rehashed transparently when parameters change.
- The session cookie carries only a random id signed with itsdangerous; the session itself is a
  row (hash of the id) so that signing out or ``sunshine users disable`` revokes access at once.
  Cookies are HttpOnly, SameSite=Strict and Secure when ``SUNSHINE_COOKIE_SECURE`` is set.
- CSRF: every state-changing request authenticated by cookie must carry the session's token
  (``X-CSRF-Token`` header or ``csrf_token`` form field) *and* must not come from another origin
  (``Origin`` / ``Sec-Fetch-Site``).  Bearer tokens are not ambient credentials, so they skip it.
- Sign-in is throttled per username and per address from a table of recent failures, so the
  limit holds across processes and restarts.
- Roles: ``reviewer`` reviews, ``approver`` reviews and gives second approvals, ``admin`` manages
  accounts.  ``admin`` alone does **not** grant raw text: account managers need not read cases.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from fastapi import Depends, HTTPException, Request
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import delete, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from sunshine import audit
from sunshine.db import get_session
from sunshine.models.accounts import ROLES, ApiToken, LoginAttempt, User, UserSession
from sunshine.models.base import utcnow
from sunshine.settings import get_settings

SESSION_COOKIE = "sunshine_session"
LOGIN_CSRF_COOKIE = "sunshine_login_csrf"
SESSION_HOURS = 10
IDLE_MINUTES = 120
THROTTLE_WINDOW = dt.timedelta(minutes=15)
MAX_FAILURES_PER_USER = 5
MAX_FAILURES_PER_ADDRESS = 30
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

REVIEW_ROLES = ("reviewer", "approver")
ROLES_ALL = ROLES

_hasher = PasswordHasher()
# verified when the username is unknown, so both paths cost one argon2 verification
_DUMMY_HASH = _hasher.hash("not-a-real-password-" + secrets.token_hex(8))


class AuthError(Exception):
    """A refused sign-in or account operation; the message is safe to show."""


class Throttled(AuthError):
    def __init__(self, retry_after: int) -> None:
        super().__init__("登录失败次数过多，请稍后再试")
        self.retry_after = retry_after


# -- passwords and accounts ------------------------------------------------------------------


def hash_password(password: str) -> str:
    if len(password) < 10:
        raise AuthError("密码至少 10 个字符")
    return _hasher.hash(password)


def _check_roles(roles: list[str]) -> list[str]:
    unknown = sorted(set(roles) - set(ROLES))
    if unknown or not roles:
        raise AuthError(f"roles must be some of {', '.join(ROLES)}; got {', '.join(unknown) or 'none'}")
    return sorted(set(roles), key=ROLES.index)


def create_user(
    session: Session,
    username: str,
    password: str,
    roles: list[str],
    *,
    display_name: str = "",
    actor: str = "cli",
) -> User:
    username = username.strip()
    if not username or len(username) > 100:
        raise AuthError("username must be 1–100 characters")
    if session.scalars(select(User).where(User.username == username)).first() is not None:
        raise AuthError(f"user {username} exists")
    user = User(
        username=username,
        display_name=display_name or username,
        password_hash=hash_password(password),
        roles=_check_roles(roles),
        active=True,
    )
    session.add(user)
    session.flush()
    audit.record(session, actor=actor, action="user_added", detail={"user": username, "roles": user.roles})
    return user


def get_user(session: Session, username: str) -> User | None:
    return session.scalars(select(User).where(User.username == username)).first()


def disable_user(session: Session, username: str, *, actor: str = "cli") -> User:
    user = get_user(session, username)
    if user is None:
        raise AuthError(f"no user {username}")
    user.active = False
    for row in session.scalars(select(UserSession).where(UserSession.user_id == user.id)):
        row.revoked = True
    for tok in session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)):
        tok.revoked = True
    audit.record(session, actor=actor, action="user_disabled", detail={"user": username})
    return user


def enable_user(session: Session, username: str, *, actor: str = "cli") -> User:
    user = get_user(session, username)
    if user is None:
        raise AuthError(f"no user {username}")
    user.active = True
    audit.record(session, actor=actor, action="user_enabled", detail={"user": username})
    return user


def set_password(session: Session, username: str, password: str, *, actor: str = "cli") -> None:
    user = get_user(session, username)
    if user is None:
        raise AuthError(f"no user {username}")
    user.password_hash = hash_password(password)
    for row in session.scalars(select(UserSession).where(UserSession.user_id == user.id)):
        row.revoked = True
    audit.record(session, actor=actor, action="password_set", detail={"user": username})


def issue_api_token(session: Session, username: str, *, name: str = "", actor: str = "cli") -> str:
    """A bearer token for tools using the JSON API; only its hash is kept, so show it once."""
    user = get_user(session, username)
    if user is None or not user.active:
        raise AuthError(f"no active user {username}")
    token = "sst_" + secrets.token_urlsafe(32)
    session.add(ApiToken(token_hash=_sha256(token), user_id=user.id, name=name))
    audit.record(session, actor=actor, action="api_token_issued", detail={"user": username, "name": name})
    return token


def _sha256(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


# -- sign-in with throttling -------------------------------------------------------------------


def _failures(session: Session, column: InstrumentedAttribute[str], value: str, since: dt.datetime) -> int:
    query = select(func.count()).select_from(LoginAttempt).where(column == value, LoginAttempt.at >= since)
    return int(session.scalar(query) or 0)


def authenticate(session: Session, username: str, password: str, *, address: str) -> User:
    """Check a password; raises :class:`Throttled` or :class:`AuthError`.  Commits nothing."""
    now = utcnow()
    since = now - THROTTLE_WINDOW
    if (
        _failures(session, LoginAttempt.username, username, since) >= MAX_FAILURES_PER_USER
        or _failures(session, LoginAttempt.address, address, since) >= MAX_FAILURES_PER_ADDRESS
    ):
        raise Throttled(int(THROTTLE_WINDOW.total_seconds()))
    user = get_user(session, username)
    ok = False
    try:
        ok = _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        ok = False
    if not ok or user is None or not user.active:
        session.add(LoginAttempt(at=now, username=username[:100], address=address[:64]))
        session.flush()
        raise AuthError("用户名或密码错误")
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    session.execute(delete(LoginAttempt).where(LoginAttempt.username == username))
    user.last_login_at = now
    return user


# -- sessions --------------------------------------------------------------------------------


def _secret_file(home: Path) -> Path:
    return home / "session.key"


def session_secret() -> str:
    """``SUNSHINE_SESSION_SECRET``, else a random secret kept (0600) under SUNSHINE_HOME."""
    settings = get_settings()
    if settings.session_secret is not None:
        return settings.session_secret.get_secret_value()
    path = _secret_file(settings.home_dir)
    if not path.exists():
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_urlsafe(48))
        except FileExistsError:
            pass
    return path.read_text().strip()


def _serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(session_secret(), salt=salt)


def start_session(session: Session, user: User) -> tuple[str, UserSession]:
    """Create a server-side session; returns the signed cookie value and the row."""
    raw = secrets.token_urlsafe(32)
    now = utcnow()
    row = UserSession(
        id=_sha256(raw),
        user_id=user.id,
        csrf_token=secrets.token_urlsafe(32),
        created_at=now,
        last_seen_at=now,
        expires_at=now + dt.timedelta(hours=SESSION_HOURS),
        revoked=False,
    )
    session.add(row)
    audit.record(session, actor=user.username, action="sign_in")
    return _serializer("review-session").dumps(raw), row


def end_session(session: Session, principal: Principal) -> None:
    if principal.session_row is not None:
        principal.session_row.revoked = True
        audit.record(session, actor=principal.username, action="sign_out")


def set_session_cookie(response: object, value: str) -> None:
    response.set_cookie(  # type: ignore[attr-defined]
        SESSION_COOKIE,
        value,
        max_age=SESSION_HOURS * 3600,
        httponly=True,
        secure=get_settings().cookie_secure,
        samesite="strict",
        path="/",
    )


def clear_session_cookie(response: object) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/")  # type: ignore[attr-defined]


def login_csrf_pair() -> tuple[str, str]:
    """Token for the sign-in form and its signed cookie (double submit; there is no session yet)."""
    token = secrets.token_urlsafe(24)
    return token, _serializer("login-csrf").dumps(token)


def check_login_csrf(cookie: str | None, submitted: str | None) -> bool:
    if not cookie or not submitted:
        return False
    try:
        token = _serializer("login-csrf").loads(cookie, max_age=3600)
    except BadSignature:
        return False
    return hmac.compare_digest(str(token), submitted)


@dataclass
class Principal:
    user: User
    via: str  # "cookie" | "token"
    session_row: UserSession | None = None

    @property
    def username(self) -> str:
        return self.user.username

    @property
    def roles(self) -> list[str]:
        return list(self.user.roles or [])

    @property
    def csrf_token(self) -> str:
        return self.session_row.csrf_token if self.session_row else ""

    def has_any(self, *roles: str) -> bool:
        return self.user.has_any(*roles)


def _from_cookie(session: Session, cookie: str) -> Principal | None:
    try:
        raw = _serializer("review-session").loads(cookie, max_age=SESSION_HOURS * 3600)
    except BadSignature:
        return None
    row = session.get(UserSession, _sha256(str(raw)))
    now = utcnow()
    if row is None or row.revoked or row.expires_at <= now:
        return None
    if now - row.last_seen_at > dt.timedelta(minutes=IDLE_MINUTES):
        row.revoked = True
        session.commit()
        return None
    user = session.get(User, row.user_id)
    if user is None or not user.active:
        return None
    if now - row.last_seen_at > dt.timedelta(minutes=1):
        row.last_seen_at = now
        session.commit()
    return Principal(user=user, via="cookie", session_row=row)


def _from_bearer(session: Session, token: str) -> Principal | None:
    tok = session.scalars(select(ApiToken).where(ApiToken.token_hash == _sha256(token))).first()
    if tok is None or tok.revoked:
        return None
    user = session.get(User, tok.user_id)
    if user is None or not user.active:
        return None
    return Principal(user=user, via="token")


def identify(request: Request, session: Session) -> Principal | None:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return _from_bearer(session, header[7:].strip())
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        return _from_cookie(session, cookie)
    return None


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


# -- CSRF ------------------------------------------------------------------------------------


def _own_host(request: Request) -> str:
    return (request.headers.get("host") or request.url.netloc).lower()


def same_origin(request: Request) -> bool:
    """False when the browser says the request comes from another site.

    Hosts are compared, not schemes, so a TLS-terminating proxy in front does not break it.
    """
    if request.headers.get("sec-fetch-site", "") == "cross-site":
        return False
    source = request.headers.get("origin") or request.headers.get("referer")
    if source is None:
        return True  # not a browser form; the CSRF token still has to match
    if source == "null":
        return False
    return urlsplit(source).netloc.lower() == _own_host(request)


async def check_csrf(request: Request, principal: Principal) -> None:
    if request.method in SAFE_METHODS or principal.via != "cookie":
        return
    if not same_origin(request):
        raise HTTPException(403, detail={"code": "csrf", "message": "cross-site request refused"})
    submitted = request.headers.get("x-csrf-token")
    if not submitted:
        ctype = request.headers.get("content-type", "")
        if ctype.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            form = await request.form()
            value = form.get("csrf_token")
            submitted = value if isinstance(value, str) else None
    if not submitted or not hmac.compare_digest(submitted, principal.csrf_token):
        raise HTTPException(403, detail={"code": "csrf", "message": "missing or wrong CSRF token"})


# -- FastAPI dependencies --------------------------------------------------------------------

DbSession = Annotated[Session, Depends(get_session)]


class LoginRequired(Exception):
    """Raised by UI dependencies; the UI turns it into a redirect to the sign-in page."""

    def __init__(self, next_url: str) -> None:
        self.next_url = next_url


def requires(*roles: str, ui: bool = False) -> Callable[..., object]:
    """Dependency factory: a signed-in principal holding one of ``roles``, CSRF-checked."""

    async def dependency(request: Request, session: DbSession) -> Principal:
        principal = identify(request, session)
        if principal is None:
            if ui:
                raise LoginRequired(str(request.url.path))
            raise HTTPException(
                401,
                detail={"code": "unauthenticated", "message": "sign in or send a bearer token"},
                headers={"WWW-Authenticate": "Bearer"},
            )
        await check_csrf(request, principal)
        if roles and not principal.has_any(*roles):
            raise HTTPException(
                403, detail={"code": "forbidden", "message": f"needs role {' or '.join(roles)}"}
            )
        request.state.principal = principal
        return principal

    return dependency


require_reviewer = requires(*REVIEW_ROLES)
require_approver = requires("approver")
require_staff = requires(*ROLES)
require_admin = requires("admin")

Reviewer = Annotated[Principal, Depends(require_reviewer)]
Approver = Annotated[Principal, Depends(require_approver)]
Staff = Annotated[Principal, Depends(require_staff)]
Admin = Annotated[Principal, Depends(require_admin)]
