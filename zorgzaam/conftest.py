"""Shared test fixtures: networks, areas, one user per role, logged-in clients, and the browser.

PostgreSQL pass: scripts/test.sh runs the suite a second time with ZORGZAAM_TEST_POSTGRES=1 and
DATABASE_URL pointing at the local server; when that server is unreachable every test of that pass
is skipped with one clear message instead of failing. With DATABASE_MIGRATE_URL as well (scripts/test.sh
sets both) the roles are those of production (docs/deployment.md): the owner creates, migrates, flushes
and drops the test databases, the tests themselves connect as the application role.
"""

from __future__ import annotations

import os
import shutil

import pytest
from django.conf import settings
from django.test import Client

from zorgzaam.people.actor import build_actor

POSTGRES_PASS = os.environ.get("ZORGZAAM_TEST_POSTGRES") == "1"
_pg_problem: str | None = None


def _postgres_reachable() -> str | None:
    db = settings.DATABASES["default"]
    if not db["ENGINE"].endswith("postgresql"):
        return "DATABASE_URL is not a PostgreSQL URL"
    try:
        import psycopg

        with psycopg.connect(
            host=db.get("HOST") or "127.0.0.1",
            port=db.get("PORT") or 5432,
            user=db.get("USER") or "postgres",
            password=db.get("PASSWORD") or None,
            dbname="postgres",
            connect_timeout=3,
        ):
            return None
    except Exception as exc:  # noqa: BLE001 - any failure means "not reachable"
        return str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__


def pytest_configure(config):
    global _pg_problem
    if POSTGRES_PASS:
        _pg_problem = _postgres_reachable()
        if _pg_problem:
            print(f"\nPostgreSQL not reachable ({_pg_problem}): skipping the PostgreSQL pass.\n")


def pytest_collection_modifyitems(config, items):
    if POSTGRES_PASS and _pg_problem:
        skip = pytest.mark.skip(reason=f"PostgreSQL not reachable: {_pg_problem}")
        for item in items:
            item.add_marker(skip)
    elif not POSTGRES_PASS:
        skip_pg = pytest.mark.skip(reason="runs only in the PostgreSQL pass")
        for item in items:
            if "postgres_only" in item.keywords:
                item.add_marker(skip_pg)


def _connect_as(role: str) -> None:
    """Point the default connection at `role` ("owner" or "app") of settings.DATABASE_ROLES. Changes
    the settings dict itself, which the test database set-up and tear-down also read."""
    from django.db import connections

    connections.close_all()
    settings.DATABASES["default"].update(settings.DATABASE_ROLES[role])


