"""One planning run on several processes, with the plan of one process, line for line.

SKUs are planned in plan order (low-level code, then transfer levels): a
SKU's plan makes demand for the SKUs it feeds, which come later. The plan
order falls into *waves*, runs of consecutive SKUs none of which feeds
another of the same wave, so the SKUs of a wave can be planned side by side.

The run forks worker processes, which inherit the indexed world; the parent
is worker 0. Each wave's SKUs are dealt out in turn. At the end of a wave
every worker sends the parent what it derived for SKUs another worker plans
(component and transfer demand, tagged with the plan position of the SKU that
made it) and the changes it made to existing orders; the parent hands each
worker its share. A SKU's derived demand is kept sorted by plan position,
which is the order one process appends it in. The workers send their lines,
pegs and errors as they plan; the parent takes them in between its own SKUs
and, at the end, puts everything in plan order and numbers the lines.

Values cross between processes as plain tuples (quantities as their text,
enums as their values): they pickle several times faster than the objects.
Forking needs a POSIX system and a process without other threads at work;
the command line uses it, the library only when ``workers`` asks for it.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import traceback
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from multiprocessing import get_context
from multiprocessing.connection import Connection
from operator import itemgetter
from typing import Any

from taktplan.domain.dates import Day
from taktplan.domain.documents import Demand, DemandType
from taktplan.domain.item import Replenishment, SkuKey
from taktplan.domain.snapshot import Snapshot
from taktplan.planning.engine import _Run, plan_one
from taktplan.planning.options import PlanningOptions
from taktplan.planning.result import Action, ErrorLogEntry, Peg, PlanningLine, Warning, renumbered
from taktplan.planning.selection import direct_feeds

Progress = Callable[[int, int], None]

_ACTIONS = {kind.value: kind for kind in Action}
_WARNINGS = {kind.value: kind for kind in Warning}
_REPLENISHMENT = {kind.value: kind for kind in Replenishment}
_DEMAND_TYPES = {kind.value: kind for kind in DemandType}
_FIRST = itemgetter(0)

Merged = tuple[tuple[PlanningLine, ...], tuple[Peg, ...], tuple[ErrorLogEntry, ...]]
"""A run's lines, pegs and errors, in plan order."""


def waves(snapshot: Snapshot, options: PlanningOptions, keys: list[SkuKey]) -> list[list[int]]:
    """The plan positions of ``keys`` by wave: no SKU of a wave feeds another of it.

    A SKU feeds its components and shipping locations (``direct_feeds``), and
    the SKUs of the component and transfer-out lines of its existing orders.
    """
    by_order = {order.id: order.sku for order in snapshot.supply}
    documents: dict[SkuKey, set[SkuKey]] = defaultdict(set)
    for row in snapshot.demand:
        if row.type is DemandType.COMPONENT and row.parent in by_order:
            documents[by_order[row.parent]].add(row.sku)
        elif row.type is DemandType.TRANSFER_OUT and row.id in by_order:
            documents[by_order[row.id]].add(row.sku)
    found: list[list[int]] = [[]]
    fed: set[SkuKey] = set()
    for position, key in enumerate(keys):
        if key in fed:
            found.append([])
            fed = set()
        found[-1].append(position)
        fed.update(direct_feeds(snapshot, key, options))
        fed.update(documents.get(key, ()))
    return [wave for wave in found if wave]


def plan_on_processes(
    run: _Run, keys: list[SkuKey], selected: set[SkuKey], progress: Progress | None
) -> Merged:
    """Plan ``keys`` on ``run.options.workers`` processes; lines, pegs and errors in plan order."""
    share = _Share(run, keys, selected, run.options.workers)
    links: list[Connection] = []
    children: list[int] = []
    context = get_context("fork")
    try:
        for worker in range(1, share.workers):
            mine, theirs = context.Pipe()
            child = os.fork()
            if child == 0:  # pragma: no cover - runs in the worker process
                mine.close()
                for link in links:
                    link.close()
                _serve(share, worker, theirs)
            theirs.close()
            links.append(mine)
            children.append(child)
        return share.lead(links, progress)
    finally:
        for link in links:
            link.close()
        for child in children:
            os.waitpid(child, 0)


