"""Zorgzaam's social map as Open Referral HSDS 3.0 JSON (valid against the official compiled schemas).

Two steps: the database into a neutral structure (plain dicts, also what the importer produces), then
the neutral structure into HSDS records, merged with what the source of an imported record said that we
do not model (`hsds_extra`). Optional empty fields are left out; required ones are always present.
"""

from __future__ import annotations

import json
import re

from django.utils import timezone, translation

from zorgzaam.core.permissions import deny
from zorgzaam.organisations.models import Organisation
from zorgzaam.socialmap import services as sm
from zorgzaam.socialmap.hsds.common import (
    DAYS,
    FLAG_REFERRALS,
    TAX_CATEGORY,
    TAX_COST,
    TAX_FLAG,
    TAX_KIND,
    TAX_TARGET,
    province,
    uid,
)
from zorgzaam.socialmap.hsds.merge import Default, merge
from zorgzaam.socialmap.models import Category, OrganisationProfile, Service, TargetGroup

TAXONOMY_INFO = {
    TAX_CATEGORY: ("Zorgzaam categories", "What a service of the Zorgzaam social map helps with."),
    TAX_TARGET: ("Zorgzaam target groups", "Who a service of the Zorgzaam social map is meant for."),
    TAX_COST: ("Zorgzaam cost", "Whether a service is free, asks a small contribution or has a price."),
    TAX_KIND: ("Zorgzaam organisation kinds", "The kind of a partner organisation."),
    TAX_FLAG: ("Zorgzaam flags", "Yes/no properties of a service."),
}


def check_export(actor) -> None:
    if not sm.can_manage(actor):
        deny()


# --- database -> neutral ---------------------------------------------------------------------------


def _time(t) -> str:
    return t.strftime("%H:%M")


def neutral_service(s: Service) -> dict:
    return {
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
        "extra": s.hsds_extra or {},
        "updated_at": s.updated_at,
    }


def service_queryset(network, *, public: bool = False):
    qs = Service.objects.filter(organisation__network=network)
    if public:
        qs = qs.filter(active=True)  # as the public neighbourhood pages decide (services.public_services)
    return qs.prefetch_related("categories", "target_groups", "areas", "languages", "schedules").order_by(
        "name", "hsds_id"
    )


def profiles_for(orgs) -> dict:
    profiles = {p.organisation_id: p for p in OrganisationProfile.objects.filter(organisation__in=orgs)}
    missing = [OrganisationProfile(organisation=o) for o in orgs if o.pk not in profiles]
    if missing:
        OrganisationProfile.objects.bulk_create(missing)
        profiles.update({p.organisation_id: p for p in missing})
    return profiles


def neutral_org(o: Organisation, profile: OrganisationProfile, services: list[dict]) -> dict:
    return {
        "id": str(profile.hsds_id),
        "name": o.name,
        "description": o.description,
        "email": o.email,
        "phone": o.phone,
        "website": o.website,
        "kind": o.kind,
        "address": o.address,
        "latitude": o.latitude,
        "longitude": o.longitude,
        "services": services,
        "extra": profile.hsds_extra or {},
        "updated_at": o.updated_at,
    }


def neutral_export(network, *, public: bool = False) -> list[dict]:
    """The network's organisations and services as the neutral structure (sorted, deterministic).
    `public`: only active services, and only organisations that offer one."""
    by_org: dict[int, list] = {}
    for s in service_queryset(network, public=public):
        by_org.setdefault(s.organisation_id, []).append(neutral_service(s))
    orgs = Organisation.objects.filter(network=network).order_by("name")
    if public:
        orgs = orgs.filter(pk__in=list(by_org))
    orgs = list(orgs)
    profiles = profiles_for(orgs)
    return [neutral_org(o, profiles[o.pk], by_org.get(o.pk, [])) for o in orgs]


# --- neutral -> HSDS 3.0 -------------------------------------------------------------------------


