"""Reading the audit trail: who changed what, when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, or_, select

from web.db import db
from web.models import Assignment, AuditEvent, HelpRequest, User
from web.services.errors import NotFound

TRAIL_LIMIT = 200


@dataclass(frozen=True)
class TrailEntry:
    """One audit event as a coordinator reads it."""

    created_at: datetime
    actor: str
    user_name: str | None
    entity_type: str
    entity_id: int
    action: str
    changes: dict[str, Any]


def audit_trail(entity_type: str, entity_id: int, organisation_id: int) -> list[TrailEntry]:
    """The events of one entity of this organisation, newest first.

    A help request's trail includes the events of its assignments (proposed,
    offered, accepted...), since that is what happened to the request.
    """
    which = and_(
        AuditEvent.entity_type == entity_type,
        AuditEvent.entity_id == entity_id,
        AuditEvent.organisation_id == organisation_id,
    )
    if entity_type == "help_requests":
        # Assignment events carry no organisation: the request's own organisation scopes them.
        assignment_ids = (
            select(Assignment.id)
            .join(HelpRequest, HelpRequest.id == Assignment.request_id)
            .where(
                Assignment.request_id == entity_id, HelpRequest.organisation_id == organisation_id
            )
        )
        which = or_(
            which,
            and_(AuditEvent.entity_type == "assignments", AuditEvent.entity_id.in_(assignment_ids)),
        )
    rows = db.session.execute(
        select(AuditEvent, User.name)
        .outerjoin(User, User.id == AuditEvent.actor_user_id)
        .where(which)
        .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
        .limit(TRAIL_LIMIT)
    )
    return [
        TrailEntry(
            event.created_at,
            event.actor,
            name,
            event.entity_type,
            event.entity_id,
            event.action,
            event.changes or {},
        )
        for event, name in rows
    ]


def help_request_of(organisation_id: int, request_id: int) -> HelpRequest:
    """A help request of this organisation (for its audit page); NotFound otherwise."""
    request = db.session.get(HelpRequest, request_id)
    if request is None or request.organisation_id != organisation_id:
        raise NotFound(f"no help request {request_id} in this organisation")
    return request