def _serve(share: _Share, worker: int, link: Connection) -> None:  # pragma: no cover
    """A worker process: plan its share of each wave, sending results as it goes; then end."""
    code = 0
    try:
        share.follow(worker, link)
    except BaseException:
        code = 1
        with contextlib.suppress(OSError):
            link.send_bytes(pickle.dumps(("failed", traceback.format_exc())))
    finally:
        link.close()
        os._exit(code)


Outbox = list[tuple[SkuKey, list[tuple[int, tuple[Any, ...]]]]]
Orders = list[tuple[bool, str, tuple[str, Day] | None]]


class _Share:
    """The run, its waves and who plans what; one copy lives in every worker."""

    def __init__(self, run: _Run, keys: list[SkuKey], selected: set[SkuKey], workers: int):
        self.run = run
        self.keys = keys
        self.selected = selected
        self.waves = waves(run.snapshot, run.options, keys)
        self.workers = max(1, min(workers, max(len(wave) for wave in self.waves)))
        self.owner: dict[SkuKey, int] = {}
        for wave in self.waves:
            for index, position in enumerate(wave):  # dealt in turn
                self.owner[keys[position]] = index % self.workers
        self.results: list[tuple[int, list[PlanningLine], list[Peg]]] = []
        self.errors: list[tuple[int, ErrorLogEntry]] = []
        self.pending = 0  # lines and pegs made since results were last sent
        self.links: list[Connection] = []  # the parent's, to each worker
        self.boxes: list[tuple[Outbox, Orders] | None] = []  # each worker's end of a wave
        self.progress: Progress | None = None
        self.wave_start = self.wave_size = self.own_done = 0  # where the parent is
        run.derived.positions = defaultdict(list)
        run.derived.changed_orders = []
        self._qty: dict[str, Decimal] = {}

    # -------------------------------------------------------------- planning
    def plan_wave(
        self, wave: list[int], worker: int, between: Callable[[], None] | None = None
    ) -> None:
        """Plan this worker's SKUs of the wave; ``between`` runs after each SKU."""
        run, keys = self.run, self.keys
        for position in wave:
            key = keys[position]
            if self.owner[key] != worker:
                continue
            run.position = position
            report = key in self.selected
            errors: list[ErrorLogEntry] = []
            planned = plan_one(run, key, report, 1, errors)
            if errors:
                self.errors.append((position, errors[0]))
            if planned is not None and report:
                self.results.append((position, planned[0], planned[1]))
                self.pending += len(planned[0]) + len(planned[1])
            if between is not None:
                between()

    def outbox(self, worker: int) -> tuple[Outbox, Orders]:
        """The derived demand of the wave for SKUs other workers plan, and the order changes."""
        derived = self.run.derived
        positions = derived.positions
        assert positions is not None and derived.changed_orders is not None
        leaving: Outbox = []
        for target in [t for t in positions if self.owner.get(t, worker) != worker]:
            made = derived.demand.pop(target)
            made_by = positions.pop(target)
            leaving.append((target, list(zip(made_by, map(_demand_row, made), strict=True))))
        orders: Orders = [
            (transfer, ref, None if change is None else (str(change[0]), change[1]))
            for transfer, ref, change in derived.changed_orders
        ]
        derived.changed_orders = []
        return leaving, orders

    def take(self, arriving: Outbox, orders: Orders) -> None:
        """Merge demand derived elsewhere into this worker's, in plan position order."""
        derived = self.run.derived
        positions = derived.positions
        assert positions is not None
        for target, rows in arriving:
            here = list(zip(positions.get(target, ()), derived.demand.get(target, ()), strict=True))
            merged = here + [(position, self._demand(row)) for position, row in rows]
            merged.sort(key=_FIRST)
            derived.demand[target] = [demand for _, demand in merged]
            positions[target] = [position for position, _ in merged]
        for transfer, ref, change in orders:
            value = None if change is None else (self.qty(change[0]), change[1])
            (derived.transfer_out if transfer else derived.component_of)[ref] = value

    # ------------------------------------------------------- the parent's part
    def lead(self, links: list[Connection], progress: Progress | None) -> Merged:
        done = 0
        self.links = links
        self.progress = progress
        for wave in self.waves:
            self.boxes = [None] * len(links)
            self.wave_start, self.wave_size, self.own_done = done, len(wave), 0
            self.plan_wave(wave, 0, self._between_own_skus)
            for worker, link in enumerate(links):
                while self.boxes[worker] is None:
                    self.boxes[worker] = self._receive(link)
            every = [self.outbox(0), *(box for box in self.boxes if box is not None)]
            for worker, link in enumerate(links, start=1):
                link.send_bytes(pickle.dumps(("wave", _inbox(every, worker, self.owner)), 5))
            self.take(*_inbox(every, 0, self.owner))
            done += len(wave)
            if progress is not None:
                progress(done, len(self.keys))
        return self._merged()

    def _between_own_skus(self) -> None:
        """Take in what the workers sent so far; tell the progress of the wave."""
        self.own_done += 1
        if self.progress is not None and self.own_done % PROGRESS_EVERY == 0:
            # The workers plan as many SKUs of the wave as the parent, about.
            guess = min(self.wave_size, self.own_done * self.workers)
            self.progress(self.wave_start + guess, len(self.keys))
        for worker, link in enumerate(self.links):
            while self.boxes[worker] is None and link.poll():
                self.boxes[worker] = self._receive(link)

    def _receive(self, link: Connection) -> tuple[Outbox, Orders] | None:
        """One message of a worker: results are taken in, a wave's end is returned."""
        kind, payload = pickle.loads(link.recv_bytes())
        if kind == "results":
            self._results_of(*payload)
            return None
        if kind == "wave":
            return payload  # type: ignore[no-any-return]
        raise RuntimeError(f"a planning worker failed:\n{payload}")

    def _results_of(self, results: list[Any], failures: list[tuple[int, str]]) -> None:
        """A worker's lines, pegs and errors of one wave, as this process's own."""
        keys = self.keys
        while results:  # each worker's tuples let go of as soon as they are objects
            position, lines, pegs = results.pop()
            key = keys[position]
            made = [self._line(key, row) for row in lines]
            self.results.append((position, made, [self._peg(key, row) for row in pegs]))
        self.errors += [(at, ErrorLogEntry(keys[at], text)) for at, text in failures]

    def _merged(self) -> Merged:
        """All lines, pegs and errors in plan order; lines numbered from 1."""
        self.results.sort(key=_FIRST)
        self.errors.sort(key=_FIRST)
        all_lines: list[PlanningLine] = []
        all_pegs: list[Peg] = []
        for _, lines, pegs in self.results:
            first = len(all_lines) + 1
            all_lines += [renumbered(line, first + n) for n, line in enumerate(lines)]
            all_pegs += pegs
        return tuple(all_lines), tuple(all_pegs), tuple(error for _, error in self.errors)

    # ------------------------------------------------------ a worker's part
    def follow(self, worker: int, link: Connection) -> None:
        """Plan each wave's share, sending results on the way and what it derived at the end."""

        def send_results(at_least: int = RESULTS_CHUNK) -> None:
            if self.pending < at_least:
                return
            results = [
                (position, [_line_row(line) for line in lines], [_peg_row(peg) for peg in pegs])
                for position, lines, pegs in self.results
            ]
            failures = [(position, error.message) for position, error in self.errors]
            self.results, self.errors, self.pending = [], [], 0
            link.send_bytes(pickle.dumps(("results", (results, failures)), protocol=5))

        for wave in self.waves:
            self.plan_wave(wave, worker, send_results)
            send_results(at_least=0)
            link.send_bytes(pickle.dumps(("wave", self.outbox(worker)), protocol=5))
            self.take(*_received(link, "wave"))

    # ----------------------------------------------------------- values
    def qty(self, text: str) -> Decimal:
        known = self._qty.get(text)
        if known is None:
            known = self._qty[text] = self.run.shared.qty(Decimal(text))
        return known

    def _demand(self, row: tuple[Any, ...]) -> Demand:
        demand_id, kind, sku, day, qty, parent, to_order = row
        return Demand(
            id=demand_id,
            type=_DEMAND_TYPES[kind],
            sku=SkuKey(*sku),
            date=day,
            qty=self.qty(qty),
            parent=parent,
            order_to_order=to_order,
        )

    def _line(self, key: SkuKey, row: tuple[Any, ...]) -> PlanningLine:
        """A line another worker made (numbered when all are merged)."""
        (action, ref, ref_type, due, qty, starting, ending, original_due, original_qty) = row[:9]
        (warning, warning_text, accept, replenishment, explanation, supply_id) = row[9:]
        return PlanningLine(
            line_no=0,
            sku=key,
            action=_ACTIONS[action],
            ref=ref,
            ref_type=ref_type,
            due_date=due,
            qty=self.qty(qty),
            starting_date=starting,
            ending_date=ending,
            original_due_date=original_due,
            original_qty=None if original_qty is None else self.qty(original_qty),
            warning=None if warning is None else _WARNINGS[warning],
            warning_text=warning_text,
            accept_action_message=accept,
            replenishment=_REPLENISHMENT[replenishment],
            explanation=explanation,
            supply_id=supply_id,
        )

    def _peg(self, key: SkuKey, row: tuple[Any, ...]) -> Peg:
        supply, supply_type, demand, demand_type, qty, feeds = row
        return Peg(key, supply, supply_type, demand, demand_type, self.qty(qty), feeds)


