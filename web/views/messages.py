"""The coordinator's inbox and the SMS log."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from web.auth import coordinators_only
from web.db import utcnow
from web.services.errors import InvalidInput, NotFound
from web.services.notices import open_notices
from web.services.sms_inbox import inbox_items, mark_handled, resend
from web.services.sms_log import close_signal, sms_log

bp = Blueprint("messages", __name__, url_prefix="/c")
coordinators_only(bp)


@bp.get("/inbox")
def inbox() -> str:
    """Free-text replies, signals, draft requests and SMS that did not arrive."""
    organisation_id = current_user.organisation_id
    return render_template(
        "messages/inbox.html",
        items=inbox_items(organisation_id),
        notices=open_notices(organisation_id),
    )


def _act(action: str) -> Response:
    """Mark a message handled, send one again, or close a signal; then back to the inbox."""
    target = request.form.get("id", "")
    if not target.isdigit():
        abort(400)
    org, user, now = current_user.organisation_id, current_user.id, utcnow()
    try:
        if action == "handled":
            mark_handled(org, int(target), user, now)
        elif action == "resend":
            resend(org, int(target), user, now)
            flash(_("The message will be sent again."), "success")
        else:
            close_signal(org, int(target), user, now)
    except (NotFound, InvalidInput):
        abort(404)
    return redirect(url_for("messages.inbox"), code=303)


@bp.post("/inbox/handled")
def handled() -> Response:
    """Take a message out of the inbox."""
    return _act("handled")


@bp.post("/inbox/resend")
def send_again() -> Response:
    """Send a failed or ambiguous message again, on the coordinator's word."""
    return _act("resend")


@bp.post("/inbox/close-signal")
def close() -> Response:
    """Mark a signal as followed up."""
    return _act("close-signal")


@bp.get("/sms")
def log() -> str:
    """Every SMS, both directions, newest first."""
    direction = request.args.get("direction")
    page = sms_log(current_user.organisation_id, direction, request.args.get("page", 1, type=int))
    return render_template("messages/log.html", page=page, direction=direction)
