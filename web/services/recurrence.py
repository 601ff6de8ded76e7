"""Recurring requests ("every Tuesday morning") become real requests a few weeks ahead.

The series' first request carries the rule (see web.schemas.help_request:
FREQ=WEEKLY|DAILY, optional INTERVAL=1..4, BYDAY=MO,TU,...) and its last day
(``recurrence_until``, none for no end); each occurrence is a copy linked by
``series_id`` at the same local time of day. The unique (series_id,
window_start) index makes materialising twice harmless, and keeps a date the
coordinator cancelled (skipped) from coming back. Ending and stopping a
series is web.services.series.
Continuity needs nothing extra: the engine already prefers volunteers who
helped the same resident before (previous_volunteers), so the volunteer of
last week is first in line without pinning anyone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from web.db import db
from web.models import HelpRequest
from web.services import audit

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
COPIED = (
    "organisation_id",
    "resident_id",
    "skill",
    "description",
    "duration_minutes",
    "priority",
    "volunteers_needed",
    "language_strict",
    "needs_vehicle",
    "wheelchair",
    "destination_postcode",
    "destination_street",
    "destination_lat",
    "destination_lon",
)


@dataclass(frozen=True)
class Rule:
    """A parsed restricted RRULE."""

    frequency: str
    interval: int
    weekdays: frozenset[int]


def parse_rule(text: str) -> Rule:
    """Read "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH" (ValueError when it is not one)."""
    parts = dict(part.split("=", 1) for part in text.strip().split(";") if part)
    frequency = parts.get("FREQ", "")
    if frequency not in {"WEEKLY", "DAILY"}:
        raise ValueError(f"unsupported FREQ in {text!r}")
    days = frozenset(WEEKDAYS.index(day) for day in parts.get("BYDAY", "").split(",") if day)
    return Rule(frequency, int(parts.get("INTERVAL", "1")), days)


def occurrence_days(rule: Rule, first: date, until: date) -> list[date]:
    """The days after ``first`` up to ``until`` on which the series happens."""
    days = []
    first_monday = first - timedelta(days=first.weekday())
    day = first + timedelta(days=1)
    while day <= until:
        if rule.frequency == "WEEKLY":
            in_step = ((day - first_monday).days // 7) % rule.interval == 0
        else:
            in_step = (day - first).days % rule.interval == 0
        if in_step and (not rule.weekdays or day.weekday() in rule.weekdays):
            days.append(day)
        day += timedelta(days=1)
    return days


def materialise_series(now: datetime, weeks_ahead: int, timezone: str) -> int:
    """Create every missing occurrence up to ``weeks_ahead`` weeks from now; commits."""
    zone = ZoneInfo(timezone)
    today = now.astimezone(zone).date()
    heads = db.session.scalars(
        select(HelpRequest)
        .where(
            HelpRequest.recurrence_rule.is_not(None),
            HelpRequest.series_id.is_(None),
            HelpRequest.recurrence_until.is_(None) | (HelpRequest.recurrence_until >= today),
        )
        .order_by(HelpRequest.id)
    ).all()
    ahead = (now + timedelta(weeks=weeks_ahead)).astimezone(zone).date()
    created = 0
    for head in heads:
        if head.resident.erased_at is not None or not head.recurrence_rule:
            continue
        until = min(ahead, head.recurrence_until or ahead)
        created += _materialise(head, parse_rule(head.recurrence_rule), now, until, zone)
    db.session.commit()
    return created


def _materialise(head: HelpRequest, rule: Rule, now: datetime, until: date, zone: ZoneInfo) -> int:
    local_start = head.window_start.astimezone(zone)
    local_end = head.window_end.astimezone(zone)
    span = local_end.replace(tzinfo=None) - local_start.replace(tzinfo=None)
    existing = set(
        db.session.scalars(
            select(HelpRequest.window_start).where(HelpRequest.series_id == head.id)
        ).all()
    )
    created = 0
    for day in occurrence_days(rule, local_start.date(), until):
        # Same local wall-clock time, so a series keeps its hour across DST changes.
        start = datetime.combine(day, local_start.time(), zone)
        end = start + span  # aware arithmetic is wall-clock arithmetic
        if start <= now or start in existing:
            continue
        occurrence = HelpRequest(
            **{name: getattr(head, name) for name in COPIED},
            window_start=start,
            window_end=end,
            series_id=head.id,
            source="recurrence",
            status="open",
        )
        try:
            with db.session.begin_nested():
                db.session.add(occurrence)
        except IntegrityError:
            continue  # another clock created it first
        audit.record("materialised", occurrence, changes={"series_id": head.id})
        created += 1
    return created
