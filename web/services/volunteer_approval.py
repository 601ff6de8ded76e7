"""Approving a volunteer who signed up, or pausing one: active volunteers get offers."""

from __future__ import annotations

from web.db import db, utcnow
from web.models import Volunteer
from web.services import audit
from web.services.scoping import owned
from web.services.versions import check_version


def set_volunteer_active(
    organisation_id: int,
    volunteer_id: int,
    active: bool,
    *,
    version: int,
    user_id: int | None = None,
) -> Volunteer:
    """Make a volunteer active (approved) or not; a stale version changes nothing."""
    volunteer = owned(Volunteer, organisation_id, volunteer_id, for_update=True)
    check_version(volunteer, version)
    if volunteer.active != active:
        volunteer.active = active
        volunteer.updated_at = utcnow()
        audit.record(
            "approved" if active else "paused",
            volunteer,
            actor="user" if user_id else "system",
            user_id=user_id,
            changes={"active": [not active, active]},
        )
        db.session.commit()
    return volunteer
