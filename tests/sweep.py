"""Every route of the app, found through the URL map, and one of everything to visit them with.

Used by the cross-organisation sweep (tests/security/test_authorisation.py) and the
language sweep (tests/web/test_languages.py).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from flask import Flask
from werkzeug.routing import Rule

from tests.factories import (
    make_assignment,
    make_available_volunteer,
    make_help_request,
    make_organisation,
    make_resident,
    make_volunteer,
)
from web.db import db
from web.models import (
    Absence,
    AuditEvent,
    CoordinatorNotice,
    MatchingRun,
    Organisation,
    Signal,
    SmsMessage,
)
from web.models.vocabulary import REQUEST_STATUSES

# Reachable without logging in: the landing page, login, the language switch, the public
# forms, the health check, Twilio's webhooks and static files.
PUBLIC_ENDPOINTS = {
    "public.landing",
    "public.login",
    "public.choose_language",
    "health.healthz",
    "sms.inbound",
    "sms.status",
    "static",
}
PUBLIC_BLUEPRINTS = {"public_forms"}
SECRET = "Zorbageheim"
REFERENCES = ("organisation_id", "resident_id", "volunteer_id", "request_id", "assignment_id")


def rules(app: Flask) -> list[tuple[Rule, str]]:
    return [
        (rule, method)
        for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule)
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})
    ]


def is_public(rule: Rule) -> bool:
    return rule.endpoint in PUBLIC_ENDPOINTS or rule.endpoint.split(".")[0] in PUBLIC_BLUEPRINTS


def seed(organisation: Organisation) -> dict[str, Any]:
    """One of everything in an organisation, with a name no other organisation uses."""
    resident = make_resident(organisation, first_name=SECRET)
    volunteer = make_volunteer(organisation, first_name=SECRET)
    other_volunteer = make_available_volunteer(organisation, first_name=SECRET)
    # Tomorrow mid-morning, inside every available volunteer's hours.
    start = datetime.now(UTC).replace(hour=9, minute=0, second=0, microsecond=0) + timedelta(days=1)
    request = make_help_request(
        resident, description=SECRET, window_start=start, window_end=start + timedelta(hours=3)
    )
    assignment = make_assignment(request, volunteer, status="proposed")
    absence = Absence(
        volunteer_id=volunteer.id, first_day=date(2030, 1, 1), last_day=date(2030, 1, 2)
    )
    run = MatchingRun(organisation_id=organisation.id, status="queued")
    message = SmsMessage(
        organisation_id=organisation.id,
        direction="inbound",
        kind="reply",
        to_number="+32470000000",
        from_number=volunteer.phone,
        body=SECRET,
        status="received",
        volunteer_id=volunteer.id,
    )
    failed = SmsMessage(
        organisation_id=organisation.id,
        direction="outbound",
        kind="offer",
        idempotency_key=f"sweep:{volunteer.id}",
        to_number=volunteer.phone,
        body=SECRET,
        status="failed",
        volunteer_id=volunteer.id,
    )
    db.session.add_all([absence, run, message, failed])
    db.session.flush()
    signal = Signal(
        organisation_id=organisation.id,
        volunteer_id=volunteer.id,
        resident_id=resident.id,
        sms_message_id=message.id,
        body=SECRET,
    )
    notice = CoordinatorNotice(
        organisation_id=organisation.id,
        kind="nobody_left",
        key=f"nobody_left:{request.id}:sweep",
        request_id=request.id,
    )
    db.session.add_all([signal, notice])
    db.session.commit()
    return {
        "organisation_id": organisation.id,
        "resident_id": resident.id,
        "volunteer_id": volunteer.id,
        "request_id": request.id,
        "assignment_id": assignment.id,
        "absence_id": absence.id,
        "other_volunteer_id": other_volunteer.id,
        "run_id": run.id,
        "message_id": message.id,
        "failed_message_id": failed.id,
        "signal_id": signal.id,
        "notice_id": notice.id,
        "version": assignment.version,
    }


def ids(rule: Rule, seeded: dict[str, Any]) -> dict[str, Any]:
    return {name: seeded[name] for name in rule.arguments if name in seeded}


def everything() -> dict[str, Any]:
    """An organisation with one of everything, a request in every status and audit events."""
    org = make_organisation()
    seeded = seed(org)
    volunteer = make_volunteer(org, first_name="Wim")
    for status in REQUEST_STATUSES:
        request = make_help_request(make_resident(org, first_name=f"R{status}"), status=status)
        if status in ("proposed", "offered", "arranged", "completed", "missed"):
            task = {"proposed": "proposed", "offered": "offered", "arranged": "accepted"}.get(
                status, "completed" if status == "completed" else "no_show"
            )
            make_assignment(request, volunteer, status=task)
    for action, changes in (
        ("created", {"filed_by": "resident", "contact_name": "Els"}),
        ("updated", {"fields": ["duration_minutes", "skill"]}),
        ("rejected", {"reason": "te ver"}),
    ):
        db.session.add(
            AuditEvent(
                organisation_id=org.id,
                actor="public_form",
                entity_type="help_requests",
                entity_id=seeded["request_id"],
                action=action,
                changes=changes,
            )
        )
    db.session.commit()
    return {**seeded, "organisation": org}
