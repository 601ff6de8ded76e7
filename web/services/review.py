"""A coordinator reviews proposals: swap to an alternative, pin, exclude a pairing.

Approving is web.services.proposal_approval, the one way a proposal becomes an offer.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload

import matching
from matching.geo import haversine_km
from web.db import db
from web.models import Assignment, HelpRequest, PairingBlock, Volunteer
from web.models.vocabulary import ACTIVE_ASSIGNMENT_STATUSES
from web.services import audit, request_states
from web.services.errors import InvalidInput, NotFound, StaleVersion
from web.services.matching import explanation_dict
from web.services.matching_problem import build_round
from web.services.versions import commit_or_stale


@dataclass(frozen=True)
class Proposal:
    """One proposal with the facts a coordinator weighs."""

    assignment: Assignment
    distance_km: float
    shared_languages: tuple[str, ...]
    helped_before: bool
    week_minutes: int


def _assignment(organisation_id: int, assignment_id: int, version: int | None) -> Assignment:
    assignment = db.session.get(Assignment, assignment_id)
    if assignment is None or assignment.request.organisation_id != organisation_id:
        raise NotFound(f"assignment {assignment_id}")
    if version is not None and assignment.version != version:
        raise StaleVersion(assignment.version)
    return assignment


PER_PAGE = 25


def _waiting(organisation_id: int) -> Select[tuple[Assignment]]:
    return (
        select(Assignment)
        .join(HelpRequest)
        .where(HelpRequest.organisation_id == organisation_id, Assignment.status == "proposed")
    )


def count_proposals(organisation_id: int) -> int:
    """How many proposals wait for approval."""
    query = select(func.count()).select_from(_waiting(organisation_id).subquery())
    return int(db.session.scalar(query) or 0)


def proposals(
    organisation_id: int,
    page: int = 1,
    per_page: int = PER_PAGE,
    timezone: str = "Europe/Brussels",
) -> list[Proposal]:
    """One page of waiting proposals, soonest first, with distance, language and the
    volunteer's planned minutes in the calendar week of the task."""
    rows = db.session.scalars(
        _waiting(organisation_id)
        .options(joinedload(Assignment.request).joinedload(HelpRequest.resident))
        .options(joinedload(Assignment.volunteer))
        .order_by(Assignment.starts_at, Assignment.id)
        .limit(per_page)
        .offset((max(page, 1) - 1) * per_page)
    ).all()
    load = _week_load(rows, ZoneInfo(timezone))
    result = []
    for a in rows:
        resident, volunteer = a.request.resident, a.volunteer
        terms = a.explanation.get("terms", []) if a.explanation else []
        result.append(
            Proposal(
                assignment=a,
                distance_km=round(
                    haversine_km(
                        matching.Location(volunteer.lat, volunteer.lon),
                        matching.Location(resident.lat, resident.lon),
                    ),
                    1,
                ),
                shared_languages=tuple(sorted(set(resident.languages) & set(volunteer.languages))),
                helped_before=any(term[0] == "continuity" for term in terms),
                week_minutes=load[(a.volunteer_id, _monday(a.starts_at, ZoneInfo(timezone)))],
            )
        )
    return result


def alternative_volunteers(shown: list[Proposal]) -> dict[int, Volunteer]:
    """Every alternative volunteer on these proposals, by id: their name and street."""
    ids = {
        alt["volunteer_id"]
        for p in shown
        for alt in (p.assignment.explanation or {}).get("alternatives", [])
    }
    rows = db.session.scalars(
        select(Volunteer).where(Volunteer.id.in_(ids), Volunteer.erased_at.is_(None))
    )
    return {volunteer.id: volunteer for volunteer in rows}


def _monday(moment: datetime, zone: ZoneInfo) -> date:
    local = moment.astimezone(zone).date()
    return local - timedelta(days=local.weekday())


def _week_load(rows: Sequence[Assignment], zone: ZoneInfo) -> Counter[tuple[int, date]]:
    """Minutes each volunteer has planned, proposed or done per calendar week of these rows."""
    if not rows:
        return Counter()
    first = min(a.starts_at for a in rows) - timedelta(days=7)
    last = max(a.starts_at for a in rows) + timedelta(days=7)
    planned = db.session.execute(
        select(Assignment.volunteer_id, Assignment.starts_at, HelpRequest.duration_minutes)
        .join(HelpRequest)
        .where(
            Assignment.volunteer_id.in_({a.volunteer_id for a in rows}),
            Assignment.status.in_((*ACTIVE_ASSIGNMENT_STATUSES, "completed")),
            Assignment.starts_at >= first,
            Assignment.starts_at < last,
        )
    ).all()
    load: Counter[tuple[int, date]] = Counter()
    for volunteer_id, starts_at, minutes in planned:
        load[(volunteer_id, _monday(starts_at, zone))] += minutes
    return load


