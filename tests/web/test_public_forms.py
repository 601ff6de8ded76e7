"""The public forms: asking for help and signing up, without an account."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from tests.factories import make_organisation, make_volunteer, volunteer_data
from web.db import db
from web.models import AuditEvent, HelpRequest, Resident, Volunteer


def _count(model: type) -> int:
    return int(db.session.scalar(select(func.count()).select_from(model)) or 0)


def _errors(page: str) -> dict[str, str]:
    """Field id -> error text shown next to it."""
    found = re.findall(r'<p class="error" id="([\w-]+)-error">(.*?)</p>', page, re.S)
    return {field: re.sub(r"<[^>]+>|\s+", " ", text).strip() for field, text in found}


def help_form(**overrides: Any) -> dict[str, Any]:
    """A complete help request as a browser posts it."""
    data: dict[str, Any] = {
        "filed_by": "resident",
        "first_name": "Maria",
        "last_name": "Peeters",
        "phone": "03 234 56 78",
        "postcode": "2060",
        "street": "Stuivenbergplein",
        "languages": ["nl", "ar"],
        "skill": "shopping",
        "day": (date.today() + timedelta(days=3)).isoformat(),
        "part_of_day": "morning",
        "duration_minutes": "60",
        "description": "Boodschappen bij de Delhaize",
        "consent": "y",
    }
    data.update(overrides)
    return data


def signup_form(**overrides: Any) -> dict[str, Any]:
    """A complete volunteer sign-up as a browser posts it."""
    data = volunteer_data(availability=["1-morning", "3-evening"], travel_mode="bike", consent="y")
    data.update(overrides)
    return data


def test_help_request_lands_in_the_review_queue(app: Flask, client: FlaskClient) -> None:
    org = make_organisation()
    response = client.post("/hulp", data=help_form())
    assert response.status_code == 302
    assert response.headers["Location"] == "/hulp/verstuurd"
    request = db.session.scalars(select(HelpRequest)).one()
    assert (request.organisation_id, request.status, request.source) == (
        org.id,
        "new",
        "public_form",
    )
    assert request.duration_minutes == 60
    assert request.resident.phone == "+3232345678"
    assert request.resident.languages == ["nl", "ar"]
    assert request.resident.consent_date is not None
    # The morning is 9:00-12:00 in Brussels, summer or winter.
    day = date.fromisoformat(help_form()["day"])
    brussels = ZoneInfo("Europe/Brussels")
    assert (request.window_start, request.window_end) == (
        datetime.combine(day, time(9), brussels),
        datetime.combine(day, time(12), brussels),
    )
    assert "Bedankt" in client.get("/hulp/verstuurd").get_data(as_text=True)


def test_bad_input_names_the_field_and_keeps_what_was_typed(
    app: Flask, client: FlaskClient
) -> None:
    make_organisation()
    response = client.post(
        "/hulp",
        data=help_form(postcode="20a0", first_name="", skill="", description="Graag snel"),
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    errors = _errors(page)
    assert errors["postcode"].endswith("Een postcode heeft 4 cijfers, bijvoorbeeld 2060.")
    assert "Vul dit in" in errors["first_name"]
    assert "skill" in errors
    assert 'value="20a0"' in page and 'value="Peeters"' in page
    assert "Graag snel" in page
    assert re.search(r'value="nl"[^>]*checked|checked[^>]*value="nl"', page)
    assert '<a href="#postcode">Postcode</a>' in page  # the summary names the field
    assert _count(HelpRequest) == _count(Resident) == _count(AuditEvent) == 0


def test_consent_is_required(app: Flask, client: FlaskClient) -> None:
    make_organisation()
    data = help_form()
    del data["consent"]
    page = client.post("/hulp", data=data).get_data(as_text=True)
    assert "Vink het vakje aan" in _errors(page)["consent"]
    assert _count(HelpRequest) == 0


def test_someone_on_behalf_must_leave_a_contact(app: Flask, client: FlaskClient) -> None:
    make_organisation()
    page = client.post("/hulp", data=help_form(filed_by="family")).get_data(as_text=True)
    assert {"contact_name", "contact"} <= set(_errors(page))
    client.post(
        "/hulp", data=help_form(filed_by="family", contact_name="Jan", contact="0479 11 22 33")
    )
    request = db.session.scalars(select(HelpRequest)).one()
    assert "Jan · 0479 11 22 33" in request.description
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.entity_type == "help_requests"))
    assert event.one().changes["filed_by"] == "family"


def test_a_known_resident_is_matched_not_filed_twice(app: Flask, client: FlaskClient) -> None:
    make_organisation()
    client.post("/hulp", data=help_form())
    client.post("/hulp", data=help_form(skill="bins", phone="+32 3 234 56 78"))
    assert _count(HelpRequest) == 2
    assert _count(Resident) == 1


def test_a_day_already_over_is_refused(app: Flask, client: FlaskClient) -> None:
    make_organisation()
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    page = client.post("/hulp", data=help_form(day=yesterday)).get_data(as_text=True)
    assert "al voorbij" in _errors(page)["day"]


def test_the_honeypot_pretends_success_and_writes_nothing(app: Flask, client: FlaskClient) -> None:
    make_organisation()
    response = client.post("/hulp", data=help_form(website="http://spam.example"))
    assert response.status_code == 302
    response = client.post("/vrijwilliger", data=signup_form(website="x"))
    assert response.status_code == 302
    assert _count(HelpRequest) == _count(Resident) == _count(Volunteer) == 0


def test_submissions_are_rate_limited_per_sender(app: Flask, client: FlaskClient) -> None:
    make_organisation()
    app.config.update(PUBLIC_FORM_RATE_LIMIT="2/minute")
    assert client.post("/hulp", data=help_form(first_name="")).status_code == 400
    assert client.post("/hulp", data=help_form(first_name="")).status_code == 400
    blocked = client.post("/hulp", data=help_form())
    assert blocked.status_code == 429
    assert "Te veel pogingen" in blocked.get_data(as_text=True)
    assert _count(HelpRequest) == 0
    other = client.post("/hulp", data=help_form(), environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert other.status_code == 302
    assert client.get("/hulp").status_code == 200  # reading the form is never blocked


def test_the_organisation_chooser_appears_only_with_several_organisations(
    app: Flask, client: FlaskClient
) -> None:
    make_organisation(name="LDC Seefhoek")
    assert 'name="organisation_id"' not in client.get("/hulp").get_data(as_text=True)
    make_organisation(name="Zorgzame Straat")
    page = client.get("/hulp").get_data(as_text=True)
    assert page.count('name="organisation_id"') == 3  # "you choose" and both organisations


def test_without_a_choice_the_organisation_with_most_volunteers_there_gets_it(
    app: Flask, client: FlaskClient
) -> None:
    small, busy = make_organisation(), make_organisation()
    make_volunteer(small)
    make_volunteer(busy)
    make_volunteer(busy)
    make_volunteer(small, postcode="1000", active=True)
    make_volunteer(small, postcode="1000")
    client.post("/hulp", data=help_form(organisation_id=""))
    assert db.session.scalars(select(HelpRequest)).one().organisation_id == busy.id
    client.post("/hulp", data=help_form(organisation_id=str(small.id), skill="bins"))
    assert _count(HelpRequest) == 2
    assert {r.organisation_id for r in db.session.scalars(select(HelpRequest))} == {
        small.id,
        busy.id,
    }


def test_french_form_and_french_errors(app: Flask, client: FlaskClient) -> None:
    make_organisation()
    headers = {"Accept-Language": "fr"}
    assert "Demander de l" in client.get("/hulp", headers=headers).get_data(as_text=True)
    page = client.post("/hulp", data=help_form(postcode="99"), headers=headers)
    assert "4 chiffres" in _errors(page.get_data(as_text=True))["postcode"]


def test_volunteer_sign_up_waits_inactive_for_approval(app: Flask, client: FlaskClient) -> None:
    org = make_organisation()
    response = client.post("/vrijwilliger", data=signup_form(), headers={"Accept-Language": "fr"})
    assert response.status_code == 302
    volunteer = db.session.scalars(select(Volunteer)).one()
    assert (volunteer.organisation_id, volunteer.active) == (org.id, False)
    assert volunteer.sms_language == "fr"
    assert volunteer.consent_date is not None
    slots = [
        (a.weekday, f"{a.starts_at:%H:%M}", f"{a.ends_at:%H:%M}") for a in volunteer.availability
    ]
    assert slots == [(1, "09:00", "12:00"), (3, "17:00", "20:00")]
    event = db.session.scalars(select(AuditEvent)).one()
    assert event.actor == "public_form"


def test_volunteer_sign_up_refuses_a_landline_and_keeps_the_rest(
    app: Flask, client: FlaskClient
) -> None:
    make_organisation()
    data = signup_form(phone="03 234 56 78", skills=[])
    del data["consent"]
    page = client.post("/vrijwilliger", data=data).get_data(as_text=True)
    errors = _errors(page)
    assert "gsm-nummer" in errors["phone"]
    assert "Kies er minstens één" in errors["skills"]
    assert "consent" in errors
    assert 'value="03 234 56 78"' in page
    assert re.search(r'value="1-morning"[^>]*checked|checked[^>]*value="1-morning"', page)
    assert _count(Volunteer) == 0


def test_landing_page_links_to_both_forms(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    assert 'href="/hulp"' in page and 'href="/vrijwilliger"' in page


def test_signing_up_with_a_registered_number_looks_like_any_sign_up(
    app: Flask, client: FlaskClient
) -> None:
    elsewhere, here = make_organisation(), make_organisation()
    known = make_volunteer(elsewhere, first_name="Samira", phone="+32470123456")
    fresh = client.post(
        "/vrijwilliger", data=signup_form(organisation_id=str(here.id), phone="0470 99 88 77")
    )
    again = client.post(
        "/vrijwilliger",
        data=signup_form(organisation_id=str(here.id), phone="0470 12 34 56", first_name="Eve"),
    )
    # The same answer either way: nothing tells whether the number volunteers anywhere.
    assert (again.status_code, again.location) == (fresh.status_code, fresh.location)
    assert fresh.status_code == 302
    db.session.expire_all()
    assert _count(Volunteer) == 2
    owner = db.session.get_one(Volunteer, known.id)
    assert (owner.first_name, owner.organisation_id) == ("Samira", elsewhere.id)
    actions = db.session.scalars(
        select(AuditEvent.action).where(
            AuditEvent.entity_type == "volunteers", AuditEvent.entity_id == known.id
        )
    ).all()
    assert actions == ["signed_up_again"]
