"""The phone-intake form: what, when and how, keyboard first."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)

from web.forms_public import choice_field, options
from web.labels import SKILL_LABELS
from web.models import HelpRequest

DURATIONS = [15, 30, 45, 60, 90, 120, 150, 180, 240]
PRIORITIES = [
    ("3", _l("Normal")),
    ("4", _l("High")),
    ("5", _l("Urgent")),
    ("2", _l("Low")),
    ("1", _l("Whenever it suits")),
]
BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


class IntakeForm(FlaskForm):  # type: ignore[misc]
    """A help request taken on the phone."""

    skill = choice_field(RadioField, _l("What help"), SKILL_LABELS.items())
    day = DateField(_l("Day"))
    earliest = TimeField(_l("From"), default=time(9))
    latest = TimeField(_l("Until"), default=time(12))
    duration_minutes = choice_field(
        SelectField, _l("How long"), [(str(m), f"{m} min") for m in DURATIONS], default="60"
    )
    description = TextAreaField(_l("What exactly (no medical details)"))
    priority = choice_field(SelectField, _l("Priority"), PRIORITIES, default="3")
    volunteers_needed = choice_field(
        SelectField, _l("Volunteers needed"), [("1", "1"), ("2", _l("2 (a duo)"))], default="1"
    )
    language_strict = BooleanField(_l("Only a volunteer who speaks the resident's language"))
    needs_vehicle = BooleanField(_l("A ride: the volunteer needs a car"))
    wheelchair = BooleanField(_l("With a wheelchair"))
    destination_postcode = StringField(_l("Destination postcode"))
    destination_street = StringField(_l("Destination street"))
    repeat_weekly = BooleanField(_l("Every week on this day"))


def _whole(text: str | None) -> int | str | None:
    """A typed whole number as a number; anything else as typed, for the service to refuse."""
    return int(text) if text and text.isdigit() else text


def request_input(form: IntakeForm, timezone: str) -> dict[str, Any]:
    """The form as help-request service input; a missing day or time leaves the window out."""
    data: dict[str, Any] = {
        "skill": form.skill.data,
        "description": (form.description.data or "").strip(),
        "duration_minutes": _whole(form.duration_minutes.data),
        "priority": _whole(form.priority.data),
        "volunteers_needed": _whole(form.volunteers_needed.data),
        "language_strict": form.language_strict.data,
        "needs_vehicle": form.needs_vehicle.data,
        "wheelchair": form.wheelchair.data,
    }
    if form.day.data and form.earliest.data and form.latest.data:
        tz = ZoneInfo(timezone)
        start = datetime.combine(form.day.data, form.earliest.data, tz)
        end = datetime.combine(form.day.data, form.latest.data, tz)
        data["window"] = {"start": start.isoformat(), "end": end.isoformat()}
        if form.repeat_weekly.data:
            data["recurrence_rule"] = f"FREQ=WEEKLY;BYDAY={BYDAY[form.day.data.weekday()]}"
    postcode = (form.destination_postcode.data or "").strip()
    street = (form.destination_street.data or "").strip()
    if postcode or street:
        data["destination"] = {"postcode": postcode, "street": street}
    return data


def fill_from(form: IntakeForm, request: HelpRequest, timezone: str) -> None:
    """Put a filed request's values in the form, for editing."""
    tz = ZoneInfo(timezone)
    start, end = request.window_start.astimezone(tz), request.window_end.astimezone(tz)
    form.skill.data = request.skill
    form.day.data = start.date()
    form.earliest.data, form.latest.data = start.time(), end.time()
    minutes = str(request.duration_minutes)
    form.duration_minutes.data = minutes
    if all(choice.value != minutes for choice in form.duration_minutes.choices):
        form.duration_minutes.choices = [
            *form.duration_minutes.choices,
            *options([(minutes, f"{minutes} min")]),
        ]
    form.description.data = request.description
    form.priority.data = str(request.priority)
    form.volunteers_needed.data = str(request.volunteers_needed)
    form.language_strict.data = request.language_strict
    form.needs_vehicle.data = request.needs_vehicle
    form.wheelchair.data = request.wheelchair
    form.destination_postcode.data = request.destination_postcode or ""
    form.destination_street.data = request.destination_street or ""


# Where a service refusal about the request is shown on this form.
FIELD_FOR_PATH = {
    "window": "day",
    "window.start": "earliest",
    "window.end": "latest",
    "destination.postcode": "destination_postcode",
    "destination.street": "destination_street",
    "destination": "destination_postcode",
    "recurrence_rule": "repeat_weekly",
}
