"""Matching rounds: queue one, run it, and turn the engine's plan into proposals.

A round never runs inside a web request: the page queues a `MatchingRun`, the
clock (or `buurtmatch match`) claims and runs it, and the page shows its
progress. A failed or infeasible solve leaves the previous proposals in force,
and a round never overwrites what changed while the engine was working.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update

import matching
from web.db import db, utcnow
from web.models import Assignment, HelpRequest, MatchingRun
from web.services import audit, request_states
from web.services.matching_problem import (
    PLANNABLE_STATUSES,
    RoundInput,
    build_round,
    changes_since,
    week_parts,
)

log = logging.getLogger(__name__)
HORIZON = timedelta(days=7)


def start_matching_run(
    organisation_id: int, *, user_id: int | None = None, time_limit: float = 10.0
) -> MatchingRun:
    """Queue a round for the organisation, unless one is already queued or running."""
    waiting = db.session.scalars(
        select(MatchingRun).where(
            MatchingRun.organisation_id == organisation_id,
            MatchingRun.status.in_(("queued", "running")),
        )
    ).first()
    if waiting is not None:
        return waiting
    run = MatchingRun(
        organisation_id=organisation_id,
        requested_by_id=user_id,
        time_limit_seconds=time_limit,
        status="queued",
    )
    db.session.add(run)
    db.session.commit()
    return run


def claim_next_run(now: datetime) -> MatchingRun | None:
    """Take the oldest queued round; a conditional UPDATE makes two clocks never take the same."""
    candidates = db.session.scalars(
        select(MatchingRun.id).where(MatchingRun.status == "queued").order_by(MatchingRun.id)
    ).all()
    for run_id in candidates:
        claimed = db.session.execute(
            update(MatchingRun)
            .where(MatchingRun.id == run_id, MatchingRun.status == "queued")
            .values(status="running", started_at=now)
        )
        db.session.commit()
        if claimed.rowcount == 1:  # type: ignore[attr-defined]
            return db.session.get(MatchingRun, run_id)
    return None


def run_queued_rounds(timezone: str, workers: int = 2) -> int:
    """Run every queued round; return how many ran."""
    ran = 0
    while (run := claim_next_run(utcnow())) is not None:
        execute_run(run, timezone, workers)
        ran += 1
    return ran


# What coordinators read when a round fails for a reason of ours; the trace goes to the log.
FAILED = "the round stopped because of an internal error; the previous proposals stay in force"
# Each calendar week of a round gets a share of its time, but never less than this.
MIN_PART_SECONDS = 2.0


@dataclass
class RoundResult:
    """What the parts of a round added up to."""

    requests: int = 0
    filled: int = 0
    left_for_next_round: int = 0
    objective: float = 0.0
    bound: float | None = 0.0
    statuses: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    skipped_volunteers: dict[int, str] = field(default_factory=dict)


def execute_run(run: MatchingRun, timezone: str, workers: int = 2) -> MatchingRun:
    """Solve one claimed round week by week and save what still holds; failures are recorded.

    The database is not held during a solve: each week's rows are read, the
    transaction ends, the engine runs, and the result is written in a new
    transaction that first checks what changed meanwhile (save_part).
    """
    run_id, organisation_id = run.id, run.organisation_id
    try:
        now = utcnow()
        seconds_per_request = run.time_limit_seconds / _open_count(organisation_id, now)
        result = RoundResult()
        for number, (start, end) in enumerate(week_parts(now, now + HORIZON, timezone)):
            round_input = build_round(organisation_id, start, end, timezone, first_part=number == 0)
            db.session.commit()  # ends the read: nothing is held while the engine works
            if not round_input.problem.requests:
                continue
            share = seconds_per_request * len(round_input.problem.requests)
            solution = matching.solve(
                round_input.problem, time_limit=max(MIN_PART_SECONDS, share), workers=workers
            )
            save_part(run, round_input, solution, start, timezone, result)
        _finish(run, result)
    except Exception:
        db.session.rollback()
        log.exception("matching run %s failed", run_id)
        run = db.session.get(MatchingRun, run_id) or run
        run.status = "failed"
        run.error = FAILED
        run.finished_at = utcnow()
        db.session.commit()
    return run


def _open_count(organisation_id: int, now: datetime) -> int:
    count = db.session.scalar(
        select(func.count()).where(
            HelpRequest.organisation_id == organisation_id,
            HelpRequest.status.in_(PLANNABLE_STATUSES),
            HelpRequest.window_end > now,
            HelpRequest.window_start < now + HORIZON,
        )
    )
    return max(1, int(count or 0))


def save_part(
    run: MatchingRun,
    round_input: RoundInput,
    solution: matching.Solution,
    start: datetime,
    timezone: str,
    result: RoundResult,
) -> None:
    """Write one week's plan where it still holds; commits.

    A request or volunteer that changed during the solve (cancelled, edited,
    approved elsewhere, absent, STOP) gets nothing from this plan: the request
    keeps its held seats and pinned proposals, loses its other drafts, and is
    left for the next round, which is queued at once. An infeasible plan
    writes nothing.
    """
    result.skipped_volunteers.update(round_input.skipped_volunteers)
    result.statuses.append(solution.status)
    if solution.status == "infeasible":
        result.conflicts.extend(solution.conflicts or ("the pins cannot all hold",))
        return
    problems = matching.violations(round_input.problem, solution)
    if problems:
        raise matching.InvalidPlanError("; ".join(problems))
    changed_requests, changed_volunteers = changes_since(round_input.snapshot, start, timezone)
    planned: dict[str, list[matching.Assignment]] = defaultdict(list)
    for a in solution.assignments:
        planned[a.request].append(a)
    stale = {str(r) for r in changed_requests} | {
        request
        for request, rows in planned.items()
        if any(int(a.volunteer) in changed_volunteers for a in rows)
    }
    reasons = {u.request: u.reasons for u in solution.unassigned}
    for request_id, request in round_input.requests.items():
        if request_id in stale:
            _drop_drafts(request)
            result.left_for_next_round += 1
            continue
        _replace_proposals(run, request, planned.get(request_id, []), round_input)
        request_states.settle(request, found_nobody=request_id not in planned)
        if request.status == "unfilled":
            request.unfilled_reasons = "\n".join(reasons.get(request_id, ()))
        result.requests += 1
        result.filled += request_id in planned
    result.objective += solution.objective or 0.0
    if result.bound is not None:
        result.bound = None if solution.bound is None else result.bound + solution.bound
    db.session.commit()


def _drop_drafts(request: HelpRequest) -> None:
    """Unpinned proposals of a request left for the next round go: they were made for a state
    that no longer holds, and this round may have planned their volunteers elsewhere."""
    drafts = db.session.scalars(
        select(Assignment).where(
            Assignment.request_id == request.id,
            Assignment.status == "proposed",
            Assignment.pinned.is_(False),
        )
    ).all()
    for draft in drafts:
        db.session.delete(draft)
    if drafts:
        db.session.flush()
        request_states.settle(request)


def _replace_proposals(
    run: MatchingRun,
    request: HelpRequest,
    planned: list[matching.Assignment],
    round_input: RoundInput,
) -> None:
    """The request's proposals become exactly the planned ones; held seats stay."""
    new = {int(a.volunteer): a for a in planned}
    for assignment in db.session.scalars(
        select(Assignment).where(
            Assignment.request_id == request.id, Assignment.status == "proposed"
        )
    ):
        kept = new.pop(assignment.volunteer_id, None)
        if kept is None:
            # Never shown to anyone: a superseded draft is deleted, not cancelled, so it
            # does not count as a refusal that excludes the volunteer next round.
            db.session.delete(assignment)
            continue
        assignment.starts_at = kept.start
        assignment.matching_run_id = run.id
        assignment.explanation = explanation_dict(kept)
    for volunteer_id, plan in new.items():
        db.session.add(
            Assignment(
                request_id=request.id,
                volunteer_id=volunteer_id,
                matching_run_id=run.id,
                starts_at=plan.start,
                status="proposed",
                explanation=explanation_dict(plan),
            )
        )
    db.session.flush()


