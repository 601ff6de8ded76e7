"""Run benchmark suites, one fresh process per measurement, and print tables."""

from __future__ import annotations

import multiprocessing
import statistics
from collections.abc import Sequence
from multiprocessing.queues import Queue

from matching.bench.suites import Case, Row, all_suites

COLUMNS = (
    ("instance", 22),
    ("size", 10),
    ("status", 9),
    ("objective", 13),
    ("bound", 13),
    ("gap%", 7),
    ("s", 6),
    ("peakMB", 7),
    ("greedy", 13),
    ("g.gap%", 7),
    ("g.s", 5),
    ("vs.g%", 6),
)


def _measure(case: Case, time_limit: float, workers: int, seed: int, queue: Queue[Row]) -> None:
    queue.put(case.measure(case, case.time_limit or time_limit, workers, seed))


def measure_fresh(case: Case, time_limit: float, workers: int, seed: int) -> Row:
    """Measure in a forked child so that peak memory belongs to this case alone."""
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_measure, args=(case, time_limit, workers, seed, queue))
    child.start()
    row: Row = queue.get()
    child.join()
    return row


def _cell(value: float | str | None, width: int) -> str:
    if value is None:
        text = "-"
    elif isinstance(value, float):
        text = f"{value:.3f}" if abs(value) < 100 else f"{value:.1f}"
    else:
        text = str(value)
    return text.rjust(width)


def _median(rows: list[Row], key: str) -> float | str | None:
    values = [r[key] for r in rows if r.get(key) is not None]
    if not values:
        return None
    if isinstance(values[0], str):
        return values[0]
    return statistics.median(float(v) for v in values if v is not None)


def run_suites(
    names: Sequence[str], time_limit: float, workers: int, seed: int, repeat: int
) -> None:
    """Print one table per suite (medians over `repeat` runs) and a summary line."""
    suites = all_suites()
    for name in names:
        cases = suites[name]()
        print(
            f"\n## {name} (time limit {cases[0].time_limit or time_limit} s, {workers} workers, "
            f"median of {repeat})"
        )
        print(" ".join(title.rjust(width) for title, width in COLUMNS) + "  note")
        gaps, seconds, statuses = [], [], []
        for case in cases:
            rows = [measure_fresh(case, time_limit, workers, seed + k) for k in range(repeat)]
            keys = (
                "status",
                "objective",
                "bound",
                "gap",
                "seconds",
                "peak_mb",
                "greedy",
                "greedy_gap",
                "greedy_seconds",
                "vs_greedy",
            )
            values = [case.name, case.size] + [_median(rows, k) for k in keys]
            line = " ".join(_cell(v, w) for v, (_, w) in zip(values, COLUMNS, strict=True))
            notes = [str(r["note"]) for r in rows if r.get("note")]
            print(line + "  " + " / ".join(notes), flush=True)
            if rows[0]["gap"] is not None:
                gaps.append(float(_median(rows, "gap") or 0.0))
            seconds.append(float(_median(rows, "seconds") or 0.0))
            statuses.append(str(rows[0]["status"]))
        summary = (
            f"{len(cases)} cases, {statuses.count('optimal')} optimal, max {max(seconds):.2f} s"
        )
        if gaps:
            summary += f", mean gap {statistics.mean(gaps):.3f} %, max gap {max(gaps):.3f} %"
        print(summary)
