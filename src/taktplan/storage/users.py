"""Users, roles, passwords, login sessions and API tokens of the web application.

Roles, each allowed what the one before it is:

* ``viewer`` reads everything;
* ``planner`` also runs plans, accepts and carries out lines, changes schedules;
* ``admin`` also manages users and master data.

Passwords are kept as argon2id hashes (``argon2-cffi``, its default cost).
A token is a random string shown once (``takt_`` and 43 URL-safe
characters, 256 random bits); only its SHA-256 is stored, which is enough
for a secret that long and lets a request be checked without a slow hash.
Login sessions are tokens of kind ``session`` that expire; API tokens (kind
``api``) last until revoked. Every function runs in one transaction of the
session it is given (see :func:`taktplan.storage.database.transaction`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from taktplan.errors import InputError
from taktplan.storage.database import transaction
from taktplan.storage.models import AuthTokenRecord, UserRecord
from taktplan.storage.runs import utc_now

TOKEN_PREFIX = "takt_"
MIN_PASSWORD = 8
SESSION_HOURS = 12
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")
_hasher = PasswordHasher()
# Checked against when the user does not exist, so that a wrong name takes as
# long as a wrong password.
_DUMMY_HASH = _hasher.hash("not a password of anyone")


class UnknownUserError(InputError):
    """No user has that name."""


class Role(StrEnum):
    VIEWER = "viewer"
    PLANNER = "planner"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        return _RANKS[self]

    def allows(self, needed: Role) -> bool:
        """Whether this role may do what ``needed`` may."""
        return self.rank >= needed.rank


_RANKS = {Role.VIEWER: 0, Role.PLANNER: 1, Role.ADMIN: 2}


class TokenKind(StrEnum):
    SESSION = "session"
    API = "api"


@dataclass(frozen=True, slots=True)
class User:
    id: int
    name: str
    role: Role
    has_password: bool
    created: dt.datetime


@dataclass(frozen=True, slots=True)
class TokenInfo:
    """An API token as listed: never the token itself."""

    id: int
    label: str
    created: dt.datetime


def parse_role(text: str, *, record: str = "user") -> Role:
    try:
        return Role(text)
    except ValueError:
        known = ", ".join(role.value for role in Role)
        raise InputError(
            f"unknown role '{text}' (expected one of {known})", record=record, field="role"
        ) from None


def check_name(name: str) -> None:
    if not _NAME.match(name):
        raise InputError(
            f"'{name}' is not a user name: 1 to 64 letters, digits and . _ @ -, "
            "starting with a letter or digit",
            record="user",
            field="name",
        )


def check_password(password: str, name: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise InputError(
            f"a password needs at least {MIN_PASSWORD} characters",
            record=f"user {name}",
            field="password",
        )


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _user(record: UserRecord) -> User:
    return User(
        record.id, record.name, Role(record.role), record.password_hash is not None, record.created
    )


def _find(session: Session, name: str) -> UserRecord:
    found = session.scalar(select(UserRecord).where(UserRecord.name == name))
    if found is None:
        raise UnknownUserError("no such user", record=f"user {name}", field="name")
    return found


def add_user(session: Session, name: str, role: Role, password: str | None = None) -> User:
    """Create a user (with a password, or for API tokens only); a taken name is an error."""
    check_name(name)
    if password is not None:
        check_password(password, name)
    hashed = None if password is None else hash_password(password)
    try:
        with transaction(session):
            if session.scalar(select(UserRecord.id).where(UserRecord.name == name)) is not None:
                raise _taken(name)
            record = UserRecord(name=name, role=role.value, password_hash=hashed, created=utc_now())
            session.add(record)
            session.flush()
            return _user(record)
    except IntegrityError:  # created by someone else at the same moment
        raise _taken(name) from None


def _taken(name: str) -> InputError:
    return InputError("a user of this name exists already", record=f"user {name}", field="name")


def get_user(session: Session, name: str) -> User:
    with transaction(session):
        return _user(_find(session, name))


def list_users(session: Session) -> list[User]:
    with transaction(session):
        return [_user(r) for r in session.scalars(select(UserRecord).order_by(UserRecord.name))]


def count_users(session: Session, role: Role | None = None) -> int:
    query = select(func.count()).select_from(UserRecord)
    if role is not None:
        query = query.where(UserRecord.role == role.value)
    with transaction(session):
        return session.scalar(query) or 0


def set_password(session: Session, name: str, password: str) -> None:
    """Set a new password; the user's login sessions end (API tokens stay)."""
    check_password(password, name)
    hashed = hash_password(password)
    with transaction(session):
        record = _find(session, name)
        record.password_hash = hashed
        session.execute(
            delete(AuthTokenRecord).where(
                (AuthTokenRecord.user_id == record.id)
                & (AuthTokenRecord.kind == TokenKind.SESSION.value)
            )
        )


