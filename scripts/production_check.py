"""Production smoke check: the documented production path, end to end, on a throwaway install.

With DJANGO_SETTINGS_MODULE=zorgzaam.settings_production, a fresh SQLite database (or a throwaway
PostgreSQL database, see below) and temporary var/ and STATIC_ROOT directories it runs
  migrate, collectstatic --noinput, check --deploy --fail-level WARNING, createcachetable,
creates a network, an area, a professional with a login and a resident, starts gunicorn on a free
loopback port and checks, as the documented TLS proxy would send them (X-Forwarded-Proto: https),
that login, home, a person page, the public page, /api/docs, the public flyer (PDF) and a hashed
static file answer 200, that plain http is redirected to https, and that a missing page gets the
translated 404 page. Exit status 0 only when every check passed.

Usage: .venv/bin/python scripts/production_check.py   (scripts/production_check.sh; CI runs it from
scripts/test.sh). ZORGZAAM_CHECK_POSTGRES=postgres://user@host:5432 runs it on a new database on
that server instead of SQLite (created and dropped by this script).
"""

from __future__ import annotations

import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
BASE_URL = "https://zorgzaam.example.test"
USERNAME, PASSWORD = "prodcheck", secrets.token_urlsafe(16)
STARTED = time.monotonic()


class CheckFailed(Exception):
    pass


def say(text: str) -> None:
    print(f"[{time.monotonic() - STARTED:5.1f}s] {text}", flush=True)


