"""Plain functions that build valid rows with overridable defaults."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import count
from typing import Any

from web.db import db
from web.models import (
    Assignment,
    AuditEvent,
    HelpRequest,
    Organisation,
    Resident,
    User,
    Volunteer,
)
from web.services import request_states
from web.services.passwords import hash_password

_numbers = count(1)


def make_organisation(**overrides: Any) -> Organisation:
    """An organisation with a unique slug."""
    n = next(_numbers)
    values: dict[str, Any] = {"slug": f"org-{n}", "name": f"Organisation {n}"}
    values.update(overrides)
    organisation = Organisation(**values)
    db.session.add(organisation)
    db.session.commit()
    return organisation


def make_user(
    organisation: Organisation, password: str = "correct horse", **overrides: Any
) -> User:
    """A coordinator of an organisation."""
    n = next(_numbers)
    values: dict[str, Any] = {
        "email": f"user{n}@example.org",
        "name": f"User {n}",
        "password_hash": hash_password(password),
        "organisation_id": organisation.id,
    }
    values.update(overrides)
    user = User(**values)
    db.session.add(user)
    db.session.commit()
    return user


def resident_data(**overrides: Any) -> dict[str, Any]:
    """Valid input for create_resident."""
    data: dict[str, Any] = {
        "first_name": "Maria",
        "last_name": "Peeters",
        "postcode": "2060",
        "street": "Kerkstraat",
        "languages": ["nl"],
    }
    data.update(overrides)
    return data


def volunteer_data(**overrides: Any) -> dict[str, Any]:
    """Valid input for create_volunteer."""
    data: dict[str, Any] = {
        "first_name": "Samira",
        "last_name": "El Amrani",
        "phone": "0470 12 34 56",
        "postcode": "2060",
        "street": "Stuivenbergplein",
        "languages": ["ar", "nl"],
        "skills": ["shopping", "company"],
        "availability": [{"weekday": 1, "start": "09:00", "end": "12:00"}],
    }
    data.update(overrides)
    return data


def request_data(resident_id: int, **overrides: Any) -> dict[str, Any]:
    """Valid input for create_help_request: tomorrow 10:00-13:00 UTC, one hour of shopping."""
    start = (datetime.now(UTC) + timedelta(days=1)).replace(hour=10, minute=0, second=0)
    data: dict[str, Any] = {
        "resident_id": resident_id,
        "skill": "shopping",
        "duration_minutes": 60,
        "window": {"start": start.isoformat(), "end": (start + timedelta(hours=3)).isoformat()},
    }
    data.update(overrides)
    return data


def make_resident(organisation: Organisation, **overrides: Any) -> Resident:
    """A resident in the Seefhoek."""
    resident = Resident(
        organisation_id=organisation.id,
        **{
            "first_name": "Maria",
            "last_name": "Peeters",
            "postcode": "2060",
            "street": "Kerkstraat",
            "lat": 51.226,
            "lon": 4.427,
            "languages": ["nl"],
            **overrides,
        },
    )
    db.session.add(resident)
    db.session.commit()
    return resident


def make_volunteer(organisation: Organisation, **overrides: Any) -> Volunteer:
    """A volunteer in the Seefhoek with a unique mobile number."""
    n = next(_numbers)
    volunteer = Volunteer(
        organisation_id=organisation.id,
        **{
            "first_name": "Jan",
            "last_name": "Janssens",
            "phone": f"+32470{n:06d}",
            "postcode": "2060",
            "street": "Kerkstraat",
            "lat": 51.226,
            "lon": 4.427,
            "skills": ["shopping"],
            "languages": ["nl"],
            **overrides,
        },
    )
    db.session.add(volunteer)
    db.session.commit()
    return volunteer


def make_help_request(resident: Resident, **overrides: Any) -> HelpRequest:
    """An open shopping request for tomorrow."""
    start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=1)
    request = HelpRequest(
        organisation_id=resident.organisation_id,
        resident_id=resident.id,
        **{
            "skill": "shopping",
            "duration_minutes": 60,
            "window_start": start,
            "window_end": start + timedelta(hours=3),
            "status": "open",
            **overrides,
        },
    )
    db.session.add(request)
    db.session.commit()
    return request


def log_in(client: Any, organisation: Organisation, **overrides: Any) -> User:
    """Create a coordinator of the organisation and log the client in as them."""
    user = make_user(organisation, password="correct horse", **overrides)
    response = client.post("/login", data={"email": user.email, "password": "correct horse"})
    assert response.status_code == 302, "login failed"
    return user


def make_assignment(request: HelpRequest, volunteer: Volunteer, **overrides: Any) -> Assignment:
    """A confirmed assignment of a volunteer to a request, starting at the window's start.

    The request's status follows, as it does in the app (request_states.settle).
    """
    assignment = Assignment(
        request_id=request.id,
        volunteer_id=volunteer.id,
        **{"starts_at": request.window_start, "status": "confirmed", **overrides},
    )
    db.session.add(assignment)
    db.session.flush()
    request_states.settle(request)
    db.session.commit()
    return assignment


def make_audit_event(entity: Any, action: str, **overrides: Any) -> AuditEvent:
    """An audit event about an entity (its organisation, if it has one), by the system."""
    event = AuditEvent(
        entity_type=type(entity).__tablename__,
        entity_id=entity.id,
        action=action,
        **{
            "organisation_id": getattr(entity, "organisation_id", None),
            "actor": "system",
            **overrides,
        },
    )
    db.session.add(event)
    db.session.commit()
    return event


def make_available_volunteer(organisation: Organisation, **overrides: Any) -> Volunteer:
    """A volunteer free every day from 08:00 to 20:00 (local time)."""
    from datetime import time

    from web.models import AvailabilityRule

    volunteer = make_volunteer(organisation, **overrides)
    for weekday in range(7):
        db.session.add(
            AvailabilityRule(
                volunteer_id=volunteer.id, weekday=weekday, starts_at=time(8), ends_at=time(20)
            )
        )
    db.session.commit()
    return volunteer
