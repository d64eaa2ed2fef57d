from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def _require_2fa_default() -> bool:
    # New networks follow the installation (on in production settings).
    return bool(getattr(settings, "ZORGZAAM_REQUIRE_2FA", False))


class Network(models.Model):
    """One caring-neighbourhood organisation (a municipality, an LDC, a partnership).

    Everything personal belongs to exactly one network; data never crosses networks.
    """

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)
    municipality = models.CharField(_("municipality"), max_length=120, blank=True)
    nis_code = models.CharField(_("NIS code"), max_length=5, blank=True)
    k_anonymity = models.PositiveSmallIntegerField(
        _("smallest group shown in statistics"),
        default=5,
        help_text=_("Counts below this number are hidden in every aggregate."),
    )
    retention_months = models.PositiveSmallIntegerField(
        _("erase residents after this many months without contact"),
        null=True,
        blank=True,
        help_text=_("Empty: never automatically. Residents with a role, a login or anything open are kept."),
    )
    require_2fa_coordinators = models.BooleanField(
        _("require two-step login for coordinators"),
        default=_require_2fa_default,
        help_text=_("Coordinators must use a code from their phone as well as their password."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("network")
        verbose_name_plural = _("networks")

    def __str__(self) -> str:
        return self.name


class Area(models.Model):
    """A neighbourhood inside a network. Sectors are attached by the analysis app."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="areas")
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=80)
    description = models.TextField(_("description"), blank=True)
    boundary = models.JSONField(
        _("boundary (GeoJSON, WGS84)"),
        null=True,
        blank=True,
        help_text=_("A GeoJSON Polygon or MultiPolygon in longitude/latitude."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["network", "name"]
        unique_together = [("network", "slug")]
        verbose_name = _("area")
        verbose_name_plural = _("areas")

    def __str__(self) -> str:
        return self.name
