"""The app as the simulation runs it: Twilio through the local fake, quiet hours on."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from tests.conftest import _dispose, _empty_tables, make_app
from tests.fakes.twilio_server import FakeTwilio
from tests.simulation.world import simulation_config


@pytest.fixture
def simulated_app(_migrated: str, fake_twilio: FakeTwilio) -> Iterator[Flask]:
    """The app as the simulation runs it: Twilio through the fake, quiet hours on."""
    app = make_app(_migrated, **simulation_config(fake_twilio))
    with app.app_context():
        yield app
        _empty_tables()
        _dispose()
