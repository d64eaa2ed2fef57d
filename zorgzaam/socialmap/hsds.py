"""Open Referral HSDS import and export.

JSON follows HSDS 3 (a list of organizations with nested services, phones, schedules, service areas,
languages, locations and taxonomy attributes). CSV follows the HSDS 2 datapackage tables, as a ZIP.
Both formats go through one neutral structure (lists of dicts), so validation is shared.
Import validates every record first and writes NOTHING when one is broken.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import uuid
import zipfile

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zorgzaam.audit.services import record
from zorgzaam.core.actor import Actor
from zorgzaam.networks.models import Area
from zorgzaam.organisations.models import Organisation
from zorgzaam.people.models import Language
from zorgzaam.socialmap import services as sm
from zorgzaam.socialmap.models import (
    Category,
    OrganisationProfile,
    Service,
    ServiceSchedule,
    TargetGroup,
)

DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
TAX_CATEGORY = "zorgzaam-category"
TAX_TARGET = "zorgzaam-target-group"
TAX_COST = "zorgzaam-cost"
TAX_KIND = "zorgzaam-organisation-kind"
TAX_FLAG = "zorgzaam-flag"
FLAG_REFERRALS = "accepts-referrals"

CSV_TABLES = {
    "organizations.csv": ["id", "name", "description", "email", "url", "x_kind"],
    "services.csv": [
        "id",
        "organization_id",
        "name",
        "description",
        "url",
        "email",
        "status",
        "fees",
        "x_cost",
        "x_categories",
        "x_target_groups",
        "x_accepts_referrals",
        "x_assured_date",
    ],
    "locations.csv": [
        "id",
        "organization_id",
        "x_service_id",
        "name",
        "latitude",
        "longitude",
        "address_1",
        "postal_code",
        "city",
        "x_accessibility",
    ],
    "phones.csv": ["id", "organization_id", "service_id", "number"],
    "schedules.csv": ["id", "service_id", "byday", "opens_at", "closes_at", "description"],
    "service_areas.csv": ["id", "service_id", "service_area"],
    "languages.csv": ["id", "service_id", "language"],
}


class ImportProblems(ValidationError):
    """Row-level problems: a list of {file, row, field, message}."""

    def __init__(self, problems: list[dict]):
        self.problems = problems
        super().__init__([_format(p) for p in problems])


def _format(p: dict) -> str:
    return _("%(file)s, record %(row)s, field “%(field)s”: %(message)s") % {
        "file": p["file"],
        "row": p["row"],
        "field": p["field"] or "-",
        "message": p["message"],
    }


def _uid(seed: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, seed))


# --- export --------------------------------------------------------------------------------------


def _time(t) -> str:
    return t.strftime("%H:%M")


def neutral_export(network) -> list[dict]:
    """The network's organisations and services as the neutral structure (sorted, deterministic)."""
    orgs = list(Organisation.objects.filter(network=network).order_by("name"))
    profiles = {p.organisation_id: p for p in OrganisationProfile.objects.filter(organisation__in=orgs)}
    missing = [OrganisationProfile(organisation=o) for o in orgs if o.pk not in profiles]
    if missing:
        OrganisationProfile.objects.bulk_create(missing)
        profiles.update({p.organisation_id: p for p in missing})
    services = (
        Service.objects.filter(organisation__network=network)
        .prefetch_related("categories", "target_groups", "areas", "languages", "schedules")
        .order_by("name", "hsds_id")
    )
    by_org: dict[int, list] = {}
    for s in services:
        by_org.setdefault(s.organisation_id, []).append(
            {
                "id": str(s.hsds_id),
                "name": s.name,
                "description": s.description,
                "email": s.email,
                "phone": s.phone,
                "website": s.website,
                "active": s.active,
                "accepts_referrals": s.accepts_referrals,
                "cost": s.cost,
                "cost_note": s.cost_note,
                "hours_note": s.hours_note,
                "assured_date": s.last_verified_at and timezone.localdate(s.last_verified_at).isoformat(),
                "categories": sorted(c.code for c in s.categories.all()),
                "target_groups": sorted(t.code for t in s.target_groups.all()),
                "areas": sorted(a.name for a in s.areas.all()),
                "languages": sorted(lang.code for lang in s.languages.all()),
                "address": s.address,
                "postcode": s.postcode,
                "city": s.city,
                "latitude": s.latitude,
                "longitude": s.longitude,
                "accessibility": [f for f in Service.ACCESSIBILITY if getattr(s, f)],
                "schedules": [(h.weekday, _time(h.opens_at), _time(h.closes_at)) for h in s.schedules.all()],
            }
        )
    return [
        {
            "id": str(profiles[o.pk].hsds_id),
            "name": o.name,
            "description": o.description,
            "email": o.email,
            "phone": o.phone,
            "website": o.website,
            "kind": o.kind,
            "address": o.address,
            "latitude": o.latitude,
            "longitude": o.longitude,
            "services": by_org.get(o.pk, []),
        }
        for o in orgs
    ]


