"""A person's data in the coordinator's hands: download everything, or erase them (GDPR).

The public form promises that the coordinator can show or erase someone's data;
these pages keep that promise for residents and volunteers of her own
organisation. Both are audited by the services; erasing asks first.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from web.auth import coordinators_only
from web.services import erasure, privacy
from web.services.errors import NotFound
from web.services.people_records import get_resident, get_volunteer

bp = Blueprint("privacy", __name__, url_prefix="/c")
coordinators_only(bp)


@dataclass(frozen=True)
class PersonKind:
    """What each kind of person needs: look-up, export, erase, and the list to return to."""

    look_up: Callable[..., Any]
    export: Callable[..., dict[str, Any]]
    erase: Callable[..., None]
    listing: str


KINDS = {
    "residents": PersonKind(
        get_resident, privacy.export_resident, erasure.erase_resident, "people.residents"
    ),
    "volunteers": PersonKind(
        get_volunteer, privacy.export_volunteer, erasure.erase_volunteer, "people.volunteers"
    ),
}


def _export(kind: str, person_id: int) -> Response:
    """Everything stored about one person, as a JSON download (the export is audited)."""
    try:
        data = KINDS[kind].export(current_user.organisation_id, person_id, user_id=current_user.id)
    except NotFound:
        abort(404)
    body = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    disposition = f'attachment; filename="buurtmatch-{kind}-{person_id}.json"'
    return Response(body, mimetype="application/json", headers={"Content-Disposition": disposition})


def _confirm(kind: str, person_id: int) -> str:
    """Say what erasing does, and ask to confirm."""
    try:
        person = KINDS[kind].look_up(current_user.organisation_id, person_id)
    except NotFound:
        abort(404)
    return render_template("people/erase.html", kind=kind, person=person)


def _erase(kind: str, person_id: int) -> WerkzeugResponse:
    """Erase the person: names, number, street and texts go; the counts stay."""
    try:
        KINDS[kind].erase(current_user.organisation_id, person_id, user_id=current_user.id)
    except NotFound:
        abort(404)
    flash(_("Erased. Their name, phone number, street and texts are gone."), "success")
    return redirect(url_for(KINDS[kind].listing), code=303)


@bp.get("/residents/<int:resident_id>/export.json")
def export_resident(resident_id: int) -> Response:
    """A resident's data as a JSON download."""
    return _export("residents", resident_id)


@bp.get("/volunteers/<int:volunteer_id>/export.json")
def export_volunteer(volunteer_id: int) -> Response:
    """A volunteer's data as a JSON download."""
    return _export("volunteers", volunteer_id)


@bp.get("/residents/<int:resident_id>/erase")
def confirm_erase_resident(resident_id: int) -> str:
    """Ask before erasing a resident."""
    return _confirm("residents", resident_id)


@bp.get("/volunteers/<int:volunteer_id>/erase")
def confirm_erase_volunteer(volunteer_id: int) -> str:
    """Ask before erasing a volunteer."""
    return _confirm("volunteers", volunteer_id)


@bp.post("/residents/<int:resident_id>/erase")
def erase_resident(resident_id: int) -> WerkzeugResponse:
    """Erase a resident."""
    return _erase("residents", resident_id)


@bp.post("/volunteers/<int:volunteer_id>/erase")
def erase_volunteer(volunteer_id: int) -> WerkzeugResponse:
    """Erase a volunteer."""
    return _erase("volunteers", volunteer_id)
