"""bench/matching.py --db: the two cases as networks in PostgreSQL, end to end through care.suggestions.

Writes (once; reused when the network already exists) per case a network with one area, the
helpers (volunteer role, profile with cap and reach, talents, languages, screening records for
40 %), 10,000 residents with a triaged request each (needs, urgency, age), and a coordinator.
"""

from __future__ import annotations

import datetime as dt
import random
import time

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from bench.matching import HEADER, N_TAGS, _ms, make_helpers, make_needs, report_batch

BATCH = 5000


def _rss_mib() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096 / 2**20


def _bulk(model, rows):
    for i in range(0, len(rows), BATCH):
        model.objects.bulk_create(rows[i : i + BATCH])


@transaction.atomic
def build_network(name, n_needs, n_helpers, rng):
    from zorgzaam.care.models import Request
    from zorgzaam.networks.models import Area, Network
    from zorgzaam.people.models import Language, Person, PersonTag, RoleAssignment, Tag
    from zorgzaam.volunteers.models import SafeguardingRecord, VolunteerProfile

    network = Network.objects.create(name=f"Bench {name}", slug=f"bench-matching-{name}-{n_helpers}")
    area = Area.objects.create(network=network, name="Leuven", slug="leuven")
    tags = [
        Tag.objects.create(
            network=network, code=f"t{i}", domain="hands", name_nl=f"t{i}", name_fr=f"t{i}", name_en=f"t{i}"
        )
        for i in range(N_TAGS)
    ]
    langs = {
        c: Language.objects.get_or_create(code=c, defaults={"name_nl": c, "name_fr": c, "name_en": c})[0]
        for c in ("nl", "fr", "en", "ar", "tr", "pl")
    }
    specs = make_helpers(rng, n_helpers)
    helpers = [
        Person(
            network=network,
            area=area,
            first_name=f"H{s.id}",
            latitude=s.lat,
            longitude=s.lon,
            availability=sorted(s.slots),
        )
        for s in specs
    ]
    _bulk(Person, helpers)
    _bulk(RoleAssignment, [RoleAssignment(person=p, role="volunteer") for p in helpers])
    _bulk(
        VolunteerProfile,
        [
            VolunteerProfile(person=p, max_active_tasks=s.cap, max_distance_km=s.max_distance_km)
            for p, s in zip(helpers, specs, strict=True)
        ],
    )
    _bulk(
        PersonTag,
        [
            PersonTag(person=p, tag=tags[t], kind="talent")
            for p, s in zip(helpers, specs, strict=True)
            for t in s.tag_ids
        ],
    )
    through = Person.languages.through
    _bulk(
        through,
        [
            through(person_id=p.pk, language_id=langs[c].pk)
            for p, s in zip(helpers, specs, strict=True)
            for c in s.languages
        ],
    )
    today = timezone.localdate()
    _bulk(
        SafeguardingRecord,
        [
            SafeguardingRecord(person=p, kind=k, issued_on=today, valid_until=today + dt.timedelta(days=365))
            for p, s in zip(helpers, specs, strict=True)
            if s.screened
            for k in ("criminal_record", "insurance")
        ],
    )
    needs = make_needs(rng, n_needs, n_helpers)
    residents = [
        Person(
            network=network,
            area=area,
            first_name=f"R{n.id}",
            latitude=n.lat,
            longitude=n.lon,
            availability=sorted(n.slots),
        )
        for n in needs
    ]
    _bulk(Person, residents)
    _bulk(
        through,
        [
            through(person_id=p.pk, language_id=langs[c].pk)
            for p, n in zip(residents, needs, strict=True)
            for c in n.languages
        ],
    )
    urgencies = ["low", "normal", "normal", "high", "urgent"]
    reqs = [
        Request(
            network=network,
            person=p,
            area=area,
            origin="phone",
            description="bench",
            status="triaged",
            needs_screened_helper=n.needs_screening,
            urgency=rng.choice(urgencies),
        )
        for p, n in zip(residents, needs, strict=True)
    ]
    _bulk(Request, reqs)
    ago = [timezone.now() - dt.timedelta(days=rng.randint(0, 60)) for _ in reqs]
    with connection.cursor() as cur:  # auto_now_add ignores given values: set the ages afterwards
        cur.executemany(
            "UPDATE care_request SET created_at = %s WHERE id = %s",
            list(zip(ago, [r.pk for r in reqs], strict=True)),
        )
    rthrough = Request.needs.through
    _bulk(
        rthrough,
        [
            rthrough(request_id=r.pk, tag_id=tags[t].pk)
            for r, n in zip(reqs, needs, strict=True)
            for t in n.tag_ids
        ],
    )
    user = get_user_model().objects.create(username=f"bench-coord-{name}-{n_helpers}")
    coord = Person.objects.create(network=network, user=user, first_name="Coord")
    RoleAssignment.objects.create(person=coord, role="coordinator")
    return network


