"""The coordinator's daily summary: one inbox notice per organisation per local day."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from web.db import db
from web.models import Assignment, HelpRequest, Organisation, Signal
from web.services.notices import add_notice


def day_figures(organisation_id: int, start: datetime, end: datetime) -> dict[str, Any]:
    """What a coordinator wants to know at the start of the day [start, end)."""

    def requests(*conditions: Any) -> int:
        query = select(func.count(HelpRequest.id)).where(
            HelpRequest.organisation_id == organisation_id, *conditions
        )
        return int(db.session.scalar(query) or 0)

    week_end = start + timedelta(days=7)
    waiting_offers = db.session.scalar(
        select(func.count(Assignment.id))
        .join(HelpRequest, HelpRequest.id == Assignment.request_id)
        .where(HelpRequest.organisation_id == organisation_id, Assignment.status == "offered")
    )
    new_signals = db.session.scalar(
        select(func.count(Signal.id)).where(
            Signal.organisation_id == organisation_id, Signal.status == "new"
        )
    )
    return {
        "today": requests(
            HelpRequest.window_start < end,
            HelpRequest.window_end > start,
            HelpRequest.status != "cancelled",
        ),
        "arranged_today": requests(
            HelpRequest.window_start < end,
            HelpRequest.window_end > start,
            HelpRequest.status == "arranged",
        ),
        "unfilled_this_week": requests(
            HelpRequest.status == "unfilled",
            HelpRequest.window_start < week_end,
            HelpRequest.window_end > start,
        ),
        "to_review": requests(HelpRequest.status == "proposed", HelpRequest.window_end > start),
        "waiting_offers": int(waiting_offers or 0),
        "new_signals": int(new_signals or 0),
    }


def write_daily_summaries(now: datetime, timezone: str) -> int:
    """Write today's summary for every organisation that has none yet; commits."""
    zone = ZoneInfo(timezone)
    today = now.astimezone(zone).date()
    start = datetime.combine(today, time(0), zone)
    end = datetime.combine(today + timedelta(days=1), time(0), zone)
    written = 0
    organisation_ids = db.session.scalars(select(Organisation.id).order_by(Organisation.id)).all()
    for organisation_id in organisation_ids:
        data = {"day": today.isoformat(), **day_figures(organisation_id, start, end)}
        key = f"daily_summary:{organisation_id}:{today.isoformat()}"
        written += add_notice(organisation_id, "daily_summary", key, now, data=data)
    db.session.commit()
    return written
