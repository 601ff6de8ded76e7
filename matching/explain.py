"""Reasons a coordinator can act on: why a request is unfilled, why a pair was chosen."""

from __future__ import annotations

from collections import Counter, defaultdict

from matching.clock import describe_span
from matching.eligibility import Eligibility, Option, slot_options
from matching.greedy import Diary
from matching.objective import pair_terms, unfilled_penalty
from matching.pairs import pair_facts
from matching.problem import HelpRequest, Problem
from matching.rules import first_broken_rule
from matching.solution import Alternative, Assignment, Explanation, Unassigned

Placement = tuple[int, int]
ALTERNATIVES = 3

RULE_WORDS = {
    "excluded": "excluded",
    "allowed": "forbidden by a pair override",
    "blocked": "blocked by the volunteer",
    "gender": "not the preferred gender",
    "vehicle": "without a vehicle",
    "wheelchair": "without a wheelchair vehicle",
    "language": "without a shared language",
    "distance": "too far away",
}


def _diaries(eligibility: Eligibility, plan: list[Placement]) -> dict[int, Diary]:
    diaries: dict[int, Diary] = defaultdict(Diary)
    for k, start in plan:
        o = eligibility.options[k]
        diaries[o.volunteer].book(o, start)
    return diaries


def _blocker(problem: Problem, diary: Diary, o: Option) -> str | None:
    """Why a candidate cannot take this option on top of the plan, or None if it can."""
    v = problem.volunteers[o.volunteer]
    if v.max_tasks is not None and diary.tasks >= v.max_tasks:
        return "max_tasks"
    if v.capacity_minutes is not None and diary.minutes + o.busy > v.capacity_minutes:
        return "capacity"
    return None if diary.free_starts(o) else "busy"


def explain_assignments(
    problem: Problem,
    eligibility: Eligibility,
    plan: list[Placement],
    assignments: tuple[Assignment, ...],
) -> tuple[Assignment, ...]:
    """Attach the score breakdown and the next-best volunteers to each assignment."""
    diaries = _diaries(eligibility, plan)
    served = defaultdict(set)
    for a in assignments:
        served[a.request].add(a.volunteer)
    position = {r.id: i for i, r in enumerate(problem.requests)}
    explained = []
    for a in assignments:
        r = problem.request_by_id[a.request]
        v = problem.volunteer_by_id[a.volunteer]
        terms = pair_terms(problem, r, v, pair_facts(problem, r, v))
        i = position[r.id]
        others: dict[str, Alternative] = {}
        for k in sorted(eligibility.by_request[i], key=lambda k: eligibility.options[k].score):
            o = eligibility.options[k]
            vid = problem.volunteers[o.volunteer].id
            if vid in served[r.id] or vid in others:
                continue
            why = _blocker(problem, diaries[o.volunteer], o)
            note = {
                # The web app translates these exact notes (web/labels.py).
                None: "free, but scores worse",
                "busy": "busy at the possible times",
                "capacity": "capacity_minutes reached",
                "max_tasks": "max_tasks reached",
            }[why]
            others[vid] = Alternative(vid, round(o.score, 2), note)
            if len(others) == ALTERNATIVES:
                break
        rounded = tuple((name, round(value, 2)) for name, value in terms if value)
        explained.append(
            Assignment(
                a.request, a.volunteer, a.start, Explanation(rounded, tuple(others.values()))
            )
        )
    return tuple(explained)


def _no_candidate_reasons(problem: Problem, eligibility: Eligibility, r: HelpRequest) -> list[str]:
    """Why no volunteer at all could serve r: counts per first broken rule."""
    span = describe_span(r.window.start, r.window.end)
    skilled = [v for v in problem.volunteers if r.skill in v.skills]
    if not skilled:
        return [f"no volunteer has skill '{r.skill}'"]
    counts: Counter[str] = Counter()
    nearest: float | None = None
    for v in skilled:
        facts = pair_facts(problem, r, v)
        rule = first_broken_rule(problem, r, v, facts)
        if rule is not None:
            counts[rule.code] += 1
            if rule.code == "distance" and facts.distance_km is not None:
                nearest = min(nearest or facts.distance_km, facts.distance_km)
        elif not slot_options(eligibility.origin, r, v, facts.before, facts.after):
            counts["time"] += 1
    if counts.get("distance") == len(skilled) and nearest is not None:
        return [
            f"no volunteer with skill '{r.skill}' within reach (nearest is {nearest:.1f} km away)"
        ]
    if counts.get("time") == len(skilled):
        return [f"{len(skilled)} volunteers with skill '{r.skill}', none available {span}"]
    parts = [f"{n} {RULE_WORDS[code]}" for code, n in counts.most_common() if code in RULE_WORDS]
    if counts.get("time"):
        parts.append(f"{counts['time']} not available {span}")
    return [f"{len(skilled)} volunteers with skill '{r.skill}': " + ", ".join(parts)]


def _candidate_reasons(
    problem: Problem, eligibility: Eligibility, diaries: dict[int, Diary], i: int
) -> list[str]:
    """Why the candidates of request i were not used in the final plan."""
    r = problem.requests[i]
    span = describe_span(r.window.start, r.window.end)
    blockers: dict[int, str | None] = {}
    for k in eligibility.by_request[i]:
        o = eligibility.options[k]
        why = _blocker(problem, diaries[o.volunteer], o)
        # A volunteer with several slots is free if any slot is free.
        if o.volunteer not in blockers or why is None:
            blockers[o.volunteer] = why
    free = [j for j, why in blockers.items() if why is None]
    counts = Counter(why for why in blockers.values() if why is not None)
    n = len(blockers)
    if len(free) < r.volunteers_needed:
        if counts.get("busy") == n:
            return [f"{n} candidates, all busy {span}"]
        words = {
            "busy": f"busy {span}",
            "capacity": "at capacity_minutes",
            "max_tasks": "at max_tasks",
        }
        detail = ", ".join(f"{c} {words[w]}" for w, c in counts.most_common())
        if r.volunteers_needed > 1:
            need = r.volunteers_needed
            return [f"needs {need} volunteers at the same time; {len(free)} free ({detail})"]
        return [f"{n} candidates: {detail}"]
    cheapest = min(eligibility.options[k].score for k in eligibility.by_request[i])
    penalty = unfilled_penalty(problem, r)
    if cheapest * r.volunteers_needed >= penalty:
        return [
            f"the cheapest volunteer costs {cheapest:.0f}, more than leaving it ({penalty:.0f})"
        ]
    names = ", ".join(problem.volunteers[j].id for j in free[:3])
    return [f"serving it would displace other work; free candidates: {names}"]


def explain_unassigned(
    problem: Problem, eligibility: Eligibility, plan: list[Placement]
) -> tuple[Unassigned, ...]:
    """Reasons for every unfilled request."""
    filled = {eligibility.options[k].request for k, _ in plan}
    diaries = _diaries(eligibility, plan)
    rows = []
    for i, r in enumerate(problem.requests):
        if i in filled:
            continue
        if eligibility.by_request and eligibility.by_request[i]:
            reasons = _candidate_reasons(problem, eligibility, diaries, i)
        else:
            reasons = _no_candidate_reasons(problem, eligibility, r)
        rows.append(Unassigned(r.id, tuple(reasons)))
    return tuple(rows)
