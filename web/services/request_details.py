"""One help request as the coordinator's request page shows it: who, what, and each task."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from web.db import db
from web.models import Assignment, HelpRequest, Resident, SmsMessage, Volunteer
from web.services.scoping import owned
from web.services.triage import candidates


@dataclass(frozen=True)
class Task:
    """One volunteer's assignment to the request, with its offer SMS if one was queued."""

    assignment: Assignment
    offer_sms: SmsMessage | None


@dataclass(frozen=True)
class RequestDetails:
    """The request, its tasks (newest first) and, while it is new, residents it may belong to."""

    request: HelpRequest
    tasks: list[Task]
    candidates: list[Resident]
    # Who a task could be given to: active volunteers with the skill, the engine checks the rest.
    helpers: list[Volunteer]


def request_details(organisation_id: int, request_id: int) -> RequestDetails:
    """Everything the request page shows; NotFound for another organisation's request."""
    request = owned(HelpRequest, organisation_id, request_id)
    assignments = db.session.scalars(
        select(Assignment)
        .where(Assignment.request_id == request.id)
        .options(joinedload(Assignment.volunteer))
        .order_by(Assignment.id.desc())
    ).all()
    offers = {
        m.assignment_id: m
        for m in db.session.scalars(
            select(SmsMessage).where(
                SmsMessage.assignment_id.in_([a.id for a in assignments]),
                SmsMessage.kind == "offer",
            )
        )
    }
    helpers = [
        v
        for v in db.session.scalars(
            select(Volunteer)
            .where(
                Volunteer.organisation_id == organisation_id,
                Volunteer.active.is_(True),
                Volunteer.erased_at.is_(None),
            )
            .order_by(Volunteer.first_name, Volunteer.last_name, Volunteer.street)
        )
        if request.skill in v.skills
    ]
    return RequestDetails(
        request,
        [Task(a, offers.get(a.id)) for a in assignments],
        candidates(request) if request.status == "new" else [],
        helpers,
    )
