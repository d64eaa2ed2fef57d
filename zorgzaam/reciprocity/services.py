"""Reciprocity: a per-network time bank or local-credit ledger, kept in double entry.

Rules (PRODUCT.md, VVSG function 5):
- every transaction has at least two entries that sum to exactly zero (checked here, inside the
  database transaction that writes them);
- no account goes outside its own limits; the accounts a transaction touches are locked with
  select_for_update in primary-key order, so concurrent transfers serialise without deadlocks;
- entries are never edited or deleted: a mistake is undone by a reversal transaction;
- balances are shown to the owner and to coordinators only, never ranked; policy viewers get
  monthly aggregates with small groups suppressed.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zorgzaam.audit import kinds
from zorgzaam.audit.services import record
from zorgzaam.core.actor import Actor
from zorgzaam.core.permissions import deny as _deny
from zorgzaam.people.models import Person, Role
from zorgzaam.reciprocity.models import Account, Entry, LedgerSettings, Transaction, TransferClaim

TRANSFER = kinds.register("reciprocity.transfer", gettext_lazy("Time bank: transfer recorded"))
POOL_GIFT = kinds.register("reciprocity.pool_gift", gettext_lazy("Time bank: gift from the solidarity pool"))
REVERSAL = kinds.register("reciprocity.reversal", gettext_lazy("Time bank: transaction reversed"))
STATEMENT_VIEWED = kinds.register("reciprocity.statement_viewed", gettext_lazy("Time bank: statement viewed"))
SETTINGS_CHANGED = kinds.register("reciprocity.settings_changed", gettext_lazy("Time bank: settings changed"))
LIMITS_CHANGED = kinds.register(
    "reciprocity.limits_changed", gettext_lazy("Time bank: account limits changed")
)

CLAIM_CREATED = kinds.register(
    "reciprocity.claim_created", gettext_lazy("Time bank: help recorded, waiting for confirmation")
)
CLAIM_CONFIRMED = kinds.register(
    "reciprocity.claim_confirmed", gettext_lazy("Time bank: recorded help confirmed")
)
CLAIM_DECLINED = kinds.register(
    "reciprocity.claim_declined", gettext_lazy("Time bank: recorded help declined")
)

POOL_MIN = -1_000_000  # the pool may give more than it received: the network stands surety for it


# --- settings --------------------------------------------------------------------------------


def settings_for(network) -> LedgerSettings:
    """The ledger settings of a network; an unsaved 'off' default when none were saved yet."""
    if network is None:
        return LedgerSettings(mode=LedgerSettings.Mode.OFF)
    found = LedgerSettings.objects.filter(network=network).first()
    return found or LedgerSettings(network=network, mode=LedgerSettings.Mode.OFF)


def is_enabled(network) -> bool:
    return settings_for(network).mode != LedgerSettings.Mode.OFF


def unit_label(cfg: LedgerSettings) -> str:
    if cfg.unit_name:
        return cfg.unit_name
    return _("hours") if cfg.mode == LedgerSettings.Mode.HOURS else _("credits")


def format_amount(cfg: LedgerSettings, amount: int) -> str:
    """Minutes as 'h:mm', hundredths as '12.50'."""
    sign = "-" if amount < 0 else ""
    a = abs(int(amount))
    if cfg.mode == LedgerSettings.Mode.CREDITS:
        return f"{sign}{a // 100}.{a % 100:02d}"
    return f"{sign}{a // 60}:{a % 60:02d}"


def parse_amount(cfg: LedgerSettings, text) -> int:
    """'1:30', '1.5' or '90m' for hours; '12.50' for credits. Exact (no floats): Decimal arithmetic."""
    from decimal import Decimal, InvalidOperation

    s = str(text).strip().replace(",", ".")
    try:
        if cfg.mode != LedgerSettings.Mode.CREDITS and ":" in s:
            h, m = s.split(":", 1)
            if not m.isdigit() or int(m) >= 60:
                raise ValueError
            value = int(h or 0) * 60 + int(m)
        elif cfg.mode != LedgerSettings.Mode.CREDITS and s.endswith("m"):
            value = int(s[:-1])
        else:
            d = Decimal(s) * (100 if cfg.mode == LedgerSettings.Mode.CREDITS else 60)
            if d != d.to_integral_value():
                raise ValueError
            value = int(d)
    except (ValueError, InvalidOperation):
        raise ValidationError({"amount": _("Enter an amount like 1:30 or 1.5.")}) from None
    return value


def can_manage(actor: Actor) -> bool:
    return actor.network is not None and actor.is_coordinator()


@transaction.atomic
def update_settings(actor: Actor, *, mode: str, unit_name: str = "", default_min: int, default_max: int):
    if not can_manage(actor):
        _deny()
    if mode not in LedgerSettings.Mode.values:
        raise ValidationError({"mode": _("Unknown choice.")})
    if default_min > 0 or default_max < 0 or default_min > default_max:
        raise ValidationError(
            {"default_min": _("The lowest balance must be 0 or less and the highest 0 or more.")}
        )
    cfg, _created = LedgerSettings.objects.select_for_update().get_or_create(network=actor.network)
    cfg.mode, cfg.unit_name, cfg.default_min, cfg.default_max = (
        mode,
        unit_name.strip(),
        default_min,
        default_max,
    )
    cfg.save()
    record(actor, SETTINGS_CHANGED, obj=cfg, data={"mode": mode})
    return cfg


# --- accounts --------------------------------------------------------------------------------


def account_for(network, *, person=None, organisation=None) -> Account:
    """The account of a person or organisation, opened with the network's default limits."""
    cfg = settings_for(network)
    owner = {"person": person} if person is not None else {"organisation": organisation}
    if (person or organisation).network_id != network.pk:
        raise ValidationError({"account": _("This belongs to another network.")})
    account, _created = Account.objects.get_or_create(
        network=network,
        **owner,
        defaults={
            "kind": Account.Kind.PERSON if person is not None else Account.Kind.ORGANISATION,
            "min_balance": cfg.default_min,
            "max_balance": cfg.default_max,
        },
    )
    return account


