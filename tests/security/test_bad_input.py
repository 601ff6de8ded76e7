"""Bad input through every door (API, public forms, SMS webhooks): a clear 4xx, nothing half stored.

Right-to-left and other non-Latin names are not bad input: they are stored exactly.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from tests.api.conftest import Caller, make_caller
from tests.factories import (
    log_in,
    make_organisation,
    make_resident,
    request_data,
    resident_data,
    volunteer_data,
)
from tests.web.test_public_forms import help_form, signup_form
from web.db import db

HUGE = "x" * 20_000
INJECTIONS = [
    "Robert'); DROP TABLE residents;--",
    "' OR '1'='1",
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(1)>',
]
RTL_NAMES = [("سميرة", "العمراني"), ("נועה", "כהן"), ("Zoë", "Çelik-Ødegård"), ("李", "小龍")]


def _counts() -> dict[str, int]:
    """Rows per table; rate-limit counts are left out, since counting attempts is their job."""
    return {
        table.name: int(db.session.scalar(select(func.count()).select_from(table)) or 0)
        for table in db.metadata.sorted_tables
        if table.name != "rate_limit_counters"
    }


BAD_RESIDENTS: list[tuple[str, dict[str, Any], str]] = [
    ("wrong type", resident_data(first_name=123), "first_name"),
    ("list for a string", resident_data(last_name=["a"]), "last_name"),
    ("string for a list", resident_data(languages="nl"), "languages"),
    ("string for a bool", resident_data(sms_consent="maybe"), "sms_consent"),
    ("huge string", resident_data(first_name=HUGE[:5000]), "first_name"),
    ("control character", resident_data(first_name="Ma\x07ria"), "first_name"),
    ("NUL character", resident_data(street="Kerk\x00straat"), "street"),
    ("bad language code", resident_data(languages=["dutch"]), "languages.0"),
    ("unknown field", resident_data(is_admin=True), "is_admin"),
    ("missing field", {k: v for k, v in resident_data().items() if k != "last_name"}, "last_name"),
    ("unknown postcode", resident_data(postcode="0000"), "postcode"),
    ("bad phone", resident_data(phone="call me maybe"), "phone"),
]


@pytest.mark.parametrize(
    ("label", "body", "field"), BAD_RESIDENTS, ids=[b[0] for b in BAD_RESIDENTS]
)
def test_the_api_refuses_bad_residents_naming_the_field(
    caller: Caller, client: FlaskClient, label: str, body: dict[str, Any], field: str
) -> None:
    before = _counts()
    response = client.post("/api/v1/residents", json=body, headers=caller.headers)
    assert response.status_code == 422, label
    assert field in response.json["errors"], response.json
    assert _counts() == before


def test_the_api_refuses_past_and_backwards_windows(caller: Caller, client: FlaskClient) -> None:
    resident = make_resident(caller.organisation)
    past = datetime.now(UTC) - timedelta(days=2)
    backwards = request_data(resident.id)
    backwards["window"] = {"start": backwards["window"]["end"], "end": backwards["window"]["start"]}
    before = _counts()
    for body, field in (
        (
            request_data(
                resident.id,
                window={"start": past.isoformat(), "end": (past + timedelta(hours=3)).isoformat()},
            ),
            "window.end",
        ),
        (backwards, "window.end"),
        (request_data(resident.id, duration_minutes="60"), "duration_minutes"),
        (request_data(2**40), "resident_id"),
    ):
        response = client.post("/api/v1/requests", json=body, headers=caller.headers)
        assert response.status_code == 422 and field in response.json["errors"], body
    assert _counts() == before


def test_injection_attempts_are_stored_as_plain_text_and_shown_escaped(
    app: Flask, client: FlaskClient
) -> None:
    caller = make_caller()
    log_in(client, caller.organisation)
    for text in INJECTIONS:
        body = resident_data(first_name=text[:80], notes=text)
        response = client.post("/api/v1/residents", json=body, headers=caller.headers)
        assert response.status_code == 201
        assert response.json["first_name"] == text[:80] and response.json["notes"] == text
    listed = client.get("/api/v1/residents?per_page=10", headers=caller.headers).json
    assert listed["total"] == len(INJECTIONS)
    page = client.get("/c/residents").get_data(as_text=True)
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;" in page


@pytest.mark.parametrize(("first", "last"), RTL_NAMES)
def test_right_to_left_and_non_latin_names_are_kept_exactly(
    caller: Caller, client: FlaskClient, first: str, last: str
) -> None:
    response = client.post(
        "/api/v1/volunteers",
        json=volunteer_data(first_name=first, last_name=last),
        headers=caller.headers,
    )
    assert response.status_code == 201
    fetched = client.get(f"/api/v1/volunteers/{response.json['id']}", headers=caller.headers).json
    assert (fetched["first_name"], fetched["last_name"], fetched["name"]) == (
        first,
        last,
        f"{first} {last}",
    )


def test_a_duplicate_submission_gets_a_4xx_and_one_record(
    caller: Caller, client: FlaskClient
) -> None:
    first = client.post("/api/v1/volunteers", json=volunteer_data(), headers=caller.headers)
    assert first.status_code == 201
    before = _counts()
    again = client.post("/api/v1/volunteers", json=volunteer_data(), headers=caller.headers)
    assert again.status_code == 422 and "phone" in again.json["errors"]
    resident = resident_data(phone="03 234 56 78")
    assert (
        client.post("/api/v1/residents", json=resident, headers=caller.headers).status_code == 201
    )
    before = _counts()
    twice = client.post("/api/v1/residents", json=resident, headers=caller.headers)
    assert twice.status_code in (409, 422)
    assert _counts() == before


@pytest.mark.parametrize(
    ("form", "overrides"),
    [
        ("help", {"first_name": HUGE}),
        ("help", {"postcode": "'; DROP TABLE residents;--"}),
        ("help", {"day": (datetime.now(UTC).date() - timedelta(days=3)).isoformat()}),
        ("help", {"duration_minutes": "lots"}),
        ("help", {"skill": "<script>"}),
        ("help", {"phone": "\x00"}),
        ("signup", {"phone": "03 234 56 78"}),
        ("signup", {"skills": ["flying"]}),
        ("signup", {"last_name": ""}),
        ("signup", {"travel_mode": "rocket"}),
    ],
)
def test_public_forms_refuse_bad_input_with_400_and_store_nothing(
    app: Flask, client: FlaskClient, form: str, overrides: dict[str, Any]
) -> None:
    make_organisation()
    url, data = (
        ("/hulp", help_form(**overrides))
        if form == "help"
        else ("/vrijwilliger", signup_form(**overrides))
    )
    before = _counts()
    response = client.post(url, data=data)
    assert response.status_code == 400, overrides
    assert _counts() == before


def test_public_forms_keep_unicode_names(app: Flask, client: FlaskClient) -> None:
    make_organisation()
    response = client.post(
        "/vrijwilliger", data=signup_form(first_name="سميرة", last_name="العمراني")
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/sms/inbound", {}),
        ("/sms/inbound", {"Body": "JA"}),
        ("/sms/status", {"MessageStatus": "delivered"}),
        ("/sms/status", {"MessageSid": "SM" + "1" * 32}),
    ],
)
def test_webhooks_refuse_incomplete_posts(
    app: Flask, client: FlaskClient, path: str, data: dict[str, str]
) -> None:
    before = _counts()
    response = client.post(path, data=data)
    assert 400 <= response.status_code < 500
    assert _counts() == before


def test_webhooks_refuse_huge_bodies(app: Flask, client: FlaskClient) -> None:
    before = _counts()
    data = {"From": "+32470123456", "MessageSid": "SM" + "2" * 32, "Body": "x" * 2_000_000}
    response = client.post("/sms/inbound", data=data)
    assert response.status_code == 413
    assert _counts() == before
