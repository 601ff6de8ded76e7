"""API tokens: issue one for a user, recognise it on a request, revoke it."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from web.db import db, utcnow
from web.models import ApiToken, User
from web.services.errors import InvalidInput
from web.services.users import find_user_by_email

TOKEN_PREFIX = "bm_"
# Writing last_used_at on every call would turn each read into a write.
LAST_USED_RESOLUTION = timedelta(minutes=5)


def token_hash(secret: str) -> str:
    """The SHA-256 hex digest under which a token is stored."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def create_token(email: str, label: str | None = None) -> tuple[ApiToken, str]:
    """Issue a token for an active user; return the row and the secret (shown once)."""
    user = find_user_by_email(email)
    if user is None or not user.active:
        raise InvalidInput({"email": ["no active user with this e-mail address"]})
    if label is not None and len(label) > 80:
        raise InvalidInput({"label": ["must be at most 80 characters"]})
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, token_hash=token_hash(secret), label=label)
    db.session.add(token)
    db.session.commit()
    return token, secret


def user_for_token(secret: str, now: datetime | None = None) -> User | None:
    """The active user a live token belongs to, or None; notes when it was last used."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
        return None
    token = db.session.scalars(
        select(ApiToken)
        .options(joinedload(ApiToken.user))
        .where(ApiToken.token_hash == token_hash(secret))
    ).first()
    if token is None or token.revoked_at is not None or not token.user.active:
        return None
    now = now or utcnow()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        token.last_used_at = now
        db.session.commit()
    return token.user


def revoke_tokens(*, token_id: int | None = None, email: str | None = None) -> int:
    """Revoke one token by id, or every live token of a user; return how many were revoked."""
    query = select(ApiToken).where(ApiToken.revoked_at.is_(None))
    if token_id is not None:
        query = query.where(ApiToken.id == token_id)
    elif email is not None:
        user = find_user_by_email(email)
        if user is None:
            raise InvalidInput({"email": ["no user with this e-mail address"]})
        query = query.where(ApiToken.user_id == user.id)
    else:
        raise InvalidInput({"token": ["give a token id or an e-mail address"]})
    tokens = db.session.scalars(query).all()
    now = utcnow()
    for token in tokens:
        token.revoked_at = now
    db.session.commit()
    return len(tokens)
