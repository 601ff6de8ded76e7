"""The sending contract, the outbox sender and the fake sender."""

from __future__ import annotations

import pytest

from notifications import (
    DeliveryError,
    FakeSmsSender,
    OutboxSmsSender,
    SentSms,
    SmsSender,
    is_outbox_sid,
    phone_problem,
)


def test_outbox_sender_keeps_messages_home() -> None:
    sender: SmsSender = OutboxSmsSender()

    first = sender.send("+32470123456", "Hallo", status_callback="https://x/sms/status")
    second = sender.send("+32470123456", "Hallo")

    assert is_outbox_sid(first.sid) and first.status == "stored"
    assert first.sid != second.sid
    assert not is_outbox_sid("SM" + "0" * 32)


def test_fake_sender_records_messages() -> None:
    sender = FakeSmsSender()
    as_protocol: SmsSender = sender

    sent = as_protocol.send("+32470123456", "Hallo", status_callback="https://x/cb")

    assert sender.sent[0].body == "Hallo" and sender.sent[0].status_callback == "https://x/cb"
    assert sent == SentSms(sid=sender.sent[0].sid, status="queued")
    assert sender.bodies_to("+32470123456") == ["Hallo"]


def test_fake_sender_raises_scripted_errors_in_order() -> None:
    sender = FakeSmsSender()
    rate_limited = DeliveryError("rate limited", code=20429)
    sender.fail_next(rate_limited)
    sender.fail_for["+32470000001"] = DeliveryError("STOP", permanent=True, code=21610)

    with pytest.raises(DeliveryError) as first:
        sender.send("+32470123456", "Hallo")
    sender.send("+32470123456", "Hallo")
    with pytest.raises(DeliveryError) as opted_out:
        sender.send("+32470000001", "Hallo")

    assert first.value is rate_limited
    assert opted_out.value.permanent
    assert len(sender.sent) == 1 and sender.attempts == 3


def test_delivery_error_flags() -> None:
    assert DeliveryError("x").retryable
    assert not DeliveryError("x", permanent=True).retryable
    assert not DeliveryError("x", ambiguous=True).retryable
    assert str(DeliveryError("gone", permanent=True, code=21211)) == "gone"
    with pytest.raises(ValueError):
        DeliveryError("x", permanent=True, ambiguous=True)


@pytest.mark.parametrize(
    ("code", "problem"),
    [(21610, "opted_out"), (21211, "invalid_number"), (30005, "invalid_number"),
     (30006, "invalid_number"), (21614, "invalid_number"), (30003, None), (None, None)],
)  # fmt: skip
def test_phone_problem(code: int | None, problem: str | None) -> None:
    assert phone_problem(code) == problem
