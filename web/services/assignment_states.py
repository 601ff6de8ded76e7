"""The assignment status machine: which moves are allowed, and making them."""

from __future__ import annotations

from datetime import datetime

from web.models import Assignment
from web.services.errors import InvalidInput

# proposed -> confirmed -> offered -> accepted/declined/expired/cancelled -> completed/no_show.
# A completion the clock presumed may still turn out a no-show (assignment.presumed).
TRANSITIONS: dict[str, frozenset[str]] = {
    "proposed": frozenset({"confirmed", "cancelled"}),
    "confirmed": frozenset({"offered", "cancelled"}),
    "offered": frozenset({"accepted", "declined", "expired", "cancelled"}),
    "accepted": frozenset({"completed", "no_show", "cancelled"}),
    "declined": frozenset(),
    "expired": frozenset(),
    "cancelled": frozenset(),
    "completed": frozenset({"no_show"}),
    "no_show": frozenset(),
}


def can_move(current: str, new: str) -> bool:
    """Whether an assignment may go from `current` to `new`."""
    return new in TRANSITIONS.get(current, frozenset())


def move(assignment: Assignment, new: str, now: datetime) -> None:
    """Change an assignment's status, or raise InvalidInput naming the status field.

    The caller commits; the version column turns a concurrent change into a
    StaleDataError at commit.
    """
    if not can_move(assignment.status, new) or (
        assignment.status == "completed" and not assignment.presumed
    ):
        raise InvalidInput({"status": [f"cannot go from {assignment.status} to {new}"]})
    assignment.status = new
    if new == "offered":
        assignment.offered_at = now
    elif new in {"accepted", "declined", "expired"}:
        assignment.answered_at = now
