"""Coordinator notices: written once per key, read in the inbox, marked done."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from web.db import db
from web.models import CoordinatorNotice
from web.services import audit
from web.services.errors import InvalidInput


def add_notice(
    organisation_id: int,
    kind: str,
    key: str,
    now: datetime,
    *,
    data: dict[str, Any] | None = None,
    request_id: int | None = None,
) -> bool:
    """Add a notice to the caller's transaction unless ``key`` exists; whether it was added."""
    if db.session.scalar(select(CoordinatorNotice.id).where(CoordinatorNotice.key == key)):
        return False
    notice = CoordinatorNotice(
        organisation_id=organisation_id,
        kind=kind,
        key=key,
        data=data or {},
        request_id=request_id,
        created_at=now,
    )
    try:
        with db.session.begin_nested():
            db.session.add(notice)
    except IntegrityError:
        return False  # another clock wrote the same notice first
    return True


def open_notices(organisation_id: int, limit: int = 50) -> list[CoordinatorNotice]:
    """Notices not yet marked done, newest first."""
    return list(
        db.session.scalars(
            select(CoordinatorNotice)
            .where(
                CoordinatorNotice.organisation_id == organisation_id,
                CoordinatorNotice.handled_at.is_(None),
            )
            .order_by(CoordinatorNotice.created_at.desc(), CoordinatorNotice.id.desc())
            .limit(limit)
        )
    )


def mark_notice_done(organisation_id: int, notice_id: int, user_id: int, now: datetime) -> None:
    """Take a notice out of the inbox; commits."""
    notice = db.session.get(CoordinatorNotice, notice_id)
    if notice is None or notice.organisation_id != organisation_id:
        raise InvalidInput({"notice": ["no such notice in your organisation"]})
    notice.handled_at = now
    audit.record("handled", notice, actor="user", user_id=user_id)
    db.session.commit()
