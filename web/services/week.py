"""The week at a glance: assignments per day and per volunteer."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from web.db import db
from web.models import Assignment, HelpRequest, Volunteer

SHOWN_STATUSES = ("proposed", "confirmed", "offered", "accepted", "completed")


@dataclass(frozen=True)
class Week:
    """Seven local days and the assignments on them, by day and by volunteer."""

    days: list[date]
    by_day: dict[date, list[Assignment]]
    by_volunteer: dict[Volunteer, dict[date, list[Assignment]]]


def week_plan(organisation_id: int, first_day: date, timezone: str) -> Week:
    """The organisation's assignments in the seven local days from `first_day`."""
    tz = ZoneInfo(timezone)
    start = datetime.combine(first_day, time(0), tz)
    rows = db.session.scalars(
        select(Assignment)
        .join(HelpRequest)
        .where(
            HelpRequest.organisation_id == organisation_id,
            Assignment.status.in_(SHOWN_STATUSES),
            Assignment.starts_at >= start,
            Assignment.starts_at < start + timedelta(days=7),
        )
        .options(joinedload(Assignment.request).joinedload(HelpRequest.resident))
        .options(joinedload(Assignment.volunteer))
        .order_by(Assignment.starts_at)
    ).all()
    days = [first_day + timedelta(days=n) for n in range(7)]
    by_day: dict[date, list[Assignment]] = {d: [] for d in days}
    by_volunteer: dict[Volunteer, dict[date, list[Assignment]]] = defaultdict(
        lambda: {d: [] for d in days}
    )
    for a in rows:
        day = a.starts_at.astimezone(tz).date()
        by_day[day].append(a)
        by_volunteer[a.volunteer][day].append(a)
    ordered = dict(sorted(by_volunteer.items(), key=lambda kv: (kv[0].first_name, kv[0].id)))
    return Week(days, by_day, ordered)
