"""GDPR requests: export everything stored about one person (erasing is web.services.erasure)."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import and_, inspect, or_, select

from web.db import db
from web.models import (
    Assignment,
    AuditEvent,
    HelpRequest,
    PairingBlock,
    Resident,
    SmsMessage,
    Volunteer,
)
from web.services import audit
from web.services.scoping import owned


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return value


def _row(record: Any) -> dict[str, Any]:
    return {c.key: _plain(getattr(record, c.key)) for c in inspect(type(record)).column_attrs}


def _rows(records: Any) -> list[dict[str, Any]]:
    return [_row(r) for r in records]


def own_messages(person: Resident | Volunteer, *, unfiled: bool = False) -> list[SmsMessage]:
    """The SMS to or from one person, in their organisation only.

    A message belongs to the person it names (``resident_id``/``volunteer_id``).
    Only a message that names nobody is matched by number, and only inside the
    person's organisation: a care home's landline may be another organisation's
    resident or volunteer too. ``unfiled`` adds messages no organisation
    received (an unknown sender) from the person's number, for erasure.
    """
    named = (
        SmsMessage.resident_id == person.id
        if isinstance(person, Resident)
        else SmsMessage.volunteer_id == person.id
    )
    numbers = [person.phone] if person.phone else []
    by_number = and_(
        SmsMessage.resident_id.is_(None),
        SmsMessage.volunteer_id.is_(None),
        or_(SmsMessage.to_number.in_(numbers), SmsMessage.from_number.in_(numbers)),
    )
    organisation = SmsMessage.organisation_id == person.organisation_id
    if unfiled:
        organisation = or_(organisation, SmsMessage.organisation_id.is_(None))
    return list(
        db.session.scalars(
            select(SmsMessage)
            .where(
                or_(
                    named & (SmsMessage.organisation_id == person.organisation_id),
                    organisation & by_number,
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
        "sms_messages": _rows(own_messages(resident)),
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
        "sms_messages": _rows(own_messages(volunteer)),
        "audit_events": _rows(_audit_trail("volunteers", volunteer.id)),
    }
    audit.record("exported", volunteer, actor="user", user_id=user_id)
    db.session.commit()
    return export
