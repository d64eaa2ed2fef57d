"""Reciprocity: a per-network time bank or local-credit ledger, kept in double entry.

Rules (PRODUCT.md, VVSG function 5):
- every transaction has at least two entries that sum to exactly zero (checked here, inside the
  database transaction that writes them);
- no account goes outside its own limits; the accounts a transaction touches are locked with
  select_for_update in primary-key order, so concurrent transfers serialise without deadlocks;
- entries are never edited or deleted: a mistake is undone by a reversal transaction;
- balances are shown to the owner and to coordinators only, never ranked; policy viewers get
  monthly aggregates with small groups suppressed;
- whom one may name when recording help is decided here (`record_help`, with the selectors of
  selectors.py), the same for the form and the API; accounts open only once that is allowed.

Reads live in selectors.py, amount formatting in amounts.py and the person's rights (export,
erasure, retention) in rights.py; all are re-exported here so pages,
the API and other apps keep calling `services.*`.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zorgzaam.audit import kinds
from zorgzaam.audit.services import record
from zorgzaam.core.permissions import deny as _deny
from zorgzaam.notifications.services import notify
from zorgzaam.people.actor import Actor
from zorgzaam.people.models import Person
from zorgzaam.people.services import can_view_person
from zorgzaam.reciprocity.amounts import amount_words, format_amount, parse_amount, summary_words, unit_label
from zorgzaam.reciprocity.models import Account, Entry, LedgerSettings, Transaction, TransferClaim
from zorgzaam.reciprocity.rights import erase_person, export_person, retention_guard
from zorgzaam.reciprocity.selectors import (
    balance,
    balances,
    can_view_aggregates,
    helpers_person_may_name,
    is_enabled,
    monthly_aggregates,
    my_pending_claims,
    people_helper_may_name,
    people_staff_may_name,
    records_for_others,
    settings_for,
    statement,
    summary,
    visible_accounts,
    visible_claims,
)
from zorgzaam.volunteers.services import is_staff

__all__ = [  # the re-exported reads, next to everything defined below
    "balance",
    "balances",
    "can_view_aggregates",
    "erase_person",
    "export_person",
    "amount_words",
    "format_amount",
    "helpers_person_may_name",
    "is_enabled",
    "monthly_aggregates",
    "my_pending_claims",
    "parse_amount",
    "people_helper_may_name",
    "people_staff_may_name",
    "records_for_others",
    "retention_guard",
    "settings_for",
    "statement",
    "summary",
    "summary_words",
    "unit_label",
    "visible_accounts",
    "visible_claims",
]

TRANSFER = kinds.register("reciprocity.transfer", gettext_lazy("Time bank: transfer recorded"))
POOL_GIFT = kinds.register("reciprocity.pool_gift", gettext_lazy("Time bank: gift from the solidarity pool"))
GRANT = kinds.register("reciprocity.grant", gettext_lazy("Time bank: starting credit given"))
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


def can_manage(actor: Actor) -> bool:
    return actor.network is not None and actor.is_coordinator()


@transaction.atomic
def update_settings(
    actor: Actor,
    *,
    mode: str,
    unit_name: str = "",
    default_min: int,
    default_max: int,
    starting_credit: int = 0,
):
    if not can_manage(actor):
        _deny()
    if mode not in LedgerSettings.Mode.values:
        raise ValidationError({"mode": _("Unknown choice.")})
    if default_min > 0 or default_max < 0 or default_min > default_max:
        raise ValidationError(
            {"default_min": _("The lowest balance must be 0 or less and the highest 0 or more.")}
        )
    if not 0 <= starting_credit <= default_max:
        raise ValidationError(
            {"starting_credit": _("The starting credit must be 0 or more and not above the highest balance.")}
        )
    cfg, _created = LedgerSettings.objects.select_for_update().get_or_create(network=actor.network)
    cfg.starting_credit = starting_credit
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


def account_for(actor: Actor, *, person: Person) -> Account:
    """The account of a person, opened on first use. Opening an account is a write about someone, so
    only the person themselves, staff who may see them, or system work may do it."""
    if actor.network is None or not (actor.system or can_view_person(actor, person)):
        _deny()
    return _open_account(actor, person=person)


@transaction.atomic  # the account, its starting credit and the audit event: all or nothing
def _open_account(actor: Actor, *, person=None, organisation=None) -> Account:
    """The account of a person or organisation, opened with the network's default limits (and a
    person's starting credit from the pool). Private: only for services that have already decided the
    actor may do this."""
    network = actor.network
    cfg = settings_for(network)
    owner = {"person": person} if person is not None else {"organisation": organisation}
    if (person or organisation).network_id != network.pk:
        raise ValidationError({"account": _("This belongs to another network.")})
    account, created = Account.objects.get_or_create(
        network=network,
        **owner,
        defaults={
            "kind": Account.Kind.PERSON if person is not None else Account.Kind.ORGANISATION,
            "min_balance": cfg.default_min,
            "max_balance": cfg.default_max,
        },
    )
    if created and person is not None and cfg.starting_credit:
        txn = post_transaction(
            actor,
            kind=Transaction.Kind.GRANT,
            legs=[(pool_account(network), -cfg.starting_credit), (account, cfg.starting_credit)],
            memo="",
            on_behalf=True,
        )
        record(actor, GRANT, subject=person, obj=txn, data={"amount": cfg.starting_credit})
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
    return account.person_id is not None and actor.covers_area(account.person.area_id)


def can_view_account(actor: Actor, account: Account) -> bool:
    if actor.network is None or account.network_id != actor.network.pk:
        return False
    if _is_owner(actor, account):
        return True
    if account.kind == Account.Kind.ORGANISATION and account.organisation_id in actor.organisation_ids():
        return True
    return _staff_for(actor, account)


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


def post_transaction(
    actor: Actor,
    *,
    kind: str,
    legs: list[tuple[Account, int]],
    memo: str,
    on_behalf: bool,
    reverses=None,
    limits=True,
):
    """Write one balanced transaction. Must run inside transaction.atomic (callers are atomic).
    limits=False: only for a merge, which moves a balance that exists already."""
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
    for account, amount in legs if limits else ():
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


def _notify(user, *, kind: str, cfg: LedgerSettings, amount: int, name, network, **params) -> None:
    """Texts in reciprocity/texts.py, rendered in the recipient's language."""
    if user is None:
        return
    params |= {"name": str(name), "amount": format_amount(cfg, amount)}
    params |= {"unit": cfg.unit_name, "mode": cfg.mode}
    notify(user, kind=kind, params=params, network=network, about=name.person)


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
    txn = post_transaction(
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
            cfg=cfg,
            amount=amount,
            name=payee,
            network=actor.network,
        )
    return claim


