"""Phone numbers: parsed with Belgium as the default region and stored as E.164."""

from __future__ import annotations

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberType

_SMS_TYPES = {PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE}


class InvalidPhone(ValueError):
    """A phone number that cannot be used."""


def normalise_phone(raw: str, *, mobile_only: bool) -> str:
    """Return the number in E.164 (+32470123456) or raise InvalidPhone saying why."""
    try:
        number = phonenumbers.parse(raw, "BE")
    except NumberParseException:
        raise InvalidPhone("is not a phone number") from None
    if not phonenumbers.is_valid_number(number):
        raise InvalidPhone(
            "is not a valid number (numbers from abroad need their country code, e.g. +31)"
        )
    if mobile_only and phonenumbers.number_type(number) not in _SMS_TYPES:
        raise InvalidPhone("must be a mobile number that can receive SMS")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display_phone(e164: str) -> str:
    """A stored number as people write it: national for Belgium, international otherwise."""
    number = phonenumbers.parse(e164, None)
    if number.country_code == 32:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