def _term(taxonomy: str, code: str) -> dict:
    return {"taxonomy_term": {"id": _uid(f"{taxonomy}/{code}"), "code": code, "taxonomy": taxonomy}}


def to_hsds_json(orgs: list[dict]) -> list[dict]:
    out = []
    for o in orgs:
        services = []
        for s in o["services"]:
            attributes = (
                [_term(TAX_CATEGORY, c) for c in s["categories"]]
                + [_term(TAX_TARGET, t) for t in s["target_groups"]]
                + [_term(TAX_COST, s["cost"])]
                + ([_term(TAX_FLAG, FLAG_REFERRALS)] if s["accepts_referrals"] else [])
            )
            schedules = [
                {
                    "id": _uid(f"{s['id']}/schedule/{i}"),
                    "freq": "WEEKLY",
                    "byday": DAYS[w],
                    "opens_at": o_,
                    "closes_at": c,
                }
                for i, (w, o_, c) in enumerate(s["schedules"])
            ]
            if s["hours_note"]:
                schedules.append({"id": _uid(f"{s['id']}/schedule/note"), "description": s["hours_note"]})
            locations = []
            if s["latitude"] is not None or s["address"] or s["accessibility"]:
                locations.append(
                    {
                        "id": _uid(f"{s['id']}/location"),
                        "location": {
                            "id": _uid(f"{s['id']}/location"),
                            "location_type": "physical",
                            "name": s["name"],
                            "latitude": s["latitude"],
                            "longitude": s["longitude"],
                            "addresses": [
                                {
                                    "address_1": s["address"],
                                    "postal_code": s["postcode"],
                                    "city": s["city"],
                                    "country": "BE",
                                    "address_type": "physical",
                                }
                            ],
                            "accessibility": [{"description": f} for f in s["accessibility"]],
                        },
                    }
                )
            services.append(
                {
                    "id": s["id"],
                    "name": s["name"],
                    "description": s["description"],
                    "email": s["email"],
                    "url": s["website"],
                    "status": "active" if s["active"] else "inactive",
                    "fees_description": s["cost_note"],
                    "assured_date": s["assured_date"],
                    "phones": [{"id": _uid(f"{s['id']}/phone"), "number": s["phone"]}] if s["phone"] else [],
                    "schedules": schedules,
                    "service_areas": [{"id": _uid(f"{s['id']}/area/{a}"), "name": a} for a in s["areas"]],
                    "languages": [{"id": _uid(f"{s['id']}/lang/{c}"), "code": c} for c in s["languages"]],
                    "attributes": attributes,
                    "service_at_locations": locations,
                }
            )
        org_locations = []
        if o["address"] or o["latitude"] is not None:
            org_locations.append(
                {
                    "id": _uid(f"{o['id']}/location"),
                    "location_type": "physical",
                    "latitude": o["latitude"],
                    "longitude": o["longitude"],
                    "addresses": [{"address_1": o["address"], "address_type": "physical"}],
                }
            )
        out.append(
            {
                "id": o["id"],
                "name": o["name"],
                "description": o["description"],
                "email": o["email"],
                "website": o["website"],
                "phones": [{"id": _uid(f"{o['id']}/phone"), "number": o["phone"]}] if o["phone"] else [],
                "locations": org_locations,
                "attributes": [_term(TAX_KIND, o["kind"])],
                "services": services,
            }
        )
    return out


