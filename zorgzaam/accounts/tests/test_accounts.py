import time

import pyotp
import pytest
from django.test import Client

from zorgzaam.accounts import services
from zorgzaam.accounts.models import ApiToken
from zorgzaam.audit.models import Event

PASSWORD = "correct horse battery"


def post_login(client, username, password=PASSWORD):
    return client.post("/accounts/login/", {"username": username, "password": password})


@pytest.mark.django_db
def test_login_and_logout_are_logged(users):
    c = Client()
    r = post_login(c, "coord")
    assert r.status_code == 302 and r.url == "/"
    assert Event.objects.filter(kind="auth.login", actor=users["coordinator"]).exists()
    c.post("/accounts/logout/")
    assert Event.objects.filter(kind="auth.logout").exists()


@pytest.mark.django_db
def test_wrong_password_gives_clear_message(users):
    from django.utils import translation
    from django.utils.html import escape

    r = post_login(Client(), "coord", "wrong")
    assert r.status_code == 200
    with translation.override("nl"):
        expected = translation.gettext("That user name and password do not match.")
    assert expected != "That user name and password do not match."  # Dutch is the default
    assert escape(expected) in r.content.decode()
    assert Event.objects.filter(kind="auth.login_failed").count() == 1


@pytest.mark.django_db
def test_login_is_throttled_after_repeated_failures(users, settings):
    settings.LOGIN_MAX_FAILURES = 3
    c = Client()
    for _ in range(3):
        post_login(c, "coord", "wrong")
    # Even the right password is refused while locked.
    r = post_login(c, "coord")
    assert r.status_code == 200
    assert "_auth_user_id" not in c.session
    assert Event.objects.filter(kind="auth.locked_out").exists()


@pytest.mark.django_db
def test_open_redirect_is_refused(users):
    r = Client().post(
        "/accounts/login/?next=https://evil.example/", {"username": "coord", "password": PASSWORD}
    )
    assert r.status_code == 302 and r.url == "/"


@pytest.mark.django_db
def test_totp_second_factor(users, client_of, actor_of):
    user = users["coordinator"]
    services.start_totp_setup(user)
    user.refresh_from_db()
    assert not user.totp_enabled
    assert not services.confirm_totp(actor_of(user), "000000")
    assert services.confirm_totp(actor_of(user), pyotp.TOTP(user.totp_secret).now())
    user.refresh_from_db()
    assert user.totp_enabled
    c = Client()
    r = post_login(c, "coord")
    assert r.status_code == 302 and r.url.startswith("/accounts/login/totp/")
    assert "_auth_user_id" not in c.session
    r = c.post(
        "/accounts/login/totp/", {"code": "123456" if pyotp.TOTP(user.totp_secret).now() != "123456" else "1"}
    )
    assert r.status_code == 200 and "_auth_user_id" not in c.session
    # The code used to confirm cannot be used again (no replay): the next one (clock drift) can.
    r = c.post("/accounts/login/totp/", {"code": pyotp.TOTP(user.totp_secret).now()})
    assert r.status_code == 200 and "_auth_user_id" not in c.session
    r = c.post("/accounts/login/totp/", {"code": pyotp.TOTP(user.totp_secret).at(time.time() + 30)})
    assert r.status_code == 302 and c.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
def test_totp_setup_page(users, client_of):
    c = client_of(users["volunteer"])
    r = c.get("/accounts/security/totp/")
    assert r.status_code == 200 and b"data:image/svg+xml" in r.content
    r = c.post("/accounts/security/totp/", {"code": "000000"})
    assert r.status_code == 200
    users["volunteer"].refresh_from_db()
    assert not users["volunteer"].totp_enabled


@pytest.mark.django_db
def test_api_token_lifecycle(users, actor_of):
    obj, token = services.create_token(actor_of(users["coordinator"]), "rapportage")
    assert ApiToken.objects.get(pk=obj.pk).digest != token  # only the hash is stored
    c = Client()
    assert c.get("/api/people/persons", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200
    assert c.get("/api/people/persons", HTTP_AUTHORIZATION="Bearer zz_wrong").status_code == 401
    services.revoke_token(actor_of(users["coordinator"]), obj)
    assert c.get("/api/people/persons", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401


@pytest.mark.django_db
def test_token_pages(users, client_of):
    c = client_of(users["professional"])
    r = c.post("/accounts/security/tokens/", {"name": "script"})
    assert r.status_code == 200 and b"zz_" in r.content
    token = ApiToken.objects.get(user=users["professional"])
    other = client_of(users["coordinator"])
    assert other.post(f"/accounts/security/tokens/{token.pk}/revoke/").status_code == 404
    assert c.post(f"/accounts/security/tokens/{token.pk}/revoke/").status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_passwords_are_hashed_with_argon2():
    # The test fixtures swap in a fast hasher; the project settings must use argon2.
    from django.contrib.auth.hashers import Argon2PasswordHasher

    from zorgzaam import settings as project

    assert project.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    hasher = Argon2PasswordHasher()
    assert hasher.encode("correct horse battery", hasher.salt()).startswith("argon2$argon2id$")


@pytest.mark.django_db
def test_security_headers(client):
    r = client.get("/accounts/login/")
    csp = r["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert r["X-Frame-Options"] == "DENY"
    assert r["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_csrf_is_enforced(users):
    c = Client(enforce_csrf_checks=True)
    assert c.post("/accounts/login/", {"username": "coord", "password": PASSWORD}).status_code == 403


def test_production_settings_require_secrets(monkeypatch):
    import importlib
    import sys

    from django.core.exceptions import ImproperlyConfigured

    monkeypatch.delenv("SECRET_KEY", raising=False)
    sys.modules.pop("zorgzaam.settings_production", None)
    with pytest.raises(ImproperlyConfigured):
        importlib.import_module("zorgzaam.settings_production")
    monkeypatch.setenv("SECRET_KEY", "x" * 50)
    monkeypatch.setenv("ALLOWED_HOSTS", "zorgzaam.example")
    monkeypatch.setenv("ZORGZAAM_BASE_URL", "https://zorgzaam.example")
    monkeypatch.delenv("ZORGZAAM_REQUIRE_2FA", raising=False)
    sys.modules.pop("zorgzaam.settings_production", None)
    prod = importlib.import_module("zorgzaam.settings_production")
    assert prod.SESSION_COOKIE_SECURE and prod.CSRF_COOKIE_SECURE and not prod.DEBUG
    # Coordinators and platform administrators must use two-step login in production.
    assert prod.ZORGZAAM_REQUIRE_2FA
    sys.modules.pop("zorgzaam.settings_production", None)
