"""Every plannable case, stored and read back, plans to exactly the same lines.

Cases come from tests/cases and the shared public cases (when ../shared is
there); the ones that expect an input error have no world to store.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from taktplan.io.case_json import read_case, read_raw
from taktplan.planning.engine import plan
from taktplan.storage.snapshots import load_snapshot, save_snapshot
from tests.conftest import OWN_CASES, SHARED_CASES


def _plannable(folder: Path) -> list[Path]:
    files = sorted(folder.glob("*.json")) if folder.is_dir() else []
    return [path for path in files if not (read_raw(path).get("expected") or {}).get("error")]


CASES = _plannable(OWN_CASES) + _plannable(SHARED_CASES)


def test_there_are_cases_to_round_trip() -> None:
    assert len(_plannable(OWN_CASES)) >= 70


@pytest.mark.parametrize("path", CASES, ids=lambda path: f"{path.parent.name}/{path.stem}")
def test_a_stored_case_plans_like_the_case(path: Path, session: Session) -> None:
    case = read_case(path)
    save_snapshot(session, case.snapshot)
    loaded = load_snapshot(session)
    assert loaded == case.snapshot
    expected = plan(case.snapshot, case.options, assigned=case.assigned)
    actual = plan(loaded, case.options, assigned=case.assigned)
    assert actual.lines == expected.lines
    assert actual.pegging == expected.pegging
