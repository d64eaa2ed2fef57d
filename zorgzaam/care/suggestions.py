"""From the database to the matching engine and back: NeedSpec/HelperSpec for requests and helpers,
ranked suggestions with reasons, and batch proposals for an area."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zorgzaam.care import batch_explain, services
from zorgzaam.care.models import Match, Request
from zorgzaam.core.lazy import lazy_module
from zorgzaam.core.permissions import deny
from zorgzaam.people.actor import Actor
from zorgzaam.people.models import Person, PersonTag, Role, RoleAssignment

# The engine brings NumPy (and OR-Tools for batches): loaded when a suggestion is first asked for.
engine = lazy_module("zorgzaam.matching.engine")

DEFAULT_CAP = 3
DEFAULT_DISTANCE_KM = 5.0
COMPONENT_LABELS = {
    "talent": gettext_lazy("talent"),
    "distance": gettext_lazy("distance"),
    "language": gettext_lazy("language"),
    "availability": gettext_lazy("availability"),
    "capacity": gettext_lazy("room for more"),
    "continuity": gettext_lazy("familiar face"),
}


def helper_specs(network, person_ids=None, today=None) -> list:
    """Everyone who may help (active volunteers and residents who offered a talent; only those of
    `person_ids` when given, to refresh the live index) as engine.HelperSpec.

    Flat value queries, no model instances: building 50,000 people with their prefetched talents,
    languages and records took most of a cold start."""
    from zorgzaam.volunteers.models import SafeguardingRecord, VolunteerProfile

    today = today or timezone.localdate()
    people = Person.objects.filter(network=network, anonymised_at__isnull=True).filter(
        Exists(RoleAssignment.objects.filter(person=OuterRef("pk"), role=Role.VOLUNTEER, active=True))
        | Exists(PersonTag.objects.filter(person=OuterRef("pk"), kind=PersonTag.Kind.TALENT))
    )
    if person_ids is not None:
        people = people.filter(pk__in=list(person_ids))
    rows = list(people.values_list("pk", "latitude", "longitude", "availability"))
    # The related rows of the whole network (or of `person_ids`), not "IN (the query above)": with
    # its OR of EXISTS, PostgreSQL ran that as a subplan per related row (minutes at 50,000).
    if person_ids is None:
        mine, theirs = Q(person__network=network), Q(helper__network=network)
    else:
        mine, theirs = Q(person_id__in=list(person_ids)), Q(helper_id__in=list(person_ids))
    profiles = {
        pid: (cap, km)
        for pid, cap, km in VolunteerProfile.objects.filter(mine).values_list(
            "person_id", "max_active_tasks", "max_distance_km"
        )
    }
    talents, languages, valid = defaultdict(set), defaultdict(set), defaultdict(set)
    for pid, tag in PersonTag.objects.filter(mine, kind=PersonTag.Kind.TALENT).values_list(
        "person_id", "tag_id"
    ):
        talents[pid].add(tag)
    for pid, code in Person.languages.through.objects.filter(mine).values_list("person_id", "language__code"):
        languages[pid].add(code)
    records = SafeguardingRecord.objects.filter(mine, kind__in=["criminal_record", "insurance"])
    for pid, kind, issued, until in records.values_list("person_id", "kind", "issued_on", "valid_until"):
        if SafeguardingRecord(issued_on=issued, valid_until=until).is_valid_on(today):
            valid[pid].add(kind)
    load = dict(
        Match.objects.filter(theirs, state__in=Match.ACTIVE)
        .values("helper_id")
        .annotate(n=Count("id"))
        .values_list("helper_id", "n")
    )
    out = []
    for pid, lat, lon, availability in rows:
        cap, km = profiles.get(pid, (DEFAULT_CAP, DEFAULT_DISTANCE_KM))
        out.append(
            engine.HelperSpec(
                id=pid,
                tag_ids=frozenset(talents.get(pid, ())),
                lat=lat,
                lon=lon,
                languages=frozenset(languages.get(pid, ())),
                slots=frozenset(availability or ()),
                load=load.get(pid, 0),
                cap=cap,
                screened=valid.get(pid, set()) == {"criminal_record", "insurance"},
                max_distance_km=km,
            )
        )
    return out


def _requests_with_history(qs):
    return qs.select_related("person", "area").prefetch_related(
        "needs",
        "person__languages",
        Prefetch("matches", queryset=Match.objects.only("id", "request_id", "helper_id", "state")),
    )


def need_spec(req: Request, previous: dict[int, set[int]]) -> engine.NeedSpec:
    person = req.person
    excluded = {
        m.helper_id for m in req.matches.all() if m.state in (Match.State.DECLINED, Match.State.TOO_HEAVY)
    }
    excluded.add(person.pk)  # nobody helps themselves
    return engine.NeedSpec(
        id=req.pk,
        tag_ids=frozenset(t.pk for t in req.needs.all()),
        lat=person.latitude,
        lon=person.longitude,
        languages=frozenset(lang.code for lang in person.languages.all()),
        slots=frozenset(person.availability or ()),
        needs_screening=req.needs_screened_helper,
        previous_helper_ids=frozenset(previous.get(person.pk, set())),
        excluded_helper_ids=frozenset(excluded),
        weight=priority(req),
    )


# Batch priority: urgency, plus up to WAIT_BONUS for waiting WAIT_FULL_DAYS or longer.
URGENCY_WEIGHT = {"low": 0.8, "normal": 1.0, "high": 1.5, "urgent": 2.0}
WAIT_BONUS, WAIT_FULL_DAYS = 0.5, 30


def priority(req: Request, now=None) -> float:
    """How much placing this request weighs in a batch (placing as many as possible comes first)."""
    waited = ((now or timezone.now()) - req.created_at).days if req.created_at else 0
    bonus = WAIT_BONUS * min(max(waited, 0), WAIT_FULL_DAYS) / WAIT_FULL_DAYS
    return URGENCY_WEIGHT.get(req.urgency, 1.0) + bonus


def _previous_helpers(person_ids) -> dict[int, set[int]]:
    """Continuity: who helped these people before (done tasks)."""
    out: dict[int, set[int]] = {}
    rows = Match.objects.filter(request__person_id__in=person_ids, state=Match.State.DONE).values_list(
        "request__person_id", "helper_id"
    )
    for person_id, helper_id in rows:
        out.setdefault(person_id, set()).add(helper_id)
    return out


@dataclass
class SuggestionRow:
    helper: Person
    score: float
    components: list[tuple[str, str, int]]  # (code, translated label, 0-100)
    reasons: list[str]


def suggestions_for(actor: Actor, req: Request, limit: int = 10) -> list[SuggestionRow]:
    """Best helpers from this process's live index, brought up to date first (one query when
    nothing changed), so a change to a helper shows in the very next suggestion."""
    from zorgzaam.care.helper_index import INDEXES

    req = services.request_for_manage(actor, req.pk)
    req = _requests_with_history(Request.objects.filter(pk=req.pk)).get()
    need = need_spec(req, _previous_helpers([req.person_id]))
    entry = INDEXES.entry(req.network)
    with entry.lock:
        found = entry.index.suggest(need, limit=limit)
    people = Person.objects.in_bulk([s.helper_id for s in found])
    rows = []
    for s in found:
        if s.helper_id not in people:  # gone since the index last heard of them
            continue
        rows.append(
            SuggestionRow(
                helper=people[s.helper_id],
                score=round(s.score * 100),
                components=[
                    (k, str(COMPONENT_LABELS.get(k, k)), round(v * 100)) for k, v in s.components.items()
                ],
                reasons=list(s.reasons),
            )
        )
    return rows


def open_for_batch(actor: Actor, area) -> list[Request]:
    """Requests of the area waiting for a helper: assessed, no active task. The caller has checked
    that the actor manages the area, and whoever manages an area manages each of its requests
    (services.can_manage_request), so no check per request (parity test in test_batch_optimal)."""
    qs = services.visible_requests(actor).filter(
        area=area, status__in=[services.S.TRIAGED, services.S.REFERRED]
    )
    qs = qs.exclude(matches__state__in=Match.ACTIVE)
    return list(_requests_with_history(qs.distinct()))


UNPLACED_REASONS = {
    "no_helper": gettext_lazy(
        "No eligible helper within reach (kind of help, distance, language, screening)."
    ),
    "at_capacity": gettext_lazy("The eligible helpers already help as much as they agreed."),
    "taken": gettext_lazy("The eligible helpers with room are all proposed for other requests."),
}


@dataclass
class BatchProposal:
    pairs: list[tuple[Request, Person, int]]
    total: float
    greedy_total: float
    unassigned: list[Request]
    placed: int = 0
    greedy_placed: int = 0
    reasons: dict[int, tuple[str, str]] = field(default_factory=dict)  # request id -> (code, text)
    certificate: dict = field(default_factory=dict)
    summary: str = ""  # the total in plain words (care/batch_explain.py)
    explained: dict = field(default_factory=dict)  # request id -> batch_explain.PairExplained
    people: dict = field(default_factory=dict)  # helper id -> Person, chosen and alternatives

    @property
    def unplaced(self) -> list[tuple[Request, str, str]]:
        return [(r, *self.reasons.get(r.pk, ("", ""))) for r in self.unassigned]

    @property
    def rows(self) -> list[tuple[Request, Person, int, list[str], list[tuple[Person, int, list[str]]]]]:
        """(request, helper, score, reasons, [(helper, score, reasons)] to swap to, chosen first)."""
        out = []
        for req, helper, score in self.pairs:
            ex = self.explained.get(req.pk)
            reasons = ex.reasons if ex else []
            cands = [
                (self.people[c.helper_id], c.score, c.reasons)
                for c in (ex.candidates if ex else [])
                if c.helper_id in self.people
            ]
            out.append((req, helper, score, reasons, cands or [(helper, score, reasons)]))
        return out


def batch_proposal(actor: Actor, area) -> BatchProposal:
    if area is None or area.network_id != getattr(actor.network, "pk", None) or not services.is_staff(actor):
        deny()
    if not actor.covers_area(area):
        deny()
    from zorgzaam.care.helper_index import INDEXES

    reqs = open_for_batch(actor, area)
    by_req = {r.pk: r for r in reqs}
    previous = _previous_helpers([r.person_id for r in reqs])
    needs = [need_spec(r, previous) for r in reqs]
    entry = INDEXES.entry(actor.network)
    with entry.lock:
        result = engine.batch_assign(needs, entry.index)
        explained = batch_explain.explain_pairs(needs, result, entry.index)
    # One query for the chosen helpers and the alternatives offered to swap to.
    by_helper = Person.objects.in_bulk(
        {h for _n, h, _s in result.pairs} | {c.helper_id for e in explained.values() for c in e.candidates}
    )
    return BatchProposal(
        pairs=[(by_req[n], by_helper[h], round(s * 100)) for n, h, s in result.pairs if h in by_helper],
        total=round(result.total * 100),
        greedy_total=round(result.greedy_total * 100),
        unassigned=[by_req[n] for n in result.unassigned],
        placed=result.objective[0],
        greedy_placed=result.greedy_objective[0],
        reasons={n: (code, str(UNPLACED_REASONS[code])) for n, code in result.unplaced_reasons.items()},
        certificate=result.certificate,
        summary=batch_explain.summary(len(reqs), result.objective[0], result.unplaced_reasons),
        explained=explained,
        people=by_helper,
    )


def accept_batch(actor: Actor, pairs: list[tuple[int, int]]) -> tuple[list[Match], list[str]]:
    """Propose the chosen (request id, helper id) pairs, each on its own so one refusal (someone else
    was quicker) does not undo the others. Returns the matches made and the problems met."""
    made, problems = [], []
    helpers = {p.pk: p for p in Person.objects.filter(pk__in={h for _r, h in pairs}, network=actor.network)}
    for req_id, helper_id in pairs:
        req = services.visible_requests(actor).filter(pk=req_id).first()
        helper = helpers.get(helper_id)
        if req is None or helper is None:
            problems.append(_("Request #%(id)s: not found.") % {"id": req_id})
            continue
        refusal = _not_eligible(actor, req, helper)
        if refusal:  # a swapped-in helper is checked like the engine's own choice
            problems.append(_("Request #%(id)s: %(msg)s") % {"id": req_id, "msg": refusal})
            continue
        try:
            with transaction.atomic():
                made.append(services.propose_match(actor, req, helper))
        except PermissionDenied:
            problems.append(_("Request #%(id)s: not found.") % {"id": req_id})
        except ValidationError as exc:
            problems.append(_("Request #%(id)s: %(msg)s") % {"id": req_id, "msg": " ".join(exc.messages)})
    return made, problems


def _not_eligible(actor: Actor, req: Request, helper: Person) -> str | None:
    """Why this helper may not be asked for this request now (the engine's hard rules: room under
    their cap, screening, distance, language, not declined before), or None. Read fresh, so a helper
    asked for an earlier pair of the same batch counts as busier."""
    spec = next(iter(helper_specs(actor.network, person_ids=[helper.pk])), None)
    if spec is None:
        return _("%(name)s is not among the helpers (no volunteer role or talent).") % {
            "name": helper.first_name
        }
    req = _requests_with_history(Request.objects.filter(pk=req.pk)).get()
    return engine.explain_exclusion(need_spec(req, _previous_helpers([req.person_id])), spec)
