"""Input schemas for the public help-request and volunteer sign-up forms."""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, fields, validate, validates_schema

from web.models.vocabulary import SKILLS
from web.schemas.people import ResidentInput, VolunteerInput
from web.services.parts_of_day import PARTS_OF_DAY

FILED_BY = ("resident", "family", "professional")
DURATIONS = (30, 60, 120, 180)


def _consent() -> fields.Boolean:
    return fields.Boolean(
        required=True, validate=validate.Equal(True, error="please agree to continue")
    )


def _postcode() -> fields.String:
    return fields.String(
        required=True, validate=validate.Regexp(r"^\s*\d{4}\s*$", error="must be 4 digits")
    )


def _organisation() -> fields.Integer:
    return fields.Integer(load_default=None, allow_none=True, strict=True)


class PublicHelpRequestInput(ResidentInput):
    """A resident (or someone on their behalf) asking for one piece of help."""

    skill = fields.String(required=True, validate=validate.OneOf(SKILLS))
    day = fields.Date(required=True)
    part_of_day = fields.String(required=True, validate=validate.OneOf(tuple(PARTS_OF_DAY)))
    duration_minutes = fields.Integer(
        required=True, strict=True, validate=validate.OneOf(DURATIONS)
    )
    description = fields.String(load_default="", validate=validate.Length(max=1000))
    filed_by = fields.String(required=True, validate=validate.OneOf(FILED_BY))
    contact_name = fields.String(load_default=None, validate=validate.Length(max=120))
    contact = fields.String(load_default=None, validate=validate.Length(max=120))
    postcode = _postcode()
    consent = _consent()
    organisation_id = _organisation()

    @validates_schema(skip_on_field_errors=False, pass_original=True)
    def _someone_to_call_back(
        self, data: dict[str, Any], original: dict[str, Any], **_: Any
    ) -> None:
        """The thank-you page promises a call back, so someone must be reachable."""
        errors = {}
        if data.get("filed_by") in {"family", "professional"}:
            if not data.get("contact_name"):
                errors["contact_name"] = ["please tell us your name"]
            if not data.get("contact"):
                errors["contact"] = ["please tell us how to reach you"]
        elif not data.get("phone") and not original.get("phone"):
            errors["phone"] = ["please give a phone number so we can call back"]
        if errors:
            raise ValidationError(errors)


class VolunteerSignUpInput(VolunteerInput):
    """A neighbour offering help, with their consent."""

    postcode = _postcode()
    consent = _consent()
    organisation_id = _organisation()
