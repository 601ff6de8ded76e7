"""One resident or volunteer of an organisation, with the history of who helped whom."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from web.db import db
from web.models import Assignment, HelpRequest, Resident, Volunteer
from web.services.errors import NotFound

HISTORY_LIMIT = 100


@dataclass(frozen=True)
class HelpRequestHistory:
    """A resident's request with the volunteers assigned to it."""

    request: HelpRequest
    assignments: list[Assignment]


def get_resident(organisation_id: int, resident_id: int) -> Resident:
    """A resident of this organisation; NotFound for others' and erased ones."""
    resident = db.session.get(Resident, resident_id)
    if resident is None or resident.organisation_id != organisation_id or resident.erased_at:
        raise NotFound(f"no resident {resident_id} in this organisation")
    return resident


def get_volunteer(organisation_id: int, volunteer_id: int) -> Volunteer:
    """A volunteer of this organisation; NotFound for others' and erased ones."""
    volunteer = db.session.get(Volunteer, volunteer_id)
    if volunteer is None or volunteer.organisation_id != organisation_id or volunteer.erased_at:
        raise NotFound(f"no volunteer {volunteer_id} in this organisation")
    return volunteer


def volunteer_history(organisation_id: int, volunteer_id: int) -> list[Assignment]:
    """The volunteer's assignments, newest first, with request and resident loaded."""
    get_volunteer(organisation_id, volunteer_id)
    return list(
        db.session.scalars(
            select(Assignment)
            .join(Assignment.request)
            .where(
                Assignment.volunteer_id == volunteer_id,
                HelpRequest.organisation_id == organisation_id,
            )
            .options(joinedload(Assignment.request).joinedload(HelpRequest.resident))
            .order_by(Assignment.starts_at.desc(), Assignment.id.desc())
            .limit(HISTORY_LIMIT)
        )
    )


def resident_history(organisation_id: int, resident_id: int) -> list[HelpRequestHistory]:
    """The resident's requests, newest first, each with who was assigned."""
    get_resident(organisation_id, resident_id)
    requests = list(
        db.session.scalars(
            select(HelpRequest)
            .where(
                HelpRequest.resident_id == resident_id,
                HelpRequest.organisation_id == organisation_id,
            )
            .order_by(HelpRequest.window_start.desc(), HelpRequest.id.desc())
            .limit(HISTORY_LIMIT)
        )
    )
    assignments = db.session.scalars(
        select(Assignment)
        .where(Assignment.request_id.in_([r.id for r in requests]))
        .options(joinedload(Assignment.volunteer))
        .order_by(Assignment.starts_at, Assignment.id)
    )
    by_request: dict[int, list[Assignment]] = {}
    for assignment in assignments:
        by_request.setdefault(assignment.request_id, []).append(assignment)
    return [HelpRequestHistory(r, by_request.get(r.id, [])) for r in requests]
