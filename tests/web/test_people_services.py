"""Filing residents, volunteers and requests: bad input names the field and writes nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from tests.factories import make_organisation, request_data, resident_data, volunteer_data
from web.db import db
from web.models import AuditEvent, AvailabilityRule, HelpRequest, Resident, Volunteer
from web.services.errors import InvalidInput
from web.services.help_requests import create_help_request
from web.services.people import create_resident, create_volunteer


def _count(model: type) -> int:
    return int(db.session.scalar(select(func.count()).select_from(model)) or 0)


def _refusal(call: Any, *args: Any) -> dict[str, list[str]]:
    before = [_count(m) for m in (Resident, Volunteer, HelpRequest, AvailabilityRule, AuditEvent)]
    with pytest.raises(InvalidInput) as caught:
        call(*args)
    db.session.rollback()
    after = [_count(m) for m in (Resident, Volunteer, HelpRequest, AvailabilityRule, AuditEvent)]
    assert after == before, "a refused input must not write anything"
    return caught.value.errors


def test_volunteer_is_filed_with_e164_phone_coordinates_and_availability(app: Flask) -> None:
    org = make_organisation()
    volunteer = create_volunteer(org.id, volunteer_data())
    assert volunteer.phone == "+32470123456"
    assert volunteer.street == "Stuivenbergplein"
    assert 51.2 < volunteer.lat < 51.25
    assert [(a.weekday, a.starts_at.hour, a.ends_at.hour) for a in volunteer.availability] == [
        (1, 9, 12)
    ]
    assert _count(AuditEvent) == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"phone": "0470 12 34"}, "phone"),
        ({"phone": "03 123 45 67"}, "phone"),  # a landline cannot receive SMS
        ({"phone": "0612345678"}, "phone"),  # Dutch mobile without +31
        ({"skills": ["juggling"]}, "skills.0"),
        ({"skills": []}, "skills"),
        ({"postcode": "9999"}, "postcode"),
        ({"postcode": "20a0"}, "postcode"),
        (
            {"availability": [{"weekday": 1, "start": "12:00", "end": "09:00"}]},
            "availability.0.end",
        ),
        (
            {"availability": [{"weekday": 8, "start": "09:00", "end": "10:00"}]},
            "availability.0.weekday",
        ),
        ({"travel_mode": "horse"}, "travel_mode"),
        ({"max_distance_km": -3}, "max_distance_km"),
        ({"shoe_size": 43}, "shoe_size"),
    ],
)
def test_bad_volunteer_input_names_the_field(
    app: Flask, overrides: dict[str, Any], field: str
) -> None:
    org = make_organisation()
    errors = _refusal(create_volunteer, org.id, volunteer_data(**overrides))
    assert field in errors, errors


def test_foreign_mobile_with_country_code_is_accepted(app: Flask) -> None:
    volunteer = create_volunteer(make_organisation().id, volunteer_data(phone="+31 6 12345678"))
    assert volunteer.phone == "+31612345678"


def test_a_phone_number_registers_one_volunteer_only(app: Flask) -> None:
    org = make_organisation()
    create_volunteer(org.id, volunteer_data())
    errors = _refusal(create_volunteer, org.id, volunteer_data(phone="+32470123456"))
    assert errors == {"phone": ["is already registered for another volunteer"]}


def test_unknown_street_falls_back_to_the_postcode_point(app: Flask) -> None:
    resident = create_resident(make_organisation().id, resident_data(street="Nieuwe Wegel"))
    assert resident.street == "Nieuwe Wegel"
    assert resident.lat == pytest.approx(51.2226, abs=0.05)


def test_resident_sms_consent_needs_a_phone(app: Flask) -> None:
    errors = _refusal(create_resident, make_organisation().id, resident_data(sms_consent=True))
    assert "sms_consent" in errors


def _window(start: datetime, hours: float) -> dict[str, str]:
    return {"start": start.isoformat(), "end": (start + timedelta(hours=hours)).isoformat()}


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"skill": "juggling"}, "skill"),
        ({"duration_minutes": -30}, "duration_minutes"),
        ({"duration_minutes": 300}, "duration_minutes"),  # longer than the window
        ({"window": _window(datetime(2026, 12, 1, 12, tzinfo=UTC), -2)}, "window.end"),
        (
            {"window": {"start": "2026-12-01T10:00:00", "end": "2026-12-01T12:00:00"}},
            "window.start",
        ),
        ({"priority": 0}, "priority"),
        ({"wheelchair": True}, "needs_vehicle"),
        ({"recurrence_rule": "every tuesday"}, "recurrence_rule"),
        ({"destination": {"postcode": "1234", "street": "Nergens"}}, "destination.postcode"),
    ],
)
def test_bad_request_input_names_the_field(
    app: Flask, overrides: dict[str, Any], field: str
) -> None:
    org = make_organisation()
    resident = create_resident(org.id, resident_data())
    errors = _refusal(create_help_request, org.id, request_data(resident.id, **overrides))
    assert field in errors, errors


def test_request_for_another_organisations_resident_is_refused(app: Flask) -> None:
    resident = create_resident(make_organisation().id, resident_data())
    other = make_organisation()
    errors = _refusal(create_help_request, other.id, request_data(resident.id))
    assert errors == {"resident_id": ["no such resident in your organisation"]}


def test_ride_with_destination_is_filed(app: Flask) -> None:
    org = make_organisation()
    resident = create_resident(org.id, resident_data())
    request = create_help_request(
        org.id,
        request_data(
            resident.id,
            skill="transport",
            needs_vehicle=True,
            destination={"postcode": "2020", "street": "Kielpark"},
        ),
    )
    assert request.destination_postcode == "2020"
    assert request.destination_lat is not None
    assert request.status == "open"
