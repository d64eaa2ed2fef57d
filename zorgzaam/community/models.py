"""Community life (VVSG functions 3 and 4): places where people meet, the activities held there,
their occurrences with registrations, attendance and evaluations, and personal invitations."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Place(models.Model):
    """A 'verbindende plek': fixed (buurthuis, shop, garden, LDC) or mobile (a cart with a route)."""

    class Kind(models.TextChoices):
        COMMUNITY_CENTRE = "community_centre", _("Community centre")
        LDC = "ldc", _("Local service centre")
        SHOP = "shop", _("Shop or café")
        GARDEN = "garden", _("Garden")
        CART = "cart", _("Mobile cart")
        OTHER = "other", _("Other")

    class Feature(models.TextChoices):
        WHEELCHAIR = "wheelchair", _("Wheelchair accessible")
        TOILET = "toilet", _("Accessible toilet")
        HEARING_LOOP = "hearing_loop", _("Hearing loop")
        SEATING = "seating", _("Seats to rest")
        PARKING = "parking", _("Parking nearby")
        PUBLIC_TRANSPORT = "public_transport", _("Bus or tram nearby")

    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="places")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    mobile = models.BooleanField(_("mobile (moves along a route)"), default=False)
    description = models.TextField(_("description"), blank=True)
    area = models.ForeignKey(
        "networks.Area", null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("area")
    )
    address = models.CharField(_("address"), max_length=250, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    owner_organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_places",
        verbose_name=_("owned by (organisation)"),
    )
    owner_person = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_places",
        verbose_name=_("owned by (person)"),
    )
    runner_organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="run_places",
        verbose_name=_("run by (organisation)"),
    )
    runner_person = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="run_places",
        verbose_name=_("run by (person)"),
    )
    accessibility = models.JSONField(_("accessibility"), default=list, blank=True)
    opening_hours = models.TextField(_("opening hours"), blank=True)
    schedule = models.CharField(
        _("schedule of the route"),
        max_length=200,
        blank=True,
        help_text=_("For a mobile place: when the route is driven, e.g. 'every Wednesday'."),
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("place")
        verbose_name_plural = _("places")

    def __str__(self) -> str:
        return self.name

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    def feature_labels(self) -> list[str]:
        labels = dict(self.Feature.choices)
        return [str(labels[c]) for c in self.accessibility if c in labels]


class RouteStop(models.Model):
    """One stop of a mobile place's route, in order."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="stops")
    order = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("stop"), max_length=200)
    time = models.TimeField(_("time"))
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)

    class Meta:
        ordering = ["place", "order"]
        constraints = [models.UniqueConstraint(fields=["place", "order"], name="routestop_unique_order")]

    def __str__(self) -> str:
        return f"{self.time:%H:%M} {self.name}"


class Activity(models.Model):
    """A meeting moment: one-off (no rule) or recurring (an iCalendar RRULE in local time)."""

    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="activities")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    place = models.ForeignKey(
        Place,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
        verbose_name=_("place"),
    )
    area = models.ForeignKey(
        "networks.Area", null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("area")
    )
    organisers = models.ManyToManyField(
        "people.Person", blank=True, related_name="organised_activities", verbose_name=_("organisers")
    )
    start_date = models.DateField(_("first date"))
    start_time = models.TimeField(_("start time"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=120)
    rrule = models.CharField(
        _("repeat rule"),
        max_length=200,
        blank=True,
        help_text=_("iCalendar rule, e.g. FREQ=WEEKLY;BYDAY=TU. Empty for a one-off activity."),
    )
    exdates = models.JSONField(_("dates skipped"), default=list, blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("number of places"), null=True, blank=True, help_text=_("Empty means no limit.")
    )
    price = models.CharField(_("price"), max_length=60, blank=True)
    public = models.BooleanField(_("show on the public neighbourhood page"), default=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return self.title


class Occurrence(models.Model):
    """One date of an activity. Rows are generated from the rule; `original_start` keys them so that a
    moved occurrence keeps its registrations and is not generated again."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="occurrences")
    original_start = models.DateTimeField()
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    cancelled = models.BooleanField(_("cancelled"), default=False)
    head_count = models.PositiveSmallIntegerField(_("people present without a name"), null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "original_start"], name="occurrence_unique_start")
        ]
        indexes = [models.Index(fields=["starts_at"])]

    def __str__(self) -> str:
        return f"{self.activity.title} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def moved(self) -> bool:
        return self.starts_at != self.original_start


class Registration(models.Model):
    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE, related_name="registrations")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="registrations")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    on_behalf = models.BooleanField(_("registered by someone else"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    promoted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["occurrence", "person"],
                condition=~models.Q(status="cancelled"),
                name="registration_one_active",
            )
        ]


class Attendance(models.Model):
    """A named presence. Anonymous presences are the occurrence's head_count."""

    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="attendances")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["occurrence", "person"], name="attendance_unique")]


class Evaluation(models.Model):
    """'Hoe is 't geweest?': anonymous on purpose, so no person is stored."""

    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE, related_name="evaluations")
    score = models.PositiveSmallIntegerField(_("how was it"))
    comment = models.TextField(_("anything to add"), blank=True)
    by_organiser = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="evaluation_score_1_5"
            )
        ]


class Invitation(models.Model):
    """A personal invitation of someone not reached yet, by a volunteer visit, a call or a letter."""

    class Channel(models.TextChoices):
        VISIT = "visit", _("Visit by a volunteer")
        PHONE = "phone", _("Phone call")
        LETTER = "letter", _("Letter")

    class Outcome(models.TextChoices):
        OPEN = "open", _("Still to do")
        INVITED = "invited", _("Invited")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        NOT_REACHED = "not_reached", _("Not reached")
        CAME = "came", _("Came")

    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="invitations")
    activity = models.ForeignKey(
        Activity,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitations",
        verbose_name=_("activity"),
    )
    assigned_to = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_invitations",
        verbose_name=_("volunteer"),
    )
    channel = models.CharField(_("how"), max_length=10, choices=Channel.choices, default=Channel.VISIT)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, default=Outcome.OPEN)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
