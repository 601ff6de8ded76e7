"""A volunteer's week: weekly availability and absences, edited by a coordinator."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from web.auth import coordinators_only
from web.db import db
from web.form_errors import attach_errors, translate
from web.forms_people import AbsenceForm, AvailabilityForm, expected_version
from web.forms_public import form_input
from web.services.absences import add_absence, remove_absence
from web.services.errors import InvalidInput, NotFound, StaleVersion
from web.services.people_records import get_volunteer
from web.services.versions import record_version
from web.services.volunteer_schedule import replace_availability
from web.views.people import found

bp = Blueprint("volunteer_week", __name__, url_prefix="/c/volunteers/<int:volunteer_id>")
coordinators_only(bp)
EMPTY_ROWS = 3


def _week_form(volunteer: Any, empty_rows: int = EMPTY_ROWS) -> AvailabilityForm:
    """The volunteer's current week as form rows, plus empty rows for new slots."""
    form = AvailabilityForm(formdata=None)
    form.version.data = str(record_version(volunteer))
    for rule in volunteer.availability:
        form.slots.append_entry(
            {
                "weekday": str(rule.weekday),
                "start": f"{rule.starts_at:%H:%M}",
                "end": f"{rule.ends_at:%H:%M}",
            }
        )
    for _row in range(empty_rows):
        form.slots.append_entry({"weekday": "0"})
    return form


def _filled_rows(form: AvailabilityForm) -> list[tuple[int, dict[str, Any]]]:
    """(row number, slot) for each row with a start or an end; empty rows are no slot."""
    rows = []
    for number, row in enumerate(form.slots):
        start, end = (row.start.data or "").strip(), (row.end.data or "").strip()
        if start or end:
            weekday = row.weekday.data or ""
            rows.append(
                (
                    number,
                    {
                        "weekday": int(weekday) if weekday.isdigit() else weekday,
                        "start": start,
                        "end": end,
                    },
                )
            )
    return rows


def _show_slot_errors(form: AvailabilityForm, rows: list[tuple[int, Any]], error: Any) -> None:
    """Put "availability.<i>.<field>" refusals on the row the coordinator typed them in."""
    for path, messages in error.errors.items():
        parts = path.split(".")
        if len(parts) == 3 and parts[1].isdigit() and int(parts[1]) < len(rows):
            row = form.slots[rows[int(parts[1])][0]]
            field = getattr(row, parts[2], row.start)
            field.errors = [*field.errors, *(translate(m) for m in messages)]
        else:
            attach_errors(form, {"slots": messages})


@bp.route("/availability", methods=["GET", "POST"])
def availability(volunteer_id: int) -> Any:
    """The weekly availability editor; absences are listed and added on the same page."""
    volunteer = found(get_volunteer, volunteer_id)
    form = _week_form(volunteer) if request.method == "GET" else AvailabilityForm()
    status, conflict = 200, False
    if request.method == "POST" and form.validate():
        rows = _filled_rows(form)
        try:
            replace_availability(
                current_user.organisation_id,
                volunteer_id,
                [slot for _, slot in rows],
                version=expected_version(form),
                user_id=current_user.id,
            )
            flash(_("Saved."))
            return redirect(url_for(".availability", volunteer_id=volunteer_id))
        except InvalidInput as error:
            db.session.rollback()
            _show_slot_errors(form, rows, error)
            status = 400
        except StaleVersion:
            db.session.rollback()
            status, conflict = 409, True
    elif request.method == "POST":
        status = 400
    page = render_template(
        "people/availability.html",
        volunteer=volunteer,
        form=form,
        absence_form=AbsenceForm(formdata=None),
        conflict=conflict,
    )
    return page, status


@bp.post("/absences")
def add(volunteer_id: int) -> Any:
    """Record days the volunteer is away."""
    volunteer = found(get_volunteer, volunteer_id)
    absence_form = AbsenceForm()
    if absence_form.validate():
        try:
            add_absence(
                current_user.organisation_id,
                volunteer_id,
                form_input(absence_form),
                user_id=current_user.id,
            )
            flash(_("Absence saved."))
            return redirect(url_for(".availability", volunteer_id=volunteer_id))
        except InvalidInput as error:
            db.session.rollback()
            attach_errors(absence_form, error.errors)
    page = render_template(
        "people/availability.html",
        volunteer=volunteer,
        form=_week_form(volunteer),
        absence_form=absence_form,
    )
    return page, 400


@bp.post("/absences/<int:absence_id>/delete")
def remove(volunteer_id: int, absence_id: int) -> Response:
    """Take back an absence."""
    try:
        remove_absence(
            current_user.organisation_id, volunteer_id, absence_id, user_id=current_user.id
        )
    except NotFound:
        abort(404)
    flash(_("Absence removed."))
    return redirect(url_for(".availability", volunteer_id=volunteer_id))
