"""GDPR requests: export everything about one person, or erase them but keep the statistics."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import inspect, or_, select

from web.db import db, utcnow
from web.models import (
    Assignment,
    AuditEvent,
    HelpRequest,
    PairingBlock,
    Resident,
    SmsMessage,
    Volunteer,
)
from web.models.vocabulary import ACTIVE_ASSIGNMENT_STATUSES
from web.services import audit
from web.services.offers import cancel_assignment
from web.services.places import localities
from web.services.request_updates import EDITABLE_STATUSES, cancel_help_request
from web.services.scoping import owned

ERASED = "[erased]"


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return value


def _row(record: Any) -> dict[str, Any]:
    return {c.key: _plain(getattr(record, c.key)) for c in inspect(type(record)).column_attrs}


def _rows(records: Any) -> list[dict[str, Any]]:
    return [_row(r) for r in records]


def _messages(person: Resident | Volunteer, column: Any) -> list[SmsMessage]:
    numbers = [person.phone] if person.phone else []
    return list(
        db.session.scalars(
            select(SmsMessage)
            .where(
                or_(
                    column == person.id,
                    SmsMessage.to_number.in_(numbers),
                    SmsMessage.from_number.in_(numbers),
                )
            )
            .order_by(SmsMessage.id)
        )
    )


def _audit_trail(entity_type: str, entity_id: int) -> list[AuditEvent]:
    return list(
        db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.entity_type == entity_type, AuditEvent.entity_id == entity_id)
            .order_by(AuditEvent.id)
        )
    )


def export_resident(
    organisation_id: int, resident_id: int, *, user_id: int | None
) -> dict[str, Any]:
    """Everything stored about one resident, as JSON-ready data; the export is audited."""
    resident = owned(Resident, organisation_id, resident_id)
    requests = db.session.scalars(
        select(HelpRequest).where(HelpRequest.resident_id == resident.id).order_by(HelpRequest.id)
    ).all()
    assignments = db.session.scalars(
        select(Assignment).where(Assignment.request_id.in_([r.id for r in requests]))
    ).all()
    export = {
        "resident": _row(resident),
        "help_requests": _rows(requests),
        "assignments": _rows(assignments),
        "sms_messages": _rows(_messages(resident, SmsMessage.resident_id)),
        "audit_events": _rows(_audit_trail("residents", resident.id)),
    }
    audit.record("exported", resident, actor="user", user_id=user_id)
    db.session.commit()
    return export


def export_volunteer(
    organisation_id: int, volunteer_id: int, *, user_id: int | None
) -> dict[str, Any]:
    """Everything stored about one volunteer, as JSON-ready data; the export is audited."""
    volunteer = owned(Volunteer, organisation_id, volunteer_id)
    export = {
        "volunteer": _row(volunteer),
        "availability": _rows(volunteer.availability),
        "absences": _rows(volunteer.absences),
        "pairing_blocks": _rows(
            db.session.scalars(
                select(PairingBlock).where(PairingBlock.volunteer_id == volunteer.id)
            )
        ),
        "assignments": _rows(
            db.session.scalars(
                select(Assignment)
                .where(Assignment.volunteer_id == volunteer.id)
                .order_by(Assignment.id)
            )
        ),
        "sms_messages": _rows(_messages(volunteer, SmsMessage.volunteer_id)),
        "audit_events": _rows(_audit_trail("volunteers", volunteer.id)),
    }
    audit.record("exported", volunteer, actor="user", user_id=user_id)
    db.session.commit()
    return export


def _forget_place(person: Resident | Volunteer) -> None:
    """Keep only the postcode (and its locality's point) for the neighbourhood statistics."""
    locality = localities().get(person.postcode)
    person.street, person.house_number = "", None
    if locality is not None:
        person.lat, person.lon = locality.lat, locality.lon


def _forget_messages(messages: list[SmsMessage]) -> None:
    for message in messages:
        message.body = ERASED
        message.to_number = ERASED
        message.from_number = ERASED if message.from_number else None


def erase_resident(
    organisation_id: int, resident_id: int, *, user_id: int | None, actor: str = "user"
) -> None:
    """Anonymise a resident; their requests stay (without description) for the statistics."""
    resident = owned(Resident, organisation_id, resident_id, for_update=True)
    _forget_messages(_messages(resident, SmsMessage.resident_id))
    for request in db.session.scalars(
        select(HelpRequest).where(HelpRequest.resident_id == resident.id)
    ):
        if request.status in EDITABLE_STATUSES:
            cancel_help_request(request, user_id=user_id)
        request.description = ""
        request.destination_street = None
    _forget_place(resident)
    resident.first_name, resident.last_name = ERASED, ERASED
    resident.phone, resident.sms_consent, resident.notes = None, False, None
    resident.languages, resident.preferred_gender, resident.consent_date = [], None, None
    resident.erased_at = utcnow()
    audit.record("erased", resident, actor=actor, user_id=user_id)
    db.session.commit()


def erase_volunteer(organisation_id: int, volunteer_id: int, *, user_id: int | None) -> None:
    """Anonymise a volunteer; their finished assignments stay for the statistics."""
    volunteer = owned(Volunteer, organisation_id, volunteer_id, for_update=True)
    _forget_messages(_messages(volunteer, SmsMessage.volunteer_id))
    now = utcnow()
    live = select(Assignment).where(
        Assignment.volunteer_id == volunteer.id,
        Assignment.status.in_(ACTIVE_ASSIGNMENT_STATUSES),
    )
    for assignment in db.session.scalars(live):
        cancel_assignment(assignment, now, user_id=user_id)
    _forget_place(volunteer)
    volunteer.first_name, volunteer.last_name = ERASED, ERASED
    # The column is unique and required; this placeholder can never match an incoming SMS.
    volunteer.phone = f"erased-{volunteer.id}"
    volunteer.phone_invalid, volunteer.sms_opt_out, volunteer.active = True, True, False
    volunteer.languages, volunteer.gender, volunteer.consent_date = [], None, None
    volunteer.availability.clear()
    volunteer.absences.clear()
    volunteer.erased_at = now
    audit.record("erased", volunteer, actor="user", user_id=user_id)
    db.session.commit()
