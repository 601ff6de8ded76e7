"""An SMS that arrives: who sent it, what it means, and what it changes.

Read per CONTRACTS.md "SMS replies". The inbound row and every change it
causes commit together; the same MessageSid twice changes nothing the
second time. Numbers we do not know change nothing at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from notifications import (
    Accept,
    Decline,
    Help,
    Ok,
    OptIn,
    OptOut,
    Reply,
    messages,
    parse_reply,
)
from web.db import db
from web.models import Assignment, Resident, Signal, SmsMessage, Volunteer
from web.services import audit, offers

# A free-text answer this long after a check-in is no longer read as its answer.
CHECK_IN_ANSWER_WINDOW = timedelta(days=3)
# An answer that loses a race is read again; a third loss in a row is a real fault.
ANSWER_ATTEMPTS = 3


@dataclass(frozen=True)
class InboundResult:
    """What an inbound SMS did: ``effect`` names it, ``reply`` is the text to answer."""

    effect: str
    reply: str | None = None


def handle_inbound(
    from_number: str, to_number: str, body: str, provider_sid: str, now: datetime
) -> InboundResult:
    """Store an inbound SMS, act on it and return the reply to send; commits.

    De-duplication is the unique provider_sid: a repeated MessageSid fails at
    commit, so its effects are rolled back and it gets no reply. An answer
    that races another change of the same offer (its expiry, a coordinator's
    cancel) is read again against the state that won, so it is never lost.
    """
    for attempt in range(ANSWER_ATTEMPTS):
        try:
            return _handle(from_number, to_number, body, provider_sid, now)
        except StaleDataError:
            db.session.rollback()
            if attempt + 1 == ANSWER_ATTEMPTS:
                raise
    raise AssertionError("unreachable")


def _handle(
    from_number: str, to_number: str, body: str, provider_sid: str, now: datetime
) -> InboundResult:
    volunteer = db.session.scalar(select(Volunteer).where(Volunteer.phone == from_number))
    resident = None
    if volunteer is None:
        resident = db.session.scalars(
            select(Resident)
            .where(Resident.phone == from_number, Resident.erased_at.is_(None))
            .order_by(Resident.id)
        ).first()
    known = volunteer or resident
    inbound = SmsMessage(
        direction="inbound",
        kind="reply",
        provider_sid=provider_sid,
        to_number=to_number,
        from_number=from_number,
        body=body,
        status="received",
        attempts=0,
        organisation_id=known.organisation_id if known is not None else None,
        volunteer_id=volunteer.id if volunteer else None,
        resident_id=resident.id if resident else None,
    )
    db.session.add(inbound)
    try:
        result = _act(volunteer, resident, inbound, now)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        if db.session.scalar(select(SmsMessage.id).where(SmsMessage.provider_sid == provider_sid)):
            # A retry of a message already handled: this attempt's effects are gone.
            return InboundResult("duplicate")
        raise
    return result


def _act(
    volunteer: Volunteer | None, resident: Resident | None, inbound: SmsMessage, now: datetime
) -> InboundResult:
    if volunteer is not None:
        result = _from_volunteer(volunteer, inbound, parse_reply(inbound.body), now)
    elif resident is not None:
        inbound.kind = "request_draft"  # a known resident asking: the coordinator files it
        result = InboundResult("request_draft")
    else:
        inbound.kind = "unknown_sender"
        result = InboundResult("unknown_sender")
    if result.reply is not None:
        _log_reply(inbound, result.reply, now)
    return result


def _from_volunteer(
    volunteer: Volunteer, inbound: SmsMessage, reply: Reply, now: datetime
) -> InboundResult:
    language = volunteer.sms_language
    if isinstance(reply, OptOut):
        volunteer.sms_opt_out = True
        inbound.kind = "opt_out"
        audit.record("sms_opted_out", volunteer, actor="sms")
        return InboundResult("opted_out", messages.opt_out_confirmation(language=language))
    if isinstance(reply, OptIn):
        volunteer.sms_opt_out = False
        inbound.kind = "opt_in"
        audit.record("sms_opted_in", volunteer, actor="sms")
        return InboundResult("opted_in", messages.opt_in_confirmation(language=language))
    if isinstance(reply, Help):
        inbound.kind = "help"
        return InboundResult("help", messages.help_text(language=language))
    if isinstance(reply, Accept | Decline):
        return _answer(volunteer, inbound, reply, now)
    if isinstance(reply, Ok):
        checked = _checked_in(volunteer, now)
        if checked is not None:
            inbound.kind = "check_in_ok"
            inbound.assignment_id = checked.id
            offers.complete(checked, now)
            return InboundResult("completed")
    return _free_text(volunteer, inbound, now)


def _answer(
    volunteer: Volunteer, inbound: SmsMessage, reply: Accept | Decline, now: datetime
) -> InboundResult:
    language = volunteer.sms_language
    open_offers = db.session.scalars(
        select(Assignment)
        .where(Assignment.volunteer_id == volunteer.id, Assignment.status == "offered")
        .order_by(Assignment.offered_at.desc(), Assignment.id.desc())
    ).all()
    if reply.code is not None:
        chosen = [a for a in open_offers if (a.short_code or "").upper() == reply.code]
        if not chosen:
            inbound.kind = "late_answer"
            return InboundResult(
                "offer_not_open", messages.offer_expired(language=language, code=reply.code)
            )
    elif len(open_offers) == 1:
        chosen = list(open_offers)
    elif not open_offers:
        return _free_text(volunteer, inbound, now)
    else:
        inbound.kind = "answer_without_code"
        return InboundResult("needs_code", messages.help_text(language=language))
    assignment = chosen[0]
    inbound.assignment_id = assignment.id
    if isinstance(reply, Accept) and offers.already_filled(assignment):
        inbound.kind = "late_answer"
        offers.cancel_assignment(assignment, now)
        return InboundResult(
            "already_taken",
            messages.already_taken(
                language=language,
                resident_name=assignment.request.resident.first_name,
                code=assignment.short_code or "",
            ),
        )
    if isinstance(reply, Accept):
        inbound.kind = "accept"
        return InboundResult("accepted", offers.accept(assignment, now))
    inbound.kind = "decline"
    offers.decline(assignment, now)
    return InboundResult("declined")


def _free_text(volunteer: Volunteer, inbound: SmsMessage, now: datetime) -> InboundResult:
    """Anything else goes to the coordinator; right after a check-in it is a signal."""
    language = volunteer.sms_language
    checked = _checked_in(volunteer, now)
    if checked is None:
        inbound.kind = "free_text"
        return InboundResult("to_coordinator", messages.passed_on(language=language))
    inbound.kind = "check_in_signal"
    inbound.assignment_id = checked.id
    db.session.add(
        Signal(
            organisation_id=volunteer.organisation_id,
            volunteer_id=volunteer.id,
            resident_id=checked.request.resident_id,
            assignment_id=checked.id,
            sms_message_id=inbound.id,
            body=inbound.body.strip() or "?",
            status="new",
        )
    )
    return InboundResult("signal", messages.passed_on(language=language))


def _checked_in(volunteer: Volunteer, now: datetime) -> Assignment | None:
    """The task this volunteer was last asked about, if recently, and not yet answered.

    A task the clock presumed done still takes its answer: OK confirms it,
    anything else is a signal about the resident.
    """
    found: Assignment | None = db.session.scalars(
        select(Assignment)
        .join(SmsMessage, SmsMessage.assignment_id == Assignment.id)
        .where(
            SmsMessage.volunteer_id == volunteer.id,
            SmsMessage.kind == "check_in",
            SmsMessage.direction == "outbound",
            SmsMessage.sent_at >= now - CHECK_IN_ANSWER_WINDOW,
            (Assignment.status == "accepted")
            | ((Assignment.status == "completed") & Assignment.presumed.is_(True)),
        )
        .order_by(SmsMessage.sent_at.desc())
        .limit(1)
    ).first()
    return found


def _log_reply(inbound: SmsMessage, text: str, now: datetime) -> None:
    """Keep the answer sent back in the reply (TwiML) in the message log."""
    db.session.add(
        SmsMessage(
            direction="outbound",
            kind="reply",
            idempotency_key=f"reply:{inbound.provider_sid}",
            to_number=inbound.from_number or "",
            from_number=inbound.to_number,
            body=text,
            status="sent",
            attempts=1,
            sent_at=now,
            organisation_id=inbound.organisation_id,
            volunteer_id=inbound.volunteer_id,
            assignment_id=inbound.assignment_id,
        )
    )
