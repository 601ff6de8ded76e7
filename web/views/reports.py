"""Reports per week or month, on screen and as CSV (coordinator pages)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, current_app, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from web.auth import coordinators_only
from web.i18n import day_asked
from web.reasons import translate_reason
from web.services.reports import CsvWords, Report, period_report, report_csv

bp = Blueprint("reports", __name__, url_prefix="/c/reports")
coordinators_only(bp)


def _period() -> tuple[str, date, date]:
    """(kind, first day, day after the last) from ?period=week|month&start=YYYY-MM-DD."""
    kind = "month" if request.args.get("period") == "month" else "week"
    day = day_asked()
    if kind == "month":
        first = day.replace(day=1)
        after = (first + timedelta(days=32)).replace(day=1)
    else:
        first = day - timedelta(days=day.weekday())
        after = first + timedelta(days=7)
    return kind, first, after


def _report(first: date, after: date) -> Report:
    tz = ZoneInfo(current_app.config["TIMEZONE"])
    return period_report(
        current_user.organisation_id,
        datetime.combine(first, time(0), tz),
        datetime.combine(after, time(0), tz),
    )


@bp.get("/")
def period() -> str:
    """Requests filled and unfilled with reasons, hours and kilometres."""
    kind, first, after = _period()
    return render_template(
        "reports/period.html",
        kind=kind,
        first=first,
        last=after - timedelta(days=1),
        report=_report(first, after),
    )


@bp.get("/export.csv")
def export() -> Response:
    """The same figures as a CSV file for expense statements."""
    kind, first, after = _period()
    words = CsvWords(
        volunteer=_("volunteer"),
        tasks=_("tasks"),
        hours=_("hours"),
        km_by_car=_("km by car"),
        requests=_("requests"),
        filled=_("filled"),
        unfilled_reason=_("why not filled"),
        count=_("number"),
    )
    body = report_csv(_report(first, after), words, translate_reason)
    filename = f"buurtmatch-{kind}-{first.isoformat()}.csv"
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
