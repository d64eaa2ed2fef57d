"""Login throttling: per (user name, address), a higher ceiling per address, the real client address
behind trusted proxies, the configured lock duration, and atomic counting under parallel attempts."""

import datetime as dt
import threading
from unittest import mock

import pytest
from django.db import connection
from django.test import Client, RequestFactory
from django.utils import timezone, translation
from django.utils.html import escape

from zorgzaam.accounts import services
from zorgzaam.core.middleware import client_ip

PASSWORD = "correct horse battery"
ATTACKER = "203.0.113.66"
OFFICE = "198.51.100.7"


def login(username, password=PASSWORD, ip=ATTACKER, client=None, **extra):
    c = client or Client()
    r = c.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=ip, **extra)
    return c, r


def logged_in(c) -> bool:
    return "_auth_user_id" in c.session


@pytest.mark.django_db
def test_invented_names_from_one_address_lock_nobody_else(users, settings):
    settings.LOGIN_MAX_FAILURES = 5
    for i in range(6):
        login(f"nobody{i}", "wrong")
    # A real user behind the same address (e.g. the same office or proxy) still gets in.
    c, r = login("coord")
    assert r.status_code == 302 and logged_in(c)


@pytest.mark.django_db
def test_lock_is_per_name_and_address(users, settings):
    settings.LOGIN_MAX_FAILURES = 5
    for _ in range(5):
        login("coord", "wrong", ip=ATTACKER)
    c, r = login("coord", ip=ATTACKER)
    assert r.status_code == 200 and not logged_in(c)
    # The coordinator at the office is never locked by the attacker's failures.
    c, r = login("coord", ip=OFFICE)
    assert r.status_code == 302 and logged_in(c)


@pytest.mark.django_db
def test_failures_below_the_limit_are_forgotten_after_a_login(users, settings):
    settings.LOGIN_MAX_FAILURES = 3
    for _ in range(2):
        login("coord", "wrong")
    assert logged_in(login("coord")[0])
    for _ in range(2):
        login("coord", "wrong")
    assert logged_in(login("coord")[0])


@pytest.mark.django_db
def test_address_ceiling_locks_the_address(users, settings):
    settings.LOGIN_MAX_FAILURES = 5
    settings.LOGIN_MAX_FAILURES_PER_ADDRESS = 8
    for i in range(7):
        login(f"nobody{i}", "wrong")
    assert logged_in(login("coord")[0])  # 7 < 8: not yet
    login("nobody7", "wrong")
    c, r = login("coord")
    assert r.status_code == 200 and not logged_in(c)
    assert logged_in(login("coord", ip=OFFICE)[0])


@pytest.mark.django_db
def test_lock_lasts_the_configured_time_and_says_so(users, settings):
    settings.LOGIN_MAX_FAILURES = 2
    settings.LOGIN_LOCKOUT_SECONDS = 120
    for _ in range(2):
        login("coord", "wrong")
    c, r = login("coord")
    assert not logged_in(c)
    with translation.override("nl"):
        expected = translation.ngettext(
            "Too many failed attempts. Wait %(count)d minute or ask your coordinator.",
            "Too many failed attempts. Wait %(count)d minutes or ask your coordinator.",
            2,
        ) % {"count": 2}
    assert "2 minuten" in expected
    assert escape(expected) in r.content.decode()
    now = timezone.now()
    with mock.patch("zorgzaam.accounts.throttle.timezone.now", return_value=now + dt.timedelta(seconds=110)):
        assert not logged_in(login("coord")[0])
    with mock.patch("zorgzaam.accounts.throttle.timezone.now", return_value=now + dt.timedelta(seconds=125)):
        assert logged_in(login("coord")[0])


def test_lock_message_in_seconds_when_not_whole_minutes(settings):
    from zorgzaam.accounts import throttle

    settings.LOGIN_LOCKOUT_SECONDS = 90
    with translation.override("en"):
        assert "90 seconds" in throttle.lock_message()
    settings.LOGIN_LOCKOUT_SECONDS = 60
    with translation.override("en"):
        assert "1 minute " in throttle.lock_message()


@pytest.mark.parametrize(
    "proxies, remote, xff, expected",
    [
        (0, "10.0.0.1", None, "10.0.0.1"),
        (0, "10.0.0.1", "1.2.3.4", "10.0.0.1"),  # spoofed header ignored without a trusted proxy
        (1, "10.0.0.1", "6.6.6.6, 1.2.3.4", "1.2.3.4"),  # the entry our proxy appended
        (1, "10.0.0.1", "2001:db8::1", "2001:db8::1"),
        (2, "10.0.0.1", "6.6.6.6, 1.2.3.4, 10.0.0.2", "1.2.3.4"),
        (1, "10.0.0.1", None, "10.0.0.1"),  # no header: the direct peer
        (1, "10.0.0.1", "not-an-address", "10.0.0.1"),
        (1, "10.0.0.1", " , ", "10.0.0.1"),
    ],
)
def test_client_address_behind_trusted_proxies(settings, proxies, remote, xff, expected):
    settings.ZORGZAAM_TRUSTED_PROXIES = proxies
    extra = {"REMOTE_ADDR": remote}
    if xff is not None:
        extra["HTTP_X_FORWARDED_FOR"] = xff
    assert client_ip(RequestFactory().get("/", **extra)) == expected


