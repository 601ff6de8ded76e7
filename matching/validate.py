"""Check any plan against every hard rule, without the solver.

Works on absolute datetimes, not on the solver's minute grid, so it also
catches rounding mistakes. `solve()` runs it on its own output.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime, timedelta

from matching.pairs import pair_facts
from matching.problem import Problem
from matching.rules import describe_failure, first_broken_rule
from matching.solution import Assignment, Solution


def _coverage(problem: Problem, solution: Solution) -> list[str]:
    """Every request appears once: assigned or unassigned, never both or neither."""
    found = []
    assigned = {a.request for a in solution.assignments}
    unassigned = Counter(u.request for u in solution.unassigned)
    for rid in assigned | set(unassigned):
        if rid not in problem.request_by_id:
            found.append(f"request {rid}: unknown request")
    for r in problem.requests:
        listed = (r.id in assigned) + unassigned[r.id]
        if listed != 1:
            found.append(f"request {r.id}: listed {listed} times (assigned or unassigned)")
    for a in solution.assignments:
        if a.volunteer not in problem.volunteer_by_id:
            found.append(f"request {a.request}: unknown volunteer {a.volunteer}")
    return found


def _staffing(problem: Problem, rows: list[Assignment]) -> list[str]:
    """Rule 6 and rule 7 for one request."""
    r = problem.request_by_id[rows[0].request]
    found = []
    volunteers = [a.volunteer for a in rows]
    if len(set(volunteers)) != len(volunteers):
        found.append(f"request {r.id}: the same volunteer is assigned twice (rule 6)")
    if len(rows) != r.volunteers_needed:
        found.append(
            f"request {r.id}: {len(rows)} volunteers, needs {r.volunteers_needed} (rule 6)"
        )
    if len({a.start for a in rows}) > 1:
        found.append(f"request {r.id}: volunteers start at different times (rule 6)")
    return found


def _pair(problem: Problem, a: Assignment) -> tuple[list[str], tuple[datetime, datetime]]:
    """Rules 1-3 for one assignment; also returns its busy interval."""
    r = problem.request_by_id[a.request]
    v = problem.volunteer_by_id[a.volunteer]
    facts = pair_facts(problem, r, v)
    busy = (a.start - timedelta(minutes=facts.before), a.start + timedelta(minutes=facts.after))
    found = []
    rule = first_broken_rule(problem, r, v, facts)
    if rule is not None:
        found.append(f"{r.id}→{v.id}: volunteer {describe_failure(rule, r, v, facts)} (rule 1)")
    if a.start < r.window.start or a.start + timedelta(minutes=r.duration_minutes) > r.window.end:
        found.append(f"{r.id}→{v.id}: start {a.start.isoformat()} outside the window (rule 2)")
    if not any(s.start <= busy[0] and busy[1] <= s.end for s in v.availability):
        found.append(f"{r.id}→{v.id}: busy time not inside one availability slot (rule 3)")
    return found, busy


def _volunteer_load(
    problem: Problem, vid: str, busy: list[tuple[datetime, datetime, str]]
) -> list[str]:
    """Rules 4-5 for one volunteer."""
    v = problem.volunteer_by_id[vid]
    found = []
    busy.sort()
    for (_, end, first), (start, _, second) in zip(busy, busy[1:], strict=False):
        if start < end:
            found.append(f"{vid}: busy for {first} and {second} at once (rule 4)")
    minutes = sum((b1 - b0).total_seconds() / 60 for b0, b1, _ in busy)
    if v.capacity_minutes is not None and minutes > v.capacity_minutes:
        found.append(f"{vid}: {minutes:.0f} busy minutes > capacity {v.capacity_minutes} (rule 5)")
    if v.max_tasks is not None and len(busy) > v.max_tasks:
        found.append(f"{vid}: {len(busy)} tasks > max_tasks {v.max_tasks} (rule 5)")
    return found


def violations(problem: Problem, solution: Solution) -> list[str]:
    """Every broken hard rule of SCENARIO.md in `solution`, as readable lines."""
    if solution.status == "infeasible":
        return [] if not solution.assignments else ["an infeasible result has assignments"]
    found = _coverage(problem, solution)
    if found:
        return found
    by_request: dict[str, list[Assignment]] = defaultdict(list)
    by_volunteer: dict[str, list[tuple[datetime, datetime, str]]] = defaultdict(list)
    for a in solution.assignments:
        by_request[a.request].append(a)
        pair_found, busy = _pair(problem, a)
        found += pair_found
        by_volunteer[a.volunteer].append((busy[0], busy[1], a.request))
    for rows in by_request.values():
        found += _staffing(problem, rows)
    for vid, spans in by_volunteer.items():
        found += _volunteer_load(problem, vid, spans)
    for r in problem.requests:
        served = {a.volunteer for a in by_request.get(r.id, [])}
        for vid in r.pinned_volunteers:
            if vid not in served:
                found.append(f"pin {r.id}→{vid}: pinned volunteer not assigned (rule 7)")
    return found