def _check_export(actor: Actor) -> None:
    if not sm.can_manage(actor):
        raise PermissionDenied(_("You do not have access to this."))


def export_json(actor: Actor) -> str:
    _check_export(actor)
    return json.dumps(to_hsds_json(neutral_export(actor.network)), ensure_ascii=False, indent=2)


def _num(v) -> str:
    return "" if v is None else repr(v)


def to_csv_tables(orgs: list[dict]) -> dict[str, list[dict]]:
    t: dict[str, list[dict]] = {name: [] for name in CSV_TABLES}
    for o in orgs:
        t["organizations.csv"].append(
            {
                "id": o["id"],
                "name": o["name"],
                "description": o["description"],
                "email": o["email"],
                "url": o["website"],
                "x_kind": o["kind"],
            }
        )
        if o["phone"]:
            t["phones.csv"].append(
                {
                    "id": _uid(f"{o['id']}/phone"),
                    "organization_id": o["id"],
                    "service_id": "",
                    "number": o["phone"],
                }
            )
        if o["address"] or o["latitude"] is not None:
            t["locations.csv"].append(
                {
                    "id": _uid(f"{o['id']}/location"),
                    "organization_id": o["id"],
                    "x_service_id": "",
                    "name": "",
                    "latitude": _num(o["latitude"]),
                    "longitude": _num(o["longitude"]),
                    "address_1": o["address"],
                    "postal_code": "",
                    "city": "",
                    "x_accessibility": "",
                }
            )
        for s in o["services"]:
            sid = s["id"]
            t["services.csv"].append(
                {
                    "id": sid,
                    "organization_id": o["id"],
                    "name": s["name"],
                    "description": s["description"],
                    "url": s["website"],
                    "email": s["email"],
                    "status": "active" if s["active"] else "inactive",
                    "fees": s["cost_note"],
                    "x_cost": s["cost"],
                    "x_categories": ";".join(s["categories"]),
                    "x_target_groups": ";".join(s["target_groups"]),
                    "x_accepts_referrals": "true" if s["accepts_referrals"] else "false",
                    "x_assured_date": s["assured_date"] or "",
                }
            )
            if s["phone"]:
                t["phones.csv"].append(
                    {
                        "id": _uid(f"{sid}/phone"),
                        "organization_id": "",
                        "service_id": sid,
                        "number": s["phone"],
                    }
                )
            if s["latitude"] is not None or s["address"] or s["accessibility"]:
                t["locations.csv"].append(
                    {
                        "id": _uid(f"{sid}/location"),
                        "organization_id": o["id"],
                        "x_service_id": sid,
                        "name": s["name"],
                        "latitude": _num(s["latitude"]),
                        "longitude": _num(s["longitude"]),
                        "address_1": s["address"],
                        "postal_code": s["postcode"],
                        "city": s["city"],
                        "x_accessibility": ";".join(s["accessibility"]),
                    }
                )
            for i, (w, op, cl) in enumerate(s["schedules"]):
                t["schedules.csv"].append(
                    {
                        "id": _uid(f"{sid}/schedule/{i}"),
                        "service_id": sid,
                        "byday": DAYS[w],
                        "opens_at": op,
                        "closes_at": cl,
                        "description": "",
                    }
                )
            if s["hours_note"]:
                t["schedules.csv"].append(
                    {
                        "id": _uid(f"{sid}/schedule/note"),
                        "service_id": sid,
                        "byday": "",
                        "opens_at": "",
                        "closes_at": "",
                        "description": s["hours_note"],
                    }
                )
            for a in s["areas"]:
                t["service_areas.csv"].append(
                    {"id": _uid(f"{sid}/area/{a}"), "service_id": sid, "service_area": a}
                )
            for c in s["languages"]:
                t["languages.csv"].append({"id": _uid(f"{sid}/lang/{c}"), "service_id": sid, "language": c})
    return t


def export_csv_zip(actor: Actor) -> bytes:
    _check_export(actor)
    tables = to_csv_tables(neutral_export(actor.network))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, columns in CSV_TABLES.items():
            out = io.StringIO()
            writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
            writer.writeheader()
            writer.writerows(tables[name])
            zf.writestr(name, out.getvalue())
    return buf.getvalue()


