"""The public forms: asking for help and offering help (no account needed).

The fields only carry what was typed; the services decide what is valid, so a
refused form comes back with every value kept.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from babel import Locale
from babel.dates import format_date
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TelField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import CheckboxInput, ListWidget

SKILL_WORDS = {
    "shopping": _l("Groceries or shopping"),
    "transport": _l("A lift, for example to the doctor"),
    "company": _l("A visit and some company"),
    "odd_jobs": _l("A small job in the house"),
    "admin": _l("Help with letters and forms"),
    "pets": _l("Looking after a pet"),
    "bins": _l("Putting the bins out"),
}
PART_WORDS = {
    "morning": _l("In the morning (9:00 to 12:00)"),
    "afternoon": _l("In the afternoon (13:00 to 17:00)"),
    "evening": _l("In the evening (17:00 to 20:00)"),
}
TRAVEL_WORDS = {
    "walk": _l("On foot"),
    "bike": _l("By bike"),
    "car": _l("By car"),
    "transit": _l("By bus or tram"),
}
PART_SHORT = {"morning": _l("Morning"), "afternoon": _l("Afternoon"), "evening": _l("Evening")}
WEEKDAYS = (
    _l("Monday"),
    _l("Tuesday"),
    _l("Wednesday"),
    _l("Thursday"),
    _l("Friday"),
    _l("Saturday"),
    _l("Sunday"),
)
SPOKEN_LANGUAGES = ("nl", "fr", "en", "ar", "tr", "pl", "ro", "bg", "es", "it", "pt", "ru", "uk")
DAYS_OFFERED = 21


class MultiCheckboxField(SelectMultipleField):  # type: ignore[misc]
    """Several choices as checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def options(pairs: Any) -> list[SelectChoice]:
    """(value, label) pairs as choices of a select, radio or checkbox field."""
    return [SelectChoice(value, label) for value, label in pairs]


def choice_field(kind: type, label: Any, choices: Any = (), **kwargs: Any) -> Any:
    """A choice field that keeps any submitted value: the service validates it."""
    return kind(label, choices=options(choices), validate_choice=False, **kwargs)


def language_choices(extra: tuple[str, ...] = ()) -> list[SelectChoice]:
    """Languages people speak (and any extra codes), named in the page's language."""
    names = Locale.parse(str(get_locale())).languages
    codes = SPOKEN_LANGUAGES + tuple(c for c in extra if c not in SPOKEN_LANGUAGES)
    return options((code, names.get(code, code).capitalize()) for code in codes)


def day_choices(today: date) -> list[SelectChoice]:
    """The next three weeks, written as people say them ("Tuesday 24 November")."""
    return options([("", _l("Choose a day")), *_day_names(today, str(get_locale()))])


@lru_cache(maxsize=32)
def _day_names(today: date, locale: str) -> tuple[tuple[str, str], ...]:
    # Formatting 21 dates costs more than the rest of the form: once a day per language.
    days = [today + timedelta(days=n) for n in range(DAYS_OFFERED)]
    return tuple(
        (d.isoformat(), format_date(d, "EEEE d MMMM", locale=locale).capitalize()) for d in days
    )


def form_input(form: FlaskForm, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """What was typed, as service input: blank text left out, whole numbers as numbers."""
    data: dict[str, Any] = {}
    for name, field in form._fields.items():
        if name in {"csrf_token", "website", *skip}:
            continue
        value = field.data
        if value is None:
            continue
        if isinstance(value, str):
            value = value.strip()
            if value == "":
                continue
            if name in {"duration_minutes", "organisation_id"} and value.isdigit():
                value = int(value)
        data[name] = value
    return data


class HelpRequestForm(FlaskForm):  # type: ignore[misc]
    """Asking for help, by the resident or on their behalf."""

    filed_by = choice_field(
        RadioField,
        _l("Who is filling in this form?"),
        [
            ("resident", _l("I need the help myself")),
            ("family", _l("A family member or a neighbour")),
            ("professional", _l("A professional (nurse, social worker, ...)")),
        ],
        default="resident",
    )
    contact_name = StringField(_l("Your name"))
    contact = StringField(_l("Your phone number or e-mail address"))
    first_name = StringField(_l("First name of the person who needs help"))
    last_name = StringField(_l("Last name"))
    phone = TelField(_l("Phone number (if they have one)"))
    postcode = StringField(_l("Postcode"))
    street = StringField(_l("Street"))
    house_number = StringField(_l("House number"))
    languages = choice_field(MultiCheckboxField, _l("Which languages do they speak?"))
    skill = choice_field(RadioField, _l("What help is needed?"), SKILL_WORDS.items())
    day = choice_field(SelectField, _l("Which day?"))
    part_of_day = choice_field(RadioField, _l("What time of day?"), PART_WORDS.items())
    duration_minutes = choice_field(
        RadioField,
        _l("How long will it take?"),
        [
            ("30", _l("Half an hour")),
            ("60", _l("1 hour")),
            ("120", _l("2 hours")),
            ("180", _l("3 hours")),
        ],
    )
    description = TextAreaField(_l("Anything else we should know? (no medical details, please)"))
    organisation_id = choice_field(RadioField, _l("Which organisation should receive this?"))
    consent = BooleanField(
        _l(
            "I agree that the organisation keeps these details to find a neighbour who can help,"
            " and deletes them when they are no longer needed."
        )
    )
    website = StringField(_l("Leave this field empty"))


class VolunteerSignUpForm(FlaskForm):  # type: ignore[misc]
    """A neighbour offering help."""

    first_name = StringField(_l("First name"))
    last_name = StringField(_l("Last name"))
    phone = TelField(_l("Mobile phone number (we send offers by text message)"))
    postcode = StringField(_l("Postcode"))
    street = StringField(_l("Street"))
    house_number = StringField(_l("House number"))
    languages = choice_field(MultiCheckboxField, _l("Which languages do you speak?"))
    skills = choice_field(
        MultiCheckboxField, _l("How would you like to help?"), SKILL_WORDS.items()
    )
    availability = choice_field(MultiCheckboxField, _l("When are you usually free?"))
    travel_mode = choice_field(
        RadioField,
        _l("How do you get around?"),
        TRAVEL_WORDS.items(),
        default="walk",
    )
    gender = choice_field(
        RadioField,
        _l("Gender (some residents prefer a man or a woman)"),
        [("f", _l("Woman")), ("m", _l("Man")), ("x", _l("Other")), ("", _l("I'd rather not say"))],
        default="",
    )
    organisation_id = choice_field(RadioField, _l("Which organisation would you like to join?"))
    consent = BooleanField(
        _l(
            "I agree that the organisation keeps these details to ask me for help by text message."
            " I can stop at any time by sending STOP."
        )
    )
    website = StringField(_l("Leave this field empty"))
