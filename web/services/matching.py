"""Matching rounds: queue one, run it, and turn the engine's plan into proposals.

A round never runs inside a web request: the page queues a `MatchingRun`, the
clock (or `buurtmatch match`) claims and runs it, and the page shows its
progress. A failed or infeasible solve leaves the previous proposals in force.
"""

from __future__ import annotations

import logging
import traceback
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update

import matching
from web.db import db, utcnow
from web.models import Assignment, HelpRequest, MatchingRun, Volunteer
from web.services import audit
from web.services.matching_problem import RoundInput, build_round

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


def execute_run(run: MatchingRun, timezone: str, workers: int = 2) -> MatchingRun:
    """Solve one claimed round and save its proposals; record failures on the run."""
    try:
        now = utcnow()
        round_input = build_round(run.organisation_id, now, now + HORIZON, timezone)
        solution = matching.solve(
            round_input.problem, time_limit=run.time_limit_seconds, workers=workers
        )
        save_solution(run, round_input, solution)
    except Exception:
        db.session.rollback()
        log.exception("matching run %s failed", run.id)
        run = db.session.get(MatchingRun, run.id) or run
        run.status = "failed"
        run.error = traceback.format_exc(limit=3)
        run.finished_at = utcnow()
        db.session.commit()
    return run


def save_solution(run: MatchingRun, round_input: RoundInput, solution: matching.Solution) -> None:
    """Replace the round's unpinned proposals by the new plan, in one transaction."""
    run.solver_status = solution.status
    run.requests_count = len(round_input.requests)
    run.finished_at = utcnow()
    if solution.status == "infeasible":
        run.status = "failed"
        run.error = "; ".join(solution.conflicts) or "the pins cannot all hold"
        run.summary = {"conflicts": list(solution.conflicts)}
        db.session.commit()
        return
    problems = matching.violations(round_input.problem, solution)
    if problems:
        raise matching.InvalidPlanError("; ".join(problems))
    planned = {(a.request, a.volunteer): a for a in solution.assignments}
    existing = db.session.scalars(
        select(Assignment).where(
            Assignment.request_id.in_([int(r) for r in round_input.requests]),
            Assignment.status == "proposed",
        )
    ).all()
    kept: set[tuple[str, str]] = set()
    for assignment in existing:
        key = (str(assignment.request_id), str(assignment.volunteer_id))
        new = planned.get(key)
        if new is None:
            # Never shown to anyone: a superseded draft is deleted, not cancelled, so it
            # does not count as a refusal that excludes the volunteer next round.
            db.session.delete(assignment)
            continue
        kept.add(key)
        assignment.starts_at = new.start
        assignment.matching_run_id = run.id
        assignment.explanation = explanation_dict(new, round_input.volunteers)
    for key, new in planned.items():
        if key not in kept:
            db.session.add(
                Assignment(
                    request_id=int(new.request),
                    volunteer_id=int(new.volunteer),
                    matching_run_id=run.id,
                    starts_at=new.start,
                    status="proposed",
                    explanation=explanation_dict(new, round_input.volunteers),
                )
            )
    filled = {a.request for a in solution.assignments}
    reasons = {u.request: u.reasons for u in solution.unassigned}
    for request_id, request in round_input.requests.items():
        if request_id in filled:
            request.status, request.unfilled_reasons = "proposed", None
        else:
            request.status = "unfilled"
            request.unfilled_reasons = "\n".join(reasons.get(request_id, ()))
    run.status = "succeeded"
    run.objective, run.bound = solution.objective, solution.bound
    run.filled_count = len(filled)
    run.summary = {
        "unfilled": len(round_input.requests) - len(filled),
        "skipped_volunteers": {str(k): v for k, v in round_input.skipped_volunteers.items()},
        "stats": dict(solution.stats),
    }
    audit.record(
        "matching_run", run, changes={"filled": len(filled), "requests": run.requests_count}
    )
    db.session.commit()


def explanation_dict(
    assignment: matching.Assignment, names: dict[str, Volunteer]
) -> dict[str, Any]:
    """The engine's why, with volunteer names, as stored on the proposal."""
    explanation = assignment.explanation
    if explanation is None:
        return {}
    return {
        "score": round(explanation.score, 2),
        "terms": [[name, value] for name, value in explanation.terms],
        "alternatives": [
            {
                "volunteer_id": int(alt.volunteer),
                "name": f"{names[alt.volunteer].first_name} {names[alt.volunteer].last_name}",
                "score": alt.score,
                "note": alt.note,
            }
            for alt in explanation.alternatives
            if alt.volunteer in names
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
