"""Offers by SMS and what follows them: accept, decline, cancel, check-in, the task's end.

Each function changes an assignment through assignment_states.move(), queues
the SMS that must follow in the same transaction, and settles the request's
status (request_states.settle); the caller commits.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select

from notifications import messages, new_short_code
from web.db import db
from web.models import Assignment, Resident, SmsMessage, Volunteer
from web.services import audit, request_states
from web.services.assignment_states import move
from web.services.errors import InvalidInput
from web.services.outbox import current_settings, queue_sms, withdraw

# An offer or cancellation for a task this close may break the quiet hours.
URGENT_WITHIN = timedelta(hours=12)
# A code stays this volunteer's for this long, so a late "JA K7" never answers a newer offer.
CODE_MEMORY = timedelta(days=30)


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


def send_offer(assignment: Assignment, now: datetime) -> SmsMessage:
    """Offer a confirmed assignment to its volunteer: status offered, SMS with a short code.

    Refuses (InvalidInput on ``volunteer``) when the volunteer cannot get SMS,
    so the coordinator is told instead of the offer vanishing. Returns the
    queued SMS, whose ``next_attempt_at`` says when it goes (quiet hours).
    """
    volunteer = assignment.volunteer
    if not can_text(volunteer):
        raise InvalidInput({"volunteer": [_why_no_sms(volunteer)]})
    move(assignment, "offered", now)
    assignment.short_code = _fresh_code(volunteer, assignment, now)
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
    message = _to_volunteer(assignment, "offer", body, now)
    audit.record("offered", assignment, actor="system", changes={"code": assignment.short_code})
    request_states.settle(assignment.request)
    return message


def _fresh_code(volunteer: Volunteer, assignment: Assignment, now: datetime) -> str:
    """A code none of this volunteer's recent offers had; the volunteer row is locked meanwhile."""
    db.session.execute(select(Volunteer.id).where(Volunteer.id == volunteer.id).with_for_update())
    recent = db.session.scalars(
        select(Assignment.short_code).where(
            Assignment.volunteer_id == volunteer.id,
            Assignment.id != assignment.id,
            Assignment.short_code.is_not(None),
            Assignment.offered_at >= now - CODE_MEMORY,
        )
    ).all()
    return new_short_code([code for code in recent if code])


def accept(assignment: Assignment, now: datetime) -> str:
    """The volunteer said yes: accepted, the resident told; the reply text."""
    move(assignment, "accepted", now)
    request = assignment.request
    request_states.settle(request)
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
    if request.status in {"cancelled", "completed", "missed"}:
        return True
    return _accepted_count(request.id) >= request.volunteers_needed


def decline(assignment: Assignment, now: datetime) -> None:
    """The volunteer said no: declined, and the seat goes back to matching.

    The declined assignment itself is the record that excludes this
    volunteer from the next round for this request.
    """
    move(assignment, "declined", now)
    request_states.settle(assignment.request)
    audit.record("declined", assignment, actor="sms")


def expire(assignment: Assignment, now: datetime) -> None:
    """An offer got no answer in time: expired, the volunteer thanked, the seat re-planned."""
    move(assignment, "expired", now)
    _take_back(assignment, "offer_expired", now)
    request_states.settle(assignment.request)
    audit.record("expired", assignment, actor="system")


def cancel_assignment(assignment: Assignment, now: datetime, *, user_id: int | None = None) -> None:
    """Cancel an assignment and tell whoever knew of it.

    An offer not yet sent is withdrawn from the outbox, one already sent is
    followed by "no longer open"; an accepted task is cancelled by SMS to the
    volunteer and the resident.
    """
    was = assignment.status
    move(assignment, "cancelled", now)
    audit.record("cancelled", assignment, actor="user" if user_id else "system", user_id=user_id)
    if was in {"confirmed", "offered"}:
        _take_back(assignment, "offer_withdrawn", now)
    elif was == "accepted":
        _tell_cancelled(assignment, now)
    request_states.settle(assignment.request)


