"""/api/v1/requests: list, file, read, change and cancel help requests."""

from __future__ import annotations

from flask import jsonify, url_for
from marshmallow import fields, validate
from werkzeug.wrappers import Response

from web.i18n import N_
from web.models import HelpRequest
from web.models.vocabulary import REQUEST_STATUSES
from web.schemas.api.common import list_query
from web.schemas.api.requests import HelpRequestOut, HelpRequestPage
from web.schemas.help_request import HelpRequestInput
from web.services.help_requests import create_help_request
from web.services.request_updates import update_help_request
from web.services.scoping import owned
from web.views.api.blueprint import api_user, bp
from web.views.api.common import json_body, scoped_page, split_version
from web.views.api.spec import operation, patch_body

RequestQuery = list_query(REQUEST_STATUSES)
RequestPatch = patch_body(
    HelpRequestInput,
    "HelpRequestPatch",
    status=fields.String(
        validate=validate.OneOf(["cancelled"]),
        metadata={"description": N_("set to cancelled to cancel the request")},
    ),
    reason=fields.String(
        validate=validate.Length(max=500),
        metadata={"description": N_("why the request is cancelled (with status cancelled)")},
    ),
)
_out = HelpRequestOut()


@bp.get("/requests")
@operation(
    N_("List help requests (the date filter applies to the window start)"),
    response=HelpRequestPage,
    query=RequestQuery,
)
def list_requests() -> Response:
    """Help requests of the organisation, by status and window start."""
    return scoped_page(HelpRequest, RequestQuery, _out, HelpRequest.window_start)


@bp.post("/requests")
@operation(N_("File a help request"), status=201, response=HelpRequestOut, body=HelpRequestInput)
def create_request() -> tuple[Response, int, dict[str, str]]:
    """File a help request for a resident of the organisation."""
    user, body = api_user(), json_body()
    request = create_help_request(user.organisation_id, {"source": "api", **body}, user_id=user.id)
    location = url_for("api.get_request", request_id=request.id)
    return jsonify(_out.dump(request)), 201, {"Location": location}


@bp.get("/requests/<int:request_id>")
@operation(N_("Read a help request"), response=HelpRequestOut, errors=(404,))
def get_request(request_id: int) -> Response:
    """One help request."""
    return jsonify(_out.dump(owned(HelpRequest, api_user().organisation_id, request_id)))


@bp.patch("/requests/<int:request_id>")
@operation(
    N_("Change or cancel a help request"),
    response=HelpRequestOut,
    body=RequestPatch,
    errors=(404, 409),
)
def update_request(request_id: int) -> Response:
    """Change some fields, or cancel with `"status": "cancelled"`."""
    user = api_user()
    version, changes = split_version(json_body())
    request = update_help_request(
        user.organisation_id, request_id, changes, version=version, user_id=user.id
    )
    return jsonify(_out.dump(request))
