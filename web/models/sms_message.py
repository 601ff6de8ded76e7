"""SMS messages: one table for the outbox and the inbox."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from web.db import UTCDateTime, db
from web.models.mixins import Timestamps

if TYPE_CHECKING:
    from web.models.assignment import Assignment
    from web.models.resident import Resident
    from web.models.volunteer import Volunteer
from web.models.vocabulary import SMS_DIRECTIONS, SMS_STATUSES, sql_in


class SmsMessage(Timestamps, db.Model):  # type: ignore[name-defined,misc]
    """An SMS to or from a volunteer or resident.

    Outbound rows are written in the same transaction as the change that
    causes them; `idempotency_key` (e.g. "assignment:12:offer") makes sending
    the same message twice impossible. Inbound rows are de-duplicated on the
    provider's MessageSid.
    """

    __tablename__ = "sms_messages"
    __table_args__ = (
        CheckConstraint(sql_in("direction", SMS_DIRECTIONS), name="direction"),
        CheckConstraint(sql_in("status", SMS_STATUSES), name="status"),
        CheckConstraint("attempts >= 0", name="attempts"),
        CheckConstraint(
            "direction = 'inbound' OR idempotency_key IS NOT NULL", name="outbound_has_key"
        ),
        Index("ix_sms_messages_due", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    direction: Mapped[str] = mapped_column(String(10))
    kind: Mapped[str] = mapped_column(String(30))
    idempotency_key: Mapped[str | None] = mapped_column(String(120), unique=True)
    provider_sid: Mapped[str | None] = mapped_column(String(64), unique=True)
    to_number: Mapped[str] = mapped_column(String(20))
    from_number: Mapped[str | None] = mapped_column(String(20))
    body: Mapped[str] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(2))
    status: Mapped[str] = mapped_column(String(20), default="pending")
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    error_code: Mapped[int | None] = mapped_column(Integer)
    error_message: Mapped[str | None] = mapped_column(Text)
    assignment_id: Mapped[int | None] = mapped_column(ForeignKey("assignments.id"), index=True)
    volunteer_id: Mapped[int | None] = mapped_column(ForeignKey("volunteers.id"), index=True)
    resident_id: Mapped[int | None] = mapped_column(ForeignKey("residents.id"), index=True)
    # Set when a coordinator has dealt with this message in the inbox.
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    # Read-only ways to the people and task it concerns, for the pages that name them.
    volunteer: Mapped[Volunteer | None] = relationship(viewonly=True)
    resident: Mapped[Resident | None] = relationship(viewonly=True)
    assignment: Mapped[Assignment | None] = relationship(viewonly=True)
