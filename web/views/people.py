"""The coordinator's residents and volunteers: lists, details and edits.

Login required; every lookup is scoped to the coordinator's organisation, so
another organisation's people are simply not found (404).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from web.auth import coordinators_only
from web.db import db
from web.form_errors import attach_errors
from web.forms_people import ResidentForm, VolunteerForm, edit_input, expected_version
from web.forms_public import language_choices
from web.services.audit_trail import audit_trail
from web.services.errors import InvalidInput, NotFound, StaleVersion
from web.services.people_records import (
    get_resident,
    get_volunteer,
    resident_history,
    volunteer_history,
)
from web.services.people_search import find_residents, find_volunteers
from web.services.people_updates import update_resident, update_volunteer
from web.services.versions import record_version
from web.services.volunteer_approval import set_volunteer_active
from web.views import people_words

bp = Blueprint("people", __name__, url_prefix="/c")
coordinators_only(bp)
bp.record_once(lambda state: people_words.init_app(state.app))  # type: ignore[arg-type]


def found(lookup: Any, *args: Any) -> Any:
    """Call a scoped lookup; another organisation's record is a 404."""
    try:
        return lookup(current_user.organisation_id, *args)
    except NotFound:
        abort(404)


def _search_args() -> tuple[str, int]:
    query = request.args.get("q", "").strip()[:100]
    page = request.args.get("page", "1")
    return query, int(page) if page.isdigit() else 1


@bp.get("/residents")
def residents() -> str:
    """Residents, searchable by name, street or phone."""
    query, number = _search_args()
    page = find_residents(current_user.organisation_id, query, number)
    return render_template("people/residents.html", page=page, query=query)


@bp.get("/residents/<int:resident_id>")
def resident(resident_id: int) -> str:
    """A resident: details, requests with who helped, and the audit trail."""
    record = found(get_resident, resident_id)
    return render_template(
        "people/resident.html",
        resident=record,
        history=resident_history(current_user.organisation_id, resident_id),
        events=audit_trail("residents", resident_id, current_user.organisation_id),
    )


@bp.get("/volunteers")
def volunteers() -> str:
    """Volunteers, searchable; new sign-ups wait here for approval."""
    query, number = _search_args()
    waiting = request.args.get("waiting") == "1"
    page = find_volunteers(current_user.organisation_id, query, number, waiting_only=waiting)
    return render_template("people/volunteers.html", page=page, query=query, waiting=waiting)


@bp.get("/volunteers/<int:volunteer_id>")
def volunteer(volunteer_id: int) -> str:
    """A volunteer: details, week, absences, who they helped, and the audit trail."""
    record = found(get_volunteer, volunteer_id)
    return render_template(
        "people/volunteer.html",
        volunteer=record,
        version=record_version(record),
        history=volunteer_history(current_user.organisation_id, volunteer_id),
        events=audit_trail("volunteers", volunteer_id, current_user.organisation_id),
    )


def _languages_for(form: FlaskForm, current: list[str]) -> None:
    """The usual languages plus any the person already has."""
    form.languages.choices = language_choices(tuple(current))


def _edit(form: FlaskForm, record: Any, save: Any, template: str, **page: Any) -> Any:
    """Show an edit form, or save it: bad input and stale edits come back with what was typed."""
    _languages_for(form, record.languages)
    status = 200
    if request.method == "GET":
        form.version.data = str(record_version(record))
    elif form.validate():
        try:
            save(edit_input(form), expected_version(form))
            flash(_("Saved."))
            return None
        except InvalidInput as error:
            db.session.rollback()
            attach_errors(form, error.errors)
            status = 400
        except StaleVersion:
            db.session.rollback()
            page["conflict"] = True
            status = 409
    else:
        status = 400
    return render_template(template, form=form, **page), status


@bp.route("/residents/<int:resident_id>/edit", methods=["GET", "POST"])
def edit_resident(resident_id: int) -> Any:
    """Change a resident's details."""
    record = found(get_resident, resident_id)
    form = ResidentForm(obj=record if request.method == "GET" else None)
    if request.method == "GET":
        form.preferred_gender.data = record.preferred_gender or ""

    def save(data: dict[str, Any], version: int) -> None:
        update_resident(
            current_user.organisation_id,
            resident_id,
            data,
            version=version,
            user_id=current_user.id,
        )

    page = _edit(form, record, save, "people/resident_edit.html", resident=record)
    return page or redirect(url_for(".resident", resident_id=resident_id))


@bp.route("/volunteers/<int:volunteer_id>/edit", methods=["GET", "POST"])
def edit_volunteer(volunteer_id: int) -> Any:
    """Change a volunteer's details, or approve a sign-up by making them active."""
    record = found(get_volunteer, volunteer_id)
    form = VolunteerForm(obj=record if request.method == "GET" else None)
    if request.method == "GET":
        form.gender.data = record.gender or ""

    def save(data: dict[str, Any], version: int) -> None:
        active = bool(data.pop("active"))
        organisation_id, user_id = current_user.organisation_id, current_user.id
        volunteer = update_volunteer(
            organisation_id, volunteer_id, data, version=version, user_id=user_id
        )
        set_volunteer_active(
            organisation_id,
            volunteer_id,
            active,
            version=record_version(volunteer),
            user_id=user_id,
        )

    page = _edit(form, record, save, "people/volunteer_edit.html", volunteer=record)
    return page or redirect(url_for(".volunteer", volunteer_id=volunteer_id))


@bp.post("/volunteers/<int:volunteer_id>/approve")
def approve_volunteer(volunteer_id: int) -> Any:
    """Make a new sign-up active, after the coordinator has talked to them."""
    found(get_volunteer, volunteer_id)
    version = request.form.get("version", "")
    try:
        set_volunteer_active(
            current_user.organisation_id,
            volunteer_id,
            True,
            version=int(version) if version.isdigit() else -1,
            user_id=current_user.id,
        )
        flash(_("The volunteer is active and will get offers."))
    except StaleVersion:
        db.session.rollback()
        flash(_("Someone else changed this while you were editing."), "error")
    return redirect(url_for(".volunteer", volunteer_id=volunteer_id))