def _finish(run: MatchingRun, result: RoundResult) -> None:
    """Record the round's outcome; anything left over gets a new round at once."""
    run.finished_at = utcnow()
    run.requests_count, run.filled_count = result.requests, result.filled
    run.solver_status = _overall(result.statuses)
    run.objective, run.bound = result.objective, result.bound
    run.summary = {
        "unfilled": result.requests - result.filled,
        "left_for_next_round": result.left_for_next_round,
        "skipped_volunteers": {str(k): v for k, v in result.skipped_volunteers.items()},
    }
    if result.conflicts:
        run.status = "failed"
        run.error = "; ".join(result.conflicts)
        run.summary["conflicts"] = result.conflicts
    else:
        run.status = "succeeded"
    audit.record(
        "matching_run", run, changes={"filled": result.filled, "requests": result.requests}
    )
    db.session.commit()
    if result.left_for_next_round:
        start_matching_run(run.organisation_id, time_limit=run.time_limit_seconds)


def _overall(statuses: list[str]) -> str:
    """One solver status for the round: the weakest of its weeks'."""
    for status in ("infeasible", "feasible", "optimal"):
        if status in statuses:
            return status
    return "optimal"


def explanation_dict(assignment: matching.Assignment) -> dict[str, Any]:
    """The engine's why, as stored on the proposal: volunteers by id, never by name, so a
    name lives in one place only (the page looks it up; erasure has one row to clear)."""
    explanation = assignment.explanation
    if explanation is None:
        return {}
    return {
        "score": round(explanation.score, 2),
        "terms": [[name, value] for name, value in explanation.terms],
        "alternatives": [
            {"volunteer_id": int(alt.volunteer), "score": alt.score, "note": alt.note}
            for alt in explanation.alternatives
        ],
    }


def unfilled_requests(organisation_id: int) -> list[HelpRequest]:
    """Requests the last round could not fill, soonest first."""
    return list(
        db.session.scalars(
            select(HelpRequest)
            .where(
                HelpRequest.organisation_id == organisation_id,
                HelpRequest.status == "unfilled",
            )
            .order_by(HelpRequest.window_start)
        )
    )


def latest_runs(organisation_id: int, limit: int = 10) -> list[MatchingRun]:
    """The organisation's most recent rounds, newest first."""
    return list(
        db.session.scalars(
            select(MatchingRun)
            .where(MatchingRun.organisation_id == organisation_id)
            .order_by(MatchingRun.id.desc())
            .limit(limit)
        )
    )
