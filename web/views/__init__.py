"""Blueprints, one per area; each module defines `bp`."""

from __future__ import annotations

from flask import Flask

from web.views import coordinator, health, public


def register_blueprints(app: Flask) -> None:
    """Attach every blueprint to the app."""
    app.register_blueprint(health.bp)
    app.register_blueprint(public.bp)
    app.register_blueprint(coordinator.bp)
