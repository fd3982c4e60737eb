"""Planning runs in the background: one at a time, with progress the UI can poll.

``POST /api/plans`` starts a job in a thread of its own and answers at once
with its id; ``GET /api/plans/{id}`` says how far it got (SKUs planned of
how many) and, once done, the stored run's id and line count. The plan is
read, made and stored exactly as ``takt plan`` does it (one transaction for
the store: a failed run leaves the previous worksheet as it was). A second
plan while one runs is refused (409).
"""

from __future__ import annotations

import datetime as dt
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from taktplan.errors import ConflictError, TaktplanError
from taktplan.planning import PlanningOptions, plan
from taktplan.planning.options import PlanKind
from taktplan.storage import load_assignment, load_snapshot, save_plan
from taktplan.storage.runs import utc_now

Progress = Callable[[int, int], None]
PlanRunner = Callable[[Engine, PlanningOptions, Progress], tuple[int, int, int]]
"""Plans the stored world and stores the worksheet; returns (run id, lines, errors)."""

KEEP = 20


def run_plan(engine: Engine, options: PlanningOptions, progress: Progress) -> tuple[int, int, int]:
    with Session(engine) as session:
        snapshot = load_snapshot(session)
        assigned = None
        if options.kind is PlanKind.NET_CHANGE:
            assigned = frozenset(row.sku for row in load_assignment(session))
        result = plan(snapshot, options, progress=progress, assigned=assigned)
        run_id = save_plan(session, result, options, planned_from=snapshot)
    return run_id, len(result.lines), len(result.error_log)


@dataclass
class PlanJob:
    id: int
    user: str
    options: PlanningOptions
    state: str = "queued"  # queued, running, done, failed
    done: int = 0
    total: int | None = None
    started: dt.datetime = field(default_factory=utc_now)
    finished: dt.datetime | None = None
    run_id: int | None = None
    lines: int | None = None
    errors: int | None = None
    error: str | None = None


class PlanJobs:
    """The planning jobs of this server process (the last :data:`KEEP` are remembered)."""

    def __init__(self, engine: Engine, runner: PlanRunner | None = None) -> None:
        self.engine = engine
        self.runner = runner or run_plan
        self.lock = threading.Lock()
        self.jobs: dict[int, PlanJob] = {}
        self.next_id = 1

    def start(self, options: PlanningOptions, user: str) -> PlanJob:
        with self.lock:
            busy = [j for j in self.jobs.values() if j.state in ("queued", "running")]
            if busy:
                raise ConflictError(
                    f"plan job {busy[0].id} (started by {busy[0].user}) is still running; "
                    "wait for it to finish",
                    record="plan",
                    field="state",
                )
            job = PlanJob(self.next_id, user, options)
            self.next_id += 1
            self.jobs[job.id] = job
            for old in sorted(self.jobs)[:-KEEP]:
                del self.jobs[old]
        threading.Thread(target=self._run, args=(job,), name=f"plan-{job.id}", daemon=True).start()
        return job

    def get(self, job_id: int) -> PlanJob | None:
        with self.lock:
            return self.jobs.get(job_id)

    def all(self) -> list[PlanJob]:
        with self.lock:
            return [self.jobs[k] for k in sorted(self.jobs, reverse=True)]

    def _run(self, job: PlanJob) -> None:
        def progress(done: int, total: int) -> None:
            job.done, job.total = done, total

        job.state = "running"
        try:
            job.run_id, job.lines, job.errors = self.runner(self.engine, job.options, progress)
            job.state = "done"
        except TaktplanError as error:
            job.error = str(error)
            job.state = "failed"
        except Exception as error:  # a server thread must report, not die silently
            job.error = f"{type(error).__name__}: {error}"
            traceback.print_exc()
            job.state = "failed"
        finally:
            job.finished = utc_now()

    def wait(self, job_id: int, timeout: float = 60.0) -> PlanJob:
        """Block until the job ends (for tests and scripts)."""
        deadline = threading.Event()
        step = 0.02
        waited = 0.0
        while True:
            job = self.get(job_id)
            if job is None or job.state in ("done", "failed") or waited >= timeout:
                assert job is not None
                return job
            deadline.wait(step)
            waited += step
