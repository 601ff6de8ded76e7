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

from web.db import db
from web.models import Assignment, HelpRequest, Organisation, SmsMessage
from web.services.matching import start_matching_run
from web.services.notices import add_notice
from web.services.offers import expire
from web.services.proposal_approval import approve_many

log = logging.getLogger(__name__)
REFUSED = ("declined", "expired")
# An offer SMS that will never reach the phone cannot be answered.
UNDELIVERED = ("failed", "undelivered")


def _refused_before() -> Exists:
    earlier = aliased(Assignment)
    return exists().where(earlier.request_id == HelpRequest.id, earlier.status.in_(REFUSED))


def offer_proposals(now: datetime) -> int:
    """Offer every proposal that needs no coordinator (see the module); commits."""
    due = db.session.scalars(
        select(Assignment)
        .join(HelpRequest, HelpRequest.id == Assignment.request_id)
        .join(Organisation, Organisation.id == HelpRequest.organisation_id)
        .where(
            Assignment.status == "proposed",
            Assignment.starts_at > now,
            HelpRequest.status == "proposed",
            (Organisation.matching_mode == "auto_offer") | _refused_before(),
        )
        .order_by(Assignment.starts_at, Assignment.id)
    ).all()
    result = approve_many(list(due), now, actor="system")
    for assignment, reasons in result.refused:
        log.warning("assignment %s not offered: %s", assignment.id, "; ".join(reasons))
    return len(result.approved)


def expire_offers(now: datetime, timeout: timedelta) -> int:
    """Expire offers unanswered ``timeout`` after their SMS went out; re-plan; commits.

    The clock starts when the offer SMS left, never when it was queued: an
    offer held back by the quiet hours gets its whole time in the morning. An
    offer whose task has begun, or whose SMS could not be delivered, expires
    too; one never sent is withdrawn rather than followed by "no longer open".
    """
    offer_sms = aliased(SmsMessage)
    stale = db.session.scalars(
        select(Assignment)
        .outerjoin(
            offer_sms,
            (offer_sms.assignment_id == Assignment.id) & (offer_sms.kind == "offer"),
        )
        .where(
            Assignment.status == "offered",
            (Assignment.starts_at <= now)
            | (offer_sms.sent_at <= now - timeout)
            | offer_sms.status.in_(UNDELIVERED),
        )
        .order_by(Assignment.id)
    ).all()
    organisations = set()
    for assignment in stale:
        expire(assignment, now)
        db.session.commit()
        organisations.add(assignment.request.organisation_id)
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