def manage(env: dict, *args: str, timeout: int = 180) -> str:
    result = subprocess.run(
        [str(BIN / "zorgzaam"), *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    if result.returncode != 0:
        raise CheckFailed(f"`zorgzaam {' '.join(args)}` failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


# The data a fresh install gets from its first coordinator: a network, an area, a professional who
# works there (a login without the coordinator's mandatory second factor) and a resident.
SEED = """
from django.core.management import call_command
from zorgzaam.accounts.models import User
from zorgzaam.networks.models import Area, Network
from zorgzaam.people.models import Person, Role, RoleAssignment
network = Network.objects.create(name="Controlegem", slug="controlegem", municipality="Controlegem")
area = Area.objects.create(network=network, name="Centrum", slug="centrum")
user = User.objects.create_user(username=%(username)r, password=%(password)r, first_name="Pro")
me = Person.objects.create(network=network, user=user, first_name="Pro", last_name="Check", area=area)
RoleAssignment.objects.create(person=me, role=Role.PROFESSIONAL, area=area)
resident = Person.objects.create(network=network, first_name="Rosa", last_name="Smoketest", area=area)
call_command("createcachetable")  # the database cache of an install without Redis (README step 3)
print("resident", resident.pk)
"""


class Browser:
    """Just enough of a browser: cookies by hand (the secure cookies are sent although the socket is
    plain http, as the TLS proxy would), and the proxy's X-Forwarded-Proto header."""

    def __init__(self, port: int):
        self.port = port
        self.host = f"127.0.0.1:{port}"
        self.cookies: dict[str, str] = {}

    def request(self, method, path, body=None, headers=None, https=True):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        all_headers = {"Host": self.host, "Accept-Language": "nl"}
        if https:
            all_headers["X-Forwarded-Proto"] = "https"
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        all_headers.update(headers or {})
        conn.request(method, path, body=body, headers=all_headers)
        resp = conn.getresponse()
        data = resp.read()
        for header in resp.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        conn.close()
        return resp, data

    def get(self, path, expect=200, **kwargs):
        resp, data = self.request("GET", path, **kwargs)
        if resp.status != expect:
            raise CheckFailed(
                f"GET {path}: {resp.status}, expected {expect}\n{data[:2000].decode(errors='replace')}"
            )
        return resp, data


def gunicorn_private_options(tmp: Path) -> list[str]:
    # Recent gunicorn opens a control socket at one path per user (~/.gunicorn/gunicorn.ctl); keep this
    # throwaway server's socket with its other files so it never meets a real instance.
    from gunicorn.config import Config

    return ["--control-socket", str(tmp / "gunicorn.ctl")] if "control_socket" in Config().settings else []


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(server: subprocess.Popen, port: int, log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise CheckFailed(f"gunicorn exited with {server.returncode}:\n{log.read_text()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise CheckFailed(f"gunicorn did not answer within 30 s:\n{log.read_text()}")


def check_pages(port: int, person_id: int) -> None:
    b = Browser(port)
    origin = f"https://{b.host}"

    resp, _ = b.get("/accounts/login/", expect=301, https=False)
    if not resp.headers.get("Location", "").startswith("https://"):
        raise CheckFailed(f"plain http is not redirected to https: {resp.headers.get('Location')}")
    say("plain http redirects to https")

    resp, html = b.get("/accounts/login/")
    if "max-age" not in (resp.headers.get("Strict-Transport-Security") or ""):
        raise CheckFailed("no Strict-Transport-Security header on the login page")
    page = html.decode()
    css = re.search(r'href="(/static/zorgzaam/zorgzaam\.[0-9a-f]{12}\.css)"', page)
    if not css:
        raise CheckFailed("the login page does not link the hashed (manifest) stylesheet")
    b.get(css.group(1))
    say(f"login page 200, {css.group(1)} 200")

    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if not token:
        raise CheckFailed("no CSRF token in the login form")
    form = urlencode({"csrfmiddlewaretoken": token.group(1), "username": USERNAME, "password": PASSWORD})
    resp, data = b.request(
        "POST",
        "/accounts/login/",
        body=form,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": origin,
            "Referer": f"{origin}/accounts/login/",
        },
    )
    if resp.status != 302 or "sessionid" not in b.cookies:
        raise CheckFailed(f"login failed: {resp.status}\n{data[:2000].decode(errors='replace')}")
    say("login 302 with a session")

    _, html = b.get("/")
    if "Welkom, Pro" not in html.decode():
        raise CheckFailed("the home page does not greet the logged-in user")
    _, html = b.get(f"/people/{person_id}/")
    if "Smoketest" not in html.decode():
        raise CheckFailed("the person page does not show the person")
    say("home and person page 200")

    anonymous = Browser(port)
    anonymous.get("/buurt/controlegem/")
    anonymous.get("/api/docs")
    resp, pdf = anonymous.get("/buurt/controlegem/centrum/flyer.pdf")
    if not pdf.startswith(b"%PDF") or resp.headers.get("Content-Type") != "application/pdf":
        raise CheckFailed("the flyer is not a PDF")
    say("public page, /api/docs and the flyer PDF 200")

    _, html = anonymous.get("/no-such-page/", expect=404)
    if "Pagina niet gevonden" not in html.decode():
        raise CheckFailed("the 404 page is not the translated page in the site layout")
    say("missing page: translated 404 page")


def make_postgres_database(server_url: str) -> tuple[str, callable]:
    import psycopg

    name = f"zorgzaam_prodcheck_{secrets.token_hex(4)}"
    parts = urlsplit(server_url)
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop():
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return parts._replace(path=f"/{name}").geturl(), drop


def main() -> int:
    tmp = Path(tempfile.mkdtemp(prefix="zorgzaam-prodcheck-"))
    cleanups = [lambda: shutil.rmtree(tmp, ignore_errors=True)]
    server = migrate = None
    try:
        if os.environ.get("ZORGZAAM_CHECK_POSTGRES"):
            database_url, drop = make_postgres_database(os.environ["ZORGZAAM_CHECK_POSTGRES"])
            cleanups.append(drop)
        else:
            database_url = f"sqlite:///{tmp / 'zorgzaam.sqlite3'}"
        # Nothing of the caller's own installation may leak in (a second database URL, Redis, DEBUG).
        inherited = {"DEBUG", "REDIS_URL", "CSRF_TRUSTED_ORIGINS", "DATABASE_MIGRATE_URL"}
        env = {k: v for k, v in os.environ.items() if k not in inherited}
        env.update(
            DJANGO_SETTINGS_MODULE="zorgzaam.settings_production",
            PYTHONPATH=str(ROOT),  # check this checkout, whatever the virtualenv has installed
            SECRET_KEY=secrets.token_urlsafe(50),
            ALLOWED_HOSTS="127.0.0.1,localhost",
            ZORGZAAM_BASE_URL=BASE_URL,
            DATABASE_URL=database_url,
            ZORGZAAM_VAR_DIR=str(tmp / "var"),
            ZORGZAAM_STATIC_ROOT=str(tmp / "static"),
            EMAIL_URL="locmem://",
            LOG_LEVEL="ERROR",
        )
        say(f"production settings, database {database_url.split('@')[-1]}, files in {tmp}")
        # migrate is the slow step and needs no static files: run it beside collectstatic and check.
        migrate = subprocess.Popen(
            [str(BIN / "zorgzaam"), "migrate", "--noinput"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        manage(env, "collectstatic", "--noinput")
        if not (tmp / "static" / "staticfiles.json").exists():
            raise CheckFailed("collectstatic wrote no manifest")
        say("collectstatic: manifest written")
        manage(env, "check", "--deploy", "--fail-level", "WARNING")
        say("check --deploy --fail-level WARNING: no issues")
        out, _ = migrate.communicate(timeout=300)
        if migrate.returncode != 0:
            raise CheckFailed(f"migrate failed:\n{out}")
        say("migrate done")
        seeded = manage(env, "shell", "-c", SEED % {"username": USERNAME, "password": PASSWORD})
        found = re.search(r"^resident (\d+)$", seeded, re.M)
        if not found:
            raise CheckFailed(f"creating the data printed no resident id:\n{seeded}")
        person_id = int(found.group(1))
        say("cache table, network, area, a professional and a resident created")

        port = free_port()
        log = tmp / "gunicorn.log"
        with log.open("w") as log_file:
            server = subprocess.Popen(
                [str(BIN / "gunicorn"), "zorgzaam.wsgi", "--workers", "1", "--bind", f"127.0.0.1:{port}"]
                + gunicorn_private_options(tmp),
                cwd=ROOT,
                env=env,
                stdout=log_file,
                stderr=subprocess.STDOUT,
            )
        wait_until_up(server, port, log)
        say(f"gunicorn answers on 127.0.0.1:{port}")
        try:
            check_pages(port, person_id)
        except CheckFailed as exc:
            raise CheckFailed(f"{exc}\n--- gunicorn log ---\n{log.read_text()}") from None
    except (CheckFailed, subprocess.TimeoutExpired) as exc:
        print(f"PRODUCTION CHECK FAILED: {exc}", file=sys.stderr)
        return 1
    finally:
        if migrate is not None and migrate.poll() is None:
            migrate.kill()
            migrate.wait()
        if server is not None and server.poll() is None:
            server.send_signal(signal.SIGINT)  # quick shutdown; TERM waits for the graceful timeout
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        for cleanup in reversed(cleanups):
            cleanup()
    say("production check passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
