"""Users, roles, passwords and tokens in the database (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from taktplan.cli.main import app
from taktplan.errors import InputError
from taktplan.storage import make_engine
from taktplan.storage.models import AuthTokenRecord, UserRecord
from taktplan.storage.users import (
    Role,
    TokenKind,
    add_user,
    list_tokens,
    list_users,
    new_token,
    parse_role,
    remove_user,
    revoke_token,
    revoke_tokens,
    set_password,
    set_role,
    token_hash,
    user_for_token,
    verify_password,
)


def test_a_password_is_stored_as_an_argon2_hash_and_checked(session: Session) -> None:
    add_user(session, "ada", Role.PLANNER, "correct horse")
    stored = session.scalar(select(UserRecord.password_hash).where(UserRecord.name == "ada"))
    assert stored is not None and stored.startswith("$argon2id$")
    assert "correct horse" not in stored
    user = verify_password(session, "ada", "correct horse")
    assert user is not None and user.name == "ada" and user.role is Role.PLANNER
    assert verify_password(session, "ada", "wrong horse") is None
    assert verify_password(session, "nobody", "correct horse") is None


def test_bad_names_roles_and_passwords_name_the_field(session: Session) -> None:
    with pytest.raises(InputError) as caught:
        add_user(session, "two words", Role.VIEWER, "long enough")
    assert caught.value.field == "name"
    with pytest.raises(InputError) as caught:
        add_user(session, "ada", Role.VIEWER, "short")
    assert caught.value.field == "password"
    with pytest.raises(InputError) as caught:
        parse_role("boss")
    assert caught.value.field == "role"
    add_user(session, "ada", Role.VIEWER, "long enough")
    with pytest.raises(InputError) as caught:
        add_user(session, "ada", Role.ADMIN, "long enough")
    assert caught.value.field == "name" and "exists already" in caught.value.message
    assert [u.name for u in list_users(session)] == ["ada"]


def test_only_a_hash_of_a_token_is_stored_and_it_finds_its_user(session: Session) -> None:
    add_user(session, "bot", Role.VIEWER)
    token = new_token(session, "bot", label="nightly export")
    assert token.startswith("takt_") and len(token) == 5 + 43
    hashes = list(session.scalars(select(AuthTokenRecord.token_hash)))
    assert hashes == [token_hash(token)] and token not in hashes[0]
    user = user_for_token(session, token, TokenKind.API)
    assert user is not None and user.name == "bot" and not user.has_password
    assert user_for_token(session, token, TokenKind.SESSION) is None
    assert user_for_token(session, token + "x", TokenKind.API) is None
    assert [t.label for t in list_tokens(session, "bot")] == ["nightly export"]
    assert revoke_tokens(session, "bot") == 1
    assert user_for_token(session, token, TokenKind.API) is None


def test_a_login_session_expires_after_12_hours(session: Session) -> None:
    add_user(session, "ada", Role.PLANNER, "correct horse")
    now = dt.datetime(2027, 3, 1, 8, 0)
    token = new_token(session, "ada", TokenKind.SESSION, now=now)
    later = now + dt.timedelta(hours=11, minutes=59)
    assert user_for_token(session, token, TokenKind.SESSION, now=later) is not None
    expired = now + dt.timedelta(hours=12)
    assert user_for_token(session, token, TokenKind.SESSION, now=expired) is None
    assert revoke_token(session, token)
    assert not revoke_token(session, token)


def test_a_new_password_ends_the_sessions_but_keeps_api_tokens(session: Session) -> None:
    add_user(session, "ada", Role.PLANNER, "correct horse")
    login = new_token(session, "ada", TokenKind.SESSION)
    api = new_token(session, "ada", TokenKind.API)
    set_password(session, "ada", "battery staple")
    assert user_for_token(session, login, TokenKind.SESSION) is None
    assert user_for_token(session, api, TokenKind.API) is not None
    assert verify_password(session, "ada", "battery staple") is not None


def test_the_last_admin_stays(session: Session) -> None:
    add_user(session, "root", Role.ADMIN, "long enough")
    with pytest.raises(InputError) as caught:
        set_role(session, "root", Role.PLANNER)
    assert caught.value.field == "role"
    with pytest.raises(InputError):
        remove_user(session, "root")
    add_user(session, "second", Role.ADMIN, "long enough")
    new_token(session, "root")
    remove_user(session, "root")
    assert [u.name for u in list_users(session)] == ["second"]
    assert session.scalar(select(AuthTokenRecord.id)) is None


def test_roles_are_ordered() -> None:
    assert Role.ADMIN.allows(Role.PLANNER) and Role.PLANNER.allows(Role.VIEWER)
    assert not Role.VIEWER.allows(Role.PLANNER) and not Role.PLANNER.allows(Role.ADMIN)


def test_takt_user_add_token_and_list(tmp_path: object, engine: Engine) -> None:
    url = str(engine.url.render_as_string(hide_password=False))
    runner = CliRunner()
    added = runner.invoke(
        app,
        ["user", "add", "ada", "--role", "admin", "--password-stdin", "--db", url],
        input="correct horse\n",
    )
    assert added.exit_code == 0, added.output
    assert "user ada added (admin)" in added.output
    issued = runner.invoke(app, ["user", "token", "ada", "--label", "ci", "--db", url])
    assert issued.exit_code == 0
    token = issued.stdout.strip().splitlines()[0]
    with Session(engine) as session:
        user = user_for_token(session, token, TokenKind.API)
        assert user is not None and user.role is Role.ADMIN
        assert verify_password(session, "ada", "correct horse") is not None
    bad = runner.invoke(app, ["user", "add", "bob", "--role", "boss", "--db", url])
    assert bad.exit_code == 2
    assert "field 'role'" in bad.output
    listed = runner.invoke(app, ["user", "list", "--db", url])
    assert "ada" in listed.output and "admin" in listed.output


def test_takt_user_add_prompts_for_the_password_twice(tmp_path: object) -> None:
    db = f"{tmp_path}/prompt.db"
    done = subprocess.run(
        [sys.executable, "-m", "taktplan.cli.main", "user", "add", "eve", "--db", db],
        input="long enough\nlong enough\n",
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "user eve added (viewer)" in done.stdout


def test_takt_demo_prints_a_working_demo_login(tmp_path: object) -> None:
    db = f"{tmp_path}/demo.db"
    done = CliRunner().invoke(app, ["demo", "--db", db])
    assert done.exit_code == 0, done.output
    assert "as demo / takt-demo (a planner" in done.output
    engine = make_engine(f"sqlite:///{db}")
    try:
        with Session(engine) as session:
            user = verify_password(session, "demo", "takt-demo")
            assert user is not None and user.role is Role.PLANNER
    finally:
        engine.dispose()
