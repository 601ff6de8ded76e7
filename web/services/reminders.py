"""Reminders to volunteers: the evening before and two hours before, each once.

The evening reminder goes out between REMINDER_EVENING_HOUR and midnight of
the day before, outside quiet hours; a clock that was down all evening skips
it rather than sending it in the morning next to the two-hour reminder. A
volunteer who accepted after a reminder's moment just got a confirmation and
gets no reminder for that moment. Quiet hours hold for both: a two-hour
reminder that falls in them waits for their end (queue_sms).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from notifications import messages
from web.db import db
from web.models import Assignment, SmsMessage
from web.services.offers import can_text
from web.services.outbox import current_settings, queue_sms

SOON = timedelta(hours=2)


def queue_reminders(now: datetime, evening_hour: int, timezone: str) -> int:
    """Queue the reminders that are due now; commits; how many were new."""
    zone = ZoneInfo(timezone)
    quiet = current_settings().quiet_hours
    upcoming = db.session.scalars(
        select(Assignment)
        .where(
            Assignment.status == "accepted",
            Assignment.starts_at > now,
            Assignment.starts_at <= now + timedelta(days=2),
        )
        .order_by(Assignment.starts_at, Assignment.id)
    ).all()
    queued = 0
    for assignment in upcoming:
        if not can_text(assignment.volunteer):
            continue
        start_day = assignment.starts_at.astimezone(zone).date()
        evening = datetime.combine(start_day - timedelta(days=1), time(evening_hour), zone)
        midnight = datetime.combine(start_day, time(0), zone)
        soon = assignment.starts_at - SOON
        if soon <= now:
            queued += _remind(assignment, "reminder_soon", soon, now, timezone)
        elif evening <= now < midnight and (quiet is None or not quiet.is_quiet(now)):
            queued += _remind(assignment, "reminder_evening", evening, now, timezone)
    db.session.commit()
    return queued


def _remind(assignment: Assignment, kind: str, moment: datetime, now: datetime, zone: str) -> int:
    if assignment.answered_at is not None and assignment.answered_at >= moment:
        return 0
    volunteer = assignment.volunteer
    resident = assignment.request.resident
    key = f"assignment:{assignment.id}:{kind}"
    if db.session.scalar(select(SmsMessage.id).where(SmsMessage.idempotency_key == key)):
        return 0
    queue_sms(
        to=volunteer.phone,
        body=messages.reminder(
            language=volunteer.sms_language,
            resident_name=resident.first_name,
            street=resident.street,
            start=assignment.starts_at,
            timezone=zone,
        ),
        kind="reminder",
        key=key,
        now=now,
        organisation_id=volunteer.organisation_id,
        language=volunteer.sms_language,
        assignment_id=assignment.id,
        volunteer_id=volunteer.id,
    )
    return 1
