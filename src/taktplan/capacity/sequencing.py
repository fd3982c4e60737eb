"""Sequencing the jobs of a resource: cut changeover time while keeping due dates.

Changeover minutes between two jobs come from a changeover matrix over
product attributes (colour light to dark, allergen, size...): for every
attribute whose value changes, the most specific rule that matches (exact
from and to values before a ``*`` wildcard) adds its minutes.

:func:`sequence_jobs` starts from the earliest-due-date order and improves
it by moving single jobs to other positions, keeping a move only when it
lowers total tardiness, or keeps it and lowers changeover time, or keeps
both and finishes earlier. So the sequence is never later against due
dates than earliest due date, and changes only to save changeover time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

WILDCARD = "*"


@dataclass(frozen=True, slots=True)
class ChangeoverRule:
    """Changing ``attribute`` from ``from_value`` to ``to_value`` takes ``minutes``."""

    attribute: str
    from_value: str
    to_value: str
    minutes: int
    # The work or machine center it applies at (a work center's rule applies at
    # its machine centers too); blank: every center.
    resource: str = ""


@dataclass(frozen=True, slots=True)
class ChangeoverMatrix:
    rules: tuple[ChangeoverRule, ...]

    def minutes(self, before: Mapping[str, str], after: Mapping[str, str]) -> int:
        """Changeover time from a job with attributes ``before`` to one with ``after``."""
        return self.minutes_at(None, before, after)

    def minutes_at(
        self,
        resource: tuple[str, ...] | str | None,
        before: Mapping[str, str],
        after: Mapping[str, str],
    ) -> int:
        """The same at a center: only rules for it (or for every center) count.

        ``resource`` is a center code, or the codes a rule may name for it (a
        machine center and its work center); None counts every rule.
        """
        codes = (resource,) if isinstance(resource, str) else resource
        total = 0
        for attribute in sorted(set(before) | set(after)):
            old, new = before.get(attribute, ""), after.get(attribute, "")
            if old == new:
                continue
            total += self._rule(attribute, old, new, codes)
        return total

    def _rule(self, attribute: str, old: str, new: str, codes: tuple[str, ...] | None) -> int:
        best: tuple[int, int] | None = None
        for rule in self.rules:
            if rule.attribute != attribute:
                continue
            if codes is not None and rule.resource and rule.resource not in codes:
                continue
            if rule.from_value not in (old, WILDCARD) or rule.to_value not in (new, WILDCARD):
                continue
            exact = (rule.from_value == old) + (rule.to_value == new)
            if best is None or exact > best[0]:
                best = (exact, rule.minutes)
        return 0 if best is None else best[1]


@dataclass(frozen=True, slots=True)
class SequenceJob:
    """A job waiting for the resource: how long it runs, when it is due, what it is."""

    id: str
    duration: int
    due: int
    attributes: Mapping[str, str] = field(default_factory=dict)
    release: int = 0


@dataclass(frozen=True, slots=True)
class SequenceResult:
    jobs: tuple[SequenceJob, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    changeover: int
    tardiness: int

    @property
    def late(self) -> tuple[str, ...]:
        return tuple(job.id for job, end in zip(self.jobs, self.ends, strict=True) if end > job.due)

    @property
    def makespan(self) -> int:
        return self.ends[-1] if self.ends else 0


def evaluate(
    jobs: Sequence[SequenceJob],
    start: int,
    matrix: ChangeoverMatrix,
    previous: Mapping[str, str] | None = None,
) -> SequenceResult:
    """Run the jobs in this order from ``start``; ``previous`` is what the resource last made."""
    time, changeover, tardiness = start, 0, 0
    starts: list[int] = []
    ends: list[int] = []
    last = previous
    for job in jobs:
        change = 0 if last is None else matrix.minutes(last, job.attributes)
        changeover += change
        time = max(time + change, job.release)
        starts.append(time)
        time += job.duration
        ends.append(time)
        tardiness += max(time - job.due, 0)
        last = job.attributes
    return SequenceResult(tuple(jobs), tuple(starts), tuple(ends), changeover, tardiness)


def earliest_due_date(jobs: Sequence[SequenceJob]) -> list[SequenceJob]:
    return sorted(jobs, key=lambda job: (job.due, job.release, job.id))


def sequence_jobs(
    jobs: Sequence[SequenceJob],
    start: int,
    matrix: ChangeoverMatrix,
    previous: Mapping[str, str] | None = None,
) -> SequenceResult:
    """Earliest due date, improved by single-job moves (see the module docstring)."""
    order = earliest_due_date(jobs)
    best = evaluate(order, start, matrix, previous)
    improved = True
    while improved:
        improved = False
        for source in range(len(order)):
            for target in range(len(order)):
                if source == target:
                    continue
                candidate = list(order)
                candidate.insert(target, candidate.pop(source))
                result = evaluate(candidate, start, matrix, previous)
                if _better(result, best):
                    order, best, improved = candidate, result, True
    return best


def _better(result: SequenceResult, best: SequenceResult) -> bool:
    mine = (result.tardiness, result.changeover, result.makespan)
    theirs = (best.tardiness, best.changeover, best.makespan)
    return mine < theirs
