"""Login sessions, kept on the server so they can be ended there."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from web.db import UTCDateTime, db, utcnow
from web.models.organisation import User


class UserSession(db.Model):  # type: ignore[name-defined,misc]
    """One browser's login; the cookie holds the secret, this row only its hash.

    Deleting the row ends the session, whoever holds the cookie.
    """

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # SHA-256 of the secret: it is a long random string, so no slow hash is needed.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship()