def pool_account(network) -> Account:
    account = Account.objects.filter(network=network, kind=Account.Kind.POOL).order_by("pk").first()
    if account is None:
        account = Account.objects.create(
            network=network, kind=Account.Kind.POOL, min_balance=POOL_MIN, max_balance=-POOL_MIN
        )
    return account


def _is_owner(actor: Actor, account: Account) -> bool:
    if account.person_id is None:
        return False
    return (actor.person is not None and actor.person.pk == account.person_id) or (
        actor.on_behalf_of is not None and actor.on_behalf_of.pk == account.person_id
    )


def _staff_for(actor: Actor, account: Account) -> bool:
    """Coordinators for every account; professionals for the people of their areas."""
    if actor.is_coordinator():
        return True
    if account.person_id is None:
        return False
    areas = actor.area_ids(Role.PROFESSIONAL)
    return areas is None or (account.person.area_id is not None and account.person.area_id in areas)


def can_view_account(actor: Actor, account: Account) -> bool:
    if actor.network is None or account.network_id != actor.network.pk:
        return False
    if _is_owner(actor, account):
        return True
    if account.kind == Account.Kind.ORGANISATION and account.organisation_id in actor.organisation_ids():
        return True
    return _staff_for(actor, account)


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


@transaction.atomic
def set_limits(actor: Actor, account: Account, *, min_balance: int, max_balance: int) -> Account:
    if not can_manage(actor) or account.network_id != actor.network.pk:
        _deny()
    account = Account.objects.select_for_update().get(pk=account.pk)
    current = balance(account)
    if min_balance > max_balance:
        raise ValidationError({"min_balance": _("The lowest balance must not be above the highest.")})
    if not (min_balance <= current <= max_balance):
        raise ValidationError({"min_balance": _("The current balance must stay within the limits.")})
    # Account rows are ordinary (not append-only): only the ledger itself is.
    Account.objects.filter(pk=account.pk).update(min_balance=min_balance, max_balance=max_balance)
    account.refresh_from_db()
    record(actor, LIMITS_CHANGED, subject=account.person, obj=account)
    return account


# --- posting ---------------------------------------------------------------------------------


