"""The persistent model: one module per aggregate, typed columns, no business logic."""

from web.models.api_token import ApiToken
from web.models.assignment import Assignment
from web.models.audit_event import AuditEvent
from web.models.clock_heartbeat import ClockHeartbeat
from web.models.coordinator_notice import CoordinatorNotice
from web.models.help_request import HelpRequest
from web.models.matching_run import MatchingRun
from web.models.organisation import Organisation, User
from web.models.rate_limit_counter import RateLimitCounter
from web.models.resident import Resident
from web.models.signal import Signal
from web.models.sms_message import SmsMessage
from web.models.user_session import UserSession
from web.models.volunteer import Absence, AvailabilityRule, PairingBlock, Volunteer

__all__ = [
    "Absence",
    "ApiToken",
    "Assignment",
    "AuditEvent",
    "AvailabilityRule",
    "ClockHeartbeat",
    "CoordinatorNotice",
    "HelpRequest",
    "MatchingRun",
    "Organisation",
    "PairingBlock",
    "RateLimitCounter",
    "Resident",
    "Signal",
    "SmsMessage",
    "User",
    "UserSession",
    "Volunteer",
]
