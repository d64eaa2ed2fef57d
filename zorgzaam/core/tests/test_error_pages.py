"""Errors under default settings (DEBUG off): a translated page in the site layout that says what
happened and where to go next, or JSON under /api/; never a traceback."""

import pytest
from django.test import Client

SECRET = "boom-internal-detail-4711"


def _boom(*args, **kwargs):
    raise RuntimeError(SECRET)


def _client(user=None, **kwargs) -> Client:
    c = Client(raise_request_exception=False, **kwargs)
    if user is not None:
        c.force_login(user)
    return c


def _assert_no_traceback(body: str):
    assert "Traceback" not in body and SECRET not in body and "RuntimeError" not in body


@pytest.mark.django_db
@pytest.mark.parametrize(
    "lang,title,layout",
    [
        ("nl", "Er is iets misgegaan", "Naar de inhoud"),
        ("fr", "Un problème est survenu", "Aller au contenu"),
        ("en", "Something went wrong", "Skip to content"),
    ],
)
def test_server_error_is_a_translated_page_in_the_layout(settings, monkeypatch, users, lang, title, layout):
    assert settings.DEBUG is False
    monkeypatch.setattr("zorgzaam.core.registry.render_panels", _boom)
    r = _client(users["coordinator"], HTTP_ACCEPT_LANGUAGE=lang).get("/")
    body = r.content.decode()
    assert r.status_code == 500 and r["Content-Type"].startswith("text/html")
    assert title in body and layout in body  # the site layout: skip link, menu, footer
    assert 'href="/"' in body  # where to go next
    assert 'class="main-nav"' in body  # logged in: the menu is there
    _assert_no_traceback(body)


@pytest.mark.django_db
def test_server_error_on_a_public_page_without_login(monkeypatch, network):
    monkeypatch.setattr("zorgzaam.public.services.get_network", _boom)
    r = _client().get(f"/buurt/{network.slug}/")
    body = r.content.decode()
    assert r.status_code == 500 and "Er is iets misgegaan" in body and "Naar de inhoud" in body
    _assert_no_traceback(body)


@pytest.mark.django_db
def test_server_error_page_survives_a_broken_layout(monkeypatch, users):
    """When what failed is also what the layout needs (here: the unread count in the menu), the
    page falls back to a plain one instead of a bare 'Server Error'."""
    monkeypatch.setattr("zorgzaam.core.registry.render_panels", _boom)
    monkeypatch.setattr("zorgzaam.notifications.services.unread_count", _boom)
    r = _client(users["coordinator"]).get("/")
    body = r.content.decode()
    assert r.status_code == 500 and "Er is iets misgegaan" in body and "Probeer het zo meteen opnieuw" in body
    _assert_no_traceback(body)


@pytest.mark.django_db
def test_api_server_error_is_json(monkeypatch, users):
    from zorgzaam.api import TokenAuth

    monkeypatch.setattr(TokenAuth, "authenticate", _boom)
    r = _client(HTTP_AUTHORIZATION="Bearer zz_whatever", HTTP_ACCEPT_LANGUAGE="fr").get("/api/people/persons")
    assert r.status_code == 500 and r["Content-Type"] == "application/json"
    assert r.json()["detail"].startswith("Un problème est survenu")
    _assert_no_traceback(r.content.decode())


@pytest.mark.django_db
def test_not_found_in_the_layout(users):
    r = _client(users["resident"]).get("/no-such-page/")
    body = r.content.decode()
    assert r.status_code == 404 and "Pagina niet gevonden" in body and 'class="main-nav"' in body


@pytest.mark.django_db
def test_api_not_found_is_json():
    r = _client(HTTP_ACCEPT_LANGUAGE="en").get("/api/no-such-endpoint")
    assert r.status_code == 404 and r["Content-Type"] == "application/json"
    assert "does not exist" in r.json()["detail"]


@pytest.mark.django_db
def test_permission_denied_in_the_layout(users):
    r = _client(users["resident"]).get("/people/")
    body = r.content.decode()
    assert r.status_code == 403 and "Geen toegang" in body and "coördinator" in body
    assert 'class="main-nav"' in body


