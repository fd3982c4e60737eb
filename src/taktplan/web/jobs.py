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
from dataclasses import dataclass, field, replace
from multiprocessing import get_context
from multiprocessing.connection import Connection

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from taktplan.errors import ConflictError, TaktplanError
from taktplan.planning import PlanningOptions, plan
from taktplan.planning.engine import PARALLEL_MIN_SKUS
from taktplan.planning.options import PlanKind, default_workers
from taktplan.storage import load_assignment, load_snapshot, save_plan
from taktplan.storage.database import make_engine
from taktplan.storage.models import ItemRecord
from taktplan.storage.rows import table_of
from taktplan.storage.runs import utc_now

Progress = Callable[[int, int], None]
PlanRunner = Callable[[Engine, PlanningOptions, Progress], tuple[int, int, int]]
"""Plans the stored world and stores the worksheet; returns (run id, lines, errors)."""

KEEP = 20


PROCESS_MIN_ITEMS = PARALLEL_MIN_SKUS
"""From this many items a plan job runs in a planning process of its own (see below).

The same size from which ``takt plan`` shares a run out to processes: a
smaller world would spend longer starting the process than it saves.
"""


def run_plan(engine: Engine, options: PlanningOptions, progress: Progress) -> tuple[int, int, int]:
    """Plan the stored world and store the worksheet; a large world in a process of its own.

    The server runs threads, and a process with threads must not fork, so a
    large world is planned in a fresh (spawned) process that may fork its
    planning workers, one per CPU (:mod:`taktplan.planning.parallel`): the
    same plan, sooner. A small world is planned in this thread.
    """
    with Session(engine) as session:
        items = session.scalar(select(func.count()).select_from(table_of(ItemRecord))) or 0
    if items >= PROCESS_MIN_ITEMS:
        url = engine.url.render_as_string(hide_password=False)
        return run_plan_in_process(url, replace(options, workers=default_workers()), progress)
    return plan_here(engine, options, progress)


def plan_here(engine: Engine, options: PlanningOptions, progress: Progress) -> tuple[int, int, int]:
    """Plan the stored world in this process and store the worksheet."""
    with Session(engine) as session:
        snapshot = load_snapshot(session)
        assigned = None
        if options.kind is PlanKind.NET_CHANGE:
            assigned = frozenset(row.sku for row in load_assignment(session))
        result = plan(snapshot, options, progress=progress, assigned=assigned)
        run_id = save_plan(session, result, options, planned_from=snapshot)
    return run_id, len(result.lines), len(result.error_log)


def run_plan_in_process(
    url: str, options: PlanningOptions, progress: Progress
) -> tuple[int, int, int]:
    """:func:`plan_here` in a spawned process; its progress and its result come back by pipe."""
    context = get_context("spawn")
    here, there = context.Pipe(duplex=False)
    process = context.Process(target=_planning_process, args=(url, options, there), daemon=True)
    process.start()
    there.close()
    try:
        while True:
            try:
                kind, payload = here.recv()
            except EOFError:
                raise RuntimeError(
                    f"the planning process ended without a result (exit code {process.exitcode})"
                ) from None
            if kind == "progress":
                progress(*payload)
            elif kind == "done":
                return payload  # type: ignore[no-any-return]
            elif kind == "refused":
                raise TaktplanError(payload)
            else:
                raise RuntimeError(f"the planning process failed:\n{payload}")
    finally:
        here.close()
        process.join()


def _planning_process(url: str, options: PlanningOptions, link: Connection) -> None:
    """The body of the planning process: plan, store, report (runs in a fresh interpreter)."""
    engine = make_engine(url)

    def progress(done: int, total: int) -> None:
        link.send(("progress", (done, total)))

    try:
        result = plan_here(engine, options, progress)
        link.send(("done", result))
    except TaktplanError as error:
        link.send(("refused", str(error)))
    except Exception:
        link.send(("failed", traceback.format_exc()))
    finally:
        engine.dispose()
        link.close()


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
