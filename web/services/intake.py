"""Phone intake: a coordinator files a request, for a known or a new resident, in one go."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from web.db import db, utcnow
from web.models import HelpRequest, SmsMessage
from web.schemas import load_or_refuse
from web.schemas.help_request import HelpRequestInput
from web.schemas.people import ResidentInput
from web.services import audit
from web.services.errors import InvalidInput, NotFound
from web.services.help_requests import create_help_request
from web.services.people import create_resident


def _refusals(schema: Any, data: Mapping[str, Any], prefix: str = "") -> dict[str, list[str]]:
    try:
        load_or_refuse(schema, data)
    except InvalidInput as refused:
        return {prefix + path: messages for path, messages in refused.errors.items()}
    return {}


def file_phone_intake(
    organisation_id: int,
    request_data: Mapping[str, Any],
    *,
    resident_id: int | None = None,
    resident_data: Mapping[str, Any] | None = None,
    user_id: int | None = None,
    from_text: SmsMessage | None = None,
) -> HelpRequest:
    """File a request for `resident_id`, or for a new resident from `resident_data`.

    Every refusal of both parts is raised at once (new-resident fields prefixed
    "resident."), and nothing is written unless everything is valid. A
    resident's text it answers (`from_text`) is marked handled with it.
    """
    placeholder = {**request_data, "resident_id": resident_id or 0}
    errors = {
        path: messages
        for path, messages in _refusals(HelpRequestInput(), placeholder).items()
        if path != "resident_id"
    }
    if resident_id is None:
        errors.update(_refusals(ResidentInput(), resident_data or {}, "resident."))
    if errors:
        raise InvalidInput(errors)
    try:
        if resident_id is None:
            try:
                resident = create_resident(
                    organisation_id, resident_data or {}, user_id=user_id, commit=False
                )
            except InvalidInput as refused:
                raise InvalidInput(
                    {f"resident.{k}": v for k, v in refused.errors.items()}
                ) from None
            resident_id = resident.id
        request = create_help_request(
            organisation_id,
            {**request_data, "resident_id": resident_id},
            user_id=user_id,
            commit=False,
        )
    except InvalidInput:
        db.session.rollback()
        raise
    if from_text is not None:
        from_text.handled_at, from_text.handled_by_id = utcnow(), user_id
        audit.record("filed_as_request", from_text, actor="user", user_id=user_id)
    db.session.commit()
    return request


def resident_text(organisation_id: int, message_id: int) -> SmsMessage:
    """A resident's text asking for help, not yet filed; NotFound otherwise."""
    message = db.session.get(SmsMessage, message_id)
    if (
        message is None
        or message.organisation_id != organisation_id
        or message.kind != "request_draft"
        or message.handled_at is not None
    ):
        raise NotFound(f"no open text {message_id} from a resident")
    return message
