"""The social map: organisations' services, mappable to Open Referral HSDS 3.

HSDS mapping (see docs/guide/social-map.md): organisations.Organisation + OrganisationProfile =
organization; Service = service (+ its own location and phone); ServiceSchedule = schedule;
Service.areas = service_area; Service.languages = language; Category/TargetGroup = taxonomy_term.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zorgzaam.core.i18n import TranslatedNameMixin


class Category(TranslatedNameMixin, models.Model):
    """What a service helps with (configurable, translatable, one level of nesting)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name_nl = models.CharField(_("name (Dutch)"), max_length=120)
    name_fr = models.CharField(_("name (French)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")


class TargetGroup(TranslatedNameMixin, models.Model):
    """Who a service is meant for (translatable taxonomy)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name_nl = models.CharField(_("name (Dutch)"), max_length=120)
    name_fr = models.CharField(_("name (French)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")


class OrganisationProfile(models.Model):
    """Social-map data we keep about a foundation Organisation (its stable HSDS id)."""

    organisation = models.OneToOneField(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="socialmap_profile"
    )
    hsds_id = models.UUIDField(_("Open Referral id"), default=uuid.uuid4, db_index=True)
    # What an imported HSDS record said that Zorgzaam does not model; published again on export.
    hsds_extra = models.JSONField(default=dict, blank=True)

    def __str__(self) -> str:
        return str(self.organisation)


class Service(models.Model):
    """A service offered by an organisation: the unit of the social map and of a warm referral
    (Open Referral HSDS 'service')."""

    class Cost(models.TextChoices):
        FREE = "free", _("Free")
        CONTRIBUTION = "contribution", _("Small contribution")
        PRICE = "price", _("Paid")

    # Accessibility flags: field name -> label. Booleans keep filtering portable and cheap.
    ACCESSIBILITY = {
        "wheelchair_accessible": _("Wheelchair accessible"),
        "hearing_loop": _("Hearing loop"),
        "home_visits": _("Home visits possible"),
        "phone_only": _("By phone only"),
        "easy_read": _("Easy-read information"),
    }

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="services"
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    accepts_referrals = models.BooleanField(_("accepts warm referrals"), default=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    hsds_id = models.UUIDField(_("Open Referral id"), default=uuid.uuid4, db_index=True)
    # What an imported HSDS record said that Zorgzaam does not model; published again on export.
    hsds_extra = models.JSONField(default=dict, blank=True)
    website = models.URLField(_("website"), blank=True)
    categories = models.ManyToManyField(Category, blank=True, verbose_name=_("categories"))
    target_groups = models.ManyToManyField(TargetGroup, blank=True, verbose_name=_("target groups"))
    areas = models.ManyToManyField(
        "networks.Area",
        blank=True,
        verbose_name=_("areas served"),
        help_text=_("Leave empty when the service is for the whole network."),
    )
    languages = models.ManyToManyField("people.Language", blank=True, verbose_name=_("languages"))
    cost = models.CharField(_("cost"), max_length=20, choices=Cost.choices, default=Cost.FREE)
    cost_note = models.CharField(_("price or contribution"), max_length=200, blank=True)
    hours_note = models.CharField(_("note on opening hours"), max_length=300, blank=True)
    address = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("municipality"), max_length=100, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    wheelchair_accessible = models.BooleanField(_("Wheelchair accessible"), default=False)
    hearing_loop = models.BooleanField(_("Hearing loop"), default=False)
    home_visits = models.BooleanField(_("Home visits possible"), default=False)
    phone_only = models.BooleanField(_("By phone only"), default=False)
    easy_read = models.BooleanField(_("Easy-read information"), default=False)
    last_verified_at = models.DateTimeField(_("last checked"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["organisation__name", "name"]
        verbose_name = _("service")
        verbose_name_plural = _("services")

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation.name})"

    def accessibility_labels(self) -> list:
        return [label for field, label in self.ACCESSIBILITY.items() if getattr(self, field)]


class ServiceSchedule(models.Model):
    """Regular opening hours (HSDS 'schedule' with freq=WEEKLY, byday, opens_at, closes_at)."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, pgettext_lazy("weekday label", "Monday")
        TUESDAY = 1, pgettext_lazy("weekday label", "Tuesday")
        WEDNESDAY = 2, pgettext_lazy("weekday label", "Wednesday")
        THURSDAY = 3, pgettext_lazy("weekday label", "Thursday")
        FRIDAY = 4, pgettext_lazy("weekday label", "Friday")
        SATURDAY = 5, pgettext_lazy("weekday label", "Saturday")
        SUNDAY = 6, pgettext_lazy("weekday label", "Sunday")

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="schedules")
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    opens_at = models.TimeField(_("opens at"))
    closes_at = models.TimeField(_("closes at"))

    class Meta:
        ordering = ["weekday", "opens_at"]
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")


class EditorClaim(models.Model):
    """A request by a staff member to keep an organisation's entry up to date; a coordinator decides."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a decision")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Declined")

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="editor_claims"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    motivation = models.CharField(_("why you ask"), max_length=300, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]


class OutdatedReport(models.Model):
    """Someone noticed that an entry is wrong or out of date."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="reports")
    what_is_wrong = models.TextField(_("what is wrong"), max_length=1000)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
