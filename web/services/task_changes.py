"""A coordinator changes a task after the plan: calls it off, or gives it to someone else.

Either way the volunteer who knew of it is told by SMS (offers.cancel_assignment).
Giving it to someone else is checked by the engine and offers it to the new
volunteer at once; a proposal not yet offered is simply swapped.
"""

from __future__ import annotations

from datetime import datetime

from web.db import db
from web.models import Assignment
from web.models.vocabulary import COMMITTED_ASSIGNMENT_STATUSES
from web.services import audit, review
from web.services.errors import InvalidInput
from web.services.matching import start_matching_run
from web.services.offers import cancel_assignment
from web.services.proposal_approval import approve
from web.services.scoping import owned_assignment
from web.services.versions import check_version, commit_or_stale


def cancel_task(
    organisation_id: int, assignment_id: int, *, version: int, user_id: int, now: datetime
) -> Assignment:
    """Call off one volunteer's task; they are told, and a round looks for someone else."""
    assignment = owned_assignment(organisation_id, assignment_id)
    check_version(assignment, version)
    try:
        cancel_assignment(assignment, now, user_id=user_id)
    except InvalidInput:
        db.session.rollback()
        raise
    commit_or_stale(assignment)
    start_matching_run(organisation_id, user_id=user_id)
    return assignment


def reassign_task(
    organisation_id: int,
    assignment_id: int,
    *,
    version: int,
    volunteer_id: int,
    user_id: int,
    timezone: str,
    now: datetime,
) -> Assignment:
    """Give a task to another volunteer; returns the new assignment.

    A proposal is swapped (review.swap). An approved, offered or accepted task
    is cancelled (its volunteer told), planned again with the new volunteer
    pinned, and offered to them by SMS; if the engine says no, nothing changes.
    """
    assignment = owned_assignment(organisation_id, assignment_id)
    check_version(assignment, version)
    if assignment.status == "proposed":
        return review.swap(
            organisation_id, assignment_id, version, volunteer_id, user_id, timezone, now
        )
    if assignment.status not in COMMITTED_ASSIGNMENT_STATUSES:
        raise InvalidInput({"status": [f"a task that is {assignment.status} cannot be given on"]})
    if volunteer_id == assignment.volunteer_id:
        raise InvalidInput({"volunteer_id": ["this volunteer already has the task"]})
    request = assignment.request
    cancel_assignment(assignment, now, user_id=user_id)
    [new] = review.plan_with_pins(organisation_id, request, {volunteer_id}, timezone, now)
    try:
        approve(new, now, user_id=user_id)
    except InvalidInput:
        db.session.rollback()
        raise
    audit.record(
        "reassigned",
        request,
        actor="user",
        user_id=user_id,
        changes={"from": assignment.volunteer_id, "to": volunteer_id},
    )
    commit_or_stale(assignment)
    return new
