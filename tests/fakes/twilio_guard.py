"""Fail any test whose code tries to reach the real Twilio."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
import requests.adapters


class RealTwilioCall(AssertionError):
    """Raised instead of sending an HTTP request to *.twilio.com."""


def block_real_twilio(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Make every request to a twilio.com host raise; return the list of blocked URLs.

    The list lets a fixture fail the test even when the code under test
    swallowed the exception.
    """
    blocked: list[str] = []
    original = requests.adapters.HTTPAdapter.send

    def guarded_send(self: requests.adapters.HTTPAdapter, request: Any, **kwargs: Any) -> Any:
        host = (urlsplit(request.url).hostname or "").lower()
        if host == "twilio.com" or host.endswith(".twilio.com"):
            blocked.append(request.url)
            raise RealTwilioCall(f"test tried to reach the real Twilio: {request.url}")
        return original(self, request, **kwargs)

    monkeypatch.setattr(requests.adapters.HTTPAdapter, "send", guarded_send)
    return blocked
