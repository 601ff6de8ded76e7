"""One function per text: plain values in, an SMS body out.

Names are reduced to the first name and addresses to the street name, so a
surname, house number or health detail cannot reach a phone by accident.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from notifications.messages.language import pick_language
from notifications.messages.privacy import first_name, street_name
from notifications.messages.render import render, skill_phrase
from notifications.messages.when import DEFAULT_TIMEZONE, format_when


def offer(
    *,
    language: str,
    resident_name: str,
    street: str,
    start: datetime,
    skill: str,
    code: str,
    timezone: str = DEFAULT_TIMEZONE,
) -> str:
    """Ask a volunteer to help; they answer JA/NEE (OUI/NON, YES/NO) with ``code``."""
    return render(
        "offer",
        language,
        code=code,
        what=skill_phrase(skill, language),
        name=first_name(resident_name),
        street=street_name(street),
        when=_when(start, language, timezone),
    )


def _where_and_when(
    kind: Literal["confirmation", "reminder"],
    language: str,
    resident_name: str,
    street: str,
    start: datetime,
    timezone: str,
) -> str:
    """A text that names the resident, the street and the time of an accepted task."""
    return render(
        kind,
        language,
        name=first_name(resident_name),
        street=street_name(street),
        when=_when(start, language, timezone),
    )


def confirmation(
    *,
    language: str,
    resident_name: str,
    street: str,
    start: datetime,
    timezone: str = DEFAULT_TIMEZONE,
) -> str:
    """Thank a volunteer who accepted and repeat where and when."""
    return _where_and_when("confirmation", language, resident_name, street, start, timezone)


def cancellation(
    *, language: str, resident_name: str, start: datetime, timezone: str = DEFAULT_TIMEZONE
) -> str:
    """Tell a volunteer that an accepted task no longer takes place.

    Without a name (the resident was erased) the text names nobody.
    """
    name = first_name(resident_name)
    if not name:
        return render("cancellation_unnamed", language, when=_when(start, language, timezone))
    return render(
        "cancellation",
        language,
        name=name,
        when=_when(start, language, timezone),
    )


def reminder(
    *,
    language: str,
    resident_name: str,
    street: str,
    start: datetime,
    timezone: str = DEFAULT_TIMEZONE,
) -> str:
    """Remind a volunteer of an accepted task."""
    return _where_and_when("reminder", language, resident_name, street, start, timezone)


def already_taken(*, language: str, resident_name: str, code: str) -> str:
    """Thank a volunteer whose yes came after another volunteer took the task."""
    return render("already_taken", language, name=first_name(resident_name), code=code)


def help_text(*, language: str) -> str:
    """How to answer, stop and restart (the reply to HULP / AIDE / HELP)."""
    return render("help", language)


def opt_out_confirmation(*, language: str) -> str:
    """Confirm that no more SMS will be sent (the reply to STOP)."""
    return render("opted_out", language)


def opt_in_confirmation(*, language: str) -> str:
    """Confirm that SMS will be sent again (the reply to START)."""
    return render("opted_in", language)


def passed_on(*, language: str) -> str:
    """Acknowledge a free-text message that went to the coordinator."""
    return render("passed_on", language)


def offer_expired(*, language: str, code: str) -> str:
    """Politely answer a reply to an offer that is no longer open."""
    return render("offer_expired", language, code=code)


def check_in(*, language: str, resident_name: str) -> str:
    """Ask a volunteer after a task whether all was well with the resident."""
    return render("check_in", language, name=first_name(resident_name))


def resident_confirmation(
    *, language: str, volunteer_name: str, start: datetime, timezone: str = DEFAULT_TIMEZONE
) -> str:
    """Tell a resident who will come and when."""
    return render(
        "resident_confirmation",
        language,
        name=first_name(volunteer_name),
        when=_when(start, language, timezone),
    )


def resident_cancellation(
    *, language: str, start: datetime, timezone: str = DEFAULT_TIMEZONE
) -> str:
    """Tell a resident that a planned visit does not take place."""
    return render("resident_cancellation", language, when=_when(start, language, timezone))


def _when(start: datetime, language: str, timezone: str) -> str:
    return format_when(start, pick_language(language), timezone)
