"""Phone intake: find the resident or add one, file the request, refuse bad input whole."""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from tests.factories import log_in, make_organisation, make_resident
from web.db import db
from web.models import HelpRequest, Resident


def _day() -> date:
    """Three days ahead of the clock the test runs at (never of the day this file was read)."""
    return date.today() + timedelta(days=3)


def _request_form(**overrides: str) -> dict[str, str]:
    form = {
        "skill": "shopping",
        "day": _day().isoformat(),
        "earliest": "09:00",
        "latest": "12:00",
        "duration_minutes": "60",
        "priority": "3",
        "volunteers_needed": "1",
    }
    form.update(overrides)
    return form


def _count(model: type) -> int:
    return int(db.session.scalar(select(func.count()).select_from(model)) or 0)


def test_search_then_file_for_a_known_resident(app: Flask, client: FlaskClient) -> None:
    org = make_organisation()
    resident = make_resident(org, first_name="Godelieve", last_name="Maes")
    log_in(client, org)
    page = client.get("/c/intake/?q=godel").get_data(as_text=True)
    assert f"/c/intake/new?resident_id={resident.id}" in page
    response = client.post(
        f"/c/intake/new?resident_id={resident.id}", data=_request_form(repeat_weekly="y")
    )
    assert response.status_code == 303
    filed = db.session.scalars(select(HelpRequest)).one()
    local = filed.window_start.astimezone(ZoneInfo("Europe/Brussels"))
    assert (local.date(), local.hour, filed.status, filed.skill) == (_day(), 9, "open", "shopping")
    days = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
    assert filed.recurrence_rule == f"FREQ=WEEKLY;BYDAY={days[_day().weekday()]}"


def test_new_resident_and_request_in_one_go(app: Flask, client: FlaskClient) -> None:
    log_in(client, make_organisation())
    data = _request_form(
        **{
            "resident-first_name": "Fatima",
            "resident-last_name": "El Idrissi",
            "resident-postcode": "2060",
            "resident-street": "Kerkstraat",
            "resident-languages": "ar",
        }
    )
    assert client.post("/c/intake/new", data=data).status_code == 303
    resident = db.session.scalars(select(Resident)).one()
    assert (resident.first_name, resident.languages) == ("Fatima", ["ar"])
    assert db.session.scalars(select(HelpRequest)).one().resident_id == resident.id


def test_bad_input_names_every_field_keeps_values_and_saves_nothing(
    app: Flask, client: FlaskClient
) -> None:
    log_in(client, make_organisation())
    data = _request_form(
        day="",
        destination_postcode="9999",
        destination_street="Nergensstraat",
        **{"resident-first_name": "Fatima", "resident-postcode": "12", "resident-street": "X"},
    )
    response = client.post("/c/intake/new", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="day"' in page and 'aria-invalid="true"' in page
    assert "resident-last_name-error" in page  # missing last name, next to its field
    assert "resident-postcode-error" in page
    assert 'value="Fatima"' in page and 'value="Nergensstraat"' in page
    assert (_count(Resident), _count(HelpRequest)) == (0, 0)


def test_a_refused_request_does_not_leave_a_new_resident_behind(
    app: Flask, client: FlaskClient
) -> None:
    log_in(client, make_organisation())
    data = _request_form(
        destination_postcode="9999",
        destination_street="Nergensstraat",
        **{
            "resident-first_name": "Fatima",
            "resident-last_name": "El Idrissi",
            "resident-postcode": "2060",
            "resident-street": "Kerkstraat",
        },
    )
    page = client.post("/c/intake/new", data=data).get_data(as_text=True)
    assert "destination_postcode-error" in page
    assert (_count(Resident), _count(HelpRequest)) == (0, 0)


def test_another_organisations_resident_is_not_found(app: Flask, client: FlaskClient) -> None:
    other = make_resident(make_organisation())
    log_in(client, make_organisation())
    assert client.get(f"/c/intake/new?resident_id={other.id}").status_code == 404
    page = client.get("/c/intake/?q=Maria").get_data(as_text=True)
    assert f"resident_id={other.id}" not in page
