"""Hard rule 1 of SCENARIO.md, one small predicate per rule.

Each predicate says whether a volunteer may be sent to a request at all,
whatever the time. Time rules (2-6) live in `constraints.py` (the model) and
`validate.py` (the independent check).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from matching.pairs import PairFacts
from matching.problem import HelpRequest, Problem, Volunteer

Predicate = Callable[[Problem, HelpRequest, Volunteer, PairFacts], bool]


def has_skill(problem: Problem, r: HelpRequest, v: Volunteer, facts: PairFacts) -> bool:
    """The volunteer offers the requested kind of help."""
    return r.skill in v.skills


def not_excluded(problem: Problem, r: HelpRequest, v: Volunteer, facts: PairFacts) -> bool:
    """The volunteer is not in the request's excluded_volunteers."""
    return v.id not in r.excluded_volunteers


def pair_allowed(problem: Problem, r: HelpRequest, v: Volunteer, facts: PairFacts) -> bool:
    """No pair override says `allowed: false`."""
    override = problem.override_by_pair.get((r.id, v.id))
    return override is None or override.allowed is not False


def not_blocked(problem: Problem, r: HelpRequest, v: Volunteer, facts: PairFacts) -> bool:
    """The volunteer has not blocked this resident."""
    return r.resident not in v.blocked_residents


def gender_matches(problem: Problem, r: HelpRequest, v: Volunteer, facts: PairFacts) -> bool:
    """A resident's gender preference is respected."""
    return r.gender_preference is None or v.gender == r.gender_preference


def has_vehicle(problem: Problem, r: HelpRequest, v: Volunteer, facts: PairFacts) -> bool:
    """A ride needs a volunteer with a vehicle."""
    return not r.needs_vehicle or v.vehicle is not None


def takes_wheelchair(problem: Problem, r: HelpRequest, v: Volunteer, facts: PairFacts) -> bool:
    """A wheelchair ride needs a vehicle that takes a wheelchair."""
    return not r.wheelchair or (v.vehicle is not None and v.vehicle.wheelchair)


def speaks_language(problem: Problem, r: HelpRequest, v: Volunteer, facts: PairFacts) -> bool:
    """With language_strict the volunteer shares a language with the resident."""
    return not r.language_strict or bool(r.languages & v.languages)


def within_distance(problem: Problem, r: HelpRequest, v: Volunteer, facts: PairFacts) -> bool:
    """The one-way distance stays within the volunteer's max_distance_km."""
    if v.max_distance_km is None or facts.distance_km is None:
        return True
    return facts.distance_km <= v.max_distance_km


@dataclass(frozen=True)
class PairRule:
    """A named pair rule and how to say that it failed."""

    code: str
    holds: Predicate
    failure: str


PAIR_RULES: tuple[PairRule, ...] = (
    PairRule("skill", has_skill, "lacks skill '{skill}'"),
    PairRule("excluded", not_excluded, "is excluded from this request"),
    PairRule("allowed", pair_allowed, "is forbidden for this request (allowed: false)"),
    PairRule("blocked", not_blocked, "has blocked resident '{resident}'"),
    PairRule("gender", gender_matches, "does not match gender preference '{gender}'"),
    PairRule("vehicle", has_vehicle, "has no vehicle"),
    PairRule("wheelchair", takes_wheelchair, "has no wheelchair vehicle"),
    PairRule("language", speaks_language, "shares no language with the resident"),
    PairRule("distance", within_distance, "lives {distance:.1f} km away (max {cap} km)"),
)


def first_broken_rule(
    problem: Problem, r: HelpRequest, v: Volunteer, facts: PairFacts
) -> PairRule | None:
    """The first pair rule the pair breaks, or None when all hold."""
    for rule in PAIR_RULES:
        if not rule.holds(problem, r, v, facts):
            return rule
    return None


def describe_failure(rule: PairRule, r: HelpRequest, v: Volunteer, facts: PairFacts) -> str:
    """Fill a rule's failure text with the pair's details."""
    return rule.failure.format(
        skill=r.skill,
        resident=r.resident,
        gender=r.gender_preference,
        distance=facts.distance_km or 0.0,
        cap=v.max_distance_km,
    )
