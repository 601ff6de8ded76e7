"""Notices the clock leaves in a coordinator's inbox."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from web.db import UTCDateTime, db, utcnow
from web.models.vocabulary import sql_in

NOTICE_KINDS = ("nobody_left", "daily_summary")


class CoordinatorNotice(db.Model):  # type: ignore[name-defined,misc]
    """ "Nobody is left for this request", "your day": written once per ``key``."""

    __tablename__ = "coordinator_notices"
    __table_args__ = (CheckConstraint(sql_in("kind", NOTICE_KINDS), name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    # What makes the notice unique, e.g. "daily_summary:2026-11-23".
    key: Mapped[str] = mapped_column(String(120), unique=True)
    # Plain values (counts, ids); the page words them in the coordinator's language.
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    request_id: Mapped[int | None] = mapped_column(ForeignKey("help_requests.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
