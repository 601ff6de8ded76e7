"""Which organisation receives what the public sends in.

Organisations have no declared territory, so the data decides: an
organisation serves a postcode when it has active volunteers living there.
"""

from __future__ import annotations

from sqlalchemy import func, select

from web.db import db
from web.models import Organisation, Volunteer
from web.services.errors import InvalidInput


def all_organisations() -> list[Organisation]:
    """Every organisation, by name (for the public forms' chooser)."""
    return list(db.session.scalars(select(Organisation).order_by(Organisation.name)))


def organisation_for(postcode: str, chosen_id: int | None) -> int:
    """The organisation that receives a public form for this postcode.

    The sender's own choice wins; otherwise the organisation with the most
    active volunteers in the postcode; otherwise the only organisation there is.
    """
    if chosen_id is not None:
        if db.session.get(Organisation, chosen_id) is None:
            raise InvalidInput({"organisation_id": ["no such organisation"]})
        return chosen_id
    busiest = db.session.execute(
        select(Volunteer.organisation_id, func.count().label("n"))
        .where(Volunteer.postcode == postcode, Volunteer.active.is_(True))
        .group_by(Volunteer.organisation_id)
        .order_by(func.count().desc(), Volunteer.organisation_id)
        .limit(1)
    ).first()
    if busiest is not None:
        return int(busiest.organisation_id)
    ids = list(db.session.scalars(select(Organisation.id).limit(2)))
    if len(ids) == 1:
        return int(ids[0])
    if not ids:
        raise InvalidInput({"_form": ["no organisation receives requests yet"]})
    raise InvalidInput({"organisation_id": ["no organisation works in this postcode yet"]})
