"""Importing HSDS 3.0 into a network: validate everything first, then write all of it or nothing.

What Zorgzaam models goes into its own fields; what it does not (other languages, free-text service areas
and accessibility, contacts, funding...) is kept per record in `hsds_extra` and published again on export.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zorgzaam.audit.services import record
from zorgzaam.core import uploads
from zorgzaam.core.permissions import deny
from zorgzaam.networks.models import Area
from zorgzaam.organisations.models import Organisation
from zorgzaam.people.actor import Actor
from zorgzaam.people.models import Language
from zorgzaam.socialmap import services as sm
from zorgzaam.socialmap.hsds import tabular
from zorgzaam.socialmap.hsds.common import Collector, ImportProblems
from zorgzaam.socialmap.hsds.export import Context, organization_core, service_core
from zorgzaam.socialmap.hsds.merge import strip
from zorgzaam.socialmap.hsds.reader import load_json, parse_organizations
from zorgzaam.socialmap.models import (
    Category,
    OrganisationProfile,
    Service,
    ServiceSchedule,
    TargetGroup,
)

ORG_FIELDS = ["name", "kind", "description", "email", "phone", "website", "address", "latitude", "longitude"]
_SERVICE_PROBE = [
    "name",
    "description",
    "email",
    "phone",
    "website",
    "cost",
    "cost_note",
    "hours_note",
    "address",
    "postcode",
    "city",
    "latitude",
    "longitude",
]


def _probe(model_obj, exclude: list[str], src, c: Collector) -> None:
    try:
        model_obj.full_clean(exclude=exclude, validate_unique=False)
    except ValidationError as exc:
        for field, msgs in exc.message_dict.items():
            for m in msgs:
                c.add(*src, field, m)


def _validate(network, orgs: list[dict], c: Collector) -> dict:
    """Check every record against the models and the network's reference data; build lookups.
    Languages, areas and accessibility we do not know are not errors: they stay in the record's extra."""
    refs = {
        "categories": {x.code: x for x in Category.objects.all()},
        "target_groups": {x.code: x for x in TargetGroup.objects.all()},
        "languages": {x.code: x for x in Language.objects.all()},
        "areas": {a.name: a for a in Area.objects.filter(network=network)},
    }
    labels = {
        "categories": _("Unknown category: %(value)s."),
        "target_groups": _("Unknown target group: %(value)s."),
    }
    seen_names: set = set()
    seen_ids: set = set()
    for o in orgs:
        _probe(Organisation(network=network, **{f: o[f] for f in ORG_FIELDS}), ["network"], o["_src"], c)
        if o["name"] in seen_names:
            c.add(*o["_src"], "name", _("Two organizations have this name."))
        seen_names.add(o["name"])
        if o["id"] and o["id"] in seen_ids:
            c.add(*o["_src"], "id", _("This id appears twice."))
        seen_ids.add(o["id"])
        for s in o["services"]:
            _probe(Service(**{f: s[f] for f in _SERVICE_PROBE}), ["organisation"], s["_src"], c)
            if s["id"] and s["id"] in seen_ids:
                c.add(*s["_src"], "id", _("This id appears twice."))
            seen_ids.add(s["id"])
            for key in ("categories", "target_groups"):
                for value in s[key]:
                    if value not in refs[key]:
                        c.add(*s["_src"], key, labels[key] % {"value": value})
                s[key] = sorted(set(s[key]))
            for key in ("languages", "areas"):
                s[key] = sorted({v for v in s[key] if v in refs[key]})
            s["accessibility"] = [f for f in Service.ACCESSIBILITY if f in s["accessibility"]]
            for _w, op, cl, hsrc in s["schedules"]:
                if op >= cl:
                    c.add(*hsrc, "closes_at", _("The closing time must be after the opening time."))
            s["schedules"] = sorted({(w, op, cl): hsrc for w, op, cl, hsrc in s["schedules"]})
    return refs


def _keep_extras(network, orgs: list[dict]) -> None:
    """What our export of the imported data would not say is kept per record."""
    ctx = Context(network)
    for o in orgs:
        o["extra"] = strip(o["_orig"], organization_core(ctx, o))
        for s in o["services"]:
            s["extra"] = strip(s["_orig"], service_core(ctx, s))


