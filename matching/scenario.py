"""Read a scenario (SCENARIO.md) into a Problem, collecting every error with its JSON path."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from marshmallow import ValidationError

from matching.problem import CurrentAssignment, PairOverride, Problem
from matching.schemas import ScenarioSchema


class ScenarioError(ValueError):
    """An invalid scenario; `problems` holds one line per problem, each with its JSON path."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def _flatten(errors: Any, path: str = "") -> Iterator[str]:
    """Turn marshmallow's nested error dict into 'requests[3].window: message' lines."""
    if isinstance(errors, dict):
        for key, value in errors.items():
            if key == "_schema":
                yield from _flatten(value, path)
            elif isinstance(key, int):
                yield from _flatten(value, f"{path}[{key}]")
            else:
                yield from _flatten(value, f"{path}.{key}" if path else str(key))
    elif isinstance(errors, list):
        for message in errors:
            yield from _flatten(message, path)
    else:
        yield f"{path or '(scenario)'}: {errors}"


def _duplicates(items: list[Any], kind: str) -> Iterator[str]:
    counts = Counter(item.id for item in items)
    for k, item in enumerate(items):
        if counts[item.id] > 1:
            yield f"{kind}[{k}].id: duplicate id '{item.id}'"


def _references(problem: Problem) -> Iterator[str]:
    """Errors no single schema can see: ids, references and missing locations."""
    yield from _duplicates(list(problem.volunteers), "volunteers")
    yield from _duplicates(list(problem.requests), "requests")
    volunteers, requests = problem.volunteer_by_id, problem.request_by_id
    references: list[tuple[str, Sequence[PairOverride | CurrentAssignment]]] = [
        ("pairs", problem.pairs),
        ("current_assignments", problem.current_assignments),
    ]
    for name, rows in references:
        for k, row in enumerate(rows):
            if row.request not in requests:
                yield f"{name}[{k}].request: unknown request '{row.request}'"
            if row.volunteer not in volunteers:
                yield f"{name}[{k}].volunteer: unknown volunteer '{row.volunteer}'"
    seen: Counter[tuple[str, str]] = Counter((o.request, o.volunteer) for o in problem.pairs)
    for k, o in enumerate(problem.pairs):
        if seen[(o.request, o.volunteer)] > 1:
            yield f"pairs[{k}]: duplicate pair {o.request}→{o.volunteer}"
    for i, r in enumerate(problem.requests):
        for k, vid in enumerate(r.pinned_volunteers):
            if vid not in volunteers:
                yield f"requests[{i}].pinned_volunteers[{k}]: unknown volunteer '{vid}'"
    yield from _locations(problem)


def _complete(o: Any) -> bool:
    return o is not None and (
        o.allowed is False or (o.busy_minutes is not None and o.cost is not None)
    )


def _locations(problem: Problem) -> Iterator[str]:
    """A location may be left out only when every pair carries busy_minutes and cost."""
    pairs = problem.override_by_pair
    for j, v in enumerate(problem.volunteers):
        if v.location is None and not all(
            _complete(pairs.get((r.id, v.id))) for r in problem.requests
        ):
            yield (
                f"volunteers[{j}].location: required unless every pair with this volunteer "
                "has busy_minutes and cost"
            )
    for i, r in enumerate(problem.requests):
        if r.location is None and not all(
            _complete(pairs.get((r.id, v.id))) for v in problem.volunteers
        ):
            yield (
                f"requests[{i}].location: required unless every pair with this request "
                "has busy_minutes and cost"
            )


def parse_scenario(data: Any) -> Problem:
    """Validate a decoded scenario document and build the Problem, or raise ScenarioError."""
    try:
        loaded = ScenarioSchema().load(data)
    except ValidationError as error:
        raise ScenarioError(list(_flatten(error.messages))) from None
    problem = Problem(
        volunteers=tuple(loaded["volunteers"]),
        requests=tuple(loaded["requests"]),
        pairs=tuple(loaded["pairs"]),
        current_assignments=tuple(loaded["current_assignments"]),
        travel=loaded["travel"],
        weights=loaded["weights"],
    )
    problems = list(_references(problem))
    if problems:
        raise ScenarioError(problems)
    return problem


def read_scenario(path: str | Path) -> Problem:
    """Read and validate a scenario file."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise ScenarioError([f"(scenario): not valid JSON: {error}"]) from None
    return parse_scenario(data)
