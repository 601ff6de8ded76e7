"""Day and time as a volunteer reads them: "di 24/11 14:00", "mar 24/11 14h00"."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from notifications.messages.language import Language

WEEKDAYS: dict[Language, tuple[str, ...]] = {
    "nl": ("ma", "di", "wo", "do", "vr", "za", "zo"),
    "fr": ("lun", "mar", "mer", "jeu", "ven", "sam", "dim"),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}
DEFAULT_TIMEZONE = "Europe/Brussels"


def format_when(moment: datetime, language: Language, timezone: str = DEFAULT_TIMEZONE) -> str:
    """Weekday, day/month and time in ``timezone``; a naive ``moment`` is taken as UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    local = moment.astimezone(ZoneInfo(timezone))
    weekday = WEEKDAYS[language][local.weekday()]
    clock = f"{local:%H}h{local:%M}" if language == "fr" else f"{local:%H:%M}"
    return f"{weekday} {local.day}/{local.month} {clock}"
