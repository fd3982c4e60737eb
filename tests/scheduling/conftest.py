"""Benchmark instances for the scheduling tests, and a small hand-made model."""

from __future__ import annotations

import pytest

from taktplan.io.jobshop import InstanceFormat, read_instance
from taktplan.scheduling.model import Job, Mode, Operation, Resource, SchedulingModel
from tests.conftest import ROOT

JOBSHOP_INSTANCES = ROOT.parent / "shared" / "bench" / "jobshop" / "instances"


def benchmark(name: str) -> SchedulingModel:
    """A public instance by name (``ft06``, ``mk01``...); skips when ../shared is absent."""
    if not JOBSHOP_INSTANCES.is_dir():
        pytest.skip(f"shared job-shop instances not found at {JOBSHOP_INSTANCES}")
    if name.startswith("mk"):
        return read_instance(JOBSHOP_INSTANCES / "fjsp" / f"{name}.txt", InstanceFormat.FJSPLIB)
    return read_instance(JOBSHOP_INSTANCES / "jsp" / f"{name}.txt", InstanceFormat.JSPLIB)


def op(*modes: tuple[int, int], setup: int = 0) -> Operation:
    """An operation from (resource, duration) pairs."""
    return Operation(tuple(Mode(r, d) for r, d in modes), setup)


def two_machine_model() -> SchedulingModel:
    """Three jobs on machines M0 and M1, one with alternatives, a release and a setup.

    - job A: M0 for 3, then M1 for 2
    - job B: M1 or M0 (4 on M1, 6 on M0), released at 1
    - job C: M0 for 2 with a setup of 1
    """
    return SchedulingModel(
        jobs=(
            Job("A", (op((0, 3)), op((1, 2)))),
            Job("B", (op((1, 4), (0, 6)),), release=1),
            Job("C", (op((0, 2), setup=1),)),
        ),
        resources=(Resource("M0"), Resource("M1")),
    )
