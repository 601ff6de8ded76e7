"""The SMS log: every message to and from the organisation's people, newest first."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from web.db import db
from web.models import Signal, SmsMessage
from web.services import audit
from web.services.errors import NotFound
from web.services.people_search import Page, page_of


def sms_log(
    organisation_id: int, direction: str | None = None, number: int = 1
) -> Page[SmsMessage]:
    """One page of the log, optionally only "inbound" or "outbound"."""
    query = select(SmsMessage).where(SmsMessage.organisation_id == organisation_id)
    if direction in {"inbound", "outbound"}:
        query = query.where(SmsMessage.direction == direction)
    return page_of(query.order_by(SmsMessage.created_at.desc(), SmsMessage.id.desc()), number)


def close_signal(organisation_id: int, signal_id: int, user_id: int, now: datetime) -> None:
    """A coordinator has followed up a signal; commits."""
    signal = db.session.get(Signal, signal_id)
    if signal is None or signal.organisation_id != organisation_id:
        raise NotFound(f"signal {signal_id}")
    signal.status = "closed"
    signal.handled_by_id = user_id
    signal.handled_at = now
    audit.record("closed", signal, actor="user", user_id=user_id)
    db.session.commit()
