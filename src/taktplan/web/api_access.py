"""Logging in and out, the current user, and (admins) the users and their API tokens."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from taktplan.storage.users import (
    SESSION_HOURS,
    Role,
    TokenKind,
    User,
    add_user,
    list_tokens,
    list_users,
    new_token,
    remove_user,
    revoke_token,
    set_password,
    set_role,
    verify_password,
)
from taktplan.web.deps import SESSION_COOKIE, Admin, DbSession, Viewer, current_user

router = APIRouter(tags=["access"])


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Login(Strict):
    name: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=1024)


class UserOut(BaseModel):
    name: str
    role: Role
    has_password: bool
    created: dt.datetime


class NewUser(Strict):
    name: str = Field(min_length=1, max_length=64)
    role: Role
    password: str | None = Field(default=None, max_length=1024)


class UserChange(Strict):
    role: Role | None = None
    password: str | None = Field(default=None, max_length=1024)


class NewToken(Strict):
    label: str = Field(default="", max_length=200)


class TokenOut(BaseModel):
    token: str
    user: str
    label: str


def _out(user: User) -> UserOut:
    return UserOut(
        name=user.name, role=user.role, has_password=user.has_password, created=user.created
    )


@router.post("/session", summary="Log in with name and password (sets the session cookie)")
def login(body: Login, request: Request, response: Response, session: DbSession) -> UserOut:
    user = verify_password(session, body.name, body.password)
    if user is None:
        raise HTTPException(401, "wrong user name or password")
    token = new_token(session, user.name, TokenKind.SESSION, label="login")
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=SESSION_HOURS * 3600,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
    )
    return _out(user)


@router.delete("/session", summary="Log out (ends the login session)")
def logout(
    request: Request,
    response: Response,
    session: DbSession,
    _: Annotated[User, Depends(current_user)],
) -> dict[str, Any]:
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        revoke_token(session, cookie)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return {"logged_out": True}


@router.get("/me", summary="The user this request comes from")
def me(user: Viewer) -> UserOut:
    return _out(user)


@router.get("/users", summary="Every user (admin)")
def users(_: Admin, session: DbSession) -> list[UserOut]:
    return [_out(user) for user in list_users(session)]


@router.post("/users", status_code=201, summary="Create a user (admin)")
def create_user(body: NewUser, _: Admin, session: DbSession) -> UserOut:
    return _out(add_user(session, body.name, body.role, body.password))


@router.patch("/users/{name}", summary="Change a user's role or password (admin)")
def change_user(name: str, body: UserChange, _: Admin, session: DbSession) -> UserOut:
    from taktplan.storage.database import transaction
    from taktplan.storage.users import get_user

    with transaction(session):
        if body.role is not None:
            set_role(session, name, body.role)
        if body.password is not None:
            set_password(session, name, body.password)
        return _out(get_user(session, name))


@router.delete("/users/{name}", summary="Remove a user with their sessions and tokens (admin)")
def delete_user(name: str, admin: Admin, session: DbSession) -> dict[str, Any]:
    if name == admin.name:
        raise HTTPException(400, "you cannot remove yourself")
    remove_user(session, name)
    return {"removed": name}


@router.post("/users/{name}/tokens", status_code=201, summary="A new API token (admin)")
def create_token(name: str, body: NewToken, _: Admin, session: DbSession) -> TokenOut:
    token = new_token(session, name, TokenKind.API, label=body.label)
    return TokenOut(token=token, user=name, label=body.label)


@router.get("/users/{name}/tokens", summary="A user's API tokens, without the tokens (admin)")
def tokens(name: str, _: Admin, session: DbSession) -> list[dict[str, Any]]:
    return [
        {"id": t.id, "label": t.label, "created": t.created} for t in list_tokens(session, name)
    ]
