"""The BeST address register (FPS BOSA "openaddress" files), kept locally: addresses are looked up here
and never sent to an outside service. One Street per BeST street id, one Address per BeST address id.
Normalised columns (`search`, `number_norm`, `box_norm`) serve matching and the street autocomplete."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Street(models.Model):
    best_id = models.CharField(max_length=100)
    municipality_id = models.CharField(_("municipality (NIS code)"), max_length=5, db_index=True)
    municipality_nl = models.CharField(max_length=100, blank=True)
    municipality_fr = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    name_nl = models.CharField(max_length=200, blank=True)
    name_fr = models.CharField(max_length=200, blank=True)
    name_de = models.CharField(max_length=200, blank=True)
    # Every name, normalised (normalize.text), separated by " | ": what the autocomplete searches.
    search = models.CharField(max_length=650)

    class Meta:
        ordering = ["name_nl", "name_fr", "id"]
        verbose_name = _("street")
        # A constraint, not unique=True: PostgreSQL would get a second (pattern) index to maintain.
        constraints = [models.UniqueConstraint(fields=["best_id"], name="street_best_id_unique")]
        # The trigram index on `search` (PostgreSQL only) is made in migration 0002.

    def __str__(self) -> str:
        return self.name_nl or self.name_fr or self.name_de

    def name_in(self, language: str) -> str:
        first = {"fr": self.name_fr, "de": self.name_de}.get(language[:2], self.name_nl)
        return first or self.name_nl or self.name_fr or self.name_de


class Address(models.Model):
    class Status(models.TextChoices):
        CURRENT = "current", _("Current")
        PROPOSED = "proposed", _("Proposed")

    best_id = models.CharField(max_length=100)
    # No database constraint or index of its own: the loader writes streets before their addresses in
    # one statement order, and `address_lookup` starts with the street. Each index and per-row check
    # costs minutes on a 3-million-row import.
    street = models.ForeignKey(
        Street,
        to_field="best_id",
        on_delete=models.CASCADE,
        related_name="addresses",
        db_constraint=False,
        db_index=False,
    )
    house_number = models.CharField(max_length=20)
    box_number = models.CharField(max_length=40, blank=True)
    number_norm = models.CharField(max_length=20)
    box_norm = models.CharField(max_length=40, blank=True)
    postcode = models.CharField(max_length=10)
    municipality_id = models.CharField(max_length=5)
    status = models.CharField(max_length=10, choices=Status.choices)
    latitude = models.FloatField()
    longitude = models.FloatField()

    class Meta:
        ordering = ["street", "number_norm", "box_norm", "id"]
        verbose_name = _("address")
        indexes = [models.Index(fields=["street", "number_norm", "box_norm"], name="address_lookup")]
        constraints = [models.UniqueConstraint(fields=["best_id"], name="address_best_id_unique")]

    def __str__(self) -> str:
        box = f" bus {self.box_number}" if self.box_number else ""
        return f"{self.street} {self.house_number}{box}, {self.postcode}"


class PersonPlacement(models.Model):
    """How a person's address was matched to the register, for the "to place" worklist. Holds no
    personal data of its own (the address stays on the Person)."""

    class Outcome(models.TextChoices):
        PLACED = "placed", _("Placed")
        NOT_FOUND = "not_found", _("Address not found")
        NO_ADDRESS = "no_address", _("No address")
        MANUAL = "manual", _("Point entered by hand")

    person = models.OneToOneField("people.Person", on_delete=models.CASCADE, related_name="address_match")
    address = models.ForeignKey(Address, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    outcome = models.CharField(max_length=12, choices=Outcome.choices)
    checked_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["outcome"], name="personplacement_outcome")]
