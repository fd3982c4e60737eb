"""Every planning case runs as its own test: the shared public cases and our own.

A case's expected lines are the assertion; ``takt check-cases`` uses the same
comparison. When ``../shared`` is absent (a user's clone), the public cases
skip with that reason; CI always has it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from taktplan.io.case_check import run_case_file
from taktplan.io.case_json import read_raw
from tests.conftest import OWN_CASES, SHARED_CASES


def _files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


def _check(path: Path) -> None:
    outcome = run_case_file(path)
    raw = read_raw(path)
    assert outcome.passed, f"{path.name}: {raw.get('description')}\n{outcome.report()}"


@pytest.mark.parametrize("path", _files(OWN_CASES), ids=lambda p: p.stem)
def test_own_case(path: Path) -> None:
    _check(path)


if SHARED_CASES.is_dir():

    @pytest.mark.parametrize("path", _files(SHARED_CASES), ids=lambda p: p.stem)
    def test_public_case(path: Path) -> None:
        _check(path)

else:

    @pytest.mark.skip(reason=f"shared public cases not found at {SHARED_CASES}")
    def test_public_case() -> None:
        """Placeholder reported as skipped when ../shared is absent."""


def test_own_cases_exist() -> None:
    assert len(_files(OWN_CASES)) >= 25