def _post(
    actor: Actor, *, kind: str, legs: list[tuple[Account, int]], memo: str, on_behalf: bool, reverses=None
):
    """Write one balanced transaction. Must run inside transaction.atomic (callers are atomic)."""
    if len(legs) < 2:
        raise ValidationError({"amount": _("A transaction needs at least two accounts.")})
    for _account, amount in legs:
        if not isinstance(amount, int) or isinstance(amount, bool) or amount == 0:
            raise ValidationError({"amount": _("Amounts must be whole, non-zero numbers.")})
    if sum(amount for _account, amount in legs) != 0:
        raise ValidationError({"amount": _("The entries of a transaction must add up to zero.")})
    ids = sorted({a.pk for a, _amount in legs})
    if len(ids) != len(legs):
        raise ValidationError({"account": _("Choose two different accounts.")})
    # Lock in primary-key order: two transfers touching the same accounts wait instead of deadlocking.
    locked = {a.pk: a for a in Account.objects.select_for_update().filter(pk__in=ids).order_by("pk")}
    if len(locked) != len(ids) or any(a.network_id != actor.network.pk for a in locked.values()):
        raise ValidationError({"account": _("Unknown account.")})
    current = balances(ids)
    for account, amount in legs:
        a = locked[account.pk]
        new = current[a.pk] + amount
        if new < a.min_balance:
            raise ValidationError(
                {
                    "amount": _("This would take %(account)s below its lowest allowed balance.")
                    % {"account": a}
                }
            )
        if new > a.max_balance:
            raise ValidationError(
                {
                    "amount": _("This would take %(account)s above its highest allowed balance.")
                    % {"account": a}
                }
            )
    txn = Transaction.objects.create(
        network=actor.network,
        kind=kind,
        created_by=actor.user,
        on_behalf=on_behalf,
        reverses=reverses,
        memo=(memo or "").strip()[:300],
    )
    Entry.objects.bulk_create([Entry(transaction=txn, account_id=a.pk, amount=amount) for a, amount in legs])
    return txn


def _basic_ok(actor: Actor, payer: Account, payee: Account) -> bool:
    if actor.network is None or not is_enabled(actor.network):
        return False
    if payer.network_id != actor.network.pk or payee.network_id != actor.network.pk:
        return False
    return Account.Kind.POOL not in (payer.kind, payee.kind)


def _may_debit(actor: Actor, payer: Account) -> bool:
    """Only the helped person or staff for them may take from their account."""
    return _is_owner(actor, payer) or _staff_for(actor, payer)


def can_transfer(actor: Actor, payer: Account, payee: Account) -> bool:
    """Immediate transfers: the helped person (payer), or staff for the payer who is also staff for
    (or is) the helper. A helper alone cannot debit someone else: see claim_transfer."""
    if not _basic_ok(actor, payer, payee):
        return False
    if _is_owner(actor, payer):
        return True
    return _staff_for(actor, payer) and (_staff_for(actor, payee) or _is_owner(actor, payee))


def can_claim(actor: Actor, payer: Account, payee: Account) -> bool:
    """The helper may ask the helped person to confirm; the amount moves only on confirmation."""
    return (
        _basic_ok(actor, payer, payee) and _is_owner(actor, payee) and not can_transfer(actor, payer, payee)
    )


def _check_amount(payer: Account, payee: Account, amount) -> None:
    if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
        raise ValidationError({"amount": _("Enter an amount above zero.")})
    if payer.pk == payee.pk:
        raise ValidationError({"account": _("Choose two different accounts.")})


def _notify(user, *, kind: str, title: str, body: str, network) -> None:
    if user is None:
        return
    from zorgzaam.notifications.services import notify

    notify(user, kind=kind, title=title, body=body, url="/reciprocity/", network=network)


@transaction.atomic
def transfer(actor: Actor, payer: Account, payee: Account, amount: int, memo: str = "") -> Transaction:
    """`payee` helped `payer`: `amount` moves from payer to payee."""
    if not can_transfer(actor, payer, payee):
        _deny()
    _check_amount(payer, payee, amount)
    own = (
        actor.on_behalf_of is None
        and actor.person is not None
        and actor.person.pk in (payer.person_id, payee.person_id)
    )
    txn = _post(
        actor,
        kind=Transaction.Kind.TRANSFER,
        legs=[(payer, -amount), (payee, amount)],
        memo=memo,
        on_behalf=not own,
    )
    subject = payer.person if payer.person_id else payee.person
    record(actor, TRANSFER, subject=subject, obj=txn, data={"amount": amount, "on_behalf": not own})
    return txn


