"""The care pathway: every rule and permission decision about signals, requests, matches and referrals.

Access follows the relationship (PRODUCT.md):
- a coordinator sees everything of the network;
- a professional sees signals and requests of the areas of their role (no area: all) and what they own;
- a volunteer sees only their own matches, with minimal data (first name; address and phone after accepting);
- partner staff see only referrals addressed to their organisation;
- a resident sees their own requests; a policy viewer only aggregates with small cells suppressed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zorgzaam.audit import kinds
from zorgzaam.audit.services import record
from zorgzaam.care.helper_access import helper_may_read, task_view, task_views  # noqa: F401 - used by views/API
from zorgzaam.care.models import (
    CareSettings,
    Match,
    Referral,
    Request,
    Signal,
    Theme,
    TimelineEntry,
    Urgency,
)
from zorgzaam.care.ordering import urgent_first
from zorgzaam.care.texts import Step, step
from zorgzaam.core.permissions import deny as _deny
from zorgzaam.core.permissions import require as _require
from zorgzaam.notifications.services import notify
from zorgzaam.people.actor import Actor, is_staff
from zorgzaam.people.models import Person, Role, RoleAssignment
from zorgzaam.people.services import STAFF_ROLES

SIGNAL_CREATED = kinds.register("care.signal_created", gettext_lazy("Signal recorded"))
SIGNAL_VIEWED = kinds.register("care.signal_viewed", gettext_lazy("Signal viewed"))
SIGNAL_LINKED = kinds.register("care.signal_linked", gettext_lazy("Signal linked to a person"))
SIGNAL_CLOSED = kinds.register("care.signal_closed", gettext_lazy("Signal closed"))
REQUEST_CREATED = kinds.register("care.request_created", gettext_lazy("Request created"))
REQUEST_VIEWED = kinds.register("care.request_viewed", gettext_lazy("Request viewed"))
REQUEST_CHANGED = kinds.register("care.request_changed", gettext_lazy("Request changed"))
MATCH_CHANGED = kinds.register("care.match_changed", gettext_lazy("Match changed"))
REFERRAL_CHANGED = kinds.register("care.referral_changed", gettext_lazy("Referral changed"))
SETTINGS_CHANGED = kinds.register("care.settings_changed", gettext_lazy("Care pathway settings changed"))
POLICY_TAGGED = kinds.register("care.policy_tagged", gettext_lazy("Tagged as structural bottleneck"))

S = Request.Status

# The request state machine: from -> allowed targets. Matched and referred may both happen
# (joint follow-up); a declined helper sends the request back to triaged for the owner.
TRANSITIONS: dict[str, set[str]] = {
    S.NEW: {S.TRIAGED, S.WITHDRAWN},
    S.TRIAGED: {S.MATCHED, S.REFERRED, S.CLOSED, S.WITHDRAWN},
    S.MATCHED: {S.REFERRED, S.IN_PROGRESS, S.TRIAGED, S.CLOSED, S.WITHDRAWN},
    S.REFERRED: {S.MATCHED, S.IN_PROGRESS, S.TRIAGED, S.CLOSED, S.WITHDRAWN},
    S.IN_PROGRESS: {S.TRIAGED, S.CLOSED, S.WITHDRAWN},
    S.CLOSED: set(),
    S.WITHDRAWN: set(),
}

M = Match.State
MATCH_TRANSITIONS: dict[str, set[str]] = {
    M.PROPOSED: {M.ACCEPTED, M.DECLINED, M.TOO_HEAVY, M.CANCELLED},
    M.ACCEPTED: {M.IN_PROGRESS, M.DONE, M.TOO_HEAVY, M.CANCELLED},
    M.IN_PROGRESS: {M.DONE, M.TOO_HEAVY, M.CANCELLED},
    M.DONE: set(),
    M.DECLINED: set(),
    M.TOO_HEAVY: set(),
    M.CANCELLED: set(),
}

R = Referral.Status
REFERRAL_TRANSITIONS: dict[str, set[str]] = {
    R.SENT: {R.ACCEPTED, R.DECLINED, R.INFO_REQUESTED, R.CLOSED},
    R.INFO_REQUESTED: {R.SENT, R.ACCEPTED, R.DECLINED, R.CLOSED},
    R.ACCEPTED: {R.CLOSED},
    R.DECLINED: set(),
    R.CLOSED: set(),
}


def _same_network(actor: Actor, obj) -> bool:
    return actor.network is not None and actor.is_authenticated and obj.network_id == actor.network.pk


def settings_for(network) -> CareSettings:
    obj = CareSettings.objects.filter(network=network).first()
    return obj or CareSettings(network=network)


# --- themes --------------------------------------------------------------------------------------


def themes_for(network) -> QuerySet[Theme]:
    return Theme.objects.filter(Q(network__isnull=True) | Q(network=network))


def resolve_themes(network, themes: Iterable) -> list[Theme]:
    """Theme objects or codes (or ids) -> Theme list; unknown or foreign themes are refused."""
    themes = list(themes or ())
    if not themes:
        return []
    available = list(themes_for(network))
    by_code = {t.code: t for t in available}
    by_pk = {t.pk: t for t in available}
    if any(isinstance(t, str) and t not in by_code for t in themes):
        from zorgzaam.care.themes import ensure_themes

        ensure_themes()  # a fresh database (e.g. flushed between browser tests) has none yet
        available = list(themes_for(network))
        by_code = {t.code: t for t in available}
        by_pk = {t.pk: t for t in available}
    out = []
    for t in themes:
        found = (
            by_pk.get(t.pk)
            if isinstance(t, Theme)
            else by_code.get(t)
            if isinstance(t, str)
            else by_pk.get(t)
        )
        if found is None:
            raise ValidationError({"themes": _("Unknown theme.")})
        if found not in out:
            out.append(found)
    return out


# --- who may see and do what --------------------------------------------------------------------


def can_record_signal(actor: Actor) -> bool:
    # Anyone of the network with a role may raise a worry ("zorgzame buur meldt"), residents too; a
    # policy viewer only reads figures. Without an account: the public form (care/worry.py).
    return (
        actor.network is not None
        and actor.is_authenticated
        and actor.has_role(Role.COORDINATOR, Role.PROFESSIONAL, Role.VOLUNTEER, Role.PARTNER, Role.RESIDENT)
    )


def visible_signals(actor: Actor) -> QuerySet[Signal]:
    if actor.network is None or not actor.is_authenticated:
        return Signal.objects.none()
    qs = Signal.objects.filter(network=actor.network)
    if is_staff(actor):
        return qs.filter(actor.area_q("area") | Q(reported_by=actor.user))
    # Someone who reported a signal may read back what they wrote, nothing more.
    return qs.filter(reported_by=actor.user)


def can_manage_signal(actor: Actor, signal: Signal) -> bool:
    if not _same_network(actor, signal) or not is_staff(actor):
        return False
    return actor.covers_area(signal.area_id)


def visible_requests(actor: Actor) -> QuerySet[Request]:
    if actor.network is None or not actor.is_authenticated:
        return Request.objects.none()
    qs = Request.objects.filter(network=actor.network)
    if is_staff(actor):
        area_q = actor.area_q("area")
        if actor.person is not None:
            area_q |= Q(owner=actor.person)
        return qs.filter(area_q)
    own = Q(pk__in=[])
    if actor.person is not None:
        own |= Q(person=actor.person)
    if actor.on_behalf_of is not None:
        own |= Q(person=actor.on_behalf_of)
    return qs.filter(own)


def can_view_request(actor: Actor, req: Request) -> bool:
    if not _same_network(actor, req):
        return False
    return visible_requests(actor).filter(pk=req.pk).exists()


def can_manage_request(actor: Actor, req: Request) -> bool:
    """Triage, assign, refer, close: staff who cover the request."""
    if not _same_network(actor, req) or not is_staff(actor):
        return False
    if actor.person is not None and req.owner_id == actor.person.pk:
        return True
    return actor.covers_area(req.area_id)


def is_own_request(actor: Actor, req: Request) -> bool:
    ids = {p.pk for p in (actor.person, actor.on_behalf_of) if p is not None}
    return _same_network(actor, req) and req.person_id in ids


def can_create_request_for(actor: Actor, person: Person) -> bool:
    if actor.network is None or person.network_id != actor.network.pk or person.anonymised_at:
        return False
    if actor.person is not None and actor.person.pk == person.pk and actor.on_behalf_of is None:
        return True  # a resident asking online for themselves
    if actor.on_behalf_of is not None and actor.on_behalf_of.pk == person.pk:
        return True  # assisted use (the session was checked by can_act_for)
    if not is_staff(actor):
        return False
    from zorgzaam.people.services import can_view_person

    return can_view_person(actor, person)


def request_for_manage(actor: Actor, request_id: int, *, lock: bool = False) -> Request:
    qs = Request.objects.filter(pk=request_id)
    if lock:
        qs = qs.select_for_update()
    req = qs.first()
    if req is None or not can_manage_request(actor, req):
        _deny()
    return req


def get_request(actor: Actor, request_id: int, *, log_view: bool = True) -> Request:
    req = (
        Request.objects.filter(pk=request_id)
        .select_related("person", "area", "owner", "signal", "network", "policy_theme")
        .prefetch_related("themes", "needs")
        .first()
    )
    if req is None or not can_view_request(actor, req):
        _deny()
    if log_view:
        record(actor, REQUEST_VIEWED, subject=req.person, obj=req)
    return req


def get_signal(actor: Actor, signal_id: int, *, log_view: bool = True) -> Signal:
    sig = (
        Signal.objects.filter(pk=signal_id)
        .select_related("person", "area", "reported_by", "suggested_person", "policy_theme")
        .prefetch_related("themes")
        .first()
    )
    if sig is None or not _same_network(actor, sig) or not visible_signals(actor).filter(pk=sig.pk).exists():
        _deny()
    if log_view:
        record(actor, SIGNAL_VIEWED, subject=sig.person, obj=sig)
    return sig


# --- notifications ------------------------------------------------------------------------------


def coach_users(network, area=None) -> list:
    """Users to tell about something in `area`: professionals of that area (or network-wide);
    coordinators when no professional covers it."""
    roles = RoleAssignment.objects.filter(
        person__network=network, active=True, person__user__isnull=False, person__anonymised_at__isnull=True
    ).select_related("person__user")
    pros = roles.filter(role=Role.PROFESSIONAL)
    pros = (
        pros.filter(Q(area__isnull=True) | Q(area=area))
        if area is not None
        else pros.filter(area__isnull=True)
    )
    users = {r.person.user for r in pros}
    if not users:
        users = {r.person.user for r in roles.filter(role=Role.COORDINATOR)}
    return sorted(users, key=lambda u: u.pk)


def _notify_person(person, *, kind: str, params: dict | None = None, network=None) -> None:
    """Kinds and their texts: care/texts.py (rendered in the recipient's language)."""
    if person is not None and person.user_id:
        notify(person.user, kind=kind, params=params, network=network or person.network)


def notify_owner(req: Request, *, kind: str, params: dict | None = None) -> None:
    params = {"request": req.pk, **(params or {})}
    if req.owner_id:
        _notify_person(req.owner, kind=kind, params=params)
    else:
        for user in coach_users(req.network, req.area):
            notify(user, kind=kind, params=params, network=req.network)


# --- signals -------------------------------------------------------------------------------------

_NON_WORD = re.compile(r"[^\w]+")


def _norm(text: str) -> str:
    return " ".join(_NON_WORD.sub(" ", (text or "").lower()).split())


def find_person_at_address(network, address_text: str) -> Person | None:
    """A known person whose street and house number both appear in `address_text` (None if none or
    several: an ambiguous address is left for a human to link)."""
    text = f" {_norm(address_text)} "
    if len(text.strip()) < 3:
        return None
    words = [w for w in text.split() if len(w) >= 3 and not w.isdigit()]
    if not words:
        return None
    q = Q()
    for w in words:
        q |= Q(street__icontains=w)
    found = []
    candidates = (
        Person.objects.filter(network=network, anonymised_at__isnull=True).exclude(street="").filter(q)
    )
    for p in candidates.only("pk", "street", "house_number")[:500]:
        street = _norm(p.street)
        number = _norm(p.house_number)
        if street and f" {street} " in text and (not number or f" {number} " in text):
            found.append(p)
    return found[0] if len(found) == 1 else None


def _validate_urgency(urgency: str, errors: dict) -> None:
    if urgency not in Urgency.values:
        errors["urgency"] = _("Unknown urgency.")


def record_signal(actor: Actor, **fields) -> Signal:
    """Record a worry: staff, volunteers, partner staff and residents (see can_record_signal). The
    public form without an account goes through care/worry.py, which stores it the same way."""
    _require(can_record_signal(actor))
    return store_signal(actor, **fields)


@transaction.atomic
def store_signal(
    actor: Actor,
    *,
    person=None,
    description: str = "",
    address_text: str = "",
    description_of_person: str = "",
    themes=(),
    urgency: str = "normal",
    consent_status: str = "given",
    consent_reason: str = "",
    source: str = "professional",
    area=None,
) -> Signal:
    """Record a worry. Links it to the person's other open signals and requests (never creating a
    duplicate person), offers a known person at the same address, and tells the area's coach(es).
    The caller has checked who may report."""
    errors: dict = {}
    description = (description or "").strip()
    address_text = (address_text or "").strip()
    description_of_person = (description_of_person or "").strip()
    consent_reason = (consent_reason or "").strip()
    if not description:
        errors["description"] = _("Describe what was noticed.")
    if person is not None:
        if person.network_id != actor.network.pk or person.anonymised_at:
            errors["person"] = _("Unknown person.")
    elif not address_text and not description_of_person:
        errors["address_text"] = _("Name the person, or give an address or a description.")
    _validate_urgency(urgency, errors)
    if source not in Signal.Source.values:
        errors["source"] = _("Unknown source.")
    if consent_status not in Signal.ConsentStatus.values:
        errors["consent_status"] = _("Unknown consent answer.")
    elif consent_status == Signal.ConsentStatus.NOT_POSSIBLE and not consent_reason:
        errors["consent_reason"] = _("Say why consent could not be asked.")
    if area is not None and area.network_id != actor.network.pk:
        errors["area"] = _("This area belongs to another network.")
    try:
        theme_objs = resolve_themes(actor.network, themes)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if len(description) > 5000:
        errors["description"] = _("Keep it shorter (at most 5000 characters).")
    if len(address_text) > 250:
        errors["address_text"] = _("Keep it shorter (at most 250 characters).")
    if len(description_of_person) > 300:
        errors["description_of_person"] = _("Keep it shorter (at most 300 characters).")
    if len(consent_reason) > 300:
        errors["consent_reason"] = _("Keep it shorter (at most 300 characters).")
    if errors:
        raise ValidationError(errors)

    suggested = None
    if person is None and address_text:
        suggested = find_person_at_address(actor.network, address_text)
    if area is None:
        area = person.area if person is not None else (suggested.area if suggested else None)
    signal = Signal.objects.create(
        network=actor.network,
        person=person,
        suggested_person=suggested,
        address_text=address_text,
        description_of_person=description_of_person,
        urgency=urgency,
        description=description,
        source=source,
        consent_status=consent_status,
        consent_reason=consent_reason,
        reported_by=actor.user,
        area=area,
    )
    signal.themes.set(theme_objs)
    record(
        actor,
        SIGNAL_CREATED,
        subject=person,
        obj=signal,
        data={"urgency": urgency, "source": source, "themes": [t.code for t in theme_objs]},
    )
    if person is not None:
        _link_to_open_requests(actor, signal)
    for user in coach_users(actor.network, area):
        if user != actor.user:
            notify(
                user,
                kind="care.signal",
                params={"signal": signal.pk, "urgency": signal.urgency},
                network=actor.network,
            )
    return signal


def _link_to_open_requests(actor: Actor, signal: Signal) -> None:
    """A new signal about someone with open requests appears on those timelines (their owner is told)."""
    open_requests = Request.objects.filter(person=signal.person, network=signal.network).exclude(
        status__in=[S.CLOSED, S.WITHDRAWN]
    )
    for req in open_requests.select_related("owner__user", "network", "area"):
        timeline_step(req, actor, "signal_linked", step("care.signal_linked", id=signal.pk))
        notify_owner(req, kind="care.signal_linked")


def other_signals(actor: Actor, signal: Signal) -> QuerySet[Signal]:
    """Other signals of the same person (visible to this actor)."""
    if signal.person_id is None:
        return Signal.objects.none()
    return (
        visible_signals(actor)
        .filter(person_id=signal.person_id)
        .exclude(pk=signal.pk)
        .select_related("area")
        .prefetch_related("themes")
    )


@transaction.atomic
def link_signal_person(actor: Actor, signal: Signal, person: Person) -> Signal:
    """Confirm who an unidentified signal is about (usually the suggested person at that address)."""
    signal = Signal.objects.select_for_update().get(pk=signal.pk)
    _require(can_manage_signal(actor, signal))
    if person.network_id != signal.network_id or person.anonymised_at:
        raise ValidationError({"person": _("Unknown person.")})
    if signal.person_id is not None:
        raise ValidationError({"person": _("This signal is already linked to a person.")})
    signal.person = person
    signal.suggested_person = None
    if signal.area_id is None:
        signal.area = person.area
    signal.save(update_fields=["person", "suggested_person", "area", "updated_at"])
    record(actor, SIGNAL_LINKED, subject=person, obj=signal)
    _link_to_open_requests(actor, signal)
    return signal


@transaction.atomic
def close_signal(actor: Actor, signal: Signal, *, note: str = "") -> Signal:
    signal = Signal.objects.select_for_update().get(pk=signal.pk)
    _require(can_manage_signal(actor, signal))
    if signal.status != Signal.Status.OPEN:
        raise ValidationError({"status": _("Only an open signal can be closed.")})
    signal.status = Signal.Status.CLOSED
    signal.save(update_fields=["status", "updated_at"])
    record(actor, SIGNAL_CLOSED, subject=signal.person, obj=signal)
    return signal


# --- requests ------------------------------------------------------------------------------------


def timeline_step(
    req: Request, actor: Actor | None, what: str, text: Step | str = "", note: str = ""
) -> TimelineEntry:
    """`text`: a Step (kind + parameters, rendered in each reader's language: care/texts.py). A plain
    string is stored as legacy text, in the language of whoever acted."""
    if isinstance(text, Step):
        sentence = {"kind": text.kind, "params": text.params}
    else:
        sentence = {"text": str(text)[:300]}
    entry = TimelineEntry.objects.create(
        request=req, actor=getattr(actor, "user", None), what=what, note=note, **sentence
    )
    Request.objects.filter(pk=req.pk).update(last_activity_at=timezone.now(), reminded_at=None)
    return entry


def _validate_request_fields(network, *, description, urgency, area, owner, errors) -> None:
    if not (description or "").strip():
        errors["description"] = _("Describe the question.")
    elif len(description) > 5000:
        errors["description"] = _("Keep it shorter (at most 5000 characters).")
    _validate_urgency(urgency, errors)
    if area is not None and area.network_id != network.pk:
        errors["area"] = _("This area belongs to another network.")
    if owner is not None and (
        owner.network_id != network.pk or not owner.roles.filter(active=True, role__in=STAFF_ROLES).exists()
    ):
        errors["owner"] = _("Choose a professional of this network.")


def _resolve_needs(network, needs) -> list:
    from zorgzaam.people.models import Tag

    out = []
    for n in needs or ():
        tag = (
            n
            if isinstance(n, Tag)
            else Tag.objects.filter(Q(pk=n) if str(n).isdigit() else Q(code=n))
            .filter(Q(network__isnull=True) | Q(network=network))
            .first()
        )
        if tag is None or tag.network_id not in (None, network.pk):
            raise ValidationError({"needs": _("Unknown kind of help.")})
        out.append(tag)
    return out


@transaction.atomic
def create_request(
    actor: Actor,
    *,
    person: Person,
    description: str,
    themes=(),
    needs=(),
    origin: str | None = None,
    signal: Signal | None = None,
    needs_screened_helper: bool = False,
    urgency: str = "normal",
    owner: Person | None = None,
    area=None,
) -> Request:
    """A request for `person`: online by the resident, or taken by staff (phone, desk, a signal)."""
    _require(can_create_request_for(actor, person))
    staff = is_staff(actor)
    self_service = actor.person is not None and actor.person.pk == person.pk and actor.on_behalf_of is None
    errors: dict = {}
    if origin is None:
        origin = (
            Request.Origin.SIGNAL
            if signal
            else (Request.Origin.ONLINE if self_service else Request.Origin.DESK)
        )
    if origin not in Request.Origin.values:
        errors["origin"] = _("Unknown origin.")
    if not staff:
        # Residents (and assistants without a staff role) cannot steer follow-up.
        owner = None
        signal = None
        if self_service:
            origin = Request.Origin.ONLINE
        elif origin in (Request.Origin.SIGNAL, Request.Origin.ONLINE):
            origin = Request.Origin.DESK
    if signal is not None:
        if signal.network_id != actor.network.pk or not can_manage_signal(actor, signal):
            _deny()
        if signal.person_id not in (None, person.pk):
            errors["signal"] = _("This signal is about someone else.")
        elif signal.status != Signal.Status.OPEN:
            errors["signal"] = _("This signal has already been handled.")
    elif origin == Request.Origin.SIGNAL:
        errors["signal"] = _("Choose the signal this request comes from.")
    area = area or person.area
    _validate_request_fields(
        actor.network, description=description, urgency=urgency, area=area, owner=owner, errors=errors
    )
    try:
        theme_objs = resolve_themes(actor.network, themes)
    except ValidationError as exc:
        errors.update(exc.message_dict)
        theme_objs = []
    try:
        need_objs = _resolve_needs(actor.network, needs)
    except ValidationError as exc:
        errors.update(exc.message_dict)
        need_objs = []
    if errors:
        raise ValidationError(errors)
    if owner is None and staff and actor.person is not None and not actor.is_coordinator():
        owner = actor.person  # the professional who takes it in follows it up unless told otherwise
    req = Request.objects.create(
        network=actor.network,
        person=person,
        area=area,
        origin=origin,
        signal=signal,
        description=description.strip(),
        needs_screened_helper=bool(needs_screened_helper),
        urgency=urgency,
        owner=owner,
        created_by=actor.user,
        on_behalf=not self_service,
    )
    req.themes.set(theme_objs or (list(signal.themes.all()) if signal else []))
    req.needs.set(need_objs)
    if signal is not None:
        Signal.objects.filter(pk=signal.pk).update(status=Signal.Status.REQUEST, person=person)
    if self_service:
        text = step("care.asked_online")
    elif actor.on_behalf_of is not None:
        text = step("care.created_on_behalf")
    else:
        text = step("care.created", origin=req.origin)
    timeline_step(req, actor, "created", text)
    record(
        actor, REQUEST_CREATED, subject=person, obj=req, data={"origin": origin, "on_behalf": req.on_behalf}
    )
    if owner is not None and owner.user_id != getattr(actor.user, "pk", None):
        _notify_person(owner, kind="care.request_assigned", params={"request": req.pk})
    elif owner is None:
        for user in coach_users(actor.network, area):
            if user != actor.user:
                notify(user, kind="care.request_new", params={"request": req.pk}, network=actor.network)
    return req


def request_from_signal(actor: Actor, signal: Signal, *, person: Person | None = None, **kwargs) -> Request:
    """Turn a signal into a request; the person must be known by then."""
    person = person or signal.person
    if person is None:
        raise ValidationError({"person": _("Link the signal to a person first.")})
    kwargs.setdefault("description", signal.description)
    kwargs.setdefault("urgency", signal.urgency)
    return create_request(actor, person=person, signal=signal, origin=Request.Origin.SIGNAL, **kwargs)


def set_status(actor: Actor, req: Request, target: str, text: Step | str = "", note: str = "") -> Request:
    if target not in TRANSITIONS.get(req.status, set()):
        raise ValidationError(
            {
                "status": _("A request that is '%(from)s' cannot become '%(to)s'.")
                % {"from": S(req.status).label, "to": S(target).label if target in S.values else target}
            }
        )
    before = req.status
    req.status = target
    if target in (S.CLOSED, S.WITHDRAWN):
        req.closed_at = timezone.now()
    req.save()
    timeline_step(req, actor, f"status:{target}", text or step("care.status", s=target), note)
    record(actor, REQUEST_CHANGED, subject=req.person, obj=req, data={"from": before, "to": target})
    return req


@transaction.atomic
def triage(
    actor: Actor,
    req: Request,
    *,
    owner: Person | None = None,
    themes=None,
    needs=None,
    needs_screened_helper: bool | None = None,
    urgency: str | None = None,
    note: str = "",
) -> Request:
    req = request_for_manage(actor, req.pk, lock=True)
    errors: dict = {}
    _validate_request_fields(
        actor.network,
        description=req.description,
        urgency=urgency or req.urgency,
        area=req.area,
        owner=owner,
        errors=errors,
    )
    theme_objs = need_objs = None
    try:
        if themes is not None:
            theme_objs = resolve_themes(actor.network, themes)
        if needs is not None:
            need_objs = _resolve_needs(actor.network, needs)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if req.status != S.NEW:
        errors["status"] = _("Only a new request can be assessed.")
    if errors:
        raise ValidationError(errors)
    if owner is not None:
        req.owner = owner
    elif req.owner_id is None and actor.person is not None:
        req.owner = actor.person
    if urgency:
        req.urgency = urgency
    if needs_screened_helper is not None:
        req.needs_screened_helper = needs_screened_helper
    set_status(actor, req, S.TRIAGED, step("care.assessed"), note)
    if theme_objs is not None:
        req.themes.set(theme_objs)
    if need_objs is not None:
        req.needs.set(need_objs)
    if req.owner_id and req.owner.user_id != getattr(actor.user, "pk", None):
        _notify_person(req.owner, kind="care.request_assigned", params={"request": req.pk})
    return req


@transaction.atomic
def set_owner(actor: Actor, req: Request, owner: Person, *, note: str = "") -> Request:
    req = request_for_manage(actor, req.pk, lock=True)
    errors: dict = {}
    _validate_request_fields(
        actor.network,
        description=req.description,
        urgency=req.urgency,
        area=req.area,
        owner=owner,
        errors=errors,
    )
    if not req.is_open:
        errors["status"] = _("This request is closed.")
    if errors:
        raise ValidationError(errors)
    req.owner = owner
    req.save(update_fields=["owner", "updated_at"])
    timeline_step(req, actor, "owner", step("care.handed_over", name=owner.full_name, person=owner.pk), note)
    record(actor, REQUEST_CHANGED, subject=req.person, obj=req, data={"owner": owner.pk})
    _notify_person(owner, kind="care.request_assigned", params={"request": req.pk})
    return req


@transaction.atomic
def add_note(actor: Actor, req: Request, note: str) -> TimelineEntry:
    req = request_for_manage(actor, req.pk, lock=True)
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Write a note.")})
    entry = timeline_step(req, actor, "note", step("care.note"), note)
    record(actor, REQUEST_CHANGED, subject=req.person, obj=req, data={"note": True})
    return entry


@transaction.atomic
def start_request(actor: Actor, req: Request, *, note: str = "") -> Request:
    req = request_for_manage(actor, req.pk, lock=True)
    return set_status(actor, req, S.IN_PROGRESS, step("care.under_way"), note)


@transaction.atomic
def close_request(
    actor: Actor,
    req: Request,
    *,
    outcome: str,
    outcome_note: str = "",
    resident_verdict: int | None = None,
    resident_verdict_note: str = "",
) -> Request:
    req = request_for_manage(actor, req.pk, lock=True)
    errors: dict = {}
    if outcome not in Request.Outcome.values:
        errors["outcome"] = _("Choose how it went.")
    if resident_verdict is not None and resident_verdict not in Request.Verdict.values:
        errors["resident_verdict"] = _("Choose one of the answers.")
    if len(resident_verdict_note or "") > 500:
        errors["resident_verdict_note"] = _("Keep it shorter (at most 500 characters).")
    if req.matches.filter(state__in=Match.ACTIVE).exists():
        errors["status"] = _("Finish or cancel the helper's task first.")
    if errors:
        raise ValidationError(errors)
    req.outcome = outcome
    req.outcome_note = outcome_note or ""
    req.resident_verdict = resident_verdict
    req.resident_verdict_note = resident_verdict_note or ""
    set_status(actor, req, S.CLOSED, step("care.closed", o=outcome))
    req.referrals.filter(status__in=Referral.ACTIVE).update(status=R.CLOSED, updated_at=timezone.now())
    return req


@transaction.atomic
def withdraw_request(actor: Actor, req: Request, *, note: str = "") -> Request:
    """The resident (or staff for them) withdraws: open helper tasks and referrals are cancelled."""
    locked = Request.objects.select_for_update().filter(pk=req.pk).first()
    if locked is None or not (can_manage_request(actor, locked) or is_own_request(actor, locked)):
        _deny()
    req = locked
    set_status(actor, req, S.WITHDRAWN, step("care.withdrawn"), note)
    for m in req.matches.filter(state__in=Match.ACTIVE).select_related("helper__user"):
        m.state = M.CANCELLED
        m.ended_at = timezone.now()
        m.save(update_fields=["state", "ended_at", "updated_at"])
        _notify_person(m.helper, kind="care.match_cancelled")
    req.referrals.filter(status__in=Referral.ACTIVE).update(status=R.CLOSED, updated_at=timezone.now())
    if not can_manage_request(actor, req):
        notify_owner(req, kind="care.request_withdrawn")
    return req


def timeline_of(actor: Actor, req: Request) -> QuerySet[TimelineEntry]:
    _require(can_manage_request(actor, req) or is_own_request(actor, req))
    return req.timeline.select_related("actor")


def search_requests(actor: Actor, *, status: str = "", area=None, theme=None, owner=None, q: str = ""):
    qs = visible_requests(actor).select_related("person", "area", "owner").prefetch_related("themes")
    if status == "open":
        qs = qs.exclude(status__in=[S.CLOSED, S.WITHDRAWN])
    elif status:
        qs = qs.filter(status=status)
    if area:
        qs = qs.filter(area_id=getattr(area, "pk", area))
    if theme:
        qs = qs.filter(_has_theme(Request, theme))
    if owner:
        qs = qs.filter(owner_id=getattr(owner, "pk", owner))
    if q:
        for word in q.split():
            qs = qs.filter(Q(person__first_name__icontains=word) | Q(person__last_name__icontains=word))
    return urgent_first(qs)  # work order: care/ordering.py


def _has_theme(model, theme) -> Exists:
    """EXISTS instead of a join + DISTINCT over every column (which sorted whole tables per page)."""
    through = model.themes.through
    return Exists(
        through.objects.filter(
            **{f"{model._meta.model_name}_id": OuterRef("pk")}, theme_id=getattr(theme, "pk", theme)
        )
    )


def search_signals(actor: Actor, *, status: str = "", area=None, theme=None, urgency: str = ""):
    qs = visible_signals(actor).select_related("person", "area").prefetch_related("themes")
    if status:
        qs = qs.filter(status=status)
    if area:
        qs = qs.filter(area_id=getattr(area, "pk", area))
    if theme:
        qs = qs.filter(_has_theme(Signal, theme))
    if urgency:
        qs = qs.filter(urgency=urgency)
    return qs


def is_screened(person: Person, day=None) -> bool:
    """Help inside the home: a valid criminal record extract AND insurance today."""
    from zorgzaam.volunteers.models import SafeguardingRecord

    day = day or timezone.localdate()
    kinds_ok = {
        r.kind
        for r in SafeguardingRecord.objects.filter(person=person, kind__in=["criminal_record", "insurance"])
        if r.is_valid_on(day)
    }
    return kinds_ok == {"criminal_record", "insurance"}


# --- matches -------------------------------------------------------------------------------------


@transaction.atomic
def propose_match(
    actor: Actor, req: Request, helper: Person, *, score: float | None = None, note: str = ""
) -> Match:
    """Propose a helper. The request row is locked and the database allows one active match per
    request, so two coordinators confirming at once never produce a double assignment."""
    req = request_for_manage(actor, req.pk, lock=True)
    errors: dict = {}
    if helper.network_id != req.network_id or helper.anonymised_at:
        errors["helper"] = _("Unknown helper.")
    elif helper.pk == req.person_id:
        errors["helper"] = _("Someone cannot be their own helper.")
    if req.status not in (S.TRIAGED, S.REFERRED, S.IN_PROGRESS, S.MATCHED):
        errors["status"] = _("Assess the request before proposing a helper.")
    if req.matches.filter(state__in=Match.ACTIVE).exists():
        errors["helper"] = _("This request already has a helper. Cancel that task first.")
    if not errors and req.needs_screened_helper and not is_screened(helper):
        errors["helper"] = _("Help inside the home needs a helper with a valid extract and insurance.")
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            match = Match.objects.create(request=req, helper=helper, score=score, proposed_by=actor.user)
    except IntegrityError:
        raise ValidationError({"helper": _("This request already has a helper. Cancel that task first.")})
    proposed = step("care.helper_proposed", name=helper.first_name, person=helper.pk)
    if req.status in (S.TRIAGED, S.REFERRED):
        set_status(actor, req, S.MATCHED, proposed, note)
    else:
        timeline_step(req, actor, "match", proposed, note)
    record(
        actor, MATCH_CHANGED, subject=req.person, obj=match, data={"state": match.state, "helper": helper.pk}
    )
    _notify_person(helper, kind="care.match_proposed")
    return match


def _match_for_helper(actor: Actor, match_id: int) -> Match:
    from zorgzaam.care.on_behalf import acts_as_helper

    match = Match.objects.select_for_update().filter(pk=match_id).first()
    if match is None or not acts_as_helper(actor, match):
        _deny()
    return match


def _match_step(actor: Actor, match: Match, target: str, text: Step, note: str = "") -> Match:
    if target not in MATCH_TRANSITIONS.get(match.state, set()):
        raise ValidationError(
            {
                "state": _("A task that is '%(from)s' cannot become '%(to)s'.")
                % {"from": M(match.state).label, "to": M(target).label}
            }
        )
    match.state = target
    if target not in Match.ACTIVE:
        match.ended_at = timezone.now()
    match.save()
    req = (
        Request.objects.select_for_update(of=("self",))
        .select_related("owner__user", "network", "area", "person")
        .get(pk=match.request_id)
    )
    from zorgzaam.care.on_behalf import for_helper_text

    timeline_step(req, actor, f"match:{target}", for_helper_text(actor, match, text), note)
    record(actor, MATCH_CHANGED, subject=req.person, obj=match, data={"state": target})
    return match


def _back_to_owner(actor: Actor, req: Request, reason: Step, *, too_heavy: bool) -> None:
    """The helper stepped out: the request goes back to the professional who follows it up."""
    if (
        req.status in (S.MATCHED, S.IN_PROGRESS)
        and not req.referrals.filter(status__in=Referral.ACTIVE).exists()
    ):
        set_status(actor, req, S.TRIAGED, reason)
    notify_owner(req, kind="care.match_returned", params={"too_heavy": too_heavy})


@transaction.atomic
def accept_match(actor: Actor, match: Match, *, note: str = "") -> Match:
    match = _match_for_helper(actor, match.pk)
    match = _match_step(actor, match, M.ACCEPTED, step("care.helper_accepted"), note)
    req = match.request
    notify_owner(req, kind="care.match_accepted")
    return match


@transaction.atomic
def decline_match(actor: Actor, match: Match, *, too_heavy: bool = False, note: str = "") -> Match:
    match = _match_for_helper(actor, match.pk)
    target = M.TOO_HEAVY if too_heavy else M.DECLINED
    if target == M.DECLINED and match.state != M.PROPOSED:
        target = M.TOO_HEAVY  # after accepting, stepping out is always "too heavy for me"
    match.helper_note = (note or "")[:500]
    reason = step("care.helper_too_heavy") if target == M.TOO_HEAVY else step("care.helper_declined")
    match = _match_step(actor, match, target, reason, note)
    _back_to_owner(actor, match.request, reason, too_heavy=target == M.TOO_HEAVY)
    return match


@transaction.atomic
def start_match(actor: Actor, match: Match, *, note: str = "") -> Match:
    match = _match_for_helper(actor, match.pk)
    match = _match_step(actor, match, M.IN_PROGRESS, step("care.helper_started"), note)
    req = match.request
    if req.status in (S.MATCHED, S.REFERRED):
        set_status(actor, req, S.IN_PROGRESS, step("care.under_way"))
    return match


@transaction.atomic
def finish_match(
    actor: Actor, match: Match, *, rating: int | None = None, feedback: str = "", note: str = ""
) -> Match:
    match = _match_for_helper(actor, match.pk)
    _validate_rating(rating, feedback, "rating")
    if rating is not None:
        match.helper_rating = rating
        match.helper_feedback = feedback or ""
    match = _match_step(actor, match, M.DONE, step("care.helper_finished"), note)
    if match.request.status == S.MATCHED:
        set_status(actor, match.request, S.IN_PROGRESS, step("care.help_given"))
    notify_owner(match.request, kind="care.match_done")
    return match


@transaction.atomic
def cancel_match(actor: Actor, match: Match, *, note: str = "") -> Match:
    match = Match.objects.select_for_update().filter(pk=match.pk).first()
    if match is None:
        _deny()
    req = request_for_manage(actor, match.request_id, lock=True)
    match = _match_step(actor, match, M.CANCELLED, step("care.task_cancelled"))
    if (
        req.status in (S.MATCHED, S.IN_PROGRESS)
        and not req.referrals.filter(status__in=Referral.ACTIVE).exists()
    ):
        set_status(actor, req, S.TRIAGED, step("care.back_to_assessment"), note)
    _notify_person(match.helper, kind="care.match_cancelled")
    return match


def _validate_rating(rating, feedback, field) -> None:
    errors = {}
    if rating is not None and rating not in Match.Rating.values:
        errors[field] = _("Choose one of the answers.")
    if len(feedback or "") > 500:
        errors["feedback"] = _("Keep it shorter (at most 500 characters).")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def give_feedback(actor: Actor, match: Match, *, rating: int, feedback: str = "") -> Match:
    """Feedback after the task: the helper about their side, the resident (or staff for them) theirs."""
    match = Match.objects.select_for_update().select_related("request").filter(pk=match.pk).first()
    if match is None:
        _deny()
    if match.state != M.DONE:
        raise ValidationError({"rating": _("Feedback can be given once the task is done.")})
    if rating is None:
        raise ValidationError({"rating": _("Choose one of the answers.")})
    _validate_rating(rating, feedback, "rating")
    req = match.request
    from zorgzaam.care.on_behalf import acts_as_helper, for_helper_text

    if actor.person is not None and match.helper_id == actor.person.pk and actor.on_behalf_of is None:
        # the helper's feedback window is their reading window: the grace period after finishing
        _require(helper_may_read(match))
        match.helper_rating, match.helper_feedback, side = rating, feedback or "", "helper"
    elif actor.on_behalf_of is not None and acts_as_helper(actor, match):
        # staff write down what the helper said on the phone ("X for Y")
        match.helper_rating, match.helper_feedback, side = rating, feedback or "", "helper"
    elif is_own_request(actor, req) or can_manage_request(actor, req):
        match.resident_rating, match.resident_feedback, side = rating, feedback or "", "resident"
    else:
        _deny()
    match.save()
    text = step("care.feedback_helper") if side == "helper" else step("care.feedback_resident")
    timeline_step(req, actor, "feedback", for_helper_text(actor, match, text) if side == "helper" else text)
    record(actor, MATCH_CHANGED, subject=req.person, obj=match, data={"feedback": side})
    return match


def my_tasks(actor: Actor) -> QuerySet[Match]:
    """The helper's own matches (active first); in assisted use, those of the helper acted for that the
    assistant's staff role covers (acting for a person covers the helper side of every flow)."""
    if actor.on_behalf_of is not None:
        if not is_staff(actor):
            return Match.objects.none()
        helper_q = Q(helper=actor.on_behalf_of, request__in=visible_requests(actor))
    elif actor.person is None:
        return Match.objects.none()
    else:
        helper_q = Q(helper=actor.person)
    return (
        Match.objects.filter(helper_q, request__network=actor.network)
        .select_related("request__person", "request__area")
        .prefetch_related("request__themes")
        .order_by("-updated_at")
    )


def get_task(actor: Actor, match_id: int) -> Match:
    match = my_tasks(actor).filter(pk=match_id).first()
    if match is None:
        _deny()
    return match


# --- referrals -----------------------------------------------------------------------------------


def minimal_share(req: Request) -> dict:
    """The minimum a partner needs to reach the person: name, how to reach them, the question."""
    p = req.person
    return {
        "first_name": p.first_name,
        "last_name": p.last_name,
        "phone": p.phone,
        "address": p.address,
        "themes": [t.code for t in req.themes.all()],
    }


@transaction.atomic
def create_referral(
    actor: Actor, req: Request, *, service=None, organisation=None, message: str = ""
) -> Referral:
    req = request_for_manage(actor, req.pk, lock=True)
    errors: dict = {}
    if service is not None:
        organisation = service.organisation
        if not service.active or not service.accepts_referrals:
            errors["service"] = _("This service does not take referrals.")
    if organisation is None:
        errors["organisation"] = _("Choose a service or organisation.")
    elif organisation.network_id != req.network_id:
        errors["organisation"] = _("This organisation belongs to another network.")
    if not (message or "").strip():
        errors["message"] = _("Write a short message for the partner.")
    if req.status not in (S.TRIAGED, S.MATCHED, S.IN_PROGRESS, S.REFERRED):
        errors["status"] = _("Assess the request before referring.")
    if errors:
        raise ValidationError(errors)
    from zorgzaam.people.services import has_consent

    if not has_consent(req.person, "share", organisation=organisation):
        message = _("%(name)s has not agreed to share their data with %(org)s. Record that consent first.")
        message %= {"name": req.person.first_name, "org": organisation.name}
        # the code lets the page offer the detour to the consent page (care/offline_views.py)
        raise ValidationError({"organisation": ValidationError(message, code="consent_missing")})
    if req.referrals.filter(organisation=organisation, status__in=Referral.ACTIVE).exists():
        raise ValidationError({"organisation": _("There is already an open referral to this organisation.")})
    ref = Referral.objects.create(
        request=req,
        organisation=organisation,
        service=service,
        message=message.strip(),
        shared_data=minimal_share(req),
        sent_by=actor.user,
    )
    if S.REFERRED in TRANSITIONS[req.status]:
        set_status(actor, req, S.REFERRED, step("care.referred", org=organisation.name))
    else:
        timeline_step(req, actor, "referral", step("care.referred", org=organisation.name))
    record(
        actor,
        REFERRAL_CHANGED,
        subject=req.person,
        obj=ref,
        data={"status": ref.status, "organisation": organisation.pk},
    )
    for staff in organisation.staff.filter(
        active=True, role=Role.PARTNER, person__user__isnull=False
    ).select_related("person__user"):
        notify(
            staff.person.user,
            kind="care.referral",
            params={"referral": ref.pk, "org": organisation.name},
            network=req.network,
        )
    return ref


def inbox(actor: Actor) -> QuerySet[Referral]:
    orgs = actor.organisation_ids()
    if actor.network is None or not orgs:
        return Referral.objects.none()
    return Referral.objects.filter(organisation_id__in=orgs, request__network=actor.network).select_related(
        "organisation", "service", "request__area"
    )


def get_inbox_referral(actor: Actor, referral_id: int) -> Referral:
    ref = inbox(actor).filter(pk=referral_id).first()
    if ref is None:
        _deny()
    return ref


@transaction.atomic
def respond_referral(
    actor: Actor, ref: Referral, *, status: str, note: str = "", outcome: str = ""
) -> Referral:
    """Partner staff accept, decline, ask for information or close (with outcome) a referral to their
    organisation; the referring professional closes too, or answers a request for information (-> sent)."""
    ref = Referral.objects.select_for_update().select_related("organisation").filter(pk=ref.pk).first()
    if ref is None:
        _deny()
    req = (
        Request.objects.select_for_update(of=("self",))
        .select_related("person", "owner__user", "network", "area")
        .get(pk=ref.request_id)
    )
    partner = ref.organisation_id in actor.organisation_ids() and _same_network(actor, req)
    staff = can_manage_request(actor, req)
    _require(partner or staff)
    if not partner and status not in (R.CLOSED, R.SENT):
        _deny()
    if partner and status == R.SENT:
        _deny()
    if status not in REFERRAL_TRANSITIONS.get(ref.status, set()):
        raise ValidationError(
            {
                "status": _("A referral that is '%(from)s' cannot become '%(to)s'.")
                % {"from": R(ref.status).label, "to": R(status).label if status in R.values else status}
            }
        )
    if status == R.CLOSED and not (outcome or "").strip():
        raise ValidationError({"outcome": _("Say briefly how it ended.")})
    if status in (R.DECLINED, R.INFO_REQUESTED) and not (note or "").strip():
        raise ValidationError({"note": _("Add a short explanation.")})
    ref.status = status
    if note:
        ref.partner_note = note if partner else ref.partner_note
    if outcome:
        ref.outcome = outcome[:300]
    ref.save()
    timeline_step(
        req,
        actor,
        f"referral:{status}",
        step("care.referral_status", org=ref.organisation.name, status=status),
        note,
    )
    record(actor, REFERRAL_CHANGED, subject=req.person, obj=ref, data={"status": status})
    if status == R.ACCEPTED and req.status in (S.REFERRED, S.MATCHED):
        set_status(actor, req, S.IN_PROGRESS, step("care.partner_took_up"))
    if (
        status == R.DECLINED
        and req.status == S.REFERRED
        and not req.matches.filter(state__in=Match.ACTIVE).exists()
    ):
        set_status(actor, req, S.TRIAGED, step("care.back_to_assessment"))
    if partner:
        notify_owner(
            req,
            kind="care.referral_answer",
            params={"org": ref.organisation.name, "status": status},
        )
    return ref


# --- policy tags ---------------------------------------------------------------------------------


@transaction.atomic
def tag_policy(actor: Actor, obj, *, theme, note: str = ""):
    """Tag a request or signal as a structural bottleneck (theme None removes the tag)."""
    model = type(obj)
    obj = model.objects.select_for_update().get(pk=obj.pk)
    if isinstance(obj, Request):
        _require(can_manage_request(actor, obj))
    else:
        _require(can_manage_signal(actor, obj))
    if len(note or "") > 300:
        raise ValidationError({"policy_note": _("Keep it shorter (at most 300 characters).")})
    if theme is None:
        obj.policy_theme, obj.policy_note, obj.policy_tagged_at = None, "", None
    else:
        obj.policy_theme = resolve_themes(actor.network, [theme])[0]
        obj.policy_note = note or ""
        obj.policy_tagged_at = timezone.now()
    obj.save()
    record(actor, POLICY_TAGGED, obj=obj, data={"theme": getattr(obj.policy_theme, "code", None)})
    return obj


def can_view_policy(actor: Actor) -> bool:
    return actor.network is not None and actor.has_role(Role.COORDINATOR, Role.POLICY)


# --- task list and reminders ---------------------------------------------------------------------


def open_items(actor: Actor, person: Person | None = None) -> dict:
    """The printable list of someone's open items: requests they follow up and tasks they help with."""
    person = person or actor.person
    if person is None:
        return {"requests": [], "tasks": []}
    if person != actor.person and not (actor.is_coordinator() and person.network_id == actor.network.pk):
        _deny()
    requests = list(
        Request.objects.filter(owner=person, network=actor.network)
        .exclude(status__in=[S.CLOSED, S.WITHDRAWN])
        .select_related("person", "area")
        .prefetch_related("themes")
        .order_by("last_activity_at")
    )
    # A coordinator prints the list for a helper without a computer: still only the task view.
    tasks = task_views(
        Match.objects.filter(helper=person, request__network=actor.network, state__in=Match.ACTIVE)
        .select_related("request__person")
        .prefetch_related("request__themes")
    )
    return {"person": person, "requests": requests, "tasks": tasks}


@transaction.atomic
def update_settings(
    actor: Actor, *, reminder_days: int, helper_grace_days: int | None = None
) -> CareSettings:
    """Coordinators set after how many quiet days the follower of a request is reminded, and how long
    a helper still reads a task they finished (None: unchanged)."""
    _require(actor.is_coordinator())
    errors = {}
    if not isinstance(reminder_days, int) or not 1 <= reminder_days <= 90:
        errors["reminder_days"] = _("Choose a number of days between 1 and 90.")
    if helper_grace_days is not None and (
        not isinstance(helper_grace_days, int) or not 0 <= helper_grace_days <= 30
    ):
        errors["helper_grace_days"] = _("Choose a number of days between 0 and 30.")
    if errors:
        raise ValidationError(errors)
    obj, _created = CareSettings.objects.select_for_update().get_or_create(network=actor.network)
    obj.reminder_days = reminder_days
    if helper_grace_days is not None:
        obj.helper_grace_days = helper_grace_days
    obj.save()
    record(
        actor,
        SETTINGS_CHANGED,
        obj=obj,
        data={"reminder_days": reminder_days, "helper_grace_days": obj.helper_grace_days},
    )
    return obj


def send_reminders(now=None) -> int:
    """Tell owners about open requests where nothing happened for N days (per network). Each quiet
    spell is reminded once: any new timeline step resets it."""
    from datetime import timedelta

    from zorgzaam.networks.models import Network

    now = now or timezone.now()
    sent = 0
    days_by_net = dict(CareSettings.objects.values_list("network_id", "reminder_days"))
    for net in Network.objects.all():
        days = days_by_net.get(net.pk, 7)
        quiet = (
            Request.objects.filter(
                network=net, reminded_at__isnull=True, last_activity_at__lt=now - timedelta(days=days)
            )
            .exclude(status__in=[S.CLOSED, S.WITHDRAWN])
            .select_related("owner__user", "network", "area")
        )
        for req in quiet:
            notify_owner(
                req,
                kind="care.reminder",
                params={"days": days, "id": req.pk},
            )
            Request.objects.filter(pk=req.pk).update(reminded_at=now)
            sent += 1
    return sent
