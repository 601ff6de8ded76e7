"""Delivery receipts: a message's status only ever moves forward."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from notifications import phone_problem
from web.db import db
from web.models import Resident, SmsMessage, Volunteer
from web.services import audit

# The provider's words for a message's state, in our vocabulary.
_PROVIDER_STATUSES = {
    "accepted": "queued",
    "scheduled": "queued",
    "queued": "queued",
    "sending": "queued",
    "stored": "sent",  # notifications.OutboxSmsSender: kept in the database, nothing leaves
    "sent": "sent",
    "delivered": "delivered",
    "read": "delivered",
    "undelivered": "undelivered",
    "failed": "failed",
    "canceled": "failed",
}
# How far along each status is; a callback never moves a message back.
_RANK = {
    "pending": 0,
    "sending": 1,
    "ambiguous": 1,
    "queued": 2,
    "sent": 3,
    "delivered": 4,
    "undelivered": 4,
    "failed": 4,
}


@dataclass(frozen=True)
class StatusUpdate:
    """What a status callback did to our records."""

    known: bool
    changed: bool


def provider_status(status: str) -> str | None:
    """Our status for a provider status word, or None for a word we do not know."""
    return _PROVIDER_STATUSES.get(status.strip().lower())


def apply_status(
    provider_sid: str, status: str, error_code: int | None, now: datetime
) -> StatusUpdate:
    """Record a delivery receipt; duplicates and late arrivals change nothing. Commits."""
    new = provider_status(status)
    message = db.session.scalar(
        select(SmsMessage)
        .where(SmsMessage.provider_sid == provider_sid, SmsMessage.direction == "outbound")
        .with_for_update()
    )
    if message is None or new is None:
        db.session.rollback()
        return StatusUpdate(known=message is not None, changed=False)
    if _RANK[new] <= _RANK.get(message.status, 0) and message.status != "ambiguous":
        db.session.rollback()
        return StatusUpdate(known=True, changed=False)
    message.status = new
    if new in {"undelivered", "failed"}:
        message.error_code = error_code
        message.error_message = f"the network reported {status}"
        mark_phone_problem(message.volunteer_id, message.resident_id, error_code)
    if message.sent_at is None and new in {"sent", "delivered"}:
        message.sent_at = now
    db.session.commit()
    return StatusUpdate(known=True, changed=True)


def mark_phone_problem(volunteer_id: int | None, resident_id: int | None, code: int | None) -> None:
    """Remember a number that will never take SMS, so nothing is queued for it again."""
    problem = phone_problem(code)
    if problem is None:
        return
    if volunteer_id is not None:
        volunteer = db.session.get(Volunteer, volunteer_id)
        if volunteer is not None:
            if problem == "opted_out":
                volunteer.sms_opt_out = True
            else:
                volunteer.phone_invalid = True
            audit.record(f"sms_{problem}", volunteer, actor="sms", changes={"code": code})
    if resident_id is not None and problem == "opted_out":
        resident = db.session.get(Resident, resident_id)
        if resident is not None:
            resident.sms_consent = False
            audit.record("sms_opted_out", resident, actor="sms", changes={"code": code})
