"""Merging two persons (issue 12): the time bank's part. The ledger is append-only, so the duplicate's
account is not re-pointed when the survivor has one of its own: its balance moves to the survivor's
account by one balancing transaction (the books still sum to zero) and the emptied account stays,
with its history, on the merged record."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from zorgzaam.audit import kinds
from zorgzaam.audit.services import record
from zorgzaam.reciprocity.models import Account, Transaction
from zorgzaam.reciprocity.selectors import balance
from zorgzaam.reciprocity.services import post_transaction

BALANCE_MERGED = kinds.register(
    "reciprocity.balance_merged",
    gettext_lazy("Time bank: balance of a merged duplicate moved"),
    gettext_lazy("Moved from account #%(from_account)s to account #%(to_account)s"),
    sample={"from_account": 1, "to_account": 2},
)


def merge_person(actor, survivor, duplicate) -> None:
    """Merge hook (people.merge runs it with a coordinator's actor, inside the merge transaction)."""
    for dup_account in Account.objects.select_for_update().filter(person=duplicate).order_by("pk"):
        mine = Account.objects.filter(network_id=dup_account.network_id, person=survivor).first()
        if mine is None:
            Account.objects.filter(pk=dup_account.pk).update(person=survivor)
            continue
        amount = balance(dup_account)
        if amount == 0:
            continue
        txn = post_transaction(
            actor,
            kind=Transaction.Kind.MERGE,
            legs=[(dup_account, -amount), (mine, amount)],
            memo="",
            on_behalf=True,
            limits=False,  # a balance that already exists moves whole, whatever the limits
        )
        record(
            actor,
            BALANCE_MERGED,
            subject=survivor,
            obj=txn,
            data={"from_account": dup_account.pk, "to_account": mine.pk},
        )