class Context:
    """What records need beyond themselves: the network (province, municipality) and term names."""

    def __init__(self, network):
        self.network = network
        self.municipality = network.municipality or ""
        self.nis_code = network.nis_code or ""
        self._names = None

    def term_names(self) -> dict:
        if self._names is None:
            # Exports do not depend on the reader's language: terms are named in English and Dutch.
            with translation.override("en"):
                names = {(TAX_COST, k): str(v) for k, v in Service.Cost.choices}
                names.update({(TAX_KIND, k): str(v) for k, v in Organisation.Kind.choices})
                names[(TAX_FLAG, FLAG_REFERRALS)] = str(
                    Service._meta.get_field("accepts_referrals").verbose_name
                )
            for c in Category.objects.all():
                names[(TAX_CATEGORY, c.code)] = c.name_en or c.name_nl
            for t in TargetGroup.objects.all():
                names[(TAX_TARGET, t.code)] = t.name_en or t.name_nl
            self._names = names
        return self._names


def taxonomy_json(code: str) -> dict:
    name, description = TAXONOMY_INFO[code]
    return {"id": uid(f"taxonomy/{code}"), "name": name, "description": description, "version": "1"}


def term_json(ctx: Context, taxonomy: str, code: str) -> dict:
    name = ctx.term_names().get((taxonomy, code)) or code
    return {
        "id": uid(f"{taxonomy}/{code}"),
        "code": code,
        "name": name,
        "description": f"{TAXONOMY_INFO[taxonomy][0]}: {name}",
        "taxonomy": taxonomy,
        "taxonomy_id": uid(f"taxonomy/{taxonomy}"),
        # Nested so that the tabular export has the taxonomies.csv row its taxonomy_id points at.
        "taxonomy_detail": taxonomy_json(taxonomy),
    }


def _attribute(ctx: Context, owner_id: str, entity: str, taxonomy: str, code: str) -> dict:
    term = term_json(ctx, taxonomy, code)
    return {
        "id": uid(f"{owner_id}/attribute/{taxonomy}/{code}"),
        "link_id": owner_id,
        "link_entity": entity,
        "taxonomy_term_id": term["id"],
        "taxonomy_term": term,
    }


def _put(d: dict, key: str, value) -> None:
    """Optional fields: only when there is something to say (HSDS 3 omits, never publishes "")."""
    if value not in (None, "", []):
        d[key] = value


def _address(ctx: Context, seed: str, street: str, postcode: str, city: str) -> dict:
    return {
        "id": uid(f"{seed}/address"),
        "address_1": street,
        "city": city or Default(ctx.municipality),
        "state_province": Default(province(ctx.nis_code, postcode)),
        "postal_code": postcode or Default(""),
        "country": Default("BE"),
        "address_type": Default("physical"),
    }


_BE_ADDRESS = re.compile(r"^(?P<street>.+?),\s*(?P<postcode>\d{4})\s+(?P<city>.+)$")


def split_address(address: str) -> tuple[str, str, str]:
    """An organisation's one-line address ("Stationsstraat 40, 9300 Aalst") as street, postcode, city."""
    m = _BE_ADDRESS.match(address or "")
    if m:
        return m["street"].strip(), m["postcode"], m["city"].strip()
    return address or "", "", ""


def _location(ctx: Context, seed: str, lat, lon, address: dict | None, accessibility=()) -> dict:
    loc = {"id": uid(f"{seed}/location"), "location_type": Default("physical")}
    _put(loc, "latitude", lat)
    _put(loc, "longitude", lon)
    if address:
        loc["addresses"] = [address]
    _put(loc, "accessibility", [{"id": uid(f"{seed}/access/{f}"), "description": f} for f in accessibility])
    return loc


def _schedules(sid: str, rows, hours_note: str) -> list[dict]:
    # Days with the same hours share one weekly rule (BYDAY=MO,TH), as HSDS and iCalendar write them.
    groups: dict[tuple, list[int]] = {}
    for w, op, cl in rows:
        groups.setdefault((op, cl), []).append(w)
    out = []
    for (op, cl), days in sorted(groups.items(), key=lambda g: (min(g[1]), g[0])):
        byday = ",".join(DAYS[w] for w in sorted(set(days)))
        # Paired with a source's schedule by days and hours (merge.py), so its spelling of them
        # ("10:00:00") may stay.
        out.append(
            {
                "id": uid(f"{sid}/schedule/{byday}/{op}/{cl}"),
                "freq": Default("WEEKLY"),
                "wkst": Default("MO"),
                "byday": Default(byday),
                "opens_at": Default(op),
                "closes_at": Default(cl),
            }
        )
    if hours_note:
        out.append({"id": uid(f"{sid}/schedule/note"), "description": hours_note})
    return out