CANNOT_NAME = gettext_lazy("You cannot record help with this person.")


def _named(people, person_id, field: str) -> Person:
    # One answer for an unknown id, another network, an erased person or someone one may not name:
    # the reply must not tell them apart, nor say who the person is.
    found = people.filter(pk=person_id).first() if type(person_id) is int else None
    if found is None:
        raise ValidationError({field: CANNOT_NAME})
    return found


def _named_pair(actor: Actor, payer_id, payee_id) -> tuple[Person, Person]:
    """The two people of a 'record help', by the one rule for the form and the API."""
    if payer_id is not None and payer_id == payee_id:
        raise ValidationError({"payee": _("Choose two different people.")})
    if records_for_others(actor):
        payers = payees = people_staff_may_name(actor)
    else:
        me = actor.on_behalf_of or actor.person
        if me is None:
            _deny()
        mine = Person.objects.filter(pk=me.pk)
        if payee_id == me.pk:  # help I gave: the person I helped confirms it
            payers, payees = people_helper_may_name(actor), mine
        elif payer_id == me.pk:  # help I received: I pay a volunteer
            payers, payees = mine, helpers_person_may_name(actor)
        else:  # neither side is me: only staff record help between others
            raise ValidationError({"payer": CANNOT_NAME})
    return _named(payers, payer_id, "payer"), _named(payees, payee_id, "payee")