# --- parsing into the neutral structure ----------------------------------------------------------


class _Collector:
    def __init__(self):
        self.problems: list[dict] = []

    def add(self, file, row, field, message) -> None:
        self.problems.append({"file": file, "row": row, "field": field, "message": str(message)})


def _str(v) -> str:
    return "" if v is None else str(v).strip()


def _float(v, c: _Collector, src, field):
    v = _str(v)
    if v == "":
        return None
    try:
        return float(v)
    except ValueError:
        c.add(*src, field, _("Not a number."))
        return None


def _parse_time(v, c, src, field):
    try:
        return dt.time.fromisoformat(_str(v)).strftime("%H:%M")
    except ValueError:
        c.add(*src, field, _("Not a time (use HH:MM)."))
        return None


def _parse_day(v, c, src, field):
    day = _str(v).upper()[:2]
    if day not in DAYS:
        c.add(*src, field, _("Unknown day of the week (use MO, TU, WE, TH, FR, SA or SU)."))
        return None
    return DAYS.index(day)


def _parse_uuid(v, c, src, field) -> str | None:
    try:
        return str(uuid.UUID(_str(v)))
    except ValueError:
        c.add(*src, field, _("Not a valid id (a UUID is expected)."))
        return None


def _parse_date(v, c, src, field):
    v = _str(v)
    if not v:
        return None
    try:
        return dt.date.fromisoformat(v[:10]).isoformat()
    except ValueError:
        c.add(*src, field, _("Not a date (use YYYY-MM-DD)."))
        return None


def _empty_service(sid, src) -> dict:
    return {
        "_src": src,
        "id": sid,
        "name": "",
        "description": "",
        "email": "",
        "phone": "",
        "website": "",
        "active": True,
        "accepts_referrals": False,
        "cost": "free",
        "cost_note": "",
        "hours_note": "",
        "assured_date": None,
        "categories": [],
        "target_groups": [],
        "areas": [],
        "languages": [],
        "address": "",
        "postcode": "",
        "city": "",
        "latitude": None,
        "longitude": None,
        "accessibility": [],
        "schedules": [],
    }


