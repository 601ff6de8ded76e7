"""/api/v1/assignments: list and read; confirm (the SMS offer is queued) and reassign."""

from __future__ import annotations

from flask import current_app, jsonify
from marshmallow import RAISE, fields, validate
from werkzeug.wrappers import Response

from web.db import utcnow
from web.i18n import N_
from web.models.vocabulary import ASSIGNMENT_STATUSES
from web.schemas import load_or_refuse
from web.schemas.api.common import Versioned, list_query
from web.schemas.api.requests import AssignmentOut, AssignmentPage
from web.services.proposal_approval import approve_one
from web.services.scoping import assignments_of, owned_assignment, paginate
from web.services.task_changes import reassign_task
from web.views.api.blueprint import api_user, bp
from web.views.api.common import json_body, list_arguments, page_response
from web.views.api.spec import operation

AssignmentQuery = list_query(ASSIGNMENT_STATUSES)
_out = AssignmentOut()


class ConfirmBody(Versioned):
    """The version of the proposal the coordinator approves."""

    class Meta:
        unknown = RAISE


class ReassignBody(ConfirmBody):
    """The proposal's version and the volunteer who should do it instead."""

    volunteer_id = fields.Integer(required=True, strict=True, validate=validate.Range(1, 2**31 - 1))


@bp.get("/assignments")
@operation(
    N_("List assignments (the date filter applies to the start)"),
    response=AssignmentPage,
    query=AssignmentQuery,
)
def list_assignments() -> Response:
    """Assignments of the organisation's requests, by status and start."""
    args = list_arguments(AssignmentQuery)
    query = assignments_of(
        api_user().organisation_id,
        status=args["status"],
        since=args["since"],
        until=args["until"],
    )
    return page_response(paginate(query, args["page"], args["per_page"]), _out)


@bp.get("/assignments/<int:assignment_id>")
@operation(N_("Read an assignment"), response=AssignmentOut, errors=(404,))
def get_assignment(assignment_id: int) -> Response:
    """One assignment with its explanation."""
    return jsonify(_out.dump(owned_assignment(api_user().organisation_id, assignment_id)))


@bp.post("/assignments/<int:assignment_id>/confirm")
@operation(
    N_("Approve a proposal; its SMS offer is queued"),
    response=AssignmentOut,
    body=ConfirmBody,
    errors=(404, 409),
)
def confirm(assignment_id: int) -> Response:
    """Confirm a proposal and offer it to the volunteer by SMS."""
    user = api_user()
    version = load_or_refuse(ConfirmBody(), json_body())["version"]
    approval = approve_one(
        user.organisation_id, assignment_id, version=version, user_id=user.id, now=utcnow()
    )
    return jsonify(_out.dump(approval.assignment))


@bp.post("/assignments/<int:assignment_id>/reassign")
@operation(
    N_(
        "Give a task to another volunteer: a proposal is swapped (checked by the engine, then"
        " pinned); an approved, offered or accepted task is cancelled (its volunteer told by SMS)"
        " and offered to the new volunteer"
    ),
    response=AssignmentOut,
    body=ReassignBody,
    errors=(404, 409),
)
def reassign(assignment_id: int) -> Response:
    """Replace a proposal's volunteer; answers with the new proposal."""
    user = api_user()
    body = load_or_refuse(ReassignBody(), json_body())
    owned_assignment(user.organisation_id, assignment_id)
    assignment = reassign_task(
        user.organisation_id,
        assignment_id,
        version=body["version"],
        volunteer_id=body["volunteer_id"],
        user_id=user.id,
        timezone=current_app.config["TIMEZONE"],
        now=utcnow(),
    )
    return jsonify(_out.dump(assignment))
