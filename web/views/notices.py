"""The clock's notices in the coordinator's inbox: shown there, marked done here."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from web.auth import coordinators_only
from web.db import utcnow
from web.services.errors import InvalidInput
from web.services.notices import mark_notice_done

bp = Blueprint("notices", __name__, url_prefix="/c/notices")
coordinators_only(bp)


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
