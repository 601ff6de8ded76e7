"""Residents who ask for help."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from web.db import UTCDateTime, db
from web.models.mixins import Place, Timestamps
from web.models.vocabulary import PREFERRED_GENDERS, sql_in


class Resident(Place, Timestamps, db.Model):  # type: ignore[name-defined,misc]
    """An older or vulnerable resident; often filed by a coordinator on their behalf."""

    __tablename__ = "residents"
    __table_args__ = (
        CheckConstraint(
            "preferred_gender IS NULL OR " + sql_in("preferred_gender", PREFERRED_GENDERS),
            name="preferred_gender",
        ),
        CheckConstraint("lat BETWEEN -90 AND 90 AND lon BETWEEN -180 AND 180", name="coordinates"),
        UniqueConstraint("organisation_id", "phone"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    first_name: Mapped[str] = mapped_column(String(80))
    last_name: Mapped[str] = mapped_column(String(80))
    phone: Mapped[str | None] = mapped_column(String(20))
    sms_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    preferred_gender: Mapped[str | None] = mapped_column(String(1))
    notes: Mapped[str | None] = mapped_column(Text)
    consent_date: Mapped[date | None] = mapped_column(Date)
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
