"""Which organisations need a matching round now: those with open requests coming up."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from web.db import db
from web.models import HelpRequest
from web.services.matching import HORIZON, start_matching_run


def queue_rounds_with_open_requests(now: datetime, time_limit: float = 10.0) -> list[int]:
    """Queue one round per organisation with an open request in the horizon; their ids.

    A round turns every open request into a proposal or "unfilled", so an
    organisation is not planned again until something new is open.
    """
    organisations = db.session.scalars(
        select(HelpRequest.organisation_id)
        .where(
            HelpRequest.status == "open",
            HelpRequest.window_end > now,
            HelpRequest.window_start < now + HORIZON,
        )
        .distinct()
        .order_by(HelpRequest.organisation_id)
    ).all()
    for organisation_id in organisations:
        start_matching_run(organisation_id, time_limit=time_limit)
    return list(organisations)
