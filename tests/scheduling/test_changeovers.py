"""Sequence-dependent changeovers: the model's checks, cost, validator, heuristic and CP-SAT.

The painting example: three jobs on one paint line, white (family 0, 60
minutes), grey (1, 50) and black (2, 40), with the changeover matrix

    from \\ to   white  grey  black
    white          0     15    30
    grey          45      0    25
    black         95     60     0

Light to dark is quick, dark to light is slow. The six orders cost:
white-grey-black 15 + 25 = 40 (the cheapest), white-black-grey 30 + 60 = 90,
grey-white-black 45 + 30 = 75, grey-black-white 25 + 95 = 120,
black-white-grey 95 + 15 = 110, black-grey-white 60 + 45 = 105.
"""

from __future__ import annotations

import pytest
from ortools.sat.python import cp_model

from taktplan.errors import InputError
from taktplan.scheduling import cpsat, heuristic
from taktplan.scheduling.cpsat import CpSatOptions
from taktplan.scheduling.cpsat_model import build
from taktplan.scheduling.heuristic import Rule, giffler_thompson
from taktplan.scheduling.model import (
    Job,
    Resource,
    Schedule,
    ScheduledOperation,
    SchedulingModel,
)
from taktplan.scheduling.objective import changeover_time, cost, largest_value, scales
from taktplan.scheduling.result import SolveResult, Status
from taktplan.scheduling.validator import violations
from tests.scheduling.conftest import benchmark, op

WHITE, GREY, BLACK = 0, 1, 2
PAINT = ((0, 15, 30), (45, 0, 25), (95, 60, 0))


def paint_line(black_due: int) -> SchedulingModel:
    """White due at 210, grey at 300, black at ``black_due``: earliest due date is black first."""
    return SchedulingModel(
        (
            Job("W", (op((0, 60)),), due=210, family=WHITE),
            Job("G", (op((0, 50)),), due=300, family=GREY),
            Job("B", (op((0, 40)),), due=black_due, family=BLACK),
        ),
        (Resource("PAINT", PAINT),),
    )


def spans(result: SolveResult) -> list[tuple[int, int]]:
    """Start and end of W, G and B."""
    return [(o.start, o.end) for o in result.schedule.operations]


def order(result: SolveResult) -> list[str]:
    ops = sorted(result.schedule.operations, key=lambda o: o.start)
    return ["WGB"[o.job] for o in ops]


def edd_start(model: SchedulingModel) -> SolveResult:
    return heuristic.solve(model, rules=(Rule.EDD,))


def test_due_date_order_costs_110_minutes_of_changeover() -> None:
    model = paint_line(black_due=200)
    start = edd_start(model)
    assert order(start) == ["B", "W", "G"]
    # B [0, 40), 95 to white: W [135, 195), 15 to grey: G [210, 260)
    assert spans(start) == [(135, 195), (210, 260), (0, 40)]
    assert (start.cost.tardiness, start.cost.changeover, start.cost.makespan) == (0, 110, 260)


def test_optimiser_finds_the_40_minute_order_when_due_dates_allow() -> None:
    """Black due at 200: white-grey-black ends black at 190, nobody late, 40 minutes."""
    model = paint_line(black_due=200)
    result = cpsat.solve(model, time_limit=10.0, start=edd_start(model))
    assert order(result) == ["W", "G", "B"]
    # W [0, 60), 15 to grey: G [75, 125), 25 to black: B [150, 190)
    assert spans(result) == [(0, 60), (75, 125), (150, 190)]
    assert (result.cost.tardiness, result.cost.changeover, result.cost.makespan) == (0, 40, 190)
    assert result.status is Status.OPTIMAL
    assert violations(model, result.schedule) == []


def test_optimiser_keeps_due_dates_before_changeovers() -> None:
    """Black due at 40 must go first; then black-white-grey (110) keeps white on time.

    Black-grey-white would save 5 minutes (105) but end white at 255, 45 late.
    """
    model = paint_line(black_due=40)
    start = heuristic.solve(model, rules=(Rule.MWKR,))
    assert order(start) == ["W", "G", "B"]
    assert start.cost.tardiness == 150  # black ends at 190
    result = cpsat.solve(model, time_limit=10.0, start=start)
    assert order(result) == ["B", "W", "G"]
    assert (result.cost.tardiness, result.cost.changeover, result.cost.makespan) == (0, 110, 260)
    assert result.status is Status.OPTIMAL
    assert violations(model, result.schedule) == []


