"""Matching runs, assignments (confirm, reassign) and the SMS log through the API."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask.testing import FlaskClient
from sqlalchemy import select

from tests.api.conftest import Caller
from tests.factories import make_assignment, make_help_request, make_resident, make_volunteer
from web.db import db
from web.models import Assignment, AvailabilityRule, MatchingRun, SmsMessage


def test_starting_a_run_answers_202_and_the_run_can_be_followed(
    caller: Caller, other: Caller, client: FlaskClient
) -> None:
    response = client.post("/api/v1/matching/runs", headers=caller.headers)
    assert response.status_code == 202 and response.json["status"] == "queued"
    url = response.headers["Location"]
    assert client.get(url, headers=caller.headers).json["id"] == response.json["id"]
    assert client.get(url, headers=other.headers).status_code == 404
    again = client.post("/api/v1/matching/runs", headers=caller.headers)
    assert again.json["id"] == response.json["id"]
    run = db.session.get(MatchingRun, response.json["id"])
    assert run.organisation_id == caller.organisation.id and run.requested_by_id == caller.user.id


def test_assignments_are_listed_by_status_for_the_own_organisation_only(
    caller: Caller, other: Caller, client: FlaskClient
) -> None:
    request = make_help_request(make_resident(caller.organisation))
    proposed = make_assignment(request, make_volunteer(caller.organisation), status="proposed")
    make_assignment(request, make_volunteer(caller.organisation), status="declined")
    theirs = make_help_request(make_resident(other.organisation))
    make_assignment(theirs, make_volunteer(other.organisation), status="proposed")
    page = client.get("/api/v1/assignments?status=proposed", headers=caller.headers).json
    assert [a["id"] for a in page["items"]] == [proposed.id] and page["total"] == 1
    one = client.get(f"/api/v1/assignments/{proposed.id}", headers=caller.headers).json
    assert one["status"] == "proposed" and one["start"] and one["version"] == proposed.version
    assert (
        client.get(f"/api/v1/assignments/{proposed.id}", headers=other.headers).status_code == 404
    )


def test_confirming_queues_the_sms_offer(caller: Caller, client: FlaskClient) -> None:
    volunteer = make_volunteer(caller.organisation)
    request = make_help_request(make_resident(caller.organisation))
    assignment = make_assignment(request, volunteer, status="proposed")
    url = f"/api/v1/assignments/{assignment.id}/confirm"
    stale = client.post(url, json={"version": assignment.version + 1}, headers=caller.headers)
    assert stale.status_code == 409
    response = client.post(url, json={"version": assignment.version}, headers=caller.headers)
    assert response.status_code == 200 and response.json["status"] == "offered"
    offers = db.session.scalars(select(SmsMessage).where(SmsMessage.kind == "offer")).all()
    assert [m.to_number for m in offers] == [volunteer.phone]
    log = client.get("/api/v1/messages?direction=outbound", headers=caller.headers).json
    assert [m["kind"] for m in log["items"]] == ["offer"]
    twice = client.post(url, json={"version": response.json["version"]}, headers=caller.headers)
    assert twice.status_code == 422 and "status" in twice.json["errors"]


def test_confirming_for_an_opted_out_volunteer_changes_nothing(
    caller: Caller, client: FlaskClient
) -> None:
    volunteer = make_volunteer(caller.organisation, sms_opt_out=True)
    request = make_help_request(make_resident(caller.organisation))
    assignment = make_assignment(request, volunteer, status="proposed")
    response = client.post(
        f"/api/v1/assignments/{assignment.id}/confirm",
        json={"version": assignment.version},
        headers=caller.headers,
    )
    assert response.status_code == 422 and "volunteer" in response.json["errors"]
    db.session.expire_all()
    assert db.session.get(Assignment, assignment.id).status == "proposed"
    assert db.session.scalars(select(SmsMessage)).all() == []


def test_reassign_refuses_another_organisation_s_volunteer(
    caller: Caller, other: Caller, client: FlaskClient
) -> None:
    request = make_help_request(make_resident(caller.organisation))
    assignment = make_assignment(request, make_volunteer(caller.organisation), status="proposed")
    stranger = make_volunteer(other.organisation)
    response = client.post(
        f"/api/v1/assignments/{assignment.id}/reassign",
        json={"version": assignment.version, "volunteer_id": stranger.id},
        headers=caller.headers,
    )
    assert response.status_code == 422 and "volunteer_id" in response.json["errors"]
    db.session.expire_all()
    assert db.session.get(Assignment, assignment.id).volunteer_id != stranger.id
    unknown = client.post(
        f"/api/v1/assignments/{assignment.id}/reassign",
        json={"version": assignment.version, "volunteer": stranger.id},
        headers=caller.headers,
    )
    assert unknown.status_code == 422
    assert set(unknown.json["errors"]) == {"volunteer", "volunteer_id"}


def test_reassign_gives_the_proposal_to_another_available_volunteer(
    caller: Caller, client: FlaskClient
) -> None:
    start = datetime.now(UTC).replace(hour=9, minute=0, second=0, microsecond=0) + timedelta(days=2)
    request = make_help_request(
        make_resident(caller.organisation),
        window_start=start,
        window_end=start + timedelta(hours=3),
    )
    weekday = request.window_start.astimezone(ZoneInfo("Europe/Brussels")).weekday()
    week = [AvailabilityRule(weekday=weekday, starts_at=time(7), ends_at=time(20))]
    first = make_volunteer(caller.organisation, availability=week)
    second = make_volunteer(
        caller.organisation,
        availability=[AvailabilityRule(weekday=weekday, starts_at=time(7), ends_at=time(20))],
    )
    assignment = make_assignment(request, first, status="proposed")
    response = client.post(
        f"/api/v1/assignments/{assignment.id}/reassign",
        json={"version": assignment.version, "volunteer_id": second.id},
        headers=caller.headers,
    )
    assert response.status_code == 200, response.json
    assert response.json["volunteer_id"] == second.id and response.json["pinned"]
    assert response.json["status"] == "proposed"
