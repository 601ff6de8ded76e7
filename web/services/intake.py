"""Phone intake: a coordinator files a request, for a known or a new resident, in one go."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from web.db import db
from web.models import HelpRequest
from web.schemas import load_or_refuse
from web.schemas.help_request import HelpRequestInput
from web.schemas.people import ResidentInput
from web.services.errors import InvalidInput
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
) -> HelpRequest:
    """File a request for `resident_id`, or for a new resident from `resident_data`.

    Every refusal of both parts is raised at once (new-resident fields prefixed
    "resident."), and nothing is written unless everything is valid.
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
    db.session.commit()
    return request
