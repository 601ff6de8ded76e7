"""Retention: people nobody has heard of for RETENTION_DAYS are erased, their statistics kept.

A resident is due once the last of their requests ended (its window is over,
so it is closed whatever its status) longer ago than RETENTION_DAYS; one
without any request once their record has not changed for that long.
A volunteer is due once their record has not changed, no task of theirs has
started and no SMS has come from them for that long.
Erasing is web.services.erasure (names, phone, notes, descriptions,
messages; postcode and counts stay), audited as "retention".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from web.db import db
from web.models import Assignment, HelpRequest, Resident, SmsMessage, Volunteer
from web.services.erasure import erase_resident, erase_volunteer


@dataclass(frozen=True)
class RetentionReport:
    """How many people one retention run erased."""

    residents: int
    volunteers: int


def residents_due(now: datetime, retention: timedelta) -> list[Resident]:
    """Residents (not yet erased) whose last request, or else record, is older than retention."""
    cutoff = now - retention
    requests = select(HelpRequest.id).where(HelpRequest.resident_id == Resident.id)
    still_going = requests.where(HelpRequest.window_end >= cutoff).exists()
    return list(
        db.session.scalars(
            select(Resident)
            .where(
                Resident.erased_at.is_(None),
                ~still_going,
                requests.exists() | (Resident.updated_at < cutoff),
            )
            .order_by(Resident.id)
        )
    )


def volunteers_due(now: datetime, retention: timedelta) -> list[Volunteer]:
    """Volunteers (not yet erased) without a change, a task or an SMS since now - retention."""
    cutoff = now - retention
    recent_task = (
        select(Assignment.id)
        .where(Assignment.volunteer_id == Volunteer.id, Assignment.starts_at >= cutoff)
        .exists()
    )
    recent_sms = (
        select(SmsMessage.id)
        .where(
            SmsMessage.volunteer_id == Volunteer.id,
            SmsMessage.direction == "inbound",
            SmsMessage.created_at >= cutoff,
        )
        .exists()
    )
    return list(
        db.session.scalars(
            select(Volunteer)
            .where(
                Volunteer.erased_at.is_(None),
                Volunteer.updated_at < cutoff,
                ~recent_task,
                ~recent_sms,
            )
            .order_by(Volunteer.id)
        )
    )


def erase_expired(now: datetime, retention: timedelta) -> RetentionReport:
    """Erase every resident and volunteer past retention, each in its own transaction."""
    residents = [(r.organisation_id, r.id) for r in residents_due(now, retention)]
    volunteers = [(v.organisation_id, v.id) for v in volunteers_due(now, retention)]
    for organisation_id, resident_id in residents:
        erase_resident(organisation_id, resident_id, user_id=None, actor="retention")
    for organisation_id, volunteer_id in volunteers:
        erase_volunteer(organisation_id, volunteer_id, user_id=None, actor="retention")
    return RetentionReport(len(residents), len(volunteers))