PROGRESS_EVERY = 250
"""The parent tells the progress of a wave every this many of its own SKUs."""

RESULTS_CHUNK = 20_000
"""A worker sends its lines and pegs this many at a time, as it plans.

The parent takes them in between its own SKUs, so neither the pickled
results of a whole wave nor their tuples are ever all in memory at once.
"""


def _inbox(
    boxes: list[tuple[Outbox, Orders]], worker: int, owner: dict[SkuKey, int]
) -> tuple[Outbox, Orders]:
    """What the others' outboxes hold for ``worker``: its SKUs' demand, every order change."""
    demand = [
        (target, rows)
        for sender, (box, _) in enumerate(boxes)
        if sender != worker
        for target, rows in box
        if owner.get(target) == worker
    ]
    orders = [change for sender, (_, box) in enumerate(boxes) if sender != worker for change in box]
    return demand, orders


def _received(link: Connection, expected: str) -> Any:
    kind, payload = pickle.loads(link.recv_bytes())
    if kind != expected:
        raise RuntimeError(f"a planning worker failed:\n{payload}")
    return payload


def _demand_row(demand: Demand) -> tuple[Any, ...]:
    """A derived demand as plain values (derived demand sets no other field)."""
    return (
        demand.id,
        demand.type.value,
        tuple(demand.sku),
        demand.date,
        str(demand.qty),
        demand.parent,
        demand.order_to_order,
    )


def _line_row(line: PlanningLine) -> tuple[Any, ...]:
    return (
        line.action.value,
        line.ref,
        line.ref_type,
        line.due_date,
        str(line.qty),
        line.starting_date,
        line.ending_date,
        line.original_due_date,
        None if line.original_qty is None else str(line.original_qty),
        None if line.warning is None else line.warning.value,
        line.warning_text,
        line.accept_action_message,
        line.replenishment.value,
        line.explanation,
        line.supply_id,
    )


def _peg_row(peg: Peg) -> tuple[Any, ...]:
    return (peg.supply, peg.supply_type, peg.demand, peg.demand_type, str(peg.qty), peg.feeds)
