"""Reads of the time bank: settings, balances, statements, who sees which accounts and claims, and
whom an actor may name when recording help (one rule for the form and the API)."""

from __future__ import annotations

from django.apps import apps
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from zorgzaam.core.disclosure import magnitudes
from zorgzaam.core.permissions import deny as _deny
from zorgzaam.people.actor import Actor
from zorgzaam.people.models import Person, Role, RoleAssignment
from zorgzaam.people.services import persons_with_consent, visible_persons
from zorgzaam.reciprocity.models import Account, Entry, LedgerSettings, Transaction, TransferClaim

# --- settings and balances ---------------------------------------------------------------------


def settings_for(network) -> LedgerSettings:
    """The ledger settings of a network; an unsaved 'off' default when none were saved yet."""
    if network is None:
        return LedgerSettings(mode=LedgerSettings.Mode.OFF)
    found = LedgerSettings.objects.filter(network=network).first()
    return found or LedgerSettings(network=network, mode=LedgerSettings.Mode.OFF)


def is_enabled(network) -> bool:
    return settings_for(network).mode != LedgerSettings.Mode.OFF


def balances(account_ids) -> dict[int, int]:
    """Balances of several accounts in one query."""
    rows = (
        Entry.objects.filter(account_id__in=list(account_ids))
        .values("account_id")
        .annotate(total=Sum("amount"))
    )
    out = dict.fromkeys(account_ids, 0)
    out.update({r["account_id"]: r["total"] or 0 for r in rows})
    return out


def balance(account: Account) -> int:
    return balances([account.pk])[account.pk]


# --- whom one may name when recording help -------------------------------------------------------


def records_for_others(actor: Actor) -> bool:
    """Staff (not acting for a resident) record help between any two people they may see; everyone
    else records help they gave or received themselves."""
    return actor.is_staff() and actor.on_behalf_of is None


def _me(actor: Actor):
    return actor.on_behalf_of or actor.person


def people_staff_may_name(actor: Actor):
    """Staff name the people they may see (coordinators: everyone; professionals: their areas)."""
    if actor.network is None or not records_for_others(actor):
        return Person.objects.none()
    return visible_persons(actor).filter(anonymised_at__isnull=True).order_by("last_name", "first_name")


def people_helper_may_name(actor: Actor):
    """Whom a helper may name as the person they helped: only people they have a relationship with
    (a care match in which they helped, or an earlier exchange on the ledger), never the whole
    neighbourhood. Naming someone only asks them to confirm; it never takes anything from them."""
    me = _me(actor)
    if me is None or actor.network is None:
        return Person.objects.none()
    related = Q(pk__in=[])
    if apps.is_installed("zorgzaam.care"):
        from zorgzaam.care.models import Match

        helped = Match.objects.filter(helper=me).exclude(
            state__in=[Match.State.PROPOSED, Match.State.DECLINED, Match.State.CANCELLED]
        )
        related |= Q(pk__in=helped.values("request__person_id"))
    mine = Entry.objects.filter(account__person=me).values("transaction_id")
    related |= Q(pk__in=Entry.objects.filter(transaction_id__in=mine).values("account__person_id"))
    qs = (
        Person.objects.filter(network=actor.network, anonymised_at__isnull=True)
        .filter(related)
        .exclude(pk=me.pk)
    )
    return qs.distinct().order_by("last_name", "first_name")


def helpers_person_may_name(actor: Actor):
    """Whom someone who received help may name as their helper: volunteers of the network who agreed
    to be contacted."""
    me = _me(actor)
    if me is None or actor.network is None:
        return Person.objects.none()
    volunteers = RoleAssignment.objects.filter(role=Role.VOLUNTEER, active=True).values("person_id")
    qs = Person.objects.filter(network=actor.network, anonymised_at__isnull=True).filter(
        Q(pk__in=volunteers) | Q(volunteer_profile__isnull=False)
    )
    qs = persons_with_consent(qs.exclude(pk=me.pk), "contact").distinct()
    return qs.order_by("last_name", "first_name")


# --- accounts, statements and claims ---------------------------------------------------------------


def visible_accounts(actor: Actor):
    """Accounts this actor may open; coordinators see all. Ordered by name, never by balance."""
    if actor.network is None or not actor.is_authenticated:
        return Account.objects.none()
    qs = Account.objects.filter(network=actor.network).select_related("person", "organisation")
    if actor.is_coordinator():
        return qs.order_by("kind", "person__last_name", "person__first_name", "organisation__name", "pk")
    allowed = Q(kind=Account.Kind.PERSON) & actor.area_q("person__area")
    if actor.person is not None:
        allowed |= Q(person=actor.person)
    if actor.on_behalf_of is not None:
        allowed |= Q(person=actor.on_behalf_of)
    orgs = actor.organisation_ids()
    if orgs:
        allowed |= Q(organisation_id__in=orgs)
    return qs.filter(allowed).order_by("person__last_name", "person__first_name", "pk")


