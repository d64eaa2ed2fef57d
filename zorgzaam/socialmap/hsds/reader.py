"""Reading HSDS 3.0 (JSON organizations or services, or the joined CSV tables) into the neutral structure.

Each neutral record keeps its original HSDS object (`_orig`), so that what we do not model can be kept.
Problems are collected per file, record and field; nothing is written here.
"""

from __future__ import annotations

import json

from django.utils.translation import gettext as _

from zorgzaam.socialmap.hsds.common import (
    FLAG_REFERRALS,
    STATUSES,
    TAX_CATEGORY,
    TAX_COST,
    TAX_FLAG,
    TAX_KIND,
    TAX_TARGET,
    Collector,
    empty_service,
    parse_date,
    parse_days,
    parse_float,
    parse_time,
    parse_uuid,
    text,
)

FILE = "JSON"


def _src(obj: dict, default: tuple) -> tuple:
    src = obj.get("__src") if isinstance(obj, dict) else None
    return tuple(src) if src else default


def _dicts(v) -> list[dict]:
    return [x for x in v if isinstance(x, dict)] if isinstance(v, list) else []


def _is_service(obj) -> bool:
    """HSDS service_full / service_list objects have a status or their organization, never services."""
    return isinstance(obj, dict) and "services" not in obj and ("status" in obj or "organization" in obj)


def load_json(raw: bytes, c: Collector) -> list[dict]:
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        c.add(FILE, "-", None, _("This is not a valid JSON file (%(error)s).") % {"error": exc})
        return []
    if isinstance(data, dict):
        if isinstance(data.get("contents"), list):  # a page of the HSDS API
            data = data["contents"]
        elif isinstance(data.get("organizations"), list):
            data = data["organizations"]
        else:
            data = [data]
    if not isinstance(data, list):
        c.add(FILE, "-", None, _("Expected a list of organizations."))
        return []
    return services_to_organizations(data, c)


def services_to_organizations(data: list, c: Collector) -> list:
    """Services given on their own (service_full.json) become their organization with them inside."""
    out: list = []
    by_id: dict[str, dict] = {}
    for i, obj in enumerate(data, start=1):
        if not _is_service(obj):
            out.append(obj)
            continue
        org = obj.get("organization")
        if not isinstance(org, dict):
            c.add(FILE, _("service %(n)s") % {"n": i}, "organization", _("A service needs its organization."))
            continue
        service = {k: v for k, v in obj.items() if k != "organization"}
        oid = text(org.get("id"))
        if oid not in by_id:
            by_id[oid] = {**{k: v for k, v in org.items() if k != "services"}, "services": []}
            out.append(by_id[oid])
        by_id[oid]["services"].append(service)
    return out


def parse_organizations(data: list, c: Collector) -> list[dict]:
    orgs = []
    for i, o in enumerate(data, start=1):
        src = _src(o, (FILE, _("organization %(n)s") % {"n": i}))
        if not isinstance(o, dict):
            c.add(*src, None, _("Expected an object."))
            continue
        org = _organization(o, src, c)
        services = o.get("services") if isinstance(o.get("services"), list) else []
        for j, s in enumerate(services, start=1):
            ssrc = _src(s, (FILE, _("organization %(n)s, service %(m)s") % {"n": i, "m": j}))
            if not isinstance(s, dict):
                c.add(*ssrc, None, _("Expected an object."))
                continue
            org["services"].append(_service(s, ssrc, c, (i, j)))
        orgs.append(org)
    return orgs


def _first_address(loc: dict) -> dict:
    addrs = _dicts(loc.get("addresses"))
    return addrs[0] if addrs else {}


def _organization(o: dict, src, c: Collector) -> dict:
    org = {
        "_src": src,
        "_orig": {k: v for k, v in o.items() if k != "services"},
        "id": parse_uuid(o.get("id"), c, src, "id"),
        "name": text(o.get("name")),
        "description": text(o.get("description")),
        "email": text(o.get("email")),
        "website": text(o.get("website") or o.get("url")),
        "kind": "other",
        "phone": "",
        "address": "",
        "latitude": None,
        "longitude": None,
        "services": [],
        "extra": {},
    }
    phones = _dicts(o.get("phones"))
    if phones:
        org["phone"] = text(phones[0].get("number"))
    for loc in _dicts(o.get("locations"))[:1]:
        lsrc = _src(loc, src)
        org["latitude"] = parse_float(loc.get("latitude"), c, lsrc, "latitude")
        org["longitude"] = parse_float(loc.get("longitude"), c, lsrc, "longitude")
        a = _first_address(loc)
        street, postcode, city = text(a.get("address_1")), text(a.get("postal_code")), text(a.get("city"))
        # We keep an organisation's address on one line; a Belgian one is written as our export reads it.
        if street and postcode and city and text(a.get("country")) in ("", "BE"):
            org["address"] = f"{street}, {postcode} {city}"
        else:
            org["address"] = street
    for attr in _dicts(o.get("attributes")):
        term = attr.get("taxonomy_term") if isinstance(attr.get("taxonomy_term"), dict) else {}
        if term.get("taxonomy") == TAX_KIND:
            org["kind"] = text(term.get("code"))
    return org


