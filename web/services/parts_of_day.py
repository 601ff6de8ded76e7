"""Parts of the day as residents and volunteers say them, turned into clock times.

Morning, afternoon and evening are local (Europe/Brussels) times; a day and a
part of it become a UTC window for a help request, and a weekday and a part
become a weekly availability slot.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

PARTS_OF_DAY: dict[str, tuple[time, time]] = {
    "morning": (time(9, 0), time(12, 0)),
    "afternoon": (time(13, 0), time(17, 0)),
    "evening": (time(17, 0), time(20, 0)),
}


def window_on(day: date, part: str, timezone: str) -> tuple[datetime, datetime]:
    """The UTC start and end of a part of a local day (DST handled by zoneinfo)."""
    start, end = PARTS_OF_DAY[part]
    zone = ZoneInfo(timezone)
    return (
        datetime.combine(day, start, zone).astimezone(UTC),
        datetime.combine(day, end, zone).astimezone(UTC),
    )


def weekly_slots(choices: list[str]) -> list[dict[str, object]]:
    """Availability slots from choices written "<weekday 0-6>-<part>", e.g. "1-morning".

    Unknown choices are passed on as an invalid slot so the schema names them.
    """
    slots: list[dict[str, object]] = []
    for choice in sorted(set(choices)):
        weekday, _, part = choice.partition("-")
        if not weekday.isdigit() or part not in PARTS_OF_DAY:
            slots.append({"weekday": -1, "start": "", "end": ""})
            continue
        start, end = PARTS_OF_DAY[part]
        slots.append(
            {
                "weekday": int(weekday),
                "start": start.strftime("%H:%M"),
                "end": end.strftime("%H:%M"),
            }
        )
    return slots
