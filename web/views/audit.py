"""The audit trail of a help request: who changed what, when (login required, scoped)."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user, login_required

from web.services.audit_trail import audit_trail, help_request_of
from web.views.people import found

bp = Blueprint("audit", __name__, url_prefix="/c")


@bp.get("/requests/<int:request_id>/audit")
@login_required  # type: ignore[untyped-decorator]
def request_audit(request_id: int) -> str:
    """Every change to one help request and its assignments, newest first."""
    help_request = found(help_request_of, request_id)
    events = audit_trail("help_requests", request_id, current_user.organisation_id)
    return render_template("people/request_audit.html", help_request=help_request, events=events)
