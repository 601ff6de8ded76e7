"""Shapes every API resource shares: errors, pages, list filters, locations."""

from __future__ import annotations

from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates_schema

from web.i18n import N_

MAX_PER_PAGE = 100


class ErrorBody(Schema):
    """`{"errors": {"field.path": ["message", ...]}}`."""

    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()), required=True)


class ListQuery(Schema):
    """Paging and the date filter every list accepts; `status` is added per resource."""

    class Meta:
        unknown = RAISE

    page = fields.Integer(load_default=1, validate=validate.Range(1, 100_000))
    per_page = fields.Integer(load_default=25, validate=validate.Range(1, MAX_PER_PAGE))
    since = fields.AwareDateTime(
        load_default=None, metadata={"description": N_("only items on or after this time")}
    )
    until = fields.AwareDateTime(
        load_default=None, metadata={"description": N_("only items before this time")}
    )

    @validates_schema
    def _since_before_until(self, data: dict[str, Any], **_: Any) -> None:
        since, until = data.get("since"), data.get("until")
        if since is not None and until is not None and until <= since:
            raise ValidationError("must be after since", "until")


def list_query(statuses: tuple[str, ...]) -> type[ListQuery]:
    """A ListQuery that also filters on one of these statuses."""
    return type(
        "StatusListQuery",
        (ListQuery,),
        {"status": fields.String(load_default=None, validate=validate.OneOf(statuses))},
    )


# Coordinates derived from postcode and street (never more precise than the street).
LOCATION_DOC = {
    "type": "object",
    "properties": {"lat": {"type": "number"}, "lon": {"type": "number"}},
    "required": ["lat", "lon"],
}


class Versioned(Schema):
    """A body that carries the version the client last read (optimistic locking)."""

    version = fields.Integer(
        required=True,
        strict=True,
        validate=validate.Range(0),
        metadata={"description": N_("the `version` you last read; a stale one gets 409")},
    )


def page_schema(item: type[Schema], name: str) -> type[Schema]:
    """A page of items: `{"items": [...], "page", "per_page", "total"}`."""
    return type(
        name,
        (Schema,),
        {
            "items": fields.List(fields.Nested(item), required=True),
            "page": fields.Integer(required=True),
            "per_page": fields.Integer(required=True),
            "total": fields.Integer(required=True),
        },
    )
