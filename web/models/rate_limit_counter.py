"""Rate-limit counts, in the one store every web process shares."""

from __future__ import annotations

from sqlalchemy import Float, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from web.db import db


class RateLimitCounter(db.Model):  # type: ignore[name-defined,misc]
    """Hits on one limit's key (e.g. a login address) in its current fixed window."""

    __tablename__ = "rate_limit_counters"

    key: Mapped[str] = mapped_column(String(512), primary_key=True)
    count: Mapped[int] = mapped_column(Integer)
    # Seconds since the epoch, as the limits library counts time.
    expires_at: Mapped[float] = mapped_column(Float, index=True)
