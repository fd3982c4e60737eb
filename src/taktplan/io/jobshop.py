"""Job-shop benchmark files to a scheduling model, and a schedule to the benchmark JSON.

Two text formats of the public benchmarks (``#`` starts a comment, blank
lines are skipped):

- ``jsplib`` (OR-Library / JSPLIB / Taillard): a line ``n m``, then one line
  per job with ``m`` pairs ``machine duration`` in routing order, machines
  numbered from 0.
- ``fjsplib`` (Brandimarte / Hurink flexible job shop): a line ``n m [avg]``,
  then one line per job: the number of operations, and per operation the
  number ``k`` of eligible machines followed by ``k`` pairs ``machine
  duration``, machines numbered from 1.

A malformed file raises :class:`~taktplan.errors.InputError` naming the file,
the line and what is wrong there. Jobs and machines are numbered from 0 in
the model and in the JSON schedule.
"""

from __future__ import annotations

from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import Any

from taktplan.errors import InputError
from taktplan.scheduling.model import Job, Mode, Operation, Resource, SchedulingModel
from taktplan.scheduling.result import SolveResult


class InstanceFormat(StrEnum):
    JSPLIB = "jsplib"
    FJSPLIB = "fjsplib"


class _Line:
    """The integers of one line, read left to right, with errors naming the line."""

    def __init__(self, number: int, text: str, source: str) -> None:
        self.number = number
        self.tokens = text.split()
        self.pos = 0
        self.source = source

    def error(self, message: str, field: str = "") -> InputError:
        return InputError(message, record=f"line {self.number}", field=field, source=self.source)

    def next_int(self, field: str, minimum: int = 0) -> int:
        if self.pos >= len(self.tokens):
            raise self.error(f"line ends early: {field} missing", field)
        token = self.tokens[self.pos]
        self.pos += 1
        try:
            value = int(token)
        except ValueError:
            raise self.error(f"{token!r} is not a whole number", field) from None
        if value < minimum:
            raise self.error(f"{value} is below {minimum}", field)
        return value

    def finish(self) -> None:
        if self.pos < len(self.tokens):
            extra = " ".join(self.tokens[self.pos :])
            raise self.error(f"unexpected values at the end of the line: {extra}")


def _lines(text: str, source: str) -> Iterator[_Line]:
    for number, raw in enumerate(text.splitlines(), start=1):
        content = raw.split("#", 1)[0]
        if content.strip():
            yield _Line(number, content, source)


def _header(lines: Iterator[_Line], source: str) -> tuple[int, int]:
    first = next(lines, None)
    if first is None:
        raise InputError("the file is empty: expected a line 'jobs machines'", source=source)
    jobs = first.next_int("number of jobs", minimum=1)
    machines = first.next_int("number of machines", minimum=1)
    return jobs, machines


def _job_line(lines: Iterator[_Line], j: int, source: str, last_line: int) -> _Line:
    line = next(lines, None)
    if line is None:
        raise InputError(
            f"the file ends after line {last_line}: job {j} missing",
            record=f"job {j}",
            source=source,
        )
    return line


def _no_more(lines: Iterator[_Line], jobs: int) -> None:
    extra = next(lines, None)
    if extra is not None:
        raise extra.error(f"more lines than the {jobs} jobs the first line announces")


def parse_jsplib(text: str, source: str = "") -> SchedulingModel:
    lines = _lines(text, source)
    num_jobs, num_machines = _header(lines, source)
    jobs = []
    last = 1
    for j in range(num_jobs):
        line = _job_line(lines, j, source, last)
        last = line.number
        ops = []
        for k in range(num_machines):
            machine = line.next_int(f"machine of operation {k}")
            if machine >= num_machines:
                raise line.error(
                    f"machine {machine} of operation {k} is not below {num_machines}", "machine"
                )
            duration = line.next_int(f"duration of operation {k}")
            ops.append(Operation((Mode(machine, duration),)))
        line.finish()
        jobs.append(Job(str(j), tuple(ops)))
    _no_more(lines, num_jobs)
    return _model(jobs, num_machines)


def parse_fjsplib(text: str, source: str = "") -> SchedulingModel:
    lines = _lines(text, source)
    first = next(lines, None)
    if first is None:
        raise InputError("the file is empty: expected a line 'jobs machines'", source=source)
    num_jobs = first.next_int("number of jobs", minimum=1)
    num_machines = first.next_int("number of machines", minimum=1)
    jobs = []
    last = first.number
    for j in range(num_jobs):
        line = _job_line(lines, j, source, last)
        last = line.number
        count = line.next_int("number of operations", minimum=1)
        ops = []
        for k in range(count):
            alternatives = line.next_int(f"number of machines of operation {k}", minimum=1)
            modes = []
            for _ in range(alternatives):
                machine = line.next_int(f"machine of operation {k}")
                if not 1 <= machine <= num_machines:
                    raise line.error(
                        f"machine {machine} of operation {k} is not in 1..{num_machines} "
                        "(fjsplib numbers machines from 1)",
                        "machine",
                    )
                modes.append(Mode(machine - 1, line.next_int(f"duration of operation {k}")))
            if len({mode.resource for mode in modes}) < len(modes):
                raise line.error(f"operation {k} lists a machine twice", "machine")
            ops.append(Operation(tuple(modes)))
        line.finish()
        jobs.append(Job(str(j), tuple(ops)))
    _no_more(lines, num_jobs)
    return _model(jobs, num_machines)


def _model(jobs: list[Job], num_machines: int) -> SchedulingModel:
    return SchedulingModel(tuple(jobs), tuple(Resource(str(m)) for m in range(num_machines)))


def read_instance(path: Path, fmt: InstanceFormat) -> SchedulingModel:
    """Read a benchmark file; a missing or unreadable file is an InputError naming it."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read the file: {error}", source=str(path)) from None
    parse = parse_jsplib if fmt is InstanceFormat.JSPLIB else parse_fjsplib
    return parse(text, str(path))


def schedule_document(result: SolveResult) -> dict[str, Any]:
    """The benchmark contract's JSON: status, makespan and the operations, 0-based.

    ``lower_bound`` and ``solver`` are extra keys the contract allows: the best
    proven bound on the makespan and what made the schedule.
    """
    return {
        "status": result.status.value,
        "makespan": result.schedule.makespan,
        "lower_bound": result.bound,
        "solver": result.solver,
        "operations": [
            {"job": o.job, "op": o.op, "machine": o.resource, "start": o.start, "end": o.end}
            for o in result.schedule.operations
        ],
    }
