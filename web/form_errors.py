"""Service refusals shown next to form fields, in the reader's language.

Services speak plain English (the API returns it as is); pages translate the
messages they know and place each next to the field it names.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm

_KNOWN = {
    "Missing data for required field.": _l("Please fill this in."),
    "Field may not be null.": _l("Please fill this in."),
    "Not a valid string.": _l("Please fill this in."),
    "must not be empty": _l("Please fill this in."),
    "Not a valid choice.": _l("Please choose one of the options."),
    "Not a valid integer.": _l("Please choose one of the options."),
    "Not a valid date.": _l("Please choose a day."),
    "Not a valid number.": _l("Please give a number."),
    "Unknown field.": _l("This field is not expected here."),
    "must be 4 digits": _l("A postcode has 4 digits, for example 2060."),
    "is not a phone number": _l("This is not a phone number."),
    "is not a valid number (numbers from abroad need their country code, e.g. +31)": _l(
        "This number is not valid. Numbers from abroad need their country code, for example +31."
    ),
    "must be a mobile number that can receive SMS": _l(
        "Please give a mobile number that can receive text messages."
    ),
    "is already registered for another volunteer": _l("This phone number is already registered."),
    "is already registered for another resident": _l("This phone number is already registered."),
    "choose at least one": _l("Please choose at least one."),
    "end is before start": _l("The end must be after the start."),
    "must be a time written HH:MM, e.g. 09:30": _l("Write the time as HH:MM, for example 09:30."),
    "contains control characters": _l("Please use only ordinary letters and signs."),
    "must be a 2-letter code": _l("Please choose a language from the list."),
    "a phone number is needed to receive SMS": _l(
        "A phone number is needed to receive text messages."
    ),
    "a wheelchair vehicle needs its number of seats": _l(
        "A wheelchair vehicle needs its number of seats."
    ),
    "please agree to continue": _l("Please tick the box to agree."),
    "please tell us your name": _l("Please tell us your name."),
    "please tell us how to reach you": _l("Please tell us how we can reach you."),
    "please give a phone number so we can call back": _l(
        "Please give a phone number: a coordinator calls back to arrange the help."
    ),
    "is already registered for a resident with this name": _l(
        "Someone with this name and phone number is already registered."
    ),
    "this day is already over": _l("This part of the day is already over. Choose a later day."),
    "is in the past": _l("This day is in the past. Choose today or a later day."),
    "is already over": _l("This day and time are already over. Choose a later day or time."),
    "please say why, for the person you will call back": _l(
        "Please say why: you will explain it when you call back."
    ),
    "no such organisation": _l("Please choose an organisation from the list."),
    "no organisation works in this postcode yet": _l(
        "No organisation works in this postcode yet. Please choose one from the list."
    ),
    "no organisation receives requests yet": _l("This service does not take requests yet."),
    "overlaps another time on the same day": _l("This overlaps another time on the same day."),
    "the first day is after the last day": _l("The first day must not be after the last day."),
}

_PATTERNS = (
    (re.compile(r"^Must be one of: .*\.$"), lambda m: _("Please choose one of the options.")),
    (
        re.compile(r"^\d{4} is not a Belgian postcode$"),
        lambda m: _("This is not a Belgian postcode."),
    ),
    (
        re.compile(r"^Length must be between (\d+) and (\d+)\.$"),
        lambda m: _("Use between %(min)s and %(max)s characters.", min=m[1], max=m[2]),
    ),
    (
        re.compile(r"^Longer than maximum length (\d+)\.$"),
        lambda m: _("Use at most %(max)s characters.", max=m[1]),
    ),
    (
        re.compile(r"^Length must be (\d+)\.$"),
        lambda m: _("Use exactly %(count)s characters.", count=m[1]),
    ),
    (
        re.compile(r"^Must be greater than or equal to (\S+) and less than or equal to (\S+)\.$"),
        lambda m: _("Please give a number from %(min)s to %(max)s.", min=m[1], max=m[2]),
    ),
    (
        re.compile(r"^choose a day within (\d+) days$"),
        lambda m: _("Please choose a day within %(days)s days.", days=m[1]),
    ),
)


def translate(message: str) -> str:
    """A service message in the page's language (unknown messages stay as they are)."""
    known = _KNOWN.get(message)
    if known is not None:
        return str(known)
    for pattern, render in _PATTERNS:
        match = pattern.match(message)
        if match:
            return str(render(match))  # type: ignore[no-untyped-call]
    return message


def attach_errors(form: FlaskForm, errors: Mapping[str, list[str]]) -> None:
    """Put each refusal on the form field its path starts with; the rest on the form."""
    for path, messages in errors.items():
        translated = [translate(m) for m in messages]
        field = form._fields.get(path.split(".")[0])
        if field is None:
            form.form_errors.extend(translated)
        else:
            field.errors = [*field.errors, *[m for m in translated if m not in field.errors]]
