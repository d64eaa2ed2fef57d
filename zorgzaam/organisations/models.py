from django.db import models
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    """A partner organisation of a network (home care, CAW, OCMW, GP practice, mutualiteit, vzw...).

    The social map (services, HSDS) builds on this; partner staff are linked to one through their role.
    """

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality / OCMW")
        LDC = "ldc", _("Local service centre")
        HOME_CARE = "home_care", _("Home care")
        WELFARE = "welfare", _("Welfare organisation (CAW...)")
        HEALTH = "health", _("Health care (GP practice...)")
        MUTUALITY = "mutuality", _("Health insurance fund")
        ASSOCIATION = "association", _("Association / vzw")
        BUSINESS = "business", _("Local business")
        OTHER = "other", _("Other")

    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="organisations")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    description = models.TextField(_("description"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    address = models.CharField(_("address"), max_length=250, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        unique_together = [("network", "name")]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name