@transaction.atomic
def claim_transfer(
    actor: Actor, payer: Account, payee: Account, amount: int, memo: str = ""
) -> TransferClaim:
    """The helper records help given to `payer`: a pending claim that the payer confirms or declines."""
    if not can_claim(actor, payer, payee):
        _deny()
    _check_amount(payer, payee, amount)
    claim = TransferClaim.objects.create(
        network=actor.network,
        payer=payer,
        payee=payee,
        amount=amount,
        memo=(memo or "").strip()[:300],
        created_by=actor.user,
    )
    record(actor, CLAIM_CREATED, subject=payer.person, obj=claim, data={"amount": amount})
    if payer.person_id and payer.person.user_id:
        cfg = settings_for(actor.network)
        _notify(
            payer.person.user,
            kind="reciprocity.claim",
            title=_("%(name)s recorded %(amount)s %(unit)s of help for you")
            % {"name": payee, "amount": format_amount(cfg, amount), "unit": unit_label(cfg)},
            body=_("Nothing moves until you confirm. Open the time bank to confirm or decline."),
            network=actor.network,
        )
    return claim


def record_help(actor: Actor, payer: Account, payee: Account, amount: int, memo: str = ""):
    """The entry point for pages and API: a transfer when the actor may debit the payer, a claim when
    the actor is the helper. Returns a Transaction or a TransferClaim."""
    if can_claim(actor, payer, payee):
        return claim_transfer(actor, payer, payee, amount, memo)
    return transfer(actor, payer, payee, amount, memo)


def can_decide_claim(actor: Actor, claim: TransferClaim) -> bool:
    """The helped person, or staff for them (coordinators for everyone)."""
    if actor.network is None or claim.network_id != actor.network.pk:
        return False
    return _may_debit(actor, claim.payer)


def _locked_claim(actor: Actor, claim: TransferClaim) -> TransferClaim:
    claim = (
        TransferClaim.objects.select_for_update(of=("self",))
        .select_related("payer__person", "payee__person", "created_by")
        .get(pk=claim.pk)
    )
    if not can_decide_claim(actor, claim):
        _deny()
    if claim.state != TransferClaim.State.PENDING:
        raise ValidationError({"claim": _("This was already confirmed or declined.")})
    return claim


@transaction.atomic
def confirm_claim(actor: Actor, claim: TransferClaim) -> TransferClaim:
    """Post the claimed transfer, once. Limits apply as for any transfer; on error nothing changes."""
    if actor.network is None or not is_enabled(actor.network):
        _deny()
    claim = _locked_claim(actor, claim)
    own = actor.on_behalf_of is None and actor.person is not None and actor.person.pk == claim.payer.person_id
    txn = _post(
        actor,
        kind=Transaction.Kind.TRANSFER,
        legs=[(claim.payer, -claim.amount), (claim.payee, claim.amount)],
        memo=claim.memo,
        on_behalf=not own,
    )
    claim.state = TransferClaim.State.CONFIRMED
    claim.decided_by, claim.decided_at, claim.transaction = actor.user, timezone.now(), txn
    claim.save(update_fields=["state", "decided_by", "decided_at", "transaction"])
    record(
        actor,
        CLAIM_CONFIRMED,
        subject=claim.payer.person,
        obj=claim,
        data={"amount": claim.amount, "transaction": txn.pk},
    )
    cfg = settings_for(actor.network)
    _notify(
        claim.created_by,
        kind="reciprocity.claim_decided",
        title=_("%(amount)s %(unit)s confirmed by %(name)s")
        % {"amount": format_amount(cfg, claim.amount), "unit": unit_label(cfg), "name": claim.payer},
        body="",
        network=actor.network,
    )
    return claim


