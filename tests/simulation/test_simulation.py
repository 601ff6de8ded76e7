"""A short neighbourhood simulation on the test database (SQLite, or PostgreSQL in CI).

`python -m tests.simulation --seed N --weeks 4` runs the full month and prints it.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import func, select

from tests.fakes.twilio_server import FakeTwilio
from tests.simulation.world import Neighbourhood, live_a_month, next_monday_morning
from web.db import db
from web.models import Assignment


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2])
def test_a_week_in_the_neighbourhood_keeps_every_invariant(
    simulated_app: Flask, fake_twilio: FakeTwilio, seed: int
) -> None:
    world = Neighbourhood(simulated_app, fake_twilio, seed=seed, start=next_monday_morning())
    with world.running():
        live_a_month(world, weeks=1, step=timedelta(minutes=30))
        accepted = db.session.scalar(
            select(func.count()).select_from(Assignment).where(Assignment.answered_at.is_not(None))
        )
        print(world.table())
    # The week was lived, not skipped: requests were filed, offered, answered.
    assert world.figures.filed["public form"] > 5 and accepted
    assert world.figures.meanwhile >= 1
