"""The week view and the neighbourhood overview (coordinator pages)."""

from __future__ import annotations

from datetime import date, timedelta

from flask import Blueprint, current_app, render_template, request
from flask_login import current_user

from web.auth import coordinators_only
from web.i18n import day_asked
from web.services.neighbourhood import street_counts
from web.services.people_records import get_volunteer
from web.services.week import Task, week_plan
from web.views.people import found

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


@bp.get("/volunteers/<int:volunteer_id>/week/print")
def volunteer_week_print(volunteer_id: int) -> str:
    """A volunteer's week on one sheet, to hand over or post: when, who, where, what."""
    volunteer = found(get_volunteer, volunteer_id)
    first = _first_day()
    plan = week_plan(
        current_user.organisation_id, first, current_app.config["TIMEZONE"], held_only=True
    )
    days: dict[date, list[Task]] = next(
        (d for (_n, _s, v), d in plan.by_volunteer.items() if v == volunteer_id),
        {day: [] for day in plan.days},
    )
    return render_template(
        "planning/print_volunteer_week.html", volunteer=volunteer, plan=plan, days=days
    )


@bp.get("/day/print")
def day_print() -> str:
    """Every task of one day, per volunteer, on one sheet."""
    day = day_asked()
    plan = week_plan(
        current_user.organisation_id, day, current_app.config["TIMEZONE"], 1, held_only=True
    )
    return render_template("planning/print_day.html", day=day, plan=plan)


@bp.get("/neighbourhood")
def neighbourhood() -> str:
    """Residents, volunteers and open requests per street, without a map."""
    return render_template(
        "planning/neighbourhood.html", streets=street_counts(current_user.organisation_id)
    )
