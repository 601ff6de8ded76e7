"""The result document of SCENARIO.md: Solution to JSON and back."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from matching.solution import Assignment, Solution, Unassigned


def _assignment_dict(a: Assignment) -> dict[str, Any]:
    row: dict[str, Any] = {
        "request": a.request,
        "volunteer": a.volunteer,
        "start": a.start.isoformat(),
    }
    if a.explanation is not None:
        row["explanation"] = {
            "score": round(a.explanation.score, 2),
            "terms": dict(a.explanation.terms),
            "alternatives": [
                {"volunteer": alt.volunteer, "score": alt.score, "note": alt.note}
                for alt in a.explanation.alternatives
            ],
        }
    return row


def result_dict(solution: Solution) -> dict[str, Any]:
    """The result document; explanations ride along under `explanation` keys."""
    data: dict[str, Any] = {
        "status": solution.status,
        "assignments": [_assignment_dict(a) for a in solution.assignments],
        "unassigned": [
            {"request": u.request, "reasons": list(u.reasons)} for u in solution.unassigned
        ],
        "objective": solution.objective,
        "bound": solution.bound,
        "stats": solution.stats,
    }
    if solution.conflicts:
        data["conflicts"] = list(solution.conflicts)
    return data


def parse_result(data: Any) -> Solution:
    """Read a result document (for `validate`); raises ValueError naming the bad field."""
    if not isinstance(data, dict):
        raise ValueError("(result): not a JSON object")
    try:
        assignments = tuple(
            Assignment(
                str(row["request"]), str(row["volunteer"]), datetime.fromisoformat(row["start"])
            )
            for row in data.get("assignments", [])
        )
        unassigned = tuple(
            Unassigned(str(row["request"]), tuple(row.get("reasons", ())))
            for row in data.get("unassigned", [])
        )
    except (KeyError, TypeError, ValueError) as error:
        raise ValueError(f"(result): malformed assignment or unassigned row: {error}") from None
    for a in assignments:
        if a.start.tzinfo is None:
            raise ValueError(f"(result): start of {a.request}→{a.volunteer} has no UTC offset")
    return Solution(str(data.get("status", "feasible")), assignments, unassigned)
