"""Input schemas for residents and volunteers."""

from __future__ import annotations

from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates_schema

from web.models.vocabulary import GENDERS, PREFERRED_GENDERS, SKILLS, TRAVEL_MODES, UI_LANGUAGES
from web.schemas.fields import ClockTime, Phone, languages, name


class PlaceInput(Schema):
    """Postcode and street (and an optional house number for the coordinator)."""

    class Meta:
        unknown = RAISE

    postcode = fields.String(required=True, validate=validate.Length(equal=4))
    street = fields.String(required=True, validate=validate.Length(min=1, max=120))
    house_number = fields.String(load_default=None, validate=validate.Length(max=12))


class ResidentInput(PlaceInput):
    """A resident as filed by a coordinator or the public form."""

    first_name = name()
    last_name = name()
    phone = Phone(mobile_only=False, load_default=None, allow_none=True)
    sms_consent = fields.Boolean(load_default=False)
    languages = languages()
    preferred_gender = fields.String(
        load_default=None, allow_none=True, validate=validate.OneOf(PREFERRED_GENDERS)
    )
    notes = fields.String(load_default=None, validate=validate.Length(max=2000))
    consent_date = fields.Date(load_default=None)

    @validates_schema
    def _consent_needs_phone(self, data: dict[str, Any], **_: Any) -> None:
        if data.get("sms_consent") and not data.get("phone"):
            raise ValidationError("a phone number is needed to receive SMS", "sms_consent")


class WeeklySlot(Schema):
    """One weekly availability slot in local time."""

    class Meta:
        unknown = RAISE

    weekday = fields.Integer(required=True, strict=True, validate=validate.Range(0, 6))
    start = ClockTime(required=True)
    end = ClockTime(required=True)

    @validates_schema
    def _start_before_end(self, data: dict[str, Any], **_: Any) -> None:
        if "start" in data and "end" in data and data["start"] >= data["end"]:
            raise ValidationError("end is before start", "end")


class VolunteerInput(PlaceInput):
    """A volunteer with skills, languages, travel mode and weekly availability."""

    first_name = name()
    last_name = name()
    phone = Phone(mobile_only=True, required=True)
    sms_language = fields.String(load_default="nl", validate=validate.OneOf(UI_LANGUAGES))
    languages = languages()
    skills = fields.List(
        fields.String(validate=validate.OneOf(SKILLS)),
        required=True,
        validate=validate.Length(min=1, error="choose at least one"),
    )
    gender = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(GENDERS))
    travel_mode = fields.String(load_default="walk", validate=validate.OneOf(TRAVEL_MODES))
    vehicle_seats = fields.Integer(
        load_default=None, allow_none=True, validate=validate.Range(1, 9)
    )
    vehicle_wheelchair = fields.Boolean(load_default=False)
    capacity_minutes_per_week = fields.Integer(
        load_default=None, allow_none=True, validate=validate.Range(0, 7 * 24 * 60)
    )
    max_tasks_per_week = fields.Integer(
        load_default=None, allow_none=True, validate=validate.Range(0, 100)
    )
    max_distance_km = fields.Float(
        load_default=None, allow_none=True, validate=validate.Range(0.1, 200)
    )
    availability = fields.List(fields.Nested(WeeklySlot), load_default=list)
    consent_date = fields.Date(load_default=None)

    @validates_schema
    def _vehicle_for_transport(self, data: dict[str, Any], **_: Any) -> None:
        if data.get("vehicle_wheelchair") and not data.get("vehicle_seats"):
            raise ValidationError("a wheelchair vehicle needs its number of seats", "vehicle_seats")