def service_core(ctx: Context, s: dict) -> dict:
    """Our own part of an HSDS service (no `hsds_extra` merged in)."""
    sid = s["id"]
    out = {"id": sid, "name": s["name"], "status": "active" if s["active"] else "inactive"}
    _put(out, "description", s["description"])
    _put(out, "url", s["website"])
    _put(out, "email", s["email"])
    _put(out, "fees_description", s["cost_note"])
    _put(out, "assured_date", s["assured_date"])
    _put(out, "phones", [{"id": uid(f"{sid}/phone"), "number": s["phone"]}] if s["phone"] else [])
    _put(out, "schedules", _schedules(sid, s["schedules"], s["hours_note"]))
    _put(out, "service_areas", [{"id": uid(f"{sid}/area/{a}"), "name": a} for a in s["areas"]])
    _put(out, "languages", [{"id": uid(f"{sid}/lang/{c}"), "code": c} for c in s["languages"]])
    attributes = (
        [_attribute(ctx, sid, "service", TAX_CATEGORY, c) for c in s["categories"]]
        + [_attribute(ctx, sid, "service", TAX_TARGET, t) for t in s["target_groups"]]
        + [_attribute(ctx, sid, "service", TAX_COST, s["cost"])]
        + ([_attribute(ctx, sid, "service", TAX_FLAG, FLAG_REFERRALS)] if s["accepts_referrals"] else [])
    )
    out["attributes"] = attributes
    if s["latitude"] is not None or s["address"] or s["accessibility"]:
        address = None
        if s["address"]:
            address = _address(ctx, sid, s["address"], s["postcode"], s["city"])
        loc = _location(ctx, sid, s["latitude"], s["longitude"], address, s["accessibility"])
        out["service_at_locations"] = [{"id": uid(f"{sid}/service_at_location"), "location": loc}]
    return out


def organization_core(ctx: Context, o: dict) -> dict:
    oid = o["id"]
    out = {"id": oid, "name": o["name"], "description": o["description"]}
    _put(out, "email", o["email"])
    _put(out, "website", o["website"])
    _put(out, "phones", [{"id": uid(f"{oid}/phone"), "number": o["phone"]}] if o["phone"] else [])
    if o["address"] or o["latitude"] is not None:
        address = None
        if o["address"]:
            address = _address(ctx, oid, *split_address(o["address"]))
        out["locations"] = [_location(ctx, oid, o["latitude"], o["longitude"], address)]
    out["attributes"] = [_attribute(ctx, oid, "organization", TAX_KIND, o["kind"])]
    return out


def service_json(ctx: Context, s: dict, *, modified: bool = False) -> dict:
    out = merge(service_core(ctx, s), s["extra"])
    if modified and s.get("updated_at"):
        out["last_modified"] = s["updated_at"].isoformat()
    return out


def organization_json(ctx: Context, o: dict, *, services: str = "full") -> dict:
    """services: "full" (nested services), "ids" (only their ids) or "none"."""
    out = merge(organization_core(ctx, o), o["extra"])
    if services == "full":
        out["services"] = [service_json(ctx, s) for s in o["services"]]
    elif services == "ids":
        out["services"] = [{"id": s["id"], "name": s["name"], "status": s_status(s)} for s in o["services"]]
    return out


def s_status(s: dict) -> str:
    return "active" if s["active"] else "inactive"


def to_hsds_json(network, orgs: list[dict]) -> list[dict]:
    ctx = Context(network)
    return [organization_json(ctx, o) for o in orgs]


def export_json(actor) -> str:
    check_export(actor)
    return json.dumps(
        to_hsds_json(actor.network, neutral_export(actor.network)), ensure_ascii=False, indent=2
    )
