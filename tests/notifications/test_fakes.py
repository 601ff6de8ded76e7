"""The test fakes themselves: webhook signatures and the fake server's bookkeeping."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest
from twilio.request_validator import RequestValidator

from tests.fakes.twilio_server import ACCOUNT_SID, FakeTwilio
from tests.fakes.twilio_webhooks import (
    inbound_sms_form,
    signed_headers,
    status_callback_form,
    twilio_signature,
)

TOKEN = "secret-token"
URL = "https://buurtmatch.example/sms/inbound"


def test_signature_validates_with_twilios_validator() -> None:
    form = inbound_sms_form("+32470123456", "JA K7")

    signature = twilio_signature(TOKEN, URL, form)

    assert RequestValidator(TOKEN).validate(URL, form, signature)
    assert not RequestValidator(TOKEN).validate(URL, {**form, "Body": "NEE"}, signature)
    assert signed_headers(TOKEN, URL, form) == {"X-Twilio-Signature": signature}


def test_status_callback_form_carries_the_error_code() -> None:
    form = status_callback_form("SM123", "undelivered", error_code=30005)

    assert form["MessageStatus"] == "undelivered" and form["ErrorCode"] == "30005"


def test_fake_server_answers_unknown_paths_with_404(fake_twilio: FakeTwilio) -> None:
    request = urllib.request.Request(f"{fake_twilio.base_url}/nope", data=b"", method="POST")

    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(request, timeout=2)

    assert caught.value.code == 404
    assert json.loads(caught.value.read())["code"] == 20404
    caught.value.close()
    assert fake_twilio.requests[0].path == "/nope"


def test_fake_server_rejects_missing_auth(fake_twilio: FakeTwilio) -> None:
    url = f"{fake_twilio.base_url}/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"
    request = urllib.request.Request(url, data=b"To=%2B32470123456&Body=x", method="POST")

    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(request, timeout=2)

    assert caught.value.code == 401
    caught.value.close()
    assert fake_twilio.created == []
