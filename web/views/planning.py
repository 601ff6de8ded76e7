"""The week view and the neighbourhood overview (coordinator pages)."""

from __future__ import annotations

from datetime import date, timedelta

from flask import Blueprint, current_app, render_template, request
from flask_login import current_user

from web.auth import coordinators_only
from web.i18n import day_asked
from web.services.neighbourhood import street_counts
from web.services.week import week_plan

bp = Blueprint("planning", __name__, url_prefix="/c")
coordinators_only(bp)


def _first_day() -> date:
    """The Monday of the week asked for (this week by default)."""
    day = day_asked()
    return day - timedelta(days=day.weekday())


@bp.get("/week")
def week() -> str:
    """Seven days, per day or per volunteer (`?by=volunteer`)."""
    first = _first_day()
    plan = week_plan(current_user.organisation_id, first, current_app.config["TIMEZONE"])
    by_volunteer = request.args.get("by") == "volunteer"
    return render_template(
        "planning/week.html",
        week=plan,
        by_volunteer=by_volunteer,
        previous=first - timedelta(days=7),
        next=first + timedelta(days=7),
    )


@bp.get("/neighbourhood")
def neighbourhood() -> str:
    """Residents, volunteers and open requests per street, without a map."""
    return render_template(
        "planning/neighbourhood.html", streets=street_counts(current_user.organisation_id)
    )
