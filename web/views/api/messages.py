"""/api/v1/messages: the SMS log of the organisation, both directions."""

from __future__ import annotations

from marshmallow import fields, validate
from werkzeug.wrappers import Response

from web.i18n import N_
from web.models import SmsMessage
from web.models.vocabulary import SMS_DIRECTIONS, SMS_STATUSES
from web.schemas.api.common import list_query
from web.schemas.api.requests import MessageOut, MessagePage
from web.views.api.blueprint import bp
from web.views.api.common import scoped_page
from web.views.api.spec import operation

MessageQuery = type(
    "MessageQuery",
    (list_query(SMS_STATUSES),),
    {"direction": fields.String(load_default=None, validate=validate.OneOf(SMS_DIRECTIONS))},
)
_out = MessageOut()


@bp.get("/messages")
@operation(
    N_("List SMS messages, both directions (the date filter applies to when they were logged)"),
    response=MessagePage,
    query=MessageQuery,
)
def list_messages() -> Response:
    """The organisation's SMS log."""
    return scoped_page(SmsMessage, MessageQuery, _out, SmsMessage.created_at, equal=("direction",))
