"""What a coordinator does after the plan (issue 14, points 1 to 5), each with what follows."""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from tests.factories import (
    log_in,
    make_assignment,
    make_help_request,
    make_organisation,
    make_resident,
    make_volunteer,
)
from web.db import db, utcnow
from web.models import (
    Assignment,
    AvailabilityRule,
    HelpRequest,
    Organisation,
    Resident,
    SmsMessage,
    Volunteer,
)
from web.services.matching import run_queued_rounds
from web.services.offers import send_offer
from web.services.recurrence import WEEKDAYS, materialise_series

TZ = ZoneInfo("Europe/Brussels")


def _at(days: int, hour: int) -> datetime:
    day = (utcnow().astimezone(TZ) + timedelta(days=days)).date()
    return datetime.combine(day, time(hour), TZ)


def _free(org: Organisation, **overrides: object) -> Volunteer:
    week = [AvailabilityRule(weekday=d, starts_at=time(8), ends_at=time(20)) for d in range(7)]
    return make_volunteer(org, availability=week, **overrides)


def _offered(org: Organisation, volunteer: Volunteer, days: int = 2) -> Assignment:
    start = _at(days, 10)
    request = make_help_request(
        make_resident(org), window_start=start, window_end=start + timedelta(hours=3)
    )
    assignment = make_assignment(request, volunteer, status="confirmed")
    send_offer(assignment, utcnow())
    db.session.commit()
    return assignment


def _sms_to(volunteer: Volunteer) -> list[str]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(SmsMessage.kind)
            .where(SmsMessage.volunteer_id == volunteer.id)
            .order_by(SmsMessage.id)
        )
    )


def test_calling_off_a_task_tells_the_volunteer_and_plans_the_seat_again(
    app: Flask, client: FlaskClient
) -> None:
    org = make_organisation()
    jan, piet = _free(org, first_name="Jan"), _free(org, first_name="Piet")
    task = _offered(org, jan)
    log_in(client, org)
    client.post(
        f"/c/tasks/{task.id}/cancel", data={"version": task.version, "request_id": task.request_id}
    )
    # The offer had not gone out yet: it is taken back, and Jan never hears of it.
    assert _sms_to(jan) == ["offer"]
    offer = db.session.scalars(select(SmsMessage).where(SmsMessage.volunteer_id == jan.id)).one()
    assert offer.status == "withdrawn"
    db.session.expire_all()
    assert db.session.get_one(Assignment, task.id).status == "cancelled"
    run_queued_rounds("Europe/Brussels", workers=1)  # calling off queued a round
    db.session.expire_all()
    [again] = db.session.scalars(
        select(Assignment).where(
            Assignment.request_id == task.request_id, Assignment.status == "proposed"
        )
    ).all()
    assert again.volunteer_id == piet.id


def test_giving_an_offered_task_to_someone_else_offers_it_to_them(
    app: Flask, client: FlaskClient
) -> None:
    org = make_organisation()
    jan, piet = _free(org, first_name="Jan"), _free(org, first_name="Piet")
    task = _offered(org, jan)
    log_in(client, org)
    client.post(
        f"/c/tasks/{task.id}/reassign",
        data={"version": task.version, "request_id": task.request_id, "volunteer_id": piet.id},
    )
    db.session.expire_all()
    assert db.session.get_one(Assignment, task.id).status == "cancelled"
    [new] = db.session.scalars(
        select(Assignment).where(
            Assignment.request_id == task.request_id, Assignment.status == "offered"
        )
    ).all()
    assert new.volunteer_id == piet.id and _sms_to(piet) == ["offer"]
    assert db.session.get_one(HelpRequest, task.request_id).status == "offered"


