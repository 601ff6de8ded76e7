"""Fill unfilled requests by moving one assigned request to another volunteer.

A cheap local search between the greedy warm start and LNS: for each
unfilled single-volunteer request (highest priority first), try its
candidates; if a candidate is busy, try to hand one of their single-volunteer
tasks to someone else who is free, when the net objective change is negative.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from matching.eligibility import Option
from matching.greedy import Diary, Placement, fits
from matching.objective import unfilled_penalty
from matching.problem import Problem


def fill_by_moves(
    problem: Problem, options: Sequence[Option], plan: list[Placement]
) -> list[Placement]:
    """The plan with as many unfilled requests inserted as single moves allow."""
    by_request: dict[int, list[int]] = defaultdict(list)
    for p, o in enumerate(options):
        by_request[o.request].append(p)
    diaries: dict[int, Diary] = defaultdict(Diary)
    placed: dict[int, Placement] = {}
    held: dict[int, set[int]] = defaultdict(set)
    count: dict[int, int] = defaultdict(int)
    duo_rows: list[Placement] = []
    for p, start in plan:
        diaries[options[p].volunteer].book(options[p], start)
        count[options[p].request] += 1
        if problem.requests[options[p].request].volunteers_needed > 1:
            duo_rows.append((p, start))
            continue
        placed[options[p].request] = (p, start)
        held[options[p].volunteer].add(options[p].request)
    movable = {i for i in placed if not problem.requests[i].pinned_volunteers}
    waiting = [
        i for i in by_request if i not in count and problem.requests[i].volunteers_needed == 1
    ]
    waiting.sort(key=lambda i: -problem.requests[i].priority)
    for i in waiting:
        gain = unfilled_penalty(problem, problem.requests[i])
        for p in sorted(by_request[i], key=lambda p: options[p].score):
            o = options[p]
            diary = diaries[o.volunteer]
            if _place(problem, diary, o, p, placed, held, count, i, gain):
                break
            if _move_one(
                problem, options, by_request, diaries, o, p, placed, held, count, movable, i, gain
            ):
                break
    return sorted([*placed.values(), *duo_rows])


def _place(
    problem: Problem,
    diary: Diary,
    o: Option,
    p: int,
    placed: dict[int, Placement],
    held: dict[int, set[int]],
    count: dict[int, int],
    i: int,
    gain: float,
) -> bool:
    if o.score >= gain or not fits(problem, diary, o):
        return False
    free = diary.free_starts(o)
    if not free:
        return False
    diary.book(o, free[0][0])
    placed[i] = (p, free[0][0])
    held[o.volunteer].add(i)
    count[i] = 1
    return True


def _move_one(
    problem: Problem,
    options: Sequence[Option],
    by_request: dict[int, list[int]],
    diaries: dict[int, Diary],
    o: Option,
    p: int,
    placed: dict[int, Placement],
    held: dict[int, set[int]],
    count: dict[int, int],
    movable: set[int],
    i: int,
    gain: float,
) -> bool:
    diary = diaries[o.volunteer]
    for q in sorted(held[o.volunteer] & movable):
        qp, qstart = placed[q]
        diary.unbook(options[qp], qstart)
        if fits(problem, diary, o) and diary.free_starts(o):
            for alt in sorted(by_request[q], key=lambda a: options[a].score):
                other = options[alt]
                if other.volunteer == o.volunteer:
                    continue
                delta = o.score + other.score - options[qp].score
                target = diaries[other.volunteer]
                if delta >= gain or not fits(problem, target, other):
                    continue
                free = target.free_starts(other)
                if not free:
                    continue
                target.book(other, free[0][0])
                placed[q] = (alt, free[0][0])
                held[o.volunteer].discard(q)
                held[other.volunteer].add(q)
                start = diary.free_starts(o)[0][0]
                diary.book(o, start)
                placed[i] = (p, start)
                held[o.volunteer].add(i)
                count[i] = 1
                return True
        diary.book(options[qp], qstart)
    return False