@pytest.mark.django_db
def test_spoofed_forwarded_for_does_not_escape_the_lock(users, settings):
    settings.ZORGZAAM_TRUSTED_PROXIES = 0
    settings.LOGIN_MAX_FAILURES = 3
    for i in range(3):
        login("coord", "wrong", HTTP_X_FORWARDED_FOR=f"1.1.1.{i}")
    c, _r = login("coord", HTTP_X_FORWARDED_FOR="1.1.1.99")
    assert not logged_in(c)


@pytest.mark.django_db
def test_behind_one_proxy_each_client_has_its_own_count(users, settings):
    settings.ZORGZAAM_TRUSTED_PROXIES = 1
    settings.LOGIN_MAX_FAILURES = 3
    proxy = "10.0.0.1"
    for _ in range(3):
        login("coord", "wrong", ip=proxy, HTTP_X_FORWARDED_FOR=f"6.6.6.6, {ATTACKER}")
    c, _r = login("coord", ip=proxy, HTTP_X_FORWARDED_FOR=ATTACKER)
    assert not logged_in(c)
    c, _r = login("coord", ip=proxy, HTTP_X_FORWARDED_FOR=f"{ATTACKER}, {OFFICE}")
    assert logged_in(c)


@pytest.mark.django_db
def test_wrong_second_factor_codes_count_as_failures(users, settings):
    import pyotp

    settings.LOGIN_MAX_FAILURES = 3
    user = users["coordinator"]
    user.totp_secret = pyotp.random_base32()
    user.totp_enabled = True
    user.save()
    c, r = login("coord")
    assert r.status_code == 302
    wrong = "000000" if pyotp.TOTP(user.totp_secret).now() != "000000" else "111111"
    for _ in range(3):
        c.post("/accounts/login/totp/", {"code": wrong}, REMOTE_ADDR=ATTACKER)
    r = c.post("/accounts/login/totp/", {"code": pyotp.TOTP(user.totp_secret).now()}, REMOTE_ADDR=ATTACKER)
    assert r.status_code == 200 and not logged_in(c)


@pytest.mark.django_db
def test_expired_rows_are_pruned(users, settings):
    from zorgzaam.accounts import throttle
    from zorgzaam.accounts.models import LoginThrottle

    settings.LOGIN_LOCKOUT_SECONDS = 60
    login("nobody", "wrong")
    assert LoginThrottle.objects.exists()
    later = timezone.now() + dt.timedelta(hours=1)
    with mock.patch("zorgzaam.accounts.throttle.timezone.now", return_value=later):
        assert throttle.prune() >= 1
    assert not LoginThrottle.objects.exists()


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_parallel_attempts_get_exactly_the_limit_of_password_checks(users, settings):
    settings.LOGIN_MAX_FAILURES = 5
    real_authenticate = services.authenticate
    checks = []
    lock = threading.Lock()

    def counting_authenticate(*args, **kwargs):
        with lock:
            checks.append(1)
        return real_authenticate(*args, **kwargs)

    barrier = threading.Barrier(20)
    outcomes = []

    def attempt():
        request = RequestFactory().post("/accounts/login/", REMOTE_ADDR=ATTACKER)
        try:
            barrier.wait()
            services.check_password_step(request, "coord", "wrong", ATTACKER)
        except services.LoginError as exc:
            outcomes.append(str(exc))
        finally:
            connection.close()

    with mock.patch("zorgzaam.accounts.services.authenticate", counting_authenticate):
        threads = [threading.Thread(target=attempt) for _ in range(20)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert len(outcomes) == 20
    assert len(checks) == 5


@pytest.mark.django_db
def test_an_ipv6_client_is_counted_per_64_block(users, settings):
    # One IPv6 client usually holds a whole /64: hopping addresses inside it does not reset the count.
    settings.LOGIN_MAX_FAILURES = 3
    for i in range(3):
        login("coord", "wrong", ip=f"2001:db8:1:2::{i + 1}")
    assert not logged_in(login("coord", ip="2001:db8:1:2::99")[0])
    assert logged_in(login("coord", ip="2001:db8:1:3::1")[0])
