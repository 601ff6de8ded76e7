"""Residents who ask for help."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    String,
    Text,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

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
        # Not unique: a couple, or a care home, shares one landline.
        Index("ix_residents_org_phone", "organisation_id", "phone"),
        Index("ix_residents_org_name_key", "organisation_id", "name_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    first_name: Mapped[str] = mapped_column(String(80))
    last_name: Mapped[str] = mapped_column(String(80))
    # Kept by the ORM (see below): finds a resident again by name without scanning.
    name_key: Mapped[str] = mapped_column(String(161), default="")
    phone: Mapped[str | None] = mapped_column(String(20))
    sms_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    preferred_gender: Mapped[str | None] = mapped_column(String(1))
    notes: Mapped[str | None] = mapped_column(Text)
    consent_date: Mapped[date | None] = mapped_column(Date)
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The public form found this phone under another name: a coordinator decides.
    possible_duplicate_of_id: Mapped[int | None] = mapped_column(
        ForeignKey("residents.id", ondelete="SET NULL")
    )

    possible_duplicate_of: Mapped[Resident | None] = relationship(remote_side=[id])


def name_key(first_name: str, last_name: str) -> str:
    """How two written names are compared: case and surrounding spaces ignored."""
    return f"{first_name.strip().casefold()} {last_name.strip().casefold()}"


@event.listens_for(Resident, "before_insert")
@event.listens_for(Resident, "before_update")
def _keep_name_key(_mapper: Any, _connection: Any, resident: Resident) -> None:
    resident.name_key = name_key(resident.first_name, resident.last_name)
