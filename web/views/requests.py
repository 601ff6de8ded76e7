"""A help request's own page: triage, edit, cancel, and how each task ended (coordinators)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from web.auth import coordinators_only
from web.db import utcnow
from web.form_errors import attach_errors, translate
from web.forms_intake import FIELD_FOR_PATH, IntakeForm, fill_from, request_input
from web.services import series, task_changes, task_outcomes, triage
from web.services.errors import InvalidInput, NotFound, StaleVersion
from web.services.request_details import request_details
from web.services.request_states import DECISIONS
from web.services.request_updates import EDITABLE_STATUSES, update_help_request

bp = Blueprint("requests", __name__, url_prefix="/c")
coordinators_only(bp)


def _form_int(name: str) -> int:
    value = request.form.get(name, "")
    if not value.isdigit():
        abort(400)
    return int(value)


def _org() -> int:
    return int(current_user.organisation_id)


@bp.get("/requests/<int:request_id>")
def show(request_id: int) -> str:
    """The request: who and what, its status, its tasks, and what can be done now."""
    try:
        details = request_details(_org(), request_id)
    except NotFound:
        abort(404)
    return render_template(
        "requests/request.html",
        details=details,
        now=utcnow(),
        series=series.series_of(details.request),
        editable=EDITABLE_STATUSES,
        cancellable=[s for s, moves in DECISIONS.items() if "cancelled" in moves],
    )


def _act(request_id: int, action: Callable[[], Any], done: str) -> Response:
    """Run one action from the request page; refusals and conflicts become messages."""
    try:
        action()
    except NotFound:
        abort(404)
    except StaleVersion:
        flash(_("Someone else changed this request meanwhile. Nothing was saved."), "error")
    except InvalidInput as refused:
        for messages in refused.errors.values():
            for message in messages:
                flash(_("Not possible: %(reason)s", reason=translate(message)), "error")
    else:
        flash(done, "success")
    return redirect(url_for("requests.show", request_id=request_id), code=303)


@bp.post("/requests/<int:request_id>/accept")
def accept(request_id: int) -> Response:
    """Take a new request on: it joins the next matching round."""
    return _act(
        request_id,
        lambda: triage.accept_request(
            _org(), request_id, version=_form_int("version"), user_id=current_user.id
        ),
        _("Taken on: a matching round looks for a volunteer."),
    )


@bp.post("/requests/<int:request_id>/reject")
def reject(request_id: int) -> Response:
    """Turn a new request down, with a reason."""
    return _act(
        request_id,
        lambda: triage.reject_request(
            _org(),
            request_id,
            version=_form_int("version"),
            reason=request.form.get("reason", ""),
            user_id=current_user.id,
        ),
        _("Turned down. Please call the person back to explain."),
    )


@bp.post("/requests/<int:request_id>/link")
def link(request_id: int) -> Response:
    """File a new request under a resident the centre already knows."""
    return _act(
        request_id,
        lambda: triage.link_to_resident(
            _org(),
            request_id,
            version=_form_int("version"),
            resident_id=_form_int("resident_id"),
            user_id=current_user.id,
        ),
        _("Filed under the resident you chose."),
    )


@bp.post("/requests/<int:request_id>/cancel")
def cancel(request_id: int) -> Response:
    """Cancel the request; volunteers who were asked or said yes are told by SMS."""
    return _act(
        request_id,
        lambda: update_help_request(
            _org(),
            request_id,
            {"status": "cancelled", "reason": request.form.get("reason", "").strip() or None},
            version=_form_int("version"),
            user_id=current_user.id,
        ),
        _("Cancelled. Volunteers who knew of it are told by SMS."),
    )


@bp.route("/requests/<int:request_id>/edit", methods=["GET", "POST"])
def edit(request_id: int) -> str | Response:
    """Change the day, times, help or needs while nobody has been asked yet."""
    try:
        details = request_details(_org(), request_id)
    except NotFound:
        abort(404)
    help_request = details.request
    if help_request.status not in EDITABLE_STATUSES:
        flash(_("Volunteers were asked already: cancel the request instead."), "error")
        return redirect(url_for("requests.show", request_id=request_id), code=303)
    timezone = current_app.config["TIMEZONE"]
    form = IntakeForm()
    del form.repeat_weekly
    if not form.is_submitted():
        fill_from(form, help_request, timezone)
    else:
        form.validate()
        try:
            update_help_request(
                _org(),
                request_id,
                request_input(form, timezone),
                version=_form_int("version"),
                user_id=current_user.id,
            )
        except StaleVersion:
            flash(_("Someone else changed this request meanwhile. Nothing was saved."), "error")
            return redirect(url_for("requests.edit", request_id=request_id), code=303)
        except InvalidInput as refused:
            attach_errors(form, {FIELD_FOR_PATH.get(k, k): v for k, v in refused.errors.items()})
        else:
            flash(_("Saved. The next matching round plans the request anew."), "success")
            return redirect(url_for("requests.show", request_id=request_id), code=303)
    page = render_template("requests/edit.html", form=form, help_request=help_request)
    return page, 400 if form.is_submitted() else 200  # type: ignore[return-value]


@bp.post("/requests/<int:request_id>/series/end")
def end_series(request_id: int) -> Response:
    """End the series after a chosen day; later dates are cancelled, volunteers told."""
    try:
        last_day: date | None = date.fromisoformat(request.form.get("last_day", ""))
    except ValueError:
        last_day = None  # the service refuses it, after the organisation check
    return _act(
        request_id,
        lambda: series.end_series(
            _org(),
            request_id,
            last_day=last_day,
            version=_form_int("version"),
            user_id=current_user.id,
            now=utcnow(),
            timezone=current_app.config["TIMEZONE"],
        ),
        _("The series ends on that day; later dates are cancelled."),
    )


@bp.post("/requests/<int:request_id>/series/stop")
def stop_series(request_id: int) -> Response:
    """Stop the series: every date still to come is cancelled, volunteers told."""
    return _act(
        request_id,
        lambda: series.stop_series(
            _org(),
            request_id,
            version=_form_int("version"),
            user_id=current_user.id,
            now=utcnow(),
            timezone=current_app.config["TIMEZONE"],
        ),
        _("The series is stopped; every date still to come is cancelled."),
    )


def _task_action(assignment_id: int, outcome: Callable[..., Any], done: str) -> Response:
    request_id = _form_int("request_id")
    return _act(
        request_id,
        lambda: outcome(
            _org(),
            assignment_id,
            version=_form_int("version"),
            user_id=current_user.id,
            now=utcnow(),
        ),
        done,
    )


@bp.post("/tasks/<int:assignment_id>/done")
def task_done(assignment_id: int) -> Response:
    """The task happened."""
    return _task_action(assignment_id, task_outcomes.mark_done, _("Marked as done."))


@bp.post("/tasks/<int:assignment_id>/cancel")
def task_cancel(assignment_id: int) -> Response:
    """Call off one volunteer's task; they are told by SMS and someone else is looked for."""
    return _task_action(
        assignment_id,
        task_changes.cancel_task,
        _("Task called off. The volunteer is told by SMS; a round looks for someone else."),
    )


@bp.post("/tasks/<int:assignment_id>/reassign")
def task_reassign(assignment_id: int) -> Response:
    """Give the task to another volunteer, checked by the engine and offered by SMS."""
    return _act(
        _form_int("request_id"),
        lambda: task_changes.reassign_task(
            _org(),
            assignment_id,
            version=_form_int("version"),
            volunteer_id=_form_int("volunteer_id"),
            user_id=current_user.id,
            timezone=current_app.config["TIMEZONE"],
            now=utcnow(),
        ),
        _("Given to the other volunteer; they get the offer by SMS."),
    )


@bp.post("/tasks/<int:assignment_id>/no-show")
def task_no_show(assignment_id: int) -> Response:
    """The volunteer did not come."""
    return _task_action(assignment_id, task_outcomes.mark_no_show, _("Marked as a no-show."))