def test_cost_is_lexicographic_tardiness_changeover_makespan() -> None:
    model = paint_line(black_due=200)
    # horizon: latest release 0 + work 150 + longest changeover into each job 95 + 60 + 30
    assert model.changeover_bound() == 185
    assert model.horizon() == 335
    assert scales(model).changeover == 336
    assert scales(model).tardiness == 186 * 336
    best = cpsat.solve(model, time_limit=10.0)
    assert best.cost.value == 40 * 336 + 190


def test_without_changeovers_and_due_dates_the_objective_is_the_makespan() -> None:
    model = benchmark("ft06")
    result = heuristic.solve(model)
    assert scales(model).changeover == 0 and scales(model).tardiness == 0
    assert result.cost.value == result.cost.makespan
    assert result.cost.changeover == 0


def test_validator_rejects_a_schedule_that_ignores_a_changeover() -> None:
    model = paint_line(black_due=200)
    ignoring = Schedule.of(
        [
            ScheduledOperation(0, 0, 0, 0, 60),
            ScheduledOperation(1, 0, 0, 60, 110),  # needs 15 after white
            ScheduledOperation(2, 0, 0, 135, 175),  # 25 after grey: 135 is fine
        ]
    )
    assert violations(model, ignoring) == [
        "job G operation 0 starts at 60, changeover from job W needs until 75"
    ]
    assert changeover_time(model, ignoring) == 40


def test_first_operation_and_zero_length_operations_need_no_changeover() -> None:
    """Black may start at 0 on a fresh line; an empty step in between changes nothing."""
    model = SchedulingModel(
        (
            Job("B", (op((0, 40)),), family=BLACK),
            Job("Z", (op((0, 0)),), family=WHITE),
            Job("G", (op((0, 50)),), family=GREY),
        ),
        (Resource("PAINT", PAINT),),
    )
    schedule = Schedule.of(
        [
            ScheduledOperation(0, 0, 0, 0, 40),
            ScheduledOperation(1, 0, 0, 40, 40),
            ScheduledOperation(2, 0, 0, 100, 150),  # 60 from black to grey
        ]
    )
    assert violations(model, schedule) == []
    assert cost(model, schedule).changeover == 60
    too_soon = Schedule.of([*schedule.operations[:2], ScheduledOperation(2, 0, 0, 99, 149)])
    assert violations(model, too_soon) == [
        "job G operation 0 starts at 99, changeover from job B needs until 100"
    ]


def test_heuristic_start_includes_the_changeover_from_the_last_job() -> None:
    """Two black-to-white changeovers on the line, none on the unmatrixed oven after it."""
    model = SchedulingModel(
        (
            Job("B", (op((0, 40)), op((1, 10))), family=BLACK),
            Job("W", (op((0, 60)), op((1, 10))), family=WHITE),
        ),
        (Resource("PAINT", PAINT), Resource("OVEN")),
    )
    schedule = giffler_thompson(model, Rule.EDD)  # no due dates: most work first, W
    by_job = {(o.job, o.op): (o.start, o.end) for o in schedule.operations}
    assert by_job[1, 0] == (0, 60)
    assert by_job[0, 0] == (90, 130)  # white to black: 30
    assert by_job[0, 1] == (130, 140)
    assert violations(model, schedule) == []


def test_smallest_changeover_rule_groups_families() -> None:
    """A and C are black, B white, 10 minutes each, 5 minutes either way between colours.

    After A, B (could start at 15) and C (at 10) conflict. Most work
    remaining takes them in job order, A, B, C: 10 minutes of changeover,
    makespan 40. The changeover rule runs C right after A: A, C, B, 5
    minutes, makespan 35.
    """
    model = SchedulingModel(
        (
            Job("A", (op((0, 10)),), family=1),
            Job("B", (op((0, 10)),), family=0),
            Job("C", (op((0, 10)),), family=1),
        ),
        (Resource("PAINT", ((0, 5), (5, 0))),),
    )
    by_rule = {rule: giffler_thompson(model, rule) for rule in Rule}
    in_job_order = by_rule[Rule.MWKR]
    assert [(o.job, o.start) for o in in_job_order.operations] == [(0, 0), (1, 15), (2, 30)]
    assert (cost(model, in_job_order).changeover, in_job_order.makespan) == (10, 40)
    grouped = by_rule[Rule.CHANGEOVER]
    assert [(o.job, o.start) for o in grouped.operations] == [(0, 0), (1, 25), (2, 10)]
    assert (cost(model, grouped).changeover, grouped.makespan) == (5, 35)
    result = heuristic.solve(model)
    assert result.solver == Rule.CHANGEOVER.value
    assert result.cost.changeover == 5


