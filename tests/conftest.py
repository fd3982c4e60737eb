"""Shared fixtures and paths for the test suite."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OWN_CASES = ROOT / "tests" / "cases"
SHARED_CASES = ROOT.parent / "shared" / "cases" / "public"
