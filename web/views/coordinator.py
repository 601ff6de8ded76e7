"""The coordinator's pages (login required, scoped to the coordinator's organisation)."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user, login_required

from web.services.overview import organisation_overview

bp = Blueprint("coordinator", __name__, url_prefix="/c")


@bp.get("/")
@login_required  # type: ignore[untyped-decorator]
def home() -> str:
    """The organisation at a glance."""
    overview = organisation_overview(current_user.organisation_id)
    return render_template("coordinator/home.html", overview=overview)
