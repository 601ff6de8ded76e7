"""Coordinator pages for residents and volunteers: scoped, searchable, safely editable."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.factories import (
    log_in,
    make_assignment,
    make_audit_event,
    make_help_request,
    make_organisation,
    make_resident,
    make_volunteer,
)
from web.db import db
from web.models import Absence, AuditEvent, AvailabilityRule, Resident, Volunteer


def version_in(page: str) -> str:
    match = re.search(r'name="version" type="hidden" value="(\d+)"', page)
    assert match, "the form must carry the version it shows"
    return match[1]


def volunteer_form(page: str, **changes: object) -> dict[str, object]:
    """The edit form as shown, with some fields changed."""
    data: dict[str, object] = {
        "version": version_in(page),
        "active": "y",
        "first_name": "Jan",
        "last_name": "Janssens",
        "phone": "0470 00 00 99",
        "sms_language": "nl",
        "postcode": "2060",
        "street": "Kerkstraat",
        "languages": ["nl"],
        "skills": ["shopping"],
        "gender": "",
        "travel_mode": "walk",
    }
    data.update(changes)
    return data


@pytest.fixture
def two_organisations(app: Flask) -> tuple[object, object]:
    return make_organisation(name="LDC Seefhoek"), make_organisation(name="Zorgzame Straat")


def test_pages_need_a_login(client: FlaskClient, two_organisations: tuple) -> None:
    mine, _ = two_organisations
    resident = make_resident(mine)
    for url in ("/c/residents", "/c/volunteers", f"/c/residents/{resident.id}"):
        assert client.get(url).status_code == 302


def test_another_organisations_people_are_not_found(
    client: FlaskClient, two_organisations: tuple
) -> None:
    mine, theirs = two_organisations
    resident, volunteer = make_resident(theirs), make_volunteer(theirs)
    request = make_help_request(resident)
    absence = Absence(
        volunteer_id=volunteer.id, first_day=date(2026, 12, 1), last_day=date(2026, 12, 2)
    )
    db.session.add(absence)
    db.session.commit()
    log_in(client, mine)
    for url in (
        f"/c/residents/{resident.id}",
        f"/c/residents/{resident.id}/edit",
        f"/c/volunteers/{volunteer.id}",
        f"/c/volunteers/{volunteer.id}/edit",
        f"/c/volunteers/{volunteer.id}/availability",
        f"/c/requests/{request.id}/audit",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/c/residents/{resident.id}/edit", data={}).status_code == 404
    assert client.post(f"/c/volunteers/{volunteer.id}/absences", data={}).status_code == 404
    gone = client.post(f"/c/volunteers/{volunteer.id}/absences/{absence.id}/delete")
    assert gone.status_code == 404
    assert db.session.get(Absence, absence.id) is not None
    listing = client.get("/c/residents").get_data(as_text=True)
    assert "Peeters" not in listing


def test_search_by_name_street_and_phone(client: FlaskClient, two_organisations: tuple) -> None:
    mine, theirs = two_organisations
    make_resident(mine, first_name="Maria", last_name="Peeters", street="Kerkstraat")
    make_resident(
        mine,
        first_name="Ahmed",
        last_name="Benali",
        street="Stuivenbergplein",
        phone="+32470998877",
    )
    make_resident(theirs, first_name="Maria", last_name="Peeters-Other")
    log_in(client, mine)

    def names(query: str) -> list[str]:
        page = client.get("/c/residents", query_string={"q": query}).get_data(as_text=True)
        return re.findall(r'/c/residents/\d+">([^<]+)</a>', page)

    assert names("") == ["Benali, Ahmed", "Peeters, Maria"]
    assert names("maria") == ["Peeters, Maria"]
    assert names("stuivenberg") == ["Benali, Ahmed"]
    assert names("0470 99 88") == ["Benali, Ahmed"]
    assert names("maria kerk") == ["Peeters, Maria"]
    assert names("100%") == []


def test_volunteer_list_pages_through_many_rows(
    client: FlaskClient, two_organisations: tuple
) -> None:
    mine, _ = two_organisations
    db.session.add_all(
        Volunteer(
            organisation_id=mine.id,
            first_name="V",
            last_name=f"Name{n:04d}",
            phone=f"+32471{n:06d}",
            postcode="2060",
            street="Kerkstraat",
            lat=51.2,
            lon=4.4,
            skills=["bins"],
            languages=["nl"],
        )
        for n in range(120)
    )
    db.session.commit()
    log_in(client, mine)
    page = client.get("/c/volunteers", query_string={"page": 3}).get_data(as_text=True)
    assert "Pagina 3 van 3" in page
    assert "Name0100" in page and "Name0099" not in page
    assert "Gevonden: 120" in page


def test_editing_a_resident_saves_and_audits(client: FlaskClient, two_organisations: tuple) -> None:
    mine, _ = two_organisations
    resident = make_resident(mine)
    log_in(client, mine)
    page = client.get(f"/c/residents/{resident.id}/edit").get_data(as_text=True)
    assert 'value="Maria"' in page
    response = client.post(
        f"/c/residents/{resident.id}/edit",
        data={
            "version": version_in(page),
            "first_name": "Marie",
            "last_name": "Peeters",
            "phone": "03 234 56 78",
            "postcode": "2060",
            "street": "Kerkstraat",
            "languages": ["nl", "fr"],
            "preferred_gender": "f",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    changed = db.session.get(Resident, resident.id)
    assert (changed.first_name, changed.phone, changed.languages) == (
        "Marie",
        "+3232345678",
        ["nl", "fr"],
    )
    assert changed.preferred_gender == "f"
    detail = client.get(f"/c/residents/{resident.id}").get_data(as_text=True)
    assert "Geschiedenis van wijzigingen" in detail and "gewijzigd" in detail


def test_bad_input_names_the_field_keeps_the_values_and_writes_nothing(
    client: FlaskClient, two_organisations: tuple
) -> None:
    mine, _ = two_organisations
    volunteer = make_volunteer(mine)
    log_in(client, mine)
    page = client.get(f"/c/volunteers/{volunteer.id}/edit").get_data(as_text=True)
    response = client.post(
        f"/c/volunteers/{volunteer.id}/edit",
        data=volunteer_form(page, first_name="Johan", phone="03 234 56 78", postcode="99"),
    )
    text = response.get_data(as_text=True)
    assert response.status_code == 400
    assert re.search(r'id="phone-error">.*gsm-nummer', text, re.S)
    assert '<a href="#phone">Gsm-nummer</a>' in text
    assert 'value="Johan"' in text and 'value="03 234 56 78"' in text
    db.session.expire_all()
    assert db.session.get(Volunteer, volunteer.id).first_name == "Jan"


def test_a_stale_edit_is_refused_and_overwrites_nothing(
    client: FlaskClient, two_organisations: tuple
) -> None:
    mine, _ = two_organisations
    volunteer = make_volunteer(mine)
    log_in(client, mine)
    page = client.get(f"/c/volunteers/{volunteer.id}/edit").get_data(as_text=True)
    first = client.post(
        f"/c/volunteers/{volunteer.id}/edit", data=volunteer_form(page, first_name="Anna")
    )
    assert first.status_code == 302
    second = client.post(
        f"/c/volunteers/{volunteer.id}/edit", data=volunteer_form(page, first_name="Bert")
    )
    text = second.get_data(as_text=True)
    assert second.status_code == 409
    assert "Iemand anders heeft dit intussen gewijzigd" in text
    assert 'value="Bert"' in text  # what was typed is kept
    db.session.expire_all()
    assert db.session.get(Volunteer, volunteer.id).first_name == "Anna"


def test_approving_a_sign_up_makes_the_volunteer_active(
    client: FlaskClient, two_organisations: tuple
) -> None:
    mine, _ = two_organisations
    volunteer = make_volunteer(mine, active=False)
    log_in(client, mine)
    waiting = client.get("/c/volunteers", query_string={"waiting": "1"}).get_data(as_text=True)
    assert "Janssens, Jan" in waiting
    page = client.get(f"/c/volunteers/{volunteer.id}/edit").get_data(as_text=True)
    assert (
        client.post(f"/c/volunteers/{volunteer.id}/edit", data=volunteer_form(page)).status_code
        == 302
    )
    db.session.expire_all()
    assert db.session.get(Volunteer, volunteer.id).active is True
    actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions[-1] == "approved"


def test_the_week_editor_replaces_slots_and_refuses_overlaps(
    client: FlaskClient, two_organisations: tuple
) -> None:
    mine, _ = two_organisations
    volunteer = make_volunteer(mine)
    db.session.add(
        AvailabilityRule(volunteer_id=volunteer.id, weekday=0, starts_at=time(9), ends_at=time(12))
    )
    db.session.commit()
    log_in(client, mine)
    page = client.get(f"/c/volunteers/{volunteer.id}/availability").get_data(as_text=True)
    assert 'value="09:00"' in page
    rows = {
        "version": version_in(page),
        "slots-0-weekday": "0",
        "slots-0-start": "",
        "slots-0-end": "",
        "slots-1-weekday": "2",
        "slots-1-start": "14:00",
        "slots-1-end": "17:00",
        "slots-2-weekday": "2",
        "slots-2-start": "16:00",
        "slots-2-end": "18:00",
    }
    refused = client.post(f"/c/volunteers/{volunteer.id}/availability", data=rows)
    text = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert re.search(r'id="slots-2-start-error">.*overlapt', text, re.S)
    assert 'value="16:00"' in text
    rows["slots-2-start"] = "17:00"
    assert client.post(f"/c/volunteers/{volunteer.id}/availability", data=rows).status_code == 302
    db.session.expire_all()
    slots = [
        (r.weekday, r.starts_at, r.ends_at)
        for r in db.session.get(Volunteer, volunteer.id).availability
    ]
    assert slots == [(2, time(14), time(17)), (2, time(17), time(18))]
    stale = client.post(f"/c/volunteers/{volunteer.id}/availability", data=rows)
    assert stale.status_code == 409


def test_absences_are_added_checked_and_removed(
    client: FlaskClient, two_organisations: tuple
) -> None:
    mine, _ = two_organisations
    volunteer = make_volunteer(mine)
    log_in(client, mine)
    url = f"/c/volunteers/{volunteer.id}/absences"
    bad = client.post(
        url, data={"first_day": "2026-12-10", "last_day": "2026-12-01", "reason": "vakantie"}
    )
    assert bad.status_code == 400
    assert "niet na de laatste dag" in bad.get_data(as_text=True)
    assert 'value="vakantie"' in bad.get_data(as_text=True)
    ok = client.post(
        url, data={"first_day": "2026-12-01", "last_day": "2026-12-10", "reason": "vakantie"}
    )
    assert ok.status_code == 302
    absence = db.session.scalars(select(Absence)).one()
    assert (absence.first_day, absence.last_day) == (date(2026, 12, 1), date(2026, 12, 10))
    assert client.post(f"{url}/{absence.id}/delete").status_code == 302
    assert db.session.scalars(select(Absence)).first() is None


def test_history_shows_who_helped_whom(client: FlaskClient, two_organisations: tuple) -> None:
    mine, _ = two_organisations
    resident = make_resident(mine, first_name="Maria")
    volunteer = make_volunteer(mine, first_name="Samira", last_name="El Amrani")
    request = make_help_request(resident, status="arranged")
    make_assignment(
        request, volunteer, starts_at=datetime(2026, 12, 1, 9, tzinfo=UTC), status="accepted"
    )
    log_in(client, mine)
    of_resident = client.get(f"/c/residents/{resident.id}").get_data(as_text=True)
    assert "Samira El Amrani" in of_resident and "aanvaard" in of_resident
    of_volunteer = client.get(f"/c/volunteers/{volunteer.id}").get_data(as_text=True)
    assert "Maria Peeters" in of_volunteer and "01-12-2026 10:00" in of_volunteer


def test_request_audit_page_lists_request_and_assignment_events(
    client: FlaskClient, two_organisations: tuple
) -> None:
    mine, _ = two_organisations
    resident = make_resident(mine)
    request = make_help_request(resident)
    assignment = make_assignment(request, make_volunteer(mine), status="offered")
    make_audit_event(request, "created", actor="public_form", changes={"filed_by": "family"})
    make_audit_event(assignment, "offered", changes={"code": "K7"})
    log_in(client, mine, name="Lotte")
    page = " ".join(client.get(f"/c/requests/{request.id}/audit").get_data(as_text=True).split())
    assert "het publieke formulier" in page and "ingediend door: familie of een buur" in page
    assert "per sms aangeboden" in page and "toewijzing" in page


def test_a_sign_up_is_approved_from_its_page(client: FlaskClient, two_organisations: tuple) -> None:
    mine, theirs = two_organisations
    volunteer, foreign = make_volunteer(mine, active=False), make_volunteer(theirs, active=False)
    log_in(client, mine)
    page = client.get(f"/c/volunteers/{volunteer.id}").get_data(as_text=True)
    assert "Actief maken" in page
    assert client.post(f"/c/volunteers/{foreign.id}/approve", data={}).status_code == 404
    stale = client.post(f"/c/volunteers/{volunteer.id}/approve", data={"version": "1"})
    assert stale.status_code == 302
    db.session.expire_all()
    assert db.session.get(Volunteer, volunteer.id).active is False
    client.post(f"/c/volunteers/{volunteer.id}/approve", data={"version": version_in(page)})
    db.session.expire_all()
    assert db.session.get(Volunteer, volunteer.id).active is True
    assert db.session.get(Volunteer, foreign.id).active is False
