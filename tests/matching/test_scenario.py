"""Reading scenarios: good files load, bad ones list every problem with its JSON path."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from matching import ScenarioError, parse_scenario, scenario_dict

from .builders import problem, request, volunteer

GOOD: dict[str, Any] = {
    "version": 1,
    "volunteers": [
        {
            "id": "v1",
            "location": {"lat": 51.2194, "lon": 4.4025},
            "skills": ["shopping"],
            "availability": [
                {"start": "2026-11-23T09:00:00+01:00", "end": "2026-11-23T17:00:00+01:00"}
            ],
        }
    ],
    "requests": [
        {
            "id": "r1",
            "resident": "ann",
            "location": {"lat": 51.2239, "lon": 4.4025},
            "skill": "shopping",
            "duration_minutes": 60,
            "window": {"start": "2026-11-23T10:00:00+01:00", "end": "2026-11-23T12:00:00+01:00"},
        }
    ],
}


def _errors(change: Any) -> list[str]:
    data = copy.deepcopy(GOOD)
    change(data)
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(data)
    return caught.value.problems


def test_good_scenario_loads_with_defaults() -> None:
    p = parse_scenario(GOOD)
    assert p.weights.unfilled == 1000 and p.travel.detour_factor == 1.3
    assert p.requests[0].priority == 3 and p.volunteers[0].mode == "walk"


def test_written_scenario_reads_back_the_same() -> None:
    original = problem([volunteer()], [request(volunteers_needed=2, pinned_volunteers=("v1",))])
    assert parse_scenario(scenario_dict(original)) == original


def test_window_end_before_start_names_the_path() -> None:
    def swap(d: Any) -> None:
        d["requests"][0]["window"]["end"] = "2026-11-23T09:00:00+01:00"

    assert _errors(swap) == ["requests[0].window: end is before start"]


def test_every_problem_is_reported_at_once() -> None:
    def break_many(d: Any) -> None:
        d["requests"][0]["priority"] = 9
        d["requests"][0].pop("skill")
        d["volunteers"][0]["mode"] = "rocket"
        d["volunteers"][0]["availability"][0]["start"] = "2026-11-23T09:00:00"

    found = _errors(break_many)
    paths = sorted(line.split(":")[0] for line in found)
    assert paths == [
        "requests[0].priority",
        "requests[0].skill",
        "volunteers[0].availability[0].start",
        "volunteers[0].mode",
    ]


def test_unknown_field_and_version_are_rejected() -> None:
    def odd(d: Any) -> None:
        d["version"] = 2
        d["volunteers"][0]["favourite_colour"] = "blue"

    found = _errors(odd)
    assert any(line.startswith("version:") for line in found)
    assert any(line.startswith("volunteers[0].favourite_colour:") for line in found)


def test_references_and_duplicates_are_checked() -> None:
    def dangling(d: Any) -> None:
        d["volunteers"].append(copy.deepcopy(d["volunteers"][0]))
        d["requests"][0]["pinned_volunteers"] = ["ghost"]
        d["pairs"] = [{"request": "r9", "volunteer": "v1", "cost": 1}]
        d["current_assignments"] = [{"request": "r1", "volunteer": "nobody"}]

    found = _errors(dangling)
    assert "volunteers[1].id: duplicate id 'v1'" in found
    assert "requests[0].pinned_volunteers[0]: unknown volunteer 'ghost'" in found
    assert "pairs[0].request: unknown request 'r9'" in found
    assert "current_assignments[0].volunteer: unknown volunteer 'nobody'" in found


def test_location_may_be_left_out_only_with_complete_pairs() -> None:
    def no_home(d: Any) -> None:
        d["volunteers"][0].pop("location")

    assert _errors(no_home)[0].startswith("volunteers[0].location: required unless")
    data = copy.deepcopy(GOOD)
    no_home(data)
    data["pairs"] = [{"request": "r1", "volunteer": "v1", "busy_minutes": 30, "cost": 4}]
    assert parse_scenario(data).volunteers[0].location is None


def test_non_object_scenario_is_rejected() -> None:
    with pytest.raises(ScenarioError):
        parse_scenario([1, 2, 3])
