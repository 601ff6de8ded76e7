"""Hypothesis drives the neighbourhood: any order of the same actions keeps every invariant.

The simulation lives one scripted month; this state machine tries many short,
odd orders of the same actions (approve before triage, cancel while a round
runs, a day of silence, STOP in the middle of an offer) and shrinks any that
breaks a rule to the shortest story that does.
"""

from __future__ import annotations

import os
from contextlib import ExitStack
from datetime import timedelta

import pytest
from flask import Flask
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from tests.conftest import _empty_tables
from tests.fakes.twilio_server import FakeTwilio
from tests.simulation.world import Neighbourhood, next_monday_morning

STEP = timedelta(minutes=30)


class NeighbourhoodMachine(RuleBasedStateMachine):
    """The actions of the month, in any order Hypothesis picks."""

    def __init__(self, app: Flask, fake: FakeTwilio) -> None:
        super().__init__()
        self.app, self.fake = app, fake
        self.stack = ExitStack()
        self.world: Neighbourhood

    @initialize(seed=st.integers(0, 2**16), hour=st.integers(0, 23))
    def start(self, seed: int, hour: int) -> None:
        _empty_tables()
        start = next_monday_morning() + timedelta(hours=hour - 7)
        self.world = Neighbourhood(self.app, self.fake, seed=seed, start=start)
        self.stack.enter_context(self.world.running())

    def teardown(self) -> None:
        self.stack.close()

    @rule(shares_a_phone=st.booleans())
    def file_on_public_form(self, shares_a_phone: bool) -> None:
        self.world.file_on_public_form(shares_a_phone=shares_a_phone)

    @rule(weekly=st.booleans())
    def file_by_phone(self, weekly: bool) -> None:
        self.world.file_by_phone(weekly=weekly)

    @rule()
    def triage(self) -> None:
        self.world.triage()

    @rule()
    def approve(self) -> None:
        self.world.approve()

    @rule()
    def swap(self) -> None:
        self.world.swap()

    @rule()
    def cancel(self) -> None:
        self.world.cancel()

    @rule(change=st.sampled_from(["absent", "availability", "cancel"]))
    def change_while_a_round_runs(self, change: str) -> None:
        {
            "absent": self.world.absent_meanwhile,
            "availability": self.world.availability_meanwhile,
            "cancel": self.world.cancel_meanwhile,
        }[change]()

    @rule(steps=st.integers(1, 16))
    def let_time_pass(self, steps: int) -> None:
        for _ in range(steps):
            self.world.tick(STEP)
            self.world.check()

    @invariant()
    def every_rule_holds(self) -> None:
        if hasattr(self, "world"):
            self.world.check()


@pytest.mark.slow
def test_any_order_of_actions_keeps_every_invariant(
    simulated_app: Flask, fake_twilio: FakeTwilio
) -> None:
    run_state_machine_as_test(
        lambda: NeighbourhoodMachine(simulated_app, fake_twilio),
        settings=settings(
            max_examples=int(os.environ.get("SIMULATION_EXAMPLES", "12")),
            stateful_step_count=20,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        ),
    )