def parse_json(raw: bytes, c: _Collector) -> list[dict]:
    file = "JSON"
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        c.add(file, "-", None, _("This is not a valid JSON file (%(error)s).") % {"error": exc})
        return []
    if isinstance(data, dict):
        data = data.get("organizations", data.get("contents", [data]))
    if not isinstance(data, list):
        c.add(file, "-", None, _("Expected a list of organizations."))
        return []
    orgs = []
    for i, o in enumerate(data, start=1):
        src = (file, _("organization %(n)s") % {"n": i})
        if not isinstance(o, dict):
            c.add(*src, None, _("Expected an object."))
            continue
        org = {
            "_src": src,
            "id": _parse_uuid(o.get("id"), c, src, "id"),
            "name": _str(o.get("name")),
            "description": _str(o.get("description")),
            "email": _str(o.get("email")),
            "website": _str(o.get("website") or o.get("url")),
            "kind": "other",
            "phone": "",
            "address": "",
            "latitude": None,
            "longitude": None,
            "services": [],
        }
        phones = o.get("phones") or []
        if phones and isinstance(phones[0], dict):
            org["phone"] = _str(phones[0].get("number"))
        for loc in o.get("locations") or []:
            org["latitude"] = _float(loc.get("latitude"), c, src, "locations.latitude")
            org["longitude"] = _float(loc.get("longitude"), c, src, "locations.longitude")
            addrs = loc.get("addresses") or []
            org["address"] = _str(addrs[0].get("address_1")) if addrs else ""
            break
        for attr in o.get("attributes") or []:
            term = (attr or {}).get("taxonomy_term") or {}
            if term.get("taxonomy") == TAX_KIND:
                org["kind"] = _str(term.get("code"))
        for j, s in enumerate(o.get("services") or [], start=1):
            ssrc = (file, _("organization %(n)s, service %(m)s") % {"n": i, "m": j})
            if not isinstance(s, dict):
                c.add(*ssrc, None, _("Expected an object."))
                continue
            svc = _empty_service(_parse_uuid(s.get("id"), c, ssrc, "id"), ssrc)
            svc.update(
                name=_str(s.get("name")),
                description=_str(s.get("description")),
                email=_str(s.get("email")),
                website=_str(s.get("url")),
                cost_note=_str(s.get("fees_description")),
                assured_date=_parse_date(s.get("assured_date"), c, ssrc, "assured_date"),
            )
            status = _str(s.get("status") or "active")
            if status not in ("active", "inactive", "defunct", "temporarily closed"):
                c.add(*ssrc, "status", _("Unknown status."))
            svc["active"] = status == "active"
            sphones = s.get("phones") or []
            if sphones and isinstance(sphones[0], dict):
                svc["phone"] = _str(sphones[0].get("number"))
            for attr in s.get("attributes") or []:
                term = (attr or {}).get("taxonomy_term") or {}
                tax, code = term.get("taxonomy"), _str(term.get("code"))
                if tax == TAX_CATEGORY:
                    svc["categories"].append(code)
                elif tax == TAX_TARGET:
                    svc["target_groups"].append(code)
                elif tax == TAX_COST:
                    svc["cost"] = code
                elif tax == TAX_FLAG and code == FLAG_REFERRALS:
                    svc["accepts_referrals"] = True
            for k, h in enumerate(s.get("schedules") or [], start=1):
                hsrc = (
                    file,
                    _("organization %(n)s, service %(m)s, schedule %(k)s") % {"n": i, "m": j, "k": k},
                )
                if not h.get("byday"):
                    svc["hours_note"] = _str(h.get("description"))
                    continue
                for day in _str(h.get("byday")).split(","):
                    w = _parse_day(day, c, hsrc, "byday")
                    op = _parse_time(h.get("opens_at"), c, hsrc, "opens_at")
                    cl = _parse_time(h.get("closes_at"), c, hsrc, "closes_at")
                    if None not in (w, op, cl):
                        svc["schedules"].append((w, op, cl, hsrc))
            svc["areas"] = [_str(a.get("name")) for a in s.get("service_areas") or []]
            svc["languages"] = [_str(lang.get("code")) for lang in s.get("languages") or []]
            for sal in s.get("service_at_locations") or []:
                loc = (sal or {}).get("location") or {}
                svc["latitude"] = _float(loc.get("latitude"), c, ssrc, "location.latitude")
                svc["longitude"] = _float(loc.get("longitude"), c, ssrc, "location.longitude")
                addrs = loc.get("addresses") or []
                if addrs:
                    svc["address"] = _str(addrs[0].get("address_1"))
                    svc["postcode"] = _str(addrs[0].get("postal_code"))
                    svc["city"] = _str(addrs[0].get("city"))
                svc["accessibility"] = [_str(a.get("description")) for a in loc.get("accessibility") or []]
                break
            org["services"].append(svc)
        orgs.append(org)
    return orgs


