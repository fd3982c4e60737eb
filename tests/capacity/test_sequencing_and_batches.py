"""Sequencing against a changeover matrix, and batch order consolidation."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from taktplan.capacity.batches import BatchCandidate, consolidate
from taktplan.capacity.sequencing import (
    ChangeoverMatrix,
    ChangeoverRule,
    SequenceJob,
    earliest_due_date,
    evaluate,
    sequence_jobs,
)

PAINT_SHOP = ChangeoverMatrix(
    (
        ChangeoverRule("colour", "white", "black", 10),  # light to dark: a quick rinse
        ChangeoverRule("colour", "black", "white", 60),  # dark to light: full clean
        ChangeoverRule("colour", "*", "*", 30),
        ChangeoverRule("allergen", "*", "none", 45),
    )
)


def _job(name: str, colour: str, due: int, duration: int = 60) -> SequenceJob:
    return SequenceJob(name, duration, due, {"colour": colour})


def test_the_matrix_takes_the_most_specific_rule_per_changed_attribute() -> None:
    white, black, red = ({"colour": c} for c in ("white", "black", "red"))
    assert PAINT_SHOP.minutes(white, black) == 10
    assert PAINT_SHOP.minutes(black, white) == 60
    assert PAINT_SHOP.minutes(black, red) == 30
    assert PAINT_SHOP.minutes(white, white) == 0
    nuts = {"colour": "white", "allergen": "nuts"}
    assert PAINT_SHOP.minutes(nuts, {"colour": "black", "allergen": "none"}) == 10 + 45


def test_sequencing_cuts_changeovers_where_due_dates_allow() -> None:
    """EDD runs W1 B1 W2 B2: changeovers 10 + 60 + 10 = 80, ends 60, 130, 250, 320.
    W1 W2 B1 B2 needs one changeover of 10, ends 60, 120, 190, 250: all on time."""
    jobs = [_job("W1", "white", 400), _job("B1", "black", 410), _job("W2", "white", 420)]
    jobs.append(_job("B2", "black", 430))
    edd = evaluate(earliest_due_date(jobs), 0, PAINT_SHOP)
    assert ([j.id for j in edd.jobs], edd.changeover, edd.ends) == (
        ["W1", "B1", "W2", "B2"],
        80,
        (60, 130, 250, 320),
    )
    best = sequence_jobs(jobs, 0, PAINT_SHOP)
    assert ([j.id for j in best.jobs], best.changeover, best.tardiness) == (
        ["W1", "W2", "B1", "B2"],
        10,
        0,
    )
    assert best.ends == (60, 120, 190, 250)


def test_a_due_date_beats_a_changeover_saving() -> None:
    """B1 is due at 130: putting W2 before it would make it late, so EDD's
    W1 B1 stays and only the tail is grouped: W1 B1 B2 W2 (10 + 60 = 70)."""
    jobs = [_job("W1", "white", 60), _job("B1", "black", 130), _job("W2", "white", 420)]
    jobs.append(_job("B2", "black", 430))
    best = sequence_jobs(jobs, 0, PAINT_SHOP)
    assert [j.id for j in best.jobs] == ["W1", "B1", "B2", "W2"]
    assert (best.changeover, best.tardiness, best.late) == (70, 0, ())


jobs_strategy = st.lists(
    st.builds(
        SequenceJob,
        id=st.text("ABCDEFGH", min_size=1, max_size=3),
        duration=st.integers(1, 120),
        due=st.integers(0, 600),
        attributes=st.fixed_dictionaries({"colour": st.sampled_from(["white", "black", "red"])}),
    ),
    max_size=7,
    unique_by=lambda job: job.id,
)


@settings(max_examples=60, deadline=None)
@given(jobs_strategy)
def test_sequencing_is_never_later_and_never_changes_more_than_edd(
    jobs: list[SequenceJob],
) -> None:
    edd = evaluate(earliest_due_date(jobs), 0, PAINT_SHOP)
    best = sequence_jobs(jobs, 0, PAINT_SHOP)
    assert sorted(j.id for j in best.jobs) == sorted(j.id for j in jobs)
    assert best.tardiness <= edd.tardiness
    if best.tardiness == edd.tardiness:
        assert best.changeover <= edd.changeover


def test_orders_of_an_item_within_the_window_become_one_batch() -> None:
    """Window 7 days: X due day 0 and 3 merge (8 + 5 = 13, due day 0); X due
    day 9 is past the window; Y stays alone."""
    orders = [
        BatchCandidate("P1", "X", Decimal(8), 100),
        BatchCandidate("P2", "X", Decimal(5), 103),
        BatchCandidate("P3", "X", Decimal(4), 109),
        BatchCandidate("P4", "Y", Decimal(2), 101),
    ]
    batches = consolidate(orders, 7)
    assert [(b.orders, b.qty, b.due, b.merged) for b in batches] == [
        (("P1", "P2"), Decimal(13), 100, True),
        (("P4",), Decimal(2), 101, False),
        (("P3",), Decimal(4), 109, False),
    ]


def test_compatible_attributes_batch_different_items() -> None:
    orders = [
        BatchCandidate("P1", "CHAIR-W", Decimal(8), 100, {"colour": "white"}),
        BatchCandidate("P2", "TABLE-W", Decimal(2), 102, {"colour": "white"}),
        BatchCandidate("P3", "TABLE-B", Decimal(3), 101, {"colour": "black"}),
    ]
    batches = consolidate(orders, 5, by=["colour"])
    assert [(b.key, b.orders, b.items, b.qty) for b in batches] == [
        (("white",), ("P1", "P2"), ("CHAIR-W", "TABLE-W"), Decimal(10)),
        (("black",), ("P3",), ("TABLE-B",), Decimal(3)),
    ]
