"""The matching engine: who helps whom, when.

Purity rule: this package imports only the standard library and OR-Tools,
plus marshmallow inside scenario reading (`schemas.py`, `scenario.py`). It
does no I/O except in the CLI and the scenario/bench file helpers, and knows
nothing of Flask, SQLAlchemy, Twilio or APScheduler. Input and output are
frozen dataclasses (`Problem`, `Solution`); the JSON contract is SCENARIO.md.
"""

from matching.problem import (
    CurrentAssignment,
    HelpRequest,
    Location,
    PairOverride,
    Problem,
    TimeSlot,
    Travel,
    Vehicle,
    Volunteer,
    Weights,
)
from matching.result import parse_result, result_dict
from matching.scenario import ScenarioError, parse_scenario, read_scenario
from matching.scenario_write import scenario_dict
from matching.solution import Alternative, Assignment, Explanation, Solution, Unassigned
from matching.solver import InvalidPlanError, solve
from matching.validate import violations

__all__ = [
    "Alternative",
    "Assignment",
    "CurrentAssignment",
    "Explanation",
    "HelpRequest",
    "InvalidPlanError",
    "Location",
    "PairOverride",
    "Problem",
    "ScenarioError",
    "Solution",
    "TimeSlot",
    "Travel",
    "Unassigned",
    "Vehicle",
    "Volunteer",
    "Weights",
    "parse_result",
    "parse_scenario",
    "read_scenario",
    "result_dict",
    "scenario_dict",
    "solve",
    "violations",
]
