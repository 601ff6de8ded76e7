"""Fixtures for the SMS tests: an app that sends through a local fake Twilio."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import IsolatedClient, _dispose, _empty_tables, make_app
from tests.factories import (
    make_assignment,
    make_help_request,
    make_organisation,
    make_resident,
    make_volunteer,
)
from tests.fakes.twilio_server import ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER, FakeTwilio
from web.models import Assignment, Organisation, Resident, Volunteer

PUBLIC_BASE_URL = "https://buurtmatch.example.org"


def twilio_config(fake: FakeTwilio, **overrides: object) -> dict[str, object]:
    """Configuration that sends through ``fake`` with Twilio's real client."""
    config: dict[str, object] = {
        "SMS_BACKEND": "twilio",
        "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "TWILIO_FROM_NUMBER": FROM_NUMBER,
        "TWILIO_API_BASE_URL": fake.base_url,
        "TWILIO_TIMEOUT": 2.0,  # generous: a loaded CI machine must not time out by accident
        "PUBLIC_BASE_URL": PUBLIC_BASE_URL,
        "QUIET_HOURS": "",
    }
    config.update(overrides)
    return config


@pytest.fixture
def twilio_app(_migrated: str, fake_twilio: FakeTwilio) -> Iterator[Flask]:
    """The app on the test database, sending through the fake Twilio."""
    app = make_app(_migrated, **twilio_config(fake_twilio))
    with app.app_context():
        yield app
        _empty_tables()
        _dispose()


@pytest.fixture
def twilio_client(twilio_app: Flask) -> FlaskClient:
    """A test client of the Twilio-backed app."""
    twilio_app.test_client_class = IsolatedClient
    return twilio_app.test_client()


@dataclass
class Neighbourhood:
    """One organisation with a resident, a volunteer and a confirmed assignment."""

    organisation: Organisation
    resident: Resident
    volunteer: Volunteer
    assignment: Assignment


def make_neighbourhood(**resident: object) -> Neighbourhood:
    """Rows for one offer: Maria needs shopping, Jan is confirmed to help."""
    organisation = make_organisation()
    maria = make_resident(organisation, **resident)
    jan = make_volunteer(organisation, first_name="Jan")
    request = make_help_request(maria)
    assignment = make_assignment(request, jan)
    return Neighbourhood(organisation, maria, jan, assignment)
