"""Time bank over the API: the same services and rules as the pages. Amounts are integers
(minutes for hours, hundredths for credits), never floats."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from zorgzaam.people.actor import api_actor
from zorgzaam.people.models import Person
from zorgzaam.people.services import can_view_person
from zorgzaam.reciprocity import services
from zorgzaam.reciprocity.models import Account, Transaction, TransferClaim

router = Router(tags=["reciprocity"])


class AccountOut(Schema):
    id: int
    kind: str
    name: str
    person_id: int | None
    organisation_id: int | None
    min_balance: int
    max_balance: int
    balance: int


class SummaryOut(AccountOut):
    given: int
    received: int


class EntryOut(Schema):
    transaction_id: int
    kind: str
    amount: int
    memo: str
    on_behalf: bool
    created_at: str
    other: str


class TransferIn(Schema):
    payer_person_id: int | None = None
    payer_account_id: int | None = None
    payee_person_id: int | None = None
    payee_account_id: int | None = None
    amount: int = Field(..., gt=0, le=1_000_000)
    memo: str = Field("", max_length=300)


class PoolIn(Schema):
    payee_person_id: int
    amount: int = Field(..., gt=0, le=1_000_000)
    memo: str = Field("", max_length=300)


class ReverseIn(Schema):
    memo: str = Field("", max_length=300)


class TransactionOut(Schema):
    id: int
    kind: str
    on_behalf: bool
    memo: str
    reverses_id: int | None
    created_at: str
    entries: list[dict]

    @staticmethod
    def resolve_created_at(obj):
        return obj.created_at.isoformat()

    @staticmethod
    def resolve_entries(obj):
        return [{"account_id": e.account_id, "amount": e.amount} for e in obj.entries.all()]


class ClaimOut(Schema):
    id: int
    state: str
    payer_account_id: int
    payee_account_id: int
    payer: str
    payee: str
    amount: int
    memo: str
    created_at: str
    decided_at: str | None
    transaction_id: int | None

    @staticmethod
    def resolve_payer_account_id(obj):
        return obj.payer_id

    @staticmethod
    def resolve_payee_account_id(obj):
        return obj.payee_id

    @staticmethod
    def resolve_payer(obj):
        return str(obj.payer)

    @staticmethod
    def resolve_payee(obj):
        return str(obj.payee)

    @staticmethod
    def resolve_created_at(obj):
        return obj.created_at.isoformat()

    @staticmethod
    def resolve_decided_at(obj):
        return obj.decided_at.isoformat() if obj.decided_at else None


class SettingsIO(Schema):
    mode: str
    unit_name: str = Field("", max_length=40)
    default_min: int
    default_max: int
    starting_credit: int = Field(0, ge=0, le=1_000_000)


class MonthOut(Schema):
    month: str
    suppressed: bool
    transfers: int | None
    amount: int | None
    people: int | None


def _out(account: Account, total: int) -> dict:
    return {
        "id": account.pk,
        "kind": account.kind,
        "name": str(account),
        "person_id": account.person_id,
        "organisation_id": account.organisation_id,
        "min_balance": account.min_balance,
        "max_balance": account.max_balance,
        "balance": total,
    }


def _person_id(actor, person_id, account_id):
    """The person named directly or through their account. An account that is not a person's in this
    network gives None, which record_help refuses like any person one may not name (same answer)."""
    if account_id is None:
        if person_id is None:
            raise ValidationError({"account": _("Name a person or an account.")})
        return person_id
    return (
        Account.objects.filter(pk=account_id, network=actor.network, kind=Account.Kind.PERSON)
        .values_list("person_id", flat=True)
        .first()
    )


@router.get("/accounts", response=list[AccountOut])
def list_accounts(request, network: str | None = None):
    actor = api_actor(request, network)
    if not services.is_enabled(actor.network):
        raise PermissionDenied
    accounts = list(services.visible_accounts(actor))
    totals = services.balances([a.pk for a in accounts])
    return [_out(a, totals[a.pk]) for a in accounts]


@router.get("/accounts/{account_id}", response=SummaryOut)
def get_account(request, account_id: int, network: str | None = None):
    actor = api_actor(request, network)
    account = services.get_account(actor, account_id)
    s = services.summary(account)
    return {**_out(account, s["balance"]), "given": s["given"], "received": s["received"]}


@router.get("/accounts/{account_id}/entries", response=list[EntryOut])
def account_entries(request, account_id: int, network: str | None = None):
    actor = api_actor(request, network)
    account = services.get_account(actor, account_id)
    return [
        {
            "transaction_id": r["txn"].pk,
            "kind": r["txn"].kind,
            "amount": r["entry"].amount,
            "memo": r["txn"].memo,
            "on_behalf": r["txn"].on_behalf,
            "created_at": r["txn"].created_at.isoformat(),
            "other": r["other"],
        }
        for r in services.statement(account)
    ]


@router.post("/transfers", response={201: TransactionOut, 202: ClaimOut})
def create_transfer(request, payload: TransferIn, network: str | None = None):
    """201 with the transaction when the actor may debit the payer; 202 with a pending claim when
    the actor is the helper (the payer must confirm it first). Whom the actor may name is
    services.record_help's rule, the same as the form's: anyone else gets one 422 that names no one."""
    actor = api_actor(request, network)
    if not services.is_enabled(actor.network):
        raise PermissionDenied
    result = services.record_help(
        actor,
        payer_id=_person_id(actor, payload.payer_person_id, payload.payer_account_id),
        payee_id=_person_id(actor, payload.payee_person_id, payload.payee_account_id),
        amount=payload.amount,
        memo=payload.memo,
    )
    if isinstance(result, TransferClaim):
        return Status(202, result)
    return Status(201, Transaction.objects.prefetch_related("entries").get(pk=result.pk))


@router.get("/claims", response=list[ClaimOut])
def list_claims(request, network: str | None = None, state: str | None = None):
    actor = api_actor(request, network)
    if not services.is_enabled(actor.network):
        raise PermissionDenied
    qs = services.visible_claims(actor)
    if state:
        qs = qs.filter(state=state)
    return list(qs[:500])


@router.post("/claims/{claim_id}/confirm", response=ClaimOut)
def confirm_claim(request, claim_id: int, network: str | None = None):
    actor = api_actor(request, network)
    return services.confirm_claim(actor, services.get_claim(actor, claim_id))


@router.post("/claims/{claim_id}/decline", response=ClaimOut)
def decline_claim(request, claim_id: int, network: str | None = None):
    actor = api_actor(request, network)
    return services.decline_claim(actor, services.get_claim(actor, claim_id))


@router.post("/pool", response={201: TransactionOut})
def pool_gift(request, payload: PoolIn, network: str | None = None):
    actor = api_actor(request, network)
    if not services.can_manage(actor):
        raise PermissionDenied
    person = Person.objects.filter(pk=payload.payee_person_id, network=actor.network).first()
    if person is None or not can_view_person(actor, person):
        raise ValidationError({"payee_person_id": _("Unknown person.")})
    with transaction.atomic():
        payee = services.account_for(actor, person=person)
        txn = services.give_from_pool(actor, payee, payload.amount, payload.memo)
    return Status(201, Transaction.objects.prefetch_related("entries").get(pk=txn.pk))


@router.post("/transactions/{txn_id}/reverse", response={201: TransactionOut})
def reverse_transaction(request, txn_id: int, payload: ReverseIn, network: str | None = None):
    actor = api_actor(request, network)
    txn = Transaction.objects.filter(pk=txn_id, network=actor.network).first()
    if txn is None or not services.can_manage(actor):
        raise PermissionDenied
    new = services.reverse_transaction(actor, txn, payload.memo)
    return Status(201, Transaction.objects.prefetch_related("entries").get(pk=new.pk))


@router.get("/figures", response=list[MonthOut])
def figures(request, network: str | None = None):
    actor = api_actor(request, network)
    return [{**r, "month": r["month"].strftime("%Y-%m")} for r in services.monthly_aggregates(actor)]


@router.get("/settings", response=SettingsIO)
def get_settings(request, network: str | None = None):
    actor = api_actor(request, network)
    if actor.network is None or not actor.roles:
        raise PermissionDenied
    return services.settings_for(actor.network)


@router.put("/settings", response=SettingsIO)
def put_settings(request, payload: SettingsIO, network: str | None = None):
    actor = api_actor(request, network)
    return services.update_settings(actor, **payload.dict())


class LimitsIn(Schema):
    min_balance: int = Field(..., ge=-1_000_000, le=0)
    max_balance: int = Field(..., ge=0, le=1_000_000)


@router.put("/accounts/{account_id}/limits", response=AccountOut)
def set_limits(request, account_id: int, payload: LimitsIn, network: str | None = None):
    actor = api_actor(request, network)
    account = services.get_account(actor, account_id, log_view=False)
    account = services.set_limits(actor, account, **payload.dict())
    return _out(account, services.balance(account))