def _take_back(assignment: Assignment, kind: str, now: datetime) -> None:
    """Withdraw an offer still in the outbox, or tell the volunteer it is no longer open."""
    if withdraw(f"assignment:{assignment.id}:offer", now):
        return
    volunteer = assignment.volunteer
    if can_text(volunteer) and assignment.short_code:
        body = messages.offer_expired(language=volunteer.sms_language, code=assignment.short_code)
        _to_volunteer(assignment, kind, body, now, urgent=False)


def _tell_cancelled(assignment: Assignment, now: datetime) -> None:
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


def ends_at(assignment: Assignment) -> datetime:
    """When the task is over."""
    return assignment.starts_at + timedelta(minutes=assignment.request.duration_minutes)


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
        if ends_at(assignment) > now or not can_text(assignment.volunteer):
            continue
        body = messages.check_in(
            language=assignment.volunteer.sms_language,
            resident_name=assignment.request.resident.first_name,
        )
        _to_volunteer(assignment, "check_in", body, now, urgent=False)
        queued += 1
    db.session.commit()
    return queued


def complete(
    assignment: Assignment,
    now: datetime,
    *,
    actor: str = "sms",
    user_id: int | None = None,
    presumed: bool = False,
) -> None:
    """The task happened: the volunteer's OK, the coordinator, or presumed by the clock.

    A presumed completion that the volunteer or coordinator then confirms
    only loses its "presumed" mark.
    """
    if assignment.status == "completed":
        if assignment.presumed and not presumed:
            assignment.presumed = False
            audit.record("confirmed_done", assignment, actor=actor, user_id=user_id)
        return
    if assignment.status != "accepted" or assignment.starts_at > now:
        raise InvalidInput({"status": ["only an accepted task that has started can be done"]})
    move(assignment, "completed", now)
    assignment.presumed = presumed
    request_states.settle(assignment.request)
    audit.record("completed", assignment, actor=actor, user_id=user_id, changes=_presumed(presumed))


def mark_no_show(assignment: Assignment, now: datetime, *, user_id: int) -> None:
    """The coordinator learned that the volunteer did not come."""
    if assignment.starts_at > now:
        raise InvalidInput({"status": ["a task that has not started cannot be a no-show"]})
    move(assignment, "no_show", now)
    assignment.presumed = False
    request_states.settle(assignment.request)
    audit.record("no_show", assignment, actor="user", user_id=user_id)


def presume_completed(now: datetime, grace: timedelta) -> int:
    """Complete accepted tasks that ended ``grace`` ago without an answer; commits; how many."""
    candidates = db.session.scalars(
        select(Assignment)
        .where(Assignment.status == "accepted", Assignment.starts_at <= now - grace)
        .order_by(Assignment.id)
    ).all()
    done = 0
    for assignment in candidates:
        if ends_at(assignment) + grace <= now:
            complete(assignment, now, actor="system", presumed=True)
            done += 1
    db.session.commit()
    return done


def _presumed(presumed: bool) -> dict[str, bool]:
    return {"presumed": True} if presumed else {}


def _accepted_count(request_id: int) -> int:
    count = db.session.scalar(
        select(func.count())
        .select_from(Assignment)
        .where(Assignment.request_id == request_id, Assignment.status == "accepted")
    )
    return int(count or 0)


def _urgent(assignment: Assignment, now: datetime) -> bool:
    return assignment.starts_at - now <= URGENT_WITHIN


def _to_volunteer(
    assignment: Assignment, kind: str, body: str, now: datetime, *, urgent: bool | None = None
) -> SmsMessage:
    volunteer = assignment.volunteer
    return queue_sms(
        to=volunteer.phone,
        body=body,
        kind=kind,
        key=f"assignment:{assignment.id}:{kind}",
        now=now,
        organisation_id=volunteer.organisation_id,
        language=volunteer.sms_language,
        urgent=_urgent(assignment, now) if urgent is None else urgent,
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