@transaction.atomic
def decline_claim(actor: Actor, claim: TransferClaim) -> TransferClaim:
    if actor.network is None:
        _deny()
    claim = _locked_claim(actor, claim)
    claim.state = TransferClaim.State.DECLINED
    claim.decided_by, claim.decided_at = actor.user, timezone.now()
    claim.save(update_fields=["state", "decided_by", "decided_at"])
    record(actor, CLAIM_DECLINED, subject=claim.payer.person, obj=claim, data={"amount": claim.amount})
    cfg = settings_for(actor.network)
    _notify(
        claim.created_by,
        kind="reciprocity.claim_decided",
        title=_("%(amount)s %(unit)s not confirmed by %(name)s")
        % {"amount": format_amount(cfg, claim.amount), "unit": unit_label(cfg), "name": claim.payer},
        body=_("Talk with them or with your coordinator if you think this is a mistake."),
        network=actor.network,
    )
    return claim


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
    areas = actor.area_ids(Role.PROFESSIONAL)
    if areas is None:
        allowed |= Q(payer__kind=Account.Kind.PERSON)
    elif areas:
        allowed |= Q(payer__person__area_id__in=areas)
    return qs.filter(allowed)


def get_claim(actor: Actor, claim_id: int) -> TransferClaim:
    claim = visible_claims(actor).filter(pk=claim_id).first()
    if claim is None:
        _deny()
    return claim


def staff_pending_claims(actor: Actor, limit: int = 50) -> list[TransferClaim]:
    """Claims staff may confirm for the people they support (a resident may ask them to)."""
    from zorgzaam.volunteers.services import is_staff

    if not is_staff(actor) or actor.on_behalf_of is not None:
        return []
    qs = visible_claims(actor).filter(state=TransferClaim.State.PENDING)
    if actor.person is not None:
        qs = qs.exclude(payer__person=actor.person).exclude(payee__person=actor.person)
    return [c for c in qs[:limit] if can_decide_claim(actor, c)]


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


@transaction.atomic
def give_from_pool(actor: Actor, payee: Account, amount: int, memo: str = "") -> Transaction:
    if not can_manage(actor) or not is_enabled(actor.network) or payee.network_id != actor.network.pk:
        _deny()
    if not isinstance(amount, int) or amount <= 0:
        raise ValidationError({"amount": _("Enter an amount above zero.")})
    pool = pool_account(actor.network)
    txn = _post(
        actor, kind=Transaction.Kind.POOL, legs=[(pool, -amount), (payee, amount)], memo=memo, on_behalf=True
    )
    record(actor, POOL_GIFT, subject=payee.person, obj=txn, data={"amount": amount})
    return txn


@transaction.atomic
def reverse(actor: Actor, txn: Transaction, memo: str = "") -> Transaction:
    if not can_manage(actor) or txn.network_id != actor.network.pk:
        _deny()
    txn = Transaction.objects.select_for_update().get(pk=txn.pk)
    if txn.kind == Transaction.Kind.REVERSAL:
        raise ValidationError(
            {"transaction": _("A reversal cannot be reversed: record a new transfer instead.")}
        )
    if Transaction.objects.filter(reverses=txn).exists():
        raise ValidationError({"transaction": _("This transaction was already reversed.")})
    legs = [(e.account, -e.amount) for e in txn.entries.select_related("account")]
    new = _post(
        actor,
        kind=Transaction.Kind.REVERSAL,
        legs=legs,
        memo=memo or _("Reversal"),
        on_behalf=True,
        reverses=txn,
    )
    record(actor, REVERSAL, obj=new, data={"reverses": txn.pk})
    return new


# --- reading ---------------------------------------------------------------------------------


def visible_accounts(actor: Actor):
    """Accounts this actor may open; coordinators see all. Ordered by name, never by balance."""
    if actor.network is None or not actor.is_authenticated:
        return Account.objects.none()
    qs = Account.objects.filter(network=actor.network).select_related("person", "organisation")
    if actor.is_coordinator():
        return qs.order_by("kind", "person__last_name", "person__first_name", "organisation__name", "pk")
    allowed = Q(pk__in=[])
    areas = actor.area_ids(Role.PROFESSIONAL)
    if areas is None:
        allowed |= Q(kind=Account.Kind.PERSON)
    elif areas:
        allowed |= Q(person__area_id__in=areas)
    if actor.person is not None:
        allowed |= Q(person=actor.person)
    if actor.on_behalf_of is not None:
        allowed |= Q(person=actor.on_behalf_of)
    orgs = actor.organisation_ids()
    if orgs:
        allowed |= Q(organisation_id__in=orgs)
    return qs.filter(allowed).order_by("person__last_name", "person__first_name", "pk")


