"""Erasing one person (on request or by retention): who they were goes, the counts stay.

What goes, and from where:
- the person's row: names, number, street (only the postcode's point stays), notes;
- their own SMS (web.services.privacy.own_messages, and messages nobody filed from
  their number): body and numbers; one still waiting is withdrawn, never sent;
- SMS about their tasks to the other person (an offer names the resident, a
  confirmation the volunteer): the body;
- signals by or about them, pairing blocks, absences, their requests' descriptions
  and destinations, and whatever people typed into their audit trail (proposals name
  the volunteers they passed over by id only, so no name hides there).
Live work is cancelled only after the names are gone, so the texts it queues
name nobody. Rows of other organisations are never touched.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, delete, or_, select

from web.db import db, utcnow
from web.models import (
    Assignment,
    AuditEvent,
    HelpRequest,
    PairingBlock,
    Resident,
    Signal,
    SmsMessage,
    Volunteer,
)
from web.models.vocabulary import ACTIVE_ASSIGNMENT_STATUSES
from web.services import audit, request_states
from web.services.offers import cancel_assignment
from web.services.places import localities
from web.services.privacy import own_messages
from web.services.request_updates import EDITABLE_STATUSES, cancel_help_request
from web.services.scoping import owned

ERASED = "[erased]"
WITHDRAWN = "withdrawn: the person was erased before it was sent"
# Audit changes under these keys are our own words (field names, vocabularies), not people's.
OUR_WORDS = frozenset({"fields", "filed_by"})


def erase_resident(
    organisation_id: int, resident_id: int, *, user_id: int | None, actor: str = "user"
) -> None:
    """Anonymise a resident; their requests stay (without description) for the statistics.

    Requests still to come are cancelled, arranged ones included; a volunteer
    who was going to help hears so without the resident's name.
    """
    resident = owned(Resident, organisation_id, resident_id, for_update=True)
    now = utcnow()
    requests = list(
        db.session.scalars(
            select(HelpRequest)
            .where(HelpRequest.resident_id == resident.id)
            .order_by(HelpRequest.id)
        )
    )
    tasks = _ids(select(Assignment.id).where(Assignment.request_id.in_([r.id for r in requests])))
    _forget_messages(resident, tasks, now, user_id)
    _forget_signals(Signal.resident_id == resident.id, tasks)
    db.session.execute(delete(PairingBlock).where(PairingBlock.resident_id == resident.id))
    _forget_typed_words("residents", [resident.id])
    _forget_typed_words("help_requests", [r.id for r in requests])
    _forget_place(resident)
    resident.first_name, resident.last_name = ERASED, ERASED
    resident.phone, resident.sms_consent, resident.notes = None, False, None
    resident.languages, resident.preferred_gender, resident.consent_date = [], None, None
    resident.erased_at = now
    for request in requests:
        cancellable = "cancelled" in request_states.DECISIONS.get(request.status, frozenset())
        if cancellable and (request.status in EDITABLE_STATUSES or request.window_end > now):
            cancel_help_request(request, user_id=user_id)
        request.description = ""
        _forget_destination(request)
    audit.record("erased", resident, actor=actor, user_id=user_id)
    db.session.commit()


def erase_volunteer(
    organisation_id: int, volunteer_id: int, *, user_id: int | None, actor: str = "user"
) -> None:
    """Anonymise a volunteer; their finished assignments stay for the statistics.

    Live assignments are cancelled; a resident who expected them is told
    without their name, and the volunteer gets no more SMS.
    """
    volunteer = owned(Volunteer, organisation_id, volunteer_id, for_update=True)
    now = utcnow()
    tasks = _ids(select(Assignment.id).where(Assignment.volunteer_id == volunteer.id))
    _forget_messages(volunteer, tasks, now, user_id)
    _forget_signals(Signal.volunteer_id == volunteer.id, tasks)
    db.session.execute(delete(PairingBlock).where(PairingBlock.volunteer_id == volunteer.id))
    _forget_typed_words("volunteers", [volunteer.id])
    _forget_place(volunteer)
    volunteer.first_name, volunteer.last_name = ERASED, ERASED
    # The column is unique and required; this placeholder can never match an incoming SMS.
    volunteer.phone = f"erased-{volunteer.id}"
    volunteer.phone_invalid, volunteer.sms_opt_out, volunteer.active = True, True, False
    volunteer.languages, volunteer.gender, volunteer.consent_date = [], None, None
    volunteer.availability.clear()
    volunteer.absences.clear()
    volunteer.erased_at = now
    live = select(Assignment).where(
        Assignment.volunteer_id == volunteer.id,
        Assignment.status.in_(ACTIVE_ASSIGNMENT_STATUSES),
    )
    for assignment in db.session.scalars(live).all():
        cancel_assignment(assignment, now, user_id=user_id)
    audit.record("erased", volunteer, actor=actor, user_id=user_id)
    db.session.commit()


def _ids(query: Any) -> list[int]:
    return list(db.session.scalars(query))


def _forget_messages(
    person: Resident | Volunteer, tasks: list[int], now: datetime, user_id: int | None
) -> None:
    """Scrub the person's own SMS, and the bodies of SMS about their tasks to others."""
    own = own_messages(person, unfiled=True)
    for message in own:
        message.to_number = ERASED
        message.from_number = ERASED if message.from_number else None
        message.error_message = None  # a provider's error may quote the number
    own_ids = {m.id for m in own}
    about = db.session.scalars(select(SmsMessage).where(SmsMessage.assignment_id.in_(tasks)))
    for message in [*own, *(m for m in about if m.id not in own_ids)]:
        message.body = ERASED
        if message.status == "pending":
            message.status, message.error_message = "withdrawn", WITHDRAWN
            message.handled_at, message.handled_by_id = now, user_id


def _forget_signals(by_or_about: ColumnElement[bool], tasks: list[int]) -> None:
    for signal in db.session.scalars(
        select(Signal).where(or_(by_or_about, Signal.assignment_id.in_(tasks)))
    ):
        signal.body = ERASED


def _forget_typed_words(entity_type: str, entity_ids: list[int]) -> None:
    """Keep the audit trail's shape (who did what, when) but not what people typed."""
    for event in db.session.scalars(
        select(AuditEvent).where(
            AuditEvent.entity_type == entity_type, AuditEvent.entity_id.in_(entity_ids)
        )
    ):
        event.changes = {
            key: value if key in OUR_WORDS else _scrubbed(value)
            for key, value in (event.changes or {}).items()
        }


def _scrubbed(value: Any) -> Any:
    if isinstance(value, str):
        return ERASED
    if isinstance(value, list):
        return [_scrubbed(v) for v in value]
    if isinstance(value, dict):
        return {k: _scrubbed(v) for k, v in value.items()}
    return value


def _forget_place(person: Resident | Volunteer) -> None:
    """Keep only the postcode (and its locality's point) for the neighbourhood statistics."""
    locality = localities().get(person.postcode)
    person.street, person.house_number = "", None
    if locality is not None:
        person.lat, person.lon = locality.lat, locality.lon


def _forget_destination(request: HelpRequest) -> None:
    """A ride's destination keeps its postcode (and that point, for the kilometres)."""
    request.destination_street = None
    if request.destination_lat is None:
        return
    locality = localities().get(request.destination_postcode or "")
    request.destination_lat = locality.lat if locality else None
    request.destination_lon = locality.lon if locality else None
