"""Explanations: reasons for unfilled requests and a breakdown for each assignment."""

from __future__ import annotations

from matching import PairOverride, Weights, solve

from .builders import near, problem, request, slot, volunteer


def test_no_skill_is_named() -> None:
    plan = solve(problem([volunteer()], [request(skill="transport")]), workers=1)
    assert plan.unassigned[0].reasons == ("no volunteer has skill 'transport'",)


def test_distance_is_named_with_the_nearest_volunteer() -> None:
    far = request(location=near(4000))
    plan = solve(problem([volunteer(max_distance_km=2.0)], [far]), workers=1)
    assert "within reach (nearest is 5.2 km away)" in plan.unassigned[0].reasons[0]


def test_busy_candidates_are_named_with_the_window() -> None:
    reqs = [request("r1", priority=5), request("r2", priority=1)]
    plan = solve(problem([volunteer()], reqs), workers=1)
    assert plan.unassigned[0].request == "r2"
    assert plan.unassigned[0].reasons == ("1 candidates, all busy Mon 23 Nov 10:00–12:00",)


def test_unavailable_volunteers_are_counted() -> None:
    plan = solve(problem([volunteer(availability=(slot(14, 16),))], [request()]), workers=1)
    assert "none available Mon 23 Nov 10:00–12:00" in plan.unassigned[0].reasons[0]


def test_mixed_reasons_are_counted_per_rule() -> None:
    vols = [volunteer("v1", gender="m"), volunteer("v2", gender="f", max_distance_km=0.1)]
    plan = solve(problem(vols, [request(gender_preference="f")]), workers=1)
    reason = plan.unassigned[0].reasons[0]
    assert reason.startswith("2 volunteers with skill 'shopping':")
    assert "1 not the preferred gender" in reason and "1 too far away" in reason


def test_assignment_has_terms_and_alternatives() -> None:
    weights = Weights(continuity=50, language=30, change=0, fairness=0)
    r = request(previous_volunteers=frozenset({"v1"}), languages=frozenset({"nl"}))
    vols = [
        volunteer("v1"),
        volunteer("v2", location=near(900)),
        volunteer("v3", skills=frozenset()),
    ]
    plan = solve(problem(vols, [r], weights=weights), workers=1)
    explanation = plan.assignments[0].explanation
    assert explanation is not None
    terms = dict(explanation.terms)
    assert terms["continuity"] == -50 and terms["language"] == -30
    assert [a.volunteer for a in explanation.alternatives] == ["v2"]
    assert explanation.alternatives[0].note.startswith("free")


def test_cost_above_penalty_is_explained() -> None:
    pairs = (PairOverride("r1", "v1", cost=9999.0),)
    plan = solve(problem([volunteer()], [request(priority=1)], pairs=pairs), workers=1)
    assert "more than leaving it" in plan.unassigned[0].reasons[0]
