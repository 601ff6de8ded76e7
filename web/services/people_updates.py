"""Changing residents and volunteers: the same checks as filing them, on the merged record."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select

from web.db import db, utcnow
from web.models import AvailabilityRule, Resident, Volunteer
from web.schemas import load_or_refuse
from web.schemas.people import ResidentInput, VolunteerInput
from web.services import audit
from web.services.errors import InvalidInput
from web.services.places import UnknownPlace, locate
from web.services.scoping import owned
from web.services.versions import check_version

_PLACE = ("postcode", "street", "house_number")


def _as_input(person: Resident | Volunteer, names: tuple[str, ...]) -> dict[str, Any]:
    values = {name: getattr(person, name) for name in names + _PLACE}
    if values.get("consent_date") is not None:
        values["consent_date"] = values["consent_date"].isoformat()
    return values


def _apply(person: Resident | Volunteer, fields: dict[str, Any], patch: Mapping[str, Any]) -> None:
    """Write validated fields; look the place up again only when it changed."""
    if {"postcode", "street"} & patch.keys():
        try:
            place = locate(fields["postcode"], fields["street"])
        except UnknownPlace as error:
            raise InvalidInput({error.field: [str(error)]}) from None
        person.postcode, person.street = place.postcode, place.street
        person.lat, person.lon = place.lat, place.lon
    for name, value in fields.items():
        if name not in {"postcode", "street", "availability"}:
            setattr(person, name, value)
    # A change to the slots alone leaves the row untouched; the version must move anyway.
    person.updated_at = utcnow()


def update_resident(
    organisation_id: int,
    resident_id: int,
    patch: Mapping[str, Any],
    *,
    version: int,
    user_id: int | None = None,
) -> Resident:
    """Change some of a resident's fields; refuse bad input or a stale version, writing nothing."""
    resident = owned(Resident, organisation_id, resident_id, for_update=True)
    check_version(resident, version)
    current = _as_input(resident, tuple(ResidentInput().fields.keys() - set(_PLACE)))
    fields = load_or_refuse(ResidentInput(), {**current, **patch})
    _apply(resident, fields, patch)
    audit.record(
        "updated", resident, actor="user", user_id=user_id, changes={"fields": sorted(patch)}
    )
    db.session.commit()
    return resident


def update_volunteer(
    organisation_id: int,
    volunteer_id: int,
    patch: Mapping[str, Any],
    *,
    version: int,
    user_id: int | None = None,
) -> Volunteer:
    """Change some of a volunteer's fields (availability is replaced whole when given)."""
    volunteer = owned(Volunteer, organisation_id, volunteer_id, for_update=True)
    check_version(volunteer, version)
    names = tuple(VolunteerInput().fields.keys() - set(_PLACE) - {"availability"})
    current = _as_input(volunteer, names)
    current["availability"] = [
        {
            "weekday": r.weekday,
            "start": r.starts_at.strftime("%H:%M"),
            "end": r.ends_at.strftime("%H:%M"),
        }
        for r in volunteer.availability
    ]
    fields = load_or_refuse(VolunteerInput(), {**current, **patch})
    taken = db.session.scalar(
        select(Volunteer.id).where(Volunteer.phone == fields["phone"], Volunteer.id != volunteer.id)
    )
    if taken is not None:
        raise InvalidInput({"phone": ["is already registered for another volunteer"]})
    _apply(volunteer, fields, patch)
    if "availability" in patch:
        # Old slots go first: the new ones may repeat them, and (weekday, start) is unique.
        volunteer.availability.clear()
        db.session.flush()
        volunteer.availability = [
            AvailabilityRule(weekday=s["weekday"], starts_at=s["start"], ends_at=s["end"])
            for s in fields["availability"]
        ]
    audit.record(
        "updated", volunteer, actor="user", user_id=user_id, changes={"fields": sorted(patch)}
    )
    db.session.commit()
    return volunteer
