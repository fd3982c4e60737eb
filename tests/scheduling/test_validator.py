"""The validator accepts a valid schedule and names every broken rule."""

from __future__ import annotations

from dataclasses import replace

import pytest

from taktplan.errors import InputError
from taktplan.scheduling.model import Job, Resource, Schedule, ScheduledOperation, SchedulingModel
from taktplan.scheduling.validator import InvalidScheduleError, check, violations
from tests.scheduling.conftest import op, two_machine_model

# A valid schedule of two_machine_model(): C on M0 [0,3) (setup 1 + 2), A on M0 [3,6)
# then M1 [6,8), B on M1 [1,5).
VALID = (
    ScheduledOperation(0, 0, 0, 3, 6),
    ScheduledOperation(0, 1, 1, 6, 8),
    ScheduledOperation(1, 0, 1, 1, 5),
    ScheduledOperation(2, 0, 0, 0, 3),
)


def broken(index: int, **changes: int) -> Schedule:
    ops = list(VALID)
    ops[index] = replace(ops[index], **changes)
    return Schedule.of(ops)


def test_valid_schedule_has_no_violations() -> None:
    model = two_machine_model()
    schedule = Schedule.of(list(VALID))
    assert violations(model, schedule) == []
    assert check(model, schedule) is schedule
    assert schedule.makespan == 8


@pytest.mark.parametrize(
    ("schedule", "expected"),
    [
        (broken(2, start=5, end=9), "job B operation 0 [5, 9) overlaps job A operation 1 [6, 8)"),
        (broken(1, start=5, end=7), "job A operation 1 starts at 5, before operation 0 ends at 6"),
        (broken(0, resource=1), "job A operation 0 is on resource 1, allowed [0]"),
        (broken(2, end=4), "job B operation 0 lasts 3 ([1, 4)), setup plus processing time"),
        (broken(2, start=0, end=4), "job B operation 0 starts at 0, before its release 1"),
        (broken(3, start=3, end=5), "job C operation 0 lasts 2"),
        (Schedule.of(list(VALID[:3])), "job C operation 0 is not scheduled"),
        (Schedule.of([*VALID, VALID[3]]), "job C operation 0 is scheduled more than once"),
        (Schedule.of([*VALID, ScheduledOperation(0, 2, 0, 9, 10)]), "operation 2 is not in"),
    ],
    ids=[
        "overlap",
        "precedence",
        "wrong-machine",
        "wrong-duration",
        "release",
        "setup-left-out",
        "missing",
        "twice",
        "unknown",
    ],
)
def test_broken_schedule_is_rejected_with_a_clear_message(
    schedule: Schedule, expected: str
) -> None:
    model = two_machine_model()
    problems = violations(model, schedule)
    assert any(expected in p for p in problems), problems
    with pytest.raises(InvalidScheduleError) as caught:
        check(model, schedule)
    assert caught.value.problems == problems


def test_alternative_machine_takes_its_own_duration() -> None:
    """B may run on M0 instead of M1, and then lasts 6, not 4."""
    model = two_machine_model()
    on_m0 = Schedule.of([*VALID[:2], ScheduledOperation(1, 0, 0, 6, 12), VALID[3]])
    assert violations(model, on_m0) == []


def test_model_rejects_an_unknown_resource_naming_job_and_field() -> None:
    with pytest.raises(InputError) as caught:
        SchedulingModel((Job("J7", (op((0, 1)), op((2, 1)))),), (Resource("M0"), Resource("M1")))
    assert caught.value.record == "job J7 operation 1"
    assert caught.value.field == "resource"
    assert "resource 2 out of range 0..1" in caught.value.describe()
