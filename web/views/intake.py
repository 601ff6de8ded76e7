"""Phone intake: find or add the resident, then file the request (coordinator pages)."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from web.auth import coordinators_only
from web.db import db
from web.form_errors import attach_errors
from web.forms_intake import FIELD_FOR_PATH, IntakeForm, request_input
from web.forms_people import ResidentForm, edit_input
from web.models import Resident
from web.services.errors import InvalidInput, NotFound
from web.services.intake import file_phone_intake, resident_text
from web.services.people_search import find_residents

bp = Blueprint("intake", __name__, url_prefix="/c/intake")
coordinators_only(bp)


@bp.get("/")
def search() -> str:
    """Step 1: who is calling? Search by name, street or phone."""
    query = request.args.get("q", "").strip()
    found = find_residents(current_user.organisation_id, query, 1, 10) if query else None
    return render_template("intake/search.html", query=query, found=found)


def _resident_or_404(resident_id: int) -> Resident:
    resident = db.session.get(Resident, resident_id)
    if (
        resident is None
        or resident.organisation_id != current_user.organisation_id
        or resident.erased_at is not None
    ):
        abort(404)
    return resident


@bp.route("/new", methods=["GET", "POST"])
def new() -> str | Response:
    """Step 2: the request, for a chosen resident or with a new resident's details."""
    resident_id = request.args.get("resident_id", type=int)
    resident = _resident_or_404(resident_id) if resident_id else None
    text_id = request.args.get("text", type=int)
    try:
        text = resident_text(current_user.organisation_id, text_id) if text_id else None
    except NotFound:
        abort(404)
    form = IntakeForm()
    if text is not None and not form.is_submitted():
        form.description.data = text.body
    resident_form = None if resident else ResidentForm(prefix="resident", meta={"csrf": False})
    if form.is_submitted():
        # WTForms only converts dates and times here; the services judge every field,
        # so all refusals are shown together.
        form.validate()
        if "csrf_token" in form and form.csrf_token.errors:
            abort(400)
        try:
            filed = file_phone_intake(
                current_user.organisation_id,
                request_input(form, current_app.config["TIMEZONE"]),
                resident_id=resident.id if resident else None,
                resident_data=edit_input(resident_form) if resident_form else None,
                user_id=current_user.id,
                from_text=text,
            )
        except InvalidInput as refused:
            _show(refused, form, resident_form)
        else:
            flash(_("Request filed for %(name)s.", name=filed.resident.first_name), "success")
            return redirect(url_for("intake.new", resident_id=filed.resident_id), code=303)
    status = 400 if request.method == "POST" else 200
    page = render_template(
        "intake/new.html", form=form, resident=resident, resident_form=resident_form, text=text
    )
    return page, status  # type: ignore[return-value]


def _show(refused: InvalidInput, form: IntakeForm, resident_form: ResidentForm | None) -> None:
    """Place each refusal next to its field on the right form."""
    about_request: dict[str, list[str]] = {}
    about_resident: dict[str, list[str]] = {}
    for path, messages in refused.errors.items():
        if path.startswith("resident."):
            about_resident[path.removeprefix("resident.")] = messages
        else:
            about_request[FIELD_FOR_PATH.get(path, path)] = messages
    attach_errors(form, about_request)
    if resident_form is not None:
        attach_errors(resident_form, about_resident)
