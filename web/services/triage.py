"""Triage: a coordinator looks at a new request from the public form or an SMS.

She takes it on (it joins the next matching round), turns it down with a
reason, or first links it to a resident already known (a request filed by a
neighbour for Mrs Peeters belongs with the Mrs Peeters the centre knows).
Editing and cancelling are web.services.request_updates.
"""

from __future__ import annotations

from sqlalchemy import func, or_, select

from web.db import db
from web.models import HelpRequest, PairingBlock, Resident, Signal, SmsMessage
from web.services import audit, request_states
from web.services.errors import InvalidInput
from web.services.matching import start_matching_run
from web.services.scoping import owned
from web.services.versions import check_version, commit_or_stale

MAX_CANDIDATES = 5


def accept_request(
    organisation_id: int, request_id: int, *, version: int, user_id: int
) -> HelpRequest:
    """Take a new request on: it is open, and a matching round is queued for it; commits."""
    request = _new_request(organisation_id, request_id, version)
    request_states.move(request, "open")
    audit.record("accepted", request, actor="user", user_id=user_id)
    commit_or_stale(request)
    start_matching_run(organisation_id, user_id=user_id)
    return request


def reject_request(
    organisation_id: int, request_id: int, *, version: int, reason: str, user_id: int
) -> HelpRequest:
    """Turn a new request down, saying why (the coordinator calls the person back); commits."""
    request = _new_request(organisation_id, request_id, version)
    reason = reason.strip()
    if not reason:
        raise InvalidInput({"reason": ["please say why, for the person you will call back"]})
    if len(reason) > 500:
        raise InvalidInput({"reason": ["Longer than maximum length 500."]})
    request_states.move(request, "rejected", reason=reason)
    audit.record("rejected", request, actor="user", user_id=user_id, changes={"reason": reason})
    commit_or_stale(request)
    return request


def link_to_resident(
    organisation_id: int, request_id: int, *, version: int, resident_id: int, user_id: int
) -> HelpRequest:
    """File a new request under a resident already known; commits.

    The resident record the form made is removed when nothing else refers to
    it, so the person is known once.
    """
    request = _new_request(organisation_id, request_id, version)
    known = owned(Resident, organisation_id, resident_id)
    made = request.resident
    if known.id == made.id:
        raise InvalidInput({"resident_id": ["the request is already filed under this resident"]})
    request.resident_id = known.id
    audit.record(
        "linked", request, actor="user", user_id=user_id, changes={"from": made.id, "to": known.id}
    )
    db.session.flush()
    if _unreferenced(made):
        audit.record("merged", made, actor="user", user_id=user_id, changes={"into": known.id})
        db.session.delete(made)
    commit_or_stale(request)
    return request


def candidates(request: HelpRequest) -> list[Resident]:
    """Residents this request may belong to: the flagged duplicate, same phone, same name."""
    resident = request.resident
    matches = [
        Resident.name_key == resident.name_key,
        Resident.id == resident.possible_duplicate_of_id,
    ]
    if resident.phone:
        matches.append(Resident.phone == resident.phone)
    return list(
        db.session.scalars(
            select(Resident)
            .where(
                Resident.organisation_id == request.organisation_id,
                Resident.erased_at.is_(None),
                Resident.id != resident.id,
                or_(*matches),
            )
            .order_by(Resident.id)
            .limit(MAX_CANDIDATES)
        )
    )


def _new_request(organisation_id: int, request_id: int, version: int) -> HelpRequest:
    request = owned(HelpRequest, organisation_id, request_id, for_update=True)
    check_version(request, version)
    if request.status != "new":
        raise InvalidInput({"status": [f"this request is {request.status}, not new"]})
    return request


def _unreferenced(resident: Resident) -> bool:
    """Whether no request, message, signal, block or flag refers to this resident any more."""
    references = (
        (HelpRequest, HelpRequest.resident_id),
        (SmsMessage, SmsMessage.resident_id),
        (Signal, Signal.resident_id),
        (PairingBlock, PairingBlock.resident_id),
        (Resident, Resident.possible_duplicate_of_id),
    )
    return not any(
        db.session.scalar(select(func.count()).select_from(model).where(column == resident.id))
        for model, column in references
    )