def statement(account: Account, limit: int = 200) -> list[dict]:
    """The entries of an account, newest first, with the other side of each transaction named."""
    entries = list(
        Entry.objects.filter(account=account)
        .select_related("transaction", "transaction__created_by")
        .order_by("-transaction__created_at", "-id")[:limit]
    )
    txn_ids = [e.transaction_id for e in entries]
    others: dict[int, list[str]] = {}
    for e in (
        Entry.objects.filter(transaction_id__in=txn_ids)
        .exclude(account=account)
        .select_related("account__person", "account__organisation")
    ):
        others.setdefault(e.transaction_id, []).append(str(e.account))
    return [
        {"entry": e, "txn": e.transaction, "other": ", ".join(others.get(e.transaction_id, []))}
        for e in entries
    ]


def summary(account: Account) -> dict:
    """Help given and received, and the balance. Given and received count help between people only:
    transfers that still stand. The starting credit, gifts from the pool, reversals and the transfers
    they undo move the balance but are nobody's help."""
    helped = Q(transaction__kind=Transaction.Kind.TRANSFER, transaction__reversed_by__isnull=True)
    agg = Entry.objects.filter(account=account).aggregate(
        given=Sum("amount", filter=helped & Q(amount__gt=0)),
        received=Sum("amount", filter=helped & Q(amount__lt=0)),
        balance=Sum("amount"),
    )
    return {"given": agg["given"] or 0, "received": -(agg["received"] or 0), "balance": agg["balance"] or 0}


def visible_claims(actor: Actor):
    """Claims where the actor is one of the two people, plus those staff may decide."""
    if actor.network is None or not actor.is_authenticated:
        return TransferClaim.objects.none()
    qs = TransferClaim.objects.filter(network=actor.network).select_related(
        "payer__person", "payer__organisation", "payee__person", "payee__organisation"
    )
    if actor.is_coordinator():
        return qs
    allowed = Q(pk__in=[])
    for person in (actor.person, actor.on_behalf_of):
        if person is not None:
            allowed |= Q(payer__person=person) | Q(payee__person=person)
    allowed |= Q(payer__kind=Account.Kind.PERSON) & actor.area_q("payer__person__area")
    return qs.filter(allowed)


def my_pending_claims(actor: Actor) -> dict:
    """For 'my account': claims waiting for my confirmation, and my own claims still waiting."""
    person = actor.on_behalf_of or actor.person
    if person is None or actor.network is None:
        return {"to_confirm": [], "waiting": []}
    pending = visible_claims(actor).filter(state=TransferClaim.State.PENDING)
    return {
        "to_confirm": list(pending.filter(payer__person=person)),
        "waiting": list(pending.filter(payee__person=person)),
    }


# --- figures -------------------------------------------------------------------------------------


def can_view_aggregates(actor: Actor) -> bool:
    return actor.network is not None and actor.has_role(Role.COORDINATOR, Role.POLICY)


def monthly_aggregates(actor: Actor) -> list[dict]:
    """Per month: transfers, amount exchanged and distinct people, counting only people with
    'statistics' consent; through core.disclosure, a month with fewer than k people shows no figures
    at all. A month without transfers since the first one is listed and hidden like any small month."""
    if not can_view_aggregates(actor):
        _deny()
    k = actor.network.k_anonymity
    counted = persons_with_consent(Person.objects.filter(network=actor.network), "statistics").values("pk")
    rows = (
        Entry.objects.filter(
            account__network=actor.network,
            account__person_id__in=counted,
            amount__gt=0,
            transaction__kind=Transaction.Kind.TRANSFER,
        )
        .annotate(month=TruncMonth("transaction__created_at"))
        .values("month")
        .annotate(
            transfers=Count("transaction", distinct=True),
            amount=Sum("amount"),
            people=Count("account__person", distinct=True),
        )
        .order_by("month")
    )
    rows = _every_month(list(rows))
    out = []
    for r, shown in zip(rows, magnitudes([(r["amount"], r["people"]) for r in rows], k), strict=True):
        out.append(
            {
                "month": r["month"],
                "suppressed": shown.hidden,
                "transfers": None if shown.hidden else r["transfers"],
                "amount": shown.value,
                "people": shown.contributors,
            }
        )
    return out


def _every_month(rows: list[dict]) -> list[dict]:
    """The months from the first with transfers to this one: an empty month is a zero (fewer than k)
    and must not be told apart from a small one by its absence."""
    if not rows:
        return rows
    by_month = {(r["month"].year, r["month"].month): r for r in rows}
    first, today = rows[0]["month"], timezone.localdate()
    y, m, out = first.year, first.month, []
    while (y, m) <= (today.year, today.month):
        empty = {"month": first.replace(year=y, month=m), "transfers": 0, "amount": 0, "people": 0}
        out.append(by_month.get((y, m), empty))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out
