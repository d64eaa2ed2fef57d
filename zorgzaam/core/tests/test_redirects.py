"""Every view that reads `next` redirects on-site only, whatever form the off-site address takes."""

from urllib.parse import unquote, urlsplit

import pyotp
import pytest
from django.test import Client, RequestFactory

PASSWORD = "correct horse battery"

# The classic bypasses of naive checks: scheme, protocol-relative, extra or back slashes, a scheme
# without slashes, user-info, leading space, control characters inside a scheme, and line breaks
# (header injection, or a 500 when Django refuses to write the header).
BYPASSES = [
    "https://evil.example",
    "//evil.example",
    "///evil.example",
    "\\\\evil.example",
    "/\\evil.example",
    "https:evil.example",
    "http://127.0.0.1@evil.example",
    "http://testserver@evil.example",
    " javascript:alert(1)",
    "javascript:alert(1)",
    "java\tscript:alert(1)",
    "/\n/evil.example",
    "/home\r\nSet-Cookie: x=1",
    "\x00//evil.example",
]


def assert_on_site(location: str) -> None:
    """A redirect target is on-site when it is a plain path: no scheme, no host, no tricks."""
    assert location, "no redirect target"
    for text in (location, unquote(location)):
        parts = urlsplit(text)
        assert parts.scheme == "" and parts.netloc == "", location
        assert text.startswith("/") and not text.startswith(("//", "/\\")), location
        assert not any(ch in text for ch in "\\\r\n\t\x00 "), location
        assert "evil.example" not in text and "javascript" not in text.lower(), location


@pytest.fixture
def ledger_txn(network, users):
    """One transfer the coordinator may reverse (built on the models, independent of the services)."""
    from zorgzaam.people.models import Person
    from zorgzaam.reciprocity.models import Account, Entry, LedgerSettings, Transaction

    LedgerSettings.objects.create(network=network, mode="hours")
    payer, payee = (
        Account.objects.create(network=network, kind="person", person=p, min_balance=-600, max_balance=600)
        for p in Person.objects.filter(user__in=[users["resident"], users["volunteer"]])
    )
    txn = Transaction.objects.create(network=network, kind="transfer", created_by=users["coordinator"])
    Entry.objects.bulk_create(
        [Entry(transaction=txn, account=payer, amount=-30), Entry(transaction=txn, account=payee, amount=30)]
    )
    return txn


def _login_totp(user):
    from zorgzaam.accounts import services

    services.start_totp_setup(user)
    user.refresh_from_db()
    user.totp_enabled = True
    user.save(update_fields=["totp_enabled"])
    return pyotp.TOTP(user.totp_secret)


def _views(users, client_of, ledger_txn):
    """(name, callable(next) -> response) for every view that reads `next`."""

    def login_post(nxt):
        return Client().post("/accounts/login/", {"username": "coord", "password": PASSWORD, "next": nxt})

    def login_query(nxt):
        return Client().post(
            "/accounts/login/", {"username": "coord", "password": PASSWORD}, QUERY_STRING=_qs(nxt)
        )

    def totp(nxt):
        totp = _login_totp(users["professional"])
        c = Client()
        r = c.post("/accounts/login/", {"username": "prof", "password": PASSWORD, "next": nxt})
        assert r.status_code == 302
        assert_on_site(r.url)
        return c.post(r.url, {"code": totp.now()})

    def coordinator(url, extra=None):
        def call(nxt):
            return client_of(users["coordinator"]).post(url, {"next": nxt, **(extra or {})})

        return call

    return {
        "login": login_post,
        "login_query": login_query,
        "login_totp": totp,
        "switch_network": coordinator(
            "/network/", {"network": users["coordinator"].persons.get().network_id}
        ),
        "text_size": coordinator("/text-size/"),
        "set_language": coordinator("/i18n/setlang/", {"language": "fr"}),
        "set_language_anonymous": lambda nxt: Client().post(
            "/i18n/setlang/", {"language": "fr", "next": nxt}
        ),
        "reciprocity_reverse": coordinator(f"/reciprocity/reverse/{ledger_txn.pk}/"),
    }


def _qs(nxt):
    from urllib.parse import urlencode

    return urlencode({"next": nxt})


VIEWS = [
    "login",
    "login_query",
    "login_totp",
    "switch_network",
    "text_size",
    "set_language",
    "set_language_anonymous",
    "reciprocity_reverse",
]


@pytest.mark.django_db
@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("nxt", BYPASSES)
def test_every_next_stays_on_site(users, client_of, ledger_txn, view, nxt):
    r = _views(users, client_of, ledger_txn)[view](nxt)
    assert r.status_code == 302, (view, r.status_code)
    assert_on_site(r["Location"])


@pytest.mark.django_db
@pytest.mark.parametrize("view", VIEWS)
def test_on_site_next_is_followed(users, client_of, ledger_txn, view):
    """The helper is not simply 'always go home': a plain path with a query is kept."""
    r = _views(users, client_of, ledger_txn)[view]("/reciprocity/?page=2&x=%C3%A9")
    assert r.status_code == 302 and r["Location"] == "/reciprocity/?page=2&x=%C3%A9", r["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize("nxt", BYPASSES)
def test_login_page_does_not_echo_an_off_site_next(nxt):
    """The login form carries `next` on to the POST: an off-site one is dropped already there."""
    r = Client().get("/accounts/login/", QUERY_STRING=_qs(nxt))
    assert r.status_code == 200
    assert 'name="next" value=""' in r.content.decode()


@pytest.mark.django_db
def test_set_language_ignores_an_off_site_referer(users, client_of):
    r = Client().post("/i18n/setlang/", {"language": "fr"}, HTTP_REFERER="https://evil.example/")
    assert r.status_code == 302
    assert_on_site(r["Location"])


@pytest.mark.parametrize("nxt", BYPASSES)
@pytest.mark.parametrize("secure", [False, True])
def test_helper_refuses_bypasses(nxt, secure):
    from zorgzaam.core.redirects import is_safe_next, safe_next

    request = RequestFactory().post("/x/", {"next": nxt}, secure=secure)
    assert not is_safe_next(request, nxt)
    assert safe_next(request, "/fallback/") == "/fallback/"


def test_helper_requires_https_on_a_secure_request():
    from zorgzaam.core.redirects import safe_next

    plain = RequestFactory().get("/x/", {"next": "http://testserver/a/"})
    secure = RequestFactory().get("/x/", {"next": "http://testserver/a/"}, secure=True)
    assert safe_next(plain, "/") == "http://testserver/a/"
    assert safe_next(secure, "/") == "/"


def test_helper_default_may_be_a_url_name():
    from zorgzaam.core.redirects import safe_next

    request = RequestFactory().post("/x/", {"next": "//evil.example"})
    assert safe_next(request, "reciprocity:accounts") == "/reciprocity/accounts/"
    assert safe_next(RequestFactory().post("/x/"), "") == ""
