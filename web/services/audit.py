"""Writing the audit trail."""

from __future__ import annotations

from typing import Any

from web.db import db
from web.models import AuditEvent


def record(
    action: str,
    entity: Any,
    *,
    actor: str = "system",
    user_id: int | None = None,
    changes: dict[str, Any] | None = None,
) -> None:
    """Add an audit event for an entity to the current transaction (the caller commits)."""
    if entity.id is None:
        db.session.flush()  # the event names the entity by its id
    db.session.add(
        AuditEvent(
            organisation_id=getattr(entity, "organisation_id", None),
            actor_user_id=user_id,
            actor=actor,
            entity_type=type(entity).__tablename__,
            entity_id=entity.id,
            action=action,
            changes=changes or {},
        )
    )
