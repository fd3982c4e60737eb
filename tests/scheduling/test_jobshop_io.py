"""Reading JSPLIB and FJSPLIB files, the errors for malformed ones, and the JSON result."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from taktplan.errors import InputError
from taktplan.io.jobshop import (
    InstanceFormat,
    parse_fjsplib,
    parse_jsplib,
    read_instance,
    schedule_document,
)
from taktplan.scheduling import heuristic
from taktplan.scheduling.model import Mode
from tests.scheduling.conftest import benchmark

JSP = """# two jobs, three machines
2 3
0 5 1 4 2 3
2 2 0 7   1 1
"""

FJSP = """2 3 1.5
2  1 1 5  2 2 4 3 6
1  3 1 1 2 2 3 3
"""


def test_jsplib_reads_jobs_in_routing_order() -> None:
    model = parse_jsplib(JSP)
    assert len(model.jobs) == 2 and len(model.resources) == 3
    assert [o.modes for o in model.jobs[1].operations] == [
        (Mode(2, 2),),
        (Mode(0, 7),),
        (Mode(1, 1),),
    ]


def test_fjsplib_reads_alternatives_and_numbers_machines_from_zero() -> None:
    model = parse_fjsplib(FJSP)
    assert [len(job.operations) for job in model.jobs] == [2, 1]
    assert model.jobs[0].operations[1].modes == (Mode(1, 4), Mode(2, 6))
    assert model.jobs[1].operations[0].modes == (Mode(0, 1), Mode(1, 2), Mode(2, 3))


@pytest.mark.parametrize(
    ("text", "where", "what"),
    [
        ("", "f.txt", "the file is empty"),
        ("2 x\n", "line 1", "'x' is not a whole number"),
        ("2 3\n0 5 1 4 2 3\n2 2 0 7 1\n", "line 3", "duration of operation 2 missing"),
        ("2 3\n0 5 1 4 2 3\n", "job 1", "job 1 missing"),
        ("2 3\n0 5 1 4 3 3\n2 2 0 7 1 1\n", "line 2", "machine 3 of operation 2 is not below 3"),
        ("2 3\n0 5 1 -4 2 3\n2 2 0 7 1 1\n", "line 2", "-4 is below 0"),
        ("2 3\n0 5 1 4 2 3 9\n2 2 0 7 1 1\n", "line 2", "unexpected values at the end"),
        ("1 3\n0 5 1 4 2 3\n2 2 0 7 1 1\n", "line 3", "more lines than the 1 jobs"),
    ],
)
def test_malformed_jsplib_names_file_line_and_problem(text: str, where: str, what: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_jsplib(text, "f.txt")
    message = caught.value.describe()
    assert message.startswith("f.txt"), message
    assert where in message and what in message, message


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("1 2\n1 1 0 5\n", "machine 0 of operation 0 is not in 1..2"),
        ("1 2\n1 2 1 5 1 6\n", "operation 0 lists a machine twice"),
        ("1 2\n2 1 1 5\n", "number of machines of operation 1 missing"),
        ("1 2\n1 0\n", "0 is below 1"),
    ],
)
def test_malformed_fjsplib_names_the_problem(text: str, what: str) -> None:
    with pytest.raises(InputError, match="line 2") as caught:
        parse_fjsplib(text, "mk.txt")
    assert what in caught.value.describe()


def test_missing_file_is_an_input_error_naming_it(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    with pytest.raises(InputError, match=re.escape("nope.txt: cannot read the file")):
        read_instance(missing, InstanceFormat.JSPLIB)


def test_public_instances_have_their_published_sizes() -> None:
    ft06, mk01 = benchmark("ft06"), benchmark("mk01")
    assert (len(ft06.jobs), len(ft06.resources), ft06.num_operations) == (6, 6, 36)
    assert ft06.jobs[0].operations[0].modes == (Mode(2, 1),)
    assert (len(mk01.jobs), len(mk01.resources), mk01.num_operations) == (10, 6, 55)
    # mk01 job 0, operation 0: "2 1 5 3 4" -> machine 1 for 5 or machine 3 for 4
    assert mk01.jobs[0].operations[0].modes == (Mode(0, 5), Mode(2, 4))


def test_schedule_document_has_the_contract_shape() -> None:
    model = parse_jsplib(JSP)
    result = heuristic.solve(model)
    doc = schedule_document(result)
    assert doc["status"] in ("feasible", "optimal")
    assert doc["makespan"] == max(o["end"] for o in doc["operations"])
    assert len(doc["operations"]) == 6
    first = next(o for o in doc["operations"] if (o["job"], o["op"]) == (1, 1))
    assert first["machine"] == 0 and first["end"] - first["start"] == 7
