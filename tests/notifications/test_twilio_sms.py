"""TwilioSmsSender with the real twilio client against the local fake server."""

from __future__ import annotations

import base64
import socket
import time

import pytest

from notifications import DeliveryError, SmsSender
from notifications.twilio_sms import TwilioSmsSender
from tests.fakes.twilio_guard import RealTwilioCall, block_real_twilio
from tests.fakes.twilio_server import (
    ACCOUNT_SID,
    AUTH_TOKEN,
    DROPPED,
    FROM_NUMBER,
    GARBLED,
    INVALID_NUMBER,
    NOT_MOBILE,
    RATE_LIMITED,
    SERVER_ERROR,
    SUCCESS,
    UNSUBSCRIBED,
    Behaviour,
    FakeTwilio,
    slow,
)

TO = "+32470123456"


def test_success_returns_sid_and_status(
    twilio_sender: TwilioSmsSender, fake_twilio: FakeTwilio
) -> None:
    sender: SmsSender = twilio_sender
    sent = sender.send(TO, "Hallo")

    assert sent.sid.startswith("SM") and len(sent.sid) == 34
    assert sent.status == "queued"
    assert sent.segments == 1
    assert fake_twilio.created[0]["sid"] == sent.sid


def test_form_fields_and_auth_on_the_wire(
    twilio_sender: TwilioSmsSender, fake_twilio: FakeTwilio
) -> None:
    twilio_sender.send(TO, "Hulpvraag K7", status_callback="https://bm.example/sms/status?m=12")

    [request] = fake_twilio.requests
    assert request.path == f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"
    assert request.auth == (ACCOUNT_SID, AUTH_TOKEN)
    assert request.form == {
        "To": TO,
        "From": FROM_NUMBER,
        "Body": "Hulpvraag K7",
        "StatusCallback": "https://bm.example/sms/status?m=12",
    }
    expected = base64.b64encode(f"{ACCOUNT_SID}:{AUTH_TOKEN}".encode()).decode()
    assert request.headers["Authorization"] == f"Basic {expected}"


def test_no_status_callback_field_when_none_given(
    twilio_sender: TwilioSmsSender, fake_twilio: FakeTwilio
) -> None:
    twilio_sender.send(TO, "Hallo")

    assert "StatusCallback" not in fake_twilio.requests[0].form


def test_messaging_service_replaces_from(fake_twilio: FakeTwilio) -> None:
    sender = TwilioSmsSender(
        ACCOUNT_SID,
        AUTH_TOKEN,
        messaging_service_sid="MG" + "0" * 32,
        api_base_url=fake_twilio.base_url + "/",
    )
    try:
        sent = sender.send(TO, "Hallo")
    finally:
        sender.close()

    form = fake_twilio.requests[0].form
    assert form["MessagingServiceSid"] == "MG" + "0" * 32
    assert "From" not in form
    assert sent.status == "accepted"


def test_body_is_cleaned_of_costly_lookalikes(
    twilio_sender: TwilioSmsSender, fake_twilio: FakeTwilio
) -> None:
    twilio_sender.send(TO, "Maria\xa0komt  om 14:00 \u2013 \u2018ok\u2019?")

    assert fake_twilio.requests[0].form["Body"] == "Maria komt om 14:00 - 'ok'?"


def test_one_attempt_on_rate_limit_is_transient(
    twilio_sender: TwilioSmsSender, fake_twilio: FakeTwilio
) -> None:
    fake_twilio.script(RATE_LIMITED, SUCCESS)

    with pytest.raises(DeliveryError) as caught:
        twilio_sender.send(TO, "Hallo")

    assert caught.value.retryable and caught.value.code == 20429
    assert len(fake_twilio.requests) == 1
    # The outbox retries later; the second attempt goes through.
    assert twilio_sender.send(TO, "Hallo").sid.startswith("SM")


def test_server_error_is_ambiguous(twilio_sender: TwilioSmsSender, fake_twilio: FakeTwilio) -> None:
    fake_twilio.script(SERVER_ERROR)

    with pytest.raises(DeliveryError) as caught:
        twilio_sender.send(TO, "Hallo")

    assert caught.value.ambiguous and not caught.value.permanent
    assert not caught.value.retryable


def test_read_timeout_is_ambiguous(fake_twilio: FakeTwilio) -> None:
    fake_twilio.script(slow(5))
    sender = TwilioSmsSender(
        ACCOUNT_SID, AUTH_TOKEN, from_number=FROM_NUMBER, api_base_url=fake_twilio.base_url,
        timeout=0.3,
    )  # fmt: skip
    started = time.monotonic()
    try:
        with pytest.raises(DeliveryError) as caught:
            sender.send(TO, "Hallo")
    finally:
        sender.close()

    assert time.monotonic() - started < 3
    assert caught.value.ambiguous
    assert len(fake_twilio.requests) == 1  # it did reach Twilio


