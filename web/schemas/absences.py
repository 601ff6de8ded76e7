"""Input schema for a volunteer's absence."""

from __future__ import annotations

from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates_schema


class AbsenceInput(Schema):
    """Days away, inclusive; the reason is optional and never a health detail."""

    class Meta:
        unknown = RAISE

    first_day = fields.Date(required=True)
    last_day = fields.Date(required=True)
    reason = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=200))

    @validates_schema
    def _in_order(self, data: dict[str, Any], **_: Any) -> None:
        if data["first_day"] > data["last_day"]:
            raise ValidationError("the first day is after the last day", "last_day")
