"""Action plans: a matrix of strategic domains x operational goals (the 004 'weeftouw'), actions
linked to one or more goals, indicators with targets and measurements over time."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Plan(models.Model):
    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="plans")
    title = models.CharField(_("title"), max_length=200)
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"))
    template = models.CharField(_("made from template"), max_length=60, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "title"]
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")

    def __str__(self) -> str:
        return self.title


class Domain(models.Model):
    """A row of the matrix (strategic domain, e.g. 'SD2 Nabije zorg')."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="domains")
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["plan", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="plan_domain_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Track(models.Model):
    """A column of the matrix (operational goal, e.g. 'Digitalisering')."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tracks")
    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["plan", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["plan", "name"], name="plan_track_name")]

    def __str__(self) -> str:
        return self.name


class Goal(models.Model):
    """A filled cell of the matrix (an action cluster). A cell without a Goal is deliberately empty."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    domain = models.ForeignKey(Domain, on_delete=models.CASCADE, related_name="goals")
    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="goals")
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("goal"), max_length=300, blank=True)
    sdgs = models.JSONField(_("sustainable development goals"), default=list, blank=True)

    class Meta:
        ordering = ["plan", "domain__order", "track__order"]
        constraints = [
            models.UniqueConstraint(fields=["domain", "track"], name="plan_goal_cell"),
            models.UniqueConstraint(fields=["plan", "code"], name="plan_goal_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()


class Action(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        STOPPED = "stopped", _("Stopped")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    goals = models.ManyToManyField(Goal, related_name="actions", verbose_name=_("goals"))
    vvsg_functions = models.JSONField(_("VVSG functions"), default=list, blank=True)
    observations = models.ManyToManyField(
        "analysis.Observation", blank=True, related_name="actions", verbose_name=_("observations")
    )
    snapshot = models.ForeignKey(
        "analysis.Snapshot", null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    snapshot_item = models.CharField(_("finding in the snapshot"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan", "title"]

    def __str__(self) -> str:
        return self.title


class Indicator(models.Model):
    """Impact indicators belong to a domain or a goal; effort and process indicators to an action."""

    class Kind(models.TextChoices):
        IMPACT = "impact", _("Impact")
        EFFORT = "effort", _("Effort")
        PROCESS = "process", _("Process")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="indicators")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    domain = models.ForeignKey(
        Domain, null=True, blank=True, on_delete=models.CASCADE, related_name="indicators"
    )
    goal = models.ForeignKey(Goal, null=True, blank=True, on_delete=models.CASCADE, related_name="indicators")
    action = models.ForeignKey(
        Action, null=True, blank=True, on_delete=models.CASCADE, related_name="indicators"
    )
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    baseline = models.FloatField(_("starting value"), default=0)
    target = models.FloatField(_("target value"))

    class Meta:
        ordering = ["plan", "kind", "name"]

    def __str__(self) -> str:
        return self.name


class Measurement(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    measured_on = models.DateField(_("date"))
    value = models.FloatField(_("value"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["indicator", "measured_on", "pk"]
