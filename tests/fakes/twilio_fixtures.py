"""Pytest fixtures for anything that talks to Twilio.

Use them suite-wide with ``pytest_plugins = ["tests.fakes.twilio_fixtures"]``
in the root conftest, or import the fixtures into a package's conftest.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakes.twilio_guard import block_real_twilio
from tests.fakes.twilio_server import FakeTwilio


@pytest.fixture(autouse=True)
def no_real_twilio(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fail the test if anything tried to reach *.twilio.com, even if the error was caught."""
    blocked = block_real_twilio(monkeypatch)
    yield
    assert not blocked, f"tests must not call the real Twilio: {blocked}"


@pytest.fixture
def fake_twilio() -> Iterator[FakeTwilio]:
    """A running fake Twilio REST server on 127.0.0.1; pass ``base_url`` as api_base_url."""
    with FakeTwilio() as server:
        yield server