def test_dropped_connection_after_sending_is_ambiguous(
    twilio_sender: TwilioSmsSender, fake_twilio: FakeTwilio
) -> None:
    fake_twilio.script(DROPPED)

    with pytest.raises(DeliveryError) as caught:
        twilio_sender.send(TO, "Hallo")

    assert caught.value.ambiguous


def test_unreadable_success_is_ambiguous(
    twilio_sender: TwilioSmsSender, fake_twilio: FakeTwilio
) -> None:
    fake_twilio.script(GARBLED)

    with pytest.raises(DeliveryError) as caught:
        twilio_sender.send(TO, "Hallo")

    assert caught.value.ambiguous


def test_messaging_service_segments_are_unknown_at_first(fake_twilio: FakeTwilio) -> None:
    sender = TwilioSmsSender(
        ACCOUNT_SID, AUTH_TOKEN, messaging_service_sid="MG" + "0" * 32,
        api_base_url=fake_twilio.base_url,
    )  # fmt: skip
    try:
        assert sender.send(TO, "Hallo").segments is None
    finally:
        sender.close()


def test_unreachable_host_is_transient_not_ambiguous() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    sender = TwilioSmsSender(
        ACCOUNT_SID, AUTH_TOKEN, from_number=FROM_NUMBER,
        api_base_url=f"http://127.0.0.1:{closed_port}", timeout=1.0,
    )  # fmt: skip
    try:
        with pytest.raises(DeliveryError) as caught:
            sender.send(TO, "Hallo")
    finally:
        sender.close()

    assert caught.value.retryable and caught.value.code is None


@pytest.mark.parametrize(
    ("behaviour", "code"),
    [(UNSUBSCRIBED, 21610), (INVALID_NUMBER, 21211), (NOT_MOBILE, 21614)],
)
def test_number_problems_are_permanent(
    twilio_sender: TwilioSmsSender, fake_twilio: FakeTwilio, behaviour: Behaviour, code: int
) -> None:
    fake_twilio.script_for(TO, behaviour)

    with pytest.raises(DeliveryError) as caught:
        twilio_sender.send(TO, "Hallo")

    assert caught.value.permanent and caught.value.code == code
    assert not caught.value.ambiguous


def test_per_recipient_script_leaves_others_alone(
    twilio_sender: TwilioSmsSender, fake_twilio: FakeTwilio
) -> None:
    fake_twilio.script_for(TO, UNSUBSCRIBED)

    assert twilio_sender.send("+32470999999", "Hallo").status == "queued"
    with pytest.raises(DeliveryError):
        twilio_sender.send(TO, "Hallo")


def test_other_client_errors_are_permanent(
    twilio_sender: TwilioSmsSender, fake_twilio: FakeTwilio
) -> None:
    fake_twilio.script(Behaviour(400, 21602, "Message body is required."))

    with pytest.raises(DeliveryError) as caught:
        twilio_sender.send(TO, "")

    assert caught.value.permanent and caught.value.code == 21602


def test_wrong_credentials_are_transient_not_the_numbers_fault(fake_twilio: FakeTwilio) -> None:
    sender = TwilioSmsSender(
        ACCOUNT_SID, "wrong-token", from_number=FROM_NUMBER, api_base_url=fake_twilio.base_url
    )
    try:
        with pytest.raises(DeliveryError) as caught:
            sender.send(TO, "Hallo")
    finally:
        sender.close()

    assert caught.value.retryable and caught.value.code == 20003
    assert "credentials" in caught.value.message


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"from_number": FROM_NUMBER, "messaging_service_sid": "MG" + "0" * 32},
        {"from_number": FROM_NUMBER, "timeout": 0},
    ],
)
def test_bad_configuration_fails_at_construction(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        TwilioSmsSender(ACCOUNT_SID, AUTH_TOKEN, **kwargs)  # type: ignore[arg-type]


def test_missing_credentials_fail_at_construction() -> None:
    with pytest.raises(ValueError):
        TwilioSmsSender("", AUTH_TOKEN, from_number=FROM_NUMBER)


def test_guard_stops_calls_to_real_twilio(monkeypatch: pytest.MonkeyPatch) -> None:
    # Edge and region in the environment must not change where we send.
    monkeypatch.setenv("TWILIO_EDGE", "sydney")
    monkeypatch.setenv("TWILIO_REGION", "au1")
    sender = TwilioSmsSender(ACCOUNT_SID, AUTH_TOKEN, from_number=FROM_NUMBER)
    # A second guard on top of the autouse one, which therefore sees nothing.
    blocked = block_real_twilio(monkeypatch)
    try:
        with pytest.raises(RealTwilioCall):
            sender.send(TO, "Hallo")
    finally:
        sender.close()
    assert blocked == [f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"]
