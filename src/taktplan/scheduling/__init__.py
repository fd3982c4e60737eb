"""Scheduling engine: operations of jobs on resources (job shop, flexible job shop).

Pure and deterministic: no I/O. :mod:`.model` holds the problem and the
schedule, :mod:`.validator` checks every schedule before a solver returns
it, :mod:`.heuristic` builds a schedule in milliseconds and :mod:`.cpsat`
optimises it with OR-Tools CP-SAT behind the same result type.
"""
