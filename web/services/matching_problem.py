"""Rows become a matching `Problem`: the one place where the database meets the engine.

A round plans the seats nobody holds yet. What a volunteer already holds
(an approved, offered or accepted task) is theirs: its time, with the travel
there and back, is cut out of their availability, and it counts against the
capacity and task limit of its calendar week (local time). A duo with one
seat taken plans only the open seat, at the taken seat's start.

Weekly limits hold per calendar week, while a round looks seven days ahead:
a round plans each calendar week it touches as a problem of its own
(:func:`week_parts`), with what is left of each volunteer's limits in that week.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import selectinload

import matching
from matching.geo import road_distance_km, travel_minutes
from web.db import db
from web.models import Assignment, HelpRequest, PairingBlock, Resident, Volunteer
from web.models.vocabulary import COMMITTED_ASSIGNMENT_STATUSES
from web.services.request_states import open_seats

# Requests a round may (re)plan: seats without anyone, or with proposals only.
PLANNABLE_STATUSES = ("open", "unfilled", "proposed")
# Assignments that tell the engine "this volunteer must not do this request again".
REFUSED_STATUSES = ("declined", "expired", "cancelled", "no_show")
# Tasks that count against a week's capacity and task limit.
COUNTED_STATUSES = COMMITTED_ASSIGNMENT_STATUSES + ("completed",)
TRAVEL = matching.Travel()
WEEK = timedelta(days=7)


@dataclass(frozen=True)
class Snapshot:
    """What the round read, to tell at saving time what changed during the solve."""

    request_versions: dict[int, int]
    volunteer_states: dict[int, tuple[object, ...]]


@dataclass
class RoundInput:
    """A Problem plus what is needed to turn its Solution back into rows."""

    problem: matching.Problem
    requests: dict[str, HelpRequest]
    volunteers: dict[str, Volunteer]
    skipped_volunteers: dict[int, str] = field(default_factory=dict)
    snapshot: Snapshot = field(default_factory=lambda: Snapshot({}, {}))


def monday_of(day: date) -> date:
    """The Monday of the calendar week of ``day``."""
    return day - timedelta(days=day.weekday())


def travel_to(volunteer: Volunteer, resident: Resident) -> int:
    """One-way minutes from the volunteer's home to the resident, as the engine counts them."""
    km = road_distance_km(
        matching.Location(volunteer.lat, volunteer.lon),
        matching.Location(resident.lat, resident.lon),
        TRAVEL.detour_factor,
    )
    return travel_minutes(km, TRAVEL.speed_kmh(volunteer.travel_mode))


def busy_interval(assignment: Assignment) -> tuple[datetime, datetime]:
    """The time a task holds its volunteer: the travel there, the task, the travel back."""
    travel = timedelta(minutes=travel_to(assignment.volunteer, assignment.request.resident))
    end = assignment.starts_at + timedelta(minutes=assignment.request.duration_minutes)
    return assignment.starts_at - travel, end + travel


def volunteer_state(volunteer: Volunteer, commitments: Iterable[Assignment]) -> tuple[object, ...]:
    """Everything about a volunteer that a plan depends on; equal states, same plan."""
    return (
        volunteer.active,
        volunteer.erased_at,
        volunteer.sms_opt_out,
        volunteer.phone_invalid,
        volunteer.updated_at,
        tuple(sorted((r.weekday, r.starts_at, r.ends_at) for r in volunteer.availability)),
        tuple(sorted((a.first_day, a.last_day) for a in volunteer.absences)),
        tuple(sorted((a.id, a.status, a.starts_at) for a in commitments)),
    )


def _local_slots(
    volunteer: Volunteer, first: date, days: int, tz: ZoneInfo
) -> list[tuple[datetime, datetime]]:
    """Weekly rules unrolled into absolute slots, absences left out."""
    away = {
        a.first_day + timedelta(days=n)
        for a in volunteer.absences
        for n in range((a.last_day - a.first_day).days + 1)
    }
    slots = []
    for n in range(days):
        day = first + timedelta(days=n)
        if day in away:
            continue
        for rule in volunteer.availability:
            if rule.weekday == day.weekday():
                slots.append(
                    (
                        datetime.combine(day, rule.starts_at, tz),
                        datetime.combine(day, rule.ends_at, tz),
                    )
                )
    return slots


