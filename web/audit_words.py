"""The audit trail in the reader's words: what happened, which field, and its values.

Services record actions and changes as codes (``rejected``, ``{"filed_by":
"resident"}``); pages name them here, in Dutch, French or English.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from web.labels import (
    ASSIGNMENT_STATUS_LABELS,
    REQUEST_STATUS_LABELS,
    SKILL_LABELS,
    language_names,
)

ACTIONS = {
    "created": _l("created"),
    "updated": _l("changed"),
    "absence_added": _l("absence added"),
    "absence_removed": _l("absence removed"),
    "proposed": _l("proposed"),
    "confirmed": _l("approved"),
    "approved": _l("approved"),
    "offered": _l("offered by text message"),
    "accepted": _l("accepted"),
    "declined": _l("declined"),
    "expired": _l("expired"),
    "cancelled": _l("cancelled"),
    "completed": _l("completed"),
    "confirmed_done": _l("confirmed done"),
    "no_show": _l("did not come"),
    "reassigned": _l("given to another volunteer"),
    "swapped": _l("swapped"),
    "pinned": _l("pinned"),
    "unpinned": _l("unpinned"),
    "pairing_excluded": _l("pairing excluded"),
    "rejected": _l("turned down"),
    "linked": _l("filed under a known resident"),
    "merged": _l("merged into a known resident"),
    "materialised": _l("added to the series"),
    "series_ended": _l("series ended"),
    "filed_as_request": _l("filed as a request"),
    "matching_run": _l("matching round"),
    "settings_changed": _l("settings changed"),
    "exported": _l("exported"),
    "erased": _l("erased"),
    "handled": _l("dealt with"),
    "closed": _l("followed up"),
    "resend": _l("sent again"),
    "signed_up_again": _l("signed up again"),
    "sms_opted_out": _l("stopped text messages"),
    "sms_opted_in": _l("text messages back on"),
    "sms_invalid": _l("number cannot get text messages"),
}

FIELDS = {
    "first_name": _l("first name"),
    "last_name": _l("last name"),
    "phone": _l("phone"),
    "sms_consent": _l("text messages allowed"),
    "sms_language": _l("language of text messages"),
    "languages": _l("languages"),
    "preferred_gender": _l("preferred helper"),
    "gender": _l("gender"),
    "notes": _l("notes"),
    "postcode": _l("postcode"),
    "street": _l("street"),
    "house_number": _l("house number"),
    "skills": _l("helps with"),
    "travel_mode": _l("travels"),
    "vehicle_seats": _l("seats in the car"),
    "vehicle_wheelchair": _l("car takes a wheelchair"),
    "capacity_minutes_per_week": _l("minutes a week"),
    "max_tasks_per_week": _l("tasks a week"),
    "max_distance_km": _l("furthest distance (km)"),
    "active": _l("active"),
    "availability": _l("weekly hours"),
    "absence": _l("absence"),
    "skill": _l("help"),
    "description": _l("what exactly"),
    "duration_minutes": _l("how long (minutes)"),
    "window": _l("when"),
    "priority": _l("priority"),
    "volunteers_needed": _l("volunteers needed"),
    "language_strict": _l("only in the resident's language"),
    "needs_vehicle": _l("needs a car"),
    "wheelchair": _l("wheelchair"),
    "destination": _l("destination"),
    "recurrence_rule": _l("every week"),
    "resident_id": _l("resident"),
    "volunteer_id": _l("volunteer"),
    "series_id": _l("series"),
    "fields": _l("fields"),
    "filed_by": _l("filed by"),
    "contact_name": _l("contact person"),
    "contact": _l("contact"),
    "reason": _l("reason"),
    "from": _l("from"),
    "to": _l("to"),
    "into": _l("into"),
    "code": _l("code"),
    "presumed": _l("presumed, no answer"),
    "last_day": _l("last day"),
    "matching_mode": _l("way of working"),
    "triage_public_requests": _l("triage of requests from the website"),
    "filled": _l("filled"),
    "requests": _l("requests"),
    "possible_duplicate_of": _l("possible duplicate of"),
}

FILED_BY = {
    "resident": _l("the resident"),
    "family": _l("family or a neighbour"),
    "professional": _l("a professional"),
}
MATCHING_MODES = {
    "review_first": _l("proposals wait for a coordinator"),
    "auto_offer": _l("offers go out at once"),
}


def audit_action(code: str) -> str:
    """An audit action in plain words."""
    return str(ACTIONS.get(code, code.replace("_", " ")))


def audit_field(name: str) -> str:
    """A changed field in plain words."""
    return str(FIELDS.get(name, name.replace("_", " ")))


def audit_value(name: str, value: Any) -> str:
    """A recorded value in plain words: codes named, lists joined, yes and no."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, list):
        if name == "fields":
            return ", ".join(audit_field(str(v)) for v in value)
        if name == "languages":
            return language_names(value)
        return ", ".join(audit_value(name, v) for v in value)
    words: dict[str, Any] = {
        "filed_by": FILED_BY,
        "matching_mode": MATCHING_MODES,
        "skill": SKILL_LABELS,
        "skills": SKILL_LABELS,
        "status": {**REQUEST_STATUS_LABELS, **ASSIGNMENT_STATUS_LABELS},
    }.get(name, {})
    return str(words.get(value, value))


def init_app(app: Flask) -> None:
    """Make the audit words available in every template."""
    app.jinja_env.globals.update(
        audit_action=audit_action, audit_field=audit_field, audit_value=audit_value
    )
