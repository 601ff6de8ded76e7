"""Words for the domain's codes, in the page's language."""

from __future__ import annotations

from collections.abc import Iterable

from babel import Locale
from flask import Flask
from flask_babel import format_decimal, get_locale
from flask_babel import lazy_gettext as _l

SKILL_LABELS = {
    "shopping": _l("Shopping"),
    "transport": _l("Transport"),
    "company": _l("Company and visits"),
    "odd_jobs": _l("Odd jobs"),
    "admin": _l("Forms and paperwork"),
    "pets": _l("Pets"),
    "bins": _l("Bins"),
}

# The engine's notes on an alternative volunteer (matching/explain.py).
ALTERNATIVE_NOTES = {
    "free, but scores worse": _l("free, but a less good match"),
    "busy at the possible times": _l("busy at the possible times"),
    "capacity_minutes reached": _l("no hours left this week"),
    "max_tasks reached": _l("no tasks left this week"),
}

ASSIGNMENT_STATUS_LABELS = {
    "proposed": _l("proposed"),
    "confirmed": _l("approved"),
    "offered": _l("offered by SMS"),
    "accepted": _l("accepted"),
    "declined": _l("declined"),
    "expired": _l("no answer"),
    "cancelled": _l("cancelled"),
    "completed": _l("done"),
    "no_show": _l("did not come"),
}

REQUEST_STATUS_LABELS = {
    "new": _l("new, to review"),
    "open": _l("open"),
    "proposed": _l("proposal waiting"),
    "offered": _l("asked, waiting for an answer"),
    "arranged": _l("arranged"),
    "completed": _l("done"),
    "missed": _l("did not happen"),
    "unfilled": _l("nobody found yet"),
    "cancelled": _l("cancelled"),
    "rejected": _l("turned down"),
}

REQUEST_SOURCE_LABELS = {
    "intake": _l("by phone"),
    "public_form": _l("on the website"),
    "sms": _l("by SMS"),
    "api": _l("through the API"),
    "recurrence": _l("weekly series"),
    "demo": _l("demo data"),
}

SMS_STATUS_LABELS = {
    "pending": _l("waiting to be sent"),
    "sending": _l("being sent"),
    "sent": _l("sent"),
    "queued": _l("sent"),
    "delivered": _l("delivered"),
    "undelivered": _l("not delivered"),
    "failed": _l("failed"),
    "ambiguous": _l("may not have been sent"),
    "received": _l("received"),
    "withdrawn": _l("withdrawn"),
}


INBOX_KINDS = {
    "free_text": _l("Reply to pass on"),
    "request_draft": _l("Resident asks for help"),
    "opt_out": _l("Stopped SMS"),
    "answer_without_code": _l("Answer without a code"),
    "delivery_problem": _l("SMS did not arrive"),
    "ambiguous": _l("SMS may not have been sent"),
    "signal": _l("Signal"),
}


def inbox_kind_label(code: str) -> str:
    """What an inbox item is, in plain words."""
    return str(INBOX_KINDS.get(code, code))


def skill_label(code: str) -> str:
    """A skill in plain words."""
    return str(SKILL_LABELS.get(code, code))


def alternative_note(note: str) -> str:
    """Why an alternative was not chosen, in plain words."""
    return str(ALTERNATIVE_NOTES.get(note, note))


def assignment_status_label(code: str) -> str:
    """An assignment's status in plain words."""
    return str(ASSIGNMENT_STATUS_LABELS.get(code, code))


def request_status_label(code: str) -> str:
    """A help request's status in plain words."""
    return str(REQUEST_STATUS_LABELS.get(code, code))


def request_source_label(code: str) -> str:
    """How a help request reached the organisation, in plain words."""
    return str(REQUEST_SOURCE_LABELS.get(code, code))


def sms_status_label(code: str) -> str:
    """An SMS's status in plain words."""
    return str(SMS_STATUS_LABELS.get(code, code))


def language_names(codes: Iterable[str]) -> str:
    """ISO 639-1 codes as language names in the page's language (nl -> Nederlands)."""
    names = Locale.parse(str(get_locale())).languages
    return ", ".join(names.get(code, code) for code in codes)


def decimal(value: float, pattern: str = "0.0") -> str:
    """A number written the page's way (0,5 in Dutch and French)."""
    return str(format_decimal(value, format=pattern))


def init_app(app: Flask) -> None:
    """Make the label functions available in every template."""
    app.jinja_env.globals.update(
        skill_label=skill_label,
        alternative_note=alternative_note,
        assignment_status_label=assignment_status_label,
        request_status_label=request_status_label,
        request_source_label=request_source_label,
        sms_status_label=sms_status_label,
        inbox_kind_label=inbox_kind_label,
        language_names=language_names,
        decimal=decimal,
    )
