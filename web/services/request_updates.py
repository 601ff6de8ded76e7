"""Changing and cancelling help requests."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select

from web.db import db, utcnow
from web.models import Assignment, HelpRequest, Resident
from web.models.vocabulary import ACTIVE_ASSIGNMENT_STATUSES
from web.schemas import load_or_refuse
from web.schemas.help_request import HelpRequestInput
from web.services import audit, request_states
from web.services.errors import InvalidInput
from web.services.help_requests import refuse_the_past
from web.services.offers import cancel_assignment
from web.services.places import UnknownPlace, locate
from web.services.scoping import owned
from web.services.versions import check_version

# Requests whose fields may change: nobody has been asked yet.
EDITABLE_STATUSES = ("new", "open", "proposed", "unfilled")


def _as_input(request: HelpRequest) -> dict[str, Any]:
    names = set(HelpRequestInput().fields) - {"window", "destination"}
    values: dict[str, Any] = {name: getattr(request, name) for name in names}
    values["window"] = {
        "start": request.window_start.isoformat(),
        "end": request.window_end.isoformat(),
    }
    values["destination"] = (
        None
        if request.destination_postcode is None
        else {"postcode": request.destination_postcode, "street": request.destination_street}
    )
    return values


def cancel_help_request(
    request: HelpRequest, *, user_id: int | None = None, reason: str | None = None
) -> None:
    """Cancel a request and every live assignment for it (the caller commits).

    Each volunteer who knew of it is told (see offers.cancel_assignment).
    """
    if "cancelled" not in request_states.DECISIONS.get(request.status, frozenset()):
        raise InvalidInput({"status": [f"a request that is {request.status} cannot be cancelled"]})
    now = utcnow()
    live = db.session.scalars(
        select(Assignment).where(
            Assignment.request_id == request.id,
            Assignment.status.in_(ACTIVE_ASSIGNMENT_STATUSES),
        )
    )
    for assignment in live:
        cancel_assignment(assignment, now, user_id=user_id)
    request_states.move(request, "cancelled", reason=reason)
    audit.record("cancelled", request, actor="user", user_id=user_id, changes=_why(reason))


def _why(reason: str | None) -> dict[str, str]:
    return {"reason": reason} if reason else {}


def _drop_drafts(request: HelpRequest) -> None:
    """Proposals made for the old fields no longer hold: the request is planned anew."""
    for draft in db.session.scalars(
        select(Assignment).where(
            Assignment.request_id == request.id, Assignment.status == "proposed"
        )
    ):
        db.session.delete(draft)
    db.session.flush()
    request_states.settle(request)


def update_help_request(
    organisation_id: int,
    request_id: int,
    patch: Mapping[str, Any],
    *,
    version: int,
    user_id: int | None = None,
    now: datetime | None = None,
) -> HelpRequest:
    """Change a request's fields and/or cancel it (`"status": "cancelled"`); all or nothing.

    Fields change only while nobody has been asked; a new window must not be
    over already; proposals for the old fields are dropped.
    """
    request = owned(HelpRequest, organisation_id, request_id, for_update=True)
    check_version(request, version)
    changes = dict(patch)
    status = changes.pop("status", None)
    reason = changes.pop("reason", None)
    if status not in (None, "cancelled"):
        raise InvalidInput({"status": ["can only be set to cancelled"]})
    if request.status not in EDITABLE_STATUSES and changes:
        raise InvalidInput({"status": [f"a request that is {request.status} cannot be changed"]})
    fields = load_or_refuse(HelpRequestInput(), {**_as_input(request), **changes})
    if fields["resident_id"] != request.resident_id:
        resident = db.session.get(Resident, fields["resident_id"])
        if resident is None or resident.organisation_id != organisation_id:
            raise InvalidInput({"resident_id": ["no such resident in your organisation"]})
    if "window" in changes or "duration_minutes" in changes:
        refuse_the_past(fields["window"], fields["duration_minutes"], now or utcnow())
    window, destination = fields.pop("window"), fields.pop("destination")
    if "destination" in changes:
        place = None
        if destination is not None:
            try:
                place = locate(destination["postcode"], destination["street"])
            except UnknownPlace as error:
                raise InvalidInput({f"destination.{error.field}": [str(error)]}) from None
        request.destination_postcode = place.postcode if place else None
        request.destination_street = place.street if place else None
        request.destination_lat = place.lat if place else None
        request.destination_lon = place.lon if place else None
    request.window_start, request.window_end = window["start"], window["end"]
    for name, value in fields.items():
        setattr(request, name, value)
    if changes:
        audit.record(
            "updated", request, actor="user", user_id=user_id, changes={"fields": sorted(changes)}
        )
        if status is None:
            _drop_drafts(request)
    if status == "cancelled":
        cancel_help_request(request, user_id=user_id, reason=reason)
    db.session.commit()
    return request
