"""The request status machine: a coordinator's decisions move it, its assignments settle it.

A request waits for triage (``new``) or goes straight to matching (``open``).
A coordinator takes it on (``open``), turns it down (``rejected``) or calls it
off (``cancelled``): those are decisions, made with :func:`move`. From then on
the status follows from the request's assignments, derived by :func:`settle`
after every change to them:

- ``open`` / ``unfilled``: a seat has nobody yet (``unfilled``: the last round
  found nobody, with its reasons);
- ``proposed``: every seat is filled, and some proposal waits for approval;
- ``offered``: every seat is approved or taken, and someone has not answered;
- ``arranged``: every seat is accepted (or already done);
- ``completed``: the help happened; ``missed``: it did not (a no-show).

:func:`disagreement` states the rule that holds at every commit, so tests and
the neighbourhood simulation can check it after every step.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from sqlalchemy import func, select

from web.db import db
from web.models import Assignment, HelpRequest
from web.services.errors import InvalidInput

# Decisions that take a request out of matching: it holds no live assignment.
HELD_BACK = frozenset({"new", "rejected", "cancelled"})
# Needs a volunteer for some seat: what a round plans.
SEEKING = frozenset({"open", "unfilled"})
# The help's time is over: nothing more happens to the request.
FINISHED = frozenset({"completed", "missed"})

# The coordinator's decisions; every other change is settle()'s.
DECISIONS: dict[str, frozenset[str]] = {
    "new": frozenset({"open", "rejected", "cancelled"}),
    "open": frozenset({"cancelled"}),
    "unfilled": frozenset({"cancelled"}),
    "proposed": frozenset({"cancelled"}),
    "offered": frozenset({"cancelled"}),
    "arranged": frozenset({"cancelled"}),
}
# Seats an assignment in one of these statuses fills.
_FILLING = ("proposed", "confirmed", "offered", "accepted", "completed", "no_show")
_LIVE = ("proposed", "confirmed", "offered", "accepted")


def seats(request_ids: Iterable[int]) -> dict[int, Counter[str]]:
    """Per request, how many of its assignments are in each seat-filling status."""
    ids = list(request_ids)
    counts: dict[int, Counter[str]] = {request_id: Counter() for request_id in ids}
    if not ids:
        return counts
    rows = db.session.execute(
        select(Assignment.request_id, Assignment.status, func.count())
        .where(Assignment.request_id.in_(ids), Assignment.status.in_(_FILLING))
        .group_by(Assignment.request_id, Assignment.status)
    ).all()
    for request_id, status, count in rows:
        counts[request_id][status] = count
    return counts


def open_seats(needed: int, count: Counter[str]) -> int:
    """Seats nobody is proposed for, asked for, or doing (or did)."""
    return max(0, needed - sum(count[status] for status in _FILLING))


def derived(current: str, needed: int, count: Counter[str]) -> str:
    """The status that the request's assignments imply, given its current one."""
    if current in HELD_BACK:
        return current
    if not sum(count[status] for status in _LIVE):
        if count["completed"]:
            return "completed"
        if count["no_show"]:
            return "missed"
    if open_seats(needed, count):
        return "unfilled" if current == "unfilled" else "open"
    if count["proposed"]:
        return "proposed"
    if count["confirmed"] or count["offered"]:
        return "offered"
    return "arranged"


def settle(request: HelpRequest, *, found_nobody: bool = False) -> str:
    """Bring the request's status in line with its assignments (the caller commits).

    ``found_nobody``: a round just tried the open seats and found no one.
    """
    if request.status in HELD_BACK:
        return request.status
    count = seats([request.id])[request.id]
    current = "unfilled" if found_nobody and request.status in SEEKING else request.status
    request.status = derived(current, request.volunteers_needed, count)
    if request.status not in SEEKING:
        request.unfilled_reasons = None
    return request.status


def move(request: HelpRequest, new: str, *, reason: str | None = None) -> None:
    """A coordinator's decision: take on, turn down or cancel; refuses any other move."""
    if new not in DECISIONS.get(request.status, frozenset()):
        raise InvalidInput({"status": [f"a request that is {request.status} cannot become {new}"]})
    request.status = new
    if reason is not None:
        request.closed_reason = reason
    if new in HELD_BACK:
        request.unfilled_reasons = None


def disagreement(status: str, needed: int, count: Counter[str]) -> str | None:
    """What is wrong when a status does not agree with the assignments, else None."""
    live = sum(count[s] for s in _LIVE)
    if status in HELD_BACK:
        return f"{status} but {live} live assignments" if live else None
    expected = derived(status, needed, count)
    if expected != status:
        return f"{status} but its assignments say {expected} ({dict(count)})"
    return None


def disagreements(request_ids: Iterable[int]) -> dict[int, str]:
    """Every request among ``request_ids`` whose status disagrees with its assignments."""
    ids = list(request_ids)
    rows = db.session.execute(
        select(HelpRequest.id, HelpRequest.status, HelpRequest.volunteers_needed).where(
            HelpRequest.id.in_(ids)
        )
    ).all()
    counts = seats(ids)
    found = {}
    for request_id, status, needed in rows:
        problem = disagreement(status, needed, counts[request_id])
        if problem is not None:
            found[request_id] = problem
    return found
