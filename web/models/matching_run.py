"""Matching runs: one solve of the engine for one organisation."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from web.db import UTCDateTime, db, utcnow
from web.models.vocabulary import RUN_STATUSES, sql_in


class MatchingRun(db.Model):  # type: ignore[name-defined,misc]
    """A matching round: when it ran, what the solver said, and a summary."""

    __tablename__ = "matching_runs"
    __table_args__ = (
        CheckConstraint(sql_in("status", RUN_STATUSES), name="status"),
        CheckConstraint("time_limit_seconds > 0", name="time_limit"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(20), default="queued")
    solver_status: Mapped[str | None] = mapped_column(String(20))
    time_limit_seconds: Mapped[float] = mapped_column(Float, default=10.0)
    queued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    objective: Mapped[float | None] = mapped_column(Float)
    bound: Mapped[float | None] = mapped_column(Float)
    requests_count: Mapped[int | None] = mapped_column(Integer)
    filled_count: Mapped[int | None] = mapped_column(Integer)
    summary: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    error: Mapped[str | None] = mapped_column(Text)
