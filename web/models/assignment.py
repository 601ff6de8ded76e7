"""Assignments: who helps with which request, and where that stands."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, CheckConstraint, ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from web.db import UTCDateTime, db
from web.models.help_request import HelpRequest
from web.models.mixins import Timestamps
from web.models.vocabulary import ACTIVE_ASSIGNMENT_STATUSES, ASSIGNMENT_STATUSES, sql_in
from web.models.volunteer import Volunteer

_ACTIVE = sql_in("status", ACTIVE_ASSIGNMENT_STATUSES)


class Assignment(Timestamps, db.Model):  # type: ignore[name-defined,misc]
    """A volunteer proposed for, offered or doing one request.

    The status moves proposed -> confirmed -> offered -> accepted/declined/
    expired/cancelled -> completed/no_show (see web.services.assignment_states).
    """

    __tablename__ = "assignments"
    __table_args__ = (
        CheckConstraint(sql_in("status", ASSIGNMENT_STATUSES), name="status"),
        # A volunteer holds at most one live assignment per request.
        Index(
            "uq_assignments_live_pair",
            "request_id",
            "volunteer_id",
            unique=True,
            sqlite_where=text(_ACTIVE),
            postgresql_where=text(_ACTIVE),
        ),
        Index("ix_assignments_volunteer_status", "volunteer_id", "status"),
        Index("ix_assignments_status_starts_at", "status", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("help_requests.id"), index=True)
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteers.id"))
    matching_run_id: Mapped[int | None] = mapped_column(ForeignKey("matching_runs.id"))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(20), default="proposed")
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)
    short_code: Mapped[str | None] = mapped_column(String(8))
    explanation: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    offered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Completed without the volunteer's answer: the task's end passed the grace period.
    presumed: Mapped[bool] = mapped_column(Boolean, default=False)
    version: Mapped[int] = mapped_column(Integer, default=1)

    request: Mapped[HelpRequest] = relationship()
    volunteer: Mapped[Volunteer] = relationship()

    __mapper_args__ = {"version_id_col": version}
