"""The coordinator's inbox: SMS and signals that need a person to look at them."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select

from web.db import db
from web.models import Assignment, Resident, Signal, SmsMessage, Volunteer
from web.services import audit
from web.services.errors import InvalidInput, NotFound

# Inbound kinds a coordinator must read (see web.services.replies).
INBOUND_FOR_COORDINATOR = ("free_text", "request_draft", "opt_out", "answer_without_code")
# Outbound states that mean "this did not reach the person, or we cannot tell".
OUTBOUND_PROBLEMS = ("failed", "undelivered", "ambiguous")


@dataclass(frozen=True)
class InboxItem:
    """One thing to look at.

    ``kind``: an inbound kind above, ``delivery_problem`` (failed or
    undelivered), ``ambiguous`` (may or may not have been sent) or ``signal``.
    """

    kind: str
    created_at: datetime
    body: str
    sms_message_id: int | None
    signal_id: int | None
    volunteer_id: int | None
    resident_id: int | None
    assignment_id: int | None
    phone: str | None
    detail: str | None = None
    # Who it is from or about, and the task, for the page to name and link them.
    volunteer: Volunteer | None = None
    resident: Resident | None = None
    request_id: int | None = None


def inbox_items(organisation_id: int, limit: int = 200) -> list[InboxItem]:
    """Open inbox items of an organisation, newest first."""
    rows = db.session.scalars(
        select(SmsMessage)
        .where(
            SmsMessage.organisation_id == organisation_id,
            SmsMessage.handled_at.is_(None),
            or_(
                (SmsMessage.direction == "inbound") & SmsMessage.kind.in_(INBOUND_FOR_COORDINATOR),
                (SmsMessage.direction == "outbound") & SmsMessage.status.in_(OUTBOUND_PROBLEMS),
            ),
        )
        .order_by(SmsMessage.created_at.desc())
        .limit(limit)
    ).all()
    signals = db.session.scalars(
        select(Signal)
        .where(Signal.organisation_id == organisation_id, Signal.status == "new")
        .order_by(Signal.created_at.desc())
        .limit(limit)
    ).all()
    items = [_message_item(m) for m in rows] + [_signal_item(s) for s in signals]
    items.sort(key=lambda item: item.created_at, reverse=True)
    return _with_people(items[:limit])


def _with_people(items: list[InboxItem]) -> list[InboxItem]:
    """The items with the volunteer, resident and request they concern, loaded at once."""
    volunteers = _by_id(Volunteer, {i.volunteer_id for i in items if i.volunteer_id})
    residents = _by_id(Resident, {i.resident_id for i in items if i.resident_id})
    requests: dict[int, int] = dict(
        db.session.execute(  # type: ignore[arg-type]
            select(Assignment.id, Assignment.request_id).where(
                Assignment.id.in_({i.assignment_id for i in items if i.assignment_id})
            )
        ).all()
    )
    return [
        replace(
            item,
            volunteer=volunteers.get(item.volunteer_id or 0),
            resident=residents.get(item.resident_id or 0),
            request_id=requests.get(item.assignment_id or 0),
        )
        for item in items
    ]


def _by_id(model: Any, ids: set[int]) -> dict[int, Any]:
    return {row.id: row for row in db.session.scalars(select(model).where(model.id.in_(ids)))}


def mark_handled(organisation_id: int, message_id: int, user_id: int, now: datetime) -> None:
    """Take a message out of the inbox; commits. NotFound for another organisation's."""
    message = _own_message(organisation_id, message_id)
    message.handled_at = now
    message.handled_by_id = user_id
    audit.record("handled", message, actor="user", user_id=user_id)
    db.session.commit()


def resend(organisation_id: int, message_id: int, user_id: int, now: datetime) -> None:
    """Send an ambiguous or failed message again, on a coordinator's word; commits.

    Only a person may decide this: the first attempt may have arrived.
    """
    message = _own_message(organisation_id, message_id)
    if message.direction != "outbound" or message.status not in {"ambiguous", "failed"}:
        raise InvalidInput({"message": ["only an ambiguous or failed message can be sent again"]})
    message.status = "pending"
    message.claimed_at = None
    message.next_attempt_at = now
    message.urgent = True  # a person asked for it now
    audit.record("resend", message, actor="user", user_id=user_id)
    db.session.commit()


def _own_message(organisation_id: int, message_id: int) -> SmsMessage:
    message = db.session.get(SmsMessage, message_id)
    if message is None or message.organisation_id != organisation_id:
        raise NotFound(f"no message {message_id} in your organisation")
    return message


def _message_item(message: SmsMessage) -> InboxItem:
    if message.direction == "inbound":
        kind, phone = message.kind, message.from_number
    else:
        kind = "ambiguous" if message.status == "ambiguous" else "delivery_problem"
        phone = message.to_number
    return InboxItem(
        kind=kind,
        created_at=message.created_at,
        body=message.body,
        sms_message_id=message.id,
        signal_id=None,
        volunteer_id=message.volunteer_id,
        resident_id=message.resident_id,
        assignment_id=message.assignment_id,
        phone=phone,
        detail=message.error_message,
    )


def _signal_item(signal: Signal) -> InboxItem:
    return InboxItem(
        kind="signal",
        created_at=signal.created_at,
        body=signal.body,
        sms_message_id=signal.sms_message_id,
        signal_id=signal.id,
        volunteer_id=signal.volunteer_id,
        resident_id=signal.resident_id,
        assignment_id=signal.assignment_id,
        phone=None,
        detail=None,
    )
