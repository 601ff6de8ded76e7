"""Delivering due outbox messages: claim, send after commit, record the outcome.

Per message: mark ``sending`` (conditional on this sender's lease, commit),
one provider call, then store the SID and status. A crash before the mark
leaves the row pending and it is re-claimed once the lease ends; a crash
after it turns the row ambiguous (web.services.outbox.expire_stale_sends),
never into a blind re-send.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update

from notifications import DeliveryError, SentSms, SmsSender
from web.db import db
from web.models import Resident, SmsMessage, Volunteer
from web.services.delivery_status import mark_phone_problem, provider_status
from web.services.outbox import OutboxSettings, claim_due, current_settings, expire_stale_sends

_TABLE = SmsMessage.__table__
# Wait after the n-th failed attempt; after the last one the message has failed.
RETRY_DELAYS = (
    timedelta(seconds=30),
    timedelta(minutes=2),
    timedelta(minutes=10),
    timedelta(minutes=30),
    timedelta(hours=2),
)


@dataclass
class DeliveryReport:
    """What one deliver_due call did."""

    sent: int = 0
    retrying: int = 0
    failed: int = 0
    ambiguous: int = 0
    skipped: int = 0

    @property
    def handled(self) -> int:
        """Messages this call took a decision on."""
        return self.sent + self.retrying + self.failed + self.ambiguous + self.skipped


@dataclass(frozen=True)
class _Claimed:
    id: int
    to: str
    body: str
    volunteer_id: int | None
    resident_id: int | None


def deliver_due(
    sender: SmsSender,
    now: datetime,
    *,
    batch: int = 50,
    settings: OutboxSettings | None = None,
) -> DeliveryReport:
    """Send every due message (up to ``batch``) once; commits before each provider call."""
    settings = settings or current_settings()
    report = DeliveryReport()
    report.ambiguous += expire_stale_sends(now, settings)
    ids = claim_due(now, batch, settings)
    if not ids:
        return report
    rows = db.session.scalars(select(SmsMessage).where(SmsMessage.id.in_(ids))).all()
    claimed = [_Claimed(r.id, r.to_number, r.body, r.volunteer_id, r.resident_id) for r in rows]
    db.session.commit()
    try:
        for message in sorted(claimed, key=lambda m: m.id):
            _deliver_one(sender, message, now, settings, report)
    finally:
        _commit_what_is_known()
    return report


def _deliver_one(
    sender: SmsSender,
    message: _Claimed,
    now: datetime,
    settings: OutboxSettings,
    report: DeliveryReport,
) -> None:
    refusal = _refusal(message)
    if refusal is not None:
        _record(message.id, status="failed", error_message=refusal)
        report.skipped += 1
        return
    if not _mark_sending(message.id, now):
        return  # the lease ran out and another sender took the row
    try:
        sent = sender.send(message.to, message.body, status_callback=settings.status_callback)
    except DeliveryError as error:
        _record_failure(message, error, now, report)
        return
    _record_success(message.id, sent, now)
    report.sent += 1


def _refusal(message: _Claimed) -> str | None:
    """Why this message must not go out now, checked at the last moment."""
    if message.volunteer_id is not None:
        volunteer = db.session.get(Volunteer, message.volunteer_id)
        if volunteer is not None and volunteer.sms_opt_out:
            return "the volunteer opted out of SMS"
        if volunteer is not None and volunteer.phone_invalid:
            return "the volunteer's number cannot get SMS"
    if message.resident_id is not None:
        resident = db.session.get(Resident, message.resident_id)
        if resident is not None and not resident.sms_consent:
            return "the resident does not want SMS"
    return None


def _mark_sending(message_id: int, lease: datetime) -> bool:
    """Mark one message as being sent, committing it (and the previous outcome) first."""
    result = db.session.execute(
        update(_TABLE)
        .where(
            _TABLE.c.id == message_id,
            _TABLE.c.status == "pending",
            _TABLE.c.claimed_at == lease,
        )
        .values(status="sending", attempts=_TABLE.c.attempts + 1)
    )
    db.session.commit()
    return int(getattr(result, "rowcount", 0) or 0) == 1


def _record_success(message_id: int, sent: SentSms, now: datetime) -> None:
    _record(
        message_id,
        status=provider_status(sent.status) or "queued",
        provider_sid=sent.sid,
        sent_at=now,
        error_code=None,
        error_message=None,
    )


def _record_failure(
    message: _Claimed, error: DeliveryError, now: datetime, report: DeliveryReport
) -> None:
    attempts = db.session.scalar(select(SmsMessage.attempts).where(SmsMessage.id == message.id))
    attempts = attempts or 1
    if error.ambiguous:
        _record(message.id, status="ambiguous", error_code=error.code, error_message=error.message)
        report.ambiguous += 1
    elif error.retryable and attempts <= len(RETRY_DELAYS):
        _record(
            message.id,
            status="pending",
            claimed_at=None,
            next_attempt_at=now + RETRY_DELAYS[attempts - 1],
            error_code=error.code,
            error_message=error.message,
        )
        report.retrying += 1
    else:
        reason = error.message if error.permanent else f"gave up after {attempts} attempts"
        mark_phone_problem(message.volunteer_id, message.resident_id, error.code)
        _record(message.id, status="failed", error_code=error.code, error_message=reason)
        report.failed += 1


def _record(message_id: int, **values: object) -> None:
    """Store an outcome; it commits with the next message's mark (one commit per message)."""
    db.session.execute(update(_TABLE).where(_TABLE.c.id == message_id).values(**values))


def _commit_what_is_known() -> None:
    try:
        db.session.commit()
    except Exception:
        # Already failing: the rows stay "sending" and turn ambiguous, never re-sent.
        db.session.rollback()
