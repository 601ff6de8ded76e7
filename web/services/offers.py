"""Offers by SMS and what follows them: accept, decline, cancel, check-in.

Each function changes an assignment through assignment_states.move() and
queues the matching SMS in the same transaction; the caller commits.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select

from notifications import messages, new_short_code
from web.db import db
from web.models import Assignment, Resident, SmsMessage, Volunteer
from web.services import audit
from web.services.assignment_states import move
from web.services.errors import InvalidInput
from web.services.outbox import current_settings, queue_sms

# An offer or cancellation for a task this close may break the quiet hours.
URGENT_WITHIN = timedelta(hours=12)


def can_text(volunteer: Volunteer) -> bool:
    """Whether the volunteer may get SMS at all (not opted out, number works)."""
    return not volunteer.sms_opt_out and not volunteer.phone_invalid and volunteer.active


def _why_no_sms(volunteer: Volunteer) -> str:
    if volunteer.sms_opt_out:
        return "this volunteer asked for no more SMS (STOP); call them instead"
    if volunteer.phone_invalid:
        return "this volunteer's number cannot get SMS; check the number"
    return "this volunteer is not active"


def resident_can_text(resident: Resident) -> bool:
    """Whether the resident has a number and agreed to get SMS."""
    return bool(resident.phone) and resident.sms_consent and resident.erased_at is None


def send_offer(assignment: Assignment, now: datetime) -> None:
    """Offer a confirmed assignment to its volunteer: status offered, SMS with a short code.

    Refuses (InvalidInput on ``volunteer``) when the volunteer cannot get SMS,
    so the coordinator is told instead of the offer vanishing.
    """
    volunteer = assignment.volunteer
    if not can_text(volunteer):
        raise InvalidInput({"volunteer": [_why_no_sms(volunteer)]})
    move(assignment, "offered", now)
    taken = db.session.scalars(
        select(Assignment.short_code).where(
            Assignment.volunteer_id == volunteer.id,
            Assignment.status == "offered",
            Assignment.id != assignment.id,
            Assignment.short_code.is_not(None),
        )
    ).all()
    assignment.short_code = new_short_code([code for code in taken if code])
    resident = assignment.request.resident
    body = messages.offer(
        language=volunteer.sms_language,
        resident_name=resident.first_name,
        street=resident.street,
        start=assignment.starts_at,
        skill=assignment.request.skill,
        code=assignment.short_code,
        timezone=current_settings().timezone,
    )
    _to_volunteer(assignment, "offer", body, now)
    audit.record("offered", assignment, actor="system", changes={"code": assignment.short_code})


def accept(assignment: Assignment, now: datetime) -> str:
    """The volunteer said yes: accepted, request arranged when full; the reply text."""
    move(assignment, "accepted", now)
    request = assignment.request
    if _accepted_count(request.id) >= request.volunteers_needed and request.status != "cancelled":
        request.status = "arranged"
    resident = request.resident
    volunteer = assignment.volunteer
    zone = current_settings().timezone
    if resident_can_text(resident):
        _to_resident(
            assignment,
            "resident_confirmation",
            messages.resident_confirmation(
                language=_resident_language(resident),
                volunteer_name=volunteer.first_name,
                start=assignment.starts_at,
                timezone=zone,
            ),
            now,
        )
    audit.record("accepted", assignment, actor="sms")
    return messages.confirmation(
        language=volunteer.sms_language,
        resident_name=resident.first_name,
        street=resident.street,
        start=assignment.starts_at,
        timezone=zone,
    )


def already_filled(assignment: Assignment) -> bool:
    """Whether other volunteers took every place of this assignment's request."""
    request = assignment.request
    if request.status in {"cancelled", "completed"}:
        return True
    return _accepted_count(request.id) >= request.volunteers_needed


def decline(assignment: Assignment, now: datetime) -> None:
    """The volunteer said no: declined, and the request goes back to matching.

    The declined assignment itself is the record that excludes this
    volunteer from the next round for this request.
    """
    move(assignment, "declined", now)
    request = assignment.request
    if request.status not in {"cancelled", "completed"}:
        request.status = "open"
    audit.record("declined", assignment, actor="sms")


