"""Landing page, login, logout and the language switch."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import make_app
from tests.factories import make_organisation, make_user
from web.services import passwords


def test_landing_page_is_dutch_by_default(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    assert 'lang="nl"' in page
    assert "Aanmelden" in page
    assert "OpenStreetMap" in page


def test_language_follows_the_browser_and_the_switch(client: FlaskClient) -> None:
    assert "Se connecter" in client.get("/", headers={"Accept-Language": "fr"}).get_data(True)
    client.post("/language", data={"language": "en", "next": "/"})
    assert "Log in" in client.get("/", headers={"Accept-Language": "fr"}).get_data(True)


def test_language_switch_refuses_foreign_redirects(client: FlaskClient) -> None:
    response = client.post("/language", data={"language": "fr", "next": "//evil.example"})
    assert response.headers["Location"] == "/"


def test_login_and_logout(app: Flask, client: FlaskClient) -> None:
    org = make_organisation(name="LDC Seefhoek")
    make_user(org, email="lotte@example.org", password="correct horse")
    assert client.get("/c/").status_code == 302
    response = client.post(
        "/login", data={"email": "Lotte@example.org", "password": "correct horse"}
    )
    assert response.status_code == 302
    assert "LDC Seefhoek" in client.get("/c/").get_data(as_text=True)
    client.post("/logout")
    assert client.get("/c/").status_code == 302


def test_wrong_password_gets_one_neutral_message(app: Flask, client: FlaskClient) -> None:
    make_user(make_organisation(), email="lotte@example.org", password="correct horse")
    response = client.post("/login", data={"email": "lotte@example.org", "password": "nope"})
    assert response.status_code == 400
    assert "niet correct" in response.get_data(as_text=True)
    unknown = client.post("/login", data={"email": "who@example.org", "password": "nope"})
    assert "niet correct" in unknown.get_data(as_text=True)


def test_forms_need_a_csrf_token(_migrated: str) -> None:
    app = make_app(_migrated, WTF_CSRF_ENABLED=True)
    response = app.test_client().post("/login", data={"email": "a@b.be", "password": "x"})
    assert response.status_code == 400


def test_every_login_costs_the_same_password_check(
    app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Unknown and deactivated addresses cost what real ones cost: timing tells nothing."""
    organisation = make_organisation()
    make_user(organisation, email="lotte@example.org")
    make_user(organisation, email="paused@example.org", active=False)
    methods: list[str] = []
    real_check = passwords.check_password_hash

    def counting_check(stored: str, password: str) -> bool:
        methods.append(stored.split("$")[0])  # the method and its cost, e.g. scrypt:32768:8:1
        return real_check(stored, password)

    monkeypatch.setattr(passwords, "check_password_hash", counting_check)
    for email in ("lotte@example.org", "paused@example.org", "nobody@example.org"):
        response = client.post("/login", data={"email": email, "password": "not it"})
        assert response.status_code == 400
    assert len(methods) == 3 and len(set(methods)) == 1, methods
