"""Our stdlib signature check agrees with twilio's own RequestValidator."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from twilio.request_validator import RequestValidator

from notifications.webhook_signature import compute_signature, validate_signature

TOKEN = "12345"
URL = "https://mycompany.com/myapp.php?foo=1&bar=2"
PARAMS = {
    "CallSid": "CA1234567890ABCDE",
    "Caller": "+12349013030",
    "Digits": "1234",
    "From": "+12349013030",
    "To": "+18005551212",
}


def test_twilios_documented_example() -> None:
    # The worked example in Twilio's webhook security documentation.
    assert compute_signature(TOKEN, URL, PARAMS.items()) == "0/KCTR6DLpKmkAf8muzZqo1nDgQ="


def test_a_wrong_token_url_field_or_empty_signature_fails() -> None:
    good = compute_signature(TOKEN, URL, PARAMS.items())
    assert validate_signature(TOKEN, URL, PARAMS.items(), good)
    assert not validate_signature("other", URL, PARAMS.items(), good)
    assert not validate_signature(TOKEN, URL + "&x=1", PARAMS.items(), good)
    assert not validate_signature(TOKEN, URL, {**PARAMS, "Digits": "9"}.items(), good)
    assert not validate_signature(TOKEN, URL, PARAMS.items(), "")
    assert not validate_signature("", URL, PARAMS.items(), good)


def test_the_default_port_may_be_written_or_not() -> None:
    with_port = compute_signature(TOKEN, "https://example.org:443/sms/inbound", [])
    without = compute_signature(TOKEN, "https://example.org/sms/inbound", [])
    assert validate_signature(TOKEN, "https://example.org/sms/inbound", [], with_port)
    assert validate_signature(TOKEN, "https://example.org:443/sms/inbound", [], without)


@given(
    st.dictionaries(st.text(min_size=1, max_size=12), st.text(max_size=40), min_size=0, max_size=6),
    st.sampled_from(["http://127.0.0.1:5000/sms/inbound", "https://b.example.org/sms/status"]),
)
def test_same_signature_as_twilio(params: dict[str, str], url: str) -> None:
    expected = RequestValidator(TOKEN).compute_signature(url, params)
    assert compute_signature(TOKEN, url, params.items()) == expected
    assert validate_signature(TOKEN, url, params.items(), expected)
