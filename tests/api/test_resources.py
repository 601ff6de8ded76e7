"""The API's resources: filing, reading, paging, filtering, changing, optimistic locking."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask.testing import FlaskClient
from sqlalchemy import func, select

from tests.api.conftest import Caller
from tests.factories import (
    make_help_request,
    make_resident,
    make_volunteer,
    request_data,
    resident_data,
    volunteer_data,
)
from web.db import db
from web.models import AuditEvent, HelpRequest, Volunteer


def test_filing_a_volunteer_returns_it_with_its_location_and_version(
    caller: Caller, client: FlaskClient
) -> None:
    response = client.post("/api/v1/volunteers", json=volunteer_data(), headers=caller.headers)
    assert response.status_code == 201
    body = response.json
    assert response.headers["Location"].endswith(f"/api/v1/volunteers/{body['id']}")
    assert body["phone"] == "+32470123456" and body["name"] == "Samira El Amrani"
    assert body["availability"] == [{"weekday": 1, "start": "09:00", "end": "12:00"}]
    assert set(body["location"]) == {"lat", "lon"} and isinstance(body["version"], int)
    again = client.get(f"/api/v1/volunteers/{body['id']}", headers=caller.headers)
    assert again.json == body


def test_lists_are_paged_and_counted(caller: Caller, client: FlaskClient) -> None:
    for n in range(5):
        make_volunteer(caller.organisation, first_name=f"V{n}")
    page = client.get("/api/v1/volunteers?page=2&per_page=2", headers=caller.headers).json
    assert page["total"] == 5 and page["page"] == 2 and page["per_page"] == 2
    assert [v["first_name"] for v in page["items"]] == ["V2", "V3"]
    last = client.get("/api/v1/volunteers?page=3&per_page=2", headers=caller.headers).json
    assert [v["first_name"] for v in last["items"]] == ["V4"]


def test_requests_are_filtered_by_status_and_window_start(
    caller: Caller, client: FlaskClient
) -> None:
    resident = make_resident(caller.organisation)
    soon = datetime.now(UTC).replace(microsecond=0) + timedelta(days=1)
    later = soon + timedelta(days=7)
    first = make_help_request(resident, window_start=soon, window_end=soon + timedelta(hours=3))
    make_help_request(
        resident, window_start=later, window_end=later + timedelta(hours=3), status="cancelled"
    )
    open_ones = client.get("/api/v1/requests?status=open", headers=caller.headers).json
    assert [r["id"] for r in open_ones["items"]] == [first.id]
    until = (soon + timedelta(days=2)).isoformat()
    dated = client.get("/api/v1/requests", query_string={"until": until}, headers=caller.headers)
    assert [r["id"] for r in dated.json["items"]] == [first.id]
    since = (soon + timedelta(days=2)).isoformat()
    dated = client.get("/api/v1/requests", query_string={"since": since}, headers=caller.headers)
    assert [r["status"] for r in dated.json["items"]] == ["cancelled"]


def test_bad_list_parameters_are_named(caller: Caller, client: FlaskClient) -> None:
    response = client.get(
        "/api/v1/requests",
        query_string={"status": "lost", "per_page": "1000", "since": "2026-01-01T10:00", "x": "1"},
        headers=caller.headers,
    )
    assert response.status_code == 422
    assert set(response.json["errors"]) == {"status", "per_page", "since", "x"}


def test_a_patch_with_the_current_version_changes_and_a_stale_one_gets_409(
    caller: Caller, client: FlaskClient
) -> None:
    created = client.post("/api/v1/volunteers", json=volunteer_data(), headers=caller.headers).json
    url = f"/api/v1/volunteers/{created['id']}"
    changed = client.patch(
        url, json={"version": created["version"], "max_distance_km": 3}, headers=caller.headers
    )
    assert changed.status_code == 200 and changed.json["max_distance_km"] == 3
    assert changed.json["version"] != created["version"]
    stale = client.patch(
        url, json={"version": created["version"], "first_name": "Late"}, headers=caller.headers
    )
    assert stale.status_code == 409 and "version" in stale.json["errors"]
    assert db.session.get(Volunteer, created["id"]).first_name == "Samira"


def test_a_patch_needs_a_version_and_refuses_unknown_fields(
    caller: Caller, client: FlaskClient
) -> None:
    volunteer = make_volunteer(caller.organisation)
    url = f"/api/v1/volunteers/{volunteer.id}"
    response = client.patch(url, json={"first_name": "X"}, headers=caller.headers)
    assert response.status_code == 422 and "version" in response.json["errors"]
    version = client.get(url, headers=caller.headers).json["version"]
    response = client.patch(url, json={"version": version, "shoe_size": 44}, headers=caller.headers)
    assert response.status_code == 422 and response.json["errors"] == {
        "shoe_size": ["Unknown field."]
    }


def test_cancelling_a_request_by_patch(caller: Caller, client: FlaskClient) -> None:
    request = make_help_request(make_resident(caller.organisation))
    url = f"/api/v1/requests/{request.id}"
    body = {"version": request.version, "status": "cancelled"}
    response = client.patch(url, json=body, headers=caller.headers)
    assert response.status_code == 200 and response.json["status"] == "cancelled"
    again = client.patch(
        url, json={**body, "version": response.json["version"]}, headers=caller.headers
    )
    assert again.status_code == 422 and "status" in again.json["errors"]
    reopen = client.patch(
        url, json={"version": response.json["version"], "status": "open"}, headers=caller.headers
    )
    assert reopen.status_code == 422


def test_filing_a_request_for_another_organisation_s_resident_is_refused(
    caller: Caller, other: Caller, client: FlaskClient
) -> None:
    theirs = make_resident(other.organisation)
    response = client.post("/api/v1/requests", json=request_data(theirs.id), headers=caller.headers)
    assert response.status_code == 422 and "resident_id" in response.json["errors"]
    assert db.session.scalar(select(func.count()).select_from(HelpRequest)) == 0


def test_validation_errors_name_the_nested_field_path(caller: Caller, client: FlaskClient) -> None:
    resident = make_resident(caller.organisation)
    data = request_data(resident.id)
    data["window"]["start"] = "2030-05-01T10:00:00"  # no offset
    data["availability"] = []
    response = client.post("/api/v1/requests", json=data, headers=caller.headers)
    assert response.status_code == 422
    assert set(response.json["errors"]) == {"window.start", "availability"}
    slots = [{"weekday": 9, "start": "25:00", "end": "12:00"}]
    response = client.post(
        "/api/v1/volunteers", json=volunteer_data(availability=slots), headers=caller.headers
    )
    assert set(response.json["errors"]) == {"availability.0.weekday", "availability.0.start"}


def test_phone_numbers_are_validated(caller: Caller, client: FlaskClient) -> None:
    for phone in ("12", "+32 3 123 45 67", "not a phone"):
        response = client.post(
            "/api/v1/volunteers", json=volunteer_data(phone=phone), headers=caller.headers
        )
        assert response.status_code == 422 and "phone" in response.json["errors"], phone


def test_a_body_that_is_not_a_json_object_gets_400(caller: Caller, client: FlaskClient) -> None:
    for data, content_type in (
        ("[1, 2]", "application/json"),
        ("{", "application/json"),
        ("first_name=x", "application/x-www-form-urlencoded"),
    ):
        response = client.post(
            "/api/v1/residents", data=data, content_type=content_type, headers=caller.headers
        )
        assert response.status_code == 400, data
        assert response.json == {"errors": {"_body": ["must be a JSON object"]}}


def test_a_body_over_the_limit_gets_413_and_stores_nothing(
    caller: Caller, client: FlaskClient
) -> None:
    data = resident_data(notes="x" * 70_000)
    response = client.post("/api/v1/residents", json=data, headers=caller.headers)
    assert response.status_code == 413 and "_body" in response.json["errors"]
    assert client.get("/api/v1/residents", headers=caller.headers).json["total"] == 0


def test_changes_are_audited_with_field_names_not_values(
    caller: Caller, client: FlaskClient
) -> None:
    resident = client.post("/api/v1/residents", json=resident_data(), headers=caller.headers).json
    client.patch(
        f"/api/v1/residents/{resident['id']}",
        json={"version": resident["version"], "notes": "needs a walker"},
        headers=caller.headers,
    )
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "updated")).one()
    assert event.actor_user_id == caller.user.id and event.changes == {"fields": ["notes"]}
