"""The Open Referral HSDS 3.0 API, read-only and public, per network: /api/hsds/<network>/...

Paths, query parameters and the paging object follow the pinned official schema/openapi.json. Only what the
public neighbourhood pages show is served: active services and the organisations that offer them.
Social maps are small (hundreds of services), so a request builds the network's records and filters them.
"""

from __future__ import annotations

import datetime as dt
import json
import math

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from zorgzaam.networks.models import Network
from zorgzaam.organisations.models import Organisation
from zorgzaam.socialmap.hsds.common import (
    FLAG_REFERRALS,
    HSDS_VERSION,
    TAX_CATEGORY,
    TAX_COST,
    TAX_FLAG,
    TAX_KIND,
    TAX_TARGET,
)
from zorgzaam.socialmap.hsds.common import uid as _uid
from zorgzaam.socialmap.hsds.export import (
    TAXONOMY_INFO,
    Context,
    neutral_export,
    organization_json,
    service_json,
    taxonomy_json,
    term_json,
)
from zorgzaam.socialmap.models import Category, Service, TargetGroup

OPENAPI_URL = (
    "https://raw.githubusercontent.com/openreferral/specification/"
    "279fd2eb3552c349bf698c07c00cc25f5fc8249b/schema/openapi.json"
)
PER_PAGE = 50
MAX_PER_PAGE = 500
_SCALAR = (str, int, float, bool)


class BadRequest(Exception):
    pass


def _bool(request, name: str) -> bool:
    value = request.GET.get(name, "").strip().lower()
    if value in ("", "false", "0", "no"):
        return False
    if value in ("true", "1", "yes"):
        return True
    raise BadRequest(_("“%(name)s” must be true or false.") % {"name": name})


def _int(request, name: str, default: int, low: int, high: int) -> int:
    value = request.GET.get(name, "").strip()
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        raise BadRequest(_("“%(name)s” must be a whole number.") % {"name": name}) from None
    if not low <= number <= high:
        raise BadRequest(
            _("“%(name)s” must be between %(low)s and %(high)s.") % {"name": name, "low": low, "high": high}
        )
    return number


def _modified_after(request):
    value = request.GET.get("modified_after", "").strip()
    if not value:
        return None
    try:
        moment = parse_datetime(value)
        if moment is None and parse_date(value):
            moment = dt.datetime.combine(parse_date(value), dt.time())
    except ValueError:
        moment = None
    if moment is None:
        raise BadRequest(_("“modified_after” must be a date and time (ISO 8601)."))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment


def _endpoint(view):
    """Every answer is JSON; bad parameters are a 400 that says why, unknown ids a 404."""

    @require_GET
    def wrapped(request, network, **kwargs):
        network = get_object_or_404(Network, slug=network)
        try:
            return view(request, network, **kwargs)
        except BadRequest as exc:
            return JsonResponse({"detail": str(exc)}, status=400)
        except Http404:
            return JsonResponse({"detail": _("Not found.")}, status=404)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _page(request, items: list, make) -> HttpResponse:
    fmt = request.GET.get("format", "json").strip().lower() or "json"
    if fmt == "ndjson":
        # All results, one per line, without paging (as the specification describes the format).
        body = "".join(json.dumps(make(i), ensure_ascii=False) + "\n" for i in items)
        return HttpResponse(body, content_type="application/x-ndjson")
    if fmt != "json":
        raise BadRequest(_("“format” must be json or ndjson."))
    per_page = _int(request, "per_page", PER_PAGE, 1, MAX_PER_PAGE)
    total_pages = math.ceil(len(items) / per_page)
    page = _int(request, "page", 1, 1, max(total_pages, 1))
    contents = [make(i) for i in items[(page - 1) * per_page : page * per_page]]
    return JsonResponse(
        {
            "total_items": len(items),
            "total_pages": total_pages,
            "page_number": page,
            "size": len(contents),
            "first_page": page == 1,
            "last_page": page >= total_pages,
            "empty": not contents,
            "contents": contents,
        },
        json_dumps_params={"ensure_ascii": False},
    )


def _one(data: dict) -> JsonResponse:
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


def _flat(record: dict) -> dict:
    """The one-to-one fields of a record (the *_list schemas)."""
    return {k: v for k, v in record.items() if isinstance(v, _SCALAR)}


def _matches(request, *texts) -> bool:
    q = request.GET.get("search", "").strip().lower()
    return not q or any(q in (t or "").lower() for t in texts)


class _Data:
    """The network's public records, with their HSDS form built once per request."""

    def __init__(self, network):
        self.ctx = Context(network)
        self.orgs = neutral_export(network, public=True)
        self._services = None

    def services(self) -> list[tuple[dict, dict, dict]]:
        """(neutral organisation, neutral service, HSDS service) for every public service."""
        if self._services is None:
            self._services = [
                (o, s, service_json(self.ctx, s, modified=True)) for o in self.orgs for s in o["services"]
            ]
        return self._services

    def org(self, o: dict, services: str = "none") -> dict:
        return organization_json(self.ctx, o, services=services)


def _terms_of(service: dict) -> list[dict]:
    return [
        a["taxonomy_term"] for a in service.get("attributes", []) if isinstance(a.get("taxonomy_term"), dict)
    ]


