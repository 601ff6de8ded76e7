"""Week view, neighbourhood overview and reports with their CSV export."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from flask import Flask
from flask.testing import FlaskClient

from tests.factories import (
    log_in,
    make_help_request,
    make_organisation,
    make_resident,
    make_volunteer,
)
from web.db import db
from web.models import Assignment, Organisation
from web.services.reports import period_report

TZ = ZoneInfo("Europe/Brussels")
MONDAY = datetime(2026, 11, 30, tzinfo=TZ)  # a Monday


def _done_ride(org: Organisation) -> Assignment:
    """A completed 90-minute ride on Tuesday by a driver 1 km away, to a destination."""
    resident = make_resident(org, first_name="Godelieve", lat=51.2265, lon=4.4270)
    driver = make_volunteer(
        org, first_name="Marc", travel_mode="car", vehicle_seats=3, lat=51.2355, lon=4.4270
    )
    start = MONDAY + timedelta(days=1, hours=10)
    ride = make_help_request(
        resident,
        skill="transport",
        needs_vehicle=True,
        duration_minutes=90,
        window_start=start,
        window_end=start + timedelta(hours=3),
        destination_postcode="2020",
        destination_street="Kielpark",
        destination_lat=51.1905,
        destination_lon=4.4270,
        status="completed",
    )
    assignment = Assignment(
        request_id=ride.id, volunteer_id=driver.id, starts_at=start, status="completed"
    )
    db.session.add(assignment)
    db.session.commit()
    return assignment


def test_report_counts_hours_km_and_unfilled_reasons(app: Flask) -> None:
    org = make_organisation()
    _done_ride(org)
    make_help_request(
        make_resident(org),
        window_start=MONDAY + timedelta(days=2, hours=9),
        window_end=MONDAY + timedelta(days=2, hours=12),
        status="unfilled",
        unfilled_reasons="no volunteer with skill 'shopping' within 5 km\nsecond line",
    )
    report = period_report(org.id, MONDAY, MONDAY + timedelta(days=7))
    assert (report.requests, report.filled) == (2, 1)
    assert report.unfilled_reasons == [("no volunteer with skill 'shopping' within 5 km", 1)]
    [line] = report.volunteers
    assert (line.name.split()[0], line.tasks, line.minutes) == ("Marc", 1, 90)
    # home→resident 1.0 km and resident→destination 4.0 km, both ways, × 1.3 detour
    assert line.km == pytest.approx(2 * 1.3 * (1.0 + 4.0), rel=0.01)
    next_week = period_report(org.id, MONDAY + timedelta(days=7), MONDAY + timedelta(days=14))
    assert next_week.requests == 0


def test_csv_export_and_scoping(app: Flask, client: FlaskClient) -> None:
    org = make_organisation()
    _done_ride(org)
    log_in(client, org)
    response = client.get("/c/reports/export.csv?period=week&start=2026-12-02")
    assert response.mimetype == "text/csv"
    assert "buurtmatch-week-2026-11-30.csv" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0] == ["vrijwilliger", "taken", "uren", "km met de auto"]  # the reader's language
    assert rows[1][1:3] == ["1", "1.50"]
    client.post("/logout")
    log_in(client, make_organisation())
    other = client.get("/c/reports/export.csv?period=week&start=2026-12-02")
    assert len(list(csv.reader(io.StringIO(other.get_data(as_text=True))))) == 4  # no lines


def test_week_view_per_day_and_per_volunteer(app: Flask, client: FlaskClient) -> None:
    org = make_organisation()
    _done_ride(org)
    log_in(client, org)
    per_day = client.get("/c/week?start=2026-12-02").get_data(as_text=True)
    assert "dinsdag 1 december" in per_day and "Godelieve" in per_day
    per_volunteer = client.get("/c/week?start=2026-11-30&by=volunteer").get_data(as_text=True)
    assert "Marc" in per_volunteer and "10:00" in per_volunteer
    assert "Godelieve" not in client.get("/c/week?start=2026-12-07").get_data(as_text=True)


def test_the_week_without_a_good_start_is_this_local_week(app: Flask, client: FlaskClient) -> None:
    # Travel first: a session cookie signed later than the clock reads is refused.
    with time_machine.travel(datetime(2026, 12, 1, 23, 30, tzinfo=ZoneInfo("UTC")), tick=False):
        org = make_organisation()
        _done_ride(org)
        log_in(client, org)
        page = client.get("/c/week").get_data(as_text=True)
    assert "dinsdag 1 december" in page and "Godelieve" in page
    # Sunday 6 December 23:30 UTC is already Monday 7 December in Brussels.
    with time_machine.travel(datetime(2026, 12, 6, 23, 30, tzinfo=ZoneInfo("UTC")), tick=False):
        log_in(client, org)  # five days later the first session has long ended
        page = client.get("/c/week?start=not-a-day").get_data(as_text=True)
    assert "maandag 7 december" in page and "Godelieve" not in page


def test_neighbourhood_counts_per_street(app: Flask, client: FlaskClient) -> None:
    org = make_organisation()
    resident = make_resident(org, street="Kerkstraat")
    make_resident(org, street="Kerkstraat")
    make_volunteer(org, street="Dambruggestraat")
    make_help_request(resident, status="open")
    log_in(client, org)
    page = client.get("/c/neighbourhood").get_data(as_text=True)
    row = page[page.index("Kerkstraat") :].split("</tr>")[0]
    assert [cell.split("<")[0] for cell in row.split("<td>")[1:]] == ["1", "2", "0"]
    assert "Dambruggestraat" in page
