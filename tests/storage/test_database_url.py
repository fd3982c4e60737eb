"""Which database: --db, else TAKTPLAN_DB, else taktplan.db in the working folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from taktplan.errors import InputError
from taktplan.storage.database import resolve_url


def test_the_command_line_value_wins_over_the_environment(tmp_path: Path) -> None:
    env = {"TAKTPLAN_DB": "sqlite:///from-env.db"}
    url = resolve_url("postgresql+psycopg://u:p@db.local:5433/plans", environ=env, cwd=tmp_path)
    assert url == "postgresql+psycopg://u:p@db.local:5433/plans"


def test_the_environment_is_used_without_a_command_line_value(tmp_path: Path) -> None:
    env = {"TAKTPLAN_DB": "sqlite:////srv/plans.db"}
    assert resolve_url(None, environ=env, cwd=tmp_path) == "sqlite:////srv/plans.db"
    assert resolve_url("", environ=env, cwd=tmp_path) == "sqlite:////srv/plans.db"


def test_the_default_is_taktplan_db_in_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert resolve_url(None, environ={}, cwd=tmp_path) == f"sqlite:///{tmp_path}/taktplan.db"
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TAKTPLAN_DB", raising=False)
    assert resolve_url(None) == f"sqlite:///{tmp_path.resolve()}/taktplan.db"


def test_a_plain_path_is_a_sqlite_file(tmp_path: Path) -> None:
    assert resolve_url("plans/q1.db", environ={}, cwd=tmp_path) == (
        f"sqlite:///{tmp_path}/plans/q1.db"
    )
    assert resolve_url("/var/lib/taktplan.db", environ={}, cwd=tmp_path) == (
        "sqlite:////var/lib/taktplan.db"
    )
    from_env = resolve_url(None, environ={"TAKTPLAN_DB": "other.db"}, cwd=tmp_path)
    assert from_env == f"sqlite:///{tmp_path}/other.db"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgresql://u:p@h/db", "postgresql+psycopg://u:p@h/db"),
        ("postgres://u:p@h:6543/db", "postgresql+psycopg://u:p@h:6543/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:///x.db", "sqlite:///x.db"),
        ("sqlite+pysqlite:////tmp/x.db", "sqlite+pysqlite:////tmp/x.db"),
        ("SQLite:///x.db", "sqlite:///x.db"),
    ],
)
def test_supported_schemes(given: str, expected: str, tmp_path: Path) -> None:
    assert resolve_url(given, environ={}, cwd=tmp_path) == expected


@pytest.mark.parametrize(
    ("cli", "env", "source"),
    [
        ("mysql://planner:s3cret@h/db", {}, "--db"),
        (None, {"TAKTPLAN_DB": "postgresql+psycopg2://planner:s3cret@h/db"}, "TAKTPLAN_DB"),
    ],
)
def test_an_unsupported_scheme_is_an_input_error(
    cli: str | None, env: dict[str, str], source: str, tmp_path: Path
) -> None:
    with pytest.raises(InputError) as caught:
        resolve_url(cli, environ=env, cwd=tmp_path)
    error = caught.value
    assert error.source == source
    assert "unsupported database scheme" in error.message
    assert "postgresql+psycopg://" in error.message  # says what works instead
    assert "s3cret" not in str(error)
