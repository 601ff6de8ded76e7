"""Coordinator forms for residents and volunteers: what was typed, with the version read.

As with the public forms, the services validate; the hidden `version` makes a
stale edit fail instead of overwriting someone else's change.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TelField,
    TextAreaField,
)

from web.forms_public import (
    SKILL_WORDS,
    TRAVEL_WORDS,
    WEEKDAYS,
    MultiCheckboxField,
    choice_field,
)

NUMBERS = ("vehicle_seats", "capacity_minutes_per_week", "max_tasks_per_week")
GENDER_CHOICES = [("", _l("Not given")), ("f", _l("Woman")), ("m", _l("Man")), ("x", _l("Other"))]
SMS_LANGUAGES = [("nl", "Nederlands"), ("fr", "Français"), ("en", "English")]


def edit_input(form: FlaskForm) -> dict[str, Any]:
    """The typed values as service input: blank means "none", numbers become numbers."""
    data: dict[str, Any] = {}
    for name, field in form._fields.items():
        if name in {"csrf_token", "version"}:
            continue
        value = field.data
        if isinstance(value, str):
            value = value.strip() or None
            if value is not None and name in NUMBERS:
                value = int(value) if value.isdigit() else value
            if value is not None and name == "max_distance_km":
                value = _number(value)
        data[name] = value
    return data


def _number(text: str) -> float | str:
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return text


def expected_version(form: FlaskForm) -> int:
    """The version the coordinator read (-1, always stale, if the field was tampered with)."""
    raw = (form.version.data or "").strip()
    return int(raw) if raw.isdigit() else -1


class _Person:
    version = HiddenField()
    first_name = StringField(_l("First name"))
    last_name = StringField(_l("Last name"))
    postcode = StringField(_l("Postcode"))
    street = StringField(_l("Street"))
    house_number = StringField(_l("House number"))


class ResidentForm(_Person, FlaskForm):  # type: ignore[misc]
    """A resident's details."""

    phone = TelField(_l("Phone number"))
    sms_consent = BooleanField(_l("Agrees to receive text messages"))
    languages = choice_field(MultiCheckboxField, _l("Languages"))
    preferred_gender = choice_field(
        RadioField, _l("Prefers a helper who is"), [("", _l("No preference"))] + GENDER_CHOICES[1:3]
    )
    notes = TextAreaField(_l("Notes for coordinators (no medical details)"))


class VolunteerForm(_Person, FlaskForm):  # type: ignore[misc]
    """A volunteer's details (availability and absences have their own page)."""

    active = BooleanField(_l("Active: receives offers"))
    phone = TelField(_l("Mobile phone number"))
    sms_language = choice_field(RadioField, _l("Language of text messages"), SMS_LANGUAGES)
    languages = choice_field(MultiCheckboxField, _l("Languages"))
    skills = choice_field(MultiCheckboxField, _l("Helps with"), SKILL_WORDS.items())
    gender = choice_field(RadioField, _l("Gender"), GENDER_CHOICES)
    travel_mode = choice_field(
        RadioField,
        _l("Gets around"),
        TRAVEL_WORDS.items(),
    )
    vehicle_seats = StringField(_l("Seats for passengers"))
    vehicle_wheelchair = BooleanField(_l("The vehicle takes a wheelchair"))
    capacity_minutes_per_week = StringField(_l("At most minutes of help per week"))
    max_tasks_per_week = StringField(_l("At most tasks per week"))
    max_distance_km = StringField(_l("Goes at most this many kilometres"))


class SlotForm(Form):  # type: ignore[misc]
    """One weekly slot; a row left empty is no slot."""

    weekday = choice_field(
        SelectField, _l("Day"), [(str(n), day) for n, day in enumerate(WEEKDAYS)]
    )
    start = StringField(_l("From"), render_kw={"placeholder": "09:00", "inputmode": "numeric"})
    end = StringField(_l("Until"), render_kw={"placeholder": "12:00", "inputmode": "numeric"})


class AvailabilityForm(FlaskForm):  # type: ignore[misc]
    """The volunteer's whole week, row by row."""

    version = HiddenField()
    slots = FieldList(FormField(SlotForm), min_entries=0)


class AbsenceForm(FlaskForm):  # type: ignore[misc]
    """Days a volunteer is away."""

    first_day = StringField(_l("First day"), render_kw={"type": "date"})
    last_day = StringField(_l("Last day"), render_kw={"type": "date"})
    reason = StringField(_l("Reason (for example: holiday; no medical details)"))
