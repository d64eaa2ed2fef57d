"""The rights of the person for the time bank: data export, erasure and the retention guard."""

from __future__ import annotations

from django.db.models import Q, Sum

from zorgzaam.people.models import Person
from zorgzaam.reciprocity.amounts import format_amount
from zorgzaam.reciprocity.models import Account, Entry, Transaction, TransferClaim
from zorgzaam.reciprocity.selectors import balance, settings_for, statement


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
