"""Outreach (VVSG function 6, detection by outreach): home visits with a checklist, visit rounds
over streets, and check-in circles (telefooncirkel) with a call log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zorgzaam.core.i18n import pick


class Checklist(models.Model):
    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="checklists")
    name = models.CharField(_("name"), max_length=150)
    active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class ChecklistQuestion(models.Model):
    """One question of a visit checklist. The text is kept per language (a network can edit it)."""

    class Kind(models.TextChoices):
        YES_NO = "yes_no", _("Yes or no")
        SCALE = "scale", _("Scale from 1 to 5")
        TEXT = "text", _("Free text")

    class Theme(models.TextChoices):
        TALENTS = "talents", _("Talents")
        DREAMS = "dreams", _("Dreams")
        CONTACT = "contact", _("Contact with others")
        MOBILITY = "mobility", _("Getting around")
        HOUSING = "housing", _("Housing")
        MONEY = "money", _("Money")
        DIGITAL = "digital", _("Digital matters")
        HEALTH = "health", _("Health")
        OTHER = "other", _("Other")

    checklist = models.ForeignKey(Checklist, on_delete=models.CASCADE, related_name="questions")
    theme = models.CharField(_("theme"), max_length=20, choices=Theme.choices)
    text_nl = models.CharField(max_length=300)
    text_fr = models.CharField(max_length=300, blank=True)
    text_en = models.CharField(max_length=300, blank=True)
    kind = models.CharField(_("kind of answer"), max_length=10, choices=Kind.choices)
    order = models.PositiveSmallIntegerField(default=0)
    # Which answer suggests passing on a worry (yes_no: "yes"/"no"; scale: at or below this number).
    worry_answer = models.CharField(max_length=5, blank=True)
    # Removed questions stay (inactive) so earlier answers keep their question.
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["checklist", "order", "id"]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return pick(self, "text")

    def is_worry(self, value) -> bool:
        if not self.worry_answer or value in (None, ""):
            return False
        if self.kind == self.Kind.SCALE:
            return int(value) <= int(self.worry_answer)
        return str(value) == self.worry_answer


class Round(models.Model):
    """A visit round: the people on chosen streets of an area (or a chosen list), visited by volunteers."""

    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="visit_rounds")
    area = models.ForeignKey(
        "networks.Area",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("area"),
    )
    name = models.CharField(_("name"), max_length=150)
    streets = models.JSONField(_("streets"), default=list, blank=True)
    checklist = models.ForeignKey(Checklist, on_delete=models.PROTECT, related_name="rounds")
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    # People on the chosen streets without contact consent: the coach asks first (no visit planned).
    consent_pending = models.ManyToManyField("people.Person", blank=True, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-id"]

    def __str__(self) -> str:
        return self.name


class Visit(models.Model):
    class Outcome(models.TextChoices):
        PLANNED = "planned", _("Planned")
        AT_HOME = "at_home", _("Visited")
        NOT_AT_HOME = "not_at_home", _("Not at home")
        REFUSED = "refused", _("Did not want a visit")

    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="visits")
    round = models.ForeignKey(Round, null=True, blank=True, on_delete=models.CASCADE, related_name="visits")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="outreach_visits")
    visitor = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outreach_assigned_visits",
        verbose_name=_("visitor"),
    )
    checklist = models.ForeignKey(Checklist, on_delete=models.PROTECT, related_name="visits")
    planned_on = models.DateField(_("planned for"), null=True, blank=True)
    visited_on = models.DateField(_("date of the visit"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, default=Outcome.PLANNED)
    answers = models.JSONField(default=dict, blank=True)  # {question id: value}
    notes = models.TextField(_("notes"), blank=True)
    signals_raised = models.PositiveSmallIntegerField(default=0)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["planned_on", "id"]
        indexes = [models.Index(fields=["network", "visitor", "outcome"])]

    def __str__(self) -> str:
        return f"{self.person.first_name} ({self.get_outcome_display()})"

    @property
    def is_open(self) -> bool:
        # Not at home: try again; only a visit that took place or was refused is finished.
        return self.outcome in (self.Outcome.PLANNED, self.Outcome.NOT_AT_HOME)


class Circle(models.Model):
    """A check-in circle (telefooncirkel): who calls whom, how often."""

    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="checkin_circles")
    area = models.ForeignKey(
        "networks.Area",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("area"),
    )
    name = models.CharField(_("name"), max_length=150)
    coach = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("coach"),
        help_text=_("Hears when someone could not be reached twice in a row."),
    )
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class CircleMember(models.Model):
    class Frequency(models.TextChoices):
        DAILY = "daily", _("Every day")
        TWICE_WEEKLY = "twice_weekly", _("Twice a week")
        WEEKLY = "weekly", _("Every week")
        FORTNIGHTLY = "fortnightly", _("Every two weeks")

    INTERVAL_DAYS = {"daily": 1, "twice_weekly": 3, "weekly": 7, "fortnightly": 14}

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="checkin_memberships")
    caller = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="checkin_calls_to_make",
        verbose_name=_("caller"),
    )
    frequency = models.CharField(_("how often"), max_length=15, choices=Frequency.choices, default="weekly")
    started_on = models.DateField(_("from"))
    # The next day a call is due: after a reached call the interval, after no answer the next day.
    next_due_on = models.DateField(_("next call"))
    last_call_on = models.DateField(null=True, blank=True)
    missed_in_row = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["circle", "person__first_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["circle", "person"], condition=models.Q(active=True), name="circle_member_once"
            )
        ]

    @property
    def interval_days(self) -> int:
        return self.INTERVAL_DAYS[self.frequency]


class Call(models.Model):
    class Outcome(models.TextChoices):
        REACHED = "reached", _("Reached, all well")
        NOT_REACHED = "not_reached", _("Not reached")
        SIGNAL = "signal", _("Reached, with a worry to pass on")

    member = models.ForeignKey(CircleMember, on_delete=models.CASCADE, related_name="calls")
    caller = models.ForeignKey("people.Person", null=True, on_delete=models.SET_NULL, related_name="+")
    called_on = models.DateField(_("date"))
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    signal_id = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-called_on", "-id"]


class OutreachSettings(models.Model):
    """Per-network settings of home visits and the telephone circle."""

    network = models.OneToOneField(
        "networks.Network", on_delete=models.CASCADE, related_name="outreach_settings"
    )
    missed_calls_before_next_step = models.PositiveSmallIntegerField(
        _("suggest a next step after this many missed calls in a row"), default=3
    )
