"""A coordinator confirms a proposal through the API: confirmed and offered by SMS at once."""

from __future__ import annotations

from datetime import datetime

from web.db import db
from web.models import Assignment
from web.services import audit
from web.services.assignment_states import move
from web.services.offers import send_offer
from web.services.scoping import owned_assignment
from web.services.versions import check_version


def confirm_assignment(
    organisation_id: int, assignment_id: int, *, version: int, user_id: int, now: datetime
) -> Assignment:
    """Approve a proposal and queue its SMS offer in one transaction; all or nothing.

    Raises NotFound, StaleVersion, or InvalidInput (not a proposal, or the
    volunteer gets no SMS); the caller rolls back on any of them.
    """
    assignment = owned_assignment(organisation_id, assignment_id)
    check_version(assignment, version)
    move(assignment, "confirmed", now)
    audit.record("confirmed", assignment, actor="user", user_id=user_id)
    send_offer(assignment, now)
    db.session.commit()
    return assignment
