"""Small factories for matching tests: sensible defaults, override what matters."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from matching import HelpRequest, Location, Problem, TimeSlot, Volunteer, Weights

ZONE = timezone(timedelta(hours=1))
MONDAY = datetime(2026, 11, 23, tzinfo=ZONE)
HOME = Location(51.2194, 4.4025)  # Antwerp, Groenplaats


def at(hour: float, day: int = 0) -> datetime:
    """A moment on the test week, `day` days after Monday."""
    return MONDAY + timedelta(days=day, hours=hour)


def slot(start: float, end: float, day: int = 0) -> TimeSlot:
    """A time slot between two hours of one day."""
    return TimeSlot(at(start, day), at(end, day))


def near(metres_north: float) -> Location:
    """A point a given distance north of HOME."""
    return Location(HOME.lat + metres_north / 111_195, HOME.lon)


def volunteer(vid: str = "v1", **overrides: Any) -> Volunteer:
    """A walking volunteer at HOME, free Monday 9-17, who shops."""
    fields: dict[str, Any] = {
        "id": vid,
        "location": HOME,
        "skills": frozenset({"shopping"}),
        "languages": frozenset({"nl"}),
        "availability": (slot(9, 17),),
    }
    fields.update(overrides)
    return Volunteer(**fields)


def request(rid: str = "r1", **overrides: Any) -> HelpRequest:
    """A one-hour shopping request 500 m from HOME, Monday 10-12."""
    fields: dict[str, Any] = {
        "id": rid,
        "resident": f"res-{rid}",
        "location": near(500),
        "skill": "shopping",
        "duration_minutes": 60,
        "window": slot(10, 12),
    }
    fields.update(overrides)
    return HelpRequest(**fields)


def problem(volunteers: list[Volunteer], requests: list[HelpRequest], **overrides: Any) -> Problem:
    """A problem with default travel; fairness off unless asked, to keep sums simple."""
    overrides.setdefault("weights", Weights(fairness=0.0))
    return Problem(volunteers=tuple(volunteers), requests=tuple(requests), **overrides)