def _minus(
    slots: list[tuple[datetime, datetime]], busy: Iterable[tuple[datetime, datetime]]
) -> list[tuple[datetime, datetime]]:
    """Slots with busy intervals cut out."""
    for b_start, b_end in busy:
        cut = []
        for start, end in slots:
            if b_end <= start or b_start >= end:
                cut.append((start, end))
                continue
            if start < b_start:
                cut.append((start, b_start))
            if b_end < end:
                cut.append((b_end, end))
        slots = cut
    return slots


def _location(lat: float, lon: float) -> matching.Location:
    return matching.Location(lat=lat, lon=lon)


def week_parts(start: datetime, end: datetime, timezone: str) -> list[tuple[datetime, datetime]]:
    """[start, end) cut at the local Mondays 00:00 inside it: one part per calendar week."""
    tz = ZoneInfo(timezone)
    parts = []
    begin = start
    while begin < end:
        monday = monday_of(begin.astimezone(tz).date()) + timedelta(days=7)
        cut = min(end, datetime.combine(monday, time(0), tz))
        parts.append((begin, cut))
        begin = cut
    return parts


def build_round(
    organisation_id: int,
    start: datetime,
    end: datetime,
    timezone: str,
    only_request: int | None = None,
    *,
    first_part: bool = True,
) -> RoundInput:
    """Load one organisation's open seats and usable volunteers for [start, end).

    [start, end) lies inside one calendar week (see week_parts). A request
    belongs to the part in which it can first start: ``first_part`` also takes
    requests whose window began before ``start``. With `only_request`, just
    that request is planned and every other proposal counts as busy time, so
    a coordinator's swap cannot double-book anyone.
    """
    tz = ZoneInfo(timezone)
    query = select(HelpRequest).where(
        HelpRequest.organisation_id == organisation_id,
        HelpRequest.status.in_(PLANNABLE_STATUSES),
        HelpRequest.window_end > start,
        HelpRequest.window_start < end,
    )
    if not first_part:
        query = query.where(HelpRequest.window_start >= start)
    if only_request is not None:
        query = query.where(HelpRequest.id == only_request)
    requests = db.session.scalars(
        query.options(selectinload(HelpRequest.resident)).order_by(HelpRequest.id)
    ).all()
    volunteers = db.session.scalars(
        select(Volunteer)
        .where(Volunteer.organisation_id == organisation_id, Volunteer.active.is_(True))
        .where(Volunteer.erased_at.is_(None))
        .options(selectinload(Volunteer.availability), selectinload(Volunteer.absences))
        .order_by(Volunteer.id)
    ).all()
    week = week_of(start, tz)
    by_request = _assignments_of([r.id for r in requests])
    busy, used = _commitments([v.id for v in volunteers], week)
    if only_request is not None:
        # A swap plans one request among the other proposals: they hold time and count.
        for a in _proposals_of_others([v.id for v in volunteers], only_request, *week):
            busy[a.volunteer_id].append(a)
            if a.starts_at >= week[0]:
                used[a.volunteer_id].append(a)
    helped = _previous_helpers({r.resident_id for r in requests})
    blocks = _blocks([v.id for v in volunteers])

    skipped: dict[int, str] = {}
    usable: list[matching.Volunteer] = []
    first_day = start.astimezone(tz).date()
    for v in volunteers:
        if v.sms_opt_out or v.phone_invalid:
            skipped[v.id] = "opted out of SMS" if v.sms_opt_out else "phone number does not work"
            continue
        slots = _local_slots(v, first_day, (week[1].date() - first_day).days, tz)
        # From now on, and inside this week: a request at the horizon's edge may run past it.
        slots = [(max(s, start), min(e, week[1])) for s, e in slots]
        slots = _minus([(s, e) for s, e in slots if s < e], map(busy_interval, busy[v.id]))
        usable.append(_volunteer(v, slots, used[v.id], blocks[v.id]))
    usable_ids = {v.id for v in usable}
    problem_requests = []
    for r in requests:
        planned = _request(r, by_request[r.id], helped[r.resident_id], usable_ids, tz)
        if planned is not None:
            problem_requests.append(planned)
    planned_ids = {r.id for r in problem_requests}
    current = [
        matching.CurrentAssignment(str(a.request_id), str(a.volunteer_id))
        for r in requests
        if str(r.id) in planned_ids
        for a in by_request[r.id]
        if a.status == "proposed" and str(a.volunteer_id) in usable_ids
    ]
    problem = matching.Problem(
        volunteers=tuple(usable),
        requests=tuple(problem_requests),
        current_assignments=tuple(current),
        travel=TRAVEL,
    )
    return RoundInput(
        problem,
        {str(r.id): r for r in requests if str(r.id) in planned_ids},
        {str(v.id): v for v in volunteers},
        skipped,
        Snapshot(
            {r.id: r.version for r in requests},
            {v.id: volunteer_state(v, busy[v.id]) for v in volunteers},
        ),
    )


