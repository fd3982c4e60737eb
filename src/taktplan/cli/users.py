"""``takt user``: the people and scripts that may use the web application (``takt serve``).

* ``takt user add NAME --role admin`` creates a user; the password is asked
  for twice (or read from standard input with ``--password-stdin``, for
  scripts); ``--no-password`` makes a user that only has API tokens;
* ``takt user token NAME [--label TEXT]`` prints a new API token, once (only
  its hash is kept); ``--revoke`` revokes every token of the user;
* ``takt user list``, ``takt user password NAME``, ``takt user role NAME
  ROLE`` and ``takt user remove NAME``.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.table import Table

from taktplan.cli.worksheet import DbOption, database
from taktplan.errors import InputError

user_app = typer.Typer(help="Users of the web application: roles, passwords, API tokens.")

RoleOption = Annotated[
    str, typer.Option("--role", help="viewer (reads), planner (plans, schedules) or admin.")
]
StdinOption = Annotated[
    bool,
    typer.Option("--password-stdin", help="Read the password from standard input (one line)."),
]


def _out(text: str) -> None:
    from taktplan.cli.main import console

    console.print(text, highlight=False, soft_wrap=True)


def _fail(error: InputError) -> typer.Exit:
    from taktplan.cli.main import _fail_input

    return _fail_input(error)


def _password(from_stdin: bool, name: str) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        return line.rstrip("\r\n")
    entered: str = typer.prompt(
        f"Password for {name}", hide_input=True, confirmation_prompt=True, err=True
    )
    return entered


@user_app.command("add")
def add_command(
    name: Annotated[str, typer.Argument(help="User name (letters, digits, . _ @ -).")],
    role: RoleOption = "viewer",
    password_stdin: StdinOption = False,
    no_password: Annotated[
        bool, typer.Option("--no-password", help="No password: the user logs in by API token.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Create a user with a role and a password (asked for, or --password-stdin)."""
    from taktplan.storage.users import add_user, check_name, check_password, parse_role

    try:
        chosen = parse_role(role, record=f"user {name}")
        check_name(name)
        password = None if no_password else _password(password_stdin, name)
        if password is not None:
            check_password(password, name)
        with database(db) as session:
            user = add_user(session, name, chosen, password)
    except InputError as error:
        raise _fail(error) from None
    _out(f"user {user.name} added ({user.role.value})")


@user_app.command("token")
def token_command(
    name: Annotated[str, typer.Argument(help="User name.")],
    label: Annotated[str, typer.Option("--label", help="What the token is for.")] = "",
    revoke: Annotated[
        bool, typer.Option("--revoke", help="Revoke every API token of the user instead.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Print a new API token for the user (shown once: keep it), or revoke them all."""
    from taktplan.storage.users import TokenKind, new_token, revoke_tokens

    try:
        with database(db) as session:
            if revoke:
                count = revoke_tokens(session, name)
                _out(f"{count} API tokens of {name} revoked")
                return
            token = new_token(session, name, TokenKind.API, label=label)
    except InputError as error:
        raise _fail(error) from None
    sys.stdout.write(token + "\n")
    from rich.console import Console

    Console(stderr=True).print(
        f"API token for {name}: send it as 'Authorization: Bearer TOKEN'. It is not shown again.",
        highlight=False,
    )


@user_app.command("list")
def list_command(db: DbOption = None) -> None:
    """List the users, their roles and how many API tokens each has."""
    from taktplan.cli.main import console
    from taktplan.storage.users import list_tokens, list_users

    with database(db) as session:
        users = list_users(session)
        tokens = {user.name: len(list_tokens(session, user.name)) for user in users}
    table = Table(title="Users")
    for column in ("Name", "Role", "Password", "API tokens", "Created (UTC)"):
        table.add_column(column)
    for user in users:
        table.add_row(
            user.name,
            user.role.value,
            "yes" if user.has_password else "no",
            str(tokens[user.name]),
            user.created.strftime("%Y-%m-%d %H:%M"),
        )
    console.print(table)


@user_app.command("password")
def password_command(
    name: Annotated[str, typer.Argument(help="User name.")],
    password_stdin: StdinOption = False,
    db: DbOption = None,
) -> None:
    """Set a new password (the user's login sessions end)."""
    from taktplan.storage.users import check_password, set_password

    try:
        password = _password(password_stdin, name)
        check_password(password, name)
        with database(db) as session:
            set_password(session, name, password)
    except InputError as error:
        raise _fail(error) from None
    _out(f"password of {name} changed")


@user_app.command("role")
def role_command(
    name: Annotated[str, typer.Argument(help="User name.")],
    role: Annotated[str, typer.Argument(help="viewer, planner or admin.")],
    db: DbOption = None,
) -> None:
    """Give a user another role."""
    from taktplan.storage.users import parse_role, set_role

    try:
        chosen = parse_role(role, record=f"user {name}")
        with database(db) as session:
            user = set_role(session, name, chosen)
    except InputError as error:
        raise _fail(error) from None
    _out(f"{user.name} is {user.role.value} now")


@user_app.command("remove")
def remove_command(
    name: Annotated[str, typer.Argument(help="User name.")],
    db: DbOption = None,
) -> None:
    """Remove a user with their sessions and API tokens."""
    from taktplan.storage.users import remove_user

    try:
        with database(db) as session:
            remove_user(session, name)
    except InputError as error:
        raise _fail(error) from None
    _out(f"user {name} removed")


DEMO_USER = "demo"
DEMO_PASSWORD = "takt-demo"


def ensure_demo_user(url: str) -> tuple[str, str]:
    """The demo database's login (a planner), created when the database has no such user."""
    from sqlalchemy.orm import Session

    from taktplan.storage import make_engine
    from taktplan.storage.users import Role, UnknownUserError, add_user, get_user

    engine = make_engine(url)
    try:
        with Session(engine) as session:
            try:
                get_user(session, DEMO_USER)
            except UnknownUserError:
                add_user(session, DEMO_USER, Role.PLANNER, DEMO_PASSWORD)
    finally:
        engine.dispose()
    return DEMO_USER, DEMO_PASSWORD
