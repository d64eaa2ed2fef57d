"""The care pathway (VVSG functions 6 and 7): a worry noticed (Signal) becomes a Request that is
triaged and answered by informal help (Match) and/or a warm referral to a partner (Referral),
followed up on a timeline until it is closed with how it went."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zorgzaam.core.i18n import TranslatedNameMixin
from zorgzaam.core.texts import TIMELINE


class Theme(TranslatedNameMixin, models.Model):
    """What a worry or request is about. network empty = available in every network."""

    network = models.ForeignKey(
        "networks.Network", null=True, blank=True, on_delete=models.CASCADE, related_name="care_themes"
    )
    code = models.SlugField(max_length=60)
    name_nl = models.CharField(max_length=120)
    name_fr = models.CharField(max_length=120)
    name_en = models.CharField(max_length=120)

    class Meta:
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["network", "code"], name="care_theme_unique_code")]


class Urgency(models.TextChoices):
    LOW = "low", _("Can wait")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("Soon")
    URGENT = "urgent", _("Urgent")


class PolicyTagged(models.Model):
    """A structural bottleneck noticed in one case: input for policy advice (only counted, never listed)."""

    policy_theme = models.ForeignKey(
        Theme,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("structural bottleneck about"),
    )
    policy_note = models.CharField(_("bottleneck in a few words"), max_length=300, blank=True)
    policy_tagged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_policy_tagged(self) -> bool:
        return self.policy_theme_id is not None


class Signal(PolicyTagged):
    """A worry noticed by someone in the neighbourhood, possibly about someone not yet known by name."""

    class Source(models.TextChoices):
        VISIT = "visit", _("Home visit")
        PHONE = "phone", _("Phone call")
        DESK = "desk", _("At the desk")
        NEIGHBOUR = "neighbour", _("A neighbour")
        SHOPKEEPER = "shopkeeper", _("A shopkeeper")
        VOLUNTEER = "volunteer", _("A volunteer")
        PARTNER = "partner", _("A partner organisation")
        PROFESSIONAL = "professional", _("A professional")
        SELF = "self", _("The person themselves")
        CHECKIN = "checkin", _("A check-in call")

    class ConsentStatus(models.TextChoices):
        GIVEN = "given", _("The person agrees")
        REFUSED = "refused", _("The person does not agree")
        NOT_POSSIBLE = "not_possible", _("Could not be asked")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        REQUEST = "request", _("Became a request")
        CLOSED = "closed", _("Closed")

    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="care_signals")
    person = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="care_signals",
        verbose_name=_("person"),
    )
    suggested_person = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A known person at the same address, offered for linking (never linked silently).",
    )
    address_text = models.CharField(_("address"), max_length=250, blank=True)
    description_of_person = models.CharField(_("who is it about"), max_length=300, blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="signals", verbose_name=_("themes"))
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    description = models.TextField(_("what was noticed"))
    source = models.CharField(_("noticed by"), max_length=20, choices=Source.choices)
    consent_status = models.CharField(
        _("does the person agree?"), max_length=20, choices=ConsentStatus.choices
    )
    consent_reason = models.CharField(_("why it could not be asked"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="care_signals"
    )
    area = models.ForeignKey(
        "networks.Area",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="care_signals",
        verbose_name=_("area"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("signal")
        verbose_name_plural = _("signals")
        indexes = [models.Index(fields=["network", "status", "-created_at"])]

    def __str__(self) -> str:
        return f"#{self.pk}"


class Request(PolicyTagged):
    """A request for help of one resident, followed from intake to close."""

    class Origin(models.TextChoices):
        SIGNAL = "signal", _("From a signal")
        ONLINE = "online", _("Online by the resident")
        PHONE = "phone", _("By phone")
        DESK = "desk", _("At the desk")

    class Status(models.TextChoices):
        NEW = "new", _("New")
        TRIAGED = "triaged", _("Assessed")
        MATCHED = "matched", _("Helper proposed")
        REFERRED = "referred", _("Referred")
        IN_PROGRESS = "in_progress", _("In progress")
        CLOSED = "closed", _("Closed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Outcome(models.TextChoices):
        SOLVED = "solved", _("Solved")
        PARTLY = "partly", _("Partly solved")
        NOT_SOLVED = "not_solved", _("Not solved")
        NO_LONGER_NEEDED = "no_longer_needed", _("No longer needed")

    class Verdict(models.IntegerChoices):
        BAD = 1, _("Not good")
        OKAY = 2, _("Okay")
        GOOD = 3, _("Good")

    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="care_requests")
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="care_requests", verbose_name=_("resident")
    )
    area = models.ForeignKey(
        "networks.Area",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="care_requests",
        verbose_name=_("area"),
    )
    origin = models.CharField(_("how it came in"), max_length=10, choices=Origin.choices)
    signal = models.ForeignKey(
        Signal, null=True, blank=True, on_delete=models.SET_NULL, related_name="requests"
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="requests", verbose_name=_("themes"))
    description = models.TextField(_("what is the question"))
    needs = models.ManyToManyField(
        "people.Tag", blank=True, related_name="care_requests", verbose_name=_("kind of help")
    )
    needs_screened_helper = models.BooleanField(
        _("help inside the home"),
        default=False,
        help_text=_("Only helpers with a valid criminal record extract and insurance."),
    )
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.NEW)
    # Staff opt in per request (care/open_tasks.py): screened volunteers with room may then take it.
    open_to_volunteers = models.BooleanField(_("open for volunteers to pick"), default=False)
    owner = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_care_requests",
        verbose_name=_("followed up by"),
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(_("how it went"), blank=True)
    resident_verdict = models.PositiveSmallIntegerField(
        _("what the resident thinks"), choices=Verdict.choices, null=True, blank=True
    )
    resident_verdict_note = models.CharField(_("in the resident's own words"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    on_behalf = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    last_activity_at = models.DateTimeField(auto_now_add=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("request")
        verbose_name_plural = _("requests")
        indexes = [
            models.Index(fields=["network", "status", "-created_at"]),
            models.Index(fields=["status", "last_activity_at"]),
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status not in (self.Status.CLOSED, self.Status.WITHDRAWN)


class TimelineEntry(models.Model):
    """One step on a request's timeline: who did what, when, with an optional note.

    The step's sentence is a kind registered in core.texts.TIMELINE (care/texts.py) plus parameters,
    rendered in the reader's language. `text` is LEGACY: the sentence as stored before kinds existed
    (shown as it is when `kind` is empty)."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="timeline")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    what = models.CharField(max_length=40)
    kind = models.CharField(max_length=60, blank=True)
    params = models.JSONField(default=dict, blank=True)
    text = models.CharField(max_length=300, blank=True)  # legacy, see above
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "id"]

    def display_text(self) -> str:
        """The step's sentence in the active language (the reader's)."""
        if self.kind in TIMELINE:
            return TIMELINE.render(self.kind, self.params).title
        return self.text


