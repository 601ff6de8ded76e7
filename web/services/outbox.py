"""The transactional outbox: an SMS is a row, written with the change that causes it.

A row moves pending -> (claimed) -> sending -> queued/sent/..., or from
pending to withdrawn when what it says no longer holds. A claim is a
lease (``claimed_at``) taken with one conditional UPDATE, using
``FOR UPDATE SKIP LOCKED`` on PostgreSQL so concurrent senders never take the
same row. Delivering the claimed rows is web.services.outbox_delivery.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app, has_app_context
from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError

from web.db import db
from web.models import SmsMessage
from web.services.quiet_hours import QuietHours, parse_quiet_hours


@dataclass(frozen=True)
class OutboxSettings:
    """How the outbox behaves; built from the app's configuration."""

    quiet_hours: QuietHours | None = None
    timezone: str = "Europe/Brussels"
    status_callback: str | None = None
    # A claim older than this is abandoned: a crashed sender never blocks a row.
    claim_timeout: timedelta = timedelta(minutes=5)


def settings_from_config(config: Mapping[str, Any]) -> OutboxSettings:
    """Outbox settings from QUIET_HOURS, TIMEZONE, PUBLIC_BASE_URL (and SMS_CLAIM_TIMEOUT)."""
    timezone = config.get("TIMEZONE") or "Europe/Brussels"
    base_url = config.get("PUBLIC_BASE_URL")
    return OutboxSettings(
        quiet_hours=parse_quiet_hours(config.get("QUIET_HOURS"), timezone),
        timezone=timezone,
        status_callback=f"{base_url.rstrip('/')}/sms/status" if base_url else None,
        claim_timeout=timedelta(seconds=float(config.get("SMS_CLAIM_TIMEOUT") or 300)),
    )


def current_settings() -> OutboxSettings:
    """The settings of the running app, or the defaults outside one."""
    if has_app_context():
        setup = current_app.extensions.get("sms")
        if setup is not None:
            settings: OutboxSettings = setup.settings
            return settings
    return OutboxSettings()


def queue_sms(
    *,
    to: str,
    body: str,
    kind: str,
    key: str,
    now: datetime,
    organisation_id: int | None,
    language: str | None = None,
    urgent: bool = False,
    assignment_id: int | None = None,
    volunteer_id: int | None = None,
    resident_id: int | None = None,
    settings: OutboxSettings | None = None,
) -> SmsMessage:
    """Add an outbound message to the caller's transaction, once per ``key``.

    A second call with the same key (even from another process at the same
    time) returns the existing row instead of adding one. Outside urgent
    messages, quiet hours push the first attempt to their end.
    """
    existing = _by_key(key)
    if existing is not None:
        return existing
    quiet = (settings or current_settings()).quiet_hours
    message = SmsMessage(
        organisation_id=organisation_id,
        direction="outbound",
        kind=kind,
        idempotency_key=key,
        to_number=to,
        body=body,
        language=language,
        status="pending",
        urgent=urgent,
        attempts=0,
        next_attempt_at=now if urgent or quiet is None else quiet.next_allowed(now),
        assignment_id=assignment_id,
        volunteer_id=volunteer_id,
        resident_id=resident_id,
    )
    try:
        with db.session.begin_nested():
            db.session.add(message)
    except IntegrityError:
        # Another transaction queued the same key first: theirs is the message.
        raced = _by_key(key)
        if raced is None:
            raise
        return raced
    return message


def withdraw(key: str, now: datetime) -> bool:
    """Take a message back before it leaves; whether it had not left yet.

    Only a ``pending`` row is withdrawn; a sender marks a row ``sending`` only
    while it is still pending, so a withdrawn message can never go out.
    """
    result = db.session.execute(
        update(SmsMessage)
        .where(SmsMessage.idempotency_key == key, SmsMessage.status == "pending")
        .values(status="withdrawn", next_attempt_at=None, updated_at=now)
        .execution_options(synchronize_session="fetch")
    )
    return int(getattr(result, "rowcount", 0) or 0) == 1


def claim_due(now: datetime, batch: int, settings: OutboxSettings) -> list[int]:
    """Lease up to ``batch`` due messages to this sender and commit; their ids.

    During quiet hours only urgent messages are due.
    """
    stale = now - settings.claim_timeout
    free = [
        SmsMessage.direction == "outbound",
        SmsMessage.status == "pending",
        or_(SmsMessage.next_attempt_at.is_(None), SmsMessage.next_attempt_at <= now),
        or_(SmsMessage.claimed_at.is_(None), SmsMessage.claimed_at < stale),
    ]
    if settings.quiet_hours is not None and settings.quiet_hours.is_quiet(now):
        free.append(SmsMessage.urgent.is_(True))
    due = select(SmsMessage.id).where(*free).order_by(SmsMessage.id).limit(batch)
    if db.session.get_bind().dialect.name == "postgresql":
        due = due.with_for_update(skip_locked=True)
    claim = (
        update(SmsMessage)
        .where(SmsMessage.id.in_(due.scalar_subquery()), *free)
        .values(claimed_at=now)
        .returning(SmsMessage.id)
        .execution_options(synchronize_session=False)
    )
    ids = sorted(db.session.execute(claim).scalars().all())
    db.session.commit()
    return ids


def expire_stale_sends(now: datetime, settings: OutboxSettings) -> int:
    """Mark messages stuck in ``sending`` past the claim timeout as ambiguous; commit.

    Their sender stopped after it may have reached the provider, so a re-send
    could deliver twice: a coordinator decides (see resend_ambiguous).
    """
    result = db.session.execute(
        update(SmsMessage)
        .where(
            SmsMessage.status == "sending",
            SmsMessage.claimed_at < now - settings.claim_timeout,
        )
        .values(
            status="ambiguous",
            error_message="the sender stopped during sending; it may have gone out",
        )
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return int(getattr(result, "rowcount", 0) or 0)


def _by_key(key: str) -> SmsMessage | None:
    found: SmsMessage | None = db.session.scalar(
        select(SmsMessage).where(SmsMessage.idempotency_key == key)
    )
    return found
