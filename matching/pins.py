"""Rule 7: pinned volunteers, and plain-language reasons when a pin cannot hold."""

from __future__ import annotations

from matching.eligibility import Eligibility, slot_options
from matching.pairs import pair_facts
from matching.problem import Problem
from matching.rules import describe_failure, first_broken_rule


def static_pin_conflicts(problem: Problem, eligibility: Eligibility) -> list[str]:
    """Pins that break a rule on their own, each naming the pin and the rule."""
    found: list[str] = []
    for r in problem.requests:
        if len(r.pinned_volunteers) > r.volunteers_needed:
            found.append(
                f"request {r.id}: {len(r.pinned_volunteers)} pinned volunteers but "
                f"volunteers_needed is {r.volunteers_needed} (rule 6)"
            )
        for vid in r.pinned_volunteers:
            v = problem.volunteer_by_id.get(vid)
            pin = f"pin {r.id}→{vid}"
            if v is None:
                found.append(f"{pin}: unknown volunteer")
                continue
            facts = pair_facts(problem, r, v)
            rule = first_broken_rule(problem, r, v, facts)
            if rule is not None:
                found.append(
                    f"{pin} breaks rule 1: volunteer {describe_failure(rule, r, v, facts)}"
                )
            elif not slot_options(eligibility.origin, r, v, facts.before, facts.after):
                found.append(
                    f"{pin} breaks rules 2-3: no availability slot of {vid} holds its "
                    f"{facts.busy} busy minutes inside the request window"
                )
            elif v.capacity_minutes is not None and facts.busy > v.capacity_minutes:
                found.append(
                    f"{pin} breaks rule 5: {facts.busy} busy minutes exceed "
                    f"capacity_minutes {v.capacity_minutes}"
                )
    return found


def describe_core(problem: Problem, core: list[tuple[int, int]]) -> str:
    """Explain a set of pins that cannot all hold together."""
    names = ", ".join(
        f"{problem.requests[i].id}→{problem.volunteers[j].id}" for i, j in sorted(core)
    )
    by_volunteer: dict[int, list[int]] = {}
    for i, j in core:
        by_volunteer.setdefault(j, []).append(i)
    reasons = []
    for j, requests in by_volunteer.items():
        v = problem.volunteers[j]
        if v.max_tasks is not None and len(requests) > v.max_tasks:
            reasons.append(f"{v.id} max_tasks {v.max_tasks} (rule 5)")
        elif len(requests) > 1:
            reasons.append(
                f"{v.id} cannot fit them without overlap or within capacity_minutes (rules 4-5)"
            )
    if not reasons:
        reasons.append("duo volunteers cannot start together (rule 6)")
    return f"pins {names} cannot all hold: " + "; ".join(reasons)
