"""Signals: a concern a volunteer reports about a resident."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from web.db import UTCDateTime, db, utcnow

if TYPE_CHECKING:
    from web.models.assignment import Assignment
    from web.models.resident import Resident
    from web.models.volunteer import Volunteer
from web.models.vocabulary import SIGNAL_STATUSES, sql_in


class Signal(db.Model):  # type: ignore[name-defined,misc]
    """ "The door didn't open", "she seems confused": the neighbourhood's eyes."""

    __tablename__ = "signals"
    __table_args__ = (
        CheckConstraint(sql_in("status", SIGNAL_STATUSES), name="status"),
        CheckConstraint("body <> ''", name="body_not_empty"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    volunteer_id: Mapped[int | None] = mapped_column(ForeignKey("volunteers.id"))
    resident_id: Mapped[int | None] = mapped_column(ForeignKey("residents.id"))
    assignment_id: Mapped[int | None] = mapped_column(ForeignKey("assignments.id"))
    sms_message_id: Mapped[int | None] = mapped_column(ForeignKey("sms_messages.id"))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default="new")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    # Read-only ways to the people and task it concerns, for the pages that name them.
    volunteer: Mapped[Volunteer | None] = relationship(viewonly=True)
    resident: Mapped[Resident | None] = relationship(viewonly=True)
    assignment: Mapped[Assignment | None] = relationship(viewonly=True)