def parse_csv_zip(raw: bytes, c: _Collector) -> list[dict]:
    try:
        zf = zipfile.ZipFile(io.BytesIO(raw))
    except zipfile.BadZipFile:
        c.add("ZIP", "-", None, _("This is not a ZIP file."))
        return []
    names = {n.rsplit("/", 1)[-1]: n for n in zf.namelist()}
    tables: dict[str, list[tuple[int, dict]]] = {}
    for name in CSV_TABLES:
        if name not in names:
            if name in ("organizations.csv", "services.csv"):
                c.add(name, "-", None, _("This file is missing from the ZIP."))
            tables[name] = []
            continue
        try:
            text = zf.read(names[name]).decode("utf-8-sig")
        except UnicodeDecodeError:
            c.add(name, "-", None, _("This file is not UTF-8 text."))
            tables[name] = []
            continue
        reader = csv.DictReader(io.StringIO(text))
        for col in ("id",):
            if reader.fieldnames is None or col not in reader.fieldnames:
                c.add(name, 1, col, _("This column is missing."))
        # Row 1 is the header, so data rows start at 2 (as a spreadsheet shows them).
        tables[name] = [(n, row) for n, row in enumerate(reader, start=2)]
    orgs: dict[str, dict] = {}
    order: list[dict] = []
    for n, row in tables["organizations.csv"]:
        src = ("organizations.csv", n)
        oid = _parse_uuid(row.get("id"), c, src, "id")
        org = {
            "_src": src,
            "id": oid,
            "name": _str(row.get("name")),
            "description": _str(row.get("description")),
            "email": _str(row.get("email")),
            "website": _str(row.get("url")),
            "kind": _str(row.get("x_kind")) or "other",
            "phone": "",
            "address": "",
            "latitude": None,
            "longitude": None,
            "services": [],
        }
        if oid in orgs:
            c.add(*src, "id", _("This id appears twice."))
        orgs[oid] = org
        order.append(org)
    services: dict[str, dict] = {}
    for n, row in tables["services.csv"]:
        src = ("services.csv", n)
        sid = _parse_uuid(row.get("id"), c, src, "id")
        oid = _str(row.get("organization_id"))
        svc = _empty_service(sid, src)
        status = _str(row.get("status") or "active")
        if status not in ("active", "inactive", "defunct", "temporarily closed"):
            c.add(*src, "status", _("Unknown status."))
        svc.update(
            name=_str(row.get("name")),
            description=_str(row.get("description")),
            website=_str(row.get("url")),
            email=_str(row.get("email")),
            active=status == "active",
            cost_note=_str(row.get("fees")),
            cost=_str(row.get("x_cost")) or "free",
            categories=[x for x in _str(row.get("x_categories")).split(";") if x],
            target_groups=[x for x in _str(row.get("x_target_groups")).split(";") if x],
            accepts_referrals=_str(row.get("x_accepts_referrals")).lower() in ("true", "1", "yes"),
            assured_date=_parse_date(row.get("x_assured_date"), c, src, "x_assured_date"),
        )
        if oid not in orgs:
            c.add(*src, "organization_id", _("No organization with this id in organizations.csv."))
            continue
        if sid in services:
            c.add(*src, "id", _("This id appears twice."))
        services[sid] = svc
        orgs[oid]["services"].append(svc)

    def service_of(file, n, row, col="service_id"):
        sid = _str(row.get(col))
        if sid not in services:
            c.add(file, n, col, _("No service with this id in services.csv."))
            return None
        return services[sid]

    for n, row in tables["phones.csv"]:
        if _str(row.get("service_id")):
            svc = service_of("phones.csv", n, row)
            if svc:
                svc["phone"] = _str(row.get("number"))
        elif _str(row.get("organization_id")) in orgs:
            orgs[_str(row.get("organization_id"))]["phone"] = _str(row.get("number"))
        else:
            c.add("phones.csv", n, "organization_id", _("No organization with this id in organizations.csv."))
    for n, row in tables["locations.csv"]:
        src = ("locations.csv", n)
        target = None
        if _str(row.get("x_service_id")):
            target = service_of("locations.csv", n, row, "x_service_id")
            if target:
                target.update(
                    postcode=_str(row.get("postal_code")),
                    city=_str(row.get("city")),
                    accessibility=[x for x in _str(row.get("x_accessibility")).split(";") if x],
                )
        elif _str(row.get("organization_id")) in orgs:
            target = orgs[_str(row.get("organization_id"))]
        else:
            c.add(*src, "organization_id", _("No organization with this id in organizations.csv."))
        if target:
            target["address"] = _str(row.get("address_1"))
            target["latitude"] = _float(row.get("latitude"), c, src, "latitude")
            target["longitude"] = _float(row.get("longitude"), c, src, "longitude")
    for n, row in tables["schedules.csv"]:
        src = ("schedules.csv", n)
        svc = service_of("schedules.csv", n, row)
        if not svc:
            continue
        if not _str(row.get("byday")):
            svc["hours_note"] = _str(row.get("description"))
            continue
        w = _parse_day(row.get("byday"), c, src, "byday")
        op = _parse_time(row.get("opens_at"), c, src, "opens_at")
        cl = _parse_time(row.get("closes_at"), c, src, "closes_at")
        if None not in (w, op, cl):
            svc["schedules"].append((w, op, cl, src))
    for n, row in tables["service_areas.csv"]:
        svc = service_of("service_areas.csv", n, row)
        if svc:
            svc["areas"].append(_str(row.get("service_area")))
    for n, row in tables["languages.csv"]:
        svc = service_of("languages.csv", n, row)
        if svc:
            svc["languages"].append(_str(row.get("language")))
    return order


