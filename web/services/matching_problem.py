"""Rows become a matching `Problem`: the one place where the database meets the engine."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

import matching
from web.db import db
from web.models import Assignment, HelpRequest, PairingBlock, Resident, Volunteer

# Requests a round may (re)plan; anything confirmed or offered is left alone.
PLANNABLE_STATUSES = ("open", "unfilled", "proposed")
# Assignments that tell the engine "this volunteer must not do this request again".
REFUSED_STATUSES = ("declined", "expired", "cancelled")
# A busy volunteer's time is fixed by assignments past the proposal stage.
FIXED_STATUSES = ("confirmed", "offered", "accepted")


@dataclass
class RoundInput:
    """A Problem plus what is needed to turn its Solution back into rows."""

    problem: matching.Problem
    requests: dict[str, HelpRequest]
    volunteers: dict[str, Volunteer]
    skipped_volunteers: dict[int, str] = field(default_factory=dict)


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


def build_round(
    organisation_id: int,
    start: datetime,
    end: datetime,
    timezone: str,
    only_request: int | None = None,
) -> RoundInput:
    """Load one organisation's plannable requests and usable volunteers for [start, end).

    With `only_request`, just that request is planned and every other proposal
    counts as busy time, so a coordinator's swap cannot double-book anyone.
    """
    tz = ZoneInfo(timezone)
    query = select(HelpRequest).where(
        HelpRequest.organisation_id == organisation_id,
        HelpRequest.status.in_(PLANNABLE_STATUSES),
        HelpRequest.window_end > start,
        HelpRequest.window_start < end,
    )
    if only_request is not None:
        query = query.where(HelpRequest.id == only_request)
    requests = db.session.scalars(query.order_by(HelpRequest.id)).all()
    holding = FIXED_STATUSES + (("proposed",) if only_request is not None else ())
    volunteers = db.session.scalars(
        select(Volunteer)
        .where(Volunteer.organisation_id == organisation_id, Volunteer.active.is_(True))
        .where(Volunteer.erased_at.is_(None))
        .order_by(Volunteer.id)
    ).all()
    request_ids = [r.id for r in requests]
    assignments = db.session.scalars(
        select(Assignment).where(
            Assignment.volunteer_id.in_([v.id for v in volunteers])
            | Assignment.request_id.in_(request_ids)
        )
    ).all()
    by_request: dict[int, list[Assignment]] = defaultdict(list)
    fixed: dict[int, list[Assignment]] = defaultdict(list)
    for a in assignments:
        by_request[a.request_id].append(a)
        if a.status in holding and a.starts_at < end and a.request_id not in request_ids:
            fixed[a.volunteer_id].append(a)
    helped = _previous_helpers({r.resident_id for r in requests})
    blocks = _blocks([v.id for v in volunteers])

    skipped: dict[int, str] = {}
    usable: list[matching.Volunteer] = []
    first_day = start.astimezone(tz).date()
    days = (end.astimezone(tz).date() - first_day).days + 1
    for v in volunteers:
        if v.sms_opt_out or v.phone_invalid:
            skipped[v.id] = "opted out of SMS" if v.sms_opt_out else "phone number does not work"
            continue
        busy = [
            (a.starts_at, a.starts_at + timedelta(minutes=a.request.duration_minutes))
            for a in fixed[v.id]
        ]
        slots = _minus(_local_slots(v, first_day, days, tz), busy)
        used_minutes = sum(a.request.duration_minutes for a in fixed[v.id])
        usable.append(
            matching.Volunteer(
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
                else max(0, v.max_tasks_per_week - len(fixed[v.id])),
                max_distance_km=v.max_distance_km,
                vehicle=matching.Vehicle(v.vehicle_seats, v.vehicle_wheelchair)
                if v.vehicle_seats
                else None,
                blocked_residents=frozenset(str(r) for r in blocks[v.id]),
            )
        )
    usable_ids = {v.id for v in usable}
    problem_requests = [
        _request(r, by_request[r.id], helped[r.resident_id], usable_ids, tz) for r in requests
    ]
    current = [
        matching.CurrentAssignment(str(a.request_id), str(a.volunteer_id))
        for r in requests
        for a in by_request[r.id]
        if a.status == "proposed" and str(a.volunteer_id) in usable_ids
    ]
    problem = matching.Problem(
        volunteers=tuple(usable),
        requests=tuple(problem_requests),
        current_assignments=tuple(current),
    )
    return RoundInput(
        problem,
        {str(r.id): r for r in requests},
        {str(v.id): v for v in volunteers},
        skipped,
    )


def _request(
    r: HelpRequest,
    assignments: list[Assignment],
    previous: set[int],
    usable: set[str],
    tz: ZoneInfo,
) -> matching.HelpRequest:
    resident: Resident = r.resident
    pinned = tuple(str(a.volunteer_id) for a in assignments if a.pinned and a.status == "proposed")
    return matching.HelpRequest(
        id=str(r.id),
        resident=str(r.resident_id),
        skill=r.skill,
        duration_minutes=r.duration_minutes,
        # Local times, so the engine's reasons speak the coordinator's clock.
        window=matching.TimeSlot(r.window_start.astimezone(tz), r.window_end.astimezone(tz)),
        location=_location(resident.lat, resident.lon),
        priority=r.priority,
        volunteers_needed=r.volunteers_needed,
        languages=frozenset(resident.languages),
        language_strict=r.language_strict,
        gender_preference=resident.preferred_gender,
        needs_vehicle=r.needs_vehicle,
        wheelchair=r.wheelchair,
        previous_volunteers=frozenset(str(v) for v in previous),
        pinned_volunteers=tuple(p for p in pinned if p in usable),
        excluded_volunteers=frozenset(
            str(a.volunteer_id) for a in assignments if a.status in REFUSED_STATUSES
        ),
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
