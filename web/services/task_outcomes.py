"""How a task ended, as the coordinator learns it: done, or the volunteer never came.

The volunteer's OK to the check-in completes a task by SMS; a task nobody
answered about is completed as presumed by the clock (offers.presume_completed).
Here the coordinator confirms or corrects either.
"""

from __future__ import annotations

from datetime import datetime

from web.db import db
from web.models import Assignment
from web.services import offers
from web.services.errors import InvalidInput
from web.services.scoping import owned_assignment
from web.services.versions import check_version, commit_or_stale


def mark_done(
    organisation_id: int, assignment_id: int, *, version: int, user_id: int, now: datetime
) -> Assignment:
    """The task happened; a presumed completion becomes a confirmed one; commits."""
    assignment = _task(organisation_id, assignment_id, version)
    try:
        offers.complete(assignment, now, actor="user", user_id=user_id)
    except InvalidInput:
        db.session.rollback()
        raise
    commit_or_stale(assignment)
    return assignment


def mark_no_show(
    organisation_id: int, assignment_id: int, *, version: int, user_id: int, now: datetime
) -> Assignment:
    """The volunteer did not come: a no-show, and the request was missed if nobody came; commits."""
    assignment = _task(organisation_id, assignment_id, version)
    try:
        offers.mark_no_show(assignment, now, user_id=user_id)
    except InvalidInput:
        db.session.rollback()
        raise
    commit_or_stale(assignment)
    return assignment


def _task(organisation_id: int, assignment_id: int, version: int) -> Assignment:
    assignment = owned_assignment(organisation_id, assignment_id)
    check_version(assignment, version)
    return assignment
