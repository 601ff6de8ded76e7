"""Column groups that several aggregates share."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from web.db import UTCDateTime, utcnow


class Timestamps:
    """When a row was created and last changed (UTC)."""

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class Place:
    """An approximate location: postcode and street, with coordinates from bundled data.

    Only what matching needs; a house number is kept for the coordinator and
    never sent by SMS.
    """

    postcode: Mapped[str] = mapped_column(String(4))
    street: Mapped[str] = mapped_column(String(120))
    house_number: Mapped[str | None] = mapped_column(String(12))
    lat: Mapped[float]
    lon: Mapped[float]
