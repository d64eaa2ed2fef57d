"""City-scale benchmark of the main pages and list APIs (issue 15 item 1). Not part of CI.

Fills one network on PostgreSQL (people by COPY, the rest by bulk_create in large batches; sizes
scale with --persons: helpers 1/6, requests 1/10, signals 1/3, safeguarding records per helper,
statistics consents for half the people, registrations as reach), then requests each page and list
API as each role through the Django test client and prints per URL: p50/p95 wall time, query count,
SQL time (sum of the queries' own times) and Python time (the rest).

Run from the repository root on a migrated PostgreSQL database of your own (filled once, reused):
  DATABASE_URL=postgres://owner@127.0.0.1/zorgzaam_scale DATABASE_MIGRATE_URL=... \\
      .venv/bin/python bench/scale.py --persons 30000 [--repeat 7]
Still missing (issue 15 item 1): audit events, activities, registrations and matches; 300k not run yet.

Measured on the 2-core machine shared with other work (load 8-10), 30,002 people, 5 runs, p50 ms
(queries), coordinator, before -> after issue 15 item 4: /analysis/ 8634 (132) -> 965-1258 (77);
home 1201 -> 840; /people/ 345 -> 259; persons API page 50 at offset 10000: 339 -> 208-311, by cursor
108. /api/care/signals (unpaginated, 10k signals) stays ~5 s: to do.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zorgzaam.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from zorgzaam.accounts.models import User  # noqa: E402
from zorgzaam.care.models import Request, Signal  # noqa: E402
from zorgzaam.networks.models import Area, Network  # noqa: E402
from zorgzaam.people.models import Consent, Person, RoleAssignment  # noqa: E402
from zorgzaam.volunteers.models import SafeguardingRecord  # noqa: E402

BATCH = 5000


def _copy_people(network, areas, n, rng):
    cols = (
        "network_id, area_id, first_name, last_name, birth_year, lives_alone, street, house_number, "
        "name_key, contact_preferences, phone, email, postcode, municipality, capacity_note, availability, "
        "created_at, updated_at"
    )
    with connection.cursor() as cur, cur.copy(f"COPY people_person ({cols}) FROM STDIN") as copy:
        for i in range(n):
            copy.write_row(
                (network.pk, rng.choice(areas).pk, f"Voornaam{i % 997}", f"Naam{i % 7919}",
                 rng.randint(1925, 2010), rng.random() < 0.3, "Kerkstraat", str(i % 300), f"k{i % 7919}",
                 "[]", "", "", "", "", "", "[]", "2026-01-01", "2026-01-01")
            )  # fmt: skip


def fill(n: int, rng: random.Random) -> Network:
    network, _new = Network.objects.get_or_create(
        slug="scale", defaults={"name": "Scale", "municipality": "Gent"}
    )
    areas = list(Area.objects.filter(network=network))
    if not areas:
        areas = [Area.objects.create(network=network, name=f"Wijk {i}", slug=f"wijk-{i}") for i in range(25)]
    if Person.objects.filter(network=network).count() >= n:
        print(f"using the people filled before ({Person.objects.filter(network=network).count()})")
        return network
    t0 = time.perf_counter()
    _copy_people(network, areas, n, rng)
    ids = list(Person.objects.filter(network=network).values_list("pk", "area_id"))
    now = timezone.now()
    helpers = rng.sample(ids, n // 6)
    RoleAssignment.objects.bulk_create(
        [RoleAssignment(person_id=p, role="volunteer") for p, _a in helpers], batch_size=BATCH
    )
    SafeguardingRecord.objects.bulk_create(
        [
            SafeguardingRecord(
                person_id=p, kind="criminal_record",
                issued_on=now.date() - dt.timedelta(days=rng.randint(0, 1000)),
                valid_until=now.date() + dt.timedelta(days=rng.randint(-400, 700)),
            )
            for p, _a in helpers
        ],
        batch_size=BATCH,
    )  # fmt: skip
    Consent.objects.bulk_create(
        [Consent(person_id=p, purpose="statistics", granted=True, channel="paper") for p, _a in ids[::2]],
        batch_size=BATCH,
    )
    Request.objects.bulk_create(
        [
            Request(network=network, person_id=p, area_id=a, origin="phone", description="Boodschappen")
            for p, a in rng.sample(ids, n // 10)
        ],
        batch_size=BATCH,
    )
    Signal.objects.bulk_create(
        [
            Signal(network=network, person_id=p, description="Zorg", source="neighbour")
            for p, _a in rng.sample(ids, n // 3)
        ],
        batch_size=BATCH,
    )
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    print(f"filled {n} people and the rest in {time.perf_counter() - t0:.1f} s")
    return network


def _user(network, role, area=None):
    user, _new = User.objects.get_or_create(username=f"scale-{role}")
    person, _new = Person.objects.get_or_create(user=user, network=network, defaults={"first_name": role})
    RoleAssignment.objects.get_or_create(person=person, role=role, area=area)
    return user


PAGES = [
    "/", "/people/", "/people/?q=Naam12", "/care/requests/", "/care/signals/", "/analysis/",
    "/api/people/persons?limit=50", "/api/people/persons?limit=50&offset=10000", "CURSOR",
    "/api/care/requests?limit=50", "/api/care/signals",
]  # fmt: skip


def measure(client, url, repeat):
    walls, sqls, counts = [], [], []
    for _i in range(repeat):
        with CaptureQueriesContext(connection) as ctx:
            t0 = time.perf_counter()
            status = client.get(url).status_code
            walls.append(time.perf_counter() - t0)
        sqls.append(sum(float(q["time"]) for q in ctx.captured_queries))
        counts.append(len(ctx.captured_queries))
    walls.sort()
    p95 = walls[min(len(walls) - 1, round(0.95 * (len(walls) - 1)))]
    sql = statistics.median(sqls)
    return status, statistics.median(walls), p95, counts[-1], sql, statistics.median(walls) - sql


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--persons", type=int, default=30000)
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    settings.ALLOWED_HOSTS = ["*"]
    network = fill(args.persons, random.Random(15))
    area = Area.objects.filter(network=network).first()
    roles = {
        "coordinator": _user(network, "coordinator"),
        "professional": _user(network, "professional", area),
    }
    print(f"persons={Person.objects.filter(network=network).count()} load={os.getloadavg()}")
    head = ("role", "url", "st", "p50 ms", "p95 ms", "queries", "sql ms", "py ms")
    print("{:13} {:45} {:>3} {:>8} {:>8} {:>7} {:>8} {:>8}".format(*head))
    for role, user in roles.items():
        client = Client()
        client.force_login(user)
        for url in PAGES:
            if url == "CURSOR":  # the page after the one at offset 10000, by keyset
                page = client.get("/api/people/persons?limit=50&offset=9950").json()
                if not page.get("next_cursor"):
                    continue
                url = f"/api/people/persons?limit=50&cursor={page['next_cursor']}"
            st, p50, p95, n, sql, py = measure(client, url, args.repeat)
            ms = (
                [f"{v * 1000:8.1f}" for v in (p50, p95)]
                + [f"{n:7d}"]
                + [f"{v * 1000:8.1f}" for v in (sql, py)]
            )
            print(f"{role:13} {url:45} {st:>3} " + " ".join(ms))


if __name__ == "__main__":
    main()
