"""Security headers, cookies, production-mode refusals, rate limits and the password policy."""

from __future__ import annotations

import subprocess
import sys

import pytest
from flask.testing import FlaskClient

from tests.api.conftest import make_caller
from tests.conftest import _empty_tables, make_app
from tests.factories import make_organisation, make_user, resident_data
from web.config import ConfigError
from web.db import db
from web.services.passwords import password_problems
from web.services.users import create_user

STRONG_SECRET = "f3a9c1d27b4e8f60a5d9c3b1e7f2a4c6"


def test_pages_and_the_api_carry_the_security_headers(client: FlaskClient) -> None:
    for url in ("/", "/login", "/api/v1/volunteers", "/healthz", "/no-such-page"):
        response = client.get(url)
        csp = response.headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp, url
        assert "unsafe-inline" not in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["X-Frame-Options"] == "DENY"
        assert "Strict-Transport-Security" not in response.headers


def test_hsts_is_sent_over_https(client: FlaskClient) -> None:
    response = client.get("/", base_url="https://buurtmatch.example")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_no_page_has_an_inline_script_or_style(client: FlaskClient) -> None:
    for url in ("/", "/login"):
        html = client.get(url).get_data(as_text=True)
        assert "<script>" not in html and " style=" not in html and "<style" not in html


def test_production_refuses_a_missing_or_default_secret(_migrated: str) -> None:
    for secret in (None, "", "dev", "test-secret", "short-but-set"):
        with pytest.raises(ConfigError, match="SECRET_KEY"):
            make_app(
                _migrated,
                BUURTMATCH_ENV="production",
                SECRET_KEY=secret,
                SECRET_KEY_IS_RANDOM=not secret,
            )


def test_production_refuses_twilio_without_an_auth_token(_migrated: str) -> None:
    with pytest.raises(ConfigError, match="TWILIO_AUTH_TOKEN"):
        make_app(
            _migrated,
            BUURTMATCH_ENV="production",
            SECRET_KEY=STRONG_SECRET,
            SECRET_KEY_IS_RANDOM=False,
            SMS_BACKEND="twilio",
            TWILIO_ACCOUNT_SID="AC" + "0" * 32,
            TWILIO_AUTH_TOKEN=None,
            TWILIO_FROM_NUMBER="+32470000000",
        )


def test_production_with_a_real_secret_starts_with_secure_cookies(_migrated: str) -> None:
    app = make_app(
        _migrated,
        BUURTMATCH_ENV="production",
        SECRET_KEY=STRONG_SECRET,
        SECRET_KEY_IS_RANDOM=False,
    )
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]
    assert app.config["SESSION_COOKIE_HTTPONLY"]


def test_outside_production_a_random_secret_is_fine(_migrated: str) -> None:
    app = make_app(_migrated, SECRET_KEY="", SECRET_KEY_IS_RANDOM=True)
    assert app.config["BUURTMATCH_ENV"] == "development"


def test_login_attempts_are_rate_limited(_migrated: str) -> None:
    app = make_app(_migrated, LOGIN_RATE_LIMIT="3/minute")
    with app.app_context():
        client = app.test_client()
        codes = [
            client.post("/login", data={"email": "x@example.org", "password": "wrong"}).status_code
            for _ in range(5)
        ]
        assert codes == [400, 400, 400, 429, 429]
        assert client.get("/login").status_code == 200
        _empty_tables()
        db.session.remove()
        db.engine.dispose()


WORKER = """
import sys
from tests.conftest import make_app
app = make_app(sys.argv[1], LOGIN_RATE_LIMIT="3/minute")
with app.app_context():
    client = app.test_client()
    data = {"email": "x@example.org", "password": "wrong"}
    environ = {"REMOTE_ADDR": "198.51.100.7"}
    print(*(client.post("/login", data=data, environ_base=environ).status_code for _ in range(2)))
"""


def test_login_counts_are_shared_by_every_web_process(_migrated: str) -> None:
    """Two processes on one database stand for two gunicorn workers: their counts add up."""
    codes = []
    for _ in range(2):
        worker = subprocess.run(
            [sys.executable, "-c", WORKER, _migrated],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        codes += worker.stdout.split()
    assert codes == ["400", "400", "400", "429"]
    app = make_app(_migrated)
    with app.app_context():
        _empty_tables()
        db.session.remove()
        db.engine.dispose()


def test_failed_logins_are_limited_per_account_from_any_address(_migrated: str) -> None:
    app = make_app(_migrated, LOGIN_ACCOUNT_RATE_LIMIT="3/minute")
    with app.app_context():
        organisation = make_organisation()
        make_user(organisation, email="lotte@example.org", password="correct horse")
        make_user(organisation, email="jan@example.org", password="correct horse")
        client = app.test_client()

        def attempt(email: str, password: str, address: int) -> int:
            data = {"email": email, "password": password}
            environ = {"REMOTE_ADDR": f"192.0.2.{address}"}
            return client.post("/login", data=data, environ_base=environ).status_code

        # A correct login does not count; three failures from three addresses do.
        assert attempt("Lotte@example.org", "correct horse", 1) == 302
        assert [attempt("lotte@example.org ", "wrong", n) for n in (2, 3, 4)] == [400] * 3
        assert attempt("lotte@example.org", "correct horse", 5) == 429
        assert attempt("jan@example.org", "correct horse", 5) == 302
        # An address without an account is limited alike, so the limit reveals nothing.
        assert [attempt("nobody@example.org", "wrong", n) for n in (6, 7, 8, 9)] == [
            400,
            400,
            400,
            429,
        ]
        _empty_tables()
        db.session.remove()
        db.engine.dispose()


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("short", "at least"),
        ("wachtwoord123", "easy"),
        ("aaaaaaaaaaaaaaaa", "easy"),
        ("x" * 300, "at most"),
        ("my-jan.peeters-pass", "e-mail"),
    ],
)
def test_the_password_policy_refuses_weak_passwords(password: str, problem: str) -> None:
    problems = password_problems(password, "jan.peeters@example.org")
    assert any(problem in p for p in problems)


def test_the_password_policy_accepts_a_long_passphrase(app: object) -> None:
    assert password_problems("paarse fiets op de Meir", "jan@example.org") == []
    organisation = make_organisation()
    user = create_user("jan@example.org", "paarse fiets op de Meir", organisation.slug)
    assert user.id is not None
    make_user(organisation)  # the factory bypasses the policy, as fixtures may


def test_forms_need_a_csrf_token_but_the_token_api_does_not(_migrated: str) -> None:
    app = make_app(_migrated, WTF_CSRF_ENABLED=True)
    with app.app_context():
        caller = make_caller()
        client = app.test_client()
        login = {"email": caller.user.email, "password": "correct horse"}
        assert client.post("/login", data=login).status_code == 400
        assert client.get("/c/").status_code == 302  # not logged in without the token
        api = client.post("/api/v1/residents", json=resident_data(), headers=caller.headers)
        assert api.status_code == 201
        _empty_tables()
        db.session.remove()
        db.engine.dispose()
