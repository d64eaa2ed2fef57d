from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zorgzaam.core.i18n import TranslatedNameMixin
from zorgzaam.people.namekey import name_key


class Language(TranslatedNameMixin, models.Model):
    code = models.CharField(max_length=10, unique=True)
    name_nl = models.CharField(max_length=80)
    name_fr = models.CharField(max_length=80)
    name_en = models.CharField(max_length=80)

    class Meta:
        ordering = ["code"]


class Tag(TranslatedNameMixin, models.Model):
    """A talent, need, dream or theme word. ABCD sorts talents into head, hands and heart."""

    class Domain(models.TextChoices):
        HEAD = "head", _("Head (knowing)")
        HANDS = "hands", _("Hands (doing)")
        HEART = "heart", _("Heart (caring)")

    network = models.ForeignKey(
        "networks.Network", null=True, blank=True, on_delete=models.CASCADE, related_name="tags"
    )
    code = models.SlugField(max_length=60)
    domain = models.CharField(max_length=10, choices=Domain.choices)
    name_nl = models.CharField(max_length=120)
    name_fr = models.CharField(max_length=120)
    name_en = models.CharField(max_length=120)

    class Meta:
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["network", "code"], name="tag_unique_code")]


class Person(models.Model):
    """Every resident, with or without a login. Anyone can give and receive: there is no
    'vulnerable' flag, only needs, talents, dreams and what someone can take on."""

    class Contact(models.TextChoices):
        PHONE = "phone", _("Phone")
        EMAIL = "email", _("E-mail")
        POST = "post", _("Letter")
        VISIT = "visit", _("Home visit")
        DESK = "desk", _("At the desk")

    class Capacity(models.IntegerChoices):
        NONE = 0, _("Cannot take anything on now")
        LITTLE = 1, _("A little")
        SOME = 2, _("Some")
        MUCH = 3, _("A lot")

    class Slot(models.TextChoices):
        MON_AM = "mon_am", _("Monday morning")
        MON_PM = "mon_pm", _("Monday afternoon")
        TUE_AM = "tue_am", _("Tuesday morning")
        TUE_PM = "tue_pm", _("Tuesday afternoon")
        WED_AM = "wed_am", _("Wednesday morning")
        WED_PM = "wed_pm", _("Wednesday afternoon")
        THU_AM = "thu_am", _("Thursday morning")
        THU_PM = "thu_pm", _("Thursday afternoon")
        FRI_AM = "fri_am", _("Friday morning")
        FRI_PM = "fri_pm", _("Friday afternoon")
        SAT = "sat", pgettext_lazy("weekday label", "Saturday")
        SUN = "sun", pgettext_lazy("weekday label", "Sunday")
        EVENING = "evening", _("Evenings")

    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="persons")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="persons"
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    languages = models.ManyToManyField(Language, blank=True, verbose_name=_("languages"))
    contact_preferences = models.JSONField(_("how to reach"), default=list, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    street = models.CharField(_("street"), max_length=150, blank=True)
    house_number = models.CharField(_("number"), max_length=20, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    area = models.ForeignKey(
        "networks.Area",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="persons",
        verbose_name=_("area"),
    )
    lives_alone = models.BooleanField(_("lives alone"), null=True, blank=True)
    household_size = models.PositiveSmallIntegerField(_("household size"), null=True, blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("what they can take on (draagkracht)"), choices=Capacity.choices, null=True, blank=True
    )
    capacity_note = models.CharField(_("about their capacity"), max_length=300, blank=True)
    availability = models.JSONField(_("availability"), default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)
    # Set when this record was merged into another (people.merge): its old id leads to the survivor.
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_from", editable=False
    )
    # Phonetic name key for the duplicate check (people.namekey), kept in step with the names on save.
    name_key = models.CharField(max_length=40, blank=True, editable=False)

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [
            models.Index(fields=["network", "last_name", "first_name"]),
            models.Index(fields=["network", "name_key"], name="person_name_key"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "user"], condition=models.Q(user__isnull=False), name="one_person_per_user"
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        self.name_key = name_key(self.first_name, self.last_name)
        fields = kwargs.get("update_fields")
        if fields is not None and {"first_name", "last_name"} & set(fields):
            kwargs["update_fields"] = {*fields, "name_key"}
        super().save(*args, **kwargs)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def address(self) -> str:
        line = f"{self.street} {self.house_number}".strip()
        place = f"{self.postcode} {self.municipality}".strip()
        return ", ".join(p for p in (line, place) if p)

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class PersonTag(models.Model):
    class Kind(models.TextChoices):
        TALENT = "talent", _("Talent")
        NEED = "need", _("Need")
        DREAM = "dream", _("Dream")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="tags")
    tag = models.ForeignKey(Tag, on_delete=models.PROTECT, related_name="uses")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    note = models.CharField(_("in their own words"), max_length=300, blank=True)

    class Meta:
        ordering = ["kind", "tag__code"]
        constraints = [models.UniqueConstraint(fields=["person", "tag", "kind"], name="persontag_unique")]


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    PROFESSIONAL = "professional", _("Neighbourhood professional")
    VOLUNTEER = "volunteer", _("Volunteer")
    PARTNER = "partner", _("Partner staff")
    POLICY = "policy", _("Policy viewer")
    RESIDENT = "resident", _("Resident")


class VolunteerKind(TranslatedNameMixin, models.Model):
    """Configurable, translatable kinds of community role (buurtambassadeur, talentenscout, buddy...)."""

    network = models.ForeignKey(
        "networks.Network", null=True, blank=True, on_delete=models.CASCADE, related_name="volunteer_kinds"
    )
    code = models.SlugField(max_length=60)
    name_nl = models.CharField(max_length=120)
    name_fr = models.CharField(max_length=120, blank=True)
    name_en = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["network", "code"], name="volunteerkind_unique")]


class RoleAssignment(models.Model):
    """A role a person holds in a network, optionally limited to one area. One person may hold several."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    area = models.ForeignKey(
        "networks.Area",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="role_assignments",
        help_text=_("Empty: the whole network."),
    )
    volunteer_kind = models.ForeignKey(VolunteerKind, null=True, blank=True, on_delete=models.PROTECT)
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.CASCADE, related_name="staff"
    )
    may_assist = models.BooleanField(
        _("may act on behalf of residents"),
        default=False,
        help_text=_("For volunteers at a desk or on visits. Professionals and coordinators always may."),
    )
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["person", "role"]
        indexes = [models.Index(fields=["role", "active"])]

    def __str__(self) -> str:
        label = self.get_role_display()
        if self.volunteer_kind_id:
            label = f"{label} ({self.volunteer_kind})"
        if self.area_id:
            label = f"{label}, {self.area}"
        return str(label)


class Consent(models.Model):
    """One recorded consent decision. Rows are never changed: the newest row per
    (person, purpose, organisation) is the current state, so withdrawal is a new row."""

    class Purpose(models.TextChoices):
        CONTACT = "contact", _("Being contacted")
        SHARE = "share", _("Sharing with a partner organisation")
        STATISTICS = "statistics", _("Inclusion in statistics")
        PHOTOS = "photos", _("Photos")

    class Channel(models.TextChoices):
        SPOKEN = "spoken", _("Spoken")
        PAPER = "paper", _("On paper")
        ONLINE = "online", _("Online")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        verbose_name=_("partner organisation"),
    )
    granted = models.BooleanField(_("given"))
    channel = models.CharField(_("how"), max_length=10, choices=Channel.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    on_behalf = models.BooleanField(default=False)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-recorded_at", "-id"]
        indexes = [models.Index(fields=["person", "purpose", "-recorded_at"])]