def _filter_services(request, data: _Data) -> list[tuple[dict, dict, dict]]:
    term_id = request.GET.get("taxonomy_term_id", "").strip()
    taxonomy_id = request.GET.get("taxonomy_id", "").strip()
    org_id = request.GET.get("organization_id", "").strip()
    after = _modified_after(request)
    out = []
    for o, s, full in data.services():
        if not _matches(request, s["name"], s["description"], o["name"]):
            continue
        if org_id and o["id"] != org_id:
            continue
        if after and s["updated_at"] < after:
            continue
        terms = _terms_of(full)
        if term_id and term_id not in {t.get("id") for t in terms}:
            continue
        if taxonomy_id and taxonomy_id not in {t.get("taxonomy_id") for t in terms}:
            continue
        out.append((o, s, full))
    return out


def _service_list_item(o: dict, full: dict) -> dict:
    return {**_flat(full), "organization_id": o["id"]}


@_endpoint
def index(request, network):
    """About this API and its relation to HSDS."""
    return _one({"version": HSDS_VERSION, "openapi_url": OPENAPI_URL})


@_endpoint
def services(request, network):
    data = _Data(network)
    full, minimal = _bool(request, "full"), _bool(request, "minimal")
    found = _filter_services(request, data)

    def make(item):
        o, s, service = item
        if full:
            return service
        if minimal:
            return {k: service[k] for k in ("id", "name", "status", "last_modified") if k in service}
        return _service_list_item(o, service)

    return _page(request, found, make)


@_endpoint
def service(request, network, id):
    data = _Data(network)
    for o, _s, full in data.services():
        if full["id"] == id:
            return _one({**full, "organization": data.org(o)})
    raise Http404


@_endpoint
def organizations(request, network):
    data = _Data(network)
    full, full_service = _bool(request, "full"), _bool(request, "full_service")
    found = [o for o in data.orgs if _matches(request, o["name"], o["description"])]

    def make(o):
        if full or full_service:
            return data.org(o, "full" if full_service else "ids")
        return _flat(data.org(o))

    return _page(request, found, make)


@_endpoint
def organization(request, network, id):
    data = _Data(network)
    for o in data.orgs:
        if o["id"] == id:
            return _one(data.org(o, "full" if _bool(request, "full_service") else "ids"))
    raise Http404


def _service_at_locations(data: _Data, found) -> list[tuple[dict, dict, dict]]:
    out = []
    for o, _s, service in found:
        for sal in service.get("service_at_locations", []):
            if isinstance(sal.get("location"), dict):
                out.append((o, service, sal))
    return out


def _sal_json(o, service, sal, full: bool) -> dict:
    location = sal["location"]
    out = {**sal, "service_id": service["id"], "location_id": location["id"]}
    if full:
        out["service"] = service
    else:
        out["location"] = _flat(location)
        out["service"] = _service_list_item(o, service)
    return out


def _postcodes(sal: dict) -> set:
    return {a.get("postal_code") for a in sal["location"].get("addresses", []) if isinstance(a, dict)}


@_endpoint
def service_at_locations(request, network):
    data = _Data(network)
    full = _bool(request, "full")
    postcode = request.GET.get("postcode", "").strip()
    # `proximity` needs postcode centroids, which Zorgzaam does not have: the postcode itself filters.
    found = [
        item
        for item in _service_at_locations(data, _filter_services(request, data))
        if not postcode or postcode in _postcodes(item[2])
    ]
    return _page(request, found, lambda item: _sal_json(*item, full=full))


@_endpoint
def service_at_location(request, network, id):
    data = _Data(network)
    for o, service, sal in _service_at_locations(data, data.services()):
        if sal["id"] == id:
            return _one(_sal_json(o, service, sal, full=True))
    raise Http404


def _all_terms(ctx: Context) -> list[dict]:
    terms = []
    for c in Category.objects.select_related("parent").order_by("order", "code"):
        term = term_json(ctx, TAX_CATEGORY, c.code)
        if c.parent:
            term["parent_id"] = _uid(f"{TAX_CATEGORY}/{c.parent.code}")
        terms.append(term)
    terms += [term_json(ctx, TAX_TARGET, t.code) for t in TargetGroup.objects.order_by("order", "code")]
    terms += [term_json(ctx, TAX_COST, code) for code, _label in Service.Cost.choices]
    terms += [term_json(ctx, TAX_KIND, code) for code, _label in Organisation.Kind.choices]
    terms.append(term_json(ctx, TAX_FLAG, FLAG_REFERRALS))
    return terms


@_endpoint
def taxonomies(request, network):
    found = [taxonomy_json(code) for code in TAXONOMY_INFO]
    found = [t for t in found if _matches(request, t["name"], t["description"])]
    return _page(request, found, lambda t: t)


@_endpoint
def taxonomy(request, network, id):
    for code in TAXONOMY_INFO:
        if taxonomy_json(code)["id"] == id:
            return _one(taxonomy_json(code))
    raise Http404


@_endpoint
def taxonomy_terms(request, network):
    taxonomy_id = request.GET.get("taxonomy_id", "").strip()
    parent_id = request.GET.get("parent_id", "").strip()
    top_only = _bool(request, "top_only")
    found = [
        t
        for t in _all_terms(Context(network))
        if _matches(request, t["name"], t["description"], t["code"])
        and (not taxonomy_id or t["taxonomy_id"] == taxonomy_id)
        and (not parent_id or t.get("parent_id") == parent_id)
        and (not top_only or "parent_id" not in t)
    ]
    return _page(request, found, lambda t: t)


@_endpoint
def taxonomy_term(request, network, id):
    for t in _all_terms(Context(network)):
        if t["id"] == id:
            return _one(t)
    raise Http404
