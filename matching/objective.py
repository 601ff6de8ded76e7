"""Objective terms of SCENARIO.md, one function per term.

All terms are in objective units (lower is better). The workload-fairness
term is convex and separable per volunteer: a volunteer's k-th task costs
`weights.fairness * (k - 1)`, so n tasks cost `fairness * n * (n - 1) / 2`.
It spreads work over volunteers without coupling independent
neighbourhoods, which keeps decomposition exact.
"""

from __future__ import annotations

from collections import Counter

from matching.pairs import PairFacts, pair_facts
from matching.problem import HelpRequest, Problem, Volunteer
from matching.solution import Assignment


def unfilled_penalty(problem: Problem, r: HelpRequest) -> float:
    """Cost of leaving a request unfilled: weights.unfilled times its priority."""
    return problem.weights.unfilled * r.priority


def travel_cost(problem: Problem, facts: PairFacts) -> float:
    """Cost of the pair: its override, else weights.per_km times the distance."""
    return facts.cost


def continuity_bonus(problem: Problem, r: HelpRequest, v: Volunteer) -> float:
    """Negative term when the volunteer helped this resident before."""
    return -problem.weights.continuity if v.id in r.previous_volunteers else 0.0


def language_bonus(problem: Problem, r: HelpRequest, v: Volunteer) -> float:
    """Negative term when a non-strict request shares a language with the volunteer."""
    shares = bool(r.languages & v.languages)
    return -problem.weights.language if shares and not r.language_strict else 0.0


def stability_bonus(problem: Problem, r: HelpRequest, v: Volunteer) -> float:
    """Keeping a pair of the plan in force avoids its `weights.change` penalty."""
    return -problem.weights.change if (r.id, v.id) in problem.current_pairs else 0.0


def change_penalty_total(problem: Problem) -> float:
    """The change penalty if every current pair were dropped (a constant)."""
    return problem.weights.change * len(problem.current_pairs)


def fairness_penalty(problem: Problem, tasks: int) -> float:
    """Workload balance: n tasks of one volunteer cost fairness * n * (n - 1) / 2."""
    return problem.weights.fairness * tasks * (tasks - 1) / 2


def pair_terms(
    problem: Problem, r: HelpRequest, v: Volunteer, facts: PairFacts
) -> tuple[tuple[str, float], ...]:
    """The objective terms one assignment contributes (fairness excluded)."""
    return (
        ("cost", travel_cost(problem, facts)),
        ("continuity", continuity_bonus(problem, r, v)),
        ("language", language_bonus(problem, r, v)),
        ("stability", stability_bonus(problem, r, v)),
    )


def pair_score(problem: Problem, r: HelpRequest, v: Volunteer, facts: PairFacts) -> float:
    """Sum of pair_terms: what choosing this pair adds to the objective."""
    return sum(value for _, value in pair_terms(problem, r, v, facts))


def evaluate(problem: Problem, assignments: tuple[Assignment, ...]) -> float:
    """The exact objective of a plan, computed without the solver."""
    filled = {a.request for a in assignments}
    total = change_penalty_total(problem)
    total += sum(unfilled_penalty(problem, r) for r in problem.requests if r.id not in filled)
    tasks: Counter[str] = Counter()
    for a in assignments:
        r = problem.request_by_id[a.request]
        v = problem.volunteer_by_id[a.volunteer]
        total += pair_score(problem, r, v, pair_facts(problem, r, v))
        tasks[v.id] += 1
    total += sum(fairness_penalty(problem, n) for n in tasks.values())
    return total


def serving_dominates(problem: Problem, scores: dict[int, list[float]]) -> bool:
    """Whether every plan serving all these requests beats every plan that leaves one out.

    `scores` lists, per request index, the scores of its options. It holds when
    the smallest unfilled penalty exceeds the widest swing of every other term:
    the sum of each request's score spread plus the largest score (fairness off).
    """
    if problem.weights.fairness > 0 or not scores:
        return False
    swing = sum(max(s) - min(s) for s in scores.values()) + max(max(s) for s in scores.values())
    return min(unfilled_penalty(problem, problem.requests[i]) for i in scores) > swing
