"""The application factory: API routers, error handlers, the UI's static files, the docs.

Every ``/api`` endpoint needs a login session or an API token, except
``POST /api/session`` (logging in). The OpenAPI description and its
Swagger UI (``/docs``, served from the ``swagger-ui-bundle`` package, no
CDN) need one too. Errors come back as JSON ``{"detail": ..., "field":
..., "record": ...}``: 400 bad input, 401 no login, 403 role too low, 404
unknown record, 409 conflict (someone changed the data since it was read:
nothing was written), 422 a request that does not parse.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import IntegrityError, OperationalError

from taktplan.errors import ConflictError, InputError
from taktplan.storage.database import make_engine
from taktplan.storage.migrate import upgrade
from taktplan.storage.users import UnknownUserError
from taktplan.web import api_access, api_data, api_planning, api_shop
from taktplan.web.convert import NotFoundError
from taktplan.web.deps import Viewer
from taktplan.web.jobs import PlanJobs, PlanRunner

STATIC = Path(__file__).resolve().with_name("static")
# Pydantic names the member of a union that failed (``str-enum[Policy]``): not a field.
_TYPE_TAG = re.compile(r"^[a-z-]+\[.*\]$")
TITLE = "taktplan"


def create_app(url: str, *, migrate: bool = True, plan_runner: PlanRunner | None = None) -> FastAPI:
    """The web application on the database at ``url`` (migrated first unless told not to)."""
    if migrate:
        upgrade(url)
    app = FastAPI(
        title=TITLE,
        summary="Production planning and scheduling: planning worksheet, schedule, capacity.",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    engine = make_engine(url)
    app.state.engine = engine
    app.state.plans = PlanJobs(engine, plan_runner)
    app.router.add_event_handler("shutdown", engine.dispose)
    _errors(app)
    for module in (api_access, api_planning, api_data, api_shop):
        app.include_router(module.router, prefix="/api")
    _docs(app)
    _ui(app)
    return app


def _body(detail: str, *, field: str = "", record: str = "", **extra: Any) -> dict[str, Any]:
    return {"detail": detail, "field": field, "record": record, **extra}


def _errors(app: FastAPI) -> None:
    @app.exception_handler(ConflictError)
    def conflict(_: Request, error: ConflictError) -> JSONResponse:
        return JSONResponse(
            _body(error.describe(), field=error.field, record=error.record), status_code=409
        )

    @app.exception_handler(InputError)
    def bad_input(_: Request, error: InputError) -> JSONResponse:
        status = 404 if isinstance(error, (NotFoundError, UnknownUserError)) else 400
        return JSONResponse(
            _body(error.describe(), field=error.field, record=error.record), status_code=status
        )

    @app.exception_handler(IntegrityError)
    def integrity(_: Request, error: IntegrityError) -> JSONResponse:
        # Two writers at the same moment (a document number taken meanwhile...):
        # the transaction rolled back, nothing was written.
        return JSONResponse(
            _body(
                "someone else changed the same data at the same moment; nothing was written, "
                "read again and retry"
            ),
            status_code=409,
        )

    @app.exception_handler(OperationalError)
    def busy(_: Request, error: OperationalError) -> JSONResponse:
        text = str(error.orig or error).splitlines()[0]
        if "locked" in text or "could not serialize" in text or "deadlock" in text:
            return JSONResponse(
                _body(f"the database is busy ({text}); nothing was written, retry"),
                status_code=409,
            )
        return JSONResponse(_body(f"database error: {text}"), status_code=500)

    @app.exception_handler(RequestValidationError)
    def invalid(_: Request, error: RequestValidationError) -> JSONResponse:
        problems = []
        for entry in error.errors():
            where = [str(part) for part in entry.get("loc", ()) if part not in ("body",)]
            kind = where[0] if where and where[0] in ("query", "path", "header", "cookie") else ""
            if kind:
                where = [part for part in where[1:] if not part.isdigit()]
            where = [part for part in where if not _TYPE_TAG.match(part)]
            problems.append(
                {"field": ".".join(where), "in": kind or "body", "message": entry.get("msg", "")}
            )
        first = problems[0] if problems else {"field": "", "message": "bad request"}
        detail = "; ".join(
            f"field '{p['field']}': {p['message']}" if p["field"] else str(p["message"])
            for p in problems
        )
        return JSONResponse(
            jsonable_encoder(_body(detail, field=str(first["field"]), errors=problems)),
            status_code=422,
        )


def _docs(app: FastAPI) -> None:
    import swagger_ui_bundle  # type: ignore[import-untyped]

    app.mount(
        "/docs-assets", StaticFiles(directory=swagger_ui_bundle.swagger_ui_path), name="docs-assets"
    )

    @app.get("/openapi.json", include_in_schema=False)
    def openapi(_: Viewer) -> JSONResponse:
        return JSONResponse(app.openapi())

    @app.get("/docs", include_in_schema=False)
    def docs(_: Viewer) -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title=f"{TITLE} API",
            swagger_js_url="/docs-assets/swagger-ui-bundle.js",
            swagger_css_url="/docs-assets/swagger-ui.css",
            swagger_favicon_url="/docs-assets/favicon-32x32.png",
        )


def _ui(app: FastAPI) -> None:
    """The single-page UI: static HTML, CSS and JS from the package (no CDN, no Node)."""
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-store"})

    @app.get("/login", include_in_schema=False)
    def login_page() -> RedirectResponse:
        return RedirectResponse("/#login")
