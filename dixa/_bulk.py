"""Results of bulk calls, where each item succeeds or fails on its own.

Dixa answers a bulk request with one outcome per input item, in input order. A
``BulkResult`` keeps every outcome: successes in ``succeeded``, failures in ``failed``
with Dixa's error and the input item it belongs to. Nothing is dropped; call
``raise_for_failures()`` to turn partial failure into an exception.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from dixa._exceptions import BulkFailureError

T = TypeVar("T")
I = TypeVar("I")  # noqa: E741 - the conventional name for an input item

__all__ = ["BulkFailure", "BulkResult", "collect_outcomes"]


@dataclass(frozen=True, slots=True)
class BulkFailure(Generic[I]):
    """One failed item: its position, the input it came from and Dixa's error."""

    index: int
    input: I | None
    error: Any
    message: str

    def __str__(self) -> str:
        return f"item {self.index}: {self.message}"


@dataclass(frozen=True, slots=True)
class BulkResult(Generic[T, I]):
    succeeded: list[T] = field(default_factory=list)
    failed: list[BulkFailure[I]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed

    def raise_for_failures(self) -> BulkResult[T, I]:
        """Raise :class:`~dixa.BulkFailureError` if any item failed; else return self."""
        if self.failed:
            raise BulkFailureError(list(self.failed))
        return self

    def __len__(self) -> int:
        return len(self.succeeded) + len(self.failed)


def _error_message(error: Any) -> str:
    message = getattr(error, "message", None)
    if isinstance(message, str):
        kind = getattr(error, "field_type_", None)
        return f"{kind}: {message}" if isinstance(kind, str) else message
    return repr(error)


def collect_outcomes(outcomes: Sequence[Any], inputs: Sequence[I]) -> BulkResult[Any, I]:
    """Split generated ``BulkActionSuccess``/``BulkActionFailure`` outcomes, keeping order.

    An outcome that is neither (an unknown variant) counts as a failure so it is seen.
    """
    matched = len(outcomes) == len(inputs)
    succeeded: list[Any] = []
    failed: list[BulkFailure[I]] = []
    for index, outcome in enumerate(outcomes):
        item = inputs[index] if matched else None
        if hasattr(outcome, "error"):
            failed.append(BulkFailure(index, item, outcome.error, _error_message(outcome.error)))
        elif hasattr(outcome, "data"):
            succeeded.append(outcome.data)
        else:
            failed.append(BulkFailure(index, item, outcome, f"unrecognised outcome {outcome!r}"))
    return BulkResult(succeeded, failed)