def get_account(actor: Actor, account_id: int, *, log_view: bool = True) -> Account:
    account = Account.objects.select_related("person", "organisation").filter(pk=account_id).first()
    if account is None or not can_view_account(actor, account):
        _deny()
    if log_view:
        record(actor, STATEMENT_VIEWED, subject=account.person, obj=account)
    return account


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
    """Given (help given: positive entries) and received (negative entries) and the balance."""
    agg = Entry.objects.filter(account=account).aggregate(
        given=Sum("amount", filter=Q(amount__gt=0)), received=Sum("amount", filter=Q(amount__lt=0))
    )
    given, received = agg["given"] or 0, -(agg["received"] or 0)
    return {"given": given, "received": received, "balance": given - received}


def own_account(actor: Actor) -> Account | None:
    person = actor.on_behalf_of or actor.person
    if person is None or not is_enabled(actor.network):
        return None
    return Account.objects.filter(network=actor.network, person=person).first()


def can_view_aggregates(actor: Actor) -> bool:
    return actor.network is not None and actor.has_role(Role.COORDINATOR, Role.POLICY)


def monthly_aggregates(actor: Actor) -> list[dict]:
    """Per month: transfers, amount exchanged and distinct people, counting only people with
    'statistics' consent; a month with fewer than k people shows no figures at all."""
    if not can_view_aggregates(actor):
        _deny()
    from zorgzaam.people.services import persons_with_consent

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
    out = []
    for r in rows:
        hidden = r["people"] < k
        out.append(
            {
                "month": r["month"],
                "suppressed": hidden,
                "transfers": None if hidden else r["transfers"],
                "amount": None if hidden else r["amount"],
                "people": None if hidden else r["people"],
            }
        )
    return out


# --- rights of the person --------------------------------------------------------------------


def export_person(person: Person) -> dict:
    accounts = list(Account.objects.filter(person=person))
    if not accounts:
        return {}
    cfg = settings_for(person.network)
    out = []
    for account in accounts:
        out.append(
            {
                "balance": format_amount(cfg, balance(account)),
                "entries": [
                    {
                        "date": row["txn"].created_at.isoformat(),
                        "amount": format_amount(cfg, row["entry"].amount),
                        "memo": row["txn"].memo,
                    }
                    for row in statement(account, limit=10_000)
                ],
            }
        )
    claims = TransferClaim.objects.filter(Q(payer__person=person) | Q(payee__person=person))
    return {
        "reciprocity": out,
        "reciprocity_claims": [
            {
                "date": c.created_at.isoformat(),
                "amount": format_amount(cfg, c.amount),
                "role": "helped" if c.payer.person_id == person.pk else "helper",
                "state": c.state,
                "memo": c.memo,
            }
            for c in claims.select_related("payer")
        ],
    }


def erase_person(person: Person) -> None:
    """Amounts stay (the ledger must keep adding up); the memos that could identify someone go."""
    txn_ids = Entry.objects.filter(account__person=person).values("transaction_id")
    Transaction.objects.filter(pk__in=txn_ids).wipe_memos()
    for claim in TransferClaim.objects.filter(Q(payer__person=person) | Q(payee__person=person)):
        claim.memo = ""
        claim.save(update_fields=["memo"])


def retention_guard(network, person_ids: set, cutoff) -> set:
    """Keep people with an open balance or a transaction since the cut-off: their account still matters."""
    accounts = Account.objects.filter(network=network, person_id__in=list(person_ids))
    recent = set(
        Entry.objects.filter(account__in=accounts, transaction__created_at__gte=cutoff).values_list(
            "account__person_id", flat=True
        )
    )
    open_balance = set(
        accounts.annotate(total=Sum("entries__amount"))
        .exclude(total=0)
        .exclude(total__isnull=True)
        .values_list("person_id", flat=True)
    )
    return recent | open_balance
