from django.db import models
from django.utils.translation import gettext_lazy as _


class VolunteerProfile(models.Model):
    """What a volunteer can take on. The load cap protects volunteers: matching never goes past it."""

    person = models.OneToOneField("people.Person", on_delete=models.CASCADE, related_name="volunteer_profile")
    max_active_tasks = models.PositiveSmallIntegerField(_("maximum tasks at the same time"), default=3)
    max_distance_km = models.FloatField(_("how far they want to go (km)"), default=3.0)
    started_on = models.DateField(_("volunteer since"), null=True, blank=True)

    class Meta:
        verbose_name = _("volunteer profile")

    def __str__(self) -> str:
        return str(self.person)


class SafeguardingRecord(models.Model):
    """Evidence that a volunteer may do certain tasks: an extract from the criminal record
    (uittreksel strafregister), insurance, a training or intervision attended."""

    class Kind(models.TextChoices):
        CRIMINAL_RECORD = "criminal_record", _("Extract from the criminal record")
        INSURANCE = "insurance", _("Volunteer insurance")
        TRAINING = "training", _("Training")
        INTERVISION = "intervision", _("Intervision")

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="safeguarding_records")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    issued_on = models.DateField(_("date"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued_on"]
        verbose_name = _("safeguarding record")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.issued_on}"

    def is_valid_on(self, day) -> bool:
        return self.issued_on <= day and (self.valid_until is None or day <= self.valid_until)
