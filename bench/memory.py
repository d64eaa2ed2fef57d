"""Peak memory of one web worker serving the demo (issue 15 item 6).

    /work/main/.venv/bin/python bench/memory.py [--limit-mb 300] [--verbose]

Builds the demo (`zorgzaam demo`) on a temporary SQLite database in a child process, then, in this one
process (like one web worker), logs in as each demo user with Django's test Client and GETs the home
page, every page of the role's main menu and the first detail page linked from each of them (a person,
a request, a task, an activity, a service...), plus the public neighbourhood pages. Prints the RSS
after each role, the peak RSS (ru_maxrss) and, for comparison, the peak of bare Django serving one
trivial page. Exit code 1 when the peak is above --limit-mb (default 300, or ZORGZAAM_MEMORY_LIMIT_MB),
2 when a page answers with a server error.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PASSWORD = "demo-zorgzaam-2026"  # the demo's documented password (README)
USERS = [
    "coordinator",
    "coach",
    "coach2",
    "vrijwilliger",
    "buddy",
    "partner",
    "caw",
    "beleid",
    "bewoner",
    "beheerder",
]
# Libraries a plain page should not need; listed per role when they got loaded (--verbose).
HEAVY = (
    "ortools scipy numpy pandas shapely pyproj pyogrio reportlab openpyxl segno icalendar jsonschema"
    " polib pyotp"
).split()
NAV_BLOCK = re.compile(r'<nav[^>]*class="main-nav".*?</nav>', re.S)
HREF = re.compile(r'href="(/[^"#?]*)"')


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def bare_django() -> None:
    """Child process: bare Django (no project apps) answering one page through the test Client."""
    import django
    from django.conf import settings
    from django.http import HttpResponse
    from django.urls import path

    settings.configure(
        DEBUG=False,
        ALLOWED_HOSTS=["localhost"],
        ROOT_URLCONF=__name__,
        INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth", "django.contrib.sessions"],
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
        MIDDLEWARE=["django.contrib.sessions.middleware.SessionMiddleware"],
    )
    globals()["urlpatterns"] = [path("", lambda request: HttpResponse("ok"))]
    django.setup()
    from django.test import Client

    assert Client(SERVER_NAME="localhost").get("/").status_code == 200
    print(f"{peak_mb():.1f}")


def links(html: str, under: str) -> list[str]:
    return [h for h in HREF.findall(html) if h.startswith(under) and h != under]


def visit(verbose: bool) -> tuple[float, list[str]]:
    """This process: the web worker. Returns (peak MB, server errors)."""
    import django

    django.setup()
    from django.test import Client

    errors: list[str] = []
    seen_heavy: set[str] = set()

    def get(client, url: str):
        before = peak_mb()
        response = client.get(url)
        if verbose and peak_mb() - before > 5:
            print(f"    {url} raised the peak by {peak_mb() - before:.1f} MB")
        if response.status_code >= 500:
            errors.append(f"{url} -> {response.status_code}")
        return response

    def report(label: str, pages: int) -> None:
        heavy = sorted(m for m in HEAVY if m in sys.modules and m not in seen_heavy)
        seen_heavy.update(heavy)
        extra = f"  newly loaded: {', '.join(heavy)}" if verbose and heavy else ""
        print(f"  {label:14s} {pages:3d} pages  RSS {rss_mb():6.1f} MB  peak {peak_mb():6.1f} MB{extra}")

    print(f"  {'(started)':14s} {0:3d} pages  RSS {rss_mb():6.1f} MB  peak {peak_mb():6.1f} MB")
    # Anonymous: the login page and the public neighbourhood pages.
    client = Client(SERVER_NAME="localhost")
    pages = [get(client, "/accounts/login/")]
    public = get(client, "/buurt/lindebeek/")
    pages.append(public)
    area_pages = [h for h in links(public.content.decode(), "/buurt/lindebeek/") if h.count("/") == 4]
    pages += [get(client, h) for h in area_pages[:1]]
    report("(anonymous)", len(pages))

    for username in USERS:
        client = Client(SERVER_NAME="localhost")
        login = client.post("/accounts/login/", {"username": username, "password": PASSWORD})
        if login.status_code != 302:
            errors.append(f"login {username} -> {login.status_code}")
            continue
        home = get(client, "/")
        count = 1
        nav = NAV_BLOCK.search(home.content.decode())
        menu = [h for h in HREF.findall(nav.group(0)) if h != "/"] if nav else []
        for url in dict.fromkeys(menu):
            page = get(client, url)
            count += 1
            if page.status_code != 200 or not page["Content-Type"].startswith("text/html"):
                continue
            # The first detail page of the list (a path with an id under the same prefix).
            detail = [h for h in links(page.content.decode(), url) if re.search(r"/\d+/$", h)]
            if detail:
                get(client, detail[0])
                count += 1
        report(username, count)
    return peak_mb(), errors


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    default_limit = float(os.environ.get("ZORGZAAM_MEMORY_LIMIT_MB", "300"))
    parser.add_argument("--limit-mb", type=float, default=default_limit, help="fail above this peak")
    parser.add_argument("--verbose", action="store_true", help="name the heavy libraries each role loaded")
    parser.add_argument("--bare", action="store_true", help=argparse.SUPPRESS)  # the child for bare Django
    args = parser.parse_args()
    if args.bare:
        bare_django()
        return

    started = time.monotonic()
    tmp = Path(tempfile.mkdtemp(prefix="zorgzaam-memory-"))
    env = dict(os.environ, ZORGZAAM_VAR_DIR=str(tmp), DJANGO_SETTINGS_MODULE="zorgzaam.settings")
    env.pop("DATABASE_URL", None)
    env.pop("DATABASE_MIGRATE_URL", None)
    env.pop("REDIS_URL", None)
    env.pop("ZORGZAAM_TEST_POSTGRES", None)
    env["DEBUG"] = "0"  # production-like: no query log, no debug pages
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    print(f"Building the demo in {tmp} ...", flush=True)
    try:
        subprocess.run(
            [sys.executable, "-m", "zorgzaam", "demo"],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    except subprocess.CalledProcessError:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    built = time.monotonic()
    bare = subprocess.run(
        [sys.executable, __file__, "--bare"], env=env, check=True, capture_output=True, text=True
    ).stdout.split()[-1]

    os.environ.update(env)
    print("One process visits every role's pages:")
    try:
        peak, errors = visit(args.verbose)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"Bare Django (one trivial page): peak {float(bare):.1f} MB")
    print(f"Demo visit:                     peak {peak:.1f} MB (limit {args.limit_mb:.0f} MB)")
    print(f"Time: demo build {built - started:.0f} s, visit {time.monotonic() - built:.0f} s")
    if errors:
        print("Server errors: " + "; ".join(errors))
        sys.exit(2)
    if peak > args.limit_mb:
        print(f"FAIL: peak {peak:.1f} MB is above {args.limit_mb:.0f} MB")
        sys.exit(1)


if __name__ == "__main__":
    main()
