"""The clock's notices in the coordinator's inbox: shown there, marked done here."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, request, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from web.db import utcnow
from web.models import CoordinatorNotice
from web.services.errors import InvalidInput
from web.services.notices import mark_notice_done, open_notices

bp = Blueprint("notices", __name__, url_prefix="/c/notices")


@bp.before_request
@login_required  # type: ignore[untyped-decorator]
def _coordinators_only() -> None:
    """Every page here needs a logged-in coordinator."""


@bp.app_template_global()
def coordinator_notices() -> list[CoordinatorNotice]:
    """The logged-in coordinator's open notices (for the inbox page)."""
    if not current_user.is_authenticated:
        return []
    return open_notices(current_user.organisation_id)


@bp.post("/done")
def done() -> Response:
    """Take a notice out of the inbox."""
    target = request.form.get("id", "")
    if not target.isdigit():
        abort(400)
    try:
        mark_notice_done(current_user.organisation_id, int(target), current_user.id, utcnow())
    except InvalidInput:
        abort(404)
    return redirect(url_for("messages.inbox"), code=303)
