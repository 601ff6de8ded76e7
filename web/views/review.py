"""Matching rounds and the review of proposals (coordinator pages)."""

from __future__ import annotations

from datetime import timedelta

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask import Response as FlaskResponse
from flask_babel import format_datetime, ngettext
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from web.auth import coordinators_only
from web.db import db, utcnow
from web.models import MatchingRun
from web.services import proposal_approval, review
from web.services.errors import InvalidInput, NotFound, StaleVersion
from web.services.matching import latest_runs, start_matching_run
from web.services.people_search import Page
from web.services.proposal_approval import Approval, approve_one

bp = Blueprint("review", __name__, url_prefix="/c")
coordinators_only(bp)


def _organisation_id() -> int:
    return int(current_user.organisation_id)


def _form_int(name: str) -> int:
    value = request.form.get(name, "")
    if not value.isdigit():
        abort(400)
    return int(value)


@bp.get("/matching")
def runs() -> str:
    """Run matching now, and the recent rounds with their results."""
    return render_template("review/runs.html", runs=latest_runs(_organisation_id()))


@bp.post("/matching/runs")
def start_run() -> Response:
    """Queue a round; the clock runs it in the background."""
    run = start_matching_run(_organisation_id(), user_id=current_user.id)
    return redirect(url_for("review.run", run_id=run.id))


@bp.get("/matching/runs/<int:run_id>")
def run(run_id: int) -> str:
    """One round: its progress while it runs (the page refreshes itself), then its result."""
    found = db.session.get(MatchingRun, run_id)
    if found is None or found.organisation_id != _organisation_id():
        abort(404)
    return render_template("review/run.html", run=found)


@bp.get("/matching/runs/<int:run_id>/status.json")
def run_status(run_id: int) -> FlaskResponse:
    """Whether the round is still queued or running: what the round page asks while it waits."""
    found = db.session.get(MatchingRun, run_id)
    if found is None or found.organisation_id != _organisation_id():
        abort(404)
    return jsonify(status=found.status)


@bp.get("/review")
def proposals() -> str:
    """Proposals waiting for approval, with why and the ranked alternatives."""
    number = max(request.args.get("page", 1, type=int), 1)
    page = Page(
        items=review.proposals(_organisation_id(), number, timezone=current_app.config["TIMEZONE"]),
        total=review.count_proposals(_organisation_id()),
        number=number,
        per_page=review.PER_PAGE,
    )
    return render_template(
        "review/proposals.html", page=page, others=review.alternative_volunteers(page.items)
    )


def _act(action: str) -> Response:
    """Apply one review action from a form; conflicts and refusals become messages."""
    assignment_id, version = _form_int("assignment_id"), _form_int("version")
    org, user = _organisation_id(), int(current_user.id)
    try:
        if action == "approve":
            approval = approve_one(org, assignment_id, version=version, user_id=user, now=utcnow())
            flash(approved_message([approval]), "success")
        elif action == "pin":
            pinned = review.toggle_pin(org, assignment_id, version, user)
            flash(
                _("Pinned: re-runs keep this volunteer.") if pinned else _("Unpinned."), "success"
            )
        elif action == "exclude":
            review.exclude_pairing(org, assignment_id, version, user)
            flash(_("This volunteer will not be proposed for this resident again."), "success")
        elif action == "swap":
            review.swap(
                org,
                assignment_id,
                version,
                _form_int("volunteer_id"),
                user,
                current_app.config["TIMEZONE"],
                utcnow(),
            )
            flash(_("Swapped and pinned."), "success")
    except NotFound:
        abort(404)
    except StaleVersion:
        flash(
            _(
                "Someone else changed this proposal meanwhile. Nothing was saved; "
                "the page now shows the current state."
            ),
            "error",
        )
        return redirect(url_for("review.proposals"), code=303)
    except InvalidInput as refused:
        for messages in refused.errors.values():
            for message in messages:
                flash(_("Not possible: %(reason)s", reason=message), "error")
    return redirect(url_for("review.proposals") + f"#a{assignment_id}", code=303)


@bp.post("/review/approve")
def approve() -> Response:
    """Approve one proposal."""
    return _act("approve")


@bp.post("/review/pin")
def pin() -> Response:
    """Pin or unpin one proposal."""
    return _act("pin")


@bp.post("/review/exclude")
def exclude() -> Response:
    """Exclude the pairing of one proposal."""
    return _act("exclude")


@bp.post("/review/swap")
def swap() -> Response:
    """Swap one proposal to an alternative volunteer."""
    return _act("swap")


@bp.post("/review/approve-all")
def approve_all() -> Response:
    """Approve every waiting proposal; each approved one is offered by SMS."""
    result = proposal_approval.approve_all(
        _organisation_id(), user_id=int(current_user.id), now=utcnow()
    )
    if result.approved:
        flash(approved_message(result.approved), "success")
    for assignment, reasons in result.refused:
        flash(
            _(
                "Not approved for %(volunteer)s: %(reason)s",
                volunteer=assignment.volunteer.first_name,
                reason="; ".join(reasons),
            ),
            "error",
        )
    return redirect(url_for("review.proposals"), code=303)


def approved_message(approvals: list[Approval]) -> str:
    """Approved, and when the offers go out by SMS (quiet hours may hold them)."""
    later = max(a.sms_at for a in approvals)
    if later <= utcnow() + timedelta(minutes=1):
        when = _("now")
    else:
        when = _("at %(moment)s (quiet hours)", moment=format_datetime(later, "EEE HH:mm"))
    return str(
        ngettext(
            "%(num)d approved; the offer goes out by SMS %(when)s.",
            "%(num)d approved; the offers go out by SMS %(when)s.",
            len(approvals),
            when=when,
        )
    )
