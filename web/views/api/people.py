"""/api/v1/residents and /api/v1/volunteers: list, file, read, change, erase, export."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import jsonify, url_for
from marshmallow import INCLUDE, Schema
from sqlalchemy.orm import selectinload
from werkzeug.wrappers import Response

from web.i18n import N_
from web.models import Resident, Volunteer
from web.schemas.api.common import ListQuery
from web.schemas.api.people import ResidentOut, ResidentPage, VolunteerOut, VolunteerPage
from web.schemas.people import ResidentInput, VolunteerInput
from web.services import erasure, people, people_updates, privacy
from web.services.scoping import owned
from web.views.api.blueprint import api_user, bp
from web.views.api.common import json_body, scoped_page, split_version
from web.views.api.spec import operation, patch_body


class PersonExport(Schema):
    """Everything stored about one person (GDPR access request): the record, its requests,
    assignments, SMS messages and audit trail."""

    class Meta:
        unknown = INCLUDE


@dataclass(frozen=True)
class Kind:
    """One kind of person the API files."""

    singular: str
    plural: str
    model: type[Resident] | type[Volunteer]
    out: type[Schema]
    page: type[Schema]
    body: type[Schema]
    create: Callable[..., Any]
    update: Callable[..., Any]
    export: Callable[..., dict[str, Any]]
    erase: Callable[..., None]
    # What each operation does, in the words of the readable API page (list, file, read,
    # change, erase, export); marked for the catalogs.
    summaries: tuple[str, str, str, str, str, str]
    load: tuple[Any, ...] = ()


KINDS = (
    Kind(
        "resident",
        "residents",
        Resident,
        ResidentOut,
        ResidentPage,
        ResidentInput,
        people.create_resident,
        people_updates.update_resident,
        privacy.export_resident,
        erasure.erase_resident,
        (
            N_("List residents"),
            N_("File a resident"),
            N_("Read a resident"),
            N_("Change a resident"),
            N_("Erase a resident (GDPR): anonymised, statistics kept"),
            N_("Export everything about a resident (GDPR)"),
        ),
    ),
    Kind(
        "volunteer",
        "volunteers",
        Volunteer,
        VolunteerOut,
        VolunteerPage,
        VolunteerInput,
        people.create_volunteer,
        people_updates.update_volunteer,
        privacy.export_volunteer,
        erasure.erase_volunteer,
        (
            N_("List volunteers"),
            N_("File a volunteer"),
            N_("Read a volunteer"),
            N_("Change a volunteer"),
            N_("Erase a volunteer (GDPR): anonymised, statistics kept"),
            N_("Export everything about a volunteer (GDPR)"),
        ),
        load=(selectinload(Volunteer.availability),),
    ),
)


def _register(kind: Kind) -> None:
    one, out = kind.singular, kind.out()
    item = f"/{kind.plural}/<int:{one}_id>"
    patch = patch_body(kind.body, f"{one.title()}Patch")
    listed, filed, read, changed, erased, exported = kind.summaries

    @operation(listed, response=kind.page, query=ListQuery)
    def list_people() -> Response:
        return scoped_page(kind.model, ListQuery, out, kind.model.created_at, load=kind.load)

    @operation(filed, status=201, response=kind.out, body=kind.body)
    def create_person() -> tuple[Response, int, dict[str, str]]:
        user = api_user()
        person = kind.create(user.organisation_id, json_body(), user_id=user.id)
        location = url_for(f"api.get_{one}", **{f"{one}_id": person.id})
        return jsonify(out.dump(person)), 201, {"Location": location}

    @operation(read, response=kind.out, errors=(404,))
    def get_person(**ids: int) -> Response:
        return jsonify(out.dump(owned(kind.model, api_user().organisation_id, ids[f"{one}_id"])))

    @operation(changed, response=kind.out, body=patch, errors=(404, 409))
    def update_person(**ids: int) -> Response:
        user = api_user()
        version, changes = split_version(json_body())
        person = kind.update(
            user.organisation_id, ids[f"{one}_id"], changes, version=version, user_id=user.id
        )
        return jsonify(out.dump(person))

    @operation(erased, status=204, errors=(404,))
    def erase_person(**ids: int) -> tuple[str, int]:
        user = api_user()
        kind.erase(user.organisation_id, ids[f"{one}_id"], user_id=user.id)
        return "", 204

    @operation(exported, response=PersonExport, errors=(404,))
    def export_person(**ids: int) -> Response:
        user = api_user()
        return jsonify(kind.export(user.organisation_id, ids[f"{one}_id"], user_id=user.id))

    bp.add_url_rule(f"/{kind.plural}", f"list_{kind.plural}", list_people, methods=["GET"])
    bp.add_url_rule(f"/{kind.plural}", f"create_{one}", create_person, methods=["POST"])
    bp.add_url_rule(item, f"get_{one}", get_person, methods=["GET"])
    bp.add_url_rule(item, f"update_{one}", update_person, methods=["PATCH"])
    bp.add_url_rule(item, f"erase_{one}", erase_person, methods=["DELETE"])
    bp.add_url_rule(f"{item}/export", f"export_{one}", export_person, methods=["GET"])


for _kind in KINDS:
    _register(_kind)