def test_smallest_changeover_rule_does_not_make_the_urgent_job_late() -> None:
    """From black, grey is 35 minutes cheaper than white, but white would end 45 late."""
    model = paint_line(black_due=200)
    schedule = giffler_thompson(model, Rule.CHANGEOVER)
    assert cost(model, schedule).tardiness == 0
    assert cost(model, schedule).changeover == 110


def test_flexible_resources_with_and_without_changeovers() -> None:
    """Two paint lines, one with the matrix and one without (slower): both solvers stay valid."""
    model = SchedulingModel(
        (
            Job("W1", (op((0, 30), (1, 45)), op((2, 10))), family=WHITE),
            Job("B1", (op((0, 20), (1, 30)), op((2, 10))), family=BLACK),
            Job("W2", (op((0, 30), (1, 45)), op((2, 10))), family=WHITE),
            Job("G1", (op((0, 25)),), family=GREY),
        ),
        (Resource("LINE1", PAINT), Resource("LINE2"), Resource("DRY")),
    )
    start = heuristic.solve(model)
    assert violations(model, start.schedule) == []
    result = cpsat.solve(model, time_limit=10.0, options=CpSatOptions(workers=1), start=start)
    assert violations(model, result.schedule) == []
    assert result.cost.value <= start.cost.value
    assert result.status is Status.OPTIMAL


def test_hint_is_the_incumbent_schedule_itself() -> None:
    """Fixed to its hint, the CP-SAT model reproduces the heuristic schedule's cost."""
    model = paint_line(black_due=200)
    start = edd_start(model)
    built = build(model, start.schedule)
    solver = cp_model.CpSolver()
    solver.parameters.fix_variables_to_their_hinted_value = True
    solver.parameters.num_workers = 1
    assert solver.solve(built.model) == cp_model.OPTIMAL
    assert solver.objective_value == start.cost.value


@pytest.mark.parametrize(
    ("resource", "message"),
    [
        (Resource("PAINT", ((0, 15), (45, 0, 25))), "not square: row 1 has 3 entries"),
        (Resource("PAINT", ((0, -5), (45, 0))), "negative changeover -5 from family 0 to family 1"),
        (Resource("PAINT", ((0, 15), (45, 0))), "job B has family 2, the changeover matrix covers"),
    ],
    ids=["not-square", "negative", "family-not-covered"],
)
def test_model_rejects_a_bad_changeover_matrix(resource: Resource, message: str) -> None:
    with pytest.raises(InputError) as caught:
        SchedulingModel(
            (Job("W", (op((0, 60)),), family=WHITE), Job("B", (op((0, 40)),), family=BLACK)),
            (resource,),
        )
    assert caught.value.record == "resource PAINT"
    assert caught.value.field == "changeovers"
    assert message in caught.value.describe()


def test_matrix_need_not_cover_families_that_never_run_on_the_resource() -> None:
    model = SchedulingModel(
        (Job("W", (op((0, 60)),), family=WHITE), Job("B", (op((1, 40)),), family=BLACK)),
        (Resource("PAINT", ((0, 15), (45, 0))), Resource("OVEN")),
    )
    assert model.changeover_bound() == 45


def test_model_rejects_a_negative_family() -> None:
    with pytest.raises(InputError) as caught:
        SchedulingModel((Job("W", (op((0, 60)),), family=-1),), (Resource("PAINT"),))
    assert (caught.value.record, caught.value.field) == ("job W", "family")


def test_objective_too_large_for_cpsat_keeps_the_heuristic_schedule() -> None:
    """Times in the tens of millions with due dates and changeovers overflow 64 bits."""
    big = 10_000_000
    model = SchedulingModel(
        (
            Job("W", (op((0, 6 * big)),), due=big, family=0),
            Job("B", (op((0, 4 * big)),), due=big, family=1),
        ),
        (Resource("PAINT", ((0, big), (big, 0))),),
    )
    # horizon 12e7 (work and two changeovers), so the tardiness scale is about 1e7 * 1.2e8
    assert largest_value(model) > cpsat.LARGEST_OBJECTIVE
    start = heuristic.solve(model)
    assert cpsat.solve(model, time_limit=5.0, start=start) is start


def test_float_bound_is_rounded_down_when_it_is_not_exact() -> None:
    assert cpsat._integer_bound(1230.0000001) == 1230
    assert cpsat._integer_bound(1230.5) == 1231
    huge = float(2**60)
    assert cpsat._integer_bound(huge) < 2**60
