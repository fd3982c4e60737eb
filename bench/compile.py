"""Build a mypyc-compiled copy of taktplan's engine: ``python -m bench.compile``.

The source tree stays pure Python (the fallback, and what the tests and
every other command use). This copies ``src/taktplan`` to
``build/compiled/taktplan`` and compiles the typed planning and domain
modules there with mypyc (a C compiler is needed). Put ``build/compiled``
first on ``PYTHONPATH`` to use it::

    PYTHONPATH=build/compiled takt plan --case world.json

The copy records a digest of the sources it was built from; ``is_current``
tells whether it still matches (``bench.mrp --compiled`` rebuilds when not),
so a stale build can never be measured by mistake. The compiled modules give
the same plans: ``PYTHONPATH=build/compiled pytest`` runs the whole suite,
the plan digest guard included, against them.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "src" / "taktplan"
TARGET = ROOT / "build" / "compiled"
STAMP = TARGET / "SOURCE_DIGEST"

# Modules with the engine's hot loops and the domain types they use. The CLI,
# storage and the case reader (pydantic models) stay interpreted.
MODULES = (
    "domain/bom.py",
    "domain/calendar.py",
    "domain/dates.py",
    "domain/documents.py",
    "domain/item.py",
    "domain/snapshot.py",
    "planning/attributes.py",
    "planning/consumption.py",
    "planning/engine.py",
    "planning/levels.py",
    "planning/lines.py",
    "planning/modifiers.py",
    "planning/parameters.py",
    "planning/profile.py",
    "planning/reorder_point.py",
    "planning/result.py",
    "planning/scheduling_dates.py",
    "planning/selection.py",
    "planning/sku_planner.py",
)


def source_digest() -> str:
    """SHA-256 over every Python source of the package (path and bytes)."""
    digest = hashlib.sha256()
    for path in sorted(SOURCE.rglob("*.py")):
        digest.update(str(path.relative_to(SOURCE)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def is_current() -> bool:
    return STAMP.exists() and STAMP.read_text().strip() == source_digest()


def build() -> Path:
    """Copy the package and compile :data:`MODULES` in the copy; the folder for PYTHONPATH."""
    if TARGET.exists():
        shutil.rmtree(TARGET)
    shutil.copytree(SOURCE, TARGET / "taktplan", ignore=shutil.ignore_patterns("__pycache__"))
    mypyc = Path(sys.executable).with_name("mypyc")
    env = {**os.environ, "MYPYPATH": str(TARGET)}
    subprocess.run(
        [str(mypyc), "--explicit-package-bases", *(f"taktplan/{m}" for m in MODULES)],
        cwd=TARGET,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    shutil.rmtree(TARGET / "build", ignore_errors=True)
    STAMP.write_text(source_digest() + "\n")
    return TARGET


def ensure_built() -> Path:
    return TARGET if is_current() else build()


def main() -> int:
    folder = build()
    sys.stdout.write(f"compiled {len(MODULES)} modules; use PYTHONPATH={folder}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