@transaction.atomic
def record_help(
    actor: Actor, *, payer_id: int, payee_id: int, amount: int, memo: str = ""
) -> Transaction | TransferClaim:
    """The one entry point of the 'record help' form and POST /api/reciprocity/transfers: `payee_id`
    helped `payer_id`. A transfer when the actor may debit the payer, a claim the payer confirms when
    the actor is the helper. The accounts open inside the same transaction, only after both people
    were allowed, so a refused call writes nothing."""
    if actor.network is None or not actor.is_authenticated or not is_enabled(actor.network):
        _deny()
    if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
        raise ValidationError({"amount": _("Enter an amount above zero.")})
    payer_person, payee_person = _named_pair(actor, payer_id, payee_id)
    payer = _open_account(actor, person=payer_person)
    payee = _open_account(actor, person=payee_person)
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
    txn = post_transaction(
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
        cfg=cfg,
        amount=claim.amount,
        name=claim.payer,
        network=actor.network,
        confirmed=True,
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
        cfg=cfg,
        amount=claim.amount,
        name=claim.payer,
        network=actor.network,
        confirmed=False,
    )
    return claim


def get_claim(actor: Actor, claim_id: int) -> TransferClaim:
    claim = visible_claims(actor).filter(pk=claim_id).first()
    if claim is None:
        _deny()
    return claim


def staff_pending_claims(actor: Actor, limit: int = 50) -> list[TransferClaim]:
    """Claims staff may confirm for the people they support (a resident may ask them to)."""
    if not is_staff(actor) or actor.on_behalf_of is not None:
        return []
    qs = visible_claims(actor).filter(state=TransferClaim.State.PENDING)
    if actor.person is not None:
        qs = qs.exclude(payer__person=actor.person).exclude(payee__person=actor.person)
    return [c for c in qs[:limit] if can_decide_claim(actor, c)]


@transaction.atomic
def give_from_pool(actor: Actor, payee: Account, amount: int, memo: str = "") -> Transaction:
    if not can_manage(actor) or not is_enabled(actor.network) or payee.network_id != actor.network.pk:
        _deny()
    if not isinstance(amount, int) or amount <= 0:
        raise ValidationError({"amount": _("Enter an amount above zero.")})
    pool = pool_account(actor.network)
    txn = post_transaction(
        actor, kind=Transaction.Kind.POOL, legs=[(pool, -amount), (payee, amount)], memo=memo, on_behalf=True
    )
    record(actor, POOL_GIFT, subject=payee.person, obj=txn, data={"amount": amount})
    return txn


@transaction.atomic
def reverse_transaction(actor: Actor, txn: Transaction, memo: str = "") -> Transaction:
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
    new = post_transaction(
        actor,
        kind=Transaction.Kind.REVERSAL,
        legs=legs,
        memo=memo or _("Reversal"),
        on_behalf=True,
        reverses=txn,
    )
    record(actor, REVERSAL, obj=new, data={"reverses": txn.pk})
    return new


# --- reading (the rest is in selectors.py) ---------------------------------------------------


def get_account(actor: Actor, account_id: int, *, log_view: bool = True) -> Account:
    account = Account.objects.select_related("person", "organisation").filter(pk=account_id).first()
    if account is None or not can_view_account(actor, account):
        _deny()
    if log_view:
        record(actor, STATEMENT_VIEWED, subject=account.person, obj=account)
    return account


def own_account(actor: Actor) -> Account | None:
    person = actor.on_behalf_of or actor.person
    if person is None or not is_enabled(actor.network):
        return None
    return Account.objects.filter(network=actor.network, person=person).first()
