"""The Flask application: HTTP, persistence and use cases.

Imports `matching` and `notifications`; never imports `scheduling`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from flask import Flask

from web import audit_words, auth, cli, db, errors, i18n, labels, reasons, security, sms, views
from web.config import load_config


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: configuration, extensions, blueprints, command line."""
    app = Flask(__name__, instance_relative_config=True)
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.from_mapping(load_config(app.instance_path))
    if test_config is not None:
        app.config.from_mapping(test_config)

    db.init_app(app)
    i18n.init_app(app)
    labels.init_app(app)
    audit_words.init_app(app)
    reasons.init_app(app)
    auth.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    sms.init_app(app)
    views.register_blueprints(app)
    cli.init_app(app)
    return app
