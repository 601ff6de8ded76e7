"""SMS texts in Dutch (default), French and English, built from plain values.

Every text fits in two SMS segments for realistic names and streets and
uses only GSM-7 characters of its own.
"""

from notifications.messages.builders import (
    already_taken,
    cancellation,
    check_in,
    confirmation,
    help_text,
    offer,
    offer_expired,
    opt_in_confirmation,
    opt_out_confirmation,
    passed_on,
    reminder,
    resident_cancellation,
    resident_confirmation,
)
from notifications.messages.kinds import KINDS, Kind
from notifications.messages.language import LANGUAGES, Language, pick_language
from notifications.messages.privacy import first_name, street_name
from notifications.messages.render import render, skill_phrase
from notifications.messages.when import format_when

__all__ = [
    "KINDS",
    "LANGUAGES",
    "Kind",
    "Language",
    "already_taken",
    "cancellation",
    "check_in",
    "confirmation",
    "first_name",
    "format_when",
    "help_text",
    "offer",
    "offer_expired",
    "opt_in_confirmation",
    "opt_out_confirmation",
    "passed_on",
    "pick_language",
    "reminder",
    "render",
    "resident_cancellation",
    "resident_confirmation",
    "skill_phrase",
    "street_name",
]
