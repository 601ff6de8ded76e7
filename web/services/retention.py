"""Retention: residents whose help is long over are erased, their statistics kept.

A resident is due once the last of their requests ended (its window is
over, so it is closed whatever its status) longer ago than RETENTION_DAYS.
Erasing is web.services.erasure.erase_resident (names, phone, notes,
descriptions, messages; postcode and counts stay), audited as "retention".
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select

from web.db import db
from web.models import HelpRequest, Resident
from web.services.erasure import erase_resident


def residents_due(now: datetime, retention: timedelta) -> list[Resident]:
    """Residents (not yet erased) whose requests all closed before now - retention."""
    cutoff = now - retention
    still_going = (
        select(HelpRequest.id)
        .where(
            HelpRequest.resident_id == Resident.id,
            HelpRequest.window_end >= cutoff,
        )
        .exists()
    )
    has_requests = select(func.count(HelpRequest.id)).where(HelpRequest.resident_id == Resident.id)
    return list(
        db.session.scalars(
            select(Resident)
            .where(
                Resident.erased_at.is_(None),
                has_requests.scalar_subquery() > 0,
                ~still_going,
            )
            .order_by(Resident.id)
        )
    )


def erase_expired_residents(now: datetime, retention: timedelta) -> int:
    """Erase every resident past retention (each in its own transaction); how many."""
    due = [(r.organisation_id, r.id) for r in residents_due(now, retention)]
    for organisation_id, resident_id in due:
        erase_resident(organisation_id, resident_id, user_id=None, actor="retention")
    return len(due)
