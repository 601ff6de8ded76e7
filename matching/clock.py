"""Whole-minute time arithmetic: the engine models time as integer minutes.

Start times are continuous in the scenario; the engine uses a one-minute
grid, which is exact for windows and slots given in whole minutes and
conservative otherwise (starts are rounded up, ends down).
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta, tzinfo


def minute_ceil(moment: datetime, origin: datetime) -> int:
    """Minutes from origin to moment, rounded up."""
    return math.ceil((moment - origin).total_seconds() / 60)


def minute_floor(moment: datetime, origin: datetime) -> int:
    """Minutes from origin to moment, rounded down."""
    return math.floor((moment - origin).total_seconds() / 60)


def moment_at(minute: int, origin: datetime, zone: tzinfo | None) -> datetime:
    """The absolute time `minute` minutes after origin, shown in `zone`."""
    return (origin + timedelta(minutes=minute)).astimezone(zone)


def describe_span(start: datetime, end: datetime) -> str:
    """A short human text like 'Tue 24 Nov 14:00–16:00'."""
    day = start.strftime("%a %d %b")
    if end.date() == start.date():
        return f"{day} {start:%H:%M}–{end:%H:%M}"
    return f"{day} {start:%H:%M}–{end:%a %d %b %H:%M}"