def week_of(moment: datetime, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """The local calendar week around ``moment``: Monday 00:00 to the next Monday 00:00."""
    monday = datetime.combine(monday_of(moment.astimezone(tz).date()), time(0), tz)
    return monday, datetime.combine(monday.date() + WEEK, time(0), tz)


def _commitments(
    volunteer_ids: list[int], week: tuple[datetime, datetime]
) -> tuple[dict[int, list[Assignment]], dict[int, list[Assignment]]]:
    """Per volunteer: the held tasks that block time, and the week's tasks that count."""
    busy: dict[int, list[Assignment]] = defaultdict(list)
    used: dict[int, list[Assignment]] = defaultdict(list)
    for a in _counted_tasks(volunteer_ids, *week):
        if a.status in COMMITTED_ASSIGNMENT_STATUSES:
            busy[a.volunteer_id].append(a)
        if week[0] <= a.starts_at < week[1]:
            used[a.volunteer_id].append(a)
    return busy, used


def changes_since(snapshot: Snapshot, start: datetime, timezone: str) -> tuple[set[int], set[int]]:
    """Requests and volunteers that changed since the snapshot; locks their rows (PostgreSQL).

    Call in the transaction that writes the round's result.
    """
    lock = db.session.get_bind().dialect.name == "postgresql"
    request_query = select(HelpRequest.id, HelpRequest.version).where(
        HelpRequest.id.in_(snapshot.request_versions)
    )
    versions: dict[int, int] = dict(
        db.session.execute(request_query.with_for_update() if lock else request_query).all()  # type: ignore[arg-type]
    )
    requests = {r for r, version in snapshot.request_versions.items() if versions.get(r) != version}
    volunteer_query = (
        select(Volunteer)
        .where(Volunteer.id.in_(snapshot.volunteer_states))
        .options(selectinload(Volunteer.availability), selectinload(Volunteer.absences))
        .execution_options(populate_existing=True)
    )
    rows = db.session.scalars(volunteer_query.with_for_update() if lock else volunteer_query)
    busy, _ = _commitments(list(snapshot.volunteer_states), week_of(start, ZoneInfo(timezone)))
    now = {v.id: volunteer_state(v, busy[v.id]) for v in rows}
    volunteers = {v for v, state in snapshot.volunteer_states.items() if now.get(v) != state}
    return requests, volunteers


def _volunteer(
    v: Volunteer,
    slots: list[tuple[datetime, datetime]],
    used: list[Assignment],
    blocked: set[int],
) -> matching.Volunteer:
    """One engine volunteer with what is left of this week's limits."""
    used_minutes = sum(
        int((end - begin).total_seconds() // 60) for begin, end in map(busy_interval, used)
    )
    return matching.Volunteer(
        id=str(v.id),
        location=_location(v.lat, v.lon),
        mode=v.travel_mode,
        skills=frozenset(v.skills),
        languages=frozenset(v.languages),
        gender=v.gender,
        availability=tuple(matching.TimeSlot(s, e) for s, e in slots if s < e),
        capacity_minutes=None
        if v.capacity_minutes_per_week is None
        else max(0, v.capacity_minutes_per_week - used_minutes),
        max_tasks=None
        if v.max_tasks_per_week is None
        else max(0, v.max_tasks_per_week - len(used)),
        max_distance_km=v.max_distance_km,
        vehicle=matching.Vehicle(v.vehicle_seats, v.vehicle_wheelchair)
        if v.vehicle_seats
        else None,
        blocked_residents=frozenset(str(r) for r in blocked),
    )


def _request(
    r: HelpRequest,
    assignments: list[Assignment],
    previous: set[int],
    usable: set[str],
    tz: ZoneInfo,
) -> matching.HelpRequest | None:
    """The request's open seats for the engine, or None when none is open.

    Seats already held stay with their volunteers; a duo's open seat must
    start with the held one.
    """
    seats = Counter(a.status for a in assignments if a.status != "proposed")
    needed = open_seats(r.volunteers_needed, seats)
    if not needed:
        return None
    held = [a for a in assignments if a.status in COMMITTED_ASSIGNMENT_STATUSES]
    window = matching.TimeSlot(r.window_start.astimezone(tz), r.window_end.astimezone(tz))
    if held:
        begin = held[0].starts_at.astimezone(tz)
        window = matching.TimeSlot(begin, begin + timedelta(minutes=r.duration_minutes))
    resident: Resident = r.resident
    pinned = [str(a.volunteer_id) for a in assignments if a.pinned and a.status == "proposed"]
    return matching.HelpRequest(
        id=str(r.id),
        resident=str(r.resident_id),
        skill=r.skill,
        duration_minutes=r.duration_minutes,
        # Local times, so the engine's reasons speak the coordinator's clock.
        window=window,
        location=_location(resident.lat, resident.lon),
        priority=r.priority,
        volunteers_needed=needed,
        languages=frozenset(resident.languages),
        language_strict=r.language_strict,
        gender_preference=resident.preferred_gender,
        needs_vehicle=r.needs_vehicle,
        wheelchair=r.wheelchair,
        previous_volunteers=frozenset(str(v) for v in previous),
        pinned_volunteers=tuple(p for p in pinned if p in usable),
        excluded_volunteers=frozenset(
            str(a.volunteer_id) for a in assignments if a.status in REFUSED_STATUSES or a in held
        ),
    )


def _assignments_of(request_ids: list[int]) -> dict[int, list[Assignment]]:
    rows = db.session.scalars(
        select(Assignment)
        .where(Assignment.request_id.in_(request_ids))
        .order_by(Assignment.starts_at, Assignment.id)
    ).all()
    by_request: dict[int, list[Assignment]] = defaultdict(list)
    for a in rows:
        by_request[a.request_id].append(a)
    return by_request


def _counted_tasks(volunteer_ids: list[int], start: datetime, end: datetime) -> list[Assignment]:
    """Held and done tasks of these volunteers starting in [start, end), travel facts loaded."""
    return list(
        db.session.scalars(
            select(Assignment)
            .where(
                Assignment.volunteer_id.in_(volunteer_ids),
                Assignment.status.in_(COUNTED_STATUSES),
                # A task of the evening before can still hold the first morning.
                Assignment.starts_at >= start - timedelta(days=1),
                Assignment.starts_at < end,
            )
            .options(
                selectinload(Assignment.request).selectinload(HelpRequest.resident),
                selectinload(Assignment.volunteer),
            )
            .order_by(Assignment.id)
        )
    )


def _proposals_of_others(
    volunteer_ids: list[int], request_id: int, start: datetime, end: datetime
) -> list[Assignment]:
    """Other requests' proposals in the week: busy time while one request is swapped."""
    return list(
        db.session.scalars(
            select(Assignment).where(
                Assignment.volunteer_id.in_(volunteer_ids),
                Assignment.status == "proposed",
                Assignment.request_id != request_id,
                Assignment.starts_at >= start - timedelta(days=1),
                Assignment.starts_at < end,
            )
        )
    )


def _previous_helpers(resident_ids: set[int]) -> dict[int, set[int]]:
    """Who helped each resident before (accepted or completed), for continuity."""
    rows = db.session.execute(
        select(HelpRequest.resident_id, Assignment.volunteer_id)
        .join(Assignment, Assignment.request_id == HelpRequest.id)
        .where(
            HelpRequest.resident_id.in_(resident_ids),
            Assignment.status.in_(("accepted", "completed")),
        )
    ).all()
    helped: dict[int, set[int]] = defaultdict(set)
    for resident_id, volunteer_id in rows:
        helped[resident_id].add(volunteer_id)
    return helped


def _blocks(volunteer_ids: list[int]) -> dict[int, set[int]]:
    rows = db.session.execute(
        select(PairingBlock.volunteer_id, PairingBlock.resident_id).where(
            PairingBlock.volunteer_id.in_(volunteer_ids)
        )
    ).all()
    blocks: dict[int, set[int]] = defaultdict(set)
    for volunteer_id, resident_id in rows:
        blocks[volunteer_id].add(resident_id)
    return blocks
