"""Approving proposals: the one way a proposal becomes an offer by SMS.

The review page (approve, approve all), the API's confirm and the clock's
cascade (auto-offer organisations, and requests whose earlier volunteer said
no) all call :func:`approve`: the proposal is confirmed, offered and its SMS
queued in one transaction, so an approval always tells the volunteer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from web.db import db
from web.models import Assignment, HelpRequest
from web.services import audit
from web.services.assignment_states import move
from web.services.errors import InvalidInput
from web.services.offers import send_offer
from web.services.scoping import owned_assignment
from web.services.versions import check_version, commit_or_stale


@dataclass(frozen=True)
class Approval:
    """An approved proposal and when its offer SMS goes out."""

    assignment: Assignment
    sms_at: datetime


@dataclass
class Approvals:
    """What approving many proposals did: approved ones, and refusals with their reasons."""

    approved: list[Approval] = field(default_factory=list)
    refused: list[tuple[Assignment, list[str]]] = field(default_factory=list)


def approve(
    assignment: Assignment, now: datetime, *, actor: str = "user", user_id: int | None = None
) -> Approval:
    """Confirm a proposal and offer it by SMS in the caller's transaction.

    Refuses (InvalidInput) a row that is no longer a proposal, a task that has
    begun, a request that is no longer being planned, and a volunteer who
    cannot get SMS.
    """
    if assignment.status != "proposed":
        raise InvalidInput({"status": ["only a proposal can be approved"]})
    if assignment.request.status != "proposed":
        raise InvalidInput({"status": [f"the request is {assignment.request.status}"]})
    if assignment.starts_at <= now:
        raise InvalidInput({"starts_at": ["this task has already begun"]})
    move(assignment, "confirmed", now)
    audit.record("confirmed", assignment, actor=actor, user_id=user_id)
    message = send_offer(assignment, now)
    return Approval(assignment, message.next_attempt_at or now)


def approve_one(
    organisation_id: int, assignment_id: int, *, version: int, user_id: int, now: datetime
) -> Approval:
    """A coordinator approves one proposal; all or nothing; commits.

    Raises NotFound, StaleVersion (someone changed it meanwhile) or InvalidInput.
    """
    assignment = owned_assignment(organisation_id, assignment_id)
    check_version(assignment, version)
    try:
        approval = approve(assignment, now, user_id=user_id)
    except InvalidInput:
        db.session.rollback()
        raise
    commit_or_stale(assignment)
    return approval


def approve_many(
    proposals: list[Assignment], now: datetime, *, actor: str, user_id: int | None = None
) -> Approvals:
    """Approve each proposal that can be; the others are listed with why; commits."""
    result = Approvals()
    for assignment in proposals:
        try:
            with db.session.begin_nested():
                result.approved.append(approve(assignment, now, actor=actor, user_id=user_id))
        except InvalidInput as refusal:
            result.refused.append((assignment, [m for ms in refusal.errors.values() for m in ms]))
    db.session.commit()
    return result


def approve_all(organisation_id: int, *, user_id: int, now: datetime) -> Approvals:
    """A coordinator approves every waiting proposal of the organisation; commits."""
    waiting = db.session.scalars(
        select(Assignment)
        .join(HelpRequest)
        .where(HelpRequest.organisation_id == organisation_id, Assignment.status == "proposed")
        .order_by(Assignment.starts_at, Assignment.id)
    ).all()
    return approve_many(list(waiting), now, actor="user", user_id=user_id)
