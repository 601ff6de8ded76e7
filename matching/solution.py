"""The output of the matching engine: a frozen plan plus its explanations."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Alternative:
    """A next-best volunteer for an assigned request and why it was not chosen."""

    volunteer: str
    score: float
    note: str


@dataclass(frozen=True)
class Explanation:
    """Why an assignment was made: its objective terms and the runners-up."""

    terms: tuple[tuple[str, float], ...]
    alternatives: tuple[Alternative, ...] = ()

    @property
    def score(self) -> float:
        """The assignment's contribution to the objective (lower is better)."""
        return sum(value for _, value in self.terms)


@dataclass(frozen=True)
class Assignment:
    """One volunteer sent to one request at a start time."""

    request: str
    volunteer: str
    start: datetime
    explanation: Explanation | None = None


@dataclass(frozen=True)
class Unassigned:
    """A request left unfilled, with reasons a coordinator can act on."""

    request: str
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class Solution:
    """A plan: every request is either in `assignments` or in `unassigned`."""

    status: str
    assignments: tuple[Assignment, ...]
    unassigned: tuple[Unassigned, ...]
    objective: float | None = None
    bound: float | None = None
    stats: dict[str, float | int] = field(default_factory=dict)
    conflicts: tuple[str, ...] = ()
