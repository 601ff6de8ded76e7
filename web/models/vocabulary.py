"""The closed vocabularies of the domain: skills, languages, modes and statuses.

Check constraints in the database are built from these tuples, so the
database refuses what the forms refuse.
"""

from __future__ import annotations

SKILLS = ("shopping", "transport", "company", "odd_jobs", "admin", "pets", "bins")
# Languages the demo city speaks; any ISO 639-1 code is accepted for people.
UI_LANGUAGES = ("nl", "fr", "en")
GENDERS = ("f", "m", "x")
PREFERRED_GENDERS = ("f", "m")
TRAVEL_MODES = ("walk", "bike", "car", "transit")
ORGANISATION_KINDS = ("service_centre", "street_initiative", "social_service", "other")
MATCHING_MODES = ("review_first", "auto_offer")
USER_ROLES = ("coordinator", "admin")

# The life of a request (web.services.request_states): new -> open -> proposed ->
# offered -> arranged -> completed, with unfilled, missed, cancelled and rejected beside.
REQUEST_STATUSES = (
    "new",
    "open",
    "proposed",
    "offered",
    "arranged",
    "completed",
    "missed",
    "unfilled",
    "cancelled",
    "rejected",
)
REQUEST_SOURCES = ("intake", "public_form", "sms", "api", "recurrence", "demo")

ASSIGNMENT_STATUSES = (
    "proposed",
    "confirmed",
    "offered",
    "accepted",
    "declined",
    "expired",
    "cancelled",
    "completed",
    "no_show",
)
# An assignment in one of these holds the volunteer's time.
ACTIVE_ASSIGNMENT_STATUSES = ("proposed", "confirmed", "offered", "accepted")
# Past the proposal stage: the volunteer was asked or said yes, so a round leaves them alone.
COMMITTED_ASSIGNMENT_STATUSES = ("confirmed", "offered", "accepted")

RUN_STATUSES = ("queued", "running", "succeeded", "failed")
SMS_DIRECTIONS = ("outbound", "inbound")
SMS_STATUSES = (
    "pending",
    "sending",
    "sent",
    "queued",
    "delivered",
    "undelivered",
    "failed",
    "ambiguous",
    "received",
    "withdrawn",
)
SIGNAL_STATUSES = ("new", "seen", "closed")


def sql_in(column: str, values: tuple[str, ...]) -> str:
    """A CHECK constraint expression that keeps a column inside a vocabulary."""
    quoted = ", ".join(f"'{v}'" for v in values)
    return f"{column} IN ({quoted})"
