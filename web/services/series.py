"""A weekly series as the coordinator sees and steers it: its dates, an end, a stop.

Skipping one date is cancelling that date's request (its volunteers are told);
the series goes on. Ending it after a day cancels the dates after that day;
stopping it cancels every date that has not begun yet.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from web.db import db
from web.models import HelpRequest
from web.services import audit, request_states
from web.services.errors import InvalidInput
from web.services.recurrence import parse_rule
from web.services.request_updates import cancel_help_request
from web.services.scoping import owned
from web.services.versions import check_version, commit_or_stale


@dataclass(frozen=True)
class Series:
    """The series a request belongs to: its first request, its weekdays and every date."""

    head: HelpRequest
    weekdays: tuple[int, ...]
    dates: list[HelpRequest]


def series_of(request: HelpRequest) -> Series | None:
    """The request's series, or None for a one-off request."""
    head = request if request.recurrence_rule else request.series_head
    if head is None or not head.recurrence_rule:
        return None
    dates = db.session.scalars(
        select(HelpRequest)
        .where((HelpRequest.id == head.id) | (HelpRequest.series_id == head.id))
        .order_by(HelpRequest.window_start)
    ).all()
    weekdays = tuple(sorted(parse_rule(head.recurrence_rule).weekdays))
    return Series(head, weekdays or (head.window_start.weekday(),), list(dates))


def end_series(
    organisation_id: int,
    head_id: int,
    *,
    last_day: date | None,
    version: int,
    user_id: int,
    now: datetime,
    timezone: str,
) -> Series:
    """The series ends after ``last_day``: later dates are cancelled, volunteers told; commits.

    A missing or past day is refused (on ``last_day``), after the organisation check.
    """
    zone = ZoneInfo(timezone)
    owned(HelpRequest, organisation_id, head_id)
    if last_day is None:
        raise InvalidInput({"last_day": ["Not a valid date."]})
    if last_day < now.astimezone(zone).date():
        raise InvalidInput({"last_day": ["is in the past"]})
    return _end(
        organisation_id,
        head_id,
        last_day,
        lambda r: r.window_start.astimezone(zone).date() > last_day,
        version=version,
        user_id=user_id,
    )


def stop_series(
    organisation_id: int, head_id: int, *, version: int, user_id: int, now: datetime, timezone: str
) -> Series:
    """No more dates: every date that has not begun is cancelled, volunteers told; commits."""
    yesterday = now.astimezone(ZoneInfo(timezone)).date() - timedelta(days=1)
    return _end(
        organisation_id,
        head_id,
        yesterday,
        lambda r: r.window_start > now,
        version=version,
        user_id=user_id,
    )


def _end(
    organisation_id: int,
    head_id: int,
    last_day: date,
    goes: Callable[[HelpRequest], bool],
    *,
    version: int,
    user_id: int,
) -> Series:
    head = owned(HelpRequest, organisation_id, head_id, for_update=True)
    check_version(head, version)
    series = series_of(head)
    if series is None or series.head.id != head.id:
        raise InvalidInput({"series": ["this request does not start a weekly series"]})
    head.recurrence_until = last_day
    for dated in series.dates:
        cancellable = "cancelled" in request_states.DECISIONS.get(dated.status, frozenset())
        if goes(dated) and cancellable:
            cancel_help_request(dated, user_id=user_id)
    audit.record(
        "series_ended", head, actor="user", user_id=user_id, changes={"last_day": str(last_day)}
    )
    commit_or_stale(head)
    return series