def _two_roles() -> bool:
    return POSTGRES_PASS and not _pg_problem and bool(getattr(settings, "DATABASE_ROLES", None))


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    # Runs just before pytest-django creates the test databases (one per xdist worker): as the owner.
    if _two_roles():
        _connect_as("owner")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's set-up (as the owner, see above; core's migrate grants the application role),
    then the tests run as the application role; the owner drops the databases at the end."""
    if not _two_roles():
        yield
        return
    with django_db_blocker.unblock():
        _connect_as("app")
    yield
    with django_db_blocker.unblock():
        _connect_as("owner")


@pytest.fixture(autouse=True)
def _test_settings(settings):
    # djhuey built its Huey instance at import, so flip the instance itself: tasks run inline.
    from huey.contrib.djhuey import HUEY as huey_app

    was_immediate = huey_app.immediate
    huey_app.immediate = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    from django.core.cache import cache

    cache.clear()
    yield
    huey_app.immediate = was_immediate


@pytest.fixture(autouse=True)
def _flush_past_audit_trigger(request):
    """A transactional test ends with pytest-django flushing every table with TRUNCATE, which the
    audit log's PostgreSQL trigger refuses by design. The flush runs as the table owner (core's flush
    command); for that flush only, the owner switches the TRUNCATE guard off, and the post_migrate
    signal the flush sends (still as the owner) switches it back on."""
    yield
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])))
    transactional |= bool({"transactional_db", "live_server"} & set(request.fixturenames))
    if not transactional:
        return
    from django.db import connection
    from django.db.models.signals import post_migrate

    from zorgzaam.core.dbroles import as_owner

    if connection.vendor != "postgresql":
        return
    with as_owner() as owner, owner.cursor() as cur:
        cur.execute("ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_truncate")

    def restore(**kwargs):
        with connection.cursor() as cur:
            cur.execute("ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_truncate")
        post_migrate.disconnect(dispatch_uid="zorgzaam-restore-triggers")

    post_migrate.connect(restore, weak=False, dispatch_uid="zorgzaam-restore-triggers")


# --- data ----------------------------------------------------------------------------------------


@pytest.fixture
def network(db):
    from zorgzaam.networks.models import Network

    return Network.objects.create(name="Testgem", slug="testgem", municipality="Testgem")


@pytest.fixture
def other_network(db):
    from zorgzaam.networks.models import Network

    return Network.objects.create(name="Elders", slug="elders", municipality="Elders")


@pytest.fixture
def areas(network):
    from zorgzaam.networks.models import Area

    north = Area.objects.create(network=network, name="Noord", slug="noord")
    south = Area.objects.create(network=network, name="Zuid", slug="zuid")
    return {"north": north, "south": south}


@pytest.fixture
def make_person(db):
    from zorgzaam.people.models import Person

    counter = {"n": 0}

    def make(network, **fields):
        counter["n"] += 1
        fields.setdefault("first_name", f"Persoon{counter['n']}")
        fields.setdefault("last_name", "Test")
        return Person.objects.create(network=network, **fields)

    return make


@pytest.fixture
def organisation(network):
    from zorgzaam.organisations.models import Organisation

    return Organisation.objects.create(network=network, name="Thuiszorg Test", kind="home_care")


@pytest.fixture
def make_user(db, make_person):
    """make_user(network, role=None, area=None, **role_kwargs) -> User with a Person and that role."""
    from zorgzaam.accounts.models import User
    from zorgzaam.people.models import RoleAssignment

    def make(network, role=None, area=None, username=None, **role_kwargs):
        username = username or f"{role or 'user'}{User.objects.count() + 1}"
        user = User.objects.create_user(
            username=username, password="correct horse battery", email=f"{username}@x.test"
        )
        person = make_person(
            network, user=user, first_name=username.capitalize(), area=role_kwargs.pop("home", None)
        )
        if role:
            RoleAssignment.objects.create(person=person, role=role, area=area, **role_kwargs)
        return user

    return make


@pytest.fixture
def users(network, other_network, areas, organisation, make_user):
    """One user per role. The professional works in the north area only."""
    from zorgzaam.people.models import VolunteerKind

    kind = VolunteerKind.objects.create(code="buurtambassadeur", name_nl="buurtambassadeur")
    return {
        "coordinator": make_user(network, "coordinator", username="coord"),
        "professional": make_user(network, "professional", area=areas["north"], username="prof"),
        "volunteer": make_user(network, "volunteer", username="vol", volunteer_kind=kind),
        "partner": make_user(network, "partner", username="partner", organisation=organisation),
        "policy": make_user(network, "policy", username="policy"),
        "resident": make_user(network, "resident", username="resident", home=areas["north"]),
        "outsider": make_user(other_network, "coordinator", username="outsider"),
    }


@pytest.fixture
def actor_of(network):
    def make(user, net=None, **kwargs):
        return build_actor(user, net or network, **kwargs)

    return make


@pytest.fixture
def client_of():
    def make(user) -> Client:
        c = Client()
        c.force_login(user)
        return c

    return make


# --- browser -------------------------------------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (scripts/test.sh installs it as root)")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="nl-BE")
    pg = context.new_page()
    pg.set_default_timeout(15000)
    yield pg
    context.close()
