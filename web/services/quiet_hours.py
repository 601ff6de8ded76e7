"""Quiet hours: local hours in which no SMS goes out unless it is urgent."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from web.services.errors import InvalidInput

_WINDOW = re.compile(r"(?P<start>\d{2}:\d{2})\s*-\s*(?P<end>\d{2}:\d{2})")


@dataclass(frozen=True)
class QuietHours:
    """From ``start`` to ``end`` local time in ``timezone``; may run past midnight."""

    start: time
    end: time
    timezone: str = "Europe/Brussels"

    def is_quiet(self, moment: datetime) -> bool:
        """Whether ``moment`` (aware) falls inside the quiet hours."""
        local = moment.astimezone(ZoneInfo(self.timezone)).time()
        if self.start <= self.end:
            return self.start <= local < self.end
        return local >= self.start or local < self.end

    def next_allowed(self, moment: datetime) -> datetime:
        """``moment`` itself, or the end of the quiet hours it falls in (aware, UTC-comparable)."""
        if not self.is_quiet(moment):
            return moment
        zone = ZoneInfo(self.timezone)
        local = moment.astimezone(zone)
        end = datetime.combine(local.date(), self.end, tzinfo=zone)
        if end <= local:
            end = datetime.combine(local.date() + timedelta(days=1), self.end, tzinfo=zone)
        return end.astimezone(moment.tzinfo)


def parse_quiet_hours(text: str | None, timezone: str = "Europe/Brussels") -> QuietHours | None:
    """Read ``"21:00-08:00"``; an empty value means no quiet hours."""
    if not text or not text.strip():
        return None
    match = _WINDOW.fullmatch(text.strip())
    try:
        if match is None:
            raise ValueError(text)
        start, end = time.fromisoformat(match["start"]), time.fromisoformat(match["end"])
    except ValueError:
        raise InvalidInput({"QUIET_HOURS": [f"expected HH:MM-HH:MM, got {text!r}"]}) from None
    if start == end:
        raise InvalidInput({"QUIET_HOURS": ["start and end must differ"]})
    return QuietHours(start, end, timezone)
