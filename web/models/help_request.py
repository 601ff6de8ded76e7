"""Help requests: what a resident needs, when, and with which constraints."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from web.db import UTCDateTime, db
from web.models.mixins import Timestamps
from web.models.resident import Resident
from web.models.vocabulary import REQUEST_SOURCES, REQUEST_STATUSES, SKILLS, sql_in


class HelpRequest(Timestamps, db.Model):  # type: ignore[name-defined,misc]
    """One piece of help for one resident inside a time window."""

    __tablename__ = "help_requests"
    __table_args__ = (
        # The coordinator's pages filter an organisation's requests by status and time.
        Index("ix_help_requests_org_status_window", "organisation_id", "status", "window_start"),
        CheckConstraint(sql_in("skill", SKILLS), name="skill"),
        CheckConstraint(sql_in("status", REQUEST_STATUSES), name="status"),
        CheckConstraint(sql_in("source", REQUEST_SOURCES), name="source"),
        CheckConstraint("duration_minutes > 0 AND duration_minutes <= 720", name="duration"),
        CheckConstraint("window_start < window_end", name="window_order"),
        CheckConstraint("priority BETWEEN 1 AND 5", name="priority"),
        CheckConstraint("volunteers_needed BETWEEN 1 AND 4", name="volunteers_needed"),
        CheckConstraint(
            "wheelchair = false OR needs_vehicle = true", name="wheelchair_needs_vehicle"
        ),
        CheckConstraint(
            "(destination_lat IS NULL) = (destination_lon IS NULL)", name="destination_complete"
        ),
        # A series has one occurrence per window: the clock may materialise it twice safely.
        Index("uq_help_requests_series_window", "series_id", "window_start", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    resident_id: Mapped[int] = mapped_column(ForeignKey("residents.id"), index=True)
    skill: Mapped[str] = mapped_column(String(20))
    description: Mapped[str] = mapped_column(Text, default="")
    duration_minutes: Mapped[int] = mapped_column(Integer)
    window_start: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    window_end: Mapped[datetime] = mapped_column(UTCDateTime)
    priority: Mapped[int] = mapped_column(Integer, default=3)
    volunteers_needed: Mapped[int] = mapped_column(Integer, default=1)
    language_strict: Mapped[bool] = mapped_column(Boolean, default=False)
    needs_vehicle: Mapped[bool] = mapped_column(Boolean, default=False)
    wheelchair: Mapped[bool] = mapped_column(Boolean, default=False)
    destination_postcode: Mapped[str | None] = mapped_column(String(4))
    destination_street: Mapped[str | None] = mapped_column(String(120))
    destination_lat: Mapped[float | None]
    destination_lon: Mapped[float | None]
    # An RFC 5545 RRULE such as "FREQ=WEEKLY;BYDAY=TU"; occurrences link back via series_id.
    recurrence_rule: Mapped[str | None] = mapped_column(String(200))
    # The series' last local day (None: no end); each date of a series can be cancelled alone.
    recurrence_until: Mapped[date | None] = mapped_column(Date)
    series_id: Mapped[int | None] = mapped_column(ForeignKey("help_requests.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="new", index=True)
    source: Mapped[str] = mapped_column(String(20), default="intake")
    unfilled_reasons: Mapped[str | None] = mapped_column(Text)
    # Why a coordinator turned the request down or cancelled it.
    closed_reason: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)

    resident: Mapped[Resident] = relationship()
    series_head: Mapped[HelpRequest | None] = relationship(remote_side=[id], viewonly=True)

    __mapper_args__ = {"version_id_col": version}
