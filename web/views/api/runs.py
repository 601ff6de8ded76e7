"""/api/v1/matching/runs: start a matching round, follow it."""

from __future__ import annotations

from flask import jsonify, url_for
from werkzeug.wrappers import Response

from web.i18n import N_
from web.models import MatchingRun
from web.schemas.api.requests import MatchingRunOut
from web.services.matching import start_matching_run
from web.services.scoping import owned
from web.views.api.blueprint import api_user, bp
from web.views.api.spec import operation

_out = MatchingRunOut()


@bp.post("/matching/runs")
@operation(
    N_("Start a matching round (or return the one already waiting); it runs in the background"),
    status=202,
    response=MatchingRunOut,
)
def start_run() -> tuple[Response, int, dict[str, str]]:
    """Queue a round for the organisation; the clock runs it."""
    user = api_user()
    run = start_matching_run(user.organisation_id, user_id=user.id)
    location = url_for("api.get_run", run_id=run.id)
    return jsonify(_out.dump(run)), 202, {"Location": location}


@bp.get("/matching/runs/<int:run_id>")
@operation(N_("Read a matching round and its outcome"), response=MatchingRunOut, errors=(404,))
def get_run(run_id: int) -> Response:
    """One matching round."""
    return jsonify(_out.dump(owned(MatchingRun, api_user().organisation_id, run_id)))
