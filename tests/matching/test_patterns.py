"""Patterns: the complete list of task sets a volunteer can fit into one stretch of time."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from matching.eligibility import Option
from matching.patterns import (
    Pattern,
    cluster_patterns,
    duo_range,
    overlap_clusters,
    pattern_of,
    schedule,
)

DUO = 9  # request index used for duo tasks below


def option(request: int, earliest: int, latest: int, before: int = 10, after: int = 70) -> Option:
    return Option(request, 0, 0, earliest, latest, before, after, 0.0)


def fits(options: list[Option], order: tuple[int, ...], starts: list[int]) -> bool:
    """Each task inside its range, each busy interval after the previous one."""
    free = -(10**9)
    for p, start in zip(order, starts, strict=True):
        o = options[p]
        if not o.earliest <= start <= o.latest or start - o.before < free:
            return False
        free = start + o.after
    return True


def feasible_starts(options: list[Option], order: tuple[int, ...], duo: int) -> set[int]:
    """Start minutes of order[duo] for which the whole order fits (by brute force)."""
    o = options[order[duo]]
    return {
        t
        for t in range(o.earliest, o.latest + 1)
        if fits(options, order, schedule(options, order, {duo: t}))
    }


def brute_force(options: list[Option], duos: set[int]) -> dict[frozenset[int], set[int] | None]:
    """Every feasible set: None for plain sets, the duo task's possible starts otherwise."""
    found: dict[frozenset[int], set[int] | None] = {}
    positions = range(len(options))
    for size in range(1, len(options) + 1):
        for combo in itertools.combinations(positions, size):
            requests = [options[p].request for p in combo]
            if len(set(requests)) < size or sum(r in duos for r in requests) > 1:
                continue
            for order in itertools.permutations(combo):
                duo = next((k for k, p in enumerate(order) if options[p].request in duos), None)
                if duo is None:
                    if fits(options, order, schedule(options, order, {})):
                        found[frozenset(combo)] = None
                else:
                    starts = feasible_starts(options, order, duo)
                    if starts:
                        known = found.setdefault(frozenset(combo), set())
                        assert known is not None
                        known |= starts
    return found


@st.composite
def clusters(draw: st.DrawFn) -> list[Option]:
    found = []
    for _ in range(draw(st.integers(1, 5))):
        earliest = draw(st.integers(0, 120))
        before = draw(st.integers(0, 20))
        found.append(
            option(
                draw(st.sampled_from((0, 1, 2, 3, DUO, DUO + 1))),
                earliest,
                earliest + draw(st.integers(0, 90)),
                before,
                before + draw(st.integers(10, 60)),
            )
        )
    return found


@settings(max_examples=150, deadline=None, derandomize=True)
@given(clusters())
def test_patterns_are_exactly_the_feasible_sets(options: list[Option]) -> None:
    duos = {DUO, DUO + 1}
    patterns, complete = cluster_patterns(options, list(range(len(options))), 0, duos)
    got: dict[frozenset[int], set[int] | None] = {}
    for pat in patterns:
        key = frozenset(pat.order)
        if pat.duo is None:
            assert key not in got
            assert fits(options, pat.order, schedule(options, pat.order, {}))
            got[key] = None
            continue
        starts = got.setdefault(key, set())
        assert starts is not None
        for timing in pat.timings:
            k = timing.order.index(pat.order[pat.duo])
            assert feasible_starts(options, timing.order, k) >= set(
                range(timing.low, timing.high + 1)
            )
            starts |= set(range(timing.low, timing.high + 1))
    expected = brute_force(options, duos)
    if complete:
        assert got == expected
    else:
        # Only sets with two duo tasks are left out, and those are never offered.
        assert set(got) <= set(expected)
        assert any(sum(options[p].request in duos for p in key) > 1 for key in _all_sets(options))


def _all_sets(options: list[Option]) -> list[tuple[int, ...]]:
    positions = range(len(options))
    return [c for n in range(2, len(options) + 1) for c in itertools.combinations(positions, n)]


def test_a_duo_start_range_leaves_room_for_the_tasks_around_it() -> None:
    options = [option(0, 0, 30), option(DUO, 60, 200), option(1, 150, 160)]
    # Task 0 ends at 70 at the earliest; the duo needs 10 minutes of travel first;
    # task 1 starts at 160 at the latest, so the duo must be done by 150.
    assert duo_range(options, (0, 1, 2), 1) == (80, 80)
    assert schedule(options, (0, 1, 2), {1: 80}) == [0, 80, 160]


def test_clusters_split_where_busy_regions_cannot_meet() -> None:
    options = [option(0, 0, 10), option(1, 40, 50), option(2, 500, 510)]
    assert overlap_clusters(options, [2, 0, 1]) == [[0, 1], [2]]


def test_a_cap_marks_the_list_incomplete() -> None:
    options = [option(k, 0, 1000, 0, 5) for k in range(8)]
    patterns, complete = cluster_patterns(options, list(range(8)), 0, set(), cap=20)
    assert not complete and 20 <= len(patterns) < 2**8


def test_a_known_plan_becomes_its_pattern() -> None:
    options = [option(0, 0, 100), option(DUO, 0, 300)]
    pat = pattern_of(options, 3, [(1, 150), (0, 20)], {DUO})
    assert pat == Pattern(3, 0, (0, 1), 1, pat.timings)
    assert pat is not None and pat.low <= 150 <= pat.high
    two_duos = [*options, option(DUO + 1, 0, 400)]
    assert pattern_of(two_duos, 3, [(1, 150), (2, 300)], {DUO, DUO + 1}) is None
