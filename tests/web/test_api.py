"""The REST API on the frame shop, on SQLite and PostgreSQL: every endpoint, bad input, roles.

The frame shop plans to four purchase lines for powder (POWDER-B 4 due
2027-03-02, 8 due 03-03, 10 due 03-05; POWDER-W 12 due 03-04): each
production order paints 25 or 20 frames at 0.4 kg a frame, stock covers
the rest. The stored schedule is the heuristic sequence from 2027-03-01.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from tests.web.world import PASSWORD, World, frame_shop

Json = dict[str, Any]


@pytest.fixture
def world(engine: Engine) -> World:
    return frame_shop(engine)


def _routes(client: TestClient) -> list[tuple[str, str]]:
    """Every endpoint of the API, from its OpenAPI description."""
    paths = client.app.openapi()["paths"]  # type: ignore[attr-defined]
    return [(method.upper(), path) for path, methods in paths.items() for method in methods]


def _filled(path: str) -> str:
    values = {
        "{no}": "FRAME-W",
        "{item}": "FRAME-W",
        "{document}": "SO-1",
        "{line_no}": "1",
        "{job_id}": "1",
        "{name}": "viewer-user",
        "{order}": "PRD-1",
    }
    for key, value in values.items():
        path = path.replace(key, value)
    return path


# --- access ----------------------------------------------------------------------------


def test_no_endpoint_answers_without_a_login_or_token(world: World) -> None:
    client = world.client()
    routes = _routes(client)
    assert len(routes) >= 35
    for method, path in routes:
        if (method, path) == ("POST", "/api/session"):
            continue
        response = client.request(method, _filled(path), json={})
        assert response.status_code == 401, (method, path, response.text)
        assert response.headers["www-authenticate"] == "Bearer"
    for path in ("/docs", "/openapi.json"):
        assert client.get(path).status_code == 401
    bad = client.get("/api/worksheet", headers={"Authorization": "Bearer takt_forged"})
    assert bad.status_code == 401 and "unknown or revoked" in bad.json()["detail"]
    basic = client.get("/api/worksheet", headers={"Authorization": "Basic abc"})
    assert basic.status_code == 401


def test_a_viewer_cannot_change_anything(world: World) -> None:
    viewer = world.client("viewer")
    writes = [
        (m, p)
        for m, p in _routes(viewer)
        if m in ("POST", "PATCH", "PUT", "DELETE") and p != "/api/session"
    ]
    assert len(writes) >= 12
    for method, path in writes:
        response = viewer.request(method, _filled(path), json={})
        assert response.status_code == 403, (method, path, response.text)
        assert "needs the role" in response.json()["detail"]
    # ... and nothing changed: the worksheet still has its four lines, none carried out.
    assert viewer.get("/api/worksheet").json()["total"] == 4
    assert len(viewer.get("/api/orders").json()) == 6


def test_a_planner_cannot_manage_users_or_master_data(world: World) -> None:
    planner = world.client("planner")
    for method, path, body in (
        ("GET", "/api/users", None),
        ("POST", "/api/users", {"name": "eve", "role": "admin", "password": "long enough"}),
        ("PATCH", "/api/users/viewer-user", {"role": "admin"}),
        ("DELETE", "/api/users/viewer-user", None),
        ("POST", "/api/users/viewer-user/tokens", {"label": "x"}),
        ("GET", "/api/users/viewer-user/tokens", None),
        ("PATCH", "/api/items/FRAME-W", {"safety_stock": 5}),
    ):
        response = planner.request(method, path, json=body)
        assert response.status_code == 403, (method, path)
        assert "needs the role admin" in response.json()["detail"]


def test_password_login_sets_a_session_cookie_and_logout_ends_it(world: World) -> None:
    client = world.client()
    wrong = client.post("/api/session", json={"name": "planner-user", "password": "nope"})
    assert wrong.status_code == 401
    unknown = client.post("/api/session", json={"name": "nobody", "password": PASSWORD})
    assert unknown.status_code == 401
    missing = client.post("/api/session", json={"name": "planner-user"})
    assert missing.status_code == 422 and missing.json()["field"] == "password"
    done = client.post("/api/session", json={"name": "planner-user", "password": PASSWORD})
    assert done.status_code == 200
    assert done.json()["role"] == "planner"
    cookie = done.headers["set-cookie"]
    assert "takt_session=takt_" in cookie and "HttpOnly" in cookie
    assert "SameSite=strict" in cookie or "samesite=strict" in cookie.lower()
    assert client.get("/api/me").json()["name"] == "planner-user"
    assert client.get("/docs").status_code == 200
    assert "/api/worksheet" in client.get("/openapi.json").json()["paths"]
    assert client.delete("/api/session").status_code == 200
    assert client.get("/api/me").status_code == 401


def test_admins_manage_users_and_tokens(world: World) -> None:
    admin = world.client("admin")
    made = admin.post("/api/users", json={"name": "eve", "role": "viewer", "password": "x" * 8})
    assert made.status_code == 201 and made.json()["role"] == "viewer"
    again = admin.post("/api/users", json={"name": "eve", "role": "viewer"})
    assert again.status_code == 400 and again.json()["field"] == "name"
    bad_role = admin.post("/api/users", json={"name": "max", "role": "boss"})
    assert bad_role.status_code == 422 and bad_role.json()["field"] == "role"
    short = admin.post("/api/users", json={"name": "max", "role": "viewer", "password": "short"})
    assert short.status_code == 400 and short.json()["field"] == "password"
    token = admin.post("/api/users/eve/tokens", json={"label": "report"}).json()["token"]
    eve = world.client()
    eve.headers["Authorization"] = f"Bearer {token}"
    assert eve.get("/api/me").json() == {**eve.get("/api/me").json(), "name": "eve"}
    assert eve.post("/api/worksheet/accept", json={"all": True}).status_code == 403
    promoted = admin.patch("/api/users/eve", json={"role": "planner"})
    assert promoted.json()["role"] == "planner"
    assert eve.post("/api/worksheet/accept", json={"all": True}).status_code == 200
    assert [t["label"] for t in admin.get("/api/users/eve/tokens").json()] == ["report"]
    names = [u["name"] for u in admin.get("/api/users").json()]
    assert names == ["admin-user", "eve", "planner-user", "viewer-user"]
    assert admin.delete("/api/users/eve").status_code == 200
    assert eve.get("/api/me").status_code == 401
    assert admin.delete("/api/users/admin-user").status_code == 400
    assert admin.patch("/api/users/nobody", json={"role": "viewer"}).status_code == 404


# --- worksheet -------------------------------------------------------------------------


def test_the_worksheet_filters_and_sorts(world: World) -> None:
    client = world.client("viewer")
    every = client.get("/api/worksheet").json()
    assert every["total"] == 4
    assert [(row["item"], row["qty"], row["due_date"]) for row in every["lines"]] == [
        ("POWDER-B", "4", "2027-03-02"),
        ("POWDER-B", "8", "2027-03-03"),
        ("POWDER-B", "10", "2027-03-05"),
        ("POWDER-W", "12", "2027-03-04"),
    ]
    first = every["lines"][0]
    assert first["action"] == "new" and first["action_label"] == "New"
    assert first["explanation"][-1] == "Lot-for-Lot, lead time 3D: new supply of 4"
    powder_w = client.get("/api/worksheet", params={"item": "POWDER-W"}).json()
    assert [row["line_no"] for row in powder_w["lines"]] == [4]
    by_qty = client.get("/api/worksheet", params={"sort": "qty", "order": "desc"}).json()
    assert [row["qty"] for row in by_qty["lines"]] == ["12", "10", "8", "4"]
    by_date = client.get("/api/worksheet", params={"sort": "due_date"}).json()
    assert [row["line_no"] for row in by_date["lines"]] == [1, 2, 4, 3]
    # The case's work date is 2027-03-01: lines 1 and 2 would have to start before it.
    none = client.get("/api/worksheet", params={"warning": "none", "action": "new"}).json()
    assert [row["line_no"] for row in none["lines"]] == [3, 4]
    attention = client.get("/api/worksheet", params={"warning": "attention"}).json()
    assert [(row["line_no"], row["accepted"]) for row in attention["lines"]] == [
        (1, False),
        (2, False),
    ]
    assert "starting date" in attention["lines"][0]["warning_text"].lower()
    by_warning = client.get("/api/worksheet", params={"sort": "warning"}).json()
    assert [row["line_no"] for row in by_warning["lines"]] == [1, 2, 3, 4]
    cancel = client.get("/api/worksheet", params={"action": "cancel"}).json()
    assert cancel["total"] == 0
    page = client.get("/api/worksheet", params={"limit": 2, "offset": 1}).json()
    assert page["total"] == 4 and [row["line_no"] for row in page["lines"]] == [2, 3]
    assert client.get("/api/worksheet/3").json()["qty"] == "10"
    assert client.get("/api/worksheet/99").status_code == 404


def test_bad_worksheet_queries_name_the_parameter(world: World) -> None:
    client = world.client("viewer")
    for params, field in (
        ({"sort": "colour"}, "sort"),
        ({"order": "up"}, "order"),
        ({"limit": 0}, "limit"),
        ({"action": "explode"}, "action"),
        ({"warning": "panic"}, "warning"),
        ({"accepted": "maybe"}, "accepted"),
    ):
        response = client.get("/api/worksheet", params=params)
        assert response.status_code == 422, params
        body = response.json()
        assert body["field"] == field and f"field '{field}'" in body["detail"]


def test_accept_and_carry_out_a_line_creates_the_order(world: World) -> None:
    planner = world.client("planner")
    assert planner.post("/api/worksheet/accept", json={"all": True, "accept": False}).json() == {
        "count": 4,
        "accepted": False,
    }
    refused = planner.post("/api/worksheet/carry-out", json={"lines": [4]})
    assert refused.status_code == 400 and refused.json()["field"] == "accept"
    assert planner.post("/api/worksheet/accept", json={"lines": [4]}).json()["count"] == 1
    done = planner.post("/api/worksheet/carry-out", json={"lines": [4]})
    assert done.status_code == 200
    assert done.json()["carried_out"] == [
        {"line_no": 4, "action": "new", "order": "PO-00001", "order_type": "purchase"}
    ]
    orders = planner.get("/api/orders", params={"type": "purchase"}).json()
    assert [(o["id"], o["item"], o["qty"], o["due_date"]) for o in orders] == [
        ("PO-00001", "POWDER-W", "12", "2027-03-04")
    ]
    assert planner.get("/api/worksheet").json()["total"] == 3
    again = planner.post("/api/worksheet/carry-out", json={"lines": [4]})
    assert again.status_code == 409
    assert "another planner carried it out" in again.json()["detail"]


def test_bad_accept_and_carry_out_requests(world: World) -> None:
    planner = world.client("planner")
    for body, field in (
        ({}, "lines"),
        ({"lines": [1], "all": True}, "lines"),
        ({"lines": []}, "lines"),
        ({"lines": ["one"]}, "lines.0"),
        ({"lines": [1], "colour": "red"}, "colour"),
    ):
        response = planner.post("/api/worksheet/accept", json=body)
        assert response.status_code in (400, 422), body
        assert response.json()["field"] == field, body
    unknown = planner.post("/api/worksheet/accept", json={"lines": [1, 77]})
    assert unknown.status_code == 400 and "no worksheet line 77" in unknown.json()["detail"]
    assert planner.get("/api/worksheet", params={"accepted": True}).json()["total"] == 2
    empty = planner.post("/api/worksheet/carry-out", json={"lines": []})
    assert empty.status_code == 400 and empty.json()["field"] == "lines"
    not_json = planner.post(
        "/api/worksheet/carry-out", content=b"lines=1", headers={"Content-Type": "text/plain"}
    )
    assert not_json.status_code == 422


def test_two_planners_carrying_out_at_once_get_one_order_and_one_conflict(world: World) -> None:
    first, second = world.client("planner"), world.client("planner")
    first.post("/api/worksheet/accept", json={"all": True})
    answers: list[int] = []
    gate = threading.Barrier(2)

    def carry(client: TestClient) -> None:
        gate.wait()
        done = client.post("/api/worksheet/carry-out", json={"lines": [1, 2, 3, 4]})
        answers.append(done.status_code)

    threads = [threading.Thread(target=carry, args=(c,)) for c in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(answers) == [200, 409]
    orders = first.get("/api/orders", params={"type": "purchase"}).json()
    assert sorted((o["item"], o["qty"]) for o in orders) == [
        ("POWDER-B", "10"),
        ("POWDER-B", "4"),
        ("POWDER-B", "8"),
        ("POWDER-W", "12"),
    ]
    assert first.get("/api/worksheet").json()["total"] == 0


# --- plan runs ---------------------------------------------------------------------------


def _finished(client: TestClient, job: int, seconds: float = 10.0) -> Json:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        state: Json = client.get(f"/api/plans/{job}").json()
        if state["state"] in ("done", "failed"):
            return state
        time.sleep(0.02)
    raise AssertionError("the plan job did not finish")


def test_a_plan_runs_in_the_background_and_reports_progress(world: World) -> None:
    planner = world.client("planner")
    started = planner.post("/api/plans", json={"start": "2027-03-01", "end": "2027-05-31"})
    assert started.status_code == 202
    job = started.json()
    assert job["state"] in ("queued", "running", "done") and job["user"] == "planner-user"
    state = _finished(planner, job["id"])
    assert state["state"] == "done", state
    assert (state["done"], state["total"], state["lines"], state["errors"]) == (5, 5, 4, 0)
    listed = planner.get("/api/plans").json()
    assert listed["jobs"][0]["id"] == job["id"]
    assert listed["runs"][0]["run_id"] == state["run_id"] and listed["runs"][0]["lines"] == 4
    assert planner.get("/api/plans/999").status_code == 404


def test_a_large_world_is_planned_in_a_process_of_its_own(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """From PROCESS_MIN_ITEMS items a job plans in a spawned process: same run, same progress."""
    from taktplan.web import jobs

    spawned: list[str] = []
    in_process = jobs.run_plan_in_process

    def recorded(url: str, options: Any, progress: Any) -> tuple[int, int, int]:
        spawned.append(url)
        return in_process(url, options, progress)

    monkeypatch.setattr(jobs, "PROCESS_MIN_ITEMS", 1)
    monkeypatch.setattr(jobs, "run_plan_in_process", recorded)
    planner = world.client("planner")
    job = planner.post("/api/plans", json={"start": "2027-03-01", "end": "2027-05-31"}).json()
    state = _finished(planner, job["id"], seconds=120)  # a new interpreter starts first
    assert state["state"] == "done", state
    assert spawned == [world.url]
    assert (state["done"], state["total"], state["lines"], state["errors"]) == (5, 5, 4, 0)
    assert planner.get("/api/worksheet").json()["total"] == 4


def test_a_planning_process_that_fails_says_why() -> None:
    from taktplan.planning import PlanningOptions
    from taktplan.web.jobs import run_plan_in_process

    options = PlanningOptions(start=0, end=90, work_date=0)
    with pytest.raises(RuntimeError, match=r"the planning process failed[\s\S]*unable to open"):
        run_plan_in_process("sqlite:////no/such/folder/plan.db", options, lambda *_: None)


def test_one_plan_at_a_time(engine: Engine) -> None:
    world = frame_shop(engine, scheduled=False)
    release = threading.Event()

    def slow(_engine: object, _options: object, progress: Any) -> tuple[int, int, int]:
        progress(1, 3)
        release.wait(10)
        return 7, 0, 0

    from taktplan.web import create_app

    client = TestClient(create_app(world.url, migrate=False, plan_runner=slow))
    client.headers["Authorization"] = f"Bearer {world.tokens['planner']}"
    first = client.post("/api/plans", json={}).json()
    time.sleep(0.05)
    assert client.get(f"/api/plans/{first['id']}").json()["done"] == 1
    busy = client.post("/api/plans", json={})
    assert busy.status_code == 409 and "still running" in busy.json()["detail"]
    release.set()
    assert _finished(client, first["id"])["run_id"] == 7


def test_bad_plan_requests_name_the_field(world: World) -> None:
    planner = world.client("planner")
    reversed_dates = planner.post("/api/plans", json={"start": "2027-05-01", "end": "2027-03-01"})
    assert reversed_dates.status_code == 400 and reversed_dates.json()["field"] == "end"
    bad_date = planner.post("/api/plans", json={"start": "2027-02-30"})
    assert bad_date.status_code == 422 and bad_date.json()["field"] == "start"
    extra = planner.post("/api/plans", json={"horizon": 3})
    assert extra.status_code == 422 and extra.json()["field"] == "horizon"


# --- pegging and availability -----------------------------------------------------------------


def test_pegging_of_a_sales_order_goes_down_to_the_powder_line(world: World) -> None:
    client = world.client("viewer")
    tree = client.get("/api/pegging/SO-2").json()
    assert tree["direction"] == "down"
    order = tree["down"][0]["children"][0]
    assert (order["id"], order["qty"]) == ("PRD-2", 20)
    powder = next(c for c in order["children"] if c["item"] == "POWDER-B")
    assert powder["qty"] == 8
    assert [(s["type"], s["qty"], s["line_no"]) for s in powder["children"]] == [
        ("purchase", 4, 1),
        ("inventory", 4, None),
    ]
    missing = client.get("/api/pegging/SO-404")
    assert missing.status_code == 404 and missing.json()["field"] == "document"


def test_item_availability_projects_existing_and_planned_supply(world: World) -> None:
    client = world.client("viewer")
    data = client.get("/api/availability/POWDER-B", params={"location": "MAIN"}).json()
    assert data["on_hand"] == "4"
    rows = [
        (e["date"], e["kind"], e["document"], e["qty"], e["existing_balance"], e["planned_balance"])
        for e in data["events"]
    ]
    assert rows == [
        ("2027-03-02", "suggestion", "line 1", "4", "4", "8"),
        ("2027-03-02", "demand", "PRD-2", "8", "-4", "0"),
        ("2027-03-03", "suggestion", "line 2", "8", "-4", "8"),
        ("2027-03-03", "demand", "PRD-4", "8", "-12", "0"),
        ("2027-03-05", "suggestion", "line 3", "10", "-12", "10"),
        ("2027-03-05", "demand", "PRD-6", "10", "-22", "0"),
    ]
    window = client.get(
        "/api/availability/POWDER-B", params={"location": "MAIN", "from": "2027-03-03"}
    ).json()
    assert window["events"][0]["date"] == "2027-03-03"
    assert client.get("/api/availability/NOPE").status_code == 404
    bad = client.get("/api/availability/POWDER-B", params={"location": "MARS"})
    assert bad.status_code == 400 and bad.json()["field"] == "location"


# --- master data and orders ----------------------------------------------------------------------


def test_master_data_and_documents(world: World) -> None:
    client = world.client("viewer")
    items = client.get("/api/items").json()
    assert items["total"] == 5
    assert {i["no"]: i["routing"] for i in items["items"]}["FRAME-W"] is True
    assert client.get("/api/items", params={"search": "powder"}).json()["total"] == 2
    frame = client.get("/api/items/FRAME-W").json()
    assert frame["parameters"]["replenishment"] == "production"
    assert [(row["component"], row["qty_per"]) for row in frame["bom"]] == [
        ("TUBE", "3"),
        ("POWDER-W", "0.4"),
    ]
    assert [op["resource"] for op in frame["routing"]["operations"]] == ["LASER", "WELD", "PAINT"]
    assert client.get("/api/items/TUBE").json()["used_in"] == ["FRAME-B", "FRAME-W"]
    assert client.get("/api/items/NOPE").status_code == 404
    assert client.get("/api/boms/FRAME-B").json()["lines"][1]["component"] == "POWDER-B"
    assert client.get("/api/boms/NOPE").status_code == 404
    assert isinstance(client.get("/api/skus", params={"item": "FRAME-W"}).json(), list)
    assert [r["item"] for r in client.get("/api/routings").json()] == ["FRAME-W", "FRAME-B"]
    assert client.get("/api/routings/TUBE").status_code == 404
    assert client.get("/api/routings/FRAME-B").json()["operations"][0]["alternatives"] == ["SAW"]
    shop = client.get("/api/work-centers").json()
    assert [c["code"] for c in shop["work_centers"]] == ["CUT", "WELD", "PAINT"]
    assert [(c["code"], c["work_center"]) for c in shop["machine_centers"]] == [
        ("LASER", "CUT"),
        ("SAW", "CUT"),
    ]
    day = next(c for c in shop["calendars"] if c["code"] == "DAY")
    assert day["shifts"]["mon"] == ["07:00-11:30", "12:00-15:30"] and day["shifts"]["sat"] == []
    production = client.get("/api/orders", params={"type": "production", "item": "FRAME-B"}).json()
    assert [(o["id"], o["qty"], o["status"]) for o in production] == [
        ("PRD-2", "20", "firm-planned"),
        ("PRD-4", "20", "firm-planned"),
        ("PRD-6", "25", "firm-planned"),
    ]
    sales = client.get("/api/sales-orders", params={"item": "FRAME-W"}).json()
    assert [(s["id"], s["qty"], s["date"]) for s in sales] == [
        ("SO-1", "25", "2027-03-02"),
        ("SO-3", "25", "2027-03-03"),
        ("SO-5", "30", "2027-03-04"),
    ]
    assert client.get("/api/forecasts").json() == []
    assert len(client.get("/api/demand", params={"type": "sales"}).json()) == 6
    stock = client.get("/api/inventory", params={"location": "MAIN"}).json()
    assert [(s["item"], s["qty"]) for s in stock] == [
        ("TUBE", "500"),
        ("POWDER-W", "20"),
        ("POWDER-B", "4"),
    ]
    bad = client.get("/api/orders", params={"type": "gift"})
    assert bad.status_code == 422 and bad.json()["field"] == "type"


def test_a_planner_enters_a_sales_order_with_available_to_promise(world: World) -> None:
    planner = world.client("planner")
    line = {"document": "SO-9", "item": "TUBE", "qty": 40, "date": "2027-03-10", "location": "MAIN"}
    entered = planner.post("/api/sales-orders", json=line)
    assert entered.status_code == 201
    body = entered.json()
    # 500 tubes less 3 a frame for the 145 frames on order leaves 65 on 2027-03-10.
    assert (body["covered"], body["available"], body["earliest"]) == (True, "65", "2027-03-10")
    assert "TUBE at MAIN" in body["flagged"]
    for bad, field, status in (
        ({**line, "qty": 0}, "qty", 422),
        ({**line, "qty": "lots"}, "qty", 422),
        ({**line, "date": "2027-13-01"}, "date", 422),
        ({**line, "item": "NOPE"}, "item", 400),
        ({**line, "location": "MARS"}, "location", 400),
        ({k: v for k, v in line.items() if k != "document"}, "document", 422),
    ):
        response = planner.post("/api/sales-orders", json=bad)
        assert (response.status_code, response.json()["field"]) == (status, field), bad
    assert len(planner.get("/api/sales-orders", params={"item": "TUBE"}).json()) == 1


def test_a_planner_releases_a_production_order(world: World) -> None:
    planner = world.client("planner")
    done = planner.post("/api/production-orders/PRD-1/status", json={"status": "released"})
    assert done.status_code == 200 and (done.json()["old"], done.json()["new"]) == (
        "firm-planned",
        "released",
    )
    back = planner.post("/api/production-orders/PRD-1/status", json={"status": "firm-planned"})
    assert back.status_code == 400 and back.json()["field"] == "status"
    bad = planner.post("/api/production-orders/PRD-2/status", json={"status": "finished"})
    assert bad.status_code == 422 and bad.json()["field"] == "status"


def test_an_admin_changes_planning_fields_in_one_transaction(world: World) -> None:
    admin = world.client("admin")
    changed = admin.patch("/api/items/POWDER-B", json={"safety_stock": 5, "lead_time": "1W"})
    assert changed.status_code == 200
    assert changed.json()["parameters"]["safety_stock"] == "5"
    assert changed.json()["parameters"]["lead_time"] == "1W"
    assert changed.json()["flagged"] == ["POWDER-B at MAIN"]
    for body, field in (
        ({"lead_time": "soon"}, "lead_time"),
        ({"safety_stock": -1}, "safety_stock"),
        ({"reordering_policy": "whenever"}, "reordering_policy"),
        ({"colour": "red"}, "colour"),
    ):
        response = admin.patch("/api/items/POWDER-B", json={"reorder_point": 9, **body})
        assert response.status_code == 422 and response.json()["field"] == field, body
    nothing = admin.patch("/api/items/POWDER-B", json={})
    assert nothing.status_code == 400
    assert admin.get("/api/items/POWDER-B").json()["parameters"]["reorder_point"] == "0"
    assert admin.patch("/api/items/NOPE", json={"safety_stock": 1}).status_code == 404


# --- schedule, capacity, costs -----------------------------------------------------------------


def _ops(client: TestClient) -> dict[tuple[str, str], Json]:
    data = client.get("/api/schedule").json()
    return {(o["order"], op["operation"]): op for o in data["orders"] for op in o["operations"]}


def test_the_schedule_as_the_gantt_chart_reads_it(world: World) -> None:
    client = world.client("viewer")
    data = client.get("/api/schedule").json()
    assert data["method"] == "sequence" and data["late"] == [] and data["problems"] == []
    assert data["origin"]["date"] == "2027-03-01" and data["days"] == 5
    assert [r["code"] for r in data["resources"]] == ["CUT", "LASER", "SAW", "PAINT", "WELD"]
    ops = _ops(client)
    assert (ops[("PRD-1", "20")]["start"], ops[("PRD-1", "20")]["end"]) == (
        "2027-03-01T09:30",
        "2027-03-01T14:15",
    )
    paint = ops[("PRD-2", "30")]
    assert paint["material_ready"] == "2027-03-02T00:00" and not paint["material_short"]
    assert len(paint["changeover"]) == 1  # light -> dark: 20 minutes before it
    start, end = paint["changeover"][0]
    assert end - start == 20
    assert data["changeover_minutes"] == 100
    narrow = client.get("/api/schedule", params={"from": "2027-03-02", "to": "2027-03-03"}).json()
    assert narrow["days"] == 2
    bad = client.get("/api/schedule", params={"from": "2027-03-03", "to": "2027-03-02"})
    assert bad.status_code == 400 and bad.json()["field"] == "to"


def test_moving_an_operation_to_a_free_slot_is_saved(world: World) -> None:
    planner = world.client("planner")
    version = planner.get("/api/schedule").json()["version"]
    moved = planner.post(
        "/api/schedule/moves",
        json={"order": "PRD-5", "step": 2, "start": "2027-03-05T12:00", "version": version},
    )
    assert moved.status_code == 200, moved.text
    assert (moved.json()["start"], moved.json()["end"]) == ("2027-03-05T12:00", "2027-03-05T13:40")
    # PRD-5 now ends a day after its ending date 2027-03-04: a Reschedule line says so.
    assert moved.json()["late"]["new_due"] == "2027-03-05"
    assert _reschedule_lines(planner) == [("PRD-5", "2027-03-05", "2027-03-04")]
    lines = planner.get("/api/worksheet", params={"action": "reschedule"}).json()["lines"]
    explanation = lines[0]["explanation"]
    assert explanation[0].startswith("manual schedule: 30 FRAME-W end 2027-03-05 13:40")
    assert explanation[-1] == "late because of it: sales SO-5 (2027-03-04)"
    ops = _ops(planner)
    assert ops[("PRD-5", "30")]["start"] == "2027-03-05T12:00"
    # Dark PRD-6 now runs before light PRD-5: 60 minutes of changeover right before it.
    (start, end) = ops[("PRD-5", "30")]["changeover"][0]
    assert end - start == 60
    assert ops[("PRD-6", "30")]["changeover"] == []
    # Another center that can run it: PRD-6's cutting from the laser to the saw (70 %
    # efficiency: 120 minutes take 172), after PRD-3 there; 11:30-12:00 is the break.
    saw = planner.post(
        "/api/schedule/moves",
        json={"order": "PRD-6", "step": 0, "start": "2027-03-01T09:52", "resource": "SAW"},
    )
    assert saw.status_code == 200, saw.text
    assert saw.json()["resource"] == "SAW" and saw.json()["end"] == "2027-03-01T13:14"
    assert _ops(planner)[("PRD-6", "10")]["resource"] == "SAW"
    # A start in the lunch break moves to the first working minute after it.
    lunch = planner.post(
        "/api/schedule/moves", json={"order": "PRD-6", "step": 0, "start": "2027-03-01T11:40"}
    )
    assert lunch.status_code == 200 and lunch.json()["start"] == "2027-03-01T12:00"
    stale = planner.post(
        "/api/schedule/moves",
        json={"order": "PRD-5", "step": 2, "start": "2027-03-05T14:00", "version": "1:2020"},
    )
    assert stale.status_code == 409 and stale.json()["field"] == "version"


def test_moving_a_late_order_back_in_time_removes_its_reschedule_line(world: World) -> None:
    planner = world.client("planner")
    start = _ops(planner)[("PRD-5", "30")]["start"]
    assert start == "2027-03-04T06:00" and _reschedule_lines(planner) == []
    late = {"order": "PRD-5", "step": 2, "start": "2027-03-05T12:00"}
    assert planner.post("/api/schedule/moves", json=late).status_code == 200
    assert _reschedule_lines(planner) == [("PRD-5", "2027-03-05", "2027-03-04")]
    back = planner.post("/api/schedule/moves", json={**late, "start": start})
    assert back.status_code == 200 and back.json()["late"] is None
    assert _reschedule_lines(planner) == []


def _reschedule_lines(client: TestClient) -> list[tuple[str, str, str]]:
    lines = client.get("/api/worksheet", params={"action": "reschedule"}).json()["lines"]
    return [(line["ref"], line["due_date"], line["original_due_date"]) for line in lines]


def test_moving_an_operation_to_an_invalid_slot_is_refused_with_the_reason(world: World) -> None:
    planner = world.client("planner")
    before = _ops(planner)
    early = planner.post(
        "/api/schedule/moves", json={"order": "PRD-1", "step": 1, "start": "2027-03-01T07:30"}
    )
    assert early.status_code == 400
    body = early.json()
    assert body["field"] == "start"
    assert (
        "before the previous operation ends plus wait and move (2027-03-01 09:30)"
        in (body["detail"])
    )
    overlap = planner.post(
        "/api/schedule/moves", json={"order": "PRD-4", "step": 1, "start": "2027-03-02T12:00"}
    )
    assert overlap.status_code == 400 and "overlaps order" in overlap.json()["detail"]
    material = planner.post(
        "/api/schedule/moves", json={"order": "PRD-6", "step": 2, "start": "2027-03-04T15:00"}
    )
    assert material.status_code == 400
    assert "(schedule start or material)" in material.json()["detail"]
    wrong_center = planner.post(
        "/api/schedule/moves",
        json={"order": "PRD-1", "step": 1, "start": "2027-03-02T07:00", "resource": "PAINT"},
    )
    assert wrong_center.status_code == 400 and wrong_center.json()["field"] == "resource"
    assert "cannot run on PAINT" in wrong_center.json()["detail"]
    assert _ops(planner) == before
    for body, field, status in (
        ({"order": "PRD-9", "step": 0, "start": "2027-03-02T07:00"}, "order", 404),
        ({"order": "PRD-1", "step": 5, "start": "2027-03-02T07:00"}, "step", 404),
        ({"order": "PRD-1", "step": -1, "start": "2027-03-02T07:00"}, "step", 422),
        ({"order": "PRD-1", "step": 0, "start": "tomorrow"}, "start", 400),
        ({"order": "PRD-1", "step": 0, "start": "2027-03-02T25:00"}, "start", 400),
        (
            {"order": "PRD-1", "step": 0, "start": "2027-03-02T07:00", "resource": "X"},
            "resource",
            400,
        ),
        ({"order": "PRD-1", "step": 0}, "start", 422),
    ):
        response = planner.post("/api/schedule/moves", json=body)
        assert (response.status_code, response.json()["field"]) == (status, field), body


def test_running_the_scheduler_replaces_the_stored_schedule(world: World) -> None:
    planner = world.client("planner")
    old = planner.get("/api/schedule").json()["version"]
    ran = planner.post(
        "/api/schedule", json={"method": "optimise", "time_limit": 2, "start": "2027-03-01"}
    )
    assert ran.status_code == 200, ran.text
    assert ran.json()["orders"] == 6 and ran.json()["late"] == []
    data = planner.get("/api/schedule").json()
    assert data["version"] != old and data["method"] == "optimise" and data["problems"] == []
    for body, field in (
        ({"method": "magic"}, "method"),
        ({"time_limit": 0}, "time_limit"),
        ({"time_limit": 3600}, "time_limit"),
    ):
        response = planner.post("/api/schedule", json=body)
        assert response.status_code == 422 and response.json()["field"] == field


def test_capacity_load_per_day_and_week(world: World) -> None:
    client = world.client("viewer")
    days = client.get("/api/capacity-load", params={"center": "WELD"}).json()
    assert days["source"] == "stored schedule"
    assert [(r["period"], r["load_minutes"], r["available_minutes"]) for r in days["rows"]] == [
        ("2027-03-01", 330, 480),
        ("2027-03-02", 480, 480),
        ("2027-03-03", 480, 480),
        ("2027-03-04", 195, 480),
        ("2027-03-05", 0, 480),
    ]
    week = client.get("/api/capacity-load", params={"center": "WELD", "bucket": "week"}).json()
    assert [(r["load_minutes"], r["available_minutes"], r["used_pct"]) for r in week["rows"]] == [
        (1485, 2400, "61.9")
    ]
    # CUT's row includes its machine centers. Monday: LASER cuts PRD-1, 2, 4 and 5 (120 +
    # 100 + 100 + 140) and the first 20 of PRD-6's 120 minutes, SAW cuts PRD-3 at 70 %
    # (29 setup + 143 run): 480 + 172 = 652 of 3 x 480 (CUT's own unit, LASER, SAW).
    cut = client.get("/api/capacity-load", params={"center": "CUT"}).json()["rows"][0]
    assert (cut["period"], cut["load_minutes"], cut["available_minutes"]) == (
        "2027-03-01",
        652,
        1440,
    )
    assert (cut["used_pct"], cut["machine_centers"]) == ("45.3", ["LASER", "SAW"])
    bad = client.get("/api/capacity-load", params={"center": "OVEN"})
    assert bad.status_code == 400 and bad.json()["field"] == "center"
    assert client.get("/api/capacity-load", params={"bucket": "year"}).status_code == 422


def test_cost_estimates(world: World) -> None:
    client = world.client("viewer")
    order = client.get("/api/costs/orders/PRD-1").json()
    # 25 frames: 75 tubes at 4.20 and 10 kg powder at 9.50 = 410.
    assert order["single_level"]["material"] == 410
    assert order["single_level"]["total"] == 840.96
    line = client.get("/api/costs/worksheet/4").json()
    assert line["qty"] == 12 and line["rolled_up"]["total"] == 114  # 12 kg at 9.50
    items = client.get("/api/costs/items", params={"item": "FRAME-W"}).json()["items"]
    assert [(r["item"], r["new_standard_cost"]) for r in items] == [("FRAME-W", 87.95833)]
    plan = client.get("/api/costs/plan", params={"period": "month"}).json()
    assert plan["period"] == "month" and plan["periods"][0]["purchase"] == 323
    assert client.get("/api/costs/orders/PO-404").status_code == 404
    assert client.get("/api/costs/worksheet/99").status_code == 404
    assert client.get("/api/costs/items", params={"item": "NOPE"}).status_code == 404
    assert client.get("/api/costs/plan", params={"period": "decade"}).status_code == 422