def set_role(session: Session, name: str, role: Role) -> User:
    """Change a user's role; the last admin cannot stop being one."""
    with transaction(session):
        record = _find(session, name)
        if record.role == Role.ADMIN.value and role is not Role.ADMIN:
            _keep_an_admin(session, name)
        record.role = role.value
        session.flush()
        return _user(record)


def remove_user(session: Session, name: str) -> None:
    """Delete a user with their sessions and tokens; the last admin stays."""
    with transaction(session):
        record = _find(session, name)
        if record.role == Role.ADMIN.value:
            _keep_an_admin(session, name)
        session.execute(delete(AuthTokenRecord).where(AuthTokenRecord.user_id == record.id))
        session.delete(record)


def _keep_an_admin(session: Session, name: str) -> None:
    admins = session.scalar(
        select(func.count()).select_from(UserRecord).where(UserRecord.role == Role.ADMIN.value)
    )
    if (admins or 0) <= 1:
        raise InputError(
            "the last admin cannot be removed or lose the role; make another admin first",
            record=f"user {name}",
            field="role",
        )


def verify_password(session: Session, name: str, password: str) -> User | None:
    """The user when ``password`` is theirs; None otherwise (unknown name, no password)."""
    with transaction(session):
        record = session.scalar(select(UserRecord).where(UserRecord.name == name))
        stored = record.password_hash if record is not None else None
        try:
            _hasher.verify(stored or _DUMMY_HASH, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return None
        if record is None or stored is None:
            return None
        if _hasher.check_needs_rehash(stored):
            record.password_hash = hash_password(password)
        return _user(record)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token(
    session: Session,
    name: str,
    kind: TokenKind = TokenKind.API,
    *,
    label: str = "",
    now: dt.datetime | None = None,
) -> str:
    """A new token for the user, returned once; a session token expires after 12 hours."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    created = now or utc_now()
    expires = created + dt.timedelta(hours=SESSION_HOURS) if kind is TokenKind.SESSION else None
    with transaction(session):
        record = _find(session, name)
        session.add(
            AuthTokenRecord(
                user_id=record.id,
                kind=kind.value,
                token_hash=token_hash(token),
                label=label,
                created=created,
                expires=expires,
            )
        )
    return token


def user_for_token(
    session: Session, token: str, kind: TokenKind, *, now: dt.datetime | None = None
) -> User | None:
    """The user a token of ``kind`` belongs to; None for an unknown or expired one."""
    query = (
        select(UserRecord, AuthTokenRecord.expires)
        .join(AuthTokenRecord, AuthTokenRecord.user_id == UserRecord.id)
        .where((AuthTokenRecord.token_hash == token_hash(token)) & (AuthTokenRecord.kind == kind))
    )
    with transaction(session):
        row = session.execute(query).first()
        if row is None:
            return None
        record, expires = row
        if expires is not None and expires <= (now or utc_now()):
            return None
        return _user(record)


def list_tokens(session: Session, name: str) -> list[TokenInfo]:
    with transaction(session):
        record = _find(session, name)
        rows = session.scalars(
            select(AuthTokenRecord)
            .where(
                (AuthTokenRecord.user_id == record.id)
                & (AuthTokenRecord.kind == TokenKind.API.value)
            )
            .order_by(AuthTokenRecord.id)
        )
        return [TokenInfo(row.id, row.label, row.created) for row in rows]


def revoke_token(session: Session, token: str) -> bool:
    """End a session or revoke an API token; whether it existed."""
    with transaction(session):
        gone = session.execute(
            delete(AuthTokenRecord).where(AuthTokenRecord.token_hash == token_hash(token))
        )
        return bool(gone.rowcount)  # type: ignore[attr-defined]


def revoke_tokens(session: Session, name: str) -> int:
    """Revoke every API token of the user; how many there were."""
    with transaction(session):
        record = _find(session, name)
        gone = session.execute(
            delete(AuthTokenRecord).where(
                (AuthTokenRecord.user_id == record.id)
                & (AuthTokenRecord.kind == TokenKind.API.value)
            )
        )
        return int(gone.rowcount)  # type: ignore[attr-defined]


def purge_expired(session: Session, *, now: dt.datetime | None = None) -> int:
    """Delete expired login sessions; how many."""
    with transaction(session):
        gone = session.execute(
            delete(AuthTokenRecord).where(
                AuthTokenRecord.expires.is_not(None)
                & (AuthTokenRecord.expires <= (now or utc_now()))
            )
        )
        return int(gone.rowcount)  # type: ignore[attr-defined]


__all__ = [
    "Role",
    "TokenInfo",
    "TokenKind",
    "UnknownUserError",
    "User",
    "add_user",
    "count_users",
    "get_user",
    "list_tokens",
    "list_users",
    "new_token",
    "parse_role",
    "remove_user",
    "revoke_token",
    "revoke_tokens",
    "set_password",
    "set_role",
    "user_for_token",
    "verify_password",
]
