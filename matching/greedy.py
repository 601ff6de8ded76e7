"""Nearest-available greedy: the baseline and the warm start of the solver.

Requests are taken pinned first, then those of the plan in force (earliest
deadline first, each offered to its current volunteer first, so a re-plan
starts from the current plan), then by priority (highest first) and window
start; each goes to its cheapest-scoring free volunteer(s) at the earliest
start where they are all free.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from matching.eligibility import Option
from matching.problem import Problem

Placement = tuple[int, int]  # (index into the given options, start minute)


@dataclass
class Diary:
    """What one volunteer has taken on so far."""

    busy: list[tuple[int, int]] = field(default_factory=list)
    minutes: int = 0
    tasks: int = 0

    def free_starts(self, o: Option) -> list[tuple[int, int]]:
        """Ranges of start minutes for `o` that clash with nothing booked."""
        ranges = [(o.earliest, o.latest)]
        for b0, b1 in self.busy:
            blocked = (b0 - o.after + 1, b1 + o.before - 1)
            next_ranges = []
            for lo, hi in ranges:
                if blocked[1] < lo or blocked[0] > hi:
                    next_ranges.append((lo, hi))
                    continue
                if lo < blocked[0]:
                    next_ranges.append((lo, blocked[0] - 1))
                if hi > blocked[1]:
                    next_ranges.append((blocked[1] + 1, hi))
            ranges = next_ranges
        return ranges

    def book(self, o: Option, start: int) -> None:
        """Record the busy interval of option `o` starting at `start`."""
        bisect.insort(self.busy, (start - o.before, start + o.after))
        self.minutes += o.busy
        self.tasks += 1

    def unbook(self, o: Option, start: int) -> None:
        """Forget the busy interval of option `o` starting at `start`."""
        self.busy.remove((start - o.before, start + o.after))
        self.minutes -= o.busy
        self.tasks -= 1


def fits(problem: Problem, diary: Diary, o: Option) -> bool:
    """Whether capacity_minutes and max_tasks leave room for option `o`."""
    v = problem.volunteers[o.volunteer]
    if v.capacity_minutes is not None and diary.minutes + o.busy > v.capacity_minutes:
        return False
    return v.max_tasks is None or diary.tasks < v.max_tasks


def _common_start(ranges: list[list[tuple[int, int]]], need: int) -> tuple[int, list[int]] | None:
    """The earliest minute inside the free ranges of at least `need` candidates."""
    points = sorted({lo for rs in ranges for lo, _ in rs})
    for t in points:
        members = [k for k, rs in enumerate(ranges) if any(lo <= t <= hi for lo, hi in rs)]
        if len(members) >= need:
            return t, members[:need]
    return None


def greedy_plan(
    problem: Problem,
    options: Sequence[Option],
    constrained_first: bool = False,
    fixed: Sequence[Placement] = (),
) -> list[Placement]:
    """A feasible plan built one request at a time (pins best effort).

    `constrained_first` serves, within one priority, the requests with the
    fewest candidates first: a better warm start than the plain baseline.
    `fixed` placements are booked first and their requests left alone.
    """
    by_request: dict[int, list[int]] = defaultdict(list)
    for p, o in enumerate(options):
        by_request[o.request].append(p)
    current = problem.current_pairs
    demand: dict[int, int] = defaultdict(int)
    for o in options:
        demand[o.volunteer] += 1

    def order(i: int) -> tuple[int, int, int, int, int]:
        r = problem.requests[i]
        scarcity = len({options[p].volunteer for p in by_request[i]}) // r.volunteers_needed
        keeps = any(
            (r.id, problem.volunteers[options[p].volunteer].id) in current for p in by_request[i]
        )
        return (
            0 if r.pinned_volunteers else 1,
            0 if keeps else 1,
            -r.priority,
            scarcity if constrained_first else 0,
            min(options[p].earliest for p in by_request[i]),
        )

    diaries: dict[int, Diary] = defaultdict(Diary)
    plan: list[Placement] = list(fixed)
    for p, start in fixed:
        diaries[options[p].volunteer].book(options[p], start)
    done = {options[p].request for p, _ in fixed}
    for i in sorted(set(by_request) - done, key=order):
        r = problem.requests[i]
        pinned = set(r.pinned_volunteers)

        def preference(p: int, r_id: str = r.id, pins: set[str] = pinned) -> tuple[int, float]:
            vid = problem.volunteers[options[p].volunteer].id
            first = vid in pins or (r_id, vid) in current
            # The warm start spares volunteers many requests compete for.
            contested = demand[options[p].volunteer] if constrained_first else 0
            return (0 if first else 1, contested * 10 + options[p].score)

        candidates = sorted(by_request[i], key=preference)
        candidates = [
            p for p in candidates if fits(problem, diaries[options[p].volunteer], options[p])
        ]
        if r.volunteers_needed == 1:
            for p in candidates:
                free = diaries[options[p].volunteer].free_starts(options[p])
                if free:
                    plan.append((p, free[0][0]))
                    diaries[options[p].volunteer].book(options[p], free[0][0])
                    break
            continue
        per_volunteer: dict[int, list[tuple[int, int, int]]] = {}
        for p in candidates:
            j = options[p].volunteer
            free = diaries[j].free_starts(options[p])
            per_volunteer.setdefault(j, []).extend((lo, hi, p) for lo, hi in free)
        volunteers = list(per_volunteer)
        ranges = [[(lo, hi) for lo, hi, _ in per_volunteer[j]] for j in volunteers]
        common = _common_start(ranges, r.volunteers_needed)
        if common is None:
            continue
        start, members = common
        for k in members:
            p = next(p for lo, hi, p in per_volunteer[volunteers[k]] if lo <= start <= hi)
            plan.append((p, start))
            diaries[options[p].volunteer].book(options[p], start)
    return plan
