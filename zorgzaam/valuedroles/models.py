from django.db import models
from django.utils.translation import gettext_lazy as _


class ValuedRole(models.Model):
    """A socially valued role or task the network offers (VVSG function 5). Anyone can hold one:
    the fit is about talents and what someone can take on, never about a label."""

    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="valued_roles")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    talents = models.ManyToManyField(
        "people.Tag", blank=True, related_name="valued_roles", verbose_name=_("talents")
    )
    # Codes of the day-activity components (buurtgericht ondernemen, seed 000): see services.COMPONENTS.
    components = models.JSONField(_("day-activity components"), default=list, blank=True)
    required_capacity = models.PositiveSmallIntegerField(_("what it asks (draagkracht)"), default=1)
    hours_per_week = models.DecimalField(_("hours per week"), max_digits=4, decimal_places=1, default=2)
    place = models.CharField(_("place"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        verbose_name=_("organisation"),
    )
    area = models.ForeignKey(
        "networks.Area",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        verbose_name=_("area"),
        help_text=_("Empty: the whole network."),
    )
    availability = models.JSONField(_("when"), default=list, blank=True)
    active = models.BooleanField(_("open"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("valued role")

    def __str__(self) -> str:
        return self.title


class RoleHolding(models.Model):
    role = models.ForeignKey(ValuedRole, on_delete=models.CASCADE, related_name="holdings")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="role_holdings")
    start_on = models.DateField(_("start"))
    end_on = models.DateField(_("end"), null=True, blank=True)
    review_on = models.DateField(_("review date"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["-start_on", "-id"]
        verbose_name = _("role held")
