"""Blueprints, one per area; each module defines `bp`."""

from __future__ import annotations

from flask import Flask

from web.views import (
    api,
    audit,
    coordinator,
    health,
    intake,
    messages,
    notices,
    people,
    planning,
    privacy,
    public,
    public_forms,
    reports,
    requests,
    review,
    sms,
    volunteer_week,
)


def register_blueprints(app: Flask) -> None:
    """Attach every blueprint to the app."""
    app.register_blueprint(health.bp)
    app.register_blueprint(public.bp)
    app.register_blueprint(public_forms.bp)
    app.register_blueprint(people.bp)
    app.register_blueprint(privacy.bp)
    app.register_blueprint(volunteer_week.bp)
    app.register_blueprint(audit.bp)
    app.register_blueprint(coordinator.bp)
    app.register_blueprint(review.bp)
    app.register_blueprint(requests.bp)
    app.register_blueprint(intake.bp)
    app.register_blueprint(planning.bp)
    app.register_blueprint(reports.bp)
    app.register_blueprint(messages.bp)
    app.register_blueprint(notices.bp)
    app.register_blueprint(sms.bp)
    app.register_blueprint(api.bp)