def _service(s: dict, ssrc, c: Collector, pos: tuple) -> dict:
    svc = empty_service(parse_uuid(s.get("id"), c, ssrc, "id"), ssrc)
    svc["_orig"] = s
    svc.update(
        name=text(s.get("name")),
        description=text(s.get("description")),
        email=text(s.get("email")),
        website=text(s.get("url")),
        cost_note=text(s.get("fees_description")),
        assured_date=parse_date(s.get("assured_date"), c, ssrc, "assured_date"),
    )
    status = text(s.get("status") or "active")
    if status not in STATUSES:
        c.add(*ssrc, "status", _("Unknown status."))
    svc["active"] = status == "active"
    phones = _dicts(s.get("phones"))
    if phones:
        svc["phone"] = text(phones[0].get("number"))
    for attr in _dicts(s.get("attributes")):
        term = attr.get("taxonomy_term") if isinstance(attr.get("taxonomy_term"), dict) else {}
        taxonomy, code = term.get("taxonomy"), text(term.get("code"))
        if taxonomy == TAX_CATEGORY:
            svc["categories"].append(code)
        elif taxonomy == TAX_TARGET:
            svc["target_groups"].append(code)
        elif taxonomy == TAX_COST:
            svc["cost"] = code
        elif taxonomy == TAX_FLAG and code == FLAG_REFERRALS:
            svc["accepts_referrals"] = True
    for k, h in enumerate(_dicts(s.get("schedules")), start=1):
        hsrc = _src(
            h,
            (
                FILE,
                _("organization %(n)s, service %(m)s, schedule %(k)s") % {"n": pos[0], "m": pos[1], "k": k},
            ),
        )
        _schedule(h, svc, c, hsrc)
    svc["areas"] = [text(a.get("name")) for a in _dicts(s.get("service_areas"))]
    svc["languages"] = [text(lang.get("code")) for lang in _dicts(s.get("languages"))]
    for sal in _dicts(s.get("service_at_locations"))[:1]:
        loc = sal.get("location") if isinstance(sal.get("location"), dict) else {}
        lsrc = _src(loc, ssrc)
        svc["latitude"] = parse_float(loc.get("latitude"), c, lsrc, "latitude")
        svc["longitude"] = parse_float(loc.get("longitude"), c, lsrc, "longitude")
        a = _first_address(loc)
        svc["address"] = text(a.get("address_1"))
        svc["postcode"] = text(a.get("postal_code"))
        svc["city"] = text(a.get("city"))
        svc["accessibility"] = [text(x.get("description")) for x in _dicts(loc.get("accessibility"))]
    return svc


def _schedule(h: dict, svc: dict, c: Collector, hsrc) -> None:
    """Weekly opening hours are ours; other rules (monthly, every other week...) stay as they came."""
    if not text(h.get("byday")):
        if not svc["hours_note"] and text(h.get("description")):
            svc["hours_note"] = text(h.get("description"))
        return
    if text(h.get("freq") or "WEEKLY").upper() != "WEEKLY" or text(h.get("interval") or "1") != "1":
        return
    days = parse_days(h.get("byday"))
    if days is None:
        if all(
            text(d)[-2:].upper() in ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
            for d in text(h.get("byday")).split(",")
        ):
            return  # "1MO", "-1FR": an ordinal day, not a weekly one
        c.add(*hsrc, "byday", _("Unknown day of the week (use MO, TU, WE, TH, FR, SA or SU)."))
        return
    if h.get("opens_at") in (None, "") and h.get("closes_at") in (None, ""):
        return
    op = parse_time(h.get("opens_at"), c, hsrc, "opens_at")
    cl = parse_time(h.get("closes_at"), c, hsrc, "closes_at")
    if None not in (op, cl):
        for w in days:
            svc["schedules"].append((w, op, cl, hsrc))
