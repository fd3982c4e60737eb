"""Errors taktplan raises on purpose.

Every error about input names where it came from (file, record, field) so that
a planner can find and fix the bad value without reading a traceback.
"""

from __future__ import annotations


class TaktplanError(Exception):
    """Base class of all errors raised by taktplan on purpose."""


class InputError(TaktplanError):
    """Bad input: names the file (when known), the record and the field."""

    def __init__(
        self, message: str, *, record: str = "", field: str = "", source: str = ""
    ) -> None:
        self.message = message
        self.record = record
        self.field = field
        self.source = source
        super().__init__(self.describe())

    def describe(self) -> str:
        where = [part for part in (self.source, self.record) if part]
        if self.field:
            where.append(f"field '{self.field}'")
        prefix = ": ".join(where)
        return f"{prefix}: {self.message}" if prefix else self.message

    def located(self, source: str) -> InputError:
        """The same error with the file it came from."""
        return InputError(self.message, record=self.record, field=self.field, source=source)


class PlanningError(TaktplanError):
    """A SKU cannot be planned with its parameters (goes to the error log)."""


class ConflictError(InputError):
    """Someone changed the data since it was read (another planner, another plan).

    Raised by optimistic concurrency checks: nothing was written; read again
    (plan again) and retry.
    """
