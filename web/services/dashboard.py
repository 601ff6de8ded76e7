"""What a coordinator should look at now: today and this week, in one query per section."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload

from web.db import db
from web.models import Assignment, HelpRequest, Signal, SmsMessage

LIST_LENGTH = 8
FAILED_SMS = ("failed", "undelivered", "ambiguous")


@dataclass(frozen=True)
class Section:
    """A count and the first few rows of one thing to act on."""

    count: int
    rows: list[object]


@dataclass(frozen=True)
class Dashboard:
    """Every section of the coordinator's start page."""

    new_requests: Section
    # Residents who asked by text: filed as a request from phone intake, pre-filled.
    resident_texts: Section
    proposals: Section
    unanswered_offers: Section
    need_new_volunteer: Section
    unfilled: Section
    signals: Section
    failed_sms: Section
    today: Section
    arranged: Section
    # The offer SMS of each unanswered offer shown, by assignment id: sent, or when it goes.
    offer_sms: dict[int, SmsMessage]


def _section(query: Select[Any], order: Any) -> Section:
    count = int(db.session.scalar(select(func.count()).select_from(query.subquery())) or 0)
    rows = list(db.session.scalars(query.order_by(order).limit(LIST_LENGTH)).unique())
    return Section(count, rows)


def dashboard(organisation_id: int, now: datetime, timezone: str) -> Dashboard:
    """Build the start page for one organisation at `now`."""
    requests = (
        select(HelpRequest)
        .where(HelpRequest.organisation_id == organisation_id, HelpRequest.window_end > now)
        .options(joinedload(HelpRequest.resident))
    )
    assignments = (
        select(Assignment)
        .join(HelpRequest)
        .where(HelpRequest.organisation_id == organisation_id)
        .options(joinedload(Assignment.request).joinedload(HelpRequest.resident))
        .options(joinedload(Assignment.volunteer))
    )
    refused = (
        select(Assignment.request_id)
        .where(Assignment.status.in_(("declined", "expired")))
        .scalar_subquery()
    )
    offers = _section(assignments.where(Assignment.status == "offered"), Assignment.offered_at)
    local = now.astimezone(ZoneInfo(timezone))
    end_of_today = datetime.combine(local.date() + timedelta(days=1), time(0), local.tzinfo)
    return Dashboard(
        new_requests=_section(
            requests.where(HelpRequest.status == "new"), HelpRequest.window_start
        ),
        resident_texts=_section(
            select(SmsMessage).where(
                SmsMessage.organisation_id == organisation_id,
                SmsMessage.kind == "request_draft",
                SmsMessage.handled_at.is_(None),
                SmsMessage.resident_id.is_not(None),
            ),
            SmsMessage.created_at,
        ),
        proposals=_section(
            assignments.where(Assignment.status == "proposed"), Assignment.starts_at
        ),
        unanswered_offers=offers,
        need_new_volunteer=_section(
            requests.where(HelpRequest.status == "open", HelpRequest.id.in_(refused)),
            HelpRequest.window_start,
        ),
        unfilled=_section(
            requests.where(HelpRequest.status == "unfilled"), HelpRequest.window_start
        ),
        signals=_section(
            select(Signal).where(Signal.organisation_id == organisation_id, Signal.status == "new"),
            Signal.created_at.desc(),
        ),
        failed_sms=_section(
            select(SmsMessage).where(
                SmsMessage.organisation_id == organisation_id,
                SmsMessage.direction == "outbound",
                SmsMessage.status.in_(FAILED_SMS),
            ),
            SmsMessage.updated_at.desc(),
        ),
        today=_section(
            assignments.where(
                Assignment.status.in_(("confirmed", "offered", "accepted")),
                Assignment.starts_at >= now - timedelta(hours=2),
                Assignment.starts_at < end_of_today,
            ),
            Assignment.starts_at,
        ),
        arranged=_section(
            assignments.where(
                Assignment.status == "accepted",
                Assignment.starts_at >= end_of_today,
                Assignment.starts_at < now + timedelta(days=7),
            ),
            Assignment.starts_at,
        ),
        offer_sms=_offer_messages([a.id for a in offers.rows]),  # type: ignore[attr-defined]
    )


def _offer_messages(assignment_ids: list[int]) -> dict[int, SmsMessage]:
    rows = db.session.scalars(
        select(SmsMessage).where(
            SmsMessage.assignment_id.in_(assignment_ids), SmsMessage.kind == "offer"
        )
    )
    return {m.assignment_id: m for m in rows if m.assignment_id is not None}