def toggle_pin(organisation_id: int, assignment_id: int, version: int, user_id: int) -> bool:
    """Pin or unpin a proposal (a pinned volunteer is kept by every re-run)."""
    assignment = _assignment(organisation_id, assignment_id, version)
    assignment.pinned = not assignment.pinned
    audit.record(
        "pinned" if assignment.pinned else "unpinned", assignment, actor="user", user_id=user_id
    )
    commit_or_stale(assignment)
    return assignment.pinned


def exclude_pairing(organisation_id: int, assignment_id: int, version: int, user_id: int) -> None:
    """Never send this volunteer to this resident again; the request goes back to matching."""
    assignment = _assignment(organisation_id, assignment_id, version)
    if assignment.status != "proposed":
        raise InvalidInput({"status": ["only a proposal can be excluded here"]})
    request = assignment.request
    exists = db.session.scalar(
        select(PairingBlock.id).where(
            PairingBlock.volunteer_id == assignment.volunteer_id,
            PairingBlock.resident_id == request.resident_id,
        )
    )
    if exists is None:
        db.session.add(
            PairingBlock(
                volunteer_id=assignment.volunteer_id,
                resident_id=request.resident_id,
                created_by_id=user_id,
                reason="excluded during review",
            )
        )
    audit.record(
        "pairing_excluded",
        request,
        actor="user",
        user_id=user_id,
        changes={"volunteer_id": assignment.volunteer_id},
    )
    db.session.delete(assignment)
    db.session.flush()
    request_states.settle(request)
    commit_or_stale(assignment)


def plan_with_pins(
    organisation_id: int,
    request: HelpRequest,
    pins: set[int],
    timezone: str,
    now: datetime,
    run_id: int | None = None,
) -> list[Assignment]:
    """Plan the request's open seats with these volunteers pinned, checked by the engine.

    Every other proposal counts as busy time. Adds the planned rows as pinned
    proposals to the caller's transaction; when the engine says no, the
    transaction is rolled back and its reasons are raised on `volunteer_id`.
    """
    db.session.flush()
    round_input = build_round(
        organisation_id,
        max(now, request.window_start),
        request.window_end + timedelta(minutes=1),
        timezone,
        only_request=request.id,
    )
    problem = round_input.problem
    if not problem.requests or not {str(p) for p in pins} <= set(problem.volunteer_by_id):
        db.session.rollback()
        raise InvalidInput({"volunteer_id": ["this volunteer cannot be planned for this request"]})
    pinned = tuple(sorted(str(p) for p in pins))
    problem = replace(problem, requests=(replace(problem.requests[0], pinned_volunteers=pinned),))
    solution = matching.solve(problem, time_limit=2.0, workers=1)
    if solution.status == "infeasible":
        db.session.rollback()
        raise InvalidInput({"volunteer_id": list(solution.conflicts) or ["not possible"]})
    rows = [
        Assignment(
            request_id=request.id,
            volunteer_id=int(planned.volunteer),
            matching_run_id=run_id,
            starts_at=planned.start,
            status="proposed",
            pinned=True,
            explanation=explanation_dict(planned),
        )
        for planned in solution.assignments
    ]
    db.session.add_all(rows)
    db.session.flush()
    request_states.settle(request)
    return rows


def swap(
    organisation_id: int,
    assignment_id: int,
    version: int,
    volunteer_id: int,
    user_id: int,
    timezone: str,
    now: datetime,
) -> Assignment:
    """Replace a proposal's volunteer by another, checked by the engine; pinned afterwards.

    The engine plans just this request with the new volunteer (and any duo
    partner) pinned and everyone else's proposals as busy time; if that is
    impossible its reasons are raised on `volunteer_id` and nothing changes.
    """
    assignment = _assignment(organisation_id, assignment_id, version)
    request = assignment.request
    partners = [
        a
        for a in db.session.scalars(select(Assignment).where(Assignment.request_id == request.id))
        if a.status == "proposed" and a.id != assignment.id
    ]
    run_id = assignment.matching_run_id
    for old in [assignment, *partners]:
        db.session.delete(old)
    pins = {volunteer_id} | {a.volunteer_id for a in partners}
    rows = plan_with_pins(organisation_id, request, pins, timezone, now, run_id)
    audit.record(
        "swapped",
        request,
        actor="user",
        user_id=user_id,
        changes={"from": assignment.volunteer_id, "to": volunteer_id},
    )
    commit_or_stale(assignment)
    # The engine keeps every pin or says infeasible.
    return next(row for row in rows if row.volunteer_id == volunteer_id)
