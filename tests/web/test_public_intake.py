"""The public intake services: windows in Brussels time, which organisation, resident matching."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from flask import Flask

from tests.factories import make_organisation, make_volunteer
from web.db import db
from web.services.errors import InvalidInput
from web.services.parts_of_day import weekly_slots, window_on
from web.services.public_intake import sign_up_volunteer, submit_help_request
from web.services.service_areas import organisation_for

NOW = datetime(2026, 6, 1, 10, 30, tzinfo=UTC)
EARLY = datetime(2026, 6, 1, 6, 0, tzinfo=UTC)  # the morning is still ahead in Brussels


def test_parts_of_day_follow_summer_and_winter_time() -> None:
    summer = window_on(date(2026, 7, 1), "morning", "Europe/Brussels")
    winter = window_on(date(2026, 12, 1), "evening", "Europe/Brussels")
    assert [t.hour for t in summer] == [7, 10]
    assert [t.hour for t in winter] == [16, 19]
    assert all(t.tzinfo is UTC for t in summer + winter)


def test_weekly_slots_from_choices_and_unknown_choices_stay_refusable() -> None:
    assert weekly_slots(["2-evening", "0-morning", "0-morning"]) == [
        {"weekday": 0, "start": "09:00", "end": "12:00"},
        {"weekday": 2, "start": "17:00", "end": "20:00"},
    ]
    assert weekly_slots(["x-night"]) == [{"weekday": -1, "start": "", "end": ""}]


def test_organisation_rule(app: Flask) -> None:
    with pytest.raises(InvalidInput) as none_yet:
        organisation_for("2060", None)
    assert "_form" in none_yet.value.errors
    only = make_organisation()
    assert organisation_for("9000", None) == only.id  # one organisation takes everything
    other = make_organisation()
    with pytest.raises(InvalidInput) as unserved:
        organisation_for("9000", None)
    assert "organisation_id" in unserved.value.errors
    make_volunteer(other, postcode="9000")
    make_volunteer(only, postcode="9000", active=False)
    make_volunteer(only, postcode="9000", active=False)
    assert organisation_for("9000", None) == other.id  # only active volunteers count
    assert organisation_for("9000", only.id) == only.id
    with pytest.raises(InvalidInput):
        organisation_for("9000", 999_999)


def _request(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        # Filed by her daughter, who leaves her own number: the resident has none of her own.
        "filed_by": "family",
        "contact_name": "Els Peeters",
        "contact": "0470 11 22 33",
        "first_name": "Maria",
        "last_name": "Peeters",
        "postcode": "2060",
        "street": "Stuivenbergplein",
        "skill": "company",
        "day": "2026-06-01",
        "part_of_day": "morning",
        "duration_minutes": 60,
        "consent": True,
    }
    data.update(overrides)
    return data


def test_a_window_already_started_today_starts_now(app: Flask) -> None:
    make_organisation()
    ten_in_brussels = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
    request = submit_help_request(_request(), timezone="Europe/Brussels", now=ten_in_brussels)
    assert request.window_start == ten_in_brussels
    assert request.window_end == datetime(2026, 6, 1, 10, 0, tzinfo=UTC)
    assert (request.status, request.source) == ("new", "public_form")


def test_requests_too_far_ahead_or_over_are_refused(app: Flask) -> None:
    make_organisation()
    with pytest.raises(InvalidInput) as over:
        submit_help_request(
            _request(part_of_day="morning", day="2026-05-31"), timezone="Europe/Brussels", now=NOW
        )
    assert over.value.errors == {"day": ["this day is already over"]}
    with pytest.raises(InvalidInput) as far:
        submit_help_request(_request(day="2026-09-01"), timezone="Europe/Brussels", now=NOW)
    assert far.value.errors == {"day": ["choose a day within 60 days"]}


def test_unknown_fields_and_bad_choices_are_named(app: Flask) -> None:
    make_organisation()
    with pytest.raises(InvalidInput) as caught:
        submit_help_request(
            _request(skill="juggling", duration_minutes=45, part_of_day="night", extra="x"),
            timezone="Europe/Brussels",
            now=NOW,
        )
    assert set(caught.value.errors) == {"skill", "duration_minutes", "part_of_day", "extra"}


def test_sign_up_needs_consent_and_names_every_field_at_once(app: Flask) -> None:
    make_organisation()
    with pytest.raises(InvalidInput) as caught:
        sign_up_volunteer(
            {"first_name": "Sam", "phone": "0470", "postcode": "20", "street": "X", "skills": []}
        )
    assert {"last_name", "phone", "postcode", "skills", "consent"} <= set(caught.value.errors)


def test_a_resident_is_found_again_by_name_whatever_the_case(app: Flask) -> None:
    make_organisation()
    first = submit_help_request(_request(), timezone="Europe/Brussels", now=EARLY)
    again = submit_help_request(
        _request(first_name="  MARIA ", last_name="peeters", street="stuivenbergplein"),
        timezone="Europe/Brussels",
        now=EARLY,
    )
    assert again.resident_id == first.resident_id
    other = submit_help_request(_request(first_name="Marie"), timezone="Europe/Brussels", now=EARLY)
    assert other.resident_id != first.resident_id


def test_the_name_key_follows_a_rename(app: Flask) -> None:
    make_organisation()
    first = submit_help_request(_request(), timezone="Europe/Brussels", now=EARLY)
    first.resident.last_name = "Janssens"
    db.session.commit()
    renamed = submit_help_request(
        _request(last_name="Janssens"), timezone="Europe/Brussels", now=EARLY
    )
    assert renamed.resident_id == first.resident_id
    old_name = submit_help_request(_request(), timezone="Europe/Brussels", now=EARLY)
    assert old_name.resident_id != first.resident_id
