"""Field types that several schemas share."""

from __future__ import annotations

import re
from datetime import time
from typing import Any

from marshmallow import ValidationError, fields, validate

from web.services.phones import InvalidPhone, normalise_phone

LANGUAGE_CODE = re.compile(r"^[a-z]{2}$")


class Phone(fields.String):
    """A phone number, normalised to E.164; `mobile_only` refuses landlines."""

    def __init__(self, *, mobile_only: bool, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.mobile_only = mobile_only

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        raw = super()._deserialize(value, attr, data, **kwargs)
        try:
            return normalise_phone(raw, mobile_only=self.mobile_only)
        except InvalidPhone as error:
            raise ValidationError(str(error)) from None


class ClockTime(fields.Field[time]):
    """A local time of day written "HH:MM"."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> time:
        if not isinstance(value, str):
            raise ValidationError("must be a time written HH:MM, e.g. 09:30")
        match = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", value.strip())
        if match is None:
            raise ValidationError("must be a time written HH:MM, e.g. 09:30")
        return time(int(match[1]), int(match[2]))

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> str | None:
        return None if value is None else value.strftime("%H:%M")


def languages() -> fields.List[str]:
    """A list of ISO 639-1 language codes such as ["nl", "ar"]."""
    return fields.List(
        fields.String(validate=validate.Regexp(LANGUAGE_CODE, error="must be a 2-letter code")),
        load_default=list,
        validate=validate.Length(max=10),
    )


def name(required: bool = True) -> fields.String:
    """A person's name part: 1 to 80 characters, no control characters."""
    return fields.String(
        required=required,
        validate=[
            validate.Length(min=1, max=80),
            validate.Regexp(r"^[^\x00-\x1f\x7f]*$", error="contains control characters"),
        ],
    )
