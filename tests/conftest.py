"""Shared fixtures and paths for the test suite."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OWN_CASES = ROOT / "tests" / "cases"
SHARED_CASES = ROOT.parent / "shared" / "cases" / "public"


def plannable_cases() -> list[Path]:
    """Own case files that plan (not the ones that expect an input error)."""
    files = sorted(OWN_CASES.glob("*.json"))
    return [p for p in files if '"error"' not in p.read_text(encoding="utf-8")]
