"""The web application: a REST API (FastAPI) and the planners' browser UI.

``create_app(url)`` builds the application on the database at ``url``;
``takt serve`` runs it with uvicorn. See ``docs/web.md``.
"""

from taktplan.web.app import create_app

__all__ = ["create_app"]
