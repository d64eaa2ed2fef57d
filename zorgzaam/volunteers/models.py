from django.conf import settings
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


class OnboardingStep(models.Model):
    """A step every new volunteer goes through, configurable per network (intake talk, agreement...)."""

    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="onboarding_steps")
    code = models.SlugField(max_length=60)
    name = models.CharField(_("name"), max_length=150)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["network", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["network", "code"], name="onboardingstep_unique")]
        verbose_name = _("onboarding step")

    def __str__(self) -> str:
        return self.name


class OnboardingProgress(models.Model):
    """A step a volunteer has completed. No row means 'not done yet'."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="onboarding_done")
    step = models.ForeignKey(OnboardingStep, on_delete=models.CASCADE, related_name="progress")
    done_on = models.DateField(_("done on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "step"], name="onboarding_progress_unique")]


class SafeguardingReminder(models.Model):
    """One reminder sent for one record at one threshold: the unique constraint keeps the task idempotent."""

    record = models.ForeignKey(SafeguardingRecord, on_delete=models.CASCADE, related_name="reminders")
    threshold_days = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["record", "threshold_days"], name="safeguarding_reminder_once")
        ]


class ThankYou(models.Model):
    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="thank_yous")
    from_person = models.ForeignKey(
        "people.Person", null=True, on_delete=models.SET_NULL, related_name="thanks_given"
    )
    to_person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="thanks_received")
    message = models.CharField(_("what for"), max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("thank-you")


class Appreciation(models.Model):
    """What the network does to value a volunteer: an event, a small gift, a training offered."""

    class Kind(models.TextChoices):
        EVENT = "event", _("Event")
        GIFT = "gift", _("Gift")
        TRAINING = "training", _("Training offered")
        OTHER = "other", _("Other")

    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="appreciations")
    person = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="appreciations",
        help_text=_("Empty: for all volunteers."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("what"), max_length=200)
    date = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("appreciation")


class HoursEntry(models.Model):
    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="hours_entries")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="hours_entries")
    date = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=2)
    activity = models.CharField(_("activity or task"), max_length=200)
    link = models.CharField(_("link"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["person", "date"])]
        verbose_name = _("hours given")


class Initiative(models.Model):
    """Started and owned by residents or volunteers; the network supports, it never takes over."""

    class Status(models.TextChoices):
        IDEA = "idea", _("Idea")
        RUNNING = "running", _("Running")
        PAUSED = "paused", _("Paused")
        ENDED = "ended", _("Ended")

    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="initiatives")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.IDEA)
    support_asked = models.TextField(_("what support you ask from the network"), blank=True)
    owners = models.ManyToManyField(
        "people.Person", related_name="initiatives_owned", verbose_name=_("owners")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("initiative")

    def __str__(self) -> str:
        return self.title


class InitiativeSupport(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="support_given")
    given_by = models.ForeignKey(
        "people.Person", null=True, on_delete=models.SET_NULL, related_name="initiative_support"
    )
    date = models.DateField(_("date"))
    description = models.CharField(_("support given"), max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
