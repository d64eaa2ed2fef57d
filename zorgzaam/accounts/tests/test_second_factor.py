"""Two-step login: switching it off safely, required for coordinators and platform administrators,
enrolment at first login, one-time recovery codes."""

import re

import pyotp
import pytest
from django.test import Client

from zorgzaam.accounts import services
from zorgzaam.audit.models import Event

PASSWORD = "correct horse battery"
CODE_RE = re.compile(r"\b[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}\b")


def enable_totp(user):
    user.totp_secret = pyotp.random_base32()
    user.totp_enabled = True
    user.save()
    return pyotp.TOTP(user.totp_secret)


def logged_in(c) -> bool:
    return "_auth_user_id" in c.session


def password_login(username):
    c = Client()
    r = c.post("/accounts/login/", {"username": username, "password": PASSWORD})
    return c, r


# --- switching off ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_get_on_the_totp_page_changes_nothing(users, client_of):
    user = users["volunteer"]
    enable_totp(user)
    secret = user.totp_secret
    r = client_of(user).get("/accounts/security/totp/")
    assert r.status_code in (200, 302)
    user.refresh_from_db()
    assert user.totp_enabled and user.totp_secret == secret


@pytest.mark.django_db
def test_turning_off_needs_post_csrf_and_the_password(users):
    user = users["volunteer"]
    enable_totp(user)
    c = Client(enforce_csrf_checks=True)
    c.force_login(user)
    # No CSRF token: refused by the CSRF check.
    r = c.post("/accounts/security/totp/off/", {"password": PASSWORD})
    assert r.status_code == 403
    user.refresh_from_db()
    assert user.totp_enabled
    token = c.get("/accounts/security/").cookies["csrftoken"].value
    # A GET on the off address does nothing.
    assert c.get("/accounts/security/totp/off/").status_code == 405
    # Without (or with a wrong) password: refused.
    for data in ({}, {"password": "wrong"}):
        r = c.post("/accounts/security/totp/off/", {**data, "csrfmiddlewaretoken": token})
        assert r.status_code == 200
        user.refresh_from_db()
        assert user.totp_enabled
    r = c.post("/accounts/security/totp/off/", {"password": PASSWORD, "csrfmiddlewaretoken": token})
    assert r.status_code == 302
    user.refresh_from_db()
    assert not user.totp_enabled and not user.totp_secret
    assert Event.objects.filter(kind="auth.totp_disabled", actor=user).exists()


@pytest.mark.django_db
def test_someone_who_must_have_two_step_login_cannot_turn_it_off(users, settings, actor_of):
    settings.ZORGZAAM_REQUIRE_2FA = True
    user = users["coordinator"]
    enable_totp(user)
    with pytest.raises(services.SecondFactorError):
        services.disable_totp(actor_of(user), PASSWORD)
    c = Client()
    c.force_login(user)
    r = c.post("/accounts/security/totp/off/", {"password": PASSWORD})
    assert r.status_code == 200
    user.refresh_from_db()
    assert user.totp_enabled


# --- who must have it ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_who_must_have_two_step_login(users, settings, network, make_user):
    from zorgzaam.accounts.models import User

    admin = User.objects.create_superuser("admin", password=PASSWORD)
    settings.ZORGZAAM_REQUIRE_2FA = False
    assert not services.must_have_second_factor(users["coordinator"])
    assert not services.must_have_second_factor(admin)
    network.require_2fa_coordinators = True
    network.save()
    assert services.must_have_second_factor(users["coordinator"])
    assert not services.must_have_second_factor(users["outsider"])  # coordinator elsewhere
    assert not services.must_have_second_factor(users["professional"])
    settings.ZORGZAAM_REQUIRE_2FA = True
    network.require_2fa_coordinators = False
    network.save()
    for who in ("coordinator", "outsider"):
        assert services.must_have_second_factor(users[who])
    assert services.must_have_second_factor(admin)
    for who in ("professional", "volunteer", "partner", "policy", "resident"):
        assert not services.must_have_second_factor(users[who])


@pytest.mark.django_db
def test_network_setting_can_only_strengthen(users, settings, network, client_of):
    settings.ZORGZAAM_REQUIRE_2FA = True
    c = client_of(users["coordinator"])
    enable_totp(users["coordinator"])
    form = c.get("/areas/settings/")
    assert form.status_code == 200
    data = {"name": network.name, "municipality": "", "k_anonymity": 5, "nis_code": "", "description": ""}
    c.post("/areas/settings/", data)  # the box left unticked
    network.refresh_from_db()
    assert services.must_have_second_factor(users["coordinator"])
    settings.ZORGZAAM_REQUIRE_2FA = False
    c.post("/areas/settings/", {**data, "require_2fa_coordinators": "on"})
    network.refresh_from_db()
    assert network.require_2fa_coordinators


# --- enrolment at first login --------------------------------------------------------------------


