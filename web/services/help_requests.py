"""Filing help requests."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from web.db import db, utcnow
from web.models import HelpRequest, Resident
from web.schemas import load_or_refuse
from web.schemas.help_request import HelpRequestInput
from web.services import audit
from web.services.errors import InvalidInput
from web.services.places import UnknownPlace, locate


def refuse_the_past(window: Mapping[str, datetime], duration_minutes: int, now: datetime) -> None:
    """Refuse a window that can no longer hold the help (InvalidInput on ``window.end``)."""
    if window["end"] - timedelta(minutes=duration_minutes) < now:
        raise InvalidInput({"window.end": ["is already over"]})


def create_help_request(
    organisation_id: int,
    data: Mapping[str, Any],
    *,
    user_id: int | None = None,
    commit: bool = True,
    now: datetime | None = None,
) -> HelpRequest:
    """File a request for a resident of this organisation; refuse bad input, writing nothing.

    A window already over is refused. With `commit=False` the caller commits
    (e.g. together with a new resident).
    """
    fields = load_or_refuse(HelpRequestInput(), data)
    resident = db.session.get(Resident, fields["resident_id"])
    if resident is None or resident.organisation_id != organisation_id:
        raise InvalidInput({"resident_id": ["no such resident in your organisation"]})
    refuse_the_past(fields["window"], fields["duration_minutes"], now or utcnow())
    window = fields.pop("window")
    destination = fields.pop("destination")
    request = HelpRequest(
        organisation_id=organisation_id,
        window_start=window["start"],
        window_end=window["end"],
        status="open",
        **fields,
    )
    if destination is not None:
        try:
            place = locate(destination["postcode"], destination["street"])
        except UnknownPlace as error:
            raise InvalidInput({f"destination.{error.field}": [str(error)]}) from None
        request.destination_postcode = place.postcode
        request.destination_street = place.street
        request.destination_lat = place.lat
        request.destination_lon = place.lon
    db.session.add(request)
    audit.record("created", request, actor="user" if user_id else "system", user_id=user_id)
    if commit:
        db.session.commit()
    return request
