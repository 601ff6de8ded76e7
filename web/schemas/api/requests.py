"""How help requests, assignments, matching runs and SMS messages look in the API."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields

from web.schemas.api.common import page_schema

WINDOW_DOC = {
    "type": "object",
    "properties": {
        "start": {"type": "string", "format": "date-time"},
        "end": {"type": "string", "format": "date-time"},
    },
    "required": ["start", "end"],
}
DESTINATION_DOC = {
    "type": "object",
    "nullable": True,
    "properties": {"postcode": {"type": "string"}, "street": {"type": "string"}},
}


def _window(request: Any) -> dict[str, str]:
    return {"start": request.window_start.isoformat(), "end": request.window_end.isoformat()}


def _destination(request: Any) -> dict[str, str] | None:
    if request.destination_postcode is None:
        return None
    return {"postcode": request.destination_postcode, "street": request.destination_street}


class HelpRequestOut(Schema):
    """A help request and where it stands."""

    id = fields.Integer(required=True)
    version = fields.Integer(required=True)
    resident_id = fields.Integer(required=True)
    skill = fields.String(required=True)
    description = fields.String(required=True)
    duration_minutes = fields.Integer(required=True)
    window = fields.Function(_window, required=True, metadata=WINDOW_DOC)
    priority = fields.Integer(required=True)
    volunteers_needed = fields.Integer(required=True)
    language_strict = fields.Boolean(required=True)
    needs_vehicle = fields.Boolean(required=True)
    wheelchair = fields.Boolean(required=True)
    destination = fields.Function(_destination, allow_none=True, metadata=DESTINATION_DOC)
    recurrence_rule = fields.String(allow_none=True)
    source = fields.String(required=True)
    status = fields.String(required=True)
    unfilled_reasons = fields.String(allow_none=True)
    created_at = fields.AwareDateTime(required=True)
    updated_at = fields.AwareDateTime(required=True)


class AssignmentOut(Schema):
    """A volunteer proposed for, offered or doing one request."""

    id = fields.Integer(required=True)
    version = fields.Integer(required=True)
    request_id = fields.Integer(required=True)
    volunteer_id = fields.Integer(required=True)
    matching_run_id = fields.Integer(allow_none=True)
    start = fields.AwareDateTime(attribute="starts_at", required=True)
    status = fields.String(required=True)
    pinned = fields.Boolean(required=True)
    explanation = fields.Dict(allow_none=True)
    offered_at = fields.AwareDateTime(allow_none=True)
    answered_at = fields.AwareDateTime(allow_none=True)
    updated_at = fields.AwareDateTime(required=True)


class MatchingRunOut(Schema):
    """A matching round and its outcome."""

    id = fields.Integer(required=True)
    status = fields.String(required=True)
    solver_status = fields.String(allow_none=True)
    time_limit_seconds = fields.Float(required=True)
    queued_at = fields.AwareDateTime(required=True)
    started_at = fields.AwareDateTime(allow_none=True)
    finished_at = fields.AwareDateTime(allow_none=True)
    requests_count = fields.Integer(allow_none=True)
    filled_count = fields.Integer(allow_none=True)
    summary = fields.Dict(allow_none=True)
    error = fields.String(allow_none=True)


class MessageOut(Schema):
    """One SMS in the log, in either direction."""

    id = fields.Integer(required=True)
    direction = fields.String(required=True)
    kind = fields.String(required=True)
    status = fields.String(required=True)
    to_number = fields.String(required=True)
    from_number = fields.String(allow_none=True)
    body = fields.String(required=True)
    language = fields.String(allow_none=True)
    urgent = fields.Boolean(required=True)
    attempts = fields.Integer(required=True)
    sent_at = fields.AwareDateTime(allow_none=True)
    error_code = fields.Integer(allow_none=True)
    assignment_id = fields.Integer(allow_none=True)
    volunteer_id = fields.Integer(allow_none=True)
    resident_id = fields.Integer(allow_none=True)
    created_at = fields.AwareDateTime(required=True)


HelpRequestPage = page_schema(HelpRequestOut, "HelpRequestPage")
AssignmentPage = page_schema(AssignmentOut, "AssignmentPage")
MessagePage = page_schema(MessageOut, "MessagePage")
