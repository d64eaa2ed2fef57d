"""A double-entry ledger for a time bank or local credits. Entries and transactions are
append-only (like the audit log): a mistake is undone by a reversal transaction, never an edit."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    pass


class LedgerSettings(models.Model):
    class Mode(models.TextChoices):
        OFF = "off", _("Off")
        HOURS = "hours", _("Hours (time bank)")
        CREDITS = "credits", _("Credits")

    network = models.OneToOneField(
        "networks.Network", on_delete=models.CASCADE, related_name="ledger_settings"
    )
    mode = models.CharField(_("reciprocity"), max_length=10, choices=Mode.choices, default=Mode.OFF)
    unit_name = models.CharField(
        _("name of the unit"), max_length=40, blank=True, help_text=_("e.g. zorgmunten")
    )
    # Amounts are integers: minutes for hours, hundredths for credits.
    default_min = models.IntegerField(_("lowest balance allowed"), default=-600)
    default_max = models.IntegerField(_("highest balance allowed"), default=2400)
    # Given once from the solidarity pool when a person's account opens, so nobody starts in debt.
    starting_credit = models.PositiveIntegerField(_("starting credit for a new account"), default=0)


class Account(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", _("Person")
        ORGANISATION = "organisation", _("Organisation")
        POOL = "pool", _("Solidarity pool")

    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="ledger_accounts")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="ledger_accounts"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ledger_accounts",
    )
    min_balance = models.IntegerField(_("lowest balance allowed"))
    max_balance = models.IntegerField(_("highest balance allowed"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["network", "kind", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "person"],
                condition=models.Q(person__isnull=False),
                name="account_one_per_person",
            ),
            models.UniqueConstraint(
                fields=["network", "organisation"],
                condition=models.Q(organisation__isnull=False),
                name="account_one_per_org",
            ),
            models.CheckConstraint(
                condition=models.Q(min_balance__lte=models.F("max_balance")), name="account_limits_ordered"
            ),
        ]

    def __str__(self) -> str:
        if self.kind == self.Kind.POOL:
            return str(_("Solidarity pool"))
        return str(self.person or self.organisation)


class LedgerQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("The ledger is append-only.")

    def delete(self):
        raise AppendOnlyError("The ledger is append-only.")

    def wipe_memos(self) -> int:
        """The one permitted change: erasure empties free text, amounts stay."""
        return super().update(memo="")


class Transaction(models.Model):
    class Kind(models.TextChoices):
        TRANSFER = "transfer", _("Transfer")
        POOL = "pool", _("Gift from the solidarity pool")
        REVERSAL = "reversal", _("Reversal")
        GRANT = "grant", _("Starting credit")
        MERGE = "merge", _("Balance of a merged duplicate")

    network = models.ForeignKey(
        "networks.Network", on_delete=models.CASCADE, related_name="ledger_transactions"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.TRANSFER)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    on_behalf = models.BooleanField(default=False)
    reverses = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by"
    )
    memo = models.CharField(_("what for"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = LedgerQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("The ledger is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The ledger is append-only.")


class EntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("The ledger is append-only.")

    def delete(self):
        raise AppendOnlyError("The ledger is append-only.")


class Entry(models.Model):
    transaction = models.ForeignKey(Transaction, on_delete=models.PROTECT, related_name="entries")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="entries")
    amount = models.IntegerField()  # minutes or hundredths; the entries of a transaction sum to zero

    objects = EntryQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["account", "transaction"])]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("The ledger is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The ledger is append-only.")


class TransferClaim(models.Model):
    """A helper's request to be paid from someone else's account. Nothing moves until the helped
    person (or staff for them) confirms: otherwise anyone could debit any account on their own word.
    Only the decision fields change after creation."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        DECLINED = "declined", _("Declined")

    DECISION_FIELDS = frozenset({"state", "decided_by", "decided_at", "transaction", "memo"})

    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="ledger_claims")
    payer = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="claims_to_pay")
    payee = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="claims_made")
    amount = models.PositiveIntegerField()
    memo = models.CharField(_("what for"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    transaction = models.OneToOneField(
        Transaction, null=True, blank=True, on_delete=models.PROTECT, related_name="claim"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["network", "state"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="claim_amount_positive"),
        ]

    def save(self, *args, **kwargs):
        # "memo" is among the changeable fields only so that erasure can empty it.
        fields = kwargs.get("update_fields")
        if self.pk is not None and (fields is None or set(fields) - self.DECISION_FIELDS):
            raise AppendOnlyError("A claim only changes through its decision.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Claims are kept.")
