"""What every request needs: a database session, the user it comes from, the role it needs.

A request is authenticated by an API token (``Authorization: Bearer
takt_...``, for scripts) or by the login session cookie the UI gets from
``POST /api/session``. Without either it gets 401; with a role too low for
what it asks, 403 naming the role needed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from taktplan.storage.users import Role, TokenKind, User, user_for_token

SESSION_COOKIE = "takt_session"


def engine_of(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def db_session(request: Request) -> Iterator[Session]:
    with Session(engine_of(request)) as session:
        yield session


DbSession = Annotated[Session, Depends(db_session)]


def _unauthorized(message: str) -> HTTPException:
    return HTTPException(401, message, headers={"WWW-Authenticate": "Bearer"})


def current_user(request: Request, session: DbSession) -> User:
    """The user of the API token or login session; 401 without a valid one."""
    header = request.headers.get("authorization")
    if header is not None:
        scheme, _, token = header.strip().partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise _unauthorized("the Authorization header must be 'Bearer TOKEN'")
        user = user_for_token(session, token.strip(), TokenKind.API)
        if user is None:
            raise _unauthorized("unknown or revoked API token")
        return user
    cookie = request.cookies.get(SESSION_COOKIE)
    if not cookie:
        raise _unauthorized("log in (POST /api/session) or send an API token")
    user = user_for_token(session, cookie, TokenKind.SESSION)
    if user is None:
        raise _unauthorized("the login session has ended; log in again")
    return user


def require(role: Role) -> Callable[[User], User]:
    def check(user: Annotated[User, Depends(current_user)]) -> User:
        if not user.role.allows(role):
            raise HTTPException(
                403, f"this needs the role {role.value} or higher; {user.name} is {user.role.value}"
            )
        return user

    return check


Viewer = Annotated[User, Depends(require(Role.VIEWER))]
Planner = Annotated[User, Depends(require(Role.PLANNER))]
Admin = Annotated[User, Depends(require(Role.ADMIN))]
