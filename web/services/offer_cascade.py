"""The clock's side of offers: send proposals out, expire silence, cascade, alert.

A proposal goes out by SMS without a coordinator when its organisation works
"auto_offer", or when its request was already sent out once and the earlier
volunteer declined or let the offer expire: the coordinator approved sending
that request, and the engine's next best candidate continues the cascade
(the refused assignment keeps the earlier volunteer out of the round). When a
round finds nobody for such a request, the coordinator gets a notice.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import Exists, exists, select
from sqlalchemy.orm import aliased

from notifications import messages
from web.db import db
from web.models import Assignment, HelpRequest, Organisation
from web.services import audit
from web.services.assignment_states import move
from web.services.errors import InvalidInput
from web.services.matching import start_matching_run
from web.services.notices import add_notice
from web.services.offers import can_text, send_offer
from web.services.outbox import queue_sms

log = logging.getLogger(__name__)
REFUSED = ("declined", "expired")


def _refused_before() -> Exists:
    earlier = aliased(Assignment)
    return exists().where(earlier.request_id == HelpRequest.id, earlier.status.in_(REFUSED))


def offer_proposals(now: datetime) -> int:
    """Offer every proposal that needs no coordinator (see the module); commits each."""
    due = db.session.scalars(
        select(Assignment)
        .join(HelpRequest, HelpRequest.id == Assignment.request_id)
        .join(Organisation, Organisation.id == HelpRequest.organisation_id)
        .where(
            Assignment.status == "proposed",
            Assignment.starts_at > now,
            (Organisation.matching_mode == "auto_offer") | _refused_before(),
        )
        .order_by(Assignment.starts_at, Assignment.id)
    ).all()
    offered = 0
    for assignment in due:
        try:
            move(assignment, "confirmed", now)
            audit.record("confirmed", assignment, actor="system")
            send_offer(assignment, now)
            db.session.commit()
            offered += 1
        except InvalidInput as refusal:
            db.session.rollback()
            log.warning("assignment %s not offered: %s", assignment.id, refusal.errors)
    return offered


def expire_offers(now: datetime, timeout: timedelta) -> int:
    """Expire offers unanswered for ``timeout`` (or whose task began); thank, re-plan; commits."""
    stale = db.session.scalars(
        select(Assignment)
        .where(
            Assignment.status == "offered",
            (Assignment.offered_at <= now - timeout) | (Assignment.starts_at <= now),
        )
        .order_by(Assignment.id)
    ).all()
    organisations = set()
    for assignment in stale:
        move(assignment, "expired", now)
        request = assignment.request
        if request.status not in {"cancelled", "completed", "arranged"}:
            request.status = "open"
        volunteer = assignment.volunteer
        if can_text(volunteer) and assignment.short_code:
            queue_sms(
                to=volunteer.phone,
                body=messages.offer_expired(
                    language=volunteer.sms_language, code=assignment.short_code
                ),
                kind="offer_expired",
                key=f"assignment:{assignment.id}:offer_expired",
                now=now,
                organisation_id=volunteer.organisation_id,
                language=volunteer.sms_language,
                assignment_id=assignment.id,
                volunteer_id=volunteer.id,
            )
        audit.record("expired", assignment, actor="system")
        db.session.commit()
        organisations.add(request.organisation_id)
    for organisation_id in sorted(organisations):
        start_matching_run(organisation_id, time_limit=5.0)
    return len(stale)


def alert_nobody_left(now: datetime) -> int:
    """Tell the coordinator about each cascaded request a round could not fill; commits."""
    exhausted = db.session.scalars(
        select(HelpRequest)
        .where(HelpRequest.status == "unfilled", HelpRequest.window_end > now, _refused_before())
        .order_by(HelpRequest.id)
    ).all()
    added = 0
    for request in exhausted:
        refused = db.session.scalars(
            select(Assignment.id).where(
                Assignment.request_id == request.id, Assignment.status.in_(REFUSED)
            )
        ).all()
        # One notice per exhausted cascade; a later cascade of the same request gets its own.
        key = f"nobody_left:{request.id}:{len(refused)}"
        if add_notice(request.organisation_id, "nobody_left", key, now, request_id=request.id):
            added += 1
    db.session.commit()
    return added
