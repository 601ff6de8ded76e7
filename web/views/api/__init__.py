"""The JSON API under /api/v1: one blueprint, one module per resource."""

from web.views.api import assignments, messages, openapi, people, requests, runs
from web.views.api.blueprint import bp

__all__ = ["assignments", "bp", "messages", "openapi", "people", "requests", "runs"]