def cancel_assignment(assignment: Assignment, now: datetime, *, user_id: int | None = None) -> None:
    """Cancel an assignment; an accepted one is cancelled by SMS to volunteer and resident."""
    was_accepted = assignment.status == "accepted"
    move(assignment, "cancelled", now)
    audit.record("cancelled", assignment, actor="user" if user_id else "system", user_id=user_id)
    if not was_accepted:
        return
    resident = assignment.request.resident
    volunteer = assignment.volunteer
    zone = current_settings().timezone
    if can_text(volunteer):
        body = messages.cancellation(
            language=volunteer.sms_language,
            # An erased resident is named to nobody, not even the volunteer.
            resident_name="" if resident.erased_at else resident.first_name,
            start=assignment.starts_at,
            timezone=zone,
        )
        _to_volunteer(assignment, "cancellation", body, now)
    if resident_can_text(resident):
        body = messages.resident_cancellation(
            language=_resident_language(resident), start=assignment.starts_at, timezone=zone
        )
        _to_resident(assignment, "resident_cancellation", body, now)


def queue_check_ins(now: datetime) -> int:
    """Ask each volunteer whose task is over how it went (once per assignment); commits."""
    asked = select(SmsMessage.id).where(
        SmsMessage.assignment_id == Assignment.id, SmsMessage.kind == "check_in"
    )
    due = db.session.scalars(
        select(Assignment).where(
            Assignment.status == "accepted", Assignment.starts_at <= now, ~asked.exists()
        )
    ).all()
    queued = 0
    for assignment in due:
        # Durations differ per request, so the end is checked here, not in SQL.
        if assignment.starts_at + timedelta(minutes=assignment.request.duration_minutes) > now:
            continue
        if not can_text(assignment.volunteer):
            continue
        body = messages.check_in(
            language=assignment.volunteer.sms_language,
            resident_name=assignment.request.resident.first_name,
        )
        _to_volunteer(assignment, "check_in", body, now)
        queued += 1
    db.session.commit()
    return queued


def complete(assignment: Assignment, now: datetime) -> None:
    """The volunteer answered OK to the check-in: the assignment is completed."""
    move(assignment, "completed", now)
    request = assignment.request
    if not _accepted_count(request.id) and request.status == "arranged":
        request.status = "completed"
    audit.record("completed", assignment, actor="sms")


def _accepted_count(request_id: int) -> int:
    count = db.session.scalar(
        select(func.count())
        .select_from(Assignment)
        .where(Assignment.request_id == request_id, Assignment.status == "accepted")
    )
    return int(count or 0)


def _urgent(assignment: Assignment, now: datetime) -> bool:
    return assignment.starts_at - now <= URGENT_WITHIN


def _to_volunteer(assignment: Assignment, kind: str, body: str, now: datetime) -> SmsMessage:
    volunteer = assignment.volunteer
    return queue_sms(
        to=volunteer.phone,
        body=body,
        kind=kind,
        key=f"assignment:{assignment.id}:{kind}",
        now=now,
        organisation_id=volunteer.organisation_id,
        language=volunteer.sms_language,
        urgent=kind != "check_in" and _urgent(assignment, now),
        assignment_id=assignment.id,
        volunteer_id=volunteer.id,
    )


def _to_resident(assignment: Assignment, kind: str, body: str, now: datetime) -> None:
    resident = assignment.request.resident
    queue_sms(
        to=resident.phone or "",
        body=body,
        kind=kind,
        key=f"assignment:{assignment.id}:{kind}",
        now=now,
        organisation_id=resident.organisation_id,
        language=_resident_language(resident),
        urgent=_urgent(assignment, now),
        assignment_id=assignment.id,
        resident_id=resident.id,
    )


def _resident_language(resident: Resident) -> str:
    return messages.pick_language(resident.languages)