# --- validation and writing ----------------------------------------------------------------------


def _validate(network, orgs: list[dict], c: _Collector) -> dict:
    """Check every record against the models and the network's reference data; build lookups."""
    refs = {
        "categories": {x.code: x for x in Category.objects.all()},
        "target_groups": {x.code: x for x in TargetGroup.objects.all()},
        "languages": {x.code: x for x in Language.objects.all()},
        "areas": {a.name: a for a in Area.objects.filter(network=network)},
    }
    labels = {
        "categories": _("Unknown category: %(value)s."),
        "target_groups": _("Unknown target group: %(value)s."),
        "languages": _("Unknown language: %(value)s."),
        "areas": _("No area with this name in the network: %(value)s."),
    }
    seen_names: set = set()
    for o in orgs:
        probe = Organisation(
            network=network,
            name=o["name"],
            kind=o["kind"],
            description=o["description"],
            email=o["email"],
            phone=o["phone"],
            website=o["website"],
            address=o["address"],
            latitude=o["latitude"],
            longitude=o["longitude"],
        )
        try:
            probe.full_clean(exclude=["network"], validate_unique=False)
        except ValidationError as exc:
            for field, msgs in exc.message_dict.items():
                for m in msgs:
                    c.add(*o["_src"], field, m)
        if o["name"] in seen_names:
            c.add(*o["_src"], "name", _("Two organizations have this name."))
        seen_names.add(o["name"])
        for s in o["services"]:
            probe = Service(
                name=s["name"],
                description=s["description"],
                email=s["email"],
                phone=s["phone"],
                website=s["website"],
                cost=s["cost"],
                cost_note=s["cost_note"],
                hours_note=s["hours_note"],
                address=s["address"],
                postcode=s["postcode"],
                city=s["city"],
                latitude=s["latitude"],
                longitude=s["longitude"],
            )
            try:
                probe.full_clean(exclude=["organisation"], validate_unique=False)
            except ValidationError as exc:
                for field, msgs in exc.message_dict.items():
                    for m in msgs:
                        c.add(*s["_src"], field, m)
            for key in ("categories", "target_groups", "languages", "areas"):
                for value in s[key]:
                    if value not in refs[key]:
                        c.add(*s["_src"], key, labels[key] % {"value": value})
            for flag in s["accessibility"]:
                if flag not in Service.ACCESSIBILITY:
                    c.add(
                        *s["_src"],
                        "accessibility",
                        _("Unknown accessibility feature: %(value)s.") % {"value": flag},
                    )
            for _w, op, cl, hsrc in s["schedules"]:
                if op >= cl:
                    c.add(*hsrc, "closes_at", _("The closing time must be after the opening time."))
    return refs


def import_hsds(actor: Actor, raw: bytes, fmt: str) -> dict:
    """Import a JSON (HSDS 3) or CSV ZIP (HSDS 2) file into the actor's network: all or nothing."""
    if not sm.can_manage(actor):
        raise PermissionDenied(_("You do not have access to this."))
    c = _Collector()
    orgs = parse_json(raw, c) if fmt == "json" else parse_csv_zip(raw, c)
    refs = _validate(actor.network, orgs, c)
    if c.problems:
        raise ImportProblems(c.problems)
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
    org_fields = [
        "name",
        "kind",
        "description",
        "email",
        "phone",
        "website",
        "address",
        "latitude",
        "longitude",
    ]
    for o in orgs:
        org = profiles[o["id"]].organisation if o["id"] in profiles else by_name.get(o["name"])
        if org is None:
            org = Organisation(network=network)
            counts["organisations_created"] += 1
        else:
            counts["organisations_updated"] += 1
        for f in org_fields:
            setattr(org, f, o[f])
        org.save()
        OrganisationProfile.objects.update_or_create(organisation=org, defaults={"hsds_id": o["id"]})
        for s in o["services"]:
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
                for w, op, cl, _src in s["schedules"]
            )
    record(actor, sm.IMPORTED, data=counts)
    return counts
