"""Filing residents and volunteers, with every field checked before anything is written."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select

from web.db import db
from web.models import AvailabilityRule, Resident, Volunteer
from web.models.resident import name_key
from web.schemas import load_or_refuse
from web.schemas.people import ResidentInput, VolunteerInput
from web.services import audit
from web.services.errors import InvalidInput
from web.services.places import Location, UnknownPlace, locate


def _place(data: dict[str, Any], prefix: str = "") -> Location:
    try:
        return locate(data["postcode"], data["street"])
    except UnknownPlace as error:
        raise InvalidInput({prefix + error.field: [str(error)]}) from None


def create_resident(
    organisation_id: int,
    data: Mapping[str, Any],
    *,
    user_id: int | None = None,
    commit: bool = True,
) -> Resident:
    """File a resident; raise InvalidInput naming each bad field, writing nothing.

    With `commit=False` the resident is only flushed, for a caller that files
    more in the same transaction.
    """
    fields = load_or_refuse(ResidentInput(), data)
    location = _place(fields)
    if fields.get("phone") and _namesake_with_phone(organisation_id, fields):
        # A shared landline is fine; the same person twice is not.
        raise InvalidInput({"phone": ["is already registered for a resident with this name"]})
    resident = Resident(
        organisation_id=organisation_id,
        **{k: v for k, v in fields.items() if k not in {"postcode", "street"}},
        postcode=location.postcode,
        street=location.street,
        lat=location.lat,
        lon=location.lon,
    )
    db.session.add(resident)
    audit.record("created", resident, actor="user" if user_id else "system", user_id=user_id)
    if commit:
        db.session.commit()
    return resident


def _namesake_with_phone(organisation_id: int, fields: Mapping[str, Any]) -> bool:
    found = db.session.scalar(
        select(Resident.id).where(
            Resident.organisation_id == organisation_id,
            Resident.erased_at.is_(None),
            Resident.phone == fields["phone"],
            Resident.name_key == name_key(fields["first_name"], fields["last_name"]),
        )
    )
    return found is not None


def create_volunteer(
    organisation_id: int,
    data: Mapping[str, Any],
    *,
    user_id: int | None = None,
    active: bool = True,
    actor: str | None = None,
) -> Volunteer:
    """Register a volunteer with weekly availability; refuse bad input, writing nothing.

    Sign-ups from the public form arrive with `active=False` until a coordinator approves.
    """
    fields = load_or_refuse(VolunteerInput(), data)
    location = _place(fields)
    taken = db.session.scalar(select(Volunteer.id).where(Volunteer.phone == fields["phone"]))
    if taken is not None:
        raise InvalidInput({"phone": ["is already registered for another volunteer"]})
    slots = fields.pop("availability")
    volunteer = Volunteer(
        organisation_id=organisation_id,
        **{k: v for k, v in fields.items() if k not in {"postcode", "street"}},
        postcode=location.postcode,
        street=location.street,
        lat=location.lat,
        lon=location.lon,
        active=active,
        availability=[
            AvailabilityRule(weekday=s["weekday"], starts_at=s["start"], ends_at=s["end"])
            for s in slots
        ],
    )
    db.session.add(volunteer)
    actor = actor or ("user" if user_id else "system")
    audit.record("created", volunteer, actor=actor, user_id=user_id)
    db.session.commit()
    return volunteer