def parse(raw: bytes, fmt: str, c: Collector) -> list[dict]:
    if fmt == "json":
        data = load_json(raw, c)
    else:
        tables = tabular.read_zip(raw, c)
        data = tabular.nest(tables, c) if tables is not None else []
    return parse_organizations(data, c)


def import_hsds(actor: Actor, source, fmt: str | None = None) -> dict:
    """Import HSDS 3.0 JSON or a ZIP of its CSV tables into the actor's network: all or nothing.
    `source` is the uploaded file (or its bytes); `fmt` "json" or "zip", else told by the file name.
    The size limit is checked before the file is read, a ZIP's while it is unpacked (core.uploads)."""
    if not sm.can_manage(actor):
        deny()
    uploads.check_size(uploads.HSDS, len(source) if isinstance(source, bytes) else source.size)
    if fmt is None:
        fmt = "json" if (getattr(source, "name", "") or "").lower().endswith(".json") else "zip"
    raw = source if isinstance(source, bytes) else source.read()
    c = Collector()
    orgs = parse(raw, fmt, c)
    refs = _validate(actor.network, orgs, c)
    if c.problems:
        raise ImportProblems(c.problems, c.total)
    _keep_extras(actor.network, orgs)
    try:
        return _write(actor, orgs, refs)
    except IntegrityError as exc:
        # E.g. a renamed organisation taking the name of another existing one; all is rolled back.
        raise ImportProblems(
            [
                {
                    "file": "-",
                    "row": "-",
                    "field": "name",
                    "message": _("Two organizations would get the same name."),
                }
            ]
        ) from exc


@transaction.atomic
def _write(actor: Actor, orgs: list[dict], refs: dict) -> dict:
    network = actor.network
    profiles = {
        str(p.hsds_id): p
        for p in OrganisationProfile.objects.filter(organisation__network=network).select_related(
            "organisation"
        )
    }
    by_name = {o.name: o for o in Organisation.objects.filter(network=network)}
    existing = {str(s.hsds_id): s for s in Service.objects.filter(organisation__network=network)}
    counts = {
        "organisations_created": 0,
        "organisations_updated": 0,
        "services_created": 0,
        "services_updated": 0,
    }
    for o in orgs:
        org = profiles[o["id"]].organisation if o["id"] in profiles else by_name.get(o["name"])
        if org is None:
            org = Organisation(network=network)
            counts["organisations_created"] += 1
        else:
            counts["organisations_updated"] += 1
        for f in ORG_FIELDS:
            setattr(org, f, o[f])
        org.save()
        OrganisationProfile.objects.update_or_create(
            organisation=org, defaults={"hsds_id": o["id"], "hsds_extra": o["extra"]}
        )
        for s in o["services"]:
            _write_service(org, s, existing, refs, counts)
    record(actor, sm.IMPORTED, data=counts)
    return counts


def _write_service(org, s: dict, existing: dict, refs: dict, counts: dict) -> None:
    service = existing.get(s["id"])
    if service is None:
        service = Service(hsds_id=s["id"])
        counts["services_created"] += 1
    else:
        counts["services_updated"] += 1
    service.organisation = org
    for f in sm.SERVICE_FIELDS:
        if f in Service.ACCESSIBILITY:
            setattr(service, f, f in s["accessibility"])
        elif f in s:
            setattr(service, f, s[f])
    service.hsds_extra = s["extra"]
    if s["assured_date"]:
        day = dt.date.fromisoformat(s["assured_date"])
        service.last_verified_at = timezone.make_aware(dt.datetime.combine(day, dt.time(12, 0)))
    else:
        service.last_verified_at = None
    service.save()
    service.categories.set([refs["categories"][x] for x in s["categories"]])
    service.target_groups.set([refs["target_groups"][x] for x in s["target_groups"]])
    service.languages.set([refs["languages"][x] for x in s["languages"]])
    service.areas.set([refs["areas"][x] for x in s["areas"]])
    service.schedules.all().delete()
    ServiceSchedule.objects.bulk_create(
        ServiceSchedule(
            service=service,
            weekday=w,
            opens_at=dt.time.fromisoformat(op),
            closes_at=dt.time.fromisoformat(cl),
        )
        for w, op, cl in s["schedules"]
    )
