"""A map-free overview: residents, volunteers and open requests per postcode and street."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import func, select

from web.db import db
from web.models import HelpRequest, Resident, Volunteer

OPEN_STATUSES = ("new", "open", "proposed", "unfilled")


@dataclass(frozen=True)
class StreetCount:
    """How many of each live in, or ask for help from, one street."""

    postcode: str
    street: str
    residents: int
    volunteers: int
    open_requests: int


def street_counts(organisation_id: int) -> list[StreetCount]:
    """Counts per (postcode, street), busiest streets first."""

    def grouped(model: type[Resident] | type[Volunteer]) -> Counter[tuple[str, str]]:
        rows = db.session.execute(
            select(model.postcode, model.street, func.count())
            .where(model.organisation_id == organisation_id, model.erased_at.is_(None))
            .group_by(model.postcode, model.street)
        ).all()
        return Counter({(p, s): n for p, s, n in rows})

    residents, volunteers = grouped(Resident), grouped(Volunteer)
    requests = Counter(
        {
            (p, s): n
            for p, s, n in db.session.execute(
                select(Resident.postcode, Resident.street, func.count())
                .join(HelpRequest, HelpRequest.resident_id == Resident.id)
                .where(
                    HelpRequest.organisation_id == organisation_id,
                    HelpRequest.status.in_(OPEN_STATUSES),
                )
                .group_by(Resident.postcode, Resident.street)
            ).all()
        }
    )
    streets = set(residents) | set(volunteers) | set(requests)
    counts = [
        StreetCount(p, s, residents[(p, s)], volunteers[(p, s)], requests[(p, s)])
        for p, s in streets
    ]
    return sorted(counts, key=lambda c: (-c.open_requests, -c.residents, c.postcode, c.street))