@pytest.mark.django_db
def test_csrf_failure_says_what_to_do(users):
    r = _client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="fr").post(
        "/accounts/login/", {"username": "coord", "password": "x"}
    )
    body = r.content.decode()
    assert r.status_code == 403 and "Ce formulaire a expiré" in body and "Aller au contenu" in body
    assert "CSRF cookie" not in body and "Referer" not in body  # the reason is for the log


@pytest.mark.django_db
def test_missing_static_manifest_still_gives_a_readable_page(settings, tmp_path, users):
    """The failure of issue 9 item 4: no manifest, so every page that links a static file fails;
    the error page must not need the manifest itself."""
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    r = _client(users["coordinator"]).get("/")
    body = r.content.decode()
    assert r.status_code == 500 and "Er is iets misgegaan" in body and "/static/" not in body
    _assert_no_traceback(body)


@pytest.mark.django_db
def test_bad_request_from_an_unknown_host_is_a_page_not_a_crash():
    r = _client(HTTP_HOST="evil.example").get("/accounts/login/")
    body = r.content.decode()
    assert r.status_code == 400 and "Het verzoek kon niet worden verwerkt" in body
    assert "evil.example" not in body


@pytest.mark.django_db
@pytest.mark.parametrize(
    "lang,path,status,title,next_step,layout",
    [
        ("nl", "/no-such-page/", 404, "Pagina niet gevonden", "Naar de startpagina", "Naar de inhoud"),
        ("fr", "/no-such-page/", 404, "Page introuvable", "Aller à la page d'accueil", "Aller au contenu"),
        ("nl", "/people/", 403, "Geen toegang", "Naar de startpagina", "Naar de inhoud"),
        ("fr", "/people/", 403, "Pas d'accès", "Aller à la page d'accueil", "Aller au contenu"),
    ],
)
def test_not_found_and_denied_translated_with_where_to_go(
    users, lang, path, status, title, next_step, layout
):
    r = _client(users["resident"], HTTP_ACCEPT_LANGUAGE=lang).get(path)
    body = r.content.decode().replace("&#x27;", "'")
    assert r.status_code == status and title in body and layout in body
    assert next_step in body and 'href="/"' in body and f'lang="{lang}"' in body


@pytest.mark.django_db
@pytest.mark.parametrize(
    "lang,title,step",
    [
        ("nl", "Dit formulier is verlopen", "Ga terug, laad de pagina opnieuw"),
        ("fr", "Ce formulaire a expiré", "Revenez en arrière, rechargez la page"),
    ],
)
def test_csrf_failure_translated_in_the_layout(users, lang, title, step):
    c = _client(users["resident"], enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE=lang)
    r = c.post("/accounts/logout/")
    body = r.content.decode()
    assert r.status_code == 403 and title in body and step in body and 'class="main-nav"' in body


def _unreachable_database(monkeypatch):
    """Every connection attempt fails like a database that is down."""
    from django.db import connections
    from django.db.utils import OperationalError

    def down(*args, **kwargs):
        raise OperationalError("could not connect to server")

    for alias in connections:
        monkeypatch.setattr(connections[alias], "ensure_connection", down)
        monkeypatch.setattr(connections[alias], "connection", None)


@pytest.mark.django_db
@pytest.mark.parametrize("lang,title", [("nl", "Er is iets misgegaan"), ("fr", "Un problème est survenu")])
def test_server_error_page_renders_without_a_database(monkeypatch, users, lang, title):
    """The database is down: the 500 handler itself (the layout wants the user and the unread count
    from the database) still answers a translated page with what to do next."""
    from django.contrib.auth import get_user
    from django.test import RequestFactory
    from django.utils import translation
    from django.utils.functional import SimpleLazyObject

    from zorgzaam.core.errors import server_error

    request = RequestFactory().get("/")
    request.session = _client(users["coordinator"]).session
    request.user = SimpleLazyObject(lambda: get_user(request))  # loaded lazily, as by the middleware
    _unreachable_database(monkeypatch)
    with translation.override(lang):
        r = server_error(request)
    body = r.content.decode()
    assert r.status_code == 500 and title in body and 'href="/"' in body and f'lang="{lang}"' in body
    assert 'class="main-nav"' not in body  # the plain page: the layout's menu needed the database
    _assert_no_traceback(body)
