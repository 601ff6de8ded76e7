"""The coordinator's start page (login required, scoped to the coordinator's organisation)."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template
from flask_login import current_user, login_required

from web.db import utcnow
from web.services.dashboard import dashboard
from web.services.overview import organisation_overview

bp = Blueprint("coordinator", __name__, url_prefix="/c")


@bp.get("/")
@login_required  # type: ignore[untyped-decorator]
def home() -> str:
    """Today and this week: what needs the coordinator, section by section."""
    organisation_id = int(current_user.organisation_id)
    return render_template(
        "coordinator/home.html",
        overview=organisation_overview(organisation_id),
        board=dashboard(organisation_id, utcnow(), current_app.config["TIMEZONE"]),
    )
