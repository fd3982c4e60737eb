"""``takt serve``: the web application (planning worksheet, Gantt chart, capacity, API).

Bound to 127.0.0.1 unless ``--host`` says otherwise: other machines reach it
only when asked for. Create the first admin with ``takt user add NAME
--role admin`` (``takt demo`` makes a demo login on its database).
"""

from __future__ import annotations

from typing import Annotated

import typer

from taktplan.cli.worksheet import DbOption


def serve_command(
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on (0.0.0.0: every interface).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port.", min=1, max=65535)] = 8000,
    db: DbOption = None,
) -> None:
    """Serve the web UI and the REST API (OpenAPI at /docs) on the database."""
    import uvicorn
    from sqlalchemy.orm import Session

    from taktplan.cli.main import _fail_input, console
    from taktplan.errors import InputError
    from taktplan.storage import make_engine, resolve_url
    from taktplan.storage.users import count_users
    from taktplan.web import create_app

    try:
        url = resolve_url(db)
    except InputError as error:
        raise _fail_input(error) from None
    app = create_app(url)
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            users = count_users(session)
    finally:
        engine.dispose()
    if users == 0:
        console.print(
            "[yellow]No users yet:[/] create one with `takt user add NAME --role admin`.",
            highlight=False,
        )
    shown = "localhost" if host in ("127.0.0.1", "::1") else host
    console.print(f"taktplan on http://{shown}:{port}/ (API docs at /docs)", highlight=False)
    uvicorn.run(app, host=host, port=port, log_level="warning")
