"""Input schema for help requests."""

from __future__ import annotations

from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates_schema

from web.models.vocabulary import REQUEST_SOURCES, SKILLS
from web.schemas.people import PlaceInput


class TimeWindow(Schema):
    """When the help may start and must be over, with a UTC offset."""

    class Meta:
        unknown = RAISE

    start = fields.AwareDateTime(required=True)
    end = fields.AwareDateTime(required=True)

    @validates_schema
    def _start_before_end(self, data: dict[str, Any], **_: Any) -> None:
        if "start" in data and "end" in data and data["end"] <= data["start"]:
            raise ValidationError("end is before start", "end")


class Destination(PlaceInput):
    """Where a ride goes."""

    house_number = fields.String(load_default=None, validate=validate.Length(max=12))


class HelpRequestInput(Schema):
    """A help request for a resident of the same organisation."""

    class Meta:
        unknown = RAISE

    resident_id = fields.Integer(required=True, strict=True, validate=validate.Range(1, 2**31 - 1))
    skill = fields.String(required=True, validate=validate.OneOf(SKILLS))
    description = fields.String(load_default="", validate=validate.Length(max=2000))
    duration_minutes = fields.Integer(required=True, strict=True, validate=validate.Range(1, 720))
    window = fields.Nested(TimeWindow, required=True)
    priority = fields.Integer(load_default=3, strict=True, validate=validate.Range(1, 5))
    volunteers_needed = fields.Integer(load_default=1, strict=True, validate=validate.Range(1, 4))
    language_strict = fields.Boolean(load_default=False)
    needs_vehicle = fields.Boolean(load_default=False)
    wheelchair = fields.Boolean(load_default=False)
    destination = fields.Nested(Destination, load_default=None, allow_none=True)
    recurrence_rule = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Regexp(
            r"^FREQ=(WEEKLY|DAILY);(INTERVAL=[1-4];)?BYDAY=(MO|TU|WE|TH|FR|SA|SU)(,(MO|TU|WE|TH|FR|SA|SU))*$",
            error="must look like FREQ=WEEKLY;BYDAY=TU",
        ),
    )
    source = fields.String(load_default="intake", validate=validate.OneOf(REQUEST_SOURCES))

    @validates_schema
    def _fits_window(self, data: dict[str, Any], **_: Any) -> None:
        window, minutes = data.get("window"), data.get("duration_minutes")
        if window and minutes and (window["end"] - window["start"]).total_seconds() < minutes * 60:
            raise ValidationError("the window is shorter than the duration", "duration_minutes")
        if data.get("wheelchair") and not data.get("needs_vehicle"):
            raise ValidationError("a wheelchair ride needs a vehicle", "needs_vehicle")
