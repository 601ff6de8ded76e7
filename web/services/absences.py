"""A volunteer's absences: days the matching leaves them out."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from web.db import db, utcnow
from web.models import Absence, Volunteer
from web.schemas import load_or_refuse
from web.schemas.absences import AbsenceInput
from web.services import audit
from web.services.errors import NotFound


def _volunteer(organisation_id: int, volunteer_id: int) -> Volunteer:
    volunteer = db.session.get(Volunteer, volunteer_id)
    if volunteer is None or volunteer.organisation_id != organisation_id:
        raise NotFound(f"no volunteer {volunteer_id} in this organisation")
    return volunteer


def _period(absence: Absence) -> str:
    return f"{absence.first_day} – {absence.last_day}"


def _changed(volunteer: Volunteer, action: str, change: list[Any], user_id: int | None) -> None:
    """Audit and commit; the volunteer's version moves so open edit forms see the change."""
    volunteer.updated_at = utcnow()
    actor = "user" if user_id else "system"
    changes = {"absence": change}
    audit.record(action, volunteer, actor=actor, user_id=user_id, changes=changes)
    db.session.commit()


def add_absence(
    organisation_id: int, volunteer_id: int, data: Mapping[str, Any], *, user_id: int | None = None
) -> Absence:
    """Record days a volunteer is away; refuse bad input naming the field, writing nothing."""
    volunteer = _volunteer(organisation_id, volunteer_id)
    fields = load_or_refuse(AbsenceInput(), data)
    absence = Absence(volunteer=volunteer, **fields)
    db.session.add(absence)
    _changed(volunteer, "absence_added", [None, _period(absence)], user_id)
    return absence


def remove_absence(
    organisation_id: int, volunteer_id: int, absence_id: int, *, user_id: int | None = None
) -> None:
    """Take back an absence of a volunteer of this organisation."""
    volunteer = _volunteer(organisation_id, volunteer_id)
    absence = db.session.get(Absence, absence_id)
    if absence is None or absence.volunteer_id != volunteer.id:
        raise NotFound(f"no absence {absence_id} for this volunteer")
    db.session.delete(absence)
    _changed(volunteer, "absence_removed", [_period(absence), None], user_id)
