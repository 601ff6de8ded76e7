"""Organisations (a service centre, a street initiative) and their users."""

from __future__ import annotations

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from web.db import db
from web.models.mixins import Timestamps
from web.models.vocabulary import (
    MATCHING_MODES,
    ORGANISATION_KINDS,
    UI_LANGUAGES,
    USER_ROLES,
    sql_in,
)


class Organisation(Timestamps, db.Model):  # type: ignore[name-defined,misc]
    """A service centre or street initiative; several may share a neighbourhood."""

    __tablename__ = "organisations"
    __table_args__ = (
        CheckConstraint(sql_in("kind", ORGANISATION_KINDS), name="kind"),
        CheckConstraint(sql_in("matching_mode", MATCHING_MODES), name="matching_mode"),
        CheckConstraint("slug <> ''", name="slug_not_empty"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(30), default="service_centre")
    neighbourhood: Mapped[str | None] = mapped_column(String(120))
    matching_mode: Mapped[str] = mapped_column(String(20), default="review_first")
    # Requests from the public form wait for a coordinator before they are matched.
    triage_public_requests: Mapped[bool] = mapped_column(Boolean, default=True)

    users: Mapped[list[User]] = relationship(back_populates="organisation")


class User(Timestamps, db.Model):  # type: ignore[name-defined,misc]
    """A coordinator or admin, scoped to one organisation."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(sql_in("role", USER_ROLES), name="role"),
        CheckConstraint(sql_in("language", UI_LANGUAGES), name="language"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default="coordinator")
    language: Mapped[str] = mapped_column(String(2), default="nl")
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    organisation: Mapped[Organisation] = relationship(back_populates="users")

    # Flask-Login's user protocol, spelled out so the model needs no mixin.
    @property
    def is_authenticated(self) -> bool:
        """Every stored user is an authenticated user once loaded by the session."""
        return True

    @property
    def is_active(self) -> bool:
        """Deactivated users cannot log in."""
        return self.active

    @property
    def is_anonymous(self) -> bool:
        """Stored users are never anonymous."""
        return False

    def get_id(self) -> str:
        """The session key of this user."""
        return str(self.id)