def test_giving_a_task_to_someone_who_cannot_changes_nothing(
    app: Flask, client: FlaskClient
) -> None:
    org = make_organisation()
    jan = _free(org, first_name="Jan")
    binman = _free(org, first_name="Bart", skills=["bins"])
    task = _offered(org, jan)
    log_in(client, org)
    page = client.post(
        f"/c/tasks/{task.id}/reassign",
        data={"version": task.version, "request_id": task.request_id, "volunteer_id": binman.id},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Niet mogelijk" in page
    db.session.expire_all()
    assert db.session.get_one(Assignment, task.id).status == "offered"
    assert _sms_to(jan) == ["offer"] and _sms_to(binman) == []


def test_a_series_skips_one_date_ends_and_stops(app: Flask, client: FlaskClient) -> None:
    org = make_organisation()
    start = _at(1, 10)
    head = make_help_request(
        make_resident(org),
        window_start=start,
        window_end=start + timedelta(hours=2),
        recurrence_rule=f"FREQ=WEEKLY;BYDAY={WEEKDAYS[start.weekday()]}",
    )
    materialise_series(utcnow(), 4, "Europe/Brussels")
    dates = db.session.scalars(
        select(HelpRequest)
        .where(HelpRequest.series_id == head.id)
        .order_by(HelpRequest.window_start)
    ).all()
    assert len(dates) == 3
    log_in(client, org)
    page = client.get(f"/c/requests/{dates[0].id}").get_data(as_text=True)
    assert "Wekelijkse reeks" in page and all(f"/c/requests/{d.id}" in page for d in dates)
    # Skip the first date: the series goes on, and the date does not come back.
    client.post(f"/c/requests/{dates[0].id}/cancel", data={"version": dates[0].version})
    materialise_series(utcnow(), 4, "Europe/Brussels")
    db.session.expire_all()
    assert db.session.get_one(HelpRequest, dates[0].id).status == "cancelled"
    assert _series_count(head) == 3
    # End after the second date: the third goes, and no fourth is ever made.
    last = dates[1].window_start.astimezone(TZ).date()
    client.post(
        f"/c/requests/{head.id}/series/end",
        data={"version": head.version, "last_day": last.isoformat()},
    )
    db.session.expire_all()
    assert [db.session.get_one(HelpRequest, d.id).status for d in dates] == [
        "cancelled",
        "open",
        "cancelled",
    ]
    materialise_series(utcnow() + timedelta(weeks=2), 4, "Europe/Brussels")
    assert _series_count(head) == 3
    # Stop: every date still to come goes, the first one too.
    head = db.session.get_one(HelpRequest, head.id)
    client.post(f"/c/requests/{head.id}/series/stop", data={"version": head.version})
    db.session.expire_all()
    assert {r.status for r in db.session.scalars(select(HelpRequest))} == {"cancelled"}


def _series_count(head: HelpRequest) -> int:
    count = db.session.scalar(
        select(func.count()).select_from(HelpRequest).where(HelpRequest.series_id == head.id)
    )
    return int(count or 0)


def test_namesakes_are_told_apart_on_the_review_page(app: Flask, client: FlaskClient) -> None:
    org = make_organisation()
    for street in ("Dambruggestraat", "Handelstraat", "Carnotstraat"):
        _free(org, first_name="An", last_name="Vermeulen", street=street)
    start = _at(2, 10)
    make_help_request(make_resident(org), window_start=start, window_end=start + timedelta(hours=3))
    log_in(client, org)
    client.post("/c/matching/runs")
    run_queued_rounds("Europe/Brussels", workers=1)
    page = client.get("/c/review").get_data(as_text=True)
    shown = [
        street for street in ("Dambruggestraat", "Handelstraat", "Carnotstraat") if street in page
    ]
    assert len(shown) == 3, "the proposed An Vermeulen and both alternatives each show a street"


def test_the_week_shows_waiting_requests_and_every_row_opens(
    app: Flask, client: FlaskClient
) -> None:
    org = make_organisation()
    jan = _free(org, first_name="Jan", street="Handelstraat")
    task = _offered(org, jan, days=1)
    waiting = make_help_request(make_resident(org, first_name="Godelieve"), status="unfilled")
    log_in(client, org)
    day = task.starts_at.astimezone(TZ).date()
    page = client.get(f"/c/week?start={day.isoformat()}").get_data(as_text=True)
    assert f"/c/requests/{task.request_id}" in page and f"/c/volunteers/{jan.id}" in page
    assert f"/c/requests/{waiting.id}" in page and "nog niemand gevonden" in page
    assert "Handelstraat" in page


def test_export_and_erase_from_the_web_app(app: Flask, client: FlaskClient) -> None:
    org = make_organisation()
    maria = make_resident(org, first_name="Maria", phone="+32471000009")
    jan = _free(org, first_name="Jan")
    start = _at(2, 10)
    request = make_help_request(maria, window_start=start, window_end=start + timedelta(hours=3))
    make_assignment(request, jan, status="accepted")
    log_in(client, org)
    download = client.get(f"/c/residents/{maria.id}/export.json")
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert json.loads(download.get_data(as_text=True))["resident"]["first_name"] == "Maria"
    confirm = client.get(f"/c/residents/{maria.id}/erase").get_data(as_text=True)
    assert "Maria" in confirm and "niet ongedaan" in confirm
    assert db.session.get_one(Resident, maria.id).erased_at is None, "asking erases nothing"
    client.post(f"/c/residents/{maria.id}/erase")
    db.session.expire_all()
    erased = db.session.get_one(Resident, maria.id)
    assert erased.erased_at is not None and erased.first_name != "Maria"
    assert db.session.get_one(HelpRequest, request.id).status == "cancelled"
    assert "cancellation" in _sms_to(jan), "the volunteer who was coming is told"
    # Another organisation's coordinator can do neither.
    client.post("/logout")
    log_in(client, make_organisation())
    assert client.get(f"/c/volunteers/{jan.id}/export.json").status_code == 404
    assert client.post(f"/c/volunteers/{jan.id}/erase").status_code == 404


def test_a_volunteers_week_and_a_day_print_on_one_sheet(app: Flask, client: FlaskClient) -> None:
    org = make_organisation()
    jan = _free(org, first_name="Jan")
    accepted = _offered(org, jan, days=1)
    accepted.status = "accepted"
    accepted.request.resident.house_number = "17"
    db.session.commit()
    proposed = make_help_request(make_resident(org, first_name="Nog Niet"))
    make_assignment(proposed, jan, status="proposed")
    log_in(client, org)
    day = accepted.starts_at.astimezone(TZ).date()
    week = client.get(f"/c/volunteers/{jan.id}/week/print?start={day.isoformat()}")
    text = week.get_data(as_text=True)
    resident = accepted.request.resident
    assert f"{resident.street} 17" in text and resident.first_name in text
    assert "Nog Niet" not in text, "a sheet for the volunteer shows only what they hold"
    sheet = client.get(f"/c/day/print?start={day.isoformat()}").get_data(as_text=True)
    assert "Jan" in sheet and f"{resident.street} 17" in sheet
    with client.get("/static/buurtmatch.css") as css:
        assert "@media print" in css.get_data(as_text=True)
