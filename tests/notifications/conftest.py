"""Fixtures for the SMS edge: the Twilio guard, a fake Twilio server and a sender using it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from notifications.twilio_sms import TwilioSmsSender
from tests.fakes.twilio_server import ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER, FakeTwilio

__all__ = ["twilio_sender"]


@pytest.fixture
def twilio_sender(fake_twilio: FakeTwilio) -> Iterator[TwilioSmsSender]:
    """The real twilio client, sending from FROM_NUMBER to the fake server."""
    sender = TwilioSmsSender(
        ACCOUNT_SID,
        AUTH_TOKEN,
        from_number=FROM_NUMBER,
        api_base_url=fake_twilio.base_url,
        timeout=2.0,
    )
    yield sender
    sender.close()
