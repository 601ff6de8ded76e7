"""Counts that tell a coordinator where their organisation stands."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, select

from web.db import db
from web.models import HelpRequest, Organisation, Resident, Volunteer


@dataclass(frozen=True)
class Overview:
    """How many volunteers, residents and open requests an organisation has."""

    organisation: Organisation
    volunteers: int
    residents: int
    open_requests: int


def organisation_overview(organisation_id: int) -> Overview:
    """Count what belongs to one organisation."""

    def count(model: type[Volunteer | Resident | HelpRequest], *where: ColumnElement[bool]) -> int:
        query = select(func.count()).select_from(model)
        query = query.where(model.organisation_id == organisation_id, *where)
        return int(db.session.scalar(query) or 0)

    return Overview(
        organisation=db.get_or_404(Organisation, organisation_id),
        volunteers=count(Volunteer, Volunteer.active.is_(True)),
        residents=count(Resident),
        open_requests=count(HelpRequest, HelpRequest.status.in_(("new", "open", "unfilled"))),
    )