@pytest.mark.django_db
def test_coordinator_without_second_factor_must_enrol_first(users, settings, actor_of):
    settings.ZORGZAAM_REQUIRE_2FA = True
    c, r = password_login("coord")
    assert r.status_code == 302 and logged_in(c)
    for path in ("/", "/people/", "/accounts/security/", "/areas/settings/"):
        r = c.get(path)
        assert r.status_code == 302 and r.url.startswith("/accounts/security/totp/"), path
    # A session API call is refused the same way; a personal token is unaffected.
    r = c.get("/api/people/persons")
    assert r.status_code == 403
    _obj, token = services.create_token(actor_of(users["coordinator"]), "script")
    r = Client().get("/api/people/persons", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert r.status_code == 200
    # A bogus bearer header does not let the session through.
    assert c.get("/api/people/persons", HTTP_AUTHORIZATION="Bearer zz_bogus").status_code in (401, 403)
    # Enrolment itself works.
    r = c.get("/accounts/security/totp/")
    assert r.status_code == 200 and b"data:image/svg+xml" in r.content
    user = users["coordinator"]
    user.refresh_from_db()
    r = c.post("/accounts/security/totp/", {"code": pyotp.TOTP(user.totp_secret).now()})
    assert r.status_code == 200
    assert len(set(CODE_RE.findall(r.content.decode()))) == 10
    assert "no-store" in r["Cache-Control"]
    assert c.get("/people/").status_code == 200
    # The volunteer is not asked.
    c, _r = password_login("vol")
    assert c.get("/").status_code == 200


@pytest.mark.django_db
def test_reloading_the_enrolment_page_keeps_the_secret(users, client_of):
    c = client_of(users["volunteer"])
    c.get("/accounts/security/totp/")
    users["volunteer"].refresh_from_db()
    secret = users["volunteer"].totp_secret
    c.get("/accounts/security/totp/")
    users["volunteer"].refresh_from_db()
    assert secret and users["volunteer"].totp_secret == secret


@pytest.mark.django_db
def test_platform_administrator_must_enrol(settings, db):
    from zorgzaam.accounts.models import User

    settings.ZORGZAAM_REQUIRE_2FA = True
    User.objects.create_superuser("admin", password=PASSWORD)
    c, _r = password_login("admin")
    r = c.get("/")
    assert r.status_code == 302 and r.url.startswith("/accounts/security/totp/")
    assert c.post("/accounts/logout/").status_code == 302


# --- recovery codes ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_recovery_codes_are_hashed_and_each_works_once(users, actor_of):
    from zorgzaam.accounts.models import RecoveryCode

    user = users["professional"]
    services.start_totp_setup(user)
    user.refresh_from_db()
    codes = services.confirm_totp(actor_of(user), pyotp.TOTP(user.totp_secret).now())
    assert len(codes) == 10 and len(set(codes)) == 10
    stored = set(RecoveryCode.objects.filter(user=user).values_list("digest", flat=True))
    assert len(stored) == 10 and not stored & set(codes)
    c, r = password_login("prof")
    assert r.status_code == 302 and not logged_in(c)
    r = c.post("/accounts/login/totp/", {"code": codes[0].upper().replace("-", " ")})
    assert r.status_code == 302 and logged_in(c)
    assert Event.objects.filter(kind="auth.recovery_code_used", actor=user).exists()
    c, _r = password_login("prof")
    r = c.post("/accounts/login/totp/", {"code": codes[0]})
    assert r.status_code == 200 and not logged_in(c)
    r = c.post("/accounts/login/totp/", {"code": codes[1]})
    assert r.status_code == 302 and logged_in(c)


@pytest.mark.django_db
def test_regenerating_recovery_codes_needs_the_password_and_replaces_them(users, actor_of):
    from zorgzaam.accounts.models import RecoveryCode

    user = users["professional"]
    services.start_totp_setup(user)
    user.refresh_from_db()
    old = services.confirm_totp(actor_of(user), pyotp.TOTP(user.totp_secret).now())
    c = Client()
    c.force_login(user)
    assert c.get("/accounts/security/recovery-codes/").status_code == 405
    r = c.post("/accounts/security/recovery-codes/", {"password": "wrong"})
    assert r.status_code == 200 and not CODE_RE.search(r.content.decode())
    assert RecoveryCode.objects.filter(user=user, used_at__isnull=True).count() == 10
    r = c.post("/accounts/security/recovery-codes/", {"password": PASSWORD})
    assert "no-store" in r["Cache-Control"]  # not kept in the browser's cache
    new = set(CODE_RE.findall(r.content.decode()))
    assert len(new) == 10 and not new & set(old)
    c2, _r = password_login("prof")
    assert c2.post("/accounts/login/totp/", {"code": old[2]}).status_code == 200
    assert not logged_in(c2)
    assert c2.post("/accounts/login/totp/", {"code": sorted(new)[0]}).status_code == 302


@pytest.mark.django_db
def test_a_totp_code_cannot_be_replayed(users):
    user = users["professional"]
    totp = enable_totp(user)
    code = totp.now()
    c, _r = password_login("prof")
    assert c.post("/accounts/login/totp/", {"code": code}).status_code == 302
    c, _r = password_login("prof")
    assert c.post("/accounts/login/totp/", {"code": code}).status_code == 200
    assert not logged_in(c)


@pytest.mark.django_db
def test_password_confirmation_is_throttled(users, settings, client_of):
    settings.LOGIN_MAX_FAILURES = 3
    user = users["volunteer"]
    enable_totp(user)
    c = client_of(user)
    for _ in range(3):
        assert c.post("/accounts/security/totp/off/", {"password": "wrong"}).status_code == 200
    # Locked now: even the right password is refused, and nothing changes.
    r = c.post("/accounts/security/totp/off/", {"password": PASSWORD})
    assert r.status_code == 200 and b"Te veel mislukte pogingen" in r.content
    user.refresh_from_db()
    assert user.totp_enabled


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["", "   ", "1" * 40, "a" * 41, "é€😀", "12345\x00", "----------------"])
def test_odd_codes_are_refused_without_error(users, code):
    enable_totp(users["professional"])
    c, _r = password_login("prof")
    r = c.post("/accounts/login/totp/", {"code": code})
    assert r.status_code == 200 and not logged_in(c)
