"""Hard rule 1, one rule at a time: a pair is planned when the rule holds, never when broken."""

from __future__ import annotations

from typing import Any

import pytest

from matching import PairOverride, Vehicle, solve, violations

from .builders import near, problem, request, volunteer

CASES: dict[str, tuple[dict[str, Any], dict[str, Any], dict[str, Any], dict[str, Any]]] = {
    # rule: (volunteer ok, request ok, volunteer broken, request broken)
    "skill": ({}, {}, {"skills": frozenset({"pets"})}, {}),
    "vehicle": (
        {"vehicle": Vehicle()},
        {"needs_vehicle": True},
        {},
        {"needs_vehicle": True},
    ),
    "wheelchair": (
        {"vehicle": Vehicle(wheelchair=True)},
        {"needs_vehicle": True, "wheelchair": True},
        {"vehicle": Vehicle()},
        {"needs_vehicle": True, "wheelchair": True},
    ),
    "gender": (
        {"gender": "f"},
        {"gender_preference": "f"},
        {"gender": "m"},
        {"gender_preference": "f"},
    ),
    "strict language": (
        {"languages": frozenset({"ar", "fr"})},
        {"languages": frozenset({"ar"}), "language_strict": True},
        {"languages": frozenset({"nl"})},
        {"languages": frozenset({"ar"}), "language_strict": True},
    ),
    "distance cap": ({"max_distance_km": 1.0}, {}, {"max_distance_km": 0.5}, {}),
    "blocks": (
        {"blocked_residents": frozenset({"other"})},
        {},
        {"blocked_residents": frozenset({"res-r1"})},
        {},
    ),
    "exclusions": (
        {},
        {"excluded_volunteers": frozenset({"v9"})},
        {},
        {"excluded_volunteers": frozenset({"v1"})},
    ),
}


@pytest.mark.parametrize("rule", sorted(CASES))
def test_pair_rule_allows_a_fitting_volunteer(rule: str) -> None:
    v_ok, r_ok, _, _ = CASES[rule]
    plan = solve(problem([volunteer(**v_ok)], [request(**r_ok)]), time_limit=2, workers=1)
    assert [a.volunteer for a in plan.assignments] == ["v1"]
    assert violations(problem([volunteer(**v_ok)], [request(**r_ok)]), plan) == []


@pytest.mark.parametrize("rule", sorted(CASES))
def test_pair_rule_keeps_a_breaking_volunteer_out(rule: str) -> None:
    _, _, v_bad, r_bad = CASES[rule]
    plan = solve(problem([volunteer(**v_bad)], [request(**r_bad)]), time_limit=2, workers=1)
    assert plan.assignments == ()
    assert plan.unassigned[0].reasons


def test_allowed_false_forbids_the_pair() -> None:
    forbidden = (PairOverride("r1", "v1", allowed=False),)
    plan = solve(problem([volunteer()], [request()], pairs=forbidden), time_limit=2, workers=1)
    assert plan.assignments == ()


def test_allowed_true_override_changes_nothing() -> None:
    allowed = (PairOverride("r1", "v1", allowed=True),)
    plan = solve(problem([volunteer()], [request()], pairs=allowed), time_limit=2, workers=1)
    assert len(plan.assignments) == 1


def test_distance_cap_uses_the_detour_factor() -> None:
    # 800 m as the crow flies is 1.04 km by street with the default factor 1.3.
    far = request(location=near(800))
    assert solve(problem([volunteer(max_distance_km=1.0)], [far]), workers=1).assignments == ()
    assert solve(problem([volunteer(max_distance_km=1.1)], [far]), workers=1).assignments
