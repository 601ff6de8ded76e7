"""The clock's heartbeat, reported by /healthz."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from web.db import UTCDateTime, db


class ClockHeartbeat(db.Model):  # type: ignore[name-defined,misc]
    """The last sign of life of the active clock process (one row per clock name)."""

    __tablename__ = "clock_heartbeats"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    holder: Mapped[str] = mapped_column(String(120))
    last_heartbeat: Mapped[datetime] = mapped_column(UTCDateTime)
