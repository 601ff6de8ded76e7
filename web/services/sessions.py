"""Login sessions on the server: start one, recognise it, end it (one, or all of a user's).

The browser's cookie carries only a random secret; the row behind it can be
deleted at any moment, so logging out, deactivating a coordinator or an
operator's ``buurtmatch end-sessions`` takes effect on the next request,
whoever holds a copy of the cookie.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import joinedload

from web.db import db
from web.models import User, UserSession
from web.services.errors import InvalidInput
from web.services.tokens import token_hash
from web.services.users import find_user_by_email

# Writing last_seen_at on every page would turn each read into a write.
LAST_SEEN_RESOLUTION = timedelta(minutes=1)


@dataclass(frozen=True)
class SessionLimits:
    """How long a session lives: ``idle`` without a request, ``lifetime`` at most."""

    idle: timedelta
    lifetime: timedelta


def limits_from_config(config: Mapping[str, Any]) -> SessionLimits:
    """SESSION_IDLE_MINUTES and SESSION_MAX_HOURS as limits."""
    return SessionLimits(
        idle=timedelta(minutes=int(config["SESSION_IDLE_MINUTES"])),
        lifetime=timedelta(hours=int(config["SESSION_MAX_HOURS"])),
    )


def start_session(user: User, now: datetime) -> str:
    """Open a session for an active user; the secret to keep in the cookie. Commits."""
    secret = secrets.token_urlsafe(32)
    db.session.add(
        UserSession(
            user_id=user.id, token_hash=token_hash(secret), created_at=now, last_seen_at=now
        )
    )
    db.session.commit()
    return secret


def session_user(secret: str, now: datetime, limits: SessionLimits) -> User | None:
    """The user of a live session, or None (and the session ends) when it is over.

    Over means: the user is deactivated, the session was idle longer than
    ``limits.idle`` or is older than ``limits.lifetime``.
    """
    if not secret or len(secret) > 200:
        return None
    found = db.session.scalars(
        select(UserSession)
        .options(joinedload(UserSession.user))
        .where(UserSession.token_hash == token_hash(secret))
    ).first()
    if found is None:
        return None
    if (
        not found.user.active
        or now - found.last_seen_at > limits.idle
        or now - found.created_at > limits.lifetime
    ):
        db.session.delete(found)
        db.session.commit()
        return None
    if now - found.last_seen_at > LAST_SEEN_RESOLUTION:
        found.last_seen_at = now
        db.session.commit()
    return found.user


def end_session(secret: str) -> None:
    """End one session (logging out). Commits."""
    db.session.execute(delete(UserSession).where(UserSession.token_hash == token_hash(secret)))
    db.session.commit()


def end_sessions(email: str) -> int:
    """End every session of one user, wherever they are open; how many. Commits."""
    user = find_user_by_email(email)
    if user is None:
        raise InvalidInput({"email": ["no user with this e-mail address"]})
    result = db.session.execute(delete(UserSession).where(UserSession.user_id == user.id))
    db.session.commit()
    return int(getattr(result, "rowcount", 0) or 0)


def set_user_active(email: str, active: bool) -> User:
    """Deactivate a coordinator (every session ends) or let them log in again. Commits."""
    user = find_user_by_email(email)
    if user is None:
        raise InvalidInput({"email": ["no user with this e-mail address"]})
    user.active = active
    if not active:
        db.session.execute(delete(UserSession).where(UserSession.user_id == user.id))
    db.session.commit()
    return user


def purge_sessions(now: datetime, limits: SessionLimits) -> int:
    """Delete sessions that are over by time (the clock's daily tidy-up); how many. Commits."""
    result = db.session.execute(
        delete(UserSession).where(
            or_(
                UserSession.last_seen_at < now - limits.idle,
                UserSession.created_at < now - limits.lifetime,
            )
        )
    )
    db.session.commit()
    return int(getattr(result, "rowcount", 0) or 0)
