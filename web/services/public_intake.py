"""What residents and volunteers send in through the public forms.

Help requests wait for a coordinator's triage (status "new"), or go straight
to matching ("open") in an organisation that chose so. The form never merges
people silently: a known phone under another name is a new resident, flagged
as a possible duplicate for the coordinator. Sign-ups become volunteers who
wait, inactive, until a coordinator approves them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from web.db import db, utcnow
from web.models import HelpRequest, Organisation, Resident, Volunteer
from web.models.resident import name_key
from web.schemas import load_or_refuse
from web.schemas.people import ResidentInput
from web.schemas.public_forms import PublicHelpRequestInput, VolunteerSignUpInput
from web.services import audit
from web.services.errors import InvalidInput
from web.services.parts_of_day import window_on
from web.services.people import create_volunteer
from web.services.places import UnknownPlace, locate
from web.services.service_areas import organisation_for

MAX_DAYS_AHEAD = 60
_RESIDENT_FIELDS = tuple(ResidentInput().fields)


def _window(fields: dict[str, Any], timezone: str, now: datetime) -> tuple[datetime, datetime]:
    day: date = fields["day"]
    start, end = window_on(day, fields["part_of_day"], timezone)
    # Too late today also when what is left of the part is shorter than the help.
    if end - max(start, now) < timedelta(minutes=fields["duration_minutes"]):
        raise InvalidInput({"day": ["this day is already over"]})
    if start - now > timedelta(days=MAX_DAYS_AHEAD):
        raise InvalidInput({"day": [f"choose a day within {MAX_DAYS_AHEAD} days"]})
    return max(start, now), end


def _known_resident(
    organisation_id: int, fields: dict[str, Any]
) -> tuple[Resident | None, Resident | None]:
    """The same person already filed (same name, and same phone or street), and otherwise
    someone else with this phone: a possible duplicate for the coordinator to judge."""
    query = select(Resident).where(
        Resident.organisation_id == organisation_id,
        Resident.erased_at.is_(None),
        Resident.name_key == name_key(fields["first_name"], fields["last_name"]),
    )
    if fields.get("phone"):
        query = query.where(Resident.phone == fields["phone"])
    else:
        query = query.where(
            Resident.postcode == fields["postcode"],
            func.lower(Resident.street) == fields["street"].lower(),
        )
    same = db.session.scalars(query.order_by(Resident.id).limit(1)).first()
    if same is not None or not fields.get("phone"):
        return same, None
    sharing = db.session.scalars(
        select(Resident)
        .where(
            Resident.organisation_id == organisation_id,
            Resident.erased_at.is_(None),
            Resident.phone == fields["phone"],
        )
        .order_by(Resident.id)
        .limit(1)
    ).first()
    return None, sharing


def submit_help_request(
    data: Mapping[str, Any], *, timezone: str, now: datetime | None = None
) -> HelpRequest:
    """File a public help request for review; refuse bad input naming the field, writing nothing.

    The resident is matched on phone (or name and street) within the receiving
    organisation, or filed anew with only what the form asked.
    """
    fields = load_or_refuse(PublicHelpRequestInput(), data)
    start, end = _window(fields, timezone, now or utcnow())
    try:
        place = locate(fields["postcode"], fields["street"])
    except UnknownPlace as error:
        raise InvalidInput({error.field: [str(error)]}) from None
    fields.update(postcode=place.postcode, street=place.street)
    organisation_id = organisation_for(place.postcode, fields["organisation_id"])
    organisation = db.session.get_one(Organisation, organisation_id)
    resident, sharing = _known_resident(organisation_id, fields)
    new_resident = resident is None
    if resident is None:
        resident_fields = {k: v for k, v in fields.items() if k in _RESIDENT_FIELDS}
        resident_fields.update(lat=place.lat, lon=place.lon, consent_date=(now or utcnow()).date())
        resident = Resident(
            organisation_id=organisation_id, possible_duplicate_of=sharing, **resident_fields
        )
    contact = {"filed_by": fields["filed_by"]}
    description = fields["description"]
    if fields["filed_by"] != "resident":
        contact.update(contact_name=fields["contact_name"], contact=fields["contact"])
        # The coordinator calls this person back, so they stand in the request itself.
        description = f"{description}\n\n— {fields['contact_name']} · {fields['contact']}".strip()
    request = HelpRequest(
        organisation_id=organisation_id,
        resident=resident,
        skill=fields["skill"],
        description=description,
        duration_minutes=fields["duration_minutes"],
        window_start=start,
        window_end=end,
        status="new" if organisation.triage_public_requests else "open",
        source="public_form",
    )
    db.session.add(request)
    db.session.flush()  # one round of inserts gives both their ids
    if new_resident:
        flag = {"possible_duplicate_of": sharing.id} if sharing is not None else {}
        audit.record("created", resident, actor="public_form", changes=flag)
    audit.record("created", request, actor="public_form", changes=contact)
    db.session.commit()
    return request


def sign_up_volunteer(data: Mapping[str, Any]) -> Volunteer | None:
    """Register a neighbour who offers help, inactive until a coordinator approves.

    A number that already volunteers, here or with another organisation,
    files nothing (None) and is answered like any sign-up, so the form never
    tells whether a number volunteers anywhere; the owning organisation
    finds "signed_up_again" in that volunteer's audit trail.
    """
    fields = load_or_refuse(VolunteerSignUpInput(), data)
    try:
        place = locate(fields["postcode"], fields["street"])
    except UnknownPlace as error:
        raise InvalidInput({error.field: [str(error)]}) from None
    organisation_id = organisation_for(place.postcode, fields["organisation_id"])
    known = db.session.scalar(select(Volunteer).where(Volunteer.phone == fields["phone"]))
    if known is not None:
        audit.record("signed_up_again", known, actor="public_form")
        db.session.commit()
        return None
    volunteer_data = {k: v for k, v in data.items() if k not in {"consent", "organisation_id"}}
    volunteer_data["consent_date"] = utcnow().date().isoformat()
    return create_volunteer(organisation_id, volunteer_data, active=False, actor="public_form")
