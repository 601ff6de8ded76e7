"""The week at a glance: assignments per day and per volunteer."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from web.db import db
from web.models import Assignment, HelpRequest, Resident, Volunteer

SHOWN_STATUSES = ("proposed", "confirmed", "offered", "accepted", "completed")
HELD_STATUSES = ("confirmed", "offered", "accepted", "completed")


@dataclass(frozen=True)
class Task:
    """One assignment as the week view shows it (only the columns it needs)."""

    starts_at: datetime
    status: str
    skill: str
    request_id: int
    duration_minutes: int
    resident_first_name: str
    resident_street: str
    resident_house_number: str | None
    volunteer_id: int
    volunteer_first_name: str
    volunteer_last_name: str
    volunteer_street: str

    @property
    def ends_at(self) -> datetime:
        """When the task is over."""
        return self.starts_at + timedelta(minutes=self.duration_minutes)


@dataclass(frozen=True)
class Waiting:
    """A request of the week that nobody holds yet: new, open, or unfilled."""

    window_start: datetime
    status: str
    skill: str
    request_id: int
    resident_first_name: str
    resident_street: str


# Requests the week view shows by themselves: no volunteer is proposed, asked or coming.
WAITING_STATUSES = ("new", "open", "unfilled")


@dataclass(frozen=True)
class Week:
    """Seven local days: the tasks on them, by day and by volunteer (name, street, id), and
    per day the requests still waiting for a volunteer."""

    days: list[date]
    by_day: dict[date, list[Task]]
    by_volunteer: dict[tuple[str, str, int], dict[date, list[Task]]]
    waiting: dict[date, list[Waiting]]


def week_plan(
    organisation_id: int,
    first_day: date,
    timezone: str,
    length: int = 7,
    *,
    held_only: bool = False,
) -> Week:
    """The organisation's assignments in the local days from `first_day` (a week by default);
    `held_only` leaves out proposals, for the sheets handed to volunteers."""
    tz = ZoneInfo(timezone)
    start = datetime.combine(first_day, time(0), tz)
    rows = db.session.execute(
        select(
            Assignment.starts_at,
            Assignment.status,
            HelpRequest.skill,
            HelpRequest.id,
            HelpRequest.duration_minutes,
            Resident.first_name,
            Resident.street,
            Resident.house_number,
            Volunteer.id,
            Volunteer.first_name,
            Volunteer.last_name,
            Volunteer.street,
        )
        .join(HelpRequest, Assignment.request_id == HelpRequest.id)
        .join(Resident, HelpRequest.resident_id == Resident.id)
        .join(Volunteer, Assignment.volunteer_id == Volunteer.id)
        .where(
            HelpRequest.organisation_id == organisation_id,
            Assignment.status.in_(HELD_STATUSES if held_only else SHOWN_STATUSES),
            Assignment.starts_at >= start,
            Assignment.starts_at < start + timedelta(days=length),
        )
        .order_by(Assignment.starts_at)
    ).all()
    days = [first_day + timedelta(days=n) for n in range(length)]
    by_day: dict[date, list[Task]] = {d: [] for d in days}
    by_volunteer: dict[tuple[str, str, int], dict[date, list[Task]]] = defaultdict(
        lambda: {d: [] for d in days}
    )
    for row in rows:
        task = Task(*row)
        day = task.starts_at.astimezone(tz).date()
        by_day[day].append(task)
        name = f"{task.volunteer_first_name} {task.volunteer_last_name}"
        by_volunteer[(name, task.volunteer_street, task.volunteer_id)][day].append(task)
    waiting: dict[date, list[Waiting]] = {d: [] for d in days}
    for found in db.session.execute(
        select(
            HelpRequest.window_start,
            HelpRequest.status,
            HelpRequest.skill,
            HelpRequest.id,
            Resident.first_name,
            Resident.street,
        )
        .join(Resident, HelpRequest.resident_id == Resident.id)
        .where(
            HelpRequest.organisation_id == organisation_id,
            HelpRequest.status.in_(WAITING_STATUSES),
            HelpRequest.window_start >= start,
            HelpRequest.window_start < start + timedelta(days=length),
        )
        .order_by(HelpRequest.window_start)
    ):
        request = Waiting(*found)
        waiting[request.window_start.astimezone(tz).date()].append(request)
    return Week(days, by_day, dict(sorted(by_volunteer.items())), waiting)
