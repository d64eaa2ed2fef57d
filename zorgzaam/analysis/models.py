"""Neighbourhood analysis (VVSG function 1): qualitative observations, neighbourhood surveys,
dated snapshots and the configurable hospiscore. The numbers themselves live in the sectors app."""

from __future__ import annotations

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _


class Theme(models.TextChoices):
    MEETING = "meeting", _("Meeting and contact")
    CARE = "care", _("Care and support")
    HOUSING = "housing", _("Housing")
    MOBILITY = "mobility", _("Getting around")
    SAFETY = "safety", _("Safety")
    INFORMATION = "information", _("Information and access")
    VOLUNTEERING = "volunteering", _("Volunteering and talents")
    INCLUSION = "inclusion", _("Everyone included")
    DIGITAL = "digital", _("Digital")
    PUBLIC_SPACE = "public_space", _("Public space and green")
    OTHER = "other", _("Other")


class Observation(models.Model):
    """A finding from a neighbourhood walk, conversation, focus group or meeting.

    Appreciative by design: a strength (what works, which talents) is as valuable as a need.
    Never about one identifiable resident."""

    class Kind(models.TextChoices):
        STRENGTH = "strength", _("Strength")
        NEED = "need", _("Need")

    class Source(models.TextChoices):
        WALK = "walk", _("Neighbourhood walk")
        CONVERSATION = "conversation", _("Conversation")
        FOCUS_GROUP = "focus_group", _("Focus group")
        MEETING = "meeting", _("Meeting")
        OTHER = "other", _("Other")

    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="observations")
    area = models.ForeignKey(
        "networks.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="observations"
    )
    sector_code = models.CharField(_("statistical sector code"), max_length=20, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    theme = models.CharField(_("theme"), max_length=20, choices=Theme.choices, default=Theme.OTHER)
    kind = models.CharField(_("strength or need"), max_length=10, choices=Kind.choices)
    text = models.TextField(_("what was seen or heard"))
    observed_on = models.DateField(_("date"))
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, default=Source.WALK)
    shareable = models.BooleanField(
        _("may be shown to policy viewers"),
        default=False,
        help_text=_("Only tick this when the text says nothing about one person."),
    )
    created_by = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-observed_on", "-pk"]
        indexes = [models.Index(fields=["network", "kind", "theme"])]
        verbose_name = _("observation")
        verbose_name_plural = _("observations")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"


class Survey(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open for answers")
        CLOSED = "closed", _("Closed")

    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="surveys")
    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    key = models.CharField(max_length=40, unique=True, editable=False)
    allow_anonymous = models.BooleanField(_("allow anonymous answers with a one-time code"), default=True)
    created_by = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if not self.key:
            self.key = secrets.token_urlsafe(12)
        super().save(*args, **kwargs)


class Question(models.Model):
    class Kind(models.TextChoices):
        LIKERT = "likert", _("Scale from 1 to 5")
        SINGLE = "single", _("One choice")
        MULTIPLE = "multiple", _("Several choices")
        OPEN = "open", _("Open answer")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(_("kind of question"), max_length=10, choices=Kind.choices)
    text = models.CharField(_("question"), max_length=300)
    choices = models.JSONField(_("choices"), default=list, blank=True)
    required = models.BooleanField(_("answer required"), default=False)

    class Meta:
        ordering = ["survey", "order", "pk"]

    def __str__(self) -> str:
        return self.text


class SurveyToken(models.Model):
    """A one-time code for an anonymous answer (handed out on paper or by a volunteer)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="tokens")
    token = models.CharField(max_length=40, unique=True)
    used_at = models.DateTimeField(null=True, blank=True)

    @staticmethod
    def new_code() -> str:
        return secrets.token_urlsafe(9)


class Response(models.Model):
    class Channel(models.TextChoices):
        ONLINE = "online", _("Online")
        PAPER = "paper", _("Paper, typed in by staff")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    area = models.ForeignKey(
        "networks.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="survey_responses"
    )
    # Only to prevent answering twice; results never show who answered.
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="survey_responses"
    )
    token = models.OneToOneField(SurveyToken, null=True, blank=True, on_delete=models.SET_NULL)
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.ONLINE)
    entered_by = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["survey", "pk"]
        constraints = [models.UniqueConstraint(fields=["survey", "person"], name="response_once_per_person")]


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    number = models.PositiveSmallIntegerField(null=True, blank=True)
    choices = models.JSONField(default=list, blank=True)
    text = models.TextField(blank=True)


class HospiscoreProfile(models.Model):
    """How a network defines its hospiscore: a weighted sum of normalised components.
    The seed only defines the idea in words; every profile is an explicit, visible assumption."""

    network = models.ForeignKey(
        "networks.Network", on_delete=models.CASCADE, related_name="hospiscore_profiles"
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    is_default = models.BooleanField(_("default profile"), default=False)

    class Meta:
        ordering = ["network", "-is_default", "name"]
        verbose_name = _("hospiscore profile")

    def __str__(self) -> str:
        return self.name


class HospiscoreComponent(models.Model):
    class Normalisation(models.TextChoices):
        MINMAX = "minmax", _("Lowest area 0, highest area 1")
        ZSCORE = "zscore", _("Distance from the average (z-score)")

    profile = models.ForeignKey(HospiscoreProfile, on_delete=models.CASCADE, related_name="components")
    measure = models.CharField(
        _("measure"),
        max_length=80,
        help_text=_("A built-in measure, or 'indicator:' followed by an indicator code."),
    )
    label = models.CharField(_("label"), max_length=200, blank=True)
    direction = models.SmallIntegerField(
        _("direction"), choices=[(1, _("more is better")), (-1, _("less is better"))], default=1
    )
    weight = models.FloatField(_("weight"), default=1.0)
    normalisation = models.CharField(
        _("normalisation"), max_length=10, choices=Normalisation.choices, default=Normalisation.MINMAX
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["profile", "order", "pk"]


class Snapshot(models.Model):
    """The analysis frozen at a date, so that change over time can be shown."""

    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="snapshots")
    taken_on = models.DateField(_("date"))
    label = models.CharField(_("label"), max_length=200)
    data = models.JSONField(default=dict)
    created_by = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-taken_on", "-pk"]
        verbose_name = _("snapshot")

    def __str__(self) -> str:
        return f"{self.label} ({self.taken_on})"