def analyze() -> None:
    """Fresh statistics after a bulk load (as a live database has them): without them PostgreSQL
    planned the helper query as nested scans and took minutes. ANALYZE needs the table owner."""
    import os

    import psycopg

    url = os.environ.get("DATABASE_MIGRATE_URL")
    if url:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("ANALYZE")
    else:
        with connection.cursor() as cur:
            cur.execute("ANALYZE")


def run_db(args):
    from zorgzaam.care import suggestions
    from zorgzaam.care.helper_index import INDEXES
    from zorgzaam.care.models import Request
    from zorgzaam.matching.engine import batch_assign
    from zorgzaam.networks.models import Network
    from zorgzaam.people.actor import build_actor
    from zorgzaam.volunteers.models import VolunteerProfile

    call_command("migrate", verbosity=0)
    rng = random.Random(args.seed)
    print(f"PostgreSQL: {connection.settings_dict['NAME']}")
    print(HEADER)
    mix = None
    for name, (n_needs, n_helpers) in args.cases.items():
        network = Network.objects.filter(slug=f"bench-matching-{name}-{n_helpers}").first()
        if network is None:
            t0 = time.perf_counter()
            network = build_network(name, n_needs, n_helpers, rng)
            print(f"(generated {name}: {time.perf_counter() - t0:.0f} s)", flush=True)
            analyze()
        actor = build_actor(get_user_model().objects.get(username=f"bench-coord-{name}-{n_helpers}"), network)
        area = network.areas.get()
        INDEXES.forget()
        rss0, t0 = _rss_mib(), time.perf_counter()
        entry = INDEXES.entry(network)
        cold, rss = time.perf_counter() - t0, _rss_mib() - rss0
        if name == "plentiful":
            mix = (network, actor, cold, rss)
        if args.no_batch:
            continue
        t0 = time.perf_counter()
        proposal = suggestions.batch_proposal(actor, area)
        product = time.perf_counter() - t0
        reqs = suggestions.open_for_batch(actor, area)
        previous = suggestions._previous_helpers([r.person_id for r in reqs])
        needs = [suggestions.need_spec(r, previous) for r in reqs]
        result = batch_assign(needs, entry.index)  # the same run again, for the objective figures
        assert result.objective[0] == proposal.placed
        report_batch(name, needs, entry.index, product, result, extra=" (from PostgreSQL)")
    network, actor, cold, rss = mix
    ids = list(Request.objects.filter(network=network).values_list("pk", flat=True))
    profiles = list(VolunteerProfile.objects.filter(person__network=network).values_list("pk", flat=True))
    times = []
    for q in range(args.queries):
        if q % 10 == 0:
            vp = VolunteerProfile.objects.get(pk=rng.choice(profiles))
            vp.max_active_tasks = rng.choice((0, 1, 2, 3))
            vp.save()  # the change log row every process reads
        req = Request(pk=rng.choice(ids))
        t0 = time.perf_counter()
        suggestions.suggestions_for(actor, req)
        times.append((time.perf_counter() - t0) * 1000)
    after_change = times[::10]
    print(
        f"live index (plentiful, PostgreSQL): cold start {cold:.1f} s; process RSS +{rss:.0f} MiB; "
        f"suggestions end to end ({len(times):,}, 1 in 10 right after a helper change) {_ms(times)}; "
        f"the calls right after a change {_ms(after_change)}",
        flush=True,
    )
