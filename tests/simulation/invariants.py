"""What coordinators rely on, checked against the database after every step.

Each check returns the violations it finds, as sentences; an empty list is a
pass. They read only rows, so they hold whatever path led to them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from web.db import db
from web.models import Assignment as Task
from web.models import AuditEvent, HelpRequest, MatchingRun, SmsMessage, Volunteer
from web.models.vocabulary import ACTIVE_ASSIGNMENT_STATUSES
from web.services.matching_problem import COUNTED_STATUSES, busy_interval, monday_of
from web.services.quiet_hours import QuietHours
from web.services.request_states import disagreements

UNDELIVERED = ("failed", "undelivered")


def rounds_succeed() -> list[str]:
    """Every matching round finished without failing."""
    failed = db.session.execute(
        select(MatchingRun.id, MatchingRun.error).where(MatchingRun.status == "failed")
    ).all()
    return [f"round {run_id} failed: {error}" for run_id, error in failed]


def seats_not_overfilled() -> list[str]:
    """No request has more live volunteers than it needs."""
    rows = db.session.execute(
        select(Task.request_id, HelpRequest.volunteers_needed)
        .join(HelpRequest)
        .where(Task.status.in_(ACTIVE_ASSIGNMENT_STATUSES))
    ).all()
    live = Counter(request_id for request_id, _ in rows)
    needed = dict(rows)
    return [
        f"request {r} has {n} live volunteers for {needed[r]} seats"
        for r, n in live.items()
        if n > needed[r]
    ]


def _tasks(statuses: tuple[str, ...]) -> list[Task]:
    """Assignments in these statuses, with what their travel is computed from."""
    return list(
        db.session.scalars(
            select(Task)
            .where(Task.status.in_(statuses))
            .options(
                selectinload(Task.request).selectinload(HelpRequest.resident),
                selectinload(Task.volunteer),
            )
        )
    )


def no_double_booking() -> list[str]:
    """No volunteer has two overlapping live tasks, travel there and back included."""
    live = _tasks(ACTIVE_ASSIGNMENT_STATUSES)
    by_volunteer: dict[int, list[tuple[datetime, datetime, int]]] = defaultdict(list)
    for task in live:
        begin, end = busy_interval(task)
        by_volunteer[task.volunteer_id].append((begin, end, task.id))
    found = []
    for volunteer_id, spans in by_volunteer.items():
        spans.sort()
        for (_, end, first), (begin, _, second) in zip(spans, spans[1:], strict=False):
            if begin < end:
                found.append(f"volunteer {volunteer_id}: tasks {first} and {second} overlap")
    return found


def one_offer_per_approval() -> list[str]:
    """Every approved proposal was offered by exactly one SMS, and nothing stays 'confirmed'."""
    offered = db.session.scalars(select(Task.id).where(Task.offered_at.is_not(None))).all()
    counts = Counter(
        db.session.scalars(select(SmsMessage.assignment_id).where(SmsMessage.kind == "offer")).all()
    )
    found = [f"assignment {a} has {counts[a]} offer SMS" for a in offered if counts[a] != 1]
    stuck = db.session.scalars(select(Task.id).where(Task.status == "confirmed")).all()
    found += [f"assignment {a} is approved but was never offered" for a in stuck]
    return found


def quiet_hours_kept(quiet: QuietHours | None) -> list[str]:
    """No SMS that is not urgent left during the quiet hours (replies in the same
    conversation excepted: they answer the volunteer's own text at once)."""
    if quiet is None:
        return []
    sent = db.session.execute(
        select(SmsMessage.id, SmsMessage.sent_at).where(
            SmsMessage.direction == "outbound",
            SmsMessage.kind != "reply",
            SmsMessage.urgent.is_(False),
            SmsMessage.sent_at.is_not(None),
        )
    ).all()
    return [f"SMS {m} left in the quiet hours at {at}" for m, at in sent if quiet.is_quiet(at)]


def offers_wait_for_delivery(timeout: timedelta) -> list[str]:
    """No offer expired before its SMS had been out for the whole timeout."""
    expired = db.session.scalars(select(Task).where(Task.status == "expired")).all()
    sms = {
        m.assignment_id: m
        for m in db.session.scalars(
            select(SmsMessage).where(
                SmsMessage.kind == "offer",
                SmsMessage.assignment_id.in_([t.id for t in expired]),
            )
        )
    }
    found = []
    for task in expired:
        message, at = sms.get(task.id), task.answered_at
        assert at is not None
        if message is None:
            found.append(f"assignment {task.id} expired without an offer SMS")
        elif message.status in UNDELIVERED or task.starts_at <= at:
            continue
        elif message.sent_at is None or at < message.sent_at + timeout:
            found.append(f"assignment {task.id} expired at {at}, offer sent {message.sent_at}")
    return found


def weekly_limits_kept(timezone: str) -> list[str]:
    """No volunteer's held and done tasks of one calendar week exceed their weekly limits."""
    zone = ZoneInfo(timezone)
    tasks = _tasks(COUNTED_STATUSES)
    minutes: Counter[tuple[int, object]] = Counter()
    count: Counter[tuple[int, object]] = Counter()
    for task in tasks:
        week = (task.volunteer_id, monday_of(task.starts_at.astimezone(zone).date()))
        begin, end = busy_interval(task)
        minutes[week] += int((end - begin).total_seconds() // 60)
        count[week] += 1
    limits = {
        v.id: (v.capacity_minutes_per_week, v.max_tasks_per_week)
        for v in db.session.scalars(select(Volunteer))
    }
    found = []
    for (volunteer_id, monday), used in minutes.items():
        capacity, max_tasks = limits[volunteer_id]
        if capacity is not None and used > capacity:
            found.append(f"volunteer {volunteer_id}, week of {monday}: {used} > {capacity} min")
        tasks_done = count[(volunteer_id, monday)]
        if max_tasks is not None and tasks_done > max_tasks:
            found.append(f"volunteer {volunteer_id}, week of {monday}: {tasks_done} tasks")
    return found


def statuses_agree() -> list[str]:
    """Every request's status agrees with its assignments."""
    ids = db.session.scalars(select(HelpRequest.id)).all()
    return [f"request {r}: {problem}" for r, problem in disagreements(ids).items()]


def accepted_tasks_stay() -> list[str]:
    """A volunteer who said yes keeps the task, unless a coordinator changed it."""
    accepted = set(
        db.session.scalars(
            select(AuditEvent.entity_id).where(
                AuditEvent.entity_type == "assignments", AuditEvent.action == "accepted"
            )
        )
    )
    by_user = set(
        db.session.scalars(
            select(AuditEvent.entity_id).where(
                AuditEvent.entity_type == "assignments",
                AuditEvent.action == "cancelled",
                AuditEvent.actor == "user",
            )
        )
    )
    cancelled = db.session.scalars(
        select(Task.id).where(Task.id.in_(accepted), Task.status == "cancelled")
    ).all()
    return [
        f"accepted assignment {a} was cancelled by the system"
        for a in cancelled
        if a not in by_user
    ]


def all_invariants(
    quiet: QuietHours | None, timeout: timedelta, timezone: str
) -> list[Callable[[], list[str]]]:
    """Every check, ready to call."""
    return [
        rounds_succeed,
        seats_not_overfilled,
        no_double_booking,
        one_offer_per_approval,
        lambda: quiet_hours_kept(quiet),
        lambda: offers_wait_for_delivery(timeout),
        lambda: weekly_limits_kept(timezone),
        statuses_agree,
        accepted_tasks_stay,
    ]
