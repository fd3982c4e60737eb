"""The frame shop (examples/frame-shop.json) in a database, with users, a plan and a schedule.

Three users, one per role, each with an API token; the plan is the case's
(2027-03-01 to 2027-05-31) and the schedule the heuristic sequence from
2027-03-01, stored as ``takt plan`` and ``takt schedule`` store them.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from taktplan.io.case_json import read_case
from taktplan.planning import plan
from taktplan.shopfloor.feedback import reschedule_suggestions
from taktplan.shopfloor.material import material_ready
from taktplan.shopfloor.schedule import Method, schedule_orders
from taktplan.storage import save_plan, save_snapshot
from taktplan.storage.schedules import save_schedule
from taktplan.storage.users import Role, TokenKind, add_user, new_token
from taktplan.web import create_app
from tests.conftest import ROOT

FRAME_SHOP = ROOT / "examples" / "frame-shop.json"
PASSWORD = "frames-and-tubes"


@dataclass
class World:
    url: str
    tokens: dict[str, str]  # role -> API token

    def client(self, role: str | None = None) -> TestClient:
        """A client of a new app on the world; with the role's token, or anonymous."""
        client = TestClient(create_app(self.url, migrate=False))
        if role is not None:
            client.headers["Authorization"] = f"Bearer {self.tokens[role]}"
        return client


def url_of(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def frame_shop(engine: Engine, *, scheduled: bool = True) -> World:
    case = read_case(FRAME_SHOP)
    options = case.options
    tokens: dict[str, str] = {}
    with Session(engine) as session:
        save_snapshot(session, case.snapshot)
        result = plan(case.snapshot, options)
        save_plan(session, result, options, planned_from=case.snapshot)
        if scheduled:
            made = schedule_orders(
                case.snapshot, options, Method.SEQUENCE, ready=material_ready(case.snapshot, result)
            )
            suggestions = reschedule_suggestions(case.snapshot, options, made, result)
            save_schedule(session, case.snapshot, made, suggestions)
            session.commit()
        for role in Role:
            name = f"{role.value}-user"
            add_user(session, name, role, PASSWORD)
            tokens[role.value] = new_token(session, name, TokenKind.API, label="tests")
    return World(url_of(engine), tokens)