class Match(models.Model):
    """Informal help: a neighbour, volunteer or buddy helping with one request."""

    class State(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACCEPTED = "accepted", _("Accepted")
        IN_PROGRESS = "in_progress", _("Under way")
        DONE = "done", _("Done")
        DECLINED = "declined", _("Declined")
        TOO_HEAVY = "too_heavy", _("Too heavy for the helper")
        CANCELLED = "cancelled", _("Cancelled")

    ACTIVE = ("proposed", "accepted", "in_progress")

    class Rating(models.IntegerChoices):
        BAD = 1, _("Not good")
        OKAY = 2, _("Okay")
        GOOD = 3, _("Good")

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="matches")
    helper = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="care_matches", verbose_name=_("helper")
    )
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.PROPOSED)
    score = models.FloatField(null=True, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    helper_note = models.CharField(_("note from the helper"), max_length=500, blank=True)
    helper_rating = models.PositiveSmallIntegerField(
        _("how it went for the helper"), choices=Rating.choices, null=True, blank=True
    )
    helper_feedback = models.CharField(_("helper's words"), max_length=500, blank=True)
    resident_rating = models.PositiveSmallIntegerField(
        _("how it went for the resident"), choices=Rating.choices, null=True, blank=True
    )
    resident_feedback = models.CharField(_("resident's words"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # When the match stopped being active (done, declined, cancelled): the helper's grace period
    # for reading the task counts from here, not from updated_at (feedback touches that).
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        constraints = [
            # Two coordinators confirming at once: the database refuses the second active match.
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(state__in=["proposed", "accepted", "in_progress"]),
                name="care_one_active_match_per_request",
            )
        ]

    @property
    def is_active(self) -> bool:
        return self.state in self.ACTIVE


class Referral(models.Model):
    """A warm referral to a partner organisation (service), with only the data the person agreed to share."""

    class Status(models.TextChoices):
        SENT = "sent", _("Sent")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        INFO_REQUESTED = "info_requested", _("More information asked")
        CLOSED = "closed", _("Closed")

    ACTIVE = ("sent", "accepted", "info_requested")

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="referrals")
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="care_referrals",
        verbose_name=_("organisation"),
    )
    service = models.ForeignKey(
        "socialmap.Service",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="care_referrals",
        verbose_name=_("service"),
    )
    message = models.TextField(_("message to the partner"))
    shared_data = models.JSONField(default=dict, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SENT)
    partner_note = models.TextField(_("answer from the partner"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=300, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE


class CareSettings(models.Model):
    """Per-network settings of the care pathway."""

    network = models.OneToOneField("networks.Network", on_delete=models.CASCADE, related_name="care_settings")
    reminder_days = models.PositiveSmallIntegerField(
        _("remind the follower after this many quiet days"), default=7
    )
    helper_grace_days = models.PositiveSmallIntegerField(
        _("a helper still sees a finished task for this many days"), default=7
    )


class BatchRun(models.Model):
    """One batch assignment sent under an idempotency key (API header or the page's hidden field): the
    hash of what was asked and the result, written in the same transaction as the matches it made, so
    a retry after a crash or a lost answer gets the same result and never doubles a match."""

    class State(models.TextChoices):
        PENDING = "pending", _("Running or interrupted")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="+")
    # Keys are the sender's own: another user's key is another run, and never shown to them.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    request_hash = models.CharField(max_length=64)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    result = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["network", "user", "key"], name="care_batchrun_unique_key")
        ]
        indexes = [models.Index(fields=["created_at"])]
