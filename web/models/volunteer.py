"""Volunteers, their weekly availability and their absences."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from web.db import UTCDateTime, db, utcnow
from web.models.mixins import Place, Timestamps
from web.models.vocabulary import GENDERS, TRAVEL_MODES, UI_LANGUAGES, sql_in


class Volunteer(Place, Timestamps, db.Model):  # type: ignore[name-defined,misc]
    """A street helper, driver, companion or odd-job helper."""

    __tablename__ = "volunteers"
    __table_args__ = (
        CheckConstraint(sql_in("travel_mode", TRAVEL_MODES), name="travel_mode"),
        CheckConstraint("gender IS NULL OR " + sql_in("gender", GENDERS), name="gender"),
        CheckConstraint(sql_in("sms_language", UI_LANGUAGES), name="sms_language"),
        CheckConstraint(
            "capacity_minutes_per_week IS NULL OR capacity_minutes_per_week >= 0",
            name="capacity",
        ),
        CheckConstraint("max_tasks_per_week IS NULL OR max_tasks_per_week >= 0", name="max_tasks"),
        CheckConstraint("max_distance_km IS NULL OR max_distance_km > 0", name="max_distance"),
        CheckConstraint("vehicle_seats IS NULL OR vehicle_seats >= 1", name="vehicle_seats"),
        CheckConstraint("lat BETWEEN -90 AND 90 AND lon BETWEEN -180 AND 180", name="coordinates"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    first_name: Mapped[str] = mapped_column(String(80))
    last_name: Mapped[str] = mapped_column(String(80))
    # Unique across organisations: an inbound SMS must map to exactly one volunteer.
    phone: Mapped[str] = mapped_column(String(20), unique=True)
    phone_invalid: Mapped[bool] = mapped_column(Boolean, default=False)
    sms_language: Mapped[str] = mapped_column(String(2), default="nl")
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    skills: Mapped[list[str]] = mapped_column(JSON, default=list)
    gender: Mapped[str | None] = mapped_column(String(1))
    travel_mode: Mapped[str] = mapped_column(String(10), default="walk")
    vehicle_seats: Mapped[int | None] = mapped_column(Integer)
    vehicle_wheelchair: Mapped[bool] = mapped_column(Boolean, default=False)
    capacity_minutes_per_week: Mapped[int | None] = mapped_column(Integer)
    max_tasks_per_week: Mapped[int | None] = mapped_column(Integer)
    max_distance_km: Mapped[float | None]
    sms_opt_out: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_date: Mapped[date | None] = mapped_column(Date)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    availability: Mapped[list[AvailabilityRule]] = relationship(
        back_populates="volunteer",
        cascade="all, delete-orphan",
        order_by="AvailabilityRule.weekday",
    )
    absences: Mapped[list[Absence]] = relationship(
        back_populates="volunteer", cascade="all, delete-orphan", order_by="Absence.first_day"
    )


class AvailabilityRule(db.Model):  # type: ignore[name-defined,misc]
    """A weekly slot in local time, e.g. Tuesday 09:00-12:00."""

    __tablename__ = "availability_rules"
    __table_args__ = (
        CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday"),
        CheckConstraint("starts_at < ends_at", name="start_before_end"),
        UniqueConstraint("volunteer_id", "weekday", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteers.id", ondelete="CASCADE"))
    weekday: Mapped[int] = mapped_column(Integer)
    starts_at: Mapped[time] = mapped_column(Time)
    ends_at: Mapped[time] = mapped_column(Time)

    volunteer: Mapped[Volunteer] = relationship(back_populates="availability")


class Absence(db.Model):  # type: ignore[name-defined,misc]
    """Days a volunteer is away (holiday, illness), inclusive."""

    __tablename__ = "absences"
    __table_args__ = (CheckConstraint("first_day <= last_day", name="first_before_last"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteers.id", ondelete="CASCADE"))
    first_day: Mapped[date] = mapped_column(Date)
    last_day: Mapped[date] = mapped_column(Date)
    reason: Mapped[str | None] = mapped_column(String(200))

    volunteer: Mapped[Volunteer] = relationship(back_populates="absences")


class PairingBlock(db.Model):  # type: ignore[name-defined,misc]
    """A coordinator's decision that a volunteer is not sent to a resident again."""

    __tablename__ = "pairing_blocks"
    __table_args__ = (UniqueConstraint("volunteer_id", "resident_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteers.id", ondelete="CASCADE"))
    resident_id: Mapped[int] = mapped_column(ForeignKey("residents.id", ondelete="CASCADE"))
    reason: Mapped[str | None] = mapped_column(String(200))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
