"""How residents and volunteers look in the API."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields

from web.i18n import N_
from web.schemas.api.common import LOCATION_DOC, page_schema
from web.schemas.fields import ClockTime
from web.services.versions import record_version


def _full_name(person: Any) -> str:
    return f"{person.first_name} {person.last_name}"


def _location(person: Any) -> dict[str, float]:
    return {"lat": person.lat, "lon": person.lon}


class PersonOut(Schema):
    """Fields residents and volunteers share."""

    id = fields.Integer(required=True)
    version = fields.Function(record_version, required=True, metadata={"type": "integer"})
    name = fields.Function(_full_name, required=True, metadata={"type": "string"})
    first_name = fields.String(required=True)
    last_name = fields.String(required=True)
    languages = fields.List(fields.String(), required=True)
    postcode = fields.String(required=True)
    street = fields.String(required=True)
    house_number = fields.String(allow_none=True)
    location = fields.Function(_location, required=True, metadata=LOCATION_DOC)
    consent_date = fields.Date(allow_none=True)
    created_at = fields.AwareDateTime(required=True)
    updated_at = fields.AwareDateTime(required=True)


class ResidentOut(PersonOut):
    """A resident as a coordinator sees them (notes included, health details never asked)."""

    phone = fields.String(allow_none=True)
    sms_consent = fields.Boolean(required=True)
    preferred_gender = fields.String(allow_none=True)
    notes = fields.String(allow_none=True)


class SlotOut(Schema):
    """A weekly slot in local time."""

    weekday = fields.Integer(required=True)
    start = ClockTime(attribute="starts_at", required=True)
    end = ClockTime(attribute="ends_at", required=True)


class VolunteerOut(PersonOut):
    """A volunteer with skills, travel mode, limits and weekly availability."""

    phone = fields.String(required=True)
    sms_language = fields.String(required=True)
    sms_opt_out = fields.Boolean(required=True)
    skills = fields.List(fields.String(), required=True)
    gender = fields.String(allow_none=True)
    travel_mode = fields.String(required=True)
    mode = fields.Function(
        lambda v: v.travel_mode,
        required=True,
        metadata={"type": "string", "description": N_("the same as travel_mode")},
    )
    vehicle_seats = fields.Integer(allow_none=True)
    vehicle_wheelchair = fields.Boolean(required=True)
    capacity_minutes_per_week = fields.Integer(allow_none=True)
    max_tasks_per_week = fields.Integer(allow_none=True)
    max_distance_km = fields.Float(allow_none=True)
    active = fields.Boolean(required=True)
    availability = fields.List(fields.Nested(SlotOut), required=True)


ResidentPage = page_schema(ResidentOut, "ResidentPage")
VolunteerPage = page_schema(VolunteerOut, "VolunteerPage")
