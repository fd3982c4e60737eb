"""The UI in a real headless Chromium (Debian's ``chromium``, driven by Playwright).

Two servers on 127.0.0.1: the demo company (planning worksheet) and the
frame shop (Gantt chart, capacity load, item availability), each a
``takt serve`` app on a SQLite file in a thread. Screenshots go to
tests/artifacts/ (not committed). CI installs chromium (.ci/run); without it
these tests fail rather than skip.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, expect, sync_playwright
from sqlalchemy.orm import Session

from taktplan.demo.company import build_demo_company
from taktplan.planning import plan
from taktplan.storage import make_engine, save_plan, save_snapshot, upgrade
from taktplan.storage.users import Role, add_user
from taktplan.web import create_app
from tests.conftest import ROOT
from tests.web.world import PASSWORD, frame_shop

ARTIFACTS = ROOT / "tests" / "artifacts"


def chromium() -> str:
    found = os.environ.get("TAKTPLAN_CHROMIUM") or shutil.which("chromium")
    if found is None:
        pytest.fail(
            "no chromium: install Debian's chromium (apt-get install chromium; see .ci/run)"
        )
    return found


class Server:
    def __init__(self, url: str) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        config = uvicorn.Config(
            create_app(url), host="127.0.0.1", port=self.port, log_level="warning"
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        for _ in range(200):
            if self.server.started:
                break
            time.sleep(0.02)
        self.base = f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        found = playwright.chromium.launch(
            executable_path=chromium(), args=["--no-sandbox", "--disable-gpu"]
        )
        yield found
        found.close()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}"
    upgrade(url)
    snapshot, options = build_demo_company(7)
    engine = make_engine(url)
    with Session(engine) as session:
        save_snapshot(session, snapshot)
        save_plan(session, plan(snapshot, options), options, planned_from=snapshot)
        add_user(session, "planner", Role.PLANNER, PASSWORD)
    engine.dispose()
    server = Server(url)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    url = f"sqlite:///{tmp_path_factory.mktemp('shop') / 'shop.db'}"
    upgrade(url)
    engine = make_engine(url)
    frame_shop(engine)
    engine.dispose()
    server = Server(url)
    yield server
    server.stop()


def _login(browser: Browser, server: Server, user: str, hash_: str = "") -> Page:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(f"{server.base}/{hash_}")
    page.fill("input[name=name]", user)
    page.fill("input[name=password]", PASSWORD)
    page.click("#login-form button[type=submit]")
    expect(page.locator("#who")).to_contain_text(user)
    return page


def _api(page: Page, path: str) -> Any:
    """The API as the logged-in page sees it (its session cookie)."""
    return page.evaluate("async (path) => (await fetch(path)).json()", path)


def test_demo_run_a_plan_accept_and_carry_out_a_line(browser: Browser, demo: Server) -> None:
    page = _login(browser, demo, "planner")
    rows = page.locator("#ws-table tbody tr[data-line]")
    expect(rows.first).to_be_visible(timeout=30_000)  # about 1,700 demo lines to draw
    total = _api(page, "/api/worksheet?limit=1")["total"]
    expect(page.locator("#ws-count")).to_contain_text(f"{total} lines")
    page.click("#run-plan")
    expect(page.locator("#plan-progress")).to_contain_text("done", timeout=30_000)
    runs = _api(page, "/api/plans")["runs"]
    assert len(runs) == 2 and runs[0]["lines"] == total
    # One New purchase line without a warning: un-accept everything, accept it, carry it out.
    page.select_option("#ws-action", "new")
    page.select_option("#ws-warning", "none")
    expect(page.locator("#ws-count")).not_to_contain_text(f"{total} lines")
    page.screenshot(path=str(ARTIFACTS / "worksheet.png"))
    page.evaluate(
        "async () => fetch('/api/worksheet/accept', {method: 'POST', headers: "
        "{'Content-Type': 'application/json'}, body: JSON.stringify({all: true, accept: false})})"
    )
    page.select_option("#ws-sort", "line_no")
    expect(page.locator("#ws-count")).to_contain_text(" 0 accepted")
    shown = _api(page, "/api/worksheet?action=new&warning=none&sort=line_no")["lines"]
    line = next(row for row in shown if row["replenishment"] == "purchase")
    line_no = line["line_no"]
    page.locator(f"#ws-table tr[data-line='{line_no}'] input[type=checkbox]").check()
    expect(page.locator("#ws-count")).to_contain_text("1 accepted")
    page.click("#carry-out")
    expect(page.locator("#ws-message")).to_contain_text("Carried out 1 lines: purchase PO-")
    order = (page.locator("#ws-message").text_content() or "").rsplit(" ", 1)[-1]
    found = _api(page, f"/api/orders?item={line['item']}&type=purchase")
    assert [(o["qty"], o["due_date"]) for o in found if o["id"] == order] == [
        (line["qty"], line["due_date"])
    ]
    expect(page.locator(f"#ws-table tr[data-line='{line_no}']")).to_have_count(0)
    page.screenshot(path=str(ARTIFACTS / "worksheet-carried-out.png"))
    page.close()


def _bar(page: Page, order: str, operation: str) -> Any:
    return page.locator(
        f"#gantt-svg g.op[data-order='{order}'][data-operation='{operation}'] rect.bar"
    )


def _drag(page: Page, order: str, operation: str, dx: float, dy: float = 0) -> None:
    box = _bar(page, order, operation).bounding_box()
    assert box is not None
    x, y = box["x"] + min(10, box["width"] / 2), box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + dx / 2, y + dy / 2, steps=4)
    page.mouse.move(x + dx, y + dy, steps=4)
    page.mouse.up()


def test_gantt_drag_to_a_valid_slot_is_saved_and_to_an_invalid_one_refused(
    browser: Browser, shop: Server
) -> None:
    page = _login(browser, shop, "planner-user", "#gantt")
    expect(page.locator("#gantt-svg g.op")).to_have_count(18)
    page.select_option("#gantt-zoom", "week")  # 0.16 px a minute: the whole week in view
    expect(page.locator("#gantt-status")).to_contain_text("6 orders, 0 late, changeovers 100 min")
    expect(page.locator("#gantt-svg .changeover")).to_have_count(3)
    page.screenshot(path=str(ARTIFACTS / "gantt.png"))
    # PRD-5's painting from Thursday 06:00 to Friday 12:00: 30 h = 1800 min = 288 px.
    _drag(page, "PRD-5", "30", 288)
    expect(page.locator("#gantt-message")).to_contain_text(
        "Moved PRD-5 operation 30 to PAINT 2027-03-05 12:00-13:40; saved"
    )
    schedule = _api(page, "/api/schedule")
    moved = next(o for o in schedule["orders"] if o["order"] == "PRD-5")["operations"][2]
    assert (moved["start"], moved["end"]) == ("2027-03-05T12:00", "2027-03-05T13:40")
    expect(_bar(page, "PRD-5", "30").locator("..")).to_have_attribute(
        "data-start", "2027-03-05T12:00"
    )
    # PRD-1's welding two hours earlier, before its cutting ends: refused with the reason.
    _drag(page, "PRD-1", "20", -19.2)
    expect(page.locator("#gantt-message")).to_contain_text("Move refused")
    expect(page.locator("#gantt-message")).to_contain_text(
        "before the previous operation ends plus wait and move (2027-03-01 09:30)"
    )
    again = _api(page, "/api/schedule")
    weld = next(o for o in again["orders"] if o["order"] == "PRD-1")["operations"][1]
    assert weld["start"] == "2027-03-01T09:30"
    page.screenshot(path=str(ARTIFACTS / "gantt-refused.png"))
    page.close()


def test_capacity_load_and_item_availability_show_the_api_figures(
    browser: Browser, shop: Server
) -> None:
    page = _login(browser, shop, "viewer-user", "#capacity")
    page.wait_for_selector("#cap-center option[value=WELD]", state="attached")
    page.select_option("#cap-center", "WELD")
    expect(page.locator("#cap-table tbody tr")).to_have_count(5)
    rows = _api(page, "/api/capacity-load?center=WELD")["rows"]
    shown = page.locator("#cap-table tbody tr")
    for n, row in enumerate(rows):
        cells = shown.nth(n).locator("td")
        assert cells.nth(1).text_content() == row["period"]
        # hours with one decimal (JavaScript rounds 3.25 up, Python to even: compare values)
        assert abs(float(cells.nth(2).text_content() or "") - row["load_minutes"] / 60) <= 0.05
        assert float(cells.nth(3).text_content() or "") == row["available_minutes"] / 60
    assert page.locator("#cap-svg rect.load").count() == len(rows)
    heights = [
        float(page.locator("#cap-svg rect.load").nth(n).get_attribute("height") or 0)
        for n in range(len(rows))
    ]
    assert heights[1] == heights[2] > heights[0] > heights[3] > heights[4] == 0
    page.screenshot(path=str(ARTIFACTS / "capacity.png"))
    page.goto(f"{shop.base}/#availability?item=POWDER-B&location=MAIN")
    expect(page.locator("#av-table tbody tr")).to_have_count(6)
    data = _api(page, "/api/availability/POWDER-B?location=MAIN")
    table = page.locator("#av-table tbody tr")
    for n, event in enumerate(data["events"]):
        cells = table.nth(n).locator("td")
        assert [cells.nth(k).text_content() for k in (0, 3, 4, 5, 6)] == [
            event["date"],
            event["document"],
            event["qty"],
            event["existing_balance"],
            event["planned_balance"],
        ]
    expect(page.locator("#av-summary")).to_contain_text("on hand 4")
    assert page.locator("#av-svg polyline.planned_balance").count() == 1
    page.screenshot(path=str(ARTIFACTS / "availability.png"))
    page.close()
